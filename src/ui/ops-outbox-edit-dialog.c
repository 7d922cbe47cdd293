/* ops-outbox-edit-dialog.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Corrects the fields of a queued write (the text ERPNext refused) and
 * sends it again.  One entry row per text field of the payload; the other
 * members are kept as they are.
 */

#define G_LOG_DOMAIN "OpsOutboxEditDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-outbox-actions.h"
#include "ops-outbox-edit-dialog.h"
#include "ops-outbox.h"
#include "ops-status-text.h"

struct _OpsOutboxEditDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  GtkLabel            *refused_label;
  AdwPreferencesGroup *fields_group;
  GtkLabel            *error_label;

  OpsServiceLayer     *services;
  OpsOutboxEntry      *entry;
  GPtrArray           *rows;  /* AdwEntryRow, named after their member */
};

G_DEFINE_FINAL_TYPE (OpsOutboxEditDialog, ops_outbox_edit_dialog, ADW_TYPE_WINDOW)

/*
 * Auxiliary methods
 */

static void
fill (OpsOutboxEditDialog *self)
{
  g_autoptr(GList) members = json_object_get_members (self->entry->payload);

  adw_window_title_set_subtitle (self->window_title, self->entry->summary ? self->entry->summary : "");

  if (self->entry->state == OPS_OUTBOX_FAILED && self->entry->last_error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("ERPNext refused it: %s"), self->entry->last_error);

      gtk_label_set_label (self->refused_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->refused_label), TRUE);
    }

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *member = l->data;
      JsonNode *node = json_object_get_member (self->entry->payload, member);
      GtkWidget *row;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        continue;

      row = adw_entry_row_new ();
      gtk_widget_set_name (row, member);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     ops_outbox_field_label (self->entry->doctype, member));
      gtk_editable_set_text (GTK_EDITABLE (row), json_node_get_string (node));
      adw_entry_row_set_activates_default (ADW_ENTRY_ROW (row), TRUE);
      if (g_str_equal (member, "email") || g_str_equal (member, "email_id"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
      else if (g_str_equal (member, "phone") || g_str_equal (member, "mobile"))
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
      adw_preferences_group_add (self->fields_group, row);
      g_ptr_array_add (self->rows, row);
    }

  if (self->rows->len == 0)
    {
      adw_preferences_group_set_description (self->fields_group,
                                             _("This change has no text to correct. Retry it or discard it instead."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.save", FALSE);
    }
}

/*
 * Actions
 */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsOutboxEditDialog *self = OPS_OUTBOX_EDIT_DIALOG (widget);
  g_autoptr(JsonNode) copy = NULL;
  g_autoptr(JsonNode) original = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  JsonObject *payload;

  json_node_set_object (original, self->entry->payload);
  copy = json_node_copy (original);
  payload = json_node_get_object (copy);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      json_object_set_string_member (payload, gtk_widget_get_name (row),
                                     gtk_editable_get_text (GTK_EDITABLE (row)));
    }

  if (!ops_outbox_set_payload (ops_service_layer_get_store (self->services), self->entry->id, payload, &error))
    {
      gtk_label_set_label (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  ops_outbox_actions_changed (self->services, "edited", self->entry->id);
  gtk_window_destroy (GTK_WINDOW (self));
}

/*
 * GObject overrides
 */

static void
ops_outbox_edit_dialog_dispose (GObject *object)
{
  OpsOutboxEditDialog *self = (OpsOutboxEditDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_OUTBOX_EDIT_DIALOG);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->entry, ops_outbox_entry_free);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_outbox_edit_dialog_parent_class)->dispose (object);
}

static void
ops_outbox_edit_dialog_class_init (OpsOutboxEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_outbox_edit_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-outbox-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsOutboxEditDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OpsOutboxEditDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, OpsOutboxEditDialog, refused_label);
  gtk_widget_class_bind_template_child (widget_class, OpsOutboxEditDialog, fields_group);
  gtk_widget_class_bind_template_child (widget_class, OpsOutboxEditDialog, error_label);

  gtk_widget_class_install_action (widget_class, "edit.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ops_outbox_edit_dialog_init (OpsOutboxEditDialog *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  /* Ctrl+Enter saves from inside a field too. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("edit.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/*
 * Public API
 */

GtkWidget *
ops_outbox_edit_dialog_new (GtkWindow        *parent,
                            OpsServiceLayer  *services,
                            gint64            id,
                            GError          **error)
{
  OpsOutboxEditDialog *self;
  OpsOutboxEntry *entry;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  entry = ops_outbox_get (ops_service_layer_get_store (services), id, &local_error);
  if (entry == NULL)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                             _("This change is not waiting any more: it was sent or discarded meanwhile."));
      return NULL;
    }

  self = g_object_new (OPS_TYPE_OUTBOX_EDIT_DIALOG, "transient-for", parent, NULL);
  self->services = g_object_ref (services);
  self->entry = entry;
  fill (self);

  return GTK_WIDGET (self);
}
