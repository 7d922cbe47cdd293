/* ops-fake-server.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What every fake server of the tests shares: a SoupServer listening on
 * 127.0.0.1 (port 0) in its own thread and main context, so blocking
 * clients can be tested from the test's main thread; going down and up on
 * the same port; delayed answers; dropping a connection; a request log.
 */

#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

typedef struct _OpsFakeServer OpsFakeServer;

/* Called once, in the server's thread, to add the fake's handlers. */
typedef void (*OpsFakeServerSetup) (SoupServer *server,
                                    gpointer    user_data);

/* Starts the thread and returns once the server listens. */
OpsFakeServer *ops_fake_server_new             (OpsFakeServerSetup  setup,
                                                gpointer            user_data);
/* Stops the thread; handlers are not called any more after it returns. */
void           ops_fake_server_free            (OpsFakeServer      *self);
/* "http://127.0.0.1:<port>" (no trailing slash). */
const char    *ops_fake_server_get_url         (OpsFakeServer      *self);
guint16        ops_fake_server_get_port        (OpsFakeServer      *self);
/* The server thread's context, to run something there. */
GMainContext  *ops_fake_server_get_context     (OpsFakeServer      *self);
/* Stops listening (connections are refused) / listens again on the same port. */
void           ops_fake_server_set_down        (OpsFakeServer      *self,
                                                gboolean            down);

/* In a handler: close the connection without a whole answer (after the
 * handler has applied whatever it should).  The status line, headers and a
 * few body bytes go out first, so the client gets G_IO_ERROR_PARTIAL_INPUT
 * and libsoup cannot silently resend an idempotent request. */
void           ops_fake_server_drop            (SoupServerMessage  *msg);
/* In a handler: answer after delay_ms (the handler has set status and
 * body); the message is paused meanwhile. */
void           ops_fake_server_answer_later    (OpsFakeServer      *self,
                                                SoupServerMessage  *msg,
                                                guint               delay_ms);

/* A thread-safe log of "<METHOD> <path>?<query>" lines. */
void           ops_fake_server_log_request     (OpsFakeServer      *self,
                                                SoupServerMessage  *msg);
/* The same line with the path as the fake shows it (e.g. encoded again as
 * the client sent it); the query is logged as received. */
void           ops_fake_server_log_request_path (OpsFakeServer     *self,
                                                 SoupServerMessage *msg,
                                                 const char        *path);
GStrv          ops_fake_server_dup_requests    (OpsFakeServer      *self);
guint          ops_fake_server_get_request_count (OpsFakeServer    *self);
void           ops_fake_server_clear_requests  (OpsFakeServer      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFakeServer, ops_fake_server_free)

G_END_DECLS
