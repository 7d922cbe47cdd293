/* test-device-service.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpsDeviceService on the demo workspace (every variant's verdict, the
 * optical history, simulated actions with progress), against the fake
 * GenieACS NBI (lookup fallbacks, 200 / 202 refreshes, the download test
 * polled to completion or cancelled) and against the fake Oktopus.
 */

#define G_LOG_DOMAIN "test-device-service"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "ops-device-service.h"
#include "ops-fake-genieacs.h"
#include "ops-fake-oktopus.h"
#include "ops-genieacs-csv.h"
#include "ops-workspace.h"

#define XX230V_CSV "device-1C61B4-XX230v-22275A7000395-2023-04-27T154050686Z.csv"
#define XX230V_ID "1C61B4-Device2-22275A7000395"
#define EX220_ID "1C61B4-EX220-2226469000523"
#define EX220_SERIAL "2226469000523"
#define SPEEDTEST_URL "http://speed.example.net/10MB.bin"
#define OKTOPUS_EMAIL "ops@example.net"
#define OKTOPUS_PASSWORD "s3cret-Pass"
#define OKTOPUS_SERIAL "USP0042A7"
#define TIMEOUT_SECONDS 15

/* Demo units (see ops-demo-devices.c, pinned variants). */
#define DEMO_HEALTHY_XX230V "22275A7000395"      /* C0001 */
#define DEMO_HEALTHY_BM632W "8KA8WA2554343407"   /* C0002, Fibre 500 */
#define DEMO_OFFLINE "22275A7566525"
#define DEMO_DRIFT "22275A7756882"

static char *demo_dir;
static char *demo_store_path;
static GThread *main_thread;

/*
 * Helpers
 */

static OpsDeviceService *
demo_service (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  OpsDeviceService *service;

  service = ops_device_service_new (config, demo_store_path, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (ops_device_service_is_available (service));
  ops_device_service_set_timing (service, 0, 0, 20);
  return service;
}

static gboolean
has_verdict (OpsDevice  *device,
             const char *code)
{
  for (guint i = 0; i < device->verdicts->len; i++)
    if (g_str_equal (((OpsVerdict *)g_ptr_array_index (device->verdicts, i))->code, code))
      return TRUE;
  return FALSE;
}

static char *
verdict_codes (OpsDevice *device)
{
  g_autoptr(GString) codes = g_string_new (NULL);

  for (guint i = 0; i < device->verdicts->len; i++)
    g_string_append_printf (codes, "%s ", ((OpsVerdict *)g_ptr_array_index (device->verdicts, i))->code);
  return g_string_free (g_steal_pointer (&codes), FALSE);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("timed out");
  return G_SOURCE_REMOVE;
}

static JsonObject *
load_csv (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "genieacs-sim", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  gsize length = 0;
  JsonObject *doc;

  g_file_get_contents (path, &csv, &length, &error);
  g_assert_no_error (error);
  doc = ops_genieacs_csv_to_document (csv, length, NULL, &error);
  g_assert_no_error (error);
  return doc;
}

static void
set_string_leaf (JsonObject *doc,
                 const char *path,
                 const char *value)
{
  JsonObject *leaf = ops_device_doc_get_node (doc, path);
  const char *timestamp = leaf ? json_object_get_string_member_with_default (leaf, "_timestamp", NULL) : NULL;
  g_autofree char *kept = g_strdup (timestamp);
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  ops_device_doc_set_value (doc, path, node, "xsd:string", kept);
}

/* A TR-181 unit that can run the download test: the XX230v's data model
 * under another model name (the XX230v itself cannot). */
static JsonObject *
ex220_document (void)
{
  JsonObject *doc = load_csv (XX230V_CSV);
  JsonObject *ident = json_object_get_object_member (doc, "_deviceId");

  json_object_set_string_member (doc, "_id", EX220_ID);
  json_object_set_string_member (ident, "_SerialNumber", EX220_SERIAL);
  json_object_set_string_member (ident, "_ProductClass", "EX220");
  set_string_leaf (doc, "Device.DeviceInfo.ModelName", "EX220");
  set_string_leaf (doc, "Device.DeviceInfo.ProductClass", "EX220");
  set_string_leaf (doc, "Device.DeviceInfo.SerialNumber", EX220_SERIAL);
  return doc;
}

typedef struct
{
  char             *dir;
  char             *store_path;
  OpsFakeGenieacs  *genieacs;
  OpsFakeOktopus   *oktopus;
  OpsDeviceService *service;
} Live;

static void
live_setup (Live          *live,
            gconstpointer  data)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(JsonObject) ex220 = ex220_document ();
  g_autofree char *okt_url = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "genieacs-sim", XX230V_CSV, NULL);
  const char *const okt_params[] = {
    "Device.DeviceInfo.Manufacturer", "Example USP",
    "Device.DeviceInfo.ModelName", "HX510",
    "Device.DeviceInfo.SerialNumber", OKTOPUS_SERIAL,
    "Device.DeviceInfo.SoftwareVersion", "1.2.3",
    "Device.DeviceInfo.UpTime", "86400",
    "Device.WiFi.Radio.1.OperatingFrequencyBand", "2.4GHz",
    "Device.WiFi.Radio.1.Channel", "6",
    "Device.WiFi.Radio.1.Stats.Noise", "-92",
    NULL
  };

  live->dir = g_dir_make_tmp ("ops-device-service-XXXXXX", &error);
  g_assert_no_error (error);
  live->store_path = g_build_filename (live->dir, "live.sqlite", NULL);

  live->genieacs = ops_fake_genieacs_new ();
  id = ops_fake_genieacs_add_device_csv (live->genieacs, csv, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, XX230V_ID);
  ops_fake_genieacs_add_device (live->genieacs, ex220);

  live->oktopus = ops_fake_oktopus_new (OKTOPUS_EMAIL, OKTOPUS_PASSWORD);
  ops_fake_oktopus_add_device (live->oktopus, OKTOPUS_SERIAL, "Example USP", "HX510", "HX510", "1.2.3");
  ops_fake_oktopus_set_params (live->oktopus, OKTOPUS_SERIAL, okt_params);
  okt_url = g_strconcat (ops_fake_oktopus_get_url (live->oktopus), "/", NULL);

  ops_config_set_string (config, "genieacs", "url", ops_fake_genieacs_get_url (live->genieacs));
  ops_config_set_string (config, "genieacs", "speedtest_url", SPEEDTEST_URL);
  ops_config_set_string (config, "oktopus", "url", okt_url);
  ops_config_set_string (config, "oktopus", "username", OKTOPUS_EMAIL);
  ops_config_set_string (config, "oktopus", "password", OKTOPUS_PASSWORD);

  live->service = ops_device_service_new (config, live->store_path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ops_device_service_is_available (live->service));
  ops_device_service_set_timing (live->service, 50, 5000, 0);
}

