/* ops-test-barcodes.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Barcodes drawn by the tests themselves: Code 128 (subset B) and EAN-13
 * rendered into 8-bit grey buffers (0 = black bar, 255 = white), plus the
 * few image operations the reader is tested against (paste, turn, fade,
 * noise).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint8 *data;    /* width × height bytes, rows packed */
  guint   width;
  guint   height;
} OpsTestGray;

OpsTestGray *ops_test_gray_new        (guint              width,
                                       guint              height,
                                       guint8             fill);
void         ops_test_gray_free       (OpsTestGray       *gray);

/* Bars of module pixels per module, height pixels tall, with a quiet zone
 * of 10 modules (Code 128) or 11/7 modules (EAN-13) of white on each side.
 * NULL when the text cannot be encoded (Code 128 B: ASCII 32–126; EAN-13:
 * 13 digits with a correct check digit). */
OpsTestGray *ops_test_code128_render  (const char        *text,
                                       guint              module,
                                       guint              height);
OpsTestGray *ops_test_ean13_render    (const char        *digits,
                                       guint              module,
                                       guint              height);
/* The Code 128 symbol values (start B, data, checksum, stop) of text. */
GArray      *ops_test_code128_values  (const char        *text);

/* Copies src into dst with its top-left corner at (x, y), clipped. */
void         ops_test_gray_paste      (OpsTestGray       *dst,
                                       const OpsTestGray *src,
                                       int                x,
                                       int                y);
/* A new image turned by degrees (90 exactly, anything else nearest
 * neighbour), on a canvas that holds it all, corners white. */
OpsTestGray *ops_test_gray_rotate     (const OpsTestGray *src,
                                       double             degrees);
/* Maps 0 → dark and 255 → light, linearly. */
void         ops_test_gray_fade       (OpsTestGray       *gray,
                                       guint8             dark,
                                       guint8             light);
/* Adds uniform noise in [-amplitude, amplitude] from a fixed seed. */
void         ops_test_gray_add_noise  (OpsTestGray       *gray,
                                       guint              amplitude,
                                       guint32            seed);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsTestGray, ops_test_gray_free)

G_END_DECLS
