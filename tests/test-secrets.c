/* test-secrets.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Without a keyring every call says so with OPS_SECRETS_ERROR_UNAVAILABLE:
 * once with no session bus at all, once with a private bus that has no
 * Secret Service on it.  With --roundtrip (run by test-secrets-roundtrip.sh
 * under a private bus and an unlocked throwaway keyring) the secrets are
 * stored, read, replaced and cleared for real.
 */

#define G_LOG_DOMAIN "test-secrets"

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "ops-secrets.h"

#define UNAVAILABLE_MESSAGE \
  "No keyring is running, so secrets cannot be stored or read. Start GNOME Keyring " \
  "(or another Secret Service), or put the secrets in the configuration file with mode 600."

/* The same schema as the console's, to look at the items themselves. */
static const SecretSchema test_schema = {
  "ca.gigafibre.Ops", SECRET_SCHEMA_NONE,
  {
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("timed out waiting for the Secret Service");
  return G_SOURCE_REMOVE;
}

static void
on_result_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  guint timeout = g_timeout_add_seconds (15, on_timeout_cb, NULL);

  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  return *slot;
}

static gboolean
store (const char  *service,
       const char  *key,
       const char  *value,
       GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ops_secrets_store_async (service, key, value, NULL, on_result_cb, &result);
  return ops_secrets_store_finish (wait_result (&result), error);
}

static char *
lookup (const char  *service,
        const char  *key,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  ops_secrets_lookup_async (service, key, NULL, on_result_cb, &result);
  return ops_secrets_lookup_finish (wait_result (&result), error);
}

static OpsConfig *
config_with_key_only (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;

  ops_config_load_data (config,
                        "[erpnext]\nurl = https://erp.example.com\napi_key = from-file\n",
                        -1, "test.ini", &error);
  g_assert_no_error (error);
  return g_steal_pointer (&config);
}

static void
assert_unavailable_everywhere (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsConfig) config = config_with_key_only ();
  char *secret;

  g_assert_false (store ("erpnext", "api_secret", "s3cret", &error));
  g_assert_error (error, OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, UNAVAILABLE_MESSAGE);
  g_clear_error (&error);

  /* Clearing (an empty value) needs the keyring too. */
  g_assert_false (store ("erpnext", "api_secret", "", &error));
  g_assert_error (error, OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  secret = lookup ("erpnext", "api_secret", &error);
  g_assert_null (secret);
  g_assert_error (error, OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, UNAVAILABLE_MESSAGE);
  g_clear_error (&error);

  secret = ops_secrets_lookup_sync ("erpnext", "api_secret", NULL, &error);
  g_assert_null (secret);
  g_assert_error (error, OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE);
  g_clear_error (&error);

  g_assert_false (ops_secrets_fill_config (config, NULL, &error));
  g_assert_error (error, OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE);
  g_assert_cmpstr (error->message, ==, UNAVAILABLE_MESSAGE);
  g_assert_cmpstr (ops_config_get_string (config, "erpnext", "url"), ==, "https://erp.example.com");
  g_assert_cmpstr (ops_config_get_string (config, "erpnext", "api_key"), ==, "from-file");
  g_assert_null (ops_config_get_string (config, "erpnext", "api_secret"));
  g_assert_null (ops_config_get_string (config, "twilio", "auth_token"));
  g_assert_null (ops_config_get_string (config, "hub", "token"));
}

static void
test_no_session_bus (void)
{
  assert_unavailable_everywhere ();
}

static void
test_no_secret_service (void)
{
  g_autofree char *saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  g_autoptr(GTestDBus) bus = g_test_dbus_new (G_TEST_DBUS_NONE);

  /* A bus with nothing on it and nothing it can start. */
  g_test_dbus_up (bus);
  assert_unavailable_everywhere ();
  secret_service_disconnect ();
  g_test_dbus_down (bus);

  g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
}

