/* test-twilio-routes.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SMS routes of the real binary, run with --headless, against the fake
 * Twilio: /send/sms, the inbound webhook, status callbacks; what ends up
 * in the store and the outbox.  ERPNext is configured at an address that
 * refuses connections, so the workspace is live and the outbox keeps what
 * it queues.
 */

#define G_LOG_DOMAIN "test-twilio-routes"

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <sqlite3.h>
#include <string.h>

#include "ops-fake-twilio.h"
#include "ops-test-server.h"
#include "ops-store.h"

#define SID "AC0123456789abcdef0123456789abcdef"
#define TOKEN "twilio-test-token"
#define FROM "+14505550100"
#define PUBLIC_URL "https://ops.example.net"
#define STAFF_TOKEN "staff-token"
#define CUSTOMER_PHONE "+14505550142"
#define INCOMING PUBLIC_URL "/webhook/twilio/sms-incoming"
#define STATUS PUBLIC_URL "/webhook/twilio/sms-status"

static OpsFakeTwilio *fake;
static OpsTestServer *live;
/* Configs and stores, for the whole run (the servers outlive test cases). */
static char *workdir;

/*
 * The server under test
 */

/* name.ini and, unless store is given, name.sqlite in workdir. */
static OpsTestServer *
server_start (const char *name,
              const char *config,
              const char *store)
{
  g_autofree char *file = g_strdup_printf ("%s.ini", name);
  g_autofree char *store_file = g_strdup_printf ("%s.sqlite", name);
  g_autofree char *config_path = g_build_filename (workdir, file, NULL);
  g_autofree char *store_path = g_build_filename (workdir, store_file, NULL);

  return ops_test_server_start (config_path, config, store ? store : store_path);
}

/* A customer with a phone number and an open ticket, in a live store. */
static void
seed_store (const char *path)
{
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) customer = json_from_string ("{\"name\": \"C0001\", \"customer_name\": \"Marie-Ève Beaulé\","
                                                   " \"status\": \"Active\"}", NULL);
  g_autoptr(JsonNode) contact = json_from_string ("{\"name\": \"CONT-1\", \"customer\": \"C0001\", \"first_name\":"
                                                  " \"Marie-Ève\", \"phone\": \"(450) 555-0142\", \"is_primary\": 1}",
                                                  NULL);
  g_autoptr(JsonNode) ticket = json_from_string ("{\"name\": \"ISS-2026-00001\", \"customer\": \"C0001\", \"subject\":"
                                                 " \"Pas d'Internet\", \"status\": \"Open\", \"opening_date\":"
                                                 " \"2026-01-15\"}", NULL);

  g_unlink (path);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_upsert (store, "customers", json_node_get_object (customer), &error));
  g_assert_true (ops_store_upsert (store, "contacts", json_node_get_object (contact), &error));
  g_assert_true (ops_store_upsert (store, "tickets", json_node_get_object (ticket), &error));
  g_assert_true (ops_store_reindex_customer (store, "C0001", &error));
  g_assert_no_error (error);
}

static OpsTestServer *
live_server (void)
{
  g_autofree char *digest = NULL;
  g_autofree char *config = NULL;
  g_autofree char *store = NULL;

  if (live != NULL)
    return live;

  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, STAFF_TOKEN, -1);
  config = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = 0\npublic_url = " PUBLIC_URL "\n"
                            "tokens = sha256:%s\nwebhook_rate = 0\nshutdown_seconds = 1\n"
                            "[erpnext]\nurl = http://127.0.0.1:1\napi_key = k\napi_secret = s\n"
                            "sync_interval = 86400\n"
                            "[twilio]\nurl = %s\naccount_sid = " SID "\nauth_token = " TOKEN "\nfrom = " FROM "\n",
                            digest, ops_fake_twilio_get_url (fake));

  store = g_build_filename (workdir, "twilio-live.sqlite", NULL);
  seed_store (store);
  live = server_start ("twilio-live", config, store);
  return live;
}

/*
 * Requests and the store
 */

