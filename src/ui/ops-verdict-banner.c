/* ops-verdict-banner.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-verdict-banner"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ops-device-text.h"
#include "ops-status-text.h"
#include "ops-verdict-banner.h"

static const char *const severity_styles[] = { "sev-success", "sev-accent", "sev-warning", "sev-error" };

struct _OpsVerdictBanner
{
  GtkWidget        parent_instance;

  GtkWidget       *card;
  GtkImage        *icon;
  GtkLabel        *message_label;
  GtkLabel        *action_label;
  GtkToggleButton *evidence_button;
  GtkLabel        *evidence_label;
  GtkListBox      *others_list;

  char            *code;
  guint            n_others;
};

G_DEFINE_FINAL_TYPE (OpsVerdictBanner, ops_verdict_banner, GTK_TYPE_WIDGET)

/*
 * Auxiliary methods
 */

char *
ops_verdict_evidence_text (const OpsVerdict *verdict,
                           GDateTime        *now)
{
  g_autofree char *age = NULL;

  g_return_val_if_fail (verdict != NULL, NULL);

  if (verdict->parameter == NULL && verdict->value == NULL)
    return NULL;

  if (verdict->timestamp != NULL && now != NULL)
    age = ops_format_iso_age (verdict->timestamp, now);

  if (verdict->parameter != NULL && verdict->value != NULL && age != NULL)
    /* TRANSLATORS: evidence of a verdict: the parameter read, its value, its age */
    return g_strdup_printf (_("Read from %s: %s, %s"), verdict->parameter, verdict->value, age);
  if (verdict->parameter != NULL && verdict->value != NULL)
    return g_strdup_printf (_("Read from %s: %s"), verdict->parameter, verdict->value);
  if (verdict->parameter != NULL)
    return g_strdup_printf (_("Read from %s"), verdict->parameter);
  return g_strdup_printf (_("Value read: %s"), verdict->value);
}

static void
set_card_style (OpsVerdictBanner *self,
                const char       *style)
{
  g_autofree char *class = style ? g_strconcat ("sev-", style, NULL) : NULL;

  for (guint i = 0; i < G_N_ELEMENTS (severity_styles); i++)
    gtk_widget_remove_css_class (self->card, severity_styles[i]);
  /* Not the plain style class: that would colour every word. */
  if (class != NULL)
    gtk_widget_add_css_class (self->card, class);
}

static void
clear_others (OpsVerdictBanner *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->others_list))))
    gtk_list_box_remove (self->others_list, child);
  self->n_others = 0;
}

static GtkWidget *
finding_row_new (const OpsVerdict *verdict,
                 GDateTime        *now)
{
  g_autofree char *evidence = ops_verdict_evidence_text (verdict, now);
  GtkWidget *icon = gtk_image_new_from_icon_name (ops_severity_icon_name (verdict->severity));
  GtkWidget *row;

  gtk_widget_add_css_class (icon, ops_severity_style (verdict->severity));
  gtk_widget_add_css_class (icon, "verdict-icon");

  if (evidence == NULL)
    {
      row = adw_action_row_new ();
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      if (verdict->action != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), verdict->action);
    }
  else
    {
      GtkWidget *evidence_row = adw_action_row_new ();

      row = adw_expander_row_new ();
      adw_expander_row_add_prefix (ADW_EXPANDER_ROW (row), icon);
      if (verdict->action != NULL)
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), verdict->action);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (evidence_row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (evidence_row), evidence);
      gtk_widget_add_css_class (evidence_row, "verdict-evidence");
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), evidence_row);
    }

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), verdict->message);
  gtk_widget_set_name (row, verdict->code);
  return row;
}

/*
 * Callbacks
 */

static void
on_evidence_toggled_cb (OpsVerdictBanner *self,
                        GtkToggleButton  *button)
{
  gboolean shown = gtk_toggle_button_get_active (button);

  gtk_widget_set_visible (GTK_WIDGET (self->evidence_label), shown);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button),
                               shown ? _("Hide what this is based on") : _("Show what this is based on"));
}

/*
 * GObject overrides
 */

static void
ops_verdict_banner_dispose (GObject *object)
{
  OpsVerdictBanner *self = OPS_VERDICT_BANNER (object);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->code, g_free);

  G_OBJECT_CLASS (ops_verdict_banner_parent_class)->dispose (object);
}

