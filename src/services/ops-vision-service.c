/* ops-vision-service.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything runs in the main context the service was made in: the store
 * is written there, and the Gemini client's callbacks come back there.
 * The queue is read one photo at a time, oldest first; a transient
 * failure stops the run (the order is kept) until the retry timer or a
 * wake.
 */

#define G_LOG_DOMAIN "ops-vision-service"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-barcode-reader.h"
#include "ops-vision-service.h"

#define DEFAULT_RETRY_MS 60000

struct _OpsVisionService
{
  GObject          parent_instance;
  OpsGeminiClient *client;
  OpsStore        *store;
  OpsEventBus     *bus;
  GCancellable    *cancellable;   /* the queue's reads; cancelled on dispose */
  guint            retry_ms;
  guint            retry_source;
  gboolean         busy;          /* a queued photo is being read */
  gboolean         again;         /* woken while busy: run once more */
};

G_DEFINE_FINAL_TYPE (OpsVisionService, ops_vision_service, G_TYPE_OBJECT)
G_DEFINE_QUARK (ops-vision-service-error-quark, ops_vision_service_error)

static void run_queue (OpsVisionService *self);

void
ops_vision_reading_free (OpsVisionReading *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->result, json_node_unref);
  g_free (self);
}

static void
ops_vision_service_dispose (GObject *object)
{
  OpsVisionService *self = (OpsVisionService *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  G_OBJECT_CLASS (ops_vision_service_parent_class)->dispose (object);
}

static void
ops_vision_service_finalize (GObject *object)
{
  OpsVisionService *self = (OpsVisionService *)object;

  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->bus);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (ops_vision_service_parent_class)->finalize (object);
}

static void
ops_vision_service_class_init (OpsVisionServiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_vision_service_dispose;
  object_class->finalize = ops_vision_service_finalize;
}

static void
ops_vision_service_init (OpsVisionService *self)
{
  self->cancellable = g_cancellable_new ();
  self->retry_ms = DEFAULT_RETRY_MS;
}

OpsVisionService *
ops_vision_service_new (OpsGeminiClient *client,
                        OpsStore        *store,
                        OpsEventBus     *bus)
{
  OpsVisionService *self;

  g_return_val_if_fail (client == NULL || OPS_IS_GEMINI_CLIENT (client), NULL);
  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (bus == NULL || OPS_IS_EVENT_BUS (bus), NULL);

  self = g_object_new (OPS_TYPE_VISION_SERVICE, NULL);
  self->client = client ? g_object_ref (client) : NULL;
  self->store = g_object_ref (store);
  self->bus = bus ? g_object_ref (bus) : NULL;

  /* Photos queued before a restart. */
  if (self->client != NULL && ops_vision_queue_count (store, OPS_VISION_QUEUE_PENDING) > 0)
    ops_vision_service_wake (self);
  return self;
}

gboolean
ops_vision_service_is_configured (OpsVisionService *self)
{
  g_return_val_if_fail (OPS_IS_VISION_SERVICE (self), FALSE);
  return self->client != NULL;
}

OpsStore *
ops_vision_service_get_store (OpsVisionService *self)
{
  g_return_val_if_fail (OPS_IS_VISION_SERVICE (self), NULL);
  return self->store;
}

void
ops_vision_service_set_retry_interval (OpsVisionService *self,
                                       guint             milliseconds)
{
  g_return_if_fail (OPS_IS_VISION_SERVICE (self));
  self->retry_ms = milliseconds ? milliseconds : DEFAULT_RETRY_MS;
}

gboolean
ops_vision_service_is_busy (OpsVisionService *self)
{
  g_return_val_if_fail (OPS_IS_VISION_SERVICE (self), FALSE);
  return self->busy;
}

/* Worth trying again later: Gemini or the network is away, not the photo
 * refused. */
static gboolean
is_transient (const GError *error)
{
  return g_error_matches (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_UNAVAILABLE) ||
         g_error_matches (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TIMEOUT) ||
         g_error_matches (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_QUOTA) ||
         (error->domain == G_IO_ERROR && error->code != G_IO_ERROR_CANCELLED) ||
         error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR;
}

static void
publish (OpsVisionService    *self,
         gint64               id,
         OpsVisionTask        task,
         OpsVisionQueueState  state)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;

  if (self->bus == NULL)
    return;
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "task");
  json_builder_add_string_value (builder, ops_vision_task_to_string (task));
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, ops_vision_queue_state_to_string (state));
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  ops_event_bus_publish (self->bus, "vision", data);
}

/*
 * The queue
 */

static gboolean
retry_cb (gpointer user_data)
{
  OpsVisionService *self = user_data;

  self->retry_source = 0;
  run_queue (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (OpsVisionService *self)
{
  if (self->retry_source == 0)
    self->retry_source = g_timeout_add (self->retry_ms, retry_cb, self);
}

typedef struct
{
  OpsVisionService *self;
  gint64            id;
  OpsVisionTask     task;
} QueuedRead;

static void
queued_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  QueuedRead *read = user_data;
  g_autoptr(OpsVisionService) self = read->self;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) store_error = NULL;
  gint64 id = read->id;
  OpsVisionTask task = read->task;

  g_free (read);
  answer = ops_gemini_client_read_finish (OPS_GEMINI_CLIENT (source), result, &error);
  self->busy = FALSE;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (answer != NULL)
    {
      if (ops_vision_queue_mark_done (self->store, id, answer, &store_error))
        publish (self, id, task, OPS_VISION_QUEUE_DONE);
    }
  else if (is_transient (error))
    {
      g_debug ("Queued photo %" G_GINT64_FORMAT " still waits: %s", id, error->message);
      ops_vision_queue_mark_retry (self->store, id, error->message, &store_error);
      if (store_error == NULL)
        {
          self->again = FALSE;
          schedule_retry (self);
          return;
        }
    }
  else if (ops_vision_queue_mark_failed (self->store, id, error->message, &store_error))
    publish (self, id, task, OPS_VISION_QUEUE_FAILED);

  if (store_error != NULL)
    {
      /* Deleted while it was read: nothing to record. */
      if (!g_error_matches (store_error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND))
        {
          g_warning ("Could not record the reading of queued photo %" G_GINT64_FORMAT ": %s", id,
                     store_error->message);
          schedule_retry (self);
          return;
        }
    }

  self->again = FALSE;
  run_queue (self);
}

