/* ops-dispatch-text.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsDispatchText"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-dispatch-text.h"

OpsLabel
ops_dispatch_status_label (OpsJobStatus status)
{
  /* The status's name is core's; the colour is the console's. */
  OpsLabel label = { ops_job_status_label (status), NULL };

  switch (status)
    {
    case OPS_JOB_SCHEDULED:
      label.style = "accent";
      break;
    case OPS_JOB_EN_ROUTE:
    case OPS_JOB_ON_SITE:
      label.style = "warning";
      break;
    case OPS_JOB_COMPLETED:
      label.style = "success";
      break;
    case OPS_JOB_CANCELLED:
      label.style = "error";
      break;
    case OPS_JOB_UNASSIGNED:
    case OPS_JOB_ON_HOLD:
    default:
      break;
    }
  return label;
}

OpsLabel
ops_dispatch_priority_label (const char *priority)
{
  OpsLabel label = { NULL, NULL };

  if (priority == NULL || *priority == '\0')
    return label;
  if (g_ascii_strcasecmp (priority, "low") == 0)
    label.label = C_("priority", "Low");
  else if (g_ascii_strcasecmp (priority, "medium") == 0)
    label.label = C_("priority", "Medium");
  else if (g_ascii_strcasecmp (priority, "high") == 0)
    {
      label.label = C_("priority", "High");
      label.style = "warning";
    }
  else if (g_ascii_strcasecmp (priority, "urgent") == 0)
    {
      label.label = C_("priority", "Urgent");
      label.style = "error";
    }
  else
    label.label = priority;
  return label;
}

char *
ops_dispatch_city_of (const char *address)
{
  const char *comma;

  if (address == NULL || *address == '\0')
    return NULL;
  comma = strrchr (address, ',');
  return g_strstrip (g_strdup (comma ? comma + 1 : address));
}

char *
ops_dispatch_format_day (gint64 t)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (t);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *day = ops_dispatch_day_of (t);
  g_autofree char *today = ops_dispatch_day_of (g_date_time_to_unix (now));
  gint64 today_start = ops_dispatch_day_start (today);
  gint64 day_start = ops_dispatch_day_start (day);
  gint64 diff = (day_start - today_start + 43200) / 86400;

  if (when == NULL)
    return g_strdup ("");
  if (diff == 0)
    return g_strdup (_("Today"));
  if (diff == 1)
    return g_strdup (_("Tomorrow"));
  if (diff == -1)
    return g_strdup (_("Yesterday"));
  /* Translators: a day in the dispatch board, see strftime. */
  return g_date_time_format (when, _("%A %-d %B"));
}

char *
ops_dispatch_format_duration (guint minutes)
{
  if (minutes < 60)
    return g_strdup_printf (_("%u min"), minutes);
  if (minutes % 60 == 0)
    return g_strdup_printf (_("%u h"), minutes / 60);
  return g_strdup_printf (_("%u h %02u min"), minutes / 60, minutes % 60);
}

char *
ops_dispatch_format_when (const OpsDispatchJob *job)
{
  g_autofree char *day = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  g_return_val_if_fail (job != NULL, NULL);

  if (job->start == 0)
    {
      gint64 start = ops_dispatch_day_start (job->scheduled_date);

      if (start == 0)
        return g_strdup (_("Not scheduled"));
      day = ops_dispatch_format_day (start);
      /* Translators: a day, then that the job has no time yet. */
      return g_strdup_printf (_("%s, no time set"), day);
    }

  day = ops_dispatch_format_day (job->start);
  from = g_date_time_new_from_unix_local (job->start);
  to = g_date_time_new_from_unix_local (ops_dispatch_job_end (job));
  from_text = g_date_time_format (from, "%H:%M");
  to_text = g_date_time_format (to, "%H:%M");
  /* Translators: day, start time, end time: "Today, 10:15–11:30". */
  return g_strdup_printf (_("%s, %s–%s"), day, from_text, to_text);
}
