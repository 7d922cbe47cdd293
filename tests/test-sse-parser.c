/* test-sse-parser.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-sse-parser"

#include "config.h"

#include <string.h>

#include "ops-sse-parser.h"

/* The example of the specification, with its three kinds of line ends. */
#define EXAMPLE_LF \
  "retry: 5000\n" \
  "\n" \
  ": keep-alive\n" \
  "\n" \
  "id: 1842\n" \
  "event: ticket.updated\n" \
  "data: {\"ticket\":\"ISS-2025-00031\",\n" \
  "data:  \"status\":\"Replied\"}\n" \
  "\n"
#define EXAMPLE_EVENTS \
  "[1842|ticket.updated|{\"ticket\":\"ISS-2025-00031\",\n \"status\":\"Replied\"}|5000]"

/* A stream that mixes every rule, used to cut at every byte. */
static const char mixed[] =
  "\xEF\xBB\xBF"
  "retry: 3000\r\n"
  ": comment\r"
  "id: 1\n"
  "event: dispatch\r\n"
  "data: {\"job\":\"JOB-1\"}\r"
  "\r"
  "data\n"
  "\n"
  "id: 2\r\n"
  "data:first\r"
  "data: second\r\n"
  "unknown: field\n"
  "\r\n"
  "id: bad\0id\n"
  "data: keeps 2\n"
  "\n"
  "id\n"
  "event\n"
  "data: \xC3\xA9t\xC3\xA9\n"
  "\n"
  "id: 9\n"
  "\n"
  "event: resync\n"
  "data: {}\n"
  "\n"
  "data: never ended\n";

static const char mixed_events[] =
  "[1|dispatch|{\"job\":\"JOB-1\"}|3000]"
  "[1|message||3000]"
  "[2|message|first\nsecond|3000]"
  "[2|message|keeps 2|3000]"
  "[|message|\xC3\xA9t\xC3\xA9|3000]"
  "[9|resync|{}|3000]";

static void
append_events (OpsSseParser *parser,
               GString      *out)
{
  OpsSseEvent *event;

  while ((event = ops_sse_parser_next_event (parser)) != NULL)
    {
      g_assert_true (g_utf8_validate (event->id, -1, NULL));
      g_assert_true (g_utf8_validate (event->event, -1, NULL));
      g_assert_true (g_utf8_validate (event->data, -1, NULL));
      g_string_append_printf (out, "[%s|%s|%s|%" G_GINT64_FORMAT "]",
                              event->id, event->event, event->data, event->retry);
      ops_sse_event_free (event);
    }
}

/* Feeds the stream cut at the given offsets (sorted, each < length). */
static char *
parse_cut (const char  *stream,
           gsize        length,
           const gsize *cuts,
           guint        n_cuts)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (0, 0);
  g_autoptr(GError) error = NULL;
  GString *out = g_string_new (NULL);
  gsize start = 0;

  for (guint i = 0; i <= n_cuts; i++)
    {
      gsize stop = i < n_cuts ? cuts[i] : length;

      g_assert_cmpuint (stop, >=, start);
      g_assert_true (ops_sse_parser_feed (parser, stream + start, stop - start, &error));
      g_assert_no_error (error);
      append_events (parser, out);
      start = stop;
    }
  return g_string_free (out, FALSE);
}

static char *
parse_whole (const char *stream,
             gsize       length)
{
  return parse_cut (stream, length, NULL, 0);
}

static char *
parse_bytewise (const char *stream,
                gsize       length)
{
  g_autofree gsize *cuts = g_new (gsize, length + 1);

  for (gsize i = 0; i < length; i++)
    cuts[i] = i;
  return parse_cut (stream, length, cuts, (guint)length);
}

/* The same events whether the stream comes whole, byte by byte, or cut in
 * two (or three) at every place. */
