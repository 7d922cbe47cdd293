/* ops-dispatch-candidates.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who should take this job: every technician scored on skills (a hard
 * requirement: anyone missing a tag ranks below everyone who has them),
 * the drive from where they are before the job, whether the job's slot is
 * free, and how much they already have that day.
 */

#define G_LOG_DOMAIN "ops-dispatch-candidates"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-dispatch-plan-private.h"

/* Score weights: skills dwarf the rest, whose sum stays below it. */
#define SCORE_SKILLS       1000.0
#define SCORE_FREE_SLOT     100.0
#define SCORE_TRAVEL_MAX     60.0  /* minus one per minute of driving */
#define SCORE_TRAVEL_UNKNOWN 20.0
#define LOAD_PENALTY_PER_H    5.0
/* Within this distance of the previous job the technician is "on the way". */
#define ON_THE_WAY_KM        10.0

void
ops_candidate_free (OpsCandidate *candidate)
{
  if (candidate == NULL)
    return;

  g_free (candidate->reason);
  g_free (candidate);
}

/* The earliest start >= start of a duration that overlaps none of sorted;
 * after start itself, the gap must end by day_end.  0 when none fits. */
static gint64
first_free (GPtrArray *sorted,
            gint64     start,
            gint64     duration,
            gint64     day_end)
{
  gint64 at = start;
  gboolean moved = TRUE;

  while (moved)
    {
      moved = FALSE;
      for (guint i = 0; i < sorted->len; i++)
        {
          const OpsDispatchJob *other = g_ptr_array_index (sorted, i);
          gint64 other_end = ops_dispatch_job_end (other);

          if (other->start < at + duration && at < other_end)
            {
              at = other_end;
              moved = TRUE;
            }
        }
    }

  if (at != start && at + duration > day_end)
    return 0;

  return at;
}

static char *
describe_load (guint minutes)
{
  if (minutes == 0)
    return g_strdup (_("nothing booked"));
  if (minutes < 60)
    /* Translators: time already booked that day, "45 min booked" */
    return g_strdup_printf (_("%u min booked"), minutes);
  if (minutes % 60 == 0)
    /* Translators: time already booked that day, "4 h booked" */
    return g_strdup_printf (_("%u h booked"), minutes / 60);

  /* Translators: time already booked that day, "4 h 30 booked" */
  return g_strdup_printf (_("%u h %02u booked"), minutes / 60, minutes % 60);
}

