/* bench-timeline.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch timeline under load: 200 technicians and 5,000 jobs over a
 * week (override with: bench-timeline [jobs] [technicians]) in a
 * 1600 × 1000 window.  Prints the median and p99 of
 *   - a full-window frame: the window's paintable snapshotted into a render
 *     node after every row and the ruler were invalidated (what a scroll of
 *     the axis does), then that node rendered with the window's renderer,
 *     at day and at week zoom;
 *   - a zoom step: ops_time_axis_zoom () and the frame that lays out and
 *     paints it (frame clock before-paint to after-paint).
 * The snapshot is taken by calling the ruler's and each visible row's
 * snapshot () at their place in the window: a mapped window's
 * GtkWidgetPaintable hands back the image of its last painted frame, so
 * it would measure nothing.  The whole painted frame (invalidate every row,
 * let the frame clock lay out, snapshot, render and present) is printed
 * too, with a plain window of the same size as the display's floor.
 * Targets: under 8 ms per frame, under 16 ms per zoom step.  Needs a
 * display: run under xvfb-run with a screen of at least 1600 × 1000.
 */

#define G_LOG_DOMAIN "bench-timeline"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ops-dispatch-board.h"
#include "ops-dispatch-selection.h"
#include "ops-dispatch-timeline.h"
#include "ops-timeline-row.h"
#include "ops-timeline-ruler.h"

#define FRAMES      150
#define ZOOM_STEPS  120
#define WIDTH       1600
#define HEIGHT      1000

typedef struct
{
  GtkWidget *window;
  GtkWidget *timeline;
  gint64     before_paint;
  gint64     after_paint;
  guint      painted;
} Bench;

static const char *job_types[] = { "Installation", "Réparation", "Retrait", "Déménagement", "Inspection" };
static const char *skills[] = { "Fibre", "Installation", "Épissure", "Wi-Fi", "Téléphonie", "Nacelle" };
static const OpsJobStatus statuses[] = {
  OPS_JOB_SCHEDULED, OPS_JOB_SCHEDULED, OPS_JOB_SCHEDULED, OPS_JOB_EN_ROUTE,
  OPS_JOB_ON_SITE, OPS_JOB_COMPLETED, OPS_JOB_COMPLETED, OPS_JOB_ON_HOLD, OPS_JOB_CANCELLED,
};

/*
 * Data
 */

static gint64
local_day (gint64 t,
           int    days)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (t);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                                         g_date_time_get_day_of_month (now), 0, 0, 0);
  g_autoptr(GDateTime) day = g_date_time_add_days (midnight, days);

  return g_date_time_to_unix (day);
}

static GStrv
strv_of (const char *a,
         const char *b)
{
  const char *items[] = { a, b, NULL };

  return g_strdupv ((char **)items);
}

