/* test-config.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-config"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "ops-config.h"

static char *
write_file (const char *contents,
            int         mode)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("ops-config-XXXXXX.ini", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, mode), ==, 0);
  return path;
}

static void
test_good_file (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) tokens = NULL;
  g_autofree char *path = write_file (
    "# Gigafibre Ops\n"
    "[server]\n"
    "listen = 0.0.0.0\n"
    "port = 8470\n"
    "public_url = https://ops.gigafibre.ca\n"
    "tokens = sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae, "
    "sha256:fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9\n"
    "trusted_proxies = 10.0.0.5, 192.168.10.0/24\n"
    "\n"
    "[erpnext]\n"
    "url = \"https://erp.gigafibre.ca\"\n"
    "api_key = abc123\n"
    "api_secret = s3cret\n"
    "sync_interval = 120\n"
    "[twilio]\n"
    "from = +14505550100\n",
    0600);

  g_assert_true (ops_config_load_file (config, path, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (ops_config_get_string (config, "server", "listen"), ==, "0.0.0.0");
  g_assert_cmpint (ops_config_get_int (config, "server", "port"), ==, 8470);
  g_assert_cmpstr (ops_config_get_string (config, "erpnext", "url"), ==, "https://erp.gigafibre.ca");
  g_assert_cmpint (ops_config_get_int (config, "erpnext", "sync_interval"), ==, 120);
  tokens = ops_config_get_list (config, "server", "tokens");
  g_assert_cmpuint (g_strv_length (tokens), ==, 2);
  g_assert_true (ops_config_has_service (config, "erpnext"));
  g_assert_false (ops_config_has_service (config, "genieacs"));
  g_assert_false (ops_config_has_service (config, "twilio"));

  /* Defaults fill what the file does not say. */
  g_assert_cmpstr (ops_config_get_string (config, "twilio", "url"), ==, "https://api.twilio.com");
  g_assert_null (ops_config_get_string (config, "genieacs", "url"));

  g_unlink (path);
}

static void
assert_refused (const char     *contents,
                OpsConfigError  code,
                const char     *expected)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (contents, 0600);
  g_autofree char *located = NULL;

  g_assert_false (ops_config_load_file (config, path, &error));
  g_assert_error (error, OPS_CONFIG_ERROR, (gint)code);
  located = g_strdup_printf ("%s%s", path, expected);
  if (strstr (error->message, located) == NULL)
    g_error ("expected “%s” in “%s”", located, error->message);

  /* Nothing from a refused file is kept. */
  g_assert_null (ops_config_get_string (config, "erpnext", "url"));
  g_unlink (path);
}

static void
test_bad_files (void)
{
  assert_refused ("[erpnext]\nurl = https://erp.example\napi_kye = x\n",
                  OPS_CONFIG_ERROR_UNKNOWN_KEY, ":3: unknown key “api_kye” in [erpnext]");
  assert_refused ("[erpnext]\nurl = erp.example\n",
                  OPS_CONFIG_ERROR_INVALID_VALUE, ":2: [erpnext] url: “erp.example” is not an http:// or https:// URL");
  assert_refused ("\n[server]\nport = 99999\n",
                  OPS_CONFIG_ERROR_INVALID_VALUE, ":3: [server] port:");
  assert_refused ("[server]\nport 8080\n",
                  OPS_CONFIG_ERROR_SYNTAX, ":2: expected “key = value”");
  assert_refused ("[ftp]\nurl = https://x.example\n",
                  OPS_CONFIG_ERROR_UNKNOWN_KEY, ":1: unknown group [ftp]");
  assert_refused ("url = https://x.example\n",
                  OPS_CONFIG_ERROR_SYNTAX, ":1: key “url” comes before any [group]");
  assert_refused ("[server]\ntokens = my-plain-token\n",
                  OPS_CONFIG_ERROR_INVALID_VALUE, ":2: [server] tokens: tokens are listed as sha256:");
  assert_refused ("[server]\ntrusted_proxies = 10.0.0.1, not-an-ip\n",
                  OPS_CONFIG_ERROR_INVALID_VALUE, ":2: [server] trusted_proxies: “not-an-ip”");
  assert_refused ("[twilio]\nfrom = 450-555-0100\n",
                  OPS_CONFIG_ERROR_INVALID_VALUE, ":2: [twilio] from:");
  assert_refused ("[erpnext]\nsync_interval = 0\n",
                  OPS_CONFIG_ERROR_INVALID_VALUE, ":2: [erpnext] sync_interval:");
}

