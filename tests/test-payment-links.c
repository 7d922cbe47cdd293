/* test-payment-links.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "Send payment link" on a copy of the demo workspace's store, with a
 * live service layer whose Stripe is the fake: the session, the
 * payment_links row, the queued SMS, reuse of an open session, the same
 * Idempotency-Key after a crash, the refusals; the demo's simulated
 * session; and end to end: the link's session paid, its signed
 * checkout.session.completed posted to the real binary run with
 * --headless, and the payment seen on the hub's live stream.
 */

#define G_LOG_DOMAIN "test-payment-links"

#include "config.h"

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <string.h>

#include "ops-conversation.h"
#include "ops-fake-stripe.h"
#include "ops-hub-client.h"
#include "ops-outbox.h"
#include "ops-payment-links.h"
#include "ops-reply-templates.h"
#include "ops-service-layer.h"
#include "ops-store-payment-links.h"
#include "ops-stripe-client.h"
#include "ops-stripe-signature.h"
#include "ops-test-server.h"
#include "ops-workspace.h"

#define SECRET_KEY "sk_test_51PaymentLinksFakeKey000000"
#define WEBHOOK_SECRET "whsec_payment_links_test"
#define ERPNEXT_URL "http://127.0.0.1:9"
#define HUB_TOKEN "payment-links-console-token-5c1e"
#define CUSTOMER "CPL1"
#define INVOICE "ACC-SINV-2026-09001"
#define INVOICE_NO_MOBILE "ACC-SINV-2026-09002"
#define INVOICE_PAID "ACC-SINV-2026-09003"
#define MOBILE "+14505550142"
#define TEMPLATE "Bonjour {prenom}, voici le lien pour régler votre facture Gigafibre : {lien_paiement}"

typedef struct
{
  char            *dir;
  char            *path;
  OpsStore        *store;
  OpsFakeStripe   *fake;
  OpsConfig       *config;
  OpsServiceLayer *services;
  GPtrArray       *events;   /* "topic data" lines from the bus */
} Fixture;

typedef struct
{
  GMainLoop *loop;
  char      *message;
  GError    *error;
} Wait;

/* The demo workspace's store, seeded once. */
static char *demo_store_path;

/*
 * Helpers
 */

