/* ops-sse-streams.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The open event streams of the SSE hub: for each, a socket taken over
 * from SoupServer, the topics it follows and a queue of frames still to
 * write.  Frames are shared (one GBytes per event for every stream) and
 * written with non-blocking send(); only a stream whose socket is full
 * queues them and waits for it to drain.  A stream whose queue passes its
 * bounds gets a last "close" frame and a few seconds to take it.
 *
 * On Linux one epoll set watches every socket, so the main loop's cost per
 * iteration does not grow with the number of streams; elsewhere each
 * stream has its own GSource.  Main context only.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _OpsSseStreams OpsSseStreams;

/* close_frame: what a stream cut off for not reading gets last. */
OpsSseStreams *ops_sse_streams_new          (GMainContext   *context,
                                             guint           queue_events,
                                             gsize           queue_bytes,
                                             GBytes         *close_frame);
void           ops_sse_streams_free         (OpsSseStreams  *self);
/* Takes fd (a connected socket) and patterns, sends frames (the response
 * headers, replayed events: never refused by the bounds) and follows
 * patterns from then on.  FALSE when the client is already gone (fd is
 * then closed). */
gboolean       ops_sse_streams_open         (OpsSseStreams  *self,
                                             int             fd,
                                             char          **patterns,
                                             GPtrArray      *frames);
/* Sends frame to every stream following topic; returns how many took it. */
guint          ops_sse_streams_publish      (OpsSseStreams  *self,
                                             const char     *topic,
                                             GBytes         *frame);
/* Sends frame to every stream that wrote nothing for idle_seconds. */
void           ops_sse_streams_send_idle    (OpsSseStreams  *self,
                                             GBytes         *frame,
                                             guint           idle_seconds);
/* Queues last_frame after what each stream has, writes what the sockets
 * take without waiting, and closes every stream. */
void           ops_sse_streams_close_all    (OpsSseStreams  *self,
                                             GBytes         *last_frame);

guint          ops_sse_streams_get_count     (OpsSseStreams *self);
/* Event frames ("id: " first) written in full. */
guint64        ops_sse_streams_get_delivered (OpsSseStreams *self);
/* Streams cut off for not reading. */
guint64        ops_sse_streams_get_dropped   (OpsSseStreams *self);

G_END_DECLS
