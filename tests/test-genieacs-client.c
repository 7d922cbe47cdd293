/* test-genieacs-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GenieACS NBI client against the in-process fake NBI, serving the
 * real TP-Link XX230v (TR-181) and Huawei BM632w (TR-098) data models.
 */

#define G_LOG_DOMAIN "test-genieacs-client"

#include "config.h"

#include <string.h>

#include "ops-fake-genieacs.h"
#include "ops-genieacs-client.h"
#include "ops-genieacs-csv.h"

#define XX230V_CSV "device-1C61B4-XX230v-22275A7000395-2023-04-27T154050686Z.csv"
#define BM632W_CSV "data_model_202BC1-BM632w-8KA8WA1151100043.csv"
#define XX230V_ID "1C61B4-Device2-22275A7000395"
#define XX230V_SERIAL "22275A7000395"
#define BM632W_ID "202BC1-BM632w-8KA8WA1151100043"
#define BM632W_SERIAL "8KA8WA1151100043"
#define EC220_ID "9CA2F4-EC220%2DG5-22275K2000315"
#define EC220_ID_IN_PATH "9CA2F4-EC220%252DG5-22275K2000315"
#define RXPOWER "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower"
#define DIAG "Device.IP.Diagnostics.DownloadDiagnostics"
#define GUARD_SECONDS 10

typedef struct
{
  OpsFakeGenieacs   *fake;
  OpsGenieacsClient *client;
} Fixture;

/* The converted fixtures, read once. */
static JsonObject *xx230v_doc;
static JsonObject *bm632w_doc;

static const OpsRetryPolicy fast_policy = { 3, 10, 100 };
static const OpsRetryPolicy single_policy = { 1, 10, 100 };

static const char * const summary_projection[] = {
  "_lastInform",
  "_deviceId",
  "Device.DeviceInfo.ModelName",
  RXPOWER,
  "InternetGatewayDevice.DeviceInfo.ModelName",
  NULL,
};

/*
 * Helpers
 */

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fixtures", "genieacs-sim", name, NULL);
}

static JsonObject *
read_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *doc;
  gsize length = 0;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  g_assert_no_error (error);
  doc = ops_genieacs_csv_to_document (contents, length, "2023-04-26T22:05:10.679Z", &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  if (!json_object_has_member (doc, "_id"))
    {
      JsonObject *device_id = json_object_get_object_member (doc, "_deviceId");
      g_autofree char *id = ops_genieacs_device_id (json_object_get_string_member (device_id, "_OUI"),
                                                    json_object_get_string_member (device_id, "_ProductClass"),
                                                    json_object_get_string_member (device_id, "_SerialNumber"));

      json_object_set_string_member (doc, "_id", id);
    }
  return doc;
}

static JsonObject *
object_from_json (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* A copy of a fixture under another id and serial. */
static JsonObject *
variant (JsonObject *doc,
         const char *id,
         const char *serial)
{
  JsonObject *copy = ops_device_doc_copy (doc);

  json_object_set_string_member (copy, "_id", id);
  json_object_set_string_member (json_object_get_object_member (copy, "_deviceId"),
                                 "_SerialNumber", serial);
  return copy;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->fake = ops_fake_genieacs_new ();
  g_assert_nonnull (fixture->fake);
  ops_fake_genieacs_add_device (fixture->fake, xx230v_doc);
  ops_fake_genieacs_add_device (fixture->fake, bm632w_doc);

  fixture->client = ops_genieacs_client_new (ops_fake_genieacs_get_url (fixture->fake),
                                             NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ops_genieacs_client_set_retry (fixture->client, &fast_policy);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, ops_fake_genieacs_free);
}

/* The decoded value of key in a logged request, or NULL. */
static char *
logged_param (const char *entry,
              const char *key)
{
  const char *query = strchr (entry, '?');
  g_auto(GStrv) pairs = NULL;

  if (query == NULL)
    return NULL;

  pairs = g_strsplit (query + 1, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      gsize length = strlen (key);

      if (strncmp (pairs[i], key, length) == 0 && pairs[i][length] == '=')
        return g_uri_unescape_string (pairs[i] + length + 1, NULL);
      if (g_str_equal (pairs[i], key))
        return g_strdup ("");
    }
  return NULL;
}

static char *
dup_request (Fixture *fixture,
             guint    index)
{
  g_auto(GStrv) requests = ops_fake_genieacs_dup_requests (fixture->fake);

  g_assert_cmpuint (index, <, g_strv_length (requests));
  return g_strdup (requests[index]);
}

static void
assert_logged_query (Fixture    *fixture,
                     guint       index,
                     const char *expected_json)
{
  g_autofree char *entry = dup_request (fixture, index);
  g_autofree char *query = logged_param (entry, "query");
  g_autoptr(JsonNode) actual = NULL;
  g_autoptr(JsonNode) expected = json_from_string (expected_json, NULL);

  g_assert_nonnull (query);
  actual = json_from_string (query, NULL);
  g_assert_nonnull (actual);
  if (!json_node_equal (actual, expected))
    g_error ("Request %u asked for %s, not %s", index, query, expected_json);
}

static const char *
leaf_string (JsonObject *doc,
             const char *path)
{
  JsonObject *leaf = ops_device_doc_get_node (doc, path);

  g_assert_nonnull (leaf);
  return json_object_get_string_member (leaf, "_value");
}

static gint64
leaf_int (JsonObject *doc,
          const char *path)
{
  JsonObject *leaf = ops_device_doc_get_node (doc, path);

  g_assert_nonnull (leaf);
  return json_object_get_int_member (leaf, "_value");
}

static gboolean
is_object_id (const char *id)
{
  if (id == NULL || strlen (id) != 24)
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isxdigit (*p))
      return FALSE;
  return TRUE;
}

static OpsTaskResult *
add_task (Fixture    *fixture,
          const char *device_id,
          const char *task_json,
          gboolean    connection_request,
          GError    **error)
{
  g_autoptr(JsonObject) task = object_from_json (task_json);

  return ops_genieacs_client_add_task (fixture->client, device_id, task, connection_request, 0,
                                       NULL, error);
}

