/* ops-server-stripe.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Stripe's webhook.  Exactly once, twice over: the event id is claimed
 * (Stripe retries and may deliver an event twice), and so is the payment's
 * reference (a Checkout Session and its PaymentIntent report the same
 * payment in two events).  The Payment Entry's outbox key is the
 * PaymentIntent id, which ERPNext keeps as reference_no, so a delivery in
 * doubt finds the entry it made.
 */

#define G_LOG_DOMAIN "OpsServerStripe"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-outbox.h"
#include "ops-server-limits.h"
#include "ops-server-response.h"
#include "ops-server-stripe.h"
#include "ops-store-payments.h"
#include "ops-stripe-event.h"
#include "ops-stripe-signature.h"

#define PROVIDER "stripe"
/* Claims of payment references, apart from event ids. */
#define PROVIDER_PAYMENT "stripe-payment"

struct _OpsServerStripe
{
  GObject          parent_instance;
  OpsServiceLayer *services;
  OpsMetrics      *metrics;
  guint64          counts[OPS_SERVER_STRIPE_N_OUTCOMES];
};

G_DEFINE_FINAL_TYPE (OpsServerStripe, ops_server_stripe, G_TYPE_OBJECT)

static const char *const outcome_names[] = {
  "ok", "duplicate", "ignored", "unpaid", "unmatched", "bad_signature", "bad_request", "not_configured", "error",
};

G_STATIC_ASSERT (G_N_ELEMENTS (outcome_names) == OPS_SERVER_STRIPE_N_OUTCOMES);

/*
 * Auxiliary methods
 */

static void
respond_received (SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = json_from_string ("{\"received\":true}", NULL);

  ops_server_respond_json (msg, SOUP_STATUS_OK, node);
}

/* The local date of a unix time, as ERPNext's reference_date wants it. */
static char *
local_date (gint64 unix_time)
{
  g_autoptr(GDateTime) when = unix_time > 0 ? g_date_time_new_from_unix_local (unix_time) : NULL;

  if (when == NULL)
    when = g_date_time_new_now_local ();
  return g_date_time_format (when, "%Y-%m-%d");
}

static JsonObject *
payment_entry_payload (OpsServerStripe *self,
                       OpsStripeEvent  *event)
{
  OpsConfig *config = ops_service_layer_get_config (self->services);
  const char *mode = ops_config_get_string (config, "stripe", "mode_of_payment");
  const char *paid_to = ops_config_get_string (config, "stripe", "paid_to_account");
  g_autofree char *date = local_date (event->paid_at);
  JsonObject *payload = json_object_new ();

  /* The outbox worker asks ERPNext for the entry of this invoice, then
   * lays these fields over it; reference_no is set by the outbox. */
  json_object_set_string_member (payload, "__from_invoice", event->invoice);
  json_object_set_string_member (payload, "reference_date", date);
  json_object_set_double_member (payload, "paid_amount", event->amount);
  json_object_set_double_member (payload, "received_amount", event->amount);
  json_object_set_string_member (payload, "mode_of_payment", mode != NULL && *mode != '\0' ? mode : "Stripe");
  if (paid_to != NULL && *paid_to != '\0')
    json_object_set_string_member (payload, "paid_to", paid_to);
  return payload;
}

static void
publish (OpsServerStripe *self,
         OpsStripeEvent  *event,
         const char      *customer,
         double           outstanding,
         gboolean         known_invoice)
{
  OpsEventBus *bus = ops_service_layer_get_bus (self->services);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "payment");
  json_builder_set_member_name (builder, "invoice");
  json_builder_add_string_value (builder, event->invoice);
  json_builder_set_member_name (builder, "customer");
  if (customer != NULL)
    json_builder_add_string_value (builder, customer);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_double_value (builder, event->amount);
  json_builder_set_member_name (builder, "currency");
  if (event->currency != NULL)
    json_builder_add_string_value (builder, event->currency);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, event->reference);
  json_builder_set_member_name (builder, "outstanding");
  if (known_invoice)
    json_builder_add_double_value (builder, outstanding);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);

  ops_event_bus_publish (bus, "payments", data);
  if (customer != NULL)
    {
      g_autofree char *topic = g_strdup_printf ("customer:%s", customer);

      ops_event_bus_publish (bus, topic, data);
    }
}

