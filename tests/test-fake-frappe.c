/* test-fake-frappe.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fake Frappe server against a plain SoupSession: the v1 wire format of
 * apis.md §1 (routes, auth, list arguments, error bodies) and the faults the
 * client tests rely on.
 */

#define G_LOG_DOMAIN "test-fake-frappe"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ops-fake-frappe.h"

#define KEY    "3f9a1c2b7d8e4f0"
#define SECRET "8c1d2e3f4a5b6c7"
#define TOKEN  "token " KEY ":" SECRET

typedef struct
{
  OpsFakeFrappe *fake;
  SoupSession   *session;
} Fixture;

typedef struct
{
  guint               status;
  char               *body;
  JsonNode           *json;
  SoupMessageHeaders *headers;
  GError             *error;
} Response;

static void
response_free (Response *response)
{
  g_free (response->body);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_error (&response->error);
  g_free (response);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Response, response_free)

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->fake = ops_fake_frappe_new (KEY, SECRET);
  g_assert_nonnull (fixture->fake);
  fixture->session = soup_session_new_with_options ("timeout", 20, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->fake, ops_fake_frappe_free);
}

static Response *
request_full (Fixture    *fixture,
              const char *method,
              const char *path,
              const char *body,
              const char *authorization)
{
  g_autofree char *url = g_strconcat (ops_fake_frappe_get_url (fixture->fake), path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  Response *response = g_new0 (Response, 1);

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Accept", "application/json");
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  if (body != NULL)
    {
      g_autoptr(GBytes) request_body = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", request_body);
    }

  bytes = soup_session_send_and_read (fixture->session, msg, NULL, &response->error);
  response->status = soup_message_get_status (msg);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (bytes != NULL)
    {
      response->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      response->json = json_from_string (response->body, NULL);
    }
  return response;
}

static Response *
request (Fixture    *fixture,
         const char *method,
         const char *path,
         const char *body)
{
  return request_full (fixture, method, path, body, TOKEN);
}

static JsonObject *
response_object (Response *response)
{
  g_assert_no_error (response->error);
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));
  return json_node_get_object (response->json);
}

static JsonArray *
response_rows (Response *response)
{
  JsonObject *object = response_object (response);

  g_assert_cmpuint (response->status, ==, 200);
  g_assert_true (json_object_has_member (object, "data") || json_object_has_member (object, "message"));
  return json_object_get_array_member (object, json_object_has_member (object, "data") ? "data" : "message");
}

/* The names of the rows (or another column), joined with ",". */
static char *
column_of (Response   *response,
           const char *column)
{
  JsonArray *rows = response_rows (response);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) values = NULL;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      JsonNode *node = json_object_get_member (row, column);

      g_assert_nonnull (node);
      if (JSON_NODE_HOLDS_NULL (node))
        g_strv_builder_add (builder, "null");
      else if (json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
      else
        {
          g_autofree char *text = json_to_string (node, FALSE);

          g_strv_builder_add (builder, text);
        }
    }
  values = g_strv_builder_end (builder);
  return g_strjoinv (",", values);
}

static char *
names_of (Response *response)
{
  return column_of (response, "name");
}

/* The messages of _server_messages, decoded twice, joined with "|". */
static char *
server_messages (Response *response)
{
  JsonObject *object = response_object (response);
  g_autoptr(JsonNode) list = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  JsonArray *array;

  if (!json_object_has_member (object, "_server_messages"))
    return NULL;

  list = json_from_string (json_object_get_string_member (object, "_server_messages"), NULL);
  g_assert_nonnull (list);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (list));
  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autoptr(JsonNode) inner = json_from_string (json_array_get_string_element (array, i), NULL);
      JsonObject *message;

      g_assert_nonnull (inner);
      message = json_node_get_object (inner);
      g_assert_cmpstr (json_object_get_string_member (message, "title"), ==, "Message");
      g_assert_cmpstr (json_object_get_string_member (message, "indicator"), ==, "red");
      g_assert_cmpint (json_object_get_int_member (message, "raise_exception"), ==, 1);
      g_assert_cmpuint (strlen (json_object_get_string_member (message, "__frappe_exc_id")), ==, 10);
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, json_object_get_string_member (message, "message"));
    }
  return g_strdup (out->str);
}

static void
assert_error (Response   *response,
              guint       status,
              const char *exc_type)
{
  JsonObject *object = response_object (response);

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (json_object_get_string_member (object, "exc_type"), ==, exc_type);
  g_assert_false (json_object_has_member (object, "message"));
  g_assert_false (json_object_has_member (object, "data"));
}

static void
put (Fixture    *fixture,
     const char *doctype,
     const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  ops_fake_frappe_put_doc (fixture->fake, doctype, json_node_get_object (node));
}

/* GET /api/resource/<doctype> with JSON arguments escaped as a client does. */
static Response *
list (Fixture    *fixture,
      const char *doctype,
      const char *fields,
      const char *filters,
      const char *extra)
{
  g_autofree char *escaped_doctype = g_uri_escape_string (doctype, NULL, FALSE);
  g_autoptr(GString) path = g_string_new ("/api/resource/");

  g_string_append (path, escaped_doctype);
  g_string_append_c (path, '?');
  if (fields != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (fields, NULL, FALSE);

      g_string_append_printf (path, "fields=%s&", escaped);
    }
  if (filters != NULL)
    {
      g_autofree char *escaped = g_uri_escape_string (filters, NULL, FALSE);

      g_string_append_printf (path, "filters=%s&", escaped);
    }
  if (extra != NULL)
    g_string_append (path, extra);
  return request (fixture, "GET", path->str, NULL);
}

static char *
list_names (Fixture    *fixture,
            const char *doctype,
            const char *filters,
            const char *extra)
{
  g_autoptr(Response) response = list (fixture, doctype, NULL, filters, extra);

  return names_of (response);
}

static void
put_customers (Fixture *fixture)
{
  put (fixture, "Customer", "{\"name\":\"C1\",\"customer_name\":\"Martin Aerial\",\"territory\":\"West\","
                            "\"outstanding\":5,\"mobile_no\":\"+353871234567\"}");
  put (fixture, "Customer", "{\"name\":\"C2\",\"customer_name\":\"Ryan Farms\",\"territory\":\"East\","
                            "\"outstanding\":20,\"mobile_no\":null}");
  put (fixture, "Customer", "{\"name\":\"C3\",\"customer_name\":\"Zeta Quarry\",\"territory\":\"West\","
                            "\"outstanding\":100}");
  put (fixture, "Customer", "{\"name\":\"C4\",\"customer_name\":\"O'Brien_Bar 50%\",\"territory\":\"North\","
                            "\"outstanding\":20.5,\"mobile_no\":\"\"}");
}

