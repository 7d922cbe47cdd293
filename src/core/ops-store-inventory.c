/* ops-store-inventory.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Equipment by status and by name.
 */

#define G_LOG_DOMAIN "ops-store-inventory"

#include "config.h"

#include <string.h>

#include "ops-store-inventory.h"
#include "ops-store-private.h"

#define EQUIPMENT_COLUMNS \
  "SELECT name, location, equipment_type, brand, model, serial, mac, status, device_id, customer FROM equipment "

static OpsEquipment *
read_equipment (sqlite3_stmt  *stmt,
                char         **customer)
{
  OpsEquipment *e = g_new0 (OpsEquipment, 1);

  e->name = _ops_store_column_text (stmt, 0);
  e->location = _ops_store_column_text (stmt, 1);
  e->equipment_type = _ops_store_column_text (stmt, 2);
  e->brand = _ops_store_column_text (stmt, 3);
  e->model = _ops_store_column_text (stmt, 4);
  e->serial = _ops_store_column_text (stmt, 5);
  e->mac = _ops_store_column_text (stmt, 6);
  e->status = _ops_store_column_text (stmt, 7);
  e->device_id = _ops_store_column_text (stmt, 8);
  if (customer != NULL)
    {
      *customer = _ops_store_column_text (stmt, 9);
      /* An empty link is no customer. */
      if (*customer != NULL && **customer == '\0')
        g_clear_pointer (customer, g_free);
    }
  return e;
}

/* LIKE with the text taken literally. */
static char *
like_pattern (const char *text)
{
  GString *pattern = g_string_new ("%");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (pattern, '\\');
      g_string_append_c (pattern, *p);
    }
  g_string_append_c (pattern, '%');
  return g_string_free (pattern, FALSE);
}

GPtrArray *
ops_store_list_equipment (OpsStore    *self,
                          const char  *status,
                          const char  *equipment_type,
                          const char  *customer,
                          const char  *text,
                          guint        limit,
                          GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_equipment_free);
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  g_autofree char *pattern = like_pattern (stripped);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (status != NULL, NULL);

  stmt = _ops_store_prepare (self,
                             EQUIPMENT_COLUMNS
                             "WHERE status = ?1 AND (?2 IS NULL OR equipment_type = ?2) "
                             "AND (?3 IS NULL OR coalesce(customer, '') IN ('', ?3)) "
                             "AND (?4 = '' OR serial LIKE ?5 ESCAPE '\\' OR mac LIKE ?5 ESCAPE '\\' "
                             "     OR model LIKE ?5 ESCAPE '\\') "
                             "ORDER BY coalesce(customer = ?3, 0) DESC, serial, name LIMIT ?6",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, equipment_type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, customer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, stripped, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, pattern, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, limit > 0 ? limit : G_MAXINT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_equipment (stmt, NULL));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

GPtrArray *
ops_store_list_inventory (OpsStore    *self,
                          const char  *equipment_type,
                          const char  *text,
                          guint        limit,
                          GError     **error)
{
  return ops_store_list_equipment (self, OPS_EQUIPMENT_IN_STOCK, equipment_type, NULL, text, limit, error);
}

static OpsEquipment *
get_one (OpsStore    *self,
         const char  *sql,
         const char  *key,
         char       **customer,
         GError     **error)
{
  OpsEquipment *equipment = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (customer != NULL)
    *customer = NULL;
  if (!(stmt = _ops_store_prepare (self, sql, error)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    equipment = read_equipment (stmt, customer);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _ops_store_set_error (self->db, rc, error);
  return equipment;
}

OpsEquipment *
ops_store_get_equipment (OpsStore    *self,
                         const char  *name,
                         char       **customer,
                         GError     **error)
{
  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return get_one (self, EQUIPMENT_COLUMNS "WHERE name = ?", name, customer, error);
}
