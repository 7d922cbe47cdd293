/* test-store-messages.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the SMS webhooks ask of the store: who a number belongs to, the
 * ticket a message joins, and delivery statuses kept at their most final.
 */

#define G_LOG_DOMAIN "test-store-messages"

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "ops-store-messages.h"

static OpsStore *
open_store (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "store", NULL);
  g_autofree char *path = g_build_filename (dir, "messages.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  OpsStore *store;

  g_mkdir_with_parents (dir, 0700);
  g_unlink (path);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

static void
upsert (OpsStore   *store,
        const char *table,
        const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  g_assert_true (ops_store_upsert (store, table, json_node_get_object (node), &error));
  g_assert_no_error (error);
}

static void
seed (OpsStore *store)
{
  g_autoptr(GError) error = NULL;

  upsert (store, "customers", "{\"name\": \"C1\", \"customer_name\": \"Marie\"}");
  upsert (store, "customers", "{\"name\": \"C2\", \"customer_name\": \"Luc\"}");
  upsert (store, "customers", "{\"name\": \"C3\", \"customer_name\": \"Paris\"}");
  /* Formats people type; C2 has the number as a secondary contact's mobile. */
  upsert (store, "contacts", "{\"name\": \"K1\", \"customer\": \"C1\", \"phone\": \"(450) 555-0142\", \"is_primary\": 1}");
  upsert (store, "contacts", "{\"name\": \"K2\", \"customer\": \"C2\", \"phone\": \"514.555.0100\","
                             " \"mobile\": \"1-450-555-0199\", \"is_primary\": 0}");
  upsert (store, "contacts", "{\"name\": \"K3\", \"customer\": \"C3\", \"mobile\": \"+33 1 23 45 67 89\"}");
  upsert (store, "tickets", "{\"name\": \"T-old\", \"customer\": \"C1\", \"status\": \"Open\","
                            " \"opening_date\": \"2026-01-02\"}");
  upsert (store, "tickets", "{\"name\": \"T-new\", \"customer\": \"C1\", \"status\": \"Replied\","
                            " \"opening_date\": \"2026-02-10\"}");
  upsert (store, "tickets", "{\"name\": \"T-closed\", \"customer\": \"C1\", \"status\": \"Closed\","
                            " \"opening_date\": \"2026-03-01\"}");
  upsert (store, "tickets", "{\"name\": \"T-2\", \"customer\": \"C2\", \"status\": \"Resolved\","
                            " \"opening_date\": \"2026-03-01\"}");
  g_assert_true (ops_store_reindex_customers (store, &error));
  g_assert_no_error (error);
}

static void
test_status_rank (void)
{
  g_assert_cmpint (ops_message_status_rank ("queued"), <, ops_message_status_rank ("sending"));
  g_assert_cmpint (ops_message_status_rank ("sending"), <, ops_message_status_rank ("sent"));
  g_assert_cmpint (ops_message_status_rank ("sent"), <, ops_message_status_rank ("delivered"));
  g_assert_cmpint (ops_message_status_rank ("delivered"), ==, ops_message_status_rank ("undelivered"));
  g_assert_cmpint (ops_message_status_rank ("failed"), ==, ops_message_status_rank ("delivered"));
  g_assert_cmpint (ops_message_status_rank ("accepted"), ==, ops_message_status_rank ("queued"));
  g_assert_cmpint (ops_message_status_rank ("read"), >, ops_message_status_rank ("delivered"));
  g_assert_cmpint (ops_message_status_rank ("simulated"), ==, 0);
  g_assert_cmpint (ops_message_status_rank (NULL), ==, 0);
}

static void
assert_customer (OpsStore   *store,
                 const char *phone,
                 const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = ops_store_find_customer_by_phone (store, phone, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (customer, ==, expected);
}

static void
test_find_by_phone (void)
{
  g_autoptr(OpsStore) store = open_store ();

  seed (store);
  assert_customer (store, "+14505550142", "C1");
  assert_customer (store, "450 555 0142", "C1");
  assert_customer (store, "+14505550199", "C2");
  assert_customer (store, "+15145550100", "C2");
  assert_customer (store, "+33123456789", "C3");
  /* A prefix of a number is not the number. */
  assert_customer (store, "+1450555014", NULL);
  assert_customer (store, "+14505550143", NULL);
  assert_customer (store, "not a number", NULL);
  assert_customer (store, NULL, NULL);

  g_assert_true (ops_store_has_customer (store, "C1"));
  g_assert_false (ops_store_has_customer (store, "C9"));
}

static void
test_open_ticket (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *newest = NULL;
  g_autofree char *none = NULL;

  seed (store);
  newest = ops_store_find_open_ticket (store, "C1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (newest, ==, "T-new");
  none = ops_store_find_open_ticket (store, "C2", &error);
  g_assert_no_error (error);
  g_assert_null (none);
}

static char *
status_of (OpsStore   *store,
           const char *sid)
{
  g_autoptr(GError) error = NULL;
  char *status = NULL;

  g_assert_true (ops_store_find_message_by_provider_id (store, sid, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  return status;
}

static void
update (OpsStore   *store,
        const char *sid,
        const char *status,
        int         error_code,
        gboolean    expect_changed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *customer = NULL;
  gboolean found = FALSE, changed = FALSE;

  g_assert_true (ops_store_update_message_status (store, sid, status, error_code, &found, &changed, &name,
                                                  &customer, &error));
  g_assert_no_error (error);
  g_assert_true (found);
  g_assert_cmpint (changed, ==, expect_changed);
  g_assert_cmpstr (name, ==, "SMS-SMabc");
  g_assert_cmpstr (customer, ==, "C1");
}

static void
test_status_updates (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  gboolean found = TRUE, changed = TRUE;

  seed (store);
  upsert (store, "messages", "{\"name\": \"SMS-SMabc\", \"customer\": \"C1\", \"medium\": \"SMS\", \"direction\":"
                             " \"Sent\", \"delivery_status\": \"queued\", \"provider_id\": \"SMabc\"}");

  update (store, "SMabc", "sent", 0, TRUE);
  update (store, "SMabc", "delivered", 0, TRUE);
  /* Late and out of order: kept as delivered. */
  update (store, "SMabc", "sent", 0, FALSE);
  update (store, "SMabc", "queued", 0, FALSE);
  update (store, "SMabc", "failed", 30003, FALSE);
  status = status_of (store, "SMabc");
  g_assert_cmpstr (status, ==, "delivered");
  g_clear_pointer (&status, g_free);
  update (store, "SMabc", "read", 0, TRUE);
  status = status_of (store, "SMabc");
  g_assert_cmpstr (status, ==, "read");

  g_assert_true (ops_store_update_message_status (store, "SMnope", "sent", 0, &found, &changed, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (found);
  g_assert_false (changed);
  g_assert_false (ops_store_find_message_by_provider_id (store, "SMnope", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_failure_code (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;
  g_autofree char *path = g_strdup (ops_store_get_path (store));

  upsert (store, "messages", "{\"name\": \"SMS-SMabc\", \"customer\": \"C1\", \"delivery_status\": \"sent\","
                             " \"provider_id\": \"SMabc\"}");
  update (store, "SMabc", "undelivered", 30003, TRUE);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT delivery_status, error_code FROM messages WHERE name = 'SMS-SMabc'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "undelivered");
  g_assert_cmpint (sqlite3_column_int (stmt, 1), ==, 30003);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/store-messages/status-rank", test_status_rank);
  g_test_add_func ("/store-messages/find-by-phone", test_find_by_phone);
  g_test_add_func ("/store-messages/open-ticket", test_open_ticket);
  g_test_add_func ("/store-messages/status-updates", test_status_updates);
  g_test_add_func ("/store-messages/failure-code", test_failure_code);

  return g_test_run ();
}
