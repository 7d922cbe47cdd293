/* test-auth.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The pure parts of the server's access control: token digests, address
 * ranges, the client behind proxies, constant-time comparisons and the
 * per-client token buckets, on a clock the tests move.
 */

#define G_LOG_DOMAIN "test-auth"

#include "config.h"

#include <string.h>

#include "ops-auth.h"
#include "ops-rate-limit.h"

/* printf %s 'correct horse battery staple' | sha256sum */
#define TOKEN "correct horse battery staple"
#define TOKEN_DIGEST "sha256:c4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a"
/* printf %s other | sha256sum */
#define OTHER_DIGEST "sha256:d9298a10d1b0735837dc4bd85dac641b0f3cef27a47e5d53a54f2f3f5b2fcffa"

static void
test_equal (void)
{
  g_assert_true (ops_auth_equal ("abc", 3, "abc", 3));
  g_assert_false (ops_auth_equal ("abc", 3, "abd", 3));
  g_assert_false (ops_auth_equal ("xbc", 3, "abc", 3));
  /* A prefix is not equal, in either order. */
  g_assert_false (ops_auth_equal ("abc", 3, "abcd", 4));
  g_assert_false (ops_auth_equal ("abcd", 4, "abc", 3));
  g_assert_true (ops_auth_equal ("", 0, "", 0));
  g_assert_true (ops_auth_equal (NULL, 0, "", 0));
  g_assert_false (ops_auth_equal (NULL, 0, "a", 1));
  /* Bytes, not strings: a NUL in the middle counts. */
  g_assert_false (ops_auth_equal ("a\0b", 3, "a\0c", 3));

  g_assert_true (ops_auth_str_equal ("v1=abc", "v1=abc"));
  g_assert_false (ops_auth_str_equal ("v1=abc", "v1=abC"));
  g_assert_false (ops_auth_str_equal (NULL, "x"));
  g_assert_false (ops_auth_str_equal (NULL, NULL));
}

/* The time of a comparison must not say where two secrets differ: an
 * early difference and a late one cost the same.  Timing is noisy, so
 * this only catches a gross early exit (a memcmp-like loop on 1 MB is
 * >100x faster when the first byte differs). */
static void
test_equal_constant_time (void)
{
  gsize size = 1024 * 1024;
  g_autofree guint8 *a = g_malloc (size);
  g_autofree guint8 *early = g_malloc (size);
  g_autofree guint8 *late = g_malloc (size);
  gint64 best_early = G_MAXINT64, best_late = G_MAXINT64;

  memset (a, 'x', size);
  memcpy (early, a, size);
  memcpy (late, a, size);
  early[0] = 'y';
  late[size - 1] = 'y';

  for (guint round = 0; round < 5; round++)
    {
      gint64 start = g_get_monotonic_time ();

      g_assert_false (ops_auth_equal (a, size, early, size));
      best_early = MIN (best_early, g_get_monotonic_time () - start);
      start = g_get_monotonic_time ();
      g_assert_false (ops_auth_equal (a, size, late, size));
      best_late = MIN (best_late, g_get_monotonic_time () - start);
    }
  g_test_message ("early difference %" G_GINT64_FORMAT " µs, late %" G_GINT64_FORMAT " µs", best_early, best_late);
  g_assert_cmpint (best_early * 10, >=, best_late);
}

