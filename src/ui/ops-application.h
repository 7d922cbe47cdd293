/* ops-application.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "ops-config.h"
#include "ops-service-layer.h"
#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_TYPE_APPLICATION (ops_application_get_type ())

G_DECLARE_FINAL_TYPE (OpsApplication, ops_application, OPS, APPLICATION, AdwApplication)

OpsApplication *ops_application_new          (OpsConfig      *config,
                                              const char     *store_path,
                                              gboolean        force_demo);
OpsStore       *ops_application_get_store    (OpsApplication *self);
GSettings      *ops_application_get_settings (OpsApplication *self);
/* The store, bus and ERPNext link of the open workspace, once activated. */
OpsServiceLayer *ops_application_get_services (OpsApplication *self);
/* The configuration the console connects with: config (file and
 * environment) completed from settings (may be NULL) and the keyring. */
OpsConfig      *ops_application_build_config (OpsConfig      *config,
                                              GSettings      *settings,
                                              gboolean        force_demo);
int             ops_application_run          (OpsConfig      *config,
                                              const char     *store_path,
                                              gboolean        force_demo);

G_END_DECLS
