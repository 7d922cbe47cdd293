/* ops-sse-hub.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * /sse and /broadcast.  Each bus event is formatted once, kept in the
 * replay ring and handed to the open streams (ops-sse-streams.c), which
 * all write the same bytes.  A /sse request is checked like any other,
 * then its socket is taken over from SoupServer.
 */

#define G_LOG_DOMAIN "OpsSseHub"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "ops-event-ring.h"
#include "ops-server-response.h"
#include "ops-sse-frame.h"
#include "ops-sse-hub.h"
#include "ops-sse-streams.h"

/* What a client waits before reconnecting, sent once per stream. */
#define RETRY_MS 5000
/* Topics (or patterns) one stream may follow, and their length. */
#define MAX_PATTERNS 32
#define MAX_PATTERN_LENGTH 256
/* The replay ring: bytes of frames kept in all, and topics remembered. */
#define REPLAY_MAX_BYTES (8 * 1024 * 1024)
#define REPLAY_MAX_TOPICS 4096

#define PREAMBLE \
  "HTTP/1.1 200 OK\r\n" \
  "Content-Type: text/event-stream; charset=utf-8\r\n" \
  "Cache-Control: no-store\r\n" \
  "X-Accel-Buffering: no\r\n" \
  "Connection: close\r\n" \
  "Server: " PACKAGE_NAME "/" PACKAGE_VERSION "\r\n" \
  "\r\n"

/* The /broadcast being published: the bus emits synchronously in the main
 * context, so the hub's handler fills it in. */
typedef struct
{
  const char *topic;
  const char *event;
  gboolean    done;
  guint64     id;
  guint       delivered;
} Broadcast;

struct _OpsSseHub
{
  GObject                 parent_instance;

  OpsEventBus            *bus;
  gulong                  bus_handler;
  OpsSseStreams          *streams;
  OpsEventRing           *ring;
  Broadcast              *broadcast;

  GBytes                 *preamble;      /* response headers + retry */
  GBytes                 *keepalive;
  GBytes                 *close_frame;
  GBytes                 *shutdown_frame;

  guint                   keepalive_seconds;
  GSource                *keepalive_source;

  guint64                 last_id;
  gboolean                shut_down;
  guint64                 published;

  OpsServerAuthorizeFunc  authorize;
  gpointer                authorize_data;
  GDestroyNotify          authorize_destroy;
};

G_DEFINE_FINAL_TYPE (OpsSseHub, ops_sse_hub, G_TYPE_OBJECT)

/*
 * Auxiliary methods
 */

static GBytes *
control_frame (guint64     id,
               const char *event,
               const char *reason,
               const char *message)
{
  g_autofree char *data = ops_sse_frame_reason_data (reason, message);

  return ops_sse_frame_event (id, event, data, NULL);
}

static gboolean
parse_event_id (const char *text,
                guint64    *id)
{
  if (text == NULL || *text == '\0' || !g_ascii_isdigit (*text))
    return FALSE;
  return g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, id, NULL);
}

/* Takes over the socket of msg, which SoupServer then forgets.  Returns a
 * descriptor of our own, or -1. */
static int
steal_socket (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) io = soup_server_message_steal_connection (msg);
  g_autoptr(GIOStream) base = NULL;
  GSocket *socket = NULL;
  GParamSpec *pspec;
  int fd;

  if (io == NULL)
    return -1;

  /* libsoup hands the socket over as the stream's "GSocket" data; the
   * stream itself may be its own wrapper around a GSocketConnection. */
  socket = g_object_get_data (G_OBJECT (io), "GSocket");
  if (socket == NULL && G_IS_SOCKET_CONNECTION (io))
    socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (io));
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (io), "base-iostream");
  if (socket == NULL && pspec != NULL && (pspec->flags & G_PARAM_READABLE))
    {
      g_object_get (io, "base-iostream", &base, NULL);
      if (G_IS_SOCKET_CONNECTION (base))
        socket = g_socket_connection_get_socket (G_SOCKET_CONNECTION (base));
    }
  if (socket == NULL)
    {
      g_warning ("Could not take over an SSE connection from SoupServer");
      return -1;
    }

  /* A descriptor of our own; theirs is closed now, which does not end the
   * connection while ours is open.  (libsoup 3.2 keeps a reference on the
   * GSocket after the steal: left to it, the socket would stay open.) */
  fd = fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 0);
  g_socket_close (socket, NULL);
  return fd;
}

