/* ops-hub-client.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-hub-client"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-hub-client.h"
#include "ops-sse-parser.h"

#define READ_SIZE (16 * 1024)
/* Longer than the hub's keep-alive period (25 s): a silent socket is dead. */
#define TIMEOUT_SECONDS 75
/* A stream that stayed up this long, or carried an event, was a success:
 * the back-off starts over. */
#define STABLE_USEC (30 * G_USEC_PER_SEC)

typedef struct
{
  GWeakRef       client;
  GCancellable  *cancellable;
  SoupMessage   *msg;
  GInputStream  *stream;
  OpsSseParser  *parser;
  char          *buffer;
} Connection;

struct _OpsHubClient
{
  GObject         parent_instance;

  char           *url;
  char           *token;
  OpsEventBus    *bus;
  SoupSession    *session;
  OpsRetryPolicy  policy;

  GStrv           topics;        /* set by set_topics */
  GHashTable     *watched;       /* topic -> count */
  char           *stream_topics; /* the comma list of the current stream */

  gboolean        running;
  Connection     *connection;
  guint           reconnect_source;
  guint           topics_source;
  guint           attempt;
  gint64          server_retry_ms;
  gint64          live_since;
  gboolean        got_event;

  OpsHubState     state;
  char           *last_error;
  char           *last_event_id;
  gint64          retry_at;
};

G_DEFINE_FINAL_TYPE (OpsHubClient, ops_hub_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-hub-client-error-quark, ops_hub_client_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_LAST_EVENT_ID,
  PROP_RETRY_AT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void connect_now (OpsHubClient *self);

GType
ops_hub_state_get_type (void)
{
  static gsize type = 0;

  if (g_once_init_enter (&type))
    {
      static const GEnumValue values[] = {
        { OPS_HUB_DISCONNECTED, "OPS_HUB_DISCONNECTED", "disconnected" },
        { OPS_HUB_CONNECTING, "OPS_HUB_CONNECTING", "connecting" },
        { OPS_HUB_LIVE, "OPS_HUB_LIVE", "live" },
        { OPS_HUB_AUTH_FAILED, "OPS_HUB_AUTH_FAILED", "auth-failed" },
        { 0, NULL, NULL }
      };
      g_once_init_leave (&type, g_enum_register_static ("OpsHubState", values));
    }
  return type;
}

/*
 * Auxiliary methods
 */

static void
connection_free (Connection *connection)
{
  g_weak_ref_clear (&connection->client);
  g_clear_object (&connection->cancellable);
  g_clear_object (&connection->msg);
  g_clear_object (&connection->stream);
  g_clear_pointer (&connection->parser, ops_sse_parser_free);
  g_free (connection->buffer);
  g_free (connection);
}

/* The client, when the connection is still its current one (NULL once it
 * was cancelled or replaced, or the client is gone). */
static OpsHubClient *
connection_dup_client (Connection *connection)
{
  OpsHubClient *self;

  if (g_cancellable_is_cancelled (connection->cancellable))
    return NULL;
  self = g_weak_ref_get (&connection->client);
  if (self != NULL && self->connection != connection)
    g_clear_object (&self);
  return self;
}

static void
set_state (OpsHubClient *self,
           OpsHubState   state)
{
  if (self->state == state)
    return;
  g_debug ("state %d -> %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
set_last_error (OpsHubClient *self,
                const char   *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
set_last_event_id (OpsHubClient *self,
                   const char   *id)
{
  if (g_strcmp0 (self->last_event_id, id) == 0)
    return;
  g_free (self->last_event_id);
  self->last_event_id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_EVENT_ID]);
}

static void
set_retry_at (OpsHubClient *self,
              gint64        retry_at)
{
  if (self->retry_at == retry_at)
    return;
  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_AT]);
}

/* Cancels the current stream; its callbacks free it. */
static void
close_connection (OpsHubClient *self)
{
  if (self->connection == NULL)
    return;
  g_cancellable_cancel (self->connection->cancellable);
  self->connection = NULL;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The set and watched topics, sorted, without duplicates or empty ones. */
static GStrv
collect_topics (OpsHubClient *self)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  GHashTableIter iter;
  gpointer key;

  for (guint i = 0; self->topics != NULL && self->topics[i] != NULL; i++)
    g_ptr_array_add (all, self->topics[i]);
  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (all, key);
  g_ptr_array_sort (all, compare_strings);

  for (guint i = 0; i < all->len; i++)
    {
      const char *topic = g_ptr_array_index (all, i);

      if (topic[0] != '\0' && (i == 0 || !g_str_equal (topic, g_ptr_array_index (all, i - 1))))
        g_strv_builder_add (builder, topic);
    }
  return g_strv_builder_end (builder);
}

