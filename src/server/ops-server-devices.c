/* ops-server-devices.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The /devices routes of the headless server.  A request is checked on the
 * main loop (route, method, parameters, body), then its message is paused
 * and the blocking service call runs in a GTask thread; the answer is set
 * and the message unpaused back in the main context.
 */

#define G_LOG_DOMAIN "OpsServerDevices"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-device-json.h"
#include "ops-genieacs-client.h"
#include "ops-oktopus-client.h"
#include "ops-server-devices.h"

typedef enum
{
  JOB_LOOKUP,
  JOB_FLEET,
  JOB_HOSTS,
  JOB_ACTION,
} JobKind;

typedef struct
{
  JobKind             kind;
  char               *key;          /* serial (lookup) or controller id */
  gboolean            refresh;      /* hosts: run REFRESH_HOSTS first */
  OpsDeviceAction     action;
  OpsVerdictContext   context;
  SoupServerMessage  *msg;
  gulong              disconnected_id;
  GCancellable       *cancellable;

  /* Set on the worker thread, read in the callback. */
  guint               status;
  JsonNode           *answer;
} Job;

struct _OpsServerDevices
{
  GObject                 parent_instance;

  OpsDeviceService       *service;
  char                   *reason;     /* why there is no service */
  GPtrArray              *jobs;       /* Job in flight; main context only */

  OpsServerAuthorizeFunc  authorize;
  gpointer                authorize_data;
  GDestroyNotify          authorize_destroy;
};

G_DEFINE_FINAL_TYPE (OpsServerDevices, ops_server_devices, G_TYPE_OBJECT)

static const struct
{
  const char      *name;
  OpsDeviceAction  action;
} task_names[] = {
  { "reboot", OPS_DEVICE_ACTION_REBOOT },
  { "refresh", OPS_DEVICE_ACTION_REFRESH },
  { "speedtest", OPS_DEVICE_ACTION_SPEEDTEST },
};

/*
 * Auxiliary methods
 */

static void
respond_node (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *body;

  json_generator_set_root (generator, node);
  body = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static JsonNode *
error_node (const char *error,
            const char *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *error,
               const char        *message)
{
  g_autoptr(JsonNode) node = error_node (error, message);

  respond_node (msg, status, node);
}

static void
method_not_allowed (SoupServerMessage *msg,
                    const char        *allow,
                    const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", message);
}

/* The HTTP status and error code of a failed service call. */
static void
set_job_error (Job          *job,
               const GError *error)
{
  guint status = SOUP_STATUS_BAD_GATEWAY;
  const char *code = "upstream_error";

  if (error->domain == OPS_DEVICE_ERROR)
    {
      switch ((OpsDeviceError)error->code)
        {
        case OPS_DEVICE_ERROR_NOT_FOUND:
          status = SOUP_STATUS_NOT_FOUND;
          code = "not_found";
          break;
        case OPS_DEVICE_ERROR_NOT_CONFIGURED:
          status = SOUP_STATUS_SERVICE_UNAVAILABLE;
          code = "not_configured";
          break;
        case OPS_DEVICE_ERROR_UNSUPPORTED:
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
          code = "unsupported";
          break;
        case OPS_DEVICE_ERROR_FAILED:
        default:
          break;
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      status = SOUP_STATUS_SERVICE_UNAVAILABLE;
      code = "cancelled";
    }
  else if (g_error_matches (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND) ||
           g_error_matches (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_NOT_FOUND))
    {
      status = SOUP_STATUS_NOT_FOUND;
      code = "not_found";
    }
  else if (g_error_matches (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_OFFLINE) ||
           g_error_matches (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_OFFLINE) ||
           g_error_matches (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_TIMEOUT))
    {
      status = SOUP_STATUS_GATEWAY_TIMEOUT;
      code = "device_unreachable";
    }
  else if (g_error_matches (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_IN_SESSION))
    {
      status = SOUP_STATUS_CONFLICT;
      code = "device_busy";
    }

  job->status = status;
  job->answer = error_node (code, error->message);
}

static void
job_free (Job *job)
{
  if (job->disconnected_id != 0)
    g_signal_handler_disconnect (job->msg, job->disconnected_id);
  g_clear_object (&job->msg);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->answer, json_node_unref);
  g_free (job->key);
  g_free (job);
}

/* "?refresh", "?refresh=1": present and not "0" / "false".  Read from the
 * raw query, since form decoding drops a name without "=". */
static gboolean
query_flag (SoupServerMessage *msg,
            const char        *name)
{
  const char *raw = g_uri_get_query (soup_server_message_get_uri (msg));
  g_auto(GStrv) pairs = NULL;

  if (raw == NULL)
    return FALSE;

  pairs = g_strsplit (raw, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      char *eq = strchr (pairs[i], '=');
      const char *value = eq ? eq + 1 : "";

      if (eq)
        *eq = '\0';
      if (g_strcmp0 (pairs[i], name) == 0)
        return g_strcmp0 (value, "0") != 0 && g_ascii_strcasecmp (value, "false") != 0;
    }
  return FALSE;
}

static double
query_double (GHashTable *query,
              const char *name)
{
  const char *value = query ? g_hash_table_lookup (query, name) : NULL;
  char *end = NULL;
  double d;

  if (value == NULL || *value == '\0')
    return NAN;
  d = g_ascii_strtod (value, &end);
  return end && *end == '\0' && isfinite (d) && d > 0 ? d : NAN;
}

/* The body of POST /devices/{id}/tasks; FALSE with the 400 set. */
static gboolean
parse_task_body (SoupServerMessage *msg,
                 OpsDeviceAction   *action)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *message = NULL;
  JsonNode *root;
  JsonNode *name;
  const char *text;
  gsize size = 0;

  bytes = soup_message_body_flatten (body);
  text = g_bytes_get_data (bytes, &size);

  if (size > OPS_SERVER_DEVICES_MAX_BODY)
    {
      message = g_strdup_printf ("The body is larger than %u bytes. Send {\"name\": \"reboot\"}.",
                                 OPS_SERVER_DEVICES_MAX_BODY);
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return FALSE;
    }
  if (size == 0 || !json_parser_load_from_data (parser, text, size, &error))
    {
      message = g_strdup_printf ("The body is not JSON%s%s. Send {\"name\": \"reboot\"}.",
                                 error ? ": " : "", error ? error->message : "");
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  name = root && JSON_NODE_HOLDS_OBJECT (root) ? json_object_get_member (json_node_get_object (root), "name") : NULL;
  if (name == NULL || json_node_get_value_type (name) != G_TYPE_STRING)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                     "The body needs a \"name\": reboot, refresh or speedtest.");
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (task_names); i++)
    if (g_strcmp0 (json_node_get_string (name), task_names[i].name) == 0)
      {
        *action = task_names[i].action;
        return TRUE;
      }

  message = g_strdup_printf ("Unknown task “%s”. Use reboot, refresh or speedtest.", json_node_get_string (name));
  respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
  return FALSE;
}

