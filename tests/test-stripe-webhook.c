/* test-stripe-webhook.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POST /webhook/stripe on the real binary run with --headless, on a live
 * store whose ERPNext is out of reach (127.0.0.1:9), so the Payment Entry
 * a payment queues stays in the outbox for the test to read.
 */

#define G_LOG_DOMAIN "test-stripe-webhook"

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ops-outbox.h"
#include "ops-store.h"
#include "ops-stripe-signature.h"
#include "ops-test-server.h"

#define SECRET "whsec_test_secret"
#define ERPNEXT_URL "http://127.0.0.1:9"
#define INVOICE "ACC-SINV-2025-00042"
#define OVERSIZED_BODY (600 * 1024)

/*
 * The server
 */

/* A live store (ERPNext configured) holding customer C1 and an invoice of
 * 100.00 still to pay. */
static char *
make_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "live.sqlite", NULL);
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) customer = json_from_string ("{\"name\":\"C1\",\"customer_name\":\"Marie Tremblay\"}", NULL);
  g_autoptr(JsonNode) invoice = json_from_string ("{\"name\":\"" INVOICE "\",\"customer\":\"C1\","
                                                  "\"posting_date\":\"2025-06-01\",\"grand_total\":100.0,"
                                                  "\"outstanding_amount\":100.0,\"status\":\"Unpaid\"}", NULL);

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_set_meta (store, "erpnext.url", ERPNEXT_URL, &error));
  g_assert_true (ops_store_upsert (store, "customers", json_node_get_object (customer), &error));
  g_assert_true (ops_store_upsert (store, "invoices", json_node_get_object (invoice), &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static OpsTestServer *
server_start (const char *stripe_section)
{
  g_autofree char *contents = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = 0\nshutdown_seconds = 1\n"
                                               "[erpnext]\nurl = " ERPNEXT_URL "\napi_key = key\n"
                                               "api_secret = secret\nsync_interval = 3600\n%s",
                                               stripe_section);
  g_autofree char *config = g_build_filename (g_get_user_config_dir (), "stripe.ini", NULL);
  g_autofree char *store = make_store ();

  return ops_test_server_start (config, contents, store);
}

/*
 * Requests
 */

/* Posts body with the Stripe-Signature header (none when NULL); the
 * answer's JSON object. */
static JsonObject *
post (OpsTestServer *server,
      const char    *method,
      const char    *body,
      gsize          length,
      const char    *signature,
      guint          expected_status)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ops_test_server_url (server, "/webhook/stripe");
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;

  soup_session_set_timeout (session, 30);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", bytes);
    }
  if (signature != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Stripe-Signature", signature);
  /* A large body waits for the server's go-ahead, which a refusal replaces. */
  if (length > 64 * 1024)
    soup_message_headers_set_expectations (soup_message_get_request_headers (msg), SOUP_EXPECTATION_CONTINUE);

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  if (soup_message_get_status (msg) != expected_status)
    g_error ("%s /webhook/stripe: %u %s", method, soup_message_get_status (msg),
             (const char *)g_bytes_get_data (answer, NULL));
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");

  node = json_from_string (g_bytes_get_data (answer, NULL), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Signs body at now - age seconds and posts it. */
static JsonObject *
post_signed (OpsTestServer *server,
             const char    *body,
             gint64         age,
             guint          expected_status)
{
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  g_autofree char *signature = ops_stripe_signature_header (SECRET, now - age, (const guint8 *)body,
                                                            strlen (body));

  return post (server, "POST", body, strlen (body), signature, expected_status);
}

static char *
get_metrics (OpsTestServer *server)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *url = ops_test_server_url (server, "/metrics");
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) answer = NULL;

  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  return g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
assert_received (JsonObject *answer)
{
  g_assert_true (json_object_get_boolean_member (answer, "received"));
}

static void
assert_error (JsonObject *answer,
              const char *error)
{
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, error);
  g_assert_nonnull (json_object_get_string_member (answer, "message"));
  g_assert_null (strstr (json_object_get_string_member (answer, "message"), SECRET));
}

/* Events as Stripe sends them (apis.md §3.3), created now. */
static char *
session_event (const char *event_id,
               const char *payment_status,
               const char *intent,
               gint64     *created)
{
  *created = g_get_real_time () / G_USEC_PER_SEC;
  return g_strdup_printf ("{\"id\":\"%s\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\","
                          "\"created\":%" G_GINT64_FORMAT ",\"data\":{\"object\":{\"id\":\"cs_test_a1\","
                          "\"object\":\"checkout.session\",\"status\":\"complete\",\"payment_status\":\"%s\","
                          "\"amount_total\":4999,\"currency\":\"cad\",\"client_reference_id\":\"" INVOICE "\","
                          "\"customer\":\"cus_Q1\",\"metadata\":{\"invoice\":\"" INVOICE "\"},\"mode\":\"payment\","
                          "\"payment_intent\":%s%s%s,\"livemode\":false}},\"livemode\":false,"
                          "\"pending_webhooks\":1,\"request\":{\"id\":\"req_1\",\"idempotency_key\":null},"
                          "\"type\":\"checkout.session.completed\"}",
                          event_id, *created, payment_status, intent ? "\"" : "", intent ? intent : "null",
                          intent ? "\"" : "");
}

