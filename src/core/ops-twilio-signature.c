/* ops-twilio-signature.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The URL is read the way a WHATWG URL parser reads it before it is signed
 * (scheme and host in lower case, the scheme's default port dropped, an
 * empty path made "/", spaces and quotes percent-encoded), since that is
 * what Twilio's libraries sign and check.
 */

#define G_LOG_DOMAIN "ops-twilio-signature"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ops-twilio-signature.h"

#define SHA1_LENGTH 20

G_DEFINE_QUARK (ops-twilio-signature-error-quark, ops_twilio_signature_error)

typedef struct
{
  char *scheme;     /* lower case, without "://" */
  char *userinfo;   /* "user:password", or NULL */
  char *host;       /* lower case; "[…]" for IPv6 */
  char *port;       /* decimal, NULL when none or the scheme's default */
  char *path;       /* never empty */
  char *query;      /* without '?', NULL when none */
  char *fragment;   /* without '#', NULL when none */
} Url;

typedef struct
{
  const char *name;
  const char *value;
} Param;

/*
 * Auxiliary methods
 */

static void
url_clear (Url *url)
{
  g_clear_pointer (&url->scheme, g_free);
  g_clear_pointer (&url->userinfo, g_free);
  g_clear_pointer (&url->host, g_free);
  g_clear_pointer (&url->port, g_free);
  g_clear_pointer (&url->path, g_free);
  g_clear_pointer (&url->query, g_free);
  g_clear_pointer (&url->fragment, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Url, url_clear)

static const char *
default_port (const char *scheme)
{
  if (g_str_equal (scheme, "https"))
    return "443";
  if (g_str_equal (scheme, "http"))
    return "80";
  return NULL;
}

/* Copies text, percent-encoding controls, spaces, non-ASCII bytes and the
 * characters of extra; existing escapes are kept. */
static void
append_encoded (GString    *out,
                const char *text,
                gssize      length,
                const char *extra)
{
  const char *end = text + (length < 0 ? (gssize)strlen (text) : length);

  for (const char *p = text; p < end; p++)
    {
      guchar c = (guchar)*p;

      if (c <= 0x20 || c >= 0x7f || strchr (extra, c) != NULL)
        g_string_append_printf (out, "%%%02X", c);
      else
        g_string_append_c (out, (char)c);
    }
}

static gboolean
url_parse (const char *text,
           Url        *url)
{
  const char *sep = strstr (text, "://");
  const char *authority, *authority_end, *at, *host, *colon, *rest, *query, *fragment;
  g_autoptr(GString) path = NULL;
  g_autoptr(GString) encoded_query = NULL;

  if (sep == NULL || sep == text)
    return FALSE;
  for (const char *p = text; p < sep; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;

  url->scheme = g_ascii_strdown (text, sep - text);
  authority = sep + 3;
  authority_end = authority + strcspn (authority, "/?#");

  at = NULL;
  for (const char *p = authority; p < authority_end; p++)
    if (*p == '@')
      at = p;
  if (at != NULL)
    url->userinfo = g_strndup (authority, at - authority);
  host = at ? at + 1 : authority;

  if (*host == '[')
    {
      const char *close = memchr (host, ']', authority_end - host);

      if (close == NULL)
        return FALSE;
      colon = close + 1 < authority_end && close[1] == ':' ? close + 1 : NULL;
    }
  else
    colon = memchr (host, ':', authority_end - host);

  url->host = g_ascii_strdown (host, (colon ? colon : authority_end) - host);
  if (*url->host == '\0')
    return FALSE;

  if (colon != NULL && colon + 1 < authority_end)
    {
      g_autofree char *digits = g_strndup (colon + 1, authority_end - colon - 1);
      guint64 port = 0;
      const char *standard = default_port (url->scheme);

      if (!g_ascii_string_to_unsigned (digits, 10, 0, 65535, &port, NULL))
        return FALSE;
      url->port = g_strdup_printf ("%" G_GUINT64_FORMAT, port);
      if (standard != NULL && g_str_equal (url->port, standard))
        g_clear_pointer (&url->port, g_free);
    }

  rest = authority_end;
  fragment = strchr (rest, '#');
  query = memchr (rest, '?', (fragment ? fragment : rest + strlen (rest)) - rest);

  path = g_string_new (NULL);
  append_encoded (path, rest, (query ? query : fragment ? fragment : rest + strlen (rest)) - rest, "\"<>`{}");
  if (path->len == 0)
    g_string_append_c (path, '/');
  url->path = g_string_free (g_steal_pointer (&path), FALSE);

  if (query != NULL)
    {
      encoded_query = g_string_new (NULL);
      append_encoded (encoded_query, query + 1, (fragment ? fragment : query + strlen (query)) - query - 1,
                      "\"<>'");
      url->query = g_string_free (g_steal_pointer (&encoded_query), FALSE);
    }
  if (fragment != NULL)
    url->fragment = g_strdup (fragment + 1);

  return TRUE;
}

/* port NULL: none; query replaces the URL's own when not NULL. */
static char *
url_format (const Url  *url,
            const char *port,
            const char *query)
{
  GString *out = g_string_new (url->scheme);

  g_string_append (out, "://");
  if (url->userinfo != NULL)
    g_string_append_printf (out, "%s@", url->userinfo);
  g_string_append (out, url->host);
  if (port != NULL)
    g_string_append_printf (out, ":%s", port);
  g_string_append (out, url->path);
  if (query != NULL)
    g_string_append_printf (out, "?%s", query);
  else if (url->query != NULL)
    g_string_append_printf (out, "?%s", url->query);
  if (url->fragment != NULL)
    g_string_append_printf (out, "#%s", url->fragment);
  return g_string_free (out, FALSE);
}

/* Percent-decoding that keeps a malformed escape as it is, '+' a space. */
static char *
lenient_unescape (const char *text,
                  gsize       length)
{
  GString *out = g_string_sized_new (length);

  for (gsize i = 0; i < length; i++)
    {
      if (text[i] == '+')
        g_string_append_c (out, ' ');
      else if (text[i] == '%' && i + 2 < length &&
               g_ascii_isxdigit (text[i + 1]) && g_ascii_isxdigit (text[i + 2]))
        {
          g_string_append_c (out, (char)(g_ascii_xdigit_value (text[i + 1]) * 16 +
                                         g_ascii_xdigit_value (text[i + 2])));
          i += 2;
        }
      else
        g_string_append_c (out, text[i]);
    }
  return g_string_free (out, FALSE);
}

/* One component of a form body: '+' is a space, %XX a byte; NULL for a
 * malformed escape, an escaped NUL or text that is not UTF-8. */
static char *
form_unescape (const char *text,
               gsize       length)
{
  char *out = g_malloc (length + 1);
  char *q = out;

  for (gsize i = 0; i < length; i++)
    {
      char c = text[i];

      if (c == '+')
        c = ' ';
      else if (c == '%')
        {
          if (i + 2 >= length || !g_ascii_isxdigit (text[i + 1]) || !g_ascii_isxdigit (text[i + 2]))
            goto malformed;
          c = (char)(g_ascii_xdigit_value (text[i + 1]) * 16 + g_ascii_xdigit_value (text[i + 2]));
          if (c == '\0')
            goto malformed;
          i += 2;
        }
      else if (c == '\0')
        goto malformed;
      *q++ = c;
    }
  *q = '\0';

  if (!g_utf8_validate (out, q - out, NULL))
    goto malformed;
  return out;

malformed:
  g_free (out);
  return NULL;
}

/* encodeURIComponent: everything but A-Z a-z 0-9 - _ . ! ~ * ' ( ). */
static void
append_component (GString    *out,
                  const char *text)
{
  for (const guchar *p = (const guchar *)text; *p; p++)
    {
      if (g_ascii_isalnum (*p) || strchr ("-_.!~*'()", *p) != NULL)
        g_string_append_c (out, (char)*p);
      else
        g_string_append_printf (out, "%%%02X", *p);
    }
}

/* The query decoded and encoded again the way Node's querystring module
 * does: values of a repeated name grouped after its first appearance. */
static char *
legacy_query (const char *query)
{
  g_auto(GStrv) pairs = g_strsplit (query, "&", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                       (GDestroyNotify)g_ptr_array_unref);
  GString *out = g_string_new (NULL);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *name = NULL;
      GPtrArray *list;

      if (pairs[i][0] == '\0')
        continue;
      name = lenient_unescape (pairs[i], eq ? (gsize)(eq - pairs[i]) : strlen (pairs[i]));
      list = g_hash_table_lookup (values, name);
      if (list == NULL)
        {
          list = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (names, g_strdup (name));
          g_hash_table_insert (values, names->pdata[names->len - 1], list);
        }
      g_ptr_array_add (list, eq ? lenient_unescape (eq + 1, strlen (eq + 1)) : g_strdup (""));
    }

  for (guint i = 0; i < names->len; i++)
    {
      GPtrArray *list = g_hash_table_lookup (values, names->pdata[i]);

      for (guint j = 0; j < list->len; j++)
        {
          if (out->len > 0)
            g_string_append_c (out, '&');
          append_component (out, names->pdata[i]);
          g_string_append_c (out, '=');
          append_component (out, list->pdata[j]);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
with_legacy_query (const char *text)
{
  g_auto(Url) url = { 0 };
  g_autofree char *query = NULL;

  if (!url_parse (text, &url) || url.query == NULL || url.query[0] == '\0')
    return g_strdup (text);

  query = legacy_query (url.query);
  /* Formatted without the query, then "?" and the query: a fragment
   * lands before it, as it does in twilio-node. */
  g_clear_pointer (&url.query, g_free);
  {
    g_autofree char *base = url_format (&url, url.port, NULL);

    return g_strdup_printf ("%s?%s", base, query);
  }
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const Param *pa = a;
  const Param *pb = b;
  int c = strcmp (pa->name, pb->name);

  return c != 0 ? c : strcmp (pa->value, pb->value);
}

static gboolean
equal_in_constant_time (const char *a,
                        const char *b)
{
  gsize la = strlen (a);
  gsize lb = strlen (b);
  guchar diff = la != lb;

  for (gsize i = 0; i < la; i++)
    diff |= (guchar)a[i] ^ (guchar)b[i % MAX (lb, 1)];
  return diff == 0;
}

static gboolean
signature_matches (const char        *auth_token,
                   const char        *signature,
                   const char        *url,
                   const char *const *params)
{
  g_autofree char *expected = ops_twilio_signature_compute (auth_token, url, params);

  return equal_in_constant_time (signature, expected);
}

static void
set_mismatch (GError **error)
{
  g_set_error_literal (error, OPS_TWILIO_SIGNATURE_ERROR, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH,
                       "The X-Twilio-Signature does not match this request. If Twilio sent it, check that "
                       "[server] public_url is the address Twilio calls (scheme, host and path as configured "
                       "in the Twilio console) and that [twilio] auth_token is the account's current Auth Token.");
}

/* The decoded value of name in a raw query, or NULL. */
static char *
query_value (const char *query,
             const char *name)
{
  g_auto(GStrv) pairs = g_strsplit (query, "&", -1);

  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *key = lenient_unescape (pairs[i], eq ? (gsize)(eq - pairs[i]) : strlen (pairs[i]));

      if (g_str_equal (key, name))
        return eq ? lenient_unescape (eq + 1, strlen (eq + 1)) : g_strdup ("");
    }
  return NULL;
}

/*
 * Public API
 */

GStrv
ops_twilio_form_decode (const char  *body,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  const char *end = body + length;
  const char *p = body;

  g_return_val_if_fail (body != NULL || length == 0, NULL);

  while (p < end)
    {
      const char *amp = memchr (p, '&', end - p);
      const char *pair_end = amp ? amp : end;
      const char *eq = memchr (p, '=', pair_end - p);
      const char *parts[2][2] = {
        { p, eq ? eq : pair_end },
        { eq ? eq + 1 : pair_end, pair_end },
      };

      if (pair_end > p)
        for (guint k = 0; k < 2; k++)
          {
            char *decoded = form_unescape (parts[k][0], parts[k][1] - parts[k][0]);

            if (decoded == NULL)
              {
                g_autofree char *raw = g_utf8_make_valid (parts[k][0], MIN (parts[k][1] - parts[k][0], 40));

                g_set_error (error, OPS_TWILIO_SIGNATURE_ERROR, OPS_TWILIO_SIGNATURE_ERROR_MALFORMED,
                             "The form body has a malformed field near “%s”. Send an "
                             "application/x-www-form-urlencoded body in UTF-8.", raw);
                return NULL;
              }
            g_ptr_array_add (fields, decoded);
          }
      p = pair_end + 1;
    }

  g_ptr_array_add (fields, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&fields), FALSE);
}

const char *
ops_twilio_params_get (const char *const *params,
                       const char        *name)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL; i += 2)
    if (g_str_equal (params[i], name))
      return params[i + 1];
  return NULL;
}

