/* test-server-infra.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real binary run with --headless: staff authentication (bearer
 * tokens, trusted proxy headers), /metrics, body limits, the webhook rate
 * limit, graceful shutdown with the outbox flushed, and --check-config.
 */

#define G_LOG_DOMAIN "test-server-infra"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "ops-fake-frappe.h"
#include "ops-outbox.h"
#include "ops-store.h"

/* printf %s 'correct horse battery staple' | sha256sum */
#define TOKEN "correct horse battery staple"
#define TOKEN_DIGEST "sha256:c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a"
/* A device of the demo workspace. */
#define LOOKUP "/devices/lookup?serial=22275A7000395"

typedef struct
{
  GSubprocess      *process;
  GDataInputStream *log;
  guint16           port;
  char             *store;
} Server;

/*
 * The server process
 */

static char *
write_file (const char *name,
            const char *contents,
            int         mode)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return g_steal_pointer (&path);
}

static GSubprocessLauncher *
launcher_new (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  return launcher;
}

/* Reads the log until a line matches pattern; its first group, if any. */
static char *
wait_for_log (Server     *server,
              const char *pattern)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *line = g_data_input_stream_read_line_utf8 (server->log, NULL, NULL, &error);
      g_autoptr(GMatchInfo) match = NULL;

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("the server stopped before logging /%s/", pattern);
      g_test_message ("server: %s", line);
      if (g_regex_match (regex, line, 0, &match))
        return g_match_info_get_match_count (match) > 1 ? g_match_info_fetch (match, 1) : g_strdup (line);
    }
}

/* Starts the server with "[server] listen = 127.0.0.1, port = 0" and
 * extra appended to the config. */
static void
server_start (Server     *server,
              const char *extra)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = 0\n%s", extra ? extra : "");
  g_autofree char *config = write_file ("infra.ini", text, 0600);
  g_autofree char *port = NULL;

  if (server->store == NULL)
    server->store = g_build_filename (g_get_user_data_dir (), "infra.sqlite", NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OPS_BINARY"), "--headless",
                                                 "--config", config, "--store", server->store, NULL);
  g_assert_no_error (error);
  server->log = g_data_input_stream_new (g_subprocess_get_stderr_pipe (server->process));

  port = wait_for_log (server, "Listening on [0-9.]+:([0-9]+)");
  server->port = (guint16)g_ascii_strtoull (port, NULL, 10);
  g_assert_cmpuint (server->port, >, 0);
}

/* SIGTERM; returns the rest of the log once the process has exited 0. */
static char *
server_stop (Server *server)
{
  g_autoptr(GString) rest = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  char *line;

  g_subprocess_send_signal (server->process, SIGTERM);
  while ((line = g_data_input_stream_read_line_utf8 (server->log, NULL, NULL, &error)) != NULL)
    {
      g_test_message ("server: %s", line);
      g_string_append_printf (rest, "%s\n", line);
      g_free (line);
    }
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait (server->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);

  g_clear_object (&server->log);
  g_clear_object (&server->process);
  g_clear_pointer (&server->store, g_free);
  return g_string_free (g_steal_pointer (&rest), FALSE);
}

/*
 * Requests
 */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *body;
  JsonObject         *json;
} Answer;

static void
answer_free (Answer *answer)
{
  g_clear_pointer (&answer->headers, soup_message_headers_unref);
  g_clear_pointer (&answer->json, json_object_unref);
  g_free (answer->body);
  g_free (answer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Answer, answer_free)

/* headers: "Name", "value" pairs ending with NULL. */
static Answer *
send_request (Server        *server,
              const char    *method,
              const char    *path,
              GInputStream  *body,
              gssize         body_length,
              ...)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Answer *answer = g_new0 (Answer, 1);
  const char *content_type;
  const char *name;
  va_list ap;

  va_start (ap, body_length);
  while ((name = va_arg (ap, const char *)) != NULL)
    soup_message_headers_append (soup_message_get_request_headers (msg), name, va_arg (ap, const char *));
  va_end (ap);
  if (body != NULL)
    soup_message_set_request_body (msg, "application/octet-stream", body, body_length);

  soup_session_set_timeout (session, 30);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  answer->status = soup_message_get_status (msg);
  answer->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  answer->body = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  content_type = soup_message_headers_get_content_type (answer->headers, NULL);
  if (g_strcmp0 (content_type, "application/json") == 0)
    {
      g_autoptr(JsonNode) node = json_from_string (answer->body, &error);

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
      answer->json = json_object_ref (json_node_get_object (node));
    }
  g_test_message ("%s %s: %u %s", method, path, answer->status, answer->body);
  return answer;
}

