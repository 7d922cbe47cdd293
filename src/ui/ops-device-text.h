/* ops-device-text.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words and numbers the equipment panel shows: powers, signal
 * strengths, durations, the age of a reading, the speed test against the
 * subscribed plan.  Pure functions, so tests need no display.
 */

#pragma once

#include "ops-config.h"
#include "ops-device-service.h"
#include "ops-labels.h"

G_BEGIN_DECLS

/* Older than this, a value shows its age. */
#define OPS_DEVICE_FRESH_SECONDS 60

/* "-18.4 dBm"; "unknown" for NAN. */
char       *ops_format_dbm                 (double                    dbm);
/* value, then " · 3 min ago" when timestamp is older than a minute. */
char       *ops_format_with_age            (const char               *value,
                                            const char               *timestamp,
                                            GDateTime                *now);
/* "3 days 4 h", "5 h 12 min", "12 min"; NULL when unknown (< 0). */
char       *ops_format_duration            (gint64                    seconds);
/* "1 000 Mbit/s" style speed; NULL when unknown. */
char       *ops_format_mbps                (double                    mbps);

/* The thresholds the verdicts use, from [diagnostics]. */
void        ops_device_thresholds_from_config (OpsConfig             *config,
                                               OpsVerdictThresholds  *thresholds);

/* The speed of a plan named like "Fibre 1000" (Mbit/s), or NAN. */
double      ops_plan_mbps                  (const char               *plan);
/* The speed test result for the CSR: the speed, and against the plan when
 * plan_mbps is known: "412 Mbit/s at the ONT: 41 % of the Fibre 1000
 * plan.  The line is slower than the plan…". */
char       *ops_speedtest_sentence         (double                    measured_mbps,
                                            const char               *plan,
                                            double                    plan_mbps);

/* Severity of a verdict: its style class ("success", "accent", "warning",
 * "error") and icon. */
const char *ops_severity_style             (OpsSeverity               severity);
const char *ops_severity_icon_name         (OpsSeverity               severity);

const char *ops_ip_role_label              (OpsIpRole                 role);
/* A Wi-Fi signal in words ("Good", "Fair", "Weak") with a style. */
OpsLabel    ops_signal_label               (double                    dbm);
/* The status of a link ("Up", "Down", …) as words with a style. */
OpsLabel    ops_link_status_label          (const char               *status);
/* "Fibre received power is good / low / high" as a short pill. */
OpsLabel    ops_rx_label                   (double                    rx_dbm,
                                            const OpsVerdictThresholds *thresholds);

G_END_DECLS
