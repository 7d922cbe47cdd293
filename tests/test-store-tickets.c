/* test-store-tickets.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tickets list on the demo workspace: filters, search, order by last
 * activity, unread, time to first response, and edits through the outbox.
 */

#define G_LOG_DOMAIN "test-store-tickets"

#include "config.h"

#include <string.h>

#include "ops-demo.h"
#include "ops-outbox.h"
#include "ops-store-tickets.h"

#define SOPHIE "sophie.bergeron@gigafibre.ca"

static OpsStore *
open_demo (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "demo.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  OpsStore *store = ops_store_open (path, &error);
  GDate today;

  g_assert_no_error (error);
  /* Two days ago, so every demo message is in the past. */
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

static char *
local_stamp (gint64 unix_seconds)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_seconds);

  return g_date_time_format (when, "%Y-%m-%d %H:%M:%S");
}

static OpsTicketRow *
find (GPtrArray  *rows,
      const char *name)
{
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (((OpsTicketRow *)rows->pdata[i])->name, name))
      return rows->pdata[i];
  return NULL;
}

static GPtrArray *
list (OpsStore        *store,
      OpsTicketFilter  filter,
      const char      *me,
      const char      *text)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = ops_store_list_tickets (store, filter, me, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rows);
  return rows;
}

static void
test_filters_and_counts (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  guint counts[OPS_TICKETS_ALL + 1];
  guint expected[OPS_TICKETS_ALL + 1] = { 23, 6, 5, 10, 36 };
  g_autoptr(GError) error = NULL;

  g_assert_true (ops_store_count_tickets (store, SOPHIE, counts, &error));
  g_assert_no_error (error);

  for (guint f = 0; f <= OPS_TICKETS_ALL; f++)
    {
      g_autoptr(GPtrArray) rows = list (store, f, SOPHIE, NULL);

      g_assert_cmpuint (rows->len, ==, expected[f]);
      g_assert_cmpuint (counts[f], ==, expected[f]);
      for (guint i = 0; i < rows->len; i++)
        {
          OpsTicketRow *row = rows->pdata[i];
          gboolean open = g_str_equal (row->status, "Open") || g_str_equal (row->status, "Replied");

          if (f == OPS_TICKETS_OPEN)
            g_assert_true (open);
          else if (f == OPS_TICKETS_MINE)
            g_assert_true (open && g_strcmp0 (row->assigned_to, SOPHIE) == 0);
          else if (f == OPS_TICKETS_UNASSIGNED)
            g_assert_true (open && row->assigned_to == NULL);
          else if (f == OPS_TICKETS_WAITING)
            g_assert_cmpstr (row->status, ==, "Replied");

          /* Newest activity first. */
          g_assert_cmpint (row->last_activity_at, >=, row->opened_at);
          if (i > 0)
            g_assert_cmpint (((OpsTicketRow *)rows->pdata[i - 1])->last_activity_at, >=, row->last_activity_at);
        }
    }

  /* Nobody is "me": no ticket of mine. */
  {
    g_autoptr(GPtrArray) none = list (store, OPS_TICKETS_MINE, NULL, NULL);

    g_assert_cmpuint (none->len, ==, 0);
  }
}

