/* ops-fake-oktopus-usp.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The USP side of the fake Oktopus controller: Get from the device's flat
 * parameter map (object paths, "*" instances), Operate for Reboot() and
 * DownloadDiagnostics(), and the answers' JSON as the controller encodes
 * the protobuf messages (snake_case fields, the operate oneof with Go
 * field names).
 */

#define G_LOG_DOMAIN "OpsFakeOktopus"

#include "config.h"

#include <string.h>

#include "ops-fake-oktopus-private.h"

/*
 * Auxiliary methods
 */

typedef struct
{
  char      **pattern;     /* requested segments, "*" = any instance */
  guint       length;
  gboolean    is_object;
  gint64      max_depth;
  GPtrArray  *objects;     /* object paths, in order */
  GHashTable *params;      /* object path -> JsonObject of name -> value */
} GetMatch;

static gboolean
match_param (gpointer key,
             gpointer value,
             gpointer data)
{
  GetMatch *match = data;
  g_auto(GStrv) segments = g_strsplit (key, ".", -1);
  guint length = g_strv_length (segments);
  g_autofree char *object_path = NULL;
  JsonObject *params;

  if (strchr (key, '.') == NULL)
    return FALSE;
  if (match->is_object ? length <= match->length : length != match->length)
    return FALSE;
  if (match->is_object && match->max_depth > 0 && length - match->length > match->max_depth)
    return FALSE;

  for (guint i = 0; i < match->length; i++)
    if (!g_str_equal (match->pattern[i], "*") && !g_str_equal (match->pattern[i], segments[i]))
      return FALSE;

  object_path = g_strndup (key, strrchr (key, '.') - (const char *) key + 1);
  params = g_hash_table_lookup (match->params, object_path);
  if (params == NULL)
    {
      params = json_object_new ();
      g_ptr_array_add (match->objects, g_strdup (object_path));
      g_hash_table_insert (match->params, g_strdup (object_path), params);
    }
  json_object_set_string_member (params, segments[length - 1], value);

  return FALSE;
}

static void
add_requested_path (JsonBuilder *builder,
                    Device      *device,
                    const char  *path,
                    gint64       max_depth)
{
  g_autofree char *trimmed = g_strdup (path);
  GetMatch match = { 0 };

  match.is_object = g_str_has_suffix (path, ".");
  if (match.is_object)
    trimmed[strlen (trimmed) - 1] = '\0';
  match.pattern = g_strsplit (trimmed, ".", -1);
  match.length = g_strv_length (match.pattern);
  match.max_depth = max_depth;
  match.objects = g_ptr_array_new_with_free_func (g_free);
  match.params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) json_object_unref);

  if (*trimmed != '\0')
    g_tree_foreach (device->params, match_param, &match);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "requested_path");
  json_builder_add_string_value (builder, path);
  if (match.objects->len == 0 && strchr (path, '*') == NULL)
    {
      g_autofree char *message = g_strdup_printf ("Invalid path: %s", path);

      json_builder_set_member_name (builder, "err_code");
      json_builder_add_int_value (builder, 7026);
      json_builder_set_member_name (builder, "err_msg");
      json_builder_add_string_value (builder, message);
    }
  else
    {
      json_builder_set_member_name (builder, "resolved_path_results");
      json_builder_begin_array (builder);
      for (guint i = 0; i < match.objects->len; i++)
        {
          const char *object_path = g_ptr_array_index (match.objects, i);
          JsonObject *params = g_hash_table_lookup (match.params, object_path);
          JsonNode *node = json_node_new (JSON_NODE_OBJECT);

          json_node_set_object (node, params);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "resolved_path");
          json_builder_add_string_value (builder, object_path);
          json_builder_set_member_name (builder, "result_params");
          json_builder_add_value (builder, node);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);

  g_strfreev (match.pattern);
  g_ptr_array_unref (match.objects);
  g_hash_table_unref (match.params);
}

static void
add_output_arg (JsonBuilder *builder,
                const char  *name,
                const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

/*
 * Shared with ops-fake-oktopus.c
 */

void
_ops_fake_oktopus_handle_get (Device     *device,
                              JsonObject *body,
                              Reply      *reply)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  JsonNode *paths = json_object_get_member (body, "param_paths");
  gint64 max_depth = json_object_get_int_member_with_default (body, "max_depth", 0);
  JsonArray *array;

  if (paths == NULL || !JSON_NODE_HOLDS_ARRAY (paths))
    {
      _ops_fake_oktopus_reply_string (reply, 400, "param_paths is missing");
      return;
    }
  array = json_node_get_array (paths);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "req_path_results");
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      const char *path = json_array_get_string_element (array, i);

      if (path != NULL)
        add_requested_path (builder, device, path, max_depth);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _ops_fake_oktopus_reply_builder (reply, 200, builder);
}

