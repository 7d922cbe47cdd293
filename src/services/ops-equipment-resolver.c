/* ops-equipment-resolver.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-equipment-resolver"

#include "config.h"

#include "ops-equipment-lookup.h"
#include "ops-equipment-resolver.h"

struct _OpsEquipmentResolver
{
  GObject           parent_instance;
  OpsStore         *store;
  OpsDeviceService *devices;
};

G_DEFINE_FINAL_TYPE (OpsEquipmentResolver, ops_equipment_resolver, G_TYPE_OBJECT)

void
ops_resolved_code_free (OpsResolvedCode *self)
{
  if (self == NULL)
    return;
  g_free (self->value);
  g_clear_pointer (&self->equipment, ops_equipment_free);
  g_free (self->customer);
  g_free (self->device_id);
  g_free (self->device_serial);
  g_free (self->device_model);
  g_free (self->note);
  g_free (self);
}

/* The task's data: the code being resolved, until it is returned. */
typedef struct
{
  OpsResolvedCode *code;
} Resolving;

static void
resolving_free (Resolving *resolving)
{
  ops_resolved_code_free (resolving->code);
  g_free (resolving);
}

static void
return_code (GTask *task)
{
  Resolving *resolving = g_task_get_task_data (task);

  g_task_return_pointer (task, g_steal_pointer (&resolving->code), (GDestroyNotify) ops_resolved_code_free);
}

static void
ops_equipment_resolver_finalize (GObject *object)
{
  OpsEquipmentResolver *self = (OpsEquipmentResolver *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->devices);
  G_OBJECT_CLASS (ops_equipment_resolver_parent_class)->finalize (object);
}

static void
ops_equipment_resolver_class_init (OpsEquipmentResolverClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_equipment_resolver_finalize;
}

static void
ops_equipment_resolver_init (OpsEquipmentResolver *self)
{
}

OpsEquipmentResolver *
ops_equipment_resolver_new (OpsStore         *store,
                            OpsDeviceService *devices)
{
  OpsEquipmentResolver *self;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (devices == NULL || OPS_IS_DEVICE_SERVICE (devices), NULL);

  self = g_object_new (OPS_TYPE_EQUIPMENT_RESOLVER, NULL);
  self->store = g_object_ref (store);
  self->devices = devices ? g_object_ref (devices) : NULL;
  return self;
}

/* The store's unit for a device the controller found: by its id, then by
 * its serial. */
static void
match_device (OpsEquipmentResolver *self,
              OpsResolvedCode      *code)
{
  const char *keys[] = { code->device_id, code->device_serial };

  for (guint i = 0; i < G_N_ELEMENTS (keys) && code->equipment == NULL; i++)
    {
      g_autoptr(GError) error = NULL;

      if (keys[i] == NULL || *keys[i] == '\0')
        continue;
      code->equipment = ops_store_find_equipment (self->store, keys[i], &code->customer, &error);
      if (error != NULL)
        g_debug ("Could not match device %s to a unit: %s", keys[i], error->message);
    }
}

static void
lookup_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  OpsEquipmentResolver *self = g_task_get_source_object (task);
  OpsResolvedCode *code = ((Resolving *) g_task_get_task_data (task))->code;
  g_autoptr(OpsDevice) device = NULL;
  g_autoptr(GError) error = NULL;

  device = ops_device_service_lookup_finish (OPS_DEVICE_SERVICE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (device != NULL)
    {
      code->tier = OPS_RESOLVE_DEVICE;
      code->source = device->source;
      code->device_id = g_strdup (device->id);
      code->device_serial = g_strdup (device->serial);
      if (device->summary != NULL)
        code->device_model = g_strdup (device->summary->model);
      match_device (self, code);
    }
  else if (!g_error_matches (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND) &&
           !g_error_matches (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_CONFIGURED))
    code->note = g_strdup (error->message);

  return_code (task);
}

void
ops_equipment_resolver_resolve_async (OpsEquipmentResolver *self,
                                      const char           *value,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Resolving *resolving;
  OpsResolvedCode *code;

  g_return_if_fail (OPS_IS_EQUIPMENT_RESOLVER (self));
  g_return_if_fail (value != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_equipment_resolver_resolve_async);
  code = g_new0 (OpsResolvedCode, 1);
  code->value = g_strstrip (g_strdup (value));
  resolving = g_new0 (Resolving, 1);
  resolving->code = code;
  g_task_set_task_data (task, resolving, (GDestroyNotify) resolving_free);

  if (g_task_return_error_if_cancelled (task))
    return;
  if (*code->value == '\0')
    {
      return_code (task);
      return;
    }

  /* 1. Serial or device id in the store. */
  code->equipment = ops_store_find_equipment (self->store, code->value, &code->customer, &error);
  if (code->equipment != NULL)
    code->tier = OPS_RESOLVE_SERIAL;

  /* 2. A MAC address, however it is written. */
  if (code->equipment == NULL && error == NULL)
    {
      code->equipment = ops_store_find_equipment_by_mac (self->store, code->value, &code->customer, &error);
      if (code->equipment != NULL)
        code->tier = OPS_RESOLVE_MAC;
    }

  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (code->equipment != NULL)
    {
      return_code (task);
      return;
    }

  /* 3. The device controllers, when there is one. */
  if (self->devices == NULL || !ops_device_service_is_available (self->devices))
    {
      return_code (task);
      return;
    }
  ops_device_service_lookup_async (self->devices, code->value, NULL, cancellable,
                                   lookup_cb, g_steal_pointer (&task));
}

OpsResolvedCode *
ops_equipment_resolver_resolve_finish (OpsEquipmentResolver *self,
                                       GAsyncResult         *result,
                                       GError              **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
