/* ops-server-twilio.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * SMS through Twilio, in the gateway's shapes:
 *   POST /send/sms {to, body, customer?}     staff route: sends, records the
 *        message and queues its ERPNext Communication; {sid, status}.  On
 *        the demo workspace the message is recorded as "simulated" and
 *        nothing is sent.
 *   POST /webhook/twilio/sms-incoming        an inbound SMS: recorded once
 *        per MessageSid, Communication (received) queued; empty TwiML.
 *   POST /webhook/twilio/sms-status          a status callback: the
 *        message keeps its most final status; once per sid and status.
 * The webhooks' X-Twilio-Signature is checked over [server] public_url +
 * the path and query before anything else (403 when missing or wrong).
 * Every change is published on "conversations" and "customer:<name>".
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-server.h"

G_BEGIN_DECLS

/* Largest accepted webhook body (Twilio's forms are a few hundred bytes). */
#define OPS_SERVER_TWILIO_MAX_BODY (64 * 1024)
/* Largest accepted /send/sms body: a 1600-character SMS and its JSON. */
#define OPS_SERVER_TWILIO_MAX_SEND_BODY (16 * 1024)

#define OPS_TYPE_SERVER_TWILIO (ops_server_twilio_get_type ())

G_DECLARE_FINAL_TYPE (OpsServerTwilio, ops_server_twilio, OPS, SERVER_TWILIO, GObject)

/* The routes use server's services, authentication and metrics; server
 * owns them and must outlive them. */
OpsServerTwilio *ops_server_twilio_new          (OpsServer       *server);
void             ops_server_twilio_add_handlers (OpsServerTwilio *self,
                                                 SoupServer      *soup);

G_END_DECLS
