/* ops-device-verdicts.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules a CSR would apply by hand, each citing the value it read.  The
 * order of the rules does not matter: the result is sorted by severity.
 *
 * Boundaries: a limit itself is still fine (RX at exactly rx_low_dbm is not
 * "fibre-low"); a drift of exactly drift_db counts.  A drift is reported only
 * while the signal is still above rx_low_dbm, where it warns before the
 * absolute limit does; below it "fibre-low" already says what to do.
 */

#define G_LOG_DOMAIN "ops-device-verdicts"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ops-device-verdicts.h"

/* Slack for the "at least" comparisons of values computed in floating point. */
#define EPSILON 1e-9

static const char *const severity_names[] = { "ok", "info", "warning", "critical" };

/*
 * Auxiliary methods
 */

static OpsVerdict *
verdict_new (const char  *code,
             OpsSeverity  severity,
             char        *message,
             char        *action,
             const char  *parameter,
             char        *value,
             const char  *timestamp)
{
  OpsVerdict *self = g_new0 (OpsVerdict, 1);

  self->code = g_strdup (code);
  self->severity = severity;
  self->message = message;
  self->action = action;
  self->parameter = g_strdup (parameter);
  self->value = value;
  self->timestamp = g_strdup (timestamp);
  return self;
}

static char *
format_dbm (double dbm)
{
  return g_strdup_printf ("%.1f dBm", dbm);
}

static char *
format_duration (gint64 seconds)
{
  gint64 n;

  if (seconds < 60 * 60)
    return g_strdup_printf (_("%d min"), (int)MAX (seconds / 60, 1));
  if (seconds < 48 * 60 * 60)
    return g_strdup_printf (_("%d h"), (int)(seconds / (60 * 60)));
  n = seconds / (24 * 60 * 60);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day", "%d days", (gulong)MIN (n, G_MAXINT)),
                          (int)MIN (n, G_MAXINT));
}

/* Seconds from an ISO 8601 timestamp (UTC unless it says otherwise) to now. */
static gboolean
timestamp_age (const char *timestamp,
               GDateTime  *now,
               gint64     *age)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) then = NULL;

  if (timestamp == NULL || *timestamp == '\0')
    return FALSE;
  utc = g_time_zone_new_utc ();
  then = g_date_time_new_from_iso8601 (timestamp, utc);
  if (then == NULL)
    return FALSE;
  *age = g_date_time_difference (now, then) / G_TIME_SPAN_SECOND;
  return TRUE;
}

static const char *
download_path (const OpsDeviceSummary *summary)
{
  if (g_strcmp0 (summary->data_model, "TR-098") == 0)
    return "InternetGatewayDevice.DownloadDiagnostics";
  return "Device.IP.Diagnostics.DownloadDiagnostics";
}

static void
check_optical (const OpsDeviceSummary     *summary,
               const OpsVerdictThresholds *thresholds,
               const OpsVerdictContext    *context,
               GPtrArray                  *verdicts)
{
  const OpsOpticalSummary *optical = &summary->optical;
  double rx = optical->rx_dbm;
  gboolean drift = FALSE;

  if (isnan (rx))
    return;

  if (rx < thresholds->rx_low_dbm)
    {
      g_autofree char *limit = format_dbm (thresholds->rx_low_dbm);
      g_autofree char *shown = format_dbm (rx);

      g_ptr_array_add (verdicts,
                       verdict_new ("fibre-low", OPS_SEVERITY_CRITICAL,
                                    g_strdup_printf (_("The fibre signal is too weak: %s received, the minimum is %s. "
                                                       "The fibre or a connector is dirty or damaged."),
                                                     shown, limit),
                                    g_strdup (_("Do not swap the ONT: it is not the cause. Send a technician to "
                                                "clean and test the fibre and its connectors.")),
                                    optical->rx_source.path, g_strdup (shown), optical->rx_source.timestamp));
      return;
    }

  if (context != NULL && !isnan (context->baseline_rx_dbm) &&
      context->baseline_rx_dbm - rx >= thresholds->drift_db - EPSILON)
    {
      g_autofree char *was = format_dbm (context->baseline_rx_dbm);
      g_autofree char *shown = format_dbm (rx);

      g_ptr_array_add (verdicts,
                       verdict_new ("fibre-drift", OPS_SEVERITY_WARNING,
                                    g_strdup_printf (_("The fibre signal has dropped by %.1f dB since installation: "
                                                       "%s now, %s at first."),
                                                     context->baseline_rx_dbm - rx, shown, was),
                                    g_strdup (_("Schedule a technician to clean and check the fibre and its "
                                                "connectors before the signal falls below the limit. Do not swap "
                                                "the ONT.")),
                                    optical->rx_source.path, g_strdup (shown), optical->rx_source.timestamp));
      drift = TRUE;
    }

  if (rx > thresholds->rx_high_dbm)
    {
      g_autofree char *limit = format_dbm (thresholds->rx_high_dbm);
      g_autofree char *shown = format_dbm (rx);

      g_ptr_array_add (verdicts,
                       verdict_new ("fibre-overload", OPS_SEVERITY_WARNING,
                                    g_strdup_printf (_("The fibre signal is too strong: %s received, the maximum is %s. "
                                                       "The ONT's receiver is overloaded."),
                                                     shown, limit),
                                    g_strdup (_("Send a technician to fit an optical attenuator. Do not swap the ONT.")),
                                    optical->rx_source.path, g_strdup (shown), optical->rx_source.timestamp));
    }
  else if (!drift)
    {
      g_autofree char *shown = format_dbm (rx);

      g_ptr_array_add (verdicts,
                       verdict_new ("fibre-ok", OPS_SEVERITY_OK,
                                    g_strdup_printf (_("The fibre signal is good (%s)."), shown),
                                    NULL,
                                    optical->rx_source.path, g_strdup (shown), optical->rx_source.timestamp));
    }
}

