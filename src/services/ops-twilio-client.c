/* ops-twilio-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A message create is retried on 429 and 5xx, which Twilio answers before
 * it accepts anything; a 4xx is Twilio's final word and is decoded from
 * its error body ({code, message, more_info, status}).
 */

#define G_LOG_DOMAIN "ops-twilio"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-search-query.h"
#include "ops-twilio-client.h"

#define API_VERSION "2010-04-01"
#define MAX_ANSWER_BYTES (1024 * 1024)
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429
#define TIMEOUT_SECONDS 30

/* Twilio's error codes with an error of their own. */
#define CODE_AUTHENTICATE 20003
#define CODE_TOO_MANY_REQUESTS 20429
#define CODE_REGION_NOT_ENABLED 21408
#define CODE_INVALID_TO 21211
#define CODE_UNSUBSCRIBED 21610

typedef struct
{
  int    twilio_code;
  guint  http_status;
  char  *more_info;
} OpsTwilioErrorPrivate;

struct _OpsTwilioClient
{
  GObject         parent_instance;

  char           *messages_url;
  char           *authorization;   /* "Basic …" */
  char           *from;
  char           *status_callback;
  SoupSession    *session;

  GMutex          lock;            /* protects retry */
  OpsRetryPolicy  retry;
};

typedef struct
{
  char *to;
  char *body;
} SendData;

G_DEFINE_FINAL_TYPE (OpsTwilioClient, ops_twilio_client, G_TYPE_OBJECT)

static void
ops_twilio_error_private_init (OpsTwilioErrorPrivate *priv)
{
  priv->twilio_code = 0;
  priv->http_status = 0;
  priv->more_info = NULL;
}

static void
ops_twilio_error_private_copy (const OpsTwilioErrorPrivate *src,
                               OpsTwilioErrorPrivate       *dest)
{
  dest->twilio_code = src->twilio_code;
  dest->http_status = src->http_status;
  dest->more_info = g_strdup (src->more_info);
}

static void
ops_twilio_error_private_clear (OpsTwilioErrorPrivate *priv)
{
  g_clear_pointer (&priv->more_info, g_free);
}

G_DEFINE_EXTENDED_ERROR (OpsTwilioError, ops_twilio_error)

/*
 * Auxiliary methods
 */

static void set_error (GError     **error,
                       OpsTwilioError code,
                       int          twilio_code,
                       guint        http_status,
                       const char  *more_info,
                       const char  *format,
                       ...) G_GNUC_PRINTF (6, 7);

static void
set_error (GError         **error,
           OpsTwilioError   code,
           int              twilio_code,
           guint            http_status,
           const char      *more_info,
           const char      *format,
           ...)
{
  OpsTwilioErrorPrivate *priv;
  GError *local_error;
  va_list args;

  if (error == NULL)
    return;

  va_start (args, format);
  local_error = g_error_new_valist (OPS_TWILIO_ERROR, code, format, args);
  va_end (args);

  priv = ops_twilio_error_get_private (local_error);
  priv->twilio_code = twilio_code;
  priv->http_status = http_status;
  priv->more_info = g_strdup (more_info);
  g_propagate_error (error, local_error);
}

static gboolean
retry_status (guint               status,
              SoupMessageHeaders *headers,
              GBytes             *body,
              gpointer            user_data)
{
  return status == HTTP_TOO_MANY_REQUESTS || status >= 500;
}

static char *
dup_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static int
get_code (JsonObject *object)
{
  JsonNode *node = object ? json_object_get_member (object, "code") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return (int)json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return (int)g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  return 0;
}

