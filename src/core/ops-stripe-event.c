/* ops-stripe-event.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Events read (apis.md §3.3): checkout.session.completed and
 * checkout.session.async_payment_succeeded (a Checkout Session; paid only
 * when payment_status is "paid"), payment_intent.succeeded (a
 * PaymentIntent) and invoice.paid (an Invoice).  Nested objects may be ids
 * or expanded objects.
 */

#define G_LOG_DOMAIN "ops-stripe-event"

#include "config.h"

#include <math.h>

#include "ops-stripe-event.h"

typedef enum
{
  KIND_SESSION,
  KIND_INTENT,
  KIND_INVOICE,
} Kind;

static const struct
{
  const char *type;
  Kind        kind;
} handled[] = {
  { "checkout.session.completed", KIND_SESSION },
  { "checkout.session.async_payment_succeeded", KIND_SESSION },
  { "payment_intent.succeeded", KIND_INTENT },
  { "invoice.paid", KIND_INVOICE },
};

/* Metadata keys that name the Sales Invoice, in order of preference. */
static const char *const invoice_keys[] = { "invoice", "sales_invoice", "erpnext_invoice" };

/* https://docs.stripe.com/currencies: amounts without, or with three,
 * decimal places. */
static const char *const zero_decimal[] = {
  "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "UGX", "VND", "VUV",
  "XAF", "XOF", "XPF",
};
static const char *const three_decimal[] = { "BHD", "JOD", "KWD", "OMR", "TND" };

static const char *const action_names[] = { "payment", "unpaid", "ignore" };

G_DEFINE_QUARK (ops-stripe-event-error-quark, ops_stripe_event_error)

/*
 * Auxiliary methods
 */

/* A non-empty string member, or NULL. */
static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  const char *value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  value = json_node_get_string (node);
  return value != NULL && *value != '\0' ? value : NULL;
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

/* An integer member (a whole double counts), or FALSE. */
static gboolean
get_integer (JsonObject *object,
             const char *member,
             gint64     *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;
  double d;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      d = json_node_get_double (node);
      if (isfinite (d) && d == floor (d) && fabs (d) < 9e15)
        {
          *value = (gint64)d;
          return TRUE;
        }
    }
  return FALSE;
}

/* The id of a nested object: "pi_…" or {"id": "pi_…", …}. */
static const char *
get_id (JsonObject *object,
        const char *member)
{
  const char *id = get_string (object, member);

  return id != NULL ? id : get_string (get_object (object, member), "id");
}

static const char *
find_invoice (JsonObject *resource)
{
  JsonObject *metadata = get_object (resource, "metadata");

  for (guint i = 0; i < G_N_ELEMENTS (invoice_keys); i++)
    {
      const char *name = get_string (metadata, invoice_keys[i]);

      if (name != NULL)
        return name;
    }
  return NULL;
}

/* Before basil an Invoice has "payment_intent"; since, its payments list
 * does (when the list is included). */
static const char *
invoice_payment_intent (JsonObject *invoice)
{
  const char *id = get_id (invoice, "payment_intent");
  JsonObject *payments = get_object (invoice, "payments");
  JsonNode *data = payments ? json_object_get_member (payments, "data") : NULL;
  JsonArray *rows;

  if (id != NULL || data == NULL || !JSON_NODE_HOLDS_ARRAY (data))
    return id;
  rows = json_node_get_array (data);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row = json_array_get_element (rows, i);
      JsonObject *payment = JSON_NODE_HOLDS_OBJECT (row) ? get_object (json_node_get_object (row), "payment") : NULL;

      if ((id = get_id (payment, "payment_intent")) != NULL)
        return id;
    }
  return NULL;
}

static void
read_session (OpsStripeEvent *event,
              JsonObject     *session,
              gboolean       *paid)
{
  const char *invoice = find_invoice (session);

  event->invoice = g_strdup (invoice ? invoice : get_string (session, "client_reference_id"));
  event->payment_intent = g_strdup (get_id (session, "payment_intent"));
  get_integer (session, "amount_total", &event->amount_minor);
  *paid = g_strcmp0 (get_string (session, "payment_status"), "paid") == 0;
}

static void
read_intent (OpsStripeEvent *event,
             JsonObject     *intent)
{
  const char *status = get_string (intent, "status");

  event->invoice = g_strdup (find_invoice (intent));
  event->payment_intent = g_strdup (get_string (intent, "id"));
  if (!get_integer (intent, "amount_received", &event->amount_minor) || event->amount_minor <= 0)
    get_integer (intent, "amount", &event->amount_minor);
  if (status != NULL && !g_str_equal (status, "succeeded"))
    event->amount_minor = 0;
}