static void
make_data (GRand     *rand,
           guint      n_techs,
           guint      n_jobs,
           gint64     week,
           GPtrArray *techs,
           GPtrArray *jobs)
{
  for (guint i = 0; i < n_techs; i++)
    {
      OpsDispatchTech *tech = g_new0 (OpsDispatchTech, 1);

      tech->name = g_strdup_printf ("TECH-%03u", i + 1);
      tech->full_name = g_strdup_printf ("Technicien %03u", i + 1);
      tech->skills = strv_of (skills[i % G_N_ELEMENTS (skills)], skills[(i / 3) % G_N_ELEMENTS (skills)]);
      tech->color = g_strdup (i % 2 ? "#3584e4" : "#33d17a");
      tech->has_home = TRUE;
      tech->home_latitude = 45.3 + g_rand_double_range (rand, -0.1, 0.1);
      tech->home_longitude = -73.3 + g_rand_double_range (rand, -0.1, 0.1);
      tech->work_start_min = 450 + 30 * (i % 3);
      tech->work_end_min = 990;
      g_ptr_array_add (techs, tech);
    }

  /* Each technician's days filled in order, a job every 2 h 15 min from
   * about 07:30, with one in twenty moved to overlap its neighbour. */
  for (guint i = 0; i < n_jobs; i++)
    {
      OpsDispatchJob *job = g_new0 (OpsDispatchJob, 1);
      guint tech = i % n_techs;
      guint day_index = (i / n_techs) % 7;
      guint slot = i / (n_techs * 7);
      gint64 day = local_day (week, day_index);

      job->name = g_strdup_printf ("DJ-%06u", i + 1);
      job->customer = g_strdup_printf ("C%05u", g_rand_int_range (rand, 1, 20000));
      job->customer_name = g_strdup_printf ("Client numéro %u", g_rand_int_range (rand, 1, 20000));
      job->subject = g_strdup ("Aucune connexion depuis l'orage");
      job->job_type = g_strdup (job_types[i % G_N_ELEMENTS (job_types)]);
      job->priority = g_strdup ("medium");
      job->status = statuses[g_rand_int_range (rand, 0, G_N_ELEMENTS (statuses))];
      job->technician = g_strdup_printf ("TECH-%03u", tech + 1);
      job->assistants = g_new0 (char *, 1);
      job->required_techs = 1;
      job->tags = strv_of (skills[i % G_N_ELEMENTS (skills)], NULL);
      job->start = day + 7 * 3600 + 1800 + slot * 135 * 60 + 15 * 60 * g_rand_int_range (rand, 0, 3);
      if (g_rand_int_range (rand, 0, 20) == 0)
        job->start -= 60 * 60;
      job->scheduled_date = ops_dispatch_day_of (job->start);
      job->duration_min = 15 * g_rand_int_range (rand, 2, 9);
      job->equipment = g_new0 (char *, 1);
      job->has_coords = TRUE;
      job->latitude = 45.3 + g_rand_double_range (rand, -0.2, 0.2);
      job->longitude = -73.3 + g_rand_double_range (rand, -0.2, 0.2);
      g_ptr_array_add (jobs, job);
    }
}

/*
 * Measuring
 */

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static void
print_figures (const char *label,
               GArray     *ms,
               double      target)
{
  double median, p99;

  g_array_sort (ms, compare_doubles);
  median = g_array_index (ms, double, ms->len / 2);
  p99 = g_array_index (ms, double, MIN (ms->len - 1, (guint)(ms->len * 0.99)));
  printf ("%-44s median %7.2f ms   p99 %7.2f ms   (%u runs)%s\n", label, median, p99, ms->len,
          target > 0 ? (p99 < target ? "  within target" : median < target ? "  median within target" : "  OVER target") : "");
}

