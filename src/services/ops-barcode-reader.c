/* ops-barcode-reader.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * zbar over a greyscale frame: a plain pass first, then the same frame with
 * its histogram stretched (a faded label, a dim warehouse), then smoothed
 * (sensor noise), then turned by ±30° and ±45° (zbar reads rows and
 * columns, so 90° needs nothing).  Each retry only runs when the passes
 * before it found nothing.
 * Image bytes are recognised by their magic numbers and loaded with the
 * matching gdk-pixbuf loader.
 */

#define G_LOG_DOMAIN "ops-barcode-reader"

#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>
#include <zbar.h>

#include "ops-barcode-reader.h"

G_DEFINE_QUARK (ops-barcode-error-quark, ops_barcode_error)

#define MAX_PIXELS (50u * 1000u * 1000u)
/* Bytes handed to the loader at a time, so an oversized image is refused
 * as soon as its header is read. */
#define LOAD_CHUNK (64 * 1024)
/* Share of the darkest and brightest pixels ignored when stretching, so a
 * few specks of noise do not keep the stretch from working. */
#define STRETCH_CLIP 0.005
/* Frames spanning more grey levels than this are not stretched. */
#define STRETCH_MAX_SPAN 192

typedef struct
{
  zbar_symbol_type_t  symbol;
  const char         *name;
} SymbolName;

static const SymbolName symbol_names[] = {
  { ZBAR_CODE128, "CODE128" },
  { ZBAR_CODE39, "CODE39" },
  { ZBAR_EAN13, "EAN13" },
  { ZBAR_EAN8, "EAN8" },
  { ZBAR_UPCA, "UPCA" },
  { ZBAR_UPCE, "UPCE" },
  { ZBAR_QRCODE, "QRCODE" },
};

static const int rotation_angles[] = { 30, -30, 45, -45 };

/*
 * Auxiliary methods
 */

static const char *
symbol_type_name (zbar_symbol_type_t symbol)
{
  for (guint i = 0; i < G_N_ELEMENTS (symbol_names); i++)
    if (symbol_names[i].symbol == symbol)
      return symbol_names[i].name;
  return "OTHER";
}

