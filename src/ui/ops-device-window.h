/* ops-device-window.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device looked up by the serial on its label, in its own window: for a
 * caller who is not a customer on file, or a unit on a technician's bench.
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_DEVICE_WINDOW (ops_device_window_get_type ())

G_DECLARE_FINAL_TYPE (OpsDeviceWindow, ops_device_window, OPS, DEVICE_WINDOW, AdwWindow)

GtkWidget *ops_device_window_new        (GtkWindow       *parent,
                                         OpsServiceLayer *services);
/* Looks the serial up, as typing it and pressing Enter does. */
void       ops_device_window_look_up    (OpsDeviceWindow *self,
                                         const char      *serial);
GtkWidget *ops_device_window_get_panel  (OpsDeviceWindow *self);

G_END_DECLS
