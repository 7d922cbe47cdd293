/* ops-dispatch-editor.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-dispatch-editor"

#include "config.h"

#include <string.h>

#include "ops-dispatch-editor.h"
#include "ops-http.h"
#include "ops-hub-events.h"
#include "ops-store-dispatch.h"

#define UNDO_LIMIT 100
#define HUB_TIMEOUT_SECONDS 10

struct _OpsDispatchEditor
{
  GObject          parent_instance;

  OpsServiceLayer *services;   /* may be NULL (tests) */
  OpsStore        *store;
  OpsEventBus     *bus;        /* may be NULL */
  OpsUndoStack    *stack;

  /* The hub's /broadcast; NULL when there is none. */
  char            *hub_url;     /* without a trailing '/' */
  char            *hub_token;
  SoupSession     *session;
  GCancellable    *cancellable;

  /* What the properties said last, to notify only on change. */
  gboolean         can_undo;
  gboolean         can_redo;
  char            *undo_label;
  char            *redo_label;
};

G_DEFINE_FINAL_TYPE (OpsDispatchEditor, ops_dispatch_editor, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_LABEL,
  PROP_REDO_LABEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ops_dispatch_editor_finalize (GObject *object)
{
  OpsDispatchEditor *self = OPS_DISPATCH_EDITOR (object);

  ops_undo_stack_free (self->stack);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_free (self->hub_url);
  g_free (self->hub_token);
  g_clear_object (&self->services);
  g_clear_object (&self->store);
  g_clear_object (&self->bus);
  g_free (self->undo_label);
  g_free (self->redo_label);

  G_OBJECT_CLASS (ops_dispatch_editor_parent_class)->finalize (object);
}

static void
ops_dispatch_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OpsDispatchEditor *self = OPS_DISPATCH_EDITOR (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    case PROP_UNDO_LABEL:
      g_value_set_string (value, self->undo_label);
      break;
    case PROP_REDO_LABEL:
      g_value_set_string (value, self->redo_label);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_dispatch_editor_class_init (OpsDispatchEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ops_dispatch_editor_finalize;
  object_class->get_property = ops_dispatch_editor_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_LABEL] =
    g_param_spec_string ("undo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_LABEL] =
    g_param_spec_string ("redo-label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ops_dispatch_editor_init (OpsDispatchEditor *self)
{
  self->stack = ops_undo_stack_new (UNDO_LIMIT);
  self->cancellable = g_cancellable_new ();
}

OpsDispatchEditor *
ops_dispatch_editor_new (OpsServiceLayer *services)
{
  OpsDispatchEditor *self;

  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  self = ops_dispatch_editor_new_for_store (ops_service_layer_get_store (services),
                                            ops_service_layer_get_bus (services));
  self->services = g_object_ref (services);
  /* Only a console that follows the hub (not the demo) tells it. */
  if (ops_service_layer_get_hub (services) != NULL)
    {
      OpsConfig *config = ops_service_layer_get_config (services);

      ops_dispatch_editor_set_hub (self, ops_config_get_string (config, "hub", "url"),
                                   ops_config_get_string (config, "hub", "token"));
    }
  return self;
}

OpsDispatchEditor *
ops_dispatch_editor_new_for_store (OpsStore    *store,
                                   OpsEventBus *bus)
{
  OpsDispatchEditor *self;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (bus == NULL || OPS_IS_EVENT_BUS (bus), NULL);

  self = g_object_new (OPS_TYPE_DISPATCH_EDITOR, NULL);
  self->store = g_object_ref (store);
  self->bus = bus != NULL ? g_object_ref (bus) : NULL;
  return self;
}

OpsStore *
ops_dispatch_editor_get_store (OpsDispatchEditor *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_EDITOR (self), NULL);

  return self->store;
}

void
ops_dispatch_editor_set_hub (OpsDispatchEditor *self,
                             const char        *url,
                             const char        *token)
{
  g_return_if_fail (OPS_IS_DISPATCH_EDITOR (self));

  g_clear_pointer (&self->hub_url, g_free);
  g_clear_pointer (&self->hub_token, g_free);
  if (url == NULL || *url == '\0')
    return;

  if (self->session == NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!(self->session = ops_http_session_new (NULL, HUB_TIMEOUT_SECONDS, &error)))
        {
          g_debug ("Dispatch changes will not be broadcast: %s", error->message);
          return;
        }
    }
  self->hub_url = g_strdup (url);
  while (g_str_has_suffix (self->hub_url, "/"))
    self->hub_url[strlen (self->hub_url) - 1] = '\0';
  self->hub_token = g_strdup (token);
}

static void
on_broadcast_sent_cb (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autofree char *job = user_data;
  g_autoptr(OpsHttpResponse) response = NULL;
  g_autoptr(GError) error = NULL;

  /* Other consoles get the change with their next sync anyway. */
  if (!(response = ops_http_send_finish (result, &error)))
    g_debug ("The change of %s could not be broadcast: %s", job, error->message);
  else if (!SOUP_STATUS_IS_SUCCESSFUL (response->status))
    g_debug ("The hub refused the change of %s: HTTP %u", job, response->status);
  else
    g_debug ("The change of %s was broadcast", job);
}

/* The job as it is now in the store, for the other consoles. */
static JsonNode *
placement_event (const OpsDispatchJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *start = NULL;

  if (job->start != 0)
    {
      g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (job->start);

      start = local != NULL ? g_date_time_format (local, "%H:%M") : NULL;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "topic");
  json_builder_add_string_value (builder, "dispatch");
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, "job.changed");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "job");
  json_builder_add_string_value (builder, job->name);
  json_builder_set_member_name (builder, "technician");
  if (job->technician != NULL)
    json_builder_add_string_value (builder, job->technician);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "scheduled_date");
  if (job->scheduled_date != NULL)
    json_builder_add_string_value (builder, job->scheduled_date);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "start_time");
  if (start != NULL)
    json_builder_add_string_value (builder, start);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "duration_min");
  json_builder_add_int_value (builder, job->duration_min);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, ops_job_status_to_string (job->status));
  json_builder_set_member_name (builder, "origin");
  json_builder_add_string_value (builder, ops_hub_events_get_origin ());
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Tells the other consoles through the hub, without waiting. */
static void
broadcast (OpsDispatchEditor *self,
           const char        *name)
{
  g_autoptr(OpsDispatchJob) job = NULL;
  g_autoptr(OpsHttpRequest) request = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *authorization = NULL;
  OpsRetryPolicy once;

  if (self->hub_url == NULL)
    return;
  if (!(job = ops_store_get_job (self->store, name, &error)))
    {
      g_debug ("The change of %s is not broadcast: %s", name, error->message);
      return;
    }

  body = placement_event (job);
  uri = g_strconcat (self->hub_url, "/broadcast", NULL);
  request = ops_http_request_new ("POST", uri);
  if (self->hub_token != NULL)
    {
      authorization = g_strconcat ("Bearer ", self->hub_token, NULL);
      ops_http_request_set_header (request, "Authorization", authorization);
    }
  ops_http_request_set_json_body (request, body);
  ops_http_request_set_max_body (request, 64 * 1024);
  ops_retry_policy_init_default (&once);
  once.max_attempts = 1;
  ops_http_request_set_retry (request, &once);
  ops_http_send_async (self->session, request, self->cancellable, on_broadcast_sent_cb, g_strdup (name));
}