#define GET(server, path, ...) send_request ((server), "GET", (path), NULL, 0, ##__VA_ARGS__, NULL)

static Answer *
post (Server     *server,
      const char *path,
      gsize       size,
      gboolean    chunked,
      ...)
{
  g_autofree char *data = g_strnfill (size, 'x');
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&data), size);
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);
  const char *header_name = NULL, *header_value = NULL;
  va_list ap;

  va_start (ap, chunked);
  if ((header_name = va_arg (ap, const char *)) != NULL)
    header_value = va_arg (ap, const char *);
  va_end (ap);

  return send_request (server, "POST", path, stream, chunked ? -1 : (gssize)size,
                       header_name, header_value, NULL);
}

static void
assert_error (Answer     *answer,
              guint       status,
              const char *error)
{
  g_assert_cmpuint (answer->status, ==, status);
  g_assert_nonnull (answer->json);
  g_assert_cmpstr (json_object_get_string_member (answer->json, "error"), ==, error);
  g_assert_nonnull (json_object_get_string_member (answer->json, "message"));
}

static void
assert_unauthorized (Answer     *answer,
                     const char *says)
{
  const char *challenge = soup_message_headers_get_one (answer->headers, "WWW-Authenticate");

  assert_error (answer, 401, "unauthorized");
  g_assert_nonnull (challenge);
  g_assert_true (g_str_has_prefix (challenge, "Bearer"));
  if (says != NULL && strstr (json_object_get_string_member (answer->json, "message"), says) == NULL)
    g_error ("“%s” does not say “%s”", json_object_get_string_member (answer->json, "message"), says);
}

/*
 * Staff authentication
 */

static void
test_auth_tokens (void)
{
  Server server = { 0 };
  g_autofree char *extra = g_strdup_printf ("tokens = %s\n", TOKEN_DIGEST);
  g_autofree char *log = NULL;

  /* The demo workspace, but with a token configured: it is required. */
  server_start (&server, extra);

  {
    g_autoptr(Answer) none = GET (&server, LOOKUP);
    g_autoptr(Answer) wrong = GET (&server, LOOKUP, "Authorization", "Bearer not the token");
    g_autoptr(Answer) digest = GET (&server, LOOKUP, "Authorization", "Bearer " TOKEN_DIGEST);
    g_autoptr(Answer) basic = GET (&server, LOOKUP, "Authorization", "Basic dXNlcjpwYXNz");
    g_autoptr(Answer) right = GET (&server, LOOKUP, "Authorization", "Bearer " TOKEN);
    g_autoptr(Answer) lower = GET (&server, LOOKUP, "Authorization", "bearer   " TOKEN "  ");
    g_autoptr(Answer) summary = GET (&server, "/devices/summary", "Authorization", "Bearer " TOKEN);
    g_autoptr(Answer) summary_none = GET (&server, "/devices/summary");
    g_autoptr(Answer) health = GET (&server, "/health");
    g_autoptr(Answer) metrics = GET (&server, "/metrics");

    assert_unauthorized (none, "Authorization: Bearer");
    assert_unauthorized (wrong, "refused");
    g_assert_nonnull (strstr (soup_message_headers_get_one (wrong->headers, "WWW-Authenticate"), "invalid_token"));
    assert_unauthorized (digest, NULL);
    assert_unauthorized (basic, NULL);
    g_assert_cmpuint (right->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (right->json, "serial"), ==, "22275A7000395");
    g_assert_cmpuint (lower->status, ==, 200);
    g_assert_cmpuint (summary->status, ==, 200);
    assert_unauthorized (summary_none, NULL);

    /* /health and /metrics need no token. */
    g_assert_cmpuint (health->status, ==, 200);
    g_assert_cmpuint (metrics->status, ==, 200);
    g_assert_nonnull (strstr (metrics->body, "ops_http_refused_total{reason=\"unauthorized\"} 5\n"));
  }

  {
    /* Proxy headers from an address that is not a trusted proxy. */
    g_autoptr(Answer) spoofed = GET (&server, LOOKUP, "X-Authentik-Email", "boss@example.com");

    assert_unauthorized (spoofed, "trusted_proxies");
  }

  log = server_stop (&server);
  /* Never a token in the log. */
  g_assert_null (strstr (log, TOKEN));
}

