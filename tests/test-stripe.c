/* test-stripe.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stripe's side, pure: the Stripe-Signature check (with the test vector
 * of apis.md §3.4), events turned into payments (the shapes of §3.3), the
 * local invoice a payment lowers, and outbox rows keyed by the payment.
 */

#define G_LOG_DOMAIN "test-stripe"

#include "config.h"

#include <string.h>

#include "ops-outbox.h"
#include "ops-store-payments.h"
#include "ops-stripe-event.h"
#include "ops-stripe-signature.h"

/* apis.md §3.4, verified there with Python. */
#define VECTOR_SECRET "whsec_test_secret"
#define VECTOR_TIME 1700000000
#define VECTOR_BODY "{\"id\":\"evt_test_webhook\",\"object\":\"event\"}"
#define VECTOR_V1 "d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990"

static gboolean
verify_at (const char  *header,
           const char  *body,
           gint64       now,
           GError     **error)
{
  return ops_stripe_signature_verify (header, VECTOR_SECRET, (const guint8 *)body, strlen (body), now,
                                      OPS_STRIPE_SIGNATURE_TOLERANCE, NULL, error);
}

static void
assert_refused (const char *header,
                const char *body,
                gint64      now,
                int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (verify_at (header, body, now, &error));
  g_assert_error (error, OPS_STRIPE_SIGNATURE_ERROR, code);
  /* A sentence that says what to do; never the secret. */
  g_assert_cmpuint (strlen (error->message), >, 20);
  g_assert_null (strstr (error->message, VECTOR_SECRET));
}

static void
test_signature_vector (void)
{
  g_autofree char *signature = NULL;
  g_autofree char *header = NULL;
  g_autoptr(GError) error = NULL;
  gint64 timestamp = 0;

  signature = ops_stripe_signature_compute (VECTOR_SECRET, VECTOR_TIME, (const guint8 *)VECTOR_BODY,
                                            strlen (VECTOR_BODY));
  g_assert_cmpstr (signature, ==, VECTOR_V1);

  header = ops_stripe_signature_header (VECTOR_SECRET, VECTOR_TIME, (const guint8 *)VECTOR_BODY,
                                        strlen (VECTOR_BODY));
  g_assert_cmpstr (header, ==, "t=1700000000,v1=" VECTOR_V1);

  g_assert_true (ops_stripe_signature_verify (header, VECTOR_SECRET, (const guint8 *)VECTOR_BODY,
                                              strlen (VECTOR_BODY), VECTOR_TIME + 10,
                                              OPS_STRIPE_SIGNATURE_TOLERANCE, &timestamp, &error));
  g_assert_no_error (error);
  g_assert_cmpint (timestamp, ==, VECTOR_TIME);
}

static void
test_signature_several_v1 (void)
{
  /* A rotation: any v1 may match, in any place; v0 and unknown schemes
   * are ignored. */
  static const char *const accepted[] = {
    "t=1700000000,v1=" VECTOR_V1 ",v1=potato",
    "t=1700000000,v1=potato,v1=" VECTOR_V1,
    "v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39,t=1700000000,v1=" VECTOR_V1,
    "t=1700000000, v1=" VECTOR_V1 ",scheme2=whatever",
  };

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", accepted[i]);
      g_assert_true (verify_at (accepted[i], VECTOR_BODY, VECTOR_TIME, &error));
      g_assert_no_error (error);
    }

  assert_refused ("t=1700000000,v1=potato,v1=tomato", VECTOR_BODY, VECTOR_TIME,
                  OPS_STRIPE_SIGNATURE_ERROR_NO_MATCH);
  /* A v0 with the right value does not count. */
  assert_refused ("t=1700000000,v0=" VECTOR_V1, VECTOR_BODY, VECTOR_TIME,
                  OPS_STRIPE_SIGNATURE_ERROR_NO_SIGNATURE);
  /* Hex is compared as Stripe writes it, lowercase. */
  {
    g_autofree char *upper = g_ascii_strup (VECTOR_V1, -1);
    g_autofree char *header = g_strdup_printf ("t=1700000000,v1=%s", upper);

    assert_refused (header, VECTOR_BODY, VECTOR_TIME, OPS_STRIPE_SIGNATURE_ERROR_NO_MATCH);
  }
}

