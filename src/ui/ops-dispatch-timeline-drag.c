/* ops-dispatch-timeline-drag.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dragging jobs on the timeline along the axis, between rows and by their
 * right edge, the ghost that shows where they land, and the drop target for
 * jobs dragged in from the tray.
 */

#define G_LOG_DOMAIN "ops-dispatch-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-dispatch-timeline-private.h"
#include "ops-store-dispatch.h"

#define DRAG_THRESHOLD    4.0
#define DOUBLE_CLICK_US   (400 * 1000)

/*
 * Auxiliary methods
 */

/* The row widget under (x, y) in list coordinates, and the point in it. */
static OpsTimelineRow *
pick_row (OpsDispatchTimeline *self,
          double               x,
          double               y,
          double              *row_x,
          double              *row_y)
{
  GtkWidget *widget = gtk_widget_pick (self->list, x, y, GTK_PICK_DEFAULT);

  while (widget != NULL && widget != self->list && !OPS_IS_TIMELINE_ROW (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);

      /* Between rows, the list item itself may be picked. */
      if (child != NULL && OPS_IS_TIMELINE_ROW (child))
        widget = child;
      else
        widget = gtk_widget_get_parent (widget);
    }
  if (widget == NULL || !OPS_IS_TIMELINE_ROW (widget) || ops_timeline_row_get_row (OPS_TIMELINE_ROW (widget)) == NULL)
    return NULL;
  if (!gtk_widget_translate_coordinates (self->list, widget, x, y, row_x, row_y))
    return NULL;
  return OPS_TIMELINE_ROW (widget);
}

static gboolean
same_placement (const OpsDispatchJob *a,
                const OpsDispatchJob *b)
{
  return g_strcmp0 (a->technician, b->technician) == 0 &&
         a->start == b->start &&
         a->duration_min == b->duration_min &&
         a->status == b->status;
}

static void
clear_ghost (OpsDispatchTimeline *self)
{
  g_clear_pointer (&self->ghost.job, g_free);
  g_clear_pointer (&self->ghost.tech, g_free);
  self->ghost.active = FALSE;
  self->ghost.conflict = FALSE;
  _ops_dispatch_timeline_queue_draw_rows (self);
}

static void
set_ghost (OpsDispatchTimeline  *self,
           const OpsDispatchJob *job,
           const char           *tech,
           gint64                start,
           guint                 duration_min)
{
  if (g_strcmp0 (self->ghost.job, job->name) != 0)
    {
      g_free (self->ghost.job);
      self->ghost.job = g_strdup (job->name);
    }
  if (g_strcmp0 (self->ghost.tech, tech) != 0)
    {
      g_free (self->ghost.tech);
      self->ghost.tech = g_strdup (tech);
    }
  self->ghost.active = TRUE;
  self->ghost.start = start;
  self->ghost.duration_min = MAX (duration_min, 15);
  self->ghost.status = job->status == OPS_JOB_UNASSIGNED ? OPS_JOB_SCHEDULED : job->status;
  _ops_dispatch_timeline_queue_draw_rows (self);
}

void
_ops_dispatch_timeline_reset_drag (OpsDispatchTimeline *self)
{
  self->drag_mode = DRAG_NONE;
  g_clear_pointer (&self->drag_job, ops_dispatch_job_free);
  g_clear_pointer (&self->drag_origin, g_free);
  clear_ghost (self);
}

void
_ops_dispatch_timeline_update_drag_conflict (OpsDispatchTimeline *self)
{
  /* Someone else's change to the job being dragged shows on the ghost; the
   * drop then fails with WOULD_MERGE instead of overwriting it. */
  if (self->drag_job != NULL && self->drag_mode != DRAG_NONE)
    {
      const OpsDispatchJob *now = ops_dispatch_board_find_job (self->board, self->drag_job->name);
      gboolean conflict = now == NULL || !same_placement (now, self->drag_job);

      if (conflict != self->ghost.conflict)
        {
          self->ghost.conflict = conflict;
          _ops_dispatch_timeline_queue_draw_rows (self);
        }
    }
}

