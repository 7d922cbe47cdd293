/* ops-fake-frappe-payment.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What ERPNext's get_payment_entry answers for a Sales Invoice (apis.md
 * §1.4, §1.7): a new Payment Entry (docstatus 0, "__islocal", no name)
 * that receives the outstanding amount, or party_amount, from the
 * invoice's customer, with one reference row for the invoice.
 */

#define G_LOG_DOMAIN "OpsFakeFrappe"

#include "config.h"

#include "ops-fake-frappe-payment-private.h"

#define RECEIVABLE_ACCOUNT "Débiteurs - GF"
#define BANK_ACCOUNT "Banque - GF"

static double
member_number (JsonObject *object,
               const char *member,
               double      fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  const char *text;
  char *end = NULL;
  double number;

  if (ops_fake_node_get_number (node, &number))
    return number;
  /* Query parameters arrive as text. */
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  text = json_node_get_string (node);
  number = g_ascii_strtod (text, &end);
  return end != text && *end == '\0' ? number : fallback;
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_double (JsonBuilder *builder,
            const char  *member,
            double       value)
{
  json_builder_set_member_name (builder, member);
  json_builder_add_double_value (builder, value);
}

void
ops_fake_handle_get_payment_entry (OpsFakeFrappe *self,
                                   JsonObject    *args,
                                   OpsFakeReply  *reply)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *body = NULL;
  char dt_buffer[256], dn_buffer[256], buffer[256];
  const char *dt = ops_fake_member_text (args, "dt", dt_buffer, sizeof dt_buffer);
  const char *dn = ops_fake_member_text (args, "dn", dn_buffer, sizeof dn_buffer);
  const char *currency;
  OpsFakeDoc *doc;
  JsonObject *invoice;
  double outstanding, amount;

  if (!g_str_equal (dt, "Sales Invoice"))
    {
      ops_fake_reply_error (reply, 417, "ValidationError", "The fake makes Payment Entries for Sales Invoices only.");
      return;
    }
  if ((doc = ops_fake_doc_lookup (self, "Sales Invoice", dn)) == NULL)
    {
      ops_fake_reply_error (reply, 404, "DoesNotExistError", "Sales Invoice %s not found", dn);
      return;
    }
  invoice = doc->object;
  outstanding = member_number (invoice, "outstanding_amount", 0);
  if (member_number (invoice, "docstatus", 0) != 1 || outstanding <= 0)
    {
      ops_fake_reply_error (reply, 417, "ValidationError", "Can only make payment against unpaid Sales Invoice");
      return;
    }
  amount = member_number (args, "party_amount", outstanding);
  currency = ops_fake_member_text (invoice, "currency", buffer, sizeof buffer);
  if (*currency == '\0')
    currency = "CAD";

  json_builder_begin_object (builder);
  add_string (builder, "doctype", "Payment Entry");
  json_builder_set_member_name (builder, "__islocal");
  json_builder_add_int_value (builder, 1);
  json_builder_set_member_name (builder, "docstatus");
  json_builder_add_int_value (builder, 0);
  add_string (builder, "naming_series", "ACC-PAY-.YYYY.-");
  add_string (builder, "payment_type", "Receive");
  add_string (builder, "posting_date", today);
  add_string (builder, "company", json_object_get_string_member_with_default (invoice, "company", "Gigafibre"));
  add_string (builder, "party_type", "Customer");
  add_string (builder, "party", json_object_get_string_member_with_default (invoice, "customer", ""));
  add_string (builder, "party_name", json_object_get_string_member_with_default (invoice, "customer_name", ""));
  add_string (builder, "paid_from", json_object_get_string_member_with_default (invoice, "debit_to",
                                                                              RECEIVABLE_ACCOUNT));
  add_string (builder, "paid_from_account_currency", currency);
  add_string (builder, "paid_to", BANK_ACCOUNT);
  add_string (builder, "paid_to_account_currency", currency);
  add_double (builder, "paid_amount", amount);
  add_double (builder, "received_amount", amount);
  add_double (builder, "source_exchange_rate", 1);
  add_double (builder, "target_exchange_rate", 1);
  json_builder_set_member_name (builder, "references");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "doctype", "Payment Entry Reference");
  add_string (builder, "reference_doctype", "Sales Invoice");
  add_string (builder, "reference_name", dn);
  add_double (builder, "total_amount", member_number (invoice, "grand_total", outstanding));
  add_double (builder, "outstanding_amount", outstanding);
  /* The whole outstanding amount, even for a smaller party_amount: the
   * client must not allocate more than it pays. */
  add_double (builder, "allocated_amount", outstanding);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_node_new (JSON_NODE_OBJECT);
  json_node_take_object (root, json_object_new ());
  json_object_set_member (json_node_get_object (root), "message", json_builder_get_root (builder));
  body = json_to_string (root, FALSE);
  ops_fake_reply_literal (reply, 200, body);
}
