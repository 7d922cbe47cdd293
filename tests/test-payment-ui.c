/* test-payment-ui.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * In the real window on the demo workspace: an overdue invoice's row has
 * "Send payment link", and sending queues an SMS holding the simulated
 * Checkout address with a payment_links row; the dispatch job panel of a
 * Scheduled job offers "On My Way", which queues one SMS naming the
 * technician and moves the job to En Route.  And Preferences → Replies
 * adds, edits, reorders and deletes (with Undo) templates in the store.
 * Runs under Xvfb with G_DEBUG=fatal-criticals.
 */

#define G_LOG_DOMAIN "test-payment-ui"

#include "config.h"

#include "ops-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ops-application.h"
#include "ops-conversation.h"
#include "ops-dispatch-job-panel.h"
#include "ops-dispatch-page.h"
#include "ops-dispatch-selection.h"
#include "ops-on-my-way.h"
#include "ops-payment-link-button.h"
#include "ops-preferences-window.h"
#include "ops-reply-templates.h"
#include "ops-store-dispatch.h"
#include "ops-store-payment-links.h"
#include "ops-templates-editor.h"
#include "ops-window.h"

/* resources/demo: an overdue invoice of C0002, whose contact has a phone. */
#define OVERDUE_CUSTOMER "C0002"
#define OVERDUE_INVOICE "ACC-SINV-2026-00283"
#define DEMO_CHECKOUT_URL "https://checkout.stripe.com/c/pay/"
/* A Scheduled job of TECH-01 (Stéphane Tremblay) for C0316. */
#define SCHEDULED_JOB "DJ-00031"
#define SCHEDULED_TECH "TECH-01"
#define SCHEDULED_TECH_NAME "Stéphane Tremblay"

typedef struct
{
  OpsApplication *app;
  GtkWindow      *window;
  OpsStore       *store;
} Fixture;

typedef struct
{
  char *message;
  char *failure;
} SendResult;

/*
 * Helpers
 */

static gboolean
has_window (gpointer data)
{
  return gtk_application_get_active_window (data) != NULL;
}

static gboolean
send_done (gpointer data)
{
  SendResult *result = data;

  return result->message != NULL || result->failure != NULL;
}

static void
on_sent_cb (GtkWidget  *button,
            const char *message,
            SendResult *result)
{
  result->message = g_strdup (message);
}

static void
on_failed_cb (GtkWidget  *button,
              const char *text,
              SendResult *result)
{
  result->failure = g_strdup (text);
}

static guint
count_sms (OpsStore   *store,
           const char *customer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = ops_store_get_conversation (store, customer, &error);
  guint n = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      OpsConversationItem *item = items->pdata[i];

      if (item->kind == OPS_CONVERSATION_SMS && item->outbound)
        n++;
    }
  return n;
}

static OpsConversationItem *
find_item (GPtrArray  *items,
           const char *name)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (((OpsConversationItem *)items->pdata[i])->name, name) == 0)
      return items->pdata[i];
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "payment-ui.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  g_unlink (path);
  fixture->app = ops_application_new (NULL, path, TRUE);
  g_assert_true (g_application_register (G_APPLICATION (fixture->app), NULL, &error));
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (fixture->app));
  ops_test_iterate_until (has_window, fixture->app);

  fixture->window = gtk_application_get_active_window (GTK_APPLICATION (fixture->app));
  g_assert_true (OPS_IS_WINDOW (fixture->window));
  fixture->store = ops_application_get_store (fixture->app);
  ops_test_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  ops_test_drain ();
  g_clear_object (&fixture->app);
}

/*
 * Tests
 */

