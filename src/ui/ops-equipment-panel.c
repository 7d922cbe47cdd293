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
#include "ops-hosts-list.h"
#include "ops-labels.h"
#include "ops-optical-chart.h"
#include "ops-status-text.h"
#include "ops-store-inventory.h"
#include "ops-swap-dialog.h"
#include "ops-verdict-banner.h"

/* How often the ages shown are brought up to date. */
#define AGE_TICK_SECONDS 30

enum {
  GROUP_FIBRE,
  GROUP_IP,
  GROUP_WIFI,
  GROUP_ETHERNET,
  GROUP_GENERAL,
  N_GROUPS
};

/* A row whose subtitle says how old its value is. */
typedef struct
{
  AdwActionRow *row;
  char         *extra;      /* the rest of the subtitle, or NULL */
  char         *timestamp;
  gboolean      always;     /* show the age even when fresh, as "3 min ago" */
} AgedRow;

struct _OpsEquipmentPanel
{
  GtkWidget             parent_instance;

  GtkLabel             *title_label;
  GtkLabel             *subtitle_label;
  GtkWidget            *actions_box;
  GtkRevealer          *progress_revealer;
  GtkLabel             *progress_label;
  GtkProgressBar       *progress_bar;
  GtkRevealer          *result_revealer;
  GtkWidget            *result_box;
  GtkImage             *result_icon;
  GtkLabel             *result_label;
  GtkStack             *state_stack;
  GtkSpinner           *spinner;
  GtkLabel             *loading_label;
  AdwStatusPage        *error_page;
  OpsVerdictBanner     *banner;
  AdwPreferencesGroup  *fibre_group;
  AdwPreferencesGroup  *ip_group;
  AdwPreferencesGroup  *wifi_group;
  AdwPreferencesGroup  *ethernet_group;
  AdwPreferencesGroup  *general_group;
  OpsHostsList         *hosts_list;

  OpsServiceLayer      *services;
  char                 *serial;
  OpsEquipment         *equipment;     /* the store's row, or NULL */
  char                 *customer;
  char                 *plan;          /* "Fibre 1000", or NULL */
  OpsVerdictContext     context;
  OpsVerdictThresholds  thresholds;
  OpsDevice            *device;

  GCancellable         *lookup_cancellable;
  GCancellable         *action_cancellable;
  OpsDeviceAction       action;
  gboolean              busy;
  guint                 pulse_source;
  guint                 age_source;

  GPtrArray            *rows[N_GROUPS];
  GPtrArray            *aged;          /* AgedRow */
};

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
aged_row_free (gpointer data)
{
  AgedRow *aged = data;

  g_object_unref (aged->row);
  g_free (aged->extra);
  g_free (aged->timestamp);
  g_free (aged);
}

static AdwPreferencesGroup *
group_of (OpsEquipmentPanel *self,
          guint              group)
{
  AdwPreferencesGroup *groups[N_GROUPS] = {
    self->fibre_group, self->ip_group, self->wifi_group, self->ethernet_group, self->general_group,
  };
  return groups[group];
}

static void
clear_groups (OpsEquipmentPanel *self)
{
  for (guint g = 0; g < N_GROUPS; g++)
    {
      for (guint i = 0; i < self->rows[g]->len; i++)
        adw_preferences_group_remove (group_of (self, g), self->rows[g]->pdata[i]);
      g_ptr_array_set_size (self->rows[g], 0);
    }
  g_ptr_array_set_size (self->aged, 0);
}

static void
add_row (OpsEquipmentPanel *self,
         guint              group,
         GtkWidget         *row)
{
  adw_preferences_group_add (group_of (self, group), row);
  g_ptr_array_add (self->rows[group], row);
}

static GtkWidget *
pill_new (const char *text,
          const char *style)
{
  GtkWidget *pill = gtk_label_new (text);

  gtk_widget_add_css_class (pill, "pill");
  if (style != NULL)
    gtk_widget_add_css_class (pill, style);
  gtk_widget_set_valign (pill, GTK_ALIGN_CENTER);
  return pill;
}