char *
ops_twilio_signature_compute (const char        *auth_token,
                              const char        *url,
                              const char *const *params)
{
  g_autoptr(GArray) sorted = g_array_new (FALSE, FALSE, sizeof (Param));
  g_autoptr(GHmac) hmac = NULL;
  guint8 digest[SHA1_LENGTH];
  gsize digest_length = sizeof digest;
  const Param *previous = NULL;

  g_return_val_if_fail (auth_token != NULL, NULL);
  g_return_val_if_fail (url != NULL, NULL);

  for (guint i = 0; params != NULL && params[i] != NULL && params[i + 1] != NULL; i += 2)
    {
      Param param = { params[i], params[i + 1] };

      g_array_append_val (sorted, param);
    }
  g_array_sort (sorted, compare_params);

  hmac = g_hmac_new (G_CHECKSUM_SHA1, (const guchar *)auth_token, strlen (auth_token));
  g_hmac_update (hmac, (const guchar *)url, strlen (url));
  for (guint i = 0; i < sorted->len; i++)
    {
      const Param *param = &g_array_index (sorted, Param, i);

      /* A repeated name contributes each distinct value once. */
      if (previous != NULL && compare_params (previous, param) == 0)
        continue;
      g_hmac_update (hmac, (const guchar *)param->name, strlen (param->name));
      g_hmac_update (hmac, (const guchar *)param->value, strlen (param->value));
      previous = param;
    }
  g_hmac_get_digest (hmac, digest, &digest_length);

  return g_base64_encode (digest, digest_length);
}

