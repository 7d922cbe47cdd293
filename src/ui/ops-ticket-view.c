/* ops-ticket-view.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fields are drop-downs: a change is one local edit plus one queued
 * write (ops_edit_ticket), then the outbox is told.  The customer's facts
 * come from the store; equipment verdicts need a live reading of the
 * device, so the equipment is listed without one and the customer detail
 * (one click away) runs the diagnostics.
 */

#define G_LOG_DOMAIN "OpsTicketView"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-conversation-view.h"
#include "ops-labels.h"
#include "ops-outbox-actions.h"
#include "ops-status-text.h"
#include "ops-store-tickets.h"
#include "ops-ticket-view.h"

struct _OpsTicketView
{
  AdwBin               parent_instance;

  GtkStack            *stack;
  GtkLabel            *subject_label;
  GtkLabel            *meta_label;
  GtkDropDown         *status_dropdown;
  GtkDropDown         *priority_dropdown;
  GtkDropDown         *assignee_dropdown;
  OpsConversationView *conversation;
  GtkButton           *customer_button;
  GtkLabel            *address_label;
  GtkLabel            *plan_label;
  GtkLabel            *invoices_label;
  GtkBox              *equipment_box;
  GtkLabel            *equipment_hint;

  OpsServiceLayer     *services;
  OpsTicketRow        *row;
  GPtrArray           *assignees;   /* "" = nobody, then e-mails */
  gboolean             syncing;     /* drop-downs set from the row */
  guint                reload_id;
};

G_DEFINE_FINAL_TYPE (OpsTicketView, ops_ticket_view, ADW_TYPE_BIN)

/* ERPNext's option values, in the order of the drop-downs. */
static const char * const statuses[] = { "Open", "Replied", "On Hold", "Resolved", "Closed" };
static const char * const priorities[] = { "Low", "Medium", "High", "Urgent" };

/*
 * Auxiliary methods
 */

static guint
index_of (const char * const *values,
          guint               n_values,
          const char         *value)
{
  for (guint i = 0; i < n_values; i++)
    if (g_strcmp0 (values[i], value) == 0)
      return i;
  return GTK_INVALID_LIST_POSITION;
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(char * const *)a, *(char * const *)b);
}

/* "Nobody" and every distinct assignee of the tickets, plus this ticket's. */
static void
fill_assignees (OpsTicketView *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GtkStringList) model = NULL;
  g_autoptr(GPtrArray) assignees = g_ptr_array_new_with_free_func (g_free);
  OpsStore *store = ops_service_layer_get_store (self->services);
  gboolean same;

  g_ptr_array_add (assignees, g_strdup (""));

  rows = ops_store_list_tickets (store, OPS_TICKETS_ALL, NULL, NULL, &error);
  if (rows == NULL)
    g_warning ("Cannot list the assignees: %s", error->message);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      const OpsTicketRow *row = rows->pdata[i];

      if (row->assigned_to != NULL && *row->assigned_to != '\0' &&
          !g_ptr_array_find_with_equal_func (assignees, row->assigned_to, g_str_equal, NULL))
        g_ptr_array_add (assignees, g_strdup (row->assigned_to));
    }
  if (self->row->assigned_to != NULL && *self->row->assigned_to != '\0' &&
      !g_ptr_array_find_with_equal_func (assignees, self->row->assigned_to, g_str_equal, NULL))
    g_ptr_array_add (assignees, g_strdup (self->row->assigned_to));

  /* In a stable order, and left alone when nothing changed, so that an
   * open list is not reset under the pointer. */
  g_ptr_array_sort (assignees, compare_strings);
  same = assignees->len == self->assignees->len;
  for (guint i = 0; same && i < assignees->len; i++)
    same = g_str_equal (assignees->pdata[i], self->assignees->pdata[i]);
  if (same)
    return;

  g_ptr_array_unref (self->assignees);
  self->assignees = g_steal_pointer (&assignees);
  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, _("Nobody"));
  for (guint i = 1; i < self->assignees->len; i++)
    gtk_string_list_append (model, self->assignees->pdata[i]);
  gtk_drop_down_set_model (self->assignee_dropdown, G_LIST_MODEL (model));
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, child);
}

