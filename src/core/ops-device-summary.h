/* ops-device-summary.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a CSR needs to know about a CPE, read from a GenieACS device
 * document (TR-181 "Device." or TR-098 "InternetGatewayDevice.", with the
 * vendor extensions of TP-Link, Huawei, Raisecom and Nokia).  Pure: a
 * document in, a summary out.  Numbers that are unknown are NAN (doubles)
 * or -1 (integers), never 0.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OPS_DEVICE_SUMMARY_ERROR (ops_device_summary_error_quark ())

typedef enum
{
  OPS_DEVICE_SUMMARY_ERROR_NOT_A_DEVICE,
} OpsDeviceSummaryError;

GQuark ops_device_summary_error_quark (void);

/* Where a value came from: the parameter path and its _timestamp, so the
 * UI can show its age and a verdict can cite it. */
typedef struct
{
  char *path;        /* "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower", or NULL */
  char *timestamp;   /* ISO 8601, or NULL */
} OpsSource;

typedef struct
{
  double     rx_dbm;      /* NAN when unknown */
  double     tx_dbm;      /* NAN when unknown */
  char      *status;      /* "Up", "Down", …, or NULL */
  OpsSource  rx_source;
  OpsSource  tx_source;
} OpsOpticalSummary;

typedef enum
{
  OPS_IP_ROLE_INTERNET,
  OPS_IP_ROLE_MANAGEMENT,   /* TR-069 / management WAN */
  OPS_IP_ROLE_SERVICE,      /* VoIP / IPTV WAN */
  OPS_IP_ROLE_LAN,
} OpsIpRole;

typedef struct
{
  OpsIpRole  role;
  char      *ip;
  char      *interface;   /* a readable name ("ppp0", "WAN 2", "LAN"), or NULL */
  OpsSource  source;
} OpsIpAddress;

typedef struct
{
  char      *band;        /* "2.4 GHz", "5 GHz", "6 GHz" */
  gint       channel;     /* -1 unknown */
  double     noise_dbm;   /* NAN unknown */
  gint       clients;     /* -1 unknown */
  gboolean   enabled;
  char      *ssid;        /* or NULL */
  OpsSource  noise_source;
} OpsWifiRadio;

typedef struct
{
  char      *name;
  char      *mac;
  gboolean   is_root;                /* the gateway itself */
  char      *backhaul;               /* "Wi-Fi", "Ethernet", … or NULL (root) */
  double     backhaul_utilization;   /* percent, NAN unknown */
  double     backhaul_signal_dbm;    /* NAN unknown */
  gint       clients;
  OpsSource  utilization_source;
} OpsMeshNode;

typedef struct
{
  char *name;        /* "LAN1" … */
  char *status;      /* "Up", "Down", … */
  gint  speed_mbps;  /* -1 unknown */
} OpsEthernetPort;

typedef struct
{
  char     *name;          /* host name, or NULL */
  char     *ip;
  char     *mac;           /* upper case, colon separated */
  char     *band;          /* "2.4 GHz" / "5 GHz" / NULL when wired or unknown */
  double    signal_dbm;    /* NAN unknown */
  gint      speed_mbps;    /* -1 unknown */
  char     *node;          /* mesh node name; NULL = "Filaire / Autre" */
  gboolean  active;
  gint64    lease_seconds; /* remaining lease, -1 unknown */
} OpsHost;

typedef struct
{
  char   *state;           /* DiagnosticsState: "None", "Requested", "Completed", "Error_…" */
  double  speed_mbps;      /* NAN unless completed */
  char   *url;
  char   *finished_at;     /* EOMTime, or NULL */
} OpsDownloadTest;

typedef struct
{
  char              *id;             /* GenieACS _id */
  char              *serial;
  char              *manufacturer;
  char              *oui;
  char              *product_class;
  char              *model;
  char              *firmware;
  char              *hardware;
  char              *data_model;     /* "TR-181" or "TR-098" */
  gint64             uptime_seconds; /* -1 unknown */
  char              *last_inform;    /* ISO 8601 or NULL */
  gboolean           online;         /* last inform within the threshold */
  char              *management_url; /* http://<ip> of the device's web UI, or NULL */
  OpsOpticalSummary  optical;
  GPtrArray         *addresses;      /* OpsIpAddress */
  GPtrArray         *radios;         /* OpsWifiRadio */
  GPtrArray         *mesh;           /* OpsMeshNode, root first */
  GPtrArray         *ethernet;       /* OpsEthernetPort */
  GPtrArray         *hosts;          /* OpsHost, grouped by node (root first), wired/other last */
  OpsDownloadTest    download;
} OpsDeviceSummary;

/* The parameters a summary reads, as GenieACS projection paths (for
 * `projection=`): NULL-terminated, static. */
const char *const *ops_device_summary_projection (void);

/* online_seconds: a device is online when its last inform is at most that
 * old at now.  Returns NULL (and sets error) only when doc is not a device
 * document (no _id and no data-model root). */
OpsDeviceSummary *ops_device_summarize       (JsonObject              *doc,
                                              GDateTime               *now,
                                              gint64                   online_seconds,
                                              GError                 **error);
/* An empty summary (numbers unknown, lists empty), for building one by hand. */
OpsDeviceSummary *ops_device_summary_new     (void);
void              ops_device_summary_free    (OpsDeviceSummary        *self);

/* Conversions, exposed for tests. */
/* 0.1 µW to dBm; NAN for 0 or negative (unknown). */
double            ops_optical_tenth_uw_to_dbm (double                  tenth_microwatts);
/* TP-Link RCPI-style SignalStrength to dBm: v / 2 - 110. */
double            ops_wifi_rcpi_to_dbm        (double                  rcpi);
/* Seconds between an ISO 8601 timestamp and now; -1 when unreadable. */
gint64            ops_timestamp_age           (const char             *timestamp,
                                               GDateTime              *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsDeviceSummary, ops_device_summary_free)

G_END_DECLS
