/* ops-outbox-actions.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsOutboxActions"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ops-outbox-actions.h"
#include "ops-outbox-edit-dialog.h"
#include "ops-outbox.h"

typedef struct
{
  OpsServiceLayer *services;
  gint64           id;
} Discard;

static void
discard_free (gpointer  data,
              GClosure *closure)
{
  Discard *discard = data;

  g_clear_object (&discard->services);
  g_free (discard);
}

static GtkWindow *
window_of (GtkWidget *source)
{
  GtkRoot *root = source ? gtk_widget_get_root (source) : NULL;

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

void
ops_outbox_actions_show_error (GtkWidget    *source,
                               const char   *heading,
                               const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (heading != NULL);

  dialog = adw_message_dialog_new (window_of (source), heading, error ? error->message : NULL);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ops_outbox_actions_changed (OpsServiceLayer *services,
                            const char      *what,
                            gint64           id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) data = NULL;

  g_return_if_fail (OPS_IS_SERVICE_LAYER (services));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "action");
  json_builder_add_string_value (builder, what ? what : "changed");
  if (id > 0)
    {
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
    }
  json_builder_end_object (builder);
  data = json_builder_get_root (builder);

  ops_service_layer_wake_outbox (services);
  ops_event_bus_publish (ops_service_layer_get_bus (services), "outbox", data);
}

gboolean
ops_outbox_actions_retry (GtkWidget       *source,
                          OpsServiceLayer *services,
                          gint64           id)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (OPS_IS_SERVICE_LAYER (services), FALSE);

  if (!ops_outbox_retry (ops_service_layer_get_store (services), id, &error))
    {
      ops_outbox_actions_show_error (source, _("This Change Cannot Be Retried"), error);
      return FALSE;
    }
  ops_outbox_actions_changed (services, "retried", id);
  return TRUE;
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        Discard          *discard)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "discard") != 0)
    return;

  if (!ops_outbox_discard (ops_service_layer_get_store (discard->services), discard->id, &error))
    {
      ops_outbox_actions_show_error (GTK_WIDGET (gtk_window_get_transient_for (GTK_WINDOW (dialog))),
                                     _("This Change Cannot Be Discarded"), error);
      return;
    }
  ops_outbox_actions_changed (discard->services, "discarded", discard->id);
}

void
ops_outbox_actions_discard (GtkWidget       *source,
                            OpsServiceLayer *services,
                            gint64           id)
{
  Discard *discard;
  GtkWidget *dialog;

  g_return_if_fail (OPS_IS_SERVICE_LAYER (services));

  dialog = adw_message_dialog_new (window_of (source), _("Discard This Change?"),
                                   _("ERPNext will not receive it. What you changed stays as it is on this "
                                     "computer until the next sync brings back ERPNext’s value."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep It"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  discard = g_new0 (Discard, 1);
  discard->services = g_object_ref (services);
  discard->id = id;
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_discard_response_cb),
                         discard, discard_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
ops_outbox_actions_edit (GtkWidget       *source,
                         OpsServiceLayer *services,
                         gint64           id)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  g_return_if_fail (OPS_IS_SERVICE_LAYER (services));

  dialog = ops_outbox_edit_dialog_new (window_of (source), services, id, &error);
  if (dialog == NULL)
    {
      ops_outbox_actions_show_error (source, _("This Change Cannot Be Edited"), error);
      return;
    }
  gtk_window_present (GTK_WINDOW (dialog));
}
