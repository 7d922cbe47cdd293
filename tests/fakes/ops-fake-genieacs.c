/* ops-fake-genieacs.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake GenieACS NBI on an OpsFakeServer: its routes and status codes
 * (genieacs-oktopus.md §1.1, §1.3) and the public API.  The query language lives in
 * ops-fake-genieacs-query.c, tasks in ops-fake-genieacs-tasks.c.
 */

#define G_LOG_DOMAIN "OpsFakeGenieacs"

#include "config.h"

#include <string.h>

#include "ops-fake-genieacs-private.h"
#include "ops-genieacs-csv.h"

#define GENIEACS_VERSION "1.2.16"
#define DEFAULT_DIAG_POLLS 2
#define DEFAULT_DIAG_BYTES G_GUINT64_CONSTANT (125000000)
#define DEFAULT_DIAG_DURATION_MS 1250

typedef struct
{
  guint    status;
  char    *reason;         /* NULL = the standard phrase */
  GString *body;
  gboolean json;
  gint64   total;          /* -1 = no "total" header */
  gboolean drop;           /* close the connection without an answer */
} Reply;

/*
 * Auxiliary methods
 */

static void
device_free (gpointer data)
{
  OpsFakeDevice *device = data;

  json_object_unref (device->doc);
  g_free (device->reason);
  g_free (device->diag_path);
  g_free (device);
}

static void
reply_text (Reply      *reply,
            guint       status,
            const char *reason,
            const char *text)
{
  reply->status = status;
  g_free (reply->reason);
  reply->reason = g_strdup (reason);
  if (reply->body != NULL)
    g_string_free (reply->body, TRUE);
  reply->body = g_string_new (text);
  reply->json = FALSE;
}

static void
reply_json (Reply      *reply,
            guint       status,
            const char *reason,
            JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);
  g_autofree char *text = json_to_string (node, FALSE);

  reply_text (reply, status, reason, text);
  reply->json = TRUE;
}

/* A query string as Node's url.parse reads it: "a&b=c" has a = "". */
static GHashTable *
parse_params (const char *raw)
{
  GHashTable *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (raw == NULL)
    return params;

  pairs = g_strsplit (raw, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;
      char *decoded_key;
      char *decoded_value;

      if (pairs[i][0] == '\0')
        continue;

      key = eq != NULL ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      value = g_strdup (eq != NULL ? eq + 1 : "");
      g_strdelimit (key, "+", ' ');
      g_strdelimit (value, "+", ' ');
      decoded_key = g_uri_unescape_string (key, NULL);
      decoded_value = g_uri_unescape_string (value, NULL);
      g_hash_table_replace (params,
                            decoded_key != NULL ? decoded_key : g_steal_pointer (&key),
                            decoded_value != NULL ? decoded_value : g_steal_pointer (&value));
    }

  return params;
}

static gboolean
check_auth (OpsFakeGenieacs   *self,
            SoupServerMessage *msg)
{
  const char *value;

  if (self->authorization == NULL)
    return TRUE;

  value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                        "Authorization");
  return value != NULL && g_str_equal (value, self->authorization);
}

/* A path segment of the NBI's routes: libsoup hands the server the path
 * decoded once, as the NBI's decodeURIComponent does, so a device id whose
 * "%2D" was escaped again ("%252D") arrives as the id.  NULL when the
 * segment cannot be one ([a-zA-Z0-9\-_%]+ before decoding). */
static char *
path_segment (const char *segment,
              gsize       length)
{
  if (length == 0)
    return NULL;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isalnum (segment[i]) && segment[i] != '-' && segment[i] != '_' && segment[i] != '%')
      return NULL;

  return g_strndup (segment, length);
}

/* The path as a client encodes it, for the log: "%" is "%25" again. */
static char *
encode_path (const char *path)
{
  return g_uri_escape_string (path, "/", FALSE);
}

