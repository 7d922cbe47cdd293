/* ops-sync.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Paging is by keyset, never by offset: rows that change while a sync runs
 * move to the end of the (modified, name) order instead of shifting pages,
 * so nothing is skipped.  Each page is one transaction holding its rows
 * and the new cursor.
 */

#define G_LOG_DOMAIN "ops-sync"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-erpnext-map.h"
#include "ops-conversation.h"
#include "ops-outbox.h"
#include "ops-store.h"
#include "ops-sync.h"

#define DELETED_DOCUMENT "Deleted Document"
/* Set in the transaction of a first-pass page of a searchable table and
 * cleared once the whole index is rebuilt: a run stopped in between leaves
 * the debt to the next one. */
#define REINDEX_META "sync.reindex_pending"
/* Above this many customers touched by one page, one "store" event is
 * published instead of one event per customer. */
#define MAX_CUSTOMER_EVENTS 50

struct _OpsSync
{
  GObject           parent_instance;
  OpsErpnextClient *client;
  char             *store_path;
  OpsEventBus      *bus;
  guint             page_size;
  GStrv             only;
  GError           *first_error;
};

G_DEFINE_FINAL_TYPE (OpsSync, ops_sync, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-sync-error-quark, ops_sync_error)

/* One run's state, on the sync thread. */
typedef struct
{
  OpsSync                 *self;
  OpsStore                *store;
  const OpsErpnextDoctype *doctype;
  gboolean                 first_pass;    /* the doctype has never completed */
  gboolean                 reindex_all;   /* a first pass touched indexed tables */
  OpsSyncProgressFunc      progress;
  gpointer                 progress_data;
  guint                    done;
  guint                    total;
  guint64                  rows;
  GCancellable            *cancellable;
} Run;

typedef gboolean (*PageFunc) (Run         *run,
                              JsonArray   *rows,
                              const char  *cursor,
                              const char  *cursor_name,
                              GError     **error);

static void
ops_sync_finalize (GObject *object)
{
  OpsSync *self = OPS_SYNC (object);

  g_clear_object (&self->client);
  g_clear_object (&self->bus);
  g_free (self->store_path);
  g_strfreev (self->only);
  g_clear_error (&self->first_error);

  G_OBJECT_CLASS (ops_sync_parent_class)->finalize (object);
}

static void
ops_sync_class_init (OpsSyncClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_sync_finalize;
}

static void
ops_sync_init (OpsSync *self)
{
  self->page_size = 1000;
}

OpsSync *
ops_sync_new (OpsErpnextClient *client,
              const char       *store_path,
              OpsEventBus      *bus)
{
  OpsSync *self;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (client), NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  self = g_object_new (OPS_TYPE_SYNC, NULL);
  self->client = g_object_ref (client);
  self->store_path = g_strdup (store_path);
  self->bus = bus ? g_object_ref (bus) : NULL;
  return self;
}

void
ops_sync_set_page_size (OpsSync *self,
                        guint    page_size)
{
  g_return_if_fail (OPS_IS_SYNC (self));
  self->page_size = MAX (page_size, 2);
}

void
ops_sync_set_doctypes (OpsSync            *self,
                       const char * const *doctypes)
{
  g_return_if_fail (OPS_IS_SYNC (self));
  g_strfreev (self->only);
  self->only = g_strdupv ((char **)doctypes);
}

const GError *
ops_sync_get_first_error (OpsSync *self)
{
  g_return_val_if_fail (OPS_IS_SYNC (self), NULL);
  return self->first_error;
}

static void
add_condition (JsonArray  *filters,
               const char *field,
               const char *op,
               const char *value)
{
  JsonArray *condition = json_array_new ();

  json_array_add_string_element (condition, field);
  json_array_add_string_element (condition, op);
  json_array_add_string_element (condition, value);
  json_array_add_array_element (filters, condition);
}

static JsonNode *
filters_node (JsonArray *base)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);
  JsonArray *copy = json_array_new ();

  for (guint i = 0; i < json_array_get_length (base); i++)
    json_array_add_element (copy, json_node_copy (json_array_get_element (base, i)));
  json_node_take_array (node, copy);
  return node;
}

