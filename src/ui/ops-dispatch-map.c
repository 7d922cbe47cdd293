/* ops-dispatch-map.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-dispatch-map"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <shumate/shumate.h>

#include "ops-dispatch-map.h"
#include "ops-dispatch-text.h"
#include "ops-map-marker.h"
#include "ops-map-tile-source.h"
#include "ops-store-dispatch.h"

#define DEFAULT_LATITUDE 45.307
#define DEFAULT_LONGITUDE (-73.262)
#define DEFAULT_ZOOM 11.0
#define FOCUS_MIN_ZOOM 13.0

struct _OpsDispatchMap
{
  AdwBin                parent_instance;

  ShumateMap           *map;
  ShumateViewport      *viewport;
  ShumateMapLayer      *base_layer;
  ShumatePathLayer     *path_layer;
  ShumateMarkerLayer   *home_layer;
  ShumateMarkerLayer   *job_layer;
  ShumateMarkerLayer   *tech_layer;
  ShumateLicense       *license;
  GtkRevealer          *offline_notice;

  OpsMapTileSource     *tile_source;
  ShumateMapSource     *renderer;

  OpsDispatchBoard     *board;
  OpsDispatchSelection *selection;
  char                 *day;
  GPtrArray            *tray_jobs;     /* unassigned jobs (from the store), shown too */

  GHashTable           *job_markers;   /* job name → ShumateMarker (owned by the layer) */
  char                 *focused_job;
  char                 *path_tech;
  guint                 path_length;
  gboolean              fitted;
};

G_DEFINE_FINAL_TYPE (OpsDispatchMap, ops_dispatch_map, ADW_TYPE_BIN)

/* The timeline's palette (GNOME colours). */
static const char *const status_colors[] = {
  [OPS_JOB_UNASSIGNED] = "#e01b24",
  [OPS_JOB_SCHEDULED]  = "#3584e4",
  [OPS_JOB_EN_ROUTE]   = "#9141ac",
  [OPS_JOB_ON_SITE]    = "#ff7800",
  [OPS_JOB_COMPLETED]  = "#2ec27e",
  [OPS_JOB_ON_HOLD]    = "#9a9996",
  [OPS_JOB_CANCELLED]  = "#77767b",
};

static const char *const tech_colors[] = {
  "#1c71d8", "#c64600", "#26a269", "#813d9c", "#a51d2d", "#986a44", "#1a5fb4", "#e5a50a",
};

/*
 * Auxiliary methods
 */

static char *
initials (const char *full_name)
{
  g_auto(GStrv) words = NULL;
  GString *out = g_string_new (NULL);

  if (full_name == NULL)
    return g_string_free (out, FALSE);
  words = g_strsplit (full_name, " ", -1);
  for (guint i = 0; words[i] != NULL && out->len < 8; i++)
    {
      if (words[i][0] != '\0')
        {
          g_autofree char *up = g_utf8_strup (words[i], g_utf8_next_char (words[i]) - words[i]);

          g_string_append (out, up);
        }
    }
  return g_string_free (out, FALSE);
}

static void
tech_color (const OpsDispatchTech *tech,
            guint                  index,
            GdkRGBA               *color)
{
  if (tech->color == NULL || !gdk_rgba_parse (color, tech->color))
    gdk_rgba_parse (color, tech_colors[index % G_N_ELEMENTS (tech_colors)]);
}

/* The technician's place in the board's list, for their default colour. */
static guint
tech_index (OpsDispatchMap *self,
            const char     *name)
{
  GPtrArray *techs = ops_dispatch_board_get_techs (self->board);

  for (guint i = 0; techs != NULL && i < techs->len; i++)
    if (g_strcmp0 (((OpsDispatchTech *) techs->pdata[i])->name, name) == 0)
      return i;
  return 0;
}

