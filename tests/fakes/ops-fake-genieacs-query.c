/* ops-fake-genieacs-query.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The part of MongoDB's query language the NBI passes through, with the
 * NBI's own expansion of device queries (genieacs-oktopus.md §1.2): a
 * parameter path gets "._value" unless its last segment starts with "_",
 * and a string value also matches the number it spells, a "/re/flags"
 * regular expression, and the regular expression a "*" wildcard makes.
 * Projections and sorting too.
 */

#define G_LOG_DOMAIN "OpsFakeGenieacs"

#include "config.h"

#include <string.h>

#include "ops-fake-genieacs-private.h"

G_DEFINE_QUARK (ops-fake-genieacs-error-quark, ops_fake_genieacs_error)

static gboolean match_query (JsonObject  *doc,
                             JsonObject  *query,
                             gboolean     expand,
                             GError     **error);

/*
 * Auxiliary methods
 */

static JsonNode *
node_copy (JsonNode *node)
{
  JsonNode *copy;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      copy = json_node_new (JSON_NODE_OBJECT);
      json_node_take_object (copy, ops_fake_genieacs_object_copy (json_node_get_object (node)));
      return copy;

    case JSON_NODE_ARRAY:
      {
        JsonArray *source = json_node_get_array (node);
        JsonArray *array = json_array_sized_new (json_array_get_length (source));

        for (guint i = 0; i < json_array_get_length (source); i++)
          json_array_add_element (array, node_copy (json_array_get_element (source, i)));
        copy = json_node_new (JSON_NODE_ARRAY);
        json_node_take_array (copy, array);
        return copy;
      }

    case JSON_NODE_VALUE:
    case JSON_NODE_NULL:
    default:
      return json_node_copy (node);
    }
}

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

static gboolean
is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

/* JavaScript's `+s === parseFloat(s)`: the whole string is a number. */
static gboolean
parse_number (const char *text,
              double     *value)
{
  char *end = NULL;

  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0' || g_ascii_strncasecmp (text, "0x", 2) == 0 ||
      g_ascii_strncasecmp (text, "inf", 3) == 0 || g_ascii_strncasecmp (text, "nan", 3) == 0)
    return FALSE;

  *value = g_ascii_strtod (text, &end);
  while (end != NULL && g_ascii_isspace (*end))
    end++;
  return end != NULL && end != text && *end == '\0';
}

static GDateTime *
parse_date (const char *text)
{
  return g_date_time_new_from_iso8601 (text, NULL);
}

/* The regular expression lib/query.ts makes of a "*" wildcard, quirks
 * included: only the first special character is escaped and only the
 * first inner "*" becomes ".*". */
static GRegex *
wildcard_regex (const char *input)
{
  static const char special[] = "[]\\^$.|?+()";
  g_autoptr(GString) pattern = NULL;
  const char *star;
  gboolean escaped = FALSE;

  if (strchr (input, '*') == NULL)
    return NULL;

  pattern = g_string_new (NULL);
  for (const char *p = input; *p != '\0'; p++)
    {
      if (!escaped && strchr (special, *p) != NULL)
        {
          g_string_append_c (pattern, '\\');
          escaped = TRUE;
        }
      g_string_append_c (pattern, *p);
    }

  if (pattern->str[0] == '*')
    {
      gsize n = strspn (pattern->str, "*");

      g_string_erase (pattern, 0, n);
    }
  else
    g_string_prepend_c (pattern, '^');

  if (pattern->len > 0 && pattern->str[pattern->len - 1] == '*')
    {
      while (pattern->len > 0 && pattern->str[pattern->len - 1] == '*')
        g_string_truncate (pattern, pattern->len - 1);
    }
  else
    g_string_append_c (pattern, '$');

  star = strchr (pattern->str, '*');
  if (star != NULL)
    g_string_insert_c (pattern, star - pattern->str, '.');

  return g_regex_new (pattern->str, 0, 0, NULL);
}

/* "/re/flags" as lib/query.ts reads it. */
static GRegex *
slash_regex (const char *input)
{
  g_autofree char *body = NULL;
  GRegexCompileFlags flags = 0;
  const char *last;

  if (input[0] != '/')
    return NULL;
  last = strrchr (input + 1, '/');
  if (last == NULL)
    return NULL;
  for (const char *f = last + 1; *f != '\0'; f++)
    {
      if (*f == 'i')
        flags |= G_REGEX_CASELESS;
      else if (*f == 'm')
        flags |= G_REGEX_MULTILINE;
      else if (*f != 'g' && *f != 'y')
        return NULL;
    }

  body = g_strndup (input + 1, last - input - 1);
  return g_regex_new (body, flags, 0, NULL);
}

