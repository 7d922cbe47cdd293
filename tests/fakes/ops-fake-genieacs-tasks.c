/* ops-fake-genieacs-tasks.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Tasks in the fake GenieACS NBI: the checks of the NBI's sanitizeTask (a
 * task failing them crashes the real worker), the queue, and what running
 * a task does to the device document, download test included.
 */

#define G_LOG_DOMAIN "OpsFakeGenieacs"

#include "config.h"

#include <string.h>

#include "ops-fake-genieacs-private.h"

#define DIAGNOSTICS_STATE ".DiagnosticsState"
#define DOWNLOAD_DIAGNOSTICS "DownloadDiagnostics"

/*
 * Auxiliary methods
 */

static char *
format_time (GDateTime *time)
{
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (time) / 1000);
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
is_scalar (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_STRING || type == G_TYPE_BOOLEAN || type == G_TYPE_INT64 ||
         type == G_TYPE_DOUBLE;
}

static gboolean
is_nonempty_string (JsonNode *node)
{
  return is_string (node) && json_node_get_string (node)[0] != '\0';
}

static gboolean
is_null (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* validParamValue of sanitizeTask. */
static gboolean
valid_param_value (JsonNode *node)
{
  JsonArray *entry;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  entry = json_node_get_array (node);
  if (json_array_get_length (entry) < 2)
    return FALSE;
  if (!is_nonempty_string (json_array_get_element (entry, 0)) ||
      !is_scalar (json_array_get_element (entry, 1)))
    return FALSE;
  return json_array_get_length (entry) < 3 || is_null (json_array_get_element (entry, 2)) ||
         is_string (json_array_get_element (entry, 2));
}

static gboolean
valid_param_values (JsonNode *node,
                    gboolean  required)
{
  JsonArray *values;

  if (!required && is_null (node))
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  values = json_node_get_array (node);
  if (required && json_array_get_length (values) == 0)
    return FALSE;
  for (guint i = 0; i < json_array_get_length (values); i++)
    if (!valid_param_value (json_array_get_element (values, i)))
      return FALSE;
  return TRUE;
}

static char *
strip_dot (const char *path)
{
  gsize length = strlen (path);

  while (length > 0 && path[length - 1] == '.')
    length--;
  return g_strndup (path, length);
}

static JsonObject *
ensure_object (JsonObject *parent,
               const char *name,
               const char *now)
{
  JsonNode *node = json_object_get_member (parent, name);
  JsonObject *object;

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    return json_node_get_object (node);

  object = json_object_new ();
  json_object_set_boolean_member (object, "_object", TRUE);
  json_object_set_boolean_member (object, "_writable", FALSE);
  json_object_set_string_member (object, "_timestamp", now);
  json_object_set_object_member (parent, name, object);
  return object;
}

/* value converted to what the NBI stores for type (§2: booleans and
 * (unsigned) ints are JSON, everything else is a string). */
static JsonNode *
typed_value (JsonNode   *value,
             const char *type)
{
  GType value_type = json_node_get_value_type (value);
  const char *text = value_type == G_TYPE_STRING ? json_node_get_string (value) : NULL;

  if (g_strcmp0 (type, "xsd:boolean") == 0)
    {
      gboolean flag;

      if (value_type == G_TYPE_BOOLEAN)
        flag = json_node_get_boolean (value);
      else if (text != NULL)
        flag = g_str_equal (text, "true") || g_str_equal (text, "1");
      else
        flag = json_node_get_double (value) != 0;
      return json_node_init_boolean (json_node_alloc (), flag);
    }

  if (g_strcmp0 (type, "xsd:int") == 0 || g_strcmp0 (type, "xsd:unsignedInt") == 0)
    {
      if (value_type == G_TYPE_INT64 || value_type == G_TYPE_DOUBLE)
        return json_node_init_int (json_node_alloc (), (gint64)json_node_get_double (value));
      if (value_type == G_TYPE_BOOLEAN)
        return json_node_init_int (json_node_alloc (), json_node_get_boolean (value));
      if (text != NULL && text[0] != '\0')
        {
          char *end = NULL;
          gint64 number = g_ascii_strtoll (text, &end, 10);

          if (*end == '\0')
            return json_node_init_int (json_node_alloc (), number);
        }
      return json_node_init_string (json_node_alloc (), text != NULL ? text : "");
    }

  if (text != NULL)
    return json_node_init_string (json_node_alloc (), text);
  if (value_type == G_TYPE_BOOLEAN)
    return json_node_init_string (json_node_alloc (), json_node_get_boolean (value) ? "true" : "false");
  if (value_type == G_TYPE_INT64)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (value));

      return json_node_init_string (json_node_alloc (), number);
    }
  {
    char buffer[G_ASCII_DTOSTR_BUF_SIZE];

    return json_node_init_string (json_node_alloc (),
                                  g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (value)));
  }
}

