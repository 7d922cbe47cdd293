/* ops-sms-segments.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How many SMS a text costs: GSM-7 (160 characters alone, 153 per part
 * when concatenated; the extension characters ^ { } \ [ ] ~ | € and the
 * form feed count as two) or, as soon as one character is outside GSM-7,
 * UCS-2 (70 alone, 67 per part; characters outside the BMP, such as most
 * emoji, count as two UTF-16 units and are never split across parts).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  OPS_SMS_GSM7,
  OPS_SMS_UCS2,
} OpsSmsEncoding;

typedef struct
{
  OpsSmsEncoding encoding;
  guint          units;        /* septets (GSM-7) or UTF-16 code units (UCS-2) */
  guint          segments;     /* 0 for an empty text */
  guint          per_segment;  /* 160, 153, 70 or 67 */
  guint          remaining;    /* units left in the last segment */
  gunichar       first_ucs2;   /* the first character that forced UCS-2, 0 if none */
} OpsSmsCount;

/* text must be valid UTF-8. */
void     ops_sms_count          (const char  *text,
                                 OpsSmsCount *out);
gboolean ops_sms_char_is_gsm7   (gunichar     c);

G_END_DECLS
