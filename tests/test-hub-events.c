/* test-hub-events.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hub's live events applied to the local store: an inbound SMS once
 * however often it comes, status callbacks, a Stripe payment, another
 * console's dispatch change; passed on to the console's bus, never back.
 */

#define G_LOG_DOMAIN "test-hub-events"

#include "config.h"

#include "ops-conversation.h"
#include "ops-hub-events.h"
#include "ops-outbox.h"
#include "ops-store-dispatch.h"
#include "ops-store-messages.h"

#define TIMEOUT_SECONDS 5

typedef struct
{
  OpsStore     *store;
  OpsEventBus  *source;
  OpsEventBus  *target;
  OpsHubEvents *events;
  GPtrArray    *seen;     /* topics published on target */
  JsonNode     *dispatch; /* the last "dispatch" data on target */
} Fixture;

static void
on_target_cb (OpsEventBus *bus,
              const char  *topic,
              JsonNode    *data,
              Fixture     *fixture)
{
  g_ptr_array_add (fixture->seen, g_strdup (topic));
  if (g_str_equal (topic, "dispatch") && data != NULL)
    {
      g_clear_pointer (&fixture->dispatch, json_node_unref);
      fixture->dispatch = json_node_copy (data);
    }
}

static void
upsert (OpsStore   *store,
        const char *table,
        const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  g_assert_true (ops_store_upsert (store, table, json_node_get_object (node), NULL));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "hub.sqlite", NULL);

  fixture->store = ops_store_open (path, &error);
  g_assert_no_error (error);
  upsert (fixture->store, "customers", "{\"name\":\"C1\",\"customer_name\":\"Marie\"}");
  fixture->source = ops_event_bus_new ();
  fixture->target = ops_event_bus_new ();
  fixture->events = ops_hub_events_new (fixture->store, fixture->source, fixture->target);
  fixture->seen = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (fixture->target, "event", G_CALLBACK (on_target_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fixture->target, fixture);
  g_clear_object (&fixture->events);
  g_clear_object (&fixture->source);
  g_clear_object (&fixture->target);
  g_clear_object (&fixture->store);
  g_ptr_array_unref (fixture->seen);
  g_clear_pointer (&fixture->dispatch, json_node_unref);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Publishes on the hub client's bus; waits until target has seen count
 * events in all. */
static void
publish_and_wait (Fixture    *fixture,
                  const char *topic,
                  const char *json,
                  guint       count)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  gboolean timed_out = FALSE;
  guint id;

  g_assert_nonnull (node);
  ops_event_bus_publish (fixture->source, topic, node);
  id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, &timed_out);
  while (fixture->seen->len < count && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static guint
count_seen (Fixture    *fixture,
            const char *topic)
{
  guint n = 0;

  for (guint i = 0; i < fixture->seen->len; i++)
    n += g_str_equal (fixture->seen->pdata[i], topic);
  return n;
}

#define INBOUND "{\"type\":\"sms\",\"name\":\"SMS-SMin1\",\"direction\":\"Received\",\"medium\":\"SMS\"," \
                "\"customer\":\"C1\",\"ticket\":null,\"phone\":\"+14505550142\",\"content\":\"Allo\"," \
                "\"status\":\"received\",\"sid\":\"SMin1\"}"

static void
test_inbound_once (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *name = NULL;
  g_autofree char *customer = NULL;
  OpsConversationItem *item;

  /* "conversations" then the hub's copy on "customer:C1". */
  publish_and_wait (fixture, "conversations", INBOUND, 2);
  publish_and_wait (fixture, "customer:C1", INBOUND, 2);
  /* Delivered again (a reconnection replays it). */
  publish_and_wait (fixture, "conversations", INBOUND, 4);

  items = ops_store_get_conversation (fixture->store, "C1", NULL);
  g_assert_cmpuint (items->len, ==, 1);
  item = items->pdata[0];
  g_assert_cmpstr (item->name, ==, "SMS-SMin1");
  g_assert_false (item->outbound);
  g_assert_cmpstr (item->content, ==, "Allo");
  g_assert_true (ops_store_find_message_by_provider_id (fixture->store, "SMin1", &name, &customer, NULL, NULL));
  g_assert_cmpstr (customer, ==, "C1");

  /* Announced to the pages, the customer detail included, without the
   * hub's duplicate. */
  g_assert_cmpuint (count_seen (fixture, "conversations"), ==, 2);
  g_assert_cmpuint (count_seen (fixture, "customer:C1"), ==, 2);
}

static void
test_status_updates (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *status = NULL;
  g_autoptr(GError) error = NULL;

  name = ops_store_queue_sms (fixture->store, "C1", NULL, "+14505550142", "Bonjour", "Agent", &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_set_sms_status (fixture->store, name, "queued", "SMout1", 0, NULL));

  publish_and_wait (fixture, "conversations",
                    "{\"type\":\"sms-status\",\"name\":\"SMS-SMout1\",\"direction\":\"Sent\",\"customer\":\"C1\","
                    "\"status\":\"delivered\",\"sid\":\"SMout1\"}", 2);
  g_assert_true (ops_store_find_message_by_provider_id (fixture->store, "SMout1", NULL, NULL, &status, NULL));
  g_assert_cmpstr (status, ==, "delivered");
  g_clear_pointer (&status, g_free);

  /* A late "sent" does not take it back. */
  publish_and_wait (fixture, "conversations",
                    "{\"type\":\"sms-status\",\"name\":\"SMS-SMout1\",\"customer\":\"C1\",\"status\":\"sent\","
                    "\"sid\":\"SMout1\"}", 4);
  g_assert_true (ops_store_find_message_by_provider_id (fixture->store, "SMout1", NULL, NULL, &status, NULL));
  g_assert_cmpstr (status, ==, "delivered");
}

/* A callback ahead of the sender's own record of the provider id. */
static void
test_status_early (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *status = NULL;
  g_autofree char *announce = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  name = ops_store_queue_sms (fixture->store, "C1", NULL, "+14505550142", "Bonjour", "Agent", &error);
  g_assert_no_error (error);
  publish_and_wait (fixture, "conversations",
                    "{\"type\":\"sms-status\",\"name\":\"SMS-SMout2\",\"customer\":\"C1\",\"status\":\"delivered\","
                    "\"sid\":\"SMout2\"}", 2);

  /* The sender records the answer and announces it. */
  g_assert_true (ops_store_set_sms_status (fixture->store, name, "queued", "SMout2", 0, NULL));
  announce = g_strdup_printf ("{\"type\":\"sms-status\",\"message\":\"%s\",\"status\":\"queued\","
                              "\"customer\":\"C1\",\"provider_id\":\"SMout2\"}", name);
  node = json_from_string (announce, NULL);
  ops_event_bus_publish (fixture->target, "conversations", node);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_true (ops_store_find_message_by_provider_id (fixture->store, "SMout2", NULL, NULL, &status, NULL));
  g_assert_cmpstr (status, ==, "delivered");
}

/* This console's own send, announced by the hub before its answer: not
 * recorded a second time. */
static void
test_own_send (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *event = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;

  name = ops_store_queue_sms (fixture->store, "C1", NULL, "+14505550142", "Bonjour", "Agent", &error);
  g_assert_no_error (error);
  rows = ops_outbox_list (fixture->store, OPS_SMS_DOCTYPE, name, NULL);
  g_assert_cmpuint (rows->len, ==, 1);

  event = g_strdup_printf ("{\"type\":\"sms\",\"name\":\"SMS-SMout3\",\"direction\":\"Sent\",\"customer\":\"C1\","
                           "\"phone\":\"+14505550142\",\"content\":\"Bonjour\",\"status\":\"queued\","
                           "\"sid\":\"SMout3\",\"idempotency_key\":\"%s\"}",
                           ((OpsOutboxEntry *)rows->pdata[0])->idempotency_key);
  publish_and_wait (fixture, "conversations", event, 2);
  items = ops_store_get_conversation (fixture->store, "C1", NULL);
  g_assert_cmpuint (items->len, ==, 1);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Another console's send is recorded. */
  publish_and_wait (fixture, "conversations",
                    "{\"type\":\"sms\",\"name\":\"SMS-SMout4\",\"direction\":\"Sent\",\"customer\":\"C1\","
                    "\"phone\":\"+14505550142\",\"content\":\"Bonsoir\",\"status\":\"queued\","
                    "\"sid\":\"SMout4\",\"idempotency_key\":\"other-console\"}", 4);
  items = ops_store_get_conversation (fixture->store, "C1", NULL);
  g_assert_cmpuint (items->len, ==, 2);
}

static void
test_payment (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autofree char *status = NULL;
  const char *partial = "{\"type\":\"payment\",\"invoice\":\"SINV-1\",\"customer\":\"C1\",\"amount\":40.0,"
                        "\"currency\":\"cad\",\"reference\":\"pi_1\",\"outstanding\":60.5}";
  const char *full = "{\"type\":\"payment\",\"invoice\":\"SINV-1\",\"customer\":\"C1\",\"amount\":60.5,"
                     "\"currency\":\"cad\",\"reference\":\"pi_2\",\"outstanding\":0}";
  const OpsInvoice *invoice;

  upsert (fixture->store, "invoices",
          "{\"name\":\"SINV-1\",\"customer\":\"C1\",\"posting_date\":\"2026-01-01\",\"due_date\":\"2026-01-31\","
          "\"grand_total\":100.5,\"outstanding_amount\":100.5,\"status\":\"Unpaid\"}");

  publish_and_wait (fixture, "payments", partial, 2);
  detail = ops_store_get_customer_detail (fixture->store, "C1", NULL);
  g_assert_nonnull (detail);
  invoice = detail->invoices->pdata[0];
  g_assert_cmpfloat_with_epsilon (invoice->outstanding_amount, 60.5, 0.001);
  g_assert_cmpstr (invoice->status, ==, "Partly Paid");
  g_clear_pointer (&detail, ops_customer_detail_free);

  publish_and_wait (fixture, "payments", full, 4);
  detail = ops_store_get_customer_detail (fixture->store, "C1", NULL);
  invoice = detail->invoices->pdata[0];
  g_assert_cmpfloat_with_epsilon (invoice->outstanding_amount, 0, 0.001);
  g_assert_cmpstr (invoice->status, ==, "Paid");

  /* The customer detail hears of it. */
  g_assert_cmpuint (count_seen (fixture, "customer:C1"), ==, 2);
  g_assert_cmpuint (count_seen (fixture, "payments"), ==, 2);

  /* An invoice this console does not have is left alone. */
  publish_and_wait (fixture, "payments",
                    "{\"type\":\"payment\",\"invoice\":\"SINV-9\",\"customer\":\"C1\",\"amount\":1,"
                    "\"reference\":\"pi_3\",\"outstanding\":0}", 6);
  g_assert_null (ops_store_get_row_customer (fixture->store, "invoices", "SINV-9"));
  (void)status;
}

/* Events of this console never go through the applier. */
static void
test_no_loop (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(JsonNode) node = json_from_string (INBOUND, NULL);
  g_autoptr(GPtrArray) items = NULL;

  ops_event_bus_publish (fixture->target, "conversations", node);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (fixture->seen->len, ==, 1);
  items = ops_store_get_conversation (fixture->store, "C1", NULL);
  g_assert_cmpuint (items->len, ==, 0);

  /* Other topics pass through unchanged. */
  publish_and_wait (fixture, "dispatch", "{\"job\":\"J1\"}", 2);
  g_assert_cmpstr (fixture->seen->pdata[1], ==, "dispatch");
}

#define JOB_ROW \
  "{\"name\":\"DJ-1\",\"subject\":\"Installation\",\"status\":\"Scheduled\",\"technician\":\"TECH-01\"," \
  "\"scheduled_date\":\"2026-11-22\",\"start_time\":\"09:00\",\"duration_min\":60}"

static char *
dispatch_event (const char *job,
                const char *origin)
{
  return g_strdup_printf ("{\"job\":\"%s\",\"technician\":\"TECH-02\",\"scheduled_date\":\"2026-11-23\","
                          "\"start_time\":\"10:30\",\"duration_min\":90,\"status\":\"En Route\","
                          "\"origin\":\"%s\"}", job, origin);
}

/* The job as it was seeded: 09:00 with TECH-01 on the 22nd. */
static void
assert_job_unchanged (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = ops_store_get_job (fixture->store, "DJ-1", &error);

  g_assert_no_error (error);
  g_assert_cmpstr (job->technician, ==, "TECH-01");
  g_assert_cmpstr (job->scheduled_date, ==, "2026-11-22");
  g_assert_cmpint (job->start, ==, ops_dispatch_day_start ("2026-11-22") + 9 * 3600);
  g_assert_cmpuint (job->duration_min, ==, 60);
  g_assert_cmpint (job->status, ==, OPS_JOB_SCHEDULED);
}

/* Another console moved a job: the row follows, and the board hears of it
 * as a remote change. */
static void
test_dispatch_remote (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = NULL;
  g_autofree char *event = dispatch_event ("DJ-1", "other-console");
  JsonObject *announced;

  upsert (fixture->store, "jobs", JOB_ROW);
  publish_and_wait (fixture, "dispatch", event, 1);
  g_assert_cmpstr (fixture->seen->pdata[0], ==, "dispatch");
  g_assert_nonnull (fixture->dispatch);
  announced = json_node_get_object (fixture->dispatch);
  g_assert_cmpstr (json_object_get_string_member (announced, "job"), ==, "DJ-1");
  g_assert_cmpstr (json_object_get_string_member (announced, "action"), ==, "remote");
  g_assert_false (json_object_has_member (announced, "origin"));

  job = ops_store_get_job (fixture->store, "DJ-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (job->technician, ==, "TECH-02");
  g_assert_cmpstr (job->scheduled_date, ==, "2026-11-23");
  g_assert_cmpint (job->start, ==, ops_dispatch_day_start ("2026-11-23") + 10 * 3600 + 30 * 60);
  g_assert_cmpuint (job->duration_min, ==, 90);
  g_assert_cmpint (job->status, ==, OPS_JOB_EN_ROUTE);
  g_clear_pointer (&job, ops_dispatch_job_free);

  /* Unassigned elsewhere: no technician, no time. */
  publish_and_wait (fixture, "dispatch",
                    "{\"job\":\"DJ-1\",\"technician\":null,\"scheduled_date\":\"2026-11-23\","
                    "\"start_time\":null,\"duration_min\":90,\"status\":\"Unassigned\",\"origin\":\"x\"}", 2);
  job = ops_store_get_job (fixture->store, "DJ-1", &error);
  g_assert_no_error (error);
  g_assert_null (job->technician);
  g_assert_cmpint (job->start, ==, 0);
  g_assert_cmpint (job->status, ==, OPS_JOB_UNASSIGNED);
  g_assert_cmpuint (count_seen (fixture, "dispatch"), ==, 2);
}

/* Publishes a dispatch event that must be ignored, then a marker: once the
 * marker is through, the dispatch event was handled (events keep their
 * order). */
static void
publish_ignored (Fixture    *fixture,
                 const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  ops_event_bus_publish (fixture->source, "dispatch", node);
  publish_and_wait (fixture, "outbox", "{}", 1);
  g_assert_cmpuint (fixture->seen->len, ==, 1);
  g_assert_cmpstr (fixture->seen->pdata[0], ==, "outbox");
  g_assert_null (fixture->dispatch);
}

/* This console's own change, back from the hub. */
static void
test_dispatch_own_origin (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *event = dispatch_event ("DJ-1", ops_hub_events_get_origin ());

  upsert (fixture->store, "jobs", JOB_ROW);
  g_assert_nonnull (ops_hub_events_get_origin ());
  g_assert_cmpstr (ops_hub_events_get_origin (), ==, ops_hub_events_get_origin ());
  publish_ignored (fixture, event);
  assert_job_unchanged (fixture);
}

/* A job with a change of this console on its way to ERPNext keeps it. */
static void
test_dispatch_pending_outbox (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(JsonObject) payload = json_object_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *event = dispatch_event ("DJ-1", "other-console");

  upsert (fixture->store, "jobs", JOB_ROW);
  json_object_set_string_member (payload, "technician", "TECH-01");
  g_assert_cmpint (ops_outbox_enqueue (fixture->store, "Dispatch Job", "DJ-1", OPS_OUTBOX_UPDATE, payload, NULL,
                                       "Move DJ-1", &error), >, 0);
  g_assert_no_error (error);
  publish_ignored (fixture, event);
  assert_job_unchanged (fixture);
}

/* A job this console does not have is not created. */
static void
test_dispatch_unknown_job (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsDispatchJob) job = NULL;
  g_autofree char *event = dispatch_event ("DJ-404", "other-console");

  upsert (fixture->store, "jobs", JOB_ROW);
  publish_ignored (fixture, event);
  job = ops_store_get_job (fixture->store, "DJ-404", &error);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_assert_null (job);
  assert_job_unchanged (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/hub-events/inbound-once", test_inbound_once);
  ADD ("/hub-events/status", test_status_updates);
  ADD ("/hub-events/status-early", test_status_early);
  ADD ("/hub-events/own-send", test_own_send);
  ADD ("/hub-events/payment", test_payment);
  ADD ("/hub-events/no-loop", test_no_loop);
  ADD ("/hub-events/dispatch-remote", test_dispatch_remote);
  ADD ("/hub-events/dispatch-own-origin", test_dispatch_own_origin);
  ADD ("/hub-events/dispatch-pending-outbox", test_dispatch_pending_outbox);
  ADD ("/hub-events/dispatch-unknown-job", test_dispatch_unknown_job);
#undef ADD

  return g_test_run ();
}
