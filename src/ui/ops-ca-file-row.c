/* ops-ca-file-row.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-ca-file-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-ca-file-row.h"

struct _OpsCaFileRow
{
  AdwActionRow          parent_instance;

  GtkWidget            *choose_button;
  GtkWidget            *clear_button;
  GtkWidget            *lock_label;
  GtkFileChooserNative *chooser;

  char                 *path;
  gboolean              locked;
};

G_DEFINE_FINAL_TYPE (OpsCaFileRow, ops_ca_file_row, ADW_TYPE_ACTION_ROW)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  PROBLEM,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/*
 * Auxiliary methods
 */

static GtkWidget *
make_icon_button (const char *icon_name,
                  const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  return button;
}

static void
update (OpsCaFileRow *self)
{
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), self->path ? self->path : _("System certificates"));
  gtk_widget_set_visible (self->clear_button, self->path != NULL && !self->locked);
  gtk_widget_set_visible (self->choose_button, !self->locked);
  gtk_widget_set_visible (self->lock_label, self->locked);
}

/*
 * Callbacks
 */

static void
on_chooser_response_cb (OpsCaFileRow         *self,
                        int                   response,
                        GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path == NULL)
        g_signal_emit (self, signals[PROBLEM], 0,
                       _("The CA file must be on this computer. Copy it here, then choose it again."));
      else
        ops_ca_file_row_set_path (self, path);
    }
  g_clear_object (&self->chooser);
}

static void
on_choose_clicked_cb (OpsCaFileRow *self,
                      GtkButton    *button)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GtkFileFilter) pem = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    {
      gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
      return;
    }

  gtk_file_filter_set_name (pem, _("PEM Certificates"));
  gtk_file_filter_add_mime_type (pem, "application/x-pem-file");
  gtk_file_filter_add_mime_type (pem, "application/x-x509-ca-cert");
  gtk_file_filter_add_suffix (pem, "pem");
  gtk_file_filter_add_suffix (pem, "crt");
  gtk_file_filter_add_suffix (pem, "cer");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose the CA File"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), pem);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), pem);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response_cb), self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_clear_clicked_cb (OpsCaFileRow *self,
                     GtkButton    *button)
{
  ops_ca_file_row_set_path (self, NULL);
}

/*
 * GtkWidget overrides
 */

static void
close_chooser (OpsCaFileRow *self)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
ops_ca_file_row_unroot (GtkWidget *widget)
{
  close_chooser (OPS_CA_FILE_ROW (widget));

  GTK_WIDGET_CLASS (ops_ca_file_row_parent_class)->unroot (widget);
}

/*
 * GObject overrides
 */

static void
ops_ca_file_row_dispose (GObject *object)
{
  close_chooser (OPS_CA_FILE_ROW (object));

  G_OBJECT_CLASS (ops_ca_file_row_parent_class)->dispose (object);
}

static void
ops_ca_file_row_finalize (GObject *object)
{
  OpsCaFileRow *self = (OpsCaFileRow *)object;

  g_free (self->path);

  G_OBJECT_CLASS (ops_ca_file_row_parent_class)->finalize (object);
}

static void
ops_ca_file_row_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  OpsCaFileRow *self = OPS_CA_FILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_ca_file_row_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  OpsCaFileRow *self = OPS_CA_FILE_ROW (object);

  switch (prop_id)
    {
    case PROP_PATH:
      ops_ca_file_row_set_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ops_ca_file_row_class_init (OpsCaFileRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ops_ca_file_row_dispose;
  object_class->finalize = ops_ca_file_row_finalize;
  object_class->get_property = ops_ca_file_row_get_property;
  object_class->set_property = ops_ca_file_row_set_property;
  widget_class->unroot = ops_ca_file_row_unroot;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Something the user should be told, as a sentence. */
  signals[PROBLEM] = g_signal_new ("problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ops_ca_file_row_init (OpsCaFileRow *self)
{
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _("CA File"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);

  self->lock_label = gtk_label_new (_("Set by the configuration file"));
  gtk_widget_add_css_class (self->lock_label, "dim-label");
  gtk_widget_add_css_class (self->lock_label, "caption");
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->lock_label);

  self->clear_button = make_icon_button ("edit-clear-symbolic", _("Use the System Certificates"));
  g_signal_connect_object (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->clear_button);

  self->choose_button = make_icon_button ("document-open-symbolic", _("Choose the CA File of a Private Authority"));
  g_signal_connect_object (self->choose_button, "clicked", G_CALLBACK (on_choose_clicked_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->choose_button);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self), self->choose_button);

  update (self);
}

/*
 * Public API
 */

GtkWidget *
ops_ca_file_row_new (void)
{
  return g_object_new (OPS_TYPE_CA_FILE_ROW, NULL);
}

/**
 * ops_ca_file_row_get_path:
 *
 * Returns: (nullable): the chosen file, %NULL for the system certificates
 */
const char *
ops_ca_file_row_get_path (OpsCaFileRow *self)
{
  g_return_val_if_fail (OPS_IS_CA_FILE_ROW (self), NULL);

  return self->path;
}

void
ops_ca_file_row_set_path (OpsCaFileRow *self,
                          const char   *path)
{
  g_return_if_fail (OPS_IS_CA_FILE_ROW (self));

  if (path != NULL && path[0] == '\0')
    path = NULL;
  if (g_strcmp0 (self->path, path) == 0)
    return;

  g_free (self->path);
  self->path = g_strdup (path);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PATH]);
}

void
ops_ca_file_row_set_locked (OpsCaFileRow *self,
                            gboolean      locked)
{
  g_return_if_fail (OPS_IS_CA_FILE_ROW (self));

  self->locked = !!locked;
  gtk_widget_set_tooltip_text (GTK_WIDGET (self),
                               locked ? _("Set by the configuration file or the environment; change it there.") : NULL);
  update (self);
}

gboolean
ops_ca_file_row_get_locked (OpsCaFileRow *self)
{
  g_return_val_if_fail (OPS_IS_CA_FILE_ROW (self), FALSE);

  return self->locked;
}
