/* ops-device-service.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Equipment diagnostics whichever controller owns the device.  A serial is
 * looked up on the demo workspace's bundled documents, or on GenieACS first
 * and Oktopus second; the document is summarised, its optical reading kept
 * in the store (the history and the baseline of the drift rule) and the
 * verdicts computed.  The actions live in ops-device-service-actions.c,
 * the fleet counts in ops-device-service-fleet.c.
 *
 * Every blocking call runs on a worker thread; the service's own store
 * connection is guarded by a mutex.
 */

#define G_LOG_DOMAIN "ops-device-service"

#include "config.h"

#include "ops-event-bus.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ops-demo-devices.h"
#include "ops-device-service-private.h"

#define HISTORY_LIMIT 30
#define DEFAULT_POLL_INTERVAL_MS 3000
#define DEFAULT_SPEEDTEST_TIMEOUT_MS 120000
#define DEFAULT_DEMO_STEP_MS 300

typedef struct
{
  char                  *key;
  gboolean               has_context;
  OpsVerdictContext      context;
  OpsDeviceAction        action;
  OpsDeviceProgressFunc  progress;
  gpointer               progress_data;
  GMainContext          *main_context;
} AsyncData;

typedef struct
{
  OpsDeviceProgressFunc  func;
  gpointer               user_data;
  char                  *message;
  double                 fraction;
} ProgressCall;

typedef struct
{
  GMutex    mutex;
  GCond     cond;
  gboolean  cancelled;
} Waiter;

G_DEFINE_FINAL_TYPE (OpsDeviceService, ops_device_service, G_TYPE_OBJECT)

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsEquipment, ops_equipment_free)

G_DEFINE_QUARK (ops-device-error-quark, ops_device_error)

/*
 * Auxiliary methods
 */

static void
async_data_free (AsyncData *data)
{
  g_free (data->key);
  g_clear_pointer (&data->main_context, g_main_context_unref);
  g_free (data);
}

static void
progress_call_free (ProgressCall *call)
{
  g_free (call->message);
  g_free (call);
}

static char *
now_iso8601 (GDateTime *now)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

static gboolean
is_not_found (const GError *error)
{
  return g_error_matches (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND) ||
         g_error_matches (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_NOT_FOUND) ||
         g_error_matches (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND);
}

/* A USP path for a GenieACS projection path: objects end with a dot.  The
 * summary asks for whole objects, except for the leaves of DeviceInfo and
 * ManagementServer. */
static char *
usp_path (const char *path)
{
  if (g_str_has_prefix (path, "Device.DeviceInfo.") || g_str_has_prefix (path, "Device.ManagementServer."))
    return g_strdup (path);
  return g_str_has_suffix (path, ".") ? g_strdup (path) : g_strconcat (path, ".", NULL);
}

static GStrv
usp_paths_from_projection (void)
{
  const char *const *projection = ops_device_summary_projection ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; projection[i] != NULL; i++)
    if (g_str_has_prefix (projection[i], "Device."))
      {
        g_autofree char *path = usp_path (projection[i]);

        g_strv_builder_add (builder, path);
      }
  return g_strv_builder_end (builder);
}

/* Records the reading, then reads the history and the baseline back.
 * Store failures are logged: diagnostics never fail for the history. */
static void
update_history (OpsDeviceService       *self,
                OpsDevice              *device,
                const OpsDeviceSummary *summary,
                GDateTime              *now)
{
  g_autoptr(OpsOpticalReading) baseline = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *taken_at = NULL;

  g_mutex_lock (&self->store_lock);

  if (self->store == NULL)
    goto out;

  if (isfinite (summary->optical.rx_dbm))
    {
      taken_at = summary->optical.rx_source.timestamp ? g_strdup (summary->optical.rx_source.timestamp)
                                                      : now_iso8601 (now);
      if (!ops_store_add_optical_reading (self->store, device->id, taken_at,
                                          summary->optical.rx_dbm, summary->optical.tx_dbm, &error))
        {
          g_warning ("Could not record the optical reading of %s: %s", device->id, error->message);
          g_clear_error (&error);
        }
    }

  g_clear_pointer (&device->history, g_ptr_array_unref);
  device->history = ops_store_get_optical_history (self->store, device->id, HISTORY_LIMIT, &error);
  if (device->history == NULL)
    {
      g_warning ("Could not read the optical history of %s: %s", device->id, error->message);
      g_clear_error (&error);
    }

  baseline = ops_store_get_optical_baseline (self->store, device->id, &error);
  if (baseline != NULL)
    device->baseline_rx_dbm = baseline->rx_dbm;
  else if (error != NULL)
    g_warning ("Could not read the optical baseline of %s: %s", device->id, error->message);

out:
  g_mutex_unlock (&self->store_lock);

  if (device->history == NULL)
    device->history = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_optical_reading_free);
}

