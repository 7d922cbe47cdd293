/* ops-window.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-connection-indicator.h"
#include "ops-current-user.h"
#include "ops-customers-page.h"
#include "ops-device-window.h"
#include "ops-dispatch-page.h"
#include "ops-invoice-reader.h"
#include "ops-outbox-window.h"
#include "ops-scan-dialog.h"
#include "ops-sms-notifier.h"
#include "ops-tickets-page.h"
#include "ops-window.h"

struct _OpsWindow
{
  AdwApplicationWindow  parent_instance;

  GtkLabel             *workspace_label;
  AdwViewStack         *stack;
  OpsCustomersPage     *customers_page;
  OpsDispatchPage      *dispatch_page;
  OpsTicketsPage       *tickets_page;
  OpsConnectionIndicator *connection_indicator;

  GSettings            *settings;
  OpsServiceLayer      *services;
  GtkWidget            *outbox_window;  /* weak */
  OpsSmsNotifier       *sms_notifier;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (OpsWindow, ops_window, ADW_TYPE_APPLICATION_WINDOW)

/*
 * Auxiliary methods
 */

static void
restore_state (OpsWindow *self)
{
  g_autofree char *page = NULL;

  if (self->settings == NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self), 1400, 880);
      return;
    }

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  page = g_settings_get_string (self->settings, "last-page");
  if (page != NULL && adw_view_stack_get_child_by_name (self->stack, page) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, page);
}

static void
save_state (OpsWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  if (!gtk_window_is_maximized (GTK_WINDOW (self)))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  if (adw_view_stack_get_visible_child_name (self->stack) != NULL)
    g_settings_set_string (self->settings, "last-page", adw_view_stack_get_visible_child_name (self->stack));
  g_settings_apply (self->settings);
}

/*
 * Callbacks
 */

static void
on_after_paint_cb (GdkFrameClock *clock,
                   OpsWindow     *self)
{
  /* Benchmarks ask for the time of the first drawn frame; see tests/bench. */
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, self);
  g_print ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
}

/*
 * Actions
 */

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);

  if (g_strcmp0 (adw_view_stack_get_visible_child_name (self->stack), "tickets") == 0)
    {
      ops_tickets_page_focus_search (self->tickets_page);
      return;
    }
  adw_view_stack_set_visible_child_name (self->stack, "customers");
  ops_customers_page_focus_search (self->customers_page);
}

/* Opens a customer's detail from any page: the dispatch job panel, the scan
 * dialog, a ticket. */
static void
show_customer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (name == NULL || *name == '\0')
    return;
  adw_view_stack_set_visible_child_name (self->stack, "customers");
  ops_customers_page_open_customer (self->customers_page, name);
}

/* Opens a ticket from a notification or another page. */
static void
show_ticket_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (name == NULL || *name == '\0')
    return;
  adw_view_stack_set_visible_child_name (self->stack, "tickets");
  ops_tickets_page_open_ticket (self->tickets_page, name);
}

static void
on_current_user_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user = ops_current_user_lookup_finish (result, &error);

  if (user == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Cannot tell who the console works as: %s", error->message);
      return;
    }
  ops_tickets_page_set_me (OPS_WINDOW (user_data)->tickets_page, user);
}

/* Alt+1, Alt+2, Alt+3: the pages by name. */
static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (adw_view_stack_get_child_by_name (self->stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->stack, name);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);

  if (self->services != NULL && !ops_service_layer_is_demo (self->services))
    ops_service_layer_sync_now (self->services);
}

static void
lookup_device_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);
  GtkWidget *window;

  if (self->services == NULL)
    return;

  /* One window per device: several can be compared side by side. */
  window = ops_device_window_new (GTK_WINDOW (self), self->services);
  gtk_window_present (GTK_WINDOW (window));
}

/* Identify a unit by its barcode; a new dialog each time (the camera is
 * released when it closes). */
static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);

  if (self->services == NULL)
    return;
  gtk_window_present (GTK_WINDOW (ops_scan_dialog_new (GTK_WINDOW (self), self->services)));
}

static void
read_invoice_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);

  if (self->services == NULL)
    return;
  gtk_window_present (GTK_WINDOW (ops_invoice_reader_new (GTK_WINDOW (self), self->services)));
}

static void
show_outbox_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  OpsWindow *self = OPS_WINDOW (widget);

  if (self->services == NULL)
    return;

  if (self->outbox_window == NULL)
    {
      self->outbox_window = ops_outbox_window_new (GTK_WINDOW (self), self->services);
      g_object_add_weak_pointer (G_OBJECT (self->outbox_window), (gpointer *)&self->outbox_window);
    }
  gtk_window_present (GTK_WINDOW (self->outbox_window));
}

/*
 * GtkWidget overrides
 */

