/* test-server-vision.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The /vision routes of the real binary, run with --headless, with the
 * fake Gemini as [gemini] url: barcodes decoded by zbar from an EAN-13
 * drawn here, Gemini's fallback on a blank photo, the label and the
 * invoice, multipart forms, authentication, 413, 415, Gemini's failures,
 * and a server without Gemini.
 */

#define G_LOG_DOMAIN "test-server-vision"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ops-fake-gemini.h"
#include "ops-test-server.h"

#define API_KEY "AIzaSyD-server-test-0123456789abcdefghij"
#define STAFF_TOKEN "staff-token"
/* Above [server] max_body (1 MiB by default): a photo is bigger than
 * any other request, and the vision routes take it. */
#define MAX_IMAGE_BYTES (3 * 1024 * 1024)
#define EAN "4006381333931"

typedef struct
{
  guint       status;
  JsonObject *answer;
} Reply;

static OpsFakeGemini *fake;
static OpsTestServer *with_gemini;
static OpsTestServer *without_gemini;
static char *workdir;

/*
 * The server under test
 */

static OpsTestServer *
server_start (const char *name,
              const char *gemini)
{
  g_autofree char *file = g_strdup_printf ("%s.ini", name);
  g_autofree char *store = g_strdup_printf ("%s.sqlite", name);
  g_autofree char *config = g_build_filename (workdir, file, NULL);
  g_autofree char *path = g_build_filename (workdir, store, NULL);
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, STAFF_TOKEN, -1);
  g_autofree char *contents = NULL;

  contents = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = 0\ntokens = sha256:%s\n"
                              "shutdown_seconds = 1\n"
                              "[vision]\nmax_image_bytes = %d\n%s",
                              digest, MAX_IMAGE_BYTES, gemini ? gemini : "");
  return ops_test_server_start (config, contents, path);
}

static OpsTestServer *
server_with_gemini (void)
{
  g_autofree char *gemini = NULL;

  if (with_gemini == NULL)
    {
      gemini = g_strdup_printf ("[gemini]\nurl = %s\napi_key = " API_KEY "\ntimeout = 5\n",
                                ops_fake_gemini_get_url (fake));
      with_gemini = server_start ("vision-gemini", gemini);
    }
  return with_gemini;
}

static OpsTestServer *
server_without_gemini (void)
{
  if (without_gemini == NULL)
    without_gemini = server_start ("vision-plain", NULL);
  return without_gemini;
}

/*
 * Photos
 */

static void
fill_rect (GdkPixbuf *pixbuf,
           int        x0,
           int        width,
           guint8     value)
{
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);

  for (int y = 0; y < gdk_pixbuf_get_height (pixbuf); y++)
    for (int x = x0; x < x0 + width; x++)
      memset (pixels + y * stride + x * channels, value, channels);
}

static GdkPixbuf *
blank_pixbuf (int width,
              int height)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);

  gdk_pixbuf_fill (pixbuf, 0xffffffff);
  return pixbuf;
}

/* An EAN-13 drawn module by module (3 px per module, quiet zones of 12
 * modules): the left half in the L/G sets chosen by the first digit, the
 * right half in the R set. */
static GdkPixbuf *
ean13_pixbuf (const char *digits)
{
  static const char *const l_set[] = { "0001101", "0011001", "0010011", "0111101", "0100011",
                                       "0110001", "0101111", "0111011", "0110111", "0001011" };
  static const char *const g_set[] = { "0100111", "0110011", "0011011", "0100001", "0011101",
                                       "0111001", "0000101", "0010001", "0001001", "0010111" };
  static const char *const r_set[] = { "1110010", "1100110", "1101100", "1000010", "1011100",
                                       "1001110", "1010000", "1000100", "1001000", "1110100" };
  static const char *const parity[] = { "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
                                        "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL" };
  const int module = 3, quiet = 12;
  g_autoptr(GString) bits = g_string_new ("101");
  GdkPixbuf *pixbuf;

  g_assert_cmpuint (strlen (digits), ==, 13);
  for (int i = 1; i <= 6; i++)
    {
      int d = digits[i] - '0';

      g_string_append (bits, parity[digits[0] - '0'][i - 1] == 'L' ? l_set[d] : g_set[d]);
    }
  g_string_append (bits, "01010");
  for (int i = 7; i <= 12; i++)
    g_string_append (bits, r_set[digits[i] - '0']);
  g_string_append (bits, "101");
  g_assert_cmpuint (bits->len, ==, 95);

  pixbuf = blank_pixbuf ((int)(bits->len + 2 * quiet) * module, 90);
  for (guint i = 0; i < bits->len; i++)
    if (bits->str[i] == '1')
      fill_rect (pixbuf, (int)(quiet + i) * module, module, 0);
  return pixbuf;
}

