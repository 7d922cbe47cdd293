/* ops-stripe-group.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A field is locked when the configuration file or the environment set it
 * (ops_config_get_origin): the console uses that value whatever is saved
 * here, so it is shown insensitive, says where it comes from, and is never
 * saved.  The test reads the account's balance (GET /v1/balance), which
 * any working secret key may do and which changes nothing.
 */

#define G_LOG_DOMAIN "ops-stripe-group"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-connection-rows.h"
#include "ops-http.h"
#include "ops-stripe-group.h"

#define SERVICE "stripe"
#define SUCCESS_SETTINGS_KEY "stripe-success-url"
#define CANCEL_SETTINGS_KEY "stripe-cancel-url"
#define TEST_TIMEOUT_SECONDS 10

/* An address row: the config key it stands for and its settings key. */
typedef struct
{
  GtkWidget  *row;
  const char *config_key;
  const char *settings_key;
  gboolean    locked;
} UrlField;

struct _OpsStripeGroup
{
  AdwPreferencesGroup  parent_instance;

  OpsConfig           *config;
  GSettings           *settings;

  GtkWidget           *key_row;
  gboolean             key_locked;
  UrlField             urls[2];

  OpsConnectionRows    rows;
};

G_DEFINE_FINAL_TYPE (OpsStripeGroup, ops_stripe_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  TOAST,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  OpsStripeGroup *self;
  GCancellable   *cancellable;
  char           *key;
} CallData;

/*
 * Auxiliary methods
 */

static CallData *
call_data_new (OpsStripeGroup *self,
               GCancellable   *cancellable)
{
  CallData *data = g_new0 (CallData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (cancellable);
  return data;
}

static void
call_data_free (CallData *data)
{
  g_object_unref (data->self);
  g_object_unref (data->cancellable);
  g_free (data->key);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CallData, call_data_free)

static char *
key_value (OpsStripeGroup *self)
{
  if (self->key_locked)
    return g_strdup (ops_config_get_string (self->config, SERVICE, "secret_key"));
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->key_row))));
}

static gboolean
has_key (OpsStripeGroup *self)
{
  g_autofree char *key = key_value (self);

  return key != NULL && key[0] != '\0';
}

static gboolean
all_locked (OpsStripeGroup *self)
{
  return self->key_locked && self->urls[0].locked && self->urls[1].locked;
}

static void
update_state (OpsStripeGroup *self)
{
  gboolean urls_saveable = self->settings != NULL || (self->urls[0].locked && self->urls[1].locked);

  /* Saving before the keyring answered would overwrite what it holds. */
  ops_connection_rows_update_buttons (&self->rows, has_key (self),
                                      self->rows.load_cancellable == NULL && !all_locked (self) && urls_saveable);
  ops_connection_rows_show_key_status (&self->rows, has_key (self),
                                       _("Asking Stripe for the account's balance…"),
                                       _("Not set up: payment links cannot be sent. Enter a secret key from the Stripe dashboard."));
}

/*
 * Loading
 */

static void
on_loaded_cb (gpointer owner)
{
  update_state (owner);
}

static void
load (OpsStripeGroup *self)
{
  const char *key_origin = ops_config_get_origin (self->config, SERVICE, "secret_key");

  for (guint i = 0; i < G_N_ELEMENTS (self->urls); i++)
    {
      UrlField *field = &self->urls[i];
      const char *origin = ops_config_get_origin (self->config, SERVICE, field->config_key);
      g_autofree char *saved = NULL;

      if (origin != NULL)
        {
          field->locked = TRUE;
          ops_connection_rows_lock (field->row, origin);
          ops_connection_rows_set_text (&self->rows, field->row, ops_config_get_string (self->config, SERVICE, field->config_key));
          continue;
        }
      saved = self->settings ? g_settings_get_string (self->settings, field->settings_key) : NULL;
      ops_connection_rows_set_text (&self->rows, field->row, saved && saved[0] ? saved
                                        : ops_config_get_string (self->config, SERVICE, field->config_key));
    }

  /* A configured key is used, never shown. */
  if (key_origin != NULL)
    {
      self->key_locked = TRUE;
      ops_connection_rows_lock (self->key_row, key_origin);
      return;
    }

  ops_connection_rows_load_secret (&self->rows, self, SERVICE, "secret_key", self->key_row, on_loaded_cb);
}

