/* ops-store-tickets.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Times are compared as Unix seconds: messages.sent_at is local time as
 * ERPNext writes it, ticket_reads.read_at is ISO 8601 UTC.
 *
 * The assignee of an Issue is its _assign list, which a PUT does not
 * change (Frappe keeps it with the ToDo records of
 * frappe.desk.form.assign_to).  An edit of the assignee therefore travels
 * in the outbox row as the members OPS_TICKET_ASSIGN_MEMBER and
 * OPS_TICKET_PREVIOUS_ASSIGNEE_MEMBER, for the worker to deliver through
 * assign_to.remove / assign_to.add; status and priority are plain fields
 * of the PUT.
 */

#define G_LOG_DOMAIN "ops-tickets"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-conversation.h"
#include "ops-outbox.h"
#include "ops-store-private.h"
#include "ops-store-tickets.h"

static const char *const open_statuses[] = { "Open", "Replied", NULL };
static const char *const all_statuses[] = { "Open", "Replied", "On Hold", "Resolved", "Closed", NULL };
static const char *const priorities[] = { "Low", "Medium", "High", "Urgent", NULL };

/* Sent times compare as text once "T" and " " agree. */
#define SENT_AT "replace(m.sent_at, 'T', ' ')"

#define SELECT_TICKETS \
  "SELECT t.name, t.customer, c.customer_name, t.subject, t.status, t.priority, t.assigned_to, " \
  "  t.opening_date, t.opening_time, " \
  "  (SELECT max(" SENT_AT ") FROM messages m WHERE m.ticket = t.name), " \
  "  (SELECT max(" SENT_AT ") FROM messages m WHERE m.ticket = t.name AND m.direction = 'Received'), " \
  "  (SELECT min(" SENT_AT ") FROM messages m WHERE m.ticket = t.name AND m.direction = 'Sent' " \
  "     AND m.medium != 'Note' " \
  "     AND " SENT_AT " >= t.opening_date || ' ' || coalesce(nullif(t.opening_time, ''), '00:00')), " \
  "  (SELECT m.content FROM messages m WHERE m.ticket = t.name " \
  "     ORDER BY " SENT_AT " DESC, m.name DESC LIMIT 1), " \
  "  r.read_at " \
  "FROM tickets t LEFT JOIN customers c ON c.name = t.customer " \
  "LEFT JOIN ticket_reads r ON r.ticket = t.name "

void
ops_ticket_row_free (OpsTicketRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row->customer);
  g_free (row->customer_name);
  g_free (row->subject);
  g_free (row->status);
  g_free (row->priority);
  g_free (row->assigned_to);
  g_free (row->last_message);
  g_free (row);
}

/*
 * Auxiliary methods
 */

/* Decomposed, marks dropped, case-folded: "Élise" finds "elise". */
static char *
fold (const char *text)
{
  g_autofree char *decomposed = NULL;
  GString *bare;

  if (text == NULL)
    return g_strdup ("");
  decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_DEFAULT);
  if (decomposed == NULL)
    return g_strdup ("");

  bare = g_string_sized_new (strlen (decomposed));
  for (const char *p = decomposed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK)
        g_string_append_unichar (bare, c);
    }
  {
    g_autofree char *stripped = g_string_free (bare, FALSE);

    return g_utf8_casefold (stripped, -1);
  }
}

