/* test-dispatch-plan.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch board's pure logic: the job and technician types, lane
 * packing, the travel estimate, each rule firing and not firing with its
 * sentence, the ranking of candidate technicians and utilisation.
 */

#define G_LOG_DOMAIN "test-dispatch-plan"

#include "config.h"

#include "ops-dispatch-plan.h"

#define DAY "2026-03-10"

/* Home-made place: a point north of a base by km along the meridian
 * (1 degree of latitude = 111.195 km on the sphere the estimate uses). */
#define BASE_LAT 45.30
#define BASE_LON -73.26
#define NORTH(km) (BASE_LAT + (km) / 111.19493)

static gint64
at (int hour,
    int minute)
{
  return ops_dispatch_day_start (DAY) + hour * 3600 + minute * 60;
}

static OpsDispatchJob *
job_new (const char *name,
         const char *tech,
         gint64      start,
         guint       duration_min)
{
  OpsDispatchJob *job = g_new0 (OpsDispatchJob, 1);

  job->name = g_strdup (name);
  job->subject = g_strdup ("Installation");
  job->status = tech != NULL ? OPS_JOB_SCHEDULED : OPS_JOB_UNASSIGNED;
  job->technician = g_strdup (tech);
  job->assistants = g_new0 (char *, 1);
  job->required_techs = 1;
  job->tags = g_new0 (char *, 1);
  job->equipment = g_new0 (char *, 1);
  job->scheduled_date = start != 0 ? ops_dispatch_day_of (start) : NULL;
  job->start = start;
  job->duration_min = duration_min;

  return job;
}

static void
job_place (OpsDispatchJob *job,
           double          km_north)
{
  job->has_coords = TRUE;
  job->latitude = NORTH (km_north);
  job->longitude = BASE_LON;
}

static void
job_set_tags (OpsDispatchJob *job,
              const char     *tags)
{
  g_strfreev (job->tags);
  job->tags = g_strsplit (tags, ",", -1);
}

static OpsDispatchTech *
tech_new (const char *name,
          const char *full_name,
          const char *skills)
{
  OpsDispatchTech *tech = g_new0 (OpsDispatchTech, 1);

  tech->name = g_strdup (name);
  tech->full_name = g_strdup (full_name);
  tech->skills = skills != NULL ? g_strsplit (skills, ",", -1) : g_new0 (char *, 1);
  tech->work_start_min = 480;
  tech->work_end_min = 960;

  return tech;
}

static void
tech_home (OpsDispatchTech *tech,
           double           km_north)
{
  tech->has_home = TRUE;
  tech->home_latitude = NORTH (km_north);
  tech->home_longitude = BASE_LON;
}

static GPtrArray *
jobs_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_job_free);
}

/*
 * Types
 */

