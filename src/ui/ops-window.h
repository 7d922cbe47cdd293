/* ops-window.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ops-application.h"

G_BEGIN_DECLS

#define OPS_TYPE_WINDOW (ops_window_get_type ())

G_DECLARE_FINAL_TYPE (OpsWindow, ops_window, OPS, WINDOW, AdwApplicationWindow)

OpsWindow *ops_window_new              (OpsApplication *application,
                                        gboolean        demo);
GtkWidget *ops_window_get_customers_page (OpsWindow    *self);

G_END_DECLS
