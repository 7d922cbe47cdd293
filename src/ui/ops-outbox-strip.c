/* ops-outbox-strip.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The top of a customer's page when some of its changes have not reached
 * ERPNext: each refused change with ERPNext's message and Retry / Edit /
 * Discard, and a quiet line for the changes still waiting.
 */

#define G_LOG_DOMAIN "OpsOutboxStrip"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-outbox-actions.h"
#include "ops-outbox-strip.h"
#include "ops-outbox.h"
#include "ops-status-text.h"

struct _OpsOutboxStrip
{
  GtkWidget        parent_instance;

  GtkWidget       *box;

  OpsServiceLayer *services;
  char            *customer;
  GStrv            contacts;
  guint            n_failed;
  guint            n_pending;
};

G_DEFINE_FINAL_TYPE (OpsOutboxStrip, ops_outbox_strip, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

static GtkWidget *
action_button_new (const char *label,
                   const char *action,
                   gint64      id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "x", id);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  return button;
}

static GtkWidget *
failed_card_new (OpsOutboxEntry *entry,
                 GDateTime      *now)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *message;
  GtkWidget *details;
  g_autofree char *message_text = NULL;
  g_autofree char *age = ops_format_iso_age (entry->created_at, now);
  g_autofree char *details_text = NULL;
  const char *summary = entry->summary && *entry->summary ? entry->summary : entry->docname;

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "outbox-strip");
  gtk_widget_add_css_class (card, "failed");

  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_add_css_class (icon, "error");
  gtk_box_append (GTK_BOX (card), icon);

  message_text = g_strdup_printf (_("ERPNext refused a change: %s"),
                                  entry->last_error && *entry->last_error ? entry->last_error
                                                                          : _("no reason given"));
  message = gtk_label_new (message_text);
  gtk_widget_set_name (message, "message");
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (message), TRUE);
  gtk_widget_add_css_class (message, "heading");

  if (age != NULL)
    /* TRANSLATORS: "Notes and flags of C0001 · made 5 min ago" */
    details_text = g_strdup_printf (_("%s · made %s"), summary, age);
  details = gtk_label_new (details_text ? details_text : summary);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), message);
  gtk_box_append (GTK_BOX (texts), details);
  gtk_box_append (GTK_BOX (card), texts);

  gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (buttons), action_button_new (_("_Retry"), "strip.retry", entry->id));
  gtk_box_append (GTK_BOX (buttons), action_button_new (_("_Edit…"), "strip.edit", entry->id));
  gtk_box_append (GTK_BOX (buttons), action_button_new (_("_Discard…"), "strip.discard", entry->id));
  gtk_box_append (GTK_BOX (card), buttons);

  return card;
}

static GtkWidget *
pending_line_new (guint n_pending)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *icon = gtk_image_new_from_icon_name ("mail-send-symbolic");
  GtkWidget *label;
  GtkWidget *button;
  g_autofree char *text = NULL;

  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change waiting to be sent",
                                       "%u changes waiting to be sent", n_pending),
                          n_pending);
  label = gtk_label_new (text);
  gtk_widget_set_name (label, "pending");
  gtk_label_set_xalign (GTK_LABEL (label), 0);

  button = gtk_button_new_with_mnemonic (_("_Pending Changes…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-outbox");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);

  gtk_widget_add_css_class (line, "outbox-strip");
  gtk_widget_add_css_class (line, "pending");
  gtk_widget_add_css_class (line, "dim-label");
  gtk_box_append (GTK_BOX (line), icon);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), button);
  return line;
}

static void
collect (OpsOutboxStrip *self,
         GPtrArray      *into,
         const char     *doctype,
         const char     *docname)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;

  entries = ops_outbox_list (ops_service_layer_get_store (self->services), doctype, docname, &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the outbox: %s", error->message);
      return;
    }
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (into, g_steal_pointer (&entries->pdata[i]));
}

/*
 * Callbacks
 */

static void
on_bus_event_cb (OpsOutboxStrip *self,
                 const char     *topic,
                 JsonNode       *data,
                 OpsEventBus    *bus)
{
  if (g_str_equal (topic, "outbox"))
    ops_outbox_strip_refresh (self);
}

/*
 * Actions
 */

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  OpsOutboxStrip *self = OPS_OUTBOX_STRIP (widget);

  if (self->services == NULL)
    return;
  ops_outbox_actions_retry (widget, self->services, g_variant_get_int64 (param));
  ops_outbox_strip_refresh (self);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsOutboxStrip *self = OPS_OUTBOX_STRIP (widget);

  if (self->services != NULL)
    ops_outbox_actions_edit (widget, self->services, g_variant_get_int64 (param));
}