static GBytes *
encode (GdkPixbuf  *pixbuf,
        const char *type)
{
  g_autoptr(GError) error = NULL;
  gchar *buffer = NULL;
  gsize size = 0;

  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, type, &error, NULL));
  g_assert_no_error (error);
  return g_bytes_new_take (buffer, size);
}

static GBytes *
blank_png (void)
{
  g_autoptr(GdkPixbuf) pixbuf = blank_pixbuf (320, 240);

  return encode (pixbuf, "png");
}

/*
 * Requests
 */

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->answer, json_object_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static void
post (OpsTestServer *server,
      const char    *path,
      const char    *token,
      const char    *content_type,
      GBytes        *body,
      Reply         *reply)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = ops_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");
  node = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  reply->status = soup_message_get_status (msg);
  reply->answer = json_object_ref (json_node_get_object (node));
}

static void
post_photo (OpsTestServer *server,
            const char    *path,
            const char    *content_type,
            GBytes        *photo,
            Reply         *reply)
{
  post (server, path, STAFF_TOKEN, content_type, photo, reply);
}

/* One file part (and a text field beside it, as browsers send). */
static void
post_form (OpsTestServer *server,
           const char    *path,
           const char    *file_type,
           GBytes        *photo,
           Reply         *reply)
{
  g_autoptr(SoupMultipart) multipart = soup_multipart_new ("multipart/form-data");
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_MULTIPART);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) carrier = soup_message_new ("POST", "http://127.0.0.1/");
  SoupMessageHeaders *carrier_headers = soup_message_get_request_headers (carrier);
  const char *content_type;

  soup_multipart_append_form_string (multipart, "note", "Entrepôt de Laval, étagère 4");
  soup_multipart_append_form_file (multipart, "photo", "IMG_2041.png", file_type, photo);
  soup_multipart_to_message (multipart, carrier_headers, &body);
  content_type = soup_message_headers_get_one (carrier_headers, "Content-Type");
  post_photo (server, path, content_type, body, reply);
}

static const char *
error_code (Reply *reply)
{
  return json_object_get_string_member_with_default (reply->answer, "error", NULL);
}

static const char *
error_message (Reply *reply)
{
  return json_object_get_string_member_with_default (reply->answer, "message", "");
}

static void
assert_codes (Reply      *reply,
              const char *source,
              const char *type,
              const char *value)
{
  JsonArray *codes = json_object_get_array_member (reply->answer, "codes");

  g_assert_cmpuint (reply->status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (reply->answer, "source"), ==, source);
  g_assert_nonnull (codes);
  if (value == NULL)
    {
      g_assert_cmpuint (json_array_get_length (codes), ==, 0);
      return;
    }
  g_assert_cmpuint (json_array_get_length (codes), >=, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (codes, 0), "type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (codes, 0), "value"), ==, value);
}

/* The mimeType of the last image the fake Gemini received. */
static char *
last_sent_mime_type (void)
{
  guint count = ops_fake_gemini_get_request_count (fake);
  g_autoptr(JsonNode) body = NULL;
  JsonObject *content;
  JsonArray *parts;

  g_assert_cmpuint (count, >, 0);
  body = ops_fake_gemini_dup_request_body (fake, count - 1);
  content = json_array_get_object_element (json_object_get_array_member (json_node_get_object (body), "contents"), 0);
  parts = json_object_get_array_member (content, "parts");
  return g_strdup (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (parts, 1),
                                                                                 "inlineData"),
                                                  "mimeType"));
}