static void
run_queue (OpsVisionService *self)
{
  g_autoptr(OpsVisionQueueEntry) entry = NULL;
  g_autoptr(GError) error = NULL;
  QueuedRead *read;

  if (self->client == NULL)
    return;
  if (self->busy)
    {
      self->again = TRUE;
      return;
    }
  g_clear_handle_id (&self->retry_source, g_source_remove);

  if (!(entry = ops_vision_queue_next (self->store, &error)))
    {
      if (error != NULL)
        {
          g_warning ("Could not read the vision queue: %s", error->message);
          schedule_retry (self);
        }
      return;
    }

  g_debug ("Reading queued photo %" G_GINT64_FORMAT " (%s)", entry->id, ops_vision_task_to_string (entry->task));
  self->busy = TRUE;
  read = g_new0 (QueuedRead, 1);
  read->self = g_object_ref (self);
  read->id = entry->id;
  read->task = entry->task;
  ops_gemini_client_read_async (self->client, entry->task, entry->image, entry->mime, self->cancellable,
                                queued_read_cb, read);
}

void
ops_vision_service_wake (OpsVisionService *self)
{
  g_return_if_fail (OPS_IS_VISION_SERVICE (self));
  run_queue (self);
}

/*
 * Reading now
 */

typedef struct
{
  OpsVisionTask  task;
  GBytes        *image;
  char          *mime;
  char          *job;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_bytes_unref (data->image);
  g_free (data->mime);
  g_free (data->job);
  g_free (data);
}

static gboolean
gemini_reads (const char *mime)
{
  static const char *const accepted[] = { "image/png", "image/jpeg", "image/webp", "image/heic", "image/heif" };

  for (guint i = 0; mime != NULL && i < G_N_ELEMENTS (accepted); i++)
    if (g_str_equal (mime, accepted[i]))
      return TRUE;
  return FALSE;
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpsVisionService *self = g_task_get_source_object (task);
  ReadData *data = g_task_get_task_data (task);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  OpsVisionReading *reading;

  answer = ops_gemini_client_read_finish (OPS_GEMINI_CLIENT (source), result, &error);
  if (answer != NULL)
    {
      reading = g_new0 (OpsVisionReading, 1);
      reading->result = g_steal_pointer (&answer);
      g_task_return_pointer (task, reading, (GDestroyNotify) ops_vision_reading_free);
      /* Gemini answers: photos kept while it did not can go now. */
      if (ops_vision_queue_count (self->store, OPS_VISION_QUEUE_PENDING) > 0)
        run_queue (self);
      return;
    }

  if (!is_transient (error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Nothing is lost: the photo waits in the store. */
  {
    g_autoptr(GError) store_error = NULL;
    gint64 id = ops_vision_queue_enqueue (self->store, data->task, data->image, data->mime, data->job, &store_error);

    if (id == 0)
      {
        g_task_return_error (task, g_steal_pointer (&store_error));
        return;
      }
    ops_vision_queue_mark_retry (self->store, id, error->message, NULL);
    g_debug ("Photo queued as %" G_GINT64_FORMAT ": %s", id, error->message);
    reading = g_new0 (OpsVisionReading, 1);
    reading->queued = TRUE;
    reading->queue_id = id;
    g_task_return_pointer (task, reading, (GDestroyNotify) ops_vision_reading_free);
    schedule_retry (self);
  }
}

void
ops_vision_service_read_async (OpsVisionService    *self,
                               OpsVisionTask        task_kind,
                               GBytes              *image,
                               const char          *mime,
                               const char          *job,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (OPS_IS_VISION_SERVICE (self));
  g_return_if_fail (image != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_vision_service_read_async);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_NOT_CONFIGURED, "%s",
                               _("Reading photos with Gemini is not configured. Set the Gemini API key "
                                 "in Preferences or [gemini] api_key."));
      return;
    }
  if (mime == NULL)
    mime = ops_image_sniff_mime (image);
  if (!gemini_reads (mime))
    {
      g_task_return_new_error (task, OPS_VISION_SERVICE_ERROR, OPS_VISION_SERVICE_ERROR_NOT_IMAGE, "%s",
                               _("This file is not a photo Gemini can read; use a PNG, JPEG, WebP or HEIC image."));
      return;
    }

  data = g_new0 (ReadData, 1);
  data->task = task_kind;
  data->image = g_bytes_ref (image);
  data->mime = g_strdup (mime);
  data->job = g_strdup (job);
  g_task_set_task_data (task, data, (GDestroyNotify) read_data_free);

  ops_gemini_client_read_async (self->client, task_kind, image, mime, cancellable, read_cb, g_steal_pointer (&task));
}

OpsVisionReading *
ops_vision_service_read_finish (OpsVisionService  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