static void
test_payment_link (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OpsPaymentLink) link = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  SendResult result = { NULL, NULL };
  OpsConversationItem *item;
  GtkWidget *button;
  guint before;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-customer", "s", OVERDUE_CUSTOMER);
  ops_test_drain ();

  button = ops_test_find_named (GTK_WIDGET (fixture->window), OVERDUE_INVOICE);
  g_assert_nonnull (button);
  g_assert_true (OPS_IS_PAYMENT_LINK_BUTTON (button));
  g_assert_true (gtk_widget_is_visible (button));
  g_assert_cmpstr (ops_payment_link_button_get_mobile (OPS_PAYMENT_LINK_BUTTON (button)), ==, "450-358-1769");

  before = count_sms (fixture->store, OVERDUE_CUSTOMER);
  g_signal_connect (button, "sent", G_CALLBACK (on_sent_cb), &result);
  g_signal_connect (button, "failed", G_CALLBACK (on_failed_cb), &result);
  ops_payment_link_button_send (OPS_PAYMENT_LINK_BUTTON (button));
  ops_test_iterate_until (send_done, &result);
  g_assert_null (result.failure);
  g_assert_nonnull (result.message);

  g_assert_cmpuint (count_sms (fixture->store, OVERDUE_CUSTOMER), ==, before + 1);
  items = ops_store_get_conversation (fixture->store, OVERDUE_CUSTOMER, &error);
  g_assert_no_error (error);
  item = find_item (items, result.message);
  g_assert_nonnull (item);
  g_assert_nonnull (strstr (item->content, DEMO_CHECKOUT_URL));
  g_assert_null (strstr (item->content, "{lien_paiement}"));

  link = ops_store_get_last_payment_link (fixture->store, OVERDUE_INVOICE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_cmpstr (link->message, ==, result.message);
  g_assert_true (g_str_has_prefix (link->url, DEMO_CHECKOUT_URL));

  g_clear_pointer (&result.message, g_free);

  /* No number to text: said in words, nothing queued. */
  {
    g_autoptr(OpsCustomerDetail) detail = NULL;
    OpsInvoice *invoice = NULL;
    GtkWidget *lone;

    g_assert_true (ops_store_exec (fixture->store, "UPDATE contacts SET mobile = '', phone = '' "
                                                   "WHERE customer = '" OVERDUE_CUSTOMER "'", &error));
    g_assert_no_error (error);
    detail = ops_store_get_customer_detail (fixture->store, OVERDUE_CUSTOMER, &error);
    g_assert_no_error (error);
    for (guint i = 0; i < detail->invoices->len; i++)
      if (g_str_equal (((OpsInvoice *)detail->invoices->pdata[i])->name, OVERDUE_INVOICE))
        invoice = detail->invoices->pdata[i];
    g_assert_nonnull (invoice);
    lone = g_object_ref_sink (ops_payment_link_button_new (ops_application_get_services (fixture->app),
                                                           detail, invoice));
    g_assert_null (ops_payment_link_button_get_mobile (OPS_PAYMENT_LINK_BUTTON (lone)));
    before = count_sms (fixture->store, OVERDUE_CUSTOMER);
    g_signal_connect (lone, "sent", G_CALLBACK (on_sent_cb), &result);
    g_signal_connect (lone, "failed", G_CALLBACK (on_failed_cb), &result);
    ops_payment_link_button_send (OPS_PAYMENT_LINK_BUTTON (lone));
    ops_test_iterate_until (send_done, &result);
    g_assert_null (result.message);
    g_assert_cmpstr (result.failure, ==, "Add a mobile number to the customer's contact first");
    g_assert_cmpuint (count_sms (fixture->store, OVERDUE_CUSTOMER), ==, before);
    g_object_unref (lone);
  }

  g_free (result.message);
  g_free (result.failure);
}

static void
test_on_my_way (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OpsDispatchJob) job = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  AdwViewStack *stack;
  OpsDispatchPage *page;
  OpsDispatchJobPanel *panel;
  OpsConversationItem *last = NULL;
  GtkWidget *button;
  const char *customer;
  guint before;

  stack = ADW_VIEW_STACK (ops_test_find_of_type (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK));
  adw_view_stack_set_visible_child_name (stack, "dispatch");
  page = OPS_DISPATCH_PAGE (ops_test_find_of_type (GTK_WIDGET (fixture->window), OPS_TYPE_DISPATCH_PAGE));
  g_assert_nonnull (page);
  ops_test_drain ();

  panel = OPS_DISPATCH_JOB_PANEL (ops_dispatch_page_get_job_panel (page));
  ops_dispatch_selection_set (ops_dispatch_page_get_selection (page), SCHEDULED_JOB, SCHEDULED_TECH);
  ops_test_drain ();
  g_assert_cmpstr (ops_dispatch_job_panel_get_job (panel), ==, SCHEDULED_JOB);
  g_assert_nonnull (ops_dispatch_job_panel_get_shown (panel));
  g_assert_cmpint (ops_dispatch_job_panel_get_shown (panel)->status, ==, OPS_JOB_SCHEDULED);
  customer = ops_dispatch_job_panel_get_shown (panel)->customer;
  g_assert_nonnull (customer);
  before = count_sms (fixture->store, customer);

  button = ops_test_find_named (GTK_WIDGET (panel), "on-my-way");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), ==, "panel.on-my-way");
  g_signal_emit_by_name (button, "clicked");
  ops_test_drain ();

  job = ops_store_get_job (fixture->store, SCHEDULED_JOB, &error);
  g_assert_no_error (error);
  g_assert_cmpint (job->status, ==, OPS_JOB_EN_ROUTE);
  g_assert_cmpuint (count_sms (fixture->store, job->customer), ==, before + 1);

  items = ops_store_get_conversation (fixture->store, job->customer, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < items->len; i++)
    {
      OpsConversationItem *item = items->pdata[i];

      if (item->kind == OPS_CONVERSATION_SMS && item->outbound)
        last = item;
    }
  g_assert_nonnull (last);
  g_assert_nonnull (strstr (last->content, SCHEDULED_TECH_NAME));
  g_assert_null (strstr (last->content, "{technicien}"));

  /* Still offered on an En Route job; gone once on site. */
  g_assert_true (gtk_widget_get_visible (button));
  gtk_widget_activate_action (GTK_WIDGET (panel), "panel.status", "s", "On Site");
  ops_test_drain ();
  g_assert_false (gtk_widget_get_visible (button));
  g_assert_null (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)));
}

