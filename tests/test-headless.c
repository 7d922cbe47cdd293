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

  return g_test_run ();
}
