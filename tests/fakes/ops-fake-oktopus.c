/* ops-fake-oktopus.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake Oktopus controller on an OpsFakeServer: the controller's routes,
 * answers and errors (bare JSON strings) as ops-fake-oktopus.h describes.
 */

#define G_LOG_DOMAIN "OpsFakeOktopus"

#include "config.h"

#include <string.h>

#include "ops-fake-oktopus-private.h"
#include "ops-fake-server.h"

#define PAGE_SIZE_DEFAULT 20
#define PAGE_SIZE_LIMIT 50
#define TIMEOUT_DELAY_DEFAULT_MS 200

struct _OpsFakeOktopus
{
  GMutex         mutex;
  OpsFakeServer *server;

  char          *email;
  char          *password;
  GHashTable    *devices;        /* serial -> Device */
  GPtrArray     *order;          /* serials, in the order they were added */
  GHashTable    *valid_tokens;   /* set of tokens */
  GPtrArray     *tokens;         /* every token issued */
  gboolean       refuse_tokens;
  guint          logins;
  guint          timeout_delay_ms;
  char          *last_body;      /* JSON text */
  char          *last_authorization;
};

/*
 * Auxiliary methods
 */

static void
failure_free (gpointer data)
{
  Failure *failure = data;

  g_free (failure->message);
  g_free (failure);
}

static void
device_free (gpointer data)
{
  Device *device = data;

  g_free (device->serial);
  g_free (device->vendor);
  g_free (device->model);
  g_free (device->product_class);
  g_free (device->version);
  g_free (device->usp_message);
  g_tree_unref (device->params);
  g_hash_table_unref (device->failures);
  g_hash_table_unref (device->async);
  g_ptr_array_unref (device->commands);
  g_free (device);
}

static guint
device_status (Device *device)
{
  switch (device->mode)
    {
    case OPS_FAKE_OKTOPUS_OFFLINE:
      return 0;
    case OPS_FAKE_OKTOPUS_ASSOCIATING:
      return 1;
    case OPS_FAKE_OKTOPUS_ONLINE:
    case OPS_FAKE_OKTOPUS_TIMEOUT:
    case OPS_FAKE_OKTOPUS_USP_ERROR:
    default:
      return 2;
    }
}

/* Called with the lock held. */
static Device *
lookup_device (OpsFakeOktopus *self,
               const char     *serial)
{
  Device *device = g_hash_table_lookup (self->devices, serial);

  if (device == NULL)
    g_critical ("The fake Oktopus has no device %s", serial);
  return device;
}

static JsonObject *
parse_body (SoupServerMessage *msg)
{
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *data;
  JsonNode *root;
  gsize size = 0;

  data = g_bytes_get_data (bytes, &size);
  if (size == 0 || !json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* A token shaped like the controller's HS256 JWT (header.payload.signature). */
static char *
new_token (OpsFakeOktopus *self)
{
  g_autofree char *payload = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *signature = NULL;
  char *p;

  payload = g_strdup_printf ("{\"email\":\"%s\",\"n\":%u,\"r\":%u}", self->email, self->logins,
                             g_random_int ());
  encoded = g_base64_encode ((const guchar *) payload, strlen (payload));
  signature = g_compute_checksum_for_string (G_CHECKSUM_SHA256, encoded, -1);
  for (p = encoded; *p != '\0'; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        *p = '\0';
    }

  return g_strdup_printf ("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.%s.%s", encoded, signature);
}

static void
add_device_json (JsonBuilder *builder,
                 Device      *device)
{
  guint status = device_status (device);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "SN");
  json_builder_add_string_value (builder, device->serial);
  json_builder_set_member_name (builder, "Model");
  json_builder_add_string_value (builder, device->model);
  json_builder_set_member_name (builder, "Customer");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "Vendor");
  json_builder_add_string_value (builder, device->vendor);
  json_builder_set_member_name (builder, "Version");
  json_builder_add_string_value (builder, device->version);
  json_builder_set_member_name (builder, "ProductClass");
  json_builder_add_string_value (builder, device->product_class);
  json_builder_set_member_name (builder, "Alias");
  json_builder_add_string_value (builder, "");
  json_builder_set_member_name (builder, "Status");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "Mqtt");
  json_builder_add_int_value (builder, status);
  json_builder_set_member_name (builder, "Stomp");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "Websockets");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, "Cwmp");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
}

