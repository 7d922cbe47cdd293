/* ops-customers-page.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-service-layer.h"
#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_TYPE_CUSTOMERS_PAGE (ops_customers_page_get_type ())

G_DECLARE_FINAL_TYPE (OpsCustomersPage, ops_customers_page, OPS, CUSTOMERS_PAGE, GtkWidget)

void        ops_customers_page_set_store     (OpsCustomersPage *self,
                                              OpsStore         *store);
void        ops_customers_page_set_services  (OpsCustomersPage *self,
                                              OpsServiceLayer  *services);
void        ops_customers_page_focus_search  (OpsCustomersPage *self);
void        ops_customers_page_open_customer (OpsCustomersPage *self,
                                              const char       *name);
const char *ops_customers_page_get_customer  (OpsCustomersPage *self);
GListModel *ops_customers_page_get_results   (OpsCustomersPage *self);
GtkWidget  *ops_customers_page_get_detail    (OpsCustomersPage *self);

G_END_DECLS
