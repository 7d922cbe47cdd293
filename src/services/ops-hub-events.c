/* ops-hub-events.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hub's events are the headless server's (src/server/ops-server-
 * twilio*.c, ops-server-stripe.c):
 *   "conversations" / "customer:<c>"  {"type": "sms", name, direction,
 *       customer, ticket, phone, content, status, sid[, idempotency_key]}
 *   "conversations" / "customer:<c>"  {"type": "sms-status", name,
 *       customer, status, sid}
 *   "payments" / "customer:<c>"       {"type": "payment", invoice,
 *       customer, amount, currency, reference, outstanding}
 * and what other consoles broadcast (src/services/ops-dispatch-editor.c):
 *   "dispatch"  {job, technician, scheduled_date, start_time "HH:MM",
 *       duration_min, status, origin}
 * The server publishes the same data on "conversations" (or "payments")
 * and then on "customer:<c>"; this console announces "customer:<c>"
 * itself after applying the first, and drops the hub's copy when the
 * stream carries it too.
 */

#define G_LOG_DOMAIN "ops-hub-events"

#include "config.h"

#include <string.h>

#include "ops-conversation.h"
#include "ops-hub-events.h"
#include "ops-outbox.h"
#include "ops-store-dispatch.h"
#include "ops-store-messages.h"

/* Customer events announced here whose copy from the hub is dropped. */
#define ANNOUNCED_MAX 256
/* Status callbacks for messages not known here yet. */
#define EARLY_MAX 256
#define EARLY_SECONDS 600

struct _OpsHubEvents
{
  GObject      parent_instance;

  OpsStore    *store;
  OpsEventBus *source;
  OpsEventBus *target;
  gulong       source_handler;
  gulong       target_handler;

  GHashTable  *announced;   /* "customer:<c>|<key>" set */
  GQueue       announced_order;
  GHashTable  *early;       /* sid -> Early */
};

typedef struct
{
  char   *status;
  int     error_code;
  gint64  seen;  /* monotonic µs */
} Early;

G_DEFINE_FINAL_TYPE (OpsHubEvents, ops_hub_events, G_TYPE_OBJECT)

/*
 * Auxiliary methods
 */

static void
early_free (gpointer data)
{
  Early *early = data;

  g_free (early->status);
  g_free (early);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
get_number (JsonObject *object,
            const char *member,
            double     *value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = (double)json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

/* What identifies one event across its topics. */
static char *
event_key (JsonObject *object)
{
  const char *type = get_string (object, "type");

  if (g_strcmp0 (type, "payment") == 0)
    return g_strdup_printf ("payment|%s|%s", get_string (object, "invoice"), get_string (object, "reference"));
  if (g_strcmp0 (type, "sms") == 0 || g_strcmp0 (type, "sms-status") == 0)
    return g_strdup_printf ("%s|%s|%s|%s", type, get_string (object, "sid"), get_string (object, "name"),
                            get_string (object, "status"));
  return NULL;
}

static void
remember_announced (OpsHubEvents *self,
                    char         *entry)
{
  if (g_hash_table_contains (self->announced, entry))
    {
      g_free (entry);
      return;
    }
  while (g_queue_get_length (&self->announced_order) >= ANNOUNCED_MAX)
    g_hash_table_remove (self->announced, g_queue_pop_head (&self->announced_order));
  g_hash_table_add (self->announced, entry);
  g_queue_push_tail (&self->announced_order, entry);
}

static gboolean
take_announced (OpsHubEvents *self,
                const char   *entry)
{
  GList *link;

  if (!g_hash_table_contains (self->announced, entry))
    return FALSE;
  link = g_queue_find_custom (&self->announced_order, entry, (GCompareFunc)g_strcmp0);
  if (link != NULL)
    g_queue_delete_link (&self->announced_order, link);
  g_hash_table_remove (self->announced, entry);
  return TRUE;
}

static void
remember_early (OpsHubEvents *self,
                const char   *sid,
                const char   *status,
                int           error_code)
{
  Early *known = g_hash_table_lookup (self->early, sid);
  gint64 now = g_get_monotonic_time ();
  Early *early;

  if (known != NULL && ops_message_status_rank (known->status) >= ops_message_status_rank (status))
    return;
  if (g_hash_table_size (self->early) >= EARLY_MAX)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->early);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (now - ((Early *)value)->seen > EARLY_SECONDS * G_USEC_PER_SEC)
          g_hash_table_iter_remove (&iter);
      if (g_hash_table_size (self->early) >= EARLY_MAX)
        g_hash_table_remove_all (self->early);
    }
  early = g_new0 (Early, 1);
  early->status = g_strdup (status);
  early->error_code = error_code;
  early->seen = now;
  g_hash_table_replace (self->early, g_strdup (sid), early);
}

