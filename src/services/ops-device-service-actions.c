/* ops-device-service-actions.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The actions of OpsDeviceService: refresh, refresh the hosts, reboot and
 * the TR-143 download test, on GenieACS (tasks with a connection request:
 * 200 = done, 202 = queued until the device next informs, said plainly),
 * on Oktopus (USP get / operate) or simulated on the demo workspace.
 */

#define G_LOG_DOMAIN "ops-device-service"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-demo-devices.h"
#include "ops-device-service-private.h"

/* How long GenieACS waits for the session to start after the connection
 * request (its `timeout` parameter); flashman uses 7.5 s. */
#define CONNECTION_TIMEOUT_MS 7500
#define SPEEDTEST_CONNECTIONS 3
#define TR181_DOWNLOAD "Device.IP.Diagnostics.DownloadDiagnostics"
#define TR098_DOWNLOAD "InternetGatewayDevice.DownloadDiagnostics"

typedef struct
{
  OpsDeviceProgressFunc  func;
  gpointer               user_data;
} Progress;

/*
 * Auxiliary methods
 */

static void
report (const Progress *progress,
        const char     *message,
        double          fraction)
{
  if (progress->func != NULL)
    progress->func (message, fraction, progress->user_data);
}

static OpsActionResult *
result_new (gboolean  done,
            char     *message,
            double    speed_mbps)
{
  OpsActionResult *result = g_new0 (OpsActionResult, 1);

  result->done = done;
  result->message = message;
  result->speed_mbps = speed_mbps;
  return result;
}

static OpsActionResult *
queued_result (const char *reason)
{
  return result_new (FALSE,
                     g_strdup_printf (_("Queued: the device will run it when it next contacts the server (%s)."),
                                      reason && *reason ? reason : _("no answer yet")),
                     NAN);
}

static gboolean
is_tr098 (const OpsDeviceSummary *summary)
{
  return g_strcmp0 (summary->data_model, "TR-098") == 0;
}

static const char *
data_model_root (const OpsDeviceSummary *summary)
{
  return is_tr098 (summary) ? "InternetGatewayDevice" : "Device";
}

/* flashman turns the speed test off on the XX230v: "Router return
 * speedtest error". */
static gboolean
check_speedtest_supported (const OpsDeviceSummary  *summary,
                           GError                 **error)
{
  const char *names[] = { summary->model, summary->product_class };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *lower = names[i] ? g_ascii_strdown (names[i], -1) : NULL;

      if (lower && strstr (lower, "xx230v"))
        {
          g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_UNSUPPORTED,
                       _("The TP-Link XX230v cannot run a download test: its firmware answers with an error. "
                         "Test from a computer wired to it instead."));
          return FALSE;
        }
    }
  return TRUE;
}

static const char *
speedtest_url (OpsDeviceService  *self,
               GError           **error)
{
  const char *url = ops_config_get_string (self->config, "genieacs", "speedtest_url");

  if (url == NULL || *url == '\0')
    g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_CONFIGURED,
                 _("No file to download is configured for speed tests. "
                   "Set the speed test address ([genieacs] speedtest_url) in the preferences."));
  return url && *url ? url : NULL;
}

static gboolean
state_is_complete (const char *state)
{
  return g_strcmp0 (state, "Completed") == 0 || g_strcmp0 (state, "Complete") == 0;
}

static JsonObject *
get_values_task (const char *const *paths)
{
  JsonObject *task = json_object_new ();
  JsonArray *names = json_array_new ();

  for (guint i = 0; paths[i] != NULL; i++)
    json_array_add_string_element (names, paths[i]);
  json_object_set_string_member (task, "name", "getParameterValues");
  json_object_set_array_member (task, "parameterNames", names);
  return task;
}

static JsonArray *
parameter_value (const char *path,
                 JsonNode   *value,
                 const char *type)
{
  JsonArray *triple = json_array_new ();

  json_array_add_string_element (triple, path);
  json_array_add_element (triple, value);
  json_array_add_string_element (triple, type);
  return triple;
}

