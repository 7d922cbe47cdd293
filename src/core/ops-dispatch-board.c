/* ops-dispatch-board.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The board keeps the loaded technicians and jobs, and one row object per
 * technician with that technician's jobs and lanes worked out once, and
 * the rules each job breaks worked out when the row is first asked for
 * them (when it is drawn), so a big board costs only what is shown.  A reload builds new rows and keeps the
 * old object of every row whose content is the same.
 */

#define G_LOG_DOMAIN "ops-dispatch-board"

#include "config.h"

#include <string.h>

#include "ops-dispatch-board.h"
#include "ops-store-dispatch.h"

/* The row. */

struct _OpsDispatchRow
{
  GObject          parent_instance;

  OpsDispatchTech *tech;
  GPtrArray       *jobs;       /* OpsDispatchJob*, owned copies, by start */
  guint           *lanes;
  guint            n_lanes;
  double           speed_kmh;
  OpsRuleResult   *rules;      /* NULL until asked for */
  gint64          *max_end;    /* max end of jobs[0..i], for find_first */

  /* The last utilisation asked for, per local day. */
  gint64           util_from;
  gint64           util_to;
  double           util_value;
};

G_DEFINE_FINAL_TYPE (OpsDispatchRow, ops_dispatch_row, G_TYPE_OBJECT)

static void
ops_dispatch_row_finalize (GObject *object)
{
  OpsDispatchRow *self = OPS_DISPATCH_ROW (object);

  for (guint i = 0; self->rules != NULL && i < self->jobs->len; i++)
    ops_rule_result_clear (&self->rules[i]);
  g_free (self->rules);
  g_free (self->lanes);
  g_free (self->max_end);
  g_ptr_array_unref (self->jobs);
  ops_dispatch_tech_free (self->tech);

  G_OBJECT_CLASS (ops_dispatch_row_parent_class)->finalize (object);
}

static void
ops_dispatch_row_class_init (OpsDispatchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ops_dispatch_row_finalize;
}

static void
ops_dispatch_row_init (OpsDispatchRow *self)
{
  self->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_job_free);
  self->n_lanes = 1;
}

const OpsDispatchTech *
ops_dispatch_row_get_tech (OpsDispatchRow *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_ROW (self), NULL);

  return self->tech;
}

GPtrArray *
ops_dispatch_row_get_jobs (OpsDispatchRow *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_ROW (self), NULL);

  return self->jobs;
}

guint
ops_dispatch_row_get_lane (OpsDispatchRow *self,
                           guint           i)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_ROW (self), 0);
  g_return_val_if_fail (i < self->jobs->len, 0);

  return self->lanes[i];
}

guint
ops_dispatch_row_get_n_lanes (OpsDispatchRow *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_ROW (self), 1);

  return self->n_lanes;
}

/* The rules of every job, each against the technician's other jobs of
 * the same day. */
static void
row_check_rules (OpsDispatchRow *self)
{
  GPtrArray *jobs = self->jobs;
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                      (GDestroyNotify) g_ptr_array_unref);

  self->rules = g_new0 (OpsRuleResult, MAX (jobs->len, 1));
  for (guint i = 0; i < jobs->len; i++)
    {
      const OpsDispatchJob *job = jobs->pdata[i];
      const char *day = job->scheduled_date ? job->scheduled_date : "";
      GPtrArray *day_jobs = g_hash_table_lookup (days, day);

      if (day_jobs == NULL)
        {
          day_jobs = g_ptr_array_new ();
          g_hash_table_insert (days, (gpointer) day, day_jobs);
        }
      g_ptr_array_add (day_jobs, jobs->pdata[i]);
    }
  for (guint i = 0; i < jobs->len; i++)
    {
      const OpsDispatchJob *job = jobs->pdata[i];
      GPtrArray *day_jobs = g_hash_table_lookup (days, job->scheduled_date ? job->scheduled_date : "");

      ops_dispatch_check (self->tech, day_jobs, job, self->speed_kmh, &self->rules[i]);
    }
}

