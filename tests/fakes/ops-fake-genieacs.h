/* ops-fake-genieacs.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process GenieACS NBI for tests and benchmarks: a SoupServer on
 * 127.0.0.1 (port 0) in its own thread, following genieacs-oktopus.md §1.
 *
 * - GET/HEAD /devices/?query=&projection=&sort=&skip=&limit=: the query is
 *   expanded as the NBI does (a parameter path gets "._value" unless its
 *   last segment starts with "_"; a string also matches the number it
 *   spells, "/re/flags" and "*" wildcards become regular expressions) and
 *   supports equality, $eq $ne $gt $gte $lt $lte $in $nin $exists $regex,
 *   $or $and $nor.  The projection keeps only the named subtrees and _id.
 *   Header "total" (the count before skip/limit); the body is "[\n", one
 *   document per line joined by ",\n", then "\n]".
 * - GET /tasks/?query=: the stored tasks, same query language without the
 *   "._value" expansion.
 * - POST /devices/<id>/tasks[?connection_request][&timeout=ms]: the id is
 *   percent-decoded once (so "%2D" in an id must be sent as "%252D").  400
 *   "SyntaxError: …" for a body that is not JSON, 400 for no body and no
 *   connection request, 404 "No such device", then the device's mode (see
 *   OpsFakeGenieacsMode).  A task the NBI's sanitizeTask would throw on
 *   drops the connection without an answer, as the crashing NBI worker
 *   does.  Without ?connection_request: 202 "Accepted", the task queued.
 * - DELETE /tasks/<id>: 200, 404 "Task not found", 503 "Device is in
 *   session"; an id that is not an ObjectId (24 hex digits) drops the
 *   connection.
 *
 * Running a task: getParameterValues / refreshObject refresh the
 * timestamps below their paths; setParameterValues writes the values
 * (typed by the leaf's _type) but, as GenieACS does, not a value equal to
 * the cached one; reboot sets _lastBoot and zeroes DeviceInfo.UpTime.
 * Setting <…>DownloadDiagnostics.DiagnosticsState to "Requested" starts a
 * download test: after the configured number of polls (getParameterValues
 * or refreshObject of the diagnostics object), the state reads "Completed"
 * with BOMTime, EOMTime, TestBytesReceived and TotalBytesReceived.
 *
 * Every function is thread-safe.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _OpsFakeGenieacs OpsFakeGenieacs;

/* What POST /devices/<id>/tasks does with a connection request. */
typedef enum
{
  /* The device answers and runs the task: 200 with the task; the bare
   * connection request answers 200 and runs the queued tasks. */
  OPS_FAKE_GENIEACS_DONE,
  /* The connection request works but the task is not run: 202 with the
   * mode's reason ("Task queued but not processed" by default, or "Task
   * faulted", …); the task stays queued.  The bare request answers 200. */
  OPS_FAKE_GENIEACS_QUEUED,
  /* The connection request fails: 202 with the reason ("Device is offline"
   * by default, or a connection-request error) and the task stays queued;
   * the bare request answers 504 with the reason as status text and body. */
  OPS_FAKE_GENIEACS_CR_FAIL,
  /* 503 "Device is in session" to any task POST and to DELETE of its tasks. */
  OPS_FAKE_GENIEACS_IN_SESSION,
  /* Any task POST closes the connection without an answer. */
  OPS_FAKE_GENIEACS_DROP,
} OpsFakeGenieacsMode;

OpsFakeGenieacs *ops_fake_genieacs_new             (void);
void             ops_fake_genieacs_free            (OpsFakeGenieacs     *self);
/* "http://127.0.0.1:<port>" (no trailing slash). */
const char      *ops_fake_genieacs_get_url         (OpsFakeGenieacs     *self);

/* Wants "Authorization: Basic" with these credentials (401 otherwise), as a
 * reverse proxy in front of the NBI would; NULL = no authentication. */
void             ops_fake_genieacs_set_basic_auth  (OpsFakeGenieacs     *self,
                                                    const char          *username,
                                                    const char          *password);

/* Adds (or replaces) a device document, copied; it must have "_id". New
 * devices are in OPS_FAKE_GENIEACS_DONE mode. */
void             ops_fake_genieacs_add_device      (OpsFakeGenieacs     *self,
                                                    JsonObject          *device);
/* Adds the device a GenieACS CSV export describes (converted with
 * ops_genieacs_csv_to_document ()); returns its _id. */
char            *ops_fake_genieacs_add_device_csv  (OpsFakeGenieacs     *self,
                                                    const char          *path,
                                                    GError             **error);
/* A deep copy of the stored document, or NULL. */
JsonObject      *ops_fake_genieacs_dup_device      (OpsFakeGenieacs     *self,
                                                    const char          *device_id);

/* reason NULL = the mode's default reason. */
void             ops_fake_genieacs_set_mode        (OpsFakeGenieacs     *self,
                                                    const char          *device_id,
                                                    OpsFakeGenieacsMode  mode,
                                                    const char          *reason);
/* The download test: polls before it completes (default 2, 0 = at once),
 * bytes received and its duration. */
void             ops_fake_genieacs_set_diagnostics (OpsFakeGenieacs     *self,
                                                    guint                polls,
                                                    guint64              bytes,
                                                    guint                duration_ms);

/* The queued tasks of a device (NULL = all), in order, as GET /tasks
 * returns them. */
JsonArray       *ops_fake_genieacs_dup_tasks       (OpsFakeGenieacs     *self,
                                                    const char          *device_id);
/* The device informs: its queued tasks run (whatever its mode) and
 * _lastInform is now.  Returns how many ran. */
guint            ops_fake_genieacs_run_queued      (OpsFakeGenieacs     *self,
                                                    const char          *device_id);

/* The next request, whatever it is, gets this answer (as a reverse proxy
 * in front of the NBI, or an NBI version, might give); reason NULL = the
 * standard phrase. */
void             ops_fake_genieacs_answer_next     (OpsFakeGenieacs     *self,
                                                    guint                status,
                                                    const char          *reason,
                                                    const char          *body);
/* Delays every answer by delay_ms. */
void             ops_fake_genieacs_set_delay       (OpsFakeGenieacs     *self,
                                                    guint                delay_ms);

/* Request log: "<METHOD> <path>?<query>", the query as received and the
 * path as a client encodes it (libsoup decodes it once before the fake
 * sees it; the fake encodes it again, "%" as "%25"). */
guint            ops_fake_genieacs_get_request_count (OpsFakeGenieacs   *self);
GStrv            ops_fake_genieacs_dup_requests    (OpsFakeGenieacs     *self);
void             ops_fake_genieacs_clear_requests  (OpsFakeGenieacs     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFakeGenieacs, ops_fake_genieacs_free)

G_END_DECLS