/*
 * Tests
 */

static void
test_auth (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *basic = NULL;
  g_autofree char *basic_header = NULL;
  Response *response;

  response = request_full (fixture, "GET", "/api/resource/Customer", NULL, NULL);
  assert_error (response, 401, "AuthenticationError");
  g_assert_true (json_object_has_member (response_object (response), "_server_messages"));
  response_free (response);

  response = request_full (fixture, "GET", "/api/resource/Customer", NULL, "token " KEY ":wrong");
  assert_error (response, 401, "AuthenticationError");
  response_free (response);

  response = request_full (fixture, "GET", "/api/resource/Customer", NULL, "Bearer " KEY ":" SECRET);
  assert_error (response, 401, "AuthenticationError");
  response_free (response);

  response = request_full (fixture, "GET", "/api/resource/Customer", NULL, "TOKEN " KEY ":" SECRET);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);

  basic = g_base64_encode ((const guchar *) KEY ":" SECRET, strlen (KEY ":" SECRET));
  basic_header = g_strdup_printf ("Basic %s", basic);
  response = request_full (fixture, "GET", "/api/method/frappe.auth.get_logged_user", NULL, basic_header);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (response_object (response), "message"), ==,
                   "ops-api@gigafibre.test");
  response_free (response);
}

static void
test_list_defaults (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(Response) v1 = NULL;
  JsonArray *rows;

  for (guint i = 1; i <= 30; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"C%02u\",\"customer_name\":\"Customer %u\"}", i, i);

      put (fixture, "Customer", json);
    }

  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  rows = response_rows (response);
  g_assert_cmpuint (json_array_get_length (rows), ==, 20);
  for (guint i = 0; i < 20; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      g_assert_cmpuint (json_object_get_size (row), ==, 1);
      g_assert_true (json_object_has_member (row, "name"));
    }
  /* modified desc: the last document written comes first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "name"), ==, "C30");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 19), "name"), ==, "C11");

  v1 = request (fixture, "GET", "/api/v1/resource/Customer", NULL);
  g_assert_cmpuint (json_array_get_length (response_rows (v1)), ==, 20);
}

static void
test_list_fields_filters (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(Response) response = NULL;
  g_autoptr(Response) star = NULL;
  JsonObject *row;
  char *names;

  put_customers (fixture);

  response = list (fixture, "Customer", "[\"name\",\"customer_name\",\"territory\"]",
                   "[[\"territory\",\"=\",\"West\"]]", "order_by=name%20asc");
  g_assert_cmpuint (json_array_get_length (response_rows (response)), ==, 2);
  row = json_array_get_object_element (response_rows (response), 0);
  g_assert_cmpuint (json_object_get_size (row), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (row, "customer_name"), ==, "Martin Aerial");
  g_assert_cmpstr (json_object_get_string_member (row, "territory"), ==, "West");

  names = list_names (fixture, "Customer", "[[\"Customer\",\"territory\",\"=\",\"West\"]]", "order_by=name%20asc");
  g_assert_cmpstr (names, ==, "C1,C3");
  g_free (names);
  names = list_names (fixture, "Customer", "{\"territory\":\"West\"}", "order_by=name%20asc");
  g_assert_cmpstr (names, ==, "C1,C3");
  g_free (names);
  /* Numbers compare as numbers, even given as strings: 100 > 10 > 5. */
  names = list_names (fixture, "Customer", "{\"outstanding\":[\">\",10]}", "order_by=name%20asc");
  g_assert_cmpstr (names, ==, "C2,C3,C4");
  g_free (names);
  names = list_names (fixture, "Customer", "[[\"outstanding\",\"<=\",\"20\"]]", "order_by=outstanding%20desc");
  g_assert_cmpstr (names, ==, "C2,C1");
  g_free (names);
  names = list_names (fixture, "Customer", "{\"territory\":\"West\",\"outstanding\":[\">=\",100]}", NULL);
  g_assert_cmpstr (names, ==, "C3");
  g_free (names);
  /* order_by with a table prefix, and on a second key. */
  names = list_names (fixture, "Customer", NULL, "order_by=%60tabCustomer%60.territory%20asc,%20name%20desc");
  g_assert_cmpstr (names, ==, "C2,C4,C3,C1");
  g_free (names);

  /* "*" is every top-level field. */
  star = list (fixture, "Customer", "[\"*\"]", "[[\"name\",\"=\",\"C1\"]]", NULL);
  row = json_array_get_object_element (response_rows (star), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "mobile_no"), ==, "+353871234567");
  g_assert_true (json_object_has_member (row, "modified"));
  g_assert_cmpint (json_object_get_int_member (row, "docstatus"), ==, 0);
}

static void
test_operators (Fixture       *fixture,
                gconstpointer  data)
{
  static const struct { const char *filters; const char *names; } cases[] = {
    { "[[\"customer_name\",\"like\",\"%RI%\"]]", "C1,C4" },
    { "[[\"customer_name\",\"like\",\"ZETA%\"]]", "C3" },
    { "[[\"customer_name\",\"like\",\"_yan%\"]]", "C2" },
    { "[[\"customer_name\",\"like\",\"%50\\\\%\"]]", "C4" },
    { "[[\"customer_name\",\"not like\",\"%ri%\"]]", "C2,C3" },
    { "[[\"territory\",\"in\",[\"East\",\"North\"]]]", "C2,C4" },
    { "[[\"territory\",\"in\",\"East, North\"]]", "C2,C4" },
    { "[[\"territory\",\"not in\",[\"East\",\"North\"]]]", "C1,C3" },
    { "[[\"outstanding\",\"between\",[5,20]]]", "C1,C2" },
    { "[[\"name\",\"between\",[\"C2\",\"C3\"]]]", "C2,C3" },
    { "[[\"mobile_no\",\"is\",\"set\"]]", "C1" },
    { "[[\"mobile_no\",\"is\",\"not set\"]]", "C2,C3,C4" },
    { "[[\"mobile_no\",\"!=\",\"+353871234567\"]]", "C2,C3,C4" },
    { "[[\"mobile_no\",\"=\",\"\"]]", "C2,C3,C4" },
    { "[[\"outstanding\",\"!=\",20]]", "C1,C3,C4" },
    { "[[\"outstanding\",\"<\",20.5]]", "C1,C2" },
    { "{\"territory\":[\"in\",[\"West\"]],\"customer_name\":[\"like\",\"%quarry\"]}", "C3" },
  };

  put_customers (fixture);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *names = list_names (fixture, "Customer", cases[i].filters, "order_by=name%20asc");

      g_test_message ("filters %s", cases[i].filters);
      g_assert_cmpstr (names, ==, cases[i].names);
    }

  {
    g_autoptr(Response) response = list (fixture, "Customer", NULL, "[[\"name\",\"timespan\",\"x\"]]", NULL);

    assert_error (response, 417, "ValidationError");
  }
}

