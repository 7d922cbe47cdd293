/* test-edits-ui.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Editing from the customer page, the strip of refused writes, the outbox
 * window and the connection indicator, on a demo store and on a "live" one
 * whose ERPNext does not answer (the worker is not started, so queued rows
 * stay put).  Also the words they show.  Runs under Xvfb with
 * G_DEBUG=fatal-criticals.
 */

#define G_LOG_DOMAIN "test-edits-ui"

#include "config.h"

#include "ops-test-ui.h"

#include <adwaita.h>
#include <locale.h>

#include "ops-application.h"
#include "ops-connection-indicator.h"
#include "ops-contact-edit-dialog.h"
#include "ops-customer-edit-dialog.h"
#include "ops-customer-view.h"
#include "ops-edits.h"
#include "ops-outbox-actions.h"
#include "ops-outbox-edit-dialog.h"
#include "ops-outbox-strip.h"
#include "ops-outbox-window.h"
#include "ops-outbox.h"
#include "ops-status-text.h"
#include "ops-workspace.h"

typedef struct
{
  OpsConfig       *config;
  OpsStore        *store;
  OpsServiceLayer *services;
  GtkWindow       *window;
  OpsCustomerView *view;
} Fixture;

/*
 * Helpers
 */




static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}



static void
click (GtkWidget *button)
{
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  ops_test_drain ();
}

static void
fixture_set_up (Fixture  *fixture,
                gboolean  live)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "edits.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  fixture->config = ops_config_new ();
  /* Seeded like the demo workspace either way: the data are the same. */
  fixture->store = ops_workspace_open (fixture->config, path, TRUE, &error);
  g_assert_no_error (error);

  if (live)
    {
      /* Nothing listens on port 9; the worker is never started anyway. */
      ops_config_set_string (fixture->config, "erpnext", "url", "http://127.0.0.1:9");
      ops_config_set_string (fixture->config, "erpnext", "api_key", "key");
      ops_config_set_string (fixture->config, "erpnext", "api_secret", "secret");
    }
  fixture->services = ops_service_layer_new (fixture->config, fixture->store, !live, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ops_service_layer_is_demo (fixture->services), ==, !live);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 800);
  overlay = adw_toast_overlay_new ();
  fixture->view = g_object_new (OPS_TYPE_CUSTOMER_VIEW, NULL);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->view));
  gtk_window_set_child (fixture->window, overlay);
  ops_customer_view_set_store (fixture->view, fixture->store);
  ops_customer_view_set_services (fixture->view, fixture->services);
  ops_customer_view_show (fixture->view, "C0001");
  gtk_window_present (fixture->window);
  ops_test_drain ();
  g_assert_nonnull (ops_customer_view_get_shown (fixture->view));
}

static void
fixture_set_up_demo (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture_set_up (fixture, FALSE);
}

static void
fixture_set_up_live (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture_set_up (fixture, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  ops_test_drain ();
  g_clear_object (&fixture->services);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->config);
}

static OpsCustomerDetail *
read_customer (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  OpsCustomerDetail *detail = ops_store_get_customer_detail (fixture->store, "C0001", &error);

  g_assert_no_error (error);
  g_assert_nonnull (detail);
  return detail;
}

/* Opens the dialog with the action, as Ctrl+E does, types notes, switches
 * VIP on and saves. */
static void
edit_customer (Fixture    *fixture,
               const char *notes)
{
  OpsCustomerEditDialog *dialog;
  GtkWidget *notes_view;
  GtkWidget *vip;

  gtk_widget_activate_action (GTK_WIDGET (fixture->view), "customer.edit", NULL);
  dialog = (OpsCustomerEditDialog *)ops_test_find_toplevel (OPS_TYPE_CUSTOMER_EDIT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);

  notes_view = ops_test_find_of_type (GTK_WIDGET (dialog), GTK_TYPE_TEXT_VIEW);
  g_assert_nonnull (notes_view);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (notes_view)), notes, -1);
  vip = ops_test_find_named (GTK_WIDGET (dialog), "flag-vip");
  g_assert_nonnull (vip);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (vip)));
  gtk_switch_set_active (GTK_SWITCH (vip), TRUE);

  gtk_widget_activate_action (GTK_WIDGET (dialog), "edit.save", NULL);
  ops_test_drain ();
  g_assert_null (ops_test_find_toplevel (OPS_TYPE_CUSTOMER_EDIT_DIALOG));
}

