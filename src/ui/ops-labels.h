/* ops-labels.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Words shown for ERPNext's stored values, translated, with the style class
 * that colours them.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *label;
  const char *style;  /* "success", "warning", "error", "accent" or NULL */
} OpsLabel;

OpsLabel  ops_label_customer_status     (const char *status);
OpsLabel  ops_label_customer_flag       (const char *flag);
OpsLabel  ops_label_subscription_status (const char *status);
OpsLabel  ops_label_invoice_status      (const char *status);
OpsLabel  ops_label_ticket_status       (const char *status);
OpsLabel  ops_label_ticket_priority     (const char *priority);
OpsLabel  ops_label_equipment_status    (const char *status);
OpsLabel  ops_label_location_status     (const char *status);
const char *ops_label_customer_type     (const char *type);
const char *ops_label_equipment_type    (const char *type);
char     *ops_format_money              (double      amount);

G_END_DECLS
