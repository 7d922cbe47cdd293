/* ops-store-messages.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the SMS webhooks ask of the store: who a phone number belongs to,
 * the ticket a message joins, and a message's delivery status kept at its
 * most final value whatever order the provider's callbacks arrive in.
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

/* How final a provider's delivery status is: 0 unknown, 1 queued
 * (accepted, scheduled), 2 sending, 3 sent, 4 delivered and the failures
 * (undelivered, failed, canceled, partially_delivered), 5 read. */
int       ops_message_status_rank                (const char  *status);

/* The customer one of whose contacts has phone as phone or mobile number
 * (compared in E.164, through the search index), or NULL, error unset,
 * when none.  The primary contact wins when several match. */
char     *ops_store_find_customer_by_phone       (OpsStore    *self,
                                                  const char  *phone,
                                                  GError     **error);
/* TRUE when the store has the customer. */
gboolean  ops_store_has_customer                 (OpsStore    *self,
                                                  const char  *customer);
/* The customer's most recent open ticket (Open, Replied or On Hold), or
 * NULL, error unset, when none. */
char     *ops_store_find_open_ticket             (OpsStore    *self,
                                                  const char  *customer,
                                                  GError     **error);
/* The message whose provider_id is provider_id: TRUE and its name,
 * customer and delivery status (each out may be NULL); FALSE, error
 * unset, when none. */
gboolean  ops_store_find_message_by_provider_id  (OpsStore    *self,
                                                  const char  *provider_id,
                                                  char       **name,
                                                  char       **customer,
                                                  char       **delivery_status,
                                                  GError     **error);
/* Sets the delivery status (and error_code, 0 = none) of the message with
 * provider_id when status is more final than the one recorded; a status
 * of the same rank or lower is ignored.  found and changed (may be NULL)
 * tell what happened; name and customer (may be NULL) receive the
 * message's.  FALSE only on a store error. */
gboolean  ops_store_update_message_status        (OpsStore    *self,
                                                  const char  *provider_id,
                                                  const char  *status,
                                                  int          error_code,
                                                  gboolean    *found,
                                                  gboolean    *changed,
                                                  char       **name,
                                                  char       **customer,
                                                  GError     **error);

G_END_DECLS
