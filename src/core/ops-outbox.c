/* ops-outbox.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rows are delivered in id order per document: a row is deliverable only
 * when no older row of the same document is unfinished.  Rows left in
 * "sending" by a crash are delivered again; the worker makes that safe
 * (updates and deletes are idempotent, inserts are looked up first).
 */

#define G_LOG_DOMAIN "ops-outbox"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-conversation.h"
#include "ops-outbox.h"
#include "ops-store-private.h"

static const char *const state_names[] = { "pending", "sending", "failed", "done" };
static const char *const operation_names[] = { "insert", "update", "delete" };

#define SELECT_COLUMNS \
  "SELECT id, doctype, docname, operation, payload, idempotency_key, dedupe_field, state, " \
  "attempts, last_error, summary, created_at, updated_at FROM outbox "

void
ops_outbox_entry_free (OpsOutboxEntry *self)
{
  if (self == NULL)
    return;
  g_free (self->doctype);
  g_free (self->docname);
  g_clear_pointer (&self->payload, json_object_unref);
  g_free (self->idempotency_key);
  g_free (self->dedupe_field);
  g_free (self->last_error);
  g_free (self->summary);
  g_free (self->created_at);
  g_free (self->updated_at);
  g_free (self);
}

const char *
ops_outbox_operation_to_string (OpsOutboxOperation op)
{
  g_return_val_if_fail (op <= OPS_OUTBOX_DELETE, NULL);
  return operation_names[op];
}

const char *
ops_outbox_state_to_string (OpsOutboxState state)
{
  g_return_val_if_fail (state <= OPS_OUTBOX_DONE, NULL);
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

static JsonObject *
parse_payload (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (text == NULL || !json_parser_load_from_data (parser, text, -1, NULL))
    return json_object_new ();
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

static char *
payload_to_string (JsonObject *payload)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, payload);
  return json_to_string (node, FALSE);
}

static OpsOutboxEntry *
entry_from_row (sqlite3_stmt *stmt)
{
  OpsOutboxEntry *entry = g_new0 (OpsOutboxEntry, 1);
  g_autofree char *operation = NULL;
  g_autofree char *state = NULL;
  g_autofree char *payload = NULL;

  entry->id = sqlite3_column_int64 (stmt, 0);
  entry->doctype = _ops_store_column_text (stmt, 1);
  entry->docname = _ops_store_column_text (stmt, 2);
  operation = _ops_store_column_text (stmt, 3);
  payload = _ops_store_column_text (stmt, 4);
  entry->idempotency_key = _ops_store_column_text (stmt, 5);
  entry->dedupe_field = _ops_store_column_text (stmt, 6);
  state = _ops_store_column_text (stmt, 7);
  entry->attempts = sqlite3_column_int (stmt, 8);
  entry->last_error = _ops_store_column_text (stmt, 9);
  entry->summary = _ops_store_column_text (stmt, 10);
  entry->created_at = _ops_store_column_text (stmt, 11);
  entry->updated_at = _ops_store_column_text (stmt, 12);

  entry->operation = parse_name (operation_names, G_N_ELEMENTS (operation_names), operation);
  entry->state = parse_name (state_names, G_N_ELEMENTS (state_names), state);
  entry->payload = parse_payload (payload);

  return entry;
}

gint64
ops_outbox_enqueue (OpsStore          *store,
                    const char        *doctype,
                    const char        *docname,
                    OpsOutboxOperation operation,
                    JsonObject        *payload,
                    const char        *dedupe_field,
                    const char        *summary,
                    GError           **error)
{
  g_autofree char *key = g_uuid_string_random ();

  return ops_outbox_enqueue_with_key (store, doctype, docname, operation, payload, dedupe_field, key,
                                      summary, error);
}

