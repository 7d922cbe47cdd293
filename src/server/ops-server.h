/* ops-server.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-metrics.h"
#include "ops-service-layer.h"
#include "ops-sse-hub.h"

G_BEGIN_DECLS

#define OPS_SERVER_ERROR (ops_server_error_quark ())

typedef enum
{
  OPS_SERVER_ERROR_LISTEN,
} OpsServerError;

#define OPS_TYPE_SERVER (ops_server_get_type ())

G_DECLARE_FINAL_TYPE (OpsServer, ops_server, OPS, SERVER, GObject)

GQuark           ops_server_error_quark  (void);
/* The routes use the service layer's config, store, bus and devices. */
OpsServer       *ops_server_new          (OpsServiceLayer *services);
OpsServiceLayer *ops_server_get_services (OpsServer       *self);
gboolean         ops_server_listen       (OpsServer       *self,
                                          GError         **error);
guint16          ops_server_get_port     (OpsServer       *self);
OpsSseHub       *ops_server_get_sse_hub  (OpsServer       *self);
/* The /metrics registry: other route modules add their counters to it. */
OpsMetrics      *ops_server_get_metrics  (OpsServer       *self);
/* The first step of a graceful stop: new requests get 503, live streams
 * their final event, device calls in flight are cancelled. */
void             ops_server_stop_accepting (OpsServer     *self);
void             ops_server_shutdown     (OpsServer       *self);

G_END_DECLS
