/* ops-fake-stripe.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake Stripe on an OpsFakeServer: Checkout Sessions as
 * ops-fake-stripe.h describes.
 */

#define G_LOG_DOMAIN "OpsFakeStripe"

#include "config.h"

#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>

#include "ops-fake-server.h"
#include "ops-fake-stripe.h"

#define SESSIONS_PATH "/v1/checkout/sessions"
#define CHECKOUT_URL "https://checkout.stripe.com/c/pay/"
#define DOC_URL "https://stripe.com/docs/error-codes/"
#define SESSION_LIFETIME (24 * 60 * 60)
/* libsoup 3.2 has no name for them. */
#define HTTP_PAYMENT_REQUIRED 402
#define HTTP_TOO_MANY_REQUESTS 429

typedef struct
{
  char  *body;      /* the request's form, as sent */
  guint  status;
  char  *answer;    /* the JSON answered */
} Remembered;

struct _OpsFakeStripe
{
  GMutex         mutex;
  OpsFakeServer *server;

  char          *authorization;   /* the expected "Bearer sk_…" */
  GHashTable    *keys;            /* Idempotency-Key -> Remembered */
  GHashTable    *sessions;        /* id -> JsonObject */
  GPtrArray     *log;             /* char* */
  guint          fail_count;
  guint          fail_status;
  guint          created;
  char          *last_body;
  JsonObject    *last_params;
  SoupMessageHeaders *last_headers;
};

/*
 * Auxiliary methods
 */

static void
remembered_free (gpointer data)
{
  Remembered *remembered = data;

  g_free (remembered->body);
  g_free (remembered->answer);
  g_free (remembered);
}

static char *
new_id (const char *prefix)
{
  GString *id = g_string_new (prefix);
  static const char alphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  for (guint i = 0; i < 40; i++)
    g_string_append_c (id, alphabet[g_random_int_range (0, sizeof alphabet - 1)]);
  return g_string_free (id, FALSE);
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

static JsonObject *
object_copy (JsonObject *object)
{
  g_autofree char *text = object_to_string (object);
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  return json_object_ref (json_node_get_object (node));
}

static void
respond_text (SoupServerMessage *msg,
              guint              status,
              const char        *text)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Request-Id",
                                "req_fake");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, text, strlen (text));
}

/* Stripe's error body (apis.md §3.1). */
static char *
error_body (const char *type,
            const char *code,
            const char *decline_code,
            const char *param,
            const char *message)
{
  g_autoptr(JsonObject) top = json_object_new ();
  JsonObject *error = json_object_new ();

  json_object_set_string_member (error, "type", type);
  if (code != NULL)
    {
      g_autofree char *doc = g_strconcat (DOC_URL, code, NULL);

      json_object_set_string_member (error, "code", code);
      json_object_set_string_member (error, "doc_url", doc);
    }
  if (decline_code != NULL)
    json_object_set_string_member (error, "decline_code", decline_code);
  if (param != NULL)
    json_object_set_string_member (error, "param", param);
  json_object_set_string_member (error, "message", message);
  json_object_set_string_member (error, "request_log_url", "https://dashboard.stripe.com/test/logs/req_fake");
  json_object_set_object_member (top, "error", error);
  return object_to_string (top);
}

static char *
fault_body (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      return error_body ("invalid_request_error", NULL, NULL, NULL,
                         "Invalid API Key provided: sk_test_********************");
    case HTTP_PAYMENT_REQUIRED:
      return error_body ("card_error", "card_declined", "insufficient_funds", NULL,
                         "Your card has insufficient funds.");
    case HTTP_TOO_MANY_REQUESTS:
      return error_body ("invalid_request_error", "rate_limit", NULL, NULL,
                         "Too many requests hit the API too quickly. We recommend an exponential backoff "
                         "of your requests.");
    default:
      return error_body ("api_error", NULL, NULL, NULL,
                         "An unknown error occurred in our API. Please try again.");
    }
}

static gboolean
is_index (const char *key)
{
  if (*key == '\0')
    return FALSE;
  for (const char *p = key; *p; p++)
    if (!g_ascii_isdigit (*p))
      return FALSE;
  return TRUE;
}

static int
compare_index (gconstpointer a,
               gconstpointer b)
{
  return atoi (*(const char *const *)a) - atoi (*(const char *const *)b);
}

