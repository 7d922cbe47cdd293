/* ops-erpnext-error.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Turns Frappe error answers into GErrors a person can act on: the text of
 * _server_messages (a JSON string holding an array of JSON strings, each an
 * object with a "message" in HTML), else the exception line, else a
 * sentence for the status.  Bodies that are not JSON (a proxy's HTML page)
 * are never shown.
 */

#define G_LOG_DOMAIN "ops-erpnext"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-erpnext-private.h"

G_DEFINE_QUARK (ops-erpnext-error-quark, ops_erpnext_error)

/*
 * Auxiliary methods
 */

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* The body as a JSON object, or NULL when it is not one. */
static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = NULL;
  const char *data;
  JsonNode *root;
  gsize size = 0;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (size == 0 || !g_utf8_validate (data, size, NULL))
    return NULL;

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, data, size, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  return json_object_ref (json_node_get_object (root));
}

/* Appends the character of the entity at *p ("&amp;", "&#39;", ...) and
 * moves *p past it; FALSE (nothing moved) when it is not one. */
static gboolean
append_entity (GString     *out,
               const char **p)
{
  static const struct { const char *name; const char *text; } named[] = {
    { "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" }, { "apos", "'" },
    { "nbsp", " " },
  };
  const char *start = *p + 1;
  const char *end = strchr (start, ';');
  g_autofree char *name = NULL;

  if (end == NULL || end == start || end - start > 10)
    return FALSE;

  name = g_strndup (start, end - start);

  if (name[0] == '#')
    {
      gboolean hex = name[1] == 'x' || name[1] == 'X';
      const char *digits = name + (hex ? 2 : 1);
      guint64 code = 0;

      if (!g_ascii_string_to_unsigned (digits, hex ? 16 : 10, 1, 0x10FFFF, &code, NULL) ||
          !g_unichar_validate ((gunichar)code))
        return FALSE;

      g_string_append_unichar (out, code == 0xA0 ? ' ' : (gunichar)code);
      *p = end + 1;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    if (g_ascii_strcasecmp (name, named[i].name) == 0)
      {
        g_string_append (out, named[i].text);
        *p = end + 1;
        return TRUE;
      }

  return FALSE;
}

/* TRUE for tags that end a line: <br>, </p>, </div>, </li>. */
static gboolean
tag_breaks_line (const char *tag,
                 gsize       length)
{
  g_autofree char *lower = g_ascii_strdown (tag, length);
  char *name = g_strstrip (lower);
  gsize n = strcspn (name, " \t\r\n");

  name[n] = '\0';
  if (n > 0 && name[n - 1] == '/')
    name[n - 1] = '\0';

  return g_str_equal (name, "br") || g_str_equal (name, "/p") ||
         g_str_equal (name, "/div") || g_str_equal (name, "/li");
}

/* Collapses runs of spaces into one and runs of line breaks into one,
 * dropping spaces at the start and end of lines. */
static char *
collapse_whitespace (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  gboolean newline = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        newline = TRUE;
      else if (*p == ' ')
        space = TRUE;
      else
        {
          if (out->len > 0 && newline)
            g_string_append_c (out, '\n');
          else if (out->len > 0 && space)
            g_string_append_c (out, ' ');
          newline = space = FALSE;
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

/* Plain text of a Frappe message: tags removed (<br> and </p> become
 * line breaks), entities decoded, whitespace collapsed. */
static char *
html_to_text (const char *html)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const char *p = html;

  while (*p != '\0')
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');

          if (end != NULL && end > p + 1 && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!'))
            {
              /* Inline tags (<b>, <a>, ...) just vanish. */
              if (tag_breaks_line (p + 1, end - p - 1))
                g_string_append_c (out, '\n');
              p = end + 1;
              continue;
            }
        }
      else if (*p == '&' && append_entity (out, &p))
        {
          continue;
        }

      if (*p == '\t' || *p == '\r' || *p == '\n')
        g_string_append_c (out, ' ');
      else
        g_string_append_c (out, *p);
      p++;
    }

  return collapse_whitespace (out->str);
}

static void
append_message (GString    *text,
                const char *html)
{
  g_autofree char *plain = NULL;

  if (html == NULL)
    return;

  plain = html_to_text (html);
  if (plain[0] == '\0')
    return;

  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, plain);
}

