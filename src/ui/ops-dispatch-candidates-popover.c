/* ops-dispatch-candidates-popover.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ranking is copied out of the board when the popover opens, so a
 * reload of the board while it is open does not pull data from under it.
 */

#define G_LOG_DOMAIN "OpsDispatchCandidates"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-dispatch-candidates-popover.h"
#include "ops-dispatch-plan.h"

#define MAX_SHOWN 30

typedef struct
{
  char    *tech;
  char    *full_name;
  char    *reason;
  gint64   free_from;
  gboolean has_skills;
} Entry;

struct _OpsDispatchCandidatesPopover
{
  GtkPopover         parent_instance;

  GtkLabel          *title;
  GtkListBox        *list;

  OpsDispatchBoard  *board;
  OpsDispatchEditor *editor;
  OpsDispatchJob    *job;
  gint64             day_start;
  GArray            *entries;  /* Entry */
};

G_DEFINE_FINAL_TYPE (OpsDispatchCandidatesPopover, ops_dispatch_candidates_popover, GTK_TYPE_POPOVER)

enum {
  SIGNAL_ASSIGNED,
  SIGNAL_CHANGE_FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->tech);
  g_free (entry->full_name);
  g_free (entry->reason);
}

static const OpsDispatchTech *
find_tech (OpsDispatchCandidatesPopover *self,
           const char                   *name)
{
  GPtrArray *techs = self->board ? ops_dispatch_board_get_techs (self->board) : NULL;

  for (guint i = 0; techs != NULL && i < techs->len; i++)
    if (g_strcmp0 (((OpsDispatchTech *)techs->pdata[i])->name, name) == 0)
      return techs->pdata[i];
  return NULL;
}

/* The board's jobs on the day, other than the job itself. */
static GPtrArray *
jobs_of_day (OpsDispatchCandidatesPopover *self)
{
  GPtrArray *all = ops_dispatch_board_get_jobs (self->board);
  GPtrArray *day = g_ptr_array_new ();
  g_autofree char *date = ops_dispatch_day_of (self->day_start);

  for (guint i = 0; all != NULL && i < all->len; i++)
    {
      OpsDispatchJob *job = all->pdata[i];

      if (g_strcmp0 (job->name, self->job->name) == 0)
        continue;
      if (g_strcmp0 (job->scheduled_date, date) == 0 ||
          (job->start >= self->day_start && job->start < self->day_start + 86400))
        g_ptr_array_add (day, job);
    }
  return day;
}

static GtkWidget *
make_row (guint        index,
          const Entry *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *key = NULL;
  GtkWidget *name = gtk_label_new (entry->full_name);
  GtkWidget *reason = gtk_label_new (entry->reason);
  GtkWidget *when = NULL;
  g_autoptr(GDateTime) free_from = NULL;
  g_autofree char *free_text = NULL;

  if (index < 9)
    {
      g_autofree char *number = g_strdup_printf ("%u", index + 1);

      key = gtk_label_new (number);
      gtk_widget_add_css_class (key, "dim-label");
      gtk_widget_add_css_class (key, "numeric");
      gtk_widget_set_valign (key, GTK_ALIGN_CENTER);
    }
  else
    key = gtk_label_new ("");
  gtk_widget_set_size_request (key, 16, -1);

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (reason), 0);
  gtk_label_set_wrap (GTK_LABEL (reason), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (reason), 46);
  gtk_widget_add_css_class (reason, "caption");
  if (!entry->has_skills)
    gtk_widget_add_css_class (reason, "warning");
  else
    gtk_widget_add_css_class (reason, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), reason);

  if (entry->free_from > 0)
    {
      free_from = g_date_time_new_from_unix_local (entry->free_from);
      /* Translators: when the technician is free, e.g. "from 10:15". */
      free_text = g_date_time_format (free_from, _("from %H:%M"));
    }
  when = gtk_label_new (free_text ? free_text : "");
  gtk_widget_add_css_class (when, "numeric");
  gtk_widget_set_valign (when, GTK_ALIGN_CENTER);

  gtk_box_append (GTK_BOX (box), key);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_box_append (GTK_BOX (box), when);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
