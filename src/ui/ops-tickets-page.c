/* ops-tickets-page.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The list on the left (filters with their counts, search, newest
 * activity first), the open ticket on the right.  The list is read again
 * from the store whenever the bus says conversations, customers, the
 * outbox or a sync changed something, keeping the selection.
 */

#define G_LOG_DOMAIN "OpsTicketsPage"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-labels.h"
#include "ops-store-tickets.h"
#include "ops-ticket-item.h"
#include "ops-ticket-view.h"
#include "ops-tickets-page.h"

#define FIRST_RESPONSE_DUE_SECONDS (60 * 60)

struct _OpsTicketsPage
{
  AdwBin              parent_instance;

  GtkToggleButton    *filter_buttons[OPS_TICKETS_ALL + 1];
  GtkSearchEntry     *search_entry;
  GtkStack           *list_stack;
  GtkListView        *list_view;
  OpsTicketView      *ticket_view;

  OpsServiceLayer    *services;
  GListStore         *tickets;
  GtkSingleSelection *selection;
  OpsTicketFilter     filter;
  char               *me;
  guint               counts[OPS_TICKETS_ALL + 1];
  guint               refresh_id;
  gboolean            watching;
};

G_DEFINE_FINAL_TYPE (OpsTicketsPage, ops_tickets_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_ME,
  PROP_TICKET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const watched_topics[] = { "conversations", "customer:*", "sync", "outbox", "resync" };

/*
 * Auxiliary methods
 */

static const char *
filter_title (OpsTicketFilter filter)
{
  switch (filter)
    {
    case OPS_TICKETS_MINE:
      return C_("tickets", "Mine");
    case OPS_TICKETS_UNASSIGNED:
      return C_("tickets", "Unassigned");
    case OPS_TICKETS_OPEN:
      return C_("tickets", "Open");
    case OPS_TICKETS_WAITING:
      /* TRANSLATORS: a ticket filter, short: waiting on the customer's reply */
      return C_("tickets", "Waiting");
    case OPS_TICKETS_ALL:
    default:
      return C_("tickets", "All");
    }
}

/* "3 min", "5 h", "2 d": short, for the list. */
static char *
format_span (gint64 seconds)
{
  if (seconds < 60)
    return g_strdup (_("now"));
  if (seconds < 60 * 60)
    return g_strdup_printf (_("%d min"), (int)(seconds / 60));
  if (seconds < 24 * 60 * 60)
    return g_strdup_printf (_("%d h"), (int)(seconds / (60 * 60)));
  return g_strdup_printf (_("%d d"), (int)(seconds / (24 * 60 * 60)));
}

static gboolean
is_closed (const char *status)
{
  return g_strcmp0 (status, "Resolved") == 0 || g_strcmp0 (status, "Closed") == 0;
}

static OpsStore *
get_store (OpsTicketsPage *self)
{
  return self->services ? ops_service_layer_get_store (self->services) : NULL;
}

static const char *
selected_name (OpsTicketsPage *self)
{
  OpsTicketItem *item = gtk_single_selection_get_selected_item (self->selection);

  return item ? ops_ticket_item_get_name (item) : NULL;
}

static void
select_name (OpsTicketsPage *self,
             const char     *name)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->tickets));

  for (guint i = 0; name != NULL && i < n; i++)
    {
      g_autoptr(OpsTicketItem) item = g_list_model_get_item (G_LIST_MODEL (self->tickets), i);

      if (g_str_equal (ops_ticket_item_get_name (item), name))
        {
          gtk_single_selection_set_selected (self->selection, i);
          return;
        }
    }
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
show_counts (OpsTicketsPage *self)
{
  g_autoptr(GError) error = NULL;
  guint counts[OPS_TICKETS_ALL + 1] = { 0 };

  if (get_store (self) != NULL && !ops_store_count_tickets (get_store (self), self->me, counts, &error))
    g_warning ("Cannot count the tickets: %s", error->message);

  for (guint i = 0; i <= OPS_TICKETS_ALL; i++)
    {
      /* TRANSLATORS: a filter and how many tickets it shows: "Open (12)" */
      g_autofree char *label = g_strdup_printf (_("%s (%u)"), filter_title (i), counts[i]);

      self->counts[i] = counts[i];
      gtk_button_set_label (GTK_BUTTON (self->filter_buttons[i]), label);
    }
}

