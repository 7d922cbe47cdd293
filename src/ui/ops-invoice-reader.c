/* ops-invoice-reader.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing read by Gemini is sent as it is: the fields are shown in
 * editable rows and the draft is built from what the rows say when the
 * person creates it.  ERPNext's purchase tax template supplies the tax
 * accounts; a draft ERPNext refuses fails visibly in the outbox.
 */

#define G_LOG_DOMAIN "ops-invoice-reader"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ops-equipment-edits.h"
#include "ops-image-intake.h"
#include "ops-invoice-reader.h"
#include "ops-outbox-actions.h"
#include "ops-vision-service.h"

/* Amounts read from paper agree within a cent or so. */
#define TOLERANCE 0.015

struct _OpsInvoiceReader
{
  AdwWindow           parent_instance;

  AdwToastOverlay    *toast_overlay;
  GtkStack           *image_stack;
  GtkSpinner         *spinner;
  GtkPicture         *picture;
  GtkLabel           *status_label;
  GtkLabel           *warning_label;
  AdwEntryRow        *supplier_row;
  AdwEntryRow        *number_row;
  AdwEntryRow        *date_row;
  AdwEntryRow        *currency_row;
  AdwEntryRow        *subtotal_row;
  AdwEntryRow        *tps_row;
  AdwEntryRow        *tvq_row;
  AdwEntryRow        *total_row;
  AdwPreferencesGroup *lines_group;
  GtkListBox         *queue_list;

  OpsServiceLayer    *services;
  OpsVisionService   *vision;
  GCancellable       *cancellable;
  GPtrArray          *lines;        /* OpsInvoiceLine* read, with their row */
  GPtrArray          *line_rows;    /* AdwEntryRow* of the lines' descriptions */
  gint64              waiting_id;   /* the queued photo this window waits for */
  gulong              bus_handler;
  gboolean            reading;
};

G_DEFINE_FINAL_TYPE (OpsInvoiceReader, ops_invoice_reader, ADW_TYPE_WINDOW)

static void
toast (OpsInvoiceReader *self,
       const char       *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static OpsStore *
store (OpsInvoiceReader *self)
{
  return ops_service_layer_get_store (self->services);
}

static void
set_text (AdwEntryRow *row,
          const char  *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
set_amount (AdwEntryRow *row,
            double       value)
{
  g_autofree char *text = NULL;

  if (!isnan (value))
    {
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      text = g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.2f", value));
    }
  set_text (row, text);
}

/* "1 234,56 $" or "1234.56": NAN when empty or not a number. */
static double
get_amount (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(GString) clean = g_string_new (NULL);
  char *end = NULL;
  double value;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isdigit (c) || c == '-')
        g_string_append_unichar (clean, c);
      else if (c == ',' || c == '.')
        g_string_append_c (clean, '.');
    }
  if (clean->len == 0)
    return NAN;
  value = g_ascii_strtod (clean->str, &end);
  return end != NULL && *end == '\0' ? value : NAN;
}

static void
check_amounts (OpsInvoiceReader *self)
{
  double subtotal = get_amount (self->subtotal_row);
  double tps = get_amount (self->tps_row);
  double tvq = get_amount (self->tvq_row);
  double total = get_amount (self->total_row);
  double sum;

  if (isnan (subtotal) || isnan (total))
    {
      gtk_widget_set_visible (GTK_WIDGET (self->warning_label), FALSE);
      return;
    }
  sum = subtotal + (isnan (tps) ? 0 : tps) + (isnan (tvq) ? 0 : tvq);
  if (fabs (sum - total) > TOLERANCE)
    {
      g_autofree char *text = g_strdup_printf (_("The subtotal and taxes add up to %.2f, not the total %.2f: "
                                                 "check the amounts against the photo."), sum, total);

      gtk_label_set_label (self->warning_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->warning_label), TRUE);
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->warning_label), FALSE);
}

static void
clear_lines (OpsInvoiceReader *self)
{
  for (guint i = 0; i < self->line_rows->len; i++)
    adw_preferences_group_remove (self->lines_group, g_ptr_array_index (self->line_rows, i));
  g_ptr_array_set_size (self->line_rows, 0);
  g_ptr_array_set_size (self->lines, 0);
}

static void
free_line (gpointer data)
{
  OpsInvoiceLine *line = data;

  g_free (line->description);
  g_free (line);
}

