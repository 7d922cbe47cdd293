/* ops-store-payment-links.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times are kept as ISO 8601 in UTC, like the store's other text dates.
 */

#define G_LOG_DOMAIN "ops-store"

#include "config.h"

#include "ops-store-payment-links.h"
#include "ops-store-private.h"

/*
 * Auxiliary methods
 */

static char *
iso_from_unix (gint64 seconds)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (seconds);

  return time ? g_date_time_format (time, "%Y-%m-%dT%H:%M:%SZ") : NULL;
}

static gint64
unix_from_iso (const char *text)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) time = text && *text ? g_date_time_new_from_iso8601 (text, utc) : NULL;

  return time ? g_date_time_to_unix (time) : 0;
}

static gboolean
step_done (OpsStore      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

/*
 * Public API
 */

void
ops_payment_link_free (OpsPaymentLink *self)
{
  if (self == NULL)
    return;
  g_free (self->invoice);
  g_free (self->session_id);
  g_free (self->url);
  g_free (self->currency);
  g_free (self->message);
  g_free (self);
}

gboolean
ops_store_get_invoice_balance (OpsStore    *self,
                               const char  *invoice,
                               gboolean    *found,
                               char       **customer,
                               double      *outstanding,
                               GError     **error)
{
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
      if (customer != NULL)
        *customer = _ops_store_column_text (stmt, 0);
      if (outstanding != NULL)
        *outstanding = sqlite3_column_double (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

OpsPaymentLink *
ops_store_get_last_payment_link (OpsStore    *self,
                                 const char  *invoice,
                                 GError     **error)
{
  OpsPaymentLink *link = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (invoice != NULL, NULL);

  stmt = _ops_store_prepare (self,
                             "SELECT attempt, session_id, url, amount, currency, created_at, expires_at, message "
                             "FROM payment_links WHERE invoice = ? ORDER BY attempt DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, invoice, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *created = _ops_store_column_text (stmt, 5);
      g_autofree char *expires = _ops_store_column_text (stmt, 6);

      link = g_new0 (OpsPaymentLink, 1);
      link->invoice = g_strdup (invoice);
      link->attempt = (guint)sqlite3_column_int64 (stmt, 0);
      link->session_id = _ops_store_column_text (stmt, 1);
      link->url = _ops_store_column_text (stmt, 2);
      link->amount = sqlite3_column_double (stmt, 3);
      link->currency = _ops_store_column_text (stmt, 4);
      link->created_at = unix_from_iso (created);
      link->expires_at = unix_from_iso (expires);
      link->message = _ops_store_column_text (stmt, 7);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _ops_store_set_error (self->db, rc, error);
  return link;
}

gboolean
ops_store_add_payment_link (OpsStore    *self,
                            const char  *invoice,
                            guint        attempt,
                            double       amount,
                            const char  *currency,
                            GError     **error)
{
  g_autofree char *now = iso_from_unix (g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoice != NULL, FALSE);

  stmt = _ops_store_prepare (self,
                             "INSERT INTO payment_links (invoice, attempt, amount, currency, created_at) "
                             "VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, invoice, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, attempt);
  sqlite3_bind_double (stmt, 3, amount);
  sqlite3_bind_text (stmt, 4, currency, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  return step_done (self, stmt, error);
}

gboolean
ops_store_set_payment_link_session (OpsStore    *self,
                                    const char  *invoice,
                                    guint        attempt,
                                    const char  *session_id,
                                    const char  *url,
                                    gint64       expires_at,
                                    GError     **error)
{
  g_autofree char *expires = expires_at > 0 ? iso_from_unix (expires_at) : NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoice != NULL, FALSE);

  stmt = _ops_store_prepare (self,
                             "UPDATE payment_links SET session_id = ?, url = ?, expires_at = ? "
                             "WHERE invoice = ? AND attempt = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, url, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, expires, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, invoice, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, attempt);
  return step_done (self, stmt, error);
}

gboolean
ops_store_set_payment_link_message (OpsStore    *self,
                                    const char  *invoice,
                                    guint        attempt,
                                    const char  *message,
                                    GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (invoice != NULL, FALSE);

  stmt = _ops_store_prepare (self, "UPDATE payment_links SET message = ? WHERE invoice = ? AND attempt = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, invoice, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, attempt);
  return step_done (self, stmt, error);
}
