/* ops-metrics.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The registry behind GET /metrics: counters, gauges and histograms by
 * name and labels, rendered in the Prometheus text format 0.0.4.
 *
 * Labels are given as name, value pairs ending with NULL:
 *
 *   ops_metrics_counter_inc (metrics, "ops_webhook_requests_total",
 *                            "provider", "twilio", "outcome", "ok", NULL);
 *
 * Keep label values few (a provider, an outcome, a state), never an id.
 * A family used before it is described is created with the type of its
 * first use and no help.  Every function is thread-safe.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  OPS_METRIC_COUNTER,
  OPS_METRIC_GAUGE,
  OPS_METRIC_HISTOGRAM,
} OpsMetricType;

#define OPS_TYPE_METRICS (ops_metrics_get_type ())

G_DECLARE_FINAL_TYPE (OpsMetrics, ops_metrics, OPS, METRICS, GObject)

/* Called by ops_metrics_render () before it renders, in the caller's
 * thread, to set gauges read from elsewhere (a queue's depth). */
typedef void (*OpsMetricsCollectFunc) (OpsMetrics *metrics,
                                       gpointer    user_data);

OpsMetrics *ops_metrics_new                (void);

void        ops_metrics_describe           (OpsMetrics            *self,
                                            const char            *name,
                                            OpsMetricType          type,
                                            const char            *help);
/* bounds: the buckets' upper bounds, increasing (+Inf is added); NULL
 * for 5 ms .. 10 s. */
void        ops_metrics_describe_histogram (OpsMetrics            *self,
                                            const char            *name,
                                            const char            *help,
                                            const double          *bounds,
                                            guint                  n_bounds);

void        ops_metrics_counter_add        (OpsMetrics            *self,
                                            const char            *name,
                                            double                 value,
                                            ...) G_GNUC_NULL_TERMINATED;
void        ops_metrics_counter_inc        (OpsMetrics            *self,
                                            const char            *name,
                                            ...) G_GNUC_NULL_TERMINATED;
/* For a counter kept elsewhere (read by a collector): its total. */
void        ops_metrics_counter_set        (OpsMetrics            *self,
                                            const char            *name,
                                            double                 value,
                                            ...) G_GNUC_NULL_TERMINATED;
void        ops_metrics_gauge_set          (OpsMetrics            *self,
                                            const char            *name,
                                            double                 value,
                                            ...) G_GNUC_NULL_TERMINATED;
void        ops_metrics_histogram_observe  (OpsMetrics            *self,
                                            const char            *name,
                                            double                 value,
                                            ...) G_GNUC_NULL_TERMINATED;
/* A counter's or gauge's value, a histogram's count; 0 when the series
 * does not exist.  For tests and logs. */
double      ops_metrics_get                (OpsMetrics            *self,
                                            const char            *name,
                                            ...) G_GNUC_NULL_TERMINATED;

guint       ops_metrics_add_collector      (OpsMetrics            *self,
                                            OpsMetricsCollectFunc  func,
                                            gpointer               user_data,
                                            GDestroyNotify         destroy);
void        ops_metrics_remove_collector   (OpsMetrics            *self,
                                            guint                  id);

/* The text exposition ("text/plain; version=0.0.4"). */
char       *ops_metrics_render             (OpsMetrics            *self);

G_END_DECLS