static char *
aged_subtitle (const AgedRow *aged,
               GDateTime     *now)
{
  g_autofree char *age = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) then = NULL;

  if (aged->timestamp != NULL && (then = g_date_time_new_from_iso8601 (aged->timestamp, utc)) &&
      (aged->always || g_date_time_difference (now, then) >= OPS_DEVICE_FRESH_SECONDS * G_TIME_SPAN_SECOND))
    {
      g_autofree char *ago = ops_format_age (then, now);

      /* TRANSLATORS: when a value was read: "read 3 min ago" */
      age = aged->always ? g_steal_pointer (&ago) : g_strdup_printf (_("read %s"), ago);
    }

  if (age != NULL && aged->extra != NULL)
    return g_strdup_printf ("%s · %s", aged->extra, age);
  return g_strdup (age ? age : aged->extra ? aged->extra : "");
}

static void
update_ages (OpsEquipmentPanel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  for (guint i = 0; i < self->aged->len; i++)
    {
      AgedRow *aged = self->aged->pdata[i];
      g_autofree char *subtitle = aged_subtitle (aged, now);

      adw_action_row_set_subtitle (aged->row, subtitle);
    }
}

/* A row: title, the value on the right (named for tests), and a subtitle
 * with extra words and the age of the value. */
static AdwActionRow *
value_row (OpsEquipmentPanel *self,
           guint              group,
           const char        *title,
           const char        *value,
           const char        *name,
           const char        *extra,
           const char        *timestamp,
           gboolean           always_age)
{
  GtkWidget *row = adw_action_row_new ();
  AgedRow *aged = g_new0 (AgedRow, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);

  if (value != NULL)
    {
      GtkWidget *label = gtk_label_new (value);

      gtk_widget_add_css_class (label, "device-value");
      /* Short values on one line; a long firmware name on two at most. */
      if (g_utf8_strlen (value, -1) > 24)
        {
          gtk_label_set_wrap (GTK_LABEL (label), TRUE);
          gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
          gtk_label_set_width_chars (GTK_LABEL (label), 24);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
        }
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_RIGHT);
      if (name != NULL)
        gtk_widget_set_name (label, name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  aged->row = g_object_ref (ADW_ACTION_ROW (row));
  aged->extra = g_strdup (extra);
  aged->timestamp = g_strdup (timestamp);
  aged->always = always_age;
  subtitle = aged_subtitle (aged, now);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (timestamp != NULL)
    g_ptr_array_add (self->aged, aged);
  else
    aged_row_free (aged);

  add_row (self, group, row);
  return ADW_ACTION_ROW (row);
}

static void
empty_row (OpsEquipmentPanel *self,
           guint              group,
           const char        *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "empty-row");
  add_row (self, group, row);
}

static GtkWidget *
web_button_new (void)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "adw-external-link-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Web Interface"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Open the device’s own web pages in the browser"));
  gtk_widget_set_name (button, "open-web");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "equipment.open-web");
  return button;
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *tooltip,
                 const char *action,
                 const char *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

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

static void
fill_header (OpsEquipmentPanel *self)
{
  const OpsDeviceSummary *s = self->device ? self->device->summary : NULL;
  const OpsEquipment *e = self->equipment;
  g_autoptr(GString) title = g_string_new (NULL);
  g_autoptr(GString) sub = g_string_new (NULL);

  /* The store's short brand ("Huawei"), not the device's company name. */
  if (e != NULL && (e->brand || e->model))
    g_string_append_printf (title, "%s %s", e->brand ? e->brand : "", e->model ? e->model : "");
  else if (s != NULL && (s->manufacturer || s->model))
    g_string_append_printf (title, "%s %s", s->manufacturer ? s->manufacturer : "", s->model ? s->model : "");
  g_strstrip (title->str);
  if (title->str[0] == '\0')
    g_string_assign (title, _("Device"));
  gtk_label_set_label (self->title_label, title->str);

  if (e != NULL && e->equipment_type != NULL)
    g_string_append (sub, ops_label_equipment_type (e->equipment_type));
  if (self->serial != NULL)
    g_string_append_printf (sub, "%s%s", sub->len ? " · " : "", self->serial);
  if (e != NULL && e->status != NULL)
    g_string_append_printf (sub, " · %s", ops_label_equipment_status (e->status).label);
  if (self->customer != NULL)
    /* TRANSLATORS: the customer account a unit is installed at */
    g_string_append_printf (sub, " · %s", self->customer);
  gtk_label_set_label (self->subtitle_label, sub->str);
}

