/* ops-sms-sender.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One SMS at a time, oldest first, everything on the store in the main
 * context; only the HTTP exchange runs elsewhere.  A row is marked
 * "sending" before its request: one found in that state at start was in
 * doubt when the console stopped and goes again with the same
 * Idempotency-Key, which the hub answers without sending twice.  Twilio
 * itself has no such key: sent straight to Twilio, a message in doubt
 * may be sent twice.
 */

#define G_LOG_DOMAIN "ops-sms-sender"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ops-conversation.h"
#include "ops-http.h"
#include "ops-outbox.h"
#include "ops-sms-sender.h"
#include "ops-twilio-client.h"

#define DEFAULT_STEP_MS 800
#define DEFAULT_RETRY_BASE_MS 2000
#define DEFAULT_RETRY_MAX_MS (5 * 60 * 1000)
#define HUB_TIMEOUT_SECONDS 30
/* Twilio's code for a number it cannot text. */
#define TWILIO_INVALID_NUMBER 21211
#define TWILIO_INVALID_MESSAGE 21602

struct _OpsSmsSender
{
  GObject          parent_instance;

  OpsStore        *store;
  OpsEventBus     *bus;
  OpsConfig       *config;
  gboolean         demo;

  guint            step_ms;
  OpsRetryPolicy   retry;

  /* Live: the hub when configured, else Twilio. */
  char            *hub_url;         /* without a trailing '/' */
  char            *hub_token;
  SoupSession     *session;
  OpsTwilioClient *twilio;

  gboolean         running;
  gboolean         busy;            /* a row is being delivered */
  guint            retry_id;        /* back-off before the next attempt */
  guint            pump_id;
  guint            failures;        /* transient failures in a row */
  GCancellable    *cancellable;
  GHashTable      *timers;          /* source id -> Step (demo) */
};

G_DEFINE_FINAL_TYPE (OpsSmsSender, ops_sms_sender, G_TYPE_OBJECT)

/* One message on its way. */
typedef struct
{
  OpsSmsSender *self;
  gint64        id;                 /* the outbox row */
  char         *key;
  char         *message;
  char         *to;
  char         *body;
  char         *customer;
  char         *ticket;
  char         *provider_id;        /* demo */
  guint         timer;              /* demo */
} Delivery;

static void pump (OpsSmsSender *self);

/*
 * Auxiliary methods
 */

static void
delivery_free (Delivery *delivery)
{
  g_clear_object (&delivery->self);
  g_free (delivery->key);
  g_free (delivery->message);
  g_free (delivery->to);
  g_free (delivery->body);
  g_free (delivery->customer);
  g_free (delivery->ticket);
  g_free (delivery->provider_id);
  g_free (delivery);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Delivery, delivery_free)

