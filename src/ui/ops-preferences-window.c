/* ops-preferences-window.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Connections page holds one OpsConnectionGroup per external system.
 * Adding a system means describing it (fields, where they are saved, how a
 * connection is tested) and listing it in `connections` below.
 */

#define G_LOG_DOMAIN "ops-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-application.h"
#include "ops-connection-group.h"
#include "ops-erpnext-client.h"
#include "ops-gemini-group.h"
#include "ops-preferences-window.h"
#include "ops-stripe-group.h"
#include "ops-templates-editor.h"

#define TEST_TIMEOUT_SECONDS 10

struct _OpsPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwPreferencesPage   *connections_page;

  OpsConfig            *config;
  GSettings            *settings;
  GPtrArray            *groups;
  GtkWidget            *gemini_group;
  GtkWidget            *stripe_group;
  GtkWidget            *templates_page;
};

G_DEFINE_FINAL_TYPE (OpsPreferencesWindow, ops_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_CONFIG,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/*
 * ERPNext
 */

typedef struct
{
  OpsErpnextClient *client;
  char             *host;
} ErpnextTest;

static void
erpnext_test_free (ErpnextTest *test)
{
  g_clear_object (&test->client);
  g_free (test->host);
  g_free (test);
}

static char *
host_of (const char *url)
{
  g_autoptr(GUri) uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url);
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

/* What the person at the keyboard should do about a failed test. */
static char *
describe_erpnext_error (const GError *error,
                        const char   *host)
{
  if (g_error_matches (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_UNAUTHORIZED))
    return g_strdup (_("Wrong API key or secret. Check them in ERPNext under your user → API Access."));
  if (g_error_matches (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_NETWORK))
    return g_strdup_printf (_("Cannot reach %s. Check the address and your network."), host);
  if (g_error_matches (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TLS))
    {
      g_autofree char *detail = g_strdup (error->message);
      gsize len = strlen (detail);

      while (len > 0 && (detail[len - 1] == '.' || g_ascii_isspace (detail[len - 1])))
        detail[--len] = '\0';
      return g_strdup_printf (_("Certificate problem: %s. Choose the CA file of your server if it uses a private authority."),
                              detail);
    }
  if (g_error_matches (error, OPS_HTTP_ERROR, OPS_HTTP_ERROR_TIMEOUT))
    return g_strdup_printf (_("%s did not answer in time. Check that ERPNext is running, then try again."), host);
  return g_strdup (error->message);
}

static void
on_erpnext_user_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ErpnextTest *test = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autofree char *user = NULL;

  user = ops_erpnext_client_get_logged_user_finish (OPS_ERPNEXT_CLIENT (object), result, &error);
  if (user == NULL)
    {
      if (error == NULL)
        g_task_return_new_error (task, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_BAD_RESPONSE, "%s",
                                 _("ERPNext answered without a user name. Check that the address is the one of ERPNext."));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        {
          g_autofree char *sentence = describe_erpnext_error (error, test->host);

          g_debug ("ERPNext test failed: %s", error->message);
          g_task_return_new_error (task, error->domain, error->code, "%s", sentence);
        }
      return;
    }

  g_task_return_pointer (task, g_strdup_printf (_("Connected as %s."), user), g_free);
}

static void
erpnext_test_async (GHashTable          *values,
                    GCancellable        *cancellable,
                    GAsyncReadyCallback  callback,
                    gpointer             user_data)
{
  /* A test answers quickly or says why not: one retry at most. */
  static const OpsRetryPolicy policy = { 2, 500, 2000 };
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  const char *url = g_hash_table_lookup (values, "url");
  ErpnextTest *test;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, erpnext_test_async);

  test = g_new0 (ErpnextTest, 1);
  test->host = host_of (url);
  g_task_set_task_data (task, test, (GDestroyNotify)erpnext_test_free);

  test->client = ops_erpnext_client_new (url,
                                         g_hash_table_lookup (values, "api_key"),
                                         g_hash_table_lookup (values, "api_secret"),
                                         g_hash_table_lookup (values, "ca_file"),
                                         &error);
  if (test->client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ops_erpnext_client_set_retry (test->client, &policy);
  ops_erpnext_client_get_logged_user_async (test->client, cancellable, on_erpnext_user_cb, g_steal_pointer (&task));
}

