/* ops-server-twilio-webhooks.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Twilio's webhooks.  A request is checked (method, size, signature)
 * before it touches anything, then paused and queued; once the main loop
 * has read what is ready, the queue is written in one transaction (a group
 * commit: the disk is synced once for many webhooks) and every request is
 * answered.  Each webhook's effects (the provider event claimed, the
 * message, the outbox row) sit in a savepoint of their own, so a retried
 * webhook changes nothing and is still answered 200, and one that fails
 * does not take the others with it.
 */

#define G_LOG_DOMAIN "ops-server-twilio"

#include "config.h"

#include <string.h>

#include "ops-search-query.h"
#include "ops-server-limits.h"
#include "ops-server-response.h"
#include "ops-server-twilio-private.h"
#include "ops-store-messages.h"
#include "ops-twilio-signature.h"

#define EMPTY_TWIML "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"
/* Past this many waiting webhooks the queue is written at once. */
#define BATCH_MAX 256
/* After the reads of the sockets that are ready. */
#define FLUSH_PRIORITY (G_PRIORITY_DEFAULT + 1)

typedef struct
{
  SoupServerMessage *msg;
  gboolean           incoming;
  char              *key;        /* the provider event: "in:<sid>", "st:<sid>:<status>" */
  char              *sid;
  /* An inbound SMS */
  char              *name;
  char              *phone;
  char              *customer;
  char              *ticket;
  char              *content;
  /* A status callback */
  char              *status;
  int                error_code;
  /* What happened */
  const char        *outcome;    /* "ok", "duplicate", "error" */
  gboolean           found;
  gboolean           changed;
  char              *status_name;
  char              *status_customer;
} Work;

/*
 * Auxiliary methods
 */

static void
work_free (Work *work)
{
  g_clear_object (&work->msg);
  g_free (work->key);
  g_free (work->sid);
  g_free (work->name);
  g_free (work->phone);
  g_free (work->customer);
  g_free (work->ticket);
  g_free (work->content);
  g_free (work->status);
  g_free (work->status_name);
  g_free (work->status_customer);
  g_free (work);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Work, work_free)

static void
respond_twiml (SoupServerMessage *msg)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/xml", SOUP_MEMORY_STATIC, EMPTY_TWIML, strlen (EMPTY_TWIML));
}

static gboolean
is_twilio_sid (const char *sid)
{
  gsize len = sid ? strlen (sid) : 0;

  if (len < 3 || len > 64 || !g_ascii_isupper (sid[0]) || !g_ascii_isupper (sid[1]))
    return FALSE;
  for (gsize i = 2; i < len; i++)
    if (!g_ascii_isalnum (sid[i]))
      return FALSE;
  return TRUE;
}

/* Method, configuration, size and signature: FALSE with the answer set.
 * params receives the decoded form. */
static gboolean
verify_webhook (OpsServerTwilio    *self,
                SoupServerMessage  *msg,
                GStrv              *params)
{
  GUri *uri = soup_server_message_get_uri (msg);
  const char *query = g_uri_get_query (uri);
  const char *signature;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  const char *data;
  gsize size = 0;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      ops_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                "Twilio posts its webhooks: use POST.");
      _ops_server_twilio_count (self, "bad_request");
      return FALSE;
    }
  if (self->auth_token == NULL || self->public_base == NULL)
    {
      ops_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "not_configured",
                                self->auth_token == NULL
                                ? "Twilio webhooks are not set up here: set [twilio] auth_token to the account's "
                                  "Auth Token."
                                : "Twilio webhooks are not set up here: set [server] public_url to the address "
                                  "Twilio calls (as in the Twilio console), so signatures can be checked.");
      _ops_server_twilio_count (self, "not_configured");
      return FALSE;
    }
  if (!ops_server_check_body (msg, OPS_SERVER_TWILIO_MAX_BODY))
    {
      _ops_server_twilio_count (self, "bad_request");
      return FALSE;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &size);

  /* The URL Twilio signed: the public address, not what the proxy forwarded. */
  url = g_strconcat (self->public_base, g_uri_get_path (uri), query ? "?" : "", query ? query : "", NULL);
  signature = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-Twilio-Signature");

  if (!ops_twilio_signature_validate_request (self->auth_token, signature, url, data, size, params, &error))
    {
      g_debug ("Refused a Twilio webhook: %s", error->message);
      if (g_error_matches (error, OPS_TWILIO_SIGNATURE_ERROR, OPS_TWILIO_SIGNATURE_ERROR_MALFORMED))
        {
          ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
          _ops_server_twilio_count (self, "bad_request");
        }
      else
        {
          ops_server_respond_error (msg, SOUP_STATUS_FORBIDDEN, "invalid_signature", error->message);
          _ops_server_twilio_count (self, "bad_signature");
        }
      return FALSE;
    }
  return TRUE;
}