static void
fill_fibre (OpsEquipmentPanel *self,
            GDateTime         *now)
{
  const OpsDevice *d = self->device;
  const OpsOpticalSummary *o = &d->summary->optical;
  g_autofree char *rx = ops_format_dbm (o->rx_dbm);
  g_autofree char *tx = ops_format_dbm (o->tx_dbm);
  g_autofree char *drift = NULL;
  OpsLabel rx_label = ops_rx_label (o->rx_dbm, &self->thresholds);
  AdwActionRow *row;
  gboolean drifted = FALSE;

  if (isnan (o->rx_dbm) && isnan (o->tx_dbm) && o->status == NULL)
    {
      empty_row (self, GROUP_FIBRE, _("This device does not report its fibre signal"));
      return;
    }

  if (!isnan (o->rx_dbm) && !isnan (d->baseline_rx_dbm))
    {
      double delta = o->rx_dbm - d->baseline_rx_dbm;

      drifted = -delta >= self->thresholds.drift_db;
      /* TRANSLATORS: drift of the fibre signal: "-0.4 dB since installation (-18.0 dBm)" */
      drift = g_strdup_printf (_("%+.1f dB since installation (%.1f dBm)"), delta, d->baseline_rx_dbm);
    }
  else if (!isnan (o->rx_dbm))
    drift = g_strdup (_("first reading: it becomes the baseline"));

  row = value_row (self, GROUP_FIBRE, _("Received power (RX)"), rx, "fibre-rx", drift,
                   o->rx_source.timestamp, FALSE);
  adw_action_row_add_suffix (row, pill_new (rx_label.label, drifted && rx_label.style && g_str_equal (rx_label.style, "success")
                                                            ? "warning" : rx_label.style));
  if (drifted)
    gtk_widget_add_css_class (GTK_WIDGET (row), "drifted");

  value_row (self, GROUP_FIBRE, _("Transmitted power (TX)"), tx, "fibre-tx", NULL, o->tx_source.timestamp, FALSE);

  if (o->status != NULL)
    {
      OpsLabel link = ops_link_status_label (o->status);
      AdwActionRow *status = value_row (self, GROUP_FIBRE, _("Optical link"), NULL, NULL, NULL, NULL, FALSE);

      /* A fibre that is down is an outage, not a detail. */
      adw_action_row_add_suffix (status, pill_new (link.label, g_str_equal (o->status, "Up") ? "success" : "error"));
    }

  if (d->history != NULL && d->history->len >= 2)
    {
      GtkWidget *chart_row = gtk_list_box_row_new ();
      GtkWidget *chart = ops_optical_chart_new ();

      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (chart_row), FALSE);
      gtk_widget_set_focusable (chart_row, FALSE);
      gtk_widget_set_margin_start (chart, 6);
      gtk_widget_set_margin_end (chart, 12);
      gtk_widget_set_margin_top (chart, 10);
      gtk_widget_set_margin_bottom (chart, 6);
      gtk_widget_set_name (chart, "optical-chart");
      ops_optical_chart_set_readings (OPS_OPTICAL_CHART (chart), d->history, d->baseline_rx_dbm,
                                      self->thresholds.rx_low_dbm, self->thresholds.rx_high_dbm);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (chart_row), chart);
      add_row (self, GROUP_FIBRE, chart_row);
    }
}

static gboolean
is_management_address (const OpsDeviceSummary *s,
                       const OpsIpAddress     *address)
{
  g_autoptr(GUri) uri = NULL;

  if (s->management_url == NULL || address->ip == NULL)
    return FALSE;
  uri = g_uri_parse (s->management_url, G_URI_FLAGS_NONE, NULL);
  return uri != NULL && g_uri_get_host (uri) != NULL && g_str_equal (g_uri_get_host (uri), address->ip);
}

