/* test-hub-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpsHubClient against a small SSE server in a thread (every byte of the
 * stream written by the test), then against the real binary run with
 * --headless.
 */

#define G_LOG_DOMAIN "test-hub-client"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "ops-fake-server.h"
#include "ops-hub-client.h"

#define GUARD_SECONDS 10
#define TOKEN "test-token"
#define OLD_EVENT "id: 6\ndata: {\"topic\":\"dispatch\",\"data\":{\"old\":true}}\n\n"

typedef struct
{
  char       *topics;
  char       *last_event_id;
  char       *authorization;
  char       *accept;
  GIOStream  *stream;   /* the open event stream, or NULL */
} Request;

typedef struct
{
  OpsFakeServer *fake;
  GMutex         mutex;
  GPtrArray     *requests;     /* Request *, guarded by mutex */
  guint          status;       /* what /sse answers: 200 or an error status */
  const char    *content_type; /* of a 200 answer */
  const char    *preamble;     /* written first on every stream */

  OpsEventBus   *bus;
  OpsHubClient  *client;
  GPtrArray     *events;       /* "topic data" */
} Fixture;

typedef gboolean (*Condition) (Fixture *fixture);

static void
request_free (gpointer data)
{
  Request *request = data;

  g_free (request->topics);
  g_free (request->last_event_id);
  g_free (request->authorization);
  g_free (request->accept);
  if (request->stream != NULL)
    g_io_stream_close (request->stream, NULL, NULL);
  g_clear_object (&request->stream);
  g_free (request);
}

/*
 * The SSE server (its thread)
 */

static void
sse_cb (SoupServer        *server,
        SoupServerMessage *msg,
        const char        *path,
        GHashTable        *query,
        gpointer           user_data)
{
  Fixture *fixture = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  Request *request = g_new0 (Request, 1);
  g_autofree char *head = NULL;
  guint status;

  request->topics = g_strdup (query ? g_hash_table_lookup (query, "topics") : NULL);
  request->last_event_id = g_strdup (soup_message_headers_get_one (headers, "Last-Event-ID"));
  request->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
  request->accept = g_strdup (soup_message_headers_get_one (headers, "Accept"));

  g_mutex_lock (&fixture->mutex);
  status = fixture->status;
  if (status == SOUP_STATUS_OK)
    {
      /* An answer of any length, ended by closing the connection: the
       * test writes the stream itself. */
      request->stream = soup_server_message_steal_connection (msg);
      head = g_strdup_printf ("HTTP/1.1 200 OK\r\nContent-Type: %s\r\nCache-Control: no-store\r\n"
                              "Connection: close\r\n\r\n%s",
                              fixture->content_type, fixture->preamble ? fixture->preamble : "");
      g_output_stream_write_all (g_io_stream_get_output_stream (request->stream), head, strlen (head),
                                 NULL, NULL, NULL);
    }
  g_ptr_array_add (fixture->requests, request);
  g_mutex_unlock (&fixture->mutex);

  if (status != SOUP_STATUS_OK)
    {
      static const char body[] = "{\"error\": \"unauthorized\", \"message\": \"A token is needed.\"}";

      soup_server_message_set_status (msg, status, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, body, strlen (body));
    }
}

static void
server_setup (SoupServer *server,
              gpointer    user_data)
{
  soup_server_add_handler (server, "/sse", sse_cb, user_data, NULL);
}

/*
 * The test side
 */

