/* ops-oktopus-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client of the Oktopus controller REST API (genieacs-oktopus.md §5).
 *
 * The controller answers errors as a bare JSON string ("Device is
 * offline"), the login as a JSON string holding the JWT, and USP-level
 * errors with HTTP 200 and a USP Error message ({"err_code", "err_msg"}).
 * The token goes raw in Authorization and lasts 24 h; a 401 means it
 * expired, so the client signs in again once and repeats the request.
 */

#define G_LOG_DOMAIN "ops-oktopus"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-oktopus-private.h"

/* The controller gives a device 10 s to answer a USP message; the client
 * waits a little longer, so that the controller's 504 arrives first. */
#define OKTOPUS_USP_TIMEOUT_SECONDS 10
#define OKTOPUS_TIMEOUT_SECONDS 15
#define PAGE_SIZE 50
#define MAX_PAGES 10000

struct _OpsOktopusClient
{
  GObject         parent_instance;

  char           *base_url;
  char           *email;
  char           *password;
  SoupSession    *session;
  SoupSession    *login_session;   /* never logs: its answer is the token */

  GMutex          login_lock;   /* one sign-in at a time */
  GMutex          lock;         /* protects token and retry */
  char           *token;
  OpsRetryPolicy  retry;
};

G_DEFINE_FINAL_TYPE (OpsOktopusClient, ops_oktopus_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-oktopus-error-quark, ops_oktopus_error)

/*
 * Auxiliary methods
 */

static void
clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

/* The text of a body that is a bare JSON string, as the controller sends
 * its errors and tokens, or NULL. */
static char *
body_string (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  JsonNode *root;
  gsize size = 0;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (size == 0 || !g_utf8_validate (data, size, NULL))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_VALUE (root) ||
      json_node_get_value_type (root) != G_TYPE_STRING)
    return NULL;

  return g_strdup (json_node_get_string (root));
}

/* The controller's own 503 (device state) and 504 (the device did not
 * answer in 10 s) are final: retrying them only makes the CSR wait.  A
 * proxy's 502/503/504 page (not a JSON string) is retried as usual. */
static gboolean
should_retry (guint               status,
              SoupMessageHeaders *headers,
              GBytes             *body,
              gpointer            user_data)
{
  g_autofree char *text = NULL;

  if (!ops_http_status_is_retryable (status))
    return FALSE;
  if (status != 503 && status != 504)
    return TRUE;

  text = body_string (body);
  return text == NULL;
}

static char *
device_path (const char *serial,
             const char *verb)
{
  g_autofree char *escaped = g_uri_escape_string (serial, NULL, FALSE);

  return g_strconcat ("/api/device/", escaped, "/any/", verb, NULL);
}

static OpsHttpRequest *
new_request (OpsOktopusClient *self,
             const char       *method,
             const char       *path,
             JsonNode         *body)
{
  g_autofree char *uri = g_strconcat (self->base_url, path, NULL);
  OpsHttpRequest *request = ops_http_request_new (method, uri);

  ops_http_request_set_header (request, "Accept", "application/json");
  if (body != NULL)
    ops_http_request_set_json_body (request, body);

  g_mutex_lock (&self->lock);
  ops_http_request_set_retry (request, &self->retry);
  g_mutex_unlock (&self->lock);

  ops_http_request_set_retry_func (request, should_retry, NULL, NULL);

  return request;
}

static char *
dup_token (OpsOktopusClient *self)
{
  char *token;

  g_mutex_lock (&self->lock);
  token = g_strdup (self->token);
  g_mutex_unlock (&self->lock);

  return token;
}

/* Forgets token unless another thread already replaced it. */
static void
forget_token (OpsOktopusClient *self,
              const char       *token)
{
  g_mutex_lock (&self->lock);
  if (g_strcmp0 (self->token, token) == 0)
    clear_secret (&self->token);
  g_mutex_unlock (&self->lock);
}

