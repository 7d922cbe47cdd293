/* ops-device-summary-wifi.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Wi-Fi radios, mesh nodes, and the MAC → {node, band, signal, speed} map
 * of Wi-Fi clients the hosts part attaches hosts with: TR-181
 * MultiAP.APDevice.*.Radio.*.AP.*.AssociatedDevice (RCPI signal strengths),
 * then standard AccessPoint.*.AssociatedDevice for what MultiAP did not
 * give; TR-098 WLANConfiguration.*.AssociatedDevice (Huawei's X_HW_RSSI in
 * dBm and X_HW_TxRate in Mbit/s, else LastDataTransmitRate in kbit/s).
 *
 * Radio noise is in dBm; 0 is "no reading".  A positive value is taken as
 * the magnitude of a negative one (some firmware drops the sign).  Data
 * Elements noise and MultiAP signal strengths are RCPI (dBm = v/2 − 110),
 * Data Elements channel utilisation is 0–255.
 */

#define G_LOG_DOMAIN "OpsDeviceSummary"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-device-summary-private.h"

static const char *const band_suffixes[] = { "Band", "RFBand", "FrequencyBand" };

/*
 * Auxiliary methods
 */

static void
association_free (OpsWifiAssociation *association)
{
  g_free (association->node);
  g_free (association->name);
  g_free (association->ip);
  g_free (association);
}

static double
noise_to_dbm (double value)
{
  if (isnan (value) || value == 0)
    return NAN;
  if (value > 0)
    value = -value;
  return value < -150 ? NAN : value;
}

static gint
positive_int (double value,
              double limit)
{
  return value > 0 && value < limit ? (gint) value : -1;
}

static gboolean
is_backhaul (JsonObject *ap,
             const char *suffix)
{
  const char *name = NULL;
  g_autofree char *type = NULL;

  if (_ops_doc_vendor_leaf (ap, suffix, &name) == NULL)
    return FALSE;
  type = _ops_doc_string (ap, name);
  return type && g_ascii_strcasecmp (type, "Backhaul") == 0;
}

static char *
vendor_string (JsonObject *object,
               const char *suffix)
{
  const char *name = NULL;

  if (_ops_doc_vendor_leaf (object, suffix, &name) == NULL)
    return NULL;
  return _ops_doc_string (object, name);
}

static double
vendor_double (JsonObject *object,
               const char *suffix)
{
  const char *name = NULL;

  if (_ops_doc_vendor_leaf (object, suffix, &name) == NULL)
    return NAN;
  return _ops_doc_double (object, name);
}

static const char *
band_of (JsonObject *object)
{
  g_autofree char *band = _ops_doc_string (object, "OperatingFrequencyBand");
  const char *label = _ops_band_label (band);

  /* Vendor spellings: TP-Link X_TP_Band, Huawei X_HW_RFBand. */
  for (guint i = 0; label == NULL && i < G_N_ELEMENTS (band_suffixes); i++)
    {
      g_autofree char *vendor = vendor_string (object, band_suffixes[i]);

      label = _ops_band_label (vendor);
    }
  return label ? label : _ops_band_from_channel (_ops_doc_double (object, "Channel"));
}

static void
remember_path (OpsWifiScan *scan,
               char        *path,
               const char  *band)
{
  g_hash_table_replace (scan->wifi_paths, path, (gpointer) (band ? band : ""));
}

gboolean
_ops_wifi_reference (OpsWifiScan  *scan,
                     const char   *reference,
                     const char  **band)
{
  g_autofree char *path = NULL;
  char *dot;

  if (reference == NULL || *reference == '\0')
    return FALSE;
  path = g_strdup (reference);
  g_strstrip (path);
  while (*path)
    {
      gsize len = strlen (path);
      const char *found;

      while (len > 0 && path[len - 1] == '.')
        path[--len] = '\0';
      found = g_hash_table_lookup (scan->wifi_paths, path);
      if (found)
        {
          *band = *found ? found : NULL;
          return TRUE;
        }
      dot = strrchr (path, '.');
      if (dot == NULL)
        break;
      *dot = '\0';
    }
  return FALSE;
}