static char *
erpnext_test_finish (GAsyncResult  *result,
                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static const OpsConnectionField erpnext_fields[] = {
  { "url", OPS_CONNECTION_FIELD_URL, N_("_URL"), "erpnext-url" },
  { "api_key", OPS_CONNECTION_FIELD_TEXT, N_("API _Key"), NULL },
  { "api_secret", OPS_CONNECTION_FIELD_SECRET, N_("API S_ecret"), NULL },
};

static const OpsConnectionSpec erpnext_spec = {
  .service = "erpnext",
  .title = N_("ERPNext"),
  .description = N_("The source of truth for customers, jobs and invoices. "
                    "Leave empty to keep working on the demo workspace."),
  .saved_message = N_("Saved. Connecting to ERPNext…"),
  .fields = erpnext_fields,
  .n_fields = G_N_ELEMENTS (erpnext_fields),
  .ca_settings_key = "erpnext-ca-file",
  .ca_config_key = "ca_file",
  .test_timeout_seconds = TEST_TIMEOUT_SECONDS,
  .test_async = erpnext_test_async,
  .test_finish = erpnext_test_finish,
};

/* The systems on the Connections page, in order. */
static const OpsConnectionSpec *connections[] = {
  &erpnext_spec,
};

/*
 * Callbacks
 */

static void
on_toast_cb (OpsPreferencesWindow *self,
             const char           *message,
             GtkWidget            *group)
{
  AdwToast *toast = adw_toast_new (message);

  adw_toast_set_timeout (toast, 5);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
on_saved_cb (OpsPreferencesWindow *self,
             GtkWidget            *group)
{
  g_autoptr(OpsPreferencesWindow) hold = g_object_ref (self);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  /* Reconnecting may replace the main window: stay open, on top of the
   * new one, so the toast is seen. */
  if (!gtk_widget_activate_action (GTK_WIDGET (self), "app.reconnect", NULL))
    {
      g_debug ("No app.reconnect action; the new %s settings apply at the next start",
               gtk_widget_get_name (group));
      return;
    }
  if (app == NULL || gtk_window_get_transient_for (GTK_WINDOW (self)) != NULL)
    return;
  for (GList *l = gtk_application_get_windows (app); l != NULL; l = l->next)
    if (l->data != (gpointer)self && !OPS_IS_PREFERENCES_WINDOW (l->data))
      {
        gtk_window_set_transient_for (GTK_WINDOW (self), l->data);
        gtk_window_present (GTK_WINDOW (self));
        break;
      }
}

/* The canned replies belong to the open workspace: the page comes with
 * the application. */
static void
on_application_cb (OpsPreferencesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  OpsStore *store;

  if (self->templates_page != NULL || !OPS_IS_APPLICATION (app) ||
      (store = ops_application_get_store (OPS_APPLICATION (app))) == NULL)
    return;
  self->templates_page = ops_templates_editor_new (store);
  adw_preferences_window_add (ADW_PREFERENCES_WINDOW (self), ADW_PREFERENCES_PAGE (self->templates_page));
}

/*
 * GObject overrides
 */

static void
ops_preferences_window_constructed (GObject *object)
{
  OpsPreferencesWindow *self = (OpsPreferencesWindow *)object;

  G_OBJECT_CLASS (ops_preferences_window_parent_class)->constructed (object);

  if (self->config == NULL)
    self->config = ops_config_new ();

  for (guint i = 0; i < G_N_ELEMENTS (connections); i++)
    {
      GtkWidget *group = ops_connection_group_new (connections[i], self->config, self->settings);

      g_signal_connect_object (group, "toast", G_CALLBACK (on_toast_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (group, "saved", G_CALLBACK (on_saved_cb), self, G_CONNECT_SWAPPED);
      adw_preferences_page_add (self->connections_page, ADW_PREFERENCES_GROUP (group));
      g_ptr_array_add (self->groups, group);
    }

  self->gemini_group = ops_gemini_group_new (self->config, self->settings);
  g_signal_connect_object (self->gemini_group, "toast", G_CALLBACK (on_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gemini_group, "saved", G_CALLBACK (on_saved_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_page_add (self->connections_page, ADW_PREFERENCES_GROUP (self->gemini_group));

  self->stripe_group = ops_stripe_group_new (self->config, self->settings);
  g_signal_connect_object (self->stripe_group, "toast", G_CALLBACK (on_toast_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->stripe_group, "saved", G_CALLBACK (on_saved_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_page_add (self->connections_page, ADW_PREFERENCES_GROUP (self->stripe_group));

  g_signal_connect (self, "notify::application", G_CALLBACK (on_application_cb), NULL);
  on_application_cb (self);
}

static void
ops_preferences_window_dispose (GObject *object)
{
  OpsPreferencesWindow *self = (OpsPreferencesWindow *)object;

  g_ptr_array_set_size (self->groups, 0);
  self->gemini_group = NULL;
  self->stripe_group = NULL;
  self->templates_page = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (ops_preferences_window_parent_class)->dispose (object);
}

static void
ops_preferences_window_finalize (GObject *object)
{
  OpsPreferencesWindow *self = (OpsPreferencesWindow *)object;

  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (ops_preferences_window_parent_class)->finalize (object);
}

static void
ops_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OpsPreferencesWindow *self = OPS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      self->config = g_value_dup_object (value);
      break;

    case PROP_SETTINGS:
      self->settings = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OpsPreferencesWindow *self = OPS_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CONFIG:
      g_value_set_object (value, self->config);
      break;

    case PROP_SETTINGS:
      g_value_set_object (value, self->settings);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_preferences_window_class_init (OpsPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ops_preferences_window_constructed;
  object_class->dispose = ops_preferences_window_dispose;
  object_class->finalize = ops_preferences_window_finalize;
  object_class->get_property = ops_preferences_window_get_property;
  object_class->set_property = ops_preferences_window_set_property;

  properties[PROP_CONFIG] =
    g_param_spec_object ("config", NULL, NULL, OPS_TYPE_CONFIG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] =
    g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsPreferencesWindow, connections_page);
}

static void
ops_preferences_window_init (OpsPreferencesWindow *self)
{
  self->groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

/*
 * Public API
 */

GtkWidget *
ops_preferences_window_new (GtkWindow *parent,
                            OpsConfig *config,
                            GSettings *settings)
{
  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (!config || OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  return g_object_new (OPS_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "config", config,
                       "settings", settings,
                       NULL);
}

/**
 * ops_preferences_window_get_connection:
 *
 * Returns: (transfer none) (nullable): the #OpsConnectionGroup of @service,
 * the #OpsGeminiGroup for "gemini", the #OpsStripeGroup for "stripe", or
 * the #OpsTemplatesEditor for "replies"
 */
GtkWidget *
ops_preferences_window_get_connection (OpsPreferencesWindow *self,
                                       const char           *service)
{
  g_return_val_if_fail (OPS_IS_PREFERENCES_WINDOW (self), NULL);

  if (g_str_equal (service, "gemini"))
    return self->gemini_group;
  if (g_str_equal (service, "stripe"))
    return self->stripe_group;
  if (g_str_equal (service, "replies"))
    return self->templates_page;
  for (guint i = 0; i < self->groups->len; i++)
    if (g_str_equal (ops_connection_group_get_service (self->groups->pdata[i]), service))
      return self->groups->pdata[i];
  return NULL;
}
