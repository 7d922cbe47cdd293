/* test-erpnext-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ERPNext client against the in-process fake Frappe.
 */

#define G_LOG_DOMAIN "test-erpnext-client"

#include "config.h"

#include <string.h>

#include "ops-erpnext-client.h"
#include "ops-fake-frappe.h"

#define API_KEY "3f9a1c2b7d8e4f0"
#define API_SECRET "8c1d2e3f4a5b6c7"

typedef struct
{
  OpsFakeFrappe    *fake;
  OpsErpnextClient *client;
} Fixture;

/* Every message logged by the process, whatever its level and domain. */
static GMutex log_lock;
static GPtrArray *log_lines;

static const OpsRetryPolicy fast_policy = { 5, 10, 2000 };

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

  /* Warnings and worse still reach stderr (and abort when fatal);
   * OPS_TEST_ECHO_LOG=1 shows the rest too. */
  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) ||
      g_getenv ("OPS_TEST_ECHO_LOG") != NULL)
    return g_log_writer_default (log_level, fields, n_fields, user_data);

  return G_LOG_WRITER_HANDLED;
}

/* Whether a line of the debug log contains text: the wire as it was sent. */
static gboolean
log_contains (const char *text)
{
  gboolean found = FALSE;

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_lines->len && !found; i++)
    found = strstr (g_ptr_array_index (log_lines, i), text) != NULL;
  g_mutex_unlock (&log_lock);

  return found;
}

static JsonObject *
object_from_json (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonNode *
node_from_json (const char *json)
{
  JsonNode *node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return node;
}

static void
put (Fixture    *fixture,
     const char *doctype,
     const char *json)
{
  g_autoptr(JsonObject) doc = object_from_json (json);

  ops_fake_frappe_put_doc (fixture->fake, doctype, doc);
}

static void
put_customers (Fixture *fixture)
{
  put (fixture, "Customer", "{\"name\":\"CUST-0001\",\"customer_name\":\"Érable Fibre\",\"customer_group\":\"Commercial\",\"territory\":\"Montréal\",\"disabled\":0,\"mobile_no\":null}");
  put (fixture, "Customer", "{\"name\":\"CUST-0002\",\"customer_name\":\"Boulangerie Gagnon\",\"customer_group\":\"Commercial\",\"territory\":\"Laval\",\"disabled\":0,\"mobile_no\":\"+15145550102\"}");
  put (fixture, "Customer", "{\"name\":\"CUST-0003\",\"customer_name\":\"Josée Lévesque\",\"customer_group\":\"Individual\",\"territory\":\"Québec\",\"disabled\":0,\"mobile_no\":\"+14185550103\"}");
  put (fixture, "Customer", "{\"name\":\"CUST-0004\",\"customer_name\":\"Alain Roy\",\"customer_group\":\"Individual\",\"territory\":\"Laval\",\"disabled\":1,\"mobile_no\":null}");
  put (fixture, "Customer", "{\"name\":\"CUST-0005\",\"customer_name\":\"Clinique Sud\",\"customer_group\":\"Commercial\",\"territory\":\"Longueuil\",\"disabled\":0,\"mobile_no\":null}");
}

static OpsErpnextClient *
new_client (Fixture    *fixture,
            const char *secret)
{
  g_autoptr(OpsErpnextClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strconcat (ops_fake_frappe_get_url (fixture->fake), "/", NULL);

  client = ops_erpnext_client_new (url, API_KEY, secret, NULL, &error);
  g_assert_no_error (error);
  ops_erpnext_client_set_retry (client, &fast_policy);

  return g_steal_pointer (&client);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->fake = ops_fake_frappe_new (API_KEY, API_SECRET);
  fixture->client = new_client (fixture, API_SECRET);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, ops_fake_frappe_free);
}

/* The only request in the fake's log, which is then cleared. */
static char *
last_request (Fixture *fixture)
{
  g_auto(GStrv) requests = ops_fake_frappe_dup_requests (fixture->fake);
  guint count = g_strv_length (requests);

  g_assert_cmpuint (count, >, 0);
  ops_fake_frappe_clear_requests (fixture->fake);
  return g_strdup (requests[count - 1]);
}

static char *
names_of (JsonArray *rows)
{
  GString *names = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (names->len > 0)
        g_string_append_c (names, ' ');
      g_string_append (names, json_object_get_string_member (row, "name"));
    }

  return g_string_free (names, FALSE);
}

