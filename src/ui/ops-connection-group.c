/* ops-connection-group.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A field is "locked" when the configuration file or the environment gave
 * it a value: the console uses that value whatever is saved here, so it is
 * shown insensitive and never saved.  A value the config holds that equals
 * what Preferences saved (GSettings, or the keyring, read when it answers)
 * is taken as the console's own and stays editable.
 */

#define G_LOG_DOMAIN "ops-connection-group"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-ca-file-row.h"
#include "ops-connection-group.h"
#include "ops-connection-rows.h"
#include "ops-secrets.h"

typedef struct
{
  const OpsConnectionField *field;
  GtkWidget                *row;
  GtkWidget                *lock_label;
  gboolean                  locked;
} Field;

struct _OpsConnectionGroup
{
  AdwPreferencesGroup      parent_instance;

  const OpsConnectionSpec *spec;
  OpsConfig               *config;
  GSettings               *settings;
  Field                   *fields;

  GtkWidget               *ca_row;

  OpsConnectionRows        rows;
  guint                    test_timeout_id;

  guint                    pending_lookups;
  guint                    pending_saves;
  GError                  *save_error;
};

G_DEFINE_FINAL_TYPE (OpsConnectionGroup, ops_connection_group, ADW_TYPE_PREFERENCES_GROUP)

enum {
  TOAST,
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  OpsConnectionGroup *self;
  GCancellable       *cancellable;
  guint               index;
} CallData;

static void update_state (OpsConnectionGroup *self);

/*
 * Auxiliary methods
 */

static CallData *
call_data_new (OpsConnectionGroup *self,
               GCancellable       *cancellable,
               guint               index)
{
  CallData *data = g_new0 (CallData, 1);

  data->self = g_object_ref (self);
  data->cancellable = g_object_ref (cancellable);
  data->index = index;
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
field_value (OpsConnectionGroup *self,
             guint               i)
{
  Field *f = &self->fields[i];

  if (f->locked)
    return g_strdup (ops_config_get_string (self->config, self->spec->service, f->field->key));
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (f->row))));
}

static int
url_field_index (OpsConnectionGroup *self)
{
  for (guint i = 0; i < self->spec->n_fields; i++)
    if (self->spec->fields[i].kind == OPS_CONNECTION_FIELD_URL)
      return i;
  return -1;
}

/* "host" or "host:port" of the entered address, for sentences. */
static char *
entered_host (OpsConnectionGroup *self)
{
  int i = url_field_index (self);
  g_autofree char *url = i >= 0 ? field_value (self, i) : NULL;
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return g_strdup (url ? url : "");
  if (g_uri_get_port (uri) > 0)
    return g_strdup_printf ("%s:%d", g_uri_get_host (uri), g_uri_get_port (uri));
  return g_strdup (g_uri_get_host (uri));
}

static gboolean
url_is_invalid (OpsConnectionGroup *self)
{
  int i = url_field_index (self);
  g_autofree char *url = i >= 0 ? field_value (self, i) : NULL;

  return url != NULL && url[0] != '\0' && !ops_connection_url_is_valid (url);
}

static gboolean
all_fields_set (OpsConnectionGroup *self)
{
  for (guint i = 0; i < self->spec->n_fields; i++)
    {
      g_autofree char *value = field_value (self, i);

      if (value == NULL || value[0] == '\0')
        return FALSE;
    }
  return TRUE;
}

static gboolean
all_fields_empty (OpsConnectionGroup *self)
{
  for (guint i = 0; i < self->spec->n_fields; i++)
    {
      g_autofree char *value = field_value (self, i);

      if (value != NULL && value[0] != '\0')
        return FALSE;
    }
  return TRUE;
}

static gboolean
ca_is_editable (OpsConnectionGroup *self)
{
  return self->ca_row != NULL && !ops_ca_file_row_get_locked (OPS_CA_FILE_ROW (self->ca_row));
}

