/* ops-fake-frappe-query.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the get_list arguments of the fake Frappe into a query: fields
 * (with child-table columns and aliases), filters and or_filters in their
 * list and dict forms, order_by and paging.  ops-fake-frappe-rows.c runs it.
 */

#define G_LOG_DOMAIN "OpsFakeFrappe"

#include "config.h"

#include <string.h>

#include "ops-fake-frappe-query-private.h"

G_DEFINE_QUARK (ops-fake-frappe-error-quark, ops_fake_frappe_error)

/*
 * Auxiliary methods
 */

static void
condition_free (gpointer data)
{
  OpsFakeCondition *condition = data;

  g_free (condition->field);
  g_clear_pointer (&condition->value, json_node_unref);
  g_clear_pointer (&condition->values, g_ptr_array_unref);
  g_free (condition->pattern);
  g_free (condition);
}

static void
column_free (gpointer data)
{
  OpsFakeColumn *column = data;

  g_free (column->field);
  g_free (column->key);
  g_free (column);
}

static void
order_key_free (gpointer data)
{
  OpsFakeOrderKey *key = data;

  g_free (key->field);
  g_free (key);
}

static void
group_free (gpointer data)
{
  OpsFakeGroup *group = data;

  g_free (group->doctype);
  g_ptr_array_unref (group->fields);
  g_ptr_array_unref (group->conditions);
  g_free (group);
}

static char *
strip_quotes (const char *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));
  gsize len = strlen (copy);

  if (len >= 2 &&
      (copy[0] == '`' || copy[0] == '"' || copy[0] == '\'') &&
      copy[len - 1] == copy[0])
    return g_strndup (copy + 1, len - 2);
  return g_steal_pointer (&copy);
}

/* Splits "`tabDynamic Link`.link_name", "tabContact.name" or "name" into a
 * doctype (NULL when none is given) and a field. */
static void
parse_column_name (const char  *spec,
                   char       **doctype,
                   char       **field)
{
  g_autofree char *copy = g_strstrip (g_strdup (spec));
  const char *dot = NULL;

  *doctype = NULL;
  if (copy[0] == '`')
    {
      const char *close = strchr (copy + 1, '`');

      if (close != NULL && close[1] == '.')
        dot = close + 1;
    }
  else if (g_str_has_prefix (copy, "tab"))
    dot = strchr (copy, '.');

  if (dot != NULL)
    {
      g_autofree char *quoted = g_strndup (copy, dot - copy);
      g_autofree char *table = strip_quotes (quoted);

      if (g_str_has_prefix (table, "tab"))
        *doctype = g_strdup (table + 3);
      *field = strip_quotes (dot + 1);
    }
  else
    *field = strip_quotes (copy);
}

/* The group index of a child doctype, adding it; -1 for the doctype itself. */
static int
ensure_group (OpsFakeQuery *query,
              const char   *doctype)
{
  GHashTableIter iter;
  gpointer key, value;
  OpsFakeGroup *group;

  if (doctype == NULL || g_strcmp0 (doctype, query->table->doctype) == 0)
    return -1;

  for (guint i = 0; i < query->groups->len; i++)
    {
      group = g_ptr_array_index (query->groups, i);
      if (g_str_equal (group->doctype, doctype))
        return i;
    }

  group = g_new0 (OpsFakeGroup, 1);
  group->doctype = g_strdup (doctype);
  group->fields = g_ptr_array_new_with_free_func (g_free);
  group->conditions = g_ptr_array_new ();
  group->join = -1;

  g_hash_table_iter_init (&iter, query->table->child_doctypes);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_equal (value, doctype))
      g_ptr_array_add (group->fields, g_strdup (key));
  if (!g_hash_table_contains (query->table->child_doctypes, doctype))
    g_ptr_array_add (group->fields, g_strdup (doctype));

  g_ptr_array_add (query->groups, group);
  return query->groups->len - 1;
}

