/* ops-outbox-actions.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a person can do with a queued write, shared by the outbox window and
 * the strip on a customer's page: retry, edit, discard (after asking).
 * Each wakes the outbox worker and publishes "outbox" on the bus, so every
 * view refreshes.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

/* Wakes the worker and tells the views the outbox changed. */
void     ops_outbox_actions_changed (OpsServiceLayer *services,
                                     const char      *what,
                                     gint64           id);
/* Retries a refused write; a problem is shown in a dialog over source. */
gboolean ops_outbox_actions_retry   (GtkWidget       *source,
                                     OpsServiceLayer *services,
                                     gint64           id);
/* Asks, then discards the write. */
void     ops_outbox_actions_discard (GtkWidget       *source,
                                     OpsServiceLayer *services,
                                     gint64           id);
/* Opens the editor of the write's fields. */
void     ops_outbox_actions_edit    (GtkWidget       *source,
                                     OpsServiceLayer *services,
                                     gint64           id);
/* A dialog over source saying what went wrong. */
void     ops_outbox_actions_show_error (GtkWidget    *source,
                                        const char   *heading,
                                        const GError *error);

G_END_DECLS