static OpsDevice *
build_device (OpsDeviceService        *self,
              OpsDeviceDocument       *document,
              const OpsVerdictContext *context,
              GError                 **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(OpsDevice) device = g_new0 (OpsDevice, 1);
  OpsVerdictContext rules = { NAN, NAN, NAN };

  device->source = document->source;
  device->baseline_rx_dbm = NAN;
  device->summary = _ops_device_service_summarize (self, document, error);
  if (device->summary == NULL)
    return NULL;
  device->id = g_strdup (device->summary->id ? device->summary->id : document->id);
  device->serial = g_strdup (device->summary->serial);

  update_history (self, device, device->summary, now);

  if (context != NULL)
    rules = *context;
  if (isfinite (device->baseline_rx_dbm))
    rules.baseline_rx_dbm = device->baseline_rx_dbm;
  device->verdicts = ops_device_verdicts (device->summary, &self->thresholds, &rules, now);

  return g_steal_pointer (&device);
}

static OpsDeviceDocument *
fetch_demo (OpsDeviceService  *self,
            const char        *key,
            GError           **error)
{
  g_autoptr(OpsDeviceDocument) document = g_new0 (OpsDeviceDocument, 1);
  g_autoptr(OpsEquipment) equipment = NULL;
  g_autoptr(GDateTime) exact = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) local_error = NULL;

  /* The demo's documents are read "now": to the minute, so looking a unit
   * up again within a minute reads the same values (one optical reading),
   * as a real controller's cached values would. */
  now = g_date_time_add_seconds (exact, -(g_date_time_get_seconds (exact)));

  if (self->store != NULL)
    {
      g_mutex_lock (&self->store_lock);
      equipment = ops_store_find_equipment (self->store, key, &document->customer, &local_error);
      g_mutex_unlock (&self->store_lock);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
    }

  if (equipment == NULL || equipment->device_id == NULL || *equipment->device_id == '\0')
    {
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND,
                   equipment == NULL
                   ? _("No device of the demo workspace has the serial %s. Check the serial on the label.")
                   : _("The equipment %s is not managed remotely: it has no device id. Check it on site."),
                   equipment == NULL ? key : equipment->name);
      return NULL;
    }

  document->doc = ops_demo_device_document (equipment->device_id, now, &local_error);
  if (document->doc == NULL)
    {
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND,
                   _("The demo workspace has no data for %s (%s)."),
                   equipment->device_id, local_error ? local_error->message : "");
      return NULL;
    }
  document->source = OPS_DEVICE_SOURCE_DEMO;
  document->id = g_strdup (equipment->device_id);
  document->oktopus_status = -1;
  document->location = g_strdup (equipment->location);

  return g_steal_pointer (&document);
}

static OpsDeviceDocument *
fetch_oktopus (OpsDeviceService  *self,
               const char        *key,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(OpsDeviceDocument) document = g_new0 (OpsDeviceDocument, 1);
  g_autoptr(OpsOktopusDevice) device = NULL;
  g_auto(GStrv) paths = NULL;

  device = ops_oktopus_client_get_device (self->oktopus, key, cancellable, error);
  if (device == NULL)
    return NULL;

  paths = usp_paths_from_projection ();
  document->doc = ops_oktopus_client_get (self->oktopus, device->serial ? device->serial : key,
                                          (const char *const *)paths, cancellable, error);
  if (document->doc == NULL)
    return NULL;

  document->source = OPS_DEVICE_SOURCE_OKTOPUS;
  document->id = g_strdup (device->serial ? device->serial : key);
  document->oktopus_status = device->status;
  if (!json_object_has_member (document->doc, "_id"))
    json_object_set_string_member (document->doc, "_id", document->id);
  if (device->vendor && !json_object_has_member (document->doc, "_deviceId"))
    {
      JsonObject *ident = json_object_new ();

      json_object_set_string_member (ident, "_Manufacturer", device->vendor);
      json_object_set_string_member (ident, "_SerialNumber", document->id);
      if (device->product_class)
        json_object_set_string_member (ident, "_ProductClass", device->product_class);
      json_object_set_object_member (document->doc, "_deviceId", ident);
    }

  return g_steal_pointer (&document);
}

