/* ops-outbox-worker.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-outbox-worker"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-erpnext-map.h"
#include "ops-outbox-worker.h"
#include "ops-store-tickets.h"

/* How long the worker sleeps when it has nothing to do: another process
 * (--sync, a second console) may queue rows in the same store. */
#define IDLE_WAIT_SECONDS 30
#define UNAUTHORIZED_WAIT_SECONDS 300

struct _OpsOutboxWorker
{
  GObject           parent_instance;
  OpsErpnextClient *client;
  OpsStore         *store;
  OpsEventBus      *bus;
  OpsDeliveryFunc   func;
  gpointer          func_data;
  OpsRetryPolicy    policy;

  GThread          *thread;
  GMutex            lock;
  GCond             cond;
  gboolean          woken;
  gboolean          stopping;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (OpsOutboxWorker, ops_outbox_worker, G_TYPE_OBJECT)

static void
ops_outbox_worker_dispose (GObject *object)
{
  OpsOutboxWorker *self = OPS_OUTBOX_WORKER (object);

  ops_outbox_worker_stop (self);

  G_OBJECT_CLASS (ops_outbox_worker_parent_class)->dispose (object);
}

static void
ops_outbox_worker_finalize (GObject *object)
{
  OpsOutboxWorker *self = OPS_OUTBOX_WORKER (object);

  g_clear_object (&self->client);
  g_clear_object (&self->store);
  g_clear_object (&self->bus);
  g_clear_object (&self->cancellable);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);

  G_OBJECT_CLASS (ops_outbox_worker_parent_class)->finalize (object);
}

static void
ops_outbox_worker_class_init (OpsOutboxWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_outbox_worker_dispose;
  object_class->finalize = ops_outbox_worker_finalize;
}

static void
ops_outbox_worker_init (OpsOutboxWorker *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->cancellable = g_cancellable_new ();
  ops_retry_policy_init_default (&self->policy);
}

OpsOutboxWorker *
ops_outbox_worker_new (OpsErpnextClient  *client,
                       const char        *store_path,
                       OpsEventBus       *bus,
                       GError           **error)
{
  g_autoptr(OpsOutboxWorker) self = NULL;

  g_return_val_if_fail (OPS_IS_ERPNEXT_CLIENT (client), NULL);
  g_return_val_if_fail (store_path != NULL, NULL);

  self = g_object_new (OPS_TYPE_OUTBOX_WORKER, NULL);
  self->client = g_object_ref (client);
  self->bus = bus ? g_object_ref (bus) : NULL;
  if (!(self->store = ops_store_open (store_path, error)))
    return NULL;
  return g_steal_pointer (&self);
}

void
ops_outbox_worker_set_callback (OpsOutboxWorker *self,
                                OpsDeliveryFunc  func,
                                gpointer         user_data)
{
  g_return_if_fail (OPS_IS_OUTBOX_WORKER (self));
  self->func = func;
  self->func_data = user_data;
}

static void
publish (OpsOutboxWorker *self,
         const char      *topic)
{
  if (self->bus != NULL)
    ops_event_bus_publish (self->bus, topic, NULL);
}

/* Finds a document inserted by an earlier attempt, by its idempotency key. */
static JsonObject *
find_inserted (OpsOutboxWorker  *self,
               OpsOutboxEntry   *entry,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autoptr(JsonNode) fields = json_from_string ("[\"name\"]", NULL);
  g_autoptr(JsonNode) filters = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(JsonArray) rows = NULL;
  JsonArray *conditions = json_array_new ();
  JsonArray *condition = json_array_new ();
  OpsErpnextListArgs args = { 0 };
  const char *name;

  json_array_add_string_element (condition, entry->dedupe_field);
  json_array_add_string_element (condition, "=");
  json_array_add_string_element (condition, entry->idempotency_key);
  json_array_add_array_element (conditions, condition);
  json_node_take_array (filters, conditions);

  args.fields = fields;
  args.filters = filters;
  args.limit_page_length = 1;
  if (!(rows = ops_erpnext_client_list (self->client, entry->doctype, &args, cancellable, error)))
    return NULL;
  if (json_array_get_length (rows) == 0)
    return NULL;

  name = json_object_get_string_member_with_default (json_array_get_object_element (rows, 0), "name", NULL);
  if (name == NULL)
    return NULL;
  g_debug ("%s %s was already inserted as %s", entry->doctype, entry->docname, name);
  return ops_erpnext_client_get (self->client, entry->doctype, name, cancellable, error);
}