static char *
topics_query (GStrv topics)
{
  GString *query = g_string_new (NULL);

  for (guint i = 0; topics[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (query, ',');
      g_string_append_uri_escaped (query, topics[i], ":*", FALSE);
    }
  return g_string_free (query, FALSE);
}

static gboolean
on_reconnect_cb (gpointer user_data)
{
  OpsHubClient *self = user_data;

  self->reconnect_source = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

/* After a failed attempt or a lost stream: try again after the back-off
 * (the server's Retry-After or retry: when longer). */
static void
schedule_reconnect (OpsHubClient *self,
                    gint64        retry_after_ms)
{
  guint delay_ms;

  set_state (self, OPS_HUB_DISCONNECTED);
  if (!self->running)
    return;

  if (self->got_event ||
      (self->live_since > 0 && g_get_monotonic_time () - self->live_since >= STABLE_USEC))
    self->attempt = 0;
  self->got_event = FALSE;
  self->live_since = 0;
  self->attempt++;

  delay_ms = ops_retry_policy_delay_ms (&self->policy, self->attempt, retry_after_ms, g_random_double ());
  if (retry_after_ms < 0 && self->server_retry_ms > (gint64)delay_ms)
    delay_ms = (guint)MIN (self->server_retry_ms, (gint64)self->policy.max_delay_ms);

  g_debug ("reconnecting in %u ms (attempt %u)", delay_ms, self->attempt);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  self->reconnect_source = g_timeout_add (delay_ms, on_reconnect_cb, self);
  set_retry_at (self, g_get_real_time () + (gint64)delay_ms * 1000);
}

static void
stream_lost (OpsHubClient *self,
             const char   *message,
             gint64        retry_after_ms)
{
  g_debug ("%s", message);
  close_connection (self);
  set_last_error (self, message);
  schedule_reconnect (self, retry_after_ms);
}

/* The hub (src/server/ops-sse-hub.c) frames a bus event as
 *   id: <N>, optionally event: <name given to /broadcast>,
 *   data: {"topic": T, "data": D}
 * and its own events (resync, close, shutdown) as data: {"reason", "message"}
 * without a topic.  Returns the bus event's topic and data, or FALSE. */
static gboolean
parse_bus_event (OpsSseEvent  *event,
                 char        **topic,
                 JsonNode    **data)
{
  g_autoptr(JsonNode) node = json_from_string (event->data, NULL);
  JsonObject *object;
  JsonNode *member;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;
  object = json_node_get_object (node);
  member = json_object_get_member (object, "topic");
  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING ||
      json_node_get_string (member)[0] == '\0')
    return FALSE;

  *topic = g_strdup (json_node_get_string (member));
  member = json_object_get_member (object, "data");
  *data = member != NULL && !JSON_NODE_HOLDS_NULL (member) ? json_node_copy (member) : NULL;
  return TRUE;
}

/* Returns NULL, or why the hub is closing the stream (it is shutting
 * down, or cut off a stream it found too slow): then reconnect later. */
static const char *
handle_event (OpsHubClient *self,
              OpsSseEvent  *event)
{
  g_autofree char *topic = NULL;
  g_autoptr(JsonNode) data = NULL;

  g_debug ("event %s id %s", event->event, event->id);
  set_last_event_id (self, event->id);
  self->got_event = TRUE;

  if (parse_bus_event (event, &topic, &data))
    {
      ops_event_bus_publish (self->bus, topic, data);
      return NULL;
    }
  if (g_str_equal (event->event, "resync"))
    {
      /* The missed events are no longer kept: the pages refetch. */
      data = json_from_string (event->data, NULL);
      ops_event_bus_publish (self->bus, "resync", data);
      return NULL;
    }
  if (g_str_equal (event->event, "shutdown"))
    return _("The hub is restarting; the live link will come back shortly.");
  if (g_str_equal (event->event, "close"))
    return _("The hub closed the live link because the console read it too slowly; reconnecting.");

  g_debug ("event %s without a topic ignored", event->event);
  return NULL;
}

static void read_next (Connection *connection);

static void
on_read_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Connection *connection = user_data;
  g_autoptr(OpsHubClient) self = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) parse_error = NULL;
  g_autofree char *message = NULL;
  const char *closing = NULL;
  OpsSseEvent *event;
  gssize length;

  length = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);
  if ((self = connection_dup_client (connection)) == NULL)
    {
      connection_free (connection);
      return;
    }

  if (length < 0)
    {
      message = g_strdup_printf (_("The live link to the hub was cut: %s"), error->message);
      stream_lost (self, message, -1);
      connection_free (connection);
      return;
    }
  if (length == 0)
    {
      stream_lost (self, _("The hub closed the live link."), -1);
      connection_free (connection);
      return;
    }

  ops_sse_parser_feed (connection->parser, connection->buffer, (gsize)length, &parse_error);
  if (ops_sse_parser_get_retry (connection->parser) >= 0)
    self->server_retry_ms = ops_sse_parser_get_retry (connection->parser);

  while (closing == NULL && (event = ops_sse_parser_next_event (connection->parser)) != NULL)
    {
      closing = handle_event (self, event);
      ops_sse_event_free (event);
      /* A handler of the bus may have stopped the client. */
      if (self->connection != connection)
        {
          connection_free (connection);
          return;
        }
    }

  if (closing != NULL)
    {
      stream_lost (self, closing, -1);
      connection_free (connection);
      return;
    }
  if (parse_error != NULL)
    {
      message = g_strdup_printf (_("The hub sent a stream that cannot be read: %s"), parse_error->message);
      stream_lost (self, message, -1);
      connection_free (connection);
      return;
    }

  read_next (connection);
}

