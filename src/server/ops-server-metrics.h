/* ops-server-metrics.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GET /metrics (no token): the registry rendered as Prometheus text, with
 * what the server itself measures: responses by route and status, outbox
 * depth and delivery latency, ERPNext sync duration and state.  The
 * families other modules feed (webhook results, SSE) are described here
 * too, so that they are listed before their first sample.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-metrics.h"
#include "ops-service-layer.h"
#include "ops-sse-hub.h"

G_BEGIN_DECLS

#define OPS_TYPE_SERVER_METRICS (ops_server_metrics_get_type ())

G_DECLARE_FINAL_TYPE (OpsServerMetrics, ops_server_metrics, OPS, SERVER_METRICS, GObject)

OpsServerMetrics *ops_server_metrics_new          (OpsMetrics       *metrics,
                                                   OpsServiceLayer  *services);
/* Adds GET /metrics and counts every response of server. */
void              ops_server_metrics_add_handlers (OpsServerMetrics *self,
                                                   SoupServer       *server);
/* Reports the live-event hub's streams and events. */
void              ops_server_metrics_watch_sse    (OpsServerMetrics *self,
                                                   OpsSseHub        *hub);

G_END_DECLS