static void
on_marker_released_cb (GtkGestureClick *gesture,
                       int              n_press,
                       double           x,
                       double           y,
                       OpsDispatchMap  *self)
{
  GtkWidget *marker = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  const char *job = g_object_get_data (G_OBJECT (marker), "ops-job");
  const char *tech = g_object_get_data (G_OBJECT (marker), "ops-tech");

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  if (job != NULL)
    ops_dispatch_map_activate_job (self, job);
  else if (tech != NULL && self->selection != NULL)
    ops_dispatch_selection_set (self->selection, NULL, tech);
}

static ShumateMarker *
marker_new (OpsDispatchMap   *self,
            OpsMapMarkerKind  kind,
            const GdkRGBA    *color,
            const char       *label,
            double            latitude,
            double            longitude,
            const char       *tooltip)
{
  ShumateMarker *marker = ops_map_marker_new (kind, color, label, latitude, longitude, tooltip);
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect_object (click, "released", G_CALLBACK (on_marker_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (marker), GTK_EVENT_CONTROLLER (click));
  return marker;
}

static char *
job_tooltip (const OpsDispatchJob *job)
{
  GString *text = g_string_new (job->name);
  g_autofree char *when = ops_dispatch_format_when (job);
  const char *who = job->customer_name != NULL ? job->customer_name : job->customer;

  if (who != NULL)
    g_string_append_printf (text, " — %s", who);
  if (job->job_type != NULL)
    g_string_append_printf (text, "\n%s", job->job_type);
  g_string_append_printf (text, "\n%s · %s", ops_dispatch_status_label (job->status).label, when);
  if (job->address != NULL)
    g_string_append_printf (text, "\n%s", job->address);
  return g_string_free (text, FALSE);
}

static char *
effective_day (OpsDispatchMap *self)
{
  if (self->day != NULL)
    return g_strdup (self->day);
  return ops_dispatch_day_of (g_get_real_time () / G_USEC_PER_SEC);
}

static gboolean
job_is_shown (OpsDispatchMap       *self,
              const OpsDispatchJob *job)
{
  if (!job->has_coords)
    return FALSE;
  if (self->day == NULL)
    return TRUE;
  if (job->scheduled_date == NULL)
    return job->status == OPS_JOB_UNASSIGNED;
  return g_strcmp0 (job->scheduled_date, self->day) == 0;
}

/* The technician's jobs on day, in start order (transfer container). */
static GPtrArray *
tech_day_jobs (OpsDispatchMap *self,
               const char     *tech,
               const char     *day)
{
  GPtrArray *out = g_ptr_array_new ();
  OpsDispatchRow *row;
  GPtrArray *jobs;

  if (self->board == NULL)
    return out;
  row = ops_dispatch_board_find_row (self->board, tech, NULL);
  if (row == NULL)
    return out;
  jobs = ops_dispatch_row_get_jobs (row);
  for (guint i = 0; jobs != NULL && i < jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);

      if (g_strcmp0 (job->scheduled_date, day) == 0)
        g_ptr_array_add (out, (gpointer) job);
    }
  return out;
}

static void
set_focused (OpsDispatchMap *self,
             const char     *job)
{
  ShumateMarker *marker;

  if (g_strcmp0 (self->focused_job, job) == 0)
    return;
  if (self->focused_job != NULL &&
      (marker = g_hash_table_lookup (self->job_markers, self->focused_job)) != NULL)
    {
      ops_map_marker_set_focused (marker, FALSE);
    }
  g_free (self->focused_job);
  self->focused_job = g_strdup (job);
  if (job != NULL && (marker = g_hash_table_lookup (self->job_markers, job)) != NULL)
    {
      ops_map_marker_set_focused (marker, TRUE);
      /* Drawn last, over its neighbours. */
      gtk_widget_insert_before (GTK_WIDGET (marker), GTK_WIDGET (self->job_layer), NULL);
    }
}