static const char *
row_text (JsonObject *row,
          const char *member)
{
  JsonNode *node = json_object_get_member (row, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

/* A list request running on its own thread, so the next page downloads
 * while the current one is written to the store. */
typedef struct
{
  OpsErpnextClient *client;
  char             *doctype;
  JsonNode         *fields;
  JsonNode         *filters;
  char             *order;
  guint             limit;
  GCancellable     *cancellable;
  JsonArray        *rows;
  GError           *error;
  GThread          *thread;
} Fetch;

static gpointer
fetch_thread (gpointer data)
{
  Fetch *fetch = data;
  OpsErpnextListArgs args = { 0 };

  args.fields = fetch->fields;
  args.filters = fetch->filters;
  args.order_by = fetch->order;
  args.limit_page_length = fetch->limit;
  fetch->rows = ops_erpnext_client_list (fetch->client, fetch->doctype, &args, fetch->cancellable, &fetch->error);
  return NULL;
}

static Fetch *
fetch_start (Run        *run,
             const char *doctype,
             JsonNode   *fields,
             JsonNode   *filters,
             const char *order)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->client = g_object_ref (run->self->client);
  fetch->doctype = g_strdup (doctype);
  fetch->fields = json_node_ref (fields);
  fetch->filters = filters;
  fetch->order = g_strdup (order);
  fetch->limit = run->self->page_size;
  fetch->cancellable = run->cancellable ? g_object_ref (run->cancellable) : NULL;
  fetch->thread = g_thread_new ("ops-sync-fetch", fetch_thread, fetch);
  return fetch;
}

/* Waits for the rows; frees the fetch. */
static JsonArray *
fetch_finish (Fetch   *fetch,
              GError **error)
{
  JsonArray *rows;

  g_thread_join (fetch->thread);
  rows = fetch->rows;
  if (rows == NULL)
    g_propagate_error (error, g_steal_pointer (&fetch->error));

  g_object_unref (fetch->client);
  g_free (fetch->doctype);
  json_node_unref (fetch->fields);
  json_node_unref (fetch->filters);
  g_free (fetch->order);
  g_clear_object (&fetch->cancellable);
  g_clear_error (&fetch->error);
  g_free (fetch);
  return rows;
}

/* Waits for a request whose rows are no longer wanted. */
static void
fetch_discard (Fetch *fetch)
{
  JsonArray *rows;

  if (fetch == NULL)
    return;
  rows = fetch_finish (fetch, NULL);
  if (rows != NULL)
    json_array_unref (rows);
}

/* Rows with key <op> cursor (and name > after, when given), in (key, name)
 * order. */
static Fetch *
fetch_from (Run        *run,
            const char *doctype,
            JsonNode   *fields,
            JsonArray  *base,
            const char *key,
            const char *op,
            const char *cursor,
            const char *after)
{
  g_autofree char *order = g_strdup_printf ("%s asc, name asc", key);
  JsonNode *filters = filters_node (base);

  if (cursor != NULL)
    add_condition (json_node_get_array (filters), key, op, cursor);
  if (after != NULL)
    add_condition (json_node_get_array (filters), "name", ">", after);
  return fetch_start (run, doctype, fields, filters, order);
}

static int
compare_position (JsonObject *row,
                  const char *key,
                  const char *cursor,
                  const char *cursor_name)
{
  int cmp = g_strcmp0 (row_text (row, key), cursor);

  return cmp != 0 ? cmp : g_strcmp0 (row_text (row, "name"), cursor_name);
}

/*
 * Pages through doctype in (key, name) order from the cursor, calling func
 * with the rows past the cursor and the cursor after them.
 *
 * Each request asks for key >= cursor: rows that tie with the cursor come
 * again and the ones already seen (name <= cursor name) are dropped, so no
 * page boundary loses a row.  Only when a whole page ties with the cursor
 * (a bulk import stamped thousands of rows alike) are the ties fetched by
 * name.  The next page is requested before the current one is stored.
 */
static gboolean
page_by_keyset (Run         *run,
                const char  *doctype,
                JsonNode    *fields,
                JsonArray   *base,
                const char  *key,
                const char  *start_cursor,
                const char  *start_name,
                PageFunc     func,
                GError     **error)
{
  g_autofree char *cursor = g_strdup (start_cursor);
  g_autofree char *cursor_name = g_strdup (start_name);
  guint page_size = run->self->page_size;
  gboolean ties = FALSE;   /* next is a "key = cursor, name > cursor name" request */
  Fetch *next;

  next = fetch_from (run, doctype, fields, base, key, ">=", cursor, NULL);

  for (;;)
    {
      g_autoptr(JsonArray) raw = NULL;
      g_autoptr(JsonArray) rows = json_array_new ();
      JsonObject *last;
      guint n_raw;

      raw = fetch_finish (next, error);
      next = NULL;
      if (raw == NULL)
        return FALSE;
      n_raw = json_array_get_length (raw);

      if (n_raw == 0)
        {
          if (!ties)
            return TRUE;
          /* The ties are done: go on strictly after them. */
          ties = FALSE;
          next = fetch_from (run, doctype, fields, base, key, ">", cursor, NULL);
          continue;
        }

      last = json_array_get_object_element (raw, n_raw - 1);
      if (last == NULL || row_text (last, key) == NULL || row_text (last, "name") == NULL)
        {
          g_set_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_BAD_RESPONSE,
                       _("ERPNext listed %s rows without “%s” or “name”; the sync cannot continue."), doctype, key);
          return FALSE;
        }

      if (!ties && cursor != NULL && compare_position (last, key, cursor, cursor_name) <= 0)
        {
          /* A full page of rows stamped like the cursor, all seen already
           * (a bulk import stamps thousands alike): take the rest of the
           * ties by name. */
          ties = TRUE;
          next = fetch_from (run, doctype, fields, base, key, "=", cursor, cursor_name ? cursor_name : "");
          continue;
        }

      /* Ask for the next page now; store this one meanwhile. */
      if (ties)
        next = n_raw == page_size
               ? fetch_from (run, doctype, fields, base, key, "=", row_text (last, key), row_text (last, "name"))
               : fetch_from (run, doctype, fields, base, key, ">", row_text (last, key), NULL);
      else if (n_raw == page_size)
        next = fetch_from (run, doctype, fields, base, key, ">=", row_text (last, key), NULL);
      ties = ties && n_raw == page_size;

      for (guint i = 0; i < n_raw; i++)
        {
          JsonObject *row = json_array_get_object_element (raw, i);

          if (row == NULL)
            continue;
          if (cursor != NULL && compare_position (row, key, cursor, cursor_name) <= 0)
            continue;
          json_array_add_object_element (rows, json_object_ref (row));
        }

      if (json_array_get_length (rows) > 0 &&
          !func (run, rows, row_text (last, key), row_text (last, "name"), error))
        {
          fetch_discard (next);
          return FALSE;
        }

      g_free (cursor);
      g_free (cursor_name);
      cursor = g_strdup (row_text (last, key));
      cursor_name = g_strdup (row_text (last, "name"));

      if (next == NULL)
        return TRUE;
      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        {
          fetch_discard (next);
          return FALSE;
        }
    }
}

