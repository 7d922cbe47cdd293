/* ops-erpnext-map.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-erpnext-map"

#include "config.h"

#include <string.h>

#include "ops-erpnext-map.h"

typedef enum
{
  COPY,       /* value as is */
  BOOL,       /* Check 0/1 -> true/false */
  LIST,       /* comma-separated text -> array */
  HTML,       /* Text Editor HTML -> plain text */
  DATE,       /* datetime -> its date */
  HHMM,       /* HH:MM:SS -> HH:MM */
  FIRST_OF,   /* JSON text of a list (_assign) -> its first element */
} Kind;

typedef struct
{
  const char *remote;   /* fieldname in ERPNext, or a child field spec */
  const char *local;    /* column of the store table */
  Kind        kind;
} Field;

typedef enum
{
  HOOK_NONE,
  HOOK_CUSTOMER,
  HOOK_INVOICE,
  HOOK_COMMUNICATION,
} Hook;

struct _OpsErpnextDoctype
{
  const char  *doctype;
  const char  *table;
  const Field *fields;
  const char  *filters;   /* JSON array of base conditions */
  Hook         hook;
  gboolean     update_needs_current;
};

#define END { NULL, NULL, COPY }

static const Field customer_fields[] = {
  { "customer_name", "customer_name", COPY },
  { "customer_type", "customer_type", COPY },
  { "custom_flags", "flags", LIST },
  { "customer_details", "notes", COPY },
  { "language", "language", COPY },
  { "creation", "since", DATE },
  { "custom_service_status", NULL, COPY },
  { "disabled", NULL, COPY },
  END
};

static const Field contact_fields[] = {
  { "first_name", "first_name", COPY },
  { "last_name", "last_name", COPY },
  { "phone", "phone", COPY },
  { "mobile_no", "mobile", COPY },
  { "email_id", "email", COPY },
  { "is_primary_contact", "is_primary", BOOL },
  { "`tabDynamic Link`.link_name as customer", "customer", COPY },
  END
};

static const Field location_fields[] = {
  { "customer", "customer", COPY },
  { "address_line", "address_line", COPY },
  { "city", "city", COPY },
  { "province", "province", COPY },
  { "postal_code", "postal_code", COPY },
  { "latitude", "latitude", COPY },
  { "longitude", "longitude", COPY },
  { "connection_type", "connection_type", COPY },
  { "olt_port", "olt_port", COPY },
  { "vlan", "vlan", COPY },
  { "status", "status", COPY },
  END
};

static const Field equipment_fields[] = {
  { "customer", "customer", COPY },
  { "location", "location", COPY },
  { "equipment_type", "equipment_type", COPY },
  { "brand", "brand", COPY },
  { "model", "model", COPY },
  { "serial", "serial", COPY },
  { "mac", "mac", COPY },
  { "status", "status", COPY },
  { "device_id", "device_id", COPY },
  END
};

static const Field subscription_fields[] = {
  { "customer", "customer", COPY },
  { "location", "location", COPY },
  { "plan", "plan", COPY },
  { "price", "price", COPY },
  { "status", "status", COPY },
  { "start_date", "start_date", COPY },
  END
};

static const Field invoice_fields[] = {
  { "customer", "customer", COPY },
  { "posting_date", "posting_date", COPY },
  { "due_date", "due_date", COPY },
  { "grand_total", "grand_total", COPY },
  { "outstanding_amount", "outstanding_amount", COPY },
  { "status", "status", COPY },
  { "docstatus", NULL, COPY },
  END
};

static const Field issue_fields[] = {
  { "customer", "customer", COPY },
  { "subject", "subject", COPY },
  { "status", "status", COPY },
  { "priority", "priority", COPY },
  { "opening_date", "opening_date", COPY },
  { "opening_time", "opening_time", HHMM },
  { "raised_by", "raised_by", COPY },
  { "_assign", "assigned_to", FIRST_OF },
  { "description", "description", HTML },
  END
};

static const Field communication_fields[] = {
  { "communication_medium", "medium", COPY },
  { "sent_or_received", "direction", COPY },
  { "sender", "sender", COPY },
  { "content", "content", HTML },
  { "communication_date", "sent_at", COPY },
  { "delivery_status", "delivery_status", COPY },
  { "reference_doctype", NULL, COPY },
  { "reference_name", NULL, COPY },
  { "message_id", NULL, COPY },
  END
};