static gboolean
set_bad_response (GError     **error,
                  const char  *member)
{
  g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_SERVER,
               _("The Oktopus controller answered without “%s”. Check that the Oktopus address "
                 "in Preferences points to the controller API (port 8000)."),
               member);
  return FALSE;
}

static gboolean
set_usp_error (GError     **error,
               const char  *serial,
               gint64       code,
               const char  *message)
{
  g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_USP,
               _("The device %s refused the request with USP error %d (%s). Check that this "
                 "model supports it, or try again later."),
               serial, (int)code, message && *message ? message : _("no reason given"));
  return FALSE;
}

/* The GError of an answer that is not 2xx.  serial may be NULL (calls
 * about no device). */
static void
set_status_error (GError         **error,
                  OpsHttpResponse *response,
                  const char      *serial)
{
  g_autofree char *text = body_string (response->body);
  const char *reason = text;

  if (reason == NULL || *reason == '\0')
    reason = soup_status_get_phrase (response->status);
  if (reason == NULL)
    reason = "";

  switch (response->status)
    {
    case 401:
      g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_LOGIN,
                   _("The Oktopus controller refused the session even after signing in again. "
                     "Check the e-mail and password of the Oktopus connection in Preferences."));
      return;

    case 404:
      if (serial != NULL)
        g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_NOT_FOUND,
                     _("The Oktopus controller does not know the device %s. Check the serial "
                       "number, or whether the device is managed by GenieACS instead."),
                     serial);
      else
        g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_NOT_FOUND,
                     _("The Oktopus controller answered “%s”. Check that the Oktopus address "
                       "in Preferences points to the controller API (port 8000)."),
                     reason);
      return;

    case 503:
      if (text != NULL && strstr (text, "associating") != NULL)
        {
          g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_OFFLINE,
                       _("The device %s is still connecting to the Oktopus controller. Try "
                         "again in a minute."),
                       serial ? serial : "");
          return;
        }
      if (text != NULL && strstr (text, "offline") != NULL)
        {
          g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_OFFLINE,
                       _("The device %s is offline for the Oktopus controller. Check that it "
                         "is powered on and connected, then try again."),
                       serial ? serial : "");
          return;
        }
      break;

    case 504:
      g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_TIMEOUT,
                   _("The device %s did not answer the Oktopus controller within %u s. It may "
                     "be busy or poorly connected; try again in a minute."),
                   serial ? serial : "", OKTOPUS_USP_TIMEOUT_SECONDS);
      return;

    default:
      break;
    }

  g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_SERVER,
               _("The Oktopus controller answered HTTP %u (%s). Try again later; if it "
                 "persists, check the controller's logs."),
               response->status, reason);
}

/* Signs in and keeps the token.  Called with login_lock held. */
static gboolean
login_locked (OpsOktopusClient  *self,
              GCancellable      *cancellable,
              GError           **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *token = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, self->email);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, self->password);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  request = new_request (self, "PUT", "/api/auth/login", body);
  response = ops_http_send (self->login_session, request, cancellable, error);
  if (response == NULL)
    return FALSE;

  if (response->status == 401 || response->status == 403)
    {
      g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_LOGIN,
                   _("The Oktopus controller refused to sign in as %s. Check the e-mail and "
                     "password of the Oktopus connection in Preferences."),
                   self->email);
      return FALSE;
    }

  if (response->status < 200 || response->status >= 300)
    {
      set_status_error (error, response, NULL);
      return FALSE;
    }

  token = body_string (response->body);
  if (token == NULL || *token == '\0')
    {
      clear_secret (&token);
      g_set_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_SERVER,
                   _("The Oktopus controller did not answer the sign-in with a token. Check that "
                     "the Oktopus address in Preferences points to the controller API (port "
                     "8000)."));
      return FALSE;
    }

  g_mutex_lock (&self->lock);
  clear_secret (&self->token);
  self->token = g_steal_pointer (&token);
  g_mutex_unlock (&self->lock);

  g_debug ("Signed in to the Oktopus controller %s as %s", self->base_url, self->email);
  return TRUE;
}

