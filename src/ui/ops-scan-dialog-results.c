/* ops-scan-dialog-results.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The values found by the scan dialog: each gets a row that is filled in
 * when the resolver answers, with the tier that found it and the actions
 * (open the customer, attach the unit to the job, create a record).
 * Values read by Gemini are only shown in editable rows: they are used
 * (resolved, put in the creation form) when the person says so.
 */

#define G_LOG_DOMAIN "ops-scan-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-equipment-edits.h"
#include "ops-equipment-lookup.h"
#include "ops-outbox-actions.h"
#include "ops-scan-dialog-private.h"
#include "ops-vision-service.h"

/*
 * Auxiliary methods
 */

static char *
customer_title (OpsScanDialog *self,
                const char    *customer)
{
  OpsCustomerDetail *detail = ops_store_get_customer_detail (_ops_scan_dialog_store (self), customer, NULL);
  char *title;

  if (detail == NULL || detail->customer == NULL || detail->customer->customer_name == NULL)
    title = g_strdup (customer);
  else
    title = g_strdup_printf ("%s (%s)", detail->customer->customer_name, customer);
  if (detail != NULL)
    ops_customer_detail_free (detail);
  return title;
}

static const char *
tier_text (const OpsResolvedCode *code)
{
  if (code->tier == OPS_RESOLVE_SERIAL)
    return _("Serial in the store");
  if (code->tier == OPS_RESOLVE_MAC)
    return _("MAC in the store");
  if (code->tier != OPS_RESOLVE_DEVICE)
    return _("Unknown");
  if (code->source == OPS_DEVICE_SOURCE_OKTOPUS)
    return _("Found in Oktopus");
  if (code->source == OPS_DEVICE_SOURCE_DEMO)
    return _("Found in the demo devices");
  return _("Found in GenieACS");
}

/*
 * Creating a unit
 */

static void
show_create_form (OpsScanDialog *self,
                  const char    *serial,
                  const char    *mac,
                  const char    *brand,
                  const char    *model)
{
  gtk_editable_set_text (GTK_EDITABLE (self->create_serial_row), serial ? serial : "");
  gtk_editable_set_text (GTK_EDITABLE (self->create_mac_row), mac ? mac : "");
  if (brand != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->create_brand_row), brand);
  if (model != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->create_model_row), model);
  gtk_widget_set_visible (self->create_group, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->create_serial_row));
}

static void
create_clicked_cb (GtkButton     *button,
                   OpsScanDialog *self)
{
  const char *value = g_object_get_data (G_OBJECT (button), "value");
  const char *model = g_object_get_data (G_OBJECT (button), "model");
  g_autofree char *mac = ops_mac_normalize (value);

  if (mac != NULL)
    show_create_form (self, NULL, value, NULL, model);
  else
    show_create_form (self, value, NULL, NULL, model);
}

void
_ops_scan_dialog_create_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *param)
{
  OpsScanDialog *self = OPS_SCAN_DIALOG (widget);
  GtkStringObject *type = adw_combo_row_get_selected_item (self->create_type_row);
  g_autofree char *serial = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->create_serial_row))));
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gboolean queue = !ops_service_layer_is_demo (self->services);
  OpsNewEquipment unit = {
    .equipment_type = type ? gtk_string_object_get_string (type) : NULL,
    .brand = gtk_editable_get_text (GTK_EDITABLE (self->create_brand_row)),
    .model = gtk_editable_get_text (GTK_EDITABLE (self->create_model_row)),
    .serial = serial,
    .mac = gtk_editable_get_text (GTK_EDITABLE (self->create_mac_row)),
  };

  name = ops_edit_create_equipment (_ops_scan_dialog_store (self), &unit, queue, &error);
  if (name == NULL)
    {
      _ops_scan_dialog_toast (self, error->message);
      return;
    }
  if (queue)
    ops_outbox_actions_changed (self->services, "queued", 0);

  /* TRANSLATORS: a toast: "Unit 22275A7000395 created" */
  text = g_strdup_printf (queue ? _("Unit %s created; ERPNext gets it through the outbox")
                                : _("Unit %s created (demo workspace: nothing is sent)"),
                          serial);
  _ops_scan_dialog_toast (self, text);
  gtk_widget_set_visible (self->create_group, FALSE);

  /* The row of the value shows the new unit. */
  {
    GtkWidget *old = g_hash_table_lookup (self->rows, serial);

    if (old != NULL)
      gtk_list_box_remove (self->results_list, old);
    g_hash_table_remove (self->rows, serial);
  }
  _ops_scan_dialog_resolve_value (self, serial, NULL);
}

/*
 * Results
 */

static void
open_customer_cb (GtkButton     *button,
                  OpsScanDialog *self)
{
  const char *customer = g_object_get_data (G_OBJECT (button), "customer");
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  GtkWidget *target = parent ? GTK_WIDGET (parent) : GTK_WIDGET (self);

  if (!gtk_widget_activate_action (target, "win.show-customer", "s", customer))
    _ops_scan_dialog_toast (self, _("The customer cannot be opened from here; open the main window."));
  else if (parent != NULL)
    gtk_window_present (parent);
}

