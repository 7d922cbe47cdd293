/* ops-conversation-bubble.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One message of a conversation as a bubble: an SMS, an e-mail, a call or
 * an internal note, with, under an outbound SMS, its delivery state (ticks
 * once sent and delivered, the carrier's reason and a Resend button when
 * it failed, a Simulated tag in the demo workspace); and the day headers
 * between them.  The Resend button activates "conversation.resend" with
 * the message's name, which the conversation view installs.
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-conversation.h"

G_BEGIN_DECLS

/* The local day of dt as yyyymmdd: a header is due when it changes. */
int         ops_conversation_bubble_day_key        (GDateTime                 *dt);
/* "Today", "Yesterday", "Monday 3 March", "Monday 3 March 2025". */
GtkWidget  *ops_conversation_bubble_day_header_new (GDateTime                 *dt);

/* simulated: the delivery state is tagged Simulated (the demo workspace).
 * customer_name (may be NULL) replaces the phone number of what the
 * customer sent; the number stays in the tooltip. */
GtkWidget  *ops_conversation_bubble_new            (const OpsConversationItem *item,
                                                    gboolean                   simulated,
                                                    const char                *customer_name);
/* Whether the bubble shows a delivery state (an outbound SMS). */
gboolean    ops_conversation_bubble_has_status     (GtkWidget                 *bubble);
/* Shows item's delivery state again; only for a bubble that has one. */
void        ops_conversation_bubble_update_status  (GtkWidget                 *bubble,
                                                    const OpsConversationItem *item,
                                                    gboolean                   simulated);
/* The delivery status shown, "" for a bubble without one. */
const char *ops_conversation_bubble_get_status     (GtkWidget                 *bubble);

G_END_DECLS
