/* ops-dispatch-types.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A Dispatch Job and a Technician as the dispatch board sees them: plain
 * data read from the store, with times as Unix seconds so the timeline
 * maps them to pixels without calendar arithmetic.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* ERPNext's Dispatch Job statuses, in workflow order. */
typedef enum
{
  OPS_JOB_UNASSIGNED,
  OPS_JOB_SCHEDULED,
  OPS_JOB_EN_ROUTE,
  OPS_JOB_ON_SITE,
  OPS_JOB_COMPLETED,
  OPS_JOB_ON_HOLD,
  OPS_JOB_CANCELLED,
} OpsJobStatus;

typedef struct
{
  char         *name;            /* DJ-00001 */
  char         *customer;        /* C0218, may be NULL */
  char         *customer_name;   /* from customers, may be NULL */
  char         *location;        /* LOC-00218, may be NULL */
  char         *address;         /* "417, rue … , Saint-Jean-sur-Richelieu", may be NULL */
  char         *subject;
  char         *job_type;        /* Installation, Réparation, … */
  char         *priority;        /* low, medium, high, urgent */
  OpsJobStatus  status;
  char         *technician;      /* TECH-03, NULL when unassigned */
  GStrv         assistants;      /* never NULL */
  guint         required_techs;  /* >= 1 */
  GStrv         tags;            /* required skills/tags, never NULL */
  char         *scheduled_date;  /* YYYY-MM-DD, NULL when not dated */
  gint64        start;           /* Unix seconds of date + start_time in local time; 0 when unscheduled */
  guint         duration_min;    /* > 0; 60 when the record has none */
  char         *notes;
  GStrv         equipment;       /* EQP names, never NULL */
  gboolean      has_coords;
  double        latitude;
  double        longitude;
} OpsDispatchJob;

typedef struct
{
  char     *name;           /* TECH-01 */
  char     *full_name;
  char     *phone;
  char     *email;
  GStrv     skills;         /* never NULL */
  char     *color;          /* #3584e4 or NULL */
  gboolean  has_home;
  double    home_latitude;
  double    home_longitude;
  guint     work_start_min; /* minutes after midnight, 450 = 07:30; default 480 */
  guint     work_end_min;   /* default 990 = 16:30 */
} OpsDispatchTech;

OpsDispatchJob  *ops_dispatch_job_copy         (const OpsDispatchJob  *job);
void             ops_dispatch_job_free         (OpsDispatchJob        *job);
gint64           ops_dispatch_job_end          (const OpsDispatchJob  *job);
gboolean         ops_dispatch_job_is_assigned_to (const OpsDispatchJob *job,
                                                  const char           *tech);
OpsDispatchTech *ops_dispatch_tech_copy        (const OpsDispatchTech *tech);
void             ops_dispatch_tech_free        (OpsDispatchTech       *tech);
gboolean         ops_dispatch_tech_has_skill   (const OpsDispatchTech *tech,
                                                const char            *skill);

/* ERPNext's status strings ("Scheduled", "En Route", "On Site", …) and back;
 * an unknown string maps to OPS_JOB_SCHEDULED. */
OpsJobStatus     ops_job_status_from_string    (const char            *status);
const char      *ops_job_status_to_string      (OpsJobStatus           status);
/* The status as the dispatcher reads it, translated ("En Route" → "En route"). */
const char      *ops_job_status_label          (OpsJobStatus           status);
/* The statuses a job may move to next (scheduled → en route → on site →
 * completed, any open status → cancelled or on hold, on hold → scheduled).
 * Returns the number written to out (at most 4). */
guint            ops_job_status_next           (OpsJobStatus           status,
                                                OpsJobStatus           out[4]);

/* Local midnight of a YYYY-MM-DD date, in Unix seconds; 0 when invalid. */
gint64           ops_dispatch_day_start        (const char            *date);
/* The local time zone, loaded once (GLib re-reads it from disk on every
 * g_time_zone_new_local () when TZ is unset). (transfer none) */
GTimeZone       *ops_dispatch_local_zone       (void);
/* t in the local time zone. (transfer full) */
GDateTime       *ops_dispatch_local_time       (gint64                 t);
/* "YYYY-MM-DD" of the local day holding t. */
char            *ops_dispatch_day_of           (gint64                 t);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsDispatchJob, ops_dispatch_job_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsDispatchTech, ops_dispatch_tech_free)

G_END_DECLS
