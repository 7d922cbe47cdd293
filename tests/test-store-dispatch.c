/* test-store-dispatch.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch board read from the demo workspace, and a dispatcher's
 * change written with its one outbox row, refused when stale.
 */

#define G_LOG_DOMAIN "test-store-dispatch"

#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <time.h>
#include <string.h>

#include "ops-demo.h"
#include "ops-dispatch-change.h"
#include "ops-outbox.h"
#include "ops-store-dispatch.h"

#define TODAY     "2026-11-22"
#define YESTERDAY "2026-11-21"
#define TOMORROW  "2026-11-23"

static OpsStore *store;

static gint64
scalar (const char *sql,
        const char *param)
{
  g_autofree char *full = NULL;
  g_autofree char *path = NULL;
  gint64 value = -1;

  /* A second, read-only connection: what is really in the file. */
  full = param != NULL ? g_strdup_printf (sql, param) : g_strdup (sql);
  {
    sqlite3 *db;
    sqlite3_stmt *stmt = NULL;

    path = g_strdup (ops_store_get_path (store));
    g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    if (sqlite3_prepare_v2 (db, full, -1, &stmt, NULL) != SQLITE_OK)
      g_error ("%s: %s", full, sqlite3_errmsg (db));
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    value = sqlite3_column_int64 (stmt, 0);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  return value;
}

static gint64
at (const char *date,
    guint       hour,
    guint       minute)
{
  return ops_dispatch_day_start (date) + hour * 3600 + minute * 60;
}

static void
test_technicians (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) techs = ops_store_list_technicians (store, &error);
  const OpsDispatchTech *first = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (techs->len, ==, scalar ("SELECT count(*) FROM technicians", NULL));
  g_assert_cmpuint (techs->len, ==, 14);

  for (guint i = 0; i < techs->len; i++)
    {
      const OpsDispatchTech *tech = techs->pdata[i];

      if (i > 0)
        {
          const OpsDispatchTech *prev = techs->pdata[i - 1];

          g_assert_cmpint (g_utf8_collate (prev->full_name, tech->full_name), <=, 0);
        }
      g_assert_nonnull (tech->skills);
      g_assert_cmpuint (tech->work_end_min, >, tech->work_start_min);
      if (g_str_equal (tech->name, "TECH-01"))
        first = tech;
    }

  g_assert_nonnull (first);
  g_assert_cmpstr (first->full_name, ==, "Stéphane Tremblay");
  g_assert_cmpuint (first->work_start_min, ==, 7 * 60 + 30);
  g_assert_cmpuint (first->work_end_min, ==, 16 * 60);
  g_assert_true (g_strv_contains ((const char * const *) first->skills, "Fibre"));
  g_assert_true (g_strv_contains ((const char * const *) first->skills, "Épissure"));
  g_assert_true (first->has_home);
  g_assert_cmpfloat_with_epsilon (first->home_latitude, 45.28454, 1e-6);
  g_assert_cmpstr (first->color, ==, "#3584e4");
}

