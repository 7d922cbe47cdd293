/* ops-server-twilio.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The routes' object, how an SMS is recorded (the message row, its
 * Communication in the outbox, the bus events), and /send/sms: a send
 * waits on Twilio in a worker thread with its message paused; the store
 * is only used in the main context.  The webhooks are in
 * ops-server-twilio-webhooks.c.
 */

#define G_LOG_DOMAIN "ops-server-twilio"

#include "config.h"

#include <string.h>

#include "ops-outbox.h"
#include "ops-server-auth.h"
#include "ops-server-limits.h"
#include "ops-server-response.h"
#include "ops-server-twilio-private.h"
#include "ops-store-messages.h"

/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429
/* Status callbacks that arrive before their send is recorded: kept this
 * long, at most this many. */
#define EARLY_STATUS_SECONDS 600
#define EARLY_STATUS_MAX 1024
/* Wakes of the outbox worker: a burst of webhooks is one wake. */
#define OUTBOX_WAKE_MS 100
/* POST /send/sms answers kept per Idempotency-Key, and the claims'
 * provider in the store. */
#define SEND_ANSWER_SECONDS (24 * 60 * 60)
#define SEND_ANSWER_MAX 10000
#define SEND_PROVIDER "send-sms"
#define IDEMPOTENCY_KEY_MAX 255

typedef struct
{
  guint     status;
  JsonNode *body;
  gint64    expires;  /* monotonic, µs */
} SentAnswer;

typedef struct
{
  char   *status;
  int     error_code;
  gint64  seen;    /* monotonic, µs */
} EarlyStatus;

typedef struct
{
  OpsServerTwilio   *self;
  SoupServerMessage *msg;
  char              *to;          /* E.164 */
  char              *body;
  char              *customer;    /* may be NULL */
  char              *ticket;      /* may be NULL: the customer's open ticket */
  char              *key;         /* Idempotency-Key, may be NULL */
  char              *sender;      /* who sent it, for the record */
  OpsTwilioMessage  *sent;
  GError            *error;
} Send;

G_DEFINE_FINAL_TYPE (OpsServerTwilio, ops_server_twilio, G_TYPE_OBJECT)

/*
 * Auxiliary methods
 */

void
_ops_server_twilio_count (OpsServerTwilio *self,
                          const char      *outcome)
{
  if (self->metrics != NULL)
    ops_metrics_counter_inc (self->metrics, "ops_webhook_requests_total",
                             "provider", OPS_SERVER_TWILIO_PROVIDER, "outcome", outcome, NULL);
}

static void
method_not_allowed (SoupServerMessage *msg,
                    const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
  ops_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", message);
}

static char *
now_local_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
}

static char *
now_utc_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

/* Communication.content is HTML. */
static char *
text_to_html (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_auto(GStrv) lines = g_strsplit (escaped, "\n", -1);

  return g_strjoinv ("<br>", lines);
}

/* The ERPNext Communication of an SMS (apis.md §1.7): linked to the
 * customer's open ticket, else to the customer. */
static JsonObject *
communication_payload (const OpsServerTwilioSms *sms,
                       const char               *sent_at)
{
  JsonObject *payload = json_object_new ();
  g_autofree char *subject = NULL;
  g_autofree char *html = text_to_html (sms->content);
  gboolean received = g_str_equal (sms->direction, "Received");

  subject = g_strdup_printf (received ? "SMS from %s" : "SMS to %s", sms->phone);
  json_object_set_string_member (payload, "communication_type", "Communication");
  json_object_set_string_member (payload, "communication_medium", "SMS");
  json_object_set_string_member (payload, "sent_or_received", sms->direction);
  json_object_set_string_member (payload, "status", sms->customer || sms->ticket ? "Linked" : "Open");
  json_object_set_string_member (payload, "subject", subject);
  json_object_set_string_member (payload, "content", html);
  json_object_set_string_member (payload, "phone_no", sms->phone);
  json_object_set_string_member (payload, "sender", sms->sender);
  if (!received)
    json_object_set_string_member (payload, "recipients", sms->phone);
  json_object_set_string_member (payload, "communication_date", sent_at);

  if (sms->ticket != NULL)
    {
      json_object_set_string_member (payload, "reference_doctype", "Issue");
      json_object_set_string_member (payload, "reference_name", sms->ticket);
    }
  else if (sms->customer != NULL)
    {
      json_object_set_string_member (payload, "reference_doctype", "Customer");
      json_object_set_string_member (payload, "reference_name", sms->customer);
    }

  if (sms->customer != NULL)
    {
      JsonArray *links = json_array_new ();
      JsonObject *link = json_object_new ();

      json_object_set_string_member (link, "link_doctype", "Customer");
      json_object_set_string_member (link, "link_name", sms->customer);
      json_array_add_object_element (links, link);
      json_object_set_array_member (payload, "timeline_links", links);
    }
  return payload;
}

