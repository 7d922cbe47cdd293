/* test-dispatch-map.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dispatch map on the demo workspace with its tile server away: one
 * marker per located job of the day, a marker click selects the job for
 * everyone, a selection made elsewhere centres every map (the page's and
 * the second window's), and the offline notice.  Then the tile source
 * against a local server: its User-Agent, its disk cache and its back-off.
 * Runs under Xvfb with G_DEBUG=fatal-criticals.
 */

#define G_LOG_DOMAIN "test-dispatch-map"

#include "config.h"

#include "ops-test-ui.h"

#include <adwaita.h>
#include <libsoup/soup.h>

#include "ops-application.h"
#include "ops-dispatch-map.h"
#include "ops-map-tile-source.h"
#include "ops-store-dispatch.h"
#include "ops-workspace.h"

/* Nothing listens on the discard port. */
#define OFFLINE_TILES "http://127.0.0.1:9/{z}/{x}/{y}.png"

typedef struct
{
  OpsConfig            *config;
  OpsStore             *store;
  OpsDispatchBoard     *board;
  OpsDispatchSelection *selection;
  char                 *today;
  GtkWindow            *window;
  OpsDispatchMap       *map;
} Fixture;

/*
 * Helpers
 */

static char *
day_offset (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static gboolean
map_is_offline (gpointer data)
{
  return ops_dispatch_map_get_tiles_offline (data);
}

/* Located jobs of day, counted from the store rather than the board. */
static guint
count_located_jobs (Fixture    *fixture,
                    const char *day)
{
  g_autoptr(GPtrArray) jobs = NULL;
  g_autoptr(GPtrArray) tray = NULL;
  g_autoptr(GError) error = NULL;
  OpsTrayFilter filter = { NULL, };
  guint n = 0;

  jobs = ops_store_list_jobs_between (fixture->store, day, day, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < jobs->len; i++)
    n += ((OpsDispatchJob *) jobs->pdata[i])->has_coords;
  tray = ops_store_list_tray (fixture->store, OPS_TRAY_UNASSIGNED, &filter, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < tray->len; i++)
    {
      OpsDispatchJob *job = tray->pdata[i];

      if (job->has_coords && (job->scheduled_date == NULL || g_strcmp0 (job->scheduled_date, day) == 0))
        n++;
    }
  return n;
}

/* A located job of today with a technician and this status. */
static const OpsDispatchJob *
find_job (Fixture      *fixture,
          OpsJobStatus  status)
{
  GPtrArray *jobs = ops_dispatch_board_get_jobs (fixture->board);

  for (guint i = 0; i < jobs->len; i++)
    {
      const OpsDispatchJob *job = jobs->pdata[i];

      if (job->status == status && job->has_coords && job->technician != NULL &&
          g_strcmp0 (job->scheduled_date, fixture->today) == 0)
        return job;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "map.sqlite", NULL);
  g_autofree char *yesterday = day_offset (-1);
  g_autofree char *tomorrow = day_offset (1);
  g_autoptr(GError) error = NULL;

  fixture->config = ops_config_new ();
  ops_config_set_string (fixture->config, "map", "tile_url", OFFLINE_TILES);
  fixture->store = ops_workspace_open (fixture->config, path, TRUE, &error);
  g_assert_no_error (error);
  fixture->today = day_offset (0);
  fixture->board = ops_dispatch_board_new (fixture->store);
  g_assert_true (ops_dispatch_board_load (fixture->board, yesterday, tomorrow, &error));
  g_assert_no_error (error);
  fixture->selection = ops_dispatch_selection_new ();

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 900, 700);
  fixture->map = OPS_DISPATCH_MAP (ops_dispatch_map_new (fixture->config));
  ops_dispatch_map_set_day (fixture->map, fixture->today);
  ops_dispatch_map_set_board (fixture->map, fixture->board);
  ops_dispatch_map_set_selection (fixture->map, fixture->selection);
  gtk_window_set_child (fixture->window, GTK_WIDGET (fixture->map));
  gtk_window_present (fixture->window);
  ops_test_drain ();
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  ops_test_drain ();
  g_clear_object (&fixture->selection);
  g_clear_object (&fixture->board);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->config);
  g_clear_pointer (&fixture->today, g_free);
}

/*
 * The map
 */

