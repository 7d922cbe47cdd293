/* test-dispatch-change.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dispatch changes without a store: the builders and their summaries,
 * copy and invert, and the undo/redo stack.
 */

#define G_LOG_DOMAIN "test-dispatch-change"

#include "config.h"

#include <string.h>

#include "ops-dispatch-change.h"
#include "ops-dispatch-selection.h"

#define DAY "2026-03-10"

static gint64
at (int hour,
    int minute)
{
  return ops_dispatch_day_start (DAY) + hour * 3600 + minute * 60;
}

static OpsDispatchJob *
job_new (const char   *name,
         const char   *tech,
         gint64        start,
         OpsJobStatus  status)
{
  OpsDispatchJob *job = g_new0 (OpsDispatchJob, 1);

  job->name = g_strdup (name);
  job->status = status;
  job->technician = g_strdup (tech);
  job->assistants = g_new0 (char *, 1);
  job->required_techs = 1;
  job->tags = g_new0 (char *, 1);
  job->equipment = g_new0 (char *, 1);
  job->scheduled_date = start != 0 ? ops_dispatch_day_of (start) : NULL;
  job->start = start;
  job->duration_min = 60;

  return job;
}

static OpsDispatchTech *
tech_new (const char *name,
          const char *full_name)
{
  OpsDispatchTech *tech = g_new0 (OpsDispatchTech, 1);

  tech->name = g_strdup (name);
  tech->full_name = g_strdup (full_name);
  tech->skills = g_new0 (char *, 1);
  tech->work_start_min = 480;
  tech->work_end_min = 990;

  return tech;
}

static void
assert_placement (const OpsJobPlacement *placement,
                  const char            *tech,
                  const char            *date,
                  gint64                 start,
                  guint                  duration_min,
                  OpsJobStatus           status)
{
  g_assert_cmpstr (placement->technician, ==, tech);
  g_assert_cmpstr (placement->scheduled_date, ==, date);
  g_assert_cmpint (placement->start, ==, start);
  g_assert_cmpuint (placement->duration_min, ==, duration_min);
  g_assert_cmpint (placement->status, ==, status);
}

static void
test_placement (void)
{
  g_autoptr(OpsDispatchJob) job = job_new ("DJ-00012", "TECH-01", at (10, 0), OPS_JOB_EN_ROUTE);
  OpsJobPlacement placement = { 0 };

  ops_job_placement_from_job (&placement, job);
  assert_placement (&placement, "TECH-01", DAY, at (10, 0), 60, OPS_JOB_EN_ROUTE);
  g_assert_true (placement.technician != job->technician);

  ops_job_placement_clear (&placement);
  assert_placement (&placement, NULL, NULL, 0, 0, OPS_JOB_UNASSIGNED);
  /* Clearing twice is fine. */
  ops_job_placement_clear (&placement);
}

