/* ops-fake-server.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plumbing every fake server shares: the SoupServer's thread and main
 * context, the startup handshake, going down and up on the same port,
 * dropped connections, delayed answers and the request log.
 */

#define G_LOG_DOMAIN "OpsFakeServer"

#include "config.h"

#include <string.h>

#include "ops-fake-server.h"

struct _OpsFakeServer
{
  GMutex              mutex;
  GCond               cond;
  GThread            *thread;
  GMainContext       *context;
  GMainLoop          *loop;
  SoupServer         *server;       /* server thread only */
  OpsFakeServerSetup  setup;
  gpointer            user_data;
  gboolean            ready;
  GError             *start_error;
  guint16             port;
  char               *url;
  gboolean            down;
  GPtrArray          *requests;     /* char * */
};

typedef struct
{
  SoupServerMessage *msg;
  GSource           *source;
  gulong             disconnected_id;
} Delay;

typedef struct
{
  OpsFakeServer *self;
  gboolean       down;
  gboolean       done;
} DownCall;

/*
 * Delayed answers
 */

static void
delay_free (gpointer data)
{
  Delay *delay = data;

  g_clear_signal_handler (&delay->disconnected_id, delay->msg);
  g_object_unref (delay->msg);
  g_free (delay);
}

static gboolean
delay_done_cb (gpointer data)
{
  Delay *delay = data;

  soup_server_message_unpause (delay->msg);
  return G_SOURCE_REMOVE;
}

static void
delay_disconnected_cb (SoupServerMessage *msg,
                       Delay             *delay)
{
  /* Nothing left to unpause; destroying the source frees delay. */
  g_source_destroy (delay->source);
}

/*
 * The server thread
 */

/* Listens on self->port, or on a port the system picks when it is 0. */
static gboolean
server_listen (OpsFakeServer  *self,
               GError        **error)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (address, self->port);
  g_autoptr(GSList) listeners = NULL;
  g_autoptr(GSocketAddress) local = NULL;

  if (!soup_server_listen (self->server, socket_address, 0, error))
    return FALSE;
  if (self->port != 0)
    return TRUE;

  listeners = soup_server_get_listeners (self->server);
  if (listeners == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The server has no listening socket.");
      return FALSE;
    }
  local = g_socket_get_local_address (listeners->data, error);
  if (local == NULL)
    return FALSE;
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return TRUE;
}

static gpointer
server_thread (gpointer data)
{
  OpsFakeServer *self = data;
  GError *error = NULL;
  gboolean listening;

  g_main_context_push_thread_default (self->context);
  self->server = soup_server_new ("server-header", "ops-fake-server ", NULL);
  self->setup (self->server, self->user_data);
  listening = server_listen (self, &error);

  g_mutex_lock (&self->mutex);
  self->start_error = error;
  self->ready = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  if (listening)
    g_main_loop_run (self->loop);

  /* Connections finish closing in idle callbacks: run them before leaving. */
  soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  while (g_main_context_pending (self->context))
    g_main_context_iteration (self->context, FALSE);
  g_main_context_pop_thread_default (self->context);
  return NULL;
}

static gboolean
set_down_cb (gpointer data)
{
  DownCall *call = data;
  OpsFakeServer *self = call->self;

  if (call->down)
    soup_server_disconnect (self->server);
  else
    {
      g_autoptr(GError) error = NULL;

      if (!server_listen (self, &error))
        g_warning ("The fake server cannot listen on port %u again: %s", self->port, error->message);
    }

  g_mutex_lock (&self->mutex);
  call->done = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  return G_SOURCE_REMOVE;
}

static gboolean
quit_cb (gpointer data)
{
  OpsFakeServer *self = data;

  g_main_loop_quit (self->loop);
  return G_SOURCE_REMOVE;
}

/*
 * Public API
 */

OpsFakeServer *
ops_fake_server_new (OpsFakeServerSetup setup,
                     gpointer           user_data)
{
  OpsFakeServer *self;

  g_return_val_if_fail (setup != NULL, NULL);

  self = g_new0 (OpsFakeServer, 1);
  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->setup = setup;
  self->user_data = user_data;
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->context = g_main_context_new ();
  self->loop = g_main_loop_new (self->context, FALSE);

  self->thread = g_thread_new ("ops-fake-server", server_thread, self);

  g_mutex_lock (&self->mutex);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);

  if (self->start_error != NULL)
    {
      g_critical ("The fake server cannot listen on 127.0.0.1: %s", self->start_error->message);
      ops_fake_server_free (self);
      return NULL;
    }

  self->url = g_strdup_printf ("http://127.0.0.1:%u", self->port);
  g_debug ("Fake server listening on %s", self->url);
  return self;
}

