/* ops-server-devices.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The headless server's equipment routes, in the gateway's JSON shapes:
 *   GET  /devices/lookup?serial=S        a device summary and its verdicts
 *   GET  /devices/summary                fleet counts
 *   GET  /devices/{id}/hosts[?refresh]   connected devices
 *   POST /devices/{id}/tasks             {"name": "reboot" | "refresh" | "speedtest"}
 * They wait on GenieACS / Oktopus, so each runs on a worker thread with
 * its message paused; the main loop (and /health) never waits.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-device-service.h"

G_BEGIN_DECLS

/* Largest accepted request body. */
#define OPS_SERVER_DEVICES_MAX_BODY 16384

/* Decides whether a staff request may go on; on FALSE it has set the
 * response (401 / 403).  Called in the server's main context. */
typedef gboolean (*OpsServerAuthorizeFunc) (SoupServerMessage *msg,
                                            gpointer           user_data);

#define OPS_TYPE_SERVER_DEVICES (ops_server_devices_get_type ())

G_DECLARE_FINAL_TYPE (OpsServerDevices, ops_server_devices, OPS, SERVER_DEVICES, GObject)

/* service may be NULL (the routes then answer 503 with reason). */
OpsServerDevices *ops_server_devices_new                (OpsDeviceService       *service,
                                                         const char             *reason);
void              ops_server_devices_add_handlers       (OpsServerDevices       *self,
                                                         SoupServer             *server);
/* The staff authentication hook (bearer tokens, trusted proxy headers):
 * until one is set every caller is let through. */
void              ops_server_devices_set_authorize_func (OpsServerDevices       *self,
                                                         OpsServerAuthorizeFunc  func,
                                                         gpointer                user_data,
                                                         GDestroyNotify          destroy);
/* Cancels the requests in flight (they answer 503). */
void              ops_server_devices_shutdown           (OpsServerDevices       *self);

G_END_DECLS
