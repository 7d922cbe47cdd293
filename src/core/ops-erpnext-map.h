/* ops-erpnext-map.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How ERPNext documents become store rows, and local changes become
 * ERPNext request bodies.  Pure functions: data in, data out.  The field
 * names of the custom doctypes are documented in docs/erpnext-doctypes.md.
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A Communication record's message_id, when it has one: the idempotency key
 * of the send, which names the message a console queued before ERPNext
 * knew it.  Not a column: sync renames that message to the Communication's
 * name, then drops the member. */
#define OPS_ERPNEXT_MESSAGE_KEY "__message_key"

typedef struct _OpsErpnextDoctype OpsErpnextDoctype;

/* The synced doctypes, in sync order (customers before what links to them). */
guint                    ops_erpnext_doctype_count         (void);
const OpsErpnextDoctype *ops_erpnext_doctype_get           (guint                    index);
const OpsErpnextDoctype *ops_erpnext_doctype_find          (const char              *doctype);
const OpsErpnextDoctype *ops_erpnext_doctype_find_table    (const char              *table);
const char              *ops_erpnext_doctype_get_name      (const OpsErpnextDoctype *self);
const char              *ops_erpnext_doctype_get_table     (const OpsErpnextDoctype *self);
/* A new JSON array of the fields a list call asks for ("modified" and
 * "name" always included). */
JsonNode                *ops_erpnext_doctype_list_fields   (const OpsErpnextDoctype *self);
/* A new JSON array of the conditions every list call of this doctype
 * carries (may be empty). */
JsonArray               *ops_erpnext_doctype_base_filters  (const OpsErpnextDoctype *self);
/* Maps one list row.  Returns a new store record, or NULL when the document
 * must not be kept locally (a draft or cancelled invoice, say): the caller
 * deletes any local copy. */
JsonObject              *ops_erpnext_doctype_to_record     (const OpsErpnextDoctype *self,
                                                            JsonObject              *row);
/* Maps a whole document (a GET or write answer: child tables instead of
 * joined child fields, null fields left out). */
JsonObject              *ops_erpnext_doctype_document_to_record (const OpsErpnextDoctype *self,
                                                                 JsonObject              *doc);
/* TRUE when an update must read the current document first and go through
 * ops_erpnext_prepare_update () (Contact: phone and e-mail live in child
 * tables). */
gboolean                 ops_erpnext_doctype_update_needs_current (const OpsErpnextDoctype *self);

/* The body of PUT Customer for a change of notes and flags. */
JsonObject              *ops_erpnext_customer_changes      (const char              *notes,
                                                            const char *const       *flags);
/* The payload queued for a contact change: any of "phone", "mobile",
 * "email" (NULL = unchanged). */
JsonObject              *ops_erpnext_contact_changes       (const char              *phone,
                                                            const char              *mobile,
                                                            const char              *email);
/* Turns a queued payload into the PUT body, given the current document
 * when the doctype needs it (see above); otherwise returns a copy of
 * payload. */
JsonObject              *ops_erpnext_prepare_update        (const char              *doctype,
                                                            JsonObject              *current,
                                                            JsonObject              *payload);

/* "a, b,c" -> ["a","b","c"]; NULL or "" -> []. */
JsonArray               *ops_erpnext_split_list            (const char              *text);
/* Text of an HTML fragment: tags removed, <br> and block ends as newlines,
 * common entities decoded, runs of blanks collapsed. */
char                    *ops_erpnext_html_to_text          (const char              *html);

G_END_DECLS