static void
test_markers (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *tomorrow = day_offset (1);
  guint today_n = count_located_jobs (fixture, fixture->today);
  guint tomorrow_n = count_located_jobs (fixture, tomorrow);

  /* The demo's day has dozens of jobs, the next day a few. */
  g_assert_cmpuint (today_n, >, 30);
  g_assert_cmpuint (tomorrow_n, >, 0);
  g_assert_cmpuint (tomorrow_n, <, today_n);
  g_assert_cmpuint (ops_dispatch_map_get_n_job_markers (fixture->map), ==, today_n);
  /* Every demo technician has a home base, so a position. */
  g_assert_cmpuint (ops_dispatch_map_get_n_tech_markers (fixture->map), ==,
                    ops_dispatch_board_get_techs (fixture->board)->len);

  ops_dispatch_map_set_day (fixture->map, tomorrow);
  g_assert_cmpuint (ops_dispatch_map_get_n_job_markers (fixture->map), ==, tomorrow_n);

  /* A reload of the board keeps the count. */
  ops_dispatch_map_set_day (fixture->map, fixture->today);
  g_assert_true (ops_dispatch_board_reload (fixture->board, NULL));
  g_assert_cmpuint (ops_dispatch_map_get_n_job_markers (fixture->map), ==, today_n);
}

static void
test_activate (Fixture       *fixture,
               gconstpointer  data)
{
  const OpsDispatchJob *job = find_job (fixture, OPS_JOB_SCHEDULED);
  g_autoptr(GPtrArray) jobs = ops_store_list_jobs_between (fixture->store, fixture->today, fixture->today, NULL);
  guint stops = 0;

  g_assert_null (ops_dispatch_map_get_focused_job (fixture->map));
  g_assert_cmpuint (ops_dispatch_map_get_path_length (fixture->map), ==, 0);

  ops_dispatch_map_activate_job (fixture->map, job->name);
  g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, job->name);
  g_assert_cmpstr (ops_dispatch_selection_get_technician (fixture->selection), ==, job->technician);
  g_assert_cmpstr (ops_dispatch_map_get_focused_job (fixture->map), ==, job->name);

  /* The technician's day as a path: one numbered stop per located job
   * that is not cancelled, as lead or assistant. */
  for (guint i = 0; i < jobs->len; i++)
    {
      OpsDispatchJob *other = jobs->pdata[i];

      if ((g_strcmp0 (other->technician, job->technician) == 0 ||
           g_strv_contains ((const char * const *) other->assistants, job->technician)) &&
          other->has_coords && other->status != OPS_JOB_CANCELLED)
        stops++;
    }
  g_assert_cmpuint (stops, >, 0);
  g_assert_cmpuint (ops_dispatch_map_get_path_length (fixture->map), ==, stops);

  /* An unknown job changes nothing. */
  ops_dispatch_map_activate_job (fixture->map, "DJ-99999");
  g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, job->name);

  /* Clearing the selection clears the path and the focus. */
  ops_dispatch_selection_set (fixture->selection, NULL, NULL);
  g_assert_null (ops_dispatch_map_get_focused_job (fixture->map));
  g_assert_cmpuint (ops_dispatch_map_get_path_length (fixture->map), ==, 0);
}

