/* ops-demo-devices.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo workspace's devices: every unit is one of two real data models
 * (a TP-Link XX230v ONT in TR-181, a Huawei BM632w router in TR-098),
 * converted once from the bundled GenieACS CSV, copied, given the unit's
 * identity and moved in time so it informed a few minutes ago.  A variant,
 * picked from the id, adds the trouble a CSR should recognise.
 *
 * Which units show which variant is listed in resources/demo/README.md;
 * keep both in step.
 */

#define G_LOG_DOMAIN "ops-demo-devices"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-demo.h"
#include "ops-demo-devices.h"
#include "ops-genieacs-csv.h"

#define HISTORY_DAYS 14
#define OFFLINE_SECONDS (2 * 24 * 60 * 60)
#define CONGESTED_STATIONS 14

#define TP_RX_PATH "Device.Optical.Interface.1.X_TP_GPON_Config.RXPower"
#define TP_TX_PATH "Device.Optical.Interface.1.X_TP_GPON_Config.TXPower"
#define TP_MULTIAP "Device.WiFi.MultiAP.APDevice"
#define TP_ROOT_5G_MAC "1C:61:B4:FB:2A:CA"   /* the XX230v's own 5 GHz radio */
#define IGD_LAN "InternetGatewayDevice.LANDevice.1"

typedef struct
{
  const char *prefix;        /* "<OUI>-<model>-" of the demo ids */
  const char *resource;
  const char *captured_at;   /* for a CSV without timestamps */
  gboolean    tr181;         /* TR-181 with TP-Link optics and MultiAP */
} DemoModel;

static const DemoModel models[] = {
  { "1C61B4-XX230v-", RESOURCE_BASE "/demo/devices/xx230v.csv", NULL, TRUE },
  { "202BC1-BM632w-", RESOURCE_BASE "/demo/devices/bm632w.csv", "2019-07-23T12:00:00.000Z", FALSE },
};

/* Units whose trouble the demo tells a story with (see the README): one of
 * each variant among C0001–C0020, and the units of open tickets. */
static const struct
{
  const char           *device_id;
  OpsDemoDeviceVariant  variant;
} pinned[] = {
  { "1C61B4-XX230v-22275A7000395", OPS_DEMO_DEVICE_HEALTHY },         /* C0001, the real unit */
  { "202BC1-BM632w-8KA8WA2554343407", OPS_DEMO_DEVICE_HEALTHY },      /* C0002 */
  { "202BC1-BM632w-8KA8WA1619982076", OPS_DEMO_DEVICE_CONGESTED },    /* C0003 */
  { "1C61B4-XX230v-22275A7048755", OPS_DEMO_DEVICE_WEAK_SIGNAL },     /* C0005 */
  { "1C61B4-XX230v-22275A7835321", OPS_DEMO_DEVICE_FAR_SATELLITE },   /* C0006, with a Deco X50 */
  { "202BC1-BM632w-8KA8WA1986705945", OPS_DEMO_DEVICE_HEALTHY },      /* C0007 */
  { "1C61B4-XX230v-22275A7327520", OPS_DEMO_DEVICE_OVERLOAD },        /* C0008 */
  { "202BC1-BM632w-8KA8WA5039762154", OPS_DEMO_DEVICE_HEALTHY },      /* C0010 */
  { "1C61B4-XX230v-22275A7756882", OPS_DEMO_DEVICE_DRIFT },           /* C0011 */
  { "1C61B4-XX230v-22275A7566525", OPS_DEMO_DEVICE_OFFLINE },         /* C0012 */
  { "1C61B4-XX230v-22275A7208506", OPS_DEMO_DEVICE_CONGESTED },       /* C0016 */
  { "1C61B4-XX230v-22275A7300936", OPS_DEMO_DEVICE_HEALTHY },         /* C0017 */
  { "1C61B4-XX230v-22275A7147564", OPS_DEMO_DEVICE_HEALTHY },         /* C0019 */
  { "1C61B4-XX230v-22275A7319128", OPS_DEMO_DEVICE_HEALTHY },         /* C0020 */
  { "202BC1-BM632w-8KA8WA4340456550", OPS_DEMO_DEVICE_OFFLINE },      /* C0030: "Aucun signal" */
  { "1C61B4-XX230v-22275A7939699", OPS_DEMO_DEVICE_FAR_SATELLITE },   /* C0046: "Wi-Fi coupe au sous-sol" */
  { "1C61B4-XX230v-22275A7550354", OPS_DEMO_DEVICE_CONGESTED },       /* C0055: "Internet lent le soir" */
  { "202BC1-BM632w-8KA8WA2890706531", OPS_DEMO_DEVICE_OFFLINE },      /* C0078: "Coupure complète" */
  { "1C61B4-XX230v-22275A7622518", OPS_DEMO_DEVICE_CONGESTED },       /* C0083: "Internet lent le soir" */
  { "1C61B4-XX230v-22275A7610812", OPS_DEMO_DEVICE_WEAK_SIGNAL },     /* C0086: "Coupures répétées" */
  { "1C61B4-XX230v-22275A7219639", OPS_DEMO_DEVICE_FAR_SATELLITE },   /* C0271: "Wi-Fi instable au sous-sol" */
};