static OpsDeviceSummary *
summarize_doc (OpsDeviceService  *self,
               JsonObject        *doc,
               GError           **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) local_error = NULL;
  OpsDeviceSummary *summary;

  summary = ops_device_summarize (doc, now, self->thresholds.online_seconds, &local_error);
  if (summary == NULL)
    g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_FAILED,
                 _("The controller sent a device document that cannot be read (%s)."),
                 local_error ? local_error->message : "");
  return summary;
}

/*
 * Callbacks
 */

static void
on_cancelled_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  Waiter *waiter = user_data;

  g_mutex_lock (&waiter->mutex);
  waiter->cancelled = TRUE;
  g_cond_broadcast (&waiter->cond);
  g_mutex_unlock (&waiter->mutex);
}

static gboolean
deliver_progress_cb (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->func (call->message, call->fraction, call->user_data);
  return G_SOURCE_REMOVE;
}

/* On the worker thread: hands the progress to the caller's main context. */
static void
forward_progress_cb (const char *message,
                     double      fraction,
                     gpointer    user_data)
{
  AsyncData *data = user_data;
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->func = data->progress;
  call->user_data = data->progress_data;
  call->message = g_strdup (message);
  call->fraction = fraction;
  ops_main_context_dispatch (data->main_context, deliver_progress_cb, call, (GDestroyNotify)progress_call_free);
}

static void
lookup_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  OpsDevice *device;

  device = ops_device_service_lookup (source_object, data->key,
                                      data->has_context ? &data->context : NULL,
                                      cancellable, &error);
  if (device != NULL)
    g_task_return_pointer (task, device, (GDestroyNotify)ops_device_free);
  else
    g_task_return_error (task, error);
}

static void
action_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AsyncData *data = task_data;
  GError *error = NULL;
  OpsActionResult *result;

  result = ops_device_service_run_action (source_object, data->key, data->action,
                                          data->progress ? forward_progress_cb : NULL, data,
                                          cancellable, &error);
  if (result != NULL)
    g_task_return_pointer (task, result, (GDestroyNotify)ops_action_result_free);
  else
    g_task_return_error (task, error);
}

/*
 * GObject overrides
 */

static void
ops_device_service_finalize (GObject *object)
{
  OpsDeviceService *self = (OpsDeviceService *)object;

  g_clear_object (&self->genieacs);
  g_clear_object (&self->oktopus);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_mutex_clear (&self->store_lock);

  G_OBJECT_CLASS (ops_device_service_parent_class)->finalize (object);
}

static void
ops_device_service_class_init (OpsDeviceServiceClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_device_service_finalize;
}

static void
ops_device_service_init (OpsDeviceService *self)
{
  g_mutex_init (&self->store_lock);
  ops_verdict_thresholds_init_default (&self->thresholds);
  self->poll_interval_ms = DEFAULT_POLL_INTERVAL_MS;
  self->speedtest_timeout_ms = DEFAULT_SPEEDTEST_TIMEOUT_MS;
  self->demo_step_ms = DEFAULT_DEMO_STEP_MS;
}

/*
 * Private API
 */

void
_ops_device_document_free (OpsDeviceDocument *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->doc, json_object_unref);
  g_free (self->id);
  g_free (self->customer);
  g_free (self->location);
  g_free (self);
}

/* By serial: the demo's equipment, else GenieACS (with its fallbacks),
 * else Oktopus.  By id: the same with GenieACS's _id.  A controller that
 * fails (rather than not knowing the device) gives its error when the
 * other does not know the device either. */
