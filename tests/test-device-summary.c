/* test-device-summary.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GenieACS CSV converter and the device summary, on the real data
 * models of a TP-Link XX230v (TR-181) and a Huawei BM632w (TR-098), and on
 * variants of them for the other vendors, a mesh satellite and garbage.
 */

#define G_LOG_DOMAIN "test-device-summary"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-device-summary.h"
#include "ops-genieacs-csv.h"

#define XX230V_CSV "device-1C61B4-XX230v-22275A7000395-2023-04-27T154050686Z.csv"
#define BM632W_CSV "data_model_202BC1-BM632w-8KA8WA1151100043.csv"
#define CAPTURED_AT "2019-07-23T10:00:00.000Z"
#define XX230V_INFORM "2023-04-26T22:05:10.679Z"

/*
 * Helpers
 */

static JsonObject *
load_document (const char *name,
               const char *default_timestamp)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "genieacs-sim", name, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;
  JsonObject *doc;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  doc = ops_genieacs_csv_to_document (contents, (gssize) length, default_timestamp, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  return doc;
}

static JsonObject *
xx230v (void)
{
  static JsonObject *cached;

  if (cached == NULL)
    cached = load_document (XX230V_CSV, NULL);
  return ops_device_doc_copy (cached);
}

static JsonObject *
bm632w (void)
{
  static JsonObject *cached;

  if (cached == NULL)
    cached = load_document (BM632W_CSV, CAPTURED_AT);
  return ops_device_doc_copy (cached);
}

static GDateTime *
at (const char *iso)
{
  GDateTime *date = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (date);
  return date;
}

static OpsDeviceSummary *
summarize_at (JsonObject *doc,
              const char *now_iso)
{
  g_autoptr(GDateTime) now = at (now_iso);
  g_autoptr(GError) error = NULL;
  OpsDeviceSummary *summary = ops_device_summarize (doc, now, 300, &error);

  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static OpsDeviceSummary *
summarize (JsonObject *doc)
{
  return summarize_at (doc, "2023-04-26T22:07:00Z");
}

static void
set_int (JsonObject *doc,
         const char *path,
         gint64      value)
{
  g_autoptr(JsonNode) node = json_node_init_int (json_node_alloc (), value);

  ops_device_doc_set_value (doc, path, node, NULL, "2023-04-26T22:06:00.000Z");
}

static void
set_string (JsonObject *doc,
            const char *path,
            const char *value)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), value);

  ops_device_doc_set_value (doc, path, node, "xsd:string", "2023-04-26T22:06:00.000Z");
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

static const char *
leaf_string (JsonObject *doc,
             const char *path,
             const char *attribute)
{
  JsonObject *leaf = ops_device_doc_get_node (doc, path);

  g_assert_nonnull (leaf);
  return json_object_get_string_member (leaf, attribute);
}

static void
count_nodes (JsonObject *object,
             guint      *objects,
             guint      *leaves)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      JsonObject *child;

      if (name[0] == '_' || !JSON_NODE_HOLDS_OBJECT (node))
        continue;
      child = json_node_get_object (node);
      if (json_object_get_boolean_member (child, "_object"))
        {
          (*objects)++;
          count_nodes (child, objects, leaves);
        }
      else
        (*leaves)++;
    }
}

static const OpsHost *
find_host (OpsDeviceSummary *summary,
           const char       *mac)
{
  for (guint i = 0; i < summary->hosts->len; i++)
    {
      const OpsHost *host = g_ptr_array_index (summary->hosts, i);

      if (g_strcmp0 (host->mac, mac) == 0)
        return host;
    }
  return NULL;
}

static const OpsIpAddress *
address_at (OpsDeviceSummary *summary,
            guint             i)
{
  g_assert_cmpuint (i, <, summary->addresses->len);
  return g_ptr_array_index (summary->addresses, i);
}

static char *
to_json (JsonObject *doc,
         gsize      *length)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);

  return json_to_string (node, FALSE);
}

/*
 * The converter
 */

static void
test_csv_xx230v (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  JsonObject *device_id = json_object_get_object_member (doc, "_deviceId");
  JsonObject *node;
  JsonNode *value;
  guint objects = 0, leaves = 0;

  /* 6408 rows: 8 pseudo-parameters, 980 objects, 5420 values. */
  count_nodes (doc, &objects, &leaves);
  g_assert_cmpuint (objects, ==, 980);
  g_assert_cmpuint (leaves, ==, 5420);

  g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==, "1C61B4-Device2-22275A7000395");
  g_assert_cmpstr (json_object_get_string_member (device_id, "_Manufacturer"), ==, "TP-Link");
  g_assert_cmpstr (json_object_get_string_member (device_id, "_OUI"), ==, "1C61B4");
  g_assert_cmpstr (json_object_get_string_member (device_id, "_ProductClass"), ==, "Device2");
  g_assert_cmpstr (json_object_get_string_member (device_id, "_SerialNumber"), ==, "22275A7000395");
  g_assert_cmpstr (json_object_get_string_member (doc, "_lastInform"), ==, XX230V_INFORM);
  g_assert_cmpstr (json_object_get_string_member (doc, "_registered"), ==, "2023-04-26T18:44:47.395Z");
  g_assert_cmpstr (json_object_get_string_member (doc, "_lastBootstrap"), ==, "2023-04-26T18:44:47.395Z");
  g_assert_false (json_object_has_member (doc, "_lastBoot"));
  g_assert_false (json_object_has_member (doc, "_tags"));
  g_assert_false (json_object_has_member (doc, "DeviceID"));
  g_assert_false (json_object_has_member (doc, "Events"));

  /* Typed values (lib/device.ts). */
  value = leaf_value (doc, "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower");
  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (value), ==, 5624);
  value = leaf_value (doc, "Device.DeviceInfo.UpTime");
  g_assert_cmpint (json_node_get_int (value), ==, 15687);
  value = leaf_value (doc, "Device.Ethernet.Interface.1.MaxBitRate");
  g_assert_cmpint (json_node_get_int (value), ==, -1);
  value = leaf_value (doc, "Device.Optical.Interface.1.Enable");
  g_assert_cmpint (json_node_get_value_type (value), ==, G_TYPE_BOOLEAN);
  g_assert_true (json_node_get_boolean (value));
  value = leaf_value (doc, "Device.Hosts.Host.1.Active");
  g_assert_false (json_node_get_boolean (value));
  value = leaf_value (doc, "Device.IP.Diagnostics.DownloadDiagnostics.BOMTime");
  g_assert_cmpstr (json_node_get_string (value), ==, "2023-04-26T22:00:16.489Z");
  value = leaf_value (doc, "Device.IP.Diagnostics.DownloadDiagnostics.EOMTime");
  g_assert_cmpstr (json_node_get_string (value), ==, "");   /* unparseable dates stay strings */
  value = leaf_value (doc, "Device.DeviceInfo.SoftwareVersion");
  g_assert_cmpstr (json_node_get_string (value), ==, "0.6.0 3.0.0 v6066.0 Build 220630 Rel.56119n");
  g_assert_cmpstr (leaf_string (doc, "Device.DeviceInfo.UpTime", "_type"), ==, "xsd:unsignedInt");

  /* Quoted fields: commas, doubled quotes. */
  value = leaf_value (doc, "Device.DHCPv4.Server.Pool.1.DNSServers");
  g_assert_cmpstr (json_node_get_string (value), ==, "8.8.8.8,4.4.4.4");
  value = leaf_value (doc, "Device.Bridging.Bridge.1.Port.1.LowerLayers");
  g_assert_true (g_str_has_prefix (json_node_get_string (value), "Device.Bridging.Bridge.1.Port.2.,Device.Bridging"));
  g_assert_true (g_str_has_suffix (json_node_get_string (value), ",Device.Bridging.Bridge.1.Port.14."));
  value = leaf_value (doc, "Device.X_TP_DeviceComponent");
  g_assert_true (g_str_has_prefix (json_node_get_string (value), "[{\"name\":\"internet_ewan\" , \"version\":\"1.0\"}"));

  /* Timestamps: a value's own; an object's from its children's "Object timestamp". */
  g_assert_cmpstr (leaf_string (doc, "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower", "_timestamp"), ==,
                   "2023-04-26T22:03:07.448Z");
  node = ops_device_doc_get_node (doc, "Device.WiFi.MultiAP.APDevice.1.Radio");
  g_assert_true (json_object_get_boolean_member (node, "_object"));
  g_assert_false (json_object_get_boolean_member (node, "_writable"));
  g_assert_cmpstr (json_object_get_string_member (node, "_timestamp"), ==, "2023-04-26T21:48:24.181Z");
  g_assert_cmpstr (leaf_string (doc, "Device.DeviceInfo", "_timestamp"), ==, "2023-04-26T21:30:08.694Z");
  g_assert_cmpstr (leaf_string (doc, "Device", "_timestamp"), ==, "2023-04-26T18:51:36.573Z");
  g_assert_true (json_object_get_boolean_member (ops_device_doc_get_node (doc, "Device.Hosts.Host"), "_writable"));
}