GStrv
ops_twilio_signature_url_variants (const char *url)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(Url) parsed = { 0 };
  g_autoptr(GPtrArray) variants = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (url != NULL, NULL);

  if (!url_parse (url, &parsed))
    {
      g_strv_builder_add (builder, url);
      return g_strv_builder_end (builder);
    }

  g_ptr_array_add (variants, url_format (&parsed, NULL, NULL));
  if (parsed.port != NULL)
    g_ptr_array_add (variants, url_format (&parsed, parsed.port, NULL));
  else if (default_port (parsed.scheme) != NULL)
    g_ptr_array_add (variants, url_format (&parsed, default_port (parsed.scheme), NULL));

  if (parsed.query != NULL && parsed.query[0] != '\0')
    for (guint i = 0, n = variants->len; i < n; i++)
      g_ptr_array_add (variants, with_legacy_query (variants->pdata[i]));

  for (guint i = 0; i < variants->len; i++)
    {
      gboolean seen = FALSE;

      for (guint j = 0; j < i && !seen; j++)
        seen = g_str_equal (variants->pdata[i], variants->pdata[j]);
      if (!seen)
        g_strv_builder_add (builder, variants->pdata[i]);
    }
  return g_strv_builder_end (builder);
}

gboolean
ops_twilio_signature_validate (const char         *auth_token,
                               const char         *signature,
                               const char         *url,
                               const char * const *params,
                               GError            **error)
{
  g_auto(GStrv) variants = NULL;

  g_return_val_if_fail (auth_token != NULL, FALSE);
  g_return_val_if_fail (url != NULL, FALSE);

  if (signature == NULL || signature[0] == '\0')
    {
      g_set_error_literal (error, OPS_TWILIO_SIGNATURE_ERROR, OPS_TWILIO_SIGNATURE_ERROR_MISSING,
                           "The request has no X-Twilio-Signature header. Only Twilio may call this "
                           "webhook; if it did, check that the request reaches the server unchanged.");
      return FALSE;
    }

  /* The URL as given first: the common case costs one HMAC. */
  if (signature_matches (auth_token, signature, url, params))
    return TRUE;

  variants = ops_twilio_signature_url_variants (url);
  for (guint i = 0; variants[i] != NULL; i++)
    if (!g_str_equal (variants[i], url) && signature_matches (auth_token, signature, variants[i], params))
      return TRUE;

  set_mismatch (error);
  return FALSE;
}

