/* ops-erpnext-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the ERPNext client and its error decoding.
 */

#pragma once

#include "ops-erpnext-client.h"

G_BEGIN_DECLS

/* TRUE for the per-endpoint limiter's answer: 417 with exc_type
 * "RateLimitExceededError". */
gboolean  _ops_erpnext_is_rate_limit_response (guint   status,
                                               GBytes *body);

G_END_DECLS
