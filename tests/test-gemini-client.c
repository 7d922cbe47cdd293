/* test-gemini-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * OpsGeminiClient against the fake Gemini: the request it sends, the
 * answers it accepts, and every way a read fails (rate limit with
 * RetryInfo, daily quota, overload, bad key, blocked prompt, truncation,
 * refusal, invalid JSON, a server that never answers), with what is
 * retried and what is not.  The debug log never shows the key or the
 * photo.
 */

#define G_LOG_DOMAIN "test-gemini-client"

#include "config.h"

#include <string.h>

#include "ops-fake-gemini.h"
#include "ops-gemini-client.h"

#define API_KEY "AIzaSyD-test-0123456789abcdefghijklmnopqr"
#define MODEL "gemini-2.5-flash"
#define GUARD_SECONDS 20

typedef struct
{
  OpsFakeGemini   *fake;
  OpsGeminiClient *client;
  GBytes          *image;
} Fixture;

typedef struct
{
  GMainLoop *loop;
  JsonNode  *result;
  GError    *error;
  gboolean   done;
} Read;

/* The debug log of ops-http and ops-gemini, kept instead of printed. */
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
      (g_strcmp0 (domain, "ops-http") == 0 || g_strcmp0 (domain, "ops-gemini") == 0))
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
clear_log (void)
{
  g_mutex_lock (&log_lock);
  g_string_truncate (captured_log, 0);
  g_mutex_unlock (&log_lock);
}

/* A PNG's signature and header, then bytes that make a long, unmistakable
 * base64 run. */
static GBytes *
make_image (gsize size)
{
  static const guint8 head[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
                                 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
  guint8 *data = g_malloc (size);

  for (gsize i = 0; i < size; i++)
    data[i] = (guint8)(i * 37 + 11);
  memcpy (data, head, MIN (size, sizeof head));
  return g_bytes_new_take (data, size);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  fixture->fake = ops_fake_gemini_new (API_KEY);
  g_assert_nonnull (fixture->fake);
  fixture->client = ops_gemini_client_new (ops_fake_gemini_get_url (fixture->fake), MODEL, API_KEY);
  /* Short back-off; RetryInfo still sets a floor. */
  ops_gemini_client_set_backoff (fixture->client, 10, 40, 5);
  fixture->image = make_image (3000);
  clear_log ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->fake, ops_fake_gemini_free);
  g_clear_pointer (&fixture->image, g_bytes_unref);
}

static void
read_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Read *read = user_data;

  read->result = ops_gemini_client_read_finish (OPS_GEMINI_CLIENT (source), result, &read->error);
  read->done = TRUE;
  g_main_loop_quit (read->loop);
}

static gboolean
guard_cb (gpointer user_data)
{
  g_error ("The read did not finish within %d s", GUARD_SECONDS);
  return G_SOURCE_REMOVE;
}

static gboolean
cancel_when_requested_cb (gpointer user_data)
{
  gpointer *pair = user_data;

  if (ops_fake_gemini_get_request_count (pair[0]) == 0)
    return G_SOURCE_CONTINUE;
  g_cancellable_cancel (pair[1]);
  return G_SOURCE_REMOVE;
}

/* Runs one read to its end in a main loop; returns the result, or NULL
 * with error set. */
static JsonNode *
read_image_full (OpsGeminiClient  *client,
                 OpsVisionTask     task,
                 GBytes           *image,
                 const char       *mime_type,
                 GCancellable     *cancellable,
                 GError          **error)
{
  Read read = { 0 };
  guint guard;

  read.loop = g_main_loop_new (NULL, FALSE);
  guard = g_timeout_add_seconds (GUARD_SECONDS, guard_cb, NULL);
  ops_gemini_client_read_async (client, task, image, mime_type, cancellable, read_done_cb, &read);
  if (!read.done)
    g_main_loop_run (read.loop);
  g_source_remove (guard);
  g_main_loop_unref (read.loop);

  if (read.error != NULL)
    g_propagate_error (error, read.error);
  return read.result;
}

static JsonNode *
read_image (Fixture        *fixture,
            OpsVisionTask   task,
            GError        **error)
{
  return read_image_full (fixture->client, task, fixture->image, "image/png", NULL, error);
}

static void
assert_error_message (const GError *error,
                      const char   *needle)
{
  g_assert_nonnull (error);
  if (strstr (error->message, needle) == NULL)
    g_error ("“%s” does not say “%s”", error->message, needle);
}

/*
 * Tests
 */

