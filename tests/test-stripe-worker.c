/* test-stripe-worker.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Stripe payment queued as a Payment Entry, delivered to the fake
 * Frappe: built by ERPNext's get_payment_entry, submitted once, and found
 * again by its reference_no (the PaymentIntent) when a delivery was in
 * doubt.
 */

#define G_LOG_DOMAIN "test-stripe-worker"

#include "config.h"

#include <string.h>

#include "ops-fake-frappe.h"
#include "ops-outbox-worker.h"
#include "ops-store.h"

#define INVOICE "ACC-SINV-2025-00042"
#define INTENT "pi_3Q1"

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
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *const mandatory[] = {
    "payment_type", "company", "party_type", "party", "paid_from", "paid_to", "paid_amount", "received_amount",
    "reference_no", "reference_date", NULL,
  };
  g_autoptr(JsonObject) invoice = object ("{\"name\":\"" INVOICE "\",\"customer\":\"C1\","
                                          "\"customer_name\":\"Marie Tremblay\",\"company\":\"Gigafibre\","
                                          "\"currency\":\"CAD\",\"grand_total\":49.99,"
                                          "\"outstanding_amount\":49.99,\"status\":\"Unpaid\",\"docstatus\":1}");
  g_autoptr(GError) error = NULL;
  OpsRetryPolicy once = { 1, 5, 50 };

  fixture->fake = ops_fake_frappe_new ("key", "secret");
  ops_fake_frappe_put_doc (fixture->fake, "Sales Invoice", invoice);
  ops_fake_frappe_set_naming (fixture->fake, "Payment Entry", "series:ACC-PAY-2026-");
  ops_fake_frappe_set_child_doctype (fixture->fake, "Payment Entry", "references", "Payment Entry Reference");
  ops_fake_frappe_set_mandatory (fixture->fake, "Payment Entry", mandatory);

  fixture->client = ops_erpnext_client_new (ops_fake_frappe_get_url (fixture->fake), "key", "secret", NULL, &error);
  g_assert_no_error (error);
  ops_erpnext_client_set_retry (fixture->client, &once);
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

static OpsOutboxWorker *
new_worker (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  OpsOutboxWorker *worker = ops_outbox_worker_new (fixture->client, fixture->path, NULL, &error);

  g_assert_no_error (error);
  return worker;
}

/* The row the webhook queues. */
static gint64
queue_payment (Fixture    *fixture,
               const char *invoice,
               const char *intent,
               double      amount)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  json_object_set_string_member (payload, "__from_invoice", invoice);
  json_object_set_string_member (payload, "reference_date", "2025-06-02");
  json_object_set_double_member (payload, "paid_amount", amount);
  json_object_set_double_member (payload, "received_amount", amount);
  json_object_set_string_member (payload, "mode_of_payment", "Stripe");

  g_assert_true (ops_store_begin (fixture->store, NULL));
  id = ops_outbox_enqueue_with_key (fixture->store, "Payment Entry", intent, OPS_OUTBOX_INSERT, payload,
                                    "reference_no", intent, "Stripe payment", &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_commit (fixture->store, NULL));
  return id;
}

static guint
count_requests (Fixture    *fixture,
                const char *part)
{
  g_auto(GStrv) requests = ops_fake_frappe_dup_requests (fixture->fake);
  guint n = 0;

  for (guint i = 0; requests[i] != NULL; i++)
    if (strstr (requests[i], part) != NULL)
      n++;
  return n;
}

static JsonObject *
the_payment_entry (Fixture *fixture)
{
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Payment Entry"), ==, 1);
  return ops_fake_frappe_dup_doc (fixture->fake, "Payment Entry", "ACC-PAY-2026-00001");
}

static void
test_delivered_once (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *references;
  JsonObject *reference;

  queue_payment (fixture, INVOICE, INTENT, 49.99);

  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_no_error (error);
  g_assert_cmpuint (count_requests (fixture, "GET /api/method/erpnext.accounts.doctype.payment_entry."
                                              "payment_entry.get_payment_entry?dt=Sales%20Invoice&dn=" INVOICE),
                    ==, 1);

  entry = the_payment_entry (fixture);
  g_assert_nonnull (entry);
  /* ERPNext's accounts and party, our reference and amounts, submitted. */
  g_assert_cmpint (json_object_get_int_member (entry, "docstatus"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "payment_type"), ==, "Receive");
  g_assert_cmpstr (json_object_get_string_member (entry, "party_type"), ==, "Customer");
  g_assert_cmpstr (json_object_get_string_member (entry, "party"), ==, "C1");
  g_assert_cmpstr (json_object_get_string_member (entry, "company"), ==, "Gigafibre");
  g_assert_nonnull (json_object_get_string_member (entry, "paid_from"));
  g_assert_cmpstr (json_object_get_string_member (entry, "reference_no"), ==, INTENT);
  g_assert_cmpstr (json_object_get_string_member (entry, "reference_date"), ==, "2025-06-02");
  g_assert_cmpstr (json_object_get_string_member (entry, "mode_of_payment"), ==, "Stripe");
  g_assert_cmpfloat (json_object_get_double_member (entry, "paid_amount"), ==, 49.99);
  g_assert_cmpfloat (json_object_get_double_member (entry, "received_amount"), ==, 49.99);
  g_assert_false (json_object_has_member (entry, "__from_invoice"));
  g_assert_false (json_object_has_member (entry, "__islocal"));
  references = json_object_get_array_member (entry, "references");
  g_assert_cmpuint (json_array_get_length (references), ==, 1);
  reference = json_array_get_object_element (references, 0);
  g_assert_cmpstr (json_object_get_string_member (reference, "reference_doctype"), ==, "Sales Invoice");
  g_assert_cmpstr (json_object_get_string_member (reference, "reference_name"), ==, INVOICE);
  g_assert_cmpfloat (json_object_get_double_member (reference, "allocated_amount"), ==, 49.99);

  /* Nothing left to send. */
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_IDLE);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_DONE), ==, 1);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Payment Entry"), ==, 1);
}

