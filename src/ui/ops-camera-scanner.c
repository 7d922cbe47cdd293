/* ops-camera-scanner.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * <source> ! videoconvert ! videoscale ! RGB, at most 1280 wide ! appsink.
 * The appsink's streaming thread copies each frame into a GdkMemoryTexture
 * for the preview (only the latest one waits for the main context) and,
 * when the decoder is idle, hands the frame's luma to a one-thread pool
 * running zbar; frames arriving meanwhile are not decoded.  The luma is
 * computed here rather than by a second videoconvert branch so that only
 * the frames actually decoded are converted, the preview and the decoder
 * see the same frame, and no pipeline buffer is held while zbar works.
 * Live frames get the contrast and noise retries but not the turned ones,
 * which cost eight plain passes: the user sees the preview and turns the
 * label.
 *
 * Everything a run shares with other threads lives in a refcounted
 * Session, so a frame or a result arriving after stop () or after the
 * scanner is gone is dropped in the main context, never used.
 */

#define G_LOG_DOMAIN "ops-camera-scanner"

#include "config.h"

#include <glib/gi18n.h>
#include <gst/app/gstappsink.h>
#include <gst/gst.h>
#include <gst/video/video.h>
#include <string.h>

#include "ops-barcode-reader.h"
#include "ops-camera-scanner.h"

/* Frames wider or taller than this are scaled down, keeping their shape. */
#define MAX_SIDE 1280
#define TAIL_DESCRIPTION \
  "videoconvert ! videoscale ! " \
  "video/x-raw,format=RGB,width=[16," G_STRINGIFY (MAX_SIDE) "],height=[16," G_STRINGIFY (MAX_SIDE) "]," \
  "pixel-aspect-ratio=1/1 ! " \
  "appsink name=preview max-buffers=1 drop=true sync=false"

typedef struct
{
  gatomicrefcount  ref_count;
  GWeakRef         scanner;
  GMainContext    *context;
  GThreadPool     *pool;            /* main thread only */
  int              busy;            /* atomic: a frame is being decoded */
  int              stopped;         /* atomic */
  int              decoded_frames;  /* atomic */
  GMutex           lock;
  GdkTexture      *pending_frame;   /* under lock */
  gboolean         frame_scheduled; /* under lock */
} Session;

typedef struct
{
  Session *session;
  guint8  *gray;
  guint    width;
  guint    height;
} DecodeJob;

typedef struct
{
  Session   *session;
  GPtrArray *codes;
} CodesResult;

struct _OpsCameraScanner
{
  GObject       parent_instance;

  GMainContext *context;
  GList        *devices;   /* GstDevice*, as last listed */
  GstElement   *pipeline;
  GSource      *bus_source;
  Session      *session;   /* the current or last run */
};

G_DEFINE_FINAL_TYPE (OpsCameraScanner, ops_camera_scanner, G_TYPE_OBJECT)

enum {
  FRAME,
  CODES,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

static Session *
session_ref (Session *session)
{
  g_atomic_ref_count_inc (&session->ref_count);
  return session;
}

static void
session_unref (Session *session)
{
  if (!g_atomic_ref_count_dec (&session->ref_count))
    return;
  g_weak_ref_clear (&session->scanner);
  g_main_context_unref (session->context);
  g_clear_object (&session->pending_frame);
  g_mutex_clear (&session->lock);
  g_free (session);
}

/* The scanner, when the session is still its running one. (transfer full) */
static OpsCameraScanner *
session_get_scanner (Session *session)
{
  OpsCameraScanner *self;

  if (g_atomic_int_get (&session->stopped))
    return NULL;
  self = g_weak_ref_get (&session->scanner);
  if (self && self->session != session)
    g_clear_object (&self);
  return self;
}

static void
decode_job_free (gpointer data)
{
  DecodeJob *job = data;

  g_atomic_int_set (&job->session->busy, 0);
  session_unref (job->session);
  g_free (job->gray);
  g_free (job);
}

static void
codes_result_free (gpointer data)
{
  CodesResult *result = data;

  session_unref (result->session);
  g_ptr_array_unref (result->codes);
  g_free (result);
}

static gboolean
gst_ready (GError **error)
{
  static gsize once = 0;
  static char *failure = NULL;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GError) init_error = NULL;

      if (!gst_init_check (NULL, NULL, &init_error))
        failure = g_strdup (init_error ? init_error->message : "unknown error");
      g_once_init_leave (&once, 1);
    }
  if (failure)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The camera cannot be used: GStreamer did not start (%s). Open a photo instead."),
                   failure);
      return FALSE;
    }
  return TRUE;
}