const OpsRuleResult *
ops_dispatch_row_get_rules (OpsDispatchRow *self,
                            guint           i)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_ROW (self), NULL);
  g_return_val_if_fail (i < self->jobs->len, NULL);

  if (self->rules == NULL)
    row_check_rules (self);
  return &self->rules[i];
}

/* Index of the first job whose start is >= t (jobs sorted by start). */
static guint
lower_bound_start (GPtrArray *jobs,
                   gint64     t)
{
  guint lo = 0, hi = jobs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const OpsDispatchJob *job = jobs->pdata[mid];

      if (job->start < t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

double
ops_dispatch_row_get_utilisation (OpsDispatchRow *self,
                                  gint64          t)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) at = NULL;
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next = NULL;
  g_autoptr(GPtrArray) day_jobs = NULL;
  guint first, last;

  g_return_val_if_fail (OPS_IS_DISPATCH_ROW (self), 0.0);

  if (self->util_to > self->util_from && t >= self->util_from && t < self->util_to)
    return self->util_value;

  utc = g_date_time_new_from_unix_utc (t);
  if (utc == NULL)
    return 0.0;
  at = g_date_time_to_timezone (utc, ops_dispatch_local_zone ());
  midnight = g_date_time_new (ops_dispatch_local_zone (), g_date_time_get_year (at), g_date_time_get_month (at),
                              g_date_time_get_day_of_month (at), 0, 0, 0);
  next = g_date_time_add_days (midnight, 1);

  self->util_from = g_date_time_to_unix (midnight);
  self->util_to = g_date_time_to_unix (next);
  first = lower_bound_start (self->jobs, MAX (self->util_from, 1));
  last = lower_bound_start (self->jobs, self->util_to);
  day_jobs = g_ptr_array_sized_new (last - first);
  for (guint i = first; i < last; i++)
    g_ptr_array_add (day_jobs, self->jobs->pdata[i]);
  self->util_value = ops_dispatch_utilisation (self->tech, day_jobs, self->util_from);
  return self->util_value;
}

guint
ops_dispatch_row_find_first (OpsDispatchRow *self,
                             gint64          t)
{
  guint lo = 0, hi;

  g_return_val_if_fail (OPS_IS_DISPATCH_ROW (self), 0);

  /* max_end is non-decreasing: every job before the answer ends by t. */
  hi = self->jobs->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->max_end[mid] <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

int
ops_dispatch_row_find_job (OpsDispatchRow *self,
                           const char     *name)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_ROW (self), -1);

  if (name == NULL)
    return -1;
  for (guint i = 0; i < self->jobs->len; i++)
    {
      const OpsDispatchJob *job = self->jobs->pdata[i];

      if (g_strcmp0 (job->name, name) == 0)
        return (int) i;
    }
  return -1;
}

static int
compare_by_start (gconstpointer a,
                  gconstpointer b)
{
  const OpsDispatchJob *ja = *(OpsDispatchJob * const *) a;
  const OpsDispatchJob *jb = *(OpsDispatchJob * const *) b;

  if (ja->start != jb->start)
    return ja->start < jb->start ? -1 : 1;
  return g_strcmp0 (ja->name, jb->name);
}

/* Sorts the row's jobs and works out lanes and the end index. */
static void
row_finish (OpsDispatchRow *self,
            double          speed_kmh)
{
  GPtrArray *jobs = self->jobs;
  gint64 max_end = 0;

  g_ptr_array_sort (jobs, compare_by_start);
  self->speed_kmh = speed_kmh;
  self->lanes = g_new0 (guint, MAX (jobs->len, 1));
  self->max_end = g_new0 (gint64, MAX (jobs->len, 1));
  self->n_lanes = jobs->len > 0 ? MAX (ops_dispatch_pack_lanes (jobs, self->lanes), 1) : 1;

  for (guint i = 0; i < jobs->len; i++)
    {
      max_end = MAX (max_end, ops_dispatch_job_end (jobs->pdata[i]));
      self->max_end[i] = max_end;
    }
}

