/* ops-application.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsApplication"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-application.h"
#include "ops-preferences-window.h"
#include "ops-secrets.h"
#include "ops-service-layer.h"
#include "ops-store-tickets.h"
#include "ops-ui-resources.h"
#include "ops-window.h"
#include "ops-workspace.h"

struct _OpsApplication
{
  AdwApplication  parent_instance;
  OpsConfig      *config;
  char           *store_path;
  gboolean        force_demo;
  OpsStore       *store;
  OpsServiceLayer *services;
  GSettings      *settings;
};

G_DEFINE_FINAL_TYPE (OpsApplication, ops_application, ADW_TYPE_APPLICATION)

#define KEYRING_TIMEOUT_SECONDS 10

/*
 * Auxiliary methods
 */

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, BASE_APP_ID, TRUE);
  if (schema == NULL)
    {
      g_warning ("The settings schema %s is not installed; window size and last page will not be remembered. "
                 "Run the console through “meson devenv” or install it.", BASE_APP_ID);
      return NULL;
    }
  return g_settings_new_full (schema, NULL, NULL);
}

static void
show_fatal (OpsApplication *self,
            const char     *message)
{
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (NULL, _("Cannot open the local store"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (gtk_window_destroy), dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/*
 * Actions
 */

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  OpsApplication *self = user_data;
  const char *developers[] = { "Gigafibre", NULL };

  adw_show_about_window (gtk_application_get_active_window (GTK_APPLICATION (self)),
                         "application-name", _("Gigafibre Ops"),
                         "application-icon", BASE_APP_ID,
                         "developer-name", "Gigafibre",
                         "version", PACKAGE_VERSION,
                         "website", "https://gigafibre.ca",
                         "copyright", "© 2026 Gigafibre",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *param,
                    gpointer       user_data)
{
  OpsApplication *self = user_data;
  GtkWidget *preferences = NULL;

  /* One preferences window: bring it back rather than open a second. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l; l = l->next)
    if (OPS_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;

  if (preferences == NULL)
    {
      preferences = ops_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)),
                                                self->config, self->settings);
      gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
    }
  gtk_window_present (GTK_WINDOW (preferences));
}

static gboolean
on_secret_timeout_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
on_secret_found_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

/* A keyring lookup that gives up after a while (a keyring waiting to be
 * unlocked, say), so that startup never waits on it for long. */
static char *
lookup_secret_bounded (const char  *service,
                       const char  *key,
                       GError     **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GSource) timeout = g_timeout_source_new_seconds (KEYRING_TIMEOUT_SECONDS);
  g_autoptr(GAsyncResult) result = NULL;
  char *secret;

  g_main_context_push_thread_default (context);
  g_source_set_callback (timeout, on_secret_timeout_cb, cancellable, NULL);
  g_source_attach (timeout, context);
  ops_secrets_lookup_async (service, key, cancellable, on_secret_found_cb, &result);
  while (result == NULL)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  secret = ops_secrets_lookup_finish (result, error);
  g_main_context_pop_thread_default (context);
  return secret;
}

/* Checkout addresses Preferences may set: [stripe] key and settings key. */
static const struct { const char *config_key; const char *settings_key; } stripe_urls[] = {
  { "success_url", "stripe-success-url" },
  { "cancel_url", "stripe-cancel-url" },
};

/**
 * ops_application_build_config:
 * @config: what the configuration file and the environment set
 * @settings: (nullable): the console's settings
 * @force_demo: whether --demo was given
 *
 * What the console connects to: the config file and environment first,
 * then Preferences (settings for addresses, the keyring for secrets).
 *
 * Returns: (transfer full): a new configuration
 */
OpsConfig *
ops_application_build_config (OpsConfig *config,
                              GSettings *settings,
                              gboolean   force_demo)
{
  g_autoptr(OpsConfig) merged = NULL;
  gboolean asked_keyring = FALSE;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  merged = ops_config_copy (config);

  if (settings != NULL && ops_config_get_string (merged, "erpnext", "url") == NULL)
    {
      g_autofree char *url = g_settings_get_string (settings, "erpnext-url");
      g_autofree char *ca_file = g_settings_get_string (settings, "erpnext-ca-file");

      if (*url != '\0')
        ops_config_set_string (merged, "erpnext", "url", url);
      if (*ca_file != '\0' && ops_config_get_string (merged, "erpnext", "ca_file") == NULL)
        ops_config_set_string (merged, "erpnext", "ca_file", ca_file);
    }

  if (settings != NULL && ops_config_get_origin (merged, "gemini", "model") == NULL)
    {
      g_autofree char *model = g_settings_get_string (settings, "gemini-model");

      if (*model != '\0')
        ops_config_set_string (merged, "gemini", "model", model);
    }

  for (guint i = 0; settings != NULL && i < G_N_ELEMENTS (stripe_urls); i++)
    if (ops_config_get_origin (merged, "stripe", stripe_urls[i].config_key) == NULL)
      {
        g_autofree char *url = g_settings_get_string (settings, stripe_urls[i].settings_key);

        if (*url != '\0')
          ops_config_set_string (merged, "stripe", stripe_urls[i].config_key, url);
      }

  /* Only ask the keyring when something is configured to use it. */
  if (!force_demo && ops_config_get_string (merged, "erpnext", "url") != NULL &&
      !ops_config_has_service (merged, "erpnext"))
    {
      g_autoptr(GError) error = NULL;

      asked_keyring = TRUE;
      if (!ops_secrets_fill_config (merged, NULL, &error))
        g_message ("%s", error->message);
    }

  /* Reading photos is useful on the demo workspace too. */
  if (!asked_keyring && ops_config_get_string (merged, "gemini", "api_key") == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *api_key = lookup_secret_bounded ("gemini", "api_key", &error);

      if (api_key != NULL)
        ops_config_set_string (merged, "gemini", "api_key", api_key);
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The keyring did not give the Gemini API key within %u seconds; photos cannot be read "
                   "until the console is restarted with the keyring unlocked.", KEYRING_TIMEOUT_SECONDS);
      else if (error != NULL)
        g_debug ("No Gemini API key from the keyring: %s", error->message);
    }

  /* Payment links are simulated on the demo workspace: no key needed. */
  if (!force_demo && !asked_keyring && ops_config_get_string (merged, "erpnext", "url") != NULL &&
      ops_config_get_string (merged, "stripe", "secret_key") == NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *secret_key = lookup_secret_bounded ("stripe", "secret_key", &error);

      if (secret_key != NULL)
        ops_config_set_string (merged, "stripe", "secret_key", secret_key);
      else if (error != NULL)
        g_debug ("No Stripe secret key from the keyring: %s", error->message);
    }

  return g_steal_pointer (&merged);
}

static OpsConfig *
effective_config (OpsApplication *self)
{
  return ops_application_build_config (self->config, self->settings, self->force_demo);
}

static gboolean
open_workspace (OpsApplication  *self,
                GError         **error)
{
  g_autoptr(OpsConfig) config = effective_config (self);
  gboolean demo = ops_workspace_is_demo (config, self->force_demo);
  gint64 interval;

  if (!(self->store = ops_workspace_open (config, self->store_path, self->force_demo, error)))
    return FALSE;
  if (!(self->services = ops_service_layer_new (config, self->store, demo, error)))
    {
      g_clear_object (&self->store);
      return FALSE;
    }

  interval = ops_config_get_int (config, "erpnext", "sync_interval");
  ops_service_layer_start (self->services, interval > 0 ? (guint)interval : 300);
  return TRUE;
}

static void
close_workspace (OpsApplication *self)
{
  if (self->services != NULL)
    ops_service_layer_stop (self->services);
  g_clear_object (&self->services);
  g_clear_object (&self->store);
}

/* Preferences changed the connection: reopen the workspace it selects. */
static void
reconnect_action (GSimpleAction *action,
                  GVariant      *param,
                  gpointer       user_data)
{
  OpsApplication *self = user_data;
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  g_application_hold (G_APPLICATION (self));
  for (GList *l = windows; l != NULL; l = l->next)
    if (OPS_IS_WINDOW (l->data))
      gtk_window_destroy (GTK_WINDOW (l->data));
  close_workspace (self);
  g_application_activate (G_APPLICATION (self));
  g_application_release (G_APPLICATION (self));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* From an SMS notification: the ticket's conversation, or the customer's
 * when the message belongs to no ticket. */
static void
open_conversation_action (GSimpleAction *action,
                          GVariant      *param,
                          gpointer       user_data)
{
  OpsApplication *self = user_data;
  const char *target = g_variant_get_string (param, NULL);
  g_autoptr(OpsTicketRow) ticket = NULL;
  GtkWindow *window = NULL;

  g_application_activate (G_APPLICATION (self));
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (OPS_IS_WINDOW (l->data))
      window = l->data;
  if (window == NULL || *target == '\0')
    return;

  gtk_window_present (window);
  if (self->store != NULL)
    ticket = ops_store_get_ticket (self->store, target, NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), ticket ? "win.show-ticket" : "win.show-customer",
                              "s", target);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "open-conversation", open_conversation_action, "s" },
  { "preferences", preferences_action },
  { "reconnect", reconnect_action },
  { "quit", quit_action },
};

/*
 * GApplication overrides
 */

static void
apply_color_scheme (OpsApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (self->settings, "color-scheme");
  AdwColorScheme value = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    value = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    value = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), value);
}

