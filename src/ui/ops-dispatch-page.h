/* ops-dispatch-page.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch page: a toolbar (days, zoom, undo/redo, filter, map), the
 * unassigned tray, the timeline, an optional map beside it and the panel
 * of the selected job, all sharing one board, one selection and one
 * editor.  Actions: dispatch.undo (Ctrl+Z), dispatch.redo (Ctrl+Shift+Z,
 * Ctrl+Y), dispatch.today, dispatch.previous-day, dispatch.next-day,
 * dispatch.zoom-in, dispatch.zoom-out, dispatch.filter (/),
 * dispatch.show-map, dispatch.open-map-window, dispatch.close-panel
 * (Escape).
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-dispatch-board.h"
#include "ops-dispatch-editor.h"
#include "ops-dispatch-selection.h"
#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_DISPATCH_PAGE (ops_dispatch_page_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchPage, ops_dispatch_page, OPS, DISPATCH_PAGE, GtkWidget)

/* Property "map-visible" (boolean): the map pane beside the timeline. */
void                  ops_dispatch_page_set_services   (OpsDispatchPage *self,
                                                        OpsServiceLayer *services);
/* Where the zoom, the position and the map pane are remembered. */
void                  ops_dispatch_page_set_settings   (OpsDispatchPage *self,
                                                        GSettings       *settings);
OpsDispatchBoard     *ops_dispatch_page_get_board      (OpsDispatchPage *self);
OpsDispatchSelection *ops_dispatch_page_get_selection  (OpsDispatchPage *self);
OpsDispatchEditor    *ops_dispatch_page_get_editor     (OpsDispatchPage *self);
GtkWidget            *ops_dispatch_page_get_timeline   (OpsDispatchPage *self);
GtkWidget            *ops_dispatch_page_get_tray       (OpsDispatchPage *self);
GtkWidget            *ops_dispatch_page_get_job_panel  (OpsDispatchPage *self);
GtkWidget            *ops_dispatch_page_get_candidates (OpsDispatchPage *self);
/* The map pane's map, made the first time it is shown; NULL before. */
GtkWidget            *ops_dispatch_page_get_map        (OpsDispatchPage *self);
void                  ops_dispatch_page_set_map_visible (OpsDispatchPage *self,
                                                         gboolean         visible);
gboolean              ops_dispatch_page_get_map_visible (OpsDispatchPage *self);
/* Opens the ranked technicians for job (A in the tray or the timeline). */
void                  ops_dispatch_page_open_candidates (OpsDispatchPage *self,
                                                         const char      *job);
/* Reloads the board, the tray and the panel now (a "dispatch" event does
 * it from an idle). */
void                  ops_dispatch_page_reload         (OpsDispatchPage *self);

G_END_DECLS