/* Opens a stream on fd: the response headers and retry, then what it
 * missed since last_event_id, or "resync". */
static void
stream_open (OpsSseHub  *self,
             int         fd,
             char      **patterns,
             const char *last_event_id)
{
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func ((GDestroyNotify)g_bytes_unref);
  guint64 after;

  g_ptr_array_add (frames, g_bytes_ref (self->preamble));
  if (last_event_id != NULL &&
      !(parse_event_id (last_event_id, &after) &&
        ops_event_ring_replay (self->ring, (const char * const *)patterns, after, frames)))
    g_ptr_array_add (frames, control_frame (self->last_id, "resync", "too_old",
                                            "The events after your Last-Event-ID are no longer kept. "
                                            "Fetch the current state again."));

  ops_sse_streams_open (self->streams, fd, patterns, frames);
}

/* The topics of /sse?topics=a,b; NULL with the 400 set. */
static char **
parse_topics (SoupServerMessage *msg,
              GHashTable        *query)
{
  const char *value = query ? g_hash_table_lookup (query, "topics") : NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;
  guint n = 0;

  if (value != NULL)
    parts = g_strsplit (value, ",", -1);
  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    {
      char *topic = g_strstrip (parts[i]);

      if (*topic == '\0')
        continue;
      if (strlen (topic) > MAX_PATTERN_LENGTH || !ops_sse_frame_check_line (topic, -1, NULL))
        {
          ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                    "A topic is too long or holds a line break. "
                                    "Use names such as dispatch, conversations or customer:C0001.");
          return NULL;
        }
      if (++n > MAX_PATTERNS)
        {
          g_autofree char *message = g_strdup_printf ("Follow at most %u topics per stream; "
                                                      "use a pattern such as customer:* for many.",
                                                      MAX_PATTERNS);

          ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
          return NULL;
        }
      g_strv_builder_add (builder, topic);
    }

  if (n == 0)
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                "Name the topics to follow: /sse?topics=dispatch,customer:C0001 "
                                "(customer:* for every customer).");
      return NULL;
    }
  return g_strv_builder_end (builder);
}

/*
 * Callbacks
 */

static void
on_bus_event_cb (OpsEventBus *bus,
                 const char  *topic,
                 JsonNode    *data,
                 gpointer     user_data)
{
  OpsSseHub *self = user_data;
  Broadcast *broadcast = NULL;
  g_autoptr(GBytes) frame = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  guint delivered = 0;
  guint64 id;

  if (self->shut_down)
    return;

  if (self->broadcast != NULL && !self->broadcast->done && g_str_equal (self->broadcast->topic, topic))
    broadcast = self->broadcast;

  id = self->last_id + 1;
  line = ops_sse_frame_bus_data (topic, data, NULL);
  frame = ops_sse_frame_event (id, broadcast ? broadcast->event : NULL, line, &error);
  if (frame == NULL)
    {
      g_warning ("An event on %s cannot be streamed: %s", topic, error->message);
      return;
    }
  self->last_id = id;
  self->published++;
  ops_event_ring_append (self->ring, topic, id, frame);
  delivered = ops_sse_streams_publish (self->streams, topic, frame);

  if (broadcast != NULL)
    {
      broadcast->done = TRUE;
      broadcast->id = id;
      broadcast->delivered = delivered;
    }
}

static gboolean
on_keepalive_cb (gpointer user_data)
{
  OpsSseHub *self = user_data;

  /* A stream that had an event in the last fifth of the interval needs
   * no comment: none stays silent longer than 1.2 intervals. */
  ops_sse_streams_send_idle (self->streams, self->keepalive, self->keepalive_seconds / 5);
  return G_SOURCE_CONTINUE;
}

static gboolean
authorized (OpsSseHub         *self,
            SoupServerMessage *msg)
{
  return self->authorize == NULL || self->authorize (msg, self->authorize_data);
}

