/* ops-ca-file-row.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A preferences row for the CA file of a server whose certificate comes
 * from a private authority: the chosen path, or "System certificates";
 * a button that opens a file chooser for PEM files and one that clears it.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define OPS_TYPE_CA_FILE_ROW (ops_ca_file_row_get_type ())

G_DECLARE_FINAL_TYPE (OpsCaFileRow, ops_ca_file_row, OPS, CA_FILE_ROW, AdwActionRow)

GtkWidget  *ops_ca_file_row_new        (void);
/* NULL: the system certificates. */
const char *ops_ca_file_row_get_path   (OpsCaFileRow *self);
void        ops_ca_file_row_set_path   (OpsCaFileRow *self,
                                        const char   *path);
/* Shown, not changeable: the configuration file set it. */
void        ops_ca_file_row_set_locked (OpsCaFileRow *self,
                                        gboolean      locked);
gboolean    ops_ca_file_row_get_locked (OpsCaFileRow *self);

G_END_DECLS
