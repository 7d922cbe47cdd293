/* ops-auth.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-auth"

#include "config.h"

#include <string.h>

#include "ops-auth.h"

#define DIGEST_PREFIX "sha256:"

G_DEFINE_QUARK (ops-auth-error-quark, ops_auth_error)

/*
 * Comparisons
 */

/**
 * ops_auth_equal:
 *
 * Walks the longer input to its end whatever it finds, accumulating the
 * differences, so that the time says nothing about the content.
 */
gboolean
ops_auth_equal (const void *a,
                gsize       a_length,
                const void *b,
                gsize       b_length)
{
  const guint8 *x = a;
  const guint8 *y = b;
  gsize n = MAX (a_length, b_length);
  volatile guint8 diff = a_length != b_length;

  g_return_val_if_fail (a != NULL || a_length == 0, FALSE);
  g_return_val_if_fail (b != NULL || b_length == 0, FALSE);

  for (gsize i = 0; i < n; i++)
    {
      guint8 xi = i < a_length ? x[i] : 0;
      guint8 yi = i < b_length ? y[i] : 0;

      diff |= xi ^ yi;
    }
  return diff == 0;
}

gboolean
ops_auth_str_equal (const char *a,
                    const char *b)
{
  if (a == NULL || b == NULL)
    return FALSE;
  return ops_auth_equal (a, strlen (a), b, strlen (b));
}

/*
 * Token digests
 */

char *
ops_auth_token_digest (const char *token)
{
  g_autofree char *hex = NULL;

  g_return_val_if_fail (token != NULL, NULL);

  hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
  return g_strconcat (DIGEST_PREFIX, hex, NULL);
}

static gboolean
decode_hex (const char *hex,
            guint8     *out,
            gsize       n_bytes)
{
  if (strlen (hex) != n_bytes * 2)
    return FALSE;
  for (gsize i = 0; i < n_bytes; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (guint8)(hi << 4 | lo);
    }
  return TRUE;
}

GBytes *
ops_auth_parse_digests (const char * const  *items,
                        GError             **error)
{
  g_autoptr(GByteArray) digests = g_byte_array_new ();

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      guint8 digest[OPS_AUTH_DIGEST_SIZE];

      if (g_ascii_strncasecmp (items[i], DIGEST_PREFIX, strlen (DIGEST_PREFIX)) != 0 ||
          !decode_hex (items[i] + strlen (DIGEST_PREFIX), digest, sizeof digest))
        {
          g_set_error (error, OPS_AUTH_ERROR, OPS_AUTH_ERROR_INVALID_DIGEST,
                       "Token %u is not listed as sha256:<64 hex digits>. "
                       "List the digest of each token (printf %%s TOKEN | sha256sum), never the token itself.",
                       i + 1);
          return NULL;
        }
      g_byte_array_append (digests, digest, sizeof digest);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&digests));
}

int
ops_auth_match_token (GBytes     *digests,
                      const char *token,
                      gsize       length)
{
  g_autoptr(GChecksum) checksum = NULL;
  guint8 digest[OPS_AUTH_DIGEST_SIZE];
  gsize digest_length = sizeof digest;
  const guint8 *known;
  gsize size = 0;
  int match = -1;

  g_return_val_if_fail (digests != NULL, -1);
  g_return_val_if_fail (token != NULL, -1);

  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_checksum_update (checksum, (const guchar *)token, length);
  g_checksum_get_digest (checksum, digest, &digest_length);

  known = g_bytes_get_data (digests, &size);
  for (gsize i = 0; i + OPS_AUTH_DIGEST_SIZE <= size; i += OPS_AUTH_DIGEST_SIZE)
    {
      gboolean equal = ops_auth_equal (known + i, OPS_AUTH_DIGEST_SIZE, digest, OPS_AUTH_DIGEST_SIZE);

      /* No early exit: every digest costs the same. */
      if (equal && match < 0)
        match = (int)(i / OPS_AUTH_DIGEST_SIZE);
    }
  return match;
}

