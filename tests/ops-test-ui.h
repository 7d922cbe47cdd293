/* ops-test-ui.h
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the widget tests share: waiting on the main loop with a deadline,
 * and finding widgets and windows.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Iterates the default main context until done (data) is TRUE; fails the
 * test after 20 s. */
void       ops_test_iterate_until (gboolean  (*done) (gpointer),
                                   gpointer    data);
/* Runs what is ready in the default main context, several rounds (bus
 * events are emitted from idle callbacks). */
void       ops_test_drain         (void);
/* widget or its first descendant with that widget name / of that type. */
GtkWidget *ops_test_find_named    (GtkWidget  *widget,
                                   const char *name);
GtkWidget *ops_test_find_of_type  (GtkWidget  *widget,
                                   GType       type);
/* The first visible toplevel window of that type. */
GtkWindow *ops_test_find_toplevel (GType       type);

G_END_DECLS
