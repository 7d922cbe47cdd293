/* test-headless.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs the real binary with --headless, with no display, and talks to it
 * over HTTP.
 */

#define G_LOG_DOMAIN "test-headless"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

/* Over the server's 16 KiB limit of a request body. */
#define OVERSIZED_BODY (64 * 1024)
#define REBOOT "{\"name\": \"reboot\"}"
#define REFRESH "{\"name\": \"refresh\"}"
#define SPEEDTEST "{\"name\": \"speedtest\"}"

typedef struct
{
  GSubprocess *process;
  guint16      port;
  char        *store;
} Server;

static GSubprocessLauncher *
launcher_without_display (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  return launcher;
}

static char *
write_config (const char *contents)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "headless.ini", NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_chmod (path, 0600);
  return g_steal_pointer (&path);
}

static void
server_start (Server *server)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_without_display ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GRegex) listening = g_regex_new ("Listening on [0-9.]+:([0-9]+)", 0, 0, NULL);
  g_autofree char *config = write_config ("[server]\nlisten = 127.0.0.1\nport = 0\n");

  server->store = g_build_filename (g_get_user_data_dir (), "headless.sqlite", NULL);
  server->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OPS_BINARY"), "--headless",
                                                 "--config", config, "--store", server->store, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (server->process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_autoptr(GMatchInfo) match = NULL;

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("the server stopped before listening");
      g_test_message ("server: %s", line);
      if (g_regex_match (listening, line, 0, &match))
        {
          g_autofree char *port = g_match_info_fetch (match, 1);

          server->port = (guint16)g_ascii_strtoull (port, NULL, 10);
          break;
        }
    }
  g_assert_cmpuint (server->port, >, 0);
}

static void
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
  g_free (server->store);
}

