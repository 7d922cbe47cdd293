/* test-search.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customer search on the demo workspace.
 */

#define G_LOG_DOMAIN "test-search"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ops-demo.h"
#include "ops-store.h"

static OpsStore *store;

static GPtrArray *
search (const char *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *hits = ops_store_search_customers (store, text, 50, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (hits);
  return hits;
}

static void
assert_first (const char *text,
              const char *customer)
{
  g_autoptr(GPtrArray) hits = search (text);

  if (hits->len == 0)
    g_error ("“%s” found nothing", text);
  if (!g_str_equal (((OpsCustomerHit *)hits->pdata[0])->name, customer))
    g_error ("“%s” found %s (%s) first, not %s", text, ((OpsCustomerHit *)hits->pdata[0])->name,
             ((OpsCustomerHit *)hits->pdata[0])->customer_name, customer);
}

static void
assert_found (const char *text,
              const char *customer)
{
  g_autoptr(GPtrArray) hits = search (text);

  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (((OpsCustomerHit *)hits->pdata[i])->name, customer))
      return;
  g_error ("“%s” did not find %s", text, customer);
}

static void
test_accents_and_case (void)
{
  g_autoptr(GPtrArray) hits = search ("beaule");

  /* Without the accent, every Beaulé is found and nobody else first. */
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_nonnull (strstr (((OpsCustomerHit *)hits->pdata[0])->customer_name, "Beaulé"));
  assert_found ("beaule", "C0001");

  {
    g_autoptr(GPtrArray) by_name = search ("marie-eve beaule");

    /* A match on the name needs no "matched" line under it. */
    g_assert_null (((OpsCustomerHit *)by_name->pdata[0])->matched);
  }
  assert_found ("BEAULÉ", "C0001");
  assert_first ("marie-eve beaule", "C0001");
  assert_first ("Marie Ève Beau", "C0001");
}

static void
test_phone_formats (void)
{
  const char *formats[] = { "514-555-0142", "(514) 555 0142", "+15145550142", "5145550142", "514.555.01", "555-0142" };

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    assert_first (formats[i], "C0001");
}

static void
test_equipment (void)
{
  g_autoptr(GPtrArray) hits = NULL;
  const OpsCustomerHit *hit;

  assert_first ("22275A7000395", "C0001");
  assert_first ("22275a70003", "C0001");

  hits = search ("22275A7000395");
  hit = hits->pdata[0];
  /* The hit says what matched, with the match marked. */
  g_assert_nonnull (hit->matched);
  g_assert_nonnull (strstr (hit->matched, "\x01" "22275A7000395" "\x02"));
}

static void
test_mac_formats (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *mac = NULL;
  g_autoptr(OpsCustomerDetail) detail = ops_store_get_customer_detail (store, "C0001", &error);
  g_auto(GStrv) pairs = NULL;
  g_autofree char *dashed = NULL;
  g_autofree char *bare = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < detail->equipment->len && mac == NULL; i++)
    {
      OpsEquipment *e = detail->equipment->pdata[i];

      if (e->mac && *e->mac)
        mac = g_strdup (e->mac);
    }
  g_assert_nonnull (mac);

  pairs = g_strsplit (mac, ":", -1);
  dashed = g_ascii_strdown (g_strjoinv ("-", pairs), -1);
  bare = g_strjoinv ("", pairs);

  assert_first (mac, "C0001");
  assert_first (dashed, "C0001");
  assert_first (bare, "C0001");
}

