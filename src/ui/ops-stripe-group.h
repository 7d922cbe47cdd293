/* ops-stripe-group.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Payments (Stripe)" group of Preferences → Connections: the secret
 * key (kept in the keyring), the Checkout success and cancel addresses
 * (kept in GSettings), a test that reads the account's balance with the
 * entered key, and Save.  Values the configuration file or the
 * environment set are shown locked.
 */

#pragma once

#include <adwaita.h>

#include "ops-config.h"

G_BEGIN_DECLS

#define OPS_TYPE_STRIPE_GROUP (ops_stripe_group_get_type ())

G_DECLARE_FINAL_TYPE (OpsStripeGroup, ops_stripe_group, OPS, STRIPE_GROUP, AdwPreferencesGroup)

/* config: what the file and environment set ([stripe] url is where the
 * test goes); settings may be NULL when the schema is not installed.
 * Signals: "toast" (a message for the user), "saved" (the application
 * should reopen its workspace to use the new values). */
GtkWidget  *ops_stripe_group_new               (OpsConfig      *config,
                                                GSettings      *settings);
GtkWidget  *ops_stripe_group_get_key_row       (OpsStripeGroup *self);
GtkWidget  *ops_stripe_group_get_success_row   (OpsStripeGroup *self);
GtkWidget  *ops_stripe_group_get_cancel_row    (OpsStripeGroup *self);
GtkWidget  *ops_stripe_group_get_test_button   (OpsStripeGroup *self);
GtkWidget  *ops_stripe_group_get_save_button   (OpsStripeGroup *self);
/* The status line: a hint, the keyring's problem, or the last test result. */
const char *ops_stripe_group_get_status        (OpsStripeGroup *self);
/* TRUE while the keyring is read, or a test or a save runs. */
gboolean    ops_stripe_group_is_busy           (OpsStripeGroup *self);

G_END_DECLS
