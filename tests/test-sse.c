/* test-sse.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /sse and /broadcast on the real binary run with --headless.  Streams are
 * raw sockets, so the test sees the bytes on the wire and can be a client
 * that never reads.
 */

#define G_LOG_DOMAIN "test-sse"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "ops-sse-parser.h"

#define TIMEOUT (10 * G_USEC_PER_SEC)
#define TOKEN "sse-test-token-7a51c2e0"

typedef struct
{
  GSubprocess *process;
  GThread     *drain;
  guint16      port;
} Server;

typedef struct
{
  GSocket      *socket;
  GString      *received;   /* every byte read */
  gsize         body;       /* offset of the body, 0 until the headers are in */
  gsize         fed;        /* bytes given to the parser */
  gboolean      eof;
  OpsSseParser *parser;
} Stream;

/*
 * The server
 */

/* In the server's process: it stops when the test does, even on a failed
 * assertion. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static GSubprocessLauncher *
launcher_without_display (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  return launcher;
}

/* Reads the server's log to its end, so that it never blocks on a full pipe. */
static gpointer
drain_thread (gpointer data)
{
  g_autoptr(GDataInputStream) lines = data;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);

      if (line == NULL)
        return NULL;
      g_test_message ("server: %s", line);
    }
}

static void
server_start (Server     *server,
              const char *extra_config)
{
  g_autoptr(GSubprocessLauncher) launcher = launcher_without_display ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GRegex) listening = g_regex_new ("Listening on [0-9.]+:([0-9]+)", 0, 0, NULL);
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "sse.ini", NULL);
  g_autofree char *contents = g_strconcat ("[server]\nlisten = 127.0.0.1\nport = 0\n",
                                           extra_config ? extra_config : "", NULL);
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "sse.sqlite", NULL);

  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_file_set_contents (config, contents, -1, &error);
  g_assert_no_error (error);
  g_chmod (config, 0600);

  server->process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OPS_BINARY"), "--headless",
                                                 "--config", config, "--store", store, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (server->process));
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_autoptr(GMatchInfo) match = NULL;

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("the server stopped before listening");
      g_test_message ("server: %s", line);
      if (g_regex_match (listening, line, 0, &match))
        {
          g_autofree char *port = g_match_info_fetch (match, 1);

          server->port = (guint16)g_ascii_strtoull (port, NULL, 10);
          break;
        }
    }
  g_assert_cmpuint (server->port, >, 0);
  server->drain = g_thread_new ("server-log", drain_thread, g_steal_pointer (&lines));
}

static void
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_thread_join (server->drain);
  g_clear_object (&server->process);
}

/* The server's resident memory in KiB, or 0 where /proc is not there. */
static gint64
server_rss_kib (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", g_subprocess_get_identifier (server->process));
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (path, &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  return line ? g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10) : 0;
}

/*
 * Plain requests
 */

static JsonObject *
request_on (SoupSession *session,
            Server      *server,
            const char  *method,
            const char  *path,
            const char  *authorization,
            const char  *body,
            guint        expected_status)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  if (authorization != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  /* So that a session sends them all on one connection. */
  soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != expected_status)
    g_error ("%s %s: %u %s", method, path, soup_message_get_status (msg), (char *)g_bytes_get_data (answer, NULL));
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");

  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static JsonObject *
request (Server     *server,
         const char *method,
         const char *path,
         const char *authorization,
         const char *body,
         guint       expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();

  return request_on (session, server, method, path, authorization, body, expected_status);
}

static void
assert_error (JsonObject *answer,
              const char *error)
{
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, error);
  g_assert_nonnull (json_object_get_string_member (answer, "message"));
}

/* Publishes and returns the event's id. */
static guint64
broadcast (Server     *server,
           const char *topic,
           const char *event,
           const char *data,
           gint64      expected_delivered)
{
  g_autofree char *body = NULL;
  g_autoptr(JsonObject) answer = NULL;
  gint64 id;

  if (event != NULL)
    body = g_strdup_printf ("{\"topic\":\"%s\",\"event\":\"%s\",\"data\":%s}", topic, event, data);
  else
    body = g_strdup_printf ("{\"topic\":\"%s\",\"data\":%s}", topic, data);
  answer = request (server, "POST", "/broadcast", NULL, body, 200);
  id = json_object_get_int_member (answer, "id");
  g_assert_cmpint (id, >, 0);
  if (expected_delivered >= 0)
    g_assert_cmpint (json_object_get_int_member (answer, "delivered"), ==, expected_delivered);
  return (guint64)id;
}

