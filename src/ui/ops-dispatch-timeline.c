/* ops-dispatch-timeline.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The timeline widget: its construction, the board, axis and selection
 * wiring, the rows, scrolling and zooming.  The keyboard grammar is in
 * ops-dispatch-timeline-keys.c, dragging and dropping jobs in
 * ops-dispatch-timeline-drag.c.
 */

#define G_LOG_DOMAIN "ops-dispatch-timeline"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-dispatch-timeline-private.h"
#include "ops-timeline-ruler.h"

#define SCROLL_STEP_PX    40.0
#define NOW_REFRESH_S     30

G_DEFINE_FINAL_TYPE (OpsDispatchTimeline, ops_dispatch_timeline, GTK_TYPE_WIDGET)

enum {
  JOB_ACTIVATED,
  CANDIDATES_REQUESTED,
  CHANGE_FAILED,
  FILTER_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

void
_ops_dispatch_timeline_queue_draw_rows (OpsDispatchTimeline *self)
{
  for (guint i = 0; i < self->row_widgets->len; i++)
    gtk_widget_queue_draw (g_ptr_array_index (self->row_widgets, i));
}

void
_ops_dispatch_timeline_report (OpsDispatchTimeline *self,
                               GError              *error)
{
  g_debug ("Change refused: %s", error->message);
  g_signal_emit (self, signals[CHANGE_FAILED], 0, error);
}

const OpsDispatchTech *
_ops_dispatch_timeline_find_tech (OpsDispatchTimeline *self,
                                  const char          *tech)
{
  OpsDispatchRow *row;

  if (self->board == NULL || tech == NULL)
    return NULL;
  row = ops_dispatch_board_find_row (self->board, tech, NULL);
  return row != NULL ? ops_dispatch_row_get_tech (row) : NULL;
}

const OpsDispatchJob *
_ops_dispatch_timeline_selected_job (OpsDispatchTimeline *self)
{
  const char *name;

  if (self->selection == NULL || self->board == NULL)
    return NULL;
  name = ops_dispatch_selection_get_job (self->selection);
  return name != NULL ? ops_dispatch_board_find_job (self->board, name) : NULL;
}

const char *
_ops_dispatch_timeline_selected_tech (OpsDispatchTimeline *self)
{
  const OpsDispatchJob *job;
  const char *tech;

  if (self->selection == NULL)
    return NULL;
  tech = ops_dispatch_selection_get_technician (self->selection);
  if (tech != NULL)
    return tech;
  job = _ops_dispatch_timeline_selected_job (self);
  return job != NULL ? job->technician : NULL;
}

void
_ops_dispatch_timeline_select_job (OpsDispatchTimeline *self,
                                   const char          *job,
                                   const char          *tech)
{
  if (self->selection != NULL)
    ops_dispatch_selection_set (self->selection, job, tech);
}

gboolean
_ops_dispatch_timeline_find_position (OpsDispatchTimeline *self,
                                      const char          *tech,
                                      guint               *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (tech == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OpsDispatchRow) row = g_list_model_get_item (G_LIST_MODEL (self->filtered), i);

      if (g_strcmp0 (ops_dispatch_row_get_tech (row)->name, tech) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

void
_ops_dispatch_timeline_emit_job_activated (OpsDispatchTimeline *self,
                                           const char          *job)
{
  g_signal_emit (self, signals[JOB_ACTIVATED], 0, job);
}

void
_ops_dispatch_timeline_emit_candidates_requested (OpsDispatchTimeline *self,
                                                  const char          *job)
{
  g_signal_emit (self, signals[CANDIDATES_REQUESTED], 0, job);
}

void
_ops_dispatch_timeline_emit_filter_requested (OpsDispatchTimeline *self)
{
  g_signal_emit (self, signals[FILTER_REQUESTED], 0);
}

/* The days of the board's jobs, unless the page said which are loaded. */
static void
update_loaded_range (OpsDispatchTimeline *self)
{
  GPtrArray *jobs;
  gint64 lo = G_MAXINT64, hi = G_MININT64;

  if (self->loaded_explicit || self->board == NULL)
    return;
  jobs = ops_dispatch_board_get_jobs (self->board);
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);

      if (job->start == 0)
        continue;
      lo = MIN (lo, job->start);
      hi = MAX (hi, ops_dispatch_job_end (job));
    }
  if (lo > hi)
    {
      self->loaded_begin = self->loaded_end = 0;
      return;
    }
  {
    g_autoptr(GDateTime) first = g_date_time_new_from_unix_local (lo);
    g_autoptr(GDateTime) last = g_date_time_new_from_unix_local (hi);
    g_autoptr(GDateTime) first_day = g_date_time_new_local (g_date_time_get_year (first), g_date_time_get_month (first),
                                                            g_date_time_get_day_of_month (first), 0, 0, 0);
    g_autoptr(GDateTime) last_day = g_date_time_new_local (g_date_time_get_year (last), g_date_time_get_month (last),
                                                           g_date_time_get_day_of_month (last), 0, 0, 0);
    g_autoptr(GDateTime) after = g_date_time_add_days (last_day, 1);

    self->loaded_begin = g_date_time_to_unix (first_day);
    self->loaded_end = g_date_time_to_unix (after);
  }
}

static void
update_adjustment (OpsDispatchTimeline *self)
{
  gint64 begin = ops_time_axis_get_begin (self->axis);
  gint64 end = ops_time_axis_get_end (self->axis);
  double span = end - begin;
  double lower = begin, upper = end;

  if (self->loaded_end > self->loaded_begin)
    {
      lower = MIN (lower, (double)self->loaded_begin);
      upper = MAX (upper, (double)self->loaded_end);
    }
  self->updating_adjustment = TRUE;
  gtk_adjustment_configure (self->hadjustment, begin, lower, upper, span / 20, span * 0.9, span);
  self->updating_adjustment = FALSE;
}

static void
on_adjustment_value_changed (OpsDispatchTimeline *self)
{
  gint64 begin;

  if (self->updating_adjustment)
    return;
  begin = (gint64)gtk_adjustment_get_value (self->hadjustment);
  ops_time_axis_set_range (self->axis, begin, begin + ops_time_axis_get_span (self->axis));
}

static void
on_range_changed (OpsDispatchTimeline *self)
{
  update_adjustment (self);
}

/* Keeps the board current after our own write, so the next key builds on
 * what is in the store; the "dispatch" event reloads it again, cheaply. */
void
_ops_dispatch_timeline_reload_board (OpsDispatchTimeline *self)
{
  g_autoptr(GError) error = NULL;

  if (self->board != NULL && !ops_dispatch_board_reload (self->board, &error))
    g_debug ("Could not reload the dispatch board: %s", error->message);
}

gboolean
_ops_dispatch_timeline_apply_change (OpsDispatchTimeline *self,
                                     OpsDispatchChange   *change,
                                     GError             **error)
{
  g_autoptr(OpsDispatchChange) owned = change;

  if (owned == NULL)
    return TRUE;
  if (self->editor == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                           _("The dispatch board cannot save changes yet. Wait for it to finish loading and try again."));
      return FALSE;
    }
  if (!ops_dispatch_editor_apply (self->editor, owned, FALSE, error))
    return FALSE;
  _ops_dispatch_timeline_reload_board (self);
  return TRUE;
}

