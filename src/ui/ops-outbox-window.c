/* ops-outbox-window.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every write not yet accepted by ERPNext: waiting, being sent, or refused
 * (with ERPNext's message and what can be done about it).
 */

#define G_LOG_DOMAIN "OpsOutboxWindow"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-outbox-actions.h"
#include "ops-outbox-window.h"
#include "ops-outbox.h"
#include "ops-status-text.h"

#define TICK_SECONDS 60

struct _OpsOutboxWindow
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkStack            *stack;
  AdwPreferencesGroup *list_group;

  OpsServiceLayer     *services;
  GPtrArray           *rows;      /* widgets added to list_group */
  GHashTable          *expanded;  /* ids whose row a person opened or closed: gint64* -> TRUE/FALSE */
  guint                n_entries;
  guint                tick_id;
};

G_DEFINE_FINAL_TYPE (OpsOutboxWindow, ops_outbox_window, ADW_TYPE_WINDOW)

/*
 * Auxiliary methods
 */

static GtkWidget *
pill_new (OpsLabel label)
{
  GtkWidget *pill = gtk_label_new (label.label);

  gtk_widget_add_css_class (pill, "pill");
  if (label.style)
    gtk_widget_add_css_class (pill, label.style);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

static GtkWidget *
action_button_new (const char *label,
                   const char *action,
                   gint64      id,
                   const char *style)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  if (style != NULL)
    gtk_widget_add_css_class (button, style);
  return button;
}

static GtkWidget *
details_row_new (OpsOutboxEntry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 10);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);

  if (entry->last_error != NULL && *entry->last_error != '\0')
    {
      g_autofree char *text = NULL;
      GtkWidget *message;

      if (entry->state == OPS_OUTBOX_FAILED)
        text = g_strdup_printf (_("ERPNext refused it: %s"), entry->last_error);
      else
        text = g_strdup_printf (_("Last attempt: %s"), entry->last_error);
      message = gtk_label_new (text);
      gtk_label_set_xalign (GTK_LABEL (message), 0);
      gtk_label_set_wrap (GTK_LABEL (message), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (message), TRUE);
      gtk_widget_add_css_class (message, entry->state == OPS_OUTBOX_FAILED ? "outbox-message" : "dim-label");
      gtk_widget_set_name (message, "message");
      gtk_box_append (GTK_BOX (box), message);
    }

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  if (entry->state == OPS_OUTBOX_FAILED)
    gtk_box_append (GTK_BOX (buttons), action_button_new (_("_Retry"), "outbox.retry", entry->id, "suggested-action"));
  gtk_box_append (GTK_BOX (buttons), action_button_new (_("_Edit…"), "outbox.edit", entry->id, NULL));
  gtk_box_append (GTK_BOX (buttons), action_button_new (_("_Discard…"), "outbox.discard", entry->id, "destructive-action"));
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
on_expanded_changed_cb (OpsOutboxWindow *self,
                        GParamSpec      *pspec,
                        AdwExpanderRow  *row)
{
  gint64 *id = g_object_get_data (G_OBJECT (row), "outbox-id");

  if (id != NULL)
    g_hash_table_insert (self->expanded, g_memdup2 (id, sizeof *id),
                         GINT_TO_POINTER (adw_expander_row_get_expanded (row)));
}

static GtkWidget *
entry_row_new (OpsOutboxWindow *self,
               OpsOutboxEntry  *entry,
               GDateTime       *now)
{
  g_autofree char *details = ops_outbox_entry_details (entry, now);
  g_autofree char *fallback = g_strdup_printf ("%s %s", entry->doctype, entry->docname);
  const char *title = entry->summary && *entry->summary ? entry->summary : fallback;
  GtkWidget *row;
  gpointer remembered;

  if (entry->state == OPS_OUTBOX_SENDING)
    {
      /* In flight: nothing to do but wait. */
      GtkWidget *spinner = gtk_spinner_new ();

      row = adw_action_row_new ();
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), details);
      gtk_spinner_start (GTK_SPINNER (spinner));
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), spinner);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill_new (ops_label_outbox_state (entry->state)));
    }
  else
    {
      row = adw_expander_row_new ();
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), details);
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row),
                                   gtk_image_new_from_icon_name (entry->state == OPS_OUTBOX_FAILED
                                                                 ? "dialog-error-symbolic"
                                                                 : "mail-send-symbolic"));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), pill_new (ops_label_outbox_state (entry->state)));
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), details_row_new (entry));

      /* Refused writes open by default: they wait for a person. */
      if (!g_hash_table_lookup_extended (self->expanded, &entry->id, NULL, &remembered))
        remembered = GINT_TO_POINTER (entry->state == OPS_OUTBOX_FAILED);
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), GPOINTER_TO_INT (remembered));
      g_object_set_data_full (G_OBJECT (row), "outbox-id", g_memdup2 (&entry->id, sizeof entry->id), g_free);
      g_signal_connect_object (row, "notify::expanded", G_CALLBACK (on_expanded_changed_cb), self, G_CONNECT_SWAPPED);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (entry->state == OPS_OUTBOX_FAILED)
    gtk_widget_add_css_class (row, "outbox-failed");
  return row;
}

