/* ops-timeline-row.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-timeline-row"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-timeline-row.h"

#define LANE_HEIGHT   30.0
#define ROW_PAD        5.0
#define ROW_MIN_H     46
#define BAR_RADIUS     4.0
#define EDGE_PX        6.0
#define TEXT_MIN_PX   28.0
#define MAX_DAYS      16

struct _OpsTimelineRow
{
  GtkWidget               parent_instance;

  OpsTimeAxis            *axis;
  OpsDispatchRow         *row;
  OpsDispatchSelection   *selection;
  const OpsTimelineGhost *ghost;
  gulong                  range_handler;
  gulong                  selection_handler;

  char                   *skills_text;
  guint                   n_lanes;

  /* Reused every frame: one layout for the bars, one for the header. */
  PangoLayout            *bar_layout;
  PangoLayout            *header_layout;
  PangoAttrList          *bold_attrs;
  PangoAttrList          *small_attrs;
  int                     bar_text_h;

  /* Local midnights covering the axis range, recomputed when it moves. */
  gint64                  days_for_begin;
  gint64                  days_for_end;
  gint64                  days[MAX_DAYS + 1];
  guint                   n_days;
};

G_DEFINE_FINAL_TYPE (OpsTimelineRow, ops_timeline_row, GTK_TYPE_WIDGET)

typedef struct
{
  GdkRGBA fill;
  gboolean striped;
} StatusStyle;

/*
 * Auxiliary methods
 */

/* One fixed palette, readable with white text on light and dark themes. */
static void
status_style (OpsJobStatus  status,
              StatusStyle  *style)
{
  static const char *colors[] = {
    [OPS_JOB_UNASSIGNED] = "#c64600",
    [OPS_JOB_SCHEDULED]  = "#1c71d8",
    [OPS_JOB_EN_ROUTE]   = "#813d9c",
    [OPS_JOB_ON_SITE]    = "#e66100",
    [OPS_JOB_COMPLETED]  = "#26a269",
    [OPS_JOB_ON_HOLD]    = "#77767b",
    [OPS_JOB_CANCELLED]  = "#9a9996",
  };
  guint i = (guint)status < G_N_ELEMENTS (colors) ? (guint)status : OPS_JOB_SCHEDULED;

  gdk_rgba_parse (&style->fill, colors[i]);
  style->striped = status == OPS_JOB_CANCELLED;
}

static gint64
local_midnight (gint64 t)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);
  g_autoptr(GDateTime) midnight = NULL;

  if (dt == NULL)
    return t;
  midnight = g_date_time_new_local (g_date_time_get_year (dt), g_date_time_get_month (dt),
                                    g_date_time_get_day_of_month (dt), 0, 0, 0);
  return midnight != NULL ? g_date_time_to_unix (midnight) : t;
}

static void
update_days (OpsTimelineRow *self,
             gint64          begin,
             gint64          end)
{
  gint64 day;

  if (self->days_for_begin == begin && self->days_for_end == end && self->n_days > 0)
    return;
  self->days_for_begin = begin;
  self->days_for_end = end;
  self->n_days = 0;
  day = local_midnight (begin);
  while (self->n_days < MAX_DAYS && day < end)
    {
      self->days[self->n_days++] = day;
      /* The next local midnight, whatever the day's length (DST). */
      day = local_midnight (day + 30 * 3600);
    }
  self->days[self->n_days] = day;
}

static void
format_hm (gint64  t,
           char   *buf,
           gsize   size)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  if (dt == NULL)
    g_strlcpy (buf, "--:--", size);
  else
    g_snprintf (buf, size, "%02d:%02d", g_date_time_get_hour (dt), g_date_time_get_minute (dt));
}

static const char *
job_title (const OpsDispatchJob *job)
{
  if (job->customer_name != NULL && *job->customer_name)
    return job->customer_name;
  if (job->customer != NULL && *job->customer)
    return job->customer;
  if (job->subject != NULL)
    return job->subject;
  return job->name;
}