static JsonObject *
parse_json_object (const char  *text,
                   gssize       length,
                   Reply       *reply)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  if (!json_parser_load_from_data (parser, text, length, &error))
    {
      g_autofree char *message = g_strdup_printf ("SyntaxError: %s", error->message);

      reply_text (reply, 400, NULL, message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      reply_text (reply, 400, NULL, "SyntaxError: Unexpected token in JSON");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* GET /devices and GET /tasks. */
static void
handle_collection (OpsFakeGenieacs *self,
                   const char      *collection,
                   GHashTable      *params,
                   Reply           *reply)
{
  gboolean devices = g_str_equal (collection, "devices");
  const char *query_text = g_hash_table_lookup (params, "query");
  const char *projection_text = g_hash_table_lookup (params, "projection");
  const char *sort_text = g_hash_table_lookup (params, "sort");
  const char *skip_text = g_hash_table_lookup (params, "skip");
  const char *limit_text = g_hash_table_lookup (params, "limit");
  g_autoptr(JsonObject) query = NULL;
  g_autoptr(JsonObject) sort = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new ();
  g_auto(GStrv) projection = NULL;
  GPtrArray *source;
  guint skip;
  guint limit;
  GString *body;
  guint written = 0;

  query = query_text != NULL ? parse_json_object (query_text, -1, reply) : json_object_new ();
  if (query == NULL)
    return;
  if (sort_text != NULL && (sort = parse_json_object (sort_text, -1, reply)) == NULL)
    return;

  if (projection_text != NULL)
    {
      projection = g_strsplit (projection_text, ",", -1);
      for (guint i = 0; projection[i] != NULL; i++)
        g_strstrip (projection[i]);
    }

  source = devices ? self->device_order : self->tasks;
  for (guint i = 0; i < source->len; i++)
    {
      JsonObject *doc = devices ? ((OpsFakeDevice *)g_ptr_array_index (source, i))->doc
                                : g_ptr_array_index (source, i);
      g_autoptr(GError) error = NULL;

      if (ops_fake_genieacs_match (doc, query, devices, &error))
        g_ptr_array_add (matches, doc);
      else if (error != NULL)
        {
          reply_text (reply, 400, NULL, error->message);
          return;
        }
    }

  if (sort != NULL)
    ops_fake_genieacs_sort (matches, sort, devices);

  skip = skip_text != NULL ? (guint)g_ascii_strtoull (skip_text, NULL, 10) : 0;
  limit = limit_text != NULL ? (guint)g_ascii_strtoull (limit_text, NULL, 10) : 0;

  /* The NBI streams "[\n", the documents joined by ",\n", then "\n]". */
  body = g_string_new ("[\n");
  for (guint i = skip; i < matches->len && (limit == 0 || written < limit); i++, written++)
    {
      g_autoptr(JsonObject) projected = NULL;
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *line = NULL;

      if (projection != NULL)
        projected = ops_fake_genieacs_project (g_ptr_array_index (matches, i), projection);
      node = json_node_init_object (json_node_alloc (),
                                    projected != NULL ? projected : g_ptr_array_index (matches, i));
      line = json_to_string (node, FALSE);
      if (written > 0)
        g_string_append (body, ",\n");
      g_string_append (body, line);
    }
  g_string_append (body, "\n]");

  reply_text (reply, 200, NULL, NULL);
  g_string_free (reply->body, TRUE);
  reply->body = body;
  reply->json = TRUE;
  reply->total = matches->len;
}

/* POST /devices/<id>/tasks (genieacs-oktopus.md §1.3). */
static void
handle_task_post (OpsFakeGenieacs   *self,
                  SoupServerMessage *msg,
                  const char        *device_id,
                  GHashTable        *params,
                  Reply             *reply)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  gboolean connection_request = g_hash_table_contains (params, "connection_request");
  OpsFakeDevice *device = g_hash_table_lookup (self->devices, device_id);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *stored;
  const char *data;
  gsize size = 0;

  data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      if (!connection_request)
        {
          reply_text (reply, 400, NULL, "");
          return;
        }
      if (device == NULL)
        {
          reply_text (reply, 404, NULL, "No such device");
          return;
        }

      switch (device->mode)
        {
        case OPS_FAKE_GENIEACS_DROP:
          reply->drop = TRUE;
          break;
        case OPS_FAKE_GENIEACS_IN_SESSION:
          reply_text (reply, 503, NULL, "Device is in session");
          break;
        case OPS_FAKE_GENIEACS_CR_FAIL:
          reply_text (reply, 504, device->reason ? device->reason : "Device is offline",
                      device->reason ? device->reason : "Device is offline");
          break;
        case OPS_FAKE_GENIEACS_DONE:
          ops_fake_genieacs_run_session (self, device);
          reply_text (reply, 200, NULL, "");
          break;
        case OPS_FAKE_GENIEACS_QUEUED:
        default:
          reply_text (reply, 200, NULL, "");
          break;
        }
      return;
    }

  if (!json_parser_load_from_data (parser, data, size, &error))
    {
      g_autofree char *message = g_strdup_printf ("SyntaxError: %s", error->message);

      reply_text (reply, 400, NULL, message);
      return;
    }

  if (device == NULL)
    {
      reply_text (reply, 404, NULL, "No such device");
      return;
    }

  /* sanitizeTask throws inside the handler and the worker dies. */
  if (device->mode == OPS_FAKE_GENIEACS_DROP ||
      !ops_fake_genieacs_task_is_valid (json_parser_get_root (parser)))
    {
      reply->drop = TRUE;
      return;
    }

  if (device->mode == OPS_FAKE_GENIEACS_IN_SESSION)
    {
      reply_text (reply, 503, NULL, "Device is in session");
      return;
    }

  stored = ops_fake_genieacs_queue_task (self, device_id,
                                         json_node_get_object (json_parser_get_root (parser)));

  if (!connection_request)
    {
      reply_json (reply, 202, NULL, stored);
      return;
    }

  switch (device->mode)
    {
    case OPS_FAKE_GENIEACS_DONE:
      ops_fake_genieacs_run_task (self, device, stored);
      reply_json (reply, 200, NULL, stored);
      ops_fake_genieacs_unqueue_task (self, stored);
      break;
    case OPS_FAKE_GENIEACS_QUEUED:
      reply_json (reply, 202, device->reason ? device->reason : "Task queued but not processed", stored);
      break;
    case OPS_FAKE_GENIEACS_CR_FAIL:
    case OPS_FAKE_GENIEACS_IN_SESSION:
    case OPS_FAKE_GENIEACS_DROP:
    default:
      reply_json (reply, 202, device->reason ? device->reason : "Device is offline", stored);
      break;
    }
}

