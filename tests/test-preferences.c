/* test-preferences.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Connections page against the fake Frappe: a good key, a wrong one, a
 * port where nothing listens, an address that is not one; values from the
 * configuration file; saving with no keyring.  Runs under Xvfb with a
 * session bus address where nothing listens, so the user's own keyring is
 * never read or written.  The Gemini group against the fake Gemini: a
 * refused key, a good one, nothing listening, values from the file.  With
 * --keyring (run by test-preferences-keyring.sh under a private bus and a
 * throwaway keyring) saving the Gemini key is checked for real.
 */

#define G_LOG_DOMAIN "test-preferences"

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "ops-application.h"
#include "ops-connection-group.h"
#include "ops-erpnext-client.h"
#include "ops-fake-frappe.h"
#include "ops-fake-gemini.h"
#include "ops-fake-server.h"
#include "ops-gemini-group.h"
#include "ops-secrets.h"
#include "ops-preferences-window.h"
#include "ops-stripe-group.h"
#include "ops-ui-resources.h"

#define WRONG_KEY "Wrong API key or secret. Check them in ERPNext under your user → API Access."

typedef struct
{
  GSettings          *settings;
  GtkWidget          *window;
  OpsConnectionGroup *group;
  OpsGeminiGroup     *gemini;
  GPtrArray          *toasts;
} Fixture;

static void
on_toast_cb (GtkWidget          *group,
             const char         *message,
             GPtrArray          *toasts)
{
  g_ptr_array_add (toasts, g_strdup (message));
}

