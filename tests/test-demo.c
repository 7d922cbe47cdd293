/* test-demo.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo workspace is complete and consistent, and its day is today.
 */

#define G_LOG_DOMAIN "test-demo"

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>

#include "ops-demo.h"
#include "ops-store.h"

static char *store_path;
static sqlite3 *db;

static gint64
scalar (const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

#define ASSERT_NONE(sql) G_STMT_START {                               \
    gint64 n_ = scalar (sql);                                         \
    if (n_ != 0)                                                      \
      g_error ("%" G_GINT64_FORMAT " rows break: %s", n_, sql);       \
  } G_STMT_END

static void
test_counts (void)
{
  g_assert_cmpint (scalar ("SELECT count(*) FROM customers"), >=, 300);
  g_assert_cmpint (scalar ("SELECT count(*) FROM technicians"), >=, 12);
  g_assert_cmpint (scalar ("SELECT count(*) FROM jobs"), >=, 60);
  g_assert_cmpint (scalar ("SELECT count(*) FROM tickets"), >=, 30);
  g_assert_cmpint (scalar ("SELECT count(*) FROM messages WHERE medium = 'SMS'"), >=, 60);
  g_assert_cmpint (scalar ("SELECT count(DISTINCT ticket) FROM messages WHERE medium = 'SMS'"), >=, 30);
  g_assert_cmpint (scalar ("SELECT count(*) FROM subscriptions"), >=, 300);
  g_assert_cmpint (scalar ("SELECT count(*) FROM invoices"), >=, 300);
  g_assert_cmpint (scalar ("SELECT count(*) FROM tags"), >=, 5);
  g_assert_cmpint (scalar ("SELECT count(DISTINCT customer_name) FROM customers"), >=, 280);
}

static void
test_references (void)
{
  ASSERT_NONE ("SELECT count(*) FROM contacts WHERE customer NOT IN (SELECT name FROM customers)");
  ASSERT_NONE ("SELECT count(*) FROM locations WHERE customer NOT IN (SELECT name FROM customers)");
  ASSERT_NONE ("SELECT count(*) FROM equipment WHERE customer != '' AND customer NOT IN (SELECT name FROM customers)");
  ASSERT_NONE ("SELECT count(*) FROM equipment e WHERE e.location != '' AND NOT EXISTS "
               "(SELECT 1 FROM locations l WHERE l.name = e.location AND l.customer = e.customer)");
  ASSERT_NONE ("SELECT count(*) FROM subscriptions WHERE customer NOT IN (SELECT name FROM customers)");
  ASSERT_NONE ("SELECT count(*) FROM invoices WHERE customer NOT IN (SELECT name FROM customers)");
  ASSERT_NONE ("SELECT count(*) FROM tickets WHERE customer NOT IN (SELECT name FROM customers)");
  ASSERT_NONE ("SELECT count(*) FROM messages WHERE ticket NOT IN (SELECT name FROM tickets)");
  ASSERT_NONE ("SELECT count(*) FROM jobs j WHERE NOT EXISTS "
               "(SELECT 1 FROM locations l WHERE l.name = j.location AND l.customer = j.customer)");
  ASSERT_NONE ("SELECT count(*) FROM jobs WHERE technician != '' AND technician NOT IN (SELECT name FROM technicians)");
  ASSERT_NONE ("SELECT count(*) FROM customers WHERE name NOT IN (SELECT customer FROM contacts)");
  ASSERT_NONE ("SELECT count(*) FROM locations WHERE name NOT IN (SELECT location FROM equipment)");
  ASSERT_NONE ("SELECT count(*) FROM tickets WHERE name NOT IN (SELECT ticket FROM messages)");
  ASSERT_NONE ("SELECT count(*) FROM (SELECT serial FROM equipment GROUP BY serial HAVING count(*) > 1)");
}

static void
test_service_area (void)
{
  /* Saint-Jean-sur-Richelieu and the villages around it. */
  ASSERT_NONE ("SELECT count(*) FROM locations WHERE latitude NOT BETWEEN 45.20 AND 45.42 "
               "OR longitude NOT BETWEEN -73.40 AND -73.10");
  ASSERT_NONE ("SELECT count(*) FROM technicians WHERE home_latitude NOT BETWEEN 45.20 AND 45.42 "
               "OR home_longitude NOT BETWEEN -73.40 AND -73.10");
  ASSERT_NONE ("SELECT count(*) FROM locations WHERE province != 'QC' OR postal_code NOT GLOB '[A-Z][0-9][A-Z] [0-9][A-Z][0-9]'");
}

