/* ops-templates-editor.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every change is written to the store at once and the list read again:
 * the store orders the templates, this page only shows them.
 */

#define G_LOG_DOMAIN "ops-templates-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-reply-templates.h"
#include "ops-templates-editor.h"

struct _OpsTemplatesEditor
{
  AdwPreferencesPage  parent_instance;

  AdwPreferencesGroup *group;
  GPtrArray           *rows;       /* widgets added to group */
  GPtrArray           *templates;  /* OpsReplyTemplate, as shown */

  OpsStore            *store;
  OpsReplyTemplate    *deleted;    /* the last one deleted, for Undo */
};

G_DEFINE_FINAL_TYPE (OpsTemplatesEditor, ops_templates_editor, ADW_TYPE_PREFERENCES_PAGE)

enum {
  TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *placeholders[] = {
  OPS_TEMPLATE_FIRST_NAME,
  OPS_TEMPLATE_TECHNICIAN,
  OPS_TEMPLATE_ARRIVAL,
  OPS_TEMPLATE_PAYMENT_LINK,
};

/*
 * Auxiliary methods
 */

static void
say (OpsTemplatesEditor *self,
     AdwToast           *toast)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_signal_emit (self, signals[TOAST], 0, toast);
  if (ADW_IS_PREFERENCES_WINDOW (root))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (root), g_object_ref (toast));
  g_object_unref (toast);
}

static void
say_error (OpsTemplatesEditor *self,
           const GError       *error)
{
  g_autofree char *escaped = g_markup_escape_text (error->message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  adw_toast_set_timeout (toast, 8);
  say (self, toast);
}

static OpsReplyTemplate *
find_template (OpsTemplatesEditor *self,
               gint64              id,
               guint              *index)
{
  for (guint i = 0; i < self->templates->len; i++)
    {
      OpsReplyTemplate *tpl = self->templates->pdata[i];

      if (tpl->id == id)
        {
          if (index != NULL)
            *index = i;
          return tpl;
        }
    }
  return NULL;
}

static OpsReplyTemplate *
template_copy (const OpsReplyTemplate *tpl)
{
  OpsReplyTemplate *copy = ops_reply_template_new (tpl->title, tpl->body);

  copy->id = tpl->id;
  copy->position = tpl->position;
  return copy;
}

static gint64
row_id (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, ADW_TYPE_ACTION_ROW);

  return row ? *(gint64 *)g_object_get_data (G_OBJECT (row), "template-id") : 0;
}

static void
on_edit_clicked_cb (GtkWidget          *button,
                    OpsTemplatesEditor *self)
{
  ops_templates_editor_edit (self, row_id (button));
}

static void
on_delete_clicked_cb (GtkWidget          *button,
                      OpsTemplatesEditor *self)
{
  ops_templates_editor_delete (self, row_id (button));
}

static void
on_up_clicked_cb (GtkWidget          *button,
                  OpsTemplatesEditor *self)
{
  ops_templates_editor_move (self, row_id (button), -1);
}

static void
on_down_clicked_cb (GtkWidget          *button,
                    OpsTemplatesEditor *self)
{
  ops_templates_editor_move (self, row_id (button), +1);
}

static GtkWidget *
icon_button (OpsTemplatesEditor *self,
             const char         *icon,
             const char         *tooltip,
             GCallback           callback,
             gboolean            sensitive)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_sensitive (button, sensitive);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

