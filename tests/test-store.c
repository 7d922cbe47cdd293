/* test-store.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-store"

#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "ops-store.h"

static char *
temp_store_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "store", "test.sqlite", NULL);
}

static JsonObject *
record (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
upsert (OpsStore   *store,
        const char *table,
        const char *json)
{
  g_autoptr(JsonObject) object = record (json);
  g_autoptr(GError) error = NULL;

  ops_store_upsert (store, table, object, &error);
  g_assert_no_error (error);
}

static guint
search_count (OpsStore   *store,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = ops_store_search_customers (store, text, 50, NULL, &error);

  g_assert_no_error (error);
  return hits->len;
}

static void
test_migrate_old_schema (void)
{
  g_autofree char *path = temp_store_path ();
  g_autoptr(GError) error = NULL;
  OpsStore *store;

  /* A store written by a release that had only the first schema. */
  store = ops_store_open_at_version (path, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops_store_get_schema_version (store), ==, 1);
  upsert (store, "customers", "{\"name\":\"C0042\",\"customer_name\":\"Josée Lévesque\",\"status\":\"active\"}");
  upsert (store, "contacts", "{\"name\":\"CONT-1\",\"customer\":\"C0042\",\"phone\":\"450-347-2281\",\"is_primary\":true}");
  g_object_unref (store);

  /* Opening it with this build migrates it and indexes what was there. */
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ops_store_get_schema_version (store), ==, OPS_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (search_count (store, "levesque"), ==, 1);
  g_assert_cmpuint (search_count (store, "(450) 347-22"), ==, 1);

  {
    OpsStoreCounts counts = { 0 };

    g_assert_true (ops_store_get_counts (store, &counts, &error));
    g_assert_cmpint (counts.customers, ==, 1);
    g_assert_cmpint (counts.outbox_pending, ==, 0);
  }
  g_object_unref (store);
}

static void
test_schema_too_new (void)
{
  g_autofree char *path = temp_store_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = NULL;
  sqlite3 *db = NULL;

  g_clear_object (&store);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = ops_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_SCHEMA_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer"));
}

static void
test_upsert_partial (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "partial.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open (path, &error);
  g_autoptr(OpsCustomerDetail) detail = NULL;

  g_assert_no_error (error);
  upsert (store, "customers",
          "{\"name\":\"C1\",\"customer_name\":\"Hélène Côté\",\"status\":\"active\",\"notes\":\"Chien\","
          "\"flags\":[\"vip\",\"payment_issue\"],\"unknown_field\":42}");
  /* An update carrying only some fields keeps the others. */
  upsert (store, "customers", "{\"name\":\"C1\",\"status\":\"suspended\"}");

  detail = ops_store_get_customer_detail (store, "C1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detail->customer->customer_name, ==, "Hélène Côté");
  g_assert_cmpstr (detail->customer->status, ==, "suspended");
  g_assert_cmpstr (detail->customer->notes, ==, "Chien");
  g_assert_cmpuint (g_strv_length (detail->customer->flags), ==, 2);
  g_assert_cmpstr (detail->customer->flags[1], ==, "payment_issue");
  g_assert_cmpuint (detail->contacts->len, ==, 0);

  g_assert_null (ops_store_get_customer_detail (store, "C404", &error));
  g_assert_no_error (error);
}

static void
test_upsert_refuses_bad_records (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "bad.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open (path, &error);
  g_autoptr(JsonObject) nameless = record ("{\"customer_name\":\"X\"}");
  g_autoptr(JsonObject) fine = record ("{\"name\":\"X\",\"customer_name\":\"X\"}");

  g_assert_false (ops_store_upsert (store, "customers", nameless, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);

  g_assert_false (ops_store_upsert (store, "customers; DROP TABLE customers", fine, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);

  g_assert_false (ops_store_upsert (store, "outbox", fine, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
}

static void
test_reindex_and_delete (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "index.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open (path, &error);

  upsert (store, "customers", "{\"name\":\"C7\",\"customer_name\":\"Réjean Poulin\"}");
  g_assert_true (ops_store_reindex_customer (store, "C7", &error));
  g_assert_cmpuint (search_count (store, "poulin"), ==, 1);
  g_assert_cmpuint (search_count (store, "8KA8WA"), ==, 0);

  /* New equipment is found once the customer's row is reindexed. */
  upsert (store, "equipment",
          "{\"name\":\"EQP-9\",\"customer\":\"C7\",\"serial\":\"8KA8WA1151100043\",\"mac\":\"20:2B:C1:E0:06:66\"}");
  g_assert_true (ops_store_reindex_customer (store, "C7", &error));
  g_assert_cmpuint (search_count (store, "8KA8WA"), ==, 1);
  g_assert_cmpuint (search_count (store, "20-2b-c1-e0"), ==, 1);

  g_assert_true (ops_store_delete (store, "customers", "C7", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (search_count (store, "poulin"), ==, 0);
}

static void
test_meta (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "meta.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open (path, &error);
  g_autofree char *value = NULL;
  g_autofree char *missing = NULL;

  g_assert_true (ops_store_set_meta (store, "watermark:Customer", "2026-11-22 10:00:00", &error));
  g_assert_true (ops_store_set_meta (store, "watermark:Customer", "2026-11-22 11:00:00", &error));
  value = ops_store_get_meta (store, "watermark:Customer");
  missing = ops_store_get_meta (store, "nothing");
  g_assert_cmpstr (value, ==, "2026-11-22 11:00:00");
  g_assert_null (missing);
}

static void
test_unwritable_folder (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open ("/proc/ops-cannot-exist/store.sqlite", &error);

  g_assert_null (store);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_OPEN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store/migrate-old-schema", test_migrate_old_schema);
  g_test_add_func ("/store/schema-too-new", test_schema_too_new);
  g_test_add_func ("/store/upsert-partial", test_upsert_partial);
  g_test_add_func ("/store/upsert-refuses-bad-records", test_upsert_refuses_bad_records);
  g_test_add_func ("/store/reindex-and-delete", test_reindex_and_delete);
  g_test_add_func ("/store/meta", test_meta);
  g_test_add_func ("/store/unwritable-folder", test_unwritable_folder);

  return g_test_run ();
}