/* The current token, signing in first when there is none (or when the
 * one there is stale, i.e. equal to the one that was just refused). */
static char *
ensure_token (OpsOktopusClient  *self,
              const char        *stale,
              GCancellable      *cancellable,
              GError           **error)
{
  char *token;

  g_mutex_lock (&self->login_lock);
  token = dup_token (self);
  if (token == NULL || g_strcmp0 (token, stale) == 0)
    {
      clear_secret (&token);
      if (login_locked (self, cancellable, error))
        token = dup_token (self);
    }
  g_mutex_unlock (&self->login_lock);

  return token;
}

/* Sends an authenticated request: signs in when needed, and once more
 * when the token is refused (expired).  Returns any answer that is not a
 * second 401. */
static OpsHttpResponse *
send_authed (OpsOktopusClient  *self,
             const char        *method,
             const char        *path,
             JsonNode          *body,
             guint              max_attempts,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autofree char *stale = NULL;

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(OpsHttpRequest) request = NULL;
      g_autoptr(OpsHttpResponse) response = NULL;
      g_autofree char *token = NULL;

      token = ensure_token (self, stale, cancellable, error);
      if (token == NULL)
        return NULL;

      request = new_request (self, method, path, body);
      ops_http_request_set_header (request, "Authorization", token);
      if (max_attempts > 0)
        {
          OpsRetryPolicy policy;

          g_mutex_lock (&self->lock);
          policy = self->retry;
          g_mutex_unlock (&self->lock);
          policy.max_attempts = max_attempts;
          ops_http_request_set_retry (request, &policy);
        }

      response = ops_http_send (self->session, request, cancellable, error);
      if (response == NULL)
        {
          clear_secret (&token);
          return NULL;
        }

      if (response->status != 401 || round == 1)
        {
          clear_secret (&token);
          return g_steal_pointer (&response);
        }

      g_debug ("%s %s: the token was refused; signing in again", method, path);
      forget_token (self, token);
      clear_secret (&stale);
      stale = g_steal_pointer (&token);
    }

  g_assert_not_reached ();
  return NULL;
}

/* The parsed body of a 2xx answer; any other answer becomes the error. */
static JsonNode *
perform (OpsOktopusClient  *self,
         const char        *method,
         const char        *path,
         JsonNode          *body,
         guint              max_attempts,
         const char        *serial,
         GCancellable      *cancellable,
         GError           **error)
{
  g_autoptr(OpsHttpResponse) response = NULL;

  response = send_authed (self, method, path, body, max_attempts, cancellable, error);
  if (response == NULL)
    return NULL;

  if (response->status < 200 || response->status >= 300)
    {
      set_status_error (error, response, serial);
      return NULL;
    }

  return ops_http_response_parse_json (response, error);
}

/* The root object of a USP answer, or NULL (SERVER) when the answer is
 * not an object.  A USP Error message (err_code at the root) becomes
 * OPS_OKTOPUS_ERROR_USP.  An answer without expected is kept: Go omits
 * empty lists ("omitempty"), so no results come as {}. */
static JsonObject *
usp_root (JsonNode    *root,
          const char  *serial,
          const char  *expected,
          GError     **error)
{
  JsonObject *object;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_bad_response (error, expected);
      return NULL;
    }

  object = json_node_get_object (root);
  if (json_object_has_member (object, "err_code") && !json_object_has_member (object, expected))
    {
      set_usp_error (error, serial, json_object_get_int_member_with_default (object, "err_code", 0),
                     json_object_get_string_member_with_default (object, "err_msg", NULL));
      return NULL;
    }

  return object;
}

/* A device of the controller (Go field names: SN, Vendor, …), or NULL
 * when it has no serial. */