static GtkWidget *
row_new (OpsTemplatesEditor     *self,
         const OpsReplyTemplate *tpl,
         guint                   index)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *flat = g_strdelimit (g_strdup (tpl->body ? tpl->body : ""), "\n", ' ');
  gint64 *id = g_new (gint64, 1);

  *id = tpl->id;
  g_object_set_data_full (G_OBJECT (row), "template-id", id, g_free);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tpl->title ? tpl->title : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), flat);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button (self, "go-up-symbolic", _("Move up"),
                                          G_CALLBACK (on_up_clicked_cb), index > 0));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button (self, "go-down-symbolic", _("Move down"),
                                          G_CALLBACK (on_down_clicked_cb), index + 1 < self->templates->len));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button (self, "document-edit-symbolic", _("Edit"),
                                          G_CALLBACK (on_edit_clicked_cb), TRUE));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             icon_button (self, "user-trash-symbolic", _("Delete"),
                                          G_CALLBACK (on_delete_clicked_cb), TRUE));
  return row;
}

static void
add_row (OpsTemplatesEditor *self,
         GtkWidget          *row)
{
  adw_preferences_group_add (self->group, row);
  g_ptr_array_add (self->rows, row);
}

/*
 * The edit dialog
 */

typedef struct
{
  OpsTemplatesEditor *self;
  gint64              id;
  GtkWidget          *title_entry;
  GtkWidget          *body_view;
} EditData;

static void
edit_data_free (EditData *data)
{
  g_object_unref (data->self);
  g_free (data);
}

static void
edit_data_notify (gpointer  data,
                  GClosure *closure)
{
  edit_data_free (data);
}

static char *
body_text (GtkWidget *view)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_save_sensitive (EditData *data)
{
  GtkWidget *dialog = gtk_widget_get_ancestor (data->title_entry, ADW_TYPE_MESSAGE_DIALOG);
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->title_entry))));
  g_autofree char *body = body_text (data->body_view);

  g_strstrip (body);
  if (dialog != NULL)
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save",
                                             title[0] != '\0' && body[0] != '\0');
}

static void
on_placeholder_clicked_cb (GtkWidget *button,
                           EditData  *data)
{
  const char *name = g_object_get_data (G_OBJECT (button), "placeholder");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (data->body_view));
  g_autofree char *text = g_strdup_printf ("{%s}", name);

  gtk_text_buffer_insert_at_cursor (buffer, text, -1);
  gtk_widget_grab_focus (data->body_view);
}

static void
on_edit_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     EditData         *data)
{
  OpsTemplatesEditor *self = data->self;
  g_autoptr(OpsReplyTemplate) tpl = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  OpsReplyTemplate *shown;

  if (g_strcmp0 (response, "save") != 0)
    return;

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (data->title_entry))));
  body = body_text (data->body_view);
  g_strstrip (body);
  tpl = ops_reply_template_new (title, body);
  if (data->id != 0 && (shown = find_template (self, data->id, NULL)) != NULL)
    {
      tpl->id = shown->id;
      tpl->position = shown->position;
    }
  if (!ops_store_save_template (self->store, tpl, &error))
    say_error (self, error);
  ops_templates_editor_reload (self);
}