static JsonObject *
object (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
upsert (OpsStore   *store,
        const char *table,
        const char *json)
{
  g_autoptr(JsonObject) record = object (json);
  g_autoptr(GError) error = NULL;

  g_assert_true (ops_store_upsert (store, table, record, &error));
  g_assert_no_error (error);
}

/* A customer with two contacts (the primary one has a mobile), one
 * without any number, and their invoices. */
static void
add_customers (OpsStore *store)
{
  upsert (store, "customers", "{\"name\":\"" CUSTOMER "\",\"customer_name\":\"Éloïse Gagnon\"}");
  upsert (store, "contacts", "{\"name\":\"CONT-PL1-B\",\"customer\":\"" CUSTOMER "\",\"first_name\":\"Marc\","
                             "\"mobile\":\"514 555-0199\",\"is_primary\":0}");
  upsert (store, "contacts", "{\"name\":\"CONT-PL1-A\",\"customer\":\"" CUSTOMER "\",\"first_name\":\"Éloïse\","
                             "\"last_name\":\"Gagnon\",\"phone\":\"450 555-0100\",\"mobile\":\"(450) 555-0142\","
                             "\"email\":\"eloise@example.com\",\"is_primary\":1}");
  upsert (store, "invoices", "{\"name\":\"" INVOICE "\",\"customer\":\"" CUSTOMER "\",\"posting_date\":\"2026-05-01\","
                             "\"grand_total\":89.5,\"outstanding_amount\":89.5,\"status\":\"Overdue\"}");
  upsert (store, "invoices", "{\"name\":\"" INVOICE_PAID "\",\"customer\":\"" CUSTOMER "\","
                             "\"posting_date\":\"2026-04-01\",\"grand_total\":89.5,\"outstanding_amount\":0,"
                             "\"status\":\"Paid\"}");
  upsert (store, "customers", "{\"name\":\"CPL2\",\"customer_name\":\"Sans Numéro\"}");
  upsert (store, "contacts", "{\"name\":\"CONT-PL2\",\"customer\":\"CPL2\",\"first_name\":\"Paul\","
                             "\"email\":\"paul@example.com\",\"is_primary\":1}");
  upsert (store, "invoices", "{\"name\":\"" INVOICE_NO_MOBILE "\",\"customer\":\"CPL2\","
                             "\"posting_date\":\"2026-05-01\",\"grand_total\":20,\"outstanding_amount\":20,"
                             "\"status\":\"Unpaid\"}");
}

static void
on_event_cb (OpsEventBus *bus,
             const char  *topic,
             JsonNode    *data,
             gpointer     user_data)
{
  GPtrArray *events = user_data;
  g_autofree char *text = data ? json_to_string (data, FALSE) : g_strdup ("null");

  g_ptr_array_add (events, g_strdup_printf ("%s %s", topic, text));
}

static OpsServiceLayer *
new_services (Fixture  *fixture,
              gboolean  demo)
{
  g_autoptr(GError) error = NULL;
  OpsServiceLayer *services;

  services = ops_service_layer_new (fixture->config, fixture->store, demo, &error);
  g_assert_no_error (error);
  g_signal_connect (ops_service_layer_get_bus (services), "event", G_CALLBACK (on_event_cb), fixture->events);
  return services;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) source = g_file_new_for_path (demo_store_path);
  g_autoptr(GFile) target = NULL;
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("ops-payment-links-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "store.sqlite", NULL);
  target = g_file_new_for_path (fixture->path);
  g_file_copy (source, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->store = ops_store_open (fixture->path, &error);
  g_assert_no_error (error);
  add_customers (fixture->store);

  fixture->fake = ops_fake_stripe_new (SECRET_KEY);
  g_assert_nonnull (fixture->fake);
  fixture->config = ops_config_new ();
  ops_config_set_string (fixture->config, "erpnext", "url", ERPNEXT_URL);
  ops_config_set_string (fixture->config, "erpnext", "api_key", "key");
  ops_config_set_string (fixture->config, "erpnext", "api_secret", "secret");
  ops_config_set_string (fixture->config, "stripe", "url", ops_fake_stripe_get_url (fixture->fake));
  ops_config_set_string (fixture->config, "stripe", "secret_key", SECRET_KEY);
  fixture->events = g_ptr_array_new_with_free_func (g_free);
  fixture->services = new_services (fixture, FALSE);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->services);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->config);
  g_clear_pointer (&fixture->fake, ops_fake_stripe_free);
  g_clear_pointer (&fixture->events, g_ptr_array_unref);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("%s did not finish within 20 s", (const char *)user_data);
  return G_SOURCE_REMOVE;
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->message = ops_payment_link_send_finish (OPS_SERVICE_LAYER (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

static char *
send_link (OpsServiceLayer  *services,
           const char       *invoice,
           GError          **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  guint guard = g_timeout_add_seconds (20, timeout_cb, (gpointer)"Sending the payment link");

  ops_payment_link_send_async (services, invoice, TEMPLATE, "Julie (CSR)", NULL, sent_cb, &wait);
  g_main_loop_run (wait.loop);
  g_source_remove (guard);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.message;
}

/* The outbox row of the queued SMS message. */
static JsonObject *
sms_payload (OpsStore   *store,
             const char *message)
{
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = ops_outbox_list (store, OPS_SMS_DOCTYPE, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      OpsOutboxEntry *row = rows->pdata[i];

      if (g_strcmp0 (row->docname, message) == 0)
        return json_object_ref (row->payload);
    }
  g_error ("No SMS outbox row for %s", message);
  return NULL;
}

static OpsConversationItem *
find_item (GPtrArray  *items,
           const char *message)
{
  for (guint i = 0; i < items->len; i++)
    if (g_strcmp0 (((OpsConversationItem *)items->pdata[i])->name, message) == 0)
      return items->pdata[i];
  return NULL;
}

static guint
count_events (Fixture    *fixture,
              const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < fixture->events->len; i++)
    if (g_str_has_prefix (fixture->events->pdata[i], prefix))
      n++;
  return n;
}

static guint
request_count (Fixture *fixture)
{
  g_auto(GStrv) requests = ops_fake_stripe_dup_requests (fixture->fake);

  return g_strv_length (requests);
}

/*
 * Tests
 */

static void
test_send (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *key = NULL;
  g_autoptr(OpsPaymentLink) link = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonObject) session = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(GPtrArray) thread = NULL;
  OpsConversationItem *item;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  JsonObject *price;

  message = send_link (fixture->services, INVOICE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);

  /* Stripe was asked once, with the attempt's key and the invoice. */
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 1);
  key = ops_fake_stripe_dup_last_header (fixture->fake, "Idempotency-Key");
  g_assert_cmpstr (key, ==, "paylink-" INVOICE "-1");
  params = ops_fake_stripe_dup_last_params (fixture->fake);
  g_assert_cmpstr (json_object_get_string_member (params, "client_reference_id"), ==, INVOICE);
  g_assert_cmpstr (json_object_get_string_member (params, "customer_email"), ==, "eloise@example.com");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (params, "metadata"), "customer"),
                   ==, CUSTOMER);
  price = json_object_get_object_member (json_array_get_object_element (json_object_get_array_member (params,
                                                                                                   "line_items"), 0),
                                         "price_data");
  g_assert_cmpstr (json_object_get_string_member (price, "unit_amount"), ==, "8950");
  g_assert_cmpstr (json_object_get_string_member (price, "currency"), ==, "cad");
  g_assert_cmpstr (json_object_get_string_member (params, "success_url"), ==,
                   ops_config_get_string (fixture->config, "stripe", "success_url"));

  /* The row: the attempt, Stripe's session, the message. */
  link = ops_store_get_last_payment_link (fixture->store, INVOICE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_cmpuint (link->attempt, ==, 1);
  g_assert_true (g_str_has_prefix (link->session_id, "cs_test_"));
  session = ops_fake_stripe_dup_session (fixture->fake, link->session_id);
  g_assert_nonnull (session);
  g_assert_cmpstr (link->url, ==, json_object_get_string_member (session, "url"));
  g_assert_cmpint (link->expires_at, ==, json_object_get_int_member (session, "expires_at"));
  g_assert_cmpint (link->expires_at, >, now);
  g_assert_cmpfloat_with_epsilon (link->amount, 89.5, 1e-9);
  g_assert_cmpstr (link->currency, ==, "cad");
  g_assert_cmpstr (link->message, ==, message);

  /* The SMS: to the primary contact's mobile, with the link and the first name. */
  payload = sms_payload (fixture->store, message);
  g_assert_cmpstr (json_object_get_string_member (payload, "to"), ==, MOBILE);
  g_assert_cmpstr (json_object_get_string_member (payload, "customer"), ==, CUSTOMER);
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "body"), link->url));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (payload, "body"), "Bonjour Éloïse, voici"));
  thread = ops_store_get_conversation (fixture->store, CUSTOMER, &error);
  g_assert_no_error (error);
  item = find_item (thread, message);
  g_assert_nonnull (item);
  g_assert_cmpint (item->kind, ==, OPS_CONVERSATION_SMS);
  g_assert_true (item->outbound);
  g_assert_nonnull (strstr (item->content, link->url));
  g_assert_cmpstr (item->delivery_status, ==, "queued");

  /* The customer's pages hear of it. */
  g_assert_cmpuint (count_events (fixture, "customer:" CUSTOMER " {\"payment_link\""), ==, 1);
}