static void
test_jobs_today (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = ops_store_list_jobs_between (store, TODAY, TODAY, &error);
  gboolean saw_assistants = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (jobs->len, ==,
                    scalar ("SELECT count(*) FROM jobs WHERE scheduled_date = '%s' AND technician != '' "
                            "AND status != 'Unassigned'", TODAY));
  g_assert_cmpuint (jobs->len, >=, 40);

  for (guint i = 0; i < jobs->len; i++)
    {
      const OpsDispatchJob *job = jobs->pdata[i];

      g_assert_nonnull (job->technician);
      g_assert_cmpint (job->status, !=, OPS_JOB_UNASSIGNED);
      g_assert_cmpstr (job->scheduled_date, ==, TODAY);
      g_assert_cmpint (job->start, >=, ops_dispatch_day_start (TODAY));
      g_assert_cmpint (job->start, <, ops_dispatch_day_start (TOMORROW));
      g_assert_nonnull (job->customer_name);
      g_assert_nonnull (job->address);
      g_assert_nonnull (strstr (job->address, ", "));
      g_assert_true (job->has_coords);
      g_assert_cmpfloat (job->latitude, >, 44.0);
      g_assert_cmpfloat (job->longitude, <, -70.0);
      g_assert_cmpuint (job->duration_min, >, 0);
      g_assert_cmpuint (job->required_techs, >=, 1);
      g_assert_nonnull (job->tags);
      g_assert_nonnull (job->assistants);
      g_assert_nonnull (job->equipment);
      if (i > 0)
        {
          const OpsDispatchJob *prev = jobs->pdata[i - 1];
          int by_tech = strcmp (prev->technician, job->technician);

          g_assert_cmpint (by_tech, <=, 0);
          if (by_tech == 0)
            g_assert_cmpint (prev->start, <=, job->start);
        }
      if (g_str_equal (job->name, "DJ-00031"))
        {
          g_assert_cmpstr (job->technician, ==, "TECH-01");
          g_assert_cmpint (job->start, ==, at (TODAY, 10, 30));
          g_assert_cmpuint (job->duration_min, ==, 135);
          g_assert_cmpint (job->status, ==, OPS_JOB_SCHEDULED);
          g_assert_cmpint (ops_dispatch_job_end (job), ==, at (TODAY, 12, 45));
        }
      if (g_str_equal (job->name, "DJ-00034"))
        {
          g_assert_cmpstr (job->assistants[0], ==, "TECH-13");
          g_assert_null (job->assistants[1]);
          g_assert_cmpuint (job->required_techs, ==, 2);
          g_assert_cmpint (job->status, ==, OPS_JOB_EN_ROUTE);
          saw_assistants = TRUE;
        }
    }
  g_assert_true (saw_assistants);

  /* Yesterday to tomorrow holds more; an empty range nothing. */
  {
    g_autoptr(GPtrArray) wide = ops_store_list_jobs_between (store, YESTERDAY, TOMORROW, &error);
    g_autoptr(GPtrArray) none = ops_store_list_jobs_between (store, "2020-01-01", "2020-01-07", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (wide->len, >, jobs->len);
    g_assert_cmpuint (none->len, ==, 0);
  }
}

static guint
tray_len (OpsTrayKind          kind,
          const OpsTrayFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = ops_store_list_tray (store, kind, filter, &error);

  g_assert_no_error (error);
  return jobs->len;
}

static void
check_counts (const OpsTrayFilter *filter)
{
  g_autoptr(GError) error = NULL;
  guint counts[3] = { 99, 99, 99 };

  g_assert_true (ops_store_count_tray (store, filter, counts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (counts[OPS_TRAY_UNASSIGNED], ==, tray_len (OPS_TRAY_UNASSIGNED, filter));
  g_assert_cmpuint (counts[OPS_TRAY_ON_HOLD], ==, tray_len (OPS_TRAY_ON_HOLD, filter));
  g_assert_cmpuint (counts[OPS_TRAY_CANCELLED], ==, tray_len (OPS_TRAY_CANCELLED, filter));
}

static void
test_tray (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) unassigned = ops_store_list_tray (store, OPS_TRAY_UNASSIGNED, NULL, &error);
  OpsTrayFilter filter = { NULL };
  const OpsDispatchJob *first;
  gboolean urgent_done = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (unassigned->len, ==, scalar ("SELECT count(*) FROM jobs WHERE status = 'Unassigned'", NULL));
  g_assert_cmpuint (unassigned->len, ==, 14);

  /* Urgent first, then by date. */
  first = unassigned->pdata[0];
  g_assert_cmpstr (first->priority, ==, "urgent");
  for (guint i = 0; i < unassigned->len; i++)
    {
      const OpsDispatchJob *job = unassigned->pdata[i];

      g_assert_null (job->technician);
      g_assert_cmpint (job->status, ==, OPS_JOB_UNASSIGNED);
      g_assert_cmpint (job->start, ==, 0);
      if (g_strcmp0 (job->priority, "urgent") != 0)
        urgent_done = TRUE;
      else
        g_assert_false (urgent_done);
      if (i > 0 && urgent_done && g_strcmp0 (((OpsDispatchJob *) unassigned->pdata[i - 1])->priority, "urgent") != 0)
        g_assert_cmpint (g_strcmp0 (((OpsDispatchJob *) unassigned->pdata[i - 1])->scheduled_date,
                                    job->scheduled_date), <=, 0);
    }

  g_assert_cmpuint (tray_len (OPS_TRAY_ON_HOLD, NULL), ==, scalar ("SELECT count(*) FROM jobs WHERE status = 'On Hold'", NULL));
  g_assert_cmpuint (tray_len (OPS_TRAY_ON_HOLD, NULL), ==, 4);
  g_assert_cmpuint (tray_len (OPS_TRAY_CANCELLED, NULL), ==, 4);
  check_counts (NULL);

  /* Each filter narrows, and the counts follow. */
  filter.priority = "high";
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), ==,
                    scalar ("SELECT count(*) FROM jobs WHERE status = 'Unassigned' AND priority = '%s'", "high"));
  check_counts (&filter);
  filter.priority = NULL;

  filter.job_type = "Réparation";
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), ==,
                    scalar ("SELECT count(*) FROM jobs WHERE status = 'Unassigned' AND job_type = '%s'", "Réparation"));
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), <, unassigned->len);
  check_counts (&filter);
  filter.job_type = NULL;

  filter.tag = "Fibre";
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), ==,
                    scalar ("SELECT count(*) FROM jobs WHERE status = 'Unassigned' AND tags LIKE '%%\"%s\"%%'", "Fibre"));
  check_counts (&filter);
  filter.tag = "No such tag";
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), ==, 0);
  check_counts (&filter);
  filter.tag = NULL;

  {
    g_autofree char *city = NULL;
    const OpsDispatchJob *job = unassigned->pdata[0];
    g_autoptr(GPtrArray) in_zone = NULL;

    city = g_strdup (strrchr (job->address, ',') + 2);
    filter.zone = city;
    in_zone = ops_store_list_tray (store, OPS_TRAY_UNASSIGNED, &filter, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (in_zone->len, >=, 1);
    g_assert_cmpuint (in_zone->len, <, unassigned->len);
    for (guint i = 0; i < in_zone->len; i++)
      g_assert_true (g_str_has_suffix (((OpsDispatchJob *) in_zone->pdata[i])->address, city));
    check_counts (&filter);
    filter.zone = NULL;
  }

  filter.date = TODAY;
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), ==, 12);
  g_assert_cmpuint (tray_len (OPS_TRAY_CANCELLED, &filter), ==, 3);
  check_counts (&filter);
  filter.date = TOMORROW;
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), ==, 1);
  filter.date = NULL;

  /* Text matches the name or subject, any case; counts ignore it. */
  filter.text = "dj-00057";
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), ==, 1);
  {
    guint counts[3];

    g_assert_true (ops_store_count_tray (store, &filter, counts, &error));
    g_assert_cmpuint (counts[OPS_TRAY_UNASSIGNED], ==, unassigned->len);
  }
  filter.text = "zzzz-nothing";
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &filter), ==, 0);
}

