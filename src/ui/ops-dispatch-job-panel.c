/* ops-dispatch-job-panel.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every edit goes through the dispatch editor, so it is an outbox write
 * that can be undone like a drag on the timeline.
 */

#define G_LOG_DOMAIN "OpsDispatchJobPanel"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "ops-dispatch-job-panel.h"
#include "ops-dispatch-text.h"
#include "ops-on-my-way.h"
#include "ops-scan-dialog.h"
#include "ops-sms-sender.h"
#include "ops-store-dispatch.h"

struct _OpsDispatchJobPanel
{
  GtkWidget          parent_instance;

  GtkLabel          *title_label;
  GtkLabel          *status_pill;
  GtkLabel          *priority_pill;
  GtkLabel          *kind_label;
  GtkLabel          *rules_label;
  GtkButton         *customer_button;
  GtkLabel          *customer_label;
  GtkLabel          *address_label;
  GtkLabel          *when_label;
  GtkLabel          *techs_label;
  GtkFlowBox        *status_box;
  GtkWidget         *on_my_way_button;
  GtkWidget         *equipment_section;
  GtkLabel          *equipment_label;
  GtkWidget         *tags_section;
  GtkLabel          *tags_label;
  GtkWidget         *notes_section;
  GtkLabel          *notes_label;

  OpsDispatchEditor *editor;
  OpsDispatchBoard  *board;
  OpsServiceLayer   *services;
  char              *name;
  OpsDispatchJob    *job;
};

G_DEFINE_FINAL_TYPE (OpsDispatchJobPanel, ops_dispatch_job_panel, GTK_TYPE_WIDGET)

enum {
  SIGNAL_ASSIGN_REQUESTED,
  SIGNAL_CLOSE_REQUESTED,
  SIGNAL_CHANGE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *pill_styles[] = { "success", "warning", "error", "accent" };

/*
 * Auxiliary methods
 */

static void
set_pill (GtkLabel *pill,
          OpsLabel  label)
{
  gtk_label_set_label (pill, label.label ? label.label : "");
  gtk_widget_set_visible (GTK_WIDGET (pill), label.label != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (pill_styles); i++)
    gtk_widget_remove_css_class (GTK_WIDGET (pill), pill_styles[i]);
  if (label.style)
    gtk_widget_add_css_class (GTK_WIDGET (pill), label.style);
}

/* What the button that moves a job to status says. */
static const char *
status_action_label (OpsJobStatus status)
{
  switch (status)
    {
    case OPS_JOB_SCHEDULED:
      return _("Back to Scheduled");
    case OPS_JOB_EN_ROUTE:
      return _("En Route");
    case OPS_JOB_ON_SITE:
      return _("On Site");
    case OPS_JOB_COMPLETED:
      return _("Completed");
    case OPS_JOB_ON_HOLD:
      return _("Put on Hold");
    case OPS_JOB_CANCELLED:
      return _("Cancel Job");
    case OPS_JOB_UNASSIGNED:
    default:
      return _("Unassign");
    }
}

static const char *
tech_name (OpsDispatchJobPanel *self,
           const char          *tech)
{
  GPtrArray *techs;

  if (self->board == NULL || (techs = ops_dispatch_board_get_techs (self->board)) == NULL)
    return tech;
  for (guint i = 0; i < techs->len; i++)
    {
      const OpsDispatchTech *t = techs->pdata[i];

      if (g_strcmp0 (t->name, tech) == 0)
        return t->full_name ? t->full_name : tech;
    }
  return tech;
}

/* "ONT Nokia G-010G-Q · ALCLB2C3D4E5 (EQP-00388)", one unit a line: what a
 * technician looks for on the shelf, with the record's name. */
static char *
describe_equipment (OpsDispatchJobPanel  *self,
                    const OpsDispatchJob *job)
{
  OpsStore *store = ops_dispatch_editor_get_store (self->editor);
  GString *text = g_string_new (NULL);

  for (guint i = 0; job->equipment[i] != NULL; i++)
    {
      OpsEquipment *unit = store ? ops_store_find_equipment (store, job->equipment[i], NULL, NULL) : NULL;

      if (i > 0)
        g_string_append_c (text, '\n');
      if (unit == NULL)
        {
          g_string_append (text, job->equipment[i]);
          continue;
        }
      g_string_append_printf (text, "%s %s%s%s · %s (%s)",
                              unit->equipment_type ? unit->equipment_type : "",
                              unit->brand ? unit->brand : "", unit->brand && unit->model ? " " : "",
                              unit->model ? unit->model : "",
                              unit->serial ? unit->serial : "", unit->name);
      ops_equipment_free (unit);
    }
  return g_string_free (text, FALSE);
}

static char *
describe_techs (OpsDispatchJobPanel  *self,
                const OpsDispatchJob *job)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint assigned = 0;