static void
test_search (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GPtrArray) accents = list (store, OPS_TICKETS_ALL, NULL, "ELEVEE");
  g_autoptr(GPtrArray) spelled = list (store, OPS_TICKETS_ALL, NULL, " élevée que ");
  g_autoptr(GPtrArray) by_name = list (store, OPS_TICKETS_ALL, NULL, "iss-2026-00036");
  g_autoptr(GPtrArray) by_customer = list (store, OPS_TICKETS_ALL, NULL, "c0046");
  g_autoptr(GPtrArray) open_orage = list (store, OPS_TICKETS_OPEN, NULL, "orage");
  g_autoptr(GPtrArray) nothing = list (store, OPS_TICKETS_ALL, NULL, "zzz-introuvable");
  g_autoptr(GPtrArray) all = list (store, OPS_TICKETS_ALL, NULL, "");
  OpsTicketRow *row;
  g_autofree char *upper = NULL;
  g_autoptr(GPtrArray) by_customer_name = NULL;

  g_assert_cmpuint (accents->len, ==, 2);
  g_assert_nonnull (find (accents, "ISS-2026-00010"));
  g_assert_nonnull (find (accents, "ISS-2026-00026"));
  g_assert_cmpuint (spelled->len, ==, 2);
  g_assert_cmpuint (by_name->len, ==, 1);
  g_assert_cmpuint (by_customer->len, ==, 1);
  g_assert_cmpuint (nothing->len, ==, 0);
  g_assert_cmpuint (all->len, ==, 36);

  /* "Panne après l'orage" (Open), "Aucune connexion depuis l'orage"
   * (Replied; the Resolved one is filtered out). */
  g_assert_cmpuint (open_orage->len, ==, 2);
  g_assert_nonnull (find (open_orage, "ISS-2026-00018"));
  g_assert_nonnull (find (open_orage, "ISS-2026-00024"));

  /* The customer's name, in capitals. */
  row = by_name->pdata[0];
  g_assert_nonnull (row->customer_name);
  upper = g_utf8_strup (row->customer_name, -1);
  by_customer_name = list (store, OPS_TICKETS_ALL, NULL, upper);
  g_assert_nonnull (find (by_customer_name, "ISS-2026-00036"));
}

static void
test_activity_and_first_response (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsTicketRow) first = ops_store_get_ticket (store, "ISS-2026-00001", &error);
  g_autoptr(OpsTicketRow) custom = NULL;
  g_autoptr(OpsTicketRow) silent = NULL;
  g_autoptr(OpsTicketRow) missing = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GDateTime) opened = NULL;
  g_autofree char *json = NULL;
  g_autofree char *before = NULL;
  g_autofree char *note = NULL;
  g_autofree char *reply = NULL;
  g_autofree char *latest = NULL;
  gint64 base;

  g_assert_no_error (error);
  g_assert_nonnull (first);

  /* ISS-2026-00001: opened 10:26, answered by e-mail at 11:05 (the note
   * at 11:38 does not count), last message 13:16 from the customer. */
  g_assert_cmpint (first->first_response_at - first->opened_at, ==, 39 * 60);
  g_assert_cmpint (first->last_activity_at - first->opened_at, ==, (2 * 60 + 50) * 60);
  g_assert_cmpint (first->last_inbound_at, ==, first->last_activity_at);
  g_assert_cmpstr (first->status, ==, "Closed");
  g_assert_cmpstr (first->assigned_to, ==, "marc.ouellette@gigafibre.ca");
  g_assert_nonnull (first->last_message);
  g_assert_null (strchr (first->last_message, '\n'));
  g_assert_true (first->unread);

  /* A ticket of our own: a message sent before it was opened and a note
   * are no response; the first SMS out after the opening is. */
  opened = g_date_time_new_local (2026, 3, 10, 9, 30, 0);
  base = g_date_time_to_unix (opened);
  upsert (store, "tickets", "{\"name\": \"ISS-T-1\", \"customer\": \"C0046\", \"subject\": \"Essai\", "
                            "\"status\": \"Open\", \"priority\": \"Low\", \"opening_date\": \"2026-03-10\", "
                            "\"opening_time\": \"09:30\", \"assigned_to\": \"\"}");
  before = local_stamp (base - 600);
  note = local_stamp (base + 60);
  reply = local_stamp (base + 300);
  latest = local_stamp (base + 900);
  json = g_strdup_printf ("{\"name\": \"T-1\", \"ticket\": \"ISS-T-1\", \"medium\": \"SMS\", "
                          "\"direction\": \"Sent\", \"content\": \"avant\", \"sent_at\": \"%s\"}", before);
  upsert (store, "messages", json);
  g_free (json);
  json = g_strdup_printf ("{\"name\": \"T-2\", \"ticket\": \"ISS-T-1\", \"medium\": \"Note\", "
                          "\"direction\": \"Sent\", \"content\": \"note\", \"sent_at\": \"%s\"}", note);
  upsert (store, "messages", json);
  g_free (json);

  silent = ops_store_get_ticket (store, "ISS-T-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (silent->opened_at, ==, base);
  g_assert_cmpint (silent->first_response_at, ==, 0);
  g_assert_cmpint (silent->last_inbound_at, ==, 0);
  g_assert_false (silent->unread);
  g_assert_null (silent->assigned_to);

  json = g_strdup_printf ("{\"name\": \"T-3\", \"ticket\": \"ISS-T-1\", \"medium\": \"SMS\", "
                          "\"direction\": \"Sent\", \"content\": \"réponse\", \"sent_at\": \"%s\"}", reply);
  upsert (store, "messages", json);
  g_free (json);
  json = g_strdup_printf ("{\"name\": \"T-4\", \"ticket\": \"ISS-T-1\", \"medium\": \"SMS\", "
                          "\"direction\": \"Received\", \"content\": \"merci\\nà vous\", \"sent_at\": \"%s\"}",
                          latest);
  upsert (store, "messages", json);

  custom = ops_store_get_ticket (store, "ISS-T-1", &error);
  g_assert_no_error (error);
  g_assert_cmpint (custom->first_response_at, ==, base + 300);
  g_assert_cmpint (custom->last_activity_at, ==, base + 900);
  g_assert_cmpint (custom->last_inbound_at, ==, base + 900);
  g_assert_cmpstr (custom->last_message, ==, "merci");
  g_assert_true (custom->unread);

  /* Old activity: it sorts last among the open tickets. */
  rows = list (store, OPS_TICKETS_OPEN, NULL, NULL);
  g_assert_cmpstr (((OpsTicketRow *)rows->pdata[rows->len - 1])->name, ==, "ISS-T-1");

  missing = ops_store_get_ticket (store, "ISS-NONE", &error);
  g_assert_null (missing);
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
}