static void
test_filter_values (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) types = ops_store_tray_filter_values (store, "job_type", &error);
  g_auto(GStrv) priorities = ops_store_tray_filter_values (store, "priority", &error);
  g_auto(GStrv) tags = ops_store_tray_filter_values (store, "tag", &error);
  g_auto(GStrv) zones = ops_store_tray_filter_values (store, "zone", &error);
  g_auto(GStrv) bad = NULL;
  const char *expected_priorities[] = { "urgent", "high", "medium", "low", NULL };

  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) types, "Réparation"));
  g_assert_true (g_strv_contains ((const char * const *) types, "Installation"));
  g_assert_cmpuint (g_strv_length (types), ==, scalar ("SELECT count(DISTINCT job_type) FROM jobs", NULL));
  g_assert_true (g_strv_equal ((const char * const *) priorities, expected_priorities));
  g_assert_true (g_strv_contains ((const char * const *) tags, "Fibre"));
  g_assert_true (g_strv_contains ((const char * const *) tags, "Épissure"));
  g_assert_cmpuint (g_strv_length (zones), >=, 2);

  for (GStrv *list = (GStrv[]) { types, tags, zones, NULL }; *list != NULL; list++)
    for (guint i = 1; (*list)[i] != NULL; i++)
      {
        g_assert_cmpint (g_utf8_collate ((*list)[i - 1], (*list)[i]), <, 0);
        g_assert_cmpstr ((*list)[i], !=, "");
      }

  bad = ops_store_tray_filter_values (store, "subject; DROP TABLE jobs", &error);
  g_assert_null (bad);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_QUERY);
}