static void
ensure_layouts (OpsTimelineRow *self)
{
  PangoAttrList *attrs;

  if (self->bar_layout != NULL)
    return;

  self->bar_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.85));
  pango_layout_set_attributes (self->bar_layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_set_ellipsize (self->bar_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (self->bar_layout, TRUE);
  pango_layout_set_text (self->bar_layout, "Xg", -1);
  pango_layout_get_pixel_size (self->bar_layout, NULL, &self->bar_text_h);

  self->header_layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
  pango_layout_set_ellipsize (self->header_layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (self->header_layout, TRUE);
  self->bold_attrs = pango_attr_list_new ();
  pango_attr_list_insert (self->bold_attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  self->small_attrs = pango_attr_list_new ();
  pango_attr_list_insert (self->small_attrs, pango_attr_scale_new (0.8));
}

static void
drop_layouts (OpsTimelineRow *self)
{
  g_clear_object (&self->bar_layout);
  g_clear_object (&self->header_layout);
  g_clear_pointer (&self->bold_attrs, pango_attr_list_unref);
  g_clear_pointer (&self->small_attrs, pango_attr_list_unref);
}

static guint
row_height (OpsTimelineRow *self)
{
  return MAX (ROW_MIN_H, (int)(self->n_lanes * LANE_HEIGHT + 2 * ROW_PAD));
}

/* The bar of a job in row coordinates. */
static gboolean
job_rect (OpsTimelineRow       *self,
          const OpsDispatchJob *job,
          guint                 lane,
          graphene_rect_t      *rect)
{
  double x0, x1;

  if (job->start == 0)
    return FALSE;
  x0 = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, job->start);
  x1 = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, ops_dispatch_job_end (job));
  graphene_rect_init (rect, x0 + 0.5, ROW_PAD + lane * LANE_HEIGHT + 1, MAX (x1 - x0 - 1, 3), LANE_HEIGHT - 3);
  return TRUE;
}

static void
on_range_changed (OpsTimelineRow *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/*
 * Drawing
 */

static void
draw_text (GtkSnapshot   *snapshot,
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

static void
draw_header (OpsTimelineRow *self,
             GtkSnapshot    *snapshot,
             const GdkRGBA  *fg,
             double          height)
{
  const OpsDispatchTech *tech = ops_dispatch_row_get_tech (self->row);
  GdkRGBA shade = *fg, dim = *fg, tech_color;
  gint64 centre = (ops_time_axis_get_begin (self->axis) + ops_time_axis_get_end (self->axis)) / 2;
  double utilisation = ops_dispatch_row_get_utilisation (self->row, centre);
  char percent[16];
  int pw = 0;

  shade.alpha = 0.04;
  dim.alpha = 0.6;
  gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (0, 0, OPS_TIMELINE_HEADER_WIDTH, height));
  shade.alpha = 0.15;
  gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (OPS_TIMELINE_HEADER_WIDTH - 1, 0, 1, height));

  if (tech->color != NULL && gdk_rgba_parse (&tech_color, tech->color))
    gtk_snapshot_append_color (snapshot, &tech_color, &GRAPHENE_RECT_INIT (0, 4, 4, height - 8));

  /* Utilisation of the day in the middle of the view, right-aligned. */
  g_snprintf (percent, sizeof percent, "%d %%", (int)(utilisation * 100 + 0.5));
  pango_layout_set_attributes (self->header_layout, NULL);
  pango_layout_set_width (self->header_layout, -1);
  pango_layout_set_text (self->header_layout, percent, -1);
  pango_layout_get_pixel_size (self->header_layout, &pw, NULL);
  draw_text (snapshot, self->header_layout, OPS_TIMELINE_HEADER_WIDTH - 8 - pw, 5,
             utilisation > 1.0 ? &(GdkRGBA) { 0.88, 0.11, 0.14, 1 } : &dim);

  pango_layout_set_width (self->header_layout, (OPS_TIMELINE_HEADER_WIDTH - 24 - pw) * PANGO_SCALE);
  pango_layout_set_text (self->header_layout, tech->full_name ? tech->full_name : tech->name, -1);
  pango_layout_set_attributes (self->header_layout, self->bold_attrs);
  draw_text (snapshot, self->header_layout, 10, 5, fg);

  if (self->skills_text != NULL)
    {
      pango_layout_set_attributes (self->header_layout, self->small_attrs);
      pango_layout_set_width (self->header_layout, (OPS_TIMELINE_HEADER_WIDTH - 18) * PANGO_SCALE);
      pango_layout_set_text (self->header_layout, self->skills_text, -1);
      draw_text (snapshot, self->header_layout, 10, 25, &dim);
    }
}

static void
draw_off_hours (OpsTimelineRow *self,
                GtkSnapshot    *snapshot,
                const GdkRGBA  *fg,
                double          height)
{
  const OpsDispatchTech *tech = ops_dispatch_row_get_tech (self->row);
  gint64 begin = ops_time_axis_get_begin (self->axis);
  gint64 end = ops_time_axis_get_end (self->axis);
  GdkRGBA shade = *fg;

  shade.alpha = 0.07;
  update_days (self, begin, end);
  for (guint d = 0; d < self->n_days; d++)
    {
      gint64 day = self->days[d], next = self->days[d + 1];
      gint64 spans[2][2] = {
        { day, day + (gint64)tech->work_start_min * 60 },
        { day + (gint64)tech->work_end_min * 60, next },
      };

      for (guint s = 0; s < 2; s++)
        {
          double x0, x1;

          if (spans[s][1] <= begin || spans[s][0] >= end || spans[s][1] <= spans[s][0])
            continue;
          x0 = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, MAX (spans[s][0], begin));
          x1 = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, MIN (spans[s][1], end));
          gtk_snapshot_append_color (snapshot, &shade, &GRAPHENE_RECT_INIT (x0, 0, x1 - x0, height));
        }
    }
}