static void
test_signature_tampered (void)
{
  const char *header = "t=1700000000,v1=" VECTOR_V1;
  g_autoptr(GError) error = NULL;

  /* One more space in the body, another time in the header, another
   * secret: no match. */
  assert_refused (header, "{\"id\": \"evt_test_webhook\",\"object\":\"event\"}", VECTOR_TIME,
                  OPS_STRIPE_SIGNATURE_ERROR_NO_MATCH);
  assert_refused ("t=1700000001,v1=" VECTOR_V1, VECTOR_BODY, VECTOR_TIME,
                  OPS_STRIPE_SIGNATURE_ERROR_NO_MATCH);
  g_assert_false (ops_stripe_signature_verify (header, "whsec_other", (const guint8 *)VECTOR_BODY,
                                               strlen (VECTOR_BODY), VECTOR_TIME, 300, NULL, &error));
  g_assert_error (error, OPS_STRIPE_SIGNATURE_ERROR, OPS_STRIPE_SIGNATURE_ERROR_NO_MATCH);

  /* A body with a NUL byte is signed as raw bytes. */
  {
    static const guint8 raw[] = { '{', '}', 0, 'x' };
    g_autofree char *signed_header = ops_stripe_signature_header (VECTOR_SECRET, VECTOR_TIME, raw, sizeof raw);

    g_assert_true (ops_stripe_signature_verify (signed_header, VECTOR_SECRET, raw, sizeof raw, VECTOR_TIME,
                                                300, NULL, NULL));
    g_assert_false (ops_stripe_signature_verify (signed_header, VECTOR_SECRET, raw, 2, VECTOR_TIME,
                                                 300, NULL, NULL));
  }
}

static void
test_signature_tolerance (void)
{
  const char *header = "t=1700000000,v1=" VECTOR_V1;
  g_autoptr(GError) error = NULL;

  g_assert_true (verify_at (header, VECTOR_BODY, VECTOR_TIME + 300, NULL));
  assert_refused (header, VECTOR_BODY, VECTOR_TIME + 301, OPS_STRIPE_SIGNATURE_ERROR_TOO_OLD);
  assert_refused (header, VECTOR_BODY, VECTOR_TIME + 86400, OPS_STRIPE_SIGNATURE_ERROR_TOO_OLD);
  /* Only the age counts: a clock behind Stripe's is accepted. */
  g_assert_true (verify_at (header, VECTOR_BODY, VECTOR_TIME - 3600, NULL));
  /* Tolerance 0: no time check. */
  g_assert_true (ops_stripe_signature_verify (header, VECTOR_SECRET, (const guint8 *)VECTOR_BODY,
                                              strlen (VECTOR_BODY), VECTOR_TIME + 86400, 0, NULL, &error));
  g_assert_no_error (error);
  /* An old and wrong signature is "no match", not "too old". */
  assert_refused ("t=1700000000,v1=potato", VECTOR_BODY, VECTOR_TIME + 86400,
                  OPS_STRIPE_SIGNATURE_ERROR_NO_MATCH);
}

static void
test_signature_missing_and_malformed (void)
{
  static const char *const malformed[] = {
    "garbage",
    "v1=" VECTOR_V1,
    "t=,v1=" VECTOR_V1,
    "t=17000x0000,v1=" VECTOR_V1,
    "t=-1700000000,v1=" VECTOR_V1,
    "t=1700000000,t=1700000000,v1=" VECTOR_V1,
    "t=1700000000,v1",
  };

  assert_refused (NULL, VECTOR_BODY, VECTOR_TIME, OPS_STRIPE_SIGNATURE_ERROR_MISSING_HEADER);
  assert_refused ("", VECTOR_BODY, VECTOR_TIME, OPS_STRIPE_SIGNATURE_ERROR_MISSING_HEADER);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_test_message ("%s", malformed[i]);
      assert_refused (malformed[i], VECTOR_BODY, VECTOR_TIME, OPS_STRIPE_SIGNATURE_ERROR_MALFORMED);
    }
  assert_refused ("t=1700000000", VECTOR_BODY, VECTOR_TIME, OPS_STRIPE_SIGNATURE_ERROR_NO_SIGNATURE);
}