/* TRUE when key names an SMS this console is sending right now: its own
 * record is the local message. */
static gboolean
is_own_send (OpsHubEvents *self,
             const char   *key)
{
  g_autoptr(GPtrArray) rows = NULL;

  if (key == NULL)
    return FALSE;
  rows = ops_outbox_list (self->store, OPS_SMS_DOCTYPE, NULL, NULL);
  for (guint i = 0; rows != NULL && i < rows->len; i++)
    {
      OpsOutboxEntry *entry = rows->pdata[i];

      if (g_strcmp0 (entry->idempotency_key, key) == 0)
        return TRUE;
    }
  return FALSE;
}

static gboolean
apply_sms (OpsHubEvents *self,
           JsonObject   *object)
{
  const char *name = get_string (object, "name");
  const char *sid = get_string (object, "sid");
  const char *direction = get_string (object, "direction");
  const char *status = get_string (object, "status");
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *sent_at = NULL;
  g_autofree char *modified = NULL;
  const char *phone = get_string (object, "phone");
  gboolean received = g_strcmp0 (direction, "Received") == 0;

  if (name == NULL || *name == '\0')
    return FALSE;

  if (sid != NULL && ops_store_find_message_by_provider_id (self->store, sid, NULL, NULL, NULL, &error))
    return FALSE;
  if (error != NULL)
    {
      g_warning ("SMS %s from the hub could not be looked up: %s", name, error->message);
      return FALSE;
    }
  if (!received && is_own_send (self, get_string (object, "idempotency_key")))
    return FALSE;

  now = g_date_time_new_now_local ();
  sent_at = g_date_time_format (now, "%Y-%m-%d %H:%M:%S");
  modified = g_date_time_format_iso8601 (now);

  record = json_object_new ();
  json_object_set_string_member (record, "name", name);
  json_object_set_string_member (record, "ticket", get_string (object, "ticket"));
  json_object_set_string_member (record, "customer", get_string (object, "customer"));
  json_object_set_string_member (record, "medium", "SMS");
  json_object_set_string_member (record, "direction", received ? "Received" : "Sent");
  json_object_set_string_member (record, "sender", received ? phone : get_string (object, "sender"));
  json_object_set_string_member (record, "content", get_string (object, "content"));
  json_object_set_string_member (record, "sent_at", sent_at);
  json_object_set_string_member (record, "delivery_status", status ? status : (received ? "received" : "sent"));
  json_object_set_null_member (record, "error_code");
  json_object_set_string_member (record, "provider_id", sid);
  json_object_set_string_member (record, "modified", modified);

  if (!ops_store_upsert (self->store, "messages", record, &error))
    {
      g_warning ("SMS %s from the hub could not be recorded: %s", name, error->message);
      return FALSE;
    }
  g_debug ("SMS %s from the hub recorded", name);
  return TRUE;
}

static gboolean
apply_status (OpsHubEvents *self,
              const char   *sid,
              const char   *status,
              int           error_code)
{
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;
  gboolean changed = FALSE;

  if (sid == NULL || status == NULL)
    return FALSE;
  if (!ops_store_update_message_status (self->store, sid, status, error_code, &found, &changed, NULL, NULL,
                                        &error))
    {
      g_warning ("The status of SMS %s could not be recorded: %s", sid, error->message);
      return FALSE;
    }
  /* This console's own send, before its answer came back. */
  if (!found)
    remember_early (self, sid, status, error_code);
  return changed;
}

static gboolean
apply_payment (OpsHubEvents *self,
               JsonObject   *object)
{
  const char *invoice = get_string (object, "invoice");
  g_autoptr(JsonObject) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *customer = NULL;
  double outstanding = 0;

  /* NULL: the hub does not know the invoice either. */
  if (invoice == NULL || !get_number (object, "outstanding", &outstanding))
    return FALSE;
  if (!(customer = ops_store_get_row_customer (self->store, "invoices", invoice)))
    return FALSE;

  if (outstanding < 0)
    outstanding = 0;
  record = json_object_new ();
  json_object_set_string_member (record, "name", invoice);
  json_object_set_double_member (record, "outstanding_amount", outstanding);
  json_object_set_string_member (record, "status", outstanding < 0.005 ? "Paid" : "Partly Paid");
  if (!ops_store_upsert (self->store, "invoices", record, &error))
    {
      g_warning ("The payment of %s could not be recorded: %s", invoice, error->message);
      return FALSE;
    }
  g_debug ("Invoice %s: %.2f outstanding", invoice, outstanding);
  return TRUE;
}