static OpsOktopusDevice *
device_from_object (JsonObject *object)
{
  OpsOktopusDevice *device;
  const char *serial = _ops_oktopus_string_member (object, "SN");

  if (serial == NULL || *serial == '\0')
    return NULL;

  device = g_new0 (OpsOktopusDevice, 1);
  device->serial = g_strdup (serial);
  device->vendor = g_strdup (_ops_oktopus_string_member (object, "Vendor"));
  device->model = g_strdup (_ops_oktopus_string_member (object, "Model"));
  device->product_class = g_strdup (_ops_oktopus_string_member (object, "ProductClass"));
  device->version = g_strdup (_ops_oktopus_string_member (object, "Version"));
  device->status = (gint)json_object_get_int_member_with_default (object, "Status", 0);

  return device;
}

/*
 * GObject overrides
 */

static void
ops_oktopus_client_finalize (GObject *object)
{
  OpsOktopusClient *self = (OpsOktopusClient *)object;

  clear_secret (&self->token);
  clear_secret (&self->password);
  g_clear_pointer (&self->email, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->login_session);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->login_lock);

  G_OBJECT_CLASS (ops_oktopus_client_parent_class)->finalize (object);
}

static void
ops_oktopus_client_class_init (OpsOktopusClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ops_oktopus_client_finalize;
}

static void
ops_oktopus_client_init (OpsOktopusClient *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->login_lock);
  ops_retry_policy_init_default (&self->retry);
}

/*
 * Public API
 */

void
ops_oktopus_device_free (OpsOktopusDevice *self)
{
  if (self == NULL)
    return;

  g_free (self->serial);
  g_free (self->vendor);
  g_free (self->model);
  g_free (self->product_class);
  g_free (self->version);
  g_free (self);
}

OpsOktopusClient *
ops_oktopus_client_new (const char  *base_url,
                        const char  *email,
                        const char  *password,
                        const char  *ca_file,
                        GError     **error)
{
  g_autoptr(OpsOktopusClient) self = NULL;
  gsize length;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (email != NULL, NULL);
  g_return_val_if_fail (password != NULL, NULL);

  self = g_object_new (OPS_TYPE_OKTOPUS_CLIENT, NULL);

  self->session = ops_http_session_new (ca_file, OKTOPUS_TIMEOUT_SECONDS, error);
  if (self->session == NULL)
    return NULL;

  /* The sign-in answer is the bare token, which the redaction of the log
   * cannot recognise, so the sign-in goes through a session without the
   * HTTP log.  (A response filter is not enough: libsoup 3.2 keeps the body
   * it did not print and prints it with a later answer.) */
  self->login_session = ops_http_session_new (ca_file, OKTOPUS_TIMEOUT_SECONDS, error);
  if (self->login_session == NULL)
    return NULL;
  soup_session_remove_feature_by_type (self->login_session, SOUP_TYPE_LOGGER);

  self->base_url = g_strstrip (g_strdup (base_url));
  length = strlen (self->base_url);
  while (length > 0 && self->base_url[length - 1] == '/')
    self->base_url[--length] = '\0';

  self->email = g_strstrip (g_strdup (email));
  self->password = g_strdup (password);

  return g_steal_pointer (&self);
}

void
ops_oktopus_client_set_retry (OpsOktopusClient     *self,
                              const OpsRetryPolicy *policy)
{
  g_return_if_fail (OPS_IS_OKTOPUS_CLIENT (self));

  g_mutex_lock (&self->lock);
  if (policy != NULL)
    self->retry = *policy;
  else
    ops_retry_policy_init_default (&self->retry);
  g_mutex_unlock (&self->lock);
}