static void
live_teardown (Live          *live,
               gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (live->store_path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (live->store_path, "-shm", NULL);

  g_clear_object (&live->service);
  g_clear_pointer (&live->genieacs, ops_fake_genieacs_free);
  g_clear_pointer (&live->oktopus, ops_fake_oktopus_free);
  g_unlink (live->store_path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (live->dir);
  g_free (live->store_path);
  g_free (live->dir);
}

static gboolean
requests_contain (GStrv       requests,
                  const char *needle)
{
  for (guint i = 0; requests && requests[i]; i++)
    if (strstr (requests[i], needle))
      return TRUE;
  return FALSE;
}

/*
 * Demo workspace
 */

static void
test_demo_verdicts (void)
{
  static const struct
  {
    const char *serial;
    const char *code;
  } cases[] = {
    { "22275A7048755", "fibre-low" },           /* weak signal */
    { "22275A7327520", "fibre-overload" },
    { DEMO_DRIFT, "fibre-drift" },
    { DEMO_OFFLINE, "offline" },
    { "8KA8WA1619982076", "wifi-interference" }, /* congested BM632w */
    { "22275A7208506", "wifi-interference" },    /* congested XX230v */
    { "22275A7835321", "mesh-backhaul" },        /* far satellite */
  };
  g_autoptr(OpsDeviceService) service = demo_service ();
  g_autoptr(OpsDevice) healthy = NULL;
  g_autoptr(OpsDevice) by_id = NULL;
  g_autoptr(GError) error = NULL;

  healthy = ops_device_service_lookup (service, DEMO_HEALTHY_XX230V, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (healthy->source, ==, OPS_DEVICE_SOURCE_DEMO);
  g_assert_cmpstr (healthy->id, ==, "1C61B4-XX230v-" DEMO_HEALTHY_XX230V);
  g_assert_cmpstr (healthy->serial, ==, DEMO_HEALTHY_XX230V);
  g_assert_true (healthy->summary->online);
  g_assert_true (has_verdict (healthy, "fibre-ok"));
  for (guint i = 0; i < healthy->verdicts->len; i++)
    g_assert_cmpint (((OpsVerdict *)g_ptr_array_index (healthy->verdicts, i))->severity, <=, OPS_SEVERITY_INFO);

  /* By controller id, as /devices/{id}/… does. */
  by_id = ops_device_service_get (service, healthy->id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (by_id->serial, ==, DEMO_HEALTHY_XX230V);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OpsDevice) device = ops_device_service_lookup (service, cases[i].serial, NULL, NULL, &error);
      g_autofree char *codes = NULL;

      g_assert_no_error (error);
      codes = verdict_codes (device);
      g_test_message ("%s: %s", cases[i].serial, codes);
      if (!has_verdict (device, cases[i].code))
        g_error ("%s should show %s, shows %s", cases[i].serial, cases[i].code, codes);
    }

  /* Nothing matches; the Deco X50 has no device id. */
  g_assert_null (ops_device_service_lookup (service, "NOSUCHSERIAL", NULL, NULL, &error));
  g_assert_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ops_device_service_lookup (service, "2237832037597", NULL, NULL, &error));
  g_assert_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_null (ops_device_service_lookup (service, "   ", NULL, NULL, &error));
  g_assert_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND);
}

