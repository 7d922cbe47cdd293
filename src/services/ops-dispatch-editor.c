/* ops-dispatch-editor.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-dispatch-editor"

#include "config.h"

#include "ops-dispatch-editor.h"

#define UNDO_LIMIT 100

struct _OpsDispatchEditor
{
  GObject          parent_instance;

  OpsServiceLayer *services;   /* may be NULL (tests) */
  OpsStore        *store;
  OpsEventBus     *bus;        /* may be NULL */
  OpsUndoStack    *stack;

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
}

OpsDispatchEditor *
ops_dispatch_editor_new (OpsServiceLayer *services)
{
  OpsDispatchEditor *self;

  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), NULL);

  self = ops_dispatch_editor_new_for_store (ops_service_layer_get_store (services),
                                            ops_service_layer_get_bus (services));
  self->services = g_object_ref (services);
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
