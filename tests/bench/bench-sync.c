/* bench-sync.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * First sync of 100,000 customers with their service locations and
 * equipment from the fake Frappe server.  The fake runs in a child process
 * (this program with --serve) so the peak RSS printed is the sync's own.
 *
 *   bench-sync [--customers N] [--page-size N]
 */

#define G_LOG_DOMAIN "bench-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <sys/resource.h>

#include "ops-fake-frappe.h"
#include "ops-store.h"
#include "ops-sync.h"

static const char *const first_names[] = {
  "Marie-Ève", "Jean", "Sophie", "Luc", "Isabelle", "Mathieu", "Chantal", "Pierre", "Nathalie", "François",
};
static const char *const last_names[] = {
  "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Beaulé",
};

static void
put_printf (OpsFakeFrappe *fake,
            const char    *doctype,
            const char    *format,
            ...) G_GNUC_PRINTF (3, 4);

static void
put_printf (OpsFakeFrappe *fake,
            const char    *doctype,
            const char    *format,
            ...)
{
  g_autofree char *json = NULL;
  g_autoptr(JsonNode) node = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  node = json_from_string (json, NULL);
  g_assert (node != NULL);
  ops_fake_frappe_put_doc (fake, doctype, json_node_get_object (node));
}

static int
serve (guint customers)
{
  g_autoptr(OpsFakeFrappe) fake = ops_fake_frappe_new ("bench", "bench-secret");
  char line[16];

  for (guint i = 1; i <= customers; i++)
    {
      const char *first = first_names[i % G_N_ELEMENTS (first_names)];
      const char *last = last_names[(i / 10) % G_N_ELEMENTS (last_names)];

      put_printf (fake, "Customer",
                  "{\"name\":\"CUST-%06u\",\"customer_name\":\"%s %s\",\"customer_type\":\"Individual\","
                  "\"custom_flags\":\"%s\",\"customer_details\":\"\",\"language\":\"fr\",\"disabled\":0,"
                  "\"custom_service_status\":\"active\"}",
                  i, first, last, i % 17 == 0 ? "vip" : "");
      put_printf (fake, "Service Location",
                  "{\"name\":\"LOC-%06u\",\"customer\":\"CUST-%06u\",\"address_line\":\"%u, rue Saint-Jacques\","
                  "\"city\":\"Saint-Jean-sur-Richelieu\",\"province\":\"QC\",\"postal_code\":\"J3B %uA%u\","
                  "\"latitude\":45.3%04u,\"longitude\":-73.2%04u,\"connection_type\":\"FTTH\","
                  "\"olt_port\":\"OLT-SJSR-0%u 1/1/%u:%u\",\"vlan\":110,\"status\":\"active\"}",
                  i, i, i % 2000 + 1, i % 10, i % 10, i % 10000, (i * 7) % 10000, i % 4 + 1, i % 16 + 1, i % 64 + 1);
      put_printf (fake, "Service Equipment",
                  "{\"name\":\"EQP-%06u-1\",\"customer\":\"CUST-%06u\",\"location\":\"LOC-%06u\",\"equipment_type\":\"ONT\","
                  "\"brand\":\"TP-Link\",\"model\":\"XX230v\",\"serial\":\"22275A%07u\",\"mac\":\"1C:61:B4:%02X:%02X:%02X\","
                  "\"status\":\"Actif\",\"device_id\":\"1C61B4-XX230v-22275A%07u\"}",
                  i, i, i, i, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, i);
      put_printf (fake, "Service Equipment",
                  "{\"name\":\"EQP-%06u-2\",\"customer\":\"CUST-%06u\",\"location\":\"LOC-%06u\",\"equipment_type\":\"Router\","
                  "\"brand\":\"Sercomm\",\"model\":\"BM632w\",\"serial\":\"BM%08u\",\"mac\":\"20:2B:C1:%02X:%02X:%02X\","
                  "\"status\":\"Actif\",\"device_id\":\"202BC1-BM632w-BM%08u\"}",
                  i, i, i, i, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, i);
    }

  g_print ("%s\n", ops_fake_frappe_get_url (fake));
  /* Serve until the parent closes our stdin. */
  while (fgets (line, sizeof line, stdin) != NULL)
    ;
  return 0;
}

static double
rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autoptr(OpsErpnextClient) client = NULL;
  g_autoptr(OpsSync) sync = NULL;
  g_autoptr(OpsStore) store = NULL;
  g_autofree char *url = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *customers_text = NULL;
  gint customers = 100000;
  gint page_size = 1000;
  gboolean serve_mode = FALSE;
  OpsStoreCounts counts = { 0 };
  guint64 rows = 0;
  gint64 started, loaded;
  double seconds;
  GOptionEntry entries[] = {
    { "customers", 0, 0, G_OPTION_ARG_INT, &customers, "Customers to sync (each with 1 location and 2 devices)", "N" },
    { "page-size", 0, 0, G_OPTION_ARG_INT, &page_size, "Rows per list request", "N" },
    { "serve", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &serve_mode, NULL, NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (serve_mode)
    return serve (customers);

  customers_text = g_strdup_printf ("%d", customers);
  started = g_get_monotonic_time ();
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             argv[0], "--serve", "--customers", customers_text, NULL);
  if (server == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  url = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);
  if (url == NULL)
    {
      g_printerr ("The fake server did not start: %s\n", error ? error->message : "no output");
      return 1;
    }
  loaded = g_get_monotonic_time ();

  dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "live.sqlite", NULL);

  client = ops_erpnext_client_new (url, "bench", "bench-secret", NULL, &error);
  g_assert_no_error (error);
  sync = ops_sync_new (client, path, NULL);
  ops_sync_set_page_size (sync, page_size);

  g_print ("bench-sync: %d customers, %d locations, %d devices from %s (loaded in %.1f s), pages of %d\n",
           customers, customers, 2 * customers, url, (loaded - started) / 1e6, page_size);

  started = g_get_monotonic_time ();
  if (!ops_sync_run (sync, NULL, NULL, &rows, NULL, &error))
    {
      g_printerr ("Sync failed: %s\n", error->message);
      return 1;
    }
  seconds = (g_get_monotonic_time () - started) / 1e6;

  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  ops_store_get_counts (store, &counts, NULL);

  g_print ("first sync: %" G_GUINT64_FORMAT " rows in %.2f s = %.0f rows/s\n", rows, seconds, rows / seconds);
  g_print ("store: %" G_GINT64_FORMAT " customers, %" G_GINT64_FORMAT " equipment\n", counts.customers, counts.equipment);
  g_print ("peak RSS of the syncing process: %.1f MiB\n", rss_mib ());

  g_output_stream_close (g_subprocess_get_stdin_pipe (server), NULL, NULL);
  g_subprocess_wait (server, NULL, NULL);

  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return counts.customers == customers ? 0 : 1;
}
