/* test-oktopus-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Oktopus client against the in-process fake controller, serving the
 * TP-Link XX230v TR-181 data model of tests/fixtures/genieacs-sim as a USP
 * device.
 */

#define G_LOG_DOMAIN "test-oktopus-client"

#include "config.h"

#include <string.h>

#include <math.h>

#include "ops-device-summary.h"
#include "ops-fake-oktopus.h"
#include "ops-genieacs-csv.h"
#include "ops-oktopus-client.h"

#define EMAIL "csr@gigafibre.ca"
#define PASSWORD "Fibre-0ptique!2026"
#define SERIAL "22275A7000395"
#define XX230V_CSV "device-1C61B4-XX230v-22275A7000395-2023-04-27T154050686Z.csv"

typedef struct
{
  OpsFakeOktopus   *fake;
  OpsOktopusClient *client;
} Fixture;

/* Every message logged by the process, whatever its level and domain. */
static GMutex log_lock;
static GPtrArray *log_lines;

/* The XX230v leaves: path, value, path, value, …, NULL. */
static GPtrArray *xx230v_params;
static char *xx230v_csv;

static const OpsRetryPolicy fast_policy = { 3, 10, 100 };

/*
 * Helpers
 */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  g_mutex_lock (&log_lock);
  g_ptr_array_add (log_lines, g_strdup_printf ("%s: %s", domain ? domain : "", message ? message : ""));
  g_mutex_unlock (&log_lock);

  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) ||
      g_getenv ("OPS_TEST_ECHO_LOG") != NULL)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

static void
clear_log (void)
{
  g_mutex_lock (&log_lock);
  g_ptr_array_set_size (log_lines, 0);
  g_mutex_unlock (&log_lock);
}

static guint
log_count (const char *text)
{
  guint count = 0;

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_lines->len; i++)
    if (strstr (g_ptr_array_index (log_lines, i), text) != NULL)
      count++;
  g_mutex_unlock (&log_lock);

  return count;
}

/* The next field of a CSV line at *p (quotes and "" escapes handled);
 * *p ends past the comma, or at the end of the line. */
static char *
csv_field (const char **p)
{
  GString *field = g_string_new (NULL);
  const char *s = *p;

  if (*s == '"')
    {
      for (s++; *s != '\0'; s++)
        {
          if (*s == '"' && s[1] == '"')
            g_string_append_c (field, *s++);
          else if (*s == '"')
            {
              s++;
              break;
            }
          else
            g_string_append_c (field, *s);
        }
    }
  else
    {
      while (*s != '\0' && *s != ',' && *s != '\n' && *s != '\r')
        g_string_append_c (field, *s++);
    }

  if (*s == ',')
    s++;
  *p = s;
  return g_string_free (field, FALSE);
}

/* Reads the leaves (Object = false) of the 12-column GenieACS export. */
static GPtrArray *
load_xx230v (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "genieacs-sim", XX230V_CSV, NULL);
  g_autoptr(GError) error = NULL;
  GPtrArray *params = g_ptr_array_new_with_free_func (g_free);
  const char *p;

  g_file_get_contents (path, &xx230v_csv, NULL, &error);
  g_assert_no_error (error);

  /* Skip the header line. */
  p = strchr (xx230v_csv, '\n') + 1;
  while (*p != '\0')
    {
      g_autofree char *name = csv_field (&p);
      g_autofree char *object = csv_field (&p);
      char *value = NULL;

      for (guint column = 2; column < 12; column++)
        {
          char *field = csv_field (&p);

          if (column == 5)
            value = field;
          else
            g_free (field);
        }
      while (*p == '\r' || *p == '\n')
        p++;

      /* The data model only, not GenieACS's DeviceID.* and Events.*. */
      if (g_str_equal (object, "false") && g_str_has_prefix (name, "Device.") && value != NULL)
        {
          g_ptr_array_add (params, g_steal_pointer (&name));
          g_ptr_array_add (params, value);
        }
      else
        g_free (value);
    }
  g_ptr_array_add (params, NULL);

  g_assert_cmpuint (params->len, >, 4000);
  return params;
}

static const char *
xx230v_value (const char *path)
{
  for (guint i = 0; i + 1 < xx230v_params->len; i += 2)
    if (g_str_equal (g_ptr_array_index (xx230v_params, i), path))
      return g_ptr_array_index (xx230v_params, i + 1);

  return NULL;
}

static OpsOktopusClient *
new_client (const char *url,
            const char *password)
{
  g_autoptr(OpsOktopusClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = g_strconcat (url, "/", NULL);

  client = ops_oktopus_client_new (base, EMAIL, password, NULL, &error);
  g_assert_no_error (error);
  ops_oktopus_client_set_retry (client, &fast_policy);

  return g_steal_pointer (&client);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->fake = ops_fake_oktopus_new (EMAIL, PASSWORD);
  ops_fake_oktopus_add_device (fixture->fake, SERIAL, "TP-Link", "XX230v", "Device2",
                               "0.6.0 3.0.0 v6066.0 Build 220630 Rel.56119n");
  ops_fake_oktopus_set_params (fixture->fake, SERIAL, (const char *const *) xx230v_params->pdata);
  /* The example of genieacs-oktopus.md §5: a USP agent that reports noise. */
  ops_fake_oktopus_set_param (fixture->fake, SERIAL, "Device.WiFi.Radio.1.Stats.Noise", "-92");
  fixture->client = new_client (ops_fake_oktopus_get_url (fixture->fake), PASSWORD);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, ops_fake_oktopus_free);
}