static void
ops_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ops_window_parent_class)->map (widget);

  if (g_getenv ("OPS_REPORT_FIRST_FRAME") != NULL)
    g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                      G_CALLBACK (on_after_paint_cb), widget);
}

static gboolean
ops_window_close_request (GtkWindow *window)
{
  save_state (OPS_WINDOW (window));
  return GTK_WINDOW_CLASS (ops_window_parent_class)->close_request (window);
}

/*
 * GObject overrides
 */

static void
ops_window_dispose (GObject *object)
{
  OpsWindow *self = (OpsWindow *)object;

  if (self->outbox_window != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->outbox_window), (gpointer *)&self->outbox_window);
      gtk_window_destroy (GTK_WINDOW (self->outbox_window));
      self->outbox_window = NULL;
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->sms_notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->services);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_WINDOW);

  G_OBJECT_CLASS (ops_window_parent_class)->dispose (object);
}

static void
ops_window_class_init (OpsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ops_window_dispose;
  widget_class->map = ops_window_map;
  window_class->close_request = ops_window_close_request;

  g_type_ensure (OPS_TYPE_CUSTOMERS_PAGE);
  g_type_ensure (OPS_TYPE_DISPATCH_PAGE);
  g_type_ensure (OPS_TYPE_TICKETS_PAGE);
  g_type_ensure (OPS_TYPE_CONNECTION_INDICATOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsWindow, workspace_label);
  gtk_widget_class_bind_template_child (widget_class, OpsWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OpsWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, OpsWindow, dispatch_page);
  gtk_widget_class_bind_template_child (widget_class, OpsWindow, tickets_page);
  gtk_widget_class_bind_template_child (widget_class, OpsWindow, connection_indicator);

  gtk_widget_class_install_action (widget_class, "win.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.focus-search", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-customer", "s", show_customer_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-page", "s", "customers");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-page", "s", "dispatch");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_3, GDK_ALT_MASK, "win.show-page", "s", "tickets");
  gtk_widget_class_install_action (widget_class, "win.show-ticket", "s", show_ticket_action);
  gtk_widget_class_install_action (widget_class, "win.sync-now", NULL, sync_now_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.sync-now", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-outbox", NULL, show_outbox_action);
  gtk_widget_class_install_action (widget_class, "win.lookup-device", NULL, lookup_device_action);
  gtk_widget_class_install_action (widget_class, "win.scan", NULL, scan_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_B, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.scan", NULL);
  gtk_widget_class_install_action (widget_class, "win.read-invoice", NULL, read_invoice_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_I, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.read-invoice", NULL);
  /* Not Ctrl+Shift+D: GTK's inspector may own it. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.lookup-device", NULL);
}

static void
ops_window_init (OpsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/*
 * Public API
 */

OpsWindow *
ops_window_new (OpsApplication *application,
                gboolean        demo)
{
  OpsWindow *self;
  GSettings *settings;
  OpsServiceLayer *services;

  g_return_val_if_fail (OPS_IS_APPLICATION (application), NULL);

  self = g_object_new (OPS_TYPE_WINDOW, "application", application, NULL);

#if DEVELOPMENT
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  if ((settings = ops_application_get_settings (application)))
    self->settings = g_object_ref (settings);
  restore_state (self);

  gtk_widget_set_visible (GTK_WIDGET (self->workspace_label), demo);
  ops_customers_page_set_store (self->customers_page, ops_application_get_store (application));

  if ((services = ops_application_get_services (application)))
    self->services = g_object_ref (services);
  ops_connection_indicator_set_services (self->connection_indicator, self->services);
  ops_customers_page_set_services (self->customers_page, self->services);
  ops_dispatch_page_set_settings (self->dispatch_page, self->settings);
  ops_dispatch_page_set_services (self->dispatch_page, self->services);
  ops_tickets_page_set_services (self->tickets_page, self->services);
  if (self->services != NULL)
    {
      self->cancellable = g_cancellable_new ();
      ops_current_user_lookup_async (self->services, self->cancellable, on_current_user_cb, self);
      self->sms_notifier = ops_sms_notifier_new (GTK_WINDOW (self), self->services);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync-now",
                                 self->services != NULL && !ops_service_layer_is_demo (self->services));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-outbox", self->services != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.lookup-device", self->services != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.scan", self->services != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.read-invoice", self->services != NULL);

  if (self->settings != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-customer");

      if (last != NULL && *last != '\0')
        ops_customers_page_open_customer (self->customers_page, last);
      g_settings_bind (self->settings, "last-customer", self->customers_page, "customer",
                       G_SETTINGS_BIND_SET);
    }

  return self;
}

/**
 * ops_window_get_customers_page:
 *
 * Returns: (transfer none): the customers page
 */
GtkWidget *
ops_window_get_customers_page (OpsWindow *self)
{
  g_return_val_if_fail (OPS_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->customers_page);
}