/* An object whose keys are all indexes becomes an array, recursively. */
static JsonNode *
arrays_from_indexes (JsonNode *node)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;
  gboolean all_indexes = TRUE;
  JsonNode *result;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_node_copy (node);

  object = json_node_get_object (node);
  members = json_object_get_members (object);
  for (GList *l = members; l; l = l->next)
    all_indexes = all_indexes && is_index (l->data);

  if (all_indexes && members != NULL)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new ();
      JsonArray *array = json_array_new ();

      for (GList *l = members; l; l = l->next)
        g_ptr_array_add (keys, l->data);
      g_ptr_array_sort (keys, compare_index);
      for (guint i = 0; i < keys->len; i++)
        json_array_add_element (array, arrays_from_indexes (json_object_get_member (object, keys->pdata[i])));
      result = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (result, array);
    }
  else
    {
      JsonObject *copy = json_object_new ();

      for (GList *l = members; l; l = l->next)
        json_object_set_member (copy, l->data, arrays_from_indexes (json_object_get_member (object, l->data)));
      result = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (result, copy);
    }
  return result;
}

/* "a[b][c]" -> "a", "b", "c"; NULL when the brackets do not match. */
static GStrv
split_key (const char *key)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  const char *open = strchr (key, '[');
  g_autofree char *base = g_strndup (key, open ? (gsize)(open - key) : strlen (key));
  GStrv result;

  g_strv_builder_add (builder, base);
  while (open != NULL)
    {
      const char *close = strchr (open, ']');
      g_autofree char *part = NULL;

      if (close == NULL || (close[1] != '\0' && close[1] != '['))
        {
          g_strv_builder_unref (builder);
          return NULL;
        }
      part = g_strndup (open + 1, close - open - 1);
      g_strv_builder_add (builder, part);
      open = close[1] == '[' ? close + 1 : NULL;
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

static char *
form_unescape (const char *text,
               gsize       length)
{
  g_autofree char *copy = g_strndup (text, length);

  g_strdelimit (copy, "+", ' ');
  return g_uri_unescape_string (copy, NULL);
}

/* Called with the lock held. */
static JsonObject *
new_session (JsonObject *params)
{
  JsonObject *session = json_object_new ();
  g_autofree char *id = new_id ("cs_test_");
  g_autofree char *url = g_strconcat (CHECKOUT_URL, id, "#fidkdWxOYHwnPyd1blpxYHZxWjA0", NULL);
  JsonArray *items = json_object_get_array_member (params, "line_items");
  JsonObject *item = json_array_get_object_element (items, 0);
  JsonObject *price = json_object_get_object_member (item, "price_data");
  gint64 quantity = g_ascii_strtoll (json_object_get_string_member_with_default (item, "quantity", "1"), NULL, 10);
  gint64 amount = g_ascii_strtoll (json_object_get_string_member (price, "unit_amount"), NULL, 10);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *email = json_object_get_string_member_with_default (params, "customer_email", NULL);
  const char *reference = json_object_get_string_member_with_default (params, "client_reference_id", NULL);

  json_object_set_string_member (session, "id", id);
  json_object_set_string_member (session, "object", "checkout.session");
  json_object_set_string_member (session, "url", url);
  json_object_set_string_member (session, "mode", json_object_get_string_member (params, "mode"));
  json_object_set_string_member (session, "status", "open");
  json_object_set_string_member (session, "payment_status", "unpaid");
  json_object_set_int_member (session, "amount_subtotal", amount * quantity);
  json_object_set_int_member (session, "amount_total", amount * quantity);
  json_object_set_string_member (session, "currency", json_object_get_string_member (price, "currency"));
  if (reference != NULL)
    json_object_set_string_member (session, "client_reference_id", reference);
  else
    json_object_set_null_member (session, "client_reference_id");
  json_object_set_null_member (session, "customer");
  if (email != NULL)
    json_object_set_string_member (session, "customer_email", email);
  else
    json_object_set_null_member (session, "customer_email");
  if (json_object_has_member (params, "metadata"))
    json_object_set_member (session, "metadata", json_node_copy (json_object_get_member (params, "metadata")));
  else
    json_object_set_object_member (session, "metadata", json_object_new ());
  json_object_set_null_member (session, "payment_intent");
  json_object_set_null_member (session, "invoice");
  json_object_set_string_member (session, "success_url", json_object_get_string_member (params, "success_url"));
  json_object_set_string_member (session, "cancel_url",
                                 json_object_get_string_member_with_default (params, "cancel_url", ""));
  json_object_set_int_member (session, "created", now);
  json_object_set_int_member (session, "expires_at", now + SESSION_LIFETIME);
  json_object_set_boolean_member (session, "livemode", FALSE);
  return session;
}

/* The parameter a Checkout Session cannot go without, or NULL. */
static const char *
missing_param (JsonObject *params)
{
  JsonNode *items = json_object_get_member (params, "line_items");
  JsonObject *item, *price, *product;

  if (!json_object_has_member (params, "mode"))
    return "mode";
  if (!json_object_has_member (params, "success_url"))
    return "success_url";
  if (items == NULL || !JSON_NODE_HOLDS_ARRAY (items) || json_array_get_length (json_node_get_array (items)) == 0 ||
      !JSON_NODE_HOLDS_OBJECT (json_array_get_element (json_node_get_array (items), 0)))
    return "line_items";
  item = json_array_get_object_element (json_node_get_array (items), 0);
  if (!json_object_has_member (item, "price_data") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (item, "price_data")))
    return "line_items[0][price_data]";
  price = json_object_get_object_member (item, "price_data");
  if (!json_object_has_member (price, "currency"))
    return "line_items[0][price_data][currency]";
  if (!json_object_has_member (price, "unit_amount") ||
      g_ascii_strtoll (json_object_get_string_member (price, "unit_amount"), NULL, 10) <= 0)
    return "line_items[0][price_data][unit_amount]";
  if (!json_object_has_member (price, "product_data") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (price, "product_data")))
    return "line_items[0][price_data][product_data]";
  product = json_object_get_object_member (price, "product_data");
  if (!json_object_has_member (product, "name"))
    return "line_items[0][price_data][product_data][name]";
  return NULL;
}