/* The effects of a payment against a Sales Invoice, in one transaction. */
static OpsServerStripeOutcome
record_payment (OpsServerStripe  *self,
                OpsStripeEvent   *event,
                GError          **error)
{
  OpsStore *store = ops_service_layer_get_store (self->services);
  guint decimals = ops_stripe_currency_exponent (event->currency);
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *customer = NULL;
  g_autoptr(GError) local_error = NULL;
  double outstanding = 0;
  gboolean found = FALSE;
  gboolean claimed;

  if (!ops_store_begin (store, error))
    return OPS_SERVER_STRIPE_ERROR;

  claimed = ops_store_claim_event (store, PROVIDER, event->id, &local_error);
  if (local_error != NULL)
    goto fail;
  if (!claimed)
    {
      ops_store_rollback (store);
      g_debug ("Stripe event %s was processed already", event->id);
      return OPS_SERVER_STRIPE_DUPLICATE;
    }

  claimed = ops_store_claim_event (store, PROVIDER_PAYMENT, event->reference, &local_error);
  if (local_error != NULL)
    goto fail;
  if (!claimed)
    {
      /* Another event reported this payment: only this event is kept. */
      if (!ops_store_commit (store, &local_error))
        goto fail;
      g_debug ("Stripe event %s: payment %s was recorded already", event->id, event->reference);
      return OPS_SERVER_STRIPE_DUPLICATE;
    }

  if (!ops_store_apply_invoice_payment (store, event->invoice, event->amount, decimals, &found,
                                        &customer, &outstanding, &local_error))
    goto fail;

  payload = payment_entry_payload (self, event);
  summary = g_strdup_printf (_("Stripe payment of %.*f %s for %s"), (int)decimals, event->amount,
                             event->currency ? event->currency : "", event->invoice);
  if (ops_outbox_enqueue_with_key (store, "Payment Entry", event->reference, OPS_OUTBOX_INSERT, payload,
                                   "reference_no", event->reference, summary, &local_error) == 0)
    goto fail;
  if (!ops_store_commit (store, &local_error))
    goto fail;

  g_message ("Stripe: %s %s paid %.*f %s on %s%s", event->type, event->reference, (int)decimals, event->amount,
             event->currency ? event->currency : "", event->invoice,
             found ? "" : " (not in the local store yet)");
  publish (self, event, customer, outstanding, found);
  ops_service_layer_wake_outbox (self->services);
  return OPS_SERVER_STRIPE_OK;

fail:
  ops_store_rollback (store);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return OPS_SERVER_STRIPE_ERROR;
}

static OpsServerStripeOutcome
handle_event (OpsServerStripe  *self,
              OpsStripeEvent   *event,
              GError          **error)
{
  switch (event->action)
    {
    case OPS_STRIPE_EVENT_IGNORE:
      g_debug ("Stripe event %s of type %s: not handled", event->id, event->type);
      return OPS_SERVER_STRIPE_IGNORED;

    case OPS_STRIPE_EVENT_UNPAID:
      g_debug ("Stripe event %s (%s) moved no money", event->id, event->type);
      return OPS_SERVER_STRIPE_UNPAID;

    case OPS_STRIPE_EVENT_PAYMENT:
      if (event->invoice == NULL)
        {
          g_message ("Stripe: %s %s names no Sales Invoice (metadata.invoice); record it in ERPNext by hand",
                     event->type, event->reference);
          return OPS_SERVER_STRIPE_UNMATCHED;
        }
      return record_payment (self, event, error);

    default:
      g_assert_not_reached ();
    }
}

static void
count (OpsServerStripe        *self,
       OpsServerStripeOutcome  outcome)
{
  self->counts[outcome]++;
  if (self->metrics != NULL)
    ops_metrics_counter_inc (self->metrics, "ops_webhook_requests_total",
                             "provider", PROVIDER, "outcome", outcome_names[outcome], NULL);
}

/*
 * Callbacks
 */

/* Refuses an oversized body before it is read. */
static void
on_stripe_early_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  OpsServerStripe *self = user_data;

  /* Already refused by the server-wide limits. */
  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;
  if (!ops_server_check_body (msg, OPS_SERVER_STRIPE_MAX_BODY))
    count (self, OPS_SERVER_STRIPE_BAD_REQUEST);
}

