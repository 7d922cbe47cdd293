/* ops-server-auth.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-server-auth"

#include "config.h"

#include <string.h>

#include "ops-auth.h"
#include "ops-metrics.h"
#include "ops-server-auth.h"
#include "ops-server-response.h"

#define REALM "Bearer realm=\"" PACKAGE_NAME "\""

struct _OpsServerAuth
{
  GObject    parent_instance;

  GBytes    *digests;   /* OPS_AUTH_DIGEST_SIZE bytes per token */
  guint      n_tokens;
  GPtrArray *proxies;   /* GInetAddressMask */
  gboolean   demo;
};

G_DEFINE_FINAL_TYPE (OpsServerAuth, ops_server_auth, G_TYPE_OBJECT)

void
ops_server_identity_free (OpsServerIdentity *identity)
{
  if (identity == NULL)
    return;
  g_free (identity->name);
  g_free (identity->groups);
  g_free (identity->address);
  g_free (identity);
}

static OpsServerIdentity *
identity_new (OpsServerIdentityKind  kind,
              char                  *name,
              const char            *groups,
              char                  *address)
{
  OpsServerIdentity *identity = g_new0 (OpsServerIdentity, 1);

  identity->kind = kind;
  identity->name = name;
  identity->groups = g_strdup (groups);
  identity->address = address;
  return identity;
}

/*
 * Auxiliary methods
 */

static GInetAddress *
peer_address (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  if (remote == NULL || !G_IS_INET_SOCKET_ADDRESS (remote))
    return NULL;
  return g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));
}

/* The token of "Authorization: Bearer <token>", or NULL. */
static const char *
bearer_token (SoupServerMessage *msg,
              gsize             *length)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    "Authorization");
  const char *end;

  if (value == NULL)
    return NULL;
  while (g_ascii_isspace (*value))
    value++;
  if (g_ascii_strncasecmp (value, "Bearer", 6) != 0 || !g_ascii_isspace (value[6]))
    return NULL;
  value += 6;
  while (g_ascii_isspace (*value))
    value++;

  end = value + strlen (value);
  while (end > value && g_ascii_isspace (end[-1]))
    end--;
  if (end == value)
    return NULL;
  *length = end - value;
  return value;
}

static void
refuse (SoupServerMessage *msg,
        const char        *challenge,
        const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate", challenge);
  ops_server_respond_error (msg, SOUP_STATUS_UNAUTHORIZED, "unauthorized", message);
}

/*
 * GObject overrides
 */

static void
ops_server_auth_finalize (GObject *object)
{
  OpsServerAuth *self = OPS_SERVER_AUTH (object);

  g_clear_pointer (&self->digests, g_bytes_unref);
  g_clear_pointer (&self->proxies, g_ptr_array_unref);

  G_OBJECT_CLASS (ops_server_auth_parent_class)->finalize (object);
}

static void
ops_server_auth_class_init (OpsServerAuthClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_server_auth_finalize;
}

static void
ops_server_auth_init (OpsServerAuth *self)
{
}

/*
 * Public API
 */

OpsServerAuth *
ops_server_auth_new (OpsConfig  *config,
                     gboolean    demo,
                     GError    **error)
{
  g_autoptr(OpsServerAuth) self = NULL;
  g_auto(GStrv) tokens = NULL;
  g_auto(GStrv) proxies = NULL;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);

  tokens = ops_config_get_list (config, "server", "tokens");
  proxies = ops_config_get_list (config, "server", "trusted_proxies");

  self = g_object_new (OPS_TYPE_SERVER_AUTH, NULL);
  self->demo = demo;
  if ((self->digests = ops_auth_parse_digests ((const char * const *)tokens, error)) == NULL)
    return NULL;
  self->n_tokens = g_strv_length (tokens);
  if ((self->proxies = ops_auth_parse_networks ((const char * const *)proxies, error)) == NULL)
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
ops_server_auth_is_open (OpsServerAuth *self)
{
  g_return_val_if_fail (OPS_IS_SERVER_AUTH (self), FALSE);

  return self->demo && self->n_tokens == 0 && self->proxies->len == 0;
}

char *
ops_server_auth_client_address (OpsServerAuth     *self,
                                SoupServerMessage *msg)
{
  GInetAddress *peer;

  g_return_val_if_fail (OPS_IS_SERVER_AUTH (self), NULL);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), NULL);

  if ((peer = peer_address (msg)) == NULL)
    return g_strdup ("unknown");
  return ops_auth_client_address (peer,
                                  soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                                 "X-Forwarded-For"),
                                  self->proxies);
}

