/* ops-store-equipment.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Equipment by serial, device id or name.
 */

#define G_LOG_DOMAIN "ops-store-equipment"

#include "config.h"

#include "ops-store-private.h"

OpsEquipment *
ops_store_find_equipment (OpsStore    *self,
                          const char  *key,
                          char       **customer,
                          GError     **error)
{
  OpsEquipment *e = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  if (customer != NULL)
    *customer = NULL;

  stmt = _ops_store_prepare (self,
                             "SELECT name, location, equipment_type, brand, model, serial, mac, status, "
                             "device_id, customer FROM equipment "
                             "WHERE serial = ?1 COLLATE NOCASE OR device_id = ?1 COLLATE NOCASE OR name = ?1 "
                             "ORDER BY status = 'Actif' DESC, name LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      e = g_new0 (OpsEquipment, 1);
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
        *customer = _ops_store_column_text (stmt, 9);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _ops_store_set_error (self->db, rc, error);
  return e;
}

GPtrArray *
ops_store_list_device_ids (OpsStore  *self,
                           GError   **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);

  stmt = _ops_store_prepare (self,
                             "SELECT DISTINCT device_id FROM equipment "
                             "WHERE device_id IS NOT NULL AND device_id != '' ORDER BY device_id",
                             error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, _ops_store_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&ids);
}