rank (OpsDispatchCandidatesPopover *self)
{
  g_autoptr(GPtrArray) candidates = NULL;
  g_autoptr(GPtrArray) day_jobs = NULL;
  GtkWidget *child;
  g_autofree char *title = NULL;

  g_array_set_size (self->entries, 0);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (self->job == NULL || self->board == NULL)
    return;

  /* Translators: the title of the candidates list, the job's name and subject. */
  title = g_strdup_printf (_("Who can take %s?"), self->job->name);
  gtk_label_set_label (self->title, title);

  day_jobs = jobs_of_day (self);
  candidates = ops_dispatch_rank_candidates (ops_dispatch_board_get_techs (self->board), day_jobs,
                                             self->job, self->day_start,
                                             ops_dispatch_board_get_speed_kmh (self->board));
  for (guint i = 0; candidates != NULL && i < candidates->len && i < MAX_SHOWN; i++)
    {
      OpsCandidate *candidate = candidates->pdata[i];
      Entry entry = {
        g_strdup (candidate->tech->name),
        g_strdup (candidate->tech->full_name ? candidate->tech->full_name : candidate->tech->name),
        g_strdup (candidate->reason ? candidate->reason : ""),
        candidate->free_from,
        candidate->has_skills,
      };

      g_array_append_val (self->entries, entry);
      gtk_list_box_append (self->list, make_row (i, &entry));
    }
}

/*
 * Callbacks
 */

static void
on_row_activated_cb (OpsDispatchCandidatesPopover *self,
                     GtkListBoxRow                *row,
                     GtkListBox                   *list)
{
  g_autoptr(GError) error = NULL;

  if (!ops_dispatch_candidates_popover_assign (self, gtk_list_box_row_get_index (row), &error))
    g_signal_emit (self, signals[SIGNAL_CHANGE_FAILED], 0, error);
}

static gboolean
on_key_pressed_cb (GtkEventControllerKey        *controller,
                   guint                         keyval,
                   guint                         keycode,
                   GdkModifierType               state,
                   OpsDispatchCandidatesPopover *self)
{
  g_autoptr(GError) error = NULL;
  guint index;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return GDK_EVENT_PROPAGATE;

  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    index = keyval - GDK_KEY_1;
  else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    index = keyval - GDK_KEY_KP_1;
  else
    return GDK_EVENT_PROPAGATE;

  if (index >= self->entries->len)
    return GDK_EVENT_STOP;
  if (!ops_dispatch_candidates_popover_assign (self, index, &error))
    g_signal_emit (self, signals[SIGNAL_CHANGE_FAILED], 0, error);
  return GDK_EVENT_STOP;
}

static void
on_show_cb (OpsDispatchCandidatesPopover *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list, 0);

  if (first != NULL)
    {
      gtk_list_box_select_row (self->list, first);
      gtk_widget_grab_focus (GTK_WIDGET (first));
    }
}

/*
 * GObject overrides
 */

static void
ops_dispatch_candidates_popover_dispose (GObject *object)
{
  OpsDispatchCandidatesPopover *self = (OpsDispatchCandidatesPopover *)object;

  g_clear_object (&self->board);
  g_clear_object (&self->editor);

  G_OBJECT_CLASS (ops_dispatch_candidates_popover_parent_class)->dispose (object);
}

static void
ops_dispatch_candidates_popover_finalize (GObject *object)
{
  OpsDispatchCandidatesPopover *self = (OpsDispatchCandidatesPopover *)object;

  g_clear_pointer (&self->job, ops_dispatch_job_free);
  g_clear_pointer (&self->entries, g_array_unref);

  G_OBJECT_CLASS (ops_dispatch_candidates_popover_parent_class)->finalize (object);
}

static void
ops_dispatch_candidates_popover_class_init (OpsDispatchCandidatesPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = ops_dispatch_candidates_popover_dispose;
  object_class->finalize = ops_dispatch_candidates_popover_finalize;

  signals[SIGNAL_ASSIGNED] =
    g_signal_new ("assigned", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  signals[SIGNAL_CHANGE_FAILED] =
    g_signal_new ("change-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
ops_dispatch_candidates_popover_init (OpsDispatchCandidatesPopover *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *hint = gtk_label_new (_("Press 1–9 or Enter to assign"));
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *empty;

  self->entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_array_set_clear_func (self->entries, entry_clear);

  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->title, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "heading");
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_widget_add_css_class (hint, "caption");

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  empty = gtk_label_new (_("No technician is loaded for this day."));
  gtk_widget_add_css_class (empty, "dim-label");
  gtk_widget_set_margin_top (empty, 12);
  gtk_widget_set_margin_bottom (empty, 12);
  gtk_list_box_set_placeholder (self->list, empty);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Candidate technicians, best first"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (on_row_activated_cb),
                           self, G_CONNECT_SWAPPED);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 460);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));

  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (box), hint);
  gtk_box_append (GTK_BOX (box), scroller);
  gtk_widget_set_size_request (box, 380, -1);
  gtk_popover_set_child (GTK_POPOVER (self), box);

  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);

  g_signal_connect (self, "show", G_CALLBACK (on_show_cb), NULL);
}

