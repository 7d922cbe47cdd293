/* ops-server-metrics.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Outbox delivery latency is read from the store: the worker delivers the
 * oldest deliverable row and publishes "outbox"; each time, the row that
 * was next is looked up again, and once done its created -> done time is
 * observed.  Rows delivered between two events are not all seen: it is a
 * sample, with the exact latency of each row it holds.
 */

#define G_LOG_DOMAIN "ops-server-metrics"

#include "config.h"

#include <string.h>

#include "ops-outbox.h"
#include "ops-server-metrics.h"
#include "ops-server-response.h"

static const double sync_bounds[] = { 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800 };
static const double delivery_bounds[] = { 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600 };

/* The route label: a known prefix, never what a client made up. */
static const char * const routes[] = {
  "/health", "/metrics", "/sse", "/broadcast", "/send/sms",
  "/webhook/twilio", "/webhook/stripe", "/devices", "/vision",
};

struct _OpsServerMetrics
{
  GObject          parent_instance;

  OpsMetrics      *metrics;
  OpsServiceLayer *services;
  OpsStore        *store;
  OpsSseHub       *hub;
  guint            collector;
  gulong           state_handler;
  gulong           bus_handler;

  gint64           start_time;      /* unix seconds */
  gboolean         syncing;
  gint64           sync_started;    /* monotonic µs */
  gint64           watched_row;     /* outbox row that was next, 0 = none */
};

G_DEFINE_FINAL_TYPE (OpsServerMetrics, ops_server_metrics, G_TYPE_OBJECT)

/*
 * Auxiliary methods
 */

static const char *
route_label (const char *path)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      gsize len = strlen (routes[i]);

      if (strncmp (path, routes[i], len) == 0 && (path[len] == '\0' || path[len] == '/'))
        return routes[i];
    }
  return "other";
}

static double
seconds_between (const char *from,
                 const char *to)
{
  g_autoptr(GDateTime) start = from ? g_date_time_new_from_iso8601 (from, NULL) : NULL;
  g_autoptr(GDateTime) end = to ? g_date_time_new_from_iso8601 (to, NULL) : NULL;

  if (start == NULL || end == NULL)
    return -1;
  return (double)g_date_time_difference (end, start) / G_USEC_PER_SEC;
}

static void
describe (OpsMetrics *metrics)
{
  ops_metrics_describe (metrics, "ops_build_info", OPS_METRIC_GAUGE,
                        "The version of gigafibre-ops serving (always 1).");
  ops_metrics_describe (metrics, "process_start_time_seconds", OPS_METRIC_GAUGE,
                        "Unix time the server started.");
  ops_metrics_describe (metrics, "ops_http_responses_total", OPS_METRIC_COUNTER,
                        "HTTP responses by route prefix and status code.");
  ops_metrics_describe (metrics, "ops_http_refused_total", OPS_METRIC_COUNTER,
                        "Requests refused before their handler: unauthorized, rate_limited, too_large, shutting_down.");
  ops_metrics_describe (metrics, "ops_webhook_requests_total", OPS_METRIC_COUNTER,
                        "Webhook requests by provider (twilio, stripe) and outcome.");
  ops_metrics_describe (metrics, "ops_outbox_depth", OPS_METRIC_GAUGE,
                        "ERPNext writes in the outbox by state (pending, sending, failed).");
  ops_metrics_describe (metrics, "ops_outbox_oldest_pending_seconds", OPS_METRIC_GAUGE,
                        "Age of the next write waiting for delivery (0 when none waits).");
  ops_metrics_describe_histogram (metrics, "ops_outbox_delivery_seconds",
                                  "Time from queueing a write to ERPNext applying it.",
                                  delivery_bounds, G_N_ELEMENTS (delivery_bounds));
  ops_metrics_describe_histogram (metrics, "ops_erpnext_sync_duration_seconds",
                                  "Duration of each sync with ERPNext.",
                                  sync_bounds, G_N_ELEMENTS (sync_bounds));
  ops_metrics_describe (metrics, "ops_erpnext_syncs_total", OPS_METRIC_COUNTER,
                        "Syncs with ERPNext by outcome (ok, failed).");
  ops_metrics_describe (metrics, "ops_erpnext_up", OPS_METRIC_GAUGE,
                        "1 when ERPNext answered the last request, 0 when offline or refusing the key.");
  ops_metrics_describe (metrics, "ops_erpnext_last_sync_timestamp_seconds", OPS_METRIC_GAUGE,
                        "Unix time of the last complete sync with ERPNext (0 = never).");
}

