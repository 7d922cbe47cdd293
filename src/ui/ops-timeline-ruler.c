/* ops-timeline-ruler.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-timeline-ruler"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ops-timeline-row.h"
#include "ops-timeline-ruler.h"

#define RULER_HEIGHT  44
#define DAY_BAND      20.0
#define LABEL_GAP      8.0
#define MIN_LABEL_PX  64.0

struct _OpsTimelineRuler
{
  GtkWidget    parent_instance;

  OpsTimeAxis *axis;
  gulong       range_handler;
  PangoLayout *layout;
  PangoLayout *bold_layout;
};

G_DEFINE_FINAL_TYPE (OpsTimelineRuler, ops_timeline_ruler, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

static GDateTime *
local_midnight (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  if (dt == NULL)
    return NULL;
  return g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                g_date_time_get_day_of_month (dt), 0, 0, 0);
}

static void
ensure_layouts (OpsTimelineRuler *self)
{
  PangoAttrList *attrs;

  if (self->layout != NULL)
    return;
  self->layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (self->layout, attrs);
  pango_attr_list_unref (attrs);

  self->bold_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (self->bold_layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (self->bold_layout, PANGO_ELLIPSIZE_END);
}

static void
draw_layout (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static char *
day_label (GDateTime *day,
           double     px)
{
  /* TRANSLATORS: day names on the dispatch ruler, see strftime; from the
   * widest to the narrowest: "Wednesday 14 March", "Wed 14", "14" */
  if (px >= 170)
    return g_date_time_format (day, C_("ruler day", "%A %e %B"));
  if (px >= 60)
    return g_date_time_format (day, C_("ruler day", "%a %e"));
  return g_date_time_format (day, C_("ruler day", "%e"));
}

static void
draw_days (OpsTimelineRuler *self,
           GtkSnapshot      *snapshot,
           const GdkRGBA    *fg,
           double            height)
{
  gint64 begin = ops_time_axis_get_begin (self->axis);
  gint64 end = ops_time_axis_get_end (self->axis);
  g_autoptr(GDateTime) day = local_midnight (begin);
  GdkRGBA line = *fg;

  line.alpha = 0.3;
  for (guint n = 0; day != NULL && n < 16; n++)
    {
      gint64 t = g_date_time_to_unix (day);
      g_autoptr(GDateTime) later = NULL;
      g_autoptr(GDateTime) next = NULL;
      g_autofree char *label = NULL;
      double x0, x1, x;
      int w;

      if (t >= end)
        break;
      later = g_date_time_add_hours (day, 30);
      next = later ? local_midnight (g_date_time_to_unix (later)) : NULL;
      x0 = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, t);
      x1 = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, next ? g_date_time_to_unix (next) : end);

      if (t >= begin)
        gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (floor (x0), 0, 1, height));

      /* The label sticks to the left edge while its day is in view. */
      x = MAX (x0, OPS_TIMELINE_HEADER_WIDTH) + 6;
      label = day_label (day, x1 - x0);
      pango_layout_set_width (self->bold_layout, -1);
      pango_layout_set_text (self->bold_layout, label, -1);
      pango_layout_get_pixel_size (self->bold_layout, &w, NULL);
      if (x + w > x1 - 4)
        x = x1 - 4 - w;
      if (x >= OPS_TIMELINE_HEADER_WIDTH + 2)
        draw_layout (snapshot, self->bold_layout, x, 2, fg);

      g_clear_pointer (&day, g_date_time_unref);
      day = g_steal_pointer (&next);
    }
}

static void
draw_ticks (OpsTimelineRuler *self,
            GtkSnapshot      *snapshot,
            const GdkRGBA    *fg,
            double            height)
{
  gint64 begin = ops_time_axis_get_begin (self->axis);
  gint64 end = ops_time_axis_get_end (self->axis);
  gint64 major, minor;
  double last_end = -G_MAXDOUBLE;
  GdkRGBA tick = *fg, dim = *fg;

  tick.alpha = 0.35;
  dim.alpha = 0.75;
  ops_time_axis_ticks (end - begin, ops_time_axis_get_width (self->axis), MIN_LABEL_PX, &major, &minor);
  if (minor > 0 && minor < major)
    for (gint64 t = ops_time_axis_first_tick (begin, minor); t < end; t += minor)
      {
        double x = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, t);

        gtk_snapshot_append_color (snapshot, &tick, &GRAPHENE_RECT_INIT (floor (x), height - 5, 1, 5));
      }
  if (major <= 0)
    return;
  for (gint64 t = ops_time_axis_first_tick (begin, major); t < end; t += major)
    {
      double x = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, t);
      g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
      char label[8];
      int w;

      gtk_snapshot_append_color (snapshot, &tick, &GRAPHENE_RECT_INIT (floor (x), height - 10, 1, 10));
      if (dt == NULL)
        continue;
      g_snprintf (label, sizeof label, "%02d:%02d", g_date_time_get_hour (dt), g_date_time_get_minute (dt));
      pango_layout_set_text (self->layout, label, -1);
      pango_layout_get_pixel_size (self->layout, &w, NULL);
      /* Never overlap the previous label or run under the corner. */
      if (x + 3 < last_end + LABEL_GAP || x + 3 < OPS_TIMELINE_HEADER_WIDTH)
        continue;
      draw_layout (snapshot, self->layout, x + 3, DAY_BAND + 1, &dim);
      last_end = x + 3 + w;
    }
}

