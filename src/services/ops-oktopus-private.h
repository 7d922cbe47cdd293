/* ops-oktopus-private.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Helpers shared by the Oktopus client and its USP document conversion.
 */

#pragma once

#include "ops-oktopus-client.h"

G_BEGIN_DECLS

/* The member of object (which may be NULL) when it has that type, else NULL. */
const char *_ops_oktopus_string_member (JsonObject *object,
                                        const char *name);
JsonObject *_ops_oktopus_object_member (JsonObject *object,
                                        const char *name);
JsonArray  *_ops_oktopus_array_member  (JsonObject *object,
                                        const char *name);
/* The text of a USP value: strings as they are, anything else as JSON,
 * null as "". */
char       *_ops_oktopus_value_text    (JsonNode   *node);

G_END_DECLS
