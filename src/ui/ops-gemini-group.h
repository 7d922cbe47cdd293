/* ops-gemini-group.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The "Photo Reading (Gemini)" group of Preferences → Connections: the API
 * key (kept in the keyring) and the model (kept in GSettings), a test that
 * asks Gemini to read a tiny image with the entered key, and Save.  Values
 * the configuration file or the environment set are shown locked.
 */

#pragma once

#include <adwaita.h>

#include "ops-config.h"

G_BEGIN_DECLS

#define OPS_TYPE_GEMINI_GROUP (ops_gemini_group_get_type ())

G_DECLARE_FINAL_TYPE (OpsGeminiGroup, ops_gemini_group, OPS, GEMINI_GROUP, AdwPreferencesGroup)

/* config: what the file and environment set ([gemini] url is where the
 * test goes); settings may be NULL when the schema is not installed.
 * Signals: "toast" (a message for the user), "saved" (the application
 * should reopen its workspace to use the new values). */
GtkWidget  *ops_gemini_group_new             (OpsConfig      *config,
                                              GSettings      *settings);
GtkWidget  *ops_gemini_group_get_key_row     (OpsGeminiGroup *self);
GtkWidget  *ops_gemini_group_get_model_row   (OpsGeminiGroup *self);
GtkWidget  *ops_gemini_group_get_test_button (OpsGeminiGroup *self);
GtkWidget  *ops_gemini_group_get_save_button (OpsGeminiGroup *self);
/* The status line: a hint, the keyring's problem, or the last test result. */
const char *ops_gemini_group_get_status      (OpsGeminiGroup *self);
/* TRUE while the keyring is read, or a test or a save runs. */
gboolean    ops_gemini_group_is_busy         (OpsGeminiGroup *self);

G_END_DECLS
