/* ops-compose-bar.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-compose-bar"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-compose-bar.h"
#include "ops-reply-templates.h"
#include "ops-sms-segments.h"

struct _OpsComposeBar
{
  GtkWidget            parent_instance;

  GtkWidget           *box;
  GtkLabel            *hint_label;
  GtkToggleButton     *note_toggle;
  GtkTextView         *text_view;
  GtkTextBuffer       *buffer;
  GtkTextTag          *placeholder_tag;
  GtkWidget           *send_button;
  GtkLabel            *counter_label;
  GtkLabel            *unicode_label;
  OpsTemplatesPopover *popover;

  OpsStore            *store;
  char                *blocked;     /* why SMS cannot be sent, or NULL */
  char                *error;       /* the last send's problem, or NULL */
  gboolean             was_empty;   /* before the last change */
  gboolean             slash_mode;  /* the list was opened by "/" */
};

G_DEFINE_FINAL_TYPE (OpsComposeBar, ops_compose_bar, GTK_TYPE_WIDGET)

enum {
  SEND,
  TEMPLATE_PICKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const known_placeholders[] = {
  OPS_TEMPLATE_FIRST_NAME, OPS_TEMPLATE_TECHNICIAN, OPS_TEMPLATE_ARRIVAL, OPS_TEMPLATE_PAYMENT_LINK, NULL,
};

/*
 * Auxiliary methods
 */

static gboolean
has_text (const char *text)
{
  for (const char *p = text; p != NULL && *p; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static GStrv
missing_in (const char *text)
{
  g_auto(GStrv) used = ops_template_placeholders (text);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; used != NULL && used[i] != NULL; i++)
    if (g_strv_contains (known_placeholders, used[i]))
      g_strv_builder_add (builder, used[i]);
  return g_strv_builder_end (builder);
}

/* Marks each {name} of a known placeholder the text still holds. */
static void
highlight_placeholders (OpsComposeBar *self,
                        const char    *text,
                        GStrv          missing)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  gtk_text_buffer_remove_tag (self->buffer, self->placeholder_tag, &start, &end);
  for (guint i = 0; missing[i] != NULL; i++)
    {
      g_autofree char *needle = g_strdup_printf ("{%s}", missing[i]);
      const char *at = text;

      while ((at = strstr (at, needle)) != NULL)
        {
          glong offset = g_utf8_pointer_to_offset (text, at);

          gtk_text_buffer_get_iter_at_offset (self->buffer, &start, (int)offset);
          gtk_text_buffer_get_iter_at_offset (self->buffer, &end, (int)(offset + g_utf8_strlen (needle, -1)));
          gtk_text_buffer_apply_tag (self->buffer, self->placeholder_tag, &start, &end);
          at += strlen (needle);
        }
    }
}

static char *
missing_sentence (GStrv missing)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; missing[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append (names, ", ");
      g_string_append_printf (names, "{%s}", missing[i]);
    }
  /* TRANSLATORS: %s is one or more placeholders such as {technicien} */
  return g_strdup_printf (_("Fill in %s before sending"), names->str);
}

static void
update_counter (OpsComposeBar *self,
                const char    *text)
{
  OpsSmsCount count;
  g_autofree char *counter = NULL;
  g_autofree char *unicode = NULL;
  guint capacity;
  gboolean note = gtk_toggle_button_get_active (self->note_toggle);

  ops_sms_count (text, &count);
  capacity = MAX (count.segments, 1) * count.per_segment;
  /* TRANSLATORS: characters used / characters available · number of SMS */
  counter = g_strdup_printf (ngettext ("%u / %u · %u SMS", "%u / %u · %u SMS", count.segments),
                             count.units, capacity, count.segments);
  gtk_label_set_label (self->counter_label, counter);
  gtk_widget_set_visible (GTK_WIDGET (self->counter_label), !note);

  if (count.encoding == OPS_SMS_UCS2 && count.first_ucs2 != 0)
    {
      char c[8] = { 0 };

      g_unichar_to_utf8 (count.first_ucs2, c);
      /* TRANSLATORS: %s is the character that forces Unicode, %u is 70 */
      unicode = g_strdup_printf (_("“%s” makes this message Unicode: %u characters per SMS"), c, 70u);
    }
  gtk_label_set_label (self->unicode_label, unicode ? unicode : "");
  gtk_widget_set_visible (GTK_WIDGET (self->unicode_label), !note && unicode != NULL);
}

