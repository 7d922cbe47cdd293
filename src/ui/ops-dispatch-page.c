/* ops-dispatch-page.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page owns the board (the days around the visible range), the shared
 * selection and the editor, and hands them to the tray, the timeline, the
 * map and the job panel.  "dispatch" events on the bus reload the board
 * from an idle, so a burst of them costs one reload.  The map pane and the
 * map window show the day at the centre of the timeline, whose scrollbar
 * spans the loaded days.  The actions are in ops-dispatch-page-actions.c.
 */

#define G_LOG_DOMAIN "OpsDispatchPage"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ops-dispatch-candidates-popover.h"
#include "ops-dispatch-map.h"
#include "ops-dispatch-page-private.h"
#include "ops-dispatch-text.h"
#include "ops-store-dispatch.h"

G_DEFINE_FINAL_TYPE (OpsDispatchPage, ops_dispatch_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MAP_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Auxiliary methods
 */

static double
travel_speed (OpsDispatchPage *self)
{
  OpsConfig *config = ops_service_layer_get_config (self->services);
  double speed = config ? ops_config_get_double (config, "dispatch", "travel_speed_kmh") : 0;

  return speed > 0 ? speed : OPS_DEFAULT_TRAVEL_SPEED_KMH;
}

static void
update_date_label (OpsDispatchPage *self)
{
  gint64 begin = ops_time_axis_get_begin (self->axis);
  gint64 end = ops_time_axis_get_end (self->axis) - 1;
  g_autofree char *first = ops_dispatch_format_day (begin);
  g_autofree char *last = ops_dispatch_format_day (end);
  g_autofree char *first_date = ops_dispatch_day_of (begin);
  g_autofree char *last_date = ops_dispatch_day_of (end);

  if (g_strcmp0 (first_date, last_date) == 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (begin);
      /* Translators: the day the timeline shows, see strftime. */
      g_autofree char *date = g_date_time_format (when, _("%A %-d %B %Y"));
      g_autofree char *text = NULL;

      /* "Today, Sunday 22 November 2026"; another day by its date alone. */
      if (g_str_has_prefix (date, first))
        text = g_strdup (date);
      else
        /* Translators: "Today" or "Tomorrow", then the date. */
        text = g_strdup_printf (_("%s, %s"), first, date);
      gtk_label_set_label (self->date_label, text);
    }
  else
    {
      /* Translators: the first and last day the timeline shows. */
      g_autofree char *range = g_strdup_printf (_("%s – %s"), first, last);

      gtk_label_set_label (self->date_label, range);
    }
}

/* Loads the days the axis shows, plus one on each side, when they are not
 * loaded already. */
static void
ensure_loaded (OpsDispatchPage *self)
{
  g_autofree char *from = ops_dispatch_day_of (ops_time_axis_get_begin (self->axis) - DAY_SECONDS);
  g_autofree char *to = ops_dispatch_day_of (ops_time_axis_get_end (self->axis) - 1 + DAY_SECONDS);
  g_autoptr(GError) error = NULL;

  if (self->loaded_from != NULL && g_strcmp0 (self->loaded_from, from) <= 0 &&
      g_strcmp0 (to, self->loaded_to) <= 0)
    return;

  g_debug ("Loading the dispatch board from %s to %s", from, to);
  if (!ops_dispatch_board_load (self->board, from, to, &error))
    {
      g_warning ("Could not load the dispatch board: %s", error->message);
      _ops_dispatch_page_toast (self, error->message, FALSE);
      return;
    }
  g_free (self->loaded_from);
  g_free (self->loaded_to);
  self->loaded_from = g_steal_pointer (&from);
  self->loaded_to = g_steal_pointer (&to);

  /* The scrollbar spans the loaded days, midnight to midnight. */
  {
    g_autoptr(GDateTime) last = ops_dispatch_local_time (ops_dispatch_day_start (self->loaded_to));
    g_autoptr(GDateTime) after = g_date_time_add_days (last, 1);

    ops_dispatch_timeline_set_loaded_range (self->timeline, ops_dispatch_day_start (self->loaded_from),
                                            g_date_time_to_unix (after));
  }
}

/* The day at the centre of the axis, on the maps when it changes. */
static void
update_map_day (OpsDispatchPage *self)
{
  g_autofree char *day = NULL;

  if (self->axis == NULL)
    return;
  day = ops_dispatch_day_of (ops_time_axis_get_begin (self->axis) + ops_time_axis_get_span (self->axis) / 2);
  if (g_strcmp0 (day, self->map_day) == 0)
    return;
  g_free (self->map_day);
  self->map_day = g_steal_pointer (&day);
  _ops_dispatch_page_apply_map_day (self);
}

void
_ops_dispatch_page_apply_map_day (OpsDispatchPage *self)
{
  if (self->map_day == NULL)
    return;
  g_debug ("The dispatch map shows %s", self->map_day);
  if (self->map != NULL)
    ops_dispatch_map_set_day (OPS_DISPATCH_MAP (self->map), self->map_day);
  if (self->map_window != NULL)
    ops_dispatch_map_set_day (ops_dispatch_map_window_get_map (GTK_WINDOW (self->map_window)), self->map_day);
}

void
_ops_dispatch_page_update_panel (OpsDispatchPage *self)
{
  const char *job = ops_dispatch_selection_get_job (self->selection);
  gboolean visible;

  if (g_strcmp0 (job, self->panel_job) != 0)
    {
      /* A new job opens the panel again after Escape closed it. */
      self->panel_closed = FALSE;
      g_free (self->panel_job);
      self->panel_job = g_strdup (job);
      ops_dispatch_job_panel_show_job (self->job_panel, job);
    }

  visible = job != NULL && !self->panel_closed;
  gtk_widget_set_visible (GTK_WIDGET (self->job_panel), visible);
  gtk_widget_set_visible (self->panel_separator, visible);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "dispatch.close-panel", visible);
}

