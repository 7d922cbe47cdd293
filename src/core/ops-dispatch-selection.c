/* ops-dispatch-selection.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-dispatch-selection"

#include "config.h"

#include "ops-dispatch-selection.h"

struct _OpsDispatchSelection
{
  GObject  parent_instance;

  char    *job;
  char    *technician;
};

G_DEFINE_FINAL_TYPE (OpsDispatchSelection, ops_dispatch_selection, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_JOB,
  PROP_TECHNICIAN,
  N_PROPS
};

enum
{
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
ops_dispatch_selection_finalize (GObject *object)
{
  OpsDispatchSelection *self = OPS_DISPATCH_SELECTION (object);

  g_clear_pointer (&self->job, g_free);
  g_clear_pointer (&self->technician, g_free);

  G_OBJECT_CLASS (ops_dispatch_selection_parent_class)->finalize (object);
}

static void
ops_dispatch_selection_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  OpsDispatchSelection *self = OPS_DISPATCH_SELECTION (object);

  switch (prop_id)
    {
    case PROP_JOB:
      g_value_set_string (value, self->job);
      break;
    case PROP_TECHNICIAN:
      g_value_set_string (value, self->technician);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_dispatch_selection_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  OpsDispatchSelection *self = OPS_DISPATCH_SELECTION (object);

  switch (prop_id)
    {
    case PROP_JOB:
      ops_dispatch_selection_set (self, g_value_get_string (value), self->technician);
      break;
    case PROP_TECHNICIAN:
      ops_dispatch_selection_set (self, self->job, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_dispatch_selection_class_init (OpsDispatchSelectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ops_dispatch_selection_finalize;
  object_class->get_property = ops_dispatch_selection_get_property;
  object_class->set_property = ops_dispatch_selection_set_property;

  properties[PROP_JOB] =
    g_param_spec_string ("job", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TECHNICIAN] =
    g_param_spec_string ("technician", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ops_dispatch_selection_init (OpsDispatchSelection *self)
{
}

OpsDispatchSelection *
ops_dispatch_selection_new (void)
{
  return g_object_new (OPS_TYPE_DISPATCH_SELECTION, NULL);
}

const char *
ops_dispatch_selection_get_job (OpsDispatchSelection *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_SELECTION (self), NULL);

  return self->job;
}

const char *
ops_dispatch_selection_get_technician (OpsDispatchSelection *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_SELECTION (self), NULL);

  return self->technician;
}

void
ops_dispatch_selection_set (OpsDispatchSelection *self,
                            const char           *job,
                            const char           *technician)
{
  gboolean changed = FALSE;

  g_return_if_fail (OPS_IS_DISPATCH_SELECTION (self));

  g_object_freeze_notify (G_OBJECT (self));

  if (g_strcmp0 (self->job, job) != 0)
    {
      /* job may point into self->job (set_property): copy before freeing. */
      char *copy = g_strdup (job);

      g_free (self->job);
      self->job = copy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOB]);
      changed = TRUE;
    }

  if (g_strcmp0 (self->technician, technician) != 0)
    {
      char *copy = g_strdup (technician);

      g_free (self->technician);
      self->technician = copy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TECHNICIAN]);
      changed = TRUE;
    }

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    g_signal_emit (self, signals[CHANGED], 0);
}
