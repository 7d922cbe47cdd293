/* ops-server-vision.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The /vision routes of the headless server.  A request is checked on the
 * main loop (authentication, route, size, that the body is an image), then
 * its message is paused while zbar decodes on a GTask thread and, when
 * needed, Gemini reads the photo (OpsGeminiClient runs on its own worker
 * thread); the answer is set and the message unpaused back in the main
 * context.
 */

#define G_LOG_DOMAIN "OpsServerVision"

#include "config.h"

#include <string.h>

#include "ops-barcode-reader.h"
#include "ops-gemini-client.h"
#include "ops-server-auth.h"
#include "ops-server-limits.h"
#include "ops-server-response.h"
#include "ops-server-vision.h"

#define ROUTE_PREFIX "/vision/"
#define DEFAULT_MAX_IMAGE_BYTES (10 * 1024 * 1024)
#define NOT_AN_IMAGE "Send a PNG, JPEG or WebP photo."

typedef struct
{
  OpsServerVision   *self;
  OpsVisionTask      task;
  SoupServerMessage *msg;
  gulong             disconnected_id;
  GCancellable      *cancellable;
  GBytes            *image;
  const char        *mime_type;   /* static, from ops_image_sniff_mime () */

  /* Set on the worker thread, read in the callback. */
  GPtrArray         *codes;
  GError            *error;
} Job;

struct _OpsServerVision
{
  GObject          parent_instance;

  OpsServer       *server;     /* not owned: it owns this object */
  OpsGeminiClient *gemini;     /* NULL when not configured */
  char            *gemini_reason;
  gsize            max_image_bytes;
  GPtrArray       *jobs;       /* Job in flight; main context only */
};

G_DEFINE_FINAL_TYPE (OpsServerVision, ops_server_vision, G_TYPE_OBJECT)

/*
 * Auxiliary methods
 */

static void
job_free (Job *job)
{
  if (job->disconnected_id != 0)
    g_signal_handler_disconnect (job->msg, job->disconnected_id);
  g_clear_object (&job->msg);
  g_clear_object (&job->cancellable);
  g_clear_pointer (&job->image, g_bytes_unref);
  g_clear_pointer (&job->codes, g_ptr_array_unref);
  g_clear_error (&job->error);
  g_clear_object (&job->self);
  g_free (job);
}

/* Answers, unpauses and forgets the job. */
static void
job_finish (Job *job)
{
  OpsServerVision *self = job->self;

  soup_server_message_unpause (job->msg);
  g_ptr_array_remove_fast (self->jobs, job);
  job_free (job);
}

static gboolean
gemini_reads (const char *mime_type)
{
  return g_strcmp0 (mime_type, "image/png") == 0 || g_strcmp0 (mime_type, "image/jpeg") == 0 ||
         g_strcmp0 (mime_type, "image/webp") == 0 || g_strcmp0 (mime_type, "image/heic") == 0 ||
         g_strcmp0 (mime_type, "image/heif") == 0;
}

static void
respond_not_image (SoupServerMessage *msg)
{
  ops_server_respond_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", NOT_AN_IMAGE);
}

static void
respond_codes (SoupServerMessage *msg,
               GPtrArray         *codes,
               const char        *source)
{
  g_autoptr(JsonNode) node = ops_barcodes_to_json (codes);

  json_object_set_string_member (json_node_get_object (node), "source", source);
  ops_server_respond_json (msg, SOUP_STATUS_OK, node);
}

/* A failed Gemini read: the client's message, with the status that says
 * whose fault it is. */