static void
iterate_until (gboolean (*done) (Fixture *),
               Fixture   *fixture)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!done (fixture))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("timed out; the status says “%s”", ops_connection_group_get_status (fixture->group));
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
drain (void)
{
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
is_idle (Fixture *fixture)
{
  return !ops_connection_group_is_busy (fixture->group);
}

static gboolean
gemini_is_idle (Fixture *fixture)
{
  return !ops_gemini_group_is_busy (fixture->gemini);
}

static gboolean
gemini_is_busy (Fixture *fixture)
{
  return ops_gemini_group_is_busy (fixture->gemini);
}

static gboolean
is_busy (Fixture *fixture)
{
  return ops_connection_group_is_busy (fixture->group);
}

static gboolean
has_toast (Fixture *fixture)
{
  return fixture->toasts->len > 0;
}

static void
fixture_open (Fixture   *fixture,
              OpsConfig *config)
{
  g_autoptr(OpsConfig) empty = NULL;

  if (config == NULL)
    config = empty = ops_config_new ();

  fixture->window = ops_preferences_window_new (NULL, config, fixture->settings);
  fixture->group = OPS_CONNECTION_GROUP (ops_preferences_window_get_connection (OPS_PREFERENCES_WINDOW (fixture->window),
                                                                                "erpnext"));
  g_assert_nonnull (fixture->group);
  g_signal_connect (fixture->group, "toast", G_CALLBACK (on_toast_cb), fixture->toasts);
  fixture->gemini = OPS_GEMINI_GROUP (ops_preferences_window_get_connection (OPS_PREFERENCES_WINDOW (fixture->window),
                                                                             "gemini"));
  g_assert_nonnull (fixture->gemini);
  g_signal_connect (fixture->gemini, "toast", G_CALLBACK (on_toast_cb), fixture->toasts);
  gtk_window_present (GTK_WINDOW (fixture->window));
  /* Until the keyring said it is not there. */
  iterate_until (is_idle, fixture);
  iterate_until (gemini_is_idle, fixture);
  drain ();
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->settings = g_settings_new (BASE_APP_ID);
  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  drain ();
  g_settings_reset (fixture->settings, "erpnext-url");
  g_settings_reset (fixture->settings, "erpnext-ca-file");
  g_settings_reset (fixture->settings, "gemini-model");
  g_settings_reset (fixture->settings, "stripe-success-url");
  g_settings_reset (fixture->settings, "stripe-cancel-url");
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
}

static void
set_field (Fixture    *fixture,
           const char *key,
           const char *text)
{
  GtkWidget *row = ops_connection_group_get_row (fixture->group, key);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static void
press (GtkWidget *button,
       Fixture   *fixture,
       gboolean (*started) (Fixture *))
{
  g_assert_true (gtk_widget_get_sensitive (button));
  /* As the keyboard does: "clicked" comes after the pressed look. */
  gtk_widget_activate (button);
  iterate_until (started, fixture);
}

static const char *
run_test (Fixture *fixture)
{
  GtkWidget *button = ops_connection_group_get_test_button (fixture->group);

  press (button, fixture, is_busy);
  g_assert_false (gtk_widget_get_sensitive (button));
  iterate_until (is_idle, fixture);
  return ops_connection_group_get_status (fixture->group);
}

/* The user the fake answers for key:secret, asked without the window. */
static char *
logged_user (OpsFakeFrappe *fake,
             const char    *key,
             const char    *secret)
{
  g_autoptr(OpsErpnextClient) client = NULL;
  g_autoptr(GError) error = NULL;
  char *user;

  client = ops_erpnext_client_new (ops_fake_frappe_get_url (fake), key, secret, NULL, &error);
  g_assert_no_error (error);
  user = ops_erpnext_client_get_logged_user (client, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (user);
  return user;
}

/* A port on 127.0.0.1 where nothing listens. */
static guint16
closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
on_store_result_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

static void
test_url_validation (void)
{
  g_assert_true (ops_connection_url_is_valid ("https://erp.example.com"));
  g_assert_true (ops_connection_url_is_valid ("https://erp.example.com/"));
  g_assert_true (ops_connection_url_is_valid ("http://10.0.0.5:8000"));
  g_assert_true (ops_connection_url_is_valid ("HTTPS://ERP.example.com:443"));
  g_assert_true (ops_connection_url_is_valid ("http://[::1]:8000"));
  g_assert_false (ops_connection_url_is_valid (NULL));
  g_assert_false (ops_connection_url_is_valid (""));
  g_assert_false (ops_connection_url_is_valid ("erp.example.com"));
  g_assert_false (ops_connection_url_is_valid ("ftp://erp.example.com"));
  g_assert_false (ops_connection_url_is_valid ("https://"));
  g_assert_false (ops_connection_url_is_valid ("https://erp.example.com:99999"));
  g_assert_false (ops_connection_url_is_valid ("https://erp.example.com/app/customer"));
  g_assert_false (ops_connection_url_is_valid ("https://user:pw@erp.example.com"));
  g_assert_false (ops_connection_url_is_valid ("https://erp.example.com?x=1"));
  g_assert_false (ops_connection_url_is_valid ("https://erp example.com"));
}

static void
test_connection_results (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("k", "s");
  g_autofree char *user = logged_user (fake, "k", "s");
  g_autofree char *connected = g_strdup_printf ("Connected as %s.", user);
  g_autofree char *unreachable = NULL;
  g_autofree char *cannot_reach = NULL;
  GtkWidget *test_button;
  GtkWidget *url_row;
  guint16 port;

  fixture_open (fixture, NULL);
  test_button = ops_connection_group_get_test_button (fixture->group);
  url_row = ops_connection_group_get_row (fixture->group, "url");

  /* Nothing entered: nothing to test. */
  g_assert_false (gtk_widget_get_sensitive (test_button));

  set_field (fixture, "url", ops_fake_frappe_get_url (fake));
  set_field (fixture, "api_key", "k");
  g_assert_false (gtk_widget_get_sensitive (test_button));
  set_field (fixture, "api_secret", "s");
  g_assert_cmpstr (run_test (fixture), ==, connected);
  g_assert_cmpuint (ops_fake_frappe_get_request_count (fake), >=, 2);

  /* An edit forgets the result; a wrong secret is named as such. */
  set_field (fixture, "api_secret", "wrong");
  g_assert_cmpstr (ops_connection_group_get_status (fixture->group), !=, connected);
  g_assert_cmpstr (run_test (fixture), ==, WRONG_KEY);

  /* Nothing listens on the port. */
  port = closed_port ();
  unreachable = g_strdup_printf ("http://127.0.0.1:%u", port);
  cannot_reach = g_strdup_printf ("Cannot reach 127.0.0.1:%u. Check the address and your network.", port);
  set_field (fixture, "api_secret", "s");
  set_field (fixture, "url", unreachable);
  g_assert_cmpstr (run_test (fixture), ==, cannot_reach);

  /* Not an address: error style, a hint, and neither Test nor Save. */
  set_field (fixture, "url", "erp.example.com");
  drain ();
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_false (gtk_widget_get_sensitive (test_button));
  g_assert_false (gtk_widget_get_sensitive (ops_connection_group_get_save_button (fixture->group)));
  g_assert_nonnull (strstr (ops_connection_group_get_status (fixture->group), "https://erp.example.com"));

  /* Fixed: back to normal. */
  set_field (fixture, "url", ops_fake_frappe_get_url (fake));
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  g_assert_true (gtk_widget_get_sensitive (test_button));
  g_assert_cmpstr (run_test (fixture), ==, connected);
}

static void
test_close_while_testing (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("k", "s");
  g_autoptr(OpsConnectionGroup) group = NULL;
  g_autofree char *before = NULL;
  gint64 until;

  ops_fake_frappe_set_delay (fake, 300);
  fixture_open (fixture, NULL);
  set_field (fixture, "url", ops_fake_frappe_get_url (fake));
  set_field (fixture, "api_key", "k");
  set_field (fixture, "api_secret", "s");
  press (ops_connection_group_get_test_button (fixture->group), fixture, is_busy);

  /* Closing cancels the test; its late answer changes nothing. */
  group = g_object_ref (fixture->group);
  before = g_strdup (ops_connection_group_get_status (group));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  g_assert_false (ops_connection_group_is_busy (group));
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (ops_connection_group_get_status (group), ==, before);
}

static void
test_configured_values_locked (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("cfg-key", "cfg-secret");
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ini = g_strdup_printf ("[erpnext]\nurl = %s\napi_key = cfg-key\napi_secret = cfg-secret\n",
                                          ops_fake_frappe_get_url (fake));
  g_autofree char *user = logged_user (fake, "cfg-key", "cfg-secret");
  g_autofree char *connected = g_strdup_printf ("Connected as %s.", user);
  g_autofree char *saved_url = NULL;
  GtkWidget *url_row;
  GtkWidget *secret_row;

  ops_config_load_data (config, ini, -1, "ops.ini", &error);
  g_assert_no_error (error);
  fixture_open (fixture, config);
  drain ();

  url_row = ops_connection_group_get_row (fixture->group, "url");
  secret_row = ops_connection_group_get_row (fixture->group, "api_secret");
  g_assert_false (gtk_widget_get_sensitive (url_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (url_row)), ==, ops_fake_frappe_get_url (fake));
  g_assert_false (gtk_widget_get_sensitive (ops_connection_group_get_row (fixture->group, "api_key")));
  g_assert_false (gtk_widget_get_sensitive (secret_row));
  /* The secret is used, never shown. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (secret_row)), ==, "");

  /* Testing uses the configured values. */
  g_assert_cmpstr (run_test (fixture), ==, connected);

  /* Saving leaves what the file set alone. */
  press (ops_connection_group_get_save_button (fixture->group), fixture, has_toast);
  g_assert_cmpstr (fixture->toasts->pdata[0], ==, "Saved. Connecting to ERPNext…");
  saved_url = g_settings_get_string (fixture->settings, "erpnext-url");
  g_assert_cmpstr (saved_url, ==, "");
}

static void
test_save_without_keyring (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *saved_url = NULL;
  GtkWidget *secret_row;

  fixture_open (fixture, NULL);
  g_assert_true (g_str_has_prefix (ops_connection_group_get_status (fixture->group), "No keyring is running"));
  set_field (fixture, "url", "https://erp.example.com");
  set_field (fixture, "api_key", "k");
  set_field (fixture, "api_secret", "s");

  press (ops_connection_group_get_save_button (fixture->group), fixture, has_toast);
  iterate_until (is_idle, fixture);

  /* The keyring's sentence; nothing half-saved, nothing lost. */
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  g_assert_true (g_str_has_prefix (fixture->toasts->pdata[0], "No keyring is running"));
  saved_url = g_settings_get_string (fixture->settings, "erpnext-url");
  g_assert_cmpstr (saved_url, ==, "");
  secret_row = ops_connection_group_get_row (fixture->group, "api_secret");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (secret_row)), ==, "s");
  g_assert_true (gtk_widget_get_visible (fixture->window));
  g_assert_true (gtk_widget_get_sensitive (ops_connection_group_get_save_button (fixture->group)));
}

static void
test_saved_settings_loaded (Fixture       *fixture,
                            gconstpointer  data)
{
  AdwActionRow *ca_row;

  g_settings_set_string (fixture->settings, "erpnext-url", "https://erp.example.com");
  g_settings_set_string (fixture->settings, "erpnext-ca-file", "/etc/ops/ca.pem");
  fixture_open (fixture, NULL);

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ops_connection_group_get_row (fixture->group, "url"))),
                   ==, "https://erp.example.com");
  g_assert_true (gtk_widget_get_sensitive (ops_connection_group_get_row (fixture->group, "url")));
  ca_row = ADW_ACTION_ROW (ops_connection_group_get_ca_row (fixture->group));
  g_assert_cmpstr (adw_action_row_get_subtitle (ca_row), ==, "/etc/ops/ca.pem");

  ops_connection_group_set_ca_file (fixture->group, NULL);
  g_assert_cmpstr (adw_action_row_get_subtitle (ca_row), ==, "System certificates");
}

