/* test-stripe-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpsStripeClient against the fake Stripe: the nested form, sessions,
 * idempotent replays and conflicts, Stripe's errors, retries with the same
 * Idempotency-Key, and a debug log without the secret key.
 */

#define G_LOG_DOMAIN "test-stripe-client"

#include "config.h"

#include <string.h>

#include "ops-fake-stripe.h"
#include "ops-http.h"
#include "ops-stripe-client.h"

#define SECRET_KEY "sk_test_51PfakeSecretKeyForTheTests0123456789"
#define INVOICE "ACC-SINV-2026-00042"
#define KEY "paylink-" INVOICE "-1"
#define SUCCESS_URL "https://gigafibre.ca/paiement/merci?session_id={CHECKOUT_SESSION_ID}"
#define CANCEL_URL "https://gigafibre.ca/paiement/annule"

typedef struct
{
  OpsFakeStripe   *fake;
  OpsStripeClient *client;
} Fixture;

typedef struct
{
  GMainLoop          *loop;
  OpsCheckoutSession *session;
  GError             *error;
} Wait;

/* The debug log of ops-http and ops-stripe, kept instead of printed. */
static GMutex log_lock;
static GString *captured_log;

/*
 * Helpers
 */

static GLogWriterOutput
capture_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  const char *domain = NULL;
  const char *message = NULL;

  for (gsize i = 0; i < n_fields; i++)
    {
      if (g_str_equal (fields[i].key, "GLIB_DOMAIN"))
        domain = fields[i].value;
      else if (g_str_equal (fields[i].key, "MESSAGE"))
        message = fields[i].value;
    }

  if ((log_level & G_LOG_LEVEL_DEBUG) &&
      (g_strcmp0 (domain, "ops-http") == 0 || g_strcmp0 (domain, "ops-stripe") == 0))
    {
      g_mutex_lock (&log_lock);
      g_string_append_printf (captured_log, "%s: %s\n", domain, message ? message : "");
      g_mutex_unlock (&log_lock);
      return G_LOG_WRITER_HANDLED;
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static char *
dup_log (void)
{
  char *text;

  g_mutex_lock (&log_lock);
  text = g_strdup (captured_log->str);
  g_mutex_unlock (&log_lock);
  return text;
}

static void
request_init (OpsCheckoutRequest *request)
{
  memset (request, 0, sizeof *request);
  request->invoice = INVOICE;
  request->customer = "C0001";
  request->description = "Facture " INVOICE " — Éric & Fils (l'été)!";
  request->amount_cents = 4999;
  request->currency = "CAD";
  request->email = "eric+test@example.com";
  request->success_url = SUCCESS_URL;
  request->cancel_url = CANCEL_URL;
  request->idempotency_key = KEY;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  fixture->fake = ops_fake_stripe_new (SECRET_KEY);
  g_assert_nonnull (fixture->fake);
  fixture->client = ops_stripe_client_new (ops_fake_stripe_get_url (fixture->fake), SECRET_KEY);
  ops_stripe_client_set_retry (fixture->client, 5, 20, 3);
  g_mutex_lock (&log_lock);
  g_string_truncate (captured_log, 0);
  g_mutex_unlock (&log_lock);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, ops_fake_stripe_free);
}

