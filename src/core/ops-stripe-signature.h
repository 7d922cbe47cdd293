/* ops-stripe-signature.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Stripe-Signature header of a webhook: "t=<unix>,v1=<hex>[,v1=<hex>…]".
 * Each v1 is the lowercase hex HMAC-SHA256 of "<t>.<raw body>" keyed with
 * the endpoint's whole secret ("whsec_…", not decoded).  Several v1 values
 * come during a secret rotation; other schemes (v0) are ignored.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OPS_STRIPE_SIGNATURE_ERROR (ops_stripe_signature_error_quark ())

typedef enum
{
  OPS_STRIPE_SIGNATURE_ERROR_MISSING_HEADER,  /* no Stripe-Signature header */
  OPS_STRIPE_SIGNATURE_ERROR_MALFORMED,       /* no t=, a bad t=, or an item without '=' */
  OPS_STRIPE_SIGNATURE_ERROR_NO_SIGNATURE,    /* no v1= item */
  OPS_STRIPE_SIGNATURE_ERROR_NO_MATCH,        /* no v1 matches the body */
  OPS_STRIPE_SIGNATURE_ERROR_TOO_OLD,         /* signed longer ago than the tolerance */
} OpsStripeSignatureError;

/* Stripe's default tolerance, in seconds. */
#define OPS_STRIPE_SIGNATURE_TOLERANCE 300

GQuark    ops_stripe_signature_error_quark (void);

/* The lowercase hex v1 signature of body signed at timestamp. */
char     *ops_stripe_signature_compute     (const char    *secret,
                                            gint64         timestamp,
                                            const guint8  *body,
                                            gsize          length);
/* "t=<timestamp>,v1=<signature>", as Stripe sends it (tests, fakes). */
char     *ops_stripe_signature_header      (const char    *secret,
                                            gint64         timestamp,
                                            const guint8  *body,
                                            gsize          length);
/* Checks header against the raw body: some v1 must match (compared in
 * constant time) and, when tolerance > 0, now - t must not exceed it (a
 * timestamp in the future is accepted, as Stripe's libraries do).  now is
 * unix seconds.  timestamp (may be NULL) receives t when the header
 * parses. */
gboolean  ops_stripe_signature_verify      (const char    *header,
                                            const char    *secret,
                                            const guint8  *body,
                                            gsize          length,
                                            gint64         now,
                                            gint64         tolerance,
                                            gint64        *timestamp,
                                            GError       **error);

G_END_DECLS
