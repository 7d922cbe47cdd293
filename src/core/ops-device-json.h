/* ops-device-json.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Device summaries, verdicts and hosts as the JSON the headless server
 * answers (camelCase, the shapes of the gateway it replaces).  Unknown
 * numbers are null, never 0.  Pure functions.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ops-device-summary.h"
#include "ops-device-verdicts.h"

G_BEGIN_DECLS

/* "internet", "management", "service", "lan". */
const char *ops_ip_role_to_string   (OpsIpRole                role);

/* GET /devices/lookup: {id, serial, manufacturer, model, firmware, uptime,
 * lastInform, online, opticalStatus: {status, rxPower, txPower,
 * baselineRxPower}, interfaces: [{role, ip}], wifi: {radios: [{band,
 * channel, noise, clients}], totalClients}, mesh: [{name, mac,
 * backhaulUtilization, clients}], ethernet: [{port, status, speed}],
 * verdicts: [{code, severity, message, action, evidence: {parameter, value,
 * timestamp} | null}], opticalHistory: [{takenAt, rxPower, txPower}]}.
 * verdicts (OpsVerdict) and history (OpsOpticalReading) may be NULL. */
JsonNode   *ops_device_json_lookup  (const OpsDeviceSummary  *summary,
                                     GPtrArray               *verdicts,
                                     GPtrArray               *history,
                                     double                   baseline_rx_dbm);
/* GET /devices/{id}/hosts: {total, hosts: [{name, ip, mac, band, signal,
 * attachedNode, lease, active}]}; attachedNode is null for wired and
 * unknown hosts. */
JsonNode   *ops_device_json_hosts   (GPtrArray               *hosts);
/* GET /devices/summary: {total, online, byModel: {…}, byVerdict: {…}};
 * the tables map a name to GINT_TO_POINTER (count) and may be NULL. */
JsonNode   *ops_device_json_fleet   (gint64                   total,
                                     gint64                   online,
                                     GHashTable              *by_model,
                                     GHashTable              *by_verdict);
/* POST /devices/{id}/tasks: {done, message, speedMbps}. */
JsonNode   *ops_device_json_action  (gboolean                 done,
                                     const char              *message,
                                     double                   speed_mbps);

G_END_DECLS
