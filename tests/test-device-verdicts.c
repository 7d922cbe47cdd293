/* test-device-verdicts.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each rule fires past its limit and not at it, cites its evidence, and
 * follows changed thresholds.
 */

#define G_LOG_DOMAIN "test-device-verdicts"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-demo-devices.h"
#include "ops-device-summary.h"
#include "ops-device-verdicts.h"
#include "ops-genieacs-csv.h"

#define RX_PATH "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower"
#define TX_PATH "Device.Optical.Interface.1.X_TP_GPON_Config.TXPower"

static GDateTime *now;

/*
 * Hand-made summaries: only what the rules read.
 */

static char *
ago (gint64 seconds)
{
  g_autoptr(GDateTime) then = g_date_time_add_seconds (now, -(gdouble)seconds);

  return g_date_time_format_iso8601 (then);
}

/* An online TR-181 device that informed a minute ago and knows nothing else. */
static OpsDeviceSummary *
summary_new (void)
{
  OpsDeviceSummary *summary = ops_device_summary_new ();

  summary->id = g_strdup ("1C61B4-XX230v-22275A7000395");
  summary->data_model = g_strdup ("TR-181");
  summary->last_inform = ago (60);
  summary->online = TRUE;
  return summary;
}

static void
set_rx (OpsDeviceSummary *summary,
        double            rx_dbm,
        gint64            age)
{
  summary->optical.rx_dbm = rx_dbm;
  g_free (summary->optical.rx_source.path);
  g_free (summary->optical.rx_source.timestamp);
  summary->optical.rx_source.path = g_strdup (RX_PATH);
  summary->optical.rx_source.timestamp = ago (age);
}

static OpsWifiRadio *
add_radio (OpsDeviceSummary *summary,
           const char       *band,
           gint              channel,
           double            noise_dbm,
           gint64            age)
{
  OpsWifiRadio *radio = g_new0 (OpsWifiRadio, 1);

  radio->band = g_strdup (band);
  radio->channel = channel;
  radio->noise_dbm = noise_dbm;
  radio->clients = -1;
  radio->enabled = TRUE;
  radio->noise_source.path = g_strdup_printf ("Device.WiFi.Radio.%u.Stats.Noise", summary->radios->len + 1);
  radio->noise_source.timestamp = ago (age);
  g_ptr_array_add (summary->radios, radio);
  return radio;
}

static OpsMeshNode *
add_node (OpsDeviceSummary *summary,
          const char       *name,
          gboolean          is_root,
          double            utilization)
{
  OpsMeshNode *node = g_new0 (OpsMeshNode, 1);

  node->name = g_strdup (name);
  node->mac = g_strdup ("60:32:B1:CB:98:28");
  node->is_root = is_root;
  node->backhaul = is_root ? NULL : g_strdup ("Wi-Fi");
  node->backhaul_utilization = utilization;
  node->backhaul_signal_dbm = NAN;
  node->utilization_source.path = g_strdup_printf ("Device.WiFi.MultiAP.APDevice.%u.BackhaulLinkUtilization",
                                                   summary->mesh->len + 1);
  node->utilization_source.timestamp = ago (90);
  g_ptr_array_add (summary->mesh, node);
  return node;
}

static void
set_download (OpsDeviceSummary *summary,
              const char       *state,
              double            speed_mbps)
{
  g_free (summary->download.state);
  g_free (summary->download.finished_at);
  summary->download.state = g_strdup (state);
  summary->download.speed_mbps = speed_mbps;
  summary->download.finished_at = ago (120);
}

static OpsVerdictContext
context_none (void)
{
  OpsVerdictContext context = { NAN, NAN, NAN };

  return context;
}

/*
 * Reading the verdicts
 */

static GPtrArray *
verdicts_with (const OpsDeviceSummary     *summary,
               const OpsVerdictThresholds *thresholds,
               const OpsVerdictContext    *context)
{
  OpsVerdictThresholds defaults;
  GPtrArray *verdicts;

  if (thresholds == NULL)
    {
      ops_verdict_thresholds_init_default (&defaults);
      thresholds = &defaults;
    }
  verdicts = ops_device_verdicts (summary, thresholds, context, now);
  g_assert_nonnull (verdicts);

  /* Most severe first, every one complete. */
  for (guint i = 0; i < verdicts->len; i++)
    {
      OpsVerdict *verdict = g_ptr_array_index (verdicts, i);

      g_assert_nonnull (verdict->code);
      g_assert_nonnull (verdict->message);
      g_assert_cmpstr (verdict->message, !=, "");
      if (i > 0)
        g_assert_cmpint (((OpsVerdict *)g_ptr_array_index (verdicts, i - 1))->severity, >=, verdict->severity);
    }
  return verdicts;
}

static OpsVerdict *
find (GPtrArray  *verdicts,
      const char *code)
{
  OpsVerdict *found = NULL;

  for (guint i = 0; i < verdicts->len; i++)
    {
      OpsVerdict *verdict = g_ptr_array_index (verdicts, i);

      if (g_str_equal (verdict->code, code))
        {
          g_assert_null (found);   /* each code once, unless it names a band or a node */
          found = verdict;
        }
    }
  return found;
}

static guint
count (GPtrArray  *verdicts,
       const char *code)
{
  guint n = 0;

  for (guint i = 0; i < verdicts->len; i++)
    if (g_str_equal (((OpsVerdict *)g_ptr_array_index (verdicts, i))->code, code))
      n++;
  return n;
}

/* Whether only the given code fires for an RX reading. */
static OpsVerdict *
single (GPtrArray  *verdicts,
        const char *code)
{
  g_assert_cmpuint (verdicts->len, ==, 1);
  return find (verdicts, code);
}

/*
 * Tests
 */