/* Content comparison. */

static gboolean
strv_equal (GStrv a,
            GStrv b)
{
  if (a == NULL || b == NULL)
    return (a == NULL || a[0] == NULL) && (b == NULL || b[0] == NULL);
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

static gboolean
tech_equal (const OpsDispatchTech *a,
            const OpsDispatchTech *b)
{
  return g_strcmp0 (a->name, b->name) == 0 &&
         g_strcmp0 (a->full_name, b->full_name) == 0 &&
         g_strcmp0 (a->phone, b->phone) == 0 &&
         g_strcmp0 (a->email, b->email) == 0 &&
         strv_equal (a->skills, b->skills) &&
         g_strcmp0 (a->color, b->color) == 0 &&
         a->has_home == b->has_home &&
         a->home_latitude == b->home_latitude &&
         a->home_longitude == b->home_longitude &&
         a->work_start_min == b->work_start_min &&
         a->work_end_min == b->work_end_min;
}

static gboolean
job_equal (const OpsDispatchJob *a,
           const OpsDispatchJob *b)
{
  return g_strcmp0 (a->name, b->name) == 0 &&
         a->start == b->start &&
         a->duration_min == b->duration_min &&
         a->status == b->status &&
         g_strcmp0 (a->technician, b->technician) == 0 &&
         g_strcmp0 (a->scheduled_date, b->scheduled_date) == 0 &&
         a->required_techs == b->required_techs &&
         strv_equal (a->assistants, b->assistants) &&
         strv_equal (a->tags, b->tags) &&
         g_strcmp0 (a->customer, b->customer) == 0 &&
         g_strcmp0 (a->customer_name, b->customer_name) == 0 &&
         g_strcmp0 (a->location, b->location) == 0 &&
         g_strcmp0 (a->address, b->address) == 0 &&
         g_strcmp0 (a->subject, b->subject) == 0 &&
         g_strcmp0 (a->job_type, b->job_type) == 0 &&
         g_strcmp0 (a->priority, b->priority) == 0 &&
         g_strcmp0 (a->notes, b->notes) == 0 &&
         strv_equal (a->equipment, b->equipment) &&
         a->has_coords == b->has_coords &&
         a->latitude == b->latitude &&
         a->longitude == b->longitude;
}

/* Lanes and rules follow from the technician, the jobs and the speed. */
static gboolean
row_equal (OpsDispatchRow *a,
           OpsDispatchRow *b)
{
  if (!tech_equal (a->tech, b->tech) || a->jobs->len != b->jobs->len)
    return FALSE;
  if (a->jobs->len > 0 && a->speed_kmh != b->speed_kmh)
    return FALSE;
  for (guint i = 0; i < a->jobs->len; i++)
    {
      if (!job_equal (a->jobs->pdata[i], b->jobs->pdata[i]))
        return FALSE;
    }
  return TRUE;
}

/* The board. */

struct _OpsDispatchBoard
{
  GObject     parent_instance;

  OpsStore   *store;
  char       *from;
  char       *to;
  double      speed_kmh;

  GPtrArray  *techs;       /* OpsDispatchTech*, owned */
  GPtrArray  *jobs;        /* OpsDispatchJob*, owned */
  GHashTable *job_index;   /* name -> OpsDispatchJob* in jobs */
  GPtrArray  *rows;        /* OpsDispatchRow*, one per tech */
  GHashTable *row_index;   /* tech name -> position + 1 */
};

static void ops_dispatch_board_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (OpsDispatchBoard, ops_dispatch_board, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, ops_dispatch_board_list_model_init))