static void
ensure_time_visible (OpsDispatchTimeline *self,
                     gint64               start,
                     gint64               end)
{
  gint64 begin = ops_time_axis_get_begin (self->axis);
  gint64 view_end = ops_time_axis_get_end (self->axis);
  gint64 span = view_end - begin;
  gint64 margin = span / 10;

  if (start >= begin && end <= view_end)
    return;
  if (end - start > span - 2 * margin || start < begin)
    ops_time_axis_set_range (self->axis, start - margin, start - margin + span);
  else
    ops_time_axis_set_range (self->axis, end + margin - span, end + margin);
}

/*
 * Pointer: scrolling, zooming
 */

static void
on_motion (OpsDispatchTimeline *self,
           double               x,
           double               y)
{
  self->pointer_x = x;
  self->has_pointer = TRUE;
}

static void
on_leave (OpsDispatchTimeline *self)
{
  self->has_pointer = FALSE;
}

static gboolean
on_scroll (GtkEventControllerScroll *controller,
           double                    dx,
           double                    dy,
           OpsDispatchTimeline      *self)
{
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (controller));
  double scale = ops_time_axis_scale (self->axis);

  if (state & GDK_CONTROL_MASK)
    {
      double anchor = self->has_pointer ? self->pointer_x - OPS_TIMELINE_HEADER_WIDTH : ops_time_axis_get_width (self->axis) / 2;

      if (dy == 0)
        return FALSE;
      ops_time_axis_zoom (self->axis, pow (ZOOM_STEP, CLAMP (dy, -4, 4)),
                          CLAMP (anchor, 0, ops_time_axis_get_width (self->axis)));
      return TRUE;
    }
  if (state & GDK_SHIFT_MASK)
    {
      double d = dy != 0 ? dy : dx;

      ops_time_axis_scroll (self->axis, (gint64)(d * SCROLL_STEP_PX * scale));
      return TRUE;
    }
  if (fabs (dx) > fabs (dy))
    {
      ops_time_axis_scroll (self->axis, (gint64)(dx * SCROLL_STEP_PX * scale));
      return TRUE;
    }
  return FALSE;
}

