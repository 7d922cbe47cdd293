/* test-vision-result.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The vision tasks' schemas and prompts, and the strict parser of the
 * model's answers: realistic answers (a Québec supplier invoice with TPS
 * and TVQ, an ONT label, barcodes), nulls, and every way an answer can
 * fail to match.
 */

#define G_LOG_DOMAIN "test-vision-result"

#include "config.h"

#include <math.h>
#include <string.h>

#include "ops-vision-result.h"

/* What gemini-2.5-flash answers for a photo of a supplier invoice. */
static const char invoice_answer[] =
  "{\n"
  "  \"supplier\": \"Distributions Électriques Laval inc.\",\n"
  "  \"number\": \"F-2026-00418\",\n"
  "  \"date\": \"2026-03-12\",\n"
  "  \"currency\": \"cad\",\n"
  "  \"subtotal\": 1250.00,\n"
  "  \"tps\": 62.5,\n"
  "  \"tvq\": 124.69,\n"
  "  \"total\": 1437.19,\n"
  "  \"lines\": [\n"
  "    {\"description\": \"Câble fibre optique monomode 12 brins (m)\", \"quantity\": 500,"
  " \"unit_price\": 1.85, \"amount\": 925.00},\n"
  "    {\"description\": \"Connecteurs SC/APC (paquet de 10)\", \"quantity\": 5, \"unit_price\": 65,"
  " \"amount\": 325.00},\n"
  "    {\"description\": \"Frais de livraison\", \"quantity\": null, \"unit_price\": null,"
  " \"amount\": 0}\n"
  "  ],\n"
  "  \"notes\": \"Merci de votre confiance\"\n"
  "}";

static const char label_answer[] =
  "{\"brand\": \"ZTE\", \"model\": \"ZXHN F670L\", \"serial\": \" ZTEEH8QL1A23456 \","
  " \"mac\": \"AA:BB:CC:DD:EE:FF\", \"gpon_serial\": \"ZTEGC8F41B27\"}";

static const char label_nulls_answer[] =
  "{\"brand\": \"Nokia\", \"model\": null, \"serial\": \"\", \"mac\": \"AABBCCDDEEFF\","
  " \"gpon_serial\": null}";

static const char barcodes_answer[] =
  "{\"codes\": [{\"type\": \"CODE128\", \"value\": \"ZTEGC8F41B27\"},"
  " {\"type\": \"QRCODE\", \"value\": \"WIFI:S:Gigafibre-4F2A;T:WPA;P:7hq2-kd9x-31mz;;\"},"
  " {\"type\": \"EAN13\", \"value\": \"0012345678905\"}]}";

/*
 * Helpers
 */

static JsonNode *
parse_ok (OpsVisionTask task,
          const char   *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = ops_vision_parse_answer (task, text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return node;
}

/* The answer is refused with code, and the message names member. */
static void
assert_refused (OpsVisionTask  task,
                const char    *text,
                int            code,
                const char    *member)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = ops_vision_parse_answer (task, text, &error);

  g_assert_null (node);
  g_assert_error (error, OPS_VISION_ERROR, code);
  g_assert_true (g_str_has_suffix (error->message, "."));
  if (member != NULL)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", member);

      if (strstr (error->message, quoted) == NULL)
        g_error ("“%s” does not name %s", error->message, quoted);
    }
}

static JsonObject *
schema_properties (JsonNode *schema)
{
  return json_object_get_object_member (json_node_get_object (schema), "properties");
}

/*
 * Tests
 */

static void
test_task_names (void)
{
  OpsVisionTask task = OPS_VISION_BARCODES;

  g_assert_cmpstr (ops_vision_task_to_string (OPS_VISION_BARCODES), ==, "barcodes");
  g_assert_cmpstr (ops_vision_task_to_string (OPS_VISION_EQUIPMENT), ==, "equipment");
  g_assert_cmpstr (ops_vision_task_to_string (OPS_VISION_INVOICE), ==, "invoice");

  g_assert_true (ops_vision_task_from_string ("invoice", &task));
  g_assert_cmpint (task, ==, OPS_VISION_INVOICE);
  g_assert_true (ops_vision_task_from_string ("equipment", &task));
  g_assert_cmpint (task, ==, OPS_VISION_EQUIPMENT);
  g_assert_false (ops_vision_task_from_string ("Invoice", &task));
  g_assert_false (ops_vision_task_from_string ("", &task));
  g_assert_false (ops_vision_task_from_string (NULL, &task));
  g_assert_cmpint (task, ==, OPS_VISION_EQUIPMENT);
}