static void
draw_corner (OpsTimelineRuler *self,
             GtkSnapshot      *snapshot,
             const GdkRGBA    *fg,
             double            height)
{
  gint64 centre = (ops_time_axis_get_begin (self->axis) + ops_time_axis_get_end (self->axis)) / 2;
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (centre);
  g_autofree char *label = NULL;
  GdkRGBA shade = *fg;

  shade.alpha = 0.04;
  gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (0, 0, OPS_TIMELINE_HEADER_WIDTH, height));
  shade.alpha = 0.15;
  gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (OPS_TIMELINE_HEADER_WIDTH - 1, 0, 1, height));
  if (dt == NULL)
    return;
  /* TRANSLATORS: the day in the middle of the timeline, in the ruler's
   * corner, see strftime: "Wed 14 Mar 2026" */
  label = g_date_time_format (dt, C_("ruler corner", "%a %e %b %Y"));
  pango_layout_set_width (self->bold_layout, (OPS_TIMELINE_HEADER_WIDTH - 16) * PANGO_SCALE);
  pango_layout_set_text (self->bold_layout, label, -1);
  draw_layout (snapshot, self->bold_layout, 10, (height - 16) / 2, fg);
}

static void
draw_now (OpsTimelineRuler *self,
          GtkSnapshot      *snapshot,
          double            height)
{
  static const GdkRGBA red = { 0.88, 0.11, 0.14, 1 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double x;
  cairo_t *cr;

  if (now < ops_time_axis_get_begin (self->axis) || now >= ops_time_axis_get_end (self->axis))
    return;
  x = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, now);
  gtk_snapshot_append_color (snapshot, &red, &GRAPHENE_RECT_INIT (x - 1, DAY_BAND, 2, height - DAY_BAND));
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (x - 6, DAY_BAND - 2, 12, 9));
  cairo_set_source_rgba (cr, red.red, red.green, red.blue, red.alpha);
  cairo_move_to (cr, x - 6, DAY_BAND - 2);
  cairo_line_to (cr, x + 6, DAY_BAND - 2);
  cairo_line_to (cr, x, DAY_BAND + 6);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_destroy (cr);
}

/*
 * GtkWidget overrides
 */

static void
ops_timeline_ruler_snapshot (GtkWidget   *widget,
                             GtkSnapshot *snapshot)
{
  OpsTimelineRuler *self = OPS_TIMELINE_RULER (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA fg, line;

  if (self->axis == NULL || width <= OPS_TIMELINE_HEADER_WIDTH)
    return;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  ensure_layouts (self);

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (OPS_TIMELINE_HEADER_WIDTH, 0,
                                                         width - OPS_TIMELINE_HEADER_WIDTH, height));
  draw_days (self, snapshot, &fg, height);
  draw_ticks (self, snapshot, &fg, height);
  draw_now (self, snapshot, height);
  gtk_snapshot_pop (snapshot);
  draw_corner (self, snapshot, &fg, height);

  line = fg;
  line.alpha = 0.2;
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));
}

static void
ops_timeline_ruler_measure (GtkWidget      *widget,
                            GtkOrientation  orientation,
                            int             for_size,
                            int            *minimum,
                            int            *natural,
                            int            *minimum_baseline,
                            int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = OPS_TIMELINE_HEADER_WIDTH + 120;
  else
    *minimum = *natural = RULER_HEIGHT;
}

static void
ops_timeline_ruler_css_changed (GtkWidget         *widget,
                                GtkCssStyleChange *change)
{
  OpsTimelineRuler *self = OPS_TIMELINE_RULER (widget);

  GTK_WIDGET_CLASS (ops_timeline_ruler_parent_class)->css_changed (widget, change);
  g_clear_object (&self->layout);
  g_clear_object (&self->bold_layout);
}

/*
 * GObject overrides
 */

static void
ops_timeline_ruler_dispose (GObject *object)
{
  OpsTimelineRuler *self = OPS_TIMELINE_RULER (object);

  if (self->axis != NULL)
    g_clear_signal_handler (&self->range_handler, self->axis);
  g_clear_object (&self->axis);
  g_clear_object (&self->layout);
  g_clear_object (&self->bold_layout);

  G_OBJECT_CLASS (ops_timeline_ruler_parent_class)->dispose (object);
}

static void
ops_timeline_ruler_class_init (OpsTimelineRulerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_timeline_ruler_dispose;
  widget_class->snapshot = ops_timeline_ruler_snapshot;
  widget_class->measure = ops_timeline_ruler_measure;
  widget_class->css_changed = ops_timeline_ruler_css_changed;

  gtk_widget_class_set_css_name (widget_class, "timelineruler");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_PRESENTATION);
}

static void
ops_timeline_ruler_init (OpsTimelineRuler *self)
{
}

/*
 * Public API
 */

GtkWidget *
ops_timeline_ruler_new (OpsTimeAxis *axis)
{
  OpsTimelineRuler *self;

  g_return_val_if_fail (OPS_IS_TIME_AXIS (axis), NULL);

  self = g_object_new (OPS_TYPE_TIMELINE_RULER, NULL);
  self->axis = g_object_ref (axis);
  self->range_handler = g_signal_connect_swapped (axis, "range-changed", G_CALLBACK (gtk_widget_queue_draw), self);
  return GTK_WIDGET (self);
}
