/* test-conversation.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's thread on the demo workspace, and the writes a CSR makes in
 * it: queued SMS, resends after a failure, delivery statuses that never
 * go backwards, internal notes.
 */

#define G_LOG_DOMAIN "test-conversation"

#include "config.h"

#include <string.h>

#include "ops-conversation.h"
#include "ops-demo.h"
#include "ops-outbox.h"
#include "ops-store-messages.h"

static OpsStore *
open_demo (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "demo.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  OpsStore *store = ops_store_open (path, &error);
  GDate today;

  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  g_date_subtract_days (&today, 2);
  g_assert_true (ops_demo_seed (store, &today, &error));
  g_assert_no_error (error);
  return store;
}

static void
upsert (OpsStore   *store,
        const char *table,
        const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (node);
  ops_store_upsert (store, table, json_node_get_object (node), &error);
  g_assert_no_error (error);
}

static GPtrArray *
thread (OpsStore   *store,
        const char *customer)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = ops_store_get_conversation (store, customer, &error);

  g_assert_no_error (error);
  g_assert_nonnull (items);
  return items;
}

static OpsConversationItem *
item_named (GPtrArray  *items,
            const char *name)
{
  for (guint i = 0; i < items->len; i++)
    if (g_str_equal (((OpsConversationItem *)items->pdata[i])->name, name))
      return items->pdata[i];
  return NULL;
}

/* The message row's delivery status, error code and provider id. */
static void
message_state (OpsStore    *store,
               const char  *name,
               char       **status,
               int         *error_code)
{
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  OpsConversationItem *item;

  /* Every message the tests touch belongs to a customer's thread. */
  for (const char *const *customer = (const char *const[]) { "C0046", "C0128", "C0265", NULL }; *customer; customer++)
    {
      g_clear_pointer (&all, g_ptr_array_unref);
      all = thread (store, *customer);
      if ((item = item_named (all, name)) != NULL)
        {
          *status = g_strdup (item->delivery_status);
          *error_code = item->error_code;
          return;
        }
    }
  g_assert_not_reached ();
}

static void
assert_ordered (GPtrArray *items)
{
  for (guint i = 1; i < items->len; i++)
    {
      OpsConversationItem *a = items->pdata[i - 1];
      OpsConversationItem *b = items->pdata[i];

      g_assert_cmpint (a->at, <=, b->at);
    }
}

/* An SMS and a note written in the same second stay in the order they
 * were written, whatever their names. */
static void
test_same_second_keeps_order (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *sms = NULL;
  g_autofree char *note = NULL;
  OpsConversationItem *last, *before;

  sms = ops_store_queue_sms (store, "C0046", NULL, "+15145550142", "Premier", NULL, &error);
  g_assert_no_error (error);
  note = ops_store_add_note (store, "C0046", NULL, "Deuxième", NULL, &error);
  g_assert_no_error (error);

  items = ops_store_get_conversation (store, "C0046", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, >=, 2);
  last = items->pdata[items->len - 1];
  before = items->pdata[items->len - 2];
  if (last->at == before->at)
    {
      g_assert_cmpstr (before->name, ==, sms);
      g_assert_cmpstr (last->name, ==, note);
    }
  else
    g_assert_cmpstr (last->name, ==, note);
}