static void
on_stripe_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  OpsServerStripe *self = user_data;
  OpsConfig *config = ops_service_layer_get_config (self->services);
  const char *secret = ops_config_get_string (config, "stripe", "webhook_secret");
  g_autoptr(OpsStripeEvent) event = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = NULL;
  OpsServerStripeOutcome outcome;
  const char *header;
  const guint8 *data;
  gsize size = 0;

  /* Early refusal already answered. */
  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;

  if (!g_str_equal (path, "/webhook/stripe"))
    {
      ops_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                "Stripe posts its events to /webhook/stripe.");
      return;
    }
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      ops_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                "Stripe posts its events: use POST /webhook/stripe.");
      count (self, OPS_SERVER_STRIPE_BAD_REQUEST);
      return;
    }
  if (secret == NULL || *secret == '\0')
    {
      ops_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "not_configured",
                                "Stripe webhooks are not set up here: set [stripe] webhook_secret "
                                "to the endpoint's signing secret.");
      count (self, OPS_SERVER_STRIPE_NOT_CONFIGURED);
      return;
    }

  if (!ops_server_check_body (msg, OPS_SERVER_STRIPE_MAX_BODY))
    {
      count (self, OPS_SERVER_STRIPE_BAD_REQUEST);
      return;
    }
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &size);

  /* The raw bytes, before any parsing. */
  header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Stripe-Signature");
  if (!ops_stripe_signature_verify (header, secret, data, size, g_get_real_time () / G_USEC_PER_SEC,
                                    OPS_STRIPE_SIGNATURE_TOLERANCE, NULL, &error))
    {
      g_debug ("Refused a Stripe webhook: %s", error->message);
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid_signature", error->message);
      count (self, OPS_SERVER_STRIPE_BAD_SIGNATURE);
      return;
    }

  event = ops_stripe_event_parse ((const char *)data, (gssize)size, &error);
  if (event == NULL)
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", error->message);
      count (self, OPS_SERVER_STRIPE_BAD_REQUEST);
      return;
    }

  outcome = handle_event (self, event, &error);
  count (self, outcome);
  if (outcome == OPS_SERVER_STRIPE_ERROR)
    {
      /* Stripe retries: nothing was kept. */
      g_warning ("Stripe event %s could not be recorded: %s", event->id,
                 error ? error->message : "unknown error");
      ops_server_respond_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "store_error",
                                "The event could not be recorded; Stripe will send it again.");
      return;
    }
  respond_received (msg);
}

/*
 * GObject overrides
 */

static void
ops_server_stripe_dispose (GObject *object)
{
  OpsServerStripe *self = (OpsServerStripe *)object;

  g_clear_object (&self->services);
  g_clear_object (&self->metrics);

  G_OBJECT_CLASS (ops_server_stripe_parent_class)->dispose (object);
}

static void
ops_server_stripe_class_init (OpsServerStripeClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ops_server_stripe_dispose;
}

static void
ops_server_stripe_init (OpsServerStripe *self)
{
}

/*
 * Public API
 */

/**
 * ops_server_stripe_new:
 * @metrics: (nullable): where requests are counted
 */
OpsServerStripe *
ops_server_stripe_new (OpsServiceLayer *services,
                       OpsMetrics      *metrics)
{
  OpsServerStripe *self;

  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);
  g_return_val_if_fail (metrics == NULL || OPS_IS_METRICS (metrics), NULL);

  self = g_object_new (OPS_TYPE_SERVER_STRIPE, NULL);
  self->services = g_object_ref (services);
  self->metrics = metrics ? g_object_ref (metrics) : NULL;
  return self;
}

void
ops_server_stripe_add_handlers (OpsServerStripe *self,
                                SoupServer      *server)
{
  g_return_if_fail (OPS_IS_SERVER_STRIPE (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  soup_server_add_early_handler (server, "/webhook/stripe", on_stripe_early_cb, self, NULL);
  soup_server_add_handler (server, "/webhook/stripe", on_stripe_cb, self, NULL);
}

guint64
ops_server_stripe_get_count (OpsServerStripe        *self,
                             OpsServerStripeOutcome  outcome)
{
  g_return_val_if_fail (OPS_IS_SERVER_STRIPE (self), 0);
  g_return_val_if_fail (outcome < OPS_SERVER_STRIPE_N_OUTCOMES, 0);

  return self->counts[outcome];
}

const char *
ops_server_stripe_outcome_to_string (OpsServerStripeOutcome outcome)
{
  g_return_val_if_fail (outcome < OPS_SERVER_STRIPE_N_OUTCOMES, NULL);

  return outcome_names[outcome];
}