static void
add_association (OpsWifiScan        *scan,
                 const char         *mac_text,
                 OpsWifiAssociation *association)
{
  char *mac = _ops_mac_normalize (mac_text);
  OpsWifiAssociation *existing;

  if (mac == NULL || g_hash_table_contains (scan->node_macs, mac))
    {
      g_free (mac);
      association_free (association);
      return;
    }

  /* The same client seen twice (a stale entry on another node): keep the
   * active one, else the first. */
  existing = g_hash_table_lookup (scan->associations, mac);
  if (existing && (existing->active || !association->active))
    {
      g_free (mac);
      association_free (association);
      return;
    }
  g_hash_table_replace (scan->associations, mac, association);
}

/*
 * Mesh (TR-181 MultiAP)
 */

static char *
node_name (JsonObject *ap_device,
           guint       index)
{
  char *name = vendor_string (ap_device, "HostName");

  if (name == NULL)
    name = vendor_string (ap_device, "ModelName");
  if (name == NULL)
    name = _ops_doc_string (ap_device, "MACAddress");
  if (name == NULL)
    name = g_strdup_printf ("APDevice %u", index);
  return name;
}

static gboolean
has_no_backhaul (JsonObject *ap_device)
{
  g_autofree char *link = _ops_doc_string (ap_device, "BackhaulLinkType");
  g_autofree char *mac = _ops_doc_string (ap_device, "BackhaulMACAddress");

  return (link == NULL || g_ascii_strcasecmp (link, "None") == 0 || g_ascii_strcasecmp (link, "NULL") == 0) &&
         mac == NULL;
}

static gint
find_root (GArray *ap_devices)
{
  for (guint i = 0; i < ap_devices->len; i++)
    {
      JsonObject *device = g_array_index (ap_devices, OpsDocInstance, i).object;
      const char *name = NULL;

      if (_ops_doc_vendor_leaf (device, "IsController", &name) && _ops_doc_boolean (device, name, FALSE))
        return (gint) i;
    }
  for (guint i = 0; i < ap_devices->len; i++)
    if (has_no_backhaul (g_array_index (ap_devices, OpsDocInstance, i).object))
      return (gint) i;
  return ap_devices->len > 0 ? 0 : -1;
}

static char *
backhaul_label (JsonObject *ap_device)
{
  g_autofree char *link = _ops_doc_string (ap_device, "BackhaulLinkType");
  g_autofree char *lower = link ? g_ascii_strdown (link, -1) : NULL;

  if (lower == NULL || g_str_equal (lower, "none") || g_str_equal (lower, "null"))
    return NULL;
  if (strstr (lower, "wi-fi") || strstr (lower, "wifi") || strstr (lower, "wireless") || strstr (lower, "wlan"))
    return g_strdup ("Wi-Fi");
  if (strstr (lower, "ethernet") || strstr (lower, "wired") || strstr (lower, "eth"))
    return g_strdup ("Ethernet");
  if (strstr (lower, "moca"))
    return g_strdup ("MoCA");
  return g_steal_pointer (&link);
}

/* The Data Elements entry of the device with this MAC address. */
static JsonObject *
data_elements_device (OpsWifiScan *scan,
                      const char  *mac,
                      guint       *index)
{
  JsonObject *network = _ops_doc_child (_ops_doc_child (scan->wifi, "DataElements"), "Network");
  g_autoptr(GArray) devices = _ops_doc_instances (_ops_doc_child (network, "Device"));

  for (guint i = 0; mac && i < devices->len; i++)
    {
      OpsDocInstance *device = &g_array_index (devices, OpsDocInstance, i);
      g_autofree char *id = _ops_doc_string (device->object, "ID");
      g_autofree char *normalized = _ops_mac_normalize (id);

      if (normalized && g_str_equal (normalized, mac))
        {
          *index = device->index;
          return device->object;
        }
    }
  return NULL;
}

