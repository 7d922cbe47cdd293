/* ops-templates-popover.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The canned replies a CSR picks from while composing: the templates'
 * titles filtered by what follows the "/", Up and Down to move, Enter to
 * pick, Escape to close.  Keys reach it from the compose bar, which keeps
 * the focus.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OPS_TYPE_TEMPLATES_POPOVER (ops_templates_popover_get_type ())
G_DECLARE_FINAL_TYPE (OpsTemplatesPopover, ops_templates_popover, OPS, TEMPLATES_POPOVER, GtkPopover)

GtkWidget *ops_templates_popover_new            (void);
/* templates: OpsReplyTemplate*, copied. */
void       ops_templates_popover_set_templates  (OpsTemplatesPopover *self,
                                                 GPtrArray           *templates);
/* Shows the templates whose title matches filter (NULL or "" = all) and
 * selects the first. */
void       ops_templates_popover_set_filter     (OpsTemplatesPopover *self,
                                                 const char          *filter);
guint      ops_templates_popover_get_n_visible  (OpsTemplatesPopover *self);
/* The title of the selected template, or NULL. */
const char *ops_templates_popover_get_selected  (OpsTemplatesPopover *self);
void       ops_templates_popover_move           (OpsTemplatesPopover *self,
                                                 int                  delta);
/* Emits "picked" (title, body) for the selected template; FALSE when none
 * is visible. */
gboolean   ops_templates_popover_pick           (OpsTemplatesPopover *self);

G_END_DECLS
