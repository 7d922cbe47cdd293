/* test-dispatch-editor.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dispatch changes through the editor: applied to the store with outbox
 * rows, announced on the bus, undone and redone; a conflicting undo leaves
 * everything as it was; with a hub, each change is posted to /broadcast.
 */

#define G_LOG_DOMAIN "test-dispatch-editor"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "ops-demo.h"
#include "ops-dispatch-editor.h"
#include "ops-hub-events.h"
#include "ops-outbox.h"
#include "ops-store-dispatch.h"

#define TODAY "2026-11-22"

typedef struct
{
  char              *dir;
  char              *path;
  OpsStore          *store;
  OpsEventBus       *bus;
  OpsDispatchEditor *editor;
  GPtrArray         *events;   /* JsonNode* of "dispatch" events */
  guint              notified;
} Fixture;

static void
on_event (OpsEventBus *bus,
          const char  *topic,
          JsonNode    *data,
          Fixture     *fixture)
{
  if (g_strcmp0 (topic, "dispatch") == 0 && data != NULL)
    g_ptr_array_add (fixture->events, json_node_copy (data));
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Fixture    *fixture)
{
  fixture->notified++;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  fixture->dir = g_dir_make_tmp ("test-dispatch-editor-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "demo.sqlite", NULL);
  fixture->store = ops_store_open (fixture->path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 22, G_DATE_NOVEMBER, 2026);
  g_assert_true (ops_demo_seed (fixture->store, &today, &error));
  g_assert_no_error (error);

  fixture->bus = ops_event_bus_new ();
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_signal_connect (fixture->bus, "event", G_CALLBACK (on_event), fixture);
  fixture->editor = ops_dispatch_editor_new_for_store (fixture->store, fixture->bus);
  g_signal_connect (fixture->editor, "notify", G_CALLBACK (on_notify), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  /* Events still pending must not reach the next test's fixture. */
  g_signal_handlers_disconnect_by_data (fixture->bus, fixture);
  g_clear_object (&fixture->editor);
  g_clear_object (&fixture->bus);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->events);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);
      remove (file);
    }
  remove (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gboolean
on_timeout (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until n events came, or fails after 5 s. */
static void
wait_events (Fixture *fixture,
             guint    n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (5, on_timeout, &timed_out);

  while (fixture->events->len < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static JsonObject *
event (Fixture *fixture,
       guint    i)
{
  return json_node_get_object (fixture->events->pdata[i]);
}

static OpsDispatchJob *
get_job (Fixture    *fixture,
         const char *name)
{
  g_autoptr(GError) error = NULL;
  OpsDispatchJob *job = ops_store_get_job (fixture->store, name, &error);

  g_assert_no_error (error);
  return job;
}

static guint
outbox_rows (Fixture    *fixture,
             const char *job)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ops_outbox_list (fixture->store, "Dispatch Job", job, &error);

  g_assert_no_error (error);
  return rows->len;
}

static const char *
last_technician (Fixture    *fixture,
                 const char *job,
                 char      **value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ops_outbox_list (fixture->store, "Dispatch Job", job, &error);
  OpsOutboxEntry *entry = rows->pdata[rows->len - 1];

  g_assert_true (json_object_has_member (entry->payload, "technician"));
  *value = g_strdup (json_object_get_string_member (entry->payload, "technician"));
  return *value;
}

static OpsDispatchChange *
move (const OpsDispatchJob *job,
      const char           *tech,
      gint64                start,
      const char           *summary)
{
  OpsJobPlacement after = { 0 };
  OpsDispatchChange *change;

  ops_job_placement_from_job (&after, job);
  g_free (after.technician);
  after.technician = g_strdup (tech);
  after.start = start;
  change = ops_dispatch_change_new (job, &after, summary);
  ops_job_placement_clear (&after);
  return change;
}

static void
test_apply_undo_redo (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = get_job (fixture, "DJ-00044");
  g_autoptr(OpsDispatchJob) now = NULL;
  g_autoptr(OpsDispatchChange) change = NULL;
  g_autofree char *label = NULL;
  g_autofree char *tech = NULL;
  gboolean can_undo = FALSE;
  gint64 new_start = ops_dispatch_day_start (TODAY) + 9 * 3600;

  g_assert_false (ops_dispatch_editor_can_undo (fixture->editor));
  g_assert_false (ops_dispatch_editor_can_redo (fixture->editor));
  g_assert_true (ops_dispatch_editor_get_store (fixture->editor) == fixture->store);
  g_assert_cmpstr (job->technician, ==, "TECH-04");

  change = move (job, "TECH-09", new_start, "Move DJ-00044 to Annie Cloutier at 09:00");
  g_assert_true (ops_dispatch_editor_apply (fixture->editor, change, FALSE, &error));
  g_assert_no_error (error);

  now = get_job (fixture, "DJ-00044");
  g_assert_cmpstr (now->technician, ==, "TECH-09");
  g_assert_cmpint (now->start, ==, new_start);
  g_assert_cmpuint (outbox_rows (fixture, "DJ-00044"), ==, 1);
  g_assert_cmpstr (last_technician (fixture, "DJ-00044", &tech), ==, "TECH-09");
  g_clear_pointer (&tech, g_free);

  g_object_get (fixture->editor, "can-undo", &can_undo, "undo-label", &label, NULL);
  g_assert_true (can_undo);
  g_assert_cmpstr (label, ==, "Move DJ-00044 to Annie Cloutier at 09:00");
  g_assert_cmpuint (fixture->notified, >=, 2);
  g_assert_false (ops_dispatch_editor_can_redo (fixture->editor));

  wait_events (fixture, 1);
  g_assert_cmpstr (json_object_get_string_member (event (fixture, 0), "job"), ==, "DJ-00044");
  g_assert_cmpstr (json_object_get_string_member (event (fixture, 0), "action"), ==, "change");
  g_assert_cmpstr (json_object_get_string_member (event (fixture, 0), "summary"), ==,
                   "Move DJ-00044 to Annie Cloutier at 09:00");

  /* Undo puts it back, with its own outbox row. */
  g_assert_true (ops_dispatch_editor_undo (fixture->editor, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, ops_dispatch_job_free);
  now = get_job (fixture, "DJ-00044");
  g_assert_cmpstr (now->technician, ==, "TECH-04");
  g_assert_cmpint (now->start, ==, job->start);
  g_assert_cmpuint (outbox_rows (fixture, "DJ-00044"), ==, 2);
  g_assert_cmpstr (last_technician (fixture, "DJ-00044", &tech), ==, "TECH-04");
  g_clear_pointer (&tech, g_free);
  g_assert_false (ops_dispatch_editor_can_undo (fixture->editor));
  g_assert_true (ops_dispatch_editor_can_redo (fixture->editor));
  g_clear_pointer (&label, g_free);
  g_object_get (fixture->editor, "redo-label", &label, NULL);
  g_assert_cmpstr (label, ==, "Move DJ-00044 to Annie Cloutier at 09:00");
  wait_events (fixture, 2);
  g_assert_cmpstr (json_object_get_string_member (event (fixture, 1), "action"), ==, "undo");
  g_assert_cmpstr (json_object_get_string_member (event (fixture, 1), "job"), ==, "DJ-00044");

  /* Redo moves it again. */
  g_assert_true (ops_dispatch_editor_redo (fixture->editor, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, ops_dispatch_job_free);
  now = get_job (fixture, "DJ-00044");
  g_assert_cmpstr (now->technician, ==, "TECH-09");
  g_assert_cmpuint (outbox_rows (fixture, "DJ-00044"), ==, 3);
  g_assert_true (ops_dispatch_editor_can_undo (fixture->editor));
  g_assert_false (ops_dispatch_editor_can_redo (fixture->editor));
  wait_events (fixture, 3);
  g_assert_cmpstr (json_object_get_string_member (event (fixture, 2), "action"), ==, "redo");

  /* Nothing to redo is not an error, and changes nothing. */
  g_assert_true (ops_dispatch_editor_redo (fixture->editor, &error));
  g_assert_cmpuint (outbox_rows (fixture, "DJ-00044"), ==, 3);
}

static void
test_conflicting_undo (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = get_job (fixture, "DJ-00045");
  g_autoptr(OpsDispatchJob) moved = NULL;
  g_autoptr(OpsDispatchJob) now = NULL;
  g_autoptr(OpsDispatchChange) mine = NULL;
  g_autoptr(OpsDispatchChange) theirs = NULL;
  g_autofree char *label = NULL;
  gint64 day = ops_dispatch_day_start (TODAY);
  guint rows;

  mine = move (job, "TECH-12", day + 8 * 3600, "Move DJ-00045");
  g_assert_true (ops_dispatch_editor_apply (fixture->editor, mine, FALSE, &error));
  g_assert_no_error (error);

  /* Someone else (another dispatcher, written straight to the store) moves
   * it again; undoing mine would overwrite theirs. */
  moved = get_job (fixture, "DJ-00045");
  theirs = move (moved, "TECH-05", day + 14 * 3600, NULL);
  g_assert_true (ops_dispatch_apply (fixture->store, theirs, FALSE, &error));
  g_assert_no_error (error);
  rows = outbox_rows (fixture, "DJ-00045");

  g_assert_false (ops_dispatch_editor_undo (fixture->editor, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE);
  g_assert_nonnull (strstr (error->message, "DJ-00045"));
  g_assert_nonnull (strstr (error->message, "Josée Pelletier"));
  g_clear_error (&error);

  /* Nothing written, and the stacks as they were. */
  now = get_job (fixture, "DJ-00045");
  g_assert_cmpstr (now->technician, ==, "TECH-05");
  g_assert_cmpuint (outbox_rows (fixture, "DJ-00045"), ==, rows);
  g_assert_true (ops_dispatch_editor_can_undo (fixture->editor));
  g_assert_false (ops_dispatch_editor_can_redo (fixture->editor));
  g_object_get (fixture->editor, "undo-label", &label, NULL);
  g_assert_cmpstr (label, ==, "Move DJ-00045");

  /* A stale apply fails the same way and is not pushed. */
  g_assert_false (ops_dispatch_editor_apply (fixture->editor, mine, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE);
  g_clear_error (&error);
  /* Forced, it is. */
  g_assert_true (ops_dispatch_editor_apply (fixture->editor, mine, TRUE, &error));
  g_assert_no_error (error);
  g_clear_pointer (&now, ops_dispatch_job_free);
  now = get_job (fixture, "DJ-00045");
  g_assert_cmpstr (now->technician, ==, "TECH-12");
}

/* A hub that records what is posted to /broadcast. */
typedef struct
{
  SoupServer *server;
  char       *url;
  GPtrArray  *bodies;          /* JsonNode* */
  GPtrArray  *authorizations;  /* char* */
} Hub;

static void
on_broadcast (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Hub *hub = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  JsonNode *node = json_from_string (g_bytes_get_data (bytes, NULL), NULL);

  g_assert_cmpstr (soup_server_message_get_method (msg), ==, "POST");
  g_assert_nonnull (node);
  g_ptr_array_add (hub->bodies, node);
  g_ptr_array_add (hub->authorizations,
                   g_strdup (soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                           "Authorization")));
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, "{\"id\":1,\"delivered\":0}", 24);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
hub_start (Hub *hub)
{
  g_autoptr(GError) error = NULL;
  GSList *uris;

  hub->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hub->server, "/broadcast", on_broadcast, hub, NULL);
  g_assert_true (soup_server_listen_local (hub->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (hub->server);
  g_assert_nonnull (uris);
  /* With a trailing slash, as a configuration may have it. */
  hub->url = g_uri_to_string (uris->data);
  g_assert_true (g_str_has_suffix (hub->url, "/"));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  hub->bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  hub->authorizations = g_ptr_array_new_with_free_func (g_free);
}

static void
hub_stop (Hub *hub)
{
  soup_server_disconnect (hub->server);
  g_clear_object (&hub->server);
  g_free (hub->url);
  g_ptr_array_unref (hub->bodies);
  g_ptr_array_unref (hub->authorizations);
}

static void
hub_wait (Hub  *hub,
          guint n)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (5, on_timeout, &timed_out);

  while (hub->bodies->len < n && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static void
test_broadcast (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) first = get_job (fixture, "DJ-00044");
  g_autoptr(OpsDispatchJob) second = get_job (fixture, "DJ-00045");
  g_autoptr(OpsDispatchChange) quiet = NULL;
  g_autoptr(OpsDispatchChange) change = NULL;
  gint64 new_start = ops_dispatch_day_start (TODAY) + 9 * 3600 + 30 * 60;
  JsonObject *body;
  JsonObject *event_data;
  Hub hub = { 0 };

  hub_start (&hub);

  /* Without a hub, nothing is posted: the first request the hub gets is
   * the second change's. */
  quiet = move (first, "TECH-09", ops_dispatch_day_start (TODAY) + 8 * 3600, "Quiet move");
  g_assert_true (ops_dispatch_editor_apply (fixture->editor, quiet, FALSE, &error));
  g_assert_no_error (error);

  ops_dispatch_editor_set_hub (fixture->editor, hub.url, "s3cret");
  change = move (second, "TECH-12", new_start, "Loud move");
  g_assert_true (ops_dispatch_editor_apply (fixture->editor, change, FALSE, &error));
  g_assert_no_error (error);
  hub_wait (&hub, 1);
  wait_events (fixture, 2);

  g_assert_cmpuint (hub.bodies->len, ==, 1);
  g_assert_cmpstr (hub.authorizations->pdata[0], ==, "Bearer s3cret");
  body = json_node_get_object (hub.bodies->pdata[0]);
  g_assert_cmpstr (json_object_get_string_member (body, "topic"), ==, "dispatch");
  g_assert_cmpstr (json_object_get_string_member (body, "event"), ==, "job.changed");
  event_data = json_object_get_object_member (body, "data");
  g_assert_nonnull (event_data);
  g_assert_cmpstr (json_object_get_string_member (event_data, "job"), ==, "DJ-00045");
  g_assert_cmpstr (json_object_get_string_member (event_data, "technician"), ==, "TECH-12");
  g_assert_cmpstr (json_object_get_string_member (event_data, "scheduled_date"), ==, TODAY);
  g_assert_cmpstr (json_object_get_string_member (event_data, "start_time"), ==, "09:30");
  g_assert_cmpint (json_object_get_int_member (event_data, "duration_min"), ==, second->duration_min);
  g_assert_cmpstr (json_object_get_string_member (event_data, "status"), ==, "Scheduled");
  g_assert_cmpstr (json_object_get_string_member (event_data, "origin"), ==, ops_hub_events_get_origin ());

  /* Undo is broadcast too: the job is back where it was. */
  g_assert_true (ops_dispatch_editor_undo (fixture->editor, &error));
  g_assert_no_error (error);
  hub_wait (&hub, 2);
  event_data = json_object_get_object_member (json_node_get_object (hub.bodies->pdata[1]), "data");
  g_assert_cmpstr (json_object_get_string_member (event_data, "job"), ==, "DJ-00045");
  g_assert_cmpstr (json_object_get_string_member (event_data, "technician"), ==, second->technician);
  g_assert_cmpstr (hub.authorizations->pdata[1], ==, "Bearer s3cret");

  hub_stop (&hub);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/dispatch-editor/apply-undo-redo", Fixture, NULL,
              fixture_set_up, test_apply_undo_redo, fixture_tear_down);
  g_test_add ("/dispatch-editor/conflicting-undo", Fixture, NULL,
              fixture_set_up, test_conflicting_undo, fixture_tear_down);
  g_test_add ("/dispatch-editor/broadcast", Fixture, NULL,
              fixture_set_up, test_broadcast, fixture_tear_down);

  return g_test_run ();
}