/* DELETE /tasks/<id>. */
static void
handle_task_delete (OpsFakeGenieacs *self,
                    const char      *task_id,
                    Reply           *reply)
{
  gsize length = strlen (task_id);

  /* new ObjectId (id) throws on anything but 24 hex digits. */
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (task_id[i]))
      length = 0;
  if (length != 24)
    {
      reply->drop = TRUE;
      return;
    }

  for (guint i = 0; i < self->tasks->len; i++)
    {
      JsonObject *task = g_ptr_array_index (self->tasks, i);
      OpsFakeDevice *device;

      if (g_ascii_strcasecmp (json_object_get_string_member (task, "_id"), task_id) != 0)
        continue;

      device = g_hash_table_lookup (self->devices,
                                    json_object_get_string_member_with_default (task, "device", ""));
      if (device != NULL && device->mode == OPS_FAKE_GENIEACS_IN_SESSION)
        {
          reply_text (reply, 503, NULL, "Device is in session");
          return;
        }

      g_ptr_array_remove_index (self->tasks, i);
      reply_text (reply, 200, NULL, "");
      return;
    }

  reply_text (reply, 404, NULL, "Task not found");
}

/* Called with the lock held.  path is decoded once. */
static void
route (OpsFakeGenieacs   *self,
       SoupServerMessage *msg,
       const char        *decoded_path,
       GHashTable        *params,
       Reply             *reply)
{
  const char *method = soup_server_message_get_method (msg);
  gboolean is_get = g_str_equal (method, "GET") || g_str_equal (method, "HEAD");
  g_autofree char *path = g_strdup (decoded_path);
  gsize length = strlen (path);
  g_autofree char *segment = NULL;

  if (!check_auth (self, msg))
    {
      reply_text (reply, 401, NULL, "Unauthorized");
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "WWW-Authenticate", "Basic realm=\"GenieACS\"");
      return;
    }

  if (length > 1 && path[length - 1] == '/')
    path[--length] = '\0';

  if (g_str_equal (path, "/devices") || g_str_equal (path, "/tasks"))
    {
      if (!is_get)
        reply_text (reply, 405, NULL, "405 Method Not Allowed");
      else
        handle_collection (self, path + 1, params, reply);
      return;
    }

  if (g_str_has_prefix (path, "/devices/") && g_str_has_suffix (path, "/tasks") &&
      length > strlen ("/devices/") + strlen ("/tasks"))
    {
      segment = path_segment (path + strlen ("/devices/"),
                              length - strlen ("/devices/") - strlen ("/tasks"));
      if (segment == NULL)
        reply_text (reply, 404, NULL, "404 Not Found");
      else if (!g_str_equal (method, "POST"))
        reply_text (reply, 405, NULL, "405 Method Not Allowed");
      else
        handle_task_post (self, msg, segment, params, reply);
      return;
    }

  if (g_str_has_prefix (path, "/tasks/"))
    {
      segment = path_segment (path + strlen ("/tasks/"), length - strlen ("/tasks/"));
      if (segment == NULL)
        reply_text (reply, 404, NULL, "404 Not Found");
      else if (!g_str_equal (method, "DELETE"))
        reply_text (reply, 405, NULL, "405 Method Not Allowed");
      else
        handle_task_delete (self, segment, reply);
      return;
    }

  reply_text (reply, 404, NULL, "404 Not Found");
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *decoded_path,
                   GHashTable        *decoded_query,
                   gpointer           user_data)
{
  OpsFakeGenieacs *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *path = g_uri_get_path (uri);
  g_autofree char *raw_path = encode_path (path);
  const char *raw_query = g_uri_get_query (uri);
  g_autoptr(GHashTable) params = parse_params (raw_query);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  Reply reply = { 500, NULL, NULL, FALSE, -1, FALSE };
  guint delay_ms;
  gsize length;

  ops_fake_server_log_request_path (self->server, msg, raw_path);
  g_mutex_lock (&self->mutex);
  delay_ms = self->delay_ms;
  if (self->canned_status != 0)
    {
      reply_text (&reply, self->canned_status, self->canned_reason, self->canned_body);
      self->canned_status = 0;
      g_clear_pointer (&self->canned_reason, g_free);
      g_clear_pointer (&self->canned_body, g_free);
    }
  else
    route (self, msg, path, params, &reply);
  g_mutex_unlock (&self->mutex);

  g_debug ("%s %s → %s", method, raw_path, reply.drop ? "dropped" : soup_status_get_phrase (reply.status));

  if (reply.drop)
    {
      if (reply.body != NULL)
        g_string_free (reply.body, TRUE);
      g_free (reply.reason);
      /* What a crashing NBI worker leaves: the connection closes. */
      ops_fake_server_drop (msg);
      return;
    }

  if (reply.body == NULL)
    reply.body = g_string_new ("");

  soup_server_message_set_status (msg, reply.status, reply.reason);
  soup_message_headers_replace (headers, "GenieACS-Version", GENIEACS_VERSION);
  if (reply.total >= 0)
    {
      g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, reply.total);

      soup_message_headers_replace (headers, "total", total);
    }
  length = reply.body->len;
  soup_server_message_set_response (msg, reply.json ? "application/json" : "text/plain",
                                    SOUP_MEMORY_TAKE, g_string_free (reply.body, FALSE), length);
  g_free (reply.reason);
  ops_fake_server_answer_later (self->server, msg, delay_ms);
}