static void
draw_grid (OpsTimelineRow *self,
           GtkSnapshot    *snapshot,
           const GdkRGBA  *fg,
           double          height)
{
  gint64 begin = ops_time_axis_get_begin (self->axis);
  gint64 end = ops_time_axis_get_end (self->axis);
  gint64 major, minor;
  GdkRGBA line = *fg;

  line.alpha = 0.07;
  ops_time_axis_ticks (end - begin, ops_time_axis_get_width (self->axis), 64, &major, &minor);
  if (major <= 0)
    return;
  for (gint64 t = ops_time_axis_first_tick (begin, major); t < end; t += major)
    {
      double x = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, t);

      gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (floor (x), 0, 1, height));
    }
}

static void
draw_stripes (GtkSnapshot           *snapshot,
              const graphene_rect_t *rect)
{
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, rect);
  double x0 = rect->origin.x, y0 = rect->origin.y;

  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 2);
  for (double x = x0 - rect->size.height; x < x0 + rect->size.width; x += 8)
    {
      cairo_move_to (cr, x, y0 + rect->size.height);
      cairo_line_to (cr, x + rect->size.height, y0);
    }
  cairo_stroke (cr);
  cairo_destroy (cr);
}

static void
draw_warning (GtkSnapshot           *snapshot,
              const graphene_rect_t *rect)
{
  static const GdkRGBA yellow = { 0.96, 0.83, 0.18, 1 };
  static const GdkRGBA dark = { 0.2, 0.15, 0, 0.9 };
  GskRoundedRect square;
  float widths[4] = { 1, 1, 1, 1 };
  GdkRGBA colors[4] = { dark, dark, dark, dark };
  double cx = rect->origin.x + rect->size.width - 8;

  if (rect->size.width < 14)
    cx = rect->origin.x + rect->size.width / 2;
  gsk_rounded_rect_init_from_rect (&square, &GRAPHENE_RECT_INIT (-4, -4, 8, 8), 0);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (cx, rect->origin.y + 7));
  gtk_snapshot_rotate (snapshot, 45.f);
  gtk_snapshot_append_color (snapshot, &yellow, &square.bounds);
  gtk_snapshot_append_border (snapshot, &square, widths, colors);
  gtk_snapshot_restore (snapshot);
}

