/* ops-optical-chart.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A small chart of a device's recent fibre readings, with its baseline and
 * the low limit, so a slow drift shows before the limit is crossed.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OPS_TYPE_OPTICAL_CHART (ops_optical_chart_get_type ())

G_DECLARE_FINAL_TYPE (OpsOpticalChart, ops_optical_chart, OPS, OPTICAL_CHART, GtkWidget)

GtkWidget *ops_optical_chart_new          (void);
/* history: OpsOpticalReading, oldest first; baseline_dbm and the limits
 * may be NAN. */
void       ops_optical_chart_set_readings (OpsOpticalChart *self,
                                           GPtrArray       *history,
                                           double           baseline_dbm,
                                           double           low_dbm,
                                           double           high_dbm);
guint      ops_optical_chart_get_n_points (OpsOpticalChart *self);

G_END_DECLS