static void
test_two_maps (Fixture       *fixture,
               gconstpointer  data)
{
  const OpsDispatchJob *on_site = find_job (fixture, OPS_JOB_ON_SITE);
  const OpsDispatchJob *completed = find_job (fixture, OPS_JOB_COMPLETED);
  GtkWindow *window;
  OpsDispatchMap *second;
  GPtrArray *jobs = ops_dispatch_board_get_jobs (fixture->board);
  const OpsDispatchJob *tomorrow_job = NULL;
  g_autofree char *tomorrow = day_offset (1);

  window = ops_dispatch_map_window_new (NULL, fixture->config, fixture->board, fixture->selection);
  g_assert_true (ADW_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Dispatch Map");
  second = ops_dispatch_map_window_get_map (window);
  g_assert_true (OPS_IS_DISPATCH_MAP (second));
  ops_dispatch_map_set_day (second, fixture->today);
  gtk_window_present (window);
  ops_test_drain ();
  g_assert_cmpuint (ops_dispatch_map_get_n_job_markers (second), ==,
                    ops_dispatch_map_get_n_job_markers (fixture->map));

  /* Selected elsewhere (the timeline): both maps centre on it. */
  ops_dispatch_selection_set (fixture->selection, on_site->name, on_site->technician);
  g_assert_cmpstr (ops_dispatch_map_get_focused_job (fixture->map), ==, on_site->name);
  g_assert_cmpstr (ops_dispatch_map_get_focused_job (second), ==, on_site->name);

  /* Clicked on the second monitor: the page's map follows. */
  ops_dispatch_map_activate_job (second, completed->name);
  g_assert_cmpstr (ops_dispatch_selection_get_job (fixture->selection), ==, completed->name);
  g_assert_cmpstr (ops_dispatch_map_get_focused_job (fixture->map), ==, completed->name);
  g_assert_cmpstr (ops_dispatch_map_get_focused_job (second), ==, completed->name);

  /* A job that is not on the shown day has no marker to centre on. */
  for (guint i = 0; i < jobs->len && tomorrow_job == NULL; i++)
    if (g_strcmp0 (((OpsDispatchJob *) jobs->pdata[i])->scheduled_date, tomorrow) == 0)
      tomorrow_job = jobs->pdata[i];
  g_assert_nonnull (tomorrow_job);
  ops_dispatch_selection_set (fixture->selection, tomorrow_job->name, tomorrow_job->technician);
  g_assert_null (ops_dispatch_map_get_focused_job (fixture->map));
  g_assert_null (ops_dispatch_map_get_focused_job (second));
}

static void
test_offline (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *notice;
  GtkWidget *label;

  /* The tiles fail to connect: the notice shows, the markers stay. */
  ops_test_iterate_until (map_is_offline, fixture->map);
  g_assert_cmpuint (ops_dispatch_map_get_n_job_markers (fixture->map), >, 0);
  notice = ops_test_find_named (GTK_WIDGET (fixture->map), "offline-notice");
  g_assert_true (GTK_IS_REVEALER (notice));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (notice)));
  label = ops_test_find_of_type (notice, GTK_TYPE_LABEL);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==,
                   "Map tiles are offline. Markers are shown without the map.");
}

/* The place a technician is believed to be. */
static OpsDispatchJob *
job_at (const char   *name,
        OpsJobStatus  status,
        double        latitude)
{
  OpsDispatchJob *job = g_new0 (OpsDispatchJob, 1);

  job->name = g_strdup (name);
  job->status = status;
  job->assistants = g_new0 (char *, 1);
  job->tags = g_new0 (char *, 1);
  job->equipment = g_new0 (char *, 1);
  job->has_coords = latitude != 0;
  job->latitude = latitude;
  job->longitude = -73;
  return job;
}

static void
test_locate_tech (void)
{
  OpsDispatchTech tech = { .name = (char *) "TECH-01", .has_home = TRUE, .home_latitude = 45.0, .home_longitude = -73.5 };
  g_autoptr(GPtrArray) jobs = g_ptr_array_new_with_free_func ((GDestroyNotify) ops_dispatch_job_free);
  const OpsDispatchJob *basis = NULL;
  double latitude = 0, longitude = 0;

  /* No job: at home. */
  g_assert_true (ops_dispatch_map_locate_tech (&tech, jobs, &latitude, &longitude, &basis));
  g_assert_null (basis);
  g_assert_cmpfloat (latitude, ==, 45.0);

  /* First job en route: left from home. */
  g_ptr_array_add (jobs, job_at ("DJ-1", OPS_JOB_EN_ROUTE, 45.1));
  g_assert_true (ops_dispatch_map_locate_tech (&tech, jobs, &latitude, &longitude, &basis));
  g_assert_null (basis);
  g_assert_cmpfloat (longitude, ==, -73.5);

  /* Completed then en route: at the completed one. */
  ((OpsDispatchJob *) jobs->pdata[0])->status = OPS_JOB_COMPLETED;
  g_ptr_array_add (jobs, job_at ("DJ-2", OPS_JOB_CANCELLED, 45.2));
  g_ptr_array_add (jobs, job_at ("DJ-3", OPS_JOB_EN_ROUTE, 45.3));
  g_assert_true (ops_dispatch_map_locate_tech (&tech, jobs, &latitude, &longitude, &basis));
  g_assert_cmpstr (basis->name, ==, "DJ-1");
  g_assert_cmpfloat (latitude, ==, 45.1);

  /* Nothing completed, en route from the job before (not the cancelled one). */
  ((OpsDispatchJob *) jobs->pdata[0])->status = OPS_JOB_SCHEDULED;
  g_assert_true (ops_dispatch_map_locate_tech (&tech, jobs, &latitude, &longitude, &basis));
  g_assert_cmpstr (basis->name, ==, "DJ-1");

  /* On site wins over everything. */
  g_ptr_array_add (jobs, job_at ("DJ-4", OPS_JOB_COMPLETED, 45.4));
  g_ptr_array_add (jobs, job_at ("DJ-5", OPS_JOB_ON_SITE, 45.5));
  g_assert_true (ops_dispatch_map_locate_tech (&tech, jobs, &latitude, &longitude, &basis));
  g_assert_cmpstr (basis->name, ==, "DJ-5");
  g_assert_cmpfloat (latitude, ==, 45.5);

  /* On site at a place without coordinates: unknown, not guessed. */
  ((OpsDispatchJob *) jobs->pdata[4])->has_coords = FALSE;
  g_assert_false (ops_dispatch_map_locate_tech (&tech, jobs, &latitude, &longitude, &basis));

  /* No job and no home: unknown. */
  g_ptr_array_set_size (jobs, 0);
  tech.has_home = FALSE;
  g_assert_false (ops_dispatch_map_locate_tech (&tech, jobs, &latitude, &longitude, &basis));
}

