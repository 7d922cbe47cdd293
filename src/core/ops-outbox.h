/* ops-outbox.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox: every write the console makes to ERPNext is a row written
 * in the same transaction as the optimistic local change.  A worker
 * delivers rows in order per document; a refused write stops (state
 * "failed") with ERPNext's message until someone edits, retries or
 * discards it.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ops-store.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_OUTBOX_PENDING,   /* waiting for delivery */
  OPS_OUTBOX_SENDING,   /* handed to ERPNext; in doubt after a crash */
  OPS_OUTBOX_FAILED,    /* refused by ERPNext; needs a person */
  OPS_OUTBOX_DONE,      /* applied */
} OpsOutboxState;

typedef enum
{
  OPS_OUTBOX_INSERT,
  OPS_OUTBOX_UPDATE,
  OPS_OUTBOX_DELETE,
} OpsOutboxOperation;

typedef struct
{
  gint64              id;
  char               *doctype;          /* ERPNext doctype, "Customer" */
  char               *docname;          /* ERPNext name (local name for an insert) */
  OpsOutboxOperation  operation;
  JsonObject         *payload;          /* fields to send */
  char               *idempotency_key;
  char               *dedupe_field;     /* insert: field that carries the key, or NULL */
  OpsOutboxState      state;
  guint               attempts;
  char               *last_error;
  char               *summary;          /* what a person did, for the outbox view */
  char               *created_at;       /* ISO 8601 UTC */
  char               *updated_at;
} OpsOutboxEntry;

void             ops_outbox_entry_free          (OpsOutboxEntry  *self);
const char      *ops_outbox_operation_to_string (OpsOutboxOperation op);
const char      *ops_outbox_state_to_string     (OpsOutboxState   state);

/* Queues a write.  Call inside ops_store_begin () / commit () together with
 * the local change.  For inserts, dedupe_field (e.g. "message_id") names
 * the field of payload set to the idempotency key, so a delivery that was
 * in doubt can look the document up instead of inserting it twice.
 * summary is a short human sentence ("Notes of C0001").  Returns the row id,
 * or 0 with error set. */
gint64           ops_outbox_enqueue             (OpsStore          *store,
                                                 const char        *doctype,
                                                 const char        *docname,
                                                 OpsOutboxOperation operation,
                                                 JsonObject        *payload,
                                                 const char        *dedupe_field,
                                                 const char        *summary,
                                                 GError           **error);
/* The same with the idempotency key given: a value that already names the
 * change outside (a Stripe PaymentIntent id), so the in-doubt lookup finds
 * the document by it.  key must not be NULL. */
gint64           ops_outbox_enqueue_with_key    (OpsStore          *store,
                                                 const char        *doctype,
                                                 const char        *docname,
                                                 OpsOutboxOperation operation,
                                                 JsonObject        *payload,
                                                 const char        *dedupe_field,
                                                 const char        *key,
                                                 const char        *summary,
                                                 GError           **error);
/* The oldest deliverable row: pending (or sending, after a crash), with
 * no older unfinished row for the same document.  NULL when none.  Rows
 * of doctype OPS_SMS_DOCTYPE are never returned: the SMS sender, not the
 * ERPNext worker, delivers them. */
OpsOutboxEntry  *ops_outbox_next                (OpsStore          *store,
                                                 GError           **error);
/* The same among the rows of one doctype: how the SMS sender takes the
 * rows of doctype OPS_SMS_DOCTYPE, which ops_outbox_next () skips. */
OpsOutboxEntry  *ops_outbox_next_for_doctype    (OpsStore          *store,
                                                 const char        *doctype,
                                                 GError           **error);
gboolean         ops_outbox_mark_sending        (OpsStore          *store,
                                                 gint64             id,
                                                 GError           **error);
/* Done: the row is kept (state done) for the outbox history; rows done more
 * than a week ago are pruned by ops_outbox_prune (). */
gboolean         ops_outbox_mark_done           (OpsStore          *store,
                                                 gint64             id,
                                                 GError           **error);
/* Back to pending after a transient problem; attempts + 1. */
gboolean         ops_outbox_mark_retry          (OpsStore          *store,
                                                 gint64             id,
                                                 const char        *message,
                                                 GError           **error);
gboolean         ops_outbox_mark_failed         (OpsStore          *store,
                                                 gint64             id,
                                                 const char        *message,
                                                 GError           **error);
/* A person's decisions on a failed row. */
gboolean         ops_outbox_retry               (OpsStore          *store,
                                                 gint64             id,
                                                 GError           **error);
gboolean         ops_outbox_set_payload         (OpsStore          *store,
                                                 gint64             id,
                                                 JsonObject        *payload,
                                                 GError           **error);
gboolean         ops_outbox_discard             (OpsStore          *store,
                                                 gint64             id,
                                                 GError           **error);
OpsOutboxEntry  *ops_outbox_get                 (OpsStore          *store,
                                                 gint64             id,
                                                 GError           **error);
/* Unfinished rows (pending, sending, failed), oldest first; doctype and
 * docname filter when not NULL. */
GPtrArray       *ops_outbox_list                (OpsStore          *store,
                                                 const char        *doctype,
                                                 const char        *docname,
                                                 GError           **error);
gint64           ops_outbox_count               (OpsStore          *store,
                                                 OpsOutboxState     state);
/* TRUE when the document has an unfinished row: sync must not overwrite
 * its optimistic local state. */
gboolean         ops_outbox_has_unfinished      (OpsStore          *store,
                                                 const char        *doctype,
                                                 const char        *docname);
 /* After an insert, the document has ERPNext's name: later rows follow it. */
gboolean         ops_outbox_rename_document     (OpsStore          *store,
                                                 const char        *doctype,
                                                 const char        *old_name,
                                                 const char        *new_name,
                                                 GError           **error);
gboolean         ops_outbox_prune               (OpsStore          *store,
                                                 GError           **error);
/* The row queued with this idempotency key, or NULL (no error) when none. */
OpsOutboxEntry  *ops_outbox_find_by_key         (OpsStore          *store,
                                                 const char        *key,
                                                 GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsOutboxEntry, ops_outbox_entry_free)

G_END_DECLS
