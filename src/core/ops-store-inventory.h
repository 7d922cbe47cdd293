/* ops-store-inventory.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Equipment queries of the swap workflow: the units in stock, the units
 * of a status, one unit by name.  (By serial: ops_store_find_equipment.)
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

/* ERPNext's Service Equipment statuses. */
#define OPS_EQUIPMENT_ACTIVE        "Actif"
#define OPS_EQUIPMENT_IN_STOCK      "En inventaire"
#define OPS_EQUIPMENT_DEFECTIVE     "Défectueux"
#define OPS_EQUIPMENT_IN_DIAGNOSIS  "En diagnostic"
#define OPS_EQUIPMENT_RETURNED      "Retourné"

/* Units of one status, as OpsEquipment.  equipment_type (nullable) keeps
 * only that type; customer (nullable) keeps only that customer's units and
 * the units of no customer, the customer's first;
 * text (nullable) keeps units whose serial, MAC or model contains it (case
 * does not matter).  At most limit rows, ordered by serial. */
GPtrArray    *ops_store_list_equipment           (OpsStore    *self,
                                                  const char  *status,
                                                  const char  *equipment_type,
                                                  const char  *customer,
                                                  const char  *text,
                                                  guint        limit,
                                                  GError     **error);
/* The units "En inventaire", searchable by serial. */
GPtrArray    *ops_store_list_inventory           (OpsStore    *self,
                                                  const char  *equipment_type,
                                                  const char  *text,
                                                  guint        limit,
                                                  GError     **error);
/* One unit; customer (out, nullable) receives its customer or NULL.
 * NULL with no error when there is no such unit. */
OpsEquipment *ops_store_get_equipment            (OpsStore    *self,
                                                  const char  *name,
                                                  char       **customer,
                                                  GError     **error);
G_END_DECLS
