/* bench-sse.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The SSE hub of `gigafibre-ops --headless` under load, as in
 * reference/performance-anchors.md: N raw streams on loopback, broadcasts
 * of ~350-byte events posted to /broadcast on a schedule, each carrying
 * the time it was sent.  Prints delivery latency p50/p99, events delivered
 * per second, the server's CPU per broadcast (utime + stime from /proc)
 * and its RSS per idle stream (VmRSS before and after opening them).
 *
 *   bench-sse                      the three runs of the anchors
 *   bench-sse STREAMS BROADCASTS INTERVAL_MS
 */

#define G_LOG_DOMAIN "bench-sse"
#define _GNU_SOURCE

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __linux__

#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#define EVENT_BYTES 350
#define PARTIAL_MAX 4096
#define CONNECTING_AT_ONCE 8
#define WARM_UP_STREAMS 100
#define QUIET_SECONDS 10

typedef enum
{
  CONN_CONNECTING,
  CONN_HEADERS,
  CONN_STREAMING,
  CONN_CLOSED,
} ConnState;

typedef struct
{
  int        fd;
  ConnState  state;
  guint      len;
  char       partial[PARTIAL_MAX];
} Conn;

typedef struct
{
  GSubprocess *process;
  GThread     *log;
  guint16      port;
  char        *dir;
} Server;

typedef struct
{
  Conn         *conns;
  guint         n;
  int           epoll;
  guint         ready;
  guint         closed;

  gint32       *latencies;     /* µs, one per event received */
  gsize         n_latencies;
  gsize         max_latencies;
  gint64        first_send;
  gint64        last_receive;
  gint          sending_done;  /* atomic */
} Bench;

typedef struct
{
  guint16  port;
  guint    broadcasts;
  guint    interval_ms;
  Bench   *bench;
} Sender;

/*
 * The server
 */

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gpointer
log_thread (gpointer data)
{
  g_autoptr(GDataInputStream) lines = data;

  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, NULL);

      if (line == NULL)
        return NULL;
      if (strstr (line, "WARNING") || strstr (line, "CRITICAL"))
        fprintf (stderr, "server: %s\n", line);
    }
}

static void
server_start (Server *server)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GRegex) listening = g_regex_new ("Listening on [0-9.]+:([0-9]+)", 0, 0, NULL);
  g_autofree char *config = NULL;
  g_autofree char *store = NULL;
  const char *binary = g_getenv ("OPS_BINARY");

  if (binary == NULL)
    g_error ("Set OPS_BINARY to the gigafibre-ops binary (meson does it).");

  server->dir = g_dir_make_tmp ("bench-sse-XXXXXX", &error);
  g_assert_no_error (error);
  config = g_build_filename (server->dir, "bench.ini", NULL);
  store = g_build_filename (server->dir, "bench.sqlite", NULL);
  g_file_set_contents (config, "[server]\nlisten = 127.0.0.1\nport = 0\n", -1, &error);
  g_assert_no_error (error);
  g_chmod (config, 0600);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  g_subprocess_launcher_unsetenv (launcher, "DISPLAY");
  g_subprocess_launcher_unsetenv (launcher, "WAYLAND_DISPLAY");
  g_subprocess_launcher_setenv (launcher, "G_MESSAGES_DEBUG", "", TRUE);
  /* The server as deployed, without the tests' malloc checks. */
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_CHECK_");
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
  server->process = g_subprocess_launcher_spawn (launcher, &error, binary, "--headless",
                                                 "--config", config, "--store", store, NULL);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stderr_pipe (server->process));
  while (server->port == 0)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_autoptr(GMatchInfo) match = NULL;

      if (line == NULL)
        g_error ("The server stopped before listening.");
      if (g_regex_match (listening, line, 0, &match))
        {
          g_autofree char *port = g_match_info_fetch (match, 1);

          server->port = (guint16)g_ascii_strtoull (port, NULL, 10);
        }
    }
  server->log = g_thread_new ("server-log", log_thread, g_steal_pointer (&lines));
}

static void
server_stop (Server *server)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_thread_join (server->log);
  g_clear_object (&server->process);

  /* The config and the store's files. */
  dir = g_dir_open (server->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (server->dir, name, NULL);

      g_remove (path);
    }
  g_rmdir (server->dir);
  g_free (server->dir);
}

static char *
server_proc (Server     *server,
             const char *file)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/%s", g_subprocess_get_identifier (server->process), file);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    g_error ("Cannot read %s", path);
  return contents;
}

