/* test-swap.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The swap workflow in core: the units in stock, each outcome's local rows
 * and queued outbox rows, the demo workspace that queues nothing, and
 * refusals that leave nothing half-done.
 */

#define G_LOG_DOMAIN "test-swap"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ops-outbox.h"
#include "ops-store-inventory.h"
#include "ops-store.h"
#include "ops-swap.h"
#include "ops-workspace.h"

/*
 * Helpers
 */

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

/* Two customers; units at C1 (active ONT, ONT in diagnosis), at C2 (ONT in
 * diagnosis), in stock (two ONTs, an AP) and an active one nobody has. */
static OpsStore *
open_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "swap.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  OpsStore *store;

  g_remove (path);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);

  upsert (store, "customers", "{\"name\": \"C1\", \"customer_name\": \"Marie Tremblay\", \"status\": \"Active\"}");
  upsert (store, "customers", "{\"name\": \"C2\", \"customer_name\": \"Luc Gagnon\", \"status\": \"Active\"}");
  upsert (store, "locations", "{\"name\": \"L1\", \"customer\": \"C1\", \"address_line\": \"12 rue Jacques-Cartier\"}");
  upsert (store, "equipment", "{\"name\": \"E1\", \"customer\": \"C1\", \"location\": \"L1\", \"equipment_type\": \"ONT\","
                              " \"brand\": \"TP-Link\", \"model\": \"XX230v\", \"serial\": \"22275A7000001\", \"status\": \"Actif\"}");
  upsert (store, "equipment", "{\"name\": \"E2\", \"equipment_type\": \"ONT\", \"brand\": \"TP-Link\", \"model\": \"XX230v\","
                              " \"serial\": \"22275A7000002\", \"mac\": \"1C:61:B4:00:00:02\", \"status\": \"En inventaire\"}");
  upsert (store, "equipment", "{\"name\": \"E3\", \"equipment_type\": \"AP\", \"brand\": \"TP-Link\", \"model\": \"Deco X50\","
                              " \"serial\": \"2237000000003\", \"status\": \"En inventaire\"}");
  upsert (store, "equipment", "{\"name\": \"E4\", \"customer\": \"C1\", \"equipment_type\": \"ONT\", \"brand\": \"Huawei\","
                              " \"model\": \"BM632w\", \"serial\": \"8KA8WA0000004\", \"status\": \"En diagnostic\"}");
  upsert (store, "equipment", "{\"name\": \"E5\", \"customer\": \"C2\", \"equipment_type\": \"ONT\", \"brand\": \"Huawei\","
                              " \"model\": \"BM632w\", \"serial\": \"8KA8WA0000005\", \"status\": \"En diagnostic\"}");
  upsert (store, "equipment", "{\"name\": \"E6\", \"equipment_type\": \"ONT\", \"model\": \"XX230v\","
                              " \"serial\": \"22275A7000006\", \"status\": \"En inventaire\"}");
  upsert (store, "equipment", "{\"name\": \"E7\", \"equipment_type\": \"ONT\", \"model\": \"XX230v\","
                              " \"serial\": \"22275A7000007\", \"status\": \"Actif\"}");
  g_assert_true (ops_store_reindex_customers (store, &error));
  g_assert_no_error (error);
  return store;
}

typedef struct
{
  char *status;
  char *customer;
  char *location;
} Row;

static void
row_clear (Row *row)
{
  g_free (row->status);
  g_free (row->customer);
  g_free (row->location);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Row, row_clear)

static void
read_unit (OpsStore   *store,
           const char *name,
           Row        *row)
{
  g_autoptr(GError) error = NULL;
  OpsEquipment *unit = ops_store_get_equipment (store, name, &row->customer, &error);

  g_assert_no_error (error);
  g_assert_nonnull (unit);
  row->status = g_strdup (unit->status);
  row->location = unit->location && *unit->location ? g_strdup (unit->location) : NULL;
  ops_equipment_free (unit);
}

static void
assert_unit (OpsStore   *store,
             const char *name,
             const char *status,
             const char *customer,
             const char *location)
{
  g_auto(Row) row = { NULL, NULL, NULL };

  read_unit (store, name, &row);
  g_assert_cmpstr (row.status, ==, status);
  g_assert_cmpstr (row.customer, ==, customer);
  g_assert_cmpstr (row.location, ==, location);
}

