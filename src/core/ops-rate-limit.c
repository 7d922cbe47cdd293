/* ops-rate-limit.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-rate-limit"

#include "config.h"

#include <math.h>

#include "ops-rate-limit.h"

/* The bucket shared by new keys once max_keys buckets are kept. */
#define OVERFLOW_KEY ""
/* Forgetting full buckets walks them all: not more often than this. */
#define SWEEP_INTERVAL_USEC (10 * G_USEC_PER_SEC)

typedef struct
{
  double tokens;
  gint64 updated;   /* µs, the clock's time of the last refill */
} Bucket;

struct _OpsRateLimit
{
  GObject            parent_instance;

  double             rate;
  double             burst;
  guint              max_keys;
  GHashTable        *buckets;   /* key -> Bucket */
  gint64             last_sweep;

  OpsRateLimitClock  clock;
  gpointer           clock_data;
};

G_DEFINE_FINAL_TYPE (OpsRateLimit, ops_rate_limit, G_TYPE_OBJECT)

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static void
refill (OpsRateLimit *self,
        Bucket       *bucket,
        gint64        now)
{
  if (now > bucket->updated)
    bucket->tokens = MIN (self->burst, bucket->tokens + (double)(now - bucket->updated) * self->rate / G_USEC_PER_SEC);
  bucket->updated = MAX (bucket->updated, now);
}

/* Forgets the buckets that have refilled: they hold what a new one would. */
static void
sweep (OpsRateLimit *self,
       gint64        now)
{
  GHashTableIter iter;
  gpointer value;

  self->last_sweep = now;
  g_hash_table_iter_init (&iter, self->buckets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Bucket *bucket = value;

      refill (self, bucket, now);
      if (bucket->tokens >= self->burst)
        g_hash_table_iter_remove (&iter);
    }
}

static Bucket *
find_bucket (OpsRateLimit *self,
             const char   *key,
             gint64        now)
{
  Bucket *bucket = g_hash_table_lookup (self->buckets, key);
  guint n = g_hash_table_size (self->buckets);

  if (bucket != NULL)
    return bucket;

  /* Now and then to give memory back; under pressure at most once a
   * second, so that a flood of new addresses does not sweep each time. */
  if ((n >= 1024 && now - self->last_sweep >= SWEEP_INTERVAL_USEC) ||
      (n >= self->max_keys && now - self->last_sweep >= G_USEC_PER_SEC))
    sweep (self, now);

  if (g_hash_table_size (self->buckets) >= self->max_keys)
    {
      key = OVERFLOW_KEY;
      if ((bucket = g_hash_table_lookup (self->buckets, key)) != NULL)
        return bucket;
      g_debug ("%u buckets: new clients share one", g_hash_table_size (self->buckets));
    }

  bucket = g_new (Bucket, 1);
  bucket->tokens = self->burst;
  bucket->updated = now;
  g_hash_table_insert (self->buckets, g_strdup (key), bucket);
  return bucket;
}

static void
ops_rate_limit_finalize (GObject *object)
{
  OpsRateLimit *self = OPS_RATE_LIMIT (object);

  g_hash_table_unref (self->buckets);

  G_OBJECT_CLASS (ops_rate_limit_parent_class)->finalize (object);
}

static void
ops_rate_limit_class_init (OpsRateLimitClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_rate_limit_finalize;
}

static void
ops_rate_limit_init (OpsRateLimit *self)
{
  self->buckets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_keys = OPS_RATE_LIMIT_DEFAULT_MAX_KEYS;
  self->clock = default_clock;
}

OpsRateLimit *
ops_rate_limit_new (double rate,
                    double burst)
{
  OpsRateLimit *self;

  g_return_val_if_fail (rate >= 0 && isfinite (rate), NULL);
  g_return_val_if_fail (burst >= 1 && isfinite (burst), NULL);

  self = g_object_new (OPS_TYPE_RATE_LIMIT, NULL);
  self->rate = rate;
  self->burst = burst;
  return self;
}

/**
 * ops_rate_limit_set_clock:
 * @clock: (nullable): the time source, %NULL for the monotonic clock
 *
 * For tests: time passes when they say so.
 */
void
ops_rate_limit_set_clock (OpsRateLimit      *self,
                          OpsRateLimitClock  clock,
                          gpointer           user_data)
{
  g_return_if_fail (OPS_IS_RATE_LIMIT (self));

  self->clock = clock ? clock : default_clock;
  self->clock_data = user_data;
  self->last_sweep = self->clock (self->clock_data);
}

void
ops_rate_limit_set_max_keys (OpsRateLimit *self,
                             guint         max_keys)
{
  g_return_if_fail (OPS_IS_RATE_LIMIT (self));
  g_return_if_fail (max_keys >= 1);

  self->max_keys = max_keys;
}

gboolean
ops_rate_limit_is_enabled (OpsRateLimit *self)
{
  g_return_val_if_fail (OPS_IS_RATE_LIMIT (self), FALSE);

  return self->rate > 0;
}

gboolean
ops_rate_limit_take (OpsRateLimit *self,
                     const char   *key,
                     guint        *retry_after)
{
  gint64 now;
  Bucket *bucket;
  double wait;

  g_return_val_if_fail (OPS_IS_RATE_LIMIT (self), TRUE);
  g_return_val_if_fail (key != NULL, TRUE);

  if (retry_after != NULL)
    *retry_after = 0;
  if (self->rate <= 0)
    return TRUE;

  now = self->clock (self->clock_data);
  bucket = find_bucket (self, key, now);
  refill (self, bucket, now);

  if (bucket->tokens >= 1.0)
    {
      bucket->tokens -= 1.0;
      return TRUE;
    }

  wait = ceil ((1.0 - bucket->tokens) / self->rate);
  if (retry_after != NULL)
    *retry_after = (guint)CLAMP (wait, 1.0, (double)G_MAXUINT);
  return FALSE;
}

guint
ops_rate_limit_get_n_keys (OpsRateLimit *self)
{
  g_return_val_if_fail (OPS_IS_RATE_LIMIT (self), 0);

  return g_hash_table_size (self->buckets);
}
