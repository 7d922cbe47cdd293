/* ops-contact-edit-dialog.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_CONTACT_EDIT_DIALOG (ops_contact_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OpsContactEditDialog, ops_contact_edit_dialog, OPS, CONTACT_EDIT_DIALOG, AdwWindow)

/* Edits a contact of customer: phone, mobile and e-mail.  Emits "saved"
 * once the change is in the store (and queued off the demo workspace),
 * then closes. */
GtkWidget *ops_contact_edit_dialog_new (GtkWindow        *parent,
                                        OpsServiceLayer  *services,
                                        const char       *customer,
                                        const OpsContact *contact);

G_END_DECLS