/* The row that gets the web interface button: the management address
 * the web interface is on, else any address it is on, else the first
 * management address. */
static int
web_address_index (const OpsDeviceSummary *s)
{
  for (int pass = 0; pass < 3; pass++)
    for (guint i = 0; s->management_url != NULL && s->addresses != NULL && i < s->addresses->len; i++)
      {
        OpsIpAddress *a = s->addresses->pdata[i];
        gboolean management = a->role == OPS_IP_ROLE_MANAGEMENT;

        if ((pass == 0 && management && is_management_address (s, a)) ||
            (pass == 1 && is_management_address (s, a)) ||
            (pass == 2 && management))
          return i;
      }
  return -1;
}

static void
fill_addresses (OpsEquipmentPanel *self)
{
  const OpsDeviceSummary *s = self->device->summary;
  int web_index = web_address_index (s);
  gboolean web_shown = FALSE;

  for (guint i = 0; s->addresses != NULL && i < s->addresses->len; i++)
    {
      OpsIpAddress *a = s->addresses->pdata[i];
      AdwActionRow *row = value_row (self, GROUP_IP, ops_ip_role_label (a->role), a->ip,
                                     a->role == OPS_IP_ROLE_MANAGEMENT ? "ip-management" : NULL,
                                     a->interface, a->source.timestamp, FALSE);

      adw_action_row_add_suffix (row, icon_button_new ("edit-copy-symbolic", _("Copy the address"),
                                                       "equipment.copy", a->ip));
      if ((int)i == web_index)
        {
          adw_action_row_add_suffix (row, web_button_new ());
          web_shown = TRUE;
        }
    }

  if (!web_shown && s->management_url != NULL)
    {
      AdwActionRow *row = value_row (self, GROUP_IP, _("Web interface"), s->management_url, NULL, NULL, NULL, FALSE);

      adw_action_row_add_suffix (row, web_button_new ());
    }
  else if (s->addresses == NULL || s->addresses->len == 0)
    empty_row (self, GROUP_IP, _("The device reported no IP address"));
}

static void
fill_wifi (OpsEquipmentPanel *self)
{
  const OpsDeviceSummary *s = self->device->summary;

  for (guint i = 0; s->radios != NULL && i < s->radios->len; i++)
    {
      OpsWifiRadio *r = s->radios->pdata[i];
      g_autoptr(GString) extra = g_string_new (NULL);
      g_autofree char *title = NULL;
      AdwActionRow *row;

      if (r->channel > 0)
        g_string_append_printf (extra, _("channel %d"), r->channel);
      if (!isnan (r->noise_dbm))
        {
          if (extra->len)
            g_string_append (extra, " · ");
          g_string_append_printf (extra, _("noise %.0f dBm"), r->noise_dbm);
        }
      if (r->clients >= 0)
        {
          if (extra->len)
            g_string_append (extra, " · ");
          g_string_append_printf (extra, g_dngettext (GETTEXT_PACKAGE, "%d client", "%d clients", r->clients),
                                  r->clients);
        }

      title = r->ssid ? g_strdup_printf ("%s · %s", r->band ? r->band : "", r->ssid)
                      : g_strdup (r->band ? r->band : _("Radio"));
      row = value_row (self, GROUP_WIFI, title, NULL, NULL, extra->str, r->noise_source.timestamp, FALSE);
      if (!r->enabled)
        adw_action_row_add_suffix (row, pill_new (C_("wifi", "Off"), NULL));
      else if (!isnan (r->noise_dbm) && r->noise_dbm > self->thresholds.noise_high_dbm)
        adw_action_row_add_suffix (row, pill_new (_("Interference"), "warning"));
      else
        adw_action_row_add_suffix (row, pill_new (C_("wifi", "On"), "success"));
    }

  if (s->radios == NULL || s->radios->len == 0)
    empty_row (self, GROUP_WIFI, _("The device reported no Wi-Fi radio"));
}

