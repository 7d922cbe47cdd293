/* test-device-json.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The JSON of the headless /devices routes: camelCase shapes, unknown
 * numbers as null (never 0), and a real XX230v document end to end.
 */

#define G_LOG_DOMAIN "test-device-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-device-json.h"
#include "ops-genieacs-csv.h"
#include "ops-store.h"

#define XX230V_CSV "device-1C61B4-XX230v-22275A7000395-2023-04-27T154050686Z.csv"

/* Summaries are built by hand here; this frees what the tests set. */
static void
summary_clear (OpsDeviceSummary *s)
{
  g_free (s->id);
  g_free (s->serial);
  g_free (s->model);
  g_free (s->optical.status);
  g_clear_pointer (&s->addresses, g_ptr_array_unref);
  g_clear_pointer (&s->radios, g_ptr_array_unref);
  g_clear_pointer (&s->mesh, g_ptr_array_unref);
  g_clear_pointer (&s->ethernet, g_ptr_array_unref);
  g_clear_pointer (&s->hosts, g_ptr_array_unref);
}

static void
address_free (OpsIpAddress *a)
{
  g_free (a->ip);
  g_free (a);
}

static void
radio_free (OpsWifiRadio *r)
{
  g_free (r->band);
  g_free (r);
}

static void
node_free (OpsMeshNode *n)
{
  g_free (n->name);
  g_free (n->mac);
  g_free (n);
}

static void
port_free (OpsEthernetPort *p)
{
  g_free (p->name);
  g_free (p->status);
  g_free (p);
}

static void
host_free (OpsHost *h)
{
  g_free (h->name);
  g_free (h->ip);
  g_free (h->mac);
  g_free (h->band);
  g_free (h->node);
  g_free (h);
}

static void
verdict_free (OpsVerdict *v)
{
  g_free (v->code);
  g_free (v->message);
  g_free (v->action);
  g_free (v->parameter);
  g_free (v->value);
  g_free (v->timestamp);
  g_free (v);
}

static void
summary_init (OpsDeviceSummary *s)
{
  memset (s, 0, sizeof *s);
  s->uptime_seconds = -1;
  s->optical.rx_dbm = NAN;
  s->optical.tx_dbm = NAN;
  s->addresses = g_ptr_array_new_with_free_func ((GDestroyNotify)address_free);
  s->radios = g_ptr_array_new_with_free_func ((GDestroyNotify)radio_free);
  s->mesh = g_ptr_array_new_with_free_func ((GDestroyNotify)node_free);
  s->ethernet = g_ptr_array_new_with_free_func ((GDestroyNotify)port_free);
  s->hosts = g_ptr_array_new_with_free_func ((GDestroyNotify)host_free);
  s->download.speed_mbps = NAN;
}

static OpsWifiRadio *
radio_new (const char *band,
           gint        channel,
           double      noise,
           gint        clients)
{
  OpsWifiRadio *r = g_new0 (OpsWifiRadio, 1);

  r->band = g_strdup (band);
  r->channel = channel;
  r->noise_dbm = noise;
  r->clients = clients;
  r->enabled = TRUE;
  return r;
}

static JsonObject *
round_trip (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, FALSE);
  g_autoptr(JsonNode) parsed = json_from_string (text, NULL);

  g_assert_nonnull (parsed);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (parsed));
  return json_object_ref (json_node_get_object (parsed));
}

static gboolean
member_is_null (JsonObject *object,
                const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  return json_object_get_null_member (object, name);
}

static JsonObject *
element (JsonObject *object,
         const char *array,
         guint       index)
{
  JsonArray *a = json_object_get_array_member (object, array);

  g_assert_nonnull (a);
  g_assert_cmpuint (index, <, json_array_get_length (a));
  return json_array_get_object_element (a, index);
}

