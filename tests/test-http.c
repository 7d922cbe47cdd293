/* test-http.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-http"

#include "config.h"

#include <string.h>

#include "ops-http.h"

/* A SoupServer on 127.0.0.1 running in its own thread, so blocking sends
 * can run on the test's thread. */
typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  GTlsCertificate *certificate;
  char         *url;
  GMutex        lock;
  GCond         cond;
  gboolean      ready;
  guint         hits;        /* atomic: requests seen by the counting handlers */
} TestServer;

static const OpsRetryPolicy fast_policy = { 5, 10, 100 };

/*
 * The server
 */

static void
respond (SoupServerMessage *msg,
         guint              status,
         const char        *content_type,
         const char        *body)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, content_type, SOUP_MEMORY_COPY, body, strlen (body));
}

static void
handle_request (SoupServer        *soup_server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TestServer *server = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  if (g_str_equal (path, "/json"))
    {
      respond (msg, 200, "application/json", "{\"data\":{\"name\":\"CUST-1\"}}");
    }
  else if (g_str_equal (path, "/echo-agent"))
    {
      const char *agent = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                        "User-Agent");
      respond (msg, 200, "text/plain", agent ? agent : "");
    }
  else if (g_str_equal (path, "/html"))
    {
      respond (msg, 200, "text/html",
               "<html>\n<head><title>502 Bad Gateway</title></head>\n<body>token=abcdef123456 and "
               "a long tail of text that should never be shown whole in an error message</body></html>");
    }
  else if (g_str_equal (path, "/latin1"))
    {
      respond (msg, 200, "application/json", "{\"name\":\"Jos\xe9\"}");
    }
  else if (g_str_equal (path, "/big"))
    {
      g_autofree char *body = g_strnfill (2048, 'x');

      respond (msg, 200, "text/plain", body);
    }
  else if (g_str_equal (path, "/big-chunked"))
    {
      SoupMessageBody *body = soup_server_message_get_response_body (msg);
      g_autofree char *chunk = g_strnfill (512, 'y');

      soup_server_message_set_status (msg, 200, NULL);
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
      soup_message_headers_set_content_type (headers, "text/plain", NULL);
      for (guint i = 0; i < 8; i++)
        soup_message_body_append (body, SOUP_MEMORY_COPY, chunk, strlen (chunk));
      soup_message_body_complete (body);
    }
  else if (g_str_equal (path, "/flaky"))
    {
      /* 429 with Retry-After: 0 first, then the answer. */
      if (g_atomic_int_add (&server->hits, 1) == 0)
        {
          soup_message_headers_replace (headers, "Retry-After", "0");
          respond (msg, 429, "application/json", "{\"exc_type\":\"TooManyRequestsError\"}");
        }
      else
        {
          respond (msg, 200, "application/json", "{\"message\":\"ok\"}");
        }
    }
  else if (g_str_equal (path, "/always-503"))
    {
      g_atomic_int_inc (&server->hits);
      if (query != NULL && g_hash_table_contains (query, "wait"))
        soup_message_headers_replace (headers, "Retry-After", "10");
      respond (msg, 503, "text/html", "<html>maintenance</html>");
    }
  else if (g_str_equal (path, "/bad-request"))
    {
      g_atomic_int_inc (&server->hits);
      respond (msg, 400, "application/json", "{\"exc_type\":\"CSRFTokenError\"}");
    }
  else if (g_str_equal (path, "/hang"))
    {
      /* Never answers: the client's timeout has to fire. */
      soup_server_message_pause (msg);
    }
  else
    {
      respond (msg, 404, "text/plain", "not found");
    }
}

