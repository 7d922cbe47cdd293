/* ops-device-service-fleet.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The fleet counts of OpsDeviceService (GET /devices/summary): every demo
 * unit, or every GenieACS device read page by page with a small
 * projection, plus the devices Oktopus knows.
 */

#define G_LOG_DOMAIN "ops-device-service"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-demo-devices.h"
#include "ops-device-service-private.h"

#define FLEET_PAGE_SIZE 200

/* What the fleet summary asks GenieACS for: identity, model, last inform
 * and the optical RX of each vendor. */
static const char *const fleet_projection[] = {
  "_id",
  "_lastInform",
  "_deviceId",
  "Device.DeviceInfo.ModelName",
  "Device.DeviceInfo.ProductClass",
  "Device.DeviceInfo.SerialNumber",
  "Device.Optical.Interface",
  "InternetGatewayDevice.DeviceInfo.ModelName",
  "InternetGatewayDevice.DeviceInfo.ProductClass",
  "InternetGatewayDevice.DeviceInfo.SerialNumber",
  "InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.RXPower",
  "InternetGatewayDevice.WANDevice.1.X_GponInterafceConfig.TXPower",
  "InternetGatewayDevice.WANDevice.1.X_CT-COM_GponInterfaceConfig.RXPower",
  "InternetGatewayDevice.WANDevice.1.X_CT-COM_GponInterfaceConfig.TXPower",
  "InternetGatewayDevice.X_ALU_OntOpticalParam.RXPower",
  "InternetGatewayDevice.X_ALU_OntOpticalParam.TXPower",
  NULL
};

typedef struct
{
  char      *model;
  gboolean   online;
  GPtrArray *codes;
} DemoGroup;

/*
 * Auxiliary methods
 */

static void
count_up (GHashTable *table,
          const char *key)
{
  gpointer value = g_hash_table_lookup (table, key);

  g_hash_table_replace (table, g_strdup (key), GINT_TO_POINTER (GPOINTER_TO_INT (value) + 1));
}

static void
fleet_count (OpsFleetSummary *fleet,
             const char      *model,
             gboolean         online,
             GPtrArray       *codes)
{
  fleet->total++;
  if (online)
    fleet->online++;
  count_up (fleet->by_model, model);
  for (guint i = 0; i < codes->len; i++)
    count_up (fleet->by_verdict, g_ptr_array_index (codes, i));
}

/* The codes of a device's verdicts, each once. */
static GPtrArray *
verdict_codes (GPtrArray *verdicts)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; verdicts && i < verdicts->len; i++)
    {
      const OpsVerdict *verdict = g_ptr_array_index (verdicts, i);

      if (!g_ptr_array_find_with_equal_func (codes, verdict->code, g_str_equal, NULL))
        g_ptr_array_add (codes, g_strdup (verdict->code));
    }
  return codes;
}

static const char *
summary_model (const OpsDeviceSummary *summary)
{
  return summary->model ? summary->model
         : summary->product_class ? summary->product_class : _("Unknown");
}

static void
fleet_add (OpsFleetSummary        *fleet,
           const OpsDeviceSummary *summary,
           GPtrArray              *verdicts)
{
  g_autoptr(GPtrArray) codes = verdict_codes (verdicts);

  fleet_count (fleet, summary_model (summary), summary->online, codes);
}

static OpsFleetSummary *
fleet_new (void)
{
  OpsFleetSummary *fleet = g_new0 (OpsFleetSummary, 1);

  fleet->by_model = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fleet->by_verdict = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return fleet;
}

static void
demo_group_free (DemoGroup *group)
{
  g_free (group->model);
  g_ptr_array_unref (group->codes);
  g_free (group);
}

/* Every demo unit counts.  A demo document is the bundled data model with
 * the unit's identity and its variant applied, so units of one model and
 * variant read alike: each group is summarised once (a full document
 * takes tens of milliseconds to build, hundreds of units would take
 * seconds). */