static void
test_configured_ca_locked (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *saved_ca = NULL;
  g_autofree char *saved_url = NULL;
  GtkWidget *ca_row;

  /* Secrets from the file too, so saving needs no keyring. */
  ops_config_load_data (config, "[erpnext]\nca_file = /etc/ops/file-ca.pem\napi_key = k\napi_secret = s\n",
                        -1, "ops.ini", &error);
  g_assert_no_error (error);
  g_settings_set_string (fixture->settings, "erpnext-ca-file", "/home/me/saved-ca.pem");
  g_settings_set_string (fixture->settings, "erpnext-url", "https://erp.example.com");
  fixture_open (fixture, config);

  /* The file wins, so that is what is shown, and it is not saved over. */
  ca_row = ops_connection_group_get_ca_row (fixture->group);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (ca_row)), ==, "/etc/ops/file-ca.pem");
  g_assert_true (gtk_widget_get_sensitive (ops_connection_group_get_row (fixture->group, "url")));

  set_field (fixture, "url", "https://erp2.example.com");
  press (ops_connection_group_get_save_button (fixture->group), fixture, has_toast);
  iterate_until (is_idle, fixture);
  g_assert_cmpstr (fixture->toasts->pdata[0], ==, "Saved. Connecting to ERPNext…");
  saved_url = g_settings_get_string (fixture->settings, "erpnext-url");
  g_assert_cmpstr (saved_url, ==, "https://erp2.example.com");
  saved_ca = g_settings_get_string (fixture->settings, "erpnext-ca-file");
  g_assert_cmpstr (saved_ca, ==, "/home/me/saved-ca.pem");
}