static void
test_csv_bm632w (void)
{
  g_autoptr(JsonObject) doc = bm632w ();
  JsonObject *device_id = json_object_get_object_member (doc, "_deviceId");
  JsonNode *value;
  guint objects = 0, leaves = 0;

  /* 1006 rows: 4 DeviceID pseudo-parameters, 210 objects, 792 values. */
  count_nodes (doc, &objects, &leaves);
  g_assert_cmpuint (objects, ==, 210);
  g_assert_cmpuint (leaves, ==, 792);

  /* No DeviceID.ID in the 5-column format: GenieACS's escaping builds it. */
  g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==, "202BC1-BM632w-8KA8WA1151100043");
  g_assert_cmpstr (json_object_get_string_member (device_id, "_Manufacturer"), ==, "Huawei Technologies Co., Ltd.");
  g_assert_cmpstr (json_object_get_string_member (doc, "_lastInform"), ==, CAPTURED_AT);

  value = leaf_value (doc, "InternetGatewayDevice.DeviceInfo.Manufacturer");
  g_assert_cmpstr (json_node_get_string (value), ==, "Huawei Technologies Co., Ltd.");
  g_assert_cmpstr (leaf_string (doc, "InternetGatewayDevice.DeviceInfo.Manufacturer", "_timestamp"), ==, CAPTURED_AT);
  value = leaf_value (doc, "InternetGatewayDevice.LANDevice.1.Hosts.Host.1.LeaseTimeRemaining");
  g_assert_cmpint (json_node_get_int (value), ==, 65444);
  value = leaf_value (doc, "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.Enable");
  g_assert_true (json_node_get_boolean (value));
  value = leaf_value (doc, "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.DNSServers");
  g_assert_cmpstr (json_node_get_string (value), ==, "5.42.195.218,5.42.195.219");
}

static void
test_csv_format (void)
{
  static const char csv[] =
    "\xEF\xBB\xBFParameter,Object,Writable,Value,Value type\r\n"
    "DeviceID.OUI,false,false,9CA2F4,xsd:string\r\n"
    "DeviceID.ProductClass,false,false,EC220-G5,xsd:string\r\n"
    "DeviceID.SerialNumber,false,false,22275K2000315,xsd:string\r\n"
    "Events.Inform,false,false,2024-01-02T03:04:05Z,xsd:dateTime\r\n"
    "Tags.vip,false,false,true,xsd:boolean\r\n"
    "Device.X.Note,false,true,\"two\nlines, \"\"quoted\"\"\",xsd:string\r\n"
    "\r\n"
    "Device.X.Count,false,false,12,xsd:unsignedInt\r\n"
    "Device.X.Long,false,false,18446744073709551615,xsd:unsignedLong\r\n"
    "Device.X.Bad,false,false,12abc,xsd:int\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = ops_genieacs_csv_to_document (csv, -1, NULL, &error);
  g_autofree char *id = ops_genieacs_device_id ("202BC1", NULL, "A B/é");
  JsonArray *tags;

  g_assert_no_error (error);
  /* Every character outside [A-Za-z0-9_] is %XX. */
  g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==, "9CA2F4-EC220%2DG5-22275K2000315");
  g_assert_cmpstr (json_object_get_string_member (doc, "_lastInform"), ==, "2024-01-02T03:04:05.000Z");
  tags = json_object_get_array_member (doc, "_tags");
  g_assert_cmpuint (json_array_get_length (tags), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (tags, 0), ==, "vip");
  g_assert_cmpstr (json_node_get_string (leaf_value (doc, "Device.X.Note")), ==, "two\nlines, \"quoted\"");
  g_assert_true (json_object_get_boolean_member (ops_device_doc_get_node (doc, "Device.X.Note"), "_writable"));
  g_assert_cmpint (json_node_get_int (leaf_value (doc, "Device.X.Count")), ==, 12);
  g_assert_cmpstr (json_node_get_string (leaf_value (doc, "Device.X.Long")), ==, "18446744073709551615");
  g_assert_cmpstr (json_node_get_string (leaf_value (doc, "Device.X.Bad")), ==, "12abc");
  /* Objects that only appear as the parent of a row. */
  g_assert_true (json_object_get_boolean_member (ops_device_doc_get_node (doc, "Device.X"), "_object"));
  g_assert_false (json_object_has_member (ops_device_doc_get_node (doc, "Device.X.Count"), "_timestamp"));

  g_assert_cmpstr (id, ==, "202BC1-A%20B%2F%C3%A9");
}

static void
check_error (const char *csv,
             gint        code,
             const char *line)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = ops_genieacs_csv_to_document (csv, -1, NULL, &error);

  g_assert_null (doc);
  g_assert_error (error, OPS_GENIEACS_CSV_ERROR, code);
  if (line)
    g_assert_true (g_str_has_prefix (error->message, line));
}

static void
test_csv_errors (void)
{
  check_error ("", OPS_GENIEACS_CSV_ERROR_HEADER, "Line 1");
  check_error ("name,value\nx,1\n", OPS_GENIEACS_CSV_ERROR_HEADER, "Line 1");
  check_error ("Parameter,Object,Writable,Value,Value type\n"
               "Device.A,false,false,1\n", OPS_GENIEACS_CSV_ERROR_SYNTAX, "Line 2 ");
  /* The line counts the line break inside the quoted field of line 2. */
  check_error ("Parameter,Object,Writable,Value,Value type\n"
               "Device.A,false,false,\"a\nb\",xsd:string\n"
               "Device.B,false,false,\"never closed,xsd:string\n", OPS_GENIEACS_CSV_ERROR_SYNTAX, "Line 4:");
  check_error ("Parameter,Object,Writable,Value,Value type\n"
               "Device.A,false,false,\"a\"b,xsd:string\n", OPS_GENIEACS_CSV_ERROR_SYNTAX, "Line 2:");
  check_error ("Parameter,Object,Writable,Value,Value type\n"
               "Device.A,maybe,false,1,xsd:int\n", OPS_GENIEACS_CSV_ERROR_VALUE, "Line 2:");
  check_error ("Parameter,Object,Writable,Value,Value type\n"
               "Device..A,false,false,1,xsd:int\n", OPS_GENIEACS_CSV_ERROR_VALUE, "Line 2:");
  check_error ("Parameter,Object,Writable,Value,Value type\n"
               "Device._value,false,false,1,xsd:int\n", OPS_GENIEACS_CSV_ERROR_VALUE, "Line 2:");
  check_error ("Parameter,Object,Writable,Value,Value type\n"
               "Device.A,false,false,1,xsd:int\n"
               "Device.A.B,false,false,1,xsd:int\n", OPS_GENIEACS_CSV_ERROR_VALUE, "Line 3:");
}

