/* ops-scan-dialog.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Identify a unit by its barcode: a live camera preview decoded by zbar,
 * or an image opened, dropped or pasted; "Read the label" asks Gemini when
 * zbar finds nothing useful.  A value is resolved in three tiers (serial in
 * the store, MAC in any formatting, GenieACS) and the dialog opens the
 * equipment's customer, attaches the unit to a dispatch job, or creates a
 * Service Equipment record (through the outbox).
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_SCAN_DIALOG (ops_scan_dialog_get_type ())
G_DECLARE_FINAL_TYPE (OpsScanDialog, ops_scan_dialog, OPS, SCAN_DIALOG, AdwWindow)

GtkWidget *ops_scan_dialog_new     (GtkWindow       *parent,
                                    OpsServiceLayer *services);
/* The dispatch job a found unit can be attached to (NULL = none). */
void       ops_scan_dialog_set_job (OpsScanDialog   *self,
                                    const char      *job);
/* Decodes an image as if it had been opened (for tests, and for pages
 * that already hold a photo). */
void       ops_scan_dialog_open_bytes (OpsScanDialog *self,
                                       GBytes        *image);
/* TRUE while an image is decoded or a value resolved. */
gboolean   ops_scan_dialog_is_busy    (OpsScanDialog *self);

G_END_DECLS
