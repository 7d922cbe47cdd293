/* ops-contact-edit-dialog.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contact's phone, mobile and e-mail.  Only the fields changed are
 * saved; a value the store refuses is explained under its field and
 * nothing typed is lost.
 */

#define G_LOG_DOMAIN "OpsContactEditDialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-contact-edit-dialog.h"
#include "ops-edits.h"
#include "ops-outbox-actions.h"

enum {
  FIELD_PHONE,
  FIELD_MOBILE,
  FIELD_EMAIL,
  N_FIELDS
};

typedef struct
{
  AdwEntryRow *row;
  GtkWidget   *error_row;
  GtkLabel    *error;
  char        *original;
} Field;

struct _OpsContactEditDialog
{
  AdwWindow        parent_instance;

  AdwWindowTitle  *window_title;
  GtkWidget       *save_button;
  GtkLabel        *error_label;
  AdwEntryRow     *phone_row;
  AdwEntryRow     *mobile_row;
  AdwEntryRow     *email_row;
  GtkWidget       *phone_error_row;
  GtkWidget       *mobile_error_row;
  GtkWidget       *email_error_row;
  GtkLabel        *phone_error;
  GtkLabel        *mobile_error;
  GtkLabel        *email_error;

  OpsServiceLayer *services;
  char            *customer;
  char            *name;
  Field            fields[N_FIELDS];
};

G_DEFINE_FINAL_TYPE (OpsContactEditDialog, ops_contact_edit_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

static void
clear_errors (OpsContactEditDialog *self)
{
  for (guint i = 0; i < N_FIELDS; i++)
    {
      gtk_widget_set_visible (self->fields[i].error_row, FALSE);
      gtk_widget_remove_css_class (GTK_WIDGET (self->fields[i].row), "error");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
}

/* The store checks the e-mail first, then the phone, then the mobile, and
 * its sentence quotes the value it refused: that tells which field. */
static int
field_of_error (const char   *message,
                char *const  *values)
{
  static const guint order[] = { FIELD_EMAIL, FIELD_PHONE, FIELD_MOBILE };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      const char *value = values[order[i]];

      if (value != NULL && *value != '\0' && strstr (message, value) != NULL)
        return order[i];
    }
  return -1;
}

static void
show_error (OpsContactEditDialog *self,
            const GError         *error,
            char *const          *values)
{
  int field = -1;

  if (g_error_matches (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD))
    field = field_of_error (error->message, values);

  if (field < 0)
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_label_set_label (self->fields[field].error, error->message);
  gtk_widget_set_visible (self->fields[field].error_row, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->fields[field].row), "error");
  gtk_widget_grab_focus (GTK_WIDGET (self->fields[field].row));
}

/*
 * Callbacks
 */

static void
on_field_changed_cb (OpsContactEditDialog *self,
                     GtkEditable          *editable)
{
  /* Typing again takes the complaint away. */
  for (guint i = 0; i < N_FIELDS; i++)
    if (GTK_EDITABLE (self->fields[i].row) == editable)
      {
        gtk_widget_set_visible (self->fields[i].error_row, FALSE);
        gtk_widget_remove_css_class (GTK_WIDGET (self->fields[i].row), "error");
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
  OpsContactEditDialog *self = OPS_CONTACT_EDIT_DIALOG (widget);
  char *values[N_FIELDS] = { NULL };
  g_autoptr(GError) error = NULL;
  gboolean changed = FALSE;
  gboolean queue;
  gboolean ok;

  clear_errors (self);

  for (guint i = 0; i < N_FIELDS; i++)
    {
      char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->fields[i].row))));

      /* NULL leaves a field as it is. */
      if (g_strcmp0 (text, self->fields[i].original) == 0)
        g_clear_pointer (&text, g_free);
      values[i] = text;
      changed |= text != NULL;
    }

  if (!changed)
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  queue = !ops_service_layer_is_demo (self->services);
  ok = ops_edit_contact (ops_service_layer_get_store (self->services), self->name,
                         values[FIELD_PHONE], values[FIELD_MOBILE], values[FIELD_EMAIL],
                         queue, &error);
  if (!ok)
    show_error (self, error, values);

  for (guint i = 0; i < N_FIELDS; i++)
    g_free (values[i]);
  if (!ok)
    return;

  if (queue)
    ops_outbox_actions_changed (self->services, "queued", 0);
  if (self->customer != NULL)
    {
      g_autofree char *topic = g_strconcat ("customer:", self->customer, NULL);

      ops_event_bus_publish (ops_service_layer_get_bus (self->services), topic, NULL);
    }

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/*
 * GObject overrides
 */