static gboolean
fleet_demo (OpsDeviceService  *self,
            OpsFleetSummary   *fleet,
            GCancellable      *cancellable,
            GError           **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GHashTable) groups = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (self->store == NULL)
    return TRUE;

  g_mutex_lock (&self->store_lock);
  ids = ops_store_list_device_ids (self->store, error);
  g_mutex_unlock (&self->store_lock);
  if (ids == NULL)
    return FALSE;

  groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify)demo_group_free);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      const char *dash = strrchr (id, '-');
      g_autofree char *key = g_strdup_printf ("%.*s|%d", dash ? (int)(dash - id) : (int)strlen (id), id,
                                              (int)ops_demo_device_variant (id));
      DemoGroup *group = g_hash_table_lookup (groups, key);

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;

      if (group == NULL)
        {
          g_autoptr(JsonObject) doc = ops_demo_device_document (id, now, NULL);
          g_autoptr(OpsDeviceSummary) summary = NULL;
          g_autoptr(GPtrArray) verdicts = NULL;

          if (doc == NULL || !(summary = ops_device_summarize (doc, now, self->thresholds.online_seconds, NULL)))
            continue;
          verdicts = ops_device_verdicts (summary, &self->thresholds, NULL, now);
          group = g_new0 (DemoGroup, 1);
          group->model = g_strdup (summary_model (summary));
          group->online = summary->online;
          group->codes = verdict_codes (verdicts);
          g_hash_table_insert (groups, g_steal_pointer (&key), group);
        }
      fleet_count (fleet, group->model, group->online, group->codes);
    }
  return TRUE;
}

static gboolean
fleet_genieacs (OpsDeviceService  *self,
                OpsFleetSummary   *fleet,
                GCancellable      *cancellable,
                GError           **error)
{
  g_autoptr(JsonObject) query = json_object_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  gint64 total = -1;
  guint skip = 0;

  for (;;)
    {
      g_autoptr(JsonArray) page = NULL;
      guint length;

      page = ops_genieacs_client_query (self->genieacs, query, fleet_projection, skip, FLEET_PAGE_SIZE,
                                        &total, cancellable, error);
      if (page == NULL)
        return FALSE;
      length = json_array_get_length (page);

      for (guint i = 0; i < length; i++)
        {
          JsonNode *node = json_array_get_element (page, i);
          g_autoptr(OpsDeviceSummary) summary = NULL;
          g_autoptr(GPtrArray) verdicts = NULL;

          if (!JSON_NODE_HOLDS_OBJECT (node) ||
              !(summary = ops_device_summarize (json_node_get_object (node), now,
                                                self->thresholds.online_seconds, NULL)))
            continue;
          verdicts = ops_device_verdicts (summary, &self->thresholds, NULL, now);
          fleet_add (fleet, summary, verdicts);
        }

      skip += length;
      if (length < FLEET_PAGE_SIZE || (total >= 0 && skip >= (guint64)total))
        break;
    }
  return TRUE;
}

static gboolean
fleet_oktopus (OpsDeviceService  *self,
               OpsFleetSummary   *fleet,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(GPtrArray) devices = ops_oktopus_client_list_devices (self->oktopus, cancellable, error);

  if (devices == NULL)
    return FALSE;

  for (guint i = 0; i < devices->len; i++)
    {
      const OpsOktopusDevice *device = g_ptr_array_index (devices, i);
      const char *model = device->model && *device->model ? device->model
                          : device->product_class && *device->product_class ? device->product_class
                          : _("Unknown");

      fleet->total++;
      if (device->status == 2)
        fleet->online++;
      else
        count_up (fleet->by_verdict, "offline");
      count_up (fleet->by_model, model);
    }
  return TRUE;
}

/*
 * Public API
 */

void
ops_fleet_summary_free (OpsFleetSummary *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->by_model, g_hash_table_unref);
  g_clear_pointer (&self->by_verdict, g_hash_table_unref);
  g_free (self);
}

/**
 * ops_device_service_fleet:
 *
 * Counts the fleet: every demo device, or every GenieACS device (paged,
 * with a small projection) plus Oktopus's devices.  Blocking.
 *
 * Returns: (transfer full): the counts, or %NULL with @error set
 */
OpsFleetSummary *
ops_device_service_fleet (OpsDeviceService  *self,
                          GCancellable      *cancellable,
                          GError           **error)
{
  g_autoptr(OpsFleetSummary) fleet = NULL;

  g_return_val_if_fail (OPS_IS_DEVICE_SERVICE (self), NULL);

  if (!ops_device_service_is_available (self))
    {
      g_set_error (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_CONFIGURED,
                   _("No device controller is configured. Set the GenieACS or Oktopus address in the preferences."));
      return NULL;
    }

  fleet = fleet_new ();
  if (self->demo)
    return fleet_demo (self, fleet, cancellable, error) ? g_steal_pointer (&fleet) : NULL;

  if (self->genieacs != NULL && !fleet_genieacs (self, fleet, cancellable, error))
    return NULL;
  if (self->oktopus != NULL && !fleet_oktopus (self, fleet, cancellable, error))
    return NULL;

  return g_steal_pointer (&fleet);
}