/* Preferences of the open workspace: its replies, and the Stripe group. */
static void
test_preferences_pages (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWindow *preferences;
  GtkWidget *replies;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "preferences", NULL);
  ops_test_drain ();
  preferences = ops_test_find_toplevel (OPS_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (preferences);
  replies = ops_preferences_window_get_connection (OPS_PREFERENCES_WINDOW (preferences), "replies");
  g_assert_true (OPS_IS_TEMPLATES_EDITOR (replies));
  g_assert_cmpuint (ops_templates_editor_get_n_rows (OPS_TEMPLATES_EDITOR (replies)), ==, 5);
  g_assert_nonnull (ops_preferences_window_get_connection (OPS_PREFERENCES_WINDOW (preferences), "stripe"));
}

static void
test_arrival_window (void)
{
  g_autoptr(GDateTime) start = g_date_time_new_local (2026, 3, 4, 10, 0, 0);
  g_autoptr(GDateTime) early = g_date_time_new_local (2026, 3, 4, 9, 45, 0);
  g_autofree char *window = ops_on_my_way_arrival_window (g_date_time_to_unix (start));
  g_autofree char *crossing = ops_on_my_way_arrival_window (g_date_time_to_unix (early));

  g_assert_cmpstr (window, ==, "entre 10 h 00 et 10 h 30");
  g_assert_cmpstr (crossing, ==, "entre 9 h 45 et 10 h 15");
}

/* The templates as the store has them: "title|body" lines. */
static char *
list_templates (OpsStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = ops_store_list_templates (store, &error);
  g_autoptr(GString) text = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < templates->len; i++)
    {
      OpsReplyTemplate *tpl = templates->pdata[i];

      g_string_append_printf (text, "%s|%s\n", tpl->title, tpl->body);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static OpsReplyTemplate *
nth_template (OpsStore *store,
              guint     n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) templates = ops_store_list_templates (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (n, <, templates->len);
  return g_ptr_array_steal_index (templates, n);
}

static void
fill_dialog (GtkWidget  *dialog,
             const char *title,
             const char *body)
{
  GtkWidget *entry = ops_test_find_named (dialog, "template-title");
  GtkWidget *view = ops_test_find_named (dialog, "template-body");

  g_assert_nonnull (entry);
  g_assert_nonnull (view);
  gtk_editable_set_text (GTK_EDITABLE (entry), title);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), body, -1);
}

