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

#include "ops-http.h"
#include "ops-secrets.h"
#include "ops-stripe-group.h"

#define SERVICE "stripe"
#define SUCCESS_SETTINGS_KEY "stripe-success-url"
#define CANCEL_SETTINGS_KEY "stripe-cancel-url"
#define TEST_TIMEOUT_SECONDS 10

typedef enum
{
  RESULT_NONE,
  RESULT_OK,
  RESULT_ERROR,
} ResultKind;

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

  GtkWidget           *status_icon;
  GtkWidget           *status_label;
  GtkWidget           *spinner;
  GtkWidget           *test_button;
  GtkWidget           *save_button;

  GCancellable        *load_cancellable;
  GCancellable        *test_cancellable;
  GCancellable        *save_cancellable;
  gboolean             filling;

  ResultKind           result;
  char                *result_text;
  char                *keyring_problem;
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

static void
cancel_and_clear (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

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
is_loading (OpsStripeGroup *self)
{
  return self->load_cancellable != NULL;
}

static gboolean
all_locked (OpsStripeGroup *self)
{
  return self->key_locked && self->urls[0].locked && self->urls[1].locked;
}

static void
set_status (OpsStripeGroup *self,
            const char     *icon_name,
            const char     *style,
            const char     *text)
{
  static const char *styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (self->status_icon, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (self->status_icon, style);
  gtk_widget_set_visible (self->status_icon, icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (self->status_icon), icon_name);

  if (icon_name == NULL)
    gtk_widget_add_css_class (self->status_label, "dim-label");
  else
    gtk_widget_remove_css_class (self->status_label, "dim-label");
  gtk_label_set_text (GTK_LABEL (self->status_label), text);
}

static void
update_state (OpsStripeGroup *self)
{
  gboolean testing = self->test_cancellable != NULL;
  gboolean saving = self->save_cancellable != NULL;
  gboolean urls_saveable = self->settings != NULL || (self->urls[0].locked && self->urls[1].locked);

  gtk_widget_set_visible (self->spinner, testing);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), testing);
  gtk_widget_set_sensitive (self->test_button, !testing && has_key (self));
  /* Saving before the keyring answered would overwrite what it holds. */
  gtk_widget_set_sensitive (self->save_button,
                            !saving && !is_loading (self) && !all_locked (self) && urls_saveable);

  if (testing)
    set_status (self, NULL, NULL, _("Asking Stripe for the account's balance…"));
  else if (self->result == RESULT_OK)
    set_status (self, "emblem-ok-symbolic", "success", self->result_text);
  else if (self->result == RESULT_ERROR)
    set_status (self, "dialog-error-symbolic", "error", self->result_text);
  else if (self->keyring_problem != NULL)
    set_status (self, "dialog-warning-symbolic", "warning", self->keyring_problem);
  else if (is_loading (self))
    set_status (self, NULL, NULL, _("Reading the saved key from the keyring…"));
  else if (!has_key (self))
    set_status (self, NULL, NULL, _("Not set up: payment links cannot be sent. Enter a secret key from the Stripe dashboard."));
  else
    set_status (self, NULL, NULL, _("Not tested yet."));
}

static void
forget_result (OpsStripeGroup *self)
{
  self->result = RESULT_NONE;
  g_clear_pointer (&self->result_text, g_free);
}

static void
set_row_text (OpsStripeGroup *self,
              GtkWidget      *row,
              const char     *text)
{
  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  self->filling = FALSE;
}

/* Shows row as set by origin: insensitive, and saying where from. */
static void
lock_row (GtkWidget  *row,
          const char *origin)
{
  g_autofree char *where = NULL;
  GtkWidget *label;

  /* The environment's origins are variable names, the file's "path:line". */
  if (g_str_has_prefix (origin, "OPS_") && strchr (origin, ':') == NULL)
    where = g_strdup_printf (_("Set by the environment (%s)"), origin);
  else
    where = g_strdup_printf (_("Set by the configuration file (%s)"), origin);

  label = gtk_label_new (where);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_START);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), label);
  gtk_widget_set_sensitive (row, FALSE);
  gtk_widget_set_tooltip_text (row, where);
}

/*
 * Loading
 */