static void
test_types (void)
{
  g_autoptr(OpsDispatchJob) job = job_new ("DJ-00001", "TECH-01", at (10, 0), 90);
  g_autoptr(OpsDispatchJob) copy = NULL;
  g_autoptr(OpsDispatchTech) tech = tech_new ("TECH-01", "Stéphane Tremblay", "Fibre,Épissure");
  g_autoptr(OpsDispatchTech) tech_copy = NULL;
  OpsJobStatus next[4];

  g_strfreev (job->assistants);
  job->assistants = g_strsplit ("TECH-02", ",", -1);

  g_assert_cmpint (ops_dispatch_job_end (job), ==, at (11, 30));
  g_assert_true (ops_dispatch_job_is_assigned_to (job, "TECH-01"));
  g_assert_true (ops_dispatch_job_is_assigned_to (job, "TECH-02"));
  g_assert_false (ops_dispatch_job_is_assigned_to (job, "TECH-03"));
  g_assert_false (ops_dispatch_job_is_assigned_to (job, NULL));

  copy = ops_dispatch_job_copy (job);
  g_assert_true (copy->name != job->name);
  g_assert_cmpstr (copy->name, ==, "DJ-00001");
  g_assert_cmpstr (copy->assistants[0], ==, "TECH-02");
  g_assert_cmpint (copy->start, ==, job->start);
  g_assert_nonnull (copy->tags);
  g_assert_null (copy->tags[0]);

  g_assert_true (ops_dispatch_tech_has_skill (tech, "fibre"));
  g_assert_true (ops_dispatch_tech_has_skill (tech, "ÉPISSURE"));
  g_assert_true (ops_dispatch_tech_has_skill (tech, "e\xcc\x81pissure"));  /* decomposed é */
  g_assert_false (ops_dispatch_tech_has_skill (tech, "Epissure"));
  g_assert_false (ops_dispatch_tech_has_skill (tech, "Fibr"));
  tech_copy = ops_dispatch_tech_copy (tech);
  g_assert_true (ops_dispatch_tech_has_skill (tech_copy, "FIBRE"));
  g_assert_cmpstr (tech_copy->full_name, ==, "Stéphane Tremblay");

  g_assert_cmpint (ops_job_status_from_string ("En Route"), ==, OPS_JOB_EN_ROUTE);
  g_assert_cmpint (ops_job_status_from_string ("On Site"), ==, OPS_JOB_ON_SITE);
  g_assert_cmpint (ops_job_status_from_string ("Unassigned"), ==, OPS_JOB_UNASSIGNED);
  g_assert_cmpint (ops_job_status_from_string ("Cancelled"), ==, OPS_JOB_CANCELLED);
  g_assert_cmpint (ops_job_status_from_string ("Bogus"), ==, OPS_JOB_SCHEDULED);
  g_assert_cmpint (ops_job_status_from_string (NULL), ==, OPS_JOB_SCHEDULED);
  for (OpsJobStatus s = OPS_JOB_UNASSIGNED; s <= OPS_JOB_CANCELLED; s++)
    g_assert_cmpint (ops_job_status_from_string (ops_job_status_to_string (s)), ==, s);
  g_assert_cmpstr (ops_job_status_to_string (OPS_JOB_ON_HOLD), ==, "On Hold");
  g_assert_cmpstr (ops_job_status_label (OPS_JOB_EN_ROUTE), ==, "En Route");

  g_assert_cmpuint (ops_job_status_next (OPS_JOB_SCHEDULED, next), ==, 3);
  g_assert_cmpint (next[0], ==, OPS_JOB_EN_ROUTE);
  g_assert_cmpint (next[1], ==, OPS_JOB_ON_HOLD);
  g_assert_cmpint (next[2], ==, OPS_JOB_CANCELLED);
  g_assert_cmpuint (ops_job_status_next (OPS_JOB_EN_ROUTE, next), ==, 3);
  g_assert_cmpint (next[0], ==, OPS_JOB_ON_SITE);
  g_assert_cmpuint (ops_job_status_next (OPS_JOB_ON_SITE, next), ==, 3);
  g_assert_cmpint (next[0], ==, OPS_JOB_COMPLETED);
  g_assert_cmpuint (ops_job_status_next (OPS_JOB_ON_HOLD, next), ==, 2);
  g_assert_cmpint (next[0], ==, OPS_JOB_SCHEDULED);
  g_assert_cmpint (next[1], ==, OPS_JOB_CANCELLED);
  g_assert_cmpuint (ops_job_status_next (OPS_JOB_UNASSIGNED, next), ==, 2);
  g_assert_cmpint (next[0], ==, OPS_JOB_ON_HOLD);
  g_assert_cmpuint (ops_job_status_next (OPS_JOB_COMPLETED, next), ==, 0);
  g_assert_cmpuint (ops_job_status_next (OPS_JOB_CANCELLED, next), ==, 0);
}

/*
 * Lanes
 */