OpsDeviceDocument *
_ops_device_service_fetch (OpsDeviceService  *self,
                           const char        *key,
                           gboolean           by_id,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(GError) genieacs_error = NULL;
  g_autoptr(GError) oktopus_error = NULL;
  const char *const *projection = ops_device_summary_projection ();

  if (self->demo)
    return fetch_demo (self, key, error);

  if (self->genieacs == NULL && self->oktopus == NULL)
    {
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_CONFIGURED,
                   _("No device controller is configured. Set the GenieACS or Oktopus address in the preferences."));
      return NULL;
    }

  if (self->genieacs != NULL)
    {
      g_autoptr(JsonObject) doc = NULL;

      doc = by_id ? ops_genieacs_client_get_device (self->genieacs, key, projection, cancellable, &genieacs_error)
                  : ops_genieacs_client_find_device (self->genieacs, key, projection, cancellable, &genieacs_error);
      if (doc != NULL)
        {
          OpsDeviceDocument *document = g_new0 (OpsDeviceDocument, 1);
          const char *id = json_object_get_string_member_with_default (doc, "_id", key);

          document->id = g_strdup (id);
          document->doc = g_steal_pointer (&doc);
          document->source = OPS_DEVICE_SOURCE_GENIEACS;
          document->oktopus_status = -1;
          return document;
        }
      if (g_error_matches (genieacs_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&genieacs_error));
          return NULL;
        }
      g_debug ("GenieACS has no %s: %s", key, genieacs_error->message);
    }

  if (self->oktopus != NULL)
    {
      OpsDeviceDocument *document = fetch_oktopus (self, key, cancellable, &oktopus_error);

      if (document != NULL)
        return document;
      if (g_error_matches (oktopus_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&oktopus_error));
          return NULL;
        }
      g_debug ("Oktopus has no %s: %s", key, oktopus_error->message);
    }

  if (genieacs_error != NULL && !is_not_found (genieacs_error))
    g_propagate_error (error, g_steal_pointer (&genieacs_error));
  else if (oktopus_error != NULL && !is_not_found (oktopus_error))
    g_propagate_error (error, g_steal_pointer (&oktopus_error));
  else
    g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND,
                 by_id ? _("No device has the id %s. Look it up by its serial instead.")
                       : _("No device has the serial %s. Check the serial on the label; "
                           "a device that never contacted the servers is unknown to them."),
                 key);
  return NULL;
}

OpsDeviceSummary *
_ops_device_service_summarize (OpsDeviceService  *self,
                               OpsDeviceDocument *document,
                               GError           **error)
{
  OpsDeviceSummary *summary = summarize_doc (self, document->doc, error);

  if (summary == NULL)
    return NULL;

  /* Oktopus knows whether the agent is connected; its values are fresh. */
  if (document->oktopus_status >= 0)
    {
      summary->online = document->oktopus_status == 2;
      if (summary->online && summary->last_inform == NULL)
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

          summary->last_inform = now_iso8601 (now);
        }
    }
  if (summary->id == NULL)
    summary->id = g_strdup (document->id);

  return summary;
}

double
_ops_device_service_plan_mbps (OpsDeviceService  *self,
                               OpsDeviceDocument *document)
{
  g_autoptr(OpsCustomerDetail) detail = NULL;
  double best = NAN;

  if (self->store == NULL || document->customer == NULL)
    return NAN;

  g_mutex_lock (&self->store_lock);
  detail = ops_store_get_customer_detail (self->store, document->customer, NULL);
  g_mutex_unlock (&self->store_lock);
  if (detail == NULL)
    return NAN;

  /* "Fibre 500": the Internet plan of the unit's location. */
  for (guint i = 0; i < detail->subscriptions->len; i++)
    {
      const OpsSubscription *sub = g_ptr_array_index (detail->subscriptions, i);
      const char *p;
      double mbps;

      if (sub->plan == NULL || g_strcmp0 (sub->status, "cancelled") == 0)
        continue;
      if (document->location && sub->location && g_strcmp0 (document->location, sub->location) != 0)
        continue;
      for (p = sub->plan; *p && !g_ascii_isdigit (*p); p++)
        ;
      if (*p == '\0' || !g_str_has_prefix (sub->plan, "Fibre"))
        continue;
      mbps = g_ascii_strtod (p, NULL);
      if (mbps > 0 && (!isfinite (best) || mbps > best))
        best = mbps;
    }
  return best;
}

GStrv
_ops_device_projection_for_root (const char *root)
{
  const char *const *projection = ops_device_summary_projection ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *prefix = g_strconcat (root, ".", NULL);

  for (guint i = 0; projection[i] != NULL; i++)
    if (g_str_has_prefix (projection[i], prefix) || g_strcmp0 (projection[i], root) == 0)
      g_strv_builder_add (builder, projection[i]);
  return g_strv_builder_end (builder);
}

