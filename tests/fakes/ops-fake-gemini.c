/* ops-fake-gemini.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake Gemini generateContent route on an OpsFakeServer, with the
 * answer and error bodies of apis.md §4.
 */

#define G_LOG_DOMAIN "OpsFakeGemini"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ops-fake-gemini.h"
#include "ops-fake-server.h"

#define PATH_PREFIX "/v1beta/models/"
#define PATH_SUFFIX ":generateContent"
#define HANG_MS (120 * 1000)
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

typedef struct
{
  OpsFakeGeminiReply  reply;
  char               *text;
} Script;

typedef struct
{
  char     *key;
  char     *path;
  JsonNode *body;
  gint64    time;
} Request;

struct _OpsFakeGemini
{
  GMutex         mutex;
  OpsFakeServer *server;
  char          *api_key;
  GQueue         script;     /* Script* */
  GPtrArray     *requests;   /* Request* */
};

static const char barcodes_answer[] =
  "{\"codes\": [{\"type\": \"CODE128\", \"value\": \"ZTEGC8F41B27\"}]}";
static const char equipment_answer[] =
  "{\"brand\": \"ZTE\", \"model\": \"ZXHN F670L\", \"serial\": \"ZTEEH8QL1A23456\","
  " \"mac\": \"AA:BB:CC:DD:EE:FF\", \"gpon_serial\": \"ZTEGC8F41B27\"}";
static const char invoice_answer[] =
  "{\"supplier\": \"Distributions Électriques Laval inc.\", \"number\": \"F-2026-00418\","
  " \"date\": \"2026-03-12\", \"currency\": \"CAD\", \"subtotal\": 1250.00, \"tps\": 62.50,"
  " \"tvq\": 124.69, \"total\": 1437.19, \"lines\": ["
  "{\"description\": \"Câble fibre optique monomode 12 brins (m)\", \"quantity\": 500,"
  " \"unit_price\": 1.85, \"amount\": 925.00},"
  "{\"description\": \"Connecteurs SC/APC (paquet de 10)\", \"quantity\": 5, \"unit_price\": 65.00,"
  " \"amount\": 325.00}]}";

/*
 * Auxiliary methods
 */

static void
script_free (gpointer data)
{
  Script *script = data;

  g_free (script->text);
  g_free (script);
}

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->key);
  g_free (request->path);
  g_clear_pointer (&request->body, json_node_unref);
  g_free (request);
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json; charset=UTF-8", SOUP_MEMORY_COPY,
                                    json, strlen (json));
}

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  respond_text (msg, status, text);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *rpc_status,
               const char        *message,
               const char        *details)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonNode) quoted = json_node_init_string (json_node_alloc (), message);
  g_autofree char *message_json = json_to_string (quoted, FALSE);

  body = g_strdup_printf ("{\n  \"error\": {\n    \"code\": %u,\n    \"message\": %s,\n"
                          "    \"status\": \"%s\"%s%s\n  }\n}\n",
                          status, message_json, rpc_status,
                          details ? ",\n    \"details\": " : "", details ? details : "");
  respond_text (msg, status, body);
}

static void
respond_bad_key (SoupServerMessage *msg)
{
  respond_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_ARGUMENT",
                 "API key not valid. Please pass a valid API key.",
                 "[{\"@type\": \"type.googleapis.com/google.rpc.ErrorInfo\", \"reason\": \"API_KEY_INVALID\","
                 " \"domain\": \"googleapis.com\", \"metadata\": {\"service\": "
                 "\"generativelanguage.googleapis.com\"}},"
                 " {\"@type\": \"type.googleapis.com/google.rpc.LocalizedMessage\", \"locale\": \"en-US\","
                 " \"message\": \"API key not valid. Please pass a valid API key.\"}]");
}

