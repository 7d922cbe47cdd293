/* ops-workspace.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Which store to open: the demo workspace until ERPNext is configured, and
 * a separate store for live data so the two never mix.
 */

#define G_LOG_DOMAIN "OpsWorkspace"

#include "config.h"

#include "ops-demo.h"
#include "ops-workspace.h"

/**
 * ops_workspace_default_store_path:
 *
 * Returns: (transfer full): the store's path under the XDG data folder
 */
char *
ops_workspace_default_store_path (gboolean demo)
{
  return g_build_filename (g_get_user_data_dir (), PACKAGE_NAME,
                           demo ? "demo.sqlite" : "live.sqlite", NULL);
}

/**
 * ops_workspace_live_store_path:
 * @erpnext_url: the ERPNext the store mirrors
 *
 * One store per ERPNext, so switching servers never mixes their data:
 * "live-<host>-<hash of the URL>.sqlite" in the user data directory.
 */
char *
ops_workspace_live_store_path (const char *erpnext_url)
{
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, erpnext_url ? erpnext_url : "", -1);
  g_autoptr(GUri) uri = erpnext_url ? g_uri_parse (erpnext_url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *host = uri && g_uri_get_host (uri) ? g_uri_get_host (uri) : "erpnext";
  g_autoptr(GString) safe = g_string_new (NULL);
  g_autofree char *file = NULL;

  for (const char *p = host; *p != '\0'; p++)
    g_string_append_c (safe, g_ascii_isalnum (*p) || *p == '.' || *p == '-' ? *p : '_');
  file = g_strdup_printf ("live-%s-%.8s.sqlite", safe->str, hash);
  return g_build_filename (g_get_user_data_dir (), PACKAGE_NAME, file, NULL);
}

gboolean
ops_workspace_is_demo (OpsConfig *config,
                       gboolean   force_demo)
{
  return force_demo || config == NULL || !ops_config_has_service (config, "erpnext");
}

/**
 * ops_workspace_open:
 * @store_path: (nullable): a path given on the command line, else [store] path,
 *   else the default
 *
 * Opens the store, and on the demo workspace seeds it or brings it to today.
 *
 * Returns: (transfer full): the store, or %NULL with @error set
 */
OpsStore *
ops_workspace_open (OpsConfig   *config,
                    const char  *store_path,
                    gboolean     force_demo,
                    GError     **error)
{
  gboolean demo = ops_workspace_is_demo (config, force_demo);
  g_autofree char *path = NULL;
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  if (store_path != NULL)
    path = g_strdup (store_path);
  else if (!demo && config != NULL && ops_config_get_string (config, "store", "path") != NULL)
    path = g_strdup (ops_config_get_string (config, "store", "path"));
  else if (!demo)
    path = ops_workspace_live_store_path (ops_config_get_string (config, "erpnext", "url"));
  else
    path = ops_workspace_default_store_path (demo);

  if (!(store = ops_store_open (path, error)))
    return NULL;

  if (!demo)
    {
      const char *url = ops_config_get_string (config, "erpnext", "url");
      g_autofree char *known = ops_store_get_meta (store, "erpnext.url");

      if (ops_demo_is_demo_store (store))
        {
          g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_OPEN,
                       "The store %s holds the demo workspace; live data needs a store of its own. "
                       "Run without --store, or give another path.", path);
          return NULL;
        }
      if (known != NULL && g_strcmp0 (known, url) != 0)
        {
          g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_OPEN,
                       "The store %s holds data of %s, not of %s. "
                       "Run without --store to use a store per ERPNext, or give another path.",
                       path, known, url);
          return NULL;
        }
      if (known == NULL && !ops_store_set_meta (store, "erpnext.url", url, error))
        return NULL;
    }

  if (demo)
    {
      g_date_clear (&today, 1);
      g_date_set_dmy (&today, g_date_time_get_day_of_month (now),
                      g_date_time_get_month (now), g_date_time_get_year (now));

      if (!ops_demo_is_demo_store (store))
        {
          OpsStoreCounts counts = { 0 };

          /* Never pour demo rows into a store that holds live data. */
          if (ops_store_get_counts (store, &counts, NULL) && counts.customers > 0)
            {
              g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_OPEN,
                           "The store %s holds live data; the demo workspace needs a store of its own. "
                           "Run without --store, or give another path.", path);
              return NULL;
            }
        }

      if (!ops_demo_ensure (store, &today, error))
        return NULL;
    }

  return g_steal_pointer (&store);
}