  if (job->technician == NULL || *job->technician == '\0')
    g_string_append (text, _("No technician"));
  else
    {
      g_string_append (text, tech_name (self, job->technician));
      assigned++;
    }
  for (guint i = 0; job->assistants[i] != NULL; i++)
    {
      /* Translators: an assistant technician after the main one. */
      g_string_append_printf (text, _(", with %s"), tech_name (self, job->assistants[i]));
      assigned++;
    }
  if (job->required_techs > 1)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text,
                              g_dngettext (GETTEXT_PACKAGE, "Needs %u technician, %u assigned",
                                           "Needs %u technicians, %u assigned", job->required_techs),
                              job->required_techs, assigned);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
describe_rules (OpsDispatchJobPanel  *self,
                const OpsDispatchJob *job)
{
  OpsDispatchRow *row;
  const OpsRuleResult *rules;
  int index;

  if (self->board == NULL || job->technician == NULL)
    return NULL;
  if ((row = ops_dispatch_board_find_row (self->board, job->technician, NULL)) == NULL)
    return NULL;
  if ((index = ops_dispatch_row_find_job (row, job->name)) < 0)
    return NULL;
  rules = ops_dispatch_row_get_rules (row, index);
  return rules && rules->flags != OPS_RULE_NONE ? rules->explanation : NULL;
}

static void
add_status_buttons (OpsDispatchJobPanel  *self,
                    const OpsDispatchJob *job)
{
  OpsJobStatus next[4];
  guint n = ops_job_status_next (job->status, next);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->status_box))) != NULL)
    gtk_flow_box_remove (self->status_box, child);

  for (guint i = 0; i < n; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (status_action_label (next[i]));
      g_autofree char *tooltip = NULL;

      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "panel.status");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (ops_job_status_to_string (next[i])));
      /* Translators: tooltip of a status button, the status in words. */
      tooltip = g_strdup_printf (_("Set the status to “%s”"), ops_dispatch_status_label (next[i]).label);
      gtk_widget_set_tooltip_text (button, tooltip);
      if (i == 0 && next[i] != OPS_JOB_CANCELLED && next[i] != OPS_JOB_ON_HOLD)
        gtk_widget_add_css_class (button, "suggested-action");
      gtk_flow_box_append (self->status_box, button);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->status_box), n > 0);
}

/* Absent, not dead, when no text can leave this console. */
static void
update_on_my_way (OpsDispatchJobPanel *self)
{
  OpsSmsSender *sender = self->services ? ops_service_layer_get_sms_sender (self->services) : NULL;
  gboolean shown = self->editor != NULL && ops_on_my_way_applies (self->job) &&
                   sender != NULL && ops_sms_sender_can_send (sender);

  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->on_my_way_button), shown ? "panel.on-my-way" : NULL);
  gtk_widget_set_visible (self->on_my_way_button, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.on-my-way", shown);
}

