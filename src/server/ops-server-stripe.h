/* ops-server-stripe.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POST /webhook/stripe: Stripe's events, signature checked on the raw body
 * before anything else (400 when it does not hold), each event processed
 * once.  A payment against a Sales Invoice lowers the invoice's local
 * outstanding amount and queues a Payment Entry in the outbox, in one
 * transaction; Stripe gets 200 {"received": true} as soon as that is
 * committed.  Types this console does not handle are acknowledged.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-metrics.h"
#include "ops-service-layer.h"

G_BEGIN_DECLS

/* Largest accepted event body (under [server] max_body). */
#define OPS_SERVER_STRIPE_MAX_BODY (512 * 1024)

typedef enum
{
  OPS_SERVER_STRIPE_OK,             /* a payment recorded */
  OPS_SERVER_STRIPE_DUPLICATE,      /* an event or payment seen before */
  OPS_SERVER_STRIPE_IGNORED,        /* a type not handled */
  OPS_SERVER_STRIPE_UNPAID,         /* a handled type that moved no money */
  OPS_SERVER_STRIPE_UNMATCHED,      /* paid, but naming no Sales Invoice */
  OPS_SERVER_STRIPE_BAD_SIGNATURE,  /* 400: missing, malformed, wrong or too old */
  OPS_SERVER_STRIPE_BAD_REQUEST,    /* 400 / 405 / 413: not a Stripe event */
  OPS_SERVER_STRIPE_NOT_CONFIGURED, /* 503: no [stripe] webhook_secret */
  OPS_SERVER_STRIPE_ERROR,          /* 500: the store failed */
  OPS_SERVER_STRIPE_N_OUTCOMES,
} OpsServerStripeOutcome;

#define OPS_TYPE_SERVER_STRIPE (ops_server_stripe_get_type ())

G_DECLARE_FINAL_TYPE (OpsServerStripe, ops_server_stripe, OPS, SERVER_STRIPE, GObject)

/* Requests are counted in metrics (may be NULL) as
 * ops_webhook_requests_total{provider="stripe", outcome=…}. */
OpsServerStripe *ops_server_stripe_new               (OpsServiceLayer        *services,
                                                      OpsMetrics             *metrics);
void             ops_server_stripe_add_handlers      (OpsServerStripe        *self,
                                                      SoupServer             *server);
/* How many requests ended with outcome. */
guint64          ops_server_stripe_get_count         (OpsServerStripe        *self,
                                                      OpsServerStripeOutcome  outcome);
/* "ok", "duplicate", "ignored", … (the metrics' outcome label) */
const char      *ops_server_stripe_outcome_to_string (OpsServerStripeOutcome  outcome);

G_END_DECLS