static void
test_defaults (void)
{
  OpsVerdictThresholds t;

  memset (&t, 0, sizeof t);
  ops_verdict_thresholds_init_default (&t);
  g_assert_cmpfloat (t.rx_low_dbm, ==, -25.0);
  g_assert_cmpfloat (t.rx_high_dbm, ==, -8.0);
  g_assert_cmpfloat (t.drift_db, ==, 3.0);
  g_assert_cmpfloat (t.noise_high_dbm, ==, -75.0);
  g_assert_cmpfloat (t.backhaul_high_percent, ==, 70.0);
  g_assert_cmpfloat (t.slow_client_ratio, ==, 0.5);
  g_assert_cmpint (t.online_seconds, ==, 300);
  g_assert_cmpint (t.stale_seconds, ==, 3600);

  g_assert_cmpstr (ops_severity_to_string (OPS_SEVERITY_OK), ==, "ok");
  g_assert_cmpstr (ops_severity_to_string (OPS_SEVERITY_INFO), ==, "info");
  g_assert_cmpstr (ops_severity_to_string (OPS_SEVERITY_WARNING), ==, "warning");
  g_assert_cmpstr (ops_severity_to_string (OPS_SEVERITY_CRITICAL), ==, "critical");
}

static void
test_nothing_known (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

  /* Unknown values say nothing: no "0 dBm", no verdict. */
  g_assert_cmpuint (verdicts->len, ==, 0);
}

static void
test_fibre_low (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  g_autoptr(GPtrArray) at_limit = NULL;
  g_autoptr(GPtrArray) below = NULL;
  OpsVerdict *verdict;

  set_rx (summary, -25.0, 120);
  at_limit = verdicts_with (summary, NULL, NULL);
  single (at_limit, "fibre-ok");

  set_rx (summary, -27.44, 120);
  below = verdicts_with (summary, NULL, NULL);
  verdict = single (below, "fibre-low");
  g_assert_nonnull (verdict);
  g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_CRITICAL);
  g_assert_cmpstr (verdict->parameter, ==, RX_PATH);
  g_assert_cmpstr (verdict->value, ==, "-27.4 dBm");
  g_assert_cmpstr (verdict->timestamp, ==, summary->optical.rx_source.timestamp);
  g_assert_nonnull (strstr (verdict->message, "-27.4 dBm"));
  g_assert_nonnull (strstr (verdict->message, "-25.0 dBm"));
  /* The point of the rule: the ONT is not the fault. */
  g_assert_nonnull (verdict->action);
  g_assert_nonnull (strstr (verdict->action, "Do not swap the ONT"));
  g_assert_nonnull (strstr (verdict->action, "clean"));

  set_rx (summary, -25.05, 120);
  {
    g_autoptr(GPtrArray) just_below = verdicts_with (summary, NULL, NULL);

    single (just_below, "fibre-low");
  }
}

static void
test_fibre_overload (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  g_autoptr(GPtrArray) at_limit = NULL;
  g_autoptr(GPtrArray) above = NULL;
  OpsVerdict *verdict;

  set_rx (summary, -8.0, 60);
  at_limit = verdicts_with (summary, NULL, NULL);
  verdict = single (at_limit, "fibre-ok");
  g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_OK);
  g_assert_cmpstr (verdict->value, ==, "-8.0 dBm");
  g_assert_null (verdict->action);

  set_rx (summary, -6.0, 60);
  above = verdicts_with (summary, NULL, NULL);
  verdict = single (above, "fibre-overload");
  g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_WARNING);
  g_assert_cmpstr (verdict->value, ==, "-6.0 dBm");
  g_assert_cmpstr (verdict->parameter, ==, RX_PATH);
  g_assert_nonnull (strstr (verdict->action, "attenuator"));
}

static void
test_fibre_drift (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  OpsVerdictContext context = context_none ();
  OpsVerdict *verdict;

  context.baseline_rx_dbm = -18.0;

  /* 2.9 dB down: still fine. */
  set_rx (summary, -20.9, 60);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    single (verdicts, "fibre-ok");
  }

  /* 3 dB down, far above the absolute limit: the drift warns first. */
  set_rx (summary, -21.0, 60);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    verdict = single (verdicts, "fibre-drift");
    g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_WARNING);
    g_assert_cmpstr (verdict->value, ==, "-21.0 dBm");
    g_assert_cmpstr (verdict->parameter, ==, RX_PATH);
    g_assert_nonnull (strstr (verdict->message, "3.0 dB"));
    g_assert_nonnull (strstr (verdict->message, "-18.0 dBm"));
    g_assert_null (find (verdicts, "fibre-low"));
  }

  /* The demo's drifting unit. */
  set_rx (summary, -22.4, 60);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    single (verdicts, "fibre-drift");
  }

  /* Below the limit the absolute rule speaks alone. */
  set_rx (summary, -26.0, 60);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    single (verdicts, "fibre-low");
  }

  /* A drift needs a baseline. */
  set_rx (summary, -22.4, 60);
  context.baseline_rx_dbm = NAN;
  {
    g_autoptr(GPtrArray) no_baseline = verdicts_with (summary, NULL, &context);
    g_autoptr(GPtrArray) no_context = verdicts_with (summary, NULL, NULL);

    single (no_baseline, "fibre-ok");
    single (no_context, "fibre-ok");
  }

  /* A signal better than at installation is no drift. */
  context.baseline_rx_dbm = -24.0;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    single (verdicts, "fibre-ok");
  }
}

