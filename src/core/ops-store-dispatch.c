/* ops-store-dispatch.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reading the dispatch board (technicians, jobs, the tray) from the store,
 * and writing a dispatcher's change to a job with its outbox row.
 */

#define G_LOG_DOMAIN "ops-store-dispatch"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-dispatch-change.h"
#include "ops-outbox.h"
#include "ops-store-dispatch.h"
#include "ops-store-private.h"

/* Lists: JSON arrays of strings in TEXT. */

static gboolean
parse_json_string (const char **p,
                   GString     *out)
{
  const char *s = *p;

  g_assert (*s == '"');
  s++;
  while (*s != '"')
    {
      if (*s == '\0')
        return FALSE;
      if (*s != '\\')
        {
          g_string_append_c (out, *s++);
          continue;
        }
      s++;
      switch (*s)
        {
        case '"': case '\\': case '/':
          g_string_append_c (out, *s);
          break;
        case 'b': g_string_append_c (out, '\b'); break;
        case 'f': g_string_append_c (out, '\f'); break;
        case 'n': g_string_append_c (out, '\n'); break;
        case 'r': g_string_append_c (out, '\r'); break;
        case 't': g_string_append_c (out, '\t'); break;
        default:
          /* \uXXXX and anything unusual: let json-glib read it. */
          return FALSE;
        }
      s++;
    }
  *p = s + 1;
  return TRUE;
}

/* The common case ["a", "b"] without a parser object; FALSE when the text
 * needs the real parser. */
static gboolean
parse_list_fast (const char   *text,
                 GStrvBuilder *builder)
{
  g_autoptr(GString) item = g_string_new (NULL);
  const char *p = text;

  while (g_ascii_isspace (*p))
    p++;
  if (*p++ != '[')
    return FALSE;
  for (;;)
    {
      while (g_ascii_isspace (*p))
        p++;
      if (*p == ']')
        break;
      if (*p != '"')
        return FALSE;
      g_string_truncate (item, 0);
      if (!parse_json_string (&p, item))
        return FALSE;
      if (item->len > 0)
        g_strv_builder_add (builder, item->str);
      while (g_ascii_isspace (*p))
        p++;
      if (*p == ',')
        p++;
      else if (*p != ']')
        return FALSE;
    }
  return TRUE;
}

static GStrv
parse_list (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  if (text == NULL || *text == '\0')
    return g_strv_builder_end (builder);

  if (!parse_list_fast (text, builder))
    {
      g_autoptr(JsonNode) root = json_from_string (text, NULL);

      g_strv_builder_unref (builder);
      builder = g_strv_builder_new ();
      if (root != NULL && JSON_NODE_HOLDS_ARRAY (root))
        {
          JsonArray *array = json_node_get_array (root);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *node = json_array_get_element (array, i);
              const char *s = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_string (node) : NULL;

              if (s != NULL && *s != '\0')
                g_strv_builder_add (builder, s);
            }
        }
      else
        {
          /* ERPNext "Small Text" lists come comma separated. */
          g_auto(GStrv) parts = g_strsplit (text, ",", -1);

          for (guint i = 0; parts[i] != NULL; i++)
            if (*g_strstrip (parts[i]) != '\0')
              g_strv_builder_add (builder, parts[i]);
        }
    }
  return g_strv_builder_end (builder);
}

/* Times. */

/* Minutes after midnight of "HH:MM" or "HH:MM:SS", or -1. */
static int
parse_hhmm (const char *text)
{
  guint h, m;

  if (text == NULL || !g_ascii_isdigit (text[0]))
    return -1;
  h = text[0] - '0';
  text++;
  if (g_ascii_isdigit (*text))
    h = h * 10 + (*text++ - '0');
  if (*text++ != ':' || !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]))
    return -1;
  m = (text[0] - '0') * 10 + (text[1] - '0');
  if (h > 23 || m > 59)
    return -1;
  return h * 60 + m;
}

/* Local midnights of the dates seen in one read, so thousands of jobs on a
 * handful of days cost a handful of time zone look-ups. */
typedef struct
{
  GHashTable *days;   /* date -> DayInfo */
} DayCache;

typedef struct
{
  gint64   midnight;
  gboolean regular;   /* 24 h long: no DST change that day */
} DayInfo;