static void
test_auth_trusted_proxy (void)
{
  Server server = { 0 };

  server_start (&server, "trusted_proxies = 127.0.0.1\n");

  {
    g_autoptr(Answer) through_proxy = GET (&server, LOOKUP, "X-Authentik-Email", "csr@example.com",
                                           "X-Authentik-Groups", "ops|csr");
    g_autoptr(Answer) no_identity = GET (&server, LOOKUP);
    g_autoptr(Answer) empty_identity = GET (&server, LOOKUP, "X-Authentik-Email", "");
    g_autoptr(Answer) token = GET (&server, LOOKUP, "Authorization", "Bearer " TOKEN);

    g_assert_cmpuint (through_proxy->status, ==, 200);
    assert_unauthorized (no_identity, "trusted_proxies");
    assert_unauthorized (empty_identity, NULL);
    /* No tokens configured: a bearer token is worth nothing. */
    assert_unauthorized (token, NULL);
  }

  g_free (server_stop (&server));

  /* The proxy is elsewhere: the same headers from 127.0.0.1 are refused. */
  server_start (&server, "trusted_proxies = 10.0.0.0/8, ::1\n");
  {
    g_autoptr(Answer) spoofed = GET (&server, LOOKUP, "X-Authentik-Email", "csr@example.com",
                                     "X-Forwarded-For", "10.1.2.3");

    assert_unauthorized (spoofed, "trusted_proxies");
  }
  g_free (server_stop (&server));
}

/* The demo workspace with nothing configured stays open. */
static void
test_auth_demo_open (void)
{
  Server server = { 0 };

  server_start (&server, NULL);
  {
    g_autoptr(Answer) open = GET (&server, LOOKUP);

    g_assert_cmpuint (open->status, ==, 200);
  }
  g_free (server_stop (&server));
}

static char *
live_config (OpsFakeFrappe *fake,
             const char    *extra)
{
  return g_strdup_printf ("%s[erpnext]\nurl = %s\napi_key = key\napi_secret = secret\n",
                          extra ? extra : "", ops_fake_frappe_get_url (fake));
}

/* A live workspace with neither tokens nor proxies: closed, and the
 * answer says how to open it. */
static void
test_auth_closed_by_default (void)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("key", "secret");
  g_autofree char *config = live_config (fake, NULL);
  Server server = { 0 };

  server_start (&server, config);
  {
    g_autoptr(Answer) closed = GET (&server, LOOKUP);
    g_autoptr(Answer) health = GET (&server, "/health");

    assert_unauthorized (closed, "[server] tokens");
    g_assert_nonnull (strstr (json_object_get_string_member (closed->json, "message"), "sha256sum"));
    g_assert_cmpuint (health->status, ==, 200);
  }
  g_free (server_stop (&server));
}

/*
 * /metrics
 */

/* Each line is a comment or `name{labels} value`, and each sample's
 * family was typed before it. */
