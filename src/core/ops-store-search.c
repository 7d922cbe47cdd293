/* ops-store-search.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The customer search index and its queries.
 */

#define G_LOG_DOMAIN "OpsStoreSearch"

#include "config.h"

#include <string.h>

#include "ops-search-query.h"
#include "ops-store-private.h"

#define INDEX_SELECT                                                                                  \
  "SELECT c.rowid, c.customer_name, c.name,"                                                          \
  " (SELECT group_concat(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||"       \
  "                      coalesce(email, ''), ' ') FROM contacts WHERE customer = c.name),"           \
  " (SELECT group_concat(ops_phone_tokens(phone) || ' ' || ops_phone_tokens(mobile), ' ')"            \
  "    FROM contacts WHERE customer = c.name),"                                                       \
  " (SELECT group_concat(coalesce(address_line, '') || ' ' || coalesce(city, '') || ' ' ||"           \
  "                      coalesce(postal_code, '') || ' ' || replace(coalesce(postal_code, ''), ' ', ''), ' ')" \
  "    FROM locations WHERE customer = c.name),"                                                      \
  " (SELECT group_concat(coalesce(serial, '') || ' ' || coalesce(ops_mac_token(mac), '') || ' ' ||"   \
  "                      coalesce(device_id, ''), ' ') FROM equipment WHERE customer = c.name)"       \
  " FROM customers c"

#define INDEX_INSERT \
  "INSERT INTO customer_search (rowid, title, account, people, phones, address, equipment) "

/* Column weights for bm25, in the index's column order: a hit on the name
 * counts most, then the account number, the phone and the equipment. */
#define RANK "bm25(10.0, 8.0, 4.0, 6.0, 2.0, 5.0)"

/* Ranking costs time in proportion to the rows that match: past this many
 * the query is too broad to rank while typing, and the first rows are shown
 * in index order until more is typed. */
#define RANK_LIMIT 4000

#define COUNT_SQL \
  "SELECT count(*) FROM (SELECT rowid FROM customer_search WHERE customer_search MATCH ?1 LIMIT ?2)"

#define SEARCH_SQL                                                                                    \
  "SELECT c.name, c.customer_name, c.status,"                                                         \
  " (SELECT city FROM locations l WHERE l.customer = c.name ORDER BY l.name LIMIT 1),"                \
  " (SELECT phone FROM contacts k WHERE k.customer = c.name ORDER BY k.is_primary DESC, k.name LIMIT 1)," \
  " snippet(customer_search, 5, char(1), char(2), '…', 6),"                                           \
  " snippet(customer_search, 4, char(1), char(2), '…', 8),"                                           \
  " snippet(customer_search, 2, char(1), char(2), '…', 8),"                                           \
  " rank,"                                                                                            \
  " instr(snippet(customer_search, 0, char(1), char(2), '', 4), char(1)) > 0"                                                                                             \
  " FROM customer_search JOIN customers c ON c.rowid = customer_search.rowid"                         \
  " WHERE customer_search MATCH ?1 AND rank MATCH '" RANK "'"

/**
 * ops_store_reindex_customers:
 *
 * Rebuilds the whole search index; used after a bulk load.
 */
gboolean
ops_store_reindex_customers (OpsStore  *self,
                             GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);

  return ops_store_exec (self,
                         "SAVEPOINT reindex;"
                         "DELETE FROM customer_search;"
                         INDEX_INSERT INDEX_SELECT ";"
                         "RELEASE reindex;",
                         error);
}

/**
 * ops_store_reindex_customer:
 *
 * Brings one customer's index row up to date with its contacts, locations
 * and equipment; call it in the transaction that changed them.
 */