/* Reads the list again; the selected ticket stays selected. */
static void
refresh (OpsTicketsPage *self)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = g_strdup (selected_name (self));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean had_focus;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (get_store (self) == NULL)
    return;

  show_counts (self);
  rows = ops_store_list_tickets (get_store (self), self->filter, self->me,
                                 text != NULL && *text != '\0' ? text : NULL, &error);
  if (rows == NULL)
    {
      g_warning ("Cannot list the tickets: %s", error->message);
      return;
    }

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, ops_ticket_item_new (g_steal_pointer (&rows->pdata[i])));

  had_focus = gtk_widget_has_focus (GTK_WIDGET (self->list_view)) ||
              gtk_widget_get_focus_child (GTK_WIDGET (self->list_view)) != NULL;
  g_list_store_splice (self->tickets, 0, g_list_model_get_n_items (G_LIST_MODEL (self->tickets)),
                       items->pdata, items->len);
  select_name (self, keep);
  gtk_stack_set_visible_child_name (self->list_stack, items->len > 0 ? "list" : "empty");

  if (had_focus && items->len > 0)
    {
      guint position = gtk_single_selection_get_selected (self->selection);

      gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                                  position != GTK_INVALID_LIST_POSITION ? position : 0);
    }
}

static gboolean
on_refresh_timeout_cb (gpointer user_data)
{
  OpsTicketsPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  if (ops_ticket_view_get_ticket (self->ticket_view) != NULL)
    ops_ticket_view_reload (self->ticket_view);
  return G_SOURCE_REMOVE;
}

/* Bursts of events (a sync) refresh once. */
static void
queue_refresh (OpsTicketsPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add (on_refresh_timeout_cb, self);
}

static void
watch_hub (OpsTicketsPage *self,
           gboolean        watch)
{
  OpsHubClient *hub = self->services ? ops_service_layer_get_hub (self->services) : NULL;

  if (hub == NULL || self->watching == watch)
    return;
  self->watching = watch;
  if (watch)
    ops_hub_client_watch_topic (hub, "conversations");
  else
    ops_hub_client_unwatch_topic (hub, "conversations");
}

/*
 * Row widgets
 */

static GtkWidget *
small_label (GtkBox     *box,
             const char *key,
             gboolean    expand)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), expand ? PANGO_ELLIPSIZE_END : PANGO_ELLIPSIZE_NONE);
  gtk_widget_set_hexpand (label, expand);
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (box, label);
  g_object_set_data (G_OBJECT (gtk_widget_get_parent (GTK_WIDGET (box))), key, label);
  return label;
}

static void
on_setup_row_cb (GtkListItemFactory *factory,
                 GtkListItem        *list_item,
                 gpointer            user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *dot = gtk_label_new ("●");
  GtkWidget *lines = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *line;
  GtkWidget *subject;

  gtk_widget_set_margin_top (row, 6);
  gtk_widget_set_margin_bottom (row, 6);
  gtk_widget_set_valign (dot, GTK_ALIGN_START);
  gtk_widget_add_css_class (dot, "accent");
  gtk_accessible_update_property (GTK_ACCESSIBLE (dot), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Unread"), -1);
  gtk_box_append (GTK_BOX (row), dot);
  gtk_widget_set_hexpand (lines, TRUE);
  gtk_box_append (GTK_BOX (row), lines);
  g_object_set_data (G_OBJECT (lines), "dot", dot);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (lines), line);
  subject = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (subject), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subject), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (subject, TRUE);
  gtk_box_append (GTK_BOX (line), subject);
  g_object_set_data (G_OBJECT (lines), "subject", subject);
  small_label (GTK_BOX (line), "age", FALSE);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (lines), line);
  small_label (GTK_BOX (line), "customer", TRUE);
  small_label (GTK_BOX (line), "priority", FALSE);

  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (lines), line);
  small_label (GTK_BOX (line), "status", FALSE);
  small_label (GTK_BOX (line), "assignee", TRUE);
  small_label (GTK_BOX (line), "response", FALSE);

  gtk_list_item_set_child (list_item, row);
}

static void
set_style (GtkWidget  *widget,
           const char *style,
           const char *previous_styles)
{
  g_auto(GStrv) previous = g_strsplit (previous_styles, " ", -1);

  for (guint i = 0; previous[i] != NULL; i++)
    gtk_widget_remove_css_class (widget, previous[i]);
  if (style != NULL)
    gtk_widget_add_css_class (widget, style);
}