static void
test_get_job (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = ops_store_get_job (store, "DJ-00001", &error);
  g_autoptr(OpsDispatchJob) missing = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (job->name, ==, "DJ-00001");
  g_assert_cmpstr (job->customer, ==, "C0218");
  g_assert_cmpstr (job->location, ==, "LOC-00218");
  g_assert_nonnull (job->customer_name);
  g_assert_cmpstr (job->subject, ==, "Aucune connexion depuis l'orage");
  g_assert_cmpstr (job->job_type, ==, "Réparation");
  g_assert_cmpstr (job->priority, ==, "urgent");
  g_assert_cmpint (job->status, ==, OPS_JOB_COMPLETED);
  g_assert_cmpstr (job->technician, ==, "TECH-03");
  g_assert_cmpstr (job->scheduled_date, ==, YESTERDAY);
  g_assert_cmpint (job->start, ==, at (YESTERDAY, 7, 30));
  g_assert_cmpuint (job->duration_min, ==, 75);
  g_assert_cmpstr (job->notes, ==, "Client absent avant 9 h.");
  g_assert_cmpuint (g_strv_length (job->tags), ==, 2);
  g_assert_cmpstr (job->tags[1], ==, "Épissure");
  g_assert_cmpstr (job->equipment[0], ==, "EQP-00365");
  g_assert_cmpuint (g_strv_length (job->assistants), ==, 0);

  missing = ops_store_get_job (store, "DJ-99999", &error);
  g_assert_null (missing);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
}

static OpsDispatchJob *
get_job (const char *name)
{
  g_autoptr(GError) error = NULL;
  OpsDispatchJob *job = ops_store_get_job (store, name, &error);

  g_assert_no_error (error);
  return job;
}

static gint64
outbox_rows (void)
{
  return scalar ("SELECT count(*) FROM outbox", NULL);
}

/* The payload of the newest outbox row of the job. */
static JsonObject *
last_payload (const char *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ops_outbox_list (store, "Dispatch Job", job, &error);
  OpsOutboxEntry *entry;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, >=, 1);
  entry = rows->pdata[rows->len - 1];
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_UPDATE);
  g_assert_cmpstr (entry->doctype, ==, "Dispatch Job");
  g_assert_cmpstr (entry->docname, ==, job);
  return json_object_ref (entry->payload);
}

static OpsDispatchChange *
move_change (const OpsDispatchJob *job,
             const char           *tech,
             gint64                start)
{
  OpsJobPlacement after = { 0 };
  OpsDispatchChange *change;

  ops_job_placement_from_job (&after, job);
  g_free (after.technician);
  after.technician = g_strdup (tech);
  after.start = start;
  g_free (after.scheduled_date);
  after.scheduled_date = ops_dispatch_day_of (start);
  change = ops_dispatch_change_new (job, &after, "Move for a test");
  ops_job_placement_clear (&after);
  return change;
}

static void
test_apply (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = get_job ("DJ-00031");
  g_autoptr(OpsDispatchJob) moved = NULL;
  g_autoptr(OpsDispatchChange) change = NULL;
  g_autoptr(JsonObject) payload = NULL;
  gint64 before_rows = outbox_rows ();

  g_assert_cmpstr (job->technician, ==, "TECH-01");
  change = move_change (job, "TECH-09", at (TODAY, 13, 0));
  g_assert_true (ops_dispatch_apply (store, change, FALSE, &error));
  g_assert_no_error (error);

  moved = get_job ("DJ-00031");
  g_assert_cmpstr (moved->technician, ==, "TECH-09");
  g_assert_cmpint (moved->start, ==, at (TODAY, 13, 0));
  g_assert_cmpstr (moved->scheduled_date, ==, TODAY);
  g_assert_cmpuint (moved->duration_min, ==, 135);
  g_assert_cmpint (moved->status, ==, OPS_JOB_SCHEDULED);
  g_assert_cmpint (scalar ("SELECT count(*) FROM jobs WHERE name = 'DJ-00031' AND start_time = '%s'", "13:00"), ==, 1);

  /* Exactly one outbox row, with only what changed. */
  g_assert_cmpint (outbox_rows (), ==, before_rows + 1);
  payload = last_payload ("DJ-00031");
  g_assert_cmpuint (json_object_get_size (payload), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (payload, "technician"), ==, "TECH-09");
  g_assert_cmpstr (json_object_get_string_member (payload, "start_time"), ==, "13:00:00");
  g_assert_false (json_object_has_member (payload, "duration_min"));
  g_assert_false (json_object_has_member (payload, "status"));
  g_assert_false (json_object_has_member (payload, "scheduled_date"));
}