static void
test_reuse_open_session (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autoptr(OpsPaymentLink) before = NULL;
  g_autoptr(OpsPaymentLink) after = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_auto(GStrv) requests = NULL;

  first = send_link (fixture->services, INVOICE, &error);
  g_assert_no_error (error);
  before = ops_store_get_last_payment_link (fixture->store, INVOICE, &error);
  second = send_link (fixture->services, INVOICE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second, !=, first);

  /* No second session, not even a second request: the same link again. */
  requests = ops_fake_stripe_dup_requests (fixture->fake);
  g_assert_cmpuint (g_strv_length (requests), ==, 1);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 1);
  after = ops_store_get_last_payment_link (fixture->store, INVOICE, &error);
  g_assert_cmpuint (after->attempt, ==, 1);
  g_assert_cmpstr (after->session_id, ==, before->session_id);
  g_assert_cmpstr (after->message, ==, second);
  payload = sms_payload (fixture->store, second);
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "body"), before->url));

  /* Another amount is another attempt, with its own key and session. */
  upsert (fixture->store, "invoices", "{\"name\":\"" INVOICE "\",\"customer\":\"" CUSTOMER "\","
                                      "\"grand_total\":89.5,\"outstanding_amount\":39.5,\"status\":\"Partly Paid\"}");
  g_free (second);
  second = send_link (fixture->services, INVOICE, &error);
  g_assert_no_error (error);
  g_clear_pointer (&after, ops_payment_link_free);
  after = ops_store_get_last_payment_link (fixture->store, INVOICE, &error);
  g_assert_cmpuint (after->attempt, ==, 2);
  g_assert_cmpstr (after->session_id, !=, before->session_id);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 2);
  {
    g_autofree char *key = ops_fake_stripe_dup_last_header (fixture->fake, "Idempotency-Key");

    g_assert_cmpstr (key, ==, "paylink-" INVOICE "-2");
  }
}