static OpsCandidate *
rank_one (const OpsDispatchTech *tech,
          GPtrArray             *jobs,
          const OpsDispatchJob  *job,
          gint64                 day_start,
          double                 speed_kmh)
{
  g_autoptr(GPtrArray) sorted = ops_dispatch_jobs_of (jobs, tech->name, job->name);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *missing = NULL;
  const OpsDispatchJob *previous;
  OpsCandidate *candidate = g_new0 (OpsCandidate, 1);
  gint64 start, duration, day_end;
  guint n_tags = job->tags != NULL ? g_strv_length (job->tags) : 0;
  guint n_missing = 0;
  double score = 0;

  candidate->tech = tech;
  start = job->start != 0 ? job->start : ops_dispatch_wall_time (day_start, tech->work_start_min);
  duration = (gint64) MAX (job->duration_min, 1) * 60;
  day_end = ops_dispatch_wall_time (start, tech->work_end_min);

  /* Skills. */
  missing = ops_dispatch_missing_tags (tech, job, &n_missing);
  candidate->has_skills = (missing == NULL);
  if (candidate->has_skills)
    score += SCORE_SKILLS;

  /* Travel from the previous job before the start, or from home. */
  previous = ops_dispatch_previous_job (sorted, start);
  candidate->travel_km = -1;
  if (job->has_coords && previous != NULL)
    {
      candidate->travel_km = ops_travel_distance_km (previous->latitude, previous->longitude,
                                                     job->latitude, job->longitude);
      if (candidate->travel_km <= ON_THE_WAY_KM)
        /* Translators: "On the way: 6 km from DJ-00011" */
        g_ptr_array_add (parts, g_strdup_printf (_("On the way: %.0f km from %s"),
                                                 candidate->travel_km, previous->name));
      else
        /* Translators: "14 km from DJ-00011", the technician's previous job */
        g_ptr_array_add (parts, g_strdup_printf (_("%.0f km from %s"),
                                                 candidate->travel_km, previous->name));
    }
  else if (job->has_coords && tech->has_home)
    {
      candidate->travel_km = ops_travel_distance_km (tech->home_latitude, tech->home_longitude,
                                                     job->latitude, job->longitude);
      /* Translators: "6 km from home", the technician's home base */
      g_ptr_array_add (parts, g_strdup_printf (_("%.0f km from home"), candidate->travel_km));
    }
  else
    {
      g_ptr_array_add (parts, g_strdup (_("Distance unknown")));
    }

  if (candidate->travel_km >= 0)
    score += MAX (0.0, SCORE_TRAVEL_MAX - ops_travel_minutes (candidate->travel_km, speed_kmh));
  else
    score += SCORE_TRAVEL_UNKNOWN;

  if (n_tags > 0)
    {
      if (missing == NULL)
        {
          g_autofree char *tags = g_strjoinv (", ", job->tags);

          /* Translators: "has tag Fibre" / "has tags Fibre, Épissure" */
          g_ptr_array_add (parts, g_strdup_printf (ngettext ("has tag %s", "has tags %s", n_tags), tags));
        }
      else
        {
          /* Translators: "lacks tag Épissure" / "lacks tags Fibre, Épissure" */
          g_ptr_array_add (parts, g_strdup_printf (ngettext ("lacks tag %s", "lacks tags %s", n_missing),
                                                   missing));
        }
    }

  /* The slot. */
  candidate->free_from = first_free (sorted, start, duration, day_end);
  if (candidate->free_from == start)
    {
      g_autofree char *at = ops_dispatch_format_hm (start);

      score += SCORE_FREE_SLOT;
      /* Translators: "free at 10:00", the job's own start */
      g_ptr_array_add (parts, g_strdup_printf (_("free at %s"), at));
    }
  else if (candidate->free_from != 0)
    {
      g_autofree char *at = ops_dispatch_format_hm (candidate->free_from);
      double delay_h = (double) (candidate->free_from - start) / 3600.0;

      score += MAX (10.0, SCORE_FREE_SLOT / 2 - 10.0 * delay_h);
      /* Translators: "free from 11:30", later than the job's start */
      g_ptr_array_add (parts, g_strdup_printf (_("free from %s"), at));
    }
  else
    {
      g_ptr_array_add (parts, g_strdup (_("no free slot that day")));
    }

  /* Load. */
  for (guint i = 0; i < sorted->len; i++)
    {
      const OpsDispatchJob *other = g_ptr_array_index (sorted, i);

      if (other->start >= day_start && other->start < day_start + 24 * 3600)
        candidate->load_min += other->duration_min;
    }
  score -= LOAD_PENALTY_PER_H * candidate->load_min / 60.0;
  g_ptr_array_add (parts, describe_load (candidate->load_min));

  candidate->score = score;
  g_ptr_array_add (parts, NULL);
  candidate->reason = g_strjoinv (" · ", (char **) parts->pdata);

  return candidate;
}

static int
compare_candidates (gconstpointer a,
                    gconstpointer b)
{
  const OpsCandidate *ca = *(const OpsCandidate * const *) a;
  const OpsCandidate *cb = *(const OpsCandidate * const *) b;

  if (ca->score != cb->score)
    return ca->score > cb->score ? -1 : 1;

  return g_strcmp0 (ca->tech->name, cb->tech->name);
}

GPtrArray *
ops_dispatch_rank_candidates (GPtrArray            *techs,
                              GPtrArray            *jobs,
                              const OpsDispatchJob *job,
                              gint64                day_start,
                              double                speed_kmh)
{
  GPtrArray *out;

  g_return_val_if_fail (techs != NULL, NULL);
  g_return_val_if_fail (job != NULL, NULL);

  if (job->scheduled_date != NULL)
    {
      gint64 dated = ops_dispatch_day_start (job->scheduled_date);

      if (dated != 0)
        day_start = dated;
    }

  out = g_ptr_array_new_full (techs->len, (GDestroyNotify) ops_candidate_free);

  for (guint i = 0; i < techs->len; i++)
    g_ptr_array_add (out, rank_one (g_ptr_array_index (techs, i), jobs, job, day_start, speed_kmh));

  g_ptr_array_sort (out, compare_candidates);

  return out;
}
