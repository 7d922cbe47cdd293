/* ops-gemini-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Gemini generateContent with an inline image.  The request goes through
 * the shared HTTP layer (session, OpsHttpRequest, one attempt per call);
 * the retries are a loop of this file's own, because Gemini says how long
 * to wait in its JSON error body (RetryInfo), not in Retry-After, and a
 * per-day quota must not be retried at all.  Each attempt has the session's
 * timeout.  The whole exchange runs on a worker thread.
 */

#define G_LOG_DOMAIN "ops-gemini"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-gemini-client.h"
#include "ops-http.h"

#define DEFAULT_TIMEOUT_SECONDS 8
#define DEFAULT_BASE_DELAY_MS 1000
#define DEFAULT_MAX_DELAY_MS 60000
#define DEFAULT_ATTEMPTS 5
/* Inline data: the whole request must stay under 20 MB. */
#define MAX_REQUEST_BYTES (20 * 1000 * 1000)
#define REQUEST_OVERHEAD_BYTES (16 * 1024)
/* A RetryInfo longer than this is not waited for in the background. */
#define MAX_RETRY_INFO_MS (60 * 1000)
#define MAX_OUTPUT_TOKENS 2048
#define HTTP_TOO_MANY_REQUESTS 429
#define HTTP_REQUEST_TIMEOUT 408

struct _OpsGeminiClient
{
  GObject      parent_instance;

  char        *base_url;
  char        *model;
  char        *api_key;
  SoupSession *session;
  guint        timeout;
  guint        base_delay_ms;
  guint        max_delay_ms;
  guint        attempts;
};

typedef struct
{
  SoupSession   *session;
  OpsHttpRequest *request;
  OpsRetryPolicy policy;
  OpsVisionTask  task;
  GBytes        *image;
  char          *mime_type;
  char          *model;
} ReadData;

/* What an error body says (google.rpc.Status). */
typedef struct
{
  char    *status;          /* RESOURCE_EXHAUSTED, UNAVAILABLE, … */
  char    *message;
  char    *reason;          /* ErrorInfo.reason, e.g. API_KEY_INVALID */
  gint64   retry_delay_ms;  /* RetryInfo.retryDelay, -1 when absent */
  gboolean per_day;         /* a QuotaFailure on a per-day quota */
} ErrorBody;

G_DEFINE_FINAL_TYPE (OpsGeminiClient, ops_gemini_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-gemini-error-quark, ops_gemini_error)

static const char * const image_types[] = {
  "image/png", "image/jpeg", "image/webp", "image/heic", "image/heif",
};

/*
 * Auxiliary methods
 */

static void
read_data_free (ReadData *data)
{
  g_clear_object (&data->session);
  g_clear_pointer (&data->request, ops_http_request_unref);
  g_clear_pointer (&data->image, g_bytes_unref);
  g_free (data->mime_type);
  g_free (data->model);
  g_free (data);
}

