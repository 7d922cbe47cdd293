/* ops-oktopus-client.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client of the Oktopus controller REST API for TR-369 / USP devices
 * (genieacs-oktopus.md §5): login (JWT, sent raw in Authorization, renewed
 * on 401), device list, USP get and operate through the "any" MTP.
 * Blocking calls for worker threads.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ops-http.h"

G_BEGIN_DECLS

#define OPS_OKTOPUS_ERROR (ops_oktopus_error_quark ())

typedef enum
{
  OPS_OKTOPUS_ERROR_LOGIN,       /* wrong e-mail or password */
  OPS_OKTOPUS_ERROR_NOT_FOUND,   /* no such device / no devices */
  OPS_OKTOPUS_ERROR_OFFLINE,     /* 503 "Device is offline" / "associating" */
  OPS_OKTOPUS_ERROR_TIMEOUT,     /* 504 "usp message response timeout" (10 s) */
  OPS_OKTOPUS_ERROR_USP,         /* a USP Error message (HTTP 200, err_code/err_msg) */
  OPS_OKTOPUS_ERROR_SERVER,
} OpsOktopusError;

typedef struct
{
  char *serial;
  char *vendor;
  char *model;
  char *product_class;
  char *version;
  gint  status;        /* 0 offline, 1 associating, 2 online */
} OpsOktopusDevice;

/* In the object ops_oktopus_client_operate () returns for an asynchronous
 * command (a USP ReqObjPath answer): the request's path on the device
 * ("Device.LocalAgent.Request.3"); the output arguments come later. */
#define OPS_OKTOPUS_REQUEST_PATH "_req_obj_path"

#define OPS_TYPE_OKTOPUS_CLIENT (ops_oktopus_client_get_type ())

G_DECLARE_FINAL_TYPE (OpsOktopusClient, ops_oktopus_client, OPS, OKTOPUS_CLIENT, GObject)

GQuark            ops_oktopus_error_quark          (void);
void              ops_oktopus_device_free          (OpsOktopusDevice  *self);

OpsOktopusClient *ops_oktopus_client_new           (const char        *base_url,
                                                    const char        *email,
                                                    const char        *password,
                                                    const char        *ca_file,
                                                    GError           **error);
/* The retry policy of the requests that may be repeated (all but
 * operate); NULL restores the default. */
void              ops_oktopus_client_set_retry     (OpsOktopusClient     *self,
                                                    const OpsRetryPolicy *policy);
/* PUT /api/auth/login; called by the other calls when needed. */
gboolean          ops_oktopus_client_login         (OpsOktopusClient  *self,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
/* GET /api/device?id=<sn>; NOT_FOUND when unknown. */
OpsOktopusDevice *ops_oktopus_client_get_device    (OpsOktopusClient  *self,
                                                    const char        *serial,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
/* Every page of GET /api/device; an empty list (not an error) when the
 * controller answers 404 "No devices found". */
GPtrArray        *ops_oktopus_client_list_devices  (OpsOktopusClient  *self,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
/* PUT /api/device/<sn>/any/get: the values as a GenieACS-shaped document
 * (the summary reads it the same way; leaves have _value and a _timestamp
 * of now; values stay strings as USP gives them). */
JsonObject       *ops_oktopus_client_get           (OpsOktopusClient  *self,
                                                    const char        *serial,
                                                    const char *const *paths,
                                                    GCancellable      *cancellable,
                                                    GError           **error);
/* PUT /api/device/<sn>/any/operate, e.g. "Device.Reboot()"; the output
 * arguments (may be an empty object). */
JsonObject       *ops_oktopus_client_operate       (OpsOktopusClient  *self,
                                                    const char        *serial,
                                                    const char        *command,
                                                    JsonObject        *input_args,
                                                    GCancellable      *cancellable,
                                                    GError           **error);

/* USP get results to a document, exposed for tests. */
JsonObject       *ops_usp_get_response_to_document (JsonObject        *response,
                                                    const char        *serial,
                                                    GDateTime         *now);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsOktopusDevice, ops_oktopus_device_free)

G_END_DECLS
