/* ops-edits.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The changes a person makes from the console.  Each applies the change to
 * the store and, when queue is TRUE (live workspace), writes the matching
 * outbox row in the same transaction.  On the demo workspace queue is
 * FALSE: the change is kept locally and nothing is sent.
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

/* notes may be "" to clear; flags NULL-terminated (may be empty). */
gboolean ops_edit_customer (OpsStore          *store,
                            const char        *name,
                            const char        *notes,
                            const char *const *flags,
                            gboolean           queue,
                            GError           **error);
/* Any of phone, mobile, email may be NULL to leave it unchanged, "" to
 * clear.  email must look like an address, or the call fails with
 * OPS_STORE_ERROR_INVALID_RECORD and a sentence saying why. */
gboolean ops_edit_contact  (OpsStore          *store,
                            const char        *name,
                            const char        *phone,
                            const char        *mobile,
                            const char        *email,
                            gboolean           queue,
                            GError           **error);

G_END_DECLS