/* A raw request to the fake, bypassing the client's checks. */
static OpsHttpResponse *
raw_send (Fixture    *fixture,
          const char *method,
          const char *path,
          const char *body,
          GError    **error)
{
  g_autoptr(SoupSession) session = ops_http_session_new (NULL, 5, NULL);
  g_autofree char *uri = g_strconcat (ops_fake_genieacs_get_url (fixture->fake), path, NULL);
  g_autoptr(OpsHttpRequest) request = ops_http_request_new (method, uri);

  ops_http_request_set_retry (request, &single_policy);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      ops_http_request_set_body (request, "application/json", bytes);
    }
  return ops_http_send (session, request, NULL, error);
}

/* Runs add_task in a thread, failing if it takes longer than the guard. */
typedef struct
{
  OpsGenieacsClient *client;
  char              *device_id;
  JsonObject        *task;
  OpsTaskResult     *result;
  GError            *error;
  gboolean           done;
} GuardedCall;

static void
guarded_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GuardedCall *call = task_data;

  call->result = ops_genieacs_client_add_task (call->client, call->device_id, call->task, TRUE, 0,
                                               NULL, &call->error);
  g_task_return_boolean (task, TRUE);
}

static void
guarded_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GuardedCall *call = g_task_get_task_data (G_TASK (result));

  call->done = TRUE;
  g_main_context_wakeup (NULL);
}

static gboolean
guard_expired_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static OpsTaskResult *
add_task_guarded (Fixture    *fixture,
                  const char *device_id,
                  const char *task_json,
                  GError    **error)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, guarded_done_cb, NULL);
  GuardedCall call = { fixture->client, (char *)device_id, NULL, NULL, NULL, FALSE };
  gboolean expired = FALSE;
  guint guard;

  call.task = object_from_json (task_json);
  g_task_set_task_data (task, &call, NULL);
  g_task_run_in_thread (task, guarded_thread);
  g_clear_object (&task);

  guard = g_timeout_add_seconds (GUARD_SECONDS, guard_expired_cb, &expired);
  while (!call.done && !expired)
    g_main_context_iteration (NULL, TRUE);
  if (expired)
    g_error ("The task request did not return within %u s", GUARD_SECONDS);
  g_source_remove (guard);

  json_object_unref (call.task);
  if (call.error != NULL)
    g_propagate_error (error, call.error);
  return call.result;
}

/*
 * Tests without a server
 */

