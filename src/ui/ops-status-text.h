/* ops-status-text.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The words shown for the link to ERPNext and for queued writes: counts in
 * the person's locale, ages ("3 min ago"), the connection label and
 * sentence, the state of an outbox row.  Pure functions, so tests need no
 * display.
 */

#pragma once

#include "ops-labels.h"
#include "ops-outbox.h"
#include "ops-service-layer.h"

G_BEGIN_DECLS

/* What the header shows, gathered from the service layer's properties. */
typedef struct
{
  OpsConnectionState  state;
  gint64              pending;       /* writes pending or being sent */
  gint64              failed;        /* writes refused by ERPNext */
  const char         *sync_doctype;  /* NULL when not syncing */
  guint               sync_done;
  guint               sync_total;    /* 0 = unknown */
  gint64              last_sync;     /* unix time, 0 = never */
  const char         *last_error;
} OpsConnectionInfo;

/* 100000 -> "100,000" / "100 000", as the locale groups digits. */
char       *ops_format_count              (gint64                   count);
/* "just now", "3 min ago", "2 h ago", "3 days ago", then the date. */
char       *ops_format_age                (GDateTime               *then,
                                           GDateTime               *now);
/* Same for an ISO 8601 time as the outbox stores it; NULL if unreadable. */
char       *ops_format_iso_age            (const char              *iso,
                                           GDateTime               *now);
/* "Customers" for "Customer": the plural shown while a doctype syncs. */
const char *ops_doctype_plural_label      (const char              *doctype);

/* Short label for the header: "Online", "Offline · 3 writes waiting",
 * "Syncing Customers 3,200 / 100,000", "Check API key". */
char       *ops_connection_label          (const OpsConnectionInfo *info);
/* The same state as a sentence for the popover. */
char       *ops_connection_sentence       (const OpsConnectionInfo *info);
/* "Last complete sync 3 min ago (14:02)" or "Never synced completely yet". */
char       *ops_connection_last_sync      (const OpsConnectionInfo *info,
                                           GDateTime               *now);
/* "Online · synced 3 min ago" and the like, for the tooltip. */
char       *ops_connection_tooltip        (const OpsConnectionInfo *info,
                                           GDateTime               *now);
/* "warning", "error" or NULL. */
const char *ops_connection_style          (const OpsConnectionInfo *info);
const char *ops_connection_icon_name      (OpsConnectionState       state);
/* "2 changes refused"; NULL when none. */
char       *ops_connection_failed_label   (gint64                   failed);
/* "3 changes waiting to be sent · 1 refused by ERPNext"; NULL when none. */
char       *ops_connection_writes_summary (gint64                   pending,
                                           gint64                   failed);

/* "Waiting", "Being sent", "Refused by ERPNext", "Sent", with a style. */
OpsLabel    ops_label_outbox_state        (OpsOutboxState           state);
/* "Customer C0001 · 2 attempts · made 5 min ago". */
char       *ops_outbox_entry_details      (const OpsOutboxEntry    *entry,
                                           GDateTime               *now);
/* The title of a payload field: "Notes" for "customer_details". */
const char *ops_outbox_field_label        (const char              *doctype,
                                           const char              *field);

G_END_DECLS
