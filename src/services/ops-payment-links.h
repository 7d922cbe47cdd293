/* ops-payment-links.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Send payment link" on an invoice with a balance: a Stripe Checkout
 * Session for the outstanding amount (one idempotency key per invoice
 * attempt, kept in the payment_links table so a retry after a crash
 * reuses it), its URL sent by SMS with a template ({lien_paiement}) to the
 * customer's mobile, logged in the conversation.  On the demo workspace the
 * session is simulated and so is the SMS.
 */

#pragma once

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_PAYMENT_LINK_ERROR (ops_payment_link_error_quark ())

typedef enum
{
  OPS_PAYMENT_LINK_ERROR_NO_BALANCE,  /* nothing outstanding */
  OPS_PAYMENT_LINK_ERROR_NO_MOBILE,   /* no phone to text */
  OPS_PAYMENT_LINK_ERROR_NOT_FOUND,   /* no such invoice */
} OpsPaymentLinkError;

GQuark  ops_payment_link_error_quark (void);

/* template_body must hold {lien_paiement}; other placeholders are filled
 * from the customer.  The result is the queued message's name. */
void    ops_payment_link_send_async  (OpsServiceLayer     *services,
                                      const char          *invoice,
                                      const char          *template_body,
                                      const char          *sender,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data);
char   *ops_payment_link_send_finish (OpsServiceLayer     *services,
                                      GAsyncResult        *result,
                                      GError             **error);

G_END_DECLS