/* key: the Idempotency-Key header, or NULL. */
static guint
post_json_with_key (OpsTestServer  *server,
                    const char     *path,
                    const char     *token,
                    const char     *key,
                    const char     *body,
                    JsonObject    **answer)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = ops_test_server_url (server, path);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) request_bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
    }
  if (key != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Idempotency-Key", key);
  soup_message_set_request_body_from_bytes (msg, "application/json", request_bytes);
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");
  node = json_from_string (g_bytes_get_data (bytes, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  if (answer != NULL)
    *answer = json_object_ref (json_node_get_object (node));
  return soup_message_get_status (msg);
}

static guint
post_json (OpsTestServer  *server,
           const char     *path,
           const char     *token,
           const char     *body,
           JsonObject    **answer)
{
  return post_json_with_key (server, path, token, NULL, body, answer);
}

/* Posts a webhook signed as Twilio signs it; checks the empty TwiML. */
static void
post_webhook (OpsTestServer     *server,
              const char        *path,
              const char        *signed_url,
              const char *const *params)
{
  g_autofree char *url = ops_test_server_url (server, path);
  g_autofree char *signature = ops_fake_twilio_sign (fake, signed_url, params);
  g_autofree char *answer = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  status = ops_fake_twilio_post_form (fake, url, params, signature, &answer, &type, &error);
  g_assert_no_error (error);
  if (status != SOUP_STATUS_OK)
    g_error ("%s: HTTP %u %s", path, status, answer);
  g_assert_cmpstr (type, ==, "text/xml");
  g_assert_cmpstr (answer, ==, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>");
}

static sqlite3 *
open_store (OpsTestServer *server)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (ops_test_server_get_store (server), &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gint64
query_int (OpsTestServer *server,
           const char    *sql,
           const char    *arg)
{
  sqlite3 *db = open_store (server);
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* One row's columns as text, or NULL when there is no row. */
static GStrv
query_row (OpsTestServer *server,
           const char    *sql,
           const char    *arg)
{
  sqlite3 *db = open_store (server);
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean found;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  for (int i = 0; found && i < sqlite3_column_count (stmt); i++)
    {
      const char *text = (const char *)sqlite3_column_text (stmt, i);

      g_strv_builder_add (builder, text ? text : "(null)");
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return found ? g_strv_builder_end (builder) : NULL;
}

static JsonObject *
outbox_payload (OpsTestServer *server,
                const char    *docname)
{
  g_auto(GStrv) row = query_row (server, "SELECT payload, idempotency_key, dedupe_field, operation FROM outbox "
                                 "WHERE doctype = 'Communication' AND docname = ?1", docname);
  g_autoptr(JsonNode) node = NULL;
  JsonObject *payload;

  g_assert_nonnull (row);
  node = json_from_string (row[0], NULL);
  g_assert_nonnull (node);
  payload = json_node_get_object (node);
  g_assert_cmpstr (row[2], ==, "message_id");
  g_assert_cmpstr (row[3], ==, "insert");
  g_assert_cmpstr (json_object_get_string_member (payload, "message_id"), ==, row[1]);
  return json_object_ref (payload);
}

static gint64
count_outbox (OpsTestServer *server,
              const char    *docname)
{
  return query_int (server, "SELECT count(*) FROM outbox WHERE doctype = 'Communication' AND docname = ?1", docname);
}

static char *
send_sms (OpsTestServer *server,
          const char    *to,
          const char    *body)
{
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *request = g_strdup_printf ("{\"to\": \"%s\", \"body\": \"%s\"}", to, body);
  guint status = post_json (server, "/send/sms", STAFF_TOKEN, request, &answer);

  g_assert_cmpuint (status, ==, 200);
  return g_strdup (json_object_get_string_member (answer, "sid"));
}

/*
 * Tests
 */

static void
test_send (void)
{
  OpsTestServer *server = live_server ();
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) refused = NULL;
  g_auto(GStrv) form = NULL;
  g_auto(GStrv) message = NULL;
  g_autofree char *name = NULL;
  const char *sid;
  guint before = ops_fake_twilio_get_message_count (fake);

  /* Staff only: nothing reaches Twilio without a token. */
  g_assert_cmpuint (post_json (server, "/send/sms", NULL, "{\"to\": \"450 555 0142\", \"body\": \"x\"}", &refused),
                    ==, 401);
  g_assert_cmpstr (json_object_get_string_member (refused, "error"), ==, "unauthorized");
  g_clear_pointer (&refused, json_object_unref);
  g_assert_cmpuint (post_json (server, "/send/sms", "wrong", "{\"to\": \"450 555 0142\", \"body\": \"x\"}", &refused),
                    ==, 401);
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fake), ==, before);

  g_assert_cmpuint (post_json (server, "/send/sms", STAFF_TOKEN,
                               "{\"to\": \"(450) 555-0142\", \"body\": \"Votre technicien arrive entre 10 h et 12 h.\"}",
                               &answer),
                    ==, 200);
  sid = json_object_get_string_member (answer, "sid");
  g_assert_true (g_str_has_prefix (sid, "SM"));
  g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "queued");
  g_assert_cmpstr (json_object_get_string_member (answer, "customer"), ==, "C0001");
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fake), ==, before + 1);

  /* What Twilio received. */
  form = ops_fake_twilio_dup_last_form (fake);
  {
    const char *const expected[] = {
      "To", CUSTOMER_PHONE, "From", FROM, "Body", "Votre technicien arrive entre 10 h et 12 h.",
      "StatusCallback", STATUS, NULL,
    };

    g_assert_cmpstrv (form, expected);
  }

  /* The message, and its Communication waiting in the outbox. */
  name = g_strconcat ("SMS-", sid, NULL);
  message = query_row (server, "SELECT name, direction, medium, delivery_status, customer, ticket, content "
                       "FROM messages WHERE provider_id = ?1", sid);
  g_assert_nonnull (message);
  g_assert_cmpstr (message[0], ==, name);
  g_assert_cmpstr (message[1], ==, "Sent");
  g_assert_cmpstr (message[2], ==, "SMS");
  g_assert_cmpstr (message[3], ==, "queued");
  g_assert_cmpstr (message[4], ==, "C0001");
  g_assert_cmpstr (message[5], ==, "ISS-2026-00001");
  g_assert_cmpstr (message[6], ==, "Votre technicien arrive entre 10 h et 12 h.");

  g_assert_cmpint (count_outbox (server, name), ==, 1);
  payload = outbox_payload (server, name);
  g_assert_cmpstr (json_object_get_string_member (payload, "communication_type"), ==, "Communication");
  g_assert_cmpstr (json_object_get_string_member (payload, "communication_medium"), ==, "SMS");
  g_assert_cmpstr (json_object_get_string_member (payload, "sent_or_received"), ==, "Sent");
  g_assert_cmpstr (json_object_get_string_member (payload, "status"), ==, "Linked");
  g_assert_cmpstr (json_object_get_string_member (payload, "phone_no"), ==, CUSTOMER_PHONE);
  g_assert_cmpstr (json_object_get_string_member (payload, "subject"), ==, "SMS to " CUSTOMER_PHONE);
  g_assert_cmpstr (json_object_get_string_member (payload, "reference_doctype"), ==, "Issue");
  g_assert_cmpstr (json_object_get_string_member (payload, "reference_name"), ==, "ISS-2026-00001");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (payload, "timeline_links")), ==, 1);
}