static void
test_escape_id (void)
{
  static const struct { const char *id; const char *path; } cases[] = {
    { EC220_ID, EC220_ID_IN_PATH },
    { XX230V_ID, XX230V_ID },
    { "00259E-EG8145V5-48575443A94196A5", "00259E-EG8145V5-48575443A94196A5" },
    { "C0B101-ZXHN%20H199A-ZTEGC8", "C0B101-ZXHN%2520H199A-ZTEGC8" },
    { "a.b c/d", "a%2Eb%20c%2Fd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *escaped = ops_genieacs_escape_id (cases[i].id);
      g_autofree char *decoded = g_uri_unescape_string (escaped, NULL);

      g_assert_cmpstr (escaped, ==, cases[i].path);
      /* Decoded once, as the NBI does, it is the id again. */
      g_assert_cmpstr (decoded, ==, cases[i].id);
    }
}

static void
test_validate_task (void)
{
  static const char * const valid[] = {
    "{\"name\":\"getParameterValues\",\"parameterNames\":[\"Device.Optical.Interface.1\",\"Device.WiFi.Radio.1.Stats.Noise\"]}",
    "{\"name\":\"refreshObject\",\"objectName\":\"Device.Hosts.Host\"}",
    "{\"name\":\"refreshObject\",\"objectName\":\"\"}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[[\"Device.WiFi.SSID.1.SSID\",\"ISP-Home\",\"xsd:string\"],[\"Device.WiFi.Radio.1.Channel\",6,\"xsd:unsignedInt\"]]}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[[\"Device.WiFi.SSID.1.Enable\",true]]}",
    "{\"name\":\"addObject\",\"objectName\":\"Device.NAT.PortMapping\",\"parameterValues\":[[\"Enable\",true]]}",
    "{\"name\":\"addObject\",\"objectName\":\"Device.NAT.PortMapping\"}",
    "{\"name\":\"deleteObject\",\"objectName\":\"Device.NAT.PortMapping.3\"}",
    "{\"name\":\"reboot\"}",
    "{\"name\":\"reboot\",\"expiry\":3600}",
    "{\"name\":\"reboot\",\"expiry\":\"2026-06-20T10:00:00Z\",\"uniqueKey\":\"reboot\"}",
    "{\"name\":\"factoryReset\"}",
    "{\"name\":\"download\",\"fileType\":\"1 Firmware Upgrade Image\",\"fileName\":\"xx230v_fw.bin\",\"targetFileName\":\"\"}",
    "{\"name\":\"provisions\",\"provisions\":[[\"refresh\",\"Device.IP.Diagnostics.DownloadDiagnostics\"]]}",
    "{\"name\":\"provisions\",\"provisions\":[[\"value\",\"Device.X\",1,null,true]]}",
  };
  static const char * const invalid[] = {
    "{}",
    "{\"name\":\"\"}",
    "{\"name\":42}",
    "{\"name\":\"getParameterValue\",\"parameterNames\":[\"Device.\"]}",
    "{\"name\":\"getParameterValues\"}",
    "{\"name\":\"getParameterValues\",\"parameterNames\":[]}",
    "{\"name\":\"getParameterValues\",\"parameterNames\":\"Device.DeviceInfo\"}",
    "{\"name\":\"getParameterValues\",\"parameterNames\":[\"Device.DeviceInfo\",\"\"]}",
    "{\"name\":\"getParameterValues\",\"parameterNames\":[3]}",
    "{\"name\":\"setParameterValues\"}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[]}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[[\"Device.WiFi.SSID.1.SSID\"]]}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[[\"\",\"x\"]]}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[[\"Device.A\",{\"v\":1}]]}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[[\"Device.A\",null]]}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[[\"Device.A\",\"x\",5]]}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":{\"Device.A\":\"x\"}}",
    "{\"name\":\"refreshObject\"}",
    "{\"name\":\"refreshObject\",\"objectName\":null}",
    "{\"name\":\"deleteObject\",\"objectName\":\"\"}",
    "{\"name\":\"addObject\"}",
    "{\"name\":\"addObject\",\"objectName\":\"Device.NAT.PortMapping\",\"parameterValues\":\"x\"}",
    "{\"name\":\"download\",\"file\":\"xx230v_fw.bin\"}",
    "{\"name\":\"download\",\"fileType\":\"1 Firmware Upgrade Image\"}",
    "{\"name\":\"download\",\"fileType\":\"1 Firmware Upgrade Image\",\"fileName\":\"f\",\"targetFileName\":3}",
    "{\"name\":\"provisions\"}",
    "{\"name\":\"provisions\",\"provisions\":[\"refresh\"]}",
    "{\"name\":\"provisions\",\"provisions\":[[\"refresh\",[\"Device.\"]]]}",
    "{\"name\":\"reboot\",\"expiry\":\"tomorrow\"}",
    "{\"name\":\"reboot\",\"uniqueKey\":5}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(JsonObject) task = object_from_json (valid[i]);
      g_autoptr(GError) error = NULL;

      if (!ops_genieacs_validate_task (task, &error))
        g_error ("%s refused: %s", valid[i], error->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(JsonObject) task = object_from_json (invalid[i]);
      g_autoptr(GError) error = NULL;

      if (ops_genieacs_validate_task (task, &error))
        g_error ("%s accepted", invalid[i]);
      g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_INVALID_TASK);
      g_assert_nonnull (strstr (error->message, "not sent"));
    }
}

static void
test_task_timeout (void)
{
  /* The NBI waits up to 30 s for the session lock, the online threshold
   * (?timeout=, 4 s by default), then 120 s for the session to end. */
  g_assert_cmpuint (ops_genieacs_task_timeout_seconds (0), >=, 150);
  g_assert_cmpuint (ops_genieacs_task_timeout_seconds (0), >, 30 + 4 + 120);
  g_assert_cmpuint (ops_genieacs_task_timeout_seconds (7500), >, 30 + 8 + 120);
  g_assert_cmpuint (ops_genieacs_task_timeout_seconds (60000), >, 30 + 60 + 120);
}

static void
test_task_messages (void)
{
  static const struct { OpsTaskStatus status; const char *reason; const char *expected; } cases[] = {
    { OPS_TASK_DONE, NULL, "ran the task" },
    { OPS_TASK_QUEUED, NULL, "queued until the device next contacts the server" },
    { OPS_TASK_QUEUED, "Task queued but not processed", "queued until the device next contacts the server" },
    { OPS_TASK_QUEUED, "Device is offline", "queued until the device next contacts the server" },
    { OPS_TASK_QUEUED, "Connection request error: Unexpected status code 401", "Unexpected status code 401" },
    { OPS_TASK_QUEUED, "Task faulted", "fault" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      OpsTaskResult result = { cases[i].status, NULL, (char *)cases[i].reason };
      g_autofree char *message = ops_task_result_dup_message (&result);

      if (strstr (message, cases[i].expected) == NULL)
        g_error ("“%s” does not say “%s”", message, cases[i].expected);
    }
}

/*
 * Lookup
 */

static void
test_find_exact (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *projection = NULL;
  JsonObject *root;
  JsonObject *info;

  device = ops_genieacs_client_find_device (fixture->client, "  " XX230V_SERIAL " ",
                                            summary_projection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (device, "_id"), ==, XX230V_ID);

  /* One request, with the query and the projection. */
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 1);
  assert_logged_query (fixture, 0, "{\"_deviceId._SerialNumber\":\"" XX230V_SERIAL "\"}");
  entry = dup_request (fixture, 0);
  g_assert_true (g_str_has_prefix (entry, "GET /devices/?"));
  projection = logged_param (entry, "projection");
  g_assert_cmpstr (projection, ==,
                   "_lastInform,_deviceId,Device.DeviceInfo.ModelName," RXPOWER
                   ",InternetGatewayDevice.DeviceInfo.ModelName");

  /* Only the projected parts came back. */
  g_assert_true (json_object_has_member (device, "_lastInform"));
  g_assert_false (json_object_has_member (device, "_registered"));
  root = json_object_get_object_member (device, "Device");
  g_assert_nonnull (root);
  g_assert_false (json_object_has_member (root, "WiFi"));
  g_assert_false (json_object_has_member (root, "Hosts"));
  g_assert_false (json_object_has_member (root, "_object"));
  info = json_object_get_object_member (root, "DeviceInfo");
  g_assert_cmpuint (json_object_get_size (info), ==, 1);
  g_assert_cmpstr (leaf_string (device, "Device.DeviceInfo.ModelName"), ==, "XX230v");
  g_assert_cmpint (leaf_int (device, RXPOWER), ==, 5624);
  g_assert_cmpstr (json_object_get_string_member (ops_device_doc_get_node (device, RXPOWER), "_type"),
                   ==, "xsd:int");
}

static void
test_find_suffix (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *projection = NULL;

  /* A GPON serial typed without its vendor prefix. */
  device = ops_genieacs_client_find_device (fixture->client, "1151100043", summary_projection,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (device, "_id"), ==, BM632W_ID);
  g_assert_cmpstr (leaf_string (device, "InternetGatewayDevice.DeviceInfo.ModelName"), ==, "BM632w");
  g_assert_false (json_object_has_member (json_object_get_object_member (device, "InternetGatewayDevice"),
                                          "LANDevice"));

  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 2);
  assert_logged_query (fixture, 0, "{\"_deviceId._SerialNumber\":\"1151100043\"}");
  assert_logged_query (fixture, 1, "{\"_deviceId._SerialNumber\":\"*1151100043\"}");
  entry = dup_request (fixture, 1);
  projection = logged_param (entry, "projection");
  g_assert_nonnull (strstr (projection, "Device.DeviceInfo.ModelName," RXPOWER));

  /* A short fragment is not looked up by suffix. */
  g_clear_pointer (&device, json_object_unref);
  g_clear_error (&error);
  ops_fake_genieacs_clear_requests (fixture->fake);
  device = ops_genieacs_client_find_device (fixture->client, "00043", NULL, NULL, &error);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND);
  g_assert_null (device);
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 2);
}

