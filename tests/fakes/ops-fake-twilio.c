/* ops-fake-twilio.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake Twilio on an OpsFakeServer: the Messages API as
 * ops-fake-twilio.h describes, and signed webhooks towards the server
 * under test.
 */

#define G_LOG_DOMAIN "OpsFakeTwilio"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ops-fake-server.h"
#include "ops-fake-twilio.h"
#include "ops-twilio-signature.h"

#define API_PREFIX "/2010-04-01/Accounts/"
#define ERRORS_URL "https://www.twilio.com/docs/errors/"
/* A number of the account, the From of its messages. */
#define ACCOUNT_NUMBER "+14505550100"
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

typedef struct
{
  guint http_status;
  int   code;
} NumberError;

struct _OpsFakeTwilio
{
  GMutex         mutex;
  OpsFakeServer *server;

  char          *account_sid;
  char          *auth_token;
  char          *authorization;   /* the expected "Basic …" */
  GHashTable    *number_errors;   /* E.164 -> NumberError */
  guint          fail_count;
  guint          fail_status;
  guint          created;
  char         **last_form;
  JsonObject    *last_message;
};

static const char *const day_names[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
static const char *const month_names[] = {
  "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
};

/*
 * Auxiliary methods
 */

/* "Mon, 02 Jun 2025 09:14:05 +0000", in English whatever the locale. */
static char *
rfc2822_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_strdup_printf ("%s, %02d %s %d %02d:%02d:%02d +0000",
                          day_names[g_date_time_get_day_of_week (now) - 1],
                          g_date_time_get_day_of_month (now),
                          month_names[g_date_time_get_month (now) - 1],
                          g_date_time_get_year (now),
                          g_date_time_get_hour (now),
                          g_date_time_get_minute (now),
                          g_date_time_get_second (now));
}

static char *
new_sid (const char *prefix)
{
  GString *sid = g_string_new (prefix);

  for (guint i = 0; i < 32; i++)
    g_string_append_c (sid, "0123456789abcdef"[g_random_int_range (0, 16)]);
  return g_string_free (sid, FALSE);
}

static const char *
error_message (int code)
{
  switch (code)
    {
    case 20003:
      return "Authenticate";
    case 20404:
      return "The requested resource was not found";
    case 20429:
      return "Too Many Requests";
    case 20500:
      return "An internal server error has occurred";
    case 21211:
      return "The 'To' number is not a valid phone number.";
    case 21408:
      return "Permission to send an SMS has not been enabled for the region indicated by the 'To' number.";
    case 21602:
      return "Message body is required.";
    case 21603:
      return "A 'From' phone number is required.";
    case 21604:
      return "A 'To' phone number is required.";
    case 21610:
      return "Attempt to send to unsubscribed recipient";
    case 21617:
      return "The concatenated message body exceeds the 1600 character limit.";
    default:
      return "Twilio could not process the request.";
    }
}

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *text = NULL;

  json_node_set_object (node, object);
  text = json_to_string (node, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               int                code,
               const char        *detail)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *more_info = g_strdup_printf (ERRORS_URL "%d", code);

  json_object_set_int_member (object, "code", code);
  json_object_set_string_member (object, "message", detail ? detail : error_message (code));
  json_object_set_string_member (object, "more_info", more_info);
  json_object_set_int_member (object, "status", status);
  respond_json (msg, status, object);
}

static gboolean
is_e164 (const char *number)
{
  gsize len = number ? strlen (number) : 0;

  if (len < 9 || len > 16 || number[0] != '+' || number[1] == '0')
    return FALSE;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isdigit (number[i]))
      return FALSE;
  return TRUE;
}

static const char *
segments (const char *body)
{
  static const char *const counts[] = { "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11" };
  gboolean ascii = TRUE;
  glong chars = g_utf8_strlen (body, -1);
  glong single, part, n;

  for (const char *p = body; *p && ascii; p++)
    ascii = (guchar)*p < 0x80;
  single = ascii ? 160 : 70;
  part = ascii ? 153 : 67;
  n = chars <= single ? 1 : (chars + part - 1) / part;
  return counts[CLAMP (n, 1, (glong)G_N_ELEMENTS (counts)) - 1];
}