/*
 * Tests
 */

static void
test_unauthorized (void)
{
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(GBytes) photo = blank_png ();
  g_auto(Reply) reply = { 0 };
  g_auto(Reply) wrong = { 0 };

  ops_fake_gemini_clear_requests (fake);
  post (server, "/vision/barcodes", NULL, "image/png", photo, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpstr (error_code (&reply), ==, "unauthorized");

  post (server, "/vision/invoice", "not-the-token", "image/png", photo, &wrong);
  g_assert_cmpuint (wrong.status, ==, SOUP_STATUS_UNAUTHORIZED);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 0);
}

/* zbar reads the EAN-13; Gemini is not asked. */
static void
test_barcodes_zbar (void)
{
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(GdkPixbuf) pixbuf = ean13_pixbuf (EAN);
  g_autoptr(GBytes) png = encode (pixbuf, "png");
  g_autoptr(GBytes) jpeg = encode (pixbuf, "jpeg");
  g_auto(Reply) raw = { 0 };
  g_auto(Reply) form = { 0 };
  g_auto(Reply) octets = { 0 };

  ops_fake_gemini_clear_requests (fake);
  post_photo (server, "/vision/barcodes", "image/png", png, &raw);
  assert_codes (&raw, "zbar", "EAN13", EAN);

  post_form (server, "/vision/barcodes", "image/png", png, &form);
  assert_codes (&form, "zbar", "EAN13", EAN);

  /* The bytes say what the image is, not the Content-Type. */
  post_photo (server, "/vision/barcodes", "application/octet-stream", jpeg, &octets);
  assert_codes (&octets, "zbar", "EAN13", EAN);

  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 0);
}

/* Nothing for zbar in a blank photo: Gemini is asked. */
static void
test_barcodes_gemini (void)
{
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(GBytes) photo = blank_png ();
  g_auto(Reply) reply = { 0 };
  g_autofree char *mime_type = NULL;
  g_autofree char *key = NULL;

  ops_fake_gemini_clear_requests (fake);
  post_photo (server, "/vision/barcodes", "image/png", photo, &reply);
  assert_codes (&reply, "gemini", "CODE128", "ZTEGC8F41B27");
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 1);
  mime_type = last_sent_mime_type ();
  g_assert_cmpstr (mime_type, ==, "image/png");
  key = ops_fake_gemini_dup_request_key (fake, 0);
  g_assert_cmpstr (key, ==, API_KEY);
}

static void
test_equipment (void)
{
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(GBytes) photo = blank_png ();
  g_auto(Reply) reply = { 0 };

  ops_fake_gemini_clear_requests (fake);
  post_form (server, "/vision/equipment", "image/png", photo, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (reply.answer, "brand"), ==, "ZTE");
  g_assert_cmpstr (json_object_get_string_member (reply.answer, "mac"), ==, "AA:BB:CC:DD:EE:FF");
  g_assert_cmpstr (json_object_get_string_member (reply.answer, "gpon_serial"), ==, "ZTEGC8F41B27");
  g_assert_cmpuint (json_object_get_size (reply.answer), ==, 5);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 1);
}

static void
test_invoice (void)
{
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(GdkPixbuf) pixbuf = blank_pixbuf (640, 480);
  g_autoptr(GBytes) jpeg = encode (pixbuf, "jpeg");
  g_auto(Reply) reply = { 0 };
  g_autofree char *mime_type = NULL;
  JsonArray *lines;

  ops_fake_gemini_clear_requests (fake);
  post_photo (server, "/vision/invoice", "image/jpeg", jpeg, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_OK);
  g_assert_cmpstr (json_object_get_string_member (reply.answer, "supplier"), ==, "Distributions Électriques Laval inc.");
  g_assert_cmpstr (json_object_get_string_member (reply.answer, "date"), ==, "2026-03-12");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reply.answer, "tps"), 62.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reply.answer, "tvq"), 124.69, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (reply.answer, "total"), 1437.19, 1e-9);
  lines = json_object_get_array_member (reply.answer, "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, 2);
  mime_type = last_sent_mime_type ();
  g_assert_cmpstr (mime_type, ==, "image/jpeg");
}