/*
 * Payment Entries made from a Sales Invoice
 */

/* The payload member naming the Sales Invoice a Payment Entry pays. */
#define FROM_INVOICE "__from_invoice"
#define GET_PAYMENT_ENTRY "erpnext.accounts.doctype.payment_entry.payment_entry.get_payment_entry"

static gboolean
is_payment_from_invoice (OpsOutboxEntry *entry)
{
  return entry->operation == OPS_OUTBOX_INSERT && g_str_equal (entry->doctype, "Payment Entry") &&
         json_object_has_member (entry->payload, FROM_INVOICE);
}

/* No reference row may hold more than what was paid. */
static void
limit_allocations (JsonObject *doc,
                   double      paid)
{
  JsonNode *node = json_object_get_member (doc, "references");
  JsonArray *rows;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;
  rows = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *row_node = json_array_get_element (rows, i);
      JsonObject *row = JSON_NODE_HOLDS_OBJECT (row_node) ? json_node_get_object (row_node) : NULL;
      double allocated;

      if (row == NULL || !json_object_has_member (row, "allocated_amount"))
        continue;
      allocated = MIN (json_object_get_double_member_with_default (row, "allocated_amount", 0), paid);
      json_object_set_double_member (row, "allocated_amount", allocated);
      paid -= allocated;
    }
}

/* ERPNext builds the Payment Entry (company, party, receivable and bank
 * accounts, the invoice's reference row) with get_payment_entry; the
 * payload's fields (reference_no, reference_date, amounts, mode of
 * payment) go over it, and it is inserted submitted. */
static JsonObject *
insert_payment_entry (OpsOutboxWorker  *self,
                      OpsOutboxEntry   *entry,
                      GCancellable     *cancellable,
                      GError          **error)
{
  const char *invoice = json_object_get_string_member_with_default (entry->payload, FROM_INVOICE, NULL);
  g_autoptr(JsonObject) args = json_object_new ();
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GList) members = NULL;
  JsonNode *paid = json_object_get_member (entry->payload, "paid_amount");
  gboolean have_paid = paid != NULL && JSON_NODE_HOLDS_VALUE (paid) &&
                       (json_node_get_value_type (paid) == G_TYPE_DOUBLE ||
                        json_node_get_value_type (paid) == G_TYPE_INT64);

  if (invoice == NULL || *invoice == '\0')
    {
      g_set_error_literal (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_BAD_REQUEST,
                           _("This payment does not name the Sales Invoice it pays; discard it and "
                             "record the payment in ERPNext."));
      return NULL;
    }

  json_object_set_string_member (args, "dt", "Sales Invoice");
  json_object_set_string_member (args, "dn", invoice);
  if (have_paid)
    json_object_set_double_member (args, "party_amount", json_node_get_double (paid));
  if (!(answer = ops_erpnext_client_call_method (self->client, GET_PAYMENT_ENTRY, args, FALSE, cancellable, error)))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_set_error (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_BAD_RESPONSE,
                   _("ERPNext did not prepare a Payment Entry for %s; try again later."), invoice);
      return NULL;
    }
  doc = json_object_ref (json_node_get_object (answer));

  /* An unsaved document: no name, none of Frappe's "__" flags. */
  members = json_object_get_members (doc);
  for (const GList *l = members; l != NULL; l = l->next)
    if (g_str_equal (l->data, "name") || g_str_has_prefix (l->data, "__"))
      {
        g_autofree char *member = g_strdup (l->data);

        json_object_remove_member (doc, member);
      }
  g_clear_pointer (&members, g_list_free);

  members = json_object_get_members (entry->payload);
  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, FROM_INVOICE))
      json_object_set_member (doc, l->data, json_node_copy (json_object_get_member (entry->payload, l->data)));

  if (have_paid)
    limit_allocations (doc, json_node_get_double (paid));
  json_object_set_int_member (doc, "docstatus", 1);

  return ops_erpnext_client_insert (self->client, entry->doctype, doc, cancellable, error);
}

/*
 * Issue assignments
 */

