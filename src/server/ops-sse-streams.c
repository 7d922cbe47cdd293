/* ops-sse-streams.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stream is a small struct: its socket, its topics and a queue of shared
 * frames.  An idle stream has an empty queue and costs one send() per
 * event; a stream whose socket is full queues frames, watches for the
 * socket to drain and writes them with one sendmsg() per batch.
 */

#define G_LOG_DOMAIN "OpsSseStreams"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include <glib-unix.h>

#ifdef __linux__
#include <sys/epoll.h>
#define USE_EPOLL 1
#endif

#include "ops-event-bus.h"
#include "ops-sse-streams.h"

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0
#endif

/* How long a cut-off stream has to take its "close" frame. */
#define CLOSE_GRACE_SECONDS 5
/* Frames written by one sendmsg(). */
#define WRITE_BATCH 64
/* Ready sockets taken from epoll per main-loop dispatch. */
#define EPOLL_BATCH 256

typedef struct _Stream Stream;

#ifndef USE_EPOLL
typedef struct
{
  GSource  source;
  Stream  *stream;
  gpointer tag;
} StreamSource;
#endif

struct _Stream
{
  OpsSseStreams *owner;
  char         **patterns;
  GQueue         pending;        /* GBytes not written yet, oldest first */
  gsize          pending_bytes;
  gsize          head_offset;    /* bytes of the first one already written */
  gint64         deadline;       /* closing: when to give up (monotonic µs) */
  guint          index;          /* in owner->streams */
  guint32        last_write;     /* owner->now at the last complete write */
  int            fd;
  guint          watching_out : 1;
  guint          closing : 1;    /* cut off: only its queue still goes */
#ifndef USE_EPOLL
  StreamSource  *source;
#endif
};

struct _OpsSseStreams
{
  GMainContext *context;
  GPtrArray    *streams;
  GBytes       *close_frame;
  guint         queue_events;
  gsize         queue_bytes;
  guint32       now;             /* monotonic seconds */
  guint         n_closing;
  GSource      *reaper;          /* while streams are closing */
#ifdef USE_EPOLL
  int           epoll;
  GSource      *epoll_source;
#endif
  guint64       delivered;
  guint64       dropped;
};

static void stream_ready (Stream       *stream,
                          GIOCondition  revents);

/*
 * Auxiliary methods
 */

static guint32
now_seconds (void)
{
  return (guint32)(g_get_monotonic_time () / G_USEC_PER_SEC);
}

static gboolean
frame_is_event (GBytes *frame)
{
  gsize size;
  const char *data = g_bytes_get_data (frame, &size);

  return size > 4 && memcmp (data, "id: ", 4) == 0;
}

static gboolean
matches_any (char       **patterns,
             const char  *topic)
{
  for (guint i = 0; patterns[i] != NULL; i++)
    if (ops_event_topic_matches (patterns[i], topic))
      return TRUE;
  return FALSE;
}

/* Bytes sent, 0 when the socket is full, -1 when the peer is gone. */
static gssize
send_some (int         fd,
           const char *data,
           gsize       size)
{
  for (;;)
    {
      gssize sent = send (fd, data, size, MSG_NOSIGNAL);

      if (sent >= 0)
        return sent;
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return 0;
      return -1;
    }
}

/*
 * Watching the sockets: one epoll set, or a GSource per stream
 */

#ifdef USE_EPOLL

static GIOCondition
condition_from_epoll (guint32 events)
{
  GIOCondition condition = 0;

  if (events & (EPOLLIN | EPOLLRDHUP))
    condition |= G_IO_IN;
  if (events & EPOLLOUT)
    condition |= G_IO_OUT;
  if (events & EPOLLERR)
    condition |= G_IO_ERR;
  if (events & EPOLLHUP)
    condition |= G_IO_HUP;
  return condition;
}

static gboolean
on_epoll_cb (gint         fd,
             GIOCondition condition,
             gpointer     user_data)
{
  OpsSseStreams *self = user_data;
  struct epoll_event events[EPOLL_BATCH];
  int n = epoll_wait (self->epoll, events, EPOLL_BATCH, 0);

  /* epoll reports a socket once per call, so a stream closed on the way
   * is never met again in this batch. */
  self->now = now_seconds ();
  for (int i = 0; i < n; i++)
    stream_ready (events[i].data.ptr, condition_from_epoll (events[i].events));
  return G_SOURCE_CONTINUE;
}

static void
watches_init (OpsSseStreams *self)
{
  self->epoll = epoll_create1 (EPOLL_CLOEXEC);
  if (self->epoll < 0)
    g_error ("Cannot create the event streams' epoll set: %s", g_strerror (errno));
  self->epoll_source = g_unix_fd_source_new (self->epoll, G_IO_IN);
  g_source_set_callback (self->epoll_source, G_SOURCE_FUNC (on_epoll_cb), self, NULL);
  g_source_set_static_name (self->epoll_source, "[gigafibre-ops] SSE streams");
  g_source_attach (self->epoll_source, self->context);
}