static void
attach_clicked_cb (GtkButton     *button,
                   OpsScanDialog *self)
{
  const char *equipment = g_object_get_data (G_OBJECT (button), "equipment");
  gboolean queue = !ops_service_layer_is_demo (self->services);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (self->job == NULL)
    return;
  if (!ops_edit_attach_equipment (_ops_scan_dialog_store (self), self->job, equipment, queue, &error))
    {
      _ops_scan_dialog_toast (self, error->message);
      return;
    }
  if (queue)
    ops_outbox_actions_changed (self->services, "queued", 0);
  ops_event_bus_publish (ops_service_layer_get_bus (self->services), "dispatch", NULL);

  /* TRANSLATORS: a toast: "EQP-00012 attached to DJ-00031" */
  text = g_strdup_printf (_("%s attached to %s"), equipment, self->job);
  _ops_scan_dialog_toast (self, text);
  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
}

static GtkWidget *
suffix_button (const char *label,
               const char *name)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static void
fill_row (OpsScanDialog         *self,
          AdwActionRow          *row,
          const OpsResolvedCode *code)
{
  g_autoptr(GString) subtitle = g_string_new (tier_text (code));
  GtkWidget *button;

  g_object_set_data_full (G_OBJECT (row), "tier", g_strdup (tier_text (code)), g_free);
  if (code->equipment != NULL)
    {
      g_string_append_printf (subtitle, " — %s", code->equipment->name);
      if (code->equipment->model != NULL && *code->equipment->model != '\0')
        g_string_append_printf (subtitle, ", %s", code->equipment->model);
    }
  else if (code->device_model != NULL)
    g_string_append_printf (subtitle, " — %s", code->device_model);
  if (code->customer != NULL)
    {
      g_autofree char *who = customer_title (self, code->customer);

      /* TRANSLATORS: after the unit in a scan result: "· customer Marie Tremblay (C0001)" */
      g_string_append_printf (subtitle, _(" · customer %s"), who);
      g_object_set_data_full (G_OBJECT (row), "customer", g_strdup (code->customer), g_free);
    }
  if (code->note != NULL)
    g_string_append_printf (subtitle, "\n%s", code->note);
  adw_action_row_set_subtitle (row, subtitle->str);

  if (code->customer != NULL)
    {
      button = suffix_button (_("Open _Customer"), "open-customer");
      g_object_set_data_full (G_OBJECT (button), "customer", g_strdup (code->customer), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (open_customer_cb), self, 0);
      adw_action_row_add_suffix (row, button);
    }
  if (code->equipment != NULL && self->job != NULL)
    {
      g_autofree char *label = g_strdup_printf (_("Attach to %s"), self->job);

      button = suffix_button (label, "attach");
      g_object_set_data_full (G_OBJECT (button), "equipment", g_strdup (code->equipment->name), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (attach_clicked_cb), self, 0);
      adw_action_row_add_suffix (row, button);
    }
  if (code->equipment == NULL)
    {
      button = suffix_button (_("Create _Record…"), "create-record");
      g_object_set_data_full (G_OBJECT (button), "value", g_strdup (code->value), g_free);
      g_object_set_data_full (G_OBJECT (button), "model", g_strdup (code->device_model), g_free);
      gtk_widget_set_tooltip_text (button, _("Create a Service Equipment record for this unit"));
      g_signal_connect_object (button, "clicked", G_CALLBACK (create_clicked_cb), self, 0);
      adw_action_row_add_suffix (row, button);
    }
}

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GtkWidget) row = user_data;
  g_autoptr(OpsResolvedCode) code = NULL;
  g_autoptr(GError) error = NULL;
  OpsScanDialog *self;

  code = ops_equipment_resolver_resolve_finish (OPS_EQUIPMENT_RESOLVER (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = OPS_SCAN_DIALOG (gtk_widget_get_root (row) ? gtk_widget_get_root (row) : NULL);
  if (self == NULL)
    return;
  _ops_scan_dialog_busy_changed (self, -1);
  if (code == NULL)
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), error->message);
      return;
    }
  fill_row (self, ADW_ACTION_ROW (row), code);
}

void
_ops_scan_dialog_resolve_value (OpsScanDialog *self,
                                const char    *value,
                                const char    *type)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  GtkWidget *row;

  if (*trimmed == '\0' || g_hash_table_contains (self->rows, trimmed))
    return;

  row = adw_action_row_new ();
  gtk_widget_set_name (row, "code");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), trimmed);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Looking it up…"));
  gtk_widget_set_tooltip_text (row, type);
  g_object_set_data_full (G_OBJECT (row), "value", g_strdup (trimmed), g_free);
  gtk_list_box_prepend (self->results_list, row);
  g_hash_table_insert (self->rows, g_strdup (trimmed), row);

  _ops_scan_dialog_busy_changed (self, 1);
  ops_equipment_resolver_resolve_async (self->resolver, trimmed, self->cancellable, resolved_cb,
                                        g_object_ref (row));
}

