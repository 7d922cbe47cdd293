/* ops-vision-queue.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each call is one statement, so a row is never half written; the image
 * is a BLOB beside its task so the queue survives a restart.
 */

#define G_LOG_DOMAIN "ops-vision-queue"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-store-private.h"
#include "ops-vision-queue.h"

static const char *const state_names[] = { "pending", "done", "failed" };
/* The names of ops_vision_task_to_string (), kept here so the store does
 * not depend on the schemas. */
static const char *const task_names[] = { "barcodes", "equipment", "invoice" };

#define COLUMNS \
  "id, task, mime, length(image), state, attempts, result, error, job, created_at, updated_at"

void
ops_vision_queue_entry_free (OpsVisionQueueEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->mime);
  g_clear_pointer (&self->image, g_bytes_unref);
  g_clear_pointer (&self->result, json_node_unref);
  g_free (self->error);
  g_free (self->job);
  g_free (self->created_at);
  g_free (self->updated_at);
  g_free (self);
}

const char *
ops_vision_queue_state_to_string (OpsVisionQueueState state)
{
  g_return_val_if_fail (state <= OPS_VISION_QUEUE_FAILED, NULL);
  return state_names[state];
}

static guint
parse_name (const char *const *names,
            guint               n_names,
            const char         *text)
{
  for (guint i = 0; text != NULL && i < n_names; i++)
    if (g_str_equal (names[i], text))
      return i;
  return 0;
}

static char *
now_iso (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static OpsVisionQueueEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  OpsVisionQueueEntry *entry = g_new0 (OpsVisionQueueEntry, 1);
  g_autofree char *task = _ops_store_column_text (stmt, 1);
  g_autofree char *state = _ops_store_column_text (stmt, 4);
  g_autofree char *result = _ops_store_column_text (stmt, 6);

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->task = parse_name (task_names, G_N_ELEMENTS (task_names), task);
  entry->mime = _ops_store_column_text (stmt, 2);
  entry->image_size = (gsize) sqlite3_column_int64 (stmt, 3);
  entry->state = parse_name (state_names, G_N_ELEMENTS (state_names), state);
  entry->attempts = sqlite3_column_int (stmt, 5);
  if (result != NULL)
    entry->result = json_from_string (result, NULL);
  entry->error = _ops_store_column_text (stmt, 7);
  entry->job = _ops_store_column_text (stmt, 8);
  entry->created_at = _ops_store_column_text (stmt, 9);
  entry->updated_at = _ops_store_column_text (stmt, 10);
  return entry;
}

gint64
ops_vision_queue_enqueue (OpsStore       *store,
                          OpsVisionTask   task,
                          GBytes         *image,
                          const char     *mime,
                          const char     *job,
                          GError        **error)
{
  g_autofree char *now = now_iso ();
  sqlite3_stmt *stmt;
  gconstpointer data;
  gsize size;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), 0);
  g_return_val_if_fail ((guint) task < G_N_ELEMENTS (task_names), 0);
  g_return_val_if_fail (image != NULL, 0);
  g_return_val_if_fail (mime != NULL, 0);

  data = g_bytes_get_data (image, &size);
  if (size == 0)
    {
      g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                           _("The photo is empty; take or open it again."));
      return 0;
    }

  stmt = _ops_store_prepare (store,
                             "INSERT INTO vision_queue (task, mime, image, created_at, state, attempts, job, updated_at) "
                             "VALUES (?1, ?2, ?3, ?4, 'pending', 0, ?5, ?4)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, task_names[task], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, mime, -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 3, data, size, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, job, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      return 0;
    }
  g_debug ("queued a photo for %s (%" G_GSIZE_FORMAT " bytes)", task_names[task], size);
  return sqlite3_last_insert_rowid (store->db);
}

