/* test-conversation-ui.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The conversation view on the demo workspace: a customer's thread, a
 * canned reply picked by typing "/tech", sent and walked by the simulated
 * SMS sender from queued to delivered in the store and in its bubble; the
 * keys of the compose bar, its counter and Unicode warning, unfilled
 * placeholders refused, and internal notes.  Runs under Xvfb with
 * G_DEBUG=fatal-criticals.
 */

#define G_LOG_DOMAIN "test-conversation-ui"

#include "config.h"

#include "ops-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ops-application.h"
#include "ops-compose-bar.h"
#include "ops-conversation-view.h"
#include "ops-conversation.h"
#include "ops-customer-view.h"
#include "ops-outbox.h"
#include "ops-reply-templates.h"
#include "ops-sms-sender.h"
#include "ops-templates-popover.h"
#include "ops-workspace.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsConversationItem, ops_conversation_item_free)

/* A customer of the demo data with SMS in its thread. */
#define CUSTOMER "C0106"
/* A simulated delivery step: short, but each state lasts a few frames. */
#define STEP_MS 120

typedef struct
{
  OpsConfig           *config;
  OpsStore            *store;
  OpsServiceLayer     *services;
  GtkWindow           *window;
  OpsConversationView *view;
  OpsComposeBar       *bar;
  GtkTextBuffer       *buffer;
  char                *message;    /* the one being watched */
  gboolean             seen_sent;  /* its bubble showed "sent" */
} Fixture;

/*
 * Helpers
 */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "conversation.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  g_remove (path);
  fixture->config = ops_config_new ();
  fixture->store = ops_workspace_open (fixture->config, path, TRUE, &error);
  g_assert_no_error (error);
  fixture->services = ops_service_layer_new (fixture->config, fixture->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ops_service_layer_get_sms_sender (fixture->services));
  ops_sms_sender_set_timing (ops_service_layer_get_sms_sender (fixture->services), STEP_MS, 10, 100);
  ops_service_layer_start (fixture->services, 0);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 800, 420);
  fixture->view = OPS_CONVERSATION_VIEW (ops_conversation_view_new ());
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->view));
  ops_conversation_view_set_services (fixture->view, fixture->services);
  ops_conversation_view_set_customer (fixture->view, CUSTOMER, NULL);
  gtk_window_present (fixture->window);
  ops_test_drain ();

  fixture->bar = OPS_COMPOSE_BAR (ops_conversation_view_get_compose_bar (fixture->view));
  fixture->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ops_conversation_view_get_compose (fixture->view)));
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  ops_test_drain ();
  ops_service_layer_stop (fixture->services);
  g_clear_object (&fixture->services);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->config);
  g_clear_pointer (&fixture->message, g_free);
}

static char *
compose_text (Fixture *fixture)
{
  return ops_compose_bar_get_text (fixture->bar);
}

/* Types text where the cursor is, as the keyboard would. */
static void
type (Fixture    *fixture,
      const char *text)
{
  gtk_text_buffer_insert_interactive_at_cursor (fixture->buffer, text, -1, TRUE);
}

/* Presses a key through the compose bar's key controller. */
static gboolean
press (Fixture         *fixture,
       guint            keyval,
       GdkModifierType  state)
{
  GtkWidget *text_view = ops_conversation_view_get_compose (fixture->view);
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (text_view);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "compose-keys") == 0)
        {
          g_signal_emit_by_name (controller, "key-pressed", keyval, 0, state, &handled);
          return handled;
        }
    }
  g_assert_not_reached ();
  return FALSE;
}

