/* test-twilio-signature.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * X-Twilio-Signature with the test vectors of Twilio's own library, and
 * the ways a forged or altered request must fail.
 */

#define G_LOG_DOMAIN "test-twilio-signature"

#include "config.h"

#include <string.h>

#include "ops-twilio-signature.h"

#define TOKEN "12345"
#define URL "https://mycompany.com/myapp.php?foo=1&bar=2"
#define URL_443 "https://mycompany.com:443/myapp.php?foo=1&bar=2"
#define URL_1234 "http://mycompany.com:1234/myapp.php?foo=1&bar=2"
#define SIGNATURE "RSOYDt4T1cUTdK1PDd93/VVr8B8="
#define SIGNATURE_443 "kvajT1Ptam85bY51eRf/AJRuM3w="
#define SIGNATURE_1234 "Zmvh+3yNM1Phv2jhDCwEM3q5ebU="
#define JSON_BODY "{\"property\": \"value\", \"boolean\": true}"
#define JSON_BODY_SHA256 "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
#define JSON_SIGNATURE "a9nBmqA0ju/hNViExpshrM61xv4="

/* Out of order on purpose: they are signed sorted by name. */
static const char *const params[] = {
  "To", "+18005551212",
  "From", "+14158675309",
  "CallSid", "CA1234567890ABCDE",
  "Digits", "1234",
  "Caller", "+14158675309",
  NULL,
};

/* The same, as Twilio posts them. */
#define FORM_BODY "CallSid=CA1234567890ABCDE&Caller=%2B14158675309&Digits=1234&From=%2B14158675309&To=%2B18005551212"

/* base64 HMAC-SHA1 of text, computed independently of the module. */
static char *
reference_signature (const char *key,
                     const char *text)
{
  g_autofree char *hex = g_compute_hmac_for_string (G_CHECKSUM_SHA1, (const guchar *)key, strlen (key), text, -1);
  guint8 digest[20];

  for (guint i = 0; i < sizeof digest; i++)
    digest[i] = (guint8)(g_ascii_xdigit_value (hex[2 * i]) * 16 + g_ascii_xdigit_value (hex[2 * i + 1]));
  return g_base64_encode (digest, sizeof digest);
}

static void
assert_error (GError *error,
              int     code)
{
  g_assert_error (error, OPS_TWILIO_SIGNATURE_ERROR, code);
  g_assert_true (g_str_has_suffix (error->message, "."));
}

static void
test_vectors (void)
{
  g_autofree char *plain = ops_twilio_signature_compute (TOKEN, URL, params);
  g_autofree char *with_443 = ops_twilio_signature_compute (TOKEN, URL_443, params);
  g_autofree char *with_1234 = ops_twilio_signature_compute (TOKEN, URL_1234, params);
  g_autofree char *reference = reference_signature (TOKEN, URL "CallSidCA1234567890ABCDE" "Caller+14158675309"
                                                    "Digits1234" "From+14158675309" "To+18005551212");

  g_assert_cmpstr (plain, ==, SIGNATURE);
  g_assert_cmpstr (reference, ==, SIGNATURE);
  g_assert_cmpstr (with_443, ==, SIGNATURE_443);
  g_assert_cmpstr (with_1234, ==, SIGNATURE_1234);
}