/* A GStreamer message as the end of a sentence: no final period. */
static char *
trim_message (const char *message)
{
  char *text = g_strstrip (g_strdup (message ? message : ""));
  gsize len = strlen (text);

  while (len > 0 && text[len - 1] == '.')
    text[--len] = '\0';
  return text;
}

/*
 * Main context callbacks
 */

static gboolean
emit_frame (gpointer data)
{
  Session *session = data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(OpsCameraScanner) self = NULL;

  g_mutex_lock (&session->lock);
  texture = g_steal_pointer (&session->pending_frame);
  session->frame_scheduled = FALSE;
  g_mutex_unlock (&session->lock);

  self = session_get_scanner (session);
  if (self && texture)
    g_signal_emit (self, signals[FRAME], 0, texture);
  return G_SOURCE_REMOVE;
}

static gboolean
emit_codes (gpointer data)
{
  CodesResult *result = data;
  g_autoptr(OpsCameraScanner) self = session_get_scanner (result->session);

  if (self)
    g_signal_emit (self, signals[CODES], 0, result->codes);
  return G_SOURCE_REMOVE;
}

static void
fail (OpsCameraScanner *self,
      GError           *error)
{
  g_autoptr(OpsCameraScanner) hold = g_object_ref (self);

  g_debug ("Camera pipeline failed: %s", error->message);
  ops_camera_scanner_stop (self);
  g_signal_emit (self, signals[FAILED], 0, error);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    data)
{
  Session *session = data;
  g_autoptr(OpsCameraScanner) self = session_get_scanner (session);
  g_autoptr(GError) error = NULL;

  if (!self)
    return G_SOURCE_REMOVE;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      {
        g_autoptr(GError) gst_error = NULL;
        g_autofree char *debug = NULL;
        g_autofree char *text = NULL;

        gst_message_parse_error (message, &gst_error, &debug);
        g_debug ("Error from %s: %s (%s)", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 gst_error ? gst_error->message : "?", debug ? debug : "");
        text = trim_message (gst_error ? gst_error->message : NULL);
        error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED,
                             _("The camera stopped: %s. Check that it is plugged in and that no other application is using it."),
                             text);
        fail (self, error);
        return G_SOURCE_REMOVE;
      }

    case GST_MESSAGE_EOS:
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CLOSED,
                                   _("The camera stopped sending pictures. Check that it is still plugged in."));
      fail (self, error);
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;

        gst_message_parse_warning (message, &warning, NULL);
        g_debug ("Warning from %s: %s", GST_OBJECT_NAME (GST_MESSAGE_SRC (message)),
                 warning ? warning->message : "?");
        return G_SOURCE_CONTINUE;
      }

    default:
      return G_SOURCE_CONTINUE;
    }
}

/*
 * Worker thread
 */

static void
decode_frame (gpointer data,
              gpointer user_data)
{
  DecodeJob *job = data;
  Session *session = job->session;
  GPtrArray *codes;

  codes = ops_barcode_scan_gray_full (job->gray, job->width, job->height, job->width,
                                      OPS_BARCODE_SCAN_STRETCH | OPS_BARCODE_SCAN_SMOOTH);
  /* Counted before its codes are sent, so a "codes" handler sees it. */
  g_atomic_int_inc (&session->decoded_frames);
  if (codes->len > 0)
    {
      CodesResult *result = g_new0 (CodesResult, 1);

      result->session = session_ref (session);
      result->codes = codes;
      g_main_context_invoke_full (session->context, G_PRIORITY_DEFAULT, emit_codes, result, codes_result_free);
    }
  else
    g_ptr_array_unref (codes);
  decode_job_free (job);
}

/*
 * Streaming thread
 */

