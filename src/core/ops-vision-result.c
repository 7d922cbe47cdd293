/* ops-vision-result.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The three vision tasks: the response schema Gemini is given, the prompt
 * sent with the photo, and the strict check of the answer against that
 * same schema, which also normalises it (members in the schema's order,
 * unknown members dropped, blank strings made null).
 */

#define G_LOG_DOMAIN "ops-vision-result"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-vision-result.h"

/* Gemini's Schema is an OpenAPI 3.0 subset with capitalised type names.
 * Every member is required, nullable where a photo may not show it, so
 * that the model writes null instead of leaving the member out. */
static const char barcodes_schema[] =
  "{"
  " \"type\": \"OBJECT\","
  " \"properties\": {"
  "  \"codes\": {"
  "   \"type\": \"ARRAY\","
  "   \"description\": \"The readable barcodes and QR codes, most prominent first.\","
  "   \"maxItems\": 3,"
  "   \"items\": {"
  "    \"type\": \"OBJECT\","
  "    \"properties\": {"
  "     \"type\": {\"type\": \"STRING\", \"enum\": [\"CODE128\", \"CODE39\", \"EAN13\", \"EAN8\","
  "                \"UPCA\", \"UPCE\", \"QRCODE\", \"DATAMATRIX\", \"OTHER\"]},"
  "     \"value\": {\"type\": \"STRING\", \"description\": \"The encoded text, exactly.\"}"
  "    },"
  "    \"required\": [\"type\", \"value\"],"
  "    \"propertyOrdering\": [\"type\", \"value\"]"
  "   }"
  "  }"
  " },"
  " \"required\": [\"codes\"],"
  " \"propertyOrdering\": [\"codes\"]"
  "}";

static const char equipment_schema[] =
  "{"
  " \"type\": \"OBJECT\","
  " \"properties\": {"
  "  \"brand\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"Manufacturer\"},"
  "  \"model\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"Model name or number\"},"
  "  \"serial\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"Serial number (S/N)\"},"
  "  \"mac\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"MAC address as printed\"},"
  "  \"gpon_serial\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"GPON serial, like ZTEG1A2B3C4D\"}"
  " },"
  " \"required\": [\"brand\", \"model\", \"serial\", \"mac\", \"gpon_serial\"],"
  " \"propertyOrdering\": [\"brand\", \"model\", \"serial\", \"mac\", \"gpon_serial\"]"
  "}";

static const char invoice_schema[] =
  "{"
  " \"type\": \"OBJECT\","
  " \"properties\": {"
  "  \"supplier\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"Company that issued the invoice\"},"
  "  \"number\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"Invoice number\"},"
  "  \"date\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"YYYY-MM-DD\"},"
  "  \"currency\": {\"type\": \"STRING\", \"nullable\": true, \"description\": \"ISO 4217 code, like CAD\"},"
  "  \"subtotal\": {\"type\": \"NUMBER\", \"nullable\": true, \"description\": \"Before taxes\"},"
  "  \"tps\": {\"type\": \"NUMBER\", \"nullable\": true, \"description\": \"GST / TPS amount\"},"
  "  \"tvq\": {\"type\": \"NUMBER\", \"nullable\": true, \"description\": \"QST / TVQ amount\"},"
  "  \"total\": {\"type\": \"NUMBER\", \"nullable\": true, \"description\": \"Including taxes\"},"
  "  \"lines\": {"
  "   \"type\": \"ARRAY\","
  "   \"items\": {"
  "    \"type\": \"OBJECT\","
  "    \"properties\": {"
  "     \"description\": {\"type\": \"STRING\", \"nullable\": true},"
  "     \"quantity\": {\"type\": \"NUMBER\", \"nullable\": true},"
  "     \"unit_price\": {\"type\": \"NUMBER\", \"nullable\": true},"
  "     \"amount\": {\"type\": \"NUMBER\", \"nullable\": true}"
  "    },"
  "    \"required\": [\"description\", \"quantity\", \"unit_price\", \"amount\"],"
  "    \"propertyOrdering\": [\"description\", \"quantity\", \"unit_price\", \"amount\"]"
  "   }"
  "  }"
  " },"
  " \"required\": [\"supplier\", \"number\", \"date\", \"currency\", \"subtotal\", \"tps\", \"tvq\","
  "                \"total\", \"lines\"],"
  " \"propertyOrdering\": [\"supplier\", \"number\", \"date\", \"currency\", \"subtotal\", \"tps\","
  "                        \"tvq\", \"total\", \"lines\"]"
  "}";

