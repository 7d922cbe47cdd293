/* ops-store-customers.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading one customer and everything attached to it.
 */

#define G_LOG_DOMAIN "OpsStoreCustomers"

#include "config.h"

#include "ops-store-private.h"

typedef gpointer (*RowReader) (sqlite3_stmt *stmt);

static GStrv
parse_list (const char *json)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonNode *root;

  if (json == NULL || *json == '\0')
    return g_strv_builder_end (builder);

  parser = json_parser_new ();
  if (json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_ARRAY (root))
    {
      JsonArray *array = json_node_get_array (root);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          const char *s = json_node_get_string (json_array_get_element (array, i));

          if (s && *s)
            g_strv_builder_add (builder, s);
        }
    }
  else
    {
      /* ERPNext "Small Text" lists come comma separated. */
      g_auto(GStrv) parts = g_strsplit (json, ",", -1);

      for (guint i = 0; parts[i]; i++)
        if (*g_strstrip (parts[i]))
          g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

#define TEXT(i) _ops_store_column_text (stmt, (i))

static gpointer
read_contact (sqlite3_stmt *stmt)
{
  OpsContact *c = g_new0 (OpsContact, 1);

  c->name = TEXT (0);
  c->first_name = TEXT (1);
  c->last_name = TEXT (2);
  c->phone = TEXT (3);
  c->mobile = TEXT (4);
  c->email = TEXT (5);
  c->is_primary = sqlite3_column_int (stmt, 6) != 0;
  return c;
}

static gpointer
read_location (sqlite3_stmt *stmt)
{
  OpsLocation *l = g_new0 (OpsLocation, 1);

  l->name = TEXT (0);
  l->address_line = TEXT (1);
  l->city = TEXT (2);
  l->province = TEXT (3);
  l->postal_code = TEXT (4);
  l->latitude = sqlite3_column_double (stmt, 5);
  l->longitude = sqlite3_column_double (stmt, 6);
  l->connection_type = TEXT (7);
  l->olt_port = TEXT (8);
  l->vlan = sqlite3_column_int64 (stmt, 9);
  l->status = TEXT (10);
  return l;
}

static gpointer
read_equipment (sqlite3_stmt *stmt)
{
  OpsEquipment *e = g_new0 (OpsEquipment, 1);

  e->name = TEXT (0);
  e->location = TEXT (1);
  e->equipment_type = TEXT (2);
  e->brand = TEXT (3);
  e->model = TEXT (4);
  e->serial = TEXT (5);
  e->mac = TEXT (6);
  e->status = TEXT (7);
  e->device_id = TEXT (8);
  return e;
}

static gpointer
read_subscription (sqlite3_stmt *stmt)
{
  OpsSubscription *s = g_new0 (OpsSubscription, 1);

  s->name = TEXT (0);
  s->location = TEXT (1);
  s->plan = TEXT (2);
  s->price = sqlite3_column_double (stmt, 3);
  s->status = TEXT (4);
  s->start_date = TEXT (5);
  return s;
}

static gpointer
read_invoice (sqlite3_stmt *stmt)
{
  OpsInvoice *i = g_new0 (OpsInvoice, 1);

  i->name = TEXT (0);
  i->posting_date = TEXT (1);
  i->due_date = TEXT (2);
  i->grand_total = sqlite3_column_double (stmt, 3);
  i->outstanding_amount = sqlite3_column_double (stmt, 4);
  i->status = TEXT (5);
  return i;
}

static gpointer
read_ticket (sqlite3_stmt *stmt)
{
  OpsTicket *t = g_new0 (OpsTicket, 1);

  t->name = TEXT (0);
  t->subject = TEXT (1);
  t->status = TEXT (2);
  t->priority = TEXT (3);
  t->opening_date = TEXT (4);
  t->assigned_to = TEXT (5);
  return t;
}

#undef TEXT

static GPtrArray *
read_rows (OpsStore        *self,
           const char      *sql,
           const char      *customer,
           RowReader        reader,
           GDestroyNotify   free_func,
           GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_stmt *stmt = _ops_store_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, reader (stmt));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

/**
 * ops_store_get_customer_detail:
 *
 * Returns: (transfer full) (nullable): the customer with its contacts,
 * locations, equipment, subscriptions, invoices and tickets; %NULL with no
 * error when there is no such customer
 */
OpsCustomerDetail *
ops_store_get_customer_detail (OpsStore    *self,
                               const char  *name,
                               GError     **error)
{
  g_autoptr(OpsCustomerDetail) detail = NULL;
  sqlite3_stmt *stmt;
  g_autofree char *flags = NULL;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = _ops_store_prepare (self,
                             "SELECT name, customer_name, customer_type, status, flags, notes, language, since, modified "
                             "FROM customers WHERE name = ?",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        _ops_store_set_error (self->db, rc, error);
      return NULL;
    }

  detail = g_new0 (OpsCustomerDetail, 1);
  detail->customer = g_new0 (OpsCustomer, 1);
  detail->customer->name = _ops_store_column_text (stmt, 0);
  detail->customer->customer_name = _ops_store_column_text (stmt, 1);
  detail->customer->customer_type = _ops_store_column_text (stmt, 2);
  detail->customer->status = _ops_store_column_text (stmt, 3);
  flags = _ops_store_column_text (stmt, 4);
  detail->customer->flags = parse_list (flags);
  detail->customer->notes = _ops_store_column_text (stmt, 5);
  detail->customer->language = _ops_store_column_text (stmt, 6);
  detail->customer->since = _ops_store_column_text (stmt, 7);
  detail->customer->modified = _ops_store_column_text (stmt, 8);
  sqlite3_reset (stmt);

  if (!(detail->contacts = read_rows (self,
                                      "SELECT name, first_name, last_name, phone, mobile, email, is_primary "
                                      "FROM contacts WHERE customer = ? ORDER BY is_primary DESC, name",
                                      name, read_contact, (GDestroyNotify)ops_contact_free, error)) ||
      !(detail->locations = read_rows (self,
                                       "SELECT name, address_line, city, province, postal_code, latitude, longitude, "
                                       "connection_type, olt_port, vlan, status FROM locations WHERE customer = ? ORDER BY name",
                                       name, read_location, (GDestroyNotify)ops_location_free, error)) ||
      !(detail->equipment = read_rows (self,
                                       "SELECT name, location, equipment_type, brand, model, serial, mac, status, device_id "
                                       "FROM equipment WHERE customer = ? ORDER BY location, "
                                       "CASE equipment_type WHEN 'ONT' THEN 0 WHEN 'Router' THEN 1 WHEN 'AP' THEN 2 ELSE 3 END, name",
                                       name, read_equipment, (GDestroyNotify)ops_equipment_free, error)) ||
      !(detail->subscriptions = read_rows (self,
                                           "SELECT name, location, plan, price, status, start_date "
                                           "FROM subscriptions WHERE customer = ? ORDER BY status = 'cancelled', name",
                                           name, read_subscription, (GDestroyNotify)ops_subscription_free, error)) ||
      !(detail->invoices = read_rows (self,
                                      "SELECT name, posting_date, due_date, grand_total, outstanding_amount, status "
                                      "FROM invoices WHERE customer = ? ORDER BY posting_date DESC, name DESC",
                                      name, read_invoice, (GDestroyNotify)ops_invoice_free, error)) ||
      !(detail->tickets = read_rows (self,
                                     "SELECT name, subject, status, priority, opening_date, assigned_to "
                                     "FROM tickets WHERE customer = ? ORDER BY opening_date DESC, opening_time DESC",
                                     name, read_ticket, (GDestroyNotify)ops_ticket_free, error)))
    return NULL;

  {
    g_autoptr(GDateTime) now = g_date_time_new_now_local ();
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

    for (guint i = 0; i < detail->invoices->len; i++)
      {
        const OpsInvoice *inv = detail->invoices->pdata[i];

        detail->balance += inv->outstanding_amount;
        if (ops_invoice_is_overdue (inv, today))
          detail->overdue_count++;
      }
  }

  return g_steal_pointer (&detail);
}
