/* ops-sms-notifier.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Raises a desktop notification for each inbound SMS while the window is
 * not focused: titled with the customer's name, the message as its body,
 * and clicking it opens the conversation (app.open-conversation with the
 * ticket, or the customer when there is no ticket).
 */

#pragma once

#include <gtk/gtk.h>

#include "ops-service-layer.h"

G_BEGIN_DECLS

#define OPS_TYPE_SMS_NOTIFIER (ops_sms_notifier_get_type ())
G_DECLARE_FINAL_TYPE (OpsSmsNotifier, ops_sms_notifier, OPS, SMS_NOTIFIER, GObject)

/* How a notification leaves: g_application_send_notification () unless a
 * test replaces it. */
typedef void (*OpsSmsNotifierSendFunc) (GApplication  *application,
                                        const char    *id,
                                        GNotification *notification,
                                        gpointer       user_data);

/* window: weak; its application sends the notifications. */
OpsSmsNotifier *ops_sms_notifier_new           (GtkWindow              *window,
                                                OpsServiceLayer        *services);
/* For tests, process-wide: func NULL restores the default. */
void            ops_sms_notifier_set_send_func (OpsSmsNotifierSendFunc  func,
                                                gpointer                user_data);

G_END_DECLS
