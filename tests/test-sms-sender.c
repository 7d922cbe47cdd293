/* test-sms-sender.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Delivering queued SMS: simulated on the demo workspace, through a fake
 * hub (POST /send/sms with an Idempotency-Key), and straight to the fake
 * Twilio; refusals, back-off while the way is down, order, and a send in
 * doubt after a crash.
 */

#define G_LOG_DOMAIN "test-sms-sender"

#include "config.h"

#include <string.h>

#include <libsoup/soup.h>

#include "ops-conversation.h"
#include "ops-fake-twilio.h"
#include "ops-outbox.h"
#include "ops-sms-sender.h"
#include "ops-store-messages.h"

#define TIMEOUT_SECONDS 8
#define NUMBER "+14505550142"
#define TOKEN "hub-token"

/* A hub answering /send/sms as src/server/ops-server-twilio.c does. */
typedef struct
{
  SoupServer *server;
  char       *url;
  gboolean    down;          /* answer 503 */
  guint       refuse_code;   /* answer 400 with this Twilio code */
  guint       hits;          /* requests that reached /send/sms */
  GPtrArray  *bodies;        /* texts accepted, in order */
  GPtrArray  *keys;          /* Idempotency-Key of each request */
  GHashTable *answered;      /* key -> answer text */
} FakeHub;

typedef struct
{
  OpsStore    *store;
  OpsEventBus *bus;
  OpsConfig   *config;
  FakeHub     *hub;
  GPtrArray   *events;       /* "<message> <status>" on "conversations" */
  GPtrArray   *customer_events;
  GHashTable  *provider_ids;  /* message -> last provider id announced */
} Fixture;

/*
 * The fake hub
 */

static void
on_send_cb (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  FakeHub *hub = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *key = soup_message_headers_get_one (headers, "Idempotency-Key");
  const char *auth = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GBytes) bytes = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonNode) node = json_from_string (g_bytes_get_data (bytes, NULL), NULL);
  JsonObject *object;
  const char *answered;
  char *answer;

  hub->hits++;
  g_ptr_array_add (hub->keys, g_strdup (key));

  if (g_strcmp0 (auth, "Bearer " TOKEN) != 0)
    {
      soup_server_message_set_status (msg, 401, NULL);
      return;
    }
  if (hub->down)
    {
      static const char down[] = "{\"error\":\"twilio_unreachable\",\"message\":\"down\"}";

      soup_server_message_set_status (msg, 503, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, down, strlen (down));
      return;
    }
  g_assert_nonnull (node);
  object = json_node_get_object (node);
  g_assert_nonnull (json_object_get_string_member (object, "to"));

  if (hub->refuse_code != 0)
    {
      answer = g_strdup_printf ("{\"error\":\"unsubscribed\",\"message\":\"STOP\",\"twilio_code\":%u}",
                                hub->refuse_code);
      soup_server_message_set_status (msg, 400, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, answer, strlen (answer));
      return;
    }

  if (key != NULL && (answered = g_hash_table_lookup (hub->answered, key)) != NULL)
    answer = g_strdup (answered);
  else
    {
      g_ptr_array_add (hub->bodies, g_strdup (json_object_get_string_member (object, "body")));
      answer = g_strdup_printf ("{\"sid\":\"SMhub%u\",\"status\":\"queued\",\"to\":\"%s\",\"customer\":null,"
                                "\"message_name\":\"SMS-SMhub%u\"}",
                                hub->bodies->len, json_object_get_string_member (object, "to"),
                                hub->bodies->len);
      if (key != NULL)
        g_hash_table_insert (hub->answered, g_strdup (key), g_strdup (answer));
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, answer, strlen (answer));
}

