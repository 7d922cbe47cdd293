/* ops-conversation-view.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A customer's whole conversation (SMS, e-mail, calls, internal notes) in
 * time order, grouped by day, with each outbound SMS's delivery state live
 * (queued → sent → delivered, or failed with Twilio's reason and a Resend
 * button), and the compose bar: Enter sends, Shift+Enter starts a line,
 * the character and segment counter warns when one character turns the
 * message into UCS-2, "/" opens the canned replies, a toggle writes an
 * internal note instead.  Used by the tickets page and the customer
 * detail.
 */

#pragma once

#include <adwaita.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_CONVERSATION_VIEW_ERROR (ops_conversation_view_error_quark ())

typedef enum
{
  OPS_CONVERSATION_VIEW_ERROR_EMPTY,          /* nothing typed */
  OPS_CONVERSATION_VIEW_ERROR_PLACEHOLDERS,   /* a template placeholder is not filled */
  OPS_CONVERSATION_VIEW_ERROR_NO_CUSTOMER,    /* no customer (or store) shown */
  OPS_CONVERSATION_VIEW_ERROR_NO_NUMBER,      /* the customer has no mobile */
  OPS_CONVERSATION_VIEW_ERROR_NOT_CONFIGURED, /* SMS cannot leave this console */
} OpsConversationViewError;

GQuark      ops_conversation_view_error_quark   (void);

#define OPS_TYPE_CONVERSATION_VIEW (ops_conversation_view_get_type ())
G_DECLARE_FINAL_TYPE (OpsConversationView, ops_conversation_view, OPS, CONVERSATION_VIEW, AdwBin)

GtkWidget  *ops_conversation_view_new           (void);
void        ops_conversation_view_set_services  (OpsConversationView *self,
                                                 OpsServiceLayer     *services);
/* ticket may be NULL (the customer detail). */
void        ops_conversation_view_set_customer  (OpsConversationView *self,
                                                 const char          *customer,
                                                 const char          *ticket);
const char *ops_conversation_view_get_customer  (OpsConversationView *self);
/* Values for the templates beyond the customer's own ({technicien},
 * {heure_arrivee} from a job; {lien_paiement}). */
void        ops_conversation_view_set_template_value (OpsConversationView *self,
                                                      const char          *name,
                                                      const char          *value);
void        ops_conversation_view_focus_compose (OpsConversationView *self);
/* For tests: the compose text view, and the number of items shown. */
GtkWidget  *ops_conversation_view_get_compose   (OpsConversationView *self);
guint       ops_conversation_view_get_n_items   (OpsConversationView *self);
/* For tests: sends what the compose bar holds, as Enter does. */
gboolean    ops_conversation_view_send          (OpsConversationView *self,
                                                 GError             **error);

/* For tests: the compose bar (an OpsComposeBar), the bubble of a message
 * (NULL when not shown) and the delivery status that bubble shows. */
GtkWidget  *ops_conversation_view_get_compose_bar (OpsConversationView *self);
GtkWidget  *ops_conversation_view_get_bubble    (OpsConversationView *self,
                                                 const char          *message);
const char *ops_conversation_view_get_status    (OpsConversationView *self,
                                                 const char          *message);

G_END_DECLS
