/* test-sms-segments.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SMS segment counting against worked examples: GSM-7 with its extension
 * characters, UCS-2 with surrogate pairs, and the concatenation limits.
 */

#define G_LOG_DOMAIN "test-sms-segments"

#include "config.h"

#include "ops-sms-segments.h"

static char *
repeat (const char *piece,
        guint       times)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < times; i++)
    g_string_append (out, piece);
  return g_string_free (out, FALSE);
}

static OpsSmsCount
count (const char *text)
{
  OpsSmsCount result;

  ops_sms_count (text, &result);
  return result;
}

static void
test_gsm7_limits (void)
{
  struct {
    guint length;
    guint segments;
    guint per_segment;
    guint remaining;
  } cases[] = {
    { 1, 1, 160, 159 },
    { 160, 1, 160, 0 },
    { 161, 2, 153, 145 },   /* 153 + 8 */
    { 306, 2, 153, 0 },
    { 307, 3, 153, 152 },
    { 459, 3, 153, 0 },
    { 460, 4, 153, 152 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = repeat ("a", cases[i].length);
      OpsSmsCount c = count (text);

      g_assert_cmpint (c.encoding, ==, OPS_SMS_GSM7);
      g_assert_cmpuint (c.units, ==, cases[i].length);
      g_assert_cmpuint (c.segments, ==, cases[i].segments);
      g_assert_cmpuint (c.per_segment, ==, cases[i].per_segment);
      g_assert_cmpuint (c.remaining, ==, cases[i].remaining);
      g_assert_cmpuint (c.first_ucs2, ==, 0);
    }
}

static void
test_empty (void)
{
  OpsSmsCount c = count ("");

  g_assert_cmpint (c.encoding, ==, OPS_SMS_GSM7);
  g_assert_cmpuint (c.units, ==, 0);
  g_assert_cmpuint (c.segments, ==, 0);
  g_assert_cmpuint (c.remaining, ==, 160);
  g_assert_cmpuint (c.first_ucs2, ==, 0);
}

static void
test_extension (void)
{
  g_autofree char *plain159 = repeat ("a", 159);
  g_autofree char *euro = g_strconcat (plain159, "€", NULL);
  g_autofree char *plain152 = repeat ("a", 152);
  g_autofree char *tail152 = repeat ("b", 152);
  g_autofree char *bracket = g_strconcat (plain152, "[", tail152, NULL);
  g_autofree char *plain151 = repeat ("a", 151);
  g_autofree char *fits = g_strconcat (plain151, "[", tail152, NULL);
  OpsSmsCount c;

  /* Each extension character is an escape and itself. */
  for (const char *p = "^{}\\[]~|€\f"; *p != '\0'; p = g_utf8_next_char (p))
    {
      char one[8] = { 0 };

      g_unichar_to_utf8 (g_utf8_get_char (p), one);
      c = count (one);
      g_assert_cmpint (c.encoding, ==, OPS_SMS_GSM7);
      g_assert_cmpuint (c.units, ==, 2);
      g_assert_true (ops_sms_char_is_gsm7 (g_utf8_get_char (p)));
    }

  /* 159 characters and a euro sign: 161 septets, two parts (153 + 8). */
  c = count (euro);
  g_assert_cmpint (c.encoding, ==, OPS_SMS_GSM7);
  g_assert_cmpuint (c.units, ==, 161);
  g_assert_cmpuint (c.segments, ==, 2);
  g_assert_cmpuint (c.remaining, ==, 145);

  /* 152 characters then "[": the pair does not fit in the first part's
   * last septet and moves to the second, which then overflows: 306
   * septets in three parts (152, 153, 1) instead of two. */
  c = count (bracket);
  g_assert_cmpuint (c.units, ==, 306);
  g_assert_cmpuint (c.segments, ==, 3);
  g_assert_cmpuint (c.remaining, ==, 152);

  /* One character less and the pair ends the first part exactly. */
  c = count (fits);
  g_assert_cmpuint (c.units, ==, 305);
  g_assert_cmpuint (c.segments, ==, 2);
  g_assert_cmpuint (c.remaining, ==, 1);
}

static void
test_alphabet (void)
{
  const char *gsm7 = "@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                     "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà\n\r";
  const char *outside = "êâîôûëïÀÈÊ`çÁáíóú";
  OpsSmsCount c;

  for (const char *p = gsm7; *p != '\0'; p = g_utf8_next_char (p))
    if (!ops_sms_char_is_gsm7 (g_utf8_get_char (p)))
      g_error ("U+%04X should be in the GSM-7 alphabet", g_utf8_get_char (p));
  c = count (gsm7);
  g_assert_cmpint (c.encoding, ==, OPS_SMS_GSM7);
  g_assert_cmpuint (c.units, ==, g_utf8_strlen (gsm7, -1));

  for (const char *p = outside; *p != '\0'; p = g_utf8_next_char (p))
    if (ops_sms_char_is_gsm7 (g_utf8_get_char (p)))
      g_error ("U+%04X should not be in the GSM-7 alphabet", g_utf8_get_char (p));

  /* French with è and é stays GSM-7; ê and ô make it UCS-2, and the
   * first of them is named. */
  c = count ("Le technicien arrivera très bientôt, à l'heure prévue. Merci d'être là.");
  g_assert_cmpint (c.encoding, ==, OPS_SMS_UCS2);
  g_assert_cmpuint (c.first_ucs2, ==, 0x00F4);   /* ô */
  c = count ("Le technicien arrivera très tôt");
  g_assert_cmpuint (c.first_ucs2, ==, 0x00F4);
  c = count ("Votre facture est réglée, merci à vous !");
  g_assert_cmpint (c.encoding, ==, OPS_SMS_GSM7);
  g_assert_cmpuint (c.first_ucs2, ==, 0);
  c = count ("Le modem est prêt");
  g_assert_cmpint (c.encoding, ==, OPS_SMS_UCS2);
  g_assert_cmpuint (c.first_ucs2, ==, 0x00EA);   /* ê */
}

static void
test_ucs2 (void)
{
  g_autofree char *seventy = repeat ("ê", 70);
  g_autofree char *seventy_one = repeat ("ê", 71);
  g_autofree char *head = repeat ("ê", 66);
  g_autofree char *tail = repeat ("ê", 66);
  g_autofree char *tail65 = repeat ("ê", 65);
  g_autofree char *emoji_split = g_strconcat (head, "😀", tail, NULL);
  g_autofree char *emoji_fits = g_strconcat (head, "😀", tail65, NULL);
  OpsSmsCount c;

  c = count (seventy);
  g_assert_cmpint (c.encoding, ==, OPS_SMS_UCS2);
  g_assert_cmpuint (c.units, ==, 70);
  g_assert_cmpuint (c.segments, ==, 1);
  g_assert_cmpuint (c.per_segment, ==, 70);
  g_assert_cmpuint (c.remaining, ==, 0);
  g_assert_cmpuint (c.first_ucs2, ==, 0x00EA);

  c = count (seventy_one);
  g_assert_cmpuint (c.units, ==, 71);
  g_assert_cmpuint (c.segments, ==, 2);          /* 67 + 4 */
  g_assert_cmpuint (c.per_segment, ==, 67);
  g_assert_cmpuint (c.remaining, ==, 63);

  /* An emoji is two UTF-16 units. */
  c = count ("ok 😀");
  g_assert_cmpint (c.encoding, ==, OPS_SMS_UCS2);
  g_assert_cmpuint (c.units, ==, 5);
  g_assert_cmpuint (c.first_ucs2, ==, 0x1F600);

  /* At unit 67 the emoji does not fit and starts the second part: 134
   * units in three parts (66, 67, 1) instead of two. */
  c = count (emoji_split);
  g_assert_cmpuint (c.units, ==, 134);
  g_assert_cmpuint (c.segments, ==, 3);
  g_assert_cmpuint (c.remaining, ==, 66);

  c = count (emoji_fits);
  g_assert_cmpuint (c.units, ==, 133);
  g_assert_cmpuint (c.segments, ==, 2);
  g_assert_cmpuint (c.remaining, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sms-segments/gsm7-limits", test_gsm7_limits);
  g_test_add_func ("/sms-segments/empty", test_empty);
  g_test_add_func ("/sms-segments/extension", test_extension);
  g_test_add_func ("/sms-segments/alphabet", test_alphabet);
  g_test_add_func ("/sms-segments/ucs2", test_ucs2);

  return g_test_run ();
}