/* The newest item of the customer's thread in the store (transfer full). */
static OpsConversationItem *
last_item (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ops_store_get_conversation (fixture->store, CUSTOMER, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (items->len, >, 0);
  return g_ptr_array_steal_index (items, items->len - 1);
}

static guint
store_n_items (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ops_store_get_conversation (fixture->store, CUSTOMER, &error);

  g_assert_no_error (error);
  return items->len;
}

static char *
store_status (Fixture    *fixture,
              const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ops_store_get_conversation (fixture->store, CUSTOMER, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      OpsConversationItem *item = items->pdata[i];

      if (g_strcmp0 (item->name, message) == 0)
        return g_strdup (item->delivery_status);
    }
  return NULL;
}

static gboolean
delivered_everywhere (gpointer data)
{
  Fixture *fixture = data;
  g_autofree char *status = store_status (fixture, fixture->message);
  const char *shown = ops_conversation_view_get_status (fixture->view, fixture->message);

  if (g_strcmp0 (shown, "sent") == 0)
    fixture->seen_sent = TRUE;
  return g_strcmp0 (status, "delivered") == 0 && g_strcmp0 (shown, "delivered") == 0;
}

static gboolean
has_css_class_in (GtkWidget  *widget,
                  const char *css_class)
{
  return widget != NULL && gtk_widget_has_css_class (widget, css_class);
}

/* Saves what the window shows when OPS_SCREENSHOT_DIR is set. */
static void
screenshot (GtkWindow  *window,
            const char *name)
{
  const char *dir = g_getenv ("OPS_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  graphene_rect_t bounds;
  int width, height;

  if (dir == NULL)
    return;
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  for (guint tries = 0; node == NULL && tries < 100; tries++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      ops_test_drain ();
      width = gtk_widget_get_width (GTK_WIDGET (window));
      height = gtk_widget_get_height (GTK_WIDGET (window));
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  if (node == NULL)
    return;
  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, &bounds);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
}

/*
 * Tests
 */

static void
test_thread (Fixture       *fixture,
             gconstpointer  data)
{
  guint n = store_n_items (fixture);
  g_autoptr(OpsConversationItem) last = last_item (fixture);
  GtkWidget *bubble;

  g_assert_cmpstr (ops_conversation_view_get_customer (fixture->view), ==, CUSTOMER);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n);
  bubble = ops_conversation_view_get_bubble (fixture->view, last->name);
  g_assert_nonnull (bubble);
  g_assert_true (has_css_class_in (bubble, last->outbound ? "outbound" : "inbound"));
  g_assert_true (ops_compose_bar_can_send (fixture->bar) == FALSE);  /* nothing typed */

  /* What the customer sent from their phone reads with their name; the
   * number is in the tooltip. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) items = ops_store_get_conversation (fixture->store, CUSTOMER, &error);
    g_autoptr(OpsCustomerDetail) detail = ops_store_get_customer_detail (fixture->store, CUSTOMER, &error);
    OpsConversationItem *inbound = NULL;
    GtkWidget *byline;

    for (guint i = 0; inbound == NULL && i < items->len; i++)
      {
        OpsConversationItem *item = items->pdata[i];

        if (!item->outbound && item->kind == OPS_CONVERSATION_SMS && item->sender != NULL && item->sender[0] == '+')
          inbound = item;
      }
    g_assert_nonnull (inbound);
    byline = ops_test_find_named (ops_conversation_view_get_bubble (fixture->view, inbound->name), "byline");
    g_assert_nonnull (byline);
    g_assert_true (g_str_has_prefix (gtk_label_get_label (GTK_LABEL (byline)), detail->customer->customer_name));
    g_assert_cmpstr (gtk_widget_get_tooltip_text (byline), ==, inbound->sender);
  }

  /* Opened on the newest message. */
  {
    GtkWidget *scroller = ops_test_find_of_type (GTK_WIDGET (fixture->view), GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));

    g_assert_cmpfloat (gtk_adjustment_get_upper (adj), >, gtk_adjustment_get_page_size (adj));
    g_assert_cmpfloat (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj), >=,
                       gtk_adjustment_get_upper (adj) - 1);
  }

  /* Another customer, then none. */
  ops_conversation_view_set_customer (fixture->view, NULL, NULL);
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, 0);
  ops_conversation_view_set_customer (fixture->view, CUSTOMER, NULL);
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n);
}