static JsonObject *
request (Server     *server,
         const char *method,
         const char *path,
         guint       expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *content_type;

  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, expected_status);
  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);
  g_assert_cmpstr (content_type, ==, "application/json");

  node = json_from_string (g_bytes_get_data (body, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
request_body (Server     *server,
              const char *method,
              const char *path,
              const char *body,
              gsize       length,
              guint       expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) request_bytes = g_bytes_new (body, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;

  soup_session_set_timeout (session, 30);
  soup_message_set_request_body_from_bytes (msg, "application/json", request_bytes);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != expected_status)
    g_error ("%s %s: %u %s", method, path, soup_message_get_status (msg), (char *)g_bytes_get_data (answer, NULL));
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");

  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static void
test_health (void)
{
  Server server = { 0 };
  g_autoptr(JsonObject) health = NULL;
  JsonObject *store, *counts;

  server_start (&server);

  health = request (&server, "GET", "/health", 200);
  g_assert_cmpstr (json_object_get_string_member (health, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (health, "version"), ==, PACKAGE_VERSION);
  store = json_object_get_object_member (health, "store");
  g_assert_cmpstr (json_object_get_string_member (store, "path"), ==, server.store);
  counts = json_object_get_object_member (store, "counts");
  /* No ERPNext configured: the demo workspace. */
  g_assert_cmpint (json_object_get_int_member (counts, "customers"), >=, 300);
  g_assert_cmpint (json_object_get_int_member (counts, "technicians"), >=, 12);
  g_assert_cmpint (json_object_get_int_member (counts, "jobs"), >=, 60);
  g_assert_cmpint (json_object_get_int_member (counts, "tickets"), >=, 30);
  g_assert_cmpint (json_object_get_int_member (counts, "equipment"), >=, 300);
  g_assert_cmpint (json_object_get_int_member (counts, "outbox_pending"), ==, 0);

  server_stop (&server);
}

static void
test_errors_are_json (void)
{
  Server server = { 0 };
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(JsonObject) wrong_method = NULL;

  server_start (&server);

  missing = request (&server, "GET", "/no/such/route", 404);
  g_assert_cmpstr (json_object_get_string_member (missing, "error"), ==, "not_found");
  g_assert_nonnull (json_object_get_string_member (missing, "message"));

  wrong_method = request (&server, "POST", "/health", 405);
  g_assert_cmpstr (json_object_get_string_member (wrong_method, "error"), ==, "method_not_allowed");

  server_stop (&server);
}

static gboolean
has_verdict (JsonObject *device,
             const char *code,
             const char *severity)
{
  JsonArray *verdicts = json_object_get_array_member (device, "verdicts");

  for (guint i = 0; i < json_array_get_length (verdicts); i++)
    {
      JsonObject *verdict = json_array_get_object_element (verdicts, i);

      if (g_strcmp0 (json_object_get_string_member (verdict, "code"), code) == 0 &&
          (severity == NULL || g_strcmp0 (json_object_get_string_member (verdict, "severity"), severity) == 0))
        return TRUE;
    }
  return FALSE;
}

static void
assert_error (JsonObject *answer,
              const char *error)
{
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, error);
  g_assert_nonnull (json_object_get_string_member (answer, "message"));
}

/* The demo workspace's devices through the gateway-compatible routes. */
static void
test_devices (void)
{
  Server server = { 0 };
  g_autoptr(JsonObject) healthy = NULL;
  g_autoptr(JsonObject) weak = NULL;
  g_autoptr(JsonObject) missing = NULL;
  g_autoptr(JsonObject) no_serial = NULL;
  g_autoptr(JsonObject) fleet = NULL;
  g_autoptr(JsonObject) hosts = NULL;
  g_autoptr(JsonObject) refreshed = NULL;
  g_autoptr(JsonObject) rebooted = NULL;
  g_autoptr(JsonObject) wrong_method = NULL;
  g_autofree char *hosts_path = NULL;
  g_autofree char *refresh_path = NULL;
  g_autofree char *tasks_path = NULL;
  JsonObject *optical, *wifi, *by_model, *by_verdict, *refresh;
  JsonArray *list;
  const char *id;

  server_start (&server);

  /* C0001's ONT, the real XX230v: healthy. */
  healthy = request (&server, "GET", "/devices/lookup?serial=22275A7000395", 200);
  id = json_object_get_string_member (healthy, "id");
  g_assert_cmpstr (id, ==, "1C61B4-XX230v-22275A7000395");
  g_assert_cmpstr (json_object_get_string_member (healthy, "serial"), ==, "22275A7000395");
  g_assert_cmpstr (json_object_get_string_member (healthy, "model"), ==, "XX230v");
  g_assert_nonnull (json_object_get_string_member (healthy, "manufacturer"));
  g_assert_nonnull (json_object_get_string_member (healthy, "firmware"));
  g_assert_nonnull (json_object_get_string_member (healthy, "lastInform"));
  g_assert_cmpint (json_object_get_int_member (healthy, "uptime"), >, 0);
  g_assert_true (json_object_get_boolean_member (healthy, "online"));
  optical = json_object_get_object_member (healthy, "opticalStatus");
  g_assert_cmpfloat (json_object_get_double_member (optical, "rxPower"), <, -8.0);
  g_assert_cmpfloat (json_object_get_double_member (optical, "rxPower"), >, -25.0);
  g_assert_true (json_object_has_member (optical, "txPower"));
  g_assert_true (json_object_has_member (optical, "status"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (healthy, "interfaces")), >, 0);
  wifi = json_object_get_object_member (healthy, "wifi");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (wifi, "radios")), >=, 2);
  g_assert_true (json_object_has_member (wifi, "totalClients"));
  g_assert_nonnull (json_object_get_array_member (healthy, "mesh"));
  g_assert_nonnull (json_object_get_array_member (healthy, "ethernet"));
  g_assert_true (has_verdict (healthy, "fibre-ok", "ok"));
  g_assert_false (has_verdict (healthy, "fibre-low", NULL));

  /* A unit of the weak-signal variant: the fibre, do not swap. */
  weak = request (&server, "GET", "/devices/lookup?serial=22275A7048755", 200);
  g_assert_true (has_verdict (weak, "fibre-low", "critical"));

  missing = request (&server, "GET", "/devices/lookup?serial=NOSUCHSERIAL", 404);
  assert_error (missing, "not_found");
  no_serial = request (&server, "GET", "/devices/lookup", 400);
  assert_error (no_serial, "bad_request");

  fleet = request (&server, "GET", "/devices/summary", 200);
  g_assert_cmpint (json_object_get_int_member (fleet, "total"), >=, 300);
  g_assert_cmpint (json_object_get_int_member (fleet, "online"), <, json_object_get_int_member (fleet, "total"));
  by_model = json_object_get_object_member (fleet, "byModel");
  g_assert_cmpint (json_object_get_int_member (by_model, "XX230v") + json_object_get_int_member (by_model, "BM632w"),
                   ==, json_object_get_int_member (fleet, "total"));
  by_verdict = json_object_get_object_member (fleet, "byVerdict");
  g_assert_cmpint (json_object_get_int_member (by_verdict, "offline"), >, 0);

  hosts_path = g_strdup_printf ("/devices/%s/hosts", id);
  hosts = request (&server, "GET", hosts_path, 200);
  list = json_object_get_array_member (hosts, "hosts");
  g_assert_cmpint (json_object_get_int_member (hosts, "total"), ==, json_array_get_length (list));
  g_assert_cmpuint (json_array_get_length (list), >, 0);
  g_assert_true (json_object_has_member (json_array_get_object_element (list, 0), "mac"));
  g_assert_true (json_object_has_member (json_array_get_object_element (list, 0), "attachedNode"));
  g_assert_false (json_object_has_member (hosts, "refresh"));

  refresh_path = g_strdup_printf ("/devices/%s/hosts?refresh", id);
  refreshed = request (&server, "GET", refresh_path, 200);
  refresh = json_object_get_object_member (refreshed, "refresh");
  g_assert_nonnull (refresh);
  g_assert_true (json_object_get_boolean_member (refresh, "done"));

  tasks_path = g_strdup_printf ("/devices/%s/tasks", id);
  rebooted = request_body (&server, "POST", tasks_path, REBOOT, strlen (REBOOT), 200);
  g_assert_true (json_object_get_boolean_member (rebooted, "done"));
  g_assert_nonnull (json_object_get_string_member (rebooted, "message"));
  g_assert_true (json_object_get_null_member (rebooted, "speedMbps"));

  wrong_method = request (&server, "GET", tasks_path, 405);
  assert_error (wrong_method, "method_not_allowed");

  {
    g_autoptr(JsonObject) unknown = NULL;
    g_autoptr(JsonObject) unsupported = NULL;
    g_autoptr(JsonObject) queued = NULL;

    unknown = request (&server, "GET", "/devices/202BC1-BM632w-NOSUCH/hosts", 404);
    assert_error (unknown, "not_found");
    /* The XX230v cannot run a speed test. */
    unsupported = request_body (&server, "POST", tasks_path, SPEEDTEST, strlen (SPEEDTEST), 422);
    assert_error (unsupported, "unsupported");
    /* An offline unit: 202, queued until it next contacts the server. */
    queued = request_body (&server, "POST", "/devices/1C61B4-XX230v-22275A7566525/tasks",
                           REFRESH, strlen (REFRESH), 202);
    g_assert_false (json_object_get_boolean_member (queued, "done"));
    g_assert_true (g_str_has_prefix (json_object_get_string_member (queued, "message"), "Queued"));
  }

  server_stop (&server);
}