static void
test_doc_helpers (void)
{
  g_autoptr(JsonObject) original = xx230v ();
  g_autoptr(JsonObject) copy = ops_device_doc_copy (original);
  g_autoptr(JsonObject) projected = NULL;
  g_autoptr(JsonNode) inform = json_node_init_string (json_node_alloc (), "2030-01-01T00:00:00.000Z");
  static const char *const paths[] = { "_lastInform", "Device.DeviceInfo.ModelName", "Device.Hosts",
                                       "Device.Hosts.Host.1", "Device.Missing.Path", NULL };
  JsonObject *leaf;

  /* References end with a dot; the same object. */
  g_assert_true (ops_device_doc_get_node (original, "Device.IP.Interface.6.") ==
                 ops_device_doc_get_node (original, "Device.IP.Interface.6"));
  g_assert_null (ops_device_doc_get_node (original, "Device.Nothing"));
  g_assert_null (ops_device_doc_get_node (original, "Device..IP"));
  g_assert_null (ops_device_doc_get_node (original, "Device.DeviceInfo.UpTime._value"));

  /* Changing the copy leaves the original alone. */
  set_int (copy, "Device.DeviceInfo.UpTime", 99);
  g_assert_cmpint (json_node_get_int (leaf_value (original, "Device.DeviceInfo.UpTime")), ==, 15687);
  g_assert_cmpint (json_node_get_int (leaf_value (copy, "Device.DeviceInfo.UpTime")), ==, 99);
  leaf = ops_device_doc_get_node (copy, "Device.DeviceInfo.UpTime");
  g_assert_cmpstr (json_object_get_string_member (leaf, "_type"), ==, "xsd:int");
  g_assert_cmpstr (json_object_get_string_member (leaf, "_timestamp"), ==, "2023-04-26T22:06:00.000Z");
  g_assert_false (json_object_get_boolean_member (leaf, "_object"));

  /* New objects along the path; writable kept from the old leaf. */
  set_string (copy, "Device.New.Thing.1.Name", "x");
  g_assert_true (json_object_get_boolean_member (ops_device_doc_get_node (copy, "Device.New.Thing.1"), "_object"));
  set_string (copy, "Device.Hosts.Host.1.HostName", "Renamed");
  g_assert_true (json_object_get_boolean_member (ops_device_doc_get_node (copy, "Device.Hosts.Host.1.HostName"),
                                                 "_writable"));
  ops_device_doc_set_value (copy, "_lastInform", inform, NULL, NULL);
  g_assert_cmpstr (json_object_get_string_member (copy, "_lastInform"), ==, "2030-01-01T00:00:00.000Z");
  g_assert_cmpstr (json_object_get_string_member (original, "_lastInform"), ==, XX230V_INFORM);

  /* A projection: _id, the paths asked for, bare objects above them. */
  projected = ops_device_doc_project (original, paths);
  g_assert_cmpstr (json_object_get_string_member (projected, "_id"), ==, "1C61B4-Device2-22275A7000395");
  g_assert_cmpstr (json_object_get_string_member (projected, "_lastInform"), ==, XX230V_INFORM);
  g_assert_false (json_object_has_member (projected, "_deviceId"));
  g_assert_false (json_object_has_member (ops_device_doc_get_node (projected, "Device"), "_object"));
  g_assert_cmpstr (json_node_get_string (leaf_value (projected, "Device.DeviceInfo.ModelName")), ==, "XX230v");
  g_assert_null (ops_device_doc_get_node (projected, "Device.DeviceInfo.UpTime"));
  g_assert_cmpstr (json_node_get_string (leaf_value (projected, "Device.Hosts.Host.1.HostName")), ==, "MBP-de-Gaspare");
  g_assert_nonnull (ops_device_doc_get_node (projected, "Device.Hosts.HostNumberOfEntries"));
  g_assert_null (ops_device_doc_get_node (projected, "Device.Missing"));
}

/*
 * The summary on the real data
 */

