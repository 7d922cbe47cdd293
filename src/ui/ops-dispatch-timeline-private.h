/* ops-dispatch-timeline-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the timeline (ops-dispatch-timeline.c), its keyboard
 * grammar (ops-dispatch-timeline-keys.c) and its dragging and dropping
 * (ops-dispatch-timeline-drag.c).
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-dispatch-timeline.h"
#include "ops-timeline-row.h"

G_BEGIN_DECLS

/* The zoom factor of one step of the keys or the wheel. */
#define ZOOM_STEP         1.25

typedef enum
{
  DRAG_NONE,
  DRAG_PENDING,
  DRAG_MOVE,
  DRAG_RESIZE,
} DragMode;

struct _OpsDispatchTimeline
{
  GtkWidget             parent_instance;

  OpsTimeAxis          *axis;
  OpsDispatchBoard     *board;
  OpsDispatchSelection *selection;
  OpsDispatchEditor    *editor;

  GtkWidget            *ruler;
  GtkWidget            *scroller;
  GtkWidget            *list;
  GtkWidget            *hscrollbar;
  GtkAdjustment        *hadjustment;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  char                 *filter_text;     /* casefolded, NULL = all */
  GPtrArray            *row_widgets;     /* OpsTimelineRow made by the factory, weak */

  gulong                reloaded_handler;
  gulong                range_handler;
  gint64                loaded_begin;
  gint64                loaded_end;
  gboolean              loaded_explicit;
  gboolean              updating_adjustment;

  double                pointer_x;
  gboolean              has_pointer;
  gint64                pinch_span;
  double                pinch_anchor;

  /* A job dragged on the rows. */
  DragMode              drag_mode;
  OpsDispatchJob       *drag_job;        /* as it was when the drag began */
  gint64                drag_offset;     /* pointer time - job start */
  char                 *drag_origin;     /* technician of the row it started on */
  double                drag_x;          /* where it started, list coordinates */
  double                drag_y;
  OpsTimelineGhost      ghost;
  gint64                last_press_time;
  char                 *last_press_job;

  /* A job dragged in from elsewhere (the tray). */
  OpsDispatchJob       *drop_job;

  guint                 now_timer;
};

/* ops-dispatch-timeline.c */
void                   _ops_dispatch_timeline_queue_draw_rows           (OpsDispatchTimeline  *self);
/* Emits "change-failed". */
void                   _ops_dispatch_timeline_report                    (OpsDispatchTimeline  *self,
                                                                         GError               *error);
void                   _ops_dispatch_timeline_emit_job_activated        (OpsDispatchTimeline  *self,
                                                                         const char           *job);
void                   _ops_dispatch_timeline_emit_candidates_requested (OpsDispatchTimeline  *self,
                                                                         const char           *job);
void                   _ops_dispatch_timeline_emit_filter_requested     (OpsDispatchTimeline  *self);
const OpsDispatchTech *_ops_dispatch_timeline_find_tech                 (OpsDispatchTimeline  *self,
                                                                         const char           *tech);
const OpsDispatchJob  *_ops_dispatch_timeline_selected_job              (OpsDispatchTimeline  *self);
/* The technician whose row holds the selection. */
const char            *_ops_dispatch_timeline_selected_tech             (OpsDispatchTimeline  *self);
void                   _ops_dispatch_timeline_select_job                (OpsDispatchTimeline  *self,
                                                                         const char           *job,
                                                                         const char           *tech);
/* Position of tech's row in the filtered list. */
gboolean               _ops_dispatch_timeline_find_position             (OpsDispatchTimeline  *self,
                                                                         const char           *tech,
                                                                         guint                *position);
void                   _ops_dispatch_timeline_reload_board              (OpsDispatchTimeline  *self);
/* Applies change (taken) through the editor, then reloads the board. */
gboolean               _ops_dispatch_timeline_apply_change              (OpsDispatchTimeline  *self,
                                                                         OpsDispatchChange    *change,
                                                                         GError              **error);

/* ops-dispatch-timeline-keys.c: installs the timeline.* actions and their
 * key bindings; called by class_init. */
void                   _ops_dispatch_timeline_install_keys              (GtkWidgetClass       *widget_class);

/* ops-dispatch-timeline-drag.c */
/* Adds the drag gesture and the drop target to the list. */
void                   _ops_dispatch_timeline_init_drag                 (OpsDispatchTimeline  *self);
void                   _ops_dispatch_timeline_reset_drag                (OpsDispatchTimeline  *self);
/* After a board reload: marks the ghost if the dragged job has changed. */
void                   _ops_dispatch_timeline_update_drag_conflict      (OpsDispatchTimeline  *self);

G_END_DECLS