static void
test_or_filters (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *escaped = g_uri_escape_string ("[[\"territory\",\"=\",\"East\"],[\"customer_name\",\"like\",\"Z%\"]]",
                                                  NULL, FALSE);
  g_autofree char *extra = g_strdup_printf ("or_filters=%s&order_by=name%%20asc", escaped);
  g_autofree char *escaped_dict = g_uri_escape_string ("{\"territory\":\"North\",\"outstanding\":5}", NULL, FALSE);
  g_autofree char *extra_dict = g_strdup_printf ("or_filters=%s&order_by=name%%20asc", escaped_dict);
  char *names;

  put_customers (fixture);

  names = list_names (fixture, "Customer", NULL, extra);
  g_assert_cmpstr (names, ==, "C2,C3");
  g_free (names);
  /* AND-ed with filters. */
  names = list_names (fixture, "Customer", "[[\"outstanding\",\">\",50]]", extra);
  g_assert_cmpstr (names, ==, "C3");
  g_free (names);
  names = list_names (fixture, "Customer", NULL, extra_dict);
  g_assert_cmpstr (names, ==, "C1,C4");
  g_free (names);
}

static void
test_paging (Fixture       *fixture,
             gconstpointer  data)
{
  static const struct { const char *extra; guint count; const char *first; } cases[] = {
    { "order_by=name%20asc&limit_start=10&limit_page_length=5", 5, "N10" },
    { "order_by=name%20asc&limit_start=48&limit_page_length=5", 2, "N48" },
    { "order_by=name%20asc&limit_page_length=0", 50, "N00" },
    { "order_by=name%20asc&limit=7", 7, "N00" },
    { "order_by=name%20asc&limit=0", 50, "N00" },
    { "order_by=name%20asc&limit=7&limit_page_length=3", 3, "N00" },
    { "order_by=name%20desc&limit_start=45&limit_page_length=0", 5, "N04" },
    { "order_by=name%20asc&limit_start=60", 0, NULL },
  };

  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"N%02u\"}", i);

      put (fixture, "Item", json);
    }

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(Response) response = list (fixture, "Item", NULL, NULL, cases[i].extra);
      JsonArray *rows = response_rows (response);

      g_test_message ("%s", cases[i].extra);
      g_assert_cmpuint (json_array_get_length (rows), ==, cases[i].count);
      if (cases[i].first != NULL)
        g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "name"),
                         ==, cases[i].first);
    }
}

static void
test_nulls (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(Response) rows = NULL;
  g_autoptr(Response) doc = NULL;
  JsonObject *row;
  JsonObject *object;

  put_customers (fixture);

  rows = list (fixture, "Customer", "[\"name\",\"mobile_no\",\"fax\"]", "[[\"name\",\"=\",\"C2\"]]", NULL);
  row = json_array_get_object_element (response_rows (rows), 0);
  g_assert_true (json_object_has_member (row, "mobile_no"));
  g_assert_true (json_object_get_null_member (row, "mobile_no"));
  g_assert_true (json_object_has_member (row, "fax"));
  g_assert_true (json_object_get_null_member (row, "fax"));
  g_assert_nonnull (strstr (rows->body, "\"mobile_no\":null"));

  doc = request (fixture, "GET", "/api/resource/Customer/C2", NULL);
  g_assert_cmpuint (doc->status, ==, 200);
  object = json_object_get_object_member (response_object (doc), "data");
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "C2");
  g_assert_cmpstr (json_object_get_string_member (object, "doctype"), ==, "Customer");
  g_assert_false (json_object_has_member (object, "mobile_no"));
  g_assert_false (json_object_has_member (object, "fax"));
  g_assert_cmpint (json_object_get_int_member (object, "outstanding"), ==, 20);
}

static void
test_child_join (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(Response) joined = NULL;
  g_autoptr(Response) left = NULL;
  g_autoptr(Response) doc = NULL;
  g_autofree char *customers = NULL;
  g_autofree char *names = NULL;
  g_autofree char *left_names = NULL;
  g_autofree char *left_links = NULL;
  g_autofree char *count_names = NULL;
  JsonObject *object;
  JsonObject *link;

  ops_fake_frappe_set_child_doctype (fixture->fake, "Contact", "links", "Dynamic Link");
  put (fixture, "Contact", "{\"name\":\"A\",\"links\":[{\"link_doctype\":\"Customer\",\"link_name\":\"C1\"}]}");
  put (fixture, "Contact", "{\"name\":\"B\",\"links\":[{\"link_doctype\":\"Customer\",\"link_name\":\"C2\"},"
                           "{\"link_doctype\":\"Supplier\",\"link_name\":\"S1\"}]}");
  put (fixture, "Contact", "{\"name\":\"D\",\"links\":[]}");

  joined = list (fixture, "Contact", "[\"name\",\"`tabDynamic Link`.link_name as customer\"]",
                 "[[\"Dynamic Link\",\"link_doctype\",\"=\",\"Customer\"]]", "order_by=name%20asc");
  names = names_of (joined);
  customers = column_of (joined, "customer");
  g_assert_cmpstr (names, ==, "A,B");
  g_assert_cmpstr (customers, ==, "C1,C2");
  g_assert_cmpuint (json_object_get_size (json_array_get_object_element (response_rows (joined), 0)), ==, 2);

  /* Without a child filter: one row per link, nulls for a contact without. */
  left = list (fixture, "Contact", "[\"name\",\"`tabDynamic Link`.link_name\"]", NULL,
               "order_by=name%20asc&limit_page_length=0");
  left_names = names_of (left);
  left_links = column_of (left, "link_name");
  g_assert_cmpstr (left_names, ==, "A,B,B,D");
  g_assert_cmpstr (left_links, ==, "C1,C2,S1,null");

  /* A child filter alone keeps one row per contact. */
  count_names = list_names (fixture, "Contact", "[[\"Dynamic Link\",\"link_name\",\"in\",[\"S1\",\"C2\"]]]", NULL);
  g_assert_cmpstr (count_names, ==, "B");

  doc = request (fixture, "GET", "/api/resource/Contact/B", NULL);
  object = json_object_get_object_member (response_object (doc), "data");
  link = json_array_get_object_element (json_object_get_array_member (object, "links"), 1);
  g_assert_cmpstr (json_object_get_string_member (link, "doctype"), ==, "Dynamic Link");
  g_assert_cmpstr (json_object_get_string_member (link, "parent"), ==, "B");
  g_assert_cmpstr (json_object_get_string_member (link, "parentfield"), ==, "links");
  g_assert_cmpstr (json_object_get_string_member (link, "parenttype"), ==, "Contact");
  g_assert_cmpint (json_object_get_int_member (link, "idx"), ==, 2);
  g_assert_true (json_object_has_member (link, "name"));
}