static gboolean
matches_text (const OpsTicketRow *row,
              const char         *folded)
{
  const char *fields[] = { row->subject, row->customer_name, row->name, row->customer };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *haystack = fold (fields[i]);

      if (strstr (haystack, folded) != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_empty (const char *text)
{
  return text == NULL || *text == '\0';
}

static gboolean
in_list (const char        *value,
         const char *const *list)
{
  return value != NULL && g_strv_contains (list, value);
}

static gboolean
passes (const OpsTicketRow *row,
        OpsTicketFilter     filter,
        const char         *me)
{
  gboolean open = in_list (row->status, open_statuses);

  switch (filter)
    {
    case OPS_TICKETS_OPEN:
      return open;
    case OPS_TICKETS_MINE:
      return open && !is_empty (me) && g_strcmp0 (row->assigned_to, me) == 0;
    case OPS_TICKETS_UNASSIGNED:
      return open && is_empty (row->assigned_to);
    case OPS_TICKETS_WAITING:
      return g_strcmp0 (row->status, "Replied") == 0;
    case OPS_TICKETS_ALL:
    default:
      return TRUE;
    }
}

static gint64
parse_read_at (const char *text)
{
  g_autoptr(GDateTime) when = NULL;
  g_autoptr(GTimeZone) utc = NULL;

  if (text == NULL)
    return 0;
  utc = g_time_zone_new_utc ();
  when = g_date_time_new_from_iso8601 (text, utc);
  return when ? g_date_time_to_unix (when) : 0;
}

/* The first line of a message, for the list. */
static char *
one_line (const char *text)
{
  g_autofree char *copy = NULL;
  char *newline;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if ((newline = strpbrk (copy, "\r\n")) != NULL)
    *newline = '\0';
  return g_strdup (copy);
}

static OpsTicketRow *
row_from_statement (sqlite3_stmt *stmt)
{
  OpsTicketRow *row = g_new0 (OpsTicketRow, 1);
  g_autofree char *opening = NULL;
  const char *date = (const char *)sqlite3_column_text (stmt, 7);
  const char *time = (const char *)sqlite3_column_text (stmt, 8);
  gint64 last_at;
  gint64 read_at;

  row->name = _ops_store_column_text (stmt, 0);
  row->customer = _ops_store_column_text (stmt, 1);
  row->customer_name = _ops_store_column_text (stmt, 2);
  row->subject = _ops_store_column_text (stmt, 3);
  row->status = _ops_store_column_text (stmt, 4);
  row->priority = _ops_store_column_text (stmt, 5);
  row->assigned_to = _ops_store_column_text (stmt, 6);
  if (row->assigned_to != NULL && *row->assigned_to == '\0')
    g_clear_pointer (&row->assigned_to, g_free);
  if (row->subject == NULL)
    row->subject = g_strdup ("");

  if (date != NULL)
    {
      opening = g_strdup_printf ("%s %s", date, is_empty (time) ? "00:00" : time);
      row->opened_at = ops_message_time_parse (opening);
    }
  last_at = ops_message_time_parse ((const char *)sqlite3_column_text (stmt, 9));
  row->last_inbound_at = ops_message_time_parse ((const char *)sqlite3_column_text (stmt, 10));
  row->first_response_at = ops_message_time_parse ((const char *)sqlite3_column_text (stmt, 11));
  row->last_message = one_line ((const char *)sqlite3_column_text (stmt, 12));
  read_at = parse_read_at ((const char *)sqlite3_column_text (stmt, 13));

  row->last_activity_at = MAX (row->opened_at, last_at);
  /* Never read: any message from the customer is news. */
  row->unread = row->last_inbound_at != 0 &&
                (sqlite3_column_type (stmt, 13) == SQLITE_NULL || row->last_inbound_at > read_at);
  return row;
}

static int
compare_activity (gconstpointer a,
                  gconstpointer b)
{
  const OpsTicketRow *x = *(OpsTicketRow * const *)a;
  const OpsTicketRow *y = *(OpsTicketRow * const *)b;

  if (x->last_activity_at != y->last_activity_at)
    return x->last_activity_at > y->last_activity_at ? -1 : 1;
  return -g_strcmp0 (x->name, y->name);
}

static GPtrArray *
read_rows (OpsStore    *store,
           const char  *name,
           GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_ticket_row_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ops_store_prepare (store, SELECT_TICKETS "WHERE ?1 IS NULL OR t.name = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, row_from_statement (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

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

static gboolean
ticket_missing (const char  *name,
                GError     **error)
{
  g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
               _("The ticket %s is not in the local store any more; it may have been deleted in ERPNext."), name);
  return FALSE;
}

/*
 * Public API
 */

GPtrArray *
ops_store_list_tickets (OpsStore         *store,
                        OpsTicketFilter   filter,
                        const char       *me,
                        const char       *text,
                        GError          **error)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *folded = NULL;
  GPtrArray *kept;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (filter <= OPS_TICKETS_ALL, NULL);

  if (!(rows = read_rows (store, NULL, error)))
    return NULL;

  if (text != NULL)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      folded = fold (stripped);
    }

  kept = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_ticket_row_free);
  for (guint i = 0; i < rows->len; i++)
    {
      OpsTicketRow *row = rows->pdata[i];

      if (!passes (row, filter, me))
        continue;
      if (!is_empty (folded) && !matches_text (row, folded))
        continue;
      g_ptr_array_add (kept, g_ptr_array_steal_index_fast (rows, i));
      i--;
    }

  g_ptr_array_sort (kept, compare_activity);
  return kept;
}

