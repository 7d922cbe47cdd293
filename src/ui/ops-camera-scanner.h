/* ops-camera-scanner.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A camera through GStreamer: the video sources GstDeviceMonitor finds,
 * a pipeline to an appsink giving RGB frames for the preview, and every
 * frame's luma decoded by zbar on a worker thread (dropping frames while
 * one is being decoded).  Frames and codes reach the main context as
 * signals; nothing blocks the main thread.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OPS_TYPE_CAMERA_SCANNER (ops_camera_scanner_get_type ())
G_DECLARE_FINAL_TYPE (OpsCameraScanner, ops_camera_scanner, OPS, CAMERA_SCANNER, GObject)

/* Signals, all in the main context the scanner was made in:
 *   "frame" (GdkTexture *texture): the latest frame, for a preview.
 *   "codes" (GPtrArray *codes): OpsBarcode*, when a frame held codes.
 *   "failed" (GError *error): the pipeline stopped (camera unplugged, busy). */
OpsCameraScanner *ops_camera_scanner_new          (void);
/* Display names of the cameras found now, first = default.  The ids are
 * the same positions for start (). (transfer full) */
GStrv             ops_camera_scanner_list_cameras (OpsCameraScanner *self);
/* Starts camera index (0 = first); fails with G_IO_ERROR_NOT_FOUND and a
 * sentence to show when there is no camera. */
gboolean          ops_camera_scanner_start        (OpsCameraScanner *self,
                                                   guint             index,
                                                   GError          **error);
/* For tests and the benchmark: a gst-launch description of a source that
 * ends in raw video, e.g. "videotestsrc num-buffers=10" or "appsrc name=src". */
gboolean          ops_camera_scanner_start_pipeline (OpsCameraScanner *self,
                                                     const char       *source,
                                                     GError          **error);
/* The running pipeline (for tests pushing into an appsrc), or NULL. */
gpointer          ops_camera_scanner_get_pipeline (OpsCameraScanner *self);
void              ops_camera_scanner_stop         (OpsCameraScanner *self);
/* Frames decoded so far (for tests and figures). */
guint             ops_camera_scanner_get_decoded_frames (OpsCameraScanner *self);

G_END_DECLS