static void
test_unknowns_are_null (void)
{
  OpsDeviceSummary s;
  OpsEthernetPort *port = g_new0 (OpsEthernetPort, 1);
  OpsMeshNode *node = g_new0 (OpsMeshNode, 1);
  g_autoptr(GPtrArray) verdicts = g_ptr_array_new_with_free_func ((GDestroyNotify)verdict_free);
  OpsVerdict *verdict = g_new0 (OpsVerdict, 1);
  g_autoptr(JsonNode) node_json = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *optical, *wifi, *radio, *mesh, *ethernet, *v;

  summary_init (&s);
  s.id = g_strdup ("202BC1-BM632w-X");
  g_ptr_array_add (s.radios, radio_new ("2.4 GHz", -1, NAN, -1));
  port->name = g_strdup ("LAN1");
  port->status = g_strdup ("Down");
  port->speed_mbps = -1;
  g_ptr_array_add (s.ethernet, port);
  node->name = g_strdup ("Salon");
  node->backhaul_utilization = NAN;
  node->backhaul_signal_dbm = NAN;
  node->clients = 0;
  g_ptr_array_add (s.mesh, node);
  verdict->code = g_strdup ("stale");
  verdict->severity = OPS_SEVERITY_INFO;
  verdict->message = g_strdup ("Old data.");
  g_ptr_array_add (verdicts, verdict);

  node_json = ops_device_json_lookup (&s, verdicts, NULL, NAN);
  json = round_trip (node_json);

  g_assert_cmpstr (json_object_get_string_member (json, "id"), ==, "202BC1-BM632w-X");
  g_assert_true (member_is_null (json, "serial"));
  g_assert_true (member_is_null (json, "manufacturer"));
  g_assert_true (member_is_null (json, "model"));
  g_assert_true (member_is_null (json, "firmware"));
  g_assert_true (member_is_null (json, "uptime"));
  g_assert_true (member_is_null (json, "lastInform"));
  g_assert_false (json_object_get_boolean_member (json, "online"));

  optical = json_object_get_object_member (json, "opticalStatus");
  g_assert_true (member_is_null (optical, "status"));
  g_assert_true (member_is_null (optical, "rxPower"));
  g_assert_true (member_is_null (optical, "txPower"));
  g_assert_true (member_is_null (optical, "baselineRxPower"));

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json, "interfaces")), ==, 0);

  wifi = json_object_get_object_member (json, "wifi");
  radio = element (wifi, "radios", 0);
  g_assert_cmpstr (json_object_get_string_member (radio, "band"), ==, "2.4 GHz");
  g_assert_true (member_is_null (radio, "channel"));
  g_assert_true (member_is_null (radio, "noise"));
  g_assert_true (member_is_null (radio, "clients"));
  /* No radio knows its clients: the total is unknown too, not 0. */
  g_assert_true (member_is_null (wifi, "totalClients"));

  mesh = element (json, "mesh", 0);
  g_assert_cmpstr (json_object_get_string_member (mesh, "name"), ==, "Salon");
  g_assert_true (member_is_null (mesh, "mac"));
  g_assert_true (member_is_null (mesh, "backhaulUtilization"));
  g_assert_cmpint (json_object_get_int_member (mesh, "clients"), ==, 0);

  ethernet = element (json, "ethernet", 0);
  g_assert_cmpstr (json_object_get_string_member (ethernet, "port"), ==, "LAN1");
  g_assert_cmpstr (json_object_get_string_member (ethernet, "status"), ==, "Down");
  g_assert_true (member_is_null (ethernet, "speed"));

  v = element (json, "verdicts", 0);
  g_assert_cmpstr (json_object_get_string_member (v, "code"), ==, "stale");
  g_assert_cmpstr (json_object_get_string_member (v, "severity"), ==, ops_severity_to_string (OPS_SEVERITY_INFO));
  g_assert_cmpstr (json_object_get_string_member (v, "message"), ==, "Old data.");
  g_assert_true (member_is_null (v, "evidence"));
  g_assert_true (member_is_null (v, "action"));

  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json, "opticalHistory")), ==, 0);

  summary_clear (&s);
}

