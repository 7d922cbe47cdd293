/* ops-customer-view.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything about one customer on one page: contacts, locations,
 * equipment, subscriptions, invoices and tickets.
 */

#define G_LOG_DOMAIN "OpsCustomerView"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "ops-contact-edit-dialog.h"
#include "ops-conversation-view.h"
#include "ops-customer-edit-dialog.h"
#include "ops-customer-view.h"
#include "ops-equipment-panel.h"
#include "ops-hub-client.h"
#include "ops-labels.h"
#include "ops-outbox-strip.h"
#include "ops-payment-link-button.h"
#include "ops-store-inventory.h"
#include "ops-swap-dialog.h"

enum {
  SECTION_CONTACTS,
  SECTION_LOCATIONS,
  SECTION_EQUIPMENT,
  SECTION_SUBSCRIPTIONS,
  SECTION_INVOICES,
  SECTION_TICKETS,
  N_SECTIONS
};

struct _OpsCustomerView
{
  GtkWidget             parent_instance;

  GtkStack             *stack;
  AdwStatusPage        *missing_page;
  GtkScrolledWindow    *scroller;
  OpsOutboxStrip       *outbox_strip;
  GtkLabel             *name_label;
  GtkBox               *badges_box;
  GtkLabel             *summary_label;
  GtkLabel             *notes_label;
  GtkLabel             *balance_label;
  AdwPreferencesGroup  *contacts_group;
  AdwPreferencesGroup  *locations_group;
  AdwPreferencesGroup  *equipment_group;
  AdwPreferencesGroup  *subscriptions_group;
  AdwPreferencesGroup  *invoices_group;
  AdwPreferencesGroup  *tickets_group;
  GtkWidget            *back_button;
  AdwButtonContent     *back_content;
  GtkScrolledWindow    *equipment_scroller;
  OpsEquipmentPanel    *equipment_panel;
  OpsConversationView  *conversation;

  OpsStore             *store;
  OpsServiceLayer      *services;
  char                 *hub_topic;   /* "customer:<name>" watched on the hub */
  OpsCustomerDetail    *shown;
  GPtrArray            *rows[N_SECTIONS];  /* widgets added to each group */
};

G_DEFINE_FINAL_TYPE (OpsCustomerView, ops_customer_view, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

static AdwPreferencesGroup *
section_group (OpsCustomerView *self,
               guint            section)
{
  AdwPreferencesGroup *groups[N_SECTIONS] = {
    self->contacts_group, self->locations_group, self->equipment_group,
    self->subscriptions_group, self->invoices_group, self->tickets_group,
  };
  return groups[section];
}

static void
clear_sections (OpsCustomerView *self)
{
  GtkWidget *child;

  for (guint s = 0; s < N_SECTIONS; s++)
    {
      for (guint i = 0; i < self->rows[s]->len; i++)
        adw_preferences_group_remove (section_group (self, s), self->rows[s]->pdata[i]);
      g_ptr_array_set_size (self->rows[s], 0);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->badges_box))))
    gtk_box_remove (self->badges_box, child);
}

static void
add_to_section (OpsCustomerView *self,
                guint            section,
                GtkWidget       *widget)
{
  adw_preferences_group_add (section_group (self, section), widget);
  g_ptr_array_add (self->rows[section], widget);
}

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
row_new (const char *title,
         const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title ? title : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle && *subtitle)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
add_empty (OpsCustomerView *self,
           guint            section,
           const char      *message)
{
  GtkWidget *row = row_new (message, NULL);

  gtk_widget_add_css_class (row, "empty-row");
  add_to_section (self, section, row);
}

static GtkWidget *
copy_button_new (const char *text,
                 const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("edit-copy-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "customer.copy");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", text);
  return button;
}

static GtkWidget *
edit_contact_button_new (const char *contact)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("document-edit-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Edit the phone numbers and e-mail"));
  gtk_widget_set_name (button, "edit-contact");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "customer.edit-contact");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", contact);
  return button;
}

static void
update_actions (OpsCustomerView *self)
{
  gboolean can_edit = self->shown != NULL && self->services != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.edit", can_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.edit-contact", can_edit);
}