static void
draw_outline (GtkSnapshot           *snapshot,
              const graphene_rect_t *rect,
              double                 grow,
              float                  width,
              const GdkRGBA         *color)
{
  GskRoundedRect outline;
  float widths[4] = { width, width, width, width };
  GdkRGBA colors[4] = { *color, *color, *color, *color };
  graphene_rect_t r;

  graphene_rect_inset_r (rect, -grow, -grow, &r);
  gsk_rounded_rect_init_from_rect (&outline, &r, BAR_RADIUS + grow);
  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
}

static void
draw_bar (OpsTimelineRow        *self,
          GtkSnapshot           *snapshot,
          const graphene_rect_t *rect,
          const StatusStyle     *style,
          double                 alpha,
          const char            *text,
          const char            *text2)
{
  static const GdkRGBA white = { 1, 1, 1, 1 };
  GskRoundedRect rounded;
  GdkRGBA fill = style->fill;

  fill.alpha *= alpha;
  if (rect->size.width < 4 * BAR_RADIUS && !style->striped)
    {
      /* Too narrow for the rounding to show: one plain node, much cheaper
       * to render at week zoom. */
      gtk_snapshot_append_color (snapshot, &fill, rect);
    }
  else
    {
      gsk_rounded_rect_init_from_rect (&rounded, rect, BAR_RADIUS);
      gtk_snapshot_push_rounded_clip (snapshot, &rounded);
      gtk_snapshot_append_color (snapshot, &fill, rect);
      if (style->striped)
        draw_stripes (snapshot, rect);
      gtk_snapshot_pop (snapshot);
    }

  if (text != NULL && rect->size.width >= TEXT_MIN_PX)
    {
      char buf[256];
      double x = MAX (rect->origin.x, OPS_TIMELINE_HEADER_WIDTH) + 5;
      double w = rect->origin.x + rect->size.width - x - 4;

      if (w < TEXT_MIN_PX - 8)
        return;
      if (text2 != NULL && *text2)
        g_snprintf (buf, sizeof buf, "%s · %s", text, text2);
      else
        g_strlcpy (buf, text, sizeof buf);
      pango_layout_set_width (self->bar_layout, (int)(w * PANGO_SCALE));
      pango_layout_set_text (self->bar_layout, buf, -1);
      draw_text (snapshot, self->bar_layout, x,
                 rect->origin.y + (rect->size.height - self->bar_text_h) / 2, &white);
    }
}

static void
draw_jobs (OpsTimelineRow *self,
           GtkSnapshot    *snapshot,
           const GdkRGBA  *fg,
           double          width,
           double          height)
{
  GPtrArray *jobs = ops_dispatch_row_get_jobs (self->row);
  gint64 begin = ops_time_axis_get_begin (self->axis);
  gint64 end = ops_time_axis_get_end (self->axis);
  const char *selected = self->selection ? ops_dispatch_selection_get_job (self->selection) : NULL;
  const char *dragged = self->ghost != NULL && self->ghost->active ? self->ghost->job : NULL;
  int selected_index = -1;
  graphene_rect_t selected_rect;

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (OPS_TIMELINE_HEADER_WIDTH, 0,
                                                         MAX (width - OPS_TIMELINE_HEADER_WIDTH, 0), height));

  for (guint i = ops_dispatch_row_find_first (self->row, begin); jobs != NULL && i < jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);
      const OpsRuleResult *rules;
      graphene_rect_t rect;
      StatusStyle style;

      if (job->start >= end)
        break;
      if (!job_rect (self, job, ops_dispatch_row_get_lane (self->row, i), &rect))
        continue;
      if (rect.origin.x + rect.size.width < OPS_TIMELINE_HEADER_WIDTH)
        continue;

      status_style (job->status, &style);
      draw_bar (self, snapshot, &rect, &style,
                dragged != NULL && g_strcmp0 (dragged, job->name) == 0 ? 0.35 : 1.0,
                job_title (job), job->job_type);

      rules = ops_dispatch_row_get_rules (self->row, i);
      if (rules != NULL && rules->flags != OPS_RULE_NONE)
        draw_warning (snapshot, &rect);

      if (selected != NULL && selected_index < 0 && strcmp (selected, job->name) == 0)
        {
          selected_index = i;
          selected_rect = rect;
        }
    }

  if (selected_index >= 0)
    draw_outline (snapshot, &selected_rect, 2, 2, fg);

  gtk_snapshot_pop (snapshot);
}

