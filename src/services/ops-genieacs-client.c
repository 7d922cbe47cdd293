/* ops-genieacs-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client of the GenieACS NBI (port 7557): GET /devices with a query and a
 * projection, POST /devices/<id>/tasks with or without a connection
 * request, DELETE /tasks/<id>.
 *
 * The NBI answers a task sent with a connection request only once the
 * device's session is over, which can take 30 s + the online threshold +
 * 120 s: those requests go through a second session whose timeout is longer
 * than that wait.  They are never retried: a task sent twice runs twice.
 */

#define G_LOG_DOMAIN "ops-genieacs"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-genieacs-client.h"

#define DEFAULT_TIMEOUT_SECONDS 30
/* What the NBI may wait for before answering a task with a connection
 * request (genieacs-oktopus.md §1.3). */
#define NBI_LOCK_WAIT_SECONDS 30
#define NBI_SESSION_WAIT_SECONDS 120
#define NBI_DEFAULT_THRESHOLD_MS 4000
#define TASK_TIMEOUT_MARGIN_SECONDS 20
/* Shorter serials are not looked up by suffix: they would match a device
 * by chance. */
#define SUFFIX_MIN_LENGTH 6
#define REASON_MAX_CHARS 200

struct _OpsGenieacsClient
{
  GObject         parent_instance;

  char           *base_url;
  char           *authorization;   /* "Basic …" or NULL */
  char           *ca_file;
  SoupSession    *session;

  GMutex          lock;            /* protects the fields below */
  SoupSession    *task_session;    /* for requests with a connection request */
  guint           task_timeout;    /* task_session's timeout, seconds */
  OpsRetryPolicy  retry;
  gsize           max_body;
};

typedef enum
{
  RETRY_DEFAULT,    /* network errors and 429/502/503/504 */
  RETRY_GATEWAY,    /* not 503, which the NBI uses for "Device is in session" */
  RETRY_NEVER,      /* a single attempt: the request is not idempotent */
} RetryKind;

G_DEFINE_FINAL_TYPE (OpsGenieacsClient, ops_genieacs_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-genieacs-error-quark, ops_genieacs_error)

/*
 * Auxiliary methods
 */

static gboolean
retry_gateway (guint               status,
               SoupMessageHeaders *headers,
               GBytes             *body,
               gpointer            user_data)
{
  return status == 429 || status == 502 || status == 504;
}

static gboolean
retry_never (guint               status,
             SoupMessageHeaders *headers,
             GBytes             *body,
             gpointer            user_data)
{
  return FALSE;
}

static OpsHttpRequest *
new_request (OpsGenieacsClient *self,
             const char        *method,
             const char        *path,
             RetryKind          kind)
{
  g_autofree char *uri = g_strconcat (self->base_url, path, NULL);
  OpsHttpRequest *request = ops_http_request_new (method, uri);
  OpsRetryPolicy policy;

  if (self->authorization != NULL)
    ops_http_request_set_header (request, "Authorization", self->authorization);
  ops_http_request_set_header (request, "Accept", "application/json");

  g_mutex_lock (&self->lock);
  policy = self->retry;
  ops_http_request_set_max_body (request, self->max_body);
  g_mutex_unlock (&self->lock);

  switch (kind)
    {
    case RETRY_NEVER:
      policy.max_attempts = 1;
      ops_http_request_set_retry_func (request, retry_never, NULL, NULL);
      break;
    case RETRY_GATEWAY:
      ops_http_request_set_retry_func (request, retry_gateway, NULL, NULL);
      break;
    case RETRY_DEFAULT:
    default:
      break;
    }
  ops_http_request_set_retry (request, &policy);

  return request;
}

/* The session for a task with a connection request, its timeout long
 * enough for the NBI's wait. */
static SoupSession *
dup_task_session (OpsGenieacsClient  *self,
                  guint               timeout_ms,
                  GError            **error)
{
  guint seconds = ops_genieacs_task_timeout_seconds (timeout_ms);
  SoupSession *session = NULL;

  g_mutex_lock (&self->lock);
  if (self->task_session == NULL || self->task_timeout < seconds)
    {
      SoupSession *created = ops_http_session_new (self->ca_file, seconds, error);

      if (created != NULL)
        {
          g_clear_object (&self->task_session);
          self->task_session = created;
          self->task_timeout = seconds;
        }
    }
  if (self->task_session != NULL && self->task_timeout >= seconds)
    session = g_object_ref (self->task_session);
  g_mutex_unlock (&self->lock);

  return session;
}

