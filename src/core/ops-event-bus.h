/* ops-event-bus.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Topic events ("dispatch", "conversations", "customer:<name>",
 * "device:<id>", "outbox", "sync") published from any thread and emitted
 * as the "event" signal in the main context the bus was created in.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OPS_TYPE_EVENT_BUS (ops_event_bus_get_type ())

G_DECLARE_FINAL_TYPE (OpsEventBus, ops_event_bus, OPS, EVENT_BUS, GObject)

OpsEventBus *ops_event_bus_new      (void);
/* data may be NULL; it is copied.  Thread-safe. */
void         ops_event_bus_publish  (OpsEventBus *self,
                                     const char  *topic,
                                     JsonNode    *data);
/* TRUE when topic is pattern, or pattern ends with ':' or '*' and topic
 * starts with what precedes it ("customer:*" matches "customer:C0001"). */
gboolean     ops_event_topic_matches (const char *pattern,
                                      const char *topic);

/* Runs func in context's thread: at once when the caller owns context,
 * otherwise from an idle source attached to it, never in the calling
 * thread (unlike g_main_context_invoke (), which runs it in the caller
 * when nobody iterates the context). */
void         ops_main_context_dispatch (GMainContext  *context,
                                        GSourceFunc    func,
                                        gpointer       data,
                                        GDestroyNotify notify);

G_END_DECLS
