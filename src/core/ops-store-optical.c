/* ops-store-optical.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The optical power history of each device: the only device state the store
 * keeps, so a drift shows against the first reading after installation.
 */

#define G_LOG_DOMAIN "ops-store"

#include "config.h"

#include <math.h>

#include "ops-store-private.h"

/*
 * Auxiliary methods
 */

/* taken_at as stored: UTC with milliseconds ("2026-11-21T10:00:00.000Z"), so
 * that readings sort by time and the same instant is the same key however
 * the caller wrote it. */
static char *
normalize_timestamp (const char *timestamp)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) parsed = NULL;
  g_autoptr(GDateTime) in_utc = NULL;
  g_autofree char *seconds = NULL;

  if (timestamp == NULL || !(parsed = g_date_time_new_from_iso8601 (timestamp, utc)))
    return NULL;
  in_utc = g_date_time_to_utc (parsed);
  seconds = g_date_time_format (in_utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (in_utc) / 1000);
}

static OpsOpticalReading *
reading_from_row (sqlite3_stmt *stmt)
{
  OpsOpticalReading *reading = g_new0 (OpsOpticalReading, 1);

  reading->taken_at = _ops_store_column_text (stmt, 0);
  reading->rx_dbm = sqlite3_column_type (stmt, 1) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 1);
  reading->tx_dbm = sqlite3_column_type (stmt, 2) == SQLITE_NULL ? NAN : sqlite3_column_double (stmt, 2);
  return reading;
}

/*
 * Public API
 */

void
ops_optical_reading_free (OpsOpticalReading *self)
{
  if (self == NULL)
    return;
  g_free (self->taken_at);
  g_free (self);
}

/**
 * ops_store_add_optical_reading:
 * @taken_at: when the device read it (the value's _timestamp), ISO 8601
 * @tx_dbm: NAN when unknown
 *
 * Records a reading.  The same device and instant are kept once (the first
 * write wins); a reading with an unknown RX is not recorded, and that is
 * not an error.
 */
gboolean
ops_store_add_optical_reading (OpsStore    *self,
                               const char  *device_id,
                               const char  *taken_at,
                               double       rx_dbm,
                               double       tx_dbm,
                               GError     **error)
{
  g_autofree char *normalized = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (device_id != NULL, FALSE);

  if (isnan (rx_dbm) || isinf (rx_dbm))
    return TRUE;

  if (!(normalized = normalize_timestamp (taken_at)))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   "The optical reading of %s has no readable time (“%s”); it was not recorded.",
                   device_id, taken_at ? taken_at : "");
      return FALSE;
    }

  stmt = _ops_store_prepare (self,
                             "INSERT INTO optical_readings (device_id, taken_at, rx_dbm, tx_dbm) "
                             "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (device_id, taken_at) DO NOTHING",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, normalized, -1, SQLITE_TRANSIENT);
  sqlite3_bind_double (stmt, 3, rx_dbm);
  if (isnan (tx_dbm) || isinf (tx_dbm))
    sqlite3_bind_null (stmt, 4);
  else
    sqlite3_bind_double (stmt, 4, tx_dbm);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

/**
 * ops_store_get_optical_history:
 * @limit: the most readings to return; 0 for all of them
 *
 * Returns: (transfer full) (element-type OpsOpticalReading): the newest
 *   readings of @device_id, oldest first; %NULL with @error set on failure
 */
GPtrArray *
ops_store_get_optical_history (OpsStore    *self,
                               const char  *device_id,
                               guint        limit,
                               GError     **error)
{
  g_autoptr(GPtrArray) readings = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  stmt = _ops_store_prepare (self,
                             "SELECT taken_at, rx_dbm, tx_dbm FROM ("
                             "  SELECT taken_at, rx_dbm, tx_dbm FROM optical_readings WHERE device_id = ?1 "
                             "  ORDER BY taken_at DESC LIMIT ?2) "
                             "ORDER BY taken_at ASC",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, limit == 0 ? -1 : (gint64)limit);

  readings = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_optical_reading_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (readings, reading_from_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&readings);
}

/**
 * ops_store_get_optical_baseline:
 *
 * Returns: (transfer full) (nullable): the first reading ever recorded for
 *   @device_id, or %NULL (without an error) when there is none
 */
OpsOpticalReading *
ops_store_get_optical_baseline (OpsStore    *self,
                                const char  *device_id,
                                GError     **error)
{
  OpsOpticalReading *reading = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (device_id != NULL, NULL);

  stmt = _ops_store_prepare (self,
                             "SELECT taken_at, rx_dbm, tx_dbm FROM optical_readings WHERE device_id = ? "
                             "ORDER BY taken_at ASC LIMIT 1",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    reading = reading_from_row (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    _ops_store_set_error (self->db, rc, error);
  return reading;
}