static void
test_lanes (void)
{
  g_autoptr(GPtrArray) jobs = jobs_array ();
  guint lanes[8] = { 99, 99, 99, 99, 99, 99, 99, 99 };

  g_assert_cmpuint (ops_dispatch_pack_lanes (jobs, NULL), ==, 1);

  /* Touching jobs share a lane. */
  g_ptr_array_add (jobs, job_new ("DJ-1", "T", at (8, 0), 60));
  g_ptr_array_add (jobs, job_new ("DJ-2", "T", at (9, 0), 60));
  g_ptr_array_add (jobs, job_new ("DJ-3", "T", at (10, 0), 30));
  g_assert_cmpuint (ops_dispatch_pack_lanes (jobs, lanes), ==, 1);
  g_assert_cmpuint (lanes[0], ==, 0);
  g_assert_cmpuint (lanes[1], ==, 0);
  g_assert_cmpuint (lanes[2], ==, 0);

  /* Overlaps stack; a later job takes the first lane free again. */
  g_ptr_array_set_size (jobs, 0);
  g_ptr_array_add (jobs, job_new ("DJ-0", NULL, 0, 60));          /* unscheduled */
  g_ptr_array_add (jobs, job_new ("DJ-A", "T", at (8, 0), 120));  /* 08:00–10:00 */
  g_ptr_array_add (jobs, job_new ("DJ-B", "T", at (9, 0), 120));  /* 09:00–11:00 */
  g_ptr_array_add (jobs, job_new ("DJ-D", "T", at (9, 30), 60));  /* 09:30–10:30 */
  g_ptr_array_add (jobs, job_new ("DJ-C", "T", at (10, 0), 120)); /* 10:00–12:00 */
  g_ptr_array_add (jobs, job_new ("DJ-E", "T", at (10, 30), 30)); /* 10:30–11:00 */
  g_ptr_array_add (jobs, job_new ("DJ-F", "T", at (10, 45), 15)); /* 10:45–11:00 */
  g_assert_cmpuint (ops_dispatch_pack_lanes (jobs, lanes), ==, 4);
  g_assert_cmpuint (lanes[0], ==, 0);
  g_assert_cmpuint (lanes[1], ==, 0);
  g_assert_cmpuint (lanes[2], ==, 1);
  g_assert_cmpuint (lanes[3], ==, 2);
  g_assert_cmpuint (lanes[4], ==, 0);
  g_assert_cmpuint (lanes[5], ==, 2);  /* DJ-D ended at 10:30 */
  g_assert_cmpuint (lanes[6], ==, 3);  /* every lane busy at 10:45 */
}

/*
 * Travel
 */

static void
test_travel (void)
{
  double km = ops_travel_distance_km (45.5017, -73.5673, 46.8139, -71.2080);

  /* Montréal – Québec, centre to centre. */
  g_assert_cmpfloat (km, >, 230.0);
  g_assert_cmpfloat (km, <, 236.0);
  g_assert_cmpfloat_with_epsilon (ops_travel_distance_km (46.8139, -71.2080, 45.5017, -73.5673), km, 1e-9);
  g_assert_cmpfloat_with_epsilon (ops_travel_distance_km (45.5, -73.5, 45.5, -73.5), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ops_travel_distance_km (BASE_LAT, BASE_LON, NORTH (14.0), BASE_LON),
                                  14.0, 0.01);

  g_assert_cmpuint (ops_travel_minutes (40, 40), ==, 78);   /* 52 km of road at 40 km/h */
  g_assert_cmpuint (ops_travel_minutes (10, 40), ==, 20);   /* 19.5 rounds up */
  g_assert_cmpuint (ops_travel_minutes (185, 30), ==, 481); /* 481.00000000000006 in doubles */
  g_assert_cmpuint (ops_travel_minutes (0, 40), ==, 0);
  g_assert_cmpuint (ops_travel_minutes (10, 0), ==, ops_travel_minutes (10, OPS_DEFAULT_TRAVEL_SPEED_KMH));
  g_assert_cmpuint (ops_travel_minutes (km, 100), ==, 182);
}

/*
 * Rules
 */

static void
check (const OpsDispatchTech *tech,
       GPtrArray             *day_jobs,
       const OpsDispatchJob  *job,
       double                 speed_kmh,
       OpsRuleFlags           flags,
       const char            *explanation)
{
  OpsRuleResult result = { 0 };

  ops_dispatch_check (tech, day_jobs, job, speed_kmh, &result);
  g_assert_cmphex (result.flags, ==, flags);
  g_assert_cmpstr (result.explanation, ==, explanation);
  ops_rule_result_clear (&result);
  g_assert_cmphex (result.flags, ==, OPS_RULE_NONE);
  g_assert_null (result.explanation);
}

