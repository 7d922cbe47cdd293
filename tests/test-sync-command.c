/* test-sync-command.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `gigafibre-ops --sync` against the fake Frappe server: the real binary,
 * with no display.
 */

#define G_LOG_DOMAIN "test-sync-command"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ops-fake-frappe.h"
#include "ops-store.h"

static char *
write_config (const char *url,
              const char *secret)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "sync.ini", NULL);
  g_autofree char *contents = g_strdup_printf ("[erpnext]\nurl = %s\napi_key = key\napi_secret = %s\n", url, secret);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_chmod (path, 0600);
  return g_steal_pointer (&path);
}

static int
run (const char  *config,
     const char  *store,
     char       **out,
     char       **err)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OPS_BINARY"), "--sync",
                                         "--config", config, "--store", store, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_test_message ("stdout: %s\nstderr: %s", *out, *err);
  return g_subprocess_get_exit_status (process);
}

static void
test_sync_command (void)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("key", "secret");
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "cli.sqlite", NULL);
  g_autofree char *good = write_config (ops_fake_frappe_get_url (fake), "secret");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"CUST-%02u\",\"customer_name\":\"Client %u\"}", i, i);
      g_autoptr(JsonNode) node = json_from_string (json, NULL);

      ops_fake_frappe_put_doc (fake, "Customer", json_node_get_object (node));
    }

  g_assert_cmpint (run (good, store_path, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "Customer: 12"));
  g_assert_nonnull (strstr (out, "Synced 12 rows"));

  store = ops_store_open (store_path, &error);
  g_assert_no_error (error);
  detail = ops_store_get_customer_detail (store, "CUST-07", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (detail->customer->customer_name, ==, "Client 7");
  g_clear_object (&store);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A part that fails makes the exit status say so. */
  ops_fake_frappe_forbid_doctype (fake, "Dispatch Job");
  g_assert_cmpint (run (good, store_path, &out, &err), ==, 1);
  g_assert_nonnull (strstr (err, "Dispatch Job"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A wrong secret says what to check, and never prints the secret. */
  {
    g_autofree char *bad = write_config (ops_fake_frappe_get_url (fake), "wrong-secret-123");

    g_assert_cmpint (run (bad, store_path, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "Check your API key"));
    g_assert_null (strstr (err, "wrong-secret-123"));
    g_assert_null (strstr (out, "wrong-secret-123"));
  }
}

static void
test_not_configured (void)
{
  g_autofree char *path = g_build_filename (g_get_user_config_dir (), "empty.ini", NULL);
  g_autofree char *store_path = g_build_filename (g_get_user_data_dir (), "cli.sqlite", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_mkdir_with_parents (g_get_user_config_dir (), 0700);
  g_assert_true (g_file_set_contents (path, "[server]\nport = 0\n", -1, NULL));
  g_assert_cmpint (run (path, store_path, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "ERPNext is not configured"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/sync-command/sync", test_sync_command);
  g_test_add_func ("/sync-command/not-configured", test_not_configured);

  return g_test_run ();
}
