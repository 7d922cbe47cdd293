/* ops-dispatch-board.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch board's model: one OpsDispatchRow per technician, holding
 * that technician's jobs in the loaded date range, their lanes and the
 * rules each breaks.  The board is a GListModel of OpsDispatchRow, so the
 * timeline's GtkListView recycles row widgets; a reload replaces only the
 * rows whose jobs changed (items-changed per row), so selection and scroll
 * survive live updates.
 */

#pragma once

#include <gio/gio.h>

#include "ops-dispatch-types.h"
#include "ops-dispatch-plan.h"
#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_TYPE_DISPATCH_ROW (ops_dispatch_row_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchRow, ops_dispatch_row, OPS, DISPATCH_ROW, GObject)

const OpsDispatchTech *ops_dispatch_row_get_tech     (OpsDispatchRow *self);
/* OpsDispatchJob* sorted by start (transfer none). Jobs where the
 * technician is an assistant are included. */
GPtrArray             *ops_dispatch_row_get_jobs     (OpsDispatchRow *self);
/* Lane of the i-th job, and the number of lanes (>= 1). */
guint                  ops_dispatch_row_get_lane     (OpsDispatchRow *self,
                                                      guint           i);
guint                  ops_dispatch_row_get_n_lanes  (OpsDispatchRow *self);
/* Rules broken by the i-th job on this row (transfer none). */
const OpsRuleResult   *ops_dispatch_row_get_rules    (OpsDispatchRow *self,
                                                      guint           i);
/* Booked share of the working day for the local day holding t. */
double                 ops_dispatch_row_get_utilisation (OpsDispatchRow *self,
                                                         gint64          t);
/* Index of the first job ending after t, for drawing only what is visible. */
guint                  ops_dispatch_row_find_first   (OpsDispatchRow *self,
                                                      gint64          t);
/* Index of job name in this row, or -1. */
int                    ops_dispatch_row_find_job     (OpsDispatchRow *self,
                                                      const char     *name);

#define OPS_TYPE_DISPATCH_BOARD (ops_dispatch_board_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchBoard, ops_dispatch_board, OPS, DISPATCH_BOARD, GObject)

/* Signal "reloaded" (no arguments) after each reload, once the rows are
 * updated.  Property "speed-kmh" (double), default
 * OPS_DEFAULT_TRAVEL_SPEED_KMH. */
OpsDispatchBoard *ops_dispatch_board_new            (OpsStore         *store);
OpsStore         *ops_dispatch_board_get_store      (OpsDispatchBoard *self);
/* Loads [from, to] (YYYY-MM-DD) from the store; rows whose technician or
 * jobs did not change keep their object. */
gboolean          ops_dispatch_board_load           (OpsDispatchBoard *self,
                                                     const char       *from,
                                                     const char       *to,
                                                     GError          **error);
/* Reloads the same range (after a "dispatch" event). */
gboolean          ops_dispatch_board_reload         (OpsDispatchBoard *self,
                                                     GError          **error);
/* For benchmarks and tests without a store: takes the arrays' contents
 * (OpsDispatchTech*, OpsDispatchJob*). */
void              ops_dispatch_board_set_data       (OpsDispatchBoard *self,
                                                     GPtrArray        *techs,
                                                     GPtrArray        *jobs);
void              ops_dispatch_board_set_speed_kmh  (OpsDispatchBoard *self,
                                                     double            speed_kmh);
double            ops_dispatch_board_get_speed_kmh  (OpsDispatchBoard *self);
/* The row of a technician and its position, or NULL. (transfer none) */
OpsDispatchRow   *ops_dispatch_board_find_row       (OpsDispatchBoard *self,
                                                     const char       *tech,
                                                     guint            *position);
/* A loaded job by name, or NULL. (transfer none) */
const OpsDispatchJob *ops_dispatch_board_find_job   (OpsDispatchBoard *self,
                                                     const char       *name);
/* All technicians (OpsDispatchTech*, transfer none) and all loaded jobs
 * (OpsDispatchJob*, transfer none), for candidates and the map. */
GPtrArray        *ops_dispatch_board_get_techs      (OpsDispatchBoard *self);
GPtrArray        *ops_dispatch_board_get_jobs       (OpsDispatchBoard *self);

G_END_DECLS