static gboolean
parse_int (const char *text,
           gint64      fallback,
           gint64     *value)
{
  char *end = NULL;

  if (text == NULL || *text == '\0')
    {
      *value = fallback;
      return TRUE;
    }

  *value = g_ascii_strtoll (text, &end, 10);
  return end != NULL && *end == '\0' && end != text;
}

/* Called with the lock held. */
static void
handle_devices (OpsFakeOktopus *self,
                GHashTable     *query,
                Reply          *reply)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *id = query ? g_hash_table_lookup (query, "id") : NULL;
  gint64 total = self->order->len;
  gint64 page;
  gint64 size;
  gint64 skip;

  if (id != NULL && *id != '\0')
    {
      Device *device = g_hash_table_lookup (self->devices, id);

      if (device == NULL)
        {
          _ops_fake_oktopus_reply_string (reply, 404, "Device not found");
          return;
        }
      add_device_json (builder, device);
      _ops_fake_oktopus_reply_builder (reply, 200, builder);
      return;
    }

  if (!parse_int (query ? g_hash_table_lookup (query, "page_number") : NULL, 0, &page))
    {
      _ops_fake_oktopus_reply_string (reply, 400, "Page number must be an integer");
      return;
    }
  if (!parse_int (query ? g_hash_table_lookup (query, "page_size") : NULL, PAGE_SIZE_DEFAULT, &size) ||
      size <= 0)
    {
      _ops_fake_oktopus_reply_string (reply, 400, "Page size must be an integer");
      return;
    }
  if (size > PAGE_SIZE_LIMIT)
    {
      _ops_fake_oktopus_reply_string (reply, 400, "Page size must not exceed 50");
      return;
    }

  /* The controller's own arithmetic, overlap included. */
  skip = total < size ? 0 : page * (size - 1);
  if (skip < 0 || skip >= total)
    {
      _ops_fake_oktopus_reply_string (reply, 404, "No devices found");
      return;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pages");
  json_builder_add_int_value (builder, total / size);
  json_builder_set_member_name (builder, "page");
  json_builder_add_int_value (builder, page);
  json_builder_set_member_name (builder, "size");
  json_builder_add_int_value (builder, size);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "devices");
  json_builder_begin_array (builder);
  for (gint64 i = skip; i < total && i < skip + size; i++)
    add_device_json (builder, g_hash_table_lookup (self->devices, g_ptr_array_index (self->order, i)));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _ops_fake_oktopus_reply_builder (reply, 200, builder);
}