static void
on_bus_event_cb (OpsEventBus *bus,
                 const char  *topic,
                 JsonNode    *data,
                 Fixture     *fixture)
{
  g_autofree char *json = data ? json_to_string (data, FALSE) : g_strdup ("null");

  g_test_message ("bus: %s %s", topic, json);
  g_ptr_array_add (fixture->events, g_strdup_printf ("%s %s", topic, json));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  OpsRetryPolicy policy = { 0, 20, 200 };

  g_mutex_init (&fixture->mutex);
  fixture->requests = g_ptr_array_new_with_free_func (request_free);
  fixture->status = SOUP_STATUS_OK;
  fixture->content_type = "text/event-stream";
  fixture->preamble = "retry: 10\n\n";
  fixture->fake = ops_fake_server_new (server_setup, fixture);

  fixture->events = g_ptr_array_new_with_free_func (g_free);
  fixture->bus = ops_event_bus_new ();
  g_signal_connect (fixture->bus, "event", G_CALLBACK (on_bus_event_cb), fixture);
  fixture->client = ops_hub_client_new (ops_fake_server_get_url (fixture->fake), TOKEN, fixture->bus, &error);
  g_assert_no_error (error);
  ops_hub_client_set_retry_policy (fixture->client, &policy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  ops_hub_client_stop (fixture->client);
  g_clear_object (&fixture->client);
  /* Let the cancelled stream's callbacks run. */
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  g_clear_object (&fixture->bus);
  g_clear_pointer (&fixture->fake, ops_fake_server_free);
  g_clear_pointer (&fixture->requests, g_ptr_array_unref);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
  g_mutex_clear (&fixture->mutex);
}

static gboolean
on_wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until condition holds; fails after GUARD_SECONDS. */
static void
wait_until (Fixture    *fixture,
            Condition   condition,
            const char *what)
{
  gint64 deadline = g_get_monotonic_time () + GUARD_SECONDS * G_USEC_PER_SEC;
  /* The server thread changes things too: look again now and then. */
  guint wake = g_timeout_add (20, on_wake_cb, NULL);

  while (!condition (fixture))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("gave up waiting for %s", what);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
}

static gboolean
on_spin_done_cb (gpointer user_data)
{
  *(gboolean *)user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for ms: to show that something does NOT happen. */
static void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_spin_done_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

static guint
request_count (Fixture *fixture)
{
  guint count;

  g_mutex_lock (&fixture->mutex);
  count = fixture->requests->len;
  g_mutex_unlock (&fixture->mutex);
  return count;
}

static Request *
request_at (Fixture *fixture,
            guint    index)
{
  Request *request;

  g_mutex_lock (&fixture->mutex);
  g_assert_cmpuint (index, <, fixture->requests->len);
  request = g_ptr_array_index (fixture->requests, index);
  g_mutex_unlock (&fixture->mutex);
  return request;
}

/* Writes on the event stream of request index. */
static void
send_on (Fixture    *fixture,
         guint       index,
         const char *text)
{
  Request *request = request_at (fixture, index);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (request->stream);
  g_output_stream_write_all (g_io_stream_get_output_stream (request->stream), text, strlen (text),
                             NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
send_last (Fixture    *fixture,
           const char *text)
{
  send_on (fixture, request_count (fixture) - 1, text);
}

static void
drop_last (Fixture *fixture)
{
  Request *request = request_at (fixture, request_count (fixture) - 1);

  g_io_stream_close (request->stream, NULL, NULL);
}

static gboolean
first_stream_closed (Fixture *fixture)
{
  GInputStream *input = g_io_stream_get_input_stream (request_at (fixture, 0)->stream);
  g_autoptr(GError) error = NULL;
  char byte;
  gssize length;

  length = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (input), &byte, 1, NULL, &error);
  return length == 0 || (length < 0 && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK));
}

static gboolean
is_live (Fixture *fixture)
{
  return ops_hub_client_get_state (fixture->client) == OPS_HUB_LIVE;
}

static gboolean
is_waiting_to_retry (Fixture *fixture)
{
  return ops_hub_client_get_state (fixture->client) == OPS_HUB_DISCONNECTED &&
         ops_hub_client_get_retry_at (fixture->client) > 0;
}

static gboolean
is_auth_failed (Fixture *fixture)
{
  return ops_hub_client_get_state (fixture->client) == OPS_HUB_AUTH_FAILED;
}

static gboolean
has_two_requests (Fixture *fixture)
{
  return request_count (fixture) >= 2;
}

static gboolean
has_three_requests (Fixture *fixture)
{
  return request_count (fixture) >= 3;
}

static gboolean
has_two_requests_live (Fixture *fixture)
{
  return has_two_requests (fixture) && is_live (fixture);
}

static gboolean
has_three_requests_live (Fixture *fixture)
{
  return has_three_requests (fixture) && is_live (fixture);
}

static gboolean
has_one_event (Fixture *fixture)
{
  return fixture->events->len >= 1;
}

static gboolean
has_two_events (Fixture *fixture)
{
  return fixture->events->len >= 2;
}

static gboolean
has_three_events (Fixture *fixture)
{
  return fixture->events->len >= 3;
}

static gboolean
has_four_events (Fixture *fixture)
{
  return fixture->events->len >= 4;
}

static void
start_live (Fixture            *fixture,
            const char * const *topics)
{
  ops_hub_client_set_topics (fixture->client, topics);
  ops_hub_client_start (fixture->client);
  wait_until (fixture, is_live, "the stream to open");
  g_assert_cmpuint (request_count (fixture), ==, 1);
}

static const char *
event_at (Fixture *fixture,
          guint    index)
{
  g_assert_cmpuint (index, <, fixture->events->len);
  return g_ptr_array_index (fixture->events, index);
}

/*
 * Tests
 */

/* Events reach the bus with their topic and data, however the stream is
 * cut on the wire. */
static void
test_events (Fixture       *fixture,
             gconstpointer  data)
{
  static const char *const topics[] = { "dispatch", "conversations", "customer:C0001", "dispatch", NULL };
  Request *first;

  start_live (fixture, topics);
  first = request_at (fixture, 0);
  g_assert_cmpstr (first->topics, ==, "conversations,customer:C0001,dispatch");
  g_assert_cmpstr (first->authorization, ==, "Bearer " TOKEN);
  g_assert_cmpstr (first->accept, ==, "text/event-stream");
  g_assert_null (first->last_event_id);
  g_assert_null (ops_hub_client_get_last_error (fixture->client));

  /* The hub's framing: the topic is in the data, "event:" is the name a
   * /broadcast gave, if any. */
  send_last (fixture, ": keep-alive\n\nid: 1\ndata: {\"topic\":\"dispatch\",\"data\":{\"job\":\"JOB-1\"}}\n\n");
  send_last (fixture, "id: 2\r\nevent: sms.received\r\ndata: {\"topic\":\"customer:C0001\",\"da");
  wait_until (fixture, has_one_event, "the first event");
  send_last (fixture, "ta\":{\"sms\":\"hi\"}}\r\n\r\n");
  wait_until (fixture, has_two_events, "the second event");
  /* No data; then what is not a bus event is not published. */
  send_last (fixture, "id: 3\ndata: {\"topic\":\"conversations\",\"data\":null}\n\n"
                      "id: 4\ndata: not json\n\n"
                      "id: 5\nevent: dispatch\ndata: {\"job\":\"JOB-2\"}\n\n"
                      "id: 6\ndata: {\"topic\":\"dispatch\",\"data\":[1,2]}\n\n");
  wait_until (fixture, has_four_events, "the last event");

  g_assert_cmpstr (event_at (fixture, 0), ==, "dispatch {\"job\":\"JOB-1\"}");
  g_assert_cmpstr (event_at (fixture, 1), ==, "customer:C0001 {\"sms\":\"hi\"}");
  g_assert_cmpstr (event_at (fixture, 2), ==, "conversations null");
  g_assert_cmpstr (event_at (fixture, 3), ==, "dispatch [1,2]");
  g_assert_cmpuint (fixture->events->len, ==, 4);
  g_assert_cmpstr (ops_hub_client_get_last_event_id (fixture->client), ==, "6");
}

/* The server drops the stream: the client waits, reconnects with
 * Last-Event-ID and goes on receiving. */
static void
test_reconnect (Fixture       *fixture,
                gconstpointer  data)
{
  static const char *const topics[] = { "dispatch", NULL };
  Request *second;

  start_live (fixture, topics);
  send_last (fixture, "id: 41\ndata: {\"topic\":\"dispatch\",\"data\":{\"n\":1}}\n\n"
                      "id: 42\ndata: {\"topic\":\"dispatch\",\"data\":{\"n\":2}}\n\n");
  wait_until (fixture, has_two_events, "two events");

  drop_last (fixture);
  wait_until (fixture, is_waiting_to_retry, "the client to see the stream go");
  g_assert_nonnull (ops_hub_client_get_last_error (fixture->client));
  wait_until (fixture, has_two_requests_live, "the client to reconnect");

  second = request_at (fixture, 1);
  g_assert_cmpstr (second->last_event_id, ==, "42");
  g_assert_cmpstr (second->topics, ==, "dispatch");
  g_assert_cmpstr (second->authorization, ==, "Bearer " TOKEN);
  g_assert_null (ops_hub_client_get_last_error (fixture->client));
  g_assert_cmpint (ops_hub_client_get_retry_at (fixture->client), ==, 0);

  send_last (fixture, "id: 43\ndata: {\"topic\":\"dispatch\",\"data\":{\"n\":3}}\n\n");
  wait_until (fixture, has_three_events, "the event after the reconnection");
  g_assert_cmpstr (event_at (fixture, 2), ==, "dispatch {\"n\":3}");

  /* Refused connections: the client keeps trying (with back-off). */
  drop_last (fixture);
  ops_fake_server_set_down (fixture->fake, TRUE);
  wait_until (fixture, is_waiting_to_retry, "the client to see the stream go");
  spin (100);
  g_assert_false (is_live (fixture));
  ops_fake_server_set_down (fixture->fake, FALSE);
  wait_until (fixture, has_three_requests_live, "the client to reconnect once the server is back");
  g_assert_cmpstr (request_at (fixture, 2)->last_event_id, ==, "43");
}

/* "resync": the missed events are gone, pages must refetch. */
static void
test_resync (Fixture       *fixture,
             gconstpointer  data)
{
  static const char *const topics[] = { "dispatch", NULL };

  start_live (fixture, topics);
  send_last (fixture, "id: 10\nevent: resync\ndata: {\"reason\":\"too_old\",\"message\":\"Fetch again.\"}\n\n");
  wait_until (fixture, has_one_event, "the resync");
  g_assert_cmpstr (event_at (fixture, 0), ==, "resync {\"reason\":\"too_old\",\"message\":\"Fetch again.\"}");
  g_assert_true (is_live (fixture));
  g_assert_cmpstr (ops_hub_client_get_last_event_id (fixture->client), ==, "10");

  /* A bus event a /broadcast named "resync" is still a bus event. */
  send_last (fixture, "id: 11\nevent: resync\ndata: {\"topic\":\"dispatch\",\"data\":{}}\n\n");
  wait_until (fixture, has_two_events, "the broadcast");
  g_assert_cmpstr (event_at (fixture, 1), ==, "dispatch {}");
}

/* 401: the token is wrong, trying again would not help. */
static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char *const topics[] = { "dispatch", NULL };
  static const char *const other_topics[] = { "dispatch", "outbox", NULL };

  fixture->status = SOUP_STATUS_UNAUTHORIZED;
  ops_hub_client_set_topics (fixture->client, topics);
  ops_hub_client_start (fixture->client);
  wait_until (fixture, is_auth_failed, "the token to be refused");

  g_assert_nonnull (strstr (ops_hub_client_get_last_error (fixture->client), "token"));
  g_assert_cmpint (ops_hub_client_get_retry_at (fixture->client), ==, 0);
  /* Over 10 back-off periods: no loop. */
  spin (300);
  ops_hub_client_set_topics (fixture->client, other_topics);
  spin (100);
  g_assert_cmpuint (request_count (fixture), ==, 1);
  g_assert_true (is_auth_failed (fixture));

  /* Started again (a new token), it connects. */
  g_mutex_lock (&fixture->mutex);
  fixture->status = SOUP_STATUS_OK;
  g_mutex_unlock (&fixture->mutex);
  ops_hub_client_start (fixture->client);
  wait_until (fixture, has_two_requests_live, "the stream to open");
  g_assert_cmpstr (request_at (fixture, 1)->topics, ==, "dispatch,outbox");
}

/* The pages change the topics: one reconnection with the new query, the
 * old stream no longer feeds the bus. */
static void
test_topics_change (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char *const topics[] = { "dispatch", NULL };
  static const char *const new_topics[] = { "outbox", "dispatch", NULL };
  g_auto(GStrv) current = NULL;

  start_live (fixture, topics);
  send_last (fixture, "id: 5\ndata: {\"topic\":\"dispatch\",\"data\":{}}\n\n");
  wait_until (fixture, has_one_event, "the first event");

  /* Several changes in one go make one reconnection. */
  ops_hub_client_set_topics (fixture->client, new_topics);
  ops_hub_client_watch_topic (fixture->client, "customer:C0002");
  ops_hub_client_watch_topic (fixture->client, "customer:C0002");
  wait_until (fixture, has_two_requests_live, "the new subscription");
  spin (50);
  g_assert_cmpuint (request_count (fixture), ==, 2);
  g_assert_cmpstr (request_at (fixture, 1)->topics, ==, "customer:C0002,dispatch,outbox");
  g_assert_cmpstr (request_at (fixture, 1)->last_event_id, ==, "5");
  current = ops_hub_client_dup_topics (fixture->client);
  g_assert_cmpuint (g_strv_length (current), ==, 3);

  /* The old stream is closed, not left open, and not listened to. */
  wait_until (fixture, first_stream_closed, "the first stream to be closed");
  /* (Written to a closed connection: it may fail, or not yet.) */
  g_output_stream_write_all (g_io_stream_get_output_stream (request_at (fixture, 0)->stream),
                             OLD_EVENT, strlen (OLD_EVENT), NULL, NULL, NULL);
  send_last (fixture, "id: 7\ndata: {\"topic\":\"customer:C0002\",\"data\":{\"new\":true}}\n\n");
  wait_until (fixture, has_two_events, "the event of the new stream");
  spin (50);
  g_assert_cmpuint (fixture->events->len, ==, 2);
  g_assert_cmpstr (event_at (fixture, 1), ==, "customer:C0002 {\"new\":true}");

  /* Watches are counted; the same set again changes nothing. */
  ops_hub_client_unwatch_topic (fixture->client, "customer:C0002");
  ops_hub_client_set_topics (fixture->client, new_topics);
  spin (50);
  g_assert_cmpuint (request_count (fixture), ==, 2);
  ops_hub_client_unwatch_topic (fixture->client, "customer:C0002");
  wait_until (fixture, has_three_requests_live, "the subscription without the customer");
  g_assert_cmpstr (request_at (fixture, 2)->topics, ==, "dispatch,outbox");
  g_assert_cmpstr (request_at (fixture, 2)->last_event_id, ==, "7");
}

/* The hub is shutting down: reconnect later, and the event itself is not
 * for the pages. */
static void
test_shutdown (Fixture       *fixture,
               gconstpointer  data)
{
  static const char *const topics[] = { "dispatch", NULL };

  start_live (fixture, topics);
  /* As the hub sends it: no id of its own, so the last one stays. */
  send_last (fixture, "id: 8\ndata: {\"topic\":\"dispatch\",\"data\":{}}\n\n"
                      "event: shutdown\ndata: {\"reason\":\"shutdown\",\"message\":\"Stopping.\"}\n\n"
                      "id: 9\ndata: {\"topic\":\"dispatch\",\"data\":{\"after\":true}}\n\n");
  wait_until (fixture, has_two_requests_live, "the client to come back");
  g_assert_cmpstr (request_at (fixture, 1)->last_event_id, ==, "8");
  /* Nothing after the shutdown is read; the event itself is not for the pages. */
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpstr (event_at (fixture, 0), ==, "dispatch {}");

  /* A stream the hub found too slow: the same. */
  send_last (fixture, "event: close\ndata: {\"reason\":\"slow_client\",\"message\":\"Too slow.\"}\n\n");
  wait_until (fixture, has_three_requests_live, "the client to come back");
  g_assert_cmpstr (request_at (fixture, 2)->last_event_id, ==, "8");
}

/* A login page of a proxy instead of the stream: retried, and said. */
static void
test_not_event_stream (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char *const topics[] = { "dispatch", NULL };

  fixture->content_type = "text/html";
  fixture->preamble = "<html>Sign in</html>";
  ops_hub_client_set_topics (fixture->client, topics);
  ops_hub_client_start (fixture->client);
  wait_until (fixture, has_three_requests, "the client to try again");
  g_assert_false (is_live (fixture));
  g_assert_nonnull (strstr (ops_hub_client_get_last_error (fixture->client), "event stream"));

  /* Stopped, it tries no more. */
  ops_hub_client_stop (fixture->client);
  g_assert_cmpint (ops_hub_client_get_state (fixture->client), ==, OPS_HUB_DISCONNECTED);
  g_assert_cmpint (ops_hub_client_get_retry_at (fixture->client), ==, 0);
  g_mutex_lock (&fixture->mutex);
  fixture->content_type = "text/event-stream";
  g_mutex_unlock (&fixture->mutex);
  spin (200);
  g_assert_false (is_live (fixture));
}

/*
 * Against the real server
 */

typedef struct
{
  GSubprocess *process;
  guint16      port;
} Headless;

/* Runs gigafibre-ops --headless (demo workspace, staff routes behind
 * [server] tokens) on port (0: any). */
static void
headless_start (Headless *server,
                guint16   port)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GRegex) listening = g_regex_new ("Listening on [0-9.]+:([0-9]+)", 0, 0, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, TOKEN, -1);
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "hub-headless.ini", NULL);
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "hub-headless.sqlite", NULL);
  g_autofree char *contents = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = %u\ntokens = sha256:%s\n",
                                               port, digest);

  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_file_set_contents (config, contents, -1, &error);
  g_assert_no_error (error);
  g_chmod (config, 0600);

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
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
          g_autofree char *number = g_match_info_fetch (match, 1);

          server->port = (guint16)g_ascii_strtoull (number, NULL, 10);
          break;
        }
    }
  g_assert_cmpuint (server->port, >, 0);
}

