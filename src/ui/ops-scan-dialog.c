/* ops-scan-dialog.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The window: the camera preview, the images opened, dropped or pasted,
 * and their decoding on a worker thread.  The values found are listed and
 * acted on in ops-scan-dialog-results.c.
 */

#define G_LOG_DOMAIN "ops-scan-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-barcode-reader.h"
#include "ops-camera-scanner.h"
#include "ops-equipment-resolver.h"
#include "ops-image-intake.h"
#include "ops-scan-dialog-private.h"
#include "ops-vision-service.h"

#define FLASH_MS 350

G_DEFINE_FINAL_TYPE (OpsScanDialog, ops_scan_dialog, ADW_TYPE_WINDOW)

/*
 * Auxiliary methods
 */

OpsStore *
_ops_scan_dialog_store (OpsScanDialog *self)
{
  return ops_service_layer_get_store (self->services);
}

void
_ops_scan_dialog_toast (OpsScanDialog *self,
                        const char    *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

void
_ops_scan_dialog_set_status (OpsScanDialog *self,
                             const char    *text)
{
  gtk_label_set_label (self->status_label, text);
}

void
_ops_scan_dialog_update_actions (OpsScanDialog *self)
{
  gboolean configured = self->vision != NULL && ops_vision_service_is_configured (self->vision);
  gboolean have_photo = self->photo != NULL || self->frame != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "scan.read-label",
                                 configured && have_photo && !self->reading_label);
  gtk_widget_set_tooltip_text (self->label_button,
                               configured ? _("Ask Gemini to read the serial number and MAC on the label of the "
                                              "photo; you check the fields before they are used")
                                          : _("Reading labels needs Gemini: set its API key in Preferences"));
}

static gboolean
flash_done_cb (gpointer user_data)
{
  OpsScanDialog *self = user_data;

  self->flash_source = 0;
  gtk_widget_remove_css_class (GTK_WIDGET (self->preview_stack), "scan-found");
  return G_SOURCE_REMOVE;
}

/* A code was found: a short flash of the preview and the bell. */
static void
flash (OpsScanDialog *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self->preview_stack), "scan-found");
  gtk_widget_error_bell (GTK_WIDGET (self));
  g_clear_handle_id (&self->flash_source, g_source_remove);
  self->flash_source = g_timeout_add (FLASH_MS, flash_done_cb, self);
}

void
_ops_scan_dialog_busy_changed (OpsScanDialog *self,
                               int            delta)
{
  self->busy += delta;
}

/*
 * Decoding images
 */

static void
add_codes (OpsScanDialog *self,
           GPtrArray     *codes)
{
  gboolean new_value = FALSE;

  for (guint i = 0; codes != NULL && i < codes->len; i++)
    {
      const OpsBarcode *code = g_ptr_array_index (codes, i);

      if (code->value == NULL || g_hash_table_contains (self->rows, code->value))
        continue;
      new_value = TRUE;
      _ops_scan_dialog_resolve_value (self, code->value, code->type);
    }
  if (new_value)
    flash (self);
}

static void
decode_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *codes = ops_barcode_scan_image (task_data, &error);

  if (codes == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, codes, (GDestroyNotify) g_ptr_array_unref);
}

static void
decoded_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  OpsScanDialog *self = OPS_SCAN_DIALOG (source);
  g_autoptr(GPtrArray) codes = NULL;
  g_autoptr(GError) error = NULL;

  codes = g_task_propagate_pointer (G_TASK (result), &error);
  _ops_scan_dialog_busy_changed (self, -1);
  if (codes == NULL)
    {
      _ops_scan_dialog_set_status (self, error->message);
      return;
    }
  if (codes->len == 0)
    _ops_scan_dialog_set_status (self,
                                 self->vision && ops_vision_service_is_configured (self->vision)
                                 ? _("No barcode was found on this image. Try a sharper photo, or “Read the Label”.")
                                 : _("No barcode was found on this image. Try a sharper photo, closer to the label."));
  else
    _ops_scan_dialog_set_status (self, ngettext ("One code found.", "Codes found.", codes->len));
  add_codes (self, codes);
}

static void
show_image (OpsScanDialog *self,
            GBytes        *image)
{
  g_autoptr(GdkTexture) texture = gdk_texture_new_from_bytes (image, NULL);

  if (texture != NULL)
    {
      gtk_picture_set_paintable (self->image_picture, GDK_PAINTABLE (texture));
      gtk_stack_set_visible_child_name (self->preview_stack, "image");
    }
}

