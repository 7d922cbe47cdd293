/* ops-fake-frappe.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake Frappe server: the request path (log, faults, auth, routes) on
 * an OpsFakeServer, and the public API.  Documents live in
 * ops-fake-frappe-docs.c, lists in ops-fake-frappe-query.c and
 * ops-fake-frappe-rows.c.
 */

#define G_LOG_DOMAIN "OpsFakeFrappe"

#include "config.h"

#include <string.h>

#include "ops-fake-frappe-private.h"

typedef struct
{
  OpsFakeFault  fault;
  char         *prefix;
  guint         count;
  guint         arg;
} FaultEntry;

typedef enum
{
  ROUTE_NONE,
  ROUTE_RESOURCE,
  ROUTE_METHOD,
} RouteKind;

typedef struct
{
  RouteKind  kind;
  char      *doctype;
  char      *name;
  char      *method;
} Route;

/*
 * Auxiliary methods
 */

static void
fault_entry_free (gpointer data)
{
  FaultEntry *entry = data;

  g_free (entry->prefix);
  g_free (entry);
}

static void
route_clear (Route *route)
{
  g_clear_pointer (&route->doctype, g_free);
  g_clear_pointer (&route->name, g_free);
  g_clear_pointer (&route->method, g_free);
}

/* path is decoded. */
static void
parse_route (const char *path,
             Route      *route)
{
  memset (route, 0, sizeof *route);
  if (!g_str_has_prefix (path, "/api/"))
    return;
  path += strlen ("/api/");
  if (g_str_has_prefix (path, "v1/"))
    path += strlen ("v1/");

  if (g_str_has_prefix (path, "resource/"))
    {
      const char *rest = path + strlen ("resource/");
      const char *slash = strchr (rest, '/');

      route->doctype = slash != NULL ? g_strndup (rest, slash - rest) : g_strdup (rest);
      if (slash != NULL && slash[1] != '\0')
        route->name = g_strdup (slash + 1);
      if (*route->doctype != '\0')
        route->kind = ROUTE_RESOURCE;
    }
  else if (g_str_has_prefix (path, "method/"))
    {
      route->method = g_strdup (path + strlen ("method/"));
      if (*route->method != '\0')
        route->kind = ROUTE_METHOD;
    }
}

/* libsoup 3.2 hands handlers the path already percent-decoded; a path that
 * still looks encoded is decoded here. */
static char *
decode_path (const char *path)
{
  char *decoded;

  for (const char *p = path; *p != '\0'; p++)
    if (*p == ' ' || (guchar) *p >= 0x80)
      return g_strdup (path);

  decoded = g_uri_unescape_string (path, NULL);
  return decoded != NULL ? decoded : g_strdup (path);
}

/* The path as a client that escapes each segment sent it, for the log. */
static char *
encode_path (const char *raw_path,
             const char *path,
             Route      *route)
{
  g_autofree char *doctype = NULL;
  g_autofree char *name = NULL;

  if (!g_str_equal (raw_path, path))
    return g_strdup (raw_path);

  if (route->kind != ROUTE_RESOURCE)
    return g_uri_escape_string (path, "/", FALSE);

  doctype = g_uri_escape_string (route->doctype, NULL, FALSE);
  name = route->name != NULL ? g_uri_escape_string (route->name, NULL, FALSE) : NULL;
  return g_strdup_printf ("%.*s%s%s%s", (int) (strstr (path, "resource/") - path + strlen ("resource/")), path,
                          doctype, name != NULL ? "/" : "", name != NULL ? name : "");
}

static gboolean
check_auth (OpsFakeFrappe      *self,
            SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Authorization");
  g_autofree char *expected = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *credentials = NULL;
  const char *space;

  if (value == NULL)
    return FALSE;
  while (g_ascii_isspace (*value))
    value++;
  space = strchr (value, ' ');
  if (space == NULL)
    return FALSE;

  expected = g_strdup_printf ("%s:%s", self->api_key, self->api_secret);
  scheme = g_strndup (value, space - value);
  credentials = g_strstrip (g_strdup (space + 1));

  if (g_ascii_strcasecmp (scheme, "token") == 0)
    return g_str_equal (credentials, expected);

  if (g_ascii_strcasecmp (scheme, "basic") == 0)
    {
      gsize len = 0;
      g_autofree guchar *decoded = g_base64_decode (credentials, &len);

      return len == strlen (expected) && memcmp (decoded, expected, len) == 0;
    }

  return FALSE;
}