static void
test_wifi_interference (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  OpsWifiRadio *radio_24;
  OpsWifiRadio *radio_5;
  OpsVerdict *verdict;

  radio_24 = add_radio (summary, "2.4 GHz", 6, -75.0, 60);
  radio_5 = add_radio (summary, "5 GHz", 153, NAN, 60);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    g_assert_cmpuint (verdicts->len, ==, 0);
  }

  radio_24->noise_dbm = -62.0;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    verdict = single (verdicts, "wifi-interference");
    g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_WARNING);
    g_assert_nonnull (strstr (verdict->message, "2.4 GHz"));
    g_assert_nonnull (strstr (verdict->message, "channel 6"));
    g_assert_cmpstr (verdict->parameter, ==, "Device.WiFi.Radio.1.Stats.Noise");
    g_assert_cmpstr (verdict->value, ==, "-62 dBm");
    g_assert_cmpstr (verdict->timestamp, ==, radio_24->noise_source.timestamp);
    g_assert_nonnull (strstr (verdict->action, "channel"));
  }

  /* One verdict per noisy band. */
  radio_5->noise_dbm = -70.0;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    g_assert_cmpuint (count (verdicts, "wifi-interference"), ==, 2);
  }

  /* A radio that is off reports nothing worth acting on. */
  radio_5->enabled = FALSE;
  radio_24->channel = -1;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    verdict = single (verdicts, "wifi-interference");
    g_assert_nonnull (strstr (verdict->message, "2.4 GHz"));
    g_assert_null (strstr (verdict->message, "channel"));
  }
}

static void
test_mesh_backhaul (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  OpsMeshNode *satellite;
  OpsVerdict *verdict;

  add_node (summary, "XX230v_2AC8", TRUE, 95.0);   /* the gateway's own figure is not a backhaul */
  satellite = add_node (summary, "Deco sous-sol", FALSE, 70.0);
  add_node (summary, "Deco salon", FALSE, NAN);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    g_assert_cmpuint (verdicts->len, ==, 0);
  }

  satellite->backhaul_utilization = 85.0;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    verdict = single (verdicts, "mesh-backhaul");
    g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_WARNING);
    g_assert_nonnull (strstr (verdict->message, "Deco sous-sol"));
    g_assert_nonnull (strstr (verdict->action, "Deco sous-sol"));
    g_assert_nonnull (strstr (verdict->action, "Ethernet"));
    g_assert_cmpstr (verdict->value, ==, "85 %");
    g_assert_cmpstr (verdict->parameter, ==, "Device.WiFi.MultiAP.APDevice.2.BackhaulLinkUtilization");
    g_assert_cmpstr (verdict->timestamp, ==, satellite->utilization_source.timestamp);
  }
}

static void
test_wifi_or_client (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  OpsVerdictContext context = context_none ();
  OpsVerdict *verdict;

  set_download (summary, "Completed", 940.0);
  context.plan_mbps = 1000.0;

  /* No speed from the customer: nothing to compare. */
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    g_assert_cmpuint (verdicts->len, ==, 0);
  }

  context.client_mbps = 470.0;   /* exactly half: not slow */
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    g_assert_null (find (verdicts, "wifi-or-client"));
  }

  context.client_mbps = 120.0;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    verdict = single (verdicts, "wifi-or-client");
    g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_INFO);
    g_assert_nonnull (strstr (verdict->message, "940 Mbit/s"));
    g_assert_nonnull (strstr (verdict->message, "120 Mbit/s"));
    g_assert_cmpstr (verdict->value, ==, "940 Mbit/s");
    g_assert_cmpstr (verdict->parameter, ==, "Device.IP.Diagnostics.DownloadDiagnostics");
    g_assert_cmpstr (verdict->timestamp, ==, summary->download.finished_at);
  }

  /* The ONT itself is slow (below 80 % of the plan): not the Wi-Fi's fault. */
  set_download (summary, "Completed", 799.0);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    g_assert_null (find (verdicts, "wifi-or-client"));
  }
  set_download (summary, "Completed", 800.0);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    single (verdicts, "wifi-or-client");
  }

  /* Without a plan a completed test is taken as it is. */
  context.plan_mbps = NAN;
  set_download (summary, "Completed", 300.0);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    single (verdicts, "wifi-or-client");
  }

  /* No completed test, no verdict. */
  set_download (summary, "Error_Timeout", NAN);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    g_assert_cmpuint (verdicts->len, ==, 0);
  }
  set_download (summary, "Requested", 900.0);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    g_assert_cmpuint (verdicts->len, ==, 0);
  }

  /* TR-098 names its own diagnostics object. */
  set_download (summary, "Completed", 900.0);
  g_free (summary->data_model);
  summary->data_model = g_strdup ("TR-098");
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    verdict = single (verdicts, "wifi-or-client");
    g_assert_cmpstr (verdict->parameter, ==, "InternetGatewayDevice.DownloadDiagnostics");
  }
}

static void
test_offline (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  OpsVerdict *verdict;

  g_free (summary->last_inform);
  summary->last_inform = ago (300);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    g_assert_null (find (verdicts, "offline"));
  }

  g_free (summary->last_inform);
  summary->last_inform = ago (301);
  summary->online = FALSE;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    verdict = single (verdicts, "offline");
    g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_CRITICAL);
    g_assert_cmpstr (verdict->value, ==, "5 min");
    g_assert_cmpstr (verdict->parameter, ==, "_lastInform");
    g_assert_cmpstr (verdict->timestamp, ==, summary->last_inform);
    g_assert_nonnull (strstr (verdict->message, "5 min"));
    g_assert_nonnull (verdict->action);
  }

  /* Two days: the age in days, and old readings are not called "stale"
   * on top of it; the last known signal is still shown. */
  g_free (summary->last_inform);
  summary->last_inform = ago (2 * 24 * 3600 + 180);
  set_rx (summary, -19.5, 2 * 24 * 3600 + 240);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    g_assert_cmpuint (verdicts->len, ==, 2);
    verdict = g_ptr_array_index (verdicts, 0);
    g_assert_cmpstr (verdict->code, ==, "offline");
    g_assert_cmpstr (verdict->value, ==, "2 days");
    g_assert_nonnull (find (verdicts, "fibre-ok"));
    g_assert_null (find (verdicts, "stale"));
  }

  g_free (summary->last_inform);
  summary->last_inform = ago (5 * 3600 + 59);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    g_assert_cmpstr (find (verdicts, "offline")->value, ==, "5 h");
  }

  /* No last inform: nothing is claimed. */
  g_clear_pointer (&summary->last_inform, g_free);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    g_assert_null (find (verdicts, "offline"));
  }
}