/* "HH:MM" */
static gboolean
is_clock (const char *text)
{
  return strlen (text) == 5 && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && text[2] == ':' &&
         g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[4]);
}

/* NULL for a missing or null member; FALSE when it is not a string. */
static gboolean
get_nullable_string (JsonObject  *object,
                     const char  *member,
                     const char **value)
{
  JsonNode *node = json_object_get_member (object, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  *value = get_string (object, member);
  return *value != NULL;
}

/* Another console's change to a job: recorded unless this console has
 * its own change to the job on the way to ERPNext. */
static gboolean
apply_dispatch (OpsHubEvents *self,
                JsonObject   *object)
{
  const char *job = get_string (object, "job");
  const char *technician;
  const char *date;
  const char *start;
  const char *status = get_string (object, "status");
  double duration = 0;
  g_autoptr(GError) error = NULL;

  if (job == NULL || *job == '\0' || status == NULL ||
      !get_nullable_string (object, "technician", &technician) ||
      !get_nullable_string (object, "scheduled_date", &date) ||
      !get_nullable_string (object, "start_time", &start) ||
      (start != NULL && !is_clock (start)))
    {
      g_debug ("A dispatch event from the hub without a readable placement ignored");
      return FALSE;
    }
  if (!get_number (object, "duration_min", &duration) || duration < 0 || duration > 60 * 24 * 31)
    duration = 0;

  if (ops_outbox_has_unfinished (self->store, "Dispatch Job", job))
    {
      g_debug ("%s changed on another console; this console's own change is still on its way", job);
      return FALSE;
    }
  if (!ops_store_set_job_placement (self->store, job, technician, date, start, (guint)duration,
                                    ops_job_status_to_string (ops_job_status_from_string (status)), &error))
    {
      if (g_error_matches (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND))
        g_debug ("%s changed on another console is not in the local store", job);
      else
        g_warning ("The change of %s made on another console could not be recorded: %s", job, error->message);
      return FALSE;
    }
  g_debug ("%s changed on another console", job);
  return TRUE;
}

/* A dispatch event as the editor broadcasts it: handled here, and only
 * "remote" is announced, when the local job changed. */
static gboolean
handle_dispatch (OpsHubEvents *self,
                 JsonObject   *object)
{
  g_autoptr(JsonObject) announced = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (g_str_equal (get_string (object, "origin"), ops_hub_events_get_origin ()))
    return FALSE;
  if (!apply_dispatch (self, object))
    return FALSE;

  announced = json_object_new ();
  json_object_set_string_member (announced, "job", get_string (object, "job"));
  json_object_set_string_member (announced, "action", "remote");
  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, announced);
  ops_event_bus_publish (self->target, "dispatch", node);
  return TRUE;
}

/*
 * Callbacks
 */

static void
on_source_event_cb (OpsHubEvents *self,
                    const char   *topic,
                    JsonNode     *data,
                    OpsEventBus  *bus)
{
  ops_hub_events_apply (self, topic, data);
}

/* The SMS sender announces the provider id of a message it just sent:
 * a status callback that came first is applied now. */
static void
on_target_event_cb (OpsHubEvents *self,
                    const char   *topic,
                    JsonNode     *data,
                    OpsEventBus  *bus)
{
  const char *sid;
  Early *early;
  g_autofree char *status = NULL;
  int error_code;

  if (g_hash_table_size (self->early) == 0 || !g_str_equal (topic, "conversations") ||
      data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return;
  sid = get_string (json_node_get_object (data), "provider_id");
  if (sid == NULL || !(early = g_hash_table_lookup (self->early, sid)))
    return;

  status = g_strdup (early->status);
  error_code = early->error_code;
  g_hash_table_remove (self->early, sid);
  if (apply_status (self, sid, status, error_code))
    {
      g_autoptr(JsonNode) copy = json_node_copy (data);
      JsonObject *object = json_node_get_object (copy);
      const char *customer = get_string (object, "customer");

      json_object_set_string_member (object, "status", status);
      if (error_code != 0)
        json_object_set_int_member (object, "error_code", error_code);
      ops_event_bus_publish (self->target, "conversations", copy);
      if (customer != NULL)
        {
          g_autofree char *customer_topic = g_strconcat ("customer:", customer, NULL);

          ops_event_bus_publish (self->target, customer_topic, copy);
        }
    }
}

/*
 * GObject
 */

static void
ops_hub_events_dispose (GObject *object)
{
  OpsHubEvents *self = OPS_HUB_EVENTS (object);

  if (self->source != NULL && self->source_handler != 0)
    g_clear_signal_handler (&self->source_handler, self->source);
  if (self->target != NULL && self->target_handler != 0)
    g_clear_signal_handler (&self->target_handler, self->target);
  g_clear_object (&self->source);
  g_clear_object (&self->target);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ops_hub_events_parent_class)->dispose (object);
}