/* The status line's text, else the body's first line: what the NBI says
 * went wrong, safe to show. */
static char *
dup_reason (OpsHttpResponse *response)
{
  g_autofree char *text = NULL;
  const char *data;
  gsize size = 0;
  char *newline;

  if (response->reason_phrase != NULL && response->reason_phrase[0] != '\0' &&
      g_strcmp0 (response->reason_phrase, soup_status_get_phrase (response->status)) != 0)
    return g_strdup (response->reason_phrase);

  data = g_bytes_get_data (response->body, &size);
  if (size > 0)
    {
      text = g_utf8_make_valid (data, MIN (size, 1024));
      newline = strchr (text, '\n');
      if (newline != NULL)
        *newline = '\0';
      g_strstrip (text);
      if (g_utf8_strlen (text, -1) > REASON_MAX_CHARS)
        *g_utf8_offset_to_pointer (text, REASON_MAX_CHARS) = '\0';
      if (text[0] != '\0')
        return g_steal_pointer (&text);
    }

  if (response->reason_phrase != NULL && response->reason_phrase[0] != '\0')
    return g_strdup (response->reason_phrase);

  return g_strdup_printf ("HTTP %u", response->status);
}

static void
set_unexpected_status (GError          **error,
                       OpsHttpResponse  *response)
{
  g_autofree char *reason = dup_reason (response);

  if (response->status == 401 || response->status == 403 || response->status == 407)
    {
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_SERVER,
                   _("GenieACS, or the proxy in front of it, refused the connection (HTTP %u: "
                     "%s). Check the GenieACS username and password in Preferences."),
                   response->status, reason);
      return;
    }

  g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_SERVER,
               _("GenieACS answered with an error (HTTP %u: %s). Try again later; if it "
                 "persists, check the GenieACS server and its address in Preferences (the NBI "
                 "usually listens on port 7557)."),
               response->status, reason);
}

static void
set_bad_request (GError          **error,
                 OpsHttpResponse  *response)
{
  g_autofree char *reason = dup_reason (response);

  g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_BAD_REQUEST,
               _("GenieACS refused the request: %s. This is a bug in Gigafibre Ops; report it "
                 "with this message."),
               reason);
}

static void
set_in_session (GError **error)
{
  g_set_error_literal (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_IN_SESSION,
                       _("The device is in a session with GenieACS right now. Try again in a "
                         "minute."));
}

static void
set_wrong_server (GError     **error,
                  const char  *what)
{
  g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_SERVER,
               _("The server did not answer as the GenieACS NBI does (%s). Check that the "
                 "GenieACS address in Preferences points to the NBI (usually port 7557)."),
               what);
}

static void
append_param (GString    *uri,
              const char *key,
              const char *value,
              const char *allowed)
{
  g_string_append_c (uri, strchr (uri->str, '?') != NULL ? '&' : '?');
  g_string_append (uri, key);
  if (value == NULL)
    return;
  g_string_append_c (uri, '=');
  g_string_append_uri_escaped (uri, value, allowed, FALSE);
}

static void
append_object_param (GString    *uri,
                     const char *key,
                     JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *json = NULL;

  json_node_set_object (node, object);
  json = json_to_string (node, FALSE);
  append_param (uri, key, json, NULL);
}

/* "a,b,c" with the empty paths left out, or NULL when none is left. */
static char *
join_projection (const char * const *projection)
{
  GString *joined;

  if (projection == NULL)
    return NULL;

  joined = g_string_new (NULL);
  for (guint i = 0; projection[i] != NULL; i++)
    {
      if (projection[i][0] == '\0')
        continue;
      if (joined->len > 0)
        g_string_append_c (joined, ',');
      g_string_append (joined, projection[i]);
    }

  if (joined->len == 0)
    {
      g_string_free (joined, TRUE);
      return NULL;
    }
  return g_string_free (joined, FALSE);
}

/* GET /devices/ with every parameter the NBI knows; the body is a JSON
 * array, total gets the "total" header (the count before skip and limit). */
