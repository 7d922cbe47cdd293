/* test-time-axis.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch board's time axis: time <-> x at the spans the board uses,
 * zoom around an anchor and its clamps, tick choice, and ticks and
 * snapping in local time, on ordinary days and on both DST days of 2026
 * in America/Toronto.
 */

#define G_LOG_DOMAIN "test-time-axis"

#include "config.h"

#include "ops-dispatch-types.h"
#include "ops-time-axis.h"

#define HOUR 3600
#define DAY  (24 * HOUR)

/* Unix seconds of a UTC wall-clock time (unambiguous across DST). */
static gint64
utc (int year, int month, int day, int hour, int minute)
{
  g_autoptr(GDateTime) dt = g_date_time_new_utc (year, month, day, hour, minute, 0);

  return g_date_time_to_unix (dt);
}

static char *
local_text (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return g_date_time_format (dt, "%Y-%m-%d %H:%M %Z");
}

#define assert_local(t, text) G_STMT_START {              \
    g_autofree char *_got = local_text (t);               \
    g_assert_cmpstr (_got, ==, text);                     \
  } G_STMT_END

static void
count_signal (gpointer  object,
              guint    *count)
{
  (*count)++;
}

static void
assert_round_trips (gint64 begin,
                    gint64 span,
                    double width)
{
  g_autoptr(OpsTimeAxis) axis = ops_time_axis_new (begin, begin + span);

  ops_time_axis_set_width (axis, width);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, span);
  g_assert_cmpfloat_with_epsilon (ops_time_axis_time_to_x (axis, begin), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ops_time_axis_time_to_x (axis, begin + span), width, 1e-6);
  g_assert_cmpfloat_with_epsilon (ops_time_axis_time_to_x (axis, begin + span / 2), width / 2, 1e-6);
  g_assert_cmpfloat_with_epsilon (ops_time_axis_scale (axis), (double) span / width, 1e-9);

  for (gint64 t = begin - span / 4; t <= begin + span + span / 4; t += span / 97 + 1)
    g_assert_cmpint (ops_time_axis_x_to_time (axis, ops_time_axis_time_to_x (axis, t)), ==, t);

  /* One pixel is scale seconds. */
  g_assert_cmpint (ops_time_axis_x_to_time (axis, 1.0) - begin, ==,
                   (gint64) (ops_time_axis_scale (axis) + 0.5));
}

static void
test_round_trip (void)
{
  gint64 morning = utc (2026, 3, 10, 13, 0);

  assert_round_trips (morning, 2 * HOUR, 1200);
  assert_round_trips (morning, 14 * HOUR, 1400);
  assert_round_trips (morning, DAY, 1000);
  assert_round_trips (morning, 7 * DAY, 1400);
  assert_round_trips (morning, 7 * DAY, 333.5);
}

static void
test_range (void)
{
  gint64 begin = utc (2026, 3, 10, 11, 0);
  g_autoptr(OpsTimeAxis) axis = ops_time_axis_new (begin, begin + 30 * 60);
  guint changed = 0;
  gint64 got_begin = 0, got_end = 0;
  double got_width = 0;

  /* Too short a range is widened to the minimum span. */
  g_assert_cmpint (ops_time_axis_get_begin (axis), ==, begin);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, OPS_TIME_AXIS_MIN_SPAN);

  g_signal_connect (axis, "range-changed", G_CALLBACK (count_signal), &changed);

  ops_time_axis_set_range (axis, begin, begin + 30 * DAY);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, OPS_TIME_AXIS_MAX_SPAN);

  /* The same range again changes nothing. */
  ops_time_axis_set_range (axis, begin, begin + 30 * DAY);
  g_assert_cmpuint (changed, ==, 1);

  ops_time_axis_set_width (axis, 800);
  g_assert_cmpuint (changed, ==, 2);
  ops_time_axis_set_width (axis, 800);
  g_assert_cmpuint (changed, ==, 2);

  ops_time_axis_scroll (axis, -HOUR);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpint (ops_time_axis_get_begin (axis), ==, begin - HOUR);
  g_assert_cmpint (ops_time_axis_get_end (axis), ==, begin - HOUR + OPS_TIME_AXIS_MAX_SPAN);

  g_object_get (axis, "begin", &got_begin, "end", &got_end, "width", &got_width, NULL);
  g_assert_cmpint (got_begin, ==, begin - HOUR);
  g_assert_cmpint (got_end, ==, begin - HOUR + OPS_TIME_AXIS_MAX_SPAN);
  g_assert_cmpfloat (got_width, ==, 800);

  /* Setting "begin" keeps the span. */
  g_object_set (axis, "begin", begin, NULL);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, OPS_TIME_AXIS_MAX_SPAN);
  g_assert_cmpint (ops_time_axis_get_begin (axis), ==, begin);
}

