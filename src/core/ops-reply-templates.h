/* ops-reply-templates.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Canned replies: templates with placeholders such as {prenom},
 * {technicien}, {heure_arrivee} and {lien_paiement}, rendered from the
 * customer and the job, and stored locally (table reply_templates, seeded
 * with French defaults by the migration that creates it).
 */

#pragma once

#include "ops-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  id;       /* 0 = not stored yet */
  char   *title;    /* "Technicien en route" */
  char   *body;     /* "Bonjour {prenom}, {technicien} est en route…" */
  guint   position;
} OpsReplyTemplate;

/* The placeholders a renderer knows, in order. */
#define OPS_TEMPLATE_FIRST_NAME   "prenom"
#define OPS_TEMPLATE_TECHNICIAN   "technicien"
#define OPS_TEMPLATE_ARRIVAL      "heure_arrivee"
#define OPS_TEMPLATE_PAYMENT_LINK "lien_paiement"

OpsReplyTemplate *ops_reply_template_new      (const char        *title,
                                               const char        *body);
void              ops_reply_template_free     (OpsReplyTemplate  *self);

/* Replaces each {name} by values[name]; a placeholder with no value (absent
 * or empty) is left as written and its name added to *missing (may be
 * NULL; a NULL-terminated array, empty when nothing is missing).  "{{" and
 * "}}" give literal braces; an unclosed brace is literal text. */
char             *ops_template_render         (const char        *body,
                                               GHashTable        *values,
                                               GStrv             *missing);
/* The placeholder names used in body, each once, in order. */
GStrv             ops_template_placeholders   (const char        *body);

/* OpsReplyTemplate* ordered by position (free function set). */
GPtrArray        *ops_store_list_templates    (OpsStore          *store,
                                               GError           **error);
/* Inserts (id 0; sets id and position last) or updates. */
gboolean          ops_store_save_template     (OpsStore          *store,
                                               OpsReplyTemplate  *tpl,
                                               GError           **error);
gboolean          ops_store_delete_template   (OpsStore          *store,
                                               gint64             id,
                                               GError           **error);
/* Positions count from 1; one out of range goes to the nearest end. */
gboolean          ops_store_move_template     (OpsStore          *store,
                                               gint64             id,
                                               guint              position,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OpsReplyTemplate, ops_reply_template_free)

G_END_DECLS