static void
test_stale (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  OpsWifiRadio *radio;
  OpsVerdict *verdict;

  set_rx (summary, -19.0, 3600);
  radio = add_radio (summary, "2.4 GHz", 6, -90.0, 5 * 3600);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    single (verdicts, "fibre-ok");
  }

  set_rx (summary, -19.0, 3601);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    verdict = find (verdicts, "stale");
    g_assert_nonnull (verdict);
    g_assert_cmpint (verdict->severity, ==, OPS_SEVERITY_INFO);
    /* The newest of the values is what is cited. */
    g_assert_cmpstr (verdict->parameter, ==, RX_PATH);
    g_assert_cmpstr (verdict->value, ==, "1 h");
    g_assert_cmpstr (verdict->timestamp, ==, summary->optical.rx_source.timestamp);
    g_assert_nonnull (strstr (verdict->action, "Refresh"));
    /* Info comes after nothing worse, before the OK. */
    g_assert_cmpstr (((OpsVerdict *)g_ptr_array_index (verdicts, 0))->code, ==, "stale");
    g_assert_cmpstr (((OpsVerdict *)g_ptr_array_index (verdicts, 1))->code, ==, "fibre-ok");
  }

  /* A fresh noise reading makes the data fresh. */
  g_free (radio->noise_source.timestamp);
  radio->noise_source.timestamp = ago (600);
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, NULL);

    g_assert_null (find (verdicts, "stale"));
  }
}

static void
test_thresholds_changed (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  OpsVerdictThresholds thresholds;
  OpsVerdictContext context = context_none ();
  OpsWifiRadio *radio;
  OpsMeshNode *node;

  set_rx (summary, -27.4, 60);
  radio = add_radio (summary, "2.4 GHz", 6, -62.0, 60);
  node = add_node (summary, "Deco sous-sol", FALSE, 85.0);
  set_download (summary, "Completed", 900.0);
  context.client_mbps = 300.0;
  context.baseline_rx_dbm = -25.0;

  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, NULL, &context);

    g_assert_nonnull (find (verdicts, "fibre-low"));
    g_assert_nonnull (find (verdicts, "wifi-interference"));
    g_assert_nonnull (find (verdicts, "mesh-backhaul"));
    g_assert_nonnull (find (verdicts, "wifi-or-client"));
    g_assert_cmpint (((OpsVerdict *)g_ptr_array_index (verdicts, 0))->severity, ==, OPS_SEVERITY_CRITICAL);
  }

  ops_verdict_thresholds_init_default (&thresholds);
  thresholds.rx_low_dbm = -28.0;
  thresholds.drift_db = 5.0;
  thresholds.noise_high_dbm = -60.0;
  thresholds.backhaul_high_percent = 90.0;
  thresholds.slow_client_ratio = 0.3;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, &thresholds, &context);

    single (verdicts, "fibre-ok");
  }

  thresholds.rx_high_dbm = -30.0;
  thresholds.drift_db = 2.0;
  thresholds.noise_high_dbm = -63.0;
  thresholds.backhaul_high_percent = 84.0;
  thresholds.slow_client_ratio = 0.34;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, &thresholds, &context);

    g_assert_nonnull (find (verdicts, "fibre-overload"));
    g_assert_nonnull (find (verdicts, "fibre-drift"));
    g_assert_nonnull (find (verdicts, "wifi-interference"));
    g_assert_nonnull (find (verdicts, "mesh-backhaul"));
    g_assert_nonnull (find (verdicts, "wifi-or-client"));
    g_assert_null (find (verdicts, "fibre-ok"));
  }

  /* Online and stale limits. */
  g_free (summary->last_inform);
  summary->last_inform = ago (2 * 24 * 3600);
  set_rx (summary, -19.0, 2 * 24 * 3600);
  g_free (radio->noise_source.timestamp);
  radio->noise_source.timestamp = ago (2 * 24 * 3600);
  g_free (node->utilization_source.timestamp);
  node->utilization_source.timestamp = ago (2 * 24 * 3600);
  ops_verdict_thresholds_init_default (&thresholds);
  thresholds.online_seconds = 3 * 24 * 3600;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, &thresholds, NULL);

    g_assert_null (find (verdicts, "offline"));
    g_assert_nonnull (find (verdicts, "stale"));
    g_assert_cmpstr (find (verdicts, "stale")->value, ==, "2 days");
  }
  thresholds.stale_seconds = 3 * 24 * 3600;
  {
    g_autoptr(GPtrArray) verdicts = verdicts_with (summary, &thresholds, NULL);

    g_assert_null (find (verdicts, "offline"));
    g_assert_null (find (verdicts, "stale"));
  }
}

static void
test_order (void)
{
  g_autoptr(OpsDeviceSummary) summary = summary_new ();
  g_autoptr(GPtrArray) verdicts = NULL;
  OpsVerdictContext context = context_none ();

  /* Rules that fire in the opposite order of their severity. */
  set_download (summary, "Completed", 900.0);
  context.client_mbps = 50.0;
  add_node (summary, "Deco sous-sol", FALSE, 85.0);
  set_rx (summary, -30.0, 60);
  verdicts = verdicts_with (summary, NULL, &context);

  g_assert_cmpuint (verdicts->len, ==, 3);
  g_assert_cmpstr (((OpsVerdict *)g_ptr_array_index (verdicts, 0))->code, ==, "fibre-low");
  g_assert_cmpstr (((OpsVerdict *)g_ptr_array_index (verdicts, 1))->code, ==, "mesh-backhaul");
  g_assert_cmpstr (((OpsVerdict *)g_ptr_array_index (verdicts, 2))->code, ==, "wifi-or-client");
}

/*
 * Demo devices: the documents behind the demo workspace's equipment
 */

typedef struct
{
  const char           *device_id;
  const char           *customer;
  OpsDemoDeviceVariant  variant;
} DemoUnit;