static void
update_state (OpsComposeBar *self)
{
  g_autofree char *text = ops_compose_bar_get_text (self);
  g_auto(GStrv) missing = missing_in (text);
  g_autofree char *hint = NULL;
  gboolean note = gtk_toggle_button_get_active (self->note_toggle);
  gboolean is_error = FALSE;

  highlight_placeholders (self, text, missing);
  update_counter (self, text);

  if (self->error != NULL)
    {
      hint = g_strdup (self->error);
      is_error = TRUE;
    }
  else if (!note && self->blocked != NULL)
    {
      hint = g_strdup (self->blocked);
      is_error = TRUE;
    }
  else if (missing[0] != NULL)
    hint = missing_sentence (missing);
  else if (note)
    hint = g_strdup (_("Internal note: seen by staff only, never sent to the customer"));

  gtk_label_set_label (self->hint_label, hint ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), hint != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->hint_label), "error");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "compose.send", ops_compose_bar_can_send (self));
  gtk_widget_set_tooltip_text (self->send_button, note ? _("Save the note (Enter)") : _("Send the SMS (Enter)"));
  if (note)
    gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "note-compose");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->text_view), "note-compose");
}

static void
open_templates (OpsComposeBar *self,
                gboolean       slash)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store != NULL)
    templates = ops_store_list_templates (self->store, &error);
  if (error != NULL)
    g_debug ("Templates not read: %s", error->message);
  self->slash_mode = slash;
  ops_templates_popover_set_templates (self->popover, templates);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
emit_send (OpsComposeBar *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  g_signal_emit (self, signals[SEND], 0);
}

static void
insert_newline (OpsComposeBar *self)
{
  gtk_text_buffer_insert_interactive_at_cursor (self->buffer, "\n", 1, TRUE);
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_insert (self->buffer));
}

/*
 * Signal callbacks
 */

static void
on_changed_cb (OpsComposeBar *self)
{
  g_autofree char *text = ops_compose_bar_get_text (self);
  gboolean slash = text[0] == '/' && strpbrk (text, " \t\n") == NULL;
  gboolean open = gtk_widget_get_visible (GTK_WIDGET (self->popover));

  g_clear_pointer (&self->error, g_free);
  if (slash && !open && self->was_empty)
    open_templates (self, TRUE);
  if (slash && self->slash_mode && gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    ops_templates_popover_set_filter (self->popover, text + 1);
  else if (!slash && open && self->slash_mode)
    gtk_popover_popdown (GTK_POPOVER (self->popover));
  self->was_empty = *text == '\0';
  update_state (self);
}

static gboolean
on_key_pressed_cb (OpsComposeBar         *self,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   GtkEventControllerKey *controller)
{
  gboolean enter = keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter;
  GdkModifierType mods = state & (GDK_SHIFT_MASK | GDK_CONTROL_MASK | GDK_ALT_MASK);

  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    {
      switch (keyval)
        {
        case GDK_KEY_Up:
        case GDK_KEY_KP_Up:
          ops_templates_popover_move (self->popover, -1);
          return TRUE;
        case GDK_KEY_Down:
        case GDK_KEY_KP_Down:
          ops_templates_popover_move (self->popover, 1);
          return TRUE;
        case GDK_KEY_Escape:
          gtk_popover_popdown (GTK_POPOVER (self->popover));
          return TRUE;
        case GDK_KEY_Tab:
          ops_templates_popover_pick (self->popover);
          return TRUE;
        default:
          if (enter)
            {
              ops_templates_popover_pick (self->popover);
              return TRUE;
            }
          break;
        }
    }

  if (keyval == GDK_KEY_slash && mods == GDK_CONTROL_MASK)
    {
      open_templates (self, FALSE);
      return TRUE;
    }
  if (enter && mods == GDK_SHIFT_MASK)
    {
      insert_newline (self);
      return TRUE;
    }
  if (enter && mods == 0)
    {
      emit_send (self);
      return TRUE;
    }
  return FALSE;
}

static void
on_picked_cb (OpsComposeBar       *self,
              const char          *title,
              const char          *body,
              OpsTemplatesPopover *popover)
{
  g_signal_emit (self, signals[TEMPLATE_PICKED], 0, title, body);
}

static void
on_popover_closed_cb (OpsComposeBar *self)
{
  self->slash_mode = FALSE;
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  emit_send (OPS_COMPOSE_BAR (widget));
}

static void
newline_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  insert_newline (OPS_COMPOSE_BAR (widget));
}

static void
templates_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  ops_compose_bar_open_templates (OPS_COMPOSE_BAR (widget));
}

/*
 * GObject and GtkWidget overrides
 */

static void
ops_compose_bar_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  OpsComposeBar *self = OPS_COMPOSE_BAR (widget);

  gtk_widget_measure (self->box, orientation, for_size, minimum, natural, minimum_baseline, natural_baseline);
}

static void
ops_compose_bar_size_allocate (GtkWidget *widget,
                               int        width,
                               int        height,
                               int        baseline)
{
  OpsComposeBar *self = OPS_COMPOSE_BAR (widget);

  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static gboolean
ops_compose_bar_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (OPS_COMPOSE_BAR (widget)->text_view));
}

