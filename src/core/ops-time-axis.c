/* ops-time-axis.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-time-axis"

#include "config.h"

#include <math.h>

#include "ops-dispatch-types.h"
#include "ops-time-axis.h"

#define DAY_SECONDS   (24 * 3600)
#define SHOW_DAY_FROM 6
#define SHOW_DAY_TO   20
#define DEFAULT_WIDTH 1000.0

struct _OpsTimeAxis
{
  GObject parent_instance;

  gint64  begin;
  gint64  end;
  double  width;
};

G_DEFINE_FINAL_TYPE (OpsTimeAxis, ops_time_axis, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_BEGIN,
  PROP_END,
  PROP_WIDTH,
  N_PROPS
};

enum
{
  RANGE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/*
 * Local time
 */

/* Seconds east of UTC of the local zone at t. */
static gint64
local_offset (gint64 t)
{
  g_autoptr(GTimeZone) tz = g_time_zone_ref (ops_dispatch_local_zone ());
  int interval = g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, t);

  if (interval < 0)
    return 0;

  return g_time_zone_get_offset (tz, interval);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  gint64 q = a / b;

  if ((a % b != 0) && ((a < 0) != (b < 0)))
    q--;

  return q;
}

/* The first instant in (lo, hi] whose offset differs from lo's; the local
 * offset at lo and at hi must differ. */
static gint64
find_transition (gint64 lo,
                 gint64 hi)
{
  gint64 offset = local_offset (lo);

  while (hi - lo > 1)
    {
      gint64 mid = lo + (hi - lo) / 2;

      if (local_offset (mid) == offset)
        lo = mid;
      else
        hi = mid;
    }

  return hi;
}

/* The first instant >= t whose wall-clock reading is a multiple of step.
 * Across a change of offset (DST) the multiples are taken on the clock of
 * each side, so an hour ruler reads 01:00, 03:00 on a spring-forward night
 * and 01:00, 01:00, 02:00 on a fall-back one. */
static gint64
tick_at_or_after (gint64 t,
                  gint64 step)
{
  for (guint i = 0; i < 4; i++)
    {
      gint64 offset = local_offset (t);
      gint64 wall = t + offset;
      gint64 tick = (floor_div (wall + step - 1, step)) * step - offset;

      if (local_offset (tick) == offset)
        return tick;

      /* The offset changes between t and tick: look again after the change. */
      t = find_transition (t, tick);
    }

  return t;
}

/* The last instant <= t whose wall-clock reading is a multiple of step. */
static gint64
tick_at_or_before (gint64 t,
                   gint64 step)
{
  for (guint i = 0; i < 4; i++)
    {
      gint64 offset = local_offset (t);
      gint64 wall = t + offset;
      gint64 tick = floor_div (wall, step) * step - offset;

      if (local_offset (tick) == offset)
        return tick;

      /* The offset changes between tick and t: look again before the change. */
      t = find_transition (tick, t) - 1;
    }

  return t;
}

gint64
ops_time_axis_first_tick (gint64 t,
                          gint64 step)
{
  g_return_val_if_fail (step > 0, t);

  return tick_at_or_after (t, step);
}

gint64
ops_snap_time (gint64 t,
               gint64 step)
{
  gint64 up, down;

  g_return_val_if_fail (step > 0, t);

  up = tick_at_or_after (t, step);
  if (up == t)
    return t;

  down = tick_at_or_before (t, step);

  return (t - down < up - t) ? down : up;
}

/*
 * Ticks
 */

static const gint64 tick_steps[] = {
  15 * 60, 30 * 60, 3600, 2 * 3600, 3 * 3600, 6 * 3600, 12 * 3600, DAY_SECONDS,
};

/* The minor step under each major one: quarter hours under an hour, hours
 * under three or six hours, and so on. */
static gint64
minor_step_for (gint64 major)
{
  switch (major)
    {
    case 15 * 60:    return 15 * 60;
    case 30 * 60:    return 15 * 60;
    case 3600:       return 15 * 60;
    case 2 * 3600:   return 30 * 60;
    case 3 * 3600:   return 3600;
    case 6 * 3600:   return 3600;
    case 12 * 3600:  return 3 * 3600;
    default:         return 6 * 3600;
    }
}

