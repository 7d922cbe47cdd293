/* test-camera-scanner.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpsCameraScanner on pipelines with no camera: an appsrc fed frames that
 * hold a Code 128 drawn by ops-test-barcodes.c, a videotestsrc without a
 * code, and sources that break.  Checks that frames reach the decoder,
 * that "frame", "codes" and "failed" arrive in the main thread, and that
 * stopping drops what is still on its way.
 */

#define G_LOG_DOMAIN "test-camera-scanner"

#include "config.h"

#include <gst/app/gstappsrc.h>
#include <gst/gst.h>
#include <string.h>

#include "ops-barcode-reader.h"
#include "ops-camera-scanner.h"
#include "ops-test-barcodes.h"

#define SERIAL "GFAC12345678"
#define APPSRC "appsrc name=src format=time is-live=true " \
               "caps=video/x-raw,format=GRAY8,width=640,height=480,framerate=10/1"
#define GUARD_SECONDS 15

static GThread *main_thread;

typedef struct
{
  OpsCameraScanner *scanner;
  GMainLoop        *loop;
  guint             guard_id;
  gboolean          timed_out;

  guint             frames;
  guint             frames_off_main;
  int               frame_width;
  int               frame_height;
  guint8            corner;          /* green of the top-left pixel */
  guint8            darkest_middle;  /* darkest green on the middle row */

  guint             codes_signals;
  guint             codes_off_main;
  char             *code_type;
  char             *code_value;

  GError           *failure;
  gboolean          failed_off_main;
  gboolean          pipeline_gone_on_failure;

  /* appsrc feeding */
  OpsTestGray      *picture;
  GstElement       *appsrc;
  guint             pushed;
  guint             push_id;

  /* stop once this many frames were decoded and shown (0: on codes) */
  guint             wait_decoded;
} Fixture;

static gboolean
on_guard (gpointer data)
{
  Fixture *fixture = data;

  fixture->timed_out = TRUE;
  fixture->guard_id = 0;
  g_main_loop_quit (fixture->loop);
  return G_SOURCE_REMOVE;
}

static gboolean
in_main_thread (void)
{
  return g_thread_self () == main_thread && g_main_context_is_owner (g_main_context_default ());
}

static void
on_frame (OpsCameraScanner *scanner,
          GdkTexture       *texture,
          Fixture          *fixture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize)width * 4;
  g_autofree guint8 *data = g_malloc (stride * height);
  const guint8 *row;

  fixture->frames++;
  if (!in_main_thread ())
    fixture->frames_off_main++;
  fixture->frame_width = width;
  fixture->frame_height = height;

  /* GDK_MEMORY_DEFAULT: B8G8R8A8 premultiplied on little-endian hosts;
   * grey pixels read the same in any order. */
  gdk_texture_download (texture, data, stride);
  fixture->corner = data[0];
  fixture->darkest_middle = 255;
  row = data + (gsize)(height / 2) * stride;
  for (int x = 0; x < width; x++)
    fixture->darkest_middle = MIN (fixture->darkest_middle, row[(gsize)x * 4 + 1]);
  /* Codes and frames come in separate idles: stop once both are in. */
  if (fixture->wait_decoded == 0 && fixture->codes_signals > 0)
    g_main_loop_quit (fixture->loop);
}

static void
on_codes (OpsCameraScanner *scanner,
          GPtrArray        *codes,
          Fixture          *fixture)
{
  OpsBarcode *code = g_ptr_array_index (codes, 0);

  fixture->codes_signals++;
  if (!in_main_thread ())
    fixture->codes_off_main++;
  g_free (fixture->code_type);
  g_free (fixture->code_value);
  fixture->code_type = g_strdup (code->type);
  fixture->code_value = g_strdup (code->value);
  if (fixture->wait_decoded == 0 && fixture->frames > 0)
    g_main_loop_quit (fixture->loop);
}

static void
on_failed (OpsCameraScanner *scanner,
           const GError     *error,
           Fixture          *fixture)
{
  g_clear_error (&fixture->failure);
  fixture->failure = g_error_copy (error);
  fixture->failed_off_main = !in_main_thread ();
  fixture->pipeline_gone_on_failure = ops_camera_scanner_get_pipeline (scanner) == NULL;
  g_main_loop_quit (fixture->loop);
}

static gboolean
check_decoded (gpointer data)
{
  Fixture *fixture = data;

  if (fixture->wait_decoded > 0 &&
      ops_camera_scanner_get_decoded_frames (fixture->scanner) >= fixture->wait_decoded &&
      fixture->frames >= fixture->wait_decoded)
    g_main_loop_quit (fixture->loop);
  return G_SOURCE_CONTINUE;
}

