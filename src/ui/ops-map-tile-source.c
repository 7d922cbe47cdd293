/* ops-map-tile-source.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-map-tile-source"

#include "config.h"

#include <libsoup/soup.h>

#include "ops-map-tile-source.h"

#define CACHE_SIZE_LIMIT (200u * 1000u * 1000u)
/* A cached tile younger than this is used without asking the server. */
#define FRESH_FOR (7 * G_TIME_SPAN_DAY)
#define DEFAULT_FIRST_BACKOFF_MS (10 * 1000)
#define DEFAULT_MAX_BACKOFF_MS (5 * 60 * 1000)
/* The tile usage policy allows two connections; more requests wait here,
 * so that when the first ones fail the others are not sent at all. */
#define MAX_IN_FLIGHT 2

struct _OpsMapTileSource
{
  ShumateDataSource  parent_instance;

  char              *url_template;
  char              *cache_dir;
  SoupSession       *session;
  ShumateFileCache  *cache;

  gboolean           offline;
  gboolean           retry_due;       /* back-off over, the next request may go */
  gboolean           probe_in_flight;
  guint              backoff_ms;
  guint              first_backoff_ms;
  guint              max_backoff_ms;
  guint              retry_source;
  guint              n_requests;
  guint              in_flight;
  GQueue             waiting;         /* GTask, requests to send */
};

G_DEFINE_FINAL_TYPE (OpsMapTileSource, ops_map_tile_source, SHUMATE_TYPE_DATA_SOURCE)

G_DEFINE_QUARK (ops-map-tile-source-error-quark, ops_map_tile_source_error)

enum {
  PROP_0,
  PROP_OFFLINE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  RETRY,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* url template → OpsMapTileSource (weak) */
static GHashTable *shared_sources;

typedef struct
{
  OpsMapTileSource *self;
  int               x;
  int               y;
  int               zoom;
  GBytes           *cached;
  char             *etag;
  gboolean          fresh;
  gboolean          probe;
} TileRequest;

static void
tile_request_free (TileRequest *request)
{
  g_clear_object (&request->self);
  g_clear_pointer (&request->cached, g_bytes_unref);
  g_clear_pointer (&request->etag, g_free);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TileRequest, tile_request_free)

/*
 * Auxiliary methods
 */

static char *
expand_template (const char *url_template,
                 int         x,
                 int         y,
                 int         zoom)
{
  GString *url = g_string_new (NULL);
  const char *p = url_template;

  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "{z}"))
        g_string_append_printf (url, "%d", zoom);
      else if (g_str_has_prefix (p, "{x}"))
        g_string_append_printf (url, "%d", x);
      else if (g_str_has_prefix (p, "{y}"))
        g_string_append_printf (url, "%d", y);
      else
        {
          g_string_append_c (url, *p++);
          continue;
        }
      p += 3;
    }
  return g_string_free (url, FALSE);
}

static gboolean
on_retry_timeout_cb (gpointer user_data)
{
  OpsMapTileSource *self = user_data;

  self->retry_source = 0;
  self->retry_due = TRUE;
  g_debug ("Tile back-off over after %u ms, retrying", self->backoff_ms);
  g_signal_emit (self, signals[RETRY], 0);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (OpsMapTileSource *self)
{
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_source = g_timeout_add (self->backoff_ms, on_retry_timeout_cb, self);
  g_source_set_name_by_id (self->retry_source, "[ops] map tile back-off");
}

static void
note_failure (OpsMapTileSource *self,
              gboolean          probe)
{
  if (!self->offline)
    {
      self->offline = TRUE;
      self->retry_due = FALSE;
      self->backoff_ms = self->first_backoff_ms;
      schedule_retry (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
    }
  else if (probe)
    {
      self->backoff_ms = MIN (self->backoff_ms * 2, self->max_backoff_ms);
      schedule_retry (self);
    }
  /* else: a request sent before the first failure; the back-off is set. */
}

static void
note_success (OpsMapTileSource *self)
{
  if (!self->offline)
    return;
  self->offline = FALSE;
  self->retry_due = FALSE;
  self->probe_in_flight = FALSE;
  self->backoff_ms = 0;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_OFFLINE]);
}

