/* ops-swap-dialog.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Saving applies the swap to the store and, off the demo workspace, queues
 * its writes for ERPNext in the same transaction.  A problem is shown in
 * the dialog; nothing chosen is lost.
 */

#define G_LOG_DOMAIN "ops-swap-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-labels.h"
#include "ops-outbox-actions.h"
#include "ops-store-inventory.h"
#include "ops-swap-dialog.h"

#define MAX_UNITS 60
#define TASK_DAYS 7

struct _OpsSwapDialog
{
  AdwWindow           parent_instance;

  AdwWindowTitle     *window_title;
  GtkWidget          *save_button;
  GtkLabel           *error_label;
  AdwActionRow       *removed_row;
  GtkCheckButton     *replace_check;
  GtkCheckButton     *diagnostic_check;
  GtkCheckButton     *return_check;
  AdwPreferencesGroup *units_group;
  GtkSearchEntry     *search_entry;
  GtkListBox         *units_list;
  GtkWidget          *tested_group;
  GtkSwitch          *tested_switch;
  AdwEntryRow        *note_row;
  GtkLabel           *summary_label;
  GtkLabel           *placeholder;

  OpsServiceLayer    *services;
  OpsEquipment       *removed;
  char               *customer;
  char               *address;      /* the removed unit's location, readable */
  gboolean            chosen;       /* an outcome was picked */
  gboolean            listing_returns;
  gboolean            disposed;
  guint               n_units;
};

G_DEFINE_FINAL_TYPE (OpsSwapDialog, ops_swap_dialog, ADW_TYPE_WINDOW)

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

static OpsStore *
store (OpsSwapDialog *self)
{
  return ops_service_layer_get_store (self->services);
}

static const char *
serial_of (const OpsEquipment *e)
{
  return e->serial && *e->serial ? e->serial : e->name;
}

static const char *
status_words (const char *status)
{
  return ops_label_equipment_status (status).label;
}

static const char *
selected_unit (OpsSwapDialog *self,
               const char   **serial)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->units_list);

  if (row == NULL)
    return NULL;
  if (serial != NULL)
    *serial = g_object_get_data (G_OBJECT (row), "serial");
  return g_object_get_data (G_OBJECT (row), "equipment");
}

static void
update_summary (OpsSwapDialog *self)
{
  OpsSwapOutcome outcome = ops_swap_dialog_get_outcome (self);
  const char *serial = NULL;
  const char *unit = selected_unit (self, &serial);
  const char *where = self->address ? self->address : self->customer;
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "swap.save", self->chosen && unit != NULL);

  if (!self->chosen)
    g_string_append (text, _("Choose why the unit is swapped, then the unit put in."));
  else if (unit == NULL)
    g_string_append (text, outcome == OPS_SWAP_RETURN ? _("Choose the customer’s unit that comes back.")
                                                      : _("Choose the unit put in."));
  else
    {
      switch (outcome)
        {
        case OPS_SWAP_REPLACE:
          g_string_append_printf (text, _("After saving, %s becomes Defective and leaves the customer’s file; "
                                          "%s becomes Active at %s."),
                                  serial_of (self->removed), serial, where);
          break;
        case OPS_SWAP_DIAGNOSTIC:
          {
            g_autoptr(GDateTime) now = g_date_time_new_now_local ();
            g_autoptr(GDateTime) due = g_date_time_add_days (now, TASK_DAYS);
            g_autofree char *date = g_date_time_format (due, "%Y-%m-%d");

            g_string_append_printf (text, _("After saving, %s goes In diagnosis (still on the customer’s file); "
                                            "%s becomes Active at %s; a task to test %s is due on %s."),
                                    serial_of (self->removed), serial, where, serial_of (self->removed), date);
          }
          break;
        case OPS_SWAP_RETURN:
        default:
          g_string_append_printf (text, _("After saving, %s becomes Active again at %s; the test unit %s becomes %s."),
                                  serial, where, serial_of (self->removed),
                                  status_words (ops_swap_removed_to_status (OPS_SWAP_RETURN,
                                                                            gtk_switch_get_active (self->tested_switch)
                                                                            ? OPS_SWAP_TESTED_OK : OPS_SWAP_FLAGS_NONE)));
          break;
        }
      g_string_append_c (text, ' ');
      if (ops_service_layer_is_demo (self->services))
        g_string_append (text, _("Demo workspace: this is kept on this computer and nothing is sent."));
      else
        g_string_append (text, _("ERPNext gets it through the outbox; it waits there if ERPNext cannot be reached."));
    }

  gtk_label_set_label (self->summary_label, text->str);
}

