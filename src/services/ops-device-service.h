/* ops-device-service.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Equipment diagnostics whichever controller owns the device: GenieACS,
 * Oktopus, or, on the demo workspace, the bundled device documents.  Looks
 * a device up, summarises it, records its optical reading in the store,
 * computes the verdicts, and runs actions (refresh, reboot, speed test).
 */

#pragma once

#include <gio/gio.h>

#include "ops-config.h"
#include "ops-device-summary.h"
#include "ops-device-verdicts.h"
#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_DEVICE_ERROR (ops_device_error_quark ())

typedef enum
{
  OPS_DEVICE_ERROR_NOT_CONFIGURED,  /* no GenieACS / Oktopus and not the demo */
  OPS_DEVICE_ERROR_NOT_FOUND,       /* no controller knows the serial */
  OPS_DEVICE_ERROR_UNSUPPORTED,     /* e.g. a speed test the model cannot do */
  OPS_DEVICE_ERROR_FAILED,
} OpsDeviceError;

typedef enum
{
  OPS_DEVICE_SOURCE_DEMO,
  OPS_DEVICE_SOURCE_GENIEACS,
  OPS_DEVICE_SOURCE_OKTOPUS,
} OpsDeviceSource;

typedef enum
{
  OPS_DEVICE_ACTION_REFRESH,        /* fetch the summary's parameters now */
  OPS_DEVICE_ACTION_REFRESH_HOSTS,  /* Hosts + MultiAP associated devices */
  OPS_DEVICE_ACTION_REBOOT,
  OPS_DEVICE_ACTION_SPEEDTEST,      /* TR-143 download test */
} OpsDeviceAction;

typedef struct
{
  char             *id;          /* controller id (GenieACS _id, Oktopus serial) */
  char             *serial;
  OpsDeviceSource   source;
  OpsDeviceSummary *summary;
  GPtrArray        *verdicts;    /* OpsVerdict */
  GPtrArray        *history;     /* OpsOpticalReading, oldest first (≤ 30) */
  double            baseline_rx_dbm;   /* NAN when none */
} OpsDevice;

typedef struct
{
  gboolean  done;        /* FALSE: queued until the device next contacts the server */
  char     *message;     /* a sentence for the CSR */
  double    speed_mbps;  /* speed test result, NAN otherwise */
} OpsActionResult;

/* Called on a worker thread while an action runs. */
typedef void (*OpsDeviceProgressFunc) (const char *message,
                                       double      fraction,   /* 0..1, or -1 unknown */
                                       gpointer    user_data);

typedef struct
{
  gint64      total;
  gint64      online;
  GHashTable *by_model;     /* model -> GINT_TO_POINTER (count) */
  GHashTable *by_verdict;   /* verdict code -> GINT_TO_POINTER (count) */
} OpsFleetSummary;

#define OPS_TYPE_DEVICE_SERVICE (ops_device_service_get_type ())

G_DECLARE_FINAL_TYPE (OpsDeviceService, ops_device_service, OPS, DEVICE_SERVICE, GObject)

GQuark             ops_device_error_quark         (void);
void               ops_device_free                (OpsDevice          *self);
void               ops_action_result_free         (OpsActionResult    *self);
void               ops_fleet_summary_free         (OpsFleetSummary    *self);

/* store_path: the store the optical history goes to (the service opens its
 * own connection).  demo: use the bundled device documents. */
OpsDeviceService  *ops_device_service_new         (OpsConfig          *config,
                                                   const char         *store_path,
                                                   gboolean            demo,
                                                   GError            **error);
gboolean           ops_device_service_is_available (OpsDeviceService  *self);
/* For tests and slow controllers: the speed test's poll interval and time
 * limit, and one step of a simulated demo action (3 s, 120 s, 300 ms by
 * default; 0 keeps a value). */
void               ops_device_service_set_timing  (OpsDeviceService   *self,
                                                   guint               poll_interval_ms,
                                                   guint               speedtest_timeout_ms,
                                                   guint               demo_step_ms);
/* The [diagnostics] thresholds the verdicts use. */
const OpsVerdictThresholds *ops_device_service_get_thresholds (OpsDeviceService *self);

/* Blocking calls (worker threads, the headless server's thread pool). */
OpsDevice         *ops_device_service_lookup      (OpsDeviceService   *self,
                                                   const char         *serial,
                                                   const OpsVerdictContext *context,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
/* By controller id (as in /devices/{id}/…). */
OpsDevice         *ops_device_service_get         (OpsDeviceService   *self,
                                                   const char         *id,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
OpsActionResult   *ops_device_service_run_action  (OpsDeviceService   *self,
                                                   const char         *id,
                                                   OpsDeviceAction     action,
                                                   OpsDeviceProgressFunc progress,
                                                   gpointer            user_data,
                                                   GCancellable       *cancellable,
                                                   GError            **error);
OpsFleetSummary   *ops_device_service_fleet       (OpsDeviceService   *self,
                                                   GCancellable       *cancellable,
                                                   GError            **error);

/* Async versions for the UI: a worker thread, the callback in the caller's
 * main context.  Progress is delivered in the caller's main context too. */
void               ops_device_service_lookup_async     (OpsDeviceService   *self,
                                                        const char         *serial,
                                                        const OpsVerdictContext *context,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            user_data);
OpsDevice         *ops_device_service_lookup_finish    (OpsDeviceService   *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);
void               ops_device_service_run_action_async (OpsDeviceService   *self,
                                                        const char         *id,
                                                        OpsDeviceAction     action,
                                                        OpsDeviceProgressFunc progress,
                                                        gpointer            user_data,
                                                        GCancellable       *cancellable,
                                                        GAsyncReadyCallback callback,
                                                        gpointer            callback_data);
OpsActionResult   *ops_device_service_run_action_finish (OpsDeviceService  *self,
                                                        GAsyncResult       *result,
                                                        GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsDevice, ops_device_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsActionResult, ops_action_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFleetSummary, ops_fleet_summary_free)

G_END_DECLS
