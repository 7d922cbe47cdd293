/* test-dispatch-ui.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch page in the real window on the demo workspace: the tray
 * lists the waiting jobs with their count, a job dropped on a technician
 * is written to the store and the outbox and leaves the tray, the job
 * panel shows the selected job and moves its status on, undo takes the
 * changes back, candidates assign with one call, the map and the timeline
 * share the selection and the day, the scrollbar spans the loaded days,
 * and the zoom is remembered.  Runs under Xvfb with
 * G_DEBUG=fatal-criticals.
 */

#define G_LOG_DOMAIN "test-dispatch-ui"

#include "config.h"

#include "ops-test-ui.h"

#include <adwaita.h>

#include "ops-application.h"
#include "ops-dispatch-candidates-popover.h"
#include "ops-dispatch-job-panel.h"
#include "ops-dispatch-map.h"
#include "ops-dispatch-page.h"
#include "ops-dispatch-timeline.h"
#include "ops-dispatch-tray.h"
#include "ops-outbox.h"
#include "ops-store-dispatch.h"
#include "ops-window.h"

/* The demo workspace's jobs waiting for a technician (resources/demo/jobs.json). */
#define DEMO_UNASSIGNED 14

typedef struct
{
  OpsApplication  *app;
  GtkWindow       *window;
  OpsDispatchPage *page;
  OpsStore        *store;
} Fixture;

typedef struct
{
  OpsDispatchTray *tray;
  guint            count;
} TrayWait;

/*
 * Helpers
 */

static gboolean
has_window (gpointer data)
{
  return gtk_application_get_active_window (data) != NULL;
}

static gboolean
tray_has_count (gpointer data)
{
  TrayWait *wait = data;

  return ops_dispatch_tray_get_count (wait->tray, OPS_TRAY_UNASSIGNED) == wait->count;
}

static void
wait_for_tray (OpsDispatchTray *tray,
               guint            count)
{
  TrayWait wait = { tray, count };

  ops_test_iterate_until (tray_has_count, &wait);
  g_assert_cmpuint (ops_dispatch_tray_get_n_jobs (tray), ==, count);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action,
                    const char *target)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    {
      GVariant *value = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));

      if (target == NULL ||
          (value != NULL && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING) &&
           g_str_equal (g_variant_get_string (value, NULL), target)))
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action, target);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static guint
count_action_buttons (GtkWidget  *widget,
                      const char *action)
{
  guint n = 0;

  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    n += count_action_buttons (child, action);
  return n;
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

static gint64
today_at (guint hour)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = ops_dispatch_day_of (g_date_time_to_unix (now));

  return ops_dispatch_day_start (today) + hour * 3600;
}

/* "YYYY-MM-DD" of the local day n days after today. */
static char *
day_from_today (int n)
{
  g_autoptr(GDateTime) midnight = g_date_time_new_from_unix_local (today_at (0));
  g_autoptr(GDateTime) day = g_date_time_add_days (midnight, n);

  return g_date_time_format (day, "%Y-%m-%d");
}

/* Local midnight starting the day n days after today. */
static gint64
midnight_from_today (int n)
{
  g_autofree char *day = day_from_today (n);

  return ops_dispatch_day_start (day);
}

/* The timeline's own horizontal scrollbar (not its list's). */
static GtkAdjustment *
timeline_hadjustment (OpsDispatchTimeline *timeline)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (timeline)); child;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_SCROLLBAR (child) &&
        gtk_orientable_get_orientation (GTK_ORIENTABLE (child)) == GTK_ORIENTATION_HORIZONTAL)
      return gtk_scrollbar_get_adjustment (GTK_SCROLLBAR (child));
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "dispatch.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  AdwViewStack *stack;

  fixture->app = ops_application_new (NULL, path, TRUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture->app));
  ops_test_iterate_until (has_window, fixture->app);

  fixture->window = gtk_application_get_active_window (GTK_APPLICATION (fixture->app));
  g_assert_true (OPS_IS_WINDOW (fixture->window));
  fixture->store = ops_application_get_store (fixture->app);

  stack = ADW_VIEW_STACK (ops_test_find_of_type (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  g_assert_nonnull (adw_view_stack_get_child_by_name (stack, "dispatch"));
  adw_view_stack_set_visible_child_name (stack, "dispatch");

  fixture->page = OPS_DISPATCH_PAGE (ops_test_find_of_type (GTK_WIDGET (fixture->window), OPS_TYPE_DISPATCH_PAGE));
  g_assert_nonnull (fixture->page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->page)));
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
  g_clear_object (&fixture->app);
}