/* The message row and, on a live workspace, its Communication in the
 * outbox.  Call inside a transaction. */
gboolean
_ops_server_twilio_record_sms (OpsServerTwilio          *self,
                               const OpsServerTwilioSms *sms,
                               GError                  **error)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autofree char *sent_at = now_local_text ();
  g_autofree char *modified = now_utc_text ();

  json_object_set_string_member (record, "name", sms->name);
  json_object_set_string_member (record, "ticket", sms->ticket);
  json_object_set_string_member (record, "customer", sms->customer);
  json_object_set_string_member (record, "medium", "SMS");
  json_object_set_string_member (record, "direction", sms->direction);
  json_object_set_string_member (record, "sender", sms->sender);
  json_object_set_string_member (record, "content", sms->content);
  json_object_set_string_member (record, "sent_at", sent_at);
  json_object_set_string_member (record, "delivery_status", sms->status);
  if (sms->error_code != 0)
    json_object_set_int_member (record, "error_code", sms->error_code);
  else
    json_object_set_null_member (record, "error_code");
  json_object_set_string_member (record, "provider_id", sms->provider_id);
  json_object_set_string_member (record, "modified", modified);

  if (!ops_store_upsert (self->store, "messages", record, error))
    return FALSE;

  /* The demo workspace keeps its changes local. */
  if (!self->demo)
    {
      g_autoptr(JsonObject) payload = communication_payload (sms, sent_at);
      g_autofree char *summary = g_strdup_printf (g_str_equal (sms->direction, "Received") ? "SMS from %s"
                                                                                           : "SMS to %s",
                                                  sms->phone);

      /* A console's send carries its Idempotency-Key: as the Communication's
       * message_id it lets that console match the synced Communication to
       * the message it queued, instead of showing the SMS twice. */
      if (sms->message_key != NULL)
        {
          if (ops_outbox_enqueue_with_key (self->store, "Communication", sms->name, OPS_OUTBOX_INSERT, payload,
                                           "message_id", sms->message_key, summary, error) == 0)
            return FALSE;
        }
      else if (ops_outbox_enqueue (self->store, "Communication", sms->name, OPS_OUTBOX_INSERT, payload,
                                   "message_id", summary, error) == 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
on_wake_cb (gpointer user_data)
{
  OpsServerTwilio *self = user_data;

  self->wake_id = 0;
  self->last_wake = g_get_monotonic_time ();
  ops_service_layer_wake_outbox (self->services);
  return G_SOURCE_REMOVE;
}

void
_ops_server_twilio_wake_outbox (OpsServerTwilio *self)
{
  gint64 since = g_get_monotonic_time () - self->last_wake;
  OpsConnectionState state = ops_service_layer_get_state (self->services);

  /* A worker backing off from an unreachable or refusing ERPNext keeps
   * its own schedule: waking it would only hammer ERPNext. */
  if (self->demo || self->wake_id != 0 ||
      state == OPS_CONNECTION_OFFLINE || state == OPS_CONNECTION_AUTH_FAILED)
    return;
  if (since >= OUTBOX_WAKE_MS * G_TIME_SPAN_MILLISECOND)
    on_wake_cb (self);
  else
    self->wake_id = g_timeout_add ((guint)(OUTBOX_WAKE_MS - since / G_TIME_SPAN_MILLISECOND), on_wake_cb, self);
}

void
_ops_server_twilio_publish (OpsServerTwilio *self,
                            const char      *customer,
                            JsonNode        *data)
{
  g_autofree char *topic = NULL;

  ops_event_bus_publish (self->bus, "conversations", data);
  if (customer != NULL)
    {
      topic = g_strconcat ("customer:", customer, NULL);
      ops_event_bus_publish (self->bus, topic, data);
    }
}

JsonNode *
_ops_server_twilio_sms_event (const char               *type,
                              const OpsServerTwilioSms *sms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

#define MEMBER(key, value) \
  G_STMT_START { json_builder_set_member_name (builder, key); \
                 if ((value) != NULL) json_builder_add_string_value (builder, value); \
                 else json_builder_add_null_value (builder); } G_STMT_END
  json_builder_begin_object (builder);
  MEMBER ("type", type);
  MEMBER ("name", sms->name);
  MEMBER ("direction", sms->direction);
  MEMBER ("medium", "SMS");
  MEMBER ("customer", sms->customer);
  MEMBER ("ticket", sms->ticket);
  MEMBER ("phone", sms->phone);
  MEMBER ("content", sms->content);
  MEMBER ("status", sms->status);
  MEMBER ("sid", sms->provider_id);
  if (sms->error_code != 0)
    {
      json_builder_set_member_name (builder, "error_code");
      json_builder_add_int_value (builder, sms->error_code);
    }
  json_builder_end_object (builder);
#undef MEMBER

  return json_builder_get_root (builder);
}

static void
early_status_free (gpointer data)
{
  EarlyStatus *early = data;

  g_free (early->status);
  g_free (early);
}

/* A status callback for a message whose send is not recorded yet. */
void
_ops_server_twilio_remember_early (OpsServerTwilio *self,
                                   const char      *sid,
                                   const char      *status,
                                   int              error_code)
{
  EarlyStatus *known = g_hash_table_lookup (self->early, sid);
  gint64 now = g_get_monotonic_time ();
  EarlyStatus *early;

  if (known != NULL && ops_message_status_rank (known->status) >= ops_message_status_rank (status))
    return;

  if (g_hash_table_size (self->early) >= EARLY_STATUS_MAX)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->early);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (now - ((EarlyStatus *)value)->seen > EARLY_STATUS_SECONDS * G_USEC_PER_SEC)
          g_hash_table_iter_remove (&iter);
      if (g_hash_table_size (self->early) >= EARLY_STATUS_MAX)
        g_hash_table_remove_all (self->early);
    }

  early = g_new0 (EarlyStatus, 1);
  early->status = g_strdup (status);
  early->error_code = error_code;
  early->seen = now;
  g_hash_table_replace (self->early, g_strdup (sid), early);
}

