/* ops-auth.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure pieces of the server's staff authentication: bearer tokens checked
 * against the sha256:<hex> digests of [server] tokens, address ranges of
 * [server] trusted_proxies, the client address behind those proxies, and
 * comparisons whose time does not depend on where two secrets differ.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define OPS_AUTH_ERROR (ops_auth_error_quark ())

typedef enum
{
  OPS_AUTH_ERROR_INVALID_DIGEST,
  OPS_AUTH_ERROR_INVALID_NETWORK,
} OpsAuthError;

/* Bytes of a SHA-256 digest. */
#define OPS_AUTH_DIGEST_SIZE 32

GQuark        ops_auth_error_quark          (void);

/* TRUE when both inputs hold the same bytes.  The time taken depends only
 * on the lengths, never on the position of the first difference. */
gboolean      ops_auth_equal                (const void         *a,
                                             gsize               a_length,
                                             const void         *b,
                                             gsize               b_length);
/* ops_auth_equal () on two strings; NULL equals nothing. */
gboolean      ops_auth_str_equal            (const char         *a,
                                             const char         *b);

/* "sha256:<64 lowercase hex digits>": what [server] tokens lists for a
 * token (the same as `printf %s TOKEN | sha256sum`). */
char         *ops_auth_token_digest         (const char         *token);
/* Decodes the [server] tokens entries ("sha256:<hex>", either case) into
 * n * OPS_AUTH_DIGEST_SIZE bytes; NULL with error for any other form. */
GBytes       *ops_auth_parse_digests        (const char * const *items,
                                             GError            **error);
/* The index of the digest that token hashes to, or -1.  Every digest is
 * compared, in constant time, whichever matches. */
int           ops_auth_match_token          (GBytes             *digests,
                                             const char         *token,
                                             gsize               length);

/* GInetAddressMask of each entry: "10.0.0.0/8", "2001:db8::/32", or one
 * address ("127.0.0.1" = /32).  NULL with error when one is not valid. */
GPtrArray    *ops_auth_parse_networks       (const char * const *items,
                                             GError            **error);
/* An IPv4 peer seen through an IPv6 socket (::ffff:a.b.c.d) as plain
 * IPv4; otherwise a new reference to address. */
GInetAddress *ops_auth_address_unmap        (GInetAddress       *address);
/* TRUE when address is in one of networks (IPv4-mapped addresses match
 * IPv4 ranges). */
gboolean      ops_auth_address_in_networks  (GInetAddress       *address,
                                             GPtrArray          *networks);
/* The address a request comes from: the peer itself, unless the peer is a
 * trusted proxy; then X-Forwarded-For is read from its right end and the
 * first hop that is not a trusted proxy is the client (the entries left
 * of it were written by the client and prove nothing).  When every hop is
 * trusted, the leftmost one.  Returned as text, IPv4-mapped addresses
 * unmapped. */
char         *ops_auth_client_address       (GInetAddress       *peer,
                                             const char         *forwarded_for,
                                             GPtrArray          *trusted);

G_END_DECLS
