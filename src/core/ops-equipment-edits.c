/* ops-equipment-edits.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-equipment-edits"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-equipment-edits.h"
#include "ops-equipment-lookup.h"
#include "ops-outbox.h"
#include "ops-store-private.h"

/* The name an inserted document has until ERPNext gives it one. */
#define LOCAL_PREFIX "new-"

static char *
local_name (const char *prefix)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat (prefix, uuid, NULL);
}

static gboolean
is_blank (const char *text)
{
  if (text == NULL)
    return TRUE;
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static void
set_text (JsonObject *object,
          const char *member,
          const char *value)
{
  if (!is_blank (value))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (value));

      json_object_set_string_member (object, member, trimmed);
    }
}

/* aabbccddeeff -> AA:BB:CC:DD:EE:FF, the spelling the demo and ERPNext use. */
static char *
format_mac (const char *normal)
{
  GString *mac = g_string_sized_new (17);

  for (guint i = 0; i < 12; i++)
    {
      if (i > 0 && i % 2 == 0)
        g_string_append_c (mac, ':');
      g_string_append_c (mac, g_ascii_toupper (normal[i]));
    }
  return g_string_free (mac, FALSE);
}

static gboolean
invalid (GError     **error,
         const char  *message)
{
  g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD, message);
  return FALSE;
}

char *
ops_edit_create_equipment (OpsStore              *store,
                           const OpsNewEquipment *unit,
                           gboolean               queue,
                           GError               **error)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *name = NULL;
  g_autofree char *mac = NULL;
  g_autofree char *normal = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *serial = NULL;
  OpsEquipment *existing;
  GError *local_error = NULL;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (unit != NULL, NULL);

  if (is_blank (unit->serial))
    {
      invalid (error, _("A unit needs its serial number; scan it or type it from the label."));
      return NULL;
    }
  if (is_blank (unit->equipment_type))
    {
      invalid (error, _("Choose the type of the unit (ONT, router, switch, access point or decoder)."));
      return NULL;
    }
  if (!is_blank (unit->mac))
    {
      if (!(normal = ops_mac_normalize (unit->mac)))
        {
          g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                       _("“%s” is not a MAC address; it has 12 hexadecimal digits, like 1C:61:B4:5D:EF:7F."),
                       unit->mac);
          return NULL;
        }
      mac = format_mac (normal);
    }

  serial = g_strstrip (g_strdup (unit->serial));
  existing = ops_store_find_equipment (store, serial, NULL, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (existing != NULL)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   _("The unit with serial %s is already in the store as %s; open it instead of creating it again."),
                   serial, existing->name);
      ops_equipment_free (existing);
      return NULL;
    }

  name = local_name (LOCAL_PREFIX "equipment-");
  json_object_set_string_member (record, "name", name);
  set_text (record, "equipment_type", unit->equipment_type);
  set_text (record, "brand", unit->brand);
  set_text (record, "model", unit->model);
  json_object_set_string_member (record, "serial", serial);
  if (mac != NULL)
    json_object_set_string_member (record, "mac", mac);
  json_object_set_string_member (record, "status", is_blank (unit->status) ? OPS_EQUIPMENT_STATUS_IN_STOCK : unit->status);
  set_text (record, "customer", unit->customer);
  set_text (record, "location", unit->location);

  /* What ERPNext receives: the same fields, without the local name. */
  payload = json_object_new ();
  {
    g_autoptr(GList) members = json_object_get_members (record);

    for (const GList *l = members; l != NULL; l = l->next)
      if (!g_str_equal (l->data, "name"))
        json_object_set_member (payload, l->data, json_node_copy (json_object_get_member (record, l->data)));
  }

  if (!ops_store_begin (store, error))
    return NULL;
  if (!ops_store_upsert (store, "equipment", record, error))
    goto fail;
  if (!is_blank (unit->customer) && !ops_store_reindex_customer (store, unit->customer, error))
    goto fail;
  if (queue)
    {
      /* TRANSLATORS: in the outbox: "New unit 22275A7000395" */
      summary = g_strdup_printf (_("New unit %s"), serial);
      if (ops_outbox_enqueue (store, "Service Equipment", name, OPS_OUTBOX_INSERT, payload,
                              OPS_EQUIPMENT_DEDUPE_FIELD, summary, error) == 0)
        goto fail;
    }
  if (!ops_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&name);

fail:
  ops_store_rollback (store);
  return NULL;
}

