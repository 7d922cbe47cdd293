/* ops-device-summary-network.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * IP addresses by role, and Ethernet ports.
 *
 * Roles come from what the device says about each WAN: its name and the
 * vendor service lists (TP-Link X_TP_ServiceType "Internet,TR069", Huawei
 * X_HUAWEI_ServiceList "INTERNET_TR069_VOICE", WAN names such as
 * "WAN1_INTERNET_TR069_VOICE_R"), the interface that carries the default
 * route (TR-181 Routing, TR-098 Layer3Forwarding), and the address the ACS
 * reaches for connection requests (management).  A WAN that says nothing
 * is the Internet one when no other is, a service one otherwise.
 */

#define G_LOG_DOMAIN "OpsDeviceSummary"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-device-summary-private.h"

typedef struct
{
  gboolean internet;
  gboolean management;
  gboolean service;
} Roles;

/*
 * Auxiliary methods
 */

static gboolean
usable_ip (const char *ip)
{
  return ip && *ip && !g_str_equal (ip, "0.0.0.0") && !g_str_has_prefix (ip, "127.") &&
         !g_str_equal (ip, "::") && !g_str_equal (ip, "::1");
}

static void
add_address (GPtrArray  *addresses,
             OpsIpRole   role,
             const char *ip,
             const char *interface,
             JsonObject *leaf_parent,
             const char *leaf_name,
             const char *leaf_path)
{
  OpsIpAddress *address = g_new0 (OpsIpAddress, 1);

  address->role = role;
  address->ip = g_strdup (ip);
  address->interface = g_strdup (interface);
  address->source.path = g_strdup (leaf_path);
  address->source.timestamp = _ops_doc_timestamp (leaf_parent, leaf_name);
  g_ptr_array_add (addresses, address);
}

static void
add_wan_address (GPtrArray   *addresses,
                 GPtrArray   *unclassified,
                 const Roles *roles,
                 const char  *ip,
                 const char  *interface,
                 JsonObject  *leaf_parent,
                 const char  *leaf_name,
                 const char  *leaf_path)
{
  if (roles->internet)
    add_address (addresses, OPS_IP_ROLE_INTERNET, ip, interface, leaf_parent, leaf_name, leaf_path);
  if (roles->management)
    add_address (addresses, OPS_IP_ROLE_MANAGEMENT, ip, interface, leaf_parent, leaf_name, leaf_path);
  if (roles->service)
    add_address (addresses, OPS_IP_ROLE_SERVICE, ip, interface, leaf_parent, leaf_name, leaf_path);
  if (!roles->internet && !roles->management && !roles->service)
    add_address (unclassified, OPS_IP_ROLE_SERVICE, ip, interface, leaf_parent, leaf_name, leaf_path);
}

/* The words a device uses to say what a connection is for. */
static void
roles_from_hints (Roles      *roles,
                  const char *hints)
{
  if (_ops_hint_has (hints, "INTERNET"))
    roles->internet = TRUE;
  if (_ops_hint_has (hints, "TR069") || _ops_hint_has (hints, "MANAGEMENT") ||
      _ops_hint_has (hints, "MGMT") || _ops_hint_has (hints, "ACS") || _ops_hint_has (hints, "CWMP"))
    roles->management = TRUE;
  if (_ops_hint_has (hints, "VOIP") || _ops_hint_has (hints, "VOICE") || _ops_hint_has (hints, "IPTV") ||
      _ops_hint_has (hints, "SIP") || _ops_hint_has (hints, "OTHER") ||
      _ops_hint_has (hints, "MULTICAST"))
    roles->service = TRUE;
}

/* Name, alias and the vendor's service or connection-type members. */
static char *
collect_hints (JsonObject *object,
               gboolean   *lan)
{
  GString *hints = g_string_new (NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &node))
    {
      g_autofree char *value = NULL;
      gboolean vendor = g_str_has_prefix (name, "X_");

      if (!(g_str_equal (name, "Name") || g_str_equal (name, "Alias") ||
            (vendor && (strstr (name, "Service") || strstr (name, "ConnType") || strstr (name, "ConnName") ||
                        strstr (name, "ConnectionType") || strstr (name, "WanType")))))
        continue;
      value = _ops_doc_string (object, name);
      if (value == NULL)
        continue;
      if (vendor && strstr (name, "ConnType") && g_ascii_strcasecmp (value, "LAN") == 0)
        *lan = TRUE;
      g_string_append (hints, value);
      g_string_append_c (hints, ' ');
    }
  return g_string_free (hints, FALSE);
}