static void
day_cache_init (DayCache *cache)
{
  cache->days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

static void
day_cache_clear (DayCache *cache)
{
  g_clear_pointer (&cache->days, g_hash_table_unref);
}

static gint64
job_start (DayCache   *cache,
           const char *date,
           const char *time)
{
  int minutes = parse_hhmm (time);
  DayInfo *info;

  if (date == NULL || minutes < 0)
    return 0;

  info = g_hash_table_lookup (cache->days, date);
  if (info == NULL)
    {
      gint64 midnight = ops_dispatch_day_start (date);
      g_autofree char *next = NULL;

      info = g_new0 (DayInfo, 1);
      info->midnight = midnight;
      if (midnight != 0)
        {
          next = ops_dispatch_day_of (midnight + 36 * 3600);
          info->regular = ops_dispatch_day_start (next) - midnight == 24 * 3600;
        }
      g_hash_table_insert (cache->days, g_strdup (date), info);
    }
  if (info->midnight == 0)
    return 0;
  if (info->regular)
    return info->midnight + (gint64) minutes * 60;

  {
    g_autoptr(GDateTime) day = g_date_time_new_from_unix_local (info->midnight);
    g_autoptr(GDateTime) at = NULL;

    at = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day), minutes / 60, minutes % 60, 0);
    return at != NULL ? g_date_time_to_unix (at) : 0;
  }
}

static char *
nonempty_text (sqlite3_stmt *stmt,
               int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL && *text != '\0' ? g_strdup ((const char *) text) : NULL;
}

/* Technicians. */

static int
compare_techs (gconstpointer a,
               gconstpointer b)
{
  const OpsDispatchTech *ta = *(OpsDispatchTech * const *) a;
  const OpsDispatchTech *tb = *(OpsDispatchTech * const *) b;
  int r = g_utf8_collate (ta->full_name ? ta->full_name : "", tb->full_name ? tb->full_name : "");

  return r != 0 ? r : g_strcmp0 (ta->name, tb->name);
}

GPtrArray *
ops_store_list_technicians (OpsStore  *self,
                            GError   **error)
{
  g_autoptr(GPtrArray) techs = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);

  stmt = _ops_store_prepare (self,
                             "SELECT name, full_name, phone, email, skills, color, home_latitude, "
                             "home_longitude, work_start, work_end FROM technicians ORDER BY full_name, name",
                             error);
  if (stmt == NULL)
    return NULL;

  techs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_tech_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      OpsDispatchTech *tech = g_new0 (OpsDispatchTech, 1);
      const char *skills = (const char *) sqlite3_column_text (stmt, 4);
      int minutes;

      tech->name = _ops_store_column_text (stmt, 0);
      tech->full_name = nonempty_text (stmt, 1);
      if (tech->full_name == NULL)
        tech->full_name = g_strdup (tech->name);
      tech->phone = nonempty_text (stmt, 2);
      tech->email = nonempty_text (stmt, 3);
      tech->skills = parse_list (skills);
      tech->color = nonempty_text (stmt, 5);
      tech->has_home = sqlite3_column_type (stmt, 6) != SQLITE_NULL &&
                       sqlite3_column_type (stmt, 7) != SQLITE_NULL;
      if (tech->has_home)
        {
          tech->home_latitude = sqlite3_column_double (stmt, 6);
          tech->home_longitude = sqlite3_column_double (stmt, 7);
        }
      minutes = parse_hhmm ((const char *) sqlite3_column_text (stmt, 8));
      tech->work_start_min = minutes >= 0 ? (guint) minutes : 480;
      minutes = parse_hhmm ((const char *) sqlite3_column_text (stmt, 9));
      tech->work_end_min = minutes > (int) tech->work_start_min ? (guint) minutes : MAX (990, tech->work_start_min + 60);
      g_ptr_array_add (techs, tech);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }

  /* Accented names sort where a person expects them. */
  g_ptr_array_sort (techs, compare_techs);
  return g_steal_pointer (&techs);
}

/* Jobs. */

#define JOB_COLUMNS \
  "SELECT j.name, j.customer, c.customer_name, j.location, l.address_line, l.city, " \
  "l.latitude, l.longitude, j.subject, j.job_type, j.priority, j.status, j.technician, " \
  "j.assistants, j.required_techs, j.tags, j.scheduled_date, j.start_time, j.duration_min, " \
  "j.notes, j.equipment " \
  "FROM jobs j LEFT JOIN customers c ON c.name = j.customer " \
  "LEFT JOIN locations l ON l.name = j.location "

