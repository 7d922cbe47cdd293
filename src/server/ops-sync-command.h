/* ops-sync-command.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ops-config.h"

G_BEGIN_DECLS

/* `gigafibre-ops --sync`: one sync of the live store, printing progress.
 * Returns the exit status: 0 only when every doctype synced. */
int ops_sync_command_run (OpsConfig  *config,
                          const char *store_path);

G_END_DECLS
