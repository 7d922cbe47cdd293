/* ops-map-tile-source.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raster map tiles for libshumate, fetched with a libsoup session that
 * names the application in its User-Agent (the OpenStreetMap tile usage
 * policy asks for it) and cached on disk.  When the tile server cannot be
 * reached the source says it is offline and backs off: until the next
 * retry it answers from the disk cache or fails at once, without a
 * request, then lets a single probe through.
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

#define OPS_MAP_TILE_SOURCE_ERROR (ops_map_tile_source_error_quark ())

typedef enum
{
  OPS_MAP_TILE_SOURCE_ERROR_OFFLINE,       /* backing off, no request was made */
  OPS_MAP_TILE_SOURCE_ERROR_UNREACHABLE,   /* the request failed on the way */
  OPS_MAP_TILE_SOURCE_ERROR_BAD_RESPONSE,  /* the server answered with an error */
  OPS_MAP_TILE_SOURCE_ERROR_INVALID_URL,
} OpsMapTileSourceError;

#define OPS_TYPE_MAP_TILE_SOURCE (ops_map_tile_source_get_type ())
G_DECLARE_FINAL_TYPE (OpsMapTileSource, ops_map_tile_source, OPS, MAP_TILE_SOURCE, ShumateDataSource)

GQuark            ops_map_tile_source_error_quark  (void);
/* url_template holds {z}, {x} and {y}.  cache_dir NULL means
 * g_get_user_cache_dir()/gigafibre-ops/tiles. */
OpsMapTileSource *ops_map_tile_source_new          (const char       *url_template,
                                                    const char       *cache_dir);
/* One source per URL template in the process (default cache directory), so
 * several maps share the cache, the connections and the back-off. */
OpsMapTileSource *ops_map_tile_source_dup_shared   (const char       *url_template);
const char       *ops_map_tile_source_get_user_agent (void);
const char       *ops_map_tile_source_get_url_template (OpsMapTileSource *self);
/* Property "offline": the last request could not reach the tile server.
 * Signal "retry" (no arguments): the back-off ended, the next tile request
 * goes out; a map re-requests its visible tiles then. */
gboolean          ops_map_tile_source_get_offline  (OpsMapTileSource *self);
/* Ends the back-off now (a "Retry" button) and emits "retry". */
void              ops_map_tile_source_retry        (OpsMapTileSource *self);
/* First and longest back-off, in milliseconds (defaults 10 s and 5 min). */
void              ops_map_tile_source_set_backoff  (OpsMapTileSource *self,
                                                    guint             first_ms,
                                                    guint             max_ms);
/* HTTP requests sent so far, for tests. */
guint             ops_map_tile_source_get_n_requests (OpsMapTileSource *self);

G_END_DECLS