static void
assert_every_cut (const char *stream,
                  gsize       length,
                  const char *expected)
{
  g_autofree char *whole = parse_whole (stream, length);
  g_autofree char *bytewise = parse_bytewise (stream, length);

  g_assert_cmpstr (whole, ==, expected);
  g_assert_cmpstr (bytewise, ==, expected);

  for (gsize i = 0; i <= length; i++)
    {
      g_autofree char *two = parse_cut (stream, length, &i, 1);

      g_assert_cmpstr (two, ==, expected);
      for (gsize j = i; j <= length && length < 200; j++)
        {
          gsize cuts[] = { i, j };
          g_autofree char *three = parse_cut (stream, length, cuts, 2);

          g_assert_cmpstr (three, ==, expected);
        }
    }
}

static char *
replace_line_ends (const char *stream,
                   const char *line_end)
{
  g_auto(GStrv) lines = g_strsplit (stream, "\n", -1);

  return g_strjoinv (line_end, lines);
}

static void
test_spec_example (void)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsSseEvent) event = NULL;

  g_assert_true (ops_sse_parser_feed (parser, EXAMPLE_LF, strlen (EXAMPLE_LF), &error));
  g_assert_no_error (error);
  event = ops_sse_parser_next_event (parser);
  g_assert_nonnull (event);
  g_assert_cmpstr (event->id, ==, "1842");
  g_assert_cmpstr (event->event, ==, "ticket.updated");
  /* Only the first space after the colon goes. */
  g_assert_cmpstr (event->data, ==, "{\"ticket\":\"ISS-2025-00031\",\n \"status\":\"Replied\"}");
  g_assert_cmpint (event->retry, ==, 5000);
  g_assert_null (ops_sse_parser_next_event (parser));
  g_assert_cmpstr (ops_sse_parser_get_last_event_id (parser), ==, "1842");
  g_assert_cmpint (ops_sse_parser_get_retry (parser), ==, 5000);
}

static void
test_line_ends (void)
{
  const char *const ends[] = { "\n", "\r\n", "\r" };

  for (guint i = 0; i < G_N_ELEMENTS (ends); i++)
    {
      g_autofree char *stream = replace_line_ends (EXAMPLE_LF, ends[i]);

      assert_every_cut (stream, strlen (stream), EXAMPLE_EVENTS);
    }
}

static void
test_mixed_every_cut (void)
{
  /* sizeof - 1: the stream holds a NUL of its own. */
  assert_every_cut (mixed, sizeof mixed - 1, mixed_events);
}

/* CR then LF in the next chunk is one line end, not two (which would
 * dispatch an event early). */
static void
test_crlf_split (void)
{
  static const char stream[] = "data: a\r\ndata: b\r\n\r\n";
  gsize cut = strlen ("data: a\r");
  g_autofree char *events = parse_cut (stream, strlen (stream), &cut, 1);

  g_assert_cmpstr (events, ==, "[|message|a\nb|-1]");
}

static void
test_bom (void)
{
  static const char once[] = "\xEF\xBB\xBF" "data: x\n\n";
  static const char twice[] = "\xEF\xBB\xBF\xEF\xBB\xBF" "data: x\n\ndata: y\n\n";
  static const char partial[] = "\xEF\xBB" "data: x\n\ndata: y\n\n";
  static const char inside[] = "data: \xEF\xBB\xBFx\n\n";

  assert_every_cut (once, strlen (once), "[|message|x|-1]");
  /* Only one BOM is skipped: the second spoils the first field name. */
  assert_every_cut (twice, strlen (twice), "[|message|y|-1]");
  /* Part of a BOM is not one: the bytes stay in the line. */
  assert_every_cut (partial, strlen (partial), "[|message|y|-1]");
  /* Later, a BOM is data like any other character. */
  assert_every_cut (inside, strlen (inside), "[|message|\xEF\xBB\xBFx|-1]");
}

static void
test_comments_and_unknown_fields (void)
{
  static const char stream[] =
    ":\n"
    ": ping\n"
    "\n"
    ":data: not data\n"
    "Data: wrong case\n"
    "foo: bar\n"
    "data: kept\n"
    ": between\n"
    "data : space before the colon\n"
    "\n";

  assert_every_cut (stream, strlen (stream), "[|message|kept|-1]");
}