static void
server_setup (SoupServer *server,
              gpointer    user_data)
{
  g_object_set (server, "server-header", "ops-fake-genieacs ", NULL);
  soup_server_add_handler (server, NULL, handle_request_cb, user_data, NULL);
}

static char *
make_device_id (JsonObject *doc)
{
  JsonObject *device_id = NULL;

  if (json_object_has_member (doc, "_deviceId") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (doc, "_deviceId")))
    device_id = json_object_get_object_member (doc, "_deviceId");
  if (device_id == NULL)
    return g_strdup ("");

  return ops_genieacs_device_id (json_object_get_string_member_with_default (device_id, "_OUI", ""),
                                 json_object_get_string_member_with_default (device_id, "_ProductClass", ""),
                                 json_object_get_string_member_with_default (device_id, "_SerialNumber", ""));
}

/*
 * Public API
 */

OpsFakeGenieacs *
ops_fake_genieacs_new (void)
{
  OpsFakeGenieacs *self = g_new0 (OpsFakeGenieacs, 1);

  g_mutex_init (&self->mutex);
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, device_free);
  self->device_order = g_ptr_array_new ();
  self->tasks = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  self->diag_polls = DEFAULT_DIAG_POLLS;
  self->diag_bytes = DEFAULT_DIAG_BYTES;
  self->diag_duration_ms = DEFAULT_DIAG_DURATION_MS;

  self->server = ops_fake_server_new (server_setup, self);
  if (self->server == NULL)
    {
      ops_fake_genieacs_free (self);
      return NULL;
    }

  g_debug ("Fake GenieACS NBI listening on %s", ops_fake_server_get_url (self->server));
  return self;
}

