/* ops-event-ring.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recent events of each topic, formatted, with their ids, so that a
 * client reconnecting with Last-Event-ID gets what it missed.  Bounded
 * three ways: events per topic, bytes in all, and topics remembered.  A
 * replay that would miss an event no longer kept says so, and the client
 * is told to refetch ("resync") rather than given a partial history.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _OpsEventRing OpsEventRing;

/* base_id: the id before the first event this ring will hold; an id below
 * it comes from before (another run of the server) and cannot be replayed. */
OpsEventRing *ops_event_ring_new          (guint                per_topic,
                                           gsize                max_bytes,
                                           guint                max_topics,
                                           guint64              base_id);
void          ops_event_ring_free         (OpsEventRing        *self);
/* Keeps frame (a reference) as the event id of topic; id is above every id
 * appended before. */
void          ops_event_ring_append       (OpsEventRing        *self,
                                           const char          *topic,
                                           guint64              id,
                                           GBytes              *frame);
/* Appends to frames (references, in id order) the events after after_id on
 * the topics matching one of patterns (ops_event_topic_matches()).  FALSE,
 * with frames untouched, when some of them are no longer kept, or when
 * after_id is not one of this ring's ids: the client must resync. */
gboolean      ops_event_ring_replay       (OpsEventRing        *self,
                                           const char * const  *patterns,
                                           guint64              after_id,
                                           GPtrArray           *frames);
guint64       ops_event_ring_get_last_id  (OpsEventRing        *self);
gsize         ops_event_ring_get_bytes    (OpsEventRing        *self);
guint         ops_event_ring_get_n_events (OpsEventRing        *self);
guint         ops_event_ring_get_n_topics (OpsEventRing        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsEventRing, ops_event_ring_free)

G_END_DECLS
