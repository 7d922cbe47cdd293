/* ops-customer-view.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-service-layer.h"
#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_TYPE_CUSTOMER_VIEW (ops_customer_view_get_type ())

G_DECLARE_FINAL_TYPE (OpsCustomerView, ops_customer_view, OPS, CUSTOMER_VIEW, GtkWidget)

void                     ops_customer_view_set_store (OpsCustomerView *self,
                                                      OpsStore        *store);
void                     ops_customer_view_set_services (OpsCustomerView *self,
                                                         OpsServiceLayer *services);
void                     ops_customer_view_show      (OpsCustomerView *self,
                                                      const char      *name);
void                     ops_customer_view_focus     (OpsCustomerView *self);
const OpsCustomerDetail *ops_customer_view_get_shown (OpsCustomerView *self);
/* Shows the diagnostics of one of the customer's device-managed units. */
void                     ops_customer_view_open_equipment (OpsCustomerView *self,
                                                           const char      *serial);
GtkWidget               *ops_customer_view_get_equipment_panel (OpsCustomerView *self);

G_END_DECLS
