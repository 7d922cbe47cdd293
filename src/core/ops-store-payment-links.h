/* ops-store-payment-links.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The payment_links table: one row per attempt at a Stripe Checkout
 * Session for an invoice, written before Stripe is asked (so a retry after
 * a crash sends the same Idempotency-Key), then completed with the
 * session and the SMS that carried its URL.  And what "Send payment link"
 * reads of an invoice.
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *invoice;
  guint   attempt;      /* from 1 */
  char   *session_id;   /* NULL: Stripe not answered yet; "": the attempt's key is spent */
  char   *url;
  double  amount;
  char   *currency;
  gint64  created_at;   /* Unix seconds */
  gint64  expires_at;   /* Unix seconds, 0 = unknown */
  char   *message;      /* the queued SMS (messages.name), or NULL */
} OpsPaymentLink;

void            ops_payment_link_free               (OpsPaymentLink  *self);

/* The invoice's customer and outstanding amount; found FALSE (and TRUE
 * returned) when the store has no such invoice. */
gboolean        ops_store_get_invoice_balance       (OpsStore        *self,
                                                     const char      *invoice,
                                                     gboolean        *found,
                                                     char           **customer,
                                                     double          *outstanding,
                                                     GError         **error);
/* The invoice's newest attempt, or NULL (error unset) when there is none. */
OpsPaymentLink *ops_store_get_last_payment_link     (OpsStore        *self,
                                                     const char      *invoice,
                                                     GError         **error);
/* Records an attempt before Stripe is called (session_id NULL). */
gboolean        ops_store_add_payment_link          (OpsStore        *self,
                                                     const char      *invoice,
                                                     guint            attempt,
                                                     double           amount,
                                                     const char      *currency,
                                                     GError         **error);
/* Stripe's answer ("" with url NULL marks the attempt's key spent). */
gboolean        ops_store_set_payment_link_session  (OpsStore        *self,
                                                     const char      *invoice,
                                                     guint            attempt,
                                                     const char      *session_id,
                                                     const char      *url,
                                                     gint64           expires_at,
                                                     GError         **error);
gboolean        ops_store_set_payment_link_message  (OpsStore        *self,
                                                     const char      *invoice,
                                                     guint            attempt,
                                                     const char      *message,
                                                     GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsPaymentLink, ops_payment_link_free)

G_END_DECLS
