/* ops-outbox-worker.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delivers outbox rows to ERPNext on its own thread, in order per
 * document, with the shared back-off.  Exactly once: updates and deletes
 * are idempotent, and an insert whose delivery was in doubt (a dropped
 * connection, a crash) is looked up by its idempotency key before it is
 * sent again.
 */

#pragma once

#include <gio/gio.h>

#include "ops-erpnext-client.h"
#include "ops-event-bus.h"
#include "ops-outbox.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_DELIVERY_IDLE,        /* nothing to deliver */
  OPS_DELIVERY_DELIVERED,   /* one row applied */
  OPS_DELIVERY_REFUSED,     /* one row refused by ERPNext: now failed */
  OPS_DELIVERY_OFFLINE,     /* ERPNext unreachable or failing: row kept pending */
  OPS_DELIVERY_UNAUTHORIZED,/* wrong API key: row kept pending */
} OpsDeliveryResult;

/* Called on the worker's thread after each attempt; error is set for
 * OFFLINE, UNAUTHORIZED and REFUSED. */
typedef void (*OpsDeliveryFunc) (OpsDeliveryResult  result,
                                 const GError      *error,
                                 gpointer           user_data);

#define OPS_TYPE_OUTBOX_WORKER (ops_outbox_worker_get_type ())

G_DECLARE_FINAL_TYPE (OpsOutboxWorker, ops_outbox_worker, OPS, OUTBOX_WORKER, GObject)

/* The worker writes through its own connection to the store at store_path;
 * bus may be NULL. */
OpsOutboxWorker   *ops_outbox_worker_new          (OpsErpnextClient *client,
                                                   const char       *store_path,
                                                   OpsEventBus      *bus,
                                                   GError          **error);
void               ops_outbox_worker_set_callback (OpsOutboxWorker  *self,
                                                   OpsDeliveryFunc   func,
                                                   gpointer          user_data);
/* Delivers the next deliverable row, blocking; for tests and --sync. */
OpsDeliveryResult  ops_outbox_worker_deliver_one  (OpsOutboxWorker  *self,
                                                   GCancellable     *cancellable,
                                                   GError          **error);
/* Starts the delivery thread; it sleeps when idle, backs off while
 * ERPNext is unreachable, and wakes on ops_outbox_worker_wake (). */
void               ops_outbox_worker_start        (OpsOutboxWorker  *self);
void               ops_outbox_worker_wake         (OpsOutboxWorker  *self);
/* Stops and joins the thread (an HTTP call in flight is cancelled). */
void               ops_outbox_worker_stop         (OpsOutboxWorker  *self);

G_END_DECLS
