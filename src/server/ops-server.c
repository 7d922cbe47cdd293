/* ops-server.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The headless server's HTTP side.
 */

#define G_LOG_DOMAIN "OpsServer"

#include "config.h"

#include "ops-device-service.h"
#include "ops-server.h"
#include "ops-server-auth.h"
#include "ops-server-devices.h"
#include "ops-server-limits.h"
#include "ops-server-metrics.h"
#include "ops-server-stripe.h"
#include "ops-server-twilio.h"
#include "ops-server-vision.h"
#include "ops-sse-hub.h"

struct _OpsServer
{
  GObject     parent_instance;
  OpsServiceLayer *services;
  OpsConfig  *config;
  OpsStore   *store;
  SoupServer *soup;
  guint16     port;
  OpsServerDevices *devices;
  OpsServerAuth    *auth;
  OpsMetrics       *metrics;
  OpsServerLimits  *limits;
  OpsServerMetrics *server_metrics;
  OpsServerStripe  *stripe;
  OpsServerTwilio  *twilio;
  OpsServerVision  *vision;
  OpsSseHub        *sse;
};

G_DEFINE_FINAL_TYPE (OpsServer, ops_server, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-server-error-quark, ops_server_error)

/*
 * Auxiliary methods
 */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonBuilder       *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length = 0;
  char *body;

  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *error,
               const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, error);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  respond_json (msg, status, builder);
}

/* The staff routes' hook: bearer tokens or the trusted proxy's headers. */
static gboolean
authorize_cb (SoupServerMessage *msg,
              gpointer           user_data)
{
  return ops_server_authorize (OPS_SERVER (user_data), msg, NULL);
}

static OpsServerAuth *
make_auth (OpsServiceLayer *services)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsConfig) closed = NULL;
  OpsServerAuth *auth;

  auth = ops_server_auth_new (ops_service_layer_get_config (services), ops_service_layer_is_demo (services), &error);
  if (auth != NULL)
    return auth;

  /* The config was checked when it was loaded; never fall back to open. */
  g_warning ("Staff routes are closed: %s", error->message);
  closed = ops_config_new ();
  return ops_server_auth_new (closed, FALSE, NULL);
}

/*
 * Callbacks
 */

static void
on_health_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  OpsServer *self = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GError) error = NULL;
  OpsStoreCounts counts = { 0 };
  gboolean ok;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET &&
      soup_server_message_get_method (msg) != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", "Use GET /health.");
      return;
    }

  ok = ops_store_get_counts (self->store, &counts, &error);
  if (!ok)
    g_warning ("Health check could not read the store: %s", error->message);

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, ok ? "ok" : "degraded");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "store");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "path");
  json_builder_add_string_value (builder, ops_store_get_path (self->store));
  if (ok)
    {
      json_builder_set_member_name (builder, "counts");
      json_builder_begin_object (builder);
#define COUNT(field) json_builder_set_member_name (builder, #field); json_builder_add_int_value (builder, counts.field)
      COUNT (customers);
      COUNT (technicians);
      COUNT (jobs);
      COUNT (tickets);
      COUNT (equipment);
      COUNT (outbox_pending);
#undef COUNT
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "error");
      json_builder_add_string_value (builder, error->message);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  respond_json (msg, ok ? SOUP_STATUS_OK : SOUP_STATUS_SERVICE_UNAVAILABLE, builder);
}

static void
on_not_found_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  g_autofree char *message = g_strdup_printf ("No route for %s %s.",
                                              soup_server_message_get_method (msg), path);

  respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found", message);
}

/*
 * GObject overrides
 */

static void
ops_server_dispose (GObject *object)
{
  OpsServer *self = (OpsServer *)object;

  if (self->devices)
    ops_server_devices_shutdown (self->devices);
  if (self->vision)
    ops_server_vision_shutdown (self->vision);
  if (self->soup)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->devices);
  g_clear_object (&self->sse);
  g_clear_object (&self->server_metrics);
  g_clear_object (&self->limits);
  g_clear_object (&self->metrics);
  g_clear_object (&self->auth);
  g_clear_object (&self->stripe);
  g_clear_object (&self->twilio);
  g_clear_object (&self->vision);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_server_parent_class)->dispose (object);
}

static void
ops_server_class_init (OpsServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ops_server_dispose;
}

static void
ops_server_init (OpsServer *self)
{
}

/*
 * Public API
 */