static void
show_outbox (OpsCustomerView   *self,
             OpsCustomerDetail *detail)
{
  g_autoptr(GPtrArray) contacts = g_ptr_array_new ();

  for (guint i = 0; detail != NULL && i < detail->contacts->len; i++)
    g_ptr_array_add (contacts, ((OpsContact *)detail->contacts->pdata[i])->name);
  g_ptr_array_add (contacts, NULL);
  ops_outbox_strip_set_documents (self->outbox_strip, detail ? detail->customer->name : NULL,
                                  (const char *const *)contacts->pdata);
}

static void
toast (OpsCustomerView *self,
       const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
show_page (OpsCustomerView *self,
           const char      *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "customer.back", g_str_equal (page, "equipment"));
}

static void
reload (OpsCustomerView *self)
{
  g_autofree char *name = NULL;
  gboolean on_equipment;
  double scrolled;

  if (self->shown == NULL)
    return;

  /* Same customer, fresh data: stay where the person was reading. */
  name = g_strdup (self->shown->customer->name);
  scrolled = gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (self->scroller));
  on_equipment = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "equipment") == 0;
  ops_customer_view_show (self, name);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), scrolled);
  /* The unit being diagnosed stays on screen. */
  if (on_equipment && self->shown != NULL)
    show_page (self, "equipment");
}

static const char *
location_address (OpsCustomerDetail *detail,
                  const char        *location)
{
  for (guint i = 0; i < detail->locations->len; i++)
    {
      OpsLocation *l = detail->locations->pdata[i];

      if (g_strcmp0 (l->name, location) == 0)
        return l->address_line;
    }
  return NULL;
}

static void
fill_header (OpsCustomerView   *self,
             OpsCustomerDetail *detail)
{
  OpsCustomer *c = detail->customer;
  g_autoptr(GString) summary = g_string_new (c->name);

  gtk_label_set_label (self->name_label, c->customer_name);

  if (c->customer_type && *c->customer_type)
    g_string_append_printf (summary, " · %s", ops_label_customer_type (c->customer_type));
  if (c->since && *c->since)
    g_string_append_printf (summary, " · %s", c->since);
  if (c->language && *c->language)
    g_string_append_printf (summary, " · %s", g_str_equal (c->language, "en") ? _("speaks English") : _("speaks French"));
  gtk_label_set_label (self->summary_label, summary->str);

  gtk_label_set_label (self->notes_label, c->notes ? c->notes : "");
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), c->notes && *c->notes);

  gtk_box_append (self->badges_box, pill_new (ops_label_customer_status (c->status)));
  for (guint i = 0; c->flags && c->flags[i]; i++)
    gtk_box_append (self->badges_box, pill_new (ops_label_customer_flag (c->flags[i])));
  if (detail->overdue_count > 0)
    {
      OpsLabel overdue = { C_("status", "Overdue"), "error" };

      gtk_box_append (self->badges_box, pill_new (overdue));
    }
}

static void
fill_contacts (OpsCustomerView   *self,
               OpsCustomerDetail *detail)
{
  for (guint i = 0; i < detail->contacts->len; i++)
    {
      OpsContact *k = detail->contacts->pdata[i];
      g_autofree char *name = g_strjoin (" ", k->first_name ? k->first_name : "", k->last_name ? k->last_name : "", NULL);
      g_autoptr(GString) sub = g_string_new (NULL);
      GtkWidget *row;

      if (k->phone && *k->phone)
        g_string_append (sub, k->phone);
      if (k->mobile && *k->mobile)
        g_string_append_printf (sub, "%s%s %s", sub->len ? " · " : "", _("mobile"), k->mobile);
      if (k->email && *k->email)
        g_string_append_printf (sub, "%s%s", sub->len ? " · " : "", k->email);

      row = row_new (g_strstrip (name), sub->str);
      if (k->is_primary)
        adw_action_row_add_prefix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("starred-symbolic"));
      if (k->phone && *k->phone)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy_button_new (k->phone, _("Copy the phone number")));
      if (k->mobile && *k->mobile)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy_button_new (k->mobile, _("Copy the mobile number")));
      if (k->email && *k->email)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), copy_button_new (k->email, _("Copy the e-mail address")));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit_contact_button_new (k->name));
      add_to_section (self, SECTION_CONTACTS, row);
    }

  if (detail->contacts->len == 0)
    add_empty (self, SECTION_CONTACTS, _("No contact: phone and e-mail are unknown"));
}