/*
 * Photo reading (Gemini)
 */

static const char *
run_gemini_test (Fixture *fixture)
{
  GtkWidget *button = ops_gemini_group_get_test_button (fixture->gemini);

  press (button, fixture, gemini_is_busy);
  g_assert_false (gtk_widget_get_sensitive (button));
  iterate_until (gemini_is_idle, fixture);
  return ops_gemini_group_get_status (fixture->gemini);
}

static OpsConfig *
gemini_config (const char *url,
               const char *extra)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ini = g_strdup_printf ("[gemini]\nurl = %s\n%s", url, extra ? extra : "");

  ops_config_load_data (config, ini, -1, "ops.ini", &error);
  g_assert_no_error (error);
  return g_steal_pointer (&config);
}

static void
test_gemini_results (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OpsFakeGemini) fake = ops_fake_gemini_new ("good-key");
  g_autoptr(OpsConfig) config = gemini_config (ops_fake_gemini_get_url (fake), NULL);
  g_autofree char *path = NULL;
  GtkWidget *key_row;
  GtkWidget *model_row;
  const char *status;

  fixture_open (fixture, config);
  key_row = ops_gemini_group_get_key_row (fixture->gemini);
  model_row = ops_gemini_group_get_model_row (fixture->gemini);

  /* Nothing entered: nothing to test; the model has its default. */
  g_assert_false (gtk_widget_get_sensitive (ops_gemini_group_get_test_button (fixture->gemini)));
  g_assert_true (gtk_widget_get_sensitive (key_row));
  g_assert_true (gtk_widget_get_sensitive (model_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (model_row)), ==, "gemini-2.5-flash");

  /* 400 API_KEY_INVALID: the refusal, in so many words. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "wrong-key");
  status = run_gemini_test (fixture);
  g_assert_true (g_str_has_prefix (status, "Gemini refused the API key"));
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 1);

  /* The right key: one request, with that key, for the entered model. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "good-key");
  /* An edit forgets the result (here the keyring's absence shows again). */
  g_assert_true (g_str_has_prefix (ops_gemini_group_get_status (fixture->gemini), "No keyring is running"));
  g_assert_cmpstr (run_gemini_test (fixture), ==, "The key works.");
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fake), ==, 2);
  {
    g_autofree char *key = ops_fake_gemini_dup_request_key (fake, 1);

    g_assert_cmpstr (key, ==, "good-key");
  }
  path = ops_fake_gemini_dup_request_path (fake, 1);
  g_assert_nonnull (strstr (path, "/models/gemini-2.5-flash:generateContent"));
}

