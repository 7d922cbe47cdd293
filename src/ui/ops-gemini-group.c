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

#include "ops-connection-rows.h"
#include "ops-gemini-client.h"
#include "ops-gemini-group.h"

#define SERVICE "gemini"
#define MODEL_SETTINGS_KEY "gemini-model"
#define TEST_IMAGE_SIZE 8

struct _OpsGeminiGroup
{
  AdwPreferencesGroup  parent_instance;

  OpsConfig           *config;
  GSettings           *settings;

  GtkWidget           *key_row;
  GtkWidget           *model_row;
  gboolean             key_locked;
  gboolean             model_locked;

  OpsConnectionRows    rows;
  OpsGeminiClient     *test_client;
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

static void
update_state (OpsGeminiGroup *self)
{
  /* Saving before the keyring answered would overwrite what it holds. */
  ops_connection_rows_update_buttons (&self->rows, has_key (self),
                                      self->rows.load_cancellable == NULL &&
                                      (!self->key_locked || !self->model_locked) &&
                                      (self->settings != NULL || self->model_locked));
  ops_connection_rows_show_key_status (&self->rows, has_key (self),
                                       _("Asking Gemini to read a test image…"),
                                       _("Not set up: photos cannot be read. Enter an API key from Google AI Studio."));
}

static void
stop_test (OpsGeminiGroup *self)
{
  ops_connection_rows_cancel_and_clear (&self->rows.test_cancellable);
  g_clear_object (&self->test_client);
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
load (OpsGeminiGroup *self)
{
  const char *key_origin = ops_config_get_origin (self->config, SERVICE, "api_key");
  const char *model_origin = ops_config_get_origin (self->config, SERVICE, "model");

  if (model_origin != NULL)
    {
      self->model_locked = TRUE;
      ops_connection_rows_lock (self->model_row, model_origin);
      ops_connection_rows_set_text (&self->rows, self->model_row, ops_config_get_string (self->config, SERVICE, "model"));
    }
  else
    {
      g_autofree char *saved = self->settings ? g_settings_get_string (self->settings, MODEL_SETTINGS_KEY) : NULL;

      ops_connection_rows_set_text (&self->rows, self->model_row, saved && saved[0] ? saved
                                             : ops_config_get_string (self->config, SERVICE, "model"));
    }

  /* A configured key is used, never shown. */
  if (key_origin != NULL)
    {
      self->key_locked = TRUE;
      ops_connection_rows_lock (self->key_row, key_origin);
      return;
    }

  ops_connection_rows_load_secret (&self->rows, self, SERVICE, "api_key", self->key_row, on_loaded_cb);
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
  if (data->cancellable != self->rows.test_cancellable)
    return;
  stop_test (self);

  if (error != NULL)
    {
      g_debug ("Gemini test: %s", error->message);
      problem = describe_test_error (error);
    }

  if (problem != NULL)
    ops_connection_rows_set_result (&self->rows, OPS_CONNECTION_RESULT_ERROR, g_steal_pointer (&problem));
  else if (g_error_matches (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BAD_REQUEST))
    {
      /* The key got past Google; the model name may not have. */
      ops_connection_rows_set_result (&self->rows, OPS_CONNECTION_RESULT_OK,
                                      g_strdup_printf (_("The key works, but Gemini did not take the request: %s"),
                                                       error->message));
    }
  else
    ops_connection_rows_set_result (&self->rows, OPS_CONNECTION_RESULT_OK, g_strdup (_("The key works.")));
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
  ops_connection_rows_forget_result (&self->rows);
  self->rows.test_cancellable = g_cancellable_new ();
  self->test_client = ops_gemini_client_new (ops_config_get_string (self->config, SERVICE, "url"), model, key);
  /* One attempt: a test answers quickly or says why not. */
  timeout = ops_config_get_int (self->config, SERVICE, "timeout");
  ops_gemini_client_set_timeout (self->test_client, timeout > 0 ? (guint)MIN (timeout, 60) : 8);
  ops_gemini_client_set_backoff (self->test_client, 500, 500, 1);

  image = make_test_image ();
  ops_gemini_client_read_async (self->test_client, OPS_VISION_BARCODES, image, "image/png", self->rows.test_cancellable,
                                on_test_done_cb, call_data_new (self, self->rows.test_cancellable));
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
on_stored_cb (gpointer      owner,
              const GError *error)
{
  OpsGeminiGroup *self = owner;

  g_clear_object (&self->rows.save_cancellable);

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

  if (self->rows.save_cancellable != NULL || self->rows.load_cancellable != NULL)
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

  self->rows.save_cancellable = g_cancellable_new ();
  key = key_value (self);
  ops_connection_rows_store_secret (self, SERVICE, "api_key", key, self->rows.save_cancellable, on_stored_cb);
  update_state (self);
}

/*
 * Building
 */

static void
on_field_changed_cb (OpsGeminiGroup *self,
                     GtkEditable    *editable)
{
  if (self->rows.filling)
    return;

  /* A result says nothing about values it was not run with. */
  stop_test (self);
  ops_connection_rows_forget_result (&self->rows);
  update_state (self);
}

static void
cancel_all (OpsGeminiGroup *self)
{
  stop_test (self);
  ops_connection_rows_cancel_all (&self->rows);
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
  ops_connection_rows_clear (&self->rows);

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

  self->key_row = ops_connection_rows_add_entry (ADW_PREFERENCES_GROUP (self), adw_password_entry_row_new (),
                                                 _("API _Key"), "gemini-api_key", G_CALLBACK (on_field_changed_cb));
  self->model_row = ops_connection_rows_add_entry (ADW_PREFERENCES_GROUP (self), adw_entry_row_new (),
                                                   _("_Model"), "gemini-model", G_CALLBACK (on_field_changed_cb));
  ops_connection_rows_build_footer (&self->rows, ADW_PREFERENCES_GROUP (self), "gemini-status", _("_Test"),
                                    G_CALLBACK (on_test_clicked_cb), G_CALLBACK (on_save_clicked_cb));

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
  return self->rows.test_button;
}

GtkWidget *
ops_gemini_group_get_save_button (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), NULL);
  return self->rows.save_button;
}

const char *
ops_gemini_group_get_status (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->rows.status_label));
}

gboolean
ops_gemini_group_is_busy (OpsGeminiGroup *self)
{
  g_return_val_if_fail (OPS_IS_GEMINI_GROUP (self), FALSE);
  return ops_connection_rows_is_busy (&self->rows);
}
