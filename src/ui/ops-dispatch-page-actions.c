/* ops-dispatch-page-actions.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch page's dispatch.* actions and their keys, the filter
 * entry, its toasts, the undo and redo buttons, the map in its own window,
 * and the zoom and position remembered in GSettings.
 */

#define G_LOG_DOMAIN "OpsDispatchPage"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ops-dispatch-map.h"
#include "ops-dispatch-page-private.h"

#define SAVE_DELAY_MS    600
#define ERROR_TOAST_SECS 8

/*
 * Toasts
 */

void
_ops_dispatch_page_toast (OpsDispatchPage *self,
                          const char      *text,
                          gboolean         with_undo)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  AdwToast *toast = adw_toast_new (escaped);

  if (with_undo)
    {
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "dispatch.undo");
    }
  else
    adw_toast_set_timeout (toast, ERROR_TOAST_SECS);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_ops_dispatch_page_show_error (OpsDispatchPage *self,
                               const GError    *error)
{
  if (error == NULL)
    return;
  g_debug ("Dispatch change refused: %s", error->message);
  _ops_dispatch_page_toast (self, error->message, FALSE);
}

void
_ops_dispatch_page_toast_change (OpsDispatchPage *self,
                                 const char      *summary)
{
  g_autofree char *label = NULL;

  /* A change made here is the one our Undo would take back: it gets a
   * toast with that Undo.  Another dispatcher's change does not. */
  if (summary == NULL || self->editor == NULL || !ops_dispatch_editor_can_undo (self->editor))
    return;
  g_object_get (self->editor, "undo-label", &label, NULL);
  if (g_strcmp0 (label, summary) == 0)
    _ops_dispatch_page_toast (self, summary, TRUE);
}

/*
 * Action state
 */

void
_ops_dispatch_page_update_undo (OpsDispatchPage *self)
{
  g_autofree char *undo_label = NULL;
  g_autofree char *redo_label = NULL;
  g_autofree char *undo_tip = NULL;
  g_autofree char *redo_tip = NULL;
  gboolean can_undo = self->editor && ops_dispatch_editor_can_undo (self->editor);
  gboolean can_redo = self->editor && ops_dispatch_editor_can_redo (self->editor);

  if (self->editor != NULL)
    g_object_get (self->editor, "undo-label", &undo_label, "redo-label", &redo_label, NULL);

  /* Translators: tooltip of the undo button, then the change it undoes. */
  undo_tip = can_undo && undo_label ? g_strdup_printf (_("Undo: %s (Ctrl+Z)"), undo_label)
                                    : g_strdup (_("Nothing to undo"));
  /* Translators: tooltip of the redo button, then the change it applies again. */
  redo_tip = can_redo && redo_label ? g_strdup_printf (_("Redo: %s (Ctrl+Shift+Z)"), redo_label)
                                    : g_strdup (_("Nothing to redo"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->undo_button), undo_tip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->redo_button), redo_tip);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.undo", can_undo);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.redo", can_redo);
}

void
_ops_dispatch_page_update_actions (OpsDispatchPage *self)
{
  gboolean ready = self->board != NULL;
  const char *names[] = {
    "dispatch.today", "dispatch.previous-day", "dispatch.next-day",
    "dispatch.zoom-in", "dispatch.zoom-out", "dispatch.open-map-window",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), names[i], ready);
  _ops_dispatch_page_update_undo (self);
  _ops_dispatch_page_update_panel (self);
}

/*
 * Remembered zoom and position
 */

static gint64
today_start (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = ops_dispatch_day_of (g_date_time_to_unix (now));

  return ops_dispatch_day_start (today);
}

static gboolean
save_view_cb (gpointer data)
{
  OpsDispatchPage *self = data;
  g_autofree char *day = NULL;
  gint64 begin;

  self->save_id = 0;
  if (self->settings == NULL || self->axis == NULL)
    return G_SOURCE_REMOVE;

  begin = ops_time_axis_get_begin (self->axis);
  day = ops_dispatch_day_of (begin);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "dispatch-span", (int)ops_time_axis_get_span (self->axis));
  g_settings_set_int (self->settings, "dispatch-begin-offset", (int)(begin - ops_dispatch_day_start (day)));
  g_settings_apply (self->settings);
  return G_SOURCE_REMOVE;
}

void
_ops_dispatch_page_queue_save_view (OpsDispatchPage *self)
{
  if (self->settings != NULL && self->save_id == 0)
    self->save_id = g_timeout_add (SAVE_DELAY_MS, save_view_cb, self);
}