/* One row with its image, selected by sql with at most one parameter. */
static OpsVisionQueueEntry *
get_one (OpsStore    *store,
         const char  *sql,
         gint64       id,
         GError     **error)
{
  OpsVisionQueueEntry *entry = NULL;
  sqlite3_stmt *stmt = _ops_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (id > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      entry = entry_from_row (stmt);
      entry->image = g_bytes_new (sqlite3_column_blob (stmt, 11), sqlite3_column_bytes (stmt, 11));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _ops_store_set_error (store->db, rc, error);
  return entry;
}

OpsVisionQueueEntry *
ops_vision_queue_next (OpsStore  *store,
                       GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  return get_one (store,
                  "SELECT " COLUMNS ", image FROM vision_queue WHERE state = 'pending' ORDER BY id LIMIT 1",
                  0, error);
}

OpsVisionQueueEntry *
ops_vision_queue_get (OpsStore  *store,
                      gint64     id,
                      GError   **error)
{
  g_autoptr(GError) local_error = NULL;
  OpsVisionQueueEntry *entry;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (id > 0, NULL);

  entry = get_one (store, "SELECT " COLUMNS ", image FROM vision_queue WHERE id = ?1", id, &local_error);
  if (local_error != NULL)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else if (entry == NULL)
    g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
                 _("The queued photo %lld is gone; it was deleted."), (long long) id);
  return entry;
}

/* Runs an UPDATE or DELETE of row id with up to two text values (?2, ?3). */
static gboolean
change_row (OpsStore    *store,
            const char  *sql,
            gint64       id,
            const char  *first,
            const char  *second,
            GError     **error)
{
  sqlite3_stmt *stmt = _ops_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, first, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 3)
    sqlite3_bind_text (stmt, 3, second, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);
  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
                   _("The queued photo %lld is gone; it was deleted."), (long long) id);
      return FALSE;
    }
  return TRUE;
}

gboolean
ops_vision_queue_mark_done (OpsStore  *store,
                            gint64     id,
                            JsonNode  *result,
                            GError   **error)
{
  g_autofree char *now = now_iso ();
  g_autofree char *text = NULL;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  text = json_to_string (result, FALSE);
  return change_row (store,
                     "UPDATE vision_queue SET state = 'done', result = ?2, error = NULL, "
                     "attempts = attempts + 1, updated_at = ?3 WHERE id = ?1",
                     id, text, now, error);
}

gboolean
ops_vision_queue_mark_failed (OpsStore    *store,
                              gint64       id,
                              const char  *message,
                              GError     **error)
{
  g_autofree char *now = now_iso ();

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return change_row (store,
                     "UPDATE vision_queue SET state = 'failed', error = ?2, attempts = attempts + 1, "
                     "updated_at = ?3 WHERE id = ?1",
                     id, message, now, error);
}

gboolean
ops_vision_queue_mark_retry (OpsStore    *store,
                             gint64       id,
                             const char  *message,
                             GError     **error)
{
  g_autofree char *now = now_iso ();

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return change_row (store,
                     "UPDATE vision_queue SET state = 'pending', error = ?2, attempts = attempts + 1, "
                     "updated_at = ?3 WHERE id = ?1",
                     id, message, now, error);
}

gboolean
ops_vision_queue_retry (OpsStore  *store,
                        gint64     id,
                        GError   **error)
{
  g_autofree char *now = now_iso ();

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return change_row (store,
                     "UPDATE vision_queue SET state = 'pending', updated_at = ?2 "
                     "WHERE id = ?1 AND state = 'failed'",
                     id, now, NULL, error);
}

gboolean
ops_vision_queue_delete (OpsStore  *store,
                         gint64     id,
                         GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return change_row (store, "DELETE FROM vision_queue WHERE id = ?1", id, NULL, NULL, error);
}

GPtrArray *
ops_vision_queue_list (OpsStore  *store,
                       int        task,
                       GError   **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_vision_queue_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (task < (int) G_N_ELEMENTS (task_names), NULL);

  stmt = _ops_store_prepare (store,
                             "SELECT " COLUMNS " FROM vision_queue WHERE ?1 IS NULL OR task = ?1 ORDER BY id",
                             error);
  if (stmt == NULL)
    return NULL;
  if (task >= 0)
    sqlite3_bind_text (stmt, 1, task_names[task], -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gint64
ops_vision_queue_count (OpsStore            *store,
                        OpsVisionQueueState  state)
{
  sqlite3_stmt *stmt;
  gint64 count = 0;

  g_return_val_if_fail (OPS_IS_STORE (store), 0);
  g_return_val_if_fail (state <= OPS_VISION_QUEUE_FAILED, 0);

  stmt = _ops_store_prepare (store, "SELECT count(*) FROM vision_queue WHERE state = ?1", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, state_names[state], -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}