/*
 * Raw streams
 */

static Stream *
stream_connect (Server *server,
                int     receive_buffer)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, server->port);
  g_autoptr(GError) error = NULL;
  Stream *stream = g_new0 (Stream, 1);

  stream->socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  if (receive_buffer > 0)
    {
      g_socket_set_option (stream->socket, SOL_SOCKET, SO_RCVBUF, receive_buffer, &error);
      g_assert_no_error (error);
    }
  g_socket_connect (stream->socket, address, NULL, &error);
  g_assert_no_error (error);
  g_socket_set_blocking (stream->socket, FALSE);
  stream->received = g_string_new (NULL);
  stream->parser = ops_sse_parser_new (0, 0);
  return stream;
}

static void
stream_write (Stream     *stream,
              const char *data,
              gsize       length)
{
  g_socket_set_blocking (stream->socket, TRUE);
  while (length > 0)
    {
      g_autoptr(GError) error = NULL;
      gssize sent = g_socket_send (stream->socket, data, length, NULL, &error);

      g_assert_no_error (error);
      data += sent;
      length -= (gsize)sent;
    }
  g_socket_set_blocking (stream->socket, FALSE);
}

/* GET target, with extra header lines ("Name: value\r\n"). */
static Stream *
stream_open_full (Server     *server,
                  const char *target,
                  const char *headers,
                  int         receive_buffer)
{
  Stream *stream = stream_connect (server, receive_buffer);
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                              "Accept: text/event-stream\r\n%s\r\n",
                                              target, server->port, headers ? headers : "");

  stream_write (stream, request, strlen (request));
  return stream;
}

static void
stream_free (Stream *stream)
{
  g_object_unref (stream->socket);
  g_string_free (stream->received, TRUE);
  ops_sse_parser_free (stream->parser);
  g_free (stream);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Stream, stream_free)

/* Reads what is there, waiting until deadline for something; FALSE when
 * nothing came in time. */
static gboolean
stream_read (Stream *stream,
             gint64  deadline)
{
  char buffer[16384];
  gint64 left = deadline - g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  gssize got;

  if (stream->eof || left <= 0)
    return FALSE;
  if (!g_socket_condition_timed_wait (stream->socket, G_IO_IN, left, NULL, &error))
    return FALSE;

  got = g_socket_receive (stream->socket, buffer, sizeof buffer, NULL, &error);
  if (got < 0 && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
    return TRUE;
  /* A reset after the server's last bytes counts as the end. */
  if (got <= 0)
    {
      stream->eof = TRUE;
      return TRUE;
    }
  g_string_append_len (stream->received, buffer, got);
  if (stream->body == 0)
    {
      const char *end = strstr (stream->received->str, "\r\n\r\n");

      if (end != NULL)
        stream->body = (gsize)(end - stream->received->str) + 4;
    }
  return TRUE;
}

static void
stream_wait_headers (Stream *stream)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT;

  while (stream->body == 0)
    if (!stream_read (stream, deadline))
      g_error ("no response headers in time (got “%s”)", stream->received->str);
}

/* Waits until the body holds needle count times. */
static void
stream_wait_for (Stream     *stream,
                 const char *needle,
                 guint       count)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT;

  for (;;)
    {
      guint found = 0;

      if (stream->body > 0)
        for (const char *p = stream->received->str + stream->body; (p = strstr (p, needle)) != NULL; p++)
          found++;
      if (found >= count)
        return;
      if (!stream_read (stream, deadline))
        g_error ("“%s” did not come in time", needle);
    }
}

static void
stream_wait_eof (Stream *stream)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT;

  while (!stream->eof)
    if (!stream_read (stream, deadline) && !stream->eof)
      g_error ("the server did not close the stream in time");
}