static OpsDispatchJob *
read_job (sqlite3_stmt *stmt,
          DayCache     *cache)
{
  OpsDispatchJob *job = g_new0 (OpsDispatchJob, 1);
  const char *address_line = (const char *) sqlite3_column_text (stmt, 4);
  const char *city = (const char *) sqlite3_column_text (stmt, 5);
  gboolean has_line = address_line != NULL && *address_line != '\0';
  gboolean has_city = city != NULL && *city != '\0';
  int n;

  job->name = _ops_store_column_text (stmt, 0);
  job->customer = nonempty_text (stmt, 1);
  job->customer_name = nonempty_text (stmt, 2);
  job->location = nonempty_text (stmt, 3);
  if (has_line && has_city)
    job->address = g_strconcat (address_line, ", ", city, NULL);
  else if (has_line || has_city)
    job->address = g_strdup (has_line ? address_line : city);
  job->has_coords = sqlite3_column_type (stmt, 6) != SQLITE_NULL &&
                    sqlite3_column_type (stmt, 7) != SQLITE_NULL;
  if (job->has_coords)
    {
      job->latitude = sqlite3_column_double (stmt, 6);
      job->longitude = sqlite3_column_double (stmt, 7);
    }
  job->subject = nonempty_text (stmt, 8);
  job->job_type = nonempty_text (stmt, 9);
  job->priority = nonempty_text (stmt, 10);
  job->status = ops_job_status_from_string ((const char *) sqlite3_column_text (stmt, 11));
  job->technician = nonempty_text (stmt, 12);
  job->assistants = parse_list ((const char *) sqlite3_column_text (stmt, 13));
  n = sqlite3_column_int (stmt, 14);
  job->required_techs = n >= 1 ? (guint) n : 1;
  job->tags = parse_list ((const char *) sqlite3_column_text (stmt, 15));
  job->scheduled_date = nonempty_text (stmt, 16);
  job->start = job_start (cache, job->scheduled_date, (const char *) sqlite3_column_text (stmt, 17));
  n = sqlite3_column_int (stmt, 18);
  job->duration_min = n > 0 ? (guint) n : 60;
  job->notes = nonempty_text (stmt, 19);
  job->equipment = parse_list ((const char *) sqlite3_column_text (stmt, 20));
  return job;
}

/* Steps a prepared statement of JOB_COLUMNS into a new array. */
static GPtrArray *
read_jobs (OpsStore      *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_job_free);
  DayCache cache;
  int rc;

  day_cache_init (&cache);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (jobs, read_job (stmt, &cache));
  sqlite3_reset (stmt);
  day_cache_clear (&cache);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }
  return g_steal_pointer (&jobs);
}

static int
compare_by_technician (gconstpointer a,
                       gconstpointer b)
{
  const OpsDispatchJob *ja = *(OpsDispatchJob * const *) a;
  const OpsDispatchJob *jb = *(OpsDispatchJob * const *) b;
  int r;

  if ((r = g_strcmp0 (ja->technician, jb->technician)) != 0 ||
      (r = g_strcmp0 (ja->scheduled_date, jb->scheduled_date)) != 0)
    return r;
  if (ja->start != jb->start)
    return ja->start < jb->start ? -1 : 1;
  return g_strcmp0 (ja->name, jb->name);
}

GPtrArray *
ops_store_list_jobs_between (OpsStore    *self,
                             const char  *from,
                             const char  *to,
                             GError     **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  stmt = _ops_store_prepare (self,
                             JOB_COLUMNS
                             "WHERE j.scheduled_date BETWEEN ?1 AND ?2 AND coalesce(j.technician, '') != '' "
                             "AND coalesce(j.status, '') != 'Unassigned'",
                             error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  if (!(jobs = read_jobs (self, stmt, error)))
    return NULL;

  /* Sorted here rather than by SQLite, which would carry every column of
   * every row through its sorter: several times slower for a week. */
  g_ptr_array_sort (jobs, compare_by_technician);
  return g_steal_pointer (&jobs);
}

OpsDispatchJob *
ops_store_get_job (OpsStore    *self,
                   const char  *name,
                   GError     **error)
{
  g_autoptr(GPtrArray) jobs = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  stmt = _ops_store_prepare (self, JOB_COLUMNS "WHERE j.name = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  jobs = read_jobs (self, stmt, error);
  if (jobs == NULL)
    return NULL;
  if (jobs->len == 0)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
                   _("Job %s is not in the local store; it may have been deleted in ERPNext. Refresh the board."),
                   name);
      return NULL;
    }
  return g_ptr_array_steal_index (jobs, 0);
}