static void
test_devices_bad_requests (void)
{
  static const char *const bodies[] = {
    "",                          /* no body */
    "{\"name\": ",             /* not JSON */
    "[\"reboot\"]",            /* not an object */
    "{\"task\": \"reboot\"}",  /* no name */
    "{\"name\": 3}",           /* not a string */
    "{\"name\": \"factoryReset\"}",  /* not one of ours */
  };
  Server server = { 0 };
  g_autofree char *oversized = g_strnfill (OVERSIZED_BODY, ' ');

  server_start (&server);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) answer = request_body (&server, "POST", "/devices/1C61B4-XX230v-22275A7000395/tasks",
                                                   bodies[i], strlen (bodies[i]), 400);

      assert_error (answer, "bad_request");
    }

  /* Refused before it is read, and the server still answers. */
  memcpy (oversized, REBOOT, strlen (REBOOT));
  {
    g_autoptr(JsonObject) answer = request_body (&server, "POST", "/devices/1C61B4-XX230v-22275A7000395/tasks",
                                                 oversized, OVERSIZED_BODY, 400);
    g_autoptr(JsonObject) health = request (&server, "GET", "/health", 200);

    assert_error (answer, "bad_request");
  }

  server_stop (&server);
}

typedef struct
{
  guint16  port;
  gint     done;   /* atomic */
  guint    status;
} SlowRequest;