/*
 * The tile source
 */

typedef struct
{
  SoupServer *server;
  guint       port;
  GBytes     *png;
  guint       hits;
  char       *user_agent;
} TileServer;

static void
serve_tile_cb (SoupServer        *server,
               SoupServerMessage *message,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  TileServer *tiles = user_data;
  SoupMessageHeaders *request = soup_server_message_get_request_headers (message);

  tiles->hits++;
  g_free (tiles->user_agent);
  tiles->user_agent = g_strdup (soup_message_headers_get_one (request, "User-Agent"));
  if (!g_str_has_suffix (path, ".png"))
    {
      soup_server_message_set_status (message, SOUP_STATUS_NOT_FOUND, NULL);
      return;
    }
  soup_message_headers_replace (soup_server_message_get_response_headers (message), "ETag", "\"t1\"");
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (message, "image/png", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (tiles->png, NULL), g_bytes_get_size (tiles->png));
}

static void
tile_server_listen (TileServer *tiles)
{
  g_autoptr(GError) error = NULL;
  g_autoslist(GUri) uris = NULL;

  tiles->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (tiles->server, NULL, serve_tile_cb, tiles, NULL);
  soup_server_listen_local (tiles->server, tiles->port, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (tiles->server);
  tiles->port = g_uri_get_port (uris->data);
}

static void
tile_server_stop (TileServer *tiles)
{
  soup_server_disconnect (tiles->server);
  g_clear_object (&tiles->server);
}

static void
tile_server_init (TileServer *tiles)
{
  static const guint8 pixel[4] = { 0x35, 0x84, 0xe4, 0xff };
  g_autoptr(GBytes) data = g_bytes_new_static (pixel, sizeof pixel);
  g_autoptr(GdkTexture) texture = gdk_memory_texture_new (1, 1, GDK_MEMORY_R8G8B8A8, data, 4);

  memset (tiles, 0, sizeof *tiles);
  tiles->png = gdk_texture_save_to_png_bytes (texture);
  tile_server_listen (tiles);
}

static void
tile_server_clear (TileServer *tiles)
{
  if (tiles->server != NULL)
    tile_server_stop (tiles);
  g_clear_pointer (&tiles->png, g_bytes_unref);
  g_clear_pointer (&tiles->user_agent, g_free);
}

typedef struct
{
  gboolean  done;
  GBytes   *bytes;
  GError   *error;
} Fetch;

static void
on_fetched_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->bytes = shumate_data_source_get_tile_data_finish (SHUMATE_DATA_SOURCE (object), result, &fetch->error);
  fetch->done = TRUE;
}