/* One unit of each variant among the first twenty customers. */
static const DemoUnit showcase[] = {
  { "1C61B4-XX230v-22275A7000395", "C0001", OPS_DEMO_DEVICE_HEALTHY },
  { "202BC1-BM632w-8KA8WA1619982076", "C0003", OPS_DEMO_DEVICE_CONGESTED },
  { "1C61B4-XX230v-22275A7048755", "C0005", OPS_DEMO_DEVICE_WEAK_SIGNAL },
  { "1C61B4-XX230v-22275A7835321", "C0006", OPS_DEMO_DEVICE_FAR_SATELLITE },
  { "1C61B4-XX230v-22275A7327520", "C0008", OPS_DEMO_DEVICE_OVERLOAD },
  { "1C61B4-XX230v-22275A7756882", "C0011", OPS_DEMO_DEVICE_DRIFT },
  { "1C61B4-XX230v-22275A7566525", "C0012", OPS_DEMO_DEVICE_OFFLINE },
  { "1C61B4-XX230v-22275A7208506", "C0016", OPS_DEMO_DEVICE_CONGESTED },
};

static JsonObject *
demo_document (const char *device_id)
{
  g_autoptr(GError) error = NULL;
  JsonObject *doc = ops_demo_device_document (device_id, now, &error);

  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static JsonNode *
leaf_value (JsonObject *doc,
            const char *path)
{
  JsonObject *leaf = ops_device_doc_get_node (doc, path);

  g_assert_nonnull (leaf);
  g_assert_true (json_object_has_member (leaf, "_value"));
  return json_object_get_member (leaf, "_value");
}

static gint64
leaf_int (JsonObject *doc,
          const char *path)
{
  JsonNode *value = leaf_value (doc, path);

  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_INT64);
  return json_node_get_int (value);
}

static const char *
leaf_string (JsonObject *doc,
             const char *path)
{
  return json_node_get_string (leaf_value (doc, path));
}

static gint64
age_of (const char *timestamp)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_iso8601 (timestamp, NULL);

  g_assert_nonnull (then);
  return g_date_time_difference (now, then) / G_TIME_SPAN_SECOND;
}

static double
rx_dbm_of (JsonObject *doc)
{
  return 10.0 * log10 ((double)leaf_int (doc, RX_PATH) * 1e-4);
}

static void
check_times (JsonObject *object,
             guint      *count)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (JSON_NODE_HOLDS_OBJECT (node))
      check_times (json_node_get_object (node), count);
    else if (g_str_equal (name, "_timestamp"))
      {
        /* Never in the future, and within the capture's span (a few hours). */
        gint64 age = age_of (json_node_get_string (node));

        g_assert_cmpint (age, >=, 0);
        g_assert_cmpint (age, <, 3 * 24 * 3600);
        (*count)++;
      }
}

static void
test_demo_identity (void)
{
  const char *id = "1C61B4-XX230v-22275A7048755";
  g_autoptr(JsonObject) doc = demo_document (id);
  g_autoptr(JsonObject) router = demo_document ("202BC1-BM632w-8KA8WA2554343407");
  g_autoptr(JsonObject) other = demo_document ("1C61B4-XX230v-22275A7327520");
  JsonObject *device_ids;

  g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==, id);
  device_ids = json_object_get_object_member (doc, "_deviceId");
  g_assert_cmpstr (json_object_get_string_member (device_ids, "_SerialNumber"), ==, "22275A7048755");
  g_assert_cmpstr (json_object_get_string_member (device_ids, "_OUI"), ==, "1C61B4");
  g_assert_cmpstr (leaf_string (doc, "Device.DeviceInfo.SerialNumber"), ==, "22275A7048755");
  g_assert_cmpstr (leaf_string (doc, "Device.WiFi.MultiAP.APDevice.1.SerialNumber"), ==, "22275A7048755");
  /* A GPON serial of its own, still TP-Link's ("TPLG"). */
  g_assert_true (g_str_has_prefix (leaf_string (doc, "Device.Optical.Interface.1.GponAuth.GponSn"), "54504C47"));
  g_assert_cmpuint (strlen (leaf_string (doc, "Device.Optical.Interface.1.GponAuth.GponSn")), ==, 16);
  g_assert_cmpstr (leaf_string (doc, "Device.Optical.Interface.1.GponAuth.GponSn"), !=, "54504C47B4FB2AC8");
  g_assert_cmpstr (leaf_string (doc, "Device.Optical.Interface.1.GponAuth.GponSn"), !=,
                   leaf_string (other, "Device.Optical.Interface.1.GponAuth.GponSn"));
  /* The rest is the real model's. */
  g_assert_cmpstr (leaf_string (doc, "Device.DeviceInfo.ModelName"), ==, "XX230v");

  g_assert_cmpstr (json_object_get_string_member (router, "_id"), ==, "202BC1-BM632w-8KA8WA2554343407");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (router, "_deviceId"),
                                                  "_SerialNumber"), ==, "8KA8WA2554343407");
  g_assert_cmpstr (leaf_string (router, "InternetGatewayDevice.DeviceInfo.SerialNumber"), ==, "8KA8WA2554343407");
}

static void
test_demo_unknown (void)
{
  g_autoptr(GError) error = NULL;
  const char *ids[] = { "9CA2F4-EC220%2DG5-22275K2000315", "1C61B4-XX230v-", "", "1C61B4-Device2-22275A7000395" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      JsonObject *doc = ops_demo_device_document (ids[i], now, &error);

      g_assert_null (doc);
      g_assert_error (error, OPS_DEMO_DEVICE_ERROR, OPS_DEMO_DEVICE_ERROR_UNKNOWN);
      g_clear_error (&error);
    }
  g_assert_true (isnan (ops_demo_device_rx_dbm ("202BC1-BM632w-8KA8WA2554343407")));
  g_assert_true (isnan (ops_demo_device_rx_dbm ("nothing")));
}

