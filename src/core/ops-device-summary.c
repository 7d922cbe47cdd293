/* ops-device-summary.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GenieACS device document to what a CSR needs: identity, fibre signal,
 * the download test, and (in the -network and -wifi parts) addresses,
 * ports, radios, mesh nodes and hosts.
 *
 * Optical units, per source:
 * - TP-Link Device.Optical.Interface.{i}.X_TP_GPON_Config.RXPower/TXPower
 *   and Raisecom X_CT-COM_GponInterfaceConfig: 0.1 µW, dBm = 10·log10(v·1e-4);
 * - Huawei WANDevice.1.X_GponInterafceConfig: whole dBm;
 * - Nokia X_ALU_OntOpticalParam: dBm as a decimal string;
 * - standard OpticalSignalLevel/TransmitOpticalLevel: TR-181 gives them in
 *   thousandths of a dBm (Broadcom's CMS fills them that way, with
 *   -65536/-127500 when there is no reading).  Firmware that ignores the unit
 *   writes dBm (often as a decimal string) or tenths of a dBm, so the
 *   magnitude decides: below 100 it is dBm; from 1000 (100 for the
 *   transmit level, which is a few dBm) thousandths; in between (receive
 *   only) tenths.
 * Zero, the "no reading" values and anything unreadable are unknown (NAN),
 * never 0 dBm.  Vendor parameters, whose unit is known, win over the
 * standard ones.
 */

#define G_LOG_DOMAIN "OpsDeviceSummary"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-device-summary-private.h"
#include "ops-genieacs-csv.h"

G_DEFINE_QUARK (ops-device-summary-error-quark, ops_device_summary_error)

typedef enum
{
  UNIT_TENTH_MICROWATT,
  UNIT_DBM,
  UNIT_STANDARD_RX,
  UNIT_STANDARD_TX,
} OpticalUnit;

/* The paths the summary reads; object paths stand for their subtree. */
static const char *const projection[] = {
  "_deviceId",
  "_lastInform",
  "Device.DeviceInfo.Manufacturer",
  "Device.DeviceInfo.ManufacturerOUI",
  "Device.DeviceInfo.ModelName",
  "Device.DeviceInfo.ProductClass",
  "Device.DeviceInfo.SerialNumber",
  "Device.DeviceInfo.SoftwareVersion",
  "Device.DeviceInfo.HardwareVersion",
  "Device.DeviceInfo.UpTime",
  "Device.ManagementServer.ConnectionRequestURL",
  "Device.Optical.Interface",
  "Device.IP.Interface",
  "Device.IP.Diagnostics.DownloadDiagnostics",
  "Device.Routing.Router",
  "Device.Ethernet.Interface",
  "Device.WiFi.Radio",
  "Device.WiFi.SSID",
  "Device.WiFi.AccessPoint",
  "Device.WiFi.MultiAP.APDevice",
  "Device.WiFi.DataElements.Network.Device",
  "Device.Hosts.Host",
  "InternetGatewayDevice.DeviceInfo.Manufacturer",
  "InternetGatewayDevice.DeviceInfo.ManufacturerOUI",
  "InternetGatewayDevice.DeviceInfo.ModelName",
  "InternetGatewayDevice.DeviceInfo.ProductClass",
  "InternetGatewayDevice.DeviceInfo.SerialNumber",
  "InternetGatewayDevice.DeviceInfo.SoftwareVersion",
  "InternetGatewayDevice.DeviceInfo.HardwareVersion",
  "InternetGatewayDevice.DeviceInfo.UpTime",
  "InternetGatewayDevice.ManagementServer.ConnectionRequestURL",
  "InternetGatewayDevice.Layer3Forwarding.DefaultConnectionService",
  "InternetGatewayDevice.WANDevice",
  "InternetGatewayDevice.X_ALU_OntOpticalParam",
  "InternetGatewayDevice.LANDevice",
  "InternetGatewayDevice.DownloadDiagnostics",
  NULL
};

/*
 * Document readers (shared with the other parts)
 */