static guint
count_requests (Fixture    *fixture,
                const char *prefix)
{
  g_auto(GStrv) requests = ops_fake_oktopus_dup_requests (fixture->fake);
  guint count = 0;

  for (guint i = 0; requests[i] != NULL; i++)
    if (g_str_has_prefix (requests[i], prefix))
      count++;

  return count;
}

static char *
joined_requests (Fixture *fixture)
{
  g_auto(GStrv) requests = ops_fake_oktopus_dup_requests (fixture->fake);

  return g_strjoinv ("\n", requests);
}

/* The leaf at a dotted path of a document, or NULL. */
static JsonObject *
doc_node (JsonObject *doc,
          const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  JsonObject *node = doc;

  for (guint i = 0; segments[i] != NULL && node != NULL; i++)
    {
      JsonNode *member = json_object_get_member (node, segments[i]);

      node = member != NULL && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
    }

  return node;
}

/* Asserts the leaf at path holds the string value, as USP gives it. */
static void
assert_leaf (JsonObject *doc,
             const char *path,
             const char *value)
{
  JsonObject *leaf = doc_node (doc, path);
  JsonNode *node;

  if (leaf == NULL)
    g_error ("%s is missing from the document", path);
  g_assert_false (json_object_get_boolean_member (leaf, "_object"));
  node = json_object_get_member (leaf, "_value");
  g_assert_nonnull (node);
  g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_STRING);
  g_assert_cmpstr (json_node_get_string (node), ==, value);
  g_assert_cmpstr (json_object_get_string_member (leaf, "_timestamp"), ==,
                   json_object_get_string_member (doc, "_lastInform"));
}

static guint
count_leaves (JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  guint count = 0;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      JsonObject *child;

      if (name[0] == '_' || !JSON_NODE_HOLDS_OBJECT (member))
        continue;
      child = json_node_get_object (member);
      if (json_object_get_boolean_member (child, "_object"))
        count += count_leaves (child);
      else
        count++;
    }

  return count;
}

static JsonObject *
object_from_json (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_node_dup_object (node);
}

static char *
object_to_json (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_node_set_object (node, object);
  return json_to_string (node, FALSE);
}

/*
 * Sign-in
 */

static void
test_login_reuse (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char *const paths[] = { "Device.DeviceInfo.ModelName", NULL };
  g_autoptr(OpsOktopusDevice) device = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tokens = NULL;
  g_auto(GStrv) requests = NULL;
  g_autofree char *authorization = NULL;

  device = ops_oktopus_client_get_device (fixture->client, SERIAL, NULL, &error);
  g_assert_no_error (error);
  devices = ops_oktopus_client_list_devices (fixture->client, NULL, &error);
  g_assert_no_error (error);
  doc = ops_oktopus_client_get (fixture->client, SERIAL, paths, NULL, &error);
  g_assert_no_error (error);
  output = ops_oktopus_client_operate (fixture->client, SERIAL, "Device.Reboot()", NULL, NULL, &error);
  g_assert_no_error (error);

  /* One sign-in, first, for four calls. */
  g_assert_cmpuint (ops_fake_oktopus_get_login_count (fixture->fake), ==, 1);
  requests = ops_fake_oktopus_dup_requests (fixture->fake);
  g_assert_cmpuint (g_strv_length (requests), ==, 5);
  g_assert_cmpstr (requests[0], ==, "PUT /api/auth/login");
  g_assert_cmpstr (requests[1], ==, "GET /api/device?id=" SERIAL);
  g_assert_cmpstr (requests[2], ==, "GET /api/device?page_number=0&page_size=50");
  g_assert_cmpstr (requests[3], ==, "PUT /api/device/" SERIAL "/any/get");
  g_assert_cmpstr (requests[4], ==, "PUT /api/device/" SERIAL "/any/operate");

  /* The token goes raw, with no "Bearer". */
  tokens = ops_fake_oktopus_dup_tokens (fixture->fake);
  g_assert_cmpuint (g_strv_length (tokens), ==, 1);
  g_assert_true (g_str_has_prefix (tokens[0], "eyJ"));
  authorization = ops_fake_oktopus_dup_last_authorization (fixture->fake);
  g_assert_cmpstr (authorization, ==, tokens[0]);

  /* An explicit sign-in gets a new token. */
  g_assert_true (ops_oktopus_client_login (fixture->client, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ops_fake_oktopus_get_login_count (fixture->fake), ==, 2);
}

static void
test_relogin (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OpsOktopusDevice) first = NULL;
  g_autoptr(OpsOktopusDevice) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *requests = NULL;

  first = ops_oktopus_client_get_device (fixture->client, SERIAL, NULL, &error);
  g_assert_no_error (error);

  /* The 24 h token expires: one 401, one new sign-in, the same request again. */
  ops_fake_oktopus_expire_tokens (fixture->fake);
  second = ops_oktopus_client_get_device (fixture->client, SERIAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->serial, ==, SERIAL);

  g_assert_cmpuint (ops_fake_oktopus_get_login_count (fixture->fake), ==, 2);
  requests = joined_requests (fixture);
  g_assert_cmpstr (requests, ==,
                   "PUT /api/auth/login\n"
                   "GET /api/device?id=" SERIAL "\n"
                   "GET /api/device?id=" SERIAL "\n"
                   "PUT /api/auth/login\n"
                   "GET /api/device?id=" SERIAL);
}

