/* ops-test-barcodes.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Test barcodes are generated, not stored: the encoders below follow the
 * symbologies' published structure, so a test states the value it expects
 * and the picture is made from it.
 *
 * Code 128: each symbol is six alternating bar/space widths (bar first)
 * adding up to 11 modules; the stop symbol has seven, 13 modules.  Subset B
 * encodes ASCII 32–126 as value (c − 32).  A code is
 *   start B (104), data values, checksum, stop (106)
 * with checksum = (104 + Σ position × value) mod 103, positions from 1.
 *
 * EAN-13: the first digit is not drawn; it picks which of the six left
 * digits use the odd (L) or even (G) set.  Each digit is 7 modules,
 * four widths: L starts with a space, G is L's widths reversed, R (the
 * right half) is L's widths starting with a bar.  Guards: 101 at both
 * ends, 01010 in the middle; 95 modules in all.  The check digit makes
 * Σ (digit × 1 or 3, alternating from the left) a multiple of 10.
 */

#define G_LOG_DOMAIN "ops-test-barcodes"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-test-barcodes.h"

#define CODE128_START_B 104
#define CODE128_STOP 106
#define CODE128_QUIET 10
#define EAN13_QUIET_LEFT 11
#define EAN13_QUIET_RIGHT 7

/* Bar/space widths of Code 128 values 0–106. */
static const char * const code128_patterns[] = {
  "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312",
  "132212", "221213", "221312", "231212", "112232", "122132", "122231", "113222",
  "123122", "123221", "223211", "221132", "221231", "213212", "223112", "312131",
  "311222", "321122", "321221", "312212", "322112", "322211", "212123", "212321",
  "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
  "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121",
  "313121", "211331", "231131", "213113", "213311", "213131", "311123", "311321",
  "331121", "312113", "312311", "332111", "314111", "221411", "431111", "111224",
  "111422", "121124", "121421", "141122", "141221", "112214", "112412", "122114",
  "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
  "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112",
  "421211", "212141", "214121", "412121", "111143", "111341", "131141", "114113",
  "114311", "411113", "411311", "113141", "114131", "311141", "411131", "211412",
  "211214", "211232", "2331112",
};

/* EAN-13 L-set widths (space, bar, space, bar) of digits 0–9. */
static const char * const ean_l_widths[] = {
  "3211", "2221", "2122", "1411", "1132", "1231", "1114", "1312", "1213", "3112",
};

/* For the first digit: which of the six left digits use the G set. */
static const char * const ean_parity[] = {
  "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG",
  "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL",
};

/*
 * Modules: a growing string of '1' (bar) and '0' (space)
 */

static void
append_widths (GString    *modules,
               const char *widths,
               gboolean    bar_first,
               gboolean    reversed)
{
  gsize n = strlen (widths);
  gboolean bar = bar_first;

  for (gsize i = 0; i < n; i++)
    {
      int w = widths[reversed ? n - 1 - i : i] - '0';

      for (int k = 0; k < w; k++)
        g_string_append_c (modules, bar ? '1' : '0');
      bar = !bar;
    }
}

static OpsTestGray *
render_modules (const char *modules,
                guint       quiet_left,
                guint       quiet_right,
                guint       module,
                guint       height)
{
  guint n = (guint)strlen (modules);
  OpsTestGray *gray = ops_test_gray_new ((quiet_left + n + quiet_right) * module, height, 255);

  for (guint i = 0; i < n; i++)
    {
      if (modules[i] != '1')
        continue;
      for (guint y = 0; y < height; y++)
        memset (gray->data + (gsize)y * gray->width + (quiet_left + i) * module, 0, module);
    }
  return gray;
}

/*
 * Public API
 */

OpsTestGray *
ops_test_gray_new (guint  width,
                   guint  height,
                   guint8 fill)
{
  OpsTestGray *gray = g_new0 (OpsTestGray, 1);

  gray->width = width;
  gray->height = height;
  gray->data = g_malloc ((gsize)width * height);
  memset (gray->data, fill, (gsize)width * height);
  return gray;
}

void
ops_test_gray_free (OpsTestGray *gray)
{
  if (!gray)
    return;
  g_free (gray->data);
  g_free (gray);
}

GArray *
ops_test_code128_values (const char *text)
{
  GArray *values = g_array_new (FALSE, FALSE, sizeof (guint));
  guint checksum = CODE128_START_B;
  guint value = CODE128_START_B;

  g_array_append_val (values, value);
  for (guint i = 0; text[i]; i++)
    {
      guchar c = (guchar)text[i];

      if (c < 32 || c > 126)
        {
          g_array_unref (values);
          return NULL;
        }
      value = c - 32;
      checksum += (i + 1) * value;
      g_array_append_val (values, value);
    }
  value = checksum % 103;
  g_array_append_val (values, value);
  value = CODE128_STOP;
  g_array_append_val (values, value);
  return values;
}

