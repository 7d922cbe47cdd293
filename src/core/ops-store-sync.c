/* ops-store-sync.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What sync keeps in the store besides documents: a cursor per doctype.
 */

#define G_LOG_DOMAIN "ops-store"

#include "config.h"

#include "ops-store-private.h"

void
ops_sync_cursor_clear (OpsSyncCursor *cursor)
{
  g_clear_pointer (&cursor->modified, g_free);
  g_clear_pointer (&cursor->last_name, g_free);
  cursor->complete = FALSE;
  cursor->rows = 0;
}

gboolean
ops_store_get_sync_cursor (OpsStore       *self,
                           const char     *doctype,
                           OpsSyncCursor  *cursor,
                           GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (cursor != NULL, FALSE);

  ops_sync_cursor_clear (cursor);

  stmt = _ops_store_prepare (self, "SELECT modified, last_name, complete, rows FROM sync_state WHERE doctype = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doctype, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      cursor->modified = _ops_store_column_text (stmt, 0);
      cursor->last_name = _ops_store_column_text (stmt, 1);
      cursor->complete = sqlite3_column_int (stmt, 2) != 0;
      cursor->rows = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

gboolean
ops_store_set_sync_cursor (OpsStore    *self,
                           const char  *doctype,
                           const char  *modified,
                           const char  *last_name,
                           gint64       rows_added,
                           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);

  stmt = _ops_store_prepare (self,
                             "INSERT INTO sync_state (doctype, modified, last_name, rows, started_at) "
                             "VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
                             "ON CONFLICT (doctype) DO UPDATE SET modified = ?2, last_name = ?3, "
                             "rows = rows + ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doctype, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, modified, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, last_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, rows_added);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

gboolean
ops_store_set_sync_complete (OpsStore    *self,
                             const char  *doctype,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);

  stmt = _ops_store_prepare (self,
                             "INSERT INTO sync_state (doctype, complete, finished_at) "
                             "VALUES (?1, 1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
                             "ON CONFLICT (doctype) DO UPDATE SET complete = 1, "
                             "finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doctype, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

char *
ops_store_get_row_customer (OpsStore   *self,
                            const char *table,
                            const char *name)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  char *customer = NULL;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);

  if (g_strcmp0 (table, "customers") == 0)
    return g_strdup (name);
  if (!_ops_store_is_document_table (table) ||
      g_str_equal (table, "technicians") || g_str_equal (table, "tags"))
    return NULL;

  sql = g_strdup_printf ("SELECT customer FROM %s WHERE name = ?", table);
  if (!(stmt = _ops_store_prepare (self, sql, NULL)))
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    customer = _ops_store_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return customer;
}

GPtrArray *
ops_store_list_names (OpsStore    *self,
                      const char  *table,
                      GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);

  if (!_ops_store_is_document_table (table))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD, "No document table “%s”", table);
      return NULL;
    }

  sql = g_strdup_printf ("SELECT name FROM %s", table);
  if (!(stmt = _ops_store_prepare (self, sql, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, _ops_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&names);
}

gboolean
ops_store_fill_message_customers (OpsStore  *self,
                                  GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);

  return ops_store_exec (self,
                         "UPDATE messages SET customer = (SELECT customer FROM tickets "
                         "WHERE tickets.name = messages.ticket) "
                         "WHERE customer IS NULL AND ticket IS NOT NULL",
                         error);
}

/**
 * ops_store_rename:
 *
 * Gives a row ERPNext's name after an insert, keeping its local-only
 * columns.  When a row with new_name exists already (sync brought it), the
 * old row is dropped instead.
 */
gboolean
ops_store_rename (OpsStore    *self,
                  const char  *table,
                  const char  *old_name,
                  const char  *new_name,
                  GError     **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);

  if (!_ops_store_is_document_table (table))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD, "No document table “%s”", table);
      return FALSE;
    }

  sql = g_strdup_printf ("UPDATE OR IGNORE %s SET name = ? WHERE name = ?", table);
  if (!(stmt = _ops_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, new_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, old_name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);

  /* Ignored because new_name exists: the old row goes. */
  return ops_store_delete (self, table, old_name, error);
}