static void
focus_job (OpsDispatchMap *self,
           const char     *job,
           gboolean        center)
{
  ShumateMarker *marker = job != NULL ? g_hash_table_lookup (self->job_markers, job) : NULL;

  if (marker == NULL)
    {
      set_focused (self, NULL);
      return;
    }
  set_focused (self, job);
  if (center)
    {
      if (shumate_viewport_get_zoom_level (self->viewport) < FOCUS_MIN_ZOOM)
        shumate_viewport_set_zoom_level (self->viewport, FOCUS_MIN_ZOOM);
      shumate_map_center_on (self->map,
                             shumate_location_get_latitude (SHUMATE_LOCATION (marker)),
                             shumate_location_get_longitude (SHUMATE_LOCATION (marker)));
    }
}

static void
update_path (OpsDispatchMap *self)
{
  const char *tech_name = self->selection != NULL ? ops_dispatch_selection_get_technician (self->selection) : NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *day = effective_day (self);
  GHashTableIter iter;
  gpointer value;
  const OpsDispatchTech *tech = NULL;
  OpsDispatchRow *row;
  GdkRGBA color;
  guint stop = 0;

  g_free (self->path_tech);
  self->path_tech = g_strdup (tech_name);
  self->path_length = 0;
  shumate_path_layer_remove_all (self->path_layer);

  /* Numbers only on the selected technician's stops. */
  g_hash_table_iter_init (&iter, self->job_markers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    ops_map_marker_set_label (value, NULL);

  if (tech_name == NULL || self->board == NULL)
    return;
  row = ops_dispatch_board_find_row (self->board, tech_name, NULL);
  if (row == NULL)
    return;
  tech = ops_dispatch_row_get_tech (row);
  tech_color (tech, tech_index (self, tech_name), &color);
  shumate_path_layer_set_stroke_color (self->path_layer, &color);

  if (tech->has_home)
    {
      ShumateCoordinate *home = g_object_ref_sink (shumate_coordinate_new_full (tech->home_latitude, tech->home_longitude));

      shumate_path_layer_add_node (self->path_layer, SHUMATE_LOCATION (home));
      g_object_unref (home);
    }

  jobs = tech_day_jobs (self, tech_name, day);
  for (guint i = 0; i < jobs->len; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);
      ShumateCoordinate *node;
      ShumateMarker *marker;

      if (!job->has_coords || job->status == OPS_JOB_CANCELLED)
        continue;
      stop++;
      node = g_object_ref_sink (shumate_coordinate_new_full (job->latitude, job->longitude));
      shumate_path_layer_add_node (self->path_layer, SHUMATE_LOCATION (node));
      g_object_unref (node);
      marker = g_hash_table_lookup (self->job_markers, job->name);
      if (marker != NULL)
        {
          g_autofree char *number = g_strdup_printf ("%u", stop);

          ops_map_marker_set_label (marker, number);
        }
    }
  self->path_length = stop;
}

static char *
position_tooltip (const OpsDispatchTech *tech,
                  const OpsDispatchJob  *basis)
{
  const char *who = tech->full_name != NULL ? tech->full_name : tech->name;

  if (basis == NULL)
    /* TRANSLATORS: a technician's position on the map: no job started yet */
    return g_strdup_printf (_("%s\nAt home base: no job started today"), who);
  switch (basis->status)
    {
    case OPS_JOB_ON_SITE:
      return g_strdup_printf (_("%s\nOn site at %s"), who, basis->name);
    case OPS_JOB_COMPLETED:
      return g_strdup_printf (_("%s\nLast seen completing %s"), who, basis->name);
    default:
      /* the job the technician left from, on the way to the next one */
      return g_strdup_printf (_("%s\nEn route from %s"), who, basis->name);
    }
}