static gboolean
is_default_route (JsonObject *route)
{
  g_autofree char *destination = _ops_doc_string (route, "DestIPAddress");
  g_autofree char *mask = _ops_doc_string (route, "DestSubnetMask");
  g_autofree char *status = _ops_doc_string (route, "Status");

  if (destination && !g_str_equal (destination, "0.0.0.0"))
    return FALSE;
  if (mask && !g_str_equal (mask, "0.0.0.0"))
    return FALSE;
  if (!_ops_doc_boolean (route, "Enable", TRUE))
    return FALSE;
  return status == NULL || g_ascii_strcasecmp (status, "Enabled") == 0;
}

static GPtrArray *
default_route_interfaces (JsonObject *root)
{
  GPtrArray *interfaces = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) routers = _ops_doc_instances (_ops_doc_child (_ops_doc_child (root, "Routing"), "Router"));

  for (guint i = 0; i < routers->len; i++)
    {
      JsonObject *router = g_array_index (routers, OpsDocInstance, i).object;
      g_autoptr(GArray) routes = _ops_doc_instances (_ops_doc_child (router, "IPv4Forwarding"));

      for (guint j = 0; j < routes->len; j++)
        {
          JsonObject *route = g_array_index (routes, OpsDocInstance, j).object;
          char *interface = _ops_doc_string (route, "Interface");

          if (interface && is_default_route (route))
            g_ptr_array_add (interfaces, interface);
          else
            g_free (interface);
        }
    }
  return interfaces;
}

static gboolean
any_matches (GPtrArray  *references,
             const char *path)
{
  for (guint i = 0; i < references->len; i++)
    if (_ops_reference_matches (g_ptr_array_index (references, i), path))
      return TRUE;
  return FALSE;
}

static gboolean
is_down (const char *status)
{
  return status && (g_ascii_strcasecmp (status, "Down") == 0 || g_ascii_strcasecmp (status, "LowerLayerDown") == 0 ||
                    g_ascii_strcasecmp (status, "NotPresent") == 0 || g_ascii_strcasecmp (status, "Error") == 0 ||
                    g_ascii_strcasecmp (status, "Disabled") == 0);
}

static void
addresses_tr181 (GPtrArray         *addresses,
                 GPtrArray         *unclassified,
                 OpsSummaryContext *context)
{
  g_autoptr(GArray) interfaces = _ops_doc_instances (_ops_doc_child (_ops_doc_child (context->root, "IP"),
                                                                     "Interface"));
  g_autoptr(GPtrArray) default_routes = default_route_interfaces (context->root);

  for (guint i = 0; i < interfaces->len; i++)
    {
      OpsDocInstance *instance = &g_array_index (interfaces, OpsDocInstance, i);
      g_autofree char *path = g_strdup_printf ("Device.IP.Interface.%u", instance->index);
      g_autofree char *name = _ops_doc_string (instance->object, "Name");
      g_autofree char *status = _ops_doc_string (instance->object, "Status");
      g_autofree char *hints = NULL;
      g_autoptr(GArray) ipv4 = _ops_doc_instances (_ops_doc_child (instance->object, "IPv4Address"));
      gboolean lan = FALSE;
      Roles roles = { FALSE, FALSE, FALSE };

      if (is_down (status))
        continue;

      hints = collect_hints (instance->object, &lan);
      if (name && (g_ascii_strncasecmp (name, "br", 2) == 0 || g_ascii_strncasecmp (name, "lan", 3) == 0))
        lan = TRUE;
      if (!lan)
        {
          roles_from_hints (&roles, hints);
          if (any_matches (default_routes, path))
            roles.internet = TRUE;
        }

      for (guint j = 0; j < ipv4->len; j++)
        {
          OpsDocInstance *address = &g_array_index (ipv4, OpsDocInstance, j);
          g_autofree char *ip = _ops_doc_string (address->object, "IPAddress");
          g_autofree char *address_status = _ops_doc_string (address->object, "Status");
          g_autofree char *leaf_path = NULL;
          Roles these = roles;

          if (!usable_ip (ip) || is_down (address_status))
            continue;
          leaf_path = g_strdup_printf ("%s.IPv4Address.%u.IPAddress", path, address->index);
          if (lan)
            {
              add_address (addresses, OPS_IP_ROLE_LAN, ip, name, address->object, "IPAddress", leaf_path);
              continue;
            }
          if (context->management_host && g_str_equal (ip, context->management_host))
            these.management = TRUE;
          add_wan_address (addresses, unclassified, &these, ip, name, address->object, "IPAddress", leaf_path);
        }
    }
}

