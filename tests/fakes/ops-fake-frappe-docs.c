/* ops-fake-frappe-docs.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The documents of the fake Frappe and the routes that change them: insert
 * (naming, mandatory fields, refusals, duplicates), update (timestamp check,
 * child tables replaced), delete (with its Deleted Document), get, list and
 * the frappe.client methods, with the v1 error bodies.  Everything here runs
 * with the lock held.
 */

#define G_LOG_DOMAIN "OpsFakeFrappe"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ops-fake-frappe-payment-private.h"
#include "ops-fake-frappe-private.h"

static const guint pow10_table[] = { 1, 10, 100, 1000, 10000, 100000 };

/*
 * Auxiliary methods
 */

static char *
random_hash (void)
{
  static const char digits[] = "0123456789abcdef";
  char hash[11];

  for (guint i = 0; i < 10; i++)
    hash[i] = digits[g_random_int_range (0, 16)];
  hash[10] = '\0';
  return g_strdup (hash);
}

static char *
format_clock (gint64 usec)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);
  g_autofree char *seconds = g_date_time_format (date, "%Y-%m-%d %H:%M:%S");

  return g_strdup_printf ("%s.%06d", seconds, (int) (usec % G_USEC_PER_SEC));
}

static JsonNode *
node_deep_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_alloc ();
      json_node_init_object (copy, NULL);
      json_node_take_object (copy, ops_fake_object_copy (json_node_get_object (node)));
      return copy;
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *array_copy = json_array_sized_new (json_array_get_length (array));

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (array_copy, node_deep_copy (json_array_get_element (array, i)));
        copy = json_node_alloc ();
        json_node_init_array (copy, NULL);
        json_node_take_array (copy, array_copy);
        return copy;
      }
    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static void
doc_free (gpointer data)
{
  OpsFakeDoc *doc = data;

  g_free (doc->name);
  g_free (doc->modified);
  json_object_unref (doc->object);
  g_free (doc);
}

static void
reindex_doc (OpsFakeTable *table,
             OpsFakeDoc   *doc)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_sequence_remove (doc->iter);
  g_free (doc->modified);
  doc->modified = g_strdup (ops_fake_member_text (doc->object, "modified", buffer, sizeof buffer));
  doc->iter = g_sequence_insert_sorted (table->by_modified, doc, ops_fake_doc_compare, NULL);
}

static void
reply_take (OpsFakeReply *reply,
            guint         status,
            GString      *body)
{
  if (reply->body != NULL)
    g_string_free (reply->body, TRUE);
  reply->status = status;
  reply->body = body;
}

static void
reply_doc (OpsFakeReply *reply,
           const char   *key,
           OpsFakeTable *table,
           JsonObject   *object)
{
  GString *body = g_string_new ("{\"");

  g_string_append (body, key);
  g_string_append (body, "\":");
  ops_fake_json_write_doc (body, table->doctype, object, FALSE);
  g_string_append_c (body, '}');
  reply_take (reply, 200, body);
}

static void
reply_not_found (OpsFakeReply *reply,
                 const char   *doctype,
                 const char   *name)
{
  ops_fake_reply_error (reply, 404, "DoesNotExistError", "%s %s not found", doctype, name);
}

/* The first refusal rule that body breaks. */
static const char *
refusal_message (OpsFakeTable *table,
                 JsonObject   *body)
{
  for (guint i = 0; i < table->refusals->len; i++)
    {
      OpsFakeRefusal *refusal = g_ptr_array_index (table->refusals, i);
      JsonNode *node = json_object_get_member (body, refusal->field);
      char buffer[G_ASCII_DTOSTR_BUF_SIZE];

      if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
          g_str_equal (ops_fake_node_to_text (node, buffer, sizeof buffer), refusal->value))
        return refusal->message;
    }
  return NULL;
}

