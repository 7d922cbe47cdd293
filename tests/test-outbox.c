/* test-outbox.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox, the edits that fill it and the ERPNext mapping: pure core,
 * no network.
 */

#define G_LOG_DOMAIN "test-outbox"

#include "config.h"

#include <string.h>

#include "ops-conversation.h"
#include "ops-edits.h"
#include "ops-erpnext-map.h"
#include "ops-outbox.h"
#include "ops-store.h"

static OpsStore *
open_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "outbox.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  OpsStore *store = ops_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static JsonObject *
object (const char *json)
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
  g_autoptr(JsonObject) record = object (json);
  g_autoptr(GError) error = NULL;

  ops_store_upsert (store, table, record, &error);
  g_assert_no_error (error);
}

static gint64
enqueue (OpsStore           *store,
         const char         *doctype,
         const char         *docname,
         OpsOutboxOperation  op,
         const char         *json)
{
  g_autoptr(JsonObject) payload = object (json);
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_assert_true (ops_store_begin (store, NULL));
  id = ops_outbox_enqueue (store, doctype, docname, op, payload, op == OPS_OUTBOX_INSERT ? "message_id" : NULL,
                           "test", &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_commit (store, NULL));
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_order_per_document (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(OpsOutboxEntry) first = NULL;
  g_autoptr(OpsOutboxEntry) second = NULL;
  g_autoptr(OpsOutboxEntry) third = NULL;
  g_autoptr(GError) error = NULL;
  gint64 a1, a2, b1;

  a1 = enqueue (store, "Customer", "A", OPS_OUTBOX_UPDATE, "{\"customer_details\":\"one\"}");
  a2 = enqueue (store, "Customer", "A", OPS_OUTBOX_UPDATE, "{\"customer_details\":\"two\"}");
  b1 = enqueue (store, "Customer", "B", OPS_OUTBOX_UPDATE, "{\"customer_details\":\"b\"}");

  first = ops_outbox_next (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->id, ==, a1);
  g_assert_cmpstr (json_object_get_string_member (first->payload, "customer_details"), ==, "one");

  /* A refused write stops its document, not the others. */
  g_assert_true (ops_outbox_mark_sending (store, a1, NULL));
  g_assert_true (ops_outbox_mark_failed (store, a1, "Value missing", NULL));
  second = ops_outbox_next (store, NULL);
  g_assert_cmpint (second->id, ==, b1);
  g_assert_true (ops_outbox_mark_done (store, b1, NULL));
  g_assert_null (ops_outbox_next (store, NULL));

  g_assert_cmpint (ops_outbox_count (store, OPS_OUTBOX_FAILED), ==, 1);
  g_assert_cmpint (ops_outbox_count (store, OPS_OUTBOX_PENDING), ==, 1);
  g_assert_true (ops_outbox_has_unfinished (store, "Customer", "A"));
  g_assert_false (ops_outbox_has_unfinished (store, "Customer", "B"));

  /* A person retries: the document's rows flow again, oldest first. */
  g_assert_true (ops_outbox_retry (store, a1, NULL));
  third = ops_outbox_next (store, NULL);
  g_assert_cmpint (third->id, ==, a1);
  g_assert_cmpuint (third->attempts, ==, 1);
  g_assert_cmpstr (third->last_error, ==, "Value missing");
  g_assert_true (ops_outbox_mark_done (store, a1, NULL));
  g_clear_pointer (&third, ops_outbox_entry_free);
  third = ops_outbox_next (store, NULL);
  g_assert_cmpint (third->id, ==, a2);

  /* Retrying a row that is not failed is refused with a reason. */
  g_assert_false (ops_outbox_retry (store, a2, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
}

static void
test_sending_is_delivered_again (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(OpsOutboxEntry) entry = NULL;
  gint64 id;

  id = enqueue (store, "Communication", "local-1", OPS_OUTBOX_INSERT, "{\"content\":\"hi\"}");
  g_assert_true (ops_outbox_mark_sending (store, id, NULL));

  /* As after a crash: the row is still the next one, in state sending. */
  entry = ops_outbox_next (store, NULL);
  g_assert_cmpint (entry->id, ==, id);
  g_assert_cmpint (entry->state, ==, OPS_OUTBOX_SENDING);
  g_assert_cmpuint (entry->attempts, ==, 1);
  /* The insert carries its key in the dedupe field. */
  g_assert_cmpstr (entry->dedupe_field, ==, "message_id");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "message_id"), ==, entry->idempotency_key);
}

static void
test_edit_discard_rename (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(JsonObject) payload = object ("{\"content\":\"corrected\"}");
  g_autoptr(OpsOutboxEntry) entry = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 insert, update;

  insert = enqueue (store, "Communication", "local-2", OPS_OUTBOX_INSERT, "{\"content\":\"typo\"}");
  update = enqueue (store, "Communication", "local-2", OPS_OUTBOX_UPDATE, "{\"seen\":1}");
  g_assert_true (ops_outbox_mark_failed (store, insert, "Bad value", NULL));

  /* Editing keeps the idempotency key in the payload and requeues. */
  g_assert_true (ops_outbox_set_payload (store, insert, payload, &error));
  g_assert_no_error (error);
  entry = ops_outbox_get (store, insert, NULL);
  g_assert_cmpint (entry->state, ==, OPS_OUTBOX_PENDING);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "content"), ==, "corrected");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "message_id"), ==, entry->idempotency_key);

  /* Once inserted, later rows follow the name ERPNext gave. */
  g_assert_true (ops_outbox_mark_done (store, insert, NULL));
  g_assert_true (ops_outbox_rename_document (store, "Communication", "local-2", "COMM-9", NULL));
  rows = ops_outbox_list (store, "Communication", "COMM-9", NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpint (((OpsOutboxEntry *)rows->pdata[0])->id, ==, update);

  g_assert_true (ops_outbox_discard (store, update, NULL));
  g_assert_null (ops_outbox_get (store, update, NULL));
  g_assert_false (ops_outbox_discard (store, insert, &error));
}