static void
sync_properties (OpsDispatchEditor *self)
{
  gboolean can_undo = ops_undo_stack_can_undo (self->stack);
  gboolean can_redo = ops_undo_stack_can_redo (self->stack);
  const char *undo_label = ops_undo_stack_undo_label (self->stack);
  const char *redo_label = ops_undo_stack_redo_label (self->stack);

  g_object_freeze_notify (G_OBJECT (self));
  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
  if (g_strcmp0 (undo_label, self->undo_label) != 0)
    {
      g_free (self->undo_label);
      self->undo_label = g_strdup (undo_label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_LABEL]);
    }
  if (g_strcmp0 (redo_label, self->redo_label) != 0)
    {
      g_free (self->redo_label);
      self->redo_label = g_strdup (redo_label);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_LABEL]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* Tells the board, the other windows and the outbox worker. */
static void
announce (OpsDispatchEditor       *self,
          const OpsDispatchChange *change,
          const char              *action)
{
  if (self->bus != NULL)
    {
      g_autoptr(JsonObject) data = json_object_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

      json_object_set_string_member (data, "job", change->job);
      json_object_set_string_member (data, "action", action);
      if (change->summary != NULL)
        json_object_set_string_member (data, "summary", change->summary);
      json_node_set_object (node, data);
      ops_event_bus_publish (self->bus, "dispatch", node);
    }
  if (self->services != NULL)
    ops_service_layer_wake_outbox (self->services);
  broadcast (self, change->job);
}

gboolean
ops_dispatch_editor_apply (OpsDispatchEditor        *self,
                           const OpsDispatchChange  *change,
                           gboolean                  force,
                           GError                  **error)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_EDITOR (self), FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  if (!ops_dispatch_apply (self->store, change, force, error))
    return FALSE;

  g_debug ("Applied: %s", change->summary ? change->summary : change->job);
  ops_undo_stack_push (self->stack, ops_dispatch_change_copy (change));
  announce (self, change, "change");
  sync_properties (self);
  return TRUE;
}

gboolean
ops_dispatch_editor_undo (OpsDispatchEditor  *self,
                          GError            **error)
{
  const OpsDispatchChange *change;

  g_return_val_if_fail (OPS_IS_DISPATCH_EDITOR (self), FALSE);

  change = ops_undo_stack_undo (self->stack);
  if (change == NULL)
    return TRUE;

  if (!ops_dispatch_apply (self->store, change, FALSE, error))
    {
      /* Put it back: the stacks stay as they were. */
      ops_undo_stack_redo (self->stack);
      return FALSE;
    }

  announce (self, change, "undo");
  sync_properties (self);
  return TRUE;
}

gboolean
ops_dispatch_editor_redo (OpsDispatchEditor  *self,
                          GError            **error)
{
  const OpsDispatchChange *change;

  g_return_val_if_fail (OPS_IS_DISPATCH_EDITOR (self), FALSE);

  change = ops_undo_stack_redo (self->stack);
  if (change == NULL)
    return TRUE;

  if (!ops_dispatch_apply (self->store, change, FALSE, error))
    {
      ops_undo_stack_undo (self->stack);
      return FALSE;
    }

  announce (self, change, "redo");
  sync_properties (self);
  return TRUE;
}

gboolean
ops_dispatch_editor_can_undo (OpsDispatchEditor *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_EDITOR (self), FALSE);

  return ops_undo_stack_can_undo (self->stack);
}

gboolean
ops_dispatch_editor_can_redo (OpsDispatchEditor *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_EDITOR (self), FALSE);

  return ops_undo_stack_can_redo (self->stack);
}