static void
test_fields_without_colon (void)
{
  static const char stream[] =
    "data\n"
    "\n"
    "data\n"
    "data\n"
    "\n"
    "event\n"
    "data: typed\n"
    "\n"
    "event: custom\n"
    "data\n"
    "\n";

  assert_every_cut (stream, strlen (stream), "[|message||-1][|message|\n|-1][|message|typed|-1][|custom||-1]");
}

static void
test_space_strip (void)
{
  static const char stream[] =
    "data:x\n\n"
    "data: x\n\n"
    "data:  x\n\n"
    "data:\tx\n\n"
    "event:  spaced\ndata: y \n\n";

  assert_every_cut (stream, strlen (stream),
                    "[|message|x|-1][|message|x|-1][|message| x|-1][|message|\tx|-1][| spaced|y |-1]");
}

static void
test_id_rules (void)
{
  static const char stream[] =
    "id: 1\ndata: a\n\n"
    "data: b\n\n"
    "id: 2\0two\ndata: c\n\n"
    "id:\ndata: d\n\n"
    "id: 5\n\n";
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  /* The id persists, one with NUL is ignored, an empty one resets it. */
  assert_every_cut (stream, sizeof stream - 1, "[1|message|a|-1][1|message|b|-1][1|message|c|-1][|message|d|-1]");

  /* A block with an id and no data sets the last id without an event. */
  g_assert_true (ops_sse_parser_feed (parser, stream, sizeof stream - 1, &error));
  g_assert_no_error (error);
  append_events (parser, out);
  g_assert_cmpuint (strlen (out->str), >, 0);
  g_assert_cmpstr (ops_sse_parser_get_last_event_id (parser), ==, "5");

  /* The last id changes at the blank line, not at the "id:" line. */
  g_assert_true (ops_sse_parser_feed (parser, "id: 6\n", 6, &error));
  g_assert_cmpstr (ops_sse_parser_get_last_event_id (parser), ==, "5");
  g_assert_true (ops_sse_parser_feed (parser, "\n", 1, &error));
  g_assert_cmpstr (ops_sse_parser_get_last_event_id (parser), ==, "6");
}

static void
test_retry (void)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (0, 0);
  g_autoptr(GError) error = NULL;
  static const char *const ignored[] = { "retry: 12x\n", "retry: -5\n", "retry:\n", "retry\n", "retry: 1 000\n" };
  static const char huge[] = "retry: 99999999999999999999999\n";

  g_assert_cmpint (ops_sse_parser_get_retry (parser), ==, -1);
  g_assert_true (ops_sse_parser_feed (parser, "retry: 2500\n\n", 13, &error));
  g_assert_null (ops_sse_parser_next_event (parser));
  g_assert_cmpint (ops_sse_parser_get_retry (parser), ==, 2500);

  for (guint i = 0; i < G_N_ELEMENTS (ignored); i++)
    {
      g_assert_true (ops_sse_parser_feed (parser, ignored[i], strlen (ignored[i]), &error));
      g_assert_cmpint (ops_sse_parser_get_retry (parser), ==, 2500);
    }

  g_assert_true (ops_sse_parser_feed (parser, "retry:10\n", 9, &error));
  g_assert_cmpint (ops_sse_parser_get_retry (parser), ==, 10);
  /* No overflow on absurd values. */
  g_assert_true (ops_sse_parser_feed (parser, huge, strlen (huge), &error));
  g_assert_cmpint (ops_sse_parser_get_retry (parser), ==, G_MAXINT64);
  g_assert_no_error (error);
}