static void
assert_prometheus_text (const char *text)
{
  g_autoptr(GRegex) sample = g_regex_new ("^([a-zA-Z_:][a-zA-Z0-9_:]*)"
                                          "(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\""
                                          "(,[a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\")*\\})?"
                                          " (-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?|NaN|[+-]Inf)$", 0, 0, NULL);
  g_autoptr(GRegex) type = g_regex_new ("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$",
                                        0, 0, NULL);
  g_autoptr(GHashTable) types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) lines = NULL;
  guint samples = 0;

  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      if (g_str_has_prefix (lines[i], "# HELP "))
        continue;
      if (g_regex_match (type, lines[i], 0, &match))
        {
          g_hash_table_replace (types, g_match_info_fetch (match, 1), g_match_info_fetch (match, 2));
          continue;
        }
      g_clear_pointer (&match, g_match_info_unref);
      if (!g_regex_match (sample, lines[i], 0, &match))
        g_error ("not a Prometheus text line: “%s”", lines[i]);

      {
        g_autofree char *name = g_match_info_fetch (match, 1);
        const char *family_type = g_hash_table_lookup (types, name);

        if (family_type == NULL)
          {
            const char *suffixes[] = { "_bucket", "_sum", "_count" };

            for (guint s = 0; s < G_N_ELEMENTS (suffixes) && family_type == NULL; s++)
              if (g_str_has_suffix (name, suffixes[s]))
                {
                  g_autofree char *base = g_strndup (name, strlen (name) - strlen (suffixes[s]));

                  family_type = g_hash_table_lookup (types, base);
                  g_assert_cmpstr (family_type, ==, "histogram");
                }
          }
        if (family_type == NULL)
          g_error ("sample of %s before its # TYPE", name);
      }
      samples++;
    }
  g_assert_cmpuint (samples, >, 5);
}

