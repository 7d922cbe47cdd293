/* ops-store-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "ops-store.h"

G_BEGIN_DECLS

struct _OpsStore
{
  GObject     parent_instance;
  char       *path;
  sqlite3    *db;
  GHashTable *statements;   /* SQL text -> sqlite3_stmt*, for the main connection */
  GMutex      reader_lock;  /* guards reader */
  sqlite3    *reader;       /* second connection for searches off the main thread */
};

sqlite3_stmt *_ops_store_prepare        (OpsStore      *self,
                                         const char    *sql,
                                         GError       **error);
gboolean      _ops_store_set_error      (sqlite3       *db,
                                         int            rc,
                                         GError       **error);
gboolean      _ops_store_open_connection (const char   *path,
                                          gboolean      read_only,
                                          sqlite3     **out,
                                          GError      **error);
char         *_ops_store_column_text    (sqlite3_stmt  *stmt,
                                         int            column);
GPtrArray    *_ops_store_search_on      (sqlite3       *db,
                                         const char    *text,
                                         guint          limit,
                                         GCancellable  *cancellable,
                                         GError       **error);
gboolean      _ops_store_is_document_table (const char *table);
gboolean      _ops_store_migrate        (OpsStore      *self,
                                         guint          target,
                                         GError       **error);

G_END_DECLS