/*
 * Sending
 */

static void
sent_answer_free (gpointer data)
{
  SentAnswer *answer = data;

  json_node_unref (answer->body);
  g_free (answer);
}

/* A final answer to a send with an Idempotency-Key, for its repeats. */
static void
remember_answer (OpsServerTwilio *self,
                 const char      *key,
                 guint            status,
                 JsonNode        *body)
{
  SentAnswer *answer;
  gint64 now = g_get_monotonic_time ();

  if (key == NULL)
    return;
  if (g_hash_table_size (self->answers) >= SEND_ANSWER_MAX)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->answers);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((SentAnswer *)value)->expires <= now)
          g_hash_table_iter_remove (&iter);
      if (g_hash_table_size (self->answers) >= SEND_ANSWER_MAX)
        g_hash_table_remove_all (self->answers);
    }
  answer = g_new0 (SentAnswer, 1);
  answer->status = status;
  answer->body = json_node_copy (body);
  answer->expires = now + (gint64)SEND_ANSWER_SECONDS * G_USEC_PER_SEC;
  g_hash_table_replace (self->answers, g_strdup (key), answer);
}

/* A repeat of a send with the same Idempotency-Key: TRUE with msg
 * answered (the first answer, 409 while the first is under way or when
 * it was sent before a restart), FALSE to go on. */