static gpointer
server_thread (gpointer user_data)
{
  TestServer *server = user_data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (server->context);

  server->server = soup_server_new ("tls-certificate", server->certificate, NULL);
  soup_server_add_handler (server->server, NULL, handle_request, server, NULL);
  soup_server_listen_local (server->server, 0,
                            SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (server->certificate ? SOUP_SERVER_LISTEN_HTTPS : 0),
                            &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (server->server);
  g_assert_nonnull (uris);

  g_mutex_lock (&server->lock);
  server->url = g_strdup_printf ("%s://127.0.0.1:%d", server->certificate ? "https" : "http",
                                 g_uri_get_port (uris->data));
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  g_main_loop_run (server->loop);

  soup_server_disconnect (server->server);
  g_clear_object (&server->server);
  g_main_context_pop_thread_default (server->context);

  return NULL;
}

static TestServer *
test_server_new (gboolean tls)
{
  TestServer *server = g_new0 (TestServer, 1);

  if (tls)
    {
      g_autofree char *pem = g_test_build_filename (G_TEST_DIST, "fixtures", "test-server.pem", NULL);
      g_autoptr(GError) error = NULL;

      server->certificate = g_tls_certificate_new_from_file (pem, &error);
      g_assert_no_error (error);
    }

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->context = g_main_context_new ();
  server->loop = g_main_loop_new (server->context, FALSE);
  server->thread = g_thread_new ("test-server", server_thread, server);

  g_mutex_lock (&server->lock);
  while (!server->ready)
    g_cond_wait (&server->cond, &server->lock);
  g_mutex_unlock (&server->lock);

  return server;
}

static void
test_server_free (TestServer *server)
{
  g_main_loop_quit (server->loop);
  g_thread_join (server->thread);
  g_main_loop_unref (server->loop);
  g_main_context_unref (server->context);
  g_clear_object (&server->certificate);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server->url);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestServer, test_server_free)

static OpsHttpRequest *
new_request (TestServer *server,
             const char *path)
{
  g_autofree char *uri = g_strconcat (server->url, path, NULL);
  OpsHttpRequest *request = ops_http_request_new ("GET", uri);

  ops_http_request_set_retry (request, &fast_policy);
  return request;
}

static guint
unused_port (void)
{
  g_autoptr(GSocketListener) listener = g_socket_listener_new ();
  g_autoptr(GError) error = NULL;
  guint16 port;

  port = g_socket_listener_add_any_inet_port (listener, NULL, &error);
  g_assert_no_error (error);
  g_socket_listener_close (listener);

  return port;
}

static gboolean
fail_timeout (gpointer user_data)
{
  g_error ("The test did not finish in time");
  return G_SOURCE_REMOVE;
}

/*
 * Pure functions
 */

static void
test_delay_math (void)
{
  OpsRetryPolicy policy;
  guint delay;

  ops_retry_policy_init_default (&policy);
  g_assert_cmpuint (policy.max_attempts, ==, 5);
  g_assert_cmpuint (policy.base_delay_ms, ==, 500);
  g_assert_cmpuint (policy.max_delay_ms, ==, 30000);

  /* Exponential: the bound doubles with each attempt; equal jitter keeps
   * the delay in [bound / 2, bound). */
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 1, -1, 0.0), ==, 250);
  delay = ops_retry_policy_delay_ms (&policy, 1, -1, 0.999);
  g_assert_cmpuint (delay, >=, 250);
  g_assert_cmpuint (delay, <, 500);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 2, -1, 0.0), ==, 500);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 3, -1, 0.0), ==, 1000);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 3, -1, 0.5), ==, 1500);
  delay = ops_retry_policy_delay_ms (&policy, 4, -1, 0.999);
  g_assert_cmpuint (delay, >=, 2000);
  g_assert_cmpuint (delay, <, 4000);

  /* Capped, even for absurd attempt numbers. */
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 7, -1, 0.0), ==, 15000);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 200, -1, 0.0), ==, 15000);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 200, -1, 0.999), <, 30000);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 200, -1, 0.999), >=, 29000);

  /* Every fraction in [0, 1) stays in range. */
  for (guint attempt = 1; attempt < 12; attempt++)
    for (double fraction = 0.0; fraction < 1.0; fraction += 0.05)
      {
        delay = ops_retry_policy_delay_ms (&policy, attempt, -1, fraction);
        g_assert_cmpuint (delay, <=, policy.max_delay_ms);
        g_assert_cmpuint (delay, >=, 250);
      }

  /* Retry-After wins over back-off, capped at max_delay_ms. */
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 1, 5000, 0.7), ==, 5000);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 4, 0, 0.7), ==, 0);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 1, 120000, 0.7), ==, 30000);
  g_assert_cmpuint (ops_retry_policy_delay_ms (&policy, 1, G_MAXINT64, 0.0), ==, 30000);

  /* Statuses worth another attempt. */
  g_assert_true (ops_http_status_is_retryable (429));
  g_assert_true (ops_http_status_is_retryable (502));
  g_assert_true (ops_http_status_is_retryable (503));
  g_assert_true (ops_http_status_is_retryable (504));
  g_assert_false (ops_http_status_is_retryable (500));
  g_assert_false (ops_http_status_is_retryable (417));
  g_assert_false (ops_http_status_is_retryable (200));
}

