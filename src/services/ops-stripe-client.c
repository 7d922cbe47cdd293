/* ops-stripe-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * POST /v1/checkout/sessions as Stripe's own libraries send it
 * (apis.md §3.1–3.2): Bearer secret key, a pinned Stripe-Version, an
 * Idempotency-Key that stays the same on every attempt, and a form body
 * with nested keys (line_items[0][price_data][unit_amount]=…).  429, 409,
 * 5xx and network errors are retried unless Stripe-Should-Retry says
 * otherwise; any other answer is final and decoded from Stripe's
 * {"error": {type, code, message, …}} body.
 */

#define G_LOG_DOMAIN "ops-stripe"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-http.h"
#include "ops-stripe-client.h"

#define MAX_ANSWER_BYTES (1024 * 1024)
#define TIMEOUT_SECONDS 30
/* libsoup 3.2 has no name for them. */
#define HTTP_PAYMENT_REQUIRED 402
#define HTTP_TOO_MANY_REQUESTS 429

struct _OpsStripeClient
{
  GObject         parent_instance;

  char           *sessions_url;
  char           *authorization;   /* "Bearer sk_…" */
  SoupSession    *session;

  GMutex          lock;            /* protects retry */
  OpsRetryPolicy  retry;
};

typedef struct
{
  char               *invoice;
  char               *customer;
  char               *description;
  char               *currency;
  char               *email;
  char               *success_url;
  char               *cancel_url;
  char               *idempotency_key;
  OpsCheckoutRequest  request;     /* points into the strings above */
} RequestCopy;

G_DEFINE_FINAL_TYPE (OpsStripeClient, ops_stripe_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-stripe-error-quark, ops_stripe_error)

/*
 * Auxiliary methods
 */

/* encodeURIComponent with ! * ( ) ' escaped too: only A-Z a-z 0-9 - _ . ~
 * stay as they are; UTF-8 goes out byte by byte. */
static void
append_field (GString    *form,
              const char *key,
              const char *value)
{
  g_autofree char *escaped = NULL;

  if (value == NULL)
    return;

  escaped = g_uri_escape_string (value, NULL, FALSE);
  if (form->len > 0)
    g_string_append_c (form, '&');
  /* Keys are ours: brackets left as they are, which Stripe accepts. */
  g_string_append_printf (form, "%s=%s", key, escaped);
}

static gboolean
retry_status (guint               status,
              SoupMessageHeaders *headers,
              GBytes             *body,
              gpointer            user_data)
{
  const char *should = headers ? soup_message_headers_get_one (headers, "Stripe-Should-Retry") : NULL;

  if (should != NULL && g_ascii_strcasecmp (should, "true") == 0)
    return TRUE;
  if (should != NULL && g_ascii_strcasecmp (should, "false") == 0)
    return FALSE;
  return status == HTTP_TOO_MANY_REQUESTS || status == SOUP_STATUS_CONFLICT || status >= 500;
}

static const char *
get_string (JsonObject *object,
            const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
get_int (JsonObject *object,
         const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64)json_node_get_double (node);
  return 0;
}

