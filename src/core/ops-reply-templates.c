/* ops-reply-templates.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Placeholders are {name} with name made of ASCII letters, digits and
 * underscores; anything else between braces is text.  Stored templates
 * keep their positions dense, 1 to n.
 */

#define G_LOG_DOMAIN "ops-templates"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-reply-templates.h"
#include "ops-store-private.h"

OpsReplyTemplate *
ops_reply_template_new (const char *title,
                        const char *body)
{
  OpsReplyTemplate *self = g_new0 (OpsReplyTemplate, 1);

  self->title = g_strdup (title ? title : "");
  self->body = g_strdup (body ? body : "");
  return self;
}

void
ops_reply_template_free (OpsReplyTemplate *self)
{
  if (self == NULL)
    return;
  g_free (self->title);
  g_free (self->body);
  g_free (self);
}

/*
 * Rendering
 */

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_';
}

/* When p is at "{name}", the length of name (> 0); else 0. */
static gsize
placeholder_at (const char *p)
{
  gsize len = 0;

  if (p[0] != '{')
    return 0;
  while (is_name_char (p[1 + len]))
    len++;
  return len > 0 && p[1 + len] == '}' ? len : 0;
}

static void
add_unique (GPtrArray  *names,
            const char *name,
            gsize       len)
{
  for (guint i = 0; i < names->len; i++)
    if (strlen (names->pdata[i]) == len && strncmp (names->pdata[i], name, len) == 0)
      return;
  g_ptr_array_add (names, g_strndup (name, len));
}

static GStrv
names_to_strv (GPtrArray *names)
{
  g_ptr_array_add (names, NULL);
  return (GStrv)g_ptr_array_free (names, FALSE);
}

char *
ops_template_render (const char  *body,
                     GHashTable  *values,
                     GStrv       *missing)
{
  GString *out;
  GPtrArray *absent = g_ptr_array_new ();

  g_return_val_if_fail (body != NULL, NULL);

  out = g_string_sized_new (strlen (body));
  for (const char *p = body; *p != '\0';)
    {
      gsize len;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          g_string_append_c (out, p[0]);
          p += 2;
        }
      else if ((len = placeholder_at (p)) > 0)
        {
          g_autofree char *name = g_strndup (p + 1, len);
          const char *value = values ? g_hash_table_lookup (values, name) : NULL;

          if (value != NULL && *value != '\0')
            g_string_append (out, value);
          else
            {
              g_string_append_len (out, p, len + 2);
              add_unique (absent, p + 1, len);
            }
          p += len + 2;
        }
      else
        {
          g_string_append_c (out, *p);
          p++;
        }
    }

  if (missing != NULL)
    *missing = names_to_strv (absent);
  else
    g_ptr_array_free (absent, TRUE);
  return g_string_free (out, FALSE);
}

GStrv
ops_template_placeholders (const char *body)
{
  GPtrArray *names = g_ptr_array_new ();

  g_return_val_if_fail (body != NULL, NULL);

  for (const char *p = body; *p != '\0';)
    {
      gsize len;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        p += 2;
      else if ((len = placeholder_at (p)) > 0)
        {
          add_unique (names, p + 1, len);
          p += len + 2;
        }
      else
        p++;
    }
  return names_to_strv (names);
}

/*
 * The reply_templates table
 */

static gboolean
step_done (OpsStore      *store,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);
  return TRUE;
}

/* Ids in position order. */
static GArray *
list_ids (OpsStore  *store,
          GError   **error)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _ops_store_prepare (store, "SELECT id FROM reply_templates ORDER BY position, id", error)))
    {
      g_array_unref (ids);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      g_array_unref (ids);
      return NULL;
    }
  return ids;
}

