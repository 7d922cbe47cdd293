/* ops-genieacs-task.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the GenieACS client checks and says without the network: task
 * bodies checked the way the NBI's sanitizeTask does (an invalid one
 * crashes the NBI worker, so it must never be sent), device ids escaped for
 * URL paths, and the sentence that explains a task's outcome.
 */

#define G_LOG_DOMAIN "ops-genieacs"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-genieacs-client.h"

#define KNOWN_TASKS "getParameterValues, refreshObject, setParameterValues, addObject, " \
                    "deleteObject, reboot, factoryReset, download, provisions"

/*
 * Auxiliary methods
 */

static gboolean
invalid (GError    **error,
         const char *name,
         const char *message)
{
  g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_INVALID_TASK,
               _("The task “%s” was not sent because GenieACS would reject it: %s"),
               name, message);
  return FALSE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_scalar (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  return type == G_TYPE_STRING || type == G_TYPE_BOOLEAN ||
         type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
member_is_nonempty_string (JsonObject *task,
                           const char *member)
{
  JsonNode *node = json_object_get_member (task, member);

  return node_is_string (node) && json_node_get_string (node)[0] != '\0';
}

static gboolean
member_is_absent_or_null (JsonObject *task,
                          const char *member)
{
  JsonNode *node = json_object_get_member (task, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

/* [path, value(, type)]: a non-empty path, a string, boolean or number, and
 * an optional type string. */
static gboolean
is_parameter_value (JsonNode *node)
{
  JsonArray *array;
  JsonNode *path;
  JsonNode *type;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  if (json_array_get_length (array) < 2)
    return FALSE;

  path = json_array_get_element (array, 0);
  if (!node_is_string (path) || json_node_get_string (path)[0] == '\0')
    return FALSE;
  if (!node_is_scalar (json_array_get_element (array, 1)))
    return FALSE;

  type = json_array_get_length (array) > 2 ? json_array_get_element (array, 2) : NULL;
  return type == NULL || JSON_NODE_HOLDS_NULL (type) || node_is_string (type);
}

static gboolean
check_parameter_values (JsonObject  *task,
                        const char  *name,
                        gboolean     required,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (task, "parameterValues");
  JsonArray *values;
  guint length;

  if (!required && (node == NULL || JSON_NODE_HOLDS_NULL (node)))
    return TRUE;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return invalid (error, name,
                    _("“parameterValues” must be a list of [path, value, type] entries."));

  values = json_node_get_array (node);
  length = json_array_get_length (values);
  if (required && length == 0)
    return invalid (error, name, _("“parameterValues” must not be empty."));

  for (guint i = 0; i < length; i++)
    if (!is_parameter_value (json_array_get_element (values, i)))
      return invalid (error, name,
                      _("each entry of “parameterValues” must be [path, value] or "
                        "[path, value, type], with a non-empty path and a string, number or "
                        "boolean value."));

  return TRUE;
}

static gboolean
check_parameter_names (JsonObject  *task,
                       const char  *name,
                       GError     **error)
{
  JsonNode *node = json_object_get_member (task, "parameterNames");
  JsonArray *names;
  guint length;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (length = json_array_get_length (names = json_node_get_array (node))) == 0)
    return invalid (error, name, _("“parameterNames” must be a non-empty list of parameter paths."));

  for (guint i = 0; i < length; i++)
    {
      JsonNode *element = json_array_get_element (names, i);

      if (!node_is_string (element) || json_node_get_string (element)[0] == '\0')
        return invalid (error, name, _("every entry of “parameterNames” must be a non-empty path."));
    }

  return TRUE;
}

static gboolean
check_download (JsonObject  *task,
                const char  *name,
                GError     **error)
{
  if (!member_is_nonempty_string (task, "fileType") ||
      !member_is_nonempty_string (task, "fileName"))
    return invalid (error, name,
                    _("a download needs “fileType” (such as “1 Firmware Upgrade Image”) and "
                      "“fileName” (the name of the file uploaded to GenieACS); the “file” form "
                      "leaves the device without either."));

  if (!member_is_absent_or_null (task, "targetFileName") &&
      !node_is_string (json_object_get_member (task, "targetFileName")))
    return invalid (error, name, _("“targetFileName” must be a string."));

  return TRUE;
}

static gboolean
check_provisions (JsonObject  *task,
                  const char  *name,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (task, "provisions");
  JsonArray *provisions;
  guint length;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (length = json_array_get_length (provisions = json_node_get_array (node))) == 0)
    return invalid (error, name,
                    _("“provisions” must be a non-empty list such as "
                      "[[\"refresh\", \"Device.DeviceInfo\"]]."));

  for (guint i = 0; i < length; i++)
    {
      JsonNode *entry = json_array_get_element (provisions, i);
      JsonArray *args;
      guint n_args;

      if (!JSON_NODE_HOLDS_ARRAY (entry) ||
          (n_args = json_array_get_length (args = json_node_get_array (entry))) == 0 ||
          !node_is_string (json_array_get_element (args, 0)))
        return invalid (error, name,
                        _("each provision must be a list starting with the provision's name."));

      for (guint j = 1; j < n_args; j++)
        {
          JsonNode *arg = json_array_get_element (args, j);

          if (!JSON_NODE_HOLDS_NULL (arg) && !node_is_scalar (arg))
            return invalid (error, name,
                            _("the arguments of a provision must be strings, numbers, booleans or null."));
        }
    }

  return TRUE;
}

/* Fields any task may carry: expiry (seconds or a date), timestamp,
 * uniqueKey. */
static gboolean
check_common (JsonObject  *task,
              const char  *name,
              GError     **error)
{
  static const char * const dates[] = { "expiry", "timestamp" };

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      JsonNode *node = json_object_get_member (task, dates[i]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        continue;

      if (JSON_NODE_HOLDS_VALUE (node) &&
          (json_node_get_value_type (node) == G_TYPE_INT64 ||
           json_node_get_value_type (node) == G_TYPE_DOUBLE) &&
          json_node_get_double (node) >= 0)
        continue;

      if (node_is_string (node))
        {
          const char *text = json_node_get_string (node);
          g_autoptr(GDateTime) date = g_date_time_new_from_iso8601 (text, NULL);
          char *end = NULL;

          if (date != NULL)
            continue;
          /* The NBI reads a numeric string as a number too. */
          g_ascii_strtod (text, &end);
          if (end != text && *end == '\0')
            continue;
        }

      return invalid (error, name,
                      g_str_equal (dates[i], "expiry")
                      ? _("“expiry” must be a number of seconds or an ISO 8601 date with a time zone.")
                      : _("“timestamp” must be a number or an ISO 8601 date with a time zone."));
    }

  if (!member_is_absent_or_null (task, "uniqueKey") &&
      !node_is_string (json_object_get_member (task, "uniqueKey")))
    return invalid (error, name, _("“uniqueKey” must be a string."));

  return TRUE;
}

/*
 * Public API
 */

void
ops_task_result_free (OpsTaskResult *self)
{
  if (self == NULL)
    return;

  g_free (self->task_id);
  g_free (self->reason);
  g_free (self);
}

char *
ops_task_result_dup_message (const OpsTaskResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->status == OPS_TASK_DONE)
    return g_strdup (_("The device ran the task."));

  if (self->reason == NULL || self->reason[0] == '\0')
    return g_strdup (_("The task is queued until the device next contacts the server."));

  if (g_str_equal (self->reason, "Task queued but not processed"))
    return g_strdup (_("The device did not start a session in time: the task is queued until "
                       "the device next contacts the server."));

  if (g_str_equal (self->reason, "Task faulted"))
    return g_strdup (_("The device refused the task (it faulted). GenieACS keeps it but will not "
                       "run it again until the fault is cleared: cancel it and check the "
                       "parameters, or see the device's faults in GenieACS."));

  if (g_str_equal (self->reason, "Device is offline"))
    return g_strdup (_("The device is offline: the task is queued until the device next "
                       "contacts the server. Check that it is powered and connected."));

  return g_strdup_printf (_("GenieACS could not reach the device (%s): the task is queued until "
                            "the device next contacts the server."),
                          self->reason);
}

