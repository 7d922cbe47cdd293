/* test-dispatch-board.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The board's rows: one per technician with its jobs, lanes and rules; a
 * reload swaps only the rows that changed; a big board builds quickly.
 */

#define G_LOG_DOMAIN "test-dispatch-board"

#include "config.h"

#include <stdio.h>
#include <time.h>
#include <string.h>

#include "ops-demo.h"
#include "ops-dispatch-board.h"
#include "ops-store-dispatch.h"

#define TODAY    "2026-11-22"
#define TOMORROW "2026-11-23"

static OpsStore *store;

typedef struct
{
  guint  n_changes;
  guint  position;
  guint  removed;
  guint  added;
  guint  n_reloaded;
} Signals;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Signals    *signals)
{
  signals->n_changes++;
  signals->position = position;
  signals->removed = removed;
  signals->added = added;
}

static void
on_reloaded (OpsDispatchBoard *board,
             Signals          *signals)
{
  signals->n_reloaded++;
}

static gint64
at (const char *date,
    guint       hour,
    guint       minute)
{
  return ops_dispatch_day_start (date) + hour * 3600 + minute * 60;
}

static void
upsert (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_true (ops_store_upsert (store, "jobs", json_node_get_object (node), &error));
  g_assert_no_error (error);
}

static OpsDispatchBoard *
load_today (void)
{
  g_autoptr(GError) error = NULL;
  OpsDispatchBoard *board = ops_dispatch_board_new (store);

  g_assert_true (ops_dispatch_board_load (board, TODAY, TODAY, &error));
  g_assert_no_error (error);
  return board;
}

static void
test_rows (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchBoard) board = load_today ();
  g_autoptr(GPtrArray) techs = ops_store_list_technicians (store, &error);
  guint total = 0;
  guint position = G_MAXUINT;
  OpsDispatchRow *row;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (board)) == OPS_TYPE_DISPATCH_ROW);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, techs->len);
  g_assert_cmpuint (ops_dispatch_board_get_techs (board)->len, ==, techs->len);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (board), techs->len));

  for (guint i = 0; i < techs->len; i++)
    {
      g_autoptr(OpsDispatchRow) item = g_list_model_get_item (G_LIST_MODEL (board), i);
      const OpsDispatchTech *tech = ops_dispatch_row_get_tech (item);
      GPtrArray *jobs = ops_dispatch_row_get_jobs (item);

      /* Same order as the store's technicians. */
      g_assert_cmpstr (tech->name, ==, ((OpsDispatchTech *) techs->pdata[i])->name);
      g_assert_true (ops_dispatch_board_find_row (board, tech->name, &position) == item);
      g_assert_cmpuint (position, ==, i);
      g_assert_cmpuint (ops_dispatch_row_get_n_lanes (item), >=, 1);

      for (guint k = 0; k < jobs->len; k++)
        {
          const OpsDispatchJob *job = jobs->pdata[k];

          g_assert_true (ops_dispatch_job_is_assigned_to (job, tech->name));
          g_assert_nonnull (ops_dispatch_row_get_rules (item, k));
          g_assert_cmpuint (ops_dispatch_row_get_lane (item, k), <, ops_dispatch_row_get_n_lanes (item));
          g_assert_cmpint (ops_dispatch_row_find_job (item, job->name), ==, k);
          g_assert_nonnull (ops_dispatch_board_find_job (board, job->name));
          if (k > 0)
            g_assert_cmpint (((OpsDispatchJob *) jobs->pdata[k - 1])->start, <=, job->start);
          /* Jobs sharing a lane never overlap. */
          for (guint m = 0; m < k; m++)
            {
              const OpsDispatchJob *other = jobs->pdata[m];

              if (ops_dispatch_row_get_lane (item, m) == ops_dispatch_row_get_lane (item, k) &&
                  other->start != 0 && job->start != 0)
                g_assert_cmpint (ops_dispatch_job_end (other), <=, job->start);
            }
          if (g_strcmp0 (job->technician, tech->name) == 0)
            total++;
        }
    }
  g_assert_cmpuint (total, ==, ops_dispatch_board_get_jobs (board)->len);

  /* An assistant sees the job on their row too. */
  row = ops_dispatch_board_find_row (board, "TECH-13", NULL);
  g_assert_cmpint (ops_dispatch_row_find_job (row, "DJ-00034"), >=, 0);
  row = ops_dispatch_board_find_row (board, "TECH-02", NULL);
  g_assert_cmpint (ops_dispatch_row_find_job (row, "DJ-00034"), >=, 0);
  g_assert_cmpint (ops_dispatch_row_find_job (row, "DJ-00031"), ==, -1);
  g_assert_null (ops_dispatch_board_find_row (board, "TECH-99", NULL));
  g_assert_null (ops_dispatch_board_find_job (board, "DJ-99999"));
  /* Unassigned jobs are in the tray, not on the board. */
  g_assert_null (ops_dispatch_board_find_job (board, "DJ-00054"));
}