static void
append_message_node (GString  *text,
                     JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      append_message (text, member_string (json_node_get_object (node), "message"));
    }
  else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      const char *encoded = json_node_get_string (node);
      g_autoptr(JsonNode) inner = json_from_string (encoded, NULL);

      /* Each entry is itself JSON: an object with "message", or (older
       * versions) a plain string. */
      if (inner != NULL && (JSON_NODE_HOLDS_OBJECT (inner) || JSON_NODE_HOLDS_VALUE (inner)))
        {
          if (JSON_NODE_HOLDS_OBJECT (inner))
            append_message (text, member_string (json_node_get_object (inner), "message"));
          else if (json_node_get_value_type (inner) == G_TYPE_STRING)
            append_message (text, json_node_get_string (inner));
        }
      else if (inner == NULL)
        {
          append_message (text, encoded);
        }
    }
}

/* The messages of _server_messages, one per line; NULL when none. */
static char *
server_messages_text (JsonObject *root)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(JsonNode) decoded = NULL;
  JsonNode *member;
  JsonArray *array;

  member = json_object_get_member (root, "_server_messages");
  if (member == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (member))
    {
      decoded = json_node_copy (member);
    }
  else if (member_string (root, "_server_messages") != NULL)
    {
      decoded = json_from_string (json_node_get_string (member), NULL);
    }

  if (decoded == NULL || !JSON_NODE_HOLDS_ARRAY (decoded))
    return NULL;

  array = json_node_get_array (decoded);
  for (guint i = 0; i < json_array_get_length (array); i++)
    append_message_node (text, json_array_get_element (array, i));

  return text->len > 0 ? g_strdup (text->str) : NULL;
}

/* "frappe.exceptions.ValidationError: Customer is required" gives
 * "Customer is required". */
static char *
exception_text (JsonObject *root)
{
  const char *exception = member_string (root, "exception");
  const char *colon;
  char *text;

  if (exception == NULL)
    return NULL;

  colon = strstr (exception, ": ");
  if (colon != NULL)
    {
      gboolean dotted_name = colon > exception;

      for (const char *p = exception; p < colon; p++)
        if (!g_ascii_isalnum (*p) && *p != '.' && *p != '_')
          dotted_name = FALSE;

      if (dotted_name)
        exception = colon + 2;
    }

  text = html_to_text (exception);
  if (text[0] == '\0')
    g_clear_pointer (&text, g_free);

  return text;
}

static OpsErpnextError
code_for_status (guint       status,
                 const char *exc_type)
{
  switch (status)
    {
    case 401:
      return OPS_ERPNEXT_ERROR_UNAUTHORIZED;
    case 403:
      return OPS_ERPNEXT_ERROR_FORBIDDEN;
    case 404:
      return OPS_ERPNEXT_ERROR_NOT_FOUND;
    case 409:
      return OPS_ERPNEXT_ERROR_CONFLICT;
    case 417:
      return g_strcmp0 (exc_type, "RateLimitExceededError") == 0
             ? OPS_ERPNEXT_ERROR_RATE_LIMITED : OPS_ERPNEXT_ERROR_VALIDATION;
    case 429:
      return OPS_ERPNEXT_ERROR_RATE_LIMITED;
    default:
      if (status >= 500)
        return OPS_ERPNEXT_ERROR_SERVER;
      if (status >= 400)
        return OPS_ERPNEXT_ERROR_BAD_REQUEST;
      return OPS_ERPNEXT_ERROR_BAD_RESPONSE;
    }
}

