/* ops-device-window.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-device-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-device-window.h"
#include "ops-equipment-panel.h"

struct _OpsDeviceWindow
{
  AdwWindow          parent_instance;

  GtkEntry          *serial_entry;
  GtkStack          *stack;
  OpsEquipmentPanel *panel;
};

G_DEFINE_FINAL_TYPE (OpsDeviceWindow, ops_device_window, ADW_TYPE_WINDOW)

/*
 * Callbacks
 */

static void
on_serial_activate_cb (OpsDeviceWindow *self)
{
  g_autofree char *serial = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->serial_entry))));

  if (*serial == '\0')
    return;
  ops_device_window_look_up (self, serial);
}

static void
focus_serial_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OpsDeviceWindow *self = OPS_DEVICE_WINDOW (widget);

  gtk_widget_grab_focus (GTK_WIDGET (self->serial_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->serial_entry), 0, -1);
}

/*
 * GObject overrides
 */

static void
ops_device_window_class_init (OpsDeviceWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_install_action (widget_class, "device.focus-serial", NULL, focus_serial_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "device.focus-serial", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "device.focus-serial", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
}

static void
ops_device_window_init (OpsDeviceWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *empty = adw_status_page_new ();

  gtk_window_set_title (GTK_WINDOW (self), _("Look Up a Device"));
  gtk_window_set_default_size (GTK_WINDOW (self), 980, 900);

  self->serial_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->serial_entry), "serial");
  gtk_entry_set_placeholder_text (self->serial_entry, _("Serial number, then Enter"));
  gtk_entry_set_icon_from_icon_name (self->serial_entry, GTK_ENTRY_ICON_PRIMARY, "system-search-symbolic");
  gtk_entry_set_input_hints (self->serial_entry, GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_UPPERCASE_CHARS);
  gtk_widget_set_size_request (GTK_WIDGET (self->serial_entry), 320, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->serial_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Serial number"), -1);
  g_signal_connect_object (self->serial_entry, "activate", G_CALLBACK (on_serial_activate_cb), self, G_CONNECT_SWAPPED);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->serial_entry));
  gtk_box_append (GTK_BOX (box), header);

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "system-search-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Look Up a Device"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Type the serial number printed on the unit’s label, then press Enter."));
  gtk_stack_add_named (self->stack, empty, "empty");

  self->panel = OPS_EQUIPMENT_PANEL (ops_equipment_panel_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (self->panel), 24);
  gtk_widget_set_margin_end (GTK_WIDGET (self->panel), 24);
  gtk_widget_set_margin_top (GTK_WIDGET (self->panel), 24);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->panel), 24);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 960);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->panel));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_stack_add_named (self->stack, scroller, "panel");

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (box), overlay);
  adw_window_set_content (ADW_WINDOW (self), box);

  gtk_stack_set_visible_child_name (self->stack, "empty");
  gtk_widget_grab_focus (GTK_WIDGET (self->serial_entry));
}

/*
 * Public API
 */

GtkWidget *
ops_device_window_new (GtkWindow       *parent,
                       OpsServiceLayer *services)
{
  OpsDeviceWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  /* Not transient: the person moves between it and the main window. */
  self = g_object_new (OPS_TYPE_DEVICE_WINDOW,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
  ops_equipment_panel_set_services (self->panel, services);
  return GTK_WIDGET (self);
}

void
ops_device_window_look_up (OpsDeviceWindow *self,
                           const char      *serial)
{
  g_autofree char *title = NULL;

  g_return_if_fail (OPS_IS_DEVICE_WINDOW (self));
  g_return_if_fail (serial != NULL);

  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->serial_entry)), serial) != 0)
    gtk_editable_set_text (GTK_EDITABLE (self->serial_entry), serial);
  /* TRANSLATORS: the title of the device window: "Device 22275A7000395" */
  title = g_strdup_printf (_("Device %s"), serial);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_stack_set_visible_child_name (self->stack, "panel");
  ops_equipment_panel_show_serial (self->panel, serial);
}

GtkWidget *
ops_device_window_get_panel (OpsDeviceWindow *self)
{
  g_return_val_if_fail (OPS_IS_DEVICE_WINDOW (self), NULL);
  return GTK_WIDGET (self->panel);
}