/* The request, field by field, as apis.md §4.1 has it (camelCase). */
static void
test_request (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = read_image (fixture, OPS_VISION_INVOICE, &error);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) schema = ops_vision_task_schema (OPS_VISION_INVOICE);
  g_autofree char *key = NULL;
  g_autofree char *path = NULL;
  g_autofree guchar *decoded = NULL;
  JsonObject *root, *content, *inline_data, *config;
  JsonArray *parts;
  gsize decoded_size = 0;

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 1);

  key = ops_fake_gemini_dup_request_key (fixture->fake, 0);
  g_assert_cmpstr (key, ==, API_KEY);
  path = ops_fake_gemini_dup_request_path (fixture->fake, 0);
  g_assert_cmpstr (path, ==, "/v1beta/models/" MODEL ":generateContent");

  body = ops_fake_gemini_dup_request_body (fixture->fake, 0);
  g_assert_nonnull (body);
  root = json_node_get_object (body);
  content = json_array_get_object_element (json_object_get_array_member (root, "contents"), 0);
  g_assert_cmpstr (json_object_get_string_member (content, "role"), ==, "user");
  parts = json_object_get_array_member (content, "parts");
  g_assert_cmpuint (json_array_get_length (parts), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (parts, 0), "text"), ==,
                   ops_vision_task_prompt (OPS_VISION_INVOICE));
  inline_data = json_object_get_object_member (json_array_get_object_element (parts, 1), "inlineData");
  g_assert_nonnull (inline_data);
  g_assert_cmpstr (json_object_get_string_member (inline_data, "mimeType"), ==, "image/png");
  decoded = g_base64_decode (json_object_get_string_member (inline_data, "data"), &decoded_size);
  g_assert_cmpmem (decoded, decoded_size, g_bytes_get_data (fixture->image, NULL), g_bytes_get_size (fixture->image));

  config = json_object_get_object_member (root, "generationConfig");
  g_assert_cmpstr (json_object_get_string_member (config, "responseMimeType"), ==, "application/json");
  g_assert_true (json_node_equal (json_object_get_member (config, "responseSchema"), schema));
  g_assert_cmpfloat (json_object_get_double_member (config, "temperature"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (config, "maxOutputTokens"), ==, 2048);
  g_assert_true (json_object_has_member (json_object_get_object_member (config, "thinkingConfig"), "thinkingBudget"));
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (config, "thinkingConfig"),
                                               "thinkingBudget"), ==, 0);
  /* Top-level fields only where the API has them. */
  g_assert_false (json_object_has_member (root, "inline_data"));
  g_assert_false (json_object_has_member (config, "systemInstruction"));
}

static void
test_answers (Fixture       *fixture,
              gconstpointer  user_data)
{
  static const OpsVisionTask tasks[] = { OPS_VISION_BARCODES, OPS_VISION_EQUIPMENT, OPS_VISION_INVOICE };

  for (guint i = 0; i < G_N_ELEMENTS (tasks); i++)
    {
      const char *name = ops_vision_task_to_string (tasks[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) result = read_image (fixture, tasks[i], &error);
      g_autoptr(JsonNode) expected = ops_vision_parse_answer (tasks[i], ops_fake_gemini_default_answer (name), NULL);

      g_assert_no_error (error);
      g_assert_nonnull (expected);
      g_assert_true (json_node_equal (result, expected));
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) result = read_image (fixture, OPS_VISION_EQUIPMENT, &error);
    g_autoptr(OpsEquipmentLabel) label = ops_equipment_label_from_json (result);

    g_assert_no_error (error);
    g_assert_cmpstr (label->mac, ==, "AA:BB:CC:DD:EE:FF");
    g_assert_cmpstr (label->gpon_serial, ==, "ZTEGC8F41B27");
  }
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 4);
}

/* A thought part comes first; the answer is split over two text parts. */
static void
test_thought_part (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(OpsSupplierInvoice) invoice = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_THOUGHT, NULL);
  result = read_image (fixture, OPS_VISION_INVOICE, &error);
  g_assert_no_error (error);
  invoice = ops_supplier_invoice_from_json (result);
  g_assert_cmpstr (invoice->number, ==, "F-2026-00418");
  g_assert_cmpuint (invoice->lines->len, ==, 2);
}

/* 429 with RetryInfo "0.2s": retried, not before 0.2 s although the
 * back-off alone would wait 10 ms. */
static void
test_rate_limited (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  gint64 waited;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_RATE_LIMITED, "0.2s");
  result = read_image (fixture, OPS_VISION_BARCODES, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 2);

  waited = ops_fake_gemini_get_request_time (fixture->fake, 1) - ops_fake_gemini_get_request_time (fixture->fake, 0);
  g_test_message ("second attempt after %" G_GINT64_FORMAT " ms", waited / 1000);
  g_assert_cmpint (waited, >=, 200 * G_TIME_SPAN_MILLISECOND);
}

