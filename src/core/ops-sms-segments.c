/* ops-sms-segments.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GSM 03.38: the default alphabet costs one septet a character, its
 * extension table two (an escape then the character).  A concatenated
 * message spends part of each SMS on its header, which leaves 153 septets
 * (or 67 UTF-16 units) per part, and a part never ends in the middle of an
 * escape pair or a surrogate pair.
 */

#define G_LOG_DOMAIN "ops-sms"

#include "config.h"

#include "ops-sms-segments.h"

#define GSM7_SINGLE 160
#define GSM7_PART   153
#define UCS2_SINGLE 70
#define UCS2_PART   67

/* The default alphabet outside printable ASCII (ASCII letters, digits,
 * space and most punctuation are in it, see basic_septets ()). */
static const gunichar gsm7_basic_extra[] = {
  0x00A3 /* £ */, 0x00A5 /* ¥ */, 0x00E8 /* è */, 0x00E9 /* é */, 0x00F9 /* ù */,
  0x00EC /* ì */, 0x00F2 /* ò */, 0x00C7 /* Ç */, 0x00D8 /* Ø */, 0x00F8 /* ø */,
  0x00C5 /* Å */, 0x00E5 /* å */, 0x0394 /* Δ */, 0x03A6 /* Φ */, 0x0393 /* Γ */,
  0x039B /* Λ */, 0x03A9 /* Ω */, 0x03A0 /* Π */, 0x03A8 /* Ψ */, 0x03A3 /* Σ */,
  0x0398 /* Θ */, 0x039E /* Ξ */, 0x00C6 /* Æ */, 0x00E6 /* æ */, 0x00DF /* ß */,
  0x00C9 /* É */, 0x00A4 /* ¤ */, 0x00A1 /* ¡ */, 0x00C4 /* Ä */, 0x00D6 /* Ö */,
  0x00D1 /* Ñ */, 0x00DC /* Ü */, 0x00A7 /* § */, 0x00BF /* ¿ */, 0x00E4 /* ä */,
  0x00F6 /* ö */, 0x00F1 /* ñ */, 0x00FC /* ü */, 0x00E0 /* à */,
};

/* The extension table: an escape septet and the character. */
static const gunichar gsm7_extension[] = {
  0x000C /* form feed */, '^', '{', '}', '\\', '[', ']', '~', '|', 0x20AC /* € */,
};

/* Septets a character costs: 1, 2, or 0 when GSM-7 cannot carry it. */
static guint
septets (gunichar c)
{
  if (c == '\n' || c == '\r')
    return 1;
  /* Printable ASCII is in the default alphabet except the backtick and
   * the characters of the extension table. */
  if (c >= 0x20 && c < 0x7F && c != '`')
    {
      for (guint i = 0; i < G_N_ELEMENTS (gsm7_extension); i++)
        if (gsm7_extension[i] == c)
          return 2;
      return 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (gsm7_basic_extra); i++)
    if (gsm7_basic_extra[i] == c)
      return 1;
  for (guint i = 0; i < G_N_ELEMENTS (gsm7_extension); i++)
    if (gsm7_extension[i] == c)
      return 2;
  return 0;
}

static guint
utf16_units (gunichar c)
{
  return c > 0xFFFF ? 2 : 1;
}

gboolean
ops_sms_char_is_gsm7 (gunichar c)
{
  return septets (c) > 0;
}

void
ops_sms_count (const char  *text,
               OpsSmsCount *out)
{
  OpsSmsCount count = { OPS_SMS_GSM7, 0, 0, GSM7_SINGLE, GSM7_SINGLE, 0 };
  gboolean gsm7 = TRUE;
  guint single;
  guint part;
  guint fill = 0;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    text = "";

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (septets (c) == 0)
        {
          gsm7 = FALSE;
          count.first_ucs2 = c;
          break;
        }
    }

  count.encoding = gsm7 ? OPS_SMS_GSM7 : OPS_SMS_UCS2;
  single = gsm7 ? GSM7_SINGLE : UCS2_SINGLE;
  part = gsm7 ? GSM7_PART : UCS2_PART;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      count.units += gsm7 ? septets (c) : utf16_units (c);
    }

  if (count.units == 0)
    {
      count.per_segment = single;
      count.remaining = single;
      *out = count;
      return;
    }

  if (count.units <= single)
    {
      count.segments = 1;
      count.per_segment = single;
      count.remaining = single - count.units;
      *out = count;
      return;
    }

  /* Concatenated: fill the parts character by character, so a pair that
   * does not fit at the end of a part starts the next one. */
  count.per_segment = part;
  count.segments = 1;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      guint cost = gsm7 ? septets (c) : utf16_units (c);

      if (fill + cost > part)
        {
          count.segments++;
          fill = 0;
        }
      fill += cost;
    }
  count.remaining = part - fill;
  *out = count;
}