/* The same Idempotency-Key twice: one SMS, the same answer. */
static void
test_send_idempotent (void)
{
  OpsTestServer *server = live_server ();
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) again = NULL;
  g_autoptr(JsonObject) other = NULL;
  g_auto(GStrv) message = NULL;
  guint before = ops_fake_twilio_get_message_count (fake);
  const char *body = "{\"to\": \"(450) 555-0142\", \"body\": \"Un seul envoi\", \"customer\": \"C0001\", "
                     "\"ticket\": \"ISS-2026-00077\"}";

  g_assert_cmpuint (post_json_with_key (server, "/send/sms", STAFF_TOKEN, "idem-key-1", body, &first), ==, 200);
  g_assert_cmpuint (post_json_with_key (server, "/send/sms", STAFF_TOKEN, "idem-key-1", body, &again), ==, 200);
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fake), ==, before + 1);
  g_assert_cmpstr (json_object_get_string_member (again, "sid"), ==, json_object_get_string_member (first, "sid"));
  g_assert_cmpstr (json_object_get_string_member (again, "message_name"), ==,
                   json_object_get_string_member (first, "message_name"));
  g_assert_cmpstr (json_object_get_string_member (again, "status"), ==, json_object_get_string_member (first, "status"));

  /* The ticket given is the message's. */
  message = query_row (server, "SELECT ticket FROM messages WHERE provider_id = ?1",
                       json_object_get_string_member (first, "sid"));
  g_assert_nonnull (message);
  g_assert_cmpstr (message[0], ==, "ISS-2026-00077");
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM processed_events WHERE provider = 'send-sms' "
                              "AND event_key = ?1", "idem-key-1"), ==, 1);

  /* Another key is another SMS. */
  g_assert_cmpuint (post_json_with_key (server, "/send/sms", STAFF_TOKEN, "idem-key-2", body, &other), ==, 200);
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fake), ==, before + 2);
  g_assert_cmpstr (json_object_get_string_member (other, "sid"), !=, json_object_get_string_member (first, "sid"));
}

