/* ops-connection-rows.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-connection-rows"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-connection-rows.h"
#include "ops-secrets.h"

typedef struct
{
  GObject                 *owner;
  OpsConnectionRows       *rows;  /* inside owner */
  GCancellable            *cancellable;
  GtkWidget               *row;
  OpsConnectionRowsLoaded  loaded;
  OpsConnectionRowsStored  stored;
} SecretCall;

static SecretCall *
secret_call_new (gpointer      owner,
                 GCancellable *cancellable)
{
  SecretCall *call = g_new0 (SecretCall, 1);

  call->owner = g_object_ref (owner);
  call->cancellable = g_object_ref (cancellable);
  return call;
}

static void
secret_call_free (SecretCall *call)
{
  g_object_unref (call->owner);
  g_object_unref (call->cancellable);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SecretCall, secret_call_free)

void
ops_connection_rows_cancel_and_clear (GCancellable **cancellable)
{
  if (*cancellable != NULL)
    g_cancellable_cancel (*cancellable);
  g_clear_object (cancellable);
}

void
ops_connection_rows_cancel_all (OpsConnectionRows *rows)
{
  ops_connection_rows_cancel_and_clear (&rows->test_cancellable);
  ops_connection_rows_cancel_and_clear (&rows->load_cancellable);
  ops_connection_rows_cancel_and_clear (&rows->save_cancellable);
}

gboolean
ops_connection_rows_is_busy (OpsConnectionRows *rows)
{
  return rows->load_cancellable != NULL || rows->test_cancellable != NULL || rows->save_cancellable != NULL;
}

void
ops_connection_rows_clear (OpsConnectionRows *rows)
{
  g_clear_pointer (&rows->result_text, g_free);
  g_clear_pointer (&rows->keyring_problem, g_free);
}

/*
 * Rows
 */

GtkWidget *
ops_connection_rows_add_entry (AdwPreferencesGroup *group,
                               GtkWidget           *row,
                               const char          *title,
                               const char          *name,
                               GCallback            changed_cb)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (row), TRUE);
  adw_entry_row_set_input_hints (ADW_ENTRY_ROW (row), GTK_INPUT_HINT_NO_SPELLCHECK);
  gtk_widget_set_name (row, name);
  g_signal_connect_object (row, "changed", changed_cb, group, G_CONNECT_SWAPPED);
  adw_preferences_group_add (group, row);
  return row;
}

void
ops_connection_rows_set_text (OpsConnectionRows *rows,
                              GtkWidget         *row,
                              const char        *text)
{
  rows->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
  rows->filling = FALSE;
}