static void
error_body_clear (ErrorBody *body)
{
  g_clear_pointer (&body->status, g_free);
  g_clear_pointer (&body->message, g_free);
  g_clear_pointer (&body->reason, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ErrorBody, error_body_clear)

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
array_object (JsonArray *array,
              guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* A protobuf Duration in JSON: "20s", "1.5s", "20.04466179s". */
static gint64
parse_duration_ms (const char *text)
{
  g_autofree char *copy = NULL;
  char *end = NULL;
  double seconds;
  gsize length;

  if (text == NULL)
    return -1;
  copy = g_strstrip (g_strdup (text));
  length = strlen (copy);
  if (length < 2 || copy[length - 1] != 's')
    return -1;
  copy[length - 1] = '\0';

  seconds = g_ascii_strtod (copy, &end);
  if (end == copy || *end != '\0' || !isfinite (seconds) || seconds < 0 || seconds > 86400 * 366)
    return -1;
  return (gint64)ceil (seconds * 1000);
}

/* Reads {"error": {code, message, status, details: [...]}}; anything
 * else leaves the fields empty. */
static void
parse_error_body (OpsHttpResponse *response,
                  ErrorBody       *out)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *error;
  JsonArray *details;

  out->retry_delay_ms = -1;
  root = ops_http_response_parse_json (response, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;

  error = object_member (json_node_get_object (root), "error");
  out->status = g_strdup (string_member (error, "status"));
  out->message = g_strdup (string_member (error, "message"));

  details = array_member (error, "details");
  for (guint i = 0; details != NULL && i < json_array_get_length (details); i++)
    {
      JsonObject *detail = array_object (details, i);
      const char *type = string_member (detail, "@type");

      if (type == NULL)
        continue;
      if (g_str_has_suffix (type, "google.rpc.RetryInfo"))
        out->retry_delay_ms = parse_duration_ms (string_member (detail, "retryDelay"));
      else if (g_str_has_suffix (type, "google.rpc.ErrorInfo") && out->reason == NULL)
        out->reason = g_strdup (string_member (detail, "reason"));
      else if (g_str_has_suffix (type, "google.rpc.QuotaFailure"))
        {
          JsonArray *violations = array_member (detail, "violations");

          for (guint j = 0; violations != NULL && j < json_array_get_length (violations); j++)
            {
              const char *quota = string_member (array_object (violations, j), "quotaId");

              if (quota != NULL && strstr (quota, "PerDay") != NULL)
                out->per_day = TRUE;
            }
        }
    }
}

static gboolean
status_is_retryable (guint status)
{
  return status == HTTP_REQUEST_TIMEOUT || status == HTTP_TOO_MANY_REQUESTS || status == 500 ||
         status == 502 || status == 503 || status == 504;
}

/* The error of a status that is not retried, or that still fails after
 * the retries. */
static GError *
status_error (guint      status,
              ErrorBody *body)
{
  const char *detail = body->message ? body->message : _("no details");

  if (g_strcmp0 (body->reason, "API_KEY_INVALID") == 0 || status == 401 || status == 403)
    return g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_AUTH,
                        _("Gemini refused the API key (HTTP %u: %s). Check the Gemini API key in "
                          "Preferences or [gemini] api_key."),
                        status, detail);

  if (status == HTTP_TOO_MANY_REQUESTS && body->per_day)
    return g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_QUOTA,
                        _("The daily Gemini quota of this API key is used up (%s). Photos can be "
                          "read again tomorrow, or with a key on a paid plan."),
                        detail);

  if (status == HTTP_TOO_MANY_REQUESTS)
    return g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_QUOTA,
                        _("Gemini is still refusing requests over its rate limit after several "
                          "tries (%s). Wait a minute and try again."),
                        detail);

  if (status == HTTP_REQUEST_TIMEOUT || status == 504)
    return g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TIMEOUT,
                        _("Gemini did not finish in time (HTTP %u: %s). Try again, or with a "
                          "smaller photo."),
                        status, detail);

  if (status >= 500)
    return g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_UNAVAILABLE,
                        _("Gemini is unavailable (HTTP %u: %s). Try again in a few minutes."),
                        status, detail);

  return g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BAD_REQUEST,
                      _("Gemini refused the request (HTTP %u: %s). Check [gemini] url and model "
                        "in the configuration."),
                      status, detail);
}

/* Transport failures: a timeout or an unreachable server are retried. */
static GError *
transport_error (const GError *error,
                 gboolean     *retry)
{
  *retry = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (g_error_matches (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TIMEOUT))
    {
      *retry = TRUE;
      return g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TIMEOUT,
                          _("Gemini did not answer in time: %s"), error->message);
    }

  *retry = g_error_matches (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);
  return g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_UNAVAILABLE,
                      _("Gemini cannot be reached: %s"), error->message);
}

/* The candidate's text: every text part of candidate 0 that is not a
 * thought, in order. */
static char *
candidate_text (JsonObject *candidate)
{
  JsonArray *parts = array_member (object_member (candidate, "content"), "parts");
  GString *text = g_string_new (NULL);

  for (guint i = 0; parts != NULL && i < json_array_get_length (parts); i++)
    {
      JsonObject *part = array_object (parts, i);
      JsonNode *thought = part ? json_object_get_member (part, "thought") : NULL;
      const char *chunk = string_member (part, "text");

      if (thought != NULL && JSON_NODE_HOLDS_VALUE (thought) &&
          json_node_get_value_type (thought) == G_TYPE_BOOLEAN && json_node_get_boolean (thought))
        continue;
      if (chunk != NULL)
        g_string_append (text, chunk);
    }

  return g_string_free (text, FALSE);
}

