/* test-dispatch-timeline.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch timeline on a demo workspace: a tray job dropped onto a
 * technician (store row and outbox row), the keyboard grammar through the
 * widget's own key bindings, undo, the selection across a reload, a drag
 * whose job another dispatcher moves meanwhile, zoom and the filter.
 * Runs under Xvfb with G_DEBUG=fatal-criticals.
 */

#define G_LOG_DOMAIN "test-dispatch-timeline"

#include "config.h"

#include "ops-test-ui.h"

#include <locale.h>

#include "ops-dispatch-board.h"
#include "ops-dispatch-editor.h"
#include "ops-dispatch-selection.h"
#include "ops-dispatch-timeline.h"
#include "ops-outbox.h"
#include "ops-store-dispatch.h"
#include "ops-timeline-row.h"
#include "ops-workspace.h"

typedef struct
{
  OpsConfig            *config;
  OpsStore             *store;
  OpsServiceLayer      *services;
  OpsDispatchEditor    *editor;
  OpsDispatchBoard     *board;
  OpsDispatchSelection *selection;
  GtkWindow            *window;
  OpsDispatchTimeline  *timeline;
  GPtrArray            *failures;   /* GError */
  gint64                today;      /* local midnight */
} Fixture;

/*
 * Helpers
 */

static void
on_change_failed (OpsDispatchTimeline *timeline,
                  const GError        *error,
                  Fixture             *fixture)
{
  g_ptr_array_add (fixture->failures, g_error_copy (error));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "dispatch.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *today = ops_dispatch_day_of (now);
  g_autofree char *from = ops_dispatch_day_of (now - 24 * 3600);
  g_autofree char *to = ops_dispatch_day_of (now + 36 * 3600);

  fixture->failures = g_ptr_array_new_with_free_func ((GDestroyNotify)g_error_free);
  fixture->config = ops_config_new ();
  fixture->store = ops_workspace_open (fixture->config, path, TRUE, &error);
  g_assert_no_error (error);
  fixture->services = ops_service_layer_new (fixture->config, fixture->store, TRUE, &error);
  g_assert_no_error (error);
  fixture->editor = ops_dispatch_editor_new (fixture->services);
  fixture->board = ops_dispatch_board_new (fixture->store);
  g_assert_true (ops_dispatch_board_load (fixture->board, from, to, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->board)), ==, 14);
  fixture->selection = ops_dispatch_selection_new ();
  fixture->today = ops_dispatch_day_start (today);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1400, 900);
  fixture->timeline = OPS_DISPATCH_TIMELINE (ops_dispatch_timeline_new ());
  ops_dispatch_timeline_set_board (fixture->timeline, fixture->board);
  ops_dispatch_timeline_set_selection (fixture->timeline, fixture->selection);
  ops_dispatch_timeline_set_editor (fixture->timeline, fixture->editor);
  g_signal_connect (fixture->timeline, "change-failed", G_CALLBACK (on_change_failed), fixture);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->timeline));
  gtk_window_present (fixture->window);
  gtk_widget_grab_focus (GTK_WIDGET (fixture->timeline));
  ops_test_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  ops_test_drain ();
  g_clear_object (&fixture->selection);
  g_clear_object (&fixture->board);
  g_clear_object (&fixture->editor);
  g_clear_object (&fixture->services);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->config);
  g_ptr_array_unref (fixture->failures);
}

/* Runs the action the widget binds to keyval + mods, as a key press
 * would: fails when nothing is bound to that key. */
static void
press (GtkWidget       *widget,
       guint            keyval,
       GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  guint n = g_list_model_get_n_items (controllers);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      guint m;

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      m = g_list_model_get_n_items (G_LIST_MODEL (controller));
      for (guint j = 0; j < m; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) || !GTK_IS_NAMED_ACTION (action))
            continue;
          if (gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) != keyval ||
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) != mods)
            continue;
          g_assert_true (gtk_widget_activate_action (widget, gtk_named_action_get_action_name (GTK_NAMED_ACTION (action)), NULL));
          ops_test_drain ();
          return;
        }
    }
  g_error ("Nothing is bound to %s", gdk_keyval_name (keyval));
}