/* Called with the lock held.  rest is "<SN>/<mtp>/<verb>". */
static void
handle_usp (OpsFakeOktopus    *self,
            SoupServerMessage *msg,
            const char        *rest,
            Reply             *reply)
{
  g_auto(GStrv) parts = g_strsplit (rest, "/", -1);
  g_autoptr(JsonObject) body = NULL;
  Device *device;

  if (g_strv_length (parts) != 3)
    {
      _ops_fake_oktopus_reply_string (reply, 404, "404 page not found");
      return;
    }

  if (!g_str_equal (parts[1], "any") && !g_str_equal (parts[1], "mqtt") &&
      !g_str_equal (parts[1], "ws") && !g_str_equal (parts[1], "stomp"))
    {
      _ops_fake_oktopus_reply_string (reply, 400, "Invalid MTP, valid options are: mqtt, ws, stomp");
      return;
    }

  if (!g_str_equal (parts[2], "get") && !g_str_equal (parts[2], "operate"))
    {
      _ops_fake_oktopus_reply_string (reply, 404, "404 page not found");
      return;
    }

  body = parse_body (msg);
  g_clear_pointer (&self->last_body, g_free);
  if (body != NULL)
    {
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_node_set_object (node, body);
      self->last_body = json_to_string (node, FALSE);
    }

  device = g_hash_table_lookup (self->devices, parts[0]);
  if (device == NULL)
    {
      _ops_fake_oktopus_reply_string (reply, 404, "Device not found");
      return;
    }

  switch (device->mode)
    {
    case OPS_FAKE_OKTOPUS_OFFLINE:
      _ops_fake_oktopus_reply_string (reply, 503, "Device is offline");
      return;
    case OPS_FAKE_OKTOPUS_ASSOCIATING:
      _ops_fake_oktopus_reply_string (reply, 503, "Device status is associating");
      return;
    case OPS_FAKE_OKTOPUS_TIMEOUT:
      _ops_fake_oktopus_reply_string (reply, 504, "usp message response timeout");
      reply->delay_ms = self->timeout_delay_ms;
      return;
    case OPS_FAKE_OKTOPUS_USP_ERROR:
      {
        g_autoptr(JsonBuilder) builder = json_builder_new ();

        json_builder_begin_object (builder);
        json_builder_set_member_name (builder, "err_code");
        json_builder_add_int_value (builder, device->usp_code);
        json_builder_set_member_name (builder, "err_msg");
        json_builder_add_string_value (builder, device->usp_message ? device->usp_message : "");
        json_builder_end_object (builder);
        _ops_fake_oktopus_reply_builder (reply, 200, builder);
      }
      return;
    case OPS_FAKE_OKTOPUS_ONLINE:
    default:
      break;
    }

  if (body == NULL)
    {
      _ops_fake_oktopus_reply_string (reply, 400, "The body must be a JSON object");
      return;
    }

  if (g_str_equal (parts[2], "get"))
    _ops_fake_oktopus_handle_get (device, body, reply);
  else
    _ops_fake_oktopus_handle_operate (device, body, reply);
}

/* Called with the lock held. */
static void
handle_login (OpsFakeOktopus    *self,
              SoupServerMessage *msg,
              Reply             *reply)
{
  g_autoptr(JsonObject) body = parse_body (msg);
  const char *email;
  const char *password;
  char *token;

  if (body == NULL)
    {
      reply->status = 400;
      reply->body = g_strdup ("");
      return;
    }

  email = json_object_get_string_member_with_default (body, "email", "");
  password = json_object_get_string_member_with_default (body, "password", "");
  if (!g_str_equal (email, self->email) || !g_str_equal (password, self->password))
    {
      _ops_fake_oktopus_reply_string (reply, 401, "Invalid Credentials");
      return;
    }

  self->logins++;
  token = new_token (self);
  g_ptr_array_add (self->tokens, token);
  g_hash_table_add (self->valid_tokens, g_strdup (token));
  _ops_fake_oktopus_reply_string (reply, 200, token);
}

/* Called with the lock held. */
static void
process_request (OpsFakeOktopus    *self,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 Reply             *reply)
{
  const char *method = soup_server_message_get_method (msg);
  const char *authorization =
    soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");

  if (authorization != NULL)
    {
      g_free (self->last_authorization);
      self->last_authorization = g_strdup (authorization);
    }

  if (g_str_equal (path, "/api/auth/login"))
    {
      if (g_str_equal (method, "PUT"))
        handle_login (self, msg, reply);
      else
        reply->status = SOUP_STATUS_METHOD_NOT_ALLOWED;
      return;
    }

  if (authorization == NULL || self->refuse_tokens ||
      !g_hash_table_contains (self->valid_tokens, authorization))
    {
      reply->status = SOUP_STATUS_UNAUTHORIZED;
      return;
    }

  if (g_str_equal (path, "/api/device") && g_str_equal (method, "GET"))
    handle_devices (self, query, reply);
  else if (g_str_has_prefix (path, "/api/device/") && g_str_equal (method, "PUT"))
    handle_usp (self, msg, path + strlen ("/api/device/"), reply);
  else
    _ops_fake_oktopus_reply_string (reply, 404, "404 page not found");
}

static void
handle_request_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  OpsFakeOktopus *self = user_data;
  Reply reply = { 0, NULL, 0 };
  gsize length;

  ops_fake_server_log_request (self->server, msg);
  g_mutex_lock (&self->mutex);
  process_request (self, msg, path, query, &reply);
  g_mutex_unlock (&self->mutex);

  g_debug ("%s %s → %u", soup_server_message_get_method (msg), path, reply.status);

  soup_server_message_set_status (msg, reply.status, NULL);
  if (reply.body == NULL)
    reply.body = g_strdup ("");
  length = strlen (reply.body);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&reply.body), length);
  ops_fake_server_answer_later (self->server, msg, reply.delay_ms);
}