void
ops_fake_genieacs_free (OpsFakeGenieacs *self)
{
  if (self == NULL)
    return;

  /* First, so that no handler runs any more. */
  g_clear_pointer (&self->server, ops_fake_server_free);
  g_ptr_array_unref (self->device_order);
  g_hash_table_unref (self->devices);
  g_ptr_array_unref (self->tasks);
  g_free (self->authorization);
  g_free (self->canned_reason);
  g_free (self->canned_body);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
ops_fake_genieacs_get_url (OpsFakeGenieacs *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ops_fake_server_get_url (self->server);
}

void
ops_fake_genieacs_set_basic_auth (OpsFakeGenieacs *self,
                                  const char      *username,
                                  const char      *password)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_clear_pointer (&self->authorization, g_free);
  if (username != NULL)
    {
      g_autofree char *credentials = g_strdup_printf ("%s:%s", username, password ? password : "");
      g_autofree char *encoded = g_base64_encode ((const guchar *)credentials, strlen (credentials));

      self->authorization = g_strconcat ("Basic ", encoded, NULL);
    }
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_genieacs_add_device (OpsFakeGenieacs *self,
                              JsonObject      *device)
{
  OpsFakeDevice *entry;
  OpsFakeDevice *old;
  const char *id;

  g_return_if_fail (self != NULL);
  g_return_if_fail (device != NULL);
  g_return_if_fail (json_object_get_string_member_with_default (device, "_id", NULL) != NULL);

  entry = g_new0 (OpsFakeDevice, 1);
  entry->doc = ops_fake_genieacs_object_copy (device);
  entry->mode = OPS_FAKE_GENIEACS_DONE;
  id = json_object_get_string_member (entry->doc, "_id");

  g_mutex_lock (&self->mutex);
  old = g_hash_table_lookup (self->devices, id);
  if (old != NULL)
    g_ptr_array_remove (self->device_order, old);
  g_hash_table_replace (self->devices, g_strdup (id), entry);
  g_ptr_array_add (self->device_order, entry);
  g_mutex_unlock (&self->mutex);
}

char *
ops_fake_genieacs_add_device_csv (OpsFakeGenieacs  *self,
                                  const char       *path,
                                  GError          **error)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;

  doc = ops_genieacs_csv_to_document (contents, length, NULL, error);
  if (doc == NULL)
    return NULL;

  if (json_object_get_string_member_with_default (doc, "_id", NULL) == NULL)
    {
      g_autofree char *id = make_device_id (doc);

      json_object_set_string_member (doc, "_id", id);
    }

  ops_fake_genieacs_add_device (self, doc);
  return g_strdup (json_object_get_string_member (doc, "_id"));
}