static void
test_summary_xx230v (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) summary = summarize (doc);
  const OpsWifiRadio *radio;
  const OpsMeshNode *node;
  const OpsHost *host;
  const OpsEthernetPort *port;

  g_assert_cmpstr (summary->id, ==, "1C61B4-Device2-22275A7000395");
  g_assert_cmpstr (summary->serial, ==, "22275A7000395");
  g_assert_cmpstr (summary->manufacturer, ==, "TP-Link");
  g_assert_cmpstr (summary->oui, ==, "1C61B4");
  g_assert_cmpstr (summary->product_class, ==, "Device2");
  g_assert_cmpstr (summary->model, ==, "XX230v");
  g_assert_cmpstr (summary->firmware, ==, "0.6.0 3.0.0 v6066.0 Build 220630 Rel.56119n");
  g_assert_cmpstr (summary->hardware, ==, "XX230v v1.0 00000000");
  g_assert_cmpstr (summary->data_model, ==, "TR-181");
  g_assert_cmpint (summary->uptime_seconds, ==, 15687);
  g_assert_cmpstr (summary->last_inform, ==, XX230V_INFORM);
  g_assert_true (summary->online);
  g_assert_cmpstr (summary->management_url, ==, "http://192.168.89.137");

  /* Fibre: X_TP_GPON_Config in 0.1 µW; the standard level reads 0. */
  g_assert_cmpfloat_with_epsilon (summary->optical.rx_dbm, -2.50, 0.005);
  g_assert_cmpfloat_with_epsilon (summary->optical.tx_dbm, 10 * log10 (1.4880), 0.005);
  g_assert_cmpstr (summary->optical.status, ==, "Up");
  g_assert_cmpstr (summary->optical.rx_source.path, ==, "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower");
  g_assert_cmpstr (summary->optical.rx_source.timestamp, ==, "2023-04-26T22:03:07.448Z");
  g_assert_cmpstr (summary->optical.tx_source.path, ==, "Device.Optical.Interface.1.X_TP_GPON_Config.TXPower");

  /* The PPPoE WAN carries the default route, Internet and TR-069. */
  g_assert_cmpuint (summary->addresses->len, ==, 3);
  g_assert_cmpint (address_at (summary, 0)->role, ==, OPS_IP_ROLE_INTERNET);
  g_assert_cmpstr (address_at (summary, 0)->ip, ==, "192.168.89.137");
  g_assert_cmpstr (address_at (summary, 0)->interface, ==, "ppp0");
  g_assert_cmpstr (address_at (summary, 0)->source.path, ==, "Device.IP.Interface.6.IPv4Address.1.IPAddress");
  g_assert_nonnull (address_at (summary, 0)->source.timestamp);
  g_assert_cmpint (address_at (summary, 1)->role, ==, OPS_IP_ROLE_MANAGEMENT);
  g_assert_cmpstr (address_at (summary, 1)->ip, ==, "192.168.89.137");
  g_assert_cmpint (address_at (summary, 2)->role, ==, OPS_IP_ROLE_LAN);
  g_assert_cmpstr (address_at (summary, 2)->ip, ==, "192.168.1.1");
  g_assert_cmpstr (address_at (summary, 2)->interface, ==, "br0");

  /* Radios: noise reads 0 (no reading), one client on 5 GHz. */
  g_assert_cmpuint (summary->radios->len, ==, 2);
  radio = g_ptr_array_index (summary->radios, 0);
  g_assert_cmpstr (radio->band, ==, "2.4 GHz");
  g_assert_cmpint (radio->channel, ==, 10);
  g_assert_true (isnan (radio->noise_dbm));
  g_assert_cmpint (radio->clients, ==, 0);
  g_assert_true (radio->enabled);
  g_assert_cmpstr (radio->ssid, ==, "TP-Link_2AC8");
  radio = g_ptr_array_index (summary->radios, 1);
  g_assert_cmpstr (radio->band, ==, "5 GHz");
  g_assert_cmpint (radio->channel, ==, 153);
  g_assert_true (isnan (radio->noise_dbm));
  g_assert_cmpint (radio->clients, ==, 1);
  g_assert_cmpstr (radio->ssid, ==, "TP-Link_2AC8_5G");

  /* One MultiAP device: the gateway. */
  g_assert_cmpuint (summary->mesh->len, ==, 1);
  node = g_ptr_array_index (summary->mesh, 0);
  g_assert_true (node->is_root);
  g_assert_cmpstr (node->name, ==, "XX230v_2AC8");
  g_assert_cmpstr (node->mac, ==, "1C:61:B4:FB:2A:C8");
  g_assert_null (node->backhaul);
  g_assert_true (isnan (node->backhaul_utilization));
  g_assert_cmpint (node->clients, ==, 1);

  /* Host 1 through the MultiAP association: SignalStrength 100 → -60 dBm. */
  g_assert_cmpuint (summary->hosts->len, ==, 1);
  host = g_ptr_array_index (summary->hosts, 0);
  g_assert_cmpstr (host->name, ==, "MBP-de-Gaspare");
  g_assert_cmpstr (host->mac, ==, "3C:06:30:2D:42:FB");
  g_assert_cmpstr (host->ip, ==, "192.168.1.2");
  g_assert_cmpstr (host->node, ==, "XX230v_2AC8");
  g_assert_cmpstr (host->band, ==, "5 GHz");
  g_assert_cmpfloat_with_epsilon (host->signal_dbm, -60.0, 1e-9);
  g_assert_cmpint (host->speed_mbps, ==, 960);
  g_assert_false (host->active);
  g_assert_cmpint (host->lease_seconds, ==, 4006);

  /* Enabled Ethernet ports, by their printed names. */
  g_assert_cmpuint (summary->ethernet->len, ==, 4);
  port = g_ptr_array_index (summary->ethernet, 0);
  g_assert_cmpstr (port->name, ==, "LAN1");
  g_assert_cmpstr (port->status, ==, "Up");
  g_assert_cmpint (port->speed_mbps, ==, -1);
  port = g_ptr_array_index (summary->ethernet, 3);
  g_assert_cmpstr (port->name, ==, "EWAN");
  g_assert_cmpstr (port->status, ==, "Down");

  /* No download test has run. */
  g_assert_cmpstr (summary->download.state, ==, "None");
  g_assert_true (isnan (summary->download.speed_mbps));
  g_assert_cmpstr (summary->download.url, ==, "http://192.168.88.6:25752/measure/tr069/file_1920KB.bin");
  g_assert_null (summary->download.finished_at);
}

static void
test_summary_online (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) fresh = summarize_at (doc, "2023-04-26T22:10:10.679Z");   /* 300 s */
  g_autoptr(OpsDeviceSummary) late = summarize_at (doc, "2023-04-26T22:10:11.679Z");    /* 301 s */
  g_autoptr(OpsDeviceSummary) ahead = summarize_at (doc, "2023-04-26T22:05:00Z");        /* clock behind */
  g_autoptr(GDateTime) now = at ("2023-04-26T23:05:10.679Z");

  g_assert_true (fresh->online);
  g_assert_false (late->online);
  g_assert_true (ahead->online);
  g_assert_cmpint (ops_timestamp_age (XX230V_INFORM, now), ==, 3600);
  g_assert_cmpint (ops_timestamp_age ("yesterday", now), ==, -1);
  g_assert_cmpint (ops_timestamp_age (NULL, now), ==, -1);
}

static void
test_summary_bm632w (void)
{
  g_autoptr(JsonObject) doc = bm632w ();
  g_autoptr(OpsDeviceSummary) summary = summarize_at (doc, "2019-07-23T10:02:00Z");
  static const char *const names[] = { "android-d87bf88d22e66acf", "android-d91540e8540e9c7a", "Lena-PC",
                                       "localhost", "Munas-iphone", NULL };
  const OpsWifiRadio *radio;
  const OpsHost *host;

  g_assert_cmpstr (summary->id, ==, "202BC1-BM632w-8KA8WA1151100043");
  g_assert_cmpstr (summary->serial, ==, "8KA8WA1151100043");   /* DeviceInfo says "0" */
  g_assert_cmpstr (summary->model, ==, "BM632w");
  g_assert_cmpstr (summary->manufacturer, ==, "Huawei Technologies Co., Ltd.");
  g_assert_cmpstr (summary->firmware, ==, "V100R001IRQC56B017");
  g_assert_cmpstr (summary->data_model, ==, "TR-098");
  g_assert_cmpint (summary->uptime_seconds, ==, 213138);
  g_assert_true (summary->online);
  g_assert_null (summary->management_url);   /* http://127.0.0.1:57543/ */
  g_assert_true (isnan (summary->optical.rx_dbm));   /* a WiMAX gateway */
  g_assert_true (isnan (summary->optical.tx_dbm));
  g_assert_cmpuint (summary->mesh->len, ==, 0);

  /* One WAN for Internet, TR-069 and voice (X_HUAWEI_ServiceList), one LAN. */
  g_assert_cmpuint (summary->addresses->len, ==, 4);
  g_assert_cmpint (address_at (summary, 0)->role, ==, OPS_IP_ROLE_INTERNET);
  g_assert_cmpstr (address_at (summary, 0)->ip, ==, "172.3.89.139");
  g_assert_cmpstr (address_at (summary, 0)->interface, ==, "WAN1_INTERNET_TR069_VOICE_R");
  g_assert_cmpstr (address_at (summary, 0)->source.path, ==,
                   "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANIPConnection.1.ExternalIPAddress");
  g_assert_cmpstr (address_at (summary, 0)->source.timestamp, ==, CAPTURED_AT);
  g_assert_cmpint (address_at (summary, 1)->role, ==, OPS_IP_ROLE_MANAGEMENT);
  g_assert_cmpint (address_at (summary, 2)->role, ==, OPS_IP_ROLE_SERVICE);
  g_assert_cmpstr (address_at (summary, 2)->ip, ==, "172.3.89.139");
  g_assert_cmpint (address_at (summary, 3)->role, ==, OPS_IP_ROLE_LAN);
  g_assert_cmpstr (address_at (summary, 3)->ip, ==, "192.168.1.1");

  /* One 2.4 GHz radio; the channel in use (X_HUAWEI_ChannelUsed), three associations. */
  g_assert_cmpuint (summary->radios->len, ==, 1);
  radio = g_ptr_array_index (summary->radios, 0);
  g_assert_cmpstr (radio->band, ==, "2.4 GHz");
  g_assert_cmpint (radio->channel, ==, 9);
  g_assert_cmpint (radio->clients, ==, 3);
  g_assert_true (radio->enabled);
  g_assert_cmpstr (radio->ssid, ==, "404 WiMAX Not Found");
  g_assert_true (isnan (radio->noise_dbm));

  g_assert_cmpuint (summary->ethernet->len, ==, 4);
  g_assert_cmpstr (((OpsEthernetPort *) g_ptr_array_index (summary->ethernet, 0))->name, ==, "LAN1");
  g_assert_cmpstr (((OpsEthernetPort *) g_ptr_array_index (summary->ethernet, 0))->status, ==, "NoLink");

  /* Six hosts, all on the gateway's Wi-Fi (Layer2Interface), by name. */
  g_assert_cmpuint (summary->hosts->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      host = g_ptr_array_index (summary->hosts, i);
      g_assert_cmpstr (host->name, ==, names[i]);
      g_assert_cmpstr (host->node, ==, "BM632w");
      g_assert_cmpstr (host->band, ==, "2.4 GHz");
      g_assert_true (host->active);
    }
  host = find_host (summary, "20:10:7A:08:4D:43");   /* written in lower case */
  g_assert_nonnull (host);
  g_assert_cmpstr (host->ip, ==, "192.168.1.3");
  g_assert_cmpint (host->lease_seconds, ==, 0);
  host = find_host (summary, "40:B0:FA:9C:4A:50");
  g_assert_cmpint (host->lease_seconds, ==, 65444);
  g_assert_true (isnan (host->signal_dbm));

  g_assert_null (summary->download.state);
}

