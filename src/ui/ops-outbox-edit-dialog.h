/* ops-outbox-edit-dialog.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_OUTBOX_EDIT_DIALOG (ops_outbox_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OpsOutboxEditDialog, ops_outbox_edit_dialog, OPS, OUTBOX_EDIT_DIALOG, AdwWindow)

/* NULL with error set when the write is not in the outbox any more. */
GtkWidget *ops_outbox_edit_dialog_new (GtkWindow        *parent,
                                       OpsServiceLayer  *services,
                                       gint64            id,
                                       GError          **error);

G_END_DECLS