/* Prompts are for the model, so they stay in English. */
static const char barcodes_prompt[] =
  "Find the barcodes and QR codes in this photo and read them. Return at most 3 codes, the most "
  "prominent first. For each, give its symbology as type (CODE128, CODE39, EAN13, EAN8, UPCA, "
  "UPCE, QRCODE, DATAMATRIX, or OTHER for any other symbology) and its value: the encoded text "
  "exactly, character for character, not the human-readable caption when they differ. Leave out a "
  "code you cannot read with certainty rather than guess. Use an empty list when no code is "
  "visible or readable.";

static const char equipment_prompt[] =
  "This photo shows the label of a network device from a fibre internet provider (an ONT, a "
  "router, a Wi-Fi access point or a set-top box). Read the label and return: brand (the "
  "manufacturer), model (the model name or number), serial (the serial number, often after S/N "
  "or SN), mac (the MAC address exactly as printed, for example AA:BB:CC:DD:EE:FF or "
  "AABBCCDDEEFF), gpon_serial (the GPON or PON serial: four letters then eight hexadecimal "
  "digits, such as ZTEG1A2B3C4D, often after GPON SN or PON SN). Copy the characters exactly as "
  "printed; do not invent, complete or reformat a value. Use null when a field is not visible or "
  "not readable.";

static const char invoice_prompt[] =
  "This photo shows a supplier invoice, probably from a business in Quebec, Canada, possibly in "
  "French. Extract: supplier (the company that issued the invoice, not the customer), number (the "
  "invoice number, \"Facture no\" or \"No de facture\"), date (the invoice date, as YYYY-MM-DD), "
  "currency (the ISO 4217 code, such as CAD or USD), subtotal (the amount before taxes, "
  "\"Sous-total\"), tps (the GST / TPS amount, federal tax), tvq (the QST / TVQ amount, Quebec "
  "tax), total (the amount including taxes), and lines: every line item with its description, "
  "quantity, unit_price and amount. Write every amount as a plain number with a dot as the "
  "decimal separator, without currency signs, spaces or thousands separators (\"1 234,56 $\" "
  "becomes 1234.56). Use null when a field is not visible.";

G_DEFINE_QUARK (ops-vision-error-quark, ops_vision_error)

/*
 * Auxiliary methods
 */

static const char *
schema_text (OpsVisionTask task)
{
  switch (task)
    {
    case OPS_VISION_BARCODES:
      return barcodes_schema;
    case OPS_VISION_EQUIPMENT:
      return equipment_schema;
    case OPS_VISION_INVOICE:
      return invoice_schema;
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
strv_node_contains (JsonObject *schema,
                    const char *member,
                    const char *value)
{
  JsonArray *array;

  if (!json_object_has_member (schema, member))
    return FALSE;
  array = json_object_get_array_member (schema, member);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (g_strcmp0 (json_array_get_string_element (array, i), value) == 0)
      return TRUE;
  return FALSE;
}

static const char *
type_phrase (const char *type)
{
  if (g_str_equal (type, "STRING"))
    return _("a string");
  if (g_str_equal (type, "NUMBER"))
    return _("a number");
  if (g_str_equal (type, "ARRAY"))
    return _("a list");
  return _("an object");
}

static gboolean
schema_error (GError    **error,
              const char *path,
              const char *format,
              ...) G_GNUC_PRINTF (3, 4);

/* "The answer's member “codes[0].type” …": says which member is wrong. */
static gboolean
schema_error (GError    **error,
              const char *path,
              const char *format,
              ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);

  if (path[0] == '\0')
    g_set_error (error, OPS_VISION_ERROR, OPS_VISION_ERROR_SCHEMA, _("The answer %s."), detail);
  else
    g_set_error (error, OPS_VISION_ERROR, OPS_VISION_ERROR_SCHEMA, _("The answer’s member “%s” %s."),
                 path, detail);
  return FALSE;
}

static char *
member_path (const char *parent,
             const char *name)
{
  return parent[0] == '\0' ? g_strdup (name) : g_strdup_printf ("%s.%s", parent, name);
}

static JsonNode *check_value (JsonObject  *schema,
                              JsonNode    *value,
                              const char  *path,
                              GError     **error);

static JsonNode *
check_object (JsonObject  *schema,
              JsonNode    *value,
              const char  *path,
              GError     **error)
{
  JsonObject *properties = json_object_get_object_member (schema, "properties");
  JsonArray *order = json_object_get_array_member (schema, "propertyOrdering");
  g_autoptr(JsonObject) out = json_object_new ();
  JsonObject *object;
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    {
      schema_error (error, path, _("is not an object"));
      return NULL;
    }
  object = json_node_get_object (value);

  for (guint i = 0; i < json_array_get_length (order); i++)
    {
      const char *name = json_array_get_string_element (order, i);
      g_autofree char *child_path = member_path (path, name);
      JsonNode *child;

      if (!json_object_has_member (object, name))
        {
          if (strv_node_contains (schema, "required", name))
            {
              schema_error (error, child_path, _("is missing"));
              return NULL;
            }
          json_object_set_null_member (out, name);
          continue;
        }

      child = check_value (json_object_get_object_member (properties, name),
                           json_object_get_member (object, name), child_path, error);
      if (child == NULL)
        return NULL;
      json_object_set_member (out, name, child);
    }

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, out);
  return node;
}

