/* test-outbox-worker.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delivering the outbox to the fake Frappe server: order, refusals,
 * ERPNext down, and exactly once across a crash.
 */

#define G_LOG_DOMAIN "test-outbox-worker"

#include "config.h"

#include <string.h>

#include "ops-edits.h"
#include "ops-fake-frappe.h"
#include "ops-outbox-worker.h"
#include "ops-store-tickets.h"
#include "ops-store.h"
#include "ops-store-messages.h"

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
     const char    *json)
{
  g_autoptr(JsonObject) doc = object (json);

  ops_fake_frappe_put_doc (fake, doctype, doc);
}

static void
upsert (OpsStore   *store,
        const char *table,
        const char *json)
{
  g_autoptr(JsonObject) record = object (json);

  g_assert_true (ops_store_upsert (store, table, record, NULL));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  OpsRetryPolicy once = { 1, 5, 50 };

  fixture->fake = ops_fake_frappe_new ("key", "secret");
  ops_fake_frappe_set_child_doctype (fixture->fake, "Contact", "links", "Dynamic Link");
  ops_fake_frappe_set_child_doctype (fixture->fake, "Contact", "phone_nos", "Contact Phone");
  ops_fake_frappe_set_child_doctype (fixture->fake, "Contact", "email_ids", "Contact Email");
  fixture->client = ops_erpnext_client_new (ops_fake_frappe_get_url (fixture->fake), "key", "secret", NULL, &error);
  g_assert_no_error (error);
  ops_erpnext_client_set_retry (fixture->client, &once);
  fixture->path = g_build_filename (g_get_user_data_dir (), "live.sqlite", NULL);
  fixture->store = ops_store_open (fixture->path, &error);
  g_assert_no_error (error);

  put (fixture->fake, "Customer", "{\"name\":\"C1\",\"customer_name\":\"Marie\",\"customer_details\":\"\"}");
  upsert (fixture->store, "customers", "{\"name\":\"C1\",\"customer_name\":\"Marie\",\"notes\":\"\",\"flags\":[]}");
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

static OpsOutboxWorker *
new_worker (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  OpsOutboxWorker *worker = ops_outbox_worker_new (fixture->client, fixture->path, NULL, &error);

  g_assert_no_error (error);
  return worker;
}

static const char *
remote_string (Fixture    *fixture,
               const char *doctype,
               const char *name,
               const char *member)
{
  static char buffer[256];
  g_autoptr(JsonObject) doc = ops_fake_frappe_dup_doc (fixture->fake, doctype, name);

  g_assert_nonnull (doc);
  g_strlcpy (buffer, json_object_get_string_member_with_default (doc, member, ""), sizeof buffer);
  return buffer;
}

static void
test_delivers_in_order (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(GError) error = NULL;
  const char *flags[] = { "vip", NULL };

  g_assert_true (ops_edit_customer (fixture->store, "C1", "first", NULL, TRUE, NULL));
  g_assert_true (ops_edit_customer (fixture->store, "C1", "second", flags, TRUE, NULL));

  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_no_error (error);
  g_assert_cmpstr (remote_string (fixture, "Customer", "C1", "customer_details"), ==, "first");
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_cmpstr (remote_string (fixture, "Customer", "C1", "customer_details"), ==, "second");
  g_assert_cmpstr (remote_string (fixture, "Customer", "C1", "custom_flags"), ==, "vip");
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_IDLE);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_DONE), ==, 2);
}

static void
test_refusal_is_readable_and_stops_the_document (Fixture       *fixture,
                                                 gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(JsonObject) fixed = object ("{\"customer_details\":\"fixed\",\"custom_flags\":\"\"}");
  OpsOutboxEntry *failed;

  ops_fake_frappe_refuse_value (fixture->fake, "Customer", "customer_details", "bad",
                                "Notes may not say <b>bad</b>: please rephrase.");
  g_assert_true (ops_edit_customer (fixture->store, "C1", "bad", NULL, TRUE, NULL));
  g_assert_true (ops_edit_customer (fixture->store, "C1", "after", NULL, TRUE, NULL));

  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_REFUSED);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_VALIDATION);
  g_clear_error (&error);

  rows = ops_outbox_list (fixture->store, "Customer", "C1", NULL);
  g_assert_cmpuint (rows->len, ==, 2);
  failed = rows->pdata[0];
  g_assert_cmpint (failed->state, ==, OPS_OUTBOX_FAILED);
  /* The sentence ERPNext wrote, without HTML or JSON around it. */
  g_assert_cmpstr (failed->last_error, ==, "Notes may not say bad: please rephrase.");

  /* The later change of the same document waits behind it. */
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_IDLE);
  g_assert_cmpstr (remote_string (fixture, "Customer", "C1", "customer_details"), ==, "");

  /* Edited by a person, it goes through, then the next one. */
  g_assert_true (ops_outbox_set_payload (fixture->store, failed->id, fixed, NULL));
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_cmpstr (remote_string (fixture, "Customer", "C1", "customer_details"), ==, "fixed");
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_cmpstr (remote_string (fixture, "Customer", "C1", "customer_details"), ==, "after");
}