void
_ops_dispatch_page_flush_save_view (OpsDispatchPage *self)
{
  if (self->save_id == 0)
    return;
  g_clear_handle_id (&self->save_id, g_source_remove);
  save_view_cb (self);
}

void
_ops_dispatch_page_restore_view (OpsDispatchPage *self)
{
  gint64 span, offset, begin;

  if (self->restored || self->axis == NULL || self->board == NULL)
    return;
  self->restored = TRUE;

  if (self->settings == NULL)
    {
      ops_time_axis_show_day (self->axis, g_get_real_time () / G_USEC_PER_SEC);
      return;
    }
  span = CLAMP (g_settings_get_int (self->settings, "dispatch-span"), OPS_TIME_AXIS_MIN_SPAN, OPS_TIME_AXIS_MAX_SPAN);
  offset = g_settings_get_int (self->settings, "dispatch-begin-offset");
  begin = today_start () + offset;
  ops_time_axis_set_range (self->axis, begin, begin + span);
}

/*
 * The map window
 */

void
_ops_dispatch_page_destroy_map_window (OpsDispatchPage *self)
{
  if (self->map_window == NULL)
    return;
  g_object_remove_weak_pointer (G_OBJECT (self->map_window), (gpointer *)&self->map_window);
  gtk_window_destroy (GTK_WINDOW (self->map_window));
  self->map_window = NULL;
}

/*
 * The filter entry
 */

static void
on_filter_changed_cb (OpsDispatchPage *self,
                      GtkSearchEntry  *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  ops_dispatch_timeline_set_filter (self->timeline, text);
  ops_dispatch_tray_set_text (self->tray, text);
}

static void
on_filter_stop_cb (OpsDispatchPage *self,
                   GtkSearchEntry  *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->timeline));
}

static void
on_filter_activate_cb (OpsDispatchPage *self,
                       GtkSearchEntry  *entry)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->timeline));
}

/*
 * Actions
 */

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->editor != NULL && !ops_dispatch_editor_undo (self->editor, &error))
    _ops_dispatch_page_show_error (self, error);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (self->editor != NULL && !ops_dispatch_editor_redo (self->editor, &error))
    _ops_dispatch_page_show_error (self, error);
}

static void
today_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);

  ops_time_axis_show_day (self->axis, g_get_real_time () / G_USEC_PER_SEC);
}

static void
day_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);

  ops_time_axis_scroll (self->axis, g_str_equal (action_name, "dispatch.next-day") ? DAY_SECONDS : -DAY_SECONDS);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);
  double factor = g_str_equal (action_name, "dispatch.zoom-in") ? 0.5 : 2.0;

  ops_time_axis_zoom (self->axis, factor, ops_time_axis_get_width (self->axis) / 2);
}

static void
filter_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->filter_entry), 0, -1);
}

static void
close_panel_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  _ops_dispatch_page_close_panel (OPS_DISPATCH_PAGE (widget));
}

static void
open_map_window_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkApplication *application = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (self->board == NULL)
    return;
  if (self->map_window == NULL)
    {
      self->map_window = GTK_WIDGET (ops_dispatch_map_window_new (application,
                                                                   ops_service_layer_get_config (self->services),
                                                                   self->board, self->selection));
      g_object_add_weak_pointer (G_OBJECT (self->map_window), (gpointer *)&self->map_window);
      _ops_dispatch_page_apply_map_day (self);
    }
  gtk_window_present (GTK_WINDOW (self->map_window));
}

void
_ops_dispatch_page_class_init_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_activate_cb);

  gtk_widget_class_install_action (widget_class, "dispatch.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "dispatch.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "dispatch.today", NULL, today_action);
  gtk_widget_class_install_action (widget_class, "dispatch.previous-day", NULL, day_action);
  gtk_widget_class_install_action (widget_class, "dispatch.next-day", NULL, day_action);
  gtk_widget_class_install_action (widget_class, "dispatch.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "dispatch.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "dispatch.filter", NULL, filter_action);
  gtk_widget_class_install_action (widget_class, "dispatch.close-panel", NULL, close_panel_action);
  gtk_widget_class_install_action (widget_class, "dispatch.open-map-window", NULL, open_map_window_action);
  gtk_widget_class_install_property_action (widget_class, "dispatch.show-map", "map-visible");

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "dispatch.undo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "dispatch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_y, GDK_CONTROL_MASK, "dispatch.redo", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_slash, 0, "dispatch.filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Divide, 0, "dispatch.filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "dispatch.close-panel", NULL);
}