static JsonArray *
list (Fixture                  *fixture,
      const OpsErpnextListArgs *args)
{
  g_autoptr(GError) error = NULL;
  JsonArray *rows;

  rows = ops_erpnext_client_list (fixture->client, "Customer", args, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (rows);

  return rows;
}

static void
assert_names (Fixture                  *fixture,
              const OpsErpnextListArgs *args,
              const char               *expected)
{
  g_autoptr(JsonArray) rows = list (fixture, args);
  g_autofree char *names = names_of (rows);

  g_assert_cmpstr (names, ==, expected);
}

/*
 * Lists
 */

static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonNode) fields = node_from_json ("[\"name\",\"customer_name\",\"mobile_no\"]");
  g_autoptr(JsonNode) list_filters = node_from_json ("[[\"disabled\",\"=\",0]]");
  g_autoptr(JsonNode) dict_filters = node_from_json ("{\"customer_group\":\"Individual\"}");
  g_autoptr(JsonNode) or_filters = node_from_json ("[[\"territory\",\"=\",\"Laval\"],[\"territory\",\"=\",\"Québec\"]]");
  g_autoptr(JsonArray) rows = NULL;
  g_autofree char *request = NULL;
  OpsErpnextListArgs args = { 0 };
  JsonObject *row;

  put_customers (fixture);

  /* Fields and a list-form filter; every parameter is in the query. */
  args.fields = fields;
  args.filters = list_filters;
  args.order_by = "customer_name asc";
  rows = list (fixture, &args);
  g_assert_cmpuint (json_array_get_length (rows), ==, 4);
  row = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (row, "name"), ==, "CUST-0002");
  g_assert_cmpstr (json_object_get_string_member (row, "customer_name"), ==, "Boulangerie Gagnon");
  g_assert_false (json_object_has_member (row, "territory"));
  request = last_request (fixture);
  g_assert_cmpstr (request, ==,
                   "GET /api/resource/Customer"
                   "?fields=%5B%22name%22%2C%22customer_name%22%2C%22mobile_no%22%5D"
                   "&filters=%5B%5B%22disabled%22%2C%22%3D%22%2C0%5D%5D"
                   "&order_by=customer_name%20asc&limit_start=0&limit_page_length=0");

  /* Dict-form filters. */
  args.filters = dict_filters;
  args.order_by = "name desc";
  assert_names (fixture, &args, "CUST-0004 CUST-0003");

  /* or_filters, AND-ed with filters. */
  args.filters = list_filters;
  args.or_filters = or_filters;
  args.order_by = "name asc";
  assert_names (fixture, &args, "CUST-0002 CUST-0003");
  g_clear_pointer (&request, g_free);
  request = last_request (fixture);
  g_assert_nonnull (strstr (request, "&or_filters=%5B%5B%22territory%22%2C%22%3D%22%2C%22Laval%22%5D%2C"
                                      "%5B%22territory%22%2C%22%3D%22%2C%22Qu%C3%A9bec%22%5D%5D&"));

  /* Paging. */
  args.filters = NULL;
  args.or_filters = NULL;
  args.limit_start = 1;
  args.limit_page_length = 2;
  assert_names (fixture, &args, "CUST-0002 CUST-0003");
  g_clear_pointer (&request, g_free);
  request = last_request (fixture);
  g_assert_true (g_str_has_suffix (request, "&order_by=name%20asc&limit_start=1&limit_page_length=2"));

  /* No arguments: every row, in a stable order, parameters still explicit. */
  assert_names (fixture, NULL, "CUST-0001 CUST-0002 CUST-0003 CUST-0004 CUST-0005");
  g_clear_pointer (&request, g_free);
  request = last_request (fixture);
  g_assert_cmpstr (request, ==, "GET /api/resource/Customer"
                                "?order_by=creation%20asc%2C%20name%20asc&limit_start=0&limit_page_length=0");
}