static void
test_template_send_delivered (Fixture       *fixture,
                              gconstpointer  data)
{
  OpsTemplatesPopover *popover = ops_compose_bar_get_templates (fixture->bar);
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsConversationItem) sent = NULL;
  guint n = ops_conversation_view_get_n_items (fixture->view);

  ops_conversation_view_set_template_value (fixture->view, OPS_TEMPLATE_TECHNICIAN, "Marc Tremblay");
  ops_conversation_view_set_template_value (fixture->view, OPS_TEMPLATE_ARRIVAL, "14 h 30");
  ops_conversation_view_focus_compose (fixture->view);

  /* "/" at the start of an empty compose opens the list; "tech" filters it. */
  type (fixture, "/");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (ops_templates_popover_get_n_visible (popover), ==, 5);
  type (fixture, "tech");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_cmpuint (ops_templates_popover_get_n_visible (popover), ==, 1);
  g_assert_cmpstr (ops_templates_popover_get_selected (popover), ==, "Technicien en route");
  g_assert_true (press (fixture, GDK_KEY_Down, 0));
  g_assert_cmpstr (ops_templates_popover_get_selected (popover), ==, "Technicien en route");
  g_assert_true (press (fixture, GDK_KEY_Return, 0));
  ops_test_drain ();
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  text = compose_text (fixture);
  g_assert_true (g_str_has_prefix (text, "Bonjour "));
  g_assert_nonnull (strstr (text, "Marc Tremblay de Gigafibre est en route et arrivera vers 14 h 30."));
  g_assert_null (strchr (text, '{'));
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n);

  g_assert_true (ops_conversation_view_send (fixture->view, &error));
  g_assert_no_error (error);
  after = compose_text (fixture);
  g_assert_cmpstr (after, ==, "");
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n + 1);

  sent = last_item (fixture);
  g_assert_cmpint (sent->kind, ==, OPS_CONVERSATION_SMS);
  g_assert_true (sent->outbound);
  g_assert_cmpstr (sent->content, ==, text);
  fixture->message = g_strdup (sent->name);
  g_assert_true (has_css_class_in (ops_conversation_view_get_bubble (fixture->view, sent->name), "outbound"));
  g_assert_cmpstr (ops_conversation_view_get_status (fixture->view, sent->name), ==, "queued");
  g_assert_nonnull (ops_test_find_named (ops_conversation_view_get_bubble (fixture->view, sent->name),
                                         "simulated-tag"));

  ops_test_iterate_until (delivered_everywhere, fixture);
  g_assert_true (fixture->seen_sent);

  ops_compose_bar_set_note (fixture->bar, TRUE);
  ops_compose_bar_set_text (fixture->bar, "Rappeler demain.");
  g_assert_true (ops_conversation_view_send (fixture->view, NULL));
  ops_compose_bar_set_note (fixture->bar, FALSE);
  type (fixture, "/tech");
  g_assert_true (press (fixture, GDK_KEY_Return, 0));
  ops_conversation_view_set_template_value (fixture->view, OPS_TEMPLATE_TECHNICIAN, NULL);
  ops_compose_bar_set_text (fixture->bar, "Prêt {technicien}");
  screenshot (fixture->window, "conversation");
}

static void
test_keys (Fixture       *fixture,
           gconstpointer  data)
{
  guint n = ops_conversation_view_get_n_items (fixture->view);
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  g_autoptr(OpsConversationItem) sent = NULL;

  ops_conversation_view_focus_compose (fixture->view);
  type (fixture, "Bonjour");
  g_assert_true (press (fixture, GDK_KEY_Return, GDK_SHIFT_MASK));
  type (fixture, "À bientôt");
  text = compose_text (fixture);
  g_assert_cmpstr (text, ==, "Bonjour\nÀ bientôt");
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n);

  /* Plain keys go to the text view. */
  g_assert_false (press (fixture, GDK_KEY_a, 0));

  g_assert_true (press (fixture, GDK_KEY_Return, 0));
  after = compose_text (fixture);
  g_assert_cmpstr (after, ==, "");
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n + 1);
  sent = last_item (fixture);
  g_assert_cmpstr (sent->content, ==, "Bonjour\nÀ bientôt");
  g_assert_cmpstr (sent->delivery_status, ==, "queued");

  /* Enter on an empty compose sends nothing. */
  g_assert_true (press (fixture, GDK_KEY_Return, 0));
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n + 1);
}