/* Called with the lock held. */
static JsonObject *
new_message (OpsFakeTwilio *self,
             const char    *to,
             const char    *from,
             const char    *body,
             const char    *service)
{
  JsonObject *object = json_object_new ();
  g_autofree char *sid = new_sid ("SM");
  g_autofree char *date = rfc2822_now ();
  g_autofree char *uri = g_strdup_printf (API_PREFIX "%s/Messages/%s.json", self->account_sid, sid);
  g_autofree char *media = g_strdup_printf (API_PREFIX "%s/Messages/%s/Media.json", self->account_sid, sid);
  JsonObject *subresources = json_object_new ();

  json_object_set_string_member (object, "sid", sid);
  json_object_set_string_member (object, "account_sid", self->account_sid);
  if (service != NULL)
    json_object_set_string_member (object, "messaging_service_sid", service);
  else
    json_object_set_null_member (object, "messaging_service_sid");
  json_object_set_string_member (object, "from", from);
  json_object_set_string_member (object, "to", to);
  json_object_set_string_member (object, "body", body);
  json_object_set_string_member (object, "status", service ? "accepted" : "queued");
  json_object_set_string_member (object, "direction", "outbound-api");
  json_object_set_string_member (object, "num_segments", segments (body));
  json_object_set_string_member (object, "num_media", "0");
  json_object_set_null_member (object, "price");
  json_object_set_string_member (object, "price_unit", "USD");
  json_object_set_null_member (object, "error_code");
  json_object_set_null_member (object, "error_message");
  json_object_set_string_member (object, "api_version", "2010-04-01");
  json_object_set_string_member (object, "date_created", date);
  json_object_set_string_member (object, "date_updated", date);
  json_object_set_null_member (object, "date_sent");
  json_object_set_string_member (object, "uri", uri);
  json_object_set_string_member (subresources, "media", media);
  json_object_set_object_member (object, "subresource_uris", subresources);
  return object;
}

/* Called with the lock held. */
static void
handle_create (OpsFakeTwilio     *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_auto(GStrv) form = NULL;
  const char *to, *from, *body, *service;
  NumberError *number_error;
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  if (g_strcmp0 (authorization, self->authorization) != 0)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"Twilio API\"");
      respond_error (msg, SOUP_STATUS_UNAUTHORIZED, 20003, NULL);
      return;
    }

  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") != 0 ||
      !(form = ops_twilio_form_decode (data ? data : "", size, NULL)))
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, 21604, NULL);
      return;
    }

  g_strfreev (self->last_form);
  self->last_form = g_strdupv (form);

  if (self->fail_count > 0)
    {
      guint status = self->fail_status;

      self->fail_count--;
      if (status == HTTP_TOO_MANY_REQUESTS)
        {
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "0");
          respond_error (msg, status, 20429, NULL);
        }
      else
        respond_error (msg, status, 20500, NULL);
      return;
    }

  to = ops_twilio_params_get ((const char *const *)form, "To");
  from = ops_twilio_params_get ((const char *const *)form, "From");
  body = ops_twilio_params_get ((const char *const *)form, "Body");
  service = ops_twilio_params_get ((const char *const *)form, "MessagingServiceSid");

  if (to == NULL || *to == '\0')
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, 21604, NULL);
      return;
    }
  if ((from == NULL || *from == '\0') && service == NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, 21603, NULL);
      return;
    }
  if (body == NULL || *body == '\0')
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, 21602, NULL);
      return;
    }
  if (g_utf8_strlen (body, -1) > 1600)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, 21617, NULL);
      return;
    }
  if (!is_e164 (to))
    {
      g_autofree char *detail = g_strdup_printf ("The 'To' number %s is not a valid phone number.", to);

      respond_error (msg, SOUP_STATUS_BAD_REQUEST, 21211, detail);
      return;
    }
  if ((number_error = g_hash_table_lookup (self->number_errors, to)) != NULL)
    {
      respond_error (msg, number_error->http_status, number_error->code, NULL);
      return;
    }

  g_clear_pointer (&self->last_message, json_object_unref);
  self->last_message = new_message (self, to, from ? from : ACCOUNT_NUMBER, body, service);
  self->created++;
  respond_json (msg, SOUP_STATUS_CREATED, self->last_message);
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  OpsFakeTwilio *self = user_data;
  g_autofree char *messages_path = NULL;

  ops_fake_server_log_request (self->server, msg);

  g_mutex_lock (&self->mutex);
  messages_path = g_strdup_printf (API_PREFIX "%s/Messages.json", self->account_sid);
  if (g_str_has_prefix (path, API_PREFIX) && g_str_has_suffix (path, "/Messages.json") &&
      !g_str_equal (path, messages_path))
    /* Another account's SID: Twilio checks the credentials against it. */
    respond_error (msg, SOUP_STATUS_UNAUTHORIZED, 20003, NULL);
  else if (!g_str_equal (path, messages_path))
    respond_error (msg, SOUP_STATUS_NOT_FOUND, 20404, NULL);
  else if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, 20004, "Method not allowed");
  else
    handle_create (self, msg);
  g_mutex_unlock (&self->mutex);
}