static void
open_panel (OpsDispatchPage *self,
            const char      *job)
{
  if (job == NULL)
    return;
  if (g_strcmp0 (ops_dispatch_selection_get_job (self->selection), job) != 0)
    ops_dispatch_selection_set (self->selection, job, NULL);
  self->panel_closed = FALSE;
  _ops_dispatch_page_update_panel (self);
  ops_dispatch_job_panel_focus (self->job_panel);
}

static void
show_map_pane (OpsDispatchPage *self)
{
  if (self->map_visible && self->map == NULL && self->board != NULL)
    {
      self->map = ops_dispatch_map_new (ops_service_layer_get_config (self->services));
      ops_dispatch_map_set_board (OPS_DISPATCH_MAP (self->map), self->board);
      ops_dispatch_map_set_selection (OPS_DISPATCH_MAP (self->map), self->selection);
      if (self->map_day != NULL)
        ops_dispatch_map_set_day (OPS_DISPATCH_MAP (self->map), self->map_day);
      adw_bin_set_child (self->map_bin, self->map);
      /* The timeline keeps about three fifths of the width. */
      if (gtk_widget_get_width (GTK_WIDGET (self->map_paned)) > 0)
        gtk_paned_set_position (self->map_paned, gtk_widget_get_width (GTK_WIDGET (self->map_paned)) * 3 / 5);
      else
        gtk_paned_set_position (self->map_paned, 700);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->map_bin), self->map_visible && self->map != NULL);
}

/*
 * Callbacks
 */

static gboolean
reload_idle_cb (gpointer data)
{
  OpsDispatchPage *self = data;
  g_autofree char *summary = g_steal_pointer (&self->pending_toast);

  self->reload_id = 0;
  ops_dispatch_page_reload (self);
  _ops_dispatch_page_toast_change (self, summary);
  return G_SOURCE_REMOVE;
}