enum {
  PROP_0,
  PROP_STORE,
  PROP_SPEED_KMH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RELOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GType
ops_dispatch_board_get_item_type (GListModel *model)
{
  return OPS_TYPE_DISPATCH_ROW;
}

static guint
ops_dispatch_board_get_n_items (GListModel *model)
{
  return OPS_DISPATCH_BOARD (model)->rows->len;
}

static gpointer
ops_dispatch_board_get_item (GListModel *model,
                             guint       position)
{
  OpsDispatchBoard *self = OPS_DISPATCH_BOARD (model);

  if (position >= self->rows->len)
    return NULL;
  return g_object_ref (self->rows->pdata[position]);
}

static void
ops_dispatch_board_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = ops_dispatch_board_get_item_type;
  iface->get_n_items = ops_dispatch_board_get_n_items;
  iface->get_item = ops_dispatch_board_get_item;
}

/* New rows for techs and jobs (copied into the rows). */
static GPtrArray *
build_rows (GPtrArray *techs,
            GPtrArray *jobs,
            double     speed_kmh)
{
  g_autoptr(GHashTable) by_name = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *rows = g_ptr_array_new_full (techs->len, g_object_unref);

  for (guint i = 0; i < techs->len; i++)
    {
      const OpsDispatchTech *tech = techs->pdata[i];
      OpsDispatchRow *row = g_object_new (OPS_TYPE_DISPATCH_ROW, NULL);

      row->tech = ops_dispatch_tech_copy (tech);
      g_ptr_array_add (rows, row);
      if (tech->name != NULL && !g_hash_table_contains (by_name, tech->name))
        g_hash_table_insert (by_name, tech->name, row);
    }

  for (guint i = 0; i < jobs->len; i++)
    {
      const OpsDispatchJob *job = jobs->pdata[i];
      OpsDispatchRow *row;

      if (job->technician != NULL && (row = g_hash_table_lookup (by_name, job->technician)))
        g_ptr_array_add (row->jobs, ops_dispatch_job_copy (job));
      for (guint k = 0; job->assistants != NULL && job->assistants[k] != NULL; k++)
        {
          const char *assistant = job->assistants[k];
          gboolean seen = g_strcmp0 (assistant, job->technician) == 0;

          for (guint m = 0; m < k && !seen; m++)
            seen = g_str_equal (job->assistants[m], assistant);
          if (!seen && (row = g_hash_table_lookup (by_name, assistant)))
            g_ptr_array_add (row->jobs, ops_dispatch_job_copy (job));
        }
    }

  for (guint i = 0; i < rows->len; i++)
    row_finish (rows->pdata[i], speed_kmh);
  return rows;
}

static void
index_rows (OpsDispatchBoard *self)
{
  g_hash_table_remove_all (self->row_index);
  for (guint i = 0; i < self->rows->len; i++)
    {
      OpsDispatchRow *row = self->rows->pdata[i];

      if (row->tech->name != NULL && !g_hash_table_contains (self->row_index, row->tech->name))
        g_hash_table_insert (self->row_index, g_strdup (row->tech->name), GUINT_TO_POINTER (i + 1));
    }
}

