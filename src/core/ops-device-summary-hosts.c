/* ops-device-summary-hosts.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hosts, attached to the mesh node they associate with: each Hosts.Host
 * goes through the MAC map the Wi-Fi part built; a host the map does not
 * know goes under the gateway when its interface reference names the
 * gateway's Wi-Fi (TR-098 Layer2Interface, TR-181 Layer1Interface), and
 * under no node ("Filaire / Autre") otherwise.  Wi-Fi clients missing from
 * the host table are listed too.  Sorted by node (root first, then the
 * satellites, the gateway of a device without mesh, and no node last),
 * then by name.
 */

#define G_LOG_DOMAIN "OpsDeviceSummary"

#include "config.h"

#include <math.h>

#include "ops-device-summary-private.h"

/*
 * Auxiliary methods
 */

static void
add_host (OpsWifiScan *scan,
          JsonObject  *entry,
          const char  *mac_name,
          const char  *reference_name)
{
  g_autofree char *mac_text = _ops_doc_string (entry, mac_name);
  g_autofree char *reference = reference_name ? _ops_doc_string (entry, reference_name) : NULL;
  g_autofree char *interface_type = _ops_doc_string (entry, "InterfaceType");
  OpsHost *host;
  OpsWifiAssociation *association;
  double lease;
  const char *band = NULL;

  host = g_new0 (OpsHost, 1);
  host->mac = _ops_mac_normalize (mac_text);
  host->name = _ops_doc_string (entry, "HostName");
  host->ip = _ops_doc_string (entry, "IPAddress");
  host->active = _ops_doc_boolean (entry, "Active", TRUE);
  host->signal_dbm = NAN;
  host->speed_mbps = -1;
  lease = _ops_doc_double (entry, "LeaseTimeRemaining");
  host->lease_seconds = lease >= 0 && lease < 1e10 ? (gint64) lease : -1;
  if (host->mac == NULL && mac_text)
    host->mac = g_strdup (mac_text);

  association = host->mac ? g_hash_table_lookup (scan->associations, host->mac) : NULL;
  if (association)
    {
      host->node = g_strdup (association->node);
      host->band = g_strdup (association->band);
      host->signal_dbm = association->signal_dbm;
      host->speed_mbps = association->speed_mbps;
      if (host->name == NULL)
        host->name = g_strdup (association->name);
      if (host->ip == NULL)
        host->ip = g_strdup (association->ip);
      g_hash_table_remove (scan->associations, host->mac);
    }
  else if (host->active &&
           (_ops_wifi_reference (scan, reference, &band) ||
            (interface_type && g_ascii_strcasecmp (interface_type, "802.11") == 0)))
    {
      /* The gateway's own Wi-Fi, named by the host's interface reference. */
      host->node = g_strdup (scan->gateway_name);
      host->band = g_strdup (band);
    }

  g_ptr_array_add (scan->summary->hosts, host);
}

static gint
node_rank (GPtrArray  *mesh,
           const char *node)
{
  if (node == NULL)
    return G_MAXINT;
  for (guint i = 0; i < mesh->len; i++)
    if (g_strcmp0 (((OpsMeshNode *) g_ptr_array_index (mesh, i))->name, node) == 0)
      return (gint) i;
  return (gint) mesh->len;
}

static gint
compare_hosts (gconstpointer a,
               gconstpointer b,
               gpointer      mesh)
{
  const OpsHost *x = *(OpsHost * const *) a;
  const OpsHost *y = *(OpsHost * const *) b;
  gint rank_x = node_rank (mesh, x->node);
  gint rank_y = node_rank (mesh, y->node);
  const char *name_x, *name_y;
  gint order;

  if (rank_x != rank_y)
    return rank_x < rank_y ? -1 : 1;
  order = g_strcmp0 (x->node, y->node);
  if (order != 0)
    return order;
  name_x = x->name ? x->name : "\xff";
  name_y = y->name ? y->name : "\xff";
  order = g_ascii_strcasecmp (name_x, name_y);
  return order != 0 ? order : g_strcmp0 (x->mac, y->mac);
}

/*
 * Entry point
 */

void
_ops_summary_hosts (OpsWifiScan *scan)
{
  GHashTableIter iter;
  gpointer key, value;

  if (scan->context->tr181)
    {
      g_autoptr(GArray) entries = _ops_doc_instances (_ops_doc_child (_ops_doc_child (scan->context->root, "Hosts"),
                                                                      "Host"));

      for (guint i = 0; i < entries->len; i++)
        {
          JsonObject *entry = g_array_index (entries, OpsDocInstance, i).object;
          g_autofree char *layer1 = _ops_doc_string (entry, "Layer1Interface");

          add_host (scan, entry, "PhysAddress", layer1 ? "Layer1Interface" : "AssociatedDevice");
        }
    }
  else
    {
      g_autoptr(GArray) lan_devices = _ops_doc_instances (_ops_doc_child (scan->context->root, "LANDevice"));

      for (guint i = 0; i < lan_devices->len; i++)
        {
          JsonObject *lan = g_array_index (lan_devices, OpsDocInstance, i).object;
          g_autoptr(GArray) entries = _ops_doc_instances (_ops_doc_child (_ops_doc_child (lan, "Hosts"), "Host"));

          for (guint j = 0; j < entries->len; j++)
            add_host (scan, g_array_index (entries, OpsDocInstance, j).object, "MACAddress", "Layer2Interface");
        }
    }

  /* Wi-Fi clients missing from the host table are hosts too. */
  g_hash_table_iter_init (&iter, scan->associations);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      OpsWifiAssociation *association = value;
      OpsHost *host = g_new0 (OpsHost, 1);

      host->mac = g_strdup (key);
      host->name = g_strdup (association->name);
      host->ip = g_strdup (association->ip);
      host->node = g_strdup (association->node);
      host->band = g_strdup (association->band);
      host->signal_dbm = association->signal_dbm;
      host->speed_mbps = association->speed_mbps;
      host->active = association->active;
      host->lease_seconds = -1;
      g_ptr_array_add (scan->summary->hosts, host);
    }

  g_ptr_array_sort_with_data (scan->summary->hosts, compare_hosts, scan->summary->mesh);
}