JsonObject *
_ops_doc_child (JsonObject *object,
                const char *name)
{
  JsonNode *node;

  if (object == NULL || name == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  return node && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gint
compare_instances (gconstpointer a,
                   gconstpointer b)
{
  const OpsDocInstance *x = a, *y = b;

  return x->index < y->index ? -1 : x->index > y->index;
}

GArray *
_ops_doc_instances (JsonObject *object)
{
  GArray *instances = g_array_new (FALSE, FALSE, sizeof (OpsDocInstance));
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (object == NULL)
    return instances;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      OpsDocInstance instance;
      guint64 number;
      char *end = NULL;

      if (!g_ascii_isdigit (*name) || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      number = g_ascii_strtoull (name, &end, 10);
      if (*end != '\0' || number > G_MAXUINT)
        continue;
      instance.index = (guint) number;
      instance.object = json_node_get_object (node);
      g_array_append_val (instances, instance);
    }
  g_array_sort (instances, compare_instances);
  return instances;
}

JsonNode *
_ops_doc_value (JsonObject *object,
                const char *name)
{
  JsonNode *node;

  if (object == NULL || name == NULL)
    return NULL;
  node = json_object_get_member (object, name);
  if (node == NULL)
    return NULL;
  if (JSON_NODE_HOLDS_OBJECT (node))
    node = json_object_get_member (json_node_get_object (node), "_value");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  return node;
}

char *
_ops_doc_string (JsonObject *object,
                 const char *name)
{
  JsonNode *node = _ops_doc_value (object, name);
  char *text = NULL;

  if (node == NULL)
    return NULL;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      text = g_strstrip (g_strdup (json_node_get_string (node)));
      break;
    case G_TYPE_INT64:
      text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        text = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
      }
      break;
    case G_TYPE_BOOLEAN:
      text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
      break;
    default:
      break;
    }

  if (text && *text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static double
parse_number (const char *text)
{
  char *end = NULL;
  double value;

  if (text == NULL)
    return NAN;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0')
    return NAN;
  value = g_ascii_strtod (text, &end);
  if (end == text || !isfinite (value))
    return NAN;
  while (g_ascii_isspace (*end))
    end++;
  if (g_ascii_strncasecmp (end, "dBm", 3) == 0)
    end += 3;
  else if (g_ascii_strncasecmp (end, "dB", 2) == 0)
    end += 2;
  while (g_ascii_isspace (*end))
    end++;
  return *end == '\0' ? value : NAN;
}

double
_ops_doc_double (JsonObject *object,
                 const char *name)
{
  JsonNode *node = _ops_doc_value (object, name);

  if (node == NULL)
    return NAN;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return (double) json_node_get_int (node);
    case G_TYPE_DOUBLE:
      return isfinite (json_node_get_double (node)) ? json_node_get_double (node) : NAN;
    case G_TYPE_STRING:
      return parse_number (json_node_get_string (node));
    default:
      return NAN;
    }
}

gboolean
_ops_doc_boolean (JsonObject *object,
                  const char *name,
                  gboolean    default_value)
{
  JsonNode *node = _ops_doc_value (object, name);
  g_autofree char *text = NULL;

  if (node == NULL)
    return default_value;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (node);
    case G_TYPE_INT64:
      return json_node_get_int (node) != 0;
    case G_TYPE_STRING:
      text = g_ascii_strdown (json_node_get_string (node), -1);
      g_strstrip (text);
      if (g_str_equal (text, "true") || g_str_equal (text, "1") || g_str_equal (text, "enabled") ||
          g_str_equal (text, "yes") || g_str_equal (text, "on"))
        return TRUE;
      if (g_str_equal (text, "false") || g_str_equal (text, "0") || g_str_equal (text, "disabled") ||
          g_str_equal (text, "no") || g_str_equal (text, "off"))
        return FALSE;
      return default_value;
    default:
      return default_value;
    }
}

char *
_ops_doc_timestamp (JsonObject *object,
                    const char *name)
{
  JsonObject *leaf = _ops_doc_child (object, name);
  JsonNode *node = leaf ? json_object_get_member (leaf, "_timestamp") : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  /* Milliseconds since the epoch, as some exports write dates. */
  if (json_node_get_value_type (node) == G_TYPE_INT64 || json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double ms = json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                                  : json_node_get_double (node);
      g_autoptr(GDateTime) date = NULL;

      if (!isfinite (ms) || ms < 0 || ms > 1e15)
        return NULL;
      date = g_date_time_new_from_unix_utc ((gint64) (ms / 1000));
      return date ? g_date_time_format_iso8601 (date) : NULL;
    }
  return NULL;
}

