/* ops-event-bus.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-event-bus"

#include "config.h"

#include <string.h>

#include "ops-event-bus.h"

struct _OpsEventBus
{
  GObject       parent_instance;
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (OpsEventBus, ops_event_bus, G_TYPE_OBJECT)

enum {
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  OpsEventBus *bus;
  char        *topic;
  JsonNode    *data;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->bus);
  g_free (pending->topic);
  g_clear_pointer (&pending->data, json_node_unref);
  g_free (pending);
}

static gboolean
emit_pending (gpointer data)
{
  Pending *pending = data;

  g_signal_emit (pending->bus, signals[EVENT], 0, pending->topic, pending->data);
  return G_SOURCE_REMOVE;
}

static void
ops_event_bus_finalize (GObject *object)
{
  OpsEventBus *self = OPS_EVENT_BUS (object);

  g_main_context_unref (self->context);

  G_OBJECT_CLASS (ops_event_bus_parent_class)->finalize (object);
}

static void
ops_event_bus_class_init (OpsEventBusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ops_event_bus_finalize;

  /**
   * OpsEventBus::event:
   * @topic: the topic, e.g. "customer:C0001"
   * @data: (nullable): a JsonNode
   *
   * Emitted in the main context the bus was created in.
   */
  signals[EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, JSON_TYPE_NODE);
}

static void
ops_event_bus_init (OpsEventBus *self)
{
  self->context = g_main_context_ref_thread_default ();
}

OpsEventBus *
ops_event_bus_new (void)
{
  return g_object_new (OPS_TYPE_EVENT_BUS, NULL);
}

void
ops_event_bus_publish (OpsEventBus *self,
                       const char  *topic,
                       JsonNode    *data)
{
  Pending *pending;

  g_return_if_fail (OPS_IS_EVENT_BUS (self));
  g_return_if_fail (topic != NULL);

  pending = g_new0 (Pending, 1);
  pending->bus = g_object_ref (self);
  pending->topic = g_strdup (topic);
  pending->data = data ? json_node_copy (data) : NULL;

  g_debug ("publish %s", topic);

  /* Handlers touch main-thread state: never run them in the publisher's
   * thread. */
  ops_main_context_dispatch (self->context, emit_pending, pending, pending_free);
}

gboolean
ops_event_topic_matches (const char *pattern,
                         const char *topic)
{
  gsize len;

  g_return_val_if_fail (pattern != NULL, FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  if (g_str_equal (pattern, topic))
    return TRUE;

  len = strlen (pattern);
  if (len == 0)
    return FALSE;
  if (pattern[len - 1] == '*')
    return strncmp (pattern, topic, len - 1) == 0;
  if (pattern[len - 1] == ':')
    return strncmp (pattern, topic, len) == 0;
  return FALSE;
}

void
ops_main_context_dispatch (GMainContext   *context,
                           GSourceFunc     func,
                           gpointer        data,
                           GDestroyNotify  notify)
{
  g_autoptr(GSource) source = NULL;

  g_return_if_fail (func != NULL);

  if (g_main_context_is_owner (context))
    {
      func (data);
      if (notify != NULL)
        notify (data);
      return;
    }

  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, notify);
  g_source_set_static_name (source, "[ops] dispatch");
  g_source_attach (source, context);
}
