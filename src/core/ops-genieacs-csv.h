/* ops-genieacs-csv.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * GenieACS data-model CSV (the 12-column export of its UI, or the 5-column
 * format of genieacs-sim) to the device document the NBI returns: typed
 * _value/_type/_timestamp leaves, _object/_writable flags, _deviceId,
 * _lastInform and friends.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define OPS_GENIEACS_CSV_ERROR (ops_genieacs_csv_error_quark ())

typedef enum
{
  OPS_GENIEACS_CSV_ERROR_HEADER,   /* not a GenieACS data-model CSV */
  OPS_GENIEACS_CSV_ERROR_SYNTAX,   /* quoting, field count */
  OPS_GENIEACS_CSV_ERROR_VALUE,    /* a parameter name or flag that cannot be read */
} OpsGenieacsCsvError;

GQuark      ops_genieacs_csv_error_quark (void);

/* A new document.  default_timestamp is used for leaves when the CSV has no
 * timestamps (5-column format), and for _lastInform when it has no
 * Events.Inform; may be NULL.  Without DeviceID.ID, _id is built from
 * DeviceID.OUI/ProductClass/SerialNumber.  Errors name the line. */
JsonObject *ops_genieacs_csv_to_document (const char  *csv,
                                          gssize       length,
                                          const char  *default_timestamp,
                                          GError     **error);

/* GenieACS's device id: OUI-ProductClass-Serial (OUI-Serial without a
 * product class), every character outside [A-Za-z0-9_] written %XX. */
char       *ops_genieacs_device_id       (const char  *oui,
                                          const char  *product_class,
                                          const char  *serial);

/* Reads a parameter leaf of a document: the node at a dotted path, or NULL
 * (borrowed).  A trailing dot, as references are written, is allowed. */
JsonObject *ops_device_doc_get_node      (JsonObject  *doc,
                                          const char  *path);
/* Sets (creating objects along the path) a leaf's _value, _type and
 * _timestamp; for building test variants and Oktopus documents.
 * value is copied (the caller keeps its node; NULL stores null); type NULL
 * is derived from the value (xsd:boolean, xsd:int or xsd:string);
 * timestamp NULL keeps the leaf's previous one.  A path without a dot that
 * starts with "_" ("_lastInform") sets that root key to the value itself. */
void        ops_device_doc_set_value     (JsonObject  *doc,
                                          const char  *path,
                                          JsonNode    *value,
                                          const char  *type,
                                          const char  *timestamp);
/* A deep copy, to change a variant without touching the original. */
JsonObject *ops_device_doc_copy          (JsonObject  *doc);
/* What the NBI returns for `projection=`: _id and the subtrees at the
 * given paths (parameter paths or root keys such as "_lastInform"), the
 * objects above them without their attributes.  paths is NULL-terminated. */
JsonObject *ops_device_doc_project       (JsonObject        *doc,
                                          const char *const *paths);

G_END_DECLS
