/* test-tickets-ui.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tickets page in the real window on the demo workspace: the list and
 * its filters, opening a ticket, editing its status through the outbox,
 * and an inbound SMS moving its ticket to the top, unread, with a desktop
 * notification while the window is not focused.  Runs under Xvfb with
 * G_DEBUG=fatal-criticals.
 */

#define G_LOG_DOMAIN "test-tickets-ui"

#include "config.h"

#include "ops-test-ui.h"

#include <adwaita.h>

#include "ops-application.h"
#include "ops-conversation-view.h"
#include "ops-current-user.h"
#include "ops-hub-events.h"
#include "ops-outbox.h"
#include "ops-sms-notifier.h"
#include "ops-store-tickets.h"
#include "ops-ticket-item.h"
#include "ops-ticket-view.h"
#include "ops-tickets-page.h"
#include "ops-window.h"

typedef struct
{
  OpsApplication *app;
  GtkWindow      *window;
  OpsTicketsPage *page;
  OpsStore       *store;
} Fixture;

typedef struct
{
  guint     sent;
  char     *id;
  gboolean  only_without_application;
} Sent;

static Fixture fixture;

/*
 * Helpers
 */

static gboolean
has_window (gpointer data)
{
  return gtk_application_get_active_window (data) != NULL;
}

static gboolean
has_me (gpointer data)
{
  return ops_tickets_page_get_me (data) != NULL;
}

static void
record_send (GApplication  *application,
             const char    *id,
             GNotification *notification,
             gpointer       user_data)
{
  Sent *sent = user_data;

  g_assert_true (G_IS_NOTIFICATION (notification));
  /* The window's own notifier, when another test on the display has the
   * focus. */
  if (sent->only_without_application && application != NULL)
    return;
  sent->sent++;
  g_free (sent->id);
  sent->id = g_strdup (id);
}

static void
set_up (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "tickets.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  if (fixture.app != NULL)
    return;

  fixture.app = ops_application_new (NULL, path, TRUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture.app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture.app));
  ops_test_iterate_until (has_window, fixture.app);

  fixture.window = gtk_application_get_active_window (GTK_APPLICATION (fixture.app));
  g_assert_true (OPS_IS_WINDOW (fixture.window));
  fixture.store = ops_application_get_store (fixture.app);
  g_assert_nonnull (fixture.store);
  fixture.page = OPS_TICKETS_PAGE (ops_test_find_of_type (GTK_WIDGET (fixture.window), OPS_TYPE_TICKETS_PAGE));
  g_assert_nonnull (fixture.page);

  /* Alt+3's action. */
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-page", "s", "tickets");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture.page)));
  ops_test_iterate_until (has_me, fixture.page);
  ops_test_drain ();
}

static OpsTicketRow *
get_ticket (const char *name)
{
  g_autoptr(GError) error = NULL;
  OpsTicketRow *row = ops_store_get_ticket (fixture.store, name, &error);

  g_assert_no_error (error);
  g_assert_nonnull (row);
  return row;
}

static const OpsTicketRow *
item_row (guint position)
{
  g_autoptr(OpsTicketItem) item = g_list_model_get_item (ops_tickets_page_get_list (fixture.page), position);

  g_assert_nonnull (item);
  /* The list store keeps its own reference. */
  return ops_ticket_item_get_row (item);
}

static gint
find_in_list (const char *name)
{
  GListModel *list = ops_tickets_page_get_list (fixture.page);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    if (g_str_equal (item_row (i)->name, name))
      return i;
  return -1;
}

static gboolean
has_one_item (gpointer data)
{
  return g_list_model_get_n_items (ops_tickets_page_get_list (data)) == 1;
}

static gboolean
has_n_items (gpointer data)
{
  guint counts[OPS_TICKETS_ALL + 1];

  ops_tickets_page_get_shown_counts (data, counts);
  return g_list_model_get_n_items (ops_tickets_page_get_list (data)) == counts[OPS_TICKETS_ALL];
}

static gboolean
is_inactive (gpointer data)
{
  return !gtk_window_is_active (data);
}

