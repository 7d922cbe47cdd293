/* test-equipment-resolver.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A scanned value resolved in three tiers on the demo store: a serial, a
 * MAC in any spelling, then the fake GenieACS NBI (a GPON serial suffix
 * the store does not know), and nothing at all.
 */

#define G_LOG_DOMAIN "test-equipment-resolver"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ops-equipment-resolver.h"
#include "ops-fake-genieacs.h"
#include "ops-workspace.h"

#define XX230V_CSV "device-1C61B4-XX230v-22275A7000395-2023-04-27T154050686Z.csv"
#define XX230V_ID "1C61B4-Device2-22275A7000395"
#define TIMEOUT_SECONDS 15

static char *demo_dir;
static char *demo_store_path;

typedef struct
{
  GMainLoop       *loop;
  OpsResolvedCode *code;
  GError          *error;
} Wait;

static void
resolved_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->code = ops_equipment_resolver_resolve_finish (OPS_EQUIPMENT_RESOLVER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("The resolver did not answer within %d s", TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static OpsResolvedCode *
resolve (OpsEquipmentResolver *resolver,
         const char           *value)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  guint timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, timeout_cb, NULL);

  ops_equipment_resolver_resolve_async (resolver, value, NULL, resolved_cb, &wait);
  g_main_loop_run (wait.loop);
  g_source_remove (timeout);
  g_main_loop_unref (wait.loop);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.code);
  return wait.code;
}

static OpsStore *
demo_store (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  OpsStore *store = ops_workspace_open (config, demo_store_path, TRUE, &error);

  g_assert_no_error (error);
  return store;
}

static void
test_store_tiers (void)
{
  g_autoptr(OpsStore) store = demo_store ();
  g_autoptr(OpsEquipmentResolver) resolver = ops_equipment_resolver_new (store, NULL);
  static const struct
  {
    const char     *value;
    OpsResolveTier  tier;
    const char     *equipment;
    const char     *customer;
  } cases[] = {
    { "22275A7000395", OPS_RESOLVE_SERIAL, "EQP-00001", "C0001" },
    { " 22275a7000395\n", OPS_RESOLVE_SERIAL, "EQP-00001", "C0001" },
    { "1C61B4-XX230v-22275A7000395", OPS_RESOLVE_SERIAL, "EQP-00001", "C0001" },
    { "8KA8WA2554343407", OPS_RESOLVE_SERIAL, "EQP-00002", "C0002" },
    { "1C:61:B4:5D:EF:7F", OPS_RESOLVE_MAC, "EQP-00001", "C0001" },
    { "1c-61-b4-5d-ef-7f", OPS_RESOLVE_MAC, "EQP-00001", "C0001" },
    { "1c61.b45d.ef7f", OPS_RESOLVE_MAC, "EQP-00001", "C0001" },
    { "202BC12A1BA9", OPS_RESOLVE_MAC, "EQP-00002", "C0002" },
    { "NOSUCHSERIAL", OPS_RESOLVE_UNKNOWN, NULL, NULL },
    { "00:00:00:00:00:01", OPS_RESOLVE_UNKNOWN, NULL, NULL },
    { "", OPS_RESOLVE_UNKNOWN, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OpsResolvedCode) code = resolve (resolver, cases[i].value);

      g_test_message ("%s", cases[i].value);
      g_assert_cmpint (code->tier, ==, cases[i].tier);
      g_assert_cmpstr (code->equipment ? code->equipment->name : NULL, ==, cases[i].equipment);
      g_assert_cmpstr (code->customer, ==, cases[i].customer);
      g_assert_null (code->device_id);
      g_assert_null (code->note);
    }
}

typedef struct
{
  OpsFakeGenieacs  *genieacs;
  OpsDeviceService *devices;
  char             *dir;
  char             *path;
} Live;

static OpsDeviceService *
genieacs_service (const char *url,
                  const char *store_path)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  OpsDeviceService *service;

  ops_config_set_string (config, "genieacs", "url", url);
  service = ops_device_service_new (config, store_path, FALSE, &error);
  g_assert_no_error (error);
  g_assert_true (ops_device_service_is_available (service));
  return service;
}

static void
live_setup (Live          *live,
            gconstpointer  data)
{
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "fixtures", "genieacs-sim", XX230V_CSV, NULL);
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;

  live->dir = g_dir_make_tmp ("ops-resolver-XXXXXX", &error);
  g_assert_no_error (error);
  live->path = g_build_filename (live->dir, "devices.sqlite", NULL);
  live->genieacs = ops_fake_genieacs_new ();
  id = ops_fake_genieacs_add_device_csv (live->genieacs, csv, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (id, ==, XX230V_ID);
  live->devices = genieacs_service (ops_fake_genieacs_get_url (live->genieacs), live->path);
}

