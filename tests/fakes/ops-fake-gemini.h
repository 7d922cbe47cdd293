/* ops-fake-gemini.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A fake Gemini API (apis.md §4) on an OpsFakeServer:
 *   POST /v1beta/models/{model}:generateContent
 * with the x-goog-api-key header.  A wrong key gets 400 INVALID_ARGUMENT
 * with ErrorInfo API_KEY_INVALID, as Google answers.  Otherwise each
 * request takes the next scripted reply; with none left it gets a
 * schema-valid answer for the task its responseSchema describes (barcodes,
 * equipment label or invoice).  Every request is recorded: its key, its
 * parsed body and when it arrived.
 *
 * Every function is thread-safe.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  OPS_FAKE_GEMINI_ANSWER,        /* 200 STOP with text (NULL: the task's default answer) */
  OPS_FAKE_GEMINI_RATE_LIMITED,  /* 429 RESOURCE_EXHAUSTED, per-minute quota, RetryInfo
                                  * retryDelay = text ("20s" when NULL) */
  OPS_FAKE_GEMINI_DAILY_QUOTA,   /* 429 RESOURCE_EXHAUSTED, a per-day QuotaFailure (and a RetryInfo) */
  OPS_FAKE_GEMINI_UNAVAILABLE,   /* 503 UNAVAILABLE "The model is overloaded." */
  OPS_FAKE_GEMINI_BAD_KEY,       /* 400 INVALID_ARGUMENT, ErrorInfo API_KEY_INVALID */
  OPS_FAKE_GEMINI_BLOCKED,       /* 200, no candidates, promptFeedback.blockReason SAFETY */
  OPS_FAKE_GEMINI_TRUNCATED,     /* 200 MAX_TOKENS, the answer cut in the middle */
  OPS_FAKE_GEMINI_REFUSED,       /* 200 RECITATION, no text */
  OPS_FAKE_GEMINI_INVALID_JSON,  /* 200 STOP, text that is not JSON (text, or a default) */
  OPS_FAKE_GEMINI_THOUGHT,       /* 200 STOP, a "thought": true part, then the answer in two parts */
  OPS_FAKE_GEMINI_HANG,          /* no answer until the client gives up */
} OpsFakeGeminiReply;

typedef struct _OpsFakeGemini OpsFakeGemini;

/* Accepts api_key only. */
OpsFakeGemini *ops_fake_gemini_new                  (const char          *api_key);
void           ops_fake_gemini_free                 (OpsFakeGemini       *self);
/* "http://127.0.0.1:<port>", the [gemini] url. */
const char    *ops_fake_gemini_get_url              (OpsFakeGemini       *self);

/* Queues the reply of the next request (in order). */
void           ops_fake_gemini_push                 (OpsFakeGemini       *self,
                                                     OpsFakeGeminiReply   reply,
                                                     const char          *text);
/* The default answers, exactly as the fake sends them, per task name
 * ("barcodes", "equipment", "invoice"). */
const char    *ops_fake_gemini_default_answer       (const char          *task);

guint          ops_fake_gemini_get_request_count    (OpsFakeGemini       *self);
/* Of request index (from 0): the x-goog-api-key header (NULL when
 * absent), the path, the parsed JSON body (NULL when not JSON), and its
 * arrival time (g_get_monotonic_time ()). */
char          *ops_fake_gemini_dup_request_key      (OpsFakeGemini       *self,
                                                     guint                index);
char          *ops_fake_gemini_dup_request_path     (OpsFakeGemini       *self,
                                                     guint                index);
JsonNode      *ops_fake_gemini_dup_request_body     (OpsFakeGemini       *self,
                                                     guint                index);
gint64         ops_fake_gemini_get_request_time     (OpsFakeGemini       *self,
                                                     guint                index);
void           ops_fake_gemini_clear_requests       (OpsFakeGemini       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFakeGemini, ops_fake_gemini_free)

G_END_DECLS
