/* ops-service-layer.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-service-layer"

#include "config.h"

#include "ops-event-bus.h"

#include <glib/gi18n.h>

#include "ops-erpnext-client.h"
#include "ops-hub-events.h"
#include "ops-outbox.h"
#include "ops-outbox-worker.h"
#include "ops-service-layer.h"
#include "ops-sms-sender.h"
#include "ops-sync.h"

#define LAST_SYNC_META "sync.last_complete"

struct _OpsServiceLayer
{
  GObject             parent_instance;

  OpsConfig          *config;
  OpsStore           *store;
  OpsEventBus        *bus;
  GMainContext       *context;
  gboolean            demo;

  OpsErpnextClient   *client;
  OpsDeviceService   *devices;
  OpsHubClient       *hub;
  OpsEventBus        *hub_bus;     /* what the hub sends, before it is applied */
  OpsHubEvents       *hub_events;
  OpsSmsSender       *sms;
  OpsVisionService   *vision;
  OpsSync            *sync;
  OpsOutboxWorker    *worker;
  GCancellable       *sync_cancellable;
  guint               sync_source;
  gulong              bus_handler;

  OpsConnectionState  state;
  gint64              pending_writes;
  gint64              failed_writes;
  char               *sync_doctype;
  guint               sync_done;
  guint               sync_total;
  char               *last_error;
  gint64              last_sync;
};

G_DEFINE_FINAL_TYPE (OpsServiceLayer, ops_service_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_PENDING_WRITES,
  PROP_FAILED_WRITES,
  PROP_SYNC_DOCTYPE,
  PROP_SYNC_DONE,
  PROP_SYNC_TOTAL,
  PROP_LAST_ERROR,
  PROP_LAST_SYNC,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
ops_connection_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { OPS_CONNECTION_DEMO, "OPS_CONNECTION_DEMO", "demo" },
        { OPS_CONNECTION_CONNECTING, "OPS_CONNECTION_CONNECTING", "connecting" },
        { OPS_CONNECTION_ONLINE, "OPS_CONNECTION_ONLINE", "online" },
        { OPS_CONNECTION_SYNCING, "OPS_CONNECTION_SYNCING", "syncing" },
        { OPS_CONNECTION_OFFLINE, "OPS_CONNECTION_OFFLINE", "offline" },
        { OPS_CONNECTION_AUTH_FAILED, "OPS_CONNECTION_AUTH_FAILED", "auth-failed" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type, g_enum_register_static ("OpsConnectionState", values));
    }
  return type;
}

static void
set_state (OpsServiceLayer    *self,
           OpsConnectionState  state)
{
  if (self->state == state)
    return;
  g_debug ("connection state %d -> %d", self->state, state);
  /* Back online: SMS waiting for the network go now. */
  if (state == OPS_CONNECTION_ONLINE && self->state != OPS_CONNECTION_SYNCING && self->sms != NULL)
    ops_sms_sender_wake (self->sms);
  /* So are photos waiting to be read. */
  if (state == OPS_CONNECTION_ONLINE && self->vision != NULL)
    ops_vision_service_wake (self->vision);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (OpsServiceLayer *self,
                const char      *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
refresh_counts (OpsServiceLayer *self)
{
  gint64 pending = ops_outbox_count (self->store, OPS_OUTBOX_PENDING) +
                   ops_outbox_count (self->store, OPS_OUTBOX_SENDING);
  gint64 failed = ops_outbox_count (self->store, OPS_OUTBOX_FAILED);

  if (pending != self->pending_writes)
    {
      self->pending_writes = pending;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING_WRITES]);
    }
  if (failed != self->failed_writes)
    {
      self->failed_writes = failed;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILED_WRITES]);
    }
}

static void
on_bus_event_cb (OpsServiceLayer *self,
                 const char      *topic,
                 JsonNode        *data,
                 OpsEventBus     *bus)
{
  if (g_str_equal (topic, "outbox"))
    refresh_counts (self);
  else if (g_str_equal (topic, "resync"))
    ops_service_layer_sync_now (self);  /* the hub lost events for us: refetch */
}