static void
test_in_doubt_found_by_reference (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 id = queue_payment (fixture, INVOICE, INTENT, 49.99);

  /* ERPNext records the entry, then the connection drops before the
   * answer. */
  {
    g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);

    ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_DROP_AFTER_WRITE, "/api/resource/Payment", 1, 0);
    g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_OFFLINE);
    g_clear_error (&error);
  }
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Payment Entry"), ==, 1);

  /* As after a crash between "sent" and "acknowledged". */
  g_assert_true (ops_outbox_mark_sending (fixture->store, id, NULL));
  ops_fake_frappe_clear_requests (fixture->fake);

  {
    g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);

    g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
    g_assert_no_error (error);
  }

  /* Looked up by reference_no = the PaymentIntent, not made again. */
  g_assert_cmpuint (count_requests (fixture, "GET /api/resource/Payment%20Entry?"), ==, 1);
  g_assert_cmpuint (count_requests (fixture, "reference_no"), ==, 1);
  g_assert_cmpuint (count_requests (fixture, INTENT), ==, 1);
  g_assert_cmpuint (count_requests (fixture, "get_payment_entry"), ==, 0);
  g_assert_cmpuint (count_requests (fixture, "POST "), ==, 0);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Payment Entry"), ==, 1);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Payment Entry"), ==, 1);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_DONE), ==, 1);
}

static void
test_partial_payment (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(JsonObject) entry = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *reference;

  queue_payment (fixture, INVOICE, INTENT, 20.0);
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_no_error (error);

  entry = the_payment_entry (fixture);
  g_assert_cmpfloat (json_object_get_double_member (entry, "paid_amount"), ==, 20.0);
  reference = json_array_get_object_element (json_object_get_array_member (entry, "references"), 0);
  /* No more allocated to the invoice than was paid. */
  g_assert_cmpfloat (json_object_get_double_member (reference, "allocated_amount"), ==, 20.0);
  g_assert_cmpfloat (json_object_get_double_member (reference, "outstanding_amount"), ==, 49.99);
}

static void
test_unknown_invoice_is_refused (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsOutboxEntry) row = NULL;
  gint64 id = queue_payment (fixture, "ACC-SINV-2099-00001", "pi_nowhere", 10.0);

  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_REFUSED);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_NOT_FOUND);

  /* Kept for a person, with ERPNext's sentence; nothing inserted. */
  row = ops_outbox_get (fixture->store, id, NULL);
  g_assert_cmpint (row->state, ==, OPS_OUTBOX_FAILED);
  g_assert_nonnull (strstr (row->last_error, "ACC-SINV-2099-00001"));
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Payment Entry"), ==, 0);
}

static void
test_other_inserts_unchanged (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(OpsOutboxWorker) worker = new_worker (fixture);
  g_autoptr(JsonObject) payload = object ("{\"payment_type\":\"Receive\",\"company\":\"Gigafibre\","
                                          "\"party_type\":\"Customer\",\"party\":\"C1\",\"paid_from\":\"A\","
                                          "\"paid_to\":\"B\",\"paid_amount\":5,\"received_amount\":5,"
                                          "\"reference_date\":\"2025-06-02\"}");
  g_autoptr(GError) error = NULL;

  /* A Payment Entry without "__from_invoice" goes as it is. */
  g_assert_cmpint (ops_outbox_enqueue_with_key (fixture->store, "Payment Entry", "manual", OPS_OUTBOX_INSERT,
                                                payload, "reference_no", "cash-1", "Cash", &error), >, 0);
  g_assert_cmpint (ops_outbox_worker_deliver_one (worker, NULL, &error), ==, OPS_DELIVERY_DELIVERED);
  g_assert_no_error (error);
  g_assert_cmpuint (count_requests (fixture, "get_payment_entry"), ==, 0);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Payment Entry"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/stripe-worker/delivered-once", test_delivered_once);
  ADD ("/stripe-worker/in-doubt-found-by-reference", test_in_doubt_found_by_reference);
  ADD ("/stripe-worker/partial-payment", test_partial_payment);
  ADD ("/stripe-worker/unknown-invoice-refused", test_unknown_invoice_is_refused);
  ADD ("/stripe-worker/other-inserts-unchanged", test_other_inserts_unchanged);
#undef ADD

  return g_test_run ();
}