static void
on_pinch_begin (GtkGesture          *gesture,
                GdkEventSequence    *sequence,
                OpsDispatchTimeline *self)
{
  double x, y;

  self->pinch_span = ops_time_axis_get_span (self->axis);
  if (gtk_gesture_get_bounding_box_center (gesture, &x, &y))
    self->pinch_anchor = CLAMP (x - OPS_TIMELINE_HEADER_WIDTH, 0, ops_time_axis_get_width (self->axis));
  else
    self->pinch_anchor = ops_time_axis_get_width (self->axis) / 2;
}

static void
on_pinch_scale_changed (GtkGestureZoom      *gesture,
                        double               scale,
                        OpsDispatchTimeline *self)
{
  double target;

  if (scale <= 0 || self->pinch_span <= 0)
    return;
  target = self->pinch_span / scale;
  ops_time_axis_zoom (self->axis, target / ops_time_axis_get_span (self->axis), self->pinch_anchor);
}

/*
 * The list
 */

static void
row_gone (gpointer  data,
          GObject  *where_the_object_was)
{
  OpsDispatchTimeline *self = data;

  g_ptr_array_remove_fast (self->row_widgets, where_the_object_was);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           OpsDispatchTimeline      *self)
{
  GtkWidget *row = ops_timeline_row_new (self->axis);

  ops_timeline_row_set_selection (OPS_TIMELINE_ROW (row), self->selection);
  ops_timeline_row_set_ghost (OPS_TIMELINE_ROW (row), &self->ghost);
  gtk_list_item_set_child (item, row);
  gtk_list_item_set_activatable (item, FALSE);
  gtk_list_item_set_selectable (item, FALSE);
  g_ptr_array_add (self->row_widgets, row);
  g_object_weak_ref (G_OBJECT (row), row_gone, self);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          OpsDispatchTimeline      *self)
{
  ops_timeline_row_set_row (OPS_TIMELINE_ROW (gtk_list_item_get_child (item)), gtk_list_item_get_item (item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            OpsDispatchTimeline      *self)
{
  ops_timeline_row_set_row (OPS_TIMELINE_ROW (gtk_list_item_get_child (item)), NULL);
}

static gboolean
contains_folded (const char *text,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (text == NULL)
    return FALSE;
  folded = g_utf8_casefold (text, -1);
  return strstr (folded, needle) != NULL;
}

static gboolean
filter_row (gpointer item,
            gpointer user_data)
{
  OpsDispatchTimeline *self = user_data;
  const OpsDispatchTech *tech;

  if (self->filter_text == NULL)
    return TRUE;
  tech = ops_dispatch_row_get_tech (item);
  if (contains_folded (tech->full_name, self->filter_text) || contains_folded (tech->name, self->filter_text))
    return TRUE;
  for (guint i = 0; tech->skills != NULL && tech->skills[i] != NULL; i++)
    if (contains_folded (tech->skills[i], self->filter_text))
      return TRUE;
  return FALSE;
}

static void
on_board_reloaded (OpsDispatchTimeline *self)
{
  update_loaded_range (self);
  update_adjustment (self);
  _ops_dispatch_timeline_update_drag_conflict (self);
}

static gboolean
refresh_now (gpointer user_data)
{
  OpsDispatchTimeline *self = user_data;

  gtk_widget_queue_draw (self->ruler);
  _ops_dispatch_timeline_queue_draw_rows (self);
  return G_SOURCE_CONTINUE;
}

/*
 * GtkWidget overrides
 */

static void
ops_dispatch_timeline_measure (GtkWidget      *widget,
                               GtkOrientation  orientation,
                               int             for_size,
                               int            *minimum,
                               int            *natural,
                               int            *minimum_baseline,
                               int            *natural_baseline)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);
  GtkWidget *children[] = { self->ruler, self->scroller, self->hscrollbar };

  *minimum = *natural = 0;
  for (guint i = 0; i < G_N_ELEMENTS (children); i++)
    {
      int min = 0, nat = 0;

      gtk_widget_measure (children[i], orientation, -1, &min, &nat, NULL, NULL);
      if (orientation == GTK_ORIENTATION_HORIZONTAL)
        {
          *minimum = MAX (*minimum, min);
          *natural = MAX (*natural, nat);
        }
      else
        {
          *minimum += min;
          *natural += nat;
        }
    }
}

