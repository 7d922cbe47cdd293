/* ops-connection-group.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The preferences group of one external system (ERPNext, GenieACS, ...),
 * built from a description: its fields, where each is saved (GSettings or
 * the keyring), how a connection is tested.  It locks the fields that the
 * configuration file or the environment already set, tests the entered
 * values, and saves them.
 */

#pragma once

#include <adwaita.h>

#include "ops-config.h"

G_BEGIN_DECLS

typedef enum
{
  OPS_CONNECTION_FIELD_URL,     /* http(s)://host[:port], validated */
  OPS_CONNECTION_FIELD_TEXT,
  OPS_CONNECTION_FIELD_SECRET,  /* shown masked */
} OpsConnectionFieldKind;

typedef struct
{
  const char             *key;           /* config key in the system's group, e.g. "api_key" */
  OpsConnectionFieldKind  kind;
  const char             *title;         /* untranslated (N_) */
  const char             *settings_key;  /* saved in GSettings, or NULL: saved in the keyring */
} OpsConnectionField;

/* values maps each field's key (and "ca_file" when set) to the entered
 * text.  test_finish returns the sentence to show on success, or an error
 * whose message is the sentence to show. */
typedef void  (*OpsConnectionTestFunc)       (GHashTable          *values,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
typedef char *(*OpsConnectionTestFinishFunc) (GAsyncResult        *result,
                                              GError             **error);

typedef struct
{
  const char                 *service;          /* config group and keyring service: "erpnext" */
  const char                 *title;            /* N_ */
  const char                 *description;      /* N_ */
  const char                 *saved_message;    /* N_, the toast after a successful save */
  const OpsConnectionField   *fields;
  guint                       n_fields;
  const char                 *ca_settings_key;  /* NULL: no CA file row */
  const char                 *ca_config_key;    /* the config key of the CA file, or NULL */
  guint                       test_timeout_seconds;
  OpsConnectionTestFunc       test_async;
  OpsConnectionTestFinishFunc test_finish;
} OpsConnectionSpec;

#define OPS_TYPE_CONNECTION_GROUP (ops_connection_group_get_type ())

G_DECLARE_FINAL_TYPE (OpsConnectionGroup, ops_connection_group, OPS, CONNECTION_GROUP, AdwPreferencesGroup)

/* spec must outlive the group (a static table); settings may be NULL when
 * the schema is not installed (nothing can be saved then). */
GtkWidget  *ops_connection_group_new          (const OpsConnectionSpec *spec,
                                               OpsConfig               *config,
                                               GSettings               *settings);
const char *ops_connection_group_get_service  (OpsConnectionGroup      *self);
/* The row of a field (an AdwEntryRow), by its config key. */
GtkWidget  *ops_connection_group_get_row      (OpsConnectionGroup      *self,
                                               const char              *key);
GtkWidget  *ops_connection_group_get_ca_row   (OpsConnectionGroup      *self);
GtkWidget  *ops_connection_group_get_test_button (OpsConnectionGroup   *self);
GtkWidget  *ops_connection_group_get_save_button (OpsConnectionGroup   *self);
/* The status line under the fields: a hint, the keyring's problem, or the
 * result of the last test. */
const char *ops_connection_group_get_status   (OpsConnectionGroup      *self);
/* TRUE while the keyring is read, or a test or a save runs. */
gboolean    ops_connection_group_is_busy      (OpsConnectionGroup      *self);
/* Sets the CA file as the file chooser would (NULL clears it). */
void        ops_connection_group_set_ca_file  (OpsConnectionGroup      *self,
                                               const char              *path);
/* Checks an address typed by a user: http or https, a host, an optional
 * port, nothing else but an optional path. */
gboolean    ops_connection_url_is_valid       (const char              *url);

G_END_DECLS