OpsServer *
ops_server_new (OpsServiceLayer *services)
{
  OpsServer *self;
  OpsDeviceService *devices;

  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  self = g_object_new (OPS_TYPE_SERVER, NULL);
  self->services = g_object_ref (services);
  self->config = g_object_ref (ops_service_layer_get_config (services));
  self->store = g_object_ref (ops_service_layer_get_store (services));
  self->soup = soup_server_new ("server-header", PACKAGE_NAME "/" PACKAGE_VERSION " ", NULL);

  soup_server_add_handler (self->soup, NULL, on_not_found_cb, self, NULL);
  soup_server_add_handler (self->soup, "/health", on_health_cb, self, NULL);

  /* Every request: 503 while stopping, webhook rate limits, body size;
   * then staff authentication and GET /metrics. */
  self->auth = make_auth (services);
  self->metrics = ops_metrics_new ();
  self->limits = ops_server_limits_new (self->config, self->auth, self->metrics);
  ops_server_limits_attach (self->limits, self->soup);
  self->server_metrics = ops_server_metrics_new (self->metrics, services);
  ops_server_metrics_add_handlers (self->server_metrics, self->soup);

  /* Equipment routes: the demo workspace's devices, or GenieACS / Oktopus,
   * through the service layer's device service. */
  devices = ops_service_layer_get_devices (services);
  self->devices = ops_server_devices_new (devices, devices ? NULL : "No device service");
  ops_server_devices_add_handlers (self->devices, self->soup);
  ops_server_devices_set_authorize_func (self->devices, authorize_cb, self, NULL);

  /* Live events: /sse streams the bus, /broadcast publishes on it. */
  self->sse = ops_sse_hub_new (ops_service_layer_get_bus (services), self->config);
  ops_sse_hub_add_handlers (self->sse, self->soup);
  ops_sse_hub_set_authorize_func (self->sse, authorize_cb, self, NULL);
  ops_server_metrics_watch_sse (self->server_metrics, self->sse);

  /* Stripe's webhook: payments become Payment Entries through the outbox. */
  self->stripe = ops_server_stripe_new (services, self->metrics);
  ops_server_stripe_add_handlers (self->stripe, self->soup);

  /* SMS: /send/sms and Twilio's webhooks. */
  self->twilio = ops_server_twilio_new (self);
  ops_server_twilio_add_handlers (self->twilio, self->soup);

  /* Photos: barcodes (zbar, then Gemini), equipment labels and invoices. */
  self->vision = ops_server_vision_new (self);
  ops_server_vision_add_handlers (self->vision, self->soup);

  return self;
}

OpsServiceLayer *
ops_server_get_services (OpsServer *self)
{
  g_return_val_if_fail (OPS_IS_SERVER (self), NULL);

  return self->services;
}

/* SoupServer's own listen() keeps the default backlog of 10: thousands of
 * consoles reconnecting at once would see their SYNs dropped. */
static gboolean
listen_with_backlog (SoupServer      *soup,
                     GSocketAddress  *address,
                     GError         **error)
{
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, 4096);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error))
    return FALSE;
  return soup_server_listen_socket (soup, socket, 0, error);
}

/**
 * ops_server_listen:
 *
 * Listens on [server] listen and port; port 0 picks a free port, which
 * ops_server_get_port() then tells.
 */
gboolean
ops_server_listen (OpsServer  *self,
                   GError    **error)
{
  const char *listen = ops_config_get_string (self->config, "server", "listen");
  guint16 port = (guint16)ops_config_get_int (self->config, "server", "port");
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (listen);
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GError) local_error = NULL;
  GSList *uris;

  g_return_val_if_fail (OPS_IS_SERVER (self), FALSE);

  if (address == NULL)
    {
      g_set_error (error, OPS_SERVER_ERROR, OPS_SERVER_ERROR_LISTEN,
                   "[server] listen = %s is not an IP address", listen);
      return FALSE;
    }

  socket_address = g_inet_socket_address_new (address, port);
  if (!listen_with_backlog (self->soup, socket_address, &local_error))
    {
      g_set_error (error, OPS_SERVER_ERROR, OPS_SERVER_ERROR_LISTEN,
                   "Cannot listen on %s port %u: %s. Choose another [server] port or stop what uses it.",
                   listen, port, local_error->message);
      return FALSE;
    }

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      self->port = g_uri_get_port (uris->data);
      g_message ("Listening on %s:%u", listen, self->port);
    }
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);

  return TRUE;
}

OpsServerAuth *
ops_server_get_auth (OpsServer *self)
{
  g_return_val_if_fail (OPS_IS_SERVER (self), NULL);

  return self->auth;
}

OpsSseHub *
ops_server_get_sse_hub (OpsServer *self)
{
  g_return_val_if_fail (OPS_IS_SERVER (self), NULL);

  return self->sse;
}

OpsMetrics *
ops_server_get_metrics (OpsServer *self)
{
  g_return_val_if_fail (OPS_IS_SERVER (self), NULL);

  return self->metrics;
}

/**
 * ops_server_stop_accepting:
 *
 * The first step of a graceful stop: every new request is answered 503
 * while what is in flight finishes; ops_server_shutdown () then closes.
 */
void
ops_server_stop_accepting (OpsServer *self)
{
  g_return_if_fail (OPS_IS_SERVER (self));

  ops_server_limits_set_draining (self->limits, TRUE);
  if (self->devices)
    ops_server_devices_shutdown (self->devices);
  if (self->vision)
    ops_server_vision_shutdown (self->vision);
  /* Live streams get their final event now, not after the drain. */
  if (self->sse)
    ops_sse_hub_shutdown (self->sse);
}

guint16
ops_server_get_port (OpsServer *self)
{
  g_return_val_if_fail (OPS_IS_SERVER (self), 0);

  return self->port;
}

void
ops_server_shutdown (OpsServer *self)
{
  g_return_if_fail (OPS_IS_SERVER (self));

  if (self->devices)
    ops_server_devices_shutdown (self->devices);
  if (self->vision)
    ops_server_vision_shutdown (self->vision);
  if (self->sse)
    ops_sse_hub_shutdown (self->sse);
  if (self->soup)
    soup_server_disconnect (self->soup);
}