static void
test_crash_retry (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autoptr(OpsPaymentLink) before = NULL;
  g_autoptr(OpsPaymentLink) after = NULL;
  g_auto(GStrv) requests = NULL;

  first = send_link (fixture->services, INVOICE, &error);
  g_assert_no_error (error);
  before = ops_store_get_last_payment_link (fixture->store, INVOICE, &error);

  /* Stripe made the session, then the console died before keeping its
   * answer: the attempt's row is there, without a session. */
  g_assert_true (ops_store_exec (fixture->store,
                                 "UPDATE payment_links SET session_id = NULL, url = NULL, expires_at = NULL, "
                                 "message = NULL", &error));
  g_assert_no_error (error);

  again = send_link (fixture->services, INVOICE, &error);
  g_assert_no_error (error);

  /* The same key again, so Stripe answered with the same session. */
  requests = ops_fake_stripe_dup_requests (fixture->fake);
  g_assert_cmpuint (g_strv_length (requests), ==, 2);
  g_assert_cmpstr (requests[0], ==, "POST /v1/checkout/sessions key=paylink-" INVOICE "-1 -> 200");
  g_assert_cmpstr (requests[1], ==, "POST /v1/checkout/sessions key=paylink-" INVOICE "-1 -> 200");
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 1);
  after = ops_store_get_last_payment_link (fixture->store, INVOICE, &error);
  g_assert_cmpuint (after->attempt, ==, 1);
  g_assert_cmpstr (after->session_id, ==, before->session_id);
  g_assert_cmpstr (after->url, ==, before->url);
  g_assert_cmpstr (after->message, ==, again);
}

static void
test_refusals (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(OpsPaymentLink) link = NULL;

  message = send_link (fixture->services, INVOICE_PAID, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NO_BALANCE);
  g_assert_nonnull (strstr (error->message, INVOICE_PAID));
  g_clear_error (&error);

  message = send_link (fixture->services, INVOICE_NO_MOBILE, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NO_MOBILE);
  g_assert_nonnull (strstr (error->message, "CPL2"));
  g_clear_error (&error);

  message = send_link (fixture->services, "ACC-SINV-2026-99999", &error);
  g_assert_null (message);
  g_assert_error (error, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Nothing reached Stripe, nothing was recorded. */
  g_assert_cmpuint (request_count (fixture), ==, 0);
  link = ops_store_get_last_payment_link (fixture->store, INVOICE_NO_MOBILE, &error);
  g_assert_no_error (error);
  g_assert_null (link);
}

static void
test_stripe_refusal (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(OpsPaymentLink) link = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  ops_fake_stripe_fail_next (fixture->fake, 1, 401);
  message = send_link (fixture->services, INVOICE, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_AUTH);
  g_clear_error (&error);

  /* The attempt is kept without a session, and no SMS left. */
  link = ops_store_get_last_payment_link (fixture->store, INVOICE, &error);
  g_assert_nonnull (link);
  g_assert_null (link->session_id);
  rows = ops_outbox_list (fixture->store, OPS_SMS_DOCTYPE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 0);

  /* Not configured: said so, nothing recorded for it. */
  ops_config_set_string (fixture->config, "stripe", "secret_key", "");
  message = send_link (fixture->services, INVOICE, &error);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_NOT_CONFIGURED);
}

