/* ops-fake-frappe-rows.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Running a list query of the fake Frappe: filters as MariaDB would apply
 * them, child-table joins, paging and the JSON rows.  A query ordered by
 * modified (then name) walks the doctype's (modified, name) index from the
 * bound its filters give, so a keyset page costs its size plus a seek;
 * anything else scans and sorts.
 */

#define G_LOG_DOMAIN "OpsFakeFrappe"

#include "config.h"

#include <string.h>

#include "ops-fake-frappe-query-private.h"

/* Called for each output row (a document and one row per joined child
 * doctype); returns FALSE to stop. */
typedef gboolean (*RowFunc) (OpsFakeQuery  *query,
                             OpsFakeDoc    *doc,
                             JsonObject   **rows,
                             gpointer       user_data);

/*
 * Comparing values
 */

/* Reads a number out of a string or null (null is 0, as ifnull(x, 0)). */
static gboolean
node_parse_number (JsonNode *node,
                   double   *number)
{
  const char *text;
  char *end = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *number = 0;
      return TRUE;
    }
  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  text = json_node_get_string (node);
  if (*text == '\0')
    return FALSE;
  *number = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0';
}

/* Numbers compare as numbers when one side is a number and the other reads
 * as one; everything else compares as text, null being "". */
static int
compare_nodes (JsonNode *a,
               JsonNode *b)
{
  char buffer_a[G_ASCII_DTOSTR_BUF_SIZE];
  char buffer_b[G_ASCII_DTOSTR_BUF_SIZE];
  double number_a = 0;
  double number_b = 0;
  gboolean a_is_number = ops_fake_node_get_number (a, &number_a);
  gboolean b_is_number = ops_fake_node_get_number (b, &number_b);

  if ((a_is_number || b_is_number) &&
      (a_is_number || node_parse_number (a, &number_a)) &&
      (b_is_number || node_parse_number (b, &number_b)))
    return (number_a > number_b) - (number_a < number_b);

  return strcmp (ops_fake_node_to_text (a, buffer_a, sizeof buffer_a),
                 ops_fake_node_to_text (b, buffer_b, sizeof buffer_b));
}

/* SQL LIKE on case-folded text: % is any run, _ one character, \ escapes. */
static gboolean
like_match (const char *text,
            const char *pattern)
{
  const char *star_pattern = NULL;
  const char *star_text = NULL;

  while (*text != '\0')
    {
      const char *p = pattern;
      gboolean literal = FALSE;

      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          literal = TRUE;
        }

      if (!literal && *p == '%')
        {
          while (*pattern == '%')
            pattern++;
          if (*pattern == '\0')
            return TRUE;
          star_pattern = pattern;
          star_text = text;
          continue;
        }

      if (*p != '\0')
        {
          gsize pattern_len = g_utf8_next_char (p) - p;
          gsize text_len = g_utf8_next_char (text) - text;

          if ((!literal && *p == '_') ||
              (pattern_len == text_len && memcmp (p, text, text_len) == 0))
            {
              pattern = p + pattern_len;
              text += text_len;
              continue;
            }
        }

      if (star_pattern == NULL)
        return FALSE;
      star_text = g_utf8_next_char (star_text);
      text = star_text;
      pattern = star_pattern;
    }

  while (*pattern == '%')
    pattern++;
  return *pattern == '\0';
}