static GtkWidget *
find_group (GtkWidget  *widget,
            const char *title)
{
  if (GTK_IS_SHORTCUTS_GROUP (widget))
    {
      g_autofree char *group_title = NULL;

      g_object_get (widget, "title", &group_title, NULL);
      if (g_strcmp0 (group_title, title) == 0)
        return widget;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_group (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gint64
outbox_rows (void)
{
  return ops_outbox_count (fixture.store, OPS_OUTBOX_PENDING);
}

/*
 * Tests
 */

static void
test_list_sorted_by_activity (void)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_csr = NULL;
  GListModel *list;
  guint n;

  set_up ();
  list = ops_tickets_page_get_list (fixture.page);

  /* "Mine" on the demo workspace is its busiest CSR. */
  demo_csr = ops_current_user_most_assigned (fixture.store);
  g_assert_cmpstr (demo_csr, ==, "sophie.bergeron@gigafibre.ca");
  g_assert_cmpstr (ops_tickets_page_get_me (fixture.page), ==, demo_csr);

  /* The open tickets by default, newest activity first, as the store says. */
  rows = ops_store_list_tickets (fixture.store, OPS_TICKETS_OPEN, demo_csr, NULL, &error);
  g_assert_no_error (error);
  n = g_list_model_get_n_items (list);
  g_assert_cmpuint (n, >, 1);
  g_assert_cmpuint (n, ==, rows->len);
  for (guint i = 0; i < n; i++)
    {
      const OpsTicketRow *row = item_row (i);

      g_assert_cmpstr (row->name, ==, ((OpsTicketRow *)rows->pdata[i])->name);
      g_assert_true (g_str_equal (row->status, "Open") || g_str_equal (row->status, "Replied"));
      if (i > 0)
        g_assert_cmpint (item_row (i - 1)->last_activity_at, >=, row->last_activity_at);
    }
}

static void
test_filters_and_counts (void)
{
  guint counts[OPS_TICKETS_ALL + 1];
  guint shown[OPS_TICKETS_ALL + 1];
  g_autoptr(GError) error = NULL;
  GListModel *list;

  set_up ();
  list = ops_tickets_page_get_list (fixture.page);
  g_assert_true (ops_store_count_tickets (fixture.store, ops_tickets_page_get_me (fixture.page), counts, &error));
  g_assert_no_error (error);
  ops_tickets_page_get_shown_counts (fixture.page, shown);

  g_assert_cmpuint (counts[OPS_TICKETS_ALL], ==, 36);
  g_assert_cmpuint (counts[OPS_TICKETS_MINE], >, 0);
  for (int filter = 0; filter <= OPS_TICKETS_ALL; filter++)
    {
      ops_tickets_page_set_filter (fixture.page, filter);
      ops_test_drain ();
      g_assert_cmpuint (shown[filter], ==, counts[filter]);
      g_assert_cmpuint (g_list_model_get_n_items (list), ==, counts[filter]);
      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          const OpsTicketRow *row = item_row (i);

          if (filter == OPS_TICKETS_MINE)
            g_assert_cmpstr (row->assigned_to, ==, ops_tickets_page_get_me (fixture.page));
          else if (filter == OPS_TICKETS_UNASSIGNED)
            g_assert_true (row->assigned_to == NULL || *row->assigned_to == '\0');
          else if (filter == OPS_TICKETS_WAITING)
            g_assert_cmpstr (row->status, ==, "Replied");
        }
    }
  g_assert_cmpuint (counts[OPS_TICKETS_MINE] + counts[OPS_TICKETS_UNASSIGNED], <=, counts[OPS_TICKETS_OPEN]);
  g_assert_cmpuint (counts[OPS_TICKETS_WAITING], <, counts[OPS_TICKETS_OPEN]);

  /* Search narrows the list to what matches. */
  ops_tickets_page_set_filter (fixture.page, OPS_TICKETS_ALL);
  gtk_editable_set_text (GTK_EDITABLE (ops_test_find_of_type (GTK_WIDGET (fixture.page), GTK_TYPE_SEARCH_ENTRY)),
                         "iss-2026-00001");
  ops_test_iterate_until (has_one_item, fixture.page);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 1);
  g_assert_cmpstr (item_row (0)->name, ==, "ISS-2026-00001");
  gtk_editable_set_text (GTK_EDITABLE (ops_test_find_of_type (GTK_WIDGET (fixture.page), GTK_TYPE_SEARCH_ENTRY)), "");
  ops_test_iterate_until (has_n_items, fixture.page);

  /* Ctrl+F on the tickets page searches the tickets, not the customers. */
  gtk_widget_grab_focus (ops_test_find_of_type (GTK_WIDGET (fixture.page), GTK_TYPE_LIST_VIEW));
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.focus-search", NULL);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture.window)),
                                         ops_test_find_of_type (GTK_WIDGET (fixture.page), GTK_TYPE_SEARCH_ENTRY)));
  gtk_widget_grab_focus (ops_test_find_of_type (GTK_WIDGET (fixture.page), GTK_TYPE_LIST_VIEW));
  gtk_widget_activate_action (GTK_WIDGET (fixture.page), "tickets.focus-search", NULL);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (fixture.window)),
                                         ops_test_find_of_type (GTK_WIDGET (fixture.page), GTK_TYPE_SEARCH_ENTRY)));

  /* The shortcuts window lists the page's keys. */
  g_assert_nonnull (find_group (GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture.window))),
                                "Tickets"));
  ops_tickets_page_set_filter (fixture.page, OPS_TICKETS_OPEN);
  ops_test_drain ();
}

