/* ops-equipment-lookup.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Finding a unit from what is printed on it: a MAC address in any of the
 * usual spellings (aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF, aabb.ccdd.eeff,
 * bare hex), compared with the store's equipment in one canonical form.
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

/* "aabbccddeeff" (12 lower-case hex digits) when text is a MAC address in
 * one of the spellings above (blanks around it ignored), else NULL. */
char         *ops_mac_normalize              (const char  *text);
/* The equipment whose MAC is mac (any spelling), preferring an active
 * unit; NULL (error unset) when none or mac is not a MAC. */
OpsEquipment *ops_store_find_equipment_by_mac (OpsStore    *store,
                                               const char  *mac,
                                               char       **customer,
                                               GError     **error);

G_END_DECLS
