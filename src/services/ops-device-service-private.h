/* ops-device-service-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What ops-device-service.c shares with ops-device-service-actions.c.
 */

#pragma once

#include "ops-device-service.h"
#include "ops-genieacs-client.h"
#include "ops-oktopus-client.h"

G_BEGIN_DECLS

struct _OpsDeviceService
{
  GObject               parent_instance;

  OpsConfig            *config;
  gboolean              demo;
  OpsGenieacsClient    *genieacs;   /* NULL when [genieacs] is not configured */
  OpsOktopusClient     *oktopus;    /* NULL when [oktopus] is not configured */
  OpsVerdictThresholds  thresholds;

  GMutex                store_lock; /* guards store: used from worker threads */
  OpsStore             *store;      /* NULL without a store path */

  guint                 poll_interval_ms;
  guint                 speedtest_timeout_ms;
  guint                 demo_step_ms;
};

/* A device document and where it came from. */
typedef struct
{
  JsonObject      *doc;
  OpsDeviceSource  source;
  char            *id;               /* controller id */
  gint             oktopus_status;   /* 0 offline, 1 associating, 2 online; -1 not Oktopus */
  char            *customer;         /* demo: the equipment's customer, or NULL */
  char            *location;         /* demo: the equipment's location, or NULL */
} OpsDeviceDocument;

void               _ops_device_document_free   (OpsDeviceDocument *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsDeviceDocument, _ops_device_document_free)

/* By serial (lookup) or by controller id (by_id = TRUE). */
OpsDeviceDocument *_ops_device_service_fetch   (OpsDeviceService  *self,
                                                const char        *key,
                                                gboolean           by_id,
                                                GCancellable      *cancellable,
                                                GError           **error);
/* Summarises a fetched document (Oktopus status applied). */
OpsDeviceSummary  *_ops_device_service_summarize (OpsDeviceService  *self,
                                                  OpsDeviceDocument *document,
                                                  GError           **error);
/* The subscribed plan of a demo unit's location in Mbit/s, or NAN. */
double             _ops_device_service_plan_mbps (OpsDeviceService  *self,
                                                  OpsDeviceDocument *document);
/* The summary projection limited to a data-model root ("Device" or
 * "InternetGatewayDevice"); NULL-terminated. */
GStrv              _ops_device_projection_for_root (const char      *root);
/* Sleeps ms milliseconds; FALSE (at once) when cancelled. */
gboolean           _ops_device_wait            (GCancellable      *cancellable,
                                                guint              ms);

G_END_DECLS