/* The rest: 60 % healthy, the others spread over what the model can show.
 * The BM632w has no optical readings and no mesh: only Wi-Fi (and being
 * offline) varies. */
static const OpsDemoDeviceVariant tr181_troubles[] = {
  OPS_DEMO_DEVICE_WEAK_SIGNAL, OPS_DEMO_DEVICE_OVERLOAD, OPS_DEMO_DEVICE_DRIFT,
  OPS_DEMO_DEVICE_OFFLINE, OPS_DEMO_DEVICE_CONGESTED, OPS_DEMO_DEVICE_FAR_SATELLITE,
};
static const OpsDemoDeviceVariant tr098_troubles[] = {
  OPS_DEMO_DEVICE_CONGESTED, OPS_DEMO_DEVICE_OFFLINE,
};

typedef struct
{
  const char *name;
  const char *oui;
  guint       rcpi;        /* signal as TP-Link reports it: dBm = rcpi / 2 - 110 */
} Station;

/* Who crowds the 2.4 GHz band of a congested home. */
static const Station crowd[CONGESTED_STATIONS] = {
  { "iPhone-de-Julie", "3C:06:30", 120 },
  { "Galaxy-S23", "8C:79:F5", 112 },
  { "Chromecast-Salon", "F4:F5:D8", 104 },
  { "Echo-Dot-Cuisine", "74:C2:46", 96 },
  { "HP-ENVY-6000", "3C:52:82", 90 },
  { "Nintendo-Switch", "98:41:5C", 108 },
  { "iPad-de-Louis", "3C:06:30", 100 },
  { "Thermostat-Nest", "18:B4:30", 86 },
  { "Roku-Chambre", "B0:A7:37", 92 },
  { "Pixel-8", "F4:F5:D8", 116 },
  { "Surface-Go", "28:18:78", 98 },
  { "Ring-Sonnette", "34:3E:A4", 80 },
  { "PS5", "FC:F1:52", 110 },
  { "MacBook-Air", "3C:06:30", 118 },
};

/* The two clients of the far satellite, weakly heard. */
static const Station basement[2] = {
  { "TV-sous-sol", "FC:F1:52", 70 },
  { "iPad-de-Lea", "3C:06:30", 64 },
};

typedef struct
{
  gsize       ready;
  JsonObject *doc;
  GError     *error;
} ModelCache;

static ModelCache caches[G_N_ELEMENTS (models)];

G_DEFINE_QUARK (ops-demo-device-error-quark, ops_demo_device_error)

/*
 * Auxiliary methods
 */

/* FNV-1a with a salt, then mixed so the low bits vary too: stable across
 * runs and GLib versions, unlike g_str_hash. */
