/* ops-demo.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The demo workspace: a store seeded from resources/demo/ so the console is
 * useful before any system is configured. Dates in the demo files are day
 * offsets from today, so the day's jobs are always today's.
 */

#define G_LOG_DOMAIN "OpsDemo"

#include "config.h"

#include "ops-demo.h"
#include "ops-demo-devices.h"
#include "ops-demo-resources.h"

#define DEMO_PATH RESOURCE_BASE "/demo/"

typedef struct
{
  const char *file;
  const char *table;
} DemoFile;

/* Load order: customers first, so their index rows can be built at the end. */
static const DemoFile files[] = {
  { "tags.json", "tags" },
  { "technicians.json", "technicians" },
  { "customers.json", "customers" },
  { "contacts.json", "contacts" },
  { "locations.json", "locations" },
  { "equipment.json", "equipment" },
  { "subscriptions.json", "subscriptions" },
  { "invoices.json", "invoices" },
  { "tickets.json", "tickets" },
  { "messages.json", "messages" },
  { "jobs.json", "jobs" },
};

/* Day offsets in the files and the date columns they become. */
static const struct {
  const char *offset;
  const char *column;
} day_members[] = {
  { "since_day", "since" },
  { "start_day", "start_date" },
  { "posting_day", "posting_date" },
  { "due_day", "due_date" },
  { "opening_day", "opening_date" },
};

/* Date columns that move with the calendar when the demo is opened on
 * another day: table, column, is it a date and time. */
static const struct {
  const char *table;
  const char *column;
  gboolean    datetime;
} date_columns[] = {
  { "customers", "since", FALSE },
  { "subscriptions", "start_date", FALSE },
  { "invoices", "posting_date", FALSE },
  { "invoices", "due_date", FALSE },
  { "tickets", "opening_date", FALSE },
  { "messages", "sent_at", TRUE },
  { "jobs", "scheduled_date", FALSE },
};

static char *
format_day (GDate *today,
            gint64 offset)
{
  GDate date = *today;
  char buf[16];

  if (offset >= 0)
    g_date_add_days (&date, offset);
  else
    g_date_subtract_days (&date, -offset);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &date);
  return g_strdup (buf);
}

static void
resolve_days (JsonObject *record,
              const char *table,
              GDate      *today)
{
  for (guint i = 0; i < G_N_ELEMENTS (day_members); i++)
    {
      g_autofree char *date = NULL;

      if (!json_object_has_member (record, day_members[i].offset))
        continue;
      date = format_day (today, json_object_get_int_member (record, day_members[i].offset));
      json_object_set_string_member (record, day_members[i].column, date);
    }

  /* "day" is a job's scheduled date, or with "time" a message's timestamp. */
  if (json_object_has_member (record, "day"))
    {
      g_autofree char *date = format_day (today, json_object_get_int_member (record, "day"));

      if (g_str_equal (table, "messages"))
        {
          const char *time = json_object_get_string_member_with_default (record, "time", "00:00");
          g_autofree char *stamp = g_strdup_printf ("%s %s:00", date, time);

          json_object_set_string_member (record, "sent_at", stamp);
        }
      else
        json_object_set_string_member (record, "scheduled_date", date);
    }
}

static gboolean
load_file (OpsStore       *store,
           const DemoFile *file,
           GDate          *today,
           GError        **error)
{
  g_autofree char *path = g_strconcat (DEMO_PATH, file->file, NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonArray *array;
  gsize size;
  const char *data;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;

  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, size, error))
    {
      g_prefix_error (error, "%s: ", file->file);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD,
                   "%s: the demo file is not a JSON array", file->file);
      return FALSE;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(JsonNode) copy = NULL;
      JsonObject *record;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;

      /* The parsed tree is immutable; resolve dates on a copy. */
      copy = json_node_copy (node);
      record = json_node_get_object (copy);
      resolve_days (record, file->table, today);

      if (!ops_store_upsert (store, file->table, record, error))
        {
          g_prefix_error (error, "%s, record %u: ", file->file, i);
          return FALSE;
        }
    }

  return TRUE;
}

/* The optical history of the installed ONTs, as if the console had read
 * them every day (see ops_demo_device_optical_history()).  Inside the
 * caller's transaction. */
static gboolean
seed_optical_history (OpsStore  *store,
                      GDate     *today,
                      GError   **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonArray *array;
  gsize size;
  const char *data;

  ops_demo_register_resources ();
  bytes = g_resources_lookup_data (DEMO_PATH "equipment.json", G_RESOURCE_LOOKUP_FLAGS_NONE, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, size, error))
    return FALSE;
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    return TRUE;

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GPtrArray) readings = NULL;
      JsonObject *unit;
      const char *device_id;
      const char *status;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      unit = json_node_get_object (node);
      device_id = json_object_get_string_member_with_default (unit, "device_id", "");
      status = json_object_get_string_member_with_default (unit, "status", "");
      /* Only units in service were ever read. */
      if (*device_id == '\0' || (g_strcmp0 (status, "Actif") != 0 && g_strcmp0 (status, "En diagnostic") != 0))
        continue;

      readings = ops_demo_device_optical_history (device_id, today);
      for (guint j = 0; j < readings->len; j++)
        {
          OpsOpticalReading *reading = g_ptr_array_index (readings, j);

          if (!ops_store_add_optical_reading (store, device_id, reading->taken_at,
                                              reading->rx_dbm, reading->tx_dbm, error))
            return FALSE;
        }
    }

  return ops_store_set_meta (store, "demo_optical", "1", error);
}

