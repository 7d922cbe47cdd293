/* ops-fake-oktopus-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of the fake Oktopus controller share.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-fake-oktopus.h"

G_BEGIN_DECLS

typedef struct
{
  guint  code;
  char  *message;
} Failure;

typedef struct
{
  char               *serial;
  char               *vendor;
  char               *model;
  char               *product_class;
  char               *version;
  OpsFakeOktopusMode  mode;
  guint               usp_code;
  char               *usp_message;
  GTree              *params;     /* path -> value, in data-model order */
  GHashTable         *failures;   /* command -> Failure */
  GHashTable         *async;      /* set of commands answered with ReqObjPath */
  GPtrArray          *commands;   /* commands run, oldest first */
} Device;

typedef struct
{
  guint  status;
  char  *body;       /* JSON text */
  guint  delay_ms;
} Reply;

/* Answers: a status and a JSON body, sent after delay_ms. */
void _ops_fake_oktopus_reply_node     (Reply       *reply,
                                       guint        status,
                                       JsonNode    *node);
/* The controller's errors and tokens: a bare JSON string. */
void _ops_fake_oktopus_reply_string   (Reply       *reply,
                                       guint        status,
                                       const char  *text);
void _ops_fake_oktopus_reply_builder  (Reply       *reply,
                                       guint        status,
                                       JsonBuilder *builder);

/* Data-model order: segment by segment, instance numbers as numbers. */
gint _ops_fake_oktopus_path_compare   (gconstpointer a,
                                       gconstpointer b,
                                       gpointer      user_data);

/* The USP messages of an online device; called with the lock held. */
void _ops_fake_oktopus_handle_get     (Device      *device,
                                       JsonObject  *body,
                                       Reply       *reply);
void _ops_fake_oktopus_handle_operate (Device      *device,
                                       JsonObject  *body,
                                       Reply       *reply);

G_END_DECLS
