/* ops-map-marker.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch map's markers, drawn rather than styled: a job is a dot in
 * its status colour (bigger with a ring when focused, numbered on the
 * selected technician's path), a technician's position a badge with their
 * initials standing just above the place, a home base a house outline.
 */

#pragma once

#include <shumate/shumate.h>

G_BEGIN_DECLS

typedef enum
{
  OPS_MAP_MARKER_JOB,
  OPS_MAP_MARKER_TECH,
  OPS_MAP_MARKER_HOME,
} OpsMapMarkerKind;

ShumateMarker *ops_map_marker_new         (OpsMapMarkerKind  kind,
                                           const GdkRGBA    *color,
                                           const char       *label,
                                           double            latitude,
                                           double            longitude,
                                           const char       *tooltip);
/* A stop number or initials; NULL for none. */
void           ops_map_marker_set_label   (ShumateMarker    *marker,
                                           const char       *label);
const char    *ops_map_marker_get_label   (ShumateMarker    *marker);
void           ops_map_marker_set_focused (ShumateMarker    *marker,
                                           gboolean          focused);

G_END_DECLS
