/* ops-device-verdicts.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules that turn a device summary into verdicts a CSR can act on: what is
 * wrong, the evidence, and what to do (and not do).  Pure functions.
 */

#pragma once

#include "ops-device-summary.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_SEVERITY_OK,         /* a positive finding: "fibre signal is good" */
  OPS_SEVERITY_INFO,
  OPS_SEVERITY_WARNING,
  OPS_SEVERITY_CRITICAL,
} OpsSeverity;

typedef struct
{
  char        *code;        /* stable: "fibre-low", "fibre-overload", "fibre-drift",
                               "wifi-interference", "mesh-backhaul", "wifi-or-client",
                               "offline", "stale", "fibre-ok" */
  OpsSeverity  severity;
  char        *message;     /* translated sentence: what is wrong */
  char        *action;      /* translated sentence: what to do, or NULL */
  char        *parameter;   /* evidence: the parameter path, or NULL */
  char        *value;       /* evidence: the value as shown ("-27.4 dBm"), or NULL */
  char        *timestamp;   /* evidence: when it was read, or NULL */
} OpsVerdict;

typedef struct
{
  double rx_low_dbm;             /* -25: below → fibre or connector, do not swap */
  double rx_high_dbm;            /* -8: above → overload */
  double drift_db;               /* 3: RX this much below the baseline → drift */
  double noise_high_dbm;         /* -75: noise above → interference */
  double backhaul_high_percent;  /* 70: satellite backhaul above → move it closer */
  double slow_client_ratio;      /* 0.5: client speed below ratio × ONT speed → Wi-Fi/client */
  gint64 online_seconds;         /* 300 */
  gint64 stale_seconds;          /* 3600: data older than this → "stale" */
} OpsVerdictThresholds;

/* Optional inputs of the rules. */
typedef struct
{
  double baseline_rx_dbm;   /* first reading after installation; NAN none */
  double client_mbps;       /* speed the customer measured on a device; NAN none */
  double plan_mbps;         /* subscribed plan; NAN none */
} OpsVerdictContext;

void       ops_verdict_thresholds_init_default (OpsVerdictThresholds       *thresholds);
/* A new array of OpsVerdict, most severe first. context may be NULL. */
GPtrArray *ops_device_verdicts                 (const OpsDeviceSummary     *summary,
                                                const OpsVerdictThresholds *thresholds,
                                                const OpsVerdictContext    *context,
                                                GDateTime                  *now);
void       ops_verdict_free                    (OpsVerdict                 *self);
const char *ops_severity_to_string             (OpsSeverity                 severity);

G_END_DECLS