/* Returns the cached tile, or the error. */
static void
return_cached_or_error (GTask  *task,
                        GError *error)
{
  TileRequest *request = g_task_get_task_data (task);

  if (request->cached != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_debug ("Using the cached tile %d/%d/%d: %s", request->zoom, request->x, request->y, error->message);
      g_error_free (error);
      g_task_return_pointer (task, g_bytes_ref (request->cached), (GDestroyNotify) g_bytes_unref);
    }
  else
    g_task_return_error (task, error);
}

/* Answers once the tile is on disk, so that nothing is left writing. */
static void
on_tile_stored_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TileRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!shumate_file_cache_store_tile_finish (SHUMATE_FILE_CACHE (object), result, &error))
    g_debug ("Could not cache a map tile: %s", error->message);
  g_task_return_pointer (task, g_bytes_ref (request->cached), (GDestroyNotify) g_bytes_unref);
}

static void send_or_wait (GTask *task);

/* Sends what waits, now that a request finished. */
static gboolean
pump_idle_cb (OpsMapTileSource *self)
{
  while (self->in_flight < MAX_IN_FLIGHT && !g_queue_is_empty (&self->waiting))
    send_or_wait (g_queue_pop_head (&self->waiting));
  return G_SOURCE_REMOVE;
}

static void
on_tile_sent_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TileRequest *request = g_task_get_task_data (task);
  OpsMapTileSource *self = request->self;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  self->in_flight--;
  if (request->probe)
    self->probe_in_flight = FALSE;
  /* Whatever this answer says decides for the waiting requests. */
  g_object_ref (self);
  g_idle_add_full (G_PRIORITY_DEFAULT, (GSourceFunc) pump_idle_cb, self, g_object_unref);

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Not an answer either way: let the next request probe. */
          if (request->probe)
            self->retry_due = TRUE;
          g_task_return_error (task, error);
          return;
        }
      g_debug ("Tile %d/%d/%d unreachable: %s", request->zoom, request->x, request->y, error->message);
      note_failure (self, request->probe);
      return_cached_or_error (task, g_error_new (OPS_MAP_TILE_SOURCE_ERROR,
                                                 OPS_MAP_TILE_SOURCE_ERROR_UNREACHABLE,
                                                 "The map tile server could not be reached (%s). "
                                                 "Check the network connection.",
                                                 error->message));
      g_error_free (error);
      return;
    }

  status = soup_message_get_status (message);
  if (status == SOUP_STATUS_NOT_MODIFIED && request->cached != NULL)
    {
      note_success (self);
      shumate_file_cache_mark_up_to_date (self->cache, request->x, request->y, request->zoom);
      g_task_return_pointer (task, g_bytes_ref (request->cached), (GDestroyNotify) g_bytes_unref);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && g_bytes_get_size (body) > 0)
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (message);

      note_success (self);
      g_clear_pointer (&request->cached, g_bytes_unref);
      request->cached = g_bytes_ref (body);
      shumate_file_cache_store_tile_async (self->cache, request->x, request->y, request->zoom,
                                           body, soup_message_headers_get_one (headers, "ETag"),
                                           NULL, on_tile_stored_cb, g_steal_pointer (&task));
      return;
    }

  /* A missing tile is the server answering; being refused or an error on
   * its side means no tiles for a while: back off then too. */
  if (status == SOUP_STATUS_NOT_FOUND)
    note_success (self);
  else
    note_failure (self, request->probe);
  return_cached_or_error (task, g_error_new (OPS_MAP_TILE_SOURCE_ERROR,
                                             OPS_MAP_TILE_SOURCE_ERROR_BAD_RESPONSE,
                                             "The map tile server answered HTTP %u %s. "
                                             "Check the tile URL in the configuration.",
                                             status, soup_message_get_reason_phrase (message)));
}

