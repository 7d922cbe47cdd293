/* ops-dispatch-page-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the page (ops-dispatch-page.c: its children, the board,
 * the selection, the editor and loading) and its actions
 * (ops-dispatch-page-actions.c: the dispatch.* actions, the filter entry,
 * toasts, undo and redo, the map window and the remembered zoom and
 * position).
 */

#pragma once

#include <adwaita.h>

#include "ops-dispatch-job-panel.h"
#include "ops-dispatch-page.h"
#include "ops-dispatch-timeline.h"
#include "ops-dispatch-tray.h"

G_BEGIN_DECLS

#define DAY_SECONDS 86400

struct _OpsDispatchPage
{
  GtkWidget             parent_instance;

  AdwToastOverlay      *toast_overlay;
  GtkLabel             *date_label;
  GtkButton            *undo_button;
  GtkButton            *redo_button;
  GtkSearchEntry       *filter_entry;
  GtkToggleButton      *map_toggle;
  GtkPaned             *outer_paned;
  GtkPaned             *map_paned;
  OpsDispatchTray      *tray;
  OpsDispatchTimeline  *timeline;
  AdwBin               *map_bin;
  GtkWidget            *panel_separator;
  OpsDispatchJobPanel  *job_panel;
  GtkWidget            *candidates;     /* OpsDispatchCandidatesPopover, our child */
  GtkWidget            *map;            /* OpsDispatchMap in map_bin, or NULL */
  GtkWidget            *map_window;     /* weak */

  OpsServiceLayer      *services;
  GSettings            *settings;
  OpsDispatchBoard     *board;
  OpsDispatchSelection *selection;
  OpsDispatchEditor    *editor;
  OpsTimeAxis          *axis;
  gulong                bus_handler;
  gulong                range_handler;
  guint                 reload_id;
  guint                 save_id;
  char                 *loaded_from;
  char                 *loaded_to;
  char                 *map_day;        /* the day at the centre of the axis */
  char                 *panel_job;      /* the job the panel was last opened for */
  gboolean              panel_closed;
  gboolean              map_visible;
  char                 *pending_toast;  /* summary of the last "change" event */
  gboolean              restored;
};

/* ops-dispatch-page.c */
void _ops_dispatch_page_update_panel     (OpsDispatchPage *self);
void _ops_dispatch_page_close_panel      (OpsDispatchPage *self);
/* Shows map_day on the map pane and the map window. */
void _ops_dispatch_page_apply_map_day    (OpsDispatchPage *self);

/* ops-dispatch-page-actions.c */
/* Installs the actions, their keys and the filter entry's callbacks; after
 * the template is set. */
void _ops_dispatch_page_class_init_actions (GtkWidgetClass *widget_class);
void _ops_dispatch_page_toast            (OpsDispatchPage *self,
                                          const char      *text,
                                          gboolean         with_undo);
void _ops_dispatch_page_show_error       (OpsDispatchPage *self,
                                          const GError    *error);
/* The toast with Undo for the change summarised, when it is ours. */
void _ops_dispatch_page_toast_change     (OpsDispatchPage *self,
                                          const char      *summary);
void _ops_dispatch_page_update_undo      (OpsDispatchPage *self);
void _ops_dispatch_page_update_actions   (OpsDispatchPage *self);
/* The remembered zoom and time of day, on today. */
void _ops_dispatch_page_restore_view     (OpsDispatchPage *self);
/* Saves the zoom and position a moment after the last change. */
void _ops_dispatch_page_queue_save_view  (OpsDispatchPage *self);
/* Saves now what is queued, if anything. */
void _ops_dispatch_page_flush_save_view  (OpsDispatchPage *self);
void _ops_dispatch_page_destroy_map_window (OpsDispatchPage *self);

G_END_DECLS
