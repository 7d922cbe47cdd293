/* test-server-data.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server's files in data/: the example configuration documents every
 * key the console knows, marks its secrets and loads once its settings
 * are switched on; the systemd unit passes `systemd-analyze verify`.
 */

#define G_LOG_DOMAIN "test-server-data"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ops-config.h"

typedef struct
{
  char       *group;
  char       *key;
  gboolean    secret;
} Documented;

/* A file of the source tree, by its path from the top. */
static char *
read_source (const char *relative)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "..", relative, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The example with every ";key = value" switched on. */
static char *
switch_on (const char *example)
{
  g_auto(GStrv) lines = g_strsplit (example, "\n", -1);

  for (guint i = 0; lines[i]; i++)
    if (lines[i][0] == ';')
      memmove (lines[i], lines[i] + 1, strlen (lines[i]));
  return g_strjoinv ("\n", lines);
}

static char *
write_temp (const char *name,
            const char *contents,
            int         mode)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return g_steal_pointer (&path);
}

static void
test_example_loads (void)
{
  g_autofree char *example = read_source ("data/config.example.ini");
  g_autofree char *on = switch_on (example);
  g_autofree char *as_is = write_temp ("example.ini", example, 0644);
  g_autofree char *private_path = write_temp ("example-on.ini", on, 0600);
  g_autofree char *public_path = write_temp ("example-on-public.ini", on, 0644);
  g_autoptr(OpsConfig) plain = ops_config_new ();
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(OpsConfig) refused = ops_config_new ();
  g_autoptr(GError) error = NULL;

  /* As shipped: every setting commented out, the defaults apply. */
  g_assert_true (ops_config_load_file (plain, as_is, &error));
  g_assert_no_error (error);
  g_assert_false (ops_config_has_service (plain, "erpnext"));
  g_assert_cmpstr (ops_config_get_string (plain, "server", "listen"), ==, "127.0.0.1");

  /* Every example value is a valid one (placeholder secrets, mode 600). */
  g_assert_true (ops_config_load_file (config, private_path, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 7; i++)
    {
      const char *systems[] = { "erpnext", "genieacs", "oktopus", "twilio", "stripe", "gemini", "hub" };

      g_assert_true (ops_config_has_service (config, systems[i]));
    }
  g_assert_cmpstr (ops_config_get_string (config, "server", "port"), ==, "8470");
  g_assert_cmpint (ops_config_get_int (config, "server", "max_body"), ==, 1048576);

  /* The same file readable by others is refused: it holds secrets. */
  g_assert_false (ops_config_load_file (refused, public_path, &error));
  g_assert_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_INSECURE_FILE);

  g_unlink (as_is);
  g_unlink (private_path);
  g_unlink (public_path);
}

static void
documented_free (gpointer data)
{
  Documented *documented = data;

  g_free (documented->group);
  g_free (documented->key);
  g_free (documented);
}

/* "group.key" -> Documented, from the example's ";key = value" lines; a
 * "# (secret)" line just above marks a secret. */
static GHashTable *
documented_keys (const char *example)
{
  GHashTable *keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, documented_free);
  g_auto(GStrv) lines = g_strsplit (example, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i]; i++)
    {
      char *line = lines[i];

      if (line[0] == '[')
        {
          g_free (group);
          group = g_strndup (line + 1, strcspn (line + 1, "]"));
        }
      else if (line[0] == ';' && strchr (line, '=') != NULL)
        {
          Documented *documented = g_new0 (Documented, 1);

          g_assert_nonnull (group);
          documented->group = g_strdup (group);
          documented->key = g_strstrip (g_strndup (line + 1, strcspn (line + 1, "=")));
          documented->secret = i > 0 && g_str_equal (lines[i - 1], "# (secret)");
          g_hash_table_replace (keys, g_strdup_printf ("%s.%s", documented->group, documented->key), documented);
        }
    }
  return keys;
}

/* The key table of ops-config.c is the list of what exists: each entry
 * must be in the example, secret exactly when the table says so. */