static void
add_tech_markers (OpsDispatchMap *self)
{
  GPtrArray *techs = ops_dispatch_board_get_techs (self->board);
  g_autofree char *day = effective_day (self);

  for (guint i = 0; techs != NULL && i < techs->len; i++)
    {
      const OpsDispatchTech *tech = g_ptr_array_index (techs, i);
      g_autoptr(GPtrArray) jobs = tech_day_jobs (self, tech->name, day);
      const OpsDispatchJob *basis = NULL;
      GdkRGBA color;
      double latitude, longitude;

      tech_color (tech, i, &color);
      if (tech->has_home)
        {
          g_autofree char *tip = g_strdup_printf (_("%s\nHome base"), tech->full_name != NULL ? tech->full_name : tech->name);
          ShumateMarker *home = marker_new (self, OPS_MAP_MARKER_HOME, &color, NULL,
                                            tech->home_latitude, tech->home_longitude, tip);

          g_object_set_data_full (G_OBJECT (home), "ops-tech", g_strdup (tech->name), g_free);
          shumate_marker_layer_add_marker (self->home_layer, home);
        }
      if (ops_dispatch_map_locate_tech (tech, jobs, &latitude, &longitude, &basis))
        {
          g_autofree char *tip = position_tooltip (tech, basis);
          g_autofree char *letters = initials (tech->full_name != NULL ? tech->full_name : tech->name);
          ShumateMarker *here = marker_new (self, OPS_MAP_MARKER_TECH, &color, letters, latitude, longitude, tip);

          g_object_set_data_full (G_OBJECT (here), "ops-tech", g_strdup (tech->name), g_free);
          shumate_marker_layer_add_marker (self->tech_layer, here);
        }
    }
}

static void
fit_markers (OpsDispatchMap *self)
{
  double min_lat = 90, max_lat = -90, min_lon = 180, max_lon = -180;
  double width = gtk_widget_get_width (GTK_WIDGET (self));
  double height = gtk_widget_get_height (GTK_WIDGET (self));
  double span_x, span_y, zoom;
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, self->job_markers);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      double lat = shumate_location_get_latitude (value);
      double lon = shumate_location_get_longitude (value);

      min_lat = MIN (min_lat, lat);
      max_lat = MAX (max_lat, lat);
      min_lon = MIN (min_lon, lon);
      max_lon = MAX (max_lon, lon);
      n++;
    }
  if (n == 0)
    return;
  if (width < 100 || height < 100)
    {
      width = 800;
      height = 600;
    }
  /* Pixels per degree at zoom 0 is 256 / 360 along x; y is stretched by
   * 1 / cos (latitude) in Web Mercator. */
  span_x = MAX (max_lon - min_lon, 0.005) * 256.0 / 360.0;
  span_y = MAX (max_lat - min_lat, 0.005) * 256.0 / 360.0 / cos ((min_lat + max_lat) / 2 * G_PI / 180);
  zoom = floor (MIN (log2 (width * 0.8 / span_x), log2 (height * 0.8 / span_y)));
  shumate_viewport_set_zoom_level (self->viewport, CLAMP (zoom, 3, 16));
  shumate_map_center_on (self->map, (min_lat + max_lat) / 2, (min_lon + max_lon) / 2);
  self->fitted = TRUE;
}

static void
add_job_marker (OpsDispatchMap       *self,
                const OpsDispatchJob *job)
{
  g_autofree char *tip = NULL;
  ShumateMarker *marker;
  GdkRGBA color;

  if (!job_is_shown (self, job) || g_hash_table_contains (self->job_markers, job->name))
    return;
  gdk_rgba_parse (&color, status_colors[job->status <= OPS_JOB_CANCELLED ? job->status : OPS_JOB_SCHEDULED]);
  tip = job_tooltip (job);
  marker = marker_new (self, OPS_MAP_MARKER_JOB, &color, NULL, job->latitude, job->longitude, tip);
  g_object_set_data_full (G_OBJECT (marker), "ops-job", g_strdup (job->name), g_free);
  shumate_marker_layer_add_marker (self->job_layer, marker);
  g_hash_table_insert (self->job_markers, g_strdup (job->name), marker);
}

