/* test-sse-frame.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes of an event stream, and the replay ring behind Last-Event-ID.
 */

#define G_LOG_DOMAIN "test-sse-frame"

#include "config.h"

#include <string.h>

#include "ops-event-ring.h"
#include "ops-sse-frame.h"
#include "ops-sse-parser.h"

#define BASE 1000

static void
assert_bytes (GBytes     *bytes,
              const char *expected)
{
  gsize size;
  const char *data;

  g_assert_nonnull (bytes);
  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpmem (data, size, expected, strlen (expected));
}

static void
test_event (void)
{
  g_autoptr(GBytes) full = NULL;
  g_autoptr(GBytes) unnamed = NULL;
  g_autoptr(GBytes) no_id = NULL;
  g_autoptr(GError) error = NULL;

  full = ops_sse_frame_event (1842, "ticket.updated", "{\"ticket\":\"ISS-2025-00031\"}", &error);
  g_assert_no_error (error);
  assert_bytes (full, "id: 1842\nevent: ticket.updated\ndata: {\"ticket\":\"ISS-2025-00031\"}\n\n");

  unnamed = ops_sse_frame_event (7, NULL, "{}", &error);
  g_assert_no_error (error);
  assert_bytes (unnamed, "id: 7\ndata: {}\n\n");

  no_id = ops_sse_frame_event (0, "close", "{\"reason\":\"slow_client\"}", &error);
  g_assert_no_error (error);
  assert_bytes (no_id, "event: close\ndata: {\"reason\":\"slow_client\"}\n\n");
}

/* A value on two lines would be two fields, or end the event early. */
static void
test_refuses_line_breaks (void)
{
  static const struct
  {
    const char *event;
    const char *data;
    gint        code;
  } cases[] = {
    { NULL, "{\"a\":1}\n{\"b\":2}", OPS_SSE_FRAME_ERROR_NEWLINE },
    { NULL, "one\rtwo", OPS_SSE_FRAME_ERROR_NEWLINE },
    { NULL, "one\r\n", OPS_SSE_FRAME_ERROR_NEWLINE },
    { "job\nupdated", "{}", OPS_SSE_FRAME_ERROR_NEWLINE },
    { "job\r", "{}", OPS_SSE_FRAME_ERROR_NEWLINE },
    { "", "{}", OPS_SSE_FRAME_ERROR_INVALID },
    { "ok", "\xff\xfe", OPS_SSE_FRAME_ERROR_INVALID },
  };
  g_autofree char *long_name = g_strnfill (OPS_SSE_FRAME_MAX_NAME + 1, 'e');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) frame = ops_sse_frame_event (1, cases[i].event, cases[i].data, &error);

      g_assert_null (frame);
      g_assert_error (error, OPS_SSE_FRAME_ERROR, cases[i].code);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) frame = ops_sse_frame_event (1, long_name, "{}", &error);

    g_assert_null (frame);
    g_assert_error (error, OPS_SSE_FRAME_ERROR, OPS_SSE_FRAME_ERROR_INVALID);
  }

  g_assert_false (ops_sse_frame_check_line ("a\0b", 3, NULL));
  g_assert_true (ops_sse_frame_check_line ("customer:C0001", -1, NULL));
}

/* Line breaks in the payload's strings are escaped by JSON: the data stays
 * on one line and reads back the same. */
static void
test_bus_data_one_line (void)
{
  static const char *payload =
    "{\"body\":\"Bonjour,\\nle technicien arrive.\\r\\nMerci\",\"sep\":\"\\u2028\","
    "\"quote\":\"\\\"hi\\\"\",\"n\":[1,2.5,null,true]}";
  g_autoptr(JsonNode) data = json_from_string (payload, NULL);
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(JsonNode) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autofree char *line = NULL;
  g_autofree char *empty = NULL;
  JsonObject *object;
  gsize length = 0;

  line = ops_sse_frame_bus_data ("customer:C0001 \"x\"", data, &length);
  g_assert_cmpuint (length, ==, strlen (line));
  g_assert_null (strchr (line, '\n'));
  g_assert_null (strchr (line, '\r'));

  back = json_from_string (line, &error);
  g_assert_no_error (error);
  object = json_node_get_object (back);
  g_assert_cmpstr (json_object_get_string_member (object, "topic"), ==, "customer:C0001 \"x\"");
  expected = json_from_string (payload, NULL);
  g_assert_true (json_node_equal (json_object_get_member (object, "data"), expected));

  frame = ops_sse_frame_event (5, NULL, line, &error);
  g_assert_no_error (error);

  empty = ops_sse_frame_bus_data ("dispatch", NULL, NULL);
  g_assert_cmpstr (empty, ==, "{\"topic\":\"dispatch\",\"data\":null}");
}