/* ERPNext ignores _assign in a PUT: an assignment is a ToDo made by
 * frappe.desk.form.assign_to.  remove, then add (which skips someone
 * already assigned), so a repeat after a lost answer changes nothing. */
static gboolean
apply_assignment (OpsOutboxWorker  *self,
                  OpsOutboxEntry   *entry,
                  GCancellable     *cancellable,
                  GError          **error)
{
  const char *wanted = json_object_get_string_member_with_default (entry->payload, OPS_TICKET_ASSIGN_MEMBER, "");
  const char *before = json_object_get_string_member_with_default (entry->payload,
                                                                   OPS_TICKET_PREVIOUS_ASSIGNEE_MEMBER, "");

  if (before != NULL && *before != '\0' && g_strcmp0 (before, wanted) != 0)
    {
      g_autoptr(JsonObject) args = json_object_new ();
      g_autoptr(JsonNode) answer = NULL;

      json_object_set_string_member (args, "doctype", entry->doctype);
      json_object_set_string_member (args, "name", entry->docname);
      json_object_set_string_member (args, "assign_to", before);
      if (!(answer = ops_erpnext_client_call_method (self->client, "frappe.desk.form.assign_to.remove", args,
                                                     FALSE, cancellable, error)))
        return FALSE;
    }
  if (wanted != NULL && *wanted != '\0')
    {
      g_autoptr(JsonObject) args = json_object_new ();
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(JsonArray) users = json_array_new ();
      g_autoptr(JsonNode) list = NULL;
      g_autofree char *text = NULL;

      json_array_add_string_element (users, wanted);
      list = json_node_init_array (json_node_alloc (), users);
      text = json_to_string (list, FALSE);
      json_object_set_string_member (args, "doctype", entry->doctype);
      json_object_set_string_member (args, "name", entry->docname);
      json_object_set_string_member (args, "assign_to", text);
      if (!(answer = ops_erpnext_client_call_method (self->client, "frappe.desk.form.assign_to.add", args,
                                                     FALSE, cancellable, error)))
        return FALSE;
    }
  return TRUE;
}