static void
test_list_all (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonNode) fields = node_from_json ("[\"name\"]");
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;
  OpsErpnextListArgs args = { 0 };

  for (guint i = 1; i <= 7; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"ISS-%04u\",\"subject\":\"Issue %u\"}", i, i);

      put (fixture, "Issue", json);
    }

  /* 7 rows by 3: pages of 3, 3 and 1. limit_start/length of args are
   * ignored. */
  args.fields = fields;
  args.order_by = "name asc";
  args.limit_start = 5;
  args.limit_page_length = 1;
  ops_fake_frappe_clear_requests (fixture->fake);
  rows = ops_erpnext_client_list_all (fixture->client, "Issue", &args, 3, NULL, &error);
  g_assert_no_error (error);
  names = names_of (rows);
  g_assert_cmpstr (names, ==, "ISS-0001 ISS-0002 ISS-0003 ISS-0004 ISS-0005 ISS-0006 ISS-0007");
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 3);

  {
    g_auto(GStrv) requests = ops_fake_frappe_dup_requests (fixture->fake);

    g_assert_true (g_str_has_suffix (requests[0], "&limit_start=0&limit_page_length=3"));
    g_assert_true (g_str_has_suffix (requests[1], "&limit_start=3&limit_page_length=3"));
    g_assert_true (g_str_has_suffix (requests[2], "&limit_start=6&limit_page_length=3"));
  }

  /* A multiple of the page size ends with an empty page. */
  ops_fake_frappe_delete_doc (fixture->fake, "Issue", "ISS-0007");
  ops_fake_frappe_clear_requests (fixture->fake);
  g_clear_pointer (&rows, json_array_unref);
  rows = ops_erpnext_client_list_all (fixture->client, "Issue", &args, 3, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 6);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 3);

  /* Nothing at all: one request, an empty array. */
  ops_fake_frappe_clear_requests (fixture->fake);
  g_clear_pointer (&rows, json_array_unref);
  rows = ops_erpnext_client_list_all (fixture->client, "Task", NULL, 50, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 0);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 1);
}

/*
 * Documents
 */

static void
test_get (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;

  put_customers (fixture);
  put (fixture, "Address", "{\"name\":\"Josée Lévesque/Billing\",\"address_title\":\"Josée Lévesque\",\"city\":\"Québec\",\"pincode\":null}");

  doc = ops_erpnext_client_get (fixture->client, "Customer", "CUST-0001", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "customer_name"), ==, "Érable Fibre");
  /* A single document omits its null fields: missing means null. */
  g_assert_false (json_object_has_member (doc, "mobile_no"));
  /* What comes back belongs to the caller. */
  json_object_set_string_member (doc, "mobile_no", "+15145550101");
  g_clear_pointer (&doc, json_object_unref);

  /* Both segments are percent-encoded, '/' included. */
  ops_fake_frappe_clear_requests (fixture->fake);
  doc = ops_erpnext_client_get (fixture->client, "Address", "Josée Lévesque/Billing", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (doc, "city"), ==, "Québec");
  g_assert_true (log_contains ("> GET /api/resource/Address/Jos%C3%A9e%20L%C3%A9vesque%2FBilling HTTP/1.1"));
  g_clear_pointer (&doc, json_object_unref);

  /* 404 */
  doc = ops_erpnext_client_get (fixture->client, "Customer", "CUST-9999", NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "CUST-9999"));
  g_assert_null (strchr (error->message, '{'));
}

