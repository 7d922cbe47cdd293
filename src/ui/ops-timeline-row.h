/* ops-timeline-row.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One technician's row of the dispatch timeline, drawn in snapshot: a
 * header (name, skills, utilisation of the visible day) and the jobs as
 * bars coloured by status, stacked in lanes where they overlap, over the
 * shaded non-working hours and under the "now" line.  Only the jobs in
 * the axis' visible range are drawn.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-dispatch-board.h"
#include "ops-dispatch-selection.h"
#include "ops-time-axis.h"

G_BEGIN_DECLS

/* Width of the header on the left of every row (and of the ruler's corner);
 * the axis covers the rest of the width. */
#define OPS_TIMELINE_HEADER_WIDTH 180

/* A job being dragged, owned by the timeline and shared by its rows: the
 * row whose technician is tech draws it as a ghost bar. */
typedef struct
{
  gboolean      active;
  char         *job;           /* the dragged job */
  char         *tech;          /* the row the ghost is over, NULL = none */
  gint64        start;
  guint         duration_min;
  OpsJobStatus  status;
  gboolean      conflict;      /* the job changed under the drag */
} OpsTimelineGhost;

#define OPS_TYPE_TIMELINE_ROW (ops_timeline_row_get_type ())
G_DECLARE_FINAL_TYPE (OpsTimelineRow, ops_timeline_row, OPS, TIMELINE_ROW, GtkWidget)

GtkWidget      *ops_timeline_row_new           (OpsTimeAxis            *axis);
void            ops_timeline_row_set_row       (OpsTimelineRow         *self,
                                                OpsDispatchRow         *row);
OpsDispatchRow *ops_timeline_row_get_row       (OpsTimelineRow         *self);
/* The selection whose job is outlined (may be NULL). */
void            ops_timeline_row_set_selection (OpsTimelineRow         *self,
                                                OpsDispatchSelection   *selection);
/* ghost is borrowed and must outlive the row; NULL for none. */
void            ops_timeline_row_set_ghost     (OpsTimelineRow         *self,
                                                const OpsTimelineGhost *ghost);
/* Index of the job drawn under (x, y) in row coordinates, or -1;
 * on_edge is set when x is on the bar's right edge (resize handle). */
int             ops_timeline_row_job_at        (OpsTimelineRow         *self,
                                                double                  x,
                                                double                  y,
                                                gboolean               *on_edge);
/* The bar of the i-th job in row coordinates; FALSE when unscheduled. */
gboolean        ops_timeline_row_get_job_rect  (OpsTimelineRow         *self,
                                                guint                   i,
                                                graphene_rect_t        *rect);

G_END_DECLS
