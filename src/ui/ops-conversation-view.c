/* ops-conversation-view.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-conversation-view"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-compose-bar.h"
#include "ops-conversation-bubble.h"
#include "ops-conversation-view.h"
#include "ops-conversation.h"
#include "ops-reply-templates.h"
#include "ops-search-query.h"
#include "ops-sms-sender.h"

struct _OpsConversationView
{
  AdwBin             parent_instance;

  GtkScrolledWindow *scroller;
  GtkBox            *thread;
  GtkWidget         *empty_label;
  OpsComposeBar     *compose;

  OpsServiceLayer   *services;
  char              *customer;
  char              *ticket;
  char              *hub_topic;
  char              *to;          /* the customer's mobile in E.164, or NULL */
  char              *first_name;  /* the primary contact's */
  char              *customer_name;
  GHashTable        *values;      /* template values set by the caller */
  GPtrArray         *items;       /* OpsConversationItem, as shown */
  GPtrArray         *rows;        /* the bubble of each item */
  GPtrArray         *children;    /* every widget in the thread */
  GHashTable        *by_name;     /* message name → bubble (borrowed) */
  int                last_day;    /* of the last item shown, 0 = none */
  gboolean           at_bottom;
  guint              refresh_id;
  guint              scroll_tick;
  double             seen_upper;  /* the bounds the reader scrolled in */
  double             seen_page;
};

G_DEFINE_FINAL_TYPE (OpsConversationView, ops_conversation_view, ADW_TYPE_BIN)

G_DEFINE_QUARK (ops-conversation-view-error-quark, ops_conversation_view_error)

static void scroll_to_bottom (OpsConversationView *self);

/*
 * Auxiliary methods
 */

static OpsStore *
get_store (OpsConversationView *self)
{
  return self->services ? ops_service_layer_get_store (self->services) : NULL;
}

static OpsSmsSender *
get_sender (OpsConversationView *self)
{
  return self->services ? ops_service_layer_get_sms_sender (self->services) : NULL;
}

/* Whether delivery is only simulated here (the demo workspace). */
static gboolean
is_simulated (OpsConversationView *self)
{
  return self->services != NULL && ops_service_layer_is_demo (self->services);
}

static void
thread_append (OpsConversationView *self,
               GtkWidget           *widget)
{
  gtk_box_append (self->thread, widget);
  g_ptr_array_add (self->children, widget);
}

static void
append_item (OpsConversationView *self,
             OpsConversationItem *item)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (item->at);
  GtkWidget *bubble;

  if (dt != NULL && ops_conversation_bubble_day_key (dt) != self->last_day)
    {
      thread_append (self, ops_conversation_bubble_day_header_new (dt));
      self->last_day = ops_conversation_bubble_day_key (dt);
    }
  bubble = ops_conversation_bubble_new (item, is_simulated (self), self->customer_name);
  thread_append (self, bubble);
  g_ptr_array_add (self->rows, bubble);
  g_ptr_array_add (self->items, item);
  g_hash_table_replace (self->by_name, item->name, bubble);
}

static void
clear_thread (OpsConversationView *self)
{
  for (guint i = 0; i < self->children->len; i++)
    gtk_box_remove (self->thread, self->children->pdata[i]);
  g_ptr_array_set_size (self->children, 0);
  g_ptr_array_set_size (self->rows, 0);
  g_hash_table_remove_all (self->by_name);
  g_ptr_array_set_size (self->items, 0);
  self->last_day = 0;
}