static GPtrArray *
outbox (OpsStore *store)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = ops_outbox_list (store, NULL, NULL, &error);

  g_assert_no_error (error);
  return rows;
}

static OpsOutboxEntry *
find_entry (GPtrArray  *rows,
            const char *doctype,
            const char *field,
            const char *value)
{
  for (guint i = 0; i < rows->len; i++)
    {
      OpsOutboxEntry *entry = rows->pdata[i];

      if (g_str_equal (entry->doctype, doctype) &&
          (field == NULL ||
           g_strcmp0 (json_object_get_string_member_with_default (entry->payload, field, NULL), value) == 0))
        return entry;
    }
  return NULL;
}

static void
assert_put (GPtrArray  *rows,
            const char *name,
            const char *status,
            const char *customer,
            const char *location)
{
  OpsOutboxEntry *entry = NULL;

  for (guint i = 0; i < rows->len && entry == NULL; i++)
    {
      OpsOutboxEntry *e = rows->pdata[i];

      if (g_str_equal (e->doctype, "Service Equipment") && g_str_equal (e->docname, name))
        entry = e;
    }
  g_assert_nonnull (entry);
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_UPDATE);
  g_assert_cmpint (entry->state, ==, OPS_OUTBOX_PENDING);
  g_assert_cmpuint (json_object_get_size (entry->payload), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "status"), ==, status);
  /* A cleared link is sent as null, so ERPNext empties it. */
  if (customer == NULL)
    g_assert_true (json_object_get_null_member (entry->payload, "customer"));
  else
    g_assert_cmpstr (json_object_get_string_member (entry->payload, "customer"), ==, customer);
  if (location == NULL)
    g_assert_true (json_object_get_null_member (entry->payload, "location"));
  else
    g_assert_cmpstr (json_object_get_string_member (entry->payload, "location"), ==, location);
}

static void
assert_move (GPtrArray  *rows,
             const char *equipment,
             const char *from_status,
             const char *to_status,
             const char *moved_on)
{
  OpsOutboxEntry *entry = find_entry (rows, "Equipment Move", "equipment", equipment);
  JsonObject *p;

  g_assert_nonnull (entry);
  p = entry->payload;
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_INSERT);
  g_assert_true (g_str_has_prefix (entry->docname, "new-equipment-move-"));
  /* The key rides in ops_key, so a delivery in doubt is found again. */
  g_assert_cmpstr (entry->dedupe_field, ==, "ops_key");
  g_assert_cmpstr (json_object_get_string_member (p, "ops_key"), ==, entry->idempotency_key);
  g_assert_cmpstr (json_object_get_string_member (p, "from_status"), ==, from_status);
  g_assert_cmpstr (json_object_get_string_member (p, "to_status"), ==, to_status);
  g_assert_cmpstr (json_object_get_string_member (p, "customer"), ==, "C1");
  g_assert_cmpstr (json_object_get_string_member (p, "location"), ==, "L1");
  g_assert_cmpstr (json_object_get_string_member (p, "moved_on"), ==, moved_on);
  g_assert_true (json_object_has_member (p, "note"));
  g_assert_cmpuint (json_object_get_size (p), ==, 8);
}

static GDateTime *
fixed_now (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();

  return g_date_time_new (tz, 2026, 3, 10, 15, 4, 5);
}

static gboolean
customer_found_by (OpsStore   *store,
                   const char *text,
                   const char *customer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = ops_store_search_customers (store, text, 10, NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (((OpsCustomerHit *)hits->pdata[i])->name, customer))
      return TRUE;
  return FALSE;
}

/*
 * Tests
 */

