/* ops-http.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP layer every client shares: sessions, request descriptions that
 * are sent again on a retry, body-size limits, back-off and the debug log.
 */

#define G_LOG_DOMAIN "ops-http"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-http.h"

#define DEFAULT_TIMEOUT_SECONDS 30
#define IDLE_TIMEOUT_SECONDS 30
#define LOGGED_BODY_MAX 4096
#define READ_CHUNK (64 * 1024)
#define SNIPPET_CHARS 80
#define SNIPPET_SOURCE_BYTES 1024

struct _OpsHttpRequest
{
  gatomicrefcount     ref_count;
  char               *method;
  char               *uri;
  GUri               *parsed;       /* NULL when uri is not a valid address */
  SoupMessageHeaders *headers;
  char               *content_type;
  GBytes             *body;
  gsize               max_body;
  OpsRetryPolicy      policy;
  OpsHttpRetryFunc    retry_func;
  gpointer            retry_data;
  GDestroyNotify      retry_destroy;
};

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean cancelled;
} Wait;

typedef struct
{
  SoupSession    *session;
  OpsHttpRequest *request;
} SendData;

G_DEFINE_QUARK (ops-http-error-quark, ops_http_error)

/*
 * Auxiliary methods
 */

static gboolean
http_debug_enabled (void)
{
  g_auto(GStrv) domains = NULL;
  const char *value;

  if (g_log_get_debug_enabled ())
    return TRUE;

  value = g_getenv ("G_MESSAGES_DEBUG");
  if (value == NULL)
    return FALSE;

  domains = g_strsplit_set (value, " ,:", -1);
  for (guint i = 0; domains[i] != NULL; i++)
    if (g_str_equal (domains[i], "all") || g_str_equal (domains[i], G_LOG_DOMAIN))
      return TRUE;

  return FALSE;
}

static void
logger_print (SoupLogger         *logger,
              SoupLoggerLogLevel  level,
              char                direction,
              const char         *data,
              gpointer            user_data)
{
  g_autofree char *safe = NULL;
  const char *colon;

  if (data == NULL || data[0] == '\0')
    return;

  colon = strchr (data, ':');
  if (level == SOUP_LOGGER_LOG_HEADERS && colon != NULL)
    {
      g_autofree char *name = g_strndup (data, colon - data);
      g_autofree char *value = NULL;

      value = ops_http_redact_header (name, colon[1] == ' ' ? colon + 2 : colon + 1);
      safe = g_strdup_printf ("%s: %s", name, value);
    }
  else
    {
      safe = ops_http_redact_text (data);
    }

  g_debug ("%c %s", direction, safe);
}

static void
on_cancelled (GCancellable *cancellable,
              Wait         *wait)
{
  g_mutex_lock (&wait->mutex);
  wait->cancelled = TRUE;
  g_cond_signal (&wait->cond);
  g_mutex_unlock (&wait->mutex);
}

/* Sleeps delay_ms, returning early (FALSE, CANCELLED) when cancellable
 * fires. */
static gboolean
wait_cancellable (guint          delay_ms,
                  GCancellable  *cancellable,
                  GError       **error)
{
  Wait wait = { 0 };
  gulong handler = 0;
  gint64 end;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (delay_ms == 0)
    return TRUE;

  g_mutex_init (&wait.mutex);
  g_cond_init (&wait.cond);

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), &wait, NULL);

  end = g_get_monotonic_time () + (gint64)delay_ms * G_TIME_SPAN_MILLISECOND;
  g_mutex_lock (&wait.mutex);
  while (!wait.cancelled)
    if (!g_cond_wait_until (&wait.cond, &wait.mutex, end))
      break;
  g_mutex_unlock (&wait.mutex);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);

  g_cond_clear (&wait.cond);
  g_mutex_clear (&wait.mutex);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static const char *
request_host (OpsHttpRequest *request)
{
  const char *host = request->parsed ? g_uri_get_host (request->parsed) : NULL;

  return host ? host : request->uri;
}