static const Field technician_fields[] = {
  { "full_name", "full_name", COPY },
  { "phone", "phone", COPY },
  { "email", "email", COPY },
  { "skills", "skills", LIST },
  { "home_latitude", "home_latitude", COPY },
  { "home_longitude", "home_longitude", COPY },
  { "color", "color", COPY },
  { "work_start", "work_start", HHMM },
  { "work_end", "work_end", HHMM },
  END
};

static const Field job_fields[] = {
  { "customer", "customer", COPY },
  { "location", "location", COPY },
  { "subject", "subject", COPY },
  { "job_type", "job_type", COPY },
  { "priority", "priority", COPY },
  { "status", "status", COPY },
  { "technician", "technician", COPY },
  { "assistants", "assistants", LIST },
  { "required_techs", "required_techs", COPY },
  { "tags", "tags", LIST },
  { "scheduled_date", "scheduled_date", COPY },
  { "start_time", "start_time", HHMM },
  { "duration_min", "duration_min", COPY },
  { "notes", "notes", COPY },
  { "equipment", "equipment", LIST },
  END
};

static const Field tag_fields[] = {
  { "custom_color", "color", COPY },
  END
};

static const OpsErpnextDoctype doctypes[] = {
  { "Customer", "customers", customer_fields, NULL, HOOK_CUSTOMER, FALSE },
  { "Contact", "contacts", contact_fields,
    "[[\"Dynamic Link\",\"link_doctype\",\"=\",\"Customer\"]]", HOOK_NONE, TRUE },
  { "Service Location", "locations", location_fields, NULL, HOOK_NONE, FALSE },
  { "Service Equipment", "equipment", equipment_fields, NULL, HOOK_NONE, FALSE },
  { "Service Subscription", "subscriptions", subscription_fields, NULL, HOOK_NONE, FALSE },
  { "Sales Invoice", "invoices", invoice_fields, NULL, HOOK_INVOICE, FALSE },
  { "Issue", "tickets", issue_fields, NULL, HOOK_NONE, FALSE },
  { "Communication", "messages", communication_fields,
    "[[\"communication_type\",\"=\",\"Communication\"],[\"reference_doctype\",\"in\",[\"Issue\",\"Customer\"]]]",
    HOOK_COMMUNICATION, FALSE },
  { "Technician", "technicians", technician_fields, NULL, HOOK_NONE, FALSE },
  { "Dispatch Job", "jobs", job_fields, NULL, HOOK_NONE, FALSE },
  { "Tag", "tags", tag_fields, NULL, HOOK_NONE, FALSE },
};

guint
ops_erpnext_doctype_count (void)
{
  return G_N_ELEMENTS (doctypes);
}

const OpsErpnextDoctype *
ops_erpnext_doctype_get (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (doctypes), NULL);
  return &doctypes[index];
}

const OpsErpnextDoctype *
ops_erpnext_doctype_find (const char *doctype)
{
  for (guint i = 0; doctype != NULL && i < G_N_ELEMENTS (doctypes); i++)
    if (g_str_equal (doctypes[i].doctype, doctype))
      return &doctypes[i];
  return NULL;
}

const OpsErpnextDoctype *
ops_erpnext_doctype_find_table (const char *table)
{
  for (guint i = 0; table != NULL && i < G_N_ELEMENTS (doctypes); i++)
    if (g_str_equal (doctypes[i].table, table))
      return &doctypes[i];
  return NULL;
}

const char *
ops_erpnext_doctype_get_name (const OpsErpnextDoctype *self)
{
  return self->doctype;
}

const char *
ops_erpnext_doctype_get_table (const OpsErpnextDoctype *self)
{
  return self->table;
}

gboolean
ops_erpnext_doctype_update_needs_current (const OpsErpnextDoctype *self)
{
  return self->update_needs_current;
}

JsonNode *
ops_erpnext_doctype_list_fields (const OpsErpnextDoctype *self)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_array_add_string_element (array, "name");
  json_array_add_string_element (array, "modified");
  for (const Field *f = self->fields; f->remote != NULL; f++)
    json_array_add_string_element (array, f->remote);
  json_node_take_array (node, array);
  return node;
}

JsonArray *
ops_erpnext_doctype_base_filters (const OpsErpnextDoctype *self)
{
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;

  if (self->filters == NULL)
    return json_array_new ();

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, self->filters, -1, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_ARRAY (root))
    g_return_val_if_reached (json_array_new ());
  return json_array_ref (json_node_get_array (root));
}