static void
test_find_first_and_utilisation (void)
{
  g_autoptr(OpsDispatchBoard) board = load_today ();
  OpsDispatchRow *row = ops_dispatch_board_find_row (board, "TECH-01", NULL);
  GPtrArray *jobs = ops_dispatch_row_get_jobs (row);
  double utilisation;

  g_assert_cmpuint (jobs->len, >=, 2);
  g_assert_cmpuint (ops_dispatch_row_find_first (row, 0), ==, 0);
  g_assert_cmpuint (ops_dispatch_row_find_first (row, at (TOMORROW, 0, 0)), ==, jobs->len);

  /* Every answer: all jobs before it end by t, the job at it ends after t. */
  for (gint64 t = at (TODAY, 6, 0); t < at (TODAY, 20, 0); t += 15 * 60)
    {
      guint first = ops_dispatch_row_find_first (row, t);

      for (guint k = 0; k < first; k++)
        g_assert_cmpint (ops_dispatch_job_end (jobs->pdata[k]), <=, t);
      if (first < jobs->len)
        g_assert_cmpint (ops_dispatch_job_end (jobs->pdata[first]), >, t);
    }

  utilisation = ops_dispatch_row_get_utilisation (row, at (TODAY, 12, 0));
  g_assert_cmpfloat (utilisation, >, 0.0);
  /* Asked again for the same day (cached), and for a day with nothing. */
  g_assert_cmpfloat (ops_dispatch_row_get_utilisation (row, at (TODAY, 8, 0)), ==, utilisation);
  g_assert_cmpfloat (ops_dispatch_row_get_utilisation (row, at ("2020-01-01", 12, 0)), ==, 0.0);
}

