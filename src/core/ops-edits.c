/* ops-edits.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-edits"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-edits.h"
#include "ops-erpnext-map.h"
#include "ops-outbox.h"
#include "ops-store-private.h"

static gboolean
email_is_valid (const char *email)
{
  const char *at;

  if (*email == '\0')
    return TRUE;
  at = strchr (email, '@');
  return at != NULL && at != email && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' && email[strlen (email) - 1] != '.' &&
         strpbrk (email, " \t\n,;<>") == NULL;
}

static gboolean
phone_is_valid (const char *phone)
{
  guint digits = 0;

  if (*phone == '\0')
    return TRUE;
  for (const char *p = phone; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits++;
      else if (strchr ("+-(). ", *p) == NULL && !(g_ascii_tolower (*p) == 'x' || g_ascii_tolower (*p) == 'p'))
        return FALSE;
    }
  return digits >= 7 && digits <= 15;
}

static gboolean
run_update (OpsStore    *store,
            const char  *sql,
            const char  *const *values,
            guint        n_values,
            const char  *name,
            GError     **error)
{
  sqlite3_stmt *stmt = _ops_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < n_values; i++)
    sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, n_values + 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);
  if (sqlite3_changes (store->db) == 0)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   _("“%s” is not in the local store any more; it may have been deleted in ERPNext."), name);
      return FALSE;
    }
  return TRUE;
}

gboolean
ops_edit_customer (OpsStore          *store,
                   const char        *name,
                   const char        *notes,
                   const char *const *flags,
                   gboolean           queue,
                   GError           **error)
{
  g_autoptr(JsonArray) flag_array = json_array_new ();
  g_autoptr(JsonNode) flag_node = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *flags_json = NULL;
  g_autofree char *summary = NULL;
  const char *values[2];

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; flags != NULL && flags[i] != NULL; i++)
    json_array_add_string_element (flag_array, flags[i]);
  json_node_set_array (flag_node, flag_array);
  flags_json = json_to_string (flag_node, FALSE);

  values[0] = notes ? notes : "";
  values[1] = flags_json;

  if (!ops_store_begin (store, error))
    return FALSE;

  if (!run_update (store, "UPDATE customers SET notes = ?, flags = ? WHERE name = ?",
                   values, 2, name, error))
    goto fail;

  if (queue)
    {
      g_autoptr(JsonObject) payload = ops_erpnext_customer_changes (notes, flags);

      summary = g_strdup_printf (_("Notes and flags of %s"), name);
      if (ops_outbox_enqueue (store, "Customer", name, OPS_OUTBOX_UPDATE, payload, NULL, summary, error) == 0)
        goto fail;
    }

  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}

gboolean
ops_edit_contact (OpsStore    *store,
                  const char  *name,
                  const char  *phone,
                  const char  *mobile,
                  const char  *email,
                  gboolean     queue,
                  GError     **error)
{
  g_autofree char *customer = NULL;
  g_autofree char *summary = NULL;
  const char *values[3];
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (email != NULL && !email_is_valid (email))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   _("“%s” is not an e-mail address. Write it as name@example.com, or leave it empty."), email);
      return FALSE;
    }
  if ((phone != NULL && !phone_is_valid (phone)) || (mobile != NULL && !phone_is_valid (mobile)))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   _("“%s” is not a phone number. Write 7 to 15 digits, for example 450-555-0142, or leave it empty."),
                   phone != NULL && !phone_is_valid (phone) ? phone : mobile);
      return FALSE;
    }

  values[0] = phone;
  values[1] = mobile;
  values[2] = email;

  if (!ops_store_begin (store, error))
    return FALSE;

  if (!run_update (store,
                   "UPDATE contacts SET phone = coalesce(?1, phone), mobile = coalesce(?2, mobile), "
                   "email = coalesce(?3, email) WHERE name = ?4",
                   values, 3, name, error))
    goto fail;

  if (!(stmt = _ops_store_prepare (store, "SELECT customer FROM contacts WHERE name = ?", error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    customer = _ops_store_column_text (stmt, 0);
  sqlite3_reset (stmt);

  /* Phones and e-mails are searchable. */
  if (customer != NULL && !ops_store_reindex_customer (store, customer, error))
    goto fail;

  if (queue)
    {
      g_autoptr(JsonObject) payload = ops_erpnext_contact_changes (phone, mobile, email);

      summary = g_strdup_printf (_("Phone and e-mail of contact %s"), name);
      if (ops_outbox_enqueue (store, "Contact", name, OPS_OUTBOX_UPDATE, payload, NULL, summary, error) == 0)
        goto fail;
    }

  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}