/*
 * Tests
 */

static void
test_words (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 3, 14, 15, 0, 0);
  g_autoptr(GDateTime) a = g_date_time_add_seconds (now, -20);
  g_autoptr(GDateTime) b = g_date_time_add_minutes (now, -3);
  g_autoptr(GDateTime) c = g_date_time_add_hours (now, -2);
  g_autoptr(GDateTime) d = g_date_time_add_days (now, -1);
  g_autoptr(GDateTime) e = g_date_time_add_days (now, -3);
  g_autoptr(GDateTime) f = g_date_time_add_days (now, -40);
  OpsConnectionInfo info = { 0 };
  OpsOutboxEntry entry = { 0 };
  OpsLabel label;
  char *text;

#define CHECK(expr, expected) G_STMT_START { text = (expr); g_assert_cmpstr (text, ==, expected); g_free (text); } G_STMT_END

  CHECK (ops_format_count (100000), "100000");   /* C locale: no grouping */
  CHECK (ops_format_count (0), "0");
  CHECK (ops_format_age (a, now), "just now");
  CHECK (ops_format_age (now, a), "just now");    /* a clock a little ahead */
  CHECK (ops_format_age (b, now), "3 min ago");
  CHECK (ops_format_age (c, now), "2 h ago");
  CHECK (ops_format_age (d, now), "1 day ago");
  CHECK (ops_format_age (e, now), "3 days ago");
  g_assert_true (g_str_has_prefix ((text = ops_format_age (f, now)), "on 2026-02-0"));
  g_free (text);
  CHECK (ops_format_iso_age ("2026-03-14T14:55:00.000000Z", now), "5 min ago");
  g_assert_null (ops_format_iso_age ("yesterday", now));
  g_assert_null (ops_format_iso_age (NULL, now));

  g_assert_cmpstr (ops_doctype_plural_label ("Customer"), ==, "Customers");
  g_assert_cmpstr (ops_doctype_plural_label ("Service Equipment"), ==, "Equipment");
  g_assert_cmpstr (ops_doctype_plural_label ("Unknown Doctype"), ==, "Unknown Doctype");

  info.state = OPS_CONNECTION_ONLINE;
  CHECK (ops_connection_label (&info), "Online");
  g_assert_null (ops_connection_style (&info));
  CHECK (ops_connection_tooltip (&info, now), "Online · not synced completely yet");
  info.last_sync = g_date_time_to_unix (b);
  CHECK (ops_connection_tooltip (&info, now), "Online · synced 3 min ago");
  text = ops_connection_last_sync (&info, now);
  g_assert_true (g_str_has_prefix (text, "Last complete sync 3 min ago, at "));
  g_free (text);

  info.state = OPS_CONNECTION_SYNCING;
  info.sync_doctype = "Customer";
  info.sync_done = 3200;
  info.sync_total = 100000;
  CHECK (ops_connection_label (&info), "Syncing Customers 3200 / 100000");
  CHECK (ops_connection_sentence (&info), "Bringing Customers up to date from ERPNext: 3200 of 100000.");
  info.sync_total = 0;
  CHECK (ops_connection_label (&info), "Syncing Customers 3200");
  info.sync_doctype = NULL;
  CHECK (ops_connection_label (&info), "Syncing…");

  info.state = OPS_CONNECTION_OFFLINE;
  info.pending = 3;
  CHECK (ops_connection_label (&info), "Offline · 3 changes waiting");
  g_assert_cmpstr (ops_connection_style (&info), ==, "warning");
  info.pending = 1;
  CHECK (ops_connection_label (&info), "Offline · 1 change waiting");
  info.pending = 0;
  CHECK (ops_connection_label (&info), "Offline");

  info.state = OPS_CONNECTION_AUTH_FAILED;
  CHECK (ops_connection_label (&info), "Check API key");
  g_assert_cmpstr (ops_connection_style (&info), ==, "error");
  text = ops_connection_sentence (&info);
  g_assert_nonnull (strstr (text, "API key"));
  g_free (text);

  g_assert_null (ops_connection_failed_label (0));
  CHECK (ops_connection_failed_label (1), "1 change refused");
  CHECK (ops_connection_failed_label (2), "2 changes refused");
  g_assert_null (ops_connection_writes_summary (0, 0));
  CHECK (ops_connection_writes_summary (3, 0), "3 changes waiting to be sent");
  CHECK (ops_connection_writes_summary (0, 1), "1 refused by ERPNext");
  CHECK (ops_connection_writes_summary (1, 2), "1 change waiting to be sent · 2 refused by ERPNext");

  label = ops_label_outbox_state (OPS_OUTBOX_FAILED);
  g_assert_cmpstr (label.label, ==, "Refused by ERPNext");
  g_assert_cmpstr (label.style, ==, "error");
  label = ops_label_outbox_state (OPS_OUTBOX_PENDING);
  g_assert_cmpstr (label.label, ==, "Waiting");

  entry.doctype = (char *)"Customer";
  entry.docname = (char *)"C0001";
  entry.created_at = (char *)"2026-03-14T14:55:00.000000Z";
  CHECK (ops_outbox_entry_details (&entry, now), "Customer C0001 · made 5 min ago");
  entry.attempts = 2;
  CHECK (ops_outbox_entry_details (&entry, now), "Customer C0001 · 2 attempts · made 5 min ago");
  g_assert_cmpstr (ops_outbox_field_label ("Customer", "customer_details"), ==, "Notes");
  g_assert_cmpstr (ops_outbox_field_label ("Contact", "other"), ==, "other");