gboolean
_ops_device_wait (GCancellable *cancellable,
                  guint         ms)
{
  Waiter waiter = { 0 };
  gint64 end = g_get_monotonic_time () + (gint64)ms * G_TIME_SPAN_MILLISECOND;
  gulong handler = 0;

  g_mutex_init (&waiter.mutex);
  g_cond_init (&waiter.cond);
  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled_cb), &waiter, NULL);

  g_mutex_lock (&waiter.mutex);
  while (!waiter.cancelled)
    if (!g_cond_wait_until (&waiter.cond, &waiter.mutex, end))
      break;
  g_mutex_unlock (&waiter.mutex);

  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  g_mutex_clear (&waiter.mutex);
  g_cond_clear (&waiter.cond);

  return !g_cancellable_is_cancelled (cancellable);
}

/*
 * Public API
 */

void
ops_device_free (OpsDevice *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->serial);
  g_clear_pointer (&self->summary, ops_device_summary_free);
  g_clear_pointer (&self->verdicts, g_ptr_array_unref);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_free (self);
}

void
ops_action_result_free (OpsActionResult *self)
{
  if (self == NULL)
    return;
  g_free (self->message);
  g_free (self);
}

/**
 * ops_device_service_new:
 * @store_path: (nullable): the store the optical history goes to
 * @demo: use the demo workspace's bundled device documents
 *
 * Makes the GenieACS and Oktopus clients that [genieacs] and [oktopus]
 * configure, and opens a store connection of its own.
 *
 * Returns: (transfer full): the service, or %NULL with @error set
 */
OpsDeviceService *
ops_device_service_new (OpsConfig   *config,
                        const char  *store_path,
                        gboolean     demo,
                        GError     **error)
{
  g_autoptr(OpsDeviceService) self = NULL;
  OpsVerdictThresholds *t;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);

  self = g_object_new (OPS_TYPE_DEVICE_SERVICE, NULL);
  self->config = g_object_ref (config);
  self->demo = demo;

  t = &self->thresholds;
  t->rx_low_dbm = ops_config_get_double (config, "diagnostics", "rx_low_dbm");
  t->rx_high_dbm = ops_config_get_double (config, "diagnostics", "rx_high_dbm");
  t->drift_db = ops_config_get_double (config, "diagnostics", "drift_db");
  t->noise_high_dbm = ops_config_get_double (config, "diagnostics", "noise_high_dbm");
  t->backhaul_high_percent = ops_config_get_double (config, "diagnostics", "backhaul_high_percent");
  t->slow_client_ratio = ops_config_get_double (config, "diagnostics", "slow_client_ratio");
  t->online_seconds = ops_config_get_int (config, "diagnostics", "online_seconds");
  t->stale_seconds = ops_config_get_int (config, "diagnostics", "stale_seconds");

  if (!demo && ops_config_has_service (config, "genieacs"))
    {
      self->genieacs = ops_genieacs_client_new (ops_config_get_string (config, "genieacs", "url"),
                                                ops_config_get_string (config, "genieacs", "username"),
                                                ops_config_get_string (config, "genieacs", "password"),
                                                ops_config_get_string (config, "genieacs", "ca_file"),
                                                error);
      if (self->genieacs == NULL)
        return NULL;
    }

  if (!demo && ops_config_has_service (config, "oktopus"))
    {
      self->oktopus = ops_oktopus_client_new (ops_config_get_string (config, "oktopus", "url"),
                                              ops_config_get_string (config, "oktopus", "username"),
                                              ops_config_get_string (config, "oktopus", "password"),
                                              ops_config_get_string (config, "oktopus", "ca_file"),
                                              error);
      if (self->oktopus == NULL)
        return NULL;
    }

  if (store_path != NULL && !(self->store = ops_store_open (store_path, error)))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
ops_device_service_is_available (OpsDeviceService *self)
{
  g_return_val_if_fail (OPS_IS_DEVICE_SERVICE (self), FALSE);

  return self->demo || self->genieacs != NULL || self->oktopus != NULL;
}

/**
 * ops_device_service_set_timing:
 * @poll_interval_ms: how often a running speed test is polled (3 s)
 * @speedtest_timeout_ms: how long a speed test may take (120 s)
 * @demo_step_ms: one step of a simulated demo action (300 ms)
 *
 * For tests, and for controllers that need more patience.  0 keeps a value.
 */
void
ops_device_service_set_timing (OpsDeviceService *self,
                               guint             poll_interval_ms,
                               guint             speedtest_timeout_ms,
                               guint             demo_step_ms)
{
  g_return_if_fail (OPS_IS_DEVICE_SERVICE (self));

  if (poll_interval_ms > 0)
    self->poll_interval_ms = poll_interval_ms;
  if (speedtest_timeout_ms > 0)
    self->speedtest_timeout_ms = speedtest_timeout_ms;
  if (demo_step_ms > 0)
    self->demo_step_ms = demo_step_ms;
}