static OpsDispatchJob *
read_job (Fixture    *fixture,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  OpsDispatchJob *job = ops_store_get_job (fixture->store, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (job);
  return job;
}

static guint
count_outbox (Fixture    *fixture,
              const char *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ops_outbox_list (fixture->store, "Dispatch Job", job, &error);

  g_assert_no_error (error);
  return rows->len;
}

/* A job of today, Scheduled, on a technician that has a row below it. */
static const OpsDispatchJob *
pick_scheduled_job (Fixture *fixture,
                    char   **next_tech)
{
  GPtrArray *jobs = ops_dispatch_board_get_jobs (fixture->board);

  for (guint i = 0; i < jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);
      guint position;
      g_autoptr(OpsDispatchRow) next = NULL;

      if (job->status != OPS_JOB_SCHEDULED || job->start < fixture->today ||
          job->start >= fixture->today + 24 * 3600 || job->technician == NULL || job->assistants[0] != NULL)
        continue;
      if (ops_dispatch_board_find_row (fixture->board, job->technician, &position) == NULL ||
          position + 1 >= g_list_model_get_n_items (G_LIST_MODEL (fixture->board)))
        continue;
      next = g_list_model_get_item (G_LIST_MODEL (fixture->board), position + 1);
      *next_tech = g_strdup (ops_dispatch_row_get_tech (next)->name);
      return job;
    }
  g_assert_not_reached ();
  return NULL;
}

static OpsTimelineRow *
find_row_widget (GtkWidget  *widget,
                 const char *tech)
{
  if (OPS_IS_TIMELINE_ROW (widget))
    {
      OpsDispatchRow *row = ops_timeline_row_get_row (OPS_TIMELINE_ROW (widget));

      return row != NULL && g_strcmp0 (ops_dispatch_row_get_tech (row)->name, tech) == 0
        ? OPS_TIMELINE_ROW (widget) : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      OpsTimelineRow *found = find_row_widget (child, tech);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkGesture *
find_drag_gesture (GtkWidget *list)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        return GTK_GESTURE (controller);
    }
  return NULL;
}