static void
on_bus_event_cb (OpsEventBus     *bus,
                 const char      *topic,
                 JsonNode        *data,
                 OpsDispatchPage *self)
{
  /* A finished sync may bring other dispatchers' changes from ERPNext:
   * only the rows that changed are replaced. */
  if (!ops_event_topic_matches ("dispatch", topic) && !g_str_equal (topic, "sync"))
    return;

  /* Undo and redo say so in the event: they get no "Undo" toast.  Another
   * console's change ("remote") and a sync leave a pending toast alone. */
  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      JsonObject *object = json_node_get_object (data);
      const char *action = json_object_get_string_member_with_default (object, "action", "");
      const char *summary = json_object_get_string_member_with_default (object, "summary", NULL);

      if (g_str_equal (action, "change") || g_str_equal (action, "undo") || g_str_equal (action, "redo"))
        {
          g_clear_pointer (&self->pending_toast, g_free);
          if (g_str_equal (action, "change") && summary != NULL)
            self->pending_toast = g_strdup (summary);
        }
    }

  if (self->reload_id == 0)
    self->reload_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, reload_idle_cb, self, NULL);
}

static void
on_editor_applied_cb (OpsDispatchPage *self,
                      GParamSpec      *pspec,
                      OpsDispatchEditor *editor)
{
  _ops_dispatch_page_update_undo (self);
}

static void
on_range_changed_cb (OpsDispatchPage *self,
                     OpsTimeAxis     *axis)
{
  update_date_label (self);
  ensure_loaded (self);
  update_map_day (self);
  _ops_dispatch_page_queue_save_view (self);
}

static void
on_selection_changed_cb (OpsDispatchPage      *self,
                         OpsDispatchSelection *selection)
{
  _ops_dispatch_page_update_panel (self);
}

static void
on_job_activated_cb (OpsDispatchPage *self,
                     const char      *job,
                     GtkWidget       *source)
{
  open_panel (self, job);
}

static void
open_candidates_from (OpsDispatchPage *self,
                      const char      *job_name,
                      GtkWidget       *source,
                      GtkPositionType  side)
{
  g_autoptr(OpsDispatchJob) stored = NULL;
  g_autoptr(GError) error = NULL;
  const OpsDispatchJob *job;
  graphene_rect_t bounds;
  GdkRectangle rect = { 0, 0, 1, 1 };

  if (self->board == NULL || job_name == NULL)
    return;

  /* The store has the job as it is now, on the board or in the tray. */
  stored = ops_store_get_job (ops_dispatch_board_get_store (self->board), job_name, &error);
  if (stored == NULL)
    {
      _ops_dispatch_page_show_error (self, error);
      return;
    }
  job = stored;

  if (g_strcmp0 (ops_dispatch_selection_get_job (self->selection), job_name) != 0)
    ops_dispatch_selection_set (self->selection, job_name, job->technician);

  ops_dispatch_candidates_popover_set_job (OPS_DISPATCH_CANDIDATES_POPOVER (self->candidates), job,
                                           ops_time_axis_get_begin (self->axis) + 12 * 3600);

  if (source != NULL && gtk_widget_compute_bounds (source, GTK_WIDGET (self), &bounds))
    {
      switch (side)
        {
        case GTK_POS_RIGHT:
          rect.x = (int)(bounds.origin.x + bounds.size.width) - 1;
          rect.y = (int)(bounds.origin.y + bounds.size.height / 3);
          break;
        case GTK_POS_LEFT:
          rect.x = (int)bounds.origin.x;
          rect.y = (int)(bounds.origin.y + bounds.size.height / 3);
          break;
        case GTK_POS_TOP:
        case GTK_POS_BOTTOM:
        default:
          rect.x = (int)(bounds.origin.x + bounds.size.width / 2);
          rect.y = (int)(bounds.origin.y + bounds.size.height / 4);
          break;
        }
    }
  gtk_popover_set_pointing_to (GTK_POPOVER (self->candidates), &rect);
  gtk_popover_set_position (GTK_POPOVER (self->candidates), side);
  gtk_popover_popup (GTK_POPOVER (self->candidates));
}

static void
on_timeline_candidates_cb (OpsDispatchPage *self,
                           const char      *job,
                           GtkWidget       *timeline)
{
  open_candidates_from (self, job, timeline, GTK_POS_BOTTOM);
}