/*
 * Tests
 */

static void
test_tray_drop_panel_undo (Fixture       *fixture,
                           gconstpointer  data)
{
  OpsDispatchTray *tray = OPS_DISPATCH_TRAY (ops_dispatch_page_get_tray (fixture->page));
  OpsDispatchTimeline *timeline = OPS_DISPATCH_TIMELINE (ops_dispatch_page_get_timeline (fixture->page));
  OpsDispatchJobPanel *panel = OPS_DISPATCH_JOB_PANEL (ops_dispatch_page_get_job_panel (fixture->page));
  OpsDispatchSelection *selection = ops_dispatch_page_get_selection (fixture->page);
  g_autoptr(OpsDispatchJob) before = NULL;
  g_autoptr(OpsDispatchJob) job = NULL;
  g_autoptr(GPtrArray) outbox = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  const OpsDispatchJob *shown;
  OpsOutboxEntry *entry;
  GtkWidget *button;
  gint64 start = today_at (10);

  /* The tray lists the demo's waiting jobs, and says how many. */
  g_assert_cmpuint (ops_dispatch_tray_get_kind (tray), ==, OPS_TRAY_UNASSIGNED);
  g_assert_cmpuint (ops_dispatch_tray_get_count (tray, OPS_TRAY_UNASSIGNED), ==, DEMO_UNASSIGNED);
  g_assert_cmpuint (ops_dispatch_tray_get_n_jobs (tray), ==, DEMO_UNASSIGNED);
  for (guint i = 0; i < DEMO_UNASSIGNED; i++)
    {
      const OpsDispatchJob *listed = ops_dispatch_tray_get_job (tray, i);

      g_assert_cmpint (listed->status, ==, OPS_JOB_UNASSIGNED);
      g_assert_null (listed->technician);
    }
  g_assert_cmpuint (ops_dispatch_tray_get_count (tray, OPS_TRAY_ON_HOLD), ==, 4);
  g_assert_cmpuint (ops_dispatch_tray_get_count (tray, OPS_TRAY_CANCELLED), >=, 3);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));

  /* The first is the most urgent; drop it on Stéphane at 10:00. */
  name = g_strdup (ops_dispatch_tray_get_job (tray, 0)->name);
  g_assert_cmpstr (ops_dispatch_tray_get_job (tray, 0)->priority, ==, "urgent");
  before = read_job (fixture, name);
  g_assert_true (ops_dispatch_timeline_drop_job (timeline, name, "TECH-01", start, &error));
  g_assert_no_error (error);

  job = read_job (fixture, name);
  g_assert_cmpstr (job->technician, ==, "TECH-01");
  g_assert_cmpint (job->status, ==, OPS_JOB_SCHEDULED);
  g_assert_cmpint (job->start, ==, start);
  outbox = ops_outbox_list (fixture->store, "Dispatch Job", name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (outbox->len, ==, 1);
  entry = outbox->pdata[0];
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_UPDATE);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "technician"), ==, "TECH-01");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "start_time"), ==, "10:00:00");

  /* The tray follows the "dispatch" event, and a toast offers Undo. */
  wait_for_tray (tray, DEMO_UNASSIGNED - 1);
  ops_test_drain ();
  g_assert_cmpuint (count_action_buttons (GTK_WIDGET (fixture->page), "dispatch.undo"), ==, 2);
  g_assert_null (ops_dispatch_tray_find_job (tray, name));
  g_assert_nonnull (ops_dispatch_board_find_job (ops_dispatch_page_get_board (fixture->page), name));

  /* Selecting it opens its panel, with its customer. */
  ops_dispatch_selection_set (selection, name, "TECH-01");
  ops_test_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
  g_assert_cmpstr (ops_dispatch_job_panel_get_job (panel), ==, name);
  shown = ops_dispatch_job_panel_get_shown (panel);
  g_assert_nonnull (shown);
  g_assert_nonnull (job->customer);
  g_assert_cmpstr (shown->customer, ==, job->customer);
  g_assert_nonnull (find_action_button (GTK_WIDGET (panel), "win.show-customer", job->customer));
  /* A scheduled job with a customer can tell them the technician is on
   * the way (simulated on the demo workspace). */
  g_assert_nonnull (find_action_button (GTK_WIDGET (panel), "panel.on-my-way", NULL));

  /* A status button moves it on. */
  button = find_action_button (GTK_WIDGET (panel), "panel.status", "En Route");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ops_test_drain ();
  g_clear_pointer (&job, ops_dispatch_job_free);
  job = read_job (fixture, name);
  g_assert_cmpint (job->status, ==, OPS_JOB_EN_ROUTE);
  g_assert_cmpint (ops_dispatch_job_panel_get_shown (panel)->status, ==, OPS_JOB_EN_ROUTE);
  g_assert_nonnull (find_action_button (GTK_WIDGET (panel), "panel.status", "On Site"));

  /* Undo on the page takes the status back, then the assignment. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.undo", NULL);
  ops_test_drain ();
  g_clear_pointer (&job, ops_dispatch_job_free);
  job = read_job (fixture, name);
  g_assert_cmpint (job->status, ==, OPS_JOB_SCHEDULED);
  g_assert_cmpstr (job->technician, ==, "TECH-01");

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.undo", NULL);
  ops_test_drain ();
  g_clear_pointer (&job, ops_dispatch_job_free);
  job = read_job (fixture, name);
  g_assert_cmpint (job->status, ==, OPS_JOB_UNASSIGNED);
  g_assert_null (job->technician);
  g_assert_cmpint (job->start, ==, before->start);
  wait_for_tray (tray, DEMO_UNASSIGNED);
  g_assert_nonnull (ops_dispatch_tray_find_job (tray, name));

  /* Redo puts the assignment back. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.redo", NULL);
  wait_for_tray (tray, DEMO_UNASSIGNED - 1);
  g_clear_pointer (&job, ops_dispatch_job_free);
  job = read_job (fixture, name);
  g_assert_cmpstr (job->technician, ==, "TECH-01");

  /* Escape closes the panel; it comes back for the next job. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.close-panel", NULL);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (panel)));
  ops_dispatch_selection_set (selection, ops_dispatch_tray_get_job (tray, 0)->name, NULL);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (panel)));
}

/* Another console's change arriving just after ours does not take our
 * Undo toast away. */