static char *
payload_string (JsonObject *payload,
                const char *member)
{
  JsonNode *node = payload ? json_object_get_member (payload, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  if (*json_node_get_string (node) == '\0')
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static Delivery *
delivery_new (OpsSmsSender   *self,
              OpsOutboxEntry *entry)
{
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->self = g_object_ref (self);
  delivery->id = entry->id;
  delivery->key = g_strdup (entry->idempotency_key);
  delivery->message = payload_string (entry->payload, "message");
  if (delivery->message == NULL)
    delivery->message = g_strdup (entry->docname);
  delivery->to = payload_string (entry->payload, "to");
  delivery->body = payload_string (entry->payload, "body");
  delivery->customer = payload_string (entry->payload, "customer");
  delivery->ticket = payload_string (entry->payload, "ticket");
  return delivery;
}

static void
publish (OpsSmsSender *self,
         Delivery     *delivery,
         const char   *status,
         const char   *provider_id,
         int           error_code)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;

#define MEMBER(key, value) \
  G_STMT_START { json_builder_set_member_name (builder, key); \
                 if ((value) != NULL) json_builder_add_string_value (builder, value); \
                 else json_builder_add_null_value (builder); } G_STMT_END
  json_builder_begin_object (builder);
  MEMBER ("type", "sms-status");
  MEMBER ("message", delivery->message);
  MEMBER ("status", status);
  json_builder_set_member_name (builder, "error_code");
  if (error_code != 0)
    json_builder_add_int_value (builder, error_code);
  else
    json_builder_add_null_value (builder);
  MEMBER ("customer", delivery->customer);
  MEMBER ("ticket", delivery->ticket);
  MEMBER ("provider_id", provider_id);
  json_builder_end_object (builder);
#undef MEMBER
  data = json_builder_get_root (builder);

  ops_event_bus_publish (self->bus, "conversations", data);
  if (delivery->customer != NULL)
    {
      g_autofree char *topic = g_strconcat ("customer:", delivery->customer, NULL);

      ops_event_bus_publish (self->bus, topic, data);
    }
}

static void
set_status (OpsSmsSender *self,
            Delivery     *delivery,
            const char   *status,
            const char   *provider_id,
            int           error_code)
{
  g_autoptr(GError) error = NULL;

  if (!ops_store_set_sms_status (self->store, delivery->message, status, provider_id, error_code, &error))
    g_warning ("The status of SMS %s could not be recorded: %s", delivery->message, error->message);
  publish (self, delivery, status, provider_id, error_code);
}

static void
publish_outbox (OpsSmsSender *self)
{
  ops_event_bus_publish (self->bus, "outbox", NULL);
}

static void
mark_done (OpsSmsSender *self,
           Delivery     *delivery)
{
  g_autoptr(GError) error = NULL;

  if (!ops_outbox_mark_done (self->store, delivery->id, &error))
    g_warning ("Outbox row %" G_GINT64_FORMAT " could not be closed: %s", delivery->id, error->message);
  publish_outbox (self);
}

/* The number or the text was refused: a person has to act. */
static void
refuse (OpsSmsSender *self,
        Delivery     *delivery,
        int           code,
        const char   *message)
{
  g_autoptr(GError) error = NULL;

  g_debug ("SMS %s refused (%d): %s", delivery->message, code, message);
  set_status (self, delivery, "failed", NULL, code);
  if (!ops_outbox_mark_failed (self->store, delivery->id, message, &error))
    g_warning ("Outbox row %" G_GINT64_FORMAT " could not be marked failed: %s", delivery->id, error->message);
  publish_outbox (self);
}

static gboolean
on_retry_cb (gpointer user_data)
{
  OpsSmsSender *self = user_data;

  self->retry_id = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

/* Could not tell: back to pending, try again later. */
static void
retry_later (OpsSmsSender *self,
             Delivery     *delivery,
             const char   *message,
             gint64        retry_after_ms)
{
  g_autoptr(GError) error = NULL;
  guint delay;

  self->failures++;
  delay = ops_retry_policy_delay_ms (&self->retry, self->failures, retry_after_ms, g_random_double ());
  g_debug ("SMS %s not sent (%s): again in %u ms", delivery->message, message, delay);
  if (!ops_outbox_mark_retry (self->store, delivery->id, message, &error))
    g_warning ("Outbox row %" G_GINT64_FORMAT " could not be put back: %s", delivery->id, error->message);
  publish_outbox (self);
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->running)
    self->retry_id = g_timeout_add (MAX (delay, 1), on_retry_cb, self);
}

/* The row is settled (or waits): the next one. */
static void
next (OpsSmsSender *self)
{
  self->busy = FALSE;
  if (self->retry_id == 0)
    pump (self);
}

/*
 * Demo
 */

static gboolean
on_delivered_cb (gpointer user_data)
{
  Delivery *delivery = user_data;
  OpsSmsSender *self = delivery->self;

  set_status (self, delivery, "delivered", delivery->provider_id, 0);
  g_hash_table_remove (self->timers, GUINT_TO_POINTER (delivery->timer));
  return G_SOURCE_REMOVE;
}

static gboolean
on_simulated_sent_cb (gpointer user_data)
{
  Delivery *delivery = user_data;
  OpsSmsSender *self = g_object_ref (delivery->self);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autoptr(GString) sid = g_string_new ("SMsimulated");
  Delivery *later;

  for (const char *p = uuid; *p != '\0' && sid->len < 34; p++)
    if (*p != '-')
      g_string_append_c (sid, *p);
  delivery->provider_id = g_string_free (g_steal_pointer (&sid), FALSE);

  set_status (self, delivery, "sent", delivery->provider_id, 0);
  mark_done (self, delivery);

  /* The same delivery lives on for the "delivered" step. */
  later = delivery;
  g_hash_table_steal (self->timers, GUINT_TO_POINTER (delivery->timer));
  later->timer = g_timeout_add (self->step_ms, on_delivered_cb, later);
  g_hash_table_insert (self->timers, GUINT_TO_POINTER (later->timer), later);

  next (self);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

static void
simulate (OpsSmsSender *self,
          Delivery     *delivery)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  if (!(number = ops_twilio_normalize_phone (delivery->to ? delivery->to : "", &error)))
    {
      refuse (self, delivery, TWILIO_INVALID_NUMBER, error->message);
      delivery_free (delivery);
      next (self);
      return;
    }

  set_status (self, delivery, "queued", NULL, 0);
  delivery->timer = g_timeout_add (self->step_ms, on_simulated_sent_cb, delivery);
  g_hash_table_insert (self->timers, GUINT_TO_POINTER (delivery->timer), delivery);
}

/*
 * Through the hub
 */

/* 200 {sid, status, …}; 409 {"error": "duplicate"}: sent before, before
 * the hub restarted; 400 a refusal; anything else, later. */
static void
on_hub_answer_cb (GObject      *source_object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Delivery) delivery = user_data;
  OpsSmsSender *self = delivery->self;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object = NULL;
  const char *code = NULL;
  const char *text = NULL;

  response = ops_http_send_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* Stopped: the row stays in doubt and goes again with its key. */
      next (self);
      return;
    }
  if (response == NULL)
    {
      retry_later (self, delivery, error->message, -1);
      next (self);
      return;
    }

  node = ops_http_response_parse_json (response, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      object = json_node_get_object (node);
      code = json_object_get_string_member_with_default (object, "error", NULL);
      text = json_object_get_string_member_with_default (object, "message", NULL);
    }

  if (response->status == SOUP_STATUS_OK && object != NULL)
    {
      const char *sid = json_object_get_string_member_with_default (object, "sid", NULL);
      const char *status = json_object_get_string_member_with_default (object, "status", NULL);

      self->failures = 0;
      set_status (self, delivery, status ? status : "sent", sid, 0);
      mark_done (self, delivery);
    }
  else if (response->status == SOUP_STATUS_CONFLICT && g_strcmp0 (code, "duplicate") == 0)
    {
      /* The hub sent it before it restarted; its own record has it. */
      self->failures = 0;
      set_status (self, delivery, "sent", NULL, 0);
      mark_done (self, delivery);
    }
  else if (response->status == SOUP_STATUS_BAD_REQUEST)
    {
      gint64 twilio_code = object ? json_object_get_int_member_with_default (object, "twilio_code", 0) : 0;
      g_autofree char *message = NULL;

      if (twilio_code == 0)
        twilio_code = g_strcmp0 (code, "invalid_number") == 0 ? TWILIO_INVALID_NUMBER
                      : g_strcmp0 (code, "invalid_message") == 0 ? TWILIO_INVALID_MESSAGE : 0;
      message = g_strdup (text ? text : _("The hub refused the SMS."));
      self->failures = 0;
      refuse (self, delivery, (int)twilio_code, message);
    }
  else
    {
      const char *value = soup_message_headers_get_one (response->headers, "Retry-After");
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
      g_autofree char *message = NULL;

      message = text ? g_strdup (text)
                     : g_strdup_printf (_("The hub answered HTTP %u; the SMS will be sent again."), response->status);
      retry_later (self, delivery, message, value ? ops_http_parse_retry_after (value, now) : -1);
    }
  next (self);
}