/* The tray. */

#define TRAY_UNASSIGNED_WHERE \
  "(j.status = 'Unassigned' OR (coalesce(j.technician, '') = '' AND " \
  "coalesce(j.status, '') NOT IN ('On Hold', 'Cancelled', 'Completed')))"

/* ?1 job type, ?2 priority, ?3 tag, ?4 zone, ?5 date: NULL = any. */
#define TRAY_FILTER_WHERE \
  "(?1 IS NULL OR j.job_type = ?1) AND (?2 IS NULL OR j.priority = ?2) " \
  "AND (?3 IS NULL OR EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(j.tags) THEN j.tags ELSE '[]' END) " \
  "WHERE value = ?3)) AND (?4 IS NULL OR l.city = ?4) AND (?5 IS NULL OR j.scheduled_date = ?5) "

#define TRAY_ORDER \
  "ORDER BY coalesce(j.priority, '') = 'urgent' DESC, j.scheduled_date IS NULL, j.scheduled_date, " \
  "coalesce(j.start_time, '') = '', j.start_time, " \
  "CASE j.priority WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 ELSE 4 END, j.name"

static void
bind_filter (sqlite3_stmt        *stmt,
             const OpsTrayFilter *filter)
{
  const char *values[5] = { NULL };

  if (filter != NULL)
    {
      values[0] = filter->job_type;
      values[1] = filter->priority;
      values[2] = filter->tag;
      values[3] = filter->zone;
      values[4] = filter->date;
    }
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      if (values[i] != NULL && *values[i] != '\0')
        sqlite3_bind_text (stmt, i + 1, values[i], -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_null (stmt, i + 1);
    }
}

static gboolean
contains_folded (const char *haystack,
                 const char *needle)
{
  g_autofree char *folded = NULL;

  if (haystack == NULL)
    return FALSE;
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, needle) != NULL;
}

GPtrArray *
ops_store_list_tray (OpsStore            *self,
                     OpsTrayKind          kind,
                     const OpsTrayFilter *filter,
                     GError             **error)
{
  static const char * const sql[] = {
    [OPS_TRAY_UNASSIGNED] = JOB_COLUMNS "WHERE " TRAY_UNASSIGNED_WHERE " AND " TRAY_FILTER_WHERE TRAY_ORDER,
    [OPS_TRAY_ON_HOLD] = JOB_COLUMNS "WHERE j.status = 'On Hold' AND " TRAY_FILTER_WHERE TRAY_ORDER,
    [OPS_TRAY_CANCELLED] = JOB_COLUMNS "WHERE j.status = 'Cancelled' AND " TRAY_FILTER_WHERE TRAY_ORDER,
  };
  g_autoptr(GPtrArray) jobs = NULL;
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (sql), NULL);

  if (!(stmt = _ops_store_prepare (self, sql[kind], error)))
    return NULL;
  bind_filter (stmt, filter);
  if (!(jobs = read_jobs (self, stmt, error)))
    return NULL;

  /* The text filter folds case and accents' case the way a person types. */
  if (filter != NULL && filter->text != NULL && *filter->text != '\0')
    {
      g_autofree char *stripped = g_strstrip (g_strdup (filter->text));

      text = g_utf8_casefold (stripped, -1);
    }
  if (text != NULL && *text != '\0')
    {
      for (guint i = jobs->len; i-- > 0;)
        {
          OpsDispatchJob *job = jobs->pdata[i];

          if (!contains_folded (job->name, text) && !contains_folded (job->subject, text) &&
              !contains_folded (job->customer_name, text))
            g_ptr_array_remove_index (jobs, i);
        }
    }
  return g_steal_pointer (&jobs);
}

gboolean
ops_store_count_tray (OpsStore            *self,
                      const OpsTrayFilter *filter,
                      guint                counts[3],
                      GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (counts != NULL, FALSE);

  stmt = _ops_store_prepare (self,
                             "SELECT coalesce(sum(" TRAY_UNASSIGNED_WHERE "), 0), "
                             "coalesce(sum(j.status = 'On Hold'), 0), coalesce(sum(j.status = 'Cancelled'), 0) "
                             "FROM jobs j LEFT JOIN locations l ON l.name = j.location WHERE " TRAY_FILTER_WHERE,
                             error);
  if (stmt == NULL)
    return FALSE;
  bind_filter (stmt, filter);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      counts[OPS_TRAY_UNASSIGNED] = sqlite3_column_int (stmt, 0);
      counts[OPS_TRAY_ON_HOLD] = sqlite3_column_int (stmt, 1);
      counts[OPS_TRAY_CANCELLED] = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _ops_store_set_error (self->db, rc, error);
  return TRUE;
}