/* Gives the templates positions 1 to n in the order of ids. */
static gboolean
write_positions (OpsStore  *store,
                 GArray    *ids,
                 GError   **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _ops_store_prepare (store, "UPDATE reply_templates SET position = ?1 WHERE id = ?2", error)))
    return FALSE;
  for (guint i = 0; i < ids->len; i++)
    {
      sqlite3_bind_int (stmt, 1, i + 1);
      sqlite3_bind_int64 (stmt, 2, g_array_index (ids, gint64, i));
      if (!step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
not_found (gint64   id,
           GError **error)
{
  g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
               _("The reply template %lld no longer exists; reopen the list of templates."), (long long) id);
  return FALSE;
}

GPtrArray *
ops_store_list_templates (OpsStore  *store,
                          GError   **error)
{
  g_autoptr(GPtrArray) templates = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_reply_template_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);

  stmt = _ops_store_prepare (store,
                             "SELECT id, title, body, position FROM reply_templates ORDER BY position, id",
                             error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OpsReplyTemplate *tpl = g_new0 (OpsReplyTemplate, 1);

      tpl->id = sqlite3_column_int64 (stmt, 0);
      tpl->title = _ops_store_column_text (stmt, 1);
      tpl->body = _ops_store_column_text (stmt, 2);
      tpl->position = sqlite3_column_int (stmt, 3);
      g_ptr_array_add (templates, tpl);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&templates);
}

gboolean
ops_store_save_template (OpsStore          *store,
                         OpsReplyTemplate  *tpl,
                         GError           **error)
{
  g_autofree char *title = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (tpl != NULL, FALSE);

  title = g_strstrip (g_strdup (tpl->title ? tpl->title : ""));
  if (*title == '\0' || tpl->body == NULL || *tpl->body == '\0')
    {
      g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                           _("A reply template needs a title and a text. Fill in both, then save again."));
      return FALSE;
    }

  if (!ops_store_begin (store, error))
    return FALSE;

  if (tpl->id == 0)
    {
      guint position = 1;

      if (!(stmt = _ops_store_prepare (store, "SELECT coalesce(max(position), 0) + 1 FROM reply_templates", error)))
        goto fail;
      if (sqlite3_step (stmt) == SQLITE_ROW)
        position = sqlite3_column_int (stmt, 0);
      sqlite3_reset (stmt);

      if (!(stmt = _ops_store_prepare (store,
                                       "INSERT INTO reply_templates (title, body, position) VALUES (?1, ?2, ?3)",
                                       error)))
        goto fail;
      sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, tpl->body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 3, position);
      if (!step_done (store, stmt, error))
        goto fail;
      tpl->id = sqlite3_last_insert_rowid (store->db);
      tpl->position = position;
    }
  else
    {
      if (!(stmt = _ops_store_prepare (store, "UPDATE reply_templates SET title = ?1, body = ?2 WHERE id = ?3",
                                       error)))
        goto fail;
      sqlite3_bind_text (stmt, 1, title, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, tpl->body, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, tpl->id);
      if (!step_done (store, stmt, error))
        goto fail;
      if (sqlite3_changes (store->db) == 0)
        {
          not_found (tpl->id, error);
          goto fail;
        }
    }

  if (g_strcmp0 (tpl->title, title) != 0)
    {
      g_free (tpl->title);
      tpl->title = g_steal_pointer (&title);
    }
  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}

gboolean
ops_store_delete_template (OpsStore  *store,
                           gint64     id,
                           GError   **error)
{
  g_autoptr(GArray) ids = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);

  if (!ops_store_begin (store, error))
    return FALSE;

  if (!(stmt = _ops_store_prepare (store, "DELETE FROM reply_templates WHERE id = ?1", error)))
    goto fail;
  sqlite3_bind_int64 (stmt, 1, id);
  if (!step_done (store, stmt, error))
    goto fail;
  if (sqlite3_changes (store->db) == 0)
    {
      not_found (id, error);
      goto fail;
    }

  if (!(ids = list_ids (store, error)) || !write_positions (store, ids, error))
    goto fail;
  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}

gboolean
ops_store_move_template (OpsStore  *store,
                         gint64     id,
                         guint      position,
                         GError   **error)
{
  g_autoptr(GArray) ids = NULL;
  guint index = G_MAXUINT;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);

  if (!ops_store_begin (store, error))
    return FALSE;

  if (!(ids = list_ids (store, error)))
    goto fail;
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      index = i;
  if (index == G_MAXUINT)
    {
      not_found (id, error);
      goto fail;
    }

  /* Positions count from 1; out-of-range ones go to the nearest end. */
  g_array_remove_index (ids, index);
  position = CLAMP (position, 1, ids->len + 1);
  g_array_insert_val (ids, position - 1, id);

  if (!write_positions (store, ids, error))
    goto fail;
  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}
