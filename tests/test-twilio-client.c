/* test-twilio-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpsTwilioClient against the fake Twilio: what goes on the wire, the
 * named errors from Twilio's error bodies, retries, numbers.
 */

#define G_LOG_DOMAIN "test-twilio-client"

#include "config.h"

#include <string.h>

#include "ops-fake-twilio.h"
#include "ops-twilio-client.h"

#define SID "AC0123456789abcdef0123456789abcdef"
#define TOKEN "twilio-test-token"
#define FROM "+14505550100"
#define PUBLIC_URL "https://ops.example.net"
/* libsoup 3.2 has no name for it. */
#define HTTP_TOO_MANY_REQUESTS 429

static const OpsRetryPolicy fast_policy = { 3, 1, 5 };

typedef struct
{
  OpsFakeTwilio   *fake;
  OpsTwilioClient *client;
} Fixture;

static OpsConfig *
new_config (const char *url,
            const char *token,
            const char *public_url)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_strdup_printf ("[twilio]\nurl = %s\naccount_sid = " SID "\nauth_token = %s\n"
                                           "from = " FROM "\n%s%s%s",
                                           url, token,
                                           public_url ? "[server]\npublic_url = " : "",
                                           public_url ? public_url : "", public_url ? "\n" : "");

  g_assert_true (ops_config_load_data (config, data, -1, "test", &error));
  g_assert_no_error (error);
  return g_steal_pointer (&config);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(OpsConfig) config = NULL;
  g_autoptr(GError) error = NULL;

  fixture->fake = ops_fake_twilio_new (SID, TOKEN);
  config = new_config (ops_fake_twilio_get_url (fixture->fake), TOKEN, PUBLIC_URL "/");
  fixture->client = ops_twilio_client_new_from_config (config, &error);
  g_assert_no_error (error);
  ops_twilio_client_set_retry (fixture->client, &fast_policy);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, ops_fake_twilio_free);
}

static guint
count_requests (Fixture *fixture)
{
  g_auto(GStrv) requests = ops_fake_twilio_dup_requests (fixture->fake);

  return g_strv_length (requests);
}

static void
test_send (Fixture       *fixture,
           gconstpointer  user_data)
{
  g_autoptr(OpsTwilioMessage) message = NULL;
  g_autoptr(JsonObject) answered = NULL;
  g_auto(GStrv) form = NULL;
  g_auto(GStrv) requests = NULL;
  g_autoptr(GError) error = NULL;
  const char *body = "Votre technicien arrive entre 10:00 et 12:00 — Gigafibre";

  message = ops_twilio_client_send_sms (fixture->client, "(450) 555-0142", body, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);

  answered = ops_fake_twilio_dup_last_message (fixture->fake);
  g_assert_true (g_str_has_prefix (message->sid, "SM"));
  g_assert_cmpuint (strlen (message->sid), ==, 34);
  g_assert_cmpstr (message->sid, ==, json_object_get_string_member (answered, "sid"));
  g_assert_cmpstr (message->status, ==, "queued");
  g_assert_cmpstr (message->to, ==, "+14505550142");
  g_assert_cmpstr (message->from, ==, FROM);
  g_assert_cmpstr (message->body, ==, body);
  g_assert_cmpstr (message->num_segments, ==, "1");
  g_assert_true (g_str_has_suffix (message->date_created, " +0000"));

  /* The form, in the documented order and encoding. */
  form = ops_fake_twilio_dup_last_form (fixture->fake);
  {
    const char *const expected[] = {
      "To", "+14505550142", "From", FROM, "Body", body,
      "StatusCallback", PUBLIC_URL "/webhook/twilio/sms-status", NULL,
    };

    g_assert_cmpstrv (form, expected);
  }

  requests = ops_fake_twilio_dup_requests (fixture->fake);
  g_assert_cmpuint (g_strv_length (requests), ==, 1);
  g_assert_cmpstr (requests[0], ==, "POST /2010-04-01/Accounts/" SID "/Messages.json");
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fixture->fake), ==, 1);
}