/* The CA file to use: the configured one when locked, else the chosen one. */
static char *
ca_value (OpsConnectionGroup *self)
{
  if (self->ca_row == NULL)
    return NULL;
  if (ops_ca_file_row_get_locked (OPS_CA_FILE_ROW (self->ca_row)))
    return g_strdup (ops_config_get_string (self->config, self->spec->service, self->spec->ca_config_key));
  return g_strdup (ops_ca_file_row_get_path (OPS_CA_FILE_ROW (self->ca_row)));
}

static gboolean
has_settings_fields (OpsConnectionGroup *self)
{
  if (ca_is_editable (self))
    return TRUE;
  for (guint i = 0; i < self->spec->n_fields; i++)
    if (self->spec->fields[i].settings_key != NULL && !self->fields[i].locked)
      return TRUE;
  return FALSE;
}

static gboolean
has_editable_fields (OpsConnectionGroup *self)
{
  if (ca_is_editable (self))
    return TRUE;
  for (guint i = 0; i < self->spec->n_fields; i++)
    if (!self->fields[i].locked)
      return TRUE;
  return FALSE;
}

static void
update_status (OpsConnectionGroup *self)
{
  if (ops_connection_rows_show_test (&self->rows, _("Testing the connection…")))
    return;
  if (url_is_invalid (self))
    ops_connection_rows_set_status (&self->rows, "dialog-warning-symbolic", "warning",
                                    _("Enter a full address, like https://erp.example.com or http://10.0.0.5:8000."));
  else if (self->rows.keyring_problem != NULL)
    ops_connection_rows_set_status (&self->rows, "dialog-warning-symbolic", "warning", self->rows.keyring_problem);
  else if (self->pending_lookups > 0)
    ops_connection_rows_set_status (&self->rows, NULL, NULL, _("Reading the saved secrets from the keyring…"));
  else if (all_fields_empty (self))
    ops_connection_rows_set_status (&self->rows, NULL, NULL, _("Not set up: the console works on the demo workspace."));
  else if (!all_fields_set (self))
    ops_connection_rows_set_status (&self->rows, NULL, NULL, _("Fill in every field to test the connection."));
  else if (!has_editable_fields (self))
    ops_connection_rows_set_status (&self->rows, NULL, NULL, _("Not tested yet. The configuration file sets this connection; change it there."));
  else
    ops_connection_rows_set_status (&self->rows, NULL, NULL, _("Not tested yet."));
}

static void
update_state (OpsConnectionGroup *self)
{
  gboolean invalid = url_is_invalid (self);
  int url = url_field_index (self);

  if (url >= 0)
    {
      if (invalid)
        gtk_widget_add_css_class (self->fields[url].row, "error");
      else
        gtk_widget_remove_css_class (self->fields[url].row, "error");
    }

  /* Saving before the keyring answered would overwrite what it holds. */
  ops_connection_rows_update_buttons (&self->rows, !invalid && all_fields_set (self),
                                      !invalid && self->pending_lookups == 0 && has_editable_fields (self) &&
                                      (self->settings != NULL || !has_settings_fields (self)));
  update_status (self);
}

static void
stop_test (OpsConnectionGroup *self)
{
  g_clear_handle_id (&self->test_timeout_id, g_source_remove);
  ops_connection_rows_cancel_and_clear (&self->rows.test_cancellable);
}

static void
set_locked (OpsConnectionGroup *self,
            guint               i,
            gboolean            locked)
{
  Field *f = &self->fields[i];

  f->locked = locked;
  gtk_widget_set_sensitive (f->row, !locked);
  gtk_widget_set_visible (f->lock_label, locked);
  gtk_widget_set_tooltip_text (f->row, locked ? _("Set by the configuration file or the environment; "
                                                  "change it there.") : NULL);
}

static void
set_row_text (OpsConnectionGroup *self,
              guint               i,
              const char         *text)
{
  ops_connection_rows_set_text (&self->rows, self->fields[i].row, text);
}