/* Whether the items shown are the first ones of fresh, in the same order. */
static gboolean
is_prefix (GPtrArray *shown,
           GPtrArray *fresh)
{
  if (shown->len > fresh->len)
    return FALSE;
  for (guint i = 0; i < shown->len; i++)
    {
      const OpsConversationItem *a = shown->pdata[i];
      const OpsConversationItem *b = fresh->pdata[i];

      if (g_strcmp0 (a->name, b->name) != 0 || g_strcmp0 (a->content, b->content) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Reads the thread again and changes only what changed: the status of the
 * messages shown, the messages added at the end; anything else rebuilds. */
static void
refresh (OpsConversationView *self)
{
  g_autoptr(GPtrArray) fresh = NULL;
  g_autoptr(GError) error = NULL;
  OpsStore *store = get_store (self);
  guint shown;

  if (store == NULL || self->customer == NULL)
    {
      clear_thread (self);
      gtk_widget_set_visible (self->empty_label, TRUE);
      return;
    }

  fresh = ops_store_get_conversation (store, self->customer, &error);
  if (fresh == NULL)
    {
      g_warning ("The conversation with %s could not be read: %s", self->customer, error->message);
      return;
    }
  /* The items move to self->items; fresh keeps the ones not taken. */
  g_ptr_array_set_free_func (fresh, NULL);

  if (!is_prefix (self->items, fresh))
    clear_thread (self);

  shown = self->items->len;
  for (guint i = 0; i < fresh->len; i++)
    {
      OpsConversationItem *item = fresh->pdata[i];

      if (i >= shown)
        {
          append_item (self, item);
          continue;
        }
      {
        OpsConversationItem *old = self->items->pdata[i];
        GtkWidget *bubble = self->rows->pdata[i];

        if (g_strcmp0 (old->delivery_status, item->delivery_status) != 0 ||
            old->error_code != item->error_code)
          {
            g_hash_table_remove (self->by_name, old->name);
            self->items->pdata[i] = item;
            ops_conversation_item_free (old);
            g_hash_table_replace (self->by_name, item->name, bubble);
            if (ops_conversation_bubble_has_status (bubble))
              ops_conversation_bubble_update_status (bubble, item, is_simulated (self));
          }
        else
          ops_conversation_item_free (item);
      }
    }
  gtk_widget_set_visible (self->empty_label, self->items->len == 0);
  if (self->at_bottom)
    scroll_to_bottom (self);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  OpsConversationView *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (OpsConversationView *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, refresh_idle_cb, self, NULL);
}

static void
to_bottom (OpsConversationView *self)
{
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (self->scroller);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

/* Once the rows added are laid out, the adjustment knows where the end is. */
static gboolean
scroll_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       data)
{
  OpsConversationView *self = OPS_CONVERSATION_VIEW (widget);

  self->scroll_tick = 0;
  if (self->at_bottom)
    to_bottom (self);
  return G_SOURCE_REMOVE;
}

static void
scroll_to_bottom (OpsConversationView *self)
{
  self->at_bottom = TRUE;
  to_bottom (self);
  if (self->scroll_tick == 0)
    self->scroll_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), scroll_tick_cb, NULL, NULL);
}

/* Reads the customer's contacts: the number SMS go to, the first name the
 * templates use. */
static void
read_contacts (OpsConversationView *self)
{
  OpsStore *store = get_store (self);
  OpsCustomerDetail *detail = NULL;
  OpsContact *primary = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->to, g_free);
  g_clear_pointer (&self->first_name, g_free);
  g_clear_pointer (&self->customer_name, g_free);
  if (store == NULL || self->customer == NULL)
    return;
  detail = ops_store_get_customer_detail (store, self->customer, &error);
  if (detail == NULL)
    return;
  self->customer_name = g_strdup (detail->customer->customer_name);

  for (guint i = 0; i < detail->contacts->len; i++)
    {
      OpsContact *contact = detail->contacts->pdata[i];

      if (primary == NULL || (contact->is_primary && !primary->is_primary))
        primary = contact;
    }
  if (primary != NULL)
    {
      self->first_name = g_strdup (primary->first_name);
      self->to = ops_phone_to_e164 (primary->mobile);
      if (self->to == NULL)
        self->to = ops_phone_to_e164 (primary->phone);
    }
  for (guint i = 0; self->to == NULL && i < detail->contacts->len; i++)
    self->to = ops_phone_to_e164 (((OpsContact *)detail->contacts->pdata[i])->mobile);
  ops_customer_detail_free (detail);
}