static void
addresses_tr098 (GPtrArray         *addresses,
                 GPtrArray         *unclassified,
                 OpsSummaryContext *context)
{
  static const char *const kinds[] = { "WANIPConnection", "WANPPPConnection" };
  g_autoptr(GArray) wan_devices = _ops_doc_instances (_ops_doc_child (context->root, "WANDevice"));
  g_autoptr(GArray) lan_devices = _ops_doc_instances (_ops_doc_child (context->root, "LANDevice"));
  g_autofree char *default_service = _ops_doc_string (_ops_doc_child (context->root, "Layer3Forwarding"),
                                                      "DefaultConnectionService");

  for (guint i = 0; i < wan_devices->len; i++)
    {
      OpsDocInstance *wan = &g_array_index (wan_devices, OpsDocInstance, i);
      g_autoptr(GArray) connection_devices = _ops_doc_instances (_ops_doc_child (wan->object, "WANConnectionDevice"));

      for (guint j = 0; j < connection_devices->len; j++)
        {
          OpsDocInstance *device = &g_array_index (connection_devices, OpsDocInstance, j);

          for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
            {
              g_autoptr(GArray) connections = _ops_doc_instances (_ops_doc_child (device->object, kinds[k]));

              for (guint l = 0; l < connections->len; l++)
                {
                  OpsDocInstance *connection = &g_array_index (connections, OpsDocInstance, l);
                  g_autofree char *path = g_strdup_printf ("InternetGatewayDevice.WANDevice.%u.WANConnectionDevice.%u.%s.%u",
                                                           wan->index, device->index, kinds[k], connection->index);
                  g_autofree char *ip = _ops_doc_string (connection->object, "ExternalIPAddress");
                  g_autofree char *status = _ops_doc_string (connection->object, "ConnectionStatus");
                  g_autofree char *name = _ops_doc_string (connection->object, "Name");
                  g_autofree char *hints = NULL;
                  g_autofree char *leaf_path = NULL;
                  gboolean lan = FALSE;
                  Roles roles = { FALSE, FALSE, FALSE };

                  if (!usable_ip (ip) || (status && g_ascii_strcasecmp (status, "Connected") != 0))
                    continue;

                  hints = collect_hints (connection->object, &lan);
                  roles_from_hints (&roles, hints);
                  if (_ops_reference_matches (default_service, path))
                    roles.internet = TRUE;
                  if (context->management_host && g_str_equal (ip, context->management_host))
                    roles.management = TRUE;
                  leaf_path = g_strdup_printf ("%s.ExternalIPAddress", path);
                  add_wan_address (addresses, unclassified, &roles, ip, name, connection->object,
                                   "ExternalIPAddress", leaf_path);
                }
            }
        }
    }

  for (guint i = 0; i < lan_devices->len; i++)
    {
      OpsDocInstance *lan = &g_array_index (lan_devices, OpsDocInstance, i);
      g_autoptr(GArray) ip_interfaces = _ops_doc_instances (_ops_doc_child (_ops_doc_child (lan->object,
                                                                                            "LANHostConfigManagement"),
                                                                            "IPInterface"));

      for (guint j = 0; j < ip_interfaces->len; j++)
        {
          OpsDocInstance *interface = &g_array_index (ip_interfaces, OpsDocInstance, j);
          g_autofree char *ip = _ops_doc_string (interface->object, "IPInterfaceIPAddress");
          g_autofree char *leaf_path = NULL;

          if (!usable_ip (ip))
            continue;
          leaf_path = g_strdup_printf ("InternetGatewayDevice.LANDevice.%u.LANHostConfigManagement.IPInterface.%u."
                                       "IPInterfaceIPAddress", lan->index, interface->index);
          add_address (addresses, OPS_IP_ROLE_LAN, ip, NULL, interface->object, "IPInterfaceIPAddress", leaf_path);
        }
    }
}

static gint
compare_roles (gconstpointer a,
               gconstpointer b)
{
  const OpsIpAddress *x = *(OpsIpAddress * const *) a;
  const OpsIpAddress *y = *(OpsIpAddress * const *) b;

  return (int) x->role - (int) y->role;
}

static gboolean
has_role (GPtrArray *addresses,
          OpsIpRole  role)
{
  for (guint i = 0; i < addresses->len; i++)
    if (((OpsIpAddress *) g_ptr_array_index (addresses, i))->role == role)
      return TRUE;
  return FALSE;
}