static void
test_retry_after (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2015, 10, 21, 7, 27, 0);

  g_assert_cmpint (ops_http_parse_retry_after ("120", now), ==, 120000);
  g_assert_cmpint (ops_http_parse_retry_after (" 3 ", now), ==, 3000);
  g_assert_cmpint (ops_http_parse_retry_after ("0", now), ==, 0);
  g_assert_cmpint (ops_http_parse_retry_after ("99999999999999", now), >, 1000000);

  /* HTTP-dates, relative to now; a date in the past means "now". */
  g_assert_cmpint (ops_http_parse_retry_after ("Wed, 21 Oct 2015 07:28:00 GMT", now), ==, 60000);
  g_assert_cmpint (ops_http_parse_retry_after ("Wednesday, 21-Oct-15 07:27:30 GMT", now), ==, 30000);
  g_assert_cmpint (ops_http_parse_retry_after ("Wed, 21 Oct 2015 07:00:00 GMT", now), ==, 0);

  /* Absent or unreadable. */
  g_assert_cmpint (ops_http_parse_retry_after (NULL, now), ==, -1);
  g_assert_cmpint (ops_http_parse_retry_after ("", now), ==, -1);
  g_assert_cmpint (ops_http_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (ops_http_parse_retry_after ("-5", now), ==, -1);
  g_assert_cmpint (ops_http_parse_retry_after ("1.5", now), ==, -1);
  g_assert_cmpint (ops_http_parse_retry_after ("Wed, 99 Foo 2015", now), ==, -1);
}

static void
assert_redacted_text (const char *text,
                      const char *expected)
{
  g_autofree char *redacted = ops_http_redact_text (text);

  g_assert_cmpstr (redacted, ==, expected);
}

