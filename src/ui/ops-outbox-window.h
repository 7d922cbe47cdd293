/* ops-outbox-window.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_OUTBOX_WINDOW (ops_outbox_window_get_type ())

G_DECLARE_FINAL_TYPE (OpsOutboxWindow, ops_outbox_window, OPS, OUTBOX_WINDOW, AdwWindow)

GtkWidget *ops_outbox_window_new           (GtkWindow       *parent,
                                            OpsServiceLayer *services);
/* Reads the outbox again; done on every "outbox" event of the bus. */
void       ops_outbox_window_refresh       (OpsOutboxWindow *self);
/* How many unfinished writes it lists. */
guint      ops_outbox_window_get_n_entries (OpsOutboxWindow *self);

G_END_DECLS
