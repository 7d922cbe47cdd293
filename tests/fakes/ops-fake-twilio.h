/* ops-fake-twilio.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process Twilio for tests, on an OpsFakeServer, following
 * apis.md §2:
 *
 * - POST /2010-04-01/Accounts/<sid>/Messages.json, form-encoded, with
 *   Basic auth <sid>:<token> (401 code 20003 otherwise) answers 201 with a
 *   Message resource (RFC 2822 dates, num_segments and num_media as
 *   strings, status "queued").  A missing To / From / Body, a To that is
 *   not E.164 (21211) and the errors set per number (21610, 21408, …) get
 *   Twilio's error JSON {code, message, more_info, status}.
 * - ops_fake_twilio_fail_next () makes the next creates answer 429
 *   (20429) or a 5xx, for the retries.
 * - The other side of the wire: the fake posts inbound-SMS and status
 *   callback webhooks to a URL, signed with X-Twilio-Signature over the
 *   URL Twilio would have been configured with.
 *
 * Every function is thread-safe.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _OpsFakeTwilio OpsFakeTwilio;

OpsFakeTwilio *ops_fake_twilio_new                 (const char        *account_sid,
                                                    const char        *auth_token);
void           ops_fake_twilio_free                (OpsFakeTwilio     *self);
/* "http://127.0.0.1:<port>" (no trailing slash), the [twilio] url. */
const char    *ops_fake_twilio_get_url             (OpsFakeTwilio     *self);

/* A create to number answers HTTP status with Twilio's error code
 * (21610 unsubscribed, 21408 region not enabled, …); code 0 removes it. */
void           ops_fake_twilio_set_number_error    (OpsFakeTwilio     *self,
                                                    const char        *number,
                                                    guint              http_status,
                                                    int                code);
/* The next count creates answer http_status (429 or a 5xx) with Twilio's
 * error body, whatever they hold. */
void           ops_fake_twilio_fail_next           (OpsFakeTwilio     *self,
                                                    guint              count,
                                                    guint              http_status);

/* Messages created so far (201 answers). */
guint          ops_fake_twilio_get_message_count   (OpsFakeTwilio     *self);
/* The decoded form (name, value, … NULL) of the last create request that
 * reached the Messages route, accepted or not; NULL when none. */
GStrv          ops_fake_twilio_dup_last_form       (OpsFakeTwilio     *self);
/* The last 201 answer, or NULL. */
JsonObject    *ops_fake_twilio_dup_last_message    (OpsFakeTwilio     *self);
/* Request log: "<METHOD> <path>" lines. */
GStrv          ops_fake_twilio_dup_requests        (OpsFakeTwilio     *self);

/* The X-Twilio-Signature Twilio computes for signed_url and params. */
char          *ops_fake_twilio_sign                (OpsFakeTwilio     *self,
                                                    const char        *signed_url,
                                                    const char *const *params);
/* The parameters of an inbound SMS (apis.md §2.2) / of a status callback
 * (§2.3; error_code 0 = none).  to NULL: a number of the account. */
GStrv          ops_fake_twilio_inbound_params      (OpsFakeTwilio     *self,
                                                    const char        *message_sid,
                                                    const char        *from,
                                                    const char        *to,
                                                    const char        *body);
GStrv          ops_fake_twilio_status_params       (OpsFakeTwilio     *self,
                                                    const char        *message_sid,
                                                    const char        *status,
                                                    int                error_code);
/* Posts params form-encoded to post_url with signature as
 * X-Twilio-Signature (NULL: no header), from the calling thread
 * (blocking).  Returns the HTTP status (0 with error set when there was no
 * answer); answer (may be NULL) receives the body, content_type (may be
 * NULL) its type. */
guint          ops_fake_twilio_post_form           (OpsFakeTwilio     *self,
                                                    const char        *post_url,
                                                    const char *const *params,
                                                    const char        *signature,
                                                    char             **answer,
                                                    char             **content_type,
                                                    GError           **error);
/* Signs params over signed_url, as Twilio does, and posts them to
 * post_url (the same URL behind a reverse proxy is another address). */
guint          ops_fake_twilio_post_signed         (OpsFakeTwilio     *self,
                                                    const char        *post_url,
                                                    const char        *signed_url,
                                                    const char *const *params,
                                                    char             **answer,
                                                    GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFakeTwilio, ops_fake_twilio_free)

G_END_DECLS