static JsonObject *
download_test_task (const char *root,
                    const char *url)
{
  JsonObject *task = json_object_new ();
  JsonArray *values = json_array_new ();
  g_autofree char *state = g_strconcat (root, ".DiagnosticsState", NULL);
  g_autofree char *download_url = g_strconcat (root, ".DownloadURL", NULL);
  g_autofree char *connections = g_strconcat (root, ".NumberOfConnections", NULL);
  JsonNode *node;

  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, "Requested");
  json_array_add_array_element (values, parameter_value (state, node, "xsd:string"));
  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_string (node, url);
  json_array_add_array_element (values, parameter_value (download_url, node, "xsd:string"));
  node = json_node_new (JSON_NODE_VALUE);
  json_node_set_int (node, SPEEDTEST_CONNECTIONS);
  json_array_add_array_element (values, parameter_value (connections, node, "xsd:unsignedInt"));

  json_object_set_string_member (task, "name", "setParameterValues");
  json_object_set_array_member (task, "parameterValues", values);
  return task;
}

/* Deletes tasks the user abandoned; with no cancellable, since the
 * action's own one is what was cancelled. */
static void
delete_tasks (OpsDeviceService *self,
              GPtrArray        *task_ids)
{
  for (guint i = 0; i < task_ids->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!ops_genieacs_client_delete_task (self->genieacs, task_ids->pdata[i], NULL, &error) &&
          !g_error_matches (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND))
        g_warning ("Could not delete the abandoned task %s: %s", (char *)task_ids->pdata[i], error->message);
    }
  g_ptr_array_set_size (task_ids, 0);
}

/* The WLAN associated devices of a TR-098 document, one path per
 * WLANConfiguration instance it knows. */
static GStrv
tr098_wlan_paths (JsonObject *doc)
{
  const char *steps[] = { "InternetGatewayDevice", "LANDevice", "1", "WLANConfiguration" };
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GList) members = NULL;
  JsonObject *node = doc;

  for (guint i = 0; i < G_N_ELEMENTS (steps) && node != NULL; i++)
    {
      JsonNode *child = json_object_get_member (node, steps[i]);

      node = child && JSON_NODE_HOLDS_OBJECT (child) ? json_node_get_object (child) : NULL;
    }

  if (node != NULL)
    members = json_object_get_members (node);
  for (GList *l = members; l != NULL; l = l->next)
    if (g_ascii_isdigit (*(const char *)l->data))
      {
        g_autofree char *path = g_strdup_printf ("InternetGatewayDevice.LANDevice.1.WLANConfiguration.%s.AssociatedDevice",
                                                 (const char *)l->data);

        g_strv_builder_add (builder, path);
      }
  if (members == NULL)
    g_strv_builder_add (builder, "InternetGatewayDevice.LANDevice.1.WLANConfiguration");
  return g_strv_builder_end (builder);
}

static double
speed_from_output (JsonObject *args)
{
  const char *full = json_object_get_string_member_with_default (args, "TestBytesReceivedUnderFullLoading", NULL);
  const char *period = json_object_get_string_member_with_default (args, "PeriodOfFullLoading", NULL);
  const char *bytes = json_object_get_string_member_with_default (args, "TestBytesReceived", NULL);
  g_autoptr(GDateTime) bom = NULL;
  g_autoptr(GDateTime) eom = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  double seconds;

  /* PeriodOfFullLoading is in microseconds: bits per µs are Mbit/s. */
  if (full && period && g_ascii_strtod (period, NULL) > 0)
    return g_ascii_strtod (full, NULL) * 8.0 / g_ascii_strtod (period, NULL);

  bom = json_object_has_member (args, "BOMTime")
        ? g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (args, "BOMTime", ""), utc) : NULL;
  eom = json_object_has_member (args, "EOMTime")
        ? g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (args, "EOMTime", ""), utc) : NULL;
  if (bytes == NULL || bom == NULL || eom == NULL)
    return NAN;
  seconds = g_date_time_difference (eom, bom) / (double)G_TIME_SPAN_SECOND;
  return seconds > 0 ? g_ascii_strtod (bytes, NULL) * 8.0 / seconds / 1e6 : NAN;
}

static char *
speed_message (double speed_mbps,
               double plan_mbps)
{
  if (isfinite (plan_mbps))
    return g_strdup_printf (_("Download test: %.0f Mbit/s for a %.0f Mbit/s plan."), speed_mbps, plan_mbps);
  return g_strdup_printf (_("Download test: %.0f Mbit/s."), speed_mbps);
}