static void
ops_verdict_banner_class_init (OpsVerdictBannerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_verdict_banner_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "verdictbanner");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ops_verdict_banner_init (OpsVerdictBanner *self)
{
  GtkLayoutManager *layout = gtk_widget_get_layout_manager (GTK_WIDGET (self));
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (layout), GTK_ORIENTATION_VERTICAL);
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (layout), 12);

  self->card = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 14);
  gtk_widget_add_css_class (self->card, "verdict-banner");
  gtk_widget_set_parent (self->card, GTK_WIDGET (self));

  self->icon = GTK_IMAGE (gtk_image_new ());
  gtk_image_set_pixel_size (self->icon, 32);
  gtk_widget_set_valign (GTK_WIDGET (self->icon), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self->card), GTK_WIDGET (self->icon));

  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (self->card), text);

  self->message_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->message_label), "verdict-message");
  gtk_label_set_wrap (self->message_label, TRUE);
  gtk_label_set_xalign (self->message_label, 0);
  gtk_label_set_width_chars (self->message_label, 20);
  gtk_label_set_max_width_chars (self->message_label, 90);
  gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "verdict-message");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->message_label));

  self->action_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->action_label), "verdict-action");
  gtk_label_set_wrap (self->action_label, TRUE);
  gtk_label_set_xalign (self->action_label, 0);
  gtk_label_set_width_chars (self->action_label, 20);
  gtk_label_set_max_width_chars (self->action_label, 90);
  gtk_widget_add_css_class (GTK_WIDGET (self->action_label), "verdict-action");
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->action_label));

  self->evidence_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->evidence_label), "verdict-evidence");
  gtk_label_set_wrap (self->evidence_label, TRUE);
  gtk_label_set_wrap_mode (self->evidence_label, PANGO_WRAP_WORD);
  gtk_label_set_xalign (self->evidence_label, 0);
  gtk_label_set_width_chars (self->evidence_label, 20);
  gtk_label_set_max_width_chars (self->evidence_label, 90);
  gtk_label_set_selectable (self->evidence_label, FALSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->evidence_label), "verdict-evidence");
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_label), FALSE);
  gtk_box_append (GTK_BOX (text), GTK_WIDGET (self->evidence_label));

  self->evidence_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_mnemonic (_("E_vidence")));
  gtk_widget_set_name (GTK_WIDGET (self->evidence_button), "verdict-evidence-button");
  gtk_widget_set_valign (GTK_WIDGET (self->evidence_button), GTK_ALIGN_START);
  gtk_widget_add_css_class (GTK_WIDGET (self->evidence_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->evidence_button), _("Show what this is based on"));
  g_signal_connect_object (self->evidence_button, "toggled", G_CALLBACK (on_evidence_toggled_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->card), GTK_WIDGET (self->evidence_button));

  self->others_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->others_list), "verdict-others");
  gtk_list_box_set_selection_mode (self->others_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->others_list), "boxed-list");
  gtk_widget_set_visible (GTK_WIDGET (self->others_list), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->others_list), GTK_WIDGET (self));
}

/*
 * Public API
 */

GtkWidget *
ops_verdict_banner_new (void)
{
  return g_object_new (OPS_TYPE_VERDICT_BANNER, NULL);
}

void
ops_verdict_banner_set_verdicts (OpsVerdictBanner *self,
                                 GPtrArray        *verdicts,
                                 GDateTime        *now)
{
  const OpsVerdict *first;
  g_autofree char *evidence = NULL;

  g_return_if_fail (OPS_IS_VERDICT_BANNER (self));

  clear_others (self);
  g_clear_pointer (&self->code, g_free);
  gtk_toggle_button_set_active (self->evidence_button, FALSE);

  if (verdicts == NULL || verdicts->len == 0)
    {
      set_card_style (self, NULL);
      gtk_image_set_from_icon_name (self->icon, "dialog-information-symbolic");
      gtk_label_set_label (self->message_label, _("No problem found in what the device reports."));
      gtk_label_set_label (self->action_label, _("If the customer still has trouble, refresh the device, then run a speed test."));
      gtk_widget_set_visible (GTK_WIDGET (self->action_label), TRUE);
      gtk_widget_set_visible (GTK_WIDGET (self->evidence_button), FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->others_list), FALSE);
      return;
    }

  first = verdicts->pdata[0];
  self->code = g_strdup (first->code);
  set_card_style (self, ops_severity_style (first->severity));
  gtk_image_set_from_icon_name (self->icon, ops_severity_icon_name (first->severity));
  gtk_label_set_label (self->message_label, first->message);
  gtk_label_set_label (self->action_label, first->action ? first->action : "");
  gtk_widget_set_visible (GTK_WIDGET (self->action_label), first->action != NULL && *first->action != '\0');

  evidence = ops_verdict_evidence_text (first, now);
  gtk_label_set_label (self->evidence_label, evidence ? evidence : "");
  gtk_widget_set_visible (GTK_WIDGET (self->evidence_button), evidence != NULL);

  /* A screen reader hears the verdict as one sentence with its action. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->card),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, first->message,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, first->action ? first->action : "",
                                  -1);

  for (guint i = 1; i < verdicts->len; i++)
    {
      gtk_list_box_append (self->others_list, finding_row_new (verdicts->pdata[i], now));
      self->n_others++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->others_list), self->n_others > 0);
}

const char *
ops_verdict_banner_get_code (OpsVerdictBanner *self)
{
  g_return_val_if_fail (OPS_IS_VERDICT_BANNER (self), NULL);
  return self->code;
}

guint
ops_verdict_banner_get_n_others (OpsVerdictBanner *self)
{
  g_return_val_if_fail (OPS_IS_VERDICT_BANNER (self), 0);
  return self->n_others;
}