static void
on_sse_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  OpsSseHub *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_auto(GStrv) patterns = NULL;
  g_autofree char *last_event_id = NULL;
  const char *value;
  int fd;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_GET)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET");
      ops_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                "Use GET /sse?topics=dispatch,customer:C0001.");
      return;
    }
  if (!authorized (self, msg))
    return;
  if (self->shut_down)
    {
      ops_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "shutting_down",
                                "The server is stopping. Reconnect in a few seconds.");
      return;
    }
  if (soup_server_is_https (server))
    {
      ops_server_respond_error (msg, SOUP_STATUS_NOT_IMPLEMENTED, "not_supported",
                                "Event streams are served over plain HTTP: terminate TLS at the reverse proxy.");
      return;
    }
  if ((patterns = parse_topics (msg, query)) == NULL)
    return;

  value = soup_message_headers_get_one (headers, "Last-Event-ID");
  if (value == NULL || *value == '\0')
    value = query ? g_hash_table_lookup (query, "lastEventId") : NULL;
  if (value != NULL && *value != '\0')
    last_event_id = g_strstrip (g_strdup (value));

  /* Answered by the hub from here on; a status keeps SoupServer from
   * pausing the message it no longer owns. */
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  fd = steal_socket (msg);
  if (fd < 0)
    return;
  stream_open (self, fd, g_steal_pointer (&patterns), last_event_id);
}

static void
on_broadcast_chunk_cb (SoupServerMessage *msg,
                       GBytes            *chunk,
                       gpointer           user_data)
{
  GByteArray *body = g_object_get_data (G_OBJECT (msg), "ops-sse-body");
  gsize size = g_bytes_get_size (chunk);

  /* Past the limit only the size is kept, to refuse it. */
  if (body->len + size > OPS_SSE_HUB_MAX_BODY)
    {
      g_object_set_data (G_OBJECT (msg), "ops-sse-too-large", GINT_TO_POINTER (TRUE));
      return;
    }
  g_byte_array_append (body, g_bytes_get_data (chunk, NULL), (guint)size);
}

/* Refuses an oversized body before it is read, and keeps the rest from
 * growing past the limit whatever the encoding. */
static void
on_broadcast_early_cb (SoupServer        *server,
                       SoupServerMessage *msg,
                       const char        *path,
                       GHashTable        *query,
                       gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autofree char *message = NULL;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > OPS_SSE_HUB_MAX_BODY)
    {
      message = g_strdup_printf ("The body is larger than %u bytes.", OPS_SSE_HUB_MAX_BODY);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Connection", "close");
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return;
    }

  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_object_set_data_full (G_OBJECT (msg), "ops-sse-body", g_byte_array_new (), (GDestroyNotify)g_byte_array_unref);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_broadcast_chunk_cb), NULL);
}

/* The body of POST /broadcast; FALSE with the 400 set. */
static gboolean
parse_broadcast (SoupServerMessage  *msg,
                 JsonParser         *parser,
                 const char        **topic,
                 const char        **event,
                 JsonNode          **data)
{
  GByteArray *body = g_object_get_data (G_OBJECT (msg), "ops-sse-body");
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  JsonObject *object;
  JsonNode *node;

  if (g_object_get_data (G_OBJECT (msg), "ops-sse-too-large") != NULL)
    {
      message = g_strdup_printf ("The body is larger than %u bytes.", OPS_SSE_HUB_MAX_BODY);
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return FALSE;
    }
  if (body == NULL || body->len == 0 ||
      !json_parser_load_from_data (parser, (const char *)body->data, body->len, &error) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      message = g_strdup_printf ("The body is not a JSON object%s%s. "
                                 "Send {\"topic\": \"dispatch\", \"event\": \"job.updated\", \"data\": {…}}.",
                                 error ? ": " : "", error ? error->message : "");
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request", message);
      return FALSE;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  node = json_object_get_member (object, "topic");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING ||
      *json_node_get_string (node) == '\0' || strlen (json_node_get_string (node)) > MAX_PATTERN_LENGTH ||
      !ops_sse_frame_check_line (json_node_get_string (node), -1, NULL))
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                "The body needs a \"topic\": one line, such as dispatch or customer:C0001.");
      return FALSE;
    }
  *topic = json_node_get_string (node);

  *event = NULL;
  node = json_object_get_member (object, "event");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      if (json_node_get_value_type (node) != G_TYPE_STRING ||
          *json_node_get_string (node) == '\0' || strlen (json_node_get_string (node)) > OPS_SSE_FRAME_MAX_NAME ||
          !ops_sse_frame_check_line (json_node_get_string (node), -1, NULL))
        {
          ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                    "The \"event\" must be one line of text, such as job.updated.");
          return FALSE;
        }
      *event = json_node_get_string (node);
    }

  *data = json_object_get_member (object, "data");
  return TRUE;
}