static gint64
server_rss_kib (Server *server)
{
  g_autofree char *status = server_proc (server, "status");
  const char *line = strstr (status, "VmRSS:");

  return line ? g_ascii_strtoll (line + strlen ("VmRSS:"), NULL, 10) : 0;
}

/* utime and stime, in µs. */
static void
server_cpu_us (Server *server,
               gint64 *user,
               gint64 *system)
{
  g_autofree char *stat = server_proc (server, "stat");
  g_auto(GStrv) fields = NULL;
  const char *after_name = strrchr (stat, ')');

  g_assert (after_name != NULL);
  fields = g_strsplit (after_name + 2, " ", -1);
  /* Fields 14 and 15 of stat; 3 is the first after the name. */
  *user = g_ascii_strtoll (fields[14 - 3], NULL, 10) * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
  *system = g_ascii_strtoll (fields[15 - 3], NULL, 10) * G_USEC_PER_SEC / sysconf (_SC_CLK_TCK);
}

/*
 * Streams
 */

static void
conn_close (Bench *bench,
            Conn  *conn)
{
  if (conn->state == CONN_CLOSED)
    return;
  epoll_ctl (bench->epoll, EPOLL_CTL_DEL, conn->fd, NULL);
  close (conn->fd);
  conn->fd = -1;
  conn->state = CONN_CLOSED;
  bench->closed++;
}

static void
conn_connect (Bench   *bench,
              guint    index,
              guint16  port)
{
  Conn *conn = &bench->conns[index];
  struct sockaddr_in address = { 0 };
  struct epoll_event event = { 0 };

  conn->fd = socket (AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (conn->fd < 0)
    g_error ("socket(): %s", g_strerror (errno));
  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (conn->fd, (struct sockaddr *)&address, sizeof address) < 0 && errno != EINPROGRESS)
    g_error ("connect(): %s", g_strerror (errno));
  conn->state = CONN_CONNECTING;
  conn->len = 0;
  event.events = EPOLLOUT;
  event.data.u32 = index;
  epoll_ctl (bench->epoll, EPOLL_CTL_ADD, conn->fd, &event);
}

/* Every complete frame in data; the event frames give a latency sample. */
static void
take_frames (Bench      *bench,
             Conn       *conn,
             const char *data,
             gsize       length,
             gint64      now)
{
  char buffer[PARTIAL_MAX + 65536];
  const char *p;
  const char *end;

  if (conn->len > 0)
    {
      memcpy (buffer, conn->partial, conn->len);
      memcpy (buffer + conn->len, data, length);
      data = buffer;
      length += conn->len;
      conn->len = 0;
    }

  p = data;
  while ((end = memmem (p, (gsize)(data + length - p), "\n\n", 2)) != NULL)
    {
      const char *t = memmem (p, (gsize)(end - p), "\"t\":", 4);

      if (t != NULL && bench->n_latencies < bench->max_latencies)
        bench->latencies[bench->n_latencies++] = (gint32)(now - g_ascii_strtoll (t + 4, NULL, 10));
      p = end + 2;
    }

  if (p < data + length)
    {
      gsize rest = (gsize)(data + length - p);

      if (rest > PARTIAL_MAX)
        g_error ("A frame is longer than %d bytes", PARTIAL_MAX);
      memcpy (conn->partial, p, rest);
      conn->len = (guint)rest;
    }
}

static void
conn_ready (Bench  *bench,
            guint   index,
            guint32 events)
{
  Conn *conn = &bench->conns[index];
  char buffer[65536];
  gssize got;

  switch (conn->state)
    {
    case CONN_CONNECTING:
      {
        static const char request[] = "GET /sse?topics=bench,customer:C0001 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                      "Accept: text/event-stream\r\n\r\n";
        struct epoll_event event = { 0 };
        int error = 0;
        socklen_t size = sizeof error;

        getsockopt (conn->fd, SOL_SOCKET, SO_ERROR, &error, &size);
        if (error != 0)
          g_error ("connect(): %s", g_strerror (error));
        if (send (conn->fd, request, sizeof request - 1, MSG_NOSIGNAL) != (gssize)(sizeof request - 1))
          g_error ("Could not send the request");
        conn->state = CONN_HEADERS;
        event.events = EPOLLIN;
        event.data.u32 = index;
        epoll_ctl (bench->epoll, EPOLL_CTL_MOD, conn->fd, &event);
        return;
      }

    case CONN_HEADERS:
      got = recv (conn->fd, conn->partial + conn->len, PARTIAL_MAX - 1 - conn->len, 0);
      if (got <= 0)
        g_error ("A stream closed before its headers");
      conn->len += (guint)got;
      conn->partial[conn->len] = '\0';
      if (!g_str_has_prefix (conn->partial, "HTTP/1.1 200 "))
        g_error ("The server refused a stream: %s", conn->partial);
      if (g_str_has_suffix (conn->partial, "retry: 5000\n\n"))
        {
          conn->state = CONN_STREAMING;
          conn->len = 0;
          bench->ready++;
        }
      return;

    case CONN_STREAMING:
      for (;;)
        {
          got = recv (conn->fd, buffer, sizeof buffer, 0);
          if (got > 0)
            {
              gint64 now = g_get_monotonic_time ();

              take_frames (bench, conn, buffer, (gsize)got, now);
              bench->last_receive = now;
              if ((gsize)got < sizeof buffer)
                return;
              continue;
            }
          if (got < 0 && (errno == EAGAIN || errno == EINTR))
            return;
          conn_close (bench, conn);
          return;
        }

    case CONN_CLOSED:
    default:
      return;
    }
}