static void
on_bind_row_cb (GtkListItemFactory *factory,
                GtkListItem        *list_item,
                gpointer            user_data)
{
  OpsTicketItem *item = gtk_list_item_get_item (list_item);
  const OpsTicketRow *row = ops_ticket_item_get_row (item);
  GtkWidget *lines = gtk_widget_get_last_child (gtk_list_item_get_child (list_item));
  GObject *data = G_OBJECT (lines);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  OpsLabel priority = ops_label_ticket_priority (row->priority);
  OpsLabel status = ops_label_ticket_status (row->status);
  g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();
  g_autofree char *age = NULL;
  g_autofree char *response = NULL;
  g_autofree char *customer = NULL;
  GtkWidget *label;

  gtk_widget_set_opacity (g_object_get_data (data, "dot"), row->unread ? 1.0 : 0.0);
  label = g_object_get_data (data, "subject");
  gtk_label_set_label (GTK_LABEL (label), row->subject ? row->subject : row->name);
  if (row->unread)
    pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  gtk_label_set_attributes (GTK_LABEL (label), attrs);

  age = format_span (MAX (0, now - (row->opened_at > 0 ? row->opened_at : now)));
  label = g_object_get_data (data, "age");
  gtk_label_set_label (GTK_LABEL (label), age);
  gtk_widget_set_tooltip_text (label, _("Opened this long ago"));
  set_style (label, "dim-label", "dim-label");

  customer = g_strdup (row->customer_name ? row->customer_name : row->customer ? row->customer : _("No customer"));
  label = g_object_get_data (data, "customer");
  gtk_label_set_label (GTK_LABEL (label), customer);
  set_style (label, "dim-label", "dim-label");

  label = g_object_get_data (data, "priority");
  gtk_label_set_label (GTK_LABEL (label), priority.label ? priority.label : "");
  gtk_widget_add_css_class (label, "pill");
  set_style (label, priority.style, "success warning error accent");

  label = g_object_get_data (data, "status");
  gtk_label_set_label (GTK_LABEL (label), status.label ? status.label : "");
  set_style (label, status.style, "success warning error accent");

  label = g_object_get_data (data, "assignee");
  gtk_label_set_label (GTK_LABEL (label), row->assigned_to && *row->assigned_to ? row->assigned_to : _("Nobody"));
  set_style (label, "dim-label", "dim-label");

  label = g_object_get_data (data, "response");
  if (row->first_response_at > 0)
    {
      gint64 seconds = MAX (0, row->first_response_at - row->opened_at);
      g_autofree char *span = format_span (seconds);

      /* TRANSLATORS: time to the first reply: "replied in 25 min" */
      response = seconds < 60 ? g_strdup (_("replied at once")) : g_strdup_printf (_("replied in %s"), span);
      set_style (label, "dim-label", "dim-label warning");
    }
  else
    {
      response = g_strdup (_("No reply yet"));
      set_style (label,
                 !is_closed (row->status) && row->opened_at > 0 &&
                 now - row->opened_at > FIRST_RESPONSE_DUE_SECONDS ? "warning" : "dim-label",
                 "dim-label warning");
    }
  gtk_label_set_label (GTK_LABEL (label), response);
}

/*
 * Callbacks
 */

static void
open_position (OpsTicketsPage *self,
               guint           position)
{
  g_autoptr(OpsTicketItem) item = g_list_model_get_item (G_LIST_MODEL (self->tickets), position);

  if (item != NULL)
    ops_tickets_page_open_ticket (self, ops_ticket_item_get_name (item));
}

static void
on_list_activate_cb (OpsTicketsPage *self,
                     guint           position)
{
  open_position (self, position);
}

static void
on_search_changed_cb (OpsTicketsPage *self)
{
  refresh (self);
}

/* Enter in the search box opens the selected ticket, else the first. */
static void
on_search_activate_cb (OpsTicketsPage *self)
{
  guint position = gtk_single_selection_get_selected (self->selection);

  open_position (self, position != GTK_INVALID_LIST_POSITION ? position : 0);
}

static void
on_stop_search_cb (OpsTicketsPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* Down in the search box goes to the list. */
static gboolean
on_search_key_pressed_cb (GtkEventControllerKey *controller,
                          guint                  keyval,
                          guint                  keycode,
                          GdkModifierType        state,
                          OpsTicketsPage        *self)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return FALSE;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->tickets)) == 0)
    return FALSE;
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u",
                              gtk_single_selection_get_selected (self->selection));
  return gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

