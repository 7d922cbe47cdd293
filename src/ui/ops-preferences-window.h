/* ops-preferences-window.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ops-config.h"

G_BEGIN_DECLS

#define OPS_TYPE_PREFERENCES_WINDOW (ops_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (OpsPreferencesWindow, ops_preferences_window, OPS, PREFERENCES_WINDOW, AdwPreferencesWindow)

/* settings may be NULL when the schema is not installed. */
GtkWidget *ops_preferences_window_new           (GtkWindow            *parent,
                                                 OpsConfig            *config,
                                                 GSettings            *settings);
/* The group of one system on the Connections page: an OpsConnectionGroup
 * ("erpnext"), the OpsGeminiGroup ("gemini"), or NULL. */
GtkWidget *ops_preferences_window_get_connection (OpsPreferencesWindow *self,
                                                 const char           *service);

G_END_DECLS
