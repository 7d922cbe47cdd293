/* ops-map-marker.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-map-marker"

#include "config.h"

#include "ops-map-marker.h"

/*
 * Auxiliary methods
 */

/* How a marker is drawn; attached to its drawing area. */
typedef struct
{
  OpsMapMarkerKind kind;
  GdkRGBA          color;
  char            *label;    /* stop number or initials, may be NULL */
  gboolean         focused;
} MarkerLook;

static void
marker_look_free (MarkerLook *look)
{
  g_free (look->label);
  g_free (look);
}

static int
marker_size (const MarkerLook *look)
{
  switch (look->kind)
    {
    case OPS_MAP_MARKER_TECH:
      return 28;
    case OPS_MAP_MARKER_HOME:
      return 20;
    case OPS_MAP_MARKER_JOB:
    default:
      if (look->focused)
        return 30;
      return look->label != NULL ? 22 : 16;
    }
}

static void
draw_label (GtkDrawingArea *area,
            cairo_t        *cr,
            const char     *text,
            int             size)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), text);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  int w, h;

  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.8));
  pango_layout_set_attributes (layout, attrs);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_move_to (cr, (size - w) / 2.0, (size - h) / 2.0);
  pango_cairo_show_layout (cr, layout);
}

static void
draw_marker (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  MarkerLook *look = user_data;
  int size = MIN (width, height);
  double c = size / 2.0;

  switch (look->kind)
    {
    case OPS_MAP_MARKER_JOB:
      if (look->focused)
        {
          /* A ring around the focused job. */
          cairo_arc (cr, c, c, c - 1.5, 0, 2 * G_PI);
          cairo_set_source_rgba (cr, 0, 0, 0, 0.8);
          cairo_set_line_width (cr, 3);
          cairo_stroke (cr);
        }
      cairo_arc (cr, c, c, look->focused ? c - 5 : c - 1.5, 0, 2 * G_PI);
      gdk_cairo_set_source_rgba (cr, &look->color);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      if (look->label != NULL)
        draw_label (area, cr, look->label, size);
      break;

    case OPS_MAP_MARKER_TECH:
      /* A badge with the technician's initials standing just above the
       * place (the centre of the area), so the job there stays visible. */
      cairo_new_sub_path (cr);
      cairo_arc (cr, size - 6, 6, 5, -G_PI / 2, 0);
      cairo_arc (cr, size - 6, size - 8, 5, 0, G_PI / 2);
      cairo_line_to (cr, c + 4, size - 3);
      cairo_line_to (cr, c, height / 2.0);
      cairo_line_to (cr, c - 4, size - 3);
      cairo_arc (cr, 6, size - 8, 5, G_PI / 2, G_PI);
      cairo_arc (cr, 6, 6, 5, G_PI, 3 * G_PI / 2);
      cairo_close_path (cr);
      gdk_cairo_set_source_rgba (cr, &look->color);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_set_line_width (cr, 2);
      cairo_stroke (cr);
      if (look->label != NULL)
        draw_label (area, cr, look->label, size - 3);
      break;

    case OPS_MAP_MARKER_HOME:
    default:
      /* A house outline in the technician's colour. */
      cairo_move_to (cr, c, 2);
      cairo_line_to (cr, size - 2, c);
      cairo_line_to (cr, size - 5, c);
      cairo_line_to (cr, size - 5, size - 2);
      cairo_line_to (cr, 5, size - 2);
      cairo_line_to (cr, 5, c);
      cairo_line_to (cr, 2, c);
      cairo_close_path (cr);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      gdk_cairo_set_source_rgba (cr, &look->color);
      cairo_set_line_width (cr, 2.5);
      cairo_stroke (cr);
      break;
    }
}

static MarkerLook *
marker_get_look (ShumateMarker *marker)
{
  GtkWidget *area = shumate_marker_get_child (marker);

  return g_object_get_data (G_OBJECT (area), "ops-look");
}

static void
marker_update (ShumateMarker *marker)
{
  MarkerLook *look = marker_get_look (marker);
  GtkWidget *area = shumate_marker_get_child (marker);
  int size = marker_size (look);

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (area), size);
  /* The badge sits in the top half; the bottom half is empty. */
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (area), look->kind == OPS_MAP_MARKER_TECH ? 2 * size : size);
  gtk_widget_queue_draw (area);
}

/*
 * Public API
 */

ShumateMarker *
ops_map_marker_new (OpsMapMarkerKind  kind,
                    const GdkRGBA    *color,
                    const char       *label,
                    double            latitude,
                    double            longitude,
                    const char       *tooltip)
{
  ShumateMarker *marker;
  GtkWidget *area;
  MarkerLook *look;

  g_return_val_if_fail (color != NULL, NULL);

  marker = shumate_marker_new ();
  area = gtk_drawing_area_new ();
  look = g_new0 (MarkerLook, 1);
  look->kind = kind;
  look->color = *color;
  look->label = g_strdup (label);
  g_object_set_data_full (G_OBJECT (area), "ops-look", look, (GDestroyNotify) marker_look_free);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (area), draw_marker, look, NULL);
  shumate_marker_set_child (marker, area);
  shumate_location_set_location (SHUMATE_LOCATION (marker), latitude, longitude);
  gtk_widget_set_tooltip_text (GTK_WIDGET (marker), tooltip);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (marker), "pointer");
  marker_update (marker);
  return marker;
}

void
ops_map_marker_set_label (ShumateMarker *marker,
                          const char    *label)
{
  MarkerLook *look;

  g_return_if_fail (SHUMATE_IS_MARKER (marker));

  look = marker_get_look (marker);
  if (g_strcmp0 (look->label, label) == 0)
    return;
  g_free (look->label);
  look->label = g_strdup (label);
  marker_update (marker);
}

const char *
ops_map_marker_get_label (ShumateMarker *marker)
{
  g_return_val_if_fail (SHUMATE_IS_MARKER (marker), NULL);

  return marker_get_look (marker)->label;
}

void
ops_map_marker_set_focused (ShumateMarker *marker,
                            gboolean       focused)
{
  MarkerLook *look;

  g_return_if_fail (SHUMATE_IS_MARKER (marker));

  look = marker_get_look (marker);
  if (look->focused == !!focused)
    return;
  look->focused = !!focused;
  marker_update (marker);
}