static zbar_image_scanner_t *
new_scanner (void)
{
  zbar_image_scanner_t *scanner = zbar_image_scanner_create ();

  zbar_image_scanner_set_config (scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  for (guint i = 0; i < G_N_ELEMENTS (symbol_names); i++)
    zbar_image_scanner_set_config (scanner, symbol_names[i].symbol, ZBAR_CFG_ENABLE, 1);
  zbar_image_scanner_set_config (scanner, ZBAR_NONE, ZBAR_CFG_X_DENSITY, 1);
  zbar_image_scanner_set_config (scanner, ZBAR_NONE, ZBAR_CFG_Y_DENSITY, 1);
  return scanner;
}

static gboolean
has_code (GPtrArray  *codes,
          const char *type,
          const char *value)
{
  for (guint i = 0; i < codes->len; i++)
    {
      OpsBarcode *code = g_ptr_array_index (codes, i);

      if (g_str_equal (code->type, type) && g_str_equal (code->value, value))
        return TRUE;
    }
  return FALSE;
}

/* Scans a packed frame (stride == width), adding what it finds to codes. */
static void
scan_packed (zbar_image_scanner_t *scanner,
             const guint8         *gray,
             guint                 width,
             guint                 height,
             GPtrArray            *codes)
{
  zbar_image_t *image = zbar_image_create ();
  const zbar_symbol_t *symbol;

  zbar_image_set_format (image, zbar_fourcc ('Y', '8', '0', '0'));
  zbar_image_set_size (image, width, height);
  zbar_image_set_data (image, gray, (unsigned long)width * height, NULL);

  if (zbar_scan_image (scanner, image) > 0)
    {
      for (symbol = zbar_image_first_symbol (image); symbol; symbol = zbar_symbol_next (symbol))
        {
          const char *type = symbol_type_name (zbar_symbol_get_type (symbol));
          g_autofree char *value = g_strndup (zbar_symbol_get_data (symbol),
                                              zbar_symbol_get_data_length (symbol));

          if (!g_utf8_validate (value, -1, NULL))
            {
              g_autofree char *valid = g_utf8_make_valid (value, -1);

              g_free (value);
              value = g_steal_pointer (&valid);
            }
          if (*value != '\0' && !has_code (codes, type, value))
            g_ptr_array_add (codes, ops_barcode_new (type, value));
        }
    }
  zbar_image_destroy (image);
}

/* Maps the darkest and brightest pixels (less STRETCH_CLIP of each) to 0
 * and 255.  Returns NULL when the frame is flat or already spans most of
 * the range (a pass would see the same edges). */
static guint8 *
stretch_histogram (const guint8 *gray,
                   gsize         n_pixels)
{
  guint64 histogram[256] = { 0 };
  guint64 clip = (guint64)(n_pixels * STRETCH_CLIP);
  guint64 seen = 0;
  guint low = 0, high = 255;
  guint8 lut[256];
  guint8 *out;

  for (gsize i = 0; i < n_pixels; i++)
    histogram[gray[i]]++;
  for (low = 0; low < 255; low++)
    {
      seen += histogram[low];
      if (seen > clip)
        break;
    }
  seen = 0;
  for (high = 255; high > 0; high--)
    {
      seen += histogram[high];
      if (seen > clip)
        break;
    }
  if (high <= low || high - low > STRETCH_MAX_SPAN)
    return NULL;

  for (guint v = 0; v < 256; v++)
    {
      if (v <= low)
        lut[v] = 0;
      else if (v >= high)
        lut[v] = 255;
      else
        lut[v] = (guint8)(((v - low) * 255 + (high - low) / 2) / (high - low));
    }
  out = g_malloc (n_pixels);
  for (gsize i = 0; i < n_pixels; i++)
    out[i] = lut[gray[i]];
  return out;
}

/* A 3×3 mean: sensor noise breaks zbar's edge detection long before it
 * hides the bars from a person; averaging divides it by three. */
static guint8 *
smooth_3x3 (const guint8 *gray,
            guint         width,
            guint         height)
{
  g_autofree guint16 *rows = g_new (guint16, (gsize)width * height);
  guint8 *out = g_malloc ((gsize)width * height);

  /* Horizontal sums of 3 (2 at the edges, weighted back to 3). */
  for (guint y = 0; y < height; y++)
    {
      const guint8 *in = gray + (gsize)y * width;
      guint16 *row = rows + (gsize)y * width;

      for (guint x = 0; x < width; x++)
        {
          guint left = x > 0 ? in[x - 1] : in[x];
          guint right = x + 1 < width ? in[x + 1] : in[x];

          row[x] = (guint16)(left + in[x] + right);
        }
    }
  for (guint y = 0; y < height; y++)
    {
      const guint16 *up = rows + (gsize)(y > 0 ? y - 1 : y) * width;
      const guint16 *mid = rows + (gsize)y * width;
      const guint16 *down = rows + (gsize)(y + 1 < height ? y + 1 : y) * width;
      guint8 *row = out + (gsize)y * width;

      for (guint x = 0; x < width; x++)
        row[x] = (guint8)((up[x] + mid[x] + down[x] + 4) / 9);
    }
  return out;
}

static guint8
mean_value (const guint8 *gray,
            gsize         n_pixels)
{
  guint64 sum = 0;

  for (gsize i = 0; i < n_pixels; i++)
    sum += gray[i];
  return n_pixels ? (guint8)(sum / n_pixels) : 255;
}

/* Turns the frame by degrees around its centre onto a canvas large enough
 * to hold all of it (nearest neighbour; the corners take the mean grey). */
static guint8 *
rotate_gray (const guint8 *gray,
             guint         width,
             guint         height,
             int           degrees,
             guint         fill,
             guint        *out_width,
             guint        *out_height)
{
  double rad = degrees * G_PI / 180.0;
  double c = cos (rad), s = sin (rad);
  guint ow = (guint)ceil (fabs (width * c) + fabs (height * s));
  guint oh = (guint)ceil (fabs (width * s) + fabs (height * c));
  double cx = width / 2.0, cy = height / 2.0;
  double ocx = ow / 2.0, ocy = oh / 2.0;
  guint8 *out = g_malloc (ow * oh);

  for (guint y = 0; y < oh; y++)
    {
      double dy = y + 0.5 - ocy;
      /* Source position of the row's first pixel, then one step per x. */
      double sx = (0.5 - ocx) * c + dy * s + cx;
      double sy = -(0.5 - ocx) * s + dy * c + cy;
      guint8 *row = out + (gsize)y * ow;

      for (guint x = 0; x < ow; x++)
        {
          long ix = lround (floor (sx));
          long iy = lround (floor (sy));

          if (ix >= 0 && iy >= 0 && ix < (long)width && iy < (long)height)
            row[x] = gray[(gsize)iy * width + ix];
          else
            row[x] = (guint8)fill;
          sx += c;
          sy -= s;
        }
    }
  *out_width = ow;
  *out_height = oh;
  return out;
}

static GPtrArray *
new_codes (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify)ops_barcode_free);
}

