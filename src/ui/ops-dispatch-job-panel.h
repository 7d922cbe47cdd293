/* ops-dispatch-job-panel.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The side panel of the selected dispatch job: its customer (opens the
 * customer's detail), location, schedule and technicians, equipment,
 * notes and tags, the rules it breaks, and buttons to move its status on,
 * assign, unassign and scan equipment for it.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-dispatch-board.h"
#include "ops-dispatch-editor.h"

G_BEGIN_DECLS

#define OPS_TYPE_DISPATCH_JOB_PANEL (ops_dispatch_job_panel_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchJobPanel, ops_dispatch_job_panel, OPS, DISPATCH_JOB_PANEL, GtkWidget)

/* Signals:
 *   "assign-requested" (const char *job): the Assign… button.
 *   "close-requested": the close button or Escape.
 *   "change-failed" (GError *error): a status change or unassign was refused.
 * Actions: panel.status (s, an ERPNext status), panel.assign,
 * panel.unassign, panel.scan, panel.close. */
GtkWidget            *ops_dispatch_job_panel_new          (void);
void                  ops_dispatch_job_panel_set_editor   (OpsDispatchJobPanel *self,
                                                           OpsDispatchEditor   *editor);
/* For the technicians' names and the rules the job breaks. */
void                  ops_dispatch_job_panel_set_board    (OpsDispatchJobPanel *self,
                                                           OpsDispatchBoard    *board);
/* For the scan dialog; NULL disables "Scan equipment". */
void                  ops_dispatch_job_panel_set_services (OpsDispatchJobPanel *self,
                                                           OpsServiceLayer     *services);
/* Reads the job from the editor's store; NULL shows nothing. */
void                  ops_dispatch_job_panel_show_job     (OpsDispatchJobPanel *self,
                                                           const char          *job);
/* Reads the shown job again (after a "dispatch" event). */
void                  ops_dispatch_job_panel_refresh      (OpsDispatchJobPanel *self);
const char           *ops_dispatch_job_panel_get_job      (OpsDispatchJobPanel *self);
/* The job as last read, or NULL. (transfer none) */
const OpsDispatchJob *ops_dispatch_job_panel_get_shown    (OpsDispatchJobPanel *self);
void                  ops_dispatch_job_panel_focus        (OpsDispatchJobPanel *self);

G_END_DECLS
