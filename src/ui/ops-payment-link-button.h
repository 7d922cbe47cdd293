/* ops-payment-link-button.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Send payment link" on an invoice row with an outstanding balance: a
 * popover confirms the amount, the number the text goes to and the
 * template (those holding {lien_paiement}), then the link is created and
 * sent (ops_payment_link_send_async) and a toast says how it went.
 */

#pragma once

#include <adwaita.h>

#include "ops-model.h"
#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_PAYMENT_LINK_BUTTON (ops_payment_link_button_get_type ())
G_DECLARE_FINAL_TYPE (OpsPaymentLinkButton, ops_payment_link_button, OPS, PAYMENT_LINK_BUTTON, GtkWidget)

/* Signals: "sent" (const char *message: the queued SMS), "failed"
 * (const char *text: what went wrong, in words). */
GtkWidget  *ops_payment_link_button_new          (OpsServiceLayer         *services,
                                                  const OpsCustomerDetail *detail,
                                                  const OpsInvoice        *invoice);
const char *ops_payment_link_button_get_invoice  (OpsPaymentLinkButton    *self);
/* The number shown in the confirmation (mobile, else phone), or NULL. */
const char *ops_payment_link_button_get_mobile   (OpsPaymentLinkButton    *self);
/* Opens the confirmation popover. */
void        ops_payment_link_button_confirm      (OpsPaymentLinkButton    *self);
/* Sends with the template chosen in the popover (the "Send" button). */
void        ops_payment_link_button_send         (OpsPaymentLinkButton    *self);
gboolean    ops_payment_link_button_is_busy      (OpsPaymentLinkButton    *self);

G_END_DECLS