/*
 * GenieACS
 */

static OpsActionResult *
genieacs_result (OpsTaskResult *task,
                 char          *done_message)
{
  if (task->status == OPS_TASK_DONE)
    return result_new (TRUE, done_message, NAN);
  g_free (done_message);
  return queued_result (task->reason);
}

static OpsActionResult *
genieacs_refresh (OpsDeviceService   *self,
                  OpsDeviceDocument  *document,
                  OpsDeviceSummary   *summary,
                  const Progress     *progress,
                  GCancellable       *cancellable,
                  GError            **error)
{
  g_auto(GStrv) paths = _ops_device_projection_for_root (data_model_root (summary));
  g_autoptr(JsonObject) task = get_values_task ((const char *const *)paths);
  g_autoptr(OpsTaskResult) result = NULL;

  report (progress, _("Asking the device for its current values…"), -1);
  result = ops_genieacs_client_add_task (self->genieacs, document->id, task, TRUE, CONNECTION_TIMEOUT_MS,
                                         cancellable, error);
  if (result == NULL)
    return NULL;

  if (result->status == OPS_TASK_DONE)
    {
      g_autoptr(OpsDevice) again = NULL;
      g_autoptr(GError) local_error = NULL;

      /* Read it back: records the fresh optical reading. */
      report (progress, _("Reading the new values…"), 0.9);
      again = ops_device_service_get (self, document->id, cancellable, &local_error);
      if (again == NULL)
        g_debug ("Re-reading %s after a refresh: %s", document->id, local_error->message);
    }
  return genieacs_result (result, g_strdup (_("Refreshed: the device sent its current values.")));
}

static OpsActionResult *
genieacs_refresh_hosts (OpsDeviceService   *self,
                        OpsDeviceDocument  *document,
                        OpsDeviceSummary   *summary,
                        const Progress     *progress,
                        GCancellable       *cancellable,
                        GError            **error)
{
  g_autoptr(JsonObject) hosts_task = NULL;
  g_autoptr(JsonObject) wifi_task = NULL;
  g_autoptr(OpsTaskResult) first = NULL;
  g_autoptr(OpsTaskResult) result = NULL;
  g_auto(GStrv) wifi_paths = NULL;

  if (is_tr098 (summary))
    {
      const char *hosts[] = { "InternetGatewayDevice.LANDevice.1.Hosts.Host", NULL };

      hosts_task = get_values_task (hosts);
      wifi_paths = tr098_wlan_paths (document->doc);
    }
  else
    {
      const char *hosts[] = { "Device.Hosts.Host", NULL };
      const char *wifi[] = { "Device.WiFi.MultiAP.APDevice", NULL };

      hosts_task = get_values_task (hosts);
      wifi_paths = g_strdupv ((char **)wifi);
    }
  wifi_task = get_values_task ((const char *const *)wifi_paths);

  /* Each with its connection request; when the device does not answer
   * the first, the second just queues behind it. */
  report (progress, _("Asking the device for its connected devices…"), 0.0);
  first = ops_genieacs_client_add_task (self->genieacs, document->id, hosts_task, TRUE, CONNECTION_TIMEOUT_MS,
                                        cancellable, error);
  if (first == NULL)
    return NULL;
  report (progress, _("Asking the device for its Wi-Fi clients…"), 0.5);
  result = ops_genieacs_client_add_task (self->genieacs, document->id, wifi_task, first->status == OPS_TASK_DONE,
                                         CONNECTION_TIMEOUT_MS, cancellable, error);
  if (result == NULL)
    return NULL;
  if (first->status != OPS_TASK_DONE)
    return queued_result (first->reason);
  return genieacs_result (result, g_strdup (_("Refreshed the list of connected devices.")));
}

