/* ops-sse-frame.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The bytes of a Server-Sent-Events stream (WHATWG HTML "Interpreting an
 * event stream"), formatted once per event so that every stream can send
 * the same buffer:
 *
 *   id: 1767225600123\n
 *   event: sms.received\n
 *   data: {"topic":"customer:C0001","data":{...}}\n
 *   \n
 *
 * Every field stays on one line: a value holding CR, LF or NUL is refused,
 * never split, so one event is always one "data:" line of JSON.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OPS_SSE_FRAME_ERROR (ops_sse_frame_error_quark ())

typedef enum
{
  OPS_SSE_FRAME_ERROR_NEWLINE,   /* a value holds CR, LF or NUL */
  OPS_SSE_FRAME_ERROR_INVALID,   /* empty name, too long, or not UTF-8 */
} OpsSseFrameError;

/* Longest event type or comment accepted. */
#define OPS_SSE_FRAME_MAX_NAME 256

GQuark   ops_sse_frame_error_quark (void);

/* TRUE when value can be one field value: valid UTF-8 with no CR, LF or NUL
 * in its length bytes (-1: up to its NUL). */
gboolean ops_sse_frame_check_line  (const char  *value,
                                    gssize       length,
                                    GError     **error);
/* An event: "id: <id>\n" (left out when id is 0), "event: <event>\n" (left
 * out when event is NULL: the client's type is then "message"), "data:
 * <data>\n\n".  NULL with an error when a value does not fit on one line. */
GBytes  *ops_sse_frame_event       (guint64      id,
                                    const char  *event,
                                    const char  *data,
                                    GError     **error);
/* The data line of a bus event, on one line: {"topic":T,"data":D} (D is
 * null when data is NULL). */
char    *ops_sse_frame_bus_data    (const char  *topic,
                                    JsonNode    *data,
                                    gsize       *length);
/* The data line of a control event: {"reason":R,"message":M}. */
char    *ops_sse_frame_reason_data (const char  *reason,
                                    const char  *message);
/* "retry: <ms>\n\n": the reconnection delay, sent once per stream. */
GBytes  *ops_sse_frame_retry       (guint        milliseconds);
/* ": <text>\n\n", e.g. the keep-alive comment. */
GBytes  *ops_sse_frame_comment     (const char  *text,
                                    GError     **error);

G_END_DECLS