static void
backhaul_utilization (OpsWifiScan *scan,
                      OpsMeshNode *node,
                      JsonObject  *ap_device,
                      const char  *path)
{
  double link = _ops_doc_double (ap_device, "BackhaulLinkUtilization");
  g_autofree char *link_path = g_strdup_printf ("%s.BackhaulLinkUtilization", path);
  JsonObject *device;
  g_autoptr(GArray) radios = NULL;
  guint device_index = 0;

  if (link > 0 && link <= 100)
    {
      node->backhaul_utilization = link;
      _ops_source_set (&node->utilization_source, link_path,
                       _ops_doc_timestamp (ap_device, "BackhaulLinkUtilization"));
      return;
    }

  /* Data Elements: the radio whose backhaul station is connected. */
  device = data_elements_device (scan, node->mac, &device_index);
  radios = _ops_doc_instances (_ops_doc_child (device, "Radio"));
  for (guint i = 0; i < radios->len; i++)
    {
      OpsDocInstance *radio = &g_array_index (radios, OpsDocInstance, i);
      JsonObject *station = _ops_doc_child (radio->object, "BackhaulSta");
      g_autofree char *station_mac = _ops_doc_string (station, "MACAddress");
      g_autofree char *radio_path = NULL;
      const char *name = NULL;
      double value;

      if (station_mac == NULL)
        continue;
      radio_path = g_strdup_printf ("Device.WiFi.DataElements.Network.Device.%u.Radio.%u",
                                    device_index, radio->index);
      value = vendor_double (station, "Utilization");
      if (value > 0 && value <= 100 && _ops_doc_vendor_leaf (station, "Utilization", &name))
        {
          g_autofree char *leaf = g_strdup_printf ("%s.BackhaulSta.%s", radio_path, name);

          node->backhaul_utilization = value;
          _ops_source_set (&node->utilization_source, leaf, _ops_doc_timestamp (station, name));
          return;
        }
      value = _ops_doc_double (radio->object, "Utilization");
      if (value > 0 && value <= 255)
        {
          g_autofree char *leaf = g_strdup_printf ("%s.Utilization", radio_path);

          node->backhaul_utilization = value * 100.0 / 255.0;
          _ops_source_set (&node->utilization_source, leaf, _ops_doc_timestamp (radio->object, "Utilization"));
          return;
        }
    }

  if (link == 0)
    {
      node->backhaul_utilization = 0;
      _ops_source_set (&node->utilization_source, link_path,
                       _ops_doc_timestamp (ap_device, "BackhaulLinkUtilization"));
    }
}

/* Clients of one MultiAP device, added to the host map. */
static gint
scan_node_clients (OpsWifiScan *scan,
                   JsonObject  *ap_device,
                   const char  *name)
{
  g_autoptr(GArray) radios = _ops_doc_instances (_ops_doc_child (ap_device, "Radio"));
  gint clients = 0;

  for (guint i = 0; i < radios->len; i++)
    {
      JsonObject *radio = g_array_index (radios, OpsDocInstance, i).object;
      const char *band = band_of (radio);
      g_autoptr(GArray) aps = _ops_doc_instances (_ops_doc_child (radio, "AP"));

      for (guint j = 0; j < aps->len; j++)
        {
          JsonObject *ap = g_array_index (aps, OpsDocInstance, j).object;
          g_autoptr(GArray) stations = NULL;

          if (is_backhaul (ap, "Type"))
            continue;
          stations = _ops_doc_instances (_ops_doc_child (ap, "AssociatedDevice"));
          for (guint k = 0; k < stations->len; k++)
            {
              JsonObject *station = g_array_index (stations, OpsDocInstance, k).object;
              g_autofree char *mac_text = _ops_doc_string (station, "MACAddress");
              g_autofree char *mac = _ops_mac_normalize (mac_text);
              OpsWifiAssociation *association;
              double rate;

              if (mac == NULL || g_hash_table_contains (scan->node_macs, mac))
                continue;
              clients++;

              association = g_new0 (OpsWifiAssociation, 1);
              association->node = g_strdup (name);
              association->band = band;
              association->signal_dbm = ops_wifi_rcpi_to_dbm (_ops_doc_double (station, "SignalStrength"));
              rate = _ops_doc_double (station, "LastDataDownlinkRate");
              association->speed_mbps = positive_int (rate / 1000.0, 1e6);
              association->active = _ops_doc_boolean (station, "Active", TRUE);
              association->name = vendor_string (station, "HostName");
              association->ip = vendor_string (station, "IPAddress");
              add_association (scan, mac, association);
            }
        }
    }
  return clients;
}