static JsonArray *
query_devices (OpsGenieacsClient  *self,
               JsonObject         *query,
               const char * const *projection,
               JsonObject         *sort,
               guint               skip,
               guint               limit,
               gint64             *total,
               GCancellable       *cancellable,
               GError            **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GString) uri = g_string_new ("/devices/");
  g_autofree char *fields = join_projection (projection);
  const char *header;
  JsonArray *devices;

  if (query != NULL)
    append_object_param (uri, "query", query);
  if (fields != NULL)
    append_param (uri, "projection", fields, ",");
  if (sort != NULL)
    append_object_param (uri, "sort", sort);
  if (skip > 0)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", skip);
      append_param (uri, "skip", text, NULL);
    }
  if (limit > 0)
    {
      char text[16];

      g_snprintf (text, sizeof text, "%u", limit);
      append_param (uri, "limit", text, NULL);
    }

  request = new_request (self, "GET", uri->str, RETRY_DEFAULT);
  response = ops_http_send (self->session, request, cancellable, error);
  if (response == NULL)
    return NULL;

  if (response->status == 400)
    {
      set_bad_request (error, response);
      return NULL;
    }
  if (response->status != 200)
    {
      set_unexpected_status (error, response);
      return NULL;
    }

  root = ops_http_response_parse_json (response, error);
  if (root == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (root))
    {
      set_wrong_server (error, _("the list of devices is not an array"));
      return NULL;
    }

  devices = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (devices); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (devices, i)))
      {
        set_wrong_server (error, _("a device is not an object"));
        return NULL;
      }

  if (total != NULL)
    {
      header = soup_message_headers_get_one (response->headers, "total");
      *total = header != NULL ? g_ascii_strtoll (header, NULL, 10) : json_array_get_length (devices);
    }

  return json_array_ref (devices);
}

/* The first device whose member equals value (newest inform first), or
 * NULL without an error when none does. */
static JsonObject *
find_one (OpsGenieacsClient  *self,
          const char         *member,
          const char         *value,
          const char * const *projection,
          GCancellable       *cancellable,
          GError            **error)
{
  g_autoptr(JsonObject) query = json_object_new ();
  g_autoptr(JsonObject) sort = json_object_new ();
  g_autoptr(JsonArray) devices = NULL;

  json_object_set_string_member (query, member, value);
  json_object_set_int_member (sort, "_lastInform", -1);

  devices = query_devices (self, query, projection, sort, 0, 1, NULL, cancellable, error);
  if (devices == NULL || json_array_get_length (devices) == 0)
    return NULL;

  return json_object_ref (json_array_get_object_element (devices, 0));
}

static const char *
device_serial (JsonObject *device)
{
  JsonObject *device_id = NULL;
  JsonNode *node;

  node = json_object_get_member (device, "_deviceId");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    device_id = json_node_get_object (node);
  node = device_id != NULL ? json_object_get_member (device_id, "_SerialNumber") : NULL;
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return json_object_get_string_member_with_default (device, "_id", "?");
}

/* Long enough to name one device, and nothing the NBI's wildcard
 * expansion would read as a regular expression. */