static OpsActionResult *
genieacs_reboot (OpsDeviceService   *self,
                 OpsDeviceDocument  *document,
                 const Progress     *progress,
                 GCancellable       *cancellable,
                 GError            **error)
{
  g_autoptr(JsonObject) task = json_object_new ();
  g_autoptr(OpsTaskResult) result = NULL;

  json_object_set_string_member (task, "name", "reboot");
  report (progress, _("Asking the device to restart…"), -1);
  result = ops_genieacs_client_add_task (self->genieacs, document->id, task, TRUE, CONNECTION_TIMEOUT_MS,
                                         cancellable, error);
  if (result == NULL)
    return NULL;
  return genieacs_result (result, g_strdup (_("The device is restarting; it will be back in a few minutes.")));
}

/* The download test's state as GenieACS has it now. */
static OpsDownloadTest *
read_download_state (OpsDeviceService  *self,
                     const char        *id,
                     const char        *root,
                     GCancellable      *cancellable,
                     GError           **error)
{
  const char *projection[] = { "_id", "_lastInform", root, NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(OpsDeviceSummary) summary = NULL;
  OpsDownloadTest *test;

  doc = ops_genieacs_client_get_device (self->genieacs, id, projection, cancellable, error);
  if (doc == NULL)
    return NULL;
  summary = ops_device_summarize (doc, now, self->thresholds.online_seconds, error);
  if (summary == NULL)
    return NULL;

  test = g_new0 (OpsDownloadTest, 1);
  test->state = g_steal_pointer (&summary->download.state);
  test->finished_at = g_steal_pointer (&summary->download.finished_at);
  test->speed_mbps = summary->download.speed_mbps;
  return test;
}

static void
download_test_free (OpsDownloadTest *test)
{
  if (test == NULL)
    return;
  g_free (test->state);
  g_free (test->url);
  g_free (test->finished_at);
  g_free (test);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsDownloadTest, download_test_free)

static OpsActionResult *
genieacs_speedtest (OpsDeviceService   *self,
                    OpsDeviceDocument  *document,
                    OpsDeviceSummary   *summary,
                    const Progress     *progress,
                    GCancellable       *cancellable,
                    GError            **error)
{
  const char *root = is_tr098 (summary) ? TR098_DOWNLOAD : TR181_DOWNLOAD;
  const char *read_root[] = { root, NULL };
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonObject) refresh_task = NULL;
  g_autoptr(JsonObject) test_task = NULL;
  g_autoptr(OpsTaskResult) refreshed = NULL;
  g_autoptr(OpsTaskResult) started = NULL;
  g_autofree char *previous_end = g_strdup (summary->download.finished_at);
  gboolean was_complete = state_is_complete (summary->download.state);
  const char *url;
  gint64 start;

  if (!check_speedtest_supported (summary, error) || !(url = speedtest_url (self, error)))
    return NULL;

  /* GenieACS skips a SetParameterValues equal to its cached value: read
   * the state first so a stale "Requested" cannot swallow the request. */
  report (progress, _("Starting the download test…"), 0.0);
  refresh_task = get_values_task (read_root);
  refreshed = ops_genieacs_client_add_task (self->genieacs, document->id, refresh_task, FALSE, 0, cancellable, error);
  if (refreshed == NULL)
    return NULL;
  test_task = download_test_task (root, url);
  started = ops_genieacs_client_add_task (self->genieacs, document->id, test_task, TRUE, CONNECTION_TIMEOUT_MS,
                                          cancellable, error);
  if (started == NULL)
    {
      if (refreshed->task_id)
        g_ptr_array_add (pending, g_strdup (refreshed->task_id));
      delete_tasks (self, pending);
      return NULL;
    }
  if (refreshed->task_id)
    g_ptr_array_add (pending, g_strdup (refreshed->task_id));
  if (started->status == OPS_TASK_QUEUED)
    {
      /* Still waiting for the device: abandoning the test deletes them. */
      if (started->task_id)
        g_ptr_array_add (pending, g_strdup (started->task_id));
    }
  else
    {
      /* The test started.  The read before it ran in the same session
       * (GenieACS runs a device's tasks in order); one still queued is
       * moot now. */
      delete_tasks (self, pending);
    }

  start = g_get_monotonic_time ();
  for (;;)
    {
      g_autoptr(OpsDownloadTest) test = NULL;
      g_autoptr(GError) local_error = NULL;
      gint64 elapsed_ms;

      if (!_ops_device_wait (cancellable, self->poll_interval_ms))
        break;
      elapsed_ms = (g_get_monotonic_time () - start) / G_TIME_SPAN_MILLISECOND;
      report (progress, _("Waiting for the device…"),
              MIN (0.95, (double)elapsed_ms / (double)self->speedtest_timeout_ms));

      /* Fetch fresh values, unless the test itself is still queued (the
       * device is unreachable: read what GenieACS has). */
      if (pending->len == 0)
        {
          g_autoptr(JsonObject) poll_task = get_values_task (read_root);
          g_autoptr(OpsTaskResult) polled = NULL;

          polled = ops_genieacs_client_add_task (self->genieacs, document->id, poll_task, TRUE,
                                                 CONNECTION_TIMEOUT_MS, cancellable, &local_error);
          if (polled != NULL && polled->status == OPS_TASK_QUEUED && polled->task_id)
            {
              g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);

              g_ptr_array_add (stale, g_strdup (polled->task_id));
              delete_tasks (self, stale);
            }
          else if (polled == NULL)
            {
              if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
                break;
              g_debug ("Polling the download test of %s: %s", document->id, local_error->message);
              g_clear_error (&local_error);
            }
        }

      test = read_download_state (self, document->id, root, cancellable, &local_error);
      if (test == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            break;
          g_propagate_error (error, g_steal_pointer (&local_error));
          delete_tasks (self, pending);
          return NULL;
        }

      if (state_is_complete (test->state) && (!was_complete || g_strcmp0 (test->finished_at, previous_end) != 0))
        {
          g_ptr_array_set_size (pending, 0);
          report (progress, _("Download test finished."), 1.0);
          if (!isfinite (test->speed_mbps))
            return result_new (TRUE, g_strdup (_("The download test finished but the device gave no speed.")), NAN);
          return result_new (TRUE, speed_message (test->speed_mbps, NAN), test->speed_mbps);
        }
      if (test->state && g_str_has_prefix (test->state, "Error"))
        {
          g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_FAILED,
                       _("The device could not run the download test (%s). Check that it can reach %s."),
                       test->state, url);
          return NULL;
        }
      /* The device ran the test task: nothing of ours is queued any more. */
      if (pending->len > 0 && g_strcmp0 (test->state, "Requested") == 0)
        g_ptr_array_set_size (pending, 0);

      if (elapsed_ms >= self->speedtest_timeout_ms)
        {
          if (pending->len > 0)
            return queued_result (started->reason);
          g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_FAILED,
                       _("The device did not finish the download test within %u seconds. Try again later."),
                       self->speedtest_timeout_ms / 1000);
          return NULL;
        }
    }

  /* Cancelled: the device must not run a test nobody waits for. */
  delete_tasks (self, pending);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The download test was cancelled."));
  return NULL;
}