static void
server_setup (SoupServer *server,
              gpointer    user_data)
{
  g_object_set (server, "server-header", "ops-fake-oktopus ", NULL);
  soup_server_add_handler (server, NULL, handle_request_cb, user_data, NULL);
}

static GStrv
strv_from_array (GPtrArray *array)
{
  GStrv strv = g_new0 (char *, array->len + 1);

  for (guint i = 0; i < array->len; i++)
    strv[i] = g_strdup (g_ptr_array_index (array, i));

  return strv;
}

/*
 * Public API
 */

OpsFakeOktopus *
ops_fake_oktopus_new (const char *email,
                      const char *password)
{
  OpsFakeOktopus *self;

  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  self = g_new0 (OpsFakeOktopus, 1);
  g_mutex_init (&self->mutex);
  self->email = g_strdup (email);
  self->password = g_strdup (password);
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, device_free);
  self->order = g_ptr_array_new_with_free_func (g_free);
  self->valid_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->tokens = g_ptr_array_new_with_free_func (g_free);
  self->timeout_delay_ms = TIMEOUT_DELAY_DEFAULT_MS;

  self->server = ops_fake_server_new (server_setup, self);
  if (self->server == NULL)
    {
      ops_fake_oktopus_free (self);
      return NULL;
    }

  return self;
}