/* Gemini's Schema subset: capitalised types, required, propertyOrdering
 * listing every property, maxItems 3 on the codes. */
static void
check_schema_object (JsonObject *schema,
                     const char *where)
{
  JsonObject *properties;
  JsonArray *order;
  JsonArray *required;
  const char *type = json_object_get_string_member (schema, "type");
  g_autoptr(GList) names = NULL;

  g_assert_true (g_strv_contains ((const char *const[]){ "OBJECT", "ARRAY", "STRING", "NUMBER", NULL }, type));
  if (g_str_equal (type, "ARRAY"))
    {
      check_schema_object (json_object_get_object_member (schema, "items"), where);
      return;
    }
  if (!g_str_equal (type, "OBJECT"))
    return;

  properties = json_object_get_object_member (schema, "properties");
  order = json_object_get_array_member (schema, "propertyOrdering");
  required = json_object_get_array_member (schema, "required");
  g_assert_nonnull (properties);
  names = json_object_get_members (properties);
  g_assert_cmpuint (json_array_get_length (order), ==, g_list_length (names));
  for (guint i = 0; i < json_array_get_length (order); i++)
    {
      const char *name = json_array_get_string_element (order, i);

      g_assert_true (json_object_has_member (properties, name));
      check_schema_object (json_object_get_object_member (properties, name), where);
    }
  for (guint i = 0; i < json_array_get_length (required); i++)
    g_assert_true (json_object_has_member (properties, json_array_get_string_element (required, i)));
}

static void
test_schemas (void)
{
  g_autoptr(JsonNode) barcodes = ops_vision_task_schema (OPS_VISION_BARCODES);
  g_autoptr(JsonNode) equipment = ops_vision_task_schema (OPS_VISION_EQUIPMENT);
  g_autoptr(JsonNode) invoice = ops_vision_task_schema (OPS_VISION_INVOICE);
  JsonObject *codes;
  JsonObject *code_type;
  JsonObject *lines;
  JsonObject *date;

  check_schema_object (json_node_get_object (barcodes), "barcodes");
  check_schema_object (json_node_get_object (equipment), "equipment");
  check_schema_object (json_node_get_object (invoice), "invoice");

  codes = json_object_get_object_member (schema_properties (barcodes), "codes");
  g_assert_cmpstr (json_object_get_string_member (codes, "type"), ==, "ARRAY");
  g_assert_cmpint (json_object_get_int_member (codes, "maxItems"), ==, 3);
  code_type = json_object_get_object_member (json_object_get_object_member (json_object_get_object_member (codes, "items"),
                                                                            "properties"),
                                             "type");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (code_type, "enum")), ==, 9);

  for (const char *const *name = (const char *const[]){ "brand", "model", "serial", "mac", "gpon_serial", NULL };
       *name != NULL; name++)
    {
      JsonObject *field = json_object_get_object_member (schema_properties (equipment), *name);

      g_assert_nonnull (field);
      g_assert_cmpstr (json_object_get_string_member (field, "type"), ==, "STRING");
      g_assert_true (json_object_get_boolean_member (field, "nullable"));
    }
  g_assert_cmpuint (json_object_get_size (schema_properties (equipment)), ==, 5);

  date = json_object_get_object_member (schema_properties (invoice), "date");
  g_assert_cmpstr (json_object_get_string_member (date, "description"), ==, "YYYY-MM-DD");
  for (const char *const *name = (const char *const[]){ "subtotal", "tps", "tvq", "total", NULL };
       *name != NULL; name++)
    g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (schema_properties (invoice), *name),
                                                    "type"), ==, "NUMBER");
  lines = json_object_get_object_member (schema_properties (invoice), "lines");
  g_assert_cmpstr (json_object_get_string_member (lines, "type"), ==, "ARRAY");
  g_assert_true (json_object_has_member (json_object_get_object_member (json_object_get_object_member (lines, "items"),
                                                                        "properties"), "unit_price"));
}