static FakeHub *
fake_hub_new (void)
{
  FakeHub *hub = g_new0 (FakeHub, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  hub->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (hub->server, "/send/sms", on_send_cb, hub, NULL);
  soup_server_listen_local (hub->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (hub->server);
  hub->url = g_strdup_printf ("http://127.0.0.1:%d/", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify)g_uri_unref);
  hub->bodies = g_ptr_array_new_with_free_func (g_free);
  hub->keys = g_ptr_array_new_with_free_func (g_free);
  hub->answered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return hub;
}

static void
fake_hub_free (FakeHub *hub)
{
  soup_server_disconnect (hub->server);
  g_object_unref (hub->server);
  g_free (hub->url);
  g_ptr_array_unref (hub->bodies);
  g_ptr_array_unref (hub->keys);
  g_hash_table_unref (hub->answered);
  g_free (hub);
}

/*
 * Fixture
 */

static void
on_event_cb (OpsEventBus *bus,
             const char  *topic,
             JsonNode    *data,
             Fixture     *fixture)
{
  JsonObject *object;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  object = json_node_get_object (data);
  if (!json_object_has_member (object, "message"))
    return;
  if (g_str_equal (topic, "conversations") && json_object_get_string_member_with_default (object, "provider_id", NULL))
    g_hash_table_replace (fixture->provider_ids, g_strdup (json_object_get_string_member (object, "message")),
                          g_strdup (json_object_get_string_member (object, "provider_id")));
  if (g_str_equal (topic, "conversations"))
    g_ptr_array_add (fixture->events,
                     g_strdup_printf ("%s %s", json_object_get_string_member (object, "message"),
                                      json_object_get_string_member (object, "status")));
  else if (g_str_has_prefix (topic, "customer:"))
    g_ptr_array_add (fixture->customer_events, g_strdup (topic));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "sms.sqlite", NULL);
  g_autoptr(JsonNode) node = json_from_string ("{\"name\":\"C1\",\"customer_name\":\"Marie\"}", NULL);

  fixture->store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_upsert (fixture->store, "customers", json_node_get_object (node), NULL));
  fixture->bus = ops_event_bus_new ();
  fixture->config = ops_config_new ();
  fixture->events = g_ptr_array_new_with_free_func (g_free);
  fixture->customer_events = g_ptr_array_new_with_free_func (g_free);
  fixture->provider_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_signal_connect (fixture->bus, "event", G_CALLBACK (on_event_cb), fixture);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (fixture->bus, fixture);
  g_clear_pointer (&fixture->hub, fake_hub_free);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->bus);
  g_clear_object (&fixture->config);
  g_ptr_array_unref (fixture->events);
  g_ptr_array_unref (fixture->customer_events);
  g_hash_table_unref (fixture->provider_ids);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

typedef gboolean (*Predicate) (Fixture *fixture, gconstpointer data);

/* Iterates the main context until predicate holds; fails after
 * TIMEOUT_SECONDS. */