static gboolean
answer_repeat (OpsServerTwilio   *self,
               SoupServerMessage *msg,
               const char        *key)
{
  SentAnswer *answer = g_hash_table_lookup (self->answers, key);
  g_autoptr(GError) error = NULL;
  gboolean claimed;

  if (answer != NULL && answer->expires > g_get_monotonic_time ())
    {
      g_debug ("Send %s answered again", key);
      ops_server_respond_json (msg, answer->status, answer->body);
      return TRUE;
    }
  if (answer != NULL)
    g_hash_table_remove (self->answers, key);

  if (g_hash_table_contains (self->sending_keys, key))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "5");
      ops_server_respond_error (msg, SOUP_STATUS_CONFLICT, "in_progress",
                                "This SMS is being sent. Ask again in a few seconds for its answer.");
      return TRUE;
    }

  /* Claimed and rolled back: only asks whether it was sent before. */
  if (!ops_store_begin (self->store, &error))
    goto failed;
  claimed = ops_store_claim_event (self->store, SEND_PROVIDER, key, &error);
  ops_store_rollback (self->store);
  if (error != NULL)
    goto failed;
  if (!claimed)
    {
      ops_server_respond_error (msg, SOUP_STATUS_CONFLICT, "duplicate",
                                "This SMS was sent already (same Idempotency-Key); it is not sent again.");
      return TRUE;
    }
  return FALSE;

failed:
  g_warning ("Could not look up send %s: %s", key, error->message);
  ops_server_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store_error",
                            "The send could not be checked against earlier ones. Try again.");
  return TRUE;
}

static void
send_free (Send *send)
{
  if (send->key != NULL && send->self != NULL)
    g_hash_table_remove (send->self->sending_keys, send->key);
  g_clear_object (&send->msg);
  g_clear_object (&send->self);
  g_free (send->to);
  g_free (send->body);
  g_free (send->customer);
  g_free (send->ticket);
  g_free (send->key);
  g_free (send->sender);
  g_clear_pointer (&send->sent, ops_twilio_message_free);
  g_clear_error (&send->error);
  g_free (send);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Send, send_free)

/* Returns the status; answer (may be NULL) receives the body. */
static guint
respond_send_error (SoupServerMessage *msg,
                    const GError      *error,
                    JsonNode         **answer)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  guint status = SOUP_STATUS_BAD_GATEWAY;
  const char *code = "twilio_unavailable";
  int twilio_code = ops_twilio_error_get_twilio_code (error);
  const char *more_info = ops_twilio_error_get_more_info (error);

  if (error->domain == OPS_TWILIO_ERROR)
    switch ((OpsTwilioError)error->code)
      {
      case OPS_TWILIO_ERROR_INVALID_NUMBER:
        status = SOUP_STATUS_BAD_REQUEST;
        code = "invalid_number";
        break;
      case OPS_TWILIO_ERROR_UNSUBSCRIBED:
        status = SOUP_STATUS_BAD_REQUEST;
        code = "unsubscribed";
        break;
      case OPS_TWILIO_ERROR_REGION_NOT_ENABLED:
        status = SOUP_STATUS_BAD_REQUEST;
        code = "region_not_enabled";
        break;
      case OPS_TWILIO_ERROR_INVALID_MESSAGE:
        status = SOUP_STATUS_BAD_REQUEST;
        code = "invalid_message";
        break;
      case OPS_TWILIO_ERROR_FAILED:
        status = SOUP_STATUS_BAD_REQUEST;
        code = "twilio_refused";
        break;
      case OPS_TWILIO_ERROR_UNAUTHORIZED:
        code = "twilio_unauthorized";
        break;
      case OPS_TWILIO_ERROR_RATE_LIMITED:
        status = HTTP_TOO_MANY_REQUESTS;
        code = "rate_limited";
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "60");
        break;
      case OPS_TWILIO_ERROR_NOT_CONFIGURED:
        status = SOUP_STATUS_SERVICE_UNAVAILABLE;
        code = "not_configured";
        break;
      case OPS_TWILIO_ERROR_SERVER:
      default:
        break;
      }
  else if (g_error_matches (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TIMEOUT))
    {
      status = SOUP_STATUS_GATEWAY_TIMEOUT;
      code = "twilio_unreachable";
    }
  else if (error->domain == OPS_HTTP_ERROR || error->domain == G_IO_ERROR)
    code = "twilio_unreachable";

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, error->message);
  if (twilio_code != 0)
    {
      json_builder_set_member_name (builder, "twilio_code");
      json_builder_add_int_value (builder, twilio_code);
    }
  if (more_info != NULL)
    {
      json_builder_set_member_name (builder, "more_info");
      json_builder_add_string_value (builder, more_info);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  ops_server_respond_json (msg, status, node);
  if (answer != NULL)
    *answer = json_node_ref (node);
  return status;
}