static void
test_too_large (void)
{
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(GBytes) photo = blank_png ();
  gsize size = MAX_IMAGE_BYTES + 1;
  guint8 *data = g_malloc0 (size);
  g_autoptr(GBytes) big = NULL;
  g_auto(Reply) reply = { 0 };
  g_auto(Reply) form = { 0 };

  memcpy (data, g_bytes_get_data (photo, NULL), g_bytes_get_size (photo));
  big = g_bytes_new_take (data, size);

  ops_fake_gemini_clear_requests (fake);
  post_photo (server, "/vision/invoice", "image/png", big, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  g_assert_cmpstr (error_code (&reply), ==, "payload_too_large");

  post_form (server, "/vision/barcodes", "image/png", big, &form);
  g_assert_cmpuint (form.status, ==, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 0);
}

/* A 2.4 MB phone photo is over [server] max_body but under [vision]
 * max_image_bytes: the vision routes take it. */
static void
test_large_photo (void)
{
  OpsTestServer *server = server_without_gemini ();
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1000, 800);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  gsize length = (gsize) gdk_pixbuf_get_rowstride (pixbuf) * 800;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GBytes) photo = NULL;
  g_auto(Reply) reply = { 0 };

  /* Noise does not compress: the PNG stays about as big as its pixels. */
  for (gsize i = 0; i < length; i++)
    pixels[i] = (guint8) g_rand_int_range (rand, 0, 256);
  photo = encode (pixbuf, "png");
  g_assert_cmpuint (g_bytes_get_size (photo), >, 2 * 1024 * 1024);
  g_assert_cmpuint (g_bytes_get_size (photo), <, MAX_IMAGE_BYTES);

  post_photo (server, "/vision/barcodes", "image/png", photo, &reply);
  g_assert_cmpuint (reply.status, ==, SOUP_STATUS_OK);
}

static void
test_not_image (void)
{
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(GBytes) text = g_bytes_new_static ("Facture F-2026-00418", 20);
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", 24);
  g_auto(Reply) raw = { 0 };
  g_auto(Reply) form = { 0 };
  g_auto(Reply) empty = { 0 };

  ops_fake_gemini_clear_requests (fake);
  post_photo (server, "/vision/invoice", "text/plain", text, &raw);
  g_assert_cmpuint (raw.status, ==, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE);
  g_assert_cmpstr (error_message (&raw), ==, "Send a PNG, JPEG or WebP photo.");

  post_form (server, "/vision/barcodes", "image/png", pdf, &form);
  g_assert_cmpuint (form.status, ==, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE);
  g_assert_cmpstr (error_code (&form), ==, "unsupported_media_type");

  post_photo (server, "/vision/barcodes", "image/png", NULL, &empty);
  g_assert_cmpuint (empty.status, ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 0);
}

static void
test_routes (void)
{
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ops_test_server_url (server, "/vision/barcodes");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) photo = blank_png ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Reply) unknown = { 0 };

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", "Bearer " STAFF_TOKEN);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Allow"), ==, "POST");

  post_photo (server, "/vision/receipt", "image/png", photo, &unknown);
  g_assert_cmpuint (unknown.status, ==, SOUP_STATUS_NOT_FOUND);
}

