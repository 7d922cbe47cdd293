/* ops-config.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define OPS_CONFIG_ERROR (ops_config_error_quark ())

typedef enum
{
  OPS_CONFIG_ERROR_IO,
  OPS_CONFIG_ERROR_SYNTAX,
  OPS_CONFIG_ERROR_UNKNOWN_KEY,
  OPS_CONFIG_ERROR_INVALID_VALUE,
  OPS_CONFIG_ERROR_INSECURE_FILE,
} OpsConfigError;

#define OPS_TYPE_CONFIG (ops_config_get_type ())

G_DECLARE_FINAL_TYPE (OpsConfig, ops_config, OPS, CONFIG, GObject)

GQuark       ops_config_error_quark       (void);
OpsConfig   *ops_config_new               (void);
OpsConfig   *ops_config_copy              (OpsConfig    *self);
gboolean     ops_config_load_file         (OpsConfig    *self,
                                           const char   *path,
                                           GError      **error);
gboolean     ops_config_load_data         (OpsConfig    *self,
                                           const char   *data,
                                           gssize        length,
                                           const char   *origin,
                                           GError      **error);
gboolean     ops_config_apply_environment (OpsConfig    *self,
                                           const char * const *envp,
                                           GError      **error);
const char  *ops_config_get_string        (OpsConfig    *self,
                                           const char   *group,
                                           const char   *key);
gint64       ops_config_get_int           (OpsConfig    *self,
                                           const char   *group,
                                           const char   *key);
double       ops_config_get_double        (OpsConfig    *self,
                                           const char   *group,
                                           const char   *key);
GStrv        ops_config_get_list          (OpsConfig    *self,
                                           const char   *group,
                                           const char   *key);
/* Where the file or the environment set group.key ("ops.ini:12",
 * "OPS_GEMINI_API_KEY"), or NULL when neither did (a default, or a value
 * added by ops_config_set_string). */
const char  *ops_config_get_origin        (OpsConfig    *self,
                                           const char   *group,
                                           const char   *key);
gboolean     ops_config_has_service       (OpsConfig    *self,
                                           const char   *group);
void         ops_config_set_string        (OpsConfig    *self,
                                           const char   *group,
                                           const char   *key,
                                           const char   *value);
gboolean     ops_config_key_is_secret     (const char   *group,
                                           const char   *key);
gboolean     ops_config_key_is_known      (const char   *group,
                                           const char   *key);

G_END_DECLS