/* A minor tick closer than this many pixels is not drawn (minor = major). */
#define MIN_MINOR_PX 6.0

void
ops_time_axis_ticks (gint64  span,
                     double  width,
                     double  min_label_px,
                     gint64 *major,
                     gint64 *minor)
{
  gint64 chosen = tick_steps[G_N_ELEMENTS (tick_steps) - 1];
  gint64 sub;
  double px_per_second;

  g_return_if_fail (major != NULL && minor != NULL);

  if (span <= 0 || width <= 0)
    {
      *major = chosen;
      *minor = minor_step_for (chosen);
      return;
    }

  px_per_second = width / (double) span;

  for (guint i = 0; i < G_N_ELEMENTS (tick_steps); i++)
    {
      if (tick_steps[i] * px_per_second >= min_label_px)
        {
          chosen = tick_steps[i];
          break;
        }
    }

  sub = minor_step_for (chosen);
  if (sub * px_per_second < MIN_MINOR_PX)
    sub = chosen;

  *major = chosen;
  *minor = sub;
}

/*
 * The axis
 */

static void
clamp_span (gint64 *begin,
            gint64 *end)
{
  gint64 span = *end - *begin;

  if (span < OPS_TIME_AXIS_MIN_SPAN)
    *end = *begin + OPS_TIME_AXIS_MIN_SPAN;
  else if (span > OPS_TIME_AXIS_MAX_SPAN)
    *end = *begin + OPS_TIME_AXIS_MAX_SPAN;
}

static void
update (OpsTimeAxis *self,
        gint64       begin,
        gint64       end,
        double       width)
{
  gboolean changed = FALSE;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->begin != begin)
    {
      self->begin = begin;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BEGIN]);
      changed = TRUE;
    }

  if (self->end != end)
    {
      self->end = end;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_END]);
      changed = TRUE;
    }

  if (self->width != width)
    {
      self->width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WIDTH]);
      changed = TRUE;
    }

  g_object_thaw_notify (G_OBJECT (self));

  if (changed)
    g_signal_emit (self, signals[RANGE_CHANGED], 0);
}

