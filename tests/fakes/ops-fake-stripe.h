/* ops-fake-stripe.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process Stripe for tests, on an OpsFakeServer, following
 * apis.md §3:
 *
 * - POST /v1/checkout/sessions, form-encoded with nested keys
 *   (line_items[0][price_data][unit_amount]=…), Bearer <secret key> (401
 *   "Invalid API Key provided" otherwise), answers 200 with a
 *   checkout.session (cs_test_…, status open, payment_status unpaid,
 *   expires in 24 h).  A missing required parameter is a 400
 *   invalid_request_error naming it.
 * - Idempotency-Key as Stripe keeps it: the same key with the same body
 *   replays the first answer (Idempotent-Replayed: true), the same key
 *   with another body is a 400 idempotency_error.  Scripted faults are
 *   not remembered under their key, so a retry after them goes through.
 * - ops_fake_stripe_fail_next () makes the next creates answer 401, 402
 *   (card_error), 429 (rate_limit_error) or 500 (api_error).
 * - checkout.session.completed events for a session it made, to sign
 *   and post to the server under test.
 *
 * Every function is thread-safe.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _OpsFakeStripe OpsFakeStripe;

OpsFakeStripe *ops_fake_stripe_new                (const char    *secret_key);
void           ops_fake_stripe_free               (OpsFakeStripe *self);
/* "http://127.0.0.1:<port>" (no trailing slash), the [stripe] url. */
const char    *ops_fake_stripe_get_url            (OpsFakeStripe *self);
/* Stops answering (connections refused) / answers again. */
void           ops_fake_stripe_set_down           (OpsFakeStripe *self,
                                                   gboolean       down);

/* The next count creates answer http_status (401, 402, 429 or a 5xx)
 * with Stripe's error body, whatever they hold. */
void           ops_fake_stripe_fail_next          (OpsFakeStripe *self,
                                                   guint          count,
                                                   guint          http_status);

/* Sessions created (not counting replays). */
guint          ops_fake_stripe_get_session_count  (OpsFakeStripe *self);
/* A session made earlier, or NULL. */
JsonObject    *ops_fake_stripe_dup_session        (OpsFakeStripe *self,
                                                   const char    *session_id);
/* The last create request that reached the route: its raw body, its form
 * decoded into nested objects and arrays (line_items is an array), and
 * its headers; NULL when none. */
char          *ops_fake_stripe_dup_last_body      (OpsFakeStripe *self);
JsonObject    *ops_fake_stripe_dup_last_params    (OpsFakeStripe *self);
char          *ops_fake_stripe_dup_last_header    (OpsFakeStripe *self,
                                                   const char    *name);
/* Request log: "<METHOD> <path> key=<Idempotency-Key> -> <status>" lines. */
GStrv          ops_fake_stripe_dup_requests       (OpsFakeStripe *self);

/* Decodes a form body into nested objects (a[b][c]=v) and arrays
 * (a[0][b]=v); NULL when it is not a form. */
JsonObject    *ops_fake_stripe_parse_form         (const char    *body);

/* A checkout.session.completed event (apis.md §3.3) for a session made
 * here, paid, with the PaymentIntent intent; NULL for an unknown id. */
char          *ops_fake_stripe_completed_event    (OpsFakeStripe *self,
                                                   const char    *event_id,
                                                   const char    *session_id,
                                                   const char    *intent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFakeStripe, ops_fake_stripe_free)

G_END_DECLS
