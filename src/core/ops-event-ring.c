/* ops-event-ring.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each event is linked twice: in its topic's queue (for the per-topic
 * bound and for replay) and in one queue of all events, oldest first (for
 * the byte bound).  Topics are kept in the order they last received an
 * event, so the quietest one is forgotten first.  Every eviction raises a
 * watermark: the newest id a replay can no longer give.
 */

#define G_LOG_DOMAIN "ops-event-ring"

#include "config.h"

#include "ops-event-bus.h"
#include "ops-event-ring.h"

typedef struct _Topic Topic;

typedef struct
{
  GList    topic_link;    /* in Topic.entries; data = the entry */
  GList    global_link;   /* in OpsEventRing.entries */
  Topic   *topic;
  guint64  id;
  GBytes  *frame;
} Entry;

struct _Topic
{
  GList    lru_link;      /* in OpsEventRing.lru; data = the topic */
  char    *name;
  GQueue   entries;       /* oldest first */
  guint64  evicted;       /* newest id of this topic no longer kept */
};

struct _OpsEventRing
{
  GHashTable *topics;     /* name -> Topic */
  GQueue      lru;        /* Topic, least recently appended first */
  GQueue      entries;    /* Entry, oldest first */
  guint       per_topic;
  gsize       max_bytes;
  guint       max_topics;
  gsize       bytes;
  guint64     base_id;
  guint64     last_id;
  guint64     forgotten;  /* newest id of the topics forgotten */
};

/*
 * Auxiliary methods
 */

static void
evict_entry (OpsEventRing *self,
             Entry        *entry)
{
  Topic *topic = entry->topic;

  g_queue_unlink (&topic->entries, &entry->topic_link);
  g_queue_unlink (&self->entries, &entry->global_link);
  topic->evicted = MAX (topic->evicted, entry->id);
  self->bytes -= g_bytes_get_size (entry->frame);
  g_bytes_unref (entry->frame);
  g_free (entry);
}

static void
topic_free (gpointer data)
{
  g_free (((Topic *)data)->name);
  g_free (data);
}

static void
forget_topic (OpsEventRing *self,
              Topic        *topic)
{
  while (topic->entries.head != NULL)
    evict_entry (self, topic->entries.head->data);
  self->forgotten = MAX (self->forgotten, topic->evicted);
  g_queue_unlink (&self->lru, &topic->lru_link);
  g_hash_table_remove (self->topics, topic->name);
}

static gboolean
matches_any (const char * const *patterns,
             const char         *topic)
{
  for (guint i = 0; patterns[i] != NULL; i++)
    if (ops_event_topic_matches (patterns[i], topic))
      return TRUE;
  return FALSE;
}

static gint
compare_entry_ids (gconstpointer a,
                   gconstpointer b)
{
  const Entry *x = *(Entry * const *)a;
  const Entry *y = *(Entry * const *)b;

  return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Public API
 */

/**
 * ops_event_ring_new:
 * @per_topic: events kept per topic (at least 1)
 * @max_bytes: bytes of frames kept in all
 * @max_topics: topics remembered (at least 1)
 * @base_id: the id before the first event
 */
OpsEventRing *
ops_event_ring_new (guint   per_topic,
                    gsize   max_bytes,
                    guint   max_topics,
                    guint64 base_id)
{
  OpsEventRing *self = g_new0 (OpsEventRing, 1);

  self->topics = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, topic_free);
  self->per_topic = MAX (per_topic, 1);
  self->max_bytes = max_bytes;
  self->max_topics = MAX (max_topics, 1);
  self->base_id = base_id;
  self->last_id = base_id;
  return self;
}

void
ops_event_ring_free (OpsEventRing *self)
{
  if (self == NULL)
    return;

  while (self->entries.head != NULL)
    evict_entry (self, self->entries.head->data);
  g_hash_table_unref (self->topics);
  g_free (self);
}

void
ops_event_ring_append (OpsEventRing *self,
                       const char   *topic_name,
                       guint64       id,
                       GBytes       *frame)
{
  Topic *topic;
  Entry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (topic_name != NULL);
  g_return_if_fail (frame != NULL);
  g_return_if_fail (id > self->last_id);

  self->last_id = id;

  topic = g_hash_table_lookup (self->topics, topic_name);
  if (topic == NULL)
    {
      if (g_hash_table_size (self->topics) >= self->max_topics)
        forget_topic (self, self->lru.head->data);
      topic = g_new0 (Topic, 1);
      topic->name = g_strdup (topic_name);
      topic->lru_link.data = topic;
      g_hash_table_insert (self->topics, topic->name, topic);
    }
  else
    {
      g_queue_unlink (&self->lru, &topic->lru_link);
    }
  g_queue_push_tail_link (&self->lru, &topic->lru_link);

  entry = g_new0 (Entry, 1);
  entry->topic = topic;
  entry->id = id;
  entry->frame = g_bytes_ref (frame);
  entry->topic_link.data = entry;
  entry->global_link.data = entry;
  g_queue_push_tail_link (&topic->entries, &entry->topic_link);
  g_queue_push_tail_link (&self->entries, &entry->global_link);
  self->bytes += g_bytes_get_size (frame);

  while (topic->entries.length > self->per_topic)
    evict_entry (self, topic->entries.head->data);
  while (self->bytes > self->max_bytes && self->entries.head != NULL)
    evict_entry (self, self->entries.head->data);
}

gboolean
ops_event_ring_replay (OpsEventRing       *self,
                       const char * const *patterns,
                       guint64             after_id,
                       GPtrArray          *frames)
{
  g_autoptr(GPtrArray) found = NULL;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (patterns != NULL, FALSE);
  g_return_val_if_fail (frames != NULL, FALSE);

  /* Not an id of ours: from another run, or made up. */
  if (after_id < self->base_id || after_id > self->last_id)
    return FALSE;
  /* A forgotten topic may have matched. */
  if (self->forgotten > after_id)
    return FALSE;

  found = g_ptr_array_new ();
  g_hash_table_iter_init (&iter, self->topics);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Topic *topic = value;

      if (!matches_any (patterns, topic->name))
        continue;
      if (topic->evicted > after_id)
        return FALSE;
      for (GList *l = topic->entries.tail; l != NULL; l = l->prev)
        {
          Entry *entry = l->data;

          if (entry->id <= after_id)
            break;
          g_ptr_array_add (found, entry);
        }
    }

  g_ptr_array_sort (found, compare_entry_ids);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (frames, g_bytes_ref (((Entry *)g_ptr_array_index (found, i))->frame));
  return TRUE;
}

guint64
ops_event_ring_get_last_id (OpsEventRing *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->last_id;
}

gsize
ops_event_ring_get_bytes (OpsEventRing *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bytes;
}

guint
ops_event_ring_get_n_events (OpsEventRing *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries.length;
}

guint
ops_event_ring_get_n_topics (OpsEventRing *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->topics);
}