static void
set_error_from_response (GError          **error,
                         OpsHttpResponse  *response,
                         const char       *invoice)
{
  g_autoptr(JsonNode) root = ops_http_response_parse_json (response, NULL);
  JsonObject *top = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  JsonNode *error_node = top ? json_object_get_member (top, "error") : NULL;
  JsonObject *object = error_node && JSON_NODE_HOLDS_OBJECT (error_node) ? json_node_get_object (error_node) : NULL;
  const char *type = get_string (object, "type");
  const char *code = get_string (object, "code");
  const char *decline_code = get_string (object, "decline_code");
  const char *param = get_string (object, "param");
  const char *stripe_message = get_string (object, "message");
  g_autofree char *said = NULL;
  guint status = response->status;

  g_debug ("Stripe answered HTTP %u for invoice %s: type %s, code %s, decline_code %s, param %s",
           status, invoice ? invoice : "(none)", type ? type : "-", code ? code : "-",
           decline_code ? decline_code : "-", param ? param : "-");

  /* Stripe's own words, to quote after ours. */
  said = stripe_message ? g_strdup_printf (" (Stripe: “%s”)", stripe_message) : g_strdup ("");

  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_AUTH,
                 _("Stripe refused the secret key%s. Copy the secret key (sk_…) again from the Stripe "
                   "dashboard (Developers, API keys) into the Stripe settings."), said);
  else if (g_strcmp0 (type, "idempotency_error") == 0)
    g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_IDEMPOTENCY,
                 _("Stripe refused the payment link for %s: this attempt was already made with other "
                   "details%s. Send the payment link again to start a new attempt."),
                 invoice ? invoice : "", said);
  else if (g_strcmp0 (type, "card_error") == 0 || status == HTTP_PAYMENT_REQUIRED)
    g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_CARD,
                 _("Stripe declined the payment%s. Ask the customer to use another card, or to call "
                   "their bank."), said);
  else if (status == HTTP_TOO_MANY_REQUESTS || g_strcmp0 (type, "rate_limit_error") == 0)
    g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_RATE_LIMITED,
                 _("Stripe is refusing requests for now: too many were sent too quickly. Wait a minute, "
                   "then send the payment link again."));
  else if (status >= 500 || g_strcmp0 (type, "api_error") == 0)
    g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_API,
                 _("Stripe is having trouble (HTTP %u)%s; no payment link was made. Try again in a few "
                   "minutes."), status, said);
  else if ((status >= 400 || g_strcmp0 (type, "invalid_request_error") == 0) && param != NULL)
    g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_INVALID_REQUEST,
                 _("Stripe refused the payment link for %s because of its field %s%s. Check the invoice "
                   "amount and the Stripe settings (success and cancel addresses), then try again."),
                 invoice ? invoice : "", param, said);
  else if (status >= 400 || g_strcmp0 (type, "invalid_request_error") == 0)
    g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_INVALID_REQUEST,
                 _("Stripe refused the payment link for %s%s. Check the invoice amount and the Stripe "
                   "settings (success and cancel addresses), then try again."),
                 invoice ? invoice : "", said);
  else
    g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_API,
                 _("Stripe answered HTTP %u instead of a Checkout Session. Check the Stripe address in "
                   "the settings, then try again."), status);
}

static OpsCheckoutSession *
parse_session (OpsHttpResponse  *response,
               GError          **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  OpsCheckoutSession *session;
  const char *id, *url;

  root = ops_http_response_parse_json (response, &local_error);
  object = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  id = get_string (object, "id");
  url = get_string (object, "url");
  if (id == NULL || url == NULL)
    {
      g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_API,
                   _("Stripe's answer has no Checkout Session%s%s. Check the Stripe address in the "
                     "settings, then try again."),
                   local_error ? ": " : "", local_error ? local_error->message : "");
      return NULL;
    }

  session = g_new0 (OpsCheckoutSession, 1);
  session->id = g_strdup (id);
  session->url = g_strdup (url);
  session->expires_at = get_int (object, "expires_at");
  return session;
}

static gboolean
check_request (const OpsCheckoutRequest  *request,
               GError                   **error)
{
  if (request->invoice == NULL || *request->invoice == '\0' || request->amount_cents <= 0 ||
      request->idempotency_key == NULL || *request->idempotency_key == '\0' ||
      request->success_url == NULL || request->cancel_url == NULL)
    {
      g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_INVALID_REQUEST,
                   _("A payment link needs an invoice, an amount above zero and the success and cancel "
                     "addresses of the Stripe settings. Check the invoice and the settings."));
      return FALSE;
    }
  return TRUE;
}

static void
request_copy_free (gpointer data)
{
  RequestCopy *copy = data;

  g_free (copy->invoice);
  g_free (copy->customer);
  g_free (copy->description);
  g_free (copy->currency);
  g_free (copy->email);
  g_free (copy->success_url);
  g_free (copy->cancel_url);
  g_free (copy->idempotency_key);
  g_free (copy);
}