static gboolean
table_is_indexed (const char *table)
{
  return g_str_equal (table, "customers") || g_str_equal (table, "contacts") ||
         g_str_equal (table, "locations") || g_str_equal (table, "equipment");
}

static void
publish_changes (Run        *run,
                 const char *table,
                 GHashTable *customers)
{
  g_autoptr(JsonNode) data = NULL;
  g_autoptr(JsonObject) object = json_object_new ();

  if (run->self->bus == NULL)
    return;

  json_object_set_string_member (object, "table", table);
  data = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (data, object);
  ops_event_bus_publish (run->self->bus, "store", data);

  if (customers != NULL && g_hash_table_size (customers) <= MAX_CUSTOMER_EVENTS)
    {
      GHashTableIter iter;
      const char *customer;

      g_hash_table_iter_init (&iter, customers);
      while (g_hash_table_iter_next (&iter, (gpointer *)&customer, NULL))
        {
          g_autofree char *topic = g_strdup_printf ("customer:%s", customer);

          ops_event_bus_publish (run->self->bus, topic, NULL);
        }
    }
}

/* Removes a local row (unless a local change of it waits in the outbox),
 * remembering its customer for the search index. */
static gboolean
remove_local (Run         *run,
              const char  *doctype,
              const char  *table,
              const char  *name,
              GHashTable  *customers,
              GError     **error)
{
  if (ops_outbox_has_unfinished (run->store, doctype, name))
    return TRUE;
  if (customers != NULL)
    {
      char *customer = ops_store_get_row_customer (run->store, table, name);

      if (customer != NULL)
        g_hash_table_add (customers, customer);
    }
  return ops_store_delete (run->store, table, name, error);
}

