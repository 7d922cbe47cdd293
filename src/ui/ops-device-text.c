/* ops-device-text.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-device-text"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ops-device-text.h"
#include "ops-status-text.h"

/* A plan delivers when the ONT measures at least this share of it. */
#define PLAN_DELIVERED_RATIO 0.8

char *
ops_format_dbm (double dbm)
{
  if (isnan (dbm))
    return g_strdup (C_("value", "unknown"));
  return g_strdup_printf ("%.1f dBm", dbm);
}

char *
ops_format_with_age (const char *value,
                     const char *timestamp,
                     GDateTime  *now)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) then = NULL;
  g_autofree char *age = NULL;

  g_return_val_if_fail (value != NULL, NULL);

  if (timestamp == NULL || *timestamp == '\0' || now == NULL)
    return g_strdup (value);
  utc = g_time_zone_new_utc ();
  if (!(then = g_date_time_new_from_iso8601 (timestamp, utc)) ||
      g_date_time_difference (now, then) < OPS_DEVICE_FRESH_SECONDS * G_TIME_SPAN_SECOND)
    return g_strdup (value);

  age = ops_format_age (then, now);
  /* TRANSLATORS: a value and how old it is: "-18.4 dBm · 3 min ago" */
  return g_strdup_printf (_("%s · %s"), value, age);
}

char *
ops_format_duration (gint64 seconds)
{
  gint64 days, hours, minutes;

  if (seconds < 0)
    return NULL;

  days = seconds / (24 * 3600);
  hours = (seconds % (24 * 3600)) / 3600;
  minutes = (seconds % 3600) / 60;

  if (days > 0)
    {
      g_autofree char *d = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong)MIN (days, G_MAXINT)),
                                            (int)MIN (days, G_MAXINT));

      if (hours == 0)
        return g_steal_pointer (&d);
      /* TRANSLATORS: a duration: "3 days 4 h" */
      return g_strdup_printf (_("%s %d h"), d, (int)hours);
    }
  if (hours > 0)
    /* TRANSLATORS: a duration: "5 h 12 min" */
    return g_strdup_printf (_("%d h %d min"), (int)hours, (int)minutes);
  return g_strdup_printf (_("%d min"), (int)minutes);
}

char *
ops_format_mbps (double mbps)
{
  if (isnan (mbps) || mbps < 0)
    return NULL;
  /* TRANSLATORS: a speed in megabits per second */
  return g_strdup_printf (_("%.0f Mbit/s"), mbps);
}