/* Called with the lock held; returns the status answered. */
static guint
handle_create (OpsFakeStripe     *self,
               SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  g_autofree char *body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonObject) session = NULL;
  g_autofree char *answer = NULL;
  Remembered *remembered;
  const char *missing;

  g_free (self->last_body);
  self->last_body = g_strdup (body);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  self->last_headers = soup_message_headers_ref (headers);

  if (g_strcmp0 (authorization, self->authorization) != 0)
    {
      answer = fault_body (SOUP_STATUS_UNAUTHORIZED);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                    "Bearer realm=\"Stripe\"");
      respond_text (msg, SOUP_STATUS_UNAUTHORIZED, answer);
      return SOUP_STATUS_UNAUTHORIZED;
    }

  params = g_strcmp0 (content_type, "application/x-www-form-urlencoded") == 0 ? ops_fake_stripe_parse_form (body)
                                                                              : NULL;
  g_clear_pointer (&self->last_params, json_object_unref);
  if (params == NULL)
    {
      answer = error_body ("invalid_request_error", "parameter_unknown", NULL, NULL,
                           "Invalid request: the body must be application/x-www-form-urlencoded.");
      respond_text (msg, SOUP_STATUS_BAD_REQUEST, answer);
      return SOUP_STATUS_BAD_REQUEST;
    }
  self->last_params = json_object_ref (params);

  if (self->fail_count > 0)
    {
      guint status = self->fail_status;

      self->fail_count--;
      answer = fault_body (status);
      if (status >= 500)
        soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Stripe-Should-Retry",
                                      "true");
      respond_text (msg, status, answer);
      return status;
    }

  if (key != NULL && (remembered = g_hash_table_lookup (self->keys, key)) != NULL)
    {
      if (!g_str_equal (remembered->body, body))
        {
          g_autofree char *message =
            g_strdup_printf ("Keys for idempotent requests can only be used with the same parameters they "
                             "were first used with. Try using a key other than '%s' if you meant to execute "
                             "a different request.", key);

          answer = error_body ("idempotency_error", NULL, NULL, NULL, message);
          respond_text (msg, SOUP_STATUS_BAD_REQUEST, answer);
          return SOUP_STATUS_BAD_REQUEST;
        }
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Idempotent-Replayed",
                                    "true");
      respond_text (msg, remembered->status, remembered->answer);
      return remembered->status;
    }

  if ((missing = missing_param (params)) != NULL)
    {
      g_autofree char *message = g_strdup_printf ("Missing required param: %s.", missing);

      answer = error_body ("invalid_request_error", "parameter_missing", NULL, missing, message);
      respond_text (msg, SOUP_STATUS_BAD_REQUEST, answer);
      return SOUP_STATUS_BAD_REQUEST;
    }

  session = new_session (params);
  answer = object_to_string (session);
  g_hash_table_replace (self->sessions, g_strdup (json_object_get_string_member (session, "id")),
                        json_object_ref (session));
  self->created++;
  if (key != NULL)
    {
      remembered = g_new0 (Remembered, 1);
      remembered->body = g_strdup (body);
      remembered->status = SOUP_STATUS_OK;
      remembered->answer = g_strdup (answer);
      g_hash_table_replace (self->keys, g_strdup (key), remembered);
    }
  respond_text (msg, SOUP_STATUS_OK, answer);
  return SOUP_STATUS_OK;
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  OpsFakeStripe *self = user_data;
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                  "Idempotency-Key");
  const char *method = soup_server_message_get_method (msg);
  guint status;

  ops_fake_server_log_request (self->server, msg);

  g_mutex_lock (&self->mutex);
  if (!g_str_equal (path, SESSIONS_PATH))
    {
      g_autofree char *message = g_strdup_printf ("Unrecognized request URL (%s: %s).", method, path);
      g_autofree char *answer = error_body ("invalid_request_error", NULL, NULL, NULL, message);

      status = SOUP_STATUS_NOT_FOUND;
      respond_text (msg, status, answer);
    }
  else if (method != SOUP_METHOD_POST)
    {
      g_autofree char *answer = error_body ("invalid_request_error", NULL, NULL, NULL,
                                            "This fake only creates Checkout Sessions.");

      status = SOUP_STATUS_METHOD_NOT_ALLOWED;
      respond_text (msg, status, answer);
    }
  else
    status = handle_create (self, msg);
  g_ptr_array_add (self->log, g_strdup_printf ("%s %s key=%s -> %u", method, path, key ? key : "", status));
  g_mutex_unlock (&self->mutex);
}

