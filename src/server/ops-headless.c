/* ops-headless.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `gigafibre-ops --headless`: the server's main loop. Never touches GTK.
 *
 * SIGINT or SIGTERM stops it gracefully: new requests are answered 503,
 * live streams get a final event, the outbox worker has up to
 * [server] shutdown_seconds (10) to deliver what is queued (what is left
 * stays in the store for the next start, and the log says so), then the
 * process exits 0.  A second signal skips the wait.
 */

#define G_LOG_DOMAIN "OpsHeadless"

#include "config.h"

#include <glib-unix.h>

#include "ops-headless.h"
#include "ops-outbox.h"
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

#define DRAIN_CHECK_MS 250

typedef struct
{
  GMainLoop  *loop;       /* the loop a signal stops */
  const char *signal;     /* the first signal received */
  guint       n_signals;
} Stopper;

typedef struct
{
  GMainLoop *loop;
  OpsStore  *store;
  gint64     deadline;    /* monotonic µs */
} Drain;

static void
stop (Stopper    *stopper,
      const char *name)
{
  if (stopper->n_signals++ == 0)
    {
      stopper->signal = name;
      g_message ("%s received: stopping", name);
    }
  else
    g_message ("%s received again: stopping now", name);
  g_main_loop_quit (stopper->loop);
}

static gboolean
on_sigint_cb (gpointer user_data)
{
  stop (user_data, "SIGINT");
  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm_cb (gpointer user_data)
{
  stop (user_data, "SIGTERM");
  return G_SOURCE_CONTINUE;
}

/* Nothing left that the worker could deliver now (rows behind a refused
 * one wait for a person, not for time). */
static gboolean
outbox_is_flushed (OpsStore *store)
{
  g_autoptr(OpsOutboxEntry) next = ops_outbox_next (store, NULL);

  return next == NULL;
}

static gint64
outbox_waiting (OpsStore *store)
{
  return ops_outbox_count (store, OPS_OUTBOX_PENDING) + ops_outbox_count (store, OPS_OUTBOX_SENDING);
}

static void
on_drain_event_cb (OpsEventBus *bus,
                   const char  *topic,
                   JsonNode    *data,
                   gpointer     user_data)
{
  Drain *drain = user_data;

  if (g_str_equal (topic, "outbox") && outbox_is_flushed (drain->store))
    g_main_loop_quit (drain->loop);
}

static gboolean
on_drain_tick_cb (gpointer user_data)
{
  Drain *drain = user_data;

  if (outbox_is_flushed (drain->store) || g_get_monotonic_time () >= drain->deadline)
    g_main_loop_quit (drain->loop);
  return G_SOURCE_CONTINUE;
}

/* Gives the outbox worker up to seconds to deliver what is queued,
 * keeping the main loop running (deliveries report there).  Returns TRUE
 * when there was something to deliver. */
static gboolean
drain_outbox (OpsServiceLayer *services,
              guint            seconds,
              Stopper         *stopper)
{
  OpsStore *store = ops_service_layer_get_store (services);
  OpsEventBus *bus = ops_service_layer_get_bus (services);
  g_autoptr(GMainLoop) loop = NULL;
  Drain drain = { 0 };
  gint64 waiting = outbox_waiting (store);
  gulong handler;
  guint tick;

  if (ops_service_layer_is_demo (services))
    {
      g_message ("Outbox: demo workspace, nothing is sent");
      return FALSE;
    }
  if (outbox_is_flushed (store))
    {
      if (waiting > 0)
        g_message ("Outbox: %" G_GINT64_FORMAT " writes wait behind refused ones; they stay in %s",
                   waiting, ops_store_get_path (store));
      else
        g_message ("Outbox: nothing waiting");
      return FALSE;
    }

  /* Counted while the worker moves rows between states: at least one. */
  waiting = MAX (waiting, 1);
  g_message ("Outbox: delivering %" G_GINT64_FORMAT " queued writes (up to %u s)", waiting, seconds);
  loop = g_main_loop_new (NULL, FALSE);
  drain.loop = loop;
  drain.store = store;
  drain.deadline = g_get_monotonic_time () + (gint64)seconds * G_USEC_PER_SEC;
  stopper->loop = loop;

  handler = g_signal_connect (bus, "event", G_CALLBACK (on_drain_event_cb), &drain);
  tick = g_timeout_add (DRAIN_CHECK_MS, on_drain_tick_cb, &drain);
  ops_service_layer_wake_outbox (services);
  g_main_loop_run (loop);
  g_source_remove (tick);
  g_signal_handler_disconnect (bus, handler);
  return TRUE;
}

/* Once the worker has stopped, what the drain left. */
static void
report_outbox (OpsServiceLayer *services)
{
  OpsStore *store = ops_service_layer_get_store (services);
  gint64 waiting = outbox_waiting (store);

  if (waiting == 0)
    g_message ("Outbox: every queued write was delivered");
  else
    g_warning ("Outbox: %" G_GINT64_FORMAT " writes were not delivered; they stay in %s and are sent at the next start",
               waiting, ops_store_get_path (store));
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
  Stopper stopper = { 0 };
  gboolean drained = FALSE;
  guint sigint, sigterm;

  store = ops_workspace_open (config, store_path, force_demo, &error);
  if (store == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_message ("Store: %s%s", ops_store_get_path (store), demo ? " (demo workspace)" : "");

  /* This process is the hub: subscribing to a hub from here would feed its
   * own events back to itself. */
  if (ops_config_get_string (config, "hub", "url") != NULL)
    {
      g_message ("Ignoring [hub] url: --headless is the hub the consoles connect to");
      ops_config_set_string (config, "hub", "url", "");
    }

  /* Keep the store in step with ERPNext and deliver queued writes. */
  services = ops_service_layer_new (config, store, demo, &error);
  if (services == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_signal_connect (services, "notify::state", G_CALLBACK (on_state_cb), NULL);

  /* From here on a signal stops gracefully, even before the loop runs. */
  loop = g_main_loop_new (NULL, FALSE);
  stopper.loop = loop;
  sigint = g_unix_signal_add (SIGINT, on_sigint_cb, &stopper);
  sigterm = g_unix_signal_add (SIGTERM, on_sigterm_cb, &stopper);

  server = ops_server_new (services);
  if (!ops_server_listen (server, &error))
    {
      g_printerr ("%s\n", error->message);
      g_source_remove (sigint);
      g_source_remove (sigterm);
      return 1;
    }

  ops_service_layer_start (services, (guint)ops_config_get_int (config, "erpnext", "sync_interval"));
  g_main_loop_run (loop);

  /* Graceful stop: refuse new work, close live streams, flush the outbox. */
  ops_server_stop_accepting (server);
  ops_service_layer_cancel_sync (services);
  if (stopper.n_signals < 2)
    drained = drain_outbox (services, (guint)ops_config_get_int (config, "server", "shutdown_seconds"), &stopper);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  ops_server_shutdown (server);
  ops_service_layer_stop (services);
  if (drained)
    report_outbox (services);
  g_message ("Stopped");
  return 0;
}