static void
test_find_ambiguous (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(JsonObject) twin = variant (bm632w_doc, "202BC1-BM632w-HWTC51151100043", "HWTC51151100043");
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_genieacs_add_device (fixture->fake, twin);

  device = ops_genieacs_client_find_device (fixture->client, "1151100043", NULL, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "2 devices"));
  g_assert_nonnull (strstr (error->message, "1151100043"));
  g_assert_nonnull (strstr (error->message, BM632W_SERIAL));
  g_assert_nonnull (strstr (error->message, "HWTC51151100043"));
  g_assert_nonnull (strstr (error->message, "whole serial number"));
  /* No third request: an ambiguous suffix is not an id. */
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 2);

  /* The whole serial still finds each. */
  g_clear_error (&error);
  device = ops_genieacs_client_find_device (fixture->client, "HWTC51151100043", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (device, "_id"), ==, "202BC1-BM632w-HWTC51151100043");
}

static void
test_find_by_id (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;

  device = ops_genieacs_client_find_device (fixture->client, XX230V_ID, summary_projection,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (device, "_id"), ==, XX230V_ID);
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 3);
  assert_logged_query (fixture, 2, "{\"_id\":\"" XX230V_ID "\"}");

  /* The same id through get_device: one request. */
  g_clear_pointer (&device, json_object_unref);
  ops_fake_genieacs_clear_requests (fixture->fake);
  device = ops_genieacs_client_get_device (fixture->client, BM632W_ID, summary_projection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (device, "_id"), ==, BM632W_ID);
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 1);

  g_clear_pointer (&device, json_object_unref);
  device = ops_genieacs_client_get_device (fixture->client, "000000-Nothing-0", NULL, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND);
}

static void
test_find_not_found (Fixture       *fixture,
                     gconstpointer  user_data)
{
  static const char * const refused[] = { "", "   ", "*0395", "/.*/", "7000*" };
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;

  device = ops_genieacs_client_find_device (fixture->client, "NOPE12345", summary_projection,
                                            NULL, &error);
  g_assert_null (device);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NOPE12345"));
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 3);

  /* Wildcards and regular expressions are not serials: nothing is sent. */
  ops_fake_genieacs_clear_requests (fixture->fake);
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_clear_error (&error);
      device = ops_genieacs_client_find_device (fixture->client, refused[i], NULL, NULL, &error);
      g_assert_null (device);
      g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND);
    }
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 0);
}

static void
test_find_prefers_exact (Fixture       *fixture,
                         gconstpointer  user_data)
{
  /* A device whose serial is the typed one, beside one that ends with it. */
  g_autoptr(JsonObject) short_serial = variant (bm632w_doc, "202BC1-BM632w-1151100043", "1151100043");
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_genieacs_add_device (fixture->fake, short_serial);
  device = ops_genieacs_client_find_device (fixture->client, "1151100043", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (device, "_id"), ==, "202BC1-BM632w-1151100043");
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 1);
}

/*
 * Queries
 */

static void
test_query (Fixture       *fixture,
            gconstpointer  user_data)
{
  static const char * const ids[] = { "_id", NULL };
  g_autoptr(JsonObject) query = NULL;
  g_autoptr(JsonArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total = 0;

  /* A parameter path matches its ._value. */
  query = object_from_json ("{\"Device.DeviceInfo.ModelName\":\"XX230v\"}");
  devices = ops_genieacs_client_query (fixture->client, query, ids, 0, 0, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpuint (json_array_get_length (devices), ==, 1);
  g_assert_cmpuint (json_object_get_size (json_array_get_object_element (devices, 0)), ==, 1);

  /* A string matches the number it spells. */
  g_clear_pointer (&query, json_object_unref);
  g_clear_pointer (&devices, json_array_unref);
  query = object_from_json ("{\"InternetGatewayDevice.DeviceInfo.UpTime\":\"213138\"}");
  devices = ops_genieacs_client_query (fixture->client, query, ids, 0, 0, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (devices, 0), "_id"),
                   ==, BM632W_ID);

  /* $or, with the "total" header counting past the limit. */
  g_clear_pointer (&query, json_object_unref);
  g_clear_pointer (&devices, json_array_unref);
  query = object_from_json ("{\"$or\":[{\"_id\":\"" XX230V_ID "\"},{\"_deviceId._SerialNumber\":\"" BM632W_SERIAL "\"}]}");
  devices = ops_genieacs_client_query (fixture->client, query, ids, 0, 1, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 2);
  g_assert_cmpuint (json_array_get_length (devices), ==, 1);

  g_clear_pointer (&devices, json_array_unref);
  devices = ops_genieacs_client_query (fixture->client, query, ids, 1, 5, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (devices), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (devices, 0), "_id"),
                   ==, BM632W_ID);

  /* $and of a wildcard and a comparison. */
  g_clear_pointer (&query, json_object_unref);
  g_clear_pointer (&devices, json_array_unref);
  query = object_from_json ("{\"$and\":[{\"_deviceId._Manufacturer\":\"TP*\"},{\"Device.DeviceInfo.UpTime\":{\"$gt\":15000}}]}");
  devices = ops_genieacs_client_query (fixture->client, query, ids, 0, 0, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 1);

  /* No query and no projection: every device, whole. */
  g_clear_pointer (&devices, json_array_unref);
  devices = ops_genieacs_client_query (fixture->client, NULL, NULL, 0, 0, &total, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (total, ==, 2);
  g_assert_nonnull (ops_device_doc_get_node (json_array_get_object_element (devices, 0),
                                             "Device.WiFi.Radio.1.Channel"));
}

static void
test_query_wire_format (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  const char *body;
  gsize size = 0;

  response = raw_send (fixture, "GET", "/devices/?projection=_id,_lastInform", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "total"), ==, "2");
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "GenieACS-Version"));
  body = g_bytes_get_data (response->body, &size);
  g_assert_true (g_str_has_prefix (body, "[\n{\"_id\":\"" XX230V_ID "\""));
  g_assert_nonnull (g_strstr_len (body, size, "},\n{\"_id\":\"" BM632W_ID "\""));
  g_assert_true (size > 2 && memcmp (body + size - 2, "\n]", 2) == 0);

  /* The tasks collection, queried by device. */
  g_clear_pointer (&response, ops_http_response_free);
  {
    g_autoptr(OpsTaskResult) queued = add_task (fixture, XX230V_ID, "{\"name\":\"reboot\"}", FALSE, &error);
    g_autoptr(JsonNode) tasks = NULL;
    g_autofree char *path = NULL;
    g_autofree char *query = g_uri_escape_string ("{\"device\":\"" XX230V_ID "\"}", NULL, FALSE);

    g_assert_no_error (error);
    path = g_strconcat ("/tasks/?query=", query, NULL);
    response = raw_send (fixture, "GET", path, NULL, &error);
    g_assert_no_error (error);
    tasks = ops_http_response_parse_json (response, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (json_array_get_length (json_node_get_array (tasks)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (json_node_get_array (tasks), 0), "_id"),
                     ==, queued->task_id);
  }
}