JsonObject *
ops_fake_genieacs_dup_device (OpsFakeGenieacs *self,
                              const char      *device_id)
{
  JsonObject *copy = NULL;
  OpsFakeDevice *device;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  g_mutex_lock (&self->mutex);
  device = g_hash_table_lookup (self->devices, device_id);
  if (device != NULL)
    copy = ops_fake_genieacs_object_copy (device->doc);
  g_mutex_unlock (&self->mutex);

  return copy;
}

void
ops_fake_genieacs_set_mode (OpsFakeGenieacs     *self,
                            const char          *device_id,
                            OpsFakeGenieacsMode  mode,
                            const char          *reason)
{
  OpsFakeDevice *device;

  g_return_if_fail (self != NULL);
  g_return_if_fail (device_id != NULL);

  g_mutex_lock (&self->mutex);
  device = g_hash_table_lookup (self->devices, device_id);
  if (device == NULL)
    g_critical ("The fake GenieACS NBI has no device %s", device_id);
  else
    {
      device->mode = mode;
      g_free (device->reason);
      device->reason = g_strdup (reason);
    }
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_genieacs_set_diagnostics (OpsFakeGenieacs *self,
                                   guint            polls,
                                   guint64          bytes,
                                   guint            duration_ms)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->diag_polls = polls;
  self->diag_bytes = bytes;
  self->diag_duration_ms = duration_ms;
  g_mutex_unlock (&self->mutex);
}

JsonArray *
ops_fake_genieacs_dup_tasks (OpsFakeGenieacs *self,
                             const char      *device_id)
{
  JsonArray *tasks = json_array_new ();

  g_return_val_if_fail (self != NULL, tasks);

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < self->tasks->len; i++)
    {
      JsonObject *task = g_ptr_array_index (self->tasks, i);

      if (device_id == NULL ||
          g_strcmp0 (json_object_get_string_member_with_default (task, "device", NULL), device_id) == 0)
        json_array_add_object_element (tasks, ops_fake_genieacs_object_copy (task));
    }
  g_mutex_unlock (&self->mutex);

  return tasks;
}

guint
ops_fake_genieacs_run_queued (OpsFakeGenieacs *self,
                              const char      *device_id)
{
  OpsFakeDevice *device;
  guint count = 0;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (device_id != NULL, 0);

  g_mutex_lock (&self->mutex);
  device = g_hash_table_lookup (self->devices, device_id);
  if (device != NULL)
    count = ops_fake_genieacs_run_session (self, device);
  g_mutex_unlock (&self->mutex);

  return count;
}

void
ops_fake_genieacs_answer_next (OpsFakeGenieacs *self,
                               guint            status,
                               const char      *reason,
                               const char      *body)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (status >= 100);

  g_mutex_lock (&self->mutex);
  self->canned_status = status;
  g_free (self->canned_reason);
  self->canned_reason = g_strdup (reason);
  g_free (self->canned_body);
  self->canned_body = g_strdup (body ? body : "");
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_genieacs_set_delay (OpsFakeGenieacs *self,
                             guint            delay_ms)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->delay_ms = delay_ms;
  g_mutex_unlock (&self->mutex);
}

guint
ops_fake_genieacs_get_request_count (OpsFakeGenieacs *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return ops_fake_server_get_request_count (self->server);
}

GStrv
ops_fake_genieacs_dup_requests (OpsFakeGenieacs *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ops_fake_server_dup_requests (self->server);
}

void
ops_fake_genieacs_clear_requests (OpsFakeGenieacs *self)
{
  g_return_if_fail (self != NULL);

  ops_fake_server_clear_requests (self->server);
}