static void
on_tray_candidates_cb (OpsDispatchPage *self,
                       const char      *job,
                       GtkWidget       *tray)
{
  open_candidates_from (self, job, tray, GTK_POS_RIGHT);
}

static void
on_panel_assign_cb (OpsDispatchPage *self,
                    const char      *job,
                    GtkWidget       *panel)
{
  open_candidates_from (self, job, panel, GTK_POS_LEFT);
}

void
_ops_dispatch_page_close_panel (OpsDispatchPage *self)
{
  self->panel_closed = TRUE;
  _ops_dispatch_page_update_panel (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->timeline));
}

static void
on_panel_close_cb (OpsDispatchPage *self,
                   GtkWidget       *panel)
{
  _ops_dispatch_page_close_panel (self);
}

static void
on_change_failed_cb (OpsDispatchPage *self,
                     const GError    *error,
                     GtkWidget       *source)
{
  _ops_dispatch_page_show_error (self, error);
}

static void
on_filter_requested_cb (OpsDispatchPage *self,
                        GtkWidget       *timeline)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "dispatch.filter", NULL);
}

/*
 * GtkWidget overrides
 */

static void
ops_dispatch_page_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);

  gtk_widget_measure (GTK_WIDGET (self->toast_overlay), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
ops_dispatch_page_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (widget);

  gtk_widget_allocate (GTK_WIDGET (self->toast_overlay), width, height, baseline, NULL);
  if (self->candidates != NULL && gtk_widget_get_visible (self->candidates))
    gtk_popover_present (GTK_POPOVER (self->candidates));
}

/*
 * GObject overrides
 */

static void
disconnect (OpsDispatchPage *self)
{
  if (self->bus_handler != 0)
    g_clear_signal_handler (&self->bus_handler, ops_service_layer_get_bus (self->services));
  if (self->axis != NULL)
    g_clear_signal_handler (&self->range_handler, self->axis);
  if (self->editor != NULL)
    g_signal_handlers_disconnect_by_data (self->editor, self);
  g_clear_handle_id (&self->reload_id, g_source_remove);
  _ops_dispatch_page_flush_save_view (self);
}

static void
ops_dispatch_page_dispose (GObject *object)
{
  OpsDispatchPage *self = (OpsDispatchPage *)object;
  GtkWidget *child;

  disconnect (self);
  _ops_dispatch_page_destroy_map_window (self);
  g_clear_pointer (&self->candidates, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_DISPATCH_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->map = NULL;
  g_clear_object (&self->axis);
  g_clear_object (&self->editor);
  g_clear_object (&self->board);
  g_clear_object (&self->selection);
  g_clear_object (&self->settings);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_dispatch_page_parent_class)->dispose (object);
}

static void
ops_dispatch_page_finalize (GObject *object)
{
  OpsDispatchPage *self = (OpsDispatchPage *)object;

  g_free (self->loaded_from);
  g_free (self->loaded_to);
  g_free (self->map_day);
  g_free (self->panel_job);
  g_free (self->pending_toast);

  G_OBJECT_CLASS (ops_dispatch_page_parent_class)->finalize (object);
}