static void
respond_gemini_error (SoupServerMessage *msg,
                      const GError      *error)
{
  guint status = SOUP_STATUS_BAD_GATEWAY;
  const char *code = "upstream_error";

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      ops_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "cancelled",
                                "The server is stopping. Send the photo again in a moment.");
      return;
    }

  if (error->domain == OPS_GEMINI_ERROR)
    {
      switch ((OpsGeminiError)error->code)
        {
        case OPS_GEMINI_ERROR_NOT_CONFIGURED:
          status = SOUP_STATUS_SERVICE_UNAVAILABLE;
          code = "not_configured";
          break;
        case OPS_GEMINI_ERROR_AUTH:
          code = "upstream_auth";
          break;
        case OPS_GEMINI_ERROR_BAD_REQUEST:
          code = "upstream_error";
          break;
        case OPS_GEMINI_ERROR_QUOTA:
          status = SOUP_STATUS_SERVICE_UNAVAILABLE;
          code = "quota_exhausted";
          break;
        case OPS_GEMINI_ERROR_UNAVAILABLE:
          status = SOUP_STATUS_SERVICE_UNAVAILABLE;
          code = "upstream_unavailable";
          break;
        case OPS_GEMINI_ERROR_TIMEOUT:
          status = SOUP_STATUS_GATEWAY_TIMEOUT;
          code = "upstream_timeout";
          break;
        case OPS_GEMINI_ERROR_BLOCKED:
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
          code = "blocked";
          break;
        case OPS_GEMINI_ERROR_TRUNCATED:
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
          code = "truncated";
          break;
        case OPS_GEMINI_ERROR_REFUSED:
          status = SOUP_STATUS_UNPROCESSABLE_ENTITY;
          code = "refused";
          break;
        case OPS_GEMINI_ERROR_INVALID_ANSWER:
          code = "invalid_answer";
          break;
        case OPS_GEMINI_ERROR_TOO_LARGE:
          status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
          code = "payload_too_large";
          break;
        default:
          break;
        }
    }

  g_debug ("Gemini read failed (%s): %s", code, error->message);
  ops_server_respond_error (msg, status, code, error->message);
}

/* The photo: the whole body, or the file part of a multipart form.  NULL
 * with the answer set when there is none. */
static GBytes *
request_image (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  g_autoptr(SoupMultipart) multipart = NULL;
  GBytes *file = NULL;
  int files = 0;

  if (g_strcmp0 (content_type, "multipart/form-data") != 0)
    {
      if (g_bytes_get_size (body) == 0)
        {
          ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                    "The request has no photo. Send the image as the body (Content-Type "
                                    "image/jpeg, image/png or image/webp) or as a file in multipart/form-data.");
          return NULL;
        }
      return g_steal_pointer (&body);
    }

  multipart = soup_multipart_new_from_message (headers, body);
  if (multipart == NULL)
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                "The multipart/form-data body cannot be read. Send one file part with the photo.");
      return NULL;
    }

  /* The file part: the one with a filename, or the only part. */
  for (int i = 0; i < soup_multipart_get_length (multipart); i++)
    {
      SoupMessageHeaders *part_headers = NULL;
      g_autoptr(GHashTable) params = NULL;
      GBytes *part_body = NULL;

      if (!soup_multipart_get_part (multipart, i, &part_headers, &part_body))
        continue;
      if ((soup_message_headers_get_content_disposition (part_headers, NULL, &params) &&
           g_hash_table_contains (params, "filename")) ||
          soup_multipart_get_length (multipart) == 1)
        {
          files++;
          file = part_body;
        }
    }

  if (files != 1 || g_bytes_get_size (file) == 0)
    {
      ops_server_respond_error (msg, SOUP_STATUS_BAD_REQUEST, "bad_request",
                                files == 0 ? "The form has no file. Send one file part with the photo."
                                           : files > 1 ? "The form has several files. Send one photo per request."
                                                       : "The file part is empty. Send the photo again.");
      return NULL;
    }

  return g_bytes_ref (file);
}

static void
start_gemini (Job *job);

/*
 * Callbacks
 */

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;

  job->codes = ops_barcode_scan_image (job->image, &job->error);
  g_task_return_boolean (task, TRUE);
}