static JsonObject *
inserted (Response *response)
{
  g_assert_cmpuint (response->status, ==, 200);
  return json_object_get_object_member (response_object (response), "data");
}

static void
test_insert_naming (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(Response) hashed = NULL;
  g_autoptr(Response) prompted = NULL;
  g_autoptr(Response) unnamed = NULL;
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autoptr(Response) address = NULL;
  g_autofree char *message = NULL;
  JsonObject *object;
  JsonObject *link;
  const char *name;

  hashed = request (fixture, "POST", "/api/resource/Customer",
                    "{\"doctype\":\"Customer\",\"name\":\"ignored\",\"customer_name\":\"Jane\"}");
  object = inserted (hashed);
  name = json_object_get_string_member (object, "name");
  g_assert_cmpuint (strlen (name), ==, 10);
  for (const char *p = name; *p != '\0'; p++)
    g_assert_true (g_ascii_isxdigit (*p));
  g_assert_cmpstr (json_object_get_string_member (object, "customer_name"), ==, "Jane");
  g_assert_cmpstr (json_object_get_string_member (object, "owner"), ==, "ops-api@gigafibre.test");
  g_assert_cmpstr (json_object_get_string_member (object, "modified_by"), ==, "ops-api@gigafibre.test");
  g_assert_cmpstr (json_object_get_string_member (object, "creation"), ==,
                   json_object_get_string_member (object, "modified"));
  g_assert_cmpint (json_object_get_int_member (object, "docstatus"), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (object, "doctype"), ==, "Customer");
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Customer"), ==, 1);

  ops_fake_frappe_set_naming (fixture->fake, "Item", "prompt");
  prompted = request (fixture, "POST", "/api/resource/Item", "{\"name\":\"ITEM-1\",\"docstatus\":1}");
  object = inserted (prompted);
  g_assert_cmpstr (json_object_get_string_member (object, "name"), ==, "ITEM-1");
  g_assert_cmpint (json_object_get_int_member (object, "docstatus"), ==, 1);
  unnamed = request (fixture, "POST", "/api/resource/Item", "{\"item_name\":\"ONT\"}");
  assert_error (unnamed, 417, "MandatoryError");
  message = server_messages (unnamed);
  g_assert_cmpstr (message, ==, "Error: Value missing for Item: name");

  ops_fake_frappe_set_naming (fixture->fake, "Issue", "series:ISS-2026-");
  first = request (fixture, "POST", "/api/resource/Issue", "{\"subject\":\"No signal\"}");
  second = request (fixture, "POST", "/api/resource/Issue", "{\"subject\":\"Slow\"}");
  g_assert_cmpstr (json_object_get_string_member (inserted (first), "name"), ==, "ISS-2026-00001");
  g_assert_cmpstr (json_object_get_string_member (inserted (second), "name"), ==, "ISS-2026-00002");
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Issue"), ==, 2);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Item"), ==, 1);

  ops_fake_frappe_set_child_doctype (fixture->fake, "Address", "links", "Dynamic Link");
  address = request (fixture, "POST", "/api/resource/Address",
                     "{\"address_title\":\"Jane\",\"links\":[{\"link_doctype\":\"Customer\",\"link_name\":\"C1\"}]}");
  object = inserted (address);
  link = json_array_get_object_element (json_object_get_array_member (object, "links"), 0);
  g_assert_cmpstr (json_object_get_string_member (link, "parent"), ==, json_object_get_string_member (object, "name"));
  g_assert_cmpstr (json_object_get_string_member (link, "parentfield"), ==, "links");
  g_assert_cmpstr (json_object_get_string_member (link, "parenttype"), ==, "Address");
  g_assert_cmpstr (json_object_get_string_member (link, "doctype"), ==, "Dynamic Link");
  g_assert_cmpint (json_object_get_int_member (link, "idx"), ==, 1);
  g_assert_cmpuint (strlen (json_object_get_string_member (link, "name")), ==, 10);
}

static void
test_duplicate (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(Response) first = NULL;
  g_autoptr(Response) second = NULL;
  g_autofree char *message = NULL;

  ops_fake_frappe_set_naming (fixture->fake, "Item", "prompt");
  first = request (fixture, "POST", "/api/resource/Item", "{\"name\":\"ITEM-1\"}");
  g_assert_cmpuint (first->status, ==, 200);
  second = request (fixture, "POST", "/api/resource/Item", "{\"name\":\"ITEM-1\"}");
  assert_error (second, 409, "DuplicateEntryError");
  message = server_messages (second);
  g_assert_cmpstr (message, ==, "Item ITEM-1 already exists");
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Item"), ==, 1);
}

static void
test_mandatory (Fixture       *fixture,
                gconstpointer  data)
{
  static const char * const fields[] = { "city", "country", NULL };
  g_autoptr(Response) one = NULL;
  g_autoptr(Response) both = NULL;
  g_autoptr(Response) ok = NULL;
  g_autofree char *one_message = NULL;
  g_autofree char *both_messages = NULL;

  ops_fake_frappe_set_mandatory (fixture->fake, "Address", fields);
  one = request (fixture, "POST", "/api/resource/Address", "{\"country\":\"Ireland\",\"city\":\"\"}");
  assert_error (one, 417, "MandatoryError");
  /* _server_messages is a JSON string, not an array. */
  g_assert_true (JSON_NODE_HOLDS_VALUE (json_object_get_member (response_object (one), "_server_messages")));
  g_assert_nonnull (strstr (one->body, "\"_server_messages\":\"[\\\"{\\\\\\\"message\\\\\\\":"));
  one_message = server_messages (one);
  g_assert_cmpstr (one_message, ==, "Error: Value missing for Address: city");

  both = request (fixture, "POST", "/api/resource/Address", "{\"address_title\":\"X\"}");
  both_messages = server_messages (both);
  g_assert_cmpstr (both_messages, ==, "Error: Value missing for Address: city|Error: Value missing for Address: country");

  ok = request (fixture, "POST", "/api/resource/Address", "{\"city\":\"Galway\",\"country\":\"Ireland\"}");
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Address"), ==, 1);
}