static char *
new_name (OpsFakeTable *table,
          JsonObject   *body)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (g_str_equal (table->naming, "prompt"))
    {
      const char *name = ops_fake_member_text (body, "name", buffer, sizeof buffer);

      return *name != '\0' ? g_strdup (name) : NULL;
    }

  if (g_str_has_prefix (table->naming, "series:"))
    {
      const char *prefix = table->naming + strlen ("series:");
      char *name = NULL;

      do
        {
          g_free (name);
          name = g_strdup_printf ("%s%05u", prefix, ++table->series);
        }
      while (g_hash_table_contains (table->docs, name));
      return name;
    }

  for (;;)
    {
      char *name = random_hash ();

      if (!g_hash_table_contains (table->docs, name))
        return name;
      g_free (name);
    }
}

static void
handle_insert (OpsFakeFrappe *self,
               OpsFakeTable  *table,
               JsonObject    *body,
               OpsFakeReply  *reply)
{
  static const char * const managed[] = {
    "name", "owner", "creation", "modified", "modified_by", "docstatus", "doctype", "flags", NULL,
  };
  g_autoptr(GPtrArray) missing = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *name = new_name (table, body);
  g_autofree char *now = NULL;
  const char *refused;
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (name == NULL)
    {
      ops_fake_reply_error (reply, 417, "MandatoryError", "Error: Value missing for %s: name", table->doctype);
      return;
    }

  for (guint i = 0; table->mandatory != NULL && table->mandatory[i] != NULL; i++)
    if (*ops_fake_member_text (body, table->mandatory[i], buffer, sizeof buffer) == '\0')
      g_ptr_array_add (missing, g_strdup_printf ("Error: Value missing for %s: %s",
                                                 table->doctype, table->mandatory[i]));
  if (missing->len > 0)
    {
      g_ptr_array_add (missing, NULL);
      ops_fake_reply_errors (reply, 417, "MandatoryError", (const char * const *) missing->pdata);
      return;
    }

  refused = refusal_message (table, body);
  if (refused != NULL)
    {
      ops_fake_reply_error (reply, 417, "ValidationError", "%s", refused);
      return;
    }

  if (g_hash_table_contains (table->docs, name))
    {
      ops_fake_reply_error (reply, 409, "DuplicateEntryError", "%s %s already exists", table->doctype, name);
      return;
    }

  now = ops_fake_tick (self);
  object = json_object_new ();
  json_object_set_string_member (object, "name", name);
  json_object_set_string_member (object, "owner", OPS_FAKE_API_USER);
  json_object_set_string_member (object, "creation", now);
  json_object_set_string_member (object, "modified", now);
  json_object_set_string_member (object, "modified_by", OPS_FAKE_API_USER);
  value = json_object_get_member (body, "docstatus");
  if (value != NULL && JSON_NODE_HOLDS_VALUE (value))
    json_object_set_member (object, "docstatus", json_node_copy (value));
  else
    json_object_set_int_member (object, "docstatus", 0);

  json_object_iter_init_ordered (&iter, body);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    if (!g_strv_contains (managed, member))
      json_object_set_member (object, member, node_deep_copy (value));

  ops_fake_doc_fix_children (table, object, name);
  ops_fake_doc_store (table, object);
  table->writes++;
  reply_doc (reply, "data", table, object);
}