static void
test_rule_overlap (void)
{
  g_autoptr(OpsDispatchTech) tech = tech_new ("TECH-01", "Stéphane Tremblay", NULL);
  g_autoptr(GPtrArray) jobs = jobs_array ();
  OpsDispatchJob *job = job_new ("DJ-00012", "TECH-01", at (11, 0), 60);
  OpsDispatchJob *other = job_new ("DJ-00014", "TECH-01", at (10, 0), 90);
  OpsDispatchJob *elsewhere = job_new ("DJ-00015", "TECH-02", at (11, 0), 60);

  g_ptr_array_add (jobs, job);
  g_ptr_array_add (jobs, other);
  g_ptr_array_add (jobs, elsewhere);

  check (tech, jobs, job, 40, OPS_RULE_OVERLAP, "Overlaps DJ-00014 (10:00–11:30).");

  /* Touching is fine. */
  job->start = at (11, 30);
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);

  /* A job the technician assists on counts too. */
  g_strfreev (elsewhere->assistants);
  elsewhere->assistants = g_strsplit ("TECH-01", ",", -1);
  check (tech, jobs, job, 40, OPS_RULE_OVERLAP, "Overlaps DJ-00015 (11:00–12:00).");

  /* A cancelled job takes no time. */
  elsewhere->status = OPS_JOB_CANCELLED;
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);

  /* Two overlaps, one sentence each. */
  elsewhere->status = OPS_JOB_SCHEDULED;
  job->start = at (10, 30);
  check (tech, jobs, job, 40, OPS_RULE_OVERLAP,
         "Overlaps DJ-00014 (10:00–11:30).\nOverlaps DJ-00015 (11:00–12:00).");
}

static void
test_rule_hours (void)
{
  g_autoptr(OpsDispatchTech) tech = tech_new ("TECH-01", "Stéphane Tremblay", NULL);
  g_autoptr(GPtrArray) jobs = jobs_array ();
  OpsDispatchJob *job = job_new ("DJ-00012", "TECH-01", at (15, 15), 120);

  g_ptr_array_add (jobs, job);

  check (tech, jobs, job, 40, OPS_RULE_OUTSIDE_HOURS,
         "Ends at 17:15, after Stéphane Tremblay's day ends at 16:00.");

  job->start = at (15, 0);
  job->duration_min = 60;
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);

  job->start = at (7, 0);
  check (tech, jobs, job, 40, OPS_RULE_OUTSIDE_HOURS,
         "Starts at 07:00, before Stéphane Tremblay's day starts at 08:00.");

  tech->work_start_min = 420;
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);

  /* No full name: the technician's id. */
  g_clear_pointer (&tech->full_name, g_free);
  job->start = at (16, 0);
  check (tech, jobs, job, 40, OPS_RULE_OUTSIDE_HOURS,
         "Ends at 17:00, after TECH-01's day ends at 16:00.");

  /* An unscheduled job has no hours to break. */
  job->start = 0;
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);
}

static void
test_rule_travel (void)
{
  g_autoptr(OpsDispatchTech) tech = tech_new ("TECH-01", "Stéphane Tremblay", NULL);
  g_autoptr(GPtrArray) jobs = jobs_array ();
  OpsDispatchJob *previous = job_new ("DJ-00011", "TECH-01", at (9, 0), 60);
  OpsDispatchJob *job = job_new ("DJ-00012", "TECH-01", at (10, 10), 60);

  job_place (previous, 0);
  job_place (job, 13.9);   /* 28 min at 40 km/h, 14 at 80 */
  g_ptr_array_add (jobs, job);
  g_ptr_array_add (jobs, previous);

  check (tech, jobs, job, 40, OPS_RULE_TRAVEL,
         "Needs 28 min to drive 14 km from DJ-00011; only 10 min between them.");
  check (tech, jobs, job, 80, OPS_RULE_TRAVEL,
         "Needs 14 min to drive 14 km from DJ-00011; only 10 min between them.");

  job->start = at (10, 15);
  check (tech, jobs, job, 80, OPS_RULE_NONE, NULL);
  job->start = at (10, 28);
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);

  /* No coordinates, no estimate. */
  job->start = at (10, 10);
  job->has_coords = FALSE;
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);
}