static guint32
hash (const char *text,
      guint32     salt)
{
  guint32 h = 2166136261u;

  for (const char *p = text; *p; p++)
    {
      h ^= (guchar)*p;
      h *= 16777619u;
    }
  h ^= salt * 0x9e3779b9u;
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

static gboolean
parse_id (const char  *device_id,
          guint       *model,
          const char **serial)
{
  if (device_id == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (g_str_has_prefix (device_id, models[i].prefix) && device_id[strlen (models[i].prefix)] != '\0')
      {
        *model = i;
        *serial = device_id + strlen (models[i].prefix);
        return TRUE;
      }
  return FALSE;
}

static JsonObject *
model_document (guint    index,
                GError **error)
{
  ModelCache *cache = &caches[index];

  if (g_once_init_enter (&cache->ready))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) local_error = NULL;
      gsize size = 0;
      const char *data;

      ops_demo_register_resources ();
      bytes = g_resources_lookup_data (models[index].resource, G_RESOURCE_LOOKUP_FLAGS_NONE, &local_error);
      if (bytes)
        {
          data = g_bytes_get_data (bytes, &size);
          cache->doc = ops_genieacs_csv_to_document (data, size, models[index].captured_at, &local_error);
        }
      if (cache->doc == NULL)
        cache->error = g_error_new (OPS_DEMO_DEVICE_ERROR, OPS_DEMO_DEVICE_ERROR_DATA,
                                    "The bundled data model %s cannot be read (%s). Reinstall the application.",
                                    models[index].resource, local_error->message);
      else
        g_debug ("Loaded the demo data model %s", models[index].resource);
      g_once_init_leave (&cache->ready, 1);
    }

  if (cache->doc == NULL)
    {
      g_propagate_error (error, g_error_copy (cache->error));
      return NULL;
    }
  return cache->doc;
}

static JsonNode *copy_node (JsonNode *node);

static JsonObject *
copy_object (JsonObject *object)
{
  g_autoptr(GList) members = json_object_get_members (object);
  JsonObject *copy = json_object_new ();

  for (GList *l = members; l; l = l->next)
    json_object_set_member (copy, l->data, copy_node (json_object_get_member (object, l->data)));
  return copy;
}

/* A deep copy that shares nothing with the cached document, not even the
 * values: several threads may copy it, and free their copies, at once. */
static JsonNode *
copy_node (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, copy_object (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        JsonArray *array = json_array_sized_new (json_array_get_length (source));

        for (guint i = 0; i < json_array_get_length (source); i++)
          json_array_add_element (array, copy_node (json_array_get_element (source, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array);
        return copy;
      }

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          return json_node_init_int (json_node_alloc (), json_node_get_int (node));
        case G_TYPE_DOUBLE:
          return json_node_init_double (json_node_alloc (), json_node_get_double (node));
        case G_TYPE_BOOLEAN:
          return json_node_init_boolean (json_node_alloc (), json_node_get_boolean (node));
        case G_TYPE_STRING:
          return json_node_init_string (json_node_alloc (), json_node_get_string (node));
        default:
          return json_node_new (JSON_NODE_NULL);
        }

    case JSON_NODE_NULL:
    default:
      return json_node_new (JSON_NODE_NULL);
    }
}

static char *
format_timestamp (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

typedef struct
{
  GTimeSpan   delta;
  GTimeZone  *utc;
  GHashTable *done;   /* timestamp as captured -> moved */
} Shift;

static void
shift_member (Shift      *shift,
              JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *text;
  const char *moved;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return;
  text = json_node_get_string (node);
  moved = g_hash_table_lookup (shift->done, text);
  if (moved == NULL)
    {
      g_autoptr(GDateTime) then = g_date_time_new_from_iso8601 (text, shift->utc);
      g_autoptr(GDateTime) now = NULL;
      char *formatted;

      if (then == NULL)
        return;
      now = g_date_time_add (then, shift->delta);
      formatted = format_timestamp (now);
      g_hash_table_insert (shift->done, g_strdup (text), formatted);
      moved = formatted;
    }
  /* The copy owns its values, so they can be changed in place. */
  json_node_set_string (node, moved);
}

static void
shift_object (Shift      *shift,
              JsonObject *object)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    if (JSON_NODE_HOLDS_OBJECT (node))
      shift_object (shift, json_node_get_object (node));

  shift_member (shift, object, "_timestamp");
}

/* Moves every time of the document so that it last informed
 * inform_age_seconds before now; returns that new _lastInform. */