static void
ops_compose_bar_dispose (GObject *object)
{
  OpsComposeBar *self = OPS_COMPOSE_BAR (object);

  if (self->popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->store);
  g_clear_pointer (&self->blocked, g_free);
  g_clear_pointer (&self->error, g_free);

  G_OBJECT_CLASS (ops_compose_bar_parent_class)->dispose (object);
}

static void
ops_compose_bar_class_init (OpsComposeBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_compose_bar_dispose;
  widget_class->measure = ops_compose_bar_measure;
  widget_class->size_allocate = ops_compose_bar_size_allocate;
  widget_class->grab_focus = ops_compose_bar_grab_focus;

  gtk_widget_class_set_css_name (widget_class, "composebar");

  /** OpsComposeBar::send: Enter or the Send button. */
  signals[SEND] = g_signal_new ("send", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /** OpsComposeBar::template-picked: (title, body) not rendered yet. */
  signals[TEMPLATE_PICKED] = g_signal_new ("template-picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                           G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_install_action (widget_class, "compose.send", NULL, send_action);
  gtk_widget_class_install_action (widget_class, "compose.newline", NULL, newline_action);
  gtk_widget_class_install_action (widget_class, "compose.templates", NULL, templates_action);
}

static void
ops_compose_bar_init (OpsComposeBar *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->hint_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->hint_label), "compose-hint");
  gtk_label_set_xalign (self->hint_label, 0);
  gtk_label_set_wrap (self->hint_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->hint_label), "caption");
  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), FALSE);

  self->note_toggle = GTK_TOGGLE_BUTTON (gtk_toggle_button_new ());
  gtk_widget_set_name (GTK_WIDGET (self->note_toggle), "note-toggle");
  gtk_button_set_icon_name (GTK_BUTTON (self->note_toggle), "changes-prevent-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->note_toggle), _("Internal note: kept for staff, never sent"));
  gtk_widget_set_valign (GTK_WIDGET (self->note_toggle), GTK_ALIGN_END);
  gtk_widget_add_css_class (GTK_WIDGET (self->note_toggle), "flat");
  g_signal_connect_object (self->note_toggle, "toggled", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);

  self->text_view = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->text_view), "compose");
  gtk_text_view_set_wrap_mode (self->text_view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (self->text_view, FALSE);
  gtk_text_view_set_top_margin (self->text_view, 6);
  gtk_text_view_set_bottom_margin (self->text_view, 6);
  gtk_text_view_set_left_margin (self->text_view, 8);
  gtk_text_view_set_right_margin (self->text_view, 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->text_view), "compose-text");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reply"), -1);
  self->buffer = gtk_text_view_get_buffer (self->text_view);
  self->placeholder_tag = gtk_text_buffer_create_tag (self->buffer, "placeholder",
                                                      "background", "#f6d32d",
                                                      "foreground", "#000000",
                                                      "weight", PANGO_WEIGHT_BOLD,
                                                      NULL);
  g_signal_connect_object (self->buffer, "changed", G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);

  gtk_event_controller_set_name (keys, "compose-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 160);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->text_view));
  gtk_widget_set_hexpand (scroller, TRUE);
  gtk_widget_add_css_class (scroller, "card");

  self->send_button = gtk_button_new_from_icon_name ("mail-send-symbolic");
  gtk_widget_set_name (self->send_button, "send");
  gtk_widget_set_valign (self->send_button, GTK_ALIGN_END);
  gtk_widget_add_css_class (self->send_button, "suggested-action");
  gtk_widget_add_css_class (self->send_button, "circular");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->send_button), "compose.send");

  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->note_toggle));
  gtk_box_append (GTK_BOX (row), scroller);
  gtk_box_append (GTK_BOX (row), self->send_button);

  self->unicode_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->unicode_label), "compose-unicode");
  gtk_label_set_xalign (self->unicode_label, 0);
  gtk_label_set_wrap (self->unicode_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->unicode_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->unicode_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->unicode_label), "warning");

  self->counter_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->counter_label), "compose-counter");
  gtk_label_set_xalign (self->counter_label, 1);
  gtk_widget_set_hexpand (GTK_WIDGET (self->counter_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (self->counter_label), "numeric");

  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->unicode_label));
  gtk_box_append (GTK_BOX (footer), GTK_WIDGET (self->counter_label));

  gtk_box_append (GTK_BOX (self->box), GTK_WIDGET (self->hint_label));
  gtk_box_append (GTK_BOX (self->box), row);
  gtk_box_append (GTK_BOX (self->box), footer);

  self->popover = OPS_TEMPLATES_POPOVER (ops_templates_popover_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->popover), GTK_WIDGET (self));
  g_signal_connect_object (self->popover, "picked", G_CALLBACK (on_picked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->popover, "closed", G_CALLBACK (on_popover_closed_cb), self, G_CONNECT_SWAPPED);

  self->was_empty = TRUE;
  update_state (self);
}

