/* test-barcode-reader.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * zbar decoding on barcodes the test draws (ops-test-barcodes.c): plain,
 * turned, faded, noisy, none; image bytes (PNG, JPEG, the committed QR
 * fixture), bytes that are not an image, and the magic-number sniffing.
 */

#define G_LOG_DOMAIN "test-barcode-reader"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <string.h>

#include "ops-barcode-reader.h"
#include "ops-test-barcodes.h"

#define SERIAL "GFAC12345678"

/*
 * Helpers
 */

/* A frame as a camera would give it: the code somewhere on a grey page. */
static OpsTestGray *
frame_with (const OpsTestGray *code,
            guint              width,
            guint              height)
{
  OpsTestGray *frame = ops_test_gray_new (width, height, 235);

  ops_test_gray_paste (frame, code, (int)(width - code->width) / 2, (int)(height - code->height) / 2);
  return frame;
}

static GPtrArray *
scan (const OpsTestGray *gray)
{
  return ops_barcode_scan_gray (gray->data, gray->width, gray->height, gray->width);
}

static void
assert_single_code (GPtrArray  *codes,
                    const char *type,
                    const char *value)
{
  OpsBarcode *code;

  g_assert_nonnull (codes);
  g_assert_cmpuint (codes->len, ==, 1);
  code = g_ptr_array_index (codes, 0);
  g_assert_cmpstr (code->type, ==, type);
  g_assert_cmpstr (code->value, ==, value);
}

static GdkPixbuf *
gray_to_pixbuf (const OpsTestGray *gray)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, (int)gray->width, (int)gray->height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);

  for (guint y = 0; y < gray->height; y++)
    for (guint x = 0; x < gray->width; x++)
      memset (pixels + (gsize)y * rowstride + x * 3, gray->data[(gsize)y * gray->width + x], 3);
  return pixbuf;
}

static GBytes *
encode (const OpsTestGray *gray,
        const char        *format)
{
  g_autoptr(GdkPixbuf) pixbuf = gray_to_pixbuf (gray);
  g_autoptr(GError) error = NULL;
  char *buffer = NULL;
  gsize size = 0;
  gboolean ok;

  if (g_str_equal (format, "jpeg"))
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &error, "quality", "85", NULL);
  else
    ok = gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, format, &error, NULL);
  g_assert_no_error (error);
  g_assert_true (ok);
  return g_bytes_new_take (buffer, size);
}

static guint32
crc32_of (const guint8 *data,
          gsize         size)
{
  guint32 crc = 0xffffffffu;

  for (gsize i = 0; i < size; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
  return crc ^ 0xffffffffu;
}

static void
append_png_chunk (GByteArray   *png,
                  const char   *type,
                  const guint8 *data,
                  guint32       size)
{
  guint32 be = GUINT32_TO_BE (size);
  guint start;

  g_byte_array_append (png, (const guint8 *)&be, 4);
  start = png->len;
  g_byte_array_append (png, (const guint8 *)type, 4);
  if (size)
    g_byte_array_append (png, data, size);
  be = GUINT32_TO_BE (crc32_of (png->data + start, size + 4));
  g_byte_array_append (png, (const guint8 *)&be, 4);
}

/*
 * Tests
 */

static void
test_sniff (void)
{
  static const struct
  {
    const char *bytes;
    gsize       size;
    const char *mime;
  } cases[] = {
    { "\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "image/png" },
    { "\xff\xd8\xff\xe0\0\x10JFIF", 10, "image/jpeg" },
    { "RIFF\x24\0\0\0WEBPVP8 ", 16, "image/webp" },
    { "GIF89a\x01\0\x01\0", 10, "image/gif" },
    { "GIF87a\x01\0\x01\0", 10, "image/gif" },
    { "BM\x3a\0\0\0\0\0\0\0\x36\0\0\0", 14, "image/bmp" },
    { "II*\0\x08\0\0\0", 8, "image/tiff" },
    { "MM\0*\0\0\0\x08", 8, "image/tiff" },
    { "\0\0\0\x18" "ftypheic\0\0\0\0", 16, "image/heic" },
    { "\0\0\0\x18" "ftypheix\0\0\0\0", 16, "image/heic" },
    { "\0\0\0\x18" "ftypmif1\0\0\0\0", 16, "image/heif" },
    { "\0\0\0\x18" "ftypisom\0\0\0\0", 16, NULL },          /* an MP4 video */
    { "RIFF\x24\0\0\0WAVEfmt ", 16, NULL },                /* a WAV file */
    { "%PDF-1.7\n", 9, NULL },
    { "\x89PNG", 4, NULL },                                /* cut short */
    { "", 0, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].bytes, cases[i].size);

      g_assert_cmpstr (ops_image_sniff_mime (bytes), ==, cases[i].mime);
    }
}

static void
test_code128 (void)
{
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 90);
  g_autoptr(OpsTestGray) frame = frame_with (code, 640, 480);
  g_autoptr(GArray) values = ops_test_code128_values (SERIAL);
  g_autoptr(GPtrArray) codes = NULL;

  /* The checksum the encoder computes: (104 + Σ i × value) mod 103. */
  g_assert_cmpuint (values->len, ==, strlen (SERIAL) + 3);
  g_assert_cmpuint (g_array_index (values, guint, values->len - 2), ==, 40);

  codes = scan (frame);
  assert_single_code (codes, "CODE128", SERIAL);
}