static void
handle_update (OpsFakeFrappe *self,
               OpsFakeTable  *table,
               OpsFakeDoc    *doc,
               JsonObject    *body,
               OpsFakeReply  *reply)
{
  static const char * const managed[] = {
    "name", "owner", "creation", "modified", "modified_by", "doctype", "flags", NULL,
  };
  JsonNode *sent = json_object_get_member (body, "modified");
  g_autofree char *now = NULL;
  const char *refused;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (sent != NULL && !JSON_NODE_HOLDS_NULL (sent) &&
      !g_str_equal (ops_fake_node_to_text (sent, buffer, sizeof buffer), doc->modified))
    {
      ops_fake_reply_error (reply, 417, "TimestampMismatchError",
                            "Error: Document has been modified after you have opened it (%s , %s). "
                            "Please refresh to get the latest document.",
                            doc->modified, ops_fake_node_to_text (sent, buffer, sizeof buffer));
      return;
    }

  refused = refusal_message (table, body);
  if (refused != NULL)
    {
      ops_fake_reply_error (reply, 417, "ValidationError", "%s", refused);
      return;
    }

  json_object_iter_init_ordered (&iter, body);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    if (!g_strv_contains (managed, member))
      json_object_set_member (doc->object, member, node_deep_copy (value));

  now = ops_fake_tick (self);
  json_object_set_string_member (doc->object, "modified", now);
  json_object_set_string_member (doc->object, "modified_by", OPS_FAKE_API_USER);
  ops_fake_doc_fix_children (table, doc->object, doc->name);
  reindex_doc (table, doc);
  table->writes++;
  reply_doc (reply, "data", table, doc->object);
}

static void
handle_list (OpsFakeTable *table,
             JsonObject   *args,
             const char   *key,
             OpsFakeReply *reply)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsFakeQuery) query = ops_fake_query_new (table, args, &error);
  GString *body;

  if (query == NULL)
    {
      ops_fake_reply_error (reply, 417, "ValidationError", "%s", error->message);
      return;
    }

  body = g_string_sized_new (4096);
  g_string_append_printf (body, "{\"%s\":", key);
  ops_fake_query_write_rows (query, body);
  g_string_append_c (body, '}');
  reply_take (reply, 200, body);
}

/*
 * Private API
 */

void
ops_fake_refusal_free (gpointer data)
{
  OpsFakeRefusal *refusal = data;

  g_free (refusal->field);
  g_free (refusal->value);
  g_free (refusal->message);
  g_free (refusal);
}

void
ops_fake_table_free (gpointer data)
{
  OpsFakeTable *table = data;

  g_sequence_free (table->by_modified);
  g_hash_table_unref (table->docs);
  g_hash_table_unref (table->child_doctypes);
  g_free (table->doctype);
  g_free (table->naming);
  g_strfreev (table->mandatory);
  g_ptr_array_unref (table->refusals);
  g_free (table);
}

OpsFakeTable *
ops_fake_table_ensure (OpsFakeFrappe *self,
                       const char    *doctype)
{
  OpsFakeTable *table = g_hash_table_lookup (self->tables, doctype);

  if (table == NULL)
    {
      table = g_new0 (OpsFakeTable, 1);
      table->doctype = g_strdup (doctype);
      table->docs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, doc_free);
      table->by_modified = g_sequence_new (NULL);
      table->child_doctypes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      table->naming = g_strdup ("hash");
      table->refusals = g_ptr_array_new_with_free_func (ops_fake_refusal_free);
      g_hash_table_insert (self->tables, table->doctype, table);
    }
  return table;
}

OpsFakeDoc *
ops_fake_doc_lookup (OpsFakeFrappe *self,
                     const char    *doctype,
                     const char    *name)
{
  OpsFakeTable *table = g_hash_table_lookup (self->tables, doctype);

  return table != NULL ? g_hash_table_lookup (table->docs, name) : NULL;
}

/* Called with the lock held. */
char *
ops_fake_tick (OpsFakeFrappe *self)
{
  self->clock = MAX (self->clock + 1, g_get_real_time ());
  return format_clock (self->clock);
}

void
ops_fake_clock_observe (OpsFakeFrappe *self,
                        const char    *timestamp)
{
  g_autoptr(GDateTime) date = NULL;
  char fraction[7] = "";
  int year, month, day, hour, minute, second;
  gint64 usec;

  if (sscanf (timestamp, "%4d-%2d-%2d %2d:%2d:%2d.%6[0-9]",
              &year, &month, &day, &hour, &minute, &second, fraction) < 6)
    return;
  date = g_date_time_new_utc (year, month, day, hour, minute, second);
  if (date == NULL)
    return;

  usec = g_date_time_to_unix (date) * G_USEC_PER_SEC;
  for (guint i = 0; i < 6; i++)
    usec += (fraction[i] >= '0' && fraction[i] <= '9' ? fraction[i] - '0' : 0) *
            (gint64) pow10_table[5 - i];
  self->clock = MAX (self->clock, usec);
}

