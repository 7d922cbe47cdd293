/* ops-dispatch-timeline.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch timeline: a sticky time ruler over a GtkListView of drawn
 * technician rows (OpsTimelineRow), all mapped through one OpsTimeAxis.
 * Keyboard-first: arrows move between jobs and rows, Enter opens, A asks
 * for candidates, [ and ] nudge by 15 minutes, Shift+Up/Down move the job
 * to the technician above/below, Delete unassigns, / filters, + and -
 * zoom, T shows today.  Jobs are dragged along the axis, between rows and
 * resized by their right edge; tray jobs are dropped onto it as strings
 * "ops-job:<name>".
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-dispatch-board.h"
#include "ops-dispatch-editor.h"
#include "ops-dispatch-selection.h"
#include "ops-time-axis.h"

G_BEGIN_DECLS

#define OPS_DISPATCH_DRAG_PREFIX "ops-job:"

#define OPS_TYPE_DISPATCH_TIMELINE (ops_dispatch_timeline_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchTimeline, ops_dispatch_timeline, OPS, DISPATCH_TIMELINE, GtkWidget)

/* Signals:
 *   "job-activated" (const char *job): Enter or double-click on a job.
 *   "candidates-requested" (const char *job): A on a selected job.
 *   "change-failed" (GError *error): a drop, drag or key edit was refused;
 *     the page shows it in a toast.
 *   "filter-requested" (no arguments): "/" was pressed; the page owns the
 *     filter entry, focuses it and calls ops_dispatch_timeline_set_filter ().
 * The zoom and position are the axis' "begin" and "end" properties
 * (ops_dispatch_timeline_get_axis ()); the page saves and restores them. */
GtkWidget   *ops_dispatch_timeline_new            (void);
void         ops_dispatch_timeline_set_board      (OpsDispatchTimeline  *self,
                                                   OpsDispatchBoard     *board);
void         ops_dispatch_timeline_set_selection  (OpsDispatchTimeline  *self,
                                                   OpsDispatchSelection *selection);
void         ops_dispatch_timeline_set_editor     (OpsDispatchTimeline  *self,
                                                   OpsDispatchEditor    *editor);
OpsTimeAxis *ops_dispatch_timeline_get_axis       (OpsDispatchTimeline  *self);
/* Shows only technicians whose name or skills contain text ("" = all). */
void         ops_dispatch_timeline_set_filter     (OpsDispatchTimeline  *self,
                                                   const char           *text);
/* What a drop does: the job (from the tray or another row) assigned to
 * tech at start snapped to 15 minutes, through the editor. */
gboolean     ops_dispatch_timeline_drop_job       (OpsDispatchTimeline  *self,
                                                   const char           *job,
                                                   const char           *tech,
                                                   gint64                start,
                                                   GError              **error);
/* Scrolls so the selected job (or the technician) is visible. */
void         ops_dispatch_timeline_reveal_selection (OpsDispatchTimeline *self);
/* The loaded days [begin, end) in Unix seconds, the range of the
 * horizontal scrollbar; by default the days of the board's jobs. */
void         ops_dispatch_timeline_set_loaded_range (OpsDispatchTimeline *self,
                                                     gint64               begin,
                                                     gint64               end);

G_END_DECLS