static void
add_equipment_line (OpsTicketView      *self,
                    const OpsEquipment *equipment)
{
  g_autofree char *what = NULL;
  OpsLabel status = ops_label_equipment_status (equipment->status);
  GtkWidget *label;

  what = g_strdup_printf ("%s %s%s%s%s",
                          ops_label_equipment_type (equipment->equipment_type),
                          equipment->model ? equipment->model : "",
                          equipment->serial ? " (" : "",
                          equipment->serial ? equipment->serial : "",
                          equipment->serial ? ")" : "");
  label = gtk_label_new (NULL);
  if (status.label != NULL)
    {
      g_autofree char *line = g_strdup_printf ("%s · %s", g_strstrip (what), status.label);

      gtk_label_set_label (GTK_LABEL (label), line);
    }
  else
    gtk_label_set_label (GTK_LABEL (label), g_strstrip (what));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (self->equipment_box, label);
}

static void
show_facts (OpsTicketView           *self,
            const OpsCustomerDetail *detail)
{
  g_autoptr(GString) plans = g_string_new (NULL);
  g_autofree char *invoices = NULL;
  guint open_invoices = 0;
  const char *name;

  clear_box (self->equipment_box);
  gtk_widget_set_visible (GTK_WIDGET (self->customer_button), self->row->customer != NULL);
  if (self->row->customer == NULL)
    {
      gtk_label_set_label (self->address_label, _("No customer is linked to this ticket."));
      gtk_label_set_label (self->plan_label, "");
      gtk_label_set_label (self->invoices_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->equipment_hint), FALSE);
      return;
    }

  name = detail && detail->customer->customer_name ? detail->customer->customer_name
       : self->row->customer_name ? self->row->customer_name : self->row->customer;
  gtk_button_set_label (self->customer_button, name);
  /* The target first: an action name without its target warns. */
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->customer_button),
                                          g_variant_new_string (self->row->customer));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->customer_button), "win.show-customer");

  if (detail == NULL)
    {
      gtk_label_set_label (self->address_label, _("This customer is not in the local store yet."));
      gtk_label_set_label (self->plan_label, "");
      gtk_label_set_label (self->invoices_label, "");
      gtk_widget_set_visible (GTK_WIDGET (self->equipment_hint), FALSE);
      return;
    }

  if (detail->locations->len > 0)
    {
      const OpsLocation *location = detail->locations->pdata[0];
      g_autofree char *address = g_strdup_printf ("%s%s%s",
                                                  location->address_line ? location->address_line : "",
                                                  location->city ? ", " : "",
                                                  location->city ? location->city : "");

      gtk_label_set_label (self->address_label, address);
    }
  else
    gtk_label_set_label (self->address_label, _("No service location"));

  for (guint i = 0; i < detail->subscriptions->len; i++)
    {
      const OpsSubscription *subscription = detail->subscriptions->pdata[i];
      OpsLabel status = ops_label_subscription_status (subscription->status);

      if (subscription->plan == NULL)
        continue;
      if (plans->len > 0)
        g_string_append_c (plans, '\n');
      g_string_append (plans, subscription->plan);
      if (status.label != NULL)
        g_string_append_printf (plans, " (%s)", status.label);
    }
  gtk_label_set_label (self->plan_label, plans->len > 0 ? plans->str : _("No subscription"));

  for (guint i = 0; i < detail->invoices->len; i++)
    if (((const OpsInvoice *)detail->invoices->pdata[i])->outstanding_amount > 0.005)
      open_invoices++;
  if (open_invoices == 0)
    invoices = g_strdup (_("No open invoice"));
  else
    {
      g_autofree char *balance = ops_format_money (detail->balance);

      /* TRANSLATORS: "2 open invoices, balance 123.45 $" */
      invoices = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u open invoice, balance %s",
                                               "%u open invoices, balance %s", open_invoices),
                                  open_invoices, balance);
    }
  gtk_label_set_label (self->invoices_label, invoices);
  gtk_widget_remove_css_class (GTK_WIDGET (self->invoices_label), "warning");
  if (detail->overdue_count > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->invoices_label), "warning");

  for (guint i = 0; i < detail->equipment->len; i++)
    add_equipment_line (self, detail->equipment->pdata[i]);
  if (detail->equipment->len == 0)
    {
      GtkWidget *none = gtk_label_new (_("No equipment"));

      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "dim-label");
      gtk_box_append (self->equipment_box, none);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->equipment_hint), detail->equipment->len > 0);
}