static void
on_get_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  JsonObject **doc = user_data;
  g_autoptr(GError) error = NULL;

  *doc = ops_erpnext_client_get_finish (OPS_ERPNEXT_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

static void
on_user_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **user = user_data;
  g_autoptr(GError) error = NULL;

  *user = ops_erpnext_client_get_logged_user_finish (OPS_ERPNEXT_CLIENT (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
fail_timeout (gpointer user_data)
{
  g_error ("The asynchronous call did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autofree char *user = NULL;
  guint guard;

  put_customers (fixture);

  guard = g_timeout_add_seconds (10, fail_timeout, NULL);
  ops_erpnext_client_get_async (fixture->client, "Customer", "CUST-0003", NULL, on_get_done, &doc);
  ops_erpnext_client_get_logged_user_async (fixture->client, NULL, on_user_done, &user);
  while (doc == NULL || user == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  g_assert_cmpstr (json_object_get_string_member (doc, "customer_name"), ==, "Josée Lévesque");
  g_assert_cmpstr (user, !=, "");
}

static void
test_write (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) inserted = NULL;
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;

  ops_fake_frappe_set_naming (fixture->fake, "Issue", "series:ISS-2026-");

  doc = object_from_json ("{\"subject\":\"No signal since 9am\",\"customer\":\"CUST-0001\",\"status\":\"Open\"}");
  inserted = ops_erpnext_client_insert (fixture->client, "Issue", doc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (inserted, "name"), ==, "ISS-2026-00001");
  g_assert_cmpstr (json_object_get_string_member (inserted, "subject"), ==, "No signal since 9am");
  request = last_request (fixture);
  g_assert_cmpstr (request, ==, "POST /api/resource/Issue");

  changes = object_from_json ("{\"status\":\"Replied\"}");
  updated = ops_erpnext_client_update (fixture->client, "Issue", "ISS-2026-00001", changes, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (updated, "status"), ==, "Replied");
  g_assert_cmpstr (json_object_get_string_member (updated, "subject"), ==, "No signal since 9am");
  stored = ops_fake_frappe_dup_doc (fixture->fake, "Issue", "ISS-2026-00001");
  g_assert_cmpstr (json_object_get_string_member (stored, "status"), ==, "Replied");
  g_clear_pointer (&request, g_free);
  request = last_request (fixture);
  g_assert_cmpstr (request, ==, "PUT /api/resource/Issue/ISS-2026-00001");

  g_assert_true (ops_erpnext_client_delete (fixture->client, "Issue", "ISS-2026-00001", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Issue"), ==, 0);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Issue"), ==, 3);

  /* Deleting it again: 404. */
  g_assert_false (ops_erpnext_client_delete (fixture->client, "Issue", "ISS-2026-00001", NULL, &error));
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_NOT_FOUND);
}

static void
test_conflict (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) inserted = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_frappe_set_naming (fixture->fake, "Customer", "prompt");
  put_customers (fixture);

  doc = object_from_json ("{\"name\":\"CUST-0002\",\"customer_name\":\"Someone Else\"}");
  inserted = ops_erpnext_client_insert (fixture->client, "Customer", doc, NULL, &error);
  g_assert_null (inserted);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_CONFLICT);
  g_assert_null (strchr (error->message, '{'));
  g_assert_null (strchr (error->message, '<'));
  g_test_message ("409: %s", error->message);
}

static void
test_validation (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char *mandatory[] = { "city", NULL };
  g_autoptr(JsonObject) changes = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;

  put (fixture, "Issue", "{\"name\":\"ISS-0001\",\"subject\":\"Slow\",\"status\":\"Open\"}");
  ops_fake_frappe_refuse_value (fixture->fake, "Issue", "status", "Closed",
                                "Cannot close <b>ISS-0001</b>: a job is still &quot;open&quot;."
                                "<br>Finish the job first.");

  /* The server's sentence, readable: no HTML, no JSON, entities decoded. */
  changes = object_from_json ("{\"status\":\"Closed\"}");
  result = ops_erpnext_client_update (fixture->client, "Issue", "ISS-0001", changes, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==,
                   "Cannot close ISS-0001: a job is still \"open\".\nFinish the job first.");
  g_clear_error (&error);

  /* A mandatory field. */
  ops_fake_frappe_set_mandatory (fixture->fake, "Address", mandatory);
  doc = object_from_json ("{\"address_title\":\"Jane\",\"address_type\":\"Billing\"}");
  result = ops_erpnext_client_insert (fixture->client, "Address", doc, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Error: Value missing for Address: city");
}

/*
 * Methods
 */

static void
test_methods (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonNode) filters = node_from_json ("{\"customer_group\":\"Commercial\",\"disabled\":0}");
  g_autoptr(JsonObject) args = NULL;
  g_autoptr(JsonNode) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  g_autofree char *request = NULL;
  gint64 count;

  put_customers (fixture);

  count = ops_erpnext_client_get_count (fixture->client, "Customer", filters, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 3);
  request = last_request (fixture);
  g_assert_cmpstr (request, ==, "GET /api/method/frappe.client.get_count?doctype=Customer"
                                "&filters=%7B%22customer_group%22%3A%22Commercial%22%2C%22disabled%22%3A0%7D");

  count = ops_erpnext_client_get_count (fixture->client, "Customer", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, 5);

  user = ops_erpnext_client_get_logged_user (fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  g_assert_cmpstr (user, !=, "");

  /* GET with arguments: strings as they are, the rest as JSON. */
  args = object_from_json ("{\"doctype\":\"Customer\",\"fields\":[\"name\"],\"limit_page_length\":2,"
                           "\"order_by\":\"name desc\",\"parent\":null}");
  message = ops_erpnext_client_call_method (fixture->client, "frappe.client.get_list", args, FALSE,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (message));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (message)), ==, 2);
  g_clear_pointer (&request, g_free);
  request = last_request (fixture);
  g_assert_cmpstr (request, ==, "GET /api/method/frappe.client.get_list?doctype=Customer"
                                "&fields=%5B%22name%22%5D&limit_page_length=2&order_by=name%20desc");
  g_clear_pointer (&message, json_node_unref);

  /* POST with a JSON body. */
  message = ops_erpnext_client_call_method (fixture->client, "frappe.client.get_count", args, TRUE,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_node_get_int (message), ==, 5);
  g_clear_pointer (&message, json_node_unref);

  /* A method that returns None answers {}: a null node. */
  g_clear_pointer (&args, json_object_unref);
  args = object_from_json ("{\"doctype\":\"Customer\",\"name\":\"CUST-0005\"}");
  message = ops_erpnext_client_call_method (fixture->client, "frappe.client.delete", args, TRUE,
                                            NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_true (JSON_NODE_HOLDS_NULL (message));
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Customer"), ==, 4);
  g_clear_pointer (&message, json_node_unref);

  /* A method that does not exist. */
  message = ops_erpnext_client_call_method (fixture->client, "frappe.nope", NULL, FALSE,
                                            NULL, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_NOT_FOUND);
}

/*
 * Failures and retries
 */

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OpsErpnextClient) client = new_client (fixture, "not-the-secret");
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  user = ops_erpnext_client_get_logged_user (client, NULL, &error);
  g_assert_null (user);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "ERPNext refused the API key and secret. Check your API key "
                                       "and secret in Preferences → Connections.");
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 1);
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start;

  put_customers (fixture);
  ops_fake_frappe_clear_requests (fixture->fake);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_429, "/api/resource", 1, 1);

  /* The back-off is 10 ms, but the server asked for a second. */
  start = g_get_monotonic_time ();
  rows = ops_erpnext_client_list (fixture->client, "Customer", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 950 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 2);
}

