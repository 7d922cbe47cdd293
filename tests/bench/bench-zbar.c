/* bench-zbar.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Decode time on 1280×720 grey frames, the size the camera scanner hands
 * its worker: a frame holding a Code 128 (found on the first pass), and a
 * frame holding nothing, with every retry (a photo: smoothing, four
 * turns), with the live camera's retries, and with one plain pass as the
 * floor.  Prints median and p99.
 */

#define G_LOG_DOMAIN "bench-zbar"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ops-barcode-reader.h"
#include "ops-test-barcodes.h"

#define WIDTH 1280
#define HEIGHT 720
#define DEFAULT_FRAMES 200

typedef GPtrArray *(*ScanFunc) (const OpsTestGray *frame);

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

static GPtrArray *
scan_reader (const OpsTestGray *frame)
{
  return ops_barcode_scan_gray (frame->data, frame->width, frame->height, frame->width);
}

static GPtrArray *
scan_camera (const OpsTestGray *frame)
{
  return ops_barcode_scan_gray_full (frame->data, frame->width, frame->height, frame->width,
                                     OPS_BARCODE_SCAN_STRETCH | OPS_BARCODE_SCAN_SMOOTH);
}

static GPtrArray *
scan_plain (const OpsTestGray *frame)
{
  return ops_barcode_scan_gray_full (frame->data, frame->width, frame->height, frame->width,
                                     OPS_BARCODE_SCAN_PLAIN);
}

/* A desk lit from one side: a grey ramp, a sheet of paper, sensor noise. */
static OpsTestGray *
new_scene (void)
{
  OpsTestGray *scene = ops_test_gray_new (WIDTH, HEIGHT, 0);
  g_autoptr(OpsTestGray) paper = ops_test_gray_new (420, 300, 235);

  for (guint y = 0; y < HEIGHT; y++)
    for (guint x = 0; x < WIDTH; x++)
      scene->data[(gsize)y * WIDTH + x] = (guint8)(60 + x * 140 / WIDTH);
  ops_test_gray_paste (scene, paper, 260, 210);
  return scene;
}

static void
run (const char        *label,
     const OpsTestGray *frame,
     ScanFunc           scan,
     guint              n_frames,
     guint              expected_codes)
{
  g_autofree double *ms = g_new (double, n_frames);
  double total = 0;

  /* One untimed pass to warm caches and zbar's tables. */
  g_ptr_array_unref (scan (frame));

  for (guint i = 0; i < n_frames; i++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(GPtrArray) codes = scan (frame);

      ms[i] = (g_get_monotonic_time () - start) / 1000.0;
      total += ms[i];
      if (expected_codes != G_MAXUINT && codes->len != expected_codes)
        g_error ("%s: %u codes found, %u expected", label, codes->len, expected_codes);
    }
  qsort (ms, n_frames, sizeof (double), compare_doubles);
  printf ("%-34s %4u frames  median %7.2f ms  p99 %7.2f ms  mean %7.2f ms  (%.1f frames/s)\n",
          label, n_frames, ms[n_frames / 2], ms[MIN (n_frames - 1, (guint)(n_frames * 0.99))],
          total / n_frames, 1000.0 * n_frames / total);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OpsTestGray) code = ops_test_code128_render ("GFAC12345678", 3, 160);
  g_autoptr(OpsTestGray) with_code = new_scene ();
  g_autoptr(OpsTestGray) empty = new_scene ();
  guint n_frames = DEFAULT_FRAMES;

  if (argc > 1)
    n_frames = MAX (1, (guint)atoi (argv[1]));

  /* The label's code on the sheet of paper; both frames get the same
   * sensor noise (±4 grey levels). */
  ops_test_gray_paste (with_code, code, 270, 280);
  ops_test_gray_add_noise (with_code, 4, 1);
  ops_test_gray_add_noise (empty, 4, 1);

  printf ("bench-zbar: %u×%u grey frames (a desk, ±4 grey levels of noise), %u each\n",
          WIDTH, HEIGHT, n_frames);
  run ("Code 128, found on the first pass", with_code, scan_reader, n_frames, 1);
  run ("nothing, photo (every retry)", empty, scan_reader, n_frames, 0);
  run ("nothing, live camera (no turns)", empty, scan_camera, n_frames, 0);
  run ("nothing, one zbar pass", empty, scan_plain, n_frames, 0);
  return 0;
}
