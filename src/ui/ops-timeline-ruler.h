/* ops-timeline-ruler.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The sticky time ruler over the dispatch timeline's rows: ticks that adapt
 * to the zoom, hour labels that never overlap, day names when several days
 * show, and a marker at the current time.  Its left corner is as wide as
 * the rows' header and names the visible day.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-time-axis.h"

G_BEGIN_DECLS

#define OPS_TYPE_TIMELINE_RULER (ops_timeline_ruler_get_type ())
G_DECLARE_FINAL_TYPE (OpsTimelineRuler, ops_timeline_ruler, OPS, TIMELINE_RULER, GtkWidget)

GtkWidget *ops_timeline_ruler_new (OpsTimeAxis *axis);

G_END_DECLS