JsonObject *
ops_fake_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    json_object_set_member (copy, member, node_deep_copy (value));
  return copy;
}

const char *
ops_fake_member_text (JsonObject *object,
                      const char *member,
                      char       *buffer,
                      gsize       size)
{
  return ops_fake_node_to_text (json_object_get_member (object, member), buffer, size);
}

/* Stores object (taking it) under its name, replacing any older document. */
void
ops_fake_doc_store (OpsFakeTable *table,
                    JsonObject   *object)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *name = ops_fake_member_text (object, "name", buffer, sizeof buffer);
  OpsFakeDoc *doc = g_hash_table_lookup (table->docs, name);

  if (doc != NULL)
    {
      g_sequence_remove (doc->iter);
      g_hash_table_remove (table->docs, name);
    }

  doc = g_new0 (OpsFakeDoc, 1);
  doc->name = g_strdup (name);
  doc->modified = g_strdup (ops_fake_member_text (object, "modified", buffer, sizeof buffer));
  doc->object = object;
  doc->iter = g_sequence_insert_sorted (table->by_modified, doc, ops_fake_doc_compare, NULL);
  g_hash_table_insert (table->docs, doc->name, doc);
}

void
ops_fake_doc_fix_children (OpsFakeTable *table,
                           JsonObject   *object,
                           const char   *name)
{
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &value))
    {
      JsonArray *rows;
      guint idx = 0;

      if (!JSON_NODE_HOLDS_ARRAY (value))
        continue;
      rows = json_node_get_array (value);
      for (guint i = 0; i < json_array_get_length (rows); i++)
        {
          JsonNode *element = json_array_get_element (rows, i);
          JsonObject *row;

          if (!JSON_NODE_HOLDS_OBJECT (element))
            continue;
          row = json_node_get_object (element);
          if (!json_object_has_member (row, "name") ||
              JSON_NODE_HOLDS_NULL (json_object_get_member (row, "name")))
            {
              g_autofree char *row_name = random_hash ();

              json_object_set_string_member (row, "name", row_name);
            }
          json_object_set_string_member (row, "parent", name);
          json_object_set_string_member (row, "parentfield", member);
          json_object_set_string_member (row, "parenttype", table->doctype);
          json_object_set_int_member (row, "idx", ++idx);
          json_object_set_string_member (row, "doctype", ops_fake_table_child_doctype (table, member));
        }
    }
}

/* Removes a document, recording it as a Deleted Document as Frappe does. */
void
ops_fake_doc_remove (OpsFakeFrappe *self,
                     OpsFakeTable  *table,
                     OpsFakeDoc    *doc)
{
  if (!g_str_equal (table->doctype, OPS_FAKE_DELETED_DOCUMENT) &&
      !g_hash_table_contains (self->forbidden, OPS_FAKE_DELETED_DOCUMENT))
    {
      g_autoptr(GString) data = g_string_new (NULL);
      g_autofree char *now = ops_fake_tick (self);
      g_autofree char *name = random_hash ();
      JsonObject *record = json_object_new ();

      ops_fake_json_write_doc (data, table->doctype, doc->object, TRUE);
      json_object_set_string_member (record, "name", name);
      json_object_set_string_member (record, "owner", OPS_FAKE_API_USER);
      json_object_set_string_member (record, "creation", now);
      json_object_set_string_member (record, "modified", now);
      json_object_set_string_member (record, "modified_by", OPS_FAKE_API_USER);
      json_object_set_int_member (record, "docstatus", 0);
      json_object_set_string_member (record, "deleted_name", doc->name);
      json_object_set_string_member (record, "deleted_doctype", table->doctype);
      json_object_set_int_member (record, "restored", 0);
      json_object_set_string_member (record, "data", data->str);
      ops_fake_doc_store (ops_fake_table_ensure (self, OPS_FAKE_DELETED_DOCUMENT), record);
    }

  g_sequence_remove (doc->iter);
  g_hash_table_remove (table->docs, doc->name);
}

