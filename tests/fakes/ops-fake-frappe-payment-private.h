/* ops-fake-frappe-payment-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "ops-fake-frappe-private.h"

G_BEGIN_DECLS

#define OPS_FAKE_GET_PAYMENT_ENTRY "erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry"

/* ERPNext's get_payment_entry (dt, dn, party_amount): the unsaved Payment
 * Entry that pays a stored, submitted Sales Invoice.  Lock held. */
void ops_fake_handle_get_payment_entry (OpsFakeFrappe *self,
                                        JsonObject    *args,
                                        OpsFakeReply  *reply);

G_END_DECLS