static void
test_gemini_unreachable (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(OpsConfig) config = gemini_config (url, NULL);

  fixture_open (fixture, config);
  gtk_editable_set_text (GTK_EDITABLE (ops_gemini_group_get_key_row (fixture->gemini)), "some-key");
  g_assert_true (g_str_has_prefix (run_gemini_test (fixture), "Gemini cannot be reached: "));
}

static void
test_gemini_configured_locked (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(OpsFakeGemini) fake = ops_fake_gemini_new ("cfg-key");
  g_autoptr(OpsConfig) config = gemini_config (ops_fake_gemini_get_url (fake), "api_key = cfg-key\n");
  g_autofree char *saved = NULL;
  GtkWidget *key_row;
  GtkWidget *model_row;

  fixture_open (fixture, config);
  key_row = ops_gemini_group_get_key_row (fixture->gemini);
  model_row = ops_gemini_group_get_model_row (fixture->gemini);

  /* The file's key: locked, never shown, and it says where it is from. */
  g_assert_false (gtk_widget_get_sensitive (key_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (key_row), ==, "Set by the configuration file (ops.ini:3)");
  /* The model the file left alone stays editable; the keyring is not asked. */
  g_assert_true (gtk_widget_get_sensitive (model_row));
  g_assert_false (g_str_has_prefix (ops_gemini_group_get_status (fixture->gemini), "No keyring is running"));

  /* Testing uses the configured key. */
  g_assert_cmpstr (run_gemini_test (fixture), ==, "The key works.");

  /* Saving needs no keyring then: only the model is saved. */
  gtk_editable_set_text (GTK_EDITABLE (model_row), "gemini-2.5-pro");
  press (ops_gemini_group_get_save_button (fixture->gemini), fixture, has_toast);
  g_assert_cmpstr (fixture->toasts->pdata[0], ==, "Saved. Photos are read with the new settings.");
  saved = g_settings_get_string (fixture->settings, "gemini-model");
  g_assert_cmpstr (saved, ==, "gemini-2.5-pro");
}

static void
test_gemini_environment_locked (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  const char *env[] = { "OPS_GEMINI_API_KEY=env-key", "OPS_GEMINI_MODEL=gemini-env", NULL };
  GtkWidget *model_row;

  g_assert_true (ops_config_apply_environment (config, env, &error));
  g_assert_no_error (error);
  fixture_open (fixture, config);

  model_row = ops_gemini_group_get_model_row (fixture->gemini);
  g_assert_false (gtk_widget_get_sensitive (ops_gemini_group_get_key_row (fixture->gemini)));
  g_assert_false (gtk_widget_get_sensitive (model_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (model_row)), ==, "gemini-env");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (model_row), ==, "Set by the environment (OPS_GEMINI_MODEL)");
  /* Nothing left to save. */
  g_assert_false (gtk_widget_get_sensitive (ops_gemini_group_get_save_button (fixture->gemini)));
}

static void
test_gemini_save_without_keyring (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autofree char *saved = NULL;

  fixture_open (fixture, NULL);
  gtk_editable_set_text (GTK_EDITABLE (ops_gemini_group_get_key_row (fixture->gemini)), "k");
  gtk_editable_set_text (GTK_EDITABLE (ops_gemini_group_get_model_row (fixture->gemini)), "gemini-2.5-pro");
  press (ops_gemini_group_get_save_button (fixture->gemini), fixture, has_toast);
  iterate_until (gemini_is_idle, fixture);

  /* The keyring's sentence, and the model not saved without the key. */
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  g_assert_true (g_str_has_prefix (fixture->toasts->pdata[0], "No keyring is running"));
  saved = g_settings_get_string (fixture->settings, "gemini-model");
  g_assert_cmpstr (saved, ==, "gemini-2.5-flash");
}

static void
test_gemini_effective_config (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(OpsConfig) empty = ops_config_new ();
  g_autoptr(OpsConfig) from_file = gemini_config ("https://gemini.example.com",
                                                  "api_key = file-key\nmodel = gemini-file\n");
  g_autoptr(OpsConfig) merged = NULL;

  /* The model saved in Preferences, when the file says nothing. */
  g_settings_set_string (fixture->settings, "gemini-model", "gemini-2.5-pro");
  merged = ops_application_build_config (empty, fixture->settings, TRUE);
  g_assert_cmpstr (ops_config_get_string (merged, "gemini", "model"), ==, "gemini-2.5-pro");
  /* No keyring here: no key, and no failure. */
  g_assert_null (ops_config_get_string (merged, "gemini", "api_key"));
  g_clear_object (&merged);

  /* The file wins. */
  merged = ops_application_build_config (from_file, fixture->settings, FALSE);
  g_assert_cmpstr (ops_config_get_string (merged, "gemini", "model"), ==, "gemini-file");
  g_assert_cmpstr (ops_config_get_string (merged, "gemini", "api_key"), ==, "file-key");
}