static void
test_zoom (void)
{
  gint64 begin = utc (2026, 3, 10, 10, 0);  /* 06:00 EDT */
  g_autoptr(OpsTimeAxis) axis = ops_time_axis_new (begin, begin + 14 * HOUR);
  guint changed = 0;
  gint64 anchor_t;

  ops_time_axis_set_width (axis, 1400);
  g_signal_connect (axis, "range-changed", G_CALLBACK (count_signal), &changed);

  anchor_t = ops_time_axis_x_to_time (axis, 350);
  g_assert_cmpint (anchor_t, ==, begin + 3 * HOUR + 30 * 60);

  ops_time_axis_zoom (axis, 0.5, 350);
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, 7 * HOUR);
  g_assert_cmpint (ops_time_axis_x_to_time (axis, 350), ==, anchor_t);
  g_assert_cmpint (ops_time_axis_get_begin (axis), >, begin);

  ops_time_axis_zoom (axis, 3.0, 350);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, 21 * HOUR);
  g_assert_cmpint (ops_time_axis_x_to_time (axis, 350), ==, anchor_t);

  /* Clamped at two hours, still around the anchor. */
  ops_time_axis_zoom (axis, 0.001, 1000);
  anchor_t = ops_time_axis_x_to_time (axis, 1000);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, OPS_TIME_AXIS_MIN_SPAN);
  ops_time_axis_zoom (axis, 0.5, 1000);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, OPS_TIME_AXIS_MIN_SPAN);
  g_assert_cmpint (ops_time_axis_x_to_time (axis, 1000), ==, anchor_t);

  /* Clamped at a week, anchored at the left edge. */
  anchor_t = ops_time_axis_get_begin (axis);
  ops_time_axis_zoom (axis, 1000.0, 0);
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, OPS_TIME_AXIS_MAX_SPAN);
  g_assert_cmpint (ops_time_axis_get_begin (axis), ==, anchor_t);
}

static void
test_ticks (void)
{
  gint64 major = 0, minor = 0;

  ops_time_axis_ticks (2 * HOUR, 1200, 80, &major, &minor);
  g_assert_cmpint (major, ==, 15 * 60);
  g_assert_cmpint (minor, ==, 15 * 60);

  ops_time_axis_ticks (14 * HOUR, 1400, 80, &major, &minor);
  g_assert_cmpint (major, ==, HOUR);
  g_assert_cmpint (minor, ==, 15 * 60);

  ops_time_axis_ticks (14 * HOUR, 700, 80, &major, &minor);
  g_assert_cmpint (major, ==, 2 * HOUR);
  g_assert_cmpint (minor, ==, 30 * 60);

  ops_time_axis_ticks (DAY, 1000, 80, &major, &minor);
  g_assert_cmpint (major, ==, 2 * HOUR);

  ops_time_axis_ticks (7 * DAY, 1400, 80, &major, &minor);
  g_assert_cmpint (major, ==, 12 * HOUR);
  g_assert_cmpint (minor, ==, 3 * HOUR);

  ops_time_axis_ticks (7 * DAY, 700, 80, &major, &minor);
  g_assert_cmpint (major, ==, DAY);
  g_assert_cmpint (minor, ==, 6 * HOUR);

  /* Minor ticks too dense to draw fall back to the major step. */
  ops_time_axis_ticks (7 * DAY, 100, 10, &major, &minor);
  g_assert_cmpint (major, ==, DAY);
  g_assert_cmpint (minor, ==, DAY);
}