static gboolean
condition_matches (OpsFakeCondition *condition,
                   JsonObject       *object)
{
  JsonNode *node = NULL;
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (object != NULL)
    node = json_object_get_member (object, condition->field);

  switch (condition->op)
    {
    case OPS_FAKE_OP_EQ:
      return compare_nodes (node, condition->value) == 0;
    case OPS_FAKE_OP_NE:
      return compare_nodes (node, condition->value) != 0;
    case OPS_FAKE_OP_GT:
      return compare_nodes (node, condition->value) > 0;
    case OPS_FAKE_OP_LT:
      return compare_nodes (node, condition->value) < 0;
    case OPS_FAKE_OP_GE:
      return compare_nodes (node, condition->value) >= 0;
    case OPS_FAKE_OP_LE:
      return compare_nodes (node, condition->value) <= 0;
    case OPS_FAKE_OP_LIKE:
    case OPS_FAKE_OP_NOT_LIKE:
      {
        g_autofree char *folded = g_utf8_casefold (ops_fake_node_to_text (node, buffer, sizeof buffer), -1);
        gboolean match = like_match (folded, condition->pattern);

        return condition->op == OPS_FAKE_OP_LIKE ? match : !match;
      }
    case OPS_FAKE_OP_IN:
    case OPS_FAKE_OP_NOT_IN:
      for (guint i = 0; i < condition->values->len; i++)
        if (compare_nodes (node, g_ptr_array_index (condition->values, i)) == 0)
          return condition->op == OPS_FAKE_OP_IN;
      return condition->op == OPS_FAKE_OP_NOT_IN;
    case OPS_FAKE_OP_BETWEEN:
      return compare_nodes (node, g_ptr_array_index (condition->values, 0)) >= 0 &&
             compare_nodes (node, g_ptr_array_index (condition->values, 1)) <= 0;
    case OPS_FAKE_OP_IS:
      {
        gboolean is_set = *ops_fake_node_to_text (node, buffer, sizeof buffer) != '\0';

        return condition->set ? is_set : !is_set;
      }
    default:
      g_assert_not_reached ();
    }
}

/*
 * Rows of a document
 */

/* Rows of a group's child doctype in doc. */
static void
collect_rows (OpsFakeGroup *group,
              OpsFakeDoc   *doc,
              GPtrArray    *rows)
{
  for (guint i = 0; i < group->fields->len; i++)
    {
      JsonNode *node = json_object_get_member (doc->object, g_ptr_array_index (group->fields, i));
      JsonArray *array;

      if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
        continue;
      array = json_node_get_array (node);
      for (guint j = 0; j < json_array_get_length (array); j++)
        {
          JsonNode *element = json_array_get_element (array, j);

          if (JSON_NODE_HOLDS_OBJECT (element))
            g_ptr_array_add (rows, json_node_get_object (element));
        }
    }
}

static gboolean
rows_match (GPtrArray  *conditions,
            JsonObject *row)
{
  for (guint i = 0; i < conditions->len; i++)
    if (!condition_matches (g_ptr_array_index (conditions, i), row))
      return FALSE;
  return TRUE;
}

/* As a SQL join: a doc without rows joins one row of nulls. */
static GPtrArray *
matching_rows (OpsFakeGroup *group,
               OpsFakeDoc   *doc,
               GPtrArray    *conditions)
{
  GPtrArray *rows = g_ptr_array_new ();
  GPtrArray *matches = g_ptr_array_new ();

  collect_rows (group, doc, rows);
  if (rows->len == 0)
    g_ptr_array_add (rows, NULL);
  for (guint i = 0; i < rows->len; i++)
    if (rows_match (conditions, g_ptr_array_index (rows, i)))
      g_ptr_array_add (matches, g_ptr_array_index (rows, i));
  g_ptr_array_unref (rows);
  return matches;
}

static gboolean
exists_row (OpsFakeGroup *group,
            OpsFakeDoc   *doc,
            GPtrArray    *conditions)
{
  g_autoptr(GPtrArray) matches = matching_rows (group, doc, conditions);

  return matches->len > 0;
}

