/* test-vision-service.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading photos without losing any, against the fake Gemini: Gemini away
 * → the photo is queued; back → each queued photo is read once, in order,
 * its answer stored and a "vision" event published; a photo Gemini
 * refuses fails visibly; a queue left by a previous run is read on start.
 */

#define G_LOG_DOMAIN "test-vision-service"

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "ops-fake-gemini.h"
#include "ops-vision-queue.h"
#include "ops-service-layer.h"
#include "ops-vision-service.h"

#define API_KEY "AIza-test-key"
#define MODEL "gemini-2.5-flash"
#define TIMEOUT_SECONDS 15

typedef struct
{
  OpsFakeGemini    *gemini;
  OpsGeminiClient  *client;
  OpsStore         *store;
  OpsEventBus      *bus;
  OpsVisionService *service;
  GPtrArray        *events;      /* JsonNode* of topic "vision" */
  GMainLoop        *loop;
  guint             want_events;
  char             *path;
} Fixture;

static GBytes *
photo (guint8 seed)
{
  guint8 data[48];

  memcpy (data, "\x89PNG\r\n\x1a\n", 8);
  for (guint i = 8; i < sizeof data; i++)
    data[i] = (guint8) (seed + i);
  return g_bytes_new (data, sizeof data);
}

static void
event_cb (OpsEventBus *bus,
          const char  *topic,
          JsonNode    *data,
          Fixture     *fixture)
{
  if (!g_str_equal (topic, "vision"))
    return;
  g_ptr_array_add (fixture->events, json_node_copy (data));
  if (fixture->events->len >= fixture->want_events)
    g_main_loop_quit (fixture->loop);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("Nothing happened within %d s", TIMEOUT_SECONDS);
  return G_SOURCE_REMOVE;
}

static void
wait_events (Fixture *fixture,
             guint    count)
{
  guint timeout;

  fixture->want_events = count;
  if (fixture->events->len >= count)
    return;
  timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, timeout_cb, NULL);
  g_main_loop_run (fixture->loop);
  g_source_remove (timeout);
}

static OpsGeminiClient *
client_for (const char *url)
{
  OpsGeminiClient *client = ops_gemini_client_new (url, MODEL, API_KEY);

  /* One quick attempt: the queue, not the client, is under test. */
  ops_gemini_client_set_timeout (client, 2);
  ops_gemini_client_set_backoff (client, 5, 5, 1);
  return client;
}

static void
make_service (Fixture *fixture)
{
  g_clear_object (&fixture->service);
  fixture->service = ops_vision_service_new (fixture->client, fixture->store, fixture->bus);
  ops_vision_service_set_retry_interval (fixture->service, 50);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->path = g_build_filename (g_get_user_data_dir (), "vision-service.sqlite", NULL);
  g_remove (fixture->path);
  fixture->store = ops_store_open (fixture->path, &error);
  g_assert_no_error (error);
  fixture->gemini = ops_fake_gemini_new (API_KEY);
  fixture->client = client_for (ops_fake_gemini_get_url (fixture->gemini));
  fixture->bus = ops_event_bus_new ();
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  fixture->loop = g_main_loop_new (NULL, FALSE);
  g_signal_connect (fixture->bus, "event", G_CALLBACK (event_cb), fixture);
  make_service (fixture);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_clear_object (&fixture->service);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->bus);
  g_clear_pointer (&fixture->gemini, ops_fake_gemini_free);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
  g_clear_pointer (&fixture->loop, g_main_loop_unref);
  g_free (fixture->path);
}

typedef struct
{
  GMainLoop        *loop;
  OpsVisionReading *reading;
  GError           *error;
} Read;

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Read *read = user_data;

  read->reading = ops_vision_service_read_finish (OPS_VISION_SERVICE (source), result, &read->error);
  g_main_loop_quit (read->loop);
}

static OpsVisionReading *
read_photo (OpsVisionService *service,
            OpsVisionTask     task,
            GBytes           *image,
            const char       *job,
            GError          **error)
{
  Read read = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  guint timeout = g_timeout_add_seconds (TIMEOUT_SECONDS, timeout_cb, NULL);

  ops_vision_service_read_async (service, task, image, NULL, job, NULL, read_cb, &read);
  g_main_loop_run (read.loop);
  g_source_remove (timeout);
  g_main_loop_unref (read.loop);
  if (read.error != NULL)
    g_propagate_error (error, read.error);
  return read.reading;
}

static const char *
event_state (Fixture *fixture,
             guint    index,
             gint64  *id)
{
  JsonObject *object = json_node_get_object (g_ptr_array_index (fixture->events, index));

  *id = json_object_get_int_member (object, "id");
  return json_object_get_string_member (object, "state");
}