static char *
status_sentence (OpsErpnextError code,
                 guint           status)
{
  switch (code)
    {
    case OPS_ERPNEXT_ERROR_UNAUTHORIZED:
      return g_strdup (_("ERPNext refused the API key and secret. Check your API key and secret "
                         "in Preferences → Connections."));
    case OPS_ERPNEXT_ERROR_FORBIDDEN:
      return g_strdup (_("The ERPNext API user is not allowed to do this. Ask an ERPNext "
                         "administrator for the missing role."));
    case OPS_ERPNEXT_ERROR_NOT_FOUND:
      return g_strdup (_("ERPNext has no such record: it may have been deleted or renamed. "
                         "Refresh and try again."));
    case OPS_ERPNEXT_ERROR_CONFLICT:
      return g_strdup (_("A record with this name already exists in ERPNext. Choose another "
                         "name."));
    case OPS_ERPNEXT_ERROR_VALIDATION:
      return g_strdup (_("ERPNext refused the values. Check them and try again."));
    case OPS_ERPNEXT_ERROR_RATE_LIMITED:
      return g_strdup (_("ERPNext is receiving too many requests. Wait a minute and try "
                         "again."));
    case OPS_ERPNEXT_ERROR_SERVER:
      if (status == 503)
        return g_strdup (_("ERPNext is in maintenance or unavailable (HTTP 503). Try again "
                           "later."));
      return g_strdup_printf (_("ERPNext is failing (HTTP %u). Try again later; if it keeps "
                                "failing, tell an ERPNext administrator."),
                              status);
    case OPS_ERPNEXT_ERROR_BAD_REQUEST:
      return g_strdup_printf (_("ERPNext refused the request (HTTP %u). Check the ERPNext "
                                "address in Preferences → Connections."),
                              status);
    case OPS_ERPNEXT_ERROR_BAD_RESPONSE:
    default:
      return g_strdup_printf (_("ERPNext answered with an unexpected status (HTTP %u)."), status);
    }
}

/*
 * Private API
 */

gboolean
_ops_erpnext_is_rate_limit_response (guint   status,
                                     GBytes *body)
{
  g_autoptr(JsonObject) root = NULL;

  if (status != 417)
    return FALSE;

  root = parse_object (body);
  return g_strcmp0 (member_string (root, "exc_type"), "RateLimitExceededError") == 0;
}

/*
 * Public API
 */

GError *
ops_erpnext_error_from_response (guint   status,
                                 GBytes *body)
{
  g_autoptr(JsonObject) root = parse_object (body);
  g_autofree char *server_text = NULL;
  g_autofree char *sentence = NULL;
  OpsErpnextError code;

  code = code_for_status (status, member_string (root, "exc_type"));
  sentence = status_sentence (code, status);

  if (root != NULL)
    {
      server_text = server_messages_text (root);
      if (server_text == NULL)
        server_text = exception_text (root);
    }

  switch (code)
    {
    case OPS_ERPNEXT_ERROR_UNAUTHORIZED:
      /* Whatever the server says, the fix is the same. */
      return g_error_new_literal (OPS_ERPNEXT_ERROR, code, sentence);

    case OPS_ERPNEXT_ERROR_FORBIDDEN:
    case OPS_ERPNEXT_ERROR_SERVER:
      if (server_text != NULL)
        return g_error_new (OPS_ERPNEXT_ERROR, code, "%s\n%s", sentence, server_text);
      return g_error_new_literal (OPS_ERPNEXT_ERROR, code, sentence);

    case OPS_ERPNEXT_ERROR_NOT_FOUND:
    case OPS_ERPNEXT_ERROR_CONFLICT:
    case OPS_ERPNEXT_ERROR_VALIDATION:
    case OPS_ERPNEXT_ERROR_RATE_LIMITED:
    case OPS_ERPNEXT_ERROR_BAD_REQUEST:
    case OPS_ERPNEXT_ERROR_BAD_RESPONSE:
    default:
      return g_error_new_literal (OPS_ERPNEXT_ERROR, code, server_text ? server_text : sentence);
    }
}