static void
test_retry_statuses (Fixture       *fixture,
                     gconstpointer  data)
{
  const OpsRetryPolicy three = { 3, 10, 50 };
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;

  put_customers (fixture);

  /* 503 (maintenance) twice, then the answer. */
  ops_fake_frappe_clear_requests (fixture->fake);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_503, NULL, 2, 0);
  doc = ops_erpnext_client_get (fixture->client, "Customer", "CUST-0002", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 3);
  g_clear_pointer (&doc, json_object_unref);

  /* The per-endpoint limiter answers 417; it is retried like a 429. */
  ops_fake_frappe_clear_requests (fixture->fake);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_417_RATE_LIMIT, NULL, 1, 0);
  doc = ops_erpnext_client_get (fixture->client, "Customer", "CUST-0002", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 2);
  g_clear_pointer (&doc, json_object_unref);

  /* Dropped connections are retried too (libsoup itself re-sends once on
   * a kept-alive connection; the later drops are ours to retry). */
  ops_fake_frappe_clear_requests (fixture->fake);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_DROP, NULL, 3, 0);
  doc = ops_erpnext_client_get (fixture->client, "Customer", "CUST-0002", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 4);
  g_clear_pointer (&doc, json_object_unref);

  /* When the retries run out, the last answer is the error. */
  ops_erpnext_client_set_retry (fixture->client, &three);
  ops_fake_frappe_clear_requests (fixture->fake);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_417_RATE_LIMIT, NULL, 3, 0);
  doc = ops_erpnext_client_get (fixture->client, "Customer", "CUST-0002", NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_RATE_LIMITED);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 3);
  g_clear_error (&error);

  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_503, NULL, 3, 0);
  doc = ops_erpnext_client_get (fixture->client, "Customer", "CUST-0002", NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_SERVER);
  g_assert_true (g_str_has_prefix (error->message, "ERPNext is in maintenance or unavailable (HTTP 503). "
                                                   "Try again later."));
  g_clear_error (&error);

  /* 500 is not retried. */
  ops_fake_frappe_clear_requests (fixture->fake);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_500, NULL, 1, 0);
  doc = ops_erpnext_client_get (fixture->client, "Customer", "CUST-0002", NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_SERVER);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 1);
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_MALFORMED, NULL, 1, 0);
  rows = ops_erpnext_client_list (fixture->client, "Customer", NULL, NULL, &error);
  g_assert_null (rows);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message, "The server answered with something that is not JSON ("));
}