static void
test_relogin_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(OpsOktopusDevice) device = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *requests = NULL;

  /* Tokens are issued but refused: sign in again once, then give up. */
  ops_fake_oktopus_set_refuse_tokens (fixture->fake, TRUE);
  device = ops_oktopus_client_get_device (fixture->client, SERIAL, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_LOGIN);
  g_assert_nonnull (strstr (error->message, "Preferences"));

  requests = joined_requests (fixture);
  g_assert_cmpstr (requests, ==,
                   "PUT /api/auth/login\n"
                   "GET /api/device?id=" SERIAL "\n"
                   "PUT /api/auth/login\n"
                   "GET /api/device?id=" SERIAL);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OpsOktopusClient) client = NULL;
  g_autoptr(OpsOktopusDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  client = new_client (ops_fake_oktopus_get_url (fixture->fake), "not-the-password");

  device = ops_oktopus_client_get_device (client, SERIAL, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_LOGIN);
  g_assert_nonnull (strstr (error->message, "e-mail and password"));
  g_assert_nonnull (strstr (error->message, "Preferences"));
  g_assert_nonnull (strstr (error->message, EMAIL));
  g_clear_error (&error);

  g_assert_false (ops_oktopus_client_login (client, NULL, &error));
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_LOGIN);

  /* A refused sign-in is not retried, and nothing else is tried. */
  g_assert_cmpuint (ops_fake_oktopus_get_login_count (fixture->fake), ==, 0);
  g_assert_cmpuint (count_requests (fixture, "PUT /api/auth/login"), ==, 2);
  g_assert_cmpuint (count_requests (fixture, "GET"), ==, 0);
}

/*
 * Devices
 */