static void
test_remote_change_keeps_undo_toast (Fixture       *fixture,
                                     gconstpointer  data)
{
  OpsDispatchTray *tray = OPS_DISPATCH_TRAY (ops_dispatch_page_get_tray (fixture->page));
  OpsDispatchTimeline *timeline = OPS_DISPATCH_TIMELINE (ops_dispatch_page_get_timeline (fixture->page));
  OpsEventBus *bus = ops_service_layer_get_bus (ops_application_get_services (fixture->app));
  g_autoptr(JsonNode) remote = json_from_string ("{\"job\": \"DJ-00001\", \"action\": \"remote\"}", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (ops_dispatch_tray_get_job (tray, 0)->name);

  g_assert_true (ops_dispatch_timeline_drop_job (timeline, name, "TECH-01", today_at (10), &error));
  g_assert_no_error (error);
  ops_event_bus_publish (bus, "dispatch", remote);
  wait_for_tray (tray, DEMO_UNASSIGNED - 1);
  ops_test_drain ();
  g_assert_cmpuint (count_action_buttons (GTK_WIDGET (fixture->page), "dispatch.undo"), ==, 2);
}

static void
test_candidates (Fixture       *fixture,
                 gconstpointer  data)
{
  OpsDispatchTray *tray = OPS_DISPATCH_TRAY (ops_dispatch_page_get_tray (fixture->page));
  OpsDispatchCandidatesPopover *candidates =
    OPS_DISPATCH_CANDIDATES_POPOVER (ops_dispatch_page_get_candidates (fixture->page));
  g_autoptr(OpsDispatchJob) job = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup (ops_dispatch_tray_get_job (tray, 0)->name);
  g_autofree char *tech = NULL;

  /* A in the tray asks for candidates of the job. */
  g_signal_emit_by_name (tray, "candidates-requested", name);
  ops_test_drain ();
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (candidates)));
  g_assert_cmpstr (ops_dispatch_candidates_popover_get_job (candidates), ==, name);
  g_assert_cmpuint (ops_dispatch_candidates_popover_get_n_candidates (candidates), >, 1);
  tech = g_strdup (ops_dispatch_candidates_popover_get_tech (candidates, 0));

  /* 1 assigns to the best, at its first free time. */
  g_assert_true (ops_dispatch_candidates_popover_assign (candidates, 0, &error));
  g_assert_no_error (error);
  ops_test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (candidates)));
  job = read_job (fixture, name);
  g_assert_cmpstr (job->technician, ==, tech);
  g_assert_cmpint (job->start, >, 0);
  wait_for_tray (tray, DEMO_UNASSIGNED - 1);
}