/**
 * ops_device_service_get_thresholds:
 *
 * Returns: the verdict thresholds read from [diagnostics]
 */
const OpsVerdictThresholds *
ops_device_service_get_thresholds (OpsDeviceService *self)
{
  g_return_val_if_fail (OPS_IS_DEVICE_SERVICE (self), NULL);

  return &self->thresholds;
}

/**
 * ops_device_service_lookup:
 * @context: (nullable): the customer's measured speed and plan; the
 *   baseline comes from the store
 *
 * Blocking: call it on a worker thread.
 *
 * Returns: (transfer full): the device, or %NULL with @error set
 *   (OPS_DEVICE_ERROR_NOT_FOUND when no controller knows the serial)
 */
OpsDevice *
ops_device_service_lookup (OpsDeviceService         *self,
                           const char               *serial,
                           const OpsVerdictContext  *context,
                           GCancellable             *cancellable,
                           GError                  **error)
{
  g_autoptr(OpsDeviceDocument) document = NULL;
  g_autofree char *key = NULL;

  g_return_val_if_fail (OPS_IS_DEVICE_SERVICE (self), NULL);
  g_return_val_if_fail (serial != NULL, NULL);

  key = g_strstrip (g_strdup (serial));
  if (*key == '\0')
    {
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND,
                   _("Type the serial number printed on the device's label."));
      return NULL;
    }

  document = _ops_device_service_fetch (self, key, FALSE, cancellable, error);
  if (document == NULL)
    return NULL;
  return build_device (self, document, context, error);
}

/**
 * ops_device_service_get:
 * @id: the controller id (GenieACS _id, Oktopus serial, demo device id)
 *
 * Blocking: call it on a worker thread.
 *
 * Returns: (transfer full): the device, or %NULL with @error set
 */
OpsDevice *
ops_device_service_get (OpsDeviceService  *self,
                        const char        *id,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_autoptr(OpsDeviceDocument) document = NULL;

  g_return_val_if_fail (OPS_IS_DEVICE_SERVICE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  document = _ops_device_service_fetch (self, id, TRUE, cancellable, error);
  if (document == NULL)
    return NULL;
  return build_device (self, document, NULL, error);
}

void
ops_device_service_lookup_async (OpsDeviceService        *self,
                                 const char              *serial,
                                 const OpsVerdictContext *context,
                                 GCancellable            *cancellable,
                                 GAsyncReadyCallback      callback,
                                 gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (OPS_IS_DEVICE_SERVICE (self));
  g_return_if_fail (serial != NULL);

  data = g_new0 (AsyncData, 1);
  data->key = g_strdup (serial);
  if (context != NULL)
    {
      data->has_context = TRUE;
      data->context = *context;
    }

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_device_service_lookup_async);
  g_task_set_task_data (task, data, (GDestroyNotify)async_data_free);
  g_task_run_in_thread (task, lookup_thread);
}

OpsDevice *
ops_device_service_lookup_finish (OpsDeviceService  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (OPS_IS_DEVICE_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ops_device_service_run_action_async:
 * @progress: (nullable): called in the caller's main context while it runs
 *
 * Runs an action on a worker thread; @progress and @callback are called in
 * the thread-default main context of the caller.  Every progress call comes
 * before @callback.
 */
void
ops_device_service_run_action_async (OpsDeviceService      *self,
                                     const char            *id,
                                     OpsDeviceAction        action,
                                     OpsDeviceProgressFunc  progress,
                                     gpointer               user_data,
                                     GCancellable          *cancellable,
                                     GAsyncReadyCallback    callback,
                                     gpointer               callback_data)
{
  g_autoptr(GTask) task = NULL;
  AsyncData *data;

  g_return_if_fail (OPS_IS_DEVICE_SERVICE (self));
  g_return_if_fail (id != NULL);

  data = g_new0 (AsyncData, 1);
  data->key = g_strdup (id);
  data->action = action;
  data->progress = progress;
  data->progress_data = user_data;
  data->main_context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, callback_data);
  g_task_set_source_tag (task, ops_device_service_run_action_async);
  g_task_set_task_data (task, data, (GDestroyNotify)async_data_free);
  g_task_run_in_thread (task, action_thread);
}

OpsActionResult *
ops_device_service_run_action_finish (OpsDeviceService  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (OPS_IS_DEVICE_SERVICE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