static void
respond_quota (SoupServerMessage *msg,
               const char        *quota_id,
               const char        *retry_delay)
{
  g_autofree char *details = NULL;

  details = g_strdup_printf ("[{\"@type\": \"type.googleapis.com/google.rpc.QuotaFailure\", \"violations\": "
                             "[{\"quotaMetric\": \"generativelanguage.googleapis.com/"
                             "generate_content_free_tier_requests\", \"quotaId\": \"%s\", \"quotaDimensions\": "
                             "{\"location\": \"global\", \"model\": \"gemini-2.5-flash\"}}]},"
                             " {\"@type\": \"type.googleapis.com/google.rpc.Help\", \"links\": [{\"description\": "
                             "\"Learn more about Gemini API quotas\", \"url\": "
                             "\"https://ai.google.dev/gemini-api/docs/rate-limits\"}]},"
                             " {\"@type\": \"type.googleapis.com/google.rpc.RetryInfo\", \"retryDelay\": \"%s\"}]",
                             quota_id, retry_delay);
  respond_error (msg, HTTP_TOO_MANY_REQUESTS, "RESOURCE_EXHAUSTED",
                 "You exceeded your current quota, please check your plan and billing details. "
                 "For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.",
                 details);
}

/* Which task the request's responseSchema describes. */
static const char *
default_answer_for (JsonNode *body)
{
  JsonObject *root = body && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
  JsonObject *config = NULL;
  JsonObject *schema = NULL;
  JsonObject *properties = NULL;

  if (root && json_object_has_member (root, "generationConfig"))
    config = json_object_get_object_member (root, "generationConfig");
  if (config && json_object_has_member (config, "responseSchema"))
    schema = json_object_get_object_member (config, "responseSchema");
  if (schema && json_object_has_member (schema, "properties"))
    properties = json_object_get_object_member (schema, "properties");

  if (properties && json_object_has_member (properties, "supplier"))
    return invoice_answer;
  if (properties && json_object_has_member (properties, "gpon_serial"))
    return equipment_answer;
  return barcodes_answer;
}

/* {"candidates": [{"content": {"role": "model", "parts": …}, "finishReason": …}], …} */
static JsonNode *
answer_node (const char *finish_reason,
             const char *thought,
             const char *const *texts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "content");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "role");
  json_builder_add_string_value (builder, "model");
  json_builder_set_member_name (builder, "parts");
  json_builder_begin_array (builder);
  if (thought != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, thought);
      json_builder_set_member_name (builder, "thought");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_end_object (builder);
    }
  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, texts[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "finishReason");
  json_builder_add_string_value (builder, finish_reason);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "usageMetadata");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "promptTokenCount");
  json_builder_add_int_value (builder, 1311);
  json_builder_set_member_name (builder, "candidatesTokenCount");
  json_builder_add_int_value (builder, 61);
  json_builder_set_member_name (builder, "totalTokenCount");
  json_builder_add_int_value (builder, 1372);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "modelVersion");
  json_builder_add_string_value (builder, "gemini-2.5-flash");
  json_builder_set_member_name (builder, "responseId");
  json_builder_add_string_value (builder, "mH1AaP3xLq2nz7IPfake");
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
respond_answer (SoupServerMessage  *msg,
                const char         *finish_reason,
                const char         *thought,
                const char *const  *texts)
{
  g_autoptr(JsonNode) node = answer_node (finish_reason, thought, texts);

  respond_node (msg, SOUP_STATUS_OK, node);
}