static gboolean
map_focused_on (gpointer data)
{
  OpsDispatchMap *map = data;
  const char *wanted = g_object_get_data (G_OBJECT (map), "wanted");

  return g_strcmp0 (ops_dispatch_map_get_focused_job (map), wanted) == 0;
}

static void
test_map_selection (Fixture       *fixture,
                    gconstpointer  data)
{
  OpsDispatchBoard *board = ops_dispatch_page_get_board (fixture->page);
  OpsDispatchSelection *selection = ops_dispatch_page_get_selection (fixture->page);
  GPtrArray *jobs = ops_dispatch_board_get_jobs (board);
  const OpsDispatchJob *first = NULL;
  const OpsDispatchJob *second = NULL;
  OpsDispatchMap *map;

  for (guint i = 0; i < jobs->len && second == NULL; i++)
    {
      const OpsDispatchJob *job = jobs->pdata[i];

      if (!job->has_coords)
        continue;
      if (first == NULL)
        first = job;
      else
        second = job;
    }
  g_assert_nonnull (second);

  g_assert_null (ops_dispatch_page_get_map (fixture->page));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.show-map", NULL);
  g_assert_true (ops_dispatch_page_get_map_visible (fixture->page));
  map = OPS_DISPATCH_MAP (ops_dispatch_page_get_map (fixture->page));
  g_assert_nonnull (map);
  ops_test_drain ();

  /* A marker clicked on the map selects the job on the timeline. */
  ops_dispatch_map_activate_job (map, first->name);
  g_assert_cmpstr (ops_dispatch_selection_get_job (selection), ==, first->name);
  g_assert_cmpstr (ops_dispatch_selection_get_technician (selection), ==, first->technician);

  /* A job selected on the timeline is the one the map centres on. */
  ops_dispatch_selection_set (selection, second->name, second->technician);
  g_object_set_data_full (G_OBJECT (map), "wanted", g_strdup (second->name), g_free);
  ops_test_iterate_until (map_focused_on, map);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.show-map", NULL);
  g_assert_false (ops_dispatch_page_get_map_visible (fixture->page));

  /* The map in its own window follows the same selection. */
  {
    g_autoptr(GList) before = gtk_window_list_toplevels ();
    g_autoptr(GList) after = NULL;
    GtkWidget *other = NULL;

    gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.open-map-window", NULL);
    ops_test_drain ();
    after = gtk_window_list_toplevels ();
    g_assert_cmpuint (g_list_length (after), ==, g_list_length (before) + 1);
    for (GList *l = after; l != NULL; l = l->next)
      if (g_list_find (before, l->data) == NULL)
        other = ops_test_find_of_type (l->data, OPS_TYPE_DISPATCH_MAP);
    g_assert_nonnull (other);
    ops_dispatch_map_activate_job (OPS_DISPATCH_MAP (other), first->name);
    g_assert_cmpstr (ops_dispatch_selection_get_job (selection), ==, first->name);

    /* Asked again, the same window comes forward. */
    gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.open-map-window", NULL);
    ops_test_drain ();
    g_list_free (after);
    after = gtk_window_list_toplevels ();
    g_assert_cmpuint (g_list_length (after), ==, g_list_length (before) + 1);
  }
}