static void
test_no_status_callback (void)
{
  g_autoptr(OpsFakeTwilio) fake = ops_fake_twilio_new (SID, TOKEN);
  g_autoptr(OpsConfig) config = new_config (ops_fake_twilio_get_url (fake), TOKEN, NULL);
  g_autoptr(OpsTwilioClient) client = NULL;
  g_autoptr(OpsTwilioMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) form = NULL;

  client = ops_twilio_client_new_from_config (config, &error);
  g_assert_no_error (error);
  message = ops_twilio_client_send_sms (client, "+33 1 23 45 67 89", "Bonjour", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);

  form = ops_fake_twilio_dup_last_form (fake);
  {
    const char *const expected[] = { "To", "+33123456789", "From", FROM, "Body", "Bonjour", NULL };

    g_assert_cmpstrv (form, expected);
  }
}

static void
test_not_configured (void)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(OpsTwilioClient) client = NULL;
  g_autoptr(GError) error = NULL;

  client = ops_twilio_client_new_from_config (config, &error);
  g_assert_null (client);
  g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_NOT_CONFIGURED);
  g_assert_cmpint (ops_twilio_error_get_twilio_code (error), ==, 0);
}

static void
test_normalize (void)
{
  const struct { const char *in; const char *out; } cases[] = {
    { "450 555 0142", "+14505550142" },
    { "(450) 555-0142", "+14505550142" },
    { "1-450-555-0142", "+14505550142" },
    { "+1 450.555.0142", "+14505550142" },
    { "  +353 87 123 4567", "+353871234567" },
    { "+33 1 23 45 67 89", "+33123456789" },
    { "555-0142", NULL },
    { "", NULL },
    { NULL, NULL },
    { "call 4505550142", NULL },
    { "0123456789", NULL },            /* no area code starts with 0 */
    { "450 155 0142", NULL },          /* nor an exchange with 1 */
    { "+1 450 555 01423", NULL },
    { "450-555-0142 ext 12", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *number = ops_twilio_normalize_phone (cases[i].in, &error);

      g_assert_cmpstr (number, ==, cases[i].out);
      if (cases[i].out == NULL)
        {
          g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_INVALID_NUMBER);
          g_assert_true (strstr (error->message, "area code") != NULL);
        }
      else
        g_assert_no_error (error);
    }
}