static void
ops_dispatch_timeline_size_allocate (GtkWidget *widget,
                                     int        width,
                                     int        height,
                                     int        baseline)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (widget);
  int ruler_h = 0, bar_h = 0;

  gtk_widget_measure (self->ruler, GTK_ORIENTATION_VERTICAL, width, &ruler_h, NULL, NULL, NULL);
  gtk_widget_measure (self->hscrollbar, GTK_ORIENTATION_VERTICAL, width, &bar_h, NULL, NULL, NULL);

  ops_time_axis_set_width (self->axis, MAX (width - OPS_TIMELINE_HEADER_WIDTH, 1));
  update_adjustment (self);

  gtk_widget_size_allocate (self->ruler, &(GtkAllocation) { 0, 0, width, ruler_h }, -1);
  gtk_widget_size_allocate (self->scroller, &(GtkAllocation) { 0, ruler_h, width, MAX (height - ruler_h - bar_h, 0) }, -1);
  gtk_widget_size_allocate (self->hscrollbar,
                            &(GtkAllocation) { OPS_TIMELINE_HEADER_WIDTH, height - bar_h,
                                               MAX (width - OPS_TIMELINE_HEADER_WIDTH, 0), bar_h }, -1);
}

/*
 * GObject overrides
 */

static void
ops_dispatch_timeline_dispose (GObject *object)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (object);

  g_clear_handle_id (&self->now_timer, g_source_remove);
  g_clear_pointer (&self->ruler, gtk_widget_unparent);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->hscrollbar, gtk_widget_unparent);
  self->list = NULL;

  if (self->board != NULL)
    g_clear_signal_handler (&self->reloaded_handler, self->board);
  if (self->axis != NULL)
    g_clear_signal_handler (&self->range_handler, self->axis);
  g_clear_object (&self->board);
  g_clear_object (&self->selection);
  g_clear_object (&self->editor);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->axis);
  g_clear_pointer (&self->drag_job, ops_dispatch_job_free);
  g_clear_pointer (&self->drop_job, ops_dispatch_job_free);

  G_OBJECT_CLASS (ops_dispatch_timeline_parent_class)->dispose (object);
}

static void
ops_dispatch_timeline_finalize (GObject *object)
{
  OpsDispatchTimeline *self = OPS_DISPATCH_TIMELINE (object);

  for (guint i = 0; i < self->row_widgets->len; i++)
    g_object_weak_unref (g_ptr_array_index (self->row_widgets, i), row_gone, self);
  g_ptr_array_unref (self->row_widgets);
  g_free (self->filter_text);
  g_free (self->drag_origin);
  g_free (self->ghost.job);
  g_free (self->ghost.tech);
  g_free (self->last_press_job);

  G_OBJECT_CLASS (ops_dispatch_timeline_parent_class)->finalize (object);
}