static void
fetch_tile (GTask *task)
{
  TileRequest *request = g_task_get_task_data (task);
  OpsMapTileSource *self = request->self;
  g_autofree char *url = expand_template (self->url_template, request->x, request->y, request->zoom);
  g_autoptr(SoupMessage) message = NULL;

  message = soup_message_new (SOUP_METHOD_GET, url);
  if (message == NULL)
    {
      g_task_return_new_error (task, OPS_MAP_TILE_SOURCE_ERROR, OPS_MAP_TILE_SOURCE_ERROR_INVALID_URL,
                               "The map tile URL “%s” is not valid. Fix [map] tile_url in the configuration.",
                               url);
      g_object_unref (task);
      return;
    }
  if (request->etag != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (message), "If-None-Match", request->etag);

  self->n_requests++;
  self->in_flight++;
  g_debug ("GET %s%s", url, request->probe ? " (probe)" : "");
  soup_session_send_and_read_async (self->session, message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), on_tile_sent_cb, task);
}

static void
on_cache_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GTask *task = user_data;
  TileRequest *request = g_task_get_task_data (task);
  g_autoptr(GDateTime) modified = NULL;
  g_autoptr(GError) error = NULL;

  request->cached = shumate_file_cache_get_tile_finish (SHUMATE_FILE_CACHE (object), &request->etag,
                                                        &modified, result, &error);
  if (request->cached != NULL && modified != NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      request->fresh = g_date_time_difference (now, modified) < FRESH_FOR;
    }
  send_or_wait (task);
}

/* Answers from the cache, fails while offline, sends, or queues (takes
 * task). */
static void
send_or_wait (GTask *task)
{
  TileRequest *request = g_task_get_task_data (task);
  OpsMapTileSource *self = request->self;

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  if (request->cached != NULL && (request->fresh || self->offline))
    {
      g_task_return_pointer (task, g_bytes_ref (request->cached), (GDestroyNotify) g_bytes_unref);
      g_object_unref (task);
      return;
    }

  if (self->offline)
    {
      if (!self->retry_due || self->probe_in_flight)
        {
          g_task_return_new_error (task, OPS_MAP_TILE_SOURCE_ERROR, OPS_MAP_TILE_SOURCE_ERROR_OFFLINE,
                                   "Map tiles are offline; the next attempt is in a while.");
          g_object_unref (task);
          return;
        }
      self->retry_due = FALSE;
      self->probe_in_flight = TRUE;
      request->probe = TRUE;
    }
  else if (self->in_flight >= MAX_IN_FLIGHT)
    {
      g_queue_push_tail (&self->waiting, task);
      return;
    }

  fetch_tile (task);
}

/*
 * ShumateDataSource
 */

static void
ops_map_tile_source_get_tile_data_async (ShumateDataSource   *source,
                                         int                  x,
                                         int                  y,
                                         int                  zoom_level,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  OpsMapTileSource *self = OPS_MAP_TILE_SOURCE (source);
  g_autoptr(GTask) task = NULL;
  TileRequest *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, ops_map_tile_source_get_tile_data_async);
  request = g_new0 (TileRequest, 1);
  request->self = g_object_ref (self);
  request->x = x;
  request->y = y;
  request->zoom = zoom_level;
  g_task_set_task_data (task, request, (GDestroyNotify) tile_request_free);

  shumate_file_cache_get_tile_async (self->cache, x, y, zoom_level, cancellable,
                                     on_cache_read_cb, g_steal_pointer (&task));
}

static GBytes *
ops_map_tile_source_get_tile_data_finish (ShumateDataSource  *source,
                                          GAsyncResult       *result,
                                          GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, source), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/*
 * GObject overrides
 */

static void
ops_map_tile_source_finalize (GObject *object)
{
  OpsMapTileSource *self = OPS_MAP_TILE_SOURCE (object);

  if (shared_sources != NULL && g_hash_table_lookup (shared_sources, self->url_template) == self)
    g_hash_table_remove (shared_sources, self->url_template);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_object (&self->session);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->url_template, g_free);
  g_clear_pointer (&self->cache_dir, g_free);

  G_OBJECT_CLASS (ops_map_tile_source_parent_class)->finalize (object);
}