static char *
shift_times (JsonObject *doc,
             GDateTime  *now,
             gint64      inform_age_seconds)
{
  static const char *const root_times[] = { "_lastInform", "_registered", "_lastBoot", "_lastBootstrap" };
  g_autoptr(GDateTime) captured = NULL;
  g_autoptr(GDateTime) informed = g_date_time_add_seconds (now, -(gdouble)inform_age_seconds);
  Shift shift;

  shift.utc = g_time_zone_new_utc ();
  shift.done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  captured = g_date_time_new_from_iso8601 (json_object_get_string_member_with_default (doc, "_lastInform", ""),
                                           shift.utc);
  shift.delta = captured ? g_date_time_difference (informed, captured) : 0;

  for (guint i = 0; i < G_N_ELEMENTS (root_times); i++)
    shift_member (&shift, doc, root_times[i]);
  shift_object (&shift, doc);

  g_hash_table_unref (shift.done);
  g_time_zone_unref (shift.utc);

  if (!json_object_has_member (doc, "_lastInform"))
    {
      g_autofree char *text = format_timestamp (informed);

      json_object_set_string_member (doc, "_lastInform", text);
    }
  return g_strdup (json_object_get_string_member (doc, "_lastInform"));
}

/* Replaces a leaf's value, keeping its type and time; takes value. */
static void
replace_value (JsonObject *doc,
               const char *path,
               JsonNode   *value)
{
  JsonObject *leaf = ops_device_doc_get_node (doc, path);

  if (leaf)
    json_object_set_member (leaf, "_value", value);
  else
    json_node_unref (value);
}

/* Sets base.member (base alone when member is NULL); takes value. */
static void
set_leaf (JsonObject *doc,
          const char *base,
          const char *member,
          JsonNode   *value,
          const char *type,
          const char *timestamp)
{
  g_autofree char *path = member ? g_strconcat (base, ".", member, NULL) : g_strdup (base);

  ops_device_doc_set_value (doc, path, value, type, timestamp);
  json_node_unref (value);
}

static void
set_string (JsonObject *doc,
            const char *base,
            const char *member,
            const char *value,
            const char *timestamp)
{
  set_leaf (doc, base, member, json_node_init_string (json_node_alloc (), value), "xsd:string", timestamp);
}

static void
set_number (JsonObject *doc,
            const char *base,
            const char *member,
            gint64      value,
            const char *type,
            const char *timestamp)
{
  set_leaf (doc, base, member, json_node_init_int (json_node_alloc (), value), type, timestamp);
}

static void
set_boolean (JsonObject *doc,
             const char *base,
             const char *member,
             gboolean    value,
             const char *timestamp)
{
  set_leaf (doc, base, member, json_node_init_boolean (json_node_alloc (), value), "xsd:boolean", timestamp);
}

static char *
station_mac (const char *device_id,
             const char *oui,
             guint       index)
{
  guint32 h = hash (device_id, 100 + index);

  return g_strdup_printf ("%s:%02X:%02X:%02X", oui, h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff);
}

static gint64
dbm_to_tenth_microwatt (double dbm)
{
  return (gint64)llround (pow (10.0, dbm / 10.0) * 1e4);
}

static double
tenth_microwatt_to_dbm (gint64 tenth_microwatts)
{
  return 10.0 * log10 ((double)tenth_microwatts * 1e-4);
}

/* What the variant's ONT receives.  The real XX230v capture reads 5624
 * (0.1 µW), that is −2.5 dBm: on a real line that would be an overload, so
 * healthy units (C0001's real one included) read a usual −17 to −22 dBm. */
static double
nominal_rx_dbm (const char           *device_id,
                OpsDemoDeviceVariant  variant)
{
  switch (variant)
    {
    case OPS_DEMO_DEVICE_WEAK_SIGNAL:
      return -27.5;
    case OPS_DEMO_DEVICE_OVERLOAD:
      return -6.0;
    case OPS_DEMO_DEVICE_DRIFT:
      return -22.4;   /* from −18 at installation, see the history */
    case OPS_DEMO_DEVICE_HEALTHY:
    case OPS_DEMO_DEVICE_OFFLINE:
    case OPS_DEMO_DEVICE_CONGESTED:
    case OPS_DEMO_DEVICE_FAR_SATELLITE:
    default:
      return -17.2 - (double)(hash (device_id, 1) % 47) / 10.0;
    }
}