/* Errors worth another attempt: the connection could not be made or
 * broke, or the server did not answer in time. */
static gboolean
is_transient_error (const GError *error)
{
  if (error->domain == G_RESOLVER_ERROR)
    return error->code == G_RESOLVER_ERROR_TEMPORARY_FAILURE;

  if (error->domain != G_IO_ERROR)
    return FALSE;

  switch (error->code)
    {
    case G_IO_ERROR_CONNECTION_REFUSED:
    case G_IO_ERROR_CONNECTION_CLOSED:
    case G_IO_ERROR_HOST_UNREACHABLE:
    case G_IO_ERROR_NETWORK_UNREACHABLE:
    case G_IO_ERROR_TIMED_OUT:
    case G_IO_ERROR_PARTIAL_INPUT:
    case G_IO_ERROR_NOT_CONNECTED:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The part of a GIO message worth showing after "Could not reach host:",
 * without GIO's own "Could not connect to host: " prefix. */
static const char *
error_reason (const GError *error)
{
  const char *reason = error->message;
  const char *colon = strstr (reason, ": ");

  if (g_str_has_prefix (reason, "Could not connect to ") && colon != NULL)
    return colon + 2;

  return reason;
}

static void
set_transport_error (GError        **error,
                     const GError   *source,
                     OpsHttpRequest *request,
                     SoupSession    *session)
{
  const char *host = request_host (request);

  if (source->domain == OPS_HTTP_ERROR ||
      g_error_matches (source, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_error_copy (source));
    }
  else if (g_error_matches (source, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE))
    {
      g_set_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TLS,
                   _("The certificate of %s is not trusted: %s. If the server uses a private "
                     "certificate authority, choose its CA file in Preferences."),
                   host, source->message);
    }
  else if (source->domain == G_TLS_ERROR)
    {
      g_set_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TLS,
                   _("The secure connection to %s failed: %s. Check that the address starts "
                     "with https:// only if the server speaks HTTPS."),
                   host, source->message);
    }
  else if (g_error_matches (source, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    {
      guint timeout = soup_session_get_timeout (session);

      g_set_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TIMEOUT,
                   _("%s did not answer within %u s. Try again later."),
                   host, timeout ? timeout : DEFAULT_TIMEOUT_SECONDS);
    }
  else
    {
      g_set_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK,
                   _("Could not reach %s: %s. Check the address and your network connection."),
                   host, error_reason (source));
    }
}

static gboolean
set_too_large (GError        **error,
               OpsHttpRequest *request,
               gsize           max_body)
{
  g_autofree char *limit = g_format_size (max_body);

  g_set_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TOO_LARGE,
               _("The answer of %s is larger than %s, so it was not read. Ask for less data "
                 "at a time (fewer rows or fields)."),
               request_host (request), limit);
  return FALSE;
}