static void
summarize_mesh (OpsWifiScan *scan)
{
  JsonObject *multi_ap = _ops_doc_child (scan->wifi, "MultiAP");

  scan->ap_devices = _ops_doc_instances (_ops_doc_child (multi_ap, "APDevice"));
  scan->root = find_root (scan->ap_devices);

  for (guint i = 0; i < scan->ap_devices->len; i++)
    {
      JsonObject *device = g_array_index (scan->ap_devices, OpsDocInstance, i).object;
      g_autofree char *mac = _ops_doc_string (device, "MACAddress");
      g_autofree char *backhaul_mac = _ops_doc_string (device, "BackhaulMACAddress");
      char *normalized = _ops_mac_normalize (mac);

      if (normalized)
        g_hash_table_add (scan->node_macs, normalized);
      normalized = _ops_mac_normalize (backhaul_mac);
      if (normalized)
        g_hash_table_add (scan->node_macs, normalized);
    }

  /* Root first, then the satellites in the device's order. */
  for (gint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < scan->ap_devices->len; i++)
      {
        OpsDocInstance *instance = &g_array_index (scan->ap_devices, OpsDocInstance, i);
        g_autofree char *path = NULL;
        g_autofree char *mac = NULL;
        OpsMeshNode *node;
        gboolean is_root = (gint) i == scan->root;

        if ((pass == 0) != is_root)
          continue;

        path = g_strdup_printf ("Device.WiFi.MultiAP.APDevice.%u", instance->index);
        mac = _ops_doc_string (instance->object, "MACAddress");
        node = g_new0 (OpsMeshNode, 1);
        node->name = node_name (instance->object, instance->index);
        node->mac = _ops_mac_normalize (mac);
        node->is_root = is_root;
        node->backhaul_utilization = NAN;
        node->backhaul_signal_dbm = NAN;
        if (!is_root)
          {
            node->backhaul = backhaul_label (instance->object);
            node->backhaul_signal_dbm = ops_wifi_rcpi_to_dbm (_ops_doc_double (instance->object,
                                                                              "BackhaulSignalStrength"));
            backhaul_utilization (scan, node, instance->object, path);
          }
        node->clients = scan_node_clients (scan, instance->object, node->name);
        g_ptr_array_add (scan->summary->mesh, node);
      }
}

/*
 * Radios
 */

static gint
count_stations (JsonObject *ap)
{
  JsonObject *stations = _ops_doc_child (ap, "AssociatedDevice");
  double entries;

  if (stations)
    {
      g_autoptr(GArray) instances = _ops_doc_instances (stations);

      return (gint) instances->len;
    }
  entries = _ops_doc_double (ap, "AssociatedDeviceNumberOfEntries");
  return entries >= 0 && entries < 10000 ? (gint) entries : -1;
}

