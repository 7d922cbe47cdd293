/* ops-dispatch-editor.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where every dispatch change goes: applied to the store with its outbox
 * row (ops_dispatch_apply), remembered for undo/redo, announced on the bus
 * as a "dispatch" event {"job": name, "action": "assign"|"undo"|…}, and the
 * outbox worker woken.  The timeline, the tray, the job panel and the
 * candidates list all edit through one editor per window.
 */

#pragma once

#include "ops-dispatch-change.h"
#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_DISPATCH_EDITOR (ops_dispatch_editor_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchEditor, ops_dispatch_editor, OPS, DISPATCH_EDITOR, GObject)

/* Properties "can-undo", "can-redo" (booleans), "undo-label", "redo-label"
 * (strings, translated summaries) notify as they change. */
OpsDispatchEditor *ops_dispatch_editor_new        (OpsServiceLayer         *services);
/* For tests: a store and a bus without a service layer (no outbox worker). */
OpsDispatchEditor *ops_dispatch_editor_new_for_store (OpsStore             *store,
                                                      OpsEventBus          *bus);
OpsStore          *ops_dispatch_editor_get_store  (OpsDispatchEditor       *self);
/* After each apply, undo and redo, the job's new placement is posted to
 * the hub's /broadcast (fire and forget) so that the other consoles see it
 * at once.  ops_dispatch_editor_new () sets the configured hub; url NULL
 * stops broadcasting. */
void               ops_dispatch_editor_set_hub    (OpsDispatchEditor       *self,
                                                   const char              *url,
                                                   const char              *token);
/* Applies and pushes on the undo stack.  A change whose job moved under us
 * fails with G_IO_ERROR_WOULD_MERGE (message says who/what changed) unless
 * force. */
gboolean           ops_dispatch_editor_apply      (OpsDispatchEditor       *self,
                                                   const OpsDispatchChange *change,
                                                   gboolean                 force,
                                                   GError                 **error);
gboolean           ops_dispatch_editor_undo       (OpsDispatchEditor       *self,
                                                   GError                 **error);
gboolean           ops_dispatch_editor_redo       (OpsDispatchEditor       *self,
                                                   GError                 **error);
gboolean           ops_dispatch_editor_can_undo   (OpsDispatchEditor       *self);
gboolean           ops_dispatch_editor_can_redo   (OpsDispatchEditor       *self);

G_END_DECLS
