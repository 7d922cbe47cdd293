/* ops-current-user.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsCurrentUser"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-current-user.h"
#include "ops-erpnext-client.h"
#include "ops-store-tickets.h"

/*
 * Callbacks
 */

static void
on_logged_user_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *user;

  user = ops_erpnext_client_get_logged_user_finish (OPS_ERPNEXT_CLIENT (object), result, &error);
  if (user == NULL)
    {
      if (error != NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s",
                                 _("ERPNext answered without a user name. Check the ERPNext address in Preferences."));
      return;
    }
  g_task_return_pointer (task, user, g_free);
}

/*
 * Public API
 */

char *
ops_current_user_most_assigned (OpsStore *store)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GHashTable) counts = NULL;
  g_autoptr(GError) error = NULL;
  const char *best = NULL;
  guint best_count = 0;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);

  rows = ops_store_list_tickets (store, OPS_TICKETS_ALL, NULL, NULL, &error);
  if (rows == NULL)
    {
      g_debug ("Cannot list the tickets: %s", error->message);
      return NULL;
    }

  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < rows->len; i++)
    {
      const OpsTicketRow *row = rows->pdata[i];
      guint count;

      if (row->assigned_to == NULL || *row->assigned_to == '\0')
        continue;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, row->assigned_to)) + 1;
      g_hash_table_insert (counts, row->assigned_to, GUINT_TO_POINTER (count));
      /* Ties go to the name first in the alphabet, so the answer is stable. */
      if (count > best_count || (count == best_count && g_strcmp0 (row->assigned_to, best) < 0))
        {
          best = row->assigned_to;
          best_count = count;
        }
    }
  return g_strdup (best);
}

void
ops_current_user_lookup_async (OpsServiceLayer     *services,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(OpsErpnextClient) client = NULL;
  g_autoptr(GError) error = NULL;
  OpsConfig *config;

  g_return_if_fail (OPS_IS_SERVICE_LAYER (services));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_current_user_lookup_async);

  if (ops_service_layer_is_demo (services))
    {
      char *user = ops_current_user_most_assigned (ops_service_layer_get_store (services));

      if (user == NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                                 _("No ticket of the demo workspace is assigned to anybody."));
      else
        g_task_return_pointer (task, user, g_free);
      return;
    }

  config = ops_service_layer_get_config (services);
  client = ops_erpnext_client_new (ops_config_get_string (config, "erpnext", "url"),
                                   ops_config_get_string (config, "erpnext", "api_key"),
                                   ops_config_get_string (config, "erpnext", "api_secret"),
                                   ops_config_get_string (config, "erpnext", "ca_file"),
                                   &error);
  if (client == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  ops_erpnext_client_get_logged_user_async (client, cancellable, on_logged_user_cb, g_steal_pointer (&task));
}

char *
ops_current_user_lookup_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
