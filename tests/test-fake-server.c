/* test-fake-server.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The base of the fake servers against a plain SoupSession: its URL and
 * thread, going down and up on the same port, dropped connections, delayed
 * answers and the request log.
 */

#define G_LOG_DOMAIN "test-fake-server"

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "ops-fake-server.h"

#define GUARD_SECONDS 10

typedef struct
{
  OpsFakeServer *fake;
  SoupSession   *session;

  GMutex         mutex;
  GThread       *setup_thread;
  GThread       *handler_thread;
  guint          paused;          /* delayed answers started */
} Fixture;

/* What an asynchronous request gave. */
typedef struct
{
  GMainLoop *loop;
  guint      pending;
  GPtrArray *finished;            /* paths, in the order they finished */
  GError    *slow_error;
} Async;

/*
 * The fake under test
 */

static void
answer_text (SoupServerMessage *msg,
             const char        *text)
{
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, text, strlen (text));
}

static void
hello_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fixture *fixture = user_data;

  g_mutex_lock (&fixture->mutex);
  fixture->handler_thread = g_thread_self ();
  g_mutex_unlock (&fixture->mutex);

  ops_fake_server_log_request (fixture->fake, msg);
  answer_text (msg, "hello");
}

static void
drop_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;

  ops_fake_server_log_request (fixture->fake, msg);
  ops_fake_server_drop (msg);
}

/* /slow?ms=N answers "slow" after N ms. */
static void
slow_cb (SoupServer        *server,
         SoupServerMessage *msg,
         const char        *path,
         GHashTable        *query,
         gpointer           user_data)
{
  Fixture *fixture = user_data;
  const char *ms = query != NULL ? g_hash_table_lookup (query, "ms") : NULL;

  ops_fake_server_log_request (fixture->fake, msg);
  answer_text (msg, "slow");
  ops_fake_server_answer_later (fixture->fake, msg, ms != NULL ? (guint) g_ascii_strtoull (ms, NULL, 10) : 0);

  g_mutex_lock (&fixture->mutex);
  fixture->paused++;
  g_mutex_unlock (&fixture->mutex);
  /* The test waits for this in its own main context. */
  g_main_context_wakeup (g_main_context_default ());
}

static void
shown_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  Fixture *fixture = user_data;

  ops_fake_server_log_request_path (fixture->fake, msg, "/shown%2Fas");
  answer_text (msg, "shown");
}

static void
setup_cb (SoupServer *server,
          gpointer    user_data)
{
  Fixture *fixture = user_data;

  g_mutex_lock (&fixture->mutex);
  fixture->setup_thread = g_thread_self ();
  g_mutex_unlock (&fixture->mutex);

  soup_server_add_handler (server, "/hello", hello_cb, fixture, NULL);
  soup_server_add_handler (server, "/drop", drop_cb, fixture, NULL);
  soup_server_add_handler (server, "/slow", slow_cb, fixture, NULL);
  soup_server_add_handler (server, "/shown", shown_cb, fixture, NULL);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_mutex_init (&fixture->mutex);
  fixture->fake = ops_fake_server_new (setup_cb, fixture);
  g_assert_nonnull (fixture->fake);
  fixture->session = soup_session_new_with_options ("timeout", GUARD_SECONDS, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->session);
  g_clear_pointer (&fixture->fake, ops_fake_server_free);
  g_mutex_clear (&fixture->mutex);
}

/*
 * Requests
 */

static char *
make_url (Fixture    *fixture,
          const char *path)
{
  return g_strconcat (ops_fake_server_get_url (fixture->fake), path, NULL);
}