static void
test_open_marks_read (void)
{
  g_autoptr(OpsTicketRow) before = NULL;
  g_autoptr(OpsTicketRow) after = NULL;
  OpsConversationView *conversation;
  g_autofree char *name = NULL;
  gint position;

  set_up ();

  /* The first unread ticket with a customer. */
  for (guint i = 0; i < g_list_model_get_n_items (ops_tickets_page_get_list (fixture.page)) && name == NULL; i++)
    if (item_row (i)->unread && item_row (i)->customer != NULL)
      name = g_strdup (item_row (i)->name);
  g_assert_nonnull (name);
  before = get_ticket (name);
  g_assert_true (before->unread);

  /* Enter on the row. */
  position = find_in_list (before->name);
  g_signal_emit_by_name (ops_test_find_of_type (GTK_WIDGET (fixture.page), GTK_TYPE_LIST_VIEW), "activate", position);
  ops_test_drain ();

  g_assert_cmpstr (ops_tickets_page_get_ticket (fixture.page), ==, before->name);
  conversation = OPS_CONVERSATION_VIEW (ops_tickets_page_get_conversation (fixture.page));
  g_assert_cmpstr (ops_conversation_view_get_customer (conversation), ==, before->customer);
  g_assert_cmpuint (ops_conversation_view_get_n_items (conversation), >, 0);

  after = get_ticket (before->name);
  g_assert_false (after->unread);
  position = find_in_list (before->name);
  g_assert_cmpint (position, >=, 0);
  g_assert_false (item_row (position)->unread);
}

static void
test_status_edit_queues_one_write (void)
{
  g_autoptr(OpsTicketRow) after = NULL;
  OpsTicketView *view;
  GtkDropDown *status;
  g_autofree char *name = NULL;
  gint64 queued;

  set_up ();
  if (ops_tickets_page_get_ticket (fixture.page) == NULL)
    ops_tickets_page_open_ticket (fixture.page, item_row (0)->name);
  name = g_strdup (ops_tickets_page_get_ticket (fixture.page));
  g_assert_nonnull (name);
  view = OPS_TICKET_VIEW (ops_tickets_page_get_ticket_view (fixture.page));
  status = GTK_DROP_DOWN (ops_ticket_view_get_status_dropdown (view));
  queued = outbox_rows ();

  /* 2 is "On Hold" in the drop-down. */
  g_assert_cmpuint (gtk_drop_down_get_selected (status), !=, 2);
  gtk_drop_down_set_selected (status, 2);
  ops_test_drain ();

  after = get_ticket (name);
  g_assert_cmpstr (after->status, ==, "On Hold");
  g_assert_cmpint (outbox_rows (), ==, queued + 1);
  /* On hold is not open: it left the list, the view still shows it. */
  g_assert_cmpint (find_in_list (name), ==, -1);
  g_assert_cmpstr (ops_tickets_page_get_ticket (fixture.page), ==, name);

  /* The assignee: "Nobody" first, then everyone who has tickets. */
  {
    GtkDropDown *assignee = GTK_DROP_DOWN (ops_ticket_view_get_assignee_dropdown (view));
    g_autoptr(OpsTicketRow) reassigned = NULL;
    guint target = gtk_drop_down_get_selected (assignee) == 1 ? 2 : 1;
    g_autoptr(GtkStringObject) wanted = g_list_model_get_item (gtk_drop_down_get_model (assignee), target);

    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (assignee)), ==, 4);
    gtk_drop_down_set_selected (assignee, target);
    ops_test_drain ();
    reassigned = get_ticket (name);
    g_assert_cmpstr (reassigned->assigned_to, ==, gtk_string_object_get_string (wanted));
    g_assert_cmpstr (reassigned->status, ==, "On Hold");
    g_assert_cmpint (outbox_rows (), ==, queued + 2);
  }
}