/*
 * Testing
 */

/* Stripe's own words from an error body, or NULL. */
static char *
stripe_error_message (OpsHttpResponse *response)
{
  g_autoptr(JsonNode) node = ops_http_response_parse_json (response, NULL);
  JsonObject *object;
  JsonObject *error;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  object = json_node_get_object (node);
  if (!json_object_has_member (object, "error") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "error")))
    return NULL;
  error = json_object_get_object_member (object, "error");
  if (!json_object_has_member (error, "message"))
    return NULL;
  return g_strdup (json_object_get_string_member (error, "message"));
}

static void
on_test_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  OpsStripeGroup *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autofree char *said = NULL;
  OpsConnectionResult kind = OPS_CONNECTION_RESULT_ERROR;
  char *text;

  response = ops_http_send_finish (result, &error);

  /* Replaced by a newer test, an edit, or the window closing. */
  if (data->cancellable != self->rows.test_cancellable)
    return;
  g_clear_object (&self->rows.test_cancellable);

  if (response == NULL)
    {
      g_debug ("Stripe test: %s", error->message);
      text = g_strdup_printf (_("Stripe cannot be reached: %s"), error->message);
    }
  else if (response->status == SOUP_STATUS_OK)
    {
      gboolean live = g_str_has_prefix (data->key, "sk_live_") || g_str_has_prefix (data->key, "rk_live_");

      kind = OPS_CONNECTION_RESULT_OK;
      text = g_strdup (live ? _("The key works (live mode).") : _("The key works (test mode)."));
    }
  else
    {
      said = stripe_error_message (response);
      if (response->status == SOUP_STATUS_UNAUTHORIZED || response->status == SOUP_STATUS_FORBIDDEN)
        text = g_strdup_printf (_("Stripe refused the key: %s"),
                                said ? said : _("check it in the Stripe dashboard under Developers → API keys."));
      else
        text = g_strdup_printf (_("Stripe answered %u: %s"), response->status,
                                said ? said : (response->reason_phrase ? response->reason_phrase : ""));
    }
  ops_connection_rows_set_result (&self->rows, kind, text);
  update_state (self);
}

static void
on_test_clicked_cb (OpsStripeGroup *self,
                    GtkButton      *button)
{
  /* A test answers quickly or says why not: one attempt. */
  static const OpsRetryPolicy policy = { 1, 500, 500 };
  g_autofree char *key = key_value (self);
  g_autofree char *uri = NULL;
  g_autofree char *bearer = NULL;
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;
  const char *base = ops_config_get_string (self->config, SERVICE, "url");
  CallData *data;

  if (key == NULL || key[0] == '\0' || base == NULL)
    return;

  ops_connection_rows_cancel_and_clear (&self->rows.test_cancellable);
  ops_connection_rows_forget_result (&self->rows);

  if (!(session = ops_http_session_new (NULL, TEST_TIMEOUT_SECONDS, &error)))
    {
      ops_connection_rows_set_result (&self->rows, OPS_CONNECTION_RESULT_ERROR, g_strdup (error->message));
      update_state (self);
      return;
    }

  uri = g_strdup_printf ("%s%sv1/balance", base, g_str_has_suffix (base, "/") ? "" : "/");
  request = ops_http_request_new ("GET", uri);
  bearer = g_strdup_printf ("Bearer %s", key);
  ops_http_request_set_header (request, "Authorization", bearer);
  ops_http_request_set_retry (request, &policy);
  ops_http_request_set_max_body (request, 1024 * 1024);

  self->rows.test_cancellable = g_cancellable_new ();
  data = call_data_new (self, self->rows.test_cancellable);
  data->key = g_steal_pointer (&key);
  ops_http_send_async (session, request, self->rows.test_cancellable, on_test_done_cb, data);
  update_state (self);
}