static void
test_reload (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchBoard) board = load_today ();
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  Signals signals = { 0 };
  guint n = g_list_model_get_n_items (G_LIST_MODEL (board));
  guint changed_at = G_MAXUINT;
  OpsDispatchRow *row;
  int index;
  const OpsRuleResult *rules;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (board), i));
  g_signal_connect (board, "items-changed", G_CALLBACK (on_items_changed), &signals);
  g_signal_connect (board, "reloaded", G_CALLBACK (on_reloaded), &signals);

  /* Nothing changed: every row stays. */
  g_assert_true (ops_dispatch_board_reload (board, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (signals.n_changes, ==, 0);
  g_assert_cmpuint (signals.n_reloaded, ==, 1);

  /* A job booked over DJ-00031 (10:30-12:45) on TECH-01's row. */
  upsert ("{\"name\":\"DJ-T0001\",\"customer\":\"C0218\",\"location\":\"LOC-00218\",\"subject\":\"Overlap\","
          "\"job_type\":\"Réparation\",\"priority\":\"high\",\"status\":\"Scheduled\",\"technician\":\"TECH-01\","
          "\"assistants\":[],\"required_techs\":1,\"tags\":[],\"scheduled_date\":\"" TODAY "\","
          "\"start_time\":\"11:00\",\"duration_min\":60,\"equipment\":[]}");
  g_assert_true (ops_dispatch_board_reload (board, &error));
  g_assert_no_error (error);
  g_assert_true (ops_dispatch_board_find_row (board, "TECH-01", &changed_at) != NULL);

  g_assert_cmpuint (signals.n_changes, ==, 1);
  g_assert_cmpuint (signals.position, ==, changed_at);
  g_assert_cmpuint (signals.removed, ==, 1);
  g_assert_cmpuint (signals.added, ==, 1);
  g_assert_cmpuint (signals.n_reloaded, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(OpsDispatchRow) item = g_list_model_get_item (G_LIST_MODEL (board), i);

      if (i == changed_at)
        g_assert_true (item != before->pdata[i]);
      else
        g_assert_true (item == before->pdata[i]);
    }

  /* The new row has the job, in a second lane, with the overlap rule. */
  row = ops_dispatch_board_find_row (board, "TECH-01", NULL);
  index = ops_dispatch_row_find_job (row, "DJ-T0001");
  g_assert_cmpint (index, >=, 0);
  g_assert_cmpuint (ops_dispatch_row_get_n_lanes (row), >=, 2);
  g_assert_cmpuint (ops_dispatch_row_get_lane (row, index), !=,
                    ops_dispatch_row_get_lane (row, ops_dispatch_row_find_job (row, "DJ-00031")));
  rules = ops_dispatch_row_get_rules (row, index);
  g_assert_true (rules->flags & OPS_RULE_OVERLAP);
  g_assert_nonnull (rules->explanation);
  rules = ops_dispatch_row_get_rules (row, ops_dispatch_row_find_job (row, "DJ-00031"));
  g_assert_true (rules->flags & OPS_RULE_OVERLAP);
  g_assert_nonnull (ops_dispatch_board_find_job (board, "DJ-T0001"));

  /* Moving it to tomorrow (outside the range) takes it off again. */
  upsert ("{\"name\":\"DJ-T0001\",\"scheduled_date\":\"" TOMORROW "\"}");
  g_assert_true (ops_dispatch_board_reload (board, &error));
  g_assert_cmpuint (signals.n_changes, ==, 2);
  g_assert_cmpuint (signals.position, ==, changed_at);
  g_assert_null (ops_dispatch_board_find_job (board, "DJ-T0001"));

  /* A wider range changes every row that has jobs tomorrow, nothing else. */
  signals.n_changes = 0;
  g_assert_true (ops_dispatch_board_load (board, TODAY, TOMORROW, &error));
  g_assert_nonnull (ops_dispatch_board_find_job (board, "DJ-T0001"));
  g_assert_cmpuint (signals.n_changes, >=, 1);
  g_assert_cmpuint (signals.n_changes, <, n);
}

static OpsDispatchTech *
bench_tech (guint i)
{
  OpsDispatchTech *tech = g_new0 (OpsDispatchTech, 1);

  tech->name = g_strdup_printf ("BT-%03u", i);
  tech->full_name = g_strdup_printf ("Technician %03u", i);
  tech->skills = g_strsplit ("Fibre,Installation", ",", -1);
  tech->has_home = TRUE;
  tech->home_latitude = 45.3 + (i % 10) * 0.01;
  tech->home_longitude = -73.3 - (i % 7) * 0.01;
  tech->work_start_min = 450;
  tech->work_end_min = 990;
  return tech;
}

static OpsDispatchJob *
bench_job (guint  i,
           gint64 week_start)
{
  OpsDispatchJob *job = g_new0 (OpsDispatchJob, 1);
  guint day = i % 7;

  job->name = g_strdup_printf ("BJ-%05u", i);
  job->customer = g_strdup_printf ("C%04u", i % 300);
  job->customer_name = g_strdup_printf ("Customer %u", i % 300);
  job->subject = g_strdup ("Bench");
  job->job_type = g_strdup ("Installation");
  job->priority = g_strdup ("low");
  job->status = OPS_JOB_SCHEDULED;
  job->technician = g_strdup_printf ("BT-%03u", i % 200);
  job->assistants = g_new0 (char *, 1);
  job->required_techs = 1;
  job->tags = g_strsplit ("Fibre", ",", -1);
  job->equipment = g_new0 (char *, 1);
  job->start = week_start + day * 86400 + (7 * 60 + ((i / 1400) % 8) * 60 + (i % 3) * 20) * 60;
  job->scheduled_date = ops_dispatch_day_of (job->start);
  job->duration_min = 45 + (i % 4) * 15;
  job->has_coords = TRUE;
  job->latitude = 45.2 + (i % 50) * 0.004;
  job->longitude = -73.4 + (i % 30) * 0.004;
  return job;
}

static void
fill (GPtrArray *techs,
      GPtrArray *jobs,
      gint64     week_start)
{
  for (guint i = 0; i < 200; i++)
    g_ptr_array_add (techs, bench_tech (i));
  for (guint i = 0; i < 5000; i++)
    g_ptr_array_add (jobs, bench_job (i, week_start));
}

/* CPU time of this thread: the figure stays meaningful on a busy machine. */
static gint64
cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
test_set_data (void)
{
  g_autoptr(OpsDispatchBoard) board = ops_dispatch_board_new (NULL);
  g_autoptr(GPtrArray) techs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_tech_free);
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_job_free);
  g_autoptr(OpsDispatchRow) kept = NULL;
  gint64 week_start = ops_dispatch_day_start ("2027-01-04");
  Signals signals = { 0 };
  gint64 started, best = G_MAXINT64;
  guint total = 0;

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(OpsDispatchBoard) fresh = ops_dispatch_board_new (NULL);

      fill (techs, jobs, week_start);
      started = cpu_time ();
      ops_dispatch_board_set_data (fresh, techs, jobs);
      best = MIN (best, cpu_time () - started);
      /* The arrays' contents were taken. */
      g_assert_cmpuint (techs->len, ==, 0);
      g_assert_cmpuint (jobs->len, ==, 0);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, 200);
    }
  g_test_message ("200 technicians x 5,000 jobs built in %.1f ms", best / 1000.0);
  g_assert_cmpint (best, <, 100 * 1000);

  fill (techs, jobs, week_start);
  ops_dispatch_board_set_data (board, techs, jobs);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 200);
  g_assert_cmpuint (ops_dispatch_board_get_jobs (board)->len, ==, 5000);
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(OpsDispatchRow) row = g_list_model_get_item (G_LIST_MODEL (board), i);

      total += ops_dispatch_row_get_jobs (row)->len;
    }
  g_assert_cmpuint (total, ==, 5000);

  /* Rules are worked out when a row is first drawn; all of them at once is
   * the worst first frame. */
  started = cpu_time ();
  for (guint i = 0; i < 200; i++)
    {
      g_autoptr(OpsDispatchRow) row = g_list_model_get_item (G_LIST_MODEL (board), i);

      for (guint k = 0; k < ops_dispatch_row_get_jobs (row)->len; k++)
        g_assert_nonnull (ops_dispatch_row_get_rules (row, k));
    }
  g_test_message ("Rules of all 5,000 jobs in %.1f ms", (cpu_time () - started) / 1000.0);

  /* Same data again but one job longer: one row changes. */
  kept = g_list_model_get_item (G_LIST_MODEL (board), 0);
  g_signal_connect (board, "items-changed", G_CALLBACK (on_items_changed), &signals);
  g_signal_connect (board, "reloaded", G_CALLBACK (on_reloaded), &signals);
  fill (techs, jobs, week_start);
  ((OpsDispatchJob *) jobs->pdata[4321])->duration_min += 15;   /* BT-121 */
  ops_dispatch_board_set_data (board, techs, jobs);
  g_assert_cmpuint (signals.n_changes, ==, 1);
  g_assert_cmpuint (signals.position, ==, 121);
  g_assert_cmpuint (signals.n_reloaded, ==, 1);
  {
    g_autoptr(OpsDispatchRow) first = g_list_model_get_item (G_LIST_MODEL (board), 0);

    g_assert_true (first == kept);
  }

  /* A technician fewer: the model is replaced, unchanged rows kept. */
  fill (techs, jobs, week_start);
  g_ptr_array_remove_index (techs, 199);
  signals.n_changes = 0;
  ops_dispatch_board_set_data (board, techs, jobs);
  g_assert_cmpuint (signals.n_changes, ==, 1);
  g_assert_cmpuint (signals.position, ==, 0);
  g_assert_cmpuint (signals.removed, ==, 200);
  g_assert_cmpuint (signals.added, ==, 199);
  {
    g_autoptr(OpsDispatchRow) first = g_list_model_get_item (G_LIST_MODEL (board), 0);

    g_assert_true (first == kept);
  }
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           guint      *count)
{
  (*count)++;
}