/* The JSON object a POST or PUT carries (form bodies hold it in "data"), or
 * NULL when the body is not one. */
static JsonObject *
read_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *text = NULL;
  JsonNode *root;
  gsize len = 0;
  const char *data = g_bytes_get_data (bytes, &len);

  if (len == 0)
    return json_object_new ();

  text = g_strndup (data, len);
  if (g_strcmp0 (content_type, "application/x-www-form-urlencoded") == 0)
    {
      g_autoptr(GHashTable) form = soup_form_decode (text);
      const char *json = g_hash_table_lookup (form, "data");
      JsonObject *object;
      GHashTableIter iter;
      gpointer key, value;

      if (json != NULL)
        {
          g_free (text);
          text = g_strdup (json);
        }
      else
        {
          object = json_object_new ();
          g_hash_table_iter_init (&iter, form);
          while (g_hash_table_iter_next (&iter, &key, &value))
            json_object_set_string_member (object, key, value);
          return object;
        }
    }

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

/* Called with the lock held. */
static void
process_request (OpsFakeFrappe     *self,
                 SoupServerMessage *msg,
                 Route             *route,
                 GHashTable        *query,
                 OpsFakeReply      *reply)
{
  const char *http_method = soup_server_message_get_method (msg);
  g_autoptr(JsonObject) args = json_object_new ();

  if (!check_auth (self, soup_server_message_get_request_headers (msg)))
    {
      ops_fake_reply_error (reply, 401, "AuthenticationError",
                            "Invalid API key or secret: check the key and secret of the API user.");
      return;
    }

  if (query != NULL)
    {
      GHashTableIter iter;
      gpointer key, value;

      g_hash_table_iter_init (&iter, query);
      while (g_hash_table_iter_next (&iter, &key, &value))
        json_object_set_string_member (args, key, value);
    }

  switch (route->kind)
    {
    case ROUTE_RESOURCE:
      if (g_hash_table_contains (self->forbidden, route->doctype))
        ops_fake_reply_errors (reply, 403, "PermissionError", NULL);
      else if (g_str_equal (http_method, "POST") || g_str_equal (http_method, "PUT"))
        {
          g_autoptr(JsonObject) body = read_body (msg);

          if (body == NULL)
            ops_fake_reply_error (reply, 417, "ValidationError", "The request body must be a JSON object.");
          else
            ops_fake_handle_resource (self, http_method, route->doctype, route->name, args, body, reply);
        }
      else
        ops_fake_handle_resource (self, http_method, route->doctype, route->name, args, NULL, reply);
      break;

    case ROUTE_METHOD:
      if (g_str_equal (http_method, "POST"))
        {
          g_autoptr(JsonObject) body = read_body (msg);
          JsonObjectIter iter;
          const char *member;
          JsonNode *value;

          if (body == NULL)
            {
              ops_fake_reply_error (reply, 417, "ValidationError", "The request body must be a JSON object.");
              return;
            }
          json_object_iter_init_ordered (&iter, body);
          while (json_object_iter_next_ordered (&iter, &member, &value))
            json_object_set_member (args, member, json_node_copy (value));
        }
      ops_fake_handle_method (self, route->method, args, reply);
      break;

    case ROUTE_NONE:
    default:
      ops_fake_reply_error (reply, 404, "DoesNotExistError", "Page %s not found",
                            g_uri_get_path (soup_server_message_get_uri (msg)));
      break;
    }
}

/* Called with the lock held: the fault the next matching request gets. */
static OpsFakeFault
take_fault (OpsFakeFrappe *self,
            const char    *encoded_path,
            const char    *path,
            gboolean       is_write,
            guint         *arg)
{
  for (GList *link = self->faults.head; link != NULL; link = link->next)
    {
      FaultEntry *entry = link->data;
      OpsFakeFault fault = entry->fault;

      if (entry->prefix != NULL && !g_str_has_prefix (encoded_path, entry->prefix) &&
          (path == NULL || !g_str_has_prefix (path, entry->prefix)))
        continue;
      if (fault == OPS_FAKE_FAULT_DROP_AFTER_WRITE && !is_write)
        continue;

      *arg = entry->arg;
      if (--entry->count == 0)
        {
          fault_entry_free (entry);
          g_queue_delete_link (&self->faults, link);
        }
      return fault;
    }
  return OPS_FAKE_FAULT_NONE;
}

