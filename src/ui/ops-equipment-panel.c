/* ops-equipment-panel.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The device is read live through the device service (a worker thread);
 * the panel shows a spinner meanwhile, an error with Retry when it fails,
 * and the age of every value older than a minute.  Actions run one at a
 * time with their progress and a Cancel button.
 */

#define G_LOG_DOMAIN "ops-equipment-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-device-text.h"
#include "ops-equipment-panel.h"
#include "ops-equipment-panel-private.h"
#include "ops-hosts-list.h"
#include "ops-labels.h"
#include "ops-optical-chart.h"
#include "ops-status-text.h"
#include "ops-store-inventory.h"
#include "ops-swap-dialog.h"
#include "ops-verdict-banner.h"

/* How often the ages shown are brought up to date. */
G_DEFINE_FINAL_TYPE (OpsEquipmentPanel, ops_equipment_panel, GTK_TYPE_WIDGET)

enum {
  SWAPPED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *const result_styles[] = { "sev-success", "sev-accent", "sev-warning", "sev-error" };

static void lookup (OpsEquipmentPanel *self,
                    gboolean           quiet);

/*
 * Auxiliary methods
 */

static void
toast (OpsEquipmentPanel *self,
       const char        *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static OpsDeviceService *
devices (OpsEquipmentPanel *self)
{
  return self->services ? ops_service_layer_get_devices (self->services) : NULL;
}

static gboolean
can_swap (OpsEquipmentPanel *self)
{
  return self->services != NULL && self->equipment != NULL && self->customer != NULL &&
         g_strcmp0 (self->equipment->status, OPS_EQUIPMENT_ACTIVE) == 0;
}

static void
update_actions (OpsEquipmentPanel *self)
{
  gboolean ready = self->device != NULL && !self->busy;
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "equipment.refresh", ready);
  gtk_widget_action_set_enabled (widget, "equipment.reboot", ready);
  gtk_widget_action_set_enabled (widget, "equipment.speedtest", ready);
  gtk_widget_action_set_enabled (widget, "equipment.cancel", self->busy);
  gtk_widget_action_set_enabled (widget, "equipment.retry", !self->busy && self->serial != NULL);
  gtk_widget_action_set_enabled (widget, "equipment.swap", !self->busy && can_swap (self));
}

static void
set_state (OpsEquipmentPanel *self,
           const char        *state)
{
  gtk_stack_set_visible_child_name (self->state_stack, state);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
}

/* Hidden, it takes no room, not even the spacing around it. */
static void
set_revealed (GtkRevealer *revealer,
              gboolean     revealed)
{
  gtk_widget_set_visible (GTK_WIDGET (revealer), revealed);
  gtk_revealer_set_reveal_child (revealer, revealed);
}

static void
show_result (OpsEquipmentPanel *self,
             const char        *style,
             const char        *icon_name,
             const char        *text)
{
  g_autofree char *class = style ? g_strconcat ("sev-", style, NULL) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (result_styles); i++)
    gtk_widget_remove_css_class (self->result_box, result_styles[i]);
  if (class != NULL)
    gtk_widget_add_css_class (self->result_box, class);
  gtk_image_set_from_icon_name (self->result_icon, icon_name);
  gtk_label_set_label (self->result_label, text);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->result_label), NULL);
  set_revealed (self->result_revealer, TRUE);
}