static void
test_metrics (void)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("key", "secret");
  g_autofree char *config = live_config (fake, "tokens = " TOKEN_DIGEST "\n");
  Server server = { 0 };

  server_start (&server, config);
  /* The first sync (of an empty ERPNext) is over when it says so. */
  g_free (wait_for_log (&server, "ERPNext: online"));

  {
    g_autoptr(Answer) health = GET (&server, "/health");
    g_autoptr(Answer) refused = GET (&server, LOOKUP);
    g_autoptr(Answer) metrics = GET (&server, "/metrics");
    g_autoptr(Answer) head = send_request (&server, "HEAD", "/metrics", NULL, 0, NULL);
    g_autoptr(Answer) wrong_method = send_request (&server, "POST", "/metrics", NULL, 0, NULL);
    const char *content_type = soup_message_headers_get_one (metrics->headers, "Content-Type");

    g_assert_cmpuint (metrics->status, ==, 200);
    g_assert_true (g_str_has_prefix (content_type, "text/plain"));
    g_assert_nonnull (strstr (content_type, "version=0.0.4"));
    assert_prometheus_text (metrics->body);

    g_assert_nonnull (strstr (metrics->body, "# TYPE ops_build_info gauge\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_build_info{version=\"" PACKAGE_VERSION "\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_http_responses_total{code=\"200\",route=\"/health\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_http_responses_total{code=\"401\",route=\"/devices\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_outbox_depth{state=\"pending\"} 0\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_outbox_depth{state=\"failed\"} 0\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_outbox_oldest_pending_seconds 0\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_erpnext_up 1\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_erpnext_syncs_total{outcome=\"ok\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_erpnext_sync_duration_seconds_count 1\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_erpnext_sync_duration_seconds_bucket{le=\"+Inf\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body, "# TYPE ops_webhook_requests_total counter\n"));
    g_assert_nonnull (strstr (metrics->body, "# TYPE ops_outbox_delivery_seconds histogram\n"));
    g_assert_nonnull (strstr (metrics->body, "# TYPE ops_sse_clients gauge\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_sse_clients 0\n"));
    g_assert_nonnull (strstr (metrics->body, "# TYPE ops_sse_events_published_total counter\n"));
    g_assert_null (strstr (metrics->body, "ops_erpnext_last_sync_timestamp_seconds 0\n"));

    g_assert_cmpuint (head->status, ==, 200);
    assert_error (wrong_method, 405, "method_not_allowed");
  }

  g_free (server_stop (&server));
}

/*
 * Limits
 */

static void
test_body_limit (void)
{
  Server server = { 0 };

  server_start (&server, "max_body = 4096\n");

  {
    g_autoptr(Answer) small = post (&server, "/health", 4096, FALSE, NULL);
    g_autoptr(Answer) large = post (&server, "/health", 4097, FALSE, NULL);
    g_autoptr(Answer) large_webhook = post (&server, "/webhook/stripe", 64 * 1024, FALSE, NULL);
    g_autoptr(Answer) chunked = post (&server, "/health", 64 * 1024, TRUE, NULL);
    g_autoptr(Answer) small_chunked = post (&server, "/health", 100, TRUE, NULL);
    g_autoptr(Answer) health = GET (&server, "/health");
    g_autoptr(Answer) metrics = GET (&server, "/metrics");

    /* Within the limit the route answers (405: /health takes GET). */
    assert_error (small, 405, "method_not_allowed");
    assert_error (large, 413, "payload_too_large");
    g_assert_nonnull (strstr (json_object_get_string_member (large->json, "message"), "4096"));
    assert_error (large_webhook, 413, "payload_too_large");
    /* No Content-Length: counted as it arrives. */
    assert_error (chunked, 413, "payload_too_large");
    assert_error (small_chunked, 405, "method_not_allowed");
    g_assert_cmpuint (health->status, ==, 200);
    g_assert_nonnull (strstr (metrics->body, "ops_http_refused_total{reason=\"too_large\"} 3\n"));
  }

  g_free (server_stop (&server));

  /* The default: 1 MiB. */
  server_start (&server, NULL);
  {
    g_autoptr(Answer) fits = post (&server, "/health", 1024 * 1024, FALSE, NULL);
    g_autoptr(Answer) over = post (&server, "/health", 1024 * 1024 + 1, FALSE, NULL);

    assert_error (fits, 405, "method_not_allowed");
    assert_error (over, 413, "payload_too_large");
  }
  g_free (server_stop (&server));
}

static void
test_webhook_rate_limit (void)
{
  Server server = { 0 };

  /* One request per 100 s, bursts of 3: the 4th in a row is refused. */
  server_start (&server, "webhook_rate = 0.01\nwebhook_burst = 3\ntrusted_proxies = 127.0.0.1\n");

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Answer) allowed = post (&server, "/webhook/twilio/sms-status", 10, FALSE, NULL);

      g_assert_cmpuint (allowed->status, !=, 429);
    }

  {
    g_autoptr(Answer) limited = post (&server, "/webhook/twilio/sms-status", 10, FALSE, NULL);
    g_autoptr(Answer) other_route = post (&server, "/health", 10, FALSE, NULL);
    const char *retry_after = soup_message_headers_get_one (limited->headers, "Retry-After");

    assert_error (limited, 429, "rate_limited");
    g_assert_nonnull (retry_after);
    g_assert_cmpint (g_ascii_strtoll (retry_after, NULL, 10), >=, 1);
    g_assert_cmpint (g_ascii_strtoll (retry_after, NULL, 10), <=, 100);
    /* Only the webhooks are limited. */
    g_assert_cmpuint (other_route->status, ==, 405);
  }

  /* Behind the trusted proxy each client has its own allowance: the last
   * X-Forwarded-For hop that is not the proxy. */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(Answer) allowed = post (&server, "/webhook/stripe", 10, FALSE,
                                        "X-Forwarded-For", "203.0.113.1, 198.51.100.1");

      g_assert_cmpuint (allowed->status, !=, 429);
    }
  {
    g_autoptr(Answer) limited = post (&server, "/webhook/stripe", 10, FALSE,
                                      "X-Forwarded-For", "203.0.113.2, 198.51.100.1");
    g_autoptr(Answer) another = post (&server, "/webhook/stripe", 10, FALSE,
                                      "X-Forwarded-For", "198.51.100.2");
    g_autoptr(Answer) metrics = GET (&server, "/metrics");

    /* The client's own left part changed, not its address. */
    assert_error (limited, 429, "rate_limited");
    g_assert_cmpuint (another->status, !=, 429);
    g_assert_nonnull (strstr (metrics->body,
                              "ops_webhook_requests_total{outcome=\"rate_limited\",provider=\"twilio\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body,
                              "ops_webhook_requests_total{outcome=\"rate_limited\",provider=\"stripe\"} 1\n"));
    g_assert_nonnull (strstr (metrics->body, "ops_http_refused_total{reason=\"rate_limited\"} 2\n"));
  }

  g_free (server_stop (&server));
}