/* A refusal, from Twilio's error body when it has one. */
static void
set_error_from_response (GError          **error,
                         OpsHttpResponse  *response,
                         const char       *to)
{
  g_autoptr(JsonNode) root = ops_http_response_parse_json (response, NULL);
  JsonObject *object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  g_autofree char *message = dup_string (object, "message");
  g_autofree char *more_info = dup_string (object, "more_info");
  guint status = response->status;
  int code = get_code (object);

  g_debug ("Twilio answered HTTP %u, code %d: %s", status, code, message ? message : "(no message)");

  if (code == CODE_INVALID_TO)
    set_error (error, OPS_TWILIO_ERROR_INVALID_NUMBER, code, status, more_info,
               _("Twilio refused the number %s: it is not a valid mobile number. Check the number with "
                 "the customer and correct their contact."), to);
  else if (code == CODE_UNSUBSCRIBED)
    set_error (error, OPS_TWILIO_ERROR_UNSUBSCRIBED, code, status, more_info,
               _("%s replied STOP to our messages, so Twilio will not deliver to it. The customer must "
                 "text START to our number before they can receive SMS again; reach them another way "
                 "meanwhile."), to);
  else if (code == CODE_REGION_NOT_ENABLED)
    set_error (error, OPS_TWILIO_ERROR_REGION_NOT_ENABLED, code, status, more_info,
               _("This Twilio account may not send SMS to the country of %s. Allow that country in the "
                 "Twilio console (Messaging, Settings, Geo permissions), or reach the customer another "
                 "way."), to);
  else if (code == CODE_AUTHENTICATE || status == SOUP_STATUS_UNAUTHORIZED)
    set_error (error, OPS_TWILIO_ERROR_UNAUTHORIZED, code, status, more_info,
               _("Twilio refused the account SID or the Auth Token. Check the Twilio settings "
                 "(account_sid and auth_token) and copy them again from the Twilio console."));
  else if (code == CODE_TOO_MANY_REQUESTS || status == HTTP_TOO_MANY_REQUESTS)
    set_error (error, OPS_TWILIO_ERROR_RATE_LIMITED, code, status, more_info,
               _("Twilio is refusing messages for now: too many were sent too quickly. Wait a minute, "
                 "then send again."));
  else if (status >= 500)
    set_error (error, OPS_TWILIO_ERROR_SERVER, code, status, more_info,
               _("Twilio is having trouble (HTTP %u); the message was not sent. Try again in a few "
                 "minutes."), status);
  else if (code != 0 && message != NULL)
    set_error (error, OPS_TWILIO_ERROR_FAILED, code, status, more_info,
               _("Twilio refused the message: %s (Twilio error %d, explained at %s). Correct the "
                 "message or the number, then send again."),
               message, code, more_info ? more_info : "https://www.twilio.com/docs/errors");
  else
    set_error (error, OPS_TWILIO_ERROR_SERVER, code, status, more_info,
               _("Twilio answered HTTP %u without saying why; the message was not sent. Check the "
                 "Twilio address in the settings, then try again."), status);
}

static OpsTwilioMessage *
parse_message (OpsHttpResponse  *response,
               GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(OpsTwilioMessage) message = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;

  root = ops_http_response_parse_json (response, &local_error);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;

  message = g_new0 (OpsTwilioMessage, 1);
  message->sid = dup_string (object, "sid");
  message->status = dup_string (object, "status");
  if (message->sid == NULL || message->status == NULL)
    {
      set_error (error, OPS_TWILIO_ERROR_SERVER, 0, response->status, NULL,
                 _("Twilio accepted the message but its answer has no message id%s%s. Check the Twilio "
                   "address in the settings."),
                 local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }
  message->to = dup_string (object, "to");
  message->from = dup_string (object, "from");
  message->body = dup_string (object, "body");
  message->date_created = dup_string (object, "date_created");
  message->num_segments = dup_string (object, "num_segments");
  return g_steal_pointer (&message);
}

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  g_free (send->to);
  g_free (send->body);
  g_free (send);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *send = task_data;
  GError *error = NULL;
  OpsTwilioMessage *message;

  message = ops_twilio_client_send_sms (source_object, send->to, send->body, cancellable, &error);
  if (message == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, message, (GDestroyNotify)ops_twilio_message_free);
}

/*
 * GObject overrides
 */

static void
ops_twilio_client_finalize (GObject *object)
{
  OpsTwilioClient *self = (OpsTwilioClient *)object;

  g_clear_object (&self->session);
  g_free (self->messages_url);
  g_free (self->authorization);
  g_free (self->from);
  g_free (self->status_callback);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ops_twilio_client_parent_class)->finalize (object);
}

static void
ops_twilio_client_class_init (OpsTwilioClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_twilio_client_finalize;
}

static void
ops_twilio_client_init (OpsTwilioClient *self)
{
  g_mutex_init (&self->lock);
  ops_retry_policy_init_default (&self->retry);
}

/*
 * Public API
 */

int
ops_twilio_error_get_twilio_code (const GError *error)
{
  if (error == NULL || error->domain != OPS_TWILIO_ERROR)
    return 0;
  return ops_twilio_error_get_private (error)->twilio_code;
}