static gboolean
tray_has_one_job (gpointer data)
{
  return ops_dispatch_tray_get_n_jobs (data) == 1;
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  OpsDispatchTray *tray = OPS_DISPATCH_TRAY (ops_dispatch_page_get_tray (fixture->page));
  GtkWidget *entry = ops_test_find_of_type (GTK_WIDGET (fixture->page), GTK_TYPE_SEARCH_ENTRY);
  GtkWidget *focus;

  /* "/" (dispatch.filter) goes to the filter, which narrows the tray. */
  g_assert_nonnull (entry);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.filter", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_true (focus == entry || gtk_widget_is_ancestor (focus, entry));

  /* The entry waits a moment after typing before it filters. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "DJ-00057");
  ops_test_iterate_until (tray_has_one_job, tray);
  g_assert_cmpstr (ops_dispatch_tray_get_job (tray, 0)->name, ==, "DJ-00057");
  /* The counts on the tabs ignore the text. */
  g_assert_cmpuint (ops_dispatch_tray_get_count (tray, OPS_TRAY_UNASSIGNED), ==, DEMO_UNASSIGNED);

  g_signal_emit_by_name (entry, "stop-search");
  ops_test_drain ();
  g_assert_cmpuint (ops_dispatch_tray_get_n_jobs (tray), ==, DEMO_UNASSIGNED);

  /* The other tabs list their jobs. */
  ops_dispatch_tray_set_kind (tray, OPS_TRAY_ON_HOLD);
  g_assert_cmpuint (ops_dispatch_tray_get_n_jobs (tray), ==, ops_dispatch_tray_get_count (tray, OPS_TRAY_ON_HOLD));
  for (guint i = 0; i < ops_dispatch_tray_get_n_jobs (tray); i++)
    g_assert_cmpint (ops_dispatch_tray_get_job (tray, i)->status, ==, OPS_JOB_ON_HOLD);
}

static gboolean
span_saved (gpointer data)
{
  GSettings *settings = data;

  return g_settings_get_int (settings, "dispatch-span") != GPOINTER_TO_INT (g_object_get_data (data, "before"));
}

