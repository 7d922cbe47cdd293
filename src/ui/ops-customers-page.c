/* ops-customers-page.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Search-as-you-type on the left, the open customer on the right.
 */

#define G_LOG_DOMAIN "OpsCustomersPage"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-customer-view.h"
#include "ops-customers-page.h"
#include "ops-labels.h"
#include "ops-search-result.h"

#define MAX_RESULTS 100

struct _OpsCustomersPage
{
  GtkWidget           parent_instance;

  GtkSearchEntry     *search_entry;
  GtkStack           *results_stack;
  GtkListView        *results_view;
  GtkLabel           *count_label;
  OpsCustomerView    *detail;

  OpsStore           *store;
  GListStore         *results;
  GtkSingleSelection *selection;
  GCancellable       *search_cancellable;
  char               *customer;
};

G_DEFINE_FINAL_TYPE (OpsCustomersPage, ops_customers_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_CUSTOMER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * Auxiliary methods
 */

static void
set_customer (OpsCustomersPage *self,
              const char       *name)
{
  if (g_strcmp0 (self->customer, name) == 0)
    return;

  g_free (self->customer);
  self->customer = g_strdup (name);
  ops_customer_view_show (self->detail, name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CUSTOMER]);
}

static void
open_selected (OpsCustomersPage *self,
               gboolean          move_focus)
{
  OpsSearchResult *result = gtk_single_selection_get_selected_item (self->selection);

  if (result == NULL)
    return;

  set_customer (self, ops_search_result_get_hit (result)->name);
  if (move_focus)
    ops_customer_view_focus (self->detail);
}

static void
show_results (OpsCustomersPage *self,
              GPtrArray        *hits)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *count = NULL;

  for (guint i = 0; i < hits->len; i++)
    g_ptr_array_add (items, ops_search_result_new (g_steal_pointer (&hits->pdata[i])));

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       items->pdata, items->len);

  if (items->len == 0)
    {
      gtk_stack_set_visible_child_name (self->results_stack, "empty");
      gtk_label_set_label (self->count_label, "");
      return;
    }

  gtk_stack_set_visible_child_name (self->results_stack, "results");
  if (items->len >= MAX_RESULTS)
    count = g_strdup_printf (_("First %u customers; type more to narrow down"), items->len);
  else
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u customer", "%u customers", items->len), items->len);
  gtk_label_set_label (self->count_label, count);
}

/*
 * Callbacks
 */

static void
on_search_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(OpsCustomersPage) self = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;

  hits = ops_store_search_customers_finish (OPS_STORE (object), result, &error);
  if (hits == NULL)
    {
      if (!g_error_matches (error, OPS_STORE_ERROR, OPS_STORE_ERROR_CANCELLED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_warning ("Customer search failed: %s", error->message);
          gtk_label_set_label (self->count_label, error->message);
        }
      return;
    }

  /* A newer search replaced this one while it ran. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;

  show_results (self, hits);
}

static void
on_search_changed_cb (OpsCustomersPage *self,
                      GtkSearchEntry   *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);

  if (self->store == NULL)
    return;

  if (*text == '\0')
    {
      g_list_store_remove_all (self->results);
      gtk_stack_set_visible_child_name (self->results_stack, "hint");
      gtk_label_set_label (self->count_label, "");
      return;
    }

  self->search_cancellable = g_cancellable_new ();
  ops_store_search_customers_async (self->store, text, MAX_RESULTS, self->search_cancellable,
                                    on_search_done_cb, g_object_ref (self));
}

static void
on_search_activate_cb (OpsCustomersPage *self,
                       GtkSearchEntry   *entry)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, 0);
  open_selected (self, TRUE);
}

static void
on_stop_search_cb (OpsCustomersPage *self,
                   GtkSearchEntry   *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

static void
on_results_activate_cb (OpsCustomersPage *self,
                        guint             position,
                        GtkListView      *view)
{
  gtk_single_selection_set_selected (self->selection, position);
  open_selected (self, TRUE);
}

static void
on_selected_changed_cb (OpsCustomersPage   *self,
                        GParamSpec         *pspec,
                        GtkSingleSelection *selection)
{
  /* Browsing with the arrows previews each customer; Enter moves into it. */
  if (gtk_widget_has_focus (GTK_WIDGET (self->results_view)) ||
      gtk_widget_get_focus_child (GTK_WIDGET (self->results_view)) != NULL)
    open_selected (self, FALSE);
}

static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         OpsCustomersPage      *self)
{
  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down) &&
      g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      guint selected = gtk_single_selection_get_selected (self->selection);

      if (selected == GTK_INVALID_LIST_POSITION)
        selected = 0;
      gtk_single_selection_set_selected (self->selection, selected);
      gtk_widget_activate_action (GTK_WIDGET (self->results_view), "list.scroll-to-item", "u", selected);
      gtk_widget_child_focus (GTK_WIDGET (self->results_view), GTK_DIR_TAB_FORWARD);
      open_selected (self, FALSE);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
on_row_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);
  GtkWidget *match = gtk_label_new (NULL);
  GtkWidget *status = gtk_label_new (NULL);

  gtk_widget_set_hexpand (texts, TRUE);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_label_set_xalign (GTK_LABEL (match), 0);
  gtk_label_set_ellipsize (GTK_LABEL (match), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (match, "caption");
  gtk_widget_add_css_class (match, "search-match");
  gtk_widget_set_valign (status, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (status, "pill");

  gtk_box_append (GTK_BOX (texts), title);
  gtk_box_append (GTK_BOX (texts), subtitle);
  gtk_box_append (GTK_BOX (texts), match);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), status);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