static GHashTable *
collect_values (OpsConnectionGroup *self)
{
  GHashTable *values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autofree char *ca = NULL;

  for (guint i = 0; i < self->spec->n_fields; i++)
    g_hash_table_insert (values, (gpointer)self->spec->fields[i].key, field_value (self, i));
  ca = ca_value (self);
  if (ca != NULL)
    g_hash_table_insert (values, (gpointer)"ca_file", g_steal_pointer (&ca));
  return values;
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
  OpsConnectionGroup *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;
  Field *f;
  const char *configured;

  secret = ops_secrets_lookup_finish (result, &error);
  if (g_cancellable_is_cancelled (data->cancellable))
    return;
  self->pending_lookups--;

  f = &self->fields[data->index];
  if (error != NULL)
    {
      if (self->rows.keyring_problem == NULL)
        self->rows.keyring_problem = g_strdup (error->message);
      update_state (self);
      return;
    }
  if (secret == NULL)
    {
      update_state (self);
      return;
    }

  configured = ops_config_get_string (self->config, self->spec->service, f->field->key);
  if (f->locked && g_strcmp0 (secret, configured) == 0)
    {
      /* The console saved it; the config only holds the keyring's copy. */
      set_locked (self, data->index, FALSE);
      set_row_text (self, data->index, secret);
    }
  else if (!f->locked && gtk_editable_get_text (GTK_EDITABLE (f->row))[0] == '\0')
    set_row_text (self, data->index, secret);

  update_state (self);
}

static void
load (OpsConnectionGroup *self)
{
  const char *service = self->spec->service;

  self->rows.load_cancellable = g_cancellable_new ();

  for (guint i = 0; i < self->spec->n_fields; i++)
    {
      const OpsConnectionField *field = &self->spec->fields[i];
      const char *configured = ops_config_get_string (self->config, service, field->key);

      if (field->settings_key != NULL)
        {
          g_autofree char *saved = self->settings ? g_settings_get_string (self->settings, field->settings_key) : NULL;

          if (configured != NULL && g_strcmp0 (saved, configured) != 0)
            {
              set_locked (self, i, TRUE);
              set_row_text (self, i, configured);
            }
          else
            set_row_text (self, i, saved);
          continue;
        }

      /* Kept in the keyring; a configured value is not shown. */
      set_locked (self, i, configured != NULL);
      self->pending_lookups++;
      ops_secrets_lookup_async (service, field->key, self->rows.load_cancellable, on_lookup_done_cb,
                                call_data_new (self, self->rows.load_cancellable, i));
    }

  if (self->ca_row != NULL)
    {
      g_autofree char *saved = self->settings ? g_settings_get_string (self->settings, self->spec->ca_settings_key) : NULL;
      const char *configured = self->spec->ca_config_key
                               ? ops_config_get_string (self->config, service, self->spec->ca_config_key) : NULL;
      gboolean locked = configured != NULL && g_strcmp0 (saved, configured) != 0;

      ops_ca_file_row_set_locked (OPS_CA_FILE_ROW (self->ca_row), locked);
      ops_ca_file_row_set_path (OPS_CA_FILE_ROW (self->ca_row), locked ? configured : saved);
    }
}

/*
 * Testing
 */

static gboolean
on_test_timeout_cb (gpointer user_data)
{
  OpsConnectionGroup *self = user_data;
  g_autofree char *host = entered_host (self);

  /* Give up on it now; its answer, if it ever comes, is dropped. */
  self->test_timeout_id = 0;
  stop_test (self);
  ops_connection_rows_set_result (&self->rows, OPS_CONNECTION_RESULT_ERROR,
                                  g_strdup_printf (_("No answer from %s within %u seconds. Check that the server is running, then try again."),
                                                   host, self->spec->test_timeout_seconds));
  update_state (self);
  return G_SOURCE_REMOVE;
}

static void
on_test_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(CallData) data = user_data;
  OpsConnectionGroup *self = data->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  text = self->spec->test_finish (result, &error);

  /* Replaced by a newer test, an edit, a timeout, or the window closing. */
  if (data->cancellable != self->rows.test_cancellable)
    return;

  stop_test (self);
  if (text != NULL)
    ops_connection_rows_set_result (&self->rows, OPS_CONNECTION_RESULT_OK, g_steal_pointer (&text));
  else
    ops_connection_rows_set_result (&self->rows, OPS_CONNECTION_RESULT_ERROR, g_strdup (error->message));
  g_debug ("Test of %s: %s", self->spec->service, self->rows.result_text);
  update_state (self);
}