static guint8 *
rgb_to_luma (const guint8 *rgb,
             guint         width,
             guint         height,
             guint         stride)
{
  guint8 *gray = g_malloc ((gsize)width * height);

  for (guint y = 0; y < height; y++)
    {
      const guint8 *p = rgb + (gsize)y * stride;
      guint8 *out = gray + (gsize)y * width;

      for (guint x = 0; x < width; x++, p += 3)
        out[x] = (guint8)((77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8);
    }
  return gray;
}

static GstFlowReturn
on_new_sample (GstAppSink *sink,
               gpointer    data)
{
  Session *session = data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstVideoInfo info;
  GstVideoFrame frame;
  const guint8 *pixels;
  guint width, height, stride;
  g_autoptr(GBytes) bytes = NULL;
  GdkTexture *texture;
  GdkTexture *replaced;
  gboolean schedule;

  if (!sample)
    return GST_FLOW_OK;
  if (g_atomic_int_get (&session->stopped))
    return GST_FLOW_OK;
  if (!gst_video_info_from_caps (&info, gst_sample_get_caps (sample)) ||
      GST_VIDEO_INFO_FORMAT (&info) != GST_VIDEO_FORMAT_RGB ||
      !gst_video_frame_map (&frame, &info, gst_sample_get_buffer (sample), GST_MAP_READ))
    return GST_FLOW_OK;

  pixels = GST_VIDEO_FRAME_PLANE_DATA (&frame, 0);
  width = GST_VIDEO_FRAME_WIDTH (&frame);
  height = GST_VIDEO_FRAME_HEIGHT (&frame);
  stride = GST_VIDEO_FRAME_PLANE_STRIDE (&frame, 0);

  /* Decode this frame if the worker is free; otherwise it is only shown. */
  if (session->pool && g_atomic_int_compare_and_exchange (&session->busy, 0, 1))
    {
      DecodeJob *job = g_new0 (DecodeJob, 1);

      job->session = session_ref (session);
      job->gray = rgb_to_luma (pixels, width, height, stride);
      job->width = width;
      job->height = height;
      if (!g_thread_pool_push (session->pool, job, NULL))
        decode_job_free (job);
    }

  bytes = g_bytes_new (pixels, (gsize)stride * height);
  texture = gdk_memory_texture_new ((int)width, (int)height, GDK_MEMORY_R8G8B8, bytes, stride);
  gst_video_frame_unmap (&frame);

  g_mutex_lock (&session->lock);
  replaced = g_steal_pointer (&session->pending_frame);
  session->pending_frame = texture;
  schedule = !session->frame_scheduled;
  session->frame_scheduled = TRUE;
  g_mutex_unlock (&session->lock);

  g_clear_object (&replaced);
  if (schedule)
    g_main_context_invoke_full (session->context, G_PRIORITY_DEFAULT, emit_frame,
                                session_ref (session), (GDestroyNotify)session_unref);
  return GST_FLOW_OK;
}

/*
 * Pipeline
 */

static gboolean
run_pipeline (OpsCameraScanner *self,
              GstElement       *source,
              GError          **error)
{
  static GstAppSinkCallbacks callbacks = { .new_sample = on_new_sample };
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) appsink = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) local_error = NULL;
  GstElement *tail;
  Session *session;

  ops_camera_scanner_stop (self);

  tail = gst_parse_bin_from_description (TAIL_DESCRIPTION, TRUE, &local_error);
  if (!tail)
    {
      gst_object_unref (gst_object_ref_sink (source));
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("The camera cannot be used: %s. Install the GStreamer base plugins or open a photo instead."),
                   local_error->message);
      return FALSE;
    }

  pipeline = gst_object_ref_sink (gst_pipeline_new ("ops-camera"));
  gst_bin_add_many (GST_BIN (pipeline), source, tail, NULL);
  if (!gst_element_link (source, tail))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The camera gives no video that can be shown. Choose another camera or open a photo."));
      return FALSE;
    }

  session = g_new0 (Session, 1);
  g_atomic_ref_count_init (&session->ref_count);
  g_weak_ref_init (&session->scanner, self);
  session->context = g_main_context_ref (self->context);
  g_mutex_init (&session->lock);
  session->pool = g_thread_pool_new_full (decode_frame, NULL, decode_job_free, 1, FALSE, NULL);

  appsink = gst_bin_get_by_name (GST_BIN (pipeline), "preview");
  gst_app_sink_set_callbacks (GST_APP_SINK (appsink), &callbacks,
                              session_ref (session), (GDestroyNotify)session_unref);

  bus = gst_element_get_bus (pipeline);
  self->bus_source = gst_bus_create_watch (bus);
  g_source_set_callback (self->bus_source, G_SOURCE_FUNC (on_bus_message),
                         session_ref (session), (GDestroyNotify)session_unref);
  g_source_attach (self->bus_source, self->context);

  g_clear_pointer (&self->session, session_unref);
  self->session = session;
  self->pipeline = g_steal_pointer (&pipeline);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_autoptr(GstMessage) message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
      g_autoptr(GError) gst_error = NULL;
      g_autofree char *text = NULL;

      if (message)
        gst_message_parse_error (message, &gst_error, NULL);
      text = trim_message (gst_error ? gst_error->message : _("it refused to start"));
      ops_camera_scanner_stop (self);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   _("The camera could not be started: %s. Check that no other application is using it, or open a photo instead."),
                   text);
      return FALSE;
    }
  return TRUE;
}

static GList *
probe_devices (void)
{
  g_autoptr(GstDeviceMonitor) monitor = gst_device_monitor_new ();

  gst_device_monitor_add_filter (monitor, "Video/Source", NULL);
  return gst_device_monitor_get_devices (monitor);
}