static gint64
inform_age (const char           *device_id,
            OpsDemoDeviceVariant  variant)
{
  if (variant == OPS_DEMO_DEVICE_OFFLINE)
    return OFFLINE_SECONDS + hash (device_id, 2) % 600;
  return 60 + hash (device_id, 2) % 181;   /* 1 to 4 minutes */
}

static void
set_identity (JsonObject *doc,
              gboolean    tr181,
              const char *device_id,
              const char *serial)
{
  JsonNode *device_ids = json_object_get_member (doc, "_deviceId");

  json_object_set_string_member (doc, "_id", device_id);
  if (device_ids && JSON_NODE_HOLDS_OBJECT (device_ids))
    json_object_set_string_member (json_node_get_object (device_ids), "_SerialNumber", serial);

  if (tr181)
    {
      g_autofree char *gpon = g_strdup_printf ("54504C47%08X", hash (serial, 3));   /* "TPLG" + 8 hex */

      replace_value (doc, "Device.DeviceInfo.SerialNumber", json_node_init_string (json_node_alloc (), serial));
      replace_value (doc, TP_MULTIAP ".1.SerialNumber", json_node_init_string (json_node_alloc (), serial));
      replace_value (doc, "Device.Optical.Interface.1.GponAuth.GponSn", json_node_init_string (json_node_alloc (), gpon));
    }
  else
    replace_value (doc, "InternetGatewayDevice.DeviceInfo.SerialNumber",
                   json_node_init_string (json_node_alloc (), serial));
}

/* A Wi-Fi client of a TP-Link mesh node, and the host entry it makes. */
static void
add_tp_station (JsonObject    *doc,
                const char    *device_id,
                const Station *station,
                guint          index,
                const char    *ap,
                guint          assoc,
                const char    *node_mac,
                guint          host,
                const char    *timestamp)
{
  g_autofree char *mac = station_mac (device_id, station->oui, index);
  g_autofree char *ip = g_strdup_printf ("192.168.1.%u", 100 + index);
  g_autofree char *base = g_strdup_printf ("%s.AssociatedDevice.%u", ap, assoc);
  g_autofree char *host_base = g_strdup_printf ("Device.Hosts.Host.%u", host);

  set_string (doc, base, "MACAddress", mac, timestamp);
  set_string (doc, base, "X_TP_HostName", station->name, timestamp);
  set_string (doc, base, "X_TP_IPAddress", ip, timestamp);
  set_string (doc, base, "X_TP_ApDeviceMac", node_mac, timestamp);
  set_number (doc, base, "SignalStrength", station->rcpi, "xsd:unsignedInt", timestamp);
  set_number (doc, base, "LastDataDownlinkRate", 20000 + (gint64)station->rcpi * 1000, "xsd:unsignedInt", timestamp);
  set_boolean (doc, base, "Active", TRUE, timestamp);

  set_string (doc, host_base, "HostName", station->name, timestamp);
  set_string (doc, host_base, "IPAddress", ip, timestamp);
  set_string (doc, host_base, "PhysAddress", mac, timestamp);
  set_string (doc, host_base, "AddressSource", "DHCP", timestamp);
  set_boolean (doc, host_base, "Active", TRUE, timestamp);
  set_number (doc, host_base, "LeaseTimeRemaining", 3600 + hash (device_id, 200 + index) % 80000, "xsd:int", timestamp);
}