static void
respond_script (OpsFakeGemini     *self,
                SoupServerMessage *msg,
                Script            *script,
                JsonNode          *body)
{
  const char *answer = script && script->text ? script->text : default_answer_for (body);
  OpsFakeGeminiReply reply = script ? script->reply : OPS_FAKE_GEMINI_ANSWER;

  switch (reply)
    {
    case OPS_FAKE_GEMINI_ANSWER:
      {
        const char *texts[] = { answer, NULL };

        respond_answer (msg, "STOP", NULL, texts);
      }
      break;
    case OPS_FAKE_GEMINI_RATE_LIMITED:
      respond_quota (msg, "GenerateRequestsPerMinutePerProjectPerModel-FreeTier",
                     script && script->text ? script->text : "20s");
      break;
    case OPS_FAKE_GEMINI_DAILY_QUOTA:
      respond_quota (msg, "GenerateRequestsPerDayPerProjectPerModel-FreeTier", "0.1s");
      break;
    case OPS_FAKE_GEMINI_UNAVAILABLE:
      respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "UNAVAILABLE",
                     "The model is overloaded. Please try again later.", NULL);
      break;
    case OPS_FAKE_GEMINI_BAD_KEY:
      respond_bad_key (msg);
      break;
    case OPS_FAKE_GEMINI_BLOCKED:
      respond_text (msg, SOUP_STATUS_OK,
                    "{\"promptFeedback\": {\"blockReason\": \"SAFETY\", \"safetyRatings\": []},"
                    " \"usageMetadata\": {\"promptTokenCount\": 1311, \"totalTokenCount\": 1311},"
                    " \"modelVersion\": \"gemini-2.5-flash\"}");
      break;
    case OPS_FAKE_GEMINI_TRUNCATED:
      {
        g_autofree char *cut = g_strndup (answer, strlen (answer) / 2);
        const char *texts[] = { cut, NULL };

        respond_answer (msg, "MAX_TOKENS", NULL, texts);
      }
      break;
    case OPS_FAKE_GEMINI_REFUSED:
      respond_answer (msg, "RECITATION", NULL, NULL);
      break;
    case OPS_FAKE_GEMINI_INVALID_JSON:
      {
        const char *texts[] = {
          script && script->text ? script->text : "Here are the fields I can read: supplier Laval, total 1437.19",
          NULL,
        };

        respond_answer (msg, "STOP", NULL, texts);
      }
      break;
    case OPS_FAKE_GEMINI_THOUGHT:
      {
        gsize half = strlen (answer) / 2;
        g_autofree char *head = g_strndup (answer, half);
        const char *texts[] = { head, answer + half, NULL };

        respond_answer (msg, "STOP", "**Reading the label** I see a sticker with a barcode.", texts);
      }
      break;
    case OPS_FAKE_GEMINI_HANG:
      {
        const char *texts[] = { answer, NULL };

        respond_answer (msg, "STOP", NULL, texts);
        ops_fake_server_answer_later (self->server, msg, HANG_MS);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  OpsFakeGemini *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *key = soup_message_headers_get_one (headers, "x-goog-api-key");
  g_autoptr(JsonNode) body = NULL;
  Request *request;
  Script *script;

  ops_fake_server_log_request (self->server, msg);

  if (g_bytes_get_size (bytes) > 0 &&
      json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), NULL))
    body = json_parser_steal_root (parser);
  if (body != NULL)
    json_node_seal (body);

  request = g_new0 (Request, 1);
  request->key = g_strdup (key);
  request->path = g_strdup (path);
  request->body = body ? json_node_ref (body) : NULL;
  request->time = g_get_monotonic_time ();

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->requests, request);

  if (!g_str_has_prefix (path, PATH_PREFIX) || !g_str_has_suffix (path, PATH_SUFFIX))
    respond_error (msg, SOUP_STATUS_NOT_FOUND, "NOT_FOUND", "Requested entity was not found.", NULL);
  else if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "INVALID_ARGUMENT", "Method not allowed.", NULL);
  else if (g_strcmp0 (key, self->api_key) != 0)
    respond_bad_key (msg);
  else if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body) ||
           !json_object_has_member (json_node_get_object (body), "contents"))
    respond_error (msg, SOUP_STATUS_BAD_REQUEST, "INVALID_ARGUMENT",
                   "Invalid JSON payload received. Unknown name \"\": Root element must be a message.", NULL);
  else
    {
      script = g_queue_pop_head (&self->script);
      respond_script (self, msg, script, body);
      if (script != NULL)
        script_free (script);
    }
  g_mutex_unlock (&self->mutex);
}