JsonObject *
_ops_doc_vendor_leaf (JsonObject  *object,
                      const char  *suffix,
                      const char **name_out)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  if (object == NULL)
    return NULL;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      const char *rest;

      if (!g_str_has_prefix (name, "X_") || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      rest = strchr (name + 2, '_');
      if (rest && g_str_equal (rest + 1, suffix))
        {
          if (name_out)
            *name_out = name;
          return json_node_get_object (node);
        }
    }
  return NULL;
}

void
_ops_source_set (OpsSource  *source,
                 const char *path,
                 char       *timestamp)
{
  g_free (source->path);
  g_free (source->timestamp);
  source->path = g_strdup (path);
  source->timestamp = timestamp;
}

char *
_ops_mac_normalize (const char *mac)
{
  char digits[12];
  guint n = 0;

  if (mac == NULL)
    return NULL;
  for (const char *c = mac; *c; c++)
    {
      if (g_ascii_isxdigit (*c))
        {
          if (n == 12)
            return NULL;
          digits[n++] = g_ascii_toupper (*c);
        }
      else if (*c != ':' && *c != '-' && *c != '.' && !g_ascii_isspace (*c))
        return NULL;
    }
  if (n != 12)
    return NULL;
  return g_strdup_printf ("%c%c:%c%c:%c%c:%c%c:%c%c:%c%c",
                          digits[0], digits[1], digits[2], digits[3], digits[4], digits[5],
                          digits[6], digits[7], digits[8], digits[9], digits[10], digits[11]);
}

const char *
_ops_band_label (const char *text)
{
  g_autofree char *compact = NULL;
  GString *buffer;

  if (text == NULL)
    return NULL;
  buffer = g_string_new (NULL);
  for (const char *c = text; *c; c++)
    if (!g_ascii_isspace (*c))
      g_string_append_c (buffer, g_ascii_tolower (*c));
  compact = g_string_free (buffer, FALSE);

  if (g_str_has_prefix (compact, "2.4") || g_str_has_prefix (compact, "2,4") ||
      g_str_equal (compact, "2g") || g_str_has_prefix (compact, "2ghz"))
    return "2.4 GHz";
  if (g_str_has_prefix (compact, "5g") || g_str_equal (compact, "5"))
    return "5 GHz";
  if (g_str_has_prefix (compact, "6g") || g_str_equal (compact, "6"))
    return "6 GHz";
  return NULL;
}

const char *
_ops_band_from_channel (double channel)
{
  if (isnan (channel))
    return NULL;
  if (channel >= 1 && channel <= 14)
    return "2.4 GHz";
  if (channel >= 32 && channel <= 177)
    return "5 GHz";
  return NULL;
}

gboolean
_ops_hint_has (const char *text,
               const char *token)
{
  gsize len = strlen (token);

  if (text == NULL)
    return FALSE;
  for (const char *c = text; *c; c++)
    {
      if (c != text && g_ascii_isalnum (c[-1]))
        continue;
      if (g_ascii_strncasecmp (c, token, len) == 0 && !g_ascii_isalnum (c[len]))
        return TRUE;
    }
  return FALSE;
}

gboolean
_ops_reference_matches (const char *references,
                        const char *path)
{
  g_auto(GStrv) parts = NULL;
  gsize path_len;

  if (references == NULL || path == NULL)
    return FALSE;
  path_len = strlen (path);
  while (path_len > 0 && path[path_len - 1] == '.')
    path_len--;

  parts = g_strsplit (references, ",", -1);
  for (guint i = 0; parts[i]; i++)
    {
      char *part = g_strstrip (parts[i]);
      gsize len = strlen (part);

      while (len > 0 && part[len - 1] == '.')
        len--;
      if (len == path_len && strncmp (part, path, len) == 0)
        return TRUE;
    }
  return FALSE;
}

/*
 * Sections
 */

static char *
string_at (JsonObject *object,
           const char *name)
{
  return _ops_doc_string (object, name);
}

static char *
root_string (JsonObject *doc,
             const char *name)
{
  JsonNode *node = json_object_get_member (doc, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING &&
      *json_node_get_string (node))
    return g_strdup (json_node_get_string (node));
  return NULL;
}

static char *
device_id_string (JsonObject *doc,
                  const char *key)
{
  JsonObject *device_id = _ops_doc_child (doc, "_deviceId");

  return device_id ? root_string (device_id, key) : NULL;
}

