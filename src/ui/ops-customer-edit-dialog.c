/* ops-customer-edit-dialog.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's notes and flags.  Saving applies them to the store and,
 * off the demo workspace, queues them for ERPNext in the same
 * transaction.  A problem is shown in the dialog; nothing typed is lost.
 */

#define G_LOG_DOMAIN "OpsCustomerEditDialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-customer-edit-dialog.h"
#include "ops-edits.h"
#include "ops-labels.h"
#include "ops-outbox-actions.h"

/* The flags a person can set here; others the customer has are kept. */
static const char *const known_flags[] = {
  "do_not_call", "fragile_line", "vip", "payment_issue", "business_sla",
};

struct _OpsCustomerEditDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  GtkWidget           *save_button;
  GtkLabel            *error_label;
  GtkTextView         *notes_view;
  AdwPreferencesGroup *flags_group;
  GtkLabel            *other_flags_label;

  OpsServiceLayer     *services;
  char                *name;
  GStrv                flags;                            /* the customer's, in order */
  GtkSwitch           *switches[G_N_ELEMENTS (known_flags)];
};

G_DEFINE_FINAL_TYPE (OpsCustomerEditDialog, ops_customer_edit_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

static int
known_index (const char *flag)
{
  for (guint i = 0; i < G_N_ELEMENTS (known_flags); i++)
    if (g_str_equal (known_flags[i], flag))
      return i;
  return -1;
}

static void
fill (OpsCustomerEditDialog *self,
      const OpsCustomer     *customer)
{
  g_autoptr(GPtrArray) others = g_ptr_array_new ();

  adw_window_title_set_subtitle (self->window_title, customer->customer_name ? customer->customer_name : customer->name);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->notes_view), customer->notes ? customer->notes : "", -1);

  for (guint i = 0; i < G_N_ELEMENTS (known_flags); i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      g_autofree char *name = g_strconcat ("flag-", known_flags[i], NULL);

      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_widget_set_name (toggle, name);
      gtk_switch_set_active (GTK_SWITCH (toggle),
                             customer->flags != NULL && g_strv_contains ((const char *const *)customer->flags, known_flags[i]));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), ops_label_customer_flag (known_flags[i]).label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (self->flags_group, row);
      self->switches[i] = GTK_SWITCH (toggle);
    }

  for (guint i = 0; customer->flags != NULL && customer->flags[i] != NULL; i++)
    if (known_index (customer->flags[i]) < 0)
      g_ptr_array_add (others, customer->flags[i]);
  if (others->len > 0)
    {
      g_autofree char *joined = NULL;
      g_autofree char *text = NULL;

      g_ptr_array_add (others, NULL);
      joined = g_strjoinv (", ", (char **)others->pdata);
      text = g_strdup_printf (_("Also kept as they are: %s"), joined);
      gtk_label_set_label (self->other_flags_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->other_flags_label), TRUE);
    }
}

static GStrv
collect_flags (OpsCustomerEditDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean added[G_N_ELEMENTS (known_flags)] = { FALSE };

  /* The customer's order first, then the flags switched on now. */
  for (guint i = 0; self->flags != NULL && self->flags[i] != NULL; i++)
    {
      int k = known_index (self->flags[i]);

      if (k < 0)
        g_strv_builder_add (builder, self->flags[i]);
      else if (!added[k] && gtk_switch_get_active (self->switches[k]))
        {
          g_strv_builder_add (builder, self->flags[i]);
          added[k] = TRUE;
        }
    }
  for (guint k = 0; k < G_N_ELEMENTS (known_flags); k++)
    if (!added[k] && gtk_switch_get_active (self->switches[k]))
      g_strv_builder_add (builder, known_flags[k]);

  return g_strv_builder_end (builder);
}

/*
 * Actions
 */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsCustomerEditDialog *self = OPS_CUSTOMER_EDIT_DIALOG (widget);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->notes_view);
  g_auto(GStrv) flags = collect_flags (self);
  g_autofree char *notes = NULL;
  g_autofree char *topic = NULL;
  g_autoptr(GError) error = NULL;
  GtkTextIter start, end;
  gboolean queue;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  notes = g_strstrip (gtk_text_buffer_get_text (buffer, &start, &end, FALSE));
  queue = !ops_service_layer_is_demo (self->services);

  if (!ops_edit_customer (ops_service_layer_get_store (self->services), self->name, notes,
                          (const char *const *)flags, queue, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  if (queue)
    ops_outbox_actions_changed (self->services, "queued", 0);
  topic = g_strconcat ("customer:", self->name, NULL);
  ops_event_bus_publish (ops_service_layer_get_bus (self->services), topic, NULL);

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/*
 * GObject overrides
 */

static void
ops_customer_edit_dialog_dispose (GObject *object)
{
  OpsCustomerEditDialog *self = (OpsCustomerEditDialog *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_CUSTOMER_EDIT_DIALOG);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_customer_edit_dialog_parent_class)->dispose (object);
}

static void
ops_customer_edit_dialog_finalize (GObject *object)
{
  OpsCustomerEditDialog *self = (OpsCustomerEditDialog *)object;

  g_free (self->name);
  g_strfreev (self->flags);

  G_OBJECT_CLASS (ops_customer_edit_dialog_parent_class)->finalize (object);
}

static void
ops_customer_edit_dialog_class_init (OpsCustomerEditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_customer_edit_dialog_dispose;
  object_class->finalize = ops_customer_edit_dialog_finalize;

  /**
   * OpsCustomerEditDialog::saved:
   *
   * The change is in the store; the dialog closes right after.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-customer-edit-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerEditDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerEditDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerEditDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerEditDialog, notes_view);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerEditDialog, flags_group);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerEditDialog, other_flags_label);

  gtk_widget_class_install_action (widget_class, "edit.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ops_customer_edit_dialog_init (OpsCustomerEditDialog *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Ctrl+Enter saves, even from the notes where Enter starts a new line. */
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
ops_customer_edit_dialog_new (GtkWindow         *parent,
                              OpsServiceLayer   *services,
                              const OpsCustomer *customer)
{
  OpsCustomerEditDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);
  g_return_val_if_fail (customer != NULL && customer->name != NULL, NULL);

  self = g_object_new (OPS_TYPE_CUSTOMER_EDIT_DIALOG, "transient-for", parent, NULL);
  self->services = g_object_ref (services);
  self->name = g_strdup (customer->name);
  self->flags = g_strdupv (customer->flags);
  fill (self, customer);
  gtk_widget_grab_focus (GTK_WIDGET (self->notes_view));

  return GTK_WIDGET (self);
}
