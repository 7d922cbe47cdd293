/* ops-optical-chart.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-optical-chart"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ops-optical-chart.h"
#include "ops-store.h"

#define PAD_LEFT   64.0
#define PAD_RIGHT  12.0
#define PAD_TOP    10.0
#define PAD_BOTTOM 22.0
#define MIN_SPAN    4.0

typedef struct
{
  double x;   /* seconds since the first reading, or the index */
  double rx;
} Point;

struct _OpsOpticalChart
{
  GtkWidget  parent_instance;

  GArray    *points;       /* Point */
  double     baseline;
  double     low;
  double     high;
  char      *first_label;  /* date of the first reading */
  char      *last_label;
};

G_DEFINE_FINAL_TYPE (OpsOpticalChart, ops_optical_chart, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              GdkRGBA    *color,
              const char *fallback)
{
  GtkStyleContext *context = gtk_widget_get_style_context (widget);

  if (!gtk_style_context_lookup_color (context, name, color))
    gdk_rgba_parse (color, fallback);
}

static void
draw_text (GtkWidget   *widget,
           GtkSnapshot *snapshot,
           const char  *text,
           double       x,
           double       y,
           gboolean     right_aligned,
           GdkRGBA     *color)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  PangoAttrList *attrs = pango_attr_list_new ();
  int width, height;

  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (layout, &width, &height);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (right_aligned ? x - width : x, y - height / 2.0));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  g_object_unref (layout);
}

static char *
dbm_text (double dbm)
{
  return g_strdup_printf ("%.0f dBm", dbm);
}

static void
range (OpsOpticalChart *self,
       double          *lo,
       double          *hi)
{
  double min = G_MAXDOUBLE, max = -G_MAXDOUBLE;

  for (guint i = 0; i < self->points->len; i++)
    {
      double rx = g_array_index (self->points, Point, i).rx;

      min = MIN (min, rx);
      max = MAX (max, rx);
    }
  if (!isnan (self->baseline))
    {
      min = MIN (min, self->baseline);
      max = MAX (max, self->baseline);
    }
  /* The limit is the reference a CSR judges the distance to. */
  if (!isnan (self->low))
    min = MIN (min, self->low);
  if (!isnan (self->high) && max > self->high - 2)
    max = MAX (max, self->high);

  *lo = floor (min - 1);
  *hi = ceil (max + 1);
  if (*hi - *lo < MIN_SPAN)
    {
      double mid = (*hi + *lo) / 2;

      *lo = floor (mid - MIN_SPAN / 2);
      *hi = ceil (mid + MIN_SPAN / 2);
    }
}

static void
update_description (OpsOpticalChart *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  double first, last;

  if (self->points->len == 0)
    {
      gtk_widget_set_tooltip_text (GTK_WIDGET (self), NULL);
      return;
    }

  first = g_array_index (self->points, Point, 0).rx;
  last = g_array_index (self->points, Point, self->points->len - 1).rx;
  g_string_append_printf (text,
                          g_dngettext (GETTEXT_PACKAGE, "%u reading, from %.1f dBm to %.1f dBm",
                                       "%u readings, from %.1f dBm to %.1f dBm", self->points->len),
                          self->points->len, first, last);
  if (!isnan (self->baseline))
    g_string_append_printf (text, _("; baseline %.1f dBm"), self->baseline);
  if (!isnan (self->low))
    g_string_append_printf (text, _("; limit %.1f dBm"), self->low);

  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text->str, -1);
}

/*
 * GtkWidget overrides
 */

static void
ops_optical_chart_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 480;
    }
  else
    {
      *minimum = 110;
      *natural = 130;
    }
}

static void
ops_optical_chart_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  OpsOpticalChart *self = OPS_OPTICAL_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double plot_w = width - PAD_LEFT - PAD_RIGHT;
  double plot_h = height - PAD_TOP - PAD_BOTTOM;
  double lo, hi, x_max = 0;
  GdkRGBA fg, accent, error, dim;
  g_autofree char *lo_text = NULL;
  g_autofree char *hi_text = NULL;
  cairo_t *cr;

  if (self->points->len == 0 || plot_w <= 0 || plot_h <= 0)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  lookup_color (widget, "accent_color", &accent, "#1c71d8");
  lookup_color (widget, "error_color", &error, "#c01c28");
  dim = fg;
  dim.alpha = 0.55;

  range (self, &lo, &hi);
  for (guint i = 0; i < self->points->len; i++)
    x_max = MAX (x_max, g_array_index (self->points, Point, i).x);

