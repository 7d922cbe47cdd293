/* ops-test-server.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the server tests share: the real binary (OPS_BINARY) run with
 * --headless on a config they write, its port read from the "Listening on"
 * line of its log, and stopping it cleanly.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _OpsTestServer OpsTestServer;

/* Writes contents to config_path (mode 0600, its folder made), then runs
 * OPS_BINARY --headless --config config_path --store store_path with no
 * display, stdout silenced and debug messages off; the process is killed
 * if the test dies.  Waits up to 20 s for it to listen, and fails the test
 * with its log if it does not. */
OpsTestServer *ops_test_server_start     (const char    *config_path,
                                          const char    *contents,
                                          const char    *store_path);
guint16        ops_test_server_get_port  (OpsTestServer *server);
const char    *ops_test_server_get_store (OpsTestServer *server);
/* http://127.0.0.1:<port><path> */
char          *ops_test_server_url       (OpsTestServer *server,
                                          const char    *path);
/* What the server has logged on stderr so far. */
char          *ops_test_server_get_log   (OpsTestServer *server);
/* SIGTERM; asserts that the process exited with status 0 (its log goes to
 * the test's messages), then frees server.  NULL is ignored. */
void           ops_test_server_stop      (OpsTestServer *server);

G_END_DECLS