static void
rebuild (OpsDispatchMap *self)
{
  GPtrArray *jobs;
  g_autofree char *keep = g_strdup (self->focused_job);
  OpsStore *store;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove_all (self->job_markers);
  g_clear_pointer (&self->focused_job, g_free);
  shumate_marker_layer_remove_all (self->job_layer);
  shumate_marker_layer_remove_all (self->tech_layer);
  shumate_marker_layer_remove_all (self->home_layer);
  shumate_path_layer_remove_all (self->path_layer);
  self->path_length = 0;

  g_clear_pointer (&self->tray_jobs, g_ptr_array_unref);

  if (self->board == NULL)
    return;

  /* The board holds assigned jobs; the unassigned ones come from the tray. */
  store = ops_dispatch_board_get_store (self->board);
  if (store != NULL)
    {
      OpsTrayFilter filter = { NULL, };

      self->tray_jobs = ops_store_list_tray (store, OPS_TRAY_UNASSIGNED, &filter, &error);
      if (self->tray_jobs == NULL)
        g_warning ("Could not read the unassigned jobs: %s", error->message);
    }

  for (guint k = 0; k < 2; k++)
    {
      jobs = k == 0 ? ops_dispatch_board_get_jobs (self->board) : self->tray_jobs;
      for (guint i = 0; jobs != NULL && i < jobs->len; i++)
        add_job_marker (self, g_ptr_array_index (jobs, i));
    }
  add_tech_markers (self);
  update_path (self);

  if (keep == NULL && self->selection != NULL)
    keep = g_strdup (ops_dispatch_selection_get_job (self->selection));
  focus_job (self, keep, !self->fitted);
  if (!self->fitted && self->focused_job == NULL)
    fit_markers (self);
}

static void
replace_base_layer (OpsDispatchMap *self)
{
  ShumateMapLayer *layer = shumate_map_layer_new (self->renderer, self->viewport);

  shumate_map_insert_layer_behind (self->map, SHUMATE_LAYER (layer), SHUMATE_LAYER (self->path_layer));
  if (self->base_layer != NULL)
    shumate_map_remove_layer (self->map, SHUMATE_LAYER (self->base_layer));
  self->base_layer = layer;
}

/*
 * Callbacks
 */

static void
on_board_reloaded_cb (OpsDispatchMap *self)
{
  rebuild (self);
}

static void
on_selection_changed_cb (OpsDispatchMap *self)
{
  const char *tech = ops_dispatch_selection_get_technician (self->selection);

  if (g_strcmp0 (tech, self->path_tech) != 0)
    update_path (self);
  focus_job (self, ops_dispatch_selection_get_job (self->selection), TRUE);
}

static void
on_offline_changed_cb (OpsDispatchMap *self)
{
  gboolean offline = ops_map_tile_source_get_offline (self->tile_source);

  gtk_revealer_set_reveal_child (self->offline_notice, offline);
  /* Back online: fetch the tiles that failed. */
  if (!offline)
    replace_base_layer (self);
}

static void
on_tiles_retry_cb (OpsDispatchMap *self)
{
  replace_base_layer (self);
}

static void
on_retry_clicked_cb (OpsDispatchMap *self)
{
  ops_map_tile_source_retry (self->tile_source);
}

static void
on_zoom_in_clicked_cb (OpsDispatchMap *self)
{
  shumate_map_zoom_in (self->map);
}

static void
on_zoom_out_clicked_cb (OpsDispatchMap *self)
{
  shumate_map_zoom_out (self->map);
}

/*
 * GObject overrides
 */

static void
ops_dispatch_map_dispose (GObject *object)
{
  OpsDispatchMap *self = OPS_DISPATCH_MAP (object);

  if (self->tile_source != NULL)
    g_signal_handlers_disconnect_by_data (self->tile_source, self);
  ops_dispatch_map_set_board (self, NULL);
  ops_dispatch_map_set_selection (self, NULL);
  g_clear_pointer (&self->job_markers, g_hash_table_unref);

  G_OBJECT_CLASS (ops_dispatch_map_parent_class)->dispose (object);
}

