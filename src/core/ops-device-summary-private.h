/* ops-device-summary-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared by the parts of the summarizer: defensive readers of document
 * nodes (any value may be missing, of the wrong JSON type, or a string
 * where a number is expected) and the sections filled by each file.
 */

#pragma once

#include "ops-device-summary.h"

G_BEGIN_DECLS

typedef struct
{
  JsonObject *doc;
  JsonObject *root;        /* "Device" or "InternetGatewayDevice" */
  const char *root_name;
  gboolean    tr181;
  char       *management_host;   /* host of the ConnectionRequestURL, or NULL */
} OpsSummaryContext;

/* One instance of a multi-instance object ("Host.3"). */
typedef struct
{
  guint       index;
  JsonObject *object;
} OpsDocInstance;

/* The child object called name, or NULL; object may be NULL. */
JsonObject *_ops_doc_child            (JsonObject        *object,
                                       const char        *name);
/* The numbered instances of object, sorted (an array of OpsDocInstance). */
GArray     *_ops_doc_instances        (JsonObject        *object);
/* The value of the leaf called name (its _value, or a bare scalar). */
JsonNode   *_ops_doc_value            (JsonObject        *object,
                                       const char        *name);
/* The value as text (numbers and booleans written out), trimmed; NULL
 * when absent or empty. */
char       *_ops_doc_string           (JsonObject        *object,
                                       const char        *name);
/* The value as a number (a JSON number, or a string holding one, "dBm"
 * allowed after it); NAN when absent or unreadable. */
double      _ops_doc_double           (JsonObject        *object,
                                       const char        *name);
/* true/false, 1/0, "true"/"false", "1"/"0", "enabled"/"disabled". */
gboolean    _ops_doc_boolean          (JsonObject        *object,
                                       const char        *name,
                                       gboolean           default_value);
/* The leaf's _timestamp as ISO 8601, or NULL. */
char       *_ops_doc_timestamp        (JsonObject        *object,
                                       const char        *name);
/* The value of the first member named X_<vendor>_<suffix>. */
JsonObject *_ops_doc_vendor_leaf      (JsonObject        *object,
                                       const char        *suffix,
                                       const char       **name);
void        _ops_source_set           (OpsSource         *source,
                                       const char        *path,
                                       char              *timestamp);
/* "aa-bb-cc-dd-ee-ff", "aabbccddeeff" → "AA:BB:CC:DD:EE:FF"; NULL when
 * not a MAC address. */
char       *_ops_mac_normalize        (const char        *mac);
/* "2.4GHz" → "2.4 GHz", "5GHz" → "5 GHz", "6GHz" → "6 GHz", or NULL. */
const char *_ops_band_label           (const char        *text);
/* The band of a Wi-Fi channel number (1–14: 2.4 GHz, 32–177: 5 GHz). */
const char *_ops_band_from_channel    (double             channel);
/* TRUE when text ("Internet,TR069", "WAN1_INTERNET_TR069_VOICE_R") has the
 * word token (upper case; words are split at anything not alphanumeric). */
gboolean    _ops_hint_has             (const char        *text,
                                       const char        *token);
/* A reference ("Device.WiFi.Radio.1.") equals path, or is one of a comma
 * separated list of references. */
gboolean    _ops_reference_matches    (const char        *references,
                                       const char        *path);

/* The Wi-Fi part's findings, for the hosts part. */
typedef struct
{
  char       *node;        /* mesh node or gateway name, NULL unknown */
  const char *band;
  double      signal_dbm;
  gint        speed_mbps;
  gboolean    active;
  char       *name;        /* the vendor's host name, or NULL */
  char       *ip;
} OpsWifiAssociation;

typedef struct
{
  OpsDeviceSummary  *summary;
  OpsSummaryContext *context;
  JsonObject        *wifi;            /* Device.WiFi, TR-181 only */
  GArray            *ap_devices;      /* MultiAP.APDevice instances */
  gint               root;            /* position of the root in ap_devices, -1 none */
  GHashTable        *node_macs;       /* MACs that are mesh nodes, not clients */
  GHashTable        *associations;    /* MAC → Association */
  GHashTable        *wifi_paths;      /* radio/SSID/AP/WLAN path → band ("" unknown) */
  char              *gateway_name;
} OpsWifiScan;

/* The band of the Wi-Fi interface a reference names ("Device.WiFi.SSID.3.",
 * "…AccessPoint.1.AssociatedDevice.2", "…LANDevice.1.WLANConfiguration.1"):
 * TRUE when it names one, *band NULL when its band is unknown. */
gboolean    _ops_wifi_reference       (OpsWifiScan       *scan,
                                       const char        *reference,
                                       const char       **band);
void        _ops_summary_hosts        (OpsWifiScan       *scan);

void        _ops_summary_network      (OpsDeviceSummary  *summary,
                                       OpsSummaryContext *context);
void        _ops_summary_wifi         (OpsDeviceSummary  *summary,
                                       OpsSummaryContext *context);

G_END_DECLS