static void
test_inbound_sms_moves_to_top (void)
{
  g_autoptr(OpsHubEvents) applier = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) event = NULL;
  g_autofree char *target = NULL;
  g_autofree char *customer = NULL;
  g_autoptr(OpsTicketRow) after = NULL;
  OpsServiceLayer *services;
  Sent sent = { 0 };
  GtkWidget *other;
  guint n;

  set_up ();
  ops_sms_notifier_set_send_func (record_send, &sent);
  services = ops_application_get_services (fixture.app);

  /* The last of the open tickets with a customer, read first. */
  n = g_list_model_get_n_items (ops_tickets_page_get_list (fixture.page));
  for (guint i = n; i > 1 && target == NULL; i--)
    if (item_row (i - 1)->customer != NULL)
      {
        target = g_strdup (item_row (i - 1)->name);
        customer = g_strdup (item_row (i - 1)->customer);
      }
  g_assert_nonnull (target);
  ops_tickets_page_open_ticket (fixture.page, item_row (0)->name);
  g_assert_true (ops_store_mark_ticket_read (fixture.store, target, NULL));
  /* Read two minutes ago: times are kept to the second, and the SMS below
   * arrives now. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) earlier = g_date_time_add_minutes (now, -2);
    g_autofree char *iso = g_date_time_format_iso8601 (earlier);
    g_autofree char *sql = g_strdup_printf ("UPDATE ticket_reads SET read_at = '%s' WHERE ticket = '%s'", iso, target);
    g_autoptr(OpsTicketRow) before = NULL;

    g_assert_true (ops_store_exec (fixture.store, sql, NULL));
    before = get_ticket (target);
    g_assert_false (before->unread);
  }
  ops_test_drain ();
  g_assert_cmpint (find_in_list (target), >, 0);

  /* What the hub sends for an inbound SMS, applied as the console does. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "sms");
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, "SMS-IN-TEST-0001");
  json_builder_set_member_name (builder, "direction");
  json_builder_add_string_value (builder, "Received");
  json_builder_set_member_name (builder, "medium");
  json_builder_add_string_value (builder, "SMS");
  json_builder_set_member_name (builder, "customer");
  json_builder_add_string_value (builder, customer);
  json_builder_set_member_name (builder, "ticket");
  json_builder_add_string_value (builder, target);
  json_builder_set_member_name (builder, "phone");
  json_builder_add_string_value (builder, "+15145550100");
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, "Toujours pas de connexion ce matin.");
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "received");
  json_builder_set_member_name (builder, "sid");
  json_builder_add_string_value (builder, "SM00000000000000000000000000000001");
  json_builder_end_object (builder);
  event = json_builder_get_root (builder);

  /* Another window takes the focus. */
  other = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (other));
  ops_test_iterate_until (is_inactive, fixture.window);

  applier = ops_hub_events_new (fixture.store, NULL, ops_service_layer_get_bus (services));
  g_assert_true (ops_hub_events_apply (applier, "conversations", event));
  ops_test_drain ();

  after = get_ticket (target);
  g_assert_true (after->unread);
  g_assert_cmpstr (item_row (0)->name, ==, target);
  g_assert_true (item_row (0)->unread);
  /* The open ticket stays selected while the list moves. */
  g_assert_cmpint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (
                     gtk_list_view_get_model (GTK_LIST_VIEW (ops_test_find_of_type (GTK_WIDGET (fixture.page),
                                                                                     GTK_TYPE_LIST_VIEW))))),
                   ==, find_in_list (ops_tickets_page_get_ticket (fixture.page)));

  /* The window is not focused: one notification, for the customer. */
  {
    g_autofree char *id = g_strdup_printf ("sms-%s", customer);

    g_assert_cmpuint (sent.sent, ==, 1);
    g_assert_cmpstr (sent.id, ==, id);
  }

  /* Focused again: none for the next one. */
  gtk_window_destroy (GTK_WINDOW (other));
  gtk_window_present (fixture.window);
  ops_test_drain ();
  json_object_set_string_member (json_node_get_object (event), "name", "SMS-IN-TEST-0002");
  json_object_set_string_member (json_node_get_object (event), "sid", "SM00000000000000000000000000000002");
  /* Tests running beside this one on the same display may hold the focus. */
  if (gtk_window_is_active (fixture.window))
    {
      g_assert_true (ops_hub_events_apply (applier, "conversations", event));
      ops_test_drain ();
      g_assert_cmpuint (sent.sent, ==, 1);
    }
  else
    g_test_message ("The window did not get the focus back; not checking the focused case");
  ops_sms_notifier_set_send_func (NULL, NULL);
  g_free (sent.id);
}