static void
test_rate_limited_exhausted (Fixture       *fixture,
                             gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  for (guint i = 0; i < 6; i++)
    ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_RATE_LIMITED, "0.01s");
  result = read_image (fixture, OPS_VISION_BARCODES, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_QUOTA);
  /* Five attempts in all, the first included. */
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 5);
}

/* A RetryInfo longer than a minute is not waited for. */
static void
test_rate_limited_long (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_RATE_LIMITED, "3600s");
  result = read_image (fixture, OPS_VISION_BARCODES, &error);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_QUOTA);
  assert_error_message (error, "3600 s");
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 1);
}

static void
test_daily_quota (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_DAILY_QUOTA, NULL);
  result = read_image (fixture, OPS_VISION_INVOICE, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_QUOTA);
  assert_error_message (error, "daily");
  /* Not retried, although the body has a RetryInfo. */
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 1);
}

static void
test_unavailable (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_UNAVAILABLE, NULL);
  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_UNAVAILABLE, NULL);
  result = read_image (fixture, OPS_VISION_EQUIPMENT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 3);

  g_clear_pointer (&result, json_node_unref);
  ops_fake_gemini_clear_requests (fixture->fake);
  for (guint i = 0; i < 5; i++)
    ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_UNAVAILABLE, NULL);
  result = read_image (fixture, OPS_VISION_EQUIPMENT, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_UNAVAILABLE);
  assert_error_message (error, "overloaded");
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 5);
}

/* 400 API_KEY_INVALID: AUTH at once, never retried. */
static void
test_bad_key (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(OpsGeminiClient) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *key = NULL;

  wrong = ops_gemini_client_new (ops_fake_gemini_get_url (fixture->fake), MODEL, "AIza-revoked-key");
  ops_gemini_client_set_backoff (wrong, 10, 40, 5);
  result = read_image_full (wrong, OPS_VISION_BARCODES, fixture->image, "image/png", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_AUTH);
  assert_error_message (error, "Check the Gemini API key in Preferences or [gemini] api_key");
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 1);
  key = ops_fake_gemini_dup_request_key (fixture->fake, 0);
  g_assert_cmpstr (key, ==, "AIza-revoked-key");

  /* The same answer scripted for the right key. */
  g_clear_error (&error);
  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_BAD_KEY, NULL);
  result = read_image (fixture, OPS_VISION_BARCODES, &error);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_AUTH);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 2);
}

static void
test_blocked (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_BLOCKED, NULL);
  result = read_image (fixture, OPS_VISION_EQUIPMENT, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BLOCKED);
  assert_error_message (error, "SAFETY");
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 1);
}

static void
test_truncated (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_TRUNCATED, NULL);
  result = read_image (fixture, OPS_VISION_INVOICE, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TRUNCATED);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 1);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_REFUSED, NULL);
  result = read_image (fixture, OPS_VISION_INVOICE, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_REFUSED);
  assert_error_message (error, "RECITATION");
}

static void
test_invalid_answer (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_INVALID_JSON, NULL);
  result = read_image (fixture, OPS_VISION_INVOICE, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_INVALID_ANSWER);
  assert_error_message (error, "did not match");
  g_clear_error (&error);

  /* JSON, but not the schema's. */
  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_ANSWER,
                        "{\"codes\": [{\"type\": \"PDF417\", \"value\": \"ZTEGC8F41B27\"}]}");
  result = read_image (fixture, OPS_VISION_BARCODES, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_INVALID_ANSWER);
  assert_error_message (error, "did not match");
  assert_error_message (error, "codes[0].type");
  /* Never retried: the same photo gives the same answer. */
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 2);
}

/* A server that never answers: each attempt gives up after the timeout. */
static void
test_timeout (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  gint64 start, elapsed;

  ops_gemini_client_set_timeout (fixture->client, 1);
  ops_gemini_client_set_backoff (fixture->client, 10, 20, 2);
  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_HANG, NULL);
  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_HANG, NULL);

  start = g_get_monotonic_time ();
  result = read_image (fixture, OPS_VISION_BARCODES, &error);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("two attempts timed out in %" G_GINT64_FORMAT " ms", elapsed / 1000);

  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TIMEOUT);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 2);
  g_assert_cmpint (elapsed, >=, 2 * G_USEC_PER_SEC - 100 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 8 * G_USEC_PER_SEC);
}

static void
test_unreachable (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(OpsGeminiClient) client = ops_gemini_client_new ("http://127.0.0.1:1/", MODEL, API_KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  ops_gemini_client_set_backoff (client, 5, 10, 3);
  result = read_image_full (client, OPS_VISION_BARCODES, fixture->image, "image/png", NULL, &error);
  g_assert_null (result);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_UNAVAILABLE);
  assert_error_message (error, "cannot be reached");
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  gpointer pair[2] = { fixture->fake, cancellable };
  gint64 start;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_HANG, NULL);
  g_timeout_add (10, cancel_when_requested_cb, pair);
  start = g_get_monotonic_time ();
  result = read_image_full (fixture->client, OPS_VISION_BARCODES, fixture->image, "image/png", cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 1);
  /* The poll has removed itself. */
  g_assert_false (g_source_remove_by_user_data (pair));
}