/* Clients of the root MultiAP device on one band, -1 when it says nothing. */
static gint
root_clients_on_band (OpsWifiScan *scan,
                      const char  *band)
{
  JsonObject *root;
  g_autoptr(GArray) radios = NULL;
  gint clients = -1;

  if (scan->root < 0 || band == NULL)
    return -1;
  root = g_array_index (scan->ap_devices, OpsDocInstance, scan->root).object;
  radios = _ops_doc_instances (_ops_doc_child (root, "Radio"));
  for (guint i = 0; i < radios->len; i++)
    {
      JsonObject *radio = g_array_index (radios, OpsDocInstance, i).object;
      g_autoptr(GArray) aps = NULL;

      if (g_strcmp0 (band_of (radio), band) != 0)
        continue;
      aps = _ops_doc_instances (_ops_doc_child (radio, "AP"));
      for (guint j = 0; j < aps->len; j++)
        {
          JsonObject *ap = g_array_index (aps, OpsDocInstance, j).object;
          g_autoptr(GArray) stations = NULL;
          gint count = 0;

          if (is_backhaul (ap, "Type"))
            continue;
          stations = _ops_doc_instances (_ops_doc_child (ap, "AssociatedDevice"));
          for (guint k = 0; k < stations->len; k++)
            {
              g_autofree char *mac = _ops_doc_string (g_array_index (stations, OpsDocInstance, k).object,
                                                      "MACAddress");
              g_autofree char *normalized = _ops_mac_normalize (mac);

              if (normalized && !g_hash_table_contains (scan->node_macs, normalized))
                count++;
            }
          clients = MAX (clients, 0) + count;
        }
    }
  return clients;
}

/* Data Elements noise of the root's radio on this band (RCPI). */
static double
data_elements_noise (OpsWifiScan *scan,
                     const char  *band,
                     OpsSource   *source)
{
  OpsMeshNode *root = scan->summary->mesh->len > 0 ? g_ptr_array_index (scan->summary->mesh, 0) : NULL;
  JsonObject *device;
  g_autoptr(GArray) radios = NULL;
  guint device_index = 0;

  if (root == NULL || !root->is_root || band == NULL)
    return NAN;
  device = data_elements_device (scan, root->mac, &device_index);
  radios = _ops_doc_instances (_ops_doc_child (device, "Radio"));
  for (guint i = 0; i < radios->len; i++)
    {
      OpsDocInstance *radio = &g_array_index (radios, OpsDocInstance, i);
      g_autofree char *radio_band = vendor_string (radio->object, "Band");
      double noise;

      if (g_strcmp0 (_ops_band_label (radio_band), band) != 0)
        continue;
      noise = ops_wifi_rcpi_to_dbm (_ops_doc_double (radio->object, "Noise"));
      if (!isnan (noise))
        {
          g_autofree char *path = g_strdup_printf ("Device.WiFi.DataElements.Network.Device.%u.Radio.%u.Noise",
                                                   device_index, radio->index);

          _ops_source_set (source, path, _ops_doc_timestamp (radio->object, "Noise"));
          return noise;
        }
    }
  return NAN;
}