static void
test_today (void)
{
  const char *statuses[] = { "Unassigned", "Scheduled", "En Route", "On Site", "Completed", "Cancelled", "On Hold" };

  g_assert_cmpint (scalar ("SELECT count(*) FROM jobs WHERE scheduled_date = '2026-11-22'"), >=, 45);
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM jobs WHERE scheduled_date = '2026-11-22' "
                                              "AND status = '%s'", statuses[i]);

      if (scalar (sql) == 0)
        g_error ("no job today is %s", statuses[i]);
    }
  ASSERT_NONE ("SELECT count(*) FROM jobs WHERE status = 'Unassigned' AND technician != ''");
  ASSERT_NONE ("SELECT count(*) FROM jobs WHERE status IN ('Scheduled','En Route','On Site','Completed') AND technician = ''");
  g_assert_cmpint (scalar ("SELECT count(*) FROM invoices WHERE outstanding_amount > 0 AND due_date < '2026-11-22'"), >, 0);
}

static void
test_real_devices (void)
{
  /* Device-managed units map to the two real CPE data models. */
  g_assert_cmpint (scalar ("SELECT count(*) FROM equipment WHERE customer = 'C0001' "
                           "AND device_id = '1C61B4-XX230v-22275A7000395' AND serial = '22275A7000395'"), ==, 1);
  ASSERT_NONE ("SELECT count(*) FROM equipment WHERE device_id != '' AND device_id NOT GLOB '1C61B4-XX230v-*' "
               "AND device_id NOT GLOB '202BC1-BM632w-*'");
  g_assert_cmpint (scalar ("SELECT count(*) FROM equipment WHERE device_id GLOB '202BC1-BM632w-*'"), >, 0);
}

static void
test_refresh_moves_dates (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open (store_path, &error);
  gint64 today_before = scalar ("SELECT count(*) FROM jobs WHERE scheduled_date = '2026-11-22'");
  gint64 messages_before = scalar ("SELECT count(*) FROM messages WHERE sent_at LIKE '2026-11-22 %'");
  GDate tomorrow;

  g_assert_no_error (error);
  g_assert_true (ops_demo_is_demo_store (store));

  g_date_clear (&tomorrow, 1);
  g_date_set_dmy (&tomorrow, 23, G_DATE_NOVEMBER, 2026);
  g_assert_true (ops_demo_ensure (store, &tomorrow, &error));
  g_assert_no_error (error);

  g_assert_cmpint (scalar ("SELECT count(*) FROM jobs WHERE scheduled_date = '2026-11-23'"), ==, today_before);
  g_assert_cmpint (scalar ("SELECT count(*) FROM messages WHERE sent_at LIKE '2026-11-23 %'"), ==, messages_before);

  /* Opening it again the same day changes nothing, and does not reseed. */
  g_assert_true (ops_demo_ensure (store, &tomorrow, &error));
  g_assert_cmpint (scalar ("SELECT count(*) FROM jobs WHERE scheduled_date = '2026-11-23'"), ==, today_before);
  g_assert_cmpint (scalar ("SELECT count(*) FROM customers"), ==, scalar ("SELECT count(DISTINCT name) FROM customers"));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  OpsStore *store;
  GDate today;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("test-demo-XXXXXX", &error);
  g_assert_no_error (error);
  store_path = g_build_filename (dir, "demo.sqlite", NULL);
  store = ops_store_open (store_path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, G_DATE_NOVEMBER, 2026);
  g_assert_true (ops_demo_seed (store, &today, &error));
  g_assert_no_error (error);
  g_object_unref (store);

  g_assert_cmpint (sqlite3_open_v2 (store_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);

  g_test_add_func ("/demo/counts", test_counts);
  g_test_add_func ("/demo/references", test_references);
  g_test_add_func ("/demo/service-area", test_service_area);
  g_test_add_func ("/demo/today", test_today);
  g_test_add_func ("/demo/real-devices", test_real_devices);
  g_test_add_func ("/demo/refresh-moves-dates", test_refresh_moves_dates);

  status = g_test_run ();

  sqlite3_close (db);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (store_path, suffixes[i], NULL);
        remove (file);
      }
    remove (dir);
  }
  g_free (store_path);
  return status;
}