static void
test_down_keeps_writes_queued (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(GError) error = NULL;

  put (fixture->fake, "Customer", "{\"name\":\"C2\",\"customer_name\":\"Luc\"}");
  upsert (fixture->store, "customers", "{\"name\":\"C2\",\"customer_name\":\"Luc\"}");

  ops_fake_frappe_set_down (fixture->fake, TRUE);
  g_assert_true (ops_edit_customer (fixture->store, "C1", "one", NULL, TRUE, NULL));
  g_assert_true (ops_edit_customer (fixture->store, "C2", "two", NULL, TRUE, NULL));
  g_assert_true (ops_edit_customer (fixture->store, "C1", "three", NULL, TRUE, NULL));

  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_OFFLINE);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);
  g_clear_error (&error);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_PENDING), ==, 3);

  /* 503 (maintenance) is not a refusal either. */
  ops_fake_frappe_set_down (fixture->fake, FALSE);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_503, NULL, 1, 0);
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_OFFLINE);
  g_clear_error (&error);

  /* Back up: delivered in order, C1's two changes in sequence. */
  ops_fake_frappe_clear_requests (fixture->fake);
  while (ops_outbox_worker_deliver_one (worker, NULL, &error) == OPS_DELIVERY_DELIVERED)
    ;
  g_assert_no_error (error);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_PENDING), ==, 0);
  g_assert_cmpstr (remote_string (fixture, "Customer", "C1", "customer_details"), ==, "three");
  g_assert_cmpstr (remote_string (fixture, "Customer", "C2", "customer_details"), ==, "two");
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Customer"), ==, 3);
}

static gint64
queue_insert (Fixture *fixture)
{
  g_autoptr(JsonObject) payload = object ("{\"communication_medium\":\"SMS\",\"sent_or_received\":\"Sent\","
                                          "\"content\":\"Technician on the way\",\"subject\":\"SMS\","
                                          "\"reference_doctype\":\"Customer\",\"reference_name\":\"C1\","
                                          "\"communication_type\":\"Communication\",\"status\":\"Linked\"}");
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (ops_store_begin (fixture->store, NULL));
  upsert (fixture->store, "messages", "{\"name\":\"local-1\",\"customer\":\"C1\",\"content\":\"Technician on the way\","
                                      "\"provider_id\":\"SM123\",\"delivery_status\":\"delivered\"}");
  id = ops_outbox_enqueue (fixture->store, "Communication", "local-1", OPS_OUTBOX_INSERT, payload,
                           "message_id", "SMS to Marie", &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_commit (fixture->store, NULL));
  return id;
}

static void
test_crash_after_apply_no_duplicate (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = NULL;
  gint64 id = queue_insert (fixture);

  ops_fake_frappe_set_naming (fixture->fake, "Communication", "series:COMM-");

  /* ERPNext applies the insert, then the connection drops before the
   * answer: the row stays in doubt. */
  {
    g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);

    ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_DROP_AFTER_WRITE, "/api/resource/Communication", 1, 0);
    g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_OFFLINE);
    g_clear_error (&error);
  }
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Communication"), ==, 1);

  /* As after a crash between "sent" and "acknowledged". */
  g_assert_true (ops_outbox_mark_sending (fixture->store, id, NULL));

  /* A new process: the insert is found by its key, not sent again. */
  {
    g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);

    g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
    g_assert_no_error (error);
  }
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Communication"), ==, 1);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Communication"), ==, 1);

  /* The local row took ERPNext's name, and kept what only it knows. */
  names = ops_store_list_names (fixture->store, "messages", NULL);
  g_assert_cmpuint (names->len, ==, 1);
  g_assert_cmpstr (names->pdata[0], ==, "COMM-00001");
  {
    g_autofree char *name = NULL;
    g_autofree char *status = NULL;

    g_assert_true (ops_store_find_message_by_provider_id (fixture->store, "SM123", &name, NULL, &status, NULL));
    g_assert_cmpstr (name, ==, "COMM-00001");
    g_assert_cmpstr (status, ==, "delivered");
  }
}