static void
test_demo_times (void)
{
  const char *ids[] = { "1C61B4-XX230v-22275A7000395", "202BC1-BM632w-8KA8WA2554343407",
                        "1C61B4-XX230v-22275A7835321", "1C61B4-XX230v-22275A7208506" };

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autoptr(JsonObject) doc = demo_document (ids[i]);
      gint64 inform = age_of (json_object_get_string_member (doc, "_lastInform"));
      guint count = 0;

      /* Informed one to four minutes ago. */
      g_assert_cmpint (inform, >=, 60);
      g_assert_cmpint (inform, <=, 240);
      if (json_object_has_member (doc, "_registered"))
        g_assert_cmpint (age_of (json_object_get_string_member (doc, "_registered")), >, inform);
      check_times (doc, &count);
      g_assert_cmpuint (count, >, 100);
    }

  /* The RX reading is as fresh as the capture had it: read just before the
   * last inform. */
  {
    g_autoptr(JsonObject) doc = demo_document ("1C61B4-XX230v-22275A7000395");
    JsonObject *rx = ops_device_doc_get_node (doc, RX_PATH);
    gint64 rx_age = age_of (json_object_get_string_member (rx, "_timestamp"));

    g_assert_cmpint (rx_age, >=, 60);
    g_assert_cmpint (rx_age, <, 10 * 60);
  }

  /* Offline: two days without news. */
  {
    g_autoptr(JsonObject) doc = demo_document ("1C61B4-XX230v-22275A7566525");
    gint64 inform = age_of (json_object_get_string_member (doc, "_lastInform"));
    guint count = 0;

    g_assert_cmpint (inform, >=, 2 * 24 * 3600);
    g_assert_cmpint (inform, <, 2 * 24 * 3600 + 3600);
    check_times (doc, &count);
  }
}

static void
test_demo_raw_variants (void)
{
  /* Healthy: the real unit of C0001, with a usual signal, not the capture's
   * −2.5 dBm. */
  {
    g_autoptr(JsonObject) doc = demo_document ("1C61B4-XX230v-22275A7000395");
    double rx = rx_dbm_of (doc);

    g_assert_cmpint (ops_demo_device_variant ("1C61B4-XX230v-22275A7000395"), ==, OPS_DEMO_DEVICE_HEALTHY);
    g_assert_cmpint (leaf_int (doc, RX_PATH), !=, 5624);
    g_assert_cmpfloat (rx, <=, -17.0);
    g_assert_cmpfloat (rx, >=, -22.0);
    g_assert_cmpfloat_with_epsilon (rx, ops_demo_device_rx_dbm ("1C61B4-XX230v-22275A7000395"), 1e-9);
    g_assert_cmpint (leaf_int (doc, "Device.WiFi.Radio.1.Stats.Noise"), <, -75);
    g_assert_null (ops_device_doc_get_node (doc, "Device.WiFi.MultiAP.APDevice.2"));
  }
  {
    g_autoptr(JsonObject) doc = demo_document ("1C61B4-XX230v-22275A7048755");

    g_assert_cmpfloat (rx_dbm_of (doc), <, -27.0);
    g_assert_cmpfloat (rx_dbm_of (doc), >, -28.0);
  }
  {
    g_autoptr(JsonObject) doc = demo_document ("1C61B4-XX230v-22275A7327520");

    g_assert_cmpfloat_with_epsilon (rx_dbm_of (doc), -6.0, 0.05);
  }
  {
    g_autoptr(JsonObject) doc = demo_document ("1C61B4-XX230v-22275A7756882");

    g_assert_cmpfloat_with_epsilon (rx_dbm_of (doc), -22.4, 0.05);
  }
  {
    g_autoptr(JsonObject) doc = demo_document ("1C61B4-XX230v-22275A7208506");

    g_assert_cmpint (leaf_int (doc, "Device.WiFi.Radio.1.Stats.Noise"), ==, -62);
    g_assert_cmpint (leaf_int (doc, "Device.WiFi.MultiAP.APDevice.1.Radio.1.AP.2.AssociatedDeviceNumberOfEntries"),
                     >=, 10);
    g_assert_nonnull (ops_device_doc_get_node (doc, "Device.Hosts.Host.15"));
  }
  {
    g_autoptr(JsonObject) doc = demo_document ("1C61B4-XX230v-22275A7835321");
    const char *node = "Device.WiFi.MultiAP.APDevice.2";
    g_autofree char *name = g_strconcat (node, ".X_TP_HostName", NULL);
    g_autofree char *utilization = g_strconcat (node, ".BackhaulLinkUtilization", NULL);
    g_autofree char *link = g_strconcat (node, ".BackhaulLinkType", NULL);
    g_autofree char *signal = g_strconcat (node, ".BackhaulSignalStrength", NULL);

    g_assert_cmpstr (leaf_string (doc, name), ==, "Deco sous-sol");
    g_assert_cmpint (leaf_int (doc, utilization), ==, 85);
    g_assert_cmpstr (leaf_string (doc, link), ==, "Wi-Fi");
    g_assert_cmpint (leaf_int (doc, signal) / 2 - 110, <, -75);
    g_assert_nonnull (ops_device_doc_get_node (doc, "Device.WiFi.MultiAP.APDevice.2.Radio.1.AP.1.AssociatedDevice.1"));
    g_assert_nonnull (ops_device_doc_get_node (doc, "Device.WiFi.MultiAP.APDevice.2.Radio.2.AP.1.AssociatedDevice.1"));
    g_assert_cmpstr (leaf_string (doc, "Device.Hosts.Host.3.PhysAddress"), ==,
                     leaf_string (doc, "Device.WiFi.MultiAP.APDevice.2.Radio.2.AP.1.AssociatedDevice.1.MACAddress"));
  }
}

static void
test_demo_copies (void)
{
  g_autoptr(JsonObject) first = demo_document ("1C61B4-XX230v-22275A7000395");
  g_autoptr(JsonObject) second = NULL;

  /* A caller may change its document; the next one is untouched. */
  json_object_set_int_member (ops_device_doc_get_node (first, RX_PATH), "_value", 1);
  json_node_set_string (json_object_get_member (ops_device_doc_get_node (first, "Device.DeviceInfo.ModelName"), "_value"),
                        "changed");
  second = demo_document ("1C61B4-XX230v-22275A7000395");
  g_assert_cmpint (leaf_int (second, RX_PATH), !=, 1);
  g_assert_cmpstr (leaf_string (second, "Device.DeviceInfo.ModelName"), ==, "XX230v");
}

