/* ops-headless.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `gigafibre-ops --headless`: the server's main loop. Never touches GTK.
 */

#define G_LOG_DOMAIN "OpsHeadless"

#include "config.h"

#include <glib-unix.h>

#include "ops-headless.h"
#include "ops-server.h"
#include "ops-workspace.h"

static gboolean
on_signal_cb (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_message ("Stopping");
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

/**
 * ops_headless_run:
 *
 * Returns: the process exit status
 */
int
ops_headless_run (OpsConfig  *config,
                  const char *store_path,
                  gboolean    force_demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(OpsServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  guint sigint, sigterm;

  store = ops_workspace_open (config, store_path, force_demo, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_message ("Store: %s%s", ops_store_get_path (store),
             ops_workspace_is_demo (config, force_demo) ? " (demo workspace)" : "");

  server = ops_server_new (config, store);
  if (!ops_server_listen (server, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal_cb, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, loop);

  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  ops_server_shutdown (server);
  return 0;
}
