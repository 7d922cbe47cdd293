/* ops-metrics.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-metrics"

#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "ops-metrics.h"

static const double default_bounds[] = { 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10 };

typedef struct
{
  char    *labels;          /* rendered: "" or {a="x",b="y"} */
  double   value;           /* counter, gauge */
  guint64 *buckets;         /* histogram: one count per bound (not cumulative) */
  double   sum;
  guint64  count;
} Series;

typedef struct
{
  char          *name;
  OpsMetricType  type;
  char          *help;
  double        *bounds;
  guint          n_bounds;
  GHashTable    *series;    /* labels -> Series */
} Family;

typedef struct
{
  guint                  id;
  OpsMetricsCollectFunc  func;
  gpointer               data;
  GDestroyNotify         destroy;
} Collector;

struct _OpsMetrics
{
  GObject     parent_instance;

  /* Recursive: collectors set gauges while render holds it. */
  GRecMutex   lock;
  GHashTable *families;     /* name -> Family */
  GPtrArray  *order;        /* Family, in the order they were made */
  GArray     *collectors;   /* Collector */
  guint       last_id;
};

G_DEFINE_FINAL_TYPE (OpsMetrics, ops_metrics, G_TYPE_OBJECT)

/*
 * Auxiliary methods
 */

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->labels);
  g_free (series->buckets);
  g_free (series);
}

static void
family_free (gpointer data)
{
  Family *family = data;

  g_free (family->name);
  g_free (family->help);
  g_free (family->bounds);
  g_hash_table_unref (family->series);
  g_free (family);
}

static const char *
type_name (OpsMetricType type)
{
  switch (type)
    {
    case OPS_METRIC_COUNTER:
      return "counter";
    case OPS_METRIC_GAUGE:
      return "gauge";
    case OPS_METRIC_HISTOGRAM:
      return "histogram";
    default:
      g_assert_not_reached ();
    }
}

static gboolean
is_valid_name (const char *name)
{
  if (name == NULL || !(g_ascii_isalpha (name[0]) || name[0] == '_'))
    return FALSE;
  for (const char *p = name; *p; p++)
    if (!(g_ascii_isalnum (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

static void
append_escaped (GString    *out,
                const char *value,
                gboolean    help)
{
  for (const char *p = value; *p; p++)
    {
      if (*p == '\\')
        g_string_append (out, "\\\\");
      else if (*p == '\n')
        g_string_append (out, "\\n");
      else if (*p == '"' && !help)
        g_string_append (out, "\\\"");
      else
        g_string_append_c (out, *p);
    }
}

static void
append_number (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (value))
    g_string_append (out, "NaN");
  else if (isinf (value))
    g_string_append (out, value > 0 ? "+Inf" : "-Inf");
  else
    g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.15g", value));
}

static int
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const char * const *x = a;
  const char * const *y = b;

  return strcmp (x[0], y[0]);
}

/* {a="x",b="y"} from the name, value pairs, sorted by name so that the
 * order of the arguments does not matter; "" without labels.  NULL when
 * a label name is not valid. */
static char *
render_labels (va_list args)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (const char *) * 2);
  g_autoptr(GString) out = g_string_new (NULL);
  const char *name;

  while ((name = va_arg (args, const char *)) != NULL)
    {
      const char *pair[2];

      pair[0] = name;
      pair[1] = va_arg (args, const char *);
      if (!is_valid_name (name) || g_str_equal (name, "le"))
        {
          g_critical ("“%s” is not a label name a metric can have", name);
          return NULL;
        }
      g_array_append_vals (pairs, pair, 1);
    }

  if (pairs->len == 0)
    return g_strdup ("");

  g_array_sort (pairs, compare_pairs);
  g_string_append_c (out, '{');
  for (guint i = 0; i < pairs->len; i++)
    {
      const char **pair = &g_array_index (pairs, const char *, 2 * i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "%s=\"", pair[0]);
      append_escaped (out, pair[1] ? pair[1] : "", FALSE);
      g_string_append_c (out, '"');
    }
  g_string_append_c (out, '}');
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Called with the lock held. */
static Family *
ensure_family (OpsMetrics    *self,
               const char    *name,
               OpsMetricType  type)
{
  Family *family = g_hash_table_lookup (self->families, name);

  if (family != NULL)
    {
      if (family->type != type)
        {
          g_critical ("Metric %s is a %s, not a %s", name, type_name (family->type), type_name (type));
          return NULL;
        }
      return family;
    }

  if (!is_valid_name (name))
    {
      g_critical ("“%s” is not a metric name (letters, digits and _)", name);
      return NULL;
    }

  family = g_new0 (Family, 1);
  family->name = g_strdup (name);
  family->type = type;
  family->series = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, series_free);
  if (type == OPS_METRIC_HISTOGRAM)
    {
      family->n_bounds = G_N_ELEMENTS (default_bounds);
      family->bounds = g_memdup2 (default_bounds, sizeof default_bounds);
    }
  g_hash_table_insert (self->families, family->name, family);
  g_ptr_array_add (self->order, family);
  return family;
}