static void
test_nothing_to_fill (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;

  /* Every secret already set: the keyring is not asked, so its absence is
   * no failure. */
  ops_config_load_data (config,
                        "[erpnext]\napi_key = k\napi_secret = s\n"
                        "[genieacs]\npassword = p\n[oktopus]\npassword = p\n"
                        "[twilio]\nauth_token = t\n[stripe]\nsecret_key = sk\nwebhook_secret = wh\n"
                        "[gemini]\napi_key = g\n[hub]\ntoken = h\n",
                        -1, "test.ini", &error);
  g_assert_no_error (error);

  g_assert_true (ops_secrets_fill_config (config, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ops_config_get_string (config, "erpnext", "api_secret"), ==, "s");
}

static guint
count_items (const char *service,
             const char *key,
             char      **label)
{
  g_autoptr(GError) error = NULL;
  GList *items;
  guint n;

  items = secret_password_search_sync (&test_schema, SECRET_SEARCH_ALL, NULL, &error,
                                       "service", service, "key", key, NULL);
  g_assert_no_error (error);
  n = g_list_length (items);
  if (label != NULL)
    *label = items ? secret_retrievable_get_label (items->data) : NULL;
  g_list_free_full (items, g_object_unref);
  return n;
}

static void
test_roundtrip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsConfig) config = config_with_key_only ();
  g_autofree char *label = NULL;
  char *secret;

  /* Nothing stored yet: NULL, and no error. */
  secret = lookup ("erpnext", "api_secret", &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  g_assert_true (store ("erpnext", "api_secret", "first-secret", &error));
  g_assert_no_error (error);
  secret = lookup ("erpnext", "api_secret", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "first-secret");
  g_free (secret);

  /* Replacing keeps one item, with its label. */
  g_assert_true (store ("erpnext", "api_secret", "second-secret", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_items ("erpnext", "api_secret", &label), ==, 1);
  g_assert_cmpstr (label, ==, "Gigafibre Ops: ERPNext api_secret");
  secret = ops_secrets_lookup_sync ("erpnext", "api_secret", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (secret, ==, "second-secret");
  g_free (secret);

  /* Another key of the same service is its own item. */
  g_assert_true (store ("twilio", "auth_token", "tw-token", &error));
  g_assert_no_error (error);
  secret = lookup ("erpnext", "api_key", &error);
  g_assert_no_error (error);
  g_assert_null (secret);

  /* fill_config fills what the file left empty, and only that. */
  g_assert_true (store ("erpnext", "api_key", "from-keyring", &error));
  g_assert_no_error (error);
  g_assert_true (ops_secrets_fill_config (config, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (ops_config_get_string (config, "erpnext", "api_key"), ==, "from-file");
  g_assert_cmpstr (ops_config_get_string (config, "erpnext", "api_secret"), ==, "second-secret");
  g_assert_cmpstr (ops_config_get_string (config, "twilio", "auth_token"), ==, "tw-token");
  g_assert_null (ops_config_get_string (config, "stripe", "secret_key"));

  /* Clearing: NULL and "" both remove; removing nothing is no error. */
  g_assert_true (store ("erpnext", "api_secret", NULL, &error));
  g_assert_no_error (error);
  secret = lookup ("erpnext", "api_secret", &error);
  g_assert_no_error (error);
  g_assert_null (secret);
  g_assert_cmpuint (count_items ("erpnext", "api_secret", NULL), ==, 0);
  g_assert_true (store ("erpnext", "api_secret", "", &error));
  g_assert_no_error (error);

  g_assert_true (store ("erpnext", "api_key", NULL, &error));
  g_assert_true (store ("twilio", "auth_token", NULL, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  gboolean roundtrip = FALSE;
  g_autofree char *no_bus = NULL;
  g_autofree char *address = NULL;
  int j = 1;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--roundtrip"))
        roundtrip = TRUE;
      else
        argv[j++] = argv[i];
    }
  argc = j;
  argv[argc] = NULL;

  /* Before anything touches D-Bus: a session bus address where nothing
   * listens. */
  if (!roundtrip)
    {
      no_bus = g_build_filename (g_get_tmp_dir (), "ops-test-secrets-no-such-bus", "socket", NULL);
      address = g_strdup_printf ("unix:path=%s", no_bus);
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", address, TRUE);
    }

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  if (roundtrip)
    g_test_add_func ("/secrets/roundtrip", test_roundtrip);
  else
    {
      g_test_add_func ("/secrets/no-session-bus", test_no_session_bus);
      g_test_add_func ("/secrets/no-secret-service", test_no_secret_service);
      g_test_add_func ("/secrets/nothing-to-fill", test_nothing_to_fill);
    }

  return g_test_run ();
}
