/* bench-startup.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Time from starting the real binary to its first drawn frame, on the demo
 * workspace. The window prints a line on its first frame when
 * OPS_REPORT_FIRST_FRAME is set, then quits. Needs a display (xvfb-run).
 */

#define G_LOG_DOMAIN "bench-startup"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#define RUNS 10

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static double
start_once (const char *store)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;
  double ms = -1;

  g_subprocess_launcher_setenv (launcher, "OPS_REPORT_FIRST_FRAME", "1", TRUE);
  start = g_get_monotonic_time ();
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OPS_BINARY"), "--demo", "--store", store, NULL);
  if (process == NULL)
    g_error ("%s", error->message);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, NULL);

      if (line == NULL)
        break;
      if (g_str_has_prefix (line, "first-frame "))
        {
          ms = (g_get_monotonic_time () - start) / 1000.0;
          break;
        }
    }
  g_subprocess_wait (process, NULL, NULL);
  return ms;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-startup-XXXXXX", &error);
  g_autofree char *store = g_build_filename (dir, "demo.sqlite", NULL);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  double first;

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      printf ("bench-startup: no display; run it under xvfb-run\n");
      return 77;
    }

  first = start_once (store);
  if (first < 0)
    g_error ("the console did not draw a frame");
  printf ("bench-startup: first start, seeding the demo workspace: %.0f ms to the first frame\n", first);

  for (guint i = 0; i < RUNS; i++)
    {
      double ms = start_once (store);

      if (ms < 0)
        g_error ("the console did not draw a frame");
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_doubles);
  printf ("bench-startup: later starts, %u runs: median %.0f ms, best %.0f ms, worst %.0f ms to the first frame "
          "(target: under 500 ms)\n",
          RUNS, g_array_index (times, double, RUNS / 2), g_array_index (times, double, 0),
          g_array_index (times, double, RUNS - 1));

  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (store, suffixes[i], NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
