/* bench-webhook.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Signed Twilio inbound-SMS webhooks per second on a headless server:
 * N keep-alive connections on loopback, each posting the next webhook as
 * soon as the last is answered (as wrk -c N does), each with a MessageSid
 * of its own and a correct X-Twilio-Signature, for a few seconds.  The
 * server runs on a live workspace (ERPNext configured but unreachable, so
 * every webhook also queues its Communication) of 2,000 customers, with
 * the webhook rate limit off.
 *
 *   bench-webhook [--connections N] [--seconds S] [--demo] [--port P]
 *
 * --port posts to a server already listening on 127.0.0.1:P (to profile
 * it), configured with this program's [twilio] auth_token and
 * [server] public_url.
 */

#define G_LOG_DOMAIN "bench-webhook"

#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/socket.h>
#include <unistd.h>

#include "ops-store.h"
#include "ops-twilio-signature.h"

#define TOKEN "bench-auth-token"
#define ACCOUNT "AC00000000000000000000000000000000"
#define PUBLIC_URL "https://ops.example.net"
#define PATH "/webhook/twilio/sms-incoming"
#define CUSTOMERS 2000
#define TARGET_PER_SECOND 19000
#define NODE_PER_SECOND 9500
#define WARMUP_US (500 * 1000)

typedef struct
{
  int      fd;
  gboolean warm;       /* has had an answer */
  GString *out;        /* the request being written */
  gsize    written;
  GString *in;         /* the answer being read */
  gint64   started;    /* µs */
} Connection;

static guint n_connections = 50;
static double seconds = 5;
static gboolean demo;
static int given_port;
static guint64 next_sid;

/*
 * The server
 */

/* A server left behind by a failed run would hold its port and store. */
static void
die_with_parent (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGKILL);
#endif
}

static void
seed_store (const char *path)
{
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = ops_store_open (path, &error);
  g_assert_no_error (error);
  g_assert (ops_store_begin (store, &error));
  for (guint i = 0; i < CUSTOMERS; i++)
    {
      g_autoptr(JsonObject) customer = json_object_new ();
      g_autoptr(JsonObject) contact = json_object_new ();
      g_autofree char *name = g_strdup_printf ("CUST-%05u", i);
      g_autofree char *contact_name = g_strdup_printf ("CONT-%05u", i);
      g_autofree char *phone = g_strdup_printf ("450-55%u-%04u", 5 + i / 10000, i % 10000);

      json_object_set_string_member (customer, "name", name);
      json_object_set_string_member (customer, "customer_name", name);
      json_object_set_string_member (contact, "name", contact_name);
      json_object_set_string_member (contact, "customer", name);
      json_object_set_string_member (contact, "mobile", phone);
      json_object_set_int_member (contact, "is_primary", 1);
      g_assert (ops_store_upsert (store, "customers", customer, &error));
      g_assert (ops_store_upsert (store, "contacts", contact, &error));
    }
  g_assert (ops_store_reindex_customers (store, &error));
  g_assert (ops_store_commit (store, &error));
}

static GSubprocess *
start_server (const char *dir,
              guint16    *port)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                      G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autofree char *config_path = g_build_filename (dir, "bench.ini", NULL);
  g_autofree char *store_path = g_build_filename (dir, "bench.sqlite", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) listening = g_regex_new ("Listening on [0-9.]+:([0-9]+)", 0, 0, NULL);
  GDataInputStream *lines;
  GSubprocess *process;

  config = g_strdup_printf ("[server]\nlisten = 127.0.0.1\nport = 0\npublic_url = " PUBLIC_URL "\n"
                            "webhook_rate = 0\nshutdown_seconds = 1\n"
                            "%s"
                            "[twilio]\naccount_sid = " ACCOUNT "\nauth_token = " TOKEN "\nfrom = +14505550100\n",
                            demo ? "" : "[erpnext]\nurl = http://127.0.0.1:1\napi_key = k\napi_secret = s\n"
                                        "sync_interval = 86400\n");
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);
  g_chmod (config_path, 0600);
  if (!demo)
    seed_store (store_path);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("OPS_BINARY"), "--headless",
                                         "--config", config_path, "--store", store_path, NULL);
  g_assert_no_error (error);

  /* Its log is read until it listens; what follows is a few lines. */
  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  for (*port = 0; *port == 0;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);
      g_autoptr(GMatchInfo) match = NULL;

      if (line == NULL)
        g_error ("The server stopped before listening");
      if (g_regex_match (listening, line, 0, &match))
        {
          g_autofree char *text = g_match_info_fetch (match, 1);

          *port = (guint16)g_ascii_strtoull (text, NULL, 10);
        }
    }
  g_object_unref (lines);
  return process;
}

