/* ops-dispatch-change.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A change a dispatcher makes to one Dispatch Job (assign, move, resize,
 * unassign, change status), the store write that applies it with its
 * outbox row in one transaction, and the undo/redo stack of such changes.
 */

#pragma once

#include "ops-dispatch-types.h"
#include "ops-store.h"

G_BEGIN_DECLS

/* What a job's schedule is before or after a change. */
typedef struct
{
  char         *technician;      /* NULL = unassigned */
  char         *scheduled_date;  /* YYYY-MM-DD or NULL */
  gint64        start;           /* Unix seconds; 0 = no time */
  guint         duration_min;
  OpsJobStatus  status;
} OpsJobPlacement;

typedef struct
{
  char            *job;          /* DJ-00001 */
  OpsJobPlacement  before;
  OpsJobPlacement  after;
  char            *summary;      /* translated: "Assign DJ-00012 to Stéphane Tremblay at 10:15" */
} OpsDispatchChange;

void               ops_job_placement_clear   (OpsJobPlacement       *placement);
void               ops_job_placement_from_job (OpsJobPlacement      *placement,
                                               const OpsDispatchJob *job);
OpsDispatchChange *ops_dispatch_change_new    (const OpsDispatchJob  *job,
                                               const OpsJobPlacement *after,
                                               const char            *summary);
OpsDispatchChange *ops_dispatch_change_copy   (const OpsDispatchChange *change);
/* The change that undoes change (before and after swapped). */
OpsDispatchChange *ops_dispatch_change_invert (const OpsDispatchChange *change);
void               ops_dispatch_change_free   (OpsDispatchChange      *change);

/* Builders with their translated summary.  assign: tech NULL unassigns
 * (status Unassigned); a tech on an Unassigned/On Hold job makes it
 * Scheduled; start 0 keeps the job's start; the date follows start.
 * Returns NULL when nothing would change. */
OpsDispatchChange *ops_dispatch_change_assign (const OpsDispatchJob  *job,
                                               const OpsDispatchTech *tech,
                                               gint64                 start);
OpsDispatchChange *ops_dispatch_change_resize (const OpsDispatchJob  *job,
                                               guint                  duration_min);
OpsDispatchChange *ops_dispatch_change_status (const OpsDispatchJob  *job,
                                               OpsJobStatus           status);

/* Applies change->after to the jobs row and queues one outbox update of the
 * Dispatch Job (technician, scheduled_date, start_time "HH:MM:SS",
 * duration_min, status: only the fields that differ from before) in one
 * transaction.  Fails with OPS_STORE_ERROR_NOT_FOUND when the job is gone.  When the
 * row no longer matches change->before (someone else moved it), fails with
 * G_IO_ERROR_WOULD_MERGE and changes nothing, unless force.  The caller
 * publishes the "dispatch" event. */
gboolean           ops_dispatch_apply         (OpsStore                *store,
                                               const OpsDispatchChange *change,
                                               gboolean                 force,
                                               GError                 **error);

/* Undo/redo of applied changes.  push () clears the redo side. */
typedef struct _OpsUndoStack OpsUndoStack;

OpsUndoStack      *ops_undo_stack_new         (guint                    limit);
void               ops_undo_stack_free        (OpsUndoStack            *self);
/* Takes ownership. */
void               ops_undo_stack_push        (OpsUndoStack            *self,
                                               OpsDispatchChange       *change);
gboolean           ops_undo_stack_can_undo    (OpsUndoStack            *self);
gboolean           ops_undo_stack_can_redo    (OpsUndoStack            *self);
/* The change to apply to undo (the inverse of the last push), moved to the
 * redo side; NULL when empty.  (transfer none) */
const OpsDispatchChange *ops_undo_stack_undo  (OpsUndoStack            *self);
/* The change to apply to redo, moved back to the undo side. (transfer none) */
const OpsDispatchChange *ops_undo_stack_redo  (OpsUndoStack            *self);
const char        *ops_undo_stack_undo_label  (OpsUndoStack            *self);
const char        *ops_undo_stack_redo_label  (OpsUndoStack            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsDispatchChange, ops_dispatch_change_free)

G_END_DECLS
