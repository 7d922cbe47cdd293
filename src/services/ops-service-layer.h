/* ops-service-layer.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the UI and the server hold on to: the store, the event bus and the
 * ERPNext link (client, sync on an interval, outbox worker), with the
 * connection state as properties the header binds to.
 */

#pragma once

#include <gio/gio.h>

#include "ops-config.h"
#include "ops-device-service.h"
#include "ops-event-bus.h"
#include "ops-hub-client.h"
#include "ops-sms-sender.h"
#include "ops-store.h"
#include "ops-vision-service.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_CONNECTION_DEMO,         /* no ERPNext configured: demo workspace */
  OPS_CONNECTION_CONNECTING,   /* configured, first contact not made yet */
  OPS_CONNECTION_ONLINE,
  OPS_CONNECTION_SYNCING,
  OPS_CONNECTION_OFFLINE,      /* unreachable / failing; writes stay queued */
  OPS_CONNECTION_AUTH_FAILED,  /* 401: the API key or secret is wrong */
} OpsConnectionState;

#define OPS_TYPE_CONNECTION_STATE (ops_connection_state_get_type ())
#define OPS_TYPE_SERVICE_LAYER (ops_service_layer_get_type ())

G_DECLARE_FINAL_TYPE (OpsServiceLayer, ops_service_layer, OPS, SERVICE_LAYER, GObject)

GType               ops_connection_state_get_type        (void);

/* demo: TRUE on the demo workspace (no client is made, nothing is sent). */
OpsServiceLayer    *ops_service_layer_new                (OpsConfig       *config,
                                                          OpsStore        *store,
                                                          gboolean         demo,
                                                          GError         **error);
OpsStore           *ops_service_layer_get_store          (OpsServiceLayer *self);
OpsEventBus        *ops_service_layer_get_bus            (OpsServiceLayer *self);
OpsConfig          *ops_service_layer_get_config         (OpsServiceLayer *self);
gboolean            ops_service_layer_is_demo            (OpsServiceLayer *self);
/* Equipment diagnostics (GenieACS, Oktopus, or the demo's devices). */
OpsDeviceService   *ops_service_layer_get_devices        (OpsServiceLayer *self);
/* The live link to the hub, or NULL when [hub] url and token are not set
 * (or on the demo workspace).  Started and stopped with the layer. */
OpsHubClient       *ops_service_layer_get_hub            (OpsServiceLayer *self);
/* Delivers the SMS queued in the outbox (simulated on the demo
 * workspace).  Started and stopped with the layer. */
OpsSmsSender       *ops_service_layer_get_sms_sender     (OpsServiceLayer *self);
/* Reads photos with Gemini ([gemini] configuration; without a key it only
 * keeps photos queued), and reads the queue again when the connection
 * comes back, so photos queued before a restart are not forgotten. */
OpsVisionService   *ops_service_layer_get_vision         (OpsServiceLayer *self);

/* Starts the outbox worker and syncing every interval_seconds (0 = only
 * when asked). */
void                ops_service_layer_start              (OpsServiceLayer *self,
                                                          guint            interval_seconds);
void                ops_service_layer_stop               (OpsServiceLayer *self);
void                ops_service_layer_sync_now           (OpsServiceLayer *self);
void                ops_service_layer_cancel_sync        (OpsServiceLayer *self);
/* Tells the outbox worker that rows were queued or released. */
void                ops_service_layer_wake_outbox        (OpsServiceLayer *self);

/* Properties (all notify in the main context):
 *   "state"            OpsConnectionState
 *   "pending-writes"   gint64  rows pending or sending
 *   "failed-writes"    gint64  rows refused by ERPNext
 *   "sync-doctype"     string  doctype being synced, or NULL
 *   "sync-done"        guint   rows of it done
 *   "sync-total"       guint   rows of it to do (0 = unknown)
 *   "last-error"       string  the last connection problem, readable
 *   "last-sync"        gint64  unix time of the last complete sync, 0 = never
 */
OpsConnectionState  ops_service_layer_get_state          (OpsServiceLayer *self);
gint64              ops_service_layer_get_pending_writes (OpsServiceLayer *self);
gint64              ops_service_layer_get_failed_writes  (OpsServiceLayer *self);
const char         *ops_service_layer_get_last_error     (OpsServiceLayer *self);
gint64              ops_service_layer_get_last_sync      (OpsServiceLayer *self);

G_END_DECLS
