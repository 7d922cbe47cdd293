/* ops-image-intake.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-image-intake"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-image-intake.h"

#define INTAKE_KEY "ops-image-intake"

typedef struct
{
  GCancellable       *cancellable;
  OpsImageIntakeFunc  func;
  gpointer            user_data;
} Intake;

static const char *const image_suffixes[] = {
  "png", "jpg", "jpeg", "webp", "heic", "heif", "gif", "bmp", "tif", "tiff", NULL
};

G_DEFINE_QUARK (ops-image-intake-error-quark, ops_image_intake_error)

static void
intake_free (gpointer data)
{
  Intake *intake = data;

  g_clear_object (&intake->cancellable);
  g_free (intake);
}

static Intake *
intake_of (GtkWidget *widget)
{
  Intake *intake = g_object_get_data (G_OBJECT (widget), INTAKE_KEY);

  g_return_val_if_fail (intake != NULL, NULL);
  return intake;
}

static void
deliver (GtkWidget    *widget,
         GBytes       *bytes,
         const char   *name,
         const GError *error)
{
  Intake *intake = intake_of (widget);

  if (intake == NULL || g_cancellable_is_cancelled (intake->cancellable))
    return;
  intake->func (widget, bytes, name, error, intake->user_data);
}

static void
deliver_texture (GtkWidget  *widget,
                 GdkTexture *texture)
{
  g_autoptr(GBytes) png = gdk_texture_save_to_png_bytes (texture);

  deliver (widget, png, NULL, NULL);
}

/*
 * Files
 */

static void
file_loaded_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = g_file_get_basename (G_FILE (source));
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (source), result, &contents, &length, NULL, &error))
    {
      g_autoptr(GError) unreadable = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      unreadable = g_error_new (OPS_IMAGE_INTAKE_ERROR, OPS_IMAGE_INTAKE_ERROR_UNREADABLE,
                                _("This file could not be read (%s). Choose another image."), error->message);
      deliver (widget, NULL, name, unreadable);
      return;
    }
  bytes = g_bytes_new_take (contents, length);
  deliver (widget, bytes, name, NULL);
}

static void
load_file (GtkWidget *widget,
           GFile     *file)
{
  Intake *intake = intake_of (widget);

  if (intake == NULL)
    return;
  deliver (widget, NULL, NULL, NULL);
  g_file_load_contents_async (file, intake->cancellable, file_loaded_cb, g_object_ref (widget));
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GtkWidget       *widget)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        load_file (widget, file);
    }
  g_object_unref (chooser);
}

void
ops_image_intake_open (GtkWidget          *widget,
                       const char         *title,
                       const char * const *suffixes)
{
  GtkFileChooserNative *chooser;
  GtkFileFilter *filter;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  root = gtk_widget_get_root (widget);
  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  filter = gtk_file_filter_new ();
  gtk_file_filter_set_name (filter, _("Images"));
  for (const char * const *suffix = suffixes ? suffixes : image_suffixes; *suffix != NULL; suffix++)
    gtk_file_filter_add_suffix (filter, *suffix);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  g_object_unref (filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/*
 * Drops and the clipboard
 */

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         GtkWidget     *widget)
{
  if (G_VALUE_HOLDS (value, GDK_TYPE_TEXTURE))
    {
      deliver_texture (widget, g_value_get_object (value));
      return TRUE;
    }
  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      GSList *files = gdk_file_list_get_files (g_value_get_boxed (value));
      gboolean any = files != NULL;

      if (any)
        load_file (widget, files->data);
      g_slist_free (files);
      return any;
    }
  return FALSE;
}

static void
paste_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GtkWidget) widget = user_data;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  texture = gdk_clipboard_read_texture_finish (GDK_CLIPBOARD (source), result, &error);
  if (texture == NULL)
    {
      g_autoptr(GError) no_image = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      no_image = g_error_new_literal (OPS_IMAGE_INTAKE_ERROR, OPS_IMAGE_INTAKE_ERROR_NO_IMAGE,
                                      _("The clipboard holds no image; copy a photo first."));
      deliver (widget, NULL, NULL, no_image);
      return;
    }
  deliver_texture (widget, texture);
}

void
ops_image_intake_paste (GtkWidget *widget)
{
  Intake *intake;
  GtkWidget *focus;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  intake = intake_of (widget);
  if (intake == NULL)
    return;
  /* In a text field, Ctrl+V pastes text. */
  focus = gtk_root_get_focus (gtk_widget_get_root (widget));
  if (focus != NULL && GTK_IS_TEXT (focus))
    {
      gtk_widget_activate_action (focus, "clipboard.paste", NULL);
      return;
    }
  gdk_clipboard_read_texture_async (gtk_widget_get_clipboard (widget), intake->cancellable, paste_cb,
                                    g_object_ref (widget));
}

void
ops_image_intake_attach (GtkWidget          *widget,
                         GCancellable       *cancellable,
                         OpsImageIntakeFunc  func,
                         gpointer            user_data)
{
  GType types[] = { GDK_TYPE_FILE_LIST, GDK_TYPE_TEXTURE };
  GtkDropTarget *drop;
  Intake *intake;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (G_IS_CANCELLABLE (cancellable));
  g_return_if_fail (func != NULL);

  intake = g_new0 (Intake, 1);
  intake->cancellable = g_object_ref (cancellable);
  intake->func = func;
  intake->user_data = user_data;
  g_object_set_data_full (G_OBJECT (widget), INTAKE_KEY, intake, intake_free);

  drop = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (drop, types, G_N_ELEMENTS (types));
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), widget, 0);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drop));
}
