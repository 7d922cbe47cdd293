/* ops-swap.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Swapping a unit at a customer's, with the three outcomes Gigafibre uses:
 * a permanent replacement, a diagnostic swap, and the return of a unit
 * from diagnosis.  Like the other edits, the local change and (when queue
 * is TRUE) its outbox rows are written in one transaction.
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

typedef enum
{
  /* Remplacement définitif: removed -> Défectueux, installed (from
   * stock) -> Actif at the customer's location. */
  OPS_SWAP_REPLACE,
  /* Swap diagnostic: removed -> En diagnostic (still the customer's),
   * installed (from stock) -> Actif, and a Task to test the removed unit
   * within 7 days. */
  OPS_SWAP_DIAGNOSTIC,
  /* Retour de diagnostic: the test unit at the customer's is removed ->
   * Retourné (or En inventaire with OPS_SWAP_TESTED_OK), the unit that was
   * in diagnosis -> Actif at the customer's location again. */
  OPS_SWAP_RETURN,
} OpsSwapOutcome;

typedef enum
{
  OPS_SWAP_FLAGS_NONE = 0,
  /* Retour de diagnostic: the removed test unit was checked at the
   * warehouse and works: it goes back to stock rather than "Retourné". */
  OPS_SWAP_TESTED_OK  = 1 << 0,
} OpsSwapFlags;

/* The status the installed unit must have for an outcome ("En inventaire"
 * or "En diagnostic"). */
const char *ops_swap_installed_from_status (OpsSwapOutcome outcome);
/* The statuses each unit ends with. */
const char *ops_swap_removed_to_status     (OpsSwapOutcome outcome,
                                            OpsSwapFlags   flags);
const char *ops_swap_installed_to_status   (OpsSwapOutcome outcome);
/* The outcome's name as Gigafibre writes it ("Swap diagnostic"). */
const char *ops_swap_outcome_name          (OpsSwapOutcome outcome);

/* removed: the unit taken away from the customer (status "Actif", with a
 * customer); installed: the unit put in its place (status per
 * ops_swap_installed_from_status ()).  note (nullable) goes to the move
 * log and the task.  now (nullable: the current time) dates the move and
 * the task.  Fails with OPS_STORE_ERROR_INVALID_RECORD and a sentence when
 * the units do not fit the outcome; nothing is changed then. */
gboolean    ops_edit_swap_equipment        (OpsStore       *store,
                                            const char     *removed,
                                            const char     *installed,
                                            OpsSwapOutcome  outcome,
                                            OpsSwapFlags    flags,
                                            const char     *note,
                                            GDateTime      *now,
                                            gboolean        queue,
                                            GError        **error);

G_END_DECLS