static RequestCopy *
request_copy_new (const OpsCheckoutRequest *request)
{
  RequestCopy *copy = g_new0 (RequestCopy, 1);

  copy->request = *request;
  copy->request.invoice = copy->invoice = g_strdup (request->invoice);
  copy->request.customer = copy->customer = g_strdup (request->customer);
  copy->request.description = copy->description = g_strdup (request->description);
  copy->request.currency = copy->currency = g_strdup (request->currency);
  copy->request.email = copy->email = g_strdup (request->email);
  copy->request.success_url = copy->success_url = g_strdup (request->success_url);
  copy->request.cancel_url = copy->cancel_url = g_strdup (request->cancel_url);
  copy->request.idempotency_key = copy->idempotency_key = g_strdup (request->idempotency_key);
  return copy;
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RequestCopy *copy = task_data;
  GError *error = NULL;
  OpsCheckoutSession *session;

  session = ops_stripe_client_create_checkout (source_object, &copy->request, cancellable, &error);
  if (session == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, session, (GDestroyNotify)ops_checkout_session_free);
}

/*
 * GObject overrides
 */

static void
ops_stripe_client_finalize (GObject *object)
{
  OpsStripeClient *self = (OpsStripeClient *)object;

  g_clear_object (&self->session);
  g_free (self->sessions_url);
  g_free (self->authorization);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (ops_stripe_client_parent_class)->finalize (object);
}

static void
ops_stripe_client_class_init (OpsStripeClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_stripe_client_finalize;
}

static void
ops_stripe_client_init (OpsStripeClient *self)
{
  g_mutex_init (&self->lock);
  ops_retry_policy_init_default (&self->retry);
}

/*
 * Public API
 */

void
ops_checkout_session_free (OpsCheckoutSession *session)
{
  if (session == NULL)
    return;
  g_free (session->id);
  g_free (session->url);
  g_free (session);
}

OpsStripeClient *
ops_stripe_client_new (const char *base_url,
                       const char *secret_key)
{
  g_autoptr(OpsStripeClient) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (secret_key != NULL, NULL);

  self = g_object_new (OPS_TYPE_STRIPE_CLIENT, NULL);
  /* Only an unreadable CA file can fail, and none is given. */
  self->session = ops_http_session_new (NULL, TIMEOUT_SECONDS, &error);
  g_return_val_if_fail (self->session != NULL, NULL);

  base = g_strdup (base_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  self->sessions_url = g_strconcat (base, OPS_STRIPE_CHECKOUT_PATH, NULL);
  self->authorization = g_strconcat ("Bearer ", secret_key, NULL);

  return g_steal_pointer (&self);
}

OpsStripeClient *
ops_stripe_client_new_from_config (OpsConfig  *config,
                                   GError    **error)
{
  const char *url, *key;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);

  url = ops_config_get_string (config, "stripe", "url");
  key = ops_config_get_string (config, "stripe", "secret_key");
  if (key == NULL || *key == '\0')
    {
      g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_NOT_CONFIGURED,
                   _("Stripe is not configured: set its secret key (the [stripe] secret_key setting, "
                     "or Preferences, Connections, Stripe) to send payment links."));
      return NULL;
    }

  return ops_stripe_client_new (url != NULL && *url != '\0' ? url : "https://api.stripe.com", key);
}

void
ops_stripe_client_set_retry (OpsStripeClient *self,
                             guint            base_ms,
                             guint            max_ms,
                             guint            attempts)
{
  g_return_if_fail (OPS_IS_STRIPE_CLIENT (self));

  g_mutex_lock (&self->lock);
  self->retry.base_delay_ms = base_ms;
  self->retry.max_delay_ms = MAX (base_ms, max_ms);
  self->retry.max_attempts = MAX (1u, attempts);
  g_mutex_unlock (&self->lock);
}

/**
 * ops_stripe_checkout_form:
 *
 * The fields in a fixed order, values percent-encoded as Stripe's
 * libraries do; customer_email only when given.
 *
 * Returns: (transfer full): the form body
 */