static void
test_timeout (Fixture       *fixture,
              gconstpointer  data)
{
  const OpsRetryPolicy once = { 1, 10, 50 };
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  gint64 start;

  ops_erpnext_client_set_timeout (fixture->client, 1);
  ops_erpnext_client_set_retry (fixture->client, &once);
  ops_fake_frappe_set_delay (fixture->fake, 2500);

  start = g_get_monotonic_time ();
  user = ops_erpnext_client_get_logged_user (fixture->client, NULL, &error);
  g_assert_null (user);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TIMEOUT);
  g_assert_true (g_str_has_prefix (error->message, "127.0.0.1 did not answer within 1 s."));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2400 * G_TIME_SPAN_MILLISECOND);
  ops_fake_frappe_set_delay (fixture->fake, 0);
}

static void
test_down (Fixture       *fixture,
           gconstpointer  data)
{
  const OpsRetryPolicy twice = { 2, 10, 50 };
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  ops_erpnext_client_set_retry (fixture->client, &twice);
  ops_fake_frappe_set_down (fixture->fake, TRUE);
  user = ops_erpnext_client_get_logged_user (fixture->client, NULL, &error);
  g_assert_null (user);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach 127.0.0.1: "));
  g_clear_error (&error);

  ops_fake_frappe_set_down (fixture->fake, FALSE);
  user = ops_erpnext_client_get_logged_user (fixture->client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
}

static void
test_no_secret_logged (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(OpsErpnextClient) client = NULL;
  g_autoptr(OpsErpnextClient) wrong = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;
  guint http_lines = 0;

  g_mutex_lock (&log_lock);
  g_ptr_array_set_size (log_lines, 0);
  g_mutex_unlock (&log_lock);

  /* The session logs only if debugging was asked for when it was made. */
  client = new_client (fixture, API_SECRET);
  wrong = new_client (fixture, "s3cr3t-w0rd-9");
  put_customers (fixture);

  user = ops_erpnext_client_get_logged_user (client, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&user, g_free);
  user = ops_erpnext_client_get_logged_user (wrong, NULL, &error);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  doc = object_from_json ("{\"customer_name\":\"New\",\"password\":\"hunter2\",\"card\":\"4242 4242 4242 4242\"}");
  result = ops_erpnext_client_insert (client, "Customer", doc, NULL, &error);
  g_clear_error (&error);
  g_clear_pointer (&result, json_object_unref);
  result = ops_erpnext_client_get (client, "Customer", "CUST-NOPE", NULL, &error);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_NOT_FOUND);

  g_mutex_lock (&log_lock);
  for (guint i = 0; i < log_lines->len; i++)
    {
      const char *line = g_ptr_array_index (log_lines, i);

      g_assert_null (strstr (line, API_SECRET));
      g_assert_null (strstr (line, "s3cr3t-w0rd-9"));
      g_assert_null (strstr (line, "token " API_KEY ":"));
      g_assert_null (strstr (line, "hunter2"));
      g_assert_null (strstr (line, "4242 4242"));
      if (g_str_has_prefix (line, "ops-http: "))
        http_lines++;
    }
  g_mutex_unlock (&log_lock);

  /* ...while the log did show the traffic, the redacted header included. */
  g_assert_cmpuint (http_lines, >, 20);
  {
    gboolean seen_authorization = FALSE;

    g_mutex_lock (&log_lock);
    for (guint i = 0; i < log_lines->len; i++)
      if (strstr (g_ptr_array_index (log_lines, i), "Authorization: [redacted]") != NULL)
        seen_authorization = TRUE;
    g_mutex_unlock (&log_lock);
    g_assert_true (seen_authorization);
  }
}