static void
headless_stop (Headless *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_assert_true (g_subprocess_wait (server->process, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
}

/* POST /broadcast with the token; returns the id of the event.
 * expected_delivered: the streams it reached (G_MAXUINT: not checked). */
static char *
broadcast (Headless   *server,
           const char *body,
           guint       expected_delivered)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/broadcast", server->port);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " TOKEN);
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    g_error ("POST /broadcast: %u %s", soup_message_get_status (msg), (const char *)g_bytes_get_data (answer, NULL));

  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  object = json_node_get_object (node);
  if (expected_delivered != G_MAXUINT)
    g_assert_cmpint (json_object_get_int_member (object, "delivered"), ==, expected_delivered);
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, "id"));
}

static gboolean
has_five_events (Fixture *fixture)
{
  return fixture->events->len >= 5;
}

/* The desktop's hub client and the real headless server: events of the
 * subscribed topics arrive, the rest do not; what was published while the
 * client was away is replayed; a restart of the server brings "resync". */
static void
test_headless (void)
{
  static const char *const topics[] = { "dispatch", "customer:*", NULL };
  Fixture fixture = { 0 };
  Headless server = { 0 };
  OpsRetryPolicy policy = { 0, 50, 500 };
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *first_id = NULL;
  g_autofree char *second_id = NULL;
  g_autofree char *missed_id = NULL;
  g_autoptr(OpsHubClient) refused = NULL;
  guint16 port;

  headless_start (&server, 0);
  port = server.port;
  url = g_strdup_printf ("http://127.0.0.1:%u", server.port);

  fixture.events = g_ptr_array_new_with_free_func (g_free);
  fixture.bus = ops_event_bus_new ();
  g_signal_connect (fixture.bus, "event", G_CALLBACK (on_bus_event_cb), &fixture);

  /* A wrong token: refused once, not tried again. */
  refused = ops_hub_client_new (url, "not-the-token", fixture.bus, &error);
  g_assert_no_error (error);
  fixture.client = refused;
  ops_hub_client_set_topics (refused, topics);
  ops_hub_client_start (refused);
  wait_until (&fixture, is_auth_failed, "the server to refuse the token");
  g_clear_object (&refused);

  fixture.client = ops_hub_client_new (url, TOKEN, fixture.bus, &error);
  g_assert_no_error (error);
  ops_hub_client_set_retry_policy (fixture.client, &policy);
  ops_hub_client_set_topics (fixture.client, topics);
  ops_hub_client_start (fixture.client);
  wait_until (&fixture, is_live, "the stream to open");

  first_id = broadcast (&server, "{\"topic\": \"dispatch\", \"event\": \"job.updated\", "
                                 "\"data\": {\"job\": \"JOB-42\", \"status\": \"Assigned\"}}", 1);
  /* Not followed: not delivered. */
  broadcast (&server, "{\"topic\": \"outbox\", \"data\": {\"pending\": 3}}", 0);
  second_id = broadcast (&server, "{\"topic\": \"customer:C0007\", \"data\": {\"sms\": \"Bonjour\"}}", 1);
  wait_until (&fixture, has_two_events, "the broadcasts");
  g_assert_cmpstr (event_at (&fixture, 0), ==, "dispatch {\"job\":\"JOB-42\",\"status\":\"Assigned\"}");
  g_assert_cmpstr (event_at (&fixture, 1), ==, "customer:C0007 {\"sms\":\"Bonjour\"}");
  g_assert_cmpstr (ops_hub_client_get_last_event_id (fixture.client), ==, second_id);
  g_assert_cmpstr (first_id, !=, second_id);

  /* Away while an event is published: replayed from Last-Event-ID.  (The
   * server may not have seen the stream close yet: it may still write it.) */
  ops_hub_client_stop (fixture.client);
  missed_id = broadcast (&server, "{\"topic\": \"dispatch\", \"data\": {\"job\": \"JOB-43\"}}", G_MAXUINT);
  ops_hub_client_start (fixture.client);
  wait_until (&fixture, has_three_events, "the replayed event");
  g_assert_cmpstr (event_at (&fixture, 2), ==, "dispatch {\"job\":\"JOB-43\"}");
  g_assert_cmpstr (ops_hub_client_get_last_event_id (fixture.client), ==, missed_id);

  /* The server restarts (on the same port): its shutdown event sends the
   * client back to waiting, and the new run no longer knows the ids. */
  headless_stop (&server);
  wait_until (&fixture, is_waiting_to_retry, "the client to see the server go");
  headless_start (&server, port);
  wait_until (&fixture, has_four_events, "the resync");
  g_assert_true (g_str_has_prefix (event_at (&fixture, 3), "resync "));
  wait_until (&fixture, is_live, "the stream to open");

  broadcast (&server, "{\"topic\": \"dispatch\", \"data\": {\"job\": \"JOB-44\"}}", 1);
  wait_until (&fixture, has_five_events, "the event after the restart");
  g_assert_cmpstr (event_at (&fixture, 4), ==, "dispatch {\"job\":\"JOB-44\"}");

  ops_hub_client_stop (fixture.client);
  g_clear_object (&fixture.client);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  headless_stop (&server);
  g_clear_object (&fixture.bus);
  g_ptr_array_unref (fixture.events);
}