/*
 * Events (apis.md §3.3; the Checkout Session as §3.2 creates it)
 */

#define SESSION_PAID \
  "{\"id\":\"evt_1QcsPaid\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\",\"created\":1748855645," \
  "\"data\":{\"object\":{\"id\":\"cs_test_a1\",\"object\":\"checkout.session\",\"status\":\"complete\"," \
  "\"payment_status\":\"paid\",\"amount_total\":4999,\"amount_subtotal\":4999,\"currency\":\"eur\"," \
  "\"client_reference_id\":\"ACC-SINV-2025-00042\",\"customer\":\"cus_Q1\"," \
  "\"customer_details\":{\"email\":\"jane@example.com\"},\"metadata\":{\"invoice\":\"ACC-SINV-2025-00042\"}," \
  "\"mode\":\"payment\",\"payment_intent\":\"pi_3Q1\",\"invoice\":null,\"livemode\":false}}," \
  "\"livemode\":false,\"pending_webhooks\":1,\"request\":{\"id\":\"req_1\",\"idempotency_key\":\"6f1c\"}," \
  "\"type\":\"checkout.session.completed\"}"

static OpsStripeEvent *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  OpsStripeEvent *event = ops_stripe_event_parse (json, -1, &error);

  g_assert_no_error (error);
  g_assert_nonnull (event);
  return event;
}

static void
test_event_session_paid (void)
{
  g_autoptr(OpsStripeEvent) event = parse (SESSION_PAID);

  g_assert_cmpstr (event->id, ==, "evt_1QcsPaid");
  g_assert_cmpstr (event->type, ==, "checkout.session.completed");
  g_assert_cmpint (event->action, ==, OPS_STRIPE_EVENT_PAYMENT);
  g_assert_cmpstr (event->object_id, ==, "cs_test_a1");
  g_assert_cmpstr (event->invoice, ==, "ACC-SINV-2025-00042");
  g_assert_cmpstr (event->payment_intent, ==, "pi_3Q1");
  g_assert_cmpstr (event->reference, ==, "pi_3Q1");
  g_assert_cmpint (event->amount_minor, ==, 4999);
  g_assert_cmpfloat (event->amount, ==, 49.99);
  g_assert_cmpstr (event->currency, ==, "EUR");
  g_assert_cmpstr (event->stripe_customer, ==, "cus_Q1");
  g_assert_cmpint (event->paid_at, ==, 1748855645);
}

