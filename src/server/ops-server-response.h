/* ops-server-response.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * JSON answers shared by the server's route modules: every error is
 * {"error": code, "message": a sentence that says what to do}.
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Sets status and node as the body, with Cache-Control: no-store. */
void ops_server_respond_json  (SoupServerMessage *msg,
                               guint              status,
                               JsonNode          *node);
void ops_server_respond_error (SoupServerMessage *msg,
                               guint              status,
                               const char        *error,
                               const char        *message);

G_END_DECLS
