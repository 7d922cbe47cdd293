/* ops-barcode-reader.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Local barcode decoding with zbar (Code 128, Code 39, EAN/UPC, QR) from a
 * greyscale frame or from an image file's bytes (PNG, JPEG, WebP…).  Pure
 * and thread-safe: each call uses its own zbar scanner, so camera frames
 * are decoded on a worker thread and /vision/barcodes in the server's.
 */

#pragma once

#include <gio/gio.h>

#include "ops-vision-result.h"

G_BEGIN_DECLS

#define OPS_BARCODE_ERROR (ops_barcode_error_quark ())

typedef enum
{
  OPS_BARCODE_ERROR_NOT_IMAGE,  /* the bytes are not an image we can decode */
  OPS_BARCODE_ERROR_TOO_LARGE,  /* over the pixel limit (50 megapixels) */
} OpsBarcodeError;

/* The retries ops_barcode_scan_gray_full () may make when a pass finds
 * nothing, in this order. */
typedef enum
{
  OPS_BARCODE_SCAN_PLAIN   = 0,
  OPS_BARCODE_SCAN_STRETCH = 1 << 0,  /* histogram stretched (low contrast) */
  OPS_BARCODE_SCAN_SMOOTH  = 1 << 1,  /* 3×3 mean (sensor noise) */
  OPS_BARCODE_SCAN_ROTATE  = 1 << 2,  /* turned by ±30° and ±45° */
  OPS_BARCODE_SCAN_ALL     = 0x7,
} OpsBarcodeScanFlags;

GQuark      ops_barcode_error_quark   (void);

/* OpsBarcode* (free function set), in the order found, duplicates removed;
 * empty when there is none.  Types use the names of OpsBarcode.  Makes
 * every retry (OPS_BARCODE_SCAN_ALL): low contrast frames are retried
 * after stretching the histogram, noisy ones smoothed, tilted ones turned. */
GPtrArray  *ops_barcode_scan_gray     (const guint8 *gray,
                                       guint         width,
                                       guint         height,
                                       guint         stride);
/* The same with a choice of retries: the live camera skips the turns,
 * which cost as much as eight plain passes, and lets the user turn the
 * label instead.  ops_barcode_scan_image () makes every retry. */
GPtrArray  *ops_barcode_scan_gray_full (const guint8       *gray,
                                        guint               width,
                                        guint               height,
                                        guint               stride,
                                        OpsBarcodeScanFlags flags);
GPtrArray  *ops_barcode_scan_image    (GBytes       *image,
                                       GError      **error);
/* "image/png", "image/jpeg", "image/webp", "image/gif", "image/bmp",
 * "image/heic"… from the magic bytes, or NULL when not an image. */
const char *ops_image_sniff_mime      (GBytes       *bytes);

G_END_DECLS
