/* ops-erpnext-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client of the Frappe / ERPNext v1 REST API: /api/resource for
 * documents and /api/method for whitelisted methods, with token auth.
 *
 * Single documents come back without their null fields (Frappe serialises
 * them with no_nulls): a missing key means null.  List rows keep their
 * nulls.
 */

#define G_LOG_DOMAIN "ops-erpnext"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-erpnext-private.h"

/* Stable paging: rows created while paging go to the end. */
#define DEFAULT_ORDER_BY "creation asc, name asc"

struct _OpsErpnextClient
{
  GObject         parent_instance;

  char           *base_url;
  char           *authorization;
  SoupSession    *session;

  GMutex          lock;        /* protects retry and max_body */
  OpsRetryPolicy  retry;
  gsize           max_body;
};

typedef struct
{
  char *doctype;
  char *name;
} GetData;

G_DEFINE_FINAL_TYPE (OpsErpnextClient, ops_erpnext_client, G_TYPE_OBJECT)

/*
 * Auxiliary methods
 */

static gboolean
should_retry (guint               status,
              SoupMessageHeaders *headers,
              GBytes             *body,
              gpointer            user_data)
{
  return ops_http_status_is_retryable (status) ||
         _ops_erpnext_is_rate_limit_response (status, body);
}

static char *
resource_path (const char *doctype,
               const char *name)
{
  g_autofree char *escaped_doctype = g_uri_escape_string (doctype, NULL, FALSE);
  g_autofree char *escaped_name = NULL;

  if (name == NULL)
    return g_strconcat ("/api/resource/", escaped_doctype, NULL);

  escaped_name = g_uri_escape_string (name, NULL, FALSE);
  return g_strconcat ("/api/resource/", escaped_doctype, "/", escaped_name, NULL);
}

static void
append_param (GString    *path,
              const char *key,
              const char *value)
{
  g_string_append_c (path, strchr (path->str, '?') ? '&' : '?');
  g_string_append_uri_escaped (path, key, NULL, FALSE);
  g_string_append_c (path, '=');
  g_string_append_uri_escaped (path, value, NULL, FALSE);
}

static void
append_json_param (GString    *path,
                   const char *key,
                   JsonNode   *node)
{
  g_autofree char *json = NULL;

  if (node == NULL)
    return;

  json = json_to_string (node, FALSE);
  append_param (path, key, json);
}

static void
append_uint_param (GString    *path,
                   const char *key,
                   guint       value)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", value);
  append_param (path, key, text);
}

static OpsHttpRequest *
new_request (OpsErpnextClient *self,
             const char       *method,
             const char       *path)
{
  g_autofree char *uri = g_strconcat (self->base_url, path, NULL);
  OpsHttpRequest *request = ops_http_request_new (method, uri);

  ops_http_request_set_header (request, "Authorization", self->authorization);
  ops_http_request_set_header (request, "Accept", "application/json");

  g_mutex_lock (&self->lock);
  ops_http_request_set_retry (request, &self->retry);
  ops_http_request_set_max_body (request, self->max_body);
  g_mutex_unlock (&self->lock);

  ops_http_request_set_retry_func (request, should_retry, NULL, NULL);

  return request;
}

static void
set_object_body (OpsHttpRequest *request,
                 JsonObject     *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  if (object != NULL)
    json_node_set_object (node, object);
  else
    json_node_take_object (node, json_object_new ());

  ops_http_request_set_json_body (request, node);
}

/* Sends request; the parsed body of a 2xx answer, else the ERPNext error. */
static JsonNode *
perform (OpsErpnextClient  *self,
         OpsHttpRequest    *request,
         GCancellable      *cancellable,
         GError           **error)
{
  g_autoptr(OpsHttpResponse) response = NULL;

  response = ops_http_send (self->session, request, cancellable, error);
  if (response == NULL)
    return NULL;

  if (response->status < 200 || response->status >= 300)
    {
      g_propagate_error (error, ops_erpnext_error_from_response (response->status, response->body));
      return NULL;
    }

  return ops_http_response_parse_json (response, error);
}

static gboolean
set_bad_response (GError     **error,
                  const char  *member)
{
  g_set_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_BAD_RESPONSE,
               _("The server did not answer as ERPNext does (“%s” is missing or of the wrong "
                 "type). Check that the address in Preferences → Connections points to "
                 "ERPNext."),
               member);
  return FALSE;
}

/* The member of the root object, or NULL (BAD_RESPONSE) when the root is
 * not an object or the member is missing or not of type. */
