/* ops-equipment-lookup.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-equipment-lookup"

#include "config.h"

#include <string.h>

#include "ops-equipment-lookup.h"
#include "ops-store-private.h"

/* Groups of hex digits separated by one kind of separator: 6 × 2 with ':'
 * or '-', 3 × 4 with '.', or 12 digits with no separator. */
char *
ops_mac_normalize (const char *text)
{
  g_autofree char *trimmed = NULL;
  GString *hex;
  char separator = 0;
  guint group = 0;
  guint group_size = 0;
  guint groups = 0;

  if (text == NULL)
    return NULL;
  trimmed = g_strstrip (g_strdup (text));
  hex = g_string_sized_new (12);

  for (const char *p = trimmed; *p != '\0'; p++)
    {
      if (g_ascii_isxdigit (*p))
        {
          if (hex->len == 12)
            goto invalid;
          g_string_append_c (hex, g_ascii_tolower (*p));
          group++;
          continue;
        }
      if (*p != ':' && *p != '-' && *p != '.')
        goto invalid;
      if (separator == 0)
        {
          separator = *p;
          group_size = group;
        }
      if (*p != separator || group != group_size || group == 0)
        goto invalid;
      groups++;
      group = 0;
    }

  if (hex->len != 12)
    goto invalid;
  if (separator != 0)
    {
      if (group != group_size)
        goto invalid;
      if (separator == '.' ? group_size != 4 : group_size != 2)
        goto invalid;
    }
  return g_string_free (hex, FALSE);

invalid:
  g_string_free (hex, TRUE);
  return NULL;
}

OpsEquipment *
ops_store_find_equipment_by_mac (OpsStore    *store,
                                 const char  *mac,
                                 char       **customer,
                                 GError     **error)
{
  g_autofree char *wanted = NULL;
  OpsEquipment *found = NULL;
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);

  if (customer != NULL)
    *customer = NULL;
  if (!(wanted = ops_mac_normalize (mac)))
    return NULL;

  /* The store keeps MACs as ERPNext has them; the separators are removed
   * in SQL to narrow down, then each candidate is checked in C. */
  stmt = _ops_store_prepare (store,
                             "SELECT name, location, equipment_type, brand, model, serial, mac, status, "
                             "device_id, customer FROM equipment "
                             "WHERE lower(replace(replace(replace(trim(mac), ':', ''), '-', ''), '.', '')) = ?1 "
                             "ORDER BY status = 'Actif' DESC, name",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, wanted, -1, SQLITE_TRANSIENT);
  while (found == NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autofree char *candidate = _ops_store_column_text (stmt, 6);
      g_autofree char *normal = ops_mac_normalize (candidate);

      if (normal == NULL || !g_str_equal (normal, wanted))
        continue;
      found = g_new0 (OpsEquipment, 1);
      found->name = _ops_store_column_text (stmt, 0);
      found->location = _ops_store_column_text (stmt, 1);
      found->equipment_type = _ops_store_column_text (stmt, 2);
      found->brand = _ops_store_column_text (stmt, 3);
      found->model = _ops_store_column_text (stmt, 4);
      found->serial = _ops_store_column_text (stmt, 5);
      found->mac = g_steal_pointer (&candidate);
      found->status = _ops_store_column_text (stmt, 7);
      found->device_id = _ops_store_column_text (stmt, 8);
      if (customer != NULL)
        *customer = _ops_store_column_text (stmt, 9);
    }
  if (found == NULL && rc != SQLITE_DONE)
    _ops_store_set_error (store->db, rc, error);
  sqlite3_reset (stmt);
  return found;
}