static void
show_row (OpsTicketView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) opened = NULL;
  g_autofree char *age = NULL;
  g_autofree char *meta = NULL;
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  gtk_label_set_label (self->subject_label, self->row->subject ? self->row->subject : self->row->name);
  if (self->row->opened_at > 0)
    {
      opened = g_date_time_new_from_unix_utc (self->row->opened_at);
      age = ops_format_age (opened, now);
      /* TRANSLATORS: "ISS-2026-00012 · opened 2 h ago" */
      meta = g_strdup_printf (_("%s · opened %s"), self->row->name, age);
    }
  gtk_label_set_label (self->meta_label, meta ? meta : self->row->name);

  self->syncing = TRUE;
  fill_assignees (self);
  gtk_drop_down_set_selected (self->status_dropdown,
                              index_of (statuses, G_N_ELEMENTS (statuses), self->row->status));
  gtk_drop_down_set_selected (self->priority_dropdown,
                              index_of (priorities, G_N_ELEMENTS (priorities), self->row->priority));
  position = 0;
  if (self->row->assigned_to != NULL && *self->row->assigned_to != '\0')
    g_ptr_array_find_with_equal_func (self->assignees, self->row->assigned_to, g_str_equal, &position);
  gtk_drop_down_set_selected (self->assignee_dropdown, position);
  self->syncing = FALSE;

  if (self->row->customer != NULL)
    {
      detail = ops_store_get_customer_detail (ops_service_layer_get_store (self->services),
                                              self->row->customer, &error);
      if (detail == NULL && error != NULL)
        g_warning ("Cannot read customer %s: %s", self->row->customer, error->message);
    }
  show_facts (self, detail);
}

static gboolean on_reload_idle_cb (gpointer user_data);

static void
apply_edit (OpsTicketView *self,
            const char    *status,
            const char    *priority,
            const char    *assigned_to)
{
  g_autoptr(GError) error = NULL;

  if (self->syncing || self->row == NULL || self->services == NULL)
    return;

  /* Called from a drop-down's notify: the drop-downs are set again from
   * an idle, not while that one is still notifying. */
  if (!ops_edit_ticket (ops_service_layer_get_store (self->services), self->row->name,
                        status, priority, assigned_to, &error))
    ops_outbox_actions_show_error (GTK_WIDGET (self), _("The Ticket Was Not Changed"), error);
  else
    ops_outbox_actions_changed (self->services, "queued", 0);
  if (self->reload_id == 0)
    self->reload_id = g_idle_add (on_reload_idle_cb, self);
}

/*
 * Callbacks
 */

static gboolean
on_reload_idle_cb (gpointer user_data)
{
  OpsTicketView *self = user_data;

  self->reload_id = 0;
  ops_ticket_view_reload (self);
  return G_SOURCE_REMOVE;
}

static void
on_status_selected_cb (OpsTicketView *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  if (selected < G_N_ELEMENTS (statuses) && self->row != NULL &&
      g_strcmp0 (self->row->status, statuses[selected]) != 0)
    apply_edit (self, statuses[selected], NULL, NULL);
}

static void
on_priority_selected_cb (OpsTicketView *self)
{
  guint selected = gtk_drop_down_get_selected (self->priority_dropdown);

  if (selected < G_N_ELEMENTS (priorities) && self->row != NULL &&
      g_strcmp0 (self->row->priority, priorities[selected]) != 0)
    apply_edit (self, NULL, priorities[selected], NULL);
}

static void
on_assignee_selected_cb (OpsTicketView *self)
{
  guint selected = gtk_drop_down_get_selected (self->assignee_dropdown);
  const char *current;

  if (self->row == NULL || selected >= self->assignees->len)
    return;
  current = self->row->assigned_to ? self->row->assigned_to : "";
  if (!g_str_equal (current, self->assignees->pdata[selected]))
    apply_edit (self, NULL, NULL, self->assignees->pdata[selected]);
}

/*
 * GObject overrides
 */

static void
ops_ticket_view_dispose (GObject *object)
{
  OpsTicketView *self = (OpsTicketView *)object;

  /* The stack is both the bin's child and a template child: the bin lets
   * go of it first, or both would unparent it. */
  g_clear_handle_id (&self->reload_id, g_source_remove);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_TICKET_VIEW);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_ticket_view_parent_class)->dispose (object);
}

static void
ops_ticket_view_finalize (GObject *object)
{
  OpsTicketView *self = (OpsTicketView *)object;

  g_clear_pointer (&self->row, ops_ticket_row_free);
  g_clear_pointer (&self->assignees, g_ptr_array_unref);

  G_OBJECT_CLASS (ops_ticket_view_parent_class)->finalize (object);
}