void
_ops_fake_oktopus_handle_operate (Device     *device,
                                  JsonObject *body,
                                  Reply      *reply)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *command = json_object_get_string_member_with_default (body, "command", NULL);
  Failure *failure;

  if (command == NULL)
    {
      _ops_fake_oktopus_reply_string (reply, 400, "command is missing");
      return;
    }

  failure = g_hash_table_lookup (device->failures, command);
  if (failure == NULL && !g_str_equal (command, "Device.Reboot()") &&
      !g_str_equal (command, "Device.IP.Diagnostics.DownloadDiagnostics()"))
    {
      /* A USP Error message, sent with HTTP 200 like any answer. */
      g_autofree char *message = g_strdup_printf ("Invalid path: %s", command);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "err_code");
      json_builder_add_int_value (builder, 7026);
      json_builder_set_member_name (builder, "err_msg");
      json_builder_add_string_value (builder, message);
      json_builder_end_object (builder);
      _ops_fake_oktopus_reply_builder (reply, 200, builder);
      return;
    }

  g_ptr_array_add (device->commands, g_strdup (command));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "operation_results");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "executed_command");
  json_builder_add_string_value (builder, command);
  /* The oneof keeps its Go field names. */
  json_builder_set_member_name (builder, "OperationResp");
  json_builder_begin_object (builder);
  if (failure != NULL)
    {
      json_builder_set_member_name (builder, "CmdFailure");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "err_code");
      json_builder_add_int_value (builder, failure->code);
      json_builder_set_member_name (builder, "err_msg");
      json_builder_add_string_value (builder, failure->message);
      json_builder_end_object (builder);
    }
  else if (g_hash_table_contains (device->async, command))
    {
      g_autofree char *request = g_strdup_printf ("Device.LocalAgent.Request.%u.", device->commands->len);

      json_builder_set_member_name (builder, "ReqObjPath");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "req_obj_path");
      json_builder_add_string_value (builder, request);
      json_builder_end_object (builder);
    }
  else
    {
      json_builder_set_member_name (builder, "ReqOutputArgs");
      json_builder_begin_object (builder);
      /* An empty map is omitted (omitempty), as for Reboot(). */
      if (g_str_equal (command, "Device.IP.Diagnostics.DownloadDiagnostics()"))
        {
          json_builder_set_member_name (builder, "output_args");
          json_builder_begin_object (builder);
          add_output_arg (builder, "Status", "Complete");
          add_output_arg (builder, "BOMTime", OPS_FAKE_OKTOPUS_BOM_TIME);
          add_output_arg (builder, "EOMTime", OPS_FAKE_OKTOPUS_EOM_TIME);
          add_output_arg (builder, "TestBytesReceived", OPS_FAKE_OKTOPUS_TEST_BYTES);
          add_output_arg (builder, "TotalBytesReceived", "100250000");
          json_builder_end_object (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  _ops_fake_oktopus_reply_builder (reply, 200, builder);
}

void
_ops_fake_oktopus_reply_node (Reply    *reply,
                              guint     status,
                              JsonNode *node)
{
  reply->status = status;
  g_free (reply->body);
  reply->body = json_to_string (node, FALSE);
}

void
_ops_fake_oktopus_reply_string (Reply      *reply,
                                guint       status,
                                const char *text)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);
  _ops_fake_oktopus_reply_node (reply, status, node);
}

void
_ops_fake_oktopus_reply_builder (Reply       *reply,
                                 guint        status,
                                 JsonBuilder *builder)
{
  g_autoptr(JsonNode) node = json_builder_get_root (builder);

  _ops_fake_oktopus_reply_node (reply, status, node);
}

gint
_ops_fake_oktopus_path_compare (gconstpointer a,
                                gconstpointer b,
                                gpointer      user_data)
{
  const char *p = a;
  const char *q = b;

  while (*p != '\0' && *q != '\0')
    {
      if (g_ascii_isdigit (*p) && g_ascii_isdigit (*q))
        {
          char *p_end;
          char *q_end;
          guint64 x = g_ascii_strtoull (p, &p_end, 10);
          guint64 y = g_ascii_strtoull (q, &q_end, 10);

          if (x != y)
            return x < y ? -1 : 1;
          p = p_end;
          q = q_end;
          continue;
        }
      if (*p != *q)
        return (guchar) *p < (guchar) *q ? -1 : 1;
      p++;
      q++;
    }

  return (guchar) *p - (guchar) *q;
}