static void
ops_contact_edit_dialog_dispose (GObject *object)
{
  OpsContactEditDialog *self = (OpsContactEditDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_CONTACT_EDIT_DIALOG);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_contact_edit_dialog_parent_class)->dispose (object);
}

static void
ops_contact_edit_dialog_finalize (GObject *object)
{
  OpsContactEditDialog *self = (OpsContactEditDialog *)object;

  for (guint i = 0; i < N_FIELDS; i++)
    g_free (self->fields[i].original);
  g_free (self->customer);
  g_free (self->name);

  G_OBJECT_CLASS (ops_contact_edit_dialog_parent_class)->finalize (object);
}

static void
ops_contact_edit_dialog_class_init (OpsContactEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_contact_edit_dialog_dispose;
  object_class->finalize = ops_contact_edit_dialog_finalize;

  /**
   * OpsContactEditDialog::saved:
   *
   * The change is in the store; the dialog closes right after.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-contact-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, phone_row);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, mobile_row);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, email_row);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, phone_error_row);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, mobile_error_row);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, email_error_row);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, phone_error);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, mobile_error);
  gtk_widget_class_bind_template_child (widget_class, OpsContactEditDialog, email_error);

  gtk_widget_class_install_action (widget_class, "edit.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ops_contact_edit_dialog_init (OpsContactEditDialog *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields[FIELD_PHONE] = (Field) { self->phone_row, self->phone_error_row, self->phone_error, NULL };
  self->fields[FIELD_MOBILE] = (Field) { self->mobile_row, self->mobile_error_row, self->mobile_error, NULL };
  self->fields[FIELD_EMAIL] = (Field) { self->email_row, self->email_error_row, self->email_error, NULL };
  gtk_window_set_default_widget (GTK_WINDOW (self), self->save_button);

  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("edit.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/*
 * Public API
 */

/**
 * ops_contact_edit_dialog_new:
 * @customer: (nullable): the customer the contact belongs to, told on the bus
 *   once saved
 */
GtkWidget *
ops_contact_edit_dialog_new (GtkWindow        *parent,
                             OpsServiceLayer  *services,
                             const char       *customer,
                             const OpsContact *contact)
{
  OpsContactEditDialog *self;
  const char *values[N_FIELDS];
  g_autofree char *full_name = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);
  g_return_val_if_fail (contact != NULL && contact->name != NULL, NULL);

  self = g_object_new (OPS_TYPE_CONTACT_EDIT_DIALOG, "transient-for", parent, NULL);
  self->services = g_object_ref (services);
  self->customer = g_strdup (customer);
  self->name = g_strdup (contact->name);

  values[FIELD_PHONE] = contact->phone;
  values[FIELD_MOBILE] = contact->mobile;
  values[FIELD_EMAIL] = contact->email;
  for (guint i = 0; i < N_FIELDS; i++)
    {
      self->fields[i].original = g_strdup (values[i] ? values[i] : "");
      gtk_editable_set_text (GTK_EDITABLE (self->fields[i].row), self->fields[i].original);
      g_signal_connect_object (self->fields[i].row, "changed", G_CALLBACK (on_field_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  full_name = g_strjoin (" ", contact->first_name ? contact->first_name : "",
                         contact->last_name ? contact->last_name : "", NULL);
  adw_window_title_set_subtitle (self->window_title, g_strstrip (full_name));
  gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));

  return GTK_WIDGET (self);
}