static void
watches_clear (OpsSseStreams *self)
{
  g_source_destroy (self->epoll_source);
  g_clear_pointer (&self->epoll_source, g_source_unref);
  close (self->epoll);
}

static gboolean
watch_add (Stream *stream)
{
  struct epoll_event event = { 0 };

  event.events = EPOLLIN | EPOLLRDHUP;
  event.data.ptr = stream;
  return epoll_ctl (stream->owner->epoll, EPOLL_CTL_ADD, stream->fd, &event) == 0;
}

static void
watch_out (Stream   *stream,
           gboolean  out)
{
  struct epoll_event event = { 0 };

  if (stream->watching_out == !!out)
    return;
  stream->watching_out = !!out;
  event.events = EPOLLIN | EPOLLRDHUP | (out ? EPOLLOUT : 0);
  event.data.ptr = stream;
  epoll_ctl (stream->owner->epoll, EPOLL_CTL_MOD, stream->fd, &event);
}

static void
watch_remove (Stream *stream)
{
  epoll_ctl (stream->owner->epoll, EPOLL_CTL_DEL, stream->fd, NULL);
}

#else /* !USE_EPOLL */

static gboolean
stream_source_dispatch (GSource     *source,
                        GSourceFunc  callback,
                        gpointer     user_data)
{
  StreamSource *self = (StreamSource *)source;

  stream_ready (self->stream, g_source_query_unix_fd (source, self->tag));
  return G_SOURCE_CONTINUE;
}

static GSourceFuncs stream_source_funcs = { NULL, NULL, stream_source_dispatch, NULL, NULL, NULL };

static void
watches_init (OpsSseStreams *self)
{
}

static void
watches_clear (OpsSseStreams *self)
{
}

static gboolean
watch_add (Stream *stream)
{
  stream->source = (StreamSource *)g_source_new (&stream_source_funcs, sizeof (StreamSource));
  stream->source->stream = stream;
  stream->source->tag = g_source_add_unix_fd ((GSource *)stream->source, stream->fd, G_IO_IN);
  g_source_attach ((GSource *)stream->source, stream->owner->context);
  return TRUE;
}

static void
watch_out (Stream   *stream,
           gboolean  out)
{
  if (stream->watching_out == !!out)
    return;
  stream->watching_out = !!out;
  g_source_modify_unix_fd ((GSource *)stream->source, stream->source->tag, out ? G_IO_IN | G_IO_OUT : G_IO_IN);
}

static void
watch_remove (Stream *stream)
{
  g_source_destroy ((GSource *)stream->source);
  g_source_unref ((GSource *)stream->source);
  stream->source = NULL;
}

#endif /* USE_EPOLL */

/*
 * Streams
 */

static void
stream_push (Stream *stream,
             GBytes *frame)
{
  g_queue_push_tail (&stream->pending, g_bytes_ref (frame));
  stream->pending_bytes += g_bytes_get_size (frame);
}

static void
stream_free (Stream *stream)
{
  GBytes *frame;

  while ((frame = g_queue_pop_head (&stream->pending)) != NULL)
    g_bytes_unref (frame);
  g_strfreev (stream->patterns);
  g_free (stream);
}

/* Reads and drops what the client sends; FALSE at its end. */
static gboolean
stream_drain (Stream *stream)
{
  char buffer[1024];

  /* Bounded, so that a client that floods cannot hold the main loop. */
  for (guint i = 0; i < 64; i++)
    {
      gssize got = recv (stream->fd, buffer, sizeof buffer, 0);

      if (got > 0)
        continue;
      if (got == 0)
        return FALSE;
      if (errno == EINTR)
        continue;
      return errno == EAGAIN || errno == EWOULDBLOCK;
    }
  return TRUE;
}

static void
stream_close (Stream *stream)
{
  OpsSseStreams *self = stream->owner;
  guint index = stream->index;

  g_ptr_array_remove_index_fast (self->streams, index);
  if (index < self->streams->len)
    ((Stream *)g_ptr_array_index (self->streams, index))->index = index;
  if (stream->closing)
    self->n_closing--;

  watch_remove (stream);
  /* Unread input would make close() reset the connection and lose what
   * the kernel still has to send. */
  stream_drain (stream);
  close (stream->fd);
  g_debug ("Stream closed (%u left)", self->streams->len);
  stream_free (stream);
}