static void
on_test_clicked_cb (OpsConnectionGroup *self,
                    GtkButton          *button)
{
  g_autoptr(GHashTable) values = NULL;

  if (!all_fields_set (self) || url_is_invalid (self))
    return;

  stop_test (self);
  ops_connection_rows_forget_result (&self->rows);
  self->rows.test_cancellable = g_cancellable_new ();
  values = collect_values (self);

  self->spec->test_async (values, self->rows.test_cancellable, on_test_done_cb,
                          call_data_new (self, self->rows.test_cancellable, 0));
  if (self->spec->test_timeout_seconds > 0)
    self->test_timeout_id = g_timeout_add_seconds (self->spec->test_timeout_seconds, on_test_timeout_cb, self);
  update_state (self);
}

/*
 * Saving
 */

static void
finish_save (OpsConnectionGroup *self)
{
  g_autoptr(GError) error = g_steal_pointer (&self->save_error);

  g_clear_object (&self->rows.save_cancellable);

  if (error != NULL)
    {
      g_signal_emit (self, signals[TOAST], 0, error->message);
      update_state (self);
      return;
    }

  if (self->settings != NULL)
    {
      for (guint i = 0; i < self->spec->n_fields; i++)
        {
          g_autofree char *value = NULL;

          if (self->spec->fields[i].settings_key == NULL || self->fields[i].locked)
            continue;
          value = field_value (self, i);
          g_settings_set_string (self->settings, self->spec->fields[i].settings_key, value);
        }
      if (ca_is_editable (self))
        {
          const char *ca = ops_ca_file_row_get_path (OPS_CA_FILE_ROW (self->ca_row));

          g_settings_set_string (self->settings, self->spec->ca_settings_key, ca ? ca : "");
        }
    }

  g_debug ("Saved the %s connection", self->spec->service);
  update_state (self);
  g_signal_emit (self, signals[TOAST], 0, _(self->spec->saved_message));
  /* Last: reconnecting may close windows, this group's included. */
  g_signal_emit (self, signals[SAVED], 0);
}

static void
on_stored_cb (gpointer      owner,
              const GError *error)
{
  OpsConnectionGroup *self = owner;

  if (error != NULL && self->save_error == NULL)
    self->save_error = g_error_copy (error);
  if (--self->pending_saves == 0)
    finish_save (self);
}

static void
on_save_clicked_cb (OpsConnectionGroup *self,
                    GtkButton          *button)
{
  if (self->rows.save_cancellable != NULL || self->pending_lookups > 0 || url_is_invalid (self))
    return;

  if (self->settings == NULL && has_settings_fields (self))
    {
      g_signal_emit (self, signals[TOAST], 0,
                     _("Cannot save: the settings schema is not installed. Run the console through “meson devenv” or install it."));
      return;
    }

  self->rows.save_cancellable = g_cancellable_new ();
  g_clear_error (&self->save_error);
  self->pending_saves = 1;  /* held until every store is started */

  for (guint i = 0; i < self->spec->n_fields; i++)
    {
      g_autofree char *value = NULL;

      if (self->spec->fields[i].settings_key != NULL || self->fields[i].locked)
        continue;
      value = field_value (self, i);
      self->pending_saves++;
      ops_connection_rows_store_secret (self, self->spec->service, self->spec->fields[i].key, value,
                                        self->rows.save_cancellable, on_stored_cb);
    }

  update_state (self);
  if (--self->pending_saves == 0)
    finish_save (self);
}

/*
 * Building
 */

static void
on_field_changed_cb (OpsConnectionGroup *self,
                     GtkEditable        *editable)
{
  if (self->rows.filling)
    return;

  /* A result says nothing about values it was not run with. */
  stop_test (self);
  ops_connection_rows_forget_result (&self->rows);
  update_state (self);
}