static gboolean
same_technicians (GPtrArray *old_rows,
                  GPtrArray *new_rows)
{
  if (old_rows->len != new_rows->len)
    return FALSE;
  for (guint i = 0; i < old_rows->len; i++)
    {
      OpsDispatchRow *a = old_rows->pdata[i];
      OpsDispatchRow *b = new_rows->pdata[i];

      if (g_strcmp0 (a->tech->name, b->tech->name) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Takes techs and jobs when not NULL (else keeps the current ones), builds
 * the rows again and swaps in only the rows that changed. */
static void
update (OpsDispatchBoard *self,
        GPtrArray        *techs,
        GPtrArray        *jobs)
{
  g_autoptr(GPtrArray) new_rows = NULL;
  guint changed = 0;

  if (techs != NULL)
    {
      g_clear_pointer (&self->techs, g_ptr_array_unref);
      self->techs = techs;
    }
  if (jobs != NULL)
    {
      g_hash_table_remove_all (self->job_index);
      g_clear_pointer (&self->jobs, g_ptr_array_unref);
      self->jobs = jobs;
      for (guint i = 0; i < jobs->len; i++)
        {
          OpsDispatchJob *job = jobs->pdata[i];

          if (job->name != NULL)
            g_hash_table_insert (self->job_index, job->name, job);
        }
    }

  new_rows = build_rows (self->techs, self->jobs, self->speed_kmh);

  if (same_technicians (self->rows, new_rows))
    {
      /* One row at a time, so the model always matches the signals so far. */
      for (guint i = 0; i < new_rows->len; i++)
        {
          if (row_equal (self->rows->pdata[i], new_rows->pdata[i]))
            continue;
          g_object_unref (self->rows->pdata[i]);
          self->rows->pdata[i] = g_object_ref (new_rows->pdata[i]);
          changed++;
          g_list_model_items_changed (G_LIST_MODEL (self), i, 1, 1);
        }
      g_debug ("Board updated: %u of %u rows changed", changed, new_rows->len);
    }
  else
    {
      g_autoptr(GHashTable) old_by_name = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GPtrArray) old_rows = self->rows;
      guint old_len = old_rows->len;

      /* Technicians came or went: keep the objects of unchanged rows. */
      for (guint i = 0; i < old_rows->len; i++)
        {
          OpsDispatchRow *row = old_rows->pdata[i];

          if (row->tech->name != NULL)
            g_hash_table_insert (old_by_name, row->tech->name, row);
        }
      for (guint i = 0; i < new_rows->len; i++)
        {
          OpsDispatchRow *row = new_rows->pdata[i];
          OpsDispatchRow *old = row->tech->name ? g_hash_table_lookup (old_by_name, row->tech->name) : NULL;

          if (old != NULL && row_equal (old, row))
            {
              g_object_unref (row);
              new_rows->pdata[i] = g_object_ref (old);
            }
        }
      self->rows = g_steal_pointer (&new_rows);
      index_rows (self);
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->rows->len);
    }

  g_signal_emit (self, signals[RELOADED], 0);
}

static void
ops_dispatch_board_finalize (GObject *object)
{
  OpsDispatchBoard *self = OPS_DISPATCH_BOARD (object);

  g_clear_object (&self->store);
  g_free (self->from);
  g_free (self->to);
  g_hash_table_unref (self->row_index);
  g_ptr_array_unref (self->rows);
  g_hash_table_unref (self->job_index);
  g_ptr_array_unref (self->jobs);
  g_ptr_array_unref (self->techs);

  G_OBJECT_CLASS (ops_dispatch_board_parent_class)->finalize (object);
}

static void
ops_dispatch_board_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  OpsDispatchBoard *self = OPS_DISPATCH_BOARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SPEED_KMH:
      g_value_set_double (value, self->speed_kmh);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_dispatch_board_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  OpsDispatchBoard *self = OPS_DISPATCH_BOARD (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SPEED_KMH:
      ops_dispatch_board_set_speed_kmh (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_dispatch_board_class_init (OpsDispatchBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = ops_dispatch_board_finalize;
  object_class->get_property = ops_dispatch_board_get_property;
  object_class->set_property = ops_dispatch_board_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, OPS_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SPEED_KMH] =
    g_param_spec_double ("speed-kmh", NULL, NULL, 1.0, 300.0, OPS_DEFAULT_TRAVEL_SPEED_KMH,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RELOADED] =
    g_signal_new ("reloaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ops_dispatch_board_init (OpsDispatchBoard *self)
{
  self->speed_kmh = OPS_DEFAULT_TRAVEL_SPEED_KMH;
  self->techs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_tech_free);
  self->jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_job_free);
  self->job_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->row_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

OpsDispatchBoard *
ops_dispatch_board_new (OpsStore *store)
{
  g_return_val_if_fail (store == NULL || OPS_IS_STORE (store), NULL);

  return g_object_new (OPS_TYPE_DISPATCH_BOARD, "store", store, NULL);
}

OpsStore *
ops_dispatch_board_get_store (OpsDispatchBoard *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_BOARD (self), NULL);

  return self->store;
}

gboolean
ops_dispatch_board_load (OpsDispatchBoard  *self,
                         const char        *from,
                         const char        *to,
                         GError           **error)
{
  g_autoptr(GPtrArray) techs = NULL;
  g_autoptr(GPtrArray) jobs = NULL;
  gint64 started = g_get_monotonic_time ();

  g_return_val_if_fail (OPS_IS_DISPATCH_BOARD (self), FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  if (!(techs = ops_store_list_technicians (self->store, error)) ||
      !(jobs = ops_store_list_jobs_between (self->store, from, to, error)))
    return FALSE;

  if (self->from != from)
    {
      g_free (self->from);
      self->from = g_strdup (from);
    }
  if (self->to != to)
    {
      g_free (self->to);
      self->to = g_strdup (to);
    }
  update (self, g_steal_pointer (&techs), g_steal_pointer (&jobs));
  g_debug ("Loaded %s to %s in %.1f ms", from, to, (g_get_monotonic_time () - started) / 1000.0);
  return TRUE;
}

gboolean
ops_dispatch_board_reload (OpsDispatchBoard  *self,
                           GError           **error)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_BOARD (self), FALSE);

  if (self->store == NULL || self->from == NULL)
    return TRUE;
  return ops_dispatch_board_load (self, self->from, self->to, error);
}

void
ops_dispatch_board_set_data (OpsDispatchBoard *self,
                             GPtrArray        *techs,
                             GPtrArray        *jobs)
{
  GPtrArray *own_techs;
  GPtrArray *own_jobs;
  gpointer *data;
  gsize len;

  g_return_if_fail (OPS_IS_DISPATCH_BOARD (self));
  g_return_if_fail (techs != NULL && jobs != NULL);

  data = g_ptr_array_steal (techs, &len);
  own_techs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_tech_free);
  for (gsize i = 0; i < len; i++)
    g_ptr_array_add (own_techs, data[i]);
  g_free (data);

  data = g_ptr_array_steal (jobs, &len);
  own_jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_job_free);
  for (gsize i = 0; i < len; i++)
    g_ptr_array_add (own_jobs, data[i]);
  g_free (data);

  update (self, own_techs, own_jobs);
}

