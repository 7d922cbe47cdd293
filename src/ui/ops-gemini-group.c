/* ops-gemini-group.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A field is locked when the configuration file or the environment set it
 * (ops_config_get_origin): the console uses that value whatever is saved
 * here, so it is shown insensitive, says where it comes from, and is never
 * saved.  The test is one generateContent on a small blank image: any
 * answer but a refused key means the key works.
 */

#define G_LOG_DOMAIN "ops-gemini-group"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-gemini-client.h"
#include "ops-gemini-group.h"
#include "ops-secrets.h"

#define SERVICE "gemini"
#define MODEL_SETTINGS_KEY "gemini-model"
#define TEST_IMAGE_SIZE 8

typedef enum
{
  RESULT_NONE,
  RESULT_OK,
  RESULT_ERROR,
} ResultKind;

struct _OpsGeminiGroup
{
  AdwPreferencesGroup  parent_instance;

  OpsConfig           *config;
  GSettings           *settings;

  GtkWidget           *key_row;
  GtkWidget           *model_row;
  gboolean             key_locked;
  gboolean             model_locked;

  GtkWidget           *status_icon;
  GtkWidget           *status_label;
  GtkWidget           *spinner;
  GtkWidget           *test_button;
  GtkWidget           *save_button;

  GCancellable        *load_cancellable;
  GCancellable        *test_cancellable;
  GCancellable        *save_cancellable;
  OpsGeminiClient     *test_client;
  gboolean             filling;

  ResultKind           result;
  char                *result_text;
  char                *keyring_problem;
};

G_DEFINE_FINAL_TYPE (OpsGeminiGroup, ops_gemini_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  TOAST,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  OpsGeminiGroup *self;
  GCancellable   *cancellable;
} CallData;

/*
 * Auxiliary methods
 */