static void
test_redact_headers (void)
{
  static const char * const secret[][2] = {
    { "Authorization", "token 3f9a1c2b7d8e4f0:8c1d2e3f4a5b6c7" },
    { "authorization", "Basic QUM6c2VjcmV0" },
    { "Proxy-Authorization", "Basic QUM6c2VjcmV0" },
    { "Cookie", "sid=abc; user_id=jane" },
    { "Set-Cookie", "sid=abc; Path=/" },
    { "X-Twilio-Signature", "RSOYDt4T1cUTdK1PDd93/VVr8B8=" },
    { "Stripe-Signature", "t=1,v1=abc" },
    { "X-Frappe-CSRF-Token", "abc" },
    { "X-Api-Key", "abc" },
    { "X-Client-Secret", "abc" },
    { "X-Password", "abc" },
    { "Idempotency-Key", "abc" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (secret); i++)
    {
      g_autofree char *value = ops_http_redact_header (secret[i][0], secret[i][1]);

      g_assert_cmpstr (value, ==, "[redacted]");
    }

  {
    g_autofree char *value = ops_http_redact_header ("Content-Type", "application/json");
    g_autofree char *location = ops_http_redact_header ("Location", "https://x.test/cb?token=abc&next=1");

    g_assert_cmpstr (value, ==, "application/json");
    g_assert_cmpstr (location, ==, "https://x.test/cb?token=[redacted]&next=1");
  }

  g_assert_null (ops_http_redact_header ("Cookie", NULL));
}

static void
test_redact_text (void)
{
  /* JSON keys, in any case, with any value type. */
  assert_redacted_text ("{\"usr\":\"jane\",\"password\":\"hunter2\"}",
                        "{\"usr\":\"jane\",\"password\":\"[redacted]\"}");
  assert_redacted_text ("{\"api_key\": \"k1\", \"api_secret\" : \"s\\\"1\", \"n\":1}",
                        "{\"api_key\":\"[redacted]\", \"api_secret\":\"[redacted]\", \"n\":1}");
  assert_redacted_text ("{\"cvc\":123,\"card_number\":null,\"AuthToken\":\"x\"}",
                        "{\"cvc\":\"[redacted]\",\"card_number\":\"[redacted]\",\"AuthToken\":\"[redacted]\"}");
  assert_redacted_text ("{\"signature\":\"abc\",\"name\":\"Jane\"}",
                        "{\"signature\":\"[redacted]\",\"name\":\"Jane\"}");

  /* A value cut short by a log's size limit is still hidden. */
  assert_redacted_text ("{\"n\":1,\"api_secret\":\"8c1d2e3f", "{\"n\":1,\"api_secret\":\"[redacted]\"");

  /* JSON inside a JSON string (Frappe's _server_messages, exc). */
  assert_redacted_text ("{\"x\":\"{\\\"token\\\":\\\"abc\\\",\\\"m\\\":1}\"}",
                        "{\"x\":\"{\\\"token\\\":\\\"[redacted]\\\",\\\"m\\\":1}\"}");

  /* Form bodies and query strings. */
  assert_redacted_text ("To=%2B1555&Body=Hi&password=p%40ss&ApiKey=zzz",
                        "To=%2B1555&Body=Hi&password=[redacted]&ApiKey=[redacted]");
  assert_redacted_text ("GET /api/method/x?client_secret=abc&limit=20 HTTP/1.1",
                        "GET /api/method/x?client_secret=[redacted]&limit=20 HTTP/1.1");

  /* Authorization values that slipped into text. */
  assert_redacted_text ("sent token abc123:def456 to the server",
                        "sent token [redacted] to the server");
  assert_redacted_text ("Bearer eyJhbGciOi.x.y", "Bearer [redacted]");

  /* Card numbers: 13 to 19 digits, grouped by spaces or dashes. */
  assert_redacted_text ("card 4242424242424242 ok", "card [redacted] ok");
  assert_redacted_text ("card 4242 4242 4242 4242, exp", "card [redacted], exp");
  assert_redacted_text ("card 4000-0566-5566-5556.", "card [redacted].");
  /* A bare JWT, as an Oktopus login answers it. */
  assert_redacted_text ("\"eyJhbGciOiJIUzI1NiJ9.eyJlbWFpbCI6ImEifQ.c2lnbmF0dXJl\"", "\"[redacted]\"");
  assert_redacted_text ("amex 378282246310005", "amex [redacted]");

  /* Not secrets: phone numbers, dates, document names, short numbers,
   * and runs too long to be a card. */
  assert_redacted_text ("+353871234567 on 2025-06-02 14:03:11.123456",
                        "+353871234567 on 2025-06-02 14:03:11.123456");
  assert_redacted_text ("ACC-SINV-2025-00042 costs 49.99",
                        "ACC-SINV-2025-00042 costs 49.99");
  assert_redacted_text ("id 12345678901234567890123 here", "id 12345678901234567890123 here");
  assert_redacted_text ("{\"author\":\"x\"}", "{\"author\":\"[redacted]\"}");
  assert_redacted_text ("plain text", "plain text");
  g_assert_null (ops_http_redact_text (NULL));
}

static void
test_parse_json (void)
{
  OpsHttpResponse response = { 200, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  response.body = g_bytes_new_static ("{\"a\":[1,2]}", 11);
  node = ops_http_response_parse_json (&response, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  /* Callers may change what they get. */
  json_object_set_int_member (json_node_get_object (node), "b", 3);
  g_bytes_unref (response.body);

  response.body = g_bytes_new_static ("", 0);
  g_assert_null (ops_http_response_parse_json (&response, &error));
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_MALFORMED);
  g_clear_error (&error);
  g_bytes_unref (response.body);

  response.body = g_bytes_new_static ("{\"a\":\"\xff\xfe\"}", 10);
  g_assert_null (ops_http_response_parse_json (&response, &error));
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_MALFORMED);
  g_clear_error (&error);
  g_bytes_unref (response.body);

  response.body = g_bytes_new_static ("{\"password\":\"hunter2\",", 22);
  g_assert_null (ops_http_response_parse_json (&response, &error));
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "not JSON"));
  g_assert_null (strstr (error->message, "hunter2"));
  g_clear_error (&error);
  g_bytes_unref (response.body);
}