static JsonNode *
check_array (JsonObject  *schema,
             JsonNode    *value,
             const char  *path,
             GError     **error)
{
  JsonObject *items = json_object_get_object_member (schema, "items");
  g_autoptr(JsonArray) out = NULL;
  JsonArray *array;
  JsonNode *node;
  guint length;

  if (!JSON_NODE_HOLDS_ARRAY (value))
    {
      schema_error (error, path, _("is not a list"));
      return NULL;
    }
  array = json_node_get_array (value);
  length = json_array_get_length (array);

  if (json_object_has_member (schema, "maxItems") &&
      length > (guint)json_object_get_int_member (schema, "maxItems"))
    {
      schema_error (error, path, _("has %u items, more than the %u allowed"), length,
                    (guint)json_object_get_int_member (schema, "maxItems"));
      return NULL;
    }

  out = json_array_sized_new (length);
  for (guint i = 0; i < length; i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      JsonNode *item = check_value (items, json_array_get_element (array, i), item_path, error);

      if (item == NULL)
        return NULL;
      json_array_add_element (out, item);
    }

  node = json_node_new (JSON_NODE_ARRAY);
  json_node_set_array (node, out);
  return node;
}

static JsonNode *
check_string (JsonObject  *schema,
              JsonNode    *value,
              const char  *path,
              GError     **error)
{
  g_autofree char *text = NULL;

  if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
    {
      schema_error (error, path, _("is not a string"));
      return NULL;
    }

  text = g_strstrip (g_strdup (json_node_get_string (value)));
  if (json_object_has_member (schema, "enum") && !strv_node_contains (schema, "enum", text))
    {
      JsonArray *values = json_object_get_array_member (schema, "enum");
      g_autoptr(GString) allowed = g_string_new (NULL);

      for (guint i = 0; i < json_array_get_length (values); i++)
        g_string_append_printf (allowed, "%s%s", i > 0 ? ", " : "", json_array_get_string_element (values, i));
      schema_error (error, path, _("is “%s”, which is not one of %s"), text, allowed->str);
      return NULL;
    }

  if (text[0] == '\0')
    {
      if (json_object_get_boolean_member_with_default (schema, "nullable", FALSE))
        return json_node_new (JSON_NODE_NULL);
      schema_error (error, path, _("is empty"));
      return NULL;
    }

  return json_node_init_string (json_node_alloc (), text);
}

static JsonNode *
check_number (JsonNode    *value,
              const char  *path,
              GError     **error)
{
  GType type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;
  double number;

  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    {
      schema_error (error, path, _("is not a number"));
      return NULL;
    }

  number = json_node_get_double (value);
  if (!isfinite (number))
    {
      schema_error (error, path, _("is not a finite number"));
      return NULL;
    }

  return json_node_init_double (json_node_alloc (), number);
}

static JsonNode *
check_value (JsonObject  *schema,
             JsonNode    *value,
             const char  *path,
             GError     **error)
{
  const char *type = json_object_get_string_member (schema, "type");

  if (JSON_NODE_HOLDS_NULL (value))
    {
      if (json_object_get_boolean_member_with_default (schema, "nullable", FALSE))
        return json_node_new (JSON_NODE_NULL);
      schema_error (error, path, _("is null where %s is needed"), type_phrase (type));
      return NULL;
    }

  if (g_str_equal (type, "OBJECT"))
    return check_object (schema, value, path, error);
  if (g_str_equal (type, "ARRAY"))
    return check_array (schema, value, path, error);
  if (g_str_equal (type, "STRING"))
    return check_string (schema, value, path, error);
  if (g_str_equal (type, "NUMBER"))
    return check_number (value, path, error);

  g_return_val_if_reached (NULL);
}