/* Why no SMS can be sent to this customer now, or NULL. */
static const char *
blocked_reason (OpsConversationView *self)
{
  OpsSmsSender *sender = get_sender (self);

  if (sender == NULL || !ops_sms_sender_can_send (sender))
    return _("SMS is not configured: set up the hub or Twilio in Preferences");
  if (self->customer != NULL && self->to == NULL)
    return _("This customer has no mobile number: add one to a contact to send SMS");
  return NULL;
}

static void
update_compose (OpsConversationView *self)
{
  ops_compose_bar_set_sms_blocked (self->compose, self->customer ? blocked_reason (self) : _("No customer is open"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->compose), self->customer != NULL);
}

static const char *
user_name (void)
{
  const char *name = g_get_real_name ();

  if (name == NULL || *name == '\0' || g_str_equal (name, "Unknown"))
    name = g_get_user_name ();
  return name;
}

static void
publish_change (OpsConversationView *self,
                const char          *message)
{
  g_autofree char *topic = g_strdup_printf ("customer:%s", self->customer);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "customer");
  json_builder_add_string_value (builder, self->customer);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  ops_event_bus_publish (ops_service_layer_get_bus (self->services), topic, data);
}

static void
watch_hub (OpsConversationView *self,
           const char          *customer)
{
  OpsHubClient *hub = self->services ? ops_service_layer_get_hub (self->services) : NULL;
  g_autofree char *topic = customer ? g_strdup_printf ("customer:%s", customer) : NULL;

  if (g_strcmp0 (topic, self->hub_topic) == 0)
    return;
  if (hub != NULL && self->hub_topic != NULL)
    ops_hub_client_unwatch_topic (hub, self->hub_topic);
  g_free (self->hub_topic);
  self->hub_topic = g_steal_pointer (&topic);
  if (hub != NULL && self->hub_topic != NULL)
    ops_hub_client_watch_topic (hub, self->hub_topic);
}

/*
 * Signal callbacks
 */

static void
on_bus_event_cb (OpsConversationView *self,
                 const char          *topic,
                 JsonNode            *data,
                 OpsEventBus         *bus)
{
  JsonObject *object = data && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;
  const char *customer = object ? json_object_get_string_member_with_default (object, "customer", NULL) : NULL;

  if (self->customer == NULL)
    return;
  if (g_str_has_prefix (topic, "customer:"))
    {
      if (!g_str_equal (topic + strlen ("customer:"), self->customer))
        return;
      /* A contact edited here or in ERPNext may change the number. */
      read_contacts (self);
      update_compose (self);
    }
  else if (g_str_equal (topic, "conversations"))
    {
      if (customer != NULL && !g_str_equal (customer, self->customer))
        return;
    }
  else
    return;
  queue_refresh (self);
}

/* Keeps to the newest message while the reader is there.  Only the
 * reader's scrolling says where they are: a value clamped while the
 * bounds change (rows added, the compose bar growing) does not. */
static void
on_value_changed_cb (OpsConversationView *self,
                     GtkAdjustment       *adj)
{
  double upper = gtk_adjustment_get_upper (adj);
  double page = gtk_adjustment_get_page_size (adj);

  if (upper != self->seen_upper || page != self->seen_page)
    return;
  self->at_bottom = gtk_adjustment_get_value (adj) + page >= upper - 8;
}

static void
on_bounds_changed_cb (OpsConversationView *self,
                      GParamSpec          *pspec,
                      GtkAdjustment       *adj)
{
  self->seen_upper = gtk_adjustment_get_upper (adj);
  self->seen_page = gtk_adjustment_get_page_size (adj);
  if (self->at_bottom)
    to_bottom (self);
}

static void
on_send_cb (OpsConversationView *self)
{
  g_autoptr(GError) error = NULL;

  if (!ops_conversation_view_send (self, &error) &&
      !g_error_matches (error, OPS_CONVERSATION_VIEW_ERROR, OPS_CONVERSATION_VIEW_ERROR_EMPTY))
    ops_compose_bar_set_error (self->compose, error->message);
}