/*
 * Graceful shutdown
 */

/* Reads from a live stream until text arrives; FALSE at the end of the
 * stream or after the socket's timeout. */
static gboolean
read_until (GSocketConnection *connection,
            GString           *received,
            const char        *text)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  while (strstr (received->str, text) == NULL)
    {
      char buffer[4096];
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, NULL, NULL);

      if (n <= 0)
        return FALSE;
      g_string_append_len (received, buffer, n);
    }
  return TRUE;
}

static void
test_sigterm (void)
{
  Server server = { 0 };
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GString) received = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  const char *request = "GET /sse?topics=dispatch HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

  server_start (&server, NULL);

  /* A live stream open when the signal comes gets a final event. */
  stream = g_socket_client_connect_to_host (client, "127.0.0.1", server.port, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_timeout (g_socket_connection_get_socket (stream), 10);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (stream)), request, strlen (request),
                             NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (read_until (stream, received, "retry:"));
  g_assert_true (g_str_has_prefix (received->str, "HTTP/1.1 200"));

  log = server_stop (&server);
  g_assert_true (read_until (stream, received, "event: shutdown"));

  g_assert_nonnull (strstr (log, "SIGTERM received: stopping"));
  g_assert_nonnull (strstr (log, "Outbox: demo workspace, nothing is sent"));
  g_assert_true (g_str_has_suffix (log, "Stopped\n"));
}

/* A Customer update queued in the store before the server starts. */
static void
queue_update (const char *store_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open (store_path, &error);
  g_autoptr(JsonNode) payload = json_from_string ("{\"customer_name\": \"Renamed at shutdown\"}", NULL);

  g_assert_no_error (error);
  g_assert_true (ops_store_begin (store, &error));
  g_assert_cmpint (ops_outbox_enqueue (store, "Customer", "CUST-01", OPS_OUTBOX_UPDATE,
                                       json_node_get_object (payload), NULL, "Rename CUST-01", &error), >, 0);
  g_assert_true (ops_store_commit (store, &error));
  g_assert_no_error (error);
}

static gint64
pending_writes (const char *store_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open (store_path, &error);

  g_assert_no_error (error);
  return ops_outbox_count (store, OPS_OUTBOX_PENDING) + ops_outbox_count (store, OPS_OUTBOX_SENDING);
}

/* A write still on its way when SIGTERM comes is delivered before exit. */
static void
test_shutdown_flushes_outbox (void)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("key", "secret");
  g_autoptr(JsonNode) customer = json_from_string ("{\"name\": \"CUST-01\", \"customer_name\": \"Before\"}", NULL);
  g_autoptr(JsonObject) after = NULL;
  g_autofree char *config = live_config (fake, NULL);
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "flush.sqlite", NULL);
  g_autofree char *log = NULL;
  Server server = { 0 };

  ops_fake_frappe_put_doc (fake, "Customer", json_node_get_object (customer));
  queue_update (store_path);
  /* Every answer takes 2 s: the write cannot be through before SIGTERM. */
  ops_fake_frappe_set_delay (fake, 2000);

  server.store = g_strdup (store_path);
  server_start (&server, config);
  log = server_stop (&server);

  g_assert_nonnull (strstr (log, "Outbox: delivering 1 queued writes"));
  g_assert_nonnull (strstr (log, "Outbox: every queued write was delivered"));
  g_assert_true (g_str_has_suffix (log, "Stopped\n"));
  after = ops_fake_frappe_dup_doc (fake, "Customer", "CUST-01");
  g_assert_cmpstr (json_object_get_string_member (after, "customer_name"), ==, "Renamed at shutdown");
  g_assert_cmpint (pending_writes (store_path), ==, 0);
}