guint
ops_twilio_error_get_http_status (const GError *error)
{
  if (error == NULL || error->domain != OPS_TWILIO_ERROR)
    return 0;
  return ops_twilio_error_get_private (error)->http_status;
}

const char *
ops_twilio_error_get_more_info (const GError *error)
{
  if (error == NULL || error->domain != OPS_TWILIO_ERROR)
    return NULL;
  return ops_twilio_error_get_private (error)->more_info;
}

void
ops_twilio_message_free (OpsTwilioMessage *self)
{
  if (self == NULL)
    return;
  g_free (self->sid);
  g_free (self->status);
  g_free (self->to);
  g_free (self->from);
  g_free (self->body);
  g_free (self->date_created);
  g_free (self->num_segments);
  g_free (self);
}

/**
 * ops_twilio_normalize_phone:
 *
 * Accepts digits with the usual separators (spaces, dots, dashes,
 * parentheses) and a leading +; a North American number must have a real
 * area code and exchange (neither starts with 0 or 1).
 *
 * Returns: (transfer full) (nullable): "+<country><number>"
 */
char *
ops_twilio_normalize_phone (const char  *phone,
                            GError     **error)
{
  g_autofree char *e164 = NULL;
  gboolean plain = phone != NULL;

  for (const char *p = phone; p != NULL && *p != '\0' && plain; p++)
    plain = g_ascii_isdigit (*p) || strchr (" .-()+", *p) != NULL;

  if (plain)
    e164 = ops_phone_to_e164 (phone);
  if (e164 != NULL && g_str_has_prefix (e164, "+1") &&
      (strlen (e164) != 12 || e164[2] < '2' || e164[5] < '2'))
    g_clear_pointer (&e164, g_free);

  if (e164 == NULL)
    {
      set_error (error, OPS_TWILIO_ERROR_INVALID_NUMBER, 0, 0, NULL,
                 _("“%s” is not a phone number an SMS can be sent to. Write it with its area code "
                   "(450 555-0142), or in international form starting with + (+33 1 23 45 67 89)."),
                 phone ? phone : "");
      return NULL;
    }
  return g_steal_pointer (&e164);
}

OpsTwilioClient *
ops_twilio_client_new (const char  *base_url,
                       const char  *account_sid,
                       const char  *auth_token,
                       const char  *from,
                       const char  *status_callback,
                       GError     **error)
{
  g_autoptr(OpsTwilioClient) self = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *escaped_sid = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);

  if (account_sid == NULL || *account_sid == '\0' || auth_token == NULL || *auth_token == '\0' ||
      from == NULL || *from == '\0')
    {
      set_error (error, OPS_TWILIO_ERROR_NOT_CONFIGURED, 0, 0, NULL,
                 _("Twilio is not configured: set its account SID, Auth Token and sending number "
                   "(the [twilio] settings) to send SMS."));
      return NULL;
    }

  self = g_object_new (OPS_TYPE_TWILIO_CLIENT, NULL);
  if (!(self->session = ops_http_session_new (NULL, TIMEOUT_SECONDS, error)))
    return NULL;

  base = g_strdup (base_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  escaped_sid = g_uri_escape_string (account_sid, NULL, FALSE);
  self->messages_url = g_strdup_printf ("%s/" API_VERSION "/Accounts/%s/Messages.json", base, escaped_sid);

  credentials = g_strdup_printf ("%s:%s", account_sid, auth_token);
  encoded = g_base64_encode ((const guchar *)credentials, strlen (credentials));
  self->authorization = g_strconcat ("Basic ", encoded, NULL);
  self->from = g_strdup (from);
  self->status_callback = status_callback && *status_callback ? g_strdup (status_callback) : NULL;

  return g_steal_pointer (&self);
}

OpsTwilioClient *
ops_twilio_client_new_from_config (OpsConfig  *config,
                                   GError    **error)
{
  const char *public_url;
  g_autofree char *callback = NULL;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);

  if (!ops_config_has_service (config, "twilio"))
    {
      set_error (error, OPS_TWILIO_ERROR_NOT_CONFIGURED, 0, 0, NULL,
                 _("Twilio is not configured: set its account SID, Auth Token and sending number "
                   "(the [twilio] settings) to send SMS."));
      return NULL;
    }

  public_url = ops_config_get_string (config, "server", "public_url");
  if (public_url != NULL && *public_url != '\0')
    {
      g_autofree char *base = g_strdup (public_url);

      while (g_str_has_suffix (base, "/"))
        base[strlen (base) - 1] = '\0';
      callback = g_strconcat (base, OPS_TWILIO_STATUS_PATH, NULL);
    }
  else
    g_debug ("No [server] public_url: messages are sent without a StatusCallback");

  return ops_twilio_client_new (ops_config_get_string (config, "twilio", "url"),
                                ops_config_get_string (config, "twilio", "account_sid"),
                                ops_config_get_string (config, "twilio", "auth_token"),
                                ops_config_get_string (config, "twilio", "from"),
                                callback, error);
}