/*
 * Saving
 */

/* The key is stored (or needs no storing): save the addresses, then say so. */
static void
finish_save (OpsStripeGroup *self)
{
  for (guint i = 0; self->settings != NULL && i < G_N_ELEMENTS (self->urls); i++)
    {
      UrlField *field = &self->urls[i];
      g_autofree char *text = NULL;
      const char *fallback;

      if (field->locked)
        continue;
      text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (field->row))));
      fallback = ops_config_get_string (self->config, SERVICE, field->config_key);
      /* The built-in address is not a choice: keep following it. */
      g_settings_set_string (self->settings, field->settings_key,
                             g_strcmp0 (text, fallback) == 0 ? "" : text);
    }

  g_debug ("Saved the Stripe settings");
  update_state (self);
  g_signal_emit (self, signals[TOAST], 0, _("Saved. Payment links use the new settings."));
  /* Last: reopening the workspace may close windows, this group's included. */
  g_signal_emit (self, signals[SAVED], 0);
}

static void
on_stored_cb (gpointer      owner,
              const GError *error)
{
  OpsStripeGroup *self = owner;

  g_clear_object (&self->rows.save_cancellable);

  /* Nothing half-saved: the addresses wait for the key. */
  if (error != NULL)
    {
      g_signal_emit (self, signals[TOAST], 0, error->message);
      update_state (self);
      return;
    }
  finish_save (self);
}

static gboolean
urls_are_valid (OpsStripeGroup *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (self->urls); i++)
    {
      const char *text = gtk_editable_get_text (GTK_EDITABLE (self->urls[i].row));
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (self->urls[i].locked || stripped[0] == '\0')
        continue;
      if (!g_str_has_prefix (stripped, "https://") && !g_str_has_prefix (stripped, "http://"))
        {
          g_autofree char *message = g_strdup_printf (_("“%s” is not a web address: it should start with https://"),
                                                      stripped);

          g_signal_emit (self, signals[TOAST], 0, message);
          return FALSE;
        }
    }
  return TRUE;
}

static void
on_save_clicked_cb (OpsStripeGroup *self,
                    GtkButton      *button)
{
  g_autofree char *key = NULL;

  if (self->rows.save_cancellable != NULL || self->rows.load_cancellable != NULL)
    return;
  if (self->settings == NULL && !(self->urls[0].locked && self->urls[1].locked))
    {
      g_signal_emit (self, signals[TOAST], 0,
                     _("Cannot save: the settings schema is not installed. Run the console through “meson devenv” or install it."));
      return;
    }
  if (!urls_are_valid (self))
    return;

  /* Only the addresses to save: the keyring is not involved. */
  if (self->key_locked)
    {
      finish_save (self);
      return;
    }

  self->rows.save_cancellable = g_cancellable_new ();
  key = key_value (self);
  ops_connection_rows_store_secret (self, SERVICE, "secret_key", key, self->rows.save_cancellable, on_stored_cb);
  update_state (self);
}

/*
 * Building
 */

static void
on_field_changed_cb (OpsStripeGroup *self,
                     GtkEditable    *editable)
{
  if (self->rows.filling)
    return;

  /* A result says nothing about values it was not run with. */
  ops_connection_rows_cancel_and_clear (&self->rows.test_cancellable);
  ops_connection_rows_forget_result (&self->rows);
  update_state (self);
}

/*
 * GtkWidget overrides
 */