static void
test_digests (void)
{
  const char *items[] = { OTHER_DIGEST, TOKEN_DIGEST, NULL };
  const char *upper[] = { "SHA256:C4BBCB1FBEC99D65BF59D85C8CB62EE2DB963F0FE106F483D9AFA73BD4E39A8A", NULL };
  const char *plain[] = { TOKEN, NULL };
  const char *short_hex[] = { "sha256:c4bbcb1f", NULL };
  const char *bad_hex[] = { "sha256:z4bbcb1fbec99d65bf59d85c8cb62ee2db963f0fe106f483d9afa73bd4e39a8a", NULL };
  const char *md5[] = { "md5:0cc175b9c0f1b6a831c399e269772661", NULL };
  const char *none[] = { NULL };
  g_autoptr(GBytes) digests = NULL;
  g_autoptr(GBytes) upper_digests = NULL;
  g_autoptr(GBytes) empty = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = ops_auth_token_digest (TOKEN);

  g_assert_cmpstr (digest, ==, TOKEN_DIGEST);

  digests = ops_auth_parse_digests (items, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (digests), ==, 2 * OPS_AUTH_DIGEST_SIZE);
  g_assert_cmpint (ops_auth_match_token (digests, TOKEN, strlen (TOKEN)), ==, 1);
  g_assert_cmpint (ops_auth_match_token (digests, "other", 5), ==, 0);
  g_assert_cmpint (ops_auth_match_token (digests, "wrong", 5), ==, -1);
  g_assert_cmpint (ops_auth_match_token (digests, TOKEN, strlen (TOKEN) - 1), ==, -1);
  g_assert_cmpint (ops_auth_match_token (digests, "", 0), ==, -1);
  /* The digest itself is not the token. */
  g_assert_cmpint (ops_auth_match_token (digests, TOKEN_DIGEST, strlen (TOKEN_DIGEST)), ==, -1);

  upper_digests = ops_auth_parse_digests (upper, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ops_auth_match_token (upper_digests, TOKEN, strlen (TOKEN)), ==, 0);

  empty = ops_auth_parse_digests (none, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ops_auth_match_token (empty, TOKEN, strlen (TOKEN)), ==, -1);

  for (guint i = 0; i < 4; i++)
    {
      const char * const *bad[] = { plain, short_hex, bad_hex, md5 };
      g_autoptr(GBytes) refused = ops_auth_parse_digests (bad[i], &error);

      g_assert_null (refused);
      g_assert_error (error, OPS_AUTH_ERROR, OPS_AUTH_ERROR_INVALID_DIGEST);
      /* The message never repeats what might be a token. */
      g_assert_null (strstr (error->message, "horse"));
      g_clear_error (&error);
    }
}

static gboolean
in_networks (const char *address,
             GPtrArray  *networks)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);

  g_assert_nonnull (inet);
  return ops_auth_address_in_networks (inet, networks);
}

static void
test_networks (void)
{
  const char *items[] = { "127.0.0.1", "10.0.0.0/8", "192.168.4.0/22", "2001:db8::/32", "::1", NULL };
  const char *bad[] = { "10.0.0.0/33", NULL };
  const char *garbage[] = { "proxy.example.com", NULL };
  g_autoptr(GPtrArray) networks = NULL;
  g_autoptr(GPtrArray) refused = NULL;
  g_autoptr(GError) error = NULL;

  networks = ops_auth_parse_networks (items, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (networks->len, ==, 5);

  g_assert_true (in_networks ("127.0.0.1", networks));
  g_assert_false (in_networks ("127.0.0.2", networks));
  g_assert_true (in_networks ("10.0.0.1", networks));
  g_assert_true (in_networks ("10.255.255.255", networks));
  g_assert_false (in_networks ("11.0.0.1", networks));
  g_assert_true (in_networks ("192.168.4.1", networks));
  g_assert_true (in_networks ("192.168.7.254", networks));
  g_assert_false (in_networks ("192.168.8.1", networks));
  g_assert_true (in_networks ("2001:db8::1", networks));
  g_assert_true (in_networks ("2001:db8:ffff::1", networks));
  g_assert_false (in_networks ("2001:db9::1", networks));
  g_assert_true (in_networks ("::1", networks));
  g_assert_false (in_networks ("::2", networks));
  /* An IPv4 peer on a dual-stack socket matches its IPv4 range. */
  g_assert_true (in_networks ("::ffff:127.0.0.1", networks));
  g_assert_true (in_networks ("::ffff:10.1.2.3", networks));
  g_assert_false (in_networks ("::ffff:11.1.2.3", networks));

  {
    g_autoptr(GInetAddress) mapped = g_inet_address_new_from_string ("::ffff:192.0.2.7");
    g_autoptr(GInetAddress) plain = ops_auth_address_unmap (mapped);
    g_autofree char *text = g_inet_address_to_string (plain);

    g_assert_cmpint (g_inet_address_get_family (plain), ==, G_SOCKET_FAMILY_IPV4);
    g_assert_cmpstr (text, ==, "192.0.2.7");
  }

  refused = ops_auth_parse_networks (bad, &error);
  g_assert_null (refused);
  g_assert_error (error, OPS_AUTH_ERROR, OPS_AUTH_ERROR_INVALID_NETWORK);
  g_clear_error (&error);
  refused = ops_auth_parse_networks (garbage, &error);
  g_assert_null (refused);
  g_assert_error (error, OPS_AUTH_ERROR, OPS_AUTH_ERROR_INVALID_NETWORK);
  g_clear_error (&error);

  /* Nothing configured: nothing is trusted. */
  g_assert_false (in_networks ("127.0.0.1", NULL));
}

static char *
client (const char *peer,
        const char *forwarded_for,
        GPtrArray  *trusted)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (peer);

  return ops_auth_client_address (inet, forwarded_for, trusted);
}