static void
hide_result (OpsEquipmentPanel *self)
{
  set_revealed (self->result_revealer, FALSE);
  gtk_label_set_label (self->result_label, "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->result_label), NULL);
}

/* The customer's Internet plan at the unit's location. */
static void
read_plan (OpsEquipmentPanel *self)
{
  g_autoptr(OpsCustomerDetail) detail = NULL;
  double best = NAN;

  g_clear_pointer (&self->plan, g_free);
  self->context.plan_mbps = NAN;
  if (self->services == NULL || self->customer == NULL)
    return;

  detail = ops_store_get_customer_detail (ops_service_layer_get_store (self->services), self->customer, NULL);
  for (guint i = 0; detail != NULL && i < detail->subscriptions->len; i++)
    {
      OpsSubscription *sub = detail->subscriptions->pdata[i];
      double mbps = ops_plan_mbps (sub->plan);

      if (isnan (mbps) || g_strcmp0 (sub->status, "cancelled") == 0)
        continue;
      if (self->equipment != NULL && self->equipment->location != NULL && sub->location != NULL &&
          g_strcmp0 (self->equipment->location, sub->location) != 0)
        continue;
      if (isnan (best) || mbps > best)
        {
          best = mbps;
          g_free (self->plan);
          self->plan = g_strdup (sub->plan);
        }
    }
  self->context.plan_mbps = best;
}

static void
read_equipment (OpsEquipmentPanel *self)
{
  g_clear_pointer (&self->equipment, ops_equipment_free);
  g_clear_pointer (&self->customer, g_free);

  if (self->services == NULL || self->serial == NULL)
    return;
  self->equipment = ops_store_find_equipment (ops_service_layer_get_store (self->services), self->serial,
                                              &self->customer, NULL);
  if (self->customer != NULL && *self->customer == '\0')
    g_clear_pointer (&self->customer, g_free);
  read_plan (self);
}

/*
 * Filling the panel
 */

typedef struct
{
  OpsEquipmentPanel *self;
  gboolean           quiet;
} LookupData;

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LookupData *data = user_data;
  g_autoptr(OpsEquipmentPanel) self = data->self;
  g_autoptr(GError) error = NULL;
  OpsDevice *device;
  gboolean quiet = data->quiet;

  g_free (data);
  device = ops_device_service_lookup_finish (OPS_DEVICE_SERVICE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->state_stack == NULL)
    {
      g_clear_pointer (&device, ops_device_free);
      return;
    }
  g_clear_object (&self->lookup_cancellable);

  if (device == NULL)
    {
      g_debug ("lookup of %s failed: %s", self->serial, error->message);
      if (quiet && self->device != NULL)
        {
          g_autofree char *text = g_strdup_printf (_("The new values could not be read: %s"), error->message);

          show_result (self, "error", "dialog-error-symbolic", text);
        }
      else
        {
          g_clear_pointer (&self->device, ops_device_free);
          adw_status_page_set_title (self->error_page,
                                     g_error_matches (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_FOUND)
                                     ? _("No Device With This Serial")
                                     : _("The Device Could Not Be Read"));
          adw_status_page_set_description (self->error_page, error->message);
          set_state (self, "error");
        }
      update_actions (self);
      return;
    }

  g_clear_pointer (&self->device, ops_device_free);
  self->device = device;
  /* Shown first: a hidden stack page keeps stale sizes of what changes. */
  set_state (self, "device");
  _ops_equipment_panel_fill (self);
  update_actions (self);
}

static void
lookup (OpsEquipmentPanel *self,
        gboolean           quiet)
{
  OpsDeviceService *service = devices (self);
  LookupData *data;

  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
  g_clear_object (&self->lookup_cancellable);

  if (self->serial == NULL)
    return;

  if (service == NULL || !ops_device_service_is_available (service))
    {
      g_clear_pointer (&self->device, ops_device_free);
      _ops_equipment_panel_fill_header (self);
      adw_status_page_set_title (self->error_page, _("Device Diagnostics Are Not Set Up"));
      adw_status_page_set_description (self->error_page,
                                       _("Connect GenieACS or Oktopus in Preferences to read devices."));
      set_state (self, "error");
      update_actions (self);
      return;
    }

  if (!quiet || self->device == NULL)
    {
      g_clear_pointer (&self->device, ops_device_free);
      _ops_equipment_panel_fill_header (self);
      set_state (self, "loading");
    }

  self->lookup_cancellable = g_cancellable_new ();
  data = g_new0 (LookupData, 1);
  data->self = g_object_ref (self);
  data->quiet = quiet;
  ops_device_service_lookup_async (service, self->serial, &self->context, self->lookup_cancellable,
                                   lookup_cb, data);
  update_actions (self);
}

/*
 * Running actions
 */

