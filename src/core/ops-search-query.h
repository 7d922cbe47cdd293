/* ops-search-query.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions that turn what a person types into a full-text query, and
 * phone numbers / MAC addresses into the tokens the index holds.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ops_phone_national_digits (const char *phone);
char *ops_phone_to_e164         (const char *phone);
char *ops_search_phone_tokens   (const char *phone);
char *ops_search_mac_token      (const char *mac);
char *ops_search_build_query    (const char *text);

G_END_DECLS