static gboolean
timeout_cb (gpointer user_data)
{
  g_error ("The Checkout Session was not created within 20 s");
  return G_SOURCE_REMOVE;
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Wait *wait = user_data;

  wait->session = ops_stripe_client_create_checkout_finish (OPS_STRIPE_CLIENT (source), result, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* Creates through the async API, on a main loop with a time limit. */
static OpsCheckoutSession *
create (OpsStripeClient          *client,
        const OpsCheckoutRequest *request,
        GError                  **error)
{
  Wait wait = { g_main_loop_new (NULL, FALSE), NULL, NULL };
  guint guard = g_timeout_add_seconds (20, timeout_cb, NULL);

  ops_stripe_client_create_checkout_async (client, request, NULL, created_cb, &wait);
  g_main_loop_run (wait.loop);
  g_source_remove (guard);
  g_main_loop_unref (wait.loop);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.session;
}

/* Every request logged carried key; returns how many there were. */
static guint
count_requests_with_key (Fixture    *fixture,
                         const char *key)
{
  g_auto(GStrv) requests = ops_fake_stripe_dup_requests (fixture->fake);
  g_autofree char *expected = g_strdup_printf ("POST /v1/checkout/sessions key=%s ->", key);

  for (guint i = 0; requests[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (requests[i], expected));
  return g_strv_length (requests);
}

/*
 * Tests
 */

static void
test_form (void)
{
  OpsCheckoutRequest request;
  g_autofree char *form = NULL;
  g_autofree char *no_email = NULL;
  g_autoptr(JsonObject) params = NULL;
  JsonObject *item, *price;

  request_init (&request);
  form = ops_stripe_checkout_form (&request);
  g_assert_cmpstr (form, ==,
                   "mode=payment"
                   "&line_items[0][quantity]=1"
                   "&line_items[0][price_data][currency]=cad"
                   "&line_items[0][price_data][unit_amount]=4999"
                   "&line_items[0][price_data][product_data][name]="
                   "Facture%20ACC-SINV-2026-00042%20%E2%80%94%20%C3%89ric%20%26%20Fils%20%28l%27%C3%A9t%C3%A9%29%21"
                   "&client_reference_id=ACC-SINV-2026-00042"
                   "&customer_email=eric%2Btest%40example.com"
                   "&metadata[invoice]=ACC-SINV-2026-00042"
                   "&metadata[customer]=C0001"
                   "&success_url=https%3A%2F%2Fgigafibre.ca%2Fpaiement%2Fmerci%3Fsession_id%3D%7BCHECKOUT_SESSION_ID%7D"
                   "&cancel_url=https%3A%2F%2Fgigafibre.ca%2Fpaiement%2Fannule"
                   "&payment_intent_data[metadata][invoice]=ACC-SINV-2026-00042");

  /* Decoded as Stripe would, the accents and the & come back whole. */
  params = ops_fake_stripe_parse_form (form);
  g_assert_nonnull (params);
  item = json_array_get_object_element (json_object_get_array_member (params, "line_items"), 0);
  price = json_object_get_object_member (item, "price_data");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (price, "product_data"), "name"),
                   ==, "Facture " INVOICE " — Éric & Fils (l'été)!");
  g_assert_cmpstr (json_object_get_string_member (params, "success_url"), ==, SUCCESS_URL);
  g_assert_cmpstr (json_object_get_string_member (params, "customer_email"), ==, "eric+test@example.com");

  /* No e-mail: no customer_email at all. */
  request.email = NULL;
  no_email = ops_stripe_checkout_form (&request);
  g_assert_null (strstr (no_email, "customer_email"));
}

static void
test_success (Fixture       *fixture,
              gconstpointer  data)
{
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(JsonObject) params = NULL;
  g_autoptr(JsonObject) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = NULL;
  g_autofree char *version = NULL;
  g_autofree char *key = NULL;
  g_autofree char *content_type = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  JsonObject *item;

  request_init (&request);
  session = create (fixture->client, &request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  g_assert_true (g_str_has_prefix (session->id, "cs_test_"));
  g_assert_true (g_str_has_prefix (session->url, "https://checkout.stripe.com/c/pay/cs_test_"));
  g_assert_cmpint (session->expires_at, >=, now + 24 * 3600 - 5);
  g_assert_cmpint (session->expires_at, <=, now + 24 * 3600 + 5);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 1);

  authorization = ops_fake_stripe_dup_last_header (fixture->fake, "Authorization");
  version = ops_fake_stripe_dup_last_header (fixture->fake, "Stripe-Version");
  key = ops_fake_stripe_dup_last_header (fixture->fake, "Idempotency-Key");
  content_type = ops_fake_stripe_dup_last_header (fixture->fake, "Content-Type");
  g_assert_cmpstr (authorization, ==, "Bearer " SECRET_KEY);
  g_assert_cmpstr (version, ==, OPS_STRIPE_API_VERSION);
  g_assert_cmpstr (key, ==, KEY);
  g_assert_cmpstr (content_type, ==, "application/x-www-form-urlencoded");

  /* What Stripe read: the invoice in three places, the amount in cents. */
  params = ops_fake_stripe_dup_last_params (fixture->fake);
  g_assert_cmpstr (json_object_get_string_member (params, "client_reference_id"), ==, INVOICE);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (params, "metadata"), "invoice"),
                   ==, INVOICE);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (params, "metadata"), "customer"),
                   ==, "C0001");
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (json_object_get_object_member (params, "payment_intent_data"),
                                                    "metadata"), "invoice"), ==, INVOICE);
  item = json_array_get_object_element (json_object_get_array_member (params, "line_items"), 0);
  g_assert_cmpstr (json_object_get_string_member (item, "quantity"), ==, "1");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (item, "price_data"), "unit_amount"),
                   ==, "4999");

  stored = ops_fake_stripe_dup_session (fixture->fake, session->id);
  g_assert_nonnull (stored);
  g_assert_cmpstr (json_object_get_string_member (stored, "url"), ==, session->url);
  g_assert_cmpint (json_object_get_int_member (stored, "amount_total"), ==, 4999);
  g_assert_cmpstr (json_object_get_string_member (stored, "currency"), ==, "cad");
  g_assert_cmpstr (json_object_get_string_member (stored, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (stored, "payment_status"), ==, "unpaid");
}