/*
 * Callbacks
 */

static void
collect (OpsMetrics *metrics,
         gpointer    user_data)
{
  OpsServerMetrics *self = user_data;
  g_autoptr(OpsOutboxEntry) next = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_text = g_date_time_format_iso8601 (now);
  double oldest = 0;

  ops_metrics_gauge_set (metrics, "ops_build_info", 1, "version", PACKAGE_VERSION, NULL);
  ops_metrics_gauge_set (metrics, "process_start_time_seconds", (double)self->start_time, NULL);

  ops_metrics_gauge_set (metrics, "ops_outbox_depth", (double)ops_outbox_count (self->store, OPS_OUTBOX_PENDING),
                         "state", "pending", NULL);
  ops_metrics_gauge_set (metrics, "ops_outbox_depth", (double)ops_outbox_count (self->store, OPS_OUTBOX_SENDING),
                         "state", "sending", NULL);
  ops_metrics_gauge_set (metrics, "ops_outbox_depth", (double)ops_outbox_count (self->store, OPS_OUTBOX_FAILED),
                         "state", "failed", NULL);
  if ((next = ops_outbox_next (self->store, NULL)) != NULL)
    oldest = MAX (0, seconds_between (next->created_at, now_text));
  ops_metrics_gauge_set (metrics, "ops_outbox_oldest_pending_seconds", oldest, NULL);

  if (self->hub != NULL)
    {
      ops_metrics_gauge_set (metrics, "ops_sse_clients", ops_sse_hub_get_clients (self->hub), NULL);
      ops_metrics_counter_set (metrics, "ops_sse_events_published_total",
                               (double)ops_sse_hub_get_events_published (self->hub), NULL);
      ops_metrics_counter_set (metrics, "ops_sse_events_delivered_total",
                               (double)ops_sse_hub_get_events_delivered (self->hub), NULL);
      ops_metrics_counter_set (metrics, "ops_sse_streams_dropped_total",
                               (double)ops_sse_hub_get_streams_dropped (self->hub), NULL);
    }

  if (!ops_service_layer_is_demo (self->services))
    {
      OpsConnectionState state = ops_service_layer_get_state (self->services);

      ops_metrics_gauge_set (metrics, "ops_erpnext_up",
                             state == OPS_CONNECTION_ONLINE || state == OPS_CONNECTION_SYNCING ? 1 : 0, NULL);
      ops_metrics_gauge_set (metrics, "ops_erpnext_last_sync_timestamp_seconds",
                             (double)ops_service_layer_get_last_sync (self->services), NULL);
    }
}

static void
on_state_cb (OpsServiceLayer *services,
             GParamSpec      *pspec,
             gpointer         user_data)
{
  OpsServerMetrics *self = user_data;
  OpsConnectionState state = ops_service_layer_get_state (services);

  if (state == OPS_CONNECTION_SYNCING && !self->syncing)
    {
      self->syncing = TRUE;
      self->sync_started = g_get_monotonic_time ();
    }
  else if (state != OPS_CONNECTION_SYNCING && self->syncing)
    {
      double seconds = (double)(g_get_monotonic_time () - self->sync_started) / G_USEC_PER_SEC;

      self->syncing = FALSE;
      ops_metrics_histogram_observe (self->metrics, "ops_erpnext_sync_duration_seconds", seconds, NULL);
      ops_metrics_counter_inc (self->metrics, "ops_erpnext_syncs_total",
                               "outcome", state == OPS_CONNECTION_ONLINE ? "ok" : "failed", NULL);
    }
}

static void
watch_next_row (OpsServerMetrics *self)
{
  g_autoptr(OpsOutboxEntry) next = ops_outbox_next (self->store, NULL);

  self->watched_row = next ? next->id : 0;
}

static void
on_bus_event_cb (OpsEventBus *bus,
                 const char  *topic,
                 JsonNode    *data,
                 gpointer     user_data)
{
  OpsServerMetrics *self = user_data;

  if (!g_str_equal (topic, "outbox"))
    return;

  if (self->watched_row != 0)
    {
      g_autoptr(OpsOutboxEntry) entry = ops_outbox_get (self->store, self->watched_row, NULL);

      if (entry != NULL && entry->state != OPS_OUTBOX_DONE && entry->state != OPS_OUTBOX_FAILED)
        return;
      if (entry != NULL && entry->state == OPS_OUTBOX_DONE)
        {
          double seconds = seconds_between (entry->created_at, entry->updated_at);

          if (seconds >= 0)
            ops_metrics_histogram_observe (self->metrics, "ops_outbox_delivery_seconds", seconds, NULL);
        }
    }
  watch_next_row (self);
}

