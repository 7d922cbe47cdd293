/* ops-model.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsModel"

#include "config.h"

#include <string.h>

#include "ops-model.h"

void
ops_customer_free (OpsCustomer *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->customer_name);
  g_free (self->customer_type);
  g_free (self->status);
  g_strfreev (self->flags);
  g_free (self->notes);
  g_free (self->language);
  g_free (self->since);
  g_free (self->modified);
  g_free (self);
}

void
ops_contact_free (OpsContact *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->phone);
  g_free (self->mobile);
  g_free (self->email);
  g_free (self);
}

void
ops_location_free (OpsLocation *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->address_line);
  g_free (self->city);
  g_free (self->province);
  g_free (self->postal_code);
  g_free (self->connection_type);
  g_free (self->olt_port);
  g_free (self->status);
  g_free (self);
}

void
ops_equipment_free (OpsEquipment *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->location);
  g_free (self->equipment_type);
  g_free (self->brand);
  g_free (self->model);
  g_free (self->serial);
  g_free (self->mac);
  g_free (self->status);
  g_free (self->device_id);
  g_free (self);
}

void
ops_subscription_free (OpsSubscription *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->location);
  g_free (self->plan);
  g_free (self->status);
  g_free (self->start_date);
  g_free (self);
}

void
ops_invoice_free (OpsInvoice *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->posting_date);
  g_free (self->due_date);
  g_free (self->status);
  g_free (self);
}

void
ops_ticket_free (OpsTicket *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->subject);
  g_free (self->status);
  g_free (self->priority);
  g_free (self->opening_date);
  g_free (self->assigned_to);
  g_free (self);
}

void
ops_customer_detail_free (OpsCustomerDetail *self)
{
  if (self == NULL)
    return;
  ops_customer_free (self->customer);
  g_clear_pointer (&self->contacts, g_ptr_array_unref);
  g_clear_pointer (&self->locations, g_ptr_array_unref);
  g_clear_pointer (&self->equipment, g_ptr_array_unref);
  g_clear_pointer (&self->subscriptions, g_ptr_array_unref);
  g_clear_pointer (&self->invoices, g_ptr_array_unref);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_free (self);
}

void
ops_customer_hit_free (OpsCustomerHit *self)
{
  if (self == NULL)
    return;
  g_free (self->name);
  g_free (self->customer_name);
  g_free (self->status);
  g_free (self->city);
  g_free (self->phone);
  g_free (self->matched);
  g_free (self);
}

/**
 * ops_invoice_is_overdue:
 * @today: the date as YYYY-MM-DD
 *
 * ERPNext recomputes the status field on a schedule, so it lags; an invoice
 * is overdue when money is still owed after its due date.
 */
gboolean
ops_invoice_is_overdue (const OpsInvoice *invoice,
                        const char       *today)
{
  g_return_val_if_fail (invoice != NULL, FALSE);

  return invoice->outstanding_amount > 0.005 &&
         invoice->due_date != NULL &&
         strcmp (invoice->due_date, today) < 0;
}
