/* ops-genieacs-csv.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GenieACS data-model CSV to the NBI device document, and the helpers that
 * read, change, copy and project such documents.
 *
 * A row of the 12-column export describes one node of the flattened
 * device.  Its "Object timestamp" is the _timestamp of its parent (GenieACS
 * writes the parent's timestamp as the child's object attribute), so an
 * object node takes its _timestamp from its direct children.  DeviceID.*,
 * Events.* and Tags.* are pseudo-parameters for the root keys.
 */

#define G_LOG_DOMAIN "OpsGenieacsCsv"

#include "config.h"

#include <errno.h>
#include <math.h>
#include <string.h>

#include "ops-genieacs-csv.h"

G_DEFINE_QUARK (ops-genieacs-csv-error-quark, ops_genieacs_csv_error)

typedef struct
{
  const char *p;
  const char *end;
  guint       line;   /* physical line of p, from 1 */
} CsvReader;

typedef struct
{
  int parameter;
  int object;
  int object_timestamp;
  int writable;
  int value;
  int value_type;
  int value_timestamp;
} CsvColumns;

typedef struct
{
  JsonObject *data;          /* data-model roots, in file order */
  JsonObject *device_id;     /* _deviceId */
  char       *id;            /* DeviceID.ID */
  char       *events[4];     /* _registered, _lastInform, _lastBoot, _lastBootstrap */
  JsonArray  *tags;
  char       *root_timestamp;
} CsvDocument;

static const char *const event_params[] = { "Registered", "Inform", "1_BOOT", "0_BOOTSTRAP" };
static const char *const event_keys[] = { "_registered", "_lastInform", "_lastBoot", "_lastBootstrap" };

/*
 * Auxiliary methods
 */

static void
flush_span (GString    *field,
            const char *start,
            const char *p)
{
  if (p > start)
    g_string_append_len (field, start, p - start);
}

/* Reads one record (RFC 4180: quoted fields may hold commas, doubled quotes
 * and line breaks).  FALSE at the end of the input, or with error set. */
static gboolean
csv_read_record (CsvReader  *reader,
                 GPtrArray  *fields,
                 guint      *record_line,
                 GError    **error)
{
  GString *field;

  g_ptr_array_set_size (fields, 0);
  if (reader->p >= reader->end)
    return FALSE;

  *record_line = reader->line;
  field = g_string_new (NULL);

  for (;;)
    {
      const char *start;

      if (reader->p < reader->end && *reader->p == '"')
        {
          guint quote_line = reader->line;

          start = ++reader->p;
          for (;;)
            {
              if (reader->p >= reader->end)
                {
                  g_string_free (field, TRUE);
                  g_set_error (error, OPS_GENIEACS_CSV_ERROR, OPS_GENIEACS_CSV_ERROR_SYNTAX,
                               "Line %u: a quoted field is never closed. Check the quotes of that "
                               "line, or export the device again.", quote_line);
                  return FALSE;
                }
              if (*reader->p == '"')
                {
                  flush_span (field, start, reader->p);
                  if (reader->p + 1 < reader->end && reader->p[1] == '"')
                    {
                      g_string_append_c (field, '"');
                      reader->p += 2;
                      start = reader->p;
                      continue;
                    }
                  reader->p++;
                  break;
                }
              if (*reader->p == '\n')
                reader->line++;
              reader->p++;
            }

          if (reader->p < reader->end && *reader->p != ',' && *reader->p != '\n' && *reader->p != '\r')
            {
              g_string_free (field, TRUE);
              g_set_error (error, OPS_GENIEACS_CSV_ERROR, OPS_GENIEACS_CSV_ERROR_SYNTAX,
                           "Line %u: there is text after the closing quote of a field. Quote the "
                           "whole field, and double the quotes inside it.", reader->line);
              return FALSE;
            }
        }
      else
        {
          start = reader->p;
          while (reader->p < reader->end && *reader->p != ',' && *reader->p != '\n' && *reader->p != '\r')
            reader->p++;
          flush_span (field, start, reader->p);
        }

      g_ptr_array_add (fields, g_string_free (field, FALSE));

      if (reader->p >= reader->end)
        return TRUE;
      if (*reader->p == ',')
        {
          reader->p++;
          field = g_string_new (NULL);
          continue;
        }
      /* End of record: \n, \r\n or a lone \r. */
      if (*reader->p == '\r')
        reader->p++;
      if (reader->p < reader->end && *reader->p == '\n')
        reader->p++;
      reader->line++;
      return TRUE;
    }
}

