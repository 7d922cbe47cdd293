/* test-window.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the real window on a demo store, searches, opens a customer. Runs
 * under Xvfb with G_DEBUG=fatal-criticals, so any GTK critical fails it.
 */

#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include "ops-test-ui.h"

#include <string.h>

#include <adwaita.h>

#include "ops-application.h"
#include "ops-connection-indicator.h"
#include "ops-customer-view.h"
#include "ops-customers-page.h"
#include "ops-outbox-window.h"
#include "ops-search-result.h"
#include "ops-window.h"


static gboolean
has_results (gpointer data)
{
  return g_list_model_get_n_items (ops_customers_page_get_results (data)) > 0;
}

static gboolean
has_window (gpointer data)
{
  return gtk_application_get_active_window (data) != NULL;
}

static GtkWidget *
find_search_entry (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_SEARCH_ENTRY (child))
        return child;
      if ((found = find_search_entry (child)))
        return found;
    }
  return NULL;
}



static const OpsCustomerHit *
search (OpsCustomersPage *page,
        GtkWidget        *entry,
        const char       *text)
{
  GListModel *results = ops_customers_page_get_results (page);
  g_autoptr(OpsSearchResult) first = NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  ops_test_iterate_until (has_results, page);

  first = g_list_model_get_item (results, 0);
  return ops_search_result_get_hit (first);
}

static void
test_search_and_open (void)
{
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "window.sqlite", NULL);
  g_autoptr(OpsApplication) app = ops_application_new (NULL, store, TRUE);
  g_autoptr(GError) error = NULL;
  OpsCustomersPage *page;
  OpsCustomerView *view;
  const OpsCustomerDetail *shown;
  GtkWindow *window;
  GtkWidget *entry;
  const OpsCustomerHit *hit;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  ops_test_iterate_until (has_window, app);

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (OPS_IS_WINDOW (window));
  page = OPS_CUSTOMERS_PAGE (ops_window_get_customers_page (OPS_WINDOW (window)));
  entry = find_search_entry (GTK_WIDGET (page));
  g_assert_nonnull (entry);

  /* Accents and case do not matter. */
  hit = search (page, entry, "marie-eve beaule");
  g_assert_cmpstr (hit->name, ==, "C0001");
  g_assert_cmpstr (hit->customer_name, ==, "Marie-Ève Beaulé");

  /* A phone number in another format than the one on file. */
  hit = search (page, entry, "(514) 555 0142");
  g_assert_cmpstr (hit->name, ==, "C0001");

  /* The ONT's serial. */
  hit = search (page, entry, "22275A7000395");
  g_assert_cmpstr (hit->name, ==, "C0001");

  /* Enter in the search box opens the first result. */
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (ops_customers_page_get_customer (page), ==, "C0001");

  view = OPS_CUSTOMER_VIEW (ops_customers_page_get_detail (page));
  shown = ops_customer_view_get_shown (view);
  g_assert_nonnull (shown);
  g_assert_cmpstr (shown->customer->customer_name, ==, "Marie-Ève Beaulé");
  g_assert_cmpuint (shown->contacts->len, >=, 1);
  g_assert_cmpuint (shown->locations->len, >=, 1);
  g_assert_cmpuint (shown->equipment->len, >=, 1);
  g_assert_cmpstr (((OpsEquipment *)shown->equipment->pdata[0])->serial, ==, "22275A7000395");

  /* Let it draw a few frames so any drawing critical shows up. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  /* Opening a customer that is not in the store says so, without a critical. */
  ops_customers_page_open_customer (page, "C9999");
  g_assert_null (ops_customer_view_get_shown (view));

  /* The demo workspace has no link to show in the header, and its outbox
   * stays empty. */
  {
    GtkWidget *indicator = ops_test_find_of_type (GTK_WIDGET (window), OPS_TYPE_CONNECTION_INDICATOR);
    GtkWindow *outbox;

    g_assert_nonnull (indicator);
    g_assert_false (gtk_widget_get_visible (indicator));
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outbox", NULL);
    outbox = ops_test_find_toplevel (OPS_TYPE_OUTBOX_WINDOW);
    g_assert_nonnull (outbox);
    g_assert_true (gtk_window_get_transient_for (outbox) == window);
    g_assert_cmpuint (ops_outbox_window_get_n_entries (OPS_OUTBOX_WINDOW (outbox)), ==, 0);
    /* Asking again brings the same window forward. */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-outbox", NULL);
    g_assert_true (ops_test_find_toplevel (OPS_TYPE_OUTBOX_WINDOW) == outbox);
  }

  /* Alt+2 and Alt+1 go to the dispatch page and back; a customer opened
   * from another page shows on the customers page. */
  {
    GtkWidget *stack = ops_test_find_of_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "dispatch");
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "dispatch");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-page", "s", "nowhere");
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "dispatch");
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-customer", "s", "C0002");
    g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)), ==, "customers");
    g_assert_cmpstr (ops_customers_page_get_customer (page), ==, "C0002");
  }

  /* Ctrl+F goes back to the search. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-search", NULL);
  for (guint i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint leaked_children;

static GLogWriterOutput
count_leaked_children (GLogLevelFlags   level,
                       const GLogField *fields,
                       gsize            n_fields,
                       gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        strstr (fields[i].value, "still has children left") != NULL)
      leaked_children++;
  return g_log_writer_default (level, fields, n_fields, user_data);
}

static void
test_reconnect_replaces_the_window (void)
{
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "window.sqlite", NULL);
  g_autoptr(OpsApplication) app = ops_application_new (NULL, store, TRUE);
  g_autoptr(GError) error = NULL;
  GtkWindow *before, *after;

  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_application_activate (G_APPLICATION (app));
  ops_test_iterate_until (has_window, app);
  before = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_object_add_weak_pointer (G_OBJECT (before), (gpointer *)&before);

  /* Preferences saved a new connection: the workspace is reopened. */
  leaked_children = 0;
  g_log_set_writer_func (count_leaked_children, NULL, NULL);
  g_action_group_activate_action (G_ACTION_GROUP (app), "reconnect", NULL);
  ops_test_iterate_until (has_window, app);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);

  g_assert_null (before);
  after = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (OPS_IS_WINDOW (after));
  g_assert_nonnull (ops_application_get_services (app));
  g_assert_cmpuint (leaked_children, ==, 0);

  gtk_window_destroy (after);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Criticals fail the test; warnings about the test machine (no session
   * bus under Xvfb, no accessibility bus) are printed, not fatal. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/window/search-and-open", test_search_and_open);
  g_test_add_func ("/window/reconnect-replaces-the-window", test_reconnect_replaces_the_window);

  return g_test_run ();
}