gint64
ops_outbox_enqueue_with_key (OpsStore          *store,
                             const char        *doctype,
                             const char        *docname,
                             OpsOutboxOperation operation,
                             JsonObject        *payload,
                             const char        *dedupe_field,
                             const char        *key,
                             const char        *summary,
                             GError           **error)
{
  g_autofree char *now = now_iso ();
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), 0);
  g_return_val_if_fail (doctype != NULL && docname != NULL, 0);
  g_return_val_if_fail (payload != NULL, 0);
  g_return_val_if_fail (key != NULL && *key != '\0', 0);

  if (operation == OPS_OUTBOX_INSERT && dedupe_field != NULL)
    json_object_set_string_member (payload, dedupe_field, key);
  text = payload_to_string (payload);

  stmt = _ops_store_prepare (store,
                             "INSERT INTO outbox (doctype, docname, operation, payload, idempotency_key, "
                             "dedupe_field, summary, state, attempts, created_at, updated_at) "
                             "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?)", error);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_text (stmt, 1, doctype, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, docname, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, operation_names[operation], -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, dedupe_field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, summary, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 9, now, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      return 0;
    }

  g_debug ("queued %s %s %s", operation_names[operation], doctype, docname);
  return sqlite3_last_insert_rowid (store->db);
}

/* The first row sql selects; its one parameter is id (when > 0) or text
 * (when not NULL). */
static OpsOutboxEntry *
select_one (OpsStore    *store,
            const char  *sql,
            gint64       id,
            const char  *text,
            GError     **error)
{
  sqlite3_stmt *stmt = _ops_store_prepare (store, sql, error);
  OpsOutboxEntry *entry = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;
  if (id > 0)
    sqlite3_bind_int64 (stmt, 1, id);
  else if (text != NULL)
    sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    entry = entry_from_row (stmt);
  else if (rc != SQLITE_DONE)
    _ops_store_set_error (store->db, rc, error);
  sqlite3_reset (stmt);

  return entry;
}

OpsOutboxEntry *
ops_outbox_next (OpsStore  *store,
                 GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), NULL);

  /* SMS waiting to be sent belong to the SMS sender, not to ERPNext. */
  return select_one (store,
                     SELECT_COLUMNS
                     "AS o WHERE state IN ('pending', 'sending') AND doctype != '" OPS_SMS_DOCTYPE "' "
                     "AND NOT EXISTS ("
                     "  SELECT 1 FROM outbox AS p WHERE p.doctype = o.doctype AND p.docname = o.docname"
                     "  AND p.id < o.id AND p.state != 'done') "
                     "ORDER BY id LIMIT 1",
                     0, NULL, error);
}

OpsOutboxEntry *
ops_outbox_find_by_key (OpsStore    *store,
                        const char  *key,
                        GError     **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return select_one (store, SELECT_COLUMNS "WHERE idempotency_key = ?", 0, key, error);
}

OpsOutboxEntry *
ops_outbox_next_for_doctype (OpsStore    *store,
                             const char  *doctype,
                             GError     **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (doctype != NULL, NULL);

  return select_one (store,
                     SELECT_COLUMNS
                     "AS o WHERE state IN ('pending', 'sending') AND doctype = ?1 AND NOT EXISTS ("
                     "  SELECT 1 FROM outbox AS p WHERE p.doctype = o.doctype AND p.docname = o.docname"
                     "  AND p.id < o.id AND p.state != 'done') "
                     "ORDER BY id LIMIT 1",
                     0, doctype, error);
}

OpsOutboxEntry *
ops_outbox_get (OpsStore  *store,
                gint64     id,
                GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), NULL);

  return select_one (store, SELECT_COLUMNS "WHERE id = ?", id, NULL, error);
}

static gboolean
set_state (OpsStore    *store,
           gint64       id,
           const char  *state,
           const char  *message,
           gboolean     count_attempt,
           const char  *only_from,
           GError     **error)
{
  g_autofree char *now = now_iso ();
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ops_store_prepare (store,
                             "UPDATE outbox SET state = ?, last_error = coalesce(?, last_error), "
                             "attempts = attempts + ?, updated_at = ? "
                             "WHERE id = ? AND (? IS NULL OR state = ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, state, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 3, count_attempt ? 1 : 0);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, id);
  sqlite3_bind_text (stmt, 6, only_from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, only_from, -1, SQLITE_STATIC);

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);

  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   "%s", only_from ? _("This change was handled already; refresh the list.")
                                   : _("This change is no longer in the outbox."));
      return FALSE;
    }
  return TRUE;
}

gboolean
ops_outbox_mark_sending (OpsStore  *store,
                         gint64     id,
                         GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return set_state (store, id, "sending", NULL, TRUE, NULL, error);
}