static int
column_index (GPtrArray  *header,
              const char *name)
{
  for (guint i = 0; i < header->len; i++)
    {
      const char *column = g_ptr_array_index (header, i);

      if (g_ascii_strcasecmp (column, name) == 0)
        return (int) i;
    }
  return -1;
}

static gboolean
read_header (GPtrArray   *header,
             CsvColumns  *columns,
             GError     **error)
{
  char *first;

  /* A UTF-8 byte order mark, as spreadsheet programs write it. */
  first = header->len > 0 ? g_ptr_array_index (header, 0) : NULL;
  if (first && g_str_has_prefix (first, "\xEF\xBB\xBF"))
    memmove (first, first + 3, strlen (first + 3) + 1);
  for (guint i = 0; i < header->len; i++)
    g_strstrip ((char *) g_ptr_array_index (header, i));

  columns->parameter = column_index (header, "Parameter");
  columns->object = column_index (header, "Object");
  columns->object_timestamp = column_index (header, "Object timestamp");
  columns->writable = column_index (header, "Writable");
  columns->value = column_index (header, "Value");
  columns->value_type = column_index (header, "Value type");
  columns->value_timestamp = column_index (header, "Value timestamp");

  if (columns->parameter < 0 || columns->object < 0 || columns->writable < 0 ||
      columns->value < 0 || columns->value_type < 0)
    {
      g_set_error_literal (error, OPS_GENIEACS_CSV_ERROR, OPS_GENIEACS_CSV_ERROR_HEADER,
                           "Line 1: this is not a GenieACS data-model CSV. Its header needs the columns "
                           "Parameter, Object, Writable, Value and Value type; export the device from "
                           "the GenieACS \"All parameters\" panel.");
      return FALSE;
    }
  return TRUE;
}

static const char *
field_at (GPtrArray *fields,
          int        column)
{
  return column >= 0 ? g_ptr_array_index (fields, column) : "";
}

/* "true"/"false" (and "1"/"0"); an empty cell is FALSE.  FALSE with
 * *ok = FALSE for anything else. */
static gboolean
parse_flag (const char *text,
            gboolean   *ok)
{
  *ok = TRUE;
  if (*text == '\0' || g_ascii_strcasecmp (text, "false") == 0 || g_str_equal (text, "0"))
    return FALSE;
  if (g_ascii_strcasecmp (text, "true") == 0 || g_str_equal (text, "1"))
    return TRUE;
  *ok = FALSE;
  return FALSE;
}

static gboolean
is_canonical_date (const char *text)
{
  /* 2023-04-26T22:05:10.679Z */
  static const char pattern[] = "dddd-dd-ddTdd:dd:dd.dddZ";

  if (strlen (text) != sizeof pattern - 1)
    return FALSE;
  for (guint i = 0; pattern[i]; i++)
    if (pattern[i] == 'd' ? !g_ascii_isdigit (text[i]) : text[i] != pattern[i])
      return FALSE;
  return TRUE;
}

/* An ISO 8601 date as JavaScript's toISOString() writes it, or NULL. */
static char *
normalize_date (const char *text)
{
  g_autoptr(GTimeZone) utc = NULL;
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) rounded = NULL;
  g_autoptr(GDateTime) in_utc = NULL;

  if (is_canonical_date (text))
    return g_strdup (text);

  utc = g_time_zone_new_utc ();
  parsed = g_date_time_new_from_iso8601 (text, utc);
  if (parsed == NULL)
    return NULL;
  rounded = g_date_time_add (parsed, 500);   /* to the nearest millisecond */
  in_utc = g_date_time_to_utc (rounded);
  return g_strdup_printf ("%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                          g_date_time_get_year (in_utc), g_date_time_get_month (in_utc),
                          g_date_time_get_day_of_month (in_utc), g_date_time_get_hour (in_utc),
                          g_date_time_get_minute (in_utc), g_date_time_get_second (in_utc),
                          g_date_time_get_microsecond (in_utc) / 1000);
}

