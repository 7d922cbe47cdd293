/* ops-conversation.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * sent_at is written the way ERPNext writes Communication.communication_date:
 * local time, "YYYY-MM-DD HH:MM:SS".
 */

#define G_LOG_DOMAIN "ops-conversation"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-conversation.h"
#include "ops-outbox.h"
#include "ops-search-query.h"
#include "ops-store-messages.h"
#include "ops-store-private.h"

/* The field of a Comment that carries the outbox key, so a delivery in
 * doubt can look the Comment up instead of inserting it twice. */
#define COMMENT_DEDUPE_FIELD "custom_ops_key"

void
ops_conversation_item_free (OpsConversationItem *item)
{
  if (item == NULL)
    return;
  g_free (item->name);
  g_free (item->sender);
  g_free (item->content);
  g_free (item->delivery_status);
  g_free (item->ticket);
  g_free (item);
}

/*
 * Auxiliary methods
 */

gint64
ops_message_time_parse (const char *text)
{
  g_autoptr(GTimeZone) local = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *iso = NULL;
  gsize len;

  if (text == NULL)
    return 0;
  len = strlen (text);
  if (len < 10)
    return 0;

  /* "YYYY-MM-DD", "YYYY-MM-DD HH:MM" and ERPNext's space separator. */
  if (len == 10)
    iso = g_strconcat (text, "T00:00:00", NULL);
  else
    {
      iso = g_strdup (text);
      if (iso[10] == ' ')
        iso[10] = 'T';
      if (len == 16)
        {
          g_autofree char *minutes = g_steal_pointer (&iso);

          iso = g_strconcat (minutes, ":00", NULL);
          iso[10] = 'T';
        }
    }

  local = g_time_zone_new_local ();
  when = g_date_time_new_from_iso8601 (iso, local);
  return when ? g_date_time_to_unix (when) : 0;
}

static char *
now_local_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
}

static char *
now_utc_text (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format_iso8601 (now);
}

/* Comment.content is HTML. */
static char *
text_to_html (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_auto(GStrv) lines = g_strsplit (escaped, "\n", -1);

  return g_strjoinv ("<br>", lines);
}

