/* ops-payment-links.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store is read and written on the caller's thread (quick, local);
 * only Stripe is asked from a worker thread.  The attempt row is written
 * before Stripe is asked, so a send that dies half-way is retried with the
 * same Idempotency-Key and Stripe answers with the session it already
 * made.  An open session for the same amount is sent again rather than
 * replaced.
 */

#define G_LOG_DOMAIN "ops-payment-links"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "ops-conversation.h"
#include "ops-payment-links.h"
#include "ops-reply-templates.h"
#include "ops-sms-sender.h"
#include "ops-store-payment-links.h"
#include "ops-stripe-client.h"
#include "ops-twilio-client.h"

/* Invoices are in Canadian dollars; Stripe wants the currency in lower case. */
#define CURRENCY "cad"
/* An open session is sent again only if the customer has this long to pay. */
#define REUSE_MARGIN_SECONDS (60 * 60)
#define DEMO_LIFETIME_SECONDS (24 * 60 * 60)
#define DEMO_CHECKOUT_URL "https://checkout.stripe.com/c/pay/"

typedef struct
{
  OpsServiceLayer *services;
  char            *invoice;
  char            *customer;
  char            *template_body;
  char            *sender;
  char            *to;            /* E.164 */
  char            *first_name;
  char            *email;
  double           amount;
  guint            attempt;
  char            *key;
  char            *success_url;
  char            *cancel_url;
  char            *description;
} SendData;

G_DEFINE_QUARK (ops-payment-link-error-quark, ops_payment_link_error)

/*
 * Auxiliary methods
 */

static void
send_data_free (gpointer data)
{
  SendData *send = data;

  g_clear_object (&send->services);
  g_free (send->invoice);
  g_free (send->customer);
  g_free (send->template_body);
  g_free (send->sender);
  g_free (send->to);
  g_free (send->first_name);
  g_free (send->email);
  g_free (send->key);
  g_free (send->success_url);
  g_free (send->cancel_url);
  g_free (send->description);
  g_free (send);
}

static gint64
to_cents (double amount)
{
  return (gint64)llround (amount * 100.0);
}

/* The primary contact (else the first): its mobile, else its phone. */
static gboolean
read_contact (OpsStore    *store,
              SendData    *send,
              GError     **error)
{
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autofree char *to = NULL;
  OpsContact *contact = NULL;
  const char *number = NULL;

  if (!(detail = ops_store_get_customer_detail (store, send->customer, error)) &&
      error != NULL && *error != NULL)
    return FALSE;

  if (detail != NULL && detail->contacts->len > 0)
    {
      contact = detail->contacts->pdata[0];
      for (guint i = 0; i < detail->contacts->len; i++)
        if (((OpsContact *)detail->contacts->pdata[i])->is_primary)
          {
            contact = detail->contacts->pdata[i];
            break;
          }
      number = contact->mobile && *contact->mobile ? contact->mobile : contact->phone;
    }
  if (number != NULL && *number != '\0')
    to = ops_twilio_normalize_phone (number, NULL);

  if (to == NULL)
    {
      g_set_error (error, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NO_MOBILE,
                   _("Customer %s has no mobile number to text the payment link to. Add their mobile "
                     "number to their contact in ERPNext, or give them the link another way."),
                   send->customer);
      return FALSE;
    }

  send->to = g_steal_pointer (&to);
  send->first_name = g_strdup (contact->first_name);
  send->email = contact->email && *contact->email ? g_strdup (contact->email) : NULL;
  return TRUE;
}