static void
test_apply_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = get_job ("DJ-00033");
  g_autoptr(OpsDispatchJob) after_job = NULL;
  g_autoptr(OpsDispatchChange) change = NULL;
  g_autoptr(JsonObject) payload = NULL;
  OpsJobPlacement after = { 0 };
  gint64 before_rows = outbox_rows ();

  /* Tomorrow, longer: date, time and duration go; unassigning sends null. */
  ops_job_placement_from_job (&after, job);
  after.start = at (TOMORROW, 8, 15);
  g_free (after.scheduled_date);
  after.scheduled_date = g_strdup (TOMORROW);
  after.duration_min = 90;
  change = ops_dispatch_change_new (job, &after, NULL);
  ops_job_placement_clear (&after);
  g_assert_true (ops_dispatch_apply (store, change, FALSE, &error));
  g_assert_no_error (error);
  payload = last_payload ("DJ-00033");
  g_assert_cmpuint (json_object_get_size (payload), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (payload, "scheduled_date"), ==, TOMORROW);
  g_assert_cmpstr (json_object_get_string_member (payload, "start_time"), ==, "08:15:00");
  g_assert_cmpint (json_object_get_int_member (payload, "duration_min"), ==, 90);
  g_clear_pointer (&payload, json_object_unref);
  g_clear_pointer (&change, ops_dispatch_change_free);

  g_clear_pointer (&job, ops_dispatch_job_free);
  job = get_job ("DJ-00033");
  ops_job_placement_from_job (&after, job);
  g_clear_pointer (&after.technician, g_free);
  after.status = OPS_JOB_UNASSIGNED;
  change = ops_dispatch_change_new (job, &after, NULL);
  ops_job_placement_clear (&after);
  g_assert_true (ops_dispatch_apply (store, change, FALSE, &error));
  g_assert_no_error (error);
  payload = last_payload ("DJ-00033");
  g_assert_cmpuint (json_object_get_size (payload), ==, 2);
  g_assert_true (json_object_has_member (payload, "technician"));
  g_assert_true (json_object_get_null_member (payload, "technician"));
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "Unassigned");
  g_assert_cmpint (outbox_rows (), ==, before_rows + 2);

  after_job = get_job ("DJ-00033");
  g_assert_null (after_job->technician);
  g_assert_cmpint (after_job->status, ==, OPS_JOB_UNASSIGNED);
  g_assert_cmpuint (tray_len (OPS_TRAY_UNASSIGNED, &(OpsTrayFilter) { .text = "DJ-00033" }), ==, 1);
}