static char *
first_of (char *a,
          char *b)
{
  if (a)
    {
      g_free (b);
      return a;
    }
  return b;
}

static char *
host_of_url (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (url == NULL)
    return NULL;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  host = uri ? g_uri_get_host (uri) : NULL;
  if (host == NULL || *host == '\0')
    return NULL;
  return g_strdup (host);
}

static void
summarize_general (OpsDeviceSummary  *summary,
                   OpsSummaryContext *context,
                   GDateTime         *now,
                   gint64             online_seconds)
{
  JsonObject *info = _ops_doc_child (context->root, "DeviceInfo");
  g_autofree char *request_url = NULL;
  gint64 age;
  double uptime;

  summary->data_model = g_strdup (context->tr181 ? "TR-181" : "TR-098");
  summary->serial = first_of (device_id_string (context->doc, "_SerialNumber"), string_at (info, "SerialNumber"));
  summary->manufacturer = first_of (string_at (info, "Manufacturer"), device_id_string (context->doc, "_Manufacturer"));
  summary->oui = first_of (device_id_string (context->doc, "_OUI"), string_at (info, "ManufacturerOUI"));
  summary->product_class = first_of (device_id_string (context->doc, "_ProductClass"), string_at (info, "ProductClass"));
  summary->model = first_of (string_at (info, "ModelName"), g_strdup (summary->product_class));
  summary->firmware = string_at (info, "SoftwareVersion");
  summary->hardware = string_at (info, "HardwareVersion");

  summary->id = root_string (context->doc, "_id");
  if (summary->id == NULL && summary->oui && summary->serial)
    summary->id = ops_genieacs_device_id (summary->oui, summary->product_class, summary->serial);

  uptime = _ops_doc_double (info, "UpTime");
  summary->uptime_seconds = !isnan (uptime) && uptime >= 0 && uptime < 1e12 ? (gint64) uptime : -1;

  summary->last_inform = root_string (context->doc, "_lastInform");
  age = ops_timestamp_age (summary->last_inform, now);
  summary->online = age >= 0 && age <= online_seconds;

  request_url = string_at (_ops_doc_child (context->root, "ManagementServer"), "ConnectionRequestURL");
  context->management_host = host_of_url (request_url);
  if (context->management_host &&
      !g_str_has_prefix (context->management_host, "127.") &&
      !g_str_equal (context->management_host, "0.0.0.0") &&
      !g_str_equal (context->management_host, "::1") &&
      g_ascii_strcasecmp (context->management_host, "localhost") != 0)
    {
      if (strchr (context->management_host, ':'))
        summary->management_url = g_strdup_printf ("http://[%s]", context->management_host);
      else
        summary->management_url = g_strdup_printf ("http://%s", context->management_host);
    }
}

static double
standard_level_to_dbm (double      value,
                       OpticalUnit unit)
{
  double magnitude = fabs (value);

  if (unit == UNIT_STANDARD_RX && value <= -65536)
    return NAN;
  if (unit == UNIT_STANDARD_TX && value <= -127500)
    return NAN;
  if (magnitude < 100)
    return value;
  if (unit == UNIT_STANDARD_RX && magnitude < 1000)
    return value / 10.0;
  return value / 1000.0;
}

/* dBm from a reading; NAN for zero, absent or implausible readings. */
static double
optical_dbm (double      value,
             OpticalUnit unit)
{
  double dbm;

  if (isnan (value) || value == 0)
    return NAN;

  switch (unit)
    {
    case UNIT_TENTH_MICROWATT:
      dbm = ops_optical_tenth_uw_to_dbm (value);
      break;
    case UNIT_DBM:
      dbm = value;
      break;
    case UNIT_STANDARD_RX:
    case UNIT_STANDARD_TX:
    default:
      dbm = standard_level_to_dbm (value, unit);
      break;
    }

  /* Nothing on a PON line reads outside this range: garbage. */
  if (!isfinite (dbm) || dbm < -70 || dbm > 20)
    return NAN;
  return dbm;
}

