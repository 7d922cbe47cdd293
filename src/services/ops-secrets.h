/* ops-secrets.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Secrets of the desktop console in the Secret Service (libsecret),
 * schema "ca.gigafibre.Ops", attributes "service" (config group, e.g.
 * "erpnext") and "key" (config key, e.g. "api_secret").  The headless
 * server never uses this: it reads its secrets from the config file or the
 * environment.
 */

#pragma once

#include <gio/gio.h>

#include "ops-config.h"

G_BEGIN_DECLS

#define OPS_SECRETS_ERROR (ops_secrets_error_quark ())

typedef enum
{
  OPS_SECRETS_ERROR_UNAVAILABLE,  /* no Secret Service (no keyring running) */
  OPS_SECRETS_ERROR_FAILED,
} OpsSecretsError;

GQuark    ops_secrets_error_quark    (void);

/* Stores value (replaces an existing one); value NULL or "" clears it. */
void      ops_secrets_store_async    (const char          *service,
                                      const char          *key,
                                      const char          *value,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
gboolean  ops_secrets_store_finish   (GAsyncResult        *result,
                                      GError             **error);
void      ops_secrets_lookup_async   (const char          *service,
                                      const char          *key,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
/* The secret, or NULL with no error when none is stored. */
char     *ops_secrets_lookup_finish  (GAsyncResult        *result,
                                      GError             **error);
/* Blocking lookup, for startup before the window shows. */
char     *ops_secrets_lookup_sync    (const char          *service,
                                      const char          *key,
                                      GCancellable        *cancellable,
                                      GError             **error);
/* Fills every secret key of config that the config file and environment
 * left empty from the Secret Service.  Returns FALSE (and sets error) only
 * when the Secret Service is unreachable; missing secrets are not errors. */
gboolean  ops_secrets_fill_config    (OpsConfig           *config,
                                      GCancellable        *cancellable,
                                      GError             **error);

G_END_DECLS