static SoupMessage *
build_message (OpsHttpRequest *request)
{
  SoupMessageHeadersIter iter;
  SoupMessageHeaders *headers;
  SoupMessage *msg;
  const char *name;
  const char *value;

  msg = soup_message_new_from_uri (request->method, request->parsed);
  headers = soup_message_get_request_headers (msg);

  soup_message_headers_iter_init (&iter, request->headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (headers, name, value);

  if (request->body != NULL)
    soup_message_set_request_body_from_bytes (msg, request->content_type, request->body);

  return msg;
}

/* Reads the whole body, refusing more than max_body bytes. */
static GBytes *
read_body (SoupMessage     *msg,
           GInputStream    *stream,
           OpsHttpRequest  *request,
           GCancellable    *cancellable,
           GError         **error)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (msg);
  g_autoptr(GByteArray) buffer = NULL;
  gsize max_body = request->max_body;
  goffset length = -1;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    length = soup_message_headers_get_content_length (headers);

  if (length > 0 && (guint64)length > max_body)
    {
      set_too_large (error, request, max_body);
      return NULL;
    }

  buffer = g_byte_array_sized_new (length > 0 ? (guint)length : 4096);
  for (;;)
    {
      gsize used = buffer->len;
      /* Always a full chunk: libsoup's chunked decoder cannot serve reads of
       * a byte or two.  At most max_body + READ_CHUNK bytes are held. */
      gsize want = READ_CHUNK;
      gssize n;

      g_byte_array_set_size (buffer, used + want);
      n = g_input_stream_read (stream, buffer->data + used, want, cancellable, error);
      if (n < 0)
        return NULL;

      g_byte_array_set_size (buffer, used + n);
      if (n == 0)
        break;

      if (buffer->len > max_body)
        {
          set_too_large (error, request, max_body);
          return NULL;
        }
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
}

/* One attempt.  Errors are returned as they come from GIO (mapped later,
 * once it is known that no retry follows), except TOO_LARGE. */
static OpsHttpResponse *
send_once (SoupSession     *session,
           OpsHttpRequest  *request,
           GCancellable    *cancellable,
           GError         **error)
{
  g_autoptr(SoupMessage) msg = build_message (request);
  g_autoptr(GInputStream) stream = NULL;
  OpsHttpResponse *response;
  GBytes *body;

  stream = soup_session_send (session, msg, cancellable, error);
  if (stream == NULL)
    return NULL;

  body = read_body (msg, stream, request, cancellable, error);
  g_input_stream_close (stream, NULL, NULL);
  if (body == NULL)
    return NULL;

  response = g_new0 (OpsHttpResponse, 1);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  response->body = body;
  response->reason_phrase = g_strdup (soup_message_get_reason_phrase (msg));

  return response;
}

static gboolean
should_retry (OpsHttpRequest  *request,
              OpsHttpResponse *response)
{
  if (request->retry_func != NULL)
    return request->retry_func (response->status, response->headers, response->body,
                                request->retry_data);

  return ops_http_status_is_retryable (response->status);
}

static void
send_data_free (SendData *data)
{
  g_clear_object (&data->session);
  g_clear_pointer (&data->request, ops_http_request_unref);
  g_free (data);
}

static void
send_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SendData *data = task_data;
  OpsHttpResponse *response;
  GError *error = NULL;

  response = ops_http_send (data->session, data->request, cancellable, &error);
  if (response != NULL)
    g_task_return_pointer (task, response, (GDestroyNotify)ops_http_response_free);
  else
    g_task_return_error (task, error);
}

/*
 * Sessions
 */

SoupSession *
ops_http_session_new (const char  *ca_file,
                      guint        timeout_seconds,
                      GError     **error)
{
  g_autoptr(SoupSession) session = NULL;
  guint timeout = timeout_seconds ? timeout_seconds : DEFAULT_TIMEOUT_SECONDS;

  session = soup_session_new_with_options ("timeout", timeout,
                                           "idle-timeout", MAX (timeout, IDLE_TIMEOUT_SECONDS),
                                           "user-agent", "gigafibre-ops/" PACKAGE_VERSION,
                                           NULL);

  if (ca_file != NULL && ca_file[0] != '\0')
    {
      g_autoptr(GTlsDatabase) database = NULL;
      g_autoptr(GError) local_error = NULL;

      database = g_tls_file_database_new (ca_file, &local_error);
      if (database == NULL)
        {
          g_set_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_CA_FILE,
                       _("The CA file %s cannot be read: %s. Choose a PEM file with the "
                         "certificate of the certificate authority in Preferences."),
                       ca_file, local_error->message);
          return NULL;
        }
      soup_session_set_tls_database (session, database);
    }

  if (http_debug_enabled ())
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_BODY);

      soup_logger_set_max_body_size (logger, LOGGED_BODY_MAX);
      soup_logger_set_printer (logger, logger_print, NULL, NULL);
      soup_session_add_feature (session, SOUP_SESSION_FEATURE (logger));
    }

  return g_steal_pointer (&session);
}

/*
 * Requests
 */