static guint
count_bound_rows (GtkWidget *widget)
{
  guint n = 0;

  if (OPS_IS_TIMELINE_ROW (widget))
    return ops_timeline_row_get_row (OPS_TIMELINE_ROW (widget)) != NULL && gtk_widget_get_mapped (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_bound_rows (child);
  return n;
}

/*
 * Tests
 */

static void
test_drop_tray_job (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) before = read_job (fixture, "DJ-00054");
  g_autoptr(OpsDispatchJob) after = NULL;
  g_autofree char *today = ops_dispatch_day_of (fixture->today + 12 * 3600);
  gint64 at = fixture->today + 10 * 3600 + 7 * 60;
  gint64 ten = fixture->today + 10 * 3600;

  g_assert_null (before->technician);
  g_assert_cmpuint (count_outbox (fixture, "DJ-00054"), ==, 0);
  g_assert_null (ops_dispatch_board_find_job (fixture->board, "DJ-00054"));

  g_assert_true (ops_dispatch_timeline_drop_job (fixture->timeline, "DJ-00054", "TECH-01", at, &error));
  g_assert_no_error (error);
  ops_test_drain ();

  after = read_job (fixture, "DJ-00054");
  g_assert_cmpstr (after->technician, ==, "TECH-01");
  g_assert_cmpstr (after->scheduled_date, ==, today);
  /* 10:07 snaps to the nearest quarter hour. */
  g_assert_cmpint (after->start, ==, ops_snap_time (at, OPS_SNAP_SECONDS));
  g_assert_cmpint (after->start, >=, ten);
  g_assert_cmpint (after->start, <=, ten + 15 * 60);
  g_assert_cmpint (after->start % (15 * 60), ==, ten % (15 * 60));
  g_assert_cmpuint (after->duration_min, ==, before->duration_min);
  g_assert_cmpint (after->status, ==, OPS_JOB_SCHEDULED);
  g_assert_cmpuint (count_outbox (fixture, "DJ-00054"), ==, 1);

  /* On the board, in the technician's row, and selected. */
  g_assert_nonnull (ops_dispatch_board_find_job (fixture->board, "DJ-00054"));
  g_assert_cmpint (ops_dispatch_row_find_job (ops_dispatch_board_find_row (fixture->board, "TECH-01", NULL), "DJ-00054"), >=, 0);
  g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, "DJ-00054");
  g_assert_cmpstr (ops_dispatch_selection_get_technician (fixture->selection), ==, "TECH-01");

  /* An unknown technician is refused and writes nothing. */
  g_assert_false (ops_dispatch_timeline_drop_job (fixture->timeline, "DJ-00055", "TECH-99", at, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (count_outbox (fixture, "DJ-00055"), ==, 0);
  g_assert_cmpuint (fixture->failures->len, ==, 0);
}

static void
test_keyboard (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->timeline);
  g_autofree char *next_tech = NULL;
  const OpsDispatchJob *picked = pick_scheduled_job (fixture, &next_tech);
  g_autofree char *name = g_strdup (picked->name);
  g_autofree char *tech = g_strdup (picked->technician);
  gint64 start = picked->start;
  g_autoptr(OpsDispatchJob) nudged = NULL;
  g_autoptr(OpsDispatchJob) moved = NULL;
  g_autoptr(OpsDispatchJob) undone = NULL;
  g_autoptr(OpsDispatchJob) earlier = NULL;
  g_autoptr(GError) error = NULL;
  int index;

  ops_dispatch_selection_set (fixture->selection, name, tech);

  /* ] nudges by +15 minutes, through the editor and the outbox. */
  press (widget, GDK_KEY_bracketright, 0);
  nudged = read_job (fixture, name);
  g_assert_cmpint (nudged->start, ==, start + 15 * 60);
  g_assert_cmpstr (nudged->technician, ==, tech);
  g_assert_cmpuint (count_outbox (fixture, name), >=, 1);
  g_assert_true (ops_dispatch_editor_can_undo (fixture->editor));

  /* [ nudges back. */
  press (widget, GDK_KEY_bracketleft, 0);
  earlier = read_job (fixture, name);
  g_assert_cmpint (earlier->start, ==, start);

  /* Shift+Down moves it to the next technician, same start; the
   * selection follows. */
  press (widget, GDK_KEY_Down, GDK_SHIFT_MASK);
  moved = read_job (fixture, name);
  g_assert_cmpstr (moved->technician, ==, next_tech);
  g_assert_cmpint (moved->start, ==, start);
  g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, name);
  g_assert_cmpstr (ops_dispatch_selection_get_technician (fixture->selection), ==, next_tech);

  /* Ctrl+Z undoes through the editor. */
  press (widget, GDK_KEY_z, GDK_CONTROL_MASK);
  undone = read_job (fixture, name);
  g_assert_cmpstr (undone->technician, ==, tech);
  g_assert_cmpint (undone->start, ==, start);
  g_assert_true (ops_dispatch_editor_can_redo (fixture->editor));
  g_assert_nonnull (ops_dispatch_board_find_job (fixture->board, name));
  g_assert_cmpstr (ops_dispatch_board_find_job (fixture->board, name)->technician, ==, tech);

  /* Arrows move between the jobs of the row. */
  ops_dispatch_selection_set (fixture->selection, name, tech);
  index = ops_dispatch_row_find_job (ops_dispatch_board_find_row (fixture->board, tech, NULL), name);
  g_assert_cmpint (index, >=, 0);
  press (widget, GDK_KEY_Right, 0);
  {
    OpsDispatchRow *row = ops_dispatch_board_find_row (fixture->board, tech, NULL);
    GPtrArray *jobs = ops_dispatch_row_get_jobs (row);

    if ((guint)index + 1 < jobs->len)
      g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==,
                       ((OpsDispatchJob *)g_ptr_array_index (jobs, index + 1))->name);
    else
      g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, name);
  }
  press (widget, GDK_KEY_Left, 0);
  g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, name);
  /* Down goes to the next row. */
  press (widget, GDK_KEY_Down, 0);
  g_assert_cmpstr (ops_dispatch_selection_get_technician (fixture->selection), ==, next_tech);

  /* Delete unassigns the job; undo puts it back. */
  ops_dispatch_selection_set (fixture->selection, name, tech);
  press (widget, GDK_KEY_Delete, 0);
  {
    g_autoptr(OpsDispatchJob) unassigned = read_job (fixture, name);

    g_assert_null (unassigned->technician);
  }
  g_assert_true (ops_dispatch_editor_undo (fixture->editor, &error));
  g_assert_no_error (error);
  {
    g_autoptr(OpsDispatchJob) back = read_job (fixture, name);

    g_assert_cmpstr (back->technician, ==, tech);
  }
  g_assert_cmpuint (fixture->failures->len, ==, 0);
}