static gboolean
pulse_cb (gpointer user_data)
{
  OpsEquipmentPanel *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
set_pulsing (OpsEquipmentPanel *self,
             gboolean           pulsing)
{
  if (pulsing && self->pulse_source == 0)
    self->pulse_source = g_timeout_add (120, pulse_cb, self);
  else if (!pulsing)
    g_clear_handle_id (&self->pulse_source, g_source_remove);
}

static const char *
action_title (OpsDeviceAction action)
{
  switch (action)
    {
    case OPS_DEVICE_ACTION_REBOOT:
      return _("Reboot");
    case OPS_DEVICE_ACTION_SPEEDTEST:
      return _("Speed test");
    case OPS_DEVICE_ACTION_REFRESH:
    case OPS_DEVICE_ACTION_REFRESH_HOSTS:
    default:
      return _("Refresh");
    }
}

static void
on_progress (const char *message,
             double      fraction,
             gpointer    user_data)
{
  OpsEquipmentPanel *self = user_data;

  /* Reports can trail the panel's disposal by a main loop turn. */
  if (self->progress_label == NULL || !self->busy)
    return;
  if (message != NULL)
    {
      /* TRANSLATORS: an action and where it is at: "Speed test: Waiting for the device…" */
      g_autofree char *text = g_strdup_printf (_("%s: %s"), action_title (self->action), message);

      gtk_label_set_label (self->progress_label, text);
    }
  if (fraction >= 0)
    {
      set_pulsing (self, FALSE);
      gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (fraction, 0, 1));
    }
  else
    set_pulsing (self, TRUE);
}

static const char *
running_text (OpsDeviceAction action)
{
  switch (action)
    {
    case OPS_DEVICE_ACTION_REBOOT:
      return _("Asking the device to reboot…");
    case OPS_DEVICE_ACTION_SPEEDTEST:
      return _("Speed test: the device downloads a test file…");
    case OPS_DEVICE_ACTION_REFRESH:
    case OPS_DEVICE_ACTION_REFRESH_HOSTS:
    default:
      return _("Asking the device for its current values…");
    }
}

static const char *
cancelled_text (OpsDeviceAction action)
{
  switch (action)
    {
    case OPS_DEVICE_ACTION_SPEEDTEST:
      return _("Speed test cancelled.");
    case OPS_DEVICE_ACTION_REBOOT:
      return _("Stopped waiting. If the request had reached the device, it reboots anyway.");
    case OPS_DEVICE_ACTION_REFRESH:
    case OPS_DEVICE_ACTION_REFRESH_HOSTS:
    default:
      return _("Refresh cancelled; the values shown are the previous ones.");
    }
}

/* The reason in the service's sentence, "… (the device is offline).". */
static char *
queued_reason (const char *message)
{
  const char *open;
  const char *close;

  if (message == NULL || !(open = strrchr (message, '(')) || !(close = strrchr (open, ')')) || close == open + 1)
    return NULL;
  return g_strndup (open + 1, close - open - 1);
}

static void
action_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(OpsEquipmentPanel) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(OpsActionResult) outcome = NULL;
  OpsDeviceAction action = self->action;

  outcome = ops_device_service_run_action_finish (OPS_DEVICE_SERVICE (object), result, &error);

  self->busy = FALSE;
  set_pulsing (self, FALSE);
  g_clear_object (&self->action_cancellable);
  if (self->state_stack == NULL)
    return;

  set_revealed (self->progress_revealer, FALSE);
  update_actions (self);

  if (outcome == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_result (self, NULL, "process-stop-symbolic", cancelled_text (action));
      else if (g_error_matches (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_UNSUPPORTED) ||
               g_error_matches (error, OPS_DEVICE_ERROR, OPS_DEVICE_ERROR_NOT_CONFIGURED))
        show_result (self, "warning", "dialog-information-symbolic", error->message);
      else
        show_result (self, "error", "dialog-error-symbolic", error->message);
      return;
    }

  if (!outcome->done)
    {
      g_autofree char *reason = queued_reason (outcome->message);
      g_autofree char *text = NULL;

      if (reason != NULL)
        /* TRANSLATORS: the reason is GenieACS's: "Queued until … server (the device is offline)." */
        text = g_strdup_printf (_("Queued until the device next contacts the server (%s)."), reason);
      else
        text = g_strdup (_("Queued until the device next contacts the server."));
      show_result (self, "accent", "document-open-recent-symbolic", text);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->result_label), outcome->message);
      return;
    }

  switch (action)
    {
    case OPS_DEVICE_ACTION_SPEEDTEST:
      {
        g_autofree char *sentence = ops_speedtest_sentence (outcome->speed_mbps, self->plan, self->context.plan_mbps);
        gboolean slow = !isnan (self->context.plan_mbps) && !isnan (outcome->speed_mbps) &&
                        outcome->speed_mbps < 0.8 * self->context.plan_mbps;

        show_result (self, slow ? "warning" : "success",
                     slow ? "dialog-warning-symbolic" : "emblem-ok-symbolic", sentence);
      }
      break;

    case OPS_DEVICE_ACTION_REFRESH:
    case OPS_DEVICE_ACTION_REFRESH_HOSTS:
      show_result (self, "success", "emblem-ok-symbolic",
                   outcome->message ? outcome->message : _("Refreshed: the values below are current."));
      lookup (self, TRUE);
      break;

    case OPS_DEVICE_ACTION_REBOOT:
    default:
      show_result (self, "success", "emblem-ok-symbolic",
                   outcome->message ? outcome->message
                                    : _("The device is rebooting. It comes back in a few minutes; refresh then."));
      break;
    }
}