/* The hub is reachable again: so is /send/sms. */
static void
on_hub_state_cb (OpsServiceLayer *self,
                 GParamSpec      *pspec,
                 OpsHubClient    *hub)
{
  if (ops_hub_client_get_state (hub) == OPS_HUB_LIVE && self->sms != NULL)
    ops_sms_sender_wake (self->sms);
}

/* State after an answer (or none) from ERPNext. */
static OpsConnectionState
state_for_error (const GError *error)
{
  if (error == NULL)
    return OPS_CONNECTION_ONLINE;
  if (g_error_matches (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_UNAUTHORIZED))
    return OPS_CONNECTION_AUTH_FAILED;
  if (error->domain == OPS_HTTP_ERROR ||
      g_error_matches (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_SERVER) ||
      g_error_matches (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_RATE_LIMITED) ||
      g_error_matches (error, OPS_ERPNEXT_ERROR, OPS_ERPNEXT_ERROR_BAD_RESPONSE))
    return OPS_CONNECTION_OFFLINE;
  /* A refusal of one document says ERPNext is there. */
  return OPS_CONNECTION_ONLINE;
}

/*
 * Outbox worker reports, marshalled to the main context.
 */

typedef struct
{
  OpsServiceLayer   *self;
  OpsDeliveryResult  result;
  GError            *error;
} Delivery;

static void
delivery_free (gpointer data)
{
  Delivery *delivery = data;

  g_object_unref (delivery->self);
  g_clear_error (&delivery->error);
  g_free (delivery);
}

static gboolean
delivery_in_main (gpointer data)
{
  Delivery *delivery = data;
  OpsServiceLayer *self = delivery->self;

  refresh_counts (self);
  if (delivery->result == OPS_DELIVERY_IDLE)
    return G_SOURCE_REMOVE;

  if (delivery->result != OPS_DELIVERY_REFUSED)
    set_last_error (self, delivery->error ? delivery->error->message : NULL);
  if (self->state != OPS_CONNECTION_SYNCING)
    set_state (self, state_for_error (delivery->error));
  return G_SOURCE_REMOVE;
}

static void
on_delivery (OpsDeliveryResult  result,
             const GError      *error,
             gpointer           user_data)
{
  OpsServiceLayer *self = user_data;
  Delivery *delivery = g_new0 (Delivery, 1);

  delivery->self = g_object_ref (self);
  delivery->result = result;
  delivery->error = error ? g_error_copy (error) : NULL;
  ops_main_context_dispatch (self->context, delivery_in_main, delivery, delivery_free);
}

/*
 * Sync
 */

typedef struct
{
  OpsServiceLayer *self;
  char            *doctype;
  guint            done;
  guint            total;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_free (progress->doctype);
  g_free (progress);
}

static gboolean
progress_in_main (gpointer data)
{
  Progress *progress = data;
  OpsServiceLayer *self = progress->self;

  if (self->sync_cancellable == NULL)
    return G_SOURCE_REMOVE;

  g_object_freeze_notify (G_OBJECT (self));
  if (g_strcmp0 (self->sync_doctype, progress->doctype) != 0)
    {
      g_free (self->sync_doctype);
      self->sync_doctype = g_strdup (progress->doctype);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_DOCTYPE]);
    }
  if (self->sync_done != progress->done)
    {
      self->sync_done = progress->done;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_DONE]);
    }
  if (self->sync_total != progress->total)
    {
      self->sync_total = progress->total;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_TOTAL]);
    }
  set_state (self, OPS_CONNECTION_SYNCING);
  g_object_thaw_notify (G_OBJECT (self));

  return G_SOURCE_REMOVE;
}