static JsonNode *
dup_member (JsonNode      *root,
            const char    *member,
            JsonNodeType   type,
            GError       **error)
{
  JsonNode *node;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_bad_response (error, member);
      return NULL;
    }

  node = json_object_get_member (json_node_get_object (root), member);
  if (node == NULL || json_node_get_node_type (node) != type)
    {
      set_bad_response (error, member);
      return NULL;
    }

  return json_node_copy (node);
}

static JsonObject *
data_object (OpsErpnextClient  *self,
             OpsHttpRequest    *request,
             GCancellable      *cancellable,
             GError           **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) data = NULL;

  root = perform (self, request, cancellable, error);
  if (root == NULL)
    return NULL;

  data = dup_member (root, "data", JSON_NODE_OBJECT, error);
  if (data == NULL)
    return NULL;

  return json_node_dup_object (data);
}

static void
get_data_free (GetData *data)
{
  g_free (data->doctype);
  g_free (data->name);
  g_free (data);
}

static void
get_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  OpsErpnextClient *self = source_object;
  GetData *data = task_data;
  GError *error = NULL;
  JsonObject *object;

  object = ops_erpnext_client_get (self, data->doctype, data->name, cancellable, &error);
  if (object != NULL)
    g_task_return_pointer (task, object, (GDestroyNotify)json_object_unref);
  else
    g_task_return_error (task, error);
}

static void
get_logged_user_thread (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  OpsErpnextClient *self = source_object;
  GError *error = NULL;
  char *user;

  user = ops_erpnext_client_get_logged_user (self, cancellable, &error);
  if (user != NULL)
    g_task_return_pointer (task, user, g_free);
  else
    g_task_return_error (task, error);
}

/*
 * GObject overrides
 */

static void
ops_erpnext_client_finalize (GObject *object)
{
  OpsErpnextClient *self = (OpsErpnextClient *)object;

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_object (&self->session);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ops_erpnext_client_parent_class)->finalize (object);
}

static void
ops_erpnext_client_class_init (OpsErpnextClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ops_erpnext_client_finalize;
}

static void
ops_erpnext_client_init (OpsErpnextClient *self)
{
  g_mutex_init (&self->lock);
  ops_retry_policy_init_default (&self->retry);
  self->max_body = OPS_HTTP_DEFAULT_MAX_BODY;
}

/*
 * Public API
 */

OpsErpnextClient *
ops_erpnext_client_new (const char  *base_url,
                        const char  *api_key,
                        const char  *api_secret,
                        const char  *ca_file,
                        GError     **error)
{
  g_autoptr(OpsErpnextClient) self = NULL;
  gsize length;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (api_key != NULL, NULL);
  g_return_val_if_fail (api_secret != NULL, NULL);

  self = g_object_new (OPS_TYPE_ERPNEXT_CLIENT, NULL);

  self->session = ops_http_session_new (ca_file, 0, error);
  if (self->session == NULL)
    return NULL;

  self->base_url = g_strstrip (g_strdup (base_url));
  length = strlen (self->base_url);
  while (length > 0 && self->base_url[length - 1] == '/')
    self->base_url[--length] = '\0';

  self->authorization = g_strdup_printf ("token %s:%s", api_key, api_secret);

  return g_steal_pointer (&self);
}

const char *
ops_erpnext_client_get_base_url (OpsErpnextClient *self)
{
  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);

  return self->base_url;
}

void
ops_erpnext_client_set_retry (OpsErpnextClient     *self,
                              const OpsRetryPolicy *policy)
{
  g_return_if_fail (OPS_IS_ERPNEXT_CLIENT (self));

  g_mutex_lock (&self->lock);
  if (policy != NULL)
    self->retry = *policy;
  else
    ops_retry_policy_init_default (&self->retry);
  g_mutex_unlock (&self->lock);
}