#define X(v) (PAD_LEFT + (x_max > 0 ? (v) / x_max * plot_w : plot_w / 2))
#define Y(v) (PAD_TOP + (hi - (v)) / (hi - lo) * plot_h)

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* Frame: the top and bottom of the scale. */
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.15);
  cairo_move_to (cr, PAD_LEFT, Y (hi) + 0.5);
  cairo_line_to (cr, width - PAD_RIGHT, Y (hi) + 0.5);
  cairo_move_to (cr, PAD_LEFT, Y (lo) - 0.5);
  cairo_line_to (cr, width - PAD_RIGHT, Y (lo) - 0.5);
  cairo_stroke (cr);

  if (!isnan (self->low) && self->low >= lo && self->low <= hi)
    {
      const double dash[] = { 6, 4 };

      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_source_rgba (cr, error.red, error.green, error.blue, 0.8);
      cairo_move_to (cr, PAD_LEFT, Y (self->low));
      cairo_line_to (cr, width - PAD_RIGHT, Y (self->low));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  if (!isnan (self->baseline))
    {
      const double dash[] = { 2, 3 };

      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.5);
      cairo_move_to (cr, PAD_LEFT, Y (self->baseline));
      cairo_line_to (cr, width - PAD_RIGHT, Y (self->baseline));
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }

  /* The readings. */
  cairo_set_source_rgba (cr, accent.red, accent.green, accent.blue, 1);
  cairo_set_line_width (cr, 2);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint i = 0; i < self->points->len; i++)
    {
      Point *p = &g_array_index (self->points, Point, i);

      if (i == 0)
        cairo_move_to (cr, X (p->x), Y (p->rx));
      else
        cairo_line_to (cr, X (p->x), Y (p->rx));
    }
  cairo_stroke (cr);
  for (guint i = 0; i < self->points->len; i++)
    {
      Point *p = &g_array_index (self->points, Point, i);
      gboolean last = i == self->points->len - 1;

      cairo_arc (cr, X (p->x), Y (p->rx), last ? 4.5 : 2.5, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_destroy (cr);

  /* Scale and labels. */
  hi_text = dbm_text (hi);
  lo_text = dbm_text (lo);
  draw_text (widget, snapshot, hi_text, PAD_LEFT - 6, Y (hi), TRUE, &dim);
  draw_text (widget, snapshot, lo_text, PAD_LEFT - 6, Y (lo), TRUE, &dim);
  if (!isnan (self->low) && self->low >= lo && self->low <= hi)
    draw_text (widget, snapshot, C_("chart", "limit"), width - PAD_RIGHT, Y (self->low) - 9, TRUE, &error);
  if (!isnan (self->baseline))
    draw_text (widget, snapshot, C_("chart", "baseline"), PAD_LEFT + 4, Y (self->baseline) - 9, FALSE, &dim);
  if (self->first_label != NULL)
    draw_text (widget, snapshot, self->first_label, PAD_LEFT, height - PAD_BOTTOM / 2, FALSE, &dim);
  if (self->last_label != NULL && self->points->len > 1)
    draw_text (widget, snapshot, self->last_label, width - PAD_RIGHT, height - PAD_BOTTOM / 2, TRUE, &dim);

#undef X
#undef Y
}

/*
 * GObject overrides
 */

static void
ops_optical_chart_finalize (GObject *object)
{
  OpsOpticalChart *self = OPS_OPTICAL_CHART (object);

  g_array_unref (self->points);
  g_free (self->first_label);
  g_free (self->last_label);

  G_OBJECT_CLASS (ops_optical_chart_parent_class)->finalize (object);
}

static void
ops_optical_chart_class_init (OpsOpticalChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = ops_optical_chart_finalize;
  widget_class->measure = ops_optical_chart_measure;
  widget_class->snapshot = ops_optical_chart_snapshot;

  gtk_widget_class_set_css_name (widget_class, "opticalchart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
ops_optical_chart_init (OpsOpticalChart *self)
{
  self->points = g_array_new (FALSE, FALSE, sizeof (Point));
  self->baseline = self->low = self->high = NAN;
}

/*
 * Public API
 */

GtkWidget *
ops_optical_chart_new (void)
{
  return g_object_new (OPS_TYPE_OPTICAL_CHART, NULL);
}

static char *
date_label (GDateTime *when)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (when);

  /* TRANSLATORS: a date under the fibre chart, see strftime: "03 Mar" */
  return g_date_time_format (local, C_("chart date", "%d %b"));
}

void
ops_optical_chart_set_readings (OpsOpticalChart *self,
                                GPtrArray       *history,
                                double           baseline_dbm,
                                double           low_dbm,
                                double           high_dbm)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  gboolean by_time = TRUE;

  g_return_if_fail (OPS_IS_OPTICAL_CHART (self));

  g_array_set_size (self->points, 0);
  g_clear_pointer (&self->first_label, g_free);
  g_clear_pointer (&self->last_label, g_free);
  self->baseline = baseline_dbm;
  self->low = low_dbm;
  self->high = high_dbm;

  for (guint i = 0; history != NULL && i < history->len; i++)
    {
      OpsOpticalReading *reading = history->pdata[i];
      g_autoptr(GDateTime) when = NULL;
      Point p = { i, reading->rx_dbm };

      if (isnan (reading->rx_dbm))
        continue;
      when = reading->taken_at ? g_date_time_new_from_iso8601 (reading->taken_at, utc) : NULL;
      if (when == NULL)
        by_time = FALSE;
      else
        {
          if (first == NULL)
            first = g_date_time_ref (when);
          g_clear_pointer (&last, g_date_time_unref);
          last = g_date_time_ref (when);
          p.x = g_date_time_difference (when, first) / (double)G_TIME_SPAN_SECOND;
        }
      g_array_append_val (self->points, p);
    }

  /* Without usable times the readings are evenly spaced. */
  if (!by_time)
    for (guint i = 0; i < self->points->len; i++)
      g_array_index (self->points, Point, i).x = i;
  else if (first != NULL)
    {
      self->first_label = date_label (first);
      self->last_label = date_label (last);
    }

  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
ops_optical_chart_get_n_points (OpsOpticalChart *self)
{
  g_return_val_if_fail (OPS_IS_OPTICAL_CHART (self), 0);
  return self->points->len;
}