static void
test_stale (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = get_job ("DJ-00035");
  g_autoptr(OpsDispatchJob) now = NULL;
  g_autoptr(OpsDispatchChange) theirs = NULL;
  g_autoptr(OpsDispatchChange) mine = NULL;
  g_autoptr(JsonObject) payload = NULL;
  gint64 rows;

  /* Someone else moves it to Catherine Leclerc at 11:00 first... */
  theirs = move_change (job, "TECH-11", at (TODAY, 11, 0));
  mine = move_change (job, "TECH-04", at (TODAY, 9, 0));
  g_assert_true (ops_dispatch_apply (store, theirs, FALSE, &error));
  g_assert_no_error (error);
  rows = outbox_rows ();

  /* ...so mine, made from the old row, is refused and writes nothing. */
  g_assert_false (ops_dispatch_apply (store, mine, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "DJ-00035"));
  g_assert_nonnull (strstr (error->message, "Catherine Leclerc"));
  g_assert_nonnull (strstr (error->message, "11:00"));
  g_clear_error (&error);
  g_assert_cmpint (outbox_rows (), ==, rows);
  now = get_job ("DJ-00035");
  g_assert_cmpstr (now->technician, ==, "TECH-11");
  g_assert_cmpint (now->start, ==, at (TODAY, 11, 0));
  g_clear_pointer (&now, ops_dispatch_job_free);

  /* A change of duration or status under us is named too. */
  {
    g_autoptr(OpsDispatchJob) other = get_job ("DJ-00037");
    OpsJobPlacement after = { 0 };
    g_autoptr(OpsDispatchChange) status = NULL;

    ops_job_placement_from_job (&after, other);
    after.status = OPS_JOB_EN_ROUTE;
    status = ops_dispatch_change_new (other, &after, NULL);
    ops_job_placement_clear (&after);
    g_assert_true (ops_dispatch_apply (store, status, FALSE, &error));
    g_assert_false (ops_dispatch_apply (store, status, FALSE, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE);
    g_assert_nonnull (strstr (error->message, "DJ-00037"));
    g_clear_error (&error);
  }

  /* Forced, it wins, and the payload carries every field it changes from
   * the row as it is. */
  g_assert_true (ops_dispatch_apply (store, mine, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpint (outbox_rows (), ==, rows + 2);
  now = get_job ("DJ-00035");
  g_assert_cmpstr (now->technician, ==, "TECH-04");
  g_assert_cmpint (now->start, ==, at (TODAY, 9, 0));
  payload = last_payload ("DJ-00035");
  g_assert_cmpstr (json_object_get_string_member (payload, "technician"), ==, "TECH-04");
  g_assert_cmpstr (json_object_get_string_member (payload, "start_time"), ==, "09:00:00");
}

static void
test_apply_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = get_job ("DJ-00041");
  g_autoptr(OpsDispatchChange) change = move_change (job, "TECH-02", at (TODAY, 15, 0));
  gint64 rows = outbox_rows ();

  g_free (change->job);
  change->job = g_strdup ("DJ-99999");
  g_assert_false (ops_dispatch_apply (store, change, TRUE, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_assert_cmpint (outbox_rows (), ==, rows);
}

/* 5,000 jobs over a week for 200 technicians read back quickly. */
/* CPU time of this thread: the figure stays meaningful on a busy machine. */
static gint64
cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
test_read_speed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 started, best = G_MAXINT64;

  g_assert_true (ops_store_begin (store, &error));
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"name\":\"BJ-%05u\",\"customer\":\"C0%03u\",\"location\":\"LOC-00%03u\","
                                               "\"subject\":\"Bench\",\"job_type\":\"Installation\",\"priority\":\"low\","
                                               "\"status\":\"Scheduled\",\"technician\":\"BT-%03u\",\"assistants\":[],"
                                               "\"required_techs\":1,\"tags\":[\"Fibre\"],\"scheduled_date\":\"2027-01-%02u\","
                                               "\"start_time\":\"%02u:%02u\",\"duration_min\":45,\"equipment\":[]}",
                                               i, 100 + i % 200, 100 + i % 200, i % 200, 4 + i % 7,
                                               7 + (i / 7) % 10, (i % 4) * 15);
      g_autoptr(JsonNode) node = json_from_string (json, &error);

      g_assert_no_error (error);
      g_assert_true (ops_store_upsert (store, "jobs", json_node_get_object (node), &error));
    }
  g_assert_true (ops_store_commit (store, &error));

  for (guint round = 0; round < 5; round++)
    {
      g_clear_pointer (&jobs, g_ptr_array_unref);
      started = cpu_time ();
      jobs = ops_store_list_jobs_between (store, "2027-01-04", "2027-01-10", &error);
      best = MIN (best, cpu_time () - started);
      g_assert_no_error (error);
    }
  g_assert_cmpuint (jobs->len, ==, 5000);
  g_test_message ("5,000 jobs read in %.1f ms", best / 1000.0);
  g_assert_cmpint (best, <, 50 * 1000);
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

  dir = g_dir_make_tmp ("test-store-dispatch-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "demo.sqlite", NULL);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, G_DATE_NOVEMBER, 2026);
  g_assert_true (ops_demo_seed (store, &today, &error));
  g_assert_no_error (error);

  g_test_add_func ("/store-dispatch/technicians", test_technicians);
  g_test_add_func ("/store-dispatch/jobs-today", test_jobs_today);
  g_test_add_func ("/store-dispatch/tray", test_tray);
  g_test_add_func ("/store-dispatch/filter-values", test_filter_values);
  g_test_add_func ("/store-dispatch/get-job", test_get_job);
  g_test_add_func ("/store-dispatch/apply", test_apply);
  g_test_add_func ("/store-dispatch/apply-fields", test_apply_fields);
  g_test_add_func ("/store-dispatch/stale", test_stale);
  g_test_add_func ("/store-dispatch/apply-missing", test_apply_missing);
  g_test_add_func ("/store-dispatch/read-speed", test_read_speed);

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
