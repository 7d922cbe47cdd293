/* ops-twilio-signature.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * X-Twilio-Signature: HMAC-SHA1, keyed with the account's Auth Token, of
 * the URL Twilio was given followed by every decoded POST parameter sorted
 * by name ("name" + "value", no separators; a repeated name contributes
 * each of its distinct values, sorted), encoded in base64.  Validation
 * accepts the URL without its port and with the scheme's standard port,
 * each also with the query re-encoded the "legacy" way, as Twilio's own
 * libraries do; a JSON body is covered by the bodySHA256 query parameter.
 * Pure functions: data in, data out.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define OPS_TWILIO_SIGNATURE_ERROR (ops_twilio_signature_error_quark ())

typedef enum
{
  OPS_TWILIO_SIGNATURE_ERROR_MISSING,    /* no X-Twilio-Signature */
  OPS_TWILIO_SIGNATURE_ERROR_MISMATCH,   /* no URL variant gives the signature */
  OPS_TWILIO_SIGNATURE_ERROR_BODY_HASH,  /* the body is not the one bodySHA256 names */
  OPS_TWILIO_SIGNATURE_ERROR_MALFORMED,  /* the body or URL cannot be decoded */
} OpsTwilioSignatureError;

GQuark       ops_twilio_signature_error_quark    (void);

/* Decodes an application/x-www-form-urlencoded body ('+' is a space) into
 * a NULL-terminated list name, value, name, value, … in arrival order,
 * repeated names kept.  A pair without '=' has an empty value. */
GStrv        ops_twilio_form_decode              (const char        *body,
                                                  gsize              length,
                                                  GError           **error);
/* The first value of name in such a list, or NULL. */
const char  *ops_twilio_params_get               (const char *const *params,
                                                  const char        *name);

/* The base64 signature of url and params (a name, value, … list, may be
 * NULL for none). */
char        *ops_twilio_signature_compute        (const char        *auth_token,
                                                  const char        *url,
                                                  const char *const *params);
/* The URLs a signature is checked against, in the order they are tried:
 * without port, with the standard port (a non-standard port is kept), then
 * those two with the legacy query string when the URL has a query. */
GStrv        ops_twilio_signature_url_variants   (const char        *url);

/* TRUE when signature is the signature of one of url's variants with
 * params.  signature NULL or empty fails with MISSING. */
gboolean     ops_twilio_signature_validate       (const char        *auth_token,
                                                  const char        *signature,
                                                  const char        *url,
                                                  const char *const *params,
                                                  GError           **error);
/* A JSON (or any raw) body: url carries bodySHA256=<hex SHA-256 of body>
 * and is signed with no parameters. */
gboolean     ops_twilio_signature_validate_body  (const char        *auth_token,
                                                  const char        *signature,
                                                  const char        *url,
                                                  const char        *body,
                                                  gsize              length,
                                                  GError           **error);
/* What a webhook calls with the public URL of the request (configured base
 * URL + path + raw query) and the raw body: the bodySHA256 case when the
 * URL names one, else the form case.  params_out (may be NULL) receives
 * the decoded form parameters (empty for the bodySHA256 case) on success. */
gboolean     ops_twilio_signature_validate_request (const char      *auth_token,
                                                    const char      *signature,
                                                    const char      *url,
                                                    const char      *body,
                                                    gsize            length,
                                                    GStrv           *params_out,
                                                    GError         **error);

G_END_DECLS