static void
remove_workdir (const char *dir)
{
  g_autoptr(GDir) entries = g_dir_open (dir, 0, NULL);
  const char *entry;

  while (entries != NULL && (entry = g_dir_read_name (entries)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, entry, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static gint64
count_messages (const char *dir)
{
  g_autofree char *store_path = g_build_filename (dir, "bench.sqlite", NULL);
  g_autoptr(OpsStore) store = NULL;
  g_autoptr(GPtrArray) names = NULL;
  gint64 received = 0;

  if (!(store = ops_store_open (store_path, NULL)) || !(names = ops_store_list_names (store, "messages", NULL)))
    return -1;
  for (guint i = 0; i < names->len; i++)
    if (g_str_has_prefix (names->pdata[i], "SMS-SMbench"))
      received++;
  return received;
}

/*
 * The load
 */

static void
append_param (GString    *form,
              const char *name,
              const char *value)
{
  g_autofree char *escaped = g_uri_escape_string (value, " ", FALSE);

  g_strdelimit (escaped, " ", '+');
  g_string_append_printf (form, "%s%s=%s", form->len ? "&" : "", name, escaped);
}

/* The next webhook: a new MessageSid, from a customer four times out of
 * five, signed over the public URL. */
static void
build_request (GString *out,
               guint16  port)
{
  g_autofree char *sid = g_strdup_printf ("SMbench%026" G_GINT64_MODIFIER "x", (gint64)next_sid++);
  guint who = g_random_int_range (0, CUSTOMERS * 5 / 4);
  g_autofree char *from = who < CUSTOMERS ? g_strdup_printf ("+1450%03u%04u", 555 + who / 10000, who % 10000)
                                          : g_strdup_printf ("+1514555%04u", who % 10000);
  const char *const params[] = {
    "ToCountry", "CA", "ToState", "QC", "SmsMessageSid", sid, "NumMedia", "0", "ToCity", "",
    "FromZip", "", "SmsSid", sid, "FromState", "QC", "SmsStatus", "received", "FromCity", "",
    "Body", "Toujours pas d'Internet depuis ce matin, le voyant PON clignote.", "FromCountry", "CA",
    "To", "+14505550100", "ToZip", "", "NumSegments", "1", "MessageSid", sid, "AccountSid", ACCOUNT,
    "From", from, "ApiVersion", "2010-04-01", NULL,
  };
  g_autofree char *signature = ops_twilio_signature_compute (TOKEN, PUBLIC_URL PATH, params);
  g_autoptr(GString) form = g_string_new (NULL);

  for (guint i = 0; params[i] != NULL; i += 2)
    append_param (form, params[i], params[i + 1]);

  g_string_printf (out,
                   "POST " PATH " HTTP/1.1\r\nHost: 127.0.0.1:%u\r\nUser-Agent: TwilioProxy/1.1\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: %s\r\n"
                   "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n%s",
                   port, signature, form->len, form->str);
}

static int
connect_to (guint16 port)
{
  struct sockaddr_in address = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int one = 1;

  g_assert (fd >= 0);
  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *)&address, sizeof address) != 0)
    g_error ("Cannot connect to the server: %s", g_strerror (errno));
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  g_unix_set_fd_nonblocking (fd, TRUE, NULL);
  return fd;
}

/* The length of a complete answer at the start of in, 0 when incomplete;
 * status receives its status code. */
static gsize
complete_answer (GString *in,
                 guint   *status)
{
  const char *end = g_strstr_len (in->str, in->len, "\r\n\r\n");
  const char *length;
  gsize head, body = 0;

  if (end == NULL)
    return 0;
  head = end + 4 - in->str;
  *status = (guint)g_ascii_strtoull (in->str + 9, NULL, 10);
  length = g_strstr_len (in->str, head, "\r\nContent-Length: ");
  if (length != NULL)
    body = g_ascii_strtoull (length + 18, NULL, 10);
  return in->len >= head + body ? head + body : 0;
}