static void
run_action (OpsEquipmentPanel *self,
            OpsDeviceAction    action)
{
  OpsDeviceService *service = devices (self);

  if (self->busy || self->device == NULL || service == NULL)
    return;

  self->busy = TRUE;
  self->action = action;
  self->action_cancellable = g_cancellable_new ();

  hide_result (self);
  gtk_label_set_label (self->progress_label, running_text (action));
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  set_pulsing (self, TRUE);
  set_revealed (self->progress_revealer, TRUE);
  update_actions (self);

  ops_device_service_run_action_async (service, self->device->id, action, on_progress, self,
                                       self->action_cancellable, action_cb, g_object_ref (self));
}

/*
 * Actions
 */

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  run_action (OPS_EQUIPMENT_PANEL (widget), OPS_DEVICE_ACTION_REFRESH);
}

static void
speedtest_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  run_action (OPS_EQUIPMENT_PANEL (widget), OPS_DEVICE_ACTION_SPEEDTEST);
}

static void
on_reboot_response_cb (OpsEquipmentPanel *self,
                       const char        *response,
                       AdwMessageDialog  *dialog)
{
  if (g_strcmp0 (response, "reboot") == 0)
    run_action (self, OPS_DEVICE_ACTION_REBOOT);
}

static void
reboot_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OpsEquipmentPanel *self = OPS_EQUIPMENT_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->device == NULL || self->busy)
    return;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Reboot the Device?"),
                                   _("The customer loses Internet, TV and phone until it is back, usually two to "
                                     "five minutes. Tell them before you go ahead."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "reboot", _("_Reboot"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "reboot", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_reboot_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OpsEquipmentPanel *self = OPS_EQUIPMENT_PANEL (widget);

  if (self->action_cancellable != NULL)
    {
      gtk_label_set_label (self->progress_label, _("Cancelling…"));
      g_cancellable_cancel (self->action_cancellable);
    }
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  lookup (OPS_EQUIPMENT_PANEL (widget), FALSE);
}

static void
dismiss_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  hide_result (OPS_EQUIPMENT_PANEL (widget));
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  const char *text = g_variant_get_string (param, NULL);
  g_autofree char *message = g_strdup_printf (_("“%s” copied"), text);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  toast (OPS_EQUIPMENT_PANEL (widget), message);
}

static void
open_web_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  OpsEquipmentPanel *self = OPS_EQUIPMENT_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->device == NULL || self->device->summary->management_url == NULL)
    return;
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                self->device->summary->management_url, GDK_CURRENT_TIME);
}

static void
on_swap_saved_cb (OpsEquipmentPanel *self,
                  GtkWidget         *dialog)
{
  read_equipment (self);
  _ops_equipment_panel_fill_header (self);
  update_actions (self);
  if (self->services != NULL && ops_service_layer_is_demo (self->services))
    toast (self, _("Swap saved on the demo workspace"));
  else
    toast (self, _("Swap saved; sending to ERPNext"));
  g_signal_emit (self, signals[SWAPPED], 0);
}