char *
ops_stripe_checkout_form (const OpsCheckoutRequest *request)
{
  GString *form = g_string_new (NULL);
  g_autofree char *amount = NULL;
  g_autofree char *currency = NULL;

  g_return_val_if_fail (request != NULL, NULL);

  amount = g_strdup_printf ("%" G_GINT64_FORMAT, request->amount_cents);
  currency = g_ascii_strdown (request->currency && *request->currency ? request->currency : "cad", -1);

  append_field (form, "mode", "payment");
  append_field (form, "line_items[0][quantity]", "1");
  append_field (form, "line_items[0][price_data][currency]", currency);
  append_field (form, "line_items[0][price_data][unit_amount]", amount);
  append_field (form, "line_items[0][price_data][product_data][name]",
                request->description && *request->description ? request->description : request->invoice);
  append_field (form, "client_reference_id", request->invoice);
  if (request->email != NULL && *request->email != '\0')
    append_field (form, "customer_email", request->email);
  append_field (form, "metadata[invoice]", request->invoice);
  append_field (form, "metadata[customer]", request->customer);
  append_field (form, "success_url", request->success_url);
  append_field (form, "cancel_url", request->cancel_url);
  append_field (form, "payment_intent_data[metadata][invoice]", request->invoice);

  return g_string_free (form, FALSE);
}

OpsCheckoutSession *
ops_stripe_client_create_checkout (OpsStripeClient          *self,
                                   const OpsCheckoutRequest *request,
                                   GCancellable             *cancellable,
                                   GError                  **error)
{
  g_autoptr(OpsHttpRequest) http = NULL;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  OpsRetryPolicy policy;
  char *form;

  g_return_val_if_fail (OPS_IS_STRIPE_CLIENT (self), NULL);
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  if (!check_request (request, error))
    return NULL;

  form = ops_stripe_checkout_form (request);
  body = g_bytes_new_take (form, strlen (form));

  http = ops_http_request_new ("POST", self->sessions_url);
  ops_http_request_set_header (http, "Authorization", self->authorization);
  ops_http_request_set_header (http, "Stripe-Version", OPS_STRIPE_API_VERSION);
  /* The same key on every attempt: Stripe answers a retry with the first result. */
  ops_http_request_set_header (http, "Idempotency-Key", request->idempotency_key);
  ops_http_request_set_header (http, "Accept", "application/json");
  ops_http_request_set_body (http, "application/x-www-form-urlencoded", body);
  ops_http_request_set_max_body (http, MAX_ANSWER_BYTES);
  ops_http_request_set_retry_func (http, retry_status, NULL, NULL);
  g_mutex_lock (&self->lock);
  policy = self->retry;
  g_mutex_unlock (&self->lock);
  ops_http_request_set_retry (http, &policy);

  g_debug ("Creating a Checkout Session for %s (%" G_GINT64_FORMAT " %s, attempt key %s)",
           request->invoice, request->amount_cents, request->currency ? request->currency : "cad",
           request->idempotency_key);

  if (!(response = ops_http_send (self->session, http, cancellable, &local_error)))
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, OPS_STRIPE_ERROR, OPS_STRIPE_ERROR_NETWORK,
                     _("Stripe cannot be reached (%s); no payment link was made. Check the internet "
                       "connection, then send the payment link again."), local_error->message);
      return NULL;
    }

  if (response->status == SOUP_STATUS_OK)
    return parse_session (response, error);

  set_error_from_response (error, response, request->invoice);
  return NULL;
}

void
ops_stripe_client_create_checkout_async (OpsStripeClient          *self,
                                         const OpsCheckoutRequest *request,
                                         GCancellable             *cancellable,
                                         GAsyncReadyCallback       callback,
                                         gpointer                  user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OPS_IS_STRIPE_CLIENT (self));
  g_return_if_fail (request != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_stripe_client_create_checkout_async);
  g_task_set_task_data (task, request_copy_new (request), request_copy_free);
  g_task_run_in_thread (task, create_thread);
}

OpsCheckoutSession *
ops_stripe_client_create_checkout_finish (OpsStripeClient  *self,
                                          GAsyncResult     *result,
                                          GError          **error)
{
  g_return_val_if_fail (OPS_IS_STRIPE_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
