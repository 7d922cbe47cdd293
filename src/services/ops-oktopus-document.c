/* ops-oktopus-document.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * USP get results as a GenieACS-shaped device document, so that the one
 * summariser reads devices of either controller: "_id" and "_deviceId"
 * (the serial, and the manufacturer, OUI and product class when the
 * results have them), "_lastInform" = now (the device just answered), and
 * the data model as objects ({"_object": true, "_timestamp"}) and leaves
 * ({"_object": false, "_value", "_timestamp"}).  Values stay the strings
 * USP gives: the document has no "_type" to trust.
 */

#define G_LOG_DOMAIN "ops-oktopus"

#include "config.h"

#include "ops-oktopus-private.h"

/*
 * Auxiliary methods
 */

static char *
format_timestamp (GDateTime *now)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (now);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

/* The object called name in parent, created when missing; NULL when
 * name is a parameter there. */
static JsonObject *
ensure_object (JsonObject *parent,
               const char *name,
               const char *timestamp)
{
  JsonObject *child = _ops_oktopus_object_member (parent, name);

  if (child != NULL)
    return json_object_get_boolean_member_with_default (child, "_object", TRUE) ? child : NULL;
  if (json_object_has_member (parent, name))
    return NULL;

  child = json_object_new ();
  json_object_set_boolean_member (child, "_object", TRUE);
  json_object_set_string_member (child, "_timestamp", timestamp);
  json_object_set_object_member (parent, name, child);

  return child;
}

/* Adds the object at path ("Device.WiFi.Radio.1.") and its parents. */
static void
add_object (JsonObject *doc,
            const char *path,
            const char *timestamp)
{
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  JsonObject *parent = doc;

  for (guint i = 0; segments[i] != NULL && segments[i][0] != '\0' && parent != NULL; i++)
    parent = segments[i][0] == '_' ? NULL : ensure_object (parent, segments[i], timestamp);
}

/* Adds path (absolute, e.g. "Device.WiFi.Radio.1.Stats.Noise") with value
 * to the document; objects along the way are created. */
static void
add_parameter (JsonObject *doc,
               const char *path,
               JsonNode   *value,
               const char *timestamp)
{
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  g_autofree char *text = NULL;
  guint count = g_strv_length (segments);
  JsonObject *parent = doc;
  JsonObject *leaf;

  if (count < 2 || segments[count - 1][0] == '\0')
    {
      g_debug ("Ignoring the USP result %s: not a parameter path", path);
      return;
    }

  for (guint i = 0; i < count; i++)
    if (segments[i][0] == '\0' || segments[i][0] == '_')
      {
        g_debug ("Ignoring the USP result %s: unexpected path", path);
        return;
      }

  for (guint i = 0; i + 1 < count; i++)
    {
      parent = ensure_object (parent, segments[i], timestamp);
      if (parent == NULL)
        {
          g_debug ("Ignoring the USP result %s: %s is a parameter", path, segments[i]);
          return;
        }
    }

  if (_ops_oktopus_object_member (parent, segments[count - 1]) != NULL)
    {
      g_debug ("Ignoring the USP result %s: it is an object", path);
      return;
    }

  text = _ops_oktopus_value_text (value);
  leaf = json_object_new ();
  json_object_set_boolean_member (leaf, "_object", FALSE);
  json_object_set_string_member (leaf, "_value", text);
  json_object_set_string_member (leaf, "_timestamp", timestamp);
  json_object_set_object_member (parent, segments[count - 1], leaf);
}

/* The value of a parameter already in the document, or NULL. */
static const char *
document_value (JsonObject *doc,
                const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  JsonObject *node = doc;

  for (guint i = 0; segments[i] != NULL && node != NULL; i++)
    node = _ops_oktopus_object_member (node, segments[i]);

  return _ops_oktopus_string_member (node, "_value");
}

static void
fill_device_id (JsonObject *doc,
                JsonObject *device_id,
                const char *serial)
{
  static const struct { const char *key; const char *path; } fields[] = {
    { "_Manufacturer", "Device.DeviceInfo.Manufacturer" },
    { "_OUI", "Device.DeviceInfo.ManufacturerOUI" },
    { "_ProductClass", "Device.DeviceInfo.ProductClass" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *value = document_value (doc, fields[i].path);

      if (value != NULL)
        json_object_set_string_member (device_id, fields[i].key, value);
    }
  json_object_set_string_member (device_id, "_SerialNumber", serial);
}

/*
 * Shared helpers
 */

const char *
_ops_oktopus_string_member (JsonObject *object,
                            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

JsonObject *
_ops_oktopus_object_member (JsonObject *object,
                            const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  return json_node_get_object (node);
}

JsonArray *
_ops_oktopus_array_member (JsonObject *object,
                           const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

char *
_ops_oktopus_value_text (JsonNode *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));

  return json_to_string (node, FALSE);
}

/*
 * Public API
 */

JsonObject *
ops_usp_get_response_to_document (JsonObject *response,
                                  const char *serial,
                                  GDateTime  *now)
{
  g_autofree char *timestamp = NULL;
  JsonObject *device_id;
  JsonObject *doc;
  JsonArray *results;

  g_return_val_if_fail (response != NULL, NULL);
  g_return_val_if_fail (serial != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);

  timestamp = format_timestamp (now);

  doc = json_object_new ();
  device_id = json_object_new ();
  json_object_set_string_member (doc, "_id", serial);
  json_object_set_object_member (doc, "_deviceId", device_id);
  json_object_set_string_member (doc, "_lastInform", timestamp);

  results = _ops_oktopus_array_member (response, "req_path_results");
  for (guint i = 0; results != NULL && i < json_array_get_length (results); i++)
    {
      JsonNode *element = json_array_get_element (results, i);
      JsonObject *result = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      JsonArray *resolved;

      if (result == NULL || json_object_get_int_member_with_default (result, "err_code", 0) != 0)
        continue;

      resolved = _ops_oktopus_array_member (result, "resolved_path_results");
      for (guint j = 0; resolved != NULL && j < json_array_get_length (resolved); j++)
        {
          JsonNode *item = json_array_get_element (resolved, j);
          JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
          const char *base = _ops_oktopus_string_member (object, "resolved_path");
          JsonObject *params = _ops_oktopus_object_member (object, "result_params");
          JsonObjectIter iter;
          const char *name;
          JsonNode *value;

          if (base == NULL)
            continue;

          /* An object with no parameters still exists. */
          if (g_str_has_suffix (base, "."))
            add_object (doc, base, timestamp);
          if (params == NULL)
            continue;

          json_object_iter_init_ordered (&iter, params);
          while (json_object_iter_next_ordered (&iter, &name, &value))
            {
              g_autofree char *full = g_str_has_suffix (base, ".")
                                        ? g_strconcat (base, name, NULL)
                                        : g_strconcat (base, ".", name, NULL);

              add_parameter (doc, full, value, timestamp);
            }
        }
    }

  fill_device_id (doc, device_id, serial);

  return doc;
}