/* Writes what the socket takes of the queue; FALSE when the peer is gone. */
static gboolean
stream_flush (Stream *stream)
{
  OpsSseStreams *self = stream->owner;

  while (stream->pending.length > 0)
    {
      struct iovec iov[WRITE_BATCH];
      struct msghdr message = { 0 };
      gssize sent;
      guint n = 0;

      for (GList *l = stream->pending.head; l != NULL && n < WRITE_BATCH; l = l->next, n++)
        {
          gsize size;
          const char *data = g_bytes_get_data (l->data, &size);
          gsize offset = n == 0 ? stream->head_offset : 0;

          iov[n].iov_base = (char *)data + offset;
          iov[n].iov_len = size - offset;
        }
      message.msg_iov = iov;
      message.msg_iovlen = n;

      sent = sendmsg (stream->fd, &message, MSG_NOSIGNAL);
      if (sent < 0)
        {
          if (errno == EINTR)
            continue;
          if (errno == EAGAIN || errno == EWOULDBLOCK)
            break;
          return FALSE;
        }

      while (sent > 0)
        {
          GBytes *head = g_queue_peek_head (&stream->pending);
          gsize size = g_bytes_get_size (head);
          gsize left = size - stream->head_offset;

          if ((gsize)sent < left)
            {
              stream->head_offset += (gsize)sent;
              break;
            }
          sent -= (gssize)left;
          stream->head_offset = 0;
          stream->pending_bytes -= size;
          if (frame_is_event (head))
            self->delivered++;
          g_bytes_unref (g_queue_pop_head (&stream->pending));
        }
    }

  if (stream->pending.length == 0)
    stream->last_write = self->now;
  watch_out (stream, stream->pending.length > 0);
  return TRUE;
}

static gboolean
on_reaper_cb (gpointer user_data)
{
  OpsSseStreams *self = user_data;
  gint64 now = g_get_monotonic_time ();

  for (guint i = self->streams->len; i > 0; i--)
    {
      Stream *stream = g_ptr_array_index (self->streams, i - 1);

      if (stream->closing && now >= stream->deadline)
        {
          g_debug ("A cut-off stream did not take its close event in time");
          stream_close (stream);
        }
    }
  if (self->n_closing > 0)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->reaper, g_source_unref);
  return G_SOURCE_REMOVE;
}

/* The client does not read: forget what it was to get (but the end of a
 * frame already started), queue the "close" frame and give it a few
 * seconds to take it. */
static void
stream_cut_off (Stream *stream)
{
  OpsSseStreams *self = stream->owner;
  GBytes *started = NULL;
  GBytes *frame;

  if (stream->head_offset > 0)
    started = g_queue_pop_head (&stream->pending);
  while ((frame = g_queue_pop_head (&stream->pending)) != NULL)
    g_bytes_unref (frame);
  stream->pending_bytes = 0;
  if (started != NULL)
    {
      g_queue_push_tail (&stream->pending, started);
      stream->pending_bytes = g_bytes_get_size (started);
    }
  stream_push (stream, self->close_frame);

  stream->closing = TRUE;
  stream->deadline = g_get_monotonic_time () + CLOSE_GRACE_SECONDS * G_USEC_PER_SEC;
  self->n_closing++;
  self->dropped++;
  g_debug ("A stream is not reading: cut off");
  watch_out (stream, TRUE);

  if (self->reaper == NULL)
    {
      self->reaper = g_timeout_source_new_seconds (1);
      g_source_set_callback (self->reaper, on_reaper_cb, self, NULL);
      g_source_set_static_name (self->reaper, "[gigafibre-ops] SSE cut-off streams");
      g_source_attach (self->reaper, self->context);
    }
}

/* Writes or queues frame; TRUE when the stream takes it. */
static gboolean
stream_send (Stream   *stream,
             GBytes   *frame,
             gboolean  event)
{
  OpsSseStreams *self = stream->owner;
  gsize size;
  const char *data = g_bytes_get_data (frame, &size);
  gssize sent;

  if (stream->closing)
    return FALSE;

  if (stream->pending.length == 0)
    {
      sent = send_some (stream->fd, data, size);
      if (sent == (gssize)size)
        {
          if (event)
            self->delivered++;
          stream->last_write = self->now;
          return TRUE;
        }
      if (sent < 0)
        {
          stream_close (stream);
          return FALSE;
        }
      stream_push (stream, frame);
      stream->head_offset = (gsize)sent;
      watch_out (stream, TRUE);
      return TRUE;
    }

  if (stream->pending.length >= self->queue_events || stream->pending_bytes + size > self->queue_bytes)
    {
      stream_cut_off (stream);
      return FALSE;
    }
  stream_push (stream, frame);
  return TRUE;
}