void
ops_erpnext_client_set_max_body (OpsErpnextClient *self,
                                 gsize             max_body)
{
  g_return_if_fail (OPS_IS_ERPNEXT_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->max_body = max_body ? max_body : OPS_HTTP_DEFAULT_MAX_BODY;
  g_mutex_unlock (&self->lock);
}

void
ops_erpnext_client_set_timeout (OpsErpnextClient *self,
                                guint             timeout_seconds)
{
  g_return_if_fail (OPS_IS_ERPNEXT_CLIENT (self));

  soup_session_set_timeout (self->session, timeout_seconds ? timeout_seconds : 30);
}

JsonArray *
ops_erpnext_client_list (OpsErpnextClient         *self,
                         const char               *doctype,
                         const OpsErpnextListArgs *args,
                         GCancellable             *cancellable,
                         GError                  **error)
{
  static const OpsErpnextListArgs no_args = { 0 };
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(GString) path = NULL;
  g_autofree char *resource = NULL;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);
  g_return_val_if_fail (doctype != NULL, NULL);

  if (args == NULL)
    args = &no_args;

  resource = resource_path (doctype, NULL);
  path = g_string_new (resource);
  append_json_param (path, "fields", args->fields);
  append_json_param (path, "filters", args->filters);
  append_json_param (path, "or_filters", args->or_filters);
  append_param (path, "order_by", args->order_by ? args->order_by : DEFAULT_ORDER_BY);
  append_uint_param (path, "limit_start", args->limit_start);
  append_uint_param (path, "limit_page_length", args->limit_page_length);

  request = new_request (self, "GET", path->str);
  root = perform (self, request, cancellable, error);
  if (root == NULL)
    return NULL;

  data = dup_member (root, "data", JSON_NODE_ARRAY, error);
  if (data == NULL)
    return NULL;

  return json_node_dup_array (data);
}

JsonArray *
ops_erpnext_client_list_all (OpsErpnextClient         *self,
                             const char               *doctype,
                             const OpsErpnextListArgs *args,
                             guint                     page_size,
                             GCancellable             *cancellable,
                             GError                  **error)
{
  g_autoptr(JsonArray) all = NULL;
  OpsErpnextListArgs page_args = { 0 };

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);
  g_return_val_if_fail (doctype != NULL, NULL);

  if (args != NULL)
    page_args = *args;
  page_args.limit_start = 0;
  page_args.limit_page_length = page_size;

  /* page_size 0 asks for every row in one call. */
  if (page_size == 0)
    return ops_erpnext_client_list (self, doctype, &page_args, cancellable, error);

  all = json_array_new ();
  for (;;)
    {
      g_autoptr(JsonArray) page = NULL;
      guint length;

      page = ops_erpnext_client_list (self, doctype, &page_args, cancellable, error);
      if (page == NULL)
        return NULL;

      length = json_array_get_length (page);
      for (guint i = 0; i < length; i++)
        json_array_add_element (all, json_array_dup_element (page, i));

      g_debug ("%s: %u rows from %u", doctype, length, page_args.limit_start);

      /* A short page is the last; a long one means the server ignored the
       * paging, so it already sent everything. */
      if (length != page_size)
        break;

      page_args.limit_start += page_size;
    }

  return g_steal_pointer (&all);
}

JsonObject *
ops_erpnext_client_get (OpsErpnextClient  *self,
                        const char        *doctype,
                        const char        *name,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);
  g_return_val_if_fail (doctype != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  path = resource_path (doctype, name);
  request = new_request (self, "GET", path);

  return data_object (self, request, cancellable, error);
}

JsonObject *
ops_erpnext_client_insert (OpsErpnextClient  *self,
                           const char        *doctype,
                           JsonObject        *doc,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);
  g_return_val_if_fail (doctype != NULL, NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  path = resource_path (doctype, NULL);
  request = new_request (self, "POST", path);
  set_object_body (request, doc);

  return data_object (self, request, cancellable, error);
}

JsonObject *
ops_erpnext_client_update (OpsErpnextClient  *self,
                           const char        *doctype,
                           const char        *name,
                           JsonObject        *changes,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);
  g_return_val_if_fail (doctype != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  path = resource_path (doctype, name);
  request = new_request (self, "PUT", path);
  set_object_body (request, changes);

  return data_object (self, request, cancellable, error);
}

gboolean
ops_erpnext_client_delete (OpsErpnextClient  *self,
                           const char        *doctype,
                           const char        *name,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), FALSE);
  g_return_val_if_fail (doctype != NULL, FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  path = resource_path (doctype, name);
  request = new_request (self, "DELETE", path);

  response = ops_http_send (self->session, request, cancellable, error);
  if (response == NULL)
    return FALSE;

  /* Frappe answers 202 {"data": "ok"}; some proxies turn it into 200. */
  if (response->status == 202 || response->status == 200)
    return TRUE;

  if (response->status >= 200 && response->status < 300)
    {
      g_set_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_BAD_RESPONSE,
                   _("The server answered a deletion with HTTP %u, which ERPNext never does. "
                     "Check that the address in Preferences → Connections points to ERPNext."),
                   response->status);
      return FALSE;
    }

  g_propagate_error (error, ops_erpnext_error_from_response (response->status, response->body));
  return FALSE;
}