/* The JSON type GenieACS gives a value (lib/device.ts sanitizeParameterValue):
 * booleans and 32-bit integers are typed, dates become ISO strings, and
 * everything else (xsd:long counters included) stays a string.  A value
 * that does not read as its type stays a string too. */
static JsonNode *
typed_value (const char *text,
             const char *type)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (g_str_equal (type, "xsd:boolean"))
    {
      g_autofree char *lower = g_ascii_strdown (text, -1);

      g_strstrip (lower);
      if (g_str_equal (lower, "true") || g_str_equal (lower, "1"))
        json_node_set_boolean (node, TRUE);
      else if (g_str_equal (lower, "false") || g_str_equal (lower, "0"))
        json_node_set_boolean (node, FALSE);
      else
        json_node_set_string (node, text);
    }
  else if (g_str_equal (type, "xsd:int") || g_str_equal (type, "xsd:unsignedInt"))
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (text));
      char *end = NULL;
      gint64 integer;
      double real;

      errno = 0;
      integer = g_ascii_strtoll (trimmed, &end, 10);
      if (*trimmed && end && *end == '\0' && errno == 0)
        {
          json_node_set_int (node, integer);
          return node;
        }
      real = g_ascii_strtod (trimmed, &end);
      if (*trimmed && end && *end == '\0' && isfinite (real))
        json_node_set_double (node, real);
      else
        json_node_set_string (node, text);
    }
  else if (g_str_equal (type, "xsd:dateTime"))
    {
      g_autofree char *date = normalize_date (text);

      json_node_set_string (node, date ? date : text);
    }
  else
    json_node_set_string (node, text);

  return node;
}

static JsonObject *
new_object_node (const char *timestamp)
{
  JsonObject *object = json_object_new ();

  json_object_set_boolean_member (object, "_object", TRUE);
  json_object_set_boolean_member (object, "_writable", FALSE);
  if (timestamp)
    json_object_set_string_member (object, "_timestamp", timestamp);
  return object;
}

/* Attribute readers that accept any document, however malformed. */
static gboolean
member_boolean (JsonObject *object,
                const char *name,
                gboolean    default_value)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return default_value;
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
is_leaf (JsonObject *node)
{
  return !member_boolean (node, "_object", TRUE);
}

/* The object at segments[0..n) under root, created (with the attributes of
 * an object node) where missing.  NULL when a value is in the way. */
static JsonObject *
ensure_objects (JsonObject  *root,
                char       **segments,
                guint        n,
                const char  *timestamp)
{
  JsonObject *current = root;

  for (guint i = 0; i < n; i++)
    {
      JsonNode *member = json_object_get_member (current, segments[i]);

      if (member && JSON_NODE_HOLDS_OBJECT (member))
        {
          if (is_leaf (json_node_get_object (member)))
            return NULL;
          current = json_node_get_object (member);
        }
      else
        {
          JsonObject *child = new_object_node (timestamp);

          json_object_set_object_member (current, segments[i], child);
          current = child;
        }
    }
  return current;
}

static gboolean
valid_path (char **segments)
{
  if (segments[0] == NULL)
    return FALSE;
  for (guint i = 0; segments[i]; i++)
    if (segments[i][0] == '\0' || segments[i][0] == '_')
      return FALSE;
  return TRUE;
}

static void
csv_document_clear (CsvDocument *doc)
{
  g_clear_pointer (&doc->data, json_object_unref);
  g_clear_pointer (&doc->device_id, json_object_unref);
  g_clear_pointer (&doc->id, g_free);
  for (guint i = 0; i < G_N_ELEMENTS (doc->events); i++)
    g_clear_pointer (&doc->events[i], g_free);
  g_clear_pointer (&doc->tags, json_array_unref);
  g_clear_pointer (&doc->root_timestamp, g_free);
}

