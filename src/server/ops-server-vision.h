/* ops-server-vision.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading photos, staff routes of the headless server:
 *   POST /vision/barcodes   {"codes": [{"type", "value"}], "source": "zbar" | "gemini"}
 *   POST /vision/equipment  the equipment label's fields (ops-vision-result.h)
 *   POST /vision/invoice    the supplier invoice's fields
 * The body is the photo itself (Content-Type image/…) or multipart/form-data
 * with one file part.  Barcodes are decoded with zbar, and by Gemini only
 * when zbar finds none and [gemini] api_key is set; the label and the
 * invoice need Gemini (503 "not_configured" without it).  Photos over
 * [vision] max_image_bytes get 413, anything but an image 415.  Decoding
 * and Gemini run off the main loop with the message paused.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-server.h"

G_BEGIN_DECLS

#define OPS_TYPE_SERVER_VISION (ops_server_vision_get_type ())

G_DECLARE_FINAL_TYPE (OpsServerVision, ops_server_vision, OPS, SERVER_VISION, GObject)

/* The routes use server's config and authentication; server owns them
 * and must outlive them. */
OpsServerVision *ops_server_vision_new          (OpsServer       *server);
void             ops_server_vision_add_handlers (OpsServerVision *self,
                                                 SoupServer      *soup);
/* Cancels the reads in flight (they answer 503). */
void             ops_server_vision_shutdown     (OpsServerVision *self);

G_END_DECLS