static void
test_get_device (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(OpsOktopusDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = ops_oktopus_client_get_device (fixture->client, SERIAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (device->serial, ==, SERIAL);
  g_assert_cmpstr (device->vendor, ==, "TP-Link");
  g_assert_cmpstr (device->model, ==, "XX230v");
  g_assert_cmpstr (device->product_class, ==, "Device2");
  g_assert_cmpstr (device->version, ==, "0.6.0 3.0.0 v6066.0 Build 220630 Rel.56119n");
  g_assert_cmpint (device->status, ==, 2);
  g_clear_pointer (&device, ops_oktopus_device_free);

  ops_fake_oktopus_set_mode (fixture->fake, SERIAL, OPS_FAKE_OKTOPUS_ASSOCIATING);
  device = ops_oktopus_client_get_device (fixture->client, SERIAL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (device->status, ==, 1);
  g_clear_pointer (&device, ops_oktopus_device_free);

  /* A serial that needs escaping, unknown to the controller. */
  device = ops_oktopus_client_get_device (fixture->client, "ALCL B4&5", NULL, &error);
  g_assert_null (device);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "ALCL B4&5"));
  g_assert_cmpuint (count_requests (fixture, "GET /api/device?id=ALCL%20B4%265"), ==, 1);
}

static void
test_list_paging (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *requests = NULL;

  /* 120 devices: the controller's pages overlap by one (skip is
   * page_number * 49) and "pages" says 2 where 3 are needed. */
  for (guint i = 1; i < 120; i++)
    {
      g_autofree char *serial = g_strdup_printf ("OKT%05u", i);

      ops_fake_oktopus_add_device (fixture->fake, serial, "Sagemcom", "F@st 5670", "USP-HGW", "1.2");
    }
  ops_fake_oktopus_set_mode (fixture->fake, "OKT00007", OPS_FAKE_OKTOPUS_OFFLINE);

  devices = ops_oktopus_client_list_devices (fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 120);

  for (guint i = 0; i < devices->len; i++)
    {
      OpsOktopusDevice *device = g_ptr_array_index (devices, i);
      g_autofree char *expected = i == 0 ? g_strdup (SERIAL) : g_strdup_printf ("OKT%05u", i);

      g_assert_cmpstr (device->serial, ==, expected);
      g_assert_cmpint (device->status, ==, i == 7 ? 0 : 2);
    }
  g_assert_cmpstr (((OpsOktopusDevice *) g_ptr_array_index (devices, 5))->model, ==, "F@st 5670");

  requests = joined_requests (fixture);
  g_assert_cmpstr (requests, ==,
                   "PUT /api/auth/login\n"
                   "GET /api/device?page_number=0&page_size=50\n"
                   "GET /api/device?page_number=1&page_size=50\n"
                   "GET /api/device?page_number=2&page_size=50");
}

static void
test_list_empty (void)
{
  g_autoptr(OpsFakeOktopus) fake = ops_fake_oktopus_new (EMAIL, PASSWORD);
  g_autoptr(OpsOktopusClient) client = new_client (ops_fake_oktopus_get_url (fake), PASSWORD);
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;

  /* 404 "No devices found" is an empty list, not an error. */
  devices = ops_oktopus_client_list_devices (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (devices);
  g_assert_cmpuint (devices->len, ==, 0);

  requests = ops_fake_oktopus_dup_requests (fake);
  g_assert_cmpuint (g_strv_length (requests), ==, 2);
  g_assert_cmpstr (requests[1], ==, "GET /api/device?page_number=0&page_size=50");
}

/*
 * USP get
 */

static void
test_get_document (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *const paths[] = {
    "Device.DeviceInfo.",
    "Device.WiFi.Radio.*.Stats.Noise",
    "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower",
    NULL
  };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) last_inform = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent_paths = NULL;
  JsonObject *device_id;
  JsonObject *device;
  JsonObject *radio;

  doc = ops_oktopus_client_get (fixture->client, SERIAL, paths, NULL, &error);
  g_assert_no_error (error);

  /* The request: the paths as given, every level below them. */
  body = ops_fake_oktopus_dup_last_body (fixture->fake);
  g_assert_nonnull (body);
  {
    g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

    json_node_set_array (node, json_object_get_array_member (body, "param_paths"));
    sent_paths = json_to_string (node, FALSE);
  }
  g_assert_cmpstr (sent_paths, ==,
                   "[\"Device.DeviceInfo.\",\"Device.WiFi.Radio.*.Stats.Noise\","
                   "\"Device.Optical.Interface.1.X_TP_GPON_Config.RXPower\"]");
  g_assert_cmpint (json_object_get_int_member (body, "max_depth"), ==, 0);

  /* The root of a GenieACS document. */
  g_assert_cmpstr (json_object_get_string_member (doc, "_id"), ==, SERIAL);
  device_id = json_object_get_object_member (doc, "_deviceId");
  g_assert_cmpstr (json_object_get_string_member (device_id, "_SerialNumber"), ==, SERIAL);
  g_assert_cmpstr (json_object_get_string_member (device_id, "_Manufacturer"), ==, "TP-Link");
  g_assert_cmpstr (json_object_get_string_member (device_id, "_OUI"), ==, "1C61B4");
  g_assert_cmpstr (json_object_get_string_member (device_id, "_ProductClass"), ==, "Device2");
  last_inform = g_date_time_new_from_iso8601 (json_object_get_string_member (doc, "_lastInform"), NULL);
  g_assert_nonnull (last_inform);
  g_assert_true (g_str_has_suffix (json_object_get_string_member (doc, "_lastInform"), "Z"));
  g_assert_cmpint (g_date_time_difference (last_inform, before), >=, -G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (g_date_time_difference (last_inform, before), <, 10 * G_TIME_SPAN_SECOND);

  /* Objects along the way, leaves with string values. */
  device = json_object_get_object_member (doc, "Device");
  g_assert_true (json_object_get_boolean_member (device, "_object"));
  radio = doc_node (doc, "Device.WiFi.Radio.2");
  g_assert_nonnull (radio);
  g_assert_true (json_object_get_boolean_member (radio, "_object"));
  assert_leaf (doc, "Device.WiFi.Radio.1.Stats.Noise", "-92");
  assert_leaf (doc, "Device.WiFi.Radio.2.Stats.Noise", "0");
  assert_leaf (doc, "Device.DeviceInfo.ModelName", "XX230v");
  assert_leaf (doc, "Device.DeviceInfo.UpTime", "15687");
  assert_leaf (doc, "Device.DeviceInfo.SoftwareVersion", "0.6.0 3.0.0 v6066.0 Build 220630 Rel.56119n");
  assert_leaf (doc, "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower", "5624");

  /* Only what was asked for. */
  g_assert_null (doc_node (doc, "Device.WiFi.Radio.1.Channel"));
  g_assert_null (doc_node (doc, "Device.Optical.Interface.1.X_TP_GPON_Config.TXPower"));
  g_assert_null (doc_node (doc, "Device.Hosts"));
}

static void
test_get_full_tree (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char *const paths[] = { "Device.", NULL };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;
  guint leaves = 0;

  /* The whole XX230v model over USP: every leaf of the export, same text. */
  doc = ops_oktopus_client_get (fixture->client, SERIAL, paths, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i + 1 < xx230v_params->len; i += 2)
    {
      const char *path = g_ptr_array_index (xx230v_params, i);
      const char *value = g_ptr_array_index (xx230v_params, i + 1);

      if (g_str_equal (path, "Device.WiFi.Radio.1.Stats.Noise"))
        value = "-92";
      assert_leaf (doc, path, value);
      leaves++;
    }
  g_assert_cmpuint (count_leaves (doc), ==, leaves);
  g_assert_cmpstr (xx230v_value ("Device.DeviceInfo.ManufacturerOUI"), ==, "1C61B4");
}

static void
test_get_path_errors (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char *const some[] = { "Device.DeviceInfo.ModelName", "Device.X_NOPE.Thing", NULL };
  static const char *const none[] = { "Device.X_NOPE.Thing", "Device.X_NOPE.Other.", NULL };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;

  /* A path the device lacks fails alone... */
  doc = ops_oktopus_client_get (fixture->client, SERIAL, some, NULL, &error);
  g_assert_no_error (error);
  assert_leaf (doc, "Device.DeviceInfo.ModelName", "XX230v");
  g_assert_null (doc_node (doc, "Device.X_NOPE"));
  g_clear_pointer (&doc, json_object_unref);

  /* ...and when they all fail, the request does. */
  doc = ops_oktopus_client_get (fixture->client, SERIAL, none, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_USP);
  g_assert_nonnull (strstr (error->message, "7026"));
  g_assert_nonnull (strstr (error->message, "Invalid path"));
}

static void
test_document_from_response (void)
{
  /* The response of genieacs-oktopus.md §5, a deeper result (a key with
   * dots under a shallower resolved path), an object with no parameters, a
   * failed path and names that are no parameter paths. */
  g_autoptr(JsonObject) response = object_from_json (
    "{\"req_path_results\":["
    "{\"requested_path\":\"Device.WiFi.Radio.*.Stats.Noise\",\"resolved_path_results\":["
    "{\"resolved_path\":\"Device.WiFi.Radio.1.Stats.\",\"result_params\":{\"Noise\":\"-92\"}}]},"
    "{\"requested_path\":\"Device.DeviceInfo.\",\"resolved_path_results\":["
    "{\"resolved_path\":\"Device.DeviceInfo.\",\"result_params\":{\"Manufacturer\":\"Sagemcom\","
    "\"ProductClass\":\"F5670\",\"MemoryStatus.Free\":\"10240\",\"_evil\":\"x\"}},"
    "{\"resolved_path\":\"Device.DeviceInfo.Processor.1.\",\"result_params\":{}}]},"
    "{\"requested_path\":\"Device.Nope.\",\"err_code\":7026,\"err_msg\":\"Invalid path\"}]}");
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 15, 14, 0, 0.25);
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *json = NULL;

  doc = ops_usp_get_response_to_document (response, "SN-1", now);
  json = object_to_json (doc);
  g_assert_cmpstr (json, ==,
    "{\"_id\":\"SN-1\","
    "\"_deviceId\":{\"_Manufacturer\":\"Sagemcom\",\"_ProductClass\":\"F5670\",\"_SerialNumber\":\"SN-1\"},"
    "\"_lastInform\":\"2026-01-15T14:00:00.250Z\","
    "\"Device\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\","
    "\"WiFi\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\","
    "\"Radio\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\","
    "\"1\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\","
    "\"Stats\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\","
    "\"Noise\":{\"_object\":false,\"_value\":\"-92\",\"_timestamp\":\"2026-01-15T14:00:00.250Z\"}}}}},"
    "\"DeviceInfo\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\","
    "\"Manufacturer\":{\"_object\":false,\"_value\":\"Sagemcom\",\"_timestamp\":\"2026-01-15T14:00:00.250Z\"},"
    "\"ProductClass\":{\"_object\":false,\"_value\":\"F5670\",\"_timestamp\":\"2026-01-15T14:00:00.250Z\"},"
    "\"MemoryStatus\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\","
    "\"Free\":{\"_object\":false,\"_value\":\"10240\",\"_timestamp\":\"2026-01-15T14:00:00.250Z\"}},"
    "\"Processor\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\","
    "\"1\":{\"_object\":true,\"_timestamp\":\"2026-01-15T14:00:00.250Z\"}}}}}");
}

/*
 * The summary: the same device whichever controller serves it
 */

static void
assert_same_double (double a,
                    double b)
{
  if (isnan (a) || isnan (b))
    g_assert_true (isnan (a) && isnan (b));
  else
    g_assert_cmpfloat_with_epsilon (a, b, 1e-9);
}

static void
test_summary (Fixture       *fixture,
              gconstpointer  data)
{
  static const char *const paths[] = { "Device.", NULL };
  g_autoptr(JsonObject) usp_doc = NULL;
  g_autoptr(JsonObject) acs_doc = NULL;
  g_autoptr(JsonNode) noise = json_node_new (JSON_NODE_VALUE);
  g_autoptr(OpsDeviceSummary) usp = NULL;
  g_autoptr(OpsDeviceSummary) acs = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  /* Over USP every value is a string... */
  usp_doc = ops_oktopus_client_get (fixture->client, SERIAL, paths, NULL, &error);
  g_assert_no_error (error);
  now = g_date_time_new_now_utc ();
  usp = ops_device_summarize (usp_doc, now, 300, &error);
  g_assert_no_error (error);

  /* ...while GenieACS types them (the same export, the same noise). */
  acs_doc = ops_genieacs_csv_to_document (xx230v_csv, -1, NULL, &error);
  g_assert_no_error (error);
  json_node_set_int (noise, -92);
  ops_device_doc_set_value (acs_doc, "Device.WiFi.Radio.1.Stats.Noise", noise, "xsd:int", NULL);
  acs = ops_device_summarize (acs_doc, now, 300, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (usp->id, ==, SERIAL);
  g_assert_cmpstr (usp->serial, ==, SERIAL);
  g_assert_cmpstr (usp->data_model, ==, "TR-181");
  g_assert_true (usp->online);
  g_assert_cmpstr (usp->last_inform, ==, json_object_get_string_member (usp_doc, "_lastInform"));
  g_assert_cmpstr (usp->manufacturer, ==, "TP-Link");
  g_assert_cmpstr (usp->model, ==, "XX230v");
  g_assert_cmpint (usp->uptime_seconds, ==, 15687);
  g_assert_true (isfinite (usp->optical.rx_dbm));

  g_assert_cmpstr (usp->serial, ==, acs->serial);
  g_assert_cmpstr (usp->manufacturer, ==, acs->manufacturer);
  g_assert_cmpstr (usp->oui, ==, acs->oui);
  g_assert_cmpstr (usp->product_class, ==, acs->product_class);
  g_assert_cmpstr (usp->model, ==, acs->model);
  g_assert_cmpstr (usp->firmware, ==, acs->firmware);
  g_assert_cmpstr (usp->hardware, ==, acs->hardware);
  g_assert_cmpstr (usp->data_model, ==, acs->data_model);
  g_assert_cmpint (usp->uptime_seconds, ==, acs->uptime_seconds);
  g_assert_cmpstr (usp->management_url, ==, acs->management_url);
  g_assert_cmpstr (usp->optical.status, ==, acs->optical.status);
  assert_same_double (usp->optical.rx_dbm, acs->optical.rx_dbm);
  assert_same_double (usp->optical.tx_dbm, acs->optical.tx_dbm);
  g_assert_cmpstr (usp->optical.rx_source.path, ==, acs->optical.rx_source.path);

  g_assert_cmpuint (usp->radios->len, ==, acs->radios->len);
  g_assert_cmpuint (usp->radios->len, >=, 2);
  for (guint i = 0; i < usp->radios->len; i++)
    {
      OpsWifiRadio *a = g_ptr_array_index (usp->radios, i);
      OpsWifiRadio *b = g_ptr_array_index (acs->radios, i);

      g_assert_cmpstr (a->band, ==, b->band);
      g_assert_cmpint (a->channel, ==, b->channel);
      g_assert_cmpint (a->clients, ==, b->clients);
      g_assert_cmpint (a->enabled, ==, b->enabled);
      g_assert_cmpstr (a->ssid, ==, b->ssid);
      assert_same_double (a->noise_dbm, b->noise_dbm);
    }
  g_assert_cmpfloat_with_epsilon (((OpsWifiRadio *) g_ptr_array_index (usp->radios, 0))->noise_dbm, -92, 1e-9);

  g_assert_cmpuint (usp->addresses->len, ==, acs->addresses->len);
  for (guint i = 0; i < usp->addresses->len; i++)
    {
      OpsIpAddress *a = g_ptr_array_index (usp->addresses, i);
      OpsIpAddress *b = g_ptr_array_index (acs->addresses, i);

      g_assert_cmpint (a->role, ==, b->role);
      g_assert_cmpstr (a->ip, ==, b->ip);
    }

  g_assert_cmpuint (usp->mesh->len, ==, acs->mesh->len);
  for (guint i = 0; i < usp->mesh->len; i++)
    {
      OpsMeshNode *a = g_ptr_array_index (usp->mesh, i);
      OpsMeshNode *b = g_ptr_array_index (acs->mesh, i);

      g_assert_cmpstr (a->name, ==, b->name);
      g_assert_cmpstr (a->mac, ==, b->mac);
      g_assert_cmpint (a->clients, ==, b->clients);
      assert_same_double (a->backhaul_utilization, b->backhaul_utilization);
    }

  g_assert_cmpuint (usp->ethernet->len, ==, acs->ethernet->len);
  g_assert_cmpuint (usp->hosts->len, ==, acs->hosts->len);
  g_assert_cmpuint (usp->hosts->len, >, 0);
  for (guint i = 0; i < usp->hosts->len; i++)
    {
      OpsHost *a = g_ptr_array_index (usp->hosts, i);
      OpsHost *b = g_ptr_array_index (acs->hosts, i);

      g_assert_cmpstr (a->mac, ==, b->mac);
      g_assert_cmpstr (a->ip, ==, b->ip);
      g_assert_cmpstr (a->node, ==, b->node);
      g_assert_cmpstr (a->band, ==, b->band);
      g_assert_cmpint (a->active, ==, b->active);
      assert_same_double (a->signal_dbm, b->signal_dbm);
    }
}

/*
 * USP operate
 */

static void
test_operate_reboot (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) commands = NULL;
  g_autofree char *args = NULL;

  output = ops_oktopus_client_operate (fixture->client, SERIAL, "Device.Reboot()", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (output);
  g_assert_cmpuint (json_object_get_size (output), ==, 0);

  commands = ops_fake_oktopus_dup_commands (fixture->fake, SERIAL);
  g_assert_cmpuint (g_strv_length (commands), ==, 1);
  g_assert_cmpstr (commands[0], ==, "Device.Reboot()");

  body = ops_fake_oktopus_dup_last_body (fixture->fake);
  g_assert_cmpstr (json_object_get_string_member (body, "command"), ==, "Device.Reboot()");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (body, "command_key"), "gigafibre-ops-"));
  g_assert_true (json_object_get_boolean_member (body, "send_resp"));
  args = object_to_json (json_object_get_object_member (body, "input_args"));
  g_assert_cmpstr (args, ==, "{}");
}