static void
join_group (OpsFakeQuery *query,
            int           index)
{
  OpsFakeGroup *group;

  if (index < 0)
    return;
  group = g_ptr_array_index (query->groups, index);
  if (group->join < 0)
    {
      group->join = query->n_joins++;
      query->join_groups = g_renew (int, query->join_groups, query->n_joins);
      query->join_groups[group->join] = index;
    }
}

/* A JSON argument: the node itself, or the JSON a string holds. */
static JsonNode *
dup_json_arg (JsonObject *args,
              const char *name)
{
  JsonNode *node = json_object_get_member (args, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      JsonNode *parsed;

      while (g_ascii_isspace (*text))
        text++;
      if (*text != '[' && *text != '{')
        return json_node_ref (node);
      parsed = json_from_string (text, NULL);
      return parsed != NULL ? parsed : json_node_ref (node);
    }

  return json_node_ref (node);
}

static gboolean
get_uint_arg (JsonObject *args,
              const char *name,
              guint      *value)
{
  JsonNode *node = json_object_get_member (args, name);
  gint64 number = 0;

  if (node == NULL || JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      char *end = NULL;

      number = g_ascii_strtoll (text, &end, 10);
      if (end == text || *end != '\0')
        return FALSE;
    }
  else
    {
      double d;

      if (!ops_fake_node_get_number (node, &d))
        return FALSE;
      number = (gint64) d;
    }

  *value = (guint) CLAMP (number, 0, G_MAXUINT);
  return TRUE;
}

static gboolean
parse_op (const char *text,
          OpsFakeOp  *op)
{
  static const struct { const char *text; OpsFakeOp op; } ops[] = {
    { "=", OPS_FAKE_OP_EQ }, { "==", OPS_FAKE_OP_EQ }, { "!=", OPS_FAKE_OP_NE }, { "<>", OPS_FAKE_OP_NE },
    { ">", OPS_FAKE_OP_GT }, { "<", OPS_FAKE_OP_LT }, { ">=", OPS_FAKE_OP_GE }, { "<=", OPS_FAKE_OP_LE },
    { "like", OPS_FAKE_OP_LIKE }, { "not like", OPS_FAKE_OP_NOT_LIKE }, { "in", OPS_FAKE_OP_IN },
    { "not in", OPS_FAKE_OP_NOT_IN }, { "between", OPS_FAKE_OP_BETWEEN }, { "is", OPS_FAKE_OP_IS },
  };
  g_autofree char *lower = g_strstrip (g_ascii_strdown (text, -1));

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_equal (lower, ops[i].text))
      {
        *op = ops[i].op;
        return TRUE;
      }
  return FALSE;
}

static GPtrArray *
value_list (JsonNode *value)
{
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);

  if (value != NULL && JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (value);

      for (guint i = 0; i < json_array_get_length (array); i++)
        g_ptr_array_add (values, json_node_copy (json_array_get_element (array, i)));
    }
  else if (value != NULL && JSON_NODE_HOLDS_VALUE (value) &&
           json_node_get_value_type (value) == G_TYPE_STRING)
    {
      g_auto(GStrv) parts = g_strsplit (json_node_get_string (value), ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          JsonNode *node = json_node_new (JSON_NODE_VALUE);

          json_node_set_string (node, g_strstrip (parts[i]));
          g_ptr_array_add (values, node);
        }
    }
  else if (value != NULL)
    g_ptr_array_add (values, json_node_copy (value));

  return values;
}