static void
on_before_paint (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->before_paint = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  bench->after_paint = g_get_monotonic_time ();
  bench->painted++;
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until the window has painted another frame. */
static void
wait_for_frame (Bench *bench)
{
  guint painted = bench->painted;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_widget_queue_draw (bench->window);
  while (bench->painted == painted)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("No frame was painted in 5 s");
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
invalidate (GtkWidget *widget)
{
  if (OPS_IS_TIMELINE_ROW (widget) || OPS_IS_TIMELINE_RULER (widget))
    gtk_widget_queue_draw (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    invalidate (child);
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = OPS_IS_TIMELINE_ROW (widget) && gtk_widget_get_mapped (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

typedef struct
{
  GtkWidget *widget;
  double     x;
  double     y;
} Placed;

static void
collect_drawn (GtkWidget *window,
               GtkWidget *widget,
               GArray    *placed)
{
  if ((OPS_IS_TIMELINE_ROW (widget) || OPS_IS_TIMELINE_RULER (widget)) && gtk_widget_get_mapped (widget))
    {
      Placed p = { widget, 0, 0 };

      if (gtk_widget_translate_coordinates (widget, window, 0, 0, &p.x, &p.y))
        g_array_append_val (placed, p);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_drawn (window, child, placed);
}

/* The window's drawn content: the ruler and every visible row, each drawn
 * by its own snapshot () at its place in the window. */
static GskRenderNode *
snapshot_drawn (GArray *placed)
{
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  for (guint i = 0; i < placed->len; i++)
    {
      Placed *p = &g_array_index (placed, Placed, i);

      gtk_snapshot_save (snapshot);
      gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (p->x, p->y));
      GTK_WIDGET_GET_CLASS (p->widget)->snapshot (p->widget, snapshot);
      gtk_snapshot_restore (snapshot);
    }
  return gtk_snapshot_free_to_node (snapshot);
}

static void
measure_painted_frames (Bench      *bench,
                        const char *zoom)
{
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *label = NULL;

  for (guint i = 0; i < FRAMES + 5; i++)
    {
      double frame;

      invalidate (bench->window);
      wait_for_frame (bench);
      if (i < 5)
        continue;
      frame = (bench->after_paint - bench->before_paint) / 1000.0;
      g_array_append_val (ms, frame);
    }
  label = g_strdup_printf ("%s zoom, whole painted frame (frame clock)", zoom);
  print_figures (label, ms, 0);
}

static void
measure_frames (Bench      *bench,
                const char *zoom)
{
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (bench->window));
  g_autoptr(GArray) snap_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) render_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) total_ms = g_array_new (FALSE, FALSE, sizeof (double));
  int w = gtk_widget_get_width (bench->window), h = gtk_widget_get_height (bench->window);
  g_autofree char *label = NULL;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));

  collect_drawn (bench->window, bench->window, placed);

  for (guint i = 0; i < FRAMES + 5; i++)
    {
      GskRenderNode *node;
      GdkTexture *texture;
      gint64 t0, t1, t2;
      double snap, render;

      /* What a change of the axis does: every row and the ruler redraw. */
      invalidate (bench->window);

      t0 = g_get_monotonic_time ();
      node = snapshot_drawn (placed);
      t1 = g_get_monotonic_time ();
      texture = node != NULL ? gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h)) : NULL;
      t2 = g_get_monotonic_time ();
      if (node == NULL)
        g_error ("The window snapshotted to nothing");
      g_clear_object (&texture);
      gsk_render_node_unref (node);

      if (i < 5)
        continue;   /* warm-up: glyph caches */
      snap = (t1 - t0) / 1000.0;
      render = (t2 - t1) / 1000.0;
      g_array_append_val (snap_ms, snap);
      g_array_append_val (render_ms, render);
      snap += render;
      g_array_append_val (total_ms, snap);
    }

  label = g_strdup_printf ("%s zoom, snapshot (%u rows)", zoom, count_rows (bench->window));
  print_figures (label, snap_ms, 8);
  g_free (label);
  label = g_strdup_printf ("%s zoom, render (%s)", zoom, G_OBJECT_TYPE_NAME (renderer));
  print_figures (label, render_ms, 0);
  g_free (label);
  label = g_strdup_printf ("%s zoom, snapshot + render", zoom);
  print_figures (label, total_ms, 0);
}

static void
measure_zoom (Bench *bench)
{
  OpsTimeAxis *axis = ops_dispatch_timeline_get_axis (OPS_DISPATCH_TIMELINE (bench->timeline));
  g_autoptr(GArray) work_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) wall_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) own_ms = g_array_new (FALSE, FALSE, sizeof (double));
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (bench->window));
  int w = gtk_widget_get_width (bench->window), h = gtk_widget_get_height (bench->window);
  double anchor = ops_time_axis_get_width (axis) / 3;

  wait_for_frame (bench);
  for (guint i = 0; i < ZOOM_STEPS + 5; i++)
    {
      guint painted = bench->painted;
      g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
      GskRenderNode *node;
      GdkTexture *texture;
      gint64 t0, t1, t2, t3;
      double work, wall, own;

      /* In four steps from the day towards the week and back. */
      t0 = g_get_monotonic_time ();
      ops_time_axis_zoom (axis, (i / 4) % 2 ? 0.8 : 1.25, anchor);
      t1 = g_get_monotonic_time ();
      while (bench->painted == painted)
        g_main_context_iteration (NULL, TRUE);

      /* The same frame's drawing again, without the display's present. */
      collect_drawn (bench->window, bench->window, placed);
      t2 = g_get_monotonic_time ();
      node = snapshot_drawn (placed);
      texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, w, h));
      t3 = g_get_monotonic_time ();
      g_object_unref (texture);
      gsk_render_node_unref (node);
      if (i < 5)
        continue;
      work = (t1 - t0 + bench->after_paint - bench->before_paint) / 1000.0;
      wall = (bench->after_paint - t0) / 1000.0;
      own = (t1 - t0 + t3 - t2) / 1000.0;
      g_array_append_val (work_ms, work);
      g_array_append_val (wall_ms, wall);
      g_array_append_val (own_ms, own);
    }
  print_figures ("zoom step: zoom + snapshot + render", own_ms, 16);
  print_figures ("zoom step: zoom + layout + paint (frame work)", work_ms, 16);
  print_figures ("zoom step: wall time to the painted frame", wall_ms, 0);
}

