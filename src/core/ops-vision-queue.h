/* ops-vision-queue.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Photos waiting to be read by Gemini: a photo taken while offline is kept
 * in the store (table vision_queue) with its task, and read in order when
 * the network returns, so nothing is lost.  A row is pending until it is
 * read (done, with the normalised answer) or refused for good (failed,
 * with the reason); a person may retry or delete it.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "ops-store.h"
#include "ops-vision-result.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_VISION_QUEUE_PENDING,  /* waiting to be read */
  OPS_VISION_QUEUE_DONE,     /* read: result holds the answer */
  OPS_VISION_QUEUE_FAILED,   /* refused for good: error says why */
} OpsVisionQueueState;

typedef struct
{
  gint64               id;
  OpsVisionTask        task;
  char                *mime;
  GBytes              *image;       /* NULL in ops_vision_queue_list () */
  gsize                image_size;
  OpsVisionQueueState  state;
  guint                attempts;
  JsonNode            *result;      /* done: the normalised answer; else NULL */
  char                *error;       /* the last problem, or NULL */
  char                *job;         /* the dispatch job the photo is for, or NULL */
  char                *created_at;  /* ISO 8601 UTC */
  char                *updated_at;
} OpsVisionQueueEntry;

void                 ops_vision_queue_entry_free     (OpsVisionQueueEntry *self);
const char          *ops_vision_queue_state_to_string (OpsVisionQueueState state);

/* Keeps a photo to read later.  Returns the row id, or 0 with error. */
gint64               ops_vision_queue_enqueue        (OpsStore            *store,
                                                      OpsVisionTask        task,
                                                      GBytes              *image,
                                                      const char          *mime,
                                                      const char          *job,
                                                      GError             **error);
/* The oldest pending row, with its image; NULL (error unset) when none. */
OpsVisionQueueEntry *ops_vision_queue_next           (OpsStore            *store,
                                                      GError             **error);
/* One row with its image; NULL with OPS_STORE_ERROR_NOT_FOUND when gone. */
OpsVisionQueueEntry *ops_vision_queue_get            (OpsStore            *store,
                                                      gint64               id,
                                                      GError             **error);
gboolean             ops_vision_queue_mark_done      (OpsStore            *store,
                                                      gint64               id,
                                                      JsonNode            *result,
                                                      GError             **error);
gboolean             ops_vision_queue_mark_failed    (OpsStore            *store,
                                                      gint64               id,
                                                      const char          *message,
                                                      GError             **error);
/* Still pending after a transient problem (network, quota); attempts + 1. */
gboolean             ops_vision_queue_mark_retry     (OpsStore            *store,
                                                      gint64               id,
                                                      const char          *message,
                                                      GError             **error);
/* A person's decision: a failed row is pending again. */
gboolean             ops_vision_queue_retry          (OpsStore            *store,
                                                      gint64               id,
                                                      GError             **error);
gboolean             ops_vision_queue_delete         (OpsStore            *store,
                                                      gint64               id,
                                                      GError             **error);
/* Rows oldest first, without their images; task < 0 lists every task. */
GPtrArray           *ops_vision_queue_list           (OpsStore            *store,
                                                      int                  task,
                                                      GError             **error);
gint64               ops_vision_queue_count          (OpsStore            *store,
                                                      OpsVisionQueueState  state);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsVisionQueueEntry, ops_vision_queue_entry_free)

G_END_DECLS
