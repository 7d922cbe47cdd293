/* ops-payment-link-button.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The templates are read each time the popover opens, so one edited in
 * Preferences is offered at once.  The button keeps copies of what it
 * shows: the customer detail it came from is replaced on every refresh.
 */

#define G_LOG_DOMAIN "ops-payment-link-button"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-labels.h"
#include "ops-payment-link-button.h"
#include "ops-payment-links.h"
#include "ops-reply-templates.h"

#define DEFAULT_TEMPLATE_TITLE "Lien de paiement"
#define PAYMENT_PLACEHOLDER "{" OPS_TEMPLATE_PAYMENT_LINK "}"

struct _OpsPaymentLinkButton
{
  GtkWidget        parent_instance;

  GtkWidget       *menu_button;
  GtkWidget       *popover;
  GtkWidget       *number_label;
  GtkWidget       *template_dropdown;
  GtkWidget       *send_button;

  OpsServiceLayer *services;
  char            *invoice;
  char            *amount;     /* "84,50 $" */
  char            *mobile;     /* as the contact has it, or NULL */
  GPtrArray       *bodies;     /* char*, parallel to the dropdown */
  GCancellable    *cancellable;
  /* The window's toast overlay when sending began: a refresh of the
   * customer may take this button out of the window before the answer. */
  GtkWidget       *overlay;
};

G_DEFINE_FINAL_TYPE (OpsPaymentLinkButton, ops_payment_link_button, GTK_TYPE_WIDGET)

enum {
  SIGNAL_SENT,
  SIGNAL_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

/* The number the text goes to, as the payment link picks it: the primary
 * contact's (else the first contact's) mobile, else their phone. */
static char *
find_mobile (const OpsCustomerDetail *detail)
{
  const OpsContact *contact = NULL;

  for (guint i = 0; detail->contacts != NULL && i < detail->contacts->len && contact == NULL; i++)
    if (((const OpsContact *)detail->contacts->pdata[i])->is_primary)
      contact = detail->contacts->pdata[i];
  if (contact == NULL && detail->contacts != NULL && detail->contacts->len > 0)
    contact = detail->contacts->pdata[0];
  if (contact == NULL)
    return NULL;
  if (contact->mobile != NULL && *contact->mobile != '\0')
    return g_strdup (contact->mobile);
  if (contact->phone != NULL && *contact->phone != '\0')
    return g_strdup (contact->phone);
  return NULL;
}

static void
toast (OpsPaymentLinkButton *self,
       const char           *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  if (overlay == NULL)
    overlay = self->overlay;
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
}

static void
set_overlay (OpsPaymentLinkButton *self,
             GtkWidget            *overlay)
{
  if (self->overlay != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->overlay), (gpointer *)&self->overlay);
  self->overlay = overlay;
  if (overlay != NULL)
    g_object_add_weak_pointer (G_OBJECT (overlay), (gpointer *)&self->overlay);
}

static void
update_state (OpsPaymentLinkButton *self)
{
  gboolean busy = self->cancellable != NULL;

  gtk_widget_set_sensitive (self->menu_button, !busy);
  gtk_widget_set_sensitive (self->send_button, !busy && self->bodies->len > 0);
}

/* Fills the dropdown with the templates that hold {lien_paiement}. */
static void
load_templates (OpsPaymentLinkButton *self)
{
  g_autoptr(GtkStringList) titles = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  guint selected = 0;

  g_ptr_array_set_size (self->bodies, 0);
  templates = ops_store_list_templates (ops_service_layer_get_store (self->services), &error);
  if (templates == NULL)
    g_debug ("Cannot read the reply templates: %s", error->message);

  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      const OpsReplyTemplate *tpl = templates->pdata[i];

      if (tpl->body == NULL || strstr (tpl->body, PAYMENT_PLACEHOLDER) == NULL)
        continue;
      if (g_strcmp0 (tpl->title, DEFAULT_TEMPLATE_TITLE) == 0)
        selected = self->bodies->len;
      gtk_string_list_append (titles, tpl->title);
      g_ptr_array_add (self->bodies, g_strdup (tpl->body));
    }

  if (self->bodies->len == 0)
    {
      gtk_string_list_append (titles, _("Payment link"));
      /* Translators: keep {prenom} and {lien_paiement} as they are. */
      g_ptr_array_add (self->bodies, g_strdup (_("Hello {prenom}, here is the link to pay your invoice: {lien_paiement}")));
    }

  gtk_drop_down_set_model (GTK_DROP_DOWN (self->template_dropdown), G_LIST_MODEL (titles));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (self->template_dropdown), selected);
  update_state (self);
}

