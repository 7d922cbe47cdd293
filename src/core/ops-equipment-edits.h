/* ops-equipment-edits.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the scan dialog and the invoice reader change: a new Service
 * Equipment record, a unit attached to a Dispatch Job, and a draft
 * Purchase Invoice from a supplier invoice read on a photo.  Like the
 * other edits, the local change and (when queue is TRUE, i.e. on a live
 * workspace) its outbox row are written in one transaction.
 *
 * Inserts carry their idempotency key in a field of the document so a
 * delivery cut off by a crash is found again instead of being inserted
 * twice: "ops_key" on Service Equipment (Gigafibre's doctype, a unique
 * Data field like Equipment Move's), "custom_ops_key" on Purchase Invoice
 * (a custom Data field, unique, like Task's).
 */

#pragma once

#include "ops-store.h"
#include "ops-vision-result.h"

G_BEGIN_DECLS

/* The field of an inserted document that carries the outbox key. */
#define OPS_EQUIPMENT_DEDUPE_FIELD "ops_key"
#define OPS_PURCHASE_INVOICE_DEDUPE_FIELD "custom_ops_key"
/* The status of a unit that comes in stock. */
#define OPS_EQUIPMENT_STATUS_IN_STOCK "En inventaire"

typedef struct
{
  const char *equipment_type;  /* ONT, Router, Switch, AP, Decodeur (required) */
  const char *brand;
  const char *model;
  const char *serial;          /* required */
  const char *mac;             /* any spelling; kept as aa:bb:cc:dd:ee:ff upper-case */
  const char *status;          /* NULL: "En inventaire" */
  const char *customer;        /* optional links */
  const char *location;
} OpsNewEquipment;

/* Adds a unit to the store (and queues its insert).  Refuses, with
 * OPS_STORE_ERROR_INVALID_RECORD and a sentence, a unit without a serial
 * or type, a MAC that is not one, or a serial the store already has.
 * Returns the unit's local name (ERPNext's name replaces it once
 * delivered), or NULL. */
char     *ops_edit_create_equipment       (OpsStore              *store,
                                           const OpsNewEquipment *unit,
                                           gboolean               queue,
                                           GError               **error);
/* Adds the unit to the job's equipment list (and queues the job's update
 * of its equipment field).  Attaching a unit already listed changes
 * nothing and queues nothing.  A unit not yet delivered to ERPNext (its
 * local name) cannot be attached yet: the job would name a document
 * ERPNext does not know. */
gboolean  ops_edit_attach_equipment       (OpsStore              *store,
                                           const char            *job,
                                           const char            *equipment,
                                           gboolean               queue,
                                           GError               **error);
/* The body of the Purchase Invoice insert for invoice (draft, docstatus
 * 0).  TPS and TVQ become "Actual" tax rows on the given account heads
 * ([purchasing] tps_account / tvq_account); a tax whose account is not
 * configured is written in the remarks for the accountant instead, since
 * ERPNext refuses a tax row without an account.  If ERPNext refuses the
 * draft, the outbox row fails visibly with its message. (transfer full) */
JsonObject *ops_purchase_invoice_payload  (const OpsSupplierInvoice *invoice,
                                           const char               *tps_account,
                                           const char               *tvq_account);
/* Queues the draft Purchase Invoice (nothing is stored locally: ERPNext
 * owns purchase documents).  Needs a supplier and the supplier's invoice
 * number.  Returns the outbox row id, or 0 with error. */
gint64    ops_edit_draft_purchase_invoice (OpsStore                 *store,
                                           const OpsSupplierInvoice *invoice,
                                           const char               *tps_account,
                                           const char               *tvq_account,
                                           GError                  **error);

G_END_DECLS