static void
test_demo (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(OpsServiceLayer) demo = new_services (fixture, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(OpsPaymentLink) link = NULL;
  g_autoptr(JsonObject) payload = NULL;

  message = send_link (demo, INVOICE, &error);
  g_assert_no_error (error);

  /* No Stripe at all: a session marked as simulated. */
  g_assert_cmpuint (request_count (fixture), ==, 0);
  link = ops_store_get_last_payment_link (fixture->store, INVOICE, &error);
  g_assert_cmpstr (link->session_id, ==, "cs_demo_" INVOICE);
  g_assert_cmpstr (link->url, ==, "https://checkout.stripe.com/c/pay/cs_demo_" INVOICE);
  g_assert_cmpstr (link->message, ==, message);
  payload = sms_payload (fixture->store, message);
  g_assert_cmpstr (json_object_get_string_member (payload, "to"), ==, MOBILE);
  g_assert_nonnull (strstr (json_object_get_string_member (payload, "body"), link->url));
}

/*
 * End to end
 */

typedef struct
{
  GMainLoop *loop;
  JsonNode  *payment;     /* the "payments" event */
  JsonNode  *customer;    /* the "customer:CPL1" one */
} Stream;

static void
on_stream_event_cb (OpsEventBus *bus,
                    const char  *topic,
                    JsonNode    *data,
                    gpointer     user_data)
{
  Stream *stream = user_data;
  JsonObject *object = data && JSON_NODE_HOLDS_OBJECT (data) ? json_node_get_object (data) : NULL;

  if (object == NULL || g_strcmp0 (json_object_get_string_member_with_default (object, "type", ""), "payment") != 0)
    return;
  if (g_str_equal (topic, "payments") && stream->payment == NULL)
    stream->payment = json_node_copy (data);
  else if (g_str_equal (topic, "customer:" CUSTOMER) && stream->customer == NULL)
    stream->customer = json_node_copy (data);
  if (stream->payment != NULL && stream->customer != NULL)
    g_main_loop_quit (stream->loop);
}

static void
on_hub_state_cb (OpsHubClient *hub,
                 GParamSpec   *pspec,
                 GMainLoop    *loop)
{
  if (ops_hub_client_get_state (hub) == OPS_HUB_AUTH_FAILED)
    g_error ("The hub refused the console's token: %s", ops_hub_client_get_last_error (hub));
  if (ops_hub_client_get_state (hub) == OPS_HUB_LIVE)
    g_main_loop_quit (loop);
}

static guint
post_event (OpsTestServer *server,
            const char    *body)
{
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 30, NULL);
  g_autofree char *url = ops_test_server_url (server, "/webhook/stripe");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *signature = ops_stripe_signature_header (WEBHOOK_SECRET, g_get_real_time () / G_USEC_PER_SEC,
                                                            (const guint8 *)body, strlen (body));

  soup_message_set_request_body_from_bytes (msg, "application/json; charset=utf-8", bytes);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Stripe-Signature", signature);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("/webhook/stripe: %u %.*s", soup_message_get_status (msg), (int)g_bytes_get_size (answer),
                  (const char *)g_bytes_get_data (answer, NULL));
  return soup_message_get_status (msg);
}