static void
draw_ghost (OpsTimelineRow *self,
            GtkSnapshot    *snapshot,
            const GdkRGBA  *fg,
            double          height)
{
  static const GdkRGBA warning = { 0.88, 0.11, 0.14, 1 };
  const OpsDispatchTech *tech = ops_dispatch_row_get_tech (self->row);
  const OpsTimelineGhost *ghost = self->ghost;
  OpsDispatchJob probe = { 0 };
  graphene_rect_t rect;
  StatusStyle style;
  char from[8], to[8], label[64];

  if (ghost == NULL || !ghost->active || ghost->tech == NULL || g_strcmp0 (ghost->tech, tech->name) != 0)
    return;

  probe.start = ghost->start;
  probe.duration_min = ghost->duration_min;
  if (!job_rect (self, &probe, 0, &rect))
    return;
  rect.size.height = height - 2 * ROW_PAD - 2;

  status_style (ghost->status, &style);
  if (ghost->conflict)
    g_strlcpy (label, _("Changed by someone else"), sizeof label);
  else
    {
      format_hm (ghost->start, from, sizeof from);
      format_hm (ghost->start + (gint64)ghost->duration_min * 60, to, sizeof to);
      g_snprintf (label, sizeof label, "%s–%s", from, to);
    }
  draw_bar (self, snapshot, &rect, &style, 0.55, label, NULL);
  draw_outline (snapshot, &rect, 1, 2, ghost->conflict ? &warning : fg);
}

static void
draw_now (OpsTimelineRow *self,
          GtkSnapshot    *snapshot,
          double          height)
{
  static const GdkRGBA red = { 0.88, 0.11, 0.14, 0.9 };
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  double x;

  if (now < ops_time_axis_get_begin (self->axis) || now >= ops_time_axis_get_end (self->axis))
    return;
  x = OPS_TIMELINE_HEADER_WIDTH + ops_time_axis_time_to_x (self->axis, now);
  gtk_snapshot_append_color (snapshot, &red, &GRAPHENE_RECT_INIT (x - 1, 0, 2, height));
}

/*
 * GtkWidget overrides
 */

static void
ops_timeline_row_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  OpsTimelineRow *self = OPS_TIMELINE_ROW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  GdkRGBA fg, line;

  if (self->row == NULL || self->axis == NULL || width <= OPS_TIMELINE_HEADER_WIDTH)
    return;

  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  ensure_layouts (self);

  draw_off_hours (self, snapshot, &fg, height);
  draw_grid (self, snapshot, &fg, height);
  draw_jobs (self, snapshot, &fg, width, height);
  draw_ghost (self, snapshot, &fg, height);
  draw_now (self, snapshot, height);
  draw_header (self, snapshot, &fg, height);

  line = fg;
  line.alpha = 0.12;
  gtk_snapshot_append_color (snapshot, &line, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));
}

static void
ops_timeline_row_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  OpsTimelineRow *self = OPS_TIMELINE_ROW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = OPS_TIMELINE_HEADER_WIDTH + 120;
  else
    *minimum = *natural = row_height (self);
}

