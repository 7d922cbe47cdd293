/* ops-genieacs-client.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client of the GenieACS NBI (genieacs-oktopus.md §1): device lookup with
 * projections, tasks with or without a connection request, and GenieACS's
 * 200 / 202-with-reason / 504 semantics.  Blocking calls for worker threads.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ops-http.h"

G_BEGIN_DECLS

#define OPS_GENIEACS_ERROR (ops_genieacs_error_quark ())

typedef enum
{
  OPS_GENIEACS_ERROR_NOT_FOUND,      /* no device matches / 404 */
  OPS_GENIEACS_ERROR_INVALID_TASK,   /* refused before sending: would crash the NBI worker */
  OPS_GENIEACS_ERROR_OFFLINE,        /* 504: the connection request failed */
  OPS_GENIEACS_ERROR_IN_SESSION,     /* 503: device is in session */
  OPS_GENIEACS_ERROR_BAD_REQUEST,    /* 400 */
  OPS_GENIEACS_ERROR_SERVER,         /* 5xx, or an answer the NBI never gives */
} OpsGenieacsError;

typedef enum
{
  OPS_TASK_DONE,      /* 200: the device ran it */
  OPS_TASK_QUEUED,    /* 202: queued until the device next informs (reason says why) */
} OpsTaskStatus;

typedef struct
{
  OpsTaskStatus  status;
  char          *task_id;   /* the stored task's _id */
  char          *reason;    /* the 202 reason phrase ("Device is offline", "Task faulted", …) or NULL */
} OpsTaskResult;

#define OPS_TYPE_GENIEACS_CLIENT (ops_genieacs_client_get_type ())

G_DECLARE_FINAL_TYPE (OpsGenieacsClient, ops_genieacs_client, OPS, GENIEACS_CLIENT, GObject)

GQuark              ops_genieacs_error_quark            (void);
void                ops_task_result_free                (OpsTaskResult      *self);
/* A sentence for the user: what happened to the task and what happens
 * next ("… queued until the device next contacts the server."). */
char               *ops_task_result_dup_message         (const OpsTaskResult *self);

/* The HTTP timeout, in seconds, of a task sent with a connection request
 * whose ?timeout= is timeout_ms (0 = the NBI's default of 4 s): longer than
 * everything the NBI may wait for before it answers (30 s for the session
 * lock, the online threshold, 120 s for the session), so at least 150 s. */
guint               ops_genieacs_task_timeout_seconds   (guint               timeout_ms);

/* username/password may be NULL (the NBI has no auth; a reverse proxy in
 * front of it may want Basic auth). */
OpsGenieacsClient  *ops_genieacs_client_new             (const char         *base_url,
                                                         const char         *username,
                                                         const char         *password,
                                                         const char         *ca_file,
                                                         GError            **error);
void                ops_genieacs_client_set_retry       (OpsGenieacsClient  *self,
                                                         const OpsRetryPolicy *policy);
/* The HTTP timeout of the requests without a connection request (0 = 30 s);
 * those with one use ops_genieacs_task_timeout_seconds (). */
void                ops_genieacs_client_set_timeout     (OpsGenieacsClient  *self,
                                                         guint               timeout_seconds);
/* The largest answer read from GET /devices (0 = OPS_HTTP_DEFAULT_MAX_BODY). */
void                ops_genieacs_client_set_max_body    (OpsGenieacsClient  *self,
                                                         gsize               max_body);

/* The id as it goes in a URL path: the NBI's own escaping
 * ("9CA2F4-EC220%2DG5-…") percent-encoded once more. */
char               *ops_genieacs_escape_id              (const char         *device_id);
/* Checks a task body the way the NBI's sanitizeTask does (name known,
 * required fields present and typed). */
gboolean            ops_genieacs_validate_task          (JsonObject         *task,
                                                         GError            **error);

/* GET /devices?query=…&projection=…; projection NULL = everything.
 * total (may be NULL) receives the "total" header. */
JsonArray          *ops_genieacs_client_query           (OpsGenieacsClient  *self,
                                                         JsonObject         *query,
                                                         const char *const  *projection,
                                                         guint               skip,
                                                         guint               limit,
                                                         gint64             *total,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
/* By serial, with the three fallbacks: exact DeviceID serial
 * (_deviceId._SerialNumber), then a device whose serial ends with it (GPON
 * serials are often typed without the vendor prefix), then the _id. */
JsonObject         *ops_genieacs_client_find_device     (OpsGenieacsClient  *self,
                                                         const char         *serial,
                                                         const char *const  *projection,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
JsonObject         *ops_genieacs_client_get_device      (OpsGenieacsClient  *self,
                                                         const char         *device_id,
                                                         const char *const  *projection,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
/* POST /devices/<id>/tasks[?connection_request&timeout=ms].  The task is
 * validated first.  With a connection request the HTTP timeout is raised
 * above the NBI's own wait (≥ 150 s). */
OpsTaskResult      *ops_genieacs_client_add_task        (OpsGenieacsClient  *self,
                                                         const char         *device_id,
                                                         JsonObject         *task,
                                                         gboolean            connection_request,
                                                         guint               timeout_ms,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
/* POST /devices/<id>/tasks?connection_request with no body: TRUE on 200;
 * OFFLINE with the NBI's reason on 504. */
gboolean            ops_genieacs_client_connection_request (OpsGenieacsClient *self,
                                                         const char         *device_id,
                                                         GCancellable       *cancellable,
                                                         GError            **error);
/* DELETE /tasks/<id>: for a task the user abandons. */
gboolean            ops_genieacs_client_delete_task     (OpsGenieacsClient  *self,
                                                         const char         *task_id,
                                                         GCancellable       *cancellable,
                                                         GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsTaskResult, ops_task_result_free)

G_END_DECLS
