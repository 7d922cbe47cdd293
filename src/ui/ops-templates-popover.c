/* ops-templates-popover.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-templates-popover"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-reply-templates.h"
#include "ops-templates-popover.h"

struct _OpsTemplatesPopover
{
  GtkPopover  parent_instance;

  GtkListBox *list;
  GtkWidget  *empty_label;
  GPtrArray  *rows;      /* GtkListBoxRow, in template order */
  guint       n_visible;
};

G_DEFINE_FINAL_TYPE (OpsTemplatesPopover, ops_templates_popover, GTK_TYPE_POPOVER)

enum {
  PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

static void
clear_rows (OpsTemplatesPopover *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_remove (self->list, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  self->n_visible = 0;
}

static GtkWidget *
row_new (const OpsReplyTemplate *tpl)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (tpl->title);
  GtkWidget *body = gtk_label_new (tpl->body);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (body), 0);
  gtk_label_set_ellipsize (GTK_LABEL (body), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (body), 48);
  gtk_label_set_single_line_mode (GTK_LABEL (body), TRUE);
  gtk_widget_add_css_class (body, "dim-label");
  gtk_widget_add_css_class (body, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), body);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  g_object_set_data_full (G_OBJECT (row), "title", g_strdup (tpl->title), g_free);
  g_object_set_data_full (G_OBJECT (row), "body", g_strdup (tpl->body), g_free);
  return row;
}

static GtkListBoxRow *
visible_row (OpsTemplatesPopover *self,
             guint                index)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      if (gtk_widget_get_visible (row) && index-- == 0)
        return GTK_LIST_BOX_ROW (row);
    }
  return NULL;
}

static int
selected_index (OpsTemplatesPopover *self)
{
  GtkListBoxRow *selected = gtk_list_box_get_selected_row (self->list);
  int index = 0;

  if (selected == NULL)
    return -1;
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];

      if (row == GTK_WIDGET (selected))
        return index;
      if (gtk_widget_get_visible (row))
        index++;
    }
  return -1;
}

/*
 * Signal callbacks
 */

static void
on_row_activated_cb (OpsTemplatesPopover *self,
                     GtkListBoxRow       *row)
{
  gtk_list_box_select_row (self->list, row);
  ops_templates_popover_pick (self);
}

/*
 * GObject overrides
 */

static void
ops_templates_popover_dispose (GObject *object)
{
  OpsTemplatesPopover *self = OPS_TEMPLATES_POPOVER (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (ops_templates_popover_parent_class)->dispose (object);
}

static void
ops_templates_popover_class_init (OpsTemplatesPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_templates_popover_dispose;

  /**
   * OpsTemplatesPopover::picked:
   * @title: the template's title
   * @body: its body, placeholders not rendered
   */
  signals[PICKED] = g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                  G_TYPE_STRING, G_TYPE_STRING);
}

static void
ops_templates_popover_init (OpsTemplatesPopover *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *hint = gtk_label_new (_("Up and Down to choose, Enter to insert, Escape to close"));

  self->rows = g_ptr_array_new ();

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->list), "templates-list");
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_SINGLE);
  gtk_list_box_set_activate_on_single_click (self->list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated_cb), self, G_CONNECT_SWAPPED);

  self->empty_label = gtk_label_new (_("No reply matches. Templates are edited in Preferences."));
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_set_visible (self->empty_label, FALSE);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 320);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));

  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");

  gtk_box_append (GTK_BOX (box), scroller);
  gtk_box_append (GTK_BOX (box), self->empty_label);
  gtk_box_append (GTK_BOX (box), hint);
  gtk_widget_set_size_request (box, 320, -1);
  gtk_popover_set_child (GTK_POPOVER (self), box);
  gtk_popover_set_position (GTK_POPOVER (self), GTK_POS_TOP);
  gtk_popover_set_autohide (GTK_POPOVER (self), FALSE);
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
}

/*
 * Public API
 */

GtkWidget *
ops_templates_popover_new (void)
{
  return g_object_new (OPS_TYPE_TEMPLATES_POPOVER, NULL);
}

void
ops_templates_popover_set_templates (OpsTemplatesPopover *self,
                                     GPtrArray           *templates)
{
  g_return_if_fail (OPS_IS_TEMPLATES_POPOVER (self));

  clear_rows (self);
  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      GtkWidget *row = row_new (templates->pdata[i]);

      gtk_list_box_append (self->list, row);
      g_ptr_array_add (self->rows, row);
    }
  ops_templates_popover_set_filter (self, NULL);
}

void
ops_templates_popover_set_filter (OpsTemplatesPopover *self,
                                  const char          *filter)
{
  GtkListBoxRow *first;

  g_return_if_fail (OPS_IS_TEMPLATES_POPOVER (self));

  self->n_visible = 0;
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      const char *title = g_object_get_data (G_OBJECT (row), "title");
      gboolean visible = filter == NULL || *filter == '\0' ||
                         g_str_match_string (filter, title, TRUE);

      gtk_widget_set_visible (row, visible);
      if (visible)
        self->n_visible++;
    }
  gtk_widget_set_visible (self->empty_label, self->n_visible == 0);
  first = visible_row (self, 0);
  if (first != NULL)
    gtk_list_box_select_row (self->list, first);
  else
    gtk_list_box_unselect_all (self->list);
}

guint
ops_templates_popover_get_n_visible (OpsTemplatesPopover *self)
{
  g_return_val_if_fail (OPS_IS_TEMPLATES_POPOVER (self), 0);

  return self->n_visible;
}

const char *
ops_templates_popover_get_selected (OpsTemplatesPopover *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (OPS_IS_TEMPLATES_POPOVER (self), NULL);

  row = gtk_list_box_get_selected_row (self->list);
  return row ? g_object_get_data (G_OBJECT (row), "title") : NULL;
}

void
ops_templates_popover_move (OpsTemplatesPopover *self,
                            int                  delta)
{
  int index;
  GtkListBoxRow *row;

  g_return_if_fail (OPS_IS_TEMPLATES_POPOVER (self));

  if (self->n_visible == 0)
    return;
  index = selected_index (self) + delta;
  index = CLAMP (index, 0, (int)self->n_visible - 1);
  row = visible_row (self, (guint)index);
  gtk_list_box_select_row (self->list, row);
}

gboolean
ops_templates_popover_pick (OpsTemplatesPopover *self)
{
  GtkListBoxRow *row;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;

  g_return_val_if_fail (OPS_IS_TEMPLATES_POPOVER (self), FALSE);

  row = gtk_list_box_get_selected_row (self->list);
  if (row == NULL || !gtk_widget_get_visible (GTK_WIDGET (row)))
    return FALSE;
  title = g_strdup (g_object_get_data (G_OBJECT (row), "title"));
  body = g_strdup (g_object_get_data (G_OBJECT (row), "body"));
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[PICKED], 0, title, body);
  return TRUE;
}