static gboolean
is_plain_serial (const char *serial)
{
  if (strlen (serial) < SUFFIX_MIN_LENGTH)
    return FALSE;
  for (const char *p = serial; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

/* The one device whose serial ends with serial (the NBI turns a "*" at the
 * start of a string into a regular expression); NOT_FOUND naming how many
 * matched when there are several, NULL without an error when none does. */
static JsonObject *
find_by_suffix (OpsGenieacsClient  *self,
                const char         *serial,
                const char * const *projection,
                GCancellable       *cancellable,
                GError            **error)
{
  g_autoptr(JsonObject) query = json_object_new ();
  g_autoptr(JsonObject) sort = json_object_new ();
  g_autoptr(JsonArray) devices = NULL;
  g_autoptr(GPtrArray) fields = NULL;
  g_autofree char *pattern = g_strconcat ("*", serial, NULL);
  gint64 total = 0;
  guint length;

  /* The serials name the candidates when there are several. */
  if (projection != NULL)
    {
      fields = g_ptr_array_new ();
      for (guint i = 0; projection[i] != NULL; i++)
        g_ptr_array_add (fields, (gpointer)projection[i]);
      g_ptr_array_add (fields, (gpointer)"_deviceId._SerialNumber");
      g_ptr_array_add (fields, NULL);
    }

  json_object_set_string_member (query, "_deviceId._SerialNumber", pattern);
  json_object_set_int_member (sort, "_lastInform", -1);

  devices = query_devices (self, query,
                           fields != NULL ? (const char * const *)fields->pdata : NULL,
                           sort, 0, 2, &total, cancellable, error);
  if (devices == NULL)
    return NULL;

  length = json_array_get_length (devices);
  if (length == 0)
    return NULL;

  if (length == 1 && total <= 1)
    return json_object_ref (json_array_get_object_element (devices, 0));

  g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND,
               g_dngettext (GETTEXT_PACKAGE,
                            "%u device has a serial number ending in “%s” "
                            "(%s, %s…). Type the whole serial number.",
                            "%u devices have a serial number ending in “%s” "
                            "(%s, %s…). Type the whole serial number.",
                            (gulong)MAX (total, (gint64)length)),
               (guint)MIN (MAX (total, (gint64)length), G_MAXUINT), serial,
               device_serial (json_array_get_object_element (devices, 0)),
               device_serial (json_array_get_object_element (devices, 1)));
  return NULL;
}

static OpsTaskResult *
task_result_new (OpsHttpResponse  *response,
                 OpsTaskStatus     status,
                 GError          **error)
{
  g_autoptr(OpsTaskResult) result = g_new0 (OpsTaskResult, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) root = NULL;
  JsonNode *id;

  root = ops_http_response_parse_json (response, &local_error);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      set_wrong_server (error, _("the answer to a task is not the task"));
      return NULL;
    }

  id = json_object_get_member (json_node_get_object (root), "_id");
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id) || json_node_get_value_type (id) != G_TYPE_STRING)
    {
      set_wrong_server (error, _("the task has no “_id”"));
      return NULL;
    }

  result->status = status;
  result->task_id = g_strdup (json_node_get_string (id));
  /* Without a connection request the phrase is the default "Accepted". */
  if (status == OPS_TASK_QUEUED && response->reason_phrase != NULL &&
      response->reason_phrase[0] != '\0' &&
      g_ascii_strcasecmp (response->reason_phrase, "Accepted") != 0)
    result->reason = g_strdup (response->reason_phrase);

  return g_steal_pointer (&result);
}

/*
 * GObject overrides
 */

static void
ops_genieacs_client_finalize (GObject *object)
{
  OpsGenieacsClient *self = (OpsGenieacsClient *)object;

  if (self->authorization != NULL)
    memset (self->authorization, 0, strlen (self->authorization));
  g_clear_pointer (&self->authorization, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_object (&self->session);
  g_clear_object (&self->task_session);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ops_genieacs_client_parent_class)->finalize (object);
}

static void
ops_genieacs_client_class_init (OpsGenieacsClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ops_genieacs_client_finalize;
}

static void
ops_genieacs_client_init (OpsGenieacsClient *self)
{
  g_mutex_init (&self->lock);
  ops_retry_policy_init_default (&self->retry);
  self->max_body = OPS_HTTP_DEFAULT_MAX_BODY;
}

/*
 * Public API
 */

guint
ops_genieacs_task_timeout_seconds (guint timeout_ms)
{
  guint threshold_ms = timeout_ms ? timeout_ms : NBI_DEFAULT_THRESHOLD_MS;

  return NBI_LOCK_WAIT_SECONDS + (threshold_ms + 999) / 1000 + NBI_SESSION_WAIT_SECONDS +
         TASK_TIMEOUT_MARGIN_SECONDS;
}

OpsGenieacsClient *
ops_genieacs_client_new (const char  *base_url,
                         const char  *username,
                         const char  *password,
                         const char  *ca_file,
                         GError     **error)
{
  g_autoptr(OpsGenieacsClient) self = NULL;
  gsize length;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_object_new (OPS_TYPE_GENIEACS_CLIENT, NULL);

  self->session = ops_http_session_new (ca_file, 0, error);
  if (self->session == NULL)
    return NULL;

  self->ca_file = g_strdup (ca_file);
  self->base_url = g_strstrip (g_strdup (base_url));
  length = strlen (self->base_url);
  while (length > 0 && self->base_url[length - 1] == '/')
    self->base_url[--length] = '\0';

  if (username != NULL && username[0] != '\0')
    {
      g_autofree char *credentials = g_strdup_printf ("%s:%s", username, password ? password : "");
      g_autofree char *encoded = g_base64_encode ((const guchar *)credentials, strlen (credentials));

      self->authorization = g_strconcat ("Basic ", encoded, NULL);
      memset (credentials, 0, strlen (credentials));
    }

  return g_steal_pointer (&self);
}

void
ops_genieacs_client_set_retry (OpsGenieacsClient    *self,
                               const OpsRetryPolicy *policy)
{
  g_return_if_fail (OPS_IS_GENIEACS_CLIENT (self));

  g_mutex_lock (&self->lock);
  if (policy != NULL)
    self->retry = *policy;
  else
    ops_retry_policy_init_default (&self->retry);
  g_mutex_unlock (&self->lock);
}