/*
 * Vendor variants
 */

static void
test_optical_huawei (void)
{
  g_autoptr(JsonObject) doc = bm632w ();
  g_autoptr(OpsDeviceSummary) summary = NULL;

  set_int (doc, "InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.RXPower", -7);
  set_int (doc, "InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.TXPower", 2);
  set_string (doc, "InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.Status", "up");
  summary = summarize (doc);
  g_assert_cmpfloat (summary->optical.rx_dbm, ==, -7.0);
  g_assert_cmpfloat (summary->optical.tx_dbm, ==, 2.0);
  g_assert_cmpstr (summary->optical.status, ==, "up");
  g_assert_cmpstr (summary->optical.rx_source.path, ==,
                   "InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.RXPower");
  g_assert_cmpstr (summary->optical.rx_source.timestamp, ==, "2023-04-26T22:06:00.000Z");
}

static void
test_optical_raisecom (void)
{
  g_autoptr(JsonObject) doc = bm632w ();
  g_autoptr(OpsDeviceSummary) summary = NULL;
  g_autoptr(OpsDeviceSummary) unknown = NULL;

  set_int (doc, "InternetGatewayDevice.WANDevice.1.X_CT-COM_GponInterfaceConfig.RXPower", 5624);
  set_string (doc, "InternetGatewayDevice.WANDevice.1.X_CT-COM_GponInterfaceConfig.TXPower", "14880");
  summary = summarize (doc);
  g_assert_cmpfloat_with_epsilon (summary->optical.rx_dbm, -2.50, 0.005);
  g_assert_cmpfloat_with_epsilon (summary->optical.tx_dbm, 1.726, 0.005);
  g_assert_cmpstr (summary->optical.rx_source.path, ==,
                   "InternetGatewayDevice.WANDevice.1.X_CT-COM_GponInterfaceConfig.RXPower");

  /* 0 is no reading, not 0 dBm (nor -inf). */
  set_int (doc, "InternetGatewayDevice.WANDevice.1.X_CT-COM_GponInterfaceConfig.RXPower", 0);
  set_int (doc, "InternetGatewayDevice.WANDevice.1.X_CT-COM_GponInterfaceConfig.TXPower", 0);
  unknown = summarize (doc);
  g_assert_true (isnan (unknown->optical.rx_dbm));
  g_assert_true (isnan (unknown->optical.tx_dbm));
  g_assert_null (unknown->optical.rx_source.path);
}

static void
test_optical_nokia (void)
{
  g_autoptr(JsonObject) doc = bm632w ();
  g_autoptr(OpsDeviceSummary) summary = NULL;

  set_string (doc, "InternetGatewayDevice.X_ALU_OntOpticalParam.RXPower", "-3.409399");
  set_string (doc, "InternetGatewayDevice.X_ALU_OntOpticalParam.TXPower", " 2.1 dBm ");
  summary = summarize (doc);
  g_assert_cmpfloat_with_epsilon (summary->optical.rx_dbm, -3.409399, 1e-9);
  g_assert_cmpfloat_with_epsilon (summary->optical.tx_dbm, 2.1, 1e-9);
  g_assert_cmpstr (summary->optical.rx_source.path, ==, "InternetGatewayDevice.X_ALU_OntOpticalParam.RXPower");
}

static void
test_optical_standard (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) thousandths = NULL;
  g_autoptr(OpsDeviceSummary) as_dbm = NULL;
  g_autoptr(OpsDeviceSummary) no_light = NULL;
  g_autoptr(OpsDeviceSummary) zero = NULL;

  /* No vendor reading: the standard parameters, in 0.001 dBm (TR-181). */
  set_int (doc, "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower", 0);
  set_int (doc, "Device.Optical.Interface.1.X_TP_GPON_Config.TXPower", 0);
  zero = summarize (doc);
  g_assert_true (isnan (zero->optical.rx_dbm));
  g_assert_true (isnan (zero->optical.tx_dbm));
  g_assert_cmpstr (zero->optical.status, ==, "Up");

  set_int (doc, "Device.Optical.Interface.1.OpticalSignalLevel", -18500);
  set_int (doc, "Device.Optical.Interface.1.TransmitOpticalLevel", 2300);
  thousandths = summarize (doc);
  g_assert_cmpfloat_with_epsilon (thousandths->optical.rx_dbm, -18.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (thousandths->optical.tx_dbm, 2.3, 1e-9);
  g_assert_cmpstr (thousandths->optical.rx_source.path, ==, "Device.Optical.Interface.1.OpticalSignalLevel");

  /* Firmware that writes dBm directly. */
  set_string (doc, "Device.Optical.Interface.1.OpticalSignalLevel", "-21.3");
  set_string (doc, "Device.Optical.Interface.1.TransmitOpticalLevel", "1.9");
  as_dbm = summarize (doc);
  g_assert_cmpfloat_with_epsilon (as_dbm->optical.rx_dbm, -21.3, 1e-9);
  g_assert_cmpfloat_with_epsilon (as_dbm->optical.tx_dbm, 1.9, 1e-9);

  /* The spec's floor is "no reading". */
  set_int (doc, "Device.Optical.Interface.1.OpticalSignalLevel", -65536);
  set_int (doc, "Device.Optical.Interface.1.TransmitOpticalLevel", -127500);
  no_light = summarize (doc);
  g_assert_true (isnan (no_light->optical.rx_dbm));
  g_assert_true (isnan (no_light->optical.tx_dbm));
}

static void
test_optical_vendor_first (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) summary = NULL;

  /* Both filled: the vendor value, whose unit is known, wins. */
  set_int (doc, "Device.Optical.Interface.1.OpticalSignalLevel", -30000);
  summary = summarize (doc);
  g_assert_cmpfloat_with_epsilon (summary->optical.rx_dbm, -2.50, 0.005);
}

/*
 * Wi-Fi, mesh, hosts
 */