/*
 * Public API
 */

GtkWidget *
ops_dispatch_candidates_popover_new (void)
{
  return g_object_new (OPS_TYPE_DISPATCH_CANDIDATES_POPOVER, NULL);
}

void
ops_dispatch_candidates_popover_set_board (OpsDispatchCandidatesPopover *self,
                                           OpsDispatchBoard             *board)
{
  g_return_if_fail (OPS_IS_DISPATCH_CANDIDATES_POPOVER (self));

  g_set_object (&self->board, board);
}

void
ops_dispatch_candidates_popover_set_editor (OpsDispatchCandidatesPopover *self,
                                            OpsDispatchEditor            *editor)
{
  g_return_if_fail (OPS_IS_DISPATCH_CANDIDATES_POPOVER (self));

  g_set_object (&self->editor, editor);
}

void
ops_dispatch_candidates_popover_set_job (OpsDispatchCandidatesPopover *self,
                                         const OpsDispatchJob         *job,
                                         gint64                        day)
{
  g_autofree char *date = NULL;

  g_return_if_fail (OPS_IS_DISPATCH_CANDIDATES_POPOVER (self));

  g_clear_pointer (&self->job, ops_dispatch_job_free);
  self->job = job ? ops_dispatch_job_copy (job) : NULL;

  if (job != NULL && job->start > 0)
    day = job->start;
  if (job != NULL && job->start == 0 && ops_dispatch_day_start (job->scheduled_date) > 0)
    self->day_start = ops_dispatch_day_start (job->scheduled_date);
  else
    {
      date = ops_dispatch_day_of (day);
      self->day_start = ops_dispatch_day_start (date);
    }
  rank (self);
}

const char *
ops_dispatch_candidates_popover_get_job (OpsDispatchCandidatesPopover *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_CANDIDATES_POPOVER (self), NULL);

  return self->job ? self->job->name : NULL;
}

guint
ops_dispatch_candidates_popover_get_n_candidates (OpsDispatchCandidatesPopover *self)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_CANDIDATES_POPOVER (self), 0);

  return self->entries->len;
}

const char *
ops_dispatch_candidates_popover_get_tech (OpsDispatchCandidatesPopover *self,
                                          guint                         index)
{
  g_return_val_if_fail (OPS_IS_DISPATCH_CANDIDATES_POPOVER (self), NULL);

  return index < self->entries->len ? g_array_index (self->entries, Entry, index).tech : NULL;
}

gboolean
ops_dispatch_candidates_popover_assign (OpsDispatchCandidatesPopover *self,
                                        guint                         index,
                                        GError                      **error)
{
  g_autoptr(OpsDispatchChange) change = NULL;
  g_autofree char *job = NULL;
  g_autofree char *tech_name = NULL;
  const OpsDispatchTech *tech;
  const Entry *entry;
  gint64 start;

  g_return_val_if_fail (OPS_IS_DISPATCH_CANDIDATES_POPOVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->job == NULL || self->editor == NULL || index >= self->entries->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Pick one of the listed technicians."));
      return FALSE;
    }
  entry = &g_array_index (self->entries, Entry, index);
  if ((tech = find_tech (self, entry->tech)) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("%s is no longer on the board; open the candidates again."), entry->full_name);
      return FALSE;
    }

  /* Keep the job's time when it has one; otherwise the first free slot. */
  start = self->job->start;
  if (start == 0)
    start = entry->free_from > 0 ? entry->free_from : self->day_start + (gint64)tech->work_start_min * 60;

  change = ops_dispatch_change_assign (self->job, tech, start);
  job = g_strdup (self->job->name);
  tech_name = g_strdup (tech->name);
  if (change != NULL && !ops_dispatch_editor_apply (self->editor, change, FALSE, error))
    return FALSE;

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[SIGNAL_ASSIGNED], 0, job, tech_name);
  return TRUE;
}