void
ops_twilio_client_set_retry (OpsTwilioClient      *self,
                             const OpsRetryPolicy *policy)
{
  g_return_if_fail (OPS_IS_TWILIO_CLIENT (self));

  g_mutex_lock (&self->lock);
  if (policy != NULL)
    self->retry = *policy;
  else
    ops_retry_policy_init_default (&self->retry);
  g_mutex_unlock (&self->lock);
}

const char *
ops_twilio_client_get_from (OpsTwilioClient *self)
{
  g_return_val_if_fail (OPS_IS_TWILIO_CLIENT (self), NULL);

  return self->from;
}

OpsTwilioMessage *
ops_twilio_client_send_sms (OpsTwilioClient  *self,
                            const char       *to,
                            const char       *body,
                            GCancellable     *cancellable,
                            GError          **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(GBytes) form = NULL;
  g_autofree char *number = NULL;
  OpsRetryPolicy policy;
  char *encoded;

  g_return_val_if_fail (OPS_IS_TWILIO_CLIENT (self), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  if (!(number = ops_twilio_normalize_phone (to, error)))
    return NULL;

  if (body == NULL || *body == '\0' || !g_utf8_validate (body, -1, NULL))
    {
      set_error (error, OPS_TWILIO_ERROR_INVALID_MESSAGE, 0, 0, NULL,
                 _("The message is empty. Write the text to send."));
      return NULL;
    }
  if (g_utf8_strlen (body, -1) > OPS_TWILIO_MAX_BODY_CHARS)
    {
      set_error (error, OPS_TWILIO_ERROR_INVALID_MESSAGE, 0, 0, NULL,
                 _("The message has %ld characters; an SMS can have at most %d. Shorten it, or send it "
                   "in two parts."),
                 (long)g_utf8_strlen (body, -1), OPS_TWILIO_MAX_BODY_CHARS);
      return NULL;
    }

  /* The first NULL name ends the list: no StatusCallback without a URL. */
  encoded = soup_form_encode ("To", number, "From", self->from, "Body", body,
                              self->status_callback ? "StatusCallback" : NULL, self->status_callback,
                              NULL);
  form = g_bytes_new_take (encoded, strlen (encoded));

  request = ops_http_request_new ("POST", self->messages_url);
  ops_http_request_set_header (request, "Authorization", self->authorization);
  ops_http_request_set_header (request, "Accept", "application/json");
  ops_http_request_set_body (request, "application/x-www-form-urlencoded", form);
  ops_http_request_set_max_body (request, MAX_ANSWER_BYTES);
  ops_http_request_set_retry_func (request, retry_status, NULL, NULL);
  g_mutex_lock (&self->lock);
  policy = self->retry;
  g_mutex_unlock (&self->lock);
  ops_http_request_set_retry (request, &policy);

  if (!(response = ops_http_send (self->session, request, cancellable, error)))
    return NULL;

  if (response->status == SOUP_STATUS_CREATED || response->status == SOUP_STATUS_OK)
    return parse_message (response, error);

  set_error_from_response (error, response, number);
  return NULL;
}

void
ops_twilio_client_send_sms_async (OpsTwilioClient     *self,
                                  const char          *to,
                                  const char          *body,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *send;

  g_return_if_fail (OPS_IS_TWILIO_CLIENT (self));

  send = g_new0 (SendData, 1);
  send->to = g_strdup (to);
  send->body = g_strdup (body);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_twilio_client_send_sms_async);
  g_task_set_task_data (task, send, send_data_free);
  g_task_run_in_thread (task, send_thread);
}

OpsTwilioMessage *
ops_twilio_client_send_sms_finish (OpsTwilioClient  *self,
                                   GAsyncResult     *result,
                                   GError          **error)
{
  g_return_val_if_fail (OPS_IS_TWILIO_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
