/* ops-equipment-panel-sections.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills the equipment panel's sections from a device summary: fibre, IP
 * addresses, Wi-Fi, Ethernet, general, with the age of each value.
 */

#define G_LOG_DOMAIN "ops-equipment-panel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "ops-device-text.h"
#include "ops-equipment-panel-private.h"
#include "ops-labels.h"
#include "ops-optical-chart.h"
#include "ops-status-text.h"

void
_ops_equipment_panel_aged_row_free (gpointer data)
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

void
_ops_equipment_panel_update_ages (OpsEquipmentPanel *self)
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
    _ops_equipment_panel_aged_row_free (aged);

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

void
_ops_equipment_panel_fill_header (OpsEquipmentPanel *self)
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

void
_ops_equipment_panel_fill (OpsEquipmentPanel *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  clear_groups (self);
  _ops_equipment_panel_fill_header (self);
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


