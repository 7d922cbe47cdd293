/* ops-http-retry.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * When to send a request again, and how long to wait before it: the retry
 * policy's back-off and the server's Retry-After.
 */

#define G_LOG_DOMAIN "ops-http"

#include "config.h"

#include "ops-http.h"

void
ops_retry_policy_init_default (OpsRetryPolicy *policy)
{
  g_return_if_fail (policy != NULL);

  policy->max_attempts = 5;
  policy->base_delay_ms = 500;
  policy->max_delay_ms = 30000;
}

gboolean
ops_http_status_is_retryable (guint status)
{
  return status == 429 || status == 502 || status == 503 || status == 504;
}

/* "Equal jitter": the bound is base * 2^(attempt - 1) capped at
 * max_delay_ms; the delay is half the bound plus a random part of the
 * other half, so retries spread out but never come back at once. */
guint
ops_retry_policy_delay_ms (const OpsRetryPolicy *policy,
                           guint                 attempt,
                           gint64                retry_after_ms,
                           double                random_fraction)
{
  guint64 bound;
  guint64 half;
  double fraction;

  g_return_val_if_fail (policy != NULL, 0);

  if (retry_after_ms >= 0)
    return (guint)MIN ((guint64)retry_after_ms, (guint64)policy->max_delay_ms);

  bound = policy->base_delay_ms;
  for (guint i = 1; i < attempt && bound < policy->max_delay_ms; i++)
    bound *= 2;
  bound = MIN (bound, (guint64)policy->max_delay_ms);

  fraction = CLAMP (random_fraction, 0.0, 1.0);
  half = bound / 2;

  return (guint)MIN (bound, half + (guint64)(fraction * (double)(bound - half)));
}

gint64
ops_http_parse_retry_after (const char *value,
                            GDateTime  *now)
{
  g_autofree char *text = NULL;
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) current = NULL;
  gboolean digits = TRUE;
  GTimeSpan span;

  if (value == NULL)
    return -1;

  text = g_strstrip (g_strdup (value));
  if (text[0] == '\0')
    return -1;

  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isdigit (*p))
      digits = FALSE;

  if (digits)
    {
      guint64 seconds = 0;

      /* A huge delta still means "later": it is capped by the policy. */
      if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT32, &seconds, NULL))
        seconds = G_MAXUINT32;
      return (gint64)seconds * 1000;
    }

  date = soup_date_time_new_from_http_string (text);
  if (date == NULL)
    return -1;

  if (now == NULL)
    now = current = g_date_time_new_now_utc ();

  span = g_date_time_difference (date, now);
  return span > 0 ? span / G_TIME_SPAN_MILLISECOND : 0;
}