static OpsActionResult *
run_genieacs (OpsDeviceService   *self,
              OpsDeviceDocument  *document,
              OpsDeviceSummary   *summary,
              OpsDeviceAction     action,
              const Progress     *progress,
              GCancellable       *cancellable,
              GError            **error)
{
  switch (action)
    {
    case OPS_DEVICE_ACTION_REFRESH:
      return genieacs_refresh (self, document, summary, progress, cancellable, error);
    case OPS_DEVICE_ACTION_REFRESH_HOSTS:
      return genieacs_refresh_hosts (self, document, summary, progress, cancellable, error);
    case OPS_DEVICE_ACTION_REBOOT:
      return genieacs_reboot (self, document, progress, cancellable, error);
    case OPS_DEVICE_ACTION_SPEEDTEST:
      return genieacs_speedtest (self, document, summary, progress, cancellable, error);
    default:
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_UNSUPPORTED, _("Unknown action."));
      return NULL;
    }
}

/*
 * Oktopus
 */

static OpsActionResult *
run_oktopus (OpsDeviceService   *self,
             OpsDeviceDocument  *document,
             OpsDeviceSummary   *summary,
             OpsDeviceAction     action,
             const Progress     *progress,
             GCancellable       *cancellable,
             GError            **error)
{
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonObject) input = NULL;
  g_autoptr(OpsDevice) again = NULL;
  const char *hosts[] = { "Device.Hosts.Host.", "Device.WiFi.MultiAP.APDevice.", NULL };
  const char *url;
  double speed;

  switch (action)
    {
    case OPS_DEVICE_ACTION_REFRESH:
      report (progress, _("Asking the device for its current values…"), -1);
      again = ops_device_service_get (self, document->id, cancellable, error);
      if (again == NULL)
        return NULL;
      return result_new (TRUE, g_strdup (_("Refreshed: the device sent its current values.")), NAN);

    case OPS_DEVICE_ACTION_REFRESH_HOSTS:
      report (progress, _("Asking the device for its connected devices…"), -1);
      output = ops_oktopus_client_get (self->oktopus, document->id, hosts, cancellable, error);
      if (output == NULL)
        return NULL;
      return result_new (TRUE, g_strdup (_("Refreshed the list of connected devices.")), NAN);

    case OPS_DEVICE_ACTION_REBOOT:
      report (progress, _("Asking the device to restart…"), -1);
      output = ops_oktopus_client_operate (self->oktopus, document->id, "Device.Reboot()", NULL, cancellable, error);
      if (output == NULL)
        return NULL;
      return result_new (TRUE, g_strdup (_("The device is restarting; it will be back in a few minutes.")), NAN);

    case OPS_DEVICE_ACTION_SPEEDTEST:
      if (!check_speedtest_supported (summary, error) || !(url = speedtest_url (self, error)))
        return NULL;
      report (progress, _("Starting the download test…"), 0.0);
      input = json_object_new ();
      json_object_set_string_member (input, "DownloadURL", url);
      json_object_set_string_member (input, "NumberOfConnections", G_STRINGIFY (SPEEDTEST_CONNECTIONS));
      output = ops_oktopus_client_operate (self->oktopus, document->id, "Device.IP.Diagnostics.DownloadDiagnostics()",
                                           input, cancellable, error);
      if (output == NULL)
        return NULL;
      report (progress, _("Download test finished."), 1.0);
      speed = speed_from_output (output);
      if (!isfinite (speed))
        return result_new (TRUE, g_strdup (_("The device started the download test; refresh in a minute to see its result.")), NAN);
      return result_new (TRUE, speed_message (speed, NAN), speed);

    default:
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_UNSUPPORTED, _("Unknown action."));
      return NULL;
    }
}