void
ops_connection_rows_lock (GtkWidget  *row,
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
 * Footer
 */

void
ops_connection_rows_build_footer (OpsConnectionRows   *rows,
                                  AdwPreferencesGroup *group,
                                  const char          *status_name,
                                  const char          *test_label,
                                  GCallback            test_cb,
                                  GCallback            save_cb)
{
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  gtk_widget_set_margin_top (footer, 12);

  rows->status_icon = gtk_image_new ();
  gtk_widget_set_valign (rows->status_icon, GTK_ALIGN_START);
  gtk_widget_set_visible (rows->status_icon, FALSE);
  gtk_box_append (GTK_BOX (line), rows->status_icon);

  rows->spinner = gtk_spinner_new ();
  gtk_widget_set_valign (rows->spinner, GTK_ALIGN_START);
  gtk_widget_set_visible (rows->spinner, FALSE);
  gtk_box_append (GTK_BOX (line), rows->spinner);

  rows->status_label = gtk_label_new (NULL);
  gtk_widget_set_name (rows->status_label, status_name);
  gtk_label_set_wrap (GTK_LABEL (rows->status_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (rows->status_label), 0.0);
  gtk_label_set_selectable (GTK_LABEL (rows->status_label), TRUE);
  gtk_widget_set_hexpand (rows->status_label, TRUE);
  gtk_box_append (GTK_BOX (line), rows->status_label);
  gtk_box_append (GTK_BOX (footer), line);

  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  rows->test_button = gtk_button_new_with_mnemonic (test_label);
  g_signal_connect_object (rows->test_button, "clicked", test_cb, group, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), rows->test_button);

  rows->save_button = gtk_button_new_with_mnemonic (_("_Save"));
  gtk_widget_add_css_class (rows->save_button, "suggested-action");
  g_signal_connect_object (rows->save_button, "clicked", save_cb, group, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (buttons), rows->save_button);
  gtk_box_append (GTK_BOX (footer), buttons);

  adw_preferences_group_add (group, footer);
}

void
ops_connection_rows_set_status (OpsConnectionRows *rows,
                                const char        *icon_name,
                                const char        *style,
                                const char        *text)
{
  static const char *styles[] = { "success", "warning", "error" };

  for (guint i = 0; i < G_N_ELEMENTS (styles); i++)
    gtk_widget_remove_css_class (rows->status_icon, styles[i]);
  if (style != NULL)
    gtk_widget_add_css_class (rows->status_icon, style);

  gtk_widget_set_visible (rows->status_icon, icon_name != NULL);
  if (icon_name != NULL)
    gtk_image_set_from_icon_name (GTK_IMAGE (rows->status_icon), icon_name);

  /* Hints are quiet; results and problems are not. */
  if (icon_name == NULL)
    gtk_widget_add_css_class (rows->status_label, "dim-label");
  else
    gtk_widget_remove_css_class (rows->status_label, "dim-label");
  gtk_label_set_text (GTK_LABEL (rows->status_label), text);
}

void
ops_connection_rows_update_buttons (OpsConnectionRows *rows,
                                    gboolean           can_test,
                                    gboolean           can_save)
{
  gboolean testing = rows->test_cancellable != NULL;

  gtk_widget_set_visible (rows->spinner, testing);
  gtk_spinner_set_spinning (GTK_SPINNER (rows->spinner), testing);
  gtk_widget_set_sensitive (rows->test_button, !testing && can_test);
  gtk_widget_set_sensitive (rows->save_button, rows->save_cancellable == NULL && can_save);
}

gboolean
ops_connection_rows_show_test (OpsConnectionRows *rows,
                               const char        *testing_text)
{
  if (rows->test_cancellable != NULL)
    ops_connection_rows_set_status (rows, NULL, NULL, testing_text);
  else if (rows->result == OPS_CONNECTION_RESULT_OK)
    ops_connection_rows_set_status (rows, "emblem-ok-symbolic", "success", rows->result_text);
  else if (rows->result == OPS_CONNECTION_RESULT_ERROR)
    ops_connection_rows_set_status (rows, "dialog-error-symbolic", "error", rows->result_text);
  else
    return FALSE;
  return TRUE;
}

void
ops_connection_rows_show_key_status (OpsConnectionRows *rows,
                                     gboolean           has_key,
                                     const char        *testing_text,
                                     const char        *missing_text)
{
  if (ops_connection_rows_show_test (rows, testing_text))
    return;
  if (rows->keyring_problem != NULL)
    ops_connection_rows_set_status (rows, "dialog-warning-symbolic", "warning", rows->keyring_problem);
  else if (rows->load_cancellable != NULL)
    ops_connection_rows_set_status (rows, NULL, NULL, _("Reading the saved key from the keyring…"));
  else if (!has_key)
    ops_connection_rows_set_status (rows, NULL, NULL, missing_text);
  else
    ops_connection_rows_set_status (rows, NULL, NULL, _("Not tested yet."));
}

void
ops_connection_rows_set_result (OpsConnectionRows   *rows,
                                OpsConnectionResult  result,
                                char                *text)
{
  g_free (rows->result_text);
  rows->result = result;
  rows->result_text = text;
}

void
ops_connection_rows_forget_result (OpsConnectionRows *rows)
{
  rows->result = OPS_CONNECTION_RESULT_NONE;
  g_clear_pointer (&rows->result_text, g_free);
}

/*
 * Keyring
 */

static void
on_lookup_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SecretCall) call = user_data;
  OpsConnectionRows *rows = call->rows;
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = NULL;

  secret = ops_secrets_lookup_finish (result, &error);
  if (g_cancellable_is_cancelled (call->cancellable))
    return;
  g_clear_object (&rows->load_cancellable);

  if (error != NULL)
    rows->keyring_problem = g_strdup (error->message);
  else if (secret != NULL && gtk_editable_get_text (GTK_EDITABLE (call->row))[0] == '\0')
    ops_connection_rows_set_text (rows, call->row, secret);
  call->loaded (call->owner);
}

void
ops_connection_rows_load_secret (OpsConnectionRows       *rows,
                                 gpointer                 owner,
                                 const char              *service,
                                 const char              *key,
                                 GtkWidget               *row,
                                 OpsConnectionRowsLoaded  loaded)
{
  SecretCall *call;

  ops_connection_rows_cancel_and_clear (&rows->load_cancellable);
  rows->load_cancellable = g_cancellable_new ();
  call = secret_call_new (owner, rows->load_cancellable);
  call->rows = rows;
  call->row = row;
  call->loaded = loaded;
  ops_secrets_lookup_async (service, key, rows->load_cancellable, on_lookup_done_cb, call);
}

static void
on_stored_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SecretCall) call = user_data;
  g_autoptr(GError) error = NULL;

  ops_secrets_store_finish (result, &error);
  if (g_cancellable_is_cancelled (call->cancellable))
    return;
  call->stored (call->owner, error);
}

void
ops_connection_rows_store_secret (gpointer                 owner,
                                  const char              *service,
                                  const char              *key,
                                  const char              *value,
                                  GCancellable            *cancellable,
                                  OpsConnectionRowsStored  stored)
{
  SecretCall *call = secret_call_new (owner, cancellable);

  call->stored = stored;
  ops_secrets_store_async (service, key, value, cancellable, on_stored_cb, call);
}