static void
on_color_scheme_changed_cb (GSettings      *settings,
                            const char     *key,
                            OpsApplication *self)
{
  apply_color_scheme (self);
}

static void
ops_application_startup (GApplication *app)
{
  OpsApplication *self = OPS_APPLICATION (app);
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (ops_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);

  self->settings = create_settings ();
  if (self->settings != NULL)
    {
      g_autoptr(GAction) scheme = g_settings_create_action (self->settings, "color-scheme");

      g_action_map_add_action (G_ACTION_MAP (self), scheme);
      g_signal_connect_object (self->settings, "changed::color-scheme",
                               G_CALLBACK (on_color_scheme_changed_cb), self, 0);
      apply_color_scheme (self);
    }
}

static void
ops_application_activate (GApplication *app)
{
  OpsApplication *self = OPS_APPLICATION (app);
  GtkWindow *window = NULL;

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (OPS_IS_WINDOW (l->data))
      window = l->data;

  if (window == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (self->services == NULL && !open_workspace (self, &error))
        {
          show_fatal (self, error->message);
          return;
        }
      window = GTK_WINDOW (ops_window_new (self, ops_service_layer_is_demo (self->services)));
    }

  gtk_window_present (window);
}

static void
ops_application_shutdown (GApplication *app)
{
  close_workspace (OPS_APPLICATION (app));

  G_APPLICATION_CLASS (ops_application_parent_class)->shutdown (app);
}