static void
on_filter_toggled_cb (GtkToggleButton *button,
                      OpsTicketsPage  *self)
{
  if (!gtk_toggle_button_get_active (button))
    return;
  for (guint i = 0; i <= OPS_TICKETS_ALL; i++)
    if (self->filter_buttons[i] == button && self->filter != (OpsTicketFilter)i)
      {
        self->filter = i;
        refresh (self);
      }
}

static void
on_bus_event_cb (OpsTicketsPage *self,
                 const char     *topic,
                 JsonNode       *data,
                 OpsEventBus    *bus)
{
  for (guint i = 0; i < G_N_ELEMENTS (watched_topics); i++)
    if (ops_event_topic_matches (watched_topics[i], topic))
      {
        queue_refresh (self);
        return;
      }
}

static void
focus_search_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  ops_tickets_page_focus_search (OPS_TICKETS_PAGE (widget));
}

/*
 * GObject overrides
 */

static void
ops_tickets_page_dispose (GObject *object)
{
  OpsTicketsPage *self = (OpsTicketsPage *)object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  watch_hub (self, FALSE);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_clear_object (&self->services);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_TICKETS_PAGE);

  G_OBJECT_CLASS (ops_tickets_page_parent_class)->dispose (object);
}

static void
ops_tickets_page_finalize (GObject *object)
{
  OpsTicketsPage *self = (OpsTicketsPage *)object;

  g_clear_object (&self->tickets);
  g_clear_object (&self->selection);
  g_clear_pointer (&self->me, g_free);

  G_OBJECT_CLASS (ops_tickets_page_parent_class)->finalize (object);
}

static void
ops_tickets_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  OpsTicketsPage *self = OPS_TICKETS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ME:
      g_value_set_string (value, self->me);
      break;
    case PROP_TICKET:
      g_value_set_string (value, ops_tickets_page_get_ticket (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_tickets_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  OpsTicketsPage *self = OPS_TICKETS_PAGE (object);

  switch (prop_id)
    {
    case PROP_ME:
      ops_tickets_page_set_me (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_tickets_page_class_init (OpsTicketsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_tickets_page_dispose;
  object_class->finalize = ops_tickets_page_finalize;
  object_class->get_property = ops_tickets_page_get_property;
  object_class->set_property = ops_tickets_page_set_property;

  properties[PROP_ME] =
    g_param_spec_string ("me", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TICKET] =
    g_param_spec_string ("ticket", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OPS_TYPE_TICKET_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-tickets-page.ui");
  gtk_widget_class_bind_template_child_full (widget_class, "filter_mine", FALSE,
                                             G_STRUCT_OFFSET (OpsTicketsPage, filter_buttons[OPS_TICKETS_MINE]));
  gtk_widget_class_bind_template_child_full (widget_class, "filter_unassigned", FALSE,
                                             G_STRUCT_OFFSET (OpsTicketsPage, filter_buttons[OPS_TICKETS_UNASSIGNED]));
  gtk_widget_class_bind_template_child_full (widget_class, "filter_open", FALSE,
                                             G_STRUCT_OFFSET (OpsTicketsPage, filter_buttons[OPS_TICKETS_OPEN]));
  gtk_widget_class_bind_template_child_full (widget_class, "filter_waiting", FALSE,
                                             G_STRUCT_OFFSET (OpsTicketsPage, filter_buttons[OPS_TICKETS_WAITING]));
  gtk_widget_class_bind_template_child_full (widget_class, "filter_all", FALSE,
                                             G_STRUCT_OFFSET (OpsTicketsPage, filter_buttons[OPS_TICKETS_ALL]));
  gtk_widget_class_bind_template_child (widget_class, OpsTicketsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketsPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, OpsTicketsPage, ticket_view);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);

  gtk_widget_class_install_action (widget_class, "tickets.focus-search", NULL, focus_search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "tickets.focus-search", NULL);
}

static void
ops_tickets_page_init (OpsTicketsPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = OPS_TICKETS_OPEN;
  self->tickets = g_list_store_new (OPS_TYPE_TICKET_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->tickets)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_row_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);

  for (guint i = 0; i <= OPS_TICKETS_ALL; i++)
    g_signal_connect (self->filter_buttons[i], "toggled", G_CALLBACK (on_filter_toggled_cb), self);
  gtk_toggle_button_set_active (self->filter_buttons[OPS_TICKETS_OPEN], TRUE);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_search_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  show_counts (self);
}

/*
 * Public API
 */

void
ops_tickets_page_set_services (OpsTicketsPage  *self,
                               OpsServiceLayer *services)
{
  g_return_if_fail (OPS_IS_TICKETS_PAGE (self));
  g_return_if_fail (services == NULL || OPS_IS_SERVICE_LAYER (services));

  if (self->services == services)
    return;

  watch_hub (self, FALSE);
  if (self->services != NULL)
    g_signal_handlers_disconnect_by_data (ops_service_layer_get_bus (self->services), self);
  g_set_object (&self->services, services);
  if (services != NULL)
    g_signal_connect_object (ops_service_layer_get_bus (services), "event",
                             G_CALLBACK (on_bus_event_cb), self, G_CONNECT_SWAPPED);
  watch_hub (self, TRUE);

  ops_ticket_view_set_services (self->ticket_view, services);
  refresh (self);
}

void
ops_tickets_page_open_ticket (OpsTicketsPage *self,
                              const char     *ticket)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (OPS_IS_TICKETS_PAGE (self));

  if (ticket == NULL || *ticket == '\0' || get_store (self) == NULL)
    return;
  /* ticket may belong to a list item the refresh below replaces. */
  name = g_strdup (ticket);

  if (ops_ticket_view_show (self->ticket_view, name) &&
      !ops_store_mark_ticket_read (get_store (self), name, &error))
    g_warning ("Cannot mark ticket %s read: %s", name, error->message);

  /* A ticket another filter hides (from a notification, say) is still
   * opened; the list shows all tickets then. */
  refresh (self);
  select_name (self, name);
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION &&
      ops_ticket_view_get_ticket (self->ticket_view) != NULL && self->filter != OPS_TICKETS_ALL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      ops_tickets_page_set_filter (self, OPS_TICKETS_ALL);
      select_name (self, name);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TICKET]);
}

