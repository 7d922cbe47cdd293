/* ops-fake-genieacs-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of the fake GenieACS NBI share: the server struct, the
 * query language and the running of tasks.  Functions that touch the
 * devices or tasks run with the server's lock held.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-fake-genieacs.h"
#include "ops-fake-server.h"

G_BEGIN_DECLS

#define OPS_FAKE_GENIEACS_ERROR (ops_fake_genieacs_error_quark ())

/* Errors of a query: the NBI answers them with 400 and "<name>: <message>". */
typedef enum
{
  OPS_FAKE_GENIEACS_ERROR_QUERY,
} OpsFakeGenieacsError;

GQuark ops_fake_genieacs_error_quark (void);

typedef struct
{
  JsonObject          *doc;
  OpsFakeGenieacsMode  mode;
  char                *reason;
  char                *diag_path;        /* the DownloadDiagnostics object of a running test */
  guint                diag_polls_left;
} OpsFakeDevice;

struct _OpsFakeGenieacs
{
  GMutex         mutex;
  OpsFakeServer *server;

  char          *authorization;   /* the expected "Basic …", or NULL */
  GHashTable    *devices;         /* _id → OpsFakeDevice */
  GPtrArray     *device_order;    /* OpsFakeDevice, as added */
  GPtrArray     *tasks;           /* JsonObject, as queued */
  guint          task_counter;
  guint          diag_polls;
  guint64        diag_bytes;
  guint          diag_duration_ms;
  guint          delay_ms;
  guint          canned_status;   /* answer_next (), 0 = none */
  char          *canned_reason;
  char          *canned_body;
};

/* ops-fake-genieacs-query.c */
JsonObject *ops_fake_genieacs_object_copy  (JsonObject  *object);
JsonNode   *ops_fake_genieacs_lookup       (JsonObject  *doc,
                                            const char  *path);
gboolean    ops_fake_genieacs_match        (JsonObject  *doc,
                                            JsonObject  *query,
                                            gboolean     expand,
                                            GError     **error);
JsonObject *ops_fake_genieacs_project      (JsonObject  *doc,
                                            GStrv        projection);
void        ops_fake_genieacs_sort         (GPtrArray   *docs,
                                            JsonObject  *sort,
                                            gboolean     expand);

/* ops-fake-genieacs-tasks.c */
char       *ops_fake_genieacs_now          (void);
/* FALSE when the NBI's sanitizeTask would throw. */
gboolean    ops_fake_genieacs_task_is_valid (JsonNode   *task);
/* Stores the task (adding _id, device, timestamp) and returns it. */
JsonObject *ops_fake_genieacs_queue_task   (OpsFakeGenieacs *self,
                                            const char      *device_id,
                                            JsonObject      *task);
void        ops_fake_genieacs_unqueue_task (OpsFakeGenieacs *self,
                                            JsonObject      *task);
/* Runs a task on the device, as a session would. */
void        ops_fake_genieacs_run_task     (OpsFakeGenieacs *self,
                                            OpsFakeDevice   *device,
                                            JsonObject      *task);
/* Runs the device's queued tasks and records an inform; how many ran. */
guint       ops_fake_genieacs_run_session  (OpsFakeGenieacs *self,
                                            OpsFakeDevice   *device);

G_END_DECLS