gboolean
ops_oktopus_client_login (OpsOktopusClient  *self,
                          GCancellable      *cancellable,
                          GError           **error)
{
  gboolean ok;

  g_return_val_if_fail (OPS_IS_OKTOPUS_CLIENT (self), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  g_mutex_lock (&self->login_lock);
  ok = login_locked (self, cancellable, error);
  g_mutex_unlock (&self->login_lock);

  return ok;
}

OpsOktopusDevice *
ops_oktopus_client_get_device (OpsOktopusClient  *self,
                               const char        *serial,
                               GCancellable      *cancellable,
                               GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) path = NULL;
  OpsOktopusDevice *device;

  g_return_val_if_fail (OPS_IS_OKTOPUS_CLIENT (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);

  path = g_string_new ("/api/device?id=");
  g_string_append_uri_escaped (path, serial, NULL, FALSE);

  root = perform (self, "GET", path->str, NULL, 0, serial, cancellable, error);
  if (root == NULL)
    return NULL;

  device = JSON_NODE_HOLDS_OBJECT (root) ? device_from_object (json_node_get_object (root)) : NULL;
  if (device == NULL)
    set_bad_response (error, "SN");

  return device;
}

GPtrArray *
ops_oktopus_client_list_devices (OpsOktopusClient  *self,
                                 GCancellable      *cancellable,
                                 GError           **error)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GHashTable) seen = NULL;

  g_return_val_if_fail (OPS_IS_OKTOPUS_CLIENT (self), NULL);

  devices = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_oktopus_device_free);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* The controller skips page_number * (page_size - 1) devices, so pages
   * overlap by one and "pages" undercounts: read until a short page, a
   * 404, or "total" devices, dropping the repeats. */
  for (guint page = 0; page < MAX_PAGES; page++)
    {
      g_autoptr(OpsHttpResponse) response = NULL;
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *path = NULL;
      JsonObject *object;
      JsonArray *array;
      gint64 total;
      guint length;
      guint added = 0;

      path = g_strdup_printf ("/api/device?page_number=%u&page_size=%u", page, PAGE_SIZE);
      response = send_authed (self, "GET", path, NULL, 0, cancellable, error);
      if (response == NULL)
        return NULL;

      /* 404 "No devices found": none at all, or none past the last page. */
      if (response->status == 404)
        break;

      if (response->status < 200 || response->status >= 300)
        {
          set_status_error (error, response, NULL);
          return NULL;
        }

      root = ops_http_response_parse_json (response, error);
      if (root == NULL)
        return NULL;

      if (!JSON_NODE_HOLDS_OBJECT (root))
        {
          set_bad_response (error, "devices");
          return NULL;
        }

      /* An empty Go slice may come as null. */
      object = json_node_get_object (root);
      array = _ops_oktopus_array_member (object, "devices");
      length = array != NULL ? json_array_get_length (array) : 0;
      for (guint i = 0; i < length; i++)
        {
          JsonNode *element = json_array_get_element (array, i);
          OpsOktopusDevice *device;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          device = device_from_object (json_node_get_object (element));
          if (device == NULL)
            continue;
          if (g_hash_table_contains (seen, device->serial))
            {
              ops_oktopus_device_free (device);
              continue;
            }
          g_hash_table_add (seen, device->serial);
          g_ptr_array_add (devices, device);
          added++;
        }

      total = json_object_get_int_member_with_default (object, "total", -1);
      g_debug ("Oktopus devices: page %u gave %u (%u new), %u of %" G_GINT64_FORMAT,
               page, length, added, devices->len, total);

      if (length < PAGE_SIZE || added == 0 || (total >= 0 && devices->len >= total))
        break;
    }

  return g_steal_pointer (&devices);
}