/* A number that cannot be one never reaches Twilio. */
static void
test_refused_locally (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(OpsTwilioMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *long_body = g_strnfill (OPS_TWILIO_MAX_BODY_CHARS + 1, 'x');

  message = ops_twilio_client_send_sms (fixture->client, "555-0142", "Bonjour", NULL, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_INVALID_NUMBER);
  g_clear_error (&error);

  message = ops_twilio_client_send_sms (fixture->client, "450 555 0142", "", NULL, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_INVALID_MESSAGE);
  g_clear_error (&error);

  message = ops_twilio_client_send_sms (fixture->client, "450 555 0142", long_body, NULL, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_INVALID_MESSAGE);
  g_assert_true (strstr (error->message, "1600") != NULL);

  g_assert_cmpuint (count_requests (fixture), ==, 0);
}

typedef struct
{
  int             twilio_code;
  guint           http_status;
  OpsTwilioError  expected;
  const char     *hint;     /* part of the message that says what to do */
} ErrorCase;

static void
test_twilio_errors (Fixture       *fixture,
                    gconstpointer  user_data)
{
  const ErrorCase cases[] = {
    { 21211, 400, OPS_TWILIO_ERROR_INVALID_NUMBER, "correct their contact" },
    { 21610, 400, OPS_TWILIO_ERROR_UNSUBSCRIBED, "START" },
    { 21408, 400, OPS_TWILIO_ERROR_REGION_NOT_ENABLED, "Geo permissions" },
    { 21612, 400, OPS_TWILIO_ERROR_FAILED, "21612" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(OpsTwilioMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *more_info = g_strdup_printf ("https://www.twilio.com/docs/errors/%d", cases[i].twilio_code);

      ops_fake_twilio_set_number_error (fixture->fake, "+14505550199", cases[i].http_status, cases[i].twilio_code);
      message = ops_twilio_client_send_sms (fixture->client, "450-555-0199", "Bonjour", NULL, &error);
      g_assert_null (message);
      g_assert_error (error, OPS_TWILIO_ERROR, (int)cases[i].expected);
      g_assert_cmpint (ops_twilio_error_get_twilio_code (error), ==, cases[i].twilio_code);
      g_assert_cmpuint (ops_twilio_error_get_http_status (error), ==, cases[i].http_status);
      g_assert_cmpstr (ops_twilio_error_get_more_info (error), ==, more_info);
      g_assert_true (strstr (error->message, cases[i].hint) != NULL);

      /* The copy a GTask or a caller makes keeps Twilio's code. */
      {
        g_autoptr(GError) copy = g_error_copy (error);

        g_assert_cmpint (ops_twilio_error_get_twilio_code (copy), ==, cases[i].twilio_code);
        g_assert_cmpstr (ops_twilio_error_get_more_info (copy), ==, more_info);
      }
    }

  /* A 4xx is final: one request per send. */
  g_assert_cmpuint (count_requests (fixture), ==, G_N_ELEMENTS (cases));
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fixture->fake), ==, 0);
}

static void
test_unauthorized (void)
{
  g_autoptr(OpsFakeTwilio) fake = ops_fake_twilio_new (SID, TOKEN);
  g_autoptr(OpsConfig) config = new_config (ops_fake_twilio_get_url (fake), "wrong-token", PUBLIC_URL);
  g_autoptr(OpsTwilioClient) client = NULL;
  g_autoptr(OpsTwilioMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  client = ops_twilio_client_new_from_config (config, &error);
  g_assert_no_error (error);
  message = ops_twilio_client_send_sms (client, "450 555 0142", "Bonjour", NULL, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_UNAUTHORIZED);
  g_assert_cmpint (ops_twilio_error_get_twilio_code (error), ==, 20003);
  g_assert_true (strstr (error->message, "auth_token") != NULL);
  /* The secret is not in what a person reads. */
  g_assert_null (strstr (error->message, "wrong-token"));
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fake), ==, 0);
}

static void
test_retry_then_send (Fixture       *fixture,
                      gconstpointer  user_data)
{
  const guint statuses[] = { HTTP_TOO_MANY_REQUESTS, SOUP_STATUS_INTERNAL_SERVER_ERROR,
                             SOUP_STATUS_SERVICE_UNAVAILABLE };

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(OpsTwilioMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) requests = NULL;

      ops_fake_twilio_fail_next (fixture->fake, 2, statuses[i]);
      message = ops_twilio_client_send_sms (fixture->client, "450 555 0142", "Bonjour", NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (message);
      requests = ops_fake_twilio_dup_requests (fixture->fake);
      g_assert_cmpuint (g_strv_length (requests), ==, 3 * (i + 1));
    }
  g_assert_cmpuint (ops_fake_twilio_get_message_count (fixture->fake), ==, G_N_ELEMENTS (statuses));
}

static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(OpsTwilioMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  ops_fake_twilio_fail_next (fixture->fake, 10, HTTP_TOO_MANY_REQUESTS);
  message = ops_twilio_client_send_sms (fixture->client, "450 555 0142", "Bonjour", NULL, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_RATE_LIMITED);
  g_assert_cmpint (ops_twilio_error_get_twilio_code (error), ==, 20429);
  g_assert_true (strstr (error->message, "Wait a minute") != NULL);
  g_assert_cmpuint (count_requests (fixture), ==, fast_policy.max_attempts);

  g_clear_error (&error);
  ops_fake_twilio_fail_next (fixture->fake, 10, SOUP_STATUS_BAD_GATEWAY);
  message = ops_twilio_client_send_sms (fixture->client, "450 555 0142", "Bonjour", NULL, &error);
  g_assert_null (message);
  g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_SERVER);
  g_assert_cmpuint (ops_twilio_error_get_http_status (error), ==, SOUP_STATUS_BAD_GATEWAY);
}

