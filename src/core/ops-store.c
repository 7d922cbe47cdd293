/* ops-store.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The local SQLite store: pages read it, the sync worker fills it, and every
 * user change lands here with its outbox row in the same transaction.
 */

#define G_LOG_DOMAIN "OpsStore"

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ops-search-query.h"
#include "ops-store-private.h"

G_DEFINE_FINAL_TYPE (OpsStore, ops_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-store-error-quark, ops_store_error)

/* Tables that hold documents keyed by their ERPNext name. */
static const char * const document_tables[] = {
  "customers", "contacts", "locations", "equipment", "subscriptions", "invoices",
  "tickets", "messages", "technicians", "jobs", "tags",
};

/*
 * Auxiliary methods
 */

gboolean
_ops_store_set_error (sqlite3  *db,
                      int       rc,
                      GError  **error)
{
  if (rc == SQLITE_INTERRUPT)
    g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_CANCELLED, "The query was cancelled");
  else
    g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_QUERY,
                 "Local store error: %s", db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  return FALSE;
}

char *
_ops_store_column_text (sqlite3_stmt *stmt,
                        int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text ? g_strdup ((const char *)text) : NULL;
}

static void
sql_phone_tokens (sqlite3_context *ctx,
                  int              argc,
                  sqlite3_value  **argv)
{
  const char *phone = (const char *)sqlite3_value_text (argv[0]);
  char *tokens = ops_search_phone_tokens (phone);

  sqlite3_result_text (ctx, tokens, -1, g_free);
}

static void
sql_mac_token (sqlite3_context *ctx,
               int              argc,
               sqlite3_value  **argv)
{
  const char *mac = (const char *)sqlite3_value_text (argv[0]);
  char *token = ops_search_mac_token (mac);

  if (token)
    sqlite3_result_text (ctx, token, -1, g_free);
  else
    sqlite3_result_null (ctx);
}

gboolean
_ops_store_open_connection (const char  *path,
                            gboolean     read_only,
                            sqlite3    **out,
                            GError     **error)
{
  int flags = SQLITE_OPEN_NOMUTEX | (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, flags, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_OPEN,
                   "Cannot open the local store %s: %s. Check that the folder exists and is writable, "
                   "or choose another store with --store.",
                   path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
      sqlite3_close (db);
      return FALSE;
    }

  sqlite3_busy_timeout (db, 5000);
  sqlite3_extended_result_codes (db, 1);
  sqlite3_create_function (db, "ops_phone_tokens", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           sql_phone_tokens, NULL, NULL);
  sqlite3_create_function (db, "ops_mac_token", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           sql_mac_token, NULL, NULL);

  if (!read_only)
    {
      char *message = NULL;

      /* WAL lets searches read while the sync writes; NORMAL is durable
       * across application crashes, which is what the outbox needs. */
      rc = sqlite3_exec (db,
                         "PRAGMA journal_mode = WAL;"
                         "PRAGMA synchronous = NORMAL;"
                         "PRAGMA foreign_keys = OFF;"
                         "PRAGMA temp_store = MEMORY;",
                         NULL, NULL, &message);
      if (rc != SQLITE_OK)
        {
          g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_OPEN,
                       "Cannot use the local store %s: %s", path, message);
          sqlite3_free (message);
          sqlite3_close (db);
          return FALSE;
        }
    }

  *out = db;
  return TRUE;
}

sqlite3_stmt *
_ops_store_prepare (OpsStore    *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_ops_store_is_document_table (const char *table)
{
  for (guint i = 0; i < G_N_ELEMENTS (document_tables); i++)
    if (g_str_equal (document_tables[i], table))
      return TRUE;
  return FALSE;
}

/* The table's columns and their declared types, read once from SQLite so the
 * schema stays the only place that lists them. */
static GHashTable *
table_columns (OpsStore   *self,
               const char *table)
{
  static GHashTable *cache;
  static GMutex lock;
  GHashTable *columns;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new (g_str_hash, g_str_equal);
  columns = g_hash_table_lookup (cache, table);
  if (columns == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", table);
      sqlite3_stmt *stmt = NULL;

      columns = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) == SQLITE_OK)
        while (sqlite3_step (stmt) == SQLITE_ROW)
          g_hash_table_insert (columns, _ops_store_column_text (stmt, 1), _ops_store_column_text (stmt, 2));
      sqlite3_finalize (stmt);
      if (g_hash_table_size (columns) > 0)
        g_hash_table_insert (cache, g_strdup (table), columns);
    }
  g_mutex_unlock (&lock);

  return columns;
}