static void
on_request_finished_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  OpsServerMetrics *self = user_data;
  char code[16];

  g_snprintf (code, sizeof code, "%u", soup_server_message_get_status (msg));
  ops_metrics_counter_inc (self->metrics, "ops_http_responses_total",
                           "route", route_label (g_uri_get_path (soup_server_message_get_uri (msg))),
                           "code", code, NULL);
}

static void
on_metrics_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  OpsServerMetrics *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  char *text;

  if (!g_str_equal (path, "/metrics"))
    {
      ops_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", "Use GET /metrics.");
      return;
    }
  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      ops_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", "Use GET /metrics.");
      return;
    }

  text = ops_metrics_render (self->metrics);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8",
                                    SOUP_MEMORY_TAKE, text, strlen (text));
}

/*
 * GObject overrides
 */

static void
ops_server_metrics_dispose (GObject *object)
{
  OpsServerMetrics *self = OPS_SERVER_METRICS (object);

  if (self->collector != 0)
    {
      ops_metrics_remove_collector (self->metrics, self->collector);
      self->collector = 0;
    }
  if (self->services != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->services);
      g_clear_signal_handler (&self->bus_handler, ops_service_layer_get_bus (self->services));
    }
  g_clear_object (&self->hub);
  g_clear_object (&self->store);
  g_clear_object (&self->services);
  g_clear_object (&self->metrics);

  G_OBJECT_CLASS (ops_server_metrics_parent_class)->dispose (object);
}

static void
ops_server_metrics_class_init (OpsServerMetricsClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ops_server_metrics_dispose;
}

static void
ops_server_metrics_init (OpsServerMetrics *self)
{
}

/*
 * Public API
 */

OpsServerMetrics *
ops_server_metrics_new (OpsMetrics      *metrics,
                        OpsServiceLayer *services)
{
  OpsServerMetrics *self;

  g_return_val_if_fail (OPS_IS_METRICS (metrics), NULL);
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  self = g_object_new (OPS_TYPE_SERVER_METRICS, NULL);
  self->metrics = g_object_ref (metrics);
  self->services = g_object_ref (services);
  self->store = g_object_ref (ops_service_layer_get_store (services));
  self->start_time = g_get_real_time () / G_USEC_PER_SEC;

  describe (metrics);
  self->collector = ops_metrics_add_collector (metrics, collect, self, NULL);
  self->state_handler = g_signal_connect (services, "notify::state", G_CALLBACK (on_state_cb), self);
  self->bus_handler = g_signal_connect (ops_service_layer_get_bus (services), "event",
                                        G_CALLBACK (on_bus_event_cb), self);
  on_state_cb (services, NULL, self);
  watch_next_row (self);
  return self;
}

void
ops_server_metrics_add_handlers (OpsServerMetrics *self,
                                 SoupServer       *server)
{
  g_return_if_fail (OPS_IS_SERVER_METRICS (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  soup_server_add_handler (server, "/metrics", on_metrics_cb, self, NULL);
  g_signal_connect_object (server, "request-finished", G_CALLBACK (on_request_finished_cb), self, 0);
}

void
ops_server_metrics_watch_sse (OpsServerMetrics *self,
                              OpsSseHub        *hub)
{
  g_return_if_fail (OPS_IS_SERVER_METRICS (self));
  g_return_if_fail (OPS_IS_SSE_HUB (hub));

  g_set_object (&self->hub, hub);
  ops_metrics_describe (self->metrics, "ops_sse_clients", OPS_METRIC_GAUGE,
                        "Open /sse event streams.");
  ops_metrics_describe (self->metrics, "ops_sse_events_published_total", OPS_METRIC_COUNTER,
                        "Bus events formatted for the streams.");
  ops_metrics_describe (self->metrics, "ops_sse_events_delivered_total", OPS_METRIC_COUNTER,
                        "Events written in full to a stream (replays included).");
  ops_metrics_describe (self->metrics, "ops_sse_streams_dropped_total", OPS_METRIC_COUNTER,
                        "Streams closed for not reading fast enough.");
}