static void
test_validate_port_variants (void)
{
  g_autoptr(GError) error = NULL;

  /* Configured without a port: Twilio may have signed with :443. */
  g_assert_true (ops_twilio_signature_validate (TOKEN, SIGNATURE, URL, params, &error));
  g_assert_no_error (error);
  g_assert_true (ops_twilio_signature_validate (TOKEN, SIGNATURE_443, URL, params, &error));
  g_assert_no_error (error);

  /* Configured with :443: either form is accepted as well. */
  g_assert_true (ops_twilio_signature_validate (TOKEN, SIGNATURE, URL_443, params, &error));
  g_assert_no_error (error);
  g_assert_true (ops_twilio_signature_validate (TOKEN, SIGNATURE_443, URL_443, params, &error));
  g_assert_no_error (error);

  /* A non-standard port is kept. */
  g_assert_true (ops_twilio_signature_validate (TOKEN, SIGNATURE_1234, URL_1234, params, &error));
  g_assert_no_error (error);
  g_assert_false (ops_twilio_signature_validate (TOKEN, SIGNATURE_1234, URL, params, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
  g_clear_error (&error);

  /* As in twilio-node, the port-less form of any URL is accepted too. */
  g_assert_true (ops_twilio_signature_validate (TOKEN, SIGNATURE, "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
                                                params, &error));
  g_assert_no_error (error);
}

static void
test_url_variants (void)
{
  g_auto(GStrv) standard = ops_twilio_signature_url_variants ("HTTPS://MyCompany.com/hook?x=1");
  g_auto(GStrv) custom = ops_twilio_signature_url_variants ("http://host:1234/p");
  g_auto(GStrv) quoted = ops_twilio_signature_url_variants ("https://example.com/h?name=O'Brien&q=a+b");
  g_auto(GStrv) bare = ops_twilio_signature_url_variants ("https://example.com:443");
  const char *const expected_standard[] = { "https://mycompany.com/hook?x=1", "https://mycompany.com:443/hook?x=1", NULL };
  const char *const expected_custom[] = { "http://host/p", "http://host:1234/p", NULL };
  const char *const expected_quoted[] = {
    "https://example.com/h?name=O%27Brien&q=a+b",
    "https://example.com:443/h?name=O%27Brien&q=a+b",
    "https://example.com/h?name=O'Brien&q=a%20b",
    NULL,
  };
  const char *const expected_bare[] = { "https://example.com/", "https://example.com:443/", NULL };

  g_assert_cmpstrv (standard, expected_standard);
  g_assert_cmpstrv (custom, expected_custom);
  g_assert_cmpstrv (quoted, expected_quoted);
  g_assert_cmpstrv (bare, expected_bare);
}

/* A URL Twilio signed with its query re-encoded the legacy way. */
static void
test_legacy_querystring (void)
{
  const char *url = "https://example.com/h?name=O'Brien&q=a+b";
  g_autofree char *legacy = ops_twilio_signature_compute (TOKEN, "https://example.com/h?name=O'Brien&q=a%20b", params);
  g_autofree char *whatwg = ops_twilio_signature_compute (TOKEN, "https://example.com/h?name=O%27Brien&q=a+b", params);
  g_autofree char *other = ops_twilio_signature_compute (TOKEN, "https://example.com/h?name=OBrien&q=a+b", params);
  g_autoptr(GError) error = NULL;

  g_assert_true (ops_twilio_signature_validate (TOKEN, legacy, url, params, &error));
  g_assert_no_error (error);
  g_assert_true (ops_twilio_signature_validate (TOKEN, whatwg, url, params, &error));
  g_assert_no_error (error);
  g_assert_false (ops_twilio_signature_validate (TOKEN, other, url, params, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
}

static void
test_tampered (void)
{
  const char *const changed[] = {
    "To", "+18005551212", "From", "+14158675309", "CallSid", "CA1234567890ABCDE",
    "Digits", "1235", "Caller", "+14158675309", NULL,
  };
  const char *const added[] = {
    "To", "+18005551212", "From", "+14158675309", "CallSid", "CA1234567890ABCDE",
    "Digits", "1234", "Caller", "+14158675309", "Body", "hello", NULL,
  };
  const char *wrong_urls[] = {
    "http://mycompany.com/myapp.php?foo=1&bar=2",
    "https://mycompany.com/other.php?foo=1&bar=2",
    "https://mycompany.com/myapp.php?foo=1&bar=3",
    "https://evil.example/myapp.php?foo=1&bar=2",
    "https://mycompany.com/myapp.php?foo=1&bar=2&baz=3",
  };

  for (guint i = 0; i < G_N_ELEMENTS (wrong_urls); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ops_twilio_signature_validate (TOKEN, SIGNATURE, wrong_urls[i], params, &error));
      assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (ops_twilio_signature_validate (TOKEN, SIGNATURE, URL, changed, &error));
    assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
    g_clear_error (&error);
    g_assert_false (ops_twilio_signature_validate (TOKEN, SIGNATURE, URL, added, &error));
    assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
    g_clear_error (&error);
    g_assert_false (ops_twilio_signature_validate ("54321", SIGNATURE, URL, params, &error));
    assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
    g_clear_error (&error);
    /* One character off, and a prefix of the right one. */
    g_assert_false (ops_twilio_signature_validate (TOKEN, "RSOYDt4T1cUTdK1PDd93/VVr8B8", URL, params, &error));
    assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
    g_clear_error (&error);
    g_assert_false (ops_twilio_signature_validate (TOKEN, "RSOYDt4T1cUTdK1PDd93/VVr8B9=", URL, params, &error));
    assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
  }
}

static void
test_missing (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (ops_twilio_signature_validate (TOKEN, NULL, URL, params, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISSING);
  g_clear_error (&error);
  g_assert_false (ops_twilio_signature_validate (TOKEN, "", URL, params, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISSING);
  g_clear_error (&error);
  g_assert_false (ops_twilio_signature_validate_request (TOKEN, NULL, URL, FORM_BODY, strlen (FORM_BODY),
                                                         NULL, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISSING);
}

/* The form body as posted, '+' for spaces and escapes decoded. */
static void
test_form_request (void)
{
  const char *body = FORM_BODY "&Body=No+signal+since+9am%21";
  const char *const with_body[] = {
    "To", "+18005551212", "From", "+14158675309", "CallSid", "CA1234567890ABCDE",
    "Digits", "1234", "Caller", "+14158675309", "Body", "No signal since 9am!", NULL,
  };
  g_autofree char *signature = ops_twilio_signature_compute (TOKEN, URL, with_body);
  g_autofree char *tampered = g_strdup (body);
  g_auto(GStrv) decoded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (ops_twilio_signature_validate_request (TOKEN, SIGNATURE, URL, FORM_BODY, strlen (FORM_BODY),
                                                        &decoded, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (decoded), ==, 10);
  g_assert_cmpstr (ops_twilio_params_get ((const char *const *)decoded, "From"), ==, "+14158675309");
  g_clear_pointer (&decoded, g_strfreev);

  g_assert_true (ops_twilio_signature_validate_request (TOKEN, signature, URL, body, strlen (body), &decoded, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ops_twilio_params_get ((const char *const *)decoded, "Body"), ==, "No signal since 9am!");
  g_assert_null (ops_twilio_params_get ((const char *const *)decoded, "Nope"));

  /* "9am" becomes "9pm" on the way. */
  *strstr (tampered, "9am") = '8';
  g_assert_false (ops_twilio_signature_validate_request (TOKEN, signature, URL, tampered, strlen (tampered),
                                                         NULL, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
}

static void
test_repeated_params (void)
{
  const char *url = "https://example.com/hook";
  const char *const repeated[] = {
    "MediaUrl", "b", "Body", "x", "MediaUrl", "a", "MediaUrl", "b", NULL,
  };
  g_autofree char *signature = ops_twilio_signature_compute (TOKEN, url, repeated);
  g_autofree char *reference = reference_signature (TOKEN, "https://example.com/hook" "Bodyx" "MediaUrla" "MediaUrlb");
  const char *form = "MediaUrl=b&Body=x&MediaUrl=a&MediaUrl=b";
  g_auto(GStrv) decoded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (signature, ==, reference);

  decoded = ops_twilio_form_decode (form, strlen (form), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (decoded), ==, 8);
  g_assert_true (ops_twilio_signature_validate (TOKEN, signature, url, (const char *const *)decoded, &error));
  g_assert_no_error (error);
}

static void
test_form_decode (void)
{
  const char *body = "a=1&&b=&c&d=x%2By+z";
  g_auto(GStrv) decoded = ops_twilio_form_decode (body, strlen (body), NULL);
  g_auto(GStrv) empty = ops_twilio_form_decode ("", 0, NULL);
  const char *const expected[] = { "a", "1", "b", "", "c", "", "d", "x+y z", NULL };
  g_autoptr(GError) error = NULL;

  g_assert_cmpstrv (decoded, expected);
  g_assert_nonnull (empty);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);

  g_assert_null (ops_twilio_form_decode ("a=%zz", 5, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (ops_twilio_form_decode ("a=%ff", 5, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MALFORMED);
  g_clear_error (&error);
  /* An escaped NUL is refused. */
  g_assert_null (ops_twilio_form_decode ("a=%00", 5, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MALFORMED);
  g_clear_error (&error);

  /* The length is honoured: what follows is not read. */
  {
    g_auto(GStrv) first = ops_twilio_form_decode ("a=1&b=2", 3, &error);
    const char *const expected_first[] = { "a", "1", NULL };

    g_assert_no_error (error);
    g_assert_cmpstrv (first, expected_first);
  }
}

static void
test_body_sha256 (void)
{
  const char *url = URL "&bodySHA256=" JSON_BODY_SHA256;
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, JSON_BODY, -1);
  g_autofree char *signature = ops_twilio_signature_compute (TOKEN, url, NULL);
  g_auto(GStrv) decoded = NULL;
  g_autoptr(GError) error = NULL;
  const char *tampered = "{\"property\": \"value\", \"boolean\": false}";

  g_assert_cmpstr (hash, ==, JSON_BODY_SHA256);
  g_assert_cmpstr (signature, ==, JSON_SIGNATURE);

  g_assert_true (ops_twilio_signature_validate_body (TOKEN, JSON_SIGNATURE, url, JSON_BODY, strlen (JSON_BODY),
                                                     &error));
  g_assert_no_error (error);
  g_assert_true (ops_twilio_signature_validate_request (TOKEN, JSON_SIGNATURE, url, JSON_BODY, strlen (JSON_BODY),
                                                        &decoded, &error));
  g_assert_no_error (error);
  g_assert_nonnull (decoded);
  g_assert_cmpuint (g_strv_length (decoded), ==, 0);

  /* The body changed: the URL is still signed, the hash is not the body's. */
  g_assert_false (ops_twilio_signature_validate_request (TOKEN, JSON_SIGNATURE, url, tampered, strlen (tampered),
                                                         NULL, &error));
  assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_BODY_HASH);
  g_clear_error (&error);

  /* The hash changed to match another body: the signature no longer does. */
  {
    g_autofree char *other_hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, tampered, -1);
    g_autofree char *other_url = g_strconcat (URL "&bodySHA256=", other_hash, NULL);

    g_assert_false (ops_twilio_signature_validate_request (TOKEN, JSON_SIGNATURE, other_url, tampered,
                                                           strlen (tampered), NULL, &error));
    assert_error (error, OPS_TWILIO_SIGNATURE_ERROR_MISMATCH);
    g_clear_error (&error);
  }

  /* Signed by Twilio over the URL with :443. */
  {
    g_autofree char *with_port = ops_twilio_signature_compute (TOKEN, URL_443 "&bodySHA256=" JSON_BODY_SHA256, NULL);

    g_assert_true (ops_twilio_signature_validate_request (TOKEN, with_port, url, JSON_BODY, strlen (JSON_BODY),
                                                          NULL, &error));
    g_assert_no_error (error);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/twilio-signature/vectors", test_vectors);
  g_test_add_func ("/twilio-signature/port-variants", test_validate_port_variants);
  g_test_add_func ("/twilio-signature/url-variants", test_url_variants);
  g_test_add_func ("/twilio-signature/legacy-querystring", test_legacy_querystring);
  g_test_add_func ("/twilio-signature/tampered", test_tampered);
  g_test_add_func ("/twilio-signature/missing", test_missing);
  g_test_add_func ("/twilio-signature/form-request", test_form_request);
  g_test_add_func ("/twilio-signature/repeated-params", test_repeated_params);
  g_test_add_func ("/twilio-signature/form-decode", test_form_decode);
  g_test_add_func ("/twilio-signature/body-sha256", test_body_sha256);

  return g_test_run ();
}
