/* ops-store-dispatch.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the dispatch board from the store: technicians, the jobs of a
 * date range (with their customer's name and their location's address and
 * coordinates), and the tray of jobs waiting for a technician.
 */

#pragma once

#include "ops-dispatch-types.h"
#include "ops-store.h"

G_BEGIN_DECLS

/* OpsDispatchTech*, ordered by full name (free function set). */
GPtrArray      *ops_store_list_technicians   (OpsStore    *self,
                                              GError     **error);
/* Jobs with a technician whose scheduled_date is in [from, to] (YYYY-MM-DD,
 * inclusive), any status except Unassigned, ordered by technician, start.
 * OpsDispatchJob* (free function set). */
GPtrArray      *ops_store_list_jobs_between  (OpsStore    *self,
                                              const char  *from,
                                              const char  *to,
                                              GError     **error);

typedef enum
{
  OPS_TRAY_UNASSIGNED,   /* status Unassigned, or no technician and not on hold/cancelled/completed */
  OPS_TRAY_ON_HOLD,
  OPS_TRAY_CANCELLED,
} OpsTrayKind;

typedef struct
{
  const char *job_type;   /* NULL = any */
  const char *priority;   /* NULL = any */
  const char *tag;        /* NULL = any */
  const char *zone;       /* city, NULL = any */
  const char *date;       /* YYYY-MM-DD, NULL = any */
  const char *text;       /* substring of subject, customer name or name; NULL = any */
} OpsTrayFilter;

/* Tray jobs of a kind, urgent first then by date and start. */
GPtrArray      *ops_store_list_tray          (OpsStore            *self,
                                              OpsTrayKind          kind,
                                              const OpsTrayFilter *filter,
                                              GError             **error);
/* Counts per kind for the tab labels (ignores the filter's text). */
gboolean        ops_store_count_tray         (OpsStore            *self,
                                              const OpsTrayFilter *filter,
                                              guint                counts[3],
                                              GError             **error);
/* The distinct values the tray filters offer, sorted: column is one of
 * "job_type", "priority", "tag", "zone". */
GStrv           ops_store_tray_filter_values (OpsStore            *self,
                                              const char          *column,
                                              GError             **error);
/* One job, or NULL with error OPS_STORE_ERROR_NOT_FOUND. */
OpsDispatchJob *ops_store_get_job            (OpsStore            *self,
                                              const char          *name,
                                              GError             **error);

/* Records a placement another console made (heard through the hub) on the
 * local jobs row, without an outbox row: technician NULL = unassigned,
 * date YYYY-MM-DD or NULL, start "HH:MM" or NULL, duration 0 = 60, status
 * ERPNext's string.  FALSE with OPS_STORE_ERROR_NOT_FOUND when the job is
 * not in the store. */
gboolean        ops_store_set_job_placement  (OpsStore            *self,
                                              const char          *job,
                                              const char          *technician,
                                              const char          *date,
                                              const char          *start,
                                              guint                duration_min,
                                              const char          *status,
                                              GError             **error);

G_END_DECLS