static int
compare_latency (gconstpointer a,
                 gconstpointer b)
{
  guint32 x = *(const guint32 *)a, y = *(const guint32 *)b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  GOptionEntry entries[] = {
    { "connections", 'c', 0, G_OPTION_ARG_INT, &n_connections, "Concurrent connections (50)", "N" },
    { "seconds", 's', 0, G_OPTION_ARG_DOUBLE, &seconds, "How long to post (5)", "S" },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, "Demo workspace: no outbox rows", NULL },
    { "port", 'p', 0, G_OPTION_ARG_INT, &given_port, "Post to a server already on this port", "P" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("- signed Twilio webhooks per second");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autofree char *dir = NULL;
  g_autofree Connection *connections = NULL;
  g_autofree struct pollfd *fds = NULL;
  guint64 answered = 0, failures = 0;
  guint warm = 0;
  gint64 start, measure_from, end, measured_end = 0;
  struct rusage usage;
  guint16 port = 0;
  char buffer[16384];
  double rate, p50, p99, max;
  gint64 recorded;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  n_connections = CLAMP (n_connections, 1, 10000);
  signal (SIGPIPE, SIG_IGN);

  if (given_port > 0 && given_port < 65536)
    port = (guint16)given_port;
  else
    {
      dir = g_dir_make_tmp ("bench-webhook-XXXXXX", &error);
      g_assert_no_error (error);
      server = start_server (dir, &port);
    }

  connections = g_new0 (Connection, n_connections);
  fds = g_new0 (struct pollfd, n_connections);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n_connections; i++)
    {
      connections[i].fd = connect_to (port);
      connections[i].out = g_string_new (NULL);
      connections[i].in = g_string_new (NULL);
      build_request (connections[i].out, port);
      connections[i].started = g_get_monotonic_time ();
      fds[i].fd = connections[i].fd;
    }

  /* The clock starts once every connection has had an answer (a burst of
   * connections can wait for the listen backlog) and the warm-up is over. */
  measure_from = G_MAXINT64;
  end = G_MAXINT64;
  for (;;)
    {
      gint64 now = g_get_monotonic_time ();
      guint busy = 0;

      for (guint i = 0; i < n_connections; i++)
        {
          fds[i].events = connections[i].written < connections[i].out->len ? POLLOUT : POLLIN;
          busy += connections[i].fd >= 0;
        }
      if (busy == 0)
        break;
      if (poll (fds, n_connections, 1000) < 0 && errno != EINTR)
        g_error ("poll: %s", g_strerror (errno));

      now = g_get_monotonic_time ();
      for (guint i = 0; i < n_connections; i++)
        {
          Connection *c = &connections[i];
          gssize n;

          if (c->fd < 0 || fds[i].revents == 0)
            continue;

          if (c->written < c->out->len)
            {
              n = send (c->fd, c->out->str + c->written, c->out->len - c->written, 0);
              if (n > 0)
                c->written += n;
              else if (n < 0 && errno != EAGAIN)
                g_error ("send: %s", g_strerror (errno));
              continue;
            }

          while ((n = recv (c->fd, buffer, sizeof buffer, 0)) > 0)
            g_string_append_len (c->in, buffer, n);
          if (n == 0)
            g_error ("The server closed a connection");

          for (;;)
            {
              guint status = 0;
              gsize length = complete_answer (c->in, &status);

              if (length == 0)
                break;
              g_string_erase (c->in, 0, length);
              answered++;
              if (!c->warm)
                {
                  c->warm = TRUE;
                  if (++warm == n_connections)
                    {
                      measure_from = now + WARMUP_US;
                      end = measure_from + (gint64)(seconds * G_USEC_PER_SEC);
                      g_print ("  all %u connections answered after %.0f ms\n", n_connections,
                               (now - start) / 1000.0);
                    }
                }
              if (status != 200)
                failures++;
              if (c->started >= measure_from && now <= end)
                {
                  guint32 latency = (guint32)(now - c->started);

                  g_array_append_val (latencies, latency);
                  measured_end = now;
                }

              if (now >= end)
                {
                  close (c->fd);
                  c->fd = -1;
                  fds[i].fd = -1;
                  break;
                }
              build_request (c->out, port);
              c->written = 0;
              c->started = now;
            }
        }
    }

  getrusage (RUSAGE_SELF, &usage);
  if (server != NULL)
    {
      g_subprocess_send_signal (server, SIGTERM);
      g_subprocess_wait (server, NULL, NULL);
    }
  recorded = server != NULL ? count_messages (dir) : (gint64)answered;

  g_array_sort (latencies, compare_latency);
  rate = latencies->len / ((double)(measured_end - measure_from) / G_USEC_PER_SEC);
  p50 = latencies->len ? g_array_index (latencies, guint32, latencies->len / 2) / 1000.0 : 0;
  p99 = latencies->len ? g_array_index (latencies, guint32, (guint)(latencies->len * 0.99)) / 1000.0 : 0;
  max = latencies->len ? g_array_index (latencies, guint32, latencies->len - 1) / 1000.0 : 0;

  g_print ("bench-webhook: signed Twilio inbound webhooks, %u connections, %.1f s, %s workspace\n",
           n_connections, seconds, demo ? "demo" : "live (each also queues a Communication)");
  g_print ("  requests/s     %10.0f   (target >= %d; Node gateway %d)\n", rate, TARGET_PER_SECOND, NODE_PER_SECOND);
  g_print ("  latency p50    %10.2f ms\n", p50);
  g_print ("  latency p99    %10.2f ms\n", p99);
  g_print ("  latency max    %10.2f ms\n", max);
  g_print ("  answered       %10" G_GUINT64_FORMAT "   (not 200: %" G_GUINT64_FORMAT ")\n", answered, failures);
  g_print ("  recorded       %10" G_GINT64_FORMAT "   messages in the store\n", recorded);
  g_print ("  client CPU     %10.2f s\n", usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                                           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6);

  if (dir != NULL)
    remove_workdir (dir);

  for (guint i = 0; i < n_connections; i++)
    {
      g_string_free (connections[i].out, TRUE);
      g_string_free (connections[i].in, TRUE);
    }
  return failures == 0 && (gint64)answered == recorded ? 0 : 1;
}