static void
run_lookup (OpsServerDevices *self,
            Job              *job)
{
  g_autoptr(OpsDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = ops_device_service_lookup (self->service, job->key, &job->context, job->cancellable, &error);
  if (device == NULL)
    {
      set_job_error (job, error);
      return;
    }
  job->status = SOUP_STATUS_OK;
  job->answer = ops_device_json_lookup (device->summary, device->verdicts, device->history,
                                        device->baseline_rx_dbm);
}

static void
run_fleet (OpsServerDevices *self,
           Job              *job)
{
  g_autoptr(OpsFleetSummary) fleet = NULL;
  g_autoptr(GError) error = NULL;

  fleet = ops_device_service_fleet (self->service, job->cancellable, &error);
  if (fleet == NULL)
    {
      set_job_error (job, error);
      return;
    }
  job->status = SOUP_STATUS_OK;
  job->answer = ops_device_json_fleet (fleet->total, fleet->online, fleet->by_model, fleet->by_verdict);
}

static void
run_hosts (OpsServerDevices *self,
           Job              *job)
{
  g_autoptr(OpsActionResult) refreshed = NULL;
  g_autoptr(OpsDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  if (job->refresh)
    {
      refreshed = ops_device_service_run_action (self->service, job->key, OPS_DEVICE_ACTION_REFRESH_HOSTS,
                                                 NULL, NULL, job->cancellable, &error);
      if (refreshed == NULL)
        {
          set_job_error (job, error);
          return;
        }
    }

  device = ops_device_service_get (self->service, job->key, job->cancellable, &error);
  if (device == NULL)
    {
      set_job_error (job, error);
      return;
    }

  job->status = SOUP_STATUS_OK;
  job->answer = ops_device_json_hosts (device->summary->hosts);
  if (refreshed != NULL)
    json_object_set_member (json_node_get_object (job->answer), "refresh",
                            ops_device_json_action (refreshed->done, refreshed->message, NAN));
}

static void
run_action (OpsServerDevices *self,
            Job              *job)
{
  g_autoptr(OpsActionResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = ops_device_service_run_action (self->service, job->key, job->action, NULL, NULL,
                                          job->cancellable, &error);
  if (result == NULL)
    {
      set_job_error (job, error);
      return;
    }
  /* 202 as GenieACS says it: queued until the device next informs. */
  job->status = result->done ? SOUP_STATUS_OK : SOUP_STATUS_ACCEPTED;
  job->answer = ops_device_json_action (result->done, result->message, result->speed_mbps);
}

/*
 * Callbacks
 */

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  OpsServerDevices *self = source_object;
  Job *job = task_data;

  switch (job->kind)
    {
    case JOB_LOOKUP:
      run_lookup (self, job);
      break;
    case JOB_FLEET:
      run_fleet (self, job);
      break;
    case JOB_HOSTS:
      run_hosts (self, job);
      break;
    case JOB_ACTION:
      run_action (self, job);
      break;
    default:
      g_assert_not_reached ();
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_job_done_cb (GObject      *source_object,
                GAsyncResult *result,
                gpointer      user_data)
{
  OpsServerDevices *self = OPS_SERVER_DEVICES (source_object);
  Job *job = user_data;

  respond_node (job->msg, job->status, job->answer);
  soup_server_message_unpause (job->msg);
  g_ptr_array_remove_fast (self->jobs, job);
  job_free (job);
}

static void
on_disconnected_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Job *job = user_data;

  g_debug ("The client went away: cancelling");
  g_cancellable_cancel (job->cancellable);
}

/* Pauses the message and runs the job on a worker thread.  The job is
 * freed in the callback, in this main context, never by the task. */
static void
start_job (OpsServerDevices  *self,
           SoupServerMessage *msg,
           Job               *job)
{
  g_autoptr(GTask) task = NULL;

  job->msg = g_object_ref (msg);
  job->cancellable = g_cancellable_new ();
  job->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected_cb), job);
  g_ptr_array_add (self->jobs, job);

  soup_server_message_pause (msg);

  task = g_task_new (self, NULL, on_job_done_cb, job);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, job_thread);
}

