/* ops-conversation-bubble.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-conversation-bubble"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-conversation-bubble.h"
#include "ops-sms-sender.h"

/*
 * Auxiliary methods
 */

static char *
day_title (GDateTime *dt)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  int key = ops_conversation_bubble_day_key (dt);

  if (key == ops_conversation_bubble_day_key (now))
    return g_strdup (_("Today"));
  if (key == ops_conversation_bubble_day_key (yesterday))
    return g_strdup (_("Yesterday"));
  if (g_date_time_get_year (dt) == g_date_time_get_year (now))
    /* TRANSLATORS: a day header in a conversation, see g_date_time_format() */
    return g_date_time_format (dt, _("%A %-d %B"));
  /* TRANSLATORS: a day header of an earlier year, see g_date_time_format() */
  return g_date_time_format (dt, _("%A %-d %B %Y"));
}

static gboolean
is_failure (const char *status)
{
  return g_strcmp0 (status, "failed") == 0 || g_strcmp0 (status, "undelivered") == 0 ||
         g_strcmp0 (status, "canceled") == 0;
}

static GtkWidget *
label_new (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
tick_new (void)
{
  GtkWidget *image = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
  return image;
}

/* A message the customer sent from a phone number: the CSR reads a name. */
static gboolean
is_customer_number (const OpsConversationItem *item,
                    const char                *customer_name)
{
  return !item->outbound && customer_name != NULL && *customer_name != '\0' &&
         item->sender != NULL && (item->sender[0] == '+' || g_ascii_isdigit (item->sender[0]));
}

static char *
byline (const OpsConversationItem *item,
        const char                *customer_name)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (item->at);
  g_autofree char *time = dt ? g_date_time_format (dt, "%H:%M") : g_strdup ("");
  const char *sender = is_customer_number (item, customer_name)
                       ? customer_name : item->sender && *item->sender ? item->sender : NULL;

  if (sender == NULL)
    return g_steal_pointer (&time);
  return g_strdup_printf ("%s · %s", sender, time);
}

static GtkWidget *
icon_line (const char *icon,
           GtkWidget  *label)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *image = gtk_image_new_from_icon_name (icon);

  gtk_widget_set_valign (image, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), image);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

/*
 * Public API
 */

int
ops_conversation_bubble_day_key (GDateTime *dt)
{
  return g_date_time_get_year (dt) * 10000 + g_date_time_get_month (dt) * 100 +
         g_date_time_get_day_of_month (dt);
}

GtkWidget *
ops_conversation_bubble_day_header_new (GDateTime *dt)
{
  g_autofree char *title = NULL;
  GtkWidget *header;

  g_return_val_if_fail (dt != NULL, NULL);

  title = day_title (dt);
  header = gtk_label_new (title);
  gtk_widget_add_css_class (header, "day-header");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_add_css_class (header, "caption-heading");
  gtk_widget_set_margin_top (header, 12);
  return header;
}

/**
 * ops_conversation_bubble_new:
 * @item: the message shown
 * @simulated: whether a delivery state is tagged Simulated
 *
 * Returns: (transfer floating): the bubble of @item
 */
GtkWidget *
ops_conversation_bubble_new (const OpsConversationItem *item,
                             gboolean                   simulated,
                             const char                *customer_name)
{
  GtkWidget *bubble;
  g_autofree char *by = NULL;
  GtkWidget *content;
  GtkWidget *meta = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  bubble = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  by = byline (item, customer_name);
  content = label_new (item->content ? item->content : "", "message-text");
  gtk_label_set_selectable (GTK_LABEL (content), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (content), 60);
  if (item->kind != OPS_CONVERSATION_CALL)
    {
      meta = label_new (by, "caption");
      gtk_widget_add_css_class (meta, "dim-label");
      gtk_widget_set_name (meta, "byline");
      if (is_customer_number (item, customer_name))
        gtk_widget_set_tooltip_text (meta, item->sender);
    }
  gtk_widget_add_css_class (bubble, "message-bubble");
  gtk_widget_add_css_class (bubble, item->outbound ? "outbound" : "inbound");
  gtk_widget_set_halign (bubble, item->outbound ? GTK_ALIGN_END : GTK_ALIGN_START);
  gtk_widget_set_margin_start (bubble, item->outbound ? 48 : 0);
  gtk_widget_set_margin_end (bubble, item->outbound ? 0 : 48);
  g_object_set_data_full (G_OBJECT (bubble), "message", g_strdup (item->name), g_free);

  switch (item->kind)
    {
    case OPS_CONVERSATION_NOTE:
      {
        GtkWidget *title = label_new (_("Internal note — not sent"), "heading");

        gtk_widget_add_css_class (bubble, "note");
        gtk_box_append (GTK_BOX (bubble), icon_line ("changes-prevent-symbolic", title));
        gtk_box_append (GTK_BOX (bubble), content);
        gtk_box_append (GTK_BOX (bubble), meta);
      }
      break;

    case OPS_CONVERSATION_CALL:
      {
        g_autofree char *line = g_strdup_printf ("%s — %s", by, item->content ? item->content : "");

        gtk_widget_add_css_class (bubble, "call");
        gtk_label_set_label (GTK_LABEL (content), line);
        gtk_widget_add_css_class (content, "dim-label");
        gtk_box_append (GTK_BOX (bubble),
                        icon_line (item->outbound ? "call-outgoing-symbolic" : "call-incoming-symbolic", content));
      }
      break;

    case OPS_CONVERSATION_EMAIL:
      gtk_widget_add_css_class (bubble, "email");
      gtk_box_append (GTK_BOX (bubble), meta);
      gtk_box_append (GTK_BOX (bubble), icon_line ("mail-unread-symbolic", content));
      break;

    case OPS_CONVERSATION_SMS:
    default:
      gtk_widget_add_css_class (bubble, "sms");
      gtk_box_append (GTK_BOX (bubble), meta);
      gtk_box_append (GTK_BOX (bubble), content);
      if (item->outbound)
        {
          GtkWidget *status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

          gtk_widget_set_halign (status, GTK_ALIGN_END);
          gtk_widget_add_css_class (status, "delivery");
          gtk_box_append (GTK_BOX (bubble), status);
          g_object_set_data (G_OBJECT (bubble), "status-box", status);
          ops_conversation_bubble_update_status (bubble, item, simulated);
        }
      break;
    }
  return bubble;
}