/*
 * Public API
 */

GPtrArray *
ops_barcode_scan_gray (const guint8 *gray,
                       guint         width,
                       guint         height,
                       guint         stride)
{
  return ops_barcode_scan_gray_full (gray, width, height, stride, OPS_BARCODE_SCAN_ALL);
}

GPtrArray *
ops_barcode_scan_gray_full (const guint8       *gray,
                            guint               width,
                            guint               height,
                            guint               stride,
                            OpsBarcodeScanFlags flags)
{
  GPtrArray *codes = new_codes ();
  zbar_image_scanner_t *scanner;
  g_autofree guint8 *packed = NULL;
  g_autofree guint8 *stretched = NULL;
  const guint8 *frame = gray;
  gsize n_pixels = (gsize)width * height;

  g_return_val_if_fail (gray != NULL || n_pixels == 0, codes);
  g_return_val_if_fail (stride >= width, codes);

  if (n_pixels == 0)
    return codes;

  if (stride != width)
    {
      packed = g_malloc (n_pixels);
      for (guint y = 0; y < height; y++)
        memcpy (packed + (gsize)y * width, gray + (gsize)y * stride, width);
      frame = packed;
    }

  scanner = new_scanner ();
  scan_packed (scanner, frame, width, height, codes);

  if (codes->len == 0 && (flags & OPS_BARCODE_SCAN_STRETCH))
    {
      stretched = stretch_histogram (frame, n_pixels);
      if (stretched)
        {
          g_debug ("Nothing found in a %u×%u frame; retrying with the histogram stretched", width, height);
          frame = stretched;
          scan_packed (scanner, frame, width, height, codes);
        }
    }

  if (codes->len == 0 && (flags & OPS_BARCODE_SCAN_SMOOTH) && width >= 3 && height >= 3)
    {
      g_autofree guint8 *smoothed = smooth_3x3 (frame, width, height);

      scan_packed (scanner, smoothed, width, height, codes);
      if (codes->len > 0)
        g_debug ("Found %u code(s) in the smoothed frame", codes->len);
    }

  for (guint i = 0;
       codes->len == 0 && (flags & OPS_BARCODE_SCAN_ROTATE) && i < G_N_ELEMENTS (rotation_angles);
       i++)
    {
      g_autofree guint8 *rotated = NULL;
      guint rw, rh;

      rotated = rotate_gray (frame, width, height, rotation_angles[i],
                             mean_value (frame, n_pixels), &rw, &rh);
      scan_packed (scanner, rotated, rw, rh, codes);
      if (codes->len > 0)
        g_debug ("Found %u code(s) with the frame turned by %d°", codes->len, rotation_angles[i]);
    }

  zbar_image_scanner_destroy (scanner);
  return codes;
}

const char *
ops_image_sniff_mime (GBytes *bytes)
{
  gsize size = 0;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size >= 8 && memcmp (data, "\x89PNG\r\n\x1a\n", 8) == 0)
    return "image/png";
  if (size >= 3 && data[0] == 0xff && data[1] == 0xd8 && data[2] == 0xff)
    return "image/jpeg";
  if (size >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0)
    return "image/webp";
  if (size >= 6 && (memcmp (data, "GIF87a", 6) == 0 || memcmp (data, "GIF89a", 6) == 0))
    return "image/gif";
  if (size >= 14 && data[0] == 'B' && data[1] == 'M')
    return "image/bmp";
  if (size >= 4 && (memcmp (data, "II*\0", 4) == 0 || memcmp (data, "MM\0*", 4) == 0))
    return "image/tiff";
  if (size >= 12 && memcmp (data + 4, "ftyp", 4) == 0)
    {
      if (memcmp (data + 8, "heic", 4) == 0 || memcmp (data + 8, "heix", 4) == 0)
        return "image/heic";
      if (memcmp (data + 8, "mif1", 4) == 0)
        return "image/heif";
    }
  return NULL;
}

static void
on_size_prepared (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  gboolean *too_large = user_data;

  if (width <= 0 || height <= 0 || (guint64)width * (guint64)height > MAX_PIXELS)
    *too_large = TRUE;
}