static void
read_invoice (OpsStripeEvent *event,
              JsonObject     *invoice)
{
  const char *status = get_string (invoice, "status");
  gint64 paid_at = 0;

  event->invoice = g_strdup (find_invoice (invoice));
  event->payment_intent = g_strdup (invoice_payment_intent (invoice));
  get_integer (invoice, "amount_paid", &event->amount_minor);
  if (get_integer (get_object (invoice, "status_transitions"), "paid_at", &paid_at) && paid_at > 0)
    event->paid_at = paid_at;
  if (status != NULL && !g_str_equal (status, "paid"))
    event->amount_minor = 0;
}

/*
 * Public API
 */

void
ops_stripe_event_free (OpsStripeEvent *self)
{
  if (self == NULL)
    return;
  g_free (self->id);
  g_free (self->type);
  g_free (self->object_id);
  g_free (self->invoice);
  g_free (self->payment_intent);
  g_free (self->reference);
  g_free (self->currency);
  g_free (self->stripe_customer);
  g_free (self);
}

const char *
ops_stripe_event_action_to_string (OpsStripeEventAction action)
{
  g_return_val_if_fail (action <= OPS_STRIPE_EVENT_IGNORE, NULL);
  return action_names[action];
}

guint
ops_stripe_currency_exponent (const char *currency)
{
  if (currency == NULL)
    return 2;
  for (guint i = 0; i < G_N_ELEMENTS (zero_decimal); i++)
    if (g_ascii_strcasecmp (currency, zero_decimal[i]) == 0)
      return 0;
  for (guint i = 0; i < G_N_ELEMENTS (three_decimal); i++)
    if (g_ascii_strcasecmp (currency, three_decimal[i]) == 0)
      return 3;
  return 2;
}

double
ops_stripe_amount_from_minor (gint64      amount_minor,
                              const char *currency)
{
  double scale = pow (10.0, ops_stripe_currency_exponent (currency));

  /* A correctly rounded division: 4999 gives the double nearest 49.99. */
  return (double)amount_minor / scale;
}

OpsStripeEvent *
ops_stripe_event_from_json (JsonNode  *root,
                            GError   **error)
{
  g_autoptr(OpsStripeEvent) event = NULL;
  JsonObject *envelope;
  JsonObject *resource;
  const char *id, *type, *currency;
  gboolean paid = TRUE;
  gint64 created = 0;
  Kind kind = KIND_SESSION;
  gboolean known = FALSE;

  envelope = root != NULL && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  id = get_string (envelope, "id");
  type = get_string (envelope, "type");
  if (id == NULL || type == NULL)
    {
      g_set_error_literal (error, OPS_STRIPE_EVENT_ERROR, OPS_STRIPE_EVENT_ERROR_INVALID,
                           "The body is not a Stripe event: it needs an \"id\" and a \"type\".");
      return NULL;
    }

  event = g_new0 (OpsStripeEvent, 1);
  event->id = g_strdup (id);
  event->type = g_strdup (type);
  event->action = OPS_STRIPE_EVENT_IGNORE;
  if (get_integer (envelope, "created", &created))
    event->paid_at = created;

  for (guint i = 0; i < G_N_ELEMENTS (handled); i++)
    if (g_str_equal (type, handled[i].type))
      {
        kind = handled[i].kind;
        known = TRUE;
      }
  if (!known)
    return g_steal_pointer (&event);

  resource = get_object (get_object (envelope, "data"), "object");
  if (resource == NULL)
    {
      g_set_error (error, OPS_STRIPE_EVENT_ERROR, OPS_STRIPE_EVENT_ERROR_INVALID,
                   "The %s event %s has no data.object.", type, id);
      return NULL;
    }

  event->object_id = g_strdup (get_string (resource, "id"));
  event->stripe_customer = g_strdup (get_id (resource, "customer"));
  currency = get_string (resource, "currency");
  event->currency = currency ? g_ascii_strup (currency, -1) : NULL;

  switch (kind)
    {
    case KIND_SESSION:
      read_session (event, resource, &paid);
      break;
    case KIND_INTENT:
      read_intent (event, resource);
      break;
    case KIND_INVOICE:
      read_invoice (event, resource);
      break;
    default:
      g_assert_not_reached ();
    }

  event->reference = g_strdup (event->payment_intent ? event->payment_intent : event->object_id);
  event->amount = ops_stripe_amount_from_minor (event->amount_minor, event->currency);
  event->action = paid && event->amount_minor > 0 && event->reference != NULL
                  ? OPS_STRIPE_EVENT_PAYMENT : OPS_STRIPE_EVENT_UNPAID;

  return g_steal_pointer (&event);
}

OpsStripeEvent *
ops_stripe_event_parse (const char  *data,
                        gssize       length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length == 0 || !json_parser_load_from_data (parser, data ? data : "", length, &local_error))
    {
      g_set_error (error, OPS_STRIPE_EVENT_ERROR, OPS_STRIPE_EVENT_ERROR_INVALID,
                   "The body is not JSON%s%s.", local_error ? ": " : "",
                   local_error ? local_error->message : "");
      return NULL;
    }
  return ops_stripe_event_from_json (json_parser_get_root (parser), error);
}