static const char *
default_type (JsonNode *value)
{
  GType type = json_node_get_value_type (value);

  if (type == G_TYPE_BOOLEAN)
    return "xsd:boolean";
  if (type == G_TYPE_INT64)
    return "xsd:int";
  return "xsd:string";
}

/* Writes a leaf (creating the objects above it), typed by the leaf's
 * existing _type, else by type, else by the value. */
static void
set_leaf (JsonObject *doc,
          const char *path,
          JsonNode   *value,
          const char *type,
          const char *now)
{
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  guint n = g_strv_length (segments);
  JsonObject *parent = doc;
  JsonNode *existing;
  JsonObject *leaf;
  const char *final_type;

  for (guint i = 0; i + 1 < n; i++)
    parent = ensure_object (parent, segments[i], now);

  existing = json_object_get_member (parent, segments[n - 1]);
  if (existing != NULL && JSON_NODE_HOLDS_OBJECT (existing))
    leaf = json_node_get_object (existing);
  else
    {
      leaf = json_object_new ();
      json_object_set_boolean_member (leaf, "_object", FALSE);
      json_object_set_boolean_member (leaf, "_writable", TRUE);
      json_object_set_object_member (parent, segments[n - 1], leaf);
    }

  final_type = json_object_get_string_member_with_default (leaf, "_type", NULL);
  if (final_type == NULL)
    final_type = type != NULL ? type : default_type (value);

  /* final_type may live in leaf: set _value before replacing _type. */
  json_object_set_member (leaf, "_value", typed_value (value, final_type));
  if (!json_object_has_member (leaf, "_type"))
    json_object_set_string_member (leaf, "_type", final_type);
  json_object_set_string_member (leaf, "_timestamp", now);
}

static void
set_text (JsonObject *doc,
          const char *path,
          const char *text,
          const char *now)
{
  g_autoptr(JsonNode) value = json_node_init_string (json_node_alloc (), text);

  set_leaf (doc, path, value, NULL, now);
}

static void
set_number (JsonObject *doc,
            const char *path,
            guint64     number,
            const char *now)
{
  g_autoptr(JsonNode) value = json_node_init_int (json_node_alloc (), (gint64)number);

  set_leaf (doc, path, value, "xsd:unsignedInt", now);
}

/* Marks every node below node as fetched now. */
static void
touch (JsonObject *object,
       const char *now)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *child;

  if (json_object_has_member (object, "_timestamp") || json_object_has_member (object, "_object"))
    json_object_set_string_member (object, "_timestamp", now);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &child))
    if (member[0] != '_' && JSON_NODE_HOLDS_OBJECT (child))
      touch (json_node_get_object (child), now);
}

static void
complete_diagnostics (OpsFakeGenieacs *self,
                      OpsFakeDevice   *device)
{
  g_autoptr(GDateTime) end = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) begin = g_date_time_add (end, -(GTimeSpan)self->diag_duration_ms * 1000);
  g_autoptr(GDateTime) request = g_date_time_add (begin, -20 * 1000);
  g_autofree char *now = format_time (end);
  g_autofree char *bom = format_time (begin);
  g_autofree char *rom = format_time (request);
  const char *root = device->diag_path;
  g_autofree char *state = g_strconcat (root, DIAGNOSTICS_STATE, NULL);
  g_autofree char *bom_path = g_strconcat (root, ".BOMTime", NULL);
  g_autofree char *eom_path = g_strconcat (root, ".EOMTime", NULL);
  g_autofree char *rom_path = g_strconcat (root, ".ROMTime", NULL);
  g_autofree char *test_bytes = g_strconcat (root, ".TestBytesReceived", NULL);
  g_autofree char *total_bytes = g_strconcat (root, ".TotalBytesReceived", NULL);

  set_text (device->doc, state, "Completed", now);
  set_text (device->doc, rom_path, rom, now);
  set_text (device->doc, bom_path, bom, now);
  set_text (device->doc, eom_path, now, now);
  set_number (device->doc, test_bytes, self->diag_bytes, now);
  set_number (device->doc, total_bytes, self->diag_bytes + self->diag_bytes / 50, now);

  g_clear_pointer (&device->diag_path, g_free);
  device->diag_polls_left = 0;
}

/* A refresh of path: the timestamps below it, and a poll of a running
 * download test when path and the diagnostics object overlap. */
static void
refresh (OpsFakeGenieacs *self,
         OpsFakeDevice   *device,
         const char      *raw_path,
         const char      *now)
{
  g_autofree char *path = strip_dot (raw_path);
  JsonNode *node;

  if (device->diag_path != NULL &&
      (g_str_has_prefix (device->diag_path, path) || g_str_has_prefix (path, device->diag_path)))
    {
      if (device->diag_polls_left <= 1)
        complete_diagnostics (self, device);
      else
        device->diag_polls_left--;
    }

  if (path[0] == '\0')
    {
      touch (device->doc, now);
      return;
    }

  node = ops_fake_genieacs_lookup (device->doc, path);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    touch (json_node_get_object (node), now);
}