void
ops_genieacs_client_set_timeout (OpsGenieacsClient *self,
                                 guint              timeout_seconds)
{
  g_return_if_fail (OPS_IS_GENIEACS_CLIENT (self));

  soup_session_set_timeout (self->session, timeout_seconds ? timeout_seconds : DEFAULT_TIMEOUT_SECONDS);
}

void
ops_genieacs_client_set_max_body (OpsGenieacsClient *self,
                                  gsize              max_body)
{
  g_return_if_fail (OPS_IS_GENIEACS_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->max_body = max_body ? max_body : OPS_HTTP_DEFAULT_MAX_BODY;
  g_mutex_unlock (&self->lock);
}

JsonArray *
ops_genieacs_client_query (OpsGenieacsClient  *self,
                           JsonObject         *query,
                           const char * const *projection,
                           guint               skip,
                           guint               limit,
                           gint64             *total,
                           GCancellable       *cancellable,
                           GError            **error)
{
  g_return_val_if_fail (OPS_IS_GENIEACS_CLIENT (self), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return query_devices (self, query, projection, NULL, skip, limit, total, cancellable, error);
}

JsonObject *
ops_genieacs_client_find_device (OpsGenieacsClient  *self,
                                 const char         *serial,
                                 const char * const *projection,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_autofree char *typed = NULL;
  GError *local_error = NULL;
  JsonObject *device;

  g_return_val_if_fail (OPS_IS_GENIEACS_CLIENT (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  typed = g_strstrip (g_strdup (serial));
  /* The NBI reads "*" as a wildcard and "/…/" as a regular expression. */
  if (typed[0] == '\0' || strchr (typed, '*') != NULL || typed[0] == '/')
    {
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND,
                   _("“%s” is not a serial number. Type the serial number printed on the "
                     "device's label, without “*” or “/”."),
                   typed);
      return NULL;
    }

  device = find_one (self, "_deviceId._SerialNumber", typed, projection, cancellable, &local_error);
  if (device != NULL || local_error != NULL)
    goto out;

  if (is_plain_serial (typed))
    {
      device = find_by_suffix (self, typed, projection, cancellable, &local_error);
      if (device != NULL || local_error != NULL)
        goto out;
    }

  device = find_one (self, "_id", typed, projection, cancellable, &local_error);
  if (device != NULL || local_error != NULL)
    goto out;

  g_set_error (&local_error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND,
               _("GenieACS knows no device with the serial number “%s”. Check the serial on "
                 "the device's label; a device appears only after it has contacted GenieACS "
                 "once."),
               typed);

out:
  if (local_error != NULL)
    g_propagate_error (error, local_error);
  else
    g_debug ("Serial %s is device %s", typed,
             json_object_get_string_member_with_default (device, "_id", "?"));
  return device;
}

JsonObject *
ops_genieacs_client_get_device (OpsGenieacsClient  *self,
                                const char         *device_id,
                                const char * const *projection,
                                GCancellable       *cancellable,
                                GError            **error)
{
  GError *local_error = NULL;
  JsonObject *device;

  g_return_val_if_fail (OPS_IS_GENIEACS_CLIENT (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  device = find_one (self, "_id", device_id, projection, cancellable, &local_error);
  if (device == NULL && local_error == NULL)
    g_set_error (&local_error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND,
                 _("GenieACS knows no device with the id “%s”; it may have been deleted. Look "
                   "the device up again by its serial number."),
                 device_id);

  if (local_error != NULL)
    g_propagate_error (error, local_error);
  return device;
}

OpsTaskResult *
ops_genieacs_client_add_task (OpsGenieacsClient  *self,
                              const char         *device_id,
                              JsonObject         *task,
                              gboolean            connection_request,
                              guint               timeout_ms,
                              GCancellable       *cancellable,
                              GError            **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GString) path = g_string_new ("/devices/");
  g_autofree char *escaped = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (OPS_IS_GENIEACS_CLIENT (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (task != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!ops_genieacs_validate_task (task, error))
    return NULL;

  escaped = ops_genieacs_escape_id (device_id);
  g_string_append_printf (path, "%s/tasks", escaped);
  if (connection_request)
    {
      append_param (path, "connection_request", NULL, NULL);
      if (timeout_ms > 0)
        g_string_append_printf (path, "&timeout=%u", timeout_ms);
      session = dup_task_session (self, timeout_ms, error);
      if (session == NULL)
        return NULL;
    }
  else
    {
      session = g_object_ref (self->session);
    }

  body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (body, task);

  request = new_request (self, "POST", path->str, RETRY_NEVER);
  ops_http_request_set_json_body (request, body);
  response = ops_http_send (session, request, cancellable, error);
  if (response == NULL)
    return NULL;

  switch (response->status)
    {
    case 200:
      return task_result_new (response, OPS_TASK_DONE, error);

    case 202:
      return task_result_new (response, OPS_TASK_QUEUED, error);

    case 400:
      set_bad_request (error, response);
      return NULL;

    case 404:
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND,
                   _("GenieACS knows no device with the id “%s”; it may have been deleted. "
                     "Look the device up again by its serial number."),
                   device_id);
      return NULL;

    case 503:
      set_in_session (error);
      return NULL;

    case 504:
      /* The NBI itself answers a task with 202; a 504 here comes from a
       * proxy that gave up waiting, after the task was stored. */
      reason = dup_reason (response);
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_OFFLINE,
                   _("GenieACS did not answer in time (%s). The task stays queued until the "
                     "device next contacts the server. If a reverse proxy sits in front of "
                     "GenieACS, raise its read timeout above %u s."),
                   reason, ops_genieacs_task_timeout_seconds (timeout_ms));
      return NULL;

    default:
      set_unexpected_status (error, response);
      return NULL;
    }
}

gboolean
ops_genieacs_client_connection_request (OpsGenieacsClient  *self,
                                        const char         *device_id,
                                        GCancellable       *cancellable,
                                        GError            **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *reason = NULL;

  g_return_val_if_fail (OPS_IS_GENIEACS_CLIENT (self), FALSE);
  g_return_val_if_fail (device_id != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  escaped = ops_genieacs_escape_id (device_id);
  path = g_strdup_printf ("/devices/%s/tasks?connection_request", escaped);

  request = new_request (self, "POST", path, RETRY_NEVER);
  response = ops_http_send (self->session, request, cancellable, error);
  if (response == NULL)
    return FALSE;

  switch (response->status)
    {
    case 200:
      return TRUE;

    case 400:
      set_bad_request (error, response);
      return FALSE;

    case 404:
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND,
                   _("GenieACS knows no device with the id “%s”; it may have been deleted. "
                     "Look the device up again by its serial number."),
                   device_id);
      return FALSE;

    case 503:
      set_in_session (error);
      return FALSE;

    case 504:
      reason = dup_reason (response);
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_OFFLINE,
                   _("The device did not answer GenieACS's connection request (%s). Its queued "
                     "tasks wait until it next contacts the server; check that it is powered "
                     "and connected."),
                   reason);
      return FALSE;

    default:
      set_unexpected_status (error, response);
      return FALSE;
    }
}

gboolean
ops_genieacs_client_delete_task (OpsGenieacsClient  *self,
                                 const char         *task_id,
                                 GCancellable       *cancellable,
                                 GError            **error)
{
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autofree char *path = NULL;
  gsize length;

  g_return_val_if_fail (OPS_IS_GENIEACS_CLIENT (self), FALSE);
  g_return_val_if_fail (task_id != NULL, FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A task id is a MongoDB ObjectId; any other string crashes the NBI
   * worker like an invalid task does. */
  length = strlen (task_id);
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isxdigit (task_id[i]))
      length = 0;
  if (length != 24)
    {
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_INVALID_TASK,
                   _("“%s” is not the id of a GenieACS task (24 hexadecimal digits), so it was "
                     "not sent."),
                   task_id);
      return FALSE;
    }

  path = g_strconcat ("/tasks/", task_id, NULL);
  request = new_request (self, "DELETE", path, RETRY_GATEWAY);
  response = ops_http_send (self->session, request, cancellable, error);
  if (response == NULL)
    return FALSE;

  switch (response->status)
    {
    case 200:
      return TRUE;

    case 404:
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND,
                   _("The task %s no longer exists: the device has probably run it already."),
                   task_id);
      return FALSE;

    case 503:
      g_set_error_literal (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_IN_SESSION,
                           _("The device is in a session with GenieACS and may be running this "
                             "task right now. Try again in a minute."));
      return FALSE;

    default:
      set_unexpected_status (error, response);
      return FALSE;
    }
}
