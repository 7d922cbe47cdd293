/* ops-connection-indicator.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The link to ERPNext in the window header: online, syncing (with how
 * far), offline with the writes waiting, a refused API key, and the writes
 * ERPNext refused; below it, the live link to the hub when there is one.  Its popover says the same in sentences and offers to
 * sync now, stop a sync, or open the pending changes.
 */

#define G_LOG_DOMAIN "OpsConnectionIndicator"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-connection-indicator.h"
#include "ops-status-text.h"

#define TICK_SECONDS 30

struct _OpsConnectionIndicator
{
  GtkWidget         parent_instance;

  GtkMenuButton    *button;
  GtkImage         *icon;
  GtkLabel         *label;
  GtkLabel         *live_label;
  GtkProgressBar   *progress;
  GtkLabel         *failed_label;
  GtkPopover       *popover;
  GtkLabel         *title_label;
  GtkLabel         *sentence_label;
  GtkLabel         *error_label;
  GtkLabel         *last_sync_label;
  GtkLabel         *writes_label;
  GtkWidget        *sync_button;
  GtkWidget        *stop_button;

  OpsServiceLayer  *services;
  OpsHubClient     *hub;
  guint             tick_id;
  guint             live_tick_id;
};

G_DEFINE_FINAL_TYPE (OpsConnectionIndicator, ops_connection_indicator, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

static const char *
state_title (OpsConnectionState state)
{
  switch (state)
    {
    case OPS_CONNECTION_DEMO:
      return _("Demo Workspace");
    case OPS_CONNECTION_CONNECTING:
      return _("Connecting to ERPNext");
    case OPS_CONNECTION_ONLINE:
      return _("Online");
    case OPS_CONNECTION_SYNCING:
      return _("Syncing");
    case OPS_CONNECTION_OFFLINE:
      return _("Offline");
    case OPS_CONNECTION_AUTH_FAILED:
      return _("API Key Refused");
    default:
      return "";
    }
}

static void
set_style (GtkWidget  *widget,
           const char *style)
{
  static const char *const styles[] = { "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    if (g_strcmp0 (style, styles[i]) != 0)
      gtk_widget_remove_css_class (widget, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static gboolean on_live_tick_cb (gpointer user_data);

/* The live link's line, or NULL to hide it; counts down to the next
 * attempt every second. */
static char *
live_text (OpsConnectionIndicator *self)
{
  gint64 retry_at;
  gint64 seconds;

  if (self->hub == NULL)
    return NULL;

  switch (ops_hub_client_get_state (self->hub))
    {
    case OPS_HUB_LIVE:
      /* Translators: the console receives changes as they happen */
      return g_strdup (_("Live"));
    case OPS_HUB_CONNECTING:
      return g_strdup (_("Connecting live link…"));
    case OPS_HUB_AUTH_FAILED:
      return g_strdup (_("Hub token refused"));
    case OPS_HUB_DISCONNECTED:
    default:
      retry_at = ops_hub_client_get_retry_at (self->hub);
      if (retry_at == 0)
        return NULL;
      seconds = MAX (1, (retry_at - g_get_real_time () + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
      /* Translators: %u is a number of seconds */
      return g_strdup_printf (_("Live link lost, retrying in %u s"), (guint)seconds);
    }
}

static void
update_live (OpsConnectionIndicator *self)
{
  g_autofree char *text = live_text (self);
  gboolean counting;

  gtk_widget_set_visible (GTK_WIDGET (self->live_label), text != NULL);
  gtk_label_set_label (self->live_label, text ? text : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->live_label),
                               self->hub ? ops_hub_client_get_last_error (self->hub) : NULL);

  counting = self->hub != NULL && ops_hub_client_get_state (self->hub) == OPS_HUB_DISCONNECTED &&
             ops_hub_client_get_retry_at (self->hub) != 0;
  if (counting && self->live_tick_id == 0)
    self->live_tick_id = g_timeout_add_seconds (1, on_live_tick_cb, self);
  else if (!counting)
    g_clear_handle_id (&self->live_tick_id, g_source_remove);
}

static void
update (OpsConnectionIndicator *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *sync_doctype = NULL;
  g_autofree char *label = NULL;
  g_autofree char *sentence = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *last_sync = NULL;
  g_autofree char *failed = NULL;
  g_autofree char *writes = NULL;
  OpsConnectionInfo info = { 0 };
  gboolean syncing;

  if (self->services == NULL || ops_service_layer_is_demo (self->services))
    {
      /* The header's demo badge already says it: nothing is sent. */
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return;
    }

  g_object_get (self->services,
                "sync-doctype", &sync_doctype,
                "sync-done", &info.sync_done,
                "sync-total", &info.sync_total,
                NULL);
  info.state = ops_service_layer_get_state (self->services);
  info.pending = ops_service_layer_get_pending_writes (self->services);
  info.failed = ops_service_layer_get_failed_writes (self->services);
  info.last_sync = ops_service_layer_get_last_sync (self->services);
  info.last_error = ops_service_layer_get_last_error (self->services);
  info.sync_doctype = sync_doctype;
  syncing = info.state == OPS_CONNECTION_SYNCING;

  label = ops_connection_label (&info);
  sentence = ops_connection_sentence (&info);
  tooltip = ops_connection_tooltip (&info, now);
  last_sync = ops_connection_last_sync (&info, now);
  failed = ops_connection_failed_label (info.failed);
  writes = ops_connection_writes_summary (info.pending, info.failed);

  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
  gtk_image_set_from_icon_name (self->icon, ops_connection_icon_name (info.state));
  gtk_label_set_label (self->label, label);
  set_style (GTK_WIDGET (self->button), ops_connection_style (&info));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);

  gtk_widget_set_visible (GTK_WIDGET (self->progress), syncing);
  if (syncing && info.sync_total > 0)
    gtk_progress_bar_set_fraction (self->progress, MIN (1.0, (double)info.sync_done / info.sync_total));
  else if (syncing)
    gtk_progress_bar_pulse (self->progress);

  gtk_widget_set_visible (GTK_WIDGET (self->failed_label), failed != NULL);
  gtk_label_set_label (self->failed_label, failed ? failed : "");

  gtk_label_set_label (self->title_label, state_title (info.state));
  gtk_label_set_label (self->sentence_label, sentence);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), info.last_error != NULL && *info.last_error != '\0');
  gtk_label_set_label (self->error_label, info.last_error ? info.last_error : "");
  gtk_label_set_label (self->last_sync_label, last_sync);
  gtk_widget_set_visible (GTK_WIDGET (self->writes_label), writes != NULL);
  gtk_label_set_label (self->writes_label, writes ? writes : "");
  set_style (GTK_WIDGET (self->writes_label), info.failed > 0 ? "error" : NULL);

  gtk_widget_set_visible (self->sync_button, !syncing);
  gtk_widget_set_visible (self->stop_button, syncing);
  update_live (self);
}

/*
 * Callbacks
 */

static void
on_services_notify_cb (OpsConnectionIndicator *self,
                       GParamSpec             *pspec,
                       OpsServiceLayer        *services)
{
  update (self);
}

static void
on_hub_notify_cb (OpsConnectionIndicator *self,
                  GParamSpec             *pspec,
                  OpsHubClient           *hub)
{
  update_live (self);
}

static gboolean
on_live_tick_cb (gpointer user_data)
{
  update_live (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_tick_cb (gpointer user_data)
{
  /* Ages ("synced 3 min ago") move on even when nothing else does. */
  update (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_popover_button_clicked_cb (OpsConnectionIndicator *self,
                              GtkButton              *button)
{
  gtk_menu_button_popdown (self->button);
}

static void
on_popover_show_cb (OpsConnectionIndicator *self,
                    GtkPopover             *popover)
{
  update (self);
}

static void
on_popover_map_cb (OpsConnectionIndicator *self,
                   GtkPopover             *popover)
{
  /* Not the selectable message: focusing it would select all its text. */
  gtk_widget_grab_focus (gtk_widget_get_visible (self->stop_button) ? self->stop_button : self->sync_button);
}

/*
 * Actions
 */

static void
stop_sync_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  OpsConnectionIndicator *self = OPS_CONNECTION_INDICATOR (widget);

  if (self->services != NULL)
    ops_service_layer_cancel_sync (self->services);
}

/*
 * GObject overrides
 */

static void
ops_connection_indicator_dispose (GObject *object)
{
  GtkWidget *child;
  OpsConnectionIndicator *self = (OpsConnectionIndicator *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->live_tick_id, g_source_remove);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (self->services, self);
  if (self->hub != NULL)
    g_signal_handlers_disconnect_by_data (self->hub, self);
  g_clear_object (&self->services);
  g_clear_object (&self->hub);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_CONNECTION_INDICATOR);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (ops_connection_indicator_parent_class)->dispose (object);
}

static void
ops_connection_indicator_class_init (OpsConnectionIndicatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_connection_indicator_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "connectionindicator");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-connection-indicator.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, button);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, icon);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, label);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, live_label);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, progress);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, failed_label);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, popover);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, title_label);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, sentence_label);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, error_label);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, last_sync_label);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, writes_label);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, sync_button);
  gtk_widget_class_bind_template_child (widget_class, OpsConnectionIndicator, stop_button);
  gtk_widget_class_bind_template_callback (widget_class, on_popover_button_clicked_cb);

  gtk_widget_class_install_action (widget_class, "connection.stop-sync", NULL, stop_sync_action);
}