/* The next event, or NULL at the end of the stream. */
static OpsSseEvent *
stream_next_event (Stream *stream)
{
  gint64 deadline = g_get_monotonic_time () + TIMEOUT;

  stream_wait_headers (stream);
  for (;;)
    {
      OpsSseEvent *event = ops_sse_parser_next_event (stream->parser);
      g_autoptr(GError) error = NULL;

      if (event != NULL)
        return event;
      if (stream->fed < stream->received->len)
        {
          gsize from = MAX (stream->fed, stream->body);

          g_assert_true (ops_sse_parser_feed (stream->parser, stream->received->str + from,
                                              stream->received->len - from, &error));
          g_assert_no_error (error);
          stream->fed = stream->received->len;
          continue;
        }
      if (stream->eof)
        return NULL;
      if (!stream_read (stream, deadline))
        g_error ("no event came in time");
    }
}

static OpsSseEvent *
expect_event (Stream     *stream,
              guint64     id,
              const char *type)
{
  OpsSseEvent *event = stream_next_event (stream);
  g_autofree char *id_text = g_strdup_printf ("%" G_GUINT64_FORMAT, id);

  g_assert_nonnull (event);
  g_assert_cmpstr (event->event, ==, type);
  if (id != 0)
    g_assert_cmpstr (event->id, ==, id_text);
  return event;
}

/* The data member of a bus event's {"topic", "data"}. */
static JsonNode *
event_data (OpsSseEvent *event,
            const char  *topic)
{
  g_autoptr(JsonNode) node = json_from_string (event->data, NULL);
  JsonObject *object;

  g_assert_nonnull (node);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "topic"), ==, topic);
  return json_node_copy (json_object_get_member (object, "data"));
}

static void
assert_data (OpsSseEvent *event,
             const char  *topic,
             const char  *expected)
{
  g_autoptr(JsonNode) data = event_data (event, topic);
  g_autoptr(JsonNode) want = json_from_string (expected, NULL);

  g_assert_true (json_node_equal (data, want));
}

static void
assert_reason (OpsSseEvent *event,
               const char  *reason)
{
  g_autoptr(JsonNode) node = json_from_string (event->data, NULL);

  g_assert_nonnull (node);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "reason"), ==, reason);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "message"));
}

/*
 * Tests
 */

static void
test_framing (void)
{
  Server server = { 0 };
  g_autoptr(Stream) stream = NULL;
  g_autoptr(OpsSseEvent) event = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *frame = NULL;
  g_autofree char *lower = NULL;
  guint64 id;

  server_start (&server, NULL);
  stream = stream_open_full (&server, "/sse?topics=dispatch", NULL, 0);
  stream_wait_headers (stream);

  headers = g_strndup (stream->received->str, stream->body);
  lower = g_ascii_strdown (headers, -1);
  g_assert_true (g_str_has_prefix (headers, "HTTP/1.1 200 OK\r\n"));
  g_assert_nonnull (strstr (lower, "\r\ncontent-type: text/event-stream"));
  g_assert_nonnull (strstr (lower, "\r\ncache-control: no-store\r\n"));
  g_assert_nonnull (strstr (lower, "\r\nx-accel-buffering: no\r\n"));
  g_assert_null (strstr (lower, "content-length"));
  /* retry once, first. */
  stream_wait_for (stream, "retry: 5000\n\n", 1);
  g_assert_true (g_str_has_prefix (stream->received->str + stream->body, "retry: 5000\n\n"));

  /* One data line: the line break of the note is escaped by JSON. */
  id = broadcast (&server, "dispatch", "job.updated", "{\"job\":\"JOB-0042\",\"note\":\"Porte arrière\\nChien\"}", 1);
  event = expect_event (stream, id, "job.updated");
  assert_data (event, "dispatch", "{\"job\":\"JOB-0042\",\"note\":\"Porte arrière\\nChien\"}");
  frame = g_strdup_printf ("id: %" G_GUINT64_FORMAT "\nevent: job.updated\n"
                           "data: {\"topic\":\"dispatch\",\"data\":{\"job\":\"JOB-0042\",\"note\":\"Porte arrière\\nChien\"}}\n\n",
                           id);
  g_assert_nonnull (strstr (stream->received->str + stream->body, frame));

  /* Without "event", the client's type is "message"; ids go up. */
  {
    g_autoptr(OpsSseEvent) plain = NULL;
    guint64 next = broadcast (&server, "dispatch", NULL, "[1,2]", 1);

    g_assert_cmpuint (next, >, id);
    plain = expect_event (stream, next, "message");
    assert_data (plain, "dispatch", "[1,2]");
    g_assert_null (strstr (stream->received->str + stream->body, "retry: 5000\n\nretry"));
  }

  server_stop (&server);
}