/* A 200 answer: blocked, cut off, refused, or the task's JSON. */
static JsonNode *
read_answer (ReadData         *data,
             OpsHttpResponse  *response,
             GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  JsonObject *object;
  JsonObject *candidate;
  JsonObject *usage;
  JsonArray *candidates;
  const char *block_reason;
  const char *finish;
  JsonNode *result;

  root = ops_http_response_parse_json (response, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_INVALID_ANSWER,
                   _("Gemini’s answer could not be read: %s"),
                   local_error ? local_error->message : _("it is not a JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);

  usage = object_member (object, "usageMetadata");
  if (usage != NULL)
    g_debug ("%s: %" G_GINT64_FORMAT " prompt tokens, %" G_GINT64_FORMAT " answer tokens",
             ops_vision_task_to_string (data->task),
             json_object_get_int_member_with_default (usage, "promptTokenCount", 0),
             json_object_get_int_member_with_default (usage, "candidatesTokenCount", 0));

  candidates = array_member (object, "candidates");
  block_reason = string_member (object_member (object, "promptFeedback"), "blockReason");
  if (block_reason != NULL && (candidates == NULL || json_array_get_length (candidates) == 0))
    {
      g_set_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BLOCKED,
                   _("Gemini refused to read this photo (blocked: %s). Take another photo that "
                     "shows only the label or the document."),
                   block_reason);
      return NULL;
    }

  candidate = candidates != NULL && json_array_get_length (candidates) > 0 ? array_object (candidates, 0) : NULL;
  if (candidate == NULL)
    {
      g_set_error_literal (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_INVALID_ANSWER,
                           _("Gemini gave no answer for this photo. Try again, or with a sharper photo."));
      return NULL;
    }

  finish = string_member (candidate, "finishReason");
  if (g_strcmp0 (finish, "MAX_TOKENS") == 0)
    {
      g_set_error_literal (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TRUNCATED,
                           _("Gemini’s answer was cut off before its end, so it was not used. Try "
                             "again with a photo of fewer lines, or one page at a time."));
      return NULL;
    }
  if (finish != NULL && !g_str_equal (finish, "STOP"))
    {
      const char *why = string_member (candidate, "finishMessage");

      g_set_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_REFUSED,
                   _("Gemini stopped without a complete answer (%s%s%s). Try another photo."),
                   finish, why ? ": " : "", why ? why : "");
      return NULL;
    }

  text = candidate_text (candidate);
  if (text[0] == '\0')
    {
      g_set_error_literal (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_INVALID_ANSWER,
                           _("Gemini’s answer holds no text. Try again, or with a sharper photo."));
      return NULL;
    }

  result = ops_vision_parse_answer (data->task, text, &local_error);
  if (result == NULL)
    {
      g_set_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_INVALID_ANSWER,
                   _("Gemini’s answer did not match the expected fields, so it was not used: %s"),
                   local_error->message);
      return NULL;
    }

  return result;
}

/* Sleeps delay_ms unless cancellable fires first (FALSE then). */
static gboolean
sleep_cancellable (guint          delay_ms,
                   GCancellable  *cancellable,
                   GError       **error)
{
  gint64 end = g_get_monotonic_time () + (gint64)delay_ms * G_TIME_SPAN_MILLISECOND;
  GPollFD pollfd = { 0 };
  gboolean pollable;

  pollable = cancellable != NULL && g_cancellable_make_pollfd (cancellable, &pollfd);
  for (;;)
    {
      gint64 left = end - g_get_monotonic_time ();

      if (g_cancellable_is_cancelled (cancellable) || left <= 0)
        break;
      if (pollable)
        g_poll (&pollfd, 1, (gint)((left + 999) / 1000));
      else
        g_usleep ((gulong)MIN (left, 50 * G_TIME_SPAN_MILLISECOND));
    }
  if (pollable)
    g_cancellable_release_fd (cancellable);

  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

static JsonNode *
build_body (ReadData *data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *encoded = NULL;
  gsize size = 0;
  const guchar *bytes = g_bytes_get_data (data->image, &size);

  encoded = g_base64_encode (bytes, size);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "contents");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "user");
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, ops_vision_task_prompt (data->task));
  json_builder_end_object (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "inlineData");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mimeType");
  json_builder_add_string_value (builder, data->mime_type);
  json_builder_set_member_name (builder, "data");
  json_builder_add_string_value (builder, encoded);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "generationConfig");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "responseMimeType");
  json_builder_add_string_value (builder, "application/json");
  json_builder_set_member_name (builder, "responseSchema");
  json_builder_add_value (builder, ops_vision_task_schema (data->task));
  json_builder_set_member_name (builder, "temperature");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "maxOutputTokens");
  json_builder_add_int_value (builder, MAX_OUTPUT_TOKENS);
  json_builder_set_member_name (builder, "thinkingConfig");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "thinkingBudget");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