static void
test_thread (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GPtrArray) items = thread (store, "C0046");
  g_autoptr(GPtrArray) mail = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) nobody = NULL;
  OpsConversationItem *item;
  const char *expected[] = { "COMM-00198", "COMM-00199", "COMM-00200" };

  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (((OpsConversationItem *)items->pdata[i])->name, ==, expected[i]);
  assert_ordered (items);

  item = items->pdata[0];
  g_assert_cmpint (item->kind, ==, OPS_CONVERSATION_SMS);
  g_assert_false (item->outbound);
  g_assert_cmpstr (item->delivery_status, ==, "");
  g_assert_cmpstr (item->ticket, ==, "ISS-2026-00036");
  g_assert_cmpint (((OpsConversationItem *)items->pdata[1])->at - item->at, ==, 60);
  item = items->pdata[1];
  g_assert_true (item->outbound);
  g_assert_cmpstr (item->delivery_status, ==, "delivered");
  g_assert_cmpint (item->error_code, ==, 0);

  /* E-mail and notes: ISS-2026-00001 of C0240. */
  mail = thread (store, "C0240");
  assert_ordered (mail);
  g_assert_cmpint (item_named (mail, "COMM-00001")->kind, ==, OPS_CONVERSATION_EMAIL);
  g_assert_false (item_named (mail, "COMM-00001")->outbound);
  g_assert_cmpint (item_named (mail, "COMM-00004")->kind, ==, OPS_CONVERSATION_NOTE);
  g_assert_cmpstr (item_named (mail, "COMM-00004")->delivery_status, ==, "");

  /* Two messages at the same second come in the order they were recorded,
   * whatever their names; a call logged on the ticket without the customer
   * still belongs to the thread; another customer's does not. */
  upsert (store, "messages", "{\"name\": \"CALL-B\", \"ticket\": \"ISS-2026-00036\", \"medium\": \"Phone\", "
                             "\"direction\": \"Received\", \"content\": \"Appel\", "
                             "\"sent_at\": \"2030-01-01 10:00:00\"}");
  upsert (store, "messages", "{\"name\": \"CALL-A\", \"customer\": \"C0046\", \"medium\": \"Phone\", "
                             "\"direction\": \"Sent\", \"content\": \"Rappel\", "
                             "\"sent_at\": \"2030-01-01T10:00:00\"}");
  upsert (store, "messages", "{\"name\": \"CALL-0\", \"customer\": \"C0001\", \"medium\": \"Phone\", "
                             "\"direction\": \"Sent\", \"content\": \"Autre\", "
                             "\"sent_at\": \"2030-01-01 09:00:00\"}");
  after = thread (store, "C0046");
  g_assert_cmpuint (after->len, ==, 5);
  assert_ordered (after);
  g_assert_cmpstr (((OpsConversationItem *)after->pdata[3])->name, ==, "CALL-B");
  g_assert_cmpstr (((OpsConversationItem *)after->pdata[4])->name, ==, "CALL-A");
  g_assert_cmpint (((OpsConversationItem *)after->pdata[4])->kind, ==, OPS_CONVERSATION_CALL);
  g_assert_cmpint (((OpsConversationItem *)after->pdata[3])->at, ==,
                   ((OpsConversationItem *)after->pdata[4])->at);
  g_assert_null (((OpsConversationItem *)after->pdata[4])->ticket);

  nobody = thread (store, "C-NOBODY");
  g_assert_cmpuint (nobody->len, ==, 0);
}

static void
test_time_parse (void)
{
  g_autoptr(GDateTime) local = g_date_time_new_local (2026, 11, 22, 9, 14, 5);
  g_autoptr(GDateTime) minute = g_date_time_new_local (2026, 11, 22, 9, 14, 0);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (2026, 11, 22, 0, 0, 0);
  gint64 expected = g_date_time_to_unix (local);

  g_assert_cmpint (ops_message_time_parse ("2026-11-22 09:14:05"), ==, expected);
  g_assert_cmpint (ops_message_time_parse ("2026-11-22T09:14:05"), ==, expected);
  g_assert_cmpint (ops_message_time_parse ("2026-11-22 09:14:05.123456"), ==, expected);
  g_assert_cmpint (ops_message_time_parse ("2026-11-22 09:14"), ==, g_date_time_to_unix (minute));
  g_assert_cmpint (ops_message_time_parse ("2026-11-22"), ==, g_date_time_to_unix (midnight));
  g_assert_cmpint (ops_message_time_parse ("2026-11-22T09:14:05Z"), ==, 1795338845);
  g_assert_cmpint (ops_message_time_parse ("2026-11-22T04:14:05-05:00"), ==, 1795338845);
  g_assert_cmpint (ops_message_time_parse (""), ==, 0);
  g_assert_cmpint (ops_message_time_parse ("hier"), ==, 0);
  g_assert_cmpint (ops_message_time_parse (NULL), ==, 0);
}