static void
test_topics (void)
{
  Server server = { 0 };
  g_autoptr(Stream) all = NULL;
  g_autoptr(Stream) one = NULL;
  g_autoptr(Stream) dispatch = NULL;
  guint64 a, b, c, end_customers, end_dispatch;

  server_start (&server, NULL);
  all = stream_open_full (&server, "/sse?topics=customer:*", NULL, 0);
  one = stream_open_full (&server, "/sse?topics=customer:C0001", NULL, 0);
  dispatch = stream_open_full (&server, "/sse?topics=%20dispatch%20,,conversations:nothing", NULL, 0);
  stream_wait_headers (all);
  stream_wait_headers (one);
  stream_wait_headers (dispatch);

  a = broadcast (&server, "customer:C0001", NULL, "{\"n\":\"a\"}", 2);
  b = broadcast (&server, "customer:C0002", NULL, "{\"n\":\"b\"}", 1);
  c = broadcast (&server, "dispatch", NULL, "{\"n\":\"c\"}", 1);
  broadcast (&server, "conversations", NULL, "{\"n\":\"d\"}", 0);
  broadcast (&server, "customer", NULL, "{\"n\":\"e\"}", 0);
  end_customers = broadcast (&server, "customer:C0001", "end", "null", 2);
  end_dispatch = broadcast (&server, "dispatch", "end", "null", 1);

  /* Each stream, in order, only its topics; "end" comes after the rest. */
  {
    g_autoptr(OpsSseEvent) e1 = expect_event (all, a, "message");
    g_autoptr(OpsSseEvent) e2 = expect_event (all, b, "message");
    g_autoptr(OpsSseEvent) e3 = expect_event (all, end_customers, "end");

    assert_data (e1, "customer:C0001", "{\"n\":\"a\"}");
    assert_data (e2, "customer:C0002", "{\"n\":\"b\"}");
  }
  {
    g_autoptr(OpsSseEvent) e1 = expect_event (one, a, "message");
    g_autoptr(OpsSseEvent) e2 = expect_event (one, end_customers, "end");
  }
  {
    g_autoptr(OpsSseEvent) e1 = expect_event (dispatch, c, "message");
    g_autoptr(OpsSseEvent) e2 = expect_event (dispatch, end_dispatch, "end");

    assert_data (e1, "dispatch", "{\"n\":\"c\"}");
  }

  server_stop (&server);
}

static void
test_replay (void)
{
  Server server = { 0 };
  g_autoptr(Stream) live = NULL;
  g_autoptr(Stream) from_first = NULL;
  g_autoptr(Stream) from_query = NULL;
  g_autoptr(Stream) up_to_date = NULL;
  g_autofree char *header = NULL;
  g_autofree char *target = NULL;
  g_autofree char *current = NULL;
  guint64 id1, id2, id3, id4, id5;

  server_start (&server, NULL);
  live = stream_open_full (&server, "/sse?topics=dispatch", NULL, 0);
  stream_wait_headers (live);

  id1 = broadcast (&server, "dispatch", "job.created", "{\"job\":1}", 1);
  id2 = broadcast (&server, "dispatch", "job.updated", "{\"job\":2}", 1);
  broadcast (&server, "conversations", NULL, "{\"sms\":1}", 0);
  id3 = broadcast (&server, "dispatch", NULL, "{\"job\":3}", 1);
  g_assert_cmpuint (id1, <, id2);
  g_assert_cmpuint (id2, <, id3);

  /* Reconnecting after id1: id2 and id3, as they were sent, then live. */
  header = g_strdup_printf ("Last-Event-ID: %" G_GUINT64_FORMAT "\r\n", id1);
  from_first = stream_open_full (&server, "/sse?topics=dispatch", header, 0);
  {
    g_autoptr(OpsSseEvent) e2 = expect_event (from_first, id2, "job.updated");
    g_autoptr(OpsSseEvent) e3 = expect_event (from_first, id3, "message");

    assert_data (e2, "dispatch", "{\"job\":2}");
    assert_data (e3, "dispatch", "{\"job\":3}");
  }
  id4 = broadcast (&server, "dispatch", NULL, "{\"job\":4}", 2);
  {
    g_autoptr(OpsSseEvent) e4 = expect_event (from_first, id4, "message");
  }

  /* EventSource polyfills send it in the query. */
  target = g_strdup_printf ("/sse?topics=dispatch&lastEventId=%" G_GUINT64_FORMAT, id2);
  from_query = stream_open_full (&server, target, NULL, 0);
  {
    g_autoptr(OpsSseEvent) e3 = expect_event (from_query, id3, "message");
    g_autoptr(OpsSseEvent) e4 = expect_event (from_query, id4, "message");
  }

  /* Up to date: nothing replayed, the next live event comes first. */
  current = g_strdup_printf ("Last-Event-ID: %" G_GUINT64_FORMAT "\r\n", id4);
  up_to_date = stream_open_full (&server, "/sse?topics=dispatch", current, 0);
  stream_wait_for (up_to_date, "retry: 5000\n\n", 1);
  id5 = broadcast (&server, "dispatch", NULL, "{\"job\":5}", 4);
  {
    g_autoptr(OpsSseEvent) e5 = expect_event (up_to_date, id5, "message");
  }

  server_stop (&server);
}