static void
test_unread (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = list (store, OPS_TICKETS_ALL, NULL, NULL);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GPtrArray) moved = NULL;
  g_autofree char *json = NULL;
  g_autofree char *soon = NULL;
  OpsTicketRow *row;
  const char *oldest;

  /* Never read, and every demo ticket has a message from the customer. */
  for (guint i = 0; i < before->len; i++)
    g_assert_true (((OpsTicketRow *)before->pdata[i])->unread);

  oldest = ((OpsTicketRow *)before->pdata[before->len - 1])->name;
  g_assert_true (ops_store_mark_ticket_read (store, oldest, &error));
  g_assert_no_error (error);
  g_assert_true (ops_store_mark_ticket_read (store, oldest, &error));   /* again: still one row */
  after = list (store, OPS_TICKETS_ALL, NULL, NULL);
  row = find (after, oldest);
  g_assert_false (row->unread);
  g_assert_true (find (after, "ISS-2026-00036")->unread);

  /* A new SMS from the customer: unread again, and at the top. */
  soon = local_stamp (g_get_real_time () / G_USEC_PER_SEC + 3600);
  json = g_strdup_printf ("{\"name\": \"SMS-NEW\", \"ticket\": \"%s\", \"medium\": \"SMS\", "
                          "\"direction\": \"Received\", \"content\": \"Toujours en panne\", \"sent_at\": \"%s\"}",
                          oldest, soon);
  upsert (store, "messages", json);
  moved = list (store, OPS_TICKETS_ALL, NULL, NULL);
  row = moved->pdata[0];
  g_assert_cmpstr (row->name, ==, oldest);
  g_assert_true (row->unread);
  g_assert_cmpstr (row->last_message, ==, "Toujours en panne");

  g_assert_false (ops_store_mark_ticket_read (store, "ISS-NONE", &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
}

static OpsOutboxEntry *
only_outbox_row (OpsStore *store)
{
  g_autoptr(GPtrArray) rows = ops_outbox_list (store, "Issue", NULL, NULL);

  g_assert_nonnull (rows);
  g_assert_cmpuint (rows->len, ==, 1);
  return g_ptr_array_steal_index (rows, 0);
}

static void
test_edit (void)
{
  g_autoptr(OpsStore) store = open_demo ();
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsOutboxEntry) entry = NULL;
  g_autoptr(OpsTicketRow) row = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  /* Only the changed fields go out: the priority was Medium already. */
  g_assert_true (ops_edit_ticket (store, "ISS-2026-00036", "Replied", "Medium", NULL, &error));
  g_assert_no_error (error);
  entry = only_outbox_row (store);
  g_assert_cmpstr (entry->docname, ==, "ISS-2026-00036");
  g_assert_cmpint (entry->operation, ==, OPS_OUTBOX_UPDATE);
  g_assert_cmpuint (json_object_get_size (entry->payload), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "status"), ==, "Replied");
  row = ops_store_get_ticket (store, "ISS-2026-00036", &error);
  g_assert_cmpstr (row->status, ==, "Replied");
  g_assert_cmpstr (row->priority, ==, "Medium");
  g_assert_true (ops_outbox_discard (store, entry->id, NULL));
  g_clear_pointer (&entry, ops_outbox_entry_free);
  g_clear_pointer (&row, ops_ticket_row_free);

  /* Nothing changes: nothing queued. */
  g_assert_true (ops_edit_ticket (store, "ISS-2026-00036", "Replied", NULL, NULL, &error));
  g_assert_no_error (error);
  rows = ops_outbox_list (store, NULL, NULL, NULL);
  g_assert_cmpuint (rows->len, ==, 0);

  /* An assignee, with the one it replaces (none). */
  g_assert_true (ops_edit_ticket (store, "ISS-2026-00036", NULL, "Urgent", SOPHIE, &error));
  g_assert_no_error (error);
  entry = only_outbox_row (store);
  g_assert_cmpuint (json_object_get_size (entry->payload), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, "priority"), ==, "Urgent");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, OPS_TICKET_ASSIGN_MEMBER), ==, SOPHIE);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, OPS_TICKET_PREVIOUS_ASSIGNEE_MEMBER), ==, "");
  g_assert_false (json_object_has_member (entry->payload, "status"));
  row = ops_store_get_ticket (store, "ISS-2026-00036", &error);
  g_assert_cmpstr (row->assigned_to, ==, SOPHIE);
  g_assert_cmpstr (row->priority, ==, "Urgent");
  g_assert_true (ops_outbox_discard (store, entry->id, NULL));
  g_clear_pointer (&entry, ops_outbox_entry_free);
  g_clear_pointer (&row, ops_ticket_row_free);

  /* "" clears it. */
  g_assert_true (ops_edit_ticket (store, "ISS-2026-00036", NULL, NULL, "", &error));
  g_assert_no_error (error);
  entry = only_outbox_row (store);
  g_assert_cmpstr (json_object_get_string_member (entry->payload, OPS_TICKET_ASSIGN_MEMBER), ==, "");
  g_assert_cmpstr (json_object_get_string_member (entry->payload, OPS_TICKET_PREVIOUS_ASSIGNEE_MEMBER), ==, SOPHIE);
  row = ops_store_get_ticket (store, "ISS-2026-00036", &error);
  g_assert_null (row->assigned_to);
  g_assert_true (ops_outbox_discard (store, entry->id, NULL));
  g_clear_pointer (&row, ops_ticket_row_free);

  /* Refusals leave the row and the outbox alone. */
  g_assert_false (ops_edit_ticket (store, "ISS-2026-00036", "Done", NULL, NULL, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  g_assert_false (ops_edit_ticket (store, "ISS-2026-00036", NULL, "Critical", NULL, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  g_assert_false (ops_edit_ticket (store, "ISS-NONE", "Closed", NULL, NULL, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = ops_outbox_list (store, NULL, NULL, NULL);
  g_assert_cmpuint (rows->len, ==, 0);
  row = ops_store_get_ticket (store, "ISS-2026-00036", &error);
  g_assert_cmpstr (row->status, ==, "Replied");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/tickets/filters-and-counts", test_filters_and_counts);
  g_test_add_func ("/tickets/search", test_search);
  g_test_add_func ("/tickets/activity-and-first-response", test_activity_and_first_response);
  g_test_add_func ("/tickets/unread", test_unread);
  g_test_add_func ("/tickets/edit", test_edit);

  return g_test_run ();
}