/*
 * GObject
 */

static void
ops_camera_scanner_dispose (GObject *object)
{
  OpsCameraScanner *self = OPS_CAMERA_SCANNER (object);

  ops_camera_scanner_stop (self);
  g_clear_pointer (&self->session, session_unref);
  g_list_free_full (g_steal_pointer (&self->devices), gst_object_unref);

  G_OBJECT_CLASS (ops_camera_scanner_parent_class)->dispose (object);
}

static void
ops_camera_scanner_finalize (GObject *object)
{
  OpsCameraScanner *self = OPS_CAMERA_SCANNER (object);

  g_main_context_unref (self->context);

  G_OBJECT_CLASS (ops_camera_scanner_parent_class)->finalize (object);
}

static void
ops_camera_scanner_class_init (OpsCameraScannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_camera_scanner_dispose;
  object_class->finalize = ops_camera_scanner_finalize;

  signals[FRAME] = g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, GDK_TYPE_TEXTURE);
  signals[CODES] = g_signal_new ("codes", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY);
  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ops_camera_scanner_init (OpsCameraScanner *self)
{
  self->context = g_main_context_ref_thread_default ();
}

/*
 * Public API
 */

OpsCameraScanner *
ops_camera_scanner_new (void)
{
  return g_object_new (OPS_TYPE_CAMERA_SCANNER, NULL);
}

GStrv
ops_camera_scanner_list_cameras (OpsCameraScanner *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();

  g_return_val_if_fail (OPS_IS_CAMERA_SCANNER (self), NULL);

  if (gst_ready (NULL))
    {
      g_list_free_full (g_steal_pointer (&self->devices), gst_object_unref);
      self->devices = probe_devices ();
      for (GList *l = self->devices; l; l = l->next)
        {
          g_autofree char *name = gst_device_get_display_name (l->data);

          g_strv_builder_add (names, name ? name : _("Camera"));
        }
    }
  return g_strv_builder_end (names);
}

gboolean
ops_camera_scanner_start (OpsCameraScanner *self,
                          guint             index,
                          GError          **error)
{
  GstDevice *device;
  GstElement *source;

  g_return_val_if_fail (OPS_IS_CAMERA_SCANNER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gst_ready (error))
    return FALSE;
  if (!self->devices)
    self->devices = probe_devices ();

  device = g_list_nth_data (self->devices, index);
  if (!device)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("No camera was found. Open a photo instead, drop one here or paste it."));
      return FALSE;
    }
  source = gst_device_create_element (device, NULL);
  if (!source)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("This camera cannot be opened. Choose another one, or open a photo instead."));
      return FALSE;
    }
  return run_pipeline (self, source, error);
}

gboolean
ops_camera_scanner_start_pipeline (OpsCameraScanner *self,
                                   const char       *source,
                                   GError          **error)
{
  g_autoptr(GError) parse_error = NULL;
  GstElement *bin;

  g_return_val_if_fail (OPS_IS_CAMERA_SCANNER (self), FALSE);
  g_return_val_if_fail (source != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!gst_ready (error))
    return FALSE;
  bin = gst_parse_bin_from_description (source, TRUE, &parse_error);
  if (!bin)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("The video source “%s” cannot be built: %s"), source, parse_error->message);
      return FALSE;
    }
  return run_pipeline (self, bin, error);
}

gpointer
ops_camera_scanner_get_pipeline (OpsCameraScanner *self)
{
  g_return_val_if_fail (OPS_IS_CAMERA_SCANNER (self), NULL);

  return self->pipeline;
}

void
ops_camera_scanner_stop (OpsCameraScanner *self)
{
  g_return_if_fail (OPS_IS_CAMERA_SCANNER (self));

  if (self->session)
    g_atomic_int_set (&self->session->stopped, 1);
  if (self->bus_source)
    {
      g_source_destroy (self->bus_source);
      g_clear_pointer (&self->bus_source, g_source_unref);
    }
  if (self->pipeline)
    {
      /* Joins the streaming threads; nothing there waits on this thread. */
      gst_element_set_state (self->pipeline, GST_STATE_NULL);
      gst_clear_object (&self->pipeline);
    }
  if (self->session && self->session->pool)
    {
      /* Returns at once; a frame being decoded finishes on its own and its
       * result is dropped because the session is stopped. */
      g_thread_pool_free (g_steal_pointer (&self->session->pool), TRUE, FALSE);
    }
}

guint
ops_camera_scanner_get_decoded_frames (OpsCameraScanner *self)
{
  g_return_val_if_fail (OPS_IS_CAMERA_SCANNER (self), 0);

  return self->session ? (guint)g_atomic_int_get (&self->session->decoded_frames) : 0;
}
