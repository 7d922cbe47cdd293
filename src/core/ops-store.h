/* ops-store.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ops-model.h"

G_BEGIN_DECLS

#define OPS_STORE_ERROR (ops_store_error_quark ())

typedef enum
{
  OPS_STORE_ERROR_OPEN,
  OPS_STORE_ERROR_SCHEMA_TOO_NEW,
  OPS_STORE_ERROR_MIGRATION,
  OPS_STORE_ERROR_QUERY,
  OPS_STORE_ERROR_INVALID_RECORD,
  OPS_STORE_ERROR_CANCELLED,
  OPS_STORE_ERROR_NOT_FOUND,
} OpsStoreError;

/* The newest schema this build knows. */
#define OPS_STORE_SCHEMA_VERSION 8

#define OPS_TYPE_STORE (ops_store_get_type ())

G_DECLARE_FINAL_TYPE (OpsStore, ops_store, OPS, STORE, GObject)

GQuark             ops_store_error_quark          (void);
OpsStore          *ops_store_open                 (const char           *path,
                                                   GError              **error);
OpsStore          *ops_store_open_at_version      (const char           *path,
                                                   guint                 version,
                                                   GError              **error);
const char        *ops_store_get_path             (OpsStore             *self);
guint              ops_store_get_schema_version   (OpsStore             *self);
gboolean           ops_store_begin                (OpsStore             *self,
                                                   GError              **error);
gboolean           ops_store_commit               (OpsStore             *self,
                                                   GError              **error);
void               ops_store_rollback             (OpsStore             *self);
gboolean           ops_store_upsert               (OpsStore             *self,
                                                   const char           *table,
                                                   JsonObject           *record,
                                                   GError              **error);
gboolean           ops_store_delete               (OpsStore             *self,
                                                   const char           *table,
                                                   const char           *name,
                                                   GError              **error);
char              *ops_store_get_meta             (OpsStore             *self,
                                                   const char           *key);
gboolean           ops_store_set_meta             (OpsStore             *self,
                                                   const char           *key,
                                                   const char           *value,
                                                   GError              **error);
gboolean           ops_store_exec                 (OpsStore             *self,
                                                   const char           *sql,
                                                   GError              **error);
gboolean           ops_store_get_counts           (OpsStore             *self,
                                                   OpsStoreCounts       *counts,
                                                   GError              **error);
gboolean           ops_store_reindex_customers    (OpsStore             *self,
                                                   GError              **error);
gboolean           ops_store_reindex_customer     (OpsStore             *self,
                                                   const char           *name,
                                                   GError              **error);
GPtrArray         *ops_store_search_customers     (OpsStore             *self,
                                                   const char           *text,
                                                   guint                 limit,
                                                   GCancellable         *cancellable,
                                                   GError              **error);
void               ops_store_search_customers_async  (OpsStore          *self,
                                                      const char        *text,
                                                      guint              limit,
                                                      GCancellable      *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer           user_data);
GPtrArray         *ops_store_search_customers_finish (OpsStore          *self,
                                                      GAsyncResult      *result,
                                                      GError           **error);
OpsCustomerDetail *ops_store_get_customer_detail  (OpsStore             *self,
                                                   const char           *name,
                                                   GError              **error);

/* Sync bookkeeping (ops-store-sync.c). */
typedef struct
{
  char     *modified;    /* keyset cursor: the last row's modified (or creation) */
  char     *last_name;   /* and its name */
  gboolean  complete;    /* a first full pass has finished */
  gint64    rows;        /* rows synced so far */
} OpsSyncCursor;

void               ops_sync_cursor_clear          (OpsSyncCursor        *cursor);
gboolean           ops_store_get_sync_cursor      (OpsStore             *self,
                                                   const char           *doctype,
                                                   OpsSyncCursor        *cursor,
                                                   GError              **error);
gboolean           ops_store_set_sync_cursor      (OpsStore             *self,
                                                   const char           *doctype,
                                                   const char           *modified,
                                                   const char           *last_name,
                                                   gint64                rows_added,
                                                   GError              **error);
gboolean           ops_store_set_sync_complete    (OpsStore             *self,
                                                   const char           *doctype,
                                                   GError              **error);
/* The customer a row of a document table belongs to (the row's own name
 * for customers), or NULL. */
char              *ops_store_get_row_customer     (OpsStore             *self,
                                                   const char           *table,
                                                   const char           *name);
gboolean           ops_store_rename               (OpsStore             *self,
                                                   const char           *table,
                                                   const char           *old_name,
                                                   const char           *new_name,
                                                   GError              **error);
/* Every name in a document table. */
GPtrArray         *ops_store_list_names           (OpsStore             *self,
                                                   const char           *table,
                                                   GError              **error);
/* Gives messages logged against a ticket the ticket's customer. */
gboolean           ops_store_fill_message_customers (OpsStore           *self,
                                                     GError            **error);

/* Optical history per device (ops-store-optical.c). */
typedef struct
{
  char   *taken_at;   /* ISO 8601 UTC */
  double  rx_dbm;     /* NAN unknown */
  double  tx_dbm;     /* NAN unknown */
} OpsOpticalReading;

void               ops_optical_reading_free       (OpsOpticalReading    *self);
/* Records a reading; a reading with the same device and taken_at is kept
 * once.  Readings with an unknown RX are not recorded. */
gboolean           ops_store_add_optical_reading  (OpsStore             *self,
                                                   const char           *device_id,
                                                   const char           *taken_at,
                                                   double                rx_dbm,
                                                   double                tx_dbm,
                                                   GError              **error);
/* The newest readings, oldest first (at most limit). */
GPtrArray         *ops_store_get_optical_history  (OpsStore             *self,
                                                   const char           *device_id,
                                                   guint                 limit,
                                                   GError              **error);
/* The first reading ever recorded for the device (the baseline), or NULL. */
OpsOpticalReading *ops_store_get_optical_baseline (OpsStore             *self,
                                                   const char           *device_id,
                                                   GError              **error);

/* Equipment by serial, device id or name (ops-store-equipment.c). */
/* The equipment whose serial or device_id (case-insensitive) or name is key, or
 * NULL (error unset) when none; customer (may be NULL) receives its
 * customer. */
OpsEquipment      *ops_store_find_equipment       (OpsStore             *self,
                                                   const char           *key,
                                                   char                **customer,
                                                   GError              **error);
/* Every distinct non-empty equipment device_id, sorted. */
GPtrArray         *ops_store_list_device_ids      (OpsStore             *self,
                                                   GError              **error);

/* Provider events processed exactly once (ops-store-events.c).  Call
 * inside the transaction of the event's side effects: TRUE when this call
 * claimed the event, FALSE (no error) when it was processed before. */
gboolean           ops_store_claim_event          (OpsStore             *self,
                                                   const char           *provider,
                                                   const char           *event_key,
                                                   GError              **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (OpsSyncCursor, ops_sync_cursor_clear)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsOpticalReading, ops_optical_reading_free)

G_END_DECLS