static void
test_invalid_url (void)
{
  g_autoptr(OpsEventBus) bus = ops_event_bus_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsHubClient) client = ops_hub_client_new ("ftp://hub.example", TOKEN, bus, &error);

  g_assert_null (client);
  g_assert_error (error, OPS_HUB_CLIENT_ERROR, OPS_HUB_CLIENT_ERROR_INVALID_URL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/hub-client/events", Fixture, NULL, fixture_set_up, test_events, fixture_tear_down);
  g_test_add ("/hub-client/reconnect", Fixture, NULL, fixture_set_up, test_reconnect, fixture_tear_down);
  g_test_add ("/hub-client/resync", Fixture, NULL, fixture_set_up, test_resync, fixture_tear_down);
  g_test_add ("/hub-client/unauthorized", Fixture, NULL, fixture_set_up, test_unauthorized, fixture_tear_down);
  g_test_add ("/hub-client/topics-change", Fixture, NULL, fixture_set_up, test_topics_change, fixture_tear_down);
  g_test_add ("/hub-client/shutdown", Fixture, NULL, fixture_set_up, test_shutdown, fixture_tear_down);
  g_test_add ("/hub-client/not-event-stream", Fixture, NULL, fixture_set_up, test_not_event_stream,
              fixture_tear_down);
  g_test_add_func ("/hub-client/invalid-url", test_invalid_url);
  g_test_add_func ("/hub-client/headless", test_headless);

  return g_test_run ();
}