static void
ops_time_axis_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  OpsTimeAxis *self = OPS_TIME_AXIS (object);

  switch (prop_id)
    {
    case PROP_BEGIN:
      g_value_set_int64 (value, self->begin);
      break;
    case PROP_END:
      g_value_set_int64 (value, self->end);
      break;
    case PROP_WIDTH:
      g_value_set_double (value, self->width);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_time_axis_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  OpsTimeAxis *self = OPS_TIME_AXIS (object);

  switch (prop_id)
    {
    case PROP_BEGIN:
      ops_time_axis_set_range (self, g_value_get_int64 (value),
                               g_value_get_int64 (value) + ops_time_axis_get_span (self));
      break;
    case PROP_END:
      ops_time_axis_set_range (self, self->begin, g_value_get_int64 (value));
      break;
    case PROP_WIDTH:
      ops_time_axis_set_width (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_time_axis_class_init (OpsTimeAxisClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = ops_time_axis_get_property;
  object_class->set_property = ops_time_axis_set_property;

  /* Setting "begin" keeps the span; setting "end" keeps begin. */
  properties[PROP_BEGIN] =
    g_param_spec_int64 ("begin", NULL, NULL,
                        G_MININT64 / 2, G_MAXINT64 / 2, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_END] =
    g_param_spec_int64 ("end", NULL, NULL,
                        G_MININT64 / 2, G_MAXINT64 / 2, OPS_TIME_AXIS_MIN_SPAN,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WIDTH] =
    g_param_spec_double ("width", NULL, NULL,
                         1.0, G_MAXDOUBLE, DEFAULT_WIDTH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RANGE_CHANGED] =
    g_signal_new ("range-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
ops_time_axis_init (OpsTimeAxis *self)
{
  self->begin = 0;
  self->end = OPS_TIME_AXIS_MIN_SPAN;
  self->width = DEFAULT_WIDTH;
}

OpsTimeAxis *
ops_time_axis_new (gint64 begin,
                   gint64 end)
{
  OpsTimeAxis *self = g_object_new (OPS_TYPE_TIME_AXIS, NULL);

  clamp_span (&begin, &end);
  self->begin = begin;
  self->end = end;

  return self;
}

gint64
ops_time_axis_get_begin (OpsTimeAxis *self)
{
  g_return_val_if_fail (OPS_IS_TIME_AXIS (self), 0);

  return self->begin;
}

gint64
ops_time_axis_get_end (OpsTimeAxis *self)
{
  g_return_val_if_fail (OPS_IS_TIME_AXIS (self), 0);

  return self->end;
}

gint64
ops_time_axis_get_span (OpsTimeAxis *self)
{
  g_return_val_if_fail (OPS_IS_TIME_AXIS (self), 0);

  return self->end - self->begin;
}

void
ops_time_axis_set_range (OpsTimeAxis *self,
                         gint64       begin,
                         gint64       end)
{
  g_return_if_fail (OPS_IS_TIME_AXIS (self));

  clamp_span (&begin, &end);
  update (self, begin, end, self->width);
}

void
ops_time_axis_set_width (OpsTimeAxis *self,
                         double       width)
{
  g_return_if_fail (OPS_IS_TIME_AXIS (self));

  update (self, self->begin, self->end, MAX (width, 1.0));
}

double
ops_time_axis_get_width (OpsTimeAxis *self)
{
  g_return_val_if_fail (OPS_IS_TIME_AXIS (self), 0);

  return self->width;
}

double
ops_time_axis_time_to_x (OpsTimeAxis *self,
                         gint64       t)
{
  g_return_val_if_fail (OPS_IS_TIME_AXIS (self), 0);

  return (double) (t - self->begin) * self->width / (double) (self->end - self->begin);
}

gint64
ops_time_axis_x_to_time (OpsTimeAxis *self,
                         double       x)
{
  g_return_val_if_fail (OPS_IS_TIME_AXIS (self), 0);

  return self->begin + (gint64) llround (x * (double) (self->end - self->begin) / self->width);
}

double
ops_time_axis_scale (OpsTimeAxis *self)
{
  g_return_val_if_fail (OPS_IS_TIME_AXIS (self), 0);

  return (double) (self->end - self->begin) / self->width;
}

void
ops_time_axis_zoom (OpsTimeAxis *self,
                    double       factor,
                    double       anchor_x)
{
  double span, anchor_t, fraction;
  gint64 new_span, begin;

  g_return_if_fail (OPS_IS_TIME_AXIS (self));
  g_return_if_fail (factor > 0);

  span = (double) (self->end - self->begin);
  fraction = anchor_x / self->width;
  anchor_t = (double) self->begin + fraction * span;

  new_span = (gint64) llround (span * factor);
  new_span = CLAMP (new_span, OPS_TIME_AXIS_MIN_SPAN, OPS_TIME_AXIS_MAX_SPAN);

  begin = (gint64) llround (anchor_t - fraction * (double) new_span);
  update (self, begin, begin + new_span, self->width);
}

void
ops_time_axis_scroll (OpsTimeAxis *self,
                      gint64       seconds)
{
  g_return_if_fail (OPS_IS_TIME_AXIS (self));

  update (self, self->begin + seconds, self->end + seconds, self->width);
}

void
ops_time_axis_show_day (OpsTimeAxis *self,
                        gint64       t)
{
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  int year, month, day;

  g_return_if_fail (OPS_IS_TIME_AXIS (self));

  tz = g_time_zone_ref (ops_dispatch_local_zone ());
  at = ops_dispatch_local_time (t);
  g_return_if_fail (at != NULL);

  g_date_time_get_ymd (at, &year, &month, &day);
  from = g_date_time_new (tz, year, month, day, SHOW_DAY_FROM, 0, 0);
  to = g_date_time_new (tz, year, month, day, SHOW_DAY_TO, 0, 0);

  ops_time_axis_set_range (self, g_date_time_to_unix (from), g_date_time_to_unix (to));
}