static void
test_query_errors (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(JsonObject) query = object_from_json ("{\"_id\":{\"$where\":\"1\"}}");
  g_autoptr(JsonArray) devices = NULL;
  g_autoptr(GError) error = NULL;

  devices = ops_genieacs_client_query (fixture->client, query, NULL, 0, 0, NULL, NULL, &error);
  g_assert_null (devices);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "$where"));

  /* A body that is not the NBI's. */
  g_clear_error (&error);
  ops_fake_genieacs_answer_next (fixture->fake, 200, NULL, "{\"devices\":[]}");
  devices = ops_genieacs_client_query (fixture->client, NULL, NULL, 0, 0, NULL, NULL, &error);
  g_assert_null (devices);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_SERVER);

  /* Over the size limit. */
  g_clear_error (&error);
  ops_genieacs_client_set_max_body (fixture->client, 64 * 1024);
  devices = ops_genieacs_client_query (fixture->client, NULL, NULL, 0, 0, NULL, NULL, &error);
  g_assert_null (devices);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TOO_LARGE);
}

static void
test_basic_auth (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(OpsGenieacsClient) client = NULL;
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_genieacs_set_basic_auth (fixture->fake, "acs-proxy", "s3cret");

  device = ops_genieacs_client_find_device (fixture->client, XX230V_SERIAL, NULL, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "401"));

  g_clear_error (&error);
  client = ops_genieacs_client_new (ops_fake_genieacs_get_url (fixture->fake), "acs-proxy", "s3cret",
                                    NULL, &error);
  g_assert_no_error (error);
  device = ops_genieacs_client_find_device (client, XX230V_SERIAL, summary_projection, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (device, "_id"), ==, XX230V_ID);
}

/*
 * Tasks
 */

static void
test_task_done (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(JsonObject) task = object_from_json ("{\"name\":\"getParameterValues\",\"parameterNames\":[\"" RXPOWER "\"]}");
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(JsonArray) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *message = NULL;

  result = ops_genieacs_client_add_task (fixture->client, XX230V_ID, task, TRUE, 7500, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, OPS_TASK_DONE);
  g_assert_true (is_object_id (result->task_id));
  g_assert_null (result->reason);
  message = ops_task_result_dup_message (result);
  g_assert_nonnull (strstr (message, "ran"));

  entry = dup_request (fixture, 0);
  g_assert_cmpstr (entry, ==, "POST /devices/" XX230V_ID "/tasks?connection_request&timeout=7500");

  /* A task that ran is gone from the queue. */
  queued = ops_fake_genieacs_dup_tasks (fixture->fake, XX230V_ID);
  g_assert_cmpuint (json_array_get_length (queued), ==, 0);
}

static void
test_task_escaped_id (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(JsonObject) ec220 = variant (xx230v_doc, EC220_ID, "22275K2000315");
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;

  ops_fake_genieacs_add_device (fixture->fake, ec220);

  /* The id is raw in the query... */
  device = ops_genieacs_client_find_device (fixture->client, "22275K2000315", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (device, "_id"), ==, EC220_ID);

  /* ...and escaped once more in paths. */
  ops_fake_genieacs_clear_requests (fixture->fake);
  result = add_task (fixture, EC220_ID, "{\"name\":\"reboot\"}", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, OPS_TASK_DONE);
  entry = dup_request (fixture, 0);
  g_assert_cmpstr (entry, ==, "POST /devices/" EC220_ID_IN_PATH "/tasks?connection_request");

  /* Escaped only once, the NBI reads another id. */
  response = raw_send (fixture, "POST", "/devices/" EC220_ID "/tasks", "{\"name\":\"reboot\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 404);
}

static void
test_task_queued (Fixture       *fixture,
                  gconstpointer  user_data)
{
  static const struct { OpsFakeGenieacsMode mode; const char *reason; } cases[] = {
    { OPS_FAKE_GENIEACS_QUEUED, NULL },
    { OPS_FAKE_GENIEACS_QUEUED, "Task faulted" },
    { OPS_FAKE_GENIEACS_CR_FAIL, NULL },
    { OPS_FAKE_GENIEACS_CR_FAIL, "Invalid connection request URL" },
    { OPS_FAKE_GENIEACS_CR_FAIL, "Basic HTTP authentication not allowed" },
    { OPS_FAKE_GENIEACS_CR_FAIL, "Connection request error: Incorrect connection request credentials" },
    { OPS_FAKE_GENIEACS_CR_FAIL, "Connection request error: Unexpected status code 401" },
    { OPS_FAKE_GENIEACS_CR_FAIL, "Unrecognized auth method" },
  };
  g_autoptr(JsonArray) queued = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OpsTaskResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *message = NULL;
      const char *expected = cases[i].reason;

      if (expected == NULL)
        expected = cases[i].mode == OPS_FAKE_GENIEACS_QUEUED ? "Task queued but not processed"
                                                               : "Device is offline";

      ops_fake_genieacs_set_mode (fixture->fake, XX230V_ID, cases[i].mode, cases[i].reason);
      result = add_task (fixture, XX230V_ID, "{\"name\":\"refreshObject\",\"objectName\":\"Device.Hosts.Host\"}",
                         TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result->status, ==, OPS_TASK_QUEUED);
      g_assert_cmpstr (result->reason, ==, expected);
      g_assert_true (is_object_id (result->task_id));

      message = ops_task_result_dup_message (result);
      if (g_str_equal (expected, "Task faulted"))
        g_assert_nonnull (strstr (message, "fault"));
      else
        g_assert_nonnull (strstr (message, "queued until the device next contacts the server"));
    }

  /* Every 202 keeps its task queued. */
  queued = ops_fake_genieacs_dup_tasks (fixture->fake, XX230V_ID);
  g_assert_cmpuint (json_array_get_length (queued), ==, G_N_ELEMENTS (cases));

  /* They run at the next inform. */
  g_assert_cmpuint (ops_fake_genieacs_run_queued (fixture->fake, XX230V_ID), ==, G_N_ELEMENTS (cases));
  g_clear_pointer (&queued, json_array_unref);
  queued = ops_fake_genieacs_dup_tasks (fixture->fake, XX230V_ID);
  g_assert_cmpuint (json_array_get_length (queued), ==, 0);
}