static void
ops_dispatch_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_MAP_VISIBLE:
      g_value_set_boolean (value, self->map_visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_dispatch_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  OpsDispatchPage *self = OPS_DISPATCH_PAGE (object);

  switch (prop_id)
    {
    case PROP_MAP_VISIBLE:
      ops_dispatch_page_set_map_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_dispatch_page_class_init (OpsDispatchPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_dispatch_page_dispose;
  object_class->finalize = ops_dispatch_page_finalize;
  object_class->get_property = ops_dispatch_page_get_property;
  object_class->set_property = ops_dispatch_page_set_property;
  widget_class->measure = ops_dispatch_page_measure;
  widget_class->size_allocate = ops_dispatch_page_size_allocate;

  properties[PROP_MAP_VISIBLE] =
    g_param_spec_boolean ("map-visible", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OPS_TYPE_DISPATCH_TRAY);
  g_type_ensure (OPS_TYPE_DISPATCH_TIMELINE);
  g_type_ensure (OPS_TYPE_DISPATCH_JOB_PANEL);

  gtk_widget_class_set_css_name (widget_class, "dispatchpage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-dispatch-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, date_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, undo_button);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, redo_button);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, map_toggle);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, map_paned);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, tray);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, timeline);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, map_bin);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, panel_separator);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchPage, job_panel);

  _ops_dispatch_page_class_init_actions (widget_class);
}

static void
ops_dispatch_page_init (OpsDispatchPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->selection = ops_dispatch_selection_new ();
  g_signal_connect_object (self->selection, "changed", G_CALLBACK (on_selection_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->candidates = ops_dispatch_candidates_popover_new ();
  gtk_widget_set_parent (self->candidates, GTK_WIDGET (self));
  g_signal_connect_object (self->candidates, "change-failed", G_CALLBACK (on_change_failed_cb),
                           self, G_CONNECT_SWAPPED);

  ops_dispatch_tray_set_selection (self->tray, self->selection);
  g_signal_connect_object (self->tray, "job-activated", G_CALLBACK (on_job_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->tray, "candidates-requested", G_CALLBACK (on_tray_candidates_cb),
                           self, G_CONNECT_SWAPPED);

  ops_dispatch_timeline_set_selection (self->timeline, self->selection);
  g_signal_connect_object (self->timeline, "job-activated", G_CALLBACK (on_job_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "candidates-requested", G_CALLBACK (on_timeline_candidates_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "change-failed", G_CALLBACK (on_change_failed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->timeline, "filter-requested", G_CALLBACK (on_filter_requested_cb),
                           self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->job_panel, "assign-requested", G_CALLBACK (on_panel_assign_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job_panel, "close-requested", G_CALLBACK (on_panel_close_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->job_panel, "change-failed", G_CALLBACK (on_change_failed_cb),
                           self, G_CONNECT_SWAPPED);

  _ops_dispatch_page_update_actions (self);
}

/*
 * Public API
 */

/**
 * ops_dispatch_page_set_services:
 * @services: (nullable): the store, the bus and the outbox the page works on
 */
void
ops_dispatch_page_set_services (OpsDispatchPage *self,
                                OpsServiceLayer *services)
{
  OpsStore *store;

  g_return_if_fail (OPS_IS_DISPATCH_PAGE (self));
  g_return_if_fail (services == NULL || OPS_IS_SERVICE_LAYER (services));

  if (self->services == services)
    return;

  disconnect (self);
  g_clear_object (&self->axis);
  g_clear_object (&self->editor);
  g_clear_object (&self->board);
  g_clear_pointer (&self->loaded_from, g_free);
  g_clear_pointer (&self->loaded_to, g_free);
  g_clear_pointer (&self->map_day, g_free);
  ops_dispatch_timeline_set_loaded_range (self->timeline, 0, 0);
  g_set_object (&self->services, services);
  self->restored = FALSE;

  if (services == NULL || (store = ops_service_layer_get_store (services)) == NULL)
    {
      _ops_dispatch_page_update_actions (self);
      return;
    }

  self->board = ops_dispatch_board_new (store);
  ops_dispatch_board_set_speed_kmh (self->board, travel_speed (self));
  self->editor = ops_dispatch_editor_new (services);
  g_signal_connect_object (self->editor, "notify::can-undo", G_CALLBACK (on_editor_applied_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::can-redo", G_CALLBACK (on_editor_applied_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::redo-label", G_CALLBACK (on_editor_applied_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->editor, "notify::undo-label", G_CALLBACK (on_editor_applied_cb),
                           self, G_CONNECT_SWAPPED);

  ops_dispatch_timeline_set_board (self->timeline, self->board);
  ops_dispatch_timeline_set_editor (self->timeline, self->editor);
  ops_dispatch_tray_set_store (self->tray, store);
  ops_dispatch_job_panel_set_editor (self->job_panel, self->editor);
  ops_dispatch_job_panel_set_board (self->job_panel, self->board);
  ops_dispatch_job_panel_set_services (self->job_panel, services);
  ops_dispatch_candidates_popover_set_board (OPS_DISPATCH_CANDIDATES_POPOVER (self->candidates), self->board);
  ops_dispatch_candidates_popover_set_editor (OPS_DISPATCH_CANDIDATES_POPOVER (self->candidates), self->editor);
  if (self->map != NULL)
    ops_dispatch_map_set_board (OPS_DISPATCH_MAP (self->map), self->board);

  self->axis = g_object_ref (ops_dispatch_timeline_get_axis (self->timeline));
  _ops_dispatch_page_restore_view (self);
  self->range_handler = g_signal_connect_object (self->axis, "range-changed",
                                                 G_CALLBACK (on_range_changed_cb), self, G_CONNECT_SWAPPED);
  update_date_label (self);
  ensure_loaded (self);
  update_map_day (self);

  self->bus_handler = g_signal_connect (ops_service_layer_get_bus (services), "event",
                                        G_CALLBACK (on_bus_event_cb), self);

  show_map_pane (self);
  _ops_dispatch_page_update_actions (self);
}

/**
 * ops_dispatch_page_set_settings:
 * @settings: (nullable): the application's settings
 */
void
ops_dispatch_page_set_settings (OpsDispatchPage *self,
                                GSettings       *settings)
{
  g_return_if_fail (OPS_IS_DISPATCH_PAGE (self));

  if (!g_set_object (&self->settings, settings) || settings == NULL)
    return;

  g_settings_bind (settings, "dispatch-map-visible", self, "map-visible", G_SETTINGS_BIND_DEFAULT);
  if (self->restored)
    {
      self->restored = FALSE;
      _ops_dispatch_page_restore_view (self);
    }
}

OpsDispatchBoard *
ops_dispatch_page_get_board (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), NULL);

  return self->board;
}

OpsDispatchSelection *
ops_dispatch_page_get_selection (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), NULL);

  return self->selection;
}

OpsDispatchEditor *
ops_dispatch_page_get_editor (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), NULL);

  return self->editor;
}

GtkWidget *
ops_dispatch_page_get_timeline (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), NULL);

  return GTK_WIDGET (self->timeline);
}

GtkWidget *
ops_dispatch_page_get_tray (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), NULL);

  return GTK_WIDGET (self->tray);
}

GtkWidget *
ops_dispatch_page_get_job_panel (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), NULL);

  return GTK_WIDGET (self->job_panel);
}

GtkWidget *
ops_dispatch_page_get_candidates (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), NULL);

  return self->candidates;
}

