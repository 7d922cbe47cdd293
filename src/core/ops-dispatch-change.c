/* ops-dispatch-change.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A change to one Dispatch Job's placement and the builders that word it.
 * The store write (ops_dispatch_apply) lives in ops-store-dispatch.c.
 */

#define G_LOG_DOMAIN "ops-dispatch-change"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-dispatch-change.h"

void
ops_job_placement_clear (OpsJobPlacement *placement)
{
  g_return_if_fail (placement != NULL);

  g_clear_pointer (&placement->technician, g_free);
  g_clear_pointer (&placement->scheduled_date, g_free);
  placement->start = 0;
  placement->duration_min = 0;
  placement->status = OPS_JOB_UNASSIGNED;
}

void
ops_job_placement_from_job (OpsJobPlacement      *placement,
                            const OpsDispatchJob *job)
{
  g_return_if_fail (placement != NULL);
  g_return_if_fail (job != NULL);

  placement->technician = g_strdup (job->technician);
  placement->scheduled_date = g_strdup (job->scheduled_date);
  placement->start = job->start;
  placement->duration_min = job->duration_min;
  placement->status = job->status;
}

static void
placement_copy (OpsJobPlacement       *to,
                const OpsJobPlacement *from)
{
  to->technician = g_strdup (from->technician);
  to->scheduled_date = g_strdup (from->scheduled_date);
  to->start = from->start;
  to->duration_min = from->duration_min;
  to->status = from->status;
}

static gboolean
placement_equal (const OpsJobPlacement *a,
                 const OpsJobPlacement *b)
{
  return g_strcmp0 (a->technician, b->technician) == 0 &&
         g_strcmp0 (a->scheduled_date, b->scheduled_date) == 0 &&
         a->start == b->start &&
         a->duration_min == b->duration_min &&
         a->status == b->status;
}

OpsDispatchChange *
ops_dispatch_change_new (const OpsDispatchJob  *job,
                         const OpsJobPlacement *after,
                         const char            *summary)
{
  OpsDispatchChange *change;

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (after != NULL, NULL);

  change = g_new0 (OpsDispatchChange, 1);
  change->job = g_strdup (job->name);
  ops_job_placement_from_job (&change->before, job);
  placement_copy (&change->after, after);
  change->summary = g_strdup (summary);

  return change;
}

OpsDispatchChange *
ops_dispatch_change_copy (const OpsDispatchChange *change)
{
  OpsDispatchChange *copy;

  g_return_val_if_fail (change != NULL, NULL);

  copy = g_new0 (OpsDispatchChange, 1);
  copy->job = g_strdup (change->job);
  placement_copy (&copy->before, &change->before);
  placement_copy (&copy->after, &change->after);
  copy->summary = g_strdup (change->summary);

  return copy;
}

/* The inverse keeps the summary of the change it undoes, so "Undo …" and
 * "Redo …" name the same action. */
OpsDispatchChange *
ops_dispatch_change_invert (const OpsDispatchChange *change)
{
  OpsDispatchChange *inverse;

  g_return_val_if_fail (change != NULL, NULL);

  inverse = g_new0 (OpsDispatchChange, 1);
  inverse->job = g_strdup (change->job);
  placement_copy (&inverse->before, &change->after);
  placement_copy (&inverse->after, &change->before);
  inverse->summary = g_strdup (change->summary);

  return inverse;
}

void
ops_dispatch_change_free (OpsDispatchChange *change)
{
  if (change == NULL)
    return;

  g_free (change->job);
  ops_job_placement_clear (&change->before);
  ops_job_placement_clear (&change->after);
  g_free (change->summary);
  g_free (change);
}

/*
 * Builders
 */

static char *
format_local (gint64      t,
              const char *format)
{
  g_autoptr(GDateTime) dt = ops_dispatch_local_time (t);

  return dt != NULL ? g_date_time_format (dt, format) : g_strdup ("?");
}

static const char *
tech_label (const OpsDispatchTech *tech)
{
  return tech->full_name != NULL && *tech->full_name != '\0' ? tech->full_name : tech->name;
}

