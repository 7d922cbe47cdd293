/* ops-vision-result.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What reading a photo gives: barcodes, an equipment label's fields, a
 * supplier invoice.  Each task has the JSON response schema Gemini is asked
 * to follow, its prompt, and a strict parser of the answer, so JSON that
 * does not match the schema is refused here, not used.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OPS_VISION_ERROR (ops_vision_error_quark ())

typedef enum
{
  OPS_VISION_ERROR_INVALID_JSON,   /* the answer is not JSON */
  OPS_VISION_ERROR_SCHEMA,         /* JSON, but not the schema's shape */
} OpsVisionError;

typedef enum
{
  OPS_VISION_BARCODES,   /* up to 3 codes with their type */
  OPS_VISION_EQUIPMENT,  /* brand, model, serial, mac, gpon_serial */
  OPS_VISION_INVOICE,    /* supplier invoice */
} OpsVisionTask;

typedef struct
{
  char *type;    /* CODE128, CODE39, EAN13, EAN8, UPCA, UPCE, QRCODE, DATAMATRIX, OTHER */
  char *value;
} OpsBarcode;

typedef struct
{
  char *brand;         /* each may be NULL when not visible */
  char *model;
  char *serial;
  char *mac;           /* as printed */
  char *gpon_serial;
} OpsEquipmentLabel;

typedef struct
{
  char   *description;
  double  quantity;    /* 1 when absent */
  double  unit_price;  /* NAN when absent */
  double  amount;      /* NAN when absent */
} OpsInvoiceLine;

typedef struct
{
  char      *supplier;
  char      *number;
  char      *date;      /* YYYY-MM-DD or NULL */
  char      *currency;  /* CAD when absent */
  double     subtotal;  /* NAN when absent */
  double     tps;       /* GST, NAN when absent */
  double     tvq;       /* QST, NAN when absent */
  double     total;     /* NAN when absent */
  GPtrArray *lines;     /* OpsInvoiceLine*, never NULL */
} OpsSupplierInvoice;

GQuark              ops_vision_error_quark        (void);

const char         *ops_vision_task_to_string     (OpsVisionTask task);  /* "barcodes", "equipment", "invoice" */
gboolean            ops_vision_task_from_string   (const char   *name,
                                                   OpsVisionTask *task);
/* Gemini's responseSchema (OpenAPI subset, type names in capitals) and the
 * prompt text for a task. (transfer full) */
JsonNode           *ops_vision_task_schema        (OpsVisionTask task);
const char         *ops_vision_task_prompt        (OpsVisionTask task);

/* Parses the model's text for task and checks it against the schema:
 * required members, types, limits (3 codes, 5 label fields).  Returns the
 * object normalised (unknown members dropped), or NULL with
 * OPS_VISION_ERROR. (transfer full) */
JsonNode           *ops_vision_parse_answer       (OpsVisionTask task,
                                                   const char   *text,
                                                   GError      **error);

/* From a normalised object (ops_vision_parse_answer or a /vision answer). */
GPtrArray          *ops_barcodes_from_json        (JsonNode     *node);   /* OpsBarcode* */
OpsEquipmentLabel  *ops_equipment_label_from_json (JsonNode     *node);
OpsSupplierInvoice *ops_supplier_invoice_from_json (JsonNode    *node);
/* {"codes": [{"type": …, "value": …}]} */
JsonNode           *ops_barcodes_to_json          (GPtrArray    *codes);

OpsBarcode         *ops_barcode_new               (const char   *type,
                                                   const char   *value);
void                ops_barcode_free              (OpsBarcode   *code);
void                ops_equipment_label_free      (OpsEquipmentLabel *label);
void                ops_supplier_invoice_free     (OpsSupplierInvoice *invoice);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsEquipmentLabel, ops_equipment_label_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsSupplierInvoice, ops_supplier_invoice_free)

G_END_DECLS