static void
server_setup (SoupServer *server,
              gpointer    user_data)
{
  soup_server_add_handler (server, NULL, handle_request_cb, user_data, NULL);
}

static GStrv
builder_end (GStrvBuilder *builder)
{
  GStrv result = g_strv_builder_end (builder);

  g_strv_builder_unref (builder);
  return result;
}

/*
 * Public API
 */

OpsFakeTwilio *
ops_fake_twilio_new (const char *account_sid,
                     const char *auth_token)
{
  OpsFakeTwilio *self;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;

  g_return_val_if_fail (account_sid != NULL, NULL);
  g_return_val_if_fail (auth_token != NULL, NULL);

  self = g_new0 (OpsFakeTwilio, 1);
  g_mutex_init (&self->mutex);
  self->account_sid = g_strdup (account_sid);
  self->auth_token = g_strdup (auth_token);
  credentials = g_strdup_printf ("%s:%s", account_sid, auth_token);
  encoded = g_base64_encode ((const guchar *)credentials, strlen (credentials));
  self->authorization = g_strconcat ("Basic ", encoded, NULL);
  self->number_errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  self->server = ops_fake_server_new (server_setup, self);
  if (self->server == NULL)
    {
      ops_fake_twilio_free (self);
      return NULL;
    }
  return self;
}

void
ops_fake_twilio_free (OpsFakeTwilio *self)
{
  if (self == NULL)
    return;

  /* The server's thread is gone before the state it reads. */
  g_clear_pointer (&self->server, ops_fake_server_free);
  g_free (self->account_sid);
  g_free (self->auth_token);
  g_free (self->authorization);
  g_hash_table_unref (self->number_errors);
  g_strfreev (self->last_form);
  g_clear_pointer (&self->last_message, json_object_unref);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
ops_fake_twilio_get_url (OpsFakeTwilio *self)
{
  return ops_fake_server_get_url (self->server);
}

void
ops_fake_twilio_set_number_error (OpsFakeTwilio *self,
                                  const char    *number,
                                  guint          http_status,
                                  int            code)
{
  g_return_if_fail (number != NULL);

  g_mutex_lock (&self->mutex);
  if (code == 0)
    g_hash_table_remove (self->number_errors, number);
  else
    {
      NumberError *error = g_new0 (NumberError, 1);

      error->http_status = http_status;
      error->code = code;
      g_hash_table_replace (self->number_errors, g_strdup (number), error);
    }
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_twilio_fail_next (OpsFakeTwilio *self,
                           guint          count,
                           guint          http_status)
{
  g_mutex_lock (&self->mutex);
  self->fail_count = count;
  self->fail_status = http_status;
  g_mutex_unlock (&self->mutex);
}

guint
ops_fake_twilio_get_message_count (OpsFakeTwilio *self)
{
  guint count;

  g_mutex_lock (&self->mutex);
  count = self->created;
  g_mutex_unlock (&self->mutex);
  return count;
}

GStrv
ops_fake_twilio_dup_last_form (OpsFakeTwilio *self)
{
  GStrv form;

  g_mutex_lock (&self->mutex);
  form = g_strdupv (self->last_form);
  g_mutex_unlock (&self->mutex);
  return form;
}

JsonObject *
ops_fake_twilio_dup_last_message (OpsFakeTwilio *self)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) copy = NULL;

  /* A deep copy through its text: the server's thread owns the original. */
  g_mutex_lock (&self->mutex);
  if (self->last_message != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, self->last_message);
      text = json_to_string (node, FALSE);
    }
  g_mutex_unlock (&self->mutex);

  if (text == NULL || !(copy = json_from_string (text, NULL)))
    return NULL;
  return json_object_ref (json_node_get_object (copy));
}