static void
read_next (Connection *connection)
{
  g_input_stream_read_async (connection->stream, connection->buffer, READ_SIZE, G_PRIORITY_DEFAULT,
                             connection->cancellable, on_read_cb, connection);
}

static gboolean
is_event_stream (SoupMessage *msg)
{
  const char *type = soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL);

  return type != NULL && g_ascii_strcasecmp (type, "text/event-stream") == 0;
}

static void
on_sent_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Connection *connection = user_data;
  g_autoptr(OpsHubClient) self = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if ((self = connection_dup_client (connection)) == NULL)
    {
      connection_free (connection);
      return;
    }

  if (stream == NULL)
    {
      message = g_strdup_printf (_("The hub at %s cannot be reached: %s"), self->url, error->message);
      stream_lost (self, message, -1);
      connection_free (connection);
      return;
    }

  status = soup_message_get_status (connection->msg);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    {
      g_debug ("token refused (%u)", status);
      self->running = FALSE;
      close_connection (self);
      set_last_error (self, _("The hub refused the token: check the hub token in the configuration."));
      set_state (self, OPS_HUB_AUTH_FAILED);
      connection_free (connection);
      return;
    }
  if (status == SOUP_STATUS_NO_CONTENT)
    {
      /* The documented way for a server to tell a client to stop. */
      self->running = FALSE;
      close_connection (self);
      set_last_error (self, _("The hub asked the console not to listen any more."));
      set_state (self, OPS_HUB_DISCONNECTED);
      connection_free (connection);
      return;
    }
  if (status != SOUP_STATUS_OK)
    {
      gint64 retry_after = -1;

      if (ops_http_status_is_retryable (status))
        {
          g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
          const char *value = soup_message_headers_get_one (soup_message_get_response_headers (connection->msg),
                                                            "Retry-After");

          retry_after = ops_http_parse_retry_after (value, now);
        }
      message = g_strdup_printf (_("The hub answered “%u %s”; the console will try again."),
                                 status, soup_message_get_reason_phrase (connection->msg));
      stream_lost (self, message, retry_after);
      connection_free (connection);
      return;
    }
  if (!is_event_stream (connection->msg))
    {
      message = g_strdup_printf (_("The hub at %s did not answer with an event stream: check the hub URL."),
                                 self->url);
      stream_lost (self, message, -1);
      connection_free (connection);
      return;
    }

  g_debug ("live");
  connection->stream = g_steal_pointer (&stream);
  self->live_since = g_get_monotonic_time ();
  set_retry_at (self, 0);
  set_last_error (self, NULL);
  set_state (self, OPS_HUB_LIVE);
  read_next (connection);
}

