/* ops-dispatch-candidates-popover.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The technicians ranked for one job (skills, travel from the previous
 * job, free time, load), each with the reason in words; Enter or a number
 * key 1–9 assigns the job to one of them through the dispatch editor.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-dispatch-board.h"
#include "ops-dispatch-editor.h"

G_BEGIN_DECLS

#define OPS_TYPE_DISPATCH_CANDIDATES_POPOVER (ops_dispatch_candidates_popover_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchCandidatesPopover, ops_dispatch_candidates_popover,
                      OPS, DISPATCH_CANDIDATES_POPOVER, GtkPopover)

/* Signals:
 *   "assigned" (const char *job, const char *tech): after a successful assign.
 *   "change-failed" (GError *error): the assign was refused. */
GtkWidget  *ops_dispatch_candidates_popover_new          (void);
void        ops_dispatch_candidates_popover_set_board    (OpsDispatchCandidatesPopover *self,
                                                          OpsDispatchBoard             *board);
void        ops_dispatch_candidates_popover_set_editor   (OpsDispatchCandidatesPopover *self,
                                                          OpsDispatchEditor            *editor);
/* Ranks the board's technicians for job on its day, or on the local day
 * holding day when the job has none.  job is copied. */
void        ops_dispatch_candidates_popover_set_job      (OpsDispatchCandidatesPopover *self,
                                                          const OpsDispatchJob         *job,
                                                          gint64                        day);
const char *ops_dispatch_candidates_popover_get_job      (OpsDispatchCandidatesPopover *self);
guint       ops_dispatch_candidates_popover_get_n_candidates (OpsDispatchCandidatesPopover *self);
/* The i-th technician's name (best first), or NULL. */
const char *ops_dispatch_candidates_popover_get_tech     (OpsDispatchCandidatesPopover *self,
                                                          guint                         index);
/* What Enter or the key index + 1 does; pops down on success. */
gboolean    ops_dispatch_candidates_popover_assign       (OpsDispatchCandidatesPopover *self,
                                                          guint                         index,
                                                          GError                      **error);

G_END_DECLS