static void
draw_plain (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        data)
{
  cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
  cairo_paint (cr);
}

/* The floor of this display: a full repaint of a plain window as large,
 * to read the timeline's painted frames against. */
static void
measure_baseline (void)
{
  Bench plain = { 0 };
  GtkWidget *area = gtk_drawing_area_new ();
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  GdkFrameClock *clock;

  plain.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (plain.window), WIDTH, HEIGHT);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_plain, NULL, NULL);
  gtk_window_set_child (GTK_WINDOW (plain.window), area);
  gtk_window_present (GTK_WINDOW (plain.window));
  clock = gtk_widget_get_frame_clock (plain.window);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &plain);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &plain);
  wait_for_frame (&plain);
  for (guint i = 0; i < FRAMES + 5; i++)
    {
      double frame;

      gtk_widget_queue_draw (area);
      wait_for_frame (&plain);
      if (i < 5)
        continue;
      frame = (plain.after_paint - plain.before_paint) / 1000.0;
      g_array_append_val (ms, frame);
    }
  print_figures ("baseline: plain window, whole painted frame", ms, 0);
  g_signal_handlers_disconnect_by_data (clock, &plain);
  gtk_window_destroy (GTK_WINDOW (plain.window));
}

int
main (int   argc,
      char *argv[])
{
  guint n_jobs = argc > 1 ? (guint)atoi (argv[1]) : 5000;
  guint n_techs = argc > 2 ? (guint)atoi (argv[2]) : 200;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GPtrArray) techs = g_ptr_array_new ();
  g_autoptr(GPtrArray) jobs = g_ptr_array_new ();
  g_autoptr(OpsDispatchBoard) board = ops_dispatch_board_new (NULL);
  g_autoptr(OpsDispatchSelection) selection = ops_dispatch_selection_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 week = local_day (now, -3);
  GdkFrameClock *clock;
  OpsTimeAxis *axis;
  Bench bench = { 0 };
  gint64 t0;

  gtk_init ();
  if (n_techs == 0 || n_jobs == 0)
    {
      fprintf (stderr, "usage: bench-timeline [jobs] [technicians]\n");
      return 1;
    }

  t0 = g_get_monotonic_time ();
  make_data (rand, n_techs, n_jobs, week, techs, jobs);
  ops_dispatch_board_set_data (board, techs, jobs);
  printf ("board: %u technicians, %u jobs over a week, built in %.1f ms\n",
          n_techs, n_jobs, (g_get_monotonic_time () - t0) / 1000.0);

  bench.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (bench.window), WIDTH, HEIGHT);
  bench.timeline = ops_dispatch_timeline_new ();
  ops_dispatch_timeline_set_board (OPS_DISPATCH_TIMELINE (bench.timeline), board);
  ops_dispatch_timeline_set_selection (OPS_DISPATCH_TIMELINE (bench.timeline), selection);
  gtk_window_set_child (GTK_WINDOW (bench.window), bench.timeline);
  gtk_window_present (GTK_WINDOW (bench.window));

  clock = gtk_widget_get_frame_clock (bench.window);
  g_assert (clock != NULL);
  g_signal_connect (clock, "before-paint", G_CALLBACK (on_before_paint), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &bench);
  g_timeout_add (10, wake, NULL);
  wait_for_frame (&bench);
  wait_for_frame (&bench);
  printf ("window: %d × %d%s\n", gtk_widget_get_width (bench.window), gtk_widget_get_height (bench.window),
          gtk_widget_get_width (bench.window) < WIDTH ? " (the screen is smaller than asked: use a larger Xvfb screen)" : "");

  axis = ops_dispatch_timeline_get_axis (OPS_DISPATCH_TIMELINE (bench.timeline));
  ops_time_axis_show_day (axis, now);
  wait_for_frame (&bench);
  measure_frames (&bench, "day");
  measure_painted_frames (&bench, "day");

  ops_time_axis_set_range (axis, week, week + OPS_TIME_AXIS_MAX_SPAN);
  wait_for_frame (&bench);
  measure_frames (&bench, "week");
  measure_painted_frames (&bench, "week");

  ops_time_axis_show_day (axis, now);
  measure_zoom (&bench);

  g_signal_handlers_disconnect_by_data (clock, &bench);
  gtk_window_destroy (GTK_WINDOW (bench.window));

  measure_baseline ();
  return 0;
}
