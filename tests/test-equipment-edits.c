/* test-equipment-edits.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the scan dialog and the invoice reader write: a new unit, a unit
 * attached to a job, a draft purchase invoice.  Each writes its local row
 * and exactly one outbox row with the right payload, in one transaction;
 * MAC addresses are found in any spelling.
 */

#define G_LOG_DOMAIN "test-equipment-edits"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "ops-equipment-edits.h"
#include "ops-equipment-lookup.h"
#include "ops-outbox.h"
#include "ops-store.h"

static void
upsert (OpsStore   *store,
        const char *table,
        const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  ops_store_upsert (store, table, json_node_get_object (node), &error);
  g_assert_no_error (error);
}

static OpsStore *
open_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "equipment-edits.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  OpsStore *store;

  g_remove (path);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);

  upsert (store, "customers", "{\"name\": \"C1\", \"customer_name\": \"Marie Tremblay\", \"status\": \"Active\"}");
  upsert (store, "equipment", "{\"name\": \"E1\", \"customer\": \"C1\", \"equipment_type\": \"ONT\", \"brand\": \"TP-Link\","
                              " \"model\": \"XX230v\", \"serial\": \"22275A7000001\", \"mac\": \"1C:61:B4:5D:EF:7F\","
                              " \"status\": \"Actif\"}");
  upsert (store, "equipment", "{\"name\": \"E2\", \"equipment_type\": \"AP\", \"serial\": \"2237000000002\","
                              " \"mac\": \"60-32-b1-77-8e-ef\", \"status\": \"En inventaire\"}");
  upsert (store, "equipment", "{\"name\": \"E3\", \"equipment_type\": \"ONT\", \"serial\": \"2237000000003\","
                              " \"mac\": \"6032.b177.8eef\", \"status\": \"Défectueux\"}");
  upsert (store, "jobs", "{\"name\": \"DJ-00001\", \"customer\": \"C1\", \"subject\": \"Installation\","
                         " \"equipment\": [\"E1\"]}");
  upsert (store, "jobs", "{\"name\": \"DJ-00002\", \"customer\": \"C1\", \"subject\": \"Réparation\"}");
  return store;
}

static GPtrArray *
outbox_rows (OpsStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = ops_outbox_list (store, NULL, NULL, &error);

  g_assert_no_error (error);
  return rows;
}

static char *
job_equipment (OpsStore   *store,
               const char *job)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (ops_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT equipment FROM jobs WHERE name = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, job, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

/* Makes every outbox insert fail, as a full disk would. */
static void
break_outbox (OpsStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ops_store_exec (store,
                                 "CREATE TEMP TRIGGER outbox_broken BEFORE INSERT ON outbox "
                                 "BEGIN SELECT RAISE(ABORT, 'disk full'); END;", &error));
  g_assert_no_error (error);
}

/*
 * MAC addresses
 */

static void
test_mac_normalize (void)
{
  static const struct
  {
    const char *text;
    const char *normal;
  } cases[] = {
    { "1C:61:B4:5D:EF:7F", "1c61b45def7f" },
    { "1c-61-b4-5d-ef-7f", "1c61b45def7f" },
    { "1c61.b45d.ef7f", "1c61b45def7f" },
    { "1C61B45DEF7F", "1c61b45def7f" },
    { "  1c:61:b4:5d:ef:7f\n", "1c61b45def7f" },
    { "1C:61:B4:5D:EF", NULL },          /* 10 digits */
    { "1C:61:B4:5D:EF:7F:00", NULL },    /* 14 digits */
    { "1C:61-B4:5D:EF:7F", NULL },       /* mixed separators */
    { "1C6:1B4:5DE:F7F", NULL },         /* groups of 3 */
    { "1c61b4.5def7f", NULL },           /* groups of 6 with a dot */
    { "1C:61:B4:5D:EF:7G", NULL },       /* not hex */
    { "22275A7000395", NULL },           /* a serial, 13 characters */
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *normal = ops_mac_normalize (cases[i].text);

      g_assert_cmpstr (normal, ==, cases[i].normal);
    }
  g_assert_null (ops_mac_normalize (NULL));
}