/* Gemini up: the answer at once, nothing queued. */
static void
test_read_now (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GBytes) image = photo (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsVisionReading) reading = NULL;
  g_autoptr(JsonNode) expected = NULL;

  reading = read_photo (fixture->service, OPS_VISION_EQUIPMENT, image, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (reading->queued);
  g_assert_nonnull (reading->result);
  expected = ops_vision_parse_answer (OPS_VISION_EQUIPMENT, ops_fake_gemini_default_answer ("equipment"), &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (reading->result, expected));
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->gemini), ==, 1);
  g_assert_cmpint (ops_vision_queue_count (fixture->store, OPS_VISION_QUEUE_PENDING), ==, 0);
}

/* Gemini away (503): queued with its job; back: read once, stored,
 * published. */
static void
test_queue_then_process (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GBytes) image = photo (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsVisionReading) reading = NULL;
  g_autoptr(OpsVisionQueueEntry) entry = NULL;
  g_autoptr(JsonNode) expected = NULL;
  gint64 id;

  /* The retry timer must not run before the test wakes the queue. */
  ops_vision_service_set_retry_interval (fixture->service, 600000);
  ops_fake_gemini_push (fixture->gemini, OPS_FAKE_GEMINI_UNAVAILABLE, NULL);
  reading = read_photo (fixture->service, OPS_VISION_INVOICE, image, "DJ-00004", &error);
  g_assert_no_error (error);
  g_assert_true (reading->queued);
  g_assert_null (reading->result);
  g_assert_cmpint (reading->queue_id, >, 0);

  entry = ops_vision_queue_get (fixture->store, reading->queue_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, OPS_VISION_QUEUE_PENDING);
  g_assert_cmpint (entry->task, ==, OPS_VISION_INVOICE);
  g_assert_cmpstr (entry->mime, ==, "image/png");
  g_assert_cmpstr (entry->job, ==, "DJ-00004");
  g_assert_nonnull (entry->error);
  g_assert_true (g_bytes_equal (entry->image, image));
  g_clear_pointer (&entry, ops_vision_queue_entry_free);
  g_assert_cmpuint (fixture->events->len, ==, 0);

  /* The network is back. */
  ops_vision_service_wake (fixture->service);
  ops_vision_service_wake (fixture->service);   /* twice: still read once */
  wait_events (fixture, 1);
  g_assert_cmpstr (event_state (fixture, 0, &id), ==, "done");
  g_assert_cmpint (id, ==, reading->queue_id);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->gemini), ==, 2);

  entry = ops_vision_queue_get (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (entry->state, ==, OPS_VISION_QUEUE_DONE);
  expected = ops_vision_parse_answer (OPS_VISION_INVOICE, ops_fake_gemini_default_answer ("invoice"), &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (entry->result, expected));
  g_assert_false (ops_vision_service_is_busy (fixture->service));

  /* Nothing left: another wake asks Gemini nothing. */
  ops_vision_service_wake (fixture->service);
  g_assert_false (ops_vision_service_is_busy (fixture->service));
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->gemini), ==, 2);
}

/* Gemini unreachable (nobody listens): queued too. */
static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GBytes) image = photo (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsVisionReading) reading = NULL;
  g_autofree char *url = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  g_clear_object (&fixture->client);
  fixture->client = client_for (url);
  make_service (fixture);
  ops_vision_service_set_retry_interval (fixture->service, 600000);

  reading = read_photo (fixture->service, OPS_VISION_BARCODES, image, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (reading->queued);
  g_assert_cmpint (ops_vision_queue_count (fixture->store, OPS_VISION_QUEUE_PENDING), ==, 1);
}

/* Two photos queued: read in order; one refused for good (blocked) fails
 * visibly; a still-unavailable Gemini keeps the order and the retry timer
 * finishes the job. */
