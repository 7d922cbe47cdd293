/* ops-demo.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

gboolean ops_demo_seed          (OpsStore    *store,
                                 GDate       *today,
                                 GError     **error);
gboolean ops_demo_refresh_dates (OpsStore    *store,
                                 GDate       *today,
                                 GError     **error);
gboolean ops_demo_ensure        (OpsStore    *store,
                                 GDate       *today,
                                 GError     **error);
gboolean ops_demo_is_demo_store (OpsStore    *store);
/* Makes the bundled demo files (RESOURCE_BASE "/demo/…") readable; once. */
void     ops_demo_register_resources (void);

G_END_DECLS
