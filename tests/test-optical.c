/* test-optical.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The optical history in the store, its migration, and the history the demo
 * workspace is seeded with.
 */

#define G_LOG_DOMAIN "test-optical"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>

#include "ops-demo.h"
#include "ops-demo-devices.h"
#include "ops-store.h"

#define ONT "1C61B4-XX230v-22275A7000395"

static char *
temp_store_path (const char *name)
{
  return g_build_filename (g_get_user_data_dir (), "store", name, NULL);
}

static OpsStore *
open_store (const char *name)
{
  g_autofree char *path = temp_store_path (name);
  g_autoptr(GError) error = NULL;
  OpsStore *store;

  /* Each test starts from an empty store. */
  for (guint i = 0; i < 3; i++)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

static void
add (OpsStore   *store,
     const char *device_id,
     const char *taken_at,
     double      rx_dbm,
     double      tx_dbm)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ops_store_add_optical_reading (store, device_id, taken_at, rx_dbm, tx_dbm, &error));
  g_assert_no_error (error);
}

static GPtrArray *
history (OpsStore   *store,
         const char *device_id,
         guint       limit)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *readings = ops_store_get_optical_history (store, device_id, limit, &error);

  g_assert_no_error (error);
  g_assert_nonnull (readings);
  return readings;
}

static OpsOpticalReading *
reading (GPtrArray *readings,
         guint      i)
{
  g_assert_cmpuint (i, <, readings->len);
  return g_ptr_array_index (readings, i);
}