static OpsConversationKind
kind_of_medium (const char *medium)
{
  if (g_strcmp0 (medium, "SMS") == 0)
    return OPS_CONVERSATION_SMS;
  if (g_strcmp0 (medium, "Phone") == 0)
    return OPS_CONVERSATION_CALL;
  if (g_strcmp0 (medium, "Note") == 0)
    return OPS_CONVERSATION_NOTE;
  /* E-mail and the other written channels ERPNext knows (Chat, Other). */
  return OPS_CONVERSATION_EMAIL;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const OpsConversationItem *x = *(OpsConversationItem * const *)a;
  const OpsConversationItem *y = *(OpsConversationItem * const *)b;

  /* Same second: the order the store recorded them in (the query reads by
   * rowid and the sort is stable), so a note written just after an SMS
   * stays after it. */
  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return 0;
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
insert_message (OpsStore    *store,
                const char  *name,
                const char  *customer,
                const char  *ticket,
                const char  *medium,
                const char  *sender,
                const char  *content,
                const char  *delivery_status,
                GError     **error)
{
  g_autoptr(JsonObject) record = json_object_new ();
  g_autofree char *sent_at = now_local_text ();
  g_autofree char *modified = now_utc_text ();

  json_object_set_string_member (record, "name", name);
  json_object_set_string_member (record, "ticket", ticket);
  json_object_set_string_member (record, "customer", customer);
  json_object_set_string_member (record, "medium", medium);
  json_object_set_string_member (record, "direction", "Sent");
  json_object_set_string_member (record, "sender", sender);
  json_object_set_string_member (record, "content", content);
  json_object_set_string_member (record, "sent_at", sent_at);
  json_object_set_string_member (record, "delivery_status", delivery_status);
  json_object_set_null_member (record, "error_code");
  json_object_set_null_member (record, "provider_id");
  json_object_set_string_member (record, "modified", modified);
  return ops_store_upsert (store, "messages", record, error);
}

static JsonObject *
sms_payload (const char *to,
             const char *body,
             const char *customer,
             const char *ticket,
             const char *message)
{
  JsonObject *payload = json_object_new ();

  json_object_set_string_member (payload, "to", to);
  json_object_set_string_member (payload, "body", body);
  json_object_set_string_member (payload, "customer", customer);
  json_object_set_string_member (payload, "ticket", ticket);
  json_object_set_string_member (payload, "message", message);
  return payload;
}

static gint64
enqueue_sms (OpsStore    *store,
             const char  *to,
             const char  *body,
             const char  *customer,
             const char  *ticket,
             const char  *message,
             GError     **error)
{
  g_autoptr(JsonObject) payload = sms_payload (to, body, customer, ticket, message);
  g_autofree char *summary = g_strdup_printf (_("SMS to %s"), to);

  return ops_outbox_enqueue (store, OPS_SMS_DOCTYPE, message, OPS_OUTBOX_INSERT, payload, NULL, summary, error);
}

typedef struct
{
  char *customer;
  char *ticket;
  char *medium;
  char *direction;
  char *content;
  char *status;
} MessageRow;

static void
message_row_clear (MessageRow *row)
{
  g_free (row->customer);
  g_free (row->ticket);
  g_free (row->medium);
  g_free (row->direction);
  g_free (row->content);
  g_free (row->status);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MessageRow, message_row_clear)

static gboolean
read_message (OpsStore    *store,
              const char  *name,
              MessageRow  *row,
              GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ops_store_prepare (store,
                             "SELECT customer, ticket, medium, direction, content, delivery_status "
                             "FROM messages WHERE name = ?1",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->customer = _ops_store_column_text (stmt, 0);
      row->ticket = _ops_store_column_text (stmt, 1);
      row->medium = _ops_store_column_text (stmt, 2);
      row->direction = _ops_store_column_text (stmt, 3);
      row->content = _ops_store_column_text (stmt, 4);
      row->status = _ops_store_column_text (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
                   _("The message %s is not in the local store any more; reopen the conversation."), name);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _ops_store_set_error (store->db, rc, error);
  return TRUE;
}

/* Where an SMS went: the number its last send was queued for, else the
 * customer's mobile (primary contact first). */
static char *
sms_recipient (OpsStore    *store,
               const char  *message,
               const char  *customer,
               GError     **error)
{
  char *to = NULL;
  sqlite3_stmt *stmt;
  int rc;

  stmt = _ops_store_prepare (store,
                             "SELECT json_extract(payload, '$.to') FROM outbox "
                             "WHERE doctype = ?1 AND docname = ?2 ORDER BY id DESC LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, OPS_SMS_DOCTYPE, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, message, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    to = _ops_store_column_text (stmt, 0);
  sqlite3_reset (stmt);
  if (to != NULL && *to != '\0')
    return to;
  g_clear_pointer (&to, g_free);

  if (customer == NULL)
    return NULL;
  stmt = _ops_store_prepare (store,
                             "SELECT mobile, phone FROM contacts WHERE customer = ?1 "
                             "ORDER BY is_primary DESC, name",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_TRANSIENT);
  while (to == NULL && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      for (int column = 0; column < 2 && to == NULL; column++)
        {
          const char *number = (const char *)sqlite3_column_text (stmt, column);

          if (number != NULL && *number != '\0')
            to = ops_phone_to_e164 (number);
        }
    }
  sqlite3_reset (stmt);
  return to;
}

/*
 * Public API
 */

GPtrArray *
ops_store_get_conversation (OpsStore    *store,
                            const char  *customer,
                            GError     **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_conversation_item_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (customer != NULL, NULL);

  /* Messages logged against one of the customer's tickets count even
   * before they were given the ticket's customer. */
  stmt = _ops_store_prepare (store,
                             "SELECT name, medium, direction, sender, content, sent_at, delivery_status, "
                             "error_code, ticket FROM messages WHERE customer = ?1 "
                             "OR ticket IN (SELECT name FROM tickets WHERE customer = ?1) ORDER BY rowid",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, customer, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OpsConversationItem *item = g_new0 (OpsConversationItem, 1);
      const char *medium = (const char *)sqlite3_column_text (stmt, 1);
      const char *direction = (const char *)sqlite3_column_text (stmt, 2);
      const char *status = (const char *)sqlite3_column_text (stmt, 6);

      item->name = _ops_store_column_text (stmt, 0);
      item->kind = kind_of_medium (medium);
      item->outbound = g_strcmp0 (direction, "Sent") == 0;
      item->sender = _ops_store_column_text (stmt, 3);
      item->content = _ops_store_column_text (stmt, 4);
      item->at = ops_message_time_parse ((const char *)sqlite3_column_text (stmt, 5));
      item->delivery_status = g_strdup (item->kind == OPS_CONVERSATION_SMS && item->outbound && status ? status : "");
      item->error_code = sqlite3_column_int (stmt, 7);
      item->ticket = _ops_store_column_text (stmt, 8);
      if (item->ticket != NULL && *item->ticket == '\0')
        g_clear_pointer (&item->ticket, g_free);
      g_ptr_array_add (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      return NULL;
    }

  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

char *
ops_sms_error_describe (int code)
{
  switch (code)
    {
    case 0:
      return NULL;
    case 21211:
      return g_strdup (_("The phone number is not valid. Check the customer’s mobile number, then resend."));
    case 21610:
      return g_strdup (_("The customer replied STOP and no longer receives our SMS. Call them, or ask them to text START to receive them again."));
    case 21614:
      return g_strdup (_("This number is not a mobile phone and cannot receive SMS. Call the customer or use another number."));
    case 30003:
      return g_strdup (_("The customer’s phone was unreachable (switched off or out of coverage). Resend later."));
    case 30004:
      return g_strdup (_("The message was blocked by the customer’s phone or carrier. Call the customer."));
    case 30005:
      return g_strdup (_("The carrier does not know this number; it may no longer exist. Check the number with the customer."));
    case 30006:
      return g_strdup (_("This number is a landline or cannot receive SMS. Call the customer instead."));
    case 30007:
      return g_strdup (_("The carrier filtered the message as spam. Rephrase it, without links if possible, or call the customer."));
    case 30008:
      return g_strdup (_("The message could not be delivered and the carrier gave no reason. Resend later, or call the customer."));
    default:
      return g_strdup_printf (_("The SMS could not be delivered (Twilio error %d). Check the number, then resend."), code);
    }
}

char *
ops_store_queue_sms (OpsStore    *store,
                     const char  *customer,
                     const char  *ticket,
                     const char  *to,
                     const char  *body,
                     const char  *sender,
                     GError     **error)
{
  g_autofree char *e164 = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (to != NULL && body != NULL, NULL);

  if (!(e164 = ops_phone_to_e164 (to)))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   _("“%s” is not a phone number that can receive SMS. Check the customer’s mobile number."), to);
      return NULL;
    }
  if (*body == '\0')
    {
      g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                           _("The message is empty. Write something before sending it."));
      return NULL;
    }

  uuid = g_uuid_string_random ();
  name = g_strconcat ("SMS-Q-", uuid, NULL);

  if (!ops_store_begin (store, error))
    return NULL;
  if (!insert_message (store, name, customer, ticket, "SMS", sender, body, "queued", error) ||
      enqueue_sms (store, e164, body, customer, ticket, name, error) == 0 ||
      !ops_store_commit (store, error))
    {
      ops_store_rollback (store);
      return NULL;
    }

  g_debug ("queued SMS %s to %s", name, e164);
  return g_steal_pointer (&name);
}

gboolean
ops_store_requeue_sms (OpsStore    *store,
                       const char  *message,
                       GError     **error)
{
  g_auto(MessageRow) row = { 0 };
  g_autofree char *to = NULL;
  g_autofree char *modified = now_utc_text ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (message != NULL, FALSE);

  if (!ops_store_begin (store, error))
    return FALSE;

  if (!read_message (store, message, &row, error))
    goto fail;
  if (g_strcmp0 (row.medium, "SMS") != 0 || g_strcmp0 (row.direction, "Sent") != 0 ||
      (g_strcmp0 (row.status, "failed") != 0 && g_strcmp0 (row.status, "undelivered") != 0))
    {
      g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                           _("Only an SMS that failed or was not delivered can be sent again."));
      goto fail;
    }

  to = sms_recipient (store, message, row.customer, error);
  if (to == NULL)
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                             _("This customer has no mobile number to send the SMS to. Add one to their contact, then resend."));
      goto fail;
    }

  /* An earlier send the sender gave up on would hold the new one back. */
  if (!(stmt = _ops_store_prepare (store,
                                   "DELETE FROM outbox WHERE doctype = ?1 AND docname = ?2 "
                                   "AND state IN ('failed', 'pending')",
                                   error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, OPS_SMS_DOCTYPE, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, message, -1, SQLITE_TRANSIENT);
  if (!step_done (store, stmt, error))
    goto fail;

  if (!(stmt = _ops_store_prepare (store,
                                   "UPDATE messages SET delivery_status = 'queued', error_code = NULL, "
                                   "provider_id = NULL, modified = ?2 WHERE name = ?1",
                                   error)))
    goto fail;
  sqlite3_bind_text (stmt, 1, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, modified, -1, SQLITE_TRANSIENT);
  if (!step_done (store, stmt, error))
    goto fail;

  if (enqueue_sms (store, to, row.content ? row.content : "", row.customer, row.ticket, message, error) == 0)
    goto fail;
  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}

gboolean
ops_store_set_sms_status (OpsStore    *store,
                          const char  *message,
                          const char  *status,
                          const char  *provider_id,
                          int          error_code,
                          GError     **error)
{
  g_auto(MessageRow) row = { 0 };
  g_autofree char *modified = now_utc_text ();
  gboolean advance;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (message != NULL && status != NULL, FALSE);

  if (!ops_store_begin (store, error))
    return FALSE;
  if (!read_message (store, message, &row, error))
    goto fail;

  /* A late "sent" after "delivered" does not take it back; the provider's
   * id is recorded whatever the order. */
  advance = ops_message_status_rank (status) > ops_message_status_rank (row.status);
  if (!advance && provider_id == NULL)
    {
      ops_store_rollback (store);
      return TRUE;
    }

  stmt = _ops_store_prepare (store,
                             "UPDATE messages SET "
                             "delivery_status = CASE WHEN ?2 THEN ?3 ELSE delivery_status END, "
                             "error_code = CASE WHEN ?2 THEN ?4 ELSE error_code END, "
                             "provider_id = coalesce(?5, provider_id), modified = ?6 WHERE name = ?1",
                             error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_text (stmt, 1, message, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 2, advance);
  sqlite3_bind_text (stmt, 3, status, -1, SQLITE_TRANSIENT);
  if (error_code != 0)
    sqlite3_bind_int (stmt, 4, error_code);
  else
    sqlite3_bind_null (stmt, 4);
  sqlite3_bind_text (stmt, 5, provider_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, modified, -1, SQLITE_TRANSIENT);
  if (!step_done (store, stmt, error))
    goto fail;
  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}

char *
ops_store_add_note (OpsStore    *store,
                    const char  *customer,
                    const char  *ticket,
                    const char  *content,
                    const char  *sender,
                    GError     **error)
{
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;
  g_autofree char *html = NULL;
  g_autofree char *summary = NULL;
  gboolean on_ticket;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (content != NULL, NULL);

  on_ticket = ticket != NULL && *ticket != '\0';
  if (!on_ticket && (customer == NULL || *customer == '\0'))
    {
      g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                           _("A note belongs to a ticket or a customer; open one, then write the note."));
      return NULL;
    }
  if (*content == '\0')
    {
      g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                           _("The note is empty. Write something before saving it."));
      return NULL;
    }

  uuid = g_uuid_string_random ();
  name = g_strconcat ("NOTE-", uuid, NULL);
  html = text_to_html (content);

  payload = json_object_new ();
  json_object_set_string_member (payload, "comment_type", "Comment");
  json_object_set_string_member (payload, "reference_doctype", on_ticket ? "Issue" : "Customer");
  json_object_set_string_member (payload, "reference_name", on_ticket ? ticket : customer);
  json_object_set_string_member (payload, "content", html);
  if (sender != NULL && *sender != '\0')
    json_object_set_string_member (payload, "comment_by", sender);
  summary = g_strdup_printf (_("Note on %s"), on_ticket ? ticket : customer);

  if (!ops_store_begin (store, error))
    return NULL;
  if (!insert_message (store, name, customer, on_ticket ? ticket : NULL, "Note", sender, content, "", error) ||
      ops_outbox_enqueue (store, "Comment", name, OPS_OUTBOX_INSERT, payload, COMMENT_DEDUPE_FIELD, summary,
                          error) == 0 ||
      !ops_store_commit (store, error))
    {
      ops_store_rollback (store);
      return NULL;
    }
  return g_steal_pointer (&name);
}