static void
test_replay (Fixture       *fixture,
             gconstpointer  data)
{
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) first = NULL;
  g_autoptr(OpsCheckoutSession) again = NULL;
  g_autoptr(OpsCheckoutSession) other = NULL;
  g_autoptr(GError) error = NULL;

  request_init (&request);
  first = ops_stripe_client_create_checkout (fixture->client, &request, NULL, &error);
  g_assert_no_error (error);
  again = ops_stripe_client_create_checkout (fixture->client, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again->id, ==, first->id);
  g_assert_cmpstr (again->url, ==, first->url);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 1);

  /* Another attempt is another key, and another session. */
  request.idempotency_key = "paylink-" INVOICE "-2";
  other = ops_stripe_client_create_checkout (fixture->client, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (other->id, !=, first->id);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 2);
}

static void
test_idempotency_error (Fixture       *fixture,
                        gconstpointer  data)
{
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) first = NULL;
  g_autoptr(OpsCheckoutSession) changed = NULL;
  g_autoptr(GError) error = NULL;

  request_init (&request);
  first = ops_stripe_client_create_checkout (fixture->client, &request, NULL, &error);
  g_assert_no_error (error);

  request.amount_cents = 2500;
  changed = ops_stripe_client_create_checkout (fixture->client, &request, NULL, &error);
  g_assert_null (changed);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_IDEMPOTENCY);
  g_assert_nonnull (strstr (error->message, INVOICE));
  g_assert_nonnull (strstr (error->message, "same parameters"));
  /* A 400 is final: not retried. */
  g_assert_cmpuint (count_requests_with_key (fixture, KEY), ==, 2);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 1);
}

static void
test_unauthorized (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(OpsStripeClient) wrong = ops_stripe_client_new (ops_fake_stripe_get_url (fixture->fake),
                                                            "sk_test_wrong");
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(GError) error = NULL;

  ops_stripe_client_set_retry (wrong, 5, 20, 3);
  request_init (&request);
  session = create (wrong, &request, &error);
  g_assert_null (session);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "Invalid API Key provided"));
  g_assert_cmpuint (count_requests_with_key (fixture, KEY), ==, 1);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 0);
}

static void
test_card_error (Fixture       *fixture,
                 gconstpointer  data)
{
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_stripe_fail_next (fixture->fake, 1, 402);
  request_init (&request);
  session = create (fixture->client, &request, &error);
  g_assert_null (session);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_CARD);
  g_assert_nonnull (strstr (error->message, "insufficient funds"));
  g_assert_cmpuint (count_requests_with_key (fixture, KEY), ==, 1);
}

static void
test_rate_limited_then_success (Fixture       *fixture,
                                gconstpointer  data)
{
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) requests = NULL;

  ops_fake_stripe_fail_next (fixture->fake, 2, 429);
  request_init (&request);
  session = create (fixture->client, &request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);

  /* Three attempts, one key, one session. */
  g_assert_cmpuint (count_requests_with_key (fixture, KEY), ==, 3);
  requests = ops_fake_stripe_dup_requests (fixture->fake);
  g_assert_true (g_str_has_suffix (requests[0], "-> 429"));
  g_assert_true (g_str_has_suffix (requests[1], "-> 429"));
  g_assert_true (g_str_has_suffix (requests[2], "-> 200"));
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 1);
}