/*
 * Public API
 */

GtkWidget *
ops_compose_bar_new (void)
{
  return g_object_new (OPS_TYPE_COMPOSE_BAR, NULL);
}

void
ops_compose_bar_set_store (OpsComposeBar *self,
                           OpsStore      *store)
{
  g_return_if_fail (OPS_IS_COMPOSE_BAR (self));

  g_set_object (&self->store, store);
}

GtkTextView *
ops_compose_bar_get_text_view (OpsComposeBar *self)
{
  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), NULL);

  return self->text_view;
}

/**
 * ops_compose_bar_get_text:
 *
 * Returns: (transfer full): what the bar holds, never %NULL
 */
char *
ops_compose_bar_get_text (OpsComposeBar *self)
{
  GtkTextIter start, end;

  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), NULL);

  gtk_text_buffer_get_bounds (self->buffer, &start, &end);
  return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
}

void
ops_compose_bar_set_text (OpsComposeBar *self,
                          const char    *text)
{
  g_return_if_fail (OPS_IS_COMPOSE_BAR (self));

  gtk_text_buffer_set_text (self->buffer, text ? text : "", -1);
}

void
ops_compose_bar_insert_template (OpsComposeBar *self,
                                 const char    *text)
{
  g_autofree char *current = NULL;

  g_return_if_fail (OPS_IS_COMPOSE_BAR (self));

  current = ops_compose_bar_get_text (self);
  if (current[0] == '/' && strpbrk (current, " \t\n") == NULL)
    gtk_text_buffer_set_text (self->buffer, text, -1);
  else
    gtk_text_buffer_insert_interactive_at_cursor (self->buffer, text, -1, TRUE);
  self->slash_mode = FALSE;
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

gboolean
ops_compose_bar_get_note (OpsComposeBar *self)
{
  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), FALSE);

  return gtk_toggle_button_get_active (self->note_toggle);
}

void
ops_compose_bar_set_note (OpsComposeBar *self,
                          gboolean       note)
{
  g_return_if_fail (OPS_IS_COMPOSE_BAR (self));

  gtk_toggle_button_set_active (self->note_toggle, note);
}

void
ops_compose_bar_set_sms_blocked (OpsComposeBar *self,
                                 const char    *reason)
{
  g_return_if_fail (OPS_IS_COMPOSE_BAR (self));

  if (g_strcmp0 (reason, self->blocked) == 0)
    return;
  g_free (self->blocked);
  self->blocked = g_strdup (reason);
  update_state (self);
}

void
ops_compose_bar_set_error (OpsComposeBar *self,
                           const char    *message)
{
  g_return_if_fail (OPS_IS_COMPOSE_BAR (self));

  g_free (self->error);
  self->error = g_strdup (message);
  update_state (self);
}

/**
 * ops_compose_bar_get_missing:
 *
 * Returns: (transfer full): a %NULL-terminated array, empty when nothing
 *   is missing
 */
GStrv
ops_compose_bar_get_missing (OpsComposeBar *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), NULL);

  text = ops_compose_bar_get_text (self);
  return missing_in (text);
}

void
ops_compose_bar_open_templates (OpsComposeBar *self)
{
  g_autofree char *text = NULL;

  g_return_if_fail (OPS_IS_COMPOSE_BAR (self));

  text = ops_compose_bar_get_text (self);
  open_templates (self, text[0] == '/' && strpbrk (text, " \t\n") == NULL);
  if (self->slash_mode)
    ops_templates_popover_set_filter (self->popover, text + 1);
}

OpsTemplatesPopover *
ops_compose_bar_get_templates (OpsComposeBar *self)
{
  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), NULL);

  return self->popover;
}

const char *
ops_compose_bar_get_counter_text (OpsComposeBar *self)
{
  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->counter_label)) ? gtk_label_get_label (self->counter_label) : "";
}

const char *
ops_compose_bar_get_unicode_text (OpsComposeBar *self)
{
  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), NULL);

  return gtk_label_get_label (self->unicode_label);
}

const char *
ops_compose_bar_get_hint_text (OpsComposeBar *self)
{
  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), NULL);

  return gtk_label_get_label (self->hint_label);
}

/* Whether Send is on: some text, and a way to send it. */
gboolean
ops_compose_bar_can_send (OpsComposeBar *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (OPS_IS_COMPOSE_BAR (self), FALSE);

  text = ops_compose_bar_get_text (self);
  return has_text (text) && (gtk_toggle_button_get_active (self->note_toggle) || self->blocked == NULL);
}
