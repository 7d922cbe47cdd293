/* ops-search-result.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

#include "ops-model.h"

G_BEGIN_DECLS

#define OPS_TYPE_SEARCH_RESULT (ops_search_result_get_type ())

G_DECLARE_FINAL_TYPE (OpsSearchResult, ops_search_result, OPS, SEARCH_RESULT, GObject)

OpsSearchResult      *ops_search_result_new      (OpsCustomerHit  *hit);
const OpsCustomerHit *ops_search_result_get_hit  (OpsSearchResult *self);
char                 *ops_search_result_dup_match_markup (OpsSearchResult *self);

G_END_DECLS