/*
 * Dragging jobs on the rows
 */

static void
on_drag_begin (GtkGestureDrag      *gesture,
               double               x,
               double               y,
               OpsDispatchTimeline *self)
{
  OpsTimelineRow *row_widget;
  const OpsDispatchJob *job;
  const char *tech;
  double rx, ry;
  gboolean edge;
  gint64 now = g_get_monotonic_time ();
  int i;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  _ops_dispatch_timeline_reset_drag (self);
  row_widget = pick_row (self, x, y, &rx, &ry);
  if (row_widget == NULL)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  tech = ops_dispatch_row_get_tech (ops_timeline_row_get_row (row_widget))->name;
  i = ops_timeline_row_job_at (row_widget, rx, ry, &edge);
  if (i < 0)
    {
      _ops_dispatch_timeline_select_job (self, NULL, tech);
      g_clear_pointer (&self->last_press_job, g_free);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }

  job = g_ptr_array_index (ops_dispatch_row_get_jobs (ops_timeline_row_get_row (row_widget)), i);
  if (self->last_press_job != NULL && g_str_equal (self->last_press_job, job->name) &&
      now - self->last_press_time < DOUBLE_CLICK_US)
    {
      g_autofree char *name = g_strdup (job->name);

      g_clear_pointer (&self->last_press_job, g_free);
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
      _ops_dispatch_timeline_emit_job_activated (self, name);
      return;
    }
  g_free (self->last_press_job);
  self->last_press_job = g_strdup (job->name);
  self->last_press_time = now;

  _ops_dispatch_timeline_select_job (self, job->name, tech);
  self->drag_job = ops_dispatch_job_copy (job);
  self->drag_origin = g_strdup (tech);
  self->drag_mode = DRAG_PENDING;
  self->drag_x = x;
  self->drag_y = y;
  self->ghost.active = FALSE;
  self->drag_offset = edge ? -1 : ops_time_axis_x_to_time (self->axis, rx - OPS_TIMELINE_HEADER_WIDTH) - job->start;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
on_drag_update (GtkGestureDrag      *gesture,
                double               offset_x,
                double               offset_y,
                OpsDispatchTimeline *self)
{
  OpsTimelineRow *row_widget;
  double sx = self->drag_x, sy = self->drag_y, rx, ry;
  const char *tech;

  if (self->drag_mode == DRAG_NONE || self->drag_job == NULL)
    return;
  if (self->drag_mode == DRAG_PENDING)
    {
      if (hypot (offset_x, offset_y) < DRAG_THRESHOLD)
        return;
      self->drag_mode = self->drag_offset < 0 ? DRAG_RESIZE : DRAG_MOVE;
    }

  row_widget = pick_row (self, sx + offset_x, sy + offset_y, &rx, &ry);
  if (row_widget == NULL)
    {
      rx = sx + offset_x;
      tech = self->ghost.tech != NULL ? self->ghost.tech : self->drag_origin;
    }
  else
    tech = ops_dispatch_row_get_tech (ops_timeline_row_get_row (row_widget))->name;

  if (self->drag_mode == DRAG_RESIZE)
    {
      gint64 end = ops_snap_time (ops_time_axis_x_to_time (self->axis, rx - OPS_TIMELINE_HEADER_WIDTH), OPS_SNAP_SECONDS);
      gint64 minutes = (end - self->drag_job->start) / 60;
      g_autofree char *origin = g_strdup (self->drag_origin);

      set_ghost (self, self->drag_job, origin, self->drag_job->start, (guint)CLAMP (minutes, 15, 24 * 60));
    }
  else
    {
      gint64 start = ops_time_axis_x_to_time (self->axis, rx - OPS_TIMELINE_HEADER_WIDTH) - self->drag_offset;
      g_autofree char *target = g_strdup (tech);

      set_ghost (self, self->drag_job, target, ops_snap_time (start, OPS_SNAP_SECONDS), self->drag_job->duration_min);
    }
}

static void
on_drag_end (GtkGestureDrag      *gesture,
             double               offset_x,
             double               offset_y,
             OpsDispatchTimeline *self)
{
  g_autoptr(GError) error = NULL;
  OpsDispatchChange *change = NULL;
  g_autofree char *job_name = NULL;
  g_autofree char *tech_name = NULL;

  if ((self->drag_mode != DRAG_MOVE && self->drag_mode != DRAG_RESIZE) || !self->ghost.active)
    {
      _ops_dispatch_timeline_reset_drag (self);
      return;
    }

  job_name = g_strdup (self->drag_job->name);
  tech_name = g_strdup (self->ghost.tech);
  if (self->drag_mode == DRAG_RESIZE)
    change = ops_dispatch_change_resize (self->drag_job, self->ghost.duration_min);
  else
    {
      const OpsDispatchTech *tech = _ops_dispatch_timeline_find_tech (self, self->ghost.tech);

      if (tech != NULL)
        change = ops_dispatch_change_assign (self->drag_job, tech, self->ghost.start);
    }
  /* Built from the job as it was when the drag began: if someone else moved
   * it since, the editor refuses (G_IO_ERROR_WOULD_MERGE). */
  _ops_dispatch_timeline_reset_drag (self);
  if (!_ops_dispatch_timeline_apply_change (self, change, &error))
    {
      _ops_dispatch_timeline_report (self, error);
      return;
    }
  _ops_dispatch_timeline_select_job (self, job_name, tech_name);
}

static void
on_drag_cancel (GtkGesture          *gesture,
                GdkEventSequence    *sequence,
                OpsDispatchTimeline *self)
{
  _ops_dispatch_timeline_reset_drag (self);
}

/*
 * Dropping jobs from elsewhere
 */

static const OpsDispatchJob *
lookup_drop_job (OpsDispatchTimeline *self,
                 const char          *value)
{
  const char *name;
  const OpsDispatchJob *job;
  OpsStore *store = NULL;

  if (value == NULL || !g_str_has_prefix (value, OPS_DISPATCH_DRAG_PREFIX))
    return NULL;
  name = value + strlen (OPS_DISPATCH_DRAG_PREFIX);
  if (self->drop_job != NULL && g_str_equal (self->drop_job->name, name))
    return self->drop_job;
  g_clear_pointer (&self->drop_job, ops_dispatch_job_free);
  job = self->board != NULL ? ops_dispatch_board_find_job (self->board, name) : NULL;
  if (job != NULL)
    self->drop_job = ops_dispatch_job_copy (job);
  else
    {
      if (self->board != NULL)
        store = ops_dispatch_board_get_store (self->board);
      if (store == NULL && self->editor != NULL)
        store = ops_dispatch_editor_get_store (self->editor);
      if (store != NULL)
        self->drop_job = ops_store_get_job (store, name, NULL);
    }
  return self->drop_job;
}

static GdkDragAction
on_drop_motion (GtkDropTarget       *target,
                double               x,
                double               y,
                OpsDispatchTimeline *self)
{
  const GValue *value = gtk_drop_target_get_value (target);
  const OpsDispatchJob *job;
  OpsTimelineRow *row_widget;
  double rx, ry;

  if (value == NULL || !G_VALUE_HOLDS_STRING (value))
    return GDK_ACTION_COPY;
  job = lookup_drop_job (self, g_value_get_string (value));
  row_widget = pick_row (self, x, y, &rx, &ry);
  if (job == NULL || row_widget == NULL)
    {
      clear_ghost (self);
      return job != NULL ? GDK_ACTION_COPY : 0;
    }
  set_ghost (self, job, ops_dispatch_row_get_tech (ops_timeline_row_get_row (row_widget))->name,
             ops_snap_time (ops_time_axis_x_to_time (self->axis, rx - OPS_TIMELINE_HEADER_WIDTH), OPS_SNAP_SECONDS),
             job->duration_min);
  return GDK_ACTION_COPY;
}

static void
on_drop_leave (GtkDropTarget       *target,
               OpsDispatchTimeline *self)
{
  if (self->drag_mode == DRAG_NONE)
    clear_ghost (self);
}

static gboolean
on_drop (GtkDropTarget       *target,
         const GValue        *value,
         double               x,
         double               y,
         OpsDispatchTimeline *self)
{
  const char *text = G_VALUE_HOLDS_STRING (value) ? g_value_get_string (value) : NULL;
  g_autoptr(GError) error = NULL;
  OpsTimelineRow *row_widget;
  double rx, ry;
  gboolean ok;

  clear_ghost (self);
  g_clear_pointer (&self->drop_job, ops_dispatch_job_free);
  if (text == NULL || !g_str_has_prefix (text, OPS_DISPATCH_DRAG_PREFIX))
    return FALSE;
  row_widget = pick_row (self, x, y, &rx, &ry);
  if (row_widget == NULL)
    return FALSE;
  ok = ops_dispatch_timeline_drop_job (self, text + strlen (OPS_DISPATCH_DRAG_PREFIX),
                                       ops_dispatch_row_get_tech (ops_timeline_row_get_row (row_widget))->name,
                                       ops_time_axis_x_to_time (self->axis, rx - OPS_TIMELINE_HEADER_WIDTH),
                                       &error);
  if (!ok)
    _ops_dispatch_timeline_report (self, error);
  return ok;
}

void
_ops_dispatch_timeline_init_drag (OpsDispatchTimeline *self)
{
  GtkGesture *gesture;
  GtkDropTarget *drop;

  gesture = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect (gesture, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (gesture, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (gesture, "drag-end", G_CALLBACK (on_drag_end), self);
  g_signal_connect (gesture, "cancel", G_CALLBACK (on_drag_cancel), self);
  gtk_widget_add_controller (self->list, GTK_EVENT_CONTROLLER (gesture));

  drop = gtk_drop_target_new (G_TYPE_STRING, GDK_ACTION_COPY | GDK_ACTION_MOVE);
  gtk_drop_target_set_preload (drop, TRUE);
  g_signal_connect (drop, "motion", G_CALLBACK (on_drop_motion), self);
  g_signal_connect (drop, "leave", G_CALLBACK (on_drop_leave), self);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (self->list, GTK_EVENT_CONTROLLER (drop));
}

/*
 * Public API
 */

gboolean
ops_dispatch_timeline_drop_job (OpsDispatchTimeline  *self,
                                const char           *job,
                                const char           *tech,
                                gint64                start,
                                GError              **error)
{
  g_autoptr(OpsDispatchJob) loaded = NULL;
  const OpsDispatchJob *found;
  const OpsDispatchTech *target;
  OpsStore *store = NULL;

  g_return_val_if_fail (OPS_IS_DISPATCH_TIMELINE (self), FALSE);
  g_return_val_if_fail (job != NULL, FALSE);
  g_return_val_if_fail (tech != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  target = _ops_dispatch_timeline_find_tech (self, tech);
  if (target == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("Technician %s is not on the dispatch board. Reload the board and try again."), tech);
      return FALSE;
    }

  /* A job on the board is taken as shown, so a change made meanwhile by
   * someone else is refused rather than overwritten; a tray job is read. */
  found = ops_dispatch_board_find_job (self->board, job);
  if (found == NULL)
    {
      store = ops_dispatch_board_get_store (self->board);
      if (store == NULL && self->editor != NULL)
        store = ops_dispatch_editor_get_store (self->editor);
      if (store == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       _("Job %s is not on the dispatch board. Reload the board and try again."), job);
          return FALSE;
        }
      loaded = ops_store_get_job (store, job, error);
      if (loaded == NULL)
        return FALSE;
      found = loaded;
    }

  if (!_ops_dispatch_timeline_apply_change (self, ops_dispatch_change_assign (found, target, ops_snap_time (start, OPS_SNAP_SECONDS)), error))
    return FALSE;
  _ops_dispatch_timeline_select_job (self, job, tech);
  return TRUE;
}