/* The converters read normalised objects, but never trust them to the
 * point of a critical: a member of the wrong type reads as absent. */
static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonArray *
array_member (JsonObject *object,
              const char *name)
{
  JsonNode *node = object ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* What the schema cannot say: a real calendar date, a currency code. */
static gboolean
check_invoice (JsonObject  *invoice,
               GError     **error)
{
  const char *date = string_member (invoice, "date");
  const char *currency = string_member (invoice, "currency");

  if (date != NULL)
    {
      g_autoptr(GDateTime) parsed = NULL;
      g_autofree char *iso = NULL;

      if (strlen (date) == 10 && date[4] == '-' && date[7] == '-')
        {
          iso = g_strconcat (date, "T00:00:00Z", NULL);
          parsed = g_date_time_new_from_iso8601 (iso, NULL);
        }
      if (parsed == NULL)
        return schema_error (error, "date", _("is “%s”, not a date written YYYY-MM-DD"), date);
    }

  if (currency != NULL)
    {
      g_autofree char *code = g_ascii_strup (currency, -1);

      if (strlen (code) != 3 || !g_ascii_isalpha (code[0]) || !g_ascii_isalpha (code[1]) ||
          !g_ascii_isalpha (code[2]))
        return schema_error (error, "currency", _("is “%s”, not a three-letter currency code such as CAD"),
                             currency);
      json_object_set_string_member (invoice, "currency", code);
    }

  return TRUE;
}

static char *
dup_member (JsonObject *object,
            const char *name)
{
  return g_strdup (string_member (object, name));
}

static double
double_member (JsonObject *object,
               const char *name,
               double      fallback)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  if (json_node_get_value_type (node) != G_TYPE_INT64 && json_node_get_value_type (node) != G_TYPE_DOUBLE)
    return fallback;
  return json_node_get_double (node);
}

static void
invoice_line_free (gpointer data)
{
  OpsInvoiceLine *line = data;

  g_free (line->description);
  g_free (line);
}

/*
 * Public API
 */

const char *
ops_vision_task_to_string (OpsVisionTask task)
{
  switch (task)
    {
    case OPS_VISION_BARCODES:
      return "barcodes";
    case OPS_VISION_EQUIPMENT:
      return "equipment";
    case OPS_VISION_INVOICE:
      return "invoice";
    default:
      g_return_val_if_reached (NULL);
    }
}

gboolean
ops_vision_task_from_string (const char    *name,
                             OpsVisionTask *task)
{
  static const OpsVisionTask tasks[] = { OPS_VISION_BARCODES, OPS_VISION_EQUIPMENT, OPS_VISION_INVOICE };

  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (tasks); i++)
    if (g_str_equal (name, ops_vision_task_to_string (tasks[i])))
      {
        if (task != NULL)
          *task = tasks[i];
        return TRUE;
      }
  return FALSE;
}

JsonNode *
ops_vision_task_schema (OpsVisionTask task)
{
  const char *text = schema_text (task);
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_return_val_if_fail (text != NULL, NULL);

  node = json_from_string (text, &error);
  /* The schemas are constants: one that does not parse is a programming error. */
  if (node == NULL)
    g_error ("The %s schema is not JSON: %s", ops_vision_task_to_string (task), error->message);
  return node;
}

const char *
ops_vision_task_prompt (OpsVisionTask task)
{
  switch (task)
    {
    case OPS_VISION_BARCODES:
      return barcodes_prompt;
    case OPS_VISION_EQUIPMENT:
      return equipment_prompt;
    case OPS_VISION_INVOICE:
      return invoice_prompt;
    default:
      g_return_val_if_reached (NULL);
    }
}

JsonNode *
ops_vision_parse_answer (OpsVisionTask   task,
                         const char     *text,
                         GError        **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) schema = NULL;
  g_autoptr(JsonNode) result = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  g_return_val_if_fail (schema_text (task) != NULL, NULL);

  if (text == NULL || !g_utf8_validate (text, -1, NULL) ||
      !json_parser_load_from_data (parser, text, -1, &local_error) ||
      (root = json_parser_get_root (parser)) == NULL)
    {
      g_set_error (error, OPS_VISION_ERROR, OPS_VISION_ERROR_INVALID_JSON,
                   _("The answer is not valid JSON (%s); it may have been cut off."),
                   local_error ? local_error->message : _("no text"));
      return NULL;
    }

  schema = ops_vision_task_schema (task);
  result = check_value (json_node_get_object (schema), root, "", error);
  if (result == NULL)
    return NULL;

  if (task == OPS_VISION_INVOICE && !check_invoice (json_node_get_object (result), error))
    return NULL;

  return g_steal_pointer (&result);
}

