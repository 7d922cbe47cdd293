/* ops-dispatch-timeline-keys.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline's keyboard grammar, as timeline.* actions and their key
 * bindings: arrows move the selection between jobs and rows, Enter opens,
 * A asks for candidates, [ and ] nudge, Shift+Up/Down move the job to the
 * technician above/below, Delete unassigns, Ctrl+Z undoes, + and - zoom,
 * T shows today, Page Up/Down change day, / asks for the filter.
 */

#define G_LOG_DOMAIN "ops-dispatch-timeline"

#include "config.h"

#include "ops-dispatch-timeline-private.h"

static OpsDispatchRow *
row_at (OpsDispatchTimeline *self,
        guint                position)
{
  return g_list_model_get_item (G_LIST_MODEL (self->filtered), position);
}

static void
apply_or_report (OpsDispatchTimeline *self,
                 OpsDispatchChange   *change)
{
  g_autoptr(GError) error = NULL;

  if (!_ops_dispatch_timeline_apply_change (self, change, &error))
    _ops_dispatch_timeline_report (self, error);
}

static void
select_horizontal (OpsDispatchTimeline *self,
                   int                  direction)
{
  const OpsDispatchJob *current = _ops_dispatch_timeline_selected_job (self);
  const char *tech = _ops_dispatch_timeline_selected_tech (self);
  OpsDispatchRow *row = NULL;
  GPtrArray *jobs;
  int i = -1;

  if (self->board == NULL)
    return;
  if (tech == NULL)
    {
      g_autoptr(OpsDispatchRow) first = NULL;

      if (g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0)
        return;
      first = row_at (self, 0);
      tech = ops_dispatch_row_get_tech (first)->name;
    }
  row = ops_dispatch_board_find_row (self->board, tech, NULL);
  if (row == NULL)
    return;
  jobs = ops_dispatch_row_get_jobs (row);
  if (jobs == NULL || jobs->len == 0)
    return;

  if (current != NULL)
    i = ops_dispatch_row_find_job (row, current->name);
  if (i >= 0)
    i += direction;
  else if (direction > 0)
    i = ops_dispatch_row_find_first (row, ops_time_axis_get_begin (self->axis));
  else
    {
      /* The last job starting in view. */
      gint64 end = ops_time_axis_get_end (self->axis);

      for (i = jobs->len - 1; i >= 0; i--)
        if (((OpsDispatchJob *)g_ptr_array_index (jobs, i))->start < end)
          break;
    }
  while (i >= 0 && i < (int)jobs->len && ((OpsDispatchJob *)g_ptr_array_index (jobs, i))->start == 0)
    i += direction > 0 ? 1 : -1;
  if (i < 0 || i >= (int)jobs->len)
    return;

  _ops_dispatch_timeline_select_job (self, ((OpsDispatchJob *)g_ptr_array_index (jobs, i))->name, tech);
  ops_dispatch_timeline_reveal_selection (self);
}

static void
select_vertical (OpsDispatchTimeline *self,
                 int                  direction)
{
  const OpsDispatchJob *current = _ops_dispatch_timeline_selected_job (self);
  const char *tech = _ops_dispatch_timeline_selected_tech (self);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  g_autoptr(OpsDispatchRow) row = NULL;
  const OpsDispatchJob *best = NULL;
  GPtrArray *jobs;
  guint position;
  gint64 reference, best_distance = G_MAXINT64;
  int target;

  if (n == 0)
    return;
  if (!_ops_dispatch_timeline_find_position (self, tech, &position))
    target = direction > 0 ? 0 : (int)n - 1;
  else
    target = (int)position + direction;
  if (target < 0 || target >= (int)n)
    return;

  reference = current != NULL && current->start > 0
    ? current->start
    : (ops_time_axis_get_begin (self->axis) + ops_time_axis_get_end (self->axis)) / 2;
  row = row_at (self, target);
  jobs = ops_dispatch_row_get_jobs (row);
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);
      gint64 distance;

      if (job->start == 0)
        continue;
      distance = ABS (job->start - reference);
      if (distance < best_distance)
        {
          best = job;
          best_distance = distance;
        }
    }
  _ops_dispatch_timeline_select_job (self, best != NULL ? best->name : NULL, ops_dispatch_row_get_tech (row)->name);
  ops_dispatch_timeline_reveal_selection (self);
}

static void
nudge (OpsDispatchTimeline *self,
       gint64               seconds)
{
  const OpsDispatchJob *job = _ops_dispatch_timeline_selected_job (self);
  const OpsDispatchTech *tech;

  if (job == NULL || job->start == 0)
    return;
  tech = _ops_dispatch_timeline_find_tech (self, job->technician);
  if (tech == NULL)
    return;
  apply_or_report (self, ops_dispatch_change_assign (job, tech, job->start + seconds));
  ops_dispatch_timeline_reveal_selection (self);
}