static gboolean
add_condition (OpsFakeQuery  *query,
               GPtrArray     *conditions,
               const char    *doctype,
               const char    *column,
               const char    *op_text,
               JsonNode      *value,
               GError       **error)
{
  g_autofree char *column_doctype = NULL;
  g_autofree char *field = NULL;
  OpsFakeCondition *condition;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  OpsFakeOp op;

  if (!parse_op (op_text, &op))
    {
      g_set_error (error, OPS_FAKE_FRAPPE_ERROR, OPS_FAKE_FRAPPE_ERROR_VALIDATION,
                   "Operator must be one of =, !=, >, <, >=, <=, like, not like, in, not in, between, is (got “%s”).",
                   op_text);
      return FALSE;
    }

  parse_column_name (column, &column_doctype, &field);
  condition = g_new0 (OpsFakeCondition, 1);
  condition->group = ensure_group (query, doctype != NULL ? doctype : column_doctype);
  condition->field = g_steal_pointer (&field);
  condition->op = op;
  g_ptr_array_add (conditions, condition);

  switch (op)
    {
    case OPS_FAKE_OP_IN:
    case OPS_FAKE_OP_NOT_IN:
      condition->values = value_list (value);
      break;
    case OPS_FAKE_OP_BETWEEN:
      condition->values = value_list (value);
      if (condition->values->len != 2)
        {
          g_set_error (error, OPS_FAKE_FRAPPE_ERROR, OPS_FAKE_FRAPPE_ERROR_VALIDATION,
                       "The between filter on %s needs two values.", condition->field);
          return FALSE;
        }
      break;
    case OPS_FAKE_OP_LIKE:
    case OPS_FAKE_OP_NOT_LIKE:
      condition->pattern = g_utf8_casefold (ops_fake_node_to_text (value, buffer, sizeof buffer), -1);
      break;
    case OPS_FAKE_OP_IS:
      {
        const char *text = ops_fake_node_to_text (value, buffer, sizeof buffer);

        if (g_ascii_strcasecmp (text, "set") != 0 && g_ascii_strcasecmp (text, "not set") != 0)
          {
            g_set_error (error, OPS_FAKE_FRAPPE_ERROR, OPS_FAKE_FRAPPE_ERROR_VALIDATION,
                         "The is filter on %s takes “set” or “not set”.", condition->field);
            return FALSE;
          }
        condition->set = g_ascii_strcasecmp (text, "set") == 0;
      }
      break;
    case OPS_FAKE_OP_EQ:
    case OPS_FAKE_OP_NE:
    case OPS_FAKE_OP_GT:
    case OPS_FAKE_OP_LT:
    case OPS_FAKE_OP_GE:
    case OPS_FAKE_OP_LE:
    default:
      if (value != NULL && !JSON_NODE_HOLDS_VALUE (value) && !JSON_NODE_HOLDS_NULL (value))
        {
          g_set_error (error, OPS_FAKE_FRAPPE_ERROR, OPS_FAKE_FRAPPE_ERROR_VALIDATION,
                       "The %s filter on %s takes a single value.", op_text, condition->field);
          return FALSE;
        }
      condition->value = value != NULL ? json_node_copy (value) : NULL;
      break;
    }

  return TRUE;
}