static void
fault_reply (OpsFakeFault  fault,
             guint         arg,
             OpsFakeReply *reply)
{
  switch (fault)
    {
    case OPS_FAKE_FAULT_429:
      ops_fake_reply_errors (reply, 429, "TooManyRequestsError", NULL);
      reply->retry_after = arg;
      break;
    case OPS_FAKE_FAULT_503:
      ops_fake_reply_error (reply, 503, "SessionStopped",
                            "The system is being updated. Please refresh again after a few moments.");
      break;
    case OPS_FAKE_FAULT_MALFORMED:
      ops_fake_reply_literal (reply, 200, "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>");
      reply->html = TRUE;
      break;
    case OPS_FAKE_FAULT_417_RATE_LIMIT:
      ops_fake_reply_error (reply, 417, "RateLimitExceededError",
                            "You hit the rate limit because of too many requests. Please try after sometime.");
      break;
    case OPS_FAKE_FAULT_500:
      ops_fake_reply_errors (reply, 500, "TypeError", NULL);
      break;
    case OPS_FAKE_FAULT_NONE:
    case OPS_FAKE_FAULT_DROP:
    case OPS_FAKE_FAULT_DROP_AFTER_WRITE:
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
  OpsFakeFrappe *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *http_method = soup_server_message_get_method (msg);
  const char *raw_path = g_uri_get_path (uri);
  g_autofree char *decoded_path = decode_path (raw_path);
  g_autofree char *log_path = NULL;
  OpsFakeReply reply = { 0, NULL, FALSE, 0 };
  OpsFakeFault fault;
  Route route;
  gboolean is_write;
  guint arg = 0;
  guint delay_ms;
  gsize len;

  parse_route (decoded_path, &route);
  log_path = encode_path (raw_path, decoded_path, &route);
  is_write = route.kind == ROUTE_RESOURCE &&
             (g_str_equal (http_method, "POST") || g_str_equal (http_method, "PUT") ||
              g_str_equal (http_method, "DELETE"));

  ops_fake_server_log_request_path (self->server, msg, log_path);
  g_mutex_lock (&self->mutex);
  fault = take_fault (self, log_path, decoded_path, is_write, &arg);
  delay_ms = self->delay_ms;
  if (fault != OPS_FAKE_FAULT_NONE && fault != OPS_FAKE_FAULT_DROP &&
      fault != OPS_FAKE_FAULT_DROP_AFTER_WRITE)
    fault_reply (fault, arg, &reply);
  else if (fault != OPS_FAKE_FAULT_DROP)
    process_request (self, msg, &route, query, &reply);
  g_mutex_unlock (&self->mutex);

  route_clear (&route);
  if (reply.body == NULL)
    ops_fake_reply_errors (&reply, 500, "TypeError", NULL);
  g_debug ("%s %s → %u", http_method, log_path, reply.status);

  if (fault == OPS_FAKE_FAULT_DROP || fault == OPS_FAKE_FAULT_DROP_AFTER_WRITE)
    {
      if (reply.body != NULL)
        g_string_free (reply.body, TRUE);
      ops_fake_server_drop (msg);
      return;
    }

  soup_server_message_set_status (msg, reply.status, NULL);
  if (reply.status == 429)
    {
      SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
      g_autofree char *seconds = g_strdup_printf ("%u", reply.retry_after);

      soup_message_headers_replace (headers, "Retry-After", seconds);
      soup_message_headers_replace (headers, "X-RateLimit-Limit", "60");
      soup_message_headers_replace (headers, "X-RateLimit-Remaining", "0");
      soup_message_headers_replace (headers, "X-RateLimit-Reset", seconds);
    }
  len = reply.body->len;
  soup_server_message_set_response (msg,
                                    reply.html ? "text/html; charset=utf-8" : "application/json",
                                    SOUP_MEMORY_TAKE,
                                    g_string_free (reply.body, FALSE), len);
  ops_fake_server_answer_later (self->server, msg, delay_ms);
}

static void
server_setup (SoupServer *server,
              gpointer    user_data)
{
  g_object_set (server, "server-header", "ops-fake-frappe ", NULL);
  soup_server_add_handler (server, NULL, handle_request_cb, user_data, NULL);
}

/*
 * Public API
 */

OpsFakeFrappe *
ops_fake_frappe_new (const char *api_key,
                     const char *api_secret)
{
  OpsFakeFrappe *self;

  g_return_val_if_fail (api_key != NULL, NULL);
  g_return_val_if_fail (api_secret != NULL, NULL);

  self = g_new0 (OpsFakeFrappe, 1);
  g_mutex_init (&self->mutex);
  self->api_key = g_strdup (api_key);
  self->api_secret = g_strdup (api_secret);
  self->tables = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, ops_fake_table_free);
  self->forbidden = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->faults);
  self->clock = g_get_real_time ();

  self->server = ops_fake_server_new (server_setup, self);
  if (self->server == NULL)
    {
      ops_fake_frappe_free (self);
      return NULL;
    }

  g_debug ("Fake Frappe listening on %s", ops_fake_server_get_url (self->server));
  return self;
}