/* DeviceID.*, Events.* and Tags.*: TRUE when the row was one of them. */
static gboolean
add_pseudo_parameter (CsvDocument  *doc,
                      char        **segments,
                      const char   *value)
{
  if (g_str_equal (segments[0], "DeviceID"))
    {
      if (segments[1] && segments[2] == NULL)
        {
          if (g_str_equal (segments[1], "ID"))
            {
              g_free (doc->id);
              doc->id = g_strdup (value);
            }
          else
            {
              g_autofree char *key = g_strconcat ("_", segments[1], NULL);

              json_object_set_string_member (doc->device_id, key, value);
            }
        }
      return TRUE;
    }

  if (g_str_equal (segments[0], "Events"))
    {
      for (guint i = 0; segments[1] && segments[2] == NULL && i < G_N_ELEMENTS (event_params); i++)
        if (g_str_equal (segments[1], event_params[i]))
          {
            char *date = normalize_date (value);

            g_free (doc->events[i]);
            doc->events[i] = date ? date : g_strdup (value);
          }
      return TRUE;
    }

  if (g_str_equal (segments[0], "Tags"))
    {
      if (segments[1] && segments[2] == NULL)
        json_array_add_string_element (doc->tags, segments[1]);
      return TRUE;
    }

  return FALSE;
}

static gboolean
add_row (CsvDocument       *doc,
         const CsvColumns  *columns,
         GPtrArray         *fields,
         guint              line,
         const char        *default_timestamp,
         GError           **error)
{
  const char *parameter = field_at (fields, columns->parameter);
  const char *object_timestamp = field_at (fields, columns->object_timestamp);
  const char *value = field_at (fields, columns->value);
  const char *value_type = field_at (fields, columns->value_type);
  const char *value_timestamp = field_at (fields, columns->value_timestamp);
  g_auto(GStrv) segments = NULL;
  gboolean object, writable, ok;
  JsonObject *parent;
  guint n;

  segments = g_strsplit (parameter, ".", -1);
  n = g_strv_length (segments);
  if (!valid_path (segments))
    {
      g_set_error (error, OPS_GENIEACS_CSV_ERROR, OPS_GENIEACS_CSV_ERROR_VALUE,
                   "Line %u: \"%s\" is not a parameter name. Check the first column of that line.",
                   line, parameter);
      return FALSE;
    }

  object = parse_flag (field_at (fields, columns->object), &ok);
  if (ok)
    writable = parse_flag (field_at (fields, columns->writable), &ok);
  if (!ok)
    {
      g_set_error (error, OPS_GENIEACS_CSV_ERROR, OPS_GENIEACS_CSV_ERROR_VALUE,
                   "Line %u: the Object and Writable columns of %s must be true or false.",
                   line, parameter);
      return FALSE;
    }

  if (add_pseudo_parameter (doc, segments, value))
    return TRUE;

  if (*object_timestamp == '\0')
    object_timestamp = NULL;
  if (*value_timestamp == '\0')
    value_timestamp = NULL;

  parent = ensure_objects (doc->data, segments, n - 1, default_timestamp);
  if (parent == NULL)
    {
      g_set_error (error, OPS_GENIEACS_CSV_ERROR, OPS_GENIEACS_CSV_ERROR_VALUE,
                   "Line %u: %s is under a parameter that an earlier line gives a value, not "
                   "under an object. Remove one of the two lines.", line, parameter);
      return FALSE;
    }

  /* The row's object timestamp is its parent's _timestamp. */
  if (object_timestamp)
    {
      if (parent == doc->data)
        {
          g_free (doc->root_timestamp);
          doc->root_timestamp = g_strdup (object_timestamp);
        }
      else
        json_object_set_string_member (parent, "_timestamp", object_timestamp);
    }

  if (object)
    {
      JsonNode *existing = json_object_get_member (parent, segments[n - 1]);
      JsonObject *node;

      if (existing && JSON_NODE_HOLDS_OBJECT (existing) && !is_leaf (json_node_get_object (existing)))
        node = json_node_get_object (existing);
      else
        {
          node = new_object_node (default_timestamp);
          json_object_set_object_member (parent, segments[n - 1], node);
        }
      json_object_set_boolean_member (node, "_object", TRUE);
      json_object_set_boolean_member (node, "_writable", writable);
    }
  else
    {
      JsonObject *leaf = json_object_new ();
      const char *timestamp = value_timestamp ? value_timestamp : default_timestamp;

      json_object_set_boolean_member (leaf, "_object", FALSE);
      json_object_set_boolean_member (leaf, "_writable", writable);
      /* A parameter whose value was never fetched has neither value nor type. */
      if (*value_type || *value || value_timestamp)
        {
          json_object_set_member (leaf, "_value", typed_value (value, value_type));
          if (*value_type)
            json_object_set_string_member (leaf, "_type", value_type);
          if (timestamp)
            json_object_set_string_member (leaf, "_timestamp", timestamp);
        }
      json_object_set_object_member (parent, segments[n - 1], leaf);
    }

  return TRUE;
}