static GtkWidget *
build_dialog (OpsTemplatesEditor     *self,
              const OpsReplyTemplate *tpl,
              EditData               *data)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  GtkWidget *buttons = gtk_flow_box_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *label;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   tpl ? _("Edit Reply") : _("New Reply"), NULL);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");

  label = gtk_label_new_with_mnemonic (_("_Title"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  data->title_entry = gtk_entry_new ();
  gtk_widget_set_name (data->title_entry, "template-title");
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), data->title_entry);
  gtk_editable_set_text (GTK_EDITABLE (data->title_entry), tpl ? tpl->title : "");
  gtk_box_append (GTK_BOX (box), data->title_entry);

  label = gtk_label_new_with_mnemonic (_("_Message"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  data->body_view = gtk_text_view_new ();
  gtk_widget_set_name (data->body_view, "template-body");
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (data->body_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (data->body_view), 6);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (data->body_view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (data->body_view), 6);
  gtk_text_view_set_bottom_margin (GTK_TEXT_VIEW (data->body_view), 6);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (data->body_view)),
                            tpl && tpl->body ? tpl->body : "", -1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), data->body_view);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), data->body_view);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scroller), 120);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_widget_add_css_class (scroller, "card");
  gtk_box_append (GTK_BOX (box), scroller);

  label = gtk_label_new (_("Insert a value filled in when the reply is used:"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (box), label);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (buttons), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (buttons), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (buttons), 6);
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      g_autofree char *text = g_strdup_printf ("{%s}", placeholders[i]);
      g_autofree char *name = g_strdup_printf ("placeholder-%s", placeholders[i]);
      GtkWidget *button = gtk_button_new_with_label (text);

      gtk_widget_set_name (button, name);
      g_object_set_data (G_OBJECT (button), "placeholder", (gpointer)placeholders[i]);
      g_signal_connect (button, "clicked", G_CALLBACK (on_placeholder_clicked_cb), data);
      gtk_flow_box_append (GTK_FLOW_BOX (buttons), button);
    }
  gtk_box_append (GTK_BOX (box), buttons);

  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  g_signal_connect_swapped (data->title_entry, "changed", G_CALLBACK (update_save_sensitive), data);
  g_signal_connect_swapped (gtk_text_view_get_buffer (GTK_TEXT_VIEW (data->body_view)), "changed",
                            G_CALLBACK (update_save_sensitive), data);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_edit_response_cb), data,
                         edit_data_notify, 0);
  update_save_sensitive (data);
  return dialog;
}

static void
on_add_clicked_cb (OpsTemplatesEditor *self)
{
  ops_templates_editor_edit (self, 0);
}

static void
on_undo_clicked_cb (AdwToast           *toast,
                    OpsTemplatesEditor *self)
{
  ops_templates_editor_undo (self);
}

/*
 * GObject overrides
 */

static void
ops_templates_editor_dispose (GObject *object)
{
  OpsTemplatesEditor *self = (OpsTemplatesEditor *)object;

  g_clear_object (&self->store);

  G_OBJECT_CLASS (ops_templates_editor_parent_class)->dispose (object);
}

static void
ops_templates_editor_finalize (GObject *object)
{
  OpsTemplatesEditor *self = (OpsTemplatesEditor *)object;

  g_ptr_array_unref (self->rows);
  g_ptr_array_unref (self->templates);
  g_clear_pointer (&self->deleted, ops_reply_template_free);

  G_OBJECT_CLASS (ops_templates_editor_parent_class)->finalize (object);
}

static void
ops_templates_editor_class_init (OpsTemplatesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_templates_editor_dispose;
  object_class->finalize = ops_templates_editor_finalize;

  signals[TOAST] = g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
}

static void
ops_templates_editor_init (OpsTemplatesEditor *self)
{
  GtkWidget *add = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  self->rows = g_ptr_array_new ();
  self->templates = g_ptr_array_new_with_free_func ((GDestroyNotify)ops_reply_template_free);

  self->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->group, _("Canned Replies"));
  adw_preferences_group_set_description (self->group,
                                         _("Typing / in a reply offers these. Placeholders such as {prenom} are "
                                           "filled from the customer and the job. Kept on this computer, for this workspace."));
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("_Add"));
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), TRUE);
  gtk_button_set_child (GTK_BUTTON (add), content);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_name (add, "add-template");
  g_signal_connect_object (add, "clicked", G_CALLBACK (on_add_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->group, add);
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (self), self->group);
}

/*
 * Public API
 */

GtkWidget *
ops_templates_editor_new (OpsStore *store)
{
  OpsTemplatesEditor *self;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);

  self = g_object_new (OPS_TYPE_TEMPLATES_EDITOR,
                       "name", "replies",
                       "title", _("Replies"),
                       "icon-name", "mail-reply-sender-symbolic",
                       NULL);
  self->store = g_object_ref (store);
  ops_templates_editor_reload (self);
  return GTK_WIDGET (self);
}

