/* ops-dispatch-rules.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules a job's bar shows on a technician's row, each with a sentence
 * the dispatcher can act on.
 */

#define G_LOG_DOMAIN "ops-dispatch-rules"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-dispatch-plan-private.h"

void
ops_rule_result_clear (OpsRuleResult *result)
{
  g_return_if_fail (result != NULL);

  result->flags = OPS_RULE_NONE;
  g_clear_pointer (&result->explanation, g_free);
}

static const char *
tech_label (const OpsDispatchTech *tech)
{
  return tech->full_name != NULL && *tech->full_name != '\0' ? tech->full_name : tech->name;
}

static void
check_overlap (const OpsDispatchJob *job,
               GPtrArray            *others,
               OpsRuleResult        *result,
               GString              *text)
{
  gint64 end = ops_dispatch_job_end (job);

  for (guint i = 0; i < others->len; i++)
    {
      const OpsDispatchJob *other = g_ptr_array_index (others, i);
      g_autofree char *from = NULL;
      g_autofree char *to = NULL;

      if (!(other->start < end && job->start < ops_dispatch_job_end (other)))
        continue;

      from = ops_dispatch_format_hm (other->start);
      to = ops_dispatch_format_hm (ops_dispatch_job_end (other));
      result->flags |= OPS_RULE_OVERLAP;
      /* Translators: a job overlaps another job of the same technician:
       * "Overlaps DJ-00014 (10:00–11:30)." */
      g_string_append_printf (text, _("Overlaps %s (%s–%s)."), other->name, from, to);
      g_string_append_c (text, '\n');
    }
}

static void
check_hours (const OpsDispatchTech *tech,
             const OpsDispatchJob  *job,
             OpsRuleResult         *result,
             GString               *text)
{
  gint64 day_from = ops_dispatch_wall_time (job->start, tech->work_start_min);
  gint64 day_to = ops_dispatch_wall_time (job->start, tech->work_end_min);
  gint64 end = ops_dispatch_job_end (job);

  if (job->start < day_from)
    {
      g_autofree char *at = ops_dispatch_format_hm (job->start);
      g_autofree char *limit = ops_dispatch_format_hm (day_from);

      result->flags |= OPS_RULE_OUTSIDE_HOURS;
      /* Translators: "Starts at 07:00, before Stéphane Tremblay's day starts at 07:30." */
      g_string_append_printf (text, _("Starts at %s, before %s's day starts at %s."),
                              at, tech_label (tech), limit);
      g_string_append_c (text, '\n');
    }

  if (end > day_to)
    {
      g_autofree char *at = ops_dispatch_format_hm (end);
      g_autofree char *limit = ops_dispatch_format_hm (day_to);

      result->flags |= OPS_RULE_OUTSIDE_HOURS;
      /* Translators: "Ends at 17:15, after Stéphane Tremblay's day ends at 16:00." */
      g_string_append_printf (text, _("Ends at %s, after %s's day ends at %s."),
                              at, tech_label (tech), limit);
      g_string_append_c (text, '\n');
    }
}

static void
check_travel (const OpsDispatchJob *job,
              GPtrArray            *others,
              double                speed_kmh,
              OpsRuleResult        *result,
              GString              *text)
{
  const OpsDispatchJob *previous;
  double km;
  guint needed, gap;

  if (!job->has_coords)
    return;

  previous = ops_dispatch_previous_job (others, job->start);
  if (previous == NULL)
    return;

  km = ops_travel_distance_km (previous->latitude, previous->longitude,
                               job->latitude, job->longitude);
  needed = ops_travel_minutes (km, speed_kmh);
  gap = (guint) ((job->start - ops_dispatch_job_end (previous)) / 60);

  if (needed <= gap)
    return;

  result->flags |= OPS_RULE_TRAVEL;
  /* Translators: "Needs 25 min to drive 14 km from DJ-00011; only 10 min between them." */
  g_string_append_printf (text, _("Needs %u min to drive %.0f km from %s; only %u min between them."),
                          needed, km, previous->name, gap);
  g_string_append_c (text, '\n');
}

static void
check_skills (const OpsDispatchTech *tech,
              const OpsDispatchJob  *job,
              OpsRuleResult         *result,
              GString               *text)
{
  g_autofree char *missing = NULL;
  guint n_missing = 0;

  missing = ops_dispatch_missing_tags (tech, job, &n_missing);
  if (missing == NULL)
    return;

  result->flags |= OPS_RULE_MISSING_SKILL;
  /* Translators: "Stéphane Tremblay lacks the tag Épissure." / "… lacks the tags Fibre, Épissure." */
  g_string_append_printf (text, ngettext ("%s lacks the tag %s.", "%s lacks the tags %s.", n_missing),
                          tech_label (tech), missing);
  g_string_append_c (text, '\n');
}

static void
check_staffing (const OpsDispatchTech *tech,
                const OpsDispatchJob  *job,
                OpsRuleResult         *result,
                GString               *text)
{
  guint required = MAX (job->required_techs, 1);
  guint assistants = job->assistants != NULL ? g_strv_length (job->assistants) : 0;
  guint assigned;
  g_autofree char *needs = NULL;

  /* As placed on tech: tech leads the job unless it is one of the
   * assistants while someone else leads. */
  if (tech == NULL)
    assigned = (job->technician != NULL ? 1 : 0) + assistants;
  else if (job->technician == NULL && ops_dispatch_job_is_assigned_to (job, tech->name))
    assigned = assistants;
  else
    assigned = 1 + assistants;

  if (assigned >= required || (tech == NULL && job->technician == NULL))
    return;

  result->flags |= OPS_RULE_UNDERSTAFFED;
  /* Translators: first half of "Needs 2 technicians; 1 assigned." */
  needs = g_strdup_printf (ngettext ("Needs %u technician", "Needs %u technicians", required), required);
  /* Translators: second half of "Needs 2 technicians; 1 assigned."; %s is the first half. */
  g_string_append_printf (text, ngettext ("%s; %u assigned.", "%s; %u assigned.", assigned),
                          needs, assigned);
  g_string_append_c (text, '\n');
}

void
ops_dispatch_check (const OpsDispatchTech *tech,
                    GPtrArray             *day_jobs,
                    const OpsDispatchJob  *job,
                    double                 speed_kmh,
                    OpsRuleResult         *result)
{
  g_autoptr(GString) text = NULL;

  g_return_if_fail (job != NULL);
  g_return_if_fail (result != NULL);

  result->flags = OPS_RULE_NONE;
  result->explanation = NULL;
  text = g_string_new (NULL);

  if (tech != NULL)
    {
      g_autoptr(GPtrArray) others = ops_dispatch_jobs_of (day_jobs, tech->name, job->name);

      if (ops_dispatch_job_is_booked (job))
        {
          check_overlap (job, others, result, text);
          check_hours (tech, job, result, text);
          check_travel (job, others, speed_kmh, result, text);
        }

      check_skills (tech, job, result, text);
    }

  check_staffing (tech, job, result, text);

  if (result->flags == OPS_RULE_NONE)
    return;

  if (text->len > 0 && text->str[text->len - 1] == '\n')
    g_string_truncate (text, text->len - 1);

  result->explanation = g_string_free (g_steal_pointer (&text), FALSE);
}