static void
fill_locations (OpsCustomerView   *self,
                OpsCustomerDetail *detail)
{
  for (guint i = 0; i < detail->locations->len; i++)
    {
      OpsLocation *l = detail->locations->pdata[i];
      g_autoptr(GString) sub = g_string_new (NULL);
      GtkWidget *row;

      g_string_append_printf (sub, "%s %s", l->city ? l->city : "", l->postal_code ? l->postal_code : "");
      if (l->connection_type && *l->connection_type)
        g_string_append_printf (sub, " · %s", l->connection_type);
      if (l->olt_port && *l->olt_port)
        g_string_append_printf (sub, " · %s", l->olt_port);
      if (l->vlan > 0)
        g_string_append_printf (sub, " · VLAN %" G_GINT64_FORMAT, l->vlan);

      row = row_new (l->address_line, sub->str);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill_new (ops_label_location_status (l->status)));
      add_to_section (self, SECTION_LOCATIONS, row);
    }

  if (detail->locations->len == 0)
    add_empty (self, SECTION_LOCATIONS, _("No service location"));
}

static GtkWidget *
swap_button_new (const char *equipment)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("media-playlist-repeat-symbolic");

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_tooltip_text (button, _("Swap this unit…"));
  gtk_widget_set_name (button, "swap-equipment");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "customer.swap");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", equipment);
  return button;
}

static void
on_equipment_activated_cb (OpsCustomerView *self,
                           GtkFlowBoxChild *child,
                           GtkFlowBox      *flow)
{
  const char *serial = g_object_get_data (G_OBJECT (child), "serial");

  if (serial != NULL)
    ops_customer_view_open_equipment (self, serial);
  else
    toast (self, _("This unit is not managed remotely: there are no diagnostics for it."));
}

static void
fill_equipment (OpsCustomerView   *self,
                OpsCustomerDetail *detail)
{
  GtkWidget *flow;

  if (detail->equipment->len == 0)
    {
      add_empty (self, SECTION_EQUIPMENT, _("No equipment on file"));
      return;
    }

  flow = gtk_flow_box_new ();
  gtk_widget_set_name (flow, "equipment");
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  g_signal_connect_object (flow, "child-activated", G_CALLBACK (on_equipment_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), FALSE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 4);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (flow), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (flow), 6);

  for (guint i = 0; i < detail->equipment->len; i++)
    {
      OpsEquipment *e = detail->equipment->pdata[i];
      OpsLabel status = ops_label_equipment_status (e->status);
      GtkWidget *chip = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *type = gtk_label_new (ops_label_equipment_type (e->equipment_type));
      GtkWidget *model = gtk_label_new (NULL);
      GtkWidget *serial = gtk_label_new (e->serial);
      g_autofree char *model_text = g_strdup_printf ("%s %s", e->brand ? e->brand : "", e->model ? e->model : "");
      g_autofree char *tooltip = NULL;
      const char *address = location_address (detail, e->location);

      gtk_widget_add_css_class (chip, "equipment-chip");
      gtk_widget_add_css_class (type, "heading");
      gtk_label_set_xalign (GTK_LABEL (type), 0);
      gtk_widget_set_hexpand (type, TRUE);
      gtk_box_append (GTK_BOX (top), type);
      gtk_box_append (GTK_BOX (top), pill_new (status));
      if (g_strcmp0 (e->status, OPS_EQUIPMENT_ACTIVE) == 0)
        gtk_box_append (GTK_BOX (top), swap_button_new (e->name));
      gtk_label_set_label (GTK_LABEL (model), g_strstrip (model_text));
      gtk_label_set_xalign (GTK_LABEL (model), 0);
      gtk_widget_add_css_class (model, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (serial), 0);
      gtk_label_set_selectable (GTK_LABEL (serial), TRUE);
      gtk_widget_add_css_class (serial, "monospace");

      gtk_box_append (GTK_BOX (chip), top);
      gtk_box_append (GTK_BOX (chip), model);
      gtk_box_append (GTK_BOX (chip), serial);

      if (e->device_id && *e->device_id)
        {
          GtkWidget *open = gtk_label_new (_("Diagnostics ›"));

          gtk_label_set_xalign (GTK_LABEL (open), 0);
          gtk_widget_add_css_class (open, "equipment-open");
          gtk_box_append (GTK_BOX (chip), open);
          gtk_widget_add_css_class (chip, "managed");
          tooltip = g_strdup_printf (_("MAC %s\nAt %s\nPress Enter or click for diagnostics"),
                                     e->mac && *e->mac ? e->mac : "—", address ? address : "—");
        }
      else
        tooltip = g_strdup_printf (_("MAC %s\nAt %s\nNot managed remotely"), e->mac && *e->mac ? e->mac : "—",
                                   address ? address : "—");
      gtk_widget_set_tooltip_text (chip, tooltip);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), chip);
      if (e->device_id && *e->device_id && e->serial && *e->serial)
        {
          gtk_widget_set_name (gtk_widget_get_parent (chip), e->serial);
          g_object_set_data_full (G_OBJECT (gtk_widget_get_parent (chip)), "serial", g_strdup (e->serial), g_free);
        }
    }

  add_to_section (self, SECTION_EQUIPMENT, flow);
}