char *
ops_genieacs_escape_id (const char *device_id)
{
  static const char hex[] = "0123456789ABCDEF";
  GString *escaped;

  g_return_val_if_fail (device_id != NULL, NULL);

  /* The NBI routes only [A-Za-z0-9_%-] in a path segment: everything else,
   * "%" first of all, is encoded. */
  escaped = g_string_sized_new (strlen (device_id) + 16);
  for (const guchar *p = (const guchar *)device_id; *p != '\0'; p++)
    {
      if (g_ascii_isalnum (*p) || *p == '_' || *p == '-')
        g_string_append_c (escaped, *p);
      else
        {
          g_string_append_c (escaped, '%');
          g_string_append_c (escaped, hex[*p >> 4]);
          g_string_append_c (escaped, hex[*p & 0xf]);
        }
    }

  return g_string_free (escaped, FALSE);
}

gboolean
ops_genieacs_validate_task (JsonObject  *task,
                            GError     **error)
{
  JsonNode *name_node;
  const char *name;

  g_return_val_if_fail (task != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name_node = json_object_get_member (task, "name");
  if (!node_is_string (name_node) || json_node_get_string (name_node)[0] == '\0')
    {
      g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_INVALID_TASK,
                   _("The task was not sent because it has no “name”; use one of %s."),
                   KNOWN_TASKS);
      return FALSE;
    }
  name = json_node_get_string (name_node);

  if (!check_common (task, name, error))
    return FALSE;

  if (g_str_equal (name, "getParameterValues"))
    return check_parameter_names (task, name, error);

  if (g_str_equal (name, "setParameterValues"))
    return check_parameter_values (task, name, TRUE, error);

  if (g_str_equal (name, "refreshObject"))
    {
      /* "" is valid: the whole data model. */
      if (!node_is_string (json_object_get_member (task, "objectName")))
        return invalid (error, name, _("“objectName” must be the path of an object."));
      return TRUE;
    }

  if (g_str_equal (name, "deleteObject") || g_str_equal (name, "addObject"))
    {
      if (!member_is_nonempty_string (task, "objectName"))
        return invalid (error, name, _("“objectName” must be the path of an object."));
      return g_str_equal (name, "deleteObject") || check_parameter_values (task, name, FALSE, error);
    }

  if (g_str_equal (name, "reboot") || g_str_equal (name, "factoryReset"))
    return TRUE;

  if (g_str_equal (name, "download"))
    return check_download (task, name, error);

  if (g_str_equal (name, "provisions"))
    return check_provisions (task, name, error);

  g_set_error (error, OPS_GENIEACS_ERROR, OPS_GENIEACS_ERROR_INVALID_TASK,
               _("The task “%s” was not sent because GenieACS does not know it; use one of %s."),
               name, KNOWN_TASKS);
  return FALSE;
}