static void
stream_ready (Stream       *stream,
              GIOCondition  revents)
{
  if (revents & (G_IO_ERR | G_IO_HUP | G_IO_NVAL))
    {
      stream_close (stream);
      return;
    }
  if ((revents & G_IO_IN) && !stream_drain (stream))
    {
      stream_close (stream);
      return;
    }
  if ((revents & G_IO_OUT) &&
      (!stream_flush (stream) || (stream->closing && stream->pending.length == 0)))
    stream_close (stream);
}

/*
 * Public API
 */

/**
 * ops_sse_streams_new:
 * @context: the main context the sockets are watched in
 * @queue_events: frames a stream may have queued
 * @queue_bytes: bytes a stream may have queued
 * @close_frame: the last frame of a stream cut off
 */
OpsSseStreams *
ops_sse_streams_new (GMainContext *context,
                     guint         queue_events,
                     gsize         queue_bytes,
                     GBytes       *close_frame)
{
  OpsSseStreams *self = g_new0 (OpsSseStreams, 1);

  self->context = g_main_context_ref (context);
  self->streams = g_ptr_array_new ();
  self->close_frame = g_bytes_ref (close_frame);
  self->queue_events = MAX (queue_events, 1);
  self->queue_bytes = queue_bytes;
  watches_init (self);
  return self;
}

void
ops_sse_streams_free (OpsSseStreams *self)
{
  if (self == NULL)
    return;

  while (self->streams->len > 0)
    stream_close (g_ptr_array_index (self->streams, self->streams->len - 1));
  if (self->reaper != NULL)
    {
      g_source_destroy (self->reaper);
      g_source_unref (self->reaper);
    }
  watches_clear (self);
  g_ptr_array_unref (self->streams);
  g_bytes_unref (self->close_frame);
  g_main_context_unref (self->context);
  g_free (self);
}

gboolean
ops_sse_streams_open (OpsSseStreams  *self,
                      int             fd,
                      char          **patterns,
                      GPtrArray      *frames)
{
  Stream *stream = g_new0 (Stream, 1);
  int one = 1;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (fd >= 0, FALSE);
  g_return_val_if_fail (patterns != NULL, FALSE);

  g_unix_set_fd_nonblocking (fd, TRUE, NULL);
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef SO_NOSIGPIPE
  setsockopt (fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif

  stream->owner = self;
  stream->fd = fd;
  stream->patterns = patterns;
  if (!watch_add (stream))
    {
      g_warning ("Cannot watch an event stream's socket: %s", g_strerror (errno));
      close (fd);
      stream_free (stream);
      return FALSE;
    }
  stream->index = self->streams->len;
  g_ptr_array_add (self->streams, stream);

  for (guint i = 0; frames != NULL && i < frames->len; i++)
    stream_push (stream, g_ptr_array_index (frames, i));
  g_debug ("Stream opened (%u)", self->streams->len);

  self->now = now_seconds ();
  if (!stream_flush (stream))
    {
      stream_close (stream);
      return FALSE;
    }
  return TRUE;
}

guint
ops_sse_streams_publish (OpsSseStreams *self,
                         const char    *topic,
                         GBytes        *frame)
{
  gboolean event = frame_is_event (frame);
  guint taken = 0;

  g_return_val_if_fail (self != NULL, 0);

  /* Backwards: a stream closed on the way is replaced by the last one,
   * which has been done already. */
  self->now = now_seconds ();
  for (guint i = self->streams->len; i > 0; i--)
    {
      Stream *stream = g_ptr_array_index (self->streams, i - 1);

      if (!stream->closing && matches_any (stream->patterns, topic) && stream_send (stream, frame, event))
        taken++;
    }
  return taken;
}

void
ops_sse_streams_send_idle (OpsSseStreams *self,
                           GBytes        *frame,
                           guint          idle_seconds)
{
  gboolean event = frame_is_event (frame);

  g_return_if_fail (self != NULL);

  self->now = now_seconds ();
  for (guint i = self->streams->len; i > 0; i--)
    {
      Stream *stream = g_ptr_array_index (self->streams, i - 1);

      if (!stream->closing && self->now - stream->last_write >= idle_seconds)
        stream_send (stream, frame, event);
    }
}

void
ops_sse_streams_close_all (OpsSseStreams *self,
                           GBytes        *last_frame)
{
  g_return_if_fail (self != NULL);

  self->now = now_seconds ();
  while (self->streams->len > 0)
    {
      Stream *stream = g_ptr_array_index (self->streams, self->streams->len - 1);

      if (!stream->closing && last_frame != NULL)
        stream_push (stream, last_frame);
      stream_flush (stream);
      stream_close (stream);
    }
}

guint
ops_sse_streams_get_count (OpsSseStreams *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->streams->len;
}

guint64
ops_sse_streams_get_delivered (OpsSseStreams *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->delivered;
}

guint64
ops_sse_streams_get_dropped (OpsSseStreams *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->dropped;
}
