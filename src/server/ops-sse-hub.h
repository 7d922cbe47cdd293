/* ops-sse-hub.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The headless server's Server-Sent-Events hub:
 *   GET  /sse?topics=customer:C0001,dispatch,conversations
 *        streams the bus events of those topics ("customer:*" for all
 *        customers); Last-Event-ID (or ?lastEventId=) replays what was
 *        missed, or sends "resync" when that is no longer kept.
 *   POST /broadcast {"topic": T, "event"?: E, "data"?: D}
 *        publishes D on the bus topic T; answers {"id": N, "delivered": n}.
 *
 * Each bus event is formatted once and the same bytes go to every stream:
 *
 *   id: <N>\n                  a global counter, on every event
 *   event: <E>\n               only for a /broadcast that named one
 *   data: {"topic":"<T>","data":<D>}\n
 *   \n
 *
 * and, for one stream, "retry:" once at its start, ": keep-alive" comments,
 * "event: resync" (with the current id) when its Last-Event-ID is too old,
 * "event: close" when it is cut off for not reading, and "event: shutdown"
 * when the server stops; their data is {"reason": R, "message": M}.
 *
 * After the response headers the hub takes the connection over from
 * SoupServer: a stream is a small struct, a socket and a queue of shared
 * frames, written without blocking the main loop.  A stream that does not
 * read is cut off past [server] sse_queue_events / sse_queue_bytes.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-config.h"
#include "ops-event-bus.h"
#include "ops-server-devices.h"

G_BEGIN_DECLS

/* Largest accepted /broadcast body. */
#define OPS_SSE_HUB_MAX_BODY 65536

#define OPS_TYPE_SSE_HUB (ops_sse_hub_get_type ())

G_DECLARE_FINAL_TYPE (OpsSseHub, ops_sse_hub, OPS, SSE_HUB, GObject)

/* Reads [server] sse_keepalive_seconds, sse_queue_events, sse_queue_bytes
 * and sse_replay_events from config, and subscribes to bus. */
OpsSseHub *ops_sse_hub_new                (OpsEventBus            *bus,
                                           OpsConfig              *config);
void       ops_sse_hub_add_handlers       (OpsSseHub              *self,
                                           SoupServer             *server);
/* The staff authentication hook of /sse and /broadcast: until one is set
 * every caller is let through.  The func sets the 401 / 403 answer when it
 * refuses. */
void       ops_sse_hub_set_authorize_func (OpsSseHub              *self,
                                           OpsServerAuthorizeFunc  func,
                                           gpointer                user_data,
                                           GDestroyNotify          destroy);
/* Sends "event: shutdown" to every stream (after what it still had
 * queued, as far as the socket takes it without waiting) and closes them;
 * new /sse requests then get 503.  Also done when the hub is disposed. */
void       ops_sse_hub_shutdown           (OpsSseHub              *self);

/* For /metrics. */
guint      ops_sse_hub_get_clients          (OpsSseHub            *self);
guint64    ops_sse_hub_get_events_published (OpsSseHub            *self);
/* Events written in full to a stream's socket (replays included). */
guint64    ops_sse_hub_get_events_delivered (OpsSseHub            *self);
/* Streams cut off for not reading fast enough. */
guint64    ops_sse_hub_get_streams_dropped  (OpsSseHub            *self);

G_END_DECLS