static void
test_find_by_mac (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = NULL;
  OpsEquipment *found;

  found = ops_store_find_equipment_by_mac (store, "1c61.b45d.ef7f", &customer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->name, ==, "E1");
  g_assert_cmpstr (customer, ==, "C1");
  ops_equipment_free (found);
  g_clear_pointer (&customer, g_free);

  /* Stored as 60-32-b1-… and 6032.b177.…: the active one (neither is
   * Actif, so the first by name). */
  found = ops_store_find_equipment_by_mac (store, "60:32:B1:77:8E:EF", &customer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (found->name, ==, "E2");
  g_assert_null (customer);
  ops_equipment_free (found);

  g_assert_null (ops_store_find_equipment_by_mac (store, "00:11:22:33:44:55", NULL, &error));
  g_assert_no_error (error);
  g_assert_null (ops_store_find_equipment_by_mac (store, "22275A7000001", NULL, &error));
  g_assert_no_error (error);
}

/*
 * New units
 */

static void
test_create_equipment (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *name = NULL;
  OpsOutboxEntry *entry;
  OpsEquipment *unit;
  OpsNewEquipment fields = {
    .equipment_type = "ONT", .brand = "Huawei", .model = "BM632w",
    .serial = " 8KA8WA2554340001 ", .mac = "202bc12a1b00",
  };

  name = ops_edit_create_equipment (store, &fields, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (name, "new-equipment-"));

  /* The local row, found by its serial and by its MAC. */
  unit = ops_store_find_equipment (store, "8KA8WA2554340001", &customer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (unit);
  g_assert_cmpstr (unit->name, ==, name);
  g_assert_cmpstr (unit->status, ==, "En inventaire");
  g_assert_cmpstr (unit->mac, ==, "20:2B:C1:2A:1B:00");
  g_assert_cmpstr (unit->brand, ==, "Huawei");
  g_assert_null (customer);
  ops_equipment_free (unit);
  /* And by its name, as a dispatch job lists it. */
  unit = ops_store_find_equipment (store, name, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (unit);
  g_assert_cmpstr (unit->serial, ==, "8KA8WA2554340001");
  ops_equipment_free (unit);
  unit = ops_store_find_equipment_by_mac (store, "20-2b-c1-2a-1b-00", NULL, &error);
  g_assert_nonnull (unit);
  ops_equipment_free (unit);

  /* Exactly one outbox row: the insert, with the key in ops_key. */
  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpstr (entry->doctype, ==, "Service Equipment");
  g_assert_cmpstr (entry->docname, ==, name);
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_INSERT);
  g_assert_cmpstr (entry->dedupe_field, ==, "ops_key");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "ops_key"), ==, entry->idempotency_key);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "serial"), ==, "8KA8WA2554340001");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "mac"), ==, "20:2B:C1:2A:1B:00");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "equipment_type"), ==, "ONT");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "brand"), ==, "Huawei");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "model"), ==, "BM632w");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "status"), ==, "En inventaire");
  g_assert_false (json_object_has_member (entry->payload, "name"));
  g_assert_false (json_object_has_member (entry->payload, "customer"));
}

static void
test_create_refusals (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) names = NULL;
  char *name;
  OpsNewEquipment duplicate = { .equipment_type = "ONT", .serial = "22275a7000001" };
  OpsNewEquipment no_serial = { .equipment_type = "ONT", .serial = "  " };
  OpsNewEquipment no_type = { .serial = "X-1" };
  OpsNewEquipment bad_mac = { .equipment_type = "AP", .serial = "X-2", .mac = "60:32:B1" };
  OpsNewEquipment good = { .equipment_type = "AP", .serial = "X-3" };

  name = ops_edit_create_equipment (store, &duplicate, TRUE, &error);
  g_assert_null (name);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_assert_nonnull (strstr (error->message, "E1"));
  g_clear_error (&error);
  g_assert_null (ops_edit_create_equipment (store, &no_serial, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  g_assert_null (ops_edit_create_equipment (store, &no_type, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  g_assert_null (ops_edit_create_equipment (store, &bad_mac, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);

  /* The outbox cannot take the row: the local unit is not written either. */
  break_outbox (store);
  g_assert_null (ops_edit_create_equipment (store, &good, TRUE, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_null (ops_store_find_equipment (store, "X-3", NULL, &error));
  g_assert_no_error (error);

  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 0);
  names = ops_store_list_names (store, "equipment", &error);
  g_assert_cmpuint (names->len, ==, 3);
}

static void
test_create_demo (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *name = NULL;
  g_autofree char *customer = NULL;
  OpsEquipment *unit;
  OpsNewEquipment fields = { .equipment_type = "Router", .serial = "R-1", .customer = "C1", .status = "Actif" };

  name = ops_edit_create_equipment (store, &fields, FALSE, &error);
  g_assert_no_error (error);
  unit = ops_store_find_equipment (store, "R-1", &customer, &error);
  g_assert_nonnull (unit);
  g_assert_cmpstr (unit->status, ==, "Actif");
  g_assert_cmpstr (customer, ==, "C1");
  ops_equipment_free (unit);
  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 0);
}

/*
 * Attaching a unit to a job
 */

static void
test_attach (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *list = NULL;
  OpsOutboxEntry *entry;

  g_assert_true (ops_edit_attach_equipment (store, "DJ-00001", "E2", TRUE, &error));
  g_assert_no_error (error);
  list = job_equipment (store, "DJ-00001");
  g_assert_cmpstr (list, ==, "[\"E1\",\"E2\"]");

  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpstr (entry->doctype, ==, "Dispatch Job");
  g_assert_cmpstr (entry->docname, ==, "DJ-00001");
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_UPDATE);
  g_assert_cmpuint (json_object_get_size (entry->payload), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "equipment"), ==, "E1, E2");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Again: already there, nothing more queued. */
  g_assert_true (ops_edit_attach_equipment (store, "DJ-00001", "E2", TRUE, &error));
  g_assert_no_error (error);
  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 1);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* A job with no list yet. */
  g_assert_true (ops_edit_attach_equipment (store, "DJ-00002", "E3", TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&list, g_free);
  list = job_equipment (store, "DJ-00002");
  g_assert_cmpstr (list, ==, "[\"E3\"]");
  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 2);
  entry = rows->pdata[1];
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "equipment"), ==, "E3");
}

