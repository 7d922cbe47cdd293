/* ops-sms-notifier.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Listens to "conversations" on the bus: the hub (or the local applier)
 * publishes {"type": "sms", "direction": "Received", "customer", "ticket",
 * "content", …} for each inbound SMS.
 */

#define G_LOG_DOMAIN "OpsSmsNotifier"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-sms-notifier.h"

struct _OpsSmsNotifier
{
  GObject          parent_instance;

  GtkWindow       *window;  /* weak */
  OpsServiceLayer *services;
  gboolean         watching;
};

G_DEFINE_FINAL_TYPE (OpsSmsNotifier, ops_sms_notifier, G_TYPE_OBJECT)

static OpsSmsNotifierSendFunc send_func;
static gpointer send_func_data;

/*
 * Auxiliary methods
 */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
customer_title (OpsSmsNotifier *self,
                const char     *customer,
                const char     *phone)
{
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autoptr(GError) error = NULL;

  if (customer != NULL)
    detail = ops_store_get_customer_detail (ops_service_layer_get_store (self->services), customer, &error);
  if (detail != NULL && detail->customer->customer_name != NULL)
    return g_strdup (detail->customer->customer_name);
  if (customer != NULL)
    return g_strdup (customer);
  if (phone != NULL)
    return g_strdup (phone);
  return g_strdup (_("Unknown sender"));
}

static void
send_sms_notification (OpsSmsNotifier *self,
                       JsonObject     *event)
{
  const char *customer = member_string (event, "customer");
  const char *ticket = member_string (event, "ticket");
  const char *content = member_string (event, "content");
  const char *target = ticket != NULL ? ticket : customer;
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = customer_title (self, customer, member_string (event, "phone"));
  g_autofree char *id = g_strdup_printf ("sms-%s", customer ? customer : target ? target : "unknown");
  GApplication *application = G_APPLICATION (gtk_window_get_application (self->window));

  notification = g_notification_new (title);
  g_notification_set_body (notification, content ? content : "");
  g_notification_set_category (notification, "im.received");
  if (target != NULL)
    g_notification_set_default_action_and_target (notification, "app.open-conversation", "s", target);

  g_debug ("Notifying the SMS of %s", customer ? customer : "an unknown sender");
  if (send_func != NULL)
    send_func (application, id, notification, send_func_data);
  else if (application != NULL)
    g_application_send_notification (application, id, notification);
}

/*
 * Callbacks
 */

static void
on_bus_event_cb (OpsSmsNotifier *self,
                 const char     *topic,
                 JsonNode       *data,
                 OpsEventBus    *bus)
{
  JsonObject *event;

  if (!g_str_equal (topic, "conversations") || data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  event = json_node_get_object (data);
  if (g_strcmp0 (member_string (event, "type"), "sms") != 0 ||
      g_strcmp0 (member_string (event, "direction"), "Received") != 0)
    return;
  if (self->window == NULL || gtk_window_is_active (self->window))
    return;
  send_sms_notification (self, event);
}

/*
 * GObject overrides
 */

static void
ops_sms_notifier_dispose (GObject *object)
{
  OpsSmsNotifier *self = (OpsSmsNotifier *)object;
  OpsHubClient *hub = self->services ? ops_service_layer_get_hub (self->services) : NULL;

  if (hub != NULL && self->watching)
    ops_hub_client_unwatch_topic (hub, "conversations");
  self->watching = FALSE;
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_clear_object (&self->services);
  g_clear_weak_pointer (&self->window);

  G_OBJECT_CLASS (ops_sms_notifier_parent_class)->dispose (object);
}

static void
ops_sms_notifier_class_init (OpsSmsNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ops_sms_notifier_dispose;
}

static void
ops_sms_notifier_init (OpsSmsNotifier *self)
{
}

/*
 * Public API
 */

OpsSmsNotifier *
ops_sms_notifier_new (GtkWindow       *window,
                      OpsServiceLayer *services)
{
  OpsSmsNotifier *self;
  OpsHubClient *hub;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  self = g_object_new (OPS_TYPE_SMS_NOTIFIER, NULL);
  g_set_weak_pointer (&self->window, window);
  self->services = g_object_ref (services);
  g_signal_connect_object (ops_service_layer_get_bus (services), "event",
                           G_CALLBACK (on_bus_event_cb), self, G_CONNECT_SWAPPED);
  if ((hub = ops_service_layer_get_hub (services)) != NULL)
    {
      ops_hub_client_watch_topic (hub, "conversations");
      self->watching = TRUE;
    }
  return self;
}

void
ops_sms_notifier_set_send_func (OpsSmsNotifierSendFunc func,
                                gpointer               user_data)
{
  send_func = func;
  send_func_data = user_data;
}