static void
on_signal_name (OpsDispatchTimeline *timeline,
                const char          *job,
                char               **out)
{
  g_free (*out);
  *out = g_strdup (job);
}

static void
on_filter_requested (OpsDispatchTimeline *timeline,
                     guint               *count)
{
  (*count)++;
}

static void
test_signals_and_filter (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->timeline);
  g_autofree char *activated = NULL;
  g_autofree char *candidates = NULL;
  g_autofree char *next_tech = NULL;
  const OpsDispatchJob *job = pick_scheduled_job (fixture, &next_tech);
  guint filter_requests = 0;

  g_signal_connect (widget, "job-activated", G_CALLBACK (on_signal_name), &activated);
  g_signal_connect (widget, "candidates-requested", G_CALLBACK (on_signal_name), &candidates);
  g_signal_connect (widget, "filter-requested", G_CALLBACK (on_filter_requested), &filter_requests);
  ops_dispatch_selection_set (fixture->selection, job->name, job->technician);

  press (widget, GDK_KEY_Return, 0);
  g_assert_cmpstr (activated, ==, job->name);
  press (widget, GDK_KEY_a, 0);
  g_assert_cmpstr (candidates, ==, job->name);
  press (widget, GDK_KEY_slash, 0);
  g_assert_cmpuint (filter_requests, ==, 1);

  g_assert_cmpuint (count_bound_rows (widget), ==, 14);
  ops_dispatch_timeline_set_filter (fixture->timeline, "stéphane");
  ops_test_drain ();
  g_assert_cmpuint (count_bound_rows (widget), ==, 1);
  g_assert_nonnull (find_row_widget (widget, "TECH-01"));
  ops_dispatch_timeline_set_filter (fixture->timeline, "");
  ops_test_drain ();
  g_assert_cmpuint (count_bound_rows (widget), ==, 14);
}

