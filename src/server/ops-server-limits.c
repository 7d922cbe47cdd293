/* ops-server-limits.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-server-limits"

#include "config.h"

#include <math.h>

#include "ops-rate-limit.h"
#include "ops-server-limits.h"
#include "ops-server-response.h"

/* libsoup 3.2 has no name for it. */
#define STATUS_TOO_MANY_REQUESTS 429
#define MIN_MAX_BODY 1024
#define MAX_MAX_BODY (1024 * 1024 * 1024)

struct _OpsServerLimits
{
  GObject        parent_instance;

  OpsServerAuth *auth;
  OpsMetrics    *metrics;
  OpsRateLimit  *webhooks;
  gsize          max_body;
  gsize          max_image;   /* [vision] max_image_bytes, for /vision/ routes */
  gboolean       draining;
};

G_DEFINE_FINAL_TYPE (OpsServerLimits, ops_server_limits, G_TYPE_OBJECT)

/*
 * Auxiliary methods
 */

/* A known provider, so that a label never holds what a client made up. */
static const char *
webhook_provider (const char *path)
{
  if (g_str_has_prefix (path, "/webhook/twilio"))
    return "twilio";
  if (g_str_has_prefix (path, "/webhook/stripe"))
    return "stripe";
  return "other";
}

/* The body of a refused request is read (HTTP/1.1 needs it off the
 * connection) but not kept. */
static void
drop_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
}

static void
refuse (OpsServerLimits   *self,
        SoupServerMessage *msg,
        guint              status,
        const char        *error,
        const char        *reason,
        const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  ops_server_respond_error (msg, status, error, message);
  drop_body (msg);
  ops_metrics_counter_inc (self->metrics, "ops_http_refused_total", "reason", reason, NULL);
}

/* A photo is bigger than any other request: the vision routes read up to
 * [vision] max_image_bytes, plus room for a multipart form's headers, and
 * check the image's own size themselves. */
#define FORM_OVERHEAD (64 * 1024)

static gboolean
is_vision (SoupServerMessage *msg)
{
  return g_str_has_prefix (g_uri_get_path (soup_server_message_get_uri (msg)), "/vision/");
}

static gsize
body_limit (OpsServerLimits   *self,
            SoupServerMessage *msg)
{
  if (is_vision (msg))
    return MAX (self->max_body, self->max_image + FORM_OVERHEAD);
  return self->max_body;
}

static void
refuse_too_large (OpsServerLimits   *self,
                  SoupServerMessage *msg)
{
  g_autofree char *message = g_strdup_printf ("The request body is larger than %" G_GSIZE_FORMAT " bytes "
                                              "(%s).", body_limit (self, msg),
                                              is_vision (msg) ? "[vision] max_image_bytes" : "[server] max_body");

  refuse (self, msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", "too_large", message);
}

/*
 * Callbacks
 */

static void
on_got_headers_cb (SoupServerMessage *msg,
                   gpointer           user_data)
{
  OpsServerLimits *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  gboolean answered = soup_server_message_get_status (msg) != SOUP_STATUS_NONE;

  /* SoupServer runs the routes' early handlers before this: a request one
   * of them has refused still counts, and 503 / 429 replace its answer. */
  if (self->draining)
    {
      refuse (self, msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "shutting_down", "shutting_down",
              "The server is stopping. Try again in a moment.");
      return;
    }

  if (g_str_has_prefix (path, "/webhook/") && ops_rate_limit_is_enabled (self->webhooks))
    {
      g_autofree char *address = ops_server_auth_client_address (self->auth, msg);
      guint retry_after = 0;

      if (!ops_rate_limit_take (self->webhooks, address, &retry_after))
        {
          g_autofree char *seconds = g_strdup_printf ("%u", retry_after);
          g_autofree char *message = g_strdup_printf ("Too many requests from %s: try again in %u s.",
                                                      address, retry_after);

          g_debug ("%s %s from %s: rate limited", soup_server_message_get_method (msg), path, address);
          soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
          refuse (self, msg, STATUS_TOO_MANY_REQUESTS, "rate_limited", "rate_limited", message);
          ops_metrics_counter_inc (self->metrics, "ops_webhook_requests_total",
                                   "provider", webhook_provider (path), "outcome", "rate_limited", NULL);
          return;
        }
    }

  /* An early handler has already answered: the body is of no use. */
  if (answered)
    {
      drop_body (msg);
      return;
    }

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > (goffset)body_limit (self, msg))
    refuse_too_large (self, msg);
}

/* A chunked body says its size only as it arrives. */
static void
on_got_chunk_cb (SoupServerMessage *msg,
                 GBytes            *chunk,
                 gpointer           user_data)
{
  OpsServerLimits *self = user_data;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;
  if ((gsize)soup_server_message_get_request_body (msg)->length > body_limit (self, msg))
    refuse_too_large (self, msg);
}