static void
test_assign (void)
{
  g_autoptr(OpsDispatchTech) stephane = tech_new ("TECH-01", "Stéphane Tremblay");
  g_autoptr(OpsDispatchTech) julie = tech_new ("TECH-02", "Julie Bouchard");
  g_autoptr(OpsDispatchJob) tray = job_new ("DJ-00012", NULL, 0, OPS_JOB_UNASSIGNED);
  g_autoptr(OpsDispatchJob) job = job_new ("DJ-00012", "TECH-01", at (10, 15), OPS_JOB_SCHEDULED);
  g_autoptr(OpsDispatchChange) change = NULL;

  /* From the tray onto a technician and a time. */
  change = ops_dispatch_change_assign (tray, stephane, at (10, 15));
  g_assert_nonnull (change);
  g_assert_cmpstr (change->job, ==, "DJ-00012");
  g_assert_cmpstr (change->summary, ==, "Assign DJ-00012 to Stéphane Tremblay at 10:15");
  assert_placement (&change->before, NULL, NULL, 0, 60, OPS_JOB_UNASSIGNED);
  assert_placement (&change->after, "TECH-01", DAY, at (10, 15), 60, OPS_JOB_SCHEDULED);
  g_clear_pointer (&change, ops_dispatch_change_free);

  /* No time: the job stays undated. */
  change = ops_dispatch_change_assign (tray, stephane, 0);
  g_assert_cmpstr (change->summary, ==, "Assign DJ-00012 to Stéphane Tremblay");
  assert_placement (&change->after, "TECH-01", NULL, 0, 60, OPS_JOB_SCHEDULED);
  g_clear_pointer (&change, ops_dispatch_change_free);

  /* Nothing changes. */
  g_assert_null (ops_dispatch_change_assign (job, stephane, at (10, 15)));
  g_assert_null (ops_dispatch_change_assign (job, stephane, 0));
  g_assert_null (ops_dispatch_change_assign (tray, NULL, 0));

  /* To someone else, keeping the time. */
  change = ops_dispatch_change_assign (job, julie, 0);
  g_assert_cmpstr (change->summary, ==, "Assign DJ-00012 to Julie Bouchard at 10:15");
  assert_placement (&change->before, "TECH-01", DAY, at (10, 15), 60, OPS_JOB_SCHEDULED);
  assert_placement (&change->after, "TECH-02", DAY, at (10, 15), 60, OPS_JOB_SCHEDULED);
  g_clear_pointer (&change, ops_dispatch_change_free);

  /* Moved along the same row. */
  change = ops_dispatch_change_assign (job, stephane, at (13, 30));
  g_assert_cmpstr (change->summary, ==, "Move DJ-00012 to 13:30");
  assert_placement (&change->after, "TECH-01", DAY, at (13, 30), 60, OPS_JOB_SCHEDULED);
  g_clear_pointer (&change, ops_dispatch_change_free);

  /* To another day: the date follows the start. */
  change = ops_dispatch_change_assign (job, stephane, at (13, 30) + 24 * 3600);
  g_assert_true (g_str_has_prefix (change->summary, "Move DJ-00012 to "));
  g_assert_true (g_str_has_suffix (change->summary, " at 13:30"));
  g_assert_nonnull (strstr (change->summary, "11"));
  assert_placement (&change->after, "TECH-01", "2026-03-11", at (13, 30) + 24 * 3600, 60, OPS_JOB_SCHEDULED);
  g_clear_pointer (&change, ops_dispatch_change_free);

  /* Unassign keeps the time. */
  change = ops_dispatch_change_assign (job, NULL, 0);
  g_assert_cmpstr (change->summary, ==, "Unassign DJ-00012");
  assert_placement (&change->after, NULL, DAY, at (10, 15), 60, OPS_JOB_UNASSIGNED);
  g_clear_pointer (&change, ops_dispatch_change_free);

  /* A job on hold comes back Scheduled; one en route keeps its status. */
  job->status = OPS_JOB_ON_HOLD;
  change = ops_dispatch_change_assign (job, stephane, 0);
  g_assert_cmpstr (change->summary, ==, "Mark DJ-00012 Scheduled");
  assert_placement (&change->after, "TECH-01", DAY, at (10, 15), 60, OPS_JOB_SCHEDULED);
  g_clear_pointer (&change, ops_dispatch_change_free);

  job->status = OPS_JOB_EN_ROUTE;
  change = ops_dispatch_change_assign (job, julie, 0);
  g_assert_cmpint (change->after.status, ==, OPS_JOB_EN_ROUTE);
  g_clear_pointer (&change, ops_dispatch_change_free);

  /* No full name: the technician's id. */
  g_clear_pointer (&julie->full_name, g_free);
  change = ops_dispatch_change_assign (tray, julie, at (8, 0));
  g_assert_cmpstr (change->summary, ==, "Assign DJ-00012 to TECH-02 at 08:00");
}