static void
test_reload_keeps_selection (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *next_tech = NULL;
  const OpsDispatchJob *job = pick_scheduled_job (fixture, &next_tech);
  g_autofree char *name = g_strdup (job->name);
  g_autofree char *tech = g_strdup (job->technician);
  gint64 start = job->start;
  g_autoptr(OpsDispatchEditor) other = ops_dispatch_editor_new_for_store (fixture->store, ops_service_layer_get_bus (fixture->services));
  g_autoptr(OpsDispatchChange) change = NULL;
  g_autoptr(GError) error = NULL;

  ops_dispatch_selection_set (fixture->selection, name, tech);
  g_assert_nonnull (find_row_widget (GTK_WIDGET (fixture->timeline), tech));

  /* Another dispatcher moves the job by an hour; the board reloads. */
  change = ops_dispatch_change_assign (job, ops_dispatch_row_get_tech (ops_dispatch_board_find_row (fixture->board, tech, NULL)),
                                       job->start + 3600);
  g_assert_nonnull (change);
  g_assert_true (ops_dispatch_editor_apply (other, change, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (ops_dispatch_board_reload (fixture->board, &error));
  g_assert_no_error (error);
  ops_test_drain ();

  g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, name);
  g_assert_cmpstr (ops_dispatch_selection_get_technician (fixture->selection), ==, tech);
  g_assert_cmpint (ops_dispatch_board_find_job (fixture->board, name)->start, ==, start + 3600);
  g_assert_nonnull (find_row_widget (GTK_WIDGET (fixture->timeline), tech));

  /* The selection still drives the keys: ] nudges the moved job. */
  press (GTK_WIDGET (fixture->timeline), GDK_KEY_bracketright, 0);
  {
    g_autoptr(OpsDispatchJob) now = read_job (fixture, name);

    g_assert_cmpint (now->start, ==, ops_dispatch_board_find_job (fixture->board, name)->start);
  }
  g_assert_cmpuint (fixture->failures->len, ==, 0);
}

/* A drag whose job another dispatcher changes under it is refused on drop
 * (WOULD_MERGE through change-failed), and the other change stays. */
static void
test_drag_conflict (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *list = GTK_WIDGET (ops_test_find_of_type (GTK_WIDGET (fixture->timeline), GTK_TYPE_LIST_VIEW));
  g_autofree char *next_tech = NULL;
  const OpsDispatchJob *job = pick_scheduled_job (fixture, &next_tech);
  g_autofree char *name = g_strdup (job->name);
  g_autofree char *tech = g_strdup (job->technician);
  gint64 start = job->start;
  g_autoptr(OpsDispatchEditor) other = ops_dispatch_editor_new_for_store (fixture->store, ops_service_layer_get_bus (fixture->services));
  g_autoptr(OpsDispatchChange) change = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) stored = NULL;
  OpsTimelineRow *row_widget;
  GtkGesture *drag;
  graphene_rect_t rect;
  double x, y;
  const GError *failure;

  g_assert_nonnull (list);
  drag = find_drag_gesture (list);
  g_assert_nonnull (drag);

  /* The job must be in view to be grabbed. */
  ops_dispatch_selection_set (fixture->selection, name, tech);
  ops_dispatch_timeline_reveal_selection (fixture->timeline);
  ops_test_drain ();
  row_widget = find_row_widget (GTK_WIDGET (fixture->timeline), tech);
  g_assert_nonnull (row_widget);
  g_assert_true (ops_timeline_row_get_job_rect (row_widget,
                                                ops_dispatch_row_find_job (ops_timeline_row_get_row (row_widget), name),
                                                &rect));
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (row_widget), list,
                                                   rect.origin.x + MIN (10, rect.size.width / 3),
                                                   rect.origin.y + rect.size.height / 2, &x, &y));

  g_signal_emit_by_name (drag, "drag-begin", x, y);
  g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, name);
  g_signal_emit_by_name (drag, "drag-update", 80.0, 0.0);

  /* Meanwhile another dispatcher moves it; the board reloads under the drag. */
  change = ops_dispatch_change_assign (job, ops_dispatch_row_get_tech (ops_dispatch_board_find_row (fixture->board, tech, NULL)),
                                       start + 2 * 3600);
  g_assert_true (ops_dispatch_editor_apply (other, change, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (ops_dispatch_board_reload (fixture->board, &error));
  g_assert_no_error (error);
  ops_test_drain ();

  g_signal_emit_by_name (drag, "drag-end", 80.0, 0.0);
  ops_test_drain ();

  g_assert_cmpuint (fixture->failures->len, ==, 1);
  failure = g_ptr_array_index (fixture->failures, 0);
  g_assert_error (failure, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE);
  stored = read_job (fixture, name);
  g_assert_cmpint (stored->start, ==, start + 2 * 3600);
}

/* Without interference the same drag moves the job, snapped. */
static void
test_drag_moves (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *list = GTK_WIDGET (ops_test_find_of_type (GTK_WIDGET (fixture->timeline), GTK_TYPE_LIST_VIEW));
  OpsTimeAxis *axis = ops_dispatch_timeline_get_axis (fixture->timeline);
  g_autofree char *next_tech = NULL;
  const OpsDispatchJob *job = pick_scheduled_job (fixture, &next_tech);
  g_autofree char *name = g_strdup (job->name);
  g_autofree char *tech = g_strdup (job->technician);
  gint64 start = job->start;
  g_autoptr(OpsDispatchJob) stored = NULL;
  OpsTimelineRow *row_widget;
  GtkGesture *drag;
  graphene_rect_t rect;
  double x, y, dx;

  drag = find_drag_gesture (list);
  ops_dispatch_selection_set (fixture->selection, name, tech);
  ops_dispatch_timeline_reveal_selection (fixture->timeline);
  ops_test_drain ();
  row_widget = find_row_widget (GTK_WIDGET (fixture->timeline), tech);
  g_assert_nonnull (row_widget);
  g_assert_true (ops_timeline_row_get_job_rect (row_widget,
                                                ops_dispatch_row_find_job (ops_timeline_row_get_row (row_widget), name),
                                                &rect));
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (row_widget), list,
                                                   rect.origin.x + MIN (10, rect.size.width / 3),
                                                   rect.origin.y + rect.size.height / 2, &x, &y));
  /* One hour and a few minutes to the right. */
  dx = (3600 + 240) / ops_time_axis_scale (axis);

  g_signal_emit_by_name (drag, "drag-begin", x, y);
  g_signal_emit_by_name (drag, "drag-update", dx, 0.0);
  g_signal_emit_by_name (drag, "drag-end", dx, 0.0);
  ops_test_drain ();

  g_assert_cmpuint (fixture->failures->len, ==, 0);
  stored = read_job (fixture, name);
  g_assert_cmpstr (stored->technician, ==, tech);
  g_assert_cmpint (stored->start, ==, start + 3600);
}