static void
on_broadcast_cb (SoupServer        *server,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  OpsSseHub *self = user_data;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) answer = NULL;
  Broadcast broadcast = { 0 };
  const char *topic = NULL;
  const char *event = NULL;
  JsonNode *data = NULL;

  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      ops_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed",
                                "Use POST /broadcast with {\"topic\": \"dispatch\", \"data\": {…}}.");
      return;
    }
  if (!authorized (self, msg))
    return;
  if (!parse_broadcast (msg, parser, &topic, &event, &data))
    return;
  if (self->shut_down)
    {
      ops_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "shutting_down",
                                "The server is stopping. Try again in a few seconds.");
      return;
    }

  broadcast.topic = topic;
  broadcast.event = event;
  self->broadcast = &broadcast;
  ops_event_bus_publish (self->bus, topic, data);
  self->broadcast = NULL;

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  if (broadcast.done)
    json_builder_add_int_value (builder, (gint64)broadcast.id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "delivered");
  if (broadcast.done)
    json_builder_add_int_value (builder, broadcast.delivered);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  answer = json_builder_get_root (builder);

  /* Published from another context: streamed later, not known yet. */
  ops_server_respond_json (msg, broadcast.done ? SOUP_STATUS_OK : SOUP_STATUS_ACCEPTED, answer);
}

/*
 * GObject overrides
 */

static void
ops_sse_hub_dispose (GObject *object)
{
  OpsSseHub *self = (OpsSseHub *)object;

  ops_sse_hub_shutdown (self);

  if (self->authorize_destroy != NULL)
    self->authorize_destroy (self->authorize_data);
  self->authorize = NULL;
  self->authorize_data = NULL;
  self->authorize_destroy = NULL;
  g_clear_object (&self->bus);

  G_OBJECT_CLASS (ops_sse_hub_parent_class)->dispose (object);
}

static void
ops_sse_hub_finalize (GObject *object)
{
  OpsSseHub *self = (OpsSseHub *)object;

  g_clear_pointer (&self->streams, ops_sse_streams_free);
  g_clear_pointer (&self->ring, ops_event_ring_free);
  g_bytes_unref (self->preamble);
  g_bytes_unref (self->keepalive);
  g_bytes_unref (self->close_frame);
  g_bytes_unref (self->shutdown_frame);

  G_OBJECT_CLASS (ops_sse_hub_parent_class)->finalize (object);
}

static void
ops_sse_hub_class_init (OpsSseHubClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_sse_hub_dispose;
  object_class->finalize = ops_sse_hub_finalize;
}

static void
ops_sse_hub_init (OpsSseHub *self)
{
  g_autoptr(GBytes) retry = ops_sse_frame_retry (RETRY_MS);
  GByteArray *preamble = g_byte_array_new ();

  g_byte_array_append (preamble, (const guint8 *)PREAMBLE, strlen (PREAMBLE));
  g_byte_array_append (preamble, g_bytes_get_data (retry, NULL), (guint)g_bytes_get_size (retry));
  self->preamble = g_byte_array_free_to_bytes (preamble);
  self->keepalive = ops_sse_frame_comment ("keep-alive", NULL);
  self->close_frame = control_frame (0, "close", "slow_client",
                                     "This stream was not read fast enough and was closed. "
                                     "Reconnect with Last-Event-ID.");
  self->shutdown_frame = control_frame (0, "shutdown", "shutdown",
                                        "The server is stopping. Reconnect with Last-Event-ID.");
}

/*
 * Public API
 */

/**
 * ops_sse_hub_new:
 * @bus: the bus whose events are streamed
 * @config: (nullable): the settings, or NULL for the defaults
 *
 * The hub works in the thread-default main context it is created in.
 */
