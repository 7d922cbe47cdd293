/* ops-undo-stack.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The undo/redo stack of dispatch changes.  Each entry keeps the change
 * and its inverse, so what undo () and redo () return stays valid while
 * the entry is on either side.
 */

#define G_LOG_DOMAIN "ops-undo-stack"

#include "config.h"

#include "ops-dispatch-change.h"

typedef struct
{
  OpsDispatchChange *change;
  OpsDispatchChange *inverse;
} Entry;

struct _OpsUndoStack
{
  guint   limit;  /* 0 = no limit */
  GQueue  undo;   /* Entry*, most recent at the head */
  GQueue  redo;   /* Entry*, next to redo at the head */
};

static void
entry_free (Entry *entry)
{
  ops_dispatch_change_free (entry->change);
  ops_dispatch_change_free (entry->inverse);
  g_free (entry);
}

OpsUndoStack *
ops_undo_stack_new (guint limit)
{
  OpsUndoStack *self = g_new0 (OpsUndoStack, 1);

  self->limit = limit;
  g_queue_init (&self->undo);
  g_queue_init (&self->redo);

  return self;
}

void
ops_undo_stack_free (OpsUndoStack *self)
{
  if (self == NULL)
    return;

  g_queue_clear_full (&self->undo, (GDestroyNotify) entry_free);
  g_queue_clear_full (&self->redo, (GDestroyNotify) entry_free);
  g_free (self);
}

void
ops_undo_stack_push (OpsUndoStack      *self,
                     OpsDispatchChange *change)
{
  Entry *entry;

  g_return_if_fail (self != NULL);
  g_return_if_fail (change != NULL);

  g_queue_clear_full (&self->redo, (GDestroyNotify) entry_free);

  entry = g_new0 (Entry, 1);
  entry->change = change;
  entry->inverse = ops_dispatch_change_invert (change);
  g_queue_push_head (&self->undo, entry);

  while (self->limit > 0 && self->undo.length > self->limit)
    entry_free (g_queue_pop_tail (&self->undo));
}

gboolean
ops_undo_stack_can_undo (OpsUndoStack *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return !g_queue_is_empty (&self->undo);
}

gboolean
ops_undo_stack_can_redo (OpsUndoStack *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return !g_queue_is_empty (&self->redo);
}

const OpsDispatchChange *
ops_undo_stack_undo (OpsUndoStack *self)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  entry = g_queue_pop_head (&self->undo);
  if (entry == NULL)
    return NULL;

  g_queue_push_head (&self->redo, entry);

  return entry->inverse;
}

const OpsDispatchChange *
ops_undo_stack_redo (OpsUndoStack *self)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  entry = g_queue_pop_head (&self->redo);
  if (entry == NULL)
    return NULL;

  g_queue_push_head (&self->undo, entry);

  return entry->change;
}

const char *
ops_undo_stack_undo_label (OpsUndoStack *self)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  entry = g_queue_peek_head (&self->undo);

  return entry != NULL ? entry->change->summary : NULL;
}

const char *
ops_undo_stack_redo_label (OpsUndoStack *self)
{
  Entry *entry;

  g_return_val_if_fail (self != NULL, NULL);

  entry = g_queue_peek_head (&self->redo);

  return entry != NULL ? entry->change->summary : NULL;
}
