/* ops-server-auth.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who may use the staff routes (/sse, /broadcast, /send/sms, /devices/…,
 * /vision/…):
 *   - Authorization: Bearer <token>, when sha256(token) is one of the
 *     [server] tokens digests (compared in constant time);
 *   - or the reverse proxy's X-Authentik-Email (and X-Authentik-Groups),
 *     only when the connection comes from an address in
 *     [server] trusted_proxies;
 *   - with neither tokens nor proxies configured, nobody, except on the
 *     demo workspace, which stays open so that a newcomer can curl it.
 * Anything else is answered 401 {"error": "unauthorized", "message"} with
 * WWW-Authenticate: Bearer.
 *
 * In a route handler (main context), before any side effect:
 *
 *   g_autoptr(OpsServerIdentity) who = NULL;
 *
 *   if (!ops_server_authorize (server, msg, &who))
 *     return;                      // the 401 is already set
 *   g_debug ("sent by %s", who->name);
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-config.h"
#include "ops-server.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_SERVER_IDENTITY_TOKEN,   /* a bearer token of [server] tokens */
  OPS_SERVER_IDENTITY_PROXY,   /* the trusted reverse proxy's headers */
  OPS_SERVER_IDENTITY_OPEN,    /* demo workspace with nothing configured */
} OpsServerIdentityKind;

typedef struct
{
  OpsServerIdentityKind  kind;
  char                  *name;     /* the proxy's e-mail, "token 2" (its place in
                                    * [server] tokens) or "demo"; never a secret */
  char                  *groups;   /* X-Authentik-Groups as sent, or NULL */
  char                  *address;  /* the client's address */
} OpsServerIdentity;

void ops_server_identity_free (OpsServerIdentity *identity);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsServerIdentity, ops_server_identity_free)

#define OPS_TYPE_SERVER_AUTH (ops_server_auth_get_type ())

G_DECLARE_FINAL_TYPE (OpsServerAuth, ops_server_auth, OPS, SERVER_AUTH, GObject)

/* demo: the demo workspace (open when nothing is configured). */
OpsServerAuth *ops_server_auth_new            (OpsConfig          *config,
                                               gboolean            demo,
                                               GError            **error);
/* TRUE when the staff routes need no credentials (demo, nothing set). */
gboolean       ops_server_auth_is_open        (OpsServerAuth      *self);
/* TRUE with identity (may be NULL) set, or FALSE with the 401 answer set
 * on msg. */
gboolean       ops_server_auth_check          (OpsServerAuth      *self,
                                               SoupServerMessage  *msg,
                                               OpsServerIdentity **identity);
/* The client's address: the peer, or behind a trusted proxy the last
 * X-Forwarded-For hop that is not one ("unknown" for a non-IP peer). */
char          *ops_server_auth_client_address (OpsServerAuth      *self,
                                               SoupServerMessage  *msg);

/* The server's authenticator (made from its config). */
OpsServerAuth *ops_server_get_auth            (OpsServer          *server);

/* Checks a staff request; call it first in every staff route handler.
 * On FALSE the 401 answer is set on msg and the handler must return
 * without doing anything else.  identity (may be NULL) receives who it
 * is: free it with ops_server_identity_free ().  Main context only. */
gboolean       ops_server_authorize           (OpsServer          *server,
                                               SoupServerMessage  *msg,
                                               OpsServerIdentity **identity);
/* The client address used for rate limits and logs. */
char          *ops_server_get_client_address  (OpsServer          *server,
                                               SoupServerMessage  *msg);

G_END_DECLS