static void
test_known_values (void)
{
  OpsDeviceSummary s;
  OpsIpAddress *wan = g_new0 (OpsIpAddress, 1);
  OpsIpAddress *mgmt = g_new0 (OpsIpAddress, 1);
  OpsMeshNode *node = g_new0 (OpsMeshNode, 1);
  g_autoptr(GPtrArray) verdicts = g_ptr_array_new_with_free_func ((GDestroyNotify)verdict_free);
  g_autoptr(GPtrArray) history = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_optical_reading_free);
  OpsOpticalReading *reading = g_new0 (OpsOpticalReading, 1);
  OpsVerdict *verdict = g_new0 (OpsVerdict, 1);
  g_autoptr(JsonNode) node_json = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *optical, *wifi, *evidence, *v, *mesh, *past;

  summary_init (&s);
  s.id = g_strdup ("1C61B4-XX230v-22275A7000395");
  s.serial = g_strdup ("22275A7000395");
  s.model = g_strdup ("XX230v");
  s.uptime_seconds = 15687;
  s.online = TRUE;
  s.optical.rx_dbm = -27.4349;
  s.optical.tx_dbm = 2.0;
  s.optical.status = g_strdup ("Up");
  wan->role = OPS_IP_ROLE_INTERNET;
  wan->ip = g_strdup ("100.64.1.2");
  mgmt->role = OPS_IP_ROLE_MANAGEMENT;
  mgmt->ip = g_strdup ("10.10.0.7");
  g_ptr_array_add (s.addresses, wan);
  g_ptr_array_add (s.addresses, mgmt);
  g_ptr_array_add (s.radios, radio_new ("2.4 GHz", 6, -92.0, 3));
  g_ptr_array_add (s.radios, radio_new ("5 GHz", 36, NAN, -1));
  g_ptr_array_add (s.radios, radio_new ("6 GHz", 37, -95.0, 2));
  node->name = g_strdup ("Sous-sol");
  node->mac = g_strdup ("AA:BB:CC:00:11:22");
  node->backhaul_utilization = 81.456;
  node->clients = 4;
  g_ptr_array_add (s.mesh, node);

  verdict->code = g_strdup ("fibre-low");
  verdict->severity = OPS_SEVERITY_CRITICAL;
  verdict->message = g_strdup ("Weak fibre signal.");
  verdict->parameter = g_strdup ("Device.Optical.Interface.1.X_TP_GPON_Config.RXPower");
  verdict->value = g_strdup ("-27.4 dBm");
  verdict->timestamp = g_strdup ("2023-04-26T22:03:07.448Z");
  g_ptr_array_add (verdicts, verdict);

  reading->taken_at = g_strdup ("2023-04-01T08:00:00.000Z");
  reading->rx_dbm = -19.5;
  reading->tx_dbm = NAN;
  g_ptr_array_add (history, reading);

  node_json = ops_device_json_lookup (&s, verdicts, history, -19.5);
  json = round_trip (node_json);

  g_assert_cmpstr (json_object_get_string_member (json, "serial"), ==, "22275A7000395");
  g_assert_cmpstr (json_object_get_string_member (json, "model"), ==, "XX230v");
  g_assert_cmpint (json_object_get_int_member (json, "uptime"), ==, 15687);
  g_assert_true (json_object_get_boolean_member (json, "online"));

  optical = json_object_get_object_member (json, "opticalStatus");
  g_assert_cmpstr (json_object_get_string_member (optical, "status"), ==, "Up");
  /* Two decimals, as a CSR reads it. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (optical, "rxPower"), -27.43, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (optical, "txPower"), 2.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (optical, "baselineRxPower"), -19.5, 1e-9);

  g_assert_cmpstr (json_object_get_string_member (element (json, "interfaces", 0), "role"), ==, "internet");
  g_assert_cmpstr (json_object_get_string_member (element (json, "interfaces", 0), "ip"), ==, "100.64.1.2");
  g_assert_cmpstr (json_object_get_string_member (element (json, "interfaces", 1), "role"), ==, "management");

  wifi = json_object_get_object_member (json, "wifi");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wifi, "radios")), ==, 3);
  g_assert_cmpint (json_object_get_int_member (element (wifi, "radios", 0), "channel"), ==, 6);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (element (wifi, "radios", 0), "noise"), -92.0, 1e-9);
  g_assert_true (member_is_null (element (wifi, "radios", 1), "clients"));
  /* The known ones add up; the unknown one is not counted as 0. */
  g_assert_cmpint (json_object_get_int_member (wifi, "totalClients"), ==, 5);

  mesh = element (json, "mesh", 0);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (mesh, "backhaulUtilization"), 81.46, 1e-9);
  g_assert_cmpint (json_object_get_int_member (mesh, "clients"), ==, 4);

  v = element (json, "verdicts", 0);
  g_assert_cmpstr (json_object_get_string_member (v, "severity"), ==, ops_severity_to_string (OPS_SEVERITY_CRITICAL));
  evidence = json_object_get_object_member (v, "evidence");
  g_assert_nonnull (evidence);
  g_assert_cmpstr (json_object_get_string_member (evidence, "parameter"), ==,
                   "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower");
  g_assert_cmpstr (json_object_get_string_member (evidence, "value"), ==, "-27.4 dBm");
  g_assert_cmpstr (json_object_get_string_member (evidence, "timestamp"), ==, "2023-04-26T22:03:07.448Z");

  past = element (json, "opticalHistory", 0);
  g_assert_cmpstr (json_object_get_string_member (past, "takenAt"), ==, "2023-04-01T08:00:00.000Z");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (past, "rxPower"), -19.5, 1e-9);
  g_assert_true (member_is_null (past, "txPower"));

  summary_clear (&s);
}