static void
test_rule_skills (void)
{
  g_autoptr(OpsDispatchTech) tech = tech_new ("TECH-01", "Stéphane Tremblay", "fibre");
  g_autoptr(GPtrArray) jobs = jobs_array ();
  OpsDispatchJob *job = job_new ("DJ-00012", "TECH-01", at (10, 0), 60);

  g_ptr_array_add (jobs, job);

  job_set_tags (job, "Fibre");
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);

  job_set_tags (job, "Fibre,Épissure");
  check (tech, jobs, job, 40, OPS_RULE_MISSING_SKILL, "Stéphane Tremblay lacks the tag Épissure.");

  g_strfreev (tech->skills);
  tech->skills = g_strsplit ("Epissure", ",", -1);
  check (tech, jobs, job, 40, OPS_RULE_MISSING_SKILL, "Stéphane Tremblay lacks the tags Fibre, Épissure.");

  g_strfreev (tech->skills);
  tech->skills = g_strsplit ("FIBRE,épissure", ",", -1);
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);
}

static void
test_rule_staffing (void)
{
  g_autoptr(OpsDispatchTech) tech = tech_new ("TECH-01", "Stéphane Tremblay", NULL);
  g_autoptr(GPtrArray) jobs = jobs_array ();
  OpsDispatchJob *job = job_new ("DJ-00012", "TECH-01", at (10, 0), 60);

  g_ptr_array_add (jobs, job);

  job->required_techs = 2;
  check (tech, jobs, job, 40, OPS_RULE_UNDERSTAFFED, "Needs 2 technicians; 1 assigned.");

  job->assistants = (g_strfreev (job->assistants), g_strsplit ("TECH-02", ",", -1));
  check (tech, jobs, job, 40, OPS_RULE_NONE, NULL);

  job->required_techs = 3;
  check (tech, jobs, job, 40, OPS_RULE_UNDERSTAFFED, "Needs 3 technicians; 2 assigned.");

  /* Everything at once, one sentence per line. */
  job->required_techs = 2;
  job_set_tags (job, "Fibre");
  job->start = at (15, 30);
  job->assistants = (g_strfreev (job->assistants), g_new0 (char *, 1));
  check (tech, jobs, job, 40, OPS_RULE_OUTSIDE_HOURS | OPS_RULE_MISSING_SKILL | OPS_RULE_UNDERSTAFFED,
         "Ends at 16:30, after Stéphane Tremblay's day ends at 16:00.\n"
         "Stéphane Tremblay lacks the tag Fibre.\n"
         "Needs 2 technicians; 1 assigned.");
}

/*
 * Candidates
 */