gboolean
ops_store_reindex_customer (OpsStore    *self,
                            const char  *name,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);

  stmt = _ops_store_prepare (self,
                             "DELETE FROM customer_search WHERE rowid = (SELECT rowid FROM customers WHERE name = ?)",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);

  stmt = _ops_store_prepare (self, INDEX_INSERT INDEX_SELECT " WHERE c.name = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

static int
progress_cb (void *user_data)
{
  return g_cancellable_is_cancelled (user_data) ? 1 : 0;
}

/* The first snippet that holds a highlighted match, else NULL; nothing
 * when the name matched, which the result shows already. */
static char *
pick_match (sqlite3_stmt *stmt)
{
  if (sqlite3_column_int (stmt, 9))
    return NULL;

  for (int col = 5; col <= 7; col++)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, col);

      if (text && strchr (text, '\x01'))
        return g_strdup (text);
    }
  return NULL;
}

GPtrArray *
_ops_store_search_on (sqlite3       *db,
                      const char    *text,
                      guint          limit,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_customer_hit_free);
  g_autofree char *query = ops_search_build_query (text);
  sqlite3_stmt *stmt = NULL;
  gboolean broad = FALSE;
  int rc;

  if (query == NULL)
    return g_steal_pointer (&hits);

  if (cancellable)
    sqlite3_progress_handler (db, 1000, progress_cb, cancellable);

  rc = sqlite3_prepare_v2 (db, COUNT_SQL, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, RANK_LIMIT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          broad = sqlite3_column_int (stmt, 0) >= RANK_LIMIT;
          rc = SQLITE_OK;
        }
      sqlite3_finalize (stmt);
      stmt = NULL;
    }
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, broad ? SEARCH_SQL " LIMIT ?2" : SEARCH_SQL " ORDER BY rank LIMIT ?2",
                             -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      if (cancellable)
        sqlite3_progress_handler (db, 0, NULL, NULL);
      _ops_store_set_error (db, rc, error);
      return NULL;
    }

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OpsCustomerHit *hit = g_new0 (OpsCustomerHit, 1);

      hit->name = _ops_store_column_text (stmt, 0);
      hit->customer_name = _ops_store_column_text (stmt, 1);
      hit->status = _ops_store_column_text (stmt, 2);
      hit->city = _ops_store_column_text (stmt, 3);
      hit->phone = _ops_store_column_text (stmt, 4);
      hit->matched = pick_match (stmt);
      hit->rank = sqlite3_column_double (stmt, 8);
      g_ptr_array_add (hits, hit);
    }

  if (cancellable)
    sqlite3_progress_handler (db, 0, NULL, NULL);
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (db, rc, error);
      return NULL;
    }

  return g_steal_pointer (&hits);
}

/**
 * ops_store_search_customers:
 * @text: what the person typed
 * @limit: the most results to return, best first
 *
 * Returns: (transfer container) (element-type OpsCustomerHit): the hits, or
 * %NULL with @error set
 */
GPtrArray *
ops_store_search_customers (OpsStore      *self,
                            const char    *text,
                            guint          limit,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_return_val_if_fail (OPS_IS_STORE (self), NULL);

  return _ops_store_search_on (self->db, text, limit, cancellable, error);
}

typedef struct
{
  char  *text;
  guint  limit;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->text);
  g_free (data);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  OpsStore *self = source_object;
  SearchData *data = task_data;
  GError *error = NULL;
  GPtrArray *hits;

  g_mutex_lock (&self->reader_lock);
  if (self->reader == NULL && !_ops_store_open_connection (self->path, TRUE, &self->reader, &error))
    {
      g_mutex_unlock (&self->reader_lock);
      g_task_return_error (task, error);
      return;
    }
  hits = _ops_store_search_on (self->reader, data->text, data->limit, cancellable, &error);
  g_mutex_unlock (&self->reader_lock);

  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify)g_ptr_array_unref);
}

/**
 * ops_store_search_customers_async:
 *
 * Searches on a reading connection in a worker thread, so typing never waits
 * for the query; a cancelled search stops inside SQLite.
 */
void
ops_store_search_customers_async (OpsStore            *self,
                                  const char          *text,
                                  guint                limit,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  SearchData *data;

  g_return_if_fail (OPS_IS_STORE (self));

  data = g_new0 (SearchData, 1);
  data->text = g_strdup (text);
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_store_search_customers_async);
  g_task_set_task_data (task, data, (GDestroyNotify)search_data_free);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
ops_store_search_customers_finish (OpsStore      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