static void
connect_now (OpsHubClient *self)
{
  g_auto(GStrv) topics = collect_topics (self);
  g_autofree char *uri = NULL;
  Connection *connection;
  SoupMessageHeaders *headers;
  g_autofree char *authorization = NULL;

  close_connection (self);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  set_retry_at (self, 0);

  g_free (self->stream_topics);
  self->stream_topics = topics_query (topics);
  if (!self->running || topics[0] == NULL)
    {
      set_state (self, OPS_HUB_DISCONNECTED);
      return;
    }

  uri = g_strdup_printf ("%s/sse?topics=%s", self->url, self->stream_topics);
  connection = g_new0 (Connection, 1);
  g_weak_ref_init (&connection->client, self);
  connection->cancellable = g_cancellable_new ();
  connection->msg = soup_message_new (SOUP_METHOD_GET, uri);
  connection->parser = ops_sse_parser_new (0, 0);
  ops_sse_parser_set_last_event_id (connection->parser, self->last_event_id);
  connection->buffer = g_malloc (READ_SIZE);
  g_assert (connection->msg != NULL);

  headers = soup_message_get_request_headers (connection->msg);
  authorization = g_strdup_printf ("Bearer %s", self->token);
  soup_message_headers_replace (headers, "Authorization", authorization);
  soup_message_headers_replace (headers, "Accept", "text/event-stream");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  if (self->last_event_id != NULL && self->last_event_id[0] != '\0')
    soup_message_headers_replace (headers, "Last-Event-ID", self->last_event_id);

  g_debug ("connecting to %s/sse?topics=%s", self->url, self->stream_topics);
  self->connection = connection;
  set_state (self, OPS_HUB_CONNECTING);
  soup_session_send_async (self->session, connection->msg, G_PRIORITY_DEFAULT, connection->cancellable,
                           on_sent_cb, connection);
}

static gboolean
on_topics_changed_cb (gpointer user_data)
{
  OpsHubClient *self = user_data;
  g_auto(GStrv) topics = collect_topics (self);
  g_autofree char *query = topics_query (topics);

  self->topics_source = 0;
  if (!self->running || g_strcmp0 (query, self->stream_topics) == 0)
    return G_SOURCE_REMOVE;

  /* A fresh subscription, not a failure: no back-off. */
  self->attempt = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
topics_changed (OpsHubClient *self)
{
  if (self->topics_source == 0)
    self->topics_source = g_idle_add (on_topics_changed_cb, self);
}

/*
 * GObject overrides
 */

static void
ops_hub_client_dispose (GObject *object)
{
  OpsHubClient *self = OPS_HUB_CLIENT (object);

  self->running = FALSE;
  close_connection (self);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->topics_source, g_source_remove);

  G_OBJECT_CLASS (ops_hub_client_parent_class)->dispose (object);
}

static void
ops_hub_client_finalize (GObject *object)
{
  OpsHubClient *self = OPS_HUB_CLIENT (object);

  g_clear_object (&self->session);
  g_clear_object (&self->bus);
  g_clear_pointer (&self->topics, g_strfreev);
  g_clear_pointer (&self->watched, g_hash_table_unref);
  g_free (self->stream_topics);
  g_free (self->url);
  g_free (self->token);
  g_free (self->last_error);
  g_free (self->last_event_id);

  G_OBJECT_CLASS (ops_hub_client_parent_class)->finalize (object);
}