static void
test_radio_noise (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) summary = NULL;
  const OpsWifiRadio *radio;

  set_int (doc, "Device.WiFi.Radio.2.Stats.Noise", -62);
  /* Data Elements noise (RCPI 60 → -80 dBm) when the radio reads 0. */
  set_int (doc, "Device.WiFi.DataElements.Network.Device.1.Radio.1.Noise", 60);
  summary = summarize (doc);

  radio = g_ptr_array_index (summary->radios, 1);
  g_assert_cmpfloat (radio->noise_dbm, ==, -62.0);
  g_assert_cmpstr (radio->noise_source.path, ==, "Device.WiFi.Radio.2.Stats.Noise");
  g_assert_cmpstr (radio->noise_source.timestamp, ==, "2023-04-26T22:06:00.000Z");
  radio = g_ptr_array_index (summary->radios, 0);
  g_assert_cmpfloat (radio->noise_dbm, ==, -80.0);
  g_assert_cmpstr (radio->noise_source.path, ==, "Device.WiFi.DataElements.Network.Device.1.Radio.1.Noise");
}

static void
test_tr098_wifi_vendor (void)
{
  g_autoptr(JsonObject) doc = bm632w ();
  g_autoptr(OpsDeviceSummary) summary = NULL;
  const char *wlan = "InternetGatewayDevice.LANDevice.1.WLANConfiguration";
  g_autofree char *rssi = g_strdup_printf ("%s.1.AssociatedDevice.2.X_HW_RSSI", wlan);
  g_autofree char *rate = g_strdup_printf ("%s.1.AssociatedDevice.2.X_HW_TxRate", wlan);
  g_autofree char *noise = g_strdup_printf ("%s.1.AssociatedDevice.2.X_HW_Noise", wlan);
  g_autofree char *guest = g_strdup_printf ("%s.2.SSID", wlan);
  g_autofree char *guest_channel = g_strdup_printf ("%s.2.Channel", wlan);
  g_autofree char *guest_total = g_strdup_printf ("%s.2.TotalAssociations", wlan);
  g_autofree char *five = g_strdup_printf ("%s.5.SSID", wlan);
  g_autofree char *five_channel = g_strdup_printf ("%s.5.Channel", wlan);
  g_autofree char *five_noise = g_strdup_printf ("%s.5.X_HW_Noise", wlan);
  const OpsHost *host;
  const OpsWifiRadio *radio;

  set_int (doc, rssi, -71);
  set_int (doc, rate, 144);
  set_int (doc, noise, -88);
  /* A guest SSID on the same radio, and a 5 GHz one. */
  set_string (doc, guest, "Guest");
  set_int (doc, guest_channel, 9);
  set_int (doc, guest_total, 2);
  set_string (doc, five, "Home-5G");
  set_int (doc, five_channel, 44);
  set_int (doc, five_noise, 92);   /* sign dropped by the firmware */
  summary = summarize (doc);

  host = find_host (summary, "10:68:3F:77:88:20");
  g_assert_cmpfloat (host->signal_dbm, ==, -71.0);
  g_assert_cmpint (host->speed_mbps, ==, 144);
  g_assert_cmpstr (host->node, ==, "BM632w");

  g_assert_cmpuint (summary->radios->len, ==, 2);
  radio = g_ptr_array_index (summary->radios, 0);
  g_assert_cmpstr (radio->band, ==, "2.4 GHz");
  g_assert_cmpint (radio->clients, ==, 5);
  g_assert_cmpstr (radio->ssid, ==, "404 WiMAX Not Found");
  g_assert_cmpfloat (radio->noise_dbm, ==, -88.0);
  g_assert_cmpstr (radio->noise_source.path, ==, noise);
  radio = g_ptr_array_index (summary->radios, 1);
  g_assert_cmpstr (radio->band, ==, "5 GHz");
  g_assert_cmpint (radio->channel, ==, 44);
  g_assert_cmpstr (radio->ssid, ==, "Home-5G");
  g_assert_cmpfloat (radio->noise_dbm, ==, -92.0);
  g_assert_cmpint (radio->clients, ==, -1);
}

static void
test_mesh_satellite (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) summary = NULL;
  const char *sat = "Device.WiFi.MultiAP.APDevice.2";
  g_autofree char *p_mac = g_strdup_printf ("%s.MACAddress", sat);
  g_autofree char *p_name = g_strdup_printf ("%s.X_TP_HostName", sat);
  g_autofree char *p_link = g_strdup_printf ("%s.BackhaulLinkType", sat);
  g_autofree char *p_bmac = g_strdup_printf ("%s.BackhaulMACAddress", sat);
  g_autofree char *p_signal = g_strdup_printf ("%s.BackhaulSignalStrength", sat);
  g_autofree char *p_util = g_strdup_printf ("%s.BackhaulLinkUtilization", sat);
  g_autofree char *p_band = g_strdup_printf ("%s.Radio.1.OperatingFrequencyBand", sat);
  g_autofree char *p_client = g_strdup_printf ("%s.Radio.1.AP.1.AssociatedDevice.1.MACAddress", sat);
  g_autofree char *p_client_signal = g_strdup_printf ("%s.Radio.1.AP.1.AssociatedDevice.1.SignalStrength", sat);
  g_autofree char *p_client_rate = g_strdup_printf ("%s.Radio.1.AP.1.AssociatedDevice.1.LastDataDownlinkRate", sat);
  g_autofree char *p_client2 = g_strdup_printf ("%s.Radio.1.AP.1.AssociatedDevice.2.MACAddress", sat);
  g_autofree char *p_client2_name = g_strdup_printf ("%s.Radio.1.AP.1.AssociatedDevice.2.X_TP_HostName", sat);
  const OpsMeshNode *root, *satellite;
  const OpsHost *host;

  set_string (doc, p_mac, "1C:61:B4:00:00:02");
  set_string (doc, p_name, "Deco-Salon");
  set_string (doc, p_link, "Wi-Fi");
  set_string (doc, p_bmac, "1E:61:B4:00:00:02");
  set_int (doc, p_signal, 60);
  set_int (doc, p_util, 85);
  set_string (doc, p_band, "5GHz");
  set_string (doc, p_client, "aa-bb-cc-00-00-01");
  set_int (doc, p_client_signal, 70);
  set_int (doc, p_client_rate, 120000);
  set_string (doc, p_client2, "AA:BB:CC:00:00:02");
  set_string (doc, p_client2_name, "Thermostat");
  /* The satellite's backhaul station also appears at the root: not a client. */
  set_string (doc, "Device.WiFi.MultiAP.APDevice.1.Radio.2.AP.2.AssociatedDevice.2.MACAddress", "1E:61:B4:00:00:02");
  set_string (doc, "Device.Hosts.Host.2.PhysAddress", "AA:BB:CC:00:00:01");
  set_string (doc, "Device.Hosts.Host.2.HostName", "iPad");
  set_string (doc, "Device.Hosts.Host.2.IPAddress", "192.168.1.20");
  set_string (doc, "Device.Hosts.Host.3.PhysAddress", "AA:BB:CC:00:00:03");
  set_string (doc, "Device.Hosts.Host.3.HostName", "Desktop");
  set_string (doc, "Device.Hosts.Host.3.Layer1Interface", "Device.Ethernet.Interface.2.");
  summary = summarize (doc);

  g_assert_cmpuint (summary->mesh->len, ==, 2);
  root = g_ptr_array_index (summary->mesh, 0);
  satellite = g_ptr_array_index (summary->mesh, 1);
  g_assert_true (root->is_root);
  g_assert_cmpstr (root->name, ==, "XX230v_2AC8");
  g_assert_cmpint (root->clients, ==, 1);
  g_assert_false (satellite->is_root);
  g_assert_cmpstr (satellite->name, ==, "Deco-Salon");
  g_assert_cmpstr (satellite->mac, ==, "1C:61:B4:00:00:02");
  g_assert_cmpstr (satellite->backhaul, ==, "Wi-Fi");
  g_assert_cmpfloat (satellite->backhaul_signal_dbm, ==, -80.0);
  g_assert_cmpfloat (satellite->backhaul_utilization, ==, 85.0);
  g_assert_cmpstr (satellite->utilization_source.path, ==, "Device.WiFi.MultiAP.APDevice.2.BackhaulLinkUtilization");
  g_assert_cmpint (satellite->clients, ==, 2);

  /* Root's clients first, then the satellite's, then wired / other. */
  g_assert_cmpuint (summary->hosts->len, ==, 4);
  host = g_ptr_array_index (summary->hosts, 0);
  g_assert_cmpstr (host->name, ==, "MBP-de-Gaspare");
  g_assert_cmpstr (host->node, ==, "XX230v_2AC8");
  host = g_ptr_array_index (summary->hosts, 1);
  g_assert_cmpstr (host->name, ==, "iPad");
  g_assert_cmpstr (host->node, ==, "Deco-Salon");
  g_assert_cmpstr (host->band, ==, "5 GHz");
  g_assert_cmpfloat (host->signal_dbm, ==, -75.0);
  g_assert_cmpint (host->speed_mbps, ==, 120);
  g_assert_cmpstr (host->ip, ==, "192.168.1.20");
  host = g_ptr_array_index (summary->hosts, 2);
  g_assert_cmpstr (host->name, ==, "Thermostat");   /* associated, not in the host table */
  g_assert_cmpstr (host->node, ==, "Deco-Salon");
  g_assert_cmpint (host->lease_seconds, ==, -1);
  host = g_ptr_array_index (summary->hosts, 3);
  g_assert_cmpstr (host->name, ==, "Desktop");
  g_assert_null (host->node);
  g_assert_null (host->band);
  g_assert_true (isnan (host->signal_dbm));
}

