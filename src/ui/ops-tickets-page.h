/* ops-tickets-page.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tickets page: the list (filters mine / unassigned / open / waiting
 * on customer / all, search, keyboard navigation; a new inbound SMS moves
 * its ticket to the top, unread), and the open ticket: its fields edited
 * through the outbox, the customer's key facts, and the conversation.
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_TICKETS_PAGE (ops_tickets_page_get_type ())
G_DECLARE_FINAL_TYPE (OpsTicketsPage, ops_tickets_page, OPS, TICKETS_PAGE, AdwBin)

void        ops_tickets_page_set_services  (OpsTicketsPage  *self,
                                            OpsServiceLayer *services);
void        ops_tickets_page_open_ticket   (OpsTicketsPage  *self,
                                            const char      *name);
const char *ops_tickets_page_get_ticket    (OpsTicketsPage  *self);
/* For tests: the list model of OpsTicketItem-like rows shown, and the
 * conversation of the open ticket. */
GListModel *ops_tickets_page_get_list      (OpsTicketsPage  *self);
GtkWidget  *ops_tickets_page_get_conversation (OpsTicketsPage *self);

/* Who "Mine" means: the ERPNext user the console works as (an e-mail, as
 * in assigned_to), NULL = nobody yet.  Property "me", set by the window. */
void        ops_tickets_page_set_me        (OpsTicketsPage  *self,
                                            const char      *me);
const char *ops_tickets_page_get_me        (OpsTicketsPage  *self);
/* Ctrl+F on the page: the search entry takes the focus. */
void        ops_tickets_page_focus_search  (OpsTicketsPage  *self);
/* For tests: the ticket view (OpsTicketView) and the filter buttons'
 * labels' counts as shown: counts[OPS_TICKETS_ALL + 1]. */
GtkWidget  *ops_tickets_page_get_ticket_view (OpsTicketsPage *self);
void        ops_tickets_page_get_shown_counts (OpsTicketsPage *self,
                                               guint          *counts);
/* Shows the tickets of a filter (OpsTicketFilter), as its button does. */
void        ops_tickets_page_set_filter    (OpsTicketsPage  *self,
                                            int              filter);

G_END_DECLS