static void
test_operate_download (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) input = object_from_json ("{\"DownloadURL\":\"http://speed.gigafibre.ca/100MB.bin\","
                                                  "\"NumberOfConnections\":4}");
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(JsonObject) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *args = NULL;

  output = ops_oktopus_client_operate (fixture->client, SERIAL,
                                       "Device.IP.Diagnostics.DownloadDiagnostics()", input,
                                       NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (output, "BOMTime"), ==, OPS_FAKE_OKTOPUS_BOM_TIME);
  g_assert_cmpstr (json_object_get_string_member (output, "EOMTime"), ==, OPS_FAKE_OKTOPUS_EOM_TIME);
  g_assert_cmpstr (json_object_get_string_member (output, "TestBytesReceived"), ==,
                   OPS_FAKE_OKTOPUS_TEST_BYTES);
  g_assert_cmpstr (json_object_get_string_member (output, "Status"), ==, "Complete");

  /* USP input arguments are strings. */
  body = ops_fake_oktopus_dup_last_body (fixture->fake);
  args = object_to_json (json_object_get_object_member (body, "input_args"));
  g_assert_cmpstr (args, ==, "{\"DownloadURL\":\"http://speed.gigafibre.ca/100MB.bin\",\"NumberOfConnections\":\"4\"}");
}

