/* ops-sse-parser.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-sse-parser"

#include "config.h"

#include <string.h>

#include "ops-sse-parser.h"

static const guchar bom[] = { 0xEF, 0xBB, 0xBF };

struct _OpsSseParser
{
  gsize     max_line;
  gsize     max_event;

  guint     bom_matched;   /* bytes of a leading BOM seen so far */
  gboolean  bom_done;      /* past the place a BOM may be */
  gboolean  after_cr;      /* the last line ended with CR: skip a LF next */
  gboolean  failed;

  GString  *line;
  GString  *data;
  GString  *event_type;
  char     *id_buffer;
  char     *last_id;
  gint64    retry;

  GQueue    events;
};

G_DEFINE_QUARK (ops-sse-parser-error-quark, ops_sse_parser_error)

/*
 * Auxiliary methods
 */

static gboolean
field_is (const char *field,
          gsize       field_len,
          const char *name)
{
  return field_len == strlen (name) && memcmp (field, name, field_len) == 0;
}

static gboolean
all_digits (const char *value,
            gsize       length)
{
  if (length == 0)
    return FALSE;
  for (gsize i = 0; i < length; i++)
    if (!g_ascii_isdigit (value[i]))
      return FALSE;
  return TRUE;
}

static gint64
parse_digits (const char *value,
              gsize       length)
{
  gint64 result = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (result > (G_MAXINT64 - 9) / 10)
        return G_MAXINT64;
      result = result * 10 + (value[i] - '0');
    }
  return result;
}

static void
dispatch (OpsSseParser *self)
{
  OpsSseEvent *event;

  g_free (self->last_id);
  self->last_id = g_strdup (self->id_buffer);

  if (self->data->len == 0)
    {
      g_string_truncate (self->event_type, 0);
      return;
    }

  /* Every data line added a LF: the last one is not part of the data. */
  g_string_truncate (self->data, self->data->len - 1);

  event = g_new0 (OpsSseEvent, 1);
  event->id = g_utf8_make_valid (self->last_id, -1);
  if (self->event_type->len > 0)
    event->event = g_utf8_make_valid (self->event_type->str, self->event_type->len);
  else
    event->event = g_strdup ("message");
  event->data = g_utf8_make_valid (self->data->str, self->data->len);
  event->retry = self->retry;
  g_queue_push_tail (&self->events, event);

  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);
}

static gboolean
process_line (OpsSseParser  *self,
              GError       **error)
{
  const char *line = self->line->str;
  gsize length = self->line->len;
  const char *colon;
  const char *value;
  gsize field_len;
  gsize value_len;

  if (length == 0)
    {
      dispatch (self);
      return TRUE;
    }
  if (line[0] == ':')
    return TRUE;

  colon = memchr (line, ':', length);
  if (colon != NULL)
    {
      field_len = (gsize)(colon - line);
      value = colon + 1;
      value_len = length - field_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      field_len = length;
      value = line + length;
      value_len = 0;
    }

  if (field_is (line, field_len, "data"))
    {
      if (self->data->len + value_len + 1 > self->max_event)
        {
          g_set_error (error, OPS_SSE_PARSER_ERROR, OPS_SSE_PARSER_ERROR_EVENT_TOO_LARGE,
                       "An event of the stream is over %" G_GSIZE_FORMAT " bytes: the server sent "
                       "more than a client can take; check what the hub publishes.",
                       self->max_event);
          return FALSE;
        }
      g_string_append_len (self->data, value, (gssize)value_len);
      g_string_append_c (self->data, '\n');
    }
  else if (field_is (line, field_len, "event"))
    {
      g_string_truncate (self->event_type, 0);
      g_string_append_len (self->event_type, value, (gssize)value_len);
    }
  else if (field_is (line, field_len, "id"))
    {
      if (memchr (value, '\0', value_len) == NULL)
        {
          g_free (self->id_buffer);
          self->id_buffer = g_strndup (value, value_len);
        }
    }
  else if (field_is (line, field_len, "retry"))
    {
      if (all_digits (value, value_len))
        self->retry = parse_digits (value, value_len);
    }
  /* Any other field is ignored. */

  return TRUE;
}