static void
on_sync_progress (const char *doctype,
                  guint       done,
                  guint       total,
                  gpointer    user_data)
{
  OpsServiceLayer *self = user_data;
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (self);
  progress->doctype = g_strdup (doctype);
  progress->done = done;
  progress->total = total;
  ops_main_context_dispatch (self->context, progress_in_main, progress, progress_free);
}

static void
sync_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpsServiceLayer *self = source_object;
  GError *error = NULL;

  if (ops_sync_run (self->sync, on_sync_progress, self, NULL, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
sync_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  OpsServiceLayer *self = OPS_SERVICE_LAYER (object);
  g_autoptr(GError) error = NULL;
  const GError *first;

  g_clear_object (&self->sync_cancellable);

  g_object_freeze_notify (G_OBJECT (self));
  g_clear_pointer (&self->sync_doctype, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNC_DOCTYPE]);

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);

      self->last_sync = g_get_real_time () / G_USEC_PER_SEC;
      ops_store_set_meta (self->store, LAST_SYNC_META, now, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
      set_last_error (self, NULL);
      set_state (self, OPS_CONNECTION_ONLINE);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, OPS_CONNECTION_ONLINE);
  else
    {
      first = ops_sync_get_first_error (self->sync);
      g_debug ("sync failed: %s", error->message);
      set_last_error (self, error->message);
      set_state (self, state_for_error (first ? first : error));
    }
  g_object_thaw_notify (G_OBJECT (self));

  ops_event_bus_publish (self->bus, "sync", NULL);
  /* Fresh data may release a row that waited for its document. */
  if (self->worker != NULL)
    ops_outbox_worker_wake (self->worker);
  refresh_counts (self);
}

void
ops_service_layer_sync_now (OpsServiceLayer *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (OPS_IS_SERVICE_LAYER (self));

  if (self->sync == NULL || self->sync_cancellable != NULL)
    return;

  self->sync_cancellable = g_cancellable_new ();
  set_state (self, OPS_CONNECTION_SYNCING);

  task = g_task_new (self, self->sync_cancellable, sync_done_cb, NULL);
  g_task_set_source_tag (task, ops_service_layer_sync_now);
  g_task_run_in_thread (task, sync_thread);
}

void
ops_service_layer_cancel_sync (OpsServiceLayer *self)
{
  g_return_if_fail (OPS_IS_SERVICE_LAYER (self));

  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
}

static gboolean
on_sync_interval (gpointer user_data)
{
  ops_service_layer_sync_now (OPS_SERVICE_LAYER (user_data));
  return G_SOURCE_CONTINUE;
}

void
ops_service_layer_start (OpsServiceLayer *self,
                         guint            interval_seconds)
{
  g_return_if_fail (OPS_IS_SERVICE_LAYER (self));

  ops_sms_sender_start (self->sms);
  if (self->demo)
    return;

  ops_outbox_worker_start (self->worker);
  ops_service_layer_sync_now (self);
  if (self->hub != NULL)
    ops_hub_client_start (self->hub);
  if (interval_seconds > 0 && self->sync_source == 0)
    self->sync_source = g_timeout_add_seconds (interval_seconds, on_sync_interval, self);
}

void
ops_service_layer_stop (OpsServiceLayer *self)
{
  g_return_if_fail (OPS_IS_SERVICE_LAYER (self));

  g_clear_handle_id (&self->sync_source, g_source_remove);
  ops_service_layer_cancel_sync (self);
  /* Wait for the cancelled sync's thread to hand back: it holds a store
   * connection that must be closed before the process goes. */
  while (self->sync_cancellable != NULL)
    g_main_context_iteration (self->context, TRUE);
  if (self->worker != NULL)
    ops_outbox_worker_stop (self->worker);
  if (self->hub != NULL)
    ops_hub_client_stop (self->hub);
  if (self->sms != NULL)
    ops_sms_sender_stop (self->sms);
}