static void
build_field (OpsConnectionGroup *self,
             guint               i)
{
  const OpsConnectionField *field = &self->spec->fields[i];
  Field *f = &self->fields[i];
  g_autofree char *name = g_strdup_printf ("%s-%s", self->spec->service, field->key);

  f->field = field;
  f->row = ops_connection_rows_add_entry (ADW_PREFERENCES_GROUP (self),
                                          field->kind == OPS_CONNECTION_FIELD_SECRET ? adw_password_entry_row_new ()
                                                                                      : adw_entry_row_new (),
                                          _(field->title), name, G_CALLBACK (on_field_changed_cb));
  if (field->kind == OPS_CONNECTION_FIELD_URL)
    {
      adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (f->row), GTK_INPUT_PURPOSE_URL);
      adw_entry_row_set_input_hints (ADW_ENTRY_ROW (f->row), GTK_INPUT_HINT_NO_SPELLCHECK | GTK_INPUT_HINT_LOWERCASE);
    }

  f->lock_label = gtk_label_new (_("Set by the configuration file"));
  gtk_widget_add_css_class (f->lock_label, "dim-label");
  gtk_widget_add_css_class (f->lock_label, "caption");
  gtk_widget_set_visible (f->lock_label, FALSE);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (f->row), f->lock_label);
}

static void
on_ca_problem_cb (OpsConnectionGroup *self,
                  const char         *message,
                  OpsCaFileRow       *row)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
build_ca_row (OpsConnectionGroup *self)
{
  g_autofree char *name = g_strdup_printf ("%s-ca-file", self->spec->service);

  self->ca_row = ops_ca_file_row_new ();
  gtk_widget_set_name (self->ca_row, name);
  g_signal_connect_object (self->ca_row, "notify::path", G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ca_row, "problem", G_CALLBACK (on_ca_problem_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->ca_row);
}

/*
 * Teardown
 */

static void
cancel_all (OpsConnectionGroup *self)
{
  stop_test (self);
  ops_connection_rows_cancel_all (&self->rows);
}

/*
 * GtkWidget overrides
 */

/* The window closed: its work goes with it, even while a pending answer
 * keeps this group alive a moment longer. */
static void
ops_connection_group_unroot (GtkWidget *widget)
{
  cancel_all (OPS_CONNECTION_GROUP (widget));

  GTK_WIDGET_CLASS (ops_connection_group_parent_class)->unroot (widget);
}

/*
 * GObject overrides
 */

static void
ops_connection_group_dispose (GObject *object)
{
  cancel_all (OPS_CONNECTION_GROUP (object));

  G_OBJECT_CLASS (ops_connection_group_parent_class)->dispose (object);
}

static void
ops_connection_group_finalize (GObject *object)
{
  OpsConnectionGroup *self = (OpsConnectionGroup *)object;

  g_clear_object (&self->config);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->fields, g_free);
  ops_connection_rows_clear (&self->rows);
  g_clear_error (&self->save_error);

  G_OBJECT_CLASS (ops_connection_group_parent_class)->finalize (object);
}