static gint64
current_minute (void)
{
  return g_get_real_time () / (60 * G_USEC_PER_SEC);
}

static void
test_demo_history (void)
{
  g_autoptr(OpsDeviceService) service = demo_service ();
  g_autoptr(OpsDevice) first = NULL;
  g_autoptr(OpsDevice) second = NULL;
  g_autoptr(OpsDevice) drift = NULL;
  g_autoptr(GError) error = NULL;
  const OpsOpticalReading *newest;
  gint64 minute_before, minute_after;

  minute_before = current_minute ();
  first = ops_device_service_lookup (service, DEMO_HEALTHY_XX230V, NULL, NULL, &error);
  g_assert_no_error (error);
  second = ops_device_service_lookup (service, DEMO_HEALTHY_XX230V, NULL, NULL, &error);
  g_assert_no_error (error);
  minute_after = current_minute ();

  /* The seeded days, plus the reading just made, oldest first. */
  g_assert_cmpuint (first->history->len, >=, 2);
  g_assert_cmpuint (first->history->len, <=, 30);
  newest = g_ptr_array_index (first->history, first->history->len - 1);
  g_assert_cmpfloat_with_epsilon (newest->rx_dbm, first->summary->optical.rx_dbm, 0.01);
  g_assert_true (isfinite (first->baseline_rx_dbm));

  /* Read at the same data timestamp: recorded once. */
  if (minute_before == minute_after)
    g_assert_cmpuint (second->history->len, ==, first->history->len);
  else
    g_assert_cmpuint (second->history->len, <=, first->history->len + 1);

  /* The drifting unit's baseline is its installation reading. */
  drift = ops_device_service_lookup (service, DEMO_DRIFT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (isfinite (drift->baseline_rx_dbm));
  g_assert_cmpfloat (drift->baseline_rx_dbm - drift->summary->optical.rx_dbm, >=,
                     ops_device_service_get_thresholds (service)->drift_db);
}

typedef struct
{
  GMainLoop       *loop;
  guint            progress_calls;
  double           last_fraction;
  gboolean         cancel_on_progress;
  GCancellable    *cancellable;
  OpsActionResult *result;
  GError          *error;
} ActionWait;

static void
on_progress_cb (const char *message,
                double      fraction,
                gpointer    user_data)
{
  ActionWait *wait = user_data;

  /* Marshalled to the caller's main context. */
  g_assert_true (g_thread_self () == main_thread);
  g_assert_nonnull (message);
  g_assert_cmpfloat (fraction, >=, wait->last_fraction);
  wait->last_fraction = fraction;
  wait->progress_calls++;
  if (wait->cancel_on_progress)
    g_cancellable_cancel (wait->cancellable);
}

static void
on_action_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ActionWait *wait = user_data;

  g_assert_true (g_thread_self () == main_thread);
  wait->result = ops_device_service_run_action_finish (OPS_DEVICE_SERVICE (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
run_action_async (OpsDeviceService *service,
                  const char       *id,
                  OpsDeviceAction   action,
                  ActionWait       *wait)
{
  guint timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, NULL);

  wait->loop = g_main_loop_new (NULL, FALSE);
  wait->last_fraction = -1;
  if (wait->cancellable == NULL)
    wait->cancellable = g_cancellable_new ();
  ops_device_service_run_action_async (service, id, action, on_progress_cb, wait, wait->cancellable,
                                       on_action_done_cb, wait);
  g_main_loop_run (wait->loop);
  g_source_remove (timeout);
}

static void
action_wait_clear (ActionWait *wait)
{
  g_clear_pointer (&wait->loop, g_main_loop_unref);
  g_clear_object (&wait->cancellable);
  g_clear_pointer (&wait->result, ops_action_result_free);
  g_clear_error (&wait->error);
  memset (wait, 0, sizeof *wait);
}

static char *
demo_id (OpsDeviceService *service,
         const char       *serial)
{
  g_autoptr(OpsDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = ops_device_service_lookup (service, serial, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (device->id);
}

static void
test_demo_actions (void)
{
  g_autoptr(OpsDeviceService) service = demo_service ();
  g_autofree char *xx230v = demo_id (service, DEMO_HEALTHY_XX230V);
  g_autofree char *bm632w = demo_id (service, DEMO_HEALTHY_BM632W);
  g_autofree char *offline = demo_id (service, DEMO_OFFLINE);
  ActionWait wait = { 0 };

  /* Reboot: progress, then done. */
  run_action_async (service, xx230v, OPS_DEVICE_ACTION_REBOOT, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.result->done);
  g_assert_nonnull (wait.result->message);
  g_assert_true (isnan (wait.result->speed_mbps));
  g_assert_cmpuint (wait.progress_calls, >=, 2);
  g_assert_cmpfloat (wait.last_fraction, ==, 1.0);
  action_wait_clear (&wait);

  /* A speed test, plausible against the Fibre 500 plan. */
  run_action_async (service, bm632w, OPS_DEVICE_ACTION_SPEEDTEST, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.result->done);
  g_assert_cmpfloat (wait.result->speed_mbps, >, 250.0);
  g_assert_cmpfloat (wait.result->speed_mbps, <=, 500.0);
  g_assert_nonnull (strstr (wait.result->message, "500"));
  g_assert_cmpuint (wait.progress_calls, >=, 3);
  action_wait_clear (&wait);

  /* The XX230v cannot run one (flashman turns it off). */
  run_action_async (service, xx230v, OPS_DEVICE_ACTION_SPEEDTEST, &wait);
  g_assert_error (wait.error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_UNSUPPORTED);
  g_assert_null (wait.result);
  action_wait_clear (&wait);

  /* An offline unit queues, as GenieACS does. */
  run_action_async (service, offline, OPS_DEVICE_ACTION_REFRESH, &wait);
  g_assert_no_error (wait.error);
  g_assert_false (wait.result->done);
  g_assert_true (g_str_has_prefix (wait.result->message, "Queued"));
  action_wait_clear (&wait);

  /* Cancelled at the first progress. */
  wait.cancellable = g_cancellable_new ();
  wait.cancel_on_progress = TRUE;
  run_action_async (service, bm632w, OPS_DEVICE_ACTION_SPEEDTEST, &wait);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (wait.progress_calls, >=, 1);
  action_wait_clear (&wait);

  /* Hosts refresh. */
  run_action_async (service, bm632w, OPS_DEVICE_ACTION_REFRESH_HOSTS, &wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.result->done);
  action_wait_clear (&wait);
}

typedef struct
{
  GMainLoop *loop;
  OpsDevice *device;
  GError    *error;
} LookupWait;

static void
on_lookup_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  LookupWait *wait = user_data;

  wait->device = ops_device_service_lookup_finish (OPS_DEVICE_SERVICE (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static void
test_demo_lookup_async (void)
{
  g_autoptr(OpsDeviceService) service = demo_service ();
  OpsVerdictContext context = { NAN, 40.0, 1000.0 };
  LookupWait wait = { 0 };
  guint timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, NULL);

  wait.loop = g_main_loop_new (NULL, FALSE);
  ops_device_service_lookup_async (service, DEMO_HEALTHY_BM632W, &context, NULL, on_lookup_done_cb, &wait);
  g_main_loop_run (wait.loop);
  g_source_remove (timeout);

  g_assert_no_error (wait.error);
  g_assert_cmpstr (wait.device->serial, ==, DEMO_HEALTHY_BM632W);
  g_assert_cmpstr (wait.device->summary->data_model, ==, "TR-098");
  ops_device_free (wait.device);
  g_main_loop_unref (wait.loop);
}

static void
test_demo_fleet (void)
{
  g_autoptr(OpsDeviceService) service = demo_service ();
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(OpsFleetSummary) fleet = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  gint64 models = 0;
  GHashTableIter iter;
  gpointer value;

  store = ops_store_open (demo_store_path, &error);
  g_assert_no_error (error);
  ids = ops_store_list_device_ids (store, &error);
  g_assert_no_error (error);

  fleet = ops_device_service_fleet (service, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (fleet->total, ==, ids->len);
  g_assert_cmpint (fleet->online, <, fleet->total);
  g_assert_cmpint (fleet->online, >, fleet->total / 2);

  g_hash_table_iter_init (&iter, fleet->by_model);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    models += GPOINTER_TO_INT (value);
  g_assert_cmpint (models, ==, fleet->total);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (fleet->by_model, "XX230v")), >, 0);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (fleet->by_model, "BM632w")), >, 0);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (fleet->by_verdict, "offline")), ==,
                   fleet->total - fleet->online);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (fleet->by_verdict, "fibre-low")), >, 0);
}

