/* ops-dispatch-text.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words the dispatch page shows for a job: its status and priority
 * with the style class that colours them, its zone, its day and its time.
 */

#pragma once

#include "ops-dispatch-types.h"
#include "ops-labels.h"

G_BEGIN_DECLS

OpsLabel  ops_dispatch_status_label   (OpsJobStatus          status);
/* "low", "medium", "high", "urgent" (any case). */
OpsLabel  ops_dispatch_priority_label (const char           *priority);
/* The last part of an address, its city, or NULL. */
char     *ops_dispatch_city_of        (const char           *address);
/* "Today", "Tomorrow", "Yesterday" or "Wednesday 14 May" for the local
 * day holding t. */
char     *ops_dispatch_format_day     (gint64                t);
/* "Today, 10:15–11:30", or "Not scheduled" / "Tuesday 12 May, no time". */
char     *ops_dispatch_format_when    (const OpsDispatchJob *job);
/* "1 h 15 min", "45 min". */
char     *ops_dispatch_format_duration (guint               minutes);

G_END_DECLS
