/* ops-dispatch-map-window.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch map in a window of its own, for a second monitor: a second
 * OpsDispatchMap on the same board and the same selection, so a click on
 * either side selects on both.
 */

#define G_LOG_DOMAIN "ops-dispatch-map-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-dispatch-map.h"

#define MAP_KEY "ops-dispatch-map"

GtkWindow *
ops_dispatch_map_window_new (GtkApplication       *application,
                             OpsConfig            *config,
                             OpsDispatchBoard     *board,
                             OpsDispatchSelection *selection)
{
  GtkWidget *window;
  GtkWidget *box;
  GtkWidget *header;
  GtkWidget *map;
  GtkEventController *shortcuts;

  g_return_val_if_fail (application == NULL || GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (config == NULL || OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (board == NULL || OPS_IS_DISPATCH_BOARD (board), NULL);
  g_return_val_if_fail (selection == NULL || OPS_IS_DISPATCH_SELECTION (selection), NULL);

  window = g_object_new (ADW_TYPE_WINDOW,
                         "application", application,
                         "title", _("Dispatch Map"),
                         "default-width", 960,
                         "default-height", 720,
                         NULL);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (box), header);

  map = ops_dispatch_map_new (config);
  gtk_widget_set_vexpand (map, TRUE);
  ops_dispatch_map_set_board (OPS_DISPATCH_MAP (map), board);
  ops_dispatch_map_set_selection (OPS_DISPATCH_MAP (map), selection);
  gtk_box_append (GTK_BOX (box), map);
  adw_window_set_content (ADW_WINDOW (window), box);
  g_object_set_data (G_OBJECT (window), MAP_KEY, map);

  /* Ctrl+W closes it, as other secondary windows. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>w"),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, shortcuts);

  return GTK_WINDOW (window);
}

OpsDispatchMap *
ops_dispatch_map_window_get_map (GtkWindow *window)
{
  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);

  return g_object_get_data (G_OBJECT (window), MAP_KEY);
}