static void
test_operate_async (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;

  /* The agent runs the test in the background: no output arguments yet,
   * only the request's path. */
  ops_fake_oktopus_set_command_async (fixture->fake, SERIAL, "Device.IP.Diagnostics.DownloadDiagnostics()");
  output = ops_oktopus_client_operate (fixture->client, SERIAL,
                                       "Device.IP.Diagnostics.DownloadDiagnostics()", NULL, NULL,
                                       &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_object_get_size (output), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (output, OPS_OKTOPUS_REQUEST_PATH), ==,
                   "Device.LocalAgent.Request.1.");
  g_assert_false (json_object_has_member (output, "BOMTime"));
}

static void
test_operate_failure (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_oktopus_fail_command (fixture->fake, SERIAL, "Device.Reboot()", 7022,
                                 "Command failure: a firmware upgrade is running");
  output = ops_oktopus_client_operate (fixture->client, SERIAL, "Device.Reboot()", NULL, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_USP);
  g_assert_nonnull (strstr (error->message, "7022"));
  g_assert_nonnull (strstr (error->message, "a firmware upgrade is running"));
  g_clear_error (&error);

  /* A command the agent does not have: a USP Error message. */
  output = ops_oktopus_client_operate (fixture->client, SERIAL, "Device.X_Nope()", NULL, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_USP);
  g_assert_nonnull (strstr (error->message, "7026"));
}

