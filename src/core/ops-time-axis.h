/* ops-time-axis.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one time axis the dispatch ruler, every timeline row and the
 * benchmark share: the visible range [begin, end) in Unix seconds mapped
 * onto a width in pixels.  Zoom goes from a 2-hour window to a week.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OPS_TIME_AXIS_MIN_SPAN (2 * 3600)        /* 2 hours */
#define OPS_TIME_AXIS_MAX_SPAN (7 * 24 * 3600)   /* a week */
#define OPS_SNAP_SECONDS       (15 * 60)

#define OPS_TYPE_TIME_AXIS (ops_time_axis_get_type ())
G_DECLARE_FINAL_TYPE (OpsTimeAxis, ops_time_axis, OPS, TIME_AXIS, GObject)

/* Properties: "begin" (gint64), "end" (gint64), "width" (double).
 * Signal "range-changed" (no arguments) after begin, end or width change. */
OpsTimeAxis *ops_time_axis_new          (gint64       begin,
                                         gint64       end);
gint64       ops_time_axis_get_begin    (OpsTimeAxis *self);
gint64       ops_time_axis_get_end      (OpsTimeAxis *self);
gint64       ops_time_axis_get_span     (OpsTimeAxis *self);
/* Clamps the span to [MIN_SPAN, MAX_SPAN]; emits range-changed once. */
void         ops_time_axis_set_range    (OpsTimeAxis *self,
                                         gint64       begin,
                                         gint64       end);
void         ops_time_axis_set_width    (OpsTimeAxis *self,
                                         double       width);
double       ops_time_axis_get_width    (OpsTimeAxis *self);

double       ops_time_axis_time_to_x    (OpsTimeAxis *self,
                                         gint64       t);
gint64       ops_time_axis_x_to_time    (OpsTimeAxis *self,
                                         double       x);
/* Seconds per pixel at the current zoom. */
double       ops_time_axis_scale        (OpsTimeAxis *self);

/* factor < 1 zooms in (span * factor), > 1 out; the time under anchor_x
 * stays under anchor_x.  The span is clamped. */
void         ops_time_axis_zoom         (OpsTimeAxis *self,
                                         double       factor,
                                         double       anchor_x);
/* Moves the range by seconds (negative = earlier). */
void         ops_time_axis_scroll       (OpsTimeAxis *self,
                                         gint64       seconds);
/* Shows the local day holding t from 06:00 to 20:00. */
void         ops_time_axis_show_day     (OpsTimeAxis *self,
                                         gint64       t);

/* Ticks for a span and width: the major step (labelled) and the minor step,
 * in seconds, chosen from 15 min, 30 min, 1 h, 2 h, 3 h, 6 h, 12 h, 1 day
 * so that labels are at least min_label_px apart. */
void         ops_time_axis_ticks        (gint64       span,
                                         double       width,
                                         double       min_label_px,
                                         gint64      *major,
                                         gint64      *minor);
/* The first multiple of step (in local time) at or after t. */
gint64       ops_time_axis_first_tick   (gint64       t,
                                         gint64       step);

/* t rounded to the nearest multiple of step in local time (15-minute
 * snapping with step = OPS_SNAP_SECONDS). */
gint64       ops_snap_time              (gint64       t,
                                         gint64       step);

G_END_DECLS