static void
test_prompts (void)
{
  const char *invoice = ops_vision_task_prompt (OPS_VISION_INVOICE);
  const char *equipment = ops_vision_task_prompt (OPS_VISION_EQUIPMENT);
  const char *barcodes = ops_vision_task_prompt (OPS_VISION_BARCODES);

  g_assert_nonnull (strstr (invoice, "Use null when a field is not visible"));
  g_assert_nonnull (strstr (invoice, "YYYY-MM-DD"));
  g_assert_nonnull (strstr (invoice, "without currency signs"));
  g_assert_nonnull (strstr (invoice, "TPS"));
  g_assert_nonnull (strstr (invoice, "TVQ"));
  g_assert_nonnull (strstr (equipment, "Use null when a field is not visible"));
  g_assert_nonnull (strstr (equipment, "gpon_serial"));
  g_assert_nonnull (strstr (equipment, "AA:BB:CC:DD:EE:FF"));
  g_assert_nonnull (strstr (barcodes, "at most 3"));
  g_assert_nonnull (strstr (barcodes, "empty list"));
}

static void
test_invoice (void)
{
  g_autoptr(JsonNode) node = parse_ok (OPS_VISION_INVOICE, invoice_answer);
  g_autoptr(OpsSupplierInvoice) invoice = NULL;
  g_autofree char *text = NULL;
  JsonObject *object = json_node_get_object (node);
  OpsInvoiceLine *line;

  /* Normalised: the schema's members in order, unknown ones dropped. */
  g_assert_false (json_object_has_member (object, "notes"));
  g_assert_cmpstr (json_object_get_string_member (object, "currency"), ==, "CAD");
  text = json_to_string (node, FALSE);
  g_assert_true (g_str_has_prefix (text, "{\"supplier\":\"Distributions Électriques Laval inc.\",\"number\":"));

  invoice = ops_supplier_invoice_from_json (node);
  g_assert_cmpstr (invoice->supplier, ==, "Distributions Électriques Laval inc.");
  g_assert_cmpstr (invoice->number, ==, "F-2026-00418");
  g_assert_cmpstr (invoice->date, ==, "2026-03-12");
  g_assert_cmpstr (invoice->currency, ==, "CAD");
  g_assert_cmpfloat_with_epsilon (invoice->subtotal, 1250.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (invoice->tps, 62.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (invoice->tvq, 124.69, 1e-9);
  g_assert_cmpfloat_with_epsilon (invoice->total, 1437.19, 1e-9);
  /* TPS 5 %, TVQ 9.975 % of the subtotal, as on a Québec invoice. */
  g_assert_cmpfloat_with_epsilon (invoice->subtotal + invoice->tps + invoice->tvq, invoice->total, 0.005);

  g_assert_cmpuint (invoice->lines->len, ==, 3);
  line = g_ptr_array_index (invoice->lines, 0);
  g_assert_cmpstr (line->description, ==, "Câble fibre optique monomode 12 brins (m)");
  g_assert_cmpfloat (line->quantity, ==, 500);
  g_assert_cmpfloat_with_epsilon (line->unit_price, 1.85, 1e-9);
  g_assert_cmpfloat_with_epsilon (line->amount, 925.0, 1e-9);
  line = g_ptr_array_index (invoice->lines, 1);
  /* An integer in the JSON is a number too. */
  g_assert_cmpfloat (line->unit_price, ==, 65);
  line = g_ptr_array_index (invoice->lines, 2);
  g_assert_cmpfloat (line->quantity, ==, 1);
  g_assert_true (isnan (line->unit_price));
  g_assert_cmpfloat (line->amount, ==, 0);
}

static void
test_invoice_nulls (void)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(OpsSupplierInvoice) invoice = NULL;
  g_autoptr(OpsSupplierInvoice) empty = NULL;

  node = parse_ok (OPS_VISION_INVOICE,
                   "{\"supplier\": \"Fibres Optiques Boréal\", \"number\": null, \"date\": null,"
                   " \"currency\": null, \"subtotal\": null, \"tps\": null, \"tvq\": null,"
                   " \"total\": 86.23, \"lines\": []}");
  invoice = ops_supplier_invoice_from_json (node);
  g_assert_cmpstr (invoice->supplier, ==, "Fibres Optiques Boréal");
  g_assert_null (invoice->number);
  g_assert_null (invoice->date);
  g_assert_cmpstr (invoice->currency, ==, "CAD");
  g_assert_true (isnan (invoice->subtotal));
  g_assert_true (isnan (invoice->tps));
  g_assert_true (isnan (invoice->tvq));
  g_assert_cmpfloat_with_epsilon (invoice->total, 86.23, 1e-9);
  g_assert_nonnull (invoice->lines);
  g_assert_cmpuint (invoice->lines->len, ==, 0);

  /* The converters never fail: nothing in, an empty invoice out. */
  empty = ops_supplier_invoice_from_json (NULL);
  g_assert_nonnull (empty->lines);
  g_assert_null (empty->supplier);
  g_assert_true (isnan (empty->total));
}

static void
test_label (void)
{
  g_autoptr(JsonNode) node = parse_ok (OPS_VISION_EQUIPMENT, label_answer);
  g_autoptr(JsonNode) nulls = parse_ok (OPS_VISION_EQUIPMENT, label_nulls_answer);
  g_autoptr(OpsEquipmentLabel) label = ops_equipment_label_from_json (node);
  g_autoptr(OpsEquipmentLabel) partial = ops_equipment_label_from_json (nulls);

  g_assert_cmpstr (label->brand, ==, "ZTE");
  g_assert_cmpstr (label->model, ==, "ZXHN F670L");
  /* Trimmed. */
  g_assert_cmpstr (label->serial, ==, "ZTEEH8QL1A23456");
  g_assert_cmpstr (label->mac, ==, "AA:BB:CC:DD:EE:FF");
  g_assert_cmpstr (label->gpon_serial, ==, "ZTEGC8F41B27");

  g_assert_cmpstr (partial->brand, ==, "Nokia");
  g_assert_null (partial->model);
  /* A blank string is as good as null. */
  g_assert_null (partial->serial);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_object_get_member (json_node_get_object (nulls), "serial")));
  /* MACs stay as printed. */
  g_assert_cmpstr (partial->mac, ==, "AABBCCDDEEFF");
  g_assert_null (partial->gpon_serial);
}