/* Called with the lock held; takes labels. */
static Series *
ensure_series (Family *family,
               char   *labels)
{
  Series *series = g_hash_table_lookup (family->series, labels);

  if (series != NULL)
    {
      g_free (labels);
      return series;
    }

  series = g_new0 (Series, 1);
  series->labels = labels;
  if (family->type == OPS_METRIC_HISTOGRAM)
    series->buckets = g_new0 (guint64, family->n_bounds);
  g_hash_table_insert (family->series, series->labels, series);
  return series;
}

typedef enum
{
  UPDATE_ADD,
  UPDATE_SET,
  UPDATE_OBSERVE,
} Update;

static void
update (OpsMetrics    *self,
        const char    *name,
        OpsMetricType  type,
        Update         how,
        double         value,
        va_list        args)
{
  char *labels;
  Family *family;
  Series *series;

  g_return_if_fail (OPS_IS_METRICS (self));

  if ((labels = render_labels (args)) == NULL)
    return;

  g_rec_mutex_lock (&self->lock);
  family = ensure_family (self, name, type);
  if (family == NULL)
    {
      g_rec_mutex_unlock (&self->lock);
      g_free (labels);
      return;
    }
  series = ensure_series (family, labels);

  switch (how)
    {
    case UPDATE_ADD:
      series->value += value;
      break;
    case UPDATE_SET:
      series->value = value;
      break;
    case UPDATE_OBSERVE:
      for (guint i = 0; i < family->n_bounds; i++)
        if (value <= family->bounds[i])
          {
            series->buckets[i]++;
            break;
          }
      series->sum += value;
      series->count++;
      break;
    default:
      g_assert_not_reached ();
    }
  g_rec_mutex_unlock (&self->lock);
}

static int
compare_series (gconstpointer a,
                gconstpointer b)
{
  const Series *x = *(Series * const *)a;
  const Series *y = *(Series * const *)b;

  return strcmp (x->labels, y->labels);
}

/* name_bucket{labels,le="bound"} */
static void
append_bucket (GString    *out,
               const char *name,
               const char *labels,
               double      bound,
               guint64     cumulative)
{
  g_string_append_printf (out, "%s_bucket", name);
  if (*labels != '\0')
    g_string_append_len (out, labels, strlen (labels) - 1);
  g_string_append (out, *labels ? ",le=\"" : "{le=\"");
  append_number (out, bound);
  g_string_append_printf (out, "\"} %" G_GUINT64_FORMAT "\n", cumulative);
}