/* Runs the epoll loop once; FALSE when nothing happened in timeout_ms. */
static gboolean
bench_poll (Bench *bench,
            int    timeout_ms)
{
  struct epoll_event events[256];
  int n = epoll_wait (bench->epoll, events, G_N_ELEMENTS (events), timeout_ms);

  if (n < 0 && errno != EINTR)
    g_error ("epoll_wait(): %s", g_strerror (errno));
  for (int i = 0; i < n; i++)
    conn_ready (bench, events[i].data.u32, events[i].events);
  return n > 0;
}

static void
bench_open (Bench   *bench,
            guint16  port)
{
  guint next = 0;

  while (bench->ready < bench->n)
    {
      while (next < bench->n && next - bench->ready < CONNECTING_AT_ONCE)
        conn_connect (bench, next++, port);
      if (!bench_poll (bench, 10000))
        g_error ("Opening streams stalled at %u of %u", bench->ready, bench->n);
    }
}

static void
bench_close (Bench *bench)
{
  for (guint i = 0; i < bench->n; i++)
    conn_close (bench, &bench->conns[i]);
}

static Bench *
bench_new (guint n,
           gsize samples)
{
  Bench *bench = g_new0 (Bench, 1);

  bench->n = n;
  bench->conns = g_new0 (Conn, n);
  bench->epoll = epoll_create1 (EPOLL_CLOEXEC);
  bench->max_latencies = samples;
  bench->latencies = g_new (gint32, MAX (samples, 1));
  return bench;
}

static void
bench_free (Bench *bench)
{
  bench_close (bench);
  close (bench->epoll);
  g_free (bench->conns);
  g_free (bench->latencies);
  g_free (bench);
}

/*
 * Broadcasting
 */