static void
test_counter (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *long_text = g_strnfill (161, 'a');

  ops_compose_bar_set_text (fixture->bar, "Bonjour");
  g_assert_cmpstr (ops_compose_bar_get_counter_text (fixture->bar), ==, "7 / 160 · 1 SMS");
  g_assert_cmpstr (ops_compose_bar_get_unicode_text (fixture->bar), ==, "");

  ops_compose_bar_set_text (fixture->bar, long_text);
  g_assert_cmpstr (ops_compose_bar_get_counter_text (fixture->bar), ==, "161 / 306 · 2 SMS");

  /* One "ê" makes the whole message UCS-2. */
  ops_compose_bar_set_text (fixture->bar, "Prêt");
  g_assert_cmpstr (ops_compose_bar_get_counter_text (fixture->bar), ==, "4 / 70 · 1 SMS");
  g_assert_cmpstr (ops_compose_bar_get_unicode_text (fixture->bar), ==,
                   "“ê” makes this message Unicode: 70 characters per SMS");
  g_assert_true (gtk_widget_get_visible (ops_test_find_named (GTK_WIDGET (fixture->bar), "compose-unicode")));

  /* Notes are not SMS: no counter. */
  ops_compose_bar_set_note (fixture->bar, TRUE);
  g_assert_cmpstr (ops_compose_bar_get_counter_text (fixture->bar), ==, "");
  g_assert_false (gtk_widget_get_visible (ops_test_find_named (GTK_WIDGET (fixture->bar), "compose-unicode")));
}

static void
test_placeholders_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  OpsTemplatesPopover *popover = ops_compose_bar_get_templates (fixture->bar);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) missing = NULL;
  guint n = ops_conversation_view_get_n_items (fixture->view);

  /* Ctrl+/ opens the list too; Escape closes it. */
  g_assert_true (press (fixture, GDK_KEY_slash, GDK_CONTROL_MASK));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (press (fixture, GDK_KEY_Escape, 0));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));

  type (fixture, "/tech");
  g_assert_true (press (fixture, GDK_KEY_Return, 0));
  text = compose_text (fixture);
  g_assert_nonnull (strstr (text, "{technicien}"));
  g_assert_nonnull (strstr (text, "{heure_arrivee}"));
  missing = ops_compose_bar_get_missing (fixture->bar);
  g_assert_cmpstr (missing[0], ==, "technicien");
  g_assert_cmpstr (missing[1], ==, "heure_arrivee");
  g_assert_null (missing[2]);
  g_assert_nonnull (strstr (ops_compose_bar_get_hint_text (fixture->bar), "Fill in {technicien}"));

  g_assert_false (ops_conversation_view_send (fixture->view, &error));
  g_assert_error (error, OPS_CONVERSATION_VIEW_ERROR, OPS_CONVERSATION_VIEW_ERROR_PLACEHOLDERS);
  g_assert_nonnull (strstr (error->message, "{technicien}"));
  g_clear_pointer (&text, g_free);
  text = compose_text (fixture);
  g_assert_nonnull (strstr (text, "{technicien}"));  /* nothing lost */
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n);

  /* Enter says why in the bar. */
  g_assert_true (press (fixture, GDK_KEY_Return, 0));
  g_assert_nonnull (strstr (ops_compose_bar_get_hint_text (fixture->bar), "{technicien}"));
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n);
}