/* Under a throwaway keyring: the key goes there, and the next effective
 * configuration has it, in the demo workspace too. */
static void
test_gemini_save_to_keyring (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(OpsConfig) empty = ops_config_new ();
  g_autoptr(OpsConfig) merged = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *saved = NULL;

  fixture_open (fixture, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ops_gemini_group_get_key_row (fixture->gemini))), ==, "");
  gtk_editable_set_text (GTK_EDITABLE (ops_gemini_group_get_key_row (fixture->gemini)), " saved-key ");
  gtk_editable_set_text (GTK_EDITABLE (ops_gemini_group_get_model_row (fixture->gemini)), "gemini-2.5-pro");
  press (ops_gemini_group_get_save_button (fixture->gemini), fixture, has_toast);
  iterate_until (gemini_is_idle, fixture);
  g_assert_cmpstr (fixture->toasts->pdata[0], ==, "Saved. Photos are read with the new settings.");

  stored = ops_secrets_lookup_sync ("gemini", "api_key", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stored, ==, "saved-key");
  saved = g_settings_get_string (fixture->settings, "gemini-model");
  g_assert_cmpstr (saved, ==, "gemini-2.5-pro");

  merged = ops_application_build_config (empty, fixture->settings, TRUE);
  g_assert_cmpstr (ops_config_get_string (merged, "gemini", "api_key"), ==, "saved-key");
  g_assert_cmpstr (ops_config_get_string (merged, "gemini", "model"), ==, "gemini-2.5-pro");

  /* Opened again, the group shows the saved key. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  fixture_open (fixture, NULL);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (ops_gemini_group_get_key_row (fixture->gemini))), ==,
                   "saved-key");

  /* Leave the keyring as it was. */
  {
    g_autoptr(GAsyncResult) result = NULL;

    ops_secrets_store_async ("gemini", "api_key", NULL, NULL, on_store_result_cb, &result);
    while (result == NULL)
      g_main_context_iteration (NULL, TRUE);
    g_assert_true (ops_secrets_store_finish (result, &error));
    g_assert_no_error (error);
  }
}

/*
 * Payments (Stripe)
 */

/* GET /v1/balance as Stripe answers it: 200 for the good keys, else 401
 * with Stripe's error body. */
static void
balance_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  const char *auth = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Authorization");
  static const char refused[] = "{\"error\":{\"type\":\"invalid_request_error\","
                                "\"message\":\"Invalid API Key provided: sk_test_***bad\"}}";
  static const char balance[] = "{\"object\":\"balance\",\"available\":[],\"livemode\":false}";

  if (g_strcmp0 (soup_server_message_get_method (msg), "GET") != 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
      return;
    }
  if (g_strcmp0 (auth, "Bearer sk_test_good") == 0 || g_strcmp0 (auth, "Bearer sk_live_good") == 0)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, balance, strlen (balance));
      return;
    }
  soup_server_message_set_status (msg, SOUP_STATUS_UNAUTHORIZED, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, refused, strlen (refused));
}

static void
balance_setup (SoupServer *server,
               gpointer    user_data)
{
  soup_server_add_handler (server, "/v1/balance", balance_cb, NULL, NULL);
}

static gboolean
stripe_is_idle (Fixture *fixture)
{
  return !ops_stripe_group_is_busy (OPS_STRIPE_GROUP (ops_preferences_window_get_connection (
                                      OPS_PREFERENCES_WINDOW (fixture->window), "stripe")));
}

static gboolean
stripe_is_busy (Fixture *fixture)
{
  return !stripe_is_idle (fixture);
}

static const char *
run_stripe_test (Fixture        *fixture,
                 OpsStripeGroup *stripe)
{
  press (ops_stripe_group_get_test_button (stripe), fixture, stripe_is_busy);
  iterate_until (stripe_is_idle, fixture);
  return ops_stripe_group_get_status (stripe);
}

static OpsConfig *
stripe_config (const char *url,
               const char *extra)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *ini = g_strdup_printf ("[stripe]\nurl = %s\n%s", url, extra ? extra : "");

  ops_config_load_data (config, ini, -1, "ops.ini", &error);
  g_assert_no_error (error);
  return g_steal_pointer (&config);
}