static void
fill_subscriptions (OpsCustomerView   *self,
                    OpsCustomerDetail *detail)
{
  for (guint i = 0; i < detail->subscriptions->len; i++)
    {
      OpsSubscription *s = detail->subscriptions->pdata[i];
      g_autofree char *price = ops_format_money (s->price);
      g_autofree char *per_month = g_strdup_printf (_("%s / month"), price);
      const char *address = location_address (detail, s->location);
      g_autofree char *sub = g_strdup_printf ("%s%s%s", per_month, address ? " · " : "", address ? address : "");
      GtkWidget *row = row_new (s->plan, sub);

      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill_new (ops_label_subscription_status (s->status)));
      add_to_section (self, SECTION_SUBSCRIPTIONS, row);
    }

  if (detail->subscriptions->len == 0)
    add_empty (self, SECTION_SUBSCRIPTIONS, _("No subscription"));
}

static void
fill_invoices (OpsCustomerView   *self,
               OpsCustomerDetail *detail)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *balance = ops_format_money (detail->balance);
  g_autofree char *balance_text = NULL;

  if (detail->balance > 0.005)
    {
      balance_text = g_strdup_printf (_("Balance %s"), balance);
      gtk_widget_add_css_class (GTK_WIDGET (self->balance_label), detail->overdue_count ? "error" : "warning");
    }
  else
    {
      balance_text = g_strdup (_("Nothing owed"));
      gtk_widget_remove_css_class (GTK_WIDGET (self->balance_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->balance_label), "warning");
    }
  if (detail->overdue_count == 0)
    gtk_widget_remove_css_class (GTK_WIDGET (self->balance_label), "error");
  gtk_label_set_label (self->balance_label, balance_text);

  for (guint i = 0; i < detail->invoices->len; i++)
    {
      OpsInvoice *inv = detail->invoices->pdata[i];
      g_autofree char *total = ops_format_money (inv->grand_total);
      g_autofree char *owed = ops_format_money (inv->outstanding_amount);
      g_autofree char *sub = NULL;
      GtkWidget *row;
      GtkWidget *amount;
      OpsLabel status;

      if (inv->outstanding_amount > 0.005)
        sub = g_strdup_printf (_("Issued %s · due %s · %s owed"), inv->posting_date, inv->due_date, owed);
      else
        sub = g_strdup_printf (_("Issued %s · due %s"), inv->posting_date, inv->due_date);

      row = row_new (inv->name, sub);
      amount = gtk_label_new (total);
      gtk_widget_add_css_class (amount, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount);

      if (ops_invoice_is_overdue (inv, today))
        {
          status.label = C_("status", "Overdue");
          status.style = "error";
          gtk_widget_add_css_class (row, "overdue");
        }
      else
        status = ops_label_invoice_status (inv->status);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill_new (status));
      if (inv->outstanding_amount > 0.005 && self->services != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), ops_payment_link_button_new (self->services, detail, inv));
      add_to_section (self, SECTION_INVOICES, row);
    }

  if (detail->invoices->len == 0)
    add_empty (self, SECTION_INVOICES, _("No invoice yet"));
}