static gboolean
bind_json (sqlite3_stmt *stmt,
           int           index,
           const char   *type,
           JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return sqlite3_bind_null (stmt, index) == SQLITE_OK;

  if (JSON_NODE_HOLDS_ARRAY (node) || JSON_NODE_HOLDS_OBJECT (node))
    {
      char *text = json_to_string (node, FALSE);

      return sqlite3_bind_text (stmt, index, text, -1, g_free) == SQLITE_OK;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return sqlite3_bind_int (stmt, index, json_node_get_boolean (node)) == SQLITE_OK;
    case G_TYPE_INT64:
      if (g_str_equal (type, "REAL"))
        return sqlite3_bind_double (stmt, index, (double)json_node_get_int (node)) == SQLITE_OK;
      if (g_str_equal (type, "TEXT"))
        {
          char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
          return sqlite3_bind_text (stmt, index, text, -1, g_free) == SQLITE_OK;
        }
      return sqlite3_bind_int64 (stmt, index, json_node_get_int (node)) == SQLITE_OK;
    case G_TYPE_DOUBLE:
      return sqlite3_bind_double (stmt, index, json_node_get_double (node)) == SQLITE_OK;
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);

        if (g_str_equal (type, "TEXT"))
          return sqlite3_bind_text (stmt, index, s, -1, SQLITE_TRANSIENT) == SQLITE_OK;
        if (g_str_equal (type, "REAL"))
          return sqlite3_bind_double (stmt, index, g_ascii_strtod (s, NULL)) == SQLITE_OK;
        return sqlite3_bind_int64 (stmt, index, g_ascii_strtoll (s, NULL, 10)) == SQLITE_OK;
      }
    default:
      return sqlite3_bind_null (stmt, index) == SQLITE_OK;
    }
}

static void
finalize_statement (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/*
 * GObject overrides
 */

static void
ops_store_finalize (GObject *object)
{
  OpsStore *self = (OpsStore *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->reader)
    sqlite3_close (self->reader);
  if (self->db)
    sqlite3_close (self->db);
  g_mutex_clear (&self->reader_lock);
  g_free (self->path);

  G_OBJECT_CLASS (ops_store_parent_class)->finalize (object);
}

static void
ops_store_class_init (OpsStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_store_finalize;
}

static void
ops_store_init (OpsStore *self)
{
  g_mutex_init (&self->reader_lock);
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            finalize_statement);
}

/*
 * Public API
 */

/**
 * ops_store_open_at_version:
 * @version: the schema to bring the store to; tests use it to make old stores
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
OpsStore *
ops_store_open_at_version (const char  *path,
                           guint        version,
                           GError     **error)
{
  g_autoptr(OpsStore) self = NULL;
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (version <= OPS_STORE_SCHEMA_VERSION, NULL);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_OPEN,
                   "Cannot create the folder %s for the local store: %s", dir, g_strerror (errno));
      return NULL;
    }

  self = g_object_new (OPS_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  if (!_ops_store_open_connection (path, FALSE, &self->db, error))
    return NULL;
  if (!_ops_store_migrate (self, version, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * ops_store_open:
 *
 * Opens (creating it if needed) and migrates the store at @path.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
OpsStore *
ops_store_open (const char  *path,
                GError     **error)
{
  return ops_store_open_at_version (path, OPS_STORE_SCHEMA_VERSION, error);
}

const char *
ops_store_get_path (OpsStore *self)
{
  g_return_val_if_fail (OPS_IS_STORE (self), NULL);

  return self->path;
}

guint
ops_store_get_schema_version (OpsStore *self)
{
  sqlite3_stmt *stmt;
  guint version = 0;

  g_return_val_if_fail (OPS_IS_STORE (self), 0);

  if ((stmt = _ops_store_prepare (self, "PRAGMA user_version", NULL)) && sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  return version;
}

gboolean
ops_store_exec (OpsStore    *self,
                const char  *sql,
                GError     **error)
{
  char *message = NULL;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_QUERY, "Local store error: %s", message);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

gboolean
ops_store_begin (OpsStore  *self,
                 GError   **error)
{
  return ops_store_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
ops_store_commit (OpsStore  *self,
                  GError   **error)
{
  return ops_store_exec (self, "COMMIT", error);
}

void
ops_store_rollback (OpsStore *self)
{
  g_return_if_fail (OPS_IS_STORE (self));

  if (!sqlite3_get_autocommit (self->db))
    sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
}

/**
 * ops_store_upsert:
 * @table: a document table ("customers", "jobs", …)
 * @record: the document; it must have a "name"; members that are not columns
 *   are ignored, columns it does not have keep their value
 *
 * Inserts the document, or updates the columns it carries.
 */