static void
test_send_errors (void)
{
  OpsTestServer *server = live_server ();
  g_autoptr(JsonObject) answer = NULL;
  const char *message;
  guint before;

  ops_fake_twilio_set_number_error (fake, "+14505550199", 400, 21211);
  before = ops_fake_twilio_get_message_count (fake);
  g_assert_cmpuint (post_json (server, "/send/sms", STAFF_TOKEN, "{\"to\": \"450-555-0199\", \"body\": \"Bonjour\"}",
                               &answer),
                    ==, 400);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "invalid_number");
  g_assert_cmpint (json_object_get_int_member (answer, "twilio_code"), ==, 21211);
  message = json_object_get_string_member (answer, "message");
  g_assert_nonnull (strstr (message, "+14505550199"));
  g_assert_nonnull (strstr (message, "correct"));
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM messages WHERE content = ?1", "Bonjour"), ==, 0);
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fake), ==, before);
  g_clear_pointer (&answer, json_object_unref);

  ops_fake_twilio_set_number_error (fake, "+14505550198", 400, 21610);
  g_assert_cmpuint (post_json (server, "/send/sms", STAFF_TOKEN, "{\"to\": \"4505550198\", \"body\": \"Bonjour\"}",
                               &answer),
                    ==, 400);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "unsubscribed");
  g_assert_cmpint (json_object_get_int_member (answer, "twilio_code"), ==, 21610);
  g_clear_pointer (&answer, json_object_unref);

  /* Refused before Twilio is asked. */
  g_assert_cmpuint (post_json (server, "/send/sms", STAFF_TOKEN, "{\"to\": \"555-0142\", \"body\": \"Bonjour\"}",
                               &answer),
                    ==, 400);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "invalid_number");
  g_assert_false (json_object_has_member (answer, "twilio_code"));
  g_clear_pointer (&answer, json_object_unref);
  g_assert_cmpuint (post_json (server, "/send/sms", STAFF_TOKEN, "{\"to\": \"4505550142\", \"body\": \"  \"}", &answer),
                    ==, 400);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "invalid_message");
  g_clear_pointer (&answer, json_object_unref);
  g_assert_cmpuint (post_json (server, "/send/sms", STAFF_TOKEN, "[1, 2]", &answer), ==, 400);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "bad_request");
  g_clear_pointer (&answer, json_object_unref);
  g_assert_cmpuint (post_json (server, "/send/sms", STAFF_TOKEN,
                               "{\"to\": \"4505550142\", \"body\": \"x\", \"customer\": \"C9999\"}", &answer),
                    ==, 400);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "unknown_customer");
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fake), ==, before);
}

