/* ops-http.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The HTTP layer every client shares: one way to make a SoupSession,
 * request descriptions that can be sent again, body-size limits, the retry
 * policy and logging with secrets redacted.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

#define OPS_HTTP_ERROR (ops_http_error_quark ())

typedef enum
{
  OPS_HTTP_ERROR_NETWORK,     /* could not connect, or the connection dropped */
  OPS_HTTP_ERROR_TLS,         /* the server's certificate was refused */
  OPS_HTTP_ERROR_TIMEOUT,     /* no answer within the session timeout */
  OPS_HTTP_ERROR_TOO_LARGE,   /* the response body is over the request's limit */
  OPS_HTTP_ERROR_MALFORMED,   /* the body is not the JSON (or UTF-8) it should be */
  OPS_HTTP_ERROR_CA_FILE,     /* the configured CA file cannot be read */
} OpsHttpError;

/* Default limit of a response body: 32 MiB. */
#define OPS_HTTP_DEFAULT_MAX_BODY (32u * 1024u * 1024u)

typedef struct
{
  guint max_attempts;   /* including the first; 1 = never retry */
  guint base_delay_ms;  /* delay before the 2nd attempt, doubled each time */
  guint max_delay_ms;   /* cap of any single delay, Retry-After included */
} OpsRetryPolicy;

typedef struct _OpsHttpRequest OpsHttpRequest;
typedef struct _OpsHttpResponse OpsHttpResponse;

/* Decides whether a response deserves another attempt (the default is
 * ops_http_status_is_retryable (status)); called on the sending thread. */
typedef gboolean (*OpsHttpRetryFunc) (guint               status,
                                      SoupMessageHeaders *headers,
                                      GBytes             *body,
                                      gpointer            user_data);

struct _OpsHttpResponse
{
  guint               status;
  SoupMessageHeaders *headers;   /* owned (a reference) */
  GBytes             *body;      /* owned; never NULL, may be empty */
  char               *reason_phrase; /* owned; the status line's text ("Task faulted"), may be NULL */
};

GQuark           ops_http_error_quark            (void);

/* A session with timeouts (seconds, 0 = 30), the user agent
 * "gigafibre-ops/<version>", TLS verification on, and, when ca_file is
 * not NULL, that file's certificates as the trusted roots.  A SoupLogger
 * writing to g_debug() with secrets redacted is attached when the log
 * domain "ops-http" is enabled in G_MESSAGES_DEBUG. */
SoupSession     *ops_http_session_new            (const char           *ca_file,
                                                  guint                 timeout_seconds,
                                                  GError              **error);

void             ops_retry_policy_init_default   (OpsRetryPolicy       *policy);
/* TRUE for 429, 502, 503 and 504. */
gboolean         ops_http_status_is_retryable    (guint                 status);
/* The delay before attempt number attempt + 1 (attempt counts from 1):
 * retry_after_ms when >= 0 (capped at max_delay_ms), else capped
 * exponential back-off with "equal jitter": with
 * bound = MIN (max_delay_ms, base_delay_ms * 2^(attempt - 1)), the delay is
 * bound / 2 + random_fraction * bound / 2 (random_fraction in [0, 1)). */
guint            ops_retry_policy_delay_ms       (const OpsRetryPolicy *policy,
                                                  guint                 attempt,
                                                  gint64                retry_after_ms,
                                                  double                random_fraction);
/* Retry-After as delta-seconds or an HTTP-date, in milliseconds from now;
 * -1 when absent or unreadable. */
gint64           ops_http_parse_retry_after      (const char           *value,
                                                  GDateTime            *now);

/* Redaction used by the logger, exposed for tests: returns a copy of a
 * header value safe to log (Authorization, Cookie, tokens, keys, secrets
 * become "[redacted]"). */
char            *ops_http_redact_header          (const char           *name,
                                                  const char           *value);
/* Returns a copy of a body or query string with the values of secret-like
 * JSON keys / form fields (password, secret, token, api_key, card numbers
 * of 13-19 digits, ...) replaced with "[redacted]". */
char            *ops_http_redact_text            (const char           *text);

OpsHttpRequest  *ops_http_request_new            (const char           *method,
                                                  const char           *uri);
OpsHttpRequest  *ops_http_request_ref            (OpsHttpRequest       *self);
void             ops_http_request_unref          (OpsHttpRequest       *self);
const char      *ops_http_request_get_method     (OpsHttpRequest       *self);
const char      *ops_http_request_get_uri        (OpsHttpRequest       *self);
void             ops_http_request_set_header     (OpsHttpRequest       *self,
                                                  const char           *name,
                                                  const char           *value);
void             ops_http_request_set_body       (OpsHttpRequest       *self,
                                                  const char           *content_type,
                                                  GBytes               *body);
void             ops_http_request_set_json_body  (OpsHttpRequest       *self,
                                                  JsonNode             *node);
void             ops_http_request_set_max_body   (OpsHttpRequest       *self,
                                                  gsize                 max_body);
void             ops_http_request_set_retry      (OpsHttpRequest       *self,
                                                  const OpsRetryPolicy *policy);
/* Replaces the test of which statuses are retried (e.g. to retry an API's
 * own "slow down" answer); func NULL restores the default. */
void             ops_http_request_set_retry_func (OpsHttpRequest       *self,
                                                  OpsHttpRetryFunc      func,
                                                  gpointer              user_data,
                                                  GDestroyNotify        destroy);

/* Sends the request, retrying network errors and retryable statuses
 * according to its policy (sleeping between attempts, cancellable).
 * Any other status (2xx, other 4xx, 500) is returned as a response, not an
 * error: callers decode their service's error bodies.  Safe to call from
 * any thread (libsoup >= 3.2). */
OpsHttpResponse *ops_http_send                   (SoupSession          *session,
                                                  OpsHttpRequest       *request,
                                                  GCancellable         *cancellable,
                                                  GError              **error);
void             ops_http_send_async             (SoupSession          *session,
                                                  OpsHttpRequest       *request,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
OpsHttpResponse *ops_http_send_finish            (GAsyncResult         *result,
                                                  GError              **error);

/* Parses the body as JSON (valid UTF-8 required); MALFORMED otherwise. */
JsonNode        *ops_http_response_parse_json    (OpsHttpResponse      *self,
                                                  GError              **error);
void             ops_http_response_free          (OpsHttpResponse      *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsHttpRequest, ops_http_request_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsHttpResponse, ops_http_response_free)

G_END_DECLS