/* Gemini's failures, each with its status and the client's sentence. */
static void
test_gemini_errors (void)
{
  static const struct
  {
    OpsFakeGeminiReply reply;
    const char        *path;
    guint              status;
    const char        *code;
  } cases[] = {
    { OPS_FAKE_GEMINI_BLOCKED, "/vision/equipment", SOUP_STATUS_UNPROCESSABLE_ENTITY, "blocked" },
    { OPS_FAKE_GEMINI_TRUNCATED, "/vision/invoice", SOUP_STATUS_UNPROCESSABLE_ENTITY, "truncated" },
    { OPS_FAKE_GEMINI_DAILY_QUOTA, "/vision/invoice", SOUP_STATUS_SERVICE_UNAVAILABLE, "quota_exhausted" },
    { OPS_FAKE_GEMINI_BAD_KEY, "/vision/equipment", SOUP_STATUS_BAD_GATEWAY, "upstream_auth" },
    { OPS_FAKE_GEMINI_INVALID_JSON, "/vision/barcodes", SOUP_STATUS_BAD_GATEWAY, "invalid_answer" },
  };
  OpsTestServer *server = server_with_gemini ();
  g_autoptr(GBytes) photo = blank_png ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Reply) reply = { 0 };

      ops_fake_gemini_clear_requests (fake);
      ops_fake_gemini_push (fake, cases[i].reply, NULL);
      post_photo (server, cases[i].path, "image/png", photo, &reply);
      g_test_message ("%s → %u %s: %s", cases[i].path, reply.status, error_code (&reply), error_message (&reply));
      g_assert_cmpuint (reply.status, ==, cases[i].status);
      g_assert_cmpstr (error_code (&reply), ==, cases[i].code);
      g_assert_cmpuint (strlen (error_message (&reply)), >, 20);
      /* None of them is retried. */
      g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 1);
    }
}

static void
test_not_configured (void)
{
  OpsTestServer *server = server_without_gemini ();
  g_autoptr(GBytes) photo = blank_png ();
  g_autoptr(GdkPixbuf) pixbuf = ean13_pixbuf (EAN);
  g_autoptr(GBytes) png = encode (pixbuf, "png");
  g_auto(Reply) equipment = { 0 };
  g_auto(Reply) invoice = { 0 };
  g_auto(Reply) blank = { 0 };
  g_auto(Reply) ean = { 0 };

  ops_fake_gemini_clear_requests (fake);
  post_photo (server, "/vision/equipment", "image/png", photo, &equipment);
  g_assert_cmpuint (equipment.status, ==, SOUP_STATUS_SERVICE_UNAVAILABLE);
  g_assert_cmpstr (error_code (&equipment), ==, "not_configured");
  g_assert_nonnull (strstr (error_message (&equipment), "[gemini] api_key"));

  post_photo (server, "/vision/invoice", "image/png", photo, &invoice);
  g_assert_cmpuint (invoice.status, ==, SOUP_STATUS_SERVICE_UNAVAILABLE);

  /* Barcodes still work, with zbar alone. */
  post_photo (server, "/vision/barcodes", "image/png", photo, &blank);
  assert_codes (&blank, "zbar", NULL, NULL);
  post_photo (server, "/vision/barcodes", "image/png", png, &ean);
  assert_codes (&ean, "zbar", "EAN13", EAN);

  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *entry;
  int status;

  g_test_init (&argc, &argv, NULL);

  workdir = g_dir_make_tmp ("test-server-vision-XXXXXX", &error);
  g_assert_no_error (error);
  fake = ops_fake_gemini_new (API_KEY);

  g_test_add_func ("/server-vision/unauthorized", test_unauthorized);
  g_test_add_func ("/server-vision/barcodes-zbar", test_barcodes_zbar);
  g_test_add_func ("/server-vision/barcodes-gemini", test_barcodes_gemini);
  g_test_add_func ("/server-vision/equipment", test_equipment);
  g_test_add_func ("/server-vision/invoice", test_invoice);
  g_test_add_func ("/server-vision/too-large", test_too_large);
  g_test_add_func ("/server-vision/large-photo", test_large_photo);
  g_test_add_func ("/server-vision/not-image", test_not_image);
  g_test_add_func ("/server-vision/routes", test_routes);
  g_test_add_func ("/server-vision/gemini-errors", test_gemini_errors);
  g_test_add_func ("/server-vision/not-configured", test_not_configured);

  status = g_test_run ();

  ops_test_server_stop (with_gemini);
  ops_test_server_stop (without_gemini);
  ops_fake_gemini_free (fake);

  dir = g_dir_open (workdir, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (workdir, entry, NULL);

      g_unlink (path);
    }
  g_rmdir (workdir);
  g_free (workdir);
  return status;
}