static gboolean
ops_timeline_row_query_tooltip (GtkWidget  *widget,
                                int         x,
                                int         y,
                                gboolean    keyboard,
                                GtkTooltip *tooltip)
{
  OpsTimelineRow *self = OPS_TIMELINE_ROW (widget);
  const OpsDispatchJob *job;
  const OpsRuleResult *rules;
  g_autoptr(GString) markup = NULL;
  g_autofree char *escaped = NULL;
  char from[8], to[8];
  int i;

  if (self->row == NULL)
    return FALSE;

  if (self->ghost != NULL && self->ghost->active && self->ghost->conflict &&
      g_strcmp0 (self->ghost->tech, ops_dispatch_row_get_tech (self->row)->name) == 0)
    {
      gtk_tooltip_set_text (tooltip, _("Changed by someone else while you were dragging it. "
                                       "Drop it to see what changed; nothing is overwritten."));
      return TRUE;
    }

  i = ops_timeline_row_job_at (self, x, y, NULL);
  if (i < 0)
    return FALSE;
  job = g_ptr_array_index (ops_dispatch_row_get_jobs (self->row), i);
  rules = ops_dispatch_row_get_rules (self->row, i);

  markup = g_string_new (NULL);
  escaped = g_markup_escape_text (job->subject ? job->subject : job->name, -1);
  g_string_append_printf (markup, "<b>%s</b>", escaped);
  g_clear_pointer (&escaped, g_free);
  escaped = g_markup_escape_text (job_title (job), -1);
  g_string_append_printf (markup, "\n%s", escaped);
  g_clear_pointer (&escaped, g_free);
  format_hm (job->start, from, sizeof from);
  format_hm (ops_dispatch_job_end (job), to, sizeof to);
  /* TRANSLATORS: a job's time range and status in the timeline's tooltip,
   * "10:00–11:30 · Scheduled" */
  g_string_append_printf (markup, _("\n%s–%s · %s"), from, to, _(ops_job_status_to_string (job->status)));
  if (rules != NULL && rules->flags != OPS_RULE_NONE && rules->explanation != NULL)
    {
      escaped = g_markup_escape_text (rules->explanation, -1);
      g_string_append_printf (markup, "\n\n⚠ %s", escaped);
    }
  gtk_tooltip_set_markup (tooltip, markup->str);
  return TRUE;
}

static void
ops_timeline_row_css_changed (GtkWidget         *widget,
                              GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (ops_timeline_row_parent_class)->css_changed (widget, change);
  /* The font may have changed. */
  drop_layouts (OPS_TIMELINE_ROW (widget));
}

/*
 * GObject overrides
 */

static void
ops_timeline_row_dispose (GObject *object)
{
  OpsTimelineRow *self = OPS_TIMELINE_ROW (object);

  if (self->axis != NULL)
    g_clear_signal_handler (&self->range_handler, self->axis);
  if (self->selection != NULL)
    g_clear_signal_handler (&self->selection_handler, self->selection);
  g_clear_object (&self->axis);
  g_clear_object (&self->selection);
  g_clear_object (&self->row);
  drop_layouts (self);

  G_OBJECT_CLASS (ops_timeline_row_parent_class)->dispose (object);
}

static void
ops_timeline_row_finalize (GObject *object)
{
  OpsTimelineRow *self = OPS_TIMELINE_ROW (object);

  g_free (self->skills_text);

  G_OBJECT_CLASS (ops_timeline_row_parent_class)->finalize (object);
}