static void
test_incoming (void)
{
  OpsTestServer *server = live_server ();
  g_auto(GStrv) params = ops_fake_twilio_inbound_params (fake, "SM11111111111111111111111111111111",
                                                         CUSTOMER_PHONE, FROM, "Toujours pas d'Internet <depuis> 9h");
  g_auto(GStrv) stranger = ops_fake_twilio_inbound_params (fake, "SM22222222222222222222222222222222",
                                                           "+15145550000", FROM, "Allo?");
  g_auto(GStrv) message = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(JsonObject) stranger_payload = NULL;
  const char *name = "SMS-SM11111111111111111111111111111111";

  post_webhook (server, "/webhook/twilio/sms-incoming", INCOMING, (const char *const *)params);

  message = query_row (server, "SELECT direction, medium, customer, ticket, sender, content, delivery_status "
                       "FROM messages WHERE name = ?1", name);
  g_assert_nonnull (message);
  g_assert_cmpstr (message[0], ==, "Received");
  g_assert_cmpstr (message[1], ==, "SMS");
  g_assert_cmpstr (message[2], ==, "C0001");
  g_assert_cmpstr (message[3], ==, "ISS-2026-00001");
  g_assert_cmpstr (message[4], ==, CUSTOMER_PHONE);
  g_assert_cmpstr (message[5], ==, "Toujours pas d'Internet <depuis> 9h");
  g_assert_cmpstr (message[6], ==, "received");

  payload = outbox_payload (server, name);
  g_assert_cmpstr (json_object_get_string_member (payload, "sent_or_received"), ==, "Received");
  g_assert_cmpstr (json_object_get_string_member (payload, "subject"), ==, "SMS from " CUSTOMER_PHONE);
  g_assert_cmpstr (json_object_get_string_member (payload, "sender"), ==, CUSTOMER_PHONE);
  g_assert_cmpstr (json_object_get_string_member (payload, "content"), ==, "Toujours pas d&apos;Internet &lt;depuis&gt; 9h");
  g_assert_cmpstr (json_object_get_string_member (payload, "reference_doctype"), ==, "Issue");

  /* Twilio retries: still one message, one Communication, and 200. */
  post_webhook (server, "/webhook/twilio/sms-incoming", INCOMING, (const char *const *)params);
  post_webhook (server, "/webhook/twilio/sms-incoming", INCOMING, (const char *const *)params);
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM messages WHERE provider_id = ?1",
                              "SM11111111111111111111111111111111"), ==, 1);
  g_assert_cmpint (count_outbox (server, name), ==, 1);

  /* Signed over the URL with :443, as Twilio sometimes does; from a
   * number nobody has: an unlinked Communication. */
  post_webhook (server, "/webhook/twilio/sms-incoming", "https://ops.example.net:443/webhook/twilio/sms-incoming",
                (const char *const *)stranger);
  g_assert_cmpint (count_outbox (server, "SMS-SM22222222222222222222222222222222"), ==, 1);
  stranger_payload = outbox_payload (server, "SMS-SM22222222222222222222222222222222");
  g_assert_cmpstr (json_object_get_string_member (stranger_payload, "status"), ==, "Open");
  g_assert_false (json_object_has_member (stranger_payload, "reference_doctype"));
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM messages WHERE name = ?1 AND customer IS NULL",
                              "SMS-SM22222222222222222222222222222222"), ==, 1);
}

static void
assert_refused (OpsTestServer     *server,
                const char        *path,
                const char *const *params,
                const char        *signature,
                guint              expected_status,
                const char        *expected_error)
{
  g_autofree char *url = ops_test_server_url (server, path);
  g_autofree char *answer = NULL;
  g_autofree char *type = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  guint status;

  status = ops_fake_twilio_post_form (fake, url, params, signature, &answer, &type, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (status, ==, expected_status);
  g_assert_cmpstr (type, ==, "application/json");
  node = json_from_string (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "error"), ==, expected_error);
  g_assert_nonnull (json_object_get_string_member (json_node_get_object (node), "message"));
}

/* A sample of GET /metrics; -1 when absent. */
static double
metric (OpsTestServer *server,
        const char    *series)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ops_test_server_url (server, "/metrics");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;

  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], series) && lines[i][strlen (series)] == ' ')
      return g_ascii_strtod (lines[i] + strlen (series) + 1, NULL);
  return -1;
}