static void
test_edit_customer_queues_in_one_transaction (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const char *flags[] = { "vip", "fragile_line", NULL };
  OpsOutboxEntry *entry;

  upsert (store, "customers", "{\"name\":\"C1\",\"customer_name\":\"Marie\",\"flags\":[],\"notes\":\"\"}");

  g_assert_true (ops_edit_customer (store, "C1", "Call after 5 pm", flags, TRUE, &error));
  g_assert_no_error (error);

  detail = ops_store_get_customer_detail (store, "C1", NULL);
  g_assert_cmpstr (detail->customer->notes, ==, "Call after 5 pm");
  g_assert_cmpstrv (detail->customer->flags, flags);

  rows = ops_outbox_list (store, "Customer", "C1", NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_UPDATE);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "customer_details"), ==, "Call after 5 pm");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "custom_flags"), ==, "vip, fragile_line");

  /* A customer that is not there: nothing changes, nothing is queued. */
  g_assert_false (ops_edit_customer (store, "C404", "x", NULL, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_assert_cmpint (ops_outbox_count (store, OPS_OUTBOX_PENDING), ==, 1);

  /* Demo: kept locally, never queued. */
  g_assert_true (ops_edit_customer (store, "C1", "demo note", NULL, FALSE, NULL));
  g_assert_cmpint (ops_outbox_count (store, OPS_OUTBOX_PENDING), ==, 1);
}

static void
test_edit_contact (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  OpsOutboxEntry *entry;

  upsert (store, "customers", "{\"name\":\"C1\",\"customer_name\":\"Marie Tremblay\"}");
  upsert (store, "contacts", "{\"name\":\"CT1\",\"customer\":\"C1\",\"first_name\":\"Marie\","
                             "\"phone\":\"450-555-0100\",\"email\":\"m@example.com\"}");

  g_assert_false (ops_edit_contact (store, "CT1", NULL, NULL, "not an address", TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_assert_nonnull (strstr (error->message, "not an e-mail address"));
  g_clear_error (&error);
  g_assert_false (ops_edit_contact (store, "CT1", "12", NULL, NULL, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  g_assert_cmpint (ops_outbox_count (store, OPS_OUTBOX_PENDING), ==, 0);

  g_assert_true (ops_edit_contact (store, "CT1", "514 555-0199", NULL, NULL, TRUE, &error));
  g_assert_no_error (error);

  /* The new number is searchable at once. */
  hits = ops_store_search_customers (store, "5145550199", 10, NULL, NULL);
  g_assert_cmpuint (hits->len, ==, 1);

  rows = ops_outbox_list (store, "Contact", "CT1", NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "phone"), ==, "514 555-0199");
  g_assert_false (json_object_has_member (entry->payload, "email"));
}

static void
test_map_rows (void)
{
  const OpsErpnextDoctype *customer = ops_erpnext_doctype_find ("Customer");
  const OpsErpnextDoctype *invoice = ops_erpnext_doctype_find ("Sales Invoice");
  const OpsErpnextDoctype *issue = ops_erpnext_doctype_find ("Issue");
  const OpsErpnextDoctype *contact = ops_erpnext_doctype_find ("Contact");
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonNode) fields = NULL;
  g_autofree char *fields_json = NULL;

  g_assert_nonnull (customer);
  g_assert_cmpstr (ops_erpnext_doctype_get_table (customer), ==, "customers");
  g_assert_cmpuint (ops_erpnext_doctype_count (), ==, 11);

  row = object ("{\"name\":\"CUST-1\",\"modified\":\"2026-01-02 03:04:05.000001\",\"customer_name\":\"Ana\","
                "\"customer_type\":\"Individual\",\"custom_flags\":\"vip, do_not_call\",\"customer_details\":null,"
                "\"language\":\"fr\",\"creation\":\"2020-05-01 10:00:00\",\"custom_service_status\":null,\"disabled\":1}");
  record = ops_erpnext_doctype_to_record (customer, row);
  g_assert_cmpstr (json_object_get_string_member (record, "since"), ==, "2020-05-01");
  g_assert_cmpstr (json_object_get_string_member (record, "status"), ==, "cancelled");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (record, "flags")), ==, 2);
  g_assert_true (json_object_get_null_member (record, "notes"));
  g_clear_pointer (&row, json_object_unref);
  g_clear_pointer (&record, json_object_unref);

  /* Drafts and cancelled invoices are not kept. */
  row = object ("{\"name\":\"SINV-1\",\"modified\":\"x\",\"docstatus\":2,\"customer\":\"CUST-1\"}");
  g_assert_null (ops_erpnext_doctype_to_record (invoice, row));
  g_clear_pointer (&row, json_object_unref);

  row = object ("{\"name\":\"ISS-1\",\"modified\":\"x\",\"opening_time\":\"9:05:00.000000\","
                "\"_assign\":\"[\\\"tech@gigafibre.ca\\\"]\",\"description\":\"<p>No signal&nbsp;since <b>9am</b></p><p>Line 2</p>\"}");
  record = ops_erpnext_doctype_to_record (issue, row);
  g_assert_cmpstr (json_object_get_string_member (record, "opening_time"), ==, "09:05");
  g_assert_cmpstr (json_object_get_string_member (record, "assigned_to"), ==, "tech@gigafibre.ca");
  g_assert_cmpstr (json_object_get_string_member (record, "description"), ==, "No signal since 9am\n\nLine 2");
  g_clear_pointer (&row, json_object_unref);
  g_clear_pointer (&record, json_object_unref);

  /* Contacts come with their customer from the Dynamic Link join. */
  fields = ops_erpnext_doctype_list_fields (contact);
  fields_json = json_to_string (fields, FALSE);
  g_assert_nonnull (strstr (fields_json, "`tabDynamic Link`.link_name as customer"));
  row = object ("{\"name\":\"Marie\",\"modified\":\"x\",\"customer\":\"CUST-1\",\"is_primary_contact\":1}");
  record = ops_erpnext_doctype_to_record (contact, row);
  g_assert_cmpstr (json_object_get_string_member (record, "customer"), ==, "CUST-1");
  g_assert_true (json_object_get_boolean_member (record, "is_primary"));
  g_clear_pointer (&row, json_object_unref);
  g_clear_pointer (&record, json_object_unref);

  /* A whole document (GET answer) finds the customer in its links. */
  row = object ("{\"name\":\"Marie\",\"modified\":\"x\",\"first_name\":\"Marie\","
                "\"links\":[{\"doctype\":\"Dynamic Link\",\"link_doctype\":\"Supplier\",\"link_name\":\"S\"},"
                "{\"doctype\":\"Dynamic Link\",\"link_doctype\":\"Customer\",\"link_name\":\"CUST-2\"}]}");
  record = ops_erpnext_doctype_document_to_record (contact, row);
  g_assert_cmpstr (json_object_get_string_member (record, "customer"), ==, "CUST-2");
  g_assert_true (json_object_get_null_member (record, "phone"));
}

static void
test_contact_update_body (void)
{
  g_autoptr(JsonObject) current = object (
    "{\"name\":\"Marie\",\"phone_nos\":["
    "{\"name\":\"p1\",\"doctype\":\"Contact Phone\",\"parent\":\"Marie\",\"phone\":\"450-555-0100\",\"is_primary_phone\":1,\"is_primary_mobile_no\":1},"
    "{\"name\":\"p2\",\"doctype\":\"Contact Phone\",\"phone\":\"450-555-0111\",\"is_primary_phone\":0,\"is_primary_mobile_no\":0}],"
    "\"email_ids\":[{\"name\":\"e1\",\"email_id\":\"old@example.com\",\"is_primary\":1}]}");
  g_autoptr(JsonObject) payload = ops_erpnext_contact_changes ("514-555-0199", NULL, "new@example.com");
  g_autoptr(JsonObject) body = ops_erpnext_prepare_update ("Contact", current, payload);
  JsonArray *phones = json_object_get_array_member (body, "phone_nos");
  JsonArray *emails = json_object_get_array_member (body, "email_ids");
  JsonObject *p1, *added;

  /* The number that was both phone and mobile stays the mobile; the new
   * phone is a new primary row; the other row is kept with its name. */
  g_assert_cmpuint (json_array_get_length (phones), ==, 3);
  p1 = json_array_get_object_element (phones, 0);
  g_assert_cmpstr (json_object_get_string_member (p1, "name"), ==, "p1");
  g_assert_cmpstr (json_object_get_string_member (p1, "phone"), ==, "450-555-0100");
  g_assert_cmpint (json_object_get_int_member (p1, "is_primary_phone"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (p1, "is_primary_mobile_no"), ==, 1);
  g_assert_false (json_object_has_member (p1, "parent"));
  added = json_array_get_object_element (phones, 2);
  g_assert_cmpstr (json_object_get_string_member (added, "phone"), ==, "514-555-0199");
  g_assert_cmpint (json_object_get_int_member (added, "is_primary_phone"), ==, 1);

  g_assert_cmpuint (json_array_get_length (emails), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (emails, 0), "email_id"), ==,
                   "new@example.com");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (emails, 0), "name"), ==, "e1");
  g_assert_false (json_object_has_member (body, "phone"));
}