static void
wait_for (Fixture      *fixture,
          Predicate     predicate,
          gconstpointer data)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (TIMEOUT_SECONDS, on_timeout_cb, &timed_out);

  while (!predicate (fixture, data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  g_assert_false (timed_out);
}

static char *
message_status (Fixture    *fixture,
                const char *message,
                int        *error_code)
{
  g_autoptr(GPtrArray) items = ops_store_get_conversation (fixture->store, "C1", NULL);

  g_assert_nonnull (items);
  for (guint i = 0; i < items->len; i++)
    {
      OpsConversationItem *item = items->pdata[i];

      if (g_str_equal (item->name, message))
        {
          if (error_code != NULL)
            *error_code = item->error_code;
          return g_strdup (item->delivery_status);
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static gboolean
has_status (Fixture       *fixture,
            gconstpointer  data)
{
  const char *const *pair = data;
  g_autofree char *status = message_status (fixture, pair[0], NULL);

  return g_strcmp0 (status, pair[1]) == 0;
}

static void
wait_status (Fixture    *fixture,
             const char *message,
             const char *status)
{
  const char *pair[] = { message, status };

  wait_for (fixture, has_status, pair);
}

static char *
queue (Fixture    *fixture,
       const char *to,
       const char *body)
{
  g_autoptr(GError) error = NULL;
  char *name = ops_store_queue_sms (fixture->store, "C1", NULL, to, body, "Agent", &error);

  g_assert_no_error (error);
  g_assert_nonnull (name);
  return name;
}

static char *
row_key (Fixture    *fixture,
         const char *message,
         gint64     *id)
{
  g_autoptr(GPtrArray) rows = ops_outbox_list (fixture->store, OPS_SMS_DOCTYPE, message, NULL);
  OpsOutboxEntry *entry;

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  if (id != NULL)
    *id = entry->id;
  return g_strdup (entry->idempotency_key);
}

static gboolean
has_event (Fixture       *fixture,
           gconstpointer  data)
{
  for (guint i = 0; i < fixture->events->len; i++)
    if (g_str_equal (fixture->events->pdata[i], data))
      return TRUE;
  return FALSE;
}

static guint
event_index (Fixture    *fixture,
             const char *message,
             const char *status)
{
  g_autofree char *wanted = g_strdup_printf ("%s %s", message, status);
  guint index;

  g_assert_true (g_ptr_array_find_with_equal_func (fixture->events, wanted, g_str_equal, &index));
  return index;
}

static OpsSmsSender *
hub_sender (Fixture *fixture)
{
  OpsSmsSender *sender;

  fixture->hub = fake_hub_new ();
  ops_config_set_string (fixture->config, "hub", "url", fixture->hub->url);
  ops_config_set_string (fixture->config, "hub", "token", TOKEN);
  sender = ops_sms_sender_new (fixture->store, fixture->bus, fixture->config, FALSE);
  ops_sms_sender_set_timing (sender, 10, 10, 40);
  g_assert_true (ops_sms_sender_can_send (sender));
  return sender;
}

/*
 * Demo
 */

static void
test_demo_walk (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(OpsSmsSender) sender = ops_sms_sender_new (fixture->store, fixture->bus, fixture->config, TRUE);
  g_autofree char *name = NULL;
  g_autofree char *found = NULL;
  const char *sid;

  g_assert_true (ops_sms_sender_can_send (sender));
  ops_sms_sender_set_timing (sender, 20, 10, 50);
  name = queue (fixture, NUMBER, "Bonjour");
  ops_sms_sender_start (sender);

  wait_status (fixture, name, "delivered");
  {
    g_autofree char *last = g_strdup_printf ("%s delivered", name);

    wait_for (fixture, has_event, last);
  }
  g_assert_cmpuint (event_index (fixture, name, "queued"), <, event_index (fixture, name, "sent"));
  g_assert_cmpuint (event_index (fixture, name, "sent"), <, event_index (fixture, name, "delivered"));
  g_assert_true (g_ptr_array_find_with_equal_func (fixture->customer_events, "customer:C1", g_str_equal, NULL));
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_DONE), ==, 1);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_PENDING), ==, 0);

  /* The simulated provider id is the message's. */
  sid = g_hash_table_lookup (fixture->provider_ids, name);
  g_assert_true (g_str_has_prefix (sid, "SMsimulated"));
  g_assert_true (ops_store_find_message_by_provider_id (fixture->store, sid, &found, NULL, NULL, NULL));
  g_assert_cmpstr (found, ==, name);
  ops_sms_sender_stop (sender);
}

/* A number Twilio would refuse fails the same way, with no magic text. */
static void
test_demo_invalid_number (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(OpsSmsSender) sender = ops_sms_sender_new (fixture->store, fixture->bus, fixture->config, TRUE);
  g_autoptr(JsonNode) message = json_from_string ("{\"name\":\"SMS-BAD\",\"customer\":\"C1\",\"medium\":\"SMS\","
                                                  "\"direction\":\"Sent\",\"content\":\"Bonjour\","
                                                  "\"sent_at\":\"2026-01-05 10:00:00\","
                                                  "\"delivery_status\":\"queued\"}", NULL);
  g_autoptr(JsonNode) payload = json_from_string ("{\"to\":\"555\",\"body\":\"Bonjour\",\"customer\":\"C1\","
                                                  "\"message\":\"SMS-BAD\"}", NULL);
  g_autoptr(GError) error = NULL;
  int code = 0;
  g_autofree char *status = NULL;

  ops_sms_sender_set_timing (sender, 10, 10, 50);
  g_assert_true (ops_store_upsert (fixture->store, "messages", json_node_get_object (message), NULL));
  g_assert_cmpint (ops_outbox_enqueue (fixture->store, OPS_SMS_DOCTYPE, "SMS-BAD", OPS_OUTBOX_INSERT,
                                       json_node_get_object (payload), NULL, "SMS", &error), >, 0);
  g_assert_no_error (error);

  ops_sms_sender_start (sender);
  wait_status (fixture, "SMS-BAD", "failed");
  status = message_status (fixture, "SMS-BAD", &code);
  g_assert_cmpint (code, ==, 21211);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_FAILED), ==, 1);
  wait_for (fixture, has_event, "SMS-BAD failed");
}

