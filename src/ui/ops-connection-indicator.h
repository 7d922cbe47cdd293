/* ops-connection-indicator.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_CONNECTION_INDICATOR (ops_connection_indicator_get_type ())

G_DECLARE_FINAL_TYPE (OpsConnectionIndicator, ops_connection_indicator, OPS, CONNECTION_INDICATOR, GtkWidget)

void        ops_connection_indicator_set_services (OpsConnectionIndicator *self,
                                                   OpsServiceLayer        *services);
/* What the header shows now, for tests. */
const char *ops_connection_indicator_get_label    (OpsConnectionIndicator *self);

G_END_DECLS