/*
 * Against the local server
 */

static void
test_send_ok (void)
{
  g_autoptr(TestServer) server = test_server_new (FALSE);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;

  session = ops_http_session_new (NULL, 5, &error);
  g_assert_no_error (error);

  request = new_request (server, "/json");
  g_assert_cmpstr (ops_http_request_get_method (request), ==, "GET");
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpstr (soup_message_headers_get_content_type (response->headers, NULL), ==,
                   "application/json");
  node = ops_http_response_parse_json (response, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (node), "data"), "name"),
                   ==, "CUST-1");
  g_clear_pointer (&response, ops_http_response_free);
  g_clear_pointer (&request, ops_http_request_unref);

  request = new_request (server, "/echo-agent");
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (response->body, &size);
  g_assert_cmpmem (data, size, "gigafibre-ops/" PACKAGE_VERSION, strlen ("gigafibre-ops/" PACKAGE_VERSION));
  g_clear_pointer (&response, ops_http_response_free);
  g_clear_pointer (&request, ops_http_request_unref);

  /* An HTML page is not JSON: the error quotes its start, on one line. */
  request = new_request (server, "/html");
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&node, json_node_unref);
  node = ops_http_response_parse_json (response, &error);
  g_assert_null (node);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_MALFORMED);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The server answered with something that is not JSON (<html> <head>"));
  g_assert_null (strstr (error->message, "abcdef123456"));
  g_assert_null (strstr (error->message, "error message</body>"));
  g_assert_null (strchr (error->message, '\n'));
  g_clear_error (&error);
  g_clear_pointer (&response, ops_http_response_free);
  g_clear_pointer (&request, ops_http_request_unref);

  request = new_request (server, "/latin1");
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (ops_http_response_parse_json (response, &error));
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_MALFORMED);
}

static void
test_body_limit (void)
{
  g_autoptr(TestServer) server = test_server_new (FALSE);
  g_autoptr(SoupSession) session = ops_http_session_new (NULL, 5, NULL);
  const char *paths[] = { "/big", "/big-chunked" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(OpsHttpRequest) request = new_request (server, paths[i]);
      g_autoptr(OpsHttpResponse) response = NULL;
      g_autoptr(GError) error = NULL;

      ops_http_request_set_max_body (request, 1024);
      response = ops_http_send (session, request, NULL, &error);
      g_assert_null (response);
      g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TOO_LARGE);
      g_assert_nonnull (strstr (error->message, "127.0.0.1"));
      g_assert_nonnull (strstr (error->message, "larger than 1.0"));

      /* The same answer fits a larger limit. */
      g_clear_error (&error);
      ops_http_request_set_max_body (request, 4096);
      response = ops_http_send (session, request, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (g_bytes_get_size (response->body), ==, i == 0 ? 2048 : 4096);
    }
}