OpsTicketRow *
ops_store_get_ticket (OpsStore    *store,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(rows = read_rows (store, name, error)))
    return NULL;
  if (rows->len == 0)
    {
      ticket_missing (name, error);
      return NULL;
    }
  return g_ptr_array_steal_index (rows, 0);
}

gboolean
ops_store_count_tickets (OpsStore    *store,
                         const char  *me,
                         guint       *counts,
                         GError     **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  if (!(rows = read_rows (store, NULL, error)))
    return FALSE;

  for (guint f = 0; f <= OPS_TICKETS_ALL; f++)
    counts[f] = 0;
  for (guint i = 0; i < rows->len; i++)
    for (guint f = 0; f <= OPS_TICKETS_ALL; f++)
      if (passes (rows->pdata[i], f, me))
        counts[f]++;
  return TRUE;
}

gboolean
ops_store_mark_ticket_read (OpsStore    *store,
                            const char  *name,
                            GError     **error)
{
  g_autoptr(OpsTicketRow) row = NULL;
  g_autoptr(GDateTime) read_at = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!(row = ops_store_get_ticket (store, name, error)))
    return FALSE;

  /* Reading covers what is shown, even a message stamped by a clock a
   * little ahead of this one. */
  read_at = g_date_time_new_now_utc ();
  if (row->last_inbound_at > g_date_time_to_unix (read_at))
    {
      g_clear_pointer (&read_at, g_date_time_unref);
      read_at = g_date_time_new_from_unix_utc (row->last_inbound_at);
    }
  text = g_date_time_format_iso8601 (read_at);

  stmt = _ops_store_prepare (store,
                             "INSERT INTO ticket_reads (ticket, read_at) VALUES (?1, ?2) "
                             "ON CONFLICT (ticket) DO UPDATE SET read_at = excluded.read_at",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  return step_done (store, stmt, error);
}

gboolean
ops_edit_ticket (OpsStore    *store,
                 const char  *name,
                 const char  *status,
                 const char  *priority,
                 const char  *assigned_to,
                 GError     **error)
{
  g_autoptr(OpsTicketRow) row = NULL;
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autofree char *summary = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (status != NULL && !in_list (status, all_statuses))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   _("“%s” is not a ticket status. Choose Open, Replied, On Hold, Resolved or Closed."), status);
      return FALSE;
    }
  if (priority != NULL && !in_list (priority, priorities))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   _("“%s” is not a ticket priority. Choose Low, Medium, High or Urgent."), priority);
      return FALSE;
    }

  if (!ops_store_begin (store, error))
    return FALSE;

  if (!(row = ops_store_get_ticket (store, name, error)))
    goto fail;

  /* Only what changes goes to ERPNext. */
  if (status != NULL && g_strcmp0 (status, row->status) != 0)
    json_object_set_string_member (payload, "status", status);
  if (priority != NULL && g_strcmp0 (priority, row->priority) != 0)
    json_object_set_string_member (payload, "priority", priority);
  if (assigned_to != NULL && g_strcmp0 (assigned_to, row->assigned_to ? row->assigned_to : "") != 0)
    {
      json_object_set_string_member (payload, OPS_TICKET_ASSIGN_MEMBER, assigned_to);
      json_object_set_string_member (payload, OPS_TICKET_PREVIOUS_ASSIGNEE_MEMBER,
                                     row->assigned_to ? row->assigned_to : "");
    }
  if (json_object_get_size (payload) == 0)
    {
      ops_store_rollback (store);
      return TRUE;
    }

  stmt = _ops_store_prepare (store,
                             "UPDATE tickets SET status = coalesce(?2, status), priority = coalesce(?3, priority), "
                             "assigned_to = coalesce(?4, assigned_to) WHERE name = ?1",
                             error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, priority, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, assigned_to, -1, SQLITE_TRANSIENT);
  if (!step_done (store, stmt, error))
    goto fail;

  summary = g_strdup_printf (_("Status, priority or assignee of ticket %s"), name);
  if (ops_outbox_enqueue (store, "Issue", name, OPS_OUTBOX_UPDATE, payload, NULL, summary, error) == 0)
    goto fail;
  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}