JsonNode *
ops_erpnext_client_call_method (OpsErpnextClient  *self,
                                const char        *method,
                                JsonObject        *args,
                                gboolean           post,
                                GCancellable      *cancellable,
                                GError           **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) path = NULL;
  JsonNode *message;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);

  path = g_string_new ("/api/method/");
  g_string_append_uri_escaped (path, method, NULL, FALSE);

  if (!post && args != NULL)
    {
      /* In the order the members were added (the iterator of json-glib 1.6
       * has no order). */
      g_autoptr(GList) keys = json_object_get_members (args);

      for (const GList *l = keys; l != NULL; l = l->next)
        {
          const char *key = l->data;
          JsonNode *value = json_object_get_member (args, key);

          /* Strings go as they are, other values as JSON; nulls are left
           * out (Frappe would read "null" as a string). */
          if (JSON_NODE_HOLDS_NULL (value))
            continue;
          if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
            append_param (path, key, json_node_get_string (value));
          else
            append_json_param (path, key, value);
        }
    }

  request = new_request (self, post ? "POST" : "GET", path->str);
  if (post)
    set_object_body (request, args);

  root = perform (self, request, cancellable, error);
  if (root == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      set_bad_response (error, "message");
      return NULL;
    }

  /* A method that returns None answers {} with no "message". */
  message = json_object_get_member (json_node_get_object (root), "message");
  if (message == NULL)
    return json_node_new (JSON_NODE_NULL);

  return json_node_copy (message);
}

gint64
ops_erpnext_client_get_count (OpsErpnextClient  *self,
                              const char        *doctype,
                              JsonNode          *filters,
                              GCancellable      *cancellable,
                              GError           **error)
{
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(JsonNode) message = NULL;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), -1);
  g_return_val_if_fail (doctype != NULL, -1);

  args = json_object_new ();
  json_object_set_string_member (args, "doctype", doctype);
  if (filters != NULL)
    json_object_set_member (args, "filters", json_node_copy (filters));

  message = ops_erpnext_client_call_method (self, "frappe.client.get_count", args, FALSE,
                                            cancellable, error);
  if (message == NULL)
    return -1;

  if (JSON_NODE_HOLDS_VALUE (message) && json_node_get_value_type (message) == G_TYPE_INT64)
    return json_node_get_int (message);

  if (JSON_NODE_HOLDS_VALUE (message) && json_node_get_value_type (message) == G_TYPE_DOUBLE)
    {
      double value = json_node_get_double (message);

      if (value >= 0 && value == (double)(gint64)value)
        return (gint64)value;
    }

  set_bad_response (error, "message");
  return -1;
}

char *
ops_erpnext_client_get_logged_user (OpsErpnextClient  *self,
                                    GCancellable      *cancellable,
                                    GError           **error)
{
  g_autoptr(JsonNode) message = NULL;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);

  message = ops_erpnext_client_call_method (self, "frappe.auth.get_logged_user", NULL, FALSE,
                                            cancellable, error);
  if (message == NULL)
    return NULL;

  if (!JSON_NODE_HOLDS_VALUE (message) || json_node_get_value_type (message) != G_TYPE_STRING)
    {
      set_bad_response (error, "message");
      return NULL;
    }

  return json_node_dup_string (message);
}

void
ops_erpnext_client_get_logged_user_async (OpsErpnextClient    *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OPS_IS_ERPNEXT_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_erpnext_client_get_logged_user_async);
  g_task_run_in_thread (task, get_logged_user_thread);
}

char *
ops_erpnext_client_get_logged_user_finish (OpsErpnextClient  *self,
                                           GAsyncResult      *result,
                                           GError           **error)
{
  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
ops_erpnext_client_get_async (OpsErpnextClient    *self,
                              const char          *doctype,
                              const char          *name,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GetData *data;

  g_return_if_fail (OPS_IS_ERPNEXT_CLIENT (self));
  g_return_if_fail (doctype != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (GetData, 1);
  data->doctype = g_strdup (doctype);
  data->name = g_strdup (name);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_erpnext_client_get_async);
  g_task_set_task_data (task, data, (GDestroyNotify)get_data_free);
  g_task_run_in_thread (task, get_thread);
}

JsonObject *
ops_erpnext_client_get_finish (OpsErpnextClient  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