static void
radios_tr181 (OpsWifiScan *scan)
{
  g_autoptr(GArray) radios = _ops_doc_instances (_ops_doc_child (scan->wifi, "Radio"));
  g_autoptr(GArray) ssids = _ops_doc_instances (_ops_doc_child (scan->wifi, "SSID"));
  g_autoptr(GArray) aps = _ops_doc_instances (_ops_doc_child (scan->wifi, "AccessPoint"));

  for (guint i = 0; i < radios->len; i++)
    {
      OpsDocInstance *instance = &g_array_index (radios, OpsDocInstance, i);
      g_autofree char *path = g_strdup_printf ("Device.WiFi.Radio.%u", instance->index);
      g_autofree char *status = _ops_doc_string (instance->object, "Status");
      JsonObject *stats = _ops_doc_child (instance->object, "Stats");
      OpsWifiRadio *radio = g_new0 (OpsWifiRadio, 1);
      const char *band = band_of (instance->object);
      gint standard_clients = -1;

      radio->band = g_strdup (band);
      radio->channel = positive_int (_ops_doc_double (instance->object, "Channel"), 1000);
      radio->enabled = _ops_doc_boolean (instance->object, "Enable",
                                         status && g_ascii_strcasecmp (status, "Up") == 0);
      radio->noise_dbm = noise_to_dbm (_ops_doc_double (stats, "Noise"));
      if (!isnan (radio->noise_dbm))
        {
          g_autofree char *leaf = g_strdup_printf ("%s.Stats.Noise", path);

          _ops_source_set (&radio->noise_source, leaf, _ops_doc_timestamp (stats, "Noise"));
        }
      else
        radio->noise_dbm = data_elements_noise (scan, band, &radio->noise_source);
      remember_path (scan, g_strdup (path), band);

      for (guint j = 0; j < ssids->len; j++)
        {
          OpsDocInstance *ssid = &g_array_index (ssids, OpsDocInstance, j);
          g_autofree char *lower = _ops_doc_string (ssid->object, "LowerLayers");
          g_autofree char *ssid_path = NULL;

          if (!_ops_reference_matches (lower, path))
            continue;
          ssid_path = g_strdup_printf ("Device.WiFi.SSID.%u", ssid->index);
          remember_path (scan, g_strdup (ssid_path), band);

          for (guint k = 0; k < aps->len; k++)
            {
              OpsDocInstance *ap = &g_array_index (aps, OpsDocInstance, k);
              g_autofree char *reference = _ops_doc_string (ap->object, "SSIDReference");
              gint count;

              if (!_ops_reference_matches (reference, ssid_path))
                continue;
              remember_path (scan, g_strdup_printf ("Device.WiFi.AccessPoint.%u", ap->index), band);
              if (is_backhaul (ap->object, "APType"))
                continue;
              count = count_stations (ap->object);
              if (count >= 0)
                standard_clients = MAX (standard_clients, 0) + count;
              if (radio->ssid == NULL && _ops_doc_boolean (ssid->object, "Enable", TRUE))
                radio->ssid = _ops_doc_string (ssid->object, "SSID");
            }
        }

      radio->clients = MAX (standard_clients, root_clients_on_band (scan, band));
      g_ptr_array_add (scan->summary->radios, radio);
    }
}

/* Standard AccessPoint associations the MultiAP data did not give. */
static void
associations_tr181 (OpsWifiScan *scan)
{
  g_autoptr(GArray) aps = _ops_doc_instances (_ops_doc_child (scan->wifi, "AccessPoint"));

  for (guint i = 0; i < aps->len; i++)
    {
      OpsDocInstance *ap = &g_array_index (aps, OpsDocInstance, i);
      g_autofree char *ap_path = g_strdup_printf ("Device.WiFi.AccessPoint.%u", ap->index);
      g_autoptr(GArray) stations = _ops_doc_instances (_ops_doc_child (ap->object, "AssociatedDevice"));
      const char *band = NULL;

      if (is_backhaul (ap->object, "APType"))
        continue;
      _ops_wifi_reference (scan, ap_path, &band);
      for (guint j = 0; j < stations->len; j++)
        {
          JsonObject *station = g_array_index (stations, OpsDocInstance, j).object;
          g_autofree char *mac = _ops_doc_string (station, "MACAddress");
          g_autofree char *normalized = _ops_mac_normalize (mac);
          double signal = _ops_doc_double (station, "SignalStrength");
          OpsWifiAssociation *association;

          /* MultiAP knows more (node, RCPI signal): it stays. */
          if (normalized == NULL || g_hash_table_contains (scan->associations, normalized))
            continue;
          association = g_new0 (OpsWifiAssociation, 1);
          association->node = g_strdup (scan->gateway_name);
          association->band = band;
          association->signal_dbm = signal < 0 && signal > -150 ? signal : NAN;
          association->speed_mbps = positive_int (_ops_doc_double (station, "LastDataDownlinkRate") / 1000.0, 1e6);
          association->active = _ops_doc_boolean (station, "Active", TRUE);
          add_association (scan, mac, association);
        }
    }
}