static void
test_html_to_text (void)
{
  struct { const char *html; const char *text; } cases[] = {
    { "plain", "plain" },
    { "<div>a<br>b</div>", "a\nb" },
    { "Tom &amp; Jerry &lt;3 &#233;t&#xE9;", "Tom & Jerry <3 été" },
    { "<p>  lots   of \n\n space  </p>", "lots of space" },
    { " SMS line 1\nline 2 ", "SMS line 1\nline 2" },
    { "<p>unclosed <b", "unclosed" },
    { "&bogus; &#0;", "&bogus; &#0;" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = ops_erpnext_html_to_text (cases[i].html);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_claim_event_once (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;

  g_assert_true (ops_store_claim_event (store, "stripe", "evt_1", &error));
  g_assert_no_error (error);
  g_assert_false (ops_store_claim_event (store, "stripe", "evt_1", &error));
  g_assert_no_error (error);
  /* Another provider's event with the same id is another event. */
  g_assert_true (ops_store_claim_event (store, "twilio", "evt_1", NULL));

  /* A claim rolled back with its side effects can be claimed again. */
  g_assert_true (ops_store_begin (store, NULL));
  g_assert_true (ops_store_claim_event (store, "stripe", "evt_2", NULL));
  ops_store_rollback (store);
  g_assert_true (ops_store_claim_event (store, "stripe", "evt_2", NULL));
}

static void
test_sms_rows_skipped (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(OpsOutboxEntry) next = NULL;
  g_autoptr(OpsOutboxEntry) sms = NULL;
  g_autoptr(OpsOutboxEntry) later = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sms_a, sms_a2, sms_b, customer;

  sms_a = enqueue (store, OPS_SMS_DOCTYPE, "SMS-A", OPS_OUTBOX_INSERT, "{\"to\": \"+15145550100\"}");
  sms_a2 = enqueue (store, OPS_SMS_DOCTYPE, "SMS-A", OPS_OUTBOX_INSERT, "{\"to\": \"+15145550100\"}");
  sms_b = enqueue (store, OPS_SMS_DOCTYPE, "SMS-B", OPS_OUTBOX_INSERT, "{\"to\": \"+15145550101\"}");
  customer = enqueue (store, "Customer", "C0001", OPS_OUTBOX_UPDATE, "{\"customer_details\": \"x\"}");

  /* The ERPNext worker never sees the SMS rows, even the older ones. */
  next = ops_outbox_next (store, &error);
  g_assert_no_error (error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, ==, customer);
  g_assert_true (ops_outbox_mark_done (store, customer, NULL));
  g_clear_pointer (&next, ops_outbox_entry_free);
  next = ops_outbox_next (store, &error);
  g_assert_no_error (error);
  g_assert_null (next);

  /* The SMS sender takes them in order, one document at a time. */
  sms = ops_outbox_next_for_doctype (store, OPS_SMS_DOCTYPE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sms);
  g_assert_cmpint (sms->id, ==, sms_a);
  g_assert_cmpstr (sms->doctype, ==, OPS_SMS_DOCTYPE);
  g_assert_true (ops_outbox_mark_failed (store, sms_a, "refused", NULL));
  later = ops_outbox_next_for_doctype (store, OPS_SMS_DOCTYPE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (later);
  g_assert_cmpint (later->id, ==, sms_b);
  g_assert_true (ops_outbox_discard (store, sms_a, NULL));
  g_assert_true (ops_outbox_mark_done (store, sms_b, NULL));
  g_clear_pointer (&sms, ops_outbox_entry_free);
  sms = ops_outbox_next_for_doctype (store, OPS_SMS_DOCTYPE, &error);
  g_assert_nonnull (sms);
  g_assert_cmpint (sms->id, ==, sms_a2);
  g_assert_true (ops_outbox_mark_done (store, sms_a2, NULL));
  g_clear_pointer (&sms, ops_outbox_entry_free);
  g_assert_null (ops_outbox_next_for_doctype (store, OPS_SMS_DOCTYPE, &error));
  g_assert_no_error (error);
  g_assert_null (ops_outbox_next_for_doctype (store, "Customer", &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/outbox/order-per-document", test_order_per_document);
  g_test_add_func ("/outbox/sending-delivered-again", test_sending_is_delivered_again);
  g_test_add_func ("/outbox/edit-discard-rename", test_edit_discard_rename);
  g_test_add_func ("/edits/customer", test_edit_customer_queues_in_one_transaction);
  g_test_add_func ("/edits/contact", test_edit_contact);
  g_test_add_func ("/erpnext-map/rows", test_map_rows);
  g_test_add_func ("/erpnext-map/contact-update", test_contact_update_body);
  g_test_add_func ("/erpnext-map/html", test_html_to_text);
  g_test_add_func ("/store/claim-event-once", test_claim_event_once);
  g_test_add_func ("/outbox/sms-rows-skipped", test_sms_rows_skipped);

  return g_test_run ();
}
