/* test-sync.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpsSync against the fake Frappe server.
 */

#define G_LOG_DOMAIN "test-sync"

#include "config.h"

#include <string.h>

#include "ops-edits.h"
#include "ops-fake-frappe.h"
#include "ops-outbox.h"
#include "ops-store.h"
#include "ops-conversation.h"
#include "ops-outbox.h"
#include "ops-sync.h"

typedef struct
{
  OpsFakeFrappe    *fake;
  OpsErpnextClient *client;
  OpsStore         *store;
  char             *path;
} Fixture;

static JsonObject *
object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
put (OpsFakeFrappe *fake,
     const char    *doctype,
     const char    *format,
     ...) G_GNUC_PRINTF (3, 4);

static void
put (OpsFakeFrappe *fake,
     const char    *doctype,
     const char    *format,
     ...)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonObject) doc = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  doc = object (json);
  ops_fake_frappe_put_doc (fake, doctype, doc);
}

static void
add_customers (OpsFakeFrappe *fake,
               guint          first,
               guint          count)
{
  for (guint i = first; i < first + count; i++)
    {
      put (fake, "Customer", "{\"name\":\"CUST-%05u\",\"customer_name\":\"Client %u\",\"customer_type\":\"Individual\","
           "\"custom_flags\":\"\",\"customer_details\":\"\",\"disabled\":0}", i, i);
      put (fake, "Service Location", "{\"name\":\"LOC-%05u\",\"customer\":\"CUST-%05u\",\"address_line\":\"%u rue Principale\","
           "\"city\":\"Saint-Jean-sur-Richelieu\",\"postal_code\":\"J3B 1A1\",\"status\":\"active\"}", i, i, i);
    }
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  OpsRetryPolicy quick = { 3, 5, 50 };

  fixture->fake = ops_fake_frappe_new ("key", "secret");
  ops_fake_frappe_set_child_doctype (fixture->fake, "Contact", "links", "Dynamic Link");
  fixture->client = ops_erpnext_client_new (ops_fake_frappe_get_url (fixture->fake), "key", "secret", NULL, &error);
  g_assert_no_error (error);
  ops_erpnext_client_set_retry (fixture->client, &quick);
  fixture->path = g_build_filename (g_get_user_data_dir (), "live.sqlite", NULL);
  fixture->store = ops_store_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, ops_fake_frappe_free);
  g_free (fixture->path);
}

static guint64
run_sync (Fixture       *fixture,
          guint          page_size,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(OpsSync) sync = ops_sync_new (fixture->client, fixture->path, NULL);
  guint64 rows = 0;

  ops_sync_set_page_size (sync, page_size);
  ops_sync_run (sync, NULL, NULL, &rows, cancellable, error);
  return rows;
}

static gint64
count_rows (OpsStore   *store,
            const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = ops_store_list_names (store, table, &error);

  g_assert_no_error (error);
  return names->len;
}

static guint
count_requests (OpsFakeFrappe *fake,
                const char    *prefix)
{
  g_auto(GStrv) requests = ops_fake_frappe_dup_requests (fake);
  guint n = 0;

  for (guint i = 0; requests[i] != NULL; i++)
    if (g_str_has_prefix (requests[i], prefix))
      n++;
  return n;
}

