/* ops-dispatch-types.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-dispatch-types"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "ops-dispatch-types.h"

static const char * const status_strings[] = {
  [OPS_JOB_UNASSIGNED] = "Unassigned",
  [OPS_JOB_SCHEDULED]  = "Scheduled",
  [OPS_JOB_EN_ROUTE]   = "En Route",
  [OPS_JOB_ON_SITE]    = "On Site",
  [OPS_JOB_COMPLETED]  = "Completed",
  [OPS_JOB_ON_HOLD]    = "On Hold",
  [OPS_JOB_CANCELLED]  = "Cancelled",
};

static GStrv
strv_copy_or_empty (GStrv strv)
{
  return strv != NULL ? g_strdupv (strv) : g_new0 (char *, 1);
}

OpsDispatchJob *
ops_dispatch_job_copy (const OpsDispatchJob *job)
{
  OpsDispatchJob *copy;

  g_return_val_if_fail (job != NULL, NULL);

  copy = g_new0 (OpsDispatchJob, 1);
  *copy = *job;
  copy->name = g_strdup (job->name);
  copy->customer = g_strdup (job->customer);
  copy->customer_name = g_strdup (job->customer_name);
  copy->location = g_strdup (job->location);
  copy->address = g_strdup (job->address);
  copy->subject = g_strdup (job->subject);
  copy->job_type = g_strdup (job->job_type);
  copy->priority = g_strdup (job->priority);
  copy->technician = g_strdup (job->technician);
  copy->assistants = strv_copy_or_empty (job->assistants);
  copy->tags = strv_copy_or_empty (job->tags);
  copy->scheduled_date = g_strdup (job->scheduled_date);
  copy->notes = g_strdup (job->notes);
  copy->equipment = strv_copy_or_empty (job->equipment);

  return copy;
}

void
ops_dispatch_job_free (OpsDispatchJob *job)
{
  if (job == NULL)
    return;

  g_free (job->name);
  g_free (job->customer);
  g_free (job->customer_name);
  g_free (job->location);
  g_free (job->address);
  g_free (job->subject);
  g_free (job->job_type);
  g_free (job->priority);
  g_free (job->technician);
  g_strfreev (job->assistants);
  g_strfreev (job->tags);
  g_free (job->scheduled_date);
  g_free (job->notes);
  g_strfreev (job->equipment);
  g_free (job);
}

gint64
ops_dispatch_job_end (const OpsDispatchJob *job)
{
  g_return_val_if_fail (job != NULL, 0);

  if (job->start == 0)
    return 0;

  return job->start + (gint64) job->duration_min * 60;
}

gboolean
ops_dispatch_job_is_assigned_to (const OpsDispatchJob *job,
                                 const char           *tech)
{
  g_return_val_if_fail (job != NULL, FALSE);

  if (tech == NULL)
    return FALSE;

  if (g_strcmp0 (job->technician, tech) == 0)
    return TRUE;

  return job->assistants != NULL && g_strv_contains ((const char * const *) job->assistants, tech);
}

OpsDispatchTech *
ops_dispatch_tech_copy (const OpsDispatchTech *tech)
{
  OpsDispatchTech *copy;

  g_return_val_if_fail (tech != NULL, NULL);

  copy = g_new0 (OpsDispatchTech, 1);
  *copy = *tech;
  copy->name = g_strdup (tech->name);
  copy->full_name = g_strdup (tech->full_name);
  copy->phone = g_strdup (tech->phone);
  copy->email = g_strdup (tech->email);
  copy->skills = strv_copy_or_empty (tech->skills);
  copy->color = g_strdup (tech->color);

  return copy;
}

void
ops_dispatch_tech_free (OpsDispatchTech *tech)
{
  if (tech == NULL)
    return;

  g_free (tech->name);
  g_free (tech->full_name);
  g_free (tech->phone);
  g_free (tech->email);
  g_strfreev (tech->skills);
  g_free (tech->color);
  g_free (tech);
}

/* Composed then case-folded, so "É" typed either way compares equal. */
static char *
fold (const char *text)
{
  g_autofree char *normal = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT_COMPOSE);

  if (normal == NULL)
    return NULL;

  return g_utf8_casefold (normal, -1);
}

