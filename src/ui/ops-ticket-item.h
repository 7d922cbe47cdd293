/* ops-ticket-item.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One row of the tickets list: an OpsTicketRow in a GObject, for list
 * models.
 */

#pragma once

#include <gio/gio.h>

#include "ops-store-tickets.h"

G_BEGIN_DECLS

#define OPS_TYPE_TICKET_ITEM (ops_ticket_item_get_type ())
G_DECLARE_FINAL_TYPE (OpsTicketItem, ops_ticket_item, OPS, TICKET_ITEM, GObject)

/* Takes row. */
OpsTicketItem      *ops_ticket_item_new     (OpsTicketRow  *row);
const OpsTicketRow *ops_ticket_item_get_row (OpsTicketItem *self);
const char         *ops_ticket_item_get_name (OpsTicketItem *self);

G_END_DECLS
