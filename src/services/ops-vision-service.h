/* ops-vision-service.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading photos with Gemini without losing any: a read is tried at once;
 * when Gemini cannot be reached (network, 5xx, quota, timeout) the photo
 * is kept in the store's vision queue and the answer is "queued".  Queued
 * photos are read in order on a retry timer, and at once when the
 * connection comes back; each one finished publishes the bus event
 * "vision" {id, task, state}.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ops-config.h"
#include "ops-event-bus.h"
#include "ops-gemini-client.h"
#include "ops-store.h"
#include "ops-vision-queue.h"

G_BEGIN_DECLS

#define OPS_VISION_SERVICE_ERROR (ops_vision_service_error_quark ())

typedef enum
{
  OPS_VISION_SERVICE_ERROR_NOT_IMAGE,  /* the bytes are not a photo Gemini reads */
} OpsVisionServiceError;

typedef struct
{
  gboolean  queued;    /* TRUE: kept to be read later; result is NULL */
  gint64    queue_id;  /* the vision_queue row when queued */
  JsonNode *result;    /* the normalised answer (ops_vision_parse_answer) */
} OpsVisionReading;

void              ops_vision_reading_free            (OpsVisionReading *self);

#define OPS_TYPE_VISION_SERVICE (ops_vision_service_get_type ())
G_DECLARE_FINAL_TYPE (OpsVisionService, ops_vision_service, OPS, VISION_SERVICE, GObject)

GQuark            ops_vision_service_error_quark     (void);
/* client may be NULL (Gemini not configured); bus may be NULL. */
OpsVisionService *ops_vision_service_new             (OpsGeminiClient  *client,
                                                      OpsStore         *store,
                                                      OpsEventBus      *bus);

gboolean          ops_vision_service_is_configured   (OpsVisionService *self);
OpsStore         *ops_vision_service_get_store       (OpsVisionService *self);
/* How long a queued photo waits after a failed try (default 60 s). */
void              ops_vision_service_set_retry_interval (OpsVisionService *self,
                                                         guint             milliseconds);

/* mime NULL: sniffed from the bytes.  job (nullable): the dispatch job
 * the photo is for, kept with a queued photo.  Fails with
 * OPS_GEMINI_ERROR_NOT_CONFIGURED when Gemini is not configured, with
 * OPS_VISION_SERVICE_ERROR_NOT_IMAGE for bytes that are no photo, and with
 * Gemini's error when it refuses the photo for good (blocked, invalid
 * answer…). */
void              ops_vision_service_read_async      (OpsVisionService    *self,
                                                      OpsVisionTask        task,
                                                      GBytes              *image,
                                                      const char          *mime,
                                                      const char          *job,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
OpsVisionReading *ops_vision_service_read_finish     (OpsVisionService    *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Reads the pending photos now (the network is back). */
void              ops_vision_service_wake            (OpsVisionService *self);
/* TRUE while a queued photo is being read. */
gboolean          ops_vision_service_is_busy         (OpsVisionService *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsVisionReading, ops_vision_reading_free)

G_END_DECLS
