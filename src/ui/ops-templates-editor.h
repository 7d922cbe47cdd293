/* ops-templates-editor.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Preferences → Replies: the canned replies of the workspace (its store's
 * reply_templates), in order.  Add and edit (a title and a body, with
 * buttons that insert the placeholders), delete (with Undo in a toast) and
 * move up or down.
 */

#pragma once

#include <adwaita.h>

#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_TYPE_TEMPLATES_EDITOR (ops_templates_editor_get_type ())
G_DECLARE_FINAL_TYPE (OpsTemplatesEditor, ops_templates_editor, OPS, TEMPLATES_EDITOR, AdwPreferencesPage)

/* Signals: "toast" (AdwToast *toast: the preferences window shows it). */
GtkWidget *ops_templates_editor_new        (OpsStore           *store);
/* Reads the templates again. */
void       ops_templates_editor_reload     (OpsTemplatesEditor *self);
guint      ops_templates_editor_get_n_rows (OpsTemplatesEditor *self);
/* Opens the edit dialog of template id (0: a new one) and returns it (an
 * AdwMessageDialog with the responses "cancel" and "save"; its entry is
 * named "template-title", its text view "template-body", the placeholder
 * buttons "placeholder-<name>"). (transfer none) */
GtkWidget *ops_templates_editor_edit       (OpsTemplatesEditor *self,
                                            gint64              id);
/* Deletes template id; the toast it raises can bring it back. */
gboolean   ops_templates_editor_delete     (OpsTemplatesEditor *self,
                                            gint64              id);
/* Brings back the last deleted template. */
gboolean   ops_templates_editor_undo       (OpsTemplatesEditor *self);
/* Moves template id one place up (delta -1) or down (+1). */
gboolean   ops_templates_editor_move       (OpsTemplatesEditor *self,
                                            gint64              id,
                                            int                 delta);

G_END_DECLS