static void
move_vertical (OpsDispatchTimeline *self,
               int                  direction)
{
  const OpsDispatchJob *job = _ops_dispatch_timeline_selected_job (self);
  g_autoptr(OpsDispatchRow) row = NULL;
  g_autofree char *job_name = NULL;
  g_autofree char *target_name = NULL;
  g_autoptr(GError) error = NULL;
  guint position, n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  int target;

  if (job == NULL || !_ops_dispatch_timeline_find_position (self, _ops_dispatch_timeline_selected_tech (self), &position))
    return;
  target = (int)position + direction;
  if (target < 0 || target >= (int)n)
    return;
  row = row_at (self, target);
  job_name = g_strdup (job->name);
  target_name = g_strdup (ops_dispatch_row_get_tech (row)->name);
  if (!_ops_dispatch_timeline_apply_change (self, ops_dispatch_change_assign (job, ops_dispatch_row_get_tech (row), job->start), &error))
    {
      _ops_dispatch_timeline_report (self, error);
      return;
    }
  _ops_dispatch_timeline_select_job (self, job_name, target_name);
  ops_dispatch_timeline_reveal_selection (self);
}

static void
zoom_in_cb (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);
  double anchor = self->has_pointer ? self->pointer_x - OPS_TIMELINE_HEADER_WIDTH : ops_time_axis_get_width (self->axis) / 2;

  ops_time_axis_zoom (self->axis, 1 / ZOOM_STEP, CLAMP (anchor, 0, ops_time_axis_get_width (self->axis)));
}

static void
zoom_out_cb (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);
  double anchor = self->has_pointer ? self->pointer_x - OPS_TIMELINE_HEADER_WIDTH : ops_time_axis_get_width (self->axis) / 2;

  ops_time_axis_zoom (self->axis, ZOOM_STEP, CLAMP (anchor, 0, ops_time_axis_get_width (self->axis)));
}

static void
today_cb (GtkWidget  *widget,
          const char *action,
          GVariant   *param)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);

  ops_time_axis_show_day (self->axis, g_get_real_time () / G_USEC_PER_SEC);
}

static void
day_cb (GtkWidget  *widget,
        const char *action,
        GVariant   *param)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);

  ops_time_axis_scroll (self->axis, g_str_equal (action, "timeline.next-day") ? 24 * 3600 : -24 * 3600);
}

static void
filter_cb (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  _ops_dispatch_timeline_emit_filter_requested (OPS_DISPATCH_TIMELINE (widget));
}

static void
select_cb (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);

  if (g_str_equal (action, "timeline.select-previous"))
    select_horizontal (self, -1);
  else if (g_str_equal (action, "timeline.select-next"))
    select_horizontal (self, 1);
  else if (g_str_equal (action, "timeline.select-up"))
    select_vertical (self, -1);
  else
    select_vertical (self, 1);
}

static void
activate_cb (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);
  const char *job = self->selection ? ops_dispatch_selection_get_job (self->selection) : NULL;
  g_autofree char *name = g_strdup (job);

  if (name == NULL)
    return;
  if (g_str_equal (action, "timeline.candidates"))
    _ops_dispatch_timeline_emit_candidates_requested (self, name);
  else
    _ops_dispatch_timeline_emit_job_activated (self, name);
}

static void
nudge_cb (GtkWidget  *widget,
          const char *action,
          GVariant   *param)
{
  nudge (OPS_DISPATCH_TIMELINE (widget), g_str_equal (action, "timeline.nudge-later") ? OPS_SNAP_SECONDS : -OPS_SNAP_SECONDS);
}

static void
move_cb (GtkWidget  *widget,
         const char *action,
         GVariant   *param)
{
  move_vertical (OPS_DISPATCH_TIMELINE (widget), g_str_equal (action, "timeline.move-down") ? 1 : -1);
}

static void
unassign_cb (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);
  const OpsDispatchJob *job = _ops_dispatch_timeline_selected_job (self);
  g_autofree char *name = NULL;
  g_autoptr(GError) error = NULL;

  if (job == NULL || job->technician == NULL)
    return;
  name = g_strdup (job->name);
  if (!_ops_dispatch_timeline_apply_change (self, ops_dispatch_change_assign (job, NULL, 0), &error))
    {
      _ops_dispatch_timeline_report (self, error);
      return;
    }
  _ops_dispatch_timeline_select_job (self, name, NULL);
}

static void
undo_cb (GtkWidget  *widget,
         const char *action,
         GVariant   *param)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->editor == NULL)
    return;
  if (g_str_equal (action, "timeline.undo"))
    ok = !ops_dispatch_editor_can_undo (self->editor) || ops_dispatch_editor_undo (self->editor, &error);
  else
    ok = !ops_dispatch_editor_can_redo (self->editor) || ops_dispatch_editor_redo (self->editor, &error);
  if (!ok)
    _ops_dispatch_timeline_report (self, error);
  _ops_dispatch_timeline_reload_board (self);
}