static void
test_account_email_address (void)
{
  g_autoptr(GPtrArray) hits = NULL;

  assert_first ("C0001", "C0001");

  hits = search ("tremblay");
  g_assert_cmpuint (hits->len, >, 1);

  /* A postal code finds customers in it, written with or without the space. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(OpsCustomerDetail) detail = ops_store_get_customer_detail (store, "C0001", &error);
    OpsLocation *location = detail->locations->pdata[0];
    OpsContact *contact = detail->contacts->pdata[0];
    g_autofree char *bare = g_strdup (location->postal_code);
    g_autoptr(GPtrArray) by_code = NULL;
    g_autoptr(GPtrArray) by_bare = NULL;
    gboolean found = FALSE;
    char *w = bare;

    for (const char *r = location->postal_code; *r; r++)
      if (*r != ' ')
        *w++ = *r;
    *w = '\0';

    by_code = search (location->postal_code);
    by_bare = search (bare);
    for (guint i = 0; i < by_code->len; i++)
      found |= g_str_equal (((OpsCustomerHit *)by_code->pdata[i])->name, "C0001");
    g_assert_true (found);
    g_assert_cmpuint (by_bare->len, >=, 1);

    assert_first (contact->email, "C0001");
  }
}

static void
test_ranking (void)
{
  g_autoptr(GPtrArray) hits = search ("gagnon");
  gboolean seen_other = FALSE;

  g_assert_cmpuint (hits->len, >, 1);
  /* Customers named Gagnon come before those who only live on a street or
   * have a contact of that name; ranks never go down the list. */
  for (guint i = 0; i < hits->len; i++)
    {
      const OpsCustomerHit *hit = hits->pdata[i];
      gboolean in_name = strstr (hit->customer_name, "Gagnon") != NULL;

      if (!in_name)
        seen_other = TRUE;
      else
        g_assert_false (seen_other);
      if (i > 0)
        g_assert_cmpfloat (((OpsCustomerHit *)hits->pdata[i - 1])->rank, <=, hit->rank);
    }
}

static void
test_nothing (void)
{
  g_autoptr(GPtrArray) none = search ("zzzxqw");
  g_autoptr(GPtrArray) empty = search ("   ");
  g_autoptr(GPtrArray) syntax = search ("\"unbalanced OR NEAR(");

  g_assert_cmpuint (none->len, ==, 0);
  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (syntax->len, ==, 0);
}

static void
on_async_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GPtrArray **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = ops_store_search_customers_finish (OPS_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
on_cancelled_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = ops_store_search_customers_finish (OPS_STORE (object), result, &error);

  /* Cancelled before it ran, or stopped inside SQLite, or finished first:
   * any of the three is fine, a crash or a hang is not. */
  if (hits == NULL)
    g_assert_true (g_error_matches (error, OPS_STORE_ERROR, OPS_STORE_ERROR_CANCELLED) ||
                   g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  *done = TRUE;
}

static void
test_async (void)
{
  GPtrArray *hits = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gboolean done = FALSE;

  ops_store_search_customers_async (store, "marie-eve beaule", 10, NULL, on_async_done, &hits);
  while (hits == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpstr (((OpsCustomerHit *)hits->pdata[0])->name, ==, "C0001");
  g_ptr_array_unref (hits);

  ops_store_search_customers_async (store, "a", 100, cancellable, on_cancelled_done, &done);
  g_cancellable_cancel (cancellable);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GDate today;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("test-search-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "demo.sqlite", NULL);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, G_DATE_NOVEMBER, 2026);
  g_assert_true (ops_demo_seed (store, &today, &error));
  g_assert_no_error (error);

  g_test_add_func ("/search/accents-and-case", test_accents_and_case);
  g_test_add_func ("/search/phone-formats", test_phone_formats);
  g_test_add_func ("/search/equipment", test_equipment);
  g_test_add_func ("/search/mac-formats", test_mac_formats);
  g_test_add_func ("/search/account-email-address", test_account_email_address);
  g_test_add_func ("/search/ranking", test_ranking);
  g_test_add_func ("/search/nothing", test_nothing);
  g_test_add_func ("/search/async", test_async);

  status = g_test_run ();

  g_clear_object (&store);
  {
    const char *suffixes[] = { "", "-wal", "-shm" };

    for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
      {
        g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
        remove (file);
      }
    remove (dir);
  }
  return status;
}