OpsSseHub *
ops_sse_hub_new (OpsEventBus *bus,
                 OpsConfig   *config)
{
  g_autoptr(GMainContext) context = g_main_context_ref_thread_default ();
  OpsSseHub *self;
  double queue_events = 256;
  double queue_bytes = 1024 * 1024;
  double replay = 100;

  g_return_val_if_fail (OPS_IS_EVENT_BUS (bus), NULL);
  g_return_val_if_fail (config == NULL || OPS_IS_CONFIG (config), NULL);

  self = g_object_new (OPS_TYPE_SSE_HUB, NULL);
  self->bus = g_object_ref (bus);
  self->keepalive_seconds = 25;
  if (config != NULL)
    {
      self->keepalive_seconds = (guint)CLAMP (ops_config_get_int (config, "server", "sse_keepalive_seconds"), 1, 3600);
      queue_events = CLAMP (ops_config_get_double (config, "server", "sse_queue_events"), 1, 1000000);
      queue_bytes = CLAMP (ops_config_get_double (config, "server", "sse_queue_bytes"), 1024, 1024.0 * 1024 * 1024);
      replay = CLAMP (ops_config_get_double (config, "server", "sse_replay_events"), 1, 100000);
    }

  /* Ids go on from the clock, so an id from before a restart is never
   * taken for one of this run. */
  self->last_id = (guint64)(g_get_real_time () / 1000);
  self->ring = ops_event_ring_new ((guint)replay, REPLAY_MAX_BYTES, REPLAY_MAX_TOPICS, self->last_id);
  self->streams = ops_sse_streams_new (context, (guint)queue_events, (gsize)queue_bytes, self->close_frame);

  self->bus_handler = g_signal_connect (bus, "event", G_CALLBACK (on_bus_event_cb), self);
  /* One timer for every stream. */
  self->keepalive_source = g_timeout_source_new_seconds (self->keepalive_seconds);
  g_source_set_callback (self->keepalive_source, on_keepalive_cb, self, NULL);
  g_source_set_static_name (self->keepalive_source, "[gigafibre-ops] SSE keep-alive");
  g_source_attach (self->keepalive_source, context);
  return self;
}

void
ops_sse_hub_add_handlers (OpsSseHub  *self,
                          SoupServer *server)
{
  g_return_if_fail (OPS_IS_SSE_HUB (self));
  g_return_if_fail (SOUP_IS_SERVER (server));

  soup_server_add_handler (server, "/sse", on_sse_cb, self, NULL);
  soup_server_add_early_handler (server, "/broadcast", on_broadcast_early_cb, self, NULL);
  soup_server_add_handler (server, "/broadcast", on_broadcast_cb, self, NULL);
}

void
ops_sse_hub_set_authorize_func (OpsSseHub              *self,
                                OpsServerAuthorizeFunc  func,
                                gpointer                user_data,
                                GDestroyNotify          destroy)
{
  g_return_if_fail (OPS_IS_SSE_HUB (self));

  if (self->authorize_destroy != NULL)
    self->authorize_destroy (self->authorize_data);
  self->authorize = func;
  self->authorize_data = user_data;
  self->authorize_destroy = destroy;
}

void
ops_sse_hub_shutdown (OpsSseHub *self)
{
  g_return_if_fail (OPS_IS_SSE_HUB (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;

  if (self->keepalive_source != NULL)
    {
      g_source_destroy (self->keepalive_source);
      g_clear_pointer (&self->keepalive_source, g_source_unref);
    }
  if (self->bus_handler != 0)
    g_clear_signal_handler (&self->bus_handler, self->bus);

  if (ops_sse_streams_get_count (self->streams) > 0)
    g_message ("Closing %u event streams", ops_sse_streams_get_count (self->streams));
  ops_sse_streams_close_all (self->streams, self->shutdown_frame);
}

guint
ops_sse_hub_get_clients (OpsSseHub *self)
{
  g_return_val_if_fail (OPS_IS_SSE_HUB (self), 0);

  return ops_sse_streams_get_count (self->streams);
}

guint64
ops_sse_hub_get_events_published (OpsSseHub *self)
{
  g_return_val_if_fail (OPS_IS_SSE_HUB (self), 0);

  return self->published;
}

guint64
ops_sse_hub_get_events_delivered (OpsSseHub *self)
{
  g_return_val_if_fail (OPS_IS_SSE_HUB (self), 0);

  return ops_sse_streams_get_delivered (self->streams);
}

guint64
ops_sse_hub_get_streams_dropped (OpsSseHub *self)
{
  g_return_val_if_fail (OPS_IS_SSE_HUB (self), 0);

  return ops_sse_streams_get_dropped (self->streams);
}