static void
test_hosts (void)
{
  g_autoptr(GPtrArray) hosts = g_ptr_array_new_with_free_func ((GDestroyNotify)host_free);
  OpsHost *wifi = g_new0 (OpsHost, 1);
  OpsHost *wired = g_new0 (OpsHost, 1);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *first, *second;

  wifi->name = g_strdup ("MBP-de-Gaspare");
  wifi->ip = g_strdup ("192.168.0.100");
  wifi->mac = g_strdup ("3C:06:30:2D:42:FB");
  wifi->band = g_strdup ("5 GHz");
  wifi->signal_dbm = -60.0;
  wifi->speed_mbps = 866;
  wifi->node = g_strdup ("XX230v");
  wifi->active = TRUE;
  wifi->lease_seconds = 3600;
  wired->ip = g_strdup ("192.168.0.2");
  wired->mac = g_strdup ("00:11:22:33:44:55");
  wired->signal_dbm = NAN;
  wired->speed_mbps = -1;
  wired->lease_seconds = -1;
  g_ptr_array_add (hosts, wifi);
  g_ptr_array_add (hosts, wired);

  node = ops_device_json_hosts (hosts);
  json = round_trip (node);

  g_assert_cmpint (json_object_get_int_member (json, "total"), ==, 2);
  first = element (json, "hosts", 0);
  g_assert_cmpstr (json_object_get_string_member (first, "name"), ==, "MBP-de-Gaspare");
  g_assert_cmpstr (json_object_get_string_member (first, "ip"), ==, "192.168.0.100");
  g_assert_cmpstr (json_object_get_string_member (first, "mac"), ==, "3C:06:30:2D:42:FB");
  g_assert_cmpstr (json_object_get_string_member (first, "band"), ==, "5 GHz");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (first, "signal"), -60.0, 1e-9);
  g_assert_cmpstr (json_object_get_string_member (first, "attachedNode"), ==, "XX230v");
  g_assert_cmpint (json_object_get_int_member (first, "lease"), ==, 3600);
  g_assert_true (json_object_get_boolean_member (first, "active"));

  second = element (json, "hosts", 1);
  g_assert_true (member_is_null (second, "name"));
  g_assert_true (member_is_null (second, "band"));
  g_assert_true (member_is_null (second, "signal"));
  g_assert_true (member_is_null (second, "attachedNode"));
  g_assert_true (member_is_null (second, "lease"));
  g_assert_false (json_object_get_boolean_member (second, "active"));

  /* No hosts at all. */
  {
    g_autoptr(JsonNode) empty = ops_device_json_hosts (NULL);
    g_autoptr(JsonObject) object = round_trip (empty);

    g_assert_cmpint (json_object_get_int_member (object, "total"), ==, 0);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "hosts")), ==, 0);
  }
}

