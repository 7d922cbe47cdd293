/* ops-store-messages.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-store"

#include "config.h"

#include "ops-search-query.h"
#include "ops-store-messages.h"
#include "ops-store-private.h"

static const struct
{
  const char *status;
  int         rank;
} status_ranks[] = {
  { "accepted", 1 },
  { "scheduled", 1 },
  { "queued", 1 },
  { "sending", 2 },
  { "sent", 3 },
  { "delivered", 4 },
  { "undelivered", 4 },
  { "failed", 4 },
  { "canceled", 4 },
  { "partially_delivered", 4 },
  { "read", 5 },
};

/*
 * Auxiliary methods
 */

static gboolean
same_number (const char *stored,
             const char *e164)
{
  g_autofree char *normalized = NULL;

  if (stored == NULL || *stored == '\0')
    return FALSE;
  normalized = ops_phone_to_e164 (stored);
  return g_strcmp0 (normalized, e164) == 0;
}

static char *
now_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

/*
 * Public API
 */

int
ops_message_status_rank (const char *status)
{
  for (guint i = 0; status != NULL && i < G_N_ELEMENTS (status_ranks); i++)
    if (g_str_equal (status_ranks[i].status, status))
      return status_ranks[i].rank;
  return 0;
}

char *
ops_store_find_customer_by_phone (OpsStore    *self,
                                  const char  *phone,
                                  GError     **error)
{
  g_autofree char *e164 = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *match = NULL;
  char *customer = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);

  e164 = ops_phone_to_e164 (phone);
  if (e164 == NULL)
    return NULL;

  /* The index holds each number's national digits: a cheap first pass,
   * then the contacts it finds are compared in full. */
  digits = ops_phone_national_digits (e164);
  match = g_strdup_printf ("phones : \"%s\"", digits);

  stmt = _ops_store_prepare (self,
                             "SELECT k.customer, k.phone, k.mobile FROM customer_search s "
                             "JOIN customers c ON c.rowid = s.rowid JOIN contacts k ON k.customer = c.name "
                             "WHERE customer_search MATCH ?1 "
                             "ORDER BY k.is_primary DESC, c.name, k.name",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (same_number ((const char *)sqlite3_column_text (stmt, 1), e164) ||
        same_number ((const char *)sqlite3_column_text (stmt, 2), e164))
      {
        customer = _ops_store_column_text (stmt, 0);
        break;
      }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _ops_store_set_error (self->db, rc, error);
  return customer;
}

gboolean
ops_store_has_customer (OpsStore   *self,
                        const char *customer)
{
  sqlite3_stmt *stmt;
  gboolean found;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (customer != NULL, FALSE);

  if (!(stmt = _ops_store_prepare (self, "SELECT 1 FROM customers WHERE name = ?1", NULL)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

char *
ops_store_find_open_ticket (OpsStore    *self,
                            const char  *customer,
                            GError     **error)
{
  char *ticket = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  stmt = _ops_store_prepare (self,
                             "SELECT name FROM tickets WHERE customer = ?1 "
                             "AND status IN ('Open', 'Replied', 'On Hold') "
                             "ORDER BY opening_date DESC, opening_time DESC, name DESC LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    ticket = _ops_store_column_text (stmt, 0);
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _ops_store_set_error (self->db, rc, error);
  return ticket;
}

gboolean
ops_store_find_message_by_provider_id (OpsStore    *self,
                                       const char  *provider_id,
                                       char       **name,
                                       char       **customer,
                                       char       **delivery_status,
                                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL, FALSE);

  stmt = _ops_store_prepare (self,
                             "SELECT name, customer, delivery_status FROM messages WHERE provider_id = ?1 "
                             "ORDER BY name LIMIT 1",
                             error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, provider_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      if (name != NULL)
        *name = _ops_store_column_text (stmt, 0);
      if (customer != NULL)
        *customer = _ops_store_column_text (stmt, 1);
      if (delivery_status != NULL)
        *delivery_status = _ops_store_column_text (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _ops_store_set_error (self->db, rc, error);
  return rc == SQLITE_ROW;
}

gboolean
ops_store_update_message_status (OpsStore    *self,
                                 const char  *provider_id,
                                 const char  *status,
                                 int          error_code,
                                 gboolean    *found,
                                 gboolean    *changed,
                                 char       **name,
                                 char       **customer,
                                 GError     **error)
{
  g_autofree char *message = NULL;
  g_autofree char *owner = NULL;
  g_autofree char *current = NULL;
  g_autofree char *now = NULL;
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  gboolean exists;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (provider_id != NULL && status != NULL, FALSE);

  if (found != NULL)
    *found = FALSE;
  if (changed != NULL)
    *changed = FALSE;

  exists = ops_store_find_message_by_provider_id (self, provider_id, &message, &owner, &current, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!exists)
    return TRUE;

  if (found != NULL)
    *found = TRUE;
  if (name != NULL)
    *name = g_strdup (message);
  if (customer != NULL)
    *customer = g_strdup (owner);

  /* A late "sent" after "delivered" does not take it back. */
  if (ops_message_status_rank (status) <= ops_message_status_rank (current))
    return TRUE;

  stmt = _ops_store_prepare (self,
                             "UPDATE messages SET delivery_status = ?2, error_code = ?3, modified = ?4 "
                             "WHERE name = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;

  now = now_text ();
  sqlite3_bind_text (stmt, 1, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
  if (error_code != 0)
    sqlite3_bind_int (stmt, 3, error_code);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);

  if (changed != NULL)
    *changed = TRUE;
  return TRUE;
}