/* Takes ownership of after's strings; NULL when after equals the job. */
static OpsDispatchChange *
finish (const OpsDispatchJob *job,
        OpsJobPlacement      *after,
        char                 *summary)
{
  OpsJobPlacement before = { 0 };
  OpsDispatchChange *change = NULL;

  ops_job_placement_from_job (&before, job);
  if (!placement_equal (&before, after))
    change = ops_dispatch_change_new (job, after, summary);

  ops_job_placement_clear (&before);
  ops_job_placement_clear (after);
  g_free (summary);

  return change;
}

static char *
status_summary (const OpsDispatchJob *job,
                OpsJobStatus          status)
{
  /* Translators: "Mark DJ-00012 En Route"; %s are the job and its new status */
  return g_strdup_printf (_("Mark %s %s"), job->name, ops_job_status_label (status));
}

OpsDispatchChange *
ops_dispatch_change_assign (const OpsDispatchJob  *job,
                            const OpsDispatchTech *tech,
                            gint64                 start)
{
  OpsJobPlacement after = { 0 };
  char *summary;

  g_return_val_if_fail (job != NULL, NULL);

  ops_job_placement_from_job (&after, job);

  if (start != 0 && start != job->start)
    {
      after.start = start;
      g_free (after.scheduled_date);
      after.scheduled_date = ops_dispatch_day_of (start);
    }

  if (tech == NULL)
    {
      g_clear_pointer (&after.technician, g_free);
      after.status = OPS_JOB_UNASSIGNED;
      /* Translators: "Unassign DJ-00012" */
      summary = g_strdup_printf (_("Unassign %s"), job->name);

      return finish (job, &after, summary);
    }

  g_free (after.technician);
  after.technician = g_strdup (tech->name);
  if (after.status == OPS_JOB_UNASSIGNED || after.status == OPS_JOB_ON_HOLD)
    after.status = OPS_JOB_SCHEDULED;

  if (g_strcmp0 (job->technician, tech->name) != 0)
    {
      if (after.start != 0)
        {
          g_autofree char *at = format_local (after.start, "%H:%M");

          /* Translators: "Assign DJ-00012 to Stéphane Tremblay at 10:15" */
          summary = g_strdup_printf (_("Assign %s to %s at %s"), job->name, tech_label (tech), at);
        }
      else
        {
          /* Translators: "Assign DJ-00012 to Stéphane Tremblay" */
          summary = g_strdup_printf (_("Assign %s to %s"), job->name, tech_label (tech));
        }
    }
  else if (after.start != job->start)
    {
      g_autofree char *at = format_local (after.start, "%H:%M");

      if (g_strcmp0 (after.scheduled_date, job->scheduled_date) == 0)
        {
          /* Translators: "Move DJ-00012 to 13:30" */
          summary = g_strdup_printf (_("Move %s to %s"), job->name, at);
        }
      else
        {
          /* Translators: a date as in "Move DJ-00012 to Mon 9 Mar at 13:30", see strftime */
          g_autofree char *day = format_local (after.start, _("%a %-d %b"));

          /* Translators: "Move DJ-00012 to Mon 9 Mar at 13:30" */
          summary = g_strdup_printf (_("Move %s to %s at %s"), job->name, day, at);
        }
    }
  else
    {
      summary = status_summary (job, after.status);
    }

  return finish (job, &after, summary);
}

OpsDispatchChange *
ops_dispatch_change_resize (const OpsDispatchJob *job,
                            guint                 duration_min)
{
  OpsJobPlacement after = { 0 };

  g_return_val_if_fail (job != NULL, NULL);
  g_return_val_if_fail (duration_min > 0, NULL);

  ops_job_placement_from_job (&after, job);
  after.duration_min = duration_min;

  /* Translators: "Set DJ-00012 to 90 min" */
  return finish (job, &after, g_strdup_printf (_("Set %s to %u min"), job->name, duration_min));
}

/* Marking a job Unassigned also takes it off its technician. */
OpsDispatchChange *
ops_dispatch_change_status (const OpsDispatchJob *job,
                            OpsJobStatus          status)
{
  OpsJobPlacement after = { 0 };

  g_return_val_if_fail (job != NULL, NULL);

  ops_job_placement_from_job (&after, job);
  after.status = status;
  if (status == OPS_JOB_UNASSIGNED)
    g_clear_pointer (&after.technician, g_free);

  return finish (job, &after, status_summary (job, status));
}