static const char *
element_string (JsonArray *array,
                guint      index)
{
  JsonNode *node = json_array_get_element (array, index);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

static gboolean
add_list_filter (OpsFakeQuery  *query,
                 GPtrArray     *conditions,
                 JsonArray     *filter,
                 GError       **error)
{
  guint len = json_array_get_length (filter);
  const char *doctype = NULL;
  const char *field;
  const char *op = "=";
  JsonNode *value;

  if (len >= 4)
    {
      doctype = element_string (filter, 0);
      field = element_string (filter, 1);
      op = element_string (filter, 2);
      value = json_array_get_element (filter, 3);
    }
  else if (len == 3)
    {
      field = element_string (filter, 0);
      op = element_string (filter, 1);
      value = json_array_get_element (filter, 2);
    }
  else if (len == 2)
    {
      field = element_string (filter, 0);
      value = json_array_get_element (filter, 1);
    }
  else
    field = NULL;

  if (field == NULL || op == NULL)
    {
      g_set_error_literal (error, OPS_FAKE_FRAPPE_ERROR, OPS_FAKE_FRAPPE_ERROR_VALIDATION,
                           "Each filter must be [field, operator, value] or [doctype, field, operator, value].");
      return FALSE;
    }

  return add_condition (query, conditions, doctype, field, op, value, error);
}

static gboolean
parse_filters (OpsFakeQuery  *query,
               JsonNode      *node,
               GPtrArray     *conditions,
               GError       **error)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *field;
      JsonNode *value;

      json_object_iter_init_ordered (&iter, json_node_get_object (node));
      while (json_object_iter_next_ordered (&iter, &field, &value))
        {
          if (JSON_NODE_HOLDS_ARRAY (value) && json_array_get_length (json_node_get_array (value)) >= 1 &&
              element_string (json_node_get_array (value), 0) != NULL)
            {
              JsonArray *pair = json_node_get_array (value);

              if (!add_condition (query, conditions, NULL, field, element_string (pair, 0),
                                  json_array_get_length (pair) > 1 ? json_array_get_element (pair, 1) : NULL,
                                  error))
                return FALSE;
            }
          else if (!add_condition (query, conditions, NULL, field, "=", value, error))
            return FALSE;
        }
      return TRUE;
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      guint len = json_array_get_length (array);

      /* A single filter written flat: ["status", "=", "Open"]. */
      if (len >= 3 && element_string (array, 0) != NULL)
        return add_list_filter (query, conditions, array, error);

      for (guint i = 0; i < len; i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (!JSON_NODE_HOLDS_ARRAY (element))
            {
              g_set_error_literal (error, OPS_FAKE_FRAPPE_ERROR, OPS_FAKE_FRAPPE_ERROR_VALIDATION,
                                   "Filters must be a list of lists or an object.");
              return FALSE;
            }
          if (!add_list_filter (query, conditions, json_node_get_array (element), error))
            return FALSE;
        }
      return TRUE;
    }

  g_set_error_literal (error, OPS_FAKE_FRAPPE_ERROR, OPS_FAKE_FRAPPE_ERROR_VALIDATION,
                       "Filters must be JSON: a list of lists or an object.");
  return FALSE;
}

static void
add_column (OpsFakeQuery *query,
            const char   *spec)
{
  g_autofree char *copy = g_strstrip (g_strdup (spec));
  g_autofree char *doctype = NULL;
  g_autofree char *field = NULL;
  char *alias = NULL;
  OpsFakeColumn *column;

  if (*copy == '\0')
    return;

  /* "<column> as <alias>" */
  for (char *p = copy + strlen (copy); p > copy + 3; p--)
    if (g_ascii_strncasecmp (p - 4, " as ", 4) == 0)
      {
        alias = strip_quotes (p);
        p[-4] = '\0';
        break;
      }

  parse_column_name (copy, &doctype, &field);
  column = g_new0 (OpsFakeColumn, 1);
  column->group = ensure_group (query, doctype);
  column->star = g_str_equal (field, "*");
  column->key = alias != NULL ? alias : g_strdup (field);
  column->field = g_steal_pointer (&field);
  if (column->star && column->group >= 0)
    {
      /* Every field of a child row is not something clients ask for. */
      column->star = FALSE;
    }
  join_group (query, column->group);
  g_ptr_array_add (query->columns, column);
}

static void
parse_columns (OpsFakeQuery *query,
               JsonNode     *node)
{
  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (element_string (array, i) != NULL)
          add_column (query, element_string (array, i));
    }
  else if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
           json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_auto(GStrv) parts = g_strsplit (json_node_get_string (node), ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        add_column (query, parts[i]);
    }

  if (query->columns->len == 0)
    add_column (query, "name");

  for (guint i = 0; i < query->columns->len && !query->dedupe_keys; i++)
    {
      OpsFakeColumn *column = g_ptr_array_index (query->columns, i);

      if (column->star)
        query->dedupe_keys = TRUE;
      for (guint j = 0; j < i && !query->dedupe_keys; j++)
        {
          OpsFakeColumn *other = g_ptr_array_index (query->columns, j);

          if (g_str_equal (other->key, column->key))
            query->dedupe_keys = TRUE;
        }
    }
}