/*
 * GObject overrides
 */

static void
ops_application_finalize (GObject *object)
{
  OpsApplication *self = (OpsApplication *)object;

  g_clear_object (&self->config);
  g_clear_object (&self->services);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_free (self->store_path);

  G_OBJECT_CLASS (ops_application_parent_class)->finalize (object);
}

static void
ops_application_class_init (OpsApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  ops_ui_register_resource ();

  object_class->finalize = ops_application_finalize;
  app_class->startup = ops_application_startup;
  app_class->activate = ops_application_activate;
  app_class->shutdown = ops_application_shutdown;
}

static void
ops_application_init (OpsApplication *self)
{
}

/*
 * Public API
 */

OpsApplication *
ops_application_new (OpsConfig  *config,
                     const char *store_path,
                     gboolean    force_demo)
{
  OpsApplication *self;

  self = g_object_new (OPS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", RESOURCE_BASE,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
  self->config = config ? g_object_ref (config) : ops_config_new ();
  self->store_path = g_strdup (store_path);
  self->force_demo = force_demo;
  return self;
}

/**
 * ops_application_get_services:
 *
 * Returns: (transfer none) (nullable): the service layer, once activated
 */
OpsServiceLayer *
ops_application_get_services (OpsApplication *self)
{
  g_return_val_if_fail (OPS_IS_APPLICATION (self), NULL);

  return self->services;
}

/**
 * ops_application_get_store:
 *
 * Returns: (transfer none) (nullable): the open store, once activated
 */
OpsStore *
ops_application_get_store (OpsApplication *self)
{
  g_return_val_if_fail (OPS_IS_APPLICATION (self), NULL);

  return self->store;
}

/**
 * ops_application_get_settings:
 *
 * Returns: (transfer none) (nullable): the settings, %NULL when the schema is
 * not installed
 */
GSettings *
ops_application_get_settings (OpsApplication *self)
{
  g_return_val_if_fail (OPS_IS_APPLICATION (self), NULL);

  return self->settings;
}

int
ops_application_run (OpsConfig  *config,
                     const char *store_path,
                     gboolean    force_demo)
{
  g_autoptr(OpsApplication) app = ops_application_new (config, store_path, force_demo);
  char *argv[] = { (char *)g_get_prgname (), NULL };

  return g_application_run (G_APPLICATION (app), 1, argv);
}