OpsHttpRequest *
ops_http_request_new (const char *method,
                      const char *uri)
{
  OpsHttpRequest *self;

  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (uri != NULL, NULL);

  self = g_new0 (OpsHttpRequest, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->method = g_strdup (method);
  self->uri = g_strdup (uri);
  self->parsed = g_uri_parse (uri, SOUP_HTTP_URI_FLAGS, NULL);
  if (self->parsed != NULL &&
      g_strcmp0 (g_uri_get_scheme (self->parsed), "http") != 0 &&
      g_strcmp0 (g_uri_get_scheme (self->parsed), "https") != 0)
    g_clear_pointer (&self->parsed, g_uri_unref);
  if (self->parsed != NULL && (g_uri_get_host (self->parsed) == NULL ||
                               g_uri_get_host (self->parsed)[0] == '\0'))
    g_clear_pointer (&self->parsed, g_uri_unref);
  self->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  self->max_body = OPS_HTTP_DEFAULT_MAX_BODY;
  ops_retry_policy_init_default (&self->policy);

  return self;
}

OpsHttpRequest *
ops_http_request_ref (OpsHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
ops_http_request_unref (OpsHttpRequest *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->retry_destroy != NULL)
    self->retry_destroy (self->retry_data);
  g_free (self->method);
  g_free (self->uri);
  g_clear_pointer (&self->parsed, g_uri_unref);
  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_free (self->content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self);
}

const char *
ops_http_request_get_method (OpsHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->method;
}

const char *
ops_http_request_get_uri (OpsHttpRequest *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->uri;
}

void
ops_http_request_set_header (OpsHttpRequest *self,
                             const char     *name,
                             const char     *value)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (name != NULL);

  if (value != NULL)
    soup_message_headers_replace (self->headers, name, value);
  else
    soup_message_headers_remove (self->headers, name);
}

void
ops_http_request_set_body (OpsHttpRequest *self,
                           const char     *content_type,
                           GBytes         *body)
{
  g_return_if_fail (self != NULL);

  g_free (self->content_type);
  self->content_type = g_strdup (content_type);
  g_clear_pointer (&self->body, g_bytes_unref);
  if (body != NULL)
    self->body = g_bytes_ref (body);
}

void
ops_http_request_set_json_body (OpsHttpRequest *self,
                                JsonNode       *node)
{
  g_autoptr(GBytes) body = NULL;
  gsize length = 0;
  char *text;

  g_return_if_fail (self != NULL);
  g_return_if_fail (node != NULL);

  text = json_to_string (node, FALSE);
  length = strlen (text);
  body = g_bytes_new_take (text, length);
  ops_http_request_set_body (self, "application/json", body);
}

void
ops_http_request_set_max_body (OpsHttpRequest *self,
                               gsize           max_body)
{
  g_return_if_fail (self != NULL);

  self->max_body = max_body ? max_body : OPS_HTTP_DEFAULT_MAX_BODY;
}

void
ops_http_request_set_retry (OpsHttpRequest       *self,
                            const OpsRetryPolicy *policy)
{
  g_return_if_fail (self != NULL);

  if (policy != NULL)
    self->policy = *policy;
  else
    ops_retry_policy_init_default (&self->policy);
}

void
ops_http_request_set_retry_func (OpsHttpRequest   *self,
                                 OpsHttpRetryFunc  func,
                                 gpointer          user_data,
                                 GDestroyNotify    destroy)
{
  g_return_if_fail (self != NULL);

  if (self->retry_destroy != NULL)
    self->retry_destroy (self->retry_data);

  self->retry_func = func;
  self->retry_data = user_data;
  self->retry_destroy = destroy;
}

/*
 * Sending
 */