static void
send_hub (OpsSmsSender *self,
          Delivery     *delivery)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *url = g_strconcat (self->hub_url, "/send/sms", NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", self->hub_token, NULL);
  OpsRetryPolicy once;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, delivery->to ? delivery->to : "");
  json_builder_set_member_name (builder, "body");
  json_builder_add_string_value (builder, delivery->body ? delivery->body : "");
  if (delivery->customer != NULL)
    {
      json_builder_set_member_name (builder, "customer");
      json_builder_add_string_value (builder, delivery->customer);
    }
  if (delivery->ticket != NULL)
    {
      json_builder_set_member_name (builder, "ticket");
      json_builder_add_string_value (builder, delivery->ticket);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request = ops_http_request_new ("POST", url);
  ops_http_request_set_header (request, "Authorization", bearer);
  if (delivery->key != NULL)
    ops_http_request_set_header (request, "Idempotency-Key", delivery->key);
  ops_http_request_set_json_body (request, body);
  ops_http_request_set_max_body (request, 64 * 1024);
  /* The back-off is ours, between rows, not inside one request. */
  ops_retry_policy_init_default (&once);
  once.max_attempts = 1;
  ops_http_request_set_retry (request, &once);

  ops_http_send_async (self->session, request, self->cancellable, on_hub_answer_cb, delivery);
}

