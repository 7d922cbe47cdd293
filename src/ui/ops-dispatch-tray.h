/* ops-dispatch-tray.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The jobs waiting for a technician, beside the dispatch timeline: tabs
 * for Unassigned, On hold and Cancelled with their counts, filters by
 * type, priority, tag, zone and date, and a list whose rows are dragged
 * onto the timeline.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-dispatch-selection.h"
#include "ops-store-dispatch.h"

G_BEGIN_DECLS

#define OPS_TYPE_DISPATCH_TRAY (ops_dispatch_tray_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchTray, ops_dispatch_tray, OPS, DISPATCH_TRAY, GtkWidget)

/* Signals:
 *   "job-activated" (const char *job): Enter or double-click on a row.
 *   "candidates-requested" (const char *job): A on a row. */
GtkWidget            *ops_dispatch_tray_new           (void);
void                  ops_dispatch_tray_set_store     (OpsDispatchTray      *self,
                                                       OpsStore             *store);
void                  ops_dispatch_tray_set_selection (OpsDispatchTray      *self,
                                                       OpsDispatchSelection *selection);
/* Reads the jobs, the counts and the filter values again. */
void                  ops_dispatch_tray_reload        (OpsDispatchTray      *self);
void                  ops_dispatch_tray_set_kind      (OpsDispatchTray      *self,
                                                       OpsTrayKind           kind);
OpsTrayKind           ops_dispatch_tray_get_kind      (OpsDispatchTray      *self);
/* Substring of subject, customer or job name ("" or NULL = all). */
void                  ops_dispatch_tray_set_text      (OpsDispatchTray      *self,
                                                       const char           *text);
/* The count shown on a tab. */
guint                 ops_dispatch_tray_get_count     (OpsDispatchTray      *self,
                                                       OpsTrayKind           kind);
/* The listed jobs, in order. (transfer none) */
guint                 ops_dispatch_tray_get_n_jobs    (OpsDispatchTray      *self);
const OpsDispatchJob *ops_dispatch_tray_get_job       (OpsDispatchTray      *self,
                                                       guint                 position);
const OpsDispatchJob *ops_dispatch_tray_find_job      (OpsDispatchTray      *self,
                                                       const char           *name);
void                  ops_dispatch_tray_focus         (OpsDispatchTray      *self);

G_END_DECLS
