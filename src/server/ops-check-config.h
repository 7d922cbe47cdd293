/* ops-check-config.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ops-config.h"

G_BEGIN_DECLS

/* `gigafibre-ops --check-config`: prints what config (read from path, or
 * NULL for defaults and environment only) sets up, never a secret, with
 * warnings and errors.  load_error is what loading reported, if it failed.
 * Returns the exit status: 0 when valid, 2 otherwise. */
int ops_check_config_run (OpsConfig    *config,
                          const char   *path,
                          const GError *load_error);

G_END_DECLS
