/* ops-hub-client.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The console's live link: subscribes to the hub's Server-Sent-Events
 * stream (GET <url>/sse?topics=…, bearer token) for the topics the open
 * pages need and publishes what arrives on the event bus.  Reconnects with
 * capped, jittered back-off and Last-Event-ID; a "resync" event is
 * published as the "resync" topic so pages refetch; a refused token stops
 * it until it is started again.
 */

#pragma once

#include <gio/gio.h>

#include "ops-event-bus.h"
#include "ops-http.h"

G_BEGIN_DECLS

#define OPS_HUB_CLIENT_ERROR (ops_hub_client_error_quark ())

typedef enum
{
  OPS_HUB_CLIENT_ERROR_INVALID_URL,  /* the hub URL is not an http(s) URL */
} OpsHubClientError;

typedef enum
{
  OPS_HUB_DISCONNECTED,  /* not started, stopped, or waiting to reconnect (see "retry-at") */
  OPS_HUB_CONNECTING,
  OPS_HUB_LIVE,          /* the stream is open */
  OPS_HUB_AUTH_FAILED,   /* 401/403: the token was refused; no more attempts */
} OpsHubState;

#define OPS_TYPE_HUB_STATE (ops_hub_state_get_type ())
#define OPS_TYPE_HUB_CLIENT (ops_hub_client_get_type ())

G_DECLARE_FINAL_TYPE (OpsHubClient, ops_hub_client, OPS, HUB_CLIENT, GObject)

GQuark         ops_hub_client_error_quark        (void);
GType          ops_hub_state_get_type            (void);

/* url: the hub's base URL ("https://hub.example.ca"); events are published
 * on bus.  Works in the thread-default main context of the caller. */
OpsHubClient  *ops_hub_client_new                (const char           *url,
                                                  const char           *token,
                                                  OpsEventBus          *bus,
                                                  GError              **error);
/* The back-off between attempts (max_attempts is not used: it retries for
 * as long as it runs).  Default: 1 s doubling up to 60 s, with jitter. */
void           ops_hub_client_set_retry_policy   (OpsHubClient         *self,
                                                  const OpsRetryPolicy *policy);

/* Replaces the topics ("dispatch", "customer:C0001", "customer:*").
 * Reconnects (once, after the current main-loop iteration) when the set
 * changes. */
void           ops_hub_client_set_topics         (OpsHubClient         *self,
                                                  const char * const   *topics);
/* Adds a topic for as long as a page needs it (counted: one unwatch per
 * watch); the stream carries the set topics plus the watched ones. */
void           ops_hub_client_watch_topic        (OpsHubClient         *self,
                                                  const char           *topic);
void           ops_hub_client_unwatch_topic      (OpsHubClient         *self,
                                                  const char           *topic);
/* The topics of the stream, sorted (free with g_strfreev). */
GStrv          ops_hub_client_dup_topics         (OpsHubClient         *self);

/* Connects now (also after a refused token); stop closes the stream and
 * cancels any reconnection. */
void           ops_hub_client_start              (OpsHubClient         *self);
void           ops_hub_client_stop               (OpsHubClient         *self);

/* Properties (all notify in the main context):
 *   "state"          OpsHubState
 *   "last-error"     string  the last problem of the link, readable; NULL when live
 *   "last-event-id"  string  the id of the last event received ("" = none)
 *   "retry-at"       gint64  g_get_real_time () of the next attempt, 0 = none planned
 */
OpsHubState    ops_hub_client_get_state          (OpsHubClient         *self);
const char    *ops_hub_client_get_last_error     (OpsHubClient         *self);
const char    *ops_hub_client_get_last_event_id  (OpsHubClient         *self);
gint64         ops_hub_client_get_retry_at       (OpsHubClient         *self);

G_END_DECLS