static void
test_event_session_variants (void)
{
  /* Unpaid (an async method still pending): acknowledged, nothing to record. */
  {
    g_autoptr(OpsStripeEvent) event = parse (
      "{\"id\":\"evt_unpaid\",\"type\":\"checkout.session.completed\",\"created\":1748855645,"
      "\"data\":{\"object\":{\"id\":\"cs_2\",\"payment_status\":\"unpaid\",\"amount_total\":4999,"
      "\"currency\":\"cad\",\"metadata\":{\"invoice\":\"ACC-SINV-2025-00042\"},\"payment_intent\":null}}}");

    g_assert_cmpint (event->action, ==, OPS_STRIPE_EVENT_UNPAID);
    g_assert_null (event->payment_intent);
    g_assert_cmpstr (event->reference, ==, "cs_2");
  }
  /* Paid later: the async success carries the same session. */
  {
    g_autoptr(OpsStripeEvent) event = parse (
      "{\"id\":\"evt_async\",\"type\":\"checkout.session.async_payment_succeeded\",\"created\":1748859999,"
      "\"data\":{\"object\":{\"id\":\"cs_2\",\"payment_status\":\"paid\",\"amount_total\":2500,"
      "\"currency\":\"cad\",\"metadata\":{},\"client_reference_id\":\"ACC-SINV-2025-00050\","
      "\"payment_intent\":{\"id\":\"pi_expanded\",\"object\":\"payment_intent\"}}}}");

    g_assert_cmpint (event->action, ==, OPS_STRIPE_EVENT_PAYMENT);
    /* No metadata: the client_reference_id names the invoice. */
    g_assert_cmpstr (event->invoice, ==, "ACC-SINV-2025-00050");
    /* An expanded PaymentIntent gives its id. */
    g_assert_cmpstr (event->reference, ==, "pi_expanded");
    g_assert_cmpfloat (event->amount, ==, 25.0);
    g_assert_cmpstr (event->currency, ==, "CAD");
  }
  /* Nothing to pay (a 100 % coupon): no money moved. */
  {
    g_autoptr(OpsStripeEvent) event = parse (
      "{\"id\":\"evt_free\",\"type\":\"checkout.session.completed\","
      "\"data\":{\"object\":{\"id\":\"cs_3\",\"payment_status\":\"no_payment_required\",\"amount_total\":0,"
      "\"currency\":\"cad\",\"metadata\":{\"invoice\":\"ACC-SINV-2025-00042\"}}}}");

    g_assert_cmpint (event->action, ==, OPS_STRIPE_EVENT_UNPAID);
  }
}

static void
test_event_payment_intent (void)
{
  g_autoptr(OpsStripeEvent) event = parse (
    "{\"id\":\"evt_pi\",\"object\":\"event\",\"created\":1748855650,\"type\":\"payment_intent.succeeded\","
    "\"data\":{\"object\":{\"id\":\"pi_3Q1\",\"object\":\"payment_intent\",\"amount\":4999,"
    "\"amount_received\":4999,\"currency\":\"eur\",\"customer\":\"cus_Q1\","
    "\"metadata\":{\"sales_invoice\":\"ACC-SINV-2025-00042\"},\"status\":\"succeeded\","
    "\"latest_charge\":\"ch_1\",\"payment_method\":\"pm_1\",\"created\":1748855600}}}");
  g_autoptr(OpsStripeEvent) other = parse (
    "{\"id\":\"evt_pi2\",\"created\":1748855650,\"type\":\"payment_intent.succeeded\","
    "\"data\":{\"object\":{\"id\":\"pi_9\",\"amount\":1000,\"currency\":\"usd\","
    "\"metadata\":{\"erpnext_invoice\":\"ACC-SINV-2025-00077\"}}}}");

  g_assert_cmpint (event->action, ==, OPS_STRIPE_EVENT_PAYMENT);
  /* The same payment as the session's: the same reference. */
  g_assert_cmpstr (event->reference, ==, "pi_3Q1");
  g_assert_cmpstr (event->invoice, ==, "ACC-SINV-2025-00042");
  g_assert_cmpfloat (event->amount, ==, 49.99);
  g_assert_cmpint (event->paid_at, ==, 1748855650);

  /* The other alias; amount when amount_received is absent. */
  g_assert_cmpint (other->action, ==, OPS_STRIPE_EVENT_PAYMENT);
  g_assert_cmpstr (other->invoice, ==, "ACC-SINV-2025-00077");
  g_assert_cmpfloat (other->amount, ==, 10.0);
}