static void
test_retry_and_comment (void)
{
  g_autoptr(GBytes) retry = ops_sse_frame_retry (5000);
  g_autoptr(GBytes) keepalive = ops_sse_frame_comment ("keep-alive", NULL);
  g_autoptr(GBytes) bare = ops_sse_frame_comment ("", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) broken = ops_sse_frame_comment ("a\nid: 9", &error);
  g_autofree char *reason = ops_sse_frame_reason_data ("slow_client", "Read \"faster\".");

  assert_bytes (retry, "retry: 5000\n\n");
  assert_bytes (keepalive, ": keep-alive\n\n");
  assert_bytes (bare, ":\n\n");
  g_assert_null (broken);
  g_assert_error (error, OPS_SSE_FRAME_ERROR, OPS_SSE_FRAME_ERROR_NEWLINE);
  g_assert_cmpstr (reason, ==, "{\"reason\":\"slow_client\",\"message\":\"Read \\\"faster\\\".\"}");
}

/* What the hub writes, read by the console's own parser. */
static void
test_parser_reads_frames (void)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (0, 0);
  g_autoptr(JsonNode) data = json_from_string ("{\"text\":\"a\\nb\"}", NULL);
  g_autofree char *line = ops_sse_frame_bus_data ("conversations", data, NULL);
  g_autoptr(GBytes) retry = ops_sse_frame_retry (5000);
  g_autoptr(GBytes) comment = ops_sse_frame_comment ("keep-alive", NULL);
  g_autoptr(GBytes) named = ops_sse_frame_event (41, "sms.received", line, NULL);
  g_autoptr(GBytes) unnamed = ops_sse_frame_event (42, NULL, line, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsSseEvent) first = NULL;
  g_autoptr(OpsSseEvent) second = NULL;
  GBytes *frames[] = { retry, comment, named, comment, unnamed };

  for (guint i = 0; i < G_N_ELEMENTS (frames); i++)
    {
      gsize size;
      const char *bytes = g_bytes_get_data (frames[i], &size);

      /* One byte at a time: no event depends on how the reads fall. */
      for (gsize j = 0; j < size; j++)
        {
          g_assert_true (ops_sse_parser_feed (parser, bytes + j, 1, &error));
          g_assert_no_error (error);
        }
    }

  first = ops_sse_parser_next_event (parser);
  g_assert_nonnull (first);
  g_assert_cmpstr (first->id, ==, "41");
  g_assert_cmpstr (first->event, ==, "sms.received");
  g_assert_cmpstr (first->data, ==, line);
  g_assert_cmpint (first->retry, ==, 5000);
  second = ops_sse_parser_next_event (parser);
  g_assert_nonnull (second);
  g_assert_cmpstr (second->id, ==, "42");
  g_assert_cmpstr (second->event, ==, "message");
  g_assert_null (ops_sse_parser_next_event (parser));
}

/*
 * The replay ring
 */

static GBytes *
frame_for (guint64 id)
{
  g_autofree char *text = g_strdup_printf ("id: %" G_GUINT64_FORMAT "\ndata: {}\n\n", id);

  return g_bytes_new (text, strlen (text));
}

static void
append (OpsEventRing *ring,
        const char   *topic,
        guint64       id)
{
  g_autoptr(GBytes) frame = frame_for (id);

  ops_event_ring_append (ring, topic, id, frame);
}

/* The ids of the replayed frames, "1001,1003", or NULL for resync. */
static char *
replay (OpsEventRing *ring,
        const char   *patterns,
        guint64       after)
{
  g_auto(GStrv) list = g_strsplit (patterns, ",", -1);
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  GString *ids = g_string_new (NULL);

  if (!ops_event_ring_replay (ring, (const char * const *)list, after, frames))
    {
      g_assert_cmpuint (frames->len, ==, 0);
      g_string_free (ids, TRUE);
      return NULL;
    }
  for (guint i = 0; i < frames->len; i++)
    {
      const char *data = g_bytes_get_data (g_ptr_array_index (frames, i), NULL);

      g_assert_true (g_str_has_prefix (data, "id: "));
      if (ids->len > 0)
        g_string_append_c (ids, ',');
      g_string_append_len (ids, data + 4, strcspn (data + 4, "\n"));
    }
  return g_string_free (ids, FALSE);
}

#define assert_replay(ring, patterns, after, expected) \
  G_STMT_START { \
    g_autofree char *got__ = replay ((ring), (patterns), (after)); \
    g_assert_cmpstr (got__, ==, (expected)); \
  } G_STMT_END