/* Records a sent (or simulated) message; answers msg. */
static void
finish_send (OpsServerTwilio   *self,
             SoupServerMessage *msg,
             Send              *send)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *simulated_id = NULL;
  const char *sid = send->sent ? send->sent->sid : NULL;
  const char *status = send->sent ? send->sent->status : "simulated";
  EarlyStatus *early = sid ? g_hash_table_lookup (self->early, sid) : NULL;
  OpsServerTwilioSms sms = { 0 };

  if (sid != NULL)
    name = g_strconcat ("SMS-", sid, NULL);
  else
    {
      simulated_id = g_uuid_string_random ();
      name = g_strconcat ("SMS-SIM-", simulated_id, NULL);
    }

  /* A status callback that came before this answer. */
  if (early != NULL && ops_message_status_rank (early->status) > ops_message_status_rank (status))
    status = early->status;

  if (send->ticket != NULL)
    ticket = g_strdup (send->ticket);
  else if (send->customer != NULL)
    ticket = ops_store_find_open_ticket (self->store, send->customer, NULL);

  sms.name = name;
  sms.direction = "Sent";
  sms.phone = send->to;
  sms.sender = send->sender;
  sms.customer = send->customer;
  sms.ticket = ticket;
  sms.message_key = send->key;
  sms.content = send->body;
  sms.status = status;
  sms.error_code = early != NULL && g_str_equal (status, early->status) ? early->error_code : 0;
  sms.provider_id = sid;

  if (!ops_store_begin (self->store, &error) || !_ops_server_twilio_record_sms (self, &sms, &error) ||
      (send->key != NULL && !ops_store_claim_event (self->store, SEND_PROVIDER, send->key, &error) &&
       error != NULL) ||
      !ops_store_commit (self->store, &error))
    {
      g_autofree char *message = NULL;

      ops_store_rollback (self->store);
      g_warning ("SMS %s could not be recorded: %s", sid ? sid : name, error->message);
      message = sid ? g_strdup_printf ("The SMS was sent (%s) but could not be recorded here: %s. Log it by hand "
                                       "in ERPNext.", sid, error->message)
                    : g_strdup_printf ("The SMS could not be recorded: %s.", error->message);
      ops_server_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store_error", message);
      return;
    }
  if (sid != NULL)
    g_hash_table_remove (self->early, sid);

  event = _ops_server_twilio_sms_event ("sms", &sms);
  if (send->key != NULL)
    json_object_set_string_member (json_node_get_object (event), "idempotency_key", send->key);
  _ops_server_twilio_publish (self, send->customer, event);
  _ops_server_twilio_wake_outbox (self);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "sid");
  if (sid != NULL)
    json_builder_add_string_value (builder, sid);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, status);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, send->to);
  json_builder_set_member_name (builder, "customer");
  if (send->customer != NULL)
    json_builder_add_string_value (builder, send->customer);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "message_name");
  json_builder_add_string_value (builder, name);
  if (sid == NULL)
    {
      json_builder_set_member_name (builder, "simulated");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder,
                                     "Demo workspace: the SMS was recorded as simulated and not sent. Configure "
                                     "ERPNext and Twilio to send for real.");
    }
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);
  ops_server_respond_json (msg, SOUP_STATUS_OK, answer);
  remember_answer (self, send->key, SOUP_STATUS_OK, answer);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpsServerTwilio *self = source_object;
  Send *send = task_data;

  send->sent = ops_twilio_client_send_sms (self->client, send->to, send->body, NULL, &send->error);
  g_task_return_boolean (task, TRUE);
}

static void
on_sent_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  OpsServerTwilio *self = OPS_SERVER_TWILIO (source_object);
  g_autoptr(Send) send = user_data;

  if (send->sent == NULL)
    {
      g_autoptr(JsonNode) answer = NULL;
      guint status;

      g_debug ("SMS to %s not sent: %s", send->to, send->error->message);
      status = respond_send_error (send->msg, send->error, &answer);
      /* A refusal is final; a failure to reach Twilio may be retried. */
      if (status == SOUP_STATUS_BAD_REQUEST)
        remember_answer (self, send->key, status, answer);
    }
  else
    finish_send (self, send->msg, send);
  soup_server_message_unpause (send->msg);
}