static void
ops_hub_events_finalize (GObject *object)
{
  OpsHubEvents *self = OPS_HUB_EVENTS (object);

  g_queue_clear (&self->announced_order);
  g_hash_table_unref (self->announced);
  g_hash_table_unref (self->early);

  G_OBJECT_CLASS (ops_hub_events_parent_class)->finalize (object);
}

static void
ops_hub_events_class_init (OpsHubEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_hub_events_dispose;
  object_class->finalize = ops_hub_events_finalize;
}

static void
ops_hub_events_init (OpsHubEvents *self)
{
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->announced_order);
  self->early = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, early_free);
}

/*
 * Public API
 */

OpsHubEvents *
ops_hub_events_new (OpsStore    *store,
                    OpsEventBus *source,
                    OpsEventBus *target)
{
  OpsHubEvents *self;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (source == NULL || OPS_IS_EVENT_BUS (source), NULL);
  g_return_val_if_fail (OPS_IS_EVENT_BUS (target), NULL);
  g_return_val_if_fail (source != target, NULL);

  self = g_object_new (OPS_TYPE_HUB_EVENTS, NULL);
  self->store = g_object_ref (store);
  self->target = g_object_ref (target);
  self->target_handler = g_signal_connect_object (target, "event", G_CALLBACK (on_target_event_cb), self,
                                                  G_CONNECT_SWAPPED);
  if (source != NULL)
    {
      self->source = g_object_ref (source);
      self->source_handler = g_signal_connect_object (source, "event", G_CALLBACK (on_source_event_cb), self,
                                                      G_CONNECT_SWAPPED);
    }
  return self;
}

gboolean
ops_hub_events_apply (OpsHubEvents *self,
                      const char   *topic,
                      JsonNode     *data)
{
  JsonObject *object = NULL;
  const char *type = NULL;
  const char *customer = NULL;
  g_autofree char *key = NULL;
  gboolean changed = FALSE;
  gboolean announce;

  g_return_val_if_fail (OPS_IS_HUB_EVENTS (self), FALSE);
  g_return_val_if_fail (topic != NULL, FALSE);

  if (data != NULL && JSON_NODE_HOLDS_OBJECT (data))
    {
      object = json_node_get_object (data);
      if (g_str_equal (topic, "dispatch") && get_string (object, "origin") != NULL)
        return handle_dispatch (self, object);
      type = get_string (object, "type");
      customer = get_string (object, "customer");
      key = event_key (object);
    }

  /* The hub's copy of a customer event announced here already. */
  if (key != NULL && g_str_has_prefix (topic, "customer:"))
    {
      g_autofree char *entry = g_strconcat (topic, "|", key, NULL);

      if (take_announced (self, entry))
        return FALSE;
    }

  if (g_strcmp0 (type, "sms") == 0)
    changed = apply_sms (self, object);
  else if (g_strcmp0 (type, "sms-status") == 0)
    {
      double code = 0;

      get_number (object, "error_code", &code);
      changed = apply_status (self, get_string (object, "sid"), get_string (object, "status"), (int)code);
    }
  else if (g_strcmp0 (type, "payment") == 0)
    changed = apply_payment (self, object);

  ops_event_bus_publish (self->target, topic, data);

  announce = key != NULL && customer != NULL && *customer != '\0' &&
             (g_str_equal (topic, "conversations") || g_str_equal (topic, "payments"));
  if (announce)
    {
      g_autofree char *customer_topic = g_strconcat ("customer:", customer, NULL);

      ops_event_bus_publish (self->target, customer_topic, data);
      remember_announced (self, g_strconcat (customer_topic, "|", key, NULL));
    }
  return changed;
}

const char *
ops_hub_events_get_origin (void)
{
  static gsize initialized = 0;
  static char *origin = NULL;

  if (g_once_init_enter (&initialized))
    {
      origin = g_uuid_string_random ();
      g_once_init_leave (&initialized, 1);
    }
  return origin;
}