static void
test_note (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) sms_before = ops_outbox_list (fixture->store, OPS_SMS_DOCTYPE, NULL, &error);
  g_autoptr(GPtrArray) sms_after = NULL;
  g_autoptr(OpsConversationItem) note = NULL;
  GtkWidget *bubble;
  guint n = ops_conversation_view_get_n_items (fixture->view);

  g_assert_no_error (error);
  ops_compose_bar_set_note (fixture->bar, TRUE);
  ops_compose_bar_set_text (fixture->bar, "Client rappelé, il préfère les SMS.");
  g_assert_true (ops_conversation_view_send (fixture->view, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ops_conversation_view_get_n_items (fixture->view), ==, n + 1);

  note = last_item (fixture);
  g_assert_cmpint (note->kind, ==, OPS_CONVERSATION_NOTE);
  g_assert_cmpstr (note->content, ==, "Client rappelé, il préfère les SMS.");
  bubble = ops_conversation_view_get_bubble (fixture->view, note->name);
  g_assert_true (has_css_class_in (bubble, "note"));
  g_assert_null (ops_test_find_named (bubble, "delivery-status"));

  sms_after = ops_outbox_list (fixture->store, OPS_SMS_DOCTYPE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sms_after->len, ==, sms_before->len);
  g_clear_pointer (&sms_after, g_ptr_array_unref);
  sms_after = ops_outbox_list (fixture->store, OPS_SMS_DOCTYPE, note->name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sms_after->len, ==, 0);
}

/* The same conversation in the customer detail. */
static void
test_customer_view (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());
  OpsCustomerView *view = g_object_new (OPS_TYPE_CUSTOMER_VIEW, NULL);
  GtkWidget *embedded;

  gtk_window_set_default_size (window, 1000, 900);
  gtk_window_set_child (window, GTK_WIDGET (view));
  ops_customer_view_set_store (view, fixture->store);
  ops_customer_view_set_services (view, fixture->services);
  ops_customer_view_show (view, CUSTOMER);
  gtk_window_present (window);
  ops_test_drain ();

  embedded = ops_test_find_of_type (GTK_WIDGET (view), OPS_TYPE_CONVERSATION_VIEW);
  g_assert_nonnull (embedded);
  g_assert_cmpstr (ops_conversation_view_get_customer (OPS_CONVERSATION_VIEW (embedded)), ==, CUSTOMER);
  g_assert_cmpuint (ops_conversation_view_get_n_items (OPS_CONVERSATION_VIEW (embedded)), ==,
                    store_n_items (fixture));

  /* A message sent from one view shows in the other. */
  ops_compose_bar_set_text (fixture->bar, "Votre modem a été remplacé.");
  g_assert_true (ops_conversation_view_send (fixture->view, NULL));
  ops_test_drain ();
  g_assert_cmpuint (ops_conversation_view_get_n_items (OPS_CONVERSATION_VIEW (embedded)), ==,
                    store_n_items (fixture));

  ops_customer_view_show (view, NULL);
  g_assert_null (ops_conversation_view_get_customer (OPS_CONVERSATION_VIEW (embedded)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();
  /* Registers the resources the application's widgets come from. */
  g_type_class_unref (g_type_class_ref (OPS_TYPE_APPLICATION));

  g_test_add ("/conversation-ui/thread", Fixture, NULL, fixture_set_up, test_thread, fixture_tear_down);
  g_test_add ("/conversation-ui/template-send-delivered", Fixture, NULL, fixture_set_up,
              test_template_send_delivered, fixture_tear_down);
  g_test_add ("/conversation-ui/keys", Fixture, NULL, fixture_set_up, test_keys, fixture_tear_down);
  g_test_add ("/conversation-ui/counter", Fixture, NULL, fixture_set_up, test_counter, fixture_tear_down);
  g_test_add ("/conversation-ui/placeholders-refused", Fixture, NULL, fixture_set_up,
              test_placeholders_refused, fixture_tear_down);
  g_test_add ("/conversation-ui/note", Fixture, NULL, fixture_set_up, test_note, fixture_tear_down);

  g_test_add ("/conversation-ui/customer-view", Fixture, NULL, fixture_set_up, test_customer_view, fixture_tear_down);

  return g_test_run ();
}