static void
test_event_invoice_paid (void)
{
  /* basil: no payment_intent on the Invoice; its id is the reference. */
  g_autoptr(OpsStripeEvent) basil = parse (
    "{\"id\":\"evt_in\",\"object\":\"event\",\"api_version\":\"2025-03-31.basil\",\"created\":1748860000,"
    "\"type\":\"invoice.paid\",\"data\":{\"object\":{\"id\":\"in_1\",\"object\":\"invoice\",\"status\":\"paid\","
    "\"amount_due\":7500,\"amount_paid\":7500,\"amount_remaining\":0,\"currency\":\"cad\",\"customer\":\"cus_Q2\","
    "\"customer_email\":\"luc@example.com\",\"number\":\"ABC-0001\",\"hosted_invoice_url\":\"https://x\","
    "\"metadata\":{\"invoice\":\"ACC-SINV-2025-00043\"},\"status_transitions\":{\"paid_at\":1748859990},"
    "\"parent\":{\"subscription_details\":{\"subscription\":\"sub_1\"}}}}}");
  /* Older versions: payment_intent on the Invoice. */
  g_autoptr(OpsStripeEvent) older = parse (
    "{\"id\":\"evt_in_old\",\"created\":1748860000,\"type\":\"invoice.paid\","
    "\"data\":{\"object\":{\"id\":\"in_2\",\"status\":\"paid\",\"amount_paid\":7500,\"currency\":\"cad\","
    "\"payment_intent\":\"pi_old\",\"metadata\":{\"invoice\":\"ACC-SINV-2025-00044\"}}}}");
  /* With the basil payments list included. */
  g_autoptr(OpsStripeEvent) listed = parse (
    "{\"id\":\"evt_in_list\",\"created\":1748860000,\"type\":\"invoice.paid\","
    "\"data\":{\"object\":{\"id\":\"in_3\",\"status\":\"paid\",\"amount_paid\":100,\"currency\":\"cad\","
    "\"payments\":{\"object\":\"list\",\"data\":[{\"object\":\"invoice_payment\",\"payment\":"
    "{\"type\":\"payment_intent\",\"payment_intent\":\"pi_listed\"},\"status\":\"paid\"}]},"
    "\"metadata\":{\"invoice\":\"ACC-SINV-2025-00045\"}}}}");

  g_assert_cmpint (basil->action, ==, OPS_STRIPE_EVENT_PAYMENT);
  g_assert_null (basil->payment_intent);
  g_assert_cmpstr (basil->reference, ==, "in_1");
  g_assert_cmpstr (basil->invoice, ==, "ACC-SINV-2025-00043");
  g_assert_cmpfloat (basil->amount, ==, 75.0);
  g_assert_cmpint (basil->paid_at, ==, 1748859990);
  g_assert_cmpstr (basil->stripe_customer, ==, "cus_Q2");

  g_assert_cmpstr (older->reference, ==, "pi_old");
  g_assert_cmpint (older->paid_at, ==, 1748860000);
  g_assert_cmpstr (listed->reference, ==, "pi_listed");
}

static void
test_event_unhandled_and_invalid (void)
{
  static const char *const invalid[] = {
    "",
    "not json",
    "[1, 2]",
    "{\"object\":\"event\",\"type\":\"invoice.paid\"}",
    "{\"id\":\"evt_1\",\"object\":\"event\"}",
    "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{}}",
    "{\"id\":\"evt_1\",\"type\":\"invoice.paid\",\"data\":{\"object\":\"in_1\"}}",
  };
  g_autoptr(OpsStripeEvent) unknown = parse ("{\"id\":\"evt_c\",\"object\":\"event\",\"type\":\"customer.created\","
                                             "\"data\":{\"object\":{\"id\":\"cus_1\"}}}");
  g_autoptr(OpsStripeEvent) no_data = parse ("{\"id\":\"evt_x\",\"type\":\"charge.refunded\"}");
  g_autoptr(OpsStripeEvent) unmatched = parse (
    "{\"id\":\"evt_n\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_n\","
    "\"amount_received\":500,\"currency\":\"cad\",\"status\":\"succeeded\",\"metadata\":{\"invoice\":\"\"}}}}");
  g_autoptr(OpsStripeEvent) failed = parse (
    "{\"id\":\"evt_f\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":{\"id\":\"pi_f\","
    "\"amount_received\":500,\"currency\":\"cad\",\"status\":\"requires_payment_method\","
    "\"metadata\":{\"invoice\":\"ACC-SINV-2025-00042\"}}}}");

  g_assert_cmpint (unknown->action, ==, OPS_STRIPE_EVENT_IGNORE);
  g_assert_cmpstr (ops_stripe_event_action_to_string (unknown->action), ==, "ignore");
  g_assert_cmpint (no_data->action, ==, OPS_STRIPE_EVENT_IGNORE);
  /* Paid, naming no invoice (an empty one does not count). */
  g_assert_cmpint (unmatched->action, ==, OPS_STRIPE_EVENT_PAYMENT);
  g_assert_null (unmatched->invoice);
  g_assert_cmpint (failed->action, ==, OPS_STRIPE_EVENT_UNPAID);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(OpsStripeEvent) event = ops_stripe_event_parse (invalid[i], -1, &error);

      g_test_message ("%s", invalid[i]);
      g_assert_null (event);
      g_assert_error (error, OPS_STRIPE_EVENT_ERROR, OPS_STRIPE_EVENT_ERROR_INVALID);
    }
}

