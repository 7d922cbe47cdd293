/* ops-fake-frappe.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process Frappe server for tests and benchmarks: a SoupServer on
 * 127.0.0.1 (port 0) running in its own thread, so blocking clients can be
 * tested from the main thread.  It follows the v1 wire format of
 * apis.md §1: /api/resource list/get/insert/update/delete, /api/method
 * (frappe.client.get_count, frappe.client.get_list, frappe.auth.get_logged_user),
 * token auth, and the error bodies (401, 403, 404, 409, 417, 429, 5xx).
 *
 * Every function is thread-safe.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct _OpsFakeFrappe OpsFakeFrappe;

typedef enum
{
  OPS_FAKE_FAULT_NONE,
  /* Apply the next write (POST/PUT/DELETE on /api/resource), then close the
   * connection without answering. */
  OPS_FAKE_FAULT_DROP_AFTER_WRITE,
  /* Answer 429 TooManyRequestsError with "Retry-After: <arg>" seconds. */
  OPS_FAKE_FAULT_429,
  /* Answer 503 SessionStopped (maintenance mode). */
  OPS_FAKE_FAULT_503,
  /* Answer 200 with a body that is not JSON. */
  OPS_FAKE_FAULT_MALFORMED,
  /* Answer 417 RateLimitExceededError (per-endpoint limiter). */
  OPS_FAKE_FAULT_417_RATE_LIMIT,
  /* Answer 500 with exc_type "TypeError". */
  OPS_FAKE_FAULT_500,
  /* Close the connection before reading the request (nothing applied). */
  OPS_FAKE_FAULT_DROP,
} OpsFakeFault;

/* Starts the server; api_key:api_secret is the only accepted token. */
OpsFakeFrappe *ops_fake_frappe_new            (const char    *api_key,
                                               const char    *api_secret);
void           ops_fake_frappe_free           (OpsFakeFrappe *self);
/* "http://127.0.0.1:<port>" (no trailing slash). */
const char    *ops_fake_frappe_get_url        (OpsFakeFrappe *self);

/* Adds (or replaces) a document.  doc must have "name"; "modified" and
 * "creation" are set to the fake's clock when absent, "docstatus" to 0.
 * Child tables are arrays of objects; each row gets "doctype" from
 * ops_fake_frappe_set_child_doctype () (default: the field name), parent,
 * parentfield, parenttype and idx. */
void           ops_fake_frappe_put_doc        (OpsFakeFrappe *self,
                                               const char    *doctype,
                                               JsonObject    *doc);
/* Declares that field of doctype is a Table of child_doctype (e.g.
 * Contact.links is "Dynamic Link"). */
void           ops_fake_frappe_set_child_doctype (OpsFakeFrappe *self,
                                                  const char    *doctype,
                                                  const char    *field,
                                                  const char    *child_doctype);
/* How POST names new documents of doctype: "hash" (default; 10 random hex
 * characters, the body's "name" is ignored), "prompt" (the body's "name",
 * 417 MandatoryError when absent) or "series:<PREFIX>" (PREFIX followed by a
 * 5-digit counter, e.g. "series:ISS-2026-" gives ISS-2026-00001). */
void           ops_fake_frappe_set_naming     (OpsFakeFrappe *self,
                                               const char    *doctype,
                                               const char    *rule);
/* Declares mandatory fields checked on insert (417 MandatoryError with
 * "Error: Value missing for <doctype>: <field>"). */
void           ops_fake_frappe_set_mandatory  (OpsFakeFrappe *self,
                                               const char    *doctype,
                                               const char    *const *fields);
/* Removes a document as DELETE does, recording a "Deleted Document"
 * (deleted_doctype, deleted_name, creation) unless that doctype is
 * forbidden (see below). */
gboolean       ops_fake_frappe_delete_doc     (OpsFakeFrappe *self,
                                               const char    *doctype,
                                               const char    *name);
/* A deep copy of the stored document, or NULL. */
JsonObject    *ops_fake_frappe_dup_doc        (OpsFakeFrappe *self,
                                               const char    *doctype,
                                               const char    *name);
guint          ops_fake_frappe_count_docs     (OpsFakeFrappe *self,
                                               const char    *doctype);

/* The fake's clock: "modified"/"creation" values it writes are
 * "YYYY-MM-DD HH:MM:SS.ffffff" and strictly increase (1 µs per write). */
char          *ops_fake_frappe_now            (OpsFakeFrappe *self);

/* Requests to doctype answer 403 PermissionError (e.g. "Deleted Document"). */
void           ops_fake_frappe_forbid_doctype (OpsFakeFrappe *self,
                                               const char    *doctype);
/* Injects a fault into the next count requests whose path starts with
 * path_prefix (NULL = any path).  arg is the Retry-After seconds for 429. */
void           ops_fake_frappe_inject_fault   (OpsFakeFrappe *self,
                                               OpsFakeFault   fault,
                                               const char    *path_prefix,
                                               guint          count,
                                               guint          arg);
/* Makes a validation rule: a PUT/POST that sets field of doctype to value
 * answers 417 ValidationError with message (as frappe.throw does). */
void           ops_fake_frappe_refuse_value   (OpsFakeFrappe *self,
                                               const char    *doctype,
                                               const char    *field,
                                               const char    *value,
                                               const char    *message);
/* Delays every answer by delay_ms. */
void           ops_fake_frappe_set_delay      (OpsFakeFrappe *self,
                                               guint          delay_ms);
/* Stops answering (connections are refused) / starts again on the same port. */
void           ops_fake_frappe_set_down       (OpsFakeFrappe *self,
                                               gboolean       down);

/* Request log, for asserting what a client did: each entry is
 * "<METHOD> <path>?<query>" with the query still percent-encoded. */
guint          ops_fake_frappe_get_request_count (OpsFakeFrappe *self);
GStrv          ops_fake_frappe_dup_requests   (OpsFakeFrappe *self);
void           ops_fake_frappe_clear_requests (OpsFakeFrappe *self);
/* Number of successful writes (insert/update/delete) applied, per doctype. */
guint          ops_fake_frappe_get_write_count (OpsFakeFrappe *self,
                                                const char    *doctype);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsFakeFrappe, ops_fake_frappe_free)

G_END_DECLS
