/* ops-sms-sender.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Sends the SMS a CSR queued (outbox rows of doctype OPS_SMS_DOCTYPE), once
 * each and in order: through the hub's POST /send/sms (Bearer [hub] token,
 * Idempotency-Key = the outbox row's key) when [hub] is configured, else
 * straight to Twilio when [twilio] is; on the demo workspace nothing leaves
 * the machine: each message is "simulated" and walks queued → sent →
 * delivered on timers, so the console behaves as it will live.  A refused
 * number (Twilio 21211, 21610, …) fails the message with its code; 429,
 * 5xx and network errors wait and retry.  Each status change updates the
 * messages row and publishes "conversations" and "customer:<name>" events
 * {"message", "status", "error_code"}.
 */

#pragma once

#include <gio/gio.h>

#include "ops-config.h"
#include "ops-event-bus.h"
#include "ops-store.h"

G_BEGIN_DECLS

#define OPS_TYPE_SMS_SENDER (ops_sms_sender_get_type ())
G_DECLARE_FINAL_TYPE (OpsSmsSender, ops_sms_sender, OPS, SMS_SENDER, GObject)

/* demo: simulate instead of sending. */
OpsSmsSender *ops_sms_sender_new        (OpsStore    *store,
                                         OpsEventBus *bus,
                                         OpsConfig   *config,
                                         gboolean     demo);
/* For tests: the delay between simulated steps (default 800 ms) and the
 * retry back-off (default 2 s … 5 min). */
void          ops_sms_sender_set_timing (OpsSmsSender *self,
                                         guint         simulate_step_ms,
                                         guint         retry_base_ms,
                                         guint         retry_max_ms);
void          ops_sms_sender_start      (OpsSmsSender *self);
void          ops_sms_sender_stop       (OpsSmsSender *self);
/* Looks at the outbox now (after a queue or when the network returns). */
void          ops_sms_sender_wake       (OpsSmsSender *self);
/* Whether SMS can leave this console at all (hub, Twilio or demo). */
gboolean      ops_sms_sender_can_send   (OpsSmsSender *self);

G_END_DECLS