static OpsOutboxEntry *
sms_row (OpsStore   *store,
         const char *message)
{
  g_autoptr(GPtrArray) rows = ops_outbox_list (store, OPS_SMS_DOCTYPE, message, NULL);

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  return g_ptr_array_steal_index (rows, 0);
}

static void
test_queue (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsOutboxEntry) entry = NULL;
  g_autoptr(OpsOutboxEntry) erpnext = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *name = NULL;
  g_autofree char *refused = NULL;
  OpsConversationItem *item;

  name = ops_store_queue_sms (store, "C0046", "ISS-2026-00036", "(514) 555-0142", "Bonjour, c'est réglé.",
                              "sophie.bergeron@gigafibre.ca", &error);
  g_assert_no_error (error);
  g_assert_nonnull (name);

  items = thread (store, "C0046");
  item = items->pdata[items->len - 1];
  g_assert_cmpstr (item->name, ==, name);
  g_assert_cmpint (item->kind, ==, OPS_CONVERSATION_SMS);
  g_assert_true (item->outbound);
  g_assert_cmpstr (item->delivery_status, ==, "queued");
  g_assert_cmpstr (item->content, ==, "Bonjour, c'est réglé.");
  g_assert_cmpstr (item->sender, ==, "sophie.bergeron@gigafibre.ca");
  g_assert_cmpstr (item->ticket, ==, "ISS-2026-00036");
  g_assert_cmpint (ABS (item->at - g_get_real_time () / G_USEC_PER_SEC), <=, 5);

  entry = sms_row (store, name);
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_INSERT);
  g_assert_cmpint (entry->state, ==, OPS_OUTBOX_PENDING);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "to"), ==, "+15145550142");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "body"), ==, "Bonjour, c'est réglé.");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "customer"), ==, "C0046");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "ticket"), ==, "ISS-2026-00036");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "message"), ==, name);

  /* The ERPNext worker leaves it to the SMS sender. */
  erpnext = ops_outbox_next (store, &error);
  g_assert_no_error (error);
  g_assert_null (erpnext);
  g_clear_pointer (&entry, ops_outbox_entry_free);
  entry = ops_outbox_next_for_doctype (store, OPS_SMS_DOCTYPE, &error);
  g_assert_nonnull (entry);
  g_assert_cmpstr (entry->docname, ==, name);

  /* Refusals write nothing. */
  refused = ops_store_queue_sms (store, "C0046", NULL, "pas un numéro", "Bonjour", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  refused = ops_store_queue_sms (store, "C0046", NULL, "+15145550142", "", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);

  /* One transaction: when the outbox row cannot be written, the message
   * is not written either. */
  g_assert_true (ops_store_exec (store,
                                 "CREATE TEMP TRIGGER no_outbox BEFORE INSERT ON outbox "
                                 "BEGIN SELECT RAISE(ABORT, 'outbox refused'); END",
                                 NULL));
  refused = ops_store_queue_sms (store, "C0046", NULL, "+15145550142", "Perdu ?", NULL, &error);
  g_assert_null (refused);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (ops_store_exec (store, "DROP TRIGGER no_outbox", NULL));

  g_clear_pointer (&items, g_ptr_array_unref);
  items = thread (store, "C0046");
  g_assert_cmpuint (items->len, ==, 4);
  rows = ops_outbox_list (store, NULL, NULL, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
}

static void
test_status_and_requeue (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsOutboxEntry) first = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *name = NULL;
  g_autofree char *status = NULL;
  g_autofree char *found_name = NULL;
  g_autofree char *found_status = NULL;
  int code = -1;

  name = ops_store_queue_sms (store, "C0046", "ISS-2026-00036", "+15145550142", "Test", NULL, &error);
  g_assert_no_error (error);
  first = sms_row (store, name);

  /* A queued SMS cannot be resent. */
  g_assert_false (ops_store_requeue_sms (store, name, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);

  /* queued → sent → delivered; a late "sent" and a "failed" of the same
   * rank do not take "delivered" back, the provider id is kept. */
  g_assert_true (ops_store_set_sms_status (store, name, "sent", "SM0001", 0, &error));
  g_assert_true (ops_store_set_sms_status (store, name, "delivered", NULL, 0, &error));
  g_assert_true (ops_store_set_sms_status (store, name, "sent", NULL, 0, &error));
  g_assert_true (ops_store_set_sms_status (store, name, "failed", NULL, 30003, &error));
  g_assert_no_error (error);
  message_state (store, name, &status, &code);
  g_assert_cmpstr (status, ==, "delivered");
  g_assert_cmpint (code, ==, 0);
  g_assert_true (ops_store_find_message_by_provider_id (store, "SM0001", &found_name, NULL, &found_status, &error));
  g_assert_cmpstr (found_name, ==, name);
  g_assert_cmpstr (found_status, ==, "delivered");
  g_clear_pointer (&status, g_free);

  /* A delivered SMS cannot be resent either. */
  g_assert_false (ops_store_requeue_sms (store, name, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);

  /* A second SMS fails: resent with the same number and text. */
  g_clear_pointer (&name, g_free);
  g_clear_pointer (&first, ops_outbox_entry_free);
  name = ops_store_queue_sms (store, "C0046", "ISS-2026-00036", "+15145550143", "Encore", NULL, &error);
  first = sms_row (store, name);
  g_assert_true (ops_outbox_mark_done (store, first->id, NULL));
  g_assert_true (ops_store_set_sms_status (store, name, "failed", "SM0002", 30005, &error));
  message_state (store, name, &status, &code);
  g_assert_cmpstr (status, ==, "failed");
  g_assert_cmpint (code, ==, 30005);
  g_clear_pointer (&status, g_free);

  g_assert_true (ops_store_requeue_sms (store, name, &error));
  g_assert_no_error (error);
  message_state (store, name, &status, &code);
  g_assert_cmpstr (status, ==, "queued");
  g_assert_cmpint (code, ==, 0);
  g_clear_pointer (&status, g_free);
  g_assert_false (ops_store_find_message_by_provider_id (store, "SM0002", NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(OpsOutboxEntry) again = sms_row (store, name);

    g_assert_cmpint (again->id, >, first->id);
    g_assert_cmpstr (json_object_get_string_member (again->payload, "to"), ==, "+15145550143");
    g_assert_cmpstr (json_object_get_string_member (again->payload, "body"), ==, "Encore");
    g_assert_cmpstr (json_object_get_string_member (again->payload, "message"), ==, name);
  }

  /* The demo's failed and undelivered SMS never went through this outbox:
   * they go to the customer's mobile. */
  g_assert_true (ops_store_requeue_sms (store, "COMM-00028", &error));
  g_assert_no_error (error);
  g_assert_true (ops_store_requeue_sms (store, "COMM-00060", &error));
  g_assert_no_error (error);
  {
    g_autoptr(OpsOutboxEntry) demo = sms_row (store, "COMM-00028");
    const char *to = json_object_get_string_member (demo->payload, "to");

    g_assert_true (g_str_has_prefix (to, "+1"));
    g_assert_cmpstr (json_object_get_string_member (demo->payload, "customer"), ==, "C0128");
    g_assert_cmpstr (json_object_get_string_member (demo->payload, "ticket"), ==, "ISS-2026-00004");
  }
  message_state (store, "COMM-00060", &status, &code);
  g_assert_cmpstr (status, ==, "queued");

  /* Received, delivered or unknown messages are refused. */
  g_assert_false (ops_store_requeue_sms (store, "COMM-00198", &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  g_assert_false (ops_store_requeue_sms (store, "COMM-00199", &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  g_assert_false (ops_store_requeue_sms (store, "SMS-NONE", &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ops_store_set_sms_status (store, "SMS-NONE", "sent", NULL, 0, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  rows = ops_outbox_list (store, OPS_SMS_DOCTYPE, NULL, NULL);
  g_assert_cmpuint (rows->len, ==, 4);   /* the first SMS (pending), the resend, two demo resends */
}

static void
test_note (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(OpsOutboxEntry) next = NULL;
  g_autofree char *name = NULL;
  g_autofree char *customer_note = NULL;
  g_autofree char *refused = NULL;
  OpsOutboxEntry *entry;
  OpsConversationItem *item;

  name = ops_store_add_note (store, "C0046", "ISS-2026-00036", "Client rappelé\n<modem> OK", "Sophie Bergeron",
                             &error);
  g_assert_no_error (error);
  g_assert_nonnull (name);

  items = thread (store, "C0046");
  item = item_named (items, name);
  g_assert_nonnull (item);
  g_assert_cmpint (item->kind, ==, OPS_CONVERSATION_NOTE);
  g_assert_cmpstr (item->content, ==, "Client rappelé\n<modem> OK");
  g_assert_cmpstr (item->delivery_status, ==, "");

  rows = ops_outbox_list (store, NULL, NULL, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpstr (entry->doctype, ==, "Comment");
  g_assert_cmpstr (entry->docname, ==, name);
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_INSERT);
  g_assert_cmpstr (entry->dedupe_field, ==, "custom_ops_key");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "comment_type"), ==, "Comment");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "reference_doctype"), ==, "Issue");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "reference_name"), ==, "ISS-2026-00036");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "content"), ==,
                   "Client rappelé<br>&lt;modem&gt; OK");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "custom_ops_key"), ==, entry->idempotency_key);

  /* A note is ERPNext's to take, unlike an SMS. */
  next = ops_outbox_next (store, &error);
  g_assert_nonnull (next);
  g_assert_cmpint (next->id, ==, entry->id);

  /* Without a ticket, on the customer. */
  customer_note = ops_store_add_note (store, "C0046", NULL, "Préfère les appels", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ops_outbox_list (store, "Comment", customer_note, NULL);
  g_assert_cmpuint (rows->len, ==, 1);
  entry = rows->pdata[0];
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "reference_doctype"), ==, "Customer");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "reference_name"), ==, "C0046");

  refused = ops_store_add_note (store, "C0046", NULL, "", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  refused = ops_store_add_note (store, NULL, NULL, "Perdue", NULL, &error);
  g_assert_null (refused);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
}

static void
test_error_describe (void)
{
  const int codes[] = { 21211, 21610, 21614, 30003, 30004, 30005, 30006, 30007, 30008 };
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *other = ops_sms_error_describe (12345);

  g_assert_null (ops_sms_error_describe (0));
  for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      char *text = ops_sms_error_describe (codes[i]);

      g_assert_nonnull (text);
      g_assert_true (g_str_has_suffix (text, "."));
      g_assert_null (strstr (text, "%"));
      g_assert_false (g_hash_table_contains (seen, text));
      g_hash_table_add (seen, text);
    }
  g_assert_nonnull (strstr (other, "12345"));
  g_assert_false (g_hash_table_contains (seen, other));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/conversation/same-second-keeps-order", test_same_second_keeps_order);
  g_test_add_func ("/conversation/thread", test_thread);
  g_test_add_func ("/conversation/time-parse", test_time_parse);
  g_test_add_func ("/conversation/queue", test_queue);
  g_test_add_func ("/conversation/status-and-requeue", test_status_and_requeue);
  g_test_add_func ("/conversation/note", test_note);
  g_test_add_func ("/conversation/error-describe", test_error_describe);

  return g_test_run ();
}
