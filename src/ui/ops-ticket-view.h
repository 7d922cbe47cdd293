/* ops-ticket-view.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One open ticket: its subject, its status, priority and assignee edited
 * through the outbox, the customer's key facts beside it, and the
 * customer's conversation.
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_TICKET_VIEW (ops_ticket_view_get_type ())
G_DECLARE_FINAL_TYPE (OpsTicketView, ops_ticket_view, OPS, TICKET_VIEW, AdwBin)

void        ops_ticket_view_set_services     (OpsTicketView   *self,
                                              OpsServiceLayer *services);
/* Shows the ticket (NULL: nothing); FALSE when it is not in the store. */
gboolean    ops_ticket_view_show             (OpsTicketView   *self,
                                              const char      *name);
const char *ops_ticket_view_get_ticket       (OpsTicketView   *self);
/* Reads the ticket and the customer again (the conversation refreshes
 * itself). */
void        ops_ticket_view_reload           (OpsTicketView   *self);
GtkWidget  *ops_ticket_view_get_conversation (OpsTicketView   *self);
/* For tests: the status, priority and assignee drop-downs. */
GtkWidget  *ops_ticket_view_get_status_dropdown   (OpsTicketView *self);
GtkWidget  *ops_ticket_view_get_priority_dropdown (OpsTicketView *self);
GtkWidget  *ops_ticket_view_get_assignee_dropdown (OpsTicketView *self);

G_END_DECLS
