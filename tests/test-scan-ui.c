/* test-scan-ui.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scan dialog on the demo workspace's data: a photo holding a Code 128
 * of a demo unit's serial is decoded, the value is resolved to its
 * customer by the first tier, and attaching it to a dispatch job writes
 * the job's list and one outbox row.  Runs under Xvfb with
 * G_DEBUG=fatal-criticals.
 */

#define G_LOG_DOMAIN "test-scan-ui"

#include "config.h"

#include "ops-test-ui.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "ops-application.h"
#include "ops-invoice-reader.h"
#include "ops-outbox.h"
#include "ops-scan-dialog.h"
#include "ops-test-barcodes.h"
#include "ops-workspace.h"

#define DEMO_SERIAL "22275A7000395"   /* EQP-00001, customer C0001 */
#define JOB "DJ-00001"

typedef struct
{
  OpsConfig       *config;
  OpsStore        *store;
  OpsServiceLayer *services;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "scan.sqlite", NULL);
  g_autoptr(GError) error = NULL;

  g_remove (path);
  fixture->config = ops_config_new ();
  fixture->store = ops_workspace_open (fixture->config, path, TRUE, &error);
  g_assert_no_error (error);
  /* A live workspace whose ERPNext is away: writes are queued. */
  ops_config_set_string (fixture->config, "erpnext", "url", "http://127.0.0.1:9");
  ops_config_set_string (fixture->config, "erpnext", "api_key", "key");
  ops_config_set_string (fixture->config, "erpnext", "api_secret", "secret");
  fixture->services = ops_service_layer_new (fixture->config, fixture->store, FALSE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  ops_test_drain ();
  g_clear_object (&fixture->services);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->config);
}

/* A photo of the barcode on white, as PNG bytes. */
static GBytes *
barcode_png (const char *text)
{
  g_autoptr(OpsTestGray) bars = ops_test_code128_render (text, 3, 120);
  g_autoptr(OpsTestGray) photo = NULL;
  g_autoptr(GBytes) rgb = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  guint8 *pixels;

  g_assert_nonnull (bars);
  photo = ops_test_gray_new (bars->width + 80, bars->height + 80, 255);
  ops_test_gray_paste (photo, bars, 40, 40);
  pixels = g_malloc ((gsize) photo->width * photo->height * 3);
  for (gsize i = 0; i < (gsize) photo->width * photo->height; i++)
    pixels[i * 3] = pixels[i * 3 + 1] = pixels[i * 3 + 2] = photo->data[i];
  rgb = g_bytes_new_take (pixels, (gsize) photo->width * photo->height * 3);
  texture = gdk_memory_texture_new (photo->width, photo->height, GDK_MEMORY_R8G8B8, rgb, photo->width * 3);
  return gdk_texture_save_to_png_bytes (texture);
}

static gboolean
dialog_idle (gpointer data)
{
  return !ops_scan_dialog_is_busy (data);
}

static char *
job_equipment (OpsStore   *store,
               const char *job)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (ops_store_get_path (store), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT equipment FROM jobs WHERE name = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, job, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text;
}

static void
test_scan_and_attach (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GBytes) png = barcode_png (DEMO_SERIAL);
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *row;
  GtkWidget *attach;
  const char *subtitle;
  OpsOutboxEntry *entry;

  dialog = ops_scan_dialog_new (NULL, fixture->services);
  ops_scan_dialog_set_job (OPS_SCAN_DIALOG (dialog), JOB);
  gtk_window_present (GTK_WINDOW (dialog));
  ops_test_drain ();

  ops_scan_dialog_open_bytes (OPS_SCAN_DIALOG (dialog), png);
  g_assert_true (ops_scan_dialog_is_busy (OPS_SCAN_DIALOG (dialog)));
  ops_test_iterate_until (dialog_idle, dialog);
  ops_test_drain ();

  /* The value, resolved by the store's serial to its customer. */
  row = ops_test_find_named (dialog, "code");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, DEMO_SERIAL);
  subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  g_test_message ("%s", subtitle);
  g_assert_nonnull (strstr (subtitle, "EQP-00001"));
  g_assert_nonnull (strstr (subtitle, "C0001"));
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "customer"), ==, "C0001");
  g_assert_nonnull (ops_test_find_named (row, "open-customer"));
  g_assert_null (ops_test_find_named (row, "create-record"));

  /* The same image again: still one row. */
  ops_scan_dialog_open_bytes (OPS_SCAN_DIALOG (dialog), png);
  ops_test_iterate_until (dialog_idle, dialog);
  g_assert_true (gtk_widget_get_next_sibling (row) == NULL);
  g_assert_true (gtk_widget_get_prev_sibling (row) == NULL);

  /* Attach to the job: the job's list and one outbox row. */
  before = job_equipment (fixture->store, JOB);
  g_assert_null (strstr (before ? before : "", "EQP-00001"));
  attach = ops_test_find_named (row, "attach");
  g_assert_nonnull (attach);
  g_signal_emit_by_name (attach, "clicked");
  ops_test_drain ();

  after = job_equipment (fixture->store, JOB);
  g_assert_nonnull (strstr (after, "EQP-00001"));
  rows = ops_outbox_list (fixture->store, "Dispatch Job", JOB, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_UPDATE);
  g_assert_nonnull (strstr (json_object_get_string_member (entry->payload, "equipment"), "EQP-00001"));
  g_assert_false (gtk_widget_get_sensitive (attach));
}

/* Without Gemini, "Read the Label" is off; the invoice reader says why. */
static void
test_without_gemini (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *dialog = ops_scan_dialog_new (NULL, fixture->services);
  GtkWidget *reader;
  GtkWidget *status;
  g_autoptr(GBytes) png = barcode_png ("NOSUCH-UNIT-1");
  GtkWidget *row;

  gtk_window_present (GTK_WINDOW (dialog));
  ops_scan_dialog_open_bytes (OPS_SCAN_DIALOG (dialog), png);
  ops_test_iterate_until (dialog_idle, dialog);
  g_assert_false (gtk_widget_is_sensitive (ops_test_find_named (dialog, "read-label")));

  /* An unknown unit offers a record, no attach (no job set). */
  row = ops_test_find_named (dialog, "code");
  g_assert_nonnull (row);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (row), "tier"), ==, "Unknown");
  g_assert_nonnull (ops_test_find_named (row, "create-record"));
  g_assert_null (ops_test_find_named (row, "attach"));

  reader = ops_invoice_reader_new (NULL, fixture->services);
  gtk_window_present (GTK_WINDOW (reader));
  ops_test_drain ();
  status = ops_test_find_named (reader, "status");
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (status)), "Gemini"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();
  /* Registers the resources the templates come from. */
  g_type_class_unref (g_type_class_ref (OPS_TYPE_APPLICATION));

  g_test_add ("/scan-ui/scan-and-attach", Fixture, NULL, fixture_set_up, test_scan_and_attach, fixture_tear_down);
  g_test_add ("/scan-ui/without-gemini", Fixture, NULL, fixture_set_up, test_without_gemini, fixture_tear_down);

  return g_test_run ();
}
