/* ops-equipment-panel-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shared between the panel (lookup, actions) and the code that fills its
 * sections (ops-equipment-panel-sections.c).
 */

#pragma once

#include <adwaita.h>

#include "ops-equipment-panel.h"
#include "ops-hosts-list.h"
#include "ops-verdict-banner.h"

G_BEGIN_DECLS

#define AGE_TICK_SECONDS 30

enum {
  GROUP_FIBRE,
  GROUP_IP,
  GROUP_WIFI,
  GROUP_ETHERNET,
  GROUP_GENERAL,
  N_GROUPS
};

/* A row whose subtitle says how old its value is. */
typedef struct
{
  AdwActionRow *row;
  char         *extra;      /* the rest of the subtitle, or NULL */
  char         *timestamp;
  gboolean      always;     /* show the age even when fresh, as "3 min ago" */
} AgedRow;

struct _OpsEquipmentPanel
{
  GtkWidget             parent_instance;

  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkWidget            *actions_box;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *result_revealer;
  GtkWidget            *result_box;
  GtkImage             *result_icon;
  GtkLabel             *result_label;
  GtkStack             *state_stack;
  GtkSpinner           *spinner;
  GtkLabel             *loading_label;
  AdwStatusPage        *error_page;
  OpsVerdictBanner     *banner;
  AdwPreferencesGroup  *fibre_group;
  AdwPreferencesGroup  *ip_group;
  AdwPreferencesGroup  *wifi_group;
  AdwPreferencesGroup  *ethernet_group;
  AdwPreferencesGroup  *general_group;
  OpsHostsList         *hosts_list;

  OpsServiceLayer      *services;
  char                 *serial;
  OpsEquipment         *equipment;     /* the store's row, or NULL */
  char                 *customer;
  char                 *plan;          /* "Fibre 1000", or NULL */
  OpsVerdictContext     context;
  OpsVerdictThresholds  thresholds;
  OpsDevice            *device;

  GCancellable         *lookup_cancellable;
  GCancellable         *action_cancellable;
  OpsDeviceAction       action;
  gboolean              busy;
  guint                 pulse_source;
  guint                 age_source;

  GPtrArray            *rows[N_GROUPS];
  GPtrArray            *aged;          /* AgedRow */
};

void _ops_equipment_panel_aged_row_free (gpointer data);
void _ops_equipment_panel_update_ages (OpsEquipmentPanel *self);
void _ops_equipment_panel_fill_header (OpsEquipmentPanel *self);
void _ops_equipment_panel_fill        (OpsEquipmentPanel *self);

G_END_DECLS