static void
fill_ethernet (OpsEquipmentPanel *self)
{
  const OpsDeviceSummary *s = self->device->summary;

  for (guint i = 0; s->ethernet != NULL && i < s->ethernet->len; i++)
    {
      OpsEthernetPort *p = s->ethernet->pdata[i];
      OpsLabel link = ops_link_status_label (p->status);
      g_autofree char *speed = g_strcmp0 (p->status, "Up") == 0 && p->speed_mbps > 0
                               ? ops_format_mbps (p->speed_mbps) : NULL;
      AdwActionRow *row = value_row (self, GROUP_ETHERNET, p->name ? p->name : _("Port"), NULL, NULL,
                                     speed, NULL, FALSE);

      adw_action_row_add_suffix (row, pill_new (link.label, link.style));
    }

  if (s->ethernet == NULL || s->ethernet->len == 0)
    empty_row (self, GROUP_ETHERNET, _("The device reported no Ethernet port"));
}

static const char *
source_label (OpsDeviceSource source)
{
  switch (source)
    {
    case OPS_DEVICE_SOURCE_GENIEACS:
      return "GenieACS";
    case OPS_DEVICE_SOURCE_OKTOPUS:
      return "Oktopus";
    case OPS_DEVICE_SOURCE_DEMO:
    default:
      return _("Demo workspace");
    }
}

static void
fill_general (OpsEquipmentPanel *self)
{
  const OpsDevice *d = self->device;
  const OpsDeviceSummary *s = d->summary;
  g_autofree char *model = g_strstrip (g_strdup_printf ("%s %s", s->manufacturer ? s->manufacturer : "",
                                                         s->model ? s->model : ""));
  g_autofree char *uptime = ops_format_duration (s->uptime_seconds);
  g_autofree char *controller = NULL;
  g_autofree char *last = NULL;
  AdwActionRow *row;

  value_row (self, GROUP_GENERAL, _("Model"), *model ? model : C_("value", "unknown"), "model",
             s->hardware ? s->hardware : s->product_class, NULL, FALSE);

  row = value_row (self, GROUP_GENERAL, _("Serial number"), s->serial ? s->serial : d->serial, "serial",
                   NULL, NULL, FALSE);
  adw_action_row_add_suffix (row, icon_button_new ("edit-copy-symbolic", _("Copy the serial number"),
                                                   "equipment.copy", s->serial ? s->serial : d->serial));

  value_row (self, GROUP_GENERAL, _("Firmware"), s->firmware ? s->firmware : C_("value", "unknown"), "firmware",
             NULL, NULL, FALSE);
  value_row (self, GROUP_GENERAL, _("Up for"), uptime ? uptime : C_("value", "unknown"), "uptime",
             NULL, NULL, FALSE);

  if (s->last_inform != NULL)
    {
      g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
      g_autoptr(GDateTime) then = g_date_time_new_from_iso8601 (s->last_inform, utc);
      g_autoptr(GDateTime) local = then ? g_date_time_to_local (then) : NULL;

      last = local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup (s->last_inform);
    }
  row = value_row (self, GROUP_GENERAL, _("Last contact with the server"), last ? last : _("never"),
                   "last-inform", NULL, s->last_inform, TRUE);
  adw_action_row_add_suffix (row, pill_new (s->online ? _("Online") : _("Offline"),
                                            s->online ? "success" : "error"));

  controller = s->data_model ? g_strdup_printf ("%s · %s", source_label (d->source), s->data_model)
                             : g_strdup (source_label (d->source));
  value_row (self, GROUP_GENERAL, _("Managed by"), controller, NULL, NULL, NULL, FALSE);
}

static void
fill (OpsEquipmentPanel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  clear_groups (self);
  fill_header (self);
  if (self->device == NULL)
    return;

  ops_verdict_banner_set_verdicts (self->banner, self->device->verdicts, now);
  fill_fibre (self, now);
  fill_addresses (self);
  fill_wifi (self);
  fill_ethernet (self);
  fill_general (self);
  ops_hosts_list_set_summary (self->hosts_list, self->device->summary, &self->thresholds);
}

/*
 * Lookup
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
  fill (self);
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
      fill_header (self);
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
      fill_header (self);
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
  fill_header (self);
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
  update_ages (OPS_EQUIPMENT_PANEL (user_data));
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
  self->aged = g_ptr_array_new_with_free_func (aged_row_free);
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