static void
test_task_without_connection_request (Fixture       *fixture,
                                      gconstpointer  user_data)
{
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(JsonArray) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;
  g_autofree char *message = NULL;

  result = add_task (fixture, BM632W_ID, "{\"name\":\"getParameterValues\",\"parameterNames\":[\"InternetGatewayDevice.DeviceInfo.UpTime\"]}",
                     FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, OPS_TASK_QUEUED);
  g_assert_null (result->reason);
  message = ops_task_result_dup_message (result);
  g_assert_nonnull (strstr (message, "queued until the device next contacts the server"));

  entry = dup_request (fixture, 0);
  g_assert_cmpstr (entry, ==, "POST /devices/" BM632W_ID "/tasks");
  queued = ops_fake_genieacs_dup_tasks (fixture->fake, BM632W_ID);
  g_assert_cmpuint (json_array_get_length (queued), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (queued, 0), "_id"),
                   ==, result->task_id);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (queued, 0), "device"),
                   ==, BM632W_ID);

  /* A bare connection request makes the device inform and run it. */
  g_assert_true (ops_genieacs_client_connection_request (fixture->client, BM632W_ID, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&queued, json_array_unref);
  queued = ops_fake_genieacs_dup_tasks (fixture->fake, BM632W_ID);
  g_assert_cmpuint (json_array_get_length (queued), ==, 0);
}

static void
test_connection_request_offline (Fixture       *fixture,
                                 gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;

  ops_fake_genieacs_set_mode (fixture->fake, XX230V_ID, OPS_FAKE_GENIEACS_CR_FAIL, NULL);
  g_assert_false (ops_genieacs_client_connection_request (fixture->client, XX230V_ID, NULL, &error));
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "Device is offline"));
  g_assert_nonnull (strstr (error->message, "next contacts the server"));
  /* A 504 is an answer, not something to retry. */
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 1);
  entry = dup_request (fixture, 0);
  g_assert_cmpstr (entry, ==, "POST /devices/" XX230V_ID "/tasks?connection_request");

  g_clear_error (&error);
  ops_fake_genieacs_set_mode (fixture->fake, XX230V_ID, OPS_FAKE_GENIEACS_CR_FAIL,
                              "Connection request error: Unexpected status code 503");
  g_assert_false (ops_genieacs_client_connection_request (fixture->client, XX230V_ID, NULL, &error));
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "Unexpected status code 503"));

  g_clear_error (&error);
  g_assert_false (ops_genieacs_client_connection_request (fixture->client, "000000-Nothing-0", NULL, &error));
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND);

  /* A proxy giving up on a task: 504, the task stays queued. */
  {
    g_autoptr(OpsTaskResult) result = NULL;

    g_clear_error (&error);
    ops_fake_genieacs_answer_next (fixture->fake, 504, "Gateway Time-out", "<html>504</html>");
    result = add_task (fixture, BM632W_ID, "{\"name\":\"reboot\"}", TRUE, &error);
    g_assert_null (result);
    g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_OFFLINE);
    g_assert_nonnull (strstr (error->message, "queued until the device next contacts the server"));
  }
}

static void
test_task_status_errors (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(JsonArray) queued = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  /* 404: unknown device. */
  result = add_task (fixture, "000000-Nothing-0", "{\"name\":\"reboot\"}", TRUE, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND);

  /* 503: in session, never retried. */
  g_clear_error (&error);
  ops_fake_genieacs_set_mode (fixture->fake, XX230V_ID, OPS_FAKE_GENIEACS_IN_SESSION, NULL);
  before = ops_fake_genieacs_get_request_count (fixture->fake);
  result = add_task (fixture, XX230V_ID, "{\"name\":\"reboot\"}", TRUE, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_IN_SESSION);
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, before + 1);
  g_clear_error (&error);
  g_assert_false (ops_genieacs_client_connection_request (fixture->client, XX230V_ID, NULL, &error));
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_IN_SESSION);

  /* 400 with the NBI's text. */
  g_clear_error (&error);
  ops_fake_genieacs_answer_next (fixture->fake, 400, NULL, "SyntaxError: Unexpected end of JSON input");
  result = add_task (fixture, BM632W_ID, "{\"name\":\"reboot\"}", TRUE, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "SyntaxError: Unexpected end of JSON input"));

  /* 500 (the NBI after an internal error). */
  g_clear_error (&error);
  ops_fake_genieacs_answer_next (fixture->fake, 500, NULL, "MongoError: not master");
  result = add_task (fixture, BM632W_ID, "{\"name\":\"reboot\"}", TRUE, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_SERVER);
  g_assert_nonnull (strstr (error->message, "MongoError: not master"));

  /* None of these queued anything on the BM632w. */
  queued = ops_fake_genieacs_dup_tasks (fixture->fake, BM632W_ID);
  g_assert_cmpuint (json_array_get_length (queued), ==, 0);
}

static void
test_task_invalid_not_sent (Fixture       *fixture,
                            gconstpointer  user_data)
{
  static const char * const bodies[] = {
    "{\"name\":\"getParameterValues\"}",
    "{\"name\":\"getParameterValues\",\"parameterNames\":[]}",
    "{\"name\":\"setParameterValues\",\"parameterValues\":[[\"" DIAG ".DiagnosticsState\"]]}",
    "{\"name\":\"speedTest\"}",
    "{\"name\":\"download\",\"file\":\"fw.bin\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(OpsTaskResult) result = NULL;
      g_autoptr(GError) error = NULL;

      result = add_task (fixture, XX230V_ID, bodies[i], TRUE, &error);
      g_assert_null (result);
      g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_INVALID_TASK);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ops_genieacs_client_delete_task (fixture->client, "not-an-object-id", NULL, &error));
    g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_INVALID_TASK);
  }

  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 0);
}