static gboolean
reindex (Run         *run,
         GHashTable  *customers,
         GError     **error)
{
  GHashTableIter iter;
  const char *customer;

  g_hash_table_iter_init (&iter, customers);
  while (g_hash_table_iter_next (&iter, (gpointer *)&customer, NULL))
    if (!ops_store_reindex_customer (run->store, customer, error))
      return FALSE;
  return TRUE;
}

static void
report (Run *run)
{
  if (run->progress != NULL)
    run->progress (ops_erpnext_doctype_get_name (run->doctype), run->done, run->total, run->progress_data);
}

/* A Communication ERPNext recorded for an SMS this console queued (its
 * message_id is the send's idempotency key): the queued message becomes
 * that Communication, keeping the delivery status followed live, instead
 * of a second copy of the same SMS. */
static gboolean
adopt_queued_message (Run         *run,
                      JsonObject  *record,
                      const char  *name,
                      GError     **error)
{
  g_autoptr(OpsOutboxEntry) sent = NULL;
  g_autofree char *key = NULL;

  if (!json_object_has_member (record, OPS_ERPNEXT_MESSAGE_KEY))
    return TRUE;
  key = g_strdup (json_object_get_string_member (record, OPS_ERPNEXT_MESSAGE_KEY));
  json_object_remove_member (record, OPS_ERPNEXT_MESSAGE_KEY);

  if (!(sent = ops_outbox_find_by_key (run->store, key, error)))
    return error == NULL || *error == NULL;
  if (!g_str_equal (sent->doctype, OPS_SMS_DOCTYPE) || g_str_equal (sent->docname, name))
    return TRUE;
  g_debug ("message %s is Communication %s", sent->docname, name);
  return ops_store_rename (run->store, "messages", sent->docname, name, error) &&
         ops_outbox_rename_document (run->store, OPS_SMS_DOCTYPE, sent->docname, name, error);
}

static gboolean
store_page (Run         *run,
            JsonArray   *rows,
            const char  *cursor,
            const char  *cursor_name,
            GError     **error)
{
  const char *doctype = ops_erpnext_doctype_get_name (run->doctype);
  const char *table = ops_erpnext_doctype_get_table (run->doctype);
  g_autoptr(GHashTable) customers = NULL;
  guint n_rows = json_array_get_length (rows);

  /* Customers touched, for the search index and for events.  A first
   * pass rebuilds the whole index once at the end instead. */
  gboolean reindex_page = table_is_indexed (table) && !run->first_pass;

  if (table_is_indexed (table) && run->first_pass)
    run->reindex_all = TRUE;
  if (!run->first_pass && !g_str_equal (table, "technicians") && !g_str_equal (table, "tags"))
    customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!ops_store_begin (run->store, error))
    return FALSE;

  if (table_is_indexed (table) && run->first_pass &&
      !ops_store_set_meta (run->store, REINDEX_META, "1", error))
    goto fail;

  for (guint i = 0; i < n_rows; i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      g_autoptr(JsonObject) record = NULL;
      const char *name;

      if (row == NULL || (name = row_text (row, "name")) == NULL)
        continue;

      /* A local change waiting to be sent wins until it is delivered. */
      if (ops_outbox_has_unfinished (run->store, doctype, name))
        continue;

      record = ops_erpnext_doctype_to_record (run->doctype, row);
      if (record == NULL)
        {
          if (!remove_local (run, doctype, table, name, customers, error))
            goto fail;
          continue;
        }

      if (customers != NULL)
        {
          const char *customer = g_str_equal (table, "customers")
                                 ? name : json_object_get_string_member_with_default (record, "customer", NULL);
          char *previous = ops_store_get_row_customer (run->store, table, name);

          if (customer != NULL)
            g_hash_table_add (customers, g_strdup (customer));
          if (previous != NULL)
            g_hash_table_add (customers, previous);
        }

      if (!adopt_queued_message (run, record, name, error))
        goto fail;
      if (!ops_store_upsert (run->store, table, record, error))
        goto fail;
    }

  if (reindex_page && !reindex (run, customers, error))
    goto fail;
  if (!ops_store_set_sync_cursor (run->store, doctype, cursor, cursor_name, n_rows, error))
    goto fail;
  if (!ops_store_commit (run->store, error))
    goto fail;

  run->done += n_rows;
  run->rows += n_rows;
  publish_changes (run, table, customers);
  report (run);
  return TRUE;