/* {to, body, customer?, ticket?}: FALSE with the 400 set. */
static gboolean
parse_send_body (SoupServerMessage  *msg,
                 char              **to,
                 char              **text,
                 char              **customer,
                 char              **ticket)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  gsize size = 0;
  JsonObject *object;
  JsonNode *root, *node;
  const char *fields[] = { "to", "body", "customer", "ticket" };
  char **outs[] = { to, text, customer, ticket };

  data = g_bytes_get_data (bytes, &size);
  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                "The body is not a JSON object. Send {\"to\": \"+14505550142\", "
                                "\"body\": \"…\", \"customer\": \"C0001\"}.");
      return FALSE;
    }
  object = json_node_get_object (root);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      node = json_object_get_member (object, fields[i]);
      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_autofree char *message = g_strdup_printf ("“%s” must be a string.", fields[i]);

          ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
          return FALSE;
        }
      *outs[i] = g_strdup (json_node_get_string (node));
    }

  if (*to == NULL || **to == '\0')
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                "Give the number to text in “to”, for example \"+14505550142\".");
      return FALSE;
    }
  if (*text == NULL || *g_strstrip (*text) == '\0')
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_message",
                                "The message is empty. Write the text to send in “body”.");
      return FALSE;
    }
  if (*customer != NULL && **customer == '\0')
    g_clear_pointer (customer, g_free);
  if (*ticket != NULL && **ticket == '\0')
    g_clear_pointer (ticket, g_free);
  return TRUE;
}

static void
on_send_early_cb (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_NONE)
    ops_server_check_body (msg, OPS_SERVER_TWILIO_MAX_SEND_BODY);
}

static void
on_send_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  OpsServerTwilio *self = user_data;
  g_autoptr(OpsServerIdentity) who = NULL;
  g_autoptr(Send) send = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *to = NULL;
  g_autofree char *text = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *number = NULL;
  g_autoptr(GTask) task = NULL;
  const char *key;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;

  if (!g_str_equal (path, "/send/sms"))
    {
      ops_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                "Send an SMS with POST /send/sms {\"to\", \"body\", \"customer\"}.");
      return;
    }

  /* Staff only, before anything else. */
  if (!ops_server_authorize (self->server, msg, &who))
    return;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      method_not_allowed (msg, "Use POST /send/sms {\"to\", \"body\", \"customer\"}.");
      return;
    }
  if (!ops_server_check_body (msg, OPS_SERVER_TWILIO_MAX_SEND_BODY))
    return;

  /* The same key within 24 h: the first answer, not a second SMS. */
  key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Idempotency-Key");
  if (key != NULL && (*key == '\0' || strlen (key) > IDEMPOTENCY_KEY_MAX || !g_utf8_validate (key, -1, NULL)))
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                "The Idempotency-Key header must be 1 to 255 characters, such as a UUID.");
      return;
    }
  if (key != NULL && answer_repeat (self, msg, key))
    return;

  if (!parse_send_body (msg, &to, &text, &customer, &ticket))
    return;

  if (!(number = ops_twilio_normalize_phone (to, &error)))
    {
      respond_send_error (msg, error, NULL);
      return;
    }
  if (g_utf8_strlen (text, -1) > OPS_TWILIO_MAX_BODY_CHARS)
    {
      g_autofree char *message = g_strdup_printf ("The message has %ld characters; an SMS can have at most %d. "
                                                  "Shorten it, or send it in two parts.",
                                                  (long)g_utf8_strlen (text, -1), OPS_TWILIO_MAX_BODY_CHARS);

      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_message", message);
      return;
    }

  if (customer != NULL)
    {
      if (!ops_store_has_customer (self->store, customer))
        {
          g_autofree char *message = g_strdup_printf ("No customer “%s” in the local store. Check the name, or "
                                                      "leave “customer” out to find them by their number.",
                                                      customer);

          ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "unknown_customer", message);
          return;
        }
    }
  else
    {
      customer = ops_store_find_customer_by_phone (self->store, number, &error);
      if (error != NULL)
        g_warning ("Could not look up who %s is: %s", number, error->message);
    }

  send = g_new0 (Send, 1);
  send->self = g_object_ref (self);
  send->msg = g_object_ref (msg);
  send->to = g_steal_pointer (&number);
  send->body = g_steal_pointer (&text);
  send->customer = g_steal_pointer (&customer);
  send->ticket = g_steal_pointer (&ticket);
  if (key != NULL)
    {
      send->key = g_strdup (key);
      g_hash_table_add (self->sending_keys, g_strdup (key));
    }
  send->sender = g_strdup (who != NULL && who->kind == OPS_SERVER_IDENTITY_PROXY ? who->name
                           : self->from ? self->from : "Gigafibre");

  if (self->demo)
    {
      finish_send (self, msg, send);
      return;
    }
  if (self->client == NULL)
    {
      ops_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "not_configured", self->no_client);
      return;
    }

  /* Not cancelled when the caller goes away: once Twilio has it, it is
   * sent, and it is recorded. */
  soup_server_message_pause (msg);
  task = g_task_new (self, NULL, on_sent_cb, send);
  g_task_set_source_tag (task, on_send_cb);
  g_task_set_task_data (task, g_steal_pointer (&send), NULL);
  g_task_run_in_thread (task, send_thread);
}