void
ops_fake_reply_literal (OpsFakeReply *reply,
                        guint         status,
                        const char   *body)
{
  reply_take (reply, status, g_string_new (body));
}

/* {"exc_type": ..., "_server_messages": "[\"{\\\"message\\\": ...}\"]"}: a
 * JSON string holding a JSON array of JSON strings, as Frappe v1 sends. */
void
ops_fake_reply_errors (OpsFakeReply       *reply,
                       guint               status,
                       const char         *exc_type,
                       const char * const *messages)
{
  GString *body = g_string_new ("{\"exc_type\":");

  ops_fake_json_write_string (body, exc_type);
  if (messages != NULL && messages[0] != NULL)
    {
      g_autoptr(GString) list = g_string_new ("[");

      for (guint i = 0; messages[i] != NULL; i++)
        {
          g_autoptr(GString) inner = g_string_new ("{\"message\":");
          g_autofree char *exc_id = random_hash ();

          ops_fake_json_write_string (inner, messages[i]);
          g_string_append (inner, ",\"title\":\"Message\",\"indicator\":\"red\","
                                  "\"raise_exception\":1,\"__frappe_exc_id\":");
          ops_fake_json_write_string (inner, exc_id);
          g_string_append_c (inner, '}');
          if (i > 0)
            g_string_append_c (list, ',');
          ops_fake_json_write_string (list, inner->str);
        }
      g_string_append_c (list, ']');
      g_string_append (body, ",\"_server_messages\":");
      ops_fake_json_write_string (body, list->str);
    }
  g_string_append_c (body, '}');
  reply_take (reply, status, body);
}

void
ops_fake_reply_error (OpsFakeReply *reply,
                      guint         status,
                      const char   *exc_type,
                      const char   *format,
                      ...)
{
  g_autofree char *message = NULL;
  const char *messages[2] = { NULL, NULL };
  va_list args;

  if (format != NULL)
    {
      va_start (args, format);
      message = g_strdup_vprintf (format, args);
      va_end (args);
      messages[0] = message;
    }
  ops_fake_reply_errors (reply, status, exc_type, messages);
}

void
ops_fake_handle_resource (OpsFakeFrappe *self,
                          const char    *http_method,
                          const char    *doctype,
                          const char    *name,
                          JsonObject    *args,
                          JsonObject    *body,
                          OpsFakeReply  *reply)
{
  OpsFakeTable *table = ops_fake_table_ensure (self, doctype);
  OpsFakeDoc *doc = NULL;

  if (name == NULL)
    {
      if (g_str_equal (http_method, "GET"))
        handle_list (table, args, "data", reply);
      else if (g_str_equal (http_method, "POST"))
        handle_insert (self, table, body, reply);
      else
        ops_fake_reply_error (reply, 404, "DoesNotExistError", "Page not found");
      return;
    }

  doc = g_hash_table_lookup (table->docs, name);
  if (doc == NULL)
    {
      reply_not_found (reply, doctype, name);
      return;
    }

  if (g_str_equal (http_method, "GET"))
    reply_doc (reply, "data", table, doc->object);
  else if (g_str_equal (http_method, "PUT"))
    handle_update (self, table, doc, body, reply);
  else if (g_str_equal (http_method, "DELETE"))
    {
      ops_fake_doc_remove (self, table, doc);
      table->writes++;
      ops_fake_reply_literal (reply, 202, "{\"data\":\"ok\"}");
    }
  else
    ops_fake_reply_error (reply, 404, "DoesNotExistError", "Page not found");
}