static void
show_invoice (OpsInvoiceReader *self,
              JsonNode         *result)
{
  g_autoptr(OpsSupplierInvoice) invoice = ops_supplier_invoice_from_json (result);

  if (invoice == NULL)
    {
      gtk_label_set_label (self->status_label, _("Gemini’s answer could not be used; try a sharper photo."));
      return;
    }
  set_text (self->supplier_row, invoice->supplier);
  set_text (self->number_row, invoice->number);
  set_text (self->date_row, invoice->date);
  set_text (self->currency_row, invoice->currency ? invoice->currency : "CAD");
  set_amount (self->subtotal_row, invoice->subtotal);
  set_amount (self->tps_row, invoice->tps);
  set_amount (self->tvq_row, invoice->tvq);
  set_amount (self->total_row, invoice->total);

  clear_lines (self);
  for (guint i = 0; i < invoice->lines->len; i++)
    {
      const OpsInvoiceLine *read = g_ptr_array_index (invoice->lines, i);
      OpsInvoiceLine *line = g_new0 (OpsInvoiceLine, 1);
      GtkWidget *row = adw_entry_row_new ();
      g_autofree char *title = NULL;

      *line = *read;
      line->description = g_strdup (read->description);
      g_ptr_array_add (self->lines, line);

      if (isnan (line->unit_price))
        title = g_strdup_printf (_("%g × (no unit price)"), line->quantity);
      else
        title = g_strdup_printf ("%g × %.2f", line->quantity, line->unit_price);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_editable_set_text (GTK_EDITABLE (row), line->description ? line->description : "");
      adw_preferences_group_add (self->lines_group, row);
      g_ptr_array_add (self->line_rows, row);
    }
  check_amounts (self);
  gtk_label_set_label (self->status_label, _("Check the fields against the photo, then create the draft."));
}

/*
 * The queue
 */

static const char *
state_text (OpsVisionQueueState state)
{
  switch (state)
    {
    case OPS_VISION_QUEUE_DONE:
      return _("Read");
    case OPS_VISION_QUEUE_FAILED:
      return _("Could not be read");
    case OPS_VISION_QUEUE_PENDING:
    default:
      return _("Waiting for the network");
    }
}

static void refresh_queue (OpsInvoiceReader *self);

static void
use_queued_cb (GtkButton        *button,
               OpsInvoiceReader *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id"));
  g_autoptr(OpsVisionQueueEntry) entry = ops_vision_queue_get (store (self), id, NULL);
  g_autoptr(GdkTexture) texture = NULL;

  if (entry == NULL || entry->result == NULL)
    return;
  texture = gdk_texture_new_from_bytes (entry->image, NULL);
  if (texture != NULL)
    {
      gtk_picture_set_paintable (self->picture, GDK_PAINTABLE (texture));
      gtk_stack_set_visible_child_name (self->image_stack, "photo");
    }
  show_invoice (self, entry->result);
}

static void
delete_queued_cb (GtkButton        *button,
                  OpsInvoiceReader *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id"));
  g_autoptr(GError) error = NULL;

  if (!ops_vision_queue_delete (store (self), id, &error))
    toast (self, error->message);
  refresh_queue (self);
}

