/* ops-ticket-item.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsTicketItem"

#include "config.h"

#include "ops-ticket-item.h"

struct _OpsTicketItem
{
  GObject       parent_instance;
  OpsTicketRow *row;
};

G_DEFINE_FINAL_TYPE (OpsTicketItem, ops_ticket_item, G_TYPE_OBJECT)

static void
ops_ticket_item_finalize (GObject *object)
{
  OpsTicketItem *self = (OpsTicketItem *)object;

  g_clear_pointer (&self->row, ops_ticket_row_free);

  G_OBJECT_CLASS (ops_ticket_item_parent_class)->finalize (object);
}

static void
ops_ticket_item_class_init (OpsTicketItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_ticket_item_finalize;
}

static void
ops_ticket_item_init (OpsTicketItem *self)
{
}

OpsTicketItem *
ops_ticket_item_new (OpsTicketRow *row)
{
  OpsTicketItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (OPS_TYPE_TICKET_ITEM, NULL);
  self->row = row;
  return self;
}

const OpsTicketRow *
ops_ticket_item_get_row (OpsTicketItem *self)
{
  g_return_val_if_fail (OPS_IS_TICKET_ITEM (self), NULL);

  return self->row;
}

const char *
ops_ticket_item_get_name (OpsTicketItem *self)
{
  g_return_val_if_fail (OPS_IS_TICKET_ITEM (self), NULL);

  return self->row->name;
}
