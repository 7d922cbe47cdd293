/* ops-stripe-event.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a Stripe webhook event means for the books: a payment against an
 * ERPNext Sales Invoice, a known event that moved no money, or an event
 * this console does not handle.  Pure: JSON in, a struct out.
 *
 * The Sales Invoice is named by the metadata the console sets when it
 * creates a Checkout Session (metadata[invoice], copied to the
 * PaymentIntent through payment_intent_data[metadata][invoice]);
 * "sales_invoice" and "erpnext_invoice" are accepted too, and a Checkout
 * Session's client_reference_id last.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OPS_STRIPE_EVENT_ERROR (ops_stripe_event_error_quark ())

typedef enum
{
  OPS_STRIPE_EVENT_ERROR_INVALID,   /* not JSON, or no id / type / data.object */
} OpsStripeEventError;

typedef enum
{
  OPS_STRIPE_EVENT_PAYMENT,   /* money received: record it */
  OPS_STRIPE_EVENT_UNPAID,    /* a payment event that moved no money (unpaid session, 0 amount) */
  OPS_STRIPE_EVENT_IGNORE,    /* a type this console does not handle */
} OpsStripeEventAction;

typedef struct
{
  char                 *id;              /* "evt_…" */
  char                 *type;            /* "checkout.session.completed" */
  OpsStripeEventAction  action;
  char                 *object_id;       /* "cs_…", "pi_…", "in_…" */
  char                 *invoice;         /* the ERPNext Sales Invoice, or NULL */
  char                 *payment_intent;  /* "pi_…", or NULL */
  /* What identifies the payment: the PaymentIntent, else the object.  A
   * Checkout Session and its PaymentIntent report the same payment under
   * the same reference. */
  char                 *reference;
  gint64                amount_minor;    /* in the currency's smallest unit */
  double                amount;          /* in the currency's unit: 49.99 */
  char                 *currency;        /* upper case: "CAD"; NULL when absent */
  char                 *stripe_customer; /* "cus_…", or NULL */
  gint64                paid_at;         /* unix seconds: when paid, else the event's creation */
} OpsStripeEvent;

GQuark          ops_stripe_event_error_quark    (void);
void            ops_stripe_event_free           (OpsStripeEvent  *self);
/* Parses the raw body of a webhook (after its signature was checked). */
OpsStripeEvent *ops_stripe_event_parse          (const char      *data,
                                                 gssize           length,
                                                 GError         **error);
OpsStripeEvent *ops_stripe_event_from_json      (JsonNode        *root,
                                                 GError         **error);
/* Decimal places of a currency in Stripe's amounts: 0 for JPY and the
 * other zero-decimal currencies, 3 for BHD, JOD, KWD, OMR, TND, else 2.
 * Case-insensitive. */
guint           ops_stripe_currency_exponent    (const char      *currency);
/* amount_minor in the currency's unit, rounded to its decimal places. */
double          ops_stripe_amount_from_minor    (gint64           amount_minor,
                                                 const char      *currency);
const char     *ops_stripe_event_action_to_string (OpsStripeEventAction action);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsStripeEvent, ops_stripe_event_free)

G_END_DECLS
