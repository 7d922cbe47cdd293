/* ops-model.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Plain records read from the store. Field names follow ERPNext's fieldnames.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char      *name;
  char      *customer_name;
  char      *customer_type;
  char      *status;
  GStrv      flags;
  char      *notes;
  char      *language;
  char      *since;
  char      *modified;
} OpsCustomer;

typedef struct
{
  char     *name;
  char     *first_name;
  char     *last_name;
  char     *phone;
  char     *mobile;
  char     *email;
  gboolean  is_primary;
} OpsContact;

typedef struct
{
  char   *name;
  char   *address_line;
  char   *city;
  char   *province;
  char   *postal_code;
  double  latitude;
  double  longitude;
  char   *connection_type;
  char   *olt_port;
  gint64  vlan;
  char   *status;
} OpsLocation;

typedef struct
{
  char *name;
  char *location;
  char *equipment_type;
  char *brand;
  char *model;
  char *serial;
  char *mac;
  char *status;
  char *device_id;
} OpsEquipment;

typedef struct
{
  char   *name;
  char   *location;
  char   *plan;
  double  price;
  char   *status;
  char   *start_date;
} OpsSubscription;

typedef struct
{
  char   *name;
  char   *posting_date;
  char   *due_date;
  double  grand_total;
  double  outstanding_amount;
  char   *status;
} OpsInvoice;

typedef struct
{
  char *name;
  char *subject;
  char *status;
  char *priority;
  char *opening_date;
  char *assigned_to;
} OpsTicket;

typedef struct
{
  OpsCustomer *customer;
  GPtrArray   *contacts;       /* OpsContact */
  GPtrArray   *locations;      /* OpsLocation */
  GPtrArray   *equipment;      /* OpsEquipment */
  GPtrArray   *subscriptions;  /* OpsSubscription */
  GPtrArray   *invoices;       /* OpsInvoice, newest first */
  GPtrArray   *tickets;        /* OpsTicket, newest first */
  double       balance;        /* sum of outstanding amounts */
  guint        overdue_count;
} OpsCustomerDetail;

typedef struct
{
  char   *name;           /* account number */
  char   *customer_name;
  char   *status;
  char   *city;
  char   *phone;
  char   *matched;        /* what the query matched, for the result subtitle */
  double  rank;
} OpsCustomerHit;

typedef struct
{
  gint64 customers;
  gint64 technicians;
  gint64 jobs;
  gint64 tickets;
  gint64 equipment;
  gint64 outbox_pending;
} OpsStoreCounts;

void ops_customer_free         (OpsCustomer       *self);
void ops_contact_free          (OpsContact        *self);
void ops_location_free         (OpsLocation       *self);
void ops_equipment_free        (OpsEquipment      *self);
void ops_subscription_free     (OpsSubscription   *self);
void ops_invoice_free          (OpsInvoice        *self);
void ops_ticket_free           (OpsTicket         *self);
void ops_customer_detail_free  (OpsCustomerDetail *self);
void ops_customer_hit_free     (OpsCustomerHit    *self);

gboolean ops_invoice_is_overdue (const OpsInvoice *invoice,
                                 const char       *today);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsCustomer, ops_customer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsCustomerDetail, ops_customer_detail_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsCustomerHit, ops_customer_hit_free)

G_END_DECLS