read_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ReadData *data = task_data;
  g_autoptr(JsonNode) body = build_body (data);
  GError *last_error = NULL;

  ops_http_request_set_json_body (data->request, body);
  g_clear_pointer (&body, json_node_unref);

  for (guint attempt = 1; ; attempt++)
    {
      g_autoptr(OpsHttpResponse) response = NULL;
      g_autoptr(GError) local_error = NULL;
      g_auto(ErrorBody) error_body = { 0 };
      gint64 floor_ms = -1;
      gboolean retry = FALSE;
      guint delay;

      g_clear_error (&last_error);
      response = ops_http_send (data->session, data->request, cancellable, &local_error);
      if (response == NULL)
        {
          last_error = transport_error (local_error, &retry);
        }
      else if (response->status == SOUP_STATUS_OK)
        {
          JsonNode *result = read_answer (data, response, &last_error);

          if (result != NULL)
            {
              g_task_return_pointer (task, result, (GDestroyNotify)json_node_unref);
              return;
            }
        }
      else
        {
          parse_error_body (response, &error_body);
          g_debug ("%s: HTTP %u %s (attempt %u of %u)", data->model, response->status,
                   error_body.status ? error_body.status : "", attempt, data->policy.max_attempts);
          last_error = status_error (response->status, &error_body);
          retry = status_is_retryable (response->status) && !error_body.per_day;
          floor_ms = error_body.retry_delay_ms;

          if (retry && floor_ms > MAX_RETRY_INFO_MS)
            {
              /* Gemini asks for a wait longer than anyone should stare at
               * a spinner: tell the operator instead. */
              g_clear_error (&last_error);
              last_error = g_error_new (OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_QUOTA,
                                        _("Gemini asks to wait %lld s before the next "
                                          "request (its quota is used up). Try again later."),
                                        (long long) ((floor_ms + 999) / 1000));
              retry = FALSE;
            }
        }

      if (!retry || attempt >= data->policy.max_attempts)
        break;

      delay = ops_retry_policy_delay_ms (&data->policy, attempt, -1, g_random_double ());
      if (floor_ms > (gint64)delay)
        delay = (guint)floor_ms;
      g_debug ("Retrying %s in %u ms (attempt %u of %u): %s", data->model, delay, attempt + 1,
               data->policy.max_attempts, last_error->message);

      g_clear_error (&last_error);
      if (!sleep_cancellable (delay, cancellable, &last_error))
        break;
    }

  g_task_return_error (task, last_error);
}

static gboolean
mime_type_is_supported (const char *mime_type)
{
  for (guint i = 0; mime_type != NULL && i < G_N_ELEMENTS (image_types); i++)
    if (g_str_equal (mime_type, image_types[i]))
      return TRUE;
  return FALSE;
}

/* Gemini's debug log may show headers (the key is redacted by the shared
 * logger) and answers, never the request body: it holds the photo. */
static SoupLoggerLogLevel
request_log_level_cb (SoupLogger  *logger,
                      SoupMessage *msg,
                      gpointer     user_data)
{
  return SOUP_LOGGER_LOG_HEADERS;
}

/*
 * GObject overrides
 */

static void
ops_gemini_client_finalize (GObject *object)
{
  OpsGeminiClient *self = (OpsGeminiClient *)object;

  g_clear_object (&self->session);
  g_free (self->base_url);
  g_free (self->model);
  g_free (self->api_key);

  G_OBJECT_CLASS (ops_gemini_client_parent_class)->finalize (object);
}

static void
ops_gemini_client_class_init (OpsGeminiClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_gemini_client_finalize;
}

static void
ops_gemini_client_init (OpsGeminiClient *self)
{
  self->timeout = DEFAULT_TIMEOUT_SECONDS;
  self->base_delay_ms = DEFAULT_BASE_DELAY_MS;
  self->max_delay_ms = DEFAULT_MAX_DELAY_MS;
  self->attempts = DEFAULT_ATTEMPTS;
}

/*
 * Public API
 */

OpsGeminiClient *
ops_gemini_client_new (const char *base_url,
                       const char *model,
                       const char *api_key)
{
  OpsGeminiClient *self;
  SoupSessionFeature *logger;
  gsize length;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (model != NULL, NULL);
  g_return_val_if_fail (api_key != NULL, NULL);

  self = g_object_new (OPS_TYPE_GEMINI_CLIENT, NULL);
  length = strlen (base_url);
  while (length > 0 && base_url[length - 1] == '/')
    length--;
  self->base_url = g_strndup (base_url, length);
  self->model = g_strdup (model);
  self->api_key = g_strdup (api_key);

  /* No CA file: a session cannot fail to be made. */
  self->session = ops_http_session_new (NULL, self->timeout, NULL);
  logger = soup_session_get_feature (self->session, SOUP_TYPE_LOGGER);
  if (logger != NULL)
    soup_logger_set_request_filter (SOUP_LOGGER (logger), request_log_level_cb, NULL, NULL);

  return self;
}