static void
fill_tickets (OpsCustomerView   *self,
              OpsCustomerDetail *detail)
{
  for (guint i = 0; i < detail->tickets->len; i++)
    {
      OpsTicket *t = detail->tickets->pdata[i];
      OpsLabel priority = ops_label_ticket_priority (t->priority);
      g_autofree char *sub = NULL;
      GtkWidget *row;

      if (t->assigned_to && *t->assigned_to)
        sub = g_strdup_printf (_("%s · opened %s · %s priority · assigned to %s"),
                               t->name, t->opening_date, priority.label, t->assigned_to);
      else
        sub = g_strdup_printf (_("%s · opened %s · %s priority · unassigned"),
                               t->name, t->opening_date, priority.label);

      row = row_new (t->subject, sub);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill_new (ops_label_ticket_status (t->status)));
      add_to_section (self, SECTION_TICKETS, row);
    }

  if (detail->tickets->len == 0)
    add_empty (self, SECTION_TICKETS, _("No ticket"));
}

/*
 * Actions
 */

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *text = g_variant_get_string (param, NULL);
  g_autofree char *message = g_strdup_printf (_("“%s” copied"), text);
  GtkWidget *overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);

  /* Tell the person it worked, in the window's toast overlay. */
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
on_edit_saved_cb (OpsCustomerView *self,
                  GtkWidget       *dialog)
{
  reload (self);
  if (self->services != NULL && ops_service_layer_is_demo (self->services))
    toast (self, _("Saved on the demo workspace"));
  else
    toast (self, _("Saved; sending to ERPNext"));
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsCustomerView *self = OPS_CUSTOMER_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->shown == NULL || self->services == NULL)
    return;

  dialog = ops_customer_edit_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         self->services, self->shown->customer);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_edit_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsCustomerView *self = OPS_CUSTOMER_VIEW (widget);
  GtkWidget *flow;

  if (self->shown == NULL)
    return;
  show_page (self, "customer");

  /* Back on the unit the person came from. */
  for (guint i = 0; i < self->rows[SECTION_EQUIPMENT]->len; i++)
    if (GTK_IS_FLOW_BOX (self->rows[SECTION_EQUIPMENT]->pdata[i]))
      {
        const char *serial = ops_equipment_panel_get_serial (self->equipment_panel);

        flow = self->rows[SECTION_EQUIPMENT]->pdata[i];
        for (GtkWidget *child = gtk_widget_get_first_child (flow); child; child = gtk_widget_get_next_sibling (child))
          if (serial != NULL && g_strcmp0 (g_object_get_data (G_OBJECT (child), "serial"), serial) == 0)
            gtk_widget_grab_focus (child);
      }
}

static void
on_swap_saved_cb (OpsCustomerView *self,
                  GtkWidget       *dialog)
{
  if (self->services != NULL && ops_service_layer_is_demo (self->services))
    toast (self, _("Swap saved on the demo workspace"));
  else
    toast (self, _("Swap saved; sending to ERPNext"));
  reload (self);
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsCustomerView *self = OPS_CUSTOMER_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->shown == NULL || self->services == NULL)
    return;

  dialog = ops_swap_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->services,
                                g_variant_get_string (param, NULL));
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_swap_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_panel_swapped_cb (OpsCustomerView *self)
{
  /* The unit shown left the customer: back to the customer's page. */
  show_page (self, "customer");
  reload (self);
}

static void
edit_contact_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  OpsCustomerView *self = OPS_CUSTOMER_VIEW (widget);
  const char *name = g_variant_get_string (param, NULL);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->shown == NULL || self->services == NULL)
    return;

  for (guint i = 0; i < self->shown->contacts->len; i++)
    {
      OpsContact *contact = self->shown->contacts->pdata[i];

      if (!g_str_equal (contact->name, name))
        continue;
      dialog = ops_contact_edit_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                            self->services, self->shown->customer->name, contact);
      g_signal_connect_object (dialog, "saved", G_CALLBACK (on_edit_saved_cb), self, G_CONNECT_SWAPPED);
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
}