/* ERPNext unreachable: after [server] shutdown_seconds the write stays in
 * the store, and the log says so. */
static void
test_shutdown_keeps_undelivered (void)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("key", "secret");
  g_autofree char *config = live_config (fake, "shutdown_seconds = 1\n");
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "keep.sqlite", NULL);
  g_autofree char *log = NULL;
  Server server = { 0 };
  gint64 start;

  queue_update (store_path);
  ops_fake_frappe_set_down (fake, TRUE);

  server.store = g_strdup (store_path);
  server_start (&server, config);
  start = g_get_monotonic_time ();
  log = server_stop (&server);

  g_assert_nonnull (strstr (log, "Outbox: delivering 1 queued writes (up to 1 s)"));
  g_assert_nonnull (strstr (log, "Outbox: 1 writes were not delivered; they stay in"));
  g_assert_nonnull (strstr (log, store_path));
  g_assert_true (g_str_has_suffix (log, "Stopped\n"));
  /* Bounded: a second, not the worker's back-off. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 8 * G_USEC_PER_SEC);
  g_assert_cmpint (pending_writes (store_path), ==, 1);
}

/* New requests while stopping get 503, not a hang. */
static void
test_shutdown_refuses_new_requests (void)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("key", "secret");
  g_autoptr(JsonNode) customer = json_from_string ("{\"name\": \"CUST-01\", \"customer_name\": \"Before\"}", NULL);
  g_autofree char *config = live_config (fake, NULL);
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "refuse.sqlite", NULL);
  Server server = { 0 };

  ops_fake_frappe_put_doc (fake, "Customer", json_node_get_object (customer));
  queue_update (store_path);
  ops_fake_frappe_set_delay (fake, 2000);

  server.store = g_strdup (store_path);
  server_start (&server, config);
  g_subprocess_send_signal (server.process, SIGTERM);
  g_free (wait_for_log (&server, "Outbox: delivering"));
  {
    g_autoptr(Answer) late = GET (&server, "/health");

    assert_error (late, 503, "shutting_down");
  }
  g_free (server_stop (&server));
}

/*
 * --check-config
 */

static char *
run_check (int        *status,
           const char *config,
           ...)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;
  char *out = NULL;
  va_list ap;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_setenv (launcher, "LANGUAGE", "C", TRUE);
  va_start (ap, config);
  while ((name = va_arg (ap, const char *)) != NULL)
    g_subprocess_launcher_setenv (launcher, name, va_arg (ap, const char *), TRUE);
  va_end (ap);

  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OPS_BINARY"), "--check-config",
                                         "--config", config, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("--check-config %s:\n%s", config, out);
  *status = g_subprocess_get_exit_status (process);
  return out;
}