static void
update_actions (OpsDispatchJobPanel *self)
{
  const OpsDispatchJob *job = self->job;
  gboolean open = job != NULL && job->status != OPS_JOB_COMPLETED && job->status != OPS_JOB_CANCELLED;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.assign", open && self->editor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.unassign",
                                 open && self->editor != NULL && job->technician != NULL && *job->technician);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.status", job != NULL && self->editor != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "panel.scan", job != NULL && self->services != NULL);
  update_on_my_way (self);
}

static void
show (OpsDispatchJobPanel *self)
{
  const OpsDispatchJob *job = self->job;
  g_autofree char *when = NULL;
  g_autofree char *techs = NULL;
  g_autofree char *kind = NULL;
  const char *rules;

  update_actions (self);
  if (job == NULL)
    {
      gtk_label_set_label (self->title_label, self->name ? self->name : "");
      return;
    }

  gtk_label_set_label (self->title_label, job->subject && *job->subject ? job->subject : job->name);
  set_pill (self->status_pill, ops_dispatch_status_label (job->status));
  set_pill (self->priority_pill, ops_dispatch_priority_label (job->priority));
  kind = job->job_type && *job->job_type ? g_strdup_printf ("%s · %s", job->name, job->job_type)
                                          : g_strdup (job->name);
  gtk_label_set_label (self->kind_label, kind);

  rules = describe_rules (self, job);
  gtk_label_set_label (self->rules_label, rules ? rules : "");
  gtk_widget_set_visible (GTK_WIDGET (self->rules_label), rules != NULL);

  if (job->customer != NULL && *job->customer)
    {
      gtk_label_set_label (self->customer_label, job->customer_name ? job->customer_name : job->customer);
      /* The target first: the action takes a string. */
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->customer_button),
                                              g_variant_new_string (job->customer));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->customer_button), "win.show-customer");
      gtk_widget_set_visible (GTK_WIDGET (self->customer_button), TRUE);
    }
  else
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->customer_button), NULL);
      gtk_widget_set_visible (GTK_WIDGET (self->customer_button), FALSE);
    }
  gtk_label_set_label (self->address_label, job->address && *job->address ? job->address
                                                                          : _("No service location"));

  when = ops_dispatch_format_when (job);
  gtk_label_set_label (self->when_label, when);
  techs = describe_techs (self, job);
  gtk_label_set_label (self->techs_label, techs);

  add_status_buttons (self, job);

  if (job->equipment[0] != NULL)
    {
      g_autofree char *equipment = describe_equipment (self, job);

      gtk_label_set_label (self->equipment_label, equipment);
    }
  else
    gtk_label_set_label (self->equipment_label, _("None attached yet"));

  if (job->tags[0] != NULL)
    {
      g_autofree char *tags = g_strjoinv (", ", job->tags);

      gtk_label_set_label (self->tags_label, tags);
    }
  gtk_widget_set_visible (self->tags_section, job->tags[0] != NULL);

  gtk_label_set_label (self->notes_label, job->notes ? job->notes : "");
  gtk_widget_set_visible (self->notes_section, job->notes != NULL && *job->notes != '\0');
}

static void
read_job (OpsDispatchJobPanel *self)
{
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->job, ops_dispatch_job_free);
  if (self->name != NULL && self->editor != NULL)
    {
      self->job = ops_store_get_job (ops_dispatch_editor_get_store (self->editor), self->name, &error);
      if (self->job == NULL)
        g_debug ("Job %s is not in the store: %s", self->name, error->message);
    }
  show (self);
}

static void
apply (OpsDispatchJobPanel *self,
       OpsDispatchChange   *change)
{
  g_autoptr(GError) error = NULL;

  if (change == NULL)
    return;
  if (!ops_dispatch_editor_apply (self->editor, change, FALSE, &error))
    g_signal_emit (self, signals[SIGNAL_CHANGE_FAILED], 0, error);
  ops_dispatch_change_free (change);
  read_job (self);
}

/*
 * Actions
 */

