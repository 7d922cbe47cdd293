/* ops-stripe-client.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stripe Checkout Sessions for payment links: form-encoded nested
 * parameters (line_items[0][price_data][unit_amount]=…), an Idempotency-Key
 * per invoice attempt, the invoice name as client_reference_id and in the
 * metadata, Stripe's errors mapped to codes a CSR can act on.
 */

#pragma once

#include <gio/gio.h>

#include "ops-config.h"

G_BEGIN_DECLS

#define OPS_STRIPE_ERROR (ops_stripe_error_quark ())
/* The API version every request pins (apis.md §3.2); webhook payloads
 * follow the endpoint's version, which should be the same. */
#define OPS_STRIPE_API_VERSION "2025-03-31.basil"
#define OPS_STRIPE_CHECKOUT_PATH "/v1/checkout/sessions"

typedef enum
{
  OPS_STRIPE_ERROR_NOT_CONFIGURED,  /* no secret key */
  OPS_STRIPE_ERROR_AUTH,            /* 401 / 403 */
  OPS_STRIPE_ERROR_CARD,            /* card_error */
  OPS_STRIPE_ERROR_RATE_LIMITED,    /* 429 still after the retries */
  OPS_STRIPE_ERROR_INVALID_REQUEST, /* invalid_request_error, 400 / 404 */
  OPS_STRIPE_ERROR_IDEMPOTENCY,     /* idempotency_error: the key was used with other parameters */
  OPS_STRIPE_ERROR_API,             /* 5xx, api_error */
  OPS_STRIPE_ERROR_NETWORK,         /* cannot be reached */
} OpsStripeError;

typedef struct
{
  char   *id;          /* cs_test_… */
  char   *url;         /* https://checkout.stripe.com/c/pay/… */
  gint64  expires_at;  /* Unix seconds */
} OpsCheckoutSession;

typedef struct
{
  const char *invoice;       /* ACC-SINV-2026-00042: client_reference_id and metadata[invoice] */
  const char *customer;      /* C0001: metadata[customer] */
  const char *description;   /* the line item's name */
  gint64      amount_cents;  /* > 0 */
  const char *currency;      /* "cad" */
  const char *email;         /* customer_email, may be NULL */
  const char *success_url;
  const char *cancel_url;
  const char *idempotency_key;
} OpsCheckoutRequest;

#define OPS_TYPE_STRIPE_CLIENT (ops_stripe_client_get_type ())
G_DECLARE_FINAL_TYPE (OpsStripeClient, ops_stripe_client, OPS, STRIPE_CLIENT, GObject)

GQuark              ops_stripe_error_quark              (void);
void                ops_checkout_session_free           (OpsCheckoutSession *session);
OpsStripeClient    *ops_stripe_client_new               (const char         *base_url,
                                                         const char         *secret_key);
/* NULL with OPS_STRIPE_ERROR_NOT_CONFIGURED when [stripe] secret_key is unset. */
OpsStripeClient    *ops_stripe_client_new_from_config   (OpsConfig          *config,
                                                         GError            **error);
/* Back-off base / cap in ms and attempts (tests shorten them). */
void                ops_stripe_client_set_retry         (OpsStripeClient    *self,
                                                         guint               base_ms,
                                                         guint               max_ms,
                                                         guint               attempts);
/* The form body for a request, for tests: "mode=payment&line_items[0]…". */
char               *ops_stripe_checkout_form            (const OpsCheckoutRequest *request);
void                ops_stripe_client_create_checkout_async  (OpsStripeClient          *self,
                                                              const OpsCheckoutRequest *request,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
/* The same, blocking, for worker threads. */
OpsCheckoutSession *ops_stripe_client_create_checkout        (OpsStripeClient          *self,
                                                              const OpsCheckoutRequest *request,
                                                              GCancellable             *cancellable,
                                                              GError                  **error);
OpsCheckoutSession *ops_stripe_client_create_checkout_finish (OpsStripeClient          *self,
                                                              GAsyncResult             *result,
                                                              GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsCheckoutSession, ops_checkout_session_free)

G_END_DECLS