static Job *
job_new (JobKind     kind,
         const char *key)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->key = g_strdup (key);
  job->context.baseline_rx_dbm = NAN;
  job->context.client_mbps = NAN;
  job->context.plan_mbps = NAN;
  return job;
}

/* Refuses an oversized body before it is read. */
static void
on_devices_early_cb (SoupServer        *server,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  goffset length = soup_message_headers_get_content_length (headers);
  g_autofree char *message = NULL;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      length > OPS_SERVER_DEVICES_MAX_BODY)
    {
      message = g_strdup_printf ("The body is larger than %u bytes. Send {\"name\": \"reboot\"}.",
                                 OPS_SERVER_DEVICES_MAX_BODY);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
    }
}

static void
on_devices_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  OpsServerDevices *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  gboolean get = method == SOUP_METHOD_GET;
  g_auto(GStrv) parts = NULL;
  g_autofree char *id = NULL;
  OpsDeviceAction action;
  guint n;
  Job *job;

  /* Early refusal already answered. */
  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;

  if (!g_str_has_prefix (path, "/devices/"))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                     "Use /devices/lookup?serial=, /devices/summary, /devices/{id}/hosts or /devices/{id}/tasks.");
      return;
    }
  parts = g_strsplit (path + strlen ("/devices/"), "/", -1);
  n = g_strv_length (parts);

  /* Staff routes: issue 6 plugs bearer tokens / proxy identity in here. */
  if (self->authorize != NULL && !self->authorize (msg, self->authorize_data))
    return;

  if (self->service == NULL || !ops_device_service_is_available (self->service))
    {
      respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "not_configured",
                     self->reason ? self->reason
                                  : "No device controller is configured: set [genieacs] url or [oktopus] url.");
      return;
    }

  if (n == 1 && g_str_equal (parts[0], "lookup"))
    {
      g_autofree char *serial = g_strdup (query ? g_hash_table_lookup (query, "serial") : NULL);

      if (!get)
        {
          method_not_allowed (msg, "GET", "Use GET /devices/lookup?serial=<serial>.");
          return;
        }
      if (serial == NULL || *g_strstrip (serial) == '\0')
        {
          respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                         "Give the device's serial: /devices/lookup?serial=<serial>.");
          return;
        }
      job = job_new (JOB_LOOKUP, serial);
      job->context.client_mbps = query_double (query, "clientMbps");
      job->context.plan_mbps = query_double (query, "planMbps");
      start_job (self, msg, job);
      return;
    }

  if (n == 1 && g_str_equal (parts[0], "summary"))
    {
      if (!get)
        {
          method_not_allowed (msg, "GET", "Use GET /devices/summary.");
          return;
        }
      start_job (self, msg, job_new (JOB_FLEET, NULL));
      return;
    }

  /* Ids are percent-encoded once in paths (GenieACS's own "%2D" becomes
   * "%252D"); SoupServer has already decoded the path once. */
  if (n == 2 && *parts[0] != '\0')
    id = g_strdup (parts[0]);

  if (id != NULL && *id != '\0' && g_str_equal (parts[1], "hosts"))
    {
      if (!get)
        {
          method_not_allowed (msg, "GET", "Use GET /devices/{id}/hosts.");
          return;
        }
      job = job_new (JOB_HOSTS, id);
      job->refresh = query_flag (msg, "refresh");
      start_job (self, msg, job);
      return;
    }

  if (id != NULL && *id != '\0' && g_str_equal (parts[1], "tasks"))
    {
      if (method != SOUP_METHOD_POST)
        {
          method_not_allowed (msg, "POST", "Use POST /devices/{id}/tasks with {\"name\": \"reboot\"}.");
          return;
        }
      if (!parse_task_body (msg, &action))
        return;
      job = job_new (JOB_ACTION, id);
      job->action = action;
      start_job (self, msg, job);
      return;
    }

  respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                 "Use /devices/lookup?serial=, /devices/summary, /devices/{id}/hosts or /devices/{id}/tasks.");
}