/* Case-insensitive, accent-sensitive: "fibre" matches "Fibre", "Épissure"
 * matches "épissure" but not "Epissure". */
gboolean
ops_dispatch_tech_has_skill (const OpsDispatchTech *tech,
                             const char            *skill)
{
  g_autofree char *wanted = NULL;

  g_return_val_if_fail (tech != NULL, FALSE);

  if (skill == NULL || tech->skills == NULL)
    return FALSE;

  wanted = fold (skill);
  if (wanted == NULL)
    return FALSE;

  for (guint i = 0; tech->skills[i] != NULL; i++)
    {
      g_autofree char *have = fold (tech->skills[i]);

      if (have != NULL && strcmp (have, wanted) == 0)
        return TRUE;
    }

  return FALSE;
}

OpsJobStatus
ops_job_status_from_string (const char *status)
{
  if (status == NULL)
    return OPS_JOB_SCHEDULED;

  for (guint i = 0; i < G_N_ELEMENTS (status_strings); i++)
    {
      if (g_ascii_strcasecmp (status, status_strings[i]) == 0)
        return (OpsJobStatus) i;
    }

  return OPS_JOB_SCHEDULED;
}

const char *
ops_job_status_to_string (OpsJobStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_strings), "Scheduled");

  return status_strings[status];
}

const char *
ops_job_status_label (OpsJobStatus status)
{
  switch (status)
    {
    /* Translators: Dispatch Job statuses */
    case OPS_JOB_UNASSIGNED: return _("Unassigned");
    case OPS_JOB_SCHEDULED:  return _("Scheduled");
    case OPS_JOB_EN_ROUTE:   return _("En Route");
    case OPS_JOB_ON_SITE:    return _("On Site");
    case OPS_JOB_COMPLETED:  return _("Completed");
    case OPS_JOB_ON_HOLD:    return _("On Hold");
    case OPS_JOB_CANCELLED:  return _("Cancelled");
    default:                 g_return_val_if_reached (_("Scheduled"));
    }
}

guint
ops_job_status_next (OpsJobStatus status,
                     OpsJobStatus out[4])
{
  guint n = 0;

  switch (status)
    {
    case OPS_JOB_SCHEDULED:
      out[n++] = OPS_JOB_EN_ROUTE;
      break;
    case OPS_JOB_EN_ROUTE:
      out[n++] = OPS_JOB_ON_SITE;
      break;
    case OPS_JOB_ON_SITE:
      out[n++] = OPS_JOB_COMPLETED;
      break;
    case OPS_JOB_ON_HOLD:
      out[n++] = OPS_JOB_SCHEDULED;
      out[n++] = OPS_JOB_CANCELLED;
      return n;
    case OPS_JOB_UNASSIGNED:
      break;
    case OPS_JOB_COMPLETED:
    case OPS_JOB_CANCELLED:
    default:
      return 0;
    }

  out[n++] = OPS_JOB_ON_HOLD;
  out[n++] = OPS_JOB_CANCELLED;

  return n;
}

gint64
ops_dispatch_day_start (const char *date)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) dt = NULL;
  int year, month, day;
  char tail;

  if (date == NULL || strlen (date) != 10)
    return 0;

  if (sscanf (date, "%4d-%2d-%2d%c", &year, &month, &day, &tail) != 3)
    return 0;

  if (!g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
    return 0;

  tz = g_time_zone_ref (ops_dispatch_local_zone ());
  dt = g_date_time_new (tz, year, month, day, 0, 0, 0);
  if (dt == NULL)
    return 0;

  return g_date_time_to_unix (dt);
}

GTimeZone *
ops_dispatch_local_zone (void)
{
  static GTimeZone *zone;

  if (g_once_init_enter (&zone))
    g_once_init_leave (&zone, g_time_zone_new_local ());
  return zone;
}

GDateTime *
ops_dispatch_local_time (gint64 t)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t);

  if (utc == NULL)
    return NULL;
  return g_date_time_to_timezone (utc, ops_dispatch_local_zone ());
}

char *
ops_dispatch_day_of (gint64 t)
{
  g_autoptr(GDateTime) dt = ops_dispatch_local_time (t);

  if (dt == NULL)
    return NULL;

  return g_date_time_format (dt, "%Y-%m-%d");
}