static void
ops_dispatch_map_finalize (GObject *object)
{
  OpsDispatchMap *self = OPS_DISPATCH_MAP (object);

  g_clear_object (&self->tile_source);
  g_clear_object (&self->renderer);
  g_clear_pointer (&self->day, g_free);
  g_clear_pointer (&self->tray_jobs, g_ptr_array_unref);
  g_clear_pointer (&self->focused_job, g_free);
  g_clear_pointer (&self->path_tech, g_free);

  G_OBJECT_CLASS (ops_dispatch_map_parent_class)->finalize (object);
}

static void
ops_dispatch_map_class_init (OpsDispatchMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_dispatch_map_dispose;
  object_class->finalize = ops_dispatch_map_finalize;
  gtk_widget_class_set_css_name (widget_class, "dispatchmap");
}

static void
ops_dispatch_map_init (OpsDispatchMap *self)
{
  self->job_markers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

static GtkWidget *
zoom_buttons_new (OpsDispatchMap *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *in = gtk_button_new_from_icon_name ("zoom-in-symbolic");
  GtkWidget *out = gtk_button_new_from_icon_name ("zoom-out-symbolic");

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_tooltip_text (in, _("Zoom in"));
  gtk_widget_set_tooltip_text (out, _("Zoom out"));
  g_signal_connect_object (in, "clicked", G_CALLBACK (on_zoom_in_clicked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (out, "clicked", G_CALLBACK (on_zoom_out_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), in);
  gtk_box_append (GTK_BOX (box), out);
  gtk_widget_set_halign (box, GTK_ALIGN_END);
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_end (box, 12);
  return box;
}

static GtkWidget *
offline_notice_new (OpsDispatchMap *self)
{
  GtkWidget *revealer = gtk_revealer_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_("Map tiles are offline. Markers are shown without the map."));
  GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Retry"));

  gtk_widget_set_name (revealer, "offline-notice");
  /* At the bottom, above the scale and the licence: the zoom buttons
   * keep the top corner even when the map pane is narrow. */
  gtk_revealer_set_transition_type (GTK_REVEALER (revealer), GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  gtk_widget_set_halign (revealer, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (revealer, GTK_ALIGN_END);
  gtk_widget_set_can_target (revealer, TRUE);
  gtk_widget_add_css_class (box, "osd");
  gtk_widget_add_css_class (box, "toolbar");
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 72);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 6);
  g_signal_connect_object (retry, "clicked", G_CALLBACK (on_retry_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), retry);
  gtk_revealer_set_child (GTK_REVEALER (revealer), box);
  return revealer;
}

static void
setup (OpsDispatchMap *self,
       OpsConfig      *config)
{
  g_autoptr(OpsConfig) defaults = NULL;
  const char *url, *license_text;
  gint64 max_zoom;
  GtkWidget *overlay = gtk_overlay_new ();
  ShumateScale *scale;

  if (config == NULL)
    config = defaults = ops_config_new ();
  url = ops_config_get_string (config, "map", "tile_url");
  license_text = ops_config_get_string (config, "map", "tile_license");
  max_zoom = ops_config_get_int (config, "map", "max_zoom");
  if (url == NULL || *url == '\0')
    url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  if (max_zoom < 1 || max_zoom > 22)
    max_zoom = 19;

  self->tile_source = ops_map_tile_source_dup_shared (url);
  self->renderer = SHUMATE_MAP_SOURCE (shumate_raster_renderer_new_full ("gigafibre-ops-tiles", _("Map"),
                                                                        license_text, NULL, 0, max_zoom, 256,
                                                                        SHUMATE_MAP_PROJECTION_MERCATOR,
                                                                        SHUMATE_DATA_SOURCE (self->tile_source)));

  self->map = shumate_map_new ();
  self->viewport = shumate_map_get_viewport (self->map);
  shumate_map_set_map_source (self->map, self->renderer);
  shumate_viewport_set_max_zoom_level (self->viewport, max_zoom);
  shumate_viewport_set_min_zoom_level (self->viewport, 2);
  shumate_viewport_set_zoom_level (self->viewport, DEFAULT_ZOOM);
  shumate_map_center_on (self->map, DEFAULT_LATITUDE, DEFAULT_LONGITUDE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->map), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self->map), TRUE);

  self->path_layer = shumate_path_layer_new (self->viewport);
  shumate_path_layer_set_stroke_width (self->path_layer, 4);
  self->home_layer = shumate_marker_layer_new_full (self->viewport, GTK_SELECTION_NONE);
  self->job_layer = shumate_marker_layer_new_full (self->viewport, GTK_SELECTION_NONE);
  self->tech_layer = shumate_marker_layer_new_full (self->viewport, GTK_SELECTION_NONE);
  /* Jobs on top: they take the clicks and the focus ring shows. */
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->path_layer));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->home_layer));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->tech_layer));
  shumate_map_add_layer (self->map, SHUMATE_LAYER (self->job_layer));
  replace_base_layer (self);

  gtk_overlay_set_child (GTK_OVERLAY (overlay), GTK_WIDGET (self->map));

  self->license = shumate_license_new ();
  shumate_license_append_map_source (self->license, self->renderer);
  gtk_widget_set_halign (GTK_WIDGET (self->license), GTK_ALIGN_END);
  gtk_widget_set_valign (GTK_WIDGET (self->license), GTK_ALIGN_END);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->license));

  scale = shumate_scale_new (self->viewport);
  gtk_widget_set_halign (GTK_WIDGET (scale), GTK_ALIGN_START);
  gtk_widget_set_valign (GTK_WIDGET (scale), GTK_ALIGN_END);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (scale));

  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), zoom_buttons_new (self));

  self->offline_notice = GTK_REVEALER (offline_notice_new (self));
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), GTK_WIDGET (self->offline_notice));
  gtk_revealer_set_reveal_child (self->offline_notice, ops_map_tile_source_get_offline (self->tile_source));
  g_signal_connect_object (self->tile_source, "notify::offline", G_CALLBACK (on_offline_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tile_source, "retry", G_CALLBACK (on_tiles_retry_cb), self, G_CONNECT_SWAPPED);

  adw_bin_set_child (ADW_BIN (self), overlay);
}