static void
test_stripe_configured_locked (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(OpsFakeServer) fake = ops_fake_server_new (balance_setup, NULL);
  g_autoptr(OpsConfig) config = stripe_config (ops_fake_server_get_url (fake),
                                               "secret_key = sk_test_good\n"
                                               "success_url = https://pay.example.com/merci\n");
  g_autoptr(OpsConfig) merged = NULL;
  g_autofree char *saved = NULL;
  OpsStripeGroup *stripe;
  GtkWidget *key_row;
  GtkWidget *success_row;
  GtkWidget *cancel_row;

  fixture_open (fixture, config);
  stripe = OPS_STRIPE_GROUP (ops_preferences_window_get_connection (OPS_PREFERENCES_WINDOW (fixture->window), "stripe"));
  g_assert_nonnull (stripe);
  g_signal_connect (stripe, "toast", G_CALLBACK (on_toast_cb), fixture->toasts);
  iterate_until (stripe_is_idle, fixture);
  key_row = ops_stripe_group_get_key_row (stripe);
  success_row = ops_stripe_group_get_success_row (stripe);
  cancel_row = ops_stripe_group_get_cancel_row (stripe);

  /* The file's key: locked, never shown, and it says where it is from. */
  g_assert_false (gtk_widget_get_sensitive (key_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (key_row)), ==, "");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (key_row), ==, "Set by the configuration file (ops.ini:3)");
  g_assert_false (gtk_widget_get_sensitive (success_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (success_row)), ==, "https://pay.example.com/merci");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (success_row), ==, "Set by the configuration file (ops.ini:4)");
  /* What the file left alone stays editable, at the built-in address; the
   * keyring is not asked. */
  g_assert_true (gtk_widget_get_sensitive (cancel_row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (cancel_row)), ==, "https://gigafibre.ca/paiement/annule");
  g_assert_false (g_str_has_prefix (ops_stripe_group_get_status (stripe), "No keyring is running"));

  /* Testing uses the configured key; a sk_test_ key is test mode. */
  g_assert_cmpstr (run_stripe_test (fixture, stripe), ==, "The key works (test mode).");

  /* Saving needs no keyring then: only the cancel address is saved. */
  gtk_editable_set_text (GTK_EDITABLE (cancel_row), "https://pay.example.com/annule");
  press (ops_stripe_group_get_save_button (stripe), fixture, has_toast);
  g_assert_cmpstr (fixture->toasts->pdata[0], ==, "Saved. Payment links use the new settings.");
  saved = g_settings_get_string (fixture->settings, "stripe-cancel-url");
  g_assert_cmpstr (saved, ==, "https://pay.example.com/annule");
  g_clear_pointer (&saved, g_free);
  saved = g_settings_get_string (fixture->settings, "stripe-success-url");
  g_assert_cmpstr (saved, ==, "");

  /* The console uses the file's values and the saved one. */
  merged = ops_application_build_config (config, fixture->settings, TRUE);
  g_assert_cmpstr (ops_config_get_string (merged, "stripe", "success_url"), ==, "https://pay.example.com/merci");
  g_assert_cmpstr (ops_config_get_string (merged, "stripe", "cancel_url"), ==, "https://pay.example.com/annule");
  g_assert_cmpstr (ops_config_get_string (merged, "stripe", "secret_key"), ==, "sk_test_good");
}