static void
test_templates_editor (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "templates.sqlite", NULL);
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsReplyTemplate) added = NULL;
  g_autoptr(OpsReplyTemplate) edited = NULL;
  g_autoptr(OpsReplyTemplate) first = NULL;
  g_autoptr(OpsReplyTemplate) second = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  GtkWidget *window;
  GtkWidget *editor;
  GtkWidget *dialog;
  GtkTextBuffer *buffer;
  GtkTextIter end;
  guint seeded;

  g_unlink (path);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  window = adw_preferences_window_new ();
  editor = ops_templates_editor_new (store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (window), ADW_PREFERENCES_PAGE (editor));
  gtk_window_present (GTK_WINDOW (window));
  ops_test_drain ();

  seeded = ops_templates_editor_get_n_rows (OPS_TEMPLATES_EDITOR (editor));
  g_assert_cmpuint (seeded, ==, 5);

  /* Add: a title, a body, and a placeholder from its button. */
  dialog = ops_templates_editor_edit (OPS_TEMPLATES_EDITOR (editor), 0);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  fill_dialog (dialog, "Rappel", "Bonjour ");
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (ops_test_find_named (dialog, "template-body")));
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  g_signal_emit_by_name (ops_test_find_named (dialog, "placeholder-prenom"), "clicked");
  g_assert_true (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  ops_test_drain ();
  g_assert_cmpuint (ops_templates_editor_get_n_rows (OPS_TEMPLATES_EDITOR (editor)), ==, seeded + 1);
  added = nth_template (store, seeded);
  g_assert_cmpstr (added->title, ==, "Rappel");
  g_assert_cmpstr (added->body, ==, "Bonjour {prenom}");

  /* Edit it. */
  dialog = ops_templates_editor_edit (OPS_TEMPLATES_EDITOR (editor), added->id);
  g_assert_nonnull (dialog);
  fill_dialog (dialog, "Rappel de paiement", "Bonjour {prenom}, voici {lien_paiement}");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  ops_test_drain ();
  edited = nth_template (store, seeded);
  g_assert_cmpint (edited->id, ==, added->id);
  g_assert_cmpstr (edited->title, ==, "Rappel de paiement");
  g_assert_cmpstr (edited->body, ==, "Bonjour {prenom}, voici {lien_paiement}");

  /* Cancel changes nothing. */
  before = list_templates (store);
  dialog = ops_templates_editor_edit (OPS_TEMPLATES_EDITOR (editor), added->id);
  fill_dialog (dialog, "Autre", "Autre");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  ops_test_drain ();
  after = list_templates (store);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* Move the first one down: the first two swap. */
  first = nth_template (store, 0);
  g_assert_false (ops_templates_editor_move (OPS_TEMPLATES_EDITOR (editor), first->id, -1));
  g_assert_true (ops_templates_editor_move (OPS_TEMPLATES_EDITOR (editor), first->id, +1));
  second = nth_template (store, 1);
  g_assert_cmpint (second->id, ==, first->id);
  g_assert_true (ops_templates_editor_move (OPS_TEMPLATES_EDITOR (editor), first->id, -1));
  g_clear_pointer (&second, ops_reply_template_free);
  second = nth_template (store, 0);
  g_assert_cmpint (second->id, ==, first->id);
  after = list_templates (store);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* Delete the first, then Undo puts it back in its place. */
  g_assert_true (ops_templates_editor_delete (OPS_TEMPLATES_EDITOR (editor), first->id));
  g_assert_cmpuint (ops_templates_editor_get_n_rows (OPS_TEMPLATES_EDITOR (editor)), ==, seeded);
  after = list_templates (store);
  g_assert_null (strstr (after, first->title));
  g_clear_pointer (&after, g_free);
  g_assert_true (ops_templates_editor_undo (OPS_TEMPLATES_EDITOR (editor)));
  g_assert_false (ops_templates_editor_undo (OPS_TEMPLATES_EDITOR (editor)));
  after = list_templates (store);
  g_assert_cmpstr (after, ==, before);
  g_clear_pointer (&after, g_free);

  /* Deleted for good. */
  g_assert_true (ops_templates_editor_delete (OPS_TEMPLATES_EDITOR (editor), added->id));
  g_assert_cmpuint (ops_templates_editor_get_n_rows (OPS_TEMPLATES_EDITOR (editor)), ==, seeded);
  after = list_templates (store);
  g_assert_null (strstr (after, "Rappel de paiement"));

  gtk_window_destroy (GTK_WINDOW (window));
  ops_test_drain ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/payment-ui/arrival-window", test_arrival_window);
  g_test_add_func ("/payment-ui/templates-editor", test_templates_editor);
  g_test_add ("/payment-ui/payment-link", Fixture, NULL, fixture_set_up, test_payment_link, fixture_tear_down);
  g_test_add ("/payment-ui/preferences-pages", Fixture, NULL, fixture_set_up, test_preferences_pages, fixture_tear_down);
  g_test_add ("/payment-ui/on-my-way", Fixture, NULL, fixture_set_up, test_on_my_way, fixture_tear_down);

  return g_test_run ();
}
