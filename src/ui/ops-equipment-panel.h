/* ops-equipment-panel.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A device-managed unit as a CSR needs it on the phone: the verdict first,
 * then fibre, IP addresses, Wi-Fi, Ethernet, general facts and the
 * connected clients per mesh node; refresh, reboot, speed test and swap.
 * Read live through the device service; never blocks the main thread.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_EQUIPMENT_PANEL (ops_equipment_panel_get_type ())

G_DECLARE_FINAL_TYPE (OpsEquipmentPanel, ops_equipment_panel, OPS, EQUIPMENT_PANEL, GtkWidget)

GtkWidget       *ops_equipment_panel_new          (void);
void             ops_equipment_panel_set_services (OpsEquipmentPanel *self,
                                                   OpsServiceLayer   *services);
/* Looks the unit with this serial up.  The unit's customer (for the plan
 * and the swap) is read from the store. */
void             ops_equipment_panel_show_serial  (OpsEquipmentPanel *self,
                                                   const char        *serial);
const char      *ops_equipment_panel_get_serial   (OpsEquipmentPanel *self);
/* "loading", "error" or "device". */
const char      *ops_equipment_panel_get_state    (OpsEquipmentPanel *self);
/* The device shown, or NULL while loading or after an error. */
const OpsDevice *ops_equipment_panel_get_device   (OpsEquipmentPanel *self);
/* TRUE while an action (refresh, reboot, speed test) runs. */
gboolean         ops_equipment_panel_is_busy      (OpsEquipmentPanel *self);

G_END_DECLS