static gboolean
regex_matches (GRegex   *regex,
               JsonNode *node)
{
  return is_string (node) && g_regex_match (regex, json_node_get_string (node), 0, NULL);
}

/* Equality of two scalars (numbers by value). */
static gboolean
scalar_equal (JsonNode *a,
              JsonNode *b)
{
  if (JSON_NODE_HOLDS_NULL (b))
    return a == NULL || JSON_NODE_HOLDS_NULL (a);
  if (a == NULL || !JSON_NODE_HOLDS_VALUE (a) || !JSON_NODE_HOLDS_VALUE (b))
    return FALSE;
  if (is_number (a) && is_number (b))
    return json_node_get_double (a) == json_node_get_double (b);
  if (json_node_get_value_type (a) != json_node_get_value_type (b))
    return FALSE;
  if (is_string (a))
    return g_str_equal (json_node_get_string (a), json_node_get_string (b));
  return json_node_get_boolean (a) == json_node_get_boolean (b);
}

/* A field equals a value when it does, or when it is an array holding it. */
static gboolean
field_equals (JsonNode *field,
              JsonNode *value)
{
  if (field != NULL && JSON_NODE_HOLDS_ARRAY (field) && !JSON_NODE_HOLDS_ARRAY (value))
    {
      JsonArray *array = json_node_get_array (field);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (scalar_equal (json_array_get_element (array, i), value))
          return TRUE;
      return FALSE;
    }

  if (field != NULL && JSON_NODE_HOLDS_ARRAY (field))
    return json_node_equal (field, value);

  return scalar_equal (field, value);
}

/* The NBI's expansion of a value: any alternative equal is a match. */
static gboolean
field_equals_expanded (JsonNode *field,
                       JsonNode *value,
                       gboolean  expand)
{
  const char *text;
  double number;

  if (field_equals (field, value))
    return TRUE;
  if (!expand || !is_string (value))
    return FALSE;

  text = json_node_get_string (value);
  if (parse_number (text, &number) && is_number (field) && json_node_get_double (field) == number)
    return TRUE;

  {
    g_autoptr(GRegex) slash = slash_regex (text);
    g_autoptr(GRegex) wildcard = wildcard_regex (text);

    if (slash != NULL && regex_matches (slash, field))
      return TRUE;
    if (wildcard != NULL && regex_matches (wildcard, field))
      return TRUE;
  }

  return FALSE;
}

/* <0, 0, >0, or G_MAXINT when the two cannot be compared. */
static int
compare_values (JsonNode *a,
                JsonNode *b)
{
  if (a == NULL || b == NULL || !JSON_NODE_HOLDS_VALUE (a) || !JSON_NODE_HOLDS_VALUE (b))
    return G_MAXINT;

  if (is_number (a) && is_number (b))
    {
      double x = json_node_get_double (a);
      double y = json_node_get_double (b);

      return x < y ? -1 : x > y ? 1 : 0;
    }

  if (is_string (a) && is_string (b))
    {
      g_autoptr(GDateTime) x = parse_date (json_node_get_string (a));
      g_autoptr(GDateTime) y = parse_date (json_node_get_string (b));

      if (x != NULL && y != NULL)
        return g_date_time_compare (x, y);
      return strcmp (json_node_get_string (a), json_node_get_string (b));
    }

  if (is_string (a) && is_number (b))
    {
      double x;

      if (parse_number (json_node_get_string (a), &x))
        return x < json_node_get_double (b) ? -1 : x > json_node_get_double (b) ? 1 : 0;
    }

  return G_MAXINT;
}

static gboolean
compare_matches (JsonNode   *field,
                 JsonNode   *value,
                 const char *op)
{
  int order = compare_values (field, value);

  if (order == G_MAXINT)
    return FALSE;
  if (g_str_equal (op, "$gt"))
    return order > 0;
  if (g_str_equal (op, "$gte"))
    return order >= 0;
  if (g_str_equal (op, "$lt"))
    return order < 0;
  return order <= 0;
}

static gboolean
set_unsupported (GError    **error,
                 const char *op)
{
  g_set_error (error, OPS_FAKE_GENIEACS_ERROR, OPS_FAKE_GENIEACS_ERROR_QUERY,
               "Error: Operator %s not supported", op);
  return FALSE;
}

static gboolean
in_matches (JsonNode  *field,
            JsonNode  *list,
            gboolean   expand,
            gboolean  *result,
            GError   **error)
{
  JsonArray *array;

  if (!JSON_NODE_HOLDS_ARRAY (list))
    {
      g_set_error (error, OPS_FAKE_GENIEACS_ERROR, OPS_FAKE_GENIEACS_ERROR_QUERY,
                   "Error: $in needs an array");
      return FALSE;
    }

  array = json_node_get_array (list);
  *result = FALSE;
  for (guint i = 0; i < json_array_get_length (array) && !*result; i++)
    *result = field_equals_expanded (field, json_array_get_element (array, i), expand);
  return TRUE;
}