OpsGeminiClient *
ops_gemini_client_new_from_config (OpsConfig  *config,
                                   GError    **error)
{
  OpsGeminiClient *self;
  const char *api_key;
  const char *url;
  const char *model;
  gint64 timeout;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);

  api_key = ops_config_get_string (config, "gemini", "api_key");
  if (api_key == NULL || api_key[0] == '\0')
    {
      g_set_error_literal (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_NOT_CONFIGURED,
                           _("Reading photos with Gemini is not configured. Set the Gemini API key "
                             "in Preferences or [gemini] api_key."));
      return NULL;
    }

  url = ops_config_get_string (config, "gemini", "url");
  model = ops_config_get_string (config, "gemini", "model");
  self = ops_gemini_client_new (url ? url : "https://generativelanguage.googleapis.com",
                                model ? model : "gemini-2.5-flash", api_key);

  timeout = ops_config_get_int (config, "gemini", "timeout");
  if (timeout > 0)
    ops_gemini_client_set_timeout (self, (guint)MIN (timeout, 600));

  return self;
}

void
ops_gemini_client_set_timeout (OpsGeminiClient *self,
                               guint            seconds)
{
  g_return_if_fail (OPS_IS_GEMINI_CLIENT (self));

  self->timeout = seconds ? seconds : DEFAULT_TIMEOUT_SECONDS;
  soup_session_set_timeout (self->session, self->timeout);
}

void
ops_gemini_client_set_backoff (OpsGeminiClient *self,
                               guint            base_ms,
                               guint            max_ms,
                               guint            attempts)
{
  g_return_if_fail (OPS_IS_GEMINI_CLIENT (self));

  self->base_delay_ms = base_ms;
  self->max_delay_ms = MAX (max_ms, base_ms);
  self->attempts = MAX (attempts, 1u);
}

void
ops_gemini_client_read_async (OpsGeminiClient     *self,
                              OpsVisionTask        task,
                              GBytes              *image,
                              const char          *mime_type,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) gtask = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *model = NULL;
  ReadData *data;
  gsize size;

  g_return_if_fail (OPS_IS_GEMINI_CLIENT (self));
  g_return_if_fail (image != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  gtask = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (gtask, ops_gemini_client_read_async);

  if (!ops_vision_task_to_string (task))
    {
      g_task_return_new_error (gtask, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BAD_REQUEST,
                               _("Unknown vision task %d."), (int)task);
      return;
    }

  if (!mime_type_is_supported (mime_type))
    {
      g_task_return_new_error (gtask, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BAD_REQUEST,
                               _("Gemini cannot read %s images. Send a PNG, JPEG, WebP or HEIC photo."),
                               mime_type ? mime_type : _("unknown"));
      return;
    }

  size = g_bytes_get_size (image);
  if (size == 0 || (size + 2) / 3 * 4 > MAX_REQUEST_BYTES - REQUEST_OVERHEAD_BYTES)
    {
      g_autofree char *shown = g_format_size (size);

      g_task_return_new_error (gtask, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TOO_LARGE,
                               size == 0 ? _("The photo is empty (%s). Take the photo again.")
                                         : _("The photo is too large to send to Gemini (%s). Send a "
                                             "photo under 14 MB, or a smaller resolution."),
                               shown);
      return;
    }

  model = g_uri_escape_string (self->model, NULL, FALSE);
  uri = g_strdup_printf ("%s/v1beta/models/%s:generateContent", self->base_url, model);

  data = g_new0 (ReadData, 1);
  data->session = g_object_ref (self->session);
  data->request = ops_http_request_new ("POST", uri);
  ops_http_request_set_header (data->request, "x-goog-api-key", self->api_key);
  ops_http_request_set_header (data->request, "Accept", "application/json");
  data->policy.max_attempts = 1;
  /* One attempt per send: the loop of read_thread () retries. */
  ops_http_request_set_retry (data->request, &data->policy);
  data->policy.max_attempts = self->attempts;
  data->policy.base_delay_ms = self->base_delay_ms;
  data->policy.max_delay_ms = self->max_delay_ms;
  data->task = task;
  data->image = g_bytes_ref (image);
  data->mime_type = g_strdup (mime_type);
  data->model = g_strdup (self->model);

  g_task_set_task_data (gtask, data, (GDestroyNotify)read_data_free);
  g_task_run_in_thread (gtask, read_thread);
}

JsonNode *
ops_gemini_client_read_finish (OpsGeminiClient  *self,
                               GAsyncResult     *result,
                               GError          **error)
{
  g_return_val_if_fail (OPS_IS_GEMINI_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ops_gemini_client_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
