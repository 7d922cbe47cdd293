/* ops-headless.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ops-config.h"

G_BEGIN_DECLS

int ops_headless_run (OpsConfig  *config,
                      const char *store_path,
                      gboolean    force_demo);

G_END_DECLS
