/* ops-hosts-list.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-hosts-list"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "ops-device-text.h"
#include "ops-hosts-list.h"

struct _OpsHostsList
{
  GtkWidget  parent_instance;

  guint      n_groups;
};

G_DEFINE_FINAL_TYPE (OpsHostsList, ops_hosts_list, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

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

static const char *
signal_icon_name (const OpsHost *host)
{
  if (host->band == NULL)
    return "network-wired-symbolic";
  if (isnan (host->signal_dbm))
    return "network-wireless-symbolic";
  if (host->signal_dbm >= -60)
    return "network-wireless-signal-excellent-symbolic";
  if (host->signal_dbm >= -67)
    return "network-wireless-signal-good-symbolic";
  if (host->signal_dbm >= -75)
    return "network-wireless-signal-ok-symbolic";
  return "network-wireless-signal-weak-symbolic";
}

static GtkWidget *
host_row_new (const OpsHost *host)
{
  GtkWidget *row = adw_action_row_new ();
  g_autoptr(GString) sub = g_string_new (NULL);
  g_autofree char *lease = ops_format_duration (host->lease_seconds);
  GtkWidget *icon = gtk_image_new_from_icon_name (signal_icon_name (host));

#define ADD(text) g_string_append_printf (sub, "%s%s", sub->len ? " · " : "", (text))
  if (!host->active)
    ADD (_("not connected now"));
  if (host->ip != NULL && *host->ip != '\0')
    ADD (host->ip);
  if (host->mac != NULL && *host->mac != '\0')
    ADD (host->mac);
  if (host->band != NULL)
    ADD (host->band);
  if (host->speed_mbps > 0)
    {
      g_autofree char *speed = ops_format_mbps (host->speed_mbps);

      ADD (speed);
    }
  if (lease != NULL)
    {
      /* TRANSLATORS: time left on a DHCP lease: "lease 3 h 12 min" */
      g_autofree char *text = g_strdup_printf (_("lease %s"), lease);

      ADD (text);
    }
#undef ADD

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 host->name && *host->name ? host->name : _("Unnamed device"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub->str);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  /* Wraps, then ellipsizes: a narrow window still fits. */
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (!host->active)
    gtk_widget_add_css_class (row, "dim-label");

  if (!isnan (host->signal_dbm))
    {
      OpsLabel label = ops_signal_label (host->signal_dbm);
      g_autofree char *text = g_strdup_printf ("%.0f dBm", host->signal_dbm);
      GtkWidget *pill = pill_new (text, label.style);

      gtk_widget_set_tooltip_text (pill, label.label);
      gtk_widget_set_name (pill, "signal");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), pill);
    }
  return row;
}

static GtkWidget *
group_new (OpsHostsList *self,
           const char   *title)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_widget_set_parent (group, GTK_WIDGET (self));
  self->n_groups++;
  return group;
}

static guint
count_hosts (const OpsDeviceSummary *summary,
             const char             *node,
             gboolean                active_only)
{
  guint n = 0;

  for (guint i = 0; summary->hosts != NULL && i < summary->hosts->len; i++)
    {
      OpsHost *host = summary->hosts->pdata[i];

      if (g_strcmp0 (host->node, node) == 0 && (!active_only || host->active))
        n++;
    }
  return n;
}

/* "2 connected · 1 seen earlier" */
static void
append_counts (GString                *text,
               const OpsDeviceSummary *summary,
               const char             *node)
{
  guint active = count_hosts (summary, node, TRUE);
  guint earlier = count_hosts (summary, node, FALSE) - active;

  g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u connected", "%u connected", active), active);
  if (earlier > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u seen earlier", "%u seen earlier", earlier),
                              earlier);
    }
}

static char *
node_description (const OpsDeviceSummary *summary,
                  const OpsMeshNode      *node)
{
  g_autoptr(GString) text = g_string_new (NULL);

  if (node->is_root)
    g_string_append (text, _("Main router"));
  else if (node->backhaul != NULL)
    /* TRANSLATORS: a mesh satellite and how it reaches the router: "Satellite over Wi-Fi" */
    g_string_append_printf (text, _("Satellite over %s"), node->backhaul);
  else
    g_string_append (text, _("Satellite"));

  if (!node->is_root && !isnan (node->backhaul_signal_dbm))
    {
      g_string_append (text, " · ");
      /* TRANSLATORS: the signal between a mesh satellite and the router */
      g_string_append_printf (text, _("link to the router %.0f dBm"), node->backhaul_signal_dbm);
    }
  if (node->mac != NULL)
    g_string_append_printf (text, " · %s", node->mac);
  g_string_append (text, " · ");
  append_counts (text, summary, node->name);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
add_hosts (GtkWidget              *group,
           const OpsDeviceSummary *summary,
           const char             *node)
{
  guint n = 0;

  for (guint i = 0; summary->hosts != NULL && i < summary->hosts->len; i++)
    {
      OpsHost *host = summary->hosts->pdata[i];

      if (g_strcmp0 (host->node, node) != 0)
        continue;
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), host_row_new (host));
      n++;
    }

  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No device connected to it"));
      gtk_widget_add_css_class (row, "empty-row");
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }
}