/* One frame into the appsrc, timestamped at 10 frames a second. */
static gboolean
push_frame (gpointer data)
{
  Fixture *fixture = data;
  gsize size = (gsize)fixture->picture->width * fixture->picture->height;
  GstBuffer *buffer = gst_buffer_new_memdup (fixture->picture->data, size);

  GST_BUFFER_PTS (buffer) = fixture->pushed * (GST_SECOND / 10);
  GST_BUFFER_DURATION (buffer) = GST_SECOND / 10;
  fixture->pushed++;
  gst_app_src_push_buffer (GST_APP_SRC (fixture->appsrc), buffer);
  return G_SOURCE_CONTINUE;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->scanner = ops_camera_scanner_new ();
  fixture->loop = g_main_loop_new (NULL, FALSE);
  fixture->guard_id = g_timeout_add_seconds (GUARD_SECONDS, on_guard, fixture);
  g_signal_connect (fixture->scanner, "frame", G_CALLBACK (on_frame), fixture);
  g_signal_connect (fixture->scanner, "codes", G_CALLBACK (on_codes), fixture);
  g_signal_connect (fixture->scanner, "failed", G_CALLBACK (on_failed), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_handle_id (&fixture->push_id, g_source_remove);
  g_clear_handle_id (&fixture->guard_id, g_source_remove);
  g_clear_object (&fixture->appsrc);
  g_clear_object (&fixture->scanner);
  /* Whatever the stopped run still had on its way is dropped. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_clear_pointer (&fixture->picture, ops_test_gray_free);
  g_clear_error (&fixture->failure);
  g_free (fixture->code_type);
  g_free (fixture->code_value);
}

static void
start_appsrc (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 2, 100);

  fixture->picture = ops_test_gray_new (640, 480, 230);
  ops_test_gray_paste (fixture->picture, code, (int)(640 - code->width) / 2, 190);

  g_assert_true (ops_camera_scanner_start_pipeline (fixture->scanner, APPSRC, &error));
  g_assert_no_error (error);
  g_assert_nonnull (ops_camera_scanner_get_pipeline (fixture->scanner));
  fixture->appsrc = gst_bin_get_by_name (GST_BIN (ops_camera_scanner_get_pipeline (fixture->scanner)), "src");
  g_assert_nonnull (fixture->appsrc);
  fixture->push_id = g_timeout_add (50, push_frame, fixture);
}

/*
 * Tests
 */

static void
test_appsrc_codes (Fixture       *fixture,
                   gconstpointer  user_data)
{
  start_appsrc (fixture);
  g_main_loop_run (fixture->loop);

  g_assert_false (fixture->timed_out);
  g_assert_null (fixture->failure);
  g_assert_cmpuint (fixture->codes_signals, >=, 1);
  g_assert_cmpuint (fixture->codes_off_main, ==, 0);
  g_assert_cmpstr (fixture->code_type, ==, "CODE128");
  g_assert_cmpstr (fixture->code_value, ==, SERIAL);
  g_assert_cmpuint (ops_camera_scanner_get_decoded_frames (fixture->scanner), >=, 1);

  /* The preview shows the pushed picture: grey 230 around, black bars
   * across the middle. */
  g_assert_cmpuint (fixture->frames, >=, 1);
  g_assert_cmpuint (fixture->frames_off_main, ==, 0);
  g_assert_cmpint (fixture->frame_width, ==, 640);
  g_assert_cmpint (fixture->frame_height, ==, 480);
  g_assert_cmpint (ABS ((int)fixture->corner - 230), <=, 3);
  g_assert_cmpuint (fixture->darkest_middle, <=, 3);

  ops_camera_scanner_stop (fixture->scanner);
  g_assert_null (ops_camera_scanner_get_pipeline (fixture->scanner));
}

static void
test_videotestsrc_no_codes (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  guint id;

  /* Full HD in: the preview is scaled to the 1280 pixel cap. */
  g_assert_true (ops_camera_scanner_start_pipeline (fixture->scanner,
                                                    "videotestsrc is-live=true pattern=ball ! "
                                                    "capsfilter caps=video/x-raw,width=1920,height=1080,framerate=30/1",
                                                    &error));
  g_assert_no_error (error);
  fixture->wait_decoded = 3;
  id = g_timeout_add (20, check_decoded, fixture);
  g_main_loop_run (fixture->loop);
  g_clear_handle_id (&id, g_source_remove);
  /* Frames are decoded one at a time and each sends its codes before the
   * next starts: the codes of all but the last counted frame are queued. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  ops_camera_scanner_stop (fixture->scanner);

  g_assert_false (fixture->timed_out);
  g_assert_null (fixture->failure);
  g_assert_cmpuint (ops_camera_scanner_get_decoded_frames (fixture->scanner), >=, 3);
  g_assert_cmpuint (fixture->frames, >=, 3);
  g_assert_cmpuint (fixture->frames_off_main, ==, 0);
  g_assert_cmpint (fixture->frame_width, ==, 1280);
  g_assert_cmpint (fixture->frame_height, ==, 720);
  g_assert_cmpuint (fixture->codes_signals, ==, 0);
}

static void
test_runtime_error (Fixture       *fixture,
                    gconstpointer  user_data)
{
  /* The camera going away mid-stream, as v4l2src reports it. */
  start_appsrc (fixture);
  /* Codes arriving meanwhile must not end the wait for "failed". */
  fixture->wait_decoded = 1;
  while (fixture->frames == 0 && !fixture->timed_out)
    g_main_context_iteration (NULL, TRUE);
  GST_ELEMENT_ERROR (fixture->appsrc, RESOURCE, READ, ("Could not read from the device."), (NULL));
  g_main_loop_run (fixture->loop);

  g_assert_false (fixture->timed_out);
  g_assert_error (fixture->failure, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_nonnull (strstr (fixture->failure->message, "Could not read from the device"));
  g_assert_nonnull (strstr (fixture->failure->message, "no other application"));
  g_assert_false (fixture->failed_off_main);
  g_assert_true (fixture->pipeline_gone_on_failure);
}

static void
test_not_negotiated (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  /* Links (it claims any format), then fails once data flows: its
   * buffers are no video at all. */
  g_assert_true (ops_camera_scanner_start_pipeline (fixture->scanner,
                                                    "fakesrc is-live=true sizetype=fixed sizemax=64",
                                                    &error));
  g_assert_no_error (error);
  g_main_loop_run (fixture->loop);

  g_assert_false (fixture->timed_out);
  g_assert_error (fixture->failure, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_true (g_str_has_prefix (fixture->failure->message, "The camera stopped: "));
  g_assert_false (fixture->failed_off_main);
  g_assert_true (fixture->pipeline_gone_on_failure);
  g_assert_cmpuint (fixture->frames, ==, 0);
}

static void
test_start_errors (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(GError) state_error = NULL;

  g_assert_false (ops_camera_scanner_start_pipeline (fixture->scanner, "nosuchelement ! fakesink", &parse_error));
  g_assert_error (parse_error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);

  /* Fails while going to PLAYING: reported by start, not by "failed". */
  g_assert_false (ops_camera_scanner_start_pipeline (fixture->scanner,
                                                     "filesrc location=/nonexistent/camera",
                                                     &state_error));
  g_assert_error (state_error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_null (ops_camera_scanner_get_pipeline (fixture->scanner));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (fixture->failure);
}

static void
test_no_camera (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_auto(GStrv) cameras = ops_camera_scanner_list_cameras (fixture->scanner);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) beyond_error = NULL;

  g_assert_nonnull (cameras);
  g_assert_false (ops_camera_scanner_start (fixture->scanner, g_strv_length (cameras) + 5, &beyond_error));
  g_assert_error (beyond_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);

  if (cameras[0] != NULL)
    {
      g_test_skip ("This machine has a camera");
      return;
    }
  g_assert_false (ops_camera_scanner_start (fixture->scanner, 0, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "No camera was found. Open a photo instead, drop one here or paste it.");
}

static void
test_stop_while_decoding (Fixture       *fixture,
                          gconstpointer  user_data)
{
  guint decoded;

  start_appsrc (fixture);
  while (fixture->frames == 0 && !fixture->timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (fixture->timed_out);

  /* The first frame went to the decoder: stop while it may still run. */
  ops_camera_scanner_stop (fixture->scanner);
  g_clear_handle_id (&fixture->push_id, g_source_remove);
  decoded = fixture->codes_signals;
  g_clear_object (&fixture->appsrc);
  g_clear_object (&fixture->scanner);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* A decode that was still running sends nothing once the scanner is
   * gone. */
  g_assert_cmpuint (fixture->codes_signals, ==, decoded);
}

int
main (int   argc,
      char *argv[])
{
  main_thread = g_thread_self ();
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/camera-scanner/appsrc-codes", Fixture, NULL, fixture_set_up, test_appsrc_codes, fixture_tear_down);
  g_test_add ("/camera-scanner/videotestsrc-no-codes", Fixture, NULL, fixture_set_up, test_videotestsrc_no_codes, fixture_tear_down);
  g_test_add ("/camera-scanner/runtime-error", Fixture, NULL, fixture_set_up, test_runtime_error, fixture_tear_down);
  g_test_add ("/camera-scanner/not-negotiated", Fixture, NULL, fixture_set_up, test_not_negotiated, fixture_tear_down);
  g_test_add ("/camera-scanner/start-errors", Fixture, NULL, fixture_set_up, test_start_errors, fixture_tear_down);
  g_test_add ("/camera-scanner/no-camera", Fixture, NULL, fixture_set_up, test_no_camera, fixture_tear_down);
  g_test_add ("/camera-scanner/stop-while-decoding", Fixture, NULL, fixture_set_up, test_stop_while_decoding, fixture_tear_down);

  return g_test_run ();
}