/*
 * Errors
 */

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  static const char *const paths[] = { "Device.DeviceInfo.", NULL };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) commands = NULL;

  ops_fake_oktopus_set_mode (fixture->fake, SERIAL, OPS_FAKE_OKTOPUS_OFFLINE);
  doc = ops_oktopus_client_get (fixture->client, SERIAL, paths, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, SERIAL));
  g_assert_nonnull (strstr (error->message, "offline"));
  g_clear_error (&error);

  output = ops_oktopus_client_operate (fixture->client, SERIAL, "Device.Reboot()", NULL, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_OFFLINE);
  g_clear_error (&error);

  ops_fake_oktopus_set_mode (fixture->fake, SERIAL, OPS_FAKE_OKTOPUS_ASSOCIATING);
  doc = ops_oktopus_client_get (fixture->client, SERIAL, paths, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_OFFLINE);
  g_assert_nonnull (strstr (error->message, "still connecting"));

  /* The controller's 503 is an answer, not a hiccup: no retries. */
  g_assert_cmpuint (count_requests (fixture, "PUT /api/device/"), ==, 3);
  commands = ops_fake_oktopus_dup_commands (fixture->fake, SERIAL);
  g_assert_cmpuint (g_strv_length (commands), ==, 0);
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  static const char *const paths[] = { "Device.DeviceInfo.", NULL };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  ops_fake_oktopus_set_timeout_delay (fixture->fake, 300);
  ops_fake_oktopus_set_mode (fixture->fake, SERIAL, OPS_FAKE_OKTOPUS_TIMEOUT);

  start = g_get_monotonic_time ();
  doc = ops_oktopus_client_get (fixture->client, SERIAL, paths, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_TIMEOUT);
  g_assert_nonnull (strstr (error->message, "10 s"));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * G_TIME_SPAN_MILLISECOND);

  /* The device already had its 10 s: not asked again. */
  g_assert_cmpuint (count_requests (fixture, "PUT /api/device/"), ==, 1);
}

static void
test_usp_error (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *const paths[] = { "Device.DeviceInfo.", NULL };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_oktopus_set_usp_error (fixture->fake, SERIAL, 7002, "Request denied: controller not trusted");
  doc = ops_oktopus_client_get (fixture->client, SERIAL, paths, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_USP);
  g_assert_nonnull (strstr (error->message, "7002"));
  g_assert_nonnull (strstr (error->message, "Request denied: controller not trusted"));
  g_clear_error (&error);

  output = ops_oktopus_client_operate (fixture->client, SERIAL, "Device.Reboot()", NULL, NULL, &error);
  g_assert_null (output);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_USP);
  g_assert_nonnull (strstr (error->message, "7002"));
}

static void
test_unknown_device (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char *const paths[] = { "Device.DeviceInfo.", NULL };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = ops_oktopus_client_get (fixture->client, "NOPE123", paths, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "NOPE123"));
}