/* The key a list row carries for a field spec: the alias after " as ",
 * else the part after the last '.', else the spec. */
static const char *
row_key (const char *spec)
{
  const char *as = strstr (spec, " as ");
  const char *dot;

  if (as != NULL)
    return as + 4;
  dot = strrchr (spec, '.');
  return dot ? dot + 1 : spec;
}

static const char *
row_string (JsonObject *row,
            const char *key)
{
  JsonNode *node = json_object_get_member (row, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gint64
row_int (JsonObject *row,
         const char *key)
{
  JsonNode *node = json_object_get_member (row, key);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (node), NULL, 10);
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64)json_node_get_double (node);
  return json_node_get_int (node);
}

JsonArray *
ops_erpnext_split_list (const char *text)
{
  JsonArray *array = json_array_new ();
  g_auto(GStrv) parts = NULL;

  if (text == NULL || *text == '\0')
    return array;

  parts = g_strsplit_set (text, ",\n", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *item = g_strstrip (parts[i]);

      if (*item != '\0')
        json_array_add_string_element (array, item);
    }
  return array;
}

static gboolean
is_block_tag (const char *tag,
              gsize       len)
{
  static const char *const blocks[] = { "br", "br/", "/p", "/div", "/li", "/tr", "/h1", "/h2", "/h3", "p", "div", "li" };

  for (guint i = 0; i < G_N_ELEMENTS (blocks); i++)
    if (strlen (blocks[i]) == len && g_ascii_strncasecmp (tag, blocks[i], len) == 0)
      return TRUE;
  return FALSE;
}