static void
test_order_and_failures (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GBytes) first = photo (4);
  g_autoptr(GBytes) second = photo (5);
  g_autoptr(GBytes) third = photo (6);
  g_autoptr(GError) error = NULL;
  gint64 ids[3];
  gint64 id;

  ids[0] = ops_vision_queue_enqueue (fixture->store, OPS_VISION_EQUIPMENT, first, "image/png", NULL, &error);
  ids[1] = ops_vision_queue_enqueue (fixture->store, OPS_VISION_BARCODES, second, "image/png", NULL, &error);
  ids[2] = ops_vision_queue_enqueue (fixture->store, OPS_VISION_INVOICE, third, "image/png", NULL, &error);
  g_assert_no_error (error);

  ops_fake_gemini_push (fixture->gemini, OPS_FAKE_GEMINI_UNAVAILABLE, NULL);  /* first: later */
  ops_fake_gemini_push (fixture->gemini, OPS_FAKE_GEMINI_ANSWER, NULL);       /* first, on retry */
  ops_fake_gemini_push (fixture->gemini, OPS_FAKE_GEMINI_BLOCKED, NULL);      /* second: refused */
  ops_fake_gemini_push (fixture->gemini, OPS_FAKE_GEMINI_ANSWER, NULL);       /* third */

  ops_vision_service_wake (fixture->service);
  wait_events (fixture, 3);

  g_assert_cmpstr (event_state (fixture, 0, &id), ==, "done");
  g_assert_cmpint (id, ==, ids[0]);
  g_assert_cmpstr (event_state (fixture, 1, &id), ==, "failed");
  g_assert_cmpint (id, ==, ids[1]);
  g_assert_cmpstr (event_state (fixture, 2, &id), ==, "done");
  g_assert_cmpint (id, ==, ids[2]);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->gemini), ==, 4);

  {
    g_autoptr(OpsVisionQueueEntry) failed = ops_vision_queue_get (fixture->store, ids[1], &error);
    g_autoptr(OpsVisionQueueEntry) done = ops_vision_queue_get (fixture->store, ids[0], &error);

    g_assert_cmpint (failed->state, ==, OPS_VISION_QUEUE_FAILED);
    g_assert_nonnull (failed->error);
    g_assert_cmpint (done->state, ==, OPS_VISION_QUEUE_DONE);
    g_assert_cmpuint (done->attempts, ==, 2);
  }
}

/* A queue left by a previous run is read when the service starts. */
static void
test_resume_on_start (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GBytes) image = photo (7);
  g_autoptr(GError) error = NULL;
  gint64 queued;
  gint64 id;

  g_clear_object (&fixture->service);
  queued = ops_vision_queue_enqueue (fixture->store, OPS_VISION_EQUIPMENT, image, "image/png", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&fixture->store);

  fixture->store = ops_store_open (fixture->path, &error);
  g_assert_no_error (error);
  make_service (fixture);
  wait_events (fixture, 1);
  g_assert_cmpstr (event_state (fixture, 0, &id), ==, "done");
  g_assert_cmpint (id, ==, queued);
  g_assert_cmpint (ops_vision_queue_count (fixture->store, OPS_VISION_QUEUE_DONE), ==, 1);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("hello, not a photo", 18);
  g_autoptr(GBytes) image = photo (8);
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsVisionService) unconfigured = ops_vision_service_new (NULL, fixture->store, fixture->bus);

  g_assert_null (read_photo (fixture->service, OPS_VISION_BARCODES, text, NULL, &error));
  g_assert_error (error, OPS_VISION_SERVICE_ERROR, OPS_VISION_SERVICE_ERROR_NOT_IMAGE);
  g_clear_error (&error);

  g_assert_false (ops_vision_service_is_configured (unconfigured));
  g_assert_null (read_photo (unconfigured, OPS_VISION_BARCODES, image, NULL, &error));
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  /* Refused for good at once: an error, not queued. */
  ops_fake_gemini_push (fixture->gemini, OPS_FAKE_GEMINI_BLOCKED, NULL);
  g_assert_null (read_photo (fixture->service, OPS_VISION_BARCODES, image, NULL, &error));
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BLOCKED);
  g_assert_cmpint (ops_vision_queue_count (fixture->store, OPS_VISION_QUEUE_PENDING), ==, 0);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->gemini), ==, 1);
}

/* One service per layer, configured from the layer's [gemini]. */
static void
test_for_layer (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "layer.sqlite", NULL);
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(OpsServiceLayer) layer = NULL;
  g_autoptr(GError) error = NULL;
  OpsVisionService *service;

  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  ops_config_set_string (config, "gemini", "api_key", API_KEY);
  layer = ops_service_layer_new (config, store, TRUE, &error);
  g_assert_no_error (error);

  service = ops_service_layer_get_vision (layer);
  g_assert_nonnull (service);
  g_assert_true (ops_service_layer_get_vision (layer) == service);
  g_assert_true (ops_vision_service_is_configured (service));
  g_assert_true (ops_vision_service_get_store (service) == store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define FIXTURE_TEST(path, func) g_test_add ("/vision-service/" path, Fixture, NULL, setup, func, teardown)
  FIXTURE_TEST ("read-now", test_read_now);
  FIXTURE_TEST ("queue-then-process", test_queue_then_process);
  FIXTURE_TEST ("unreachable", test_unreachable);
  FIXTURE_TEST ("order-and-failures", test_order_and_failures);
  FIXTURE_TEST ("resume-on-start", test_resume_on_start);
  FIXTURE_TEST ("refusals", test_refusals);
#undef FIXTURE_TEST
  g_test_add_func ("/vision-service/for-layer", test_for_layer);

  return g_test_run ();
}