static gboolean
read_optical (OpsOpticalSummary *optical,
              JsonObject        *object,
              const char        *path,
              const char        *rx_name,
              const char        *tx_name,
              OpticalUnit        rx_unit,
              OpticalUnit        tx_unit)
{
  double rx, tx;

  if (object == NULL)
    return FALSE;

  rx = optical_dbm (_ops_doc_double (object, rx_name), rx_unit);
  tx = optical_dbm (_ops_doc_double (object, tx_name), tx_unit);

  if (!isnan (rx) && isnan (optical->rx_dbm))
    {
      g_autofree char *leaf = g_strdup_printf ("%s.%s", path, rx_name);

      optical->rx_dbm = rx;
      _ops_source_set (&optical->rx_source, leaf, _ops_doc_timestamp (object, rx_name));
    }
  if (!isnan (tx) && isnan (optical->tx_dbm))
    {
      g_autofree char *leaf = g_strdup_printf ("%s.%s", path, tx_name);

      optical->tx_dbm = tx;
      _ops_source_set (&optical->tx_source, leaf, _ops_doc_timestamp (object, tx_name));
    }
  return !isnan (rx);
}

static void
summarize_optical_tr181 (OpsOpticalSummary *optical,
                         OpsSummaryContext *context)
{
  JsonObject *optical_object = _ops_doc_child (context->root, "Optical");
  g_autoptr(GArray) interfaces = _ops_doc_instances (_ops_doc_child (optical_object, "Interface"));
  JsonObject *status_from = NULL;

  for (guint i = 0; i < interfaces->len; i++)
    {
      OpsDocInstance *instance = &g_array_index (interfaces, OpsDocInstance, i);
      g_autofree char *path = g_strdup_printf ("Device.Optical.Interface.%u", instance->index);
      g_autofree char *vendor_path = g_strdup_printf ("%s.X_TP_GPON_Config", path);
      gboolean found;

      found = read_optical (optical, _ops_doc_child (instance->object, "X_TP_GPON_Config"), vendor_path,
                            "RXPower", "TXPower", UNIT_TENTH_MICROWATT, UNIT_TENTH_MICROWATT);
      found |= read_optical (optical, instance->object, path, "OpticalSignalLevel", "TransmitOpticalLevel",
                             UNIT_STANDARD_RX, UNIT_STANDARD_TX);
      if (found || status_from == NULL)
        status_from = instance->object;
      if (found)
        break;
    }

  if (status_from)
    optical->status = string_at (status_from, "Status");
}

static void
summarize_optical_tr098 (OpsOpticalSummary *optical,
                         OpsSummaryContext *context)
{
  g_autoptr(GArray) wan_devices = _ops_doc_instances (_ops_doc_child (context->root, "WANDevice"));
  JsonObject *nokia = _ops_doc_child (context->root, "X_ALU_OntOpticalParam");

  for (guint i = 0; i < wan_devices->len; i++)
    {
      OpsDocInstance *instance = &g_array_index (wan_devices, OpsDocInstance, i);
      JsonObject *huawei = _ops_doc_child (instance->object, "X_GponInterafceConfig");
      JsonObject *raisecom = _ops_doc_child (instance->object, "X_CT-COM_GponInterfaceConfig");
      g_autofree char *huawei_path = g_strdup_printf ("InternetGatewayDevice.WANDevice.%u.X_GponInterafceConfig",
                                                      instance->index);
      g_autofree char *raisecom_path = g_strdup_printf ("InternetGatewayDevice.WANDevice.%u.X_CT-COM_GponInterfaceConfig",
                                                        instance->index);

      if (read_optical (optical, huawei, huawei_path, "RXPower", "TXPower", UNIT_DBM, UNIT_DBM) &&
          optical->status == NULL)
        optical->status = string_at (huawei, "Status");
      if (read_optical (optical, raisecom, raisecom_path, "RXPower", "TXPower",
                        UNIT_TENTH_MICROWATT, UNIT_TENTH_MICROWATT) &&
          optical->status == NULL)
        optical->status = string_at (raisecom, "Status");
      if (optical->status == NULL && (huawei || raisecom))
        optical->status = string_at (_ops_doc_child (instance->object, "WANCommonInterfaceConfig"),
                                     "PhysicalLinkStatus");
    }

  if (read_optical (optical, nokia, "InternetGatewayDevice.X_ALU_OntOpticalParam", "RXPower", "TXPower",
                    UNIT_DBM, UNIT_DBM) &&
      optical->status == NULL && wan_devices->len > 0)
    optical->status = string_at (_ops_doc_child (g_array_index (wan_devices, OpsDocInstance, 0).object,
                                                 "WANCommonInterfaceConfig"),
                                 "PhysicalLinkStatus");
}

