/* ops-compose-bar.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where a CSR types a reply: a text view that wraps, Enter to send and
 * Shift+Enter for a new line, the character and SMS counter with the
 * warning when one character makes the text Unicode (UCS-2), the
 * placeholders a template left unfilled highlighted, the Note toggle, and
 * the canned replies opened by "/" at the start or Ctrl+/.  It only
 * edits: the conversation view sends on "send" and renders the template
 * picked on "template-picked".
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-store.h"
#include "ops-templates-popover.h"

G_BEGIN_DECLS

#define OPS_TYPE_COMPOSE_BAR (ops_compose_bar_get_type ())
G_DECLARE_FINAL_TYPE (OpsComposeBar, ops_compose_bar, OPS, COMPOSE_BAR, GtkWidget)

GtkWidget           *ops_compose_bar_new                 (void);
/* Where the templates are read from when the list opens. */
void                 ops_compose_bar_set_store           (OpsComposeBar *self,
                                                          OpsStore      *store);
GtkTextView         *ops_compose_bar_get_text_view       (OpsComposeBar *self);
char                *ops_compose_bar_get_text            (OpsComposeBar *self);
void                 ops_compose_bar_set_text            (OpsComposeBar *self,
                                                          const char    *text);
/* Puts a rendered template in: replaces the "/filter" typed to find it,
 * else goes in at the cursor. */
void                 ops_compose_bar_insert_template     (OpsComposeBar *self,
                                                          const char    *text);
gboolean             ops_compose_bar_get_note            (OpsComposeBar *self);
void                 ops_compose_bar_set_note            (OpsComposeBar *self,
                                                          gboolean       note);
/* Why no SMS can be sent from here (NULL when they can): said in the bar,
 * and Send is off unless the Note toggle is on. */
void                 ops_compose_bar_set_sms_blocked     (OpsComposeBar *self,
                                                          const char    *reason);
/* A problem with the last send, shown until the text changes (NULL
 * clears it). */
void                 ops_compose_bar_set_error           (OpsComposeBar *self,
                                                          const char    *message);
/* The known placeholders ({prenom}, {technicien}, {heure_arrivee},
 * {lien_paiement}) the text still holds, each once, in order. */
GStrv                ops_compose_bar_get_missing         (OpsComposeBar *self);
void                 ops_compose_bar_open_templates      (OpsComposeBar *self);
OpsTemplatesPopover *ops_compose_bar_get_templates       (OpsComposeBar *self);
/* For tests: what the counter, the Unicode warning and the hint say. */
const char          *ops_compose_bar_get_counter_text    (OpsComposeBar *self);
const char          *ops_compose_bar_get_unicode_text    (OpsComposeBar *self);
const char          *ops_compose_bar_get_hint_text       (OpsComposeBar *self);
gboolean             ops_compose_bar_can_send            (OpsComposeBar *self);

G_END_DECLS