static void
ops_dispatch_timeline_class_init (OpsDispatchTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_dispatch_timeline_dispose;
  object_class->finalize = ops_dispatch_timeline_finalize;
  widget_class->measure = ops_dispatch_timeline_measure;
  widget_class->size_allocate = ops_dispatch_timeline_size_allocate;

  signals[JOB_ACTIVATED] =
    g_signal_new ("job-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CANDIDATES_REQUESTED] =
    g_signal_new ("candidates-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CHANGE_FAILED] =
    g_signal_new ("change-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
  signals[FILTER_REQUESTED] =
    g_signal_new ("filter-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  _ops_dispatch_timeline_install_keys (widget_class);

  gtk_widget_class_set_css_name (widget_class, "dispatchtimeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ops_dispatch_timeline_init (OpsDispatchTimeline *self)
{
  GtkListItemFactory *factory;
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkNoSelection *model;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  self->row_widgets = g_ptr_array_new ();
  self->axis = ops_time_axis_new (now - 7 * 3600, now + 7 * 3600);
  ops_time_axis_show_day (self->axis, now);
  self->range_handler = g_signal_connect_swapped (self->axis, "range-changed", G_CALLBACK (on_range_changed), self);

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);

  self->ruler = ops_timeline_ruler_new (self->axis);
  gtk_widget_set_parent (self->ruler, GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (filter_row, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  model = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->filtered)));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  self->list = gtk_list_view_new (GTK_SELECTION_MODEL (model), factory);
  gtk_widget_add_css_class (self->list, "dispatch-rows");

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->list);
  /* Keys go to the timeline itself, not to the list's items. */
  gtk_widget_set_can_focus (self->scroller, FALSE);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->hadjustment = g_object_ref_sink (gtk_adjustment_new (0, 0, 1, 1, 1, 1));
  g_signal_connect_swapped (self->hadjustment, "value-changed", G_CALLBACK (on_adjustment_value_changed), self);
  self->hscrollbar = gtk_scrollbar_new (GTK_ORIENTATION_HORIZONTAL, self->hadjustment);
  gtk_widget_set_parent (self->hscrollbar, GTK_WIDGET (self));
  update_adjustment (self);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_event_controller_motion_new ();
  g_signal_connect_swapped (controller, "enter", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (controller, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect_swapped (controller, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  gesture = gtk_gesture_zoom_new ();
  g_signal_connect (gesture, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (gesture, "scale-changed", G_CALLBACK (on_pinch_scale_changed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (gesture));

  _ops_dispatch_timeline_init_drag (self);

  self->now_timer = g_timeout_add_seconds (NOW_REFRESH_S, refresh_now, self);
}

/*
 * Public API
 */

GtkWidget *
ops_dispatch_timeline_new (void)
{
  return g_object_new (OPS_TYPE_DISPATCH_TIMELINE, NULL);
}

void
ops_dispatch_timeline_set_board (OpsDispatchTimeline *self,
                                 OpsDispatchBoard    *board)
{
  g_return_if_fail (OPS_IS_DISPATCH_TIMELINE (self));
  g_return_if_fail (board == NULL || OPS_IS_DISPATCH_BOARD (board));

  if (self->board == board)
    return;
  _ops_dispatch_timeline_reset_drag (self);
  if (self->board != NULL)
    g_clear_signal_handler (&self->reloaded_handler, self->board);
  g_set_object (&self->board, board);
  if (board != NULL)
    self->reloaded_handler = g_signal_connect_swapped (board, "reloaded", G_CALLBACK (on_board_reloaded), self);
  gtk_filter_list_model_set_model (self->filtered, G_LIST_MODEL (board));
  update_loaded_range (self);
  update_adjustment (self);
}

void
ops_dispatch_timeline_set_selection (OpsDispatchTimeline  *self,
                                     OpsDispatchSelection *selection)
{
  g_return_if_fail (OPS_IS_DISPATCH_TIMELINE (self));
  g_return_if_fail (selection == NULL || OPS_IS_DISPATCH_SELECTION (selection));

  if (!g_set_object (&self->selection, selection))
    return;
  for (guint i = 0; i < self->row_widgets->len; i++)
    ops_timeline_row_set_selection (g_ptr_array_index (self->row_widgets, i), selection);
}

void
ops_dispatch_timeline_set_editor (OpsDispatchTimeline *self,
                                  OpsDispatchEditor   *editor)
{
  g_return_if_fail (OPS_IS_DISPATCH_TIMELINE (self));
  g_return_if_fail (editor == NULL || OPS_IS_DISPATCH_EDITOR (editor));

  g_set_object (&self->editor, editor);
}

OpsTimeAxis *
ops_dispatch_timeline_get_axis (OpsDispatchTimeline *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_TIMELINE (self), NULL);

  return self->axis;
}

void
ops_dispatch_timeline_set_filter (OpsDispatchTimeline *self,
                                  const char          *text)
{
  g_autofree char *stripped = NULL;
  char *folded = NULL;

  g_return_if_fail (OPS_IS_DISPATCH_TIMELINE (self));

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  if (*stripped)
    folded = g_utf8_casefold (stripped, -1);
  if (g_strcmp0 (folded, self->filter_text) == 0)
    {
      g_free (folded);
      return;
    }
  g_free (self->filter_text);
  self->filter_text = folded;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

void
ops_dispatch_timeline_reveal_selection (OpsDispatchTimeline *self)
{
  const OpsDispatchJob *job;
  guint position;

  g_return_if_fail (OPS_IS_DISPATCH_TIMELINE (self));

  job = _ops_dispatch_timeline_selected_job (self);
  if (job != NULL && job->start != 0)
    ensure_time_visible (self, job->start, ops_dispatch_job_end (job));
  if (_ops_dispatch_timeline_find_position (self, _ops_dispatch_timeline_selected_tech (self), &position))
    gtk_widget_activate_action (self->list, "list.scroll-to-item", "u", position);
}

void
ops_dispatch_timeline_set_loaded_range (OpsDispatchTimeline *self,
                                        gint64               begin,
                                        gint64               end)
{
  g_return_if_fail (OPS_IS_DISPATCH_TIMELINE (self));

  self->loaded_explicit = end > begin;
  self->loaded_begin = begin;
  self->loaded_end = end;
  if (!self->loaded_explicit)
    update_loaded_range (self);
  update_adjustment (self);
}
