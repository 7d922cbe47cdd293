/* ops-dispatch-selection.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The selected job and technician, shared by the timeline, the tray, the
 * job panel and the map (also when the map is in its own window), so a
 * selection made in one shows in all.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OPS_TYPE_DISPATCH_SELECTION (ops_dispatch_selection_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchSelection, ops_dispatch_selection, OPS, DISPATCH_SELECTION, GObject)

/* Properties "job" and "technician" (strings, NULL = none).  Signal
 * "changed" (no arguments) once per set (), not when nothing changes. */
OpsDispatchSelection *ops_dispatch_selection_new            (void);
const char           *ops_dispatch_selection_get_job        (OpsDispatchSelection *self);
const char           *ops_dispatch_selection_get_technician (OpsDispatchSelection *self);
/* Sets both at once; technician may be NULL for a tray job. */
void                  ops_dispatch_selection_set            (OpsDispatchSelection *self,
                                                             const char           *job,
                                                             const char           *technician);

G_END_DECLS
