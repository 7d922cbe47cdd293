/* ops-scan-dialog-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the scan dialog (window, camera, image sources, decoding)
 * and the code that lists the decoded values and acts on them
 * (ops-scan-dialog-results.c).
 */

#pragma once

#include <adwaita.h>

#include "ops-camera-scanner.h"
#include "ops-equipment-resolver.h"
#include "ops-scan-dialog.h"
#include "ops-vision-service.h"

G_BEGIN_DECLS

struct _OpsScanDialog
{
  AdwWindow             parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkWidget            *label_button;
  GtkDropDown          *camera_dropdown;
  GtkStack             *preview_stack;
  GtkPicture           *camera_picture;
  GtkPicture           *image_picture;
  AdwStatusPage        *none_page;
  GtkLabel             *status_label;
  GtkListBox           *results_list;
  GtkWidget            *label_group;
  AdwEntryRow          *label_brand_row;
  AdwEntryRow          *label_model_row;
  AdwEntryRow          *label_serial_row;
  AdwEntryRow          *label_mac_row;
  AdwEntryRow          *label_gpon_row;
  GtkWidget            *create_group;
  AdwComboRow          *create_type_row;
  AdwEntryRow          *create_brand_row;
  AdwEntryRow          *create_model_row;
  AdwEntryRow          *create_serial_row;
  AdwEntryRow          *create_mac_row;

  OpsServiceLayer      *services;
  OpsEquipmentResolver *resolver;
  OpsVisionService     *vision;
  OpsCameraScanner     *camera;
  GCancellable         *cancellable;
  GHashTable           *rows;          /* value -> GtkWidget row (weak: owned by the list) */
  GBytes               *photo;         /* the last image opened, dropped or pasted */
  GdkTexture           *frame;         /* the last camera frame */
  char                 *job;
  gint64                label_queue_id; /* the label photo waiting in the vision queue */
  gulong                bus_handler;
  guint                 flash_source;
  guint                 busy;
  gboolean              reading_label;
};

/* ops-scan-dialog.c */
OpsStore *_ops_scan_dialog_store          (OpsScanDialog *self);
void      _ops_scan_dialog_toast          (OpsScanDialog *self,
                                           const char    *text);
void      _ops_scan_dialog_set_status     (OpsScanDialog *self,
                                           const char    *text);
void      _ops_scan_dialog_update_actions (OpsScanDialog *self);
void      _ops_scan_dialog_busy_changed   (OpsScanDialog *self,
                                           int            delta);

/* ops-scan-dialog-results.c */
void      _ops_scan_dialog_resolve_value     (OpsScanDialog *self,
                                              const char    *value,
                                              const char    *type);
void      _ops_scan_dialog_create_action     (GtkWidget     *widget,
                                              const char    *action_name,
                                              GVariant      *param);
void      _ops_scan_dialog_read_label_action (GtkWidget     *widget,
                                              const char    *action_name,
                                              GVariant      *param);
void      _ops_scan_dialog_use_label_action  (GtkWidget     *widget,
                                              const char    *action_name,
                                              GVariant      *param);
void      _ops_scan_dialog_bus_event_cb      (OpsEventBus   *bus,
                                              const char    *topic,
                                              JsonNode      *data,
                                              OpsScanDialog *self);

G_END_DECLS
