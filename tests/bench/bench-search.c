/* bench-search.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 100,000 generated customers; times every search a person makes while
 * typing a name and a phone number, one keystroke at a time.
 */

#define G_LOG_DOMAIN "bench-search"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>

#include "ops-store.h"

#define N_CUSTOMERS 100000
#define ROUNDS 20

static const char *first_names[] = {
  "Marie-Ève", "Jean-François", "Geneviève", "Stéphane", "Mélanie", "Hélène", "Frédéric", "Josée",
  "Benoît", "Chloé", "Léa", "Émile", "Zoé", "Étienne", "Noémie", "Mathieu", "Sébastien", "Annie",
  "Isabelle", "Luc", "Olivier", "Catherine", "Gabriel", "Félix", "Amélie", "Nathalie", "Sylvain",
};
static const char *last_names[] = {
  "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Gagné",
  "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette", "Girard", "Simard",
  "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier", "Fournier", "Lapointe", "Beaulé",
};
static const char *streets[] = {
  "rue Champlain", "boulevard du Séminaire Nord", "rue Saint-Jacques", "rue Richelieu",
  "boulevard d'Iberville", "chemin du Grand-Bernier Nord", "rue Jacques-Cartier Sud", "rue Mercier",
};
static const char *cities[] = { "Saint-Jean-sur-Richelieu", "Iberville", "Saint-Luc", "L'Acadie" };

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

static void
add (OpsStore   *store,
     const char *table,
     JsonObject *object)
{
  g_autoptr(GError) error = NULL;

  if (!ops_store_upsert (store, table, object, &error))
    g_error ("%s", error->message);
  json_object_unref (object);
}

static void
generate (OpsStore *store)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GError) error = NULL;

  if (!ops_store_begin (store, &error))
    g_error ("%s", error->message);

  for (guint i = 0; i < N_CUSTOMERS; i++)
    {
      g_autofree char *name = g_strdup_printf ("C%06u", i);
      const char *first = first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))];
      const char *last = last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))];
      g_autofree char *full = g_strdup_printf ("%s %s", first, last);
      g_autofree char *phone = g_strdup_printf ("450-%03d-%04d", g_rand_int_range (rand, 200, 999),
                                                g_rand_int_range (rand, 0, 9999));
      g_autofree char *address = g_strdup_printf ("%d, %s", g_rand_int_range (rand, 1, 2000),
                                                  streets[g_rand_int_range (rand, 0, G_N_ELEMENTS (streets))]);
      g_autofree char *serial = g_strdup_printf ("22275A7%06u", i);
      g_autofree char *mac = g_strdup_printf ("1C:61:B4:%02X:%02X:%02X", (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff);
      g_autofree char *key = NULL;
      JsonObject *o;

      o = json_object_new ();
      json_object_set_string_member (o, "name", name);
      json_object_set_string_member (o, "customer_name", full);
      json_object_set_string_member (o, "status", "active");
      add (store, "customers", o);

      o = json_object_new ();
      key = g_strdup_printf ("CONT-%06u", i);
      json_object_set_string_member (o, "name", key);
      json_object_set_string_member (o, "customer", name);
      json_object_set_string_member (o, "first_name", first);
      json_object_set_string_member (o, "last_name", last);
      json_object_set_string_member (o, "phone", phone);
      json_object_set_boolean_member (o, "is_primary", TRUE);
      add (store, "contacts", o);

      o = json_object_new ();
      g_free (key);
      key = g_strdup_printf ("LOC-%06u", i);
      json_object_set_string_member (o, "name", key);
      json_object_set_string_member (o, "customer", name);
      json_object_set_string_member (o, "address_line", address);
      json_object_set_string_member (o, "city", cities[i % G_N_ELEMENTS (cities)]);
      add (store, "locations", o);

      o = json_object_new ();
      g_free (key);
      key = g_strdup_printf ("EQP-%06u", i);
      json_object_set_string_member (o, "name", key);
      json_object_set_string_member (o, "customer", name);
      json_object_set_string_member (o, "serial", serial);
      json_object_set_string_member (o, "mac", mac);
      add (store, "equipment", o);
    }

  if (!ops_store_reindex_customers (store, &error) || !ops_store_commit (store, &error))
    g_error ("%s", error->message);
}

static void
time_typing (OpsStore   *store,
             const char *label,
             const char *text)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  glong n_chars = g_utf8_strlen (text, -1);
  guint hits_at_end = 0;
  double median, p99;

  for (guint round = 0; round < ROUNDS; round++)
    for (glong n = 1; n <= n_chars; n++)
      {
        g_autofree char *prefix = g_utf8_substring (text, 0, n);
        gint64 start = g_get_monotonic_time ();
        g_autoptr(GPtrArray) hits = ops_store_search_customers (store, prefix, 100, NULL, &error);
        double ms = (g_get_monotonic_time () - start) / 1000.0;

        if (hits == NULL)
          g_error ("%s", error->message);
        g_array_append_val (times, ms);
        if (n == n_chars)
          hits_at_end = hits->len;
      }

  g_array_sort (times, compare_doubles);
  median = g_array_index (times, double, times->len / 2);
  p99 = g_array_index (times, double, MIN (times->len - 1, (guint)(times->len * 0.99)));
  printf ("%-28s %3u searches  median %6.2f ms  p99 %6.2f ms  (%u hits for the whole text)\n",
          label, times->len, median, p99, hits_at_end);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-search-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(OpsStore) store = NULL;
  gint64 start;

  g_assert_no_error (error);
  path = g_build_filename (dir, "bench.sqlite", NULL);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  generate (store);
  printf ("bench-search: %d customers (with contact, location, equipment) loaded and indexed in %.1f s\n",
          N_CUSTOMERS, (g_get_monotonic_time () - start) / 1e6);
  printf ("target: median under 15 ms per search as you type\n");

  time_typing (store, "name \"Marie-Ève Tremblay\"", "Marie-Ève Tremblay");
  time_typing (store, "name \"beaule\"", "beaule");
  time_typing (store, "phone \"450-347-2281\"", "450-347-2281");
  time_typing (store, "phone \"(450) 347 22\"", "(450) 347 22");
  time_typing (store, "serial \"22275A7004242\"", "22275A7004242");

  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        g_unlink (file);
      }
    g_rmdir (dir);
  }
  return 0;
}
