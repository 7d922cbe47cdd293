/* ops-gemini-client.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Google Gemini generateContent with an inline image and a JSON response
 * schema per task (ops-vision-result.h), thinking off, 8 s per attempt,
 * retried on 408/429/5xx with back-off that honours RetryInfo.  Blocked
 * prompts, non-STOP finish reasons and answers that do not match the
 * schema are errors, never half-results.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ops-config.h"
#include "ops-vision-result.h"

G_BEGIN_DECLS

#define OPS_GEMINI_ERROR (ops_gemini_error_quark ())

typedef enum
{
  OPS_GEMINI_ERROR_NOT_CONFIGURED, /* no API key */
  OPS_GEMINI_ERROR_AUTH,           /* 400 API_KEY_INVALID, 401, 403 */
  OPS_GEMINI_ERROR_BAD_REQUEST,    /* other 400, 404 */
  OPS_GEMINI_ERROR_QUOTA,          /* 429 still after the retries */
  OPS_GEMINI_ERROR_UNAVAILABLE,    /* 5xx or network still after the retries */
  OPS_GEMINI_ERROR_TIMEOUT,        /* every attempt timed out */
  OPS_GEMINI_ERROR_BLOCKED,        /* promptFeedback.blockReason */
  OPS_GEMINI_ERROR_TRUNCATED,      /* finishReason MAX_TOKENS */
  OPS_GEMINI_ERROR_REFUSED,        /* another non-STOP finishReason (SAFETY, RECITATION, …) */
  OPS_GEMINI_ERROR_INVALID_ANSWER, /* no text, invalid JSON, or not the schema */
  OPS_GEMINI_ERROR_TOO_LARGE,      /* image would make the request over 20 MB */
} OpsGeminiError;

#define OPS_TYPE_GEMINI_CLIENT (ops_gemini_client_get_type ())
G_DECLARE_FINAL_TYPE (OpsGeminiClient, ops_gemini_client, OPS, GEMINI_CLIENT, GObject)

GQuark           ops_gemini_error_quark          (void);
/* base_url like https://generativelanguage.googleapis.com; model like
 * gemini-2.5-flash. */
OpsGeminiClient *ops_gemini_client_new           (const char      *base_url,
                                                  const char      *model,
                                                  const char      *api_key);
/* NULL with OPS_GEMINI_ERROR_NOT_CONFIGURED when [gemini] api_key is unset. */
OpsGeminiClient *ops_gemini_client_new_from_config (OpsConfig     *config,
                                                    GError       **error);
/* Per-attempt timeout (default 8 s) and the back-off base and cap (default
 * 1000 ms and 60000 ms; tests shorten them).  attempts includes the first
 * (default 5). */
void             ops_gemini_client_set_timeout   (OpsGeminiClient *self,
                                                  guint            seconds);
void             ops_gemini_client_set_backoff   (OpsGeminiClient *self,
                                                  guint            base_ms,
                                                  guint            max_ms,
                                                  guint            attempts);

/* Reads image (mime_type image/png, image/jpeg, image/webp, image/heic or
 * image/heif) for task.  The result is the normalised object of
 * ops_vision_parse_answer. */
void             ops_gemini_client_read_async    (OpsGeminiClient     *self,
                                                  OpsVisionTask        task,
                                                  GBytes              *image,
                                                  const char          *mime_type,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
JsonNode        *ops_gemini_client_read_finish   (OpsGeminiClient     *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

G_END_DECLS