/*
 * Reading the label with Gemini
 */

static void
set_row_text (AdwEntryRow *row,
              const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
show_label (OpsScanDialog *self,
            JsonNode      *result)
{
  g_autoptr(OpsEquipmentLabel) label = ops_equipment_label_from_json (result);

  if (label == NULL)
    {
      _ops_scan_dialog_set_status (self, _("Gemini’s answer could not be used; try another photo."));
      return;
    }
  set_row_text (self->label_brand_row, label->brand);
  set_row_text (self->label_model_row, label->model);
  set_row_text (self->label_serial_row, label->serial);
  set_row_text (self->label_mac_row, label->mac);
  set_row_text (self->label_gpon_row, label->gpon_serial);
  gtk_widget_set_visible (self->label_group, TRUE);
  _ops_scan_dialog_set_status (self,
                               _("Gemini read the label. Check each field against the label, then use the values."));
}

static void
label_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(OpsScanDialog) self = user_data;
  g_autoptr(OpsVisionReading) reading = NULL;
  g_autoptr(GError) error = NULL;

  reading = ops_vision_service_read_finish (OPS_VISION_SERVICE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->reading_label = FALSE;
  _ops_scan_dialog_busy_changed (self, -1);
  _ops_scan_dialog_update_actions (self);
  if (reading == NULL)
    {
      _ops_scan_dialog_set_status (self, error->message);
      return;
    }
  if (reading->queued)
    {
      self->label_queue_id = reading->queue_id;
      _ops_scan_dialog_set_status (self, _("Queued: it will be read when the network returns."));
      _ops_scan_dialog_toast (self, _("Queued: it will be read when the network returns"));
      return;
    }
  show_label (self, reading->result);
}

void
_ops_scan_dialog_read_label_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *param)
{
  OpsScanDialog *self = OPS_SCAN_DIALOG (widget);
  g_autoptr(GBytes) image = NULL;

  if (self->vision == NULL || self->reading_label)
    return;
  if (self->photo != NULL)
    image = g_bytes_ref (self->photo);
  else if (self->frame != NULL)
    image = gdk_texture_save_to_png_bytes (self->frame);
  if (image == NULL)
    return;

  self->reading_label = TRUE;
  _ops_scan_dialog_busy_changed (self, 1);
  _ops_scan_dialog_update_actions (self);
  _ops_scan_dialog_set_status (self, _("Gemini is reading the label…"));
  ops_vision_service_read_async (self->vision, OPS_VISION_EQUIPMENT, image, NULL, self->job, self->cancellable,
                                 label_read_cb, g_object_ref (self));
}

void
_ops_scan_dialog_bus_event_cb (OpsEventBus   *bus,
                               const char    *topic,
                               JsonNode      *data,
                               OpsScanDialog *self)
{
  g_autoptr(OpsVisionQueueEntry) entry = NULL;
  JsonObject *object;

  if (!g_str_equal (topic, "vision") || self->label_queue_id == 0 || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  object = json_node_get_object (data);
  if (json_object_get_int_member_with_default (object, "id", 0) != self->label_queue_id)
    return;
  entry = ops_vision_queue_get (_ops_scan_dialog_store (self), self->label_queue_id, NULL);
  self->label_queue_id = 0;
  if (entry == NULL)
    return;
  if (entry->state == OPS_VISION_QUEUE_DONE && entry->result != NULL)
    show_label (self, entry->result);
  else if (entry->error != NULL)
    _ops_scan_dialog_set_status (self, entry->error);
}

void
_ops_scan_dialog_use_label_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param)
{
  OpsScanDialog *self = OPS_SCAN_DIALOG (widget);
  const char *serial = gtk_editable_get_text (GTK_EDITABLE (self->label_serial_row));
  const char *mac = gtk_editable_get_text (GTK_EDITABLE (self->label_mac_row));
  const char *gpon = gtk_editable_get_text (GTK_EDITABLE (self->label_gpon_row));

  _ops_scan_dialog_resolve_value (self, gpon, "LABEL");
  _ops_scan_dialog_resolve_value (self, mac, "LABEL");
  _ops_scan_dialog_resolve_value (self, serial, "LABEL");

  /* Ready if the unit turns out to be unknown. */
  gtk_editable_set_text (GTK_EDITABLE (self->create_brand_row),
                         gtk_editable_get_text (GTK_EDITABLE (self->label_brand_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->create_model_row),
                         gtk_editable_get_text (GTK_EDITABLE (self->label_model_row)));
  gtk_editable_set_text (GTK_EDITABLE (self->create_serial_row), *serial ? serial : gpon);
  gtk_editable_set_text (GTK_EDITABLE (self->create_mac_row), mac);
}