static void
test_retry_status (void)
{
  g_autoptr(TestServer) server = test_server_new (FALSE);
  g_autoptr(SoupSession) session = ops_http_session_new (NULL, 5, NULL);
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  OpsRetryPolicy three = { 3, 10, 50 };

  /* 429 then 200: the caller only sees the 200. */
  request = new_request (server, "/flaky");
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_assert_cmpuint (g_atomic_int_get (&server->hits), ==, 2);
  g_clear_pointer (&response, ops_http_response_free);
  g_clear_pointer (&request, ops_http_request_unref);

  /* Always 503: after the last attempt the 503 itself comes back. */
  g_atomic_int_set (&server->hits, 0);
  request = new_request (server, "/always-503");
  ops_http_request_set_retry (request, &three);
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 503);
  g_assert_cmpuint (g_atomic_int_get (&server->hits), ==, 3);
  g_clear_pointer (&response, ops_http_response_free);
  g_clear_pointer (&request, ops_http_request_unref);

  /* Other errors are answers, not retried. */
  g_atomic_int_set (&server->hits, 0);
  request = new_request (server, "/bad-request");
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 400);
  g_assert_cmpuint (g_atomic_int_get (&server->hits), ==, 1);
}

static gboolean
retry_bad_request (guint               status,
                   SoupMessageHeaders *headers,
                   GBytes             *body,
                   gpointer            user_data)
{
  return status == 400;
}

static void
test_retry_func (void)
{
  g_autoptr(TestServer) server = test_server_new (FALSE);
  g_autoptr(SoupSession) session = ops_http_session_new (NULL, 5, NULL);
  g_autoptr(OpsHttpRequest) request = new_request (server, "/bad-request");
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;
  OpsRetryPolicy two = { 2, 10, 50 };

  ops_http_request_set_retry (request, &two);
  ops_http_request_set_retry_func (request, retry_bad_request, NULL, NULL);
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 400);
  g_assert_cmpuint (g_atomic_int_get (&server->hits), ==, 2);
}

static void
on_send_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;
  OpsHttpResponse *response = ops_http_send_finish (result, error);

  g_assert_null (response);
}

static gboolean
cancel_now (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_backoff (void)
{
  g_autoptr(TestServer) server = test_server_new (FALSE);
  g_autoptr(SoupSession) session = ops_http_session_new (NULL, 5, NULL);
  g_autoptr(OpsHttpRequest) request = new_request (server, "/always-503?wait=1");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  OpsRetryPolicy patient = { 5, 10, 60000 };
  GError *result_error = NULL;
  gint64 start;
  guint guard;

  /* The server asks for 10 s; cancelling must not wait for them. */
  ops_http_request_set_retry (request, &patient);
  start = g_get_monotonic_time ();
  ops_http_send_async (session, request, cancellable,
                       (GAsyncReadyCallback)on_send_done, &result_error);
  g_timeout_add (300, cancel_now, cancellable);
  guard = g_timeout_add_seconds (8, fail_timeout, NULL);
  while (result_error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (guard);

  error = result_error;
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (g_atomic_int_get (&server->hits), ==, 1);
}

static void
test_network_errors (void)
{
  g_autoptr(TestServer) server = test_server_new (FALSE);
  g_autoptr(SoupSession) session = ops_http_session_new (NULL, 1, NULL);
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = g_strdup_printf ("http://127.0.0.1:%u/json", unused_port ());
  OpsRetryPolicy once = { 1, 10, 50 };
  gint64 start;

  /* Nobody listening: NETWORK, naming the host and what to do. */
  request = ops_http_request_new ("POST", uri);
  ops_http_request_set_retry (request, &fast_policy);
  g_assert_null (ops_http_send (session, request, NULL, &error));
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);
  g_assert_true (g_str_has_prefix (error->message, "Could not reach 127.0.0.1: "));
  g_assert_true (g_str_has_suffix (error->message, ". Check the address and your network connection."));
  g_test_message ("%s", error->message);
  g_clear_error (&error);
  g_clear_pointer (&request, ops_http_request_unref);

  /* No answer within the session's timeout. */
  request = new_request (server, "/hang");
  ops_http_request_set_retry (request, &once);
  start = g_get_monotonic_time ();
  g_assert_null (ops_http_send (session, request, NULL, &error));
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TIMEOUT);
  g_assert_cmpstr (error->message, ==, "127.0.0.1 did not answer within 1 s. Try again later.");
  g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
  g_clear_error (&error);
  g_clear_pointer (&request, ops_http_request_unref);

  /* Not an address at all. */
  request = ops_http_request_new ("GET", "erp.example.com/api");
  g_assert_null (ops_http_send (session, request, NULL, &error));
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK);
}