/*
 * Callbacks
 */

static void
on_bus_event_cb (OpsCustomerView *self,
                 const char      *topic,
                 JsonNode        *data,
                 OpsEventBus     *bus)
{
  /* The shown customer changed here or in ERPNext. */
  if (self->shown != NULL && g_str_has_prefix (topic, "customer:") &&
      g_str_equal (topic + strlen ("customer:"), self->shown->customer->name))
    reload (self);
}

/*
 * GObject overrides
 */

/* Live updates of the shown customer from the hub, when there is one. */
static void
watch_customer (OpsCustomerView *self,
                const char      *name)
{
  OpsHubClient *hub = self->services ? ops_service_layer_get_hub (self->services) : NULL;
  g_autofree char *topic = name ? g_strdup_printf ("customer:%s", name) : NULL;

  if (g_strcmp0 (topic, self->hub_topic) == 0)
    return;
  if (hub != NULL && self->hub_topic != NULL)
    ops_hub_client_unwatch_topic (hub, self->hub_topic);
  g_free (self->hub_topic);
  self->hub_topic = g_steal_pointer (&topic);
  if (hub != NULL && self->hub_topic != NULL)
    ops_hub_client_watch_topic (hub, self->hub_topic);
}

static void
ops_customer_view_dispose (GObject *object)
{
  GtkWidget *child;
  OpsCustomerView *self = (OpsCustomerView *)object;

  watch_customer (self, NULL);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_clear_object (&self->services);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_CUSTOMER_VIEW);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  for (guint s = 0; s < N_SECTIONS; s++)
    g_clear_pointer (&self->rows[s], g_ptr_array_unref);
  g_clear_pointer (&self->shown, ops_customer_detail_free);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ops_customer_view_parent_class)->dispose (object);
}

static void
ops_customer_view_class_init (OpsCustomerViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_customer_view_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "customerview");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-customer-view.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, stack);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, missing_page);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, scroller);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, outbox_strip);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, name_label);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, badges_box);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, notes_label);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, balance_label);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, contacts_group);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, locations_group);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, equipment_group);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, subscriptions_group);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, invoices_group);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, tickets_group);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, back_button);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, back_content);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, equipment_scroller);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, equipment_panel);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomerView, conversation);

  gtk_widget_class_install_action (widget_class, "customer.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "customer.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "customer.edit-contact", "s", edit_contact_action);
  gtk_widget_class_install_action (widget_class, "customer.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "customer.swap", "s", swap_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "customer.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "customer.back", NULL);

  g_type_ensure (OPS_TYPE_OUTBOX_STRIP);
  g_type_ensure (OPS_TYPE_EQUIPMENT_PANEL);
  g_type_ensure (OPS_TYPE_CONVERSATION_VIEW);
}

static void
ops_customer_view_init (OpsCustomerView *self)
{
  GtkEventController *shortcuts = gtk_shortcut_controller_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint s = 0; s < N_SECTIONS; s++)
    self->rows[s] = g_ptr_array_new ();
  show_page (self, "none");
  update_actions (self);
  g_signal_connect_object (self->equipment_panel, "swapped", G_CALLBACK (on_panel_swapped_cb), self, G_CONNECT_SWAPPED);

  /* Ctrl+E works from anywhere in the window, the search box included. */
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>e"),
                                                          gtk_named_action_new ("customer.edit")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

/*
 * Public API
 */

void
ops_customer_view_set_store (OpsCustomerView *self,
                             OpsStore        *store)
{
  g_return_if_fail (OPS_IS_CUSTOMER_VIEW (self));

  g_set_object (&self->store, store);
}

/**
 * ops_customer_view_set_services:
 * @services: (nullable): what edits go through; without it the view only
 *   reads
 */
void
ops_customer_view_set_services (OpsCustomerView *self,
                                OpsServiceLayer *services)
{
  g_return_if_fail (OPS_IS_CUSTOMER_VIEW (self));
  g_return_if_fail (services == NULL || OPS_IS_SERVICE_LAYER (services));

  if (self->services == services)
    return;

  watch_customer (self, NULL);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_set_object (&self->services, services);
  if (services != NULL)
    g_signal_connect_object (ops_service_layer_get_bus (services), "event",
                             G_CALLBACK (on_bus_event_cb), self, G_CONNECT_SWAPPED);
  ops_outbox_strip_set_services (self->outbox_strip, services);
  ops_equipment_panel_set_services (self->equipment_panel, services);
  ops_conversation_view_set_services (self->conversation, services);
  update_actions (self);
}