/*
 * GObject overrides
 */

static void
ops_server_devices_dispose (GObject *object)
{
  OpsServerDevices *self = (OpsServerDevices *)object;

  if (self->authorize_destroy != NULL)
    self->authorize_destroy (self->authorize_data);
  self->authorize = NULL;
  self->authorize_data = NULL;
  self->authorize_destroy = NULL;
  g_clear_object (&self->service);

  G_OBJECT_CLASS (ops_server_devices_parent_class)->dispose (object);
}

static void
ops_server_devices_finalize (GObject *object)
{
  OpsServerDevices *self = (OpsServerDevices *)object;

  /* Jobs hold a reference on self through their task: none is left. */
  g_ptr_array_unref (self->jobs);
  g_free (self->reason);

  G_OBJECT_CLASS (ops_server_devices_parent_class)->finalize (object);
}

static void
ops_server_devices_class_init (OpsServerDevicesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_server_devices_dispose;
  object_class->finalize = ops_server_devices_finalize;
}

static void
ops_server_devices_init (OpsServerDevices *self)
{
  self->jobs = g_ptr_array_new ();
}

/*
 * Public API
 */

/**
 * ops_server_devices_new:
 * @service: (nullable): the device service
 * @reason: (nullable): why there is no service, for the 503 answers
 */
OpsServerDevices *
ops_server_devices_new (OpsDeviceService *service,
                        const char       *reason)
{
  OpsServerDevices *self;

  g_return_val_if_fail (service == NULL || OPS_IS_DEVICE_SERVICE (service), NULL);

  self = g_object_new (OPS_TYPE_SERVER_DEVICES, NULL);
  self->service = service ? g_object_ref (service) : NULL;
  self->reason = g_strdup (reason);
  return self;
}

void
ops_server_devices_add_handlers (OpsServerDevices *self,
                                 SoupServer       *server)
{
  g_return_if_fail (OPS_IS_SERVER_DEVICES (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  soup_server_add_early_handler (server, "/devices", on_devices_early_cb, self, NULL);
  soup_server_add_handler (server, "/devices", on_devices_cb, self, NULL);
}

void
ops_server_devices_set_authorize_func (OpsServerDevices       *self,
                                       OpsServerAuthorizeFunc  func,
                                       gpointer                user_data,
                                       GDestroyNotify          destroy)
{
  g_return_if_fail (OPS_IS_SERVER_DEVICES (self));

  if (self->authorize_destroy != NULL)
    self->authorize_destroy (self->authorize_data);
  self->authorize = func;
  self->authorize_data = user_data;
  self->authorize_destroy = destroy;
}

void
ops_server_devices_shutdown (OpsServerDevices *self)
{
  g_return_if_fail (OPS_IS_SERVER_DEVICES (self));

  for (guint i = 0; i < self->jobs->len; i++)
    g_cancellable_cancel (((Job *)g_ptr_array_index (self->jobs, i))->cancellable);
}