void
ops_scan_dialog_open_bytes (OpsScanDialog *self,
                            GBytes        *image)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OPS_IS_SCAN_DIALOG (self));
  g_return_if_fail (image != NULL);

  g_clear_pointer (&self->photo, g_bytes_unref);
  self->photo = g_bytes_ref (image);
  show_image (self, image);
  _ops_scan_dialog_update_actions (self);
  _ops_scan_dialog_set_status (self, _("Decoding the image…"));

  _ops_scan_dialog_busy_changed (self, 1);
  task = g_task_new (self, self->cancellable, decoded_cb, NULL);
  g_task_set_source_tag (task, ops_scan_dialog_open_bytes);
  g_task_set_task_data (task, g_bytes_ref (image), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, decode_thread);
}

static void
image_cb (GtkWidget    *widget,
          GBytes       *bytes,
          const char   *name,
          const GError *error,
          gpointer      user_data)
{
  OpsScanDialog *self = OPS_SCAN_DIALOG (widget);

  if (g_error_matches (error, OPS_IMAGE_INTAKE_ERROR, OPS_IMAGE_INTAKE_ERROR_NO_IMAGE))
    _ops_scan_dialog_set_status (self, _("The clipboard holds no image; copy a photo of the label first."));
  else if (error != NULL)
    _ops_scan_dialog_set_status (self, error->message);
  else if (bytes != NULL)
    ops_scan_dialog_open_bytes (self, bytes);
  else
    _ops_scan_dialog_set_status (self, _("Opening the image…"));
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  ops_image_intake_open (widget, _("Open a Photo of the Label"), NULL);
}

static void
paste_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  ops_image_intake_paste (widget);
}

/*
 * The camera
 */

static void
frame_cb (OpsCameraScanner *camera,
          GdkTexture       *texture,
          OpsScanDialog    *self)
{
  g_set_object (&self->frame, texture);
  gtk_picture_set_paintable (self->camera_picture, GDK_PAINTABLE (texture));
  if (self->photo == NULL)
    _ops_scan_dialog_update_actions (self);
}

static void
codes_cb (OpsCameraScanner *camera,
          GPtrArray        *codes,
          OpsScanDialog    *self)
{
  add_codes (self, codes);
}

static void
camera_failed_cb (OpsCameraScanner *camera,
                  GError           *error,
                  OpsScanDialog    *self)
{
  adw_status_page_set_title (self->none_page, _("The Camera Stopped"));
  adw_status_page_set_description (self->none_page, error->message);
  if (self->photo == NULL)
    gtk_stack_set_visible_child_name (self->preview_stack, "none");
}

static void
start_camera (OpsScanDialog *self,
              guint          index)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->frame);
  if (!ops_camera_scanner_start (self->camera, index, &error))
    {
      adw_status_page_set_description (self->none_page, error->message);
      gtk_stack_set_visible_child_name (self->preview_stack, "none");
      return;
    }
  gtk_stack_set_visible_child_name (self->preview_stack, "camera");
  _ops_scan_dialog_set_status (self, _("Hold the barcode in front of the camera."));
}

static void
camera_selected_cb (GtkDropDown   *dropdown,
                    GParamSpec    *pspec,
                    OpsScanDialog *self)
{
  guint index = gtk_drop_down_get_selected (dropdown);

  if (index == GTK_INVALID_LIST_POSITION)
    return;
  ops_camera_scanner_stop (self->camera);
  start_camera (self, index);
}

static void
setup_camera (OpsScanDialog *self)
{
  g_auto(GStrv) cameras = NULL;

  self->camera = ops_camera_scanner_new ();
  g_signal_connect_object (self->camera, "frame", G_CALLBACK (frame_cb), self, 0);
  g_signal_connect_object (self->camera, "codes", G_CALLBACK (codes_cb), self, 0);
  g_signal_connect_object (self->camera, "failed", G_CALLBACK (camera_failed_cb), self, 0);

  cameras = ops_camera_scanner_list_cameras (self->camera);
  if (cameras == NULL || cameras[0] == NULL)
    {
      gtk_stack_set_visible_child_name (self->preview_stack, "none");
      _ops_scan_dialog_set_status (self,
                                   _("No camera was found. Open a photo of the label, drop one here, or paste one."));
      return;
    }
  if (cameras[1] != NULL)
    {
      g_autoptr(GtkStringList) names = gtk_string_list_new ((const char *const *) cameras);

      gtk_drop_down_set_model (self->camera_dropdown, G_LIST_MODEL (names));
      gtk_widget_set_visible (GTK_WIDGET (self->camera_dropdown), TRUE);
      g_signal_connect_object (self->camera_dropdown, "notify::selected", G_CALLBACK (camera_selected_cb), self, 0);
    }
  start_camera (self, 0);
}