static void
test_speed (void)
{
  g_autoptr(OpsDispatchBoard) board = load_today ();
  double speed = 0;
  guint notified = 0;

  g_assert_cmpfloat (ops_dispatch_board_get_speed_kmh (board), ==, OPS_DEFAULT_TRAVEL_SPEED_KMH);
  g_signal_connect (board, "notify::speed-kmh", G_CALLBACK (on_notify), &notified);
  g_object_set (board, "speed-kmh", 15.0, NULL);
  g_object_get (board, "speed-kmh", &speed, NULL);
  g_assert_cmpfloat (speed, ==, 15.0);
  g_assert_cmpuint (notified, ==, 1);
  ops_dispatch_board_set_speed_kmh (board, 15.0);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (board)), ==, 14);
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

  dir = g_dir_make_tmp ("test-dispatch-board-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "demo.sqlite", NULL);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, G_DATE_NOVEMBER, 2026);
  g_assert_true (ops_demo_seed (store, &today, &error));
  g_assert_no_error (error);

  g_test_add_func ("/dispatch-board/rows", test_rows);
  g_test_add_func ("/dispatch-board/find-first-and-utilisation", test_find_first_and_utilisation);
  g_test_add_func ("/dispatch-board/reload", test_reload);
  g_test_add_func ("/dispatch-board/set-data", test_set_data);
  g_test_add_func ("/dispatch-board/speed", test_speed);

  status = g_test_run ();

  g_object_unref (store);
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