static void
set_parameter (OpsFakeGenieacs *self,
               OpsFakeDevice   *device,
               JsonArray       *entry,
               const char      *now)
{
  const char *path = json_array_get_string_element (entry, 0);
  JsonNode *value = json_array_get_element (entry, 1);
  JsonNode *type = json_array_get_length (entry) > 2 ? json_array_get_element (entry, 2) : NULL;
  JsonNode *existing = ops_fake_genieacs_lookup (device->doc, path);
  JsonNode *cached = NULL;

  if (existing != NULL && JSON_NODE_HOLDS_OBJECT (existing))
    cached = json_object_get_member (json_node_get_object (existing), "_value");

  /* GenieACS sends no SetParameterValues for a value equal to the cached
   * one (genieacs-oktopus.md §1.4). */
  if (cached != NULL && JSON_NODE_HOLDS_VALUE (cached) && json_node_equal (cached, value))
    {
      g_debug ("%s is already %s: nothing sent", path,
               is_string (value) ? json_node_get_string (value) : "(value)");
      return;
    }

  set_leaf (device->doc, path, value, is_string (type) ? json_node_get_string (type) : NULL, now);

  if (g_str_has_suffix (path, DOWNLOAD_DIAGNOSTICS DIAGNOSTICS_STATE) && is_string (value) &&
      g_str_equal (json_node_get_string (value), "Requested"))
    {
      g_free (device->diag_path);
      device->diag_path = g_strndup (path, strlen (path) - strlen (DIAGNOSTICS_STATE));
      device->diag_polls_left = self->diag_polls;
      if (self->diag_polls == 0)
        complete_diagnostics (self, device);
    }
}

static void
reboot (OpsFakeDevice *device,
        const char    *now)
{
  static const char * const uptimes[] = {
    "Device.DeviceInfo.UpTime", "InternetGatewayDevice.DeviceInfo.UpTime",
  };

  json_object_set_string_member (device->doc, "_lastBoot", now);
  for (guint i = 0; i < G_N_ELEMENTS (uptimes); i++)
    if (ops_fake_genieacs_lookup (device->doc, uptimes[i]) != NULL)
      {
        g_autoptr(JsonNode) zero = json_node_init_int (json_node_alloc (), 0);

        set_leaf (device->doc, uptimes[i], zero, NULL, now);
      }
}

/*
 * Shared API
 */

char *
ops_fake_genieacs_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return format_time (now);
}

gboolean
ops_fake_genieacs_task_is_valid (JsonNode *node)
{
  JsonObject *task;
  const char *name;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  task = json_node_get_object (node);
  if (!is_string (json_object_get_member (task, "name")))
    return FALSE;
  name = json_object_get_string_member (task, "name");

  if (g_str_equal (name, "getParameterValues"))
    {
      JsonNode *names = json_object_get_member (task, "parameterNames");
      JsonArray *array;

      if (names == NULL || !JSON_NODE_HOLDS_ARRAY (names))
        return FALSE;
      array = json_node_get_array (names);
      if (json_array_get_length (array) == 0)
        return FALSE;
      for (guint i = 0; i < json_array_get_length (array); i++)
        if (!is_nonempty_string (json_array_get_element (array, i)))
          return FALSE;
      return TRUE;
    }
  if (g_str_equal (name, "setParameterValues"))
    return valid_param_values (json_object_get_member (task, "parameterValues"), TRUE);
  if (g_str_equal (name, "refreshObject"))
    return is_string (json_object_get_member (task, "objectName"));
  if (g_str_equal (name, "deleteObject"))
    return is_nonempty_string (json_object_get_member (task, "objectName"));
  if (g_str_equal (name, "addObject"))
    return valid_param_values (json_object_get_member (task, "parameterValues"), FALSE);
  if (g_str_equal (name, "download"))
    {
      JsonNode *target = json_object_get_member (task, "targetFileName");

      if (is_null (json_object_get_member (task, "file")) &&
          (!is_nonempty_string (json_object_get_member (task, "fileType")) ||
           !is_nonempty_string (json_object_get_member (task, "fileName"))))
        return FALSE;
      return is_null (target) || is_string (target);
    }
  if (g_str_equal (name, "provisions"))
    {
      JsonNode *provisions = json_object_get_member (task, "provisions");
      JsonArray *array;

      if (provisions == NULL || !JSON_NODE_HOLDS_ARRAY (provisions))
        return FALSE;
      array = json_node_get_array (provisions);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *entry = json_array_get_element (array, i);
          JsonArray *args;

          if (!JSON_NODE_HOLDS_ARRAY (entry))
            return FALSE;
          args = json_node_get_array (entry);
          for (guint j = 0; j < json_array_get_length (args); j++)
            if (!is_null (json_array_get_element (args, j)) && !is_scalar (json_array_get_element (args, j)))
              return FALSE;
        }
      return TRUE;
    }
  return g_str_equal (name, "reboot") || g_str_equal (name, "factoryReset");
}