static gboolean
done_count_is (Fixture       *fixture,
               gconstpointer  data)
{
  return ops_outbox_count (fixture->store, OPS_OUTBOX_DONE) == GPOINTER_TO_INT (data);
}

static gboolean
hub_hits_at_least (Fixture       *fixture,
                   gconstpointer  data)
{
  return fixture->hub->hits >= GPOINTER_TO_UINT (data);
}

/*
 * Through the hub
 */

static void
test_hub_send (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(OpsSmsSender) sender = hub_sender (fixture);
  g_autofree char *name = queue (fixture, "450 555 0142", "Votre technicien arrive");
  g_autofree char *key = row_key (fixture, name, NULL);
  g_autofree char *found = NULL;
  g_autofree char *status = NULL;

  ops_sms_sender_start (sender);
  wait_for (fixture, done_count_is, GINT_TO_POINTER (1));
  {
    g_autofree char *event = g_strdup_printf ("%s queued", name);

    wait_for (fixture, has_event, event);
  }

  g_assert_cmpuint (fixture->hub->hits, ==, 1);
  g_assert_cmpstr (fixture->hub->keys->pdata[0], ==, key);
  g_assert_cmpstr (fixture->hub->bodies->pdata[0], ==, "Votre technicien arrive");
  g_assert_true (ops_store_find_message_by_provider_id (fixture->store, "SMhub1", &found, NULL, &status, NULL));
  g_assert_cmpstr (found, ==, name);
  g_assert_cmpstr (status, ==, "queued");
  g_assert_cmpstr (g_hash_table_lookup (fixture->provider_ids, name), ==, "SMhub1");
  ops_sms_sender_stop (sender);
}

static void
test_hub_refused (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OpsSmsSender) sender = hub_sender (fixture);
  g_autofree char *name = queue (fixture, NUMBER, "Bonjour");
  int code = 0;
  g_autofree char *status = NULL;

  fixture->hub->refuse_code = 21610;
  ops_sms_sender_start (sender);
  wait_status (fixture, name, "failed");
  status = message_status (fixture, name, &code);
  g_assert_cmpint (code, ==, 21610);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_FAILED), ==, 1);
  g_assert_cmpuint (fixture->hub->hits, ==, 1);
  ops_sms_sender_stop (sender);
}

/* Typed while the way is down: they wait, then go once each, in order. */
static void
test_hub_offline (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OpsSmsSender) sender = hub_sender (fixture);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *status = NULL;
  g_autofree char *first_key = NULL;
  g_autofree char *second_key = NULL;

  fixture->hub->down = TRUE;
  ops_sms_sender_start (sender);
  first = queue (fixture, NUMBER, "premier");
  second = queue (fixture, NUMBER, "second");
  first_key = row_key (fixture, first, NULL);
  second_key = row_key (fixture, second, NULL);
  ops_sms_sender_wake (sender);

  /* Several attempts, never the second before the first. */
  wait_for (fixture, hub_hits_at_least, GUINT_TO_POINTER (3));
  for (guint i = 0; i < fixture->hub->keys->len; i++)
    g_assert_cmpstr (fixture->hub->keys->pdata[i], ==, first_key);
  status = message_status (fixture, first, NULL);
  g_assert_cmpstr (status, ==, "queued");
  g_clear_pointer (&status, g_free);
  status = message_status (fixture, second, NULL);
  g_assert_cmpstr (status, ==, "queued");
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_DONE), ==, 0);

  fixture->hub->down = FALSE;
  ops_sms_sender_wake (sender);
  wait_for (fixture, done_count_is, GINT_TO_POINTER (2));

  g_assert_cmpuint (fixture->hub->bodies->len, ==, 2);
  g_assert_cmpstr (fixture->hub->bodies->pdata[0], ==, "premier");
  g_assert_cmpstr (fixture->hub->bodies->pdata[1], ==, "second");
  g_assert_cmpstr (fixture->hub->keys->pdata[fixture->hub->keys->len - 1], ==, second_key);
  ops_sms_sender_stop (sender);
}