static void
ops_hub_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  OpsHubClient *self = OPS_HUB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_LAST_EVENT_ID:
      g_value_set_string (value, self->last_event_id);
      break;
    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_hub_client_class_init (OpsHubClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_hub_client_dispose;
  object_class->finalize = ops_hub_client_finalize;
  object_class->get_property = ops_hub_client_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, OPS_TYPE_HUB_STATE, OPS_HUB_DISCONNECTED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_EVENT_ID] =
    g_param_spec_string ("last-event-id", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ops_hub_client_init (OpsHubClient *self)
{
  self->watched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->last_event_id = g_strdup ("");
  self->server_retry_ms = -1;
  self->policy.max_attempts = 0;
  self->policy.base_delay_ms = 1000;
  self->policy.max_delay_ms = 60000;
}

/*
 * Public API
 */

OpsHubClient *
ops_hub_client_new (const char   *url,
                    const char   *token,
                    OpsEventBus  *bus,
                    GError      **error)
{
  g_autoptr(OpsHubClient) self = NULL;
  g_autoptr(GUri) parsed = NULL;
  const char *scheme;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (token != NULL, NULL);
  g_return_val_if_fail (OPS_IS_EVENT_BUS (bus), NULL);

  parsed = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  scheme = parsed ? g_uri_get_scheme (parsed) : NULL;
  if (scheme == NULL || (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (parsed) == NULL || g_uri_get_host (parsed)[0] == '\0')
    {
      g_set_error (error, OPS_HUB_CLIENT_ERROR, OPS_HUB_CLIENT_ERROR_INVALID_URL,
                   _("The hub URL “%s” is not an http or https address: correct [hub] url."), url);
      return NULL;
    }

  self = g_object_new (OPS_TYPE_HUB_CLIENT, NULL);
  self->url = g_strdup (url);
  while (g_str_has_suffix (self->url, "/"))
    self->url[strlen (self->url) - 1] = '\0';
  self->token = g_strdup (token);
  self->bus = g_object_ref (bus);
  if (!(self->session = ops_http_session_new (NULL, TIMEOUT_SECONDS, error)))
    return NULL;

  return g_steal_pointer (&self);
}

void
ops_hub_client_set_retry_policy (OpsHubClient         *self,
                                 const OpsRetryPolicy *policy)
{
  g_return_if_fail (OPS_IS_HUB_CLIENT (self));
  g_return_if_fail (policy != NULL);

  self->policy = *policy;
}

void
ops_hub_client_set_topics (OpsHubClient       *self,
                           const char * const *topics)
{
  g_return_if_fail (OPS_IS_HUB_CLIENT (self));

  g_strfreev (self->topics);
  self->topics = g_strdupv ((GStrv)topics);
  topics_changed (self);
}

void
ops_hub_client_watch_topic (OpsHubClient *self,
                            const char   *topic)
{
  guint count;

  g_return_if_fail (OPS_IS_HUB_CLIENT (self));
  g_return_if_fail (topic != NULL);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->watched, topic));
  g_hash_table_replace (self->watched, g_strdup (topic), GUINT_TO_POINTER (count + 1));
  if (count == 0)
    topics_changed (self);
}

void
ops_hub_client_unwatch_topic (OpsHubClient *self,
                              const char   *topic)
{
  guint count;

  g_return_if_fail (OPS_IS_HUB_CLIENT (self));
  g_return_if_fail (topic != NULL);

  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->watched, topic));
  g_return_if_fail (count > 0);

  if (count > 1)
    g_hash_table_replace (self->watched, g_strdup (topic), GUINT_TO_POINTER (count - 1));
  else
    {
      g_hash_table_remove (self->watched, topic);
      topics_changed (self);
    }
}

GStrv
ops_hub_client_dup_topics (OpsHubClient *self)
{
  g_return_val_if_fail (OPS_IS_HUB_CLIENT (self), NULL);

  return collect_topics (self);
}

void
ops_hub_client_start (OpsHubClient *self)
{
  g_return_if_fail (OPS_IS_HUB_CLIENT (self));

  self->running = TRUE;
  self->attempt = 0;
  g_clear_handle_id (&self->topics_source, g_source_remove);
  connect_now (self);
}

void
ops_hub_client_stop (OpsHubClient *self)
{
  g_return_if_fail (OPS_IS_HUB_CLIENT (self));

  self->running = FALSE;
  close_connection (self);
  g_clear_handle_id (&self->reconnect_source, g_source_remove);
  g_clear_handle_id (&self->topics_source, g_source_remove);
  set_retry_at (self, 0);
  if (self->state != OPS_HUB_AUTH_FAILED)
    set_state (self, OPS_HUB_DISCONNECTED);
}

OpsHubState
ops_hub_client_get_state (OpsHubClient *self)
{
  g_return_val_if_fail (OPS_IS_HUB_CLIENT (self), OPS_HUB_DISCONNECTED);
  return self->state;
}

const char *
ops_hub_client_get_last_error (OpsHubClient *self)
{
  g_return_val_if_fail (OPS_IS_HUB_CLIENT (self), NULL);
  return self->last_error;
}

const char *
ops_hub_client_get_last_event_id (OpsHubClient *self)
{
  g_return_val_if_fail (OPS_IS_HUB_CLIENT (self), NULL);
  return self->last_event_id;
}

gint64
ops_hub_client_get_retry_at (OpsHubClient *self)
{
  g_return_val_if_fail (OPS_IS_HUB_CLIENT (self), 0);
  return self->retry_at;
}