static gpointer
read_in_thread (gpointer data)
{
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonObject) doc = ops_demo_device_document (data, now, NULL);

      g_assert_nonnull (doc);
    }
  return NULL;
}

static void
test_demo_threads (void)
{
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("demo-device", read_in_thread,
                               (gpointer)(i % 2 ? "1C61B4-XX230v-22275A7208506" : "202BC1-BM632w-8KA8WA1619982076"));
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
}

static void
test_demo_distribution (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "demo", "equipment.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  guint counts[OPS_DEMO_DEVICE_FAR_SATELLITE + 1] = { 0 };
  guint early[OPS_DEMO_DEVICE_FAR_SATELLITE + 1] = { 0 };
  guint total = 0;
  JsonArray *units;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  g_assert_no_error (error);
  units = json_node_get_array (json_parser_get_root (parser));

  for (guint i = 0; i < json_array_get_length (units); i++)
    {
      JsonObject *unit = json_array_get_object_element (units, i);
      const char *device_id = json_object_get_string_member (unit, "device_id");
      const char *customer = json_object_get_string_member (unit, "customer");
      OpsDemoDeviceVariant variant;

      if (*device_id == '\0')
        continue;
      variant = ops_demo_device_variant (device_id);
      /* Deterministic. */
      g_assert_cmpint (ops_demo_device_variant (device_id), ==, variant);
      /* A router without optics varies its Wi-Fi only (or is off). */
      if (g_str_has_prefix (device_id, "202BC1-BM632w-"))
        g_assert_true (variant == OPS_DEMO_DEVICE_HEALTHY || variant == OPS_DEMO_DEVICE_CONGESTED ||
                       variant == OPS_DEMO_DEVICE_OFFLINE);
      counts[variant]++;
      total++;
      if (g_strcmp0 (customer, "C0020") <= 0 && g_strcmp0 (json_object_get_string_member (unit, "status"), "Actif") == 0)
        early[variant]++;
    }

  g_test_message ("%u units: %u healthy, %u weak, %u overload, %u drift, %u offline, %u congested, %u far satellite",
                  total, counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6]);
  g_assert_cmpuint (total, >, 100);
  /* Roughly 60 % healthy, and every trouble somewhere. */
  g_assert_cmpuint (counts[OPS_DEMO_DEVICE_HEALTHY] * 100 / total, >=, 50);
  g_assert_cmpuint (counts[OPS_DEMO_DEVICE_HEALTHY] * 100 / total, <=, 70);
  for (guint v = 0; v <= OPS_DEMO_DEVICE_FAR_SATELLITE; v++)
    {
      g_assert_cmpuint (counts[v], >, 0);
      /* …and each one among the first twenty customers' units in service. */
      g_assert_cmpuint (early[v], >, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (showcase); i++)
    g_assert_cmpint (ops_demo_device_variant (showcase[i].device_id), ==, showcase[i].variant);
}

/* The verdicts the console shows for a demo unit, as the device service
 * computes them: its summary, the baseline of its seeded history. */