/*
 * Straight to Twilio
 */

static void
on_twilio_answer_cb (GObject      *source_object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(Delivery) delivery = user_data;
  OpsSmsSender *self = delivery->self;
  g_autoptr(OpsTwilioMessage) sent = NULL;
  g_autoptr(GError) error = NULL;

  sent = ops_twilio_client_send_sms_finish (OPS_TWILIO_CLIENT (source_object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      next (self);
      return;
    }

  if (sent != NULL)
    {
      self->failures = 0;
      set_status (self, delivery, sent->status ? sent->status : "queued", sent->sid, 0);
      mark_done (self, delivery);
    }
  else if (error->domain == OPS_TWILIO_ERROR &&
           (error->code == OPS_TWILIO_ERROR_INVALID_NUMBER || error->code == OPS_TWILIO_ERROR_UNSUBSCRIBED ||
            error->code == OPS_TWILIO_ERROR_REGION_NOT_ENABLED ||
            error->code == OPS_TWILIO_ERROR_INVALID_MESSAGE || error->code == OPS_TWILIO_ERROR_FAILED))
    {
      int code = ops_twilio_error_get_twilio_code (error);

      if (code == 0 && error->code == OPS_TWILIO_ERROR_INVALID_NUMBER)
        code = TWILIO_INVALID_NUMBER;
      else if (code == 0 && error->code == OPS_TWILIO_ERROR_INVALID_MESSAGE)
        code = TWILIO_INVALID_MESSAGE;
      self->failures = 0;
      refuse (self, delivery, code, error->message);
    }
  else
    retry_later (self, delivery, error->message, -1);
  next (self);
}

/*
 * The queue
 */

static void
pump (OpsSmsSender *self)
{
  g_autoptr(OpsOutboxEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  Delivery *delivery;

  if (!self->running || self->busy || self->retry_id != 0 || !ops_sms_sender_can_send (self))
    return;

  entry = ops_outbox_next_for_doctype (self->store, OPS_SMS_DOCTYPE, &error);
  if (entry == NULL)
    {
      if (error != NULL)
        g_warning ("The SMS queue could not be read: %s", error->message);
      return;
    }

  if (!ops_outbox_mark_sending (self->store, entry->id, &error))
    {
      g_warning ("Outbox row %" G_GINT64_FORMAT " could not be taken: %s", entry->id, error->message);
      return;
    }

  delivery = delivery_new (self, entry);
  self->busy = TRUE;
  g_debug ("Sending SMS %s (row %" G_GINT64_FORMAT ", attempt %u)", delivery->message, entry->id,
           entry->attempts + 1);

  if (delivery->message == NULL)
    {
      if (!ops_outbox_mark_failed (self->store, entry->id, _("The queued SMS names no message."), &error))
        g_warning ("%s", error->message);
      delivery_free (delivery);
      next (self);
      return;
    }

  if (delivery->body == NULL)
    {
      refuse (self, delivery, TWILIO_INVALID_MESSAGE, _("The message is empty. Write the text and send it again."));
      delivery_free (delivery);
      next (self);
      return;
    }

  if (self->demo)
    simulate (self, delivery);
  else if (self->hub_url != NULL)
    send_hub (self, delivery);
  else
    ops_twilio_client_send_sms_async (self->twilio, delivery->to ? delivery->to : "", delivery->body,
                                      self->cancellable, on_twilio_answer_cb, delivery);
}

static gboolean
on_pump_cb (gpointer user_data)
{
  OpsSmsSender *self = user_data;

  self->pump_id = 0;
  pump (self);
  return G_SOURCE_REMOVE;
}

/*
 * GObject
 */

static void
ops_sms_sender_dispose (GObject *object)
{
  OpsSmsSender *self = OPS_SMS_SENDER (object);

  ops_sms_sender_stop (self);

  G_OBJECT_CLASS (ops_sms_sender_parent_class)->dispose (object);
}

static void
ops_sms_sender_finalize (GObject *object)
{
  OpsSmsSender *self = OPS_SMS_SENDER (object);

  g_clear_object (&self->store);
  g_clear_object (&self->bus);
  g_clear_object (&self->config);
  g_clear_object (&self->session);
  g_clear_object (&self->twilio);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->timers, g_hash_table_unref);
  g_free (self->hub_url);
  g_free (self->hub_token);

  G_OBJECT_CLASS (ops_sms_sender_parent_class)->finalize (object);
}

static void
ops_sms_sender_class_init (OpsSmsSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_sms_sender_dispose;
  object_class->finalize = ops_sms_sender_finalize;
}

static void
ops_sms_sender_init (OpsSmsSender *self)
{
  self->step_ms = DEFAULT_STEP_MS;
  self->retry.max_attempts = G_MAXUINT;
  self->retry.base_delay_ms = DEFAULT_RETRY_BASE_MS;
  self->retry.max_delay_ms = DEFAULT_RETRY_MAX_MS;
  self->timers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify)delivery_free);
}

