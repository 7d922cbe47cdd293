/* test-hub-events.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hub's live events applied to the local store: an inbound SMS once
 * however often it comes, status callbacks, a Stripe payment; passed on
 * to the console's bus, never back.
 */

#define G_LOG_DOMAIN "test-hub-events"

#include "config.h"

#include "ops-conversation.h"
#include "ops-hub-events.h"
#include "ops-outbox.h"
#include "ops-store-messages.h"

#define TIMEOUT_SECONDS 5

typedef struct
{
  OpsStore     *store;
  OpsEventBus  *source;
  OpsEventBus  *target;
  OpsHubEvents *events;
  GPtrArray    *seen;     /* topics published on target */
} Fixture;

static void
on_target_cb (OpsEventBus *bus,
              const char  *topic,
              JsonNode    *data,
              Fixture     *fixture)
{
  g_ptr_array_add (fixture->seen, g_strdup (topic));
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
#undef ADD

  return g_test_run ();
}