static void
test_attach_refusals (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *list = NULL;
  g_autofree char *local = NULL;
  OpsNewEquipment fields = { .equipment_type = "AP", .serial = "X-9" };

  g_assert_false (ops_edit_attach_equipment (store, "DJ-99999", "E2", TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ops_edit_attach_equipment (store, "DJ-00001", "E-NONE", TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A unit ERPNext does not know yet cannot be named on the job. */
  local = ops_edit_create_equipment (store, &fields, FALSE, &error);
  g_assert_no_error (error);
  g_assert_false (ops_edit_attach_equipment (store, "DJ-00001", local, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);

  /* The outbox fails: the job's list is unchanged. */
  break_outbox (store);
  g_assert_false (ops_edit_attach_equipment (store, "DJ-00001", "E2", TRUE, &error));
  g_assert_nonnull (error);
  list = job_equipment (store, "DJ-00001");
  g_assert_cmpstr (list, ==, "[\"E1\"]");
  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 0);
}

/*
 * Draft purchase invoices
 */

static OpsInvoiceLine *
line (const char *description,
      double      quantity,
      double      unit_price,
      double      amount)
{
  OpsInvoiceLine *l = g_new0 (OpsInvoiceLine, 1);

  l->description = g_strdup (description);
  l->quantity = quantity;
  l->unit_price = unit_price;
  l->amount = amount;
  return l;
}

static void
free_line (gpointer data)
{
  OpsInvoiceLine *l = data;

  g_free (l->description);
  g_free (l);
}

static void
test_purchase_invoice (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (free_line);
  OpsSupplierInvoice invoice = {
    .supplier = (char *) "Fibres Optiques Québec Inc.", .number = (char *) "F-2026-0412",
    .date = (char *) "2026-03-14", .currency = NULL,
    .subtotal = 250.0, .tps = 12.5, .tvq = 24.94, .total = 287.44,
  };
  OpsOutboxEntry *entry;
  JsonArray *items;
  JsonArray *taxes;
  JsonObject *row;
  gint64 id;

  g_ptr_array_add (lines, line ("Connecteur SC/APC", 100, 1.5, 150));
  g_ptr_array_add (lines, line ("Câble de dérivation 30 m", 4, NAN, 100));
  invoice.lines = lines;

  id = ops_edit_draft_purchase_invoice (store, &invoice, "2310 - TPS payée - GF", "2315 - TVQ payée - GF", &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);

  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpint (entry->id, ==, id);
  g_assert_cmpstr (entry->doctype, ==, "Purchase Invoice");
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_INSERT);
  g_assert_cmpstr (entry->dedupe_field, ==, "custom_ops_key");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "custom_ops_key"), ==, entry->idempotency_key);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "supplier"), ==, "Fibres Optiques Québec Inc.");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "bill_no"), ==, "F-2026-0412");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "bill_date"), ==, "2026-03-14");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "currency"), ==, "CAD");
  g_assert_cmpint (json_object_get_int_member (entry->payload, "docstatus"), ==, 0);

  items = json_object_get_array_member (entry->payload, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 2);
  row = json_array_get_object_element (items, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "item_name"), ==, "Connecteur SC/APC");
  g_assert_cmpfloat (json_object_get_double_member (row, "qty"), ==, 100);
  g_assert_cmpfloat (json_object_get_double_member (row, "rate"), ==, 1.5);
  row = json_array_get_object_element (items, 1);
  g_assert_cmpfloat (json_object_get_double_member (row, "qty"), ==, 4);
  g_assert_cmpfloat (json_object_get_double_member (row, "rate"), ==, 25);

  taxes = json_object_get_array_member (entry->payload, "taxes");
  g_assert_cmpuint (json_array_get_length (taxes), ==, 2);
  row = json_array_get_object_element (taxes, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "charge_type"), ==, "Actual");
  g_assert_cmpstr (json_object_get_string_member (row, "description"), ==, "TPS");
  g_assert_cmpfloat (json_object_get_double_member (row, "tax_amount"), ==, 12.5);
  g_assert_cmpstr (json_object_get_string_member (row, "account_head"), ==, "2310 - TPS payée - GF");
  g_assert_false (json_object_has_member (entry->payload, "remarks"));
  row = json_array_get_object_element (taxes, 1);
  g_assert_cmpstr (json_object_get_string_member (row, "description"), ==, "TVQ");
  g_assert_cmpfloat (json_object_get_double_member (row, "tax_amount"), ==, 24.94);
}