static void
open_swap_dialog (OpsEquipmentPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (!can_swap (self))
    return;
  dialog = ops_swap_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->services,
                                self->equipment->name);
  g_signal_connect_object (dialog, "saved", G_CALLBACK (on_swap_saved_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_swap_anyway_response_cb (OpsEquipmentPanel *self,
                            const char        *response,
                            AdwMessageDialog  *dialog)
{
  if (g_strcmp0 (response, "swap") == 0)
    open_swap_dialog (self);
}

/* The verdict that says the unit is not the cause, or NULL. */
static const OpsVerdict *
do_not_swap_verdict (OpsEquipmentPanel *self)
{
  static const char *const codes[] = { "fibre-low", "fibre-overload", "fibre-drift" };

  for (guint i = 0; self->device != NULL && i < self->device->verdicts->len; i++)
    {
      const OpsVerdict *verdict = self->device->verdicts->pdata[i];

      if (g_strv_contains (codes, verdict->code))
        return verdict;
    }
  return NULL;
}

static void
swap_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsEquipmentPanel *self = OPS_EQUIPMENT_PANEL (widget);
  const OpsVerdict *verdict = do_not_swap_verdict (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (!can_swap (self))
    return;
  if (verdict == NULL)
    {
      open_swap_dialog (self);
      return;
    }

  /* A swap the diagnostics advise against is a truck roll for nothing. */
  body = g_strdup_printf ("%s\n\n%s", verdict->message, verdict->action ? verdict->action : "");
  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("The Unit Is Not the Cause"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Do Not Swap"),
                                    "swap", _("_Swap Anyway"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "swap", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_swap_anyway_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
age_tick_cb (gpointer user_data)
{
  _ops_equipment_panel_update_ages (OPS_EQUIPMENT_PANEL (user_data));
  return G_SOURCE_CONTINUE;
}

/*
 * GObject overrides
 */

static void
ops_equipment_panel_dispose (GObject *object)
{
  OpsEquipmentPanel *self = OPS_EQUIPMENT_PANEL (object);
  GtkWidget *child;

  if (self->lookup_cancellable != NULL)
    g_cancellable_cancel (self->lookup_cancellable);
  if (self->action_cancellable != NULL)
    g_cancellable_cancel (self->action_cancellable);
  g_clear_object (&self->lookup_cancellable);
  g_clear_object (&self->action_cancellable);
  set_pulsing (self, FALSE);
  g_clear_handle_id (&self->age_source, g_source_remove);

  if (self->aged != NULL)
    g_ptr_array_set_size (self->aged, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_EQUIPMENT_PANEL);
  /* Children the template does not name are ours to unparent too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->state_stack = NULL;
  self->progress_label = NULL;

  g_clear_object (&self->services);
  g_clear_pointer (&self->device, ops_device_free);
  g_clear_pointer (&self->equipment, ops_equipment_free);

  G_OBJECT_CLASS (ops_equipment_panel_parent_class)->dispose (object);
}

static void
ops_equipment_panel_finalize (GObject *object)
{
  OpsEquipmentPanel *self = OPS_EQUIPMENT_PANEL (object);

  for (guint g = 0; g < N_GROUPS; g++)
    g_ptr_array_unref (self->rows[g]);
  g_ptr_array_unref (self->aged);
  g_free (self->serial);
  g_free (self->customer);
  g_free (self->plan);

  G_OBJECT_CLASS (ops_equipment_panel_parent_class)->finalize (object);
}

static void
ops_equipment_panel_class_init (OpsEquipmentPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_equipment_panel_dispose;
  object_class->finalize = ops_equipment_panel_finalize;

  /**
   * OpsEquipmentPanel::swapped:
   *
   * A swap of the unit shown was saved; the customer's equipment changed.
   */
  signals[SWAPPED] =
    g_signal_new ("swapped",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  g_type_ensure (OPS_TYPE_VERDICT_BANNER);
  g_type_ensure (OPS_TYPE_HOSTS_LIST);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "equipmentpanel");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-equipment-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, actions_box);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, progress_revealer);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, result_revealer);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, result_box);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, result_icon);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, result_label);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, state_stack);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, loading_label);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, error_page);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, banner);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, fibre_group);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, ip_group);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, wifi_group);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, ethernet_group);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, general_group);
  gtk_widget_class_bind_template_child (widget_class, OpsEquipmentPanel, hosts_list);

  gtk_widget_class_install_action (widget_class, "equipment.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "equipment.reboot", NULL, reboot_action);
  gtk_widget_class_install_action (widget_class, "equipment.speedtest", NULL, speedtest_action);
  gtk_widget_class_install_action (widget_class, "equipment.swap", NULL, swap_action);
  gtk_widget_class_install_action (widget_class, "equipment.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "equipment.retry", NULL, retry_action);
  gtk_widget_class_install_action (widget_class, "equipment.dismiss", NULL, dismiss_action);
  gtk_widget_class_install_action (widget_class, "equipment.copy", "s", copy_action);
  gtk_widget_class_install_action (widget_class, "equipment.open-web", NULL, open_web_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "equipment.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "equipment.cancel", NULL);
}

static void
ops_equipment_panel_init (OpsEquipmentPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint g = 0; g < N_GROUPS; g++)
    self->rows[g] = g_ptr_array_new ();
  self->aged = g_ptr_array_new_with_free_func (_ops_equipment_panel_aged_row_free);
  self->context.baseline_rx_dbm = NAN;
  self->context.client_mbps = NAN;
  self->context.plan_mbps = NAN;
  ops_verdict_thresholds_init_default (&self->thresholds);

  set_state (self, "loading");
  update_actions (self);
  self->age_source = g_timeout_add_seconds (AGE_TICK_SECONDS, age_tick_cb, self);
}

/*
 * Public API
 */

GtkWidget *
ops_equipment_panel_new (void)
{
  return g_object_new (OPS_TYPE_EQUIPMENT_PANEL, NULL);
}

void
ops_equipment_panel_set_services (OpsEquipmentPanel *self,
                                  OpsServiceLayer   *services)
{
  g_return_if_fail (OPS_IS_EQUIPMENT_PANEL (self));
  g_return_if_fail (services == NULL || OPS_IS_SERVICE_LAYER (services));

  if (!g_set_object (&self->services, services))
    return;

  if (services != NULL && ops_service_layer_get_devices (services) != NULL)
    {
      const OpsVerdictThresholds *t = ops_device_service_get_thresholds (ops_service_layer_get_devices (services));

      if (t != NULL)
        self->thresholds = *t;
    }
  else
    ops_device_thresholds_from_config (services ? ops_service_layer_get_config (services) : NULL,
                                       &self->thresholds);
  update_actions (self);
}

/**
 * ops_equipment_panel_show_serial:
 * @serial: the serial number on the unit's label
 *
 * Shows a spinner and looks the device up; an action still running on the
 * previous unit is cancelled.
 */
void
ops_equipment_panel_show_serial (OpsEquipmentPanel *self,
                                 const char        *serial)
{
  g_return_if_fail (OPS_IS_EQUIPMENT_PANEL (self));
  g_return_if_fail (serial != NULL);

  if (self->action_cancellable != NULL)
    g_cancellable_cancel (self->action_cancellable);
  hide_result (self);

  g_free (self->serial);
  self->serial = g_strstrip (g_strdup (serial));
  read_equipment (self);
  lookup (self, FALSE);
}

const char *
ops_equipment_panel_get_serial (OpsEquipmentPanel *self)
{
  g_return_val_if_fail (OPS_IS_EQUIPMENT_PANEL (self), NULL);
  return self->serial;
}

const char *
ops_equipment_panel_get_state (OpsEquipmentPanel *self)
{
  g_return_val_if_fail (OPS_IS_EQUIPMENT_PANEL (self), NULL);
  return gtk_stack_get_visible_child_name (self->state_stack);
}

const OpsDevice *
ops_equipment_panel_get_device (OpsEquipmentPanel *self)
{
  g_return_val_if_fail (OPS_IS_EQUIPMENT_PANEL (self), NULL);
  return self->device;
}

gboolean
ops_equipment_panel_is_busy (OpsEquipmentPanel *self)
{
  g_return_val_if_fail (OPS_IS_EQUIPMENT_PANEL (self), FALSE);
  return self->busy;
}
