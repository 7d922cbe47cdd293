/* ops-sse-parser.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An incremental parser of a Server-Sent-Events stream (WHATWG HTML
 * "Parsing an event stream"): feed it the bytes as they arrive, in chunks
 * of any size, and take the events it has completed.  LF, CRLF and CR end
 * lines; one leading BOM is skipped; comments, unknown fields and ids
 * containing NUL are ignored; an event not ended by a blank line is never
 * returned.  A line or an event over its limit is an error, so a broken or
 * hostile stream cannot make the parser grow without bound.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OPS_SSE_PARSER_ERROR (ops_sse_parser_error_quark ())

typedef enum
{
  OPS_SSE_PARSER_ERROR_LINE_TOO_LONG,   /* a line is over max_line bytes */
  OPS_SSE_PARSER_ERROR_EVENT_TOO_LARGE, /* an event's data is over max_event bytes */
  OPS_SSE_PARSER_ERROR_FAILED,          /* fed again after one of the errors above */
} OpsSseParserError;

/* Defaults of the limits (used when 0 is given). */
#define OPS_SSE_DEFAULT_MAX_LINE  (1024u * 1024u)
#define OPS_SSE_DEFAULT_MAX_EVENT (4u * 1024u * 1024u)

typedef struct
{
  char   *id;     /* the last event id in effect ("" when none); valid UTF-8 */
  char   *event;  /* the type, "message" when the stream gave none; valid UTF-8 */
  char   *data;   /* the data lines joined with "\n"; valid UTF-8 */
  gint64  retry;  /* the reconnection time in effect (ms), -1 when none was given */
} OpsSseEvent;

typedef struct _OpsSseParser OpsSseParser;

GQuark        ops_sse_parser_error_quark       (void);

OpsSseParser *ops_sse_parser_new               (gsize          max_line,
                                                gsize          max_event);
void          ops_sse_parser_free              (OpsSseParser  *self);
/* Forgets everything of the previous stream (partial line and event, BOM,
 * last id, retry, queued events, error), to parse a new connection. */
void          ops_sse_parser_reset             (OpsSseParser  *self);
/* Parses length bytes.  Completed events are queued for
 * ops_sse_parser_next_event(), also when FALSE is returned: the events
 * completed before the faulty line are kept.  Once it has failed, the
 * parser refuses more input until reset. */
gboolean      ops_sse_parser_feed              (OpsSseParser  *self,
                                                const char    *data,
                                                gsize          length,
                                                GError       **error);
/* The next completed event (free it with ops_sse_event_free()), or NULL. */
OpsSseEvent  *ops_sse_parser_next_event        (OpsSseParser  *self);
/* The source's last event id: set at every blank line, even by a block
 * without data ("" when none or reset by an empty "id:"). */
const char   *ops_sse_parser_get_last_event_id (OpsSseParser  *self);
/* Carries the last event id over to a new connection (as browsers do): an
 * event without "id:" then keeps it instead of resetting it to "". */
void          ops_sse_parser_set_last_event_id (OpsSseParser  *self,
                                                const char    *id);
/* The last valid "retry:" value in ms, -1 when none. */
gint64        ops_sse_parser_get_retry         (OpsSseParser  *self);

void          ops_sse_event_free               (OpsSseEvent   *event);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsSseParser, ops_sse_parser_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsSseEvent, ops_sse_event_free)

G_END_DECLS