static void
test_mesh_data_elements (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) summary = NULL;
  const OpsMeshNode *satellite;

  /* No BackhaulLinkUtilization: the Data Elements radio of the backhaul
   * station, 0-255 channel utilisation. */
  set_string (doc, "Device.WiFi.MultiAP.APDevice.2.MACAddress", "1C:61:B4:00:00:02");
  set_string (doc, "Device.WiFi.MultiAP.APDevice.2.BackhaulLinkType", "WiFi");
  set_string (doc, "Device.WiFi.DataElements.Network.Device.2.ID", "1c:61:b4:00:00:02");
  set_string (doc, "Device.WiFi.DataElements.Network.Device.2.Radio.1.BackhaulSta.MACAddress", "1E:61:B4:00:00:02");
  set_int (doc, "Device.WiFi.DataElements.Network.Device.2.Radio.1.Utilization", 204);
  summary = summarize (doc);

  satellite = g_ptr_array_index (summary->mesh, 1);
  g_assert_cmpstr (satellite->backhaul, ==, "Wi-Fi");
  g_assert_cmpfloat_with_epsilon (satellite->backhaul_utilization, 80.0, 1e-9);
  g_assert_cmpstr (satellite->utilization_source.path, ==, "Device.WiFi.DataElements.Network.Device.2.Radio.1.Utilization");
  g_assert_cmpstr (satellite->name, ==, "1C:61:B4:00:00:02");
  g_assert_true (isnan (satellite->backhaul_signal_dbm));
}

/*
 * Download test
 */

static void
test_download_completed (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) plain = NULL;
  g_autoptr(OpsDeviceSummary) full = NULL;
  const char *base = "Device.IP.Diagnostics.DownloadDiagnostics";
  g_autofree char *state = g_strdup_printf ("%s.DiagnosticsState", base);
  g_autofree char *bom = g_strdup_printf ("%s.BOMTime", base);
  g_autofree char *eom = g_strdup_printf ("%s.EOMTime", base);
  g_autofree char *bytes = g_strdup_printf ("%s.TestBytesReceived", base);
  g_autofree char *full_bytes = g_strdup_printf ("%s.TestBytesReceivedUnderFullLoading", base);
  g_autofree char *period = g_strdup_printf ("%s.PeriodOfFullLoading", base);

  set_string (doc, state, "Completed");
  set_string (doc, bom, "2023-04-26T22:00:16.000Z");
  set_string (doc, eom, "2023-04-26T22:00:18.000Z");
  set_string (doc, bytes, "25000000");   /* xsd:unsignedLong: a string */
  plain = summarize (doc);
  g_assert_cmpstr (plain->download.state, ==, "Completed");
  g_assert_cmpfloat_with_epsilon (plain->download.speed_mbps, 100.0, 1e-9);
  g_assert_cmpstr (plain->download.finished_at, ==, "2023-04-26T22:00:18.000Z");

  /* TR-143 full loading: 30 MB in 1.2 s (µs). */
  set_int (doc, full_bytes, 30000000);
  set_int (doc, period, 1200000);
  full = summarize (doc);
  g_assert_cmpfloat_with_epsilon (full->download.speed_mbps, 200.0, 1e-9);
}

/*
 * Robustness and projection
 */

static void
test_garbage (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(OpsDeviceSummary) summary = NULL;
  g_autoptr(JsonObject) empty = json_object_new ();
  g_autoptr(JsonObject) only_id = json_object_new ();
  g_autoptr(OpsDeviceSummary) bare = NULL;
  g_autoptr(GDateTime) now = at ("2023-04-26T22:07:00Z");
  g_autoptr(GError) error = NULL;
  JsonObject *wifi = ops_device_doc_get_node (doc, "Device.WiFi");
  JsonObject *ip = ops_device_doc_get_node (doc, "Device.IP");
  JsonObject *device = ops_device_doc_get_node (doc, "Device");

  set_string (doc, "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower", "abc");
  set_string (doc, "Device.Optical.Interface.1.X_TP_GPON_Config.TXPower", "-5");
  set_string (doc, "Device.DeviceInfo.UpTime", "lots");
  set_int (doc, "Device.Hosts.Host.1.PhysAddress", 12345);
  set_string (doc, "Device.Hosts.Host.1.LeaseTimeRemaining", "soon");
  set_string (doc, "Device.WiFi.MultiAP.APDevice.1.Radio.2.AP.2.AssociatedDevice.1.SignalStrength", "strong");
  set_string (doc, "Device.WiFi.MultiAP.APDevice.1.Radio.2.AP.2.AssociatedDevice.1.LastDataDownlinkRate", "1e400");
  set_string (doc, "Device.Ethernet.Interface.2.CurrentBitRate", "NaN");
  set_string (doc, "Device.ManagementServer.ConnectionRequestURL", "not a url");
  json_object_set_string_member (wifi, "Radio", "garbage");
  json_object_set_array_member (wifi, "SSID", json_array_new ());
  json_object_set_null_member (ip, "Interface");
  json_object_set_int_member (ops_device_doc_get_node (doc, "Device.Routing.Router.1"), "IPv4Forwarding", 3);
  json_object_set_int_member (doc, "_lastInform", 42);
  json_object_set_array_member (device, "DeviceInfo", json_array_new ());
  json_object_set_string_member (ops_device_doc_get_node (doc, "Device.Optical.Interface.1"), "Status", "Up");

  summary = summarize (doc);
  g_assert_true (isnan (summary->optical.rx_dbm));
  g_assert_true (isnan (summary->optical.tx_dbm));   /* a negative power in µW */
  g_assert_cmpstr (summary->optical.status, ==, "Up");   /* a bare value is read too */
  g_assert_cmpint (summary->uptime_seconds, ==, -1);
  g_assert_null (summary->last_inform);
  g_assert_false (summary->online);
  g_assert_null (summary->management_url);
  g_assert_cmpstr (summary->model, ==, "Device2");   /* ModelName gone: the product class */
  g_assert_cmpstr (summary->serial, ==, "22275A7000395");   /* from _deviceId */
  g_assert_cmpuint (summary->radios->len, ==, 0);
  g_assert_cmpuint (summary->addresses->len, ==, 0);
  g_assert_cmpuint (summary->hosts->len, ==, 2);
  for (guint i = 0; i < summary->hosts->len; i++)
    {
      const OpsHost *host = g_ptr_array_index (summary->hosts, i);

      g_assert_true (isnan (host->signal_dbm));
      g_assert_cmpint (host->speed_mbps, ==, -1);
      g_assert_cmpint (host->lease_seconds, ==, -1);
    }
  g_assert_cmpint (((OpsEthernetPort *) g_ptr_array_index (summary->ethernet, 0))->speed_mbps, ==, -1);

  /* Not a device at all. */
  g_assert_null (ops_device_summarize (empty, now, 300, &error));
  g_assert_error (error, OPS_DEVICE_SUMMARY_ERROR, OPS_DEVICE_SUMMARY_ERROR_NOT_A_DEVICE);

  /* An _id alone: a summary where everything is unknown. */
  json_object_set_string_member (only_id, "_id", "1C61B4-Device2-X");
  bare = summarize (only_id);
  g_assert_cmpstr (bare->id, ==, "1C61B4-Device2-X");
  g_assert_cmpint (bare->uptime_seconds, ==, -1);
  g_assert_true (isnan (bare->optical.rx_dbm));
  g_assert_cmpuint (bare->hosts->len, ==, 0);
}

