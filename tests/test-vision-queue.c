/* test-vision-queue.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The queue of photos waiting to be read: order, states, the image kept
 * byte for byte, and a queue that survives closing and reopening the
 * store (a restart while offline loses nothing).
 */

#define G_LOG_DOMAIN "test-vision-queue"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ops-store.h"
#include "ops-vision-queue.h"

static char *
store_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "vision.sqlite", NULL);
}

static OpsStore *
open_store (gboolean fresh)
{
  g_autofree char *path = store_path ();
  g_autoptr(GError) error = NULL;
  OpsStore *store;

  if (fresh)
    g_remove (path);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  return store;
}

/* Bytes that are not text: a NUL, high bytes, a PNG signature. */
static GBytes *
photo (guint8 seed)
{
  guint8 data[64];

  memcpy (data, "\x89PNG\r\n\x1a\n", 8);
  for (guint i = 8; i < sizeof data; i++)
    data[i] = (guint8) (seed * 31 + i * 7);
  data[20] = 0;
  return g_bytes_new (data, sizeof data);
}

static gint64
enqueue (OpsStore      *store,
         OpsVisionTask  task,
         guint8         seed,
         const char    *job)
{
  g_autoptr(GBytes) image = photo (seed);
  g_autoptr(GError) error = NULL;
  gint64 id = ops_vision_queue_enqueue (store, task, image, "image/png", job, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
test_schema (void)
{
  g_autoptr(OpsStore) store = open_store (TRUE);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (ops_store_get_schema_version (store), ==, OPS_STORE_SCHEMA_VERSION);
  g_assert_cmpuint (OPS_STORE_SCHEMA_VERSION, >=, 7);
  /* The dispatch board's index came with the queue. */
  g_assert_true (ops_store_exec (store, "SELECT 1 FROM jobs INDEXED BY jobs_technician "
                                        "WHERE technician = 'T' AND scheduled_date = '2026-01-01'", &error));
  g_assert_no_error (error);
}

static void
test_order_and_states (void)
{
  g_autoptr(OpsStore) store = open_store (TRUE);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsVisionQueueEntry) next = NULL;
  g_autoptr(OpsVisionQueueEntry) got = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) invoices = NULL;
  g_autoptr(JsonNode) answer = json_from_string ("{\"codes\": [{\"type\": \"CODE128\", \"value\": \"X1\"}]}", NULL);
  g_autoptr(GBytes) expected = photo (1);
  gint64 first, second, third;

  g_assert_null (ops_vision_queue_next (store, &error));
  g_assert_no_error (error);

  first = enqueue (store, OPS_VISION_BARCODES, 1, NULL);
  second = enqueue (store, OPS_VISION_INVOICE, 2, NULL);
  third = enqueue (store, OPS_VISION_EQUIPMENT, 3, "DJ-00007");
  g_assert_cmpint (ops_vision_queue_count (store, OPS_VISION_QUEUE_PENDING), ==, 3);

  /* The oldest first, with its image byte for byte. */
  next = ops_vision_queue_next (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next->id, ==, first);
  g_assert_cmpint (next->task, ==, OPS_VISION_BARCODES);
  g_assert_cmpstr (next->mime, ==, "image/png");
  g_assert_true (g_bytes_equal (next->image, expected));
  g_assert_cmpuint (next->image_size, ==, g_bytes_get_size (expected));
  g_assert_cmpint (next->state, ==, OPS_VISION_QUEUE_PENDING);
  g_assert_null (next->job);
  g_clear_pointer (&next, ops_vision_queue_entry_free);

  /* A transient problem keeps it first, one attempt more. */
  g_assert_true (ops_vision_queue_mark_retry (store, first, "Gemini is unreachable.", &error));
  g_assert_no_error (error);
  next = ops_vision_queue_next (store, &error);
  g_assert_cmpint (next->id, ==, first);
  g_assert_cmpuint (next->attempts, ==, 1);
  g_assert_cmpstr (next->error, ==, "Gemini is unreachable.");
  g_clear_pointer (&next, ops_vision_queue_entry_free);

  g_assert_true (ops_vision_queue_mark_done (store, first, answer, &error));
  g_assert_no_error (error);
  next = ops_vision_queue_next (store, &error);
  g_assert_cmpint (next->id, ==, second);
  g_clear_pointer (&next, ops_vision_queue_entry_free);

  g_assert_true (ops_vision_queue_mark_failed (store, second, "The prompt was blocked.", &error));
  g_assert_no_error (error);
  next = ops_vision_queue_next (store, &error);
  g_assert_cmpint (next->id, ==, third);
  g_assert_cmpstr (next->job, ==, "DJ-00007");
  g_assert_cmpint (next->task, ==, OPS_VISION_EQUIPMENT);
  g_clear_pointer (&next, ops_vision_queue_entry_free);

  got = ops_vision_queue_get (store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpint (got->state, ==, OPS_VISION_QUEUE_DONE);
  g_assert_cmpuint (got->attempts, ==, 2);
  g_assert_null (got->error);
  g_assert_true (json_node_equal (got->result, answer));

  g_assert_cmpint (ops_vision_queue_count (store, OPS_VISION_QUEUE_PENDING), ==, 1);
  g_assert_cmpint (ops_vision_queue_count (store, OPS_VISION_QUEUE_DONE), ==, 1);
  g_assert_cmpint (ops_vision_queue_count (store, OPS_VISION_QUEUE_FAILED), ==, 1);

  /* Listing: oldest first, no images; per task. */
  all = ops_vision_queue_list (store, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 3);
  g_assert_cmpint (((OpsVisionQueueEntry *) all->pdata[0])->id, ==, first);
  g_assert_null (((OpsVisionQueueEntry *) all->pdata[0])->image);
  g_assert_cmpuint (((OpsVisionQueueEntry *) all->pdata[0])->image_size, ==, 64);
  g_assert_cmpint (((OpsVisionQueueEntry *) all->pdata[1])->state, ==, OPS_VISION_QUEUE_FAILED);
  g_assert_cmpstr (((OpsVisionQueueEntry *) all->pdata[1])->error, ==, "The prompt was blocked.");
  invoices = ops_vision_queue_list (store, OPS_VISION_INVOICE, &error);
  g_assert_cmpuint (invoices->len, ==, 1);
  g_assert_cmpint (((OpsVisionQueueEntry *) invoices->pdata[0])->id, ==, second);

  /* A person retries the failed row: pending again; retrying a pending
   * row is refused. */
  g_assert_true (ops_vision_queue_retry (store, second, &error));
  g_assert_no_error (error);
  g_assert_cmpint (ops_vision_queue_count (store, OPS_VISION_QUEUE_PENDING), ==, 2);
  g_assert_false (ops_vision_queue_retry (store, second, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (ops_vision_queue_delete (store, third, &error));
  g_assert_no_error (error);
  g_assert_null (ops_vision_queue_get (store, third, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ops_vision_queue_delete (store, third, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
}

static void
test_empty_photo (void)
{
  g_autoptr(OpsStore) store = open_store (TRUE);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (ops_vision_queue_enqueue (store, OPS_VISION_INVOICE, empty, "image/jpeg", NULL, &error), ==, 0);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_assert_cmpint (ops_vision_queue_count (store, OPS_VISION_QUEUE_PENDING), ==, 0);
}

static void
test_survives_reopen (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  gint64 ids[5];

  {
    g_autoptr(OpsStore) store = open_store (TRUE);

    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      ids[i] = enqueue (store, i % 2 ? OPS_VISION_INVOICE : OPS_VISION_EQUIPMENT, (guint8) i, NULL);
    g_assert_true (ops_vision_queue_mark_retry (store, ids[0], "offline", &error));
    g_assert_no_error (error);
  }

  {
    g_autoptr(OpsStore) store = open_store (FALSE);

    rows = ops_vision_queue_list (store, -1, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, G_N_ELEMENTS (ids));
    for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
      {
        g_autoptr(OpsVisionQueueEntry) entry = ops_vision_queue_get (store, ids[i], &error);
        g_autoptr(GBytes) expected = photo ((guint8) i);

        g_assert_no_error (error);
        g_assert_cmpint (entry->state, ==, OPS_VISION_QUEUE_PENDING);
        g_assert_cmpint (entry->task, ==, i % 2 ? OPS_VISION_INVOICE : OPS_VISION_EQUIPMENT);
        g_assert_true (g_bytes_equal (entry->image, expected));
      }
    /* Processing resumes where it stopped. */
    {
      g_autoptr(OpsVisionQueueEntry) next = ops_vision_queue_next (store, &error);

      g_assert_cmpint (next->id, ==, ids[0]);
      g_assert_cmpuint (next->attempts, ==, 1);
    }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/vision-queue/schema", test_schema);
  g_test_add_func ("/vision-queue/order-and-states", test_order_and_states);
  g_test_add_func ("/vision-queue/empty-photo", test_empty_photo);
  g_test_add_func ("/vision-queue/survives-reopen", test_survives_reopen);

  return g_test_run ();
}