#undef CHECK
}

static void
test_grouped_count (void)
{
  const char *locales[] = { "en_US.UTF-8", "en_CA.UTF-8", "en_GB.UTF-8" };
  g_autofree char *saved = g_strdup (setlocale (LC_NUMERIC, NULL));
  g_autofree char *text = NULL;
  const char *found = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (locales) && found == NULL; i++)
    found = setlocale (LC_NUMERIC, locales[i]);
  if (found == NULL)
    {
      g_test_skip ("No English locale with digit grouping is installed");
      return;
    }
  text = ops_format_count (100000);
  setlocale (LC_NUMERIC, saved);
  g_assert_cmpstr (text, ==, "100,000");
}

static void
test_edit_customer_demo (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  const char *legacy[] = { "legacy_flag", NULL };
  OpsCustomerDetail *detail;
  const OpsCustomerDetail *shown;
  GtkWidget *overlay;

  /* A flag this console does not know is kept as it is. */
  g_assert_true (ops_edit_customer (fixture->store, "C0001", "", legacy, FALSE, &error));
  g_assert_no_error (error);
  ops_customer_view_show (fixture->view, "C0001");

  edit_customer (fixture, "Gate code 4412.\nCall before 9.");

  detail = read_customer (fixture);
  g_assert_cmpstr (detail->customer->notes, ==, "Gate code 4412.\nCall before 9.");
  g_assert_cmpuint (g_strv_length (detail->customer->flags), ==, 2);
  g_assert_cmpstr (detail->customer->flags[0], ==, "legacy_flag");
  g_assert_cmpstr (detail->customer->flags[1], ==, "vip");
  ops_customer_detail_free (detail);

  /* The demo workspace sends nothing. */
  rows = ops_outbox_list (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);

  /* The view shows what was saved, and the strip stays hidden. */
  shown = ops_customer_view_get_shown (fixture->view);
  g_assert_cmpstr (shown->customer->notes, ==, "Gate code 4412.\nCall before 9.");
  overlay = ops_test_find_of_type (GTK_WIDGET (fixture->window), OPS_TYPE_OUTBOX_STRIP);
  g_assert_false (gtk_widget_get_visible (overlay));
}