static void
test_currency_units (void)
{
  g_assert_cmpuint (ops_stripe_currency_exponent ("cad"), ==, 2);
  g_assert_cmpuint (ops_stripe_currency_exponent ("JPY"), ==, 0);
  g_assert_cmpuint (ops_stripe_currency_exponent ("kwd"), ==, 3);
  g_assert_cmpuint (ops_stripe_currency_exponent (NULL), ==, 2);
  g_assert_cmpfloat (ops_stripe_amount_from_minor (4999, "cad"), ==, 49.99);
  g_assert_cmpfloat (ops_stripe_amount_from_minor (1, "eur"), ==, 0.01);
  g_assert_cmpfloat (ops_stripe_amount_from_minor (5000, "jpy"), ==, 5000.0);
  g_assert_cmpfloat (ops_stripe_amount_from_minor (12345, "KWD"), ==, 12.345);
}

/*
 * The store
 */

static OpsStore *
open_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "stripe.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) invoice = json_from_string ("{\"name\":\"ACC-SINV-2025-00042\",\"customer\":\"C1\","
                                                  "\"grand_total\":49.99,\"outstanding_amount\":49.99,"
                                                  "\"status\":\"Unpaid\",\"posting_date\":\"2025-06-01\"}", NULL);
  g_autoptr(JsonNode) customer = json_from_string ("{\"name\":\"C1\",\"customer_name\":\"Marie\"}", NULL);
  OpsStore *store;

  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (ops_store_upsert (store, "customers", json_node_get_object (customer), &error));
  g_assert_true (ops_store_upsert (store, "invoices", json_node_get_object (invoice), &error));
  g_assert_no_error (error);
  return store;
}

static void
assert_invoice (OpsStore   *store,
                double      outstanding,
                const char *status)
{
  g_autoptr(GError) error = NULL;
  OpsCustomerDetail *detail = ops_store_get_customer_detail (store, "C1", &error);
  OpsInvoice *invoice;

  g_assert_no_error (error);
  g_assert_nonnull (detail);
  g_assert_cmpuint (detail->invoices->len, ==, 1);
  invoice = detail->invoices->pdata[0];
  g_assert_cmpfloat_with_epsilon (invoice->outstanding_amount, outstanding, 1e-9);
  g_assert_cmpstr (invoice->status, ==, status);
  ops_customer_detail_free (detail);
}

static void
test_store_invoice_payment (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = NULL;
  double outstanding = -1;
  gboolean found = FALSE;

  g_assert_true (ops_store_apply_invoice_payment (store, "ACC-SINV-2025-00042", 29.99, 2, &found, &customer,
                                                  &outstanding, &error));
  g_assert_no_error (error);
  g_assert_true (found);
  g_assert_cmpstr (customer, ==, "C1");
  g_assert_cmpfloat_with_epsilon (outstanding, 20.0, 1e-9);
  assert_invoice (store, 20.0, "Partly Paid");

  /* More than is left: nothing below zero, and paid. */
  g_assert_true (ops_store_apply_invoice_payment (store, "ACC-SINV-2025-00042", 25.0, 2, &found, NULL,
                                                  &outstanding, &error));
  g_assert_cmpfloat (outstanding, ==, 0.0);
  assert_invoice (store, 0.0, "Paid");

  g_assert_true (ops_store_apply_invoice_payment (store, "ACC-SINV-2099-00001", 1.0, 2, &found, NULL, NULL,
                                                  &error));
  g_assert_no_error (error);
  g_assert_false (found);
}