static void
summarize_addresses (OpsDeviceSummary  *summary,
                     OpsSummaryContext *context)
{
  g_autoptr(GPtrArray) unclassified = g_ptr_array_new ();
  gboolean internet;

  if (context->tr181)
    addresses_tr181 (summary->addresses, unclassified, context);
  else
    addresses_tr098 (summary->addresses, unclassified, context);

  internet = has_role (summary->addresses, OPS_IP_ROLE_INTERNET);
  for (guint i = 0; i < unclassified->len; i++)
    {
      OpsIpAddress *address = g_ptr_array_index (unclassified, i);

      address->role = internet ? OPS_IP_ROLE_SERVICE : OPS_IP_ROLE_INTERNET;
      g_ptr_array_add (summary->addresses, address);
    }

  /* Stable: by role, then in the device's order. */
  for (guint i = 1; i < summary->addresses->len; i++)
    for (guint j = i; j > 0 && compare_roles (&summary->addresses->pdata[j - 1], &summary->addresses->pdata[j]) > 0; j--)
      {
        gpointer swap = summary->addresses->pdata[j];

        summary->addresses->pdata[j] = summary->addresses->pdata[j - 1];
        summary->addresses->pdata[j - 1] = swap;
      }
}

static gint
port_speed (JsonObject *port,
            const char *status)
{
  double current = _ops_doc_double (port, "CurrentBitRate");
  double maximum;

  if (current > 0 && current < 1e6)
    return (gint) current;
  /* MaxBitRate is what the port is set to; a speed only when linked. */
  if (status == NULL || g_ascii_strcasecmp (status, "Up") != 0)
    return -1;
  maximum = _ops_doc_double (port, "MaxBitRate");
  return maximum > 0 && maximum < 1e6 ? (gint) maximum : -1;
}

static void
add_port (GPtrArray  *ports,
          JsonObject *object,
          char       *name)
{
  OpsEthernetPort *port = g_new0 (OpsEthernetPort, 1);

  port->name = name;
  port->status = _ops_doc_string (object, "Status");
  port->speed_mbps = port_speed (object, port->status);
  g_ptr_array_add (ports, port);
}

static void
summarize_ethernet (OpsDeviceSummary  *summary,
                    OpsSummaryContext *context)
{
  if (context->tr181)
    {
      g_autoptr(GArray) interfaces = _ops_doc_instances (_ops_doc_child (_ops_doc_child (context->root, "Ethernet"),
                                                                         "Interface"));

      for (guint i = 0; i < interfaces->len; i++)
        {
          OpsDocInstance *instance = &g_array_index (interfaces, OpsDocInstance, i);
          JsonObject *alias_leaf;
          const char *alias_name = NULL;
          char *name = NULL;

          if (!_ops_doc_boolean (instance->object, "Enable", TRUE))
            continue;
          /* TP-Link's X_TP_IfNameAlias is the label printed on the port. */
          alias_leaf = _ops_doc_vendor_leaf (instance->object, "IfNameAlias", &alias_name);
          if (alias_leaf)
            name = _ops_doc_string (instance->object, alias_name);
          if (name == NULL)
            {
              name = _ops_doc_string (instance->object, "Alias");
              if (name && g_str_has_prefix (name, "cpe-"))
                g_clear_pointer (&name, g_free);
            }
          if (name == NULL)
            name = _ops_doc_string (instance->object, "Name");
          if (name == NULL)
            name = g_strdup_printf ("Ethernet %u", instance->index);
          add_port (summary->ethernet, instance->object, name);
        }
    }
  else
    {
      g_autoptr(GArray) lan_devices = _ops_doc_instances (_ops_doc_child (context->root, "LANDevice"));

      for (guint i = 0; i < lan_devices->len; i++)
        {
          g_autoptr(GArray) ports = _ops_doc_instances (_ops_doc_child (g_array_index (lan_devices, OpsDocInstance, i).object,
                                                                        "LANEthernetInterfaceConfig"));

          for (guint j = 0; j < ports->len; j++)
            {
              OpsDocInstance *instance = &g_array_index (ports, OpsDocInstance, j);
              char *name;

              if (!_ops_doc_boolean (instance->object, "Enable", TRUE))
                continue;
              name = _ops_doc_string (instance->object, "Name");
              if (name == NULL)
                name = g_strdup_printf ("LAN%u", instance->index);
              add_port (summary->ethernet, instance->object, name);
            }
        }
    }
}

/*
 * Entry point
 */

void
_ops_summary_network (OpsDeviceSummary  *summary,
                      OpsSummaryContext *context)
{
  summarize_addresses (summary, context);
  summarize_ethernet (summary, context);
}
