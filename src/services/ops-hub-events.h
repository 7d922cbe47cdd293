/* ops-hub-events.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the hub tells a console, applied to its local store before the
 * pages hear of it: an inbound SMS (or one sent from another console)
 * becomes a messages row, once; a status callback moves a message's
 * delivery status forward; a Stripe payment lowers the invoice's
 * outstanding amount; another console's dispatch change moves the local
 * job.  The hub client publishes on a bus of its own
 * (source); every event is passed on to the console's bus (target) after
 * it is applied, so events the console publishes itself never come back
 * here.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ops-event-bus.h"
#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_TYPE_HUB_EVENTS (ops_hub_events_get_type ())

G_DECLARE_FINAL_TYPE (OpsHubEvents, ops_hub_events, OPS, HUB_EVENTS, GObject)

/* Listens on source (NULL: only ops_hub_events_apply ()) and republishes
 * on target. */
OpsHubEvents *ops_hub_events_new   (OpsStore     *store,
                                    OpsEventBus  *source,
                                    OpsEventBus  *target);
/* Applies one event of the hub to the store and publishes it on target
 * (with "customer:<name>" added for "conversations" and "payments"
 * events).  Returns TRUE when the store changed. */
gboolean      ops_hub_events_apply (OpsHubEvents *self,
                                    const char   *topic,
                                    JsonNode     *data);

/* This process's random id, sent as "origin" with the dispatch changes it
 * broadcasts through the hub so that their echo is ignored here. */
const char   *ops_hub_events_get_origin (void);

G_END_DECLS