static void
test_end_to_end (void)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "e2e", NULL);
  g_autofree char *path = g_build_filename (dir, "live.sqlite", NULL);
  g_autofree char *config_path = g_build_filename (g_get_user_config_dir (), "payment-links.ini", NULL);
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(OpsServiceLayer) services = NULL;
  g_autoptr(OpsFakeStripe) fake = ops_fake_stripe_new (SECRET_KEY);
  g_autoptr(OpsEventBus) bus = ops_event_bus_new ();
  g_autoptr(OpsHubClient) hub = NULL;
  g_autoptr(OpsPaymentLink) link = NULL;
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *event = NULL;
  g_autofree char *hub_url = NULL;
  g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, HUB_TOKEN, -1);
  g_autofree char *contents = NULL;
  OpsTestServer *server;
  Stream stream = { loop, NULL, NULL };
  const char *const topics[] = { "payments", "customer:" CUSTOMER, NULL };
  JsonObject *payment;
  guint guard;

  /* The hub's store: live, ERPNext away, the customer and the invoice. */
  g_mkdir_with_parents (dir, 0700);
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_set_meta (store, "erpnext.url", ERPNEXT_URL, &error));
  add_customers (store);

  /* 1. The CSR sends the link: a session naming the invoice. */
  ops_config_set_string (config, "erpnext", "url", ERPNEXT_URL);
  ops_config_set_string (config, "erpnext", "api_key", "key");
  ops_config_set_string (config, "erpnext", "api_secret", "secret");
  ops_config_set_string (config, "stripe", "url", ops_fake_stripe_get_url (fake));
  ops_config_set_string (config, "stripe", "secret_key", SECRET_KEY);
  services = ops_service_layer_new (config, store, FALSE, &error);
  g_assert_no_error (error);
  message = send_link (services, INVOICE, &error);
  g_assert_no_error (error);
  link = ops_store_get_last_payment_link (store, INVOICE, &error);
  g_assert_nonnull (link);
  g_clear_object (&services);
  g_clear_object (&store);

  /* 2. The hub, on that store, with Stripe's webhook secret. */
  contents = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = 0\nshutdown_seconds = 1\n"
                              "tokens = sha256:%s\n"
                              "[erpnext]\nurl = " ERPNEXT_URL "\napi_key = key\napi_secret = secret\n"
                              "sync_interval = 3600\n"
                              "[stripe]\nwebhook_secret = " WEBHOOK_SECRET "\n", digest);
  server = ops_test_server_start (config_path, contents, path);

  /* 3. A console's live link to it. */
  hub_url = ops_test_server_url (server, "");
  hub = ops_hub_client_new (hub_url, HUB_TOKEN, bus, &error);
  g_assert_no_error (error);
  ops_hub_client_set_topics (hub, topics);
  g_signal_connect (bus, "event", G_CALLBACK (on_stream_event_cb), &stream);
  g_signal_connect (hub, "notify::state", G_CALLBACK (on_hub_state_cb), loop);
  guard = g_timeout_add_seconds (20, timeout_cb, (gpointer)"Connecting to the hub's stream");
  ops_hub_client_start (hub);
  if (ops_hub_client_get_state (hub) != OPS_HUB_LIVE)
    g_main_loop_run (loop);
  g_source_remove (guard);
  g_signal_handlers_disconnect_by_func (hub, on_hub_state_cb, loop);

  /* 4. The customer pays: Stripe signs and posts the session's event. */
  event = ops_fake_stripe_completed_event (fake, "evt_paylink_1", link->session_id, "pi_paylink_1");
  g_assert_nonnull (event);
  g_assert_nonnull (strstr (event, "\"client_reference_id\":\"" INVOICE "\""));
  g_assert_cmpuint (post_event (server, event), ==, 200);

  /* 5. Every console hears of it, with what is left to pay. */
  guard = g_timeout_add_seconds (20, timeout_cb, (gpointer)"The payment on the live stream");
  g_main_loop_run (loop);
  g_source_remove (guard);
  payment = json_node_get_object (stream.payment);
  g_assert_cmpstr (json_object_get_string_member (payment, "invoice"), ==, INVOICE);
  g_assert_cmpstr (json_object_get_string_member (payment, "customer"), ==, CUSTOMER);
  g_assert_cmpstr (json_object_get_string_member (payment, "reference"), ==, "pi_paylink_1");
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (payment, "amount"), 89.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (payment, "outstanding"), 0.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (json_node_get_object (stream.customer),
                                                                 "outstanding"), 0.0, 1e-9);

  ops_hub_client_stop (hub);
  ops_test_server_stop (server);

  /* And the invoice is paid in the store. */
  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  detail = ops_store_get_customer_detail (store, CUSTOMER, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < detail->invoices->len; i++)
    {
      OpsInvoice *invoice = detail->invoices->pdata[i];

      if (g_str_equal (invoice->name, INVOICE))
        {
          g_assert_cmpfloat_with_epsilon (invoice->outstanding_amount, 0.0, 1e-9);
          g_assert_cmpstr (invoice->status, ==, "Paid");
        }
    }
  json_node_unref (stream.payment);
  json_node_unref (stream.customer);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(OpsConfig) config = NULL;
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  /* One demo store, copied by each test (seeding it takes a moment). */
  demo_dir = g_dir_make_tmp ("ops-payment-links-demo-XXXXXX", &error);
  g_assert_no_error (error);
  demo_store_path = g_build_filename (demo_dir, "demo.sqlite", NULL);
  config = ops_config_new ();
  store = ops_workspace_open (config, demo_store_path, TRUE, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

#define ADD(path, func) \
  g_test_add ("/payment-links/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("send", test_send);
  ADD ("reuse-open-session", test_reuse_open_session);
  ADD ("crash-retry", test_crash_retry);
  ADD ("refusals", test_refusals);
  ADD ("stripe-refusal", test_stripe_refusal);
  ADD ("demo", test_demo);
#undef ADD
  g_test_add_func ("/payment-links/end-to-end", test_end_to_end);

  status = g_test_run ();

  remove_dir (demo_dir);
  g_free (demo_store_path);
  return status;
}