static int
priority_rank (const char *priority)
{
  static const char * const order[] = { "urgent", "high", "medium", "low" };

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    if (g_strcmp0 (priority, order[i]) == 0)
      return i;
  return G_N_ELEMENTS (order);
}

static int
compare_values (gconstpointer a,
                gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_priorities (gconstpointer a,
                    gconstpointer b)
{
  const char *pa = *(const char * const *) a;
  const char *pb = *(const char * const *) b;
  int r = priority_rank (pa) - priority_rank (pb);

  return r != 0 ? r : g_utf8_collate (pa, pb);
}

GStrv
ops_store_tray_filter_values (OpsStore    *self,
                              const char  *column,
                              GError     **error)
{
  g_autoptr(GPtrArray) values = NULL;
  const char *sql;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), NULL);
  g_return_val_if_fail (column != NULL, NULL);

  if (g_str_equal (column, "job_type"))
    sql = "SELECT DISTINCT job_type FROM jobs WHERE coalesce(job_type, '') != ''";
  else if (g_str_equal (column, "priority"))
    sql = "SELECT DISTINCT priority FROM jobs WHERE coalesce(priority, '') != ''";
  else if (g_str_equal (column, "tag"))
    sql = "SELECT DISTINCT t.value FROM jobs j, json_each(CASE WHEN json_valid(j.tags) THEN j.tags ELSE '[]' END) t "
          "WHERE t.type = 'text' AND t.value != ''";
  else if (g_str_equal (column, "zone"))
    sql = "SELECT DISTINCT l.city FROM jobs j JOIN locations l ON l.name = j.location "
          "WHERE coalesce(l.city, '') != ''";
  else
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_QUERY,
                   "The tray has no filter on “%s”; use job_type, priority, tag or zone.", column);
      return NULL;
    }

  if (!(stmt = _ops_store_prepare (self, sql, error)))
    return NULL;
  values = g_ptr_array_new_with_free_func (g_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (values, _ops_store_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (self->db, rc, error);
      return NULL;
    }

  g_ptr_array_sort (values, g_str_equal (column, "priority") ? compare_priorities : compare_values);
  g_ptr_array_add (values, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&values), FALSE);
}

/* Writing a change. */

typedef struct
{
  OpsJobPlacement placement;
  char           *start_time;   /* as stored, for messages */
} CurrentRow;

static const char *
status_label (OpsJobStatus status)
{
  switch (status)
    {
    case OPS_JOB_UNASSIGNED: return _("unassigned");
    case OPS_JOB_SCHEDULED: return _("scheduled");
    case OPS_JOB_EN_ROUTE: return _("en route");
    case OPS_JOB_ON_SITE: return _("on site");
    case OPS_JOB_COMPLETED: return _("completed");
    case OPS_JOB_ON_HOLD: return _("on hold");
    case OPS_JOB_CANCELLED: return _("cancelled");
    default: return "";
    }
}

static char *
format_clock (gint64      t,
              const char *format)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (t);

  return dt != NULL ? g_date_time_format (dt, format) : NULL;
}

static char *
tech_full_name (OpsStore   *store,
                const char *tech)
{
  sqlite3_stmt *stmt = _ops_store_prepare (store, "SELECT full_name FROM technicians WHERE name = ?", NULL);
  char *full_name = NULL;

  if (stmt == NULL)
    return g_strdup (tech);
  sqlite3_bind_text (stmt, 1, tech, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    full_name = nonempty_text (stmt, 0);
  sqlite3_reset (stmt);
  return full_name != NULL ? full_name : g_strdup (tech);
}

/* Reads the row as it is now; FALSE with NOT_FOUND when it is gone. */
static gboolean
read_current (OpsStore        *store,
              const char      *name,
              OpsJobPlacement *current,
              GError         **error)
{
  sqlite3_stmt *stmt;
  DayCache cache;
  int rc;
  int n;

  stmt = _ops_store_prepare (store,
                             "SELECT technician, scheduled_date, start_time, duration_min, status "
                             "FROM jobs WHERE name = ?",
                             error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      day_cache_init (&cache);
      current->technician = nonempty_text (stmt, 0);
      current->scheduled_date = nonempty_text (stmt, 1);
      current->start = job_start (&cache, current->scheduled_date, (const char *) sqlite3_column_text (stmt, 2));
      n = sqlite3_column_int (stmt, 3);
      current->duration_min = n > 0 ? (guint) n : 60;
      current->status = ops_job_status_from_string ((const char *) sqlite3_column_text (stmt, 4));
      day_cache_clear (&cache);
    }
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
                   _("Job %s is not in the local store any more; it may have been deleted in ERPNext. "
                     "Refresh the board."), name);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _ops_store_set_error (store->db, rc, error);
  return TRUE;
}