static void
test_first_sync_pages_to_completion (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  guint64 rows;

  add_customers (fixture->fake, 1, 250);
  put (fixture->fake, "Contact", "{\"name\":\"Marie Beaulé\",\"first_name\":\"Marie\",\"last_name\":\"Beaulé\","
       "\"phone\":\"514-555-0142\",\"email_id\":\"marie@example.com\",\"is_primary_contact\":1,"
       "\"links\":[{\"link_doctype\":\"Customer\",\"link_name\":\"CUST-00007\"}]}");
  put (fixture->fake, "Contact", "{\"name\":\"Supplier person\",\"first_name\":\"S\","
       "\"links\":[{\"link_doctype\":\"Supplier\",\"link_name\":\"SUP-1\"}]}");
  put (fixture->fake, "Sales Invoice", "{\"name\":\"SINV-1\",\"customer\":\"CUST-00007\",\"docstatus\":1,"
       "\"grand_total\":95.0,\"outstanding_amount\":95.0,\"posting_date\":\"2026-11-01\",\"due_date\":\"2026-11-15\"}");
  put (fixture->fake, "Sales Invoice", "{\"name\":\"SINV-2\",\"customer\":\"CUST-00007\",\"docstatus\":0,"
       "\"grand_total\":1.0,\"outstanding_amount\":1.0}");

  rows = run_sync (fixture, 100, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows, >=, 503);

  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 250);
  g_assert_cmpint (count_rows (fixture->store, "locations"), ==, 250);
  g_assert_cmpint (count_rows (fixture->store, "contacts"), ==, 1);
  g_assert_cmpint (count_rows (fixture->store, "invoices"), ==, 1);
  /* 250 rows in pages of 100: three pages per table, never fewer. */
  g_assert_cmpuint (count_requests (fixture->fake, "GET /api/resource/Customer?"), >=, 3);

  detail = ops_store_get_customer_detail (fixture->store, "CUST-00007", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detail->customer->customer_name, ==, "Client 7");
  g_assert_cmpuint (detail->contacts->len, ==, 1);
  g_assert_cmpuint (detail->invoices->len, ==, 1);

  /* The search index was rebuilt: phone, name and address are found. */
  hits = ops_store_search_customers (fixture->store, "514 555 0142", 10, NULL, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = ops_store_search_customers (fixture->store, "Client 249", 10, NULL, NULL);
  g_assert_cmpuint (hits->len, >=, 1);
}

static void
test_incremental_fetches_only_modified (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_auto(GStrv) requests = NULL;
  guint64 rows;

  add_customers (fixture->fake, 1, 120);
  run_sync (fixture, 50, NULL, &error);
  g_assert_no_error (error);

  /* Nothing changed: nothing is fetched again. */
  ops_fake_frappe_clear_requests (fixture->fake);
  rows = run_sync (fixture, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 0);

  put (fixture->fake, "Customer", "{\"name\":\"CUST-00003\",\"customer_name\":\"Renamed Three\",\"disabled\":0}");
  put (fixture->fake, "Customer", "{\"name\":\"CUST-00200\",\"customer_name\":\"New Two Hundred\",\"disabled\":0}");
  ops_fake_frappe_clear_requests (fixture->fake);

  rows = run_sync (fixture, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 2);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 121);

  /* The requests asked for rows modified after the cursor. */
  requests = ops_fake_frappe_dup_requests (fixture->fake);
  for (guint i = 0; requests[i] != NULL; i++)
    if (g_str_has_prefix (requests[i], "GET /api/resource/Customer?"))
      g_assert_nonnull (strstr (requests[i], "modified"));

  detail = ops_store_get_customer_detail (fixture->store, "CUST-00003", NULL);
  g_assert_cmpstr (detail->customer->customer_name, ==, "Renamed Three");
  hits = ops_store_search_customers (fixture->store, "renamed", 10, NULL, NULL);
  g_assert_cmpuint (hits->len, ==, 1);
}

static void
test_bulk_import_ties (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  /* A data import stamps every row with the same "modified": pages of 10
   * must still walk through all 35 of them, then past them. */
  for (guint i = 1; i <= 35; i++)
    put (fixture->fake, "Customer", "{\"name\":\"IMP-%03u\",\"customer_name\":\"Imported %u\","
         "\"modified\":\"2026-01-01 00:00:00.000000\"}", i, i);
  put (fixture->fake, "Customer", "{\"name\":\"AAA-LATER\",\"customer_name\":\"Later\","
       "\"modified\":\"2026-01-02 00:00:00.000000\"}");

  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 36);

  /* And a later import with the same stamp as the cursor is not missed. */
  put (fixture->fake, "Customer", "{\"name\":\"ZZZ-SAME\",\"customer_name\":\"Same stamp\","
       "\"modified\":\"2026-01-02 00:00:00.000000\"}");
  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 37);
}