/*
 * Public API
 */

GtkWidget *
ops_dispatch_map_new (OpsConfig *config)
{
  OpsDispatchMap *self;

  g_return_val_if_fail (config == NULL || OPS_IS_CONFIG (config), NULL);

  self = g_object_new (OPS_TYPE_DISPATCH_MAP, NULL);
  setup (self, config);
  return GTK_WIDGET (self);
}

void
ops_dispatch_map_set_board (OpsDispatchMap   *self,
                            OpsDispatchBoard *board)
{
  g_return_if_fail (OPS_IS_DISPATCH_MAP (self));
  g_return_if_fail (board == NULL || OPS_IS_DISPATCH_BOARD (board));

  if (self->board == board)
    return;
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_set_object (&self->board, board);
  if (board != NULL)
    g_signal_connect_object (board, "reloaded", G_CALLBACK (on_board_reloaded_cb), self, G_CONNECT_SWAPPED);
  if (self->job_markers != NULL)
    rebuild (self);
}

void
ops_dispatch_map_set_selection (OpsDispatchMap       *self,
                                OpsDispatchSelection *selection)
{
  g_return_if_fail (OPS_IS_DISPATCH_MAP (self));
  g_return_if_fail (selection == NULL || OPS_IS_DISPATCH_SELECTION (selection));

  if (self->selection == selection)
    return;
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_set_object (&self->selection, selection);
  if (selection != NULL)
    {
      g_signal_connect_object (selection, "changed", G_CALLBACK (on_selection_changed_cb), self, G_CONNECT_SWAPPED);
      on_selection_changed_cb (self);
    }
  else if (self->job_markers != NULL)
    {
      update_path (self);
      set_focused (self, NULL);
    }
}

void
ops_dispatch_map_set_day (OpsDispatchMap *self,
                          const char     *day)
{
  g_return_if_fail (OPS_IS_DISPATCH_MAP (self));

  if (g_strcmp0 (self->day, day) == 0)
    return;
  g_free (self->day);
  self->day = g_strdup (day);
  self->fitted = FALSE;
  rebuild (self);
}