JsonObject *
ops_oktopus_client_get (OpsOktopusClient  *self,
                        const char        *serial,
                        const char *const *paths,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  JsonObject *response;
  JsonArray *results;
  guint failed = 0;
  guint length;

  g_return_val_if_fail (OPS_IS_OKTOPUS_CLIENT (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (paths != NULL && paths[0] != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "param_paths");
  json_builder_begin_array (builder);
  for (guint i = 0; paths[i] != NULL; i++)
    json_builder_add_string_value (builder, paths[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "max_depth");
  json_builder_add_int_value (builder, 0);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  path = device_path (serial, "get");
  root = perform (self, "PUT", path, body, 0, serial, cancellable, error);
  if (root == NULL)
    return NULL;

  response = usp_root (root, serial, "req_path_results", error);
  if (response == NULL)
    return NULL;

  /* A path the device does not have fails alone; the others still count.
   * Only when every path failed is the request an error. */
  results = _ops_oktopus_array_member (response, "req_path_results");
  length = results != NULL ? json_array_get_length (results) : 0;
  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      gint64 code;

      if (result == NULL)
        continue;
      code = json_object_get_int_member_with_default (result, "err_code", 0);
      if (code == 0)
        continue;

      g_debug ("USP get %s on %s: error %" G_GINT64_FORMAT " (%s)",
               _ops_oktopus_string_member (result, "requested_path"), serial, code,
               _ops_oktopus_string_member (result, "err_msg"));
      if (++failed == length)
        {
          set_usp_error (error, serial, code, _ops_oktopus_string_member (result, "err_msg"));
          return NULL;
        }
    }

  now = g_date_time_new_now_utc ();
  return ops_usp_get_response_to_document (response, serial, now);
}

JsonObject *
ops_oktopus_client_operate (OpsOktopusClient  *self,
                            const char        *serial,
                            const char        *command,
                            JsonObject        *input_args,
                            GCancellable      *cancellable,
                            GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *path = NULL;
  g_autofree char *command_key = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  JsonObject *response;
  JsonArray *results;
  JsonObject *result = NULL;
  JsonObject *operation;
  JsonObject *failure;
  JsonObject *output;
  JsonObject *args;
  const char *request_path;

  g_return_val_if_fail (OPS_IS_OKTOPUS_CLIENT (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (command != NULL, NULL);

  command_key = g_strconcat ("gigafibre-ops-", uuid, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "command");
  json_builder_add_string_value (builder, command);
  json_builder_set_member_name (builder, "command_key");
  json_builder_add_string_value (builder, command_key);
  json_builder_set_member_name (builder, "send_resp");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_set_member_name (builder, "input_args");
  json_builder_begin_object (builder);
  if (input_args != NULL)
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *value;

      /* USP input arguments are a map of strings. */
      json_object_iter_init_ordered (&iter, input_args);
      while (json_object_iter_next_ordered (&iter, &name, &value))
        {
          g_autofree char *text = _ops_oktopus_value_text (value);

          json_builder_set_member_name (builder, name);
          json_builder_add_string_value (builder, text);
        }
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);

  /* A command may have run even when its answer was lost: never repeat it. */
  path = device_path (serial, "operate");
  root = perform (self, "PUT", path, body, 1, serial, cancellable, error);
  if (root == NULL)
    return NULL;

  response = usp_root (root, serial, "operation_results", error);
  if (response == NULL)
    return NULL;

  results = _ops_oktopus_array_member (response, "operation_results");
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonNode *element = json_array_get_element (results, i);

      JsonObject *candidate;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      candidate = json_node_get_object (element);
      if (result == NULL ||
          g_strcmp0 (_ops_oktopus_string_member (candidate, "executed_command"), command) == 0)
        result = candidate;
    }

  if (result == NULL)
    {
      g_debug ("%s on %s: no operation result", command, serial);
      return json_object_new ();
    }

  /* The oneof is serialised with Go field names. */
  operation = _ops_oktopus_object_member (result, "OperationResp");
  failure = _ops_oktopus_object_member (operation, "CmdFailure");
  if (failure != NULL)
    {
      set_usp_error (error, serial,
                     json_object_get_int_member_with_default (failure, "err_code", 0),
                     _ops_oktopus_string_member (failure, "err_msg"));
      return NULL;
    }

  output = _ops_oktopus_object_member (_ops_oktopus_object_member (operation, "ReqOutputArgs"),
                                       "output_args");
  if (output != NULL)
    return json_object_ref (output);

  /* No output arguments (Go omits an empty map), or an asynchronous
   * command that the device runs and reports on later. */
  args = json_object_new ();
  request_path = _ops_oktopus_string_member (_ops_oktopus_object_member (operation, "ReqObjPath"),
                                             "req_obj_path");
  if (request_path != NULL)
    json_object_set_string_member (args, OPS_OKTOPUS_REQUEST_PATH, request_path);

  return args;
}