static GdkPixbufLoader *
new_loader (const char *mime)
{
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new_with_mime_type (mime, NULL);

  /* HEIF loaders register one name or the other. */
  if (!loader && g_str_equal (mime, "image/heic"))
    loader = gdk_pixbuf_loader_new_with_mime_type ("image/heif", NULL);
  else if (!loader && g_str_equal (mime, "image/heif"))
    loader = gdk_pixbuf_loader_new_with_mime_type ("image/heic", NULL);
  return loader;
}

static GdkPixbuf *
load_pixbuf (GBytes  *image,
             GError **error)
{
  const char *mime = ops_image_sniff_mime (image);
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  GdkPixbuf *pixbuf;
  gboolean too_large = FALSE;
  gboolean ok = TRUE;
  const guint8 *data;
  gsize size, offset;

  if (mime)
    loader = new_loader (mime);
  if (!loader)
    {
      g_debug ("No loader for the image (%s)", mime ? mime : "unknown bytes");
      g_set_error_literal (error, OPS_BARCODE_ERROR, OPS_BARCODE_ERROR_NOT_IMAGE,
                           _("This file is not a photo we can read: send a PNG or JPEG."));
      return NULL;
    }

  g_signal_connect (loader, "size-prepared", G_CALLBACK (on_size_prepared), &too_large);
  data = g_bytes_get_data (image, &size);
  for (offset = 0; ok && !too_large && offset < size; offset += LOAD_CHUNK)
    ok = gdk_pixbuf_loader_write (loader, data + offset, MIN (LOAD_CHUNK, size - offset), &local_error);
  if (ok && !too_large)
    ok = gdk_pixbuf_loader_close (loader, &local_error);
  else
    gdk_pixbuf_loader_close (loader, NULL);

  if (too_large)
    {
      g_set_error (error, OPS_BARCODE_ERROR, OPS_BARCODE_ERROR_TOO_LARGE,
                   _("This photo is over %u megapixels: send a smaller one."), MAX_PIXELS / 1000000);
      return NULL;
    }
  pixbuf = ok ? gdk_pixbuf_loader_get_pixbuf (loader) : NULL;
  if (!pixbuf)
    {
      g_debug ("The %s image did not load: %s", mime, local_error ? local_error->message : "no pixels");
      g_set_error_literal (error, OPS_BARCODE_ERROR, OPS_BARCODE_ERROR_NOT_IMAGE,
                           _("This file is not a photo we can read: send a PNG or JPEG."));
      return NULL;
    }
  return gdk_pixbuf_apply_embedded_orientation (pixbuf);
}

/* Luma (BT.601 weights) of an 8-bit RGB(A) pixbuf; transparent pixels are
 * laid over white, as a code on a transparent background is printed. */
static guint8 *
pixbuf_to_gray (GdkPixbuf *pixbuf,
                guint     *width,
                guint     *height)
{
  guint w = (guint)gdk_pixbuf_get_width (pixbuf);
  guint h = (guint)gdk_pixbuf_get_height (pixbuf);
  guint channels = (guint)gdk_pixbuf_get_n_channels (pixbuf);
  guint rowstride = (guint)gdk_pixbuf_get_rowstride (pixbuf);
  gboolean alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  const guint8 *pixels = gdk_pixbuf_read_pixels (pixbuf);
  guint8 *gray = g_malloc ((gsize)w * h);

  for (guint y = 0; y < h; y++)
    {
      const guint8 *p = pixels + (gsize)y * rowstride;
      guint8 *out = gray + (gsize)y * w;

      for (guint x = 0; x < w; x++, p += channels)
        {
          guint luma = (77 * p[0] + 150 * p[1] + 29 * p[2] + 128) >> 8;

          if (alpha)
            luma = (luma * p[3] + 255 * (255 - p[3]) + 127) / 255;
          out[x] = (guint8)luma;
        }
    }
  *width = w;
  *height = h;
  return gray;
}

GPtrArray *
ops_barcode_scan_image (GBytes  *image,
                        GError **error)
{
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autofree guint8 *gray = NULL;
  guint width, height;

  g_return_val_if_fail (image != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  pixbuf = load_pixbuf (image, error);
  if (!pixbuf)
    return NULL;
  if (gdk_pixbuf_get_bits_per_sample (pixbuf) != 8 || gdk_pixbuf_get_n_channels (pixbuf) < 3)
    {
      g_set_error_literal (error, OPS_BARCODE_ERROR, OPS_BARCODE_ERROR_NOT_IMAGE,
                           _("This file is not a photo we can read: send a PNG or JPEG."));
      return NULL;
    }
  gray = pixbuf_to_gray (pixbuf, &width, &height);
  return ops_barcode_scan_gray (gray, width, height, width);
}