static void
test_barcodes (void)
{
  g_autoptr(JsonNode) node = parse_ok (OPS_VISION_BARCODES, barcodes_answer);
  g_autoptr(JsonNode) none = parse_ok (OPS_VISION_BARCODES, "{\"codes\": []}");
  g_autoptr(GPtrArray) codes = ops_barcodes_from_json (node);
  g_autoptr(GPtrArray) no_codes = ops_barcodes_from_json (none);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_barcode_free);
  g_autoptr(JsonNode) round_trip = NULL;
  g_autofree char *text = NULL;
  OpsBarcode *code;

  g_assert_cmpuint (codes->len, ==, 3);
  code = g_ptr_array_index (codes, 0);
  g_assert_cmpstr (code->type, ==, "CODE128");
  g_assert_cmpstr (code->value, ==, "ZTEGC8F41B27");
  code = g_ptr_array_index (codes, 1);
  g_assert_cmpstr (code->type, ==, "QRCODE");
  g_assert_cmpstr (code->value, ==, "WIFI:S:Gigafibre-4F2A;T:WPA;P:7hq2-kd9x-31mz;;");
  g_assert_cmpuint (no_codes->len, ==, 0);

  g_ptr_array_add (made, ops_barcode_new ("EAN13", "0012345678905"));
  g_ptr_array_add (made, ops_barcode_new (NULL, "AA:BB:CC:DD:EE:FF"));
  round_trip = ops_barcodes_to_json (made);
  text = json_to_string (round_trip, FALSE);
  g_assert_cmpstr (text, ==,
                   "{\"codes\":[{\"type\":\"EAN13\",\"value\":\"0012345678905\"},"
                   "{\"type\":\"OTHER\",\"value\":\"AA:BB:CC:DD:EE:FF\"}]}");
  g_clear_pointer (&text, g_free);

  /* What to_json writes, the parser accepts. */
  g_clear_pointer (&round_trip, json_node_unref);
  round_trip = ops_barcodes_to_json (codes);
  text = json_to_string (round_trip, FALSE);
  g_clear_pointer (&round_trip, json_node_unref);
  round_trip = parse_ok (OPS_VISION_BARCODES, text);
  g_clear_pointer (&codes, g_ptr_array_unref);
  codes = ops_barcodes_from_json (round_trip);
  g_assert_cmpuint (codes->len, ==, 3);

  g_clear_pointer (&codes, g_ptr_array_unref);
  codes = ops_barcodes_from_json (NULL);
  g_assert_cmpuint (codes->len, ==, 0);
}

