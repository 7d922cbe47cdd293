/* ops-demo-devices.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Device documents for the demo workspace, built from the bundled real
 * data models (TP-Link XX230v, TR-181; Huawei BM632w, TR-098) with the
 * identity of the demo unit and, for some units, a variant that shows a
 * verdict: weak fibre signal, overload, drift, an offline device, a
 * congested Wi-Fi band, a satellite far from the gateway.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_DEMO_DEVICE_ERROR (ops_demo_device_error_quark ())

typedef enum
{
  OPS_DEMO_DEVICE_ERROR_UNKNOWN,   /* not the id of a demo device model */
  OPS_DEMO_DEVICE_ERROR_DATA,      /* the bundled data model cannot be read */
} OpsDemoDeviceError;

typedef enum
{
  OPS_DEMO_DEVICE_HEALTHY,
  OPS_DEMO_DEVICE_WEAK_SIGNAL,
  OPS_DEMO_DEVICE_OVERLOAD,
  OPS_DEMO_DEVICE_DRIFT,
  OPS_DEMO_DEVICE_OFFLINE,
  OPS_DEMO_DEVICE_CONGESTED,
  OPS_DEMO_DEVICE_FAR_SATELLITE,
} OpsDemoDeviceVariant;

/* The variant a demo device id gets (deterministic). */
OpsDemoDeviceVariant ops_demo_device_variant  (const char  *device_id);
/* A new document for a demo device id ("1C61B4-XX230v-<serial>",
 * "202BC1-BM632w-<serial>"), its timestamps moved so that it informed a
 * few minutes before now (long ago when offline).  NULL with an error for
 * an id of another model. */
JsonObject          *ops_demo_device_document (const char  *device_id,
                                               GDateTime   *now,
                                               GError     **error);

GQuark               ops_demo_device_error_quark    (void);
/* The RX power (dBm) the device's document reports, as its 0.1 µW value
 * reads; NAN for a model without optics or an unknown id. */
double               ops_demo_device_rx_dbm         (const char  *device_id);
/* The optical history the demo store holds for the device: a reading a day
 * for the 14 days before today (before it went offline, for an offline
 * unit), oldest first; empty without optics.  OpsOpticalReading. */
GPtrArray           *ops_demo_device_optical_history (const char *device_id,
                                                      GDate      *today);

G_END_DECLS