static void
refresh_queue (OpsInvoiceReader *self)
{
  g_autoptr(GPtrArray) entries = ops_vision_queue_list (store (self), OPS_VISION_INVOICE, NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->queue_list))) != NULL)
    gtk_list_box_remove (self->queue_list, child);

  for (guint i = 0; entries != NULL && i < entries->len; i++)
    {
      const OpsVisionQueueEntry *entry = g_ptr_array_index (entries, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button;
      g_autofree char *title = g_strdup_printf (_("Photo of %s"), entry->created_at);
      g_autoptr(GString) subtitle = g_string_new (state_text (entry->state));

      if (entry->state != OPS_VISION_QUEUE_DONE && entry->error != NULL)
        g_string_append_printf (subtitle, " — %s", entry->error);
      gtk_widget_set_name (row, "queued");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
      if (entry->state == OPS_VISION_QUEUE_DONE)
        {
          button = gtk_button_new_with_mnemonic (_("_Review"));
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          g_object_set_data (G_OBJECT (button), "id", GSIZE_TO_POINTER ((gsize) entry->id));
          g_signal_connect_object (button, "clicked", G_CALLBACK (use_queued_cb), self, 0);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
        }
      button = gtk_button_new_from_icon_name ("user-trash-symbolic");
      gtk_widget_set_tooltip_text (button, _("Delete this photo"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      g_object_set_data (G_OBJECT (button), "id", GSIZE_TO_POINTER ((gsize) entry->id));
      g_signal_connect_object (button, "clicked", G_CALLBACK (delete_queued_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->queue_list, row);
    }
  gtk_widget_set_visible (gtk_widget_get_ancestor (GTK_WIDGET (self->queue_list), ADW_TYPE_PREFERENCES_GROUP),
                          entries != NULL && entries->len > 0);
}

static void
bus_event_cb (OpsEventBus      *bus,
              const char       *topic,
              JsonNode         *data,
              OpsInvoiceReader *self)
{
  JsonObject *object;
  gint64 id;

  if (!g_str_equal (topic, "vision") || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  refresh_queue (self);
  object = json_node_get_object (data);
  id = json_object_get_int_member_with_default (object, "id", 0);
  if (id != 0 && id == self->waiting_id)
    {
      g_autoptr(OpsVisionQueueEntry) entry = ops_vision_queue_get (store (self), id, NULL);

      self->waiting_id = 0;
      if (entry != NULL && entry->result != NULL)
        {
          show_invoice (self, entry->result);
          toast (self, _("The queued invoice was read"));
        }
    }
}

/*
 * Reading
 */

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(OpsInvoiceReader) self = user_data;
  g_autoptr(OpsVisionReading) reading = NULL;
  g_autoptr(GError) error = NULL;

  reading = ops_vision_service_read_finish (OPS_VISION_SERVICE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->reading = FALSE;
  gtk_spinner_stop (self->spinner);
  gtk_stack_set_visible_child_name (self->image_stack, "photo");
  if (reading == NULL)
    {
      gtk_label_set_label (self->status_label, error->message);
      return;
    }
  if (reading->queued)
    {
      self->waiting_id = reading->queue_id;
      gtk_label_set_label (self->status_label, _("Queued: it will be read when the network returns."));
      toast (self, _("Queued: it will be read when the network returns"));
      refresh_queue (self);
      return;
    }
  show_invoice (self, reading->result);
}

void
ops_invoice_reader_open_bytes (OpsInvoiceReader *self,
                               GBytes           *image)
{
  g_autoptr(GdkTexture) texture = NULL;

  g_return_if_fail (OPS_IS_INVOICE_READER (self));
  g_return_if_fail (image != NULL);

  texture = gdk_texture_new_from_bytes (image, NULL);
  gtk_picture_set_paintable (self->picture, texture ? GDK_PAINTABLE (texture) : NULL);
  if (!ops_vision_service_is_configured (self->vision))
    {
      gtk_stack_set_visible_child_name (self->image_stack, "photo");
      gtk_label_set_label (self->status_label, _("Reading invoices needs Gemini: set its API key in Preferences. "
                                                 "You can still type the fields."));
      return;
    }
  self->reading = TRUE;
  gtk_stack_set_visible_child_name (self->image_stack, "reading");
  gtk_spinner_start (self->spinner);
  gtk_label_set_label (self->status_label, _("Gemini is reading the invoice…"));
  ops_vision_service_read_async (self->vision, OPS_VISION_INVOICE, image, NULL, NULL, self->cancellable,
                                 read_cb, g_object_ref (self));
}

static void
image_cb (GtkWidget    *widget,
          GBytes       *bytes,
          const char   *name,
          const GError *error,
          gpointer      user_data)
{
  OpsInvoiceReader *self = OPS_INVOICE_READER (widget);

  if (error != NULL)
    gtk_label_set_label (self->status_label, error->message);
  else if (bytes != NULL)
    ops_invoice_reader_open_bytes (self, bytes);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  /* The formats Gemini reads. */
  static const char *const suffixes[] = { "png", "jpg", "jpeg", "webp", "heic", "heif", NULL };

  ops_image_intake_open (widget, _("Open a Photo of the Invoice"), suffixes);
}

/*
 * Creating the draft
 */

static char *
row_text (AdwEntryRow *row)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));

  return *text ? g_strstrip (g_strdup (text)) : NULL;
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OpsInvoiceReader *self = OPS_INVOICE_READER (widget);
  g_autoptr(OpsSupplierInvoice) invoice = g_new0 (OpsSupplierInvoice, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  OpsConfig *config;

  invoice->supplier = row_text (self->supplier_row);
  invoice->number = row_text (self->number_row);
  invoice->date = row_text (self->date_row);
  invoice->currency = row_text (self->currency_row);
  invoice->subtotal = get_amount (self->subtotal_row);
  invoice->tps = get_amount (self->tps_row);
  invoice->tvq = get_amount (self->tvq_row);
  invoice->total = get_amount (self->total_row);
  invoice->lines = g_ptr_array_new_with_free_func (free_line);
  for (guint i = 0; i < self->lines->len; i++)
    {
      OpsInvoiceLine *line = g_new0 (OpsInvoiceLine, 1);

      *line = *(OpsInvoiceLine *) g_ptr_array_index (self->lines, i);
      line->description = row_text (g_ptr_array_index (self->line_rows, i));
      g_ptr_array_add (invoice->lines, line);
    }

  if (ops_service_layer_is_demo (self->services))
    {
      toast (self, _("Demo workspace: no purchase invoice is sent to ERPNext"));
      return;
    }
  config = ops_service_layer_get_config (self->services);
  if (ops_edit_draft_purchase_invoice (store (self), invoice,
                                       ops_config_get_string (config, "purchasing", "tps_account"),
                                       ops_config_get_string (config, "purchasing", "tvq_account"),
                                       &error) == 0)
    {
      toast (self, error->message);
      return;
    }
  ops_outbox_actions_changed (self->services, "queued", 0);
  /* TRANSLATORS: a toast: "Draft purchase invoice F-1234 queued for ERPNext" */
  text = g_strdup_printf (_("Draft purchase invoice %s queued for ERPNext"), invoice->number);
  toast (self, text);
}

/*
 * GObject overrides
 */

static void
ops_invoice_reader_dispose (GObject *object)
{
  OpsInvoiceReader *self = (OpsInvoiceReader *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->bus_handler != 0 && self->services != NULL)
    g_clear_signal_handler (&self->bus_handler, ops_service_layer_get_bus (self->services));
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_INVOICE_READER);
  g_clear_object (&self->services);
  self->vision = NULL;

  G_OBJECT_CLASS (ops_invoice_reader_parent_class)->dispose (object);
}

static void
ops_invoice_reader_finalize (GObject *object)
{
  OpsInvoiceReader *self = (OpsInvoiceReader *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->line_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ops_invoice_reader_parent_class)->finalize (object);
}

static void
ops_invoice_reader_class_init (OpsInvoiceReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_invoice_reader_dispose;
  object_class->finalize = ops_invoice_reader_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-invoice-reader.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, image_stack);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, spinner);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, picture);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, status_label);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, warning_label);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, supplier_row);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, number_row);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, date_row);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, currency_row);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, subtotal_row);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, tps_row);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, tvq_row);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, total_row);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, lines_group);
  gtk_widget_class_bind_template_child (widget_class, OpsInvoiceReader, queue_list);

  gtk_widget_class_install_action (widget_class, "invoice.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "invoice.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "invoice.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ops_invoice_reader_init (OpsInvoiceReader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->lines = g_ptr_array_new_with_free_func (free_line);
  self->line_rows = g_ptr_array_new ();
  ops_image_intake_attach (GTK_WIDGET (self), self->cancellable, image_cb, NULL);

  g_signal_connect_object (self->subtotal_row, "changed", G_CALLBACK (check_amounts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tps_row, "changed", G_CALLBACK (check_amounts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tvq_row, "changed", G_CALLBACK (check_amounts), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->total_row, "changed", G_CALLBACK (check_amounts), self, G_CONNECT_SWAPPED);
}

/*
 * Public API
 */

GtkWidget *
ops_invoice_reader_new (GtkWindow       *parent,
                        OpsServiceLayer *services)
{
  OpsInvoiceReader *self;

  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  self = g_object_new (OPS_TYPE_INVOICE_READER, "transient-for", parent, NULL);
  self->services = g_object_ref (services);
  self->vision = ops_service_layer_get_vision (services);
  self->bus_handler = g_signal_connect_object (ops_service_layer_get_bus (services), "event",
                                               G_CALLBACK (bus_event_cb), self, 0);
  if (!ops_vision_service_is_configured (self->vision))
    gtk_label_set_label (self->status_label, _("Reading invoices needs Gemini: set its API key in Preferences. "
                                               "You can still type the fields."));
  refresh_queue (self);
  return GTK_WIDGET (self);
}

gboolean
ops_invoice_reader_is_busy (OpsInvoiceReader *self)
{
  g_return_val_if_fail (OPS_IS_INVOICE_READER (self), FALSE);
  return self->reading;
}