/*
 * Error decoding, without a server
 */

static GError *
error_for (guint       status,
           const char *body)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

  return ops_erpnext_error_from_response (status, bytes);
}

/* A v1 error body: _server_messages is a JSON string holding an array of
 * JSON strings, each an object with "message" (or, with plain, the message
 * itself as a JSON string, as older versions wrote it). */
static GError *
error_with_messages (guint        status,
                     const char  *exc_type,
                     gboolean     plain,
                     const char  *first,
                     ...)
{
  g_autoptr(JsonArray) encoded = json_array_new ();
  g_autoptr(JsonObject) root = json_object_new ();
  g_autoptr(JsonNode) array_node = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonNode) root_node = json_node_new (JSON_NODE_OBJECT);
  g_autofree char *messages = NULL;
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, first);
  for (const char *text = first; text != NULL; text = va_arg (args, const char *))
    {
      g_autoptr(JsonNode) inner = NULL;

      if (plain)
        {
          inner = json_node_new (JSON_NODE_VALUE);
          json_node_set_string (inner, text);
        }
      else
        {
          JsonObject *object = json_object_new ();

          json_object_set_string_member (object, "message", text);
          json_object_set_string_member (object, "title", "Message");
          json_object_set_string_member (object, "indicator", "red");
          json_object_set_int_member (object, "raise_exception", 1);
          inner = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (inner, object);
        }
      {
        g_autofree char *json = json_to_string (inner, FALSE);

        json_array_add_string_element (encoded, json);
      }
    }
  va_end (args);

  json_node_set_array (array_node, encoded);
  messages = json_to_string (array_node, FALSE);
  if (exc_type != NULL)
    json_object_set_string_member (root, "exc_type", exc_type);
  json_object_set_string_member (root, "_server_messages", messages);
  json_node_set_object (root_node, root);
  body = json_to_string (root_node, FALSE);

  return error_for (status, body);
}