static void
test_resize_status (void)
{
  g_autoptr(OpsDispatchJob) job = job_new ("DJ-00012", "TECH-01", at (10, 15), OPS_JOB_SCHEDULED);
  g_autoptr(OpsDispatchChange) change = NULL;

  change = ops_dispatch_change_resize (job, 90);
  g_assert_cmpstr (change->summary, ==, "Set DJ-00012 to 90 min");
  assert_placement (&change->before, "TECH-01", DAY, at (10, 15), 60, OPS_JOB_SCHEDULED);
  assert_placement (&change->after, "TECH-01", DAY, at (10, 15), 90, OPS_JOB_SCHEDULED);
  g_clear_pointer (&change, ops_dispatch_change_free);
  g_assert_null (ops_dispatch_change_resize (job, 60));

  change = ops_dispatch_change_status (job, OPS_JOB_EN_ROUTE);
  g_assert_cmpstr (change->summary, ==, "Mark DJ-00012 En Route");
  assert_placement (&change->after, "TECH-01", DAY, at (10, 15), 60, OPS_JOB_EN_ROUTE);
  g_clear_pointer (&change, ops_dispatch_change_free);
  g_assert_null (ops_dispatch_change_status (job, OPS_JOB_SCHEDULED));

  change = ops_dispatch_change_status (job, OPS_JOB_UNASSIGNED);
  g_assert_cmpstr (change->summary, ==, "Mark DJ-00012 Unassigned");
  assert_placement (&change->after, NULL, DAY, at (10, 15), 60, OPS_JOB_UNASSIGNED);
}

static void
test_copy_invert (void)
{
  g_autoptr(OpsDispatchTech) tech = tech_new ("TECH-01", "Stéphane Tremblay");
  g_autoptr(OpsDispatchJob) tray = job_new ("DJ-00012", NULL, 0, OPS_JOB_UNASSIGNED);
  g_autoptr(OpsDispatchChange) change = ops_dispatch_change_assign (tray, tech, at (10, 15));
  g_autoptr(OpsDispatchChange) copy = ops_dispatch_change_copy (change);
  g_autoptr(OpsDispatchChange) inverse = ops_dispatch_change_invert (change);
  g_autoptr(OpsDispatchChange) back = ops_dispatch_change_invert (inverse);
  g_autoptr(OpsDispatchChange) made = NULL;
  OpsJobPlacement after = { 0 };

  g_assert_true (copy->job != change->job);
  g_assert_cmpstr (copy->job, ==, "DJ-00012");
  g_assert_cmpstr (copy->summary, ==, change->summary);
  g_assert_true (copy->after.technician != change->after.technician);
  assert_placement (&copy->before, NULL, NULL, 0, 60, OPS_JOB_UNASSIGNED);
  assert_placement (&copy->after, "TECH-01", DAY, at (10, 15), 60, OPS_JOB_SCHEDULED);

  g_assert_cmpstr (inverse->job, ==, "DJ-00012");
  g_assert_cmpstr (inverse->summary, ==, "Assign DJ-00012 to Stéphane Tremblay at 10:15");
  assert_placement (&inverse->before, "TECH-01", DAY, at (10, 15), 60, OPS_JOB_SCHEDULED);
  assert_placement (&inverse->after, NULL, NULL, 0, 60, OPS_JOB_UNASSIGNED);

  assert_placement (&back->before, NULL, NULL, 0, 60, OPS_JOB_UNASSIGNED);
  assert_placement (&back->after, "TECH-01", DAY, at (10, 15), 60, OPS_JOB_SCHEDULED);

  /* new () takes before from the job and copies after. */
  after.technician = g_strdup ("TECH-09");
  after.scheduled_date = g_strdup ("2026-03-12");
  after.start = at (9, 0) + 2 * 24 * 3600;
  after.duration_min = 45;
  after.status = OPS_JOB_ON_HOLD;
  made = ops_dispatch_change_new (tray, &after, "Custom");
  ops_job_placement_clear (&after);
  g_assert_cmpstr (made->summary, ==, "Custom");
  assert_placement (&made->before, NULL, NULL, 0, 60, OPS_JOB_UNASSIGNED);
  assert_placement (&made->after, "TECH-09", "2026-03-12", at (9, 0) + 2 * 24 * 3600, 45, OPS_JOB_ON_HOLD);
}