static void
test_all_problems_reported (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ops_config_load_data (config, "[server]\nport = x\nfoo = 1\n[hub]\nurl = nope\n", -1, "ops.ini", &error));
  g_assert_nonnull (strstr (error->message, "ops.ini:2:"));
  g_assert_nonnull (strstr (error->message, "ops.ini:3:"));
  g_assert_nonnull (strstr (error->message, "ops.ini:5:"));
}

static void
test_invalid_utf8 (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (ops_config_load_data (config, "[erpnext]\napi_key = \xff\xfe\n", -1, "bad.ini", &error));
  g_assert_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_SYNTAX);
  g_assert_nonnull (strstr (error->message, "UTF-8"));
}

static void
test_insecure_file (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *secret = write_file ("[twilio]\naccount_sid = AC1\nauth_token = hunter2\n", 0644);
  g_autofree char *harmless = write_file ("[erpnext]\nurl = https://erp.example\n", 0644);

  g_assert_false (ops_config_load_file (config, secret, &error));
  g_assert_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_INSECURE_FILE);
  g_assert_nonnull (strstr (error->message, "chmod 600"));
  g_assert_nonnull (strstr (error->message, "[twilio] auth_token"));
  /* The message names the key, never the secret. */
  g_assert_null (strstr (error->message, "hunter2"));
  g_clear_error (&error);

  /* A world-readable file without secrets is fine. */
  g_assert_true (ops_config_load_file (config, harmless, &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_chmod (secret, 0600), ==, 0);
  g_assert_true (ops_config_load_file (config, secret, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ops_config_get_string (config, "twilio", "auth_token"), ==, "hunter2");

  g_unlink (secret);
  g_unlink (harmless);
}

static void
test_environment (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  const char *env[] = {
    "OPS_TWILIO_AUTH_TOKEN=from-env",
    "OPS_TWILIO_ACCOUNT_SID=AC123",
    "OPS_TWILIO_FROM=+14505550100",
    "OPS_ERPNEXT_URL=http://127.0.0.1:8000",
    "OPS_UNRELATED=1",
    NULL
  };
  const char *bad_env[] = { "OPS_SERVER_PORT=eighty", NULL };

  g_assert_true (ops_config_load_data (config, "[erpnext]\nurl = https://erp.example\n", -1, "x.ini", &error));
  g_assert_true (ops_config_apply_environment (config, env, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ops_config_get_string (config, "twilio", "auth_token"), ==, "from-env");
  g_assert_cmpstr (ops_config_get_string (config, "erpnext", "url"), ==, "http://127.0.0.1:8000");
  g_assert_true (ops_config_has_service (config, "twilio"));

  /* Where each value comes from; defaults and added values have no origin. */
  g_assert_cmpstr (ops_config_get_origin (config, "twilio", "auth_token"), ==, "OPS_TWILIO_AUTH_TOKEN");
  g_assert_null (ops_config_get_origin (config, "gemini", "model"));
  g_assert_cmpstr (ops_config_get_string (config, "gemini", "model"), ==, "gemini-2.5-flash");
  ops_config_set_string (config, "gemini", "api_key", "from-keyring");
  g_assert_null (ops_config_get_origin (config, "gemini", "api_key"));
  g_assert_true (ops_config_load_data (config, "[gemini]\n\nmodel = gemini-x\n", -1, "y.ini", &error));
  g_assert_cmpstr (ops_config_get_origin (config, "gemini", "model"), ==, "y.ini:3");

  g_assert_false (ops_config_apply_environment (config, bad_env, &error));
  g_assert_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_INVALID_VALUE);
  g_assert_nonnull (strstr (error->message, "OPS_SERVER_PORT"));
}

static void
test_secret_keys (void)
{
  g_assert_true (ops_config_key_is_secret ("erpnext", "api_secret"));
  g_assert_true (ops_config_key_is_secret ("stripe", "webhook_secret"));
  g_assert_true (ops_config_key_is_secret ("hub", "token"));
  g_assert_false (ops_config_key_is_secret ("erpnext", "url"));
  g_assert_false (ops_config_key_is_secret ("server", "tokens"));
  g_assert_true (ops_config_key_is_known ("gemini", "model"));
  g_assert_false (ops_config_key_is_known ("gemini", "temperature"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/config/good-file", test_good_file);
  g_test_add_func ("/config/bad-files", test_bad_files);
  g_test_add_func ("/config/all-problems-reported", test_all_problems_reported);
  g_test_add_func ("/config/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/config/insecure-file", test_insecure_file);
  g_test_add_func ("/config/environment", test_environment);
  g_test_add_func ("/config/secret-keys", test_secret_keys);

  return g_test_run ();
}