static void
test_error_from_response (void)
{
  GError *error;

  /* Several messages, each a JSON string inside the outer JSON string. */
  error = error_with_messages (417, "MandatoryError", FALSE,
                               "Error: Value missing for Address: City/Town",
                               "<p>Row&nbsp;#2: &lt;Qty&gt; &amp;   rate &#39;must&#39; be &#8805; 0</p>"
                               "<p>Fix&#x21;</p>",
                               NULL);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==,
                   "Error: Value missing for Address: City/Town\nRow #2: <Qty> & rate 'must' be ≥ 0\nFix!");
  g_clear_error (&error);

  /* Older Frappe: plain strings in the list. */
  error = error_with_messages (417, NULL, TRUE, "Not <i>allowed</i>", NULL);
  g_assert_cmpstr (error->message, ==, "Not allowed");
  g_clear_error (&error);

  /* No messages: the exception line without its class. */
  error = error_for (417, "{\"exc_type\":\"ValidationError\",\"exception\":\"frappe.exceptions.ValidationError: Posting date is <b>required</b>\"}");
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_VALIDATION);
  g_assert_cmpstr (error->message, ==, "Posting date is required");
  g_clear_error (&error);

  /* Nothing but the status. */
  error = error_for (417, "{\"exc_type\":\"ValidationError\"}");
  g_assert_cmpstr (error->message, ==, "ERPNext refused the values. Check them and try again.");
  g_clear_error (&error);

  error = error_for (417, "{\"exc_type\":\"RateLimitExceededError\"}");
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_RATE_LIMITED);
  g_clear_error (&error);

  error = error_for (429, "");
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_RATE_LIMITED);
  g_assert_nonnull (strstr (error->message, "try again"));
  g_clear_error (&error);

  error = error_with_messages (401, "AuthenticationError", FALSE, "Invalid token", NULL);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "ERPNext refused the API key and secret. Check your API key "
                                       "and secret in Preferences → Connections.");
  g_clear_error (&error);

  error = error_with_messages (403, "PermissionError", FALSE,
                               "Insufficient Permission for <b>Deleted Document</b>", NULL);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, ==, "The ERPNext API user is not allowed to do this. Ask an ERPNext "
                                       "administrator for the missing role.\n"
                                       "Insufficient Permission for Deleted Document");
  g_clear_error (&error);

  error = error_for (403, "{\"exc_type\":\"PermissionError\"}");
  g_assert_cmpstr (error->message, ==, "The ERPNext API user is not allowed to do this. Ask an ERPNext "
                                       "administrator for the missing role.");
  g_clear_error (&error);

  error = error_for (409, "{\"exc_type\":\"DuplicateEntryError\"}");
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_CONFLICT);
  g_clear_error (&error);

  error = error_for (404, "{\"exc_type\":\"DoesNotExistError\"}");
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  error = error_for (400, "{\"exc_type\":\"CSRFTokenError\"}");
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "HTTP 400"));
  g_clear_error (&error);

  /* A proxy's HTML page: the status, never the HTML. */
  error = error_for (502, "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>");
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_SERVER);
  g_assert_cmpstr (error->message, ==, "ERPNext is failing (HTTP 502). Try again later; if it keeps "
                                       "failing, tell an ERPNext administrator.");
  g_clear_error (&error);

  error = error_for (503, "<html>maintenance</html>");
  g_assert_cmpstr (error->message, ==, "ERPNext is in maintenance or unavailable (HTTP 503). Try again later.");
  g_clear_error (&error);

  error = error_for (500, "{\"exc_type\":\"TypeError\",\"exception\":\"TypeError: unsupported operand\"}");
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_SERVER);
  g_assert_true (g_str_has_suffix (error->message, "\nunsupported operand"));
  g_clear_error (&error);

  /* Garbage in _server_messages falls back to the status. */
  error = error_for (417, "{\"_server_messages\":\"not json\"}");
  g_assert_cmpstr (error->message, ==, "ERPNext refused the values. Check them and try again.");
  g_clear_error (&error);

  error = ops_erpnext_error_from_response (404, NULL);
  g_assert_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_NOT_FOUND);
  g_clear_error (&error);
}

static void
test_new (void)
{
  g_autoptr(OpsErpnextClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = ops_erpnext_client_new ("https://erp.example.com//", "k", "s", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ops_erpnext_client_get_base_url (client), ==, "https://erp.example.com");
  g_clear_object (&client);

  client = ops_erpnext_client_new ("https://erp.example.com", "k", "s", "/nonexistent/ca.pem", &error);
  g_assert_null (client);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_CA_FILE);
}

int
main (int   argc,
      char *argv[])
{
  /* Debug output of every domain is on before any client exists, and all
   * of it is kept to be searched for secrets. */
  log_lines = g_ptr_array_new_with_free_func (g_free);
  g_log_set_writer_func (capture_writer, NULL, NULL);
  g_setenv ("G_MESSAGES_DEBUG", "all", TRUE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add ("/erpnext-client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/erpnext-client/new", test_new);
  g_test_add_func ("/erpnext-client/error-from-response", test_error_from_response);
  ADD ("list", test_list);
  ADD ("list-all", test_list_all);
  ADD ("get", test_get);
  ADD ("async", test_async);
  ADD ("write", test_write);
  ADD ("conflict", test_conflict);
  ADD ("validation", test_validation);
  ADD ("methods", test_methods);
  ADD ("unauthorized", test_unauthorized);
  ADD ("retry-after", test_retry_after);
  ADD ("retry-statuses", test_retry_statuses);
  ADD ("malformed", test_malformed);
  ADD ("timeout", test_timeout);
  ADD ("down", test_down);
  ADD ("no-secret-logged", test_no_secret_logged);

#undef ADD

  return g_test_run ();
}