static void
test_stripe_results (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OpsFakeServer) fake = ops_fake_server_new (balance_setup, NULL);
  g_autoptr(OpsConfig) config = stripe_config (ops_fake_server_get_url (fake), NULL);
  g_autofree char *closed = g_strdup_printf ("http://127.0.0.1:%u", closed_port ());
  g_autoptr(OpsConfig) nowhere = stripe_config (closed, NULL);
  OpsStripeGroup *stripe;
  GtkWidget *key_row;

  fixture_open (fixture, config);
  stripe = OPS_STRIPE_GROUP (ops_preferences_window_get_connection (OPS_PREFERENCES_WINDOW (fixture->window), "stripe"));
  iterate_until (stripe_is_idle, fixture);
  key_row = ops_stripe_group_get_key_row (stripe);
  g_assert_true (gtk_widget_get_sensitive (key_row));
  g_assert_false (gtk_widget_get_sensitive (ops_stripe_group_get_test_button (stripe)));

  gtk_editable_set_text (GTK_EDITABLE (key_row), "sk_test_bad");
  g_assert_cmpstr (run_stripe_test (fixture, stripe), ==,
                   "Stripe refused the key: Invalid API Key provided: sk_test_***bad");
  gtk_editable_set_text (GTK_EDITABLE (key_row), "sk_live_good");
  g_assert_cmpstr (run_stripe_test (fixture, stripe), ==, "The key works (live mode).");
  /* An edit forgets the result. */
  gtk_editable_set_text (GTK_EDITABLE (key_row), "sk_test_good");
  g_assert_true (g_str_has_prefix (ops_stripe_group_get_status (stripe), "No keyring is running"));
  g_assert_cmpstr (run_stripe_test (fixture, stripe), ==, "The key works (test mode).");

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = NULL;
  fixture_open (fixture, nowhere);
  stripe = OPS_STRIPE_GROUP (ops_preferences_window_get_connection (OPS_PREFERENCES_WINDOW (fixture->window), "stripe"));
  iterate_until (stripe_is_idle, fixture);
  gtk_editable_set_text (GTK_EDITABLE (ops_stripe_group_get_key_row (stripe)), "sk_test_good");
  g_assert_true (g_str_has_prefix (run_stripe_test (fixture, stripe), "Stripe cannot be reached: "));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *no_bus = NULL;
  g_autofree char *address = NULL;
  gboolean keyring = FALSE;
  int j = 1;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--keyring"))
        keyring = TRUE;
      else
        argv[j++] = argv[i];
    }
  argc = j;
  argv[argc] = NULL;

  /* Before anything touches D-Bus: no keyring, never the user's (with
   * --keyring, the private one of test-preferences-keyring.sh). */
  if (!keyring)
    {
      no_bus = g_build_filename (g_get_tmp_dir (), "ops-test-preferences-no-such-bus", "socket", NULL);
      address = g_strdup_printf ("unix:path=%s", no_bus);
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
    }
  g_setenv ("LANGUAGE", "C", TRUE);
  /* Software GL under Xvfb takes a second per window; cairo draws the same
   * widgets in a fraction of it. */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  /* Criticals fail the test; warnings about the test machine (no session
   * bus, no accessibility bus) are printed, not fatal. */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();
  ops_ui_register_resource ();

  if (keyring)
    {
      g_test_add ("/preferences/gemini-save-to-keyring", Fixture, NULL,
                  fixture_setup, test_gemini_save_to_keyring, fixture_teardown);
      return g_test_run ();
    }

  g_test_add_func ("/preferences/url-validation", test_url_validation);
  g_test_add ("/preferences/connection-results", Fixture, NULL,
              fixture_setup, test_connection_results, fixture_teardown);
  g_test_add ("/preferences/close-while-testing", Fixture, NULL,
              fixture_setup, test_close_while_testing, fixture_teardown);
  g_test_add ("/preferences/configured-values-locked", Fixture, NULL,
              fixture_setup, test_configured_values_locked, fixture_teardown);
  g_test_add ("/preferences/save-without-keyring", Fixture, NULL,
              fixture_setup, test_save_without_keyring, fixture_teardown);
  g_test_add ("/preferences/saved-settings-loaded", Fixture, NULL,
              fixture_setup, test_saved_settings_loaded, fixture_teardown);
  g_test_add ("/preferences/configured-ca-locked", Fixture, NULL,
              fixture_setup, test_configured_ca_locked, fixture_teardown);
  g_test_add ("/preferences/gemini-results", Fixture, NULL,
              fixture_setup, test_gemini_results, fixture_teardown);
  g_test_add ("/preferences/gemini-unreachable", Fixture, NULL,
              fixture_setup, test_gemini_unreachable, fixture_teardown);
  g_test_add ("/preferences/gemini-configured-locked", Fixture, NULL,
              fixture_setup, test_gemini_configured_locked, fixture_teardown);
  g_test_add ("/preferences/gemini-environment-locked", Fixture, NULL,
              fixture_setup, test_gemini_environment_locked, fixture_teardown);
  g_test_add ("/preferences/gemini-save-without-keyring", Fixture, NULL,
              fixture_setup, test_gemini_save_without_keyring, fixture_teardown);
  g_test_add ("/preferences/gemini-effective-config", Fixture, NULL,
              fixture_setup, test_gemini_effective_config, fixture_teardown);
  g_test_add ("/preferences/stripe-configured-locked", Fixture, NULL,
              fixture_setup, test_stripe_configured_locked, fixture_teardown);
  g_test_add ("/preferences/stripe-results", Fixture, NULL,
              fixture_setup, test_stripe_results, fixture_teardown);

  return g_test_run ();
}