static void
summarize_download (OpsDownloadTest   *test,
                    OpsSummaryContext *context)
{
  JsonObject *diagnostics;
  g_autofree char *bom = NULL;
  g_autofree char *eom = NULL;
  double bytes, full_bytes, full_period;

  if (context->tr181)
    diagnostics = _ops_doc_child (_ops_doc_child (_ops_doc_child (context->root, "IP"), "Diagnostics"),
                                  "DownloadDiagnostics");
  else
    diagnostics = _ops_doc_child (context->root, "DownloadDiagnostics");
  if (diagnostics == NULL)
    return;

  test->state = string_at (diagnostics, "DiagnosticsState");
  test->url = string_at (diagnostics, "DownloadURL");
  bom = string_at (diagnostics, "BOMTime");
  eom = string_at (diagnostics, "EOMTime");

  if (test->state == NULL ||
      (g_ascii_strcasecmp (test->state, "Completed") != 0 && g_ascii_strcasecmp (test->state, "Complete") != 0))
    return;

  if (eom && !g_str_has_prefix (eom, "0001-"))
    test->finished_at = g_strdup (eom);

  /* Mbit/s: bytes × 8 / µs.  The full-loading period (TR-143) leaves out
   * the TCP ramp-up, so it is the better figure when the device has it. */
  full_bytes = _ops_doc_double (diagnostics, "TestBytesReceivedUnderFullLoading");
  full_period = _ops_doc_double (diagnostics, "PeriodOfFullLoading");
  if (full_bytes > 0 && full_period > 0)
    {
      test->speed_mbps = full_bytes * 8.0 / full_period;
      return;
    }

  bytes = _ops_doc_double (diagnostics, "TestBytesReceived");
  if (!(bytes > 0))
    bytes = _ops_doc_double (diagnostics, "TotalBytesReceived");
  if (bytes > 0 && bom && eom)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) begin = g_date_time_new_from_iso8601 (bom, utc);
      g_autoptr(GDateTime) end = g_date_time_new_from_iso8601 (eom, utc);
      GTimeSpan span = begin && end ? g_date_time_difference (end, begin) : 0;

      if (span > 0)
        test->speed_mbps = bytes * 8.0 / (double) span;
    }
}

static void
ip_address_free (OpsIpAddress *address)
{
  g_free (address->ip);
  g_free (address->interface);
  g_free (address->source.path);
  g_free (address->source.timestamp);
  g_free (address);
}

static void
wifi_radio_free (OpsWifiRadio *radio)
{
  g_free (radio->band);
  g_free (radio->ssid);
  g_free (radio->noise_source.path);
  g_free (radio->noise_source.timestamp);
  g_free (radio);
}

static void
mesh_node_free (OpsMeshNode *node)
{
  g_free (node->name);
  g_free (node->mac);
  g_free (node->backhaul);
  g_free (node->utilization_source.path);
  g_free (node->utilization_source.timestamp);
  g_free (node);
}

static void
ethernet_port_free (OpsEthernetPort *port)
{
  g_free (port->name);
  g_free (port->status);
  g_free (port);
}

static void
host_free (OpsHost *host)
{
  g_free (host->name);
  g_free (host->ip);
  g_free (host->mac);
  g_free (host->band);
  g_free (host->node);
  g_free (host);
}

/**
 * ops_device_summary_new:
 *
 * An empty summary: every number unknown, every list empty.
 */
OpsDeviceSummary *
ops_device_summary_new (void)
{
  OpsDeviceSummary *summary = g_new0 (OpsDeviceSummary, 1);

  summary->uptime_seconds = -1;
  summary->optical.rx_dbm = NAN;
  summary->optical.tx_dbm = NAN;
  summary->download.speed_mbps = NAN;
  summary->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify) ip_address_free);
  summary->radios = g_ptr_array_new_with_free_func ((GDestroyNotify) wifi_radio_free);
  summary->mesh = g_ptr_array_new_with_free_func ((GDestroyNotify) mesh_node_free);
  summary->ethernet = g_ptr_array_new_with_free_func ((GDestroyNotify) ethernet_port_free);
  summary->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify) host_free);
  return summary;
}

/*
 * Public API
 */

const char *const *
ops_device_summary_projection (void)
{
  return projection;
}