/* GenieACS's device id: OUI-ProductClass-Serial (or OUI-Serial), each part
 * with every character outside [A-Za-z0-9_] written as %XX. */
static void
append_escaped (GString    *id,
                const char *part)
{
  for (const guchar *c = (const guchar *) (part ? part : ""); *c; c++)
    {
      if (g_ascii_isalnum (*c) || *c == '_')
        g_string_append_c (id, (char) *c);
      else
        g_string_append_printf (id, "%%%02X", *c);
    }
}

static char *
build_device_id (JsonObject *device_id)
{
  return ops_genieacs_device_id (member_string (device_id, "_OUI"),
                                 member_string (device_id, "_ProductClass"),
                                 member_string (device_id, "_SerialNumber"));
}

static JsonObject *
assemble (CsvDocument *doc,
          const char  *default_timestamp)
{
  JsonObject *result = json_object_new ();
  g_autoptr(GList) members = NULL;

  if (doc->id == NULL && json_object_get_size (doc->device_id) > 0)
    doc->id = build_device_id (doc->device_id);
  if (doc->id)
    json_object_set_string_member (result, "_id", doc->id);
  if (json_object_get_size (doc->device_id) > 0)
    json_object_set_object_member (result, "_deviceId", json_object_ref (doc->device_id));

  /* A capture without events informed when it was taken. */
  if (doc->events[1] == NULL && default_timestamp)
    doc->events[1] = g_strdup (default_timestamp);
  for (guint i = 0; i < G_N_ELEMENTS (event_keys); i++)
    if (doc->events[i])
      json_object_set_string_member (result, event_keys[i], doc->events[i]);

  if (json_array_get_length (doc->tags) > 0)
    json_object_set_array_member (result, "_tags", json_array_ref (doc->tags));
  if (doc->root_timestamp)
    json_object_set_string_member (result, "_timestamp", doc->root_timestamp);

  members = json_object_get_members (doc->data);
  for (GList *l = members; l; l = l->next)
    json_object_set_member (result, l->data, json_node_copy (json_object_get_member (doc->data, l->data)));

  return result;
}

static JsonNode *
copy_node (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *copy = json_node_new (JSON_NODE_OBJECT);

      json_node_take_object (copy, ops_device_doc_copy (json_node_get_object (node)));
      return copy;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *source = json_node_get_array (node);
      JsonArray *array = json_array_sized_new (json_array_get_length (source));
      JsonNode *copy = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < json_array_get_length (source); i++)
        json_array_add_element (array, copy_node (json_array_get_element (source, i)));
      json_node_take_array (copy, array);
      return copy;
    }
  return json_node_copy (node);
}

/*
 * Public API
 */

