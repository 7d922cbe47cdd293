/* ops-dispatch-map.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch map (libshumate): the service locations of the loaded jobs
 * coloured by status, each technician's current position and home base,
 * and the selected technician's day as a numbered path in job order.
 * Clicking a marker selects its job in the shared OpsDispatchSelection;
 * selecting elsewhere centres the map.  Tiles come from the configured
 * raster source, cached on disk; offline, the markers stay over a plain
 * background and a banner says the tiles are offline.
 */

#pragma once

#include <adwaita.h>

#include "ops-config.h"
#include "ops-dispatch-board.h"
#include "ops-dispatch-selection.h"

G_BEGIN_DECLS

#define OPS_TYPE_DISPATCH_MAP (ops_dispatch_map_get_type ())
G_DECLARE_FINAL_TYPE (OpsDispatchMap, ops_dispatch_map, OPS, DISPATCH_MAP, AdwBin)

/* config may be NULL (defaults: OpenStreetMap). */
GtkWidget *ops_dispatch_map_new           (OpsConfig            *config);
void       ops_dispatch_map_set_board     (OpsDispatchMap       *self,
                                           OpsDispatchBoard     *board);
void       ops_dispatch_map_set_selection (OpsDispatchMap       *self,
                                           OpsDispatchSelection *selection);
/* For tests: the job whose marker was clicked, as a click would. */
void       ops_dispatch_map_activate_job  (OpsDispatchMap       *self,
                                           const char           *job);
/* For tests: the job the map is centred on, or NULL. */
const char *ops_dispatch_map_get_focused_job (OpsDispatchMap    *self);

/* The day whose jobs are shown (YYYY-MM-DD), or NULL for every loaded job;
 * technicians' positions and the path are those of this day (today when
 * NULL). */
void        ops_dispatch_map_set_day         (OpsDispatchMap    *self,
                                              const char        *day);
const char *ops_dispatch_map_get_day         (OpsDispatchMap    *self);
/* For tests: markers on the map, stops on the selected technician's path,
 * and whether the offline notice is shown. */
guint       ops_dispatch_map_get_n_job_markers  (OpsDispatchMap *self);
guint       ops_dispatch_map_get_n_tech_markers (OpsDispatchMap *self);
guint       ops_dispatch_map_get_path_length    (OpsDispatchMap *self);
gboolean    ops_dispatch_map_get_tiles_offline  (OpsDispatchMap *self);

/* Where a technician is believed to be, from their jobs of the day in start
 * order: the On Site job, else the last Completed one, else the job before
 * the En Route one (the way from it), else the home base.  basis is set to
 * the job used, NULL for the home base.  FALSE when that place has no
 * coordinates. */
gboolean    ops_dispatch_map_locate_tech     (const OpsDispatchTech  *tech,
                                              GPtrArray              *jobs,
                                              double                 *latitude,
                                              double                 *longitude,
                                              const OpsDispatchJob  **basis);

/* A window holding a map linked to the same board and selection, for a
 * second monitor. */
GtkWindow *ops_dispatch_map_window_new    (GtkApplication       *application,
                                           OpsConfig            *config,
                                           OpsDispatchBoard     *board,
                                           OpsDispatchSelection *selection);
/* The map inside a window made by ops_dispatch_map_window_new (). */
OpsDispatchMap *ops_dispatch_map_window_get_map (GtkWindow         *window);

G_END_DECLS