/**
 * ops_customer_view_show:
 * @name: (nullable): the customer's account name, or %NULL to show none
 *
 * Reads the customer from the local store; it never waits on the network.
 */
void
ops_customer_view_show (OpsCustomerView *self,
                        const char      *name)
{
  g_autoptr(GError) error = NULL;
  OpsCustomerDetail *detail = NULL;

  g_return_if_fail (OPS_IS_CUSTOMER_VIEW (self));

  clear_sections (self);
  g_clear_pointer (&self->shown, ops_customer_detail_free);
  show_outbox (self, NULL);
  update_actions (self);
  watch_customer (self, self->store ? name : NULL);
  ops_conversation_view_set_customer (self->conversation, self->store ? name : NULL, NULL);

  if (name == NULL || self->store == NULL)
    {
      show_page (self, "none");
      return;
    }

  detail = ops_store_get_customer_detail (self->store, name, &error);
  if (detail == NULL)
    {
      g_autofree char *description = NULL;

      if (error != NULL)
        description = g_strdup_printf (_("The local store could not be read: %s"), error->message);
      else
        description = g_strdup_printf (_("No customer “%s” in the local store. It may have been deleted in ERPNext."), name);
      adw_status_page_set_description (self->missing_page, description);
      show_page (self, "missing");
      return;
    }

  fill_header (self, detail);
  fill_contacts (self, detail);
  fill_locations (self, detail);
  fill_equipment (self, detail);
  fill_subscriptions (self, detail);
  fill_invoices (self, detail);
  fill_tickets (self, detail);

  self->shown = detail;
  show_outbox (self, detail);
  update_actions (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  show_page (self, "customer");
}

void
ops_customer_view_focus (OpsCustomerView *self)
{
  g_return_if_fail (OPS_IS_CUSTOMER_VIEW (self));

  /* The first contact's buttons, not a label that would show as selected. */
  gtk_widget_child_focus (GTK_WIDGET (self->contacts_group), GTK_DIR_TAB_FORWARD);
}

/**
 * ops_customer_view_get_shown:
 *
 * Returns: (transfer none) (nullable): what the view shows
 */
const OpsCustomerDetail *
ops_customer_view_get_shown (OpsCustomerView *self)
{
  g_return_val_if_fail (OPS_IS_CUSTOMER_VIEW (self), NULL);

  return self->shown;
}

/**
 * ops_customer_view_open_equipment:
 * @serial: the serial of one of the shown customer's device-managed units
 *
 * Shows the unit's diagnostics in place of the customer's page; Escape or
 * Alt+Left comes back.
 */
void
ops_customer_view_open_equipment (OpsCustomerView *self,
                                  const char      *serial)
{
  g_autofree char *back = NULL;

  g_return_if_fail (OPS_IS_CUSTOMER_VIEW (self));
  g_return_if_fail (serial != NULL);

  if (self->shown == NULL)
    return;

  /* TRANSLATORS: the button back from a unit's diagnostics to its customer */
  back = g_strdup_printf (_("%s (%s)"), self->shown->customer->customer_name, self->shown->customer->name);
  adw_button_content_set_label (self->back_content, back);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->equipment_scroller), 0);
  ops_equipment_panel_show_serial (self->equipment_panel, serial);
  show_page (self, "equipment");
  /* The card pressed is hidden now; the panel's buttons wait for the
   * device.  Back is where the keyboard can start (Tab goes on). */
  gtk_widget_grab_focus (GTK_WIDGET (self->back_button));
}

/**
 * ops_customer_view_get_equipment_panel:
 *
 * Returns: (transfer none): the panel diagnostics are shown in
 */
GtkWidget *
ops_customer_view_get_equipment_panel (OpsCustomerView *self)
{
  g_return_val_if_fail (OPS_IS_CUSTOMER_VIEW (self), NULL);

  return GTK_WIDGET (self->equipment_panel);
}
