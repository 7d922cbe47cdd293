/* ops-server-limits.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every request goes through as soon as its headers are read, before
 * its body is: 503 while the server stops, 429 with Retry-After past the
 * per-client rate of the public routes (/webhook/…: [server] webhook_rate
 * tokens per second, bursts of webhook_burst), and 413 for a body over
 * [server] max_body (from Content-Length, or while a chunked body
 * arrives).  A refused request's body is not kept.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-config.h"
#include "ops-metrics.h"
#include "ops-server-auth.h"

G_BEGIN_DECLS

/* [server] max_body when unset: 1 MiB. */
#define OPS_SERVER_DEFAULT_MAX_BODY (1024 * 1024)

#define OPS_TYPE_SERVER_LIMITS (ops_server_limits_get_type ())

G_DECLARE_FINAL_TYPE (OpsServerLimits, ops_server_limits, OPS, SERVER_LIMITS, GObject)

/* The checks of [server] max_body, webhook_rate and webhook_burst that
 * the key types cannot make (OPS_CONFIG_ERROR_INVALID_VALUE). */
gboolean         ops_server_limits_check_config (OpsConfig          *config,
                                                 GError            **error);

OpsServerLimits *ops_server_limits_new          (OpsConfig          *config,
                                                 OpsServerAuth      *auth,
                                                 OpsMetrics         *metrics);
/* Hooks the checks on every request of server. */
void             ops_server_limits_attach       (OpsServerLimits    *self,
                                                 SoupServer         *server);
/* TRUE: every new request is answered 503 (the server is stopping). */
void             ops_server_limits_set_draining (OpsServerLimits    *self,
                                                 gboolean            draining);
gsize            ops_server_limits_get_max_body (OpsServerLimits    *self);

/* For a route that accepts less than [server] max_body: call it from the
 * route's early handler (checks Content-Length) or its handler (checks
 * the body read).  FALSE with 413 {error, message} set when the body is
 * over max_body bytes. */
gboolean         ops_server_check_body          (SoupServerMessage  *msg,
                                                 gsize               max_body);

G_END_DECLS
