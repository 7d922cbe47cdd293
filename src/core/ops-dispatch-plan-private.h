/* ops-dispatch-plan-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers the rules and the candidate ranking share.
 */

#pragma once

#include "ops-dispatch-plan.h"

G_BEGIN_DECLS

/* "HH:MM" of t in local time. */
char      *ops_dispatch_format_hm       (gint64                 t);
/* Unix seconds of minutes after midnight, on the wall clock of the local
 * day holding t (DST-safe). */
gint64     ops_dispatch_wall_time       (gint64                 t,
                                         guint                  minutes);
/* Whether a job takes time on someone's day (scheduled and not cancelled). */
gboolean   ops_dispatch_job_is_booked   (const OpsDispatchJob  *job);
/* The booked jobs of tech in jobs, except the one named except, sorted by
 * start.  (element-type borrowed OpsDispatchJob) */
GPtrArray *ops_dispatch_jobs_of         (GPtrArray             *jobs,
                                         const char            *tech,
                                         const char            *except);
/* Of sorted (from ops_dispatch_jobs_of), the job with the latest start
 * before start that has coordinates and ends by start; NULL when none. */
const OpsDispatchJob *
           ops_dispatch_previous_job    (GPtrArray             *sorted,
                                         gint64                 start);
/* The tags of job that tech lacks, joined with ", "; NULL when none. */
char      *ops_dispatch_missing_tags    (const OpsDispatchTech *tech,
                                         const OpsDispatchJob  *job,
                                         guint                 *n_missing);

G_END_DECLS