/* A Deco in the basement, reached over a weak, busy Wi-Fi backhaul. */
static void
add_far_satellite (JsonObject *doc,
                   const char *device_id,
                   const char *timestamp)
{
  const char *node = TP_MULTIAP ".2";
  guint32 h = hash (device_id, 6);
  g_autofree char *mac = g_strdup_printf ("60:32:B1:%02X:%02X:%02X", h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xfc);
  g_autofree char *mac_24 = g_strdup_printf ("60:32:B1:%02X:%02X:%02X", h & 0xff, (h >> 8) & 0xff, ((h >> 16) & 0xfc) + 1);
  g_autofree char *mac_5 = g_strdup_printf ("60:32:B1:%02X:%02X:%02X", h & 0xff, (h >> 8) & 0xff, ((h >> 16) & 0xfc) + 2);
  g_autofree char *serial = g_strdup_printf ("2237%09u", h % 1000000000u);
  g_autofree char *radio_24 = g_strconcat (node, ".Radio.1", NULL);
  g_autofree char *radio_5 = g_strconcat (node, ".Radio.2", NULL);
  g_autofree char *ap_24 = g_strconcat (radio_24, ".AP.1", NULL);
  g_autofree char *ap_5 = g_strconcat (radio_5, ".AP.1", NULL);

  set_string (doc, node, "MACAddress", mac, timestamp);
  set_string (doc, node, "Manufacturer", "TP-Link", timestamp);
  set_string (doc, node, "ManufacturerOUI", "6032B1", timestamp);
  set_string (doc, node, "ProductClass", "Deco X50", timestamp);
  set_string (doc, node, "SerialNumber", serial, timestamp);
  set_string (doc, node, "X_TP_ModelName", "Deco X50", timestamp);
  set_string (doc, node, "X_TP_HostName", "Deco sous-sol", timestamp);
  set_string (doc, node, "X_TP_IPAddress", "192.168.1.250", timestamp);
  set_boolean (doc, node, "X_TP_IsController", FALSE, timestamp);
  set_boolean (doc, node, "X_TP_Active", TRUE, timestamp);
  set_string (doc, node, "BackhaulLinkType", "Wi-Fi", timestamp);
  set_string (doc, node, "BackhaulMACAddress", TP_ROOT_5G_MAC, timestamp);
  set_number (doc, node, "BackhaulLinkUtilization", 85, "xsd:unsignedInt", timestamp);
  set_number (doc, node, "BackhaulSignalStrength", 52, "xsd:unsignedInt", timestamp);   /* RCPI: −84 dBm */
  set_number (doc, node, "RadioNumberOfEntries", 2, "xsd:unsignedInt", timestamp);

  set_string (doc, radio_24, "OperatingFrequencyBand", "2.4GHz", timestamp);
  set_string (doc, radio_24, "MACAddress", mac_24, timestamp);
  set_number (doc, radio_24, "Channel", 10, "xsd:unsignedInt", timestamp);
  set_string (doc, ap_24, "SSID", "TP-Link_2AC8", timestamp);
  set_string (doc, ap_24, "BSSID", mac_24, timestamp);
  set_string (doc, ap_24, "X_TP_Type", "Primary", timestamp);
  set_number (doc, ap_24, "AssociatedDeviceNumberOfEntries", 1, "xsd:unsignedInt", timestamp);

  set_string (doc, radio_5, "OperatingFrequencyBand", "5GHz", timestamp);
  set_string (doc, radio_5, "MACAddress", mac_5, timestamp);
  set_number (doc, radio_5, "Channel", 153, "xsd:unsignedInt", timestamp);
  set_string (doc, ap_5, "SSID", "TP-Link_2AC8_5G", timestamp);
  set_string (doc, ap_5, "BSSID", mac_5, timestamp);
  set_string (doc, ap_5, "X_TP_Type", "Primary", timestamp);
  set_number (doc, ap_5, "AssociatedDeviceNumberOfEntries", 1, "xsd:unsignedInt", timestamp);

  /* The capture has one host (Host.1); the satellite's two come next. */
  add_tp_station (doc, device_id, &basement[0], 0, ap_24, 1, mac, 2, timestamp);
  add_tp_station (doc, device_id, &basement[1], 1, ap_5, 1, mac, 3, timestamp);
  set_number (doc, TP_MULTIAP "NumberOfEntries", NULL, 2, "xsd:unsignedInt", timestamp);
  set_number (doc, "Device.Hosts.HostNumberOfEntries", NULL, 3, "xsd:unsignedInt", timestamp);
}