static void
test_resync (void)
{
  Server server = { 0 };
  g_autoptr(Stream) too_old = NULL;
  g_autoptr(Stream) just_kept = NULL;
  g_autoptr(Stream) other_run = NULL;
  g_autoptr(Stream) garbage = NULL;
  g_autofree char *old_header = NULL;
  g_autofree char *kept_header = NULL;
  guint64 ids[4], next;

  /* Two events kept per topic. */
  server_start (&server, "sse_replay_events = 2\n");
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = broadcast (&server, "dispatch", NULL, "{}", 0);

  /* ids[1] is gone: refetch, and go on from the current id. */
  old_header = g_strdup_printf ("Last-Event-ID: %" G_GUINT64_FORMAT "\r\n", ids[0]);
  too_old = stream_open_full (&server, "/sse?topics=dispatch", old_header, 0);
  {
    g_autoptr(OpsSseEvent) resync = expect_event (too_old, ids[3], "resync");

    assert_reason (resync, "too_old");
  }

  /* After ids[1], ids[2] and ids[3] are still there. */
  kept_header = g_strdup_printf ("Last-Event-ID: %" G_GUINT64_FORMAT "\r\n", ids[1]);
  just_kept = stream_open_full (&server, "/sse?topics=dispatch", kept_header, 0);
  {
    g_autoptr(OpsSseEvent) e2 = expect_event (just_kept, ids[2], "message");
    g_autoptr(OpsSseEvent) e3 = expect_event (just_kept, ids[3], "message");
  }

  /* An id of another run of the server, and one that is no id. */
  other_run = stream_open_full (&server, "/sse?topics=dispatch", "Last-Event-ID: 12\r\n", 0);
  garbage = stream_open_full (&server, "/sse?topics=dispatch", "Last-Event-ID: yesterday\r\n", 0);
  {
    g_autoptr(OpsSseEvent) r1 = expect_event (other_run, ids[3], "resync");
    g_autoptr(OpsSseEvent) r2 = expect_event (garbage, ids[3], "resync");
  }

  /* Live events follow the resync. */
  next = broadcast (&server, "dispatch", NULL, "{\"after\":true}", 4);
  {
    g_autoptr(OpsSseEvent) live = expect_event (too_old, next, "message");

    assert_data (live, "dispatch", "{\"after\":true}");
  }

  server_stop (&server);
}

static void
test_keepalive (void)
{
  Server server = { 0 };
  g_autoptr(Stream) stream = NULL;

  server_start (&server, "sse_keepalive_seconds = 1\n");
  stream = stream_open_full (&server, "/sse?topics=dispatch", NULL, 0);
  stream_wait_for (stream, ": keep-alive\n\n", 2);
  /* Comments are no events. */
  g_assert_null (ops_sse_parser_next_event (stream->parser));

  server_stop (&server);
}