static void
test_bad_signature (void)
{
  OpsTestServer *server = live_server ();
  const char *sid = "SM33333333333333333333333333333333";
  g_auto(GStrv) params = ops_fake_twilio_inbound_params (fake, sid, CUSTOMER_PHONE, FROM, "Faux");
  g_auto(GStrv) tampered = g_strdupv (params);
  g_autofree char *right = ops_fake_twilio_sign (fake, INCOMING, (const char *const *)params);
  g_autofree char *local_url = ops_test_server_url (server, "/webhook/twilio/sms-incoming");
  g_autofree char *over_local = ops_fake_twilio_sign (fake, local_url, (const char *const *)params);
  g_autofree char *other_token = NULL;

  {
    g_autoptr(OpsFakeTwilio) impostor = ops_fake_twilio_new (SID, "not-the-token");

    other_token = ops_fake_twilio_sign (impostor, INCOMING, (const char *const *)params);
  }
  for (guint i = 0; tampered[i] != NULL; i += 2)
    if (g_str_equal (tampered[i], "Body"))
      {
        g_free (tampered[i + 1]);
        tampered[i + 1] = g_strdup ("Faux!");
      }

  assert_refused (server, "/webhook/twilio/sms-incoming", (const char *const *)params, NULL, 403, "invalid_signature");
  assert_refused (server, "/webhook/twilio/sms-incoming", (const char *const *)params, "", 403, "invalid_signature");
  assert_refused (server, "/webhook/twilio/sms-incoming", (const char *const *)params, other_token, 403,
                  "invalid_signature");
  assert_refused (server, "/webhook/twilio/sms-incoming", (const char *const *)params, over_local, 403,
                  "invalid_signature");
  assert_refused (server, "/webhook/twilio/sms-incoming", (const char *const *)tampered, right, 403,
                  "invalid_signature");
  assert_refused (server, "/webhook/twilio/sms-status", (const char *const *)params, right, 403, "invalid_signature");

  /* Nothing was recorded, and the event was not claimed. */
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM messages WHERE provider_id = ?1", sid), ==, 0);
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM processed_events WHERE event_key LIKE '%' || ?1 || '%'",
                              sid), ==, 0);
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM outbox WHERE payload LIKE '%Faux%'", NULL), ==, 0);

  /* The genuine one still goes through afterwards. */
  post_webhook (server, "/webhook/twilio/sms-incoming", INCOMING, (const char *const *)params);
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM messages WHERE provider_id = ?1", sid), ==, 1);

  /* Each refusal is counted. */
  g_assert_cmpfloat (metric (server, "ops_webhook_requests_total{outcome=\"bad_signature\",provider=\"twilio\"}"),
                     >=, 6);
  g_assert_cmpfloat (metric (server, "ops_webhook_requests_total{outcome=\"ok\",provider=\"twilio\"}"), >=, 1);
}

static void
post_status (OpsTestServer *server,
             const char    *sid,
             const char    *status,
             int            error_code)
{
  g_auto(GStrv) params = ops_fake_twilio_status_params (fake, sid, status, error_code);

  post_webhook (server, "/webhook/twilio/sms-status", STATUS, (const char *const *)params);
}

static char *
delivery_status (OpsTestServer *server,
                 const char    *sid)
{
  g_auto(GStrv) row = query_row (server, "SELECT delivery_status, coalesce(error_code, 0) FROM messages "
                                 "WHERE provider_id = ?1", sid);

  g_assert_nonnull (row);
  return g_strdup_printf ("%s %s", row[0], row[1]);
}

static void
test_status_order (void)
{
  OpsTestServer *server = live_server ();
  g_autofree char *delivered = send_sms (server, "450 555 0142", "Rendez-vous confirme");
  g_autofree char *failed = send_sms (server, "450 555 0143", "Rendez-vous confirme");
  g_autofree char *status = NULL;

  post_status (server, delivered, "sending", 0);
  status = delivery_status (server, delivered);
  g_assert_cmpstr (status, ==, "sending 0");
  g_clear_pointer (&status, g_free);

  /* delivered arrives before sent: sent does not take it back. */
  post_status (server, delivered, "delivered", 0);
  post_status (server, delivered, "sent", 0);
  post_status (server, delivered, "queued", 0);
  status = delivery_status (server, delivered);
  g_assert_cmpstr (status, ==, "delivered 0");
  g_clear_pointer (&status, g_free);

  /* A retried callback is answered 200 and changes nothing. */
  post_status (server, delivered, "delivered", 0);
  {
    g_autofree char *key = g_strdup_printf ("st:%s:delivered", delivered);

    g_assert_cmpint (query_int (server, "SELECT count(*) FROM processed_events WHERE event_key = ?1", key), ==, 1);
  }

  post_status (server, failed, "sent", 0);
  post_status (server, failed, "undelivered", 30003);
  post_status (server, failed, "delivered", 0);
  status = delivery_status (server, failed);
  g_assert_cmpstr (status, ==, "undelivered 30003");
  g_clear_pointer (&status, g_free);

  /* A callback about a message sent elsewhere is acknowledged. */
  post_status (server, "SM44444444444444444444444444444444", "delivered", 0);
  g_assert_cmpint (query_int (server, "SELECT count(*) FROM messages WHERE provider_id = ?1",
                              "SM44444444444444444444444444444444"), ==, 0);
}

