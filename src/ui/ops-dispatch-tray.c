/* ops-dispatch-tray.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list model holds job names (GtkStringList); the jobs themselves stay
 * in an array read from the store at each reload, found by name at bind.
 */

#define G_LOG_DOMAIN "OpsDispatchTray"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ops-dispatch-text.h"
#include "ops-dispatch-timeline.h"
#include "ops-dispatch-tray.h"

#define N_DATES 7

enum {
  FILTER_TYPE,
  FILTER_PRIORITY,
  FILTER_TAG,
  FILTER_ZONE,
  FILTER_DATE,
  N_FILTERS
};

struct _OpsDispatchTray
{
  GtkWidget             parent_instance;

  GtkToggleButton      *unassigned_button;
  GtkToggleButton      *hold_button;
  GtkToggleButton      *cancelled_button;
  GtkLabel             *unassigned_count;
  GtkLabel             *hold_count;
  GtkLabel             *cancelled_count;
  GtkDropDown          *type_dropdown;
  GtkDropDown          *priority_dropdown;
  GtkDropDown          *tag_dropdown;
  GtkDropDown          *zone_dropdown;
  GtkDropDown          *date_dropdown;
  GtkStack             *stack;
  GtkListView          *list_view;
  AdwStatusPage        *empty_page;

  OpsStore             *store;
  OpsDispatchSelection *selection;
  GtkStringList        *names;
  GtkSingleSelection   *list_selection;
  GPtrArray            *jobs;        /* OpsDispatchJob*, in list order */
  GHashTable           *by_name;     /* name → job in jobs (borrowed) */
  GStrv                 values[N_FILTERS];  /* raw values behind each dropdown's items 1.. */
  char                 *text;
  OpsTrayKind           kind;
  guint                 counts[3];
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (OpsDispatchTray, ops_dispatch_tray, GTK_TYPE_WIDGET)

enum {
  SIGNAL_JOB_ACTIVATED,
  SIGNAL_CANDIDATES_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *filter_columns[] = { "job_type", "priority", "tag", "zone" };

/*
 * Auxiliary methods
 */

static GtkDropDown *
get_dropdown (OpsDispatchTray *self,
              guint            filter)
{
  GtkDropDown *dropdowns[] = {
    self->type_dropdown, self->priority_dropdown, self->tag_dropdown,
    self->zone_dropdown, self->date_dropdown,
  };

  return dropdowns[filter];
}

static const char *
get_filter_value (OpsDispatchTray *self,
                  guint            filter)
{
  guint selected = gtk_drop_down_get_selected (get_dropdown (self, filter));

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION || self->values[filter] == NULL ||
      selected > g_strv_length (self->values[filter]))
    return NULL;
  return self->values[filter][selected - 1];
}

/* Replaces a dropdown's choices, keeping the chosen value when it is still
 * offered. */
static void
set_filter_values (OpsDispatchTray  *self,
                   guint             filter,
                   const char       *any,
                   GStrv             values,
                   const char *const *shown)
{
  GtkDropDown *dropdown = get_dropdown (self, filter);
  g_autofree char *chosen = g_strdup (get_filter_value (self, filter));
  g_autoptr(GtkStringList) model = NULL;
  guint selected = 0;

  if (self->values[filter] != NULL && g_strv_equal ((const char *const *)self->values[filter],
                                                    (const char *const *)values))
    {
      g_strfreev (values);
      return;
    }

  model = gtk_string_list_new (NULL);
  gtk_string_list_append (model, any);
  for (guint i = 0; values[i] != NULL; i++)
    {
      gtk_string_list_append (model, shown ? shown[i] : values[i]);
      if (g_strcmp0 (values[i], chosen) == 0)
        selected = i + 1;
    }
  g_strfreev (self->values[filter]);
  self->values[filter] = values;
  gtk_drop_down_set_model (dropdown, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (dropdown, selected);
}

static void
load_filter_values (OpsDispatchTray *self)
{
  static const char *any[] = { N_("Any type"), N_("Any priority"), N_("Any tag"), N_("Any zone") };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = ops_dispatch_day_of (g_date_time_to_unix (now));
  gint64 today_start = ops_dispatch_day_start (today);
  g_autoptr(GStrvBuilder) dates = g_strv_builder_new ();
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (filter_columns); i++)
    {
      g_autoptr(GError) error = NULL;
      GStrv values = ops_store_tray_filter_values (self->store, filter_columns[i], &error);

      if (values == NULL)
        {
          g_warning ("Could not read the tray's %s values: %s", filter_columns[i], error->message);
          values = g_new0 (char *, 1);
        }
      if (i == FILTER_PRIORITY)
        {
          g_autoptr(GPtrArray) words = g_ptr_array_new ();

          for (guint j = 0; values[j] != NULL; j++)
            g_ptr_array_add (words, (gpointer)ops_dispatch_priority_label (values[j]).label);
          g_ptr_array_add (words, NULL);
          set_filter_values (self, i, _(any[i]), values, (const char *const *)words->pdata);
        }
      else
        set_filter_values (self, i, _(any[i]), values, NULL);
    }

  /* Dates: today and the days after it; midday steps over DST changes. */
  for (guint i = 0; i < N_DATES; i++)
    {
      gint64 t = today_start + i * 86400 + 12 * 3600;
      char *day = ops_dispatch_day_of (t);

      g_strv_builder_add (dates, day);
      g_ptr_array_add (shown, day);
      g_ptr_array_add (labels, ops_dispatch_format_day (t));
    }
  g_ptr_array_add (labels, NULL);
  set_filter_values (self, FILTER_DATE, _("Any date"), g_strv_builder_end (dates),
                     (const char *const *)labels->pdata);
}

static void
fill_filter (OpsDispatchTray *self,
             OpsTrayFilter   *filter)
{
  filter->job_type = get_filter_value (self, FILTER_TYPE);
  filter->priority = get_filter_value (self, FILTER_PRIORITY);
  filter->tag = get_filter_value (self, FILTER_TAG);
  filter->zone = get_filter_value (self, FILTER_ZONE);
  filter->date = get_filter_value (self, FILTER_DATE);
  filter->text = self->text && *self->text ? self->text : NULL;
}

static void
show_counts (OpsDispatchTray *self)
{
  GtkLabel *labels[] = { self->unassigned_count, self->hold_count, self->cancelled_count };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", self->counts[i]);

      gtk_label_set_label (labels[i], text);
    }
}