static void
test_zoom_remembered (Fixture       *fixture,
                      gconstpointer  data)
{
  GSettings *settings = ops_application_get_settings (fixture->app);
  OpsDispatchTimeline *timeline = OPS_DISPATCH_TIMELINE (ops_dispatch_page_get_timeline (fixture->page));
  OpsTimeAxis *axis = ops_dispatch_timeline_get_axis (timeline);
  gint64 span;

  g_assert_nonnull (settings);
  span = ops_time_axis_get_span (axis);
  g_assert_cmpint (span, ==, g_settings_get_int (settings, "dispatch-span"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.zoom-in", NULL);
  g_assert_cmpint (ops_time_axis_get_span (axis), <, span);
  g_object_set_data (G_OBJECT (settings), "before", GINT_TO_POINTER ((int)span));
  ops_test_iterate_until (span_saved, settings);
  g_assert_cmpint (g_settings_get_int (settings, "dispatch-span"), ==, ops_time_axis_get_span (axis));

  /* Days are loaded as the timeline moves to them: the demo has jobs two
   * days ahead, outside the first load (yesterday to tomorrow). */
  {
    g_autofree char *in_two = ops_dispatch_day_of (today_at (12) + 2 * 86400);
    GPtrArray *jobs = ops_dispatch_board_get_jobs (ops_dispatch_page_get_board (fixture->page));
    gboolean found = FALSE;

    for (guint i = 0; i < jobs->len; i++)
      if (g_strcmp0 (((OpsDispatchJob *)jobs->pdata[i])->scheduled_date, in_two) == 0)
        found = TRUE;
    g_assert_false (found);

    gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.next-day", NULL);
    gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.next-day", NULL);
    jobs = ops_dispatch_board_get_jobs (ops_dispatch_page_get_board (fixture->page));
    for (guint i = 0; i < jobs->len; i++)
      if (g_strcmp0 (((OpsDispatchJob *)jobs->pdata[i])->scheduled_date, in_two) == 0)
        found = TRUE;
    g_assert_true (found);
  }
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.today", NULL);
}

static GtkWindow *
open_map_window (Fixture *fixture)
{
  g_autoptr(GList) before = gtk_window_list_toplevels ();
  g_autoptr(GList) after = NULL;
  GtkWindow *window = NULL;

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.open-map-window", NULL);
  ops_test_drain ();
  after = gtk_window_list_toplevels ();
  for (GList *l = after; l != NULL; l = l->next)
    if (g_list_find (before, l->data) == NULL)
      window = l->data;
  g_assert_nonnull (window);
  g_assert_nonnull (ops_dispatch_map_window_get_map (window));
  return window;
}

static void
test_map_day (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *today = day_from_today (0);
  g_autofree char *tomorrow = day_from_today (1);
  g_autofree char *in_two = day_from_today (2);
  OpsDispatchMap *pane;
  OpsDispatchMap *other;
  GtkWindow *window;

  /* The map pane and the map window show the timeline's day. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.show-map", NULL);
  pane = OPS_DISPATCH_MAP (ops_dispatch_page_get_map (fixture->page));
  g_assert_nonnull (pane);
  window = open_map_window (fixture);
  other = ops_dispatch_map_window_get_map (window);
  g_assert_cmpstr (ops_dispatch_map_get_day (pane), ==, today);
  g_assert_cmpstr (ops_dispatch_map_get_day (other), ==, today);

  /* Both follow the timeline to the next day. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.next-day", NULL);
  g_assert_cmpstr (ops_dispatch_map_get_day (pane), ==, tomorrow);
  g_assert_cmpstr (ops_dispatch_map_get_day (other), ==, tomorrow);

  /* Zooming within the day keeps it; a window opened later starts on it. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.zoom-in", NULL);
  g_assert_cmpstr (ops_dispatch_map_get_day (pane), ==, tomorrow);
  gtk_window_destroy (window);
  ops_test_drain ();
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.next-day", NULL);
  window = open_map_window (fixture);
  g_assert_cmpstr (ops_dispatch_map_get_day (ops_dispatch_map_window_get_map (window)), ==, in_two);
  g_assert_cmpstr (ops_dispatch_map_get_day (pane), ==, in_two);

  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.today", NULL);
  g_assert_cmpstr (ops_dispatch_map_get_day (pane), ==, today);
  g_assert_cmpstr (ops_dispatch_map_get_day (ops_dispatch_map_window_get_map (window)), ==, today);
}

static void
test_loaded_range (Fixture       *fixture,
                   gconstpointer  data)
{
  OpsDispatchTimeline *timeline = OPS_DISPATCH_TIMELINE (ops_dispatch_page_get_timeline (fixture->page));
  GtkAdjustment *adjustment = timeline_hadjustment (timeline);

  /* The scrollbar spans the loaded days: yesterday to tomorrow. */
  g_assert_nonnull (adjustment);
  g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), ==, (double)midnight_from_today (-1));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, (double)midnight_from_today (2));

  /* Two days ahead loads tomorrow to the day after the new one, and the
   * scrollbar follows, beyond the demo's last day of jobs. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.next-day", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "dispatch.next-day", NULL);
  g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), ==, (double)midnight_from_today (1));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), ==, (double)midnight_from_today (4));
  g_assert_cmpfloat (gtk_adjustment_get_lower (adjustment), <=, (double)midnight_from_today (2));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >=, (double)midnight_from_today (3));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==,
                     (double)ops_time_axis_get_begin (ops_dispatch_timeline_get_axis (timeline)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();

  g_test_add ("/dispatch-ui/tray-drop-panel-undo", Fixture, NULL, fixture_set_up, test_tray_drop_panel_undo, fixture_tear_down);
  g_test_add ("/dispatch-ui/remote-change-keeps-undo-toast", Fixture, NULL, fixture_set_up,
              test_remote_change_keeps_undo_toast, fixture_tear_down);
  g_test_add ("/dispatch-ui/candidates", Fixture, NULL, fixture_set_up, test_candidates, fixture_tear_down);
  g_test_add ("/dispatch-ui/map-selection", Fixture, NULL, fixture_set_up, test_map_selection, fixture_tear_down);
  g_test_add ("/dispatch-ui/filter", Fixture, NULL, fixture_set_up, test_filter, fixture_tear_down);
  g_test_add ("/dispatch-ui/zoom-remembered", Fixture, NULL, fixture_set_up, test_zoom_remembered, fixture_tear_down);
  g_test_add ("/dispatch-ui/map-day", Fixture, NULL, fixture_set_up, test_map_day, fixture_tear_down);
  g_test_add ("/dispatch-ui/loaded-range", Fixture, NULL, fixture_set_up, test_loaded_range, fixture_tear_down);

  return g_test_run ();
}