static void
test_refuse_value (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(Response) post = NULL;
  g_autoptr(Response) put_refused = NULL;
  g_autoptr(Response) put_ok = NULL;
  g_autofree char *message = NULL;
  g_autofree char *put_message = NULL;

  ops_fake_frappe_refuse_value (fixture->fake, "Issue", "status", "Closed",
                                "Cannot close the issue while its tasks are open.");
  put (fixture, "Issue", "{\"name\":\"ISS-1\",\"status\":\"Open\"}");

  post = request (fixture, "POST", "/api/resource/Issue", "{\"status\":\"Closed\"}");
  assert_error (post, 417, "ValidationError");
  message = server_messages (post);
  g_assert_cmpstr (message, ==, "Cannot close the issue while its tasks are open.");

  put_refused = request (fixture, "PUT", "/api/resource/Issue/ISS-1", "{\"status\":\"Closed\"}");
  assert_error (put_refused, 417, "ValidationError");
  put_message = server_messages (put_refused);
  g_assert_cmpstr (put_message, ==, "Cannot close the issue while its tasks are open.");

  put_ok = request (fixture, "PUT", "/api/resource/Issue/ISS-1", "{\"status\":\"Replied\"}");
  g_assert_cmpuint (put_ok->status, ==, 200);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Issue"), ==, 1);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Issue"), ==, 1);
}

static void
test_update (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonObject) before = NULL;
  g_autoptr(JsonObject) after = NULL;
  g_autoptr(Response) updated = NULL;
  g_autoptr(Response) stale = NULL;
  g_autoptr(Response) missing = NULL;
  g_autofree char *body = NULL;
  g_autofree char *stale_body = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *message = NULL;
  g_autofree char *missing_message = NULL;
  JsonObject *object;
  JsonArray *links;

  ops_fake_frappe_set_child_doctype (fixture->fake, "Contact", "links", "Dynamic Link");
  put (fixture, "Contact", "{\"name\":\"A\",\"first_name\":\"Ann\",\"phone\":\"1\","
                           "\"links\":[{\"link_doctype\":\"Customer\",\"link_name\":\"C1\"},"
                           "{\"link_doctype\":\"Customer\",\"link_name\":\"C2\"}]}");
  before = ops_fake_frappe_dup_doc (fixture->fake, "Contact", "A");

  body = g_strdup_printf ("{\"modified\":\"%s\",\"phone\":\"2\",\"flags\":{\"x\":1},"
                          "\"links\":[{\"link_doctype\":\"Customer\",\"link_name\":\"C9\"}]}",
                          json_object_get_string_member (before, "modified"));
  updated = request (fixture, "PUT", "/api/resource/Contact/A", body);
  g_assert_cmpuint (updated->status, ==, 200);
  object = json_object_get_object_member (response_object (updated), "data");
  g_assert_cmpstr (json_object_get_string_member (object, "first_name"), ==, "Ann");
  g_assert_cmpstr (json_object_get_string_member (object, "phone"), ==, "2");
  g_assert_false (json_object_has_member (object, "flags"));
  links = json_object_get_array_member (object, "links");
  g_assert_cmpuint (json_array_get_length (links), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (links, 0), "link_name"), ==, "C9");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (links, 0), "parent"), ==, "A");

  after = ops_fake_frappe_dup_doc (fixture->fake, "Contact", "A");
  g_assert_cmpstr (json_object_get_string_member (after, "modified"), >,
                   json_object_get_string_member (before, "modified"));
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Contact"), ==, 1);

  /* The old timestamp is now stale. */
  stale_body = g_strdup_printf ("{\"modified\":\"%s\",\"phone\":\"3\"}",
                                json_object_get_string_member (before, "modified"));
  stale = request (fixture, "PUT", "/api/resource/Contact/A", stale_body);
  assert_error (stale, 417, "TimestampMismatchError");
  message = server_messages (stale);
  expected = g_strdup_printf ("Error: Document has been modified after you have opened it (%s , %s). "
                              "Please refresh to get the latest document.",
                              json_object_get_string_member (after, "modified"),
                              json_object_get_string_member (before, "modified"));
  g_assert_cmpstr (message, ==, expected);

  missing = request (fixture, "PUT", "/api/resource/Contact/Nobody", "{\"phone\":\"3\"}");
  assert_error (missing, 404, "DoesNotExistError");
  missing_message = server_messages (missing);
  g_assert_cmpstr (missing_message, ==, "Contact Nobody not found");
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Contact"), ==, 1);
}

static void
test_delete (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Response) deleted = NULL;
  g_autoptr(Response) gone = NULL;
  g_autoptr(Response) records = NULL;
  g_autoptr(Response) slash = NULL;
  g_autoptr(Response) escaped_slash = NULL;
  g_autoptr(Response) slash_deleted = NULL;
  g_autoptr(JsonNode) data_node = NULL;
  g_autofree char *message = NULL;
  JsonObject *row;

  put_customers (fixture);
  deleted = request (fixture, "DELETE", "/api/resource/Customer/C1", NULL);
  g_assert_cmpuint (deleted->status, ==, 202);
  g_assert_cmpstr (deleted->body, ==, "{\"data\":\"ok\"}");
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Customer"), ==, 1);

  gone = request (fixture, "GET", "/api/resource/Customer/C1", NULL);
  assert_error (gone, 404, "DoesNotExistError");
  message = server_messages (gone);
  g_assert_cmpstr (message, ==, "Customer C1 not found");

  records = list (fixture, "Deleted Document", "[\"name\",\"deleted_name\",\"deleted_doctype\",\"data\",\"creation\"]",
                  "[[\"deleted_doctype\",\"=\",\"Customer\"]]", NULL);
  g_assert_cmpuint (json_array_get_length (response_rows (records)), ==, 1);
  row = json_array_get_object_element (response_rows (records), 0);
  g_assert_cmpstr (json_object_get_string_member (row, "deleted_name"), ==, "C1");
  g_assert_cmpuint (strlen (json_object_get_string_member (row, "creation")), ==, strlen ("2026-01-01 00:00:00.000000"));
  data_node = json_from_string (json_object_get_string_member (row, "data"), NULL);
  g_assert_nonnull (data_node);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (data_node), "customer_name"), ==, "Martin Aerial");

  /* Names may hold "/", escaped or not. */
  put (fixture, "Sales Invoice", "{\"name\":\"ACC/2026/1\"}");
  slash = request (fixture, "GET", "/api/resource/Sales%20Invoice/ACC/2026/1", NULL);
  g_assert_cmpstr (json_object_get_string_member (inserted (slash), "name"), ==, "ACC/2026/1");
  escaped_slash = request (fixture, "GET", "/api/resource/Sales%20Invoice/ACC%2F2026%2F1", NULL);
  g_assert_cmpuint (escaped_slash->status, ==, 200);
  slash_deleted = request (fixture, "DELETE", "/api/resource/Sales%20Invoice/ACC%2F2026%2F1", NULL);
  g_assert_cmpuint (slash_deleted->status, ==, 202);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Sales Invoice"), ==, 0);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Deleted Document"), ==, 2);

  g_assert_true (ops_fake_frappe_delete_doc (fixture->fake, "Customer", "C2"));
  g_assert_false (ops_fake_frappe_delete_doc (fixture->fake, "Customer", "C2"));
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Deleted Document"), ==, 3);
}