void
ops_device_thresholds_from_config (OpsConfig            *config,
                                   OpsVerdictThresholds *thresholds)
{
  g_return_if_fail (thresholds != NULL);

  ops_verdict_thresholds_init_default (thresholds);
  if (config == NULL)
    return;

#define READ_DOUBLE(field) \
  if (ops_config_get_string (config, "diagnostics", #field) != NULL) \
    thresholds->field = ops_config_get_double (config, "diagnostics", #field)
#define READ_INT(field) \
  if (ops_config_get_string (config, "diagnostics", #field) != NULL) \
    thresholds->field = ops_config_get_int (config, "diagnostics", #field)

  READ_DOUBLE (rx_low_dbm);
  READ_DOUBLE (rx_high_dbm);
  READ_DOUBLE (drift_db);
  READ_DOUBLE (noise_high_dbm);
  READ_DOUBLE (backhaul_high_percent);
  READ_DOUBLE (slow_client_ratio);
  READ_INT (online_seconds);
  READ_INT (stale_seconds);

#undef READ_DOUBLE
#undef READ_INT
}

double
ops_plan_mbps (const char *plan)
{
  const char *p;
  char *end = NULL;
  guint64 speed;

  if (plan == NULL)
    return NAN;
  for (p = plan; *p != '\0' && !g_ascii_isdigit (*p); p++)
    ;
  if (*p == '\0')
    return NAN;
  speed = g_ascii_strtoull (p, &end, 10);
  if (speed == 0)
    return NAN;
  /* "Fibre 3 Gb" and the like. */
  while (end != NULL && *end == ' ')
    end++;
  if (end != NULL && g_ascii_tolower (*end) == 'g')
    speed *= 1000;
  return (double)speed;
}

char *
ops_speedtest_sentence (double      measured_mbps,
                        const char *plan,
                        double      plan_mbps)
{
  g_autofree char *measured = ops_format_mbps (measured_mbps);
  g_autofree char *planned = ops_format_mbps (plan_mbps);
  int percent;

  if (measured == NULL)
    return g_strdup (_("The speed test did not report a speed. Try it again."));

  if (plan == NULL || planned == NULL || plan_mbps <= 0)
    return g_strdup_printf (_("%s at the ONT. No Internet plan is on file to compare it with."), measured);

  percent = (int)round (100.0 * measured_mbps / plan_mbps);
  if (measured_mbps >= PLAN_DELIVERED_RATIO * plan_mbps)
    return g_strdup_printf (_("%s at the ONT: %d %% of the %s plan (%s). The line delivers the plan: "
                              "if the customer finds it slow, look at the Wi-Fi or at their device."),
                            measured, percent, plan, planned);
  return g_strdup_printf (_("%s at the ONT: only %d %% of the %s plan (%s). The line itself is slow: "
                            "check the fibre findings above, then escalate to the network team."),
                          measured, percent, plan, planned);
}

const char *
ops_severity_style (OpsSeverity severity)
{
  switch (severity)
    {
    case OPS_SEVERITY_OK:
      return "success";
    case OPS_SEVERITY_INFO:
      return "accent";
    case OPS_SEVERITY_WARNING:
      return "warning";
    case OPS_SEVERITY_CRITICAL:
    default:
      return "error";
    }
}

const char *
ops_severity_icon_name (OpsSeverity severity)
{
  switch (severity)
    {
    case OPS_SEVERITY_OK:
      return "emblem-ok-symbolic";
    case OPS_SEVERITY_INFO:
      return "dialog-information-symbolic";
    case OPS_SEVERITY_WARNING:
      return "dialog-warning-symbolic";
    case OPS_SEVERITY_CRITICAL:
    default:
      return "dialog-error-symbolic";
    }
}

const char *
ops_ip_role_label (OpsIpRole role)
{
  switch (role)
    {
    case OPS_IP_ROLE_INTERNET:
      return C_("ip role", "Internet");
    case OPS_IP_ROLE_MANAGEMENT:
      return C_("ip role", "Management");
    case OPS_IP_ROLE_SERVICE:
      return C_("ip role", "Phone and TV service");
    case OPS_IP_ROLE_LAN:
    default:
      return C_("ip role", "Home network (LAN)");
    }
}

OpsLabel
ops_signal_label (double dbm)
{
  OpsLabel label = { C_("signal", "Unknown"), NULL };

  if (isnan (dbm))
    return label;
  if (dbm >= -60)
    {
      label.label = C_("signal", "Good");
      label.style = "success";
    }
  else if (dbm >= -72)
    {
      label.label = C_("signal", "Fair");
      label.style = "warning";
    }
  else
    {
      label.label = C_("signal", "Weak");
      label.style = "error";
    }
  return label;
}

OpsLabel
ops_link_status_label (const char *status)
{
  OpsLabel label = { status ? status : C_("link", "Unknown"), NULL };

  if (g_strcmp0 (status, "Up") == 0)
    {
      label.label = C_("link", "Up");
      label.style = "success";
    }
  else if (g_strcmp0 (status, "Down") == 0 || g_strcmp0 (status, "NoLink") == 0 ||
           g_strcmp0 (status, "LowerLayerDown") == 0 || g_strcmp0 (status, "Disabled") == 0)
    label.label = C_("link", "Down");
  else if (g_strcmp0 (status, "Error") == 0)
    {
      label.label = C_("link", "Error");
      label.style = "error";
    }
  return label;
}

OpsLabel
ops_rx_label (double                      rx_dbm,
              const OpsVerdictThresholds *thresholds)
{
  OpsLabel label = { C_("fibre", "Unknown"), NULL };

  if (isnan (rx_dbm))
    return label;
  if (rx_dbm < thresholds->rx_low_dbm)
    {
      label.label = C_("fibre", "Too weak");
      label.style = "error";
    }
  else if (rx_dbm > thresholds->rx_high_dbm)
    {
      label.label = C_("fibre", "Too strong");
      label.style = "warning";
    }
  else
    {
      label.label = C_("fibre", "Good");
      label.style = "success";
    }
  return label;
}