static gpointer
slow_request_thread (gpointer user_data)
{
  SlowRequest *slow = user_data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/devices/202BC1-BM632w-8KA8WA2554343407/tasks",
                                          slow->port);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static (SPEEDTEST, strlen (SPEEDTEST));
  g_autoptr(GBytes) answer = NULL;

  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, NULL);
  slow->status = soup_message_get_status (msg);
  g_atomic_int_set (&slow->done, 1);
  return NULL;
}

/* A slow device call runs off the main loop: /health answers meanwhile. */
static void
test_devices_do_not_block (void)
{
  Server server = { 0 };
  SlowRequest slow = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = NULL;
  GThread *thread;
  gint64 slowest = 0;
  guint answered = 0;

  server_start (&server);
  url = g_strdup_printf ("http://127.0.0.1:%u/health", server.port);
  slow.port = server.port;

  /* The demo speed test takes four 300 ms steps. */
  thread = g_thread_new ("slow-request", slow_request_thread, &slow);
  while (!g_atomic_int_get (&slow.done))
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      answer = soup_session_send_and_read (session, msg, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      slowest = MAX (slowest, g_get_monotonic_time () - start);
      answered++;
    }
  g_thread_join (thread);

  g_assert_cmpuint (slow.status, ==, 200);
  g_assert_cmpuint (answered, >, 1);
  /* Had the speed test held the main loop, one /health would have waited
   * for it (over a second). */
  g_assert_cmpint (slowest, <, 500 * G_TIME_SPAN_MILLISECOND);

  server_stop (&server);
}

static char *
run_to_end (int          *status,
            const char   *first,
            ...)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_without_display ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  char *err = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (char *)g_getenv ("OPS_BINARY"));
  va_start (ap, first);
  for (arg = first; arg; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *)arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *)args->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  *status = g_subprocess_get_exit_status (process);
  return g_strconcat (out ? out : "", err ? err : "", NULL);
}

static void
test_command_line (void)
{
  g_autofree char *bad = write_config ("[server]\nport = http\n");
  g_autofree char *version = NULL;
  g_autofree char *refused = NULL;
  g_autofree char *unknown = NULL;
  int status;

  version = run_to_end (&status, "--version", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (version, PACKAGE_VERSION));

  refused = run_to_end (&status, "--headless", "--config", bad, NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (refused, "headless.ini:2: [server] port:"));

  unknown = run_to_end (&status, "--frobnicate", NULL);
  g_assert_cmpint (status, ==, 2);
  g_assert_nonnull (strstr (unknown, "--help"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/headless/health", test_health);
  g_test_add_func ("/headless/errors-are-json", test_errors_are_json);
  g_test_add_func ("/headless/command-line", test_command_line);
  g_test_add_func ("/headless/devices", test_devices);
  g_test_add_func ("/headless/devices/bad-requests", test_devices_bad_requests);
  g_test_add_func ("/headless/devices/do-not-block", test_devices_do_not_block);

  return g_test_run ();
}