/* Selects the shared selection's job in the list, or nothing. */
static void
follow_selection (OpsDispatchTray *self)
{
  const char *job = self->selection ? ops_dispatch_selection_get_job (self->selection) : NULL;
  guint position = GTK_INVALID_LIST_POSITION;

  if (job != NULL)
    for (guint i = 0; i < self->jobs->len; i++)
      if (g_strcmp0 (((OpsDispatchJob *)self->jobs->pdata[i])->name, job) == 0)
        {
          position = i;
          break;
        }

  self->updating = TRUE;
  gtk_single_selection_set_selected (self->list_selection, position);
  self->updating = FALSE;
}

static void
load_jobs (OpsDispatchTray *self)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  OpsTrayFilter filter = { 0 };

  fill_filter (self, &filter);
  if (!ops_store_count_tray (self->store, &filter, self->counts, &error))
    {
      g_warning ("Could not count the tray's jobs: %s", error->message);
      g_clear_error (&error);
    }
  show_counts (self);

  jobs = ops_store_list_tray (self->store, self->kind, &filter, &error);
  if (jobs == NULL)
    {
      g_warning ("Could not read the tray's jobs: %s", error->message);
      jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_dispatch_job_free);
    }

  for (guint i = 0; i < jobs->len; i++)
    g_ptr_array_add (names, ((OpsDispatchJob *)jobs->pdata[i])->name);
  g_ptr_array_add (names, NULL);

  /* The rows read the new jobs at bind: swap them in first. */
  g_hash_table_remove_all (self->by_name);
  for (guint i = 0; i < jobs->len; i++)
    g_hash_table_insert (self->by_name, ((OpsDispatchJob *)jobs->pdata[i])->name, jobs->pdata[i]);
  g_ptr_array_unref (self->jobs);
  self->jobs = g_steal_pointer (&jobs);

  self->updating = TRUE;
  gtk_string_list_splice (self->names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->names)),
                          (const char *const *)names->pdata);
  self->updating = FALSE;
  follow_selection (self);

  gtk_stack_set_visible_child_name (self->stack, self->jobs->len > 0 ? "list" : "empty");
}