static void
test_candidates (void)
{
  g_autoptr(GPtrArray) techs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_tech_free);
  g_autoptr(GPtrArray) jobs = jobs_array ();
  g_autoptr(GPtrArray) ranked = NULL;
  OpsDispatchTech *alice, *bob, *chloe, *denis, *emile;
  OpsDispatchJob *job, *j;
  const OpsCandidate *c;

  alice = tech_new ("TECH-01", "Alice Roy", "Fibre");
  bob = tech_new ("TECH-02", "Bob Gagnon", "fibre,Épissure");
  tech_home (bob, 30);
  chloe = tech_new ("TECH-03", "Chloé Côté", "Coaxial");
  tech_home (chloe, 0.2);
  denis = tech_new ("TECH-04", "Denis Lévesque", "Fibre");
  emile = tech_new ("TECH-05", "Émile Roy", "Fibre");
  tech_home (emile, 1);
  /* Given out of order: the ranking sorts. */
  g_ptr_array_add (techs, chloe);
  g_ptr_array_add (techs, emile);
  g_ptr_array_add (techs, bob);
  g_ptr_array_add (techs, denis);
  g_ptr_array_add (techs, alice);

  job = job_new ("DJ-00012", NULL, at (10, 0), 60);
  job_place (job, 0);
  job_set_tags (job, "Fibre");
  g_ptr_array_add (jobs, job);

  /* Alice: on her way from a job 6 km away, 4 h booked. */
  j = job_new ("DJ-00011", "TECH-01", at (8, 0), 90);
  job_place (j, 6);
  g_ptr_array_add (jobs, j);
  j = job_new ("DJ-00020", "TECH-01", at (13, 0), 150);
  job_place (j, 40);
  g_ptr_array_add (jobs, j);
  /* Denis: busy until 11:00. */
  j = job_new ("DJ-00030", "TECH-04", at (9, 30), 90);
  g_ptr_array_add (jobs, j);
  /* Émile: booked solid from 09:00 to the end of his day. */
  g_ptr_array_add (jobs, job_new ("DJ-00040", "TECH-05", at (9, 0), 90));
  g_ptr_array_add (jobs, job_new ("DJ-00041", "TECH-05", at (10, 30), 330));
  /* Another day's job and a cancelled one do not count. */
  j = job_new ("DJ-00050", "TECH-02", at (10, 0) + 24 * 3600, 60);
  g_ptr_array_add (jobs, j);
  j = job_new ("DJ-00051", "TECH-02", at (10, 0), 60);
  j->status = OPS_JOB_CANCELLED;
  g_ptr_array_add (jobs, j);

  ranked = ops_dispatch_rank_candidates (techs, jobs, job, ops_dispatch_day_start (DAY), 40);
  g_assert_cmpuint (ranked->len, ==, 5);

  c = g_ptr_array_index (ranked, 0);
  g_assert_true (c->tech == alice);
  g_assert_true (c->has_skills);
  g_assert_cmpfloat_with_epsilon (c->travel_km, 6.0, 0.01);
  g_assert_cmpint (c->free_from, ==, at (10, 0));
  g_assert_cmpuint (c->load_min, ==, 240);
  g_assert_cmpstr (c->reason, ==, "On the way: 6 km from DJ-00011 · has tag Fibre · free at 10:00 · 4 h booked");

  c = g_ptr_array_index (ranked, 1);
  g_assert_true (c->tech == bob);
  g_assert_cmpfloat_with_epsilon (c->travel_km, 30.0, 0.01);
  g_assert_cmpuint (c->load_min, ==, 0);
  g_assert_cmpstr (c->reason, ==, "30 km from home · has tag Fibre · free at 10:00 · nothing booked");

  c = g_ptr_array_index (ranked, 2);
  g_assert_true (c->tech == denis);
  g_assert_cmpfloat (c->travel_km, <, 0);
  g_assert_cmpint (c->free_from, ==, at (11, 0));
  g_assert_cmpuint (c->load_min, ==, 90);
  g_assert_cmpstr (c->reason, ==, "Distance unknown · has tag Fibre · free from 11:00 · 1 h 30 booked");

  c = g_ptr_array_index (ranked, 3);
  g_assert_true (c->tech == emile);
  g_assert_cmpint (c->free_from, ==, 0);
  g_assert_cmpstr (c->reason, ==, "1 km from home · has tag Fibre · no free slot that day · 7 h booked");

  /* Closest and free, but missing the tag: below everyone who has it. */
  c = g_ptr_array_index (ranked, 4);
  g_assert_true (c->tech == chloe);
  g_assert_false (c->has_skills);
  g_assert_cmpstr (c->reason, ==, "0 km from home · lacks tag Fibre · free at 10:00 · nothing booked");
  for (guint i = 0; i + 1 < ranked->len; i++)
    g_assert_cmpfloat (((OpsCandidate *) g_ptr_array_index (ranked, i))->score, >,
                       ((OpsCandidate *) g_ptr_array_index (ranked, i + 1))->score);

  /* Give Chloé the tag: the nearest free technician now leads. */
  g_strfreev (chloe->skills);
  chloe->skills = g_strsplit ("FIBRE", ",", -1);
  g_clear_pointer (&ranked, g_ptr_array_unref);
  ranked = ops_dispatch_rank_candidates (techs, jobs, job, 0, 40);
  c = g_ptr_array_index (ranked, 0);
  g_assert_true (c->tech == chloe);
  g_assert_cmpstr (c->reason, ==, "0 km from home · has tag Fibre · free at 10:00 · nothing booked");

  /* An undated job is placed at each technician's start of day. */
  job->start = 0;
  g_clear_pointer (&job->scheduled_date, g_free);
  g_clear_pointer (&ranked, g_ptr_array_unref);
  ranked = ops_dispatch_rank_candidates (techs, jobs, job, ops_dispatch_day_start (DAY), 40);
  for (guint i = 0; i < ranked->len; i++)
    {
      c = g_ptr_array_index (ranked, i);
      if (c->tech == alice)
        {
          /* 08:00 is taken by DJ-00011 until 09:30. */
          g_assert_cmpint (c->free_from, ==, at (9, 30));
          g_assert_cmpuint (c->load_min, ==, 240);
        }
      else if (c->tech == bob)
        {
          g_assert_cmpint (c->free_from, ==, at (8, 0));
        }
    }
}