static void
test_tls (void)
{
  g_autoptr(TestServer) server = test_server_new (TRUE);
  g_autofree char *ca = g_test_build_filename (G_TEST_DIST, "fixtures", "test-server-ca.pem", NULL);
  g_autofree char *missing = g_test_build_filename (G_TEST_DIST, "fixtures", "no-such-ca.pem", NULL);
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  /* A self-signed certificate is refused by default... */
  session = ops_http_session_new (NULL, 5, &error);
  g_assert_no_error (error);
  request = new_request (server, "/json");
  g_assert_null (ops_http_send (session, request, NULL, &error));
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TLS);
  g_assert_true (g_str_has_prefix (error->message, "The certificate of 127.0.0.1 is not trusted: "));
  g_assert_nonnull (strstr (error->message, "choose its CA file in Preferences"));
  g_clear_error (&error);
  g_clear_object (&session);

  /* ...and trusted when its CA file is given. */
  session = ops_http_session_new (ca, 5, &error);
  g_assert_no_error (error);
  response = ops_http_send (session, request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (response->status, ==, 200);
  g_clear_object (&session);

  /* A CA file that cannot be read. */
  session = ops_http_session_new (missing, 5, &error);
  g_assert_null (session);
  g_assert_error (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_CA_FILE);
}

static void
test_request_body (void)
{
  g_autoptr(OpsHttpRequest) request = ops_http_request_new ("PUT", "https://erp.example.com/x");
  g_autoptr(JsonNode) node = json_from_string ("{\"a\":1}", NULL);

  /* The description can be built, shared and changed freely. */
  ops_http_request_set_header (request, "Accept", "application/json");
  ops_http_request_set_header (request, "Accept", NULL);
  ops_http_request_set_json_body (request, node);
  ops_http_request_set_body (request, "text/plain", NULL);
  g_assert_cmpstr (ops_http_request_get_uri (request), ==, "https://erp.example.com/x");
  ops_http_request_unref (ops_http_request_ref (request));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/http/delay-math", test_delay_math);
  g_test_add_func ("/http/retry-after", test_retry_after);
  g_test_add_func ("/http/redact-headers", test_redact_headers);
  g_test_add_func ("/http/redact-text", test_redact_text);
  g_test_add_func ("/http/parse-json", test_parse_json);
  g_test_add_func ("/http/request-body", test_request_body);
  g_test_add_func ("/http/send-ok", test_send_ok);
  g_test_add_func ("/http/body-limit", test_body_limit);
  g_test_add_func ("/http/retry-status", test_retry_status);
  g_test_add_func ("/http/retry-func", test_retry_func);
  g_test_add_func ("/http/cancel-backoff", test_cancel_backoff);
  g_test_add_func ("/http/network-errors", test_network_errors);
  g_test_add_func ("/http/tls", test_tls);

  return g_test_run ();
}
