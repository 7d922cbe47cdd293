/* ops-fake-oktopus.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process Oktopus controller for tests: a SoupServer on 127.0.0.1
 * (port 0) in its own thread, following genieacs-oktopus.md §5.
 *
 * - PUT /api/auth/login {"email","password"} answers a JSON string holding
 *   a JWT-shaped token; 401 "Invalid Credentials" otherwise.  Every other
 *   route wants that token raw in Authorization (401 without it).
 * - GET /api/device?id=<SN> (404 "Device not found"), and the paged list
 *   GET /api/device?page_number=&page_size= (at most 50; the controller's
 *   skip of page_number * (page_size - 1) is reproduced, and "pages" is
 *   total / page_size), 404 "No devices found" when a page is empty.
 * - PUT /api/device/<SN>/any/get answers from the device's flat parameter
 *   map: a requested path ending in "." is an object (every parameter
 *   below it, one resolved_path_result per object), "*" matches any
 *   instance; a path that matches nothing answers err_code 7026.
 * - PUT /api/device/<SN>/any/operate runs Device.Reboot() and
 *   Device.IP.Diagnostics.DownloadDiagnostics() (output arguments below).
 * - Before a USP request: 503 "Device is offline" / "Device status is
 *   associating" by the device's status, then its mode.
 *
 * Every function is thread-safe.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _OpsFakeOktopus OpsFakeOktopus;

typedef enum
{
  OPS_FAKE_OKTOPUS_ONLINE,       /* answers normally (Status 2) */
  OPS_FAKE_OKTOPUS_OFFLINE,      /* Status 0: 503 "Device is offline" */
  OPS_FAKE_OKTOPUS_ASSOCIATING,  /* Status 1: 503 "Device status is associating" */
  OPS_FAKE_OKTOPUS_TIMEOUT,      /* 504 "usp message response timeout" after the timeout delay */
  OPS_FAKE_OKTOPUS_USP_ERROR,    /* 200 {"err_code","err_msg"} (see set_usp_error) */
} OpsFakeOktopusMode;

/* The fixed output of DownloadDiagnostics(): 100 000 000 bytes in 8 s. */
#define OPS_FAKE_OKTOPUS_BOM_TIME "2026-01-15T14:00:00.000000Z"
#define OPS_FAKE_OKTOPUS_EOM_TIME "2026-01-15T14:00:08.000000Z"
#define OPS_FAKE_OKTOPUS_TEST_BYTES "100000000"

/* Starts the server; email/password is the only account. */
OpsFakeOktopus *ops_fake_oktopus_new               (const char     *email,
                                                    const char     *password);
void            ops_fake_oktopus_free              (OpsFakeOktopus *self);
/* "http://127.0.0.1:<port>" (no trailing slash). */
const char     *ops_fake_oktopus_get_url           (OpsFakeOktopus *self);

/* Adds (or replaces) a device, online, with no parameters. */
void            ops_fake_oktopus_add_device        (OpsFakeOktopus *self,
                                                    const char     *serial,
                                                    const char     *vendor,
                                                    const char     *model,
                                                    const char     *product_class,
                                                    const char     *version);
/* Sets one parameter (absolute path, e.g. "Device.WiFi.Radio.1.Stats.Noise"). */
void            ops_fake_oktopus_set_param         (OpsFakeOktopus *self,
                                                    const char     *serial,
                                                    const char     *path,
                                                    const char     *value);
/* Sets parameters from a NULL-terminated list of path, value pairs. */
void            ops_fake_oktopus_set_params        (OpsFakeOktopus *self,
                                                    const char     *serial,
                                                    const char *const *pairs);
void            ops_fake_oktopus_set_mode          (OpsFakeOktopus *self,
                                                    const char     *serial,
                                                    OpsFakeOktopusMode mode);
/* Switches the device to OPS_FAKE_OKTOPUS_USP_ERROR with that error. */
void            ops_fake_oktopus_set_usp_error     (OpsFakeOktopus *self,
                                                    const char     *serial,
                                                    guint           code,
                                                    const char     *message);
/* command answers a CmdFailure with code and message. */
void            ops_fake_oktopus_fail_command      (OpsFakeOktopus *self,
                                                    const char     *serial,
                                                    const char     *command,
                                                    guint           code,
                                                    const char     *message);
/* command answers ReqObjPath (an asynchronous USP command, as an agent
 * may run DownloadDiagnostics()): "Device.LocalAgent.Request.<n>.". */
void            ops_fake_oktopus_set_command_async (OpsFakeOktopus *self,
                                                    const char     *serial,
                                                    const char     *command);
/* How long the TIMEOUT mode waits before its 504 (default 200 ms; the
 * real controller waits 10 s). */
void            ops_fake_oktopus_set_timeout_delay (OpsFakeOktopus *self,
                                                    guint           delay_ms);

/* Every token issued so far answers 401 from now on (a 24 h expiry). */
void            ops_fake_oktopus_expire_tokens     (OpsFakeOktopus *self);
/* When TRUE, tokens are issued but refused at once (a broken account). */
void            ops_fake_oktopus_set_refuse_tokens (OpsFakeOktopus *self,
                                                    gboolean        refuse);
/* Successful sign-ins so far. */
guint           ops_fake_oktopus_get_login_count   (OpsFakeOktopus *self);
/* Every token issued, oldest first. */
GStrv           ops_fake_oktopus_dup_tokens        (OpsFakeOktopus *self);
/* Commands run by operate on serial ("Device.Reboot()", …), oldest first. */
GStrv           ops_fake_oktopus_dup_commands      (OpsFakeOktopus *self,
                                                    const char     *serial);

/* Request log: each entry is "<METHOD> <path>[?<query>]" as sent. */
GStrv           ops_fake_oktopus_dup_requests      (OpsFakeOktopus *self);
void            ops_fake_oktopus_clear_requests    (OpsFakeOktopus *self);
/* The JSON body of the last request to a USP route (get / operate), or
 * NULL.  Login bodies are never kept. */
JsonObject     *ops_fake_oktopus_dup_last_body     (OpsFakeOktopus *self);
/* The Authorization header of the last request that had one, or NULL. */
char           *ops_fake_oktopus_dup_last_authorization (OpsFakeOktopus *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFakeOktopus, ops_fake_oktopus_free)

G_END_DECLS