static gboolean
take_bytes (OpsSseParser  *self,
            const char    *p,
            gsize          length,
            GError       **error)
{
  const char *end = p + length;

  while (p < end)
    {
      const char *q = p;

      if (self->after_cr)
        {
          self->after_cr = FALSE;
          if (*p == '\n')
            {
              p++;
              continue;
            }
        }

      while (q < end && *q != '\r' && *q != '\n')
        q++;

      if (self->line->len + (gsize)(q - p) > self->max_line)
        {
          g_set_error (error, OPS_SSE_PARSER_ERROR, OPS_SSE_PARSER_ERROR_LINE_TOO_LONG,
                       "A line of the stream is over %" G_GSIZE_FORMAT " bytes: check that the "
                       "address is an event stream.", self->max_line);
          return FALSE;
        }
      g_string_append_len (self->line, p, q - p);
      if (q == end)
        break;

      self->after_cr = *q == '\r';
      p = q + 1;
      if (!process_line (self, error))
        return FALSE;
      g_string_truncate (self->line, 0);
    }

  return TRUE;
}

static void
clear_events (OpsSseParser *self)
{
  OpsSseEvent *event;

  while ((event = g_queue_pop_head (&self->events)) != NULL)
    ops_sse_event_free (event);
}

/*
 * Public API
 */

/**
 * ops_sse_parser_new:
 * @max_line: the longest line accepted in bytes (0 = OPS_SSE_DEFAULT_MAX_LINE)
 * @max_event: the largest data of one event in bytes (0 = OPS_SSE_DEFAULT_MAX_EVENT)
 */
OpsSseParser *
ops_sse_parser_new (gsize max_line,
                    gsize max_event)
{
  OpsSseParser *self = g_new0 (OpsSseParser, 1);

  self->max_line = max_line ? max_line : OPS_SSE_DEFAULT_MAX_LINE;
  self->max_event = max_event ? max_event : OPS_SSE_DEFAULT_MAX_EVENT;
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->event_type = g_string_new (NULL);
  g_queue_init (&self->events);
  ops_sse_parser_reset (self);
  return self;
}

void
ops_sse_parser_free (OpsSseParser *self)
{
  if (self == NULL)
    return;

  clear_events (self);
  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->event_type, TRUE);
  g_free (self->id_buffer);
  g_free (self->last_id);
  g_free (self);
}

void
ops_sse_parser_reset (OpsSseParser *self)
{
  g_return_if_fail (self != NULL);

  clear_events (self);
  self->bom_matched = 0;
  self->bom_done = FALSE;
  self->after_cr = FALSE;
  self->failed = FALSE;
  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);
  g_free (self->id_buffer);
  self->id_buffer = g_strdup ("");
  g_free (self->last_id);
  self->last_id = g_strdup ("");
  self->retry = -1;
}

gboolean
ops_sse_parser_feed (OpsSseParser  *self,
                     const char    *data,
                     gsize          length,
                     GError       **error)
{
  const char *p = data;
  const char *end = data + length;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (self->failed)
    {
      g_set_error_literal (error, OPS_SSE_PARSER_ERROR, OPS_SSE_PARSER_ERROR_FAILED,
                           "The event stream could not be read further; connect again.");
      return FALSE;
    }

  /* A BOM may only open the stream, and may come split over chunks. */
  while (!self->bom_done && p < end)
    {
      if ((guchar)*p == bom[self->bom_matched])
        {
          p++;
          if (++self->bom_matched == G_N_ELEMENTS (bom))
            self->bom_done = TRUE;
          continue;
        }
      self->bom_done = TRUE;
      if (self->bom_matched > 0 &&
          !take_bytes (self, (const char *)bom, self->bom_matched, error))
        {
          self->failed = TRUE;
          return FALSE;
        }
    }

  if (!take_bytes (self, p, (gsize)(end - p), error))
    {
      self->failed = TRUE;
      return FALSE;
    }
  return TRUE;
}

OpsSseEvent *
ops_sse_parser_next_event (OpsSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_queue_pop_head (&self->events);
}

const char *
ops_sse_parser_get_last_event_id (OpsSseParser *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->last_id;
}

void
ops_sse_parser_set_last_event_id (OpsSseParser *self,
                                  const char   *id)
{
  g_return_if_fail (self != NULL);

  g_free (self->id_buffer);
  self->id_buffer = g_strdup (id ? id : "");
  g_free (self->last_id);
  self->last_id = g_strdup (self->id_buffer);
}

gint64
ops_sse_parser_get_retry (OpsSseParser *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->retry;
}

void
ops_sse_event_free (OpsSseEvent *event)
{
  if (event == NULL)
    return;

  g_free (event->id);
  g_free (event->event);
  g_free (event->data);
  g_free (event);
}