OpsHttpResponse *
ops_http_send (SoupSession     *session,
               OpsHttpRequest  *request,
               GCancellable    *cancellable,
               GError         **error)
{
  g_autofree char *safe_uri = NULL;
  guint max_attempts;

  g_return_val_if_fail (SOUP_IS_SESSION (session), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  safe_uri = ops_http_redact_text (request->uri);

  if (request->parsed == NULL)
    {
      g_set_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK,
                   _("“%s” is not a valid web address. Check the address in Preferences; it "
                     "should look like https://erp.example.com."),
                   safe_uri);
      return NULL;
    }

  max_attempts = MAX (1u, request->policy.max_attempts);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(OpsHttpResponse) response = NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 retry_after = -1;
      guint delay;

      response = send_once (session, request, cancellable, &local_error);
      if (response == NULL)
        {
          if (attempt >= max_attempts || !is_transient_error (local_error))
            {
              g_debug ("%s %s failed: %s", request->method, safe_uri, local_error->message);
              set_transport_error (error, local_error, request, session);
              return NULL;
            }
        }
      else
        {
          g_debug ("%s %s: HTTP %u (attempt %u)", request->method, safe_uri,
                   response->status, attempt);
          if (attempt >= max_attempts || !should_retry (request, response))
            return g_steal_pointer (&response);

          retry_after =
            ops_http_parse_retry_after (soup_message_headers_get_one (response->headers,
                                                                      "Retry-After"),
                                        NULL);
        }

      delay = ops_retry_policy_delay_ms (&request->policy, attempt, retry_after,
                                         g_random_double ());
      g_debug ("Retrying %s %s in %u ms (attempt %u of %u): %s", request->method, safe_uri,
               delay, attempt + 1, max_attempts,
               local_error ? local_error->message : "retryable status");

      if (!wait_cancellable (delay, cancellable, error))
        return NULL;
    }
}

void
ops_http_send_async (SoupSession         *session,
                     OpsHttpRequest      *request,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SendData *data;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (request != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (SendData, 1);
  data->session = g_object_ref (session);
  data->request = ops_http_request_ref (request);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_http_send_async);
  g_task_set_task_data (task, data, (GDestroyNotify)send_data_free);
  g_task_run_in_thread (task, send_thread);
}

OpsHttpResponse *
ops_http_send_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ops_http_send_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * Responses
 */

/* The first SNIPPET_CHARS characters of body, on one line, redacted. */
static char *
body_snippet (GBytes *body)
{
  g_autofree char *valid = NULL;
  g_autofree char *safe = NULL;
  GString *snippet;
  const char *data;
  const char *p;
  gsize size = 0;
  guint count = 0;

  /* Redact a generous head rather than the whole (maybe huge) body; a
   * secret cut at its end is still hidden by the redaction. */
  data = g_bytes_get_data (body, &size);
  valid = g_utf8_make_valid (data ? data : "", MIN (size, SNIPPET_SOURCE_BYTES));
  safe = ops_http_redact_text (valid);

  snippet = g_string_new (NULL);
  for (p = safe; *p != '\0' && count < SNIPPET_CHARS; p = g_utf8_next_char (p), count++)
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (snippet, c);
      else if (snippet->len > 0 && snippet->str[snippet->len - 1] != ' ')
        g_string_append_c (snippet, ' ');
    }
  if (*p != '\0')
    g_string_append (snippet, "…");

  return g_string_free (snippet, FALSE);
}

JsonNode *
ops_http_response_parse_json (OpsHttpResponse  *self,
                              GError          **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autofree char *snippet = NULL;
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (self != NULL, NULL);

  data = g_bytes_get_data (self->body, &size);
  if (size == 0)
    {
      g_set_error_literal (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_MALFORMED,
                           _("The server answered with an empty body where JSON was expected. "
                             "Check that the address points to the right server."));
      return NULL;
    }

  if (g_utf8_validate (data, size, NULL))
    {
      parser = json_parser_new ();
      if (json_parser_load_from_data (parser, data, size, NULL) &&
          json_parser_get_root (parser) != NULL)
        return json_parser_steal_root (parser);
    }

  snippet = body_snippet (self->body);
  g_set_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_MALFORMED,
               _("The server answered with something that is not JSON (%s). Check that the "
                 "address points to the right server."),
               snippet);
  return NULL;
}

void
ops_http_response_free (OpsHttpResponse *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->headers, soup_message_headers_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_free (self->reason_phrase);
  g_free (self);
}