static void
test_example_documents_every_key (void)
{
  g_autofree char *example = read_source ("data/config.example.ini");
  g_autofree char *source = read_source ("src/core/ops-config.c");
  g_autoptr(GHashTable) documented = documented_keys (example);
  g_autoptr(GRegex) entry = g_regex_new ("\\{ \"([a-z]+)\", \"([a-z_]+)\", KEY_[A-Z]+, (TRUE|FALSE),", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  g_regex_match (entry, source, 0, &match);
  for (; g_match_info_matches (match); g_match_info_next (match, NULL), n++)
    {
      g_autofree char *group = g_match_info_fetch (match, 1);
      g_autofree char *key = g_match_info_fetch (match, 2);
      g_autofree char *secret = g_match_info_fetch (match, 3);
      g_autofree char *name = g_strdup_printf ("%s.%s", group, key);
      Documented *found = g_hash_table_lookup (documented, name);

      if (found == NULL)
        g_error ("[%s] %s is not in data/config.example.ini", group, key);
      if (found->secret != g_str_equal (secret, "TRUE"))
        g_error ("[%s] %s: the example %s it as a secret", group, key,
                 found->secret ? "marks" : "does not mark");
      g_assert_true (ops_config_key_is_known (group, key));
      g_hash_table_remove (documented, name);
    }
  g_assert_cmpuint (n, >, 40);

  /* And nothing that does not exist. */
  if (g_hash_table_size (documented) > 0)
    {
      g_autoptr(GList) left = g_hash_table_get_keys (documented);

      g_error ("data/config.example.ini documents unknown key %s", (const char *)left->data);
    }
}

static void
test_systemd_unit (void)
{
  g_autofree char *analyze = g_find_program_in_path ("systemd-analyze");
  g_autofree char *unit_in = read_source ("data/gigafibre-ops.service.in");
  g_autofree char *bindir = NULL;
  g_autofree char *unit_text = NULL;
  g_autofree char *unit_dir = NULL;
  g_autofree char *unit_path = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) bindir_re = g_regex_new ("@bindir@", 0, 0, NULL);

  /* What the unit must say whatever systemd-analyze thinks. */
  g_assert_nonnull (strstr (unit_in, "\nType=simple\n"));
  g_assert_nonnull (strstr (unit_in, "--headless --config /etc/gigafibre-ops/config.ini"));
  g_assert_nonnull (strstr (unit_in, "\nStateDirectory=gigafibre-ops\n"));
  g_assert_nonnull (strstr (unit_in, "\nNoNewPrivileges=yes\n"));
  g_assert_nonnull (strstr (unit_in, "\nProtectSystem=strict\n"));
  g_assert_nonnull (strstr (unit_in, "\nProtectHome=yes\n"));
  g_assert_nonnull (strstr (unit_in, "\nPrivateTmp=yes\n"));
  g_assert_nonnull (strstr (unit_in, "\nRestrictAddressFamilies="));

  if (analyze == NULL)
    {
      g_test_skip ("systemd-analyze is not installed");
      return;
    }

  /* The unit as installed, with the binary of this build. */
  bindir = g_path_get_dirname (g_getenv ("OPS_BINARY"));
  unit_text = g_regex_replace_literal (bindir_re, unit_in, -1, 0, bindir, 0, &error);
  g_assert_no_error (error);
  unit_dir = g_build_filename (g_get_tmp_dir (), "units", NULL);
  g_assert_cmpint (g_mkdir_with_parents (unit_dir, 0700), ==, 0);
  unit_path = g_build_filename (unit_dir, "gigafibre-ops.service", NULL);
  g_file_set_contents (unit_path, unit_text, -1, &error);
  g_assert_no_error (error);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              analyze, "verify", "--man=no", unit_path, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_test_message ("systemd-analyze verify: %s%s", out, err);

  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("systemd-analyze verify refused the unit: %s%s", out, err);
  /* Unknown or misspelt settings are only warned about: none may be. */
  g_assert_null (strstr (err, "gigafibre-ops.service:"));
  g_assert_null (strstr (out, "gigafibre-ops.service:"));

  g_unlink (unit_path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/server-data/example/loads", test_example_loads);
  g_test_add_func ("/server-data/example/documents-every-key", test_example_documents_every_key);
  g_test_add_func ("/server-data/systemd-unit", test_systemd_unit);

  return g_test_run ();
}