/*
 * Networks
 */

GPtrArray *
ops_auth_parse_networks (const char * const  *items,
                         GError             **error)
{
  g_autoptr(GPtrArray) networks = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; items != NULL && items[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      GInetAddressMask *mask = g_inet_address_mask_new_from_string (items[i], &local_error);

      if (mask == NULL)
        {
          g_set_error (error, OPS_AUTH_ERROR, OPS_AUTH_ERROR_INVALID_NETWORK,
                       "“%s” is not an IP address or CIDR range (%s). Write it like 127.0.0.1, 10.0.0.0/8 or fd00::/8.",
                       items[i], local_error->message);
          return NULL;
        }
      g_ptr_array_add (networks, mask);
    }
  return g_steal_pointer (&networks);
}

GInetAddress *
ops_auth_address_unmap (GInetAddress *address)
{
  const guint8 *bytes;
  static const guint8 mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), NULL);

  if (g_inet_address_get_family (address) != G_SOCKET_FAMILY_IPV6)
    return g_object_ref (address);

  bytes = g_inet_address_to_bytes (address);
  if (memcmp (bytes, mapped_prefix, sizeof mapped_prefix) != 0)
    return g_object_ref (address);
  return g_inet_address_new_from_bytes (bytes + sizeof mapped_prefix, G_SOCKET_FAMILY_IPV4);
}

gboolean
ops_auth_address_in_networks (GInetAddress *address,
                              GPtrArray    *networks)
{
  g_autoptr(GInetAddress) plain = NULL;

  g_return_val_if_fail (G_IS_INET_ADDRESS (address), FALSE);

  if (networks == NULL)
    return FALSE;

  plain = ops_auth_address_unmap (address);
  for (guint i = 0; i < networks->len; i++)
    {
      GInetAddressMask *mask = g_ptr_array_index (networks, i);

      if (g_inet_address_mask_matches (mask, plain) || g_inet_address_mask_matches (mask, address))
        return TRUE;
    }
  return FALSE;
}

/* One X-Forwarded-For entry: "203.0.113.7", "2001:db8::1", and the forms
 * with a port some proxies write ("203.0.113.7:5120", "[2001:db8::1]:80"). */
static GInetAddress *
parse_hop (const char *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (entry));
  GInetAddress *address;
  char *colon;

  if ((address = g_inet_address_new_from_string (text)) != NULL)
    return address;

  if (text[0] == '[')
    {
      char *end = strchr (text, ']');

      if (end == NULL)
        return NULL;
      *end = '\0';
      return g_inet_address_new_from_string (text + 1);
    }

  colon = strchr (text, ':');
  if (colon != NULL && strchr (colon + 1, ':') == NULL)
    {
      *colon = '\0';
      return g_inet_address_new_from_string (text);
    }
  return NULL;
}

char *
ops_auth_client_address (GInetAddress *peer,
                         const char   *forwarded_for,
                         GPtrArray    *trusted)
{
  g_autoptr(GInetAddress) client = NULL;
  g_auto(GStrv) hops = NULL;

  g_return_val_if_fail (G_IS_INET_ADDRESS (peer), NULL);

  client = ops_auth_address_unmap (peer);
  if (forwarded_for == NULL || !ops_auth_address_in_networks (client, trusted))
    return g_inet_address_to_string (client);

  hops = g_strsplit (forwarded_for, ",", -1);
  for (guint i = g_strv_length (hops); i > 0; i--)
    {
      g_autoptr(GInetAddress) hop = parse_hop (hops[i - 1]);

      /* Not an address: what is left of it cannot be read either. */
      if (hop == NULL)
        break;
      g_clear_object (&client);
      client = ops_auth_address_unmap (hop);
      if (!ops_auth_address_in_networks (client, trusted))
        break;
    }
  return g_inet_address_to_string (client);
}