/* A demo store seeded before the optical history existed gets one. */
static gboolean
ensure_optical_history (OpsStore  *store,
                        GDate     *today,
                        GError   **error)
{
  g_autofree char *seeded = ops_store_get_meta (store, "demo_optical");

  if (seeded != NULL)
    return TRUE;
  if (!ops_store_begin (store, error))
    return FALSE;
  if (!seed_optical_history (store, today, error) || !ops_store_commit (store, error))
    {
      ops_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

/**
 * ops_demo_seed:
 * @today: the day the demo's "today" is
 *
 * Loads the demo workspace into @store in one transaction.
 */
gboolean
ops_demo_seed (OpsStore  *store,
               GDate     *today,
               GError   **error)
{
  char anchor[16];

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  ops_demo_register_resources ();

  g_date_strftime (anchor, sizeof anchor, "%Y-%m-%d", today);

  if (!ops_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    if (!load_file (store, &files[i], today, error))
      goto failed;

  if (!seed_optical_history (store, today, error) ||
      !ops_store_reindex_customers (store, error) ||
      !ops_store_set_meta (store, "workspace", "demo", error) ||
      !ops_store_set_meta (store, "demo_anchor", anchor, error) ||
      !ops_store_commit (store, error))
    goto failed;

  g_debug ("Seeded the demo workspace for %s", anchor);
  return TRUE;

failed:
  ops_store_rollback (store);
  return FALSE;
}

/**
 * ops_demo_refresh_dates:
 *
 * Moves every date of the demo workspace by the days since it was last
 * anchored, so opening it tomorrow shows tomorrow's jobs as today's.
 */
gboolean
ops_demo_refresh_dates (OpsStore  *store,
                        GDate     *today,
                        GError   **error)
{
  g_autofree char *anchor = ops_store_get_meta (store, "demo_anchor");
  char now[16];
  GDate then;
  gint shift;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);

  if (anchor == NULL)
    return TRUE;

  g_date_clear (&then, 1);
  g_date_set_parse (&then, anchor);
  if (!g_date_valid (&then))
    return TRUE;

  shift = g_date_days_between (&then, today);
  if (shift == 0)
    return TRUE;

  g_date_strftime (now, sizeof now, "%Y-%m-%d", today);

  if (!ops_store_begin (store, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (date_columns); i++)
    {
      g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = %s(%s, '%+d days') WHERE %s IS NOT NULL",
                                              date_columns[i].table, date_columns[i].column,
                                              date_columns[i].datetime ? "datetime" : "date",
                                              date_columns[i].column, shift, date_columns[i].column);

      if (!ops_store_exec (store, sql, error))
        goto failed;
    }

  /* Readings are times ("…T08:12:00.000Z"), moved by days in the same
   * format.  Through a copy: moved one row at a time, a reading would
   * collide with the next day's. */
  {
    g_autofree char *sql = g_strdup_printf ("CREATE TEMP TABLE moved_readings AS SELECT device_id, "
                                            "strftime('%%Y-%%m-%%dT%%H:%%M:%%fZ', taken_at, '%+d days') AS taken_at, "
                                            "rx_dbm, tx_dbm FROM optical_readings;"
                                            "DELETE FROM optical_readings;"
                                            "INSERT INTO optical_readings (device_id, taken_at, rx_dbm, tx_dbm) "
                                            "SELECT device_id, taken_at, rx_dbm, tx_dbm FROM moved_readings;"
                                            "DROP TABLE moved_readings;",
                                            shift);

    if (!ops_store_exec (store, sql, error))
      goto failed;
  }

  if (!ops_store_set_meta (store, "demo_anchor", now, error) ||
      !ops_store_commit (store, error))
    goto failed;

  g_debug ("Moved the demo workspace by %d days", shift);
  return TRUE;

failed:
  ops_store_rollback (store);
  return FALSE;
}

void
ops_demo_register_resources (void)
{
  static gsize registered;

  /* Registering twice would loop GIO's list of static resources. */
  if (g_once_init_enter (&registered))
    {
      ops_demo_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

gboolean
ops_demo_is_demo_store (OpsStore *store)
{
  g_autofree char *workspace = ops_store_get_meta (store, "workspace");

  return g_strcmp0 (workspace, "demo") == 0;
}

/**
 * ops_demo_ensure:
 *
 * Seeds a fresh store, or brings an existing demo store to today.
 */
gboolean
ops_demo_ensure (OpsStore  *store,
                 GDate     *today,
                 GError   **error)
{
  if (ops_demo_is_demo_store (store))
    return ops_demo_refresh_dates (store, today, error) &&
           ensure_optical_history (store, today, error);
  return ops_demo_seed (store, today, error);
}