static void
on_request_started_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       gpointer           user_data)
{
  OpsServerLimits *self = user_data;

  g_signal_connect_object (msg, "got-headers", G_CALLBACK (on_got_headers_cb), self, 0);
  g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), self, 0);
}

/*
 * GObject overrides
 */

static void
ops_server_limits_finalize (GObject *object)
{
  OpsServerLimits *self = OPS_SERVER_LIMITS (object);

  g_clear_object (&self->webhooks);
  g_clear_object (&self->metrics);
  g_clear_object (&self->auth);

  G_OBJECT_CLASS (ops_server_limits_parent_class)->finalize (object);
}

static void
ops_server_limits_class_init (OpsServerLimitsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_server_limits_finalize;
}

static void
ops_server_limits_init (OpsServerLimits *self)
{
}

/*
 * Public API
 */

gboolean
ops_server_limits_check_config (OpsConfig  *config,
                                GError    **error)
{
  double max_body = ops_config_get_double (config, "server", "max_body");
  double rate = ops_config_get_double (config, "server", "webhook_rate");
  double burst = ops_config_get_double (config, "server", "webhook_burst");

  g_return_val_if_fail (OPS_IS_CONFIG (config), FALSE);

  if (max_body != floor (max_body) || max_body < MIN_MAX_BODY || max_body > MAX_MAX_BODY)
    {
      g_set_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_INVALID_VALUE,
                   "[server] max_body: %s is not a size in bytes between %d and %d (1 MiB is 1048576).",
                   ops_config_get_string (config, "server", "max_body"), MIN_MAX_BODY, MAX_MAX_BODY);
      return FALSE;
    }
  if (rate < 0)
    {
      g_set_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_INVALID_VALUE,
                   "[server] webhook_rate: %s is negative. Give requests per second per client, or 0 for no limit.",
                   ops_config_get_string (config, "server", "webhook_rate"));
      return FALSE;
    }
  if (burst < 1)
    {
      g_set_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_INVALID_VALUE,
                   "[server] webhook_burst: %s is below 1. Give how many requests a client may send at once.",
                   ops_config_get_string (config, "server", "webhook_burst"));
      return FALSE;
    }
  return TRUE;
}

/**
 * ops_server_limits_new:
 *
 * Reads [server] max_body, webhook_rate and webhook_burst; values that
 * ops_server_limits_check_config () refuses fall back to the defaults.
 */
OpsServerLimits *
ops_server_limits_new (OpsConfig     *config,
                       OpsServerAuth *auth,
                       OpsMetrics    *metrics)
{
  OpsServerLimits *self;
  double rate, burst;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (OPS_IS_SERVER_AUTH (auth), NULL);
  g_return_val_if_fail (OPS_IS_METRICS (metrics), NULL);

  self = g_object_new (OPS_TYPE_SERVER_LIMITS, NULL);
  self->auth = g_object_ref (auth);
  self->metrics = g_object_ref (metrics);

  if (ops_server_limits_check_config (config, NULL))
    {
      self->max_body = (gsize)ops_config_get_double (config, "server", "max_body");
      self->max_image = (gsize)MAX (0, ops_config_get_double (config, "vision", "max_image_bytes"));
      rate = ops_config_get_double (config, "server", "webhook_rate");
      burst = ops_config_get_double (config, "server", "webhook_burst");
    }
  else
    {
      g_warning ("[server] limits are not valid: using the defaults");
      self->max_body = OPS_SERVER_DEFAULT_MAX_BODY;
      self->max_image = 0;
      rate = 0;
      burst = 1;
    }
  self->webhooks = ops_rate_limit_new (rate, burst);
  return self;
}

void
ops_server_limits_attach (OpsServerLimits *self,
                          SoupServer      *server)
{
  g_return_if_fail (OPS_IS_SERVER_LIMITS (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  g_signal_connect_object (server, "request-started", G_CALLBACK (on_request_started_cb), self, 0);
}

void
ops_server_limits_set_draining (OpsServerLimits *self,
                                gboolean         draining)
{
  g_return_if_fail (OPS_IS_SERVER_LIMITS (self));

  self->draining = draining;
}

gsize
ops_server_limits_get_max_body (OpsServerLimits *self)
{
  g_return_val_if_fail (OPS_IS_SERVER_LIMITS (self), 0);

  return self->max_body;
}

gboolean
ops_server_check_body (SoupServerMessage *msg,
                       gsize              max_body)
{
  SoupMessageHeaders *headers;
  goffset length;
  g_autofree char *message = NULL;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);

  headers = soup_server_message_get_request_headers (msg);
  length = soup_server_message_get_request_body (msg)->length;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    length = MAX (length, soup_message_headers_get_content_length (headers));

  if (length <= (goffset)max_body)
    return TRUE;

  message = g_strdup_printf ("The request body is larger than the %" G_GSIZE_FORMAT " bytes this route accepts.",
                             max_body);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
  ops_server_respond_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large", message);
  drop_body (msg);
  return FALSE;
}
