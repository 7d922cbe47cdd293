/* ops-dispatch-plan.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lane packing, the travel estimate, utilisation and the helpers the
 * rules and the candidate ranking share.
 */

#define G_LOG_DOMAIN "ops-dispatch-plan"

#include "config.h"

#include <math.h>

#include "ops-dispatch-plan-private.h"

#define EARTH_RADIUS_KM 6371.0
#define ROAD_FACTOR     1.3

guint
ops_dispatch_pack_lanes (GPtrArray *jobs,
                         guint     *lanes_out)
{
  g_autoptr(GArray) lane_ends = NULL;

  g_return_val_if_fail (jobs != NULL, 1);
  g_return_val_if_fail (jobs->len == 0 || lanes_out != NULL, 1);

  lane_ends = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);
      gint64 end;
      guint lane;

      if (job->start == 0)
        {
          lanes_out[i] = 0;
          continue;
        }

      end = ops_dispatch_job_end (job);

      /* The first lane free by the job's start; touching is not overlapping. */
      for (lane = 0; lane < lane_ends->len; lane++)
        {
          if (g_array_index (lane_ends, gint64, lane) <= job->start)
            break;
        }

      if (lane == lane_ends->len)
        g_array_append_val (lane_ends, end);
      else
        g_array_index (lane_ends, gint64, lane) = end;

      lanes_out[i] = lane;
    }

  return MAX (lane_ends->len, 1);
}

double
ops_travel_distance_km (double lat1,
                        double lon1,
                        double lat2,
                        double lon2)
{
  double phi1 = lat1 * G_PI / 180.0;
  double phi2 = lat2 * G_PI / 180.0;
  double dphi = (lat2 - lat1) * G_PI / 180.0;
  double dlambda = (lon2 - lon1) * G_PI / 180.0;
  double a = sin (dphi / 2) * sin (dphi / 2) +
             cos (phi1) * cos (phi2) * sin (dlambda / 2) * sin (dlambda / 2);

  return 2.0 * EARTH_RADIUS_KM * atan2 (sqrt (a), sqrt (1.0 - a));
}

guint
ops_travel_minutes (double km,
                    double speed_kmh)
{
  double minutes;

  if (speed_kmh <= 0)
    speed_kmh = OPS_DEFAULT_TRAVEL_SPEED_KMH;
  if (km <= 0)
    return 0;

  minutes = km * ROAD_FACTOR / speed_kmh * 60.0;

  /* A hair of tolerance so 30.0000000001 stays 30. */
  return (guint) ceil (minutes - 1e-9);
}

double
ops_dispatch_utilisation (const OpsDispatchTech *tech,
                          GPtrArray             *day_jobs,
                          gint64                 day_start)
{
  gint64 day_end = day_start + 24 * 3600;
  gint64 booked = 0;

  g_return_val_if_fail (tech != NULL, 0);
  g_return_val_if_fail (day_jobs != NULL, 0);

  if (tech->work_end_min <= tech->work_start_min)
    return 0;

  for (guint i = 0; i < day_jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (day_jobs, i);
      gint64 from, to;

      if (!ops_dispatch_job_is_booked (job) || !ops_dispatch_job_is_assigned_to (job, tech->name))
        continue;

      from = MAX (job->start, day_start);
      to = MIN (ops_dispatch_job_end (job), day_end);
      if (to > from)
        booked += to - from;
    }

  return (double) booked / 60.0 / (double) (tech->work_end_min - tech->work_start_min);
}

/*
 * Shared helpers
 */

char *
ops_dispatch_format_hm (gint64 t)
{
  g_autoptr(GDateTime) dt = ops_dispatch_local_time (t);

  if (dt == NULL)
    return g_strdup ("--:--");

  return g_date_time_format (dt, "%H:%M");
}

gint64
ops_dispatch_wall_time (gint64 t,
                        guint  minutes)
{
  g_autoptr(GDateTime) at = ops_dispatch_local_time (t);
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) wall = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  int year, month, day;

  if (at == NULL)
    return t;

  tz = g_time_zone_ref (ops_dispatch_local_zone ());
  g_date_time_get_ymd (at, &year, &month, &day);
  midnight = g_date_time_new (tz, year, month, day, 0, 0, 0);
  /* Whole days first (calendar days), then the time of day on that clock. */
  wall = g_date_time_add_days (midnight, (int) (minutes / (24 * 60)));
  g_date_time_get_ymd (wall, &year, &month, &day);
  g_clear_pointer (&wall, g_date_time_unref);
  minutes %= 24 * 60;
  wall = g_date_time_new (tz, year, month, day, (int) (minutes / 60), (int) (minutes % 60), 0);

  return wall != NULL ? g_date_time_to_unix (wall) : t;
}

gboolean
ops_dispatch_job_is_booked (const OpsDispatchJob *job)
{
  return job->start != 0 && job->status != OPS_JOB_CANCELLED;
}

static int
compare_start (gconstpointer a,
               gconstpointer b)
{
  const OpsDispatchJob *ja = *(const OpsDispatchJob * const *) a;
  const OpsDispatchJob *jb = *(const OpsDispatchJob * const *) b;

  if (ja->start != jb->start)
    return ja->start < jb->start ? -1 : 1;

  return g_strcmp0 (ja->name, jb->name);
}

GPtrArray *
ops_dispatch_jobs_of (GPtrArray  *jobs,
                      const char *tech,
                      const char *except)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      OpsDispatchJob *job = g_ptr_array_index (jobs, i);

      if (!ops_dispatch_job_is_booked (job) || !ops_dispatch_job_is_assigned_to (job, tech))
        continue;
      if (except != NULL && g_strcmp0 (job->name, except) == 0)
        continue;

      g_ptr_array_add (out, job);
    }

  g_ptr_array_sort (out, compare_start);

  return out;
}

const OpsDispatchJob *
ops_dispatch_previous_job (GPtrArray *sorted,
                           gint64     start)
{
  const OpsDispatchJob *previous = NULL;

  for (guint i = 0; i < sorted->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (sorted, i);

      if (job->start >= start)
        break;
      if (job->has_coords && ops_dispatch_job_end (job) <= start)
        previous = job;
    }

  return previous;
}

char *
ops_dispatch_missing_tags (const OpsDispatchTech *tech,
                           const OpsDispatchJob  *job,
                           guint                 *n_missing)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();

  for (guint i = 0; job->tags != NULL && job->tags[i] != NULL; i++)
    {
      if (!ops_dispatch_tech_has_skill (tech, job->tags[i]))
        g_ptr_array_add (missing, job->tags[i]);
    }

  if (n_missing != NULL)
    *n_missing = missing->len;

  if (missing->len == 0)
    return NULL;

  g_ptr_array_add (missing, NULL);

  return g_strjoinv (", ", (char **) missing->pdata);
}