static void
test_client_address (void)
{
  const char *items[] = { "127.0.0.1", "10.0.0.0/8", NULL };
  g_autoptr(GPtrArray) trusted = ops_auth_parse_networks (items, NULL);
  static const struct
  {
    const char *peer;
    const char *forwarded_for;
    const char *expected;
  } cases[] = {
    /* No proxy: the peer, whatever it claims. */
    { "203.0.113.9", "198.51.100.1", "203.0.113.9" },
    { "203.0.113.9", NULL, "203.0.113.9" },
    /* The proxy appends the address it saw. */
    { "127.0.0.1", "198.51.100.1", "198.51.100.1" },
    /* The client wrote the left part: the last untrusted hop wins. */
    { "127.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1" },
    /* Two proxies of ours in a row. */
    { "127.0.0.1", "1.2.3.4, 198.51.100.1, 10.0.0.5", "198.51.100.1" },
    /* Every hop trusted: the leftmost one. */
    { "127.0.0.1", "10.1.1.1, 10.0.0.5", "10.1.1.1" },
    /* A proxy that adds ports, IPv6 with brackets. */
    { "127.0.0.1", "198.51.100.1:5120", "198.51.100.1" },
    { "127.0.0.1", "[2001:db8::7]:443", "2001:db8::7" },
    { "127.0.0.1", "2001:db8::7", "2001:db8::7" },
    /* Garbage right of the client's own entries: stop at the proxy. */
    { "127.0.0.1", "198.51.100.1, not-an-address", "127.0.0.1" },
    { "127.0.0.1", "", "127.0.0.1" },
    /* Behind a trusted proxy without the header: the proxy itself. */
    { "127.0.0.1", NULL, "127.0.0.1" },
    /* Dual-stack peers are shown as IPv4. */
    { "::ffff:127.0.0.1", "198.51.100.1", "198.51.100.1" },
    { "::ffff:203.0.113.9", NULL, "203.0.113.9" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *address = client (cases[i].peer, cases[i].forwarded_for, trusted);

      g_test_message ("%s, X-Forwarded-For: %s", cases[i].peer, cases[i].forwarded_for);
      g_assert_cmpstr (address, ==, cases[i].expected);
    }
}

/*
 * Token buckets
 */

typedef struct
{
  gint64 now;
} FakeClock;

static gint64
fake_clock (gpointer user_data)
{
  return ((FakeClock *)user_data)->now;
}

static void
advance (FakeClock *clock,
         double     seconds)
{
  clock->now += (gint64)(seconds * G_USEC_PER_SEC);
}

static void
test_rate_limit (void)
{
  FakeClock clock = { 1000 * G_USEC_PER_SEC };
  g_autoptr(OpsRateLimit) limit = ops_rate_limit_new (2, 5);
  guint retry_after = 99;

  ops_rate_limit_set_clock (limit, fake_clock, &clock);
  g_assert_true (ops_rate_limit_is_enabled (limit));

  /* A burst of 5, then nothing. */
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (ops_rate_limit_take (limit, "198.51.100.1", &retry_after));
      g_assert_cmpuint (retry_after, ==, 0);
    }
  g_assert_false (ops_rate_limit_take (limit, "198.51.100.1", &retry_after));
  g_assert_cmpuint (retry_after, ==, 1);

  /* Another client has its own bucket. */
  g_assert_true (ops_rate_limit_take (limit, "198.51.100.2", NULL));

  /* 2 per second: half a second gives one token back. */
  advance (&clock, 0.25);
  g_assert_false (ops_rate_limit_take (limit, "198.51.100.1", NULL));
  advance (&clock, 0.25);
  g_assert_true (ops_rate_limit_take (limit, "198.51.100.1", NULL));
  g_assert_false (ops_rate_limit_take (limit, "198.51.100.1", NULL));

  /* A long pause refills up to the burst, not more. */
  advance (&clock, 3600);
  for (guint i = 0; i < 5; i++)
    g_assert_true (ops_rate_limit_take (limit, "198.51.100.1", NULL));
  g_assert_false (ops_rate_limit_take (limit, "198.51.100.1", NULL));

  /* A clock that goes backwards gives nothing away. */
  clock.now -= 10 * G_USEC_PER_SEC;
  g_assert_false (ops_rate_limit_take (limit, "198.51.100.1", NULL));
}

