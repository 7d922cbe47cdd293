/* ops-http-redact.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the HTTP debug log may show: header values and bodies with the
 * secrets (credentials, signatures, card numbers) replaced by "[redacted]".
 * Redaction errs on the side of hiding too much; it only feeds the log.
 */

#define G_LOG_DOMAIN "ops-http"

#include "config.h"

#include <string.h>

#include "ops-http.h"

#define REDACTED "[redacted]"

/* A name (JSON key, form field) is secret when it contains one of these. */
#define SECRET_NAME \
  "[A-Za-z0-9_.\\-]*(?:password|passwd|secret|token|api[_-]?key|apikey|auth|card|cvc|signature)[A-Za-z0-9_.\\-]*"

/* Headers whose value is always secret, whatever their content. */
static const char * const secret_headers[] = {
  "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
  "X-Twilio-Signature", "Stripe-Signature",
};

/* Words that make any header secret when its name contains them. */
static const char * const secret_header_words[] = {
  "token", "secret", "key", "password", "signature",
};

typedef struct
{
  GRegex *json_plain;     /* "password": "value" */
  GRegex *json_escaped;   /* \"password\":\"value\" inside a JSON string */
  GRegex *form_field;     /* password=value in a query or form body */
  GRegex *auth_scheme;    /* token key:secret, Bearer xyz, Basic xyz */
  GRegex *card_number;    /* 13 to 19 digits, optionally grouped */
  GRegex *jwt;            /* a bare JSON Web Token (an Oktopus login answer) */
} Redactors;

/*
 * Auxiliary methods
 */

static GRegex *
compile (const char *pattern)
{
  g_autoptr(GError) error = NULL;
  GRegex *regex;

  regex = g_regex_new (pattern, G_REGEX_CASELESS | G_REGEX_OPTIMIZE, 0, &error);
  /* The patterns are constants: failing to compile one is a programming error. */
  if (regex == NULL)
    g_error ("Invalid redaction pattern %s: %s", pattern, error->message);

  return regex;
}

static const Redactors *
get_redactors (void)
{
  static Redactors redactors;
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      redactors.json_plain =
        compile ("\"(" SECRET_NAME ")\"\\s*:\\s*"
                 "(?:\"(?:[^\"\\\\]|\\\\.)*(?:\"|$)|[^\\s,}\\]{\\[\"][^\\s,}\\]]*)");
      redactors.json_escaped =
        compile ("\\\\\"(" SECRET_NAME ")\\\\\"\\s*:\\s*"
                 "(?:\\\\\"(?:[^\"\\\\]|\\\\\\\\.|\\\\[^\"\\\\])*?(?:\\\\\"|$)|[^\\s,}\\]{\\[\"\\\\][^\\s,}\\]\\\\]*)");
      redactors.form_field =
        compile ("(^|[^A-Za-z0-9_.\\-])(" SECRET_NAME ")=[^&\\s\"]*");
      redactors.auth_scheme =
        compile ("\\b(token|bearer|basic)\\s+[A-Za-z0-9+/=._~:\\-]{4,}");
      redactors.card_number =
        compile ("(?<![0-9A-Za-z])[0-9](?:[ \\-]?[0-9]){12,18}(?![0-9])");
      redactors.jwt =
        compile ("\\beyJ[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]+\\.[A-Za-z0-9_\\-]*");
      g_once_init_leave (&initialized, 1);
    }

  return &redactors;
}

static char *
replace (GRegex     *regex,
         char       *text,
         const char *replacement)
{
  g_autoptr(GError) error = NULL;
  char *result;

  result = g_regex_replace (regex, text, -1, 0, replacement, 0, &error);
  if (result == NULL)
    {
      /* Only a pathological input gets here (match limit): hide it all. */
      g_free (text);
      return g_strdup (REDACTED);
    }

  g_free (text);
  return result;
}

static gboolean
header_is_secret (const char *name)
{
  g_autofree char *lower = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (secret_headers); i++)
    if (g_ascii_strcasecmp (name, secret_headers[i]) == 0)
      return TRUE;

  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (secret_header_words); i++)
    if (strstr (lower, secret_header_words[i]) != NULL)
      return TRUE;

  return FALSE;
}

/*
 * Public API
 */

char *
ops_http_redact_header (const char *name,
                        const char *value)
{
  g_return_val_if_fail (name != NULL, NULL);

  if (value == NULL)
    return NULL;

  if (header_is_secret (name))
    return g_strdup (REDACTED);

  return ops_http_redact_text (value);
}

char *
ops_http_redact_text (const char *text)
{
  const Redactors *redactors;
  char *result;

  if (text == NULL)
    return NULL;

  redactors = get_redactors ();
  /* GRegex matches UTF-8 only; a binary body is logged with U+FFFD. */
  result = g_utf8_make_valid (text, -1);
  result = replace (redactors->json_plain, result, "\"\\1\":\"" REDACTED "\"");
  result = replace (redactors->json_escaped, result, "\\\\\"\\1\\\\\":\\\\\"" REDACTED "\\\\\"");
  result = replace (redactors->form_field, result, "\\1\\2=" REDACTED);
  result = replace (redactors->auth_scheme, result, "\\1 " REDACTED);
  result = replace (redactors->card_number, result, REDACTED);
  result = replace (redactors->jwt, result, REDACTED);

  return result;
}