static void
test_stride (void)
{
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 2, 60);
  g_autoptr(OpsTestGray) frame = frame_with (code, 400, 100);
  g_autoptr(GPtrArray) codes = NULL;
  guint stride = frame->width + 48;
  g_autofree guint8 *padded = g_malloc0 ((gsize)stride * frame->height);

  for (guint y = 0; y < frame->height; y++)
    memcpy (padded + (gsize)y * stride, frame->data + (gsize)y * frame->width, frame->width);
  codes = ops_barcode_scan_gray (padded, frame->width, frame->height, stride);
  assert_single_code (codes, "CODE128", SERIAL);
}

static void
test_ean13 (void)
{
  g_autoptr(OpsTestGray) code = ops_test_ean13_render ("4006381333931", 3, 100);
  g_autoptr(OpsTestGray) frame = frame_with (code, 640, 480);
  g_autoptr(OpsTestGray) upc_code = ops_test_ean13_render ("0012345678905", 3, 100);
  g_autoptr(OpsTestGray) upc_frame = frame_with (upc_code, 640, 480);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) upc_codes = NULL;

  g_assert_null (ops_test_ean13_render ("0012345678906", 3, 100));  /* wrong check digit */

  codes = scan (frame);
  assert_single_code (codes, "EAN13", "4006381333931");

  /* An EAN-13 starting with 0 is a UPC-A: zbar names it so, without the 0. */
  upc_codes = scan (upc_frame);
  assert_single_code (upc_codes, "UPCA", "012345678905");
}

static void
test_rotated_90 (void)
{
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 90);
  g_autoptr(OpsTestGray) turned = ops_test_gray_rotate (code, 90);
  g_autoptr(OpsTestGray) frame = frame_with (turned, 480, 640);
  g_autoptr(GPtrArray) codes = NULL;

  g_assert_cmpuint (turned->width, ==, code->height);
  codes = scan (frame);
  assert_single_code (codes, "CODE128", SERIAL);
}

static void
test_rotated_30 (void)
{
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 90);
  g_autoptr(OpsTestGray) turned = ops_test_gray_rotate (code, 30);
  g_autoptr(OpsTestGray) frame = frame_with (turned, 800, 600);
  g_autoptr(GPtrArray) codes = NULL;

  codes = scan (frame);
  assert_single_code (codes, "CODE128", SERIAL);
}

static void
test_flags (void)
{
  /* The live camera's choice (no turns) misses a tilted code that a
   * photo, with every retry, finds; a plain pass misses a faint one. */
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 90);
  g_autoptr(OpsTestGray) turned = ops_test_gray_rotate (code, 30);
  g_autoptr(OpsTestGray) tilted = frame_with (turned, 800, 600);
  g_autoptr(OpsTestGray) faint = frame_with (code, 640, 480);
  g_autoptr(GPtrArray) live = NULL;
  g_autoptr(GPtrArray) photo = NULL;
  g_autoptr(GPtrArray) plain = NULL;
  g_autoptr(GPtrArray) stretched = NULL;
  OpsBarcodeScanFlags camera = OPS_BARCODE_SCAN_STRETCH | OPS_BARCODE_SCAN_SMOOTH;

  live = ops_barcode_scan_gray_full (tilted->data, tilted->width, tilted->height, tilted->width, camera);
  g_assert_cmpuint (live->len, ==, 0);
  photo = ops_barcode_scan_gray_full (tilted->data, tilted->width, tilted->height, tilted->width,
                                      OPS_BARCODE_SCAN_ALL);
  assert_single_code (photo, "CODE128", SERIAL);

  ops_test_gray_fade (faint, 126, 130);
  plain = ops_barcode_scan_gray_full (faint->data, faint->width, faint->height, faint->width,
                                      OPS_BARCODE_SCAN_PLAIN);
  g_assert_cmpuint (plain->len, ==, 0);
  stretched = ops_barcode_scan_gray_full (faint->data, faint->width, faint->height, faint->width, camera);
  assert_single_code (stretched, "CODE128", SERIAL);
}