static gboolean
placement_schedule_equal (const OpsJobPlacement *a,
                          const OpsJobPlacement *b)
{
  return g_strcmp0 (a->technician, b->technician) == 0 &&
         g_strcmp0 (a->scheduled_date, b->scheduled_date) == 0 &&
         a->start / 60 == b->start / 60;   /* the row keeps minutes */
}

/* "DJ-00012 was moved to Julie Roy at 11:00 by someone else; your change
 * was not applied." */
static char *
conflict_message (OpsStore              *store,
                  const char            *job,
                  const OpsJobPlacement *before,
                  const OpsJobPlacement *current)
{
  if (!placement_schedule_equal (before, current))
    {
      g_autofree char *who = NULL;
      g_autofree char *at = NULL;

      if (current->technician == NULL)
        return g_strdup_printf (_("%s was unassigned by someone else; your change was not applied."), job);

      who = tech_full_name (store, current->technician);
      if (current->start == 0)
        {
          if (current->scheduled_date != NULL)
            return g_strdup_printf (_("%s was moved to %s on %s by someone else; your change was not applied."),
                                    job, who, current->scheduled_date);
          return g_strdup_printf (_("%s was moved to %s by someone else; your change was not applied."),
                                  job, who);
        }
      at = format_clock (current->start, "%H:%M");
      if (g_strcmp0 (before->scheduled_date, current->scheduled_date) != 0 && current->scheduled_date != NULL)
        return g_strdup_printf (_("%s was moved to %s on %s at %s by someone else; your change was not applied."),
                                job, who, current->scheduled_date, at);
      return g_strdup_printf (_("%s was moved to %s at %s by someone else; your change was not applied."),
                              job, who, at);
    }
  if (before->duration_min != current->duration_min)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%s was changed to last %u minute by someone else; your change was not applied.",
                                         "%s was changed to last %u minutes by someone else; your change was not applied.",
                                         current->duration_min),
                            job, current->duration_min);
  return g_strdup_printf (_("%s was marked %s by someone else; your change was not applied."),
                          job, status_label (current->status));
}

static gboolean
placement_equal (const OpsJobPlacement *a,
                 const OpsJobPlacement *b)
{
  return placement_schedule_equal (a, b) && a->duration_min == b->duration_min && a->status == b->status;
}

/* The ERPNext fields of after that differ from before or from the row as it
 * is (they differ only when forced). */
static JsonObject *
changed_fields (const OpsJobPlacement *after,
                const char            *after_date,
                const OpsJobPlacement *before,
                const OpsJobPlacement *current)
{
  JsonObject *payload = json_object_new ();

  if (g_strcmp0 (after->technician, before->technician) != 0 ||
      g_strcmp0 (after->technician, current->technician) != 0)
    {
      if (after->technician != NULL)
        json_object_set_string_member (payload, "technician", after->technician);
      else
        json_object_set_null_member (payload, "technician");
    }
  if (g_strcmp0 (after_date, before->scheduled_date) != 0 ||
      g_strcmp0 (after_date, current->scheduled_date) != 0)
    {
      if (after_date != NULL)
        json_object_set_string_member (payload, "scheduled_date", after_date);
      else
        json_object_set_null_member (payload, "scheduled_date");
    }
  if (after->start != before->start || after->start != current->start)
    {
      g_autofree char *time = after->start != 0 ? format_clock (after->start, "%H:%M:%S") : NULL;

      if (time != NULL)
        json_object_set_string_member (payload, "start_time", time);
      else
        json_object_set_null_member (payload, "start_time");
    }
  if (after->duration_min != before->duration_min || after->duration_min != current->duration_min)
    json_object_set_int_member (payload, "duration_min", after->duration_min);
  if (after->status != before->status || after->status != current->status)
    json_object_set_string_member (payload, "status", ops_job_status_to_string (after->status));
  return payload;
}