static GtkWidget *
unit_row_new (const OpsEquipment *e)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) sub = g_string_new (NULL);

  g_string_append_printf (sub, "%s %s", e->brand ? e->brand : "", e->model ? e->model : "");
  g_strstrip (sub->str);
  g_string_set_size (sub, strlen (sub->str));
  if (e->mac && *e->mac)
    g_string_append_printf (sub, "%sMAC %s", sub->len ? " · " : "", e->mac);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), serial_of (e));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub->str);
  gtk_widget_set_name (row, e->name);
  g_object_set_data_full (G_OBJECT (row), "equipment", g_strdup (e->name), g_free);
  g_object_set_data_full (G_OBJECT (row), "serial", g_strdup (serial_of (e)), g_free);
  return row;
}

static void
fill_units (OpsSwapDialog *self)
{
  OpsSwapOutcome outcome = ops_swap_dialog_get_outcome (self);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *keep = g_strdup (selected_unit (self, NULL));
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBoxRow *old;

  /* Rows only: the placeholder is a child too. */
  while ((old = gtk_list_box_get_row_at_index (self->units_list, 0)))
    gtk_list_box_remove (self->units_list, GTK_WIDGET (old));
  self->n_units = 0;

  if (self->chosen && outcome == OPS_SWAP_RETURN)
    {
      adw_preferences_group_set_title (self->units_group, _("Customer’s Unit Coming Back"));
      adw_preferences_group_set_description (self->units_group, _("Units of this customer in diagnosis"));
      gtk_label_set_label (self->placeholder, *text ? _("No unit of this customer in diagnosis has this serial.")
                                                    : _("No unit of this customer is in diagnosis."));
      units = ops_store_list_equipment (store (self), OPS_EQUIPMENT_IN_DIAGNOSIS, self->removed->equipment_type,
                                        self->customer, text, MAX_UNITS, &error);
    }
  else
    {
      adw_preferences_group_set_title (self->units_group, _("Unit Put In"));
      adw_preferences_group_set_description (self->units_group, _("Units in stock of the same type"));
      gtk_label_set_label (self->placeholder, *text ? _("No unit in stock has this serial. Check it on the unit’s label.")
                                                    : _("No unit of this type is in stock."));
      units = ops_store_list_inventory (store (self), self->removed->equipment_type, text, MAX_UNITS, &error);
    }

  if (units == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("The units could not be listed: %s"), error->message);

      gtk_label_set_label (self->error_label, message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  for (guint i = 0; i < units->len; i++)
    {
      OpsEquipment *e = units->pdata[i];
      GtkWidget *row = unit_row_new (e);

      gtk_list_box_append (self->units_list, row);
      if (g_strcmp0 (keep, e->name) == 0)
        gtk_list_box_select_row (self->units_list, GTK_LIST_BOX_ROW (row));
      self->n_units++;
    }
  update_summary (self);
}

static GtkWidget *
placeholder_new (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_top (label, 18);
  gtk_widget_set_margin_bottom (label, 18);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

static GtkWidget *
status_pill_new (const char *status)
{
  OpsLabel label = ops_label_equipment_status (status);
  GtkWidget *pill = gtk_label_new (label.label);

  gtk_widget_add_css_class (pill, "pill");
  if (label.style)
    gtk_widget_add_css_class (pill, label.style);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

static void
fill_removed (OpsSwapDialog *self)
{
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) sub = g_string_new (serial_of (self->removed));
  g_autoptr(OpsCustomerDetail) detail = NULL;

  g_string_append_printf (title, "%s %s", self->removed->brand ? self->removed->brand : "",
                          self->removed->model ? self->removed->model : "");
  g_strstrip (title->str);
  g_string_set_size (title, strlen (title->str));
  if (self->removed->equipment_type)
    g_string_append_printf (title, "%s%s", title->len ? " · " : "", ops_label_equipment_type (self->removed->equipment_type));

  if (self->customer != NULL)
    detail = ops_store_get_customer_detail (store (self), self->customer, NULL);
  for (guint i = 0; detail != NULL && i < detail->locations->len; i++)
    {
      OpsLocation *l = detail->locations->pdata[i];

      if (g_strcmp0 (l->name, self->removed->location) == 0)
        self->address = g_strdup (l->address_line);
    }
  if (detail != NULL)
    {
      g_autofree char *who = g_strdup_printf ("%s (%s)", detail->customer->customer_name, detail->customer->name);

      adw_window_title_set_subtitle (self->window_title, who);
    }
  if (self->address != NULL)
    g_string_append_printf (sub, " · %s", self->address);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->removed_row), title->str);
  adw_action_row_set_subtitle (self->removed_row, sub->str);
  adw_action_row_add_suffix (self->removed_row, status_pill_new (self->removed->status));
}