static void
test_rotated_40 (void)
{
  /* Between the angles tried: ±5° of 45° still reads. */
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 120);
  g_autoptr(OpsTestGray) turned = ops_test_gray_rotate (code, -40);
  g_autoptr(OpsTestGray) frame = frame_with (turned, 800, 700);
  g_autoptr(GPtrArray) codes = NULL;

  codes = scan (frame);
  assert_single_code (codes, "CODE128", SERIAL);
}

static void
test_low_contrast (void)
{
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 90);
  g_autoptr(OpsTestGray) frame = ops_test_gray_new (640, 480, 255);
  g_autoptr(GPtrArray) codes = NULL;

  g_autoptr(OpsTestGray) faint = NULL;
  g_autoptr(GPtrArray) faint_codes = NULL;

  ops_test_gray_paste (frame, code, (int)(640 - code->width) / 2, 195);
  faint = ops_test_gray_new (640, 480, 255);
  memcpy (faint->data, frame->data, (gsize)640 * 480);

  ops_test_gray_fade (frame, 110, 140);
  g_assert_cmpuint (frame->data[0], ==, 140);
  g_assert_cmpuint (frame->data[(gsize)240 * 640 + (640 - code->width) / 2 + 10 * 3], ==, 110);
  codes = scan (frame);
  assert_single_code (codes, "CODE128", SERIAL);

  /* Four grey levels apart: zbar alone sees no edges, the stretched
   * histogram has them. */
  ops_test_gray_fade (faint, 126, 130);
  faint_codes = scan (faint);
  assert_single_code (faint_codes, "CODE128", SERIAL);
}

static void
test_noise (void)
{
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 90);
  g_autoptr(OpsTestGray) frame = frame_with (code, 640, 480);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) plain = NULL;

  /* Uniform noise of ±25 grey levels on every pixel: zbar alone reads
   * nothing past ±8, the smoothed retry does. */
  ops_test_gray_fade (frame, 40, 215);
  ops_test_gray_add_noise (frame, 25, 8);
  plain = ops_barcode_scan_gray_full (frame->data, frame->width, frame->height, frame->width,
                                      OPS_BARCODE_SCAN_PLAIN);
  g_assert_cmpuint (plain->len, ==, 0);
  codes = scan (frame);
  assert_single_code (codes, "CODE128", SERIAL);
}

static void
test_nothing (void)
{
  g_autoptr(OpsTestGray) frame = ops_test_gray_new (640, 480, 180);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GPtrArray) empty = NULL;

  ops_test_gray_add_noise (frame, 60, 3);
  codes = scan (frame);
  g_assert_nonnull (codes);
  g_assert_cmpuint (codes->len, ==, 0);

  empty = ops_barcode_scan_gray (NULL, 0, 0, 0);
  g_assert_cmpuint (empty->len, ==, 0);
}

static void
test_two_codes (void)
{
  g_autoptr(OpsTestGray) serial = ops_test_code128_render (SERIAL, 2, 60);
  g_autoptr(OpsTestGray) mac = ops_test_code128_render ("00:1A:2B:3C:4D:5E", 2, 60);
  g_autoptr(OpsTestGray) frame = ops_test_gray_new (640, 300, 255);
  g_autoptr(GPtrArray) codes = NULL;
  gboolean seen_serial = FALSE, seen_mac = FALSE;

  ops_test_gray_paste (frame, serial, 20, 30);
  ops_test_gray_paste (frame, mac, 20, 180);
  codes = scan (frame);
  /* Each code once, though zbar crosses it on many lines. */
  g_assert_cmpuint (codes->len, ==, 2);
  for (guint i = 0; i < codes->len; i++)
    {
      OpsBarcode *c = g_ptr_array_index (codes, i);

      seen_serial |= g_str_equal (c->value, SERIAL);
      seen_mac |= g_str_equal (c->value, "00:1A:2B:3C:4D:5E");
    }
  g_assert_true (seen_serial && seen_mac);
}

static void
test_image_png_jpeg (void)
{
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 90);
  g_autoptr(OpsTestGray) frame = frame_with (code, 640, 480);
  const char *formats[] = { "png", "jpeg" };
  const char *mimes[] = { "image/png", "image/jpeg" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autoptr(GBytes) bytes = encode (frame, formats[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) codes = NULL;

      g_assert_cmpstr (ops_image_sniff_mime (bytes), ==, mimes[i]);
      codes = ops_barcode_scan_image (bytes, &error);
      g_assert_no_error (error);
      assert_single_code (codes, "CODE128", SERIAL);
    }
}

