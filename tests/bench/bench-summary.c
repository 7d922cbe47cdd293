/* bench-summary.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a lookup costs once the NBI has answered: parse the device JSON and
 * summarise it, for the whole TP-Link XX230v document and for the same
 * document reduced to the summary's projection (what the client asks for).
 */

#define G_LOG_DOMAIN "bench-summary"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ops-device-summary.h"
#include "ops-genieacs-csv.h"

#define RUNS 50
#define FIXTURE "device-1C61B4-XX230v-22275A7000395-2023-04-27T154050686Z.csv"

typedef struct
{
  double median;
  double p95;
} Figures;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static Figures
figures_of (GArray *times)
{
  Figures figures;

  g_array_sort (times, compare_doubles);
  figures.median = g_array_index (times, double, times->len / 2);
  figures.p95 = g_array_index (times, double, MIN (times->len - 1, (guint) (times->len * 0.95)));
  return figures;
}

static char *
serialize (JsonObject *doc)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);

  /* The NBI writes JSON.stringify (doc): compact. */
  return json_to_string (node, FALSE);
}

static void
run (const char *label,
     const char *json,
     GDateTime  *now)
{
  g_autoptr(GArray) total = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parse = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) summarize = g_array_new (FALSE, FALSE, sizeof (double));
  gsize length = strlen (json);
  guint hosts = 0;
  Figures t, p, s;

  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(OpsDeviceSummary) summary = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start, parsed, done;
      double ms;

      start = g_get_monotonic_time ();
      if (!json_parser_load_from_data (parser, json, (gssize) length, &error))
        g_error ("%s", error->message);
      parsed = g_get_monotonic_time ();
      summary = ops_device_summarize (json_node_get_object (json_parser_get_root (parser)), now, 300, &error);
      done = g_get_monotonic_time ();
      if (summary == NULL)
        g_error ("%s", error->message);
      hosts = summary->hosts->len;

      ms = (done - start) / 1000.0;
      g_array_append_val (total, ms);
      ms = (parsed - start) / 1000.0;
      g_array_append_val (parse, ms);
      ms = (done - parsed) / 1000.0;
      g_array_append_val (summarize, ms);
    }

  t = figures_of (total);
  p = figures_of (parse);
  s = figures_of (summarize);
  printf ("%-10s %8" G_GSIZE_FORMAT " bytes  parse+summarize median %6.2f ms  p95 %6.2f ms"
          "  (parse %6.2f ms, summarize %5.2f ms median; %u hosts)\n",
          label, length, t.median, t.p95, p.median, s.median, hosts);
}

int
main (int   argc,
      char *argv[])
{
  const char *source_dir = g_getenv ("G_TEST_SRCDIR");
  g_autofree char *path = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *full_json = NULL;
  g_autofree char *projected_json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonObject) projected = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2023-04-26T22:07:00Z", NULL);
  gsize csv_length = 0;
  gint64 start;

  if (source_dir == NULL)
    g_error ("Set G_TEST_SRCDIR to the tests folder (meson test --benchmark does).");
  path = g_build_filename (source_dir, "fixtures", "genieacs-sim", FIXTURE, NULL);
  if (!g_file_get_contents (path, &csv, &csv_length, &error))
    g_error ("%s", error->message);

  start = g_get_monotonic_time ();
  doc = ops_genieacs_csv_to_document (csv, (gssize) csv_length, NULL, &error);
  if (doc == NULL)
    g_error ("%s", error->message);
  printf ("bench-summary: TP-Link XX230v data model, %" G_GSIZE_FORMAT " bytes of CSV converted in %.1f ms; "
          "%d runs each\n", csv_length, (g_get_monotonic_time () - start) / 1000.0, RUNS);

  projected = ops_device_doc_project (doc, ops_device_summary_projection ());
  full_json = serialize (doc);
  projected_json = serialize (projected);

  run ("full", full_json, now);
  run ("projected", projected_json, now);
  return 0;
}