static void
test_first_tick (void)
{
  gint64 t = utc (2026, 3, 10, 14, 7);  /* 10:07 EDT */

  assert_local (t, "2026-03-10 10:07 EDT");
  assert_local (ops_time_axis_first_tick (t, 15 * 60), "2026-03-10 10:15 EDT");
  assert_local (ops_time_axis_first_tick (t, HOUR), "2026-03-10 11:00 EDT");
  assert_local (ops_time_axis_first_tick (t, 3 * HOUR), "2026-03-10 12:00 EDT");
  assert_local (ops_time_axis_first_tick (t, DAY), "2026-03-11 00:00 EDT");
  /* On a tick, the tick itself. */
  g_assert_cmpint (ops_time_axis_first_tick (t - 7 * 60, HOUR), ==, t - 7 * 60);

  /* Spring forward: 02:00 EST jumps to 03:00 EDT. */
  t = utc (2026, 3, 8, 6, 30);
  assert_local (t, "2026-03-08 01:30 EST");
  g_assert_cmpint (ops_time_axis_first_tick (t, HOUR), ==, t + 30 * 60);
  assert_local (ops_time_axis_first_tick (t, HOUR), "2026-03-08 03:00 EDT");
  assert_local (ops_time_axis_first_tick (t + 20 * 60, 15 * 60), "2026-03-08 03:00 EDT");
  assert_local (ops_time_axis_first_tick (t, 2 * HOUR), "2026-03-08 04:00 EDT");
  assert_local (ops_time_axis_first_tick (utc (2026, 3, 8, 7, 10), 15 * 60), "2026-03-08 03:15 EDT");
  g_assert_cmpint (ops_time_axis_first_tick (utc (2026, 3, 8, 5, 0), DAY), ==, utc (2026, 3, 8, 5, 0));
  assert_local (ops_time_axis_first_tick (utc (2026, 3, 8, 5, 1), DAY), "2026-03-09 00:00 EDT");
  /* That day lasts 23 hours. */
  g_assert_cmpint (ops_time_axis_first_tick (utc (2026, 3, 8, 5, 1), DAY), ==, utc (2026, 3, 8, 5, 0) + 23 * HOUR);
  assert_local (ops_time_axis_first_tick (utc (2026, 3, 8, 12, 5), HOUR), "2026-03-08 09:00 EDT");

  /* Fall back: 02:00 EDT returns to 01:00 EST; the hour reads 01:00 twice. */
  t = utc (2026, 11, 1, 5, 30);
  assert_local (t, "2026-11-01 01:30 EDT");
  g_assert_cmpint (ops_time_axis_first_tick (t, HOUR), ==, t + 30 * 60);
  assert_local (ops_time_axis_first_tick (t, HOUR), "2026-11-01 01:00 EST");
  assert_local (ops_time_axis_first_tick (t + HOUR, HOUR), "2026-11-01 02:00 EST");
  assert_local (ops_time_axis_first_tick (utc (2026, 11, 1, 12, 0), DAY), "2026-11-02 00:00 EST");
  /* That day lasts 25 hours. */
  g_assert_cmpint (ops_time_axis_first_tick (utc (2026, 11, 1, 12, 0), DAY) -
                   ops_dispatch_day_start ("2026-11-01"), ==, 25 * HOUR);
  assert_local (ops_time_axis_first_tick (utc (2026, 11, 1, 15, 1), 6 * HOUR), "2026-11-01 12:00 EST");
}

static void
test_snap (void)
{
  gint64 t = utc (2026, 3, 10, 14, 7);  /* 10:07 EDT */

  assert_local (ops_snap_time (t, OPS_SNAP_SECONDS), "2026-03-10 10:00 EDT");
  assert_local (ops_snap_time (t + 60, OPS_SNAP_SECONDS), "2026-03-10 10:15 EDT");
  /* Half-way rounds up. */
  g_assert_cmpint (ops_snap_time (t + 30, OPS_SNAP_SECONDS), ==, t + 8 * 60);
  g_assert_cmpint (ops_snap_time (t + 29, OPS_SNAP_SECONDS), ==, t - 7 * 60);
  g_assert_cmpint (ops_snap_time (t - 7 * 60, OPS_SNAP_SECONDS), ==, t - 7 * 60);
  assert_local (ops_snap_time (t, HOUR), "2026-03-10 10:00 EDT");
  assert_local (ops_snap_time (t + 25 * 60, HOUR), "2026-03-10 11:00 EDT");

  /* Spring forward: 01:55 EST is five minutes before 03:00 EDT. */
  t = utc (2026, 3, 8, 6, 55);
  assert_local (t, "2026-03-08 01:55 EST");
  assert_local (ops_snap_time (t, OPS_SNAP_SECONDS), "2026-03-08 03:00 EDT");
  g_assert_cmpint (ops_snap_time (t, OPS_SNAP_SECONDS), ==, t + 5 * 60);
  assert_local (ops_snap_time (t + 10 * 60, OPS_SNAP_SECONDS), "2026-03-08 03:00 EDT");
  assert_local (ops_snap_time (t - 3 * 60, OPS_SNAP_SECONDS), "2026-03-08 01:45 EST");
  /* An hour snap across the gap: 03:20 EDT is 20 min after 03:00, 40 before 04:00. */
  assert_local (ops_snap_time (utc (2026, 3, 8, 7, 20), HOUR), "2026-03-08 03:00 EDT");
  assert_local (ops_snap_time (utc (2026, 3, 8, 6, 20), HOUR), "2026-03-08 01:00 EST");

  /* Fall back: both 01:00s are ticks. */
  assert_local (ops_snap_time (utc (2026, 11, 1, 6, 50), OPS_SNAP_SECONDS), "2026-11-01 01:45 EST");
  assert_local (ops_snap_time (utc (2026, 11, 1, 6, 55), OPS_SNAP_SECONDS), "2026-11-01 02:00 EST");
  assert_local (ops_snap_time (utc (2026, 11, 1, 5, 55), HOUR), "2026-11-01 01:00 EST");
  assert_local (ops_snap_time (utc (2026, 11, 1, 5, 20), HOUR), "2026-11-01 01:00 EDT");
}