static int
connect_blocking (guint16 port)
{
  struct sockaddr_in address = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  address.sin_family = AF_INET;
  address.sin_port = htons (port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (connect (fd, (struct sockaddr *)&address, sizeof address) < 0)
    g_error ("connect(): %s", g_strerror (errno));
  return fd;
}

typedef struct
{
  int   fd;
  guint expected;
} Answers;

/* Reads the answers to the broadcasts until all came (libsoup 3.2 keeps
 * an idle connection open after the client's end). */
static gpointer
answers_thread (gpointer data)
{
  Answers *answers = data;
  char buffer[16384 + 16];
  gsize carry = 0;
  guint seen = 0;

  while (seen < answers->expected)
    {
      gssize got = recv (answers->fd, buffer + carry, sizeof buffer - 16 - carry, 0);
      const char *p = buffer;
      gsize length;

      if (got <= 0)
        break;
      length = carry + (gsize)got;
      while ((p = memmem (p, (gsize)(buffer + length - p), "HTTP/1.1 ", 9)) != NULL)
        {
          if (!g_str_has_prefix (p, "HTTP/1.1 200") && length - (gsize)(p - buffer) >= 12)
            fprintf (stderr, "A broadcast was refused: %.12s\n", p);
          seen++;
          p += 9;
        }
      carry = MIN (length, 8);
      memmove (buffer, buffer + length - carry, carry);
    }
  return NULL;
}

/* Posts the broadcasts on one connection, each at its time (pipelined:
 * a slow server makes them wait in its socket, not the schedule). */
static gpointer
sender_thread (gpointer data)
{
  Sender *sender = data;
  g_autofree char *pad = g_strnfill (EVENT_BYTES - 96, 'x');
  Answers expected = { connect_blocking (sender->port), sender->broadcasts };
  int fd = expected.fd;
  GThread *answers = g_thread_new ("answers", answers_thread, &expected);
  gint64 start = g_get_monotonic_time ();

  sender->bench->first_send = start;
  for (guint i = 0; i < sender->broadcasts; i++)
    {
      gint64 due = start + (gint64)i * sender->interval_ms * 1000;
      gint64 now = g_get_monotonic_time ();
      g_autofree char *body = NULL;
      g_autofree char *request = NULL;
      gsize length, sent = 0;

      if (due > now)
        g_usleep ((gulong)(due - now));
      body = g_strdup_printf ("{\"topic\":\"bench\",\"event\":\"bench\",\"data\":{\"t\":%" G_GINT64_FORMAT ",\"pad\":\"%s\"}}",
                              g_get_monotonic_time (), pad);
      request = g_strdup_printf ("POST /broadcast HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                 "Content-Length: %zu\r\n\r\n%s", strlen (body), body);
      length = strlen (request);
      while (sent < length)
        {
          gssize n = send (fd, request + sent, length - sent, MSG_NOSIGNAL);

          if (n <= 0)
            g_error ("Could not post a broadcast: %s", g_strerror (errno));
          sent += (gsize)n;
        }
    }
  g_atomic_int_set (&sender->bench->sending_done, 1);

  g_thread_join (answers);
  close (fd);
  return NULL;
}

static gint
compare_latency (gconstpointer a,
                 gconstpointer b)
{
  gint32 x = *(const gint32 *)a;
  gint32 y = *(const gint32 *)b;

  return x < y ? -1 : x > y;
}

static double
percentile (const gint32 *sorted,
            gsize         n,
            double        p)
{
  gsize index;

  if (n == 0)
    return 0;
  index = (gsize)(p * (double)(n - 1) + 0.5);
  return sorted[MIN (index, n - 1)] / 1000.0;
}

static void
print_target (const char *label,
              const char *value,
              const char *target)
{
  printf ("  %-34s %16s   %s\n", label, value, target ? target : "");
}

/*
 * A run
 */

static gboolean
raise_fd_limit (guint streams)
{
  struct rlimit limit;
  rlim_t wanted = (rlim_t)streams + 256;

  if (getrlimit (RLIMIT_NOFILE, &limit) != 0)
    return FALSE;
  if (limit.rlim_cur < wanted)
    {
      limit.rlim_cur = MIN (limit.rlim_max, MAX (wanted, limit.rlim_cur));
      setrlimit (RLIMIT_NOFILE, &limit);
      getrlimit (RLIMIT_NOFILE, &limit);
    }
  if (limit.rlim_cur < wanted)
    {
      printf ("Skipping %u streams: the open-file limit is %lu and %lu are needed "
              "(raise it with `ulimit -n %lu`, or LimitNOFILE= for a service).\n",
              streams, (unsigned long)limit.rlim_cur, (unsigned long)wanted, (unsigned long)wanted);
      return FALSE;
    }
  return TRUE;
}

static void
run (guint       streams,
     guint       broadcasts,
     guint       interval_ms,
     const char *title)
{
  Server server = { 0 };
  Bench *bench;
  Sender sender = { 0 };
  GThread *thread;
  gint64 rss_idle, rss_open, open_start, open_end, quiet_since;
  gint64 user_before, system_before, user_after, system_after;
  gint64 expected = (gint64)streams * broadcasts;
  double seconds, per_stream;
  char value[64];

  if (!raise_fd_limit (streams))
    return;

  printf ("\n%s: %u streams, %u broadcasts of ~%d bytes, one every %u ms\n",
          title, streams, broadcasts, EVENT_BYTES, interval_ms);
  server_start (&server);

  /* Warm up: the first streams set up what every later one shares. */
  bench = bench_new (WARM_UP_STREAMS, 0);
  bench_open (bench, server.port);
  bench_free (bench);
  g_usleep (500 * 1000);
  rss_idle = server_rss_kib (&server);

  bench = bench_new (streams, (gsize)expected);
  open_start = g_get_monotonic_time ();
  bench_open (bench, server.port);
  open_end = g_get_monotonic_time ();
  g_usleep (1000 * 1000);
  rss_open = server_rss_kib (&server);

  server_cpu_us (&server, &user_before, &system_before);
  sender.port = server.port;
  sender.broadcasts = broadcasts;
  sender.interval_ms = interval_ms;
  sender.bench = bench;
  thread = g_thread_new ("sender", sender_thread, &sender);

  /* Read until every event came, or nothing came for a while after the
   * last broadcast. */
  quiet_since = g_get_monotonic_time ();
  while ((gint64)bench->n_latencies < expected)
    {
      if (bench_poll (bench, 200))
        quiet_since = g_get_monotonic_time ();
      else if (g_atomic_int_get (&bench->sending_done) &&
               g_get_monotonic_time () - quiet_since > QUIET_SECONDS * G_USEC_PER_SEC)
        break;
    }
  server_cpu_us (&server, &user_after, &system_after);
  g_thread_join (thread);

  seconds = (double)(bench->last_receive - bench->first_send) / G_USEC_PER_SEC;
  per_stream = (double)(rss_open - rss_idle) * 1024.0 / streams;
  qsort (bench->latencies, bench->n_latencies, sizeof (gint32), compare_latency);

  g_snprintf (value, sizeof value, "%.1f s", (double)(open_end - open_start) / G_USEC_PER_SEC);
  print_target ("streams opened in", value, NULL);
  g_snprintf (value, sizeof value, "%.0f B", per_stream);
  print_target ("server RSS per idle stream", value,
                streams >= 10000 ? "goal <= 4 KB (Node 11.1 KB, ceiling 2.0 KB)" : "goal <= 4 KB");
  g_snprintf (value, sizeof value, "%" G_GINT64_FORMAT " → %" G_GINT64_FORMAT " KiB", rss_idle, rss_open);
  print_target ("server RSS idle → streams open", value, NULL);
  g_snprintf (value, sizeof value, "%zu / %" G_GINT64_FORMAT, bench->n_latencies, expected);
  print_target ("events delivered", value, bench->closed > 0 ? "(some streams were closed!)" : NULL);
  g_snprintf (value, sizeof value, "%.0f /s", seconds > 0 ? bench->n_latencies / seconds : 0);
  print_target ("events delivered per second", value,
                streams == 1000 && interval_ms == 10 ? "goal >= 90,000 (Node 56,600, ceiling 100,000)" : NULL);
  g_snprintf (value, sizeof value, "%.1f ms", percentile (bench->latencies, bench->n_latencies, 0.50));
  print_target ("delivery latency p50", value, NULL);
  g_snprintf (value, sizeof value, "%.1f ms", percentile (bench->latencies, bench->n_latencies, 0.99));
  print_target ("delivery latency p99", value,
                streams == 1000 ? "goal <= 150 ms (Node 2,069 ms, ceiling 88 ms)"
                : interval_ms >= 500 ? "goal <= 150 ms (Node 227 ms, ceiling 117 ms)" : NULL);
  g_snprintf (value, sizeof value, "%.1f ms",
              bench->n_latencies ? bench->latencies[bench->n_latencies - 1] / 1000.0 : 0);
  print_target ("delivery latency max", value, NULL);
  g_snprintf (value, sizeof value, "%.1f ms",
              (double)(user_after - user_before + system_after - system_before) / 1000.0 / broadcasts);
  print_target ("server CPU per broadcast", value,
                streams >= 10000 ? "goal <= 100 ms (Node 167 ms, ceiling 88 ms)" : NULL);
  g_snprintf (value, sizeof value, "%.1f + %.1f ms", (double)(user_after - user_before) / 1000.0 / broadcasts,
              (double)(system_after - system_before) / 1000.0 / broadcasts);
  print_target ("  of which user + kernel", value, NULL);
  fflush (stdout);

  bench_free (bench);
  server_stop (&server);
}

int
main (int   argc,
      char *argv[])
{
  signal (SIGPIPE, SIG_IGN);
  printf ("bench-sse: gigafibre-ops --headless on loopback, %ld CPUs\n", sysconf (_SC_NPROCESSORS_ONLN));

  if (argc == 4)
    {
      run ((guint)g_ascii_strtoull (argv[1], NULL, 10), (guint)g_ascii_strtoull (argv[2], NULL, 10),
           (guint)g_ascii_strtoull (argv[3], NULL, 10), "custom");
      return 0;
    }
  if (argc != 1)
    {
      fprintf (stderr, "Usage: bench-sse [STREAMS BROADCASTS INTERVAL_MS]\n");
      return 2;
    }

  run (1000, 200, 10, "fan-out");
  run (10000, 200, 10, "fan-out");
  run (10000, 200, 500, "paced");
  return 0;
}

#else

int
main (int   argc,
      char *argv[])
{
  printf ("bench-sse needs Linux (epoll, /proc): skipped.\n");
  return 0;
}

#endif