static JsonObject *
send_entry (OpsOutboxWorker  *self,
            OpsOutboxEntry   *entry,
            gboolean          in_doubt,
            GCancellable     *cancellable,
            GError          **error)
{
  const OpsErpnextDoctype *map = ops_erpnext_doctype_find (entry->doctype);

  switch (entry->operation)
    {
    case OPS_OUTBOX_INSERT:
      if (in_doubt && entry->dedupe_field != NULL)
        {
          g_autoptr(GError) local_error = NULL;
          JsonObject *found = find_inserted (self, entry, cancellable, &local_error);

          if (found != NULL)
            return found;
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
        }
      if (is_payment_from_invoice (entry))
        return insert_payment_entry (self, entry, cancellable, error);
      return ops_erpnext_client_insert (self->client, entry->doctype, entry->payload, cancellable, error);

    case OPS_OUTBOX_UPDATE:
      {
        g_autoptr(JsonObject) current = NULL;
        g_autoptr(JsonObject) body = NULL;

        g_autoptr(JsonObject) fields = NULL;

        if (json_object_has_member (entry->payload, OPS_TICKET_ASSIGN_MEMBER))
          {
            if (!apply_assignment (self, entry, cancellable, error))
              return NULL;
            fields = json_object_new ();
            {
              g_autoptr(GList) members = json_object_get_members (entry->payload);

              for (const GList *l = members; l != NULL; l = l->next)
                if (!g_str_equal (l->data, OPS_TICKET_ASSIGN_MEMBER) &&
                    !g_str_equal (l->data, OPS_TICKET_PREVIOUS_ASSIGNEE_MEMBER))
                  json_object_set_member (fields, l->data,
                                          json_node_copy (json_object_get_member (entry->payload, l->data)));
            }
            /* Only the assignee changed: the document as ERPNext has it now. */
            if (json_object_get_size (fields) == 0)
              return ops_erpnext_client_get (self->client, entry->doctype, entry->docname, cancellable, error);
          }
        else
          fields = json_object_ref (entry->payload);

        if (map != NULL && ops_erpnext_doctype_update_needs_current (map) &&
            !(current = ops_erpnext_client_get (self->client, entry->doctype, entry->docname, cancellable, error)))
          return NULL;
        body = ops_erpnext_prepare_update (entry->doctype, current, fields);
        return ops_erpnext_client_update (self->client, entry->doctype, entry->docname, body, cancellable, error);
      }

    case OPS_OUTBOX_DELETE:
      {
        g_autoptr(GError) local_error = NULL;

        if (ops_erpnext_client_delete (self->client, entry->doctype, entry->docname, cancellable, &local_error) ||
            g_error_matches (local_error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_NOT_FOUND))
          return json_object_new ();
        g_propagate_error (error, g_steal_pointer (&local_error));
        return NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

/* Records a delivered row and what ERPNext answered, in one transaction. */
static gboolean
apply_answer (OpsOutboxWorker  *self,
              OpsOutboxEntry   *entry,
              JsonObject       *doc,
              char            **customer,
              GError          **error)
{
  const OpsErpnextDoctype *map = ops_erpnext_doctype_find (entry->doctype);
  const char *name = json_object_get_string_member_with_default (doc, "name", NULL);

  if (!ops_store_begin (self->store, error))
    return FALSE;
  if (!ops_outbox_mark_done (self->store, entry->id, error))
    goto fail;

  if (map != NULL)
    {
      const char *table = ops_erpnext_doctype_get_table (map);

      *customer = ops_store_get_row_customer (self->store, table, entry->docname);

      if (entry->operation == OPS_OUTBOX_DELETE)
        {
          if (!ops_store_delete (self->store, table, entry->docname, error))
            goto fail;
        }
      else if (name != NULL)
        {
          g_autoptr(JsonObject) record = NULL;

          if (!g_str_equal (name, entry->docname))
            {
              /* Renamed in place: local-only columns (a message's provider
               * id and delivery status) stay. */
              if (!ops_outbox_rename_document (self->store, entry->doctype, entry->docname, name, error) ||
                  !ops_store_rename (self->store, table, entry->docname, name, error))
                goto fail;
            }

          /* Later local changes of the document keep their optimistic state. */
          if (!ops_outbox_has_unfinished (self->store, entry->doctype, name) &&
              (record = ops_erpnext_doctype_document_to_record (map, doc)) != NULL)
            {
              const char *status = json_object_get_string_member_with_default (record, "delivery_status", NULL);

              /* ERPNext's empty delivery status is not news. */
              if (status == NULL || *status == '\0')
                json_object_remove_member (record, "delivery_status");
              if (!ops_store_upsert (self->store, table, record, error))
                goto fail;
            }
        }

      if (*customer == NULL && name != NULL)
        *customer = ops_store_get_row_customer (self->store, table, name);
      if (*customer != NULL && !ops_store_reindex_customer (self->store, *customer, error))
        goto fail;
    }

  return ops_store_commit (self->store, error);

fail:
  ops_store_rollback (self->store);
  return FALSE;
}

static OpsDeliveryResult
classify (const GError *error)
{
  if (error->domain == OPS_ERPNEXT_ERROR)
    {
      switch (error->code)
        {
        case OPS_ERPNEXT_ERROR_UNAUTHORIZED:
          return OPS_DELIVERY_UNAUTHORIZED;
        case OPS_ERPNEXT_ERROR_RATE_LIMITED:
        case OPS_ERPNEXT_ERROR_SERVER:
        case OPS_ERPNEXT_ERROR_BAD_RESPONSE:
          return OPS_DELIVERY_OFFLINE;
        default:
          return OPS_DELIVERY_REFUSED;
        }
    }
  /* Network, TLS, timeouts, malformed answers: try again later. */
  return OPS_DELIVERY_OFFLINE;
}

OpsDeliveryResult
ops_outbox_worker_deliver_one (OpsOutboxWorker  *self,
                               GCancellable     *cancellable,
                               GError          **error)
{
  g_autoptr(OpsOutboxEntry) entry = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *customer = NULL;
  OpsDeliveryResult result;
  gboolean in_doubt;

  g_return_val_if_fail (OPS_IS_OUTBOX_WORKER (self), OPS_DELIVERY_IDLE);

  if (!(entry = ops_outbox_next (self->store, &local_error)))
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return OPS_DELIVERY_OFFLINE;
        }
      return OPS_DELIVERY_IDLE;
    }

  /* "sending" after a restart, or an earlier attempt that got no clear
   * answer: ERPNext may have applied it. */
  in_doubt = entry->state == OPS_OUTBOX_SENDING || entry->attempts > 0;

  if (!ops_outbox_mark_sending (self->store, entry->id, error))
    return OPS_DELIVERY_OFFLINE;

  g_debug ("delivering %s %s %s (attempt %u)", ops_outbox_operation_to_string (entry->operation),
           entry->doctype, entry->docname, entry->attempts + 1);

  answer = send_entry (self, entry, in_doubt, cancellable, &local_error);
  if (answer != NULL)
    {
      if (!apply_answer (self, entry, answer, &customer, error))
        return OPS_DELIVERY_OFFLINE;
      publish (self, "outbox");
      if (customer != NULL)
        {
          g_autofree char *topic = g_strdup_printf ("customer:%s", customer);
          publish (self, topic);
        }
      return OPS_DELIVERY_DELIVERED;
    }

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ops_outbox_mark_retry (self->store, entry->id, NULL, NULL);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return OPS_DELIVERY_OFFLINE;
    }

  result = classify (local_error);
  if (result == OPS_DELIVERY_REFUSED)
    ops_outbox_mark_failed (self->store, entry->id, local_error->message, NULL);
  else
    ops_outbox_mark_retry (self->store, entry->id, local_error->message, NULL);
  publish (self, "outbox");

  g_propagate_error (error, g_steal_pointer (&local_error));
  return result;
}