/*
 * Demo
 */

static gboolean
demo_steps (OpsDeviceService  *self,
            const Progress    *progress,
            const char *const *messages,
            GCancellable      *cancellable,
            GError           **error)
{
  guint n = g_strv_length ((char **)messages);

  for (guint i = 0; i < n; i++)
    {
      report (progress, messages[i], (double)i / n);
      if (!_ops_device_wait (cancellable, self->demo_step_ms))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The action was cancelled."));
          return FALSE;
        }
    }
  report (progress, messages[n - 1], 1.0);
  return TRUE;
}

static double
demo_speed (OpsDeviceDocument *document,
            double             plan_mbps)
{
  guint32 hash = g_str_hash (document->id);
  double plan = isfinite (plan_mbps) ? plan_mbps : 500.0;
  double ratio;

  switch (ops_demo_device_variant (document->id))
    {
    case OPS_DEMO_DEVICE_WEAK_SIGNAL:
    case OPS_DEMO_DEVICE_DRIFT:
      ratio = 0.55 + (hash % 10) / 100.0;
      break;
    case OPS_DEMO_DEVICE_HEALTHY:
    case OPS_DEMO_DEVICE_OVERLOAD:
    case OPS_DEMO_DEVICE_OFFLINE:
    case OPS_DEMO_DEVICE_CONGESTED:
    case OPS_DEMO_DEVICE_FAR_SATELLITE:
    default:
      /* The ONT reaches its plan: a slow client is the Wi-Fi or the client. */
      ratio = 0.88 + (hash % 9) / 100.0;
      break;
    }
  /* Gigabit Ethernet tops out near 940 Mbit/s of payload on one link. */
  return round (MIN (plan * ratio, plan >= 1000 ? 2350.0 : 940.0) * 10.0) / 10.0;
}