static void
check_radios (const OpsDeviceSummary     *summary,
              const OpsVerdictThresholds *thresholds,
              GPtrArray                  *verdicts)
{
  if (summary->radios == NULL)
    return;

  for (guint i = 0; i < summary->radios->len; i++)
    {
      const OpsWifiRadio *radio = g_ptr_array_index (summary->radios, i);
      const char *band = radio->band ? radio->band : "?";
      g_autofree char *shown = NULL;
      char *message;

      if (!radio->enabled || isnan (radio->noise_dbm) || radio->noise_dbm <= thresholds->noise_high_dbm)
        continue;

      shown = g_strdup_printf ("%.0f dBm", radio->noise_dbm);
      if (radio->channel >= 0)
        message = g_strdup_printf (_("Wi-Fi interference on the %s band, channel %d: the noise level is %s."),
                                   band, radio->channel, shown);
      else
        message = g_strdup_printf (_("Wi-Fi interference on the %s band: the noise level is %s."), band, shown);

      g_ptr_array_add (verdicts,
                       verdict_new ("wifi-interference", OPS_SEVERITY_WARNING, message,
                                    g_strdup_printf (_("Change the channel of the %s band, or move the router away "
                                                       "from other routers, microwave ovens and cordless phones."),
                                                     band),
                                    radio->noise_source.path, g_strdup (shown),
                                    radio->noise_source.timestamp));
    }
}

static void
check_mesh (const OpsDeviceSummary     *summary,
            const OpsVerdictThresholds *thresholds,
            GPtrArray                  *verdicts)
{
  if (summary->mesh == NULL)
    return;

  for (guint i = 0; i < summary->mesh->len; i++)
    {
      const OpsMeshNode *node = g_ptr_array_index (summary->mesh, i);
      const char *name;
      g_autofree char *shown = NULL;

      if (node->is_root || isnan (node->backhaul_utilization) ||
          node->backhaul_utilization <= thresholds->backhaul_high_percent)
        continue;

      name = node->name ? node->name : node->mac ? node->mac : _("unnamed satellite");
      shown = g_strdup_printf ("%.0f %%", node->backhaul_utilization);
      g_ptr_array_add (verdicts,
                       verdict_new ("mesh-backhaul", OPS_SEVERITY_WARNING,
                                    g_strdup_printf (_("The mesh satellite “%s” struggles to reach the main router: "
                                                       "its backhaul link is %s busy."),
                                                     name, shown),
                                    g_strdup_printf (_("Move “%s” closer to the main router, or connect it to the "
                                                       "router with an Ethernet cable."),
                                                     name),
                                    node->utilization_source.path, g_strdup (shown),
                                    node->utilization_source.timestamp));
    }
}

static void
check_client_speed (const OpsDeviceSummary     *summary,
                    const OpsVerdictThresholds *thresholds,
                    const OpsVerdictContext    *context,
                    GPtrArray                  *verdicts)
{
  const OpsDownloadTest *test = &summary->download;

  if (context == NULL || isnan (context->client_mbps))
    return;
  if (test->state == NULL || !g_str_has_prefix (test->state, "Complete") || isnan (test->speed_mbps))
    return;
  /* The line is only "fine" when the ONT got close to what was sold. */
  if (!isnan (context->plan_mbps) && test->speed_mbps < context->plan_mbps * 0.8 - EPSILON)
    return;
  if (context->client_mbps >= thresholds->slow_client_ratio * test->speed_mbps)
    return;

  g_ptr_array_add (verdicts,
                   verdict_new ("wifi-or-client", OPS_SEVERITY_INFO,
                                g_strdup_printf (_("The line is fine: the ONT downloads at %.0f Mbit/s, but the "
                                                   "customer's device gets only %.0f Mbit/s."),
                                                 test->speed_mbps, context->client_mbps),
                                g_strdup (_("Look at the Wi-Fi (distance, band, interference) or at the customer's "
                                            "device. Do not send a technician for the fibre.")),
                                download_path (summary), g_strdup_printf ("%.0f Mbit/s", test->speed_mbps),
                                test->finished_at));
}