static void
test_forbid (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Response) records = NULL;
  g_autoptr(Response) deleted = NULL;
  g_autoptr(Response) doc = NULL;
  g_autoptr(Response) count = NULL;

  put_customers (fixture);
  ops_fake_frappe_forbid_doctype (fixture->fake, "Deleted Document");

  records = request (fixture, "GET", "/api/resource/Deleted%20Document", NULL);
  assert_error (records, 403, "PermissionError");
  g_assert_false (json_object_has_member (response_object (records), "_server_messages"));

  deleted = request (fixture, "DELETE", "/api/resource/Customer/C1", NULL);
  g_assert_cmpuint (deleted->status, ==, 202);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Deleted Document"), ==, 0);

  ops_fake_frappe_forbid_doctype (fixture->fake, "Customer");
  doc = request (fixture, "GET", "/api/resource/Customer/C2", NULL);
  assert_error (doc, 403, "PermissionError");
  count = request (fixture, "GET", "/api/method/frappe.client.get_count?doctype=Customer", NULL);
  assert_error (count, 403, "PermissionError");
}

static void
test_faults (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *rate_message = NULL;
  g_autofree char *stopped_message = NULL;
  Response *response;

  put_customers (fixture);

  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_429, NULL, 1, 7);
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  assert_error (response, 429, "TooManyRequestsError");
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "Retry-After"), ==, "7");
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "X-RateLimit-Limit"));
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "X-RateLimit-Remaining"), ==, "0");
  g_assert_nonnull (soup_message_headers_get_one (response->headers, "X-RateLimit-Reset"));
  response_free (response);
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);

  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_503, NULL, 2, 0);
  for (guint i = 0; i < 2; i++)
    {
      response = request (fixture, "GET", "/api/resource/Customer", NULL);
      assert_error (response, 503, "SessionStopped");
      if (i == 0)
        stopped_message = server_messages (response);
      response_free (response);
    }
  g_assert_nonnull (stopped_message);
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);

  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_MALFORMED, NULL, 1, 0);
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_nonnull (response->body);
  g_assert_null (response->json);
  response_free (response);

  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_417_RATE_LIMIT, NULL, 1, 0);
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  assert_error (response, 417, "RateLimitExceededError");
  rate_message = server_messages (response);
  g_assert_nonnull (strstr (rate_message, "rate limit"));
  response_free (response);

  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_500, NULL, 1, 0);
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  assert_error (response, 500, "TypeError");
  response_free (response);

  /* A path prefix picks which requests fail, in either spelling. */
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_500, "/api/resource/Sales Invoice", 1, 0);
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);
  response = request (fixture, "GET", "/api/resource/Sales%20Invoice", NULL);
  assert_error (response, 500, "TypeError");
  response_free (response);

  /* NONE clears what is pending. */
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_503, NULL, 5, 0);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_NONE, NULL, 0, 0);
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  Response *response;

  ops_fake_frappe_set_naming (fixture->fake, "Item", "prompt");

  /* DROP: nothing is applied and the client gets a broken connection. */
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_DROP, "/api/resource/Item", 1, 0);
  response = request (fixture, "POST", "/api/resource/Item", "{\"name\":\"I1\"}");
  g_assert_error (response->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_null (response->body);
  response_free (response);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Item"), ==, 0);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Item"), ==, 0);

  /* On a reused connection too: libsoup must not resend the GET on its own. */
  response = request (fixture, "GET", "/api/resource/Item", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);
  ops_fake_frappe_clear_requests (fixture->fake);
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_DROP, NULL, 1, 0);
  response = request (fixture, "GET", "/api/resource/Item", NULL);
  g_assert_error (response->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  response_free (response);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 1);

  /* DROP_AFTER_WRITE waits for a write, applies it, then hangs up. */
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_DROP_AFTER_WRITE, NULL, 1, 0);
  response = request (fixture, "GET", "/api/resource/Item", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);
  response = request (fixture, "POST", "/api/resource/Item", "{\"name\":\"I1\"}");
  g_assert_error (response->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  g_assert_null (response->body);
  response_free (response);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Item"), ==, 1);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Item"), ==, 1);

  /* The client's retry then meets the write already applied. */
  response = request (fixture, "POST", "/api/resource/Item", "{\"name\":\"I1\"}");
  assert_error (response, 409, "DuplicateEntryError");
  response_free (response);

  /* A PUT on a reused connection is applied once and fails for the client. */
  ops_fake_frappe_inject_fault (fixture->fake, OPS_FAKE_FAULT_DROP_AFTER_WRITE, "/api/resource/Item/", 1, 0);
  response = request (fixture, "PUT", "/api/resource/Item/I1", "{\"item_name\":\"ONT\"}");
  g_assert_error (response->error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
  response_free (response);
  g_assert_cmpuint (ops_fake_frappe_get_write_count (fixture->fake, "Item"), ==, 2);
  {
    g_autoptr(JsonObject) item = ops_fake_frappe_dup_doc (fixture->fake, "Item", "I1");

    g_assert_cmpstr (json_object_get_string_member (item, "item_name"), ==, "ONT");
  }
}