/* Refused before any request: too large, not an image type Gemini reads. */
static void
test_refused_locally (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_autoptr(GBytes) huge = make_image (15 * 1000 * 1000);
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;

  result = read_image_full (fixture->client, OPS_VISION_INVOICE, huge, "image/jpeg", NULL, &error);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TOO_LARGE);
  g_clear_error (&error);
  result = read_image_full (fixture->client, OPS_VISION_INVOICE, empty, "image/jpeg", NULL, &error);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_TOO_LARGE);
  g_clear_error (&error);
  result = read_image_full (fixture->client, OPS_VISION_INVOICE, fixture->image, "image/gif", NULL, &error);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_BAD_REQUEST);
  g_assert_cmpuint (ops_fake_gemini_get_request_count (fixture->fake), ==, 0);
}

static void
test_config (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_autoptr(OpsConfig) config = ops_config_new ();
  g_autoptr(OpsGeminiClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *text = NULL;

  client = ops_gemini_client_new_from_config (config, &error);
  g_assert_null (client);
  g_assert_error (error, OPS_GEMINI_ERROR, OPS_GEMINI_ERROR_NOT_CONFIGURED);
  assert_error_message (error, "[gemini] api_key");
  g_clear_error (&error);

  text = g_strdup_printf ("[gemini]\nurl = %s\napi_key = " API_KEY "\ntimeout = 3\n",
                          ops_fake_gemini_get_url (fixture->fake));
  g_assert_true (ops_config_load_data (config, text, -1, "test", &error));
  g_assert_no_error (error);
  client = ops_gemini_client_new_from_config (config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (client);

  result = read_image_full (client, OPS_VISION_EQUIPMENT, fixture->image, "image/webp", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_clear_pointer (&text, g_free);
  text = ops_fake_gemini_dup_request_path (fixture->fake, 0);
  g_assert_cmpstr (text, ==, "/v1beta/models/gemini-2.5-flash:generateContent");
}

/* The HTTP debug log shows the headers with the key redacted and the
 * answers, never the key nor the photo. */
static void
test_log_redacted (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autofree char *log = NULL;
  g_autofree char *encoded = NULL;

  ops_fake_gemini_push (fixture->fake, OPS_FAKE_GEMINI_RATE_LIMITED, "0.01s");
  result = read_image (fixture, OPS_VISION_EQUIPMENT, &error);
  g_assert_no_error (error);

  log = dup_log ();
  encoded = g_base64_encode (g_bytes_get_data (fixture->image, NULL), g_bytes_get_size (fixture->image));
  encoded[64] = '\0';

  /* The logger was on: the request line and the headers are there. */
  g_assert_nonnull (strstr (log, ":generateContent"));
  g_assert_nonnull (strstr (log, "x-goog-api-key: [redacted]"));
  g_assert_nonnull (strstr (log, "RESOURCE_EXHAUSTED"));
  g_assert_null (strstr (log, API_KEY));
  g_assert_null (strstr (log, "AIzaSyD"));
  g_assert_null (strstr (log, encoded));
  g_assert_null (strstr (log, "inlineData"));
}

int
main (int   argc,
      char *argv[])
{
  /* Turn the HTTP logger on for every session, and keep its lines. */
  g_setenv ("G_MESSAGES_DEBUG", "ops-http ops-gemini", TRUE);
  captured_log = g_string_new (NULL);
  g_log_set_writer_func (capture_writer, NULL, NULL);

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/gemini-client/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("request", test_request);
  ADD ("answers", test_answers);
  ADD ("thought-part", test_thought_part);
  ADD ("rate-limited", test_rate_limited);
  ADD ("rate-limited-exhausted", test_rate_limited_exhausted);
  ADD ("rate-limited-long", test_rate_limited_long);
  ADD ("daily-quota", test_daily_quota);
  ADD ("unavailable", test_unavailable);
  ADD ("bad-key", test_bad_key);
  ADD ("blocked", test_blocked);
  ADD ("truncated", test_truncated);
  ADD ("refused", test_refused);
  ADD ("invalid-answer", test_invalid_answer);
  ADD ("timeout", test_timeout);
  ADD ("unreachable", test_unreachable);
  ADD ("cancel", test_cancel);
  ADD ("refused-locally", test_refused_locally);
  ADD ("config", test_config);
  ADD ("log-redacted", test_log_redacted);
#undef ADD

  return g_test_run ();
}