/* A row found "sending" at start was in doubt: it goes again with the
 * same key, and the hub, which had it, does not send it twice. */
static void
test_hub_crash_recovery (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(OpsSmsSender) sender = hub_sender (fixture);
  g_autofree char *name = queue (fixture, NUMBER, "Bonjour");
  g_autofree char *key = NULL;
  g_autofree char *found = NULL;
  gint64 id = 0;

  key = row_key (fixture, name, &id);
  /* The first attempt reached the hub; the console died before the answer. */
  g_assert_true (ops_outbox_mark_sending (fixture->store, id, NULL));
  g_ptr_array_add (fixture->hub->bodies, g_strdup ("Bonjour"));
  g_hash_table_insert (fixture->hub->answered, g_strdup (key),
                       g_strdup ("{\"sid\":\"SMfirst\",\"status\":\"sent\",\"to\":\"" NUMBER "\"}"));

  ops_sms_sender_start (sender);
  wait_for (fixture, done_count_is, GINT_TO_POINTER (1));

  g_assert_cmpuint (fixture->hub->hits, ==, 1);
  g_assert_cmpstr (fixture->hub->keys->pdata[0], ==, key);
  g_assert_cmpuint (fixture->hub->bodies->len, ==, 1);
  g_assert_true (ops_store_find_message_by_provider_id (fixture->store, "SMfirst", &found, NULL, NULL, NULL));
  g_assert_cmpstr (found, ==, name);
  ops_sms_sender_stop (sender);
}

/*
 * Straight to Twilio
 */

static OpsSmsSender *
twilio_sender (Fixture       *fixture,
               OpsFakeTwilio *twilio,
               const char    *url)
{
  OpsSmsSender *sender;

  ops_config_set_string (fixture->config, "twilio", "url", url ? url : ops_fake_twilio_get_url (twilio));
  ops_config_set_string (fixture->config, "twilio", "account_sid", "AC0123456789abcdef0123456789abcdef");
  ops_config_set_string (fixture->config, "twilio", "auth_token", "secret");
  ops_config_set_string (fixture->config, "twilio", "from", "+14505550100");
  sender = ops_sms_sender_new (fixture->store, fixture->bus, fixture->config, FALSE);
  ops_sms_sender_set_timing (sender, 10, 10, 40);
  g_assert_true (ops_sms_sender_can_send (sender));
  return sender;
}

static const char *
form_get (GStrv       form,
          const char *name)
{
  for (guint i = 0; form != NULL && form[i] != NULL && form[i + 1] != NULL; i += 2)
    if (g_str_equal (form[i], name))
      return form[i + 1];
  return NULL;
}

static void
test_twilio (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(OpsFakeTwilio) twilio = ops_fake_twilio_new ("AC0123456789abcdef0123456789abcdef", "secret");
  g_autoptr(OpsSmsSender) sender = NULL;
  g_autofree char *ok = NULL;
  g_autofree char *invalid = NULL;
  g_autofree char *stopped = NULL;
  g_autofree char *limited = NULL;
  g_autofree char *status = NULL;
  g_auto(GStrv) form = NULL;
  g_autoptr(JsonObject) last = NULL;
  int code = 0;

  ops_config_set_string (fixture->config, "server", "public_url", "https://ops.example.ca/");
  sender = twilio_sender (fixture, twilio, NULL);
  ops_fake_twilio_set_number_error (twilio, "+14505550199", 400, 21211);
  ops_fake_twilio_set_number_error (twilio, "+14505550177", 400, 21610);

  ok = queue (fixture, NUMBER, "un");
  invalid = queue (fixture, "+14505550199", "deux");
  stopped = queue (fixture, "+14505550177", "trois");
  ops_sms_sender_start (sender);
  wait_status (fixture, stopped, "failed");
  {
    g_autofree char *event = g_strdup_printf ("%s failed", stopped);

    wait_for (fixture, has_event, event);
  }

  status = message_status (fixture, invalid, &code);
  g_assert_cmpstr (status, ==, "failed");
  g_assert_cmpint (code, ==, 21211);
  g_clear_pointer (&status, g_free);
  status = message_status (fixture, stopped, &code);
  g_assert_cmpint (code, ==, 21610);
  g_clear_pointer (&status, g_free);
  status = message_status (fixture, ok, &code);
  g_assert_cmpstr (status, ==, "queued");
  g_assert_cmpint (code, ==, 0);
  g_assert_true (g_str_has_prefix (g_hash_table_lookup (fixture->provider_ids, ok), "SM"));
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_FAILED), ==, 2);
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_DONE), ==, 1);
  g_assert_cmpuint (ops_fake_twilio_get_message_count (twilio), ==, 1);

  /* 429: waits, then goes once. */
  ops_fake_twilio_fail_next (twilio, 1, 429);
  limited = queue (fixture, NUMBER, "quatre");
  ops_sms_sender_wake (sender);
  wait_for (fixture, done_count_is, GINT_TO_POINTER (2));
  {
    g_autofree char *event = g_strdup_printf ("%s queued", limited);

    wait_for (fixture, has_event, event);
  }
  g_assert_cmpuint (ops_fake_twilio_get_message_count (twilio), ==, 2);
  last = ops_fake_twilio_dup_last_message (twilio);
  g_assert_cmpstr (g_hash_table_lookup (fixture->provider_ids, limited), ==,
                   json_object_get_string_member (last, "sid"));

  form = ops_fake_twilio_dup_last_form (twilio);
  g_assert_cmpstr (form_get (form, "Body"), ==, "quatre");
  g_assert_cmpstr (form_get (form, "StatusCallback"), ==, "https://ops.example.ca/webhook/twilio/sms-status");
  ops_sms_sender_stop (sender);
}