static void
test_deletions_propagate (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  add_customers (fixture->fake, 1, 30);
  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 30);

  g_assert_true (ops_fake_frappe_delete_doc (fixture->fake, "Service Location", "LOC-00004"));
  g_assert_true (ops_fake_frappe_delete_doc (fixture->fake, "Customer", "CUST-00004"));
  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 29);
  g_assert_cmpint (count_rows (fixture->store, "locations"), ==, 29);
  g_assert_null (ops_store_get_customer_detail (fixture->store, "CUST-00004", NULL));

  /* An API user that may not read the Deleted Document log: names are
   * compared instead. */
  ops_fake_frappe_forbid_doctype (fixture->fake, "Deleted Document");
  g_assert_true (ops_fake_frappe_delete_doc (fixture->fake, "Customer", "CUST-00005"));
  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 28);
}

typedef struct
{
  GCancellable *cancellable;
  guint         calls;
} CancelAfter;

static void
cancel_after_first_page (const char *doctype,
                         guint       done,
                         guint       total,
                         gpointer    user_data)
{
  CancelAfter *cancel = user_data;

  if (done > 0 && ++cancel->calls == 1)
    g_cancellable_cancel (cancel->cancellable);
}

static void
test_interrupted_sync_resumes (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OpsSync) sync = ops_sync_new (fixture->client, fixture->path, NULL);
  CancelAfter cancel = { cancellable, 0 };
  g_auto(OpsSyncCursor) cursor = { 0 };
  guint64 rows = 0;

  add_customers (fixture->fake, 1, 100);
  ops_sync_set_page_size (sync, 40);
  g_assert_false (ops_sync_run (sync, cancel_after_first_page, &cancel, &rows, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The first page and its cursor landed together. */
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 40);
  g_assert_true (ops_store_get_sync_cursor (fixture->store, "Customer", &cursor, NULL));
  g_assert_cmpstr (cursor.last_name, ==, "CUST-00040");
  g_assert_false (cursor.complete);

  /* The next run starts after it. */
  ops_fake_frappe_clear_requests (fixture->fake);
  g_assert_true (ops_sync_run (sync, NULL, NULL, &rows, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 100);
  g_assert_cmpuint (rows, ==, 60 + 100);   /* 60 customers left, 100 locations */
}

static void
cancel_in_subscriptions (const char *doctype,
                     guint       done,
                     guint       total,
                     gpointer    user_data)
{
  if (g_str_equal (doctype, "Service Subscription") && done > 0)
    g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
test_interrupted_first_sync_is_searchable (Fixture       *fixture,
                                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OpsSync) sync = ops_sync_new (fixture->client, fixture->path, NULL);
  g_autoptr(GPtrArray) hits = NULL;

  /* Stopped after every searchable doctype was complete, before the end
   * of the run. */
  add_customers (fixture->fake, 1, 30);
  for (guint i = 1; i <= 25; i++)
    put (fixture->fake, "Service Subscription", "{\"name\":\"SUB-%03u\",\"customer\":\"CUST-%05u\","
         "\"plan\":\"Fibre 1000\",\"price\":95.0,\"status\":\"active\"}", i, i);
  ops_sync_set_page_size (sync, 10);
  g_assert_false (ops_sync_run (sync, cancel_in_subscriptions, cancellable, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  g_assert_true (ops_sync_run (sync, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  /* Customers of the first, interrupted run are in the search index. */
  hits = ops_store_search_customers (fixture->store, "Client 17", 10, NULL, NULL);
  g_assert_cmpuint (hits->len, >=, 1);
}

static void
test_pending_local_change_wins (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsCustomerDetail) detail = NULL;

  add_customers (fixture->fake, 1, 5);
  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (ops_edit_customer (fixture->store, "CUST-00002", "Gate code 1234", NULL, TRUE, &error));
  put (fixture->fake, "Customer", "{\"name\":\"CUST-00002\",\"customer_name\":\"Client 2\",\"customer_details\":\"old\"}");
  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);

  detail = ops_store_get_customer_detail (fixture->store, "CUST-00002", NULL);
  g_assert_cmpstr (detail->customer->notes, ==, "Gate code 1234");
}

/* An SMS this console queued comes back from ERPNext as the Communication
 * the hub logged (message_id = the send's idempotency key): it replaces
 * the queued message, keeping the delivery status followed live, instead
 * of showing the SMS twice. */
static void
test_sent_sms_is_not_doubled (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) thread = NULL;
  g_autofree char *name = NULL;
  OpsConversationItem *item;

  add_customers (fixture->fake, 1, 1);
  name = ops_store_queue_sms (fixture->store, "CUST-00001", NULL, "+14505550142", "Bonjour", "Julie", &error);
  g_assert_no_error (error);
  entry = ops_outbox_next_for_doctype (fixture->store, OPS_SMS_DOCTYPE, &error);
  g_assert_nonnull (entry);
  g_assert_true (ops_outbox_mark_done (fixture->store, entry->id, &error));
  g_assert_true (ops_store_set_sms_status (fixture->store, name, "delivered", "SM123", 0, &error));
  g_assert_no_error (error);

  put (fixture->fake, "Communication", "{\"name\":\"COMM-77\",\"communication_type\":\"Communication\","
       "\"communication_medium\":\"SMS\",\"sent_or_received\":\"Sent\",\"sender\":\"Julie\","
       "\"content\":\"Bonjour\",\"communication_date\":\"2026-11-22 10:00:00\",\"delivery_status\":\"\","
       "\"reference_doctype\":\"Customer\",\"reference_name\":\"CUST-00001\",\"message_id\":\"%s\"}",
       entry->idempotency_key);
  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);

  thread = ops_store_get_conversation (fixture->store, "CUST-00001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (thread->len, ==, 1);
  item = thread->pdata[0];
  g_assert_cmpstr (item->name, ==, "COMM-77");
  g_assert_cmpstr (item->delivery_status, ==, "delivered");
}

static void
test_wrong_key_and_down (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsErpnextClient) wrong = NULL;
  g_autoptr(OpsSync) sync = NULL;
  const GError *first;

  add_customers (fixture->fake, 1, 3);
  wrong = ops_erpnext_client_new (ops_fake_frappe_get_url (fixture->fake), "key", "nope", NULL, &error);
  g_assert_no_error (error);
  sync = ops_sync_new (wrong, fixture->path, NULL);
  g_assert_false (ops_sync_run (sync, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, OPS_SYNC_ERROR, OPS_SYNC_ERROR_PARTIAL);
  first = ops_sync_get_first_error (sync);
  g_assert_error (first, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_UNAUTHORIZED);
  g_assert_nonnull (strstr (error->message, "Check your API key"));
  /* One refusal is enough: the other doctypes are not hammered. */
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), <=, 3);
  g_clear_error (&error);

  ops_fake_frappe_set_down (fixture->fake, TRUE);
  run_sync (fixture, 10, NULL, &error);
  g_assert_error (error, OPS_SYNC_ERROR, OPS_SYNC_ERROR_PARTIAL);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 0);
  g_clear_error (&error);

  ops_fake_frappe_set_down (fixture->fake, FALSE);
  run_sync (fixture, 10, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (fixture->store, "customers"), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sync/first-sync-pages-to-completion", test_first_sync_pages_to_completion);
  ADD ("/sync/incremental-fetches-only-modified", test_incremental_fetches_only_modified);
  ADD ("/sync/bulk-import-ties", test_bulk_import_ties);
  ADD ("/sync/deletions-propagate", test_deletions_propagate);
  ADD ("/sync/interrupted-sync-resumes", test_interrupted_sync_resumes);
  ADD ("/sync/interrupted-first-sync-is-searchable", test_interrupted_first_sync_is_searchable);
  ADD ("/sync/pending-local-change-wins", test_pending_local_change_wins);
  ADD ("/sync/sent-sms-is-not-doubled", test_sent_sms_is_not_doubled);
  ADD ("/sync/wrong-key-and-down", test_wrong_key_and_down);
#undef ADD

  return g_test_run ();
}