static void
bad_request (OpsServerTwilio   *self,
             SoupServerMessage *msg,
             const char        *message)
{
  ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
  _ops_server_twilio_count (self, "bad_request");
}

/* An inbound SMS: who sent it is looked up now, before the queue. */
static Work *
prepare_incoming (OpsServerTwilio   *self,
                  SoupServerMessage *msg,
                  const char *const *params)
{
  const char *sid = ops_twilio_params_get (params, "MessageSid");
  const char *from = ops_twilio_params_get (params, "From");
  const char *text = ops_twilio_params_get (params, "Body");
  const char *media_count = ops_twilio_params_get (params, "NumMedia");
  g_autoptr(GString) content = g_string_new (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(Work) work = NULL;
  guint64 n_media = 0;

  if (sid == NULL)
    sid = ops_twilio_params_get (params, "SmsSid");
  if (!is_twilio_sid (sid) || from == NULL || *from == '\0')
    {
      bad_request (self, msg, "An inbound SMS needs a MessageSid and a From number.");
      return NULL;
    }

  /* Pictures are kept as their addresses, one per line. */
  if (media_count != NULL && g_ascii_string_to_unsigned (media_count, 10, 0, 10, &n_media, NULL))
    for (guint i = 0; i < n_media; i++)
      {
        g_autofree char *param = g_strdup_printf ("MediaUrl%u", i);
        const char *media = ops_twilio_params_get (params, param);

        if (media != NULL)
          g_string_append_printf (content, "%s%s", content->len ? "\n" : "", media);
      }

  work = g_new0 (Work, 1);
  work->incoming = TRUE;
  work->sid = g_strdup (sid);
  work->key = g_strconcat ("in:", sid, NULL);
  work->name = g_strconcat ("SMS-", sid, NULL);
  work->content = g_string_free (g_steal_pointer (&content), FALSE);
  work->phone = ops_phone_to_e164 (from);
  if (work->phone == NULL)
    work->phone = g_strdup (from);

  work->customer = ops_store_find_customer_by_phone (self->store, work->phone, &error);
  if (error == NULL && work->customer != NULL)
    work->ticket = ops_store_find_open_ticket (self->store, work->customer, &error);
  if (error != NULL)
    g_warning ("Could not look up who sent SMS %s: %s", sid, error->message);

  return g_steal_pointer (&work);
}

static Work *
prepare_status (OpsServerTwilio   *self,
                SoupServerMessage *msg,
                const char *const *params)
{
  const char *sid = ops_twilio_params_get (params, "MessageSid");
  const char *status = ops_twilio_params_get (params, "MessageStatus");
  const char *code_text = ops_twilio_params_get (params, "ErrorCode");
  Work *work;
  gint64 code = 0;

  if (sid == NULL)
    sid = ops_twilio_params_get (params, "SmsSid");
  if (status == NULL)
    status = ops_twilio_params_get (params, "SmsStatus");
  if (code_text != NULL && *code_text != '\0')
    code = g_ascii_strtoll (code_text, NULL, 10);
  if (!is_twilio_sid (sid) || status == NULL || *status == '\0' || strlen (status) > 32 ||
      code < 0 || code > G_MAXINT)
    {
      bad_request (self, msg, "A status callback needs a MessageSid and a MessageStatus.");
      return NULL;
    }

  work = g_new0 (Work, 1);
  work->sid = g_strdup (sid);
  work->status = g_strdup (status);
  work->error_code = (int)code;
  work->key = g_strdup_printf ("st:%s:%s", sid, status);
  return work;
}

/* Inside the batch's transaction. */
static void
apply (OpsServerTwilio *self,
       Work            *work)
{
  g_autoptr(GError) error = NULL;

  if (!ops_store_exec (self->store, "SAVEPOINT twilio_webhook", &error))
    goto failed;

  if (!ops_store_claim_event (self->store, OPS_SERVER_TWILIO_PROVIDER, work->key, &error))
    {
      if (error != NULL)
        goto undo;
      /* Twilio retried: it was recorded the first time. */
      g_debug ("Twilio event %s seen before", work->key);
      work->outcome = "duplicate";
      ops_store_exec (self->store, "RELEASE twilio_webhook", NULL);
      return;
    }

  if (work->incoming)
    {
      OpsServerTwilioSms sms = { 0 };

      sms.name = work->name;
      sms.direction = "Received";
      sms.phone = work->phone;
      sms.sender = work->phone;
      sms.customer = work->customer;
      sms.ticket = work->ticket;
      sms.content = work->content;
      sms.status = "received";
      sms.provider_id = work->sid;
      if (!_ops_server_twilio_record_sms (self, &sms, &error))
        goto undo;
    }
  else if (!ops_store_update_message_status (self->store, work->sid, work->status, work->error_code,
                                             &work->found, &work->changed, &work->status_name,
                                             &work->status_customer, &error))
    goto undo;

  if (!ops_store_exec (self->store, "RELEASE twilio_webhook", &error))
    goto undo;
  work->outcome = "ok";
  return;

undo:
  ops_store_exec (self->store, "ROLLBACK TO twilio_webhook; RELEASE twilio_webhook", NULL);
failed:
  g_warning ("Twilio event %s could not be recorded: %s", work->key, error ? error->message : "unknown error");
  work->outcome = "error";
  work->found = work->changed = FALSE;
}

/* After the commit: the events, the answer. */
static void
finish (OpsServerTwilio *self,
        Work            *work)
{
  if (g_str_equal (work->outcome, "error"))
    ops_server_respond_error (work->msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store_error",
                              "The webhook could not be recorded; Twilio will send it again.");
  else
    respond_twiml (work->msg);
  _ops_server_twilio_count (self, work->outcome);

  if (g_str_equal (work->outcome, "ok") && work->incoming)
    {
      g_autoptr(JsonNode) event = NULL;
      OpsServerTwilioSms sms = { 0 };

      sms.name = work->name;
      sms.direction = "Received";
      sms.phone = work->phone;
      sms.customer = work->customer;
      sms.ticket = work->ticket;
      sms.content = work->content;
      sms.status = "received";
      sms.provider_id = work->sid;
      event = _ops_server_twilio_sms_event ("sms", &sms);
      _ops_server_twilio_publish (self, work->customer, event);
    }
  else if (g_str_equal (work->outcome, "ok"))
    {
      if (!work->found)
        _ops_server_twilio_remember_early (self, work->sid, work->status, work->error_code);
      if (work->changed)
        {
          g_autoptr(JsonNode) event = NULL;
          OpsServerTwilioSms sms = { 0 };

          sms.name = work->status_name;
          sms.direction = "Sent";
          sms.customer = work->status_customer;
          sms.status = work->status;
          sms.error_code = work->error_code;
          sms.provider_id = work->sid;
          event = _ops_server_twilio_sms_event ("sms-status", &sms);
          _ops_server_twilio_publish (self, work->status_customer, event);
        }
    }

  soup_server_message_unpause (work->msg);
}

static gboolean
on_flush_cb (gpointer user_data)
{
  _ops_server_twilio_flush (user_data);
  return G_SOURCE_REMOVE;
}

static void
queue (OpsServerTwilio   *self,
       SoupServerMessage *msg,
       Work              *work)
{
  work->msg = g_object_ref (msg);
  soup_server_message_pause (msg);
  g_ptr_array_add (self->batch, work);

  if (self->batch->len >= BATCH_MAX)
    {
      _ops_server_twilio_flush (self);
      return;
    }
  if (self->flush_source == NULL)
    {
      self->flush_source = g_idle_source_new ();
      g_source_set_priority (self->flush_source, FLUSH_PRIORITY);
      g_source_set_callback (self->flush_source, on_flush_cb, self, NULL);
      g_source_set_static_name (self->flush_source, "[ops] Twilio webhooks");
      g_source_attach (self->flush_source, g_main_context_get_thread_default ());
    }
}

/*
 * Callbacks
 */

/* Early check of the size, before the body is read. */
static void
on_webhook_early_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  if (soup_server_message_get_status (msg) == SOUP_STATUS_NONE &&
      !ops_server_check_body (msg, OPS_SERVER_TWILIO_MAX_BODY))
    _ops_server_twilio_count (user_data, "bad_request");
}