static void
test_inventory (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) onts = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) literal = NULL;
  g_autoptr(GPtrArray) diagnosis = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  OpsEquipment *e;

  onts = ops_store_list_inventory (store, "ONT", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (onts->len, ==, 2);
  e = onts->pdata[0];
  g_assert_cmpstr (e->name, ==, "E2");
  g_assert_cmpstr (e->serial, ==, "22275A7000002");
  g_assert_cmpstr (e->mac, ==, "1C:61:B4:00:00:02");
  g_assert_cmpstr (e->status, ==, "En inventaire");
  g_assert_cmpstr (((OpsEquipment *)onts->pdata[1])->name, ==, "E6");

  all = ops_store_list_inventory (store, NULL, NULL, 0, &error);
  g_assert_cmpuint (all->len, ==, 3);

  /* Searchable by a part of the serial, whatever the case. */
  found = ops_store_list_inventory (store, NULL, " a7000006 ", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((OpsEquipment *)found->pdata[0])->name, ==, "E6");
  g_clear_pointer (&found, g_ptr_array_unref);
  found = ops_store_list_inventory (store, NULL, "deco", 0, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((OpsEquipment *)found->pdata[0])->name, ==, "E3");

  /* LIKE's wildcards are taken literally. */
  literal = ops_store_list_inventory (store, NULL, "%", 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (literal->len, ==, 0);

  limited = ops_store_list_inventory (store, NULL, NULL, 1, &error);
  g_assert_cmpuint (limited->len, ==, 1);

  /* Units in diagnosis: the customer's own, then nobody's. */
  upsert (store, "equipment", "{\"name\": \"E8\", \"equipment_type\": \"ONT\", \"serial\": \"0000000000008\","
                              " \"status\": \"En diagnostic\"}");
  diagnosis = ops_store_list_equipment (store, "En diagnostic", "ONT", "C2", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (diagnosis->len, ==, 2);
  g_assert_cmpstr (((OpsEquipment *)diagnosis->pdata[0])->name, ==, "E5");
  g_assert_cmpstr (((OpsEquipment *)diagnosis->pdata[1])->name, ==, "E8");
  g_clear_pointer (&diagnosis, g_ptr_array_unref);
  diagnosis = ops_store_list_equipment (store, "En diagnostic", NULL, NULL, NULL, 0, &error);
  g_assert_cmpuint (diagnosis->len, ==, 3);
}

static void
test_replace (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(OpsCustomerDetail) detail = NULL;

  g_assert_true (customer_found_by (store, "22275A7000001", "C1"));
  g_assert_false (customer_found_by (store, "22275A7000002", "C1"));

  g_assert_true (ops_edit_swap_equipment (store, "E1", "E2", OPS_SWAP_REPLACE, OPS_SWAP_FLAGS_NONE,
                                          "Laser dead", now, TRUE, &error));
  g_assert_no_error (error);

  assert_unit (store, "E1", "Défectueux", NULL, NULL);
  assert_unit (store, "E2", "Actif", "C1", "L1");

  rows = outbox (store);
  g_assert_cmpuint (rows->len, ==, 4);
  assert_put (rows, "E1", "Défectueux", NULL, NULL);
  assert_put (rows, "E2", "Actif", "C1", "L1");
  assert_move (rows, "E1", "Actif", "Défectueux", "2026-03-10 15:04:05");
  assert_move (rows, "E2", "En inventaire", "Actif", "2026-03-10 15:04:05");
  g_assert_nonnull (strstr (json_object_get_string_member (find_entry (rows, "Equipment Move", "equipment", "E1")->payload,
                                                           "note"),
                            "Laser dead"));
  g_assert_null (find_entry (rows, "Task", NULL, NULL));

  /* The customer's page and search follow the units. */
  detail = ops_store_get_customer_detail (store, "C1", &error);
  g_assert_cmpuint (detail->equipment->len, ==, 2);
  g_assert_true (customer_found_by (store, "22275A7000002", "C1"));
  g_assert_false (customer_found_by (store, "22275A7000001", "C1"));
}

static void
test_diagnostic (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  OpsOutboxEntry *task;
  const char *description;

  g_assert_true (ops_edit_swap_equipment (store, "E1", "E6", OPS_SWAP_DIAGNOSTIC, OPS_SWAP_FLAGS_NONE,
                                          NULL, now, TRUE, &error));
  g_assert_no_error (error);

  /* The unit in diagnosis stays the customer's, off its location. */
  assert_unit (store, "E1", "En diagnostic", "C1", NULL);
  assert_unit (store, "E6", "Actif", "C1", "L1");

  rows = outbox (store);
  g_assert_cmpuint (rows->len, ==, 5);
  assert_put (rows, "E1", "En diagnostic", "C1", NULL);
  assert_put (rows, "E6", "Actif", "C1", "L1");
  assert_move (rows, "E1", "Actif", "En diagnostic", "2026-03-10 15:04:05");
  assert_move (rows, "E6", "En inventaire", "Actif", "2026-03-10 15:04:05");

  /* A task to test the unit within 7 days, found again by its key. */
  task = find_entry (rows, "Task", NULL, NULL);
  g_assert_nonnull (task);
  g_assert_cmpint (task->operation, ==, OPS_OUTBOX_INSERT);
  g_assert_cmpstr (task->dedupe_field, ==, "custom_ops_key");
  g_assert_cmpstr (json_object_get_string_member (task->payload, "custom_ops_key"), ==, task->idempotency_key);
  g_assert_cmpstr (json_object_get_string_member (task->payload, "subject"), ==, "Tester l'unité 22275A7000001");
  g_assert_cmpstr (json_object_get_string_member (task->payload, "exp_end_date"), ==, "2026-03-17");
  g_assert_cmpstr (json_object_get_string_member (task->payload, "status"), ==, "Open");
  description = json_object_get_string_member (task->payload, "description");
  g_assert_nonnull (strstr (description, "22275A7000006"));
  g_assert_nonnull (strstr (description, "C1"));
}

static void
test_return (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GDateTime) now = fixed_now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* E1 is the test unit at C1's; E4, C1's own unit, comes back. */
  g_assert_true (ops_edit_swap_equipment (store, "E1", "E4", OPS_SWAP_RETURN, OPS_SWAP_FLAGS_NONE,
                                          NULL, now, TRUE, &error));
  g_assert_no_error (error);
  assert_unit (store, "E1", "Retourné", NULL, NULL);
  assert_unit (store, "E4", "Actif", "C1", "L1");

  rows = outbox (store);
  g_assert_cmpuint (rows->len, ==, 4);
  assert_put (rows, "E1", "Retourné", NULL, NULL);
  assert_put (rows, "E4", "Actif", "C1", "L1");
  assert_move (rows, "E1", "Actif", "Retourné", "2026-03-10 15:04:05");
  assert_move (rows, "E4", "En diagnostic", "Actif", "2026-03-10 15:04:05");
  g_assert_null (find_entry (rows, "Task", NULL, NULL));
}

static void
test_return_tested_ok (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* A test unit checked at the warehouse goes straight back to stock. */
  g_assert_true (ops_edit_swap_equipment (store, "E1", "E4", OPS_SWAP_RETURN, OPS_SWAP_TESTED_OK,
                                          NULL, NULL, TRUE, &error));
  g_assert_no_error (error);
  assert_unit (store, "E1", "En inventaire", NULL, NULL);
  assert_unit (store, "E4", "Actif", "C1", "L1");
  rows = outbox (store);
  assert_put (rows, "E1", "En inventaire", NULL, NULL);
}

static void
assert_refused (OpsStore       *store,
                const char     *removed,
                const char     *installed,
                OpsSwapOutcome  outcome,
                const char     *says)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  g_assert_false (ops_edit_swap_equipment (store, removed, installed, outcome, OPS_SWAP_FLAGS_NONE,
                                           NULL, NULL, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_assert_nonnull (strstr (error->message, says));

  rows = outbox (store);
  g_assert_cmpuint (rows->len, ==, 0);
}

static void
assert_untouched (OpsStore *store)
{
  assert_unit (store, "E1", "Actif", "C1", "L1");
  assert_unit (store, "E2", "En inventaire", NULL, NULL);
  assert_unit (store, "E3", "En inventaire", NULL, NULL);
  assert_unit (store, "E4", "En diagnostic", "C1", NULL);
  assert_unit (store, "E5", "En diagnostic", "C2", NULL);
  assert_unit (store, "E6", "En inventaire", NULL, NULL);
}

static void
test_refused (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  assert_refused (store, "E1", "E1", OPS_SWAP_REPLACE, "cannot replace itself");
  assert_refused (store, "E1", "E9", OPS_SWAP_REPLACE, "not in the local store");
  assert_refused (store, "E2", "E6", OPS_SWAP_REPLACE, "only an active unit");
  assert_refused (store, "E7", "E6", OPS_SWAP_REPLACE, "only an active unit");
  assert_refused (store, "E1", "E4", OPS_SWAP_REPLACE, "not in stock");
  assert_refused (store, "E1", "E3", OPS_SWAP_DIAGNOSTIC, "same type");
  assert_refused (store, "E1", "E2", OPS_SWAP_RETURN, "not in diagnosis");
  assert_refused (store, "E1", "E5", OPS_SWAP_RETURN, "taken from customer C2");
  assert_untouched (store);

  /* ERPNext's side fails halfway (the task cannot be queued): the unit
   * rows and the rows queued before it are rolled back with it. */
  g_assert_true (ops_store_exec (store,
                                 "CREATE TRIGGER no_tasks BEFORE INSERT ON outbox WHEN NEW.doctype = 'Task' "
                                 "BEGIN SELECT RAISE(ABORT, 'no tasks today'); END",
                                 &error));
  g_assert_no_error (error);
  g_assert_false (ops_edit_swap_equipment (store, "E1", "E2", OPS_SWAP_DIAGNOSTIC, OPS_SWAP_FLAGS_NONE,
                                           NULL, NULL, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_QUERY);
  assert_untouched (store);
  rows = outbox (store);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_true (customer_found_by (store, "22275A7000001", "C1"));
  g_assert_false (customer_found_by (store, "22275A7000002", "C1"));
}

static void
test_demo (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "swap-demo.sqlite", NULL);
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_workspace_open (config, path, TRUE, &error);
  g_autoptr(GPtrArray) stock = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *installed = NULL;
  OpsEquipment *ont;

  g_assert_no_error (error);

  ont = ops_store_find_equipment (store, "22275A7000395", &customer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ont);
  g_assert_cmpstr (customer, ==, "C0001");
  g_assert_cmpstr (ont->status, ==, "Actif");

  /* The demo workspace has ONTs in stock to swap in. */
  stock = ops_store_list_inventory (store, ont->equipment_type, NULL, 50, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stock->len, >, 0);
  installed = g_strdup (((OpsEquipment *)stock->pdata[0])->name);

  g_assert_true (ops_edit_swap_equipment (store, ont->name, installed, OPS_SWAP_DIAGNOSTIC, OPS_SWAP_FLAGS_NONE,
                                          NULL, NULL, FALSE, &error));
  g_assert_no_error (error);
  assert_unit (store, ont->name, "En diagnostic", "C0001", NULL);
  assert_unit (store, installed, "Actif", "C0001", "LOC-00001");

  /* Kept locally; nothing is sent, not even the task. */
  rows = outbox (store);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_cmpint (ops_outbox_count (store, OPS_OUTBOX_PENDING), ==, 0);
  ops_equipment_free (ont);
}

static void
test_statuses (void)
{
  g_assert_cmpstr (ops_swap_installed_from_status (OPS_SWAP_REPLACE), ==, "En inventaire");
  g_assert_cmpstr (ops_swap_installed_from_status (OPS_SWAP_DIAGNOSTIC), ==, "En inventaire");
  g_assert_cmpstr (ops_swap_installed_from_status (OPS_SWAP_RETURN), ==, "En diagnostic");
  g_assert_cmpstr (ops_swap_removed_to_status (OPS_SWAP_REPLACE, OPS_SWAP_FLAGS_NONE), ==, "Défectueux");
  g_assert_cmpstr (ops_swap_removed_to_status (OPS_SWAP_DIAGNOSTIC, OPS_SWAP_FLAGS_NONE), ==, "En diagnostic");
  g_assert_cmpstr (ops_swap_removed_to_status (OPS_SWAP_RETURN, OPS_SWAP_FLAGS_NONE), ==, "Retourné");
  g_assert_cmpstr (ops_swap_removed_to_status (OPS_SWAP_RETURN, OPS_SWAP_TESTED_OK), ==, "En inventaire");
  g_assert_cmpstr (ops_swap_outcome_name (OPS_SWAP_DIAGNOSTIC), ==, "Swap diagnostic");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/swap/statuses", test_statuses);
  g_test_add_func ("/swap/inventory", test_inventory);
  g_test_add_func ("/swap/replace", test_replace);
  g_test_add_func ("/swap/diagnostic", test_diagnostic);
  g_test_add_func ("/swap/return", test_return);
  g_test_add_func ("/swap/return-tested-ok", test_return_tested_ok);
  g_test_add_func ("/swap/refused", test_refused);
  g_test_add_func ("/swap/demo", test_demo);

  return g_test_run ();
}