static void
on_lookup_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  OpsStripeGroup *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = ops_secrets_lookup_finish (result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;
  g_clear_object (&self->load_cancellable);

  if (error != NULL)
    self->keyring_problem = g_strdup (error->message);
  else if (secret != NULL && gtk_editable_get_text (GTK_EDITABLE (self->key_row))[0] == '\0')
    set_row_text (self, self->key_row, secret);
  update_state (self);
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
          lock_row (field->row, origin);
          set_row_text (self, field->row, ops_config_get_string (self->config, SERVICE, field->config_key));
          continue;
        }
      saved = self->settings ? g_settings_get_string (self->settings, field->settings_key) : NULL;
      set_row_text (self, field->row, saved && saved[0] ? saved
                                        : ops_config_get_string (self->config, SERVICE, field->config_key));
    }

  /* A configured key is used, never shown. */
  if (key_origin != NULL)
    {
      self->key_locked = TRUE;
      lock_row (self->key_row, key_origin);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  ops_secrets_lookup_async (SERVICE, "secret_key", self->load_cancellable, on_lookup_done_cb,
                            call_data_new (self, self->load_cancellable));
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

  response = ops_http_send_finish (result, &error);

  /* Replaced by a newer test, an edit, or the window closing. */
  if (data->cancellable != self->test_cancellable)
    return;
  g_clear_object (&self->test_cancellable);

  if (response == NULL)
    {
      g_debug ("Stripe test: %s", error->message);
      self->result = RESULT_ERROR;
      self->result_text = g_strdup_printf (_("Stripe cannot be reached: %s"), error->message);
    }
  else if (response->status == SOUP_STATUS_OK)
    {
      gboolean live = g_str_has_prefix (data->key, "sk_live_") || g_str_has_prefix (data->key, "rk_live_");

      self->result = RESULT_OK;
      self->result_text = g_strdup (live ? _("The key works (live mode).") : _("The key works (test mode)."));
    }
  else
    {
      said = stripe_error_message (response);
      self->result = RESULT_ERROR;
      if (response->status == SOUP_STATUS_UNAUTHORIZED || response->status == SOUP_STATUS_FORBIDDEN)
        self->result_text = g_strdup_printf (_("Stripe refused the key: %s"),
                                             said ? said : _("check it in the Stripe dashboard under Developers → API keys."));
      else
        self->result_text = g_strdup_printf (_("Stripe answered %u: %s"), response->status,
                                             said ? said : (response->reason_phrase ? response->reason_phrase : ""));
    }
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

  cancel_and_clear (&self->test_cancellable);
  forget_result (self);

  if (!(session = ops_http_session_new (NULL, TEST_TIMEOUT_SECONDS, &error)))
    {
      self->result = RESULT_ERROR;
      self->result_text = g_strdup (error->message);
      update_state (self);
      return;
    }

  uri = g_strdup_printf ("%s%sv1/balance", base, g_str_has_suffix (base, "/") ? "" : "/");
  request = ops_http_request_new ("GET", uri);
  bearer = g_strdup_printf ("Bearer %s", key);
  ops_http_request_set_header (request, "Authorization", bearer);
  ops_http_request_set_retry (request, &policy);
  ops_http_request_set_max_body (request, 1024 * 1024);

  self->test_cancellable = g_cancellable_new ();
  data = call_data_new (self, self->test_cancellable);
  data->key = g_steal_pointer (&key);
  ops_http_send_async (session, request, self->test_cancellable, on_test_done_cb, data);
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
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  OpsStripeGroup *self = data->self;
  g_autoptr(GError) error = NULL;

  ops_secrets_store_finish (result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;
  g_clear_object (&self->save_cancellable);

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

  if (self->save_cancellable != NULL || is_loading (self))
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

  self->save_cancellable = g_cancellable_new ();
  key = key_value (self);
  ops_secrets_store_async (SERVICE, "secret_key", key, self->save_cancellable, on_stored_cb,
                           call_data_new (self, self->save_cancellable));
  update_state (self);
}

/*
 * Building
 */

static void
on_field_changed_cb (OpsStripeGroup *self,
                     GtkEditable    *editable)
{
  if (self->filling)
    return;

  /* A result says nothing about values it was not run with. */
  cancel_and_clear (&self->test_cancellable);
  forget_result (self);
  update_state (self);
}

static GtkWidget *
build_row (OpsStripeGroup *self,
           GtkWidget      *row,
           const char     *title,
           const char     *name)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row), GTK_INPUT_HINT_NO_SPELLCHECK);
  gtk_widget_set_name (row, name);
  g_signal_connect_object (row, "changed", G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  return row;
}