static void
test_store_exact_cents (void)
{
  g_autoptr(OpsStore) store = open_store ();
  double outstanding = -1;
  gboolean found = FALSE;

  /* 49.99 paid as 4999 cents leaves exactly nothing. */
  g_assert_true (ops_store_apply_invoice_payment (store, "ACC-SINV-2025-00042",
                                                  ops_stripe_amount_from_minor (4999, "cad"), 2, &found,
                                                  NULL, &outstanding, NULL));
  g_assert_true (found);
  g_assert_cmpfloat (outstanding, ==, 0.0);
  assert_invoice (store, 0.0, "Paid");
}

static void
test_outbox_with_key (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(JsonNode) first = json_from_string ("{\"__from_invoice\":\"ACC-SINV-2025-00042\"}", NULL);
  g_autoptr(JsonNode) second = json_from_string ("{\"subject\":\"x\"}", NULL);
  g_autoptr(OpsOutboxEntry) keyed = NULL;
  g_autoptr(OpsOutboxEntry) random = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = ops_outbox_enqueue_with_key (store, "Payment Entry", "pi_3Q1", OPS_OUTBOX_INSERT,
                                    json_node_get_object (first), "reference_no", "pi_3Q1",
                                    "Stripe payment", &error);
  g_assert_no_error (error);
  keyed = ops_outbox_get (store, id, &error);
  g_assert_cmpstr (keyed->idempotency_key, ==, "pi_3Q1");
  g_assert_cmpstr (keyed->dedupe_field, ==, "reference_no");
  g_assert_cmpstr (json_object_get_string_member (keyed->payload, "reference_no"), ==, "pi_3Q1");
  g_assert_cmpstr (json_object_get_string_member (keyed->payload, "__from_invoice"), ==, "ACC-SINV-2025-00042");

  /* The plain enqueue still makes a random key. */
  id = ops_outbox_enqueue (store, "Communication", "local-1", OPS_OUTBOX_INSERT, json_node_get_object (second),
                           "message_id", "SMS", &error);
  g_assert_no_error (error);
  random = ops_outbox_get (store, id, &error);
  g_assert_true (g_uuid_string_is_valid (random->idempotency_key));
  g_assert_cmpstr (json_object_get_string_member (random->payload, "message_id"), ==, random->idempotency_key);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/stripe/signature/vector", test_signature_vector);
  g_test_add_func ("/stripe/signature/several-v1", test_signature_several_v1);
  g_test_add_func ("/stripe/signature/tampered", test_signature_tampered);
  g_test_add_func ("/stripe/signature/tolerance", test_signature_tolerance);
  g_test_add_func ("/stripe/signature/missing-and-malformed", test_signature_missing_and_malformed);
  g_test_add_func ("/stripe/event/session-paid", test_event_session_paid);
  g_test_add_func ("/stripe/event/session-variants", test_event_session_variants);
  g_test_add_func ("/stripe/event/payment-intent", test_event_payment_intent);
  g_test_add_func ("/stripe/event/invoice-paid", test_event_invoice_paid);
  g_test_add_func ("/stripe/event/unhandled-and-invalid", test_event_unhandled_and_invalid);
  g_test_add_func ("/stripe/event/currency-units", test_currency_units);
  g_test_add_func ("/stripe/store/invoice-payment", test_store_invoice_payment);
  g_test_add_func ("/stripe/store/exact-cents", test_store_exact_cents);
  g_test_add_func ("/stripe/outbox/with-key", test_outbox_with_key);

  return g_test_run ();
}
