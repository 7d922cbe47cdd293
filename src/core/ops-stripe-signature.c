/* ops-stripe-signature.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Checked in Stripe's order: the header parses, it carries a v1, a v1
 * matches, and only then the age, so a forged request never learns more
 * than "no match".
 */

#define G_LOG_DOMAIN "ops-stripe-signature"

#include "config.h"

#include <string.h>

#include "ops-stripe-signature.h"

/* Lowercase hex of an HMAC-SHA256. */
#define SIGNATURE_LENGTH 64

G_DEFINE_QUARK (ops-stripe-signature-error-quark, ops_stripe_signature_error)

/*
 * Auxiliary methods
 */

/* TRUE when a and b are equal; the time taken depends only on the
 * lengths, which are not secret. */
static gboolean
equal_constant_time (const char *a,
                     gsize       a_length,
                     const char *b,
                     gsize       b_length)
{
  guint8 diff = 0;

  if (a_length != b_length)
    return FALSE;
  for (gsize i = 0; i < a_length; i++)
    diff |= (guint8)a[i] ^ (guint8)b[i];
  return diff == 0;
}

static gboolean
parse_timestamp (const char *text,
                 gint64     *timestamp)
{
  guint64 value = 0;

  if (*text == '\0' || strlen (text) > 18)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64)(*p - '0');
    }
  *timestamp = (gint64)value;
  return TRUE;
}

/*
 * Public API
 */

char *
ops_stripe_signature_compute (const char   *secret,
                              gint64        timestamp,
                              const guint8 *body,
                              gsize         length)
{
  g_autoptr(GHmac) hmac = NULL;
  char prefix[32];

  g_return_val_if_fail (secret != NULL, NULL);
  g_return_val_if_fail (body != NULL || length == 0, NULL);

  g_snprintf (prefix, sizeof prefix, "%" G_GINT64_FORMAT ".", timestamp);
  hmac = g_hmac_new (G_CHECKSUM_SHA256, (const guchar *)secret, strlen (secret));
  g_hmac_update (hmac, (const guchar *)prefix, -1);
  if (length > 0)
    g_hmac_update (hmac, body, (gssize)length);
  return g_strdup (g_hmac_get_string (hmac));
}

char *
ops_stripe_signature_header (const char   *secret,
                             gint64        timestamp,
                             const guint8 *body,
                             gsize         length)
{
  g_autofree char *signature = ops_stripe_signature_compute (secret, timestamp, body, length);

  return g_strdup_printf ("t=%" G_GINT64_FORMAT ",v1=%s", timestamp, signature);
}

gboolean
ops_stripe_signature_verify (const char    *header,
                             const char    *secret,
                             const guint8  *body,
                             gsize          length,
                             gint64         now,
                             gint64         tolerance,
                             gint64        *timestamp,
                             GError       **error)
{
  g_auto(GStrv) items = NULL;
  g_autofree char *expected = NULL;
  gboolean have_timestamp = FALSE;
  gboolean matched = FALSE;
  guint signatures = 0;
  gint64 t = 0;

  g_return_val_if_fail (secret != NULL && *secret != '\0', FALSE);
  g_return_val_if_fail (body != NULL || length == 0, FALSE);

  if (header == NULL || *header == '\0')
    {
      g_set_error_literal (error, OPS_STRIPE_SIGNATURE_ERROR, OPS_STRIPE_SIGNATURE_ERROR_MISSING_HEADER,
                           "The request has no Stripe-Signature header. Stripe signs every webhook; "
                           "send events from Stripe or sign them with the endpoint's secret.");
      return FALSE;
    }

  items = g_strsplit (header, ",", -1);
  for (guint i = 0; items[i] != NULL; i++)
    {
      char *item = g_strstrip (items[i]);
      char *eq = strchr (item, '=');

      if (*item == '\0')
        continue;
      if (eq == NULL)
        {
          have_timestamp = FALSE;
          break;
        }
      *eq = '\0';
      if (g_str_equal (item, "t"))
        {
          /* One timestamp, made of digits. */
          if (have_timestamp || !parse_timestamp (eq + 1, &t))
            {
              have_timestamp = FALSE;
              break;
            }
          have_timestamp = TRUE;
        }
    }

  if (!have_timestamp)
    {
      g_set_error_literal (error, OPS_STRIPE_SIGNATURE_ERROR, OPS_STRIPE_SIGNATURE_ERROR_MALFORMED,
                           "The Stripe-Signature header is not “t=<time>,v1=<signature>”: "
                           "check what is sending this webhook.");
      return FALSE;
    }
  if (timestamp != NULL)
    *timestamp = t;

  expected = ops_stripe_signature_compute (secret, t, body, length);

  /* Every v1 is compared, a match or not. */
  for (guint i = 0; items[i] != NULL; i++)
    {
      const char *item = items[i];

      if (!g_str_equal (item, "v1"))
        continue;
      item += strlen (item) + 1;
      signatures++;
      matched |= equal_constant_time (item, strlen (item), expected, SIGNATURE_LENGTH);
    }

  if (signatures == 0)
    {
      g_set_error_literal (error, OPS_STRIPE_SIGNATURE_ERROR, OPS_STRIPE_SIGNATURE_ERROR_NO_SIGNATURE,
                           "The Stripe-Signature header has no v1 signature. "
                           "Send events signed with the v1 scheme.");
      return FALSE;
    }
  if (!matched)
    {
      g_set_error_literal (error, OPS_STRIPE_SIGNATURE_ERROR, OPS_STRIPE_SIGNATURE_ERROR_NO_MATCH,
                           "No signature in the Stripe-Signature header matches the body. "
                           "Check that [stripe] webhook_secret is this endpoint's signing secret.");
      return FALSE;
    }
  if (tolerance > 0 && now - t > tolerance)
    {
      g_set_error (error, OPS_STRIPE_SIGNATURE_ERROR, OPS_STRIPE_SIGNATURE_ERROR_TOO_OLD,
                   "The event was signed %" G_GINT64_FORMAT " s ago, more than the %" G_GINT64_FORMAT
                   " s allowed. Check this server's clock, or resend the event from Stripe.",
                   now - t, tolerance);
      return FALSE;
    }
  return TRUE;
}