void
ops_templates_editor_reload (OpsTemplatesEditor *self)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (OPS_IS_TEMPLATES_EDITOR (self));

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, self->rows->pdata[i]);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->templates, 0);

  if (self->store == NULL)
    return;
  if (!(templates = ops_store_list_templates (self->store, &error)))
    {
      g_debug ("Cannot read the reply templates: %s", error->message);
      say_error (self, error);
      return;
    }
  for (guint i = 0; i < templates->len; i++)
    g_ptr_array_add (self->templates, template_copy (templates->pdata[i]));
  for (guint i = 0; i < self->templates->len; i++)
    add_row (self, row_new (self, self->templates->pdata[i], i));

  if (self->templates->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No reply yet: add one"));
      gtk_widget_add_css_class (row, "dim-label");
      add_row (self, row);
    }
}

guint
ops_templates_editor_get_n_rows (OpsTemplatesEditor *self)
{
  g_return_val_if_fail (OPS_IS_TEMPLATES_EDITOR (self), 0);
  return self->templates->len;
}

GtkWidget *
ops_templates_editor_edit (OpsTemplatesEditor *self,
                           gint64              id)
{
  const OpsReplyTemplate *tpl = NULL;
  EditData *data;
  GtkWidget *dialog;

  g_return_val_if_fail (OPS_IS_TEMPLATES_EDITOR (self), NULL);

  if (id != 0 && (tpl = find_template (self, id, NULL)) == NULL)
    return NULL;
  data = g_new0 (EditData, 1);
  data->self = g_object_ref (self);
  data->id = id;
  dialog = build_dialog (self, tpl, data);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

gboolean
ops_templates_editor_delete (OpsTemplatesEditor *self,
                             gint64              id)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  OpsReplyTemplate *tpl;
  AdwToast *toast;
  guint index;

  g_return_val_if_fail (OPS_IS_TEMPLATES_EDITOR (self), FALSE);

  if ((tpl = find_template (self, id, &index)) == NULL)
    return FALSE;
  if (!ops_store_delete_template (self->store, id, &error))
    {
      say_error (self, error);
      return FALSE;
    }
  g_clear_pointer (&self->deleted, ops_reply_template_free);
  self->deleted = template_copy (tpl);
  self->deleted->position = index + 1;  /* where Undo puts it back */

  /* Translators: a toast; the reply's title. */
  text = g_markup_printf_escaped (_("“%s” deleted"), tpl->title);
  toast = adw_toast_new (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked_cb), self, 0);
  ops_templates_editor_reload (self);
  say (self, toast);
  return TRUE;
}

gboolean
ops_templates_editor_undo (OpsTemplatesEditor *self)
{
  g_autoptr(OpsReplyTemplate) tpl = NULL;
  g_autoptr(GError) error = NULL;
  guint position;

  g_return_val_if_fail (OPS_IS_TEMPLATES_EDITOR (self), FALSE);

  if (self->deleted == NULL)
    return FALSE;
  tpl = g_steal_pointer (&self->deleted);
  position = tpl->position;
  tpl->id = 0;
  if (!ops_store_save_template (self->store, tpl, &error) ||
      !ops_store_move_template (self->store, tpl->id, position, &error))
    say_error (self, error);
  ops_templates_editor_reload (self);
  return error == NULL;
}

gboolean
ops_templates_editor_move (OpsTemplatesEditor *self,
                           gint64              id,
                           int                 delta)
{
  g_autoptr(GError) error = NULL;
  guint index;

  g_return_val_if_fail (OPS_IS_TEMPLATES_EDITOR (self), FALSE);

  if (find_template (self, id, &index) == NULL)
    return FALSE;
  if ((delta < 0 && index == 0) || (delta > 0 && index + 1 >= self->templates->len))
    return FALSE;
  /* Positions count from 1. */
  if (!ops_store_move_template (self->store, id, delta < 0 ? index : index + 2, &error))
    {
      say_error (self, error);
      return FALSE;
    }
  ops_templates_editor_reload (self);
  return TRUE;
}