/* The body of a blocking request, or NULL with error set. */
static char *
request (Fixture     *fixture,
         const char  *method,
         const char  *path,
         GError     **error)
{
  g_autofree char *url = make_url (fixture, path);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;

  g_assert_nonnull (msg);
  if (g_str_equal (method, "POST"))
    {
      g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);

      soup_message_set_request_body_from_bytes (msg, "application/json", body);
    }

  bytes = soup_session_send_and_read (fixture->session, msg, NULL, error);
  if (bytes == NULL)
    return NULL;
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
assert_answers (Fixture    *fixture,
                const char *path,
                const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = request (fixture, "GET", path, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (body, ==, expected);
}

static gboolean
guard_cb (gpointer data)
{
  g_error ("The test did not finish within %d seconds.", GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
async_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Async *async = data;
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  const char *path = g_uri_get_path (soup_message_get_uri (msg));
  GError *error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (g_str_equal (path, "/slow"))
    async->slow_error = error;
  else
    {
      g_assert_no_error (error);
      g_assert_nonnull (bytes);
    }

  g_ptr_array_add (async->finished, g_strdup (path));
  if (--async->pending == 0)
    g_main_loop_quit (async->loop);
}

static void
send_async (Fixture    *fixture,
            Async      *async,
            const char *path)
{
  g_autofree char *url = make_url (fixture, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);

  async->pending++;
  soup_session_send_and_read_async (fixture->session, msg, G_PRIORITY_DEFAULT, NULL, async_done_cb, async);
}

static void
async_init (Async *async)
{
  async->loop = g_main_loop_new (NULL, FALSE);
  async->pending = 0;
  async->finished = g_ptr_array_new_with_free_func (g_free);
  async->slow_error = NULL;
}

static void
async_run (Async *async)
{
  guint guard = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, NULL);

  if (async->pending > 0)
    g_main_loop_run (async->loop);
  g_source_remove (guard);
}

static void
async_clear (Async *async)
{
  g_main_loop_unref (async->loop);
  g_ptr_array_unref (async->finished);
  g_clear_error (&async->slow_error);
}

/* Runs the test's main context (so that asynchronous requests go out)
 * until the server has paused count delayed answers. */
static void
wait_paused (Fixture *fixture,
             guint    count)
{
  guint guard = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, NULL);
  guint paused = 0;

  for (;;)
    {
      g_mutex_lock (&fixture->mutex);
      paused = fixture->paused;
      g_mutex_unlock (&fixture->mutex);
      if (paused >= count)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (guard);
}

static void
connect_refused (guint16 port)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;

  g_socket_client_set_timeout (client, GUARD_SECONDS);
  connection = g_socket_client_connect_to_host (client, "127.0.0.1", port, NULL, &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

/*
 * Tests
 */

static void
test_url (Fixture       *fixture,
          gconstpointer  data)
{
  guint16 port = ops_fake_server_get_port (fixture->fake);
  g_autofree char *expected = g_strdup_printf ("http://127.0.0.1:%u", port);

  g_assert_cmpuint (port, !=, 0);
  g_assert_cmpstr (ops_fake_server_get_url (fixture->fake), ==, expected);
  assert_answers (fixture, "/hello", "hello");

  /* Handlers run in the server's own thread, where setup ran. */
  g_mutex_lock (&fixture->mutex);
  g_assert_nonnull (fixture->setup_thread);
  g_assert_true (fixture->setup_thread != g_thread_self ());
  g_assert_true (fixture->handler_thread == fixture->setup_thread);
  g_mutex_unlock (&fixture->mutex);
  g_assert_nonnull (ops_fake_server_get_context (fixture->fake));
  g_assert_true (ops_fake_server_get_context (fixture->fake) != g_main_context_default ());
}

static void
test_down_up (Fixture       *fixture,
              gconstpointer  data)
{
  guint16 port = ops_fake_server_get_port (fixture->fake);
  g_autofree char *url = g_strdup (ops_fake_server_get_url (fixture->fake));
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  /* The session keeps a connection open: going down closes it too. */
  assert_answers (fixture, "/hello", "hello");

  ops_fake_server_set_down (fixture->fake, TRUE);
  ops_fake_server_set_down (fixture->fake, TRUE);
  connect_refused (port);
  body = request (fixture, "GET", "/hello", &error);
  g_assert_null (body);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_cmpuint (ops_fake_server_get_request_count (fixture->fake), ==, 1);

  ops_fake_server_set_down (fixture->fake, FALSE);
  ops_fake_server_set_down (fixture->fake, FALSE);
  g_assert_cmpuint (ops_fake_server_get_port (fixture->fake), ==, port);
  g_assert_cmpstr (ops_fake_server_get_url (fixture->fake), ==, url);
  assert_answers (fixture, "/hello", "hello");
  g_assert_cmpuint (ops_fake_server_get_request_count (fixture->fake), ==, 2);
}

static void
test_drop (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;

  /* On a reused connection, where libsoup would resend a GET that got no
   * byte of an answer. */
  assert_answers (fixture, "/hello", "hello");
  body = request (fixture, "GET", "/drop", &error);
  g_assert_null (body);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);

  /* The handler ran once: the client was not able to hide the fault. */
  g_assert_cmpuint (ops_fake_server_get_request_count (fixture->fake), ==, 2);

  /* The server goes on answering. */
  assert_answers (fixture, "/hello", "hello");
}

static void
test_delay (Fixture       *fixture,
            gconstpointer  data)
{
  Async async;
  gint64 started;
  gint64 elapsed_ms;

  async_init (&async);
  started = g_get_monotonic_time ();
  send_async (fixture, &async, "/slow?ms=300");
  wait_paused (fixture, 1);
  /* The server thread is not blocked meanwhile. */
  send_async (fixture, &async, "/hello");
  async_run (&async);
  elapsed_ms = (g_get_monotonic_time () - started) / 1000;

  g_assert_no_error (async.slow_error);
  g_assert_cmpuint (async.finished->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (async.finished, 0), ==, "/hello");
  g_assert_cmpstr (g_ptr_array_index (async.finished, 1), ==, "/slow");
  g_assert_cmpint (elapsed_ms, >=, 300);
  async_clear (&async);

  /* No delay answers at once. */
  assert_answers (fixture, "/slow?ms=0", "slow");
}

static void
test_delay_abandoned (Fixture       *fixture,
                      gconstpointer  data)
{
  Async async;
  gint64 started;

  /* A client waiting for a long delayed answer when the server stops. */
  async_init (&async);
  send_async (fixture, &async, "/slow?ms=60000");
  wait_paused (fixture, 1);

  started = g_get_monotonic_time ();
  g_clear_pointer (&fixture->fake, ops_fake_server_free);
  async_run (&async);

  g_assert_cmpint (g_get_monotonic_time () - started, <, 5 * G_TIME_SPAN_SECOND);
  g_assert_nonnull (async.slow_error);
  async_clear (&async);
}

static void
test_log (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *body = NULL;
  g_auto(GStrv) requests = NULL;
  g_auto(GStrv) cleared = NULL;

  assert_answers (fixture, "/hello?a=1&b=x%20y", "hello");
  body = request (fixture, "POST", "/hello", &error);
  g_assert_no_error (error);
  assert_answers (fixture, "/shown", "shown");

  g_assert_cmpuint (ops_fake_server_get_request_count (fixture->fake), ==, 3);
  requests = ops_fake_server_dup_requests (fixture->fake);
  g_assert_cmpuint (g_strv_length (requests), ==, 3);
  g_assert_cmpstr (requests[0], ==, "GET /hello?a=1&b=x%20y");
  g_assert_cmpstr (requests[1], ==, "POST /hello");
  g_assert_cmpstr (requests[2], ==, "GET /shown%2Fas");

  ops_fake_server_clear_requests (fixture->fake);
  g_assert_cmpuint (ops_fake_server_get_request_count (fixture->fake), ==, 0);
  cleared = ops_fake_server_dup_requests (fixture->fake);
  g_assert_nonnull (cleared);
  g_assert_null (cleared[0]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/fake-server/url", test_url);
  ADD ("/fake-server/down-up", test_down_up);
  ADD ("/fake-server/drop", test_drop);
  ADD ("/fake-server/delay", test_delay);
  ADD ("/fake-server/delay-abandoned", test_delay_abandoned);
  ADD ("/fake-server/log", test_log);

#undef ADD

  return g_test_run ();
}