gboolean
ops_conversation_bubble_has_status (GtkWidget *bubble)
{
  g_return_val_if_fail (GTK_IS_WIDGET (bubble), FALSE);

  return g_object_get_data (G_OBJECT (bubble), "status-box") != NULL;
}

/**
 * ops_conversation_bubble_update_status:
 * @bubble: a bubble that has a delivery state
 * @item: the message, as read again
 * @simulated: whether the state is tagged Simulated
 *
 * Fills the line under an outbound SMS: its delivery state, and what to do
 * when it failed.
 */
void
ops_conversation_bubble_update_status (GtkWidget                 *bubble,
                                       const OpsConversationItem *item,
                                       gboolean                   simulated)
{
  GtkWidget *box;
  const char *status;
  GtkWidget *child;
  GtkWidget *icons;
  GtkWidget *label;
  g_autofree char *text = NULL;
  const char *icon = NULL;
  guint ticks = 0;

  g_return_if_fail (ops_conversation_bubble_has_status (bubble));
  g_return_if_fail (item != NULL);

  box = g_object_get_data (G_OBJECT (bubble), "status-box");
  status = item->delivery_status ? item->delivery_status : "";
  icons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  while ((child = gtk_widget_get_first_child (box)) != NULL)
    gtk_box_remove (GTK_BOX (box), child);
  g_object_set_data_full (G_OBJECT (bubble), "status", g_strdup (status), g_free);
  gtk_widget_remove_css_class (bubble, "failed");

  if (is_failure (status))
    {
      g_autofree char *reason = ops_sms_error_describe (item->error_code);

      icon = "dialog-error-symbolic";
      text = g_strdup_printf (_("Not delivered: %s"),
                              reason ? reason : _("the carrier gave no reason"));
      gtk_widget_add_css_class (bubble, "failed");
    }
  else if (g_strcmp0 (status, "delivered") == 0 || g_strcmp0 (status, "read") == 0)
    {
      ticks = 2;
      text = g_strdup (_("Delivered"));
    }
  else if (g_strcmp0 (status, "sent") == 0 || g_strcmp0 (status, "simulated") == 0)
    {
      ticks = 1;
      text = g_strdup (_("Sent"));
    }
  else if (g_strcmp0 (status, "sending") == 0)
    {
      icon = "document-open-recent-symbolic";
      text = g_strdup (_("Sending…"));
    }
  else
    {
      icon = "document-open-recent-symbolic";
      text = g_strdup (_("Waiting to send"));
    }

  if (icon != NULL)
    {
      GtkWidget *image = gtk_image_new_from_icon_name (icon);

      gtk_image_set_pixel_size (GTK_IMAGE (image), 12);
      gtk_box_append (GTK_BOX (icons), image);
    }
  for (guint i = 0; i < ticks; i++)
    {
      GtkWidget *tick = tick_new ();

      gtk_box_append (GTK_BOX (icons), tick);
    }
  gtk_box_append (GTK_BOX (box), icons);

  label = label_new (text, "caption");
  gtk_widget_set_name (label, "delivery-status");
  gtk_box_append (GTK_BOX (box), label);

  if (simulated)
    {
      GtkWidget *tag = gtk_label_new (_("Simulated"));

      gtk_widget_set_name (tag, "simulated-tag");
      gtk_widget_add_css_class (tag, "sms-simulated");
      gtk_widget_add_css_class (tag, "caption");
      gtk_widget_set_tooltip_text (tag, _("The demo workspace sends nothing: delivery is simulated"));
      gtk_box_append (GTK_BOX (box), tag);
    }

  if (is_failure (status))
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Resend"));

      gtk_widget_set_name (button, "resend");
      gtk_widget_add_css_class (button, "pill");
      gtk_widget_add_css_class (button, "small");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "conversation.resend");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", item->name);
      gtk_box_append (GTK_BOX (box), button);
    }
}

/**
 * ops_conversation_bubble_get_status:
 *
 * Returns: the delivery status @bubble shows, "" for one that has none
 */
const char *
ops_conversation_bubble_get_status (GtkWidget *bubble)
{
  const char *status;

  g_return_val_if_fail (GTK_IS_WIDGET (bubble), NULL);

  status = g_object_get_data (G_OBJECT (bubble), "status");
  return status ? status : "";
}