static void
live_teardown (Live          *live,
               gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (live->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (live->path, "-shm", NULL);

  g_clear_object (&live->devices);
  g_clear_pointer (&live->genieacs, ops_fake_genieacs_free);
  g_unlink (live->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (live->dir);
  g_free (live->path);
  g_free (live->dir);
}

/* "7000395" is no unit's serial: GenieACS finds the device by its GPON
 * serial suffix, and its serial is the demo's EQP-00001. */
static void
test_genieacs_tier (Live          *live,
                    gconstpointer  data)
{
  g_autoptr(OpsStore) store = demo_store ();
  g_autoptr(OpsEquipmentResolver) resolver = ops_equipment_resolver_new (store, live->devices);
  g_autoptr(OpsResolvedCode) suffix = NULL;
  g_autoptr(OpsResolvedCode) serial = NULL;
  g_autoptr(OpsResolvedCode) unknown = NULL;
  guint before;

  suffix = resolve (resolver, "7000395");
  g_assert_cmpint (suffix->tier, ==, OPS_RESOLVE_DEVICE);
  g_assert_cmpint (suffix->source, ==, OPS_DEVICE_SOURCE_GENIEACS);
  g_assert_cmpstr (suffix->device_id, ==, XX230V_ID);
  g_assert_cmpstr (suffix->device_serial, ==, "22275A7000395");
  g_assert_cmpstr (suffix->device_model, ==, "XX230v");
  g_assert_nonnull (suffix->equipment);
  g_assert_cmpstr (suffix->equipment->name, ==, "EQP-00001");
  g_assert_cmpstr (suffix->customer, ==, "C0001");
  g_assert_null (suffix->note);

  /* The store knows a serial: GenieACS is not asked. */
  before = ops_fake_genieacs_get_request_count (live->genieacs);
  serial = resolve (resolver, "22275A7000395");
  g_assert_cmpint (serial->tier, ==, OPS_RESOLVE_SERIAL);
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (live->genieacs), ==, before);

  unknown = resolve (resolver, "NOSUCHSERIAL");
  g_assert_cmpint (unknown->tier, ==, OPS_RESOLVE_UNKNOWN);
  g_assert_null (unknown->note);
  g_assert_cmpuint (ops_fake_genieacs_get_request_count (live->genieacs), >, before);
}

/* An empty store: the device is found but is nobody's unit. */
static void
test_genieacs_not_in_store (Live          *live,
                            gconstpointer  data)
{
  g_autofree char *path = g_build_filename (live->dir, "empty.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = ops_store_open (path, &error);
  g_autoptr(OpsEquipmentResolver) resolver = NULL;
  g_autoptr(OpsResolvedCode) code = NULL;

  g_assert_no_error (error);
  resolver = ops_equipment_resolver_new (store, live->devices);
  code = resolve (resolver, "22275A7000395");
  g_assert_cmpint (code->tier, ==, OPS_RESOLVE_DEVICE);
  g_assert_cmpstr (code->device_id, ==, XX230V_ID);
  g_assert_null (code->equipment);
  g_assert_null (code->customer);
  g_clear_object (&store);
  g_unlink (path);
}

/* GenieACS away: unknown, with the reason. */
static void
test_genieacs_unreachable (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetSocketAddress) any = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = demo_store ();
  g_autoptr(OpsDeviceService) devices = NULL;
  g_autoptr(OpsEquipmentResolver) resolver = NULL;
  g_autoptr(OpsResolvedCode) code = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);

  /* A port that was just free and has nobody listening. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  any = G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (loopback, 0));
  g_assert_true (g_socket_bind (socket, G_SOCKET_ADDRESS (any), FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  devices = genieacs_service (url, NULL);
  resolver = ops_equipment_resolver_new (store, devices);
  code = resolve (resolver, "7000395");
  g_assert_cmpint (code->tier, ==, OPS_RESOLVE_UNKNOWN);
  g_assert_nonnull (code->note);
}

static void
test_cancelled (void)
{
  g_autoptr(OpsStore) store = demo_store ();
  g_autoptr(OpsEquipmentResolver) resolver = ops_equipment_resolver_new (store, NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };

  g_cancellable_cancel (cancellable);
  ops_equipment_resolver_resolve_async (resolver, "22275A7000395", cancellable, resolved_cb, &wait);
  g_main_loop_run (wait.loop);
  g_main_loop_unref (wait.loop);
  g_assert_null (wait.code);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  demo_dir = g_dir_make_tmp ("ops-resolver-demo-XXXXXX", &error);
  g_assert_no_error (error);
  demo_store_path = g_build_filename (demo_dir, "demo.sqlite", NULL);

  g_test_add_func ("/equipment-resolver/store-tiers", test_store_tiers);
  g_test_add_func ("/equipment-resolver/cancelled", test_cancelled);
  g_test_add ("/equipment-resolver/genieacs-tier", Live, NULL, live_setup, test_genieacs_tier, live_teardown);
  g_test_add ("/equipment-resolver/genieacs-not-in-store", Live, NULL, live_setup, test_genieacs_not_in_store,
              live_teardown);
  g_test_add_func ("/equipment-resolver/genieacs-unreachable", test_genieacs_unreachable);

  status = g_test_run ();

  wal = g_strconcat (demo_store_path, "-wal", NULL);
  shm = g_strconcat (demo_store_path, "-shm", NULL);
  g_unlink (demo_store_path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (demo_dir);
  g_free (demo_store_path);
  g_free (demo_dir);
  return status;
}