/* A client that never reads is cut off once its queue is full; the server
 * keeps a bounded amount for it and goes on serving the others. */
static void
test_slow_client (void)
{
  Server server = { 0 };
  g_autoptr(Stream) slow = NULL;
  g_autoptr(Stream) healthy = NULL;
  g_autoptr(JsonObject) health = NULL;
  g_autofree char *pad = g_strnfill (32 * 1024, 'x');
  g_autofree char *data = g_strdup_printf ("{\"pad\":\"%s\"}", pad);
  OpsSseEvent *last = NULL;
  gint64 rss_before, rss_after;
  guint cut_at = 0;
  const guint n = 300;

  server_start (&server, "sse_queue_events = 8\nsse_queue_bytes = 65536\nsse_replay_events = 4\n");
  slow = stream_open_full (&server, "/sse?topics=bulk", NULL, 4096);
  healthy = stream_open_full (&server, "/sse?topics=bulk", NULL, 0);
  stream_wait_headers (healthy);
  broadcast (&server, "bulk", NULL, "{}", 2);
  g_clear_pointer (&last, ops_sse_event_free);
  last = stream_next_event (healthy);
  g_clear_pointer (&last, ops_sse_event_free);
  rss_before = server_rss_kib (&server);

  /* 300 events of 32 KiB: 9.6 MB that the slow client never takes. */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *body = g_strdup_printf ("{\"topic\":\"bulk\",\"data\":%s}", data);
      g_autoptr(JsonObject) answer = request (&server, "POST", "/broadcast", NULL, body, 200);
      gint64 delivered = json_object_get_int_member (answer, "delivered");
      OpsSseEvent *event;

      g_assert_cmpint (delivered, >=, 1);
      if (delivered == 1 && cut_at == 0)
        cut_at = i;
      event = stream_next_event (healthy);
      g_assert_nonnull (event);
      ops_sse_event_free (event);
    }
  rss_after = server_rss_kib (&server);
  g_test_message ("slow client cut off at event %u; server RSS %" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " KiB",
                  cut_at, rss_before, rss_after);
  g_assert_cmpuint (cut_at, >, 0);
  g_assert_cmpuint (cut_at, <, n / 2);
  if (rss_before > 0)
    g_assert_cmpint (rss_after - rss_before, <, 4 * 1024);

  /* When it reads at last: what was in the pipe, whole events, then the
   * reason, then the end. */
  for (;;)
    {
      OpsSseEvent *event = stream_next_event (slow);

      if (event == NULL)
        break;
      g_clear_pointer (&last, ops_sse_event_free);
      last = event;
    }
  g_assert_nonnull (last);
  g_assert_cmpstr (last->event, ==, "close");
  assert_reason (last, "slow_client");
  g_clear_pointer (&last, ops_sse_event_free);

  health = request (&server, "GET", "/health", NULL, NULL, 200);
  server_stop (&server);
}