static void
on_scan_done_cb (GObject      *source_object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  OpsServerVision *self = OPS_SERVER_VISION (source_object);
  Job *job = user_data;

  if (job->error != NULL && self->gemini != NULL && gemini_reads (job->mime_type) &&
      g_error_matches (job->error, OPS_BARCODE_ERROR, OPS_BARCODE_ERROR_NOT_IMAGE))
    {
      /* A photo zbar's loaders cannot open (HEIC): Gemini can. */
      g_debug ("zbar cannot read this %s: asking Gemini", job->mime_type);
      start_gemini (job);
      return;
    }
  else if (job->error != NULL)
    {
      if (g_error_matches (job->error, OPS_BARCODE_ERROR, OPS_BARCODE_ERROR_TOO_LARGE))
        ops_server_respond_error (job->msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                                  job->error->message);
      else
        respond_not_image (job->msg);
    }
  else if (job->codes->len > 0 || self->gemini == NULL || !gemini_reads (job->mime_type) ||
           g_cancellable_is_cancelled (job->cancellable))
    {
      respond_codes (job->msg, job->codes, "zbar");
    }
  else
    {
      g_debug ("zbar found no code: asking Gemini");
      start_gemini (job);
      return;
    }

  job_finish (job);
}

static void
on_gemini_done_cb (GObject      *source_object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Job *job = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  answer = ops_gemini_client_read_finish (OPS_GEMINI_CLIENT (source_object), result, &error);
  if (answer == NULL)
    respond_gemini_error (job->msg, error);
  else if (job->task == OPS_VISION_BARCODES)
    {
      g_autoptr(GPtrArray) codes = ops_barcodes_from_json (answer);

      respond_codes (job->msg, codes, "gemini");
    }
  else
    ops_server_respond_json (job->msg, SOUP_STATUS_OK, answer);

  job_finish (job);
}

static void
start_gemini (Job *job)
{
  ops_gemini_client_read_async (job->self->gemini, job->task, job->image, job->mime_type, job->cancellable,
                                on_gemini_done_cb, job);
}

static void
on_disconnected_cb (SoupServerMessage *msg,
                    gpointer           user_data)
{
  Job *job = user_data;

  g_debug ("The client went away: cancelling");
  g_cancellable_cancel (job->cancellable);
}

/* Pauses the message and starts the job: zbar for barcodes, Gemini for
 * the others.  The job is freed in a callback, in this main context. */
static void
start_job (OpsServerVision   *self,
           SoupServerMessage *msg,
           OpsVisionTask      task,
           GBytes            *image,
           const char        *mime_type)
{
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->task = task;
  job->msg = g_object_ref (msg);
  job->image = g_bytes_ref (image);
  job->mime_type = mime_type;
  job->cancellable = g_cancellable_new ();
  job->disconnected_id = g_signal_connect (msg, "disconnected", G_CALLBACK (on_disconnected_cb), job);
  g_ptr_array_add (self->jobs, job);

  soup_server_message_pause (msg);

  if (task == OPS_VISION_BARCODES)
    {
      g_autoptr(GTask) gtask = g_task_new (self, NULL, on_scan_done_cb, job);

      g_task_set_source_tag (gtask, start_job);
      g_task_set_task_data (gtask, job, NULL);
      g_task_run_in_thread (gtask, scan_thread);
    }
  else
    start_gemini (job);
}

/* Refuses an oversized photo before it is read. */
static void
on_vision_early_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  OpsServerVision *self = user_data;

  ops_server_check_body (msg, self->max_image_bytes);
}