static void
test_rate_limit_retry_after (void)
{
  FakeClock clock = { 0 };
  g_autoptr(OpsRateLimit) slow = ops_rate_limit_new (0.1, 1);
  guint retry_after = 0;

  ops_rate_limit_set_clock (slow, fake_clock, &clock);
  g_assert_true (ops_rate_limit_take (slow, "a", &retry_after));
  g_assert_false (ops_rate_limit_take (slow, "a", &retry_after));
  /* One token every 10 s. */
  g_assert_cmpuint (retry_after, ==, 10);
  advance (&clock, 7.5);
  g_assert_false (ops_rate_limit_take (slow, "a", &retry_after));
  g_assert_cmpuint (retry_after, ==, 3);
  /* (a hair over, for floating point) */
  advance (&clock, 2.501);
  g_assert_true (ops_rate_limit_take (slow, "a", &retry_after));
}

static void
test_rate_limit_disabled (void)
{
  g_autoptr(OpsRateLimit) off = ops_rate_limit_new (0, 1);

  g_assert_false (ops_rate_limit_is_enabled (off));
  for (guint i = 0; i < 1000; i++)
    g_assert_true (ops_rate_limit_take (off, "a", NULL));
  g_assert_cmpuint (ops_rate_limit_get_n_keys (off), ==, 0);
}

/* Memory stays bounded: full buckets are forgotten, and past max_keys new
 * clients share one bucket instead of growing the table. */
static void
test_rate_limit_bounded (void)
{
  FakeClock clock = { 0 };
  g_autoptr(OpsRateLimit) limit = ops_rate_limit_new (1, 2);

  ops_rate_limit_set_clock (limit, fake_clock, &clock);
  ops_rate_limit_set_max_keys (limit, 3);

  g_assert_true (ops_rate_limit_take (limit, "a", NULL));
  g_assert_true (ops_rate_limit_take (limit, "b", NULL));
  g_assert_true (ops_rate_limit_take (limit, "c", NULL));
  g_assert_cmpuint (ops_rate_limit_get_n_keys (limit), ==, 3);

  /* Full table, nothing refilled yet: d and e share the overflow bucket
   * (2 tokens), so the third newcomer is refused. */
  g_assert_true (ops_rate_limit_take (limit, "d", NULL));
  g_assert_true (ops_rate_limit_take (limit, "e", NULL));
  g_assert_false (ops_rate_limit_take (limit, "f", NULL));
  g_assert_cmpuint (ops_rate_limit_get_n_keys (limit), ==, 4);

  /* Once the buckets have refilled they are forgotten. */
  advance (&clock, 5);
  g_assert_true (ops_rate_limit_take (limit, "g", NULL));
  g_assert_cmpuint (ops_rate_limit_get_n_keys (limit), ==, 1);

  /* Many clients over time: the table never passes max_keys + 1. */
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *key = g_strdup_printf ("client-%u", i);

      ops_rate_limit_take (limit, key, NULL);
      advance (&clock, 0.1);
      g_assert_cmpuint (ops_rate_limit_get_n_keys (limit), <=, 4);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/auth/equal", test_equal);
  g_test_add_func ("/auth/equal/constant-time", test_equal_constant_time);
  g_test_add_func ("/auth/digests", test_digests);
  g_test_add_func ("/auth/networks", test_networks);
  g_test_add_func ("/auth/client-address", test_client_address);
  g_test_add_func ("/rate-limit/buckets", test_rate_limit);
  g_test_add_func ("/rate-limit/retry-after", test_rate_limit_retry_after);
  g_test_add_func ("/rate-limit/disabled", test_rate_limit_disabled);
  g_test_add_func ("/rate-limit/bounded", test_rate_limit_bounded);

  return g_test_run ();
}
