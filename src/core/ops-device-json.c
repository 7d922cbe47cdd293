/* ops-device-json.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Device summaries, verdicts and hosts as the headless server's JSON.
 */

#define G_LOG_DOMAIN "OpsDeviceJson"

#include "config.h"

#include <math.h>

#include "ops-device-json.h"
#include "ops-store.h"

/*
 * Auxiliary methods
 */

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

/* Two decimals are what a CSR reads (-27.43 dBm); null when unknown. */
static void
add_double (JsonBuilder *builder,
            const char  *name,
            double       value)
{
  json_builder_set_member_name (builder, name);
  if (isfinite (value))
    json_builder_add_double_value (builder, round (value * 100.0) / 100.0);
  else
    json_builder_add_null_value (builder);
}

/* Negative integers mean "unknown". */
static void
add_count (JsonBuilder *builder,
           const char  *name,
           gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (value >= 0)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_optical (JsonBuilder             *builder,
             const OpsDeviceSummary  *summary,
             double                   baseline_rx_dbm)
{
  json_builder_set_member_name (builder, "opticalStatus");
  json_builder_begin_object (builder);
  add_string (builder, "status", summary->optical.status);
  add_double (builder, "rxPower", summary->optical.rx_dbm);
  add_double (builder, "txPower", summary->optical.tx_dbm);
  add_double (builder, "baselineRxPower", baseline_rx_dbm);
  json_builder_end_object (builder);
}

static void
add_interfaces (JsonBuilder            *builder,
                const OpsDeviceSummary *summary)
{
  json_builder_set_member_name (builder, "interfaces");
  json_builder_begin_array (builder);
  for (guint i = 0; summary->addresses && i < summary->addresses->len; i++)
    {
      const OpsIpAddress *address = g_ptr_array_index (summary->addresses, i);

      json_builder_begin_object (builder);
      add_string (builder, "role", ops_ip_role_to_string (address->role));
      add_string (builder, "ip", address->ip);
      add_string (builder, "interface", address->interface);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_wifi (JsonBuilder            *builder,
          const OpsDeviceSummary *summary)
{
  gint64 total = 0;
  gboolean known = FALSE;

  json_builder_set_member_name (builder, "wifi");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "radios");
  json_builder_begin_array (builder);
  for (guint i = 0; summary->radios && i < summary->radios->len; i++)
    {
      const OpsWifiRadio *radio = g_ptr_array_index (summary->radios, i);

      json_builder_begin_object (builder);
      add_string (builder, "band", radio->band);
      add_count (builder, "channel", radio->channel);
      add_double (builder, "noise", radio->noise_dbm);
      add_count (builder, "clients", radio->clients);
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, radio->enabled);
      add_string (builder, "ssid", radio->ssid);
      json_builder_end_object (builder);

      if (radio->clients >= 0)
        {
          total += radio->clients;
          known = TRUE;
        }
    }
  json_builder_end_array (builder);
  add_count (builder, "totalClients", known ? total : -1);
  json_builder_end_object (builder);
}

static void
add_mesh (JsonBuilder            *builder,
          const OpsDeviceSummary *summary)
{
  json_builder_set_member_name (builder, "mesh");
  json_builder_begin_array (builder);
  for (guint i = 0; summary->mesh && i < summary->mesh->len; i++)
    {
      const OpsMeshNode *node = g_ptr_array_index (summary->mesh, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", node->name);
      add_string (builder, "mac", node->mac);
      add_double (builder, "backhaulUtilization", node->backhaul_utilization);
      add_count (builder, "clients", node->clients);
      json_builder_set_member_name (builder, "root");
      json_builder_add_boolean_value (builder, node->is_root);
      add_string (builder, "backhaul", node->backhaul);
      add_double (builder, "backhaulSignal", node->backhaul_signal_dbm);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_ethernet (JsonBuilder            *builder,
              const OpsDeviceSummary *summary)
{
  json_builder_set_member_name (builder, "ethernet");
  json_builder_begin_array (builder);
  for (guint i = 0; summary->ethernet && i < summary->ethernet->len; i++)
    {
      const OpsEthernetPort *port = g_ptr_array_index (summary->ethernet, i);

      json_builder_begin_object (builder);
      add_string (builder, "port", port->name);
      add_string (builder, "status", port->status);
      add_count (builder, "speed", port->speed_mbps);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_verdicts (JsonBuilder *builder,
              GPtrArray   *verdicts)
{
  json_builder_set_member_name (builder, "verdicts");
  json_builder_begin_array (builder);
  for (guint i = 0; verdicts && i < verdicts->len; i++)
    {
      const OpsVerdict *verdict = g_ptr_array_index (verdicts, i);

      json_builder_begin_object (builder);
      add_string (builder, "code", verdict->code);
      add_string (builder, "severity", ops_severity_to_string (verdict->severity));
      add_string (builder, "message", verdict->message);
      add_string (builder, "action", verdict->action);
      json_builder_set_member_name (builder, "evidence");
      if (verdict->parameter || verdict->value || verdict->timestamp)
        {
          json_builder_begin_object (builder);
          add_string (builder, "parameter", verdict->parameter);
          add_string (builder, "value", verdict->value);
          add_string (builder, "timestamp", verdict->timestamp);
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_history (JsonBuilder *builder,
             GPtrArray   *history)
{
  json_builder_set_member_name (builder, "opticalHistory");
  json_builder_begin_array (builder);
  for (guint i = 0; history && i < history->len; i++)
    {
      const OpsOpticalReading *reading = g_ptr_array_index (history, i);

      json_builder_begin_object (builder);
      add_string (builder, "takenAt", reading->taken_at);
      add_double (builder, "rxPower", reading->rx_dbm);
      add_double (builder, "txPower", reading->tx_dbm);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

static void
add_counts (JsonBuilder *builder,
            const char  *name,
            GHashTable  *counts)
{
  g_autoptr(GList) keys = counts ? g_hash_table_get_keys (counts) : NULL;

  /* Sorted, so the answer is stable. */
  keys = g_list_sort (keys, (GCompareFunc)g_strcmp0);

  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  for (GList *l = keys; l != NULL; l = l->next)
    {
      json_builder_set_member_name (builder, l->data);
      json_builder_add_int_value (builder, GPOINTER_TO_INT (g_hash_table_lookup (counts, l->data)));
    }
  json_builder_end_object (builder);
}

/*
 * Public API
 */

const char *
ops_ip_role_to_string (OpsIpRole role)
{
  switch (role)
    {
    case OPS_IP_ROLE_INTERNET:
      return "internet";
    case OPS_IP_ROLE_MANAGEMENT:
      return "management";
    case OPS_IP_ROLE_SERVICE:
      return "service";
    case OPS_IP_ROLE_LAN:
      return "lan";
    default:
      return "unknown";
    }
}

/**
 * ops_device_json_lookup:
 * @verdicts: (nullable) (element-type OpsVerdict):
 * @history: (nullable) (element-type OpsOpticalReading): oldest first
 * @baseline_rx_dbm: the first reading after installation, or NAN
 *
 * Returns: (transfer full): the answer of GET /devices/lookup
 */
JsonNode *
ops_device_json_lookup (const OpsDeviceSummary *summary,
                        GPtrArray              *verdicts,
                        GPtrArray              *history,
                        double                  baseline_rx_dbm)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (summary != NULL, NULL);

  json_builder_begin_object (builder);
  add_string (builder, "id", summary->id);
  add_string (builder, "serial", summary->serial);
  add_string (builder, "manufacturer", summary->manufacturer);
  add_string (builder, "model", summary->model);
  add_string (builder, "firmware", summary->firmware);
  add_string (builder, "hardware", summary->hardware);
  add_string (builder, "dataModel", summary->data_model);
  add_count (builder, "uptime", summary->uptime_seconds);
  add_string (builder, "lastInform", summary->last_inform);
  json_builder_set_member_name (builder, "online");
  json_builder_add_boolean_value (builder, summary->online);
  add_string (builder, "managementUrl", summary->management_url);
  add_optical (builder, summary, baseline_rx_dbm);
  add_interfaces (builder, summary);
  add_wifi (builder, summary);
  add_mesh (builder, summary);
  add_ethernet (builder, summary);
  add_verdicts (builder, verdicts);
  add_history (builder, history);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * ops_device_json_hosts:
 * @hosts: (nullable) (element-type OpsHost):
 *
 * Returns: (transfer full): the answer of GET /devices/{id}/hosts
 */
JsonNode *
ops_device_json_hosts (GPtrArray *hosts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, hosts ? hosts->len : 0);
  json_builder_set_member_name (builder, "hosts");
  json_builder_begin_array (builder);
  for (guint i = 0; hosts && i < hosts->len; i++)
    {
      const OpsHost *host = g_ptr_array_index (hosts, i);

      json_builder_begin_object (builder);
      add_string (builder, "name", host->name);
      add_string (builder, "ip", host->ip);
      add_string (builder, "mac", host->mac);
      add_string (builder, "band", host->band);
      add_double (builder, "signal", host->signal_dbm);
      add_string (builder, "attachedNode", host->node);
      add_count (builder, "lease", host->lease_seconds);
      add_count (builder, "speed", host->speed_mbps);
      json_builder_set_member_name (builder, "active");
      json_builder_add_boolean_value (builder, host->active);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * ops_device_json_fleet:
 * @by_model: (nullable): model -> GINT_TO_POINTER (count)
 * @by_verdict: (nullable): verdict code -> GINT_TO_POINTER (count)
 *
 * Returns: (transfer full): the answer of GET /devices/summary
 */
JsonNode *
ops_device_json_fleet (gint64      total,
                       gint64      online,
                       GHashTable *by_model,
                       GHashTable *by_verdict)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "total");
  json_builder_add_int_value (builder, total);
  json_builder_set_member_name (builder, "online");
  json_builder_add_int_value (builder, online);
  add_counts (builder, "byModel", by_model);
  add_counts (builder, "byVerdict", by_verdict);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/**
 * ops_device_json_action:
 * @speed_mbps: a speed test's result, or NAN
 *
 * Returns: (transfer full): the answer of POST /devices/{id}/tasks
 */
JsonNode *
ops_device_json_action (gboolean    done,
                        const char *message,
                        double      speed_mbps)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "done");
  json_builder_add_boolean_value (builder, done);
  add_string (builder, "message", message);
  add_double (builder, "speedMbps", speed_mbps);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