static void
test_bad_requests (void)
{
  static const char *const bodies[] = {
    "",                                              /* no body */
    "{\"topic\": ",                                  /* not JSON */
    "[\"dispatch\"]",                                /* not an object */
    "{\"data\": {}}",                                /* no topic */
    "{\"topic\": 3}",                                /* not a string */
    "{\"topic\": \"\"}",                             /* empty */
    "{\"topic\": \"dispatch\\ndata: injected\"}",    /* a line break */
    "{\"topic\": \"dispatch\\r\"}",
    "{\"topic\": \"dispatch\", \"event\": \"a\\nb\"}",
    "{\"topic\": \"dispatch\", \"event\": 5}",
    "{\"topic\": \"dispatch\", \"event\": \"\"}",
  };
  Server server = { 0 };
  g_autofree char *oversized = NULL;
  g_autoptr(JsonObject) fine = NULL;

  server_start (&server, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autoptr(JsonObject) answer = request (&server, "POST", "/broadcast", NULL, bodies[i], 400);

      assert_error (answer, "bad_request");
    }

  /* Over 64 KiB: refused, and the server still answers. */
  oversized = g_strdup_printf ("{\"topic\":\"dispatch\",\"data\":\"%0*d\"}", 70 * 1024, 0);
  {
    g_autoptr(JsonObject) answer = request (&server, "POST", "/broadcast", NULL, oversized, 400);
    g_autoptr(JsonObject) health = request (&server, "GET", "/health", NULL, NULL, 200);

    assert_error (answer, "bad_request");
  }

  /* The same, chunked: no length to refuse it early. */
  {
    g_autoptr(Stream) raw = stream_connect (&server, 0);
    g_autofree char *head = g_strdup_printf ("POST /broadcast HTTP/1.1\r\nHost: 127.0.0.1:%u\r\n"
                                             "Content-Type: application/json\r\n"
                                             "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                                             server.port);
    g_autofree char *chunk_head = g_strdup_printf ("%zx\r\n", strlen (oversized));

    stream_write (raw, head, strlen (head));
    stream_write (raw, chunk_head, strlen (chunk_head));
    stream_write (raw, oversized, strlen (oversized));
    stream_write (raw, "\r\n0\r\n\r\n", 7);
    stream_wait_headers (raw);
    g_assert_true (g_str_has_prefix (raw->received->str, "HTTP/1.1 400 "));
    stream_wait_eof (raw);
    g_assert_nonnull (strstr (raw->received->str + raw->body, "\"bad_request\""));
  }

  {
    g_autoptr(JsonObject) get_broadcast = request (&server, "GET", "/broadcast", NULL, NULL, 405);
    g_autoptr(JsonObject) post_sse = request (&server, "POST", "/sse?topics=dispatch", NULL, "{}", 405);
    g_autoptr(JsonObject) no_topics = request (&server, "GET", "/sse", NULL, NULL, 400);
    g_autoptr(JsonObject) empty_topics = request (&server, "GET", "/sse?topics=,%20,", NULL, NULL, 400);
    g_autoptr(JsonObject) broken_topic = request (&server, "GET", "/sse?topics=a%0Aid:%201", NULL, NULL, 400);

    assert_error (get_broadcast, "method_not_allowed");
    assert_error (post_sse, "method_not_allowed");
    assert_error (no_topics, "bad_request");
    assert_error (empty_topics, "bad_request");
    assert_error (broken_topic, "bad_request");
  }

  /* Topic alone is enough; nobody listens. */
  fine = request (&server, "POST", "/broadcast", NULL, "{\"topic\": \"dispatch\"}", 200);
  g_assert_cmpint (json_object_get_int_member (fine, "id"), >, 0);
  g_assert_cmpint (json_object_get_int_member (fine, "delivered"), ==, 0);

  server_stop (&server);
}

/* With a token configured, both routes want it. */
static void
test_authorization (void)
{
  Server server = { 0 };
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, TOKEN, -1);
  g_autofree char *config = g_strdup_printf ("tokens = sha256:%s\n", digest);
  g_autoptr(Stream) stream = NULL;
  g_autoptr(JsonObject) refused_sse = NULL;
  g_autoptr(JsonObject) refused_broadcast = NULL;
  g_autoptr(JsonObject) wrong_token = NULL;
  g_autoptr(JsonObject) sent = NULL;

  server_start (&server, config);

  refused_sse = request (&server, "GET", "/sse?topics=dispatch", NULL, NULL, 401);
  assert_error (refused_sse, "unauthorized");
  refused_broadcast = request (&server, "POST", "/broadcast", NULL, "{\"topic\":\"dispatch\"}", 401);
  assert_error (refused_broadcast, "unauthorized");
  wrong_token = request (&server, "POST", "/broadcast", "Bearer not-it", "{\"topic\":\"dispatch\"}", 401);
  assert_error (wrong_token, "unauthorized");

  stream = stream_open_full (&server, "/sse?topics=dispatch", "Authorization: Bearer " TOKEN "\r\n", 0);
  stream_wait_for (stream, "retry: 5000\n\n", 1);
  g_assert_true (g_str_has_prefix (stream->received->str, "HTTP/1.1 200 OK\r\n"));
  sent = request (&server, "POST", "/broadcast", "Bearer " TOKEN, "{\"topic\":\"dispatch\",\"data\":1}", 200);
  g_assert_cmpint (json_object_get_int_member (sent, "delivered"), ==, 1);
  {
    g_autoptr(OpsSseEvent) event = expect_event (stream, (guint64)json_object_get_int_member (sent, "id"), "message");
  }

  server_stop (&server);
}