static void
ops_map_tile_source_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  OpsMapTileSource *self = OPS_MAP_TILE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_OFFLINE:
      g_value_set_boolean (value, self->offline);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_map_tile_source_class_init (OpsMapTileSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  ShumateDataSourceClass *source_class = SHUMATE_DATA_SOURCE_CLASS (klass);

  object_class->finalize = ops_map_tile_source_finalize;
  object_class->get_property = ops_map_tile_source_get_property;
  source_class->get_tile_data_async = ops_map_tile_source_get_tile_data_async;
  source_class->get_tile_data_finish = ops_map_tile_source_get_tile_data_finish;

  properties[PROP_OFFLINE] =
    g_param_spec_boolean ("offline", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
ops_map_tile_source_init (OpsMapTileSource *self)
{
  self->first_backoff_ms = DEFAULT_FIRST_BACKOFF_MS;
  self->max_backoff_ms = DEFAULT_MAX_BACKOFF_MS;
}

/*
 * Public API
 */

const char *
ops_map_tile_source_get_user_agent (void)
{
  return "gigafibre-ops/" PACKAGE_VERSION " (+https://gigafibre.ca)";
}

OpsMapTileSource *
ops_map_tile_source_new (const char *url_template,
                         const char *cache_dir)
{
  OpsMapTileSource *self;
  g_autofree char *key = NULL;

  g_return_val_if_fail (url_template != NULL, NULL);

  self = g_object_new (OPS_TYPE_MAP_TILE_SOURCE, NULL);
  self->url_template = g_strdup (url_template);
  if (cache_dir != NULL)
    self->cache_dir = g_strdup (cache_dir);
  else
    self->cache_dir = g_build_filename (g_get_user_cache_dir (), "gigafibre-ops", "tiles", NULL);
  /* Tiles of different servers never mix. */
  key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, url_template, -1);
  key[16] = '\0';
  self->cache = shumate_file_cache_new_full (CACHE_SIZE_LIMIT, key, self->cache_dir);
  /* The tile usage policy: identify the application, at most two
   * connections to the server. */
  self->session = soup_session_new_with_options ("user-agent", ops_map_tile_source_get_user_agent (),
                                                 "timeout", 15,
                                                 "max-conns-per-host", 2,
                                                 NULL);
  return self;
}

OpsMapTileSource *
ops_map_tile_source_dup_shared (const char *url_template)
{
  OpsMapTileSource *self;

  g_return_val_if_fail (url_template != NULL, NULL);

  if (shared_sources == NULL)
    shared_sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self = g_hash_table_lookup (shared_sources, url_template);
  if (self != NULL)
    return g_object_ref (self);
  self = ops_map_tile_source_new (url_template, NULL);
  g_hash_table_insert (shared_sources, g_strdup (url_template), self);
  return self;
}

const char *
ops_map_tile_source_get_url_template (OpsMapTileSource *self)
{
  g_return_val_if_fail (OPS_IS_MAP_TILE_SOURCE (self), NULL);

  return self->url_template;
}

gboolean
ops_map_tile_source_get_offline (OpsMapTileSource *self)
{
  g_return_val_if_fail (OPS_IS_MAP_TILE_SOURCE (self), FALSE);

  return self->offline;
}

void
ops_map_tile_source_retry (OpsMapTileSource *self)
{
  g_return_if_fail (OPS_IS_MAP_TILE_SOURCE (self));

  if (!self->offline)
    return;
  g_clear_handle_id (&self->retry_source, g_source_remove);
  self->retry_due = TRUE;
  g_signal_emit (self, signals[RETRY], 0);
}

void
ops_map_tile_source_set_backoff (OpsMapTileSource *self,
                                 guint             first_ms,
                                 guint             max_ms)
{
  g_return_if_fail (OPS_IS_MAP_TILE_SOURCE (self));
  g_return_if_fail (first_ms > 0 && max_ms >= first_ms);

  self->first_backoff_ms = first_ms;
  self->max_backoff_ms = max_ms;
}

guint
ops_map_tile_source_get_n_requests (OpsMapTileSource *self)
{
  g_return_val_if_fail (OPS_IS_MAP_TILE_SOURCE (self), 0);

  return self->n_requests;
}