static void
ops_timeline_row_class_init (OpsTimelineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_timeline_row_dispose;
  object_class->finalize = ops_timeline_row_finalize;
  widget_class->snapshot = ops_timeline_row_snapshot;
  widget_class->measure = ops_timeline_row_measure;
  widget_class->query_tooltip = ops_timeline_row_query_tooltip;
  widget_class->css_changed = ops_timeline_row_css_changed;

  gtk_widget_class_set_css_name (widget_class, "timelinerow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_ROW);
}

static void
ops_timeline_row_init (OpsTimelineRow *self)
{
  self->n_lanes = 1;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
}

/*
 * Public API
 */

GtkWidget *
ops_timeline_row_new (OpsTimeAxis *axis)
{
  OpsTimelineRow *self;

  g_return_val_if_fail (OPS_IS_TIME_AXIS (axis), NULL);

  self = g_object_new (OPS_TYPE_TIMELINE_ROW, NULL);
  self->axis = g_object_ref (axis);
  self->range_handler = g_signal_connect_swapped (axis, "range-changed", G_CALLBACK (on_range_changed), self);
  return GTK_WIDGET (self);
}

void
ops_timeline_row_set_row (OpsTimelineRow *self,
                          OpsDispatchRow *row)
{
  guint n_lanes;

  g_return_if_fail (OPS_IS_TIMELINE_ROW (self));
  g_return_if_fail (row == NULL || OPS_IS_DISPATCH_ROW (row));

  g_set_object (&self->row, row);
  g_clear_pointer (&self->skills_text, g_free);
  n_lanes = 1;
  if (row != NULL)
    {
      const OpsDispatchTech *tech = ops_dispatch_row_get_tech (row);
      g_autofree char *accessible = NULL;

      if (tech->skills != NULL && tech->skills[0] != NULL)
        self->skills_text = g_strjoinv (", ", tech->skills);
      n_lanes = MAX (1, ops_dispatch_row_get_n_lanes (row));
      accessible = g_strdup_printf ("%s%s%s", tech->full_name ? tech->full_name : tech->name,
                                    self->skills_text ? ", " : "", self->skills_text ? self->skills_text : "");
      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
    }
  if (n_lanes != self->n_lanes)
    {
      self->n_lanes = n_lanes;
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

OpsDispatchRow *
ops_timeline_row_get_row (OpsTimelineRow *self)
{
  g_return_val_if_fail (OPS_IS_TIMELINE_ROW (self), NULL);

  return self->row;
}

void
ops_timeline_row_set_selection (OpsTimelineRow       *self,
                                OpsDispatchSelection *selection)
{
  g_return_if_fail (OPS_IS_TIMELINE_ROW (self));

  if (self->selection == selection)
    return;
  if (self->selection != NULL)
    g_clear_signal_handler (&self->selection_handler, self->selection);
  g_set_object (&self->selection, selection);
  if (selection != NULL)
    self->selection_handler = g_signal_connect_swapped (selection, "changed", G_CALLBACK (gtk_widget_queue_draw), self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
ops_timeline_row_set_ghost (OpsTimelineRow         *self,
                            const OpsTimelineGhost *ghost)
{
  g_return_if_fail (OPS_IS_TIMELINE_ROW (self));

  self->ghost = ghost;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

int
ops_timeline_row_job_at (OpsTimelineRow *self,
                         double          x,
                         double          y,
                         gboolean       *on_edge)
{
  GPtrArray *jobs;
  gint64 begin, end;

  g_return_val_if_fail (OPS_IS_TIMELINE_ROW (self), -1);

  if (on_edge != NULL)
    *on_edge = FALSE;
  if (self->row == NULL || x < OPS_TIMELINE_HEADER_WIDTH)
    return -1;
  jobs = ops_dispatch_row_get_jobs (self->row);
  begin = ops_time_axis_get_begin (self->axis);
  end = ops_time_axis_get_end (self->axis);
  for (guint i = ops_dispatch_row_find_first (self->row, begin); jobs != NULL && i < jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);
      graphene_rect_t rect;

      if (job->start >= end)
        break;
      if (!job_rect (self, job, ops_dispatch_row_get_lane (self->row, i), &rect))
        continue;
      /* A little slack around narrow bars. */
      if (rect.size.width < 8)
        graphene_rect_inset (&rect, -(8 - rect.size.width) / 2, 0);
      if (graphene_rect_contains_point (&rect, &GRAPHENE_POINT_INIT (x, y)))
        {
          if (on_edge != NULL)
            *on_edge = x >= rect.origin.x + rect.size.width - EDGE_PX && rect.size.width >= 2 * EDGE_PX;
          return i;
        }
    }
  return -1;
}

gboolean
ops_timeline_row_get_job_rect (OpsTimelineRow  *self,
                               guint            i,
                               graphene_rect_t *rect)
{
  GPtrArray *jobs;

  g_return_val_if_fail (OPS_IS_TIMELINE_ROW (self), FALSE);

  if (self->row == NULL)
    return FALSE;
  jobs = ops_dispatch_row_get_jobs (self->row);
  if (jobs == NULL || i >= jobs->len)
    return FALSE;
  return job_rect (self, g_ptr_array_index (jobs, i), ops_dispatch_row_get_lane (self->row, i), rect);
}