/*
 * GObject overrides
 */

static void
ops_server_twilio_dispose (GObject *object)
{
  OpsServerTwilio *self = (OpsServerTwilio *)object;

  /* Webhooks still waiting are written and answered. */
  if (self->store != NULL)
    _ops_server_twilio_flush (self);
  g_clear_handle_id (&self->wake_id, g_source_remove);
  g_clear_object (&self->client);
  g_clear_object (&self->metrics);
  g_clear_object (&self->bus);
  g_clear_object (&self->store);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_server_twilio_parent_class)->dispose (object);
}

static void
ops_server_twilio_finalize (GObject *object)
{
  OpsServerTwilio *self = (OpsServerTwilio *)object;

  g_hash_table_unref (self->early);
  g_hash_table_unref (self->answers);
  g_hash_table_unref (self->sending_keys);
  g_ptr_array_unref (self->batch);
  g_free (self->auth_token);
  g_free (self->public_base);
  g_free (self->from);
  g_free (self->no_client);

  G_OBJECT_CLASS (ops_server_twilio_parent_class)->finalize (object);
}

static void
ops_server_twilio_class_init (OpsServerTwilioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_server_twilio_dispose;
  object_class->finalize = ops_server_twilio_finalize;
}

static void
ops_server_twilio_init (OpsServerTwilio *self)
{
  self->early = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, early_status_free);
  self->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, sent_answer_free);
  self->sending_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->batch = g_ptr_array_new ();
}

/*
 * Public API
 */

OpsServerTwilio *
ops_server_twilio_new (OpsServer *server)
{
  OpsServerTwilio *self;
  OpsConfig *config;
  const char *token, *public_url;
  OpsMetrics *metrics;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (OPS_IS_SERVER (server), NULL);

  self = g_object_new (OPS_TYPE_SERVER_TWILIO, NULL);
  self->server = server;
  self->services = g_object_ref (ops_server_get_services (server));
  self->store = g_object_ref (ops_service_layer_get_store (self->services));
  self->bus = g_object_ref (ops_service_layer_get_bus (self->services));
  metrics = ops_server_get_metrics (server);
  self->metrics = metrics ? g_object_ref (metrics) : NULL;
  self->demo = ops_service_layer_is_demo (self->services);

  config = ops_service_layer_get_config (self->services);
  token = ops_config_get_string (config, "twilio", "auth_token");
  self->auth_token = token && *token ? g_strdup (token) : NULL;
  self->from = g_strdup (ops_config_get_string (config, "twilio", "from"));
  public_url = ops_config_get_string (config, "server", "public_url");
  if (public_url != NULL && *public_url != '\0')
    {
      self->public_base = g_strdup (public_url);
      while (g_str_has_suffix (self->public_base, "/"))
        self->public_base[strlen (self->public_base) - 1] = '\0';
    }

  if (!self->demo)
    {
      self->client = ops_twilio_client_new_from_config (config, &error);
      if (self->client == NULL)
        self->no_client = g_strdup (error->message);
    }

  return self;
}

void
ops_server_twilio_add_handlers (OpsServerTwilio *self,
                                SoupServer      *soup)
{
  g_return_if_fail (OPS_IS_SERVER_TWILIO (self));
  g_return_if_fail (SOUP_IS_SERVER (soup));

  soup_server_add_early_handler (soup, "/send/sms", on_send_early_cb, self, NULL);
  soup_server_add_handler (soup, "/send/sms", on_send_cb, self, NULL);
  _ops_server_twilio_add_webhooks (self, soup);
}
