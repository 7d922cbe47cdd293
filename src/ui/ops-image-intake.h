/* ops-image-intake.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * How a window takes in a photo: opened with a file chooser, dropped as a
 * file or an image, or pasted from the clipboard.  Whatever the way, the
 * window's callback gets the image's bytes (PNG for an image that was not
 * a file) on the main thread.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define OPS_IMAGE_INTAKE_ERROR (ops_image_intake_error_quark ())

typedef enum
{
  OPS_IMAGE_INTAKE_ERROR_UNREADABLE,  /* the file could not be read */
  OPS_IMAGE_INTAKE_ERROR_NO_IMAGE,    /* the clipboard holds no image */
} OpsImageIntakeError;

/* Called with neither bytes nor error when a file starts loading, then
 * with the bytes (name: the file's name, or NULL) or with an error.  Never
 * called once the cancellable given to ops_image_intake_attach() is
 * cancelled. */
typedef void (*OpsImageIntakeFunc) (GtkWidget    *widget,
                                    GBytes       *bytes,
                                    const char   *name,
                                    const GError *error,
                                    gpointer      user_data);

GQuark ops_image_intake_error_quark (void);

/* Makes widget take in images: a drop target for files and images, and
 * what ops_image_intake_open() and ops_image_intake_paste() deliver.  The
 * caller cancels cancellable when widget is disposed. */
void   ops_image_intake_attach      (GtkWidget          *widget,
                                     GCancellable       *cancellable,
                                     OpsImageIntakeFunc  func,
                                     gpointer            user_data);
/* A modal file chooser titled title on widget's window, filtered to the
 * suffixes (NULL-terminated; NULL: the common image formats). */
void   ops_image_intake_open        (GtkWidget          *widget,
                                     const char         *title,
                                     const char * const *suffixes);
/* Reads an image from the clipboard; in a text field, pastes text there
 * instead. */
void   ops_image_intake_paste       (GtkWidget          *widget);

G_END_DECLS