static void
add_binding (GtkWidgetClass  *widget_class,
             guint            keyval,
             GdkModifierType  mods,
             const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, mods, action, NULL);
}

void
_ops_dispatch_timeline_install_keys (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "timeline.zoom-in", NULL, zoom_in_cb);
  gtk_widget_class_install_action (widget_class, "timeline.zoom-out", NULL, zoom_out_cb);
  gtk_widget_class_install_action (widget_class, "timeline.today", NULL, today_cb);
  gtk_widget_class_install_action (widget_class, "timeline.previous-day", NULL, day_cb);
  gtk_widget_class_install_action (widget_class, "timeline.next-day", NULL, day_cb);
  gtk_widget_class_install_action (widget_class, "timeline.filter", NULL, filter_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-previous", NULL, select_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-next", NULL, select_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-up", NULL, select_cb);
  gtk_widget_class_install_action (widget_class, "timeline.select-down", NULL, select_cb);
  gtk_widget_class_install_action (widget_class, "timeline.activate", NULL, activate_cb);
  gtk_widget_class_install_action (widget_class, "timeline.candidates", NULL, activate_cb);
  gtk_widget_class_install_action (widget_class, "timeline.nudge-earlier", NULL, nudge_cb);
  gtk_widget_class_install_action (widget_class, "timeline.nudge-later", NULL, nudge_cb);
  gtk_widget_class_install_action (widget_class, "timeline.move-up", NULL, move_cb);
  gtk_widget_class_install_action (widget_class, "timeline.move-down", NULL, move_cb);
  gtk_widget_class_install_action (widget_class, "timeline.unassign", NULL, unassign_cb);
  gtk_widget_class_install_action (widget_class, "timeline.undo", NULL, undo_cb);
  gtk_widget_class_install_action (widget_class, "timeline.redo", NULL, undo_cb);

  add_binding (widget_class, GDK_KEY_plus, 0, "timeline.zoom-in");
  add_binding (widget_class, GDK_KEY_equal, 0, "timeline.zoom-in");
  add_binding (widget_class, GDK_KEY_KP_Add, 0, "timeline.zoom-in");
  add_binding (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "timeline.zoom-in");
  add_binding (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "timeline.zoom-in");
  add_binding (widget_class, GDK_KEY_minus, 0, "timeline.zoom-out");
  add_binding (widget_class, GDK_KEY_KP_Subtract, 0, "timeline.zoom-out");
  add_binding (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "timeline.zoom-out");
  add_binding (widget_class, GDK_KEY_t, 0, "timeline.today");
  add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "timeline.previous-day");
  add_binding (widget_class, GDK_KEY_Right, GDK_ALT_MASK, "timeline.next-day");
  add_binding (widget_class, GDK_KEY_Page_Up, 0, "timeline.previous-day");
  add_binding (widget_class, GDK_KEY_Page_Down, 0, "timeline.next-day");
  add_binding (widget_class, GDK_KEY_slash, 0, "timeline.filter");
  add_binding (widget_class, GDK_KEY_KP_Divide, 0, "timeline.filter");
  add_binding (widget_class, GDK_KEY_Left, 0, "timeline.select-previous");
  add_binding (widget_class, GDK_KEY_KP_Left, 0, "timeline.select-previous");
  add_binding (widget_class, GDK_KEY_Right, 0, "timeline.select-next");
  add_binding (widget_class, GDK_KEY_KP_Right, 0, "timeline.select-next");
  add_binding (widget_class, GDK_KEY_Up, 0, "timeline.select-up");
  add_binding (widget_class, GDK_KEY_KP_Up, 0, "timeline.select-up");
  add_binding (widget_class, GDK_KEY_Down, 0, "timeline.select-down");
  add_binding (widget_class, GDK_KEY_KP_Down, 0, "timeline.select-down");
  add_binding (widget_class, GDK_KEY_Return, 0, "timeline.activate");
  add_binding (widget_class, GDK_KEY_KP_Enter, 0, "timeline.activate");
  add_binding (widget_class, GDK_KEY_a, 0, "timeline.candidates");
  add_binding (widget_class, GDK_KEY_bracketleft, 0, "timeline.nudge-earlier");
  add_binding (widget_class, GDK_KEY_bracketright, 0, "timeline.nudge-later");
  add_binding (widget_class, GDK_KEY_Up, GDK_SHIFT_MASK, "timeline.move-up");
  add_binding (widget_class, GDK_KEY_Down, GDK_SHIFT_MASK, "timeline.move-down");
  add_binding (widget_class, GDK_KEY_Delete, 0, "timeline.unassign");
  add_binding (widget_class, GDK_KEY_KP_Delete, 0, "timeline.unassign");
  add_binding (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "timeline.undo");
  add_binding (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "timeline.redo");
}