static void
on_vision_cb (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  OpsServerVision *self = user_data;
  g_autoptr(OpsServerIdentity) who = NULL;
  g_autoptr(GBytes) image = NULL;
  const char *mime_type;
  OpsVisionTask task;

  /* Refused early (size, rate, draining). */
  if (soup_server_message_get_status (msg) != SOUP_STATUS_NONE)
    return;

  if (!ops_server_authorize (self->server, msg, &who))
    return;

  if (!g_str_has_prefix (path, ROUTE_PREFIX) || !ops_vision_task_from_string (path + strlen (ROUTE_PREFIX), &task))
    {
      ops_server_respond_error (msg, SOUP_STATUS_NOT_FOUND, "not_found",
                                "Use POST /vision/barcodes, /vision/equipment or /vision/invoice with a photo.");
      return;
    }

  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST)
    {
      g_autofree char *message = g_strdup_printf ("Use POST %s with a photo as the body.", path);

      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "POST");
      ops_server_respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method_not_allowed", message);
      return;
    }

  /* A chunked body says its size only now. */
  if (!ops_server_check_body (msg, self->max_image_bytes))
    return;

  if (task != OPS_VISION_BARCODES && self->gemini == NULL)
    {
      ops_server_respond_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "not_configured", self->gemini_reason);
      return;
    }

  image = request_image (msg);
  if (image == NULL)
    return;

  mime_type = ops_image_sniff_mime (image);
  if (mime_type == NULL || (task != OPS_VISION_BARCODES && !gemini_reads (mime_type)))
    {
      respond_not_image (msg);
      return;
    }

  g_debug ("%s: a %s of %" G_GSIZE_FORMAT " bytes from %s", path, mime_type, g_bytes_get_size (image),
           who != NULL ? who->name : "?");
  start_job (self, msg, task, image, mime_type);
}

/*
 * GObject overrides
 */

static void
ops_server_vision_finalize (GObject *object)
{
  OpsServerVision *self = (OpsServerVision *)object;

  /* Jobs hold a reference on self: none is left. */
  g_ptr_array_unref (self->jobs);
  g_clear_object (&self->gemini);
  g_free (self->gemini_reason);

  G_OBJECT_CLASS (ops_server_vision_parent_class)->finalize (object);
}

static void
ops_server_vision_class_init (OpsServerVisionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_server_vision_finalize;
}

static void
ops_server_vision_init (OpsServerVision *self)
{
  self->jobs = g_ptr_array_new ();
}

/*
 * Public API
 */

OpsServerVision *
ops_server_vision_new (OpsServer *server)
{
  OpsServerVision *self;
  OpsConfig *config;
  g_autoptr(GError) error = NULL;
  double max_bytes;

  g_return_val_if_fail (OPS_IS_SERVER (server), NULL);

  self = g_object_new (OPS_TYPE_SERVER_VISION, NULL);
  self->server = server;
  config = ops_service_layer_get_config (ops_server_get_services (server));

  max_bytes = ops_config_get_double (config, "vision", "max_image_bytes");
  self->max_image_bytes = max_bytes >= 1 && max_bytes <= G_MAXUINT32 ? (gsize)max_bytes : DEFAULT_MAX_IMAGE_BYTES;

  self->gemini = ops_gemini_client_new_from_config (config, &error);
  if (self->gemini == NULL)
    {
      self->gemini_reason = g_strdup (error->message);
      g_debug ("/vision without Gemini: %s", error->message);
    }

  return self;
}

void
ops_server_vision_add_handlers (OpsServerVision *self,
                                SoupServer      *soup)
{
  g_return_if_fail (OPS_IS_SERVER_VISION (self));
  g_return_if_fail (SOUP_IS_SERVER (soup));

  soup_server_add_early_handler (soup, "/vision", on_vision_early_cb, self, NULL);
  soup_server_add_handler (soup, "/vision", on_vision_cb, self, NULL);
}

void
ops_server_vision_shutdown (OpsServerVision *self)
{
  g_return_if_fail (OPS_IS_SERVER_VISION (self));

  for (guint i = 0; i < self->jobs->len; i++)
    g_cancellable_cancel (((Job *)g_ptr_array_index (self->jobs, i))->cancellable);
}