GPtrArray *
ops_barcodes_from_json (JsonNode *node)
{
  GPtrArray *codes = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_barcode_free);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return codes;

  array = array_member (json_node_get_object (node), "codes");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (element) ? json_node_get_object (element) : NULL;
      const char *type = string_member (object, "type");
      const char *value = string_member (object, "value");

      if (value != NULL)
        g_ptr_array_add (codes, ops_barcode_new (type ? type : "OTHER", value));
    }

  return codes;
}

OpsEquipmentLabel *
ops_equipment_label_from_json (JsonNode *node)
{
  OpsEquipmentLabel *label = g_new0 (OpsEquipmentLabel, 1);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return label;

  object = json_node_get_object (node);
  label->brand = dup_member (object, "brand");
  label->model = dup_member (object, "model");
  label->serial = dup_member (object, "serial");
  label->mac = dup_member (object, "mac");
  label->gpon_serial = dup_member (object, "gpon_serial");
  return label;
}

OpsSupplierInvoice *
ops_supplier_invoice_from_json (JsonNode *node)
{
  OpsSupplierInvoice *invoice = g_new0 (OpsSupplierInvoice, 1);
  JsonObject *object = NULL;
  JsonArray *lines = NULL;

  invoice->lines = g_ptr_array_new_with_free_func (invoice_line_free);

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    object = json_node_get_object (node);

  invoice->supplier = dup_member (object, "supplier");
  invoice->number = dup_member (object, "number");
  invoice->date = dup_member (object, "date");
  invoice->currency = dup_member (object, "currency");
  if (invoice->currency == NULL)
    invoice->currency = g_strdup ("CAD");
  invoice->subtotal = object ? double_member (object, "subtotal", NAN) : NAN;
  invoice->tps = object ? double_member (object, "tps", NAN) : NAN;
  invoice->tvq = object ? double_member (object, "tvq", NAN) : NAN;
  invoice->total = object ? double_member (object, "total", NAN) : NAN;

  if (object != NULL)
    lines = array_member (object, "lines");
  for (guint i = 0; lines != NULL && i < json_array_get_length (lines); i++)
    {
      JsonNode *element = json_array_get_element (lines, i);
      JsonObject *item;
      OpsInvoiceLine *line;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      item = json_node_get_object (element);
      line = g_new0 (OpsInvoiceLine, 1);
      line->description = dup_member (item, "description");
      line->quantity = double_member (item, "quantity", 1);
      line->unit_price = double_member (item, "unit_price", NAN);
      line->amount = double_member (item, "amount", NAN);
      g_ptr_array_add (invoice->lines, line);
    }

  return invoice;
}

JsonNode *
ops_barcodes_to_json (GPtrArray *codes)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "codes");
  json_builder_begin_array (builder);
  for (guint i = 0; codes != NULL && i < codes->len; i++)
    {
      OpsBarcode *code = g_ptr_array_index (codes, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, code->type);
      json_builder_set_member_name (builder, "value");
      json_builder_add_string_value (builder, code->value);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

OpsBarcode *
ops_barcode_new (const char *type,
                 const char *value)
{
  OpsBarcode *code;

  g_return_val_if_fail (value != NULL, NULL);

  code = g_new0 (OpsBarcode, 1);
  code->type = g_strdup (type ? type : "OTHER");
  code->value = g_strdup (value);
  return code;
}

void
ops_barcode_free (OpsBarcode *code)
{
  if (code == NULL)
    return;

  g_free (code->type);
  g_free (code->value);
  g_free (code);
}

void
ops_equipment_label_free (OpsEquipmentLabel *label)
{
  if (label == NULL)
    return;

  g_free (label->brand);
  g_free (label->model);
  g_free (label->serial);
  g_free (label->mac);
  g_free (label->gpon_serial);
  g_free (label);
}

void
ops_supplier_invoice_free (OpsSupplierInvoice *invoice)
{
  if (invoice == NULL)
    return;

  g_free (invoice->supplier);
  g_free (invoice->number);
  g_free (invoice->date);
  g_free (invoice->currency);
  g_clear_pointer (&invoice->lines, g_ptr_array_unref);
  g_free (invoice);
}