const char *
ops_tickets_page_get_ticket (OpsTicketsPage *self)
{
  g_return_val_if_fail (OPS_IS_TICKETS_PAGE (self), NULL);

  return ops_ticket_view_get_ticket (self->ticket_view);
}

/**
 * ops_tickets_page_get_list:
 *
 * Returns: (transfer none): the OpsTicketItem rows shown
 */
GListModel *
ops_tickets_page_get_list (OpsTicketsPage *self)
{
  g_return_val_if_fail (OPS_IS_TICKETS_PAGE (self), NULL);

  return G_LIST_MODEL (self->tickets);
}

GtkWidget *
ops_tickets_page_get_conversation (OpsTicketsPage *self)
{
  g_return_val_if_fail (OPS_IS_TICKETS_PAGE (self), NULL);

  return ops_ticket_view_get_conversation (self->ticket_view);
}

GtkWidget *
ops_tickets_page_get_ticket_view (OpsTicketsPage *self)
{
  g_return_val_if_fail (OPS_IS_TICKETS_PAGE (self), NULL);

  return GTK_WIDGET (self->ticket_view);
}

void
ops_tickets_page_get_shown_counts (OpsTicketsPage *self,
                                   guint          *counts)
{
  g_return_if_fail (OPS_IS_TICKETS_PAGE (self));
  g_return_if_fail (counts != NULL);

  memcpy (counts, self->counts, sizeof self->counts);
}

void
ops_tickets_page_set_filter (OpsTicketsPage *self,
                             int             filter)
{
  g_return_if_fail (OPS_IS_TICKETS_PAGE (self));
  g_return_if_fail (filter >= 0 && filter <= OPS_TICKETS_ALL);

  /* The toggled handler refreshes. */
  gtk_toggle_button_set_active (self->filter_buttons[filter], TRUE);
}

void
ops_tickets_page_set_me (OpsTicketsPage *self,
                         const char     *me)
{
  g_return_if_fail (OPS_IS_TICKETS_PAGE (self));

  if (g_strcmp0 (self->me, me) == 0)
    return;
  g_free (self->me);
  self->me = g_strdup (me);
  refresh (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ME]);
}

const char *
ops_tickets_page_get_me (OpsTicketsPage *self)
{
  g_return_val_if_fail (OPS_IS_TICKETS_PAGE (self), NULL);

  return self->me;
}

void
ops_tickets_page_focus_search (OpsTicketsPage *self)
{
  g_return_if_fail (OPS_IS_TICKETS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}