static const char *
get_selected_job (OpsDispatchTray *self)
{
  GtkStringObject *item = gtk_single_selection_get_selected_item (self->list_selection);

  return item ? gtk_string_object_get_string (item) : NULL;
}

/*
 * Callbacks
 */

static void
on_tab_toggled_cb (OpsDispatchTray *self,
                   GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button))
    return;

  if (button == self->hold_button)
    ops_dispatch_tray_set_kind (self, OPS_TRAY_ON_HOLD);
  else if (button == self->cancelled_button)
    ops_dispatch_tray_set_kind (self, OPS_TRAY_CANCELLED);
  else
    ops_dispatch_tray_set_kind (self, OPS_TRAY_UNASSIGNED);
}

static void
on_filter_changed_cb (OpsDispatchTray *self,
                      GParamSpec      *pspec,
                      GtkDropDown     *dropdown)
{
  if (self->store != NULL && !self->updating)
    load_jobs (self);
}

static void
on_list_activate_cb (OpsDispatchTray *self,
                     guint            position,
                     GtkListView     *view)
{
  GtkStringObject *item;

  if (position >= g_list_model_get_n_items (G_LIST_MODEL (self->names)))
    return;
  gtk_single_selection_set_selected (self->list_selection, position);
  item = g_list_model_get_item (G_LIST_MODEL (self->names), position);
  g_signal_emit (self, signals[SIGNAL_JOB_ACTIVATED], 0, gtk_string_object_get_string (item));
  g_object_unref (item);
}

static void
on_list_selected_cb (OpsDispatchTray    *self,
                     GParamSpec         *pspec,
                     GtkSingleSelection *selection)
{
  const char *job;

  if (self->updating || self->selection == NULL)
    return;
  if ((job = get_selected_job (self)) != NULL)
    ops_dispatch_selection_set (self->selection, job, NULL);
}

static void
on_selection_changed_cb (OpsDispatchTray      *self,
                         OpsDispatchSelection *selection)
{
  follow_selection (self);
}