/*
 * The store, read beside the server
 */

static GPtrArray *
payment_rows (OpsTestServer *server)
{
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *rows;

  store = ops_store_open (ops_test_server_get_store (server), &error);
  g_assert_no_error (error);
  rows = ops_outbox_list (store, "Payment Entry", NULL, &error);
  g_assert_no_error (error);
  return rows;
}

static void
assert_invoice (OpsTestServer *server,
                double         outstanding,
                const char    *status)
{
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsCustomerDetail) detail = NULL;
  OpsInvoice *invoice;

  store = ops_store_open (ops_test_server_get_store (server), &error);
  g_assert_no_error (error);
  detail = ops_store_get_customer_detail (store, "C1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (detail->invoices->len, ==, 1);
  invoice = detail->invoices->pdata[0];
  g_assert_cmpfloat_with_epsilon (invoice->outstanding_amount, outstanding, 1e-9);
  g_assert_cmpstr (invoice->status, ==, status);
}

/*
 * Tests
 */

static void
test_paid_session (void)
{
  OpsTestServer *server;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonObject) replayed = NULL;
  g_autoptr(JsonObject) same_payment = NULL;
  g_autoptr(GDateTime) paid = NULL;
  g_autofree char *body = NULL;
  g_autofree char *intent_body = NULL;
  g_autofree char *today = NULL;
  g_autofree char *metrics = NULL;
  OpsOutboxEntry *row;
  gint64 created;

  server = server_start ("[stripe]\nwebhook_secret = " SECRET "\nmode_of_payment = Carte Stripe\n");

  body = session_event ("evt_paid_1", "paid", "pi_3Q1", &created);
  answer = post_signed (server, body, 0, 200);
  assert_received (answer);

  /* One Payment Entry waits, keyed by the PaymentIntent. */
  rows = payment_rows (server);
  g_assert_cmpuint (rows->len, ==, 1);
  row = rows->pdata[0];
  g_assert_cmpint (row->operation, ==, OPS_OUTBOX_INSERT);
  g_assert_cmpstr (row->docname, ==, "pi_3Q1");
  g_assert_cmpstr (row->idempotency_key, ==, "pi_3Q1");
  g_assert_cmpstr (row->dedupe_field, ==, "reference_no");
  g_assert_cmpstr (json_object_get_string_member (row->payload, "__from_invoice"), ==, INVOICE);
  g_assert_cmpstr (json_object_get_string_member (row->payload, "reference_no"), ==, "pi_3Q1");
  paid = g_date_time_new_from_unix_local (created);
  today = g_date_time_format (paid, "%Y-%m-%d");
  g_assert_cmpstr (json_object_get_string_member (row->payload, "reference_date"), ==, today);
  g_assert_cmpfloat (json_object_get_double_member (row->payload, "paid_amount"), ==, 49.99);
  g_assert_cmpfloat (json_object_get_double_member (row->payload, "received_amount"), ==, 49.99);
  g_assert_cmpstr (json_object_get_string_member (row->payload, "mode_of_payment"), ==, "Carte Stripe");
  g_assert_false (json_object_has_member (row->payload, "docstatus"));
  /* The console shows it paid at once. */
  assert_invoice (server, 50.01, "Partly Paid");

  /* Stripe sends it again: acknowledged, nothing new. */
  replayed = post_signed (server, body, 0, 200);
  assert_received (replayed);

  /* The PaymentIntent's own event reports the same payment. */
  intent_body = g_strdup_printf ("{\"id\":\"evt_pi_1\",\"object\":\"event\",\"created\":%" G_GINT64_FORMAT ","
                                 "\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_3Q1\","
                                 "\"object\":\"payment_intent\",\"amount\":4999,\"amount_received\":4999,"
                                 "\"currency\":\"cad\",\"metadata\":{\"invoice\":\"" INVOICE "\"},"
                                 "\"status\":\"succeeded\"}}}", created);
  same_payment = post_signed (server, intent_body, 0, 200);
  assert_received (same_payment);

  after = payment_rows (server);
  g_assert_cmpuint (after->len, ==, 1);
  assert_invoice (server, 50.01, "Partly Paid");

  /* Counted by outcome for /metrics. */
  metrics = get_metrics (server);
  g_assert_nonnull (strstr (metrics, "ops_webhook_requests_total{outcome=\"ok\",provider=\"stripe\"} 1\n"));
  g_assert_nonnull (strstr (metrics, "ops_webhook_requests_total{outcome=\"duplicate\",provider=\"stripe\"} 2\n"));

  ops_test_server_stop (server);
}

