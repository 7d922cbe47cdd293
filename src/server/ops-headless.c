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
#include "ops-service-layer.h"
#include "ops-workspace.h"

static void
on_state_cb (OpsServiceLayer *services,
             GParamSpec      *pspec,
             gpointer         user_data)
{
  const char *error = ops_service_layer_get_last_error (services);

  switch (ops_service_layer_get_state (services))
    {
    case OPS_CONNECTION_ONLINE:
      g_message ("ERPNext: online (%" G_GINT64_FORMAT " writes waiting)",
                 ops_service_layer_get_pending_writes (services));
      break;
    case OPS_CONNECTION_OFFLINE:
      g_warning ("ERPNext: offline: %s", error ? error : "no answer");
      break;
    case OPS_CONNECTION_AUTH_FAILED:
      g_warning ("ERPNext: %s", error ? error : "the API key was refused");
      break;
    case OPS_CONNECTION_SYNCING:
    case OPS_CONNECTION_CONNECTING:
    case OPS_CONNECTION_DEMO:
    default:
      break;
    }
}

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
  g_autoptr(OpsServiceLayer) services = NULL;
  gboolean demo = ops_workspace_is_demo (config, force_demo);
  g_autoptr(GMainLoop) loop = NULL;
  guint sigint, sigterm;

  store = ops_workspace_open (config, store_path, force_demo, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_message ("Store: %s%s", ops_store_get_path (store), demo ? " (demo workspace)" : "");

  /* Keep the store in step with ERPNext and deliver queued writes. */
  services = ops_service_layer_new (config, store, demo, &error);
  if (services == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_signal_connect (services, "notify::state", G_CALLBACK (on_state_cb), NULL);

  server = ops_server_new (services);
  if (!ops_server_listen (server, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  loop = g_main_loop_new (NULL, FALSE);
  sigint = g_unix_signal_add (SIGINT, on_signal_cb, loop);
  sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, loop);

  ops_service_layer_start (services, (guint)ops_config_get_int (config, "erpnext", "sync_interval"));
  g_main_loop_run (loop);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  ops_service_layer_stop (services);
  ops_server_shutdown (server);
  return 0;
}