static void
server_setup (SoupServer *server,
              gpointer    user_data)
{
  soup_server_add_handler (server, NULL, handle_request_cb, user_data, NULL);
}

/*
 * Public API
 */

OpsFakeStripe *
ops_fake_stripe_new (const char *secret_key)
{
  OpsFakeStripe *self;

  g_return_val_if_fail (secret_key != NULL, NULL);

  self = g_new0 (OpsFakeStripe, 1);
  g_mutex_init (&self->mutex);
  self->authorization = g_strconcat ("Bearer ", secret_key, NULL);
  self->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, remembered_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)json_object_unref);
  self->log = g_ptr_array_new_with_free_func (g_free);

  self->server = ops_fake_server_new (server_setup, self);
  if (self->server == NULL)
    {
      ops_fake_stripe_free (self);
      return NULL;
    }
  return self;
}

void
ops_fake_stripe_free (OpsFakeStripe *self)
{
  if (self == NULL)
    return;

  /* The server's thread is gone before the state it reads. */
  g_clear_pointer (&self->server, ops_fake_server_free);
  g_free (self->authorization);
  g_hash_table_unref (self->keys);
  g_hash_table_unref (self->sessions);
  g_ptr_array_unref (self->log);
  g_free (self->last_body);
  g_clear_pointer (&self->last_params, json_object_unref);
  g_clear_pointer (&self->last_headers, soup_message_headers_unref);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
ops_fake_stripe_get_url (OpsFakeStripe *self)
{
  return ops_fake_server_get_url (self->server);
}

void
ops_fake_stripe_set_down (OpsFakeStripe *self,
                          gboolean       down)
{
  ops_fake_server_set_down (self->server, down);
}

void
ops_fake_stripe_fail_next (OpsFakeStripe *self,
                           guint          count,
                           guint          http_status)
{
  g_mutex_lock (&self->mutex);
  self->fail_count = count;
  self->fail_status = http_status;
  g_mutex_unlock (&self->mutex);
}

guint
ops_fake_stripe_get_session_count (OpsFakeStripe *self)
{
  guint count;

  g_mutex_lock (&self->mutex);
  count = self->created;
  g_mutex_unlock (&self->mutex);
  return count;
}

JsonObject *
ops_fake_stripe_dup_session (OpsFakeStripe *self,
                             const char    *session_id)
{
  JsonObject *session, *copy = NULL;

  g_mutex_lock (&self->mutex);
  session = g_hash_table_lookup (self->sessions, session_id);
  if (session != NULL)
    copy = object_copy (session);
  g_mutex_unlock (&self->mutex);
  return copy;
}

char *
ops_fake_stripe_dup_last_body (OpsFakeStripe *self)
{
  char *body;

  g_mutex_lock (&self->mutex);
  body = g_strdup (self->last_body);
  g_mutex_unlock (&self->mutex);
  return body;
}

JsonObject *
ops_fake_stripe_dup_last_params (OpsFakeStripe *self)
{
  JsonObject *params = NULL;

  g_mutex_lock (&self->mutex);
  if (self->last_params != NULL)
    params = object_copy (self->last_params);
  g_mutex_unlock (&self->mutex);
  return params;
}

char *
ops_fake_stripe_dup_last_header (OpsFakeStripe *self,
                                 const char    *name)
{
  char *value = NULL;

  g_mutex_lock (&self->mutex);
  if (self->last_headers != NULL)
    value = g_strdup (soup_message_headers_get_one (self->last_headers, name));
  g_mutex_unlock (&self->mutex);
  return value;
}

GStrv
ops_fake_stripe_dup_requests (OpsFakeStripe *self)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->log->len; i++)
    g_strv_builder_add (builder, self->log->pdata[i]);
  g_mutex_unlock (&self->mutex);
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