static void
apply_tr181 (JsonObject           *doc,
             const char           *device_id,
             OpsDemoDeviceVariant  variant,
             const char           *informed)
{
  gint64 noise_24 = -85 - (gint64)(hash (device_id, 4) % 8);
  gint64 noise_5 = -90 - (gint64)(hash (device_id, 5) % 6);

  replace_value (doc, TP_RX_PATH,
                 json_node_init_int (json_node_alloc (),
                                     dbm_to_tenth_microwatt (nominal_rx_dbm (device_id, variant))));

  /* The capture's radios read 0 ("no reading"); give them a quiet band. */
  if (variant == OPS_DEMO_DEVICE_CONGESTED)
    noise_24 = -62;
  set_number (doc, "Device.WiFi.Radio.1.Stats.Noise", NULL, noise_24, "xsd:int", informed);
  set_number (doc, "Device.WiFi.Radio.2.Stats.Noise", NULL, noise_5, "xsd:int", informed);

  if (variant == OPS_DEMO_DEVICE_CONGESTED)
    {
      const char *ap = TP_MULTIAP ".1.Radio.1.AP.2";   /* the XX230v's main 2.4 GHz network */

      for (guint i = 0; i < CONGESTED_STATIONS; i++)
        add_tp_station (doc, device_id, &crowd[i], i, ap, i + 1, "1C:61:B4:FB:2A:C8", i + 2, informed);
      set_number (doc, ap, "AssociatedDeviceNumberOfEntries", CONGESTED_STATIONS, "xsd:unsignedInt", informed);
      set_number (doc, "Device.Hosts.HostNumberOfEntries", NULL, CONGESTED_STATIONS + 1, "xsd:unsignedInt", informed);
    }

  if (variant == OPS_DEMO_DEVICE_FAR_SATELLITE)
    add_far_satellite (doc, device_id, informed);
}

/* TR-098: the crowd on the only (2.4 GHz) network, each station hearing a
 * noisy band; Huawei reports the noise per station. */
static void
apply_tr098 (JsonObject           *doc,
             const char           *device_id,
             OpsDemoDeviceVariant  variant,
             const char           *informed)
{
  const char *wlan = IGD_LAN ".WLANConfiguration.1";
  guint captured_stations = 3;
  guint captured_hosts = 6;

  if (variant != OPS_DEMO_DEVICE_CONGESTED)
    return;

  for (guint i = 0; i < CONGESTED_STATIONS; i++)
    {
      g_autofree char *mac = station_mac (device_id, crowd[i].oui, i);
      g_autofree char *ip = g_strdup_printf ("192.168.1.%u", 100 + i);
      g_autofree char *station = g_strdup_printf ("%s.AssociatedDevice.%u", wlan, captured_stations + 1 + i);
      g_autofree char *host = g_strdup_printf (IGD_LAN ".Hosts.Host.%u", captured_hosts + 1 + i);

      set_string (doc, station, "AssociatedDeviceMACAddress", mac, informed);
      set_string (doc, station, "AssociatedDeviceIPAddress", ip, informed);
      set_number (doc, station, "X_HW_RSSI", (gint64)crowd[i].rcpi / 2 - 110, "xsd:int", informed);
      set_number (doc, station, "X_HW_Noise", -62, "xsd:int", informed);

      set_string (doc, host, "HostName", crowd[i].name, informed);
      set_string (doc, host, "IPAddress", ip, informed);
      set_string (doc, host, "MACAddress", mac, informed);
      set_string (doc, host, "Layer2Interface", wlan, informed);
      set_string (doc, host, "AddressSource", "DHCP", informed);
      set_boolean (doc, host, "Active", TRUE, informed);
    }

  set_number (doc, wlan, "TotalAssociations", captured_stations + CONGESTED_STATIONS, "xsd:unsignedInt", informed);
  set_number (doc, IGD_LAN ".Hosts.HostNumberOfEntries", NULL, captured_hosts + CONGESTED_STATIONS,
              "xsd:unsignedInt", informed);
}

/*
 * Public API
 */

OpsDemoDeviceVariant
ops_demo_device_variant (const char *device_id)
{
  const char *serial;
  guint model;
  guint32 h;

  g_return_val_if_fail (device_id != NULL, OPS_DEMO_DEVICE_HEALTHY);

  for (guint i = 0; i < G_N_ELEMENTS (pinned); i++)
    if (g_str_equal (pinned[i].device_id, device_id))
      return pinned[i].variant;

  if (!parse_id (device_id, &model, &serial))
    return OPS_DEMO_DEVICE_HEALTHY;

  h = hash (device_id, 0);
  if (h % 100 < 60)
    return OPS_DEMO_DEVICE_HEALTHY;
  if (models[model].tr181)
    return tr181_troubles[(h / 100) % G_N_ELEMENTS (tr181_troubles)];
  return tr098_troubles[(h / 100) % G_N_ELEMENTS (tr098_troubles)];
}