fail:
  ops_store_rollback (run->store);
  return FALSE;
}

static gboolean
sync_doctype (Run         *run,
              GError     **error)
{
  const char *doctype = ops_erpnext_doctype_get_name (run->doctype);
  g_autoptr(JsonNode) fields = ops_erpnext_doctype_list_fields (run->doctype);
  g_autoptr(JsonArray) base = ops_erpnext_doctype_base_filters (run->doctype);
  g_auto(OpsSyncCursor) cursor = { 0 };

  if (!ops_store_get_sync_cursor (run->store, doctype, &cursor, error))
    return FALSE;

  run->first_pass = !cursor.complete;
  run->done = 0;
  run->total = 0;

  /* The count is only for progress: a failure here is not fatal. */
  {
    g_autoptr(JsonNode) count_filters = filters_node (base);
    g_autoptr(GError) count_error = NULL;
    gint64 count;

    if (cursor.modified != NULL)
      add_condition (json_node_get_array (count_filters), "modified", ">=", cursor.modified);
    count = ops_erpnext_client_get_count (run->self->client, doctype, count_filters, run->cancellable, &count_error);
    if (count >= 0 && count_error == NULL)
      run->total = (guint)MIN (count, G_MAXUINT);
    else if (g_error_matches (count_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
      {
        g_propagate_error (error, g_steal_pointer (&count_error));
        return FALSE;
      }
  }
  report (run);

  g_debug ("sync %s from %s / %s", doctype, cursor.modified ? cursor.modified : "the start",
           cursor.last_name ? cursor.last_name : "");

  if (!page_by_keyset (run, doctype, fields, base, "modified", cursor.modified, cursor.last_name,
                       store_page, error))
    return FALSE;

  if (!cursor.complete && !ops_store_set_sync_complete (run->store, doctype, error))
    return FALSE;
  return TRUE;
}

/* Deleted Document rows: forget every listed document we sync. */
static gboolean
store_deletions (Run         *run,
                 JsonArray   *rows,
                 const char  *cursor,
                 const char  *cursor_name,
                 GError     **error)
{
  g_autoptr(GHashTable) customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (!ops_store_begin (run->store, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const OpsErpnextDoctype *doctype = ops_erpnext_doctype_find (row_text (row, "deleted_doctype"));
      const char *name = row_text (row, "deleted_name");

      if (doctype == NULL || name == NULL)
        continue;
      if (!remove_local (run, ops_erpnext_doctype_get_name (doctype), ops_erpnext_doctype_get_table (doctype),
                         name, customers, error))
        goto fail;
    }

  if (!reindex (run, customers, error) ||
      !ops_store_set_sync_cursor (run->store, DELETED_DOCUMENT, cursor, cursor_name, json_array_get_length (rows), error) ||
      !ops_store_commit (run->store, error))
    goto fail;

  publish_changes (run, "deleted", customers);
  return TRUE;

fail:
  ops_store_rollback (run->store);
  return FALSE;
}

/* Without the Deleted Document log: compare the names ERPNext has with the
 * names the store has, for every doctype that completed a first pass. */
static gboolean
reconcile_names (Run     *run,
                 GError **error)
{
  for (guint i = 0; i < ops_erpnext_doctype_count (); i++)
    {
      const OpsErpnextDoctype *doctype = ops_erpnext_doctype_get (i);
      const char *name = ops_erpnext_doctype_get_name (doctype);
      const char *table = ops_erpnext_doctype_get_table (doctype);
      g_autoptr(JsonNode) fields = json_from_string ("[\"name\"]", NULL);
      g_autoptr(JsonArray) base = ops_erpnext_doctype_base_filters (doctype);
      g_autoptr(JsonNode) filters = filters_node (base);
      g_autoptr(JsonArray) remote = NULL;
      g_autoptr(GPtrArray) local = NULL;
      g_autoptr(GHashTable) known = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) customers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_auto(OpsSyncCursor) cursor = { 0 };
      OpsErpnextListArgs args = { 0 };

      if (run->self->only != NULL && !g_strv_contains ((const char * const *)run->self->only, name))
        continue;
      if (!ops_store_get_sync_cursor (run->store, name, &cursor, error))
        return FALSE;
      if (!cursor.complete)
        continue;

      args.fields = fields;
      args.filters = filters;
      if (!(remote = ops_erpnext_client_list_all (run->self->client, name, &args, 5000, run->cancellable, error)))
        return FALSE;
      for (guint j = 0; j < json_array_get_length (remote); j++)
        {
          const char *remote_name = row_text (json_array_get_object_element (remote, j), "name");

          if (remote_name != NULL)
            g_hash_table_add (known, (gpointer)remote_name);
        }

      if (!(local = ops_store_list_names (run->store, table, error)))
        return FALSE;

      if (!ops_store_begin (run->store, error))
        return FALSE;
      for (guint j = 0; j < local->len; j++)
        if (!g_hash_table_contains (known, local->pdata[j]) &&
            !remove_local (run, name, table, local->pdata[j], customers, error))
          {
            ops_store_rollback (run->store);
            return FALSE;
          }
      if (!reindex (run, customers, error) || !ops_store_commit (run->store, error))
        {
          ops_store_rollback (run->store);
          return FALSE;
        }
      if (g_hash_table_size (customers) > 0)
        publish_changes (run, table, customers);
    }
  return TRUE;
}

static gboolean
sync_deletions (Run     *run,
                GError **error)
{
  g_autoptr(JsonNode) fields = json_from_string ("[\"name\",\"creation\",\"deleted_doctype\",\"deleted_name\"]", NULL);
  g_autoptr(JsonArray) base = json_array_new ();
  g_autoptr(JsonArray) doctypes = json_array_new ();
  g_autoptr(GError) local_error = NULL;
  g_auto(OpsSyncCursor) cursor = { 0 };
  JsonArray *condition;

  if (!ops_store_get_sync_cursor (run->store, DELETED_DOCUMENT, &cursor, error))
    return FALSE;

  for (guint i = 0; i < ops_erpnext_doctype_count (); i++)
    json_array_add_string_element (doctypes, ops_erpnext_doctype_get_name (ops_erpnext_doctype_get (i)));
  condition = json_array_new ();
  json_array_add_string_element (condition, "deleted_doctype");
  json_array_add_string_element (condition, "in");
  json_array_add_array_element (condition, json_array_ref (doctypes));
  json_array_add_array_element (base, condition);

  if (!cursor.complete)
    {
      /* Deletions before our first sync concern documents we never had:
       * start from the newest entry of the log. */
      g_autoptr(JsonNode) newest_filters = filters_node (base);
      g_autoptr(JsonArray) newest = NULL;
      OpsErpnextListArgs args = { 0 };

      args.fields = fields;
      args.filters = newest_filters;
      args.order_by = "creation desc, name desc";
      args.limit_page_length = 1;
      newest = ops_erpnext_client_list (run->self->client, DELETED_DOCUMENT, &args, run->cancellable, &local_error);
      if (newest == NULL)
        goto log_error;

      if (!ops_store_begin (run->store, error))
        return FALSE;
      if (json_array_get_length (newest) > 0)
        {
          JsonObject *row = json_array_get_object_element (newest, 0);

          if (!ops_store_set_sync_cursor (run->store, DELETED_DOCUMENT, row_text (row, "creation"),
                                          row_text (row, "name"), 0, error))
            {
              ops_store_rollback (run->store);
              return FALSE;
            }
        }
      if (!ops_store_set_sync_complete (run->store, DELETED_DOCUMENT, error) ||
          !ops_store_commit (run->store, error))
        {
          ops_store_rollback (run->store);
          return FALSE;
        }
      return TRUE;
    }

  if (page_by_keyset (run, DELETED_DOCUMENT, fields, base, "creation", cursor.modified, cursor.last_name,
                      store_deletions, &local_error))
    return TRUE;

log_error:
  if (g_error_matches (local_error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_FORBIDDEN))
    {
      g_debug ("The API user may not read the Deleted Document log; comparing names instead");
      return reconcile_names (run, error);
    }
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

static gboolean
doctype_selected (OpsSync    *self,
                  const char *doctype)
{
  return self->only == NULL || g_strv_contains ((const char * const *)self->only, doctype);
}

gboolean
ops_sync_run (OpsSync              *self,
              OpsSyncProgressFunc   progress,
              gpointer              user_data,
              guint64              *rows,
              GCancellable         *cancellable,
              GError              **error)
{
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GString) failures = g_string_new (NULL);
  Run run = { 0 };
  guint n_failed = 0;

  g_return_val_if_fail (OPS_IS_SYNC (self), FALSE);

  g_clear_error (&self->first_error);
  if (rows != NULL)
    *rows = 0;

  if (!(store = ops_store_open (self->store_path, error)))
    return FALSE;

  run.self = self;
  run.store = store;
  run.progress = progress;
  run.progress_data = user_data;
  run.cancellable = cancellable;

  for (guint i = 0; i < ops_erpnext_doctype_count (); i++)
    {
      g_autoptr(GError) local_error = NULL;

      run.doctype = ops_erpnext_doctype_get (i);
      if (!doctype_selected (self, ops_erpnext_doctype_get_name (run.doctype)))
        continue;

      if (sync_doctype (&run, &local_error))
        continue;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }

      g_debug ("sync of %s failed: %s", ops_erpnext_doctype_get_name (run.doctype), local_error->message);
      g_string_append_printf (failures, "\n%s: %s", ops_erpnext_doctype_get_name (run.doctype), local_error->message);
      n_failed++;
      if (self->first_error == NULL)
        self->first_error = g_error_copy (local_error);

      /* A wrong key or an unreachable server fails every doctype alike. */
      if (g_error_matches (local_error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_UNAUTHORIZED) ||
          local_error->domain == OPS_HTTP_ERROR)
        break;
    }

  if (n_failed == 0 && self->only == NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!sync_deletions (&run, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              goto out;
            }
          g_string_append_printf (failures, "\n%s: %s", _("Deletions"), local_error->message);
          n_failed++;
          self->first_error = g_error_copy (local_error);
        }
    }

  {
    g_autofree char *pending = ops_store_get_meta (store, REINDEX_META);

    run.reindex_all |= g_strcmp0 (pending, "1") == 0;
  }
  if (run.reindex_all)
    {
      g_autoptr(GError) local_error = NULL;

      if (!ops_store_begin (store, &local_error) ||
          !ops_store_reindex_customers (store, &local_error) ||
          !ops_store_set_meta (store, REINDEX_META, "0", &local_error) ||
          !ops_store_commit (store, &local_error))
        {
          ops_store_rollback (store);
          g_propagate_error (error, g_steal_pointer (&local_error));
          goto out;
        }
    }

  {
    g_autoptr(GError) local_error = NULL;

    if (!ops_store_fill_message_customers (store, &local_error))
      g_debug ("Could not link messages to customers: %s", local_error->message);
  }

  if (rows != NULL)
    *rows = run.rows;

  if (n_failed > 0)
    {
      g_set_error (error, OPS_SYNC_ERROR, OPS_SYNC_ERROR_PARTIAL,
                   g_dngettext (GETTEXT_PACKAGE, "%u part of ERPNext could not be synced:%s",
                                "%u parts of ERPNext could not be synced:%s", n_failed),
                   n_failed, failures->str);
      return FALSE;
    }
  return TRUE;

out:
  if (rows != NULL)
    *rows = run.rows;
  return FALSE;
}