static void
test_check_config_good (void)
{
  g_autofree char *example_path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", "data",
                                                    "config.example.ini", NULL);
  g_autofree char *example = NULL;
  g_autofree char *switched_on = NULL;
  g_autofree char *config = NULL;
  g_autofree char *out = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *demo_out = NULL;
  g_autoptr(GRegex) comment = g_regex_new ("^;", G_REGEX_MULTILINE, 0, NULL);
  g_autoptr(GError) error = NULL;
  const char *secrets[] = { "CHANGE-ME", "replace-with-a-long-random-token" };
  int status = -1;

  /* The example with every setting on: every system configured. */
  g_file_get_contents (example_path, &example, NULL, &error);
  g_assert_no_error (error);
  switched_on = g_regex_replace_literal (comment, example, -1, 0, "", 0, &error);
  g_assert_no_error (error);
  config = write_file ("check.ini", switched_on, 0600);

  out = run_check (&status, config, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (out, "Workspace: live, ERPNext https://erp.example.com"));
  g_assert_nonnull (strstr (out, "Staff routes: 1 bearer token; reverse proxy identity from 127.0.0.1, ::1"));
  g_assert_nonnull (strstr (out, "Request bodies: up to 1048576 bytes"));
  g_assert_nonnull (strstr (out, "Twilio: sending from +14505550100"));
  g_assert_nonnull (strstr (out, "The configuration is valid."));
  /* Said to be set, never shown. */
  for (guint i = 0; i < G_N_ELEMENTS (secrets); i++)
    g_assert_null (strstr (out, secrets[i]));

  /* Nothing but defaults: the demo, open, with the environment applied. */
  demo = write_file ("demo.ini", "", 0644);
  demo_out = run_check (&status, demo, "OPS_SERVER_PORT", "9999", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (demo_out, "Workspace: demo"));
  g_assert_nonnull (strstr (demo_out, "port 9999"));
  g_assert_nonnull (strstr (demo_out, "Staff routes: open"));
}

static void
test_check_config_bad (void)
{
  static const struct
  {
    const char *contents;
    const char *says;
  } cases[] = {
    { "[server]\nport = http\n", "check.ini:2: [server] port:" },
    { "[server]\ntokens = " TOKEN "\n", "sha256" },
    { "[server]\nmax_body = 10\n", "[server] max_body" },
    { "[server]\nwebhook_rate = -1\n", "[server] webhook_rate" },
    { "[twilio]\naccount_sid = AC123\n", "[twilio] is incomplete" },
    { "[erpnext]\nurl = https://erp.example.com\n", "[erpnext] is incomplete" },
    { "[nowhere]\nkey = value\n", "unknown group" },
  };
  g_autofree char *good = write_file ("good.ini", "", 0600);
  g_autofree char *from_env = NULL;
  int status = -1;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *config = write_file ("check.ini", cases[i].contents, 0600);
      g_autofree char *out = run_check (&status, config, NULL);

      g_assert_cmpint (status, ==, 2);
      if (strstr (out, cases[i].says) == NULL)
        g_error ("--check-config of “%s” does not say “%s”: %s", cases[i].contents, cases[i].says, out);
      g_assert_null (strstr (out, "The configuration is valid."));
    }

  /* A bad value from the environment. */
  from_env = run_check (&status, good, "OPS_SERVER_LISTEN", "localhost", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (from_env, "OPS_SERVER_LISTEN"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server/auth/tokens", test_auth_tokens);
  g_test_add_func ("/server/auth/trusted-proxy", test_auth_trusted_proxy);
  g_test_add_func ("/server/auth/demo-open", test_auth_demo_open);
  g_test_add_func ("/server/auth/closed-by-default", test_auth_closed_by_default);
  g_test_add_func ("/server/metrics", test_metrics);
  g_test_add_func ("/server/limits/body", test_body_limit);
  g_test_add_func ("/server/limits/webhook-rate", test_webhook_rate_limit);
  g_test_add_func ("/server/shutdown/sigterm", test_sigterm);
  g_test_add_func ("/server/shutdown/flushes-outbox", test_shutdown_flushes_outbox);
  g_test_add_func ("/server/shutdown/keeps-undelivered", test_shutdown_keeps_undelivered);
  g_test_add_func ("/server/shutdown/refuses-new-requests", test_shutdown_refuses_new_requests);
  g_test_add_func ("/server/check-config/good", test_check_config_good);
  g_test_add_func ("/server/check-config/bad", test_check_config_bad);

  return g_test_run ();
}
