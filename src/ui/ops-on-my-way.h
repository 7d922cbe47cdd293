/* ops-on-my-way.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch job panel's "On My Way" text: the "Technicien en route"
 * template (or the first one holding {technicien}) filled with the
 * customer's first name, the technician's name and the arrival window,
 * queued as an SMS in the customer's conversation (on their open ticket
 * when they have one).
 */

#pragma once

#include "ops-dispatch-types.h"
#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_ON_MY_WAY_ERROR (ops_on_my_way_error_quark ())

typedef enum
{
  OPS_ON_MY_WAY_ERROR_NO_CUSTOMER,  /* the job has no customer */
  OPS_ON_MY_WAY_ERROR_NO_MOBILE,    /* no number to text */
} OpsOnMyWayError;

GQuark    ops_on_my_way_error_quark      (void);

/* Scheduled or En Route, with a customer. */
gboolean  ops_on_my_way_applies          (const OpsDispatchJob *job);
/* "entre 10 h 00 et 10 h 30": start to start + 30 minutes, local time. */
char     *ops_on_my_way_arrival_window   (gint64                start);
/* Queues the text (ops_store_queue_sms).  technician is the name to show;
 * number (may be NULL) receives the number as the contact has it.
 * Returns the message name. */
char     *ops_on_my_way_queue            (OpsStore             *store,
                                          const OpsDispatchJob *job,
                                          const char           *technician,
                                          const char           *sender,
                                          char                **number,
                                          GError              **error);

G_END_DECLS
