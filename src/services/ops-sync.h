/* ops-sync.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Brings ERPNext's documents into the store: first sync and incremental
 * sync per doctype with a keyset cursor on (modified, name) saved in the
 * same transaction as each page, so a sync stopped by a crash resumes
 * where it stopped; deletions from ERPNext's "Deleted Document" log, or by
 * comparing names when the API user may not read that log.
 */

#pragma once

#include <gio/gio.h>

#include "ops-erpnext-client.h"
#include "ops-event-bus.h"

G_BEGIN_DECLS

#define OPS_SYNC_ERROR (ops_sync_error_quark ())

typedef enum
{
  OPS_SYNC_ERROR_PARTIAL,   /* some doctypes failed; the message lists them */
} OpsSyncError;

/* Called on the sync's thread after each page and when a doctype starts
 * (done = 0).  total is 0 when unknown. */
typedef void (*OpsSyncProgressFunc) (const char *doctype,
                                     guint       done,
                                     guint       total,
                                     gpointer    user_data);

#define OPS_TYPE_SYNC (ops_sync_get_type ())

G_DECLARE_FINAL_TYPE (OpsSync, ops_sync, OPS, SYNC, GObject)

GQuark    ops_sync_error_quark   (void);
/* The sync writes through its own connection to the store at store_path.
 * bus may be NULL; when set, "store" and "customer:<name>" events are
 * published as pages land. */
OpsSync  *ops_sync_new           (OpsErpnextClient    *client,
                                  const char          *store_path,
                                  OpsEventBus         *bus);
/* Rows per list request (default 1000). */
void      ops_sync_set_page_size (OpsSync             *self,
                                  guint                page_size);
/* Restricts the run to these doctypes (NULL = all); for tests and tools. */
void      ops_sync_set_doctypes  (OpsSync             *self,
                                  const char * const  *doctypes);
/* One pass over every doctype, blocking (call it off the main thread).
 * Doctypes that fail do not stop the others; the error then lists them
 * with their reasons.  Rows synced this run are counted in *rows. */
gboolean  ops_sync_run           (OpsSync             *self,
                                  OpsSyncProgressFunc  progress,
                                  gpointer             user_data,
                                  guint64             *rows,
                                  GCancellable        *cancellable,
                                  GError             **error);
/* The first error of the last run, for deciding offline / wrong key;
 * NULL when the last run had none. */
const GError *ops_sync_get_first_error (OpsSync       *self);

G_END_DECLS
