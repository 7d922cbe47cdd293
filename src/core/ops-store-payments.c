/* ops-store-payments.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-store"

#include "config.h"

#include <math.h>

#include "ops-store-payments.h"
#include "ops-store-private.h"

gboolean
ops_store_apply_invoice_payment (OpsStore    *self,
                                 const char  *invoice,
                                 double       amount,
                                 guint        decimals,
                                 gboolean    *found,
                                 char       **customer,
                                 double      *outstanding,
                                 GError     **error)
{
  g_autofree char *owner = NULL;
  double scale = pow (10.0, MIN (decimals, 6));
  double left = 0;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoice != NULL, FALSE);
  g_return_val_if_fail (found != NULL, FALSE);

  *found = FALSE;
  stmt = _ops_store_prepare (self, "SELECT customer, outstanding_amount FROM invoices WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, invoice, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *found = TRUE;
      owner = _ops_store_column_text (stmt, 0);
      left = sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  if (!*found)
    return TRUE;

  /* In whole cents (or the currency's unit), so 49.99 - 49.99 is 0. */
  left = MAX (0, round (left * scale) - round (amount * scale)) / scale;

  stmt = _ops_store_prepare (self, "UPDATE invoices SET outstanding_amount = ?, status = ? WHERE name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_double (stmt, 1, left);
  sqlite3_bind_text (stmt, 2, left > 0 ? "Partly Paid" : "Paid", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, invoice, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);

  if (customer != NULL)
    *customer = g_steal_pointer (&owner);
  if (outstanding != NULL)
    *outstanding = left;
  return TRUE;
}