/*
 * Callbacks
 */

static void
on_outcome_toggled_cb (OpsSwapDialog  *self,
                       GtkCheckButton *check)
{
  gboolean was_return;

  if (self->disposed || !gtk_check_button_get_active (check))
    return;

  was_return = self->listing_returns;
  self->chosen = TRUE;
  self->listing_returns = check == self->return_check;
  gtk_widget_set_visible (self->tested_group, self->listing_returns);

  /* The list changes only between stock and units in diagnosis. */
  if (was_return != self->listing_returns)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      fill_units (self);
    }
  else
    update_summary (self);
}

static void
on_search_changed_cb (OpsSwapDialog *self)
{
  if (!self->disposed)
    fill_units (self);
}

static void
on_search_activate_cb (OpsSwapDialog *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->units_list, 0);

  /* Enter in the search takes the first unit listed. */
  if (first != NULL)
    {
      gtk_list_box_select_row (self->units_list, first);
      gtk_widget_grab_focus (GTK_WIDGET (first));
    }
}

static void
on_tested_changed_cb (OpsSwapDialog *self)
{
  if (!self->disposed)
    update_summary (self);
}

static void
on_row_selected_cb (OpsSwapDialog *self)
{
  if (!self->disposed)
    update_summary (self);
}

/*
 * Actions
 */

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsSwapDialog *self = OPS_SWAP_DIALOG (widget);
  const char *installed = selected_unit (self, NULL);
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->note_row))));
  g_autofree char *topic = NULL;
  g_autoptr(GError) error = NULL;
  OpsSwapFlags flags = OPS_SWAP_FLAGS_NONE;
  gboolean queue;

  if (!self->chosen || installed == NULL)
    return;

  if (gtk_widget_get_visible (self->tested_group) && gtk_switch_get_active (self->tested_switch))
    flags |= OPS_SWAP_TESTED_OK;
  queue = !ops_service_layer_is_demo (self->services);

  if (!ops_edit_swap_equipment (store (self), self->removed->name, installed, ops_swap_dialog_get_outcome (self),
                                flags, note, NULL, queue, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Not saved: %s"), error->message);

      gtk_label_set_label (self->error_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  if (queue)
    ops_outbox_actions_changed (self->services, "queued", 0);
  topic = g_strconcat ("customer:", self->customer, NULL);
  ops_event_bus_publish (ops_service_layer_get_bus (self->services), topic, NULL);

  g_signal_emit (self, signals[SAVED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/*
 * GObject overrides
 */

static void
ops_swap_dialog_dispose (GObject *object)
{
  OpsSwapDialog *self = (OpsSwapDialog *)object;

  /* Rows going away select nothing; there is nothing left to tell. */
  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_SWAP_DIALOG);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_swap_dialog_parent_class)->dispose (object);
}

static void
ops_swap_dialog_finalize (GObject *object)
{
  OpsSwapDialog *self = (OpsSwapDialog *)object;

  g_clear_pointer (&self->removed, ops_equipment_free);
  g_free (self->customer);
  g_free (self->address);

  G_OBJECT_CLASS (ops_swap_dialog_parent_class)->finalize (object);
}

static void
ops_swap_dialog_class_init (OpsSwapDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_swap_dialog_dispose;
  object_class->finalize = ops_swap_dialog_finalize;

  /**
   * OpsSwapDialog::saved:
   *
   * The swap is in the store (and queued); the dialog closes right after.
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-swap-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, removed_row);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, replace_check);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, diagnostic_check);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, return_check);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, units_group);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, units_list);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, tested_group);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, tested_switch);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, note_row);
  gtk_widget_class_bind_template_child (widget_class, OpsSwapDialog, summary_label);

  gtk_widget_class_install_action (widget_class, "swap.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ops_swap_dialog_init (OpsSwapDialog *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->placeholder = GTK_LABEL (placeholder_new ());
  gtk_widget_set_name (GTK_WIDGET (self->placeholder), "placeholder");
  gtk_list_box_set_placeholder (self->units_list, GTK_WIDGET (self->placeholder));
  g_signal_connect_object (self->replace_check, "toggled", G_CALLBACK (on_outcome_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->diagnostic_check, "toggled", G_CALLBACK (on_outcome_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->return_check, "toggled", G_CALLBACK (on_outcome_toggled_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "search-changed", G_CALLBACK (on_search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->search_entry, "activate", G_CALLBACK (on_search_activate_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->units_list, "row-selected", G_CALLBACK (on_row_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tested_switch, "notify::active", G_CALLBACK (on_tested_changed_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+Enter saves from anywhere, the note included. */
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                                                          gtk_named_action_new ("swap.save")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/*
 * Public API
 */

GtkWidget *
ops_swap_dialog_new (GtkWindow       *parent,
                     OpsServiceLayer *services,
                     const char      *equipment)
{
  OpsSwapDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);
  g_return_val_if_fail (equipment != NULL, NULL);

  self = g_object_new (OPS_TYPE_SWAP_DIALOG, "transient-for", parent, NULL);
  self->services = g_object_ref (services);
  self->removed = ops_store_get_equipment (store (self), equipment, &self->customer, &error);
  if (self->removed == NULL)
    {
      /* Shown as a unit of its own name, so saving explains the problem. */
      self->removed = g_new0 (OpsEquipment, 1);
      self->removed->name = g_strdup (equipment);
    }

  fill_removed (self);
  fill_units (self);
  update_summary (self);
  return GTK_WIDGET (self);
}

void
ops_swap_dialog_set_outcome (OpsSwapDialog  *self,
                             OpsSwapOutcome  outcome)
{
  GtkCheckButton *checks[] = { self->replace_check, self->diagnostic_check, self->return_check };

  g_return_if_fail (OPS_IS_SWAP_DIALOG (self));
  g_return_if_fail (outcome <= OPS_SWAP_RETURN);

  gtk_check_button_set_active (checks[outcome], TRUE);
}

OpsSwapOutcome
ops_swap_dialog_get_outcome (OpsSwapDialog *self)
{
  g_return_val_if_fail (OPS_IS_SWAP_DIALOG (self), OPS_SWAP_REPLACE);

  if (gtk_check_button_get_active (self->return_check))
    return OPS_SWAP_RETURN;
  if (gtk_check_button_get_active (self->diagnostic_check))
    return OPS_SWAP_DIAGNOSTIC;
  return OPS_SWAP_REPLACE;
}

guint
ops_swap_dialog_get_n_units (OpsSwapDialog *self)
{
  g_return_val_if_fail (OPS_IS_SWAP_DIALOG (self), 0);
  return self->n_units;
}