static void
test_rate_limited_exhausted (Fixture       *fixture,
                             gconstpointer  data)
{
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_stripe_fail_next (fixture->fake, 10, 429);
  request_init (&request);
  session = ops_stripe_client_create_checkout (fixture->client, &request, NULL, &error);
  g_assert_null (session);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_RATE_LIMITED);
  g_assert_cmpuint (count_requests_with_key (fixture, KEY), ==, 3);
}

static void
test_server_error (Fixture       *fixture,
                   gconstpointer  data)
{
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_stripe_fail_next (fixture->fake, 10, 500);
  request_init (&request);
  session = create (fixture->client, &request, &error);
  g_assert_null (session);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_API);
  g_assert_nonnull (strstr (error->message, "HTTP 500"));
  g_assert_cmpuint (count_requests_with_key (fixture, KEY), ==, 3);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 0);
}

static void
test_network_down (Fixture       *fixture,
                   gconstpointer  data)
{
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_stripe_set_down (fixture->fake, TRUE);
  request_init (&request);
  session = create (fixture->client, &request, &error);
  g_assert_null (session);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_NETWORK);
  g_assert_cmpuint (ops_fake_stripe_get_session_count (fixture->fake), ==, 0);

  /* Back up: the same attempt goes through. */
  g_clear_error (&error);
  ops_fake_stripe_set_down (fixture->fake, FALSE);
  session = create (fixture->client, &request, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
}

static void
test_not_configured (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(OpsStripeClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = ops_stripe_client_new_from_config (config, &error);
  g_assert_null (client);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_NOT_CONFIGURED);
  g_clear_error (&error);

  ops_config_set_string (config, "stripe", "secret_key", SECRET_KEY);
  client = ops_stripe_client_new_from_config (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);
}

static void
test_key_not_logged (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(OpsStripeClient) wrong = ops_stripe_client_new (ops_fake_stripe_get_url (fixture->fake),
                                                            "sk_test_wrongButStillSecret42");
  OpsCheckoutRequest request;
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(OpsCheckoutSession) refused = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  ops_fake_stripe_fail_next (fixture->fake, 1, 429);
  request_init (&request);
  session = create (fixture->client, &request, &error);
  g_assert_no_error (error);
  refused = create (wrong, &request, &error);
  g_assert_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_AUTH);

  log = dup_log ();
  /* The logger was on: the request and its answers are there... */
  g_assert_nonnull (strstr (log, "POST /v1/checkout/sessions"));
  g_assert_nonnull (strstr (log, "Authorization: [redacted]"));
  g_assert_nonnull (strstr (log, "client_reference_id"));
  /* ...without either secret key, whole or in part. */
  g_assert_null (strstr (log, SECRET_KEY));
  g_assert_null (strstr (log, "51PfakeSecretKey"));
  g_assert_null (strstr (log, "wrongButStillSecret42"));
  /* Nor in the error a CSR sees. */
  g_assert_null (strstr (error->message, "wrongButStillSecret42"));

  /* The redaction itself, for a Bearer key wherever it turns up. */
  {
    g_autofree char *header = ops_http_redact_header ("Authorization", "Bearer " SECRET_KEY);
    g_autofree char *text = ops_http_redact_text ("curl -H 'Authorization: Bearer " SECRET_KEY "'");

    g_assert_null (strstr (header, SECRET_KEY));
    g_assert_null (strstr (text, "51PfakeSecretKey"));
  }
}

int
main (int   argc,
      char *argv[])
{
  /* Turn the HTTP logger on for every session, and keep its lines. */
  g_setenv ("G_MESSAGES_DEBUG", "ops-http ops-stripe", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/stripe-client/form", test_form);
  g_test_add_func ("/stripe-client/not-configured", test_not_configured);
#define ADD(path, func) \
  g_test_add ("/stripe-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("success", test_success);
  ADD ("replay", test_replay);
  ADD ("idempotency-error", test_idempotency_error);
  ADD ("unauthorized", test_unauthorized);
  ADD ("card-error", test_card_error);
  ADD ("rate-limited-then-success", test_rate_limited_then_success);
  ADD ("rate-limited-exhausted", test_rate_limited_exhausted);
  ADD ("server-error", test_server_error);
  ADD ("network-down", test_network_down);
  ADD ("key-not-logged", test_key_not_logged);
#undef ADD

  return g_test_run ();
}
