/* ops-dispatch-plan.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch board's pure logic: lane packing of overlapping jobs, the
 * travel estimate between service locations, the rules a bar shows, and
 * the ranking of candidate technicians for a job.  Data in, data out.
 */

#pragma once

#include "ops-dispatch-types.h"

G_BEGIN_DECLS

#define OPS_DEFAULT_TRAVEL_SPEED_KMH 40.0

/* Assigns each job a lane so that jobs in one lane never overlap; jobs
 * must be sorted by start.  lanes_out has jobs->len entries.  Returns the
 * number of lanes (1 for an empty or non-overlapping row).  Unscheduled
 * jobs (start == 0) get lane 0. */
guint    ops_dispatch_pack_lanes     (GPtrArray  *jobs,
                                      guint      *lanes_out);

/* Great-circle distance in km. */
double   ops_travel_distance_km      (double      lat1,
                                      double      lon1,
                                      double      lat2,
                                      double      lon2);
/* Minutes to drive km at speed_kmh, rounded up; road factor 1.3 applied
 * to the straight-line distance. */
guint    ops_travel_minutes          (double      km,
                                      double      speed_kmh);

typedef enum
{
  OPS_RULE_NONE          = 0,
  OPS_RULE_OVERLAP       = 1 << 0, /* overlaps another job of the same technician */
  OPS_RULE_OUTSIDE_HOURS = 1 << 1, /* starts before work_start or ends after work_end */
  OPS_RULE_TRAVEL        = 1 << 2, /* not enough time to drive from the previous job */
  OPS_RULE_MISSING_SKILL = 1 << 3, /* technician lacks one of the job's tags */
  OPS_RULE_UNDERSTAFFED  = 1 << 4, /* fewer people assigned than required_techs */
} OpsRuleFlags;

typedef struct
{
  OpsRuleFlags flags;
  char        *explanation;  /* translated sentences, one per line; NULL when flags == 0 */
} OpsRuleResult;

void     ops_rule_result_clear       (OpsRuleResult *result);

/* Checks job as placed on tech's day.  day_jobs: all jobs of tech that day
 * (including job or not), any order.  speed_kmh for the travel estimate. */
void     ops_dispatch_check          (const OpsDispatchTech *tech,
                                      GPtrArray             *day_jobs,
                                      const OpsDispatchJob  *job,
                                      double                 speed_kmh,
                                      OpsRuleResult         *result);

typedef struct
{
  const OpsDispatchTech *tech;        /* borrowed from the input array */
  double                 score;       /* higher is better */
  double                 travel_km;   /* from the previous job (or home), < 0 unknown */
  gint64                 free_from;   /* earliest start >= job->start with no overlap */
  guint                  load_min;    /* minutes already booked that day */
  gboolean               has_skills;
  char                  *reason;      /* "on the way, 6 km from previous job, has tag Fibre" */
} OpsCandidate;

void     ops_candidate_free          (OpsCandidate *candidate);

/* Ranks every technician for job on its scheduled day (or day_start when
 * the job has none).  jobs: all jobs of that day.  Returns OpsCandidate*
 * sorted best first (free function set). */
GPtrArray *ops_dispatch_rank_candidates (GPtrArray            *techs,
                                         GPtrArray            *jobs,
                                         const OpsDispatchJob *job,
                                         gint64                day_start,
                                         double                speed_kmh);

/* Share of the technician's working time booked between day_start and
 * day_start + 24 h, 0..n (may pass 1 when overbooked). */
double   ops_dispatch_utilisation    (const OpsDispatchTech *tech,
                                      GPtrArray             *day_jobs,
                                      gint64                 day_start);

G_END_DECLS