static GPtrArray *
demo_verdicts (const char        *device_id,
               OpsDeviceSummary **out_summary)
{
  g_autoptr(JsonObject) doc = demo_document (device_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDeviceSummary) summary = NULL;
  g_autoptr(GPtrArray) history = NULL;
  OpsVerdictContext context = context_none ();
  GDate today;
  GPtrArray *verdicts;

  summary = ops_device_summarize (doc, now, 300, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  history = ops_demo_device_optical_history (device_id, &today);
  if (history->len > 0)
    context.baseline_rx_dbm = ((OpsOpticalReading *)g_ptr_array_index (history, 0))->rx_dbm;

  verdicts = verdicts_with (summary, NULL, &context);
  if (out_summary)
    *out_summary = g_steal_pointer (&summary);
  return verdicts;
}

static OpsSeverity
worst (GPtrArray *verdicts)
{
  return verdicts->len > 0 ? ((OpsVerdict *)g_ptr_array_index (verdicts, 0))->severity : OPS_SEVERITY_OK;
}

static void
test_demo_summarised (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (showcase); i++)
    {
      g_autoptr(OpsDeviceSummary) summary = NULL;
      g_autoptr(GPtrArray) verdicts = demo_verdicts (showcase[i].device_id, &summary);
      OpsVerdict *first = verdicts->len > 0 ? g_ptr_array_index (verdicts, 0) : NULL;
      OpsVerdict *verdict;

      g_test_message ("%s (%s): %u verdicts, first %s", showcase[i].device_id, showcase[i].customer,
                      verdicts->len, first ? first->code : "none");
      g_assert_cmpstr (summary->id, ==, showcase[i].device_id);

      /* Only the offline unit is offline; nothing demo is stale. */
      g_assert_cmpint (summary->online, ==, showcase[i].variant != OPS_DEMO_DEVICE_OFFLINE);
      g_assert_null (find (verdicts, "stale"));

      switch (showcase[i].variant)
        {
        case OPS_DEMO_DEVICE_HEALTHY:
          g_assert_cmpint (worst (verdicts), <=, OPS_SEVERITY_INFO);
          if (g_str_has_prefix (showcase[i].device_id, "1C61B4-"))
            {
              verdict = find (verdicts, "fibre-ok");
              g_assert_nonnull (verdict);
              g_assert_cmpfloat (summary->optical.rx_dbm, <=, -17.0);
              g_assert_cmpfloat (summary->optical.rx_dbm, >=, -22.0);
            }
          break;

        case OPS_DEMO_DEVICE_WEAK_SIGNAL:
          g_assert_cmpstr (first->code, ==, "fibre-low");
          g_assert_cmpstr (first->value, ==, "-27.4 dBm");
          g_assert_cmpstr (first->parameter, ==, RX_PATH);
          g_assert_nonnull (first->timestamp);
          break;

        case OPS_DEMO_DEVICE_OVERLOAD:
          g_assert_cmpstr (first->code, ==, "fibre-overload");
          g_assert_cmpstr (first->value, ==, "-6.0 dBm");
          break;

        case OPS_DEMO_DEVICE_DRIFT:
          /* Above the absolute limit, caught by the drift against −18 dBm. */
          g_assert_cmpstr (first->code, ==, "fibre-drift");
          g_assert_cmpstr (first->value, ==, "-22.4 dBm");
          g_assert_null (find (verdicts, "fibre-low"));
          break;

        case OPS_DEMO_DEVICE_OFFLINE:
          g_assert_cmpstr (first->code, ==, "offline");
          g_assert_cmpstr (first->value, ==, "2 days");
          break;

        case OPS_DEMO_DEVICE_CONGESTED:
          {
            OpsWifiRadio *radio = NULL;

            g_assert_cmpstr (first->code, ==, "wifi-interference");
            g_assert_cmpuint (count (verdicts, "wifi-interference"), ==, 1);
            g_assert_nonnull (strstr (first->message, "2.4 GHz"));
            g_assert_cmpstr (first->value, ==, "-62 dBm");
            for (guint r = 0; r < summary->radios->len; r++)
              if (g_strcmp0 (((OpsWifiRadio *)g_ptr_array_index (summary->radios, r))->band, "2.4 GHz") == 0)
                radio = g_ptr_array_index (summary->radios, r);
            g_assert_nonnull (radio);
            g_assert_cmpint (radio->clients, >=, 10);
          }
          break;

        case OPS_DEMO_DEVICE_FAR_SATELLITE:
          {
            OpsMeshNode *satellite;
            guint attached = 0;

            g_assert_cmpstr (first->code, ==, "mesh-backhaul");
            g_assert_nonnull (strstr (first->message, "Deco sous-sol"));
            g_assert_cmpstr (first->value, ==, "85 %");
            g_assert_cmpuint (summary->mesh->len, ==, 2);
            satellite = g_ptr_array_index (summary->mesh, 1);
            g_assert_false (satellite->is_root);
            g_assert_cmpstr (satellite->name, ==, "Deco sous-sol");
            g_assert_cmpstr (satellite->backhaul, ==, "Wi-Fi");
            g_assert_cmpfloat (satellite->backhaul_signal_dbm, <, -75.0);
            g_assert_cmpint (satellite->clients, ==, 2);
            for (guint h = 0; h < summary->hosts->len; h++)
              if (g_strcmp0 (((OpsHost *)g_ptr_array_index (summary->hosts, h))->node, "Deco sous-sol") == 0)
                attached++;
            g_assert_cmpuint (attached, ==, 2);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

static void
test_demo_every_unit (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "resources", "demo", "equipment.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *units;
  guint seen = 0;

  g_assert_true (json_parser_load_from_file (parser, path, &error));
  units = json_node_get_array (json_parser_get_root (parser));

  /* Every demo unit summarises, and its verdict is the one its variant
   * means, whatever the hash picked. */
  for (guint i = 0; i < json_array_get_length (units) && seen < 40; i++)
    {
      const char *device_id = json_object_get_string_member (json_array_get_object_element (units, i), "device_id");
      g_autoptr(GPtrArray) verdicts = NULL;
      const char *expected[] = { NULL, "fibre-low", "fibre-overload", "fibre-drift", "offline",
                                 "wifi-interference", "mesh-backhaul" };
      OpsDemoDeviceVariant variant;

      if (*device_id == '\0')
        continue;
      seen++;
      variant = ops_demo_device_variant (device_id);
      verdicts = demo_verdicts (device_id, NULL);
      if (variant == OPS_DEMO_DEVICE_HEALTHY)
        g_assert_cmpint (worst (verdicts), <=, OPS_SEVERITY_INFO);
      else
        g_assert_cmpstr (((OpsVerdict *)g_ptr_array_index (verdicts, 0))->code, ==, expected[variant]);
    }
  g_assert_cmpuint (seen, ==, 40);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  now = g_date_time_new_utc (2026, 11, 22, 12, 0, 0);

  g_test_add_func ("/verdicts/defaults", test_defaults);
  g_test_add_func ("/verdicts/nothing-known", test_nothing_known);
  g_test_add_func ("/verdicts/fibre-low", test_fibre_low);
  g_test_add_func ("/verdicts/fibre-overload", test_fibre_overload);
  g_test_add_func ("/verdicts/fibre-drift", test_fibre_drift);
  g_test_add_func ("/verdicts/wifi-interference", test_wifi_interference);
  g_test_add_func ("/verdicts/mesh-backhaul", test_mesh_backhaul);
  g_test_add_func ("/verdicts/wifi-or-client", test_wifi_or_client);
  g_test_add_func ("/verdicts/offline", test_offline);
  g_test_add_func ("/verdicts/stale", test_stale);
  g_test_add_func ("/verdicts/thresholds-changed", test_thresholds_changed);
  g_test_add_func ("/verdicts/order", test_order);
  g_test_add_func ("/verdicts/demo/identity", test_demo_identity);
  g_test_add_func ("/verdicts/demo/unknown", test_demo_unknown);
  g_test_add_func ("/verdicts/demo/times", test_demo_times);
  g_test_add_func ("/verdicts/demo/raw-variants", test_demo_raw_variants);
  g_test_add_func ("/verdicts/demo/copies", test_demo_copies);
  g_test_add_func ("/verdicts/demo/threads", test_demo_threads);
  g_test_add_func ("/verdicts/demo/distribution", test_demo_distribution);
  g_test_add_func ("/verdicts/demo/summarised", test_demo_summarised);
  g_test_add_func ("/verdicts/demo/every-unit", test_demo_every_unit);

  status = g_test_run ();
  g_date_time_unref (now);
  return status;
}