static gboolean
node_known (const OpsDeviceSummary *summary,
            const char             *name)
{
  for (guint i = 0; summary->mesh != NULL && i < summary->mesh->len; i++)
    if (g_strcmp0 (((OpsMeshNode *)summary->mesh->pdata[i])->name, name) == 0)
      return TRUE;
  return FALSE;
}

static void
clear (OpsHostsList *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  self->n_groups = 0;
}

/*
 * GObject overrides
 */

static void
ops_hosts_list_dispose (GObject *object)
{
  clear (OPS_HOSTS_LIST (object));

  G_OBJECT_CLASS (ops_hosts_list_parent_class)->dispose (object);
}

static void
ops_hosts_list_class_init (OpsHostsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_hosts_list_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "hostslist");
}

static void
ops_hosts_list_init (OpsHostsList *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 18);
}

/*
 * Public API
 */

GtkWidget *
ops_hosts_list_new (void)
{
  return g_object_new (OPS_TYPE_HOSTS_LIST, NULL);
}

void
ops_hosts_list_set_summary (OpsHostsList               *self,
                            const OpsDeviceSummary     *summary,
                            const OpsVerdictThresholds *thresholds)
{
  g_autoptr(GHashTable) shown = g_hash_table_new (g_str_hash, g_str_equal);
  GtkWidget *group;
  guint wired;

  g_return_if_fail (OPS_IS_HOSTS_LIST (self));

  clear (self);
  if (summary == NULL)
    return;

  /* One group per mesh node, the main router first. */
  for (guint i = 0; summary->mesh != NULL && i < summary->mesh->len; i++)
    {
      OpsMeshNode *node = summary->mesh->pdata[i];
      g_autofree char *description = node_description (summary, node);
      const char *title = node->name ? node->name : node->mac ? node->mac : _("Unnamed node");

      group = group_new (self, title);
      gtk_widget_set_name (group, node->is_root ? "node-root" : "node");
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);

      if (!node->is_root && !isnan (node->backhaul_utilization))
        {
          g_autofree char *text = g_strdup_printf (_("Link to the router %.0f %% busy"), node->backhaul_utilization);
          gboolean busy = thresholds != NULL && node->backhaul_utilization >= thresholds->backhaul_high_percent;
          GtkWidget *pill = pill_new (text, busy ? "warning" : NULL);

          gtk_widget_set_name (pill, "backhaul");
          adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), pill);
        }
      add_hosts (group, summary, node->name);
      if (node->name != NULL)
        g_hash_table_add (shown, node->name);
    }

  /* Nodes the hosts name but the mesh list does not have. */
  for (guint i = 0; summary->hosts != NULL && i < summary->hosts->len; i++)
    {
      OpsHost *host = summary->hosts->pdata[i];
      g_autoptr(GString) description = g_string_new (NULL);

      if (host->node == NULL || node_known (summary, host->node) || g_hash_table_contains (shown, host->node))
        continue;
      append_counts (description, summary, host->node);
      group = group_new (self, host->node);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description->str);
      add_hosts (group, summary, host->node);
      g_hash_table_add (shown, host->node);
    }

  wired = count_hosts (summary, NULL, FALSE);
  if (wired > 0)
    {
      g_autoptr(GString) description = g_string_new (NULL);

      append_counts (description, summary, NULL);
      /* TRANSLATORS: the devices on a cable, or whose connection is unknown */
      group = group_new (self, _("Wired / other"));
      gtk_widget_set_name (group, "node-wired");
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description->str);
      add_hosts (group, summary, NULL);
    }

  if (self->n_groups == 0)
    {
      GtkWidget *label = gtk_label_new (_("The device reported no connected client."));

      gtk_widget_add_css_class (label, "dim-label");
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_parent (label, GTK_WIDGET (self));
    }
}

guint
ops_hosts_list_get_n_groups (OpsHostsList *self)
{
  g_return_val_if_fail (OPS_IS_HOSTS_LIST (self), 0);
  return self->n_groups;
}