void
ops_fake_frappe_free (OpsFakeFrappe *self)
{
  if (self == NULL)
    return;

  /* First, so that no handler runs any more. */
  g_clear_pointer (&self->server, ops_fake_server_free);
  g_hash_table_unref (self->tables);
  g_hash_table_unref (self->forbidden);
  g_queue_clear_full (&self->faults, fault_entry_free);
  g_free (self->api_key);
  g_free (self->api_secret);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
ops_fake_frappe_get_url (OpsFakeFrappe *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ops_fake_server_get_url (self->server);
}

void
ops_fake_frappe_put_doc (OpsFakeFrappe *self,
                         const char    *doctype,
                         JsonObject    *doc)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  OpsFakeTable *table;
  JsonObject *object;

  g_return_if_fail (self != NULL);
  g_return_if_fail (doctype != NULL);
  g_return_if_fail (doc != NULL);
  g_return_if_fail (*ops_fake_member_text (doc, "name", buffer, sizeof buffer) != '\0');

  object = ops_fake_object_copy (doc);
  json_object_remove_member (object, "doctype");

  g_mutex_lock (&self->mutex);
  table = ops_fake_table_ensure (self, doctype);
  if (json_object_has_member (object, "modified"))
    ops_fake_clock_observe (self, ops_fake_member_text (object, "modified", buffer, sizeof buffer));
  else
    {
      g_autofree char *now = ops_fake_tick (self);

      json_object_set_string_member (object, "modified", now);
    }
  if (!json_object_has_member (object, "creation"))
    json_object_set_member (object, "creation",
                            json_node_copy (json_object_get_member (object, "modified")));
  if (!json_object_has_member (object, "docstatus"))
    json_object_set_int_member (object, "docstatus", 0);
  ops_fake_doc_fix_children (table, object, ops_fake_member_text (object, "name", buffer, sizeof buffer));
  ops_fake_doc_store (table, object);
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_frappe_set_child_doctype (OpsFakeFrappe *self,
                                   const char    *doctype,
                                   const char    *field,
                                   const char    *child_doctype)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (doctype != NULL && field != NULL && child_doctype != NULL);

  g_mutex_lock (&self->mutex);
  g_hash_table_replace (ops_fake_table_ensure (self, doctype)->child_doctypes,
                        g_strdup (field), g_strdup (child_doctype));
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_frappe_set_naming (OpsFakeFrappe *self,
                            const char    *doctype,
                            const char    *rule)
{
  OpsFakeTable *table;

  g_return_if_fail (self != NULL);
  g_return_if_fail (doctype != NULL && rule != NULL);
  g_return_if_fail (g_str_equal (rule, "hash") || g_str_equal (rule, "prompt") ||
                    g_str_has_prefix (rule, "series:"));

  g_mutex_lock (&self->mutex);
  table = ops_fake_table_ensure (self, doctype);
  g_free (table->naming);
  table->naming = g_strdup (rule);
  table->series = 0;
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_frappe_set_mandatory (OpsFakeFrappe      *self,
                               const char         *doctype,
                               const char * const *fields)
{
  OpsFakeTable *table;

  g_return_if_fail (self != NULL);
  g_return_if_fail (doctype != NULL);

  g_mutex_lock (&self->mutex);
  table = ops_fake_table_ensure (self, doctype);
  g_strfreev (table->mandatory);
  table->mandatory = g_strdupv ((char **) fields);
  g_mutex_unlock (&self->mutex);
}

gboolean
ops_fake_frappe_delete_doc (OpsFakeFrappe *self,
                            const char    *doctype,
                            const char    *name)
{
  OpsFakeDoc *doc;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (doctype != NULL && name != NULL, FALSE);

  g_mutex_lock (&self->mutex);
  doc = ops_fake_doc_lookup (self, doctype, name);
  if (doc != NULL)
    ops_fake_doc_remove (self, g_hash_table_lookup (self->tables, doctype), doc);
  g_mutex_unlock (&self->mutex);

  return doc != NULL;
}

JsonObject *
ops_fake_frappe_dup_doc (OpsFakeFrappe *self,
                         const char    *doctype,
                         const char    *name)
{
  JsonObject *copy = NULL;
  OpsFakeDoc *doc;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (doctype != NULL && name != NULL, NULL);

  g_mutex_lock (&self->mutex);
  doc = ops_fake_doc_lookup (self, doctype, name);
  if (doc != NULL)
    copy = ops_fake_object_copy (doc->object);
  g_mutex_unlock (&self->mutex);

  return copy;
}

guint
ops_fake_frappe_count_docs (OpsFakeFrappe *self,
                            const char    *doctype)
{
  OpsFakeTable *table;
  guint count;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (doctype != NULL, 0);

  g_mutex_lock (&self->mutex);
  table = g_hash_table_lookup (self->tables, doctype);
  count = table != NULL ? g_hash_table_size (table->docs) : 0;
  g_mutex_unlock (&self->mutex);

  return count;
}

char *
ops_fake_frappe_now (OpsFakeFrappe *self)
{
  char *now;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  now = ops_fake_tick (self);
  g_mutex_unlock (&self->mutex);

  return now;
}

void
ops_fake_frappe_forbid_doctype (OpsFakeFrappe *self,
                                const char    *doctype)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (doctype != NULL);

  g_mutex_lock (&self->mutex);
  g_hash_table_add (self->forbidden, g_strdup (doctype));
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_frappe_inject_fault (OpsFakeFrappe *self,
                              OpsFakeFault   fault,
                              const char    *path_prefix,
                              guint          count,
                              guint          arg)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (fault == OPS_FAKE_FAULT_NONE)
    g_queue_clear_full (&self->faults, fault_entry_free);
  else if (count > 0)
    {
      FaultEntry *entry = g_new0 (FaultEntry, 1);

      entry->fault = fault;
      entry->prefix = g_strdup (path_prefix);
      entry->count = count;
      entry->arg = arg;
      g_queue_push_tail (&self->faults, entry);
    }
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_frappe_refuse_value (OpsFakeFrappe *self,
                              const char    *doctype,
                              const char    *field,
                              const char    *value,
                              const char    *message)
{
  OpsFakeRefusal *refusal;

  g_return_if_fail (self != NULL);
  g_return_if_fail (doctype != NULL && field != NULL && value != NULL && message != NULL);

  refusal = g_new0 (OpsFakeRefusal, 1);
  refusal->field = g_strdup (field);
  refusal->value = g_strdup (value);
  refusal->message = g_strdup (message);

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (ops_fake_table_ensure (self, doctype)->refusals, refusal);
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_frappe_set_delay (OpsFakeFrappe *self,
                           guint          delay_ms)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->delay_ms = delay_ms;
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_frappe_set_down (OpsFakeFrappe *self,
                          gboolean       down)
{
  g_return_if_fail (self != NULL);

  ops_fake_server_set_down (self->server, down);
}

guint
ops_fake_frappe_get_request_count (OpsFakeFrappe *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return ops_fake_server_get_request_count (self->server);
}

GStrv
ops_fake_frappe_dup_requests (OpsFakeFrappe *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ops_fake_server_dup_requests (self->server);
}

void
ops_fake_frappe_clear_requests (OpsFakeFrappe *self)
{
  g_return_if_fail (self != NULL);

  ops_fake_server_clear_requests (self->server);
}

guint
ops_fake_frappe_get_write_count (OpsFakeFrappe *self,
                                 const char    *doctype)
{
  OpsFakeTable *table;
  guint count;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (doctype != NULL, 0);

  g_mutex_lock (&self->mutex);
  table = g_hash_table_lookup (self->tables, doctype);
  count = table != NULL ? table->writes : 0;
  g_mutex_unlock (&self->mutex);

  return count;
}
