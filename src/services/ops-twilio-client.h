/* ops-twilio-client.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sends SMS through Twilio's Messages API (apis.md §2.1): a form-encoded
 * POST with Basic auth, answered 201 with the Message; Twilio's error JSON
 * becomes a named error whose message says what to do.  Numbers go out in
 * E.164.  Blocking calls for worker threads, with _async wrappers.
 */

#pragma once

#include <gio/gio.h>

#include "ops-config.h"
#include "ops-http.h"

G_BEGIN_DECLS

#define OPS_TWILIO_ERROR (ops_twilio_error_quark ())

typedef enum
{
  OPS_TWILIO_ERROR_NOT_CONFIGURED,      /* no account SID, token or sender */
  OPS_TWILIO_ERROR_INVALID_NUMBER,      /* 21211, or a number that is not one */
  OPS_TWILIO_ERROR_UNSUBSCRIBED,        /* 21610: the recipient replied STOP */
  OPS_TWILIO_ERROR_REGION_NOT_ENABLED,  /* 21408: the country is not enabled */
  OPS_TWILIO_ERROR_UNAUTHORIZED,        /* 20003 / 401: wrong SID or token */
  OPS_TWILIO_ERROR_RATE_LIMITED,        /* 20429 / 429, still after the retries */
  OPS_TWILIO_ERROR_INVALID_MESSAGE,     /* empty, or longer than Twilio takes */
  OPS_TWILIO_ERROR_FAILED,              /* any other refusal (see the Twilio code) */
  OPS_TWILIO_ERROR_SERVER,              /* 5xx, or an answer Twilio never gives */
} OpsTwilioError;

/* Longest Body Twilio accepts. */
#define OPS_TWILIO_MAX_BODY_CHARS 1600
/* Where Twilio posts status callbacks, below [server] public_url. */
#define OPS_TWILIO_STATUS_PATH "/webhook/twilio/sms-status"
#define OPS_TWILIO_INCOMING_PATH "/webhook/twilio/sms-incoming"

typedef struct
{
  char *sid;            /* "SM…" */
  char *status;         /* "queued", "accepted", … */
  char *to;
  char *from;
  char *body;
  char *date_created;   /* as Twilio writes it (RFC 2822) */
  char *num_segments;   /* a string, as Twilio sends it */
} OpsTwilioMessage;

#define OPS_TYPE_TWILIO_CLIENT (ops_twilio_client_get_type ())

G_DECLARE_FINAL_TYPE (OpsTwilioClient, ops_twilio_client, OPS, TWILIO_CLIENT, GObject)

GQuark            ops_twilio_error_quark            (void);
/* Twilio's own error code of an OPS_TWILIO_ERROR (21211, …), 0 when the
 * error did not come from a Twilio error body. */
int               ops_twilio_error_get_twilio_code  (const GError      *error);
/* The HTTP status Twilio answered with, 0 when none. */
guint             ops_twilio_error_get_http_status  (const GError      *error);
/* Twilio's more_info link, or NULL. */
const char       *ops_twilio_error_get_more_info    (const GError      *error);

void              ops_twilio_message_free           (OpsTwilioMessage  *self);

/* A number as Twilio wants it: E.164, North American numbers without a
 * country code taken as +1.  INVALID_NUMBER with a sentence otherwise. */
char             *ops_twilio_normalize_phone        (const char        *phone,
                                                     GError           **error);

/* status_callback may be NULL (no StatusCallback sent). */
OpsTwilioClient  *ops_twilio_client_new             (const char        *base_url,
                                                     const char        *account_sid,
                                                     const char        *auth_token,
                                                     const char        *from,
                                                     const char        *status_callback,
                                                     GError           **error);
/* From [twilio] url, account_sid, auth_token, from and [server]
 * public_url; NOT_CONFIGURED when Twilio is not configured. */
OpsTwilioClient  *ops_twilio_client_new_from_config (OpsConfig         *config,
                                                     GError           **error);
void              ops_twilio_client_set_retry       (OpsTwilioClient   *self,
                                                     const OpsRetryPolicy *policy);
const char       *ops_twilio_client_get_from        (OpsTwilioClient   *self);

/* POST /2010-04-01/Accounts/{sid}/Messages.json with To (normalised),
 * From, Body and StatusCallback.  Blocking. */
OpsTwilioMessage *ops_twilio_client_send_sms        (OpsTwilioClient   *self,
                                                     const char        *to,
                                                     const char        *body,
                                                     GCancellable      *cancellable,
                                                     GError           **error);
void              ops_twilio_client_send_sms_async  (OpsTwilioClient   *self,
                                                     const char        *to,
                                                     const char        *body,
                                                     GCancellable      *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer           user_data);
OpsTwilioMessage *ops_twilio_client_send_sms_finish (OpsTwilioClient   *self,
                                                     GAsyncResult      *result,
                                                     GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsTwilioMessage, ops_twilio_message_free)

G_END_DECLS