/* Waits up to ms milliseconds, or until woken or stopped. */
static void
wait_for (OpsOutboxWorker *self,
          gint64           ms)
{
  gint64 end = g_get_monotonic_time () + ms * G_TIME_SPAN_MILLISECOND;

  g_mutex_lock (&self->lock);
  while (!self->woken && !self->stopping)
    if (!g_cond_wait_until (&self->cond, &self->lock, end))
      break;
  self->woken = FALSE;
  g_mutex_unlock (&self->lock);
}

static gpointer
worker_thread (gpointer data)
{
  OpsOutboxWorker *self = data;
  guint failures = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      OpsDeliveryResult result;
      gboolean stopping;

      g_mutex_lock (&self->lock);
      stopping = self->stopping;
      self->woken = FALSE;
      g_mutex_unlock (&self->lock);
      if (stopping)
        break;

      result = ops_outbox_worker_deliver_one (self, self->cancellable, &error);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        break;
      if (self->func != NULL)
        self->func (result, error, self->func_data);

      switch (result)
        {
        case OPS_DELIVERY_DELIVERED:
        case OPS_DELIVERY_REFUSED:
          failures = 0;
          break;
        case OPS_DELIVERY_IDLE:
          failures = 0;
          wait_for (self, IDLE_WAIT_SECONDS * 1000);
          break;
        case OPS_DELIVERY_OFFLINE:
          failures++;
          wait_for (self, ops_retry_policy_delay_ms (&self->policy, MIN (failures, 16), -1, g_random_double ()));
          break;
        case OPS_DELIVERY_UNAUTHORIZED:
          wait_for (self, UNAUTHORIZED_WAIT_SECONDS * 1000);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  return NULL;
}

void
ops_outbox_worker_start (OpsOutboxWorker *self)
{
  g_return_if_fail (OPS_IS_OUTBOX_WORKER (self));

  if (self->thread != NULL)
    return;
  g_mutex_lock (&self->lock);
  self->stopping = FALSE;
  g_mutex_unlock (&self->lock);
  g_cancellable_reset (self->cancellable);
  self->thread = g_thread_new ("ops-outbox", worker_thread, self);
}

void
ops_outbox_worker_wake (OpsOutboxWorker *self)
{
  g_return_if_fail (OPS_IS_OUTBOX_WORKER (self));

  g_mutex_lock (&self->lock);
  self->woken = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
ops_outbox_worker_stop (OpsOutboxWorker *self)
{
  g_return_if_fail (OPS_IS_OUTBOX_WORKER (self));

  if (self->thread == NULL)
    return;

  g_mutex_lock (&self->lock);
  self->stopping = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  g_cancellable_cancel (self->cancellable);

  g_thread_join (self->thread);
  self->thread = NULL;
}
