/* ops-store-tickets.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tickets list (ERPNext Issue) with its filters, what is unread, the
 * time to first response, and the ticket edits (status, priority,
 * assignee) through the outbox.
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_TICKETS_OPEN,        /* status Open or Replied */
  OPS_TICKETS_MINE,        /* open and assigned to me */
  OPS_TICKETS_UNASSIGNED,  /* open and assigned to nobody */
  OPS_TICKETS_WAITING,     /* status Replied: waiting on the customer */
  OPS_TICKETS_ALL,         /* any status, closed included */
} OpsTicketFilter;

typedef struct
{
  char   *name;              /* ISS-2026-00001 */
  char   *customer;          /* may be NULL */
  char   *customer_name;     /* may be NULL */
  char   *subject;
  char   *status;            /* Open, Replied, On Hold, Resolved, Closed */
  char   *priority;          /* Low, Medium, High, Urgent */
  char   *assigned_to;       /* e-mail or NULL */
  gint64  opened_at;         /* Unix seconds */
  gint64  first_response_at; /* first outbound message after opening, 0 = none yet */
  gint64  last_activity_at;  /* latest message or opening */
  gint64  last_inbound_at;   /* latest received message, 0 = none */
  gboolean unread;           /* an inbound message newer than the last time it was read */
  char   *last_message;      /* the latest message's text, one line, may be NULL */
} OpsTicketRow;

void          ops_ticket_row_free           (OpsTicketRow   *row);

/* Rows sorted by last activity, newest first (a new inbound SMS moves its
 * ticket to the top).  me: the user's e-mail for OPS_TICKETS_MINE.  text:
 * substring of subject, customer name, ticket or customer name (accents
 * and case ignored), NULL = all. */
GPtrArray    *ops_store_list_tickets        (OpsStore        *store,
                                             OpsTicketFilter  filter,
                                             const char      *me,
                                             const char      *text,
                                             GError         **error);
OpsTicketRow *ops_store_get_ticket          (OpsStore        *store,
                                             const char      *name,
                                             GError         **error);
/* Counts per filter, for the filter labels: counts[OPS_TICKETS_ALL + 1]. */
gboolean      ops_store_count_tickets       (OpsStore        *store,
                                             const char      *me,
                                             guint           *counts,
                                             GError         **error);
/* Remembers that the ticket was read now (local only). */
gboolean      ops_store_mark_ticket_read    (OpsStore        *store,
                                             const char      *name,
                                             GError         **error);
/* Status, priority, assignee ("" clears it) of an Issue: NULL leaves a
 * field alone.  The local row and one outbox update, in one transaction. */
/* The outbox update carries status and priority as Issue fields.  The
 * assignee is Issue._assign, which Frappe ignores in a PUT (it follows the
 * ToDo records of frappe.desk.form.assign_to): a changed assignee comes as
 * these two members, which the worker must take out of the PUT body and
 * deliver as assign_to.remove of the previous one ("" = none) then
 * assign_to.add of the new one ("" = leave unassigned). */
#define OPS_TICKET_ASSIGN_MEMBER            "__assign_to"
#define OPS_TICKET_PREVIOUS_ASSIGNEE_MEMBER "__assigned_before"

gboolean      ops_edit_ticket               (OpsStore        *store,
                                             const char      *name,
                                             const char      *status,
                                             const char      *priority,
                                             const char      *assigned_to,
                                             GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsTicketRow, ops_ticket_row_free)

G_END_DECLS