gboolean
ops_outbox_mark_done (OpsStore  *store,
                      gint64     id,
                      GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return set_state (store, id, "done", NULL, FALSE, NULL, error);
}

gboolean
ops_outbox_mark_retry (OpsStore    *store,
                       gint64       id,
                       const char  *message,
                       GError     **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return set_state (store, id, "pending", message, FALSE, NULL, error);
}

gboolean
ops_outbox_mark_failed (OpsStore    *store,
                        gint64       id,
                        const char  *message,
                        GError     **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return set_state (store, id, "failed", message, FALSE, NULL, error);
}

gboolean
ops_outbox_retry (OpsStore  *store,
                  gint64     id,
                  GError   **error)
{
  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  return set_state (store, id, "pending", NULL, FALSE, "failed", error);
}

gboolean
ops_outbox_set_payload (OpsStore    *store,
                        gint64       id,
                        JsonObject  *payload,
                        GError     **error)
{
  g_autoptr(OpsOutboxEntry) entry = NULL;
  g_autofree char *text = NULL;
  g_autofree char *now = now_iso ();
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  if (!(entry = ops_outbox_get (store, id, error)))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                             _("This change is no longer in the outbox."));
      return FALSE;
    }
  if (entry->state != OPS_OUTBOX_FAILED && entry->state != OPS_OUTBOX_PENDING)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   "%s", _("This change is being delivered or was delivered already; it can no longer be edited."));
      return FALSE;
    }

  /* An insert keeps the key that lets it be found again. */
  if (entry->operation == OPS_OUTBOX_INSERT && entry->dedupe_field != NULL)
    json_object_set_string_member (payload, entry->dedupe_field, entry->idempotency_key);
  text = payload_to_string (payload);

  stmt = _ops_store_prepare (store,
                             "UPDATE outbox SET payload = ?, state = 'pending', updated_at = ? "
                             "WHERE id = ? AND state IN ('failed', 'pending')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, text, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);
  return TRUE;
}

gboolean
ops_outbox_discard (OpsStore  *store,
                    gint64     id,
                    GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);

  stmt = _ops_store_prepare (store, "DELETE FROM outbox WHERE id = ? AND state IN ('failed', 'pending')", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);
  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   "%s", _("This change is being delivered or was delivered already; it can no longer be discarded."));
      return FALSE;
    }
  return TRUE;
}

GPtrArray *
ops_outbox_list (OpsStore    *store,
                 const char  *doctype,
                 const char  *docname,
                 GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_outbox_entry_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);

  stmt = _ops_store_prepare (store,
                             SELECT_COLUMNS
                             "WHERE state != 'done' AND (?1 IS NULL OR doctype = ?1) "
                             "AND (?2 IS NULL OR docname = ?2) ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, doctype, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, docname, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (entries, entry_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&entries);
}

gint64
ops_outbox_count (OpsStore       *store,
                  OpsOutboxState  state)
{
  sqlite3_stmt *stmt;
  gint64 count = 0;

  g_return_val_if_fail (OPS_IS_STORE (store), 0);

  stmt = _ops_store_prepare (store, "SELECT count(*) FROM outbox WHERE state = ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_text (stmt, 1, state_names[state], -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return count;
}

gboolean
ops_outbox_has_unfinished (OpsStore   *store,
                           const char *doctype,
                           const char *docname)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);

  stmt = _ops_store_prepare (store,
                             "SELECT 1 FROM outbox WHERE doctype = ? AND docname = ? AND state != 'done' LIMIT 1",
                             NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, doctype, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, docname, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return found;
}

gboolean
ops_outbox_prune (OpsStore  *store,
                  GError   **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff = g_date_time_add_days (now, -7);
  g_autofree char *limit = g_date_time_format (cutoff, "%Y-%m-%dT%H:%M:%S.%fZ");
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);

  stmt = _ops_store_prepare (store, "DELETE FROM outbox WHERE state = 'done' AND updated_at < ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, limit, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);
  return TRUE;
}

gboolean
ops_outbox_rename_document (OpsStore    *store,
                            const char  *doctype,
                            const char  *old_name,
                            const char  *new_name,
                            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);

  stmt = _ops_store_prepare (store,
                             "UPDATE outbox SET docname = ? WHERE doctype = ? AND docname = ? AND state != 'done'",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, new_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, doctype, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, old_name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);
  return TRUE;
}