gboolean
ops_twilio_signature_validate_body (const char  *auth_token,
                                    const char  *signature,
                                    const char  *url,
                                    const char  *body,
                                    gsize        length,
                                    GError     **error)
{
  g_auto(Url) parsed = { 0 };
  g_autofree char *expected = NULL;
  g_autofree char *claimed = NULL;

  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (body != NULL || length == 0, FALSE);

  if (!ops_twilio_signature_validate (auth_token, signature, url, NULL, error))
    return FALSE;

  if (url_parse (url, &parsed) && parsed.query != NULL)
    claimed = query_value (parsed.query, "bodySHA256");
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *)(body ? body : ""), length);

  if (claimed == NULL || !equal_in_constant_time (claimed, expected))
    {
      g_set_error_literal (error, OPS_TWILIO_SIGNATURE_ERROR, OPS_TWILIO_SIGNATURE_ERROR_BODY_HASH,
                           "The body is not the one the signed bodySHA256 names: it was changed on the "
                           "way. Make sure nothing between Twilio and the server rewrites request bodies.");
      return FALSE;
    }
  return TRUE;
}

gboolean
ops_twilio_signature_validate_request (const char  *auth_token,
                                       const char  *signature,
                                       const char  *url,
                                       const char  *body,
                                       gsize        length,
                                       GStrv       *params_out,
                                       GError     **error)
{
  g_auto(GStrv) params = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  if (params_out != NULL)
    *params_out = NULL;

  /* A missing signature says so before anything is read. */
  if (signature == NULL || signature[0] == '\0')
    return ops_twilio_signature_validate (auth_token, signature, url, NULL, error);

  if (strstr (url, "bodySHA256") != NULL)
    {
      if (!ops_twilio_signature_validate_body (auth_token, signature, url, body, length, error))
        return FALSE;
      params = g_new0 (char *, 1);
    }
  else
    {
      if (!(params = ops_twilio_form_decode (body ? body : "", length, error)))
        return FALSE;
      if (!ops_twilio_signature_validate (auth_token, signature, url, (const char *const *)params, error))
        return FALSE;
    }

  if (params_out != NULL)
    *params_out = g_steal_pointer (&params);
  return TRUE;
}