static guint
server_fd_count (Server *server)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/fd", g_subprocess_get_identifier (server->process));
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* A client that goes away is forgotten, its socket closed. */
static void
test_client_gone (void)
{
  Server server = { 0 };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(Stream) stays = NULL;
  Stream *leaving[3];
  gint64 deadline;
  guint fds_before;
  gint64 delivered;

  server_start (&server, NULL);
  stays = stream_open_full (&server, "/sse?topics=gone", NULL, 0);
  stream_wait_headers (stays);
  /* One connection for every publication, open from here on. */
  {
    g_autoptr(JsonObject) first = request_on (session, &server, "POST", "/broadcast", NULL, "{\"topic\":\"gone\"}", 200);

    g_assert_cmpint (json_object_get_int_member (first, "delivered"), ==, 1);
  }
  fds_before = server_fd_count (&server);

  for (guint i = 0; i < G_N_ELEMENTS (leaving); i++)
    {
      leaving[i] = stream_open_full (&server, "/sse?topics=gone", NULL, 0);
      stream_wait_headers (leaving[i]);
    }
  {
    g_autoptr(JsonObject) all = request_on (session, &server, "POST", "/broadcast", NULL, "{\"topic\":\"gone\"}", 200);

    g_assert_cmpint (json_object_get_int_member (all, "delivered"), ==, 4);
  }
  for (guint i = 0; i < G_N_ELEMENTS (leaving); i++)
    stream_free (leaving[i]);

  /* Each publication is a round trip: the server has seen the closes by
   * the time one reaches only the stream that stayed. */
  deadline = g_get_monotonic_time () + TIMEOUT;
  do
    {
      g_autoptr(JsonObject) answer = request_on (session, &server, "POST", "/broadcast", NULL,
                                                 "{\"topic\":\"gone\"}", 200);

      delivered = json_object_get_int_member (answer, "delivered");
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
    }
  while (delivered != 1);

  /* Every socket of the streams that left is closed. */
  if (fds_before > 0)
    g_assert_cmpuint (server_fd_count (&server), ==, fds_before);

  server_stop (&server);
}

/* Stopping the server ends every stream with a last event. */
static void
test_shutdown (void)
{
  Server server = { 0 };
  g_autoptr(Stream) first = NULL;
  g_autoptr(Stream) second = NULL;
  g_autoptr(GError) error = NULL;
  Stream *streams[2];
  guint64 id;

  server_start (&server, NULL);
  first = stream_open_full (&server, "/sse?topics=dispatch", NULL, 0);
  second = stream_open_full (&server, "/sse?topics=customer:*", NULL, 0);
  stream_wait_headers (first);
  stream_wait_headers (second);
  id = broadcast (&server, "dispatch", NULL, "{}", 1);

  g_subprocess_send_signal (server.process, SIGTERM);
  g_assert_true (g_subprocess_wait (server.process, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (server.process), ==, 0);
  g_thread_join (server.drain);
  g_clear_object (&server.process);

  {
    g_autoptr(OpsSseEvent) before = expect_event (first, id, "message");
  }
  streams[0] = first;
  streams[1] = second;
  for (guint i = 0; i < G_N_ELEMENTS (streams); i++)
    {
      g_autoptr(OpsSseEvent) last = stream_next_event (streams[i]);
      g_autoptr(OpsSseEvent) after = NULL;

      g_assert_nonnull (last);
      g_assert_cmpstr (last->event, ==, "shutdown");
      assert_reason (last, "shutdown");
      after = stream_next_event (streams[i]);
      g_assert_null (after);
      g_assert_true (streams[i]->eof);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sse/framing", test_framing);
  g_test_add_func ("/sse/topics", test_topics);
  g_test_add_func ("/sse/replay", test_replay);
  g_test_add_func ("/sse/resync", test_resync);
  g_test_add_func ("/sse/keepalive", test_keepalive);
  g_test_add_func ("/sse/slow-client", test_slow_client);
  g_test_add_func ("/sse/bad-requests", test_bad_requests);
  g_test_add_func ("/sse/authorization", test_authorization);
  g_test_add_func ("/sse/client-gone", test_client_gone);
  g_test_add_func ("/sse/shutdown", test_shutdown);

  return g_test_run ();
}