static void
test_unterminated_is_discarded (void)
{
  static const char *const streams[] = {
    "data: x",
    "data: x\n",
    "data: x\r\n",
    "id: 3\nevent: e\ndata: x\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    assert_every_cut (streams[i], strlen (streams[i]), "");
}

static void
test_blank_lines_dispatch_nothing (void)
{
  static const char stream[] =
    "\n\n\r\n\r\r"
    "event: stale\n"
    "\n"
    "data: x\n"
    "\n";

  /* A blank line with no data also forgets the event type. */
  assert_every_cut (stream, strlen (stream), "[|message|x|-1]");
}

static void
test_invalid_utf8 (void)
{
  static const char stream[] = "event: a\xFF" "b\ndata: c\xC3(d\ndata: \xF0\x9F\x98\n\n";
  g_autofree char *events = parse_whole (stream, strlen (stream));

  g_assert_cmpstr (events, ==, "[|a\xEF\xBF\xBD" "b|c\xEF\xBF\xBD(d\n\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|-1]");
}

static void
test_line_too_long (void)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (16, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  static const char fits[] = "data: 0123456789\n\n";  /* 16 bytes before the LF */
  static const char over[] = "data: 0123456789A";

  g_assert_true (ops_sse_parser_feed (parser, fits, strlen (fits), &error));
  g_assert_no_error (error);

  /* Byte by byte: the limit holds however the line comes. */
  for (gsize i = 0; i < strlen (over) - 1; i++)
    g_assert_true (ops_sse_parser_feed (parser, over + i, 1, &error));
  g_assert_false (ops_sse_parser_feed (parser, over + strlen (over) - 1, 1, &error));
  g_assert_error (error, OPS_SSE_PARSER_ERROR, OPS_SSE_PARSER_ERROR_LINE_TOO_LONG);
  g_clear_error (&error);

  /* The event completed before the error is kept. */
  append_events (parser, out);
  g_assert_cmpstr (out->str, ==, "[|message|0123456789|-1]");

  /* The parser refuses more input until it is reset. */
  g_assert_false (ops_sse_parser_feed (parser, "\n\n", 2, &error));
  g_assert_error (error, OPS_SSE_PARSER_ERROR, OPS_SSE_PARSER_ERROR_FAILED);
  g_clear_error (&error);

  ops_sse_parser_reset (parser);
  g_assert_true (ops_sse_parser_feed (parser, fits, strlen (fits), &error));
  g_assert_no_error (error);
  g_string_truncate (out, 0);
  append_events (parser, out);
  g_assert_cmpstr (out->str, ==, "[|message|0123456789|-1]");
}

static void
test_event_too_large (void)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (0, 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  /* "12345\n" + "1234\n" = 11 bytes in the data buffer. */
  static const char fits[] = "data: 1234\ndata: 1234\n\n";
  static const char over[] = "data: 12345\ndata: 1234\n\n";

  g_assert_true (ops_sse_parser_feed (parser, fits, strlen (fits), &error));
  g_assert_no_error (error);
  append_events (parser, out);
  g_assert_cmpstr (out->str, ==, "[|message|1234\n1234|-1]");

  g_assert_false (ops_sse_parser_feed (parser, over, strlen (over), &error));
  g_assert_error (error, OPS_SSE_PARSER_ERROR, OPS_SSE_PARSER_ERROR_EVENT_TOO_LARGE);
  g_assert_null (ops_sse_parser_next_event (parser));
}

/* Many comment lines or blank lines cost nothing however many they are. */
static void
test_keepalives_do_not_grow (void)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (64, 64);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 10000; i++)
    g_assert_true (ops_sse_parser_feed (parser, ": keep-alive\n\n", 14, &error));
  g_assert_no_error (error);
  g_assert_null (ops_sse_parser_next_event (parser));
}

static void
test_reset (void)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  static const char first[] = "retry: 100\nid: 4\ndata: a\n\nevent: half\ndata: half";
  static const char second[] = "\xEF\xBB\xBF" "data: b\n\n";

  g_assert_true (ops_sse_parser_feed (parser, first, strlen (first), &error));
  ops_sse_parser_reset (parser);

  /* Queued events, the half event, the id and the retry are gone; a new
   * stream may open with a BOM again. */
  g_assert_null (ops_sse_parser_next_event (parser));
  g_assert_cmpstr (ops_sse_parser_get_last_event_id (parser), ==, "");
  g_assert_cmpint (ops_sse_parser_get_retry (parser), ==, -1);
  g_assert_true (ops_sse_parser_feed (parser, second, strlen (second), &error));
  g_assert_no_error (error);
  append_events (parser, out);
  g_assert_cmpstr (out->str, ==, "[|message|b|-1]");
}