/* The notifier on its own, with a window that never had the focus, and
 * the events it must not notify. */
static void
test_notifier (void)
{
  g_autoptr(OpsSmsNotifier) notifier = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  OpsEventBus *bus;
  GtkWidget *window;
  Sent sent = { 0 };
  static const char * const events[] = {
    "{\"type\": \"sms-status\", \"direction\": \"Sent\", \"customer\": \"C0001\", \"status\": \"delivered\"}",
    "{\"type\": \"sms\", \"direction\": \"Sent\", \"customer\": \"C0001\", \"content\": \"Bonjour\"}",
    "{\"type\": \"sms\", \"direction\": \"Received\", \"customer\": \"C0001\", \"content\": \"Merci!\"}",
  };

  set_up ();
  bus = ops_service_layer_get_bus (ops_application_get_services (fixture.app));
  sent.only_without_application = TRUE;
  window = gtk_window_new ();
  g_assert_false (gtk_window_is_active (GTK_WINDOW (window)));
  notifier = ops_sms_notifier_new (GTK_WINDOW (window), ops_application_get_services (fixture.app));
  ops_sms_notifier_set_send_func (record_send, &sent);

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_assert_true (json_parser_load_from_data (parser, events[i], -1, NULL));
      ops_event_bus_publish (bus, "conversations", json_parser_get_root (parser));
      ops_test_drain ();
      g_assert_cmpuint (sent.sent, ==, i == 2 ? 1 : 0);
    }
  g_assert_cmpstr (sent.id, ==, "sms-C0001");

  /* Not on a customer's own topic: one notification per message. */
  ops_event_bus_publish (bus, "customer:C0001", json_parser_get_root (parser));
  ops_test_drain ();
  g_assert_cmpuint (sent.sent, ==, 1);

  ops_sms_notifier_set_send_func (NULL, NULL);
  g_clear_object (&notifier);
  gtk_window_destroy (GTK_WINDOW (window));
  g_free (sent.id);
}

/* The notification's action opens the ticket in the window. */
static void
test_open_conversation_action (void)
{
  g_autofree char *name = NULL;

  set_up ();
  ops_tickets_page_set_filter (fixture.page, OPS_TICKETS_OPEN);
  ops_test_drain ();
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.show-page", "s", "customers");
  name = g_strdup (item_row (g_list_model_get_n_items (ops_tickets_page_get_list (fixture.page)) - 1)->name);
  g_action_group_activate_action (G_ACTION_GROUP (fixture.app), "open-conversation", g_variant_new_string (name));
  ops_test_drain ();
  g_assert_cmpstr (ops_tickets_page_get_ticket (fixture.page), ==, name);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture.page)));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();

  /* In this order: each builds on the window the first one opened. */
  g_test_add_func ("/tickets-ui/list-sorted-by-activity", test_list_sorted_by_activity);
  g_test_add_func ("/tickets-ui/filters-and-counts", test_filters_and_counts);
  g_test_add_func ("/tickets-ui/open-marks-read", test_open_marks_read);
  g_test_add_func ("/tickets-ui/status-edit-queues-one-write", test_status_edit_queues_one_write);
  g_test_add_func ("/tickets-ui/inbound-sms-moves-to-top", test_inbound_sms_moves_to_top);
  g_test_add_func ("/tickets-ui/notifier", test_notifier);
  g_test_add_func ("/tickets-ui/open-conversation-action", test_open_conversation_action);

  status = g_test_run ();

  if (fixture.app != NULL)
    {
      g_autoptr(GList) windows = gtk_window_list_toplevels ();

      for (GList *l = windows; l != NULL; l = l->next)
        gtk_window_destroy (l->data);
      ops_test_drain ();
      g_clear_object (&fixture.app);
    }
  return status;
}