static void
status_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OpsDispatchJobPanel *self = OPS_DISPATCH_JOB_PANEL (widget);
  const char *status = g_variant_get_string (param, NULL);

  if (self->job == NULL || self->editor == NULL)
    return;
  apply (self, ops_dispatch_change_status (self->job, ops_job_status_from_string (status)));
}

static void
assign_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  OpsDispatchJobPanel *self = OPS_DISPATCH_JOB_PANEL (widget);

  if (self->name != NULL)
    g_signal_emit (self, signals[SIGNAL_ASSIGN_REQUESTED], 0, self->name);
}

static void
unassign_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  OpsDispatchJobPanel *self = OPS_DISPATCH_JOB_PANEL (widget);

  if (self->job == NULL || self->editor == NULL)
    return;
  apply (self, ops_dispatch_change_assign (self->job, NULL, 0));
}

static void
scan_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  OpsDispatchJobPanel *self = OPS_DISPATCH_JOB_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *dialog;

  if (self->services == NULL || self->name == NULL)
    return;
  dialog = ops_scan_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->services);
  ops_scan_dialog_set_job (OPS_SCAN_DIALOG (dialog), self->name);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_my_way_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  OpsDispatchJobPanel *self = OPS_DISPATCH_JOB_PANEL (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) data = NULL;
  g_autofree char *message = NULL;
  g_autofree char *number = NULL;
  g_autofree char *topic = NULL;
  g_autofree char *text = NULL;
  g_autofree char *customer = NULL;
  GtkWidget *overlay;
  const char *staff = g_get_real_name ();

  if (self->job == NULL || self->editor == NULL || self->services == NULL || !ops_on_my_way_applies (self->job))
    return;

  message = ops_on_my_way_queue (ops_dispatch_editor_get_store (self->editor), self->job,
                                 tech_name (self, self->job->technician),
                                 staff && g_strcmp0 (staff, "Unknown") != 0 ? staff : g_get_user_name (),
                                 &number, &error);
  if (message == NULL)
    {
      g_signal_emit (self, signals[SIGNAL_CHANGE_FAILED], 0, error);
      return;
    }

  ops_sms_sender_wake (ops_service_layer_get_sms_sender (self->services));
  customer = g_strdup (self->job->customer);
  topic = g_strdup_printf ("customer:%s", customer);
  data = json_from_string ("{}", NULL);
  json_object_set_string_member (json_node_get_object (data), "message", message);
  ops_event_bus_publish (ops_service_layer_get_bus (self->services), topic, data);

  if (self->job->status == OPS_JOB_SCHEDULED)
    apply (self, ops_dispatch_change_status (self->job, OPS_JOB_EN_ROUTE));

  /* Translators: a toast; the number the text went to. */
  text = g_markup_printf_escaped (_("Message sent to %s"), number);
  overlay = gtk_widget_get_ancestor (widget, ADW_TYPE_TOAST_OVERLAY);
  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (text));
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  g_signal_emit (widget, signals[SIGNAL_CLOSE_REQUESTED], 0);
}

/*
 * GObject overrides
 */

static void
ops_dispatch_job_panel_dispose (GObject *object)
{
  OpsDispatchJobPanel *self = (OpsDispatchJobPanel *)object;
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), OPS_TYPE_DISPATCH_JOB_PANEL);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->editor);
  g_clear_object (&self->board);
  g_clear_object (&self->services);

  G_OBJECT_CLASS (ops_dispatch_job_panel_parent_class)->dispose (object);
}

static void
ops_dispatch_job_panel_finalize (GObject *object)
{
  OpsDispatchJobPanel *self = (OpsDispatchJobPanel *)object;

  g_clear_pointer (&self->job, ops_dispatch_job_free);
  g_free (self->name);

  G_OBJECT_CLASS (ops_dispatch_job_panel_parent_class)->finalize (object);
}

