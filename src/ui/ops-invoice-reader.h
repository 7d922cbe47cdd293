/* ops-invoice-reader.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A supplier invoice read from a photo: the photo on the left, the fields
 * Gemini read on the right for review (a warning when the amounts do not
 * add up), then a draft Purchase Invoice queued for ERPNext through the
 * outbox.  Offline, the photo is queued and read when the network
 * returns; the queued photos are listed with their state.
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_INVOICE_READER (ops_invoice_reader_get_type ())
G_DECLARE_FINAL_TYPE (OpsInvoiceReader, ops_invoice_reader, OPS, INVOICE_READER, AdwWindow)

GtkWidget *ops_invoice_reader_new        (GtkWindow        *parent,
                                          OpsServiceLayer  *services);
/* Reads a photo as if it had been opened or dropped. */
void       ops_invoice_reader_open_bytes (OpsInvoiceReader *self,
                                          GBytes           *image);
/* TRUE while Gemini reads the photo. */
gboolean   ops_invoice_reader_is_busy    (OpsInvoiceReader *self);

G_END_DECLS