/* A condition on one field: a value, or an object of operators. */
static gboolean
match_condition (JsonNode    *field,
                 JsonNode    *condition,
                 gboolean     expand,
                 gboolean    *result,
                 GError     **error)
{
  JsonObject *operators;
  JsonObjectIter iter;
  const char *op;
  JsonNode *arg;
  const char *options = NULL;

  if (!JSON_NODE_HOLDS_OBJECT (condition))
    {
      *result = field_equals_expanded (field, condition, expand);
      return TRUE;
    }

  operators = json_node_get_object (condition);
  {
    g_autoptr(GList) names = json_object_get_members (operators);

    if (names == NULL || ((const char *)names->data)[0] != '$')
      {
        /* An embedded document: equality as a whole. */
        *result = field != NULL && json_node_equal (field, condition);
        return TRUE;
      }
  }

  if (json_object_has_member (operators, "$options"))
    options = json_object_get_string_member_with_default (operators, "$options", "");

  *result = TRUE;
  json_object_iter_init (&iter, operators);
  while (*result && json_object_iter_next (&iter, &op, &arg))
    {
      gboolean ok = FALSE;

      if (g_str_equal (op, "$eq"))
        ok = field_equals_expanded (field, arg, expand);
      else if (g_str_equal (op, "$ne"))
        ok = !field_equals_expanded (field, arg, expand);
      else if (g_str_equal (op, "$gt") || g_str_equal (op, "$gte") ||
               g_str_equal (op, "$lt") || g_str_equal (op, "$lte"))
        {
          ok = compare_matches (field, arg, op);
          if (!ok && expand && is_string (arg))
            {
              double number;

              if (parse_number (json_node_get_string (arg), &number))
                {
                  g_autoptr(JsonNode) alternative = json_node_init_double (json_node_alloc (), number);

                  ok = compare_matches (field, alternative, op);
                }
            }
        }
      else if (g_str_equal (op, "$in"))
        {
          if (!in_matches (field, arg, expand, &ok, error))
            return FALSE;
        }
      else if (g_str_equal (op, "$nin"))
        {
          if (!in_matches (field, arg, expand, &ok, error))
            return FALSE;
          ok = !ok;
        }
      else if (g_str_equal (op, "$exists"))
        ok = (field != NULL) == (JSON_NODE_HOLDS_VALUE (arg) && json_node_get_boolean (arg));
      else if (g_str_equal (op, "$regex"))
        {
          g_autoptr(GRegex) regex = NULL;
          GRegexCompileFlags flags = 0;

          if (!is_string (arg))
            return set_unsupported (error, op);
          if (options != NULL && strchr (options, 'i') != NULL)
            flags |= G_REGEX_CASELESS;
          regex = g_regex_new (json_node_get_string (arg), flags, 0, error);
          if (regex == NULL)
            return FALSE;
          ok = regex_matches (regex, field);
        }
      else if (g_str_equal (op, "$options"))
        ok = TRUE;
      else
        return set_unsupported (error, op);

      *result = ok;
    }

  return TRUE;
}

static gboolean
match_logical (JsonObject  *doc,
               const char  *op,
               JsonNode    *arg,
               gboolean     expand,
               gboolean    *result,
               GError     **error)
{
  gboolean is_or = g_str_equal (op, "$or");
  gboolean is_and = g_str_equal (op, "$and");
  gboolean is_nor = g_str_equal (op, "$nor");
  gboolean any = FALSE;
  gboolean all = TRUE;
  JsonArray *array;

  if (!is_or && !is_and && !is_nor)
    return set_unsupported (error, op);
  if (!JSON_NODE_HOLDS_ARRAY (arg))
    {
      g_set_error (error, OPS_FAKE_GENIEACS_ERROR, OPS_FAKE_GENIEACS_ERROR_QUERY,
                   "Error: %s needs an array", op);
      return FALSE;
    }

  array = json_node_get_array (arg);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      gboolean matched;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_set_error (error, OPS_FAKE_GENIEACS_ERROR, OPS_FAKE_GENIEACS_ERROR_QUERY,
                       "Error: %s needs an array of objects", op);
          return FALSE;
        }
      matched = match_query (doc, json_node_get_object (element), expand, error);
      if (error != NULL && *error != NULL)
        return FALSE;
      any = any || matched;
      all = all && matched;
    }

  *result = is_or ? any : is_and ? all : !any;
  return TRUE;
}