static void
build_footer (OpsStripeGroup *self)
{
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_top (footer, 12);

  self->status_icon = gtk_image_new ();
  gtk_widget_set_valign (self->status_icon, GTK_ALIGN_START);
  gtk_widget_set_visible (self->status_icon, FALSE);
  gtk_box_append (GTK_BOX (line), self->status_icon);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_valign (self->spinner, GTK_ALIGN_START);
  gtk_widget_set_visible (self->spinner, FALSE);
  gtk_box_append (GTK_BOX (line), self->spinner);

  self->status_label = gtk_label_new (NULL);
  gtk_widget_set_name (self->status_label, "stripe-status");
  gtk_label_set_wrap (GTK_LABEL (self->status_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->status_label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (self->status_label), TRUE);
  gtk_widget_set_hexpand (self->status_label, TRUE);
  gtk_box_append (GTK_BOX (line), self->status_label);
  gtk_box_append (GTK_BOX (footer), line);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  self->test_button = gtk_button_new_with_mnemonic (_("_Test"));
  g_signal_connect_object (self->test_button, "clicked", G_CALLBACK (on_test_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), self->test_button);

  self->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (self->save_button, "suggested-action");
  g_signal_connect_object (self->save_button, "clicked", G_CALLBACK (on_save_clicked_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), self->save_button);
  gtk_box_append (GTK_BOX (footer), buttons);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), footer);
}

static void
cancel_all (OpsStripeGroup *self)
{
  cancel_and_clear (&self->test_cancellable);
  cancel_and_clear (&self->load_cancellable);
  cancel_and_clear (&self->save_cancellable);
}

/*
 * GtkWidget overrides
 */

/* The window closed: its work goes with it. */
static void
ops_stripe_group_unroot (GtkWidget *widget)
{
  cancel_all (OPS_STRIPE_GROUP (widget));

  GTK_WIDGET_CLASS (ops_stripe_group_parent_class)->unroot (widget);
}

/*
 * GObject overrides
 */

static void
ops_stripe_group_dispose (GObject *object)
{
  cancel_all (OPS_STRIPE_GROUP (object));

  G_OBJECT_CLASS (ops_stripe_group_parent_class)->dispose (object);
}

static void
ops_stripe_group_finalize (GObject *object)
{
  OpsStripeGroup *self = (OpsStripeGroup *)object;

  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->result_text, g_free);
  g_clear_pointer (&self->keyring_problem, g_free);

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

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (OPS_TYPE_STRIPE_GROUP,
                       "title", _("Payments (Stripe)"),
                       "description", _("Payment links sent to customers open a Stripe Checkout page. "
                                        "The secret key comes from the Stripe dashboard and is kept in the keyring."),
                       NULL);
  self->config = g_object_ref (config);
  self->settings = settings ? g_object_ref (settings) : NULL;
  gtk_widget_set_name (GTK_WIDGET (self), SERVICE);

  self->key_row = build_row (self, adw_password_entry_row_new (), _("Secret _Key"), "stripe-secret_key");
  self->urls[0].config_key = "success_url";
  self->urls[0].settings_key = SUCCESS_SETTINGS_KEY;
  self->urls[0].row = build_row (self, adw_entry_row_new (), _("Page After _Payment"), "stripe-success_url");
  self->urls[1].config_key = "cancel_url";
  self->urls[1].settings_key = CANCEL_SETTINGS_KEY;
  self->urls[1].row = build_row (self, adw_entry_row_new (), _("Page After _Cancelling"), "stripe-cancel_url");
  for (guint i = 0; i < G_N_ELEMENTS (self->urls); i++)
    adw_entry_row_set_input_hints (ADW_ENTRY_ROW (self->urls[i].row),
                                   GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_NO_EMOJI);
  build_footer (self);

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
  return self->test_button;
}

GtkWidget *
ops_stripe_group_get_save_button (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), NULL);
  return self->save_button;
}

const char *
ops_stripe_group_get_status (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->status_label));
}

gboolean
ops_stripe_group_is_busy (OpsStripeGroup *self)
{
  g_return_val_if_fail (OPS_IS_STRIPE_GROUP (self), FALSE);
  return self->load_cancellable != NULL || self->test_cancellable != NULL || self->save_cancellable != NULL;
}