static gboolean
on_list_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        OpsDispatchTray       *self)
{
  const char *job = get_selected_job (self);

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0 || job == NULL)
    return GDK_EVENT_PROPAGATE;
  if (keyval == GDK_KEY_a || keyval == GDK_KEY_A)
    {
      g_signal_emit (self, signals[SIGNAL_CANDIDATES_REQUESTED], 0, job);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static GdkContentProvider *
on_drag_prepare_cb (GtkDragSource *source,
                    double         x,
                    double         y,
                    gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  const char *job = g_object_get_data (G_OBJECT (row), "job");
  g_autofree char *value = NULL;

  if (job == NULL)
    return NULL;
  value = g_strconcat (OPS_DISPATCH_DRAG_PREFIX, job, NULL);
  return gdk_content_provider_new_typed (G_TYPE_STRING, value);
}

static void
on_drag_begin_cb (GtkDragSource *source,
                  GdkDrag       *drag,
                  gpointer       user_data)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (row);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);
  GtkWidget *priority = gtk_label_new (NULL);
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_set_valign (priority, GTK_ALIGN_START);
  gtk_widget_add_css_class (priority, "pill");

  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (texts), details);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), priority);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE | GDK_ACTION_COPY);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare_cb), NULL);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin_cb), NULL);
  gtk_widget_add_controller (box, GTK_EVENT_CONTROLLER (source));

  gtk_list_item_set_child (item, box);
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                OpsDispatchTray          *self)
{
  GtkStringObject *name = gtk_list_item_get_item (item);
  const OpsDispatchJob *job = g_hash_table_lookup (self->by_name, gtk_string_object_get_string (name));
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *details = gtk_widget_get_next_sibling (subtitle);
  GtkWidget *priority = gtk_widget_get_next_sibling (texts);
  static const char *styles[] = { "success", "warning", "error", "accent" };
  g_autoptr(GString) sub = g_string_new (NULL);
  g_autoptr(GString) more = g_string_new (NULL);
  g_autofree char *city = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *tooltip = NULL;
  OpsLabel label;

  if (job == NULL)
    return;

  g_object_set_data_full (G_OBJECT (box), "job", g_strdup (job->name), g_free);

  city = ops_dispatch_city_of (job->address);
  g_string_append (sub, job->customer_name ? job->customer_name : job->customer ? job->customer : job->name);
  if (city != NULL)
    g_string_append_printf (sub, " · %s", city);

  duration = ops_dispatch_format_duration (job->duration_min);
  g_string_append_printf (more, "%s · %s", job->name, duration);
  if (job->job_type && *job->job_type)
    g_string_append_printf (more, " · %s", job->job_type);
  if (job->tags[0] != NULL)
    {
      g_autofree char *tags = g_strjoinv (", ", job->tags);

      g_string_append_printf (more, " · %s", tags);
    }

  gtk_label_set_label (GTK_LABEL (title), job->subject ? job->subject : job->name);
  gtk_label_set_label (GTK_LABEL (subtitle), sub->str);
  gtk_label_set_label (GTK_LABEL (details), more->str);

  label = ops_dispatch_priority_label (job->priority);
  gtk_label_set_label (GTK_LABEL (priority), label.label ? label.label : "");
  gtk_widget_set_visible (priority, label.label != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (priority, styles[i]);
  if (label.style)
    gtk_widget_add_css_class (priority, label.style);

  /* Translators: tooltip of a job in the tray. */
  tooltip = g_strdup_printf (_("%s — drag it onto a technician, or press A for candidates"),
                             job->address ? job->address : job->name);
  gtk_widget_set_tooltip_text (box, tooltip);
}

/*
 * GObject overrides
 */

static void
ops_dispatch_tray_dispose (GObject *object)
{
  OpsDispatchTray *self = (OpsDispatchTray *)object;
  GtkWidget *child;

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_DISPATCH_TRAY);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->list_selection);
  g_clear_object (&self->names);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ops_dispatch_tray_parent_class)->dispose (object);
}

static void
ops_dispatch_tray_finalize (GObject *object)
{
  OpsDispatchTray *self = (OpsDispatchTray *)object;

  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  for (guint i = 0; i < N_FILTERS; i++)
    g_strfreev (self->values[i]);
  g_free (self->text);

  G_OBJECT_CLASS (ops_dispatch_tray_parent_class)->finalize (object);
}

static void
ops_dispatch_tray_class_init (OpsDispatchTrayClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_dispatch_tray_dispose;
  object_class->finalize = ops_dispatch_tray_finalize;

  signals[SIGNAL_JOB_ACTIVATED] =
    g_signal_new ("job-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CANDIDATES_REQUESTED] =
    g_signal_new ("candidates-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dispatchtray");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-dispatch-tray.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, unassigned_button);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, hold_button);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, cancelled_button);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, unassigned_count);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, hold_count);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, cancelled_count);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, priority_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, tag_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, zone_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, date_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, stack);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, list_view);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchTray, empty_page);
  gtk_widget_class_bind_template_callback (widget_class, on_tab_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
}