static void
ops_connection_indicator_init (OpsConnectionIndicator *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->popover, "show", G_CALLBACK (on_popover_show_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "map", G_CALLBACK (on_popover_map_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/*
 * Public API
 */

/**
 * ops_connection_indicator_set_services:
 * @services: (nullable): the service layer whose link to show
 *
 * Hidden when @services is %NULL or the demo workspace.
 */
void
ops_connection_indicator_set_services (OpsConnectionIndicator *self,
                                       OpsServiceLayer        *services)
{
  OpsHubClient *hub;

  g_return_if_fail (OPS_IS_CONNECTION_INDICATOR (self));
  g_return_if_fail (services == NULL || OPS_IS_SERVICE_LAYER (services));

  if (self->services == services)
    return;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->live_tick_id, g_source_remove);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (self->services, self);
  if (self->hub != NULL)
    g_signal_handlers_disconnect_by_data (self->hub, self);
  hub = services != NULL ? ops_service_layer_get_hub (services) : NULL;
  g_set_object (&self->services, services);
  g_set_object (&self->hub, hub);

  if (services != NULL && !ops_service_layer_is_demo (services))
    {
      g_signal_connect_object (services, "notify", G_CALLBACK (on_services_notify_cb), self, G_CONNECT_SWAPPED);
      self->tick_id = g_timeout_add_seconds (TICK_SECONDS, on_tick_cb, self);
    }
  if (self->hub != NULL)
    g_signal_connect_object (self->hub, "notify", G_CALLBACK (on_hub_notify_cb), self, G_CONNECT_SWAPPED);
  update (self);
}

const char *
ops_connection_indicator_get_label (OpsConnectionIndicator *self)
{
  g_return_val_if_fail (OPS_IS_CONNECTION_INDICATOR (self), NULL);

  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return NULL;
  return gtk_label_get_label (self->label);
}
