/* ops-sse-frame.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-sse-frame"

#include "config.h"

#include <string.h>

#include "ops-sse-frame.h"

G_DEFINE_QUARK (ops-sse-frame-error-quark, ops_sse_frame_error)

/*
 * Auxiliary methods
 */

static void
append_json (GString       *out,
             JsonGenerator *generator,
             JsonNode      *node)
{
  g_autofree char *text = NULL;
  gsize length = 0;

  json_generator_set_root (generator, node);
  text = json_generator_to_data (generator, &length);
  g_string_append_len (out, text, (gssize)length);
}

static void
append_json_string (GString       *out,
                    JsonGenerator *generator,
                    const char    *value)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, value);
  append_json (out, generator, node);
}

/*
 * Public API
 */

gboolean
ops_sse_frame_check_line (const char  *value,
                          gssize       length,
                          GError     **error)
{
  gsize size;

  g_return_val_if_fail (value != NULL, FALSE);

  size = length < 0 ? strlen (value) : (gsize)length;
  if (memchr (value, '\n', size) != NULL || memchr (value, '\r', size) != NULL ||
      memchr (value, '\0', size) != NULL)
    {
      g_set_error_literal (error, OPS_SSE_FRAME_ERROR, OPS_SSE_FRAME_ERROR_NEWLINE,
                           "An event field cannot hold a line break or a NUL character. "
                           "Send the data as JSON, which escapes them.");
      return FALSE;
    }
  if (!g_utf8_validate_len (value, size, NULL))
    {
      g_set_error_literal (error, OPS_SSE_FRAME_ERROR, OPS_SSE_FRAME_ERROR_INVALID,
                           "An event field is not valid UTF-8. Send UTF-8 text.");
      return FALSE;
    }
  return TRUE;
}

/**
 * ops_sse_frame_event:
 * @id: the event id, 0 for none
 * @event: (nullable): the event type
 * @data: the data line
 *
 * Returns: (transfer full) (nullable): the frame
 */
GBytes *
ops_sse_frame_event (guint64      id,
                     const char  *event,
                     const char  *data,
                     GError     **error)
{
  GString *frame;
  gsize data_length;

  g_return_val_if_fail (data != NULL, NULL);

  if (event != NULL)
    {
      if (*event == '\0' || strlen (event) > OPS_SSE_FRAME_MAX_NAME)
        {
          g_set_error (error, OPS_SSE_FRAME_ERROR, OPS_SSE_FRAME_ERROR_INVALID,
                       "An event type must have 1 to %u characters.", OPS_SSE_FRAME_MAX_NAME);
          return NULL;
        }
      if (!ops_sse_frame_check_line (event, -1, error))
        return NULL;
    }
  data_length = strlen (data);
  if (!ops_sse_frame_check_line (data, (gssize)data_length, error))
    return NULL;

  frame = g_string_sized_new (data_length + (event ? strlen (event) : 0) + 48);
  if (id != 0)
    g_string_append_printf (frame, "id: %" G_GUINT64_FORMAT "\n", id);
  if (event != NULL)
    {
      g_string_append (frame, "event: ");
      g_string_append (frame, event);
      g_string_append_c (frame, '\n');
    }
  g_string_append (frame, "data: ");
  g_string_append_len (frame, data, (gssize)data_length);
  g_string_append (frame, "\n\n");

  return g_string_free_to_bytes (frame);
}

/**
 * ops_sse_frame_bus_data:
 * @topic: the bus topic
 * @data: (nullable): the event's data
 * @length: (out) (optional): the length of the result
 *
 * Returns: (transfer full): one line of JSON
 */
char *
ops_sse_frame_bus_data (const char *topic,
                        JsonNode   *data,
                        gsize      *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GString *out = g_string_sized_new (256);

  g_return_val_if_fail (topic != NULL, NULL);

  /* Not pretty: json-glib then writes no line break, and escapes those of
   * strings. */
  json_generator_set_pretty (generator, FALSE);

  g_string_append (out, "{\"topic\":");
  append_json_string (out, generator, topic);
  g_string_append (out, ",\"data\":");
  if (data != NULL)
    append_json (out, generator, data);
  else
    g_string_append (out, "null");
  g_string_append_c (out, '}');

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

char *
ops_sse_frame_reason_data (const char *reason,
                           const char *message)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  GString *out = g_string_new ("{\"reason\":");

  g_return_val_if_fail (reason != NULL, NULL);
  g_return_val_if_fail (message != NULL, NULL);

  append_json_string (out, generator, reason);
  g_string_append (out, ",\"message\":");
  append_json_string (out, generator, message);
  g_string_append_c (out, '}');
  return g_string_free (out, FALSE);
}

GBytes *
ops_sse_frame_retry (guint milliseconds)
{
  g_autofree char *text = g_strdup_printf ("retry: %u\n\n", milliseconds);

  return g_bytes_new (text, strlen (text));
}

GBytes *
ops_sse_frame_comment (const char  *text,
                       GError     **error)
{
  g_autofree char *frame = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  if (strlen (text) > OPS_SSE_FRAME_MAX_NAME)
    {
      g_set_error (error, OPS_SSE_FRAME_ERROR, OPS_SSE_FRAME_ERROR_INVALID,
                   "A comment must have at most %u characters.", OPS_SSE_FRAME_MAX_NAME);
      return NULL;
    }
  if (!ops_sse_frame_check_line (text, -1, error))
    return NULL;

  frame = g_strdup_printf (":%s%s\n\n", *text ? " " : "", text);
  return g_bytes_new (frame, strlen (frame));
}