static void
test_show_day (void)
{
  g_autoptr(OpsTimeAxis) axis = ops_time_axis_new (0, DAY);

  ops_time_axis_show_day (axis, utc (2026, 3, 10, 22, 0));
  assert_local (ops_time_axis_get_begin (axis), "2026-03-10 06:00 EDT");
  assert_local (ops_time_axis_get_end (axis), "2026-03-10 20:00 EDT");
  g_assert_cmpint (ops_time_axis_get_span (axis), ==, 14 * HOUR);

  /* Late evening local is still that local day, though UTC is the next. */
  ops_time_axis_show_day (axis, utc (2026, 3, 11, 3, 30));
  assert_local (ops_time_axis_get_begin (axis), "2026-03-10 06:00 EDT");

  ops_time_axis_show_day (axis, utc (2026, 3, 8, 6, 30));
  assert_local (ops_time_axis_get_begin (axis), "2026-03-08 06:00 EDT");
  assert_local (ops_time_axis_get_end (axis), "2026-03-08 20:00 EDT");

  ops_time_axis_show_day (axis, utc (2026, 11, 1, 5, 30));
  assert_local (ops_time_axis_get_begin (axis), "2026-11-01 06:00 EST");
  assert_local (ops_time_axis_get_end (axis), "2026-11-01 20:00 EST");
}

static void
test_day_helpers (void)
{
  g_autofree char *day = NULL;

  g_assert_cmpint (ops_dispatch_day_start ("2026-03-08"), ==, utc (2026, 3, 8, 5, 0));
  g_assert_cmpint (ops_dispatch_day_start ("2026-03-09"), ==, utc (2026, 3, 9, 4, 0));
  g_assert_cmpint (ops_dispatch_day_start ("2026-11-02") - ops_dispatch_day_start ("2026-11-01"), ==, 25 * HOUR);
  g_assert_cmpint (ops_dispatch_day_start ("2026-02-30"), ==, 0);
  g_assert_cmpint (ops_dispatch_day_start ("2026-3-08"), ==, 0);
  g_assert_cmpint (ops_dispatch_day_start ("2026-03-08x"), ==, 0);
  g_assert_cmpint (ops_dispatch_day_start (NULL), ==, 0);

  day = ops_dispatch_day_of (utc (2026, 3, 11, 3, 59));
  g_assert_cmpstr (day, ==, "2026-03-10");
  g_free (day);
  day = ops_dispatch_day_of (utc (2026, 3, 11, 4, 0));
  g_assert_cmpstr (day, ==, "2026-03-11");
}

int
main (int   argc,
      char *argv[])
{
  /* Local time is Montréal's for every test, DST days included. */
  g_setenv ("TZ", "America/Toronto", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/time-axis/round-trip", test_round_trip);
  g_test_add_func ("/time-axis/range", test_range);
  g_test_add_func ("/time-axis/zoom", test_zoom);
  g_test_add_func ("/time-axis/ticks", test_ticks);
  g_test_add_func ("/time-axis/first-tick", test_first_tick);
  g_test_add_func ("/time-axis/snap", test_snap);
  g_test_add_func ("/time-axis/show-day", test_show_day);
  g_test_add_func ("/time-axis/day-helpers", test_day_helpers);

  return g_test_run ();
}