static void
render_family (GString *out,
               Family  *family)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (g_hash_table_size (family->series));
  GHashTableIter iter;
  gpointer value;

  if (family->help != NULL)
    {
      g_string_append_printf (out, "# HELP %s ", family->name);
      append_escaped (out, family->help, TRUE);
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "# TYPE %s %s\n", family->name, type_name (family->type));

  g_hash_table_iter_init (&iter, family->series);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_series);
  for (guint i = 0; i < sorted->len; i++)
    {
      Series *series = g_ptr_array_index (sorted, i);

      if (family->type != OPS_METRIC_HISTOGRAM)
        {
          g_string_append_printf (out, "%s%s ", family->name, series->labels);
          append_number (out, series->value);
          g_string_append_c (out, '\n');
          continue;
        }

      {
        guint64 cumulative = 0;

        for (guint b = 0; b < family->n_bounds; b++)
          {
            cumulative += series->buckets[b];
            append_bucket (out, family->name, series->labels, family->bounds[b], cumulative);
          }
        append_bucket (out, family->name, series->labels, INFINITY, series->count);
        g_string_append_printf (out, "%s_sum%s ", family->name, series->labels);
        append_number (out, series->sum);
        g_string_append_printf (out, "\n%s_count%s %" G_GUINT64_FORMAT "\n",
                                family->name, series->labels, series->count);
      }
    }
}

/*
 * GObject overrides
 */

static void
ops_metrics_finalize (GObject *object)
{
  OpsMetrics *self = OPS_METRICS (object);

  for (guint i = 0; i < self->collectors->len; i++)
    {
      Collector *collector = &g_array_index (self->collectors, Collector, i);

      if (collector->destroy != NULL)
        collector->destroy (collector->data);
    }
  g_array_unref (self->collectors);
  g_ptr_array_unref (self->order);
  g_hash_table_unref (self->families);
  g_rec_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ops_metrics_parent_class)->finalize (object);
}

static void
ops_metrics_class_init (OpsMetricsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_metrics_finalize;
}

static void
ops_metrics_init (OpsMetrics *self)
{
  g_rec_mutex_init (&self->lock);
  self->families = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, family_free);
  self->order = g_ptr_array_new ();
  self->collectors = g_array_new (FALSE, FALSE, sizeof (Collector));
}

/*
 * Public API
 */

OpsMetrics *
ops_metrics_new (void)
{
  return g_object_new (OPS_TYPE_METRICS, NULL);
}

void
ops_metrics_describe (OpsMetrics    *self,
                      const char    *name,
                      OpsMetricType  type,
                      const char    *help)
{
  Family *family;

  g_return_if_fail (OPS_IS_METRICS (self));

  g_rec_mutex_lock (&self->lock);
  if ((family = ensure_family (self, name, type)) != NULL)
    {
      g_free (family->help);
      family->help = g_strdup (help);
    }
  g_rec_mutex_unlock (&self->lock);
}

void
ops_metrics_describe_histogram (OpsMetrics   *self,
                                const char   *name,
                                const char   *help,
                                const double *bounds,
                                guint         n_bounds)
{
  Family *family;

  g_return_if_fail (OPS_IS_METRICS (self));
  g_return_if_fail (bounds != NULL || n_bounds == 0);
  for (guint i = 1; i < n_bounds; i++)
    g_return_if_fail (bounds[i] > bounds[i - 1]);

  g_rec_mutex_lock (&self->lock);
  family = ensure_family (self, name, OPS_METRIC_HISTOGRAM);
  if (family != NULL)
    {
      g_free (family->help);
      family->help = g_strdup (help);
      /* Bounds are fixed once observations use them. */
      if (bounds != NULL && n_bounds > 0 && g_hash_table_size (family->series) == 0)
        {
          g_free (family->bounds);
          family->bounds = g_memdup2 (bounds, sizeof (double) * n_bounds);
          family->n_bounds = n_bounds;
        }
    }
  g_rec_mutex_unlock (&self->lock);
}

void
ops_metrics_counter_add (OpsMetrics *self,
                         const char *name,
                         double      value,
                         ...)
{
  va_list args;

  g_return_if_fail (value >= 0);

  va_start (args, value);
  update (self, name, OPS_METRIC_COUNTER, UPDATE_ADD, value, args);
  va_end (args);
}