static void
test_down_up (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *url = g_strdup (ops_fake_frappe_get_url (fixture->fake));
  Response *response;

  response = request (fixture, "GET", "/api/method/frappe.auth.get_logged_user", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);

  ops_fake_frappe_set_down (fixture->fake, TRUE);
  response = request (fixture, "GET", "/api/method/frappe.auth.get_logged_user", NULL);
  g_assert_error (response->error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  response_free (response);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 1);

  ops_fake_frappe_set_down (fixture->fake, FALSE);
  g_assert_cmpstr (ops_fake_frappe_get_url (fixture->fake), ==, url);
  response = request (fixture, "GET", "/api/method/frappe.auth.get_logged_user", NULL);
  g_assert_no_error (response->error);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);
}

static void
test_methods (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *filters = g_uri_escape_string ("{\"territory\":\"West\"}", NULL, FALSE);
  g_autofree char *count_path = g_strdup_printf ("/api/method/frappe.client.get_count?doctype=Customer&filters=%s", filters);
  g_autofree char *fields = g_uri_escape_string ("[\"name\",\"territory\"]", NULL, FALSE);
  g_autofree char *list_path = g_strdup_printf ("/api/method/frappe.client.get_list?doctype=Customer&fields=%s"
                                                "&filters=%s&order_by=name%%20asc", fields, filters);
  g_autofree char *listed = NULL;
  g_autofree char *posted_names = NULL;
  Response *response;
  JsonObject *object;

  put_customers (fixture);

  response = request (fixture, "GET", count_path, NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (response_object (response), "message"), ==, 2);
  response_free (response);

  response = request (fixture, "POST", "/api/method/frappe.client.get_count",
                      "{\"doctype\":\"Customer\",\"filters\":[[\"outstanding\",\">=\",20]]}");
  g_assert_cmpint (json_object_get_int_member (response_object (response), "message"), ==, 3);
  response_free (response);

  /* Filters as a JSON string inside the JSON body, as some clients send. */
  response = request (fixture, "POST", "/api/method/frappe.client.get_count",
                      "{\"doctype\":\"Customer\",\"filters\":\"{\\\"territory\\\":\\\"North\\\"}\"}");
  g_assert_cmpint (json_object_get_int_member (response_object (response), "message"), ==, 1);
  response_free (response);

  response = request (fixture, "GET", "/api/method/frappe.client.get_count?doctype=Nothing", NULL);
  g_assert_cmpint (json_object_get_int_member (response_object (response), "message"), ==, 0);
  response_free (response);

  response = request (fixture, "GET", list_path, NULL);
  listed = names_of (response);
  g_assert_cmpstr (listed, ==, "C1,C3");
  g_assert_true (json_object_has_member (response_object (response), "message"));
  g_assert_cmpuint (json_object_get_size (json_array_get_object_element (response_rows (response), 0)), ==, 2);
  response_free (response);

  response = request (fixture, "POST", "/api/method/frappe.client.get_list",
                      "{\"doctype\":\"Customer\",\"filters\":{\"territory\":\"West\"},\"order_by\":\"name desc\","
                      "\"limit_page_length\":1}");
  posted_names = names_of (response);
  g_assert_cmpstr (posted_names, ==, "C3");
  response_free (response);

  response = request (fixture, "GET", "/api/method/frappe.client.get?doctype=Customer&name=C1", NULL);
  object = json_object_get_object_member (response_object (response), "message");
  g_assert_cmpstr (json_object_get_string_member (object, "customer_name"), ==, "Martin Aerial");
  response_free (response);

  /* A method that returns None answers {}. */
  response = request (fixture, "POST", "/api/method/frappe.client.delete", "{\"doctype\":\"Customer\",\"name\":\"C1\"}");
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (response->body, ==, "{}");
  g_assert_false (json_object_has_member (response_object (response), "message"));
  response_free (response);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Customer"), ==, 3);

  response = request (fixture, "GET", "/api/method/frappe.client.nothing_here", NULL);
  assert_error (response, 404, "DoesNotExistError");
  response_free (response);
  response = request (fixture, "GET", "/api/nowhere", NULL);
  assert_error (response, 404, "DoesNotExistError");
  response_free (response);
  response = request (fixture, "PATCH", "/api/resource/Customer", "{}");
  assert_error (response, 404, "DoesNotExistError");
  response_free (response);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Keyset paging over (modified, name) with many equal timestamps, checked
 * against the order the documents were written in. */
static void
test_keyset_paging (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *last_modified = g_strdup ("2000-01-01 00:00:00.000000");
  g_autofree char *last_name = g_strdup ("");
  g_autoptr(Response) newest = NULL;
  const guint n_docs = 3000;
  const guint page = 250;

  for (guint i = 0; i < n_docs; i++)
    {
      /* Groups of 7 documents share one timestamp; names are not in order. */
      g_autofree char *modified = g_strdup_printf ("2026-03-01 10:00:%02u.%06u", (i / 7) / 100, (i / 7) % 100);
      g_autofree char *json = g_strdup_printf ("{\"name\":\"SE-%05u\",\"modified\":\"%s\",\"serial\":%u}",
                                               (i * 7919) % 100000, modified, i);

      put (fixture, "Service Equipment", json);
    }

  for (;;)
    {
      g_autofree char *same = g_strdup_printf ("[[\"modified\",\"=\",\"%s\"],[\"name\",\">\",\"%s\"]]",
                                               last_modified, last_name);
      g_autofree char *later = g_strdup_printf ("[[\"modified\",\">\",\"%s\"]]", last_modified);
      g_autofree char *extra = g_strdup_printf ("order_by=modified%%20asc,%%20name%%20asc&limit_page_length=%u", page);
      g_autoptr(Response) first = list (fixture, "Service Equipment", "[\"name\",\"modified\"]", same, extra);
      g_autoptr(Response) second = list (fixture, "Service Equipment", "[\"name\",\"modified\"]", later, extra);
      JsonArray *rows = response_rows (first);
      JsonObject *last;

      if (json_array_get_length (rows) == 0)
        rows = response_rows (second);
      if (json_array_get_length (rows) == 0)
        break;

      for (guint i = 0; i < json_array_get_length (rows); i++)
        g_ptr_array_add (seen, g_strdup (json_object_get_string_member (json_array_get_object_element (rows, i), "name")));
      last = json_array_get_object_element (rows, json_array_get_length (rows) - 1);
      g_free (last_modified);
      g_free (last_name);
      last_modified = g_strdup (json_object_get_string_member (last, "modified"));
      last_name = g_strdup (json_object_get_string_member (last, "name"));
    }

  /* The expected order: by timestamp group, then by name inside a group. */
  for (guint group = 0; group * 7 < n_docs; group++)
    {
      g_autoptr(GPtrArray) names = g_ptr_array_new ();

      for (guint i = group * 7; i < MIN (n_docs, group * 7 + 7); i++)
        g_ptr_array_add (names, g_strdup_printf ("SE-%05u", (i * 7919) % 100000));
      g_ptr_array_sort (names, compare_strings);
      for (guint i = 0; i < names->len; i++)
        g_ptr_array_add (expected, names->pdata[i]);
    }

  g_assert_cmpuint (seen->len, ==, n_docs);
  for (guint i = 0; i < n_docs; i++)
    g_assert_cmpstr (seen->pdata[i], ==, expected->pdata[i]);

  /* The default order walks the same index backwards. */
  newest = list (fixture, "Service Equipment", "[\"name\"]", "[[\"modified\",\"<\",\"2026-03-01 10:00:01.000000\"]]",
                 "limit_page_length=3");
  {
    g_autofree char *names = names_of (newest);
    g_autofree char *expected_names = g_strdup_printf ("%s,%s,%s", (char *) expected->pdata[699],
                                                       (char *) expected->pdata[698], (char *) expected->pdata[697]);

    g_assert_cmpstr (names, ==, expected_names);
  }
}

static void
test_store_api (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(GRegex) format = g_regex_new ("^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{6}$", 0, 0, NULL);
  g_autofree char *first = ops_fake_frappe_now (fixture->fake);
  g_autofree char *second = NULL;
  g_auto(GStrv) requests = NULL;
  Response *response;
  gint64 start;

  g_assert_true (g_regex_match (format, first, 0, NULL));
  put (fixture, "Customer", "{\"name\":\"C1\",\"doctype\":\"Customer\",\"customer_name\":\"A\"}");
  second = ops_fake_frappe_now (fixture->fake);
  g_assert_cmpstr (first, <, second);

  copy = ops_fake_frappe_dup_doc (fixture->fake, "Customer", "C1");
  g_assert_nonnull (copy);
  g_assert_false (json_object_has_member (copy, "doctype"));
  g_assert_cmpstr (json_object_get_string_member (copy, "modified"), >, first);
  g_assert_cmpstr (json_object_get_string_member (copy, "modified"), <, second);
  json_object_set_string_member (copy, "customer_name", "changed");
  again = ops_fake_frappe_dup_doc (fixture->fake, "Customer", "C1");
  g_assert_cmpstr (json_object_get_string_member (again, "customer_name"), ==, "A");
  g_assert_null (ops_fake_frappe_dup_doc (fixture->fake, "Customer", "C2"));
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Customer"), ==, 1);
  g_assert_cmpuint (ops_fake_frappe_count_docs (fixture->fake, "Nothing"), ==, 0);

  /* The request log keeps the query as it came. */
  ops_fake_frappe_clear_requests (fixture->fake);
  response = request (fixture, "GET", "/api/resource/Customer?fields=%5B%22name%22%5D", NULL);
  response_free (response);
  response = request (fixture, "GET", "/api/resource/Customer/C1", NULL);
  response_free (response);
  requests = ops_fake_frappe_dup_requests (fixture->fake);
  g_assert_cmpuint (g_strv_length (requests), ==, 2);
  g_assert_cmpstr (requests[0], ==, "GET /api/resource/Customer?fields=%5B%22name%22%5D");
  g_assert_cmpstr (requests[1], ==, "GET /api/resource/Customer/C1");
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fixture->fake), ==, 2);

  /* Each segment escaped as a client escapes it. */
  put (fixture, "Sales Invoice", "{\"name\":\"50%off/B C\"}");
  ops_fake_frappe_clear_requests (fixture->fake);
  response = request (fixture, "GET", "/api/resource/Sales%20Invoice/50%25off%2FB%20C?x=%20y", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  response_free (response);
  g_strfreev (requests);
  requests = ops_fake_frappe_dup_requests (fixture->fake);
  g_assert_cmpstr (requests[0], ==, "GET /api/resource/Sales%20Invoice/50%25off%2FB%20C?x=%20y");

  /* A stored timestamp from the future moves the clock past it. */
  put (fixture, "Customer", "{\"name\":\"C9\",\"modified\":\"2099-01-01 00:00:00\"}");
  {
    g_autoptr(JsonObject) future = ops_fake_frappe_dup_doc (fixture->fake, "Customer", "C9");
    g_autoptr(Response) inserted_later = request (fixture, "POST", "/api/resource/Customer", "{}");
    JsonObject *later = inserted (inserted_later);

    g_assert_cmpstr (json_object_get_string_member (future, "creation"), ==, "2099-01-01 00:00:00");
    g_assert_cmpstr (json_object_get_string_member (later, "modified"), >, "2099-01-01 00:00:00");
    g_assert_true (g_str_has_prefix (json_object_get_string_member (later, "modified"), "2099-01-01 00:00:00."));
  }

  /* A delay holds the answer back. */
  ops_fake_frappe_set_delay (fixture->fake, 300);
  start = g_get_monotonic_time ();
  response = request (fixture, "GET", "/api/resource/Customer", NULL);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  response_free (response);
  ops_fake_frappe_set_delay (fixture->fake, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/fake-frappe/auth", test_auth);
  ADD ("/fake-frappe/list-defaults", test_list_defaults);
  ADD ("/fake-frappe/list-fields-filters", test_list_fields_filters);
  ADD ("/fake-frappe/operators", test_operators);
  ADD ("/fake-frappe/or-filters", test_or_filters);
  ADD ("/fake-frappe/paging", test_paging);
  ADD ("/fake-frappe/nulls", test_nulls);
  ADD ("/fake-frappe/child-join", test_child_join);
  ADD ("/fake-frappe/insert-naming", test_insert_naming);
  ADD ("/fake-frappe/duplicate", test_duplicate);
  ADD ("/fake-frappe/mandatory", test_mandatory);
  ADD ("/fake-frappe/refuse-value", test_refuse_value);
  ADD ("/fake-frappe/update", test_update);
  ADD ("/fake-frappe/delete", test_delete);
  ADD ("/fake-frappe/forbid", test_forbid);
  ADD ("/fake-frappe/faults", test_faults);
  ADD ("/fake-frappe/drop", test_drop);
  ADD ("/fake-frappe/down-up", test_down_up);
  ADD ("/fake-frappe/methods", test_methods);
  ADD ("/fake-frappe/keyset-paging", test_keyset_paging);
  ADD ("/fake-frappe/store-api", test_store_api);

#undef ADD

  return g_test_run ();
}