const char *
ops_dispatch_map_get_day (OpsDispatchMap *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_MAP (self), NULL);

  return self->day;
}

void
ops_dispatch_map_activate_job (OpsDispatchMap *self,
                               const char     *job)
{
  const OpsDispatchJob *found;

  g_return_if_fail (OPS_IS_DISPATCH_MAP (self));
  g_return_if_fail (job != NULL);

  found = self->board != NULL ? ops_dispatch_board_find_job (self->board, job) : NULL;
  for (guint i = 0; found == NULL && self->tray_jobs != NULL && i < self->tray_jobs->len; i++)
    {
      const OpsDispatchJob *tray_job = g_ptr_array_index (self->tray_jobs, i);

      if (g_strcmp0 (tray_job->name, job) == 0)
        found = tray_job;
    }
  if (found == NULL)
    return;
  if (self->selection != NULL)
    ops_dispatch_selection_set (self->selection, found->name, found->technician);
  else
    focus_job (self, found->name, TRUE);
}

const char *
ops_dispatch_map_get_focused_job (OpsDispatchMap *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_MAP (self), NULL);

  return self->focused_job;
}

guint
ops_dispatch_map_get_n_job_markers (OpsDispatchMap *self)
{
  g_autoptr(GList) markers = NULL;

  g_return_val_if_fail (OPS_IS_DISPATCH_MAP (self), 0);

  markers = shumate_marker_layer_get_markers (self->job_layer);
  return g_list_length (markers);
}

guint
ops_dispatch_map_get_n_tech_markers (OpsDispatchMap *self)
{
  g_autoptr(GList) markers = NULL;

  g_return_val_if_fail (OPS_IS_DISPATCH_MAP (self), 0);

  markers = shumate_marker_layer_get_markers (self->tech_layer);
  return g_list_length (markers);
}

guint
ops_dispatch_map_get_path_length (OpsDispatchMap *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_MAP (self), 0);

  return self->path_length;
}

gboolean
ops_dispatch_map_get_tiles_offline (OpsDispatchMap *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_MAP (self), FALSE);

  return gtk_revealer_get_reveal_child (self->offline_notice);
}

gboolean
ops_dispatch_map_locate_tech (const OpsDispatchTech  *tech,
                              GPtrArray              *jobs,
                              double                 *latitude,
                              double                 *longitude,
                              const OpsDispatchJob  **basis)
{
  const OpsDispatchJob *found = NULL;
  const OpsDispatchJob *completed = NULL;
  const OpsDispatchJob *previous = NULL;
  gboolean en_route = FALSE;

  g_return_val_if_fail (tech != NULL, FALSE);
  g_return_val_if_fail (jobs != NULL, FALSE);

  for (guint i = 0; i < jobs->len && found == NULL; i++)
    {
      const OpsDispatchJob *job = g_ptr_array_index (jobs, i);

      if (job->status == OPS_JOB_ON_SITE)
        found = job;
      else if (job->status == OPS_JOB_COMPLETED)
        completed = job;
      else if (job->status == OPS_JOB_EN_ROUTE && !en_route)
        {
          en_route = TRUE;
          /* Left from the job before (not a cancelled one), or from home. */
          for (guint j = i; j > 0 && previous == NULL; j--)
            {
              const OpsDispatchJob *before = g_ptr_array_index (jobs, j - 1);

              if (before->status != OPS_JOB_CANCELLED)
                previous = before;
            }
        }
    }
  if (found == NULL)
    found = completed;
  if (found == NULL && en_route)
    found = previous;

  if (basis != NULL)
    *basis = found;
  if (found != NULL)
    {
      /* Known only as well as the job's location is. */
      if (!found->has_coords)
        return FALSE;
      *latitude = found->latitude;
      *longitude = found->longitude;
      return TRUE;
    }
  if (!tech->has_home)
    return FALSE;
  *latitude = tech->home_latitude;
  *longitude = tech->home_longitude;
  return TRUE;
}