static void
test_task_dropped (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(JsonArray) queued = NULL;
  g_autoptr(GError) error = NULL;

  /* What the real NBI does with a body its sanitizeTask throws on. */
  response = raw_send (fixture, "POST", "/devices/" XX230V_ID "/tasks?connection_request",
                       "{\"name\":\"getParameterValues\"}", &error);
  g_assert_null (response);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);
  g_clear_error (&error);
  response = raw_send (fixture, "DELETE", "/tasks/xyz", NULL, &error);
  g_assert_null (response);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);

  /* The client gets an error, promptly, and does not send the task again. */
  g_clear_error (&error);
  ops_fake_genieacs_clear_requests (fixture->fake);
  ops_fake_genieacs_set_mode (fixture->fake, XX230V_ID, OPS_FAKE_GENIEACS_DROP, NULL);
  result = add_task_guarded (fixture, XX230V_ID, "{\"name\":\"reboot\"}", &error);
  g_assert_null (result);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (fixture->fake), ==, 1);

  queued = ops_fake_genieacs_dup_tasks (fixture->fake, NULL);
  g_assert_cmpuint (json_array_get_length (queued), ==, 0);
}

static void
test_delete_task (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(JsonArray) queued = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *entry = NULL;

  ops_fake_genieacs_set_mode (fixture->fake, XX230V_ID, OPS_FAKE_GENIEACS_CR_FAIL, NULL);
  result = add_task (fixture, XX230V_ID, "{\"name\":\"reboot\"}", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, OPS_TASK_QUEUED);

  /* In session: not now. */
  ops_fake_genieacs_set_mode (fixture->fake, XX230V_ID, OPS_FAKE_GENIEACS_IN_SESSION, NULL);
  g_assert_false (ops_genieacs_client_delete_task (fixture->client, result->task_id, NULL, &error));
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_IN_SESSION);

  g_clear_error (&error);
  ops_fake_genieacs_set_mode (fixture->fake, XX230V_ID, OPS_FAKE_GENIEACS_DONE, NULL);
  ops_fake_genieacs_clear_requests (fixture->fake);
  g_assert_true (ops_genieacs_client_delete_task (fixture->client, result->task_id, NULL, &error));
  g_assert_no_error (error);
  entry = dup_request (fixture, 0);
  g_assert_true (g_str_has_prefix (entry, "DELETE /tasks/"));
  g_assert_true (g_str_has_suffix (entry, result->task_id));

  queued = ops_fake_genieacs_dup_tasks (fixture->fake, XX230V_ID);
  g_assert_cmpuint (json_array_get_length (queued), ==, 0);

  /* Gone already. */
  g_assert_false (ops_genieacs_client_delete_task (fixture->client, result->task_id, NULL, &error));
  g_assert_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_NOT_FOUND);
}

static void
test_timeouts (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(JsonArray) devices = NULL;
  g_autoptr(GError) error = NULL;

  ops_genieacs_client_set_retry (fixture->client, &single_policy);
  ops_genieacs_client_set_timeout (fixture->client, 1);
  ops_fake_genieacs_set_delay (fixture->fake, 2500);

  /* A plain request gives up after its own timeout... */
  devices = ops_genieacs_client_query (fixture->client, NULL, NULL, 0, 0, NULL, NULL, &error);
  g_assert_null (devices);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TIMEOUT);

  /* ...a task with a connection request waits as long as the NBI may. */
  g_clear_error (&error);
  result = add_task_guarded (fixture, XX230V_ID, "{\"name\":\"reboot\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, OPS_TASK_DONE);
}

static void
test_reboot (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;

  device = ops_fake_genieacs_dup_device (fixture->fake, XX230V_ID);
  g_assert_false (json_object_has_member (device, "_lastBoot"));
  g_assert_cmpint (leaf_int (device, "Device.DeviceInfo.UpTime"), ==, 15687);
  g_clear_pointer (&device, json_object_unref);

  result = add_task (fixture, XX230V_ID, "{\"name\":\"reboot\"}", TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, OPS_TASK_DONE);

  device = ops_genieacs_client_get_device (fixture->client, XX230V_ID,
                                           (const char * const[]) { "_lastBoot", "_lastInform", "Device.DeviceInfo.UpTime", NULL },
                                           NULL, &error);
  g_assert_no_error (error);
  g_assert_true (json_object_has_member (device, "_lastBoot"));
  g_assert_cmpstr (json_object_get_string_member (device, "_lastInform"), >, "2023-04-26T22:05:10.679Z");
  g_assert_cmpint (leaf_int (device, "Device.DeviceInfo.UpTime"), ==, 0);
}