static void
on_sent_cb (GObject      *source_object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
on_timeout_cb (gpointer user_data)
{
  g_error ("The send did not finish in time");
  return G_SOURCE_REMOVE;
}

static void
test_async (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(OpsTwilioMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  guint timeout = g_timeout_add_seconds (10, on_timeout_cb, NULL);

  ops_twilio_client_send_sms_async (fixture->client, "450 555 0142", "Bonjour", NULL, on_sent_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);

  message = ops_twilio_client_send_sms_finish (fixture->client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (message->status, ==, "queued");

  /* An error crosses the task with its Twilio code. */
  g_clear_object (&result);
  ops_fake_twilio_set_number_error (fixture->fake, "+14505550142", 400, 21610);
  timeout = g_timeout_add_seconds (10, on_timeout_cb, NULL);
  ops_twilio_client_send_sms_async (fixture->client, "450 555 0142", "Bonjour", NULL, on_sent_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (timeout);
  g_assert_null (ops_twilio_client_send_sms_finish (fixture->client, result, &error));
  g_assert_error (error, OPS_TWILIO_ERROR, OPS_TWILIO_ERROR_UNSUBSCRIBED);
  g_assert_cmpint (ops_twilio_error_get_twilio_code (error), ==, 21610);
}

/* The fake's webhooks carry the signature Twilio would compute, over the
 * configured URL, :443 included. */
static void
test_fake_signs (void)
{
  g_autoptr(OpsFakeTwilio) fake = ops_fake_twilio_new (SID, "12345");
  const char *const params[] = {
    "CallSid", "CA1234567890ABCDE", "Caller", "+14158675309", "Digits", "1234",
    "From", "+14158675309", "To", "+18005551212", NULL,
  };
  g_autofree char *plain = ops_fake_twilio_sign (fake, "https://mycompany.com/myapp.php?foo=1&bar=2", params);
  g_autofree char *with_port = ops_fake_twilio_sign (fake, "https://mycompany.com:443/myapp.php?foo=1&bar=2",
                                                     params);
  g_auto(GStrv) inbound = ops_fake_twilio_inbound_params (fake, "SMaaa", "+14505550142", NULL, "Allo");
  g_auto(GStrv) status = ops_fake_twilio_status_params (fake, "SMaaa", "undelivered", 30003);

  g_assert_cmpstr (plain, ==, "RSOYDt4T1cUTdK1PDd93/VVr8B8=");
  g_assert_cmpstr (with_port, ==, "kvajT1Ptam85bY51eRf/AJRuM3w=");
  g_assert_cmpuint (g_strv_length (inbound) % 2, ==, 0);
  g_assert_cmpuint (g_strv_length (status) % 2, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/twilio-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("send", test_send);
  ADD ("refused-locally", test_refused_locally);
  ADD ("twilio-errors", test_twilio_errors);
  ADD ("retry-then-send", test_retry_then_send);
  ADD ("rate-limited", test_rate_limited);
  ADD ("async", test_async);
#undef ADD
  g_test_add_func ("/twilio-client/no-status-callback", test_no_status_callback);
  g_test_add_func ("/twilio-client/not-configured", test_not_configured);
  g_test_add_func ("/twilio-client/normalize", test_normalize);
  g_test_add_func ("/twilio-client/unauthorized", test_unauthorized);
  g_test_add_func ("/twilio-client/fake-signs", test_fake_signs);

  return g_test_run ();
}
