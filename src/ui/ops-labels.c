/* ops-labels.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsLabels"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-labels.h"

typedef struct
{
  const char *value;
  const char *label;
  const char *style;
} Entry;

static OpsLabel
lookup (const Entry *entries,
        gsize        n_entries,
        const char  *value)
{
  OpsLabel result = { value ? value : "", NULL };

  if (value == NULL)
    return result;

  for (gsize i = 0; i < n_entries; i++)
    if (g_ascii_strcasecmp (entries[i].value, value) == 0)
      {
        result.label = g_dpgettext2 (GETTEXT_PACKAGE, "status", entries[i].label);
        result.style = entries[i].style;
        break;
      }
  return result;
}

OpsLabel
ops_label_customer_status (const char *status)
{
  static const Entry entries[] = {
    { "active", NC_("status", "Active"), "success" },
    { "suspended", NC_("status", "Suspended"), "warning" },
    { "prospect", NC_("status", "Prospect"), "accent" },
    { "cancelled", NC_("status", "Cancelled"), "error" },
  };
  return lookup (entries, G_N_ELEMENTS (entries), status);
}

OpsLabel
ops_label_customer_flag (const char *flag)
{
  static const Entry entries[] = {
    { "vip", NC_("status", "VIP"), "accent" },
    { "payment_issue", NC_("status", "Payment issue"), "error" },
    { "fragile_line", NC_("status", "Fragile line"), "warning" },
    { "business_sla", NC_("status", "Business SLA"), "accent" },
    { "do_not_call", NC_("status", "Do not call"), "warning" },
  };
  return lookup (entries, G_N_ELEMENTS (entries), flag);
}

OpsLabel
ops_label_subscription_status (const char *status)
{
  static const Entry entries[] = {
    { "pending", NC_("status", "Pending"), "accent" },
    { "active", NC_("status", "Active"), "success" },
    { "suspended", NC_("status", "Suspended"), "warning" },
    { "cancelled", NC_("status", "Cancelled"), NULL },
  };
  return lookup (entries, G_N_ELEMENTS (entries), status);
}

OpsLabel
ops_label_invoice_status (const char *status)
{
  static const Entry entries[] = {
    { "Paid", NC_("status", "Paid"), "success" },
    { "Unpaid", NC_("status", "Unpaid"), "warning" },
    { "Overdue", NC_("status", "Overdue"), "error" },
    { "Partly Paid", NC_("status", "Partly paid"), "warning" },
    { "Draft", NC_("status", "Draft"), NULL },
    { "Cancelled", NC_("status", "Cancelled"), NULL },
    { "Return", NC_("status", "Return"), NULL },
    { "Credit Note Issued", NC_("status", "Credit note issued"), NULL },
  };
  return lookup (entries, G_N_ELEMENTS (entries), status);
}

OpsLabel
ops_label_ticket_status (const char *status)
{
  static const Entry entries[] = {
    { "Open", NC_("status", "Open"), "accent" },
    { "Replied", NC_("status", "Replied"), NULL },
    { "On Hold", NC_("status", "On hold"), "warning" },
    { "Resolved", NC_("status", "Resolved"), "success" },
    { "Closed", NC_("status", "Closed"), NULL },
  };
  return lookup (entries, G_N_ELEMENTS (entries), status);
}

OpsLabel
ops_label_ticket_priority (const char *priority)
{
  static const Entry entries[] = {
    { "Low", NC_("status", "Low"), NULL },
    { "Medium", NC_("status", "Medium"), NULL },
    { "High", NC_("status", "High"), "warning" },
    { "Urgent", NC_("status", "Urgent"), "error" },
  };
  return lookup (entries, G_N_ELEMENTS (entries), priority);
}

/* Service Equipment statuses are French option values in ERPNext. */
OpsLabel
ops_label_equipment_status (const char *status)
{
  static const Entry entries[] = {
    { "Actif", NC_("status", "Active"), "success" },
    { "En inventaire", NC_("status", "In stock"), NULL },
    { "Défectueux", NC_("status", "Defective"), "error" },
    { "En diagnostic", NC_("status", "In diagnosis"), "warning" },
    { "Retourné", NC_("status", "Returned"), NULL },
  };
  return lookup (entries, G_N_ELEMENTS (entries), status);
}

OpsLabel
ops_label_location_status (const char *status)
{
  static const Entry entries[] = {
    { "active", NC_("status", "Active"), "success" },
    { "pending", NC_("status", "Pending"), "accent" },
    { "disconnected", NC_("status", "Disconnected"), "warning" },
  };
  return lookup (entries, G_N_ELEMENTS (entries), status);
}

const char *
ops_label_customer_type (const char *type)
{
  if (g_strcmp0 (type, "Individual") == 0)
    return C_("customer type", "Individual");
  if (g_strcmp0 (type, "Company") == 0)
    return C_("customer type", "Business");
  if (g_strcmp0 (type, "Partnership") == 0)
    return C_("customer type", "Partnership");
  return type ? type : "";
}

const char *
ops_label_equipment_type (const char *type)
{
  if (g_strcmp0 (type, "Router") == 0)
    return C_("equipment type", "Router");
  if (g_strcmp0 (type, "AP") == 0)
    return C_("equipment type", "Mesh satellite");
  if (g_strcmp0 (type, "Switch") == 0)
    return C_("equipment type", "Switch");
  if (g_strcmp0 (type, "Decodeur") == 0)
    return C_("equipment type", "TV box");
  return type ? type : "";  /* ONT is the same word everywhere */
}

/**
 * ops_format_money:
 *
 * "$1,234.50" in English, "1 234,50 $" in French: the separators and the
 * place of the sign are the translators'.
 *
 * Returns: (transfer full): the amount
 */
char *
ops_format_money (double amount)
{
  const char *decimal = C_("decimal separator", ".");
  const char *thousands = C_("thousands separator", ",");
  char plain[G_ASCII_DTOSTR_BUF_SIZE];
  g_autoptr(GString) digits = g_string_new (NULL);
  gsize int_len;

  g_ascii_formatd (plain, sizeof plain, "%.2f", amount < 0 ? -amount : amount);
  int_len = strchr (plain, '.') - plain;

  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append (digits, thousands);
      g_string_append_c (digits, plain[i]);
    }
  g_string_append (digits, decimal);
  g_string_append (digits, plain + int_len + 1);
  if (amount < -0.004)
    g_string_prepend_c (digits, '-');

  /* TRANSLATORS: %s is an amount in Canadian dollars, already formatted */
  return g_strdup_printf (C_("money", "$%s"), digits->str);
}