void
ops_dispatch_board_set_speed_kmh (OpsDispatchBoard *self,
                                  double            speed_kmh)
{
  g_return_if_fail (OPS_IS_DISPATCH_BOARD (self));
  g_return_if_fail (speed_kmh > 0);

  if (self->speed_kmh == speed_kmh)
    return;
  self->speed_kmh = speed_kmh;
  if (self->rows->len > 0)
    update (self, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEED_KMH]);
}

double
ops_dispatch_board_get_speed_kmh (OpsDispatchBoard *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_BOARD (self), OPS_DEFAULT_TRAVEL_SPEED_KMH);

  return self->speed_kmh;
}

OpsDispatchRow *
ops_dispatch_board_find_row (OpsDispatchBoard *self,
                             const char       *tech,
                             guint            *position)
{
  guint index;

  g_return_val_if_fail (OPS_IS_DISPATCH_BOARD (self), NULL);

  if (tech == NULL)
    return NULL;
  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->row_index, tech));
  if (index == 0)
    return NULL;
  if (position != NULL)
    *position = index - 1;
  return self->rows->pdata[index - 1];
}

const OpsDispatchJob *
ops_dispatch_board_find_job (OpsDispatchBoard *self,
                             const char       *name)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_BOARD (self), NULL);

  if (name == NULL)
    return NULL;
  return g_hash_table_lookup (self->job_index, name);
}

GPtrArray *
ops_dispatch_board_get_techs (OpsDispatchBoard *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_BOARD (self), NULL);

  return self->techs;
}

GPtrArray *
ops_dispatch_board_get_jobs (OpsDispatchBoard *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_BOARD (self), NULL);

  return self->jobs;
}