JsonObject *
ops_fake_stripe_parse_form (const char *body)
{
  g_autoptr(JsonObject) root = json_object_new ();
  g_auto(GStrv) pairs = NULL;
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) converted = NULL;

  g_return_val_if_fail (body != NULL, NULL);

  pairs = g_strsplit (body, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *equals = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      g_auto(GStrv) parts = NULL;
      JsonObject *parent = root;
      guint n;

      if (*pairs[i] == '\0')
        continue;
      if (equals == NULL)
        return NULL;
      key = form_unescape (pairs[i], equals - pairs[i]);
      value = form_unescape (equals + 1, strlen (equals + 1));
      if (key == NULL || value == NULL || !(parts = split_key (key)) || *parts[0] == '\0')
        return NULL;

      n = g_strv_length (parts);
      for (guint j = 0; j + 1 < n; j++)
        {
          JsonNode *child = json_object_get_member (parent, parts[j]);

          if (child == NULL)
            {
              json_object_set_object_member (parent, parts[j], json_object_new ());
              child = json_object_get_member (parent, parts[j]);
            }
          if (!JSON_NODE_HOLDS_OBJECT (child))
            return NULL;
          parent = json_node_get_object (child);
        }
      if (json_object_has_member (parent, parts[n - 1]) &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (parent, parts[n - 1])))
        return NULL;
      json_object_set_string_member (parent, parts[n - 1], value);
    }

  json_node_set_object (node, root);
  converted = arrays_from_indexes (node);
  return json_object_ref (json_node_get_object (converted));
}

char *
ops_fake_stripe_completed_event (OpsFakeStripe *self,
                                 const char    *event_id,
                                 const char    *session_id,
                                 const char    *intent)
{
  g_autoptr(JsonObject) session = ops_fake_stripe_dup_session (self, session_id);
  g_autoptr(JsonObject) event = NULL;
  JsonObject *data, *request;

  if (session == NULL)
    return NULL;

  json_object_set_string_member (session, "status", "complete");
  json_object_set_string_member (session, "payment_status", "paid");
  json_object_set_string_member (session, "payment_intent", intent);
  json_object_set_string_member (session, "customer", "cus_fake");

  event = json_object_new ();
  json_object_set_string_member (event, "id", event_id);
  json_object_set_string_member (event, "object", "event");
  json_object_set_string_member (event, "api_version", "2025-03-31.basil");
  json_object_set_int_member (event, "created", g_get_real_time () / G_USEC_PER_SEC);
  data = json_object_new ();
  json_object_set_object_member (data, "object", g_steal_pointer (&session));
  json_object_set_object_member (event, "data", data);
  json_object_set_boolean_member (event, "livemode", FALSE);
  json_object_set_int_member (event, "pending_webhooks", 1);
  request = json_object_new ();
  json_object_set_null_member (request, "id");
  json_object_set_null_member (request, "idempotency_key");
  json_object_set_object_member (event, "request", request);
  json_object_set_string_member (event, "type", "checkout.session.completed");
  return object_to_string (event);
}