/* The job's equipment list from the store, and its customer. */
static JsonArray *
read_job_equipment (OpsStore    *store,
                    const char  *job,
                    char       **customer,
                    GError     **error)
{
  sqlite3_stmt *stmt = _ops_store_prepare (store, "SELECT equipment, customer FROM jobs WHERE name = ?1", error);
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, job, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      text = _ops_store_column_text (stmt, 0);
      *customer = _ops_store_column_text (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
                   _("The dispatch job %s is not in the local store; it may have been deleted in ERPNext."), job);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _ops_store_set_error (store->db, rc, error);
      return NULL;
    }

  if (text != NULL && *text != '\0')
    node = json_from_string (text, NULL);
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    return json_array_ref (json_node_get_array (node));
  if (text != NULL && *text != '\0' && node == NULL)
    {
      /* Not JSON: a comma-separated list as ERPNext sends it. */
      g_auto(GStrv) parts = g_strsplit (text, ",", -1);
      JsonArray *list = json_array_new ();

      for (guint i = 0; parts[i] != NULL; i++)
        if (!is_blank (parts[i]))
          json_array_add_string_element (list, g_strstrip (parts[i]));
      return list;
    }
  return json_array_new ();
}

static gboolean
equipment_exists (OpsStore    *store,
                  const char  *name,
                  GError     **error)
{
  sqlite3_stmt *stmt = _ops_store_prepare (store, "SELECT 1 FROM equipment WHERE name = ?1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc == SQLITE_DONE)
    g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
                 _("The unit %s is not in the local store; it may have been deleted in ERPNext."), name);
  else
    _ops_store_set_error (store->db, rc, error);
  return FALSE;
}

gboolean
ops_edit_attach_equipment (OpsStore    *store,
                           const char  *job,
                           const char  *equipment,
                           gboolean     queue,
                           GError     **error)
{
  g_autoptr(JsonArray) list = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (job != NULL && equipment != NULL, FALSE);

  if (g_str_has_prefix (equipment, LOCAL_PREFIX))
    return invalid (error, _("This unit is not in ERPNext yet; attach it to the job once the outbox has "
                             "delivered it."));
  if (!equipment_exists (store, equipment, error))
    return FALSE;
  if (!(list = read_job_equipment (store, job, &customer, error)))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      const char *listed = json_array_get_string_element (list, i);

      if (listed == NULL)
        continue;
      if (g_str_equal (listed, equipment))
        {
          g_debug ("%s is already on %s", equipment, job);
          return TRUE;
        }
      g_ptr_array_add (names, (gpointer) listed);
    }
  json_array_add_string_element (list, equipment);
  g_ptr_array_add (names, (gpointer) equipment);
  g_ptr_array_add (names, NULL);

  record = json_object_new ();
  json_object_set_string_member (record, "name", job);
  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, list);
  json_object_set_member (record, "equipment", g_steal_pointer (&node));

  /* ERPNext's field is the comma-separated list (see ops-erpnext-map.c). */
  payload = json_object_new ();
  {
    g_autofree char *joined = g_strjoinv (", ", (char **) names->pdata);

    json_object_set_string_member (payload, "equipment", joined);
  }

  if (!ops_store_begin (store, error))
    return FALSE;
  if (!ops_store_upsert (store, "jobs", record, error))
    goto fail;
  if (customer != NULL && !ops_store_reindex_customer (store, customer, error))
    goto fail;
  if (queue)
    {
      /* TRANSLATORS: in the outbox: "Unit EQP-00012 attached to DJ-00031" */
      summary = g_strdup_printf (_("Unit %s attached to %s"), equipment, job);
      if (ops_outbox_enqueue (store, "Dispatch Job", job, OPS_OUTBOX_UPDATE, payload, NULL, summary, error) == 0)
        goto fail;
    }
  if (!ops_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  ops_store_rollback (store);
  return FALSE;
}

static void
set_amount (JsonObject *object,
            const char *member,
            double      value)
{
  /* Cents: what a photo of a paper invoice can say. */
  json_object_set_double_member (object, member, round (value * 100.0) / 100.0);
}

/* ERPNext requires an account head on every tax row: without one the
 * amount read goes to the remarks for the accountant instead. */
static void
add_tax (JsonArray  *taxes,
         GString    *remarks,
         const char *description,
         const char *account,
         double      amount)
{
  JsonObject *row;

  if (isnan (amount) || amount == 0.0)
    return;
  if (is_blank (account))
    {
      g_string_append_printf (remarks, "%s%s %.2f", remarks->len > 0 ? ", " : "", description, amount);
      return;
    }
  row = json_object_new ();
  json_object_set_string_member (row, "category", "Total");
  json_object_set_string_member (row, "add_deduct_tax", "Add");
  json_object_set_string_member (row, "charge_type", "Actual");
  json_object_set_string_member (row, "account_head", account);
  json_object_set_string_member (row, "description", description);
  set_amount (row, "tax_amount", amount);
  json_array_add_object_element (taxes, row);
}