static void
test_webhook_errors (void)
{
  OpsTestServer *server = live_server ();
  const char *const no_sid[] = { "From", CUSTOMER_PHONE, "Body", "x", NULL };
  g_autofree char *signature = ops_fake_twilio_sign (fake, INCOMING, no_sid);
  g_autofree char *url = ops_test_server_url (server, "/webhook/twilio/nope");
  g_autofree char *incoming = ops_test_server_url (server, "/webhook/twilio/sms-incoming");
  g_autofree char *big = g_strnfill (128 * 1024, 'x');
  const char *const huge[] = { "Body", big, NULL };
  g_autofree char *huge_signature = ops_fake_twilio_sign (fake, INCOMING, huge);
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;

  /* Signed but not an SMS: refused after the signature, nothing kept. */
  assert_refused (server, "/webhook/twilio/sms-incoming", no_sid, signature, 400, "bad_request");
  g_assert_cmpuint (ops_fake_twilio_post_form (fake, url, no_sid, signature, &answer, NULL, &error), ==, 404);
  g_assert_no_error (error);
  g_clear_pointer (&answer, g_free);
  g_assert_cmpuint (ops_fake_twilio_post_form (fake, incoming, huge,
                                               huge_signature, &answer, NULL, &error), ==, 413);
  g_assert_no_error (error);
}

/* The demo workspace records a simulated message and sends nothing, even
 * with Twilio configured. */
static void
test_demo_simulated (void)
{
  OpsTestServer *demo;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *config = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = 0\n"
                                             "[twilio]\nurl = %s\naccount_sid = " SID "\nauth_token = " TOKEN "\n"
                                             "from = " FROM "\n",
                                             ops_fake_twilio_get_url (fake));
  guint before = ops_fake_twilio_get_message_count (fake);
  const char *name;
  g_auto(GStrv) row = NULL;

  demo = server_start ("twilio-demo", config, NULL);
  g_assert_cmpuint (post_json (demo, "/send/sms", NULL,
                               "{\"to\": \"514-555-0142\", \"body\": \"Essai de la démo\"}", &answer),
                    ==, 200);
  g_assert_true (json_object_has_member (answer, "sid"));
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (answer, "sid")));
  g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "simulated");
  g_assert_true (json_object_get_boolean_member (answer, "simulated"));
  g_assert_nonnull (strstr (json_object_get_string_member (answer, "message"), "not sent"));
  /* The demo's Marie-Ève Beaulé has that number. */
  g_assert_cmpstr (json_object_get_string_member (answer, "customer"), ==, "C0001");
  name = json_object_get_string_member (answer, "message_name");

  row = query_row (demo, "SELECT delivery_status, direction, customer FROM messages WHERE name = ?1", name);
  g_assert_nonnull (row);
  g_assert_cmpstr (row[0], ==, "simulated");
  g_assert_cmpstr (row[1], ==, "Sent");
  g_assert_cmpint (query_int (demo, "SELECT count(*) FROM outbox", NULL), ==, 0);
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fake), ==, before);

  ops_test_server_stop (demo);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *entry;
  int status;

  g_test_init (&argc, &argv, NULL);

  workdir = g_dir_make_tmp ("test-twilio-routes-XXXXXX", &error);
  g_assert_no_error (error);
  fake = ops_fake_twilio_new (SID, TOKEN);

  g_test_add_func ("/twilio-routes/send", test_send);
  g_test_add_func ("/twilio-routes/send-idempotent", test_send_idempotent);
  g_test_add_func ("/twilio-routes/send-errors", test_send_errors);
  g_test_add_func ("/twilio-routes/incoming", test_incoming);
  g_test_add_func ("/twilio-routes/bad-signature", test_bad_signature);
  g_test_add_func ("/twilio-routes/status-order", test_status_order);
  g_test_add_func ("/twilio-routes/webhook-errors", test_webhook_errors);
  g_test_add_func ("/twilio-routes/demo-simulated", test_demo_simulated);

  status = g_test_run ();

  ops_test_server_stop (live);
  ops_fake_twilio_free (fake);

  dir = g_dir_open (workdir, 0, NULL);
  while (dir != NULL && (entry = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (workdir, entry, NULL);

      g_unlink (path);
    }
  g_rmdir (workdir);
  g_free (workdir);
  return status;
}
