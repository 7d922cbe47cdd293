/* ops-swap-dialog.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Swapping a unit at a customer's: why (permanent replacement, diagnostic
 * swap, return from diagnosis), which unit goes in (searchable by serial),
 * and what each unit becomes, said before saving.
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"
#include "ops-swap.h"

G_BEGIN_DECLS

#define OPS_TYPE_SWAP_DIALOG (ops_swap_dialog_get_type ())

G_DECLARE_FINAL_TYPE (OpsSwapDialog, ops_swap_dialog, OPS, SWAP_DIALOG, AdwWindow)

/* equipment: the name of the unit taken away (status "Actif"). */
GtkWidget      *ops_swap_dialog_new         (GtkWindow       *parent,
                                             OpsServiceLayer *services,
                                             const char      *equipment);
void            ops_swap_dialog_set_outcome (OpsSwapDialog   *self,
                                             OpsSwapOutcome   outcome);
OpsSwapOutcome  ops_swap_dialog_get_outcome (OpsSwapDialog   *self);
/* How many units the list offers now. */
guint           ops_swap_dialog_get_n_units (OpsSwapDialog   *self);

G_END_DECLS
