/* ops-store-payments.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A payment received against a Sales Invoice, applied to the local copy
 * while its Payment Entry waits in the outbox: the console shows the
 * invoice paid at once; the next sync brings ERPNext's own figures.
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

/* Lowers the invoice's outstanding_amount by amount (rounded to decimals,
 * never below zero) and sets its status to "Paid" at zero, else "Partly
 * Paid".  Call inside the transaction of the payment's other effects.
 * found is FALSE, and nothing changes, when the store has no such invoice;
 * customer (may be NULL) receives its customer and outstanding (may be
 * NULL) what is left to pay. */
gboolean ops_store_apply_invoice_payment (OpsStore    *self,
                                          const char  *invoice,
                                          double       amount,
                                          guint        decimals,
                                          gboolean    *found,
                                          char       **customer,
                                          double      *outstanding,
                                          GError     **error);

G_END_DECLS