JsonObject *
ops_genieacs_csv_to_document (const char  *csv,
                              gssize       length,
                              const char  *default_timestamp,
                              GError     **error)
{
  g_autoptr(GPtrArray) header = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  CsvDocument doc = { 0 };
  CsvColumns columns;
  CsvReader reader;
  GError *local_error = NULL;
  JsonObject *result;
  guint line = 1;

  g_return_val_if_fail (csv != NULL, NULL);

  reader.p = csv;
  reader.end = csv + (length < 0 ? strlen (csv) : (gsize) length);
  reader.line = 1;

  if (!csv_read_record (&reader, header, &line, &local_error))
    {
      if (local_error == NULL)
        g_set_error_literal (&local_error, OPS_GENIEACS_CSV_ERROR, OPS_GENIEACS_CSV_ERROR_HEADER,
                             "Line 1: the CSV is empty. Export the device again from GenieACS.");
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (!read_header (header, &columns, error))
    return NULL;

  doc.data = json_object_new ();
  doc.device_id = json_object_new ();
  doc.tags = json_array_new ();

  while (csv_read_record (&reader, fields, &line, &local_error))
    {
      /* Blank lines (a single empty field) carry nothing. */
      if (fields->len == 1 && *(const char *) g_ptr_array_index (fields, 0) == '\0')
        continue;
      if (fields->len != header->len)
        {
          g_set_error (&local_error, OPS_GENIEACS_CSV_ERROR, OPS_GENIEACS_CSV_ERROR_SYNTAX,
                       "Line %u has %u fields but the header has %u. Quote the values that "
                       "contain commas or line breaks.", line, fields->len, header->len);
          break;
        }
      if (!add_row (&doc, &columns, fields, line, default_timestamp, &local_error))
        break;
    }

  if (local_error)
    {
      g_propagate_error (error, local_error);
      csv_document_clear (&doc);
      return NULL;
    }

  result = assemble (&doc, default_timestamp);
  csv_document_clear (&doc);
  return result;
}

char *
ops_genieacs_device_id (const char *oui,
                        const char *product_class,
                        const char *serial)
{
  GString *id = g_string_new (NULL);

  append_escaped (id, oui);
  g_string_append_c (id, '-');
  if (product_class && *product_class)
    {
      append_escaped (id, product_class);
      g_string_append_c (id, '-');
    }
  append_escaped (id, serial);
  return g_string_free (id, FALSE);
}

JsonObject *
ops_device_doc_get_node (JsonObject *doc,
                         const char *path)
{
  JsonObject *current = doc;
  const char *segment;

  g_return_val_if_fail (doc != NULL, NULL);

  if (path == NULL)
    return NULL;

  segment = path;
  while (*segment)
    {
      const char *dot = strchr (segment, '.');
      gsize len = dot ? (gsize) (dot - segment) : strlen (segment);
      g_autofree char *long_name = NULL;
      char buffer[64];
      const char *name = buffer;
      JsonNode *member;

      if (len == 0)
        return NULL;
      if (len < sizeof buffer)
        {
          memcpy (buffer, segment, len);
          buffer[len] = '\0';
        }
      else
        name = long_name = g_strndup (segment, len);

      member = json_object_get_member (current, name);
      if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
        return NULL;
      current = json_node_get_object (member);

      /* A trailing dot ("Device.IP.Interface.6.", as references are
       * written) names the same object. */
      if (dot == NULL)
        break;
      segment = dot + 1;
    }
  return current;
}

void
ops_device_doc_set_value (JsonObject *doc,
                          const char *path,
                          JsonNode   *value,
                          const char *type,
                          const char *timestamp)
{
  g_auto(GStrv) segments = NULL;
  JsonObject *parent, *leaf;
  JsonNode *existing;
  gboolean writable = FALSE;
  char *previous_timestamp = NULL;
  guint n;

  g_return_if_fail (doc != NULL);
  g_return_if_fail (path != NULL && *path != '\0');

  if (path[0] == '_' && strchr (path, '.') == NULL)
    {
      json_object_set_member (doc, path, value ? copy_node (value) : json_node_new (JSON_NODE_NULL));
      return;
    }

  segments = g_strsplit (path, ".", -1);
  n = g_strv_length (segments);
  if (n > 1 && segments[n - 1][0] == '\0')   /* trailing dot */
    {
      g_clear_pointer (&segments[n - 1], g_free);
      n--;
    }
  g_return_if_fail (valid_path (segments));

  parent = doc;
  for (guint i = 0; i + 1 < n; i++)
    {
      JsonNode *member = json_object_get_member (parent, segments[i]);

      if (member && JSON_NODE_HOLDS_OBJECT (member) && !is_leaf (json_node_get_object (member)))
        parent = json_node_get_object (member);
      else
        {
          JsonObject *child = new_object_node (timestamp);

          json_object_set_object_member (parent, segments[i], child);
          parent = child;
        }
    }

  existing = json_object_get_member (parent, segments[n - 1]);
  if (existing && JSON_NODE_HOLDS_OBJECT (existing))
    {
      JsonObject *old = json_node_get_object (existing);

      writable = member_boolean (old, "_writable", FALSE);
      previous_timestamp = g_strdup (member_string (old, "_timestamp"));
    }

  if (type == NULL)
    {
      GType value_type = value && JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;

      type = value_type == G_TYPE_BOOLEAN ? "xsd:boolean" : value_type == G_TYPE_INT64 ? "xsd:int" : "xsd:string";
    }

  leaf = json_object_new ();
  json_object_set_boolean_member (leaf, "_object", FALSE);
  json_object_set_boolean_member (leaf, "_writable", writable);
  json_object_set_member (leaf, "_value", value ? copy_node (value) : json_node_new (JSON_NODE_NULL));
  json_object_set_string_member (leaf, "_type", type);
  if (timestamp || previous_timestamp)
    json_object_set_string_member (leaf, "_timestamp", timestamp ? timestamp : previous_timestamp);
  json_object_set_object_member (parent, segments[n - 1], leaf);
  g_free (previous_timestamp);
}

JsonObject *
ops_device_doc_copy (JsonObject *doc)
{
  JsonObject *copy;
  g_autoptr(GList) members = NULL;

  g_return_val_if_fail (doc != NULL, NULL);

  copy = json_object_new ();
  members = json_object_get_members (doc);
  for (GList *l = members; l; l = l->next)
    json_object_set_member (copy, l->data, copy_node (json_object_get_member (doc, l->data)));
  return copy;
}

JsonObject *
ops_device_doc_project (JsonObject        *doc,
                        const char *const *paths)
{
  JsonObject *result;
  JsonNode *id;

  g_return_val_if_fail (doc != NULL, NULL);

  result = json_object_new ();
  id = json_object_get_member (doc, "_id");
  if (id)
    json_object_set_member (result, "_id", copy_node (id));

  for (guint i = 0; paths && paths[i]; i++)
    {
      g_auto(GStrv) segments = g_strsplit (paths[i], ".", -1);
      JsonObject *source = doc, *target = result;
      JsonNode *found;
      guint n = g_strv_length (segments);

      if (n == 0 || !*segments[0])
        continue;

      /* Walk the source first: nothing is created for a missing path. */
      for (guint j = 0; source && j + 1 < n; j++)
        {
          JsonNode *member = json_object_get_member (source, segments[j]);

          source = member && JSON_NODE_HOLDS_OBJECT (member) ? json_node_get_object (member) : NULL;
        }
      found = source ? json_object_get_member (source, segments[n - 1]) : NULL;
      if (found == NULL)
        continue;

      for (guint j = 0; j + 1 < n; j++)
        {
          JsonNode *member = json_object_get_member (target, segments[j]);

          if (member == NULL || !JSON_NODE_HOLDS_OBJECT (member))
            {
              JsonObject *child = json_object_new ();

              json_object_set_object_member (target, segments[j], child);
              target = child;
            }
          else
            target = json_node_get_object (member);
        }
      json_object_set_member (target, segments[n - 1], copy_node (found));
    }

  return result;
}