static const char *
decode_entity (const char *p,
               GString    *out)
{
  static const struct { const char *name; const char *text; } entities[] = {
    { "&amp;", "&" }, { "&lt;", "<" }, { "&gt;", ">" }, { "&quot;", "\"" },
    { "&#39;", "'" }, { "&apos;", "'" }, { "&nbsp;", " " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    if (g_str_has_prefix (p, entities[i].name))
      {
        g_string_append (out, entities[i].text);
        return p + strlen (entities[i].name);
      }

  if (p[1] == '#')
    {
      char *end = NULL;
      gboolean hex = p[2] == 'x' || p[2] == 'X';
      guint64 code = g_ascii_strtoull (p + (hex ? 3 : 2), &end, hex ? 16 : 10);

      if (end != NULL && *end == ';' && code > 0 && code <= 0x10FFFF && g_unichar_validate ((gunichar)code))
        {
          g_string_append_unichar (out, (gunichar)code);
          return end + 1;
        }
    }

  g_string_append_c (out, '&');
  return p + 1;
}

char *
ops_erpnext_html_to_text (const char *html)
{
  g_autoptr(GString) out = NULL;
  g_autoptr(GString) clean = NULL;
  const char *p;
  gboolean blank = FALSE;

  if (html == NULL)
    return NULL;

  /* Plain text (an SMS logged as is): its newlines mean something. */
  if (strchr (html, '<') == NULL || strchr (html, '>') == NULL)
    {
      out = g_string_new (NULL);
      for (p = html; *p != '\0';)
        p = *p == '&' ? decode_entity (p, out) : (g_string_append_c (out, *p), p + 1);
      return g_strstrip (g_string_free (g_steal_pointer (&out), FALSE));
    }

  out = g_string_new (NULL);
  for (p = html; *p != '\0';)
    {
      if (*p == '<')
        {
          const char *end = strchr (p, '>');
          const char *tag = p + 1;
          gsize len = 0;

          if (end == NULL)
            break;
          while (tag + len < end && !g_ascii_isspace (tag[len]) && tag[len] != '>')
            len++;
          if (is_block_tag (tag, len) && out->len > 0)
            g_string_append_c (out, '\n');
          p = end + 1;
        }
      else if (*p == '&')
        p = decode_entity (p, out);
      else if (*p == '\n' || *p == '\r' || *p == '\t')
        {
          /* In HTML a line break in the source is a blank. */
          g_string_append_c (out, ' ');
          p++;
        }
      else
        g_string_append_c (out, *p++);
    }

  /* Collapse runs of blanks, keep single newlines, drop blank lines at the ends. */
  clean = g_string_new (NULL);
  for (p = out->str; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          while (clean->len > 0 && clean->str[clean->len - 1] == ' ')
            g_string_truncate (clean, clean->len - 1);
          if (clean->len > 0 && !(clean->len >= 2 && clean->str[clean->len - 1] == '\n' && clean->str[clean->len - 2] == '\n'))
            g_string_append_c (clean, '\n');
          blank = FALSE;
        }
      else if (*p == ' ')
        blank = clean->len > 0 && clean->str[clean->len - 1] != '\n';
      else
        {
          if (blank)
            g_string_append_c (clean, ' ');
          blank = FALSE;
          g_string_append_c (clean, *p);
        }
    }
  while (clean->len > 0 && (clean->str[clean->len - 1] == '\n' || clean->str[clean->len - 1] == ' '))
    g_string_truncate (clean, clean->len - 1);

  return g_string_free (g_steal_pointer (&clean), FALSE);
}

static void
set_mapped (JsonObject  *record,
            const Field *field,
            JsonObject  *row)
{
  JsonNode *node = json_object_get_member (row, row_key (field->remote));
  const char *text = row_string (row, row_key (field->remote));

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (field->kind == LIST)
        json_object_set_array_member (record, field->local, json_array_new ());
      else
        json_object_set_null_member (record, field->local);
      return;
    }

  switch (field->kind)
    {
    case COPY:
      json_object_set_member (record, field->local, json_node_copy (node));
      break;
    case BOOL:
      json_object_set_boolean_member (record, field->local, row_int (row, row_key (field->remote)) != 0);
      break;
    case LIST:
      json_object_set_array_member (record, field->local, ops_erpnext_split_list (text));
      break;
    case HTML:
      {
        g_autofree char *plain = ops_erpnext_html_to_text (text);
        json_object_set_string_member (record, field->local, plain ? plain : "");
      }
      break;
    case DATE:
      {
        g_autofree char *date = text ? g_strndup (text, 10) : NULL;
        json_object_set_string_member (record, field->local, date);
      }
      break;
    case HHMM:
      {
        g_autofree char *hhmm = NULL;

        if (text != NULL && strlen (text) >= 4)
          hhmm = strlen (text) >= 5 && text[1] == ':'
                 ? g_strdup_printf ("0%.4s", text)
                 : g_strndup (text, 5);
        json_object_set_string_member (record, field->local, hhmm);
      }
      break;
    case FIRST_OF:
      {
        g_autoptr(JsonParser) parser = json_parser_new ();
        JsonNode *root;
        const char *first = NULL;

        if (text != NULL && json_parser_load_from_data (parser, text, -1, NULL) &&
            (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_ARRAY (root) &&
            json_array_get_length (json_node_get_array (root)) > 0)
          first = json_array_get_string_element (json_node_get_array (root), 0);
        json_object_set_string_member (record, field->local, first);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

JsonObject *
ops_erpnext_doctype_to_record (const OpsErpnextDoctype *self,
                               JsonObject              *row)
{
  g_autoptr(JsonObject) record = NULL;
  const char *name;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (row != NULL, NULL);

  name = row_string (row, "name");
  if (name == NULL || *name == '\0')
    return NULL;

  record = json_object_new ();
  json_object_set_string_member (record, "name", name);
  json_object_set_string_member (record, "modified", row_string (row, "modified"));

  for (const Field *f = self->fields; f->remote != NULL; f++)
    if (f->local != NULL)
      set_mapped (record, f, row);

  switch (self->hook)
    {
    case HOOK_CUSTOMER:
      {
        const char *status = row_string (row, "custom_service_status");

        if (status == NULL || *status == '\0')
          status = row_int (row, "disabled") ? "cancelled" : "active";
        json_object_set_string_member (record, "status", status);
      }
      break;

    case HOOK_INVOICE:
      /* Only submitted invoices count; drafts and cancelled ones go. */
      if (row_int (row, "docstatus") != 1)
        return NULL;
      break;

    case HOOK_COMMUNICATION:
      {
        const char *ref_doctype = row_string (row, "reference_doctype");
        const char *ref_name = row_string (row, "reference_name");

        const char *message_id = row_string (row, "message_id");
        const char *status = json_object_get_string_member_with_default (record, "delivery_status", NULL);

        if (g_strcmp0 (ref_doctype, "Customer") == 0)
          json_object_set_string_member (record, "customer", ref_name);
        else
          json_object_set_string_member (record, "ticket", ref_name);
        /* Which queued message this is (see OPS_ERPNEXT_MESSAGE_KEY). */
        if (message_id != NULL && *message_id != '\0')
          json_object_set_string_member (record, OPS_ERPNEXT_MESSAGE_KEY, message_id);
        /* ERPNext often leaves it empty: the status the console followed
         * live is kept then. */
        if (status != NULL && *status == '\0')
          json_object_remove_member (record, "delivery_status");
      }
      break;

    case HOOK_NONE:
    default:
      break;
    }

  return g_steal_pointer (&record);
}

JsonObject *
ops_erpnext_doctype_document_to_record (const OpsErpnextDoctype *self,
                                        JsonObject              *doc)
{
  g_autoptr(JsonObject) row = json_object_new ();
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (doc != NULL, NULL);

  json_object_iter_init (&iter, doc);
  while (json_object_iter_next (&iter, &member, &value))
    if (!JSON_NODE_HOLDS_ARRAY (value))
      json_object_set_member (row, member, json_node_copy (value));

  /* Joined child fields ("`tabDynamic Link`.link_name as customer") come
   * from the first child row of that doctype matching the base filters'
   * child conditions (link_doctype = Customer). */
  for (const Field *f = self->fields; f->remote != NULL; f++)
    {
      g_autofree char *child_doctype = NULL;
      g_autofree char *child_field = NULL;
      const char *start, *end, *as;

      if (f->remote[0] != '`' || f->local == NULL)
        continue;
      start = f->remote + 4;                 /* after "`tab" */
      end = strchr (start, '`');
      if (end == NULL || end[1] != '.')
        continue;
      child_doctype = g_strndup (start, end - start);
      as = strstr (end, " as ");
      child_field = as ? g_strndup (end + 2, as - (end + 2)) : g_strdup (end + 2);

      json_object_iter_init (&iter, doc);
      while (json_object_iter_next (&iter, &member, &value))
        {
          JsonArray *rows;

          if (!JSON_NODE_HOLDS_ARRAY (value))
            continue;
          rows = json_node_get_array (value);
          for (guint i = 0; i < json_array_get_length (rows); i++)
            {
              JsonNode *child = json_array_get_element (rows, i);
              JsonObject *object;

              if (!JSON_NODE_HOLDS_OBJECT (child))
                continue;
              object = json_node_get_object (child);
              if (g_strcmp0 (json_object_get_string_member_with_default (object, "doctype", NULL), child_doctype) != 0 &&
                  !(g_str_equal (child_doctype, "Dynamic Link") && json_object_has_member (object, "link_doctype")))
                continue;
              if (g_str_equal (child_doctype, "Dynamic Link") &&
                  g_strcmp0 (json_object_get_string_member_with_default (object, "link_doctype", NULL), "Customer") != 0)
                continue;
              if (json_object_has_member (object, child_field) && !json_object_has_member (row, row_key (f->remote)))
                json_object_set_member (row, row_key (f->remote),
                                        json_node_copy (json_object_get_member (object, child_field)));
            }
        }
    }

  return ops_erpnext_doctype_to_record (self, row);
}

JsonObject *
ops_erpnext_customer_changes (const char        *notes,
                              const char *const *flags)
{
  JsonObject *body = json_object_new ();
  g_autofree char *joined = g_strjoinv (", ", (char **)(flags ? flags : (const char *const[]){ NULL }));

  json_object_set_string_member (body, "customer_details", notes ? notes : "");
  json_object_set_string_member (body, "custom_flags", joined);
  return body;
}

JsonObject *
ops_erpnext_contact_changes (const char *phone,
                             const char *mobile,
                             const char *email)
{
  JsonObject *payload = json_object_new ();

  if (phone != NULL)
    json_object_set_string_member (payload, "phone", phone);
  if (mobile != NULL)
    json_object_set_string_member (payload, "mobile", mobile);
  if (email != NULL)
    json_object_set_string_member (payload, "email", email);
  return payload;
}

/* Copies the rows of a child table keeping only what a PUT needs: the
 * row's name (its identity) and its fields, not the server-filled ones. */
static JsonArray *
copy_child_rows (JsonObject *current,
                 const char *table)
{
  static const char *const server_fields[] = {
    "doctype", "parent", "parentfield", "parenttype", "owner", "creation",
    "modified", "modified_by", "docstatus",
  };
  JsonArray *rows = json_array_new ();
  JsonNode *node = current ? json_object_get_member (current, table) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return rows;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *row = json_array_get_element (json_node_get_array (node), i);
      JsonObject *copy;

      if (!JSON_NODE_HOLDS_OBJECT (row))
        continue;
      copy = json_object_new ();
      json_array_add_object_element (rows, copy);
      {
        JsonObjectIter iter;
        const char *member;
        JsonNode *value;
        gboolean skip;

        json_object_iter_init (&iter, json_node_get_object (row));
        while (json_object_iter_next (&iter, &member, &value))
          {
            skip = FALSE;
            for (guint j = 0; j < G_N_ELEMENTS (server_fields); j++)
              skip |= g_str_equal (member, server_fields[j]);
            if (!skip)
              json_object_set_member (copy, member, json_node_copy (value));
          }
      }
    }
  return rows;
}

/* Sets the primary row of a child table (flag_field = 1) to value: the
 * primary row is changed in place, or a new primary row is added; an
 * empty value removes the primary row. */
static void
set_primary_row (JsonArray  *rows,
                 const char *value_field,
                 const char *flag_field,
                 const char *other_flag,
                 const char *value)
{
  JsonObject *primary = NULL;
  guint primary_index = 0;

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (json_object_get_int_member_with_default (row, flag_field, 0) != 0)
        {
          primary = row;
          primary_index = i;
          break;
        }
    }

  /* A row that is also primary for the other role (a number that is both
   * the phone and the mobile) keeps that role and its value. */
  if (primary != NULL && other_flag != NULL &&
      json_object_get_int_member_with_default (primary, other_flag, 0) != 0 &&
      g_strcmp0 (json_object_get_string_member_with_default (primary, value_field, NULL), value) != 0)
    {
      json_object_set_int_member (primary, flag_field, 0);
      primary = NULL;
      if (value == NULL || *value == '\0')
        return;
    }

  if (value == NULL || *value == '\0')
    {
      if (primary != NULL)
        json_array_remove_element (rows, primary_index);
      return;
    }

  if (primary == NULL)
    {
      /* A row with the same value becomes the primary one. */
      for (guint i = 0; i < json_array_get_length (rows) && primary == NULL; i++)
        {
          JsonObject *row = json_array_get_object_element (rows, i);

          if (g_strcmp0 (json_object_get_string_member_with_default (row, value_field, NULL), value) == 0)
            primary = row;
        }
      if (primary == NULL)
        {
          primary = json_object_new ();
          json_array_add_object_element (rows, primary);
        }
      json_object_set_int_member (primary, flag_field, 1);
    }
  json_object_set_string_member (primary, value_field, value);
}

JsonObject *
ops_erpnext_prepare_update (const char *doctype,
                            JsonObject *current,
                            JsonObject *payload)
{
  JsonObject *body;

  g_return_val_if_fail (doctype != NULL, NULL);
  g_return_val_if_fail (payload != NULL, NULL);

  if (g_str_equal (doctype, "Contact"))
    {
      /* ERPNext recomputes Contact.phone, mobile_no and email_id from the
       * phone_nos and email_ids tables on save: change those. */
      body = json_object_new ();

      if (json_object_has_member (payload, "phone") || json_object_has_member (payload, "mobile"))
        {
          JsonArray *phones = copy_child_rows (current, "phone_nos");

          if (json_object_has_member (payload, "phone"))
            set_primary_row (phones, "phone", "is_primary_phone", "is_primary_mobile_no",
                             json_object_get_string_member_with_default (payload, "phone", ""));
          if (json_object_has_member (payload, "mobile"))
            set_primary_row (phones, "phone", "is_primary_mobile_no", "is_primary_phone",
                             json_object_get_string_member_with_default (payload, "mobile", ""));
          json_object_set_array_member (body, "phone_nos", phones);
        }
      if (json_object_has_member (payload, "email"))
        {
          JsonArray *emails = copy_child_rows (current, "email_ids");

          set_primary_row (emails, "email_id", "is_primary", NULL,
                           json_object_get_string_member_with_default (payload, "email", ""));
          json_object_set_array_member (body, "email_ids", emails);
        }
      return body;
    }

  body = json_object_new ();
  {
    JsonObjectIter iter;
    const char *member;
    JsonNode *value;

    json_object_iter_init (&iter, payload);
    while (json_object_iter_next (&iter, &member, &value))
      json_object_set_member (body, member, json_node_copy (value));
  }
  return body;
}