static OpsDispatchChange *
resize (OpsDispatchJob *job,
        guint           minutes)
{
  return ops_dispatch_change_resize (job, minutes);
}

static void
test_undo_stack (void)
{
  g_autoptr(OpsDispatchJob) job = job_new ("DJ-00012", "TECH-01", at (10, 15), OPS_JOB_SCHEDULED);
  OpsUndoStack *stack = ops_undo_stack_new (3);
  const OpsDispatchChange *step;

  g_assert_false (ops_undo_stack_can_undo (stack));
  g_assert_false (ops_undo_stack_can_redo (stack));
  g_assert_null (ops_undo_stack_undo (stack));
  g_assert_null (ops_undo_stack_redo (stack));
  g_assert_null (ops_undo_stack_undo_label (stack));
  g_assert_null (ops_undo_stack_redo_label (stack));

  ops_undo_stack_push (stack, resize (job, 90));
  ops_undo_stack_push (stack, ops_dispatch_change_status (job, OPS_JOB_EN_ROUTE));
  g_assert_true (ops_undo_stack_can_undo (stack));
  g_assert_false (ops_undo_stack_can_redo (stack));
  g_assert_cmpstr (ops_undo_stack_undo_label (stack), ==, "Mark DJ-00012 En Route");

  /* Undo hands back the inverse and moves it to the redo side. */
  step = ops_undo_stack_undo (stack);
  g_assert_nonnull (step);
  g_assert_cmpint (step->before.status, ==, OPS_JOB_EN_ROUTE);
  g_assert_cmpint (step->after.status, ==, OPS_JOB_SCHEDULED);
  g_assert_true (ops_undo_stack_can_redo (stack));
  g_assert_cmpstr (ops_undo_stack_redo_label (stack), ==, "Mark DJ-00012 En Route");
  g_assert_cmpstr (ops_undo_stack_undo_label (stack), ==, "Set DJ-00012 to 90 min");

  step = ops_undo_stack_undo (stack);
  g_assert_cmpuint (step->before.duration_min, ==, 90);
  g_assert_cmpuint (step->after.duration_min, ==, 60);
  g_assert_false (ops_undo_stack_can_undo (stack));
  g_assert_null (ops_undo_stack_undo (stack));
  g_assert_cmpstr (ops_undo_stack_redo_label (stack), ==, "Set DJ-00012 to 90 min");

  /* Redo hands back the change itself, in order. */
  step = ops_undo_stack_redo (stack);
  g_assert_cmpuint (step->after.duration_min, ==, 90);
  g_assert_cmpstr (ops_undo_stack_undo_label (stack), ==, "Set DJ-00012 to 90 min");
  g_assert_cmpstr (ops_undo_stack_redo_label (stack), ==, "Mark DJ-00012 En Route");
  step = ops_undo_stack_redo (stack);
  g_assert_cmpint (step->after.status, ==, OPS_JOB_EN_ROUTE);
  g_assert_false (ops_undo_stack_can_redo (stack));
  g_assert_null (ops_undo_stack_redo (stack));

  /* A push after an undo drops what could have been redone. */
  ops_undo_stack_undo (stack);
  g_assert_true (ops_undo_stack_can_redo (stack));
  ops_undo_stack_push (stack, resize (job, 120));
  g_assert_false (ops_undo_stack_can_redo (stack));
  g_assert_null (ops_undo_stack_redo_label (stack));
  g_assert_cmpstr (ops_undo_stack_undo_label (stack), ==, "Set DJ-00012 to 120 min");

  /* Limit 3: the oldest go first. */
  ops_undo_stack_push (stack, resize (job, 30));
  ops_undo_stack_push (stack, resize (job, 45));
  ops_undo_stack_push (stack, resize (job, 75));
  g_assert_cmpuint (ops_undo_stack_undo (stack)->before.duration_min, ==, 75);
  g_assert_cmpuint (ops_undo_stack_undo (stack)->before.duration_min, ==, 45);
  g_assert_cmpuint (ops_undo_stack_undo (stack)->before.duration_min, ==, 30);
  g_assert_false (ops_undo_stack_can_undo (stack));
  g_assert_null (ops_undo_stack_undo (stack));
  g_assert_cmpstr (ops_undo_stack_redo_label (stack), ==, "Set DJ-00012 to 30 min");

  ops_undo_stack_free (stack);

  /* Limit 0 keeps everything. */
  stack = ops_undo_stack_new (0);
  for (guint i = 1; i <= 50; i++)
    ops_undo_stack_push (stack, resize (job, i + 60));
  for (guint i = 0; i < 50; i++)
    g_assert_nonnull (ops_undo_stack_undo (stack));
  g_assert_false (ops_undo_stack_can_undo (stack));
  ops_undo_stack_free (stack);
}