/*
 * Callbacks
 */

static void
on_bus_event_cb (OpsOutboxWindow *self,
                 const char      *topic,
                 JsonNode        *data,
                 OpsEventBus     *bus)
{
  if (g_str_equal (topic, "outbox"))
    ops_outbox_window_refresh (self);
}

static gboolean
on_tick_cb (gpointer user_data)
{
  ops_outbox_window_refresh (user_data);
  return G_SOURCE_CONTINUE;
}

/*
 * Actions
 */

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  OpsOutboxWindow *self = OPS_OUTBOX_WINDOW (widget);

  ops_outbox_actions_retry (widget, self->services, g_variant_get_int64 (param));
  ops_outbox_window_refresh (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsOutboxWindow *self = OPS_OUTBOX_WINDOW (widget);

  ops_outbox_actions_edit (widget, self->services, g_variant_get_int64 (param));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  OpsOutboxWindow *self = OPS_OUTBOX_WINDOW (widget);

  ops_outbox_actions_discard (widget, self->services, g_variant_get_int64 (param));
}

/*
 * GObject overrides
 */

static void
ops_outbox_window_dispose (GObject *object)
{
  OpsOutboxWindow *self = (OpsOutboxWindow *)object;

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_OUTBOX_WINDOW);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_outbox_window_parent_class)->dispose (object);
}

static void
ops_outbox_window_class_init (OpsOutboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_outbox_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-outbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsOutboxWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, OpsOutboxWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, OpsOutboxWindow, list_group);

  gtk_widget_class_install_action (widget_class, "outbox.retry", "x", retry_action);
  gtk_widget_class_install_action (widget_class, "outbox.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "outbox.discard", "x", discard_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ops_outbox_window_init (OpsOutboxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new ();
  self->expanded = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

/*
 * Public API
 */

GtkWidget *
ops_outbox_window_new (GtkWindow       *parent,
                       OpsServiceLayer *services)
{
  OpsOutboxWindow *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  self = g_object_new (OPS_TYPE_OUTBOX_WINDOW, "transient-for", parent, NULL);
  self->services = g_object_ref (services);
  g_signal_connect_object (ops_service_layer_get_bus (services), "event",
                           G_CALLBACK (on_bus_event_cb), self, G_CONNECT_SWAPPED);
  /* Ages ("made 5 min ago") move on. */
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, on_tick_cb, self);
  ops_outbox_window_refresh (self);

  return GTK_WIDGET (self);
}

void
ops_outbox_window_refresh (OpsOutboxWindow *self)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *subtitle = NULL;
  guint failed = 0;

  g_return_if_fail (OPS_IS_OUTBOX_WINDOW (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->list_group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);

  entries = ops_outbox_list (ops_service_layer_get_store (self->services), NULL, NULL, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      entries = g_ptr_array_new ();
    }

  for (guint i = 0; i < entries->len; i++)
    {
      OpsOutboxEntry *entry = entries->pdata[i];
      GtkWidget *row = entry_row_new (self, entry, now);

      adw_preferences_group_add (self->list_group, row);
      g_ptr_array_add (self->rows, row);
      failed += entry->state == OPS_OUTBOX_FAILED;
    }

  self->n_entries = entries->len;
  subtitle = ops_connection_writes_summary (entries->len - failed, failed);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : "");
  gtk_stack_set_visible_child_name (self->stack, entries->len > 0 ? "list" : "empty");
}

guint
ops_outbox_window_get_n_entries (OpsOutboxWindow *self)
{
  g_return_val_if_fail (OPS_IS_OUTBOX_WINDOW (self), 0);

  return self->n_entries;
}