static void
test_unreachable (void)
{
  g_autoptr(OpsFakeOktopus) fake = ops_fake_oktopus_new (EMAIL, PASSWORD);
  g_autoptr(OpsOktopusClient) client = new_client (ops_fake_oktopus_get_url (fake), PASSWORD);
  g_autoptr(OpsOktopusDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&fake, ops_fake_oktopus_free);
  device = ops_oktopus_client_get_device (client, SERIAL, NULL, &error);
  g_assert_null (device);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(OpsOktopusDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  device = ops_oktopus_client_get_device (fixture->client, SERIAL, cancellable, &error);
  g_assert_null (device);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_requests (fixture, ""), ==, 0);
}

static void
test_no_secret_logged (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *const paths[] = { "Device.DeviceInfo.", NULL };
  g_autoptr(OpsOktopusClient) client = NULL;
  g_autoptr(OpsOktopusClient) wrong = NULL;
  g_autoptr(OpsOktopusDevice) device = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) output = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tokens = NULL;

  clear_log ();

  /* The session logs only if debugging was asked for when it was made. */
  client = new_client (ops_fake_oktopus_get_url (fixture->fake), PASSWORD);
  wrong = new_client (ops_fake_oktopus_get_url (fixture->fake), "Wr0ng-Passw0rd");

  doc = ops_oktopus_client_get (client, SERIAL, paths, NULL, &error);
  g_assert_no_error (error);
  ops_fake_oktopus_expire_tokens (fixture->fake);
  output = ops_oktopus_client_operate (client, SERIAL, "Device.Reboot()", NULL, NULL, &error);
  g_assert_no_error (error);
  device = ops_oktopus_client_get_device (wrong, SERIAL, NULL, &error);
  g_assert_error (error, OPS_OKTOPUS_ERROR, OPS_OKTOPUS_ERROR_LOGIN);

  tokens = ops_fake_oktopus_dup_tokens (fixture->fake);
  g_assert_cmpuint (g_strv_length (tokens), ==, 2);

  /* No password, no token, nor a token's signature alone. */
  g_assert_cmpuint (log_count (PASSWORD), ==, 0);
  g_assert_cmpuint (log_count ("Wr0ng-Passw0rd"), ==, 0);
  for (guint j = 0; tokens[j] != NULL; j++)
    {
      g_assert_cmpuint (log_count (tokens[j]), ==, 0);
      g_assert_cmpuint (log_count (strrchr (tokens[j], '.') + 1), ==, 0);
    }

  /* The sign-in bodies stay out of the HTTP log (the answer is the bare
   * token)... */
  g_assert_cmpuint (log_count ("\"password\""), ==, 0);
  g_assert_cmpuint (log_count ("> PUT /api/auth/login"), ==, 0);

  /* ...while the log did show the traffic: the sign-ins as one line each,
   * the other requests with the header redacted, and the USP answers. */
  g_assert_cmpuint (log_count ("ops-http: "), >, 20);
  g_assert_cmpuint (log_count ("/api/auth/login: HTTP 200"), ==, 2);
  g_assert_cmpuint (log_count ("/api/auth/login: HTTP 401"), ==, 1);
  g_assert_cmpuint (log_count ("Signed in to the Oktopus controller"), ==, 2);
  g_assert_cmpuint (log_count ("Authorization: [redacted]"), ==, 3);
  g_assert_cmpuint (log_count ("> PUT /api/device/" SERIAL "/any/operate"), ==, 2);
  g_assert_cmpuint (log_count ("req_path_results"), >=, 1);
  g_assert_cmpuint (log_count ("operation_results"), >=, 1);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* Debug output of every domain is on before any client exists, and all
   * of it is kept to be searched for secrets. */
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  xx230v_params = load_xx230v ();

#define ADD(path, func) \
  g_test_add ("/oktopus-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("login-reuse", test_login_reuse);
  ADD ("relogin", test_relogin);
  ADD ("relogin-refused", test_relogin_refused);
  ADD ("wrong-password", test_wrong_password);
  ADD ("get-device", test_get_device);
  ADD ("list-paging", test_list_paging);
  g_test_add_func ("/oktopus-client/list-empty", test_list_empty);
  ADD ("get-document", test_get_document);
  ADD ("get-full-tree", test_get_full_tree);
  ADD ("get-path-errors", test_get_path_errors);
  g_test_add_func ("/oktopus-client/document-from-response", test_document_from_response);
  ADD ("summary", test_summary);
  ADD ("operate-reboot", test_operate_reboot);
  ADD ("operate-download", test_operate_download);
  ADD ("operate-async", test_operate_async);
  ADD ("operate-failure", test_operate_failure);
  ADD ("offline", test_offline);
  ADD ("timeout", test_timeout);
  ADD ("usp-error", test_usp_error);
  ADD ("unknown-device", test_unknown_device);
  g_test_add_func ("/oktopus-client/unreachable", test_unreachable);
  ADD ("cancelled", test_cancelled);
  ADD ("no-secret-logged", test_no_secret_logged);

#undef ADD

  status = g_test_run ();
  g_ptr_array_unref (xx230v_params);
  g_free (xx230v_csv);
  return status;
}