static void
ops_dispatch_tray_init (OpsDispatchTray *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;

  self->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_dispatch_job_free);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->kind = OPS_TRAY_UNASSIGNED;

  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  self->updating = FALSE;

  self->names = gtk_string_list_new (NULL);
  self->list_selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->names)));
  gtk_single_selection_set_autoselect (self->list_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->list_selection, TRUE);
  g_signal_connect_object (self->list_selection, "notify::selected",
                           G_CALLBACK (on_list_selected_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->list_selection));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_list_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), keys);

  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/*
 * Public API
 */

GtkWidget *
ops_dispatch_tray_new (void)
{
  return g_object_new (OPS_TYPE_DISPATCH_TRAY, NULL);
}

void
ops_dispatch_tray_set_store (OpsDispatchTray *self,
                             OpsStore        *store)
{
  g_return_if_fail (OPS_IS_DISPATCH_TRAY (self));

  if (g_set_object (&self->store, store))
    ops_dispatch_tray_reload (self);
}

void
ops_dispatch_tray_set_selection (OpsDispatchTray      *self,
                                 OpsDispatchSelection *selection)
{
  g_return_if_fail (OPS_IS_DISPATCH_TRAY (self));

  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  if (g_set_object (&self->selection, selection) && selection != NULL)
    g_signal_connect_object (selection, "changed", G_CALLBACK (on_selection_changed_cb),
                             self, G_CONNECT_SWAPPED);
  follow_selection (self);
}

void
ops_dispatch_tray_reload (OpsDispatchTray *self)
{
  g_return_if_fail (OPS_IS_DISPATCH_TRAY (self));

  if (self->store == NULL)
    return;

  self->updating = TRUE;
  load_filter_values (self);
  self->updating = FALSE;
  load_jobs (self);
}

void
ops_dispatch_tray_set_kind (OpsDispatchTray *self,
                            OpsTrayKind      kind)
{
  GtkToggleButton *buttons[] = { self->unassigned_button, self->hold_button, self->cancelled_button };

  g_return_if_fail (OPS_IS_DISPATCH_TRAY (self));
  g_return_if_fail (kind <= OPS_TRAY_CANCELLED);

  if (!gtk_toggle_button_get_active (buttons[kind]))
    gtk_toggle_button_set_active (buttons[kind], TRUE);  /* comes back here */
  if (self->kind == kind)
    return;
  self->kind = kind;
  if (self->store != NULL)
    load_jobs (self);
}

OpsTrayKind
ops_dispatch_tray_get_kind (OpsDispatchTray *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_TRAY (self), OPS_TRAY_UNASSIGNED);

  return self->kind;
}

void
ops_dispatch_tray_set_text (OpsDispatchTray *self,
                            const char      *text)
{
  g_return_if_fail (OPS_IS_DISPATCH_TRAY (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->store != NULL)
    load_jobs (self);
}

guint
ops_dispatch_tray_get_count (OpsDispatchTray *self,
                             OpsTrayKind      kind)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_TRAY (self), 0);
  g_return_val_if_fail (kind <= OPS_TRAY_CANCELLED, 0);

  return self->counts[kind];
}

guint
ops_dispatch_tray_get_n_jobs (OpsDispatchTray *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_TRAY (self), 0);

  return self->jobs->len;
}

const OpsDispatchJob *
ops_dispatch_tray_get_job (OpsDispatchTray *self,
                           guint            position)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_TRAY (self), NULL);

  return position < self->jobs->len ? self->jobs->pdata[position] : NULL;
}

const OpsDispatchJob *
ops_dispatch_tray_find_job (OpsDispatchTray *self,
                            const char      *name)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_TRAY (self), NULL);

  return name ? g_hash_table_lookup (self->by_name, name) : NULL;
}

void
ops_dispatch_tray_focus (OpsDispatchTray *self)
{
  guint selected;

  g_return_if_fail (OPS_IS_DISPATCH_TRAY (self));

  if (self->jobs->len == 0)
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->unassigned_button));
      return;
    }
  selected = gtk_single_selection_get_selected (self->list_selection);
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", selected);
  gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}