void
ops_service_layer_wake_outbox (OpsServiceLayer *self)
{
  g_return_if_fail (OPS_IS_SERVICE_LAYER (self));

  refresh_counts (self);
  if (self->worker != NULL)
    ops_outbox_worker_wake (self->worker);
  if (self->sms != NULL)
    ops_sms_sender_wake (self->sms);
}

/*
 * GObject
 */

static void
ops_service_layer_dispose (GObject *object)
{
  OpsServiceLayer *self = OPS_SERVICE_LAYER (object);

  ops_service_layer_stop (self);
  if (self->bus != NULL && self->bus_handler != 0)
    g_clear_signal_handler (&self->bus_handler, self->bus);

  G_OBJECT_CLASS (ops_service_layer_parent_class)->dispose (object);
}

static void
ops_service_layer_finalize (GObject *object)
{
  OpsServiceLayer *self = OPS_SERVICE_LAYER (object);

  g_clear_object (&self->worker);
  g_clear_object (&self->sync);
  g_clear_object (&self->client);
  g_clear_object (&self->devices);
  g_clear_object (&self->hub);
  g_clear_object (&self->hub_events);
  g_clear_object (&self->hub_bus);
  g_clear_object (&self->sms);
  g_clear_object (&self->vision);
  g_clear_object (&self->bus);
  g_clear_object (&self->store);
  g_clear_object (&self->config);
  g_clear_object (&self->sync_cancellable);
  g_main_context_unref (self->context);
  g_free (self->sync_doctype);
  g_free (self->last_error);

  G_OBJECT_CLASS (ops_service_layer_parent_class)->finalize (object);
}