static JsonObject *
item_row (const char *description,
          double      quantity,
          double      rate)
{
  JsonObject *row = json_object_new ();
  g_autofree char *name = g_utf8_substring (description, 0, MIN (g_utf8_strlen (description, -1), 140));

  json_object_set_string_member (row, "item_name", name);
  json_object_set_string_member (row, "description", description);
  json_object_set_double_member (row, "qty", quantity);
  if (!isnan (rate))
    set_amount (row, "rate", rate);
  return row;
}

JsonObject *
ops_purchase_invoice_payload (const OpsSupplierInvoice *invoice,
                              const char               *tps_account,
                              const char               *tvq_account)
{
  JsonObject *doc = json_object_new ();
  JsonArray *items = json_array_new ();
  JsonArray *taxes = json_array_new ();
  g_autoptr(GString) remarks = g_string_new (NULL);

  g_return_val_if_fail (invoice != NULL, doc);

  set_text (doc, "supplier", invoice->supplier);
  set_text (doc, "bill_no", invoice->number);
  set_text (doc, "bill_date", invoice->date);
  json_object_set_string_member (doc, "currency", is_blank (invoice->currency) ? "CAD" : invoice->currency);
  json_object_set_int_member (doc, "docstatus", 0);

  for (guint i = 0; invoice->lines != NULL && i < invoice->lines->len; i++)
    {
      const OpsInvoiceLine *line = g_ptr_array_index (invoice->lines, i);
      double quantity = isnan (line->quantity) || line->quantity <= 0 ? 1.0 : line->quantity;
      double rate = line->unit_price;

      if (isnan (rate) && !isnan (line->amount))
        rate = line->amount / quantity;
      json_array_add_object_element (items, item_row (is_blank (line->description) ? invoice->number
                                                                                  : line->description,
                                                      quantity, rate));
    }
  if (json_array_get_length (items) == 0)
    {
      /* No lines were read: one line for the whole invoice, before taxes. */
      double rate = invoice->subtotal;
      g_autofree char *description = NULL;

      if (isnan (rate) && !isnan (invoice->total))
        rate = invoice->total - (isnan (invoice->tps) ? 0 : invoice->tps) - (isnan (invoice->tvq) ? 0 : invoice->tvq);
      /* ERPNext's documents are written in French. */
      description = g_strdup_printf ("Facture %s", invoice->number ? invoice->number : "");
      json_array_add_object_element (items, item_row (description, 1.0, rate));
    }

  add_tax (taxes, remarks, "TPS", tps_account, invoice->tps);
  add_tax (taxes, remarks, "TVQ", tvq_account, invoice->tvq);
  if (remarks->len > 0)
    {
      /* ERPNext's documents are written in French. */
      g_autofree char *text = g_strdup_printf ("Taxes lues sur la facture : %s. "
                                               "Ajoutez-les avec le modèle de taxes d'achat.", remarks->str);

      json_object_set_string_member (doc, "remarks", text);
    }

  json_object_set_array_member (doc, "items", items);
  json_object_set_array_member (doc, "taxes", taxes);
  return doc;
}

gint64
ops_edit_draft_purchase_invoice (OpsStore                 *store,
                                 const OpsSupplierInvoice *invoice,
                                 const char               *tps_account,
                                 const char               *tvq_account,
                                 GError                  **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *name = NULL;
  g_autofree char *summary = NULL;
  gint64 id;

  g_return_val_if_fail (OPS_IS_STORE (store), 0);
  g_return_val_if_fail (invoice != NULL, 0);

  if (is_blank (invoice->supplier))
    {
      invalid (error, _("Name the supplier as it is in ERPNext before creating the purchase invoice."));
      return 0;
    }
  if (is_blank (invoice->number))
    {
      invalid (error, _("Type the supplier's invoice number before creating the purchase invoice."));
      return 0;
    }

  payload = ops_purchase_invoice_payload (invoice, tps_account, tvq_account);
  name = local_name (LOCAL_PREFIX "purchase-invoice-");
  /* TRANSLATORS: in the outbox: "Draft purchase invoice F-1234 of Fibre Optique Inc." */
  summary = g_strdup_printf (_("Draft purchase invoice %s of %s"), invoice->number, invoice->supplier);

  if (!ops_store_begin (store, error))
    return 0;
  id = ops_outbox_enqueue (store, "Purchase Invoice", name, OPS_OUTBOX_INSERT, payload,
                           OPS_PURCHASE_INVOICE_DEDUPE_FIELD, summary, error);
  if (id == 0 || !ops_store_commit (store, error))
    {
      ops_store_rollback (store);
      return 0;
    }
  return id;
}
