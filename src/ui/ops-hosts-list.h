/* ops-hosts-list.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The devices connected at a customer's, grouped by the mesh node they
 * attach to (wired and unknown ones last), with signal, name, IP, MAC,
 * band and lease.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-device-summary.h"
#include "ops-device-verdicts.h"

G_BEGIN_DECLS

#define OPS_TYPE_HOSTS_LIST (ops_hosts_list_get_type ())

G_DECLARE_FINAL_TYPE (OpsHostsList, ops_hosts_list, OPS, HOSTS_LIST, GtkWidget)

GtkWidget *ops_hosts_list_new         (void);
void       ops_hosts_list_set_summary (OpsHostsList               *self,
                                       const OpsDeviceSummary     *summary,
                                       const OpsVerdictThresholds *thresholds);
/* Groups shown (one per node with clients, and wired/other). */
guint      ops_hosts_list_get_n_groups (OpsHostsList              *self);

G_END_DECLS
