/* main.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ops-check-config.h"
#include "ops-config.h"
#include "ops-headless.h"
#include "ops-sync-command.h"

#if HAVE_GUI
# include "ops-application.h"
#endif

static char *
default_config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), PACKAGE_NAME, "config.ini", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(OpsConfig) config = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *store_path = NULL;
  const char *localedir;
  gboolean headless = FALSE;
  gboolean sync = FALSE;
  gboolean demo = FALSE;
  gboolean version = FALSE;
  gboolean check_config = FALSE;
  g_autofree char *loaded_path = NULL;
  GOptionEntry entries[] = {
    { "headless", 0, 0, G_OPTION_ARG_NONE, &headless, N_("Run the webhook and live-event server, without a window"), NULL },
    { "sync", 0, 0, G_OPTION_ARG_NONE, &sync, N_("Sync the local store with ERPNext once, then exit"), NULL },
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Read the configuration from FILE"), N_("FILE") },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, N_("Keep the local store at PATH"), N_("PATH") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Open the demo workspace even when systems are configured"), NULL },
    { "check-config", 0, 0, G_OPTION_ARG_NONE, &check_config, N_("Check the configuration, print what it sets up, then exit"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  localedir = g_getenv ("OPS_LOCALEDIR");
  bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Operations console for Gigafibre staff: dispatch, customers, diagnostics."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr (_("Run “%s --help” to see the options.\n"), g_get_prgname ());
      return 2;
    }

  if (version)
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  config = ops_config_new ();
  if (config_path != NULL)
    loaded_path = g_strdup (config_path);
  else
    {
      g_autofree char *path = default_config_path ();

      if (g_file_test (path, G_FILE_TEST_EXISTS))
        loaded_path = g_steal_pointer (&path);
    }

  if ((loaded_path != NULL && !ops_config_load_file (config, loaded_path, &error)) ||
      !ops_config_apply_environment (config, NULL, &error))
    {
      if (check_config)
        return ops_check_config_run (config, loaded_path, error);
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (check_config)
    return ops_check_config_run (config, loaded_path, NULL);

  if (sync)
    return ops_sync_command_run (config, store_path);

  if (headless)
    return ops_headless_run (config, store_path, demo);

#if HAVE_GUI
  return ops_application_run (config, store_path, demo);
#else
  g_printerr (_("This build of %s has no desktop console; run it with --headless.\n"), PACKAGE_NAME);
  return 2;
#endif
}