OpsTestGray *
ops_test_code128_render (const char *text,
                         guint       module,
                         guint       height)
{
  g_autoptr(GArray) values = ops_test_code128_values (text);
  g_autoptr(GString) modules = g_string_new (NULL);

  if (!values)
    return NULL;
  for (guint i = 0; i < values->len; i++)
    append_widths (modules, code128_patterns[g_array_index (values, guint, i)], TRUE, FALSE);
  return render_modules (modules->str, CODE128_QUIET, CODE128_QUIET, module, height);
}

OpsTestGray *
ops_test_ean13_render (const char *digits,
                       guint       module,
                       guint       height)
{
  g_autoptr(GString) modules = g_string_new (NULL);
  const char *parity;
  guint sum = 0;

  if (strlen (digits) != 13)
    return NULL;
  for (guint i = 0; i < 13; i++)
    if (!g_ascii_isdigit (digits[i]))
      return NULL;
  for (guint i = 0; i < 12; i++)
    sum += (guint)(digits[i] - '0') * (i % 2 ? 3 : 1);
  if ((10 - sum % 10) % 10 != (guint)(digits[12] - '0'))
    return NULL;

  parity = ean_parity[digits[0] - '0'];
  g_string_append (modules, "101");
  for (guint i = 1; i <= 6; i++)
    append_widths (modules, ean_l_widths[digits[i] - '0'], FALSE, parity[i - 1] == 'G');
  g_string_append (modules, "01010");
  for (guint i = 7; i <= 12; i++)
    append_widths (modules, ean_l_widths[digits[i] - '0'], TRUE, FALSE);
  g_string_append (modules, "101");
  g_assert (modules->len == 95);
  return render_modules (modules->str, EAN13_QUIET_LEFT, EAN13_QUIET_RIGHT, module, height);
}

void
ops_test_gray_paste (OpsTestGray       *dst,
                     const OpsTestGray *src,
                     int                x,
                     int                y)
{
  for (guint sy = 0; sy < src->height; sy++)
    {
      int dy = y + (int)sy;

      if (dy < 0 || dy >= (int)dst->height)
        continue;
      for (guint sx = 0; sx < src->width; sx++)
        {
          int dx = x + (int)sx;

          if (dx >= 0 && dx < (int)dst->width)
            dst->data[(gsize)dy * dst->width + dx] = src->data[(gsize)sy * src->width + sx];
        }
    }
}

OpsTestGray *
ops_test_gray_rotate (const OpsTestGray *src,
                      double             degrees)
{
  double rad = degrees * G_PI / 180.0;
  double c = cos (rad), s = sin (rad);
  guint w, h;
  OpsTestGray *out;

  if (degrees == 90.0)
    {
      out = ops_test_gray_new (src->height, src->width, 255);
      for (guint y = 0; y < src->height; y++)
        for (guint x = 0; x < src->width; x++)
          out->data[(gsize)x * out->width + (src->height - 1 - y)] = src->data[(gsize)y * src->width + x];
      return out;
    }

  w = (guint)ceil (fabs (src->width * c) + fabs (src->height * s));
  h = (guint)ceil (fabs (src->width * s) + fabs (src->height * c));
  out = ops_test_gray_new (w, h, 255);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        double dx = x + 0.5 - w / 2.0, dy = y + 0.5 - h / 2.0;
        /* The inverse turn gives where this pixel comes from. */
        double sx = dx * c + dy * s + src->width / 2.0;
        double sy = -dx * s + dy * c + src->height / 2.0;

        if (sx >= 0 && sy >= 0 && sx < src->width && sy < src->height)
          out->data[(gsize)y * w + x] = src->data[(gsize)sy * src->width + (gsize)sx];
      }
  return out;
}

void
ops_test_gray_fade (OpsTestGray *gray,
                    guint8       dark,
                    guint8       light)
{
  gsize n = (gsize)gray->width * gray->height;

  for (gsize i = 0; i < n; i++)
    gray->data[i] = (guint8)(dark + (gray->data[i] * (light - dark) + 127) / 255);
}

void
ops_test_gray_add_noise (OpsTestGray *gray,
                         guint        amplitude,
                         guint32      seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  gsize n = (gsize)gray->width * gray->height;

  for (gsize i = 0; i < n; i++)
    {
      int v = gray->data[i] + g_rand_int_range (rand, -(int)amplitude, (int)amplitude + 1);

      gray->data[i] = (guint8)CLAMP (v, 0, 255);
    }
}