static void
test_projection (void)
{
  g_autoptr(JsonObject) doc = xx230v ();
  g_autoptr(JsonObject) projected = ops_device_doc_project (doc, ops_device_summary_projection ());
  g_autoptr(OpsDeviceSummary) full = summarize (doc);
  g_autoptr(OpsDeviceSummary) part = summarize (projected);
  g_autofree char *full_json = to_json (doc, NULL);
  g_autofree char *part_json = to_json (projected, NULL);
  const char *const *paths = ops_device_summary_projection ();

  /* The summary reads nothing outside the projection. */
  g_assert_cmpstr (part->id, ==, full->id);
  g_assert_cmpstr (part->model, ==, full->model);
  g_assert_cmpstr (part->serial, ==, full->serial);
  g_assert_cmpstr (part->firmware, ==, full->firmware);
  g_assert_cmpint (part->uptime_seconds, ==, full->uptime_seconds);
  g_assert_cmpstr (part->last_inform, ==, full->last_inform);
  g_assert_cmpstr (part->management_url, ==, full->management_url);
  g_assert_cmpfloat (part->optical.rx_dbm, ==, full->optical.rx_dbm);
  g_assert_cmpfloat (part->optical.tx_dbm, ==, full->optical.tx_dbm);
  g_assert_cmpuint (part->addresses->len, ==, full->addresses->len);
  g_assert_cmpuint (part->radios->len, ==, full->radios->len);
  g_assert_cmpuint (part->mesh->len, ==, full->mesh->len);
  g_assert_cmpuint (part->ethernet->len, ==, full->ethernet->len);
  g_assert_cmpuint (part->hosts->len, ==, full->hosts->len);
  g_assert_cmpstr (((OpsHost *) g_ptr_array_index (part->hosts, 0))->node, ==, "XX230v_2AC8");
  g_assert_cmpstr (part->download.url, ==, full->download.url);
  g_assert_cmpint (((OpsWifiRadio *) g_ptr_array_index (part->radios, 1))->clients, ==, 1);

  g_assert_cmpuint (strlen (part_json) * 2, <, strlen (full_json));
  for (guint i = 0; paths[i]; i++)
    g_assert_true (g_str_has_prefix (paths[i], "_") || g_str_has_prefix (paths[i], "Device.") ||
                   g_str_has_prefix (paths[i], "InternetGatewayDevice."));

  /* The same on TR-098. */
  {
    g_autoptr(JsonObject) igd = bm632w ();
    g_autoptr(JsonObject) igd_projected = ops_device_doc_project (igd, paths);
    g_autoptr(OpsDeviceSummary) igd_full = summarize (igd);
    g_autoptr(OpsDeviceSummary) igd_part = summarize (igd_projected);

    g_assert_cmpuint (igd_part->hosts->len, ==, igd_full->hosts->len);
    g_assert_cmpuint (igd_part->addresses->len, ==, igd_full->addresses->len);
    g_assert_cmpuint (igd_part->radios->len, ==, igd_full->radios->len);
    g_assert_cmpstr (igd_part->serial, ==, igd_full->serial);
    g_assert_cmpstr (igd_part->last_inform, ==, igd_full->last_inform);
  }
}

static void
test_conversions (void)
{
  g_assert_cmpfloat_with_epsilon (ops_optical_tenth_uw_to_dbm (5624), -2.4995, 1e-4);
  g_assert_cmpfloat_with_epsilon (ops_optical_tenth_uw_to_dbm (10000), 0.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (ops_optical_tenth_uw_to_dbm (10), -30.0, 1e-9);
  g_assert_true (isnan (ops_optical_tenth_uw_to_dbm (0)));
  g_assert_true (isnan (ops_optical_tenth_uw_to_dbm (-3)));
  g_assert_true (isnan (ops_optical_tenth_uw_to_dbm (NAN)));
  g_assert_cmpfloat (ops_wifi_rcpi_to_dbm (100), ==, -60.0);
  g_assert_cmpfloat (ops_wifi_rcpi_to_dbm (220), ==, 0.0);
  g_assert_true (isnan (ops_wifi_rcpi_to_dbm (0)));
  g_assert_true (isnan (ops_wifi_rcpi_to_dbm (255)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/genieacs-csv/xx230v", test_csv_xx230v);
  g_test_add_func ("/genieacs-csv/bm632w", test_csv_bm632w);
  g_test_add_func ("/genieacs-csv/format", test_csv_format);
  g_test_add_func ("/genieacs-csv/errors", test_csv_errors);
  g_test_add_func ("/genieacs-csv/doc-helpers", test_doc_helpers);
  g_test_add_func ("/device-summary/xx230v", test_summary_xx230v);
  g_test_add_func ("/device-summary/online", test_summary_online);
  g_test_add_func ("/device-summary/bm632w", test_summary_bm632w);
  g_test_add_func ("/device-summary/optical/huawei", test_optical_huawei);
  g_test_add_func ("/device-summary/optical/raisecom", test_optical_raisecom);
  g_test_add_func ("/device-summary/optical/nokia", test_optical_nokia);
  g_test_add_func ("/device-summary/optical/standard", test_optical_standard);
  g_test_add_func ("/device-summary/optical/vendor-first", test_optical_vendor_first);
  g_test_add_func ("/device-summary/wifi/noise", test_radio_noise);
  g_test_add_func ("/device-summary/wifi/tr098-vendor", test_tr098_wifi_vendor);
  g_test_add_func ("/device-summary/mesh/satellite", test_mesh_satellite);
  g_test_add_func ("/device-summary/mesh/data-elements", test_mesh_data_elements);
  g_test_add_func ("/device-summary/download", test_download_completed);
  g_test_add_func ("/device-summary/garbage", test_garbage);
  g_test_add_func ("/device-summary/projection", test_projection);
  g_test_add_func ("/device-summary/conversions", test_conversions);

  return g_test_run ();
}