void
ops_fake_server_free (OpsFakeServer *self)
{
  if (self == NULL)
    return;

  g_main_context_invoke (self->context, quit_cb, self);
  g_thread_join (self->thread);

  g_main_loop_unref (self->loop);
  g_main_context_unref (self->context);
  g_clear_error (&self->start_error);
  g_ptr_array_unref (self->requests);
  g_free (self->url);
  g_cond_clear (&self->cond);
  g_mutex_clear (&self->mutex);
  g_free (self);
}

const char *
ops_fake_server_get_url (OpsFakeServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->url;
}

guint16
ops_fake_server_get_port (OpsFakeServer *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->port;
}

GMainContext *
ops_fake_server_get_context (OpsFakeServer *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->context;
}

void
ops_fake_server_set_down (OpsFakeServer *self,
                          gboolean       down)
{
  DownCall call = { self, !!down, FALSE };

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  if (self->down == call.down)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  self->down = call.down;
  g_mutex_unlock (&self->mutex);

  g_main_context_invoke (self->context, set_down_cb, &call);

  g_mutex_lock (&self->mutex);
  while (!call.done)
    g_cond_wait (&self->cond, &self->mutex);
  g_mutex_unlock (&self->mutex);
}

/* The connection breaks in the middle of an answer, so the client gets
 * G_IO_ERROR_PARTIAL_INPUT ("Connection terminated unexpectedly").  Closing
 * before any byte would not do: libsoup silently resends an idempotent
 * request (GET, PUT, DELETE) when a reused connection closes before the
 * answer starts, which would hide the fault. */
void
ops_fake_server_drop (SoupServerMessage *msg)
{
  static const char partial[] =
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 4096\r\n\r\n{\"data\":";
  g_autoptr(GIOStream) stream = NULL;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  g_output_stream_write_all (g_io_stream_get_output_stream (stream), partial, strlen (partial),
                             NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

void
ops_fake_server_answer_later (OpsFakeServer     *self,
                              SoupServerMessage *msg,
                              guint              delay_ms)
{
  Delay *delay;

  g_return_if_fail (self != NULL);
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  if (delay_ms == 0)
    return;

  delay = g_new0 (Delay, 1);
  delay->msg = g_object_ref (msg);
  delay->source = g_timeout_source_new (delay_ms);
  delay->disconnected_id = g_signal_connect (msg, "disconnected",
                                             G_CALLBACK (delay_disconnected_cb), delay);
  soup_server_message_pause (msg);
  g_source_set_callback (delay->source, delay_done_cb, delay, delay_free);
  g_source_attach (delay->source, self->context);
  g_source_unref (delay->source);
}

void
ops_fake_server_log_request_path (OpsFakeServer     *self,
                                  SoupServerMessage *msg,
                                  const char        *path)
{
  const char *query;
  char *line;

  g_return_if_fail (self != NULL);
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (path != NULL);

  query = g_uri_get_query (soup_server_message_get_uri (msg));
  line = g_strdup_printf ("%s %s%s%s", soup_server_message_get_method (msg), path,
                          query != NULL ? "?" : "", query != NULL ? query : "");

  g_mutex_lock (&self->mutex);
  g_ptr_array_add (self->requests, line);
  g_mutex_unlock (&self->mutex);
}

void
ops_fake_server_log_request (OpsFakeServer     *self,
                             SoupServerMessage *msg)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  ops_fake_server_log_request_path (self, msg, g_uri_get_path (soup_server_message_get_uri (msg)));
}

GStrv
ops_fake_server_dup_requests (OpsFakeServer *self)
{
  GStrv requests;

  g_return_val_if_fail (self != NULL, NULL);

  g_mutex_lock (&self->mutex);
  requests = g_new0 (char *, self->requests->len + 1);
  for (guint i = 0; i < self->requests->len; i++)
    requests[i] = g_strdup (g_ptr_array_index (self->requests, i));
  g_mutex_unlock (&self->mutex);

  return requests;
}

guint
ops_fake_server_get_request_count (OpsFakeServer *self)
{
  guint count;

  g_return_val_if_fail (self != NULL, 0);

  g_mutex_lock (&self->mutex);
  count = self->requests->len;
  g_mutex_unlock (&self->mutex);

  return count;
}

void
ops_fake_server_clear_requests (OpsFakeServer *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  g_ptr_array_set_size (self->requests, 0);
  g_mutex_unlock (&self->mutex);
}
