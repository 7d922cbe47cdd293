/* ops-equipment-resolver.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a scanned value is: tried in three tiers, (1) a unit's serial or
 * device id in the store, (2) a MAC address in any spelling compared with
 * the store's units, (3) a lookup by serial in the device controllers
 * (GenieACS, Oktopus, or the demo's devices) when one is configured; a
 * device found there is matched back to the store's unit when there is
 * one.  The first two tiers read the store in the main context; the third
 * runs on the device service's worker thread.
 */

#pragma once

#include <gio/gio.h>

#include "ops-device-service.h"
#include "ops-store.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_RESOLVE_UNKNOWN,   /* no tier knows the value */
  OPS_RESOLVE_SERIAL,    /* serial (or device id) of a unit in the store */
  OPS_RESOLVE_MAC,       /* MAC of a unit in the store */
  OPS_RESOLVE_DEVICE,    /* found by the device controller (see source) */
} OpsResolveTier;

typedef struct
{
  char            *value;        /* what was looked up, trimmed */
  OpsResolveTier   tier;
  OpsEquipment    *equipment;    /* the store's unit, or NULL */
  char            *customer;     /* its customer, or NULL */
  /* OPS_RESOLVE_DEVICE: the controller's id, serial and model. */
  OpsDeviceSource  source;
  char            *device_id;
  char            *device_serial;
  char            *device_model;
  /* Why the device controller could not answer (unreachable, say); NULL
   * when it answered or was not asked. */
  char            *note;
} OpsResolvedCode;

void             ops_resolved_code_free                 (OpsResolvedCode *self);

#define OPS_TYPE_EQUIPMENT_RESOLVER (ops_equipment_resolver_get_type ())
G_DECLARE_FINAL_TYPE (OpsEquipmentResolver, ops_equipment_resolver, OPS, EQUIPMENT_RESOLVER, GObject)

/* devices may be NULL (no third tier). */
OpsEquipmentResolver *ops_equipment_resolver_new        (OpsStore             *store,
                                                         OpsDeviceService     *devices);
/* Never fails for an unknown value (tier OPS_RESOLVE_UNKNOWN); errors are
 * the store's, or G_IO_ERROR_CANCELLED. */
void             ops_equipment_resolver_resolve_async   (OpsEquipmentResolver *self,
                                                         const char           *value,
                                                         GCancellable         *cancellable,
                                                         GAsyncReadyCallback   callback,
                                                         gpointer              user_data);
OpsResolvedCode *ops_equipment_resolver_resolve_finish  (OpsEquipmentResolver *self,
                                                         GAsyncResult         *result,
                                                         GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsResolvedCode, ops_resolved_code_free)

G_END_DECLS