static void
discard_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  OpsOutboxStrip *self = OPS_OUTBOX_STRIP (widget);

  if (self->services != NULL)
    ops_outbox_actions_discard (widget, self->services, g_variant_get_int64 (param));
}

/*
 * GObject overrides
 */

static void
ops_outbox_strip_dispose (GObject *object)
{
  OpsOutboxStrip *self = (OpsOutboxStrip *)object;

  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_clear_object (&self->services);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (ops_outbox_strip_parent_class)->dispose (object);
}

static void
ops_outbox_strip_finalize (GObject *object)
{
  OpsOutboxStrip *self = (OpsOutboxStrip *)object;

  g_free (self->customer);
  g_strfreev (self->contacts);

  G_OBJECT_CLASS (ops_outbox_strip_parent_class)->finalize (object);
}

static void
ops_outbox_strip_class_init (OpsOutboxStripClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_outbox_strip_dispose;
  object_class->finalize = ops_outbox_strip_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "outboxstrip");

  gtk_widget_class_install_action (widget_class, "strip.retry", "x", retry_action);
  gtk_widget_class_install_action (widget_class, "strip.edit", "x", edit_action);
  gtk_widget_class_install_action (widget_class, "strip.discard", "x", discard_action);
}

static void
ops_outbox_strip_init (OpsOutboxStrip *self)
{
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

/*
 * Public API
 */

void
ops_outbox_strip_set_services (OpsOutboxStrip  *self,
                               OpsServiceLayer *services)
{
  g_return_if_fail (OPS_IS_OUTBOX_STRIP (self));
  g_return_if_fail (services == NULL || OPS_IS_SERVICE_LAYER (services));

  if (self->services == services)
    return;

  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_set_object (&self->services, services);
  if (services != NULL)
    g_signal_connect_object (ops_service_layer_get_bus (services), "event",
                             G_CALLBACK (on_bus_event_cb), self, G_CONNECT_SWAPPED);
  ops_outbox_strip_refresh (self);
}

/**
 * ops_outbox_strip_set_documents:
 * @customer: (nullable): the customer's name, %NULL to show nothing
 * @contacts: (nullable) (array zero-terminated=1): the names of its contacts
 */
void
ops_outbox_strip_set_documents (OpsOutboxStrip    *self,
                                const char        *customer,
                                const char *const *contacts)
{
  g_return_if_fail (OPS_IS_OUTBOX_STRIP (self));

  g_free (self->customer);
  self->customer = g_strdup (customer);
  g_strfreev (self->contacts);
  self->contacts = g_strdupv ((char **)contacts);
  ops_outbox_strip_refresh (self);
}

void
ops_outbox_strip_refresh (OpsOutboxStrip *self)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_outbox_entry_free);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GtkWidget *child;

  g_return_if_fail (OPS_IS_OUTBOX_STRIP (self));

  while ((child = gtk_widget_get_first_child (self->box)))
    gtk_box_remove (GTK_BOX (self->box), child);
  self->n_failed = self->n_pending = 0;

  if (self->services != NULL && self->customer != NULL)
    {
      collect (self, entries, "Customer", self->customer);
      for (guint i = 0; self->contacts != NULL && self->contacts[i] != NULL; i++)
        collect (self, entries, "Contact", self->contacts[i]);
    }

  for (guint i = 0; i < entries->len; i++)
    {
      OpsOutboxEntry *entry = entries->pdata[i];

      if (entry->state == OPS_OUTBOX_FAILED)
        {
          gtk_box_append (GTK_BOX (self->box), failed_card_new (entry, now));
          self->n_failed++;
        }
      else
        self->n_pending++;
    }
  if (self->n_pending > 0)
    gtk_box_append (GTK_BOX (self->box), pending_line_new (self->n_pending));

  gtk_widget_set_visible (GTK_WIDGET (self), entries->len > 0);
}

guint
ops_outbox_strip_get_n_failed (OpsOutboxStrip *self)
{
  g_return_val_if_fail (OPS_IS_OUTBOX_STRIP (self), 0);

  return self->n_failed;
}

guint
ops_outbox_strip_get_n_pending (OpsOutboxStrip *self)
{
  g_return_val_if_fail (OPS_IS_OUTBOX_STRIP (self), 0);

  return self->n_pending;
}