/* The session is known: the SMS, the row's message, the sender, the event. */
static void
finish_send (GTask      *task,
             const char *url)
{
  SendData *send = g_task_get_task_data (task);
  OpsStore *store = ops_service_layer_get_store (send->services);
  g_autoptr(GHashTable) values = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *body = NULL;
  g_autofree char *message = NULL;
  g_autofree char *topic = NULL;
  OpsSmsSender *sms;

  g_hash_table_insert (values, (gpointer)OPS_TEMPLATE_PAYMENT_LINK, (gpointer)url);
  if (send->first_name != NULL && *send->first_name != '\0')
    g_hash_table_insert (values, (gpointer)OPS_TEMPLATE_FIRST_NAME, send->first_name);
  body = ops_template_render (send->template_body, values, NULL);
  if (g_strstr_len (body, -1, url) == NULL)
    {
      /* A template without {lien_paiement} still carries the link. */
      char *with_url = g_strconcat (body, body[0] ? " " : "", url, NULL);

      g_free (body);
      body = with_url;
    }

  message = ops_store_queue_sms (store, send->customer, NULL, send->to, body, send->sender, &error);
  if (message == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!ops_store_set_payment_link_message (store, send->invoice, send->attempt, message, &error))
    g_warning ("Payment link %s of %s: the message %s is queued but not noted: %s",
               send->key, send->invoice, message, error->message);

  if ((sms = ops_service_layer_get_sms_sender (send->services)) != NULL)
    ops_sms_sender_wake (sms);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "payment_link");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "invoice");
  json_builder_add_string_value (builder, send->invoice);
  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, url);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);
  topic = g_strconcat ("customer:", send->customer, NULL);
  ops_event_bus_publish (ops_service_layer_get_bus (send->services), topic, data);

  g_debug ("Payment link of %s (attempt %u) queued as %s", send->invoice, send->attempt, message);
  g_task_return_pointer (task, g_steal_pointer (&message), g_free);
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SendData *send = g_task_get_task_data (task);
  OpsStore *store = ops_service_layer_get_store (send->services);
  g_autoptr(OpsCheckoutSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = ops_stripe_client_create_checkout_finish (OPS_STRIPE_CLIENT (source), result, &error);
  if (session == NULL)
    {
      /* Stripe will never accept this key again: the next send takes a new one. */
      if (g_error_matches (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_IDEMPOTENCY))
        ops_store_set_payment_link_session (store, send->invoice, send->attempt, "", NULL, 0, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (!ops_store_set_payment_link_session (store, send->invoice, send->attempt, session->id, session->url,
                                           session->expires_at, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  finish_send (task, session->url);
}

/*
 * Public API
 */

void
ops_payment_link_send_async (OpsServiceLayer     *services,
                             const char          *invoice,
                             const char          *template_body,
                             const char          *sender,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(OpsPaymentLink) last = NULL;
  g_autoptr(OpsStripeClient) client = NULL;
  g_autoptr(GError) error = NULL;
  OpsConfig *config;
  OpsStore *store;
  SendData *send;
  gboolean found = FALSE;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  OpsCheckoutRequest request = { 0 };

  g_return_if_fail (OPS_IS_SERVICE_LAYER (services));
  g_return_if_fail (invoice != NULL);
  g_return_if_fail (template_body != NULL);

  store = ops_service_layer_get_store (services);
  config = ops_service_layer_get_config (services);

  task = g_task_new (services, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_payment_link_send_async);
  send = g_new0 (SendData, 1);
  send->services = g_object_ref (services);
  send->invoice = g_strdup (invoice);
  send->template_body = g_strdup (template_body);
  send->sender = g_strdup (sender);
  g_task_set_task_data (task, send, send_data_free);

  if (!ops_store_get_invoice_balance (store, invoice, &found, &send->customer, &send->amount, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!found || send->customer == NULL)
    {
      g_task_return_new_error (task, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NOT_FOUND,
                               _("Invoice %s is not in this console's copy of ERPNext. Sync, then try "
                                 "again."), invoice);
      return;
    }
  if (to_cents (send->amount) <= 0)
    {
      g_task_return_new_error (task, OPS_PAYMENT_LINK_ERROR, OPS_PAYMENT_LINK_ERROR_NO_BALANCE,
                               _("Invoice %s has nothing left to pay, so no payment link is needed."),
                               invoice);
      return;
    }
  if (!read_contact (store, send, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* An open session for this amount is sent again as it is. */
  last = ops_store_get_last_payment_link (store, invoice, &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (last != NULL && last->session_id != NULL && *last->session_id != '\0' && last->url != NULL &&
      last->expires_at > now + REUSE_MARGIN_SECONDS && to_cents (last->amount) == to_cents (send->amount))
    {
      g_debug ("Payment link of %s: attempt %u's session is still open, sending it again", invoice,
               last->attempt);
      send->attempt = last->attempt;
      send->key = g_strdup_printf ("paylink-%s-%u", invoice, send->attempt);
      finish_send (task, last->url);
      return;
    }

  /* An attempt Stripe never answered is made again with its own key. */
  if (last != NULL && last->session_id == NULL && to_cents (last->amount) == to_cents (send->amount))
    send->attempt = last->attempt;
  else
    send->attempt = (last ? last->attempt : 0) + 1;
  send->key = g_strdup_printf ("paylink-%s-%u", invoice, send->attempt);

  if (ops_service_layer_is_demo (services))
    {
      /* Nothing leaves the demo workspace: a session that says it is simulated. */
      g_autofree char *session_id = g_strconcat ("cs_demo_", invoice, NULL);
      g_autofree char *url = g_strconcat (DEMO_CHECKOUT_URL, session_id, NULL);

      if ((last == NULL || last->attempt != send->attempt) &&
          !ops_store_add_payment_link (store, invoice, send->attempt, send->amount, CURRENCY, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (!ops_store_set_payment_link_session (store, invoice, send->attempt, session_id, url,
                                               now + DEMO_LIFETIME_SECONDS, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      finish_send (task, url);
      return;
    }

  if (!(client = ops_stripe_client_new_from_config (config, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Written before Stripe is asked: a crash from here on reuses the key. */
  if ((last == NULL || last->attempt != send->attempt) &&
      !ops_store_add_payment_link (store, invoice, send->attempt, send->amount, CURRENCY, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  send->success_url = g_strdup (ops_config_get_string (config, "stripe", "success_url"));
  send->cancel_url = g_strdup (ops_config_get_string (config, "stripe", "cancel_url"));
  /* The line the customer reads on Stripe's page. */
  send->description = g_strdup_printf (_("Gigafibre invoice %s"), invoice);

  request.invoice = send->invoice;
  request.customer = send->customer;
  request.description = send->description;
  request.amount_cents = to_cents (send->amount);
  request.currency = CURRENCY;
  request.email = send->email;
  request.success_url = send->success_url;
  request.cancel_url = send->cancel_url;
  request.idempotency_key = send->key;

  g_debug ("Payment link of %s: asking Stripe for a session (attempt %u)", invoice, send->attempt);
  ops_stripe_client_create_checkout_async (client, &request, cancellable, created_cb, g_steal_pointer (&task));
}

char *
ops_payment_link_send_finish (OpsServiceLayer  *services,
                              GAsyncResult     *result,
                              GError          **error)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);
  g_return_val_if_fail (g_task_is_valid (result, services), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