OpsDeviceSummary *
ops_device_summarize (JsonObject  *doc,
                      GDateTime   *now,
                      gint64       online_seconds,
                      GError     **error)
{
  OpsSummaryContext context = { 0 };
  OpsDeviceSummary *summary;
  JsonObject *device, *igd;
  JsonNode *id;

  g_return_val_if_fail (doc != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  device = _ops_doc_child (doc, "Device");
  igd = _ops_doc_child (doc, "InternetGatewayDevice");
  id = json_object_get_member (doc, "_id");

  if (device == NULL && igd == NULL && (id == NULL || !JSON_NODE_HOLDS_VALUE (id)))
    {
      g_set_error_literal (error, OPS_DEVICE_SUMMARY_ERROR, OPS_DEVICE_SUMMARY_ERROR_NOT_A_DEVICE,
                           "This is not a device document: it has no _id and no Device or "
                           "InternetGatewayDevice parameters. Look the device up again.");
      return NULL;
    }

  /* A device with both roots describes itself in the one with DeviceInfo. */
  context.doc = doc;
  context.tr181 = device != NULL && (igd == NULL || _ops_doc_child (device, "DeviceInfo") != NULL ||
                                     _ops_doc_child (igd, "DeviceInfo") == NULL);
  context.root = context.tr181 ? device : igd;
  context.root_name = context.tr181 ? "Device" : "InternetGatewayDevice";
  if (context.root == NULL)
    context.root = json_object_new ();   /* an _id alone: everything unknown */
  else
    json_object_ref (context.root);

  summary = ops_device_summary_new ();
  summarize_general (summary, &context, now, online_seconds);
  if (context.tr181)
    summarize_optical_tr181 (&summary->optical, &context);
  else
    summarize_optical_tr098 (&summary->optical, &context);
  summarize_download (&summary->download, &context);
  _ops_summary_network (summary, &context);
  _ops_summary_wifi (summary, &context);

  json_object_unref (context.root);
  g_free (context.management_host);
  return summary;
}

void
ops_device_summary_free (OpsDeviceSummary *self)
{
  if (self == NULL)
    return;

  g_free (self->id);
  g_free (self->serial);
  g_free (self->manufacturer);
  g_free (self->oui);
  g_free (self->product_class);
  g_free (self->model);
  g_free (self->firmware);
  g_free (self->hardware);
  g_free (self->data_model);
  g_free (self->last_inform);
  g_free (self->management_url);
  g_free (self->optical.status);
  g_free (self->optical.rx_source.path);
  g_free (self->optical.rx_source.timestamp);
  g_free (self->optical.tx_source.path);
  g_free (self->optical.tx_source.timestamp);
  g_clear_pointer (&self->addresses, g_ptr_array_unref);
  g_clear_pointer (&self->radios, g_ptr_array_unref);
  g_clear_pointer (&self->mesh, g_ptr_array_unref);
  g_clear_pointer (&self->ethernet, g_ptr_array_unref);
  g_clear_pointer (&self->hosts, g_ptr_array_unref);
  g_free (self->download.state);
  g_free (self->download.url);
  g_free (self->download.finished_at);
  g_free (self);
}

double
ops_optical_tenth_uw_to_dbm (double tenth_microwatts)
{
  if (!isfinite (tenth_microwatts) || tenth_microwatts <= 0)
    return NAN;
  return 10.0 * log10 (tenth_microwatts * 1e-4);
}

double
ops_wifi_rcpi_to_dbm (double rcpi)
{
  /* RCPI 0 means "below -109.5 dBm" and TP-Link writes 0 when it has no
   * reading; 221-255 are reserved or "not available". */
  if (!isfinite (rcpi) || rcpi <= 0 || rcpi > 220)
    return NAN;
  return rcpi / 2.0 - 110.0;
}

gint64
ops_timestamp_age (const char *timestamp,
                   GDateTime  *now)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) then = NULL;
  GTimeSpan span;

  if (timestamp == NULL || now == NULL || *timestamp == '\0')
    return -1;
  utc = g_time_zone_new_utc ();
  then = g_date_time_new_from_iso8601 (timestamp, utc);
  if (then == NULL)
    return -1;
  span = g_date_time_difference (now, then);
  /* A clock a little ahead of ours: the value is fresh. */
  return span > 0 ? span / G_TIME_SPAN_SECOND : 0;
}