static void
on_template_picked_cb (OpsConversationView *self,
                       const char          *title,
                       const char          *body)
{
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, self->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (values, key, value);
  if (self->first_name != NULL && *self->first_name)
    g_hash_table_insert (values, (gpointer)OPS_TEMPLATE_FIRST_NAME, self->first_name);
  text = ops_template_render (body, values, NULL);
  ops_compose_bar_insert_template (self->compose, text);
}

static void
resend_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OpsConversationView *self = OPS_CONVERSATION_VIEW (widget);
  const char *message = g_variant_get_string (param, NULL);
  g_autoptr(GError) error = NULL;
  OpsStore *store = get_store (self);

  if (store == NULL)
    return;
  if (!ops_store_requeue_sms (store, message, &error))
    {
      ops_compose_bar_set_error (self->compose, error->message);
      return;
    }
  if (get_sender (self) != NULL)
    ops_sms_sender_wake (get_sender (self));
  publish_change (self, message);
  refresh (self);
}

/*
 * GObject overrides
 */

static void
ops_conversation_view_dispose (GObject *object)
{
  OpsConversationView *self = OPS_CONVERSATION_VIEW (object);

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->scroll_tick);
  self->scroll_tick = 0;
  watch_hub (self, NULL);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_clear_object (&self->services);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (ops_conversation_view_parent_class)->dispose (object);
}

static void
ops_conversation_view_finalize (GObject *object)
{
  OpsConversationView *self = OPS_CONVERSATION_VIEW (object);

  g_free (self->customer);
  g_free (self->ticket);
  g_free (self->to);
  g_free (self->first_name);
  g_free (self->customer_name);
  g_hash_table_unref (self->values);

  G_OBJECT_CLASS (ops_conversation_view_parent_class)->finalize (object);
}

static void
ops_conversation_view_class_init (OpsConversationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_conversation_view_dispose;
  object_class->finalize = ops_conversation_view_finalize;

  gtk_widget_class_set_css_name (widget_class, "conversationview");
  gtk_widget_class_install_action (widget_class, "conversation.resend", "s", resend_action);
}

static void
ops_conversation_view_init (OpsConversationView *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *thread_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkAdjustment *adj;

  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_conversation_item_free);
  self->rows = g_ptr_array_new ();
  self->children = g_ptr_array_new ();
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->at_bottom = TRUE;

  self->thread = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  gtk_widget_add_css_class (GTK_WIDGET (self->thread), "conversation-thread");

  self->empty_label = gtk_label_new (_("No messages with this customer yet"));
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_vexpand (self->empty_label, TRUE);
  gtk_widget_set_valign (self->empty_label, GTK_ALIGN_CENTER);

  gtk_widget_set_margin_start (thread_box, 12);
  gtk_widget_set_margin_end (thread_box, 12);
  gtk_widget_set_margin_top (thread_box, 6);
  gtk_widget_set_margin_bottom (thread_box, 12);
  gtk_widget_set_valign (thread_box, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (thread_box), self->empty_label);
  gtk_box_append (GTK_BOX (thread_box), GTK_WIDGET (self->thread));

  self->scroller = GTK_SCROLLED_WINDOW (gtk_scrolled_window_new ());
  gtk_scrolled_window_set_policy (self->scroller, GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (GTK_WIDGET (self->scroller), TRUE);
  gtk_scrolled_window_set_child (self->scroller, thread_box);
  adj = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adj, "value-changed", G_CALLBACK (on_value_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "notify::upper", G_CALLBACK (on_bounds_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adj, "notify::page-size", G_CALLBACK (on_bounds_changed_cb), self, G_CONNECT_SWAPPED);

  self->compose = OPS_COMPOSE_BAR (ops_compose_bar_new ());
  gtk_widget_set_margin_start (GTK_WIDGET (self->compose), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->compose), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->compose), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->compose), 6);
  g_signal_connect_object (self->compose, "send", G_CALLBACK (on_send_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->compose, "template-picked", G_CALLBACK (on_template_picked_cb), self, G_CONNECT_SWAPPED);

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->scroller));
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->compose));
  adw_bin_set_child (ADW_BIN (self), box);

  update_compose (self);
}