static char *
describe_error (OpsPaymentLinkButton *self,
                const GError         *error)
{
  if (g_error_matches (error, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NO_MOBILE))
    return g_strdup (_("Add a mobile number to the customer's contact first"));
  if (g_error_matches (error, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NO_BALANCE))
    return g_strdup_printf (_("Invoice %s has nothing left to pay"), self->invoice);
  if (g_error_matches (error, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NOT_FOUND))
    return g_strdup_printf (_("Invoice %s is not in the workspace any more"), self->invoice);
  return g_strdup (error->message);
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(OpsPaymentLinkButton) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  message = ops_payment_link_send_finish (OPS_SERVICE_LAYER (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->cancellable);
  update_state (self);

  if (message == NULL)
    {
      g_autofree char *text = describe_error (self, error);

      g_debug ("Payment link for %s not sent: %s", self->invoice, error->message);
      toast (self, text);
      g_signal_emit (self, signals[SIGNAL_FAILED], 0, text);
      return;
    }

  {
    g_autofree char *text = NULL;

    if (self->mobile != NULL)
      /* Translators: "Payment link for 84,50 $ sent to 514-555-0142". */
      text = g_strdup_printf (_("Payment link for %s sent to %s"), self->amount, self->mobile);
    else
      text = g_strdup_printf (_("Payment link for %s sent"), self->amount);
    toast (self, text);
  }
  g_signal_emit (self, signals[SIGNAL_SENT], 0, message);
}

static void
on_send_clicked_cb (OpsPaymentLinkButton *self)
{
  ops_payment_link_button_send (self);
}

static void
on_popover_show_cb (OpsPaymentLinkButton *self)
{
  load_templates (self);
}

static GtkWidget *
build_popover (OpsPaymentLinkButton *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *title;
  GtkWidget *template_label;
  g_autofree char *heading = NULL;
  g_autofree char *number = NULL;

  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  /* Translators: the popover's heading, with the amount owed. */
  heading = g_strdup_printf (_("Send a link to pay %s"), self->amount);
  title = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  if (self->mobile != NULL)
    number = g_strdup_printf (_("By text message to %s"), self->mobile);
  else
    number = g_strdup (_("The customer has no mobile number"));
  self->number_label = gtk_label_new (number);
  gtk_label_set_xalign (GTK_LABEL (self->number_label), 0);
  if (self->mobile == NULL)
    gtk_widget_add_css_class (self->number_label, "warning");
  gtk_box_append (GTK_BOX (box), self->number_label);

  template_label = gtk_label_new_with_mnemonic (_("_Template"));
  gtk_label_set_xalign (GTK_LABEL (template_label), 0);
  gtk_widget_add_css_class (template_label, "dim-label");
  gtk_box_append (GTK_BOX (box), template_label);
  self->template_dropdown = gtk_drop_down_new (NULL, NULL);
  gtk_label_set_mnemonic_widget (GTK_LABEL (template_label), self->template_dropdown);
  gtk_box_append (GTK_BOX (box), self->template_dropdown);

  self->send_button = gtk_button_new_with_mnemonic (_("_Send Link"));
  gtk_widget_add_css_class (self->send_button, "suggested-action");
  gtk_widget_set_halign (self->send_button, GTK_ALIGN_END);
  g_signal_connect_swapped (self->send_button, "clicked", G_CALLBACK (on_send_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), self->send_button);

  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), self->send_button);
  g_signal_connect_swapped (popover, "show", G_CALLBACK (on_popover_show_cb), self);
  return popover;
}