gboolean
ops_store_upsert (OpsStore    *self,
                  const char  *table,
                  JsonObject  *record,
                  GError     **error)
{
  g_autoptr(GString) sql = NULL;
  g_autoptr(GString) updates = NULL;
  g_autoptr(GPtrArray) bound = NULL;
  GHashTable *columns;
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;
  sqlite3_stmt *stmt;
  const char *name;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  if (!_ops_store_is_document_table (table))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD, "No document table “%s”", table);
      return FALSE;
    }

  name = json_object_get_string_member_with_default (record, "name", NULL);
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   "A %s record has no name", table);
      return FALSE;
    }

  columns = table_columns (self, table);
  sql = g_string_new (NULL);
  updates = g_string_new (NULL);
  bound = g_ptr_array_new ();

  g_string_append_printf (sql, "INSERT INTO %s (", table);
  json_object_iter_init (&iter, record);
  while (json_object_iter_next (&iter, &member, &node))
    {
      if (!g_hash_table_contains (columns, member))
        continue;
      g_string_append_printf (sql, "%s%s", bound->len ? ", " : "", member);
      if (!g_str_equal (member, "name"))
        g_string_append_printf (updates, "%s%s = excluded.%s", updates->len ? ", " : "", member, member);
      g_ptr_array_add (bound, (gpointer)member);
    }
  g_string_append (sql, ") VALUES (");
  for (guint i = 0; i < bound->len; i++)
    g_string_append (sql, i ? ", ?" : "?");
  g_string_append (sql, ")");
  if (updates->len > 0)
    g_string_append_printf (sql, " ON CONFLICT (name) DO UPDATE SET %s", updates->str);
  else
    g_string_append (sql, " ON CONFLICT (name) DO NOTHING");

  if (!(stmt = _ops_store_prepare (self, sql->str, error)))
    return FALSE;

  for (guint i = 0; i < bound->len; i++)
    {
      const char *column = bound->pdata[i];

      if (!bind_json (stmt, i + 1, g_hash_table_lookup (columns, column),
                      json_object_get_member (record, column)))
        return _ops_store_set_error (self->db, sqlite3_errcode (self->db), error);
    }

  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);

  return TRUE;
}

gboolean
ops_store_delete (OpsStore    *self,
                  const char  *table,
                  const char  *name,
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

  if (g_str_equal (table, "customers"))
    {
      /* Drop the index row while the rowid still exists. */
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
    }

  sql = g_strdup_printf ("DELETE FROM %s WHERE name = ?", table);
  if (!(stmt = _ops_store_prepare (self, sql, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

/**
 * ops_store_get_meta:
 *
 * Returns: (transfer full) (nullable): the value stored under @key
 */
char *
ops_store_get_meta (OpsStore   *self,
                    const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);

  stmt = _ops_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = _ops_store_column_text (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

gboolean
ops_store_set_meta (OpsStore    *self,
                    const char  *key,
                    const char  *value,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);

  stmt = _ops_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                   "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

static gint64
count_rows (OpsStore    *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = _ops_store_prepare (self, sql, error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    _ops_store_set_error (self->db, rc, error);
  sqlite3_reset (stmt);
  return n;
}

gboolean
ops_store_get_counts (OpsStore        *self,
                      OpsStoreCounts  *counts,
                      GError         **error)
{
  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  if ((counts->customers = count_rows (self, "SELECT count(*) FROM customers", error)) < 0 ||
      (counts->technicians = count_rows (self, "SELECT count(*) FROM technicians", error)) < 0 ||
      (counts->jobs = count_rows (self, "SELECT count(*) FROM jobs", error)) < 0 ||
      (counts->tickets = count_rows (self, "SELECT count(*) FROM tickets", error)) < 0 ||
      (counts->equipment = count_rows (self, "SELECT count(*) FROM equipment", error)) < 0 ||
      (counts->outbox_pending = count_rows (self, "SELECT count(*) FROM outbox WHERE state != 'done'", error)) < 0)
    return FALSE;
  return TRUE;
}