gboolean
ops_dispatch_apply (OpsStore                *store,
                    const OpsDispatchChange *change,
                    gboolean                 force,
                    GError                 **error)
{
  OpsJobPlacement current = { 0 };
  const OpsJobPlacement *after;
  g_autofree char *after_date = NULL;
  g_autofree char *after_time = NULL;
  g_autofree char *summary = NULL;
  g_autoptr(JsonObject) payload = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (change != NULL && change->job != NULL, FALSE);

  after = &change->after;
  /* The date follows the start. */
  after_date = after->start != 0 ? ops_dispatch_day_of (after->start) : g_strdup (after->scheduled_date);
  after_time = after->start != 0 ? format_clock (after->start, "%H:%M") : NULL;

  if (!ops_store_begin (store, error))
    return FALSE;

  if (!read_current (store, change->job, &current, error))
    goto fail;

  if (!force && !placement_equal (&current, &change->before))
    {
      g_autofree char *message = conflict_message (store, change->job, &change->before, &current);

      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_WOULD_MERGE, message);
      goto fail;
    }

  payload = changed_fields (after, after_date, &change->before, &current);
  if (json_object_get_size (payload) == 0)
    {
      g_debug ("%s: nothing to change", change->job);
      ops_job_placement_clear (&current);
      ops_store_rollback (store);
      return TRUE;
    }

  stmt = _ops_store_prepare (store,
                             "UPDATE jobs SET technician = ?1, scheduled_date = ?2, start_time = ?3, "
                             "duration_min = ?4, status = ?5 WHERE name = ?6",
                             error);
  if (stmt == NULL)
    goto fail;
  if (after->technician != NULL)
    sqlite3_bind_text (stmt, 1, after->technician, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  if (after_date != NULL)
    sqlite3_bind_text (stmt, 2, after_date, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  if (after_time != NULL)
    sqlite3_bind_text (stmt, 3, after_time, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int (stmt, 4, after->duration_min > 0 ? after->duration_min : 60);
  sqlite3_bind_text (stmt, 5, ops_job_status_to_string (after->status), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, change->job, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _ops_store_set_error (store->db, rc, error);
      goto fail;
    }

  summary = change->summary != NULL ? g_strdup (change->summary)
                                    : g_strdup_printf (_("Schedule of %s"), change->job);
  if (ops_outbox_enqueue (store, "Dispatch Job", change->job, OPS_OUTBOX_UPDATE, payload, NULL, summary, error) == 0)
    goto fail;

  ops_job_placement_clear (&current);
  if (!ops_store_commit (store, error))
    {
      ops_store_rollback (store);
      return FALSE;
    }
  return TRUE;

fail:
  ops_job_placement_clear (&current);
  ops_store_rollback (store);
  return FALSE;
}

gboolean
ops_store_set_job_placement (OpsStore    *self,
                             const char  *job,
                             const char  *technician,
                             const char  *date,
                             const char  *start,
                             guint        duration_min,
                             const char  *status,
                             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (OPS_IS_STORE (self), FALSE);
  g_return_val_if_fail (job != NULL, FALSE);
  g_return_val_if_fail (status != NULL, FALSE);

  stmt = _ops_store_prepare (self,
                             "UPDATE jobs SET technician = ?1, scheduled_date = ?2, start_time = ?3, "
                             "duration_min = ?4, status = ?5 WHERE name = ?6",
                             error);
  if (stmt == NULL)
    return FALSE;
  if (technician != NULL && *technician != '\0')
    sqlite3_bind_text (stmt, 1, technician, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  if (date != NULL && *date != '\0')
    sqlite3_bind_text (stmt, 2, date, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 2);
  if (start != NULL && *start != '\0')
    sqlite3_bind_text (stmt, 3, start, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_int (stmt, 4, duration_min > 0 ? duration_min : 60);
  sqlite3_bind_text (stmt, 5, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, job, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (self->db, rc, error);
  if (sqlite3_changes (self->db) == 0)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND,
                   _("Job %s is not in the local store; it may have been deleted in ERPNext. Refresh the board."),
                   job);
      return FALSE;
    }
  return TRUE;
}