/*
 * Public API
 */

GtkWidget *
ops_conversation_view_new (void)
{
  return g_object_new (OPS_TYPE_CONVERSATION_VIEW, NULL);
}

/**
 * ops_conversation_view_set_services:
 * @services: (nullable): where the thread is read and replies go
 */
void
ops_conversation_view_set_services (OpsConversationView *self,
                                    OpsServiceLayer     *services)
{
  g_autofree char *customer = NULL;

  g_return_if_fail (OPS_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (services == NULL || OPS_IS_SERVICE_LAYER (services));

  if (self->services == services)
    return;

  customer = g_strdup (self->customer);
  watch_hub (self, NULL);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_set_object (&self->services, services);
  if (services != NULL)
    g_signal_connect_object (ops_service_layer_get_bus (services), "event",
                             G_CALLBACK (on_bus_event_cb), self, G_CONNECT_SWAPPED);
  ops_compose_bar_set_store (self->compose, get_store (self));
  clear_thread (self);
  watch_hub (self, customer);
  read_contacts (self);
  refresh (self);
  update_compose (self);
}

/**
 * ops_conversation_view_set_customer:
 * @customer: (nullable): the customer's name, %NULL to show none
 * @ticket: (nullable): the ticket replies belong to
 *
 * Shows the customer's whole thread, scrolled to the newest message.  The
 * compose bar keeps what was typed only when the customer stays the same.
 */
void
ops_conversation_view_set_customer (OpsConversationView *self,
                                    const char          *customer,
                                    const char          *ticket)
{
  gboolean same;

  g_return_if_fail (OPS_IS_CONVERSATION_VIEW (self));

  same = g_strcmp0 (customer, self->customer) == 0;
  g_free (self->ticket);
  self->ticket = g_strdup (ticket);
  if (same)
    {
      refresh (self);
      return;
    }

  g_free (self->customer);
  self->customer = g_strdup (customer);
  watch_hub (self, customer);
  clear_thread (self);
  ops_compose_bar_set_text (self->compose, NULL);
  ops_compose_bar_set_error (self->compose, NULL);
  ops_compose_bar_set_note (self->compose, FALSE);
  read_contacts (self);
  refresh (self);
  update_compose (self);
  scroll_to_bottom (self);
}

const char *
ops_conversation_view_get_customer (OpsConversationView *self)
{
  g_return_val_if_fail (OPS_IS_CONVERSATION_VIEW (self), NULL);

  return self->customer;
}

/**
 * ops_conversation_view_set_template_value:
 * @value: (nullable): %NULL or "" forgets it
 */
void
ops_conversation_view_set_template_value (OpsConversationView *self,
                                          const char          *name,
                                          const char          *value)
{
  g_return_if_fail (OPS_IS_CONVERSATION_VIEW (self));
  g_return_if_fail (name != NULL);

  if (value == NULL || *value == '\0')
    g_hash_table_remove (self->values, name);
  else
    g_hash_table_replace (self->values, g_strdup (name), g_strdup (value));
}

void
ops_conversation_view_focus_compose (OpsConversationView *self)
{
  g_return_if_fail (OPS_IS_CONVERSATION_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (ops_compose_bar_get_text_view (self->compose)));
}

GtkWidget *
ops_conversation_view_get_compose (OpsConversationView *self)
{
  g_return_val_if_fail (OPS_IS_CONVERSATION_VIEW (self), NULL);

  return GTK_WIDGET (ops_compose_bar_get_text_view (self->compose));
}

guint
ops_conversation_view_get_n_items (OpsConversationView *self)
{
  g_return_val_if_fail (OPS_IS_CONVERSATION_VIEW (self), 0);

  return self->items->len;
}

/**
 * ops_conversation_view_send:
 *
 * Sends what the compose bar holds: an SMS queued for the customer's
 * mobile, or an internal note when the Note toggle is on.  The text is
 * cleared only once it is stored.
 */
gboolean
ops_conversation_view_send (OpsConversationView *self,
                            GError             **error)
{
  g_autofree char *text = NULL;
  g_autofree char *message = NULL;
  g_autofree char *trimmed = NULL;
  g_auto(GStrv) missing = NULL;
  OpsStore *store;
  const char *blocked;
  gboolean note;

  g_return_val_if_fail (OPS_IS_CONVERSATION_VIEW (self), FALSE);

  store = get_store (self);
  if (store == NULL || self->customer == NULL)
    {
      g_set_error_literal (error, OPS_CONVERSATION_VIEW_ERROR, OPS_CONVERSATION_VIEW_ERROR_NO_CUSTOMER,
                           _("Open a customer before writing to them."));
      return FALSE;
    }

  text = ops_compose_bar_get_text (self->compose);
  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, OPS_CONVERSATION_VIEW_ERROR, OPS_CONVERSATION_VIEW_ERROR_EMPTY,
                           _("Type a message first."));
      return FALSE;
    }

  missing = ops_compose_bar_get_missing (self->compose);
  if (missing[0] != NULL)
    {
      g_set_error (error, OPS_CONVERSATION_VIEW_ERROR, OPS_CONVERSATION_VIEW_ERROR_PLACEHOLDERS,
                   _("Fill in {%s} before sending."), missing[0]);
      return FALSE;
    }

  note = ops_compose_bar_get_note (self->compose);
  if (note)
    message = ops_store_add_note (store, self->customer, self->ticket, trimmed, user_name (), error);
  else
    {
      blocked = blocked_reason (self);
      if (blocked != NULL)
        {
          g_set_error_literal (error, OPS_CONVERSATION_VIEW_ERROR,
                               self->to == NULL && get_sender (self) != NULL && ops_sms_sender_can_send (get_sender (self))
                                 ? OPS_CONVERSATION_VIEW_ERROR_NO_NUMBER
                                 : OPS_CONVERSATION_VIEW_ERROR_NOT_CONFIGURED,
                               blocked);
          return FALSE;
        }
      message = ops_store_queue_sms (store, self->customer, self->ticket, self->to, trimmed, user_name (), error);
    }
  if (message == NULL)
    return FALSE;

  ops_compose_bar_set_text (self->compose, NULL);
  ops_compose_bar_set_error (self->compose, NULL);
  if (!note && get_sender (self) != NULL)
    ops_sms_sender_wake (get_sender (self));
  publish_change (self, message);
  refresh (self);
  scroll_to_bottom (self);
  return TRUE;
}

GtkWidget *
ops_conversation_view_get_compose_bar (OpsConversationView *self)
{
  g_return_val_if_fail (OPS_IS_CONVERSATION_VIEW (self), NULL);

  return GTK_WIDGET (self->compose);
}

/**
 * ops_conversation_view_get_bubble:
 *
 * Returns: (transfer none) (nullable): the widget that shows message
 */
GtkWidget *
ops_conversation_view_get_bubble (OpsConversationView *self,
                                  const char          *message)
{
  g_return_val_if_fail (OPS_IS_CONVERSATION_VIEW (self), NULL);

  return g_hash_table_lookup (self->by_name, message);
}

/**
 * ops_conversation_view_get_status:
 *
 * Returns: (nullable): the delivery status the bubble of message shows,
 *   "" for one that has none, %NULL when it is not shown
 */
const char *
ops_conversation_view_get_status (OpsConversationView *self,
                                  const char          *message)
{
  GtkWidget *bubble;

  g_return_val_if_fail (OPS_IS_CONVERSATION_VIEW (self), NULL);

  bubble = g_hash_table_lookup (self->by_name, message);
  if (bubble == NULL)
    return NULL;
  return ops_conversation_bubble_get_status (bubble);
}