static void
ops_connection_group_class_init (OpsConnectionGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_connection_group_dispose;
  object_class->finalize = ops_connection_group_finalize;
  widget_class->unroot = ops_connection_group_unroot;

  /* A message for the user, shown by the window as a toast. */
  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* Everything was saved: the application should reconnect. */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ops_connection_group_init (OpsConnectionGroup *self)
{
}

/*
 * Public API
 */

GtkWidget *
ops_connection_group_new (const OpsConnectionSpec *spec,
                          OpsConfig               *config,
                          GSettings               *settings)
{
  OpsConnectionGroup *self;
  g_autofree char *footer_name = NULL;

  g_return_val_if_fail (spec != NULL && spec->test_async != NULL && spec->test_finish != NULL, NULL);
  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (OPS_TYPE_CONNECTION_GROUP,
                       "title", _(spec->title),
                       "description", spec->description ? _(spec->description) : NULL,
                       NULL);
  self->spec = spec;
  self->config = g_object_ref (config);
  self->settings = settings ? g_object_ref (settings) : NULL;
  self->fields = g_new0 (Field, spec->n_fields);
  gtk_widget_set_name (GTK_WIDGET (self), spec->service);

  for (guint i = 0; i < spec->n_fields; i++)
    build_field (self, i);
  if (spec->ca_settings_key != NULL)
    build_ca_row (self);
  footer_name = g_strdup_printf ("%s-status", spec->service);
  /* Below the list: the status line, then the buttons. */
  ops_connection_rows_build_footer (&self->rows, ADW_PREFERENCES_GROUP (self), footer_name, _("_Test Connection"),
                                    G_CALLBACK (on_test_clicked_cb), G_CALLBACK (on_save_clicked_cb));

  load (self);
  update_state (self);

  return GTK_WIDGET (self);
}

const char *
ops_connection_group_get_service (OpsConnectionGroup *self)
{
  g_return_val_if_fail (OPS_IS_CONNECTION_GROUP (self), NULL);

  return self->spec->service;
}

/**
 * ops_connection_group_get_row:
 *
 * Returns: (transfer none) (nullable): the row of the field @key
 */
GtkWidget *
ops_connection_group_get_row (OpsConnectionGroup *self,
                              const char         *key)
{
  g_return_val_if_fail (OPS_IS_CONNECTION_GROUP (self), NULL);

  for (guint i = 0; i < self->spec->n_fields; i++)
    if (g_str_equal (self->spec->fields[i].key, key))
      return self->fields[i].row;
  return NULL;
}

GtkWidget *
ops_connection_group_get_ca_row (OpsConnectionGroup *self)
{
  g_return_val_if_fail (OPS_IS_CONNECTION_GROUP (self), NULL);

  return self->ca_row;
}

GtkWidget *
ops_connection_group_get_test_button (OpsConnectionGroup *self)
{
  g_return_val_if_fail (OPS_IS_CONNECTION_GROUP (self), NULL);

  return self->rows.test_button;
}

GtkWidget *
ops_connection_group_get_save_button (OpsConnectionGroup *self)
{
  g_return_val_if_fail (OPS_IS_CONNECTION_GROUP (self), NULL);

  return self->rows.save_button;
}

const char *
ops_connection_group_get_status (OpsConnectionGroup *self)
{
  g_return_val_if_fail (OPS_IS_CONNECTION_GROUP (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->rows.status_label));
}

/**
 * ops_connection_group_is_busy:
 *
 * Returns: %TRUE while the keyring is read, or a test or a save runs
 */
gboolean
ops_connection_group_is_busy (OpsConnectionGroup *self)
{
  g_return_val_if_fail (OPS_IS_CONNECTION_GROUP (self), FALSE);

  return self->pending_lookups > 0 || self->rows.test_cancellable != NULL || self->rows.save_cancellable != NULL;
}

void
ops_connection_group_set_ca_file (OpsConnectionGroup *self,
                                  const char         *path)
{
  g_return_if_fail (OPS_IS_CONNECTION_GROUP (self));
  g_return_if_fail (self->ca_row != NULL);

  ops_ca_file_row_set_path (OPS_CA_FILE_ROW (self->ca_row), path);
}

gboolean
ops_connection_url_is_valid (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  const char *path;

  if (url == NULL)
    return FALSE;
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    return FALSE;

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  path = g_uri_get_path (uri);

  /* GUri lets spaces and the like through in a host name. */
  for (const char *p = host ? host : ""; *p; p++)
    if (!(g_ascii_isalnum (*p) || strchr (".-_:", *p) || (guchar)*p >= 0x80))
      return FALSE;

  return (g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) &&
         host != NULL && host[0] != '\0' &&
         g_uri_get_userinfo (uri) == NULL &&
         g_uri_get_query (uri) == NULL &&
         g_uri_get_fragment (uri) == NULL &&
         (path[0] == '\0' || g_str_equal (path, "/"));
}