/*
 * GObject overrides
 */

static void
ops_payment_link_button_dispose (GObject *object)
{
  OpsPaymentLinkButton *self = (OpsPaymentLinkButton *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_object (&self->services);
  set_overlay (self, NULL);

  G_OBJECT_CLASS (ops_payment_link_button_parent_class)->dispose (object);
}

static void
ops_payment_link_button_finalize (GObject *object)
{
  OpsPaymentLinkButton *self = (OpsPaymentLinkButton *)object;

  g_free (self->invoice);
  g_free (self->amount);
  g_free (self->mobile);
  g_ptr_array_unref (self->bodies);

  G_OBJECT_CLASS (ops_payment_link_button_parent_class)->finalize (object);
}

static void
ops_payment_link_button_class_init (OpsPaymentLinkButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_payment_link_button_dispose;
  object_class->finalize = ops_payment_link_button_finalize;

  signals[SIGNAL_SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "paymentlinkbutton");
}

static void
ops_payment_link_button_init (OpsPaymentLinkButton *self)
{
  self->bodies = g_ptr_array_new_with_free_func (g_free);
}

/*
 * Public API
 */

GtkWidget *
ops_payment_link_button_new (OpsServiceLayer         *services,
                             const OpsCustomerDetail *detail,
                             const OpsInvoice        *invoice)
{
  OpsPaymentLinkButton *self;

  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);
  g_return_val_if_fail (detail != NULL, NULL);
  g_return_val_if_fail (invoice != NULL, NULL);

  self = g_object_new (OPS_TYPE_PAYMENT_LINK_BUTTON, NULL);
  self->services = g_object_ref (services);
  self->invoice = g_strdup (invoice->name);
  self->amount = ops_format_money (invoice->outstanding_amount);
  self->mobile = find_mobile (detail);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "mail-send-symbolic");
  gtk_widget_set_tooltip_text (self->menu_button, _("Send a payment link by text message"));
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_valign (self->menu_button, GTK_ALIGN_CENTER);
  self->popover = build_popover (self);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->menu_button), self->popover);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
  gtk_widget_set_name (GTK_WIDGET (self), invoice->name);

  update_state (self);
  return GTK_WIDGET (self);
}

const char *
ops_payment_link_button_get_invoice (OpsPaymentLinkButton *self)
{
  g_return_val_if_fail (OPS_IS_PAYMENT_LINK_BUTTON (self), NULL);
  return self->invoice;
}

const char *
ops_payment_link_button_get_mobile (OpsPaymentLinkButton *self)
{
  g_return_val_if_fail (OPS_IS_PAYMENT_LINK_BUTTON (self), NULL);
  return self->mobile;
}

void
ops_payment_link_button_confirm (OpsPaymentLinkButton *self)
{
  g_return_if_fail (OPS_IS_PAYMENT_LINK_BUTTON (self));
  gtk_menu_button_popup (GTK_MENU_BUTTON (self->menu_button));
}

void
ops_payment_link_button_send (OpsPaymentLinkButton *self)
{
  guint selected;
  const char *sender = g_get_real_name ();

  g_return_if_fail (OPS_IS_PAYMENT_LINK_BUTTON (self));

  if (self->cancellable != NULL)
    return;
  if (self->bodies->len == 0)
    load_templates (self);
  selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->template_dropdown));
  if (selected >= self->bodies->len)
    selected = 0;

  gtk_popover_popdown (GTK_POPOVER (self->popover));
  set_overlay (self, gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY));
  self->cancellable = g_cancellable_new ();
  update_state (self);
  ops_payment_link_send_async (self->services, self->invoice, self->bodies->pdata[selected],
                               sender && g_strcmp0 (sender, "Unknown") != 0 ? sender : g_get_user_name (),
                               self->cancellable, on_sent_cb, g_object_ref (self));
}

gboolean
ops_payment_link_button_is_busy (OpsPaymentLinkButton *self)
{
  g_return_val_if_fail (OPS_IS_PAYMENT_LINK_BUTTON (self), FALSE);
  return self->cancellable != NULL;
}
