/* ops-outbox-strip.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_OUTBOX_STRIP (ops_outbox_strip_get_type ())

G_DECLARE_FINAL_TYPE (OpsOutboxStrip, ops_outbox_strip, OPS, OUTBOX_STRIP, GtkWidget)

void  ops_outbox_strip_set_services  (OpsOutboxStrip    *self,
                                      OpsServiceLayer   *services);
/* The documents whose writes to show: a customer and its contacts. */
void  ops_outbox_strip_set_documents (OpsOutboxStrip    *self,
                                      const char        *customer,
                                      const char *const *contacts);
void  ops_outbox_strip_refresh       (OpsOutboxStrip    *self);
/* How many writes it shows as refused and as waiting. */
guint ops_outbox_strip_get_n_failed  (OpsOutboxStrip    *self);
guint ops_outbox_strip_get_n_pending (OpsOutboxStrip    *self);

G_END_DECLS