static gboolean
or_filters_match (OpsFakeQuery  *query,
                  OpsFakeDoc    *doc,
                  JsonObject   **rows)
{
  if (query->or_filters->len == 0)
    return TRUE;

  for (guint i = 0; i < query->or_filters->len; i++)
    {
      OpsFakeCondition *condition = g_ptr_array_index (query->or_filters, i);
      OpsFakeGroup *group;

      if (condition->group < 0)
        {
          if (condition_matches (condition, doc->object))
            return TRUE;
          continue;
        }

      group = g_ptr_array_index (query->groups, condition->group);
      if (group->join >= 0)
        {
          if (condition_matches (condition, rows[group->join]))
            return TRUE;
        }
      else
        {
          g_autoptr(GPtrArray) single = g_ptr_array_new ();

          g_ptr_array_add (single, condition);
          if (exists_row (group, doc, single))
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
emit_combinations (OpsFakeQuery  *query,
                   OpsFakeDoc    *doc,
                   GPtrArray    **candidates,
                   JsonObject   **rows,
                   guint          depth,
                   RowFunc        func,
                   gpointer       user_data)
{
  if (depth == query->n_joins)
    {
      if (!or_filters_match (query, doc, rows))
        return TRUE;
      return func (query, doc, rows, user_data);
    }

  for (guint i = 0; i < candidates[depth]->len; i++)
    {
      rows[depth] = g_ptr_array_index (candidates[depth], i);
      if (!emit_combinations (query, doc, candidates, rows, depth + 1, func, user_data))
        return FALSE;
    }
  return TRUE;
}

/* Calls func for every output row of doc; FALSE when func stopped. */
static gboolean
expand_doc (OpsFakeQuery *query,
            OpsFakeDoc   *doc,
            RowFunc       func,
            gpointer      user_data)
{
  GPtrArray **candidates;
  JsonObject **rows;
  gboolean empty = FALSE;
  gboolean result;

  for (guint i = 0; i < query->filters->len; i++)
    {
      OpsFakeCondition *condition = g_ptr_array_index (query->filters, i);

      if (condition->group < 0 && !condition_matches (condition, doc->object))
        return TRUE;
    }

  for (guint i = 0; i < query->groups->len; i++)
    {
      OpsFakeGroup *group = g_ptr_array_index (query->groups, i);

      if (group->join < 0 && group->conditions->len > 0 &&
          !exists_row (group, doc, group->conditions))
        return TRUE;
    }

  if (query->n_joins == 0)
    {
      if (!or_filters_match (query, doc, NULL))
        return TRUE;
      return func (query, doc, NULL, user_data);
    }

  candidates = g_new0 (GPtrArray *, query->n_joins);
  rows = g_new0 (JsonObject *, query->n_joins);
  for (guint j = 0; j < query->n_joins; j++)
    {
      OpsFakeGroup *group = g_ptr_array_index (query->groups, query->join_groups[j]);

      candidates[j] = matching_rows (group, doc, group->conditions);
      if (candidates[j]->len == 0)
        empty = TRUE;
    }

  result = empty || emit_combinations (query, doc, candidates, rows, 0, func, user_data);

  for (guint j = 0; j < query->n_joins; j++)
    g_ptr_array_unref (candidates[j]);
  g_free (candidates);
  g_free (rows);
  return result;
}

static gboolean
key_emitted (const char **keys,
             guint        n_keys,
             const char  *key)
{
  for (guint i = 0; i < n_keys; i++)
    if (g_str_equal (keys[i], key))
      return TRUE;
  return FALSE;
}

static void
write_member (GString    *out,
              const char *key,
              JsonNode   *value,
              gboolean   *first)
{
  if (!*first)
    g_string_append_c (out, ',');
  *first = FALSE;
  ops_fake_json_write_string (out, key);
  g_string_append_c (out, ':');
  ops_fake_json_write_node (out, value, FALSE);
}

static void
write_row (OpsFakeQuery  *query,
           OpsFakeDoc    *doc,
           JsonObject   **rows,
           GString       *out)
{
  g_autofree const char **keys = NULL;
  guint n_keys = 0;
  gboolean first = TRUE;

  if (query->dedupe_keys)
    keys = g_new (const char *, json_object_get_size (doc->object) + query->columns->len);

  g_string_append_c (out, '{');
  for (guint i = 0; i < query->columns->len; i++)
    {
      OpsFakeColumn *column = g_ptr_array_index (query->columns, i);

      if (column->star)
        {
          JsonObjectIter iter;
          const char *member;
          JsonNode *value;

          json_object_iter_init_ordered (&iter, doc->object);
          while (json_object_iter_next_ordered (&iter, &member, &value))
            {
              if (JSON_NODE_HOLDS_ARRAY (value) || key_emitted (keys, n_keys, member))
                continue;
              keys[n_keys++] = member;
              write_member (out, member, value, &first);
            }
        }
      else
        {
          JsonObject *object = doc->object;
          JsonNode *value;

          if (column->group >= 0)
            {
              OpsFakeGroup *group = g_ptr_array_index (query->groups, column->group);

              object = rows[group->join];
            }
          value = object != NULL ? json_object_get_member (object, column->field) : NULL;

          if (keys != NULL)
            {
              if (key_emitted (keys, n_keys, column->key))
                continue;
              keys[n_keys++] = column->key;
            }
          write_member (out, column->key, value, &first);
        }
    }
  g_string_append_c (out, '}');
}

/* Paging over the rows in their final order. */
typedef struct
{
  GString *out;
  guint    skip;
  guint    left;
  gboolean unlimited;
  guint    written;
} PageState;

static gboolean
page_row (OpsFakeQuery  *query,
          OpsFakeDoc    *doc,
          JsonObject   **rows,
          gpointer       user_data)
{
  PageState *state = user_data;

  if (state->skip > 0)
    {
      state->skip--;
      return TRUE;
    }
  if (state->written > 0)
    g_string_append_c (state->out, ',');
  write_row (query, doc, rows, state->out);
  state->written++;
  if (!state->unlimited && --state->left == 0)
    return FALSE;
  return TRUE;
}

/*
 * The (modified, name) index
 */

typedef struct
{
  const char *modified;
  const char *name;     /* NULL: any name */
  gboolean    strict;
} Bound;

typedef struct
{
  const char *modified;
  const char *name;
  gboolean    after;    /* sorts after the documents equal to it */
} SeekKey;

static int
doc_vs_bound (const OpsFakeDoc *doc,
              const char       *modified,
              const char       *name)
{
  int c = strcmp (doc->modified, modified);

  if (c == 0 && name != NULL)
    c = strcmp (doc->name, name);
  return c;
}

static int
seek_compare (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const SeekKey *key = user_data;
  const OpsFakeDoc *doc = (gconstpointer) key == a ? b : a;
  int c = -doc_vs_bound (doc, key->modified, key->name);

  if (c == 0)
    c = key->after ? 1 : -1;
  return (gconstpointer) key == a ? c : -c;
}

static GSequenceIter *
seek (GSequence   *sequence,
      const Bound *bound,
      gboolean     after)
{
  SeekKey key = { bound->modified, bound->name, after };

  return g_sequence_search (sequence, &key, seek_compare, &key);
}

static const char *
condition_string (OpsFakeCondition *condition,
                  JsonNode         *node)
{
  if (condition->group >= 0 || node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static void
tighten (Bound      *bound,
         const char *modified,
         gboolean    strict,
         gboolean    lower)
{
  int c;

  if (modified == NULL)
    return;
  if (bound->modified == NULL)
    {
      bound->modified = modified;
      bound->strict = strict;
      return;
    }
  c = strcmp (modified, bound->modified);
  if ((lower && c > 0) || (!lower && c < 0) || (c == 0 && strict))
    {
      bound->modified = modified;
      bound->strict = strict;
    }
}

/* The range of the index that the AND-ed filters allow. */
static void
index_bounds (OpsFakeQuery *query,
              Bound        *lower,
              Bound        *upper)
{
  const char *equal = NULL;

  for (guint i = 0; i < query->filters->len; i++)
    {
      OpsFakeCondition *condition = g_ptr_array_index (query->filters, i);
      const char *value = condition_string (condition, condition->value);

      if (!g_str_equal (condition->field, "modified"))
        continue;

      switch (condition->op)
        {
        case OPS_FAKE_OP_EQ:
          tighten (lower, value, FALSE, TRUE);
          tighten (upper, value, FALSE, FALSE);
          equal = value;
          break;
        case OPS_FAKE_OP_GT:
        case OPS_FAKE_OP_GE:
          tighten (lower, value, condition->op == OPS_FAKE_OP_GT, TRUE);
          break;
        case OPS_FAKE_OP_LT:
        case OPS_FAKE_OP_LE:
          tighten (upper, value, condition->op == OPS_FAKE_OP_LT, FALSE);
          break;
        case OPS_FAKE_OP_BETWEEN:
          tighten (lower, condition_string (condition, g_ptr_array_index (condition->values, 0)), FALSE, TRUE);
          tighten (upper, condition_string (condition, g_ptr_array_index (condition->values, 1)), FALSE, FALSE);
          break;
        case OPS_FAKE_OP_NE:
        case OPS_FAKE_OP_LIKE:
        case OPS_FAKE_OP_NOT_LIKE:
        case OPS_FAKE_OP_IN:
        case OPS_FAKE_OP_NOT_IN:
        case OPS_FAKE_OP_IS:
        default:
          break;
        }
    }

  if (equal == NULL)
    return;

  /* modified = X and name > Y: start right after (X, Y). */
  for (guint i = 0; i < query->filters->len; i++)
    {
      OpsFakeCondition *condition = g_ptr_array_index (query->filters, i);
      const char *value = condition_string (condition, condition->value);

      if (value == NULL || !g_str_equal (condition->field, "name"))
        continue;
      if ((condition->op == OPS_FAKE_OP_GT || condition->op == OPS_FAKE_OP_GE) &&
          g_str_equal (lower->modified, equal) && !lower->strict)
        {
          lower->name = value;
          lower->strict = condition->op == OPS_FAKE_OP_GT;
        }
      else if ((condition->op == OPS_FAKE_OP_LT || condition->op == OPS_FAKE_OP_LE) &&
               g_str_equal (upper->modified, equal) && !upper->strict)
        {
          upper->name = value;
          upper->strict = condition->op == OPS_FAKE_OP_LT;
        }
    }
}

/* TRUE when the order is modified [, name] in one direction. */
static gboolean
uses_index (OpsFakeQuery *query,
            gboolean     *desc)
{
  OpsFakeOrderKey *first;
  OpsFakeOrderKey *second;

  if (query->orders->len == 0 || query->orders->len > 2)
    return FALSE;
  first = g_ptr_array_index (query->orders, 0);
  if (first->group >= 0 || !g_str_equal (first->field, "modified"))
    return FALSE;
  if (query->orders->len == 2)
    {
      second = g_ptr_array_index (query->orders, 1);
      if (second->group >= 0 || !g_str_equal (second->field, "name") || second->desc != first->desc)
        return FALSE;
    }
  *desc = first->desc;
  return TRUE;
}

static void
walk_index (OpsFakeQuery *query,
            gboolean      desc,
            RowFunc       func,
            gpointer      user_data)
{
  GSequence *sequence = query->table->by_modified;
  Bound lower = { NULL, NULL, FALSE };
  Bound upper = { NULL, NULL, FALSE };
  GSequenceIter *iter;

  index_bounds (query, &lower, &upper);

  if (!desc)
    {
      iter = lower.modified != NULL ? seek (sequence, &lower, lower.strict)
                                    : g_sequence_get_begin_iter (sequence);
      for (; !g_sequence_iter_is_end (iter); iter = g_sequence_iter_next (iter))
        {
          OpsFakeDoc *doc = g_sequence_get (iter);

          if (upper.modified != NULL)
            {
              int c = doc_vs_bound (doc, upper.modified, upper.name);

              if (c > 0 || (c == 0 && upper.strict))
                break;
            }
          if (!expand_doc (query, doc, func, user_data))
            break;
        }
    }
  else
    {
      iter = upper.modified != NULL ? seek (sequence, &upper, !upper.strict)
                                    : g_sequence_get_end_iter (sequence);
      while (!g_sequence_iter_is_begin (iter))
        {
          OpsFakeDoc *doc;

          iter = g_sequence_iter_prev (iter);
          doc = g_sequence_get (iter);
          if (lower.modified != NULL)
            {
              int c = doc_vs_bound (doc, lower.modified, lower.name);

              if (c < 0 || (c == 0 && lower.strict))
                break;
            }
          if (!expand_doc (query, doc, func, user_data))
            break;
        }
    }
}

/*
 * Scan and sort
 */

typedef struct
{
  OpsFakeDoc  *doc;
  guint        seq;
  JsonObject **rows;
  JsonNode    *keys[];
} Match;

static void
match_free (gpointer data)
{
  Match *match = data;

  g_free (match->rows);
  g_free (match);
}

static gboolean
collect_match (OpsFakeQuery  *query,
               OpsFakeDoc    *doc,
               JsonObject   **rows,
               gpointer       user_data)
{
  GPtrArray *matches = user_data;
  Match *match = g_malloc0 (sizeof (Match) + query->orders->len * sizeof (JsonNode *));

  match->doc = doc;
  match->seq = matches->len;
  if (query->n_joins > 0)
    match->rows = g_memdup2 (rows, query->n_joins * sizeof (JsonObject *));

  for (guint i = 0; i < query->orders->len; i++)
    {
      OpsFakeOrderKey *key = g_ptr_array_index (query->orders, i);
      JsonObject *object = doc->object;

      if (key->group >= 0)
        {
          OpsFakeGroup *group = g_ptr_array_index (query->groups, key->group);

          object = match->rows[group->join];
        }
      match->keys[i] = object != NULL ? json_object_get_member (object, key->field) : NULL;
    }

  g_ptr_array_add (matches, match);
  return TRUE;
}

static int
match_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const Match *match_a = *(const Match * const *) a;
  const Match *match_b = *(const Match * const *) b;
  OpsFakeQuery *query = user_data;

  for (guint i = 0; i < query->orders->len; i++)
    {
      OpsFakeOrderKey *key = g_ptr_array_index (query->orders, i);
      int c = compare_nodes (match_a->keys[i], match_b->keys[i]);

      if (c != 0)
        return key->desc ? -c : c;
    }
  return (match_a->seq > match_b->seq) - (match_a->seq < match_b->seq);
}

static void
scan_sorted (OpsFakeQuery *query,
             RowFunc       func,
             gpointer      user_data)
{
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (match_free);
  GSequenceIter *iter;

  for (iter = g_sequence_get_begin_iter (query->table->by_modified);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    expand_doc (query, g_sequence_get (iter), collect_match, matches);

  g_ptr_array_sort_with_data (matches, match_compare, query);

  for (guint i = 0; i < matches->len; i++)
    {
      Match *match = g_ptr_array_index (matches, i);

      if (!func (query, match->doc, match->rows, user_data))
        break;
    }
}

/* A document counts once, however many child rows it joins. */
static gboolean
found_row (OpsFakeQuery  *query,
           OpsFakeDoc    *doc,
           JsonObject   **rows,
           gpointer       user_data)
{
  gboolean *found = user_data;

  *found = TRUE;
  return FALSE;
}

/*
 * Private API
 */

void
ops_fake_query_write_rows (OpsFakeQuery *query,
                           GString      *out)
{
  PageState state = { out, query->start, query->page_length, query->page_length == 0, 0 };
  gboolean desc = FALSE;

  g_string_append_c (out, '[');
  if (uses_index (query, &desc))
    walk_index (query, desc, page_row, &state);
  else
    scan_sorted (query, page_row, &state);
  g_string_append_c (out, ']');
}

guint
ops_fake_query_count (OpsFakeQuery *query)
{
  GSequenceIter *iter;
  guint count = 0;

  for (iter = g_sequence_get_begin_iter (query->table->by_modified);
       !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    {
      gboolean found = FALSE;

      expand_doc (query, g_sequence_get (iter), found_row, &found);
      if (found)
        count++;
    }
  return count;
}