gboolean
ops_server_auth_check (OpsServerAuth      *self,
                       SoupServerMessage  *msg,
                       OpsServerIdentity **identity)
{
  SoupMessageHeaders *headers;
  GInetAddress *peer;
  const char *token;
  const char *email;
  gsize length = 0;
  gboolean from_proxy;

  g_return_val_if_fail (OPS_IS_SERVER_AUTH (self), FALSE);
  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);

  if (identity != NULL)
    *identity = NULL;

  if (ops_server_auth_is_open (self))
    {
      if (identity != NULL)
        *identity = identity_new (OPS_SERVER_IDENTITY_OPEN, g_strdup ("demo"), NULL,
                                  ops_server_auth_client_address (self, msg));
      return TRUE;
    }

  if (self->n_tokens == 0 && self->proxies->len == 0)
    {
      refuse (msg, REALM,
              "The staff routes are closed until access is configured. Add [server] tokens = sha256:<hex>, "
              "the digest of a long random token (printf %s TOKEN | sha256sum), and send "
              "“Authorization: Bearer TOKEN”; or list the reverse proxy's address in [server] trusted_proxies.");
      return FALSE;
    }

  headers = soup_server_message_get_request_headers (msg);
  peer = peer_address (msg);
  from_proxy = peer != NULL && ops_auth_address_in_networks (peer, self->proxies);

  token = bearer_token (msg, &length);
  if (token != NULL && self->n_tokens > 0)
    {
      int index = ops_auth_match_token (self->digests, token, length);

      if (index >= 0)
        {
          if (identity != NULL)
            *identity = identity_new (OPS_SERVER_IDENTITY_TOKEN, g_strdup_printf ("token %d", index + 1), NULL,
                                      ops_server_auth_client_address (self, msg));
          return TRUE;
        }
    }

  email = soup_message_headers_get_one (headers, "X-Authentik-Email");
  if (email != NULL && *email != '\0' && from_proxy)
    {
      if (identity != NULL)
        *identity = identity_new (OPS_SERVER_IDENTITY_PROXY, g_strstrip (g_strdup (email)),
                                  soup_message_headers_get_one (headers, "X-Authentik-Groups"),
                                  ops_server_auth_client_address (self, msg));
      return TRUE;
    }

  if (token != NULL && self->n_tokens > 0)
    refuse (msg, REALM ", error=\"invalid_token\"",
            "The bearer token was refused: it matches none of [server] tokens.");
  else if (email != NULL && !from_proxy)
    refuse (msg, REALM,
            "X-Authentik-Email is only accepted from the addresses in [server] trusted_proxies. "
            "Go through the reverse proxy, or send “Authorization: Bearer TOKEN”.");
  else if (self->n_tokens == 0)
    refuse (msg, REALM,
            "This route needs the reverse proxy's identity (X-Authentik-Email from an address in "
            "[server] trusted_proxies); no bearer token is configured.");
  else
    refuse (msg, REALM,
            "This route needs “Authorization: Bearer TOKEN”, with a token whose digest is in [server] tokens.");
  return FALSE;
}

gboolean
ops_server_authorize (OpsServer          *server,
                      SoupServerMessage  *msg,
                      OpsServerIdentity **identity)
{
  g_autoptr(OpsServerIdentity) who = NULL;

  g_return_val_if_fail (OPS_IS_SERVER (server), FALSE);

  if (!ops_server_auth_check (ops_server_get_auth (server), msg, &who))
    {
      g_autofree char *address = ops_server_get_client_address (server, msg);

      g_debug ("%s %s from %s: unauthorized", soup_server_message_get_method (msg),
               g_uri_get_path (soup_server_message_get_uri (msg)), address);
      ops_metrics_counter_inc (ops_server_get_metrics (server), "ops_http_refused_total",
                               "reason", "unauthorized", NULL);
      return FALSE;
    }

  g_debug ("%s %s by %s from %s", soup_server_message_get_method (msg),
           g_uri_get_path (soup_server_message_get_uri (msg)), who->name, who->address);
  if (identity != NULL)
    *identity = g_steal_pointer (&who);
  return TRUE;
}

char *
ops_server_get_client_address (OpsServer         *server,
                               SoupServerMessage *msg)
{
  g_return_val_if_fail (OPS_IS_SERVER (server), NULL);

  return ops_server_auth_client_address (ops_server_get_auth (server), msg);
}
