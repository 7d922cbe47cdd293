/* test-search-query.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-search-query"

#include "config.h"

#include <string.h>

#include "ops-search-query.h"

static void
test_phone_digits (void)
{
  const char *same[] = { "514-555-0142", "(514) 555 0142", "+15145550142", "1 514 555-0142", "514.555.0142" };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *digits = ops_phone_national_digits (same[i]);
      g_autofree char *e164 = ops_phone_to_e164 (same[i]);

      g_assert_cmpstr (digits, ==, "5145550142");
      g_assert_cmpstr (e164, ==, "+15145550142");
    }

  {
    g_autofree char *intl = ops_phone_to_e164 ("+353 87 123 4567");
    g_autofree char *short_number = ops_phone_to_e164 ("555-0142");
    g_autofree char *none = ops_phone_national_digits (NULL);

    g_assert_cmpstr (intl, ==, "+353871234567");
    g_assert_null (short_number);
    g_assert_cmpstr (none, ==, "");
  }
}

static void
test_phone_tokens (void)
{
  g_autofree char *tokens = ops_search_phone_tokens ("(450) 347-2281");
  g_autofree char *empty = ops_search_phone_tokens ("");

  g_assert_cmpstr (tokens, ==, "4503472281 14503472281 3472281");
  g_assert_cmpstr (empty, ==, "");
}

static void
test_mac_token (void)
{
  const char *same[] = { "1C:61:B4:3A:09:7E", "1c-61-b4-3a-09-7e", "1c61.b43a.097e", "1C61B43A097E" };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *token = ops_search_mac_token (same[i]);
      g_assert_cmpstr (token, ==, "1c61b43a097e");
    }

  g_assert_null (ops_search_mac_token ("1C:61:B4"));
  g_assert_null (ops_search_mac_token ("not a mac"));
  g_assert_null (ops_search_mac_token (NULL));
}

static void
assert_query (const char *text,
              const char *expected)
{
  g_autofree char *query = ops_search_build_query (text);

  g_assert_cmpstr (query, ==, expected);
}

static void
test_build_query (void)
{
  assert_query ("Beaulé", "(\"Beaulé\"*)");
  assert_query ("  marie-eve  beaule ", "(\"marie\"* AND \"eve\"* AND \"beaule\"*)");
  assert_query ("514-555-0142", "phones : \"5145550142\"*");
  assert_query ("+1 (514) 555", "phones : \"1514555\"*");
  assert_query ("5145550142", "phones : \"5145550142\"* OR (\"5145550142\"*)");
  assert_query ("1C:61:B4:3A", "equipment : \"1c61b43a\"*");
  assert_query ("22275A7000395", "(\"22275A7000395\"*)");
  assert_query ("C0001", "(\"C0001\"*)");
  /* FTS5 syntax typed by a person is searched for, never run. */
  assert_query ("name:\"x\" OR *", "(\"name\"* AND \"x\"* AND \"OR\"*)");
  assert_query ("", NULL);
  assert_query ("  -- ", NULL);
  assert_query (NULL, NULL);
}

static void
test_invalid_utf8 (void)
{
  g_autofree char *query = ops_search_build_query ("Gagn\xe9");

  /* The broken byte becomes U+FFFD, which is no word character. */
  g_assert_cmpstr (query, ==, "(\"Gagn\"*)");
}

static void
test_long_input (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *query = NULL;

  for (guint i = 0; i < 1000; i++)
    g_string_append (text, "abc ");
  query = ops_search_build_query (text->str);

  /* At most eight words are kept. */
  g_assert_nonnull (query);
  g_assert_cmpstr (query, ==, "(\"abc\"* AND \"abc\"* AND \"abc\"* AND \"abc\"* AND "
                              "\"abc\"* AND \"abc\"* AND \"abc\"* AND \"abc\"*)");
  g_assert_cmpuint (strlen (query), <, 200);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search-query/phone-digits", test_phone_digits);
  g_test_add_func ("/search-query/phone-tokens", test_phone_tokens);
  g_test_add_func ("/search-query/mac-token", test_mac_token);
  g_test_add_func ("/search-query/build", test_build_query);
  g_test_add_func ("/search-query/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/search-query/long-input", test_long_input);

  return g_test_run ();
}
