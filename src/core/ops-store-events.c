/* ops-store-events.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Webhook providers retry; each of their events must have its effects once.
 */

#define G_LOG_DOMAIN "ops-store"

#include "config.h"

#include "ops-store-private.h"

gboolean
ops_store_claim_event (OpsStore    *self,
                       const char  *provider,
                       const char  *event_key,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider != NULL && event_key != NULL, FALSE);

  stmt = _ops_store_prepare (self,
                             "INSERT OR IGNORE INTO processed_events (provider, event_key, processed_at) "
                             "VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, provider, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, event_key, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return sqlite3_changes (self->db) == 1;
}
