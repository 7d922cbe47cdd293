/* ops-conversation.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One customer's conversation across channels (SMS in and out, e-mail,
 * call logs, internal notes) read from the messages table, and the local
 * writes a CSR makes in it: an SMS queued for sending (a messages row in
 * state "queued" and an outbox row of doctype OPS_SMS_DOCTYPE, delivered
 * by the SMS sender, not by the ERPNext worker), a resend of a failed SMS,
 * and an internal note (a Comment through the outbox; never sent to the
 * customer).
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

/* The outbox doctype of an SMS waiting to be sent.  The ERPNext outbox
 * worker never takes these rows. */
#define OPS_SMS_DOCTYPE "SMS"

typedef enum
{
  OPS_CONVERSATION_SMS,
  OPS_CONVERSATION_EMAIL,
  OPS_CONVERSATION_CALL,
  OPS_CONVERSATION_NOTE,
} OpsConversationKind;

typedef struct
{
  char               *name;            /* messages.name */
  OpsConversationKind kind;
  gboolean            outbound;
  char               *sender;          /* phone, e-mail or staff name */
  char               *content;
  gint64              at;              /* Unix seconds */
  char               *delivery_status; /* SMS out: queued, sending, sent, delivered, failed, undelivered, simulated; else "" */
  int                 error_code;      /* Twilio's error code, 0 = none */
  char               *ticket;          /* may be NULL */
} OpsConversationItem;

void        ops_conversation_item_free  (OpsConversationItem *item);

/* OpsConversationItem* in time order (then name), free function set. */
GPtrArray  *ops_store_get_conversation  (OpsStore    *store,
                                         const char  *customer,
                                         GError     **error);
/* What Twilio's error code means, in words a CSR can act on (21211 invalid
 * number, 21610 the customer replied STOP, 21614 not a mobile, 30003
 * unreachable, 30004 blocked, 30005 unknown number, 30006 landline,
 * 30007 filtered as spam, 30008 unknown); NULL for 0. (transfer full) */
char       *ops_sms_error_describe      (int          code);

/* Queues an SMS: the messages row (direction Sent, medium SMS, status
 * "queued") and one outbox row (doctype OPS_SMS_DOCTYPE, docname = the
 * message name, payload {to, body, customer, ticket, message}) in one
 * transaction.  to is E.164.  Returns the message name. */
char       *ops_store_queue_sms         (OpsStore    *store,
                                         const char  *customer,
                                         const char  *ticket,
                                         const char  *to,
                                         const char  *body,
                                         const char  *sender,
                                         GError     **error);
/* Queues a failed or undelivered SMS again (new outbox row, status back to
 * "queued"); refuses any other state. */
gboolean    ops_store_requeue_sms       (OpsStore    *store,
                                         const char  *message,
                                         GError     **error);
/* Sets an SMS message's delivery status (and provider id / error code)
 * unless it already has a more final one (ops_message_status_rank). */
gboolean    ops_store_set_sms_status    (OpsStore    *store,
                                         const char  *message,
                                         const char  *status,
                                         const char  *provider_id,
                                         int          error_code,
                                         GError     **error);
/* An internal note: messages row (medium Note) and an outbox insert of a
 * Comment on the ticket or customer.  Returns the message name. */
char       *ops_store_add_note          (OpsStore    *store,
                                         const char  *customer,
                                         const char  *ticket,
                                         const char  *content,
                                         const char  *sender,
                                         GError     **error);

/* A messages.sent_at (ERPNext's "2026-11-22 09:14:05", local time, or ISO
 * 8601 with a zone) or a date and time ("2026-11-22 09:14") as Unix
 * seconds; 0 when it cannot be read. */
gint64      ops_message_time_parse      (const char  *text);

G_END_DECLS