/*
 * Utilisation
 */

static void
test_utilisation (void)
{
  g_autoptr(OpsDispatchTech) tech = tech_new ("TECH-01", "Stéphane Tremblay", NULL);
  g_autoptr(GPtrArray) jobs = jobs_array ();
  gint64 day = ops_dispatch_day_start (DAY);
  OpsDispatchJob *j;

  g_assert_cmpfloat_with_epsilon (ops_dispatch_utilisation (tech, jobs, day), 0.0, 1e-9);

  g_ptr_array_add (jobs, job_new ("DJ-1", "TECH-01", at (8, 0), 120));
  g_ptr_array_add (jobs, job_new ("DJ-2", "TECH-01", at (13, 0), 120));
  g_ptr_array_add (jobs, job_new ("DJ-3", "TECH-02", at (10, 0), 120));      /* someone else's */
  j = job_new ("DJ-4", "TECH-01", at (10, 0), 120);
  j->status = OPS_JOB_CANCELLED;
  g_ptr_array_add (jobs, j);
  g_assert_cmpfloat_with_epsilon (ops_dispatch_utilisation (tech, jobs, day), 0.5, 1e-9);

  /* Assisting counts; the part after midnight belongs to tomorrow. */
  j = job_new ("DJ-5", "TECH-02", at (23, 0), 120);
  j->assistants = (g_strfreev (j->assistants), g_strsplit ("TECH-01", ",", -1));
  g_ptr_array_add (jobs, j);
  g_assert_cmpfloat_with_epsilon (ops_dispatch_utilisation (tech, jobs, day), 300.0 / 480.0, 1e-9);

  /* Overbooked passes 1. */
  g_ptr_array_add (jobs, job_new ("DJ-6", "TECH-01", at (10, 0), 300));
  g_assert_cmpfloat_with_epsilon (ops_dispatch_utilisation (tech, jobs, day), 600.0 / 480.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (ops_dispatch_utilisation (tech, jobs, day + 24 * 3600), 60.0 / 480.0, 1e-9);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("TZ", "America/Toronto", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/dispatch-plan/types", test_types);
  g_test_add_func ("/dispatch-plan/lanes", test_lanes);
  g_test_add_func ("/dispatch-plan/travel", test_travel);
  g_test_add_func ("/dispatch-plan/rule-overlap", test_rule_overlap);
  g_test_add_func ("/dispatch-plan/rule-hours", test_rule_hours);
  g_test_add_func ("/dispatch-plan/rule-travel", test_rule_travel);
  g_test_add_func ("/dispatch-plan/rule-skills", test_rule_skills);
  g_test_add_func ("/dispatch-plan/rule-staffing", test_rule_staffing);
  g_test_add_func ("/dispatch-plan/candidates", test_candidates);
  g_test_add_func ("/dispatch-plan/utilisation", test_utilisation);

  return g_test_run ();
}