static void
test_contact_update_goes_through_child_tables (Fixture       *fixture,
                                               gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  JsonArray *phones;

  put (fixture->fake, "Contact", "{\"name\":\"Marie\",\"first_name\":\"Marie\",\"phone\":\"450-555-0100\","
       "\"links\":[{\"link_doctype\":\"Customer\",\"link_name\":\"C1\"}],"
       "\"phone_nos\":[{\"phone\":\"450-555-0100\",\"is_primary_phone\":1,\"is_primary_mobile_no\":0}]}");
  upsert (fixture->store, "contacts", "{\"name\":\"Marie\",\"customer\":\"C1\",\"phone\":\"450-555-0100\"}");

  g_assert_true (ops_edit_contact (fixture->store, "Marie", "514-555-0199", NULL, NULL, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_no_error (error);

  doc = ops_fake_frappe_dup_doc (fixture->fake, "Contact", "Marie");
  phones = json_object_get_array_member (doc, "phone_nos");
  g_assert_cmpuint (json_array_get_length (phones), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (phones, 0), "phone"), ==,
                   "514-555-0199");
}

/* A ticket's assignee goes through frappe.desk.form.assign_to (ERPNext
 * ignores _assign in a PUT); the other fields through the PUT. */
static void
test_ticket_assignment (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(GError) error = NULL;

  put (fixture->fake, "Issue", "{\"name\":\"ISS-1\",\"subject\":\"Lent\",\"status\":\"Open\","
                              "\"priority\":\"Medium\",\"_assign\":\"[\\\"marc@gigafibre.ca\\\"]\"}");
  upsert (fixture->store, "tickets", "{\"name\":\"ISS-1\",\"subject\":\"Lent\",\"status\":\"Open\","
                                     "\"priority\":\"Medium\",\"assigned_to\":\"marc@gigafibre.ca\"}");

  g_assert_true (ops_edit_ticket (fixture->store, "ISS-1", "Replied", NULL, "julie@gigafibre.ca", &error));
  g_assert_no_error (error);
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_no_error (error);
  g_assert_cmpstr (remote_string (fixture, "Issue", "ISS-1", "_assign"), ==, "[\"julie@gigafibre.ca\"]");
  g_assert_cmpstr (remote_string (fixture, "Issue", "ISS-1", "status"), ==, "Replied");
  g_assert_cmpstr (remote_string (fixture, "Issue", "ISS-1", OPS_TICKET_ASSIGN_MEMBER), ==, "");

  /* Assignee only, then nobody. */
  g_assert_true (ops_edit_ticket (fixture->store, "ISS-1", NULL, NULL, "", &error));
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_no_error (error);
  g_assert_cmpstr (remote_string (fixture, "Issue", "ISS-1", "_assign"), ==, "[]");
}

static void
test_thread_delivers_when_woken (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  gint64 deadline;

  ops_outbox_worker_start (worker);
  g_assert_true (ops_edit_customer (fixture->store, "C1", "from the thread", NULL, TRUE, NULL));
  ops_outbox_worker_wake (worker);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ops_outbox_count (fixture->store, OPS_OUTBOX_DONE) < 1 && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  ops_outbox_worker_stop (worker);

  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_DONE), ==, 1);
  g_assert_cmpstr (remote_string (fixture, "Customer", "C1", "customer_details"), ==, "from the thread");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/outbox-worker/delivers-in-order", test_delivers_in_order);
  ADD ("/outbox-worker/refusal-readable", test_refusal_is_readable_and_stops_the_document);
  ADD ("/outbox-worker/down-keeps-writes-queued", test_down_keeps_writes_queued);
  ADD ("/outbox-worker/crash-after-apply-no-duplicate", test_crash_after_apply_no_duplicate);
  ADD ("/outbox-worker/contact-child-tables", test_contact_update_goes_through_child_tables);
  ADD ("/outbox-worker/ticket-assignment", test_ticket_assignment);
  ADD ("/outbox-worker/thread-delivers-when-woken", test_thread_delivers_when_woken);
#undef ADD

  return g_test_run ();
}