/* The window closed: its work goes with it. */
static void
ops_stripe_group_unroot (GtkWidget *widget)
{
  ops_connection_rows_cancel_all (&OPS_STRIPE_GROUP (widget)->rows);

  GTK_WIDGET_CLASS (ops_stripe_group_parent_class)->unroot (widget);
}

/*
 * GObject overrides
 */

static void
ops_stripe_group_dispose (GObject *object)
{
  ops_connection_rows_cancel_all (&OPS_STRIPE_GROUP (object)->rows);

  G_OBJECT_CLASS (ops_stripe_group_parent_class)->dispose (object);
}

static void
ops_stripe_group_finalize (GObject *object)
{
  OpsStripeGroup *self = (OpsStripeGroup *)object;

  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  ops_connection_rows_clear (&self->rows);

  G_OBJECT_CLASS (ops_stripe_group_parent_class)->finalize (object);
}

static void
ops_stripe_group_class_init (OpsStripeGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_stripe_group_dispose;
  object_class->finalize = ops_stripe_group_finalize;
  widget_class->unroot = ops_stripe_group_unroot;

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ops_stripe_group_init (OpsStripeGroup *self)
{
}

/*
 * Public API
 */

GtkWidget *
ops_stripe_group_new (OpsConfig *config,
                      GSettings *settings)
{
  OpsStripeGroup *self;
  AdwPreferencesGroup *group;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (OPS_TYPE_STRIPE_GROUP,
                       "title", _("Payments (Stripe)"),
                       "description", _("Payment links sent to customers open a Stripe Checkout page. "
                                        "The secret key comes from the Stripe dashboard and is kept in the keyring."),
                       NULL);
  group = ADW_PREFERENCES_GROUP (self);
  self->config = g_object_ref (config);
  self->settings = settings ? g_object_ref (settings) : NULL;
  gtk_widget_set_name (GTK_WIDGET (self), SERVICE);

  self->key_row = ops_connection_rows_add_entry (group, adw_password_entry_row_new (), _("Secret _Key"),
                                                 "stripe-secret_key", G_CALLBACK (on_field_changed_cb));
  self->urls[0].config_key = "success_url";
  self->urls[0].settings_key = SUCCESS_SETTINGS_KEY;
  self->urls[0].row = ops_connection_rows_add_entry (group, adw_entry_row_new (), _("Page After _Payment"),
                                                     "stripe-success_url", G_CALLBACK (on_field_changed_cb));
  self->urls[1].config_key = "cancel_url";
  self->urls[1].settings_key = CANCEL_SETTINGS_KEY;
  self->urls[1].row = ops_connection_rows_add_entry (group, adw_entry_row_new (), _("Page After _Cancelling"),
                                                     "stripe-cancel_url", G_CALLBACK (on_field_changed_cb));
  for (guint i = 0; i < G_N_ELEMENTS (self->urls); i++)
    adw_entry_row_set_input_hints (ADW_ENTRY_ROW (self->urls[i].row),
                                   GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI);
  ops_connection_rows_build_footer (&self->rows, group, "stripe-status", _("_Test"),
                                    G_CALLBACK (on_test_clicked_cb), G_CALLBACK (on_save_clicked_cb));

  load (self);
  update_state (self);
  return GTK_WIDGET (self);
}

GtkWidget *
ops_stripe_group_get_key_row (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), NULL);
  return self->key_row;
}

GtkWidget *
ops_stripe_group_get_success_row (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), NULL);
  return self->urls[0].row;
}

GtkWidget *
ops_stripe_group_get_cancel_row (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), NULL);
  return self->urls[1].row;
}

GtkWidget *
ops_stripe_group_get_test_button (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), NULL);
  return self->rows.test_button;
}

GtkWidget *
ops_stripe_group_get_save_button (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), NULL);
  return self->rows.save_button;
}

const char *
ops_stripe_group_get_status (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->rows.status_label));
}

gboolean
ops_stripe_group_is_busy (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), FALSE);
  return ops_connection_rows_is_busy (&self->rows);
}