static void
ops_dispatch_job_panel_class_init (OpsDispatchJobPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_dispatch_job_panel_dispose;
  object_class->finalize = ops_dispatch_job_panel_finalize;

  signals[SIGNAL_ASSIGN_REQUESTED] =
    g_signal_new ("assign-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[SIGNAL_CLOSE_REQUESTED] =
    g_signal_new ("close-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_CHANGE_FAILED] =
    g_signal_new ("change-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dispatchjobpanel");
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/ops-dispatch-job-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, title_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, status_pill);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, priority_pill);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, kind_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, rules_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, customer_button);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, customer_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, address_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, when_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, techs_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, status_box);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, on_my_way_button);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, equipment_section);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, equipment_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, tags_section);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, tags_label);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, notes_section);
  gtk_widget_class_bind_template_child (widget_class, OpsDispatchJobPanel, notes_label);

  gtk_widget_class_install_action (widget_class, "panel.status", "s", status_action);
  gtk_widget_class_install_action (widget_class, "panel.assign", NULL, assign_action);
  gtk_widget_class_install_action (widget_class, "panel.unassign", NULL, unassign_action);
  gtk_widget_class_install_action (widget_class, "panel.scan", NULL, scan_action);
  gtk_widget_class_install_action (widget_class, "panel.on-my-way", NULL, on_my_way_action);
  gtk_widget_class_install_action (widget_class, "panel.close", NULL, close_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "panel.close", NULL);
}

static void
ops_dispatch_job_panel_init (OpsDispatchJobPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_actions (self);
}

/*
 * Public API
 */

GtkWidget *
ops_dispatch_job_panel_new (void)
{
  return g_object_new (OPS_TYPE_DISPATCH_JOB_PANEL, NULL);
}

void
ops_dispatch_job_panel_set_editor (OpsDispatchJobPanel *self,
                                   OpsDispatchEditor   *editor)
{
  g_return_if_fail (OPS_IS_DISPATCH_JOB_PANEL (self));

  if (g_set_object (&self->editor, editor))
    read_job (self);
}

void
ops_dispatch_job_panel_set_board (OpsDispatchJobPanel *self,
                                  OpsDispatchBoard    *board)
{
  g_return_if_fail (OPS_IS_DISPATCH_JOB_PANEL (self));

  if (g_set_object (&self->board, board))
    show (self);
}

void
ops_dispatch_job_panel_set_services (OpsDispatchJobPanel *self,
                                     OpsServiceLayer     *services)
{
  g_return_if_fail (OPS_IS_DISPATCH_JOB_PANEL (self));

  if (g_set_object (&self->services, services))
    update_actions (self);
}

void
ops_dispatch_job_panel_show_job (OpsDispatchJobPanel *self,
                                 const char          *job)
{
  g_return_if_fail (OPS_IS_DISPATCH_JOB_PANEL (self));

  if (job != NULL && *job == '\0')
    job = NULL;
  if (g_strcmp0 (self->name, job) != 0)
    {
      g_free (self->name);
      self->name = g_strdup (job);
    }
  read_job (self);
}

void
ops_dispatch_job_panel_refresh (OpsDispatchJobPanel *self)
{
  g_return_if_fail (OPS_IS_DISPATCH_JOB_PANEL (self));

  read_job (self);
}

const char *
ops_dispatch_job_panel_get_job (OpsDispatchJobPanel *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_JOB_PANEL (self), NULL);

  return self->name;
}

const OpsDispatchJob *
ops_dispatch_job_panel_get_shown (OpsDispatchJobPanel *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_JOB_PANEL (self), NULL);

  return self->job;
}

void
ops_dispatch_job_panel_focus (OpsDispatchJobPanel *self)
{
  GtkWidget *first;

  g_return_if_fail (OPS_IS_DISPATCH_JOB_PANEL (self));

  first = gtk_widget_get_first_child (GTK_WIDGET (self->status_box));
  if (first != NULL && gtk_widget_child_focus (first, GTK_DIR_TAB_FORWARD))
    return;
  gtk_widget_child_focus (GTK_WIDGET (self), GTK_DIR_TAB_FORWARD);
}
