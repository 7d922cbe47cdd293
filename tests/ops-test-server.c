/* ops-test-server.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-test-server"

#include "config.h"

#include "ops-test-server.h"

#include <glib/gstdio.h>
#include <signal.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#define START_SECONDS 20

struct _OpsTestServer
{
  GSubprocess *process;
  GThread     *reader;
  GMutex       lock;
  GCond        cond;
  guint16      port;
  gboolean     ended;
  GString     *log;
  char        *store;
};

/* A server left behind by a failed run would hold its port and store. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

/* Keeps the log (so the server never blocks on a full pipe) and finds the
 * port in it. */
static gpointer
read_stderr (gpointer data)
{
  OpsTestServer *server = data;
  g_autoptr(GDataInputStream) lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (server->process));
  g_autoptr(GRegex) listening = g_regex_new ("Listening on [0-9.]+:([0-9]+)", 0, 0, NULL);

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      g_mutex_lock (&server->lock);
      if (line == NULL)
        {
          server->ended = TRUE;
          g_cond_broadcast (&server->cond);
          g_mutex_unlock (&server->lock);
          return NULL;
        }
      g_string_append_printf (server->log, "%s\n", line);
      if (server->port == 0 && g_regex_match (listening, line, 0, &match))
        {
          g_autofree char *port = g_match_info_fetch (match, 1);

          server->port = (guint16)g_ascii_strtoull (port, NULL, 10);
          g_cond_broadcast (&server->cond);
        }
      g_mutex_unlock (&server->lock);
    }
}

OpsTestServer *
ops_test_server_start (const char *config_path,
                       const char *contents,
                       const char *store_path)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (config_path);
  OpsTestServer *server = g_new0 (OpsTestServer, 1);
  gint64 deadline = g_get_monotonic_time () + START_SECONDS * G_USEC_PER_SEC;

  g_mutex_init (&server->lock);
  g_cond_init (&server->cond);
  server->log = g_string_new (NULL);
  server->store = g_strdup (store_path);

  g_mkdir_with_parents (folder, 0700);
  g_file_set_contents (config_path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (config_path, 0600), ==, 0);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  server->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OPS_BINARY"), "--headless",
                                                 "--config", config_path, "--store", store_path, NULL);
  g_assert_no_error (error);
  server->reader = g_thread_new ("server-stderr", read_stderr, server);

  g_mutex_lock (&server->lock);
  while (server->port == 0 && !server->ended)
    if (!g_cond_wait_until (&server->cond, &server->lock, deadline))
      break;
  g_mutex_unlock (&server->lock);
  if (server->port == 0)
    g_error ("The server did not start:\n%s", server->log->str);
  return server;
}

guint16
ops_test_server_get_port (OpsTestServer *server)
{
  return server->port;
}

const char *
ops_test_server_get_store (OpsTestServer *server)
{
  return server->store;
}

char *
ops_test_server_url (OpsTestServer *server,
                     const char    *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);
}

char *
ops_test_server_get_log (OpsTestServer *server)
{
  char *log;

  g_mutex_lock (&server->lock);
  log = g_strdup (server->log->str);
  g_mutex_unlock (&server->lock);
  return log;
}

void
ops_test_server_stop (OpsTestServer *server)
{
  g_autoptr(GError) error = NULL;

  if (server == NULL)
    return;
  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (server->reader);
  g_test_message ("server log:\n%s", server->log->str);
  if (g_subprocess_get_if_signaled (server->process))
    g_test_message ("the server died of signal %d", g_subprocess_get_term_sig (server->process));
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
  g_string_free (server->log, TRUE);
  g_free (server->store);
  g_mutex_clear (&server->lock);
  g_cond_clear (&server->cond);
  g_free (server);
}