JsonObject *
ops_fake_genieacs_queue_task (OpsFakeGenieacs *self,
                              const char      *device_id,
                              JsonObject      *task)
{
  JsonObject *stored = ops_fake_genieacs_object_copy (task);
  g_autofree char *now = ops_fake_genieacs_now ();
  g_autofree char *id = NULL;
  const char *unique_key;

  id = g_strdup_printf ("%08x%016" G_GINT64_MODIFIER "x",
                        (guint)(g_get_real_time () / G_USEC_PER_SEC), (guint64)++self->task_counter);

  unique_key = json_object_get_string_member_with_default (stored, "uniqueKey", NULL);
  if (unique_key != NULL)
    for (guint i = self->tasks->len; i > 0; i--)
      {
        JsonObject *other = g_ptr_array_index (self->tasks, i - 1);

        if (g_strcmp0 (json_object_get_string_member_with_default (other, "device", NULL), device_id) == 0 &&
            g_strcmp0 (json_object_get_string_member_with_default (other, "uniqueKey", NULL), unique_key) == 0)
          g_ptr_array_remove_index (self->tasks, i - 1);
      }

  json_object_set_string_member (stored, "device", device_id);
  if (!json_object_has_member (stored, "timestamp"))
    json_object_set_string_member (stored, "timestamp", now);
  json_object_set_string_member (stored, "_id", id);
  g_ptr_array_add (self->tasks, stored);

  return stored;
}

void
ops_fake_genieacs_unqueue_task (OpsFakeGenieacs *self,
                                JsonObject      *task)
{
  g_ptr_array_remove (self->tasks, task);
}

void
ops_fake_genieacs_run_task (OpsFakeGenieacs *self,
                            OpsFakeDevice   *device,
                            JsonObject      *task)
{
  const char *name = json_object_get_string_member_with_default (task, "name", "");
  g_autofree char *now = ops_fake_genieacs_now ();
  JsonArray *array;

  g_debug ("Running %s on %s", name, json_object_get_string_member (device->doc, "_id"));

  if (g_str_equal (name, "getParameterValues"))
    {
      array = json_object_get_array_member (task, "parameterNames");
      for (guint i = 0; i < json_array_get_length (array); i++)
        refresh (self, device, json_array_get_string_element (array, i), now);
    }
  else if (g_str_equal (name, "refreshObject"))
    refresh (self, device, json_object_get_string_member (task, "objectName"), now);
  else if (g_str_equal (name, "setParameterValues"))
    {
      array = json_object_get_array_member (task, "parameterValues");
      for (guint i = 0; i < json_array_get_length (array); i++)
        set_parameter (self, device, json_array_get_array_element (array, i), now);
    }
  else if (g_str_equal (name, "reboot"))
    reboot (device, now);
  else if (g_str_equal (name, "factoryReset"))
    json_object_set_string_member (device->doc, "_lastBootstrap", now);
  else if (g_str_equal (name, "provisions"))
    {
      array = json_object_get_array_member (task, "provisions");
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonArray *args = json_array_get_array_element (array, i);

          if (json_array_get_length (args) >= 2 &&
              g_strcmp0 (json_array_get_string_element (args, 0), "refresh") == 0 &&
              is_string (json_array_get_element (args, 1)))
            refresh (self, device, json_array_get_string_element (args, 1), now);
        }
    }

  json_object_set_string_member (device->doc, "_lastInform", now);
}

guint
ops_fake_genieacs_run_session (OpsFakeGenieacs *self,
                               OpsFakeDevice   *device)
{
  const char *id = json_object_get_string_member (device->doc, "_id");
  g_autoptr(GPtrArray) queued = g_ptr_array_new_with_free_func ((GDestroyNotify)json_object_unref);
  g_autofree char *now = ops_fake_genieacs_now ();

  for (guint i = 0; i < self->tasks->len; i++)
    {
      JsonObject *task = g_ptr_array_index (self->tasks, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (task, "device", NULL), id) == 0)
        g_ptr_array_add (queued, json_object_ref (task));
    }

  for (guint i = 0; i < queued->len; i++)
    {
      ops_fake_genieacs_run_task (self, device, g_ptr_array_index (queued, i));
      ops_fake_genieacs_unqueue_task (self, g_ptr_array_index (queued, i));
    }

  json_object_set_string_member (device->doc, "_lastInform", now);
  return queued->len;
}
