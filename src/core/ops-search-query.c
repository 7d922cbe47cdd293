/* ops-search-query.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsSearchQuery"

#include "config.h"

#include <string.h>

#include "ops-search-query.h"

/* Longest query we look at; anything longer is not a customer search. */
#define MAX_QUERY_CHARS 200
#define MAX_TOKENS 8

static char *
only_digits (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

/**
 * ops_phone_national_digits:
 *
 * "(450) 347-2281", "+1 450 347 2281" and "450.347.2281" all give
 * "4503472281": North American numbers lose their country code 1.
 *
 * Returns: (transfer full): the digits, possibly empty
 */
char *
ops_phone_national_digits (const char *phone)
{
  char *digits;

  if (phone == NULL)
    return g_strdup ("");

  digits = only_digits (phone);
  if (strlen (digits) == 11 && digits[0] == '1')
    memmove (digits, digits + 1, 11);
  return digits;
}

/**
 * ops_phone_to_e164:
 *
 * Returns: (transfer full) (nullable): +1NXXNXXXXXX for a North American
 * number, the digits after + for an international one, %NULL otherwise
 */
char *
ops_phone_to_e164 (const char *phone)
{
  g_autofree char *digits = NULL;
  const char *p;

  if (phone == NULL)
    return NULL;

  p = phone;
  while (g_ascii_isspace (*p))
    p++;

  digits = only_digits (p);
  if (*p == '+' && strlen (digits) >= 8 && strlen (digits) <= 15)
    return g_strdup_printf ("+%s", digits);
  if (strlen (digits) == 11 && digits[0] == '1')
    return g_strdup_printf ("+%s", digits);
  if (strlen (digits) == 10)
    return g_strdup_printf ("+1%s", digits);
  return NULL;
}

/**
 * ops_search_phone_tokens:
 *
 * The tokens one phone number is indexed under: the national number, the
 * same with the country code, and the local seven digits, so that any of
 * them typed as a prefix finds it.
 *
 * Returns: (transfer full): space-separated tokens, possibly empty
 */
char *
ops_search_phone_tokens (const char *phone)
{
  g_autofree char *digits = ops_phone_national_digits (phone);
  gsize len = strlen (digits);

  if (len == 0)
    return g_strdup ("");
  if (len == 10)
    return g_strdup_printf ("%s 1%s %s", digits, digits, digits + 3);
  return g_steal_pointer (&digits);
}

/**
 * ops_search_mac_token:
 *
 * "1C:61:B4:3A:09:7E", "1c-61-b4-3a-09-7e" and "1c61.b43a.097e" all give
 * "1c61b43a097e".
 *
 * Returns: (transfer full) (nullable): the 12 hex digits in lower case, or
 * %NULL when @mac is not a MAC address
 */
char *
ops_search_mac_token (const char *mac)
{
  GString *out;

  if (mac == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (const char *p = mac; *p; p++)
    {
      if (g_ascii_isxdigit (*p))
        g_string_append_c (out, g_ascii_tolower (*p));
      else if (*p != ':' && *p != '-' && *p != '.' && *p != ' ')
        break;
    }

  if (out->len != 12)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* Splits on anything that is not a letter or a digit, as the index's
 * unicode61 tokenizer does. */
static GPtrArray *
split_words (const char *text)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *word = g_string_new (NULL);

  for (const char *p = text; ; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != 0 && g_unichar_isalnum (c))
        {
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0 && words->len < MAX_TOKENS)
        g_ptr_array_add (words, g_strdup (word->str));
      g_string_truncate (word, 0);
      if (c == 0)
        break;
    }

  g_string_free (word, TRUE);
  return words;
}

static gboolean
looks_like_phone (const char *text,
                  gsize       n_digits)
{
  if (n_digits < 3)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && strchr (" +-().", *p) == NULL)
      return FALSE;
  return TRUE;
}

/* A partial MAC such as "1c:61:b4:3a" or "1C-61-B4": hex digits joined by
 * separators. */
static char *
partial_mac (const char *text)
{
  GString *hex = g_string_new (NULL);
  gboolean has_separator = FALSE;
  gboolean has_letter = FALSE;
  gboolean has_colon = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isxdigit (*p))
        {
          has_letter |= g_ascii_isalpha (*p);
          g_string_append_c (hex, g_ascii_tolower (*p));
        }
      else if (*p == ':' || *p == '-' || *p == '.')
        {
          has_separator = TRUE;
          has_colon |= *p == ':';
        }
      else
        {
          g_string_free (hex, TRUE);
          return NULL;
        }
    }

  /* "514-555-0142" is a phone number: digits with dashes are a MAC only
   * when written with colons. */
  if (!has_separator || hex->len < 4 || hex->len > 12 || !(has_letter || has_colon))
    {
      g_string_free (hex, TRUE);
      return NULL;
    }
  return g_string_free (hex, FALSE);
}

/**
 * ops_search_build_query:
 * @text: what the person typed, any UTF-8
 *
 * Builds an FTS5 query: every word is a prefix and all must match; a
 * phone-looking input also matches the phone column by its digits, and a
 * MAC-looking one the equipment column by its hex digits. Words are quoted,
 * so no input can inject FTS5 syntax.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when there is
 * nothing to search for
 */
char *
ops_search_build_query (const char *text)
{
  g_autofree char *valid = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *digits = NULL;
  g_autofree char *mac = NULL;
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GPtrArray) alternatives = g_ptr_array_new_with_free_func (g_free);

  if (text == NULL)
    return NULL;

  valid = g_utf8_make_valid (text, -1);
  if (g_utf8_strlen (valid, -1) > MAX_QUERY_CHARS)
    *g_utf8_offset_to_pointer (valid, MAX_QUERY_CHARS) = '\0';
  stripped = g_strstrip (g_strdup (valid));

  digits = ops_phone_national_digits (stripped);
  words = split_words (stripped);

  if (looks_like_phone (stripped, strlen (digits)))
    g_ptr_array_add (alternatives, g_strdup_printf ("phones : \"%s\"*", digits));

  if ((mac = partial_mac (stripped)))
    g_ptr_array_add (alternatives, g_strdup_printf ("equipment : \"%s\"*", mac));

  /* A phone typed with separators, or a MAC, is one thing, not several words. */
  if (words->len > 0 && !(words->len > 1 && (alternatives->len > 0)))
    {
      GString *all = g_string_new ("(");

      for (guint i = 0; i < words->len; i++)
        g_string_append_printf (all, "%s\"%s\"*", i ? " AND " : "", (char *)words->pdata[i]);
      g_string_append_c (all, ')');
      g_ptr_array_add (alternatives, g_string_free (all, FALSE));
    }

  if (alternatives->len == 0)
    return NULL;

  g_ptr_array_add (alternatives, NULL);
  return g_strjoinv (" OR ", (char **)alternatives->pdata);
}