static OpsActionResult *
run_demo (OpsDeviceService   *self,
          OpsDeviceDocument  *document,
          OpsDeviceSummary   *summary,
          OpsDeviceAction     action,
          const Progress     *progress,
          GCancellable       *cancellable,
          GError            **error)
{
  const char *contact[] = { _("Contacting the device…"), _("Waiting for its answer…"), NULL };
  const char *refresh[] = { _("Contacting the device…"), _("Reading its parameters…"), NULL };
  const char *hosts[] = { _("Contacting the device…"), _("Reading its connected devices…"), NULL };
  const char *reboot[] = { _("Contacting the device…"), _("Asking the device to restart…"), NULL };
  const char *speedtest[] = { _("Starting the download test…"), _("Waiting for the device…"),
                              _("Waiting for the device…"), _("Download test finished."), NULL };
  double plan, speed;

  if (action == OPS_DEVICE_ACTION_SPEEDTEST && !check_speedtest_supported (summary, error))
    return NULL;

  /* An offline unit queues, as GenieACS does. */
  if (!summary->online)
    {
      if (!demo_steps (self, progress, contact, cancellable, error))
        return NULL;
      return queued_result (_("the device is offline"));
    }

  switch (action)
    {
    case OPS_DEVICE_ACTION_REFRESH:
      if (!demo_steps (self, progress, refresh, cancellable, error))
        return NULL;
      return result_new (TRUE, g_strdup (_("Refreshed: the device sent its current values.")), NAN);

    case OPS_DEVICE_ACTION_REFRESH_HOSTS:
      if (!demo_steps (self, progress, hosts, cancellable, error))
        return NULL;
      return result_new (TRUE, g_strdup (_("Refreshed the list of connected devices.")), NAN);

    case OPS_DEVICE_ACTION_REBOOT:
      if (!demo_steps (self, progress, reboot, cancellable, error))
        return NULL;
      return result_new (TRUE, g_strdup (_("The device is restarting; it will be back in a few minutes.")), NAN);

    case OPS_DEVICE_ACTION_SPEEDTEST:
      if (!demo_steps (self, progress, speedtest, cancellable, error))
        return NULL;
      plan = _ops_device_service_plan_mbps (self, document);
      speed = demo_speed (document, plan);
      return result_new (TRUE, speed_message (speed, plan), speed);

    default:
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_UNSUPPORTED, _("Unknown action."));
      return NULL;
    }
}

/*
 * Public API
 */

/**
 * ops_device_service_run_action:
 * @id: the controller id
 * @progress: (nullable): called on this thread while the action runs
 *
 * Blocking: call it on a worker thread.  A task GenieACS queues (the
 * device did not answer the connection request) is a result with done
 * FALSE and a sentence that says so, not an error.  Cancelling a speed
 * test deletes its queued tasks.
 *
 * Returns: (transfer full): the result, or %NULL with @error set
 *   (OPS_DEVICE_ERROR_UNSUPPORTED for a speed test the model cannot run)
 */
OpsActionResult *
ops_device_service_run_action (OpsDeviceService       *self,
                               const char             *id,
                               OpsDeviceAction         action,
                               OpsDeviceProgressFunc   progress,
                               gpointer                user_data,
                               GCancellable           *cancellable,
                               GError                **error)
{
  g_autoptr(OpsDeviceDocument) document = NULL;
  g_autoptr(OpsDeviceSummary) summary = NULL;
  Progress report_to = { progress, user_data };

  g_return_val_if_fail (OPS_IS_DEVICE_SERVICE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  document = _ops_device_service_fetch (self, id, TRUE, cancellable, error);
  if (document == NULL)
    return NULL;
  summary = _ops_device_service_summarize (self, document, error);
  if (summary == NULL)
    return NULL;

  switch (document->source)
    {
    case OPS_DEVICE_SOURCE_DEMO:
      return run_demo (self, document, summary, action, &report_to, cancellable, error);
    case OPS_DEVICE_SOURCE_GENIEACS:
      return run_genieacs (self, document, summary, action, &report_to, cancellable, error);
    case OPS_DEVICE_SOURCE_OKTOPUS:
      return run_oktopus (self, document, summary, action, &report_to, cancellable, error);
    default:
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_FAILED, _("Unknown device source."));
      return NULL;
    }
}