/* Returns whether the device is online (or its last inform is unknown). */
static gboolean
check_offline (const OpsDeviceSummary     *summary,
               const OpsVerdictThresholds *thresholds,
               GDateTime                  *now,
               GPtrArray                  *verdicts)
{
  g_autofree char *age_text = NULL;
  gint64 age;

  if (!timestamp_age (summary->last_inform, now, &age) || age <= thresholds->online_seconds)
    return TRUE;

  age_text = format_duration (age);
  g_ptr_array_add (verdicts,
                   verdict_new ("offline", OPS_SEVERITY_CRITICAL,
                                g_strdup_printf (_("The device has not contacted the server for %s."), age_text),
                                g_strdup (_("Ask the customer whether the device is powered and what its lights "
                                            "show. If the fibre light is red or off, send a technician for the "
                                            "fibre; do not swap the device.")),
                                "_lastInform", g_strdup (age_text), summary->last_inform));
  return FALSE;
}

static void
consider_source (const OpsSource  *source,
                 GDateTime        *now,
                 const OpsSource **newest,
                 gint64           *newest_age)
{
  gint64 age;

  if (source->timestamp == NULL || !timestamp_age (source->timestamp, now, &age))
    return;
  if (*newest == NULL || age < *newest_age)
    {
      *newest = source;
      *newest_age = age;
    }
}

static void
check_stale (const OpsDeviceSummary     *summary,
             const OpsVerdictThresholds *thresholds,
             GDateTime                  *now,
             GPtrArray                  *verdicts)
{
  const OpsSource *newest = NULL;
  gint64 age = 0;
  g_autofree char *age_text = NULL;

  if (!isnan (summary->optical.rx_dbm))
    consider_source (&summary->optical.rx_source, now, &newest, &age);
  if (!isnan (summary->optical.tx_dbm))
    consider_source (&summary->optical.tx_source, now, &newest, &age);
  for (guint i = 0; summary->radios != NULL && i < summary->radios->len; i++)
    {
      const OpsWifiRadio *radio = g_ptr_array_index (summary->radios, i);

      if (!isnan (radio->noise_dbm))
        consider_source (&radio->noise_source, now, &newest, &age);
    }

  if (newest == NULL || age <= thresholds->stale_seconds)
    return;

  age_text = format_duration (age);
  g_ptr_array_add (verdicts,
                   verdict_new ("stale", OPS_SEVERITY_INFO,
                                g_strdup_printf (_("The readings shown are %s old."), age_text),
                                g_strdup (_("Refresh the device to read current values before deciding.")),
                                newest->path, g_strdup (age_text), newest->timestamp));
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b)
{
  const OpsVerdict *va = *(const OpsVerdict *const *)a;
  const OpsVerdict *vb = *(const OpsVerdict *const *)b;

  return (int)vb->severity - (int)va->severity;
}

/*
 * Public API
 */

void
ops_verdict_thresholds_init_default (OpsVerdictThresholds *thresholds)
{
  g_return_if_fail (thresholds != NULL);

  thresholds->rx_low_dbm = -25.0;
  thresholds->rx_high_dbm = -8.0;
  thresholds->drift_db = 3.0;
  thresholds->noise_high_dbm = -75.0;
  thresholds->backhaul_high_percent = 70.0;
  thresholds->slow_client_ratio = 0.5;
  thresholds->online_seconds = 300;
  thresholds->stale_seconds = 3600;
}

/**
 * ops_device_verdicts:
 * @context: (nullable): the baseline, the customer's speed and the plan
 *
 * Returns: (transfer full) (element-type OpsVerdict): the verdicts, most
 *   severe first; empty when nothing can be said
 */
GPtrArray *
ops_device_verdicts (const OpsDeviceSummary     *summary,
                     const OpsVerdictThresholds *thresholds,
                     const OpsVerdictContext    *context,
                     GDateTime                  *now)
{
  OpsVerdictThresholds defaults;
  GPtrArray *verdicts;

  g_return_val_if_fail (summary != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (thresholds == NULL)
    {
      ops_verdict_thresholds_init_default (&defaults);
      thresholds = &defaults;
    }

  verdicts = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_verdict_free);

  if (check_offline (summary, thresholds, now, verdicts))
    check_stale (summary, thresholds, now, verdicts);
  check_optical (summary, thresholds, context, verdicts);
  check_radios (summary, thresholds, verdicts);
  check_mesh (summary, thresholds, verdicts);
  check_client_speed (summary, thresholds, context, verdicts);

  /* g_ptr_array_sort is stable: equal severities keep the rules' order. */
  g_ptr_array_sort (verdicts, compare_severity);
  return verdicts;
}

void
ops_verdict_free (OpsVerdict *self)
{
  if (self == NULL)
    return;
  g_free (self->code);
  g_free (self->message);
  g_free (self->action);
  g_free (self->parameter);
  g_free (self->value);
  g_free (self->timestamp);
  g_free (self);
}

const char *
ops_severity_to_string (OpsSeverity severity)
{
  g_return_val_if_fail ((guint)severity < G_N_ELEMENTS (severity_names), NULL);
  return severity_names[severity];
}
