/* ops-fake-frappe-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of the fake Frappe share: the server struct, the document
 * store, replies, JSON writing and the list query.  Functions that touch the
 * store run with the server's lock held.
 */

#pragma once

#include <libsoup/soup.h>

#include "ops-fake-frappe.h"
#include "ops-fake-server.h"

G_BEGIN_DECLS

#define OPS_FAKE_API_USER         "ops-api@gigafibre.test"
#define OPS_FAKE_DELETED_DOCUMENT "Deleted Document"

#define OPS_FAKE_FRAPPE_ERROR (ops_fake_frappe_error_quark ())

/* Error codes are the HTTP statuses the fake answers with. */
typedef enum
{
  OPS_FAKE_FRAPPE_ERROR_VALIDATION = 417,
} OpsFakeFrappeError;

GQuark ops_fake_frappe_error_quark (void);

/* One stored document.  modified is a copy of the object's "modified" that
 * keys the (modified, name) index. */
typedef struct
{
  char          *name;
  char          *modified;
  JsonObject    *object;
  GSequenceIter *iter;
} OpsFakeDoc;

typedef struct
{
  char *field;
  char *value;
  char *message;
} OpsFakeRefusal;

/* The documents of one doctype and its declarations. */
typedef struct
{
  char       *doctype;
  GHashTable *docs;            /* name → OpsFakeDoc */
  GSequence  *by_modified;     /* OpsFakeDoc, ordered by (modified, name) */
  GHashTable *child_doctypes;  /* table field → child doctype */
  char       *naming;          /* "hash", "prompt" or "series:<PREFIX>" */
  guint       series;
  GStrv       mandatory;
  GPtrArray  *refusals;        /* OpsFakeRefusal */
  guint       writes;
} OpsFakeTable;

struct _OpsFakeFrappe
{
  GMutex         mutex;
  OpsFakeServer *server;
  char          *api_key;
  char          *api_secret;

  GHashTable    *tables;       /* doctype → OpsFakeTable */
  GHashTable    *forbidden;    /* doctype set */
  GQueue         faults;       /* FaultEntry */
  guint          delay_ms;
  gint64         clock;
};

/* An answer being built. */
typedef struct
{
  guint    status;
  GString *body;
  gboolean html;
  guint    retry_after;
} OpsFakeReply;

/* ops-fake-frappe-docs.c */
OpsFakeTable *ops_fake_table_ensure          (OpsFakeFrappe       *self,
                                              const char          *doctype);
void          ops_fake_table_free            (gpointer             data);
/* The doctype of the rows in field of table (its declaration, else the
 * field name). */
const char   *ops_fake_table_child_doctype   (OpsFakeTable        *table,
                                              const char          *field);
void          ops_fake_refusal_free          (gpointer             data);
OpsFakeDoc   *ops_fake_doc_lookup            (OpsFakeFrappe       *self,
                                              const char          *doctype,
                                              const char          *name);
int           ops_fake_doc_compare           (gconstpointer        a,
                                              gconstpointer        b,
                                              gpointer             user_data);
/* Stores object (taking it) under its name, replacing an older document. */
void          ops_fake_doc_store             (OpsFakeTable        *table,
                                              JsonObject          *object);
/* Gives every row of the child tables of object its parent fields. */
void          ops_fake_doc_fix_children      (OpsFakeTable        *table,
                                              JsonObject          *object,
                                              const char          *name);
/* Removes a document, recording a Deleted Document as Frappe does. */
void          ops_fake_doc_remove            (OpsFakeFrappe       *self,
                                              OpsFakeTable        *table,
                                              OpsFakeDoc          *doc);
/* The next value of the fake's clock. */
char         *ops_fake_tick                  (OpsFakeFrappe       *self);
/* Moves the clock past a "YYYY-MM-DD HH:MM:SS[.ffffff]" a test stored, so
 * later writes still sort after it. */
void          ops_fake_clock_observe         (OpsFakeFrappe       *self,
                                              const char          *timestamp);
JsonObject   *ops_fake_object_copy           (JsonObject          *object);
const char   *ops_fake_member_text           (JsonObject          *object,
                                              const char          *member,
                                              char                *buffer,
                                              gsize                size);
void          ops_fake_reply_literal         (OpsFakeReply        *reply,
                                              guint                status,
                                              const char          *body);
/* {"exc_type": ..., "_server_messages": "[\"{\\\"message\\\": ...}\"]"}. */
void          ops_fake_reply_errors          (OpsFakeReply        *reply,
                                              guint                status,
                                              const char          *exc_type,
                                              const char * const  *messages);
void          ops_fake_reply_error           (OpsFakeReply        *reply,
                                              guint                status,
                                              const char          *exc_type,
                                              const char          *format,
                                              ...) G_GNUC_PRINTF (4, 5);
/* /api/resource/<doctype>[/<name>]; body is the JSON object of a POST or
 * PUT. */
void          ops_fake_handle_resource       (OpsFakeFrappe       *self,
                                              const char          *http_method,
                                              const char          *doctype,
                                              const char          *name,
                                              JsonObject          *args,
                                              JsonObject          *body,
                                              OpsFakeReply        *reply);
/* /api/method/<method>, its arguments from the query and the body. */
void          ops_fake_handle_method         (OpsFakeFrappe       *self,
                                              const char          *method,
                                              JsonObject          *args,
                                              OpsFakeReply        *reply);

/* ops-fake-frappe-json.c */
/* The text of a scalar as SQL would compare it ("" for null). */
const char   *ops_fake_node_to_text          (JsonNode            *node,
                                              char                *buffer,
                                              gsize                size);
/* TRUE when node is a JSON number (or a boolean, stored as 0/1). */
gboolean      ops_fake_node_get_number       (JsonNode            *node,
                                              double              *number);
void          ops_fake_json_write_string     (GString             *out,
                                              const char          *str);
void          ops_fake_json_write_node       (GString             *out,
                                              JsonNode            *node,
                                              gboolean             omit_nulls);
/* A document as GET returns it: child tables included, nulls left out
 * unless with_nulls, and "doctype" added. */
void          ops_fake_json_write_doc        (GString             *out,
                                              const char          *doctype,
                                              JsonObject          *object,
                                              gboolean             with_nulls);

/* ops-fake-frappe-query.c and ops-fake-frappe-rows.c */
typedef struct _OpsFakeQuery OpsFakeQuery;

/* Parses the get_list arguments of args (fields, filters, or_filters,
 * order_by, limit_start, limit_page_length, limit).  Values may be JSON or
 * strings holding JSON, as in a query string. */
OpsFakeQuery *ops_fake_query_new             (OpsFakeTable        *table,
                                              JsonObject          *args,
                                              GError             **error);
void          ops_fake_query_free            (OpsFakeQuery        *query);
/* Appends the JSON array of the rows of the requested page to out. */
void          ops_fake_query_write_rows      (OpsFakeQuery        *query,
                                              GString             *out);
/* The number of documents that pass the filters. */
guint         ops_fake_query_count           (OpsFakeQuery        *query);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFakeQuery, ops_fake_query_free)

G_END_DECLS