static void
test_add_and_order (void)
{
  g_autoptr(OpsStore) store = open_store ("order.sqlite");
  g_autoptr(GPtrArray) readings = NULL;

  add (store, ONT, "2026-11-12T10:00:00.000Z", -19.2, 1.7);
  add (store, ONT, "2026-11-10T10:00:00Z", -19.0, 1.7);
  add (store, ONT, "2026-11-11T06:00:00-04:00", -19.1, NAN);
  add (store, "202BC1-BM632w-8KA8WA2554343407", "2026-11-11T10:00:00Z", -21.0, 2.0);

  readings = history (store, ONT, 10);
  g_assert_cmpuint (readings->len, ==, 3);
  /* Oldest first, times in UTC with milliseconds. */
  g_assert_cmpstr (reading (readings, 0)->taken_at, ==, "2026-11-10T10:00:00.000Z");
  g_assert_cmpstr (reading (readings, 1)->taken_at, ==, "2026-11-11T10:00:00.000Z");
  g_assert_cmpstr (reading (readings, 2)->taken_at, ==, "2026-11-12T10:00:00.000Z");
  g_assert_cmpfloat_with_epsilon (reading (readings, 0)->rx_dbm, -19.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (reading (readings, 0)->tx_dbm, 1.7, 1e-9);
  g_assert_cmpfloat_with_epsilon (reading (readings, 1)->rx_dbm, -19.1, 1e-9);
  g_assert_true (isnan (reading (readings, 1)->tx_dbm));

  /* A device never read has an empty history. */
  {
    g_autoptr(GPtrArray) none = history (store, "1C61B4-XX230v-00000000000", 10);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_dedupe (void)
{
  g_autoptr(OpsStore) store = open_store ("dedupe.sqlite");
  g_autoptr(GPtrArray) readings = NULL;

  add (store, ONT, "2026-11-10T10:00:00.250Z", -19.0, 1.7);
  /* The same instant read again (the value's _timestamp did not change),
   * written another way: kept once, the first one wins. */
  add (store, ONT, "2026-11-10T10:00:00.250Z", -19.0, 1.7);
  add (store, ONT, "2026-11-10T06:00:00.250-04:00", -30.0, 1.0);
  /* Another millisecond is another reading. */
  add (store, ONT, "2026-11-10T10:00:00.251Z", -19.3, 1.7);

  readings = history (store, ONT, 0);
  g_assert_cmpuint (readings->len, ==, 2);
  g_assert_cmpstr (reading (readings, 0)->taken_at, ==, "2026-11-10T10:00:00.250Z");
  g_assert_cmpfloat_with_epsilon (reading (readings, 0)->rx_dbm, -19.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (reading (readings, 1)->rx_dbm, -19.3, 1e-9);
}

static void
test_limit (void)
{
  g_autoptr(OpsStore) store = open_store ("limit.sqlite");
  g_autoptr(GPtrArray) last_five = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) one = NULL;

  for (guint day = 1; day <= 20; day++)
    {
      g_autofree char *taken_at = g_strdup_printf ("2026-11-%02uT10:00:00Z", day);

      add (store, ONT, taken_at, -18.0 - day * 0.1, NAN);
    }

  /* The newest five, still oldest first. */
  last_five = history (store, ONT, 5);
  g_assert_cmpuint (last_five->len, ==, 5);
  g_assert_cmpstr (reading (last_five, 0)->taken_at, ==, "2026-11-16T10:00:00.000Z");
  g_assert_cmpstr (reading (last_five, 4)->taken_at, ==, "2026-11-20T10:00:00.000Z");

  one = history (store, ONT, 1);
  g_assert_cmpuint (one->len, ==, 1);
  g_assert_cmpstr (reading (one, 0)->taken_at, ==, "2026-11-20T10:00:00.000Z");

  all = history (store, ONT, 0);
  g_assert_cmpuint (all->len, ==, 20);
  g_assert_cmpstr (reading (all, 0)->taken_at, ==, "2026-11-01T10:00:00.000Z");
}

static void
test_baseline (void)
{
  g_autoptr(OpsStore) store = open_store ("baseline.sqlite");
  g_autoptr(GError) error = NULL;
  OpsOpticalReading *baseline;

  baseline = ops_store_get_optical_baseline (store, ONT, &error);
  g_assert_no_error (error);
  g_assert_null (baseline);

  add (store, ONT, "2026-11-10T10:00:00Z", -18.0, 1.7);
  add (store, ONT, "2026-11-15T10:00:00Z", -21.5, 1.7);
  baseline = ops_store_get_optical_baseline (store, ONT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (baseline);
  g_assert_cmpstr (baseline->taken_at, ==, "2026-11-10T10:00:00.000Z");
  g_assert_cmpfloat_with_epsilon (baseline->rx_dbm, -18.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (baseline->tx_dbm, 1.7, 1e-9);
  ops_optical_reading_free (baseline);

  /* Newer readings leave the baseline alone; it is the earliest reading. */
  add (store, ONT, "2026-11-20T10:00:00Z", -24.0, 1.7);
  {
    g_autoptr(OpsOpticalReading) still = ops_store_get_optical_baseline (store, ONT, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (still->taken_at, ==, "2026-11-10T10:00:00.000Z");
  }

  /* Another device has its own. */
  {
    g_autoptr(OpsOpticalReading) other = ops_store_get_optical_baseline (store, "1C61B4-XX230v-1", &error);

    g_assert_no_error (error);
    g_assert_null (other);
  }
}

static void
test_unknown_not_stored (void)
{
  g_autoptr(OpsStore) store = open_store ("unknown.sqlite");
  g_autoptr(GPtrArray) readings = NULL;
  g_autoptr(GError) error = NULL;

  /* Unknown RX is not a reading (and not "0 dBm"). */
  add (store, ONT, "2026-11-10T10:00:00Z", NAN, 1.7);
  add (store, ONT, "2026-11-11T10:00:00Z", INFINITY, NAN);
  readings = history (store, ONT, 0);
  g_assert_cmpuint (readings->len, ==, 0);
  {
    g_autoptr(OpsOpticalReading) baseline = ops_store_get_optical_baseline (store, ONT, &error);

    g_assert_no_error (error);
    g_assert_null (baseline);
  }

  /* A reading without a readable time is refused, with a reason. */
  g_assert_false (ops_store_add_optical_reading (store, ONT, "yesterday", -19.0, NAN, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  g_assert_false (ops_store_add_optical_reading (store, ONT, NULL, -19.0, NAN, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
}

static void
test_migrate_from_4 (void)
{
  g_autofree char *path = temp_store_path ("migrate.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) customer = json_from_string ("{\"name\":\"C0042\",\"customer_name\":\"Josée Lévesque\"}", NULL);
  OpsStore *store;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  /* A store written by the release before the optical history. */
  store = ops_store_open_at_version (path, 4, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops_store_get_schema_version (store), ==, 4);
  g_assert_true (ops_store_upsert (store, "customers", json_node_get_object (customer), &error));
  g_assert_no_error (error);
  g_assert_false (ops_store_add_optical_reading (store, ONT, "2026-11-10T10:00:00Z", -19.0, NAN, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_QUERY);
  g_clear_error (&error);
  g_object_unref (store);

  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops_store_get_schema_version (store), ==, OPS_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (OPS_STORE_SCHEMA_VERSION, >=, 5);
  add (store, ONT, "2026-11-10T10:00:00Z", -19.0, NAN);
  {
    g_autoptr(GPtrArray) readings = history (store, ONT, 0);

    g_assert_cmpuint (readings->len, ==, 1);
  }
  g_object_unref (store);

  /* What was there is still there, and the key is (device, time). */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM customers", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO optical_readings (device_id, taken_at, rx_dbm) "
                                     "VALUES ('" ONT "', '2026-11-10T10:00:00.000Z', -1)", NULL, NULL, NULL),
                   ==, SQLITE_CONSTRAINT);
  sqlite3_close (db);
}

/*
 * The demo workspace's history
 */

static void
seed_demo (OpsStore *store,
           GDate    *today)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ops_demo_ensure (store, today, &error));
  g_assert_no_error (error);
}

/* The seeded history: daily, ending the day before today at the latest. */
static GPtrArray *
check_daily (OpsStore   *store,
             const char *device_id,
             const char *yesterday)
{
  GPtrArray *readings = history (store, device_id, 0);

  g_assert_cmpuint (readings->len, ==, 14);
  g_assert_true (g_str_has_prefix (reading (readings, readings->len - 1)->taken_at, yesterday));
  for (guint i = 1; i < readings->len; i++)
    g_assert_cmpstr (reading (readings, i - 1)->taken_at, <, reading (readings, i)->taken_at);
  return readings;
}

static void
test_demo_history (void)
{
  g_autoptr(OpsStore) store = open_store ("demo.sqlite");
  g_autoptr(GPtrArray) healthy = NULL;
  g_autoptr(GPtrArray) drift = NULL;
  g_autoptr(GPtrArray) weak = NULL;
  g_autoptr(GPtrArray) router = NULL;
  g_autoptr(GError) error = NULL;
  const char *drifting = "1C61B4-XX230v-22275A7756882";
  double low = G_MAXDOUBLE, high = -G_MAXDOUBLE;
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, G_DATE_NOVEMBER, 2026);
  seed_demo (store, &today);

  /* C0001's unit: flat around a healthy level. */
  healthy = check_daily (store, ONT, "2026-11-21T");
  g_assert_true (g_str_has_prefix (reading (healthy, 0)->taken_at, "2026-11-08T"));
  for (guint i = 0; i < healthy->len; i++)
    {
      low = MIN (low, reading (healthy, i)->rx_dbm);
      high = MAX (high, reading (healthy, i)->rx_dbm);
    }
  g_assert_cmpfloat (high - low, <=, 0.6 + 1e-9);
  g_assert_cmpfloat (low, >=, -22.3);
  g_assert_cmpfloat (high, <=, -16.7);
  g_assert_cmpfloat (fabs (reading (healthy, 13)->rx_dbm - ops_demo_device_rx_dbm (ONT)), <=, 0.3 + 1e-9);

  /* The drifting unit: a slow decline from its baseline. */
  g_assert_cmpint (ops_demo_device_variant (drifting), ==, OPS_DEMO_DEVICE_DRIFT);
  drift = check_daily (store, drifting, "2026-11-21T");
  g_assert_cmpfloat_with_epsilon (reading (drift, 0)->rx_dbm, -18.0, 1e-9);
  for (guint i = 1; i < drift->len; i++)
    g_assert_cmpfloat (reading (drift, i)->rx_dbm, <, reading (drift, i - 1)->rx_dbm);
  g_assert_cmpfloat (reading (drift, 13)->rx_dbm, >, -22.4);
  {
    g_autoptr(OpsOpticalReading) baseline = ops_store_get_optical_baseline (store, drifting, &error);

    g_assert_no_error (error);
    g_assert_cmpfloat_with_epsilon (baseline->rx_dbm, -18.0, 1e-9);
    g_assert_cmpfloat (baseline->rx_dbm - ops_demo_device_rx_dbm (drifting), >=, 3.0);
  }

  /* The weak unit was already weak: no drift, a low level. */
  weak = check_daily (store, "1C61B4-XX230v-22275A7048755", "2026-11-21T");
  g_assert_cmpfloat (reading (weak, 0)->rx_dbm, <, -27.0);

  /* The offline unit stopped reporting before it went off. */
  {
    g_autoptr(GPtrArray) offline = history (store, "1C61B4-XX230v-22275A7566525", 0);

    g_assert_cmpint (ops_demo_device_variant ("1C61B4-XX230v-22275A7566525"), ==, OPS_DEMO_DEVICE_OFFLINE);
    g_assert_cmpuint (offline->len, ==, 14);
    g_assert_true (g_str_has_prefix (reading (offline, 13)->taken_at, "2026-11-19T"));
  }

  /* A router without optics has none. */
  router = history (store, "202BC1-BM632w-8KA8WA2554343407", 0);
  g_assert_cmpuint (router->len, ==, 0);

  /* Opened the next day: the history moves with the calendar. */
  g_date_set_dmy (&today, 23, G_DATE_NOVEMBER, 2026);
  seed_demo (store, &today);
  {
    g_autoptr(GPtrArray) moved = check_daily (store, ONT, "2026-11-22T");

    g_assert_cmpfloat_with_epsilon (reading (moved, 0)->rx_dbm, reading (healthy, 0)->rx_dbm, 1e-9);
  }

  /* A demo store from before the history gets one when it is opened. */
  g_assert_true (ops_store_exec (store, "DELETE FROM optical_readings; DELETE FROM meta WHERE key = 'demo_optical'",
                                 &error));
  g_assert_no_error (error);
  seed_demo (store, &today);
  {
    g_autoptr(GPtrArray) again = check_daily (store, ONT, "2026-11-22T");
    g_autoptr(GPtrArray) drift_again = check_daily (store, drifting, "2026-11-22T");

    g_assert_cmpfloat_with_epsilon (reading (drift_again, 0)->rx_dbm, -18.0, 1e-9);
    g_assert_cmpuint (again->len, ==, 14);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/optical/add-and-order", test_add_and_order);
  g_test_add_func ("/optical/dedupe", test_dedupe);
  g_test_add_func ("/optical/limit", test_limit);
  g_test_add_func ("/optical/baseline", test_baseline);
  g_test_add_func ("/optical/unknown-not-stored", test_unknown_not_stored);
  g_test_add_func ("/optical/migrate-from-4", test_migrate_from_4);
  g_test_add_func ("/optical/demo-history", test_demo_history);

  return g_test_run ();
}
