/* ops-customer-edit-dialog.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_CUSTOMER_EDIT_DIALOG (ops_customer_edit_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OpsCustomerEditDialog, ops_customer_edit_dialog, OPS, CUSTOMER_EDIT_DIALOG, AdwWindow)

/* Edits the notes and flags of customer.  Emits "saved" once the change
 * is in the store (and queued for ERPNext off the demo workspace), then
 * closes. */
GtkWidget *ops_customer_edit_dialog_new (GtkWindow         *parent,
                                         OpsServiceLayer   *services,
                                         const OpsCustomer *customer);

G_END_DECLS
