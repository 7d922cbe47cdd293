/* ops-sync-command.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsSyncCommand"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <unistd.h>

#include "ops-sync-command.h"
#include "ops-sync.h"
#include "ops-workspace.h"

typedef struct
{
  gboolean  tty;
  char     *doctype;
  guint     done;
  guint     total;
} Printer;

static void
finish_line (Printer *printer)
{
  if (printer->doctype == NULL)
    return;
  if (printer->tty)
    g_print ("\n");
  else if (printer->total > 0)
    g_print (_("%s: %u of %u\n"), printer->doctype, printer->done, printer->total);
  else
    g_print (_("%s: %u\n"), printer->doctype, printer->done);
}

static void
on_progress (const char *doctype,
             guint       done,
             guint       total,
             gpointer    user_data)
{
  Printer *printer = user_data;

  if (g_strcmp0 (printer->doctype, doctype) != 0)
    {
      finish_line (printer);
      g_free (printer->doctype);
      printer->doctype = g_strdup (doctype);
    }
  printer->done = done;
  printer->total = total;

  if (printer->tty)
    {
      if (total > 0)
        g_print ("\r\033[K%s: %u / %u (%u %%)", doctype, done, total, (guint)(100.0 * MIN (done, total) / total));
      else
        g_print ("\r\033[K%s: %u", doctype, done);
    }
}

static gboolean
on_signal_cb (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  OpsSync      *sync;
  Printer      *printer;
  GCancellable *cancellable;
  guint64       rows;
  GError       *error;
  gboolean      ok;
  gboolean      finished;
} Job;

static gpointer
sync_thread (gpointer data)
{
  Job *job = data;

  job->ok = ops_sync_run (job->sync, on_progress, job->printer, &job->rows, job->cancellable, &job->error);
  g_atomic_int_set (&job->finished, TRUE);
  g_main_context_wakeup (NULL);
  return NULL;
}

int
ops_sync_command_run (OpsConfig  *config,
                      const char *store_path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(OpsErpnextClient) client = NULL;
  g_autoptr(OpsSync) sync = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Printer printer = { isatty (STDOUT_FILENO), NULL, 0, 0 };
  Job job = { 0 };
  GThread *thread;
  gint64 started;
  guint sigint, sigterm;

  if (!ops_config_has_service (config, "erpnext"))
    {
      g_printerr (_("ERPNext is not configured. Set url, api_key and api_secret in the [erpnext] group of "
                    "the configuration file (--config), or the OPS_ERPNEXT_URL, OPS_ERPNEXT_API_KEY and "
                    "OPS_ERPNEXT_API_SECRET variables.\n"));
      return 2;
    }

  if (!(store = ops_workspace_open (config, store_path, FALSE, &error)) ||
      !(client = ops_erpnext_client_new (ops_config_get_string (config, "erpnext", "url"),
                                         ops_config_get_string (config, "erpnext", "api_key"),
                                         ops_config_get_string (config, "erpnext", "api_secret"),
                                         ops_config_get_string (config, "erpnext", "ca_file"),
                                         &error)))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }

  g_print (_("Syncing %s into %s\n"), ops_config_get_string (config, "erpnext", "url"), ops_store_get_path (store));

  sync = ops_sync_new (client, ops_store_get_path (store), NULL);
  job.sync = sync;
  job.printer = &printer;
  job.cancellable = cancellable;

  sigint = g_unix_signal_add (SIGINT, on_signal_cb, cancellable);
  sigterm = g_unix_signal_add (SIGTERM, on_signal_cb, cancellable);

  started = g_get_monotonic_time ();
  thread = g_thread_new ("ops-sync", sync_thread, &job);
  while (!g_atomic_int_get (&job.finished))
    g_main_context_iteration (NULL, TRUE);
  g_thread_join (thread);

  g_source_remove (sigint);
  g_source_remove (sigterm);
  finish_line (&printer);
  g_free (printer.doctype);

  if (!job.ok)
    {
      if (g_error_matches (job.error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_printerr (_("Sync stopped; the next one resumes where this one stopped.\n"));
      else
        g_printerr ("%s\n", job.error->message);
      g_clear_error (&job.error);
      return 1;
    }

  {
    g_autofree char *rows = g_strdup_printf ("%" G_GUINT64_FORMAT, job.rows);

    g_print (_("Synced %s rows in %.1f s.\n"), rows, (g_get_monotonic_time () - started) / (double)G_USEC_PER_SEC);
  }
  return 0;
}