static void
ops_ticket_view_class_init (OpsTicketViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_ticket_view_dispose;
  object_class->finalize = ops_ticket_view_finalize;

  g_type_ensure (OPS_TYPE_CONVERSATION_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-ticket-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, stack);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, subject_label);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, meta_label);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, priority_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, assignee_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, conversation);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, customer_button);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, address_label);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, plan_label);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, invoices_label);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, equipment_box);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketView, equipment_hint);
  gtk_widget_class_bind_template_callback (widget_class, on_status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_priority_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_assignee_selected_cb);
}

static void
ops_ticket_view_init (OpsTicketView *self)
{
  g_autoptr(GtkStringList) status_model = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) priority_model = gtk_string_list_new (NULL);

  self->assignees = g_ptr_array_new_with_free_func (g_free);

  /* Set before the template connects the notify::selected handlers. */
  self->syncing = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    gtk_string_list_append (status_model, ops_label_ticket_status (statuses[i]).label);
  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    gtk_string_list_append (priority_model, ops_label_ticket_priority (priorities[i]).label);
  gtk_drop_down_set_model (self->status_dropdown, G_LIST_MODEL (status_model));
  gtk_drop_down_set_model (self->priority_dropdown, G_LIST_MODEL (priority_model));
  self->syncing = FALSE;
}

/*
 * Public API
 */

void
ops_ticket_view_set_services (OpsTicketView   *self,
                              OpsServiceLayer *services)
{
  g_return_if_fail (OPS_IS_TICKET_VIEW (self));
  g_return_if_fail (services == NULL || OPS_IS_SERVICE_LAYER (services));

  if (!g_set_object (&self->services, services))
    return;
  ops_conversation_view_set_services (self->conversation, services);
}

gboolean
ops_ticket_view_show (OpsTicketView *self,
                      const char    *name)
{
  g_autoptr(GError) error = NULL;
  OpsTicketRow *row = NULL;

  g_return_val_if_fail (OPS_IS_TICKET_VIEW (self), FALSE);

  if (name != NULL && self->services != NULL)
    {
      row = ops_store_get_ticket (ops_service_layer_get_store (self->services), name, &error);
      if (row == NULL && error != NULL)
        g_warning ("Cannot read ticket %s: %s", name, error->message);
    }

  g_clear_pointer (&self->row, ops_ticket_row_free);
  self->row = row;
  if (row == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      ops_conversation_view_set_customer (self->conversation, NULL, NULL);
      return FALSE;
    }

  show_row (self);
  ops_conversation_view_set_customer (self->conversation, row->customer, row->name);
  gtk_stack_set_visible_child_name (self->stack, "ticket");
  return TRUE;
}

const char *
ops_ticket_view_get_ticket (OpsTicketView *self)
{
  g_return_val_if_fail (OPS_IS_TICKET_VIEW (self), NULL);

  return self->row ? self->row->name : NULL;
}

void
ops_ticket_view_reload (OpsTicketView *self)
{
  g_autoptr(GError) error = NULL;
  OpsTicketRow *row;

  g_return_if_fail (OPS_IS_TICKET_VIEW (self));

  if (self->row == NULL || self->services == NULL)
    return;
  row = ops_store_get_ticket (ops_service_layer_get_store (self->services), self->row->name, &error);
  if (row == NULL)
    {
      if (error != NULL)
        g_warning ("Cannot read ticket %s: %s", self->row->name, error->message);
      return;
    }
  ops_ticket_row_free (self->row);
  self->row = row;
  show_row (self);
}

GtkWidget *
ops_ticket_view_get_conversation (OpsTicketView *self)
{
  g_return_val_if_fail (OPS_IS_TICKET_VIEW (self), NULL);

  return GTK_WIDGET (self->conversation);
}

GtkWidget *
ops_ticket_view_get_status_dropdown (OpsTicketView *self)
{
  g_return_val_if_fail (OPS_IS_TICKET_VIEW (self), NULL);

  return GTK_WIDGET (self->status_dropdown);
}

GtkWidget *
ops_ticket_view_get_priority_dropdown (OpsTicketView *self)
{
  g_return_val_if_fail (OPS_IS_TICKET_VIEW (self), NULL);

  return GTK_WIDGET (self->priority_dropdown);
}

GtkWidget *
ops_ticket_view_get_assignee_dropdown (OpsTicketView *self)
{
  g_return_val_if_fail (OPS_IS_TICKET_VIEW (self), NULL);

  return GTK_WIDGET (self->assignee_dropdown);
}