void
ops_fake_oktopus_free (OpsFakeOktopus *self)
{
  if (self == NULL)
    return;

  /* First, so that no handler runs any more. */
  g_clear_pointer (&self->server, ops_fake_server_free);
  g_hash_table_unref (self->devices);
  g_ptr_array_unref (self->order);
  g_hash_table_unref (self->valid_tokens);
  g_ptr_array_unref (self->tokens);
  g_free (self->last_body);
  g_free (self->last_authorization);
  g_free (self->email);
  g_free (self->password);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
ops_fake_oktopus_get_url (OpsFakeOktopus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ops_fake_server_get_url (self->server);
}

void
ops_fake_oktopus_add_device (OpsFakeOktopus *self,
                             const char     *serial,
                             const char     *vendor,
                             const char     *model,
                             const char     *product_class,
                             const char     *version)
{
  Device *device;

  g_return_if_fail (self != NULL);
  g_return_if_fail (serial != NULL && *serial != '\0');

  device = g_new0 (Device, 1);
  device->serial = g_strdup (serial);
  device->vendor = g_strdup (vendor ? vendor : "");
  device->model = g_strdup (model ? model : "");
  device->product_class = g_strdup (product_class ? product_class : "");
  device->version = g_strdup (version ? version : "");
  device->params = g_tree_new_full (_ops_fake_oktopus_path_compare, NULL, g_free, g_free);
  device->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, failure_free);
  device->async = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  device->commands = g_ptr_array_new_with_free_func (g_free);

  g_mutex_lock (&self->mutex);
  if (!g_hash_table_contains (self->devices, serial))
    g_ptr_array_add (self->order, g_strdup (serial));
  g_hash_table_replace (self->devices, device->serial, device);
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_oktopus_set_param (OpsFakeOktopus *self,
                            const char     *serial,
                            const char     *path,
                            const char     *value)
{
  Device *device;

  g_return_if_fail (self != NULL);
  g_return_if_fail (serial != NULL && path != NULL && value != NULL);

  g_mutex_lock (&self->mutex);
  device = lookup_device (self, serial);
  if (device != NULL)
    g_tree_replace (device->params, g_strdup (path), g_strdup (value));
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_oktopus_set_params (OpsFakeOktopus    *self,
                             const char        *serial,
                             const char *const *pairs)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (pairs != NULL);

  for (guint i = 0; pairs[i] != NULL && pairs[i + 1] != NULL; i += 2)
    ops_fake_oktopus_set_param (self, serial, pairs[i], pairs[i + 1]);
}

void
ops_fake_oktopus_set_mode (OpsFakeOktopus     *self,
                           const char         *serial,
                           OpsFakeOktopusMode  mode)
{
  Device *device;

  g_return_if_fail (self != NULL);
  g_return_if_fail (serial != NULL);

  g_mutex_lock (&self->mutex);
  device = lookup_device (self, serial);
  if (device != NULL)
    device->mode = mode;
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_oktopus_set_usp_error (OpsFakeOktopus *self,
                                const char     *serial,
                                guint           code,
                                const char     *message)
{
  Device *device;

  g_return_if_fail (self != NULL);
  g_return_if_fail (serial != NULL);

  g_mutex_lock (&self->mutex);
  device = lookup_device (self, serial);
  if (device != NULL)
    {
      device->mode = OPS_FAKE_OKTOPUS_USP_ERROR;
      device->usp_code = code;
      g_free (device->usp_message);
      device->usp_message = g_strdup (message);
    }
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_oktopus_fail_command (OpsFakeOktopus *self,
                               const char     *serial,
                               const char     *command,
                               guint           code,
                               const char     *message)
{
  Device *device;

  g_return_if_fail (self != NULL);
  g_return_if_fail (serial != NULL && command != NULL);

  g_mutex_lock (&self->mutex);
  device = lookup_device (self, serial);
  if (device != NULL)
    {
      Failure *failure = g_new0 (Failure, 1);

      failure->code = code;
      failure->message = g_strdup (message ? message : "");
      g_hash_table_replace (device->failures, g_strdup (command), failure);
    }
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_oktopus_set_command_async (OpsFakeOktopus *self,
                                    const char     *serial,
                                    const char     *command)
{
  Device *device;

  g_return_if_fail (self != NULL);
  g_return_if_fail (serial != NULL && command != NULL);

  g_mutex_lock (&self->mutex);
  device = lookup_device (self, serial);
  if (device != NULL)
    g_hash_table_add (device->async, g_strdup (command));
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_oktopus_set_timeout_delay (OpsFakeOktopus *self,
                                    guint           delay_ms)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->timeout_delay_ms = delay_ms;
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_oktopus_expire_tokens (OpsFakeOktopus *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_hash_table_remove_all (self->valid_tokens);
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_oktopus_set_refuse_tokens (OpsFakeOktopus *self,
                                    gboolean        refuse)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->refuse_tokens = !!refuse;
  g_mutex_unlock (&self->mutex);
}

guint
ops_fake_oktopus_get_login_count (OpsFakeOktopus *self)
{
  guint count;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  count = self->logins;
  g_mutex_unlock (&self->mutex);

  return count;
}

GStrv
ops_fake_oktopus_dup_tokens (OpsFakeOktopus *self)
{
  GStrv tokens;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  tokens = strv_from_array (self->tokens);
  g_mutex_unlock (&self->mutex);

  return tokens;
}

GStrv
ops_fake_oktopus_dup_commands (OpsFakeOktopus *self,
                               const char     *serial)
{
  GStrv commands = NULL;
  Device *device;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (serial != NULL, NULL);

  g_mutex_lock (&self->mutex);
  device = lookup_device (self, serial);
  commands = device != NULL ? strv_from_array (device->commands) : g_new0 (char *, 1);
  g_mutex_unlock (&self->mutex);

  return commands;
}

GStrv
ops_fake_oktopus_dup_requests (OpsFakeOktopus *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return ops_fake_server_dup_requests (self->server);
}

void
ops_fake_oktopus_clear_requests (OpsFakeOktopus *self)
{
  g_return_if_fail (self != NULL);

  ops_fake_server_clear_requests (self->server);
}

JsonObject *
ops_fake_oktopus_dup_last_body (OpsFakeOktopus *self)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  text = g_strdup (self->last_body);
  g_mutex_unlock (&self->mutex);

  if (text == NULL)
    return NULL;
  node = json_from_string (text, NULL);
  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_dup_object (node) : NULL;
}

char *
ops_fake_oktopus_dup_last_authorization (OpsFakeOktopus *self)
{
  char *authorization;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  authorization = g_strdup (self->last_authorization);
  g_mutex_unlock (&self->mutex);

  return authorization;
}