static gboolean
fetch_is_done (gpointer data)
{
  return ((Fetch *) data)->done;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

/* Fetches one tile; returns the bytes or sets error. */
static GBytes *
fetch_tile (OpsMapTileSource  *source,
            int                x,
            int                y,
            int                zoom,
            GError           **error)
{
  Fetch fetch = { FALSE, NULL, NULL };

  shumate_data_source_get_tile_data_async (SHUMATE_DATA_SOURCE (source), x, y, zoom, NULL, on_fetched_cb, &fetch);
  ops_test_iterate_until (fetch_is_done, &fetch);
  if (fetch.error != NULL)
    g_propagate_error (error, fetch.error);
  return fetch.bytes;
}

typedef struct
{
  const char *dir;
  guint       want;
} CachedPngs;

/* At least want .png files below dir. */
static gboolean
pngs_are_cached (gpointer data)
{
  CachedPngs *cached = data;
  g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);
  guint found = 0;

  g_ptr_array_add (stack, g_strdup (cached->dir));
  while (stack->len > 0)
    {
      g_autofree char *path = g_ptr_array_steal_index (stack, stack->len - 1);
      g_autoptr(GDir) gdir = g_dir_open (path, 0, NULL);
      const char *name;

      while (gdir != NULL && (name = g_dir_read_name (gdir)) != NULL)
        {
          char *child = g_build_filename (path, name, NULL);

          if (g_str_has_suffix (name, ".png"))
            found++;
          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            g_ptr_array_add (stack, child);
          else
            g_free (child);
        }
    }
  return found >= cached->want;
}

static void
test_tile_source_cache (void)
{
  TileServer tiles;
  g_autofree char *url = NULL;
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "gigafibre-ops", "tiles", NULL);
  g_autofree char *expected_agent = g_strdup_printf ("gigafibre-ops/%s (+https://gigafibre.ca)", PACKAGE_VERSION);
  g_autoptr(OpsMapTileSource) source = NULL;
  g_autoptr(OpsMapTileSource) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) third = NULL;
  g_autoptr(GError) error = NULL;
  CachedPngs cached;

  tile_server_init (&tiles);
  url = g_strdup_printf ("http://127.0.0.1:%u/tiles/{z}/{x}/{y}.png", tiles.port);
  source = ops_map_tile_source_new (url, NULL);

  first = fetch_tile (source, 1, 2, 3, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (first, tiles.png));
  g_assert_cmpuint (tiles.hits, ==, 1);
  g_assert_cmpstr (tiles.user_agent, ==, expected_agent);
  g_assert_cmpstr (ops_map_tile_source_get_user_agent (), ==, expected_agent);
  g_assert_false (ops_map_tile_source_get_offline (source));

  /* Written under the user's cache directory, then served from there, by
   * this source and by a new one (the next run of the application). */
  cached.dir = cache_dir;
  cached.want = 1;
  ops_test_iterate_until (pngs_are_cached, &cached);
  second = fetch_tile (source, 1, 2, 3, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (second, tiles.png));
  g_assert_cmpuint (tiles.hits, ==, 1);
  g_assert_cmpuint (ops_map_tile_source_get_n_requests (source), ==, 1);
  /* The cache database is held by one source at a time. */
  g_clear_object (&source);
  again = ops_map_tile_source_new (url, NULL);
  third = fetch_tile (again, 1, 2, 3, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (third, tiles.png));
  g_assert_cmpuint (tiles.hits, ==, 1);
  g_assert_cmpuint (ops_map_tile_source_get_n_requests (again), ==, 0);

  /* Another tile is another request. */
  g_clear_pointer (&third, g_bytes_unref);
  third = fetch_tile (again, 2, 2, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tiles.hits, ==, 2);
  cached.want = 2;
  ops_test_iterate_until (pngs_are_cached, &cached);

  tile_server_clear (&tiles);
}

static void
on_retry_cb (OpsMapTileSource *source,
             gboolean         *retried)
{
  *retried = TRUE;
}

