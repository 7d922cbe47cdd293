/* ops-server-twilio-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the SMS routes share: /send/sms in ops-server-twilio.c, the
 * webhooks in ops-server-twilio-webhooks.c.
 */

#pragma once

#include "ops-metrics.h"
#include "ops-server-twilio.h"
#include "ops-twilio-client.h"

G_BEGIN_DECLS

#define OPS_SERVER_TWILIO_PROVIDER "twilio"

struct _OpsServerTwilio
{
  GObject          parent_instance;

  OpsServer       *server;        /* not owned: it owns this */
  OpsServiceLayer *services;
  OpsStore        *store;
  OpsEventBus     *bus;
  OpsMetrics      *metrics;
  gboolean         demo;
  char            *auth_token;    /* NULL: webhooks not set up */
  char            *public_base;   /* [server] public_url without a trailing '/' */
  char            *from;          /* [twilio] from */
  OpsTwilioClient *client;        /* NULL: cannot send */
  char            *no_client;     /* why there is no client */
  GHashTable      *early;         /* MessageSid -> status callback ahead of its send */
  /* POST /send/sms by Idempotency-Key: the answers of the last 24 h (kept
   * in memory: after a restart a repeat of a sent key answers 409
   * "duplicate", from the claim in the store) and the sends under way. */
  GHashTable      *answers;       /* key -> SentAnswer */
  GHashTable      *sending_keys;  /* key set */

  /* Webhooks waiting for the next group commit (ops-server-twilio-webhooks.c). */
  GPtrArray       *batch;
  GSource         *flush_source;

  /* The outbox worker is woken at most every OUTBOX_WAKE_MS. */
  gint64           last_wake;     /* monotonic, µs */
  guint            wake_id;
};

/* One SMS as it is recorded locally and in ERPNext. */
typedef struct
{
  const char *name;
  const char *direction;     /* "Sent" | "Received" */
  const char *phone;         /* the customer's side */
  const char *sender;
  const char *customer;
  const char *ticket;
  const char *content;
  const char *status;
  int         error_code;
  const char *provider_id;
  const char *message_key;   /* the console's Idempotency-Key: the Communication's message_id */
} OpsServerTwilioSms;

/* ops_webhook_requests_total{provider="twilio", outcome}. */
void      _ops_server_twilio_count          (OpsServerTwilio          *self,
                                             const char               *outcome);
/* The message row and, on a live workspace, its Communication in the
 * outbox.  Call inside a transaction. */
gboolean  _ops_server_twilio_record_sms     (OpsServerTwilio          *self,
                                             const OpsServerTwilioSms *sms,
                                             GError                  **error);
/* The bus event of a message ("sms", "sms-status"). */
JsonNode *_ops_server_twilio_sms_event      (const char               *type,
                                             const OpsServerTwilioSms *sms);
/* On "conversations" and "customer:<customer>" (when not NULL). */
void      _ops_server_twilio_publish        (OpsServerTwilio          *self,
                                             const char               *customer,
                                             JsonNode                 *data);
/* Tells the outbox worker that rows were queued; under load, at most a
 * few times a second. */
void      _ops_server_twilio_wake_outbox    (OpsServerTwilio          *self);
/* A status callback for a message whose send is not recorded yet. */
void      _ops_server_twilio_remember_early (OpsServerTwilio          *self,
                                             const char               *sid,
                                             const char               *status,
                                             int                       error_code);

/* The webhooks. */
void      _ops_server_twilio_add_webhooks   (OpsServerTwilio          *self,
                                             SoupServer               *soup);
/* Records what waits for the group commit and answers it. */
void      _ops_server_twilio_flush          (OpsServerTwilio          *self);

G_END_DECLS