static void
test_twilio_no_callback (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(OpsFakeTwilio) twilio = ops_fake_twilio_new ("AC0123456789abcdef0123456789abcdef", "secret");
  g_autoptr(OpsSmsSender) sender = twilio_sender (fixture, twilio, NULL);
  g_autofree char *name = queue (fixture, NUMBER, "un");
  g_auto(GStrv) form = NULL;

  ops_sms_sender_start (sender);
  wait_for (fixture, done_count_is, GINT_TO_POINTER (1));
  form = ops_fake_twilio_dup_last_form (twilio);
  g_assert_null (form_get (form, "StatusCallback"));
  ops_sms_sender_stop (sender);
}

static gboolean
has_retry_error (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) rows = ops_outbox_list (fixture->store, OPS_SMS_DOCTYPE, NULL, NULL);

  return rows->len == 1 && ((OpsOutboxEntry *)rows->pdata[0])->attempts >= 2;
}

/* Twilio unreachable: the message stays queued and is tried again. */
static void
test_twilio_unreachable (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, 0, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(OpsSmsSender) sender = NULL;
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  g_autofree char *status = NULL;

  /* A port nobody listens on. */
  g_assert_true (g_socket_bind (socket, address, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  sender = twilio_sender (fixture, NULL, url);
  name = queue (fixture, NUMBER, "un");
  ops_sms_sender_start (sender);
  wait_for (fixture, has_retry_error, NULL);
  status = message_status (fixture, name, NULL);
  g_assert_cmpstr (status, ==, "queued");
  g_assert_cmpint (ops_outbox_count (fixture->store, OPS_OUTBOX_FAILED), ==, 0);
  ops_sms_sender_stop (sender);
}

static void
test_cannot_send (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(OpsSmsSender) sender = ops_sms_sender_new (fixture->store, fixture->bus, fixture->config, FALSE);

  g_assert_false (ops_sms_sender_can_send (sender));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/sms-sender/demo/walk", test_demo_walk);
  ADD ("/sms-sender/demo/invalid-number", test_demo_invalid_number);
  ADD ("/sms-sender/hub/send", test_hub_send);
  ADD ("/sms-sender/hub/refused", test_hub_refused);
  ADD ("/sms-sender/hub/offline", test_hub_offline);
  ADD ("/sms-sender/hub/crash-recovery", test_hub_crash_recovery);
  ADD ("/sms-sender/twilio/send", test_twilio);
  ADD ("/sms-sender/twilio/no-callback", test_twilio_no_callback);
  ADD ("/sms-sender/twilio/unreachable", test_twilio_unreachable);
  ADD ("/sms-sender/cannot-send", test_cannot_send);
#undef ADD

  return g_test_run ();
}