/* frappe.desk.form.assign_to.add / remove: the assignment is a ToDo, and
 * the document's _assign (JSON text of the assignees) is updated without
 * touching "modified", as Frappe does.  add takes assign_to as a JSON list
 * (text or array) and skips someone already assigned; remove takes one
 * e-mail. */
static void
handle_assign (OpsFakeFrappe *self,
               gboolean       add,
               JsonObject    *args,
               OpsFakeReply  *reply)
{
  char doctype_buf[G_ASCII_DTOSTR_BUF_SIZE];
  char name_buf[256];
  const char *doctype = ops_fake_member_text (args, "doctype", doctype_buf, sizeof doctype_buf);
  const char *name = ops_fake_member_text (args, "name", name_buf, sizeof name_buf);
  OpsFakeDoc *doc = ops_fake_doc_lookup (self, doctype, name);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonArray) current = json_array_new ();
  g_autoptr(JsonArray) wanted = NULL;
  JsonNode *assign_to = json_object_get_member (args, "assign_to");
  const char *text = json_object_get_string_member_with_default (doc ? doc->object : args, "_assign", NULL);
  GString *out = g_string_new ("{\"message\":[");
  g_autofree char *assign_text = NULL;

  if (doc == NULL)
    {
      g_string_free (out, TRUE);
      ops_fake_reply_error (reply, 404, "DoesNotExistError", "%s %s not found", doctype, name);
      return;
    }
  if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
      JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      JsonArray *list = json_node_get_array (json_parser_get_root (parser));

      for (guint i = 0; i < json_array_get_length (list); i++)
        json_array_add_string_element (current, json_array_get_string_element (list, i));
    }

  if (add)
    {
      g_autoptr(JsonParser) list_parser = json_parser_new ();

      if (assign_to != NULL && JSON_NODE_HOLDS_ARRAY (assign_to))
        wanted = json_array_ref (json_node_get_array (assign_to));
      else if (assign_to != NULL && JSON_NODE_HOLDS_VALUE (assign_to) &&
               json_parser_load_from_data (list_parser, json_node_get_string (assign_to), -1, NULL) &&
               JSON_NODE_HOLDS_ARRAY (json_parser_get_root (list_parser)))
        wanted = json_array_ref (json_node_get_array (json_parser_get_root (list_parser)));
      if (wanted == NULL)
        {
          g_string_free (out, TRUE);
          ops_fake_reply_error (reply, 417, "ValidationError", "assign_to must be a list of users.");
          return;
        }
      for (guint i = 0; i < json_array_get_length (wanted); i++)
        {
          const char *user = json_array_get_string_element (wanted, i);
          gboolean present = FALSE;

          for (guint j = 0; j < json_array_get_length (current); j++)
            present |= g_strcmp0 (json_array_get_string_element (current, j), user) == 0;
          if (!present)
            json_array_add_string_element (current, user);
        }
    }
  else
    {
      const char *user = assign_to != NULL && JSON_NODE_HOLDS_VALUE (assign_to) ? json_node_get_string (assign_to) : NULL;
      g_autoptr(JsonArray) kept = json_array_new ();

      for (guint j = 0; j < json_array_get_length (current); j++)
        if (g_strcmp0 (json_array_get_string_element (current, j), user) != 0)
          json_array_add_string_element (kept, json_array_get_string_element (current, j));
      g_clear_pointer (&current, json_array_unref);
      current = json_array_ref (kept);
    }

  {
    g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), current);

    assign_text = json_to_string (node, FALSE);
  }
  json_object_set_string_member (doc->object, "_assign", assign_text);
  for (guint j = 0; j < json_array_get_length (current); j++)
    {
      g_string_append (out, j > 0 ? ",{\"owner\":" : "{\"owner\":");
      ops_fake_json_write_string (out, json_array_get_string_element (current, j));
      g_string_append (out, "}");
    }
  g_string_append (out, "]}");
  ops_fake_reply_literal (reply, 200, out->str);
  g_string_free (out, TRUE);
}