GStrv
ops_fake_twilio_dup_requests (OpsFakeTwilio *self)
{
  return ops_fake_server_dup_requests (self->server);
}

char *
ops_fake_twilio_sign (OpsFakeTwilio     *self,
                      const char        *signed_url,
                      const char *const *params)
{
  return ops_twilio_signature_compute (self->auth_token, signed_url, params);
}

GStrv
ops_fake_twilio_inbound_params (OpsFakeTwilio *self,
                                const char    *message_sid,
                                const char    *from,
                                const char    *to,
                                const char    *body)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *const pairs[] = {
    "ToCountry", "CA", "ToState", "QC", "SmsMessageSid", message_sid, "NumMedia", "0",
    "ToCity", "", "FromZip", "", "SmsSid", message_sid, "FromState", "QC", "SmsStatus", "received",
    "FromCity", "", "Body", body, "FromCountry", "CA", "To", to ? to : ACCOUNT_NUMBER, "ToZip", "",
    "NumSegments", "1", "MessageSid", message_sid, "AccountSid", self->account_sid, "From", from,
    "ApiVersion", "2010-04-01", NULL,
  };

  g_strv_builder_addv (builder, (const char **)pairs);
  return builder_end (builder);
}

GStrv
ops_fake_twilio_status_params (OpsFakeTwilio *self,
                               const char    *message_sid,
                               const char    *status,
                               int            error_code)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *const pairs[] = {
    "SmsSid", message_sid, "SmsStatus", status, "MessageStatus", status, "To", "+14505550142",
    "MessageSid", message_sid, "AccountSid", self->account_sid, "From", ACCOUNT_NUMBER,
    "ApiVersion", "2010-04-01", NULL,
  };

  g_strv_builder_addv (builder, (const char **)pairs);
  if (error_code != 0)
    {
      g_autofree char *code = g_strdup_printf ("%d", error_code);

      g_strv_builder_add_many (builder, "ErrorCode", code, NULL);
    }
  if (g_strcmp0 (status, "delivered") == 0)
    g_strv_builder_add_many (builder, "RawDlrDoneDate", "2506020914", NULL);
  return builder_end (builder);
}

guint
ops_fake_twilio_post_form (OpsFakeTwilio     *self,
                           const char        *post_url,
                           const char *const *params,
                           const char        *signature,
                           char             **answer,
                           char             **content_type,
                           GError           **error)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", post_url);
  g_autoptr(GString) form = g_string_new (NULL);
  g_autoptr(GBytes) request_body = NULL;
  g_autoptr(GBytes) response_body = NULL;

  g_return_val_if_fail (msg != NULL, 0);

  /* Form-encoded as Twilio does it: '+' for a space. */
  for (guint i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL; i += 2)
    {
      g_autofree char *name = g_uri_escape_string (params[i], NULL, FALSE);
      g_autofree char *value = g_uri_escape_string (params[i + 1], " ", FALSE);

      g_strdelimit (value, " ", '+');
      g_string_append_printf (form, "%s%s=%s", form->len ? "&" : "", name, value);
    }
  request_body = g_bytes_new (form->str, form->len);
  soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", request_body);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "User-Agent",
                                "TwilioProxy/1.1");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "I-Twilio-Idempotency-Token",
                                "fake-idempotency-token");
  if (signature != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Twilio-Signature", signature);

  response_body = soup_session_send_and_read (session, msg, NULL, error);
  if (response_body == NULL)
    return 0;

  if (answer != NULL)
    *answer = g_strndup (g_bytes_get_data (response_body, NULL), g_bytes_get_size (response_body));
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                                     NULL));
  return soup_message_get_status (msg);
}

guint
ops_fake_twilio_post_signed (OpsFakeTwilio     *self,
                             const char        *post_url,
                             const char        *signed_url,
                             const char *const *params,
                             char             **answer,
                             GError           **error)
{
  g_autofree char *signature = ops_fake_twilio_sign (self, signed_url, params);

  return ops_fake_twilio_post_form (self, post_url, params, signature, answer, NULL, error);
}