static void
server_setup (SoupServer *server,
              gpointer    user_data)
{
  soup_server_add_handler (server, NULL, handle_request_cb, user_data, NULL);
}

/* Called with the lock held. */
static Request *
get_request (OpsFakeGemini *self,
             guint          index)
{
  return index < self->requests->len ? g_ptr_array_index (self->requests, index) : NULL;
}

/*
 * Public API
 */

OpsFakeGemini *
ops_fake_gemini_new (const char *api_key)
{
  OpsFakeGemini *self;

  g_return_val_if_fail (api_key != NULL, NULL);

  self = g_new0 (OpsFakeGemini, 1);
  g_mutex_init (&self->mutex);
  g_queue_init (&self->script);
  self->api_key = g_strdup (api_key);
  self->requests = g_ptr_array_new_with_free_func (request_free);

  self->server = ops_fake_server_new (server_setup, self);
  if (self->server == NULL)
    {
      ops_fake_gemini_free (self);
      return NULL;
    }
  return self;
}

void
ops_fake_gemini_free (OpsFakeGemini *self)
{
  if (self == NULL)
    return;

  /* The server's thread is gone before the state it reads. */
  g_clear_pointer (&self->server, ops_fake_server_free);
  g_queue_clear_full (&self->script, script_free);
  g_ptr_array_unref (self->requests);
  g_free (self->api_key);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
ops_fake_gemini_get_url (OpsFakeGemini *self)
{
  return ops_fake_server_get_url (self->server);
}

void
ops_fake_gemini_push (OpsFakeGemini      *self,
                      OpsFakeGeminiReply  reply,
                      const char         *text)
{
  Script *script = g_new0 (Script, 1);

  script->reply = reply;
  script->text = g_strdup (text);

  g_mutex_lock (&self->mutex);
  g_queue_push_tail (&self->script, script);
  g_mutex_unlock (&self->mutex);
}

const char *
ops_fake_gemini_default_answer (const char *task)
{
  if (g_strcmp0 (task, "invoice") == 0)
    return invoice_answer;
  if (g_strcmp0 (task, "equipment") == 0)
    return equipment_answer;
  return barcodes_answer;
}

guint
ops_fake_gemini_get_request_count (OpsFakeGemini *self)
{
  guint count;

  g_mutex_lock (&self->mutex);
  count = self->requests->len;
  g_mutex_unlock (&self->mutex);
  return count;
}

char *
ops_fake_gemini_dup_request_key (OpsFakeGemini *self,
                                 guint          index)
{
  Request *request;
  char *key;

  g_mutex_lock (&self->mutex);
  request = get_request (self, index);
  key = request ? g_strdup (request->key) : NULL;
  g_mutex_unlock (&self->mutex);
  return key;
}

char *
ops_fake_gemini_dup_request_path (OpsFakeGemini *self,
                                  guint          index)
{
  Request *request;
  char *path;

  g_mutex_lock (&self->mutex);
  request = get_request (self, index);
  path = request ? g_strdup (request->path) : NULL;
  g_mutex_unlock (&self->mutex);
  return path;
}

JsonNode *
ops_fake_gemini_dup_request_body (OpsFakeGemini *self,
                                  guint          index)
{
  Request *request;
  JsonNode *body;

  /* Sealed when recorded: sharing it between threads is safe. */
  g_mutex_lock (&self->mutex);
  request = get_request (self, index);
  body = request && request->body ? json_node_ref (request->body) : NULL;
  g_mutex_unlock (&self->mutex);
  return body;
}

gint64
ops_fake_gemini_get_request_time (OpsFakeGemini *self,
                                  guint          index)
{
  Request *request;
  gint64 time;

  g_mutex_lock (&self->mutex);
  request = get_request (self, index);
  time = request ? request->time : 0;
  g_mutex_unlock (&self->mutex);
  return time;
}

void
ops_fake_gemini_clear_requests (OpsFakeGemini *self)
{
  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->requests, 0);
  g_mutex_unlock (&self->mutex);
  ops_fake_server_clear_requests (self->server);
}