/*
 * GenieACS (fake NBI)
 */

static void
test_genieacs_lookup (Live          *live,
                      gconstpointer  data)
{
  static const char *const keys[] = {
    "22275A7000395",   /* exact DeviceID serial */
    "7000395",         /* typed without the prefix: the suffix fallback */
    XX230V_ID,         /* the _id */
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(OpsDevice) device = ops_device_service_lookup (live->service, keys[i], NULL, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpint (device->source, ==, OPS_DEVICE_SOURCE_GENIEACS);
      g_assert_cmpstr (device->id, ==, XX230V_ID);
      g_assert_cmpstr (device->serial, ==, "22275A7000395");
      g_assert_cmpstr (device->summary->model, ==, "XX230v");
      g_assert_cmpfloat_with_epsilon (device->summary->optical.rx_dbm, -2.5, 0.01);
      /* Captured in 2023: not online now. */
      g_assert_true (has_verdict (device, "offline"));
    }

  /* Always with a projection, never the 1 MB tree. */
  requests = ops_fake_genieacs_dup_requests (live->genieacs);
  g_assert_true (requests_contain (requests, "projection="));
  for (guint i = 0; requests[i]; i++)
    if (g_str_has_prefix (requests[i], "GET /devices"))
      g_assert_nonnull (strstr (requests[i], "projection="));

  /* Neither controller knows it. */
  g_assert_null (ops_device_service_lookup (live->service, "NOSUCHSERIAL", NULL, NULL, &error));
  g_assert_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND);
}