static void
test_tile_source_backoff (void)
{
  TileServer tiles;
  g_autofree char *url = NULL;
  g_autofree char *cache_dir = g_build_filename (g_get_user_cache_dir (), "backoff", NULL);
  g_autoptr(OpsMapTileSource) source = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean retried = FALSE;
  gint64 started;

  tile_server_init (&tiles);
  url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", tiles.port);
  tile_server_stop (&tiles);
  source = ops_map_tile_source_new (url, cache_dir);
  ops_map_tile_source_set_backoff (source, 400, 4000);
  g_signal_connect (source, "retry", G_CALLBACK (on_retry_cb), &retried);

  /* Connection refused: offline. */
  started = g_get_monotonic_time ();
  bytes = fetch_tile (source, 0, 0, 1, &error);
  g_assert_null (bytes);
  g_assert_error (error, OPS_MAP_TILE_SOURCE_ERROR, OPS_MAP_TILE_SOURCE_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_true (ops_map_tile_source_get_offline (source));
  g_assert_cmpuint (ops_map_tile_source_get_n_requests (source), ==, 1);

  /* Until the back-off ends, no request goes out. */
  for (int i = 0; i < 5; i++)
    {
      bytes = fetch_tile (source, i, 1, 1, &error);
      g_assert_error (error, OPS_MAP_TILE_SOURCE_ERROR, OPS_MAP_TILE_SOURCE_ERROR_OFFLINE);
      g_clear_error (&error);
    }
  g_assert_cmpuint (ops_map_tile_source_get_n_requests (source), ==, 1);

  /* Then one probe, which fails again: the back-off doubles. */
  ops_test_iterate_until (is_true, &retried);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 400 * 1000);
  retried = FALSE;
  started = g_get_monotonic_time ();
  bytes = fetch_tile (source, 0, 0, 1, &error);
  g_assert_error (error, OPS_MAP_TILE_SOURCE_ERROR, OPS_MAP_TILE_SOURCE_ERROR_UNREACHABLE);
  g_clear_error (&error);
  bytes = fetch_tile (source, 1, 0, 1, &error);
  g_assert_error (error, OPS_MAP_TILE_SOURCE_ERROR, OPS_MAP_TILE_SOURCE_ERROR_OFFLINE);
  g_clear_error (&error);
  g_assert_cmpuint (ops_map_tile_source_get_n_requests (source), ==, 2);

  /* The server is back: the next probe loads and the source is online. */
  tile_server_listen (&tiles);
  ops_test_iterate_until (is_true, &retried);
  g_assert_cmpint (g_get_monotonic_time () - started, >=, 800 * 1000);
  bytes = fetch_tile (source, 0, 0, 1, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, tiles.png));
  g_assert_false (ops_map_tile_source_get_offline (source));
  g_assert_cmpuint (ops_map_tile_source_get_n_requests (source), ==, 3);
  g_assert_cmpuint (tiles.hits, ==, 1);

  tile_server_clear (&tiles);
}

static gboolean
map_is_online (gpointer data)
{
  return !ops_dispatch_map_get_tiles_offline (data);
}

static void
test_back_online (Fixture       *fixture,
                  gconstpointer  data)
{
  TileServer tiles;
  g_autofree char *url = NULL;
  g_autoptr(OpsConfig) config = ops_config_new ();
  GtkWindow *window;
  OpsDispatchMap *map;
  GtkWidget *notice;

  tile_server_init (&tiles);
  url = g_strdup_printf ("http://127.0.0.1:%u/{z}/{x}/{y}.png", tiles.port);
  tile_server_stop (&tiles);
  ops_config_set_string (config, "map", "tile_url", url);
  window = ops_dispatch_map_window_new (NULL, config, fixture->board, fixture->selection);
  map = ops_dispatch_map_window_get_map (window);
  gtk_window_present (window);
  ops_test_iterate_until (map_is_offline, map);
  g_assert_cmpuint (ops_dispatch_map_get_n_job_markers (map), >, 0);

  /* The server comes back; Retry loads the tiles and the notice goes. */
  tile_server_listen (&tiles);
  notice = ops_test_find_named (GTK_WIDGET (map), "offline-notice");
  g_signal_emit_by_name (ops_test_find_of_type (notice, GTK_TYPE_BUTTON), "clicked");
  ops_test_iterate_until (map_is_online, map);
  g_assert_cmpuint (tiles.hits, >, 0);
  g_assert_true (g_str_has_prefix (tiles.user_agent, "gigafibre-ops/"));

  gtk_window_destroy (window);
  ops_test_drain ();
  tile_server_clear (&tiles);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();
  g_type_class_unref (g_type_class_ref (OPS_TYPE_APPLICATION));

  g_test_add_func ("/dispatch-map/locate-tech", test_locate_tech);
  g_test_add ("/dispatch-map/markers", Fixture, NULL, fixture_set_up, test_markers, fixture_tear_down);
  g_test_add ("/dispatch-map/activate", Fixture, NULL, fixture_set_up, test_activate, fixture_tear_down);
  g_test_add ("/dispatch-map/two-maps", Fixture, NULL, fixture_set_up, test_two_maps, fixture_tear_down);
  g_test_add ("/dispatch-map/offline", Fixture, NULL, fixture_set_up, test_offline, fixture_tear_down);
  g_test_add ("/dispatch-map/back-online", Fixture, NULL, fixture_set_up, test_back_online, fixture_tear_down);
  g_test_add_func ("/map-tile-source/cache", test_tile_source_cache);
  g_test_add_func ("/map-tile-source/backoff", test_tile_source_backoff);

  return g_test_run ();
}