static void
test_indicator (Fixture       *fixture,
                gconstpointer  data)
{
  OpsConnectionIndicator *indicator = g_object_new (OPS_TYPE_CONNECTION_INDICATOR, NULL);
  OpsServiceLayer *demo;
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;

  g_object_ref_sink (indicator);

  /* Not before it knows, nor on the demo workspace. */
  g_assert_null (ops_connection_indicator_get_label (indicator));
  demo = ops_service_layer_new (config, fixture->store, TRUE, &error);
  g_assert_no_error (error);
  ops_connection_indicator_set_services (indicator, demo);
  g_assert_null (ops_connection_indicator_get_label (indicator));

  /* Live, not started: still reaching ERPNext. */
  ops_connection_indicator_set_services (indicator, fixture->services);
  g_assert_cmpstr (ops_connection_indicator_get_label (indicator), ==, "Connecting…");

  /* A queued change shows up in the label once the layer recounts. */
  edit_customer (fixture, "Fibre cut on the street; be patient.");
  g_assert_cmpint (ops_service_layer_get_pending_writes (fixture->services), ==, 1);
  g_assert_cmpstr (ops_connection_indicator_get_label (indicator), ==, "Connecting… · 1 change waiting");

  ops_connection_indicator_set_services (indicator, NULL);
  g_object_unref (demo);
  g_object_unref (indicator);
}

static gboolean
strip_has_failed (gpointer data)
{
  return ops_outbox_strip_get_n_failed (data) == 1;
}

static gboolean
strip_is_hidden (gpointer data)
{
  return !gtk_widget_get_visible (data);
}

static void
test_edit_customer_live (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsOutboxEntry) entry = NULL;
  OpsCustomerDetail *detail;
  OpsOutboxStrip *strip;
  GtkWidget *message;
  AdwMessageDialog *confirm;
  gint64 id;

  edit_customer (fixture, "Fibre cut on the street; be patient.");

  detail = read_customer (fixture);
  g_assert_cmpstr (detail->customer->notes, ==, "Fibre cut on the street; be patient.");
  g_assert_true (g_strv_contains ((const char *const *)detail->customer->flags, "vip"));
  ops_customer_detail_free (detail);

  /* Queued in the same transaction, with what ERPNext is to receive. */
  rows = ops_outbox_list (fixture->store, "Customer", "C0001", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = g_steal_pointer (&rows->pdata[0]);
  g_clear_pointer (&rows, g_ptr_array_unref);
  id = entry->id;
  g_assert_cmpint (entry->state, ==, OPS_OUTBOX_PENDING);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "customer_details"), ==,
                   "Fibre cut on the street; be patient.");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "custom_flags"), ==, "vip");

  /* The page says quietly that it waits. */
  strip = OPS_OUTBOX_STRIP (ops_test_find_of_type (GTK_WIDGET (fixture->view), OPS_TYPE_OUTBOX_STRIP));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (strip)));
  g_assert_cmpuint (ops_outbox_strip_get_n_pending (strip), ==, 1);
  g_assert_cmpuint (ops_outbox_strip_get_n_failed (strip), ==, 0);
  g_assert_nonnull (ops_test_find_named (GTK_WIDGET (strip), "pending"));

  /* ERPNext refuses it: the strip shows its message. */
  g_assert_true (ops_outbox_mark_failed (fixture->store, id, "Custom Flags: vip is not an allowed value", &error));
  g_assert_no_error (error);
  ops_outbox_actions_changed (fixture->services, "failed", id);
  ops_test_iterate_until (strip_has_failed, strip);
  message = ops_test_find_named (GTK_WIDGET (strip), "message");
  g_assert_nonnull (message);
  g_assert_true (gtk_widget_is_visible (message));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (message)), ==,
                   "ERPNext refused a change: Custom Flags: vip is not an allowed value");
  g_assert_cmpint (ops_service_layer_get_failed_writes (fixture->services), ==, 1);

  /* Retry puts it back in line. */
  click (find_action_button (GTK_WIDGET (strip), "strip.retry"));
  g_clear_pointer (&entry, ops_outbox_entry_free);
  entry = ops_outbox_get (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, OPS_OUTBOX_PENDING);
  g_assert_cmpuint (ops_outbox_strip_get_n_failed (strip), ==, 0);
  g_assert_cmpuint (ops_outbox_strip_get_n_pending (strip), ==, 1);
  g_assert_cmpint (ops_service_layer_get_failed_writes (fixture->services), ==, 0);

  /* Refused again, then discarded after saying what that means. */
  g_assert_true (ops_outbox_mark_failed (fixture->store, id, "Custom Flags: vip is not an allowed value", &error));
  ops_outbox_actions_changed (fixture->services, "failed", id);
  ops_test_iterate_until (strip_has_failed, strip);
  click (find_action_button (GTK_WIDGET (strip), "strip.discard"));
  confirm = ADW_MESSAGE_DIALOG (ops_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "until the next sync"));
  g_assert_true (ops_outbox_has_unfinished (fixture->store, "Customer", "C0001"));
  adw_message_dialog_response (confirm, "discard");
  ops_test_drain ();
  g_assert_false (ops_outbox_has_unfinished (fixture->store, "Customer", "C0001"));
  ops_test_iterate_until (strip_is_hidden, strip);

  /* The local change stays until a sync brings ERPNext's value back. */
  detail = read_customer (fixture);
  g_assert_cmpstr (detail->customer->notes, ==, "Fibre cut on the street; be patient.");
  ops_customer_detail_free (detail);
}