static void
test_image_transparent (void)
{
  /* Black bars on a transparent background read as on white paper. */
  g_autoptr(OpsTestGray) code = ops_test_code128_render (SERIAL, 3, 90);
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, TRUE, 8, (int)code->width, (int)code->height);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int rowstride = gdk_pixbuf_get_rowstride (pixbuf);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *buffer = NULL;
  gsize size = 0;

  for (guint y = 0; y < code->height; y++)
    for (guint x = 0; x < code->width; x++)
      {
        guint8 *p = pixels + (gsize)y * rowstride + x * 4;

        p[0] = p[1] = p[2] = 0;
        p[3] = code->data[(gsize)y * code->width + x] == 0 ? 255 : 0;
      }
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "png", &error, NULL));
  bytes = g_bytes_new_take (buffer, size);
  codes = ops_barcode_scan_image (bytes, &error);
  g_assert_no_error (error);
  assert_single_code (codes, "CODE128", SERIAL);
}

static void
test_image_qr_fixture (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "fixtures", "barcodes", "qr-ont-serial.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GMappedFile) file = g_mapped_file_new (path, FALSE, &error);

  g_assert_no_error (error);
  bytes = g_mapped_file_get_bytes (file);
  g_assert_cmpstr (ops_image_sniff_mime (bytes), ==, "image/png");
  codes = ops_barcode_scan_image (bytes, &error);
  g_assert_no_error (error);
  assert_single_code (codes, "QRCODE", "ALCLB2C3D4E5");
}

static void
test_image_not_image (void)
{
  static const char * const not_images[] = {
    "Serial: GFAC12345678\n",
    "\x89PNG\r\n\x1a\n but the rest is not a PNG at all",
    "\xff\xd8\xff\xe0 this is not a JPEG either, only its first bytes",
  };

  for (guint i = 0; i < G_N_ELEMENTS (not_images); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (not_images[i], strlen (not_images[i]));
      g_autoptr(GError) error = NULL;
      GPtrArray *codes = ops_barcode_scan_image (bytes, &error);

      g_assert_null (codes);
      g_assert_error (error, OPS_BARCODE_ERROR, OPS_BARCODE_ERROR_NOT_IMAGE);
      g_assert_cmpstr (error->message, ==, "This file is not a photo we can read: send a PNG or JPEG.");
    }
}

static void
test_image_too_large (void)
{
  /* A PNG whose header says 10000 × 6000 (60 megapixels): refused from
   * the header, before 180 MB of pixels are allocated. */
  g_autoptr(GByteArray) png = g_byte_array_new ();
  guint8 ihdr[13] = { 0, 0, 0x27, 0x10, 0, 0, 0x17, 0x70, 8, 2, 0, 0, 0 };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *codes;

  g_byte_array_append (png, (const guint8 *)"\x89PNG\r\n\x1a\n", 8);
  append_png_chunk (png, "IHDR", ihdr, sizeof ihdr);
  append_png_chunk (png, "IDAT", (const guint8 *)"\x78\x9c", 2);
  bytes = g_byte_array_free_to_bytes (g_steal_pointer (&png));

  codes = ops_barcode_scan_image (bytes, &error);
  g_assert_null (codes);
  g_assert_error (error, OPS_BARCODE_ERROR, OPS_BARCODE_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/barcode-reader/sniff", test_sniff);
  g_test_add_func ("/barcode-reader/code128", test_code128);
  g_test_add_func ("/barcode-reader/stride", test_stride);
  g_test_add_func ("/barcode-reader/ean13", test_ean13);
  g_test_add_func ("/barcode-reader/rotated-90", test_rotated_90);
  g_test_add_func ("/barcode-reader/rotated-30", test_rotated_30);
  g_test_add_func ("/barcode-reader/rotated-40", test_rotated_40);
  g_test_add_func ("/barcode-reader/flags", test_flags);
  g_test_add_func ("/barcode-reader/low-contrast", test_low_contrast);
  g_test_add_func ("/barcode-reader/noise", test_noise);
  g_test_add_func ("/barcode-reader/nothing", test_nothing);
  g_test_add_func ("/barcode-reader/two-codes", test_two_codes);
  g_test_add_func ("/barcode-reader/image/png-jpeg", test_image_png_jpeg);
  g_test_add_func ("/barcode-reader/image/transparent", test_image_transparent);
  g_test_add_func ("/barcode-reader/image/qr-fixture", test_image_qr_fixture);
  g_test_add_func ("/barcode-reader/image/not-image", test_image_not_image);
  g_test_add_func ("/barcode-reader/image/too-large", test_image_too_large);

  return g_test_run ();
}
