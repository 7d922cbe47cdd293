/* ops-workspace.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ops-config.h"
#include "ops-store.h"

G_BEGIN_DECLS

char     *ops_workspace_default_store_path (gboolean     demo);
char     *ops_workspace_live_store_path    (const char  *erpnext_url);
gboolean  ops_workspace_is_demo            (OpsConfig   *config,
                                            gboolean     force_demo);
OpsStore *ops_workspace_open               (OpsConfig   *config,
                                            const char  *store_path,
                                            gboolean     force_demo,
                                            GError     **error);

G_END_DECLS