/*
 * GObject overrides
 */

static gboolean
close_request_cb (GtkWindow *window)
{
  OpsScanDialog *self = OPS_SCAN_DIALOG (window);

  if (self->camera != NULL)
    ops_camera_scanner_stop (self->camera);
  return FALSE;
}

static void
ops_scan_dialog_dispose (GObject *object)
{
  OpsScanDialog *self = (OpsScanDialog *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->flash_source, g_source_remove);
  if (self->camera != NULL)
    ops_camera_scanner_stop (self->camera);
  g_clear_object (&self->camera);
  if (self->bus_handler != 0 && self->services != NULL)
    g_clear_signal_handler (&self->bus_handler, ops_service_layer_get_bus (self->services));
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_SCAN_DIALOG);
  g_clear_object (&self->resolver);
  g_clear_object (&self->services);
  self->vision = NULL;

  G_OBJECT_CLASS (ops_scan_dialog_parent_class)->dispose (object);
}

static void
ops_scan_dialog_finalize (GObject *object)
{
  OpsScanDialog *self = (OpsScanDialog *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->photo, g_bytes_unref);
  g_clear_object (&self->frame);
  g_free (self->job);

  G_OBJECT_CLASS (ops_scan_dialog_parent_class)->finalize (object);
}

static void
ops_scan_dialog_class_init (OpsScanDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_scan_dialog_dispose;
  object_class->finalize = ops_scan_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-scan-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, label_button);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, camera_dropdown);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, preview_stack);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, camera_picture);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, image_picture);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, none_page);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, results_list);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, label_group);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, label_brand_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, label_model_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, label_serial_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, label_mac_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, label_gpon_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, create_group);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, create_type_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, create_brand_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, create_model_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, create_serial_row);
  gtk_widget_class_bind_template_child (widget_class, OpsScanDialog, create_mac_row);

  gtk_widget_class_install_action (widget_class, "scan.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "scan.paste", NULL, paste_action);
  gtk_widget_class_install_action (widget_class, "scan.read-label", NULL, _ops_scan_dialog_read_label_action);
  gtk_widget_class_install_action (widget_class, "scan.use-label", NULL, _ops_scan_dialog_use_label_action);
  gtk_widget_class_install_action (widget_class, "scan.create", NULL, _ops_scan_dialog_create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "scan.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_v, GDK_CONTROL_MASK, "scan.paste", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ops_scan_dialog_init (OpsScanDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ops_image_intake_attach (GTK_WIDGET (self), self->cancellable, image_cb, NULL);
  g_signal_connect (self, "close-request", G_CALLBACK (close_request_cb), NULL);
}

/*
 * Public API
 */

GtkWidget *
ops_scan_dialog_new (GtkWindow       *parent,
                     OpsServiceLayer *services)
{
  OpsScanDialog *self;

  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  self = g_object_new (OPS_TYPE_SCAN_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->services = g_object_ref (services);
  self->resolver = ops_equipment_resolver_new (ops_service_layer_get_store (services),
                                               ops_service_layer_get_devices (services));
  self->vision = ops_service_layer_get_vision (services);
  self->bus_handler = g_signal_connect_object (ops_service_layer_get_bus (services), "event",
                                               G_CALLBACK (_ops_scan_dialog_bus_event_cb), self, 0);
  _ops_scan_dialog_update_actions (self);
  setup_camera (self);
  return GTK_WIDGET (self);
}

void
ops_scan_dialog_set_job (OpsScanDialog *self,
                         const char    *job)
{
  g_return_if_fail (OPS_IS_SCAN_DIALOG (self));

  g_free (self->job);
  self->job = job && *job ? g_strdup (job) : NULL;
  adw_window_title_set_subtitle (self->window_title, self->job ? self->job : "");
}

gboolean
ops_scan_dialog_is_busy (OpsScanDialog *self)
{
  g_return_val_if_fail (OPS_IS_SCAN_DIALOG (self), FALSE);
  return self->busy > 0;
}