static void
on_webhook_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  OpsServerTwilio *self = user_data;
  g_auto(GStrv) params = NULL;
  gboolean incoming = g_str_equal (path, OPS_TWILIO_INCOMING_PATH);
  Work *work;

  /* Refused early: already answered. */
  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;

  if (!incoming && !g_str_equal (path, OPS_TWILIO_STATUS_PATH))
    {
      ops_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                "Twilio's webhooks are " OPS_TWILIO_INCOMING_PATH " (inbound SMS) and "
                                OPS_TWILIO_STATUS_PATH " (status callbacks).");
      return;
    }

  if (!verify_webhook (self, msg, &params))
    return;

  work = incoming ? prepare_incoming (self, msg, (const char *const *)params)
                  : prepare_status (self, msg, (const char *const *)params);
  if (work != NULL)
    queue (self, msg, work);
}

/*
 * Private API
 */

void
_ops_server_twilio_flush (OpsServerTwilio *self)
{
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GError) error = NULL;
  gboolean recorded = FALSE;
  gboolean ok;

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
  if (self->batch->len == 0)
    return;

  batch = g_steal_pointer (&self->batch);
  self->batch = g_ptr_array_new ();
  g_ptr_array_set_free_func (batch, (GDestroyNotify)work_free);

  ok = ops_store_begin (self->store, &error);
  for (guint i = 0; ok && i < batch->len; i++)
    apply (self, batch->pdata[i]);
  if (ok)
    ok = ops_store_commit (self->store, &error);

  if (!ok)
    {
      /* Nothing of the batch was kept: Twilio sends it again. */
      ops_store_rollback (self->store);
      g_warning ("%u Twilio webhooks could not be recorded: %s", batch->len, error->message);
      for (guint i = 0; i < batch->len; i++)
        ((Work *)batch->pdata[i])->outcome = "error";
    }

  for (guint i = 0; i < batch->len; i++)
    {
      Work *work = batch->pdata[i];

      recorded |= work->incoming && g_str_equal (work->outcome, "ok");
      finish (self, work);
    }
  g_debug ("%u Twilio webhooks in one commit", batch->len);

  if (recorded)
    _ops_server_twilio_wake_outbox (self);
}

void
_ops_server_twilio_add_webhooks (OpsServerTwilio *self,
                                 SoupServer      *soup)
{
  soup_server_add_early_handler (soup, "/webhook/twilio", on_webhook_early_cb, self, NULL);
  soup_server_add_handler (soup, "/webhook/twilio", on_webhook_cb, self, NULL);
}