/* A new connection goes on from the last id until the stream sets one. */
static void
test_carried_id (void)
{
  g_autoptr(OpsSseParser) parser = ops_sse_parser_new (0, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  static const char stream[] = "event: close\ndata: {}\n\nid: 8\ndata: a\n\nid\ndata: b\n\n";

  ops_sse_parser_set_last_event_id (parser, "7");
  g_assert_cmpstr (ops_sse_parser_get_last_event_id (parser), ==, "7");
  g_assert_true (ops_sse_parser_feed (parser, stream, strlen (stream), &error));
  g_assert_no_error (error);
  append_events (parser, out);
  g_assert_cmpstr (out->str, ==, "[7|close|{}|-1][8|message|a|-1][|message|b|-1]");
}

/* A longer stream cut at random places, many times. */
static void
test_random_chunks (void)
{
  g_autoptr(GString) stream = g_string_new ("\xEF\xBB\xBF" "retry: 1000\r\n");
  g_autoptr(GString) expected = g_string_new (NULL);
  const char *const ends[] = { "\n", "\r\n", "\r" };

  for (guint i = 0; i < 200; i++)
    {
      const char *end = ends[i % 3];

      g_string_append_printf (stream, "id: %u%s", i, end);
      if (i % 7 == 0)
        g_string_append_printf (stream, ": ping%s", end);
      g_string_append_printf (stream, "event: customer:C%04u%s", i, end);
      g_string_append_printf (stream, "data: {\"n\":%u,%s", i, end);
      g_string_append_printf (stream, "data: \"x\":\"%u\"}%s%s", i * 3, end, end);
      g_string_append_printf (expected, "[%u|customer:C%04u|{\"n\":%u,\n\"x\":\"%u\"}|1000]", i, i, i, i * 3);
    }

  for (guint round = 0; round < 300; round++)
    {
      gsize cuts[40];
      guint n = (guint)g_test_rand_int_range (1, G_N_ELEMENTS (cuts));
      g_autofree char *events = NULL;

      for (guint i = 0; i < n; i++)
        cuts[i] = (gsize)g_test_rand_int_range (0, (gint32)stream->len);
      for (guint i = 1; i < n; i++)
        for (guint j = i; j > 0 && cuts[j - 1] > cuts[j]; j--)
          {
            gsize swap = cuts[j];

            cuts[j] = cuts[j - 1];
            cuts[j - 1] = swap;
          }
      events = parse_cut (stream->str, stream->len, cuts, n);
      g_assert_cmpstr (events, ==, expected->str);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sse-parser/spec-example", test_spec_example);
  g_test_add_func ("/sse-parser/line-ends", test_line_ends);
  g_test_add_func ("/sse-parser/mixed-every-cut", test_mixed_every_cut);
  g_test_add_func ("/sse-parser/crlf-split", test_crlf_split);
  g_test_add_func ("/sse-parser/bom", test_bom);
  g_test_add_func ("/sse-parser/comments-unknown-fields", test_comments_and_unknown_fields);
  g_test_add_func ("/sse-parser/fields-without-colon", test_fields_without_colon);
  g_test_add_func ("/sse-parser/space-strip", test_space_strip);
  g_test_add_func ("/sse-parser/id-rules", test_id_rules);
  g_test_add_func ("/sse-parser/retry", test_retry);
  g_test_add_func ("/sse-parser/unterminated", test_unterminated_is_discarded);
  g_test_add_func ("/sse-parser/blank-lines", test_blank_lines_dispatch_nothing);
  g_test_add_func ("/sse-parser/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/sse-parser/line-too-long", test_line_too_long);
  g_test_add_func ("/sse-parser/event-too-large", test_event_too_large);
  g_test_add_func ("/sse-parser/keepalives", test_keepalives_do_not_grow);
  g_test_add_func ("/sse-parser/reset", test_reset);
  g_test_add_func ("/sse-parser/carried-id", test_carried_id);
  g_test_add_func ("/sse-parser/random-chunks", test_random_chunks);

  return g_test_run ();
}