/**
 * ops_demo_device_document:
 * @now: the time the document is read at
 *
 * Returns: (transfer full): a document of its own, or %NULL with @error
 *   set for an id that is not a demo model's
 */
JsonObject *
ops_demo_device_document (const char  *device_id,
                          GDateTime   *now,
                          GError     **error)
{
  g_autofree char *informed = NULL;
  OpsDemoDeviceVariant variant;
  const char *serial;
  JsonObject *base;
  JsonObject *doc;
  guint model;

  g_return_val_if_fail (device_id != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  if (!parse_id (device_id, &model, &serial))
    {
      g_set_error (error, OPS_DEMO_DEVICE_ERROR, OPS_DEMO_DEVICE_ERROR_UNKNOWN,
                   "“%s” is not a demo device: the demo workspace serves only TP-Link XX230v "
                   "(%s…) and Huawei BM632w (%s…) units. Configure GenieACS to look up other devices.",
                   device_id, models[0].prefix, models[1].prefix);
      return NULL;
    }

  if (!(base = model_document (model, error)))
    return NULL;

  variant = ops_demo_device_variant (device_id);
  doc = copy_object (base);
  set_identity (doc, models[model].tr181, device_id, serial);
  informed = shift_times (doc, now, inform_age (device_id, variant));
  if (models[model].tr181)
    apply_tr181 (doc, device_id, variant, informed);
  else
    apply_tr098 (doc, device_id, variant, informed);

  return doc;
}

double
ops_demo_device_rx_dbm (const char *device_id)
{
  const char *serial;
  guint model;

  if (!parse_id (device_id, &model, &serial) || !models[model].tr181)
    return NAN;
  return tenth_microwatt_to_dbm (dbm_to_tenth_microwatt (nominal_rx_dbm (device_id,
                                                                         ops_demo_device_variant (device_id))));
}

/**
 * ops_demo_device_optical_history:
 * @today: the demo's today
 *
 * Flat (within ±0.3 dB) for a steady unit; for the drifting one, a slow
 * decline from −18 dBm, its baseline.
 *
 * Returns: (transfer full) (element-type OpsOpticalReading): the readings
 */
GPtrArray *
ops_demo_device_optical_history (const char *device_id,
                                 GDate      *today)
{
  GPtrArray *readings = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_optical_reading_free);
  OpsDemoDeviceVariant variant;
  double rx_now;
  guint last_day;
  guint32 h;

  g_return_val_if_fail (today != NULL && g_date_valid (today), readings);

  rx_now = ops_demo_device_rx_dbm (device_id);
  if (isnan (rx_now))
    return readings;

  variant = ops_demo_device_variant (device_id);
  /* An offline unit stopped reporting when it went off. */
  last_day = variant == OPS_DEMO_DEVICE_OFFLINE ? 3 : 1;
  h = hash (device_id, 7);

  for (guint i = 0; i < HISTORY_DAYS; i++)
    {
      OpsOpticalReading *reading = g_new0 (OpsOpticalReading, 1);
      GDate day = *today;
      double jitter = ((int)(hash (device_id, 300 + i) % 61) - 30) / 100.0;

      g_date_subtract_days (&day, last_day + HISTORY_DAYS - 1 - i);
      reading->taken_at = g_strdup_printf ("%04u-%02u-%02uT%02u:%02u:00.000Z",
                                           g_date_get_year (&day), g_date_get_month (&day), g_date_get_day (&day),
                                           8 + h % 10, (h >> 8) % 60);
      if (variant == OPS_DEMO_DEVICE_DRIFT)
        reading->rx_dbm = -18.0 + (rx_now + 0.4 + 18.0) * i / (HISTORY_DAYS - 1);
      else
        reading->rx_dbm = rx_now + jitter;
      reading->tx_dbm = tenth_microwatt_to_dbm (14880) + jitter / 3.0;   /* the capture's TXPower */
      g_ptr_array_add (readings, reading);
    }
  return readings;
}