static void
test_speed_test (Fixture       *fixture,
                 gconstpointer  user_data)
{
  static const char * const diag[] = {
    DIAG ".DiagnosticsState", DIAG ".BOMTime", DIAG ".EOMTime", DIAG ".TestBytesReceived", NULL,
  };
  const char *poll = "{\"name\":\"getParameterValues\",\"parameterNames\":[\"" DIAG "\"]}";
  g_autoptr(OpsTaskResult) result = NULL;
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) bom = NULL;
  g_autoptr(GDateTime) eom = NULL;
  double mbps;

  ops_fake_genieacs_set_diagnostics (fixture->fake, 2, 62500000, 1000);

  result = add_task (fixture, XX230V_ID,
                     "{\"name\":\"setParameterValues\",\"parameterValues\":["
                     "[\"" DIAG ".DiagnosticsState\",\"Requested\",\"xsd:string\"],"
                     "[\"" DIAG ".NumberOfConnections\",3,\"xsd:unsignedInt\"],"
                     "[\"" DIAG ".DownloadURL\",\"http://speed.example.net/10MB.bin\",\"xsd:string\"]]}",
                     TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (result->status, ==, OPS_TASK_DONE);

  device = ops_genieacs_client_get_device (fixture->client, XX230V_ID, diag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (leaf_string (device, DIAG ".DiagnosticsState"), ==, "Requested");
  g_clear_pointer (&device, json_object_unref);

  /* First poll: still running. */
  g_clear_pointer (&result, ops_task_result_free);
  result = add_task (fixture, XX230V_ID, poll, TRUE, &error);
  g_assert_no_error (error);
  device = ops_genieacs_client_get_device (fixture->client, XX230V_ID, diag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (leaf_string (device, DIAG ".DiagnosticsState"), ==, "Requested");
  g_clear_pointer (&device, json_object_unref);

  /* Second poll: completed, with the figures a speed is computed from. */
  g_clear_pointer (&result, ops_task_result_free);
  result = add_task (fixture, XX230V_ID, poll, TRUE, &error);
  g_assert_no_error (error);
  device = ops_genieacs_client_get_device (fixture->client, XX230V_ID, diag, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (leaf_string (device, DIAG ".DiagnosticsState"), ==, "Completed");
  g_assert_cmpint (leaf_int (device, DIAG ".TestBytesReceived"), ==, 62500000);
  bom = g_date_time_new_from_iso8601 (leaf_string (device, DIAG ".BOMTime"), NULL);
  eom = g_date_time_new_from_iso8601 (leaf_string (device, DIAG ".EOMTime"), NULL);
  g_assert_nonnull (bom);
  g_assert_nonnull (eom);
  mbps = 62500000.0 * 8 / (g_date_time_difference (eom, bom) / (double)G_USEC_PER_SEC) / 1e6;
  g_assert_cmpfloat_with_epsilon (mbps, 500.0, 1.0);

  /* The device's other diagnostics parameters kept their types. */
  g_clear_pointer (&device, json_object_unref);
  device = ops_fake_genieacs_dup_device (fixture->fake, XX230V_ID);
  g_assert_cmpint (leaf_int (device, DIAG ".NumberOfConnections"), ==, 3);
  g_assert_cmpstr (leaf_string (device, DIAG ".DownloadURL"), ==, "http://speed.example.net/10MB.bin");
}

static void
test_speed_test_cached_requested (Fixture       *fixture,
                                  gconstpointer  user_data)
{
  const char *request = "{\"name\":\"setParameterValues\",\"parameterValues\":"
                        "[[\"" DIAG ".DiagnosticsState\",\"Requested\",\"xsd:string\"]]}";
  const char *poll = "{\"name\":\"refreshObject\",\"objectName\":\"" DIAG ".\"}";
  g_autoptr(JsonObject) device = NULL;

  /* As GenieACS: a value equal to the cached one is not sent again, so a
   * test still "Requested" in the cache is not restarted by a new request:
   * it completes after the polls counted from the first one. */
  ops_fake_genieacs_set_diagnostics (fixture->fake, 2, 1000, 1000);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(OpsTaskResult) result = NULL;
      g_autoptr(GError) error = NULL;

      result = add_task (fixture, XX230V_ID, i % 2 == 0 ? request : poll, TRUE, &error);
      g_assert_no_error (error);
      g_assert_cmpint (result->status, ==, OPS_TASK_DONE);
    }

  device = ops_fake_genieacs_dup_device (fixture->fake, XX230V_ID);
  g_assert_cmpstr (leaf_string (device, DIAG ".DiagnosticsState"), ==, "Completed");
}

static void
test_csv_devices (void)
{
  g_autoptr(OpsFakeGenieacs) fake = ops_fake_genieacs_new ();
  g_autofree char *xx230v = fixture_path (XX230V_CSV);
  g_autofree char *bm632w = fixture_path (BM632W_CSV);
  g_autofree char *xx230v_id = NULL;
  g_autofree char *bm632w_id = NULL;
  g_autoptr(JsonObject) device = NULL;
  g_autoptr(GError) error = NULL;

  xx230v_id = ops_fake_genieacs_add_device_csv (fake, xx230v, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xx230v_id, ==, XX230V_ID);
  bm632w_id = ops_fake_genieacs_add_device_csv (fake, bm632w, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (bm632w_id, ==, BM632W_ID);

  device = ops_fake_genieacs_dup_device (fake, XX230V_ID);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (device, "_deviceId"),
                                                  "_SerialNumber"), ==, XX230V_SERIAL);
  g_assert_cmpstr (json_object_get_string_member (device, "_lastInform"), ==, "2023-04-26T22:05:10.679Z");

  g_assert_null (ops_fake_genieacs_add_device_csv (fake, "/nonexistent/device.csv", &error));
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  xx230v_doc = read_fixture (XX230V_CSV);
  bm632w_doc = read_fixture (BM632W_CSV);

#define ADD(path, func) \
  g_test_add ("/genieacs-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/genieacs-client/escape-id", test_escape_id);
  g_test_add_func ("/genieacs-client/validate-task", test_validate_task);
  g_test_add_func ("/genieacs-client/task-timeout", test_task_timeout);
  g_test_add_func ("/genieacs-client/task-messages", test_task_messages);
  g_test_add_func ("/genieacs-client/csv-devices", test_csv_devices);
  ADD ("find/exact", test_find_exact);
  ADD ("find/suffix", test_find_suffix);
  ADD ("find/ambiguous", test_find_ambiguous);
  ADD ("find/by-id", test_find_by_id);
  ADD ("find/not-found", test_find_not_found);
  ADD ("find/prefers-exact", test_find_prefers_exact);
  ADD ("query", test_query);
  ADD ("query/wire-format", test_query_wire_format);
  ADD ("query/errors", test_query_errors);
  ADD ("basic-auth", test_basic_auth);
  ADD ("task/done", test_task_done);
  ADD ("task/escaped-id", test_task_escaped_id);
  ADD ("task/queued", test_task_queued);
  ADD ("task/without-connection-request", test_task_without_connection_request);
  ADD ("task/connection-request-offline", test_connection_request_offline);
  ADD ("task/status-errors", test_task_status_errors);
  ADD ("task/invalid-not-sent", test_task_invalid_not_sent);
  ADD ("task/dropped", test_task_dropped);
  ADD ("task/delete", test_delete_task);
  ADD ("task/reboot", test_reboot);
  ADD ("timeouts", test_timeouts);
  ADD ("speed-test", test_speed_test);
  ADD ("speed-test/cached-requested", test_speed_test_cached_requested);

#undef ADD

  status = g_test_run ();

  json_object_unref (xx230v_doc);
  json_object_unref (bm632w_doc);
  return status;
}