static void
test_purchase_invoice_without_lines (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  OpsSupplierInvoice invoice = {
    .supplier = (char *) "Graybar", .number = (char *) "99", .currency = (char *) "USD",
    .subtotal = NAN, .tps = NAN, .tvq = 5.0, .total = 105.0,
  };
  g_autoptr(JsonObject) doc = NULL;
  JsonArray *items;
  JsonObject *row;

  invoice.lines = lines;
  /* No tax account configured: the TVQ read goes to the remarks, not to a
   * tax row ERPNext would refuse. */
  doc = ops_purchase_invoice_payload (&invoice, "2310 - TPS payée - GF", NULL);
  g_assert_cmpstr (json_object_get_string_member (doc, "currency"), ==, "USD");
  g_assert_false (json_object_has_member (doc, "bill_date"));
  items = json_object_get_array_member (doc, "items");
  g_assert_cmpuint (json_array_get_length (items), ==, 1);
  row = json_array_get_object_element (items, 0);
  g_assert_cmpfloat (json_object_get_double_member (row, "qty"), ==, 1);
  g_assert_cmpfloat (json_object_get_double_member (row, "rate"), ==, 100);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "taxes")), ==, 0);
  g_assert_nonnull (strstr (json_object_get_string_member (doc, "remarks"), "TVQ 5.00"));
}

static void
test_purchase_invoice_refusals (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new ();
  g_autoptr(GPtrArray) rows = NULL;
  OpsSupplierInvoice invoice = { .number = (char *) "F-1", .subtotal = NAN, .tps = NAN, .tvq = NAN, .total = NAN };

  invoice.lines = lines;
  g_assert_cmpint (ops_edit_draft_purchase_invoice (store, &invoice, NULL, NULL, &error), ==, 0);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  invoice.supplier = (char *) "Graybar";
  invoice.number = NULL;
  g_assert_cmpint (ops_edit_draft_purchase_invoice (store, &invoice, NULL, NULL, &error), ==, 0);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  rows = outbox_rows (store);
  g_assert_cmpuint (rows->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/equipment-edits/mac-normalize", test_mac_normalize);
  g_test_add_func ("/equipment-edits/find-by-mac", test_find_by_mac);
  g_test_add_func ("/equipment-edits/create", test_create_equipment);
  g_test_add_func ("/equipment-edits/create-refusals", test_create_refusals);
  g_test_add_func ("/equipment-edits/create-demo", test_create_demo);
  g_test_add_func ("/equipment-edits/attach", test_attach);
  g_test_add_func ("/equipment-edits/attach-refusals", test_attach_refusals);
  g_test_add_func ("/equipment-edits/purchase-invoice", test_purchase_invoice);
  g_test_add_func ("/equipment-edits/purchase-invoice-without-lines", test_purchase_invoice_without_lines);
  g_test_add_func ("/equipment-edits/purchase-invoice-refusals", test_purchase_invoice_refusals);

  return g_test_run ();
}
