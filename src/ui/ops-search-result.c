/* ops-search-result.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One customer search hit as an item of a GListModel.
 */

#define G_LOG_DOMAIN "OpsSearchResult"

#include "config.h"

#include <string.h>

#include "ops-search-result.h"

struct _OpsSearchResult
{
  GObject         parent_instance;
  OpsCustomerHit *hit;
};

G_DEFINE_FINAL_TYPE (OpsSearchResult, ops_search_result, G_TYPE_OBJECT)

static void
ops_search_result_finalize (GObject *object)
{
  OpsSearchResult *self = (OpsSearchResult *)object;

  g_clear_pointer (&self->hit, ops_customer_hit_free);

  G_OBJECT_CLASS (ops_search_result_parent_class)->finalize (object);
}

static void
ops_search_result_class_init (OpsSearchResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_search_result_finalize;
}

static void
ops_search_result_init (OpsSearchResult *self)
{
}

/**
 * ops_search_result_new:
 * @hit: (transfer full): the hit
 */
OpsSearchResult *
ops_search_result_new (OpsCustomerHit *hit)
{
  OpsSearchResult *self = g_object_new (OPS_TYPE_SEARCH_RESULT, NULL);

  self->hit = hit;
  return self;
}

const OpsCustomerHit *
ops_search_result_get_hit (OpsSearchResult *self)
{
  g_return_val_if_fail (OPS_IS_SEARCH_RESULT (self), NULL);

  return self->hit;
}

/**
 * ops_search_result_dup_match_markup:
 *
 * The text the query matched, escaped, with the matched words in bold.
 *
 * Returns: (transfer full) (nullable): Pango markup, or %NULL when the match
 * was in the name or the phone, which the row shows already
 */
char *
ops_search_result_dup_match_markup (OpsSearchResult *self)
{
  GString *markup;
  const char *p;

  g_return_val_if_fail (OPS_IS_SEARCH_RESULT (self), NULL);

  if (self->hit->matched == NULL)
    return NULL;

  markup = g_string_new (NULL);
  p = self->hit->matched;
  while (*p)
    {
      const char *mark = strpbrk (p, "\x01\x02");
      gsize len = mark ? (gsize)(mark - p) : strlen (p);
      g_autofree char *escaped = g_markup_escape_text (p, len);

      g_string_append (markup, escaped);
      if (mark == NULL)
        break;
      g_string_append (markup, *mark == '\x01' ? "<b>" : "</b>");
      p = mark + 1;
    }
  return g_string_free (markup, FALSE);
}