static void
test_ring_replay (void)
{
  g_autoptr(OpsEventRing) ring = ops_event_ring_new (10, 1 << 20, 100, BASE);

  append (ring, "dispatch", 1001);
  append (ring, "customer:C0001", 1002);
  append (ring, "conversations", 1003);
  append (ring, "customer:C0002", 1004);
  append (ring, "customer:C0001", 1005);
  append (ring, "dispatch", 1006);

  g_assert_cmpuint (ops_event_ring_get_last_id (ring), ==, 1006);
  g_assert_cmpuint (ops_event_ring_get_n_events (ring), ==, 6);
  g_assert_cmpuint (ops_event_ring_get_n_topics (ring), ==, 4);

  /* In id order, only the topics asked for. */
  assert_replay (ring, "customer:*", BASE, "1002,1004,1005");
  assert_replay (ring, "customer:C0001", BASE, "1002,1005");
  assert_replay (ring, "customer:C0001,dispatch", 1002, "1005,1006");
  assert_replay (ring, "dispatch,conversations,customer:C0002", 1003, "1004,1006");
  assert_replay (ring, "customer:C0003", BASE, "");
  /* Up to date. */
  assert_replay (ring, "customer:*,dispatch", 1006, "");
}

/* A busy topic forgets its own old events, not a quiet topic's. */
static void
test_ring_per_topic_bound (void)
{
  g_autoptr(OpsEventRing) ring = ops_event_ring_new (3, 1 << 20, 100, BASE);

  append (ring, "customer:C0001", 1001);
  for (guint64 id = 1002; id <= 1006; id++)
    append (ring, "dispatch", id);

  g_assert_cmpuint (ops_event_ring_get_n_events (ring), ==, 4);
  assert_replay (ring, "dispatch", 1003, "1004,1005,1006");
  /* 1003 is gone: a client that saw up to 1002 must resync. */
  assert_replay (ring, "dispatch", 1002, NULL);
  assert_replay (ring, "dispatch", BASE, NULL);
  assert_replay (ring, "customer:*,dispatch", 1001, NULL);
  /* The quiet topic still replays from the start. */
  assert_replay (ring, "customer:C0001", BASE, "1001");
}

static void
test_ring_byte_bound (void)
{
  g_autoptr(GBytes) one = frame_for (1001);
  gsize size = g_bytes_get_size (one);
  g_autoptr(OpsEventRing) ring = ops_event_ring_new (100, 3 * size, 100, BASE);

  append (ring, "a", 1001);
  append (ring, "b", 1002);
  append (ring, "a", 1003);
  append (ring, "b", 1004);
  append (ring, "c", 1005);

  /* The oldest events of all go first. */
  g_assert_cmpuint (ops_event_ring_get_bytes (ring), <=, 3 * size);
  g_assert_cmpuint (ops_event_ring_get_n_events (ring), ==, 3);
  assert_replay (ring, "a,b,c", 1002, "1003,1004,1005");
  assert_replay (ring, "a", 1001, "1003");
  assert_replay (ring, "b", 1001, NULL);
  assert_replay (ring, "c", BASE, "1005");
}

/* Past max_topics the quietest topic is forgotten: since its name is gone,
 * any replay from before its last event resyncs. */
static void
test_ring_topic_bound (void)
{
  g_autoptr(OpsEventRing) ring = ops_event_ring_new (10, 1 << 20, 2, BASE);

  append (ring, "customer:C0001", 1001);
  append (ring, "dispatch", 1002);
  append (ring, "customer:C0001", 1003);
  append (ring, "customer:C0002", 1004);   /* forgets dispatch */

  g_assert_cmpuint (ops_event_ring_get_n_topics (ring), ==, 2);
  assert_replay (ring, "dispatch", 1001, NULL);
  assert_replay (ring, "customer:*", 1001, NULL);
  assert_replay (ring, "customer:*", 1002, "1003,1004");
  assert_replay (ring, "dispatch", 1002, "");
}

/* Ids of another run of the server, or never issued. */
static void
test_ring_unknown_ids (void)
{
  g_autoptr(OpsEventRing) ring = ops_event_ring_new (10, 1 << 20, 10, BASE);

  assert_replay (ring, "dispatch", BASE, "");
  assert_replay (ring, "dispatch", BASE + 1, NULL);

  append (ring, "dispatch", 1001);
  assert_replay (ring, "dispatch", BASE - 1, NULL);
  assert_replay (ring, "dispatch", 17, NULL);
  assert_replay (ring, "dispatch", 1002, NULL);
  assert_replay (ring, "dispatch", BASE, "1001");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sse-frame/event", test_event);
  g_test_add_func ("/sse-frame/refuses-line-breaks", test_refuses_line_breaks);
  g_test_add_func ("/sse-frame/bus-data-one-line", test_bus_data_one_line);
  g_test_add_func ("/sse-frame/retry-and-comment", test_retry_and_comment);
  g_test_add_func ("/sse-frame/parser-reads-frames", test_parser_reads_frames);
  g_test_add_func ("/event-ring/replay", test_ring_replay);
  g_test_add_func ("/event-ring/per-topic-bound", test_ring_per_topic_bound);
  g_test_add_func ("/event-ring/byte-bound", test_ring_byte_bound);
  g_test_add_func ("/event-ring/topic-bound", test_ring_topic_bound);
  g_test_add_func ("/event-ring/unknown-ids", test_ring_unknown_ids);

  return g_test_run ();
}