static const char *
wlan_band (JsonObject *wlan)
{
  const char *band = band_of (wlan);
  g_autofree char *standard = NULL;
  double used;

  if (band)
    return band;
  used = vendor_double (wlan, "ChannelUsed");
  band = _ops_band_from_channel (used);
  if (band)
    return band;

  /* "b/g/n" is 2.4 GHz; "a", "ac", "a/n/ac", "ax" without b or g is 5 GHz. */
  standard = _ops_doc_string (wlan, "Standard");
  if (standard == NULL)
    return NULL;
  if (strchr (standard, 'b') || strchr (standard, 'g'))
    return "2.4 GHz";
  if (strchr (standard, 'a'))
    return "5 GHz";
  return NULL;
}

static OpsWifiRadio *
radio_for_band (GPtrArray  *radios,
                const char *band)
{
  for (guint i = 0; band && i < radios->len; i++)
    {
      OpsWifiRadio *radio = g_ptr_array_index (radios, i);

      if (g_strcmp0 (radio->band, band) == 0)
        return radio;
    }
  return NULL;
}

static double
station_rssi (JsonObject *station)
{
  double rssi = vendor_double (station, "RSSI");

  if (isnan (rssi))
    rssi = _ops_doc_double (station, "SignalStrength");
  if (isnan (rssi) || rssi == 0)
    return NAN;
  if (rssi > 0)
    rssi = -rssi;
  return rssi < -150 ? NAN : rssi;
}

static gint
station_speed (JsonObject *station)
{
  /* Huawei's X_HW_TxRate is in Mbit/s, TR-098's LastDataTransmitRate in kbit/s. */
  gint speed = positive_int (vendor_double (station, "TxRate"), 1e5);

  if (speed < 0)
    speed = positive_int (_ops_doc_double (station, "LastDataTransmitRate") / 1000.0, 1e5);
  return speed;
}