static void
test_edit_contact (Fixture       *fixture,
                   gconstpointer  data)
{
  const OpsCustomerDetail *shown = ops_customer_view_get_shown (fixture->view);
  OpsContact *contact = shown->contacts->pdata[0];
  g_autofree char *name = g_strdup (contact->name);
  g_autofree char *email = g_strdup (contact->email);
  g_autofree char *mobile = g_strdup (contact->mobile);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  OpsCustomerDetail *detail;
  OpsContact *stored;
  GtkWidget *dialog;
  GtkWidget *email_row;
  GtkWidget *phone_row;
  GtkWidget *edit_button;
  OpsOutboxEntry *entry;

  /* Each contact row has its edit button. */
  edit_button = ops_test_find_named (GTK_WIDGET (fixture->view), "edit-contact");
  g_assert_nonnull (edit_button);
  click (edit_button);
  dialog = GTK_WIDGET (ops_test_find_toplevel (OPS_TYPE_CONTACT_EDIT_DIALOG));
  g_assert_nonnull (dialog);

  /* A wrong address is explained under its field; the dialog stays. */
  email_row = ops_test_find_named (dialog, "email");
  phone_row = ops_test_find_named (dialog, "phone");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, email ? email : "");
  gtk_editable_set_text (GTK_EDITABLE (email_row), "marie-eve at videotron");
  gtk_widget_activate_action (dialog, "edit.save", NULL);
  ops_test_drain ();
  g_assert_true (ops_test_find_toplevel (OPS_TYPE_CONTACT_EDIT_DIALOG) == GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_has_css_class (email_row, "error"));
  g_assert_false (gtk_widget_has_css_class (phone_row, "error"));
  {
    GtkWidget *error_row = gtk_widget_get_next_sibling (email_row);
    GtkWidget *label = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (error_row));

    g_assert_true (gtk_widget_get_visible (error_row));
    g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)), "is not an e-mail address"));
  }
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (email_row)), ==, "marie-eve at videotron");
  rows = ops_outbox_list (fixture->store, "Contact", name, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Put the address back, change the phone: only the phone is sent. */
  gtk_editable_set_text (GTK_EDITABLE (email_row), email ? email : "");
  g_assert_false (gtk_widget_has_css_class (email_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (phone_row), "450-555-0199");
  gtk_widget_activate_action (dialog, "edit.save", NULL);
  ops_test_drain ();
  g_assert_null (ops_test_find_toplevel (OPS_TYPE_CONTACT_EDIT_DIALOG));

  detail = read_customer (fixture);
  stored = detail->contacts->pdata[0];
  g_assert_cmpstr (stored->name, ==, name);
  g_assert_cmpstr (stored->phone, ==, "450-555-0199");
  g_assert_cmpstr (stored->email, ==, email);
  g_assert_cmpstr (stored->mobile, ==, mobile);
  ops_customer_detail_free (detail);

  rows = ops_outbox_list (fixture->store, "Contact", name, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpuint (json_object_get_size (entry->payload), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "phone"), ==, "450-555-0199");

  /* The contact's waiting change shows on the customer's page. */
  g_assert_cmpuint (ops_outbox_strip_get_n_pending (OPS_OUTBOX_STRIP (ops_test_find_of_type (GTK_WIDGET (fixture->view),
                                                                                     OPS_TYPE_OUTBOX_STRIP))), ==, 1);
}

static gboolean
window_is_empty (gpointer data)
{
  return ops_outbox_window_get_n_entries (data) == 0;
}

static void
test_outbox_window (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsOutboxEntry) entry = NULL;
  OpsOutboxWindow *outbox;
  GtkWidget *dialog;
  GtkWidget *notes_row;
  gint64 id;

  outbox = OPS_OUTBOX_WINDOW (ops_outbox_window_new (fixture->window, fixture->services));
  gtk_window_present (GTK_WINDOW (outbox));
  g_assert_cmpuint (ops_outbox_window_get_n_entries (outbox), ==, 0);

  /* A change made elsewhere appears on the bus's "outbox" event. */
  edit_customer (fixture, "Prefers e-mail.");
  g_assert_cmpuint (ops_outbox_window_get_n_entries (outbox), ==, 1);
  rows = ops_outbox_list (fixture->store, NULL, NULL, &error);
  id = ((OpsOutboxEntry *)rows->pdata[0])->id;
  g_assert_true (ops_outbox_mark_failed (fixture->store, id, "Customer Details: too long", &error));
  ops_outbox_actions_changed (fixture->services, "failed", id);
  ops_test_drain ();
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (ops_test_find_named (GTK_WIDGET (outbox), "message"))),
                            "Customer Details: too long"));

  /* Edit: one row per text field; saving sends it again. */
  click (find_action_button (GTK_WIDGET (outbox), "outbox.edit"));
  dialog = GTK_WIDGET (ops_test_find_toplevel (OPS_TYPE_OUTBOX_EDIT_DIALOG));
  g_assert_nonnull (dialog);
  notes_row = ops_test_find_named (dialog, "customer_details");
  g_assert_nonnull (notes_row);
  g_assert_nonnull (ops_test_find_named (dialog, "custom_flags"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (notes_row)), ==, "Prefers e-mail.");
  gtk_editable_set_text (GTK_EDITABLE (notes_row), "E-mail only.");
  gtk_widget_activate_action (dialog, "edit.save", NULL);
  ops_test_drain ();
  g_assert_null (ops_test_find_toplevel (OPS_TYPE_OUTBOX_EDIT_DIALOG));
  entry = ops_outbox_get (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, OPS_OUTBOX_PENDING);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "customer_details"), ==, "E-mail only.");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "custom_flags"), ==, "vip");

  /* Discarding from the window empties it. */
  click (find_action_button (GTK_WIDGET (outbox), "outbox.discard"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ops_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "discard");
  ops_test_iterate_until (window_is_empty, outbox);
  g_assert_false (ops_outbox_has_unfinished (fixture->store, "Customer", "C0001"));

  /* Escape closes it. */
  gtk_widget_activate_action (GTK_WIDGET (outbox), "window.close", NULL);
  ops_test_drain ();
  g_assert_null (ops_test_find_toplevel (OPS_TYPE_OUTBOX_WINDOW));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();
  /* Registers the resources the templates come from. */
  g_type_class_unref (g_type_class_ref (OPS_TYPE_APPLICATION));

  g_test_add_func ("/edits-ui/words", test_words);
  g_test_add_func ("/edits-ui/grouped-count", test_grouped_count);
  g_test_add ("/edits-ui/customer-demo", Fixture, NULL, fixture_set_up_demo, test_edit_customer_demo, fixture_tear_down);
  g_test_add ("/edits-ui/indicator", Fixture, NULL, fixture_set_up_live, test_indicator, fixture_tear_down);
  g_test_add ("/edits-ui/customer-live", Fixture, NULL, fixture_set_up_live, test_edit_customer_live, fixture_tear_down);
  g_test_add ("/edits-ui/contact", Fixture, NULL, fixture_set_up_live, test_edit_contact, fixture_tear_down);
  g_test_add ("/edits-ui/outbox-window", Fixture, NULL, fixture_set_up_live, test_outbox_window, fixture_tear_down);

  return g_test_run ();
}