static void
parse_order (OpsFakeQuery *query,
             const char   *order_by)
{
  g_auto(GStrv) parts = NULL;

  if (order_by == NULL || *order_by == '\0')
    order_by = "modified desc";

  parts = g_strsplit (order_by, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *part = g_strstrip (parts[i]);
      g_autofree char *doctype = NULL;
      g_autofree char *field = NULL;
      char *space = strrchr (part, ' ');
      gboolean desc = FALSE;
      OpsFakeOrderKey *key;

      if (*part == '\0')
        continue;
      if (space != NULL &&
          (g_ascii_strcasecmp (space + 1, "desc") == 0 || g_ascii_strcasecmp (space + 1, "asc") == 0))
        {
          desc = g_ascii_strcasecmp (space + 1, "desc") == 0;
          *space = '\0';
        }

      parse_column_name (part, &doctype, &field);
      key = g_new0 (OpsFakeOrderKey, 1);
      key->group = ensure_group (query, doctype);
      key->field = g_steal_pointer (&field);
      key->desc = desc;
      join_group (query, key->group);
      g_ptr_array_add (query->orders, key);
    }
}

/*
 * Private API
 */

OpsFakeQuery *
ops_fake_query_new (OpsFakeTable  *table,
                    JsonObject    *args,
                    GError       **error)
{
  g_autoptr(OpsFakeQuery) query = g_new0 (OpsFakeQuery, 1);
  g_autoptr(JsonNode) fields = dup_json_arg (args, "fields");
  g_autoptr(JsonNode) filters = dup_json_arg (args, "filters");
  g_autoptr(JsonNode) or_filters = dup_json_arg (args, "or_filters");
  g_autoptr(JsonNode) order_by = dup_json_arg (args, "order_by");
  guint page_length = 20;

  query->table = table;
  query->columns = g_ptr_array_new_with_free_func (column_free);
  query->filters = g_ptr_array_new_with_free_func (condition_free);
  query->or_filters = g_ptr_array_new_with_free_func (condition_free);
  query->orders = g_ptr_array_new_with_free_func (order_key_free);
  query->groups = g_ptr_array_new_with_free_func (group_free);

  parse_columns (query, fields);
  if (!parse_filters (query, filters, query->filters, error) ||
      !parse_filters (query, or_filters, query->or_filters, error))
    return NULL;
  parse_order (query,
               order_by != NULL && JSON_NODE_HOLDS_VALUE (order_by) &&
               json_node_get_value_type (order_by) == G_TYPE_STRING ? json_node_get_string (order_by) : NULL);

  for (guint i = 0; i < query->filters->len; i++)
    {
      OpsFakeCondition *condition = g_ptr_array_index (query->filters, i);

      if (condition->group >= 0)
        {
          OpsFakeGroup *group = g_ptr_array_index (query->groups, condition->group);

          g_ptr_array_add (group->conditions, condition);
        }
    }

  get_uint_arg (args, "limit_start", &query->start);
  if (!get_uint_arg (args, "limit_page_length", &page_length))
    get_uint_arg (args, "limit", &page_length);
  query->page_length = page_length;

  return g_steal_pointer (&query);
}

void
ops_fake_query_free (OpsFakeQuery *query)
{
  if (query == NULL)
    return;
  g_clear_pointer (&query->columns, g_ptr_array_unref);
  g_clear_pointer (&query->filters, g_ptr_array_unref);
  g_clear_pointer (&query->or_filters, g_ptr_array_unref);
  g_clear_pointer (&query->orders, g_ptr_array_unref);
  g_clear_pointer (&query->groups, g_ptr_array_unref);
  g_free (query->join_groups);
  g_free (query);
}
