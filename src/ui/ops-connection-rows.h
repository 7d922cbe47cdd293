/* ops-connection-rows.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the connection groups of Preferences share: their entry rows, a
 * row locked by the configuration file or the environment, the keyring
 * key read on opening and stored on Save, and the footer (status line,
 * spinner, Test and Save) with the state it shows.  A group embeds an
 * OpsConnectionRows and passes itself as the owner of the callbacks.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

typedef enum
{
  OPS_CONNECTION_RESULT_NONE,
  OPS_CONNECTION_RESULT_OK,
  OPS_CONNECTION_RESULT_ERROR,
} OpsConnectionResult;

typedef struct
{
  GtkWidget           *status_icon;
  GtkWidget           *status_label;
  GtkWidget           *spinner;
  GtkWidget           *test_button;
  GtkWidget           *save_button;

  GCancellable        *load_cancellable;
  GCancellable        *test_cancellable;
  GCancellable        *save_cancellable;
  gboolean             filling;          /* TRUE while a row is set by code, not typed */

  OpsConnectionResult  result;
  char                *result_text;
  char                *keyring_problem;
} OpsConnectionRows;

/* Called with the owner once the keyring answered. */
typedef void (*OpsConnectionRowsLoaded) (gpointer      owner);
/* Called with the owner once the keyring stored the key, or failed to. */
typedef void (*OpsConnectionRowsStored) (gpointer      owner,
                                         const GError *error);

void     ops_connection_rows_cancel_and_clear (GCancellable            **cancellable);
/* Cancels the load, the test and the save. */
void     ops_connection_rows_cancel_all       (OpsConnectionRows        *rows);
/* TRUE while the keyring is read, or a test or a save runs. */
gboolean ops_connection_rows_is_busy          (OpsConnectionRows        *rows);
/* Frees what rows holds (at the owner's finalize). */
void     ops_connection_rows_clear            (OpsConnectionRows        *rows);

/* Adds row to group: title (with a mnemonic), widget name, no spell
 * checking; changed_cb is connected swapped to group.  Returns row. */
GtkWidget *ops_connection_rows_add_entry      (AdwPreferencesGroup      *group,
                                               GtkWidget                *row,
                                               const char               *title,
                                               const char               *name,
                                               GCallback                 changed_cb);
/* Sets row's text without it counting as an edit (rows->filling). */
void     ops_connection_rows_set_text         (OpsConnectionRows        *rows,
                                               GtkWidget                *row,
                                               const char               *text);
/* Shows row as set by origin (ops_config_get_origin): insensitive, a
 * suffix and a tooltip saying where from. */
void     ops_connection_rows_lock             (GtkWidget                *row,
                                               const char               *origin);

/* Below group's rows: the status line (named status_name), then the
 * Test (test_label) and Save buttons, their callbacks swapped to group. */
void     ops_connection_rows_build_footer     (OpsConnectionRows        *rows,
                                               AdwPreferencesGroup      *group,
                                               const char               *status_name,
                                               const char               *test_label,
                                               GCallback                 test_cb,
                                               GCallback                 save_cb);
void     ops_connection_rows_set_status       (OpsConnectionRows        *rows,
                                               const char               *icon_name,
                                               const char               *style,
                                               const char               *text);
/* The spinner while a test runs; Test and Save sensitive when they can
 * be used and nothing of their kind runs. */
void     ops_connection_rows_update_buttons   (OpsConnectionRows        *rows,
                                               gboolean                  can_test,
                                               gboolean                  can_save);
/* The status line: testing_text while a test runs, else its result;
 * returns FALSE when there is neither, for the owner to show a hint. */
gboolean ops_connection_rows_show_test        (OpsConnectionRows        *rows,
                                               const char               *testing_text);
/* The status line of a group with one key: the test, the keyring's
 * problem, the keyring being read, missing_text without a key, or not
 * tested yet. */
void     ops_connection_rows_show_key_status  (OpsConnectionRows        *rows,
                                               gboolean                  has_key,
                                               const char               *testing_text,
                                               const char               *missing_text);
void     ops_connection_rows_set_result       (OpsConnectionRows        *rows,
                                               OpsConnectionResult       result,
                                               char                     *text);
void     ops_connection_rows_forget_result    (OpsConnectionRows        *rows);

/* Reads service's key from the keyring into row, unless something was
 * typed meanwhile; a failure becomes rows->keyring_problem.  Runs under
 * rows->load_cancellable, cleared before loaded is called. */
void     ops_connection_rows_load_secret      (OpsConnectionRows        *rows,
                                               gpointer                  owner,
                                               const char               *service,
                                               const char               *key,
                                               GtkWidget                *row,
                                               OpsConnectionRowsLoaded   loaded);
/* Stores value as service's key in the keyring under cancellable;
 * stored is not called when cancellable was cancelled. */
void     ops_connection_rows_store_secret     (gpointer                  owner,
                                               const char               *service,
                                               const char               *key,
                                               const char               *value,
                                               GCancellable             *cancellable,
                                               OpsConnectionRowsStored   stored);

G_END_DECLS
