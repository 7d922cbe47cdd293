/* ops-rate-limit.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A token bucket per key (a client address): each holds up to burst
 * tokens and refills at rate tokens per second; a request takes one.
 * Memory stays bounded: full buckets are forgotten, and past max_keys
 * the newcomers share one bucket.  Not thread-safe: use it from one
 * thread (the server's main context).
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* Default bound of the number of buckets kept. */
#define OPS_RATE_LIMIT_DEFAULT_MAX_KEYS 65536

/* Monotonic time in microseconds (g_get_monotonic_time () by default). */
typedef gint64 (*OpsRateLimitClock) (gpointer user_data);

#define OPS_TYPE_RATE_LIMIT (ops_rate_limit_get_type ())

G_DECLARE_FINAL_TYPE (OpsRateLimit, ops_rate_limit, OPS, RATE_LIMIT, GObject)

/* rate: tokens per second (0 = no limit); burst: the bucket's size (>= 1). */
OpsRateLimit *ops_rate_limit_new           (double             rate,
                                            double             burst);
void          ops_rate_limit_set_clock     (OpsRateLimit      *self,
                                            OpsRateLimitClock  clock,
                                            gpointer           user_data);
void          ops_rate_limit_set_max_keys  (OpsRateLimit      *self,
                                            guint              max_keys);
gboolean      ops_rate_limit_is_enabled    (OpsRateLimit      *self);
/* Takes a token from key's bucket.  FALSE when it is empty; retry_after
 * (may be NULL) then says in how many whole seconds (>= 1) one will be
 * there. */
gboolean      ops_rate_limit_take          (OpsRateLimit      *self,
                                            const char        *key,
                                            guint             *retry_after);
/* Buckets currently kept. */
guint         ops_rate_limit_get_n_keys    (OpsRateLimit      *self);

G_END_DECLS
