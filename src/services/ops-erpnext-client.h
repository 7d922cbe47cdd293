/* ops-erpnext-client.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client of the Frappe / ERPNext v1 REST API (/api/resource, /api/method).
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "ops-http.h"

G_BEGIN_DECLS

#define OPS_ERPNEXT_ERROR (ops_erpnext_error_quark ())

typedef enum
{
  OPS_ERPNEXT_ERROR_UNAUTHORIZED,   /* 401: wrong API key or secret */
  OPS_ERPNEXT_ERROR_FORBIDDEN,      /* 403: the API user lacks a role */
  OPS_ERPNEXT_ERROR_NOT_FOUND,      /* 404 */
  OPS_ERPNEXT_ERROR_CONFLICT,       /* 409: duplicate name */
  OPS_ERPNEXT_ERROR_VALIDATION,     /* 417: ERPNext refused the values */
  OPS_ERPNEXT_ERROR_RATE_LIMITED,   /* 429, or 417 RateLimitExceededError, after the retries */
  OPS_ERPNEXT_ERROR_SERVER,         /* 5xx */
  OPS_ERPNEXT_ERROR_BAD_REQUEST,    /* other 4xx */
  OPS_ERPNEXT_ERROR_BAD_RESPONSE,   /* 2xx whose body is not what the API answers */
} OpsErpnextError;

/* Arguments of a list call.  fields, filters and or_filters are JSON nodes
 * (arrays, or objects for the dict form of filters), borrowed; NULL leaves
 * the parameter out.  limit_page_length 0 means "all rows". */
typedef struct
{
  JsonNode   *fields;
  JsonNode   *filters;
  JsonNode   *or_filters;
  const char *order_by;
  guint       limit_start;
  guint       limit_page_length;
} OpsErpnextListArgs;

#define OPS_TYPE_ERPNEXT_CLIENT (ops_erpnext_client_get_type ())

G_DECLARE_FINAL_TYPE (OpsErpnextClient, ops_erpnext_client, OPS, ERPNEXT_CLIENT, GObject)

GQuark            ops_erpnext_error_quark           (void);

/* base_url like "https://erp.example.com" (a trailing slash is fine);
 * ca_file may be NULL.  Fails only when the CA file cannot be read. */
OpsErpnextClient *ops_erpnext_client_new            (const char         *base_url,
                                                     const char         *api_key,
                                                     const char         *api_secret,
                                                     const char         *ca_file,
                                                     GError            **error);
const char       *ops_erpnext_client_get_base_url   (OpsErpnextClient   *self);
void              ops_erpnext_client_set_retry      (OpsErpnextClient   *self,
                                                     const OpsRetryPolicy *policy);
void              ops_erpnext_client_set_max_body   (OpsErpnextClient   *self,
                                                     gsize               max_body);
/* Seconds without an answer before a request fails with
 * OPS_HTTP_ERROR_TIMEOUT (0 = the default, 30). */
void              ops_erpnext_client_set_timeout    (OpsErpnextClient   *self,
                                                     guint               timeout_seconds);

/* Builds the error of a non-2xx Frappe response: the code from the status
 * (and exc_type), the message from _server_messages (decoded twice, HTML
 * stripped, several joined with newlines), else exception, else a sentence
 * that says what to do for that status.  Exposed for tests. */
GError           *ops_erpnext_error_from_response   (guint               status,
                                                     GBytes             *body);

/* Blocking calls, for worker threads.  Each returns the JSON of "data"
 * (list: array; get/insert/update: object) or of "message" (call_method;
 * a JSON null node when the method returned None). */
JsonArray        *ops_erpnext_client_list           (OpsErpnextClient   *self,
                                                     const char         *doctype,
                                                     const OpsErpnextListArgs *args,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* Pages with limit_start until a short page (page_size rows per call);
 * args->limit_start and limit_page_length are ignored. */
JsonArray        *ops_erpnext_client_list_all       (OpsErpnextClient   *self,
                                                     const char         *doctype,
                                                     const OpsErpnextListArgs *args,
                                                     guint               page_size,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
JsonObject       *ops_erpnext_client_get            (OpsErpnextClient   *self,
                                                     const char         *doctype,
                                                     const char         *name,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
JsonObject       *ops_erpnext_client_insert         (OpsErpnextClient   *self,
                                                     const char         *doctype,
                                                     JsonObject         *doc,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
JsonObject       *ops_erpnext_client_update         (OpsErpnextClient   *self,
                                                     const char         *doctype,
                                                     const char         *name,
                                                     JsonObject         *changes,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
gboolean          ops_erpnext_client_delete         (OpsErpnextClient   *self,
                                                     const char         *doctype,
                                                     const char         *name,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* GET /api/method/<method> with args as query parameters (non-string
 * values JSON-encoded) when post is FALSE; POST with args as the JSON body
 * when TRUE.  args may be NULL. */
JsonNode         *ops_erpnext_client_call_method    (OpsErpnextClient   *self,
                                                     const char         *method,
                                                     JsonObject         *args,
                                                     gboolean            post,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* frappe.client.get_count; filters may be NULL. */
gint64            ops_erpnext_client_get_count      (OpsErpnextClient   *self,
                                                     const char         *doctype,
                                                     JsonNode           *filters,
                                                     GCancellable       *cancellable,
                                                     GError            **error);
/* frappe.auth.get_logged_user: the API user's name; a cheap probe. */
char             *ops_erpnext_client_get_logged_user (OpsErpnextClient  *self,
                                                      GCancellable      *cancellable,
                                                      GError           **error);

/* Async versions for the main thread: they run the blocking call on a
 * worker thread (GTask) and call back in the caller's main context. */
void              ops_erpnext_client_get_logged_user_async  (OpsErpnextClient   *self,
                                                             GCancellable       *cancellable,
                                                             GAsyncReadyCallback callback,
                                                             gpointer            user_data);
char             *ops_erpnext_client_get_logged_user_finish (OpsErpnextClient   *self,
                                                             GAsyncResult       *result,
                                                             GError            **error);
void              ops_erpnext_client_get_async      (OpsErpnextClient   *self,
                                                     const char         *doctype,
                                                     const char         *name,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
JsonObject       *ops_erpnext_client_get_finish     (OpsErpnextClient   *self,
                                                     GAsyncResult       *result,
                                                     GError            **error);

G_END_DECLS