static void
count (gpointer  object,
       gpointer  arg,
       guint    *counter)
{
  (*counter)++;
}

static void
count_changed (gpointer  object,
               guint    *counter)
{
  (*counter)++;
}

static void
test_selection (void)
{
  g_autoptr(OpsDispatchSelection) selection = ops_dispatch_selection_new ();
  g_autofree char *job = NULL;
  guint changed = 0, job_notified = 0, tech_notified = 0;

  g_signal_connect (selection, "changed", G_CALLBACK (count_changed), &changed);
  g_signal_connect (selection, "notify::job", G_CALLBACK (count), &job_notified);
  g_signal_connect (selection, "notify::technician", G_CALLBACK (count), &tech_notified);

  g_assert_null (ops_dispatch_selection_get_job (selection));
  g_assert_null (ops_dispatch_selection_get_technician (selection));

  ops_dispatch_selection_set (selection, "DJ-00012", "TECH-01");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (job_notified, ==, 1);
  g_assert_cmpuint (tech_notified, ==, 1);
  g_assert_cmpstr (ops_dispatch_selection_get_job (selection), ==, "DJ-00012");
  g_assert_cmpstr (ops_dispatch_selection_get_technician (selection), ==, "TECH-01");

  /* The same again: nothing. */
  ops_dispatch_selection_set (selection, "DJ-00012", "TECH-01");
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpuint (job_notified, ==, 1);

  /* A tray job: no technician. */
  ops_dispatch_selection_set (selection, "DJ-00020", NULL);
  g_assert_cmpuint (changed, ==, 2);
  g_assert_cmpuint (job_notified, ==, 2);
  g_assert_cmpuint (tech_notified, ==, 2);
  g_assert_null (ops_dispatch_selection_get_technician (selection));

  /* Through the property, passing the current string back in. */
  g_object_set (selection, "job", ops_dispatch_selection_get_job (selection), NULL);
  g_assert_cmpuint (changed, ==, 2);
  g_object_set (selection, "technician", "TECH-03", NULL);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpuint (job_notified, ==, 2);
  g_object_get (selection, "job", &job, NULL);
  g_assert_cmpstr (job, ==, "DJ-00020");

  ops_dispatch_selection_set (selection, NULL, NULL);
  g_assert_cmpuint (changed, ==, 4);
  g_assert_null (ops_dispatch_selection_get_job (selection));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "America/Toronto", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dispatch-change/placement", test_placement);
  g_test_add_func ("/dispatch-change/assign", test_assign);
  g_test_add_func ("/dispatch-change/resize-status", test_resize_status);
  g_test_add_func ("/dispatch-change/copy-invert", test_copy_invert);
  g_test_add_func ("/dispatch-change/undo-stack", test_undo_stack);
  g_test_add_func ("/dispatch-selection/set", test_selection);

  return g_test_run ();
}