/*
 * Public API
 */

OpsSmsSender *
ops_sms_sender_new (OpsStore    *store,
                    OpsEventBus *bus,
                    OpsConfig   *config,
                    gboolean     demo)
{
  OpsSmsSender *self;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (OPS_IS_EVENT_BUS (bus), NULL);
  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);

  self = g_object_new (OPS_TYPE_SMS_SENDER, NULL);
  self->store = g_object_ref (store);
  self->bus = g_object_ref (bus);
  self->config = g_object_ref (config);
  self->demo = demo;

  if (demo)
    return self;

  if (ops_config_has_service (config, "hub"))
    {
      g_autoptr(GError) error = NULL;
      const char *url = ops_config_get_string (config, "hub", "url");

      self->hub_url = g_strdup (url);
      while (g_str_has_suffix (self->hub_url, "/"))
        self->hub_url[strlen (self->hub_url) - 1] = '\0';
      self->hub_token = g_strdup (ops_config_get_string (config, "hub", "token"));
      self->session = ops_http_session_new (NULL, HUB_TIMEOUT_SECONDS, &error);
      if (self->session == NULL)
        {
          g_warning ("SMS cannot go through the hub: %s", error->message);
          g_clear_pointer (&self->hub_url, g_free);
        }
    }

  if (self->hub_url == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->twilio = ops_twilio_client_new_from_config (config, &error);
      if (self->twilio != NULL)
        {
          OpsRetryPolicy once;

          ops_retry_policy_init_default (&once);
          once.max_attempts = 1;
          ops_twilio_client_set_retry (self->twilio, &once);
        }
      else
        g_debug ("No way to send SMS: %s", error->message);
    }
  return self;
}

void
ops_sms_sender_set_timing (OpsSmsSender *self,
                           guint         simulate_step_ms,
                           guint         retry_base_ms,
                           guint         retry_max_ms)
{
  g_return_if_fail (OPS_IS_SMS_SENDER (self));

  self->step_ms = simulate_step_ms;
  self->retry.base_delay_ms = retry_base_ms;
  self->retry.max_delay_ms = MAX (retry_max_ms, retry_base_ms);
}

void
ops_sms_sender_start (OpsSmsSender *self)
{
  g_return_if_fail (OPS_IS_SMS_SENDER (self));

  if (self->running)
    return;
  self->running = TRUE;
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  pump (self);
}

void
ops_sms_sender_stop (OpsSmsSender *self)
{
  g_return_if_fail (OPS_IS_SMS_SENDER (self));

  self->running = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  g_clear_handle_id (&self->pump_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  /* Simulated steps still to come: the rows stay where they are. */
  if (self->timers != NULL && g_hash_table_size (self->timers) > 0)
    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, self->timers);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        g_source_remove (GPOINTER_TO_UINT (key));
      g_hash_table_remove_all (self->timers);
      /* A simulation in flight is abandoned with its row "sending". */
      if (self->demo)
        self->busy = FALSE;
    }
}

void
ops_sms_sender_wake (OpsSmsSender *self)
{
  g_return_if_fail (OPS_IS_SMS_SENDER (self));

  if (!self->running)
    return;
  /* Someone says the way is clear: no need to wait out the back-off. */
  if (self->retry_id != 0)
    {
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->failures = 0;
    }
  /* After the caller's own work (the row it queued is committed). */
  if (self->pump_id == 0)
    self->pump_id = g_idle_add (on_pump_cb, self);
}

gboolean
ops_sms_sender_can_send (OpsSmsSender *self)
{
  g_return_val_if_fail (OPS_IS_SMS_SENDER (self), FALSE);

  return self->demo || self->hub_url != NULL || self->twilio != NULL;
}