GtkWidget *
ops_dispatch_page_get_map (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), NULL);

  return self->map;
}

void
ops_dispatch_page_set_map_visible (OpsDispatchPage *self,
                                   gboolean         visible)
{
  g_return_if_fail (OPS_IS_DISPATCH_PAGE (self));

  visible = !!visible;
  if (self->map_visible == visible)
    return;
  self->map_visible = visible;
  show_map_pane (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAP_VISIBLE]);
}

gboolean
ops_dispatch_page_get_map_visible (OpsDispatchPage *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_PAGE (self), FALSE);

  return self->map_visible;
}

void
ops_dispatch_page_open_candidates (OpsDispatchPage *self,
                                   const char      *job)
{
  g_return_if_fail (OPS_IS_DISPATCH_PAGE (self));

  open_candidates_from (self, job, GTK_WIDGET (self->timeline), GTK_POS_BOTTOM);
}

void
ops_dispatch_page_reload (OpsDispatchPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (OPS_IS_DISPATCH_PAGE (self));

  if (self->board == NULL)
    return;
  g_clear_handle_id (&self->reload_id, g_source_remove);

  if (self->loaded_from != NULL && !ops_dispatch_board_reload (self->board, &error))
    g_warning ("Could not reload the dispatch board: %s", error->message);
  ops_dispatch_tray_reload (self->tray);
  ops_dispatch_job_panel_refresh (self->job_panel);
}
