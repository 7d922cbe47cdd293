/* ops-current-user.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Who the console works as, for "my tickets": the ERPNext user of the
 * configured API key (frappe.auth.get_logged_user), or on the demo
 * workspace the demo's CSR (the most frequent assignee of the tickets).
 */

#pragma once

#include <gio/gio.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

void  ops_current_user_lookup_async  (OpsServiceLayer      *services,
                                      GCancellable         *cancellable,
                                      GAsyncReadyCallback   callback,
                                      gpointer              user_data);
/* The user (e-mail), or NULL with error set. */
char *ops_current_user_lookup_finish (GAsyncResult         *result,
                                      GError              **error);
/* The most frequent assignee of the tickets in the store, or NULL. */
char *ops_current_user_most_assigned (OpsStore             *store);

G_END_DECLS