/* One radio per band: several WLANConfiguration (main, guest) share it. */
static void
radios_tr098 (OpsWifiScan *scan)
{
  g_autoptr(GArray) lan_devices = _ops_doc_instances (_ops_doc_child (scan->context->root, "LANDevice"));

  for (guint i = 0; i < lan_devices->len; i++)
    {
      OpsDocInstance *lan = &g_array_index (lan_devices, OpsDocInstance, i);
      g_autoptr(GArray) wlans = _ops_doc_instances (_ops_doc_child (lan->object, "WLANConfiguration"));

      for (guint j = 0; j < wlans->len; j++)
        {
          OpsDocInstance *wlan = &g_array_index (wlans, OpsDocInstance, j);
          g_autofree char *path = g_strdup_printf ("InternetGatewayDevice.LANDevice.%u.WLANConfiguration.%u",
                                                   lan->index, wlan->index);
          g_autoptr(GArray) stations = _ops_doc_instances (_ops_doc_child (wlan->object, "AssociatedDevice"));
          const char *band = wlan_band (wlan->object);
          OpsWifiRadio *radio = radio_for_band (scan->summary->radios, band);
          gboolean enabled = _ops_doc_boolean (wlan->object, "Enable", TRUE);
          double total = _ops_doc_double (wlan->object, "TotalAssociations");
          gint clients = -1;
          gint channel = positive_int (vendor_double (wlan->object, "ChannelUsed"), 1000);
          const char *noise_name = NULL;
          double noise = NAN;
          gboolean radio_noise;
          OpsSource noise_source = { NULL, NULL };

          if (total >= 0 && total < 10000)
            clients = (gint) total;
          else if (_ops_doc_child (wlan->object, "AssociatedDevice"))
            clients = (gint) stations->len;

          if (channel < 0)
            channel = positive_int (_ops_doc_double (wlan->object, "Channel"), 1000);
          remember_path (scan, g_strdup (path), band);

          if (_ops_doc_vendor_leaf (wlan->object, "Noise", &noise_name))
            {
              g_autofree char *leaf = g_strdup_printf ("%s.%s", path, noise_name);

              noise = noise_to_dbm (_ops_doc_double (wlan->object, noise_name));
              if (!isnan (noise))
                _ops_source_set (&noise_source, leaf, _ops_doc_timestamp (wlan->object, noise_name));
            }
          radio_noise = !isnan (noise);

          for (guint k = 0; k < stations->len; k++)
            {
              OpsDocInstance *station = &g_array_index (stations, OpsDocInstance, k);
              g_autofree char *mac = _ops_doc_string (station->object, "AssociatedDeviceMACAddress");
              OpsWifiAssociation *association = g_new0 (OpsWifiAssociation, 1);
              const char *name = NULL;

              /* Without a radio figure, the worst noise a station reports. */
              if (!radio_noise && _ops_doc_vendor_leaf (station->object, "Noise", &name))
                {
                  double value = noise_to_dbm (_ops_doc_double (station->object, name));

                  if (!isnan (value) && (isnan (noise) || value > noise))
                    {
                      g_autofree char *leaf = g_strdup_printf ("%s.AssociatedDevice.%u.%s", path,
                                                               station->index, name);

                      noise = value;
                      _ops_source_set (&noise_source, leaf, _ops_doc_timestamp (station->object, name));
                    }
                }

              if (mac == NULL)
                mac = _ops_doc_string (station->object, "MACAddress");
              association->node = g_strdup (scan->gateway_name);
              association->band = band;
              association->signal_dbm = station_rssi (station->object);
              association->speed_mbps = station_speed (station->object);
              association->active = _ops_doc_boolean (station->object, "Active", TRUE);
              add_association (scan, mac, association);
            }

          if (radio == NULL)
            {
              radio = g_new0 (OpsWifiRadio, 1);
              radio->band = g_strdup (band);
              radio->channel = channel;
              radio->enabled = enabled;
              radio->clients = clients;
              radio->noise_dbm = noise;
              radio->noise_source = noise_source;
              radio->ssid = enabled ? _ops_doc_string (wlan->object, "SSID") : NULL;
              g_ptr_array_add (scan->summary->radios, radio);
              continue;
            }

          /* The first enabled configuration of a band speaks for its radio. */
          if (enabled && !radio->enabled)
            {
              radio->channel = channel >= 0 ? channel : radio->channel;
              g_free (radio->ssid);
              radio->ssid = _ops_doc_string (wlan->object, "SSID");
            }
          radio->enabled |= enabled;
          if (clients >= 0)
            radio->clients = MAX (radio->clients, 0) + clients;
          if (!isnan (noise) && (isnan (radio->noise_dbm) || noise > radio->noise_dbm))
            {
              radio->noise_dbm = noise;
              g_free (radio->noise_source.path);
              g_free (radio->noise_source.timestamp);
              radio->noise_source = noise_source;
            }
          else
            {
              g_free (noise_source.path);
              g_free (noise_source.timestamp);
            }
        }
    }
}

/*
 * Entry point
 */

void
_ops_summary_wifi (OpsDeviceSummary  *summary,
                   OpsSummaryContext *context)
{
  OpsWifiScan scan = { 0 };

  scan.summary = summary;
  scan.context = context;
  scan.root = -1;
  scan.node_macs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan.associations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) association_free);
  scan.wifi_paths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (context->tr181)
    {
      scan.wifi = _ops_doc_child (context->root, "WiFi");
      summarize_mesh (&scan);
      scan.gateway_name = g_strdup (summary->mesh->len > 0 ? ((OpsMeshNode *) g_ptr_array_index (summary->mesh, 0))->name
                                                           : summary->model);
      radios_tr181 (&scan);
      associations_tr181 (&scan);
    }
  else
    {
      scan.ap_devices = g_array_new (FALSE, FALSE, sizeof (OpsDocInstance));
      scan.gateway_name = g_strdup (summary->model);
      radios_tr098 (&scan);
    }

  _ops_summary_hosts (&scan);

  g_array_unref (scan.ap_devices);
  g_hash_table_unref (scan.node_macs);
  g_hash_table_unref (scan.associations);
  g_hash_table_unref (scan.wifi_paths);
  g_free (scan.gateway_name);
}