static CallData *
call_data_new (OpsGeminiGroup *self,
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

/* The entered text, trimmed, or the configured value of a locked field. */
static char *
field_value (OpsGeminiGroup *self,
             GtkWidget      *row,
             gboolean        locked,
             const char     *key)
{
  if (locked)
    return g_strdup (ops_config_get_string (self->config, SERVICE, key));
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static char *
key_value (OpsGeminiGroup *self)
{
  return field_value (self, self->key_row, self->key_locked, "api_key");
}

/* The model to use: an empty row means the built-in default. */
static char *
model_value (OpsGeminiGroup *self)
{
  char *model = field_value (self, self->model_row, self->model_locked, "model");

  if (model[0] == '\0')
    {
      g_free (model);
      return g_strdup (ops_config_get_string (self->config, SERVICE, "model"));
    }
  return model;
}

static gboolean
has_key (OpsGeminiGroup *self)
{
  g_autofree char *key = key_value (self);

  return key != NULL && key[0] != '\0';
}

static gboolean
is_loading (OpsGeminiGroup *self)
{
  return self->load_cancellable != NULL;
}

static void
set_status (OpsGeminiGroup *self,
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
update_state (OpsGeminiGroup *self)
{
  gboolean testing = self->test_cancellable != NULL;
  gboolean saving = self->save_cancellable != NULL;
  gboolean editable = !self->key_locked || !self->model_locked;

  gtk_widget_set_visible (self->spinner, testing);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), testing);
  gtk_widget_set_sensitive (self->test_button, !testing && has_key (self));
  /* Saving before the keyring answered would overwrite what it holds. */
  gtk_widget_set_sensitive (self->save_button,
                            !saving && !is_loading (self) && editable &&
                            (self->settings != NULL || self->model_locked));

  if (testing)
    set_status (self, NULL, NULL, _("Asking Gemini to read a test image…"));
  else if (self->result == RESULT_OK)
    set_status (self, "emblem-ok-symbolic", "success", self->result_text);
  else if (self->result == RESULT_ERROR)
    set_status (self, "dialog-error-symbolic", "error", self->result_text);
  else if (self->keyring_problem != NULL)
    set_status (self, "dialog-warning-symbolic", "warning", self->keyring_problem);
  else if (is_loading (self))
    set_status (self, NULL, NULL, _("Reading the saved key from the keyring…"));
  else if (!has_key (self))
    set_status (self, NULL, NULL, _("Not set up: photos cannot be read. Enter an API key from Google AI Studio."));
  else
    set_status (self, NULL, NULL, _("Not tested yet."));
}

static void
forget_result (OpsGeminiGroup *self)
{
  self->result = RESULT_NONE;
  g_clear_pointer (&self->result_text, g_free);
}

static void
stop_test (OpsGeminiGroup *self)
{
  cancel_and_clear (&self->test_cancellable);
  g_clear_object (&self->test_client);
}

static void
set_row_text (OpsGeminiGroup *self,
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
  OpsGeminiGroup *self = data->self;
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
load (OpsGeminiGroup *self)
{
  const char *key_origin = ops_config_get_origin (self->config, SERVICE, "api_key");
  const char *model_origin = ops_config_get_origin (self->config, SERVICE, "model");

  if (model_origin != NULL)
    {
      self->model_locked = TRUE;
      lock_row (self->model_row, model_origin);
      set_row_text (self, self->model_row, ops_config_get_string (self->config, SERVICE, "model"));
    }
  else
    {
      g_autofree char *saved = self->settings ? g_settings_get_string (self->settings, MODEL_SETTINGS_KEY) : NULL;

      set_row_text (self, self->model_row, saved && saved[0] ? saved
                                             : ops_config_get_string (self->config, SERVICE, "model"));
    }

  /* A configured key is used, never shown. */
  if (key_origin != NULL)
    {
      self->key_locked = TRUE;
      lock_row (self->key_row, key_origin);
      return;
    }

  self->load_cancellable = g_cancellable_new ();
  ops_secrets_lookup_async (SERVICE, "api_key", self->load_cancellable, on_lookup_done_cb,
                            call_data_new (self, self->load_cancellable));
}

/*
 * Testing
 */

/* A small blank PNG: enough for a request, nothing to read in it. */
static GBytes *
make_test_image (void)
{
  g_autoptr(GBytes) pixels = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint8 *data = g_malloc (TEST_IMAGE_SIZE * TEST_IMAGE_SIZE * 4);

  memset (data, 0xff, TEST_IMAGE_SIZE * TEST_IMAGE_SIZE * 4);
  pixels = g_bytes_new_take (data, TEST_IMAGE_SIZE * TEST_IMAGE_SIZE * 4);
  texture = gdk_memory_texture_new (TEST_IMAGE_SIZE, TEST_IMAGE_SIZE, GDK_MEMORY_R8G8B8A8, pixels,
                                    TEST_IMAGE_SIZE * 4);
  return gdk_texture_save_to_png_bytes (texture);
}

static char *
describe_test_error (const GError *error)
{
  if (g_error_matches (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_AUTH))
    return g_strdup (error->message);  /* already says the key was refused and what to do */
  if (g_error_matches (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_UNAVAILABLE) ||
      g_error_matches (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TIMEOUT))
    return g_strdup_printf (_("Gemini cannot be reached: %s"), error->message);
  return NULL;
}

static void
on_test_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  OpsGeminiGroup *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *problem = NULL;

  answer = ops_gemini_client_read_finish (OPS_GEMINI_CLIENT (object), result, &error);

  /* Replaced by a newer test, an edit, or the window closing. */
  if (data->cancellable != self->test_cancellable)
    return;
  stop_test (self);

  if (error != NULL)
    {
      g_debug ("Gemini test: %s", error->message);
      problem = describe_test_error (error);
    }

  if (problem != NULL)
    {
      self->result = RESULT_ERROR;
      self->result_text = g_steal_pointer (&problem);
    }
  else if (g_error_matches (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BAD_REQUEST))
    {
      /* The key got past Google; the model name may not have. */
      self->result = RESULT_OK;
      self->result_text = g_strdup_printf (_("The key works, but Gemini did not take the request: %s"),
                                           error->message);
    }
  else
    {
      self->result = RESULT_OK;
      self->result_text = g_strdup (_("The key works."));
    }
  update_state (self);
}

static void
on_test_clicked_cb (OpsGeminiGroup *self,
                    GtkButton      *button)
{
  g_autofree char *key = key_value (self);
  g_autofree char *model = model_value (self);
  g_autoptr(GBytes) image = NULL;
  gint64 timeout;

  if (key == NULL || key[0] == '\0')
    return;

  stop_test (self);
  forget_result (self);
  self->test_cancellable = g_cancellable_new ();
  self->test_client = ops_gemini_client_new (ops_config_get_string (self->config, SERVICE, "url"), model, key);
  /* One attempt: a test answers quickly or says why not. */
  timeout = ops_config_get_int (self->config, SERVICE, "timeout");
  ops_gemini_client_set_timeout (self->test_client, timeout > 0 ? (guint)MIN (timeout, 60) : 8);
  ops_gemini_client_set_backoff (self->test_client, 500, 500, 1);

  image = make_test_image ();
  ops_gemini_client_read_async (self->test_client, OPS_VISION_BARCODES, image, "image/png", self->test_cancellable,
                                on_test_done_cb, call_data_new (self, self->test_cancellable));
  update_state (self);
}

/*
 * Saving
 */

/* The key is stored (or needs no storing): save the model, then say so. */
static void
finish_save (OpsGeminiGroup *self)
{
  if (self->settings != NULL && !self->model_locked)
    {
      g_autofree char *model = model_value (self);

      g_settings_set_string (self->settings, MODEL_SETTINGS_KEY, model ? model : "");
    }

  g_debug ("Saved the Gemini settings");
  update_state (self);
  g_signal_emit (self, signals[TOAST], 0, _("Saved. Photos are read with the new settings."));
  /* Last: reopening the workspace may close windows, this group's included. */
  g_signal_emit (self, signals[SAVED], 0);
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  OpsGeminiGroup *self = data->self;
  g_autoptr(GError) error = NULL;

  ops_secrets_store_finish (result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;
  g_clear_object (&self->save_cancellable);

  /* Nothing half-saved: the model waits for the key. */
  if (error != NULL)
    {
      g_signal_emit (self, signals[TOAST], 0, error->message);
      update_state (self);
      return;
    }
  finish_save (self);
}

static void
on_save_clicked_cb (OpsGeminiGroup *self,
                    GtkButton      *button)
{
  g_autofree char *key = NULL;

  if (self->save_cancellable != NULL || is_loading (self))
    return;
  if (self->settings == NULL && !self->model_locked)
    {
      g_signal_emit (self, signals[TOAST], 0,
                     _("Cannot save: the settings schema is not installed. Run the console through “meson devenv” or install it."));
      return;
    }

  /* Only the model to save: the keyring is not involved. */
  if (self->key_locked)
    {
      finish_save (self);
      return;
    }

  self->save_cancellable = g_cancellable_new ();
  key = key_value (self);
  ops_secrets_store_async (SERVICE, "api_key", key, self->save_cancellable, on_stored_cb,
                           call_data_new (self, self->save_cancellable));
  update_state (self);
}

/*
 * Building
 */

static void
on_field_changed_cb (OpsGeminiGroup *self,
                     GtkEditable    *editable)
{
  if (self->filling)
    return;

  /* A result says nothing about values it was not run with. */
  stop_test (self);
  forget_result (self);
  update_state (self);
}

static GtkWidget *
build_row (OpsGeminiGroup *self,
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
build_footer (OpsGeminiGroup *self)
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
  gtk_widget_set_name (self->status_label, "gemini-status");
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
cancel_all (OpsGeminiGroup *self)
{
  stop_test (self);
  cancel_and_clear (&self->load_cancellable);
  cancel_and_clear (&self->save_cancellable);
}

/*
 * GtkWidget overrides
 */

/* The window closed: its work goes with it. */
static void
ops_gemini_group_unroot (GtkWidget *widget)
{
  cancel_all (OPS_GEMINI_GROUP (widget));

  GTK_WIDGET_CLASS (ops_gemini_group_parent_class)->unroot (widget);
}

/*
 * GObject overrides
 */

static void
ops_gemini_group_dispose (GObject *object)
{
  cancel_all (OPS_GEMINI_GROUP (object));

  G_OBJECT_CLASS (ops_gemini_group_parent_class)->dispose (object);
}

static void
ops_gemini_group_finalize (GObject *object)
{
  OpsGeminiGroup *self = (OpsGeminiGroup *)object;

  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->result_text, g_free);
  g_clear_pointer (&self->keyring_problem, g_free);

  G_OBJECT_CLASS (ops_gemini_group_parent_class)->finalize (object);
}

static void
ops_gemini_group_class_init (OpsGeminiGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_gemini_group_dispose;
  object_class->finalize = ops_gemini_group_finalize;
  widget_class->unroot = ops_gemini_group_unroot;

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ops_gemini_group_init (OpsGeminiGroup *self)
{
}

/*
 * Public API
 */

GtkWidget *
ops_gemini_group_new (OpsConfig *config,
                      GSettings *settings)
{
  OpsGeminiGroup *self;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (OPS_TYPE_GEMINI_GROUP,
                       "title", _("Photo Reading (Gemini)"),
                       "description", _("Reads barcodes, equipment labels and invoices from photos. "
                                        "The key comes from Google AI Studio and is kept in the keyring."),
                       NULL);
  self->config = g_object_ref (config);
  self->settings = settings ? g_object_ref (settings) : NULL;
  gtk_widget_set_name (GTK_WIDGET (self), SERVICE);

  self->key_row = build_row (self, adw_password_entry_row_new (), _("API _Key"), "gemini-api_key");
  self->model_row = build_row (self, adw_entry_row_new (), _("_Model"), "gemini-model");
  build_footer (self);

  load (self);
  update_state (self);
  return GTK_WIDGET (self);
}

GtkWidget *
ops_gemini_group_get_key_row (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), NULL);
  return self->key_row;
}

GtkWidget *
ops_gemini_group_get_model_row (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), NULL);
  return self->model_row;
}

GtkWidget *
ops_gemini_group_get_test_button (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), NULL);
  return self->test_button;
}

GtkWidget *
ops_gemini_group_get_save_button (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), NULL);
  return self->save_button;
}

const char *
ops_gemini_group_get_status (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->status_label));
}

gboolean
ops_gemini_group_is_busy (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), FALSE);
  return self->load_cancellable != NULL || self->test_cancellable != NULL || self->save_cancellable != NULL;
}