static void
test_invalid_json (void)
{
  assert_refused (OPS_VISION_INVOICE, "", OPS_VISION_ERROR_INVALID_JSON, NULL);
  assert_refused (OPS_VISION_INVOICE, NULL, OPS_VISION_ERROR_INVALID_JSON, NULL);
  /* Cut off by MAX_TOKENS. */
  assert_refused (OPS_VISION_INVOICE, "{\"supplier\": \"Distributions Électriques Laval inc.\", \"number\": \"F-20",
                  OPS_VISION_ERROR_INVALID_JSON, NULL);
  assert_refused (OPS_VISION_EQUIPMENT, "Here is the label: brand ZTE, model F670L",
                  OPS_VISION_ERROR_INVALID_JSON, NULL);
  assert_refused (OPS_VISION_BARCODES, "```json\n{\"codes\": []}\n```", OPS_VISION_ERROR_INVALID_JSON, NULL);
  assert_refused (OPS_VISION_BARCODES, "{\"codes\": [] \"extra\"}", OPS_VISION_ERROR_INVALID_JSON, NULL);
  assert_refused (OPS_VISION_BARCODES, "{\"codes\": \"\xff\xfe\"}", OPS_VISION_ERROR_INVALID_JSON, NULL);
}

static void
test_schema_errors (void)
{
  /* Not an object at all. */
  assert_refused (OPS_VISION_BARCODES, "[]", OPS_VISION_ERROR_SCHEMA, NULL);
  assert_refused (OPS_VISION_EQUIPMENT, "\"ZTE\"", OPS_VISION_ERROR_SCHEMA, NULL);

  /* Barcodes. */
  assert_refused (OPS_VISION_BARCODES, "{}", OPS_VISION_ERROR_SCHEMA, "codes");
  assert_refused (OPS_VISION_BARCODES, "{\"codes\": null}", OPS_VISION_ERROR_SCHEMA, "codes");
  assert_refused (OPS_VISION_BARCODES, "{\"codes\": {\"type\": \"EAN13\"}}", OPS_VISION_ERROR_SCHEMA, "codes");
  assert_refused (OPS_VISION_BARCODES,
                  "{\"codes\": [{\"type\": \"CODE128\", \"value\": \"A1\"}, {\"type\": \"CODE128\", \"value\": \"A2\"},"
                  " {\"type\": \"CODE128\", \"value\": \"A3\"}, {\"type\": \"CODE128\", \"value\": \"A4\"}]}",
                  OPS_VISION_ERROR_SCHEMA, "codes");
  assert_refused (OPS_VISION_BARCODES, "{\"codes\": [{\"type\": \"PDF417\", \"value\": \"X\"}]}",
                  OPS_VISION_ERROR_SCHEMA, "codes[0].type");
  assert_refused (OPS_VISION_BARCODES,
                  "{\"codes\": [{\"type\": \"EAN13\", \"value\": \"0012345678905\"}, {\"type\": \"QRCODE\"}]}",
                  OPS_VISION_ERROR_SCHEMA, "codes[1].value");
  assert_refused (OPS_VISION_BARCODES, "{\"codes\": [{\"type\": \"EAN13\", \"value\": 12345678905}]}",
                  OPS_VISION_ERROR_SCHEMA, "codes[0].value");
  assert_refused (OPS_VISION_BARCODES, "{\"codes\": [{\"type\": \"EAN13\", \"value\": \"  \"}]}",
                  OPS_VISION_ERROR_SCHEMA, "codes[0].value");
  assert_refused (OPS_VISION_BARCODES, "{\"codes\": [\"ZTEGC8F41B27\"]}", OPS_VISION_ERROR_SCHEMA, "codes[0]");

  /* Equipment label. */
  assert_refused (OPS_VISION_EQUIPMENT,
                  "{\"brand\": \"ZTE\", \"model\": \"F670L\", \"serial\": null, \"mac\": null}",
                  OPS_VISION_ERROR_SCHEMA, "gpon_serial");
  assert_refused (OPS_VISION_EQUIPMENT,
                  "{\"brand\": \"ZTE\", \"model\": 670, \"serial\": null, \"mac\": null, \"gpon_serial\": null}",
                  OPS_VISION_ERROR_SCHEMA, "model");
  assert_refused (OPS_VISION_EQUIPMENT,
                  "{\"brand\": [\"ZTE\"], \"model\": null, \"serial\": null, \"mac\": null, \"gpon_serial\": null}",
                  OPS_VISION_ERROR_SCHEMA, "brand");

  /* Invoice. */
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": null, \"currency\": null,"
                  " \"subtotal\": \"1 250,00 $\", \"tps\": null, \"tvq\": null, \"total\": null, \"lines\": []}",
                  OPS_VISION_ERROR_SCHEMA, "subtotal");
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": null, \"currency\": null,"
                  " \"subtotal\": null, \"tps\": true, \"tvq\": null, \"total\": null, \"lines\": []}",
                  OPS_VISION_ERROR_SCHEMA, "tps");
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": null, \"currency\": null,"
                  " \"subtotal\": null, \"tps\": null, \"tvq\": null, \"total\": null}",
                  OPS_VISION_ERROR_SCHEMA, "lines");
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": null, \"currency\": null,"
                  " \"subtotal\": null, \"tps\": null, \"tvq\": null, \"total\": null, \"lines\": null}",
                  OPS_VISION_ERROR_SCHEMA, "lines");
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": null, \"currency\": null,"
                  " \"subtotal\": null, \"tps\": null, \"tvq\": null, \"total\": null,"
                  " \"lines\": [{\"description\": \"Câble\", \"quantity\": 2, \"unit_price\": \"3,50\", \"amount\": 7}]}",
                  OPS_VISION_ERROR_SCHEMA, "lines[0].unit_price");
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": null, \"currency\": null,"
                  " \"subtotal\": null, \"tps\": null, \"tvq\": null, \"total\": null,"
                  " \"lines\": [{\"description\": \"Câble\", \"quantity\": 2, \"amount\": 7}]}",
                  OPS_VISION_ERROR_SCHEMA, "lines[0].unit_price");
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": \"12/03/2026\", \"currency\": null,"
                  " \"subtotal\": null, \"tps\": null, \"tvq\": null, \"total\": null, \"lines\": []}",
                  OPS_VISION_ERROR_SCHEMA, "date");
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": \"2026-02-30\", \"currency\": null,"
                  " \"subtotal\": null, \"tps\": null, \"tvq\": null, \"total\": null, \"lines\": []}",
                  OPS_VISION_ERROR_SCHEMA, "date");
  assert_refused (OPS_VISION_INVOICE,
                  "{\"supplier\": \"Boréal\", \"number\": \"1\", \"date\": null, \"currency\": \"$\","
                  " \"subtotal\": null, \"tps\": null, \"tvq\": null, \"total\": null, \"lines\": []}",
                  OPS_VISION_ERROR_SCHEMA, "currency");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/vision-result/task-names", test_task_names);
  g_test_add_func ("/vision-result/schemas", test_schemas);
  g_test_add_func ("/vision-result/prompts", test_prompts);
  g_test_add_func ("/vision-result/invoice", test_invoice);
  g_test_add_func ("/vision-result/invoice-nulls", test_invoice_nulls);
  g_test_add_func ("/vision-result/label", test_label);
  g_test_add_func ("/vision-result/barcodes", test_barcodes);
  g_test_add_func ("/vision-result/invalid-json", test_invalid_json);
  g_test_add_func ("/vision-result/schema-errors", test_schema_errors);

  return g_test_run ();
}