static void
ops_service_layer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  OpsServiceLayer *self = OPS_SERVICE_LAYER (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_PENDING_WRITES:
      g_value_set_int64 (value, self->pending_writes);
      break;
    case PROP_FAILED_WRITES:
      g_value_set_int64 (value, self->failed_writes);
      break;
    case PROP_SYNC_DOCTYPE:
      g_value_set_string (value, self->sync_doctype);
      break;
    case PROP_SYNC_DONE:
      g_value_set_uint (value, self->sync_done);
      break;
    case PROP_SYNC_TOTAL:
      g_value_set_uint (value, self->sync_total);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_service_layer_class_init (OpsServiceLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_service_layer_dispose;
  object_class->finalize = ops_service_layer_finalize;
  object_class->get_property = ops_service_layer_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, OPS_TYPE_CONNECTION_STATE, OPS_CONNECTION_DEMO,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PENDING_WRITES] =
    g_param_spec_int64 ("pending-writes", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FAILED_WRITES] =
    g_param_spec_int64 ("failed-writes", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_DOCTYPE] =
    g_param_spec_string ("sync-doctype", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_DONE] =
    g_param_spec_uint ("sync-done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SYNC_TOTAL] =
    g_param_spec_uint ("sync-total", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_SYNC] =
    g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ops_service_layer_init (OpsServiceLayer *self)
{
  self->context = g_main_context_ref_thread_default ();
}

OpsServiceLayer *
ops_service_layer_new (OpsConfig  *config,
                       OpsStore   *store,
                       gboolean    demo,
                       GError    **error)
{
  g_autoptr(OpsServiceLayer) self = NULL;
  g_autofree char *last_sync = NULL;

  g_return_val_if_fail (OPS_IS_CONFIG (config), NULL);
  g_return_val_if_fail (OPS_IS_STORE (store), NULL);

  self = g_object_new (OPS_TYPE_SERVICE_LAYER, NULL);
  self->config = g_object_ref (config);
  self->store = g_object_ref (store);
  self->bus = ops_event_bus_new ();
  self->demo = demo;
  self->state = demo ? OPS_CONNECTION_DEMO : OPS_CONNECTION_CONNECTING;

  self->bus_handler = g_signal_connect_object (self->bus, "event", G_CALLBACK (on_bus_event_cb),
                                               self, G_CONNECT_SWAPPED);

  if (!(self->devices = ops_device_service_new (config, ops_store_get_path (store), demo, error)))
    return NULL;

  if (!demo)
    {
      const char *url = ops_config_get_string (config, "erpnext", "url");
      const char *key = ops_config_get_string (config, "erpnext", "api_key");
      const char *secret = ops_config_get_string (config, "erpnext", "api_secret");
      const char *ca_file = ops_config_get_string (config, "erpnext", "ca_file");
      g_autoptr(OpsErpnextClient) writer = NULL;
      OpsRetryPolicy once;

      if (!(self->client = ops_erpnext_client_new (url, key, secret, ca_file, error)))
        return NULL;
      self->sync = ops_sync_new (self->client, ops_store_get_path (store), self->bus);

      /* The worker retries with its own back-off and must see a dropped
       * connection itself, to look an insert up before sending it again. */
      if (!(writer = ops_erpnext_client_new (url, key, secret, ca_file, error)))
        return NULL;
      ops_retry_policy_init_default (&once);
      once.max_attempts = 1;
      ops_erpnext_client_set_retry (writer, &once);
      if (!(self->worker = ops_outbox_worker_new (writer, ops_store_get_path (store), self->bus, error)))
        return NULL;
      ops_outbox_worker_set_callback (self->worker, on_delivery, self);
    }

  if (!demo && ops_config_has_service (config, "hub"))
    {
      static const char *const topics[] = { "dispatch", "conversations", "outbox", "payments", NULL };

      /* The hub's events reach the pages through the applier, which
       * records them first; what this console publishes never goes back
       * through it. */
      self->hub_bus = ops_event_bus_new ();
      if (!(self->hub = ops_hub_client_new (ops_config_get_string (config, "hub", "url"),
                                            ops_config_get_string (config, "hub", "token"),
                                            self->hub_bus, error)))
        return NULL;
      ops_hub_client_set_topics (self->hub, topics);
      self->hub_events = ops_hub_events_new (store, self->hub_bus, self->bus);
      g_signal_connect_object (self->hub, "notify::state", G_CALLBACK (on_hub_state_cb), self,
                               G_CONNECT_SWAPPED);
    }
  self->sms = ops_sms_sender_new (store, self->bus, config, demo);
  {
    g_autoptr(OpsGeminiClient) gemini = ops_gemini_client_new_from_config (config, NULL);

    self->vision = ops_vision_service_new (gemini, store, self->bus);
  }

  last_sync = ops_store_get_meta (store, LAST_SYNC_META);
  if (last_sync != NULL)
    self->last_sync = g_ascii_strtoll (last_sync, NULL, 10);
  refresh_counts (self);

  return g_steal_pointer (&self);
}

OpsStore *
ops_service_layer_get_store (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), NULL);
  return self->store;
}

OpsEventBus *
ops_service_layer_get_bus (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), NULL);
  return self->bus;
}

OpsConfig *
ops_service_layer_get_config (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), NULL);
  return self->config;
}

gboolean
ops_service_layer_is_demo (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), TRUE);
  return self->demo;
}

OpsDeviceService *
ops_service_layer_get_devices (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), NULL);
  return self->devices;
}

OpsHubClient *
ops_service_layer_get_hub (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), NULL);
  return self->hub;
}

OpsSmsSender *
ops_service_layer_get_sms_sender (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), NULL);
  return self->sms;
}

OpsVisionService *
ops_service_layer_get_vision (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), NULL);
  return self->vision;
}

OpsConnectionState
ops_service_layer_get_state (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), OPS_CONNECTION_DEMO);
  return self->state;
}

gint64
ops_service_layer_get_pending_writes (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), 0);
  return self->pending_writes;
}

gint64
ops_service_layer_get_failed_writes (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), 0);
  return self->failed_writes;
}

const char *
ops_service_layer_get_last_error (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), NULL);
  return self->last_error;
}

gint64
ops_service_layer_get_last_sync (OpsServiceLayer *self)
{
  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (self), 0);
  return self->last_sync;
}