void
ops_fake_handle_method (OpsFakeFrappe *self,
                        const char    *method,
                        JsonObject    *args,
                        OpsFakeReply  *reply)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  const char *doctype;
  OpsFakeTable *table;
  OpsFakeDoc *doc;

  if (g_str_equal (method, "frappe.auth.get_logged_user"))
    {
      ops_fake_reply_literal (reply, 200, "{\"message\":\"" OPS_FAKE_API_USER "\"}");
      return;
    }
  if (g_str_equal (method, "frappe.ping"))
    {
      ops_fake_reply_literal (reply, 200, "{\"message\":\"pong\"}");
      return;
    }

  if (g_str_equal (method, "frappe.desk.form.assign_to.add") ||
      g_str_equal (method, "frappe.desk.form.assign_to.remove"))
    {
      handle_assign (self, g_str_has_suffix (method, ".add"), args, reply);
      return;
    }

  if (g_str_equal (method, OPS_FAKE_GET_PAYMENT_ENTRY))
    {
      ops_fake_handle_get_payment_entry (self, args, reply);
      return;
    }

  if (!g_str_equal (method, "frappe.client.get_count") &&
      !g_str_equal (method, "frappe.client.get_list") &&
      !g_str_equal (method, "frappe.client.get") &&
      !g_str_equal (method, "frappe.client.delete"))
    {
      ops_fake_reply_error (reply, 404, "DoesNotExistError", "Method %s not found", method);
      return;
    }

  doctype = ops_fake_member_text (args, "doctype", buffer, sizeof buffer);
  if (*doctype == '\0')
    {
      ops_fake_reply_error (reply, 417, "ValidationError", "%s needs a doctype argument.", method);
      return;
    }
  if (g_hash_table_contains (self->forbidden, doctype))
    {
      ops_fake_reply_errors (reply, 403, "PermissionError", NULL);
      return;
    }
  table = ops_fake_table_ensure (self, doctype);

  if (g_str_equal (method, "frappe.client.get_count"))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OpsFakeQuery) query = ops_fake_query_new (table, args, &error);

      if (query == NULL)
        {
          ops_fake_reply_error (reply, 417, "ValidationError", "%s", error->message);
          return;
        }
      reply_take (reply, 200, g_string_new (NULL));
      g_string_printf (reply->body, "{\"message\":%u}", ops_fake_query_count (query));
      return;
    }
  if (g_str_equal (method, "frappe.client.get_list"))
    {
      handle_list (table, args, "message", reply);
      return;
    }

  doc = g_hash_table_lookup (table->docs, ops_fake_member_text (args, "name", buffer, sizeof buffer));
  if (doc == NULL)
    {
      reply_not_found (reply, table->doctype, ops_fake_member_text (args, "name", buffer, sizeof buffer));
      return;
    }
  if (g_str_equal (method, "frappe.client.get"))
    reply_doc (reply, "message", table, doc->object);
  else
    {
      /* frappe.client.delete returns None: the answer has no "message". */
      ops_fake_doc_remove (self, table, doc);
      table->writes++;
      ops_fake_reply_literal (reply, 200, "{}");
    }
}

const char *
ops_fake_table_child_doctype (OpsFakeTable *table,
                              const char   *field)
{
  const char *doctype = g_hash_table_lookup (table->child_doctypes, field);

  return doctype != NULL ? doctype : field;
}

int
ops_fake_doc_compare (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  const OpsFakeDoc *doc_a = a;
  const OpsFakeDoc *doc_b = b;
  int c = strcmp (doc_a->modified, doc_b->modified);

  return c != 0 ? c : strcmp (doc_a->name, doc_b->name);
}