static void
test_fleet_and_action (void)
{
  g_autoptr(GHashTable) models = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) codes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonNode) fleet_node = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  g_autoptr(JsonNode) done_node = NULL;
  g_autoptr(JsonObject) done = NULL;
  g_autoptr(JsonNode) queued_node = NULL;
  g_autoptr(JsonObject) queued = NULL;
  JsonObject *by_model, *by_verdict;

  g_hash_table_insert (models, "XX230v", GINT_TO_POINTER (3));
  g_hash_table_insert (models, "BM632w", GINT_TO_POINTER (2));
  g_hash_table_insert (codes, "fibre-low", GINT_TO_POINTER (1));

  fleet_node = ops_device_json_fleet (5, 4, models, codes);
  fleet = round_trip (fleet_node);
  g_assert_cmpint (json_object_get_int_member (fleet, "total"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (fleet, "online"), ==, 4);
  by_model = json_object_get_object_member (fleet, "byModel");
  g_assert_cmpint (json_object_get_int_member (by_model, "XX230v"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (by_model, "BM632w"), ==, 2);
  by_verdict = json_object_get_object_member (fleet, "byVerdict");
  g_assert_cmpuint (json_object_get_size (by_verdict), ==, 1);
  g_assert_cmpint (json_object_get_int_member (by_verdict, "fibre-low"), ==, 1);

  done_node = ops_device_json_action (TRUE, "Download test: 912 Mbit/s.", 912.345);
  done = round_trip (done_node);
  g_assert_true (json_object_get_boolean_member (done, "done"));
  g_assert_cmpstr (json_object_get_string_member (done, "message"), ==, "Download test: 912 Mbit/s.");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (done, "speedMbps"), 912.35, 1e-9);

  queued_node = ops_device_json_action (FALSE, "Queued.", NAN);
  queued = round_trip (queued_node);
  g_assert_false (json_object_get_boolean_member (queued, "done"));
  g_assert_true (member_is_null (queued, "speedMbps"));
}

/* A real XX230v document through the summariser and the converter. */
static void
test_real_xx230v (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "genieacs-sim", XX230V_CSV, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = NULL;
  gsize length = 0;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(OpsDeviceSummary) summary = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2023, 4, 26, 22, 6, 0);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonObject) json = NULL;
  JsonObject *optical, *wifi;
  JsonArray *radios;

  g_file_get_contents (path, &csv, &length, &error);
  g_assert_no_error (error);
  doc = ops_genieacs_csv_to_document (csv, length, NULL, &error);
  g_assert_no_error (error);
  summary = ops_device_summarize (doc, now, 300, &error);
  g_assert_no_error (error);

  node = ops_device_json_lookup (summary, NULL, NULL, NAN);
  json = round_trip (node);

  g_assert_cmpstr (json_object_get_string_member (json, "serial"), ==, "22275A7000395");
  g_assert_true (json_object_get_boolean_member (json, "online"));
  optical = json_object_get_object_member (json, "opticalStatus");
  /* 5624 × 0.1 µW is −2.50 dBm; the standard OpticalSignalLevel reads 0
   * and must not win. */
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (optical, "rxPower"), -2.5, 0.011);
  wifi = json_object_get_object_member (json, "wifi");
  radios = json_object_get_array_member (wifi, "radios");
  g_assert_cmpuint (json_array_get_length (radios), >=, 2);
  for (guint i = 0; i < json_array_get_length (radios); i++)
    {
      JsonObject *radio = json_array_get_object_element (radios, i);

      /* A noise of 0 is "unknown": null, never 0 dBm. */
      if (!json_object_get_null_member (radio, "noise"))
        g_assert_cmpfloat (json_object_get_double_member (radio, "noise"), <, 0.0);
    }
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json, "interfaces")), >, 0);
  g_assert_cmpint (json_object_get_int_member (json, "uptime"), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/device-json/unknowns-are-null", test_unknowns_are_null);
  g_test_add_func ("/device-json/known-values", test_known_values);
  g_test_add_func ("/device-json/hosts", test_hosts);
  g_test_add_func ("/device-json/fleet-and-action", test_fleet_and_action);
  g_test_add_func ("/device-json/real-xx230v", test_real_xx230v);

  return g_test_run ();
}