void
ops_metrics_counter_inc (OpsMetrics *self,
                         const char *name,
                         ...)
{
  va_list args;

  va_start (args, name);
  update (self, name, OPS_METRIC_COUNTER, UPDATE_ADD, 1.0, args);
  va_end (args);
}

void
ops_metrics_counter_set (OpsMetrics *self,
                         const char *name,
                         double      value,
                         ...)
{
  va_list args;

  g_return_if_fail (value >= 0);

  va_start (args, value);
  update (self, name, OPS_METRIC_COUNTER, UPDATE_SET, value, args);
  va_end (args);
}

void
ops_metrics_gauge_set (OpsMetrics *self,
                       const char *name,
                       double      value,
                       ...)
{
  va_list args;

  va_start (args, value);
  update (self, name, OPS_METRIC_GAUGE, UPDATE_SET, value, args);
  va_end (args);
}

void
ops_metrics_histogram_observe (OpsMetrics *self,
                               const char *name,
                               double      value,
                               ...)
{
  va_list args;

  va_start (args, value);
  update (self, name, OPS_METRIC_HISTOGRAM, UPDATE_OBSERVE, value, args);
  va_end (args);
}

double
ops_metrics_get (OpsMetrics *self,
                 const char *name,
                 ...)
{
  g_autofree char *labels = NULL;
  Family *family;
  Series *series;
  double value = 0;
  va_list args;

  g_return_val_if_fail (OPS_IS_METRICS (self), 0);

  va_start (args, name);
  labels = render_labels (args);
  va_end (args);
  if (labels == NULL)
    return 0;

  g_rec_mutex_lock (&self->lock);
  family = g_hash_table_lookup (self->families, name);
  series = family ? g_hash_table_lookup (family->series, labels) : NULL;
  if (series != NULL)
    value = family->type == OPS_METRIC_HISTOGRAM ? (double)series->count : series->value;
  g_rec_mutex_unlock (&self->lock);
  return value;
}

/**
 * ops_metrics_add_collector:
 *
 * Returns: an id for ops_metrics_remove_collector ()
 */
guint
ops_metrics_add_collector (OpsMetrics            *self,
                           OpsMetricsCollectFunc  func,
                           gpointer               user_data,
                           GDestroyNotify         destroy)
{
  Collector collector = { 0 };

  g_return_val_if_fail (OPS_IS_METRICS (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  g_rec_mutex_lock (&self->lock);
  collector.id = ++self->last_id;
  collector.func = func;
  collector.data = user_data;
  collector.destroy = destroy;
  g_array_append_val (self->collectors, collector);
  g_rec_mutex_unlock (&self->lock);
  return collector.id;
}

void
ops_metrics_remove_collector (OpsMetrics *self,
                              guint       id)
{
  Collector removed = { 0 };

  g_return_if_fail (OPS_IS_METRICS (self));

  g_rec_mutex_lock (&self->lock);
  for (guint i = 0; i < self->collectors->len; i++)
    if (g_array_index (self->collectors, Collector, i).id == id)
      {
        removed = g_array_index (self->collectors, Collector, i);
        g_array_remove_index (self->collectors, i);
        break;
      }
  g_rec_mutex_unlock (&self->lock);

  if (removed.destroy != NULL)
    removed.destroy (removed.data);
}

char *
ops_metrics_render (OpsMetrics *self)
{
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (OPS_IS_METRICS (self), NULL);

  g_rec_mutex_lock (&self->lock);
  for (guint i = 0; i < self->collectors->len; i++)
    {
      Collector collector = g_array_index (self->collectors, Collector, i);

      collector.func (self, collector.data);
    }
  for (guint i = 0; i < self->order->len; i++)
    render_family (out, g_ptr_array_index (self->order, i));
  g_rec_mutex_unlock (&self->lock);

  return g_string_free (out, FALSE);
}