static gboolean
match_query (JsonObject  *doc,
             JsonObject  *query,
             gboolean     expand,
             GError     **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *condition;

  json_object_iter_init (&iter, query);
  while (json_object_iter_next (&iter, &key, &condition))
    {
      gboolean result = FALSE;

      if (key[0] == '$')
        {
          if (!match_logical (doc, key, condition, expand, &result, error))
            return FALSE;
        }
      else
        {
          const char *dot = strrchr (key, '.');
          const char *last = dot != NULL ? dot + 1 : key;
          g_autofree char *path = NULL;

          path = expand && last[0] != '_' ? g_strconcat (key, "._value", NULL) : g_strdup (key);
          if (!match_condition (ops_fake_genieacs_lookup (doc, path), condition, expand,
                                &result, error))
            return FALSE;
        }

      if (!result)
        return FALSE;
    }

  return TRUE;
}

/* Copies the subtree at path (dotted) of source into target. */
static void
copy_path (JsonObject *source,
           JsonObject *target,
           const char *path)
{
  g_auto(GStrv) segments = g_strsplit (path, ".", -1);
  guint n = g_strv_length (segments);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_object_get_member (source, segments[i]);

      if (node == NULL)
        return;

      if (i == n - 1)
        {
          json_object_set_member (target, segments[i], node_copy (node));
          return;
        }

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return;
      source = json_node_get_object (node);

      if (!json_object_has_member (target, segments[i]) ||
          !JSON_NODE_HOLDS_OBJECT (json_object_get_member (target, segments[i])))
        json_object_set_object_member (target, segments[i], json_object_new ());
      target = json_object_get_object_member (target, segments[i]);
    }
}

typedef struct
{
  JsonObject *sort;
  gboolean    expand;
} SortData;

static int
compare_docs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  JsonObject *x = *(JsonObject * const *)a;
  JsonObject *y = *(JsonObject * const *)b;
  SortData *data = user_data;
  JsonObjectIter iter;
  const char *key;
  JsonNode *direction;

  json_object_iter_init (&iter, data->sort);
  while (json_object_iter_next (&iter, &key, &direction))
    {
      const char *dot = strrchr (key, '.');
      const char *last = dot != NULL ? dot + 1 : key;
      g_autofree char *path = NULL;
      JsonNode *vx;
      JsonNode *vy;
      int order;

      path = data->expand && last[0] != '_' ? g_strconcat (key, "._value", NULL) : g_strdup (key);
      vx = ops_fake_genieacs_lookup (x, path);
      vy = ops_fake_genieacs_lookup (y, path);

      /* Missing values sort first, as MongoDB's null does. */
      if (vx == NULL || vy == NULL)
        order = (vx != NULL) - (vy != NULL);
      else
        {
          order = compare_values (vx, vy);
          if (order == G_MAXINT)
            order = 0;
        }

      if (is_number (direction) && json_node_get_double (direction) < 0)
        order = -order;
      if (order != 0)
        return order;
    }

  return 0;
}

/*
 * Shared API
 */

JsonObject *
ops_fake_genieacs_object_copy (JsonObject *object)
{
  JsonObject *copy = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, object);
  while (json_object_iter_next_ordered (&iter, &member, &node))
    json_object_set_member (copy, member, node_copy (node));

  return copy;
}

JsonNode *
ops_fake_genieacs_lookup (JsonObject *doc,
                          const char *path)
{
  const char *start = path;
  JsonNode *node = NULL;

  while (doc != NULL)
    {
      const char *dot = strchr (start, '.');
      g_autofree char *segment = dot != NULL ? g_strndup (start, dot - start) : g_strdup (start);

      node = json_object_get_member (doc, segment);
      if (node == NULL || dot == NULL)
        return node;
      doc = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      start = dot + 1;
    }

  return NULL;
}

gboolean
ops_fake_genieacs_match (JsonObject  *doc,
                         JsonObject  *query,
                         gboolean     expand,
                         GError     **error)
{
  GError *local_error = NULL;
  gboolean result;

  result = match_query (doc, query, expand, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return result;
}

JsonObject *
ops_fake_genieacs_project (JsonObject *doc,
                           GStrv       projection)
{
  JsonObject *projected;

  if (projection == NULL)
    return ops_fake_genieacs_object_copy (doc);

  projected = json_object_new ();
  if (json_object_has_member (doc, "_id"))
    json_object_set_member (projected, "_id", node_copy (json_object_get_member (doc, "_id")));

  for (guint i = 0; projection[i] != NULL; i++)
    if (projection[i][0] != '\0')
      copy_path (doc, projected, projection[i]);

  return projected;
}

void
ops_fake_genieacs_sort (GPtrArray  *docs,
                        JsonObject *sort,
                        gboolean    expand)
{
  SortData data = { sort, expand };

  g_ptr_array_sort_with_data (docs, compare_docs, &data);
}