static void
test_genieacs_history_once (Live          *live,
                            gconstpointer  data)
{
  g_autoptr(OpsDevice) first = NULL;
  g_autoptr(OpsDevice) second = NULL;
  g_autoptr(OpsDevice) refreshed = NULL;
  g_autoptr(OpsActionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const OpsOpticalReading *reading;

  first = ops_device_service_lookup (live->service, "22275A7000395", NULL, NULL, &error);
  g_assert_no_error (error);
  second = ops_device_service_lookup (live->service, "22275A7000395", NULL, NULL, &error);
  g_assert_no_error (error);

  /* Same _timestamp, one reading; it is the baseline. */
  g_assert_cmpuint (first->history->len, ==, 1);
  g_assert_cmpuint (second->history->len, ==, 1);
  reading = g_ptr_array_index (second->history, 0);
  g_assert_cmpfloat_with_epsilon (reading->rx_dbm, -2.5, 0.01);
  g_assert_cmpfloat_with_epsilon (second->baseline_rx_dbm, reading->rx_dbm, 1e-9);
  g_assert_nonnull (first->summary->optical.rx_source.timestamp);

  /* A refresh the device runs gives a new timestamp, so a new reading. */
  result = ops_device_service_run_action (live->service, XX230V_ID, OPS_DEVICE_ACTION_REFRESH,
                                          NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->done);
  refreshed = ops_device_service_get (live->service, XX230V_ID, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refreshed->history->len, ==, 2);
}

static void
test_genieacs_refresh (Live          *live,
                       gconstpointer  data)
{
  g_autoptr(OpsActionResult) done = NULL;
  g_autoptr(OpsActionResult) queued = NULL;
  g_autoptr(OpsActionResult) offline = NULL;
  g_autoptr(OpsActionResult) rebooted = NULL;
  g_autoptr(OpsActionResult) hosts = NULL;
  g_autoptr(JsonArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;

  done = ops_device_service_run_action (live->service, XX230V_ID, OPS_DEVICE_ACTION_REFRESH,
                                        NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (done->done);
  requests = ops_fake_genieacs_dup_requests (live->genieacs);
  g_assert_true (requests_contain (requests, "POST /devices/" XX230V_ID "/tasks?connection_request"));

  /* 202: queued until the device next contacts the server, said plainly
   * with GenieACS's reason. */
  ops_fake_genieacs_set_mode (live->genieacs, XX230V_ID, OPS_FAKE_GENIEACS_QUEUED, NULL);
  queued = ops_device_service_run_action (live->service, XX230V_ID, OPS_DEVICE_ACTION_REFRESH,
                                          NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (queued->done);
  g_assert_true (g_str_has_prefix (queued->message, "Queued: the device will run it when it next contacts the server"));
  g_assert_nonnull (strstr (queued->message, "Task queued but not processed"));
  /* It stays queued: the device runs it when it next informs. */
  tasks = ops_fake_genieacs_dup_tasks (live->genieacs, XX230V_ID);
  g_assert_cmpuint (json_array_get_length (tasks), ==, 1);
  g_clear_pointer (&tasks, json_array_unref);

  ops_fake_genieacs_set_mode (live->genieacs, XX230V_ID, OPS_FAKE_GENIEACS_CR_FAIL, NULL);
  offline = ops_device_service_run_action (live->service, XX230V_ID, OPS_DEVICE_ACTION_REFRESH,
                                           NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (offline->done);
  g_assert_nonnull (strstr (offline->message, "Device is offline"));

  /* Back online, it informs and runs them; then reboot, and the two
   * hosts tasks. */
  ops_fake_genieacs_set_mode (live->genieacs, XX230V_ID, OPS_FAKE_GENIEACS_DONE, NULL);
  g_assert_cmpuint (ops_fake_genieacs_run_queued (live->genieacs, XX230V_ID), ==, 2);
  ops_fake_genieacs_clear_requests (live->genieacs);
  rebooted = ops_device_service_run_action (live->service, XX230V_ID, OPS_DEVICE_ACTION_REBOOT,
                                            NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebooted->done);
  hosts = ops_device_service_run_action (live->service, XX230V_ID, OPS_DEVICE_ACTION_REFRESH_HOSTS,
                                         NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hosts->done);
  g_strfreev (requests);
  requests = ops_fake_genieacs_dup_requests (live->genieacs);
  g_assert_true (requests_contain (requests, "POST /devices/" XX230V_ID "/tasks?connection_request"));

  /* Everything ran: nothing left behind. */
  tasks = ops_fake_genieacs_dup_tasks (live->genieacs, XX230V_ID);
  g_assert_cmpuint (json_array_get_length (tasks), ==, 0);
}

typedef struct
{
  guint         waiting;
  gboolean      cancel;
  GCancellable *cancellable;
} SyncProgress;

static void
on_sync_progress_cb (const char *message,
                     double      fraction,
                     gpointer    user_data)
{
  SyncProgress *progress = user_data;

  /* The blocking call reports on its own thread. */
  g_assert_true (g_thread_self () == main_thread);
  if (strstr (message, "Waiting"))
    {
      progress->waiting++;
      g_assert_cmpfloat (fraction, >=, 0.0);
      g_assert_cmpfloat (fraction, <=, 1.0);
      if (progress->cancel)
        g_cancellable_cancel (progress->cancellable);
    }
}

static void
test_genieacs_speedtest (Live          *live,
                         gconstpointer  data)
{
  g_autoptr(OpsActionResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonArray) tasks = NULL;
  SyncProgress progress = { 0 };
  JsonObject *state;

  /* The XX230v's firmware fails it: refused before anything is sent. */
  g_assert_null (ops_device_service_run_action (live->service, XX230V_ID, OPS_DEVICE_ACTION_SPEEDTEST,
                                                NULL, NULL, NULL, &error));
  g_assert_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* 50 MB in 4 s: 100 Mbit/s, after two polls. */
  ops_fake_genieacs_set_diagnostics (live->genieacs, 2, 50000000, 4000);
  result = ops_device_service_run_action (live->service, EX220_ID, OPS_DEVICE_ACTION_SPEEDTEST,
                                          on_sync_progress_cb, &progress, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (result->done);
  g_assert_cmpfloat_with_epsilon (result->speed_mbps, 100.0, 0.5);
  g_assert_nonnull (strstr (result->message, "100"));
  g_assert_cmpuint (progress.waiting, >=, 2);

  /* The TR-143 request the device got. */
  doc = ops_fake_genieacs_dup_device (live->genieacs, EX220_ID);
  g_assert_cmpstr (json_object_get_string_member (ops_device_doc_get_node (doc, "Device.IP.Diagnostics.DownloadDiagnostics.DownloadURL"), "_value"),
                   ==, SPEEDTEST_URL);
  state = ops_device_doc_get_node (doc, "Device.IP.Diagnostics.DownloadDiagnostics.DiagnosticsState");
  g_assert_cmpstr (json_object_get_string_member (state, "_value"), ==, "Completed");
  tasks = ops_fake_genieacs_dup_tasks (live->genieacs, EX220_ID);
  g_assert_cmpuint (json_array_get_length (tasks), ==, 0);
}

static void
test_genieacs_speedtest_cancel (Live          *live,
                                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OpsActionResult) result = NULL;
  g_autoptr(JsonArray) tasks = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;
  SyncProgress progress = { 0 };

  /* The device does not run the test: it stays queued while we wait. */
  ops_fake_genieacs_set_mode (live->genieacs, EX220_ID, OPS_FAKE_GENIEACS_QUEUED, NULL);
  progress.cancel = TRUE;
  progress.cancellable = cancellable;
  result = ops_device_service_run_action (live->service, EX220_ID, OPS_DEVICE_ACTION_SPEEDTEST,
                                          on_sync_progress_cb, &progress, cancellable, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (result);
  g_assert_cmpuint (progress.waiting, ==, 1);

  /* Abandoned: the queued tasks are deleted, so the device will not run
   * a test nobody waits for. */
  requests = ops_fake_genieacs_dup_requests (live->genieacs);
  g_assert_true (requests_contain (requests, "DELETE /tasks/"));
  tasks = ops_fake_genieacs_dup_tasks (live->genieacs, EX220_ID);
  g_assert_cmpuint (json_array_get_length (tasks), ==, 0);
}

static void
test_genieacs_speedtest_queued (Live          *live,
                                gconstpointer  data)
{
  g_autoptr(OpsActionResult) result = NULL;
  g_autoptr(JsonArray) tasks = NULL;
  g_autoptr(GError) error = NULL;

  /* Offline all along: after the time limit, queued (not an error) and
   * the test left for the next inform. */
  ops_device_service_set_timing (live->service, 50, 300, 0);
  ops_fake_genieacs_set_mode (live->genieacs, EX220_ID, OPS_FAKE_GENIEACS_CR_FAIL, NULL);
  result = ops_device_service_run_action (live->service, EX220_ID, OPS_DEVICE_ACTION_SPEEDTEST,
                                          NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (result->done);
  g_assert_nonnull (strstr (result->message, "Device is offline"));
  tasks = ops_fake_genieacs_dup_tasks (live->genieacs, EX220_ID);
  g_assert_cmpuint (json_array_get_length (tasks), >, 0);
}

static void
test_genieacs_fleet (Live          *live,
                     gconstpointer  data)
{
  g_autoptr(OpsFleetSummary) fleet = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;

  fleet = ops_device_service_fleet (live->service, NULL, &error);
  g_assert_no_error (error);
  /* Two GenieACS devices (from 2023: offline) and the Oktopus one. */
  g_assert_cmpint (fleet->total, ==, 3);
  g_assert_cmpint (fleet->online, ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (fleet->by_model, "XX230v")), ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (fleet->by_model, "EX220")), ==, 1);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (fleet->by_verdict, "offline")), ==, 2);

  requests = ops_fake_genieacs_dup_requests (live->genieacs);
  g_assert_true (requests_contain (requests, "projection="));
}

/*
 * Oktopus (fake controller)
 */

static void
test_oktopus_device (Live          *live,
                     gconstpointer  data)
{
  g_autoptr(OpsDevice) device = NULL;
  g_autoptr(OpsActionResult) rebooted = NULL;
  g_autoptr(OpsActionResult) tested = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) commands = NULL;
  g_autoptr(GString) paths = g_string_new (NULL);
  JsonArray *param_paths;

  /* GenieACS does not know it: Oktopus does. */
  device = ops_device_service_lookup (live->service, OKTOPUS_SERIAL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (device->source, ==, OPS_DEVICE_SOURCE_OKTOPUS);
  g_assert_cmpstr (device->id, ==, OKTOPUS_SERIAL);
  g_assert_cmpstr (device->summary->model, ==, "HX510");
  g_assert_true (device->summary->online);
  g_assert_false (has_verdict (device, "offline"));

  /* The summary's TR-181 paths, as USP paths (objects end with a dot). */
  body = ops_fake_oktopus_dup_last_body (live->oktopus);
  param_paths = json_object_get_array_member (body, "param_paths");
  for (guint i = 0; i < json_array_get_length (param_paths); i++)
    g_string_append_printf (paths, "%s ", json_array_get_string_element (param_paths, i));
  g_assert_nonnull (strstr (paths->str, "Device.DeviceInfo.ModelName "));
  g_assert_nonnull (strstr (paths->str, "Device.WiFi.Radio. "));
  g_assert_nonnull (strstr (paths->str, "Device.Optical.Interface. "));
  g_assert_null (strstr (paths->str, "InternetGatewayDevice"));

  rebooted = ops_device_service_run_action (live->service, OKTOPUS_SERIAL, OPS_DEVICE_ACTION_REBOOT,
                                            NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (rebooted->done);

  /* 100 000 000 bytes in 8 s. */
  tested = ops_device_service_run_action (live->service, OKTOPUS_SERIAL, OPS_DEVICE_ACTION_SPEEDTEST,
                                          NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tested->done);
  g_assert_cmpfloat_with_epsilon (tested->speed_mbps, 100.0, 0.01);

  commands = ops_fake_oktopus_dup_commands (live->oktopus, OKTOPUS_SERIAL);
  g_assert_cmpuint (g_strv_length (commands), ==, 2);
  g_assert_cmpstr (commands[0], ==, "Device.Reboot()");
  g_assert_cmpstr (commands[1], ==, "Device.IP.Diagnostics.DownloadDiagnostics()");

  /* Offline: the controller's error, not a queue. */
  ops_fake_oktopus_set_mode (live->oktopus, OKTOPUS_SERIAL, OPS_FAKE_OKTOPUS_OFFLINE);
  g_clear_pointer (&rebooted, ops_action_result_free);
  rebooted = ops_device_service_run_action (live->service, OKTOPUS_SERIAL, OPS_DEVICE_ACTION_REBOOT,
                                            NULL, NULL, NULL, &error);
  g_assert_null (rebooted);
  g_assert_nonnull (error);
}

static void
test_not_configured (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(OpsDeviceService) service = NULL;
  g_autoptr(GError) error = NULL;

  service = ops_device_service_new (config, NULL, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (ops_device_service_is_available (service));
  g_assert_null (ops_device_service_lookup (service, "22275A7000395", NULL, NULL, &error));
  g_assert_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_CONFIGURED);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OpsConfig) config = NULL;
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

  /* One demo store for the demo tests (seeding it takes a moment). */
  demo_dir = g_dir_make_tmp ("ops-device-demo-XXXXXX", &error);
  g_assert_no_error (error);
  demo_store_path = g_build_filename (demo_dir, "demo.sqlite", NULL);
  config = ops_config_new ();
  store = ops_workspace_open (config, demo_store_path, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_test_add_func ("/device-service/demo/verdicts", test_demo_verdicts);
  g_test_add_func ("/device-service/demo/history", test_demo_history);
  g_test_add_func ("/device-service/demo/actions", test_demo_actions);
  g_test_add_func ("/device-service/demo/lookup-async", test_demo_lookup_async);
  g_test_add_func ("/device-service/demo/fleet", test_demo_fleet);
  g_test_add_func ("/device-service/not-configured", test_not_configured);
#define LIVE_TEST(path, func) \
  g_test_add ("/device-service/" path, Live, NULL, live_setup, func, live_teardown)
  LIVE_TEST ("genieacs/lookup-fallbacks", test_genieacs_lookup);
  LIVE_TEST ("genieacs/history-once", test_genieacs_history_once);
  LIVE_TEST ("genieacs/refresh-200-202", test_genieacs_refresh);
  LIVE_TEST ("genieacs/speedtest", test_genieacs_speedtest);
  LIVE_TEST ("genieacs/speedtest-cancel", test_genieacs_speedtest_cancel);
  LIVE_TEST ("genieacs/speedtest-queued", test_genieacs_speedtest_queued);
  LIVE_TEST ("genieacs/fleet", test_genieacs_fleet);
  LIVE_TEST ("oktopus/device", test_oktopus_device);
#undef LIVE_TEST

  status = g_test_run ();

  wal = g_strconcat (demo_store_path, "-wal", NULL);
  shm = g_strconcat (demo_store_path, "-shm", NULL);
  g_unlink (demo_store_path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (demo_dir);
  g_free (demo_store_path);
  g_free (demo_dir);
  return status;
}