on_row_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  OpsSearchResult *result = gtk_list_item_get_item (item);
  const OpsCustomerHit *hit = ops_search_result_get_hit (result);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *texts = gtk_widget_get_first_child (box);
  GtkWidget *title = gtk_widget_get_first_child (texts);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  GtkWidget *match = gtk_widget_get_next_sibling (subtitle);
  GtkWidget *status = gtk_widget_get_next_sibling (texts);
  g_autofree char *markup = ops_search_result_dup_match_markup (result);
  g_autoptr(GString) sub = g_string_new (hit->name);
  OpsLabel label = ops_label_customer_status (hit->status);
  static const char *styles[] = { "success", "warning", "error", "accent" };

  if (hit->city && *hit->city)
    g_string_append_printf (sub, " · %s", hit->city);
  if (hit->phone && *hit->phone)
    g_string_append_printf (sub, " · %s", hit->phone);

  gtk_label_set_label (GTK_LABEL (title), hit->customer_name);
  gtk_label_set_label (GTK_LABEL (subtitle), sub->str);
  gtk_label_set_markup (GTK_LABEL (match), markup ? markup : "");
  gtk_widget_set_visible (match, markup != NULL);

  /* Only what needs attention gets a badge; active is the norm. */
  gtk_label_set_label (GTK_LABEL (status), label.label);
  gtk_widget_set_visible (status, g_strcmp0 (hit->status, "active") != 0);
  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (status, styles[i]);
  if (label.style)
    gtk_widget_add_css_class (status, label.style);
}

/*
 * GObject overrides
 */

static void
ops_customers_page_dispose (GObject *object)
{
  GtkWidget *child;
  OpsCustomersPage *self = (OpsCustomersPage *)object;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_CUSTOMERS_PAGE);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ops_customers_page_parent_class)->dispose (object);
}

static void
ops_customers_page_finalize (GObject *object)
{
  OpsCustomersPage *self = (OpsCustomersPage *)object;

  g_free (self->customer);

  G_OBJECT_CLASS (ops_customers_page_parent_class)->finalize (object);
}

static void
ops_customers_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OpsCustomersPage *self = OPS_CUSTOMERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER:
      g_value_set_string (value, self->customer ? self->customer : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_customers_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OpsCustomersPage *self = OPS_CUSTOMERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER:
      ops_customers_page_open_customer (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_customers_page_class_init (OpsCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_customers_page_dispose;
  object_class->finalize = ops_customers_page_finalize;
  object_class->get_property = ops_customers_page_get_property;
  object_class->set_property = ops_customers_page_set_property;

  properties[PROP_CUSTOMER] =
    g_param_spec_string ("customer", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (OPS_TYPE_CUSTOMER_VIEW);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "customerspage");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomersPage, results_stack);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomersPage, results_view);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomersPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, OpsCustomersPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_activate_cb);
}

static void
ops_customers_page_init (OpsCustomersPage *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (OPS_TYPE_SEARCH_RESULT);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->results)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (on_selected_changed_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect (factory, "setup", G_CALLBACK (on_row_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_row_bind_cb), NULL);
  gtk_list_view_set_factory (self->results_view, factory);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->selection));

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);

  gtk_stack_set_visible_child_name (self->results_stack, "hint");
}

/*
 * Public API
 */

void
ops_customers_page_set_store (OpsCustomersPage *self,
                              OpsStore         *store)
{
  g_return_if_fail (OPS_IS_CUSTOMERS_PAGE (self));

  if (g_set_object (&self->store, store))
    {
      ops_customer_view_set_store (self->detail, store);
      on_search_changed_cb (self, self->search_entry);
    }
}

/**
 * ops_customers_page_set_services:
 * @services: (nullable): what the open customer's edits go through
 */
void
ops_customers_page_set_services (OpsCustomersPage *self,
                                 OpsServiceLayer  *services)
{
  g_return_if_fail (OPS_IS_CUSTOMERS_PAGE (self));

  ops_customer_view_set_services (self->detail, services);
}

void
ops_customers_page_focus_search (OpsCustomersPage *self)
{
  g_return_if_fail (OPS_IS_CUSTOMERS_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}

void
ops_customers_page_open_customer (OpsCustomersPage *self,
                                  const char       *name)
{
  g_return_if_fail (OPS_IS_CUSTOMERS_PAGE (self));

  set_customer (self, name && *name ? name : NULL);
}

const char *
ops_customers_page_get_customer (OpsCustomersPage *self)
{
  g_return_val_if_fail (OPS_IS_CUSTOMERS_PAGE (self), NULL);

  return self->customer;
}

/**
 * ops_customers_page_get_results:
 *
 * Returns: (transfer none): the current results, #OpsSearchResult items
 */
GListModel *
ops_customers_page_get_results (OpsCustomersPage *self)
{
  g_return_val_if_fail (OPS_IS_CUSTOMERS_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

/**
 * ops_customers_page_get_detail:
 *
 * Returns: (transfer none): the customer detail view
 */
GtkWidget *
ops_customers_page_get_detail (OpsCustomersPage *self)
{
  g_return_val_if_fail (OPS_IS_CUSTOMERS_PAGE (self), NULL);

  return GTK_WIDGET (self->detail);
}