static void
test_zoom (Fixture       *fixture,
           gconstpointer  data)
{
  GtkWidget *widget = GTK_WIDGET (fixture->timeline);
  OpsTimeAxis *axis = ops_dispatch_timeline_get_axis (fixture->timeline);
  gint64 span = ops_time_axis_get_span (axis);
  gint64 narrower, begin;

  /* The axis spans the rows minus their header. */
  g_assert_cmpint (gtk_widget_get_width (widget), >, OPS_TIMELINE_HEADER_WIDTH);
  g_assert_cmpfloat (ops_time_axis_get_width (axis), ==, gtk_widget_get_width (widget) - OPS_TIMELINE_HEADER_WIDTH);

  press (widget, GDK_KEY_plus, 0);
  narrower = ops_time_axis_get_span (axis);
  g_assert_cmpint (narrower, <, span);
  g_assert_true (gtk_widget_activate_action (widget, "timeline.zoom-in", NULL));
  g_assert_cmpint (ops_time_axis_get_span (axis), <, narrower);
  press (widget, GDK_KEY_minus, 0);
  press (widget, GDK_KEY_minus, 0);
  g_assert_cmpint (ops_time_axis_get_span (axis), >, narrower);

  /* A day later and back, then today. */
  begin = ops_time_axis_get_begin (axis);
  press (widget, GDK_KEY_Page_Down, 0);
  g_assert_cmpint (ops_time_axis_get_begin (axis), ==, begin + 24 * 3600);
  press (widget, GDK_KEY_Right, GDK_ALT_MASK);
  press (widget, GDK_KEY_Left, GDK_ALT_MASK);
  press (widget, GDK_KEY_Page_Up, 0);
  g_assert_cmpint (ops_time_axis_get_begin (axis), ==, begin);
  press (widget, GDK_KEY_t, 0);
  g_assert_cmpint (ops_time_axis_get_begin (axis), >=, fixture->today);
  g_assert_cmpint (ops_time_axis_get_end (axis), <=, fixture->today + 24 * 3600);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();

  g_test_add ("/dispatch-timeline/drop-tray-job", Fixture, NULL, fixture_set_up, test_drop_tray_job, fixture_tear_down);
  g_test_add ("/dispatch-timeline/keyboard", Fixture, NULL, fixture_set_up, test_keyboard, fixture_tear_down);
  g_test_add ("/dispatch-timeline/signals-and-filter", Fixture, NULL, fixture_set_up, test_signals_and_filter, fixture_tear_down);
  g_test_add ("/dispatch-timeline/reload-keeps-selection", Fixture, NULL, fixture_set_up, test_reload_keeps_selection, fixture_tear_down);
  g_test_add ("/dispatch-timeline/drag-moves", Fixture, NULL, fixture_set_up, test_drag_moves, fixture_tear_down);
  g_test_add ("/dispatch-timeline/drag-conflict", Fixture, NULL, fixture_set_up, test_drag_conflict, fixture_tear_down);
  g_test_add ("/dispatch-timeline/zoom", Fixture, NULL, fixture_set_up, test_zoom, fixture_tear_down);

  return g_test_run ();
}