static void
test_refused_and_ignored (void)
{
  OpsTestServer *server;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *body = NULL;
  g_autofree char *tampered = NULL;
  g_autofree char *good = NULL;
  g_autofree char *wrong = NULL;
  g_autofree char *oversized = g_strnfill (OVERSIZED_BODY, ' ');
  g_autofree char *metrics = NULL;
  gint64 created;

  server = server_start ("[stripe]\nwebhook_secret = " SECRET "\n");
  body = session_event ("evt_paid_2", "paid", "pi_3Q2", &created);

  /* A bad signature, none, a tampered body, an old one: 400 and nothing. */
  wrong = ops_stripe_signature_header ("whsec_other", created, (const guint8 *)body, strlen (body));
  {
    g_autoptr(JsonObject) answer = post (server, "POST", body, strlen (body), wrong, 400);
    assert_error (answer, "invalid_signature");
  }
  {
    g_autoptr(JsonObject) answer = post (server, "POST", body, strlen (body), NULL, 400);
    assert_error (answer, "invalid_signature");
  }
  good = ops_stripe_signature_header (SECRET, created, (const guint8 *)body, strlen (body));
  tampered = g_strdup (body);
  *strstr (tampered, "4999") = '9';
  {
    g_autoptr(JsonObject) answer = post (server, "POST", tampered, strlen (tampered), good, 400);
    assert_error (answer, "invalid_signature");
  }
  {
    g_autoptr(JsonObject) answer = post_signed (server, body, 301, 400);
    assert_error (answer, "invalid_signature");
    g_assert_nonnull (strstr (json_object_get_string_member (answer, "message"), "clock"));
  }

  /* Signed but not an event. */
  {
    g_autoptr(JsonObject) answer = post_signed (server, "{\"object\":\"event\"}", 0, 400);
    assert_error (answer, "bad_request");
  }

  /* An unpaid session and a type not handled: acknowledged, nothing kept. */
  {
    g_autofree char *unpaid = session_event ("evt_unpaid", "unpaid", NULL, &created);
    g_autoptr(JsonObject) answer = post_signed (server, unpaid, 0, 200);
    assert_received (answer);
  }
  {
    g_autoptr(JsonObject) answer = post_signed (server, "{\"id\":\"evt_c\",\"object\":\"event\","
                                                "\"type\":\"customer.created\",\"data\":{\"object\":"
                                                "{\"id\":\"cus_1\",\"object\":\"customer\"}}}", 0, 200);
    assert_received (answer);
  }

  /* Not POST; too large (refused before it is read). */
  {
    g_autoptr(JsonObject) answer = post (server, "GET", NULL, 0, NULL, 405);
    assert_error (answer, "method_not_allowed");
  }
  {
    g_autoptr(JsonObject) answer = post (server, "POST", oversized, OVERSIZED_BODY, good, 413);
    assert_error (answer, "payload_too_large");
  }

  rows = payment_rows (server);
  g_assert_cmpuint (rows->len, ==, 0);
  assert_invoice (server, 100.0, "Unpaid");

  metrics = get_metrics (server);
  g_assert_nonnull (strstr (metrics, "{outcome=\"bad_signature\",provider=\"stripe\"} 4\n"));
  g_assert_nonnull (strstr (metrics, "{outcome=\"bad_request\",provider=\"stripe\"} 3\n"));
  g_assert_nonnull (strstr (metrics, "{outcome=\"unpaid\",provider=\"stripe\"} 1\n"));
  g_assert_nonnull (strstr (metrics, "{outcome=\"ignored\",provider=\"stripe\"} 1\n"));
  g_assert_null (strstr (metrics, "{outcome=\"ok\",provider=\"stripe\"}"));

  /* And the refused event, once signed right, still goes through. */
  {
    g_autoptr(JsonObject) answer = post_signed (server, body, 0, 200);
    g_autoptr(GPtrArray) now_rows = NULL;

    assert_received (answer);
    now_rows = payment_rows (server);
    g_assert_cmpuint (now_rows->len, ==, 1);
  }

  ops_test_server_stop (server);
}

static void
test_not_configured (void)
{
  OpsTestServer *server;
  g_autoptr(JsonObject) answer = NULL;
  g_autofree char *body = NULL;
  gint64 created;

  server = server_start ("");
  body = session_event ("evt_paid_3", "paid", "pi_3Q3", &created);
  answer = post_signed (server, body, 0, 503);
  assert_error (answer, "not_configured");

  ops_test_server_stop (server);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/stripe-webhook/paid-session", test_paid_session);
  g_test_add_func ("/stripe-webhook/refused-and-ignored", test_refused_and_ignored);
  g_test_add_func ("/stripe-webhook/not-configured", test_not_configured);

  return g_test_run ();
}
