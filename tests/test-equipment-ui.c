/* test-equipment-ui.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The equipment panel on the demo workspace's devices (a healthy unit, a
 * weak fibre signal, an offline unit), its actions with their progress and
 * results, the window of a device looked up by serial, and the swap dialog
 * with the rows it writes.  Runs under Xvfb with G_DEBUG=fatal-criticals.
 *
 * With OPS_SCREENSHOT_DIR set, the states are also saved there as PNG
 * files, to be looked at in each language.
 */

#define G_LOG_DOMAIN "test-equipment-ui"

#include "config.h"

#include "ops-test-ui.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "ops-application.h"
#include "ops-customer-view.h"
#include "ops-demo-devices.h"
#include "ops-device-text.h"
#include "ops-device-window.h"
#include "ops-equipment-panel.h"
#include "ops-hosts-list.h"
#include "ops-outbox.h"
#include "ops-store-inventory.h"
#include "ops-swap-dialog.h"
#include "ops-verdict-banner.h"
#include "ops-workspace.h"

/* A demo action step: short, but long enough to see the progress. */
#define STEP_MS 80

typedef struct
{
  OpsConfig       *config;
  OpsStore        *store;
  OpsServiceLayer *services;
  GtkWindow       *window;
  OpsCustomerView *view;
  OpsEquipmentPanel *panel;
} Fixture;

/*
 * Helpers
 */






static const char *
label_text (GtkWidget  *root,
            const char *name)
{
  GtkWidget *label = ops_test_find_named (root, name);

  g_assert_nonnull (label);
  g_assert_true (GTK_IS_LABEL (label));
  return gtk_label_get_label (GTK_LABEL (label));
}

/* Saves what the window shows when OPS_SCREENSHOT_DIR is set. */
static void
screenshot (GtkWindow  *window,
            const char *name)
{
  const char *dir = g_getenv ("OPS_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  graphene_rect_t bounds;
  int width, height;

  if (dir == NULL)
    return;

  /* A window just shown has its first frame a few main loop turns later. */
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  for (guint tries = 0; node == NULL && tries < 100; tries++)
    {
      ops_test_drain ();
      width = gtk_widget_get_width (GTK_WIDGET (window));
      height = gtk_widget_get_height (GTK_WIDGET (window));
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node == NULL)
        g_main_context_iteration (NULL, TRUE);
    }
  if (node == NULL)
    {
      g_test_message ("nothing drawn for %s", name);
      return;
    }
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  graphene_rect_init (&bounds, 0, 0, width, height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  gdk_texture_save_to_png (texture, path);
  g_test_message ("saved %s", path);
}

static void
fixture_set_up (Fixture  *fixture,
                gboolean  live)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "equipment.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *overlay;

  g_remove (path);
  fixture->config = ops_config_new ();
  fixture->store = ops_workspace_open (fixture->config, path, TRUE, &error);
  g_assert_no_error (error);

  if (live)
    {
      /* Nothing listens on port 9; the worker is never started anyway. */
      ops_config_set_string (fixture->config, "erpnext", "url", "http://127.0.0.1:9");
      ops_config_set_string (fixture->config, "erpnext", "api_key", "key");
      ops_config_set_string (fixture->config, "erpnext", "api_secret", "secret");
    }
  fixture->services = ops_service_layer_new (fixture->config, fixture->store, !live, &error);
  g_assert_no_error (error);
  g_assert_nonnull (ops_service_layer_get_devices (fixture->services));
  ops_device_service_set_timing (ops_service_layer_get_devices (fixture->services), 0, 0, STEP_MS);

  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1100, 1500);
  overlay = adw_toast_overlay_new ();
  fixture->view = g_object_new (OPS_TYPE_CUSTOMER_VIEW, NULL);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), GTK_WIDGET (fixture->view));
  gtk_window_set_child (fixture->window, overlay);
  ops_customer_view_set_store (fixture->view, fixture->store);
  ops_customer_view_set_services (fixture->view, fixture->services);
  fixture->panel = OPS_EQUIPMENT_PANEL (ops_customer_view_get_equipment_panel (fixture->view));
  ops_customer_view_show (fixture->view, "C0001");
  gtk_window_present (fixture->window);
  ops_test_drain ();
  g_assert_nonnull (ops_customer_view_get_shown (fixture->view));
}

static void
fixture_set_up_demo (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture_set_up (fixture, FALSE);
}

static void
fixture_set_up_live (Fixture       *fixture,
                     gconstpointer  data)
{
  fixture_set_up (fixture, TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GList) windows = gtk_window_list_toplevels ();

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  ops_test_drain ();
  g_clear_object (&fixture->services);
  g_clear_object (&fixture->store);
  g_clear_object (&fixture->config);
}

static gboolean
panel_settled (gpointer data)
{
  const char *state = ops_equipment_panel_get_state (data);

  return g_strcmp0 (state, "loading") != 0;
}

static gboolean
panel_idle (gpointer data)
{
  return !ops_equipment_panel_is_busy (data);
}

static gboolean
panel_busy_with_progress (gpointer data)
{
  GtkWidget *label = ops_test_find_named (data, "progress-label");

  return ops_equipment_panel_is_busy (data) && label != NULL &&
         *gtk_label_get_label (GTK_LABEL (label)) != '\0' &&
         gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (ops_test_find_named (data, "progress-bar"))) > 0;
}

/* A demo unit in service at a customer's whose device shows variant. */
static char *
find_unit (Fixture               *fixture,
           OpsDemoDeviceVariant   variant,
           char                 **customer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = ops_store_list_device_ids (fixture->store, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < ids->len; i++)
    {
      OpsEquipment *e;
      char *serial;

      if (ops_demo_device_variant (ids->pdata[i]) != variant)
        continue;
      e = ops_store_find_equipment (fixture->store, ids->pdata[i], customer, &error);
      g_assert_no_error (error);
      if (e == NULL || g_strcmp0 (e->status, OPS_EQUIPMENT_ACTIVE) != 0 || *customer == NULL)
        {
          g_clear_pointer (customer, g_free);
          g_clear_pointer (&e, ops_equipment_free);
          continue;
        }
      serial = g_strdup (e->serial);
      ops_equipment_free (e);
      return serial;
    }
  g_assert_not_reached ();
}

/* Opens a unit of the customer shown as a CSR does: Enter on its card. */
static void
open_unit (Fixture    *fixture,
           const char *customer,
           const char *serial)
{
  GtkWidget *card;

  ops_customer_view_show (fixture->view, customer);
  ops_test_drain ();
  card = ops_test_find_named (GTK_WIDGET (fixture->view), serial);
  g_assert_nonnull (card);
  g_assert_true (GTK_IS_FLOW_BOX_CHILD (card));
  g_signal_emit_by_name (card, "activate");
  g_assert_cmpstr (ops_equipment_panel_get_serial (fixture->panel), ==, serial);
  g_assert_cmpstr (ops_equipment_panel_get_state (fixture->panel), ==, "loading");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->panel)));
  ops_test_iterate_until (panel_settled, fixture->panel);
  g_assert_cmpstr (ops_equipment_panel_get_state (fixture->panel), ==, "device");
}

static OpsVerdictBanner *
banner (Fixture *fixture)
{
  return OPS_VERDICT_BANNER (ops_test_find_of_type (GTK_WIDGET (fixture->panel), OPS_TYPE_VERDICT_BANNER));
}

/*
 * Tests
 */

static void
test_words (void)
{
  g_autofree char *fast = NULL;
  g_autofree char *slow = NULL;
  g_autofree char *unknown = NULL;
  g_autofree char *duration = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *old = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 3, 10, 12, 0, 0);

  g_assert_cmpfloat (ops_plan_mbps ("Fibre 1000"), ==, 1000);
  g_assert_cmpfloat (ops_plan_mbps ("Fibre 3 Gb"), ==, 3000);
  g_assert_true (isnan (ops_plan_mbps ("Téléphonie IP")));
  g_assert_true (isnan (ops_plan_mbps (NULL)));

  fast = ops_speedtest_sentence (912, "Fibre 1000", 1000);
  g_assert_nonnull (strstr (fast, "912 Mbit/s"));
  g_assert_nonnull (strstr (fast, "91 %"));
  g_assert_nonnull (strstr (fast, "Wi-Fi"));
  slow = ops_speedtest_sentence (300, "Fibre 1000", 1000);
  g_assert_nonnull (strstr (slow, "only 30 %"));
  unknown = ops_speedtest_sentence (300, NULL, NAN);
  g_assert_nonnull (strstr (unknown, "No Internet plan"));

  duration = ops_format_duration (3 * 86400 + 4 * 3600 + 120);
  g_assert_cmpstr (duration, ==, "3 days 4 h");
  g_assert_null (ops_format_duration (-1));

  /* A value shows its age only past a minute. */
  fresh = ops_format_with_age ("-18.0 dBm", "2026-03-10T11:59:30.000Z", now);
  g_assert_cmpstr (fresh, ==, "-18.0 dBm");
  old = ops_format_with_age ("-18.0 dBm", "2026-03-10T11:55:00.000Z", now);
  g_assert_cmpstr (old, ==, "-18.0 dBm · 5 min ago");
}

static void
test_healthy (Fixture       *fixture,
              gconstpointer  data)
{
  const OpsDevice *device;
  g_autofree char *rx = NULL;
  GtkWidget *web;

  /* The active unit's card has its swap button. */
  g_assert_nonnull (ops_test_find_named (GTK_WIDGET (fixture->view), "swap-equipment"));

  open_unit (fixture, "C0001", "22275A7000395");

  /* The keyboard is on the page: back, then the panel's buttons. */
  g_assert_cmpstr (gtk_widget_get_name (gtk_root_get_focus (GTK_ROOT (fixture->window))), ==, "back");

  device = ops_equipment_panel_get_device (fixture->panel);
  g_assert_nonnull (device);
  g_assert_false (isnan (device->summary->optical.rx_dbm));

  /* The verdict first: the fibre is good, nothing else is wrong. */
  g_assert_cmpstr (ops_verdict_banner_get_code (banner (fixture)), ==, "fibre-ok");
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (fixture->panel), "verdict-message"), "good"));

  /* The fibre value as read. */
  rx = g_strdup_printf ("%.1f dBm", device->summary->optical.rx_dbm);
  g_assert_cmpstr (label_text (GTK_WIDGET (fixture->panel), "fibre-rx"), ==, rx);

  /* Its clients, grouped by node; the web interface a click away. */
  g_assert_cmpuint (ops_hosts_list_get_n_groups (OPS_HOSTS_LIST (ops_test_find_of_type (GTK_WIDGET (fixture->panel),
                                                                                OPS_TYPE_HOSTS_LIST))), >, 0);
  web = ops_test_find_named (GTK_WIDGET (fixture->panel), "open-web");
  g_assert_true (web == NULL || gtk_widget_get_sensitive (web));

  /* Back to the customer where the person was. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "customer.back", NULL));
  ops_test_drain ();
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->panel)));
  g_assert_cmpstr (gtk_widget_get_name (gtk_root_get_focus (GTK_ROOT (fixture->window))), ==, "22275A7000395");
}

static void
test_weak_signal (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *customer = NULL;
  g_autofree char *serial = find_unit (fixture, OPS_DEMO_DEVICE_WEAK_SIGNAL, &customer);
  AdwMessageDialog *confirm;
  GtkWidget *evidence_button;

  open_unit (fixture, customer, serial);

  /* The first thing said: the fibre, and do not swap the ONT. */
  g_assert_cmpstr (ops_verdict_banner_get_code (banner (fixture)), ==, "fibre-low");
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (fixture->panel), "verdict-action"), "Do not swap"));

  /* The evidence on demand. */
  evidence_button = ops_test_find_named (GTK_WIDGET (fixture->panel), "verdict-evidence-button");
  g_assert_true (gtk_widget_get_visible (evidence_button));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (evidence_button), TRUE);
  ops_test_drain ();
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (fixture->panel), "verdict-evidence"), "RXPower"));

  /* Swapping it anyway takes a second thought. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "equipment.swap", NULL));
  confirm = ADW_MESSAGE_DIALOG (ops_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "Do not swap"));
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  adw_message_dialog_response (confirm, "cancel");
  ops_test_drain ();
  g_assert_null (ops_test_find_toplevel (OPS_TYPE_SWAP_DIALOG));
}

static void
test_far_satellite (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *customer = NULL;
  g_autofree char *serial = find_unit (fixture, OPS_DEMO_DEVICE_FAR_SATELLITE, &customer);
  GtkWidget *backhaul;

  open_unit (fixture, customer, serial);
  g_assert_cmpstr (ops_verdict_banner_get_code (banner (fixture)), ==, "mesh-backhaul");
  backhaul = ops_test_find_named (GTK_WIDGET (fixture->panel), "backhaul");
  g_assert_nonnull (backhaul);
  g_assert_true (gtk_widget_has_css_class (backhaul, "warning"));

}

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *panel = GTK_WIDGET (fixture->panel);

  /* A Huawei unit: its firmware runs download tests. */
  open_unit (fixture, "C0010", "8KA8WA5039762154");

  /* Refresh: progress, then the result, and the panel stays readable. */
  g_assert_true (gtk_widget_activate_action (panel, "equipment.refresh", NULL));
  g_assert_true (ops_equipment_panel_is_busy (fixture->panel));
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (ops_test_find_named (panel, "progress-label"),
                                                                                         GTK_TYPE_REVEALER))));
  /* One action at a time. */
  g_assert_false (gtk_widget_get_sensitive (ops_test_find_named (panel, "speedtest")));
  g_assert_false (gtk_widget_get_sensitive (ops_test_find_named (panel, "reboot")));
  ops_test_iterate_until (panel_idle, fixture->panel);
  g_assert_nonnull (strstr (label_text (panel, "result-label"), "Refreshed"));
  ops_test_iterate_until (panel_settled, fixture->panel);
  g_assert_cmpstr (ops_equipment_panel_get_state (fixture->panel), ==, "device");

  /* Speed test: progress with a cancel button, then the speed against
   * the customer's plan. */
  g_assert_true (gtk_widget_activate_action (panel, "equipment.speedtest", NULL));
  ops_test_iterate_until (panel_busy_with_progress, fixture->panel);
  g_assert_true (gtk_widget_get_sensitive (ops_test_find_named (panel, "cancel")));
  ops_test_iterate_until (panel_idle, fixture->panel);
  g_assert_nonnull (strstr (label_text (panel, "result-label"), "Mbit/s"));
  g_assert_nonnull (strstr (label_text (panel, "result-label"), "Fibre 1000"));

  /* Cancelled, it says so. */
  g_assert_true (gtk_widget_activate_action (panel, "equipment.speedtest", NULL));
  g_assert_true (gtk_widget_activate_action (panel, "equipment.cancel", NULL));
  ops_test_iterate_until (panel_idle, fixture->panel);
  g_assert_cmpstr (label_text (panel, "result-label"), ==, "Speed test cancelled.");

  /* A model that cannot run one says so, and what to do instead. */
  open_unit (fixture, "C0001", "22275A7000395");
  g_assert_true (gtk_widget_activate_action (panel, "equipment.speedtest", NULL));
  ops_test_iterate_until (panel_idle, fixture->panel);
  g_assert_nonnull (strstr (label_text (panel, "result-label"), "cannot run a download test"));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_parent (ops_test_find_named (panel, "result-label")), "sev-warning"));
}

static void
test_reboot (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *panel = GTK_WIDGET (fixture->panel);
  AdwMessageDialog *confirm;

  open_unit (fixture, "C0001", "22275A7000395");

  /* Asked first; saying no does nothing. */
  g_assert_true (gtk_widget_activate_action (panel, "equipment.reboot", NULL));
  confirm = ADW_MESSAGE_DIALOG (ops_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  g_assert_nonnull (confirm);
  g_assert_cmpstr (adw_message_dialog_get_default_response (confirm), ==, "cancel");
  adw_message_dialog_response (confirm, "cancel");
  ops_test_drain ();
  g_assert_false (ops_equipment_panel_is_busy (fixture->panel));

  g_assert_true (gtk_widget_activate_action (panel, "equipment.reboot", NULL));
  confirm = ADW_MESSAGE_DIALOG (ops_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  adw_message_dialog_response (confirm, "reboot");
  g_assert_true (ops_equipment_panel_is_busy (fixture->panel));
  ops_test_iterate_until (panel_idle, fixture->panel);
  g_assert_nonnull (strstr (label_text (panel, "result-label"), "restart"));
}

static void
test_queued (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *customer = NULL;
  g_autofree char *serial = find_unit (fixture, OPS_DEMO_DEVICE_OFFLINE, &customer);
  GtkWidget *panel = GTK_WIDGET (fixture->panel);

  open_unit (fixture, customer, serial);
  g_assert_cmpstr (ops_verdict_banner_get_code (banner (fixture)), ==, "offline");

  /* An offline unit cannot answer: the request waits, said plainly. */
  g_assert_true (gtk_widget_activate_action (panel, "equipment.refresh", NULL));
  ops_test_iterate_until (panel_idle, fixture->panel);
  g_assert_cmpstr (label_text (panel, "result-label"), ==,
                   "Queued until the device next contacts the server (the device is offline).");
}

static gboolean
window_settled (gpointer data)
{
  return panel_settled (ops_device_window_get_panel (data));
}

static void
test_device_window (Fixture       *fixture,
                    gconstpointer  data)
{
  OpsDeviceWindow *window;
  OpsEquipmentPanel *panel;

  /* Ctrl+Shift+L in the main window opens it. */
  window = OPS_DEVICE_WINDOW (ops_device_window_new (fixture->window, fixture->services));
  gtk_window_present (GTK_WINDOW (window));
  panel = OPS_EQUIPMENT_PANEL (ops_device_window_get_panel (window));

  /* A serial nobody has: said so, with Retry. */
  ops_device_window_look_up (window, "NOPE0000");
  ops_test_iterate_until (window_settled, window);
  g_assert_cmpstr (ops_equipment_panel_get_state (panel), ==, "error");
  g_assert_true (gtk_widget_is_visible (ops_test_find_named (GTK_WIDGET (panel), "retry")));
  g_assert_true (gtk_widget_is_sensitive (ops_test_find_named (GTK_WIDGET (panel), "retry")));

  /* Typed as on the label, with spaces around. */
  gtk_editable_set_text (GTK_EDITABLE (ops_test_find_named (GTK_WIDGET (window), "serial")), " 22275A7000395 ");
  g_signal_emit_by_name (ops_test_find_named (GTK_WIDGET (window), "serial"), "activate");
  ops_test_iterate_until (window_settled, window);
  g_assert_cmpstr (ops_equipment_panel_get_state (panel), ==, "device");
  g_assert_cmpstr (ops_equipment_panel_get_device (panel)->serial, ==, "22275A7000395");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_swap_demo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *customer = NULL;
  OpsSwapDialog *dialog;
  OpsEquipment *old_unit;

  open_unit (fixture, "C0001", "22275A7000395");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->panel), "equipment.swap", NULL));
  dialog = OPS_SWAP_DIALOG (ops_test_find_toplevel (OPS_TYPE_SWAP_DIALOG));
  g_assert_nonnull (dialog);

  /* Nothing is saved before a reason and a unit are chosen. */
  g_assert_false (gtk_widget_get_sensitive (ops_test_find_named (GTK_WIDGET (dialog), "save")));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ops_test_find_named (GTK_WIDGET (dialog), "outcome-replace")), TRUE);
  g_assert_cmpuint (ops_swap_dialog_get_n_units (dialog), >, 0);
  g_signal_emit_by_name (ops_test_find_named (GTK_WIDGET (dialog), "search"), "activate");
  ops_test_drain ();
  g_assert_true (gtk_widget_get_sensitive (ops_test_find_named (GTK_WIDGET (dialog), "save")));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (dialog), "summary"), "Defective"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (dialog), "summary"), "nothing is sent"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "swap.save", NULL);
  ops_test_drain ();
  g_assert_null (ops_test_find_toplevel (OPS_TYPE_SWAP_DIALOG));

  /* Kept locally, nothing queued; the page is back on the customer. */
  old_unit = ops_store_get_equipment (fixture->store, "EQP-00001", &customer, &error);
  g_assert_cmpstr (old_unit->status, ==, "Défectueux");
  g_assert_null (customer);
  ops_equipment_free (old_unit);
  rows = ops_outbox_list (fixture->store, NULL, NULL, &error);
  g_assert_cmpuint (rows->len, ==, 0);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (fixture->panel)));
  g_assert_null (ops_test_find_named (GTK_WIDGET (fixture->view), "22275A7000395"));
}

static gboolean
dialog_has_one_unit (gpointer data)
{
  return ops_swap_dialog_get_n_units (data) == 1;
}

static void
test_swap_live (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stock = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *customer = NULL;
  g_autofree char *new_name = NULL;
  g_autofree char *new_serial = NULL;
  g_autofree char *typed = NULL;
  OpsSwapDialog *dialog;
  OpsEquipment *unit;
  GtkWidget *search;
  guint tasks = 0, moves = 0, puts = 0;

  stock = ops_store_list_inventory (fixture->store, "ONT", NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stock->len, >, 1);
  new_name = g_strdup (((OpsEquipment *)stock->pdata[1])->name);
  new_serial = g_strdup (((OpsEquipment *)stock->pdata[1])->serial);

  /* From the equipment card's swap button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->view), "customer.swap", "s", "EQP-00001"));
  dialog = OPS_SWAP_DIALOG (ops_test_find_toplevel (OPS_TYPE_SWAP_DIALOG));
  g_assert_nonnull (dialog);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ops_test_find_named (GTK_WIDGET (dialog), "outcome-diagnostic")), TRUE);

  /* Found by its serial, case and all. */
  search = ops_test_find_named (GTK_WIDGET (dialog), "search");
  typed = g_ascii_strdown (new_serial + 4, -1);
  gtk_editable_set_text (GTK_EDITABLE (search), typed);
  ops_test_iterate_until (dialog_has_one_unit, dialog);
  g_signal_emit_by_name (search, "activate");
  gtk_editable_set_text (GTK_EDITABLE (ops_test_find_named (GTK_WIDGET (dialog), "note")), "Client dit que ça coupe le soir");
  ops_test_drain ();
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (dialog), "summary"), "In diagnosis"));
  g_assert_nonnull (strstr (label_text (GTK_WIDGET (dialog), "summary"), new_serial));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "swap.save", NULL);
  ops_test_drain ();
  g_assert_null (ops_test_find_toplevel (OPS_TYPE_SWAP_DIALOG));

  unit = ops_store_get_equipment (fixture->store, "EQP-00001", &customer, &error);
  g_assert_cmpstr (unit->status, ==, "En diagnostic");
  g_assert_cmpstr (customer, ==, "C0001");
  ops_equipment_free (unit);
  g_clear_pointer (&customer, g_free);
  unit = ops_store_get_equipment (fixture->store, new_name, &customer, &error);
  g_assert_cmpstr (unit->status, ==, "Actif");
  g_assert_cmpstr (customer, ==, "C0001");
  g_assert_cmpstr (unit->location, ==, "LOC-00001");
  ops_equipment_free (unit);

  /* Queued: both units, their move log and the task to test the old one. */
  rows = ops_outbox_list (fixture->store, NULL, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      OpsOutboxEntry *entry = rows->pdata[i];

      if (g_str_equal (entry->doctype, "Service Equipment"))
        puts++;
      else if (g_str_equal (entry->doctype, "Equipment Move"))
        {
          moves++;
          g_assert_nonnull (strstr (json_object_get_string_member (entry->payload, "note"), "ça coupe"));
        }
      else if (g_str_equal (entry->doctype, "Task"))
        {
          tasks++;
          g_assert_cmpstr (json_object_get_string_member (entry->payload, "subject"), ==,
                           "Tester l'unité 22275A7000395");
        }
    }
  g_assert_cmpuint (puts, ==, 2);
  g_assert_cmpuint (moves, ==, 2);
  g_assert_cmpuint (tasks, ==, 1);
  g_assert_cmpint (ops_service_layer_get_pending_writes (fixture->services), ==, 5);
}

static void
scroll_to (Fixture    *fixture,
           const char *name)
{
  GtkWidget *scroller = gtk_widget_get_ancestor (GTK_WIDGET (fixture->panel), GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (ops_test_find_named (GTK_WIDGET (fixture->panel), name),
                                           GTK_WIDGET (fixture->panel), &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y);
}

/* The states a CSR sees, saved as pictures in the caller's language;
 * nothing asserted on the words. */
static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *weak_customer = NULL;
  g_autofree char *weak = find_unit (fixture, OPS_DEMO_DEVICE_WEAK_SIGNAL, &weak_customer);
  g_autofree char *far_customer = NULL;
  g_autofree char *far = find_unit (fixture, OPS_DEMO_DEVICE_FAR_SATELLITE, &far_customer);
  g_autofree char *offline_customer = NULL;
  g_autofree char *offline = find_unit (fixture, OPS_DEMO_DEVICE_OFFLINE, &offline_customer);
  GtkWidget *panel = GTK_WIDGET (fixture->panel);
  OpsSwapDialog *dialog;
  GtkWindow *window;

  screenshot (fixture->window, "customer");

  open_unit (fixture, "C0001", "22275A7000395");
  screenshot (fixture->window, "healthy");

  open_unit (fixture, weak_customer, weak);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (ops_test_find_named (panel, "verdict-evidence-button")), TRUE);
  screenshot (fixture->window, "weak-signal");
  gtk_widget_activate_action (panel, "equipment.swap", NULL);
  screenshot (ops_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG), "weak-signal-swap");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (ops_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)), "cancel");

  open_unit (fixture, far_customer, far);
  screenshot (fixture->window, "far-satellite");
  scroll_to (fixture, "node-root");
  screenshot (fixture->window, "far-satellite-clients");

  open_unit (fixture, offline_customer, offline);
  gtk_widget_activate_action (panel, "equipment.refresh", NULL);
  ops_test_iterate_until (panel_idle, fixture->panel);
  screenshot (fixture->window, "offline-queued");

  open_unit (fixture, "C0010", "8KA8WA5039762154");
  gtk_widget_activate_action (panel, "equipment.speedtest", NULL);
  ops_test_iterate_until (panel_busy_with_progress, fixture->panel);
  screenshot (fixture->window, "speedtest-running");
  ops_test_iterate_until (panel_idle, fixture->panel);
  screenshot (fixture->window, "speedtest-done");

  gtk_widget_activate_action (panel, "equipment.reboot", NULL);
  window = ops_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  screenshot (window, "reboot-confirm");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (window), "cancel");

  open_unit (fixture, "C0001", "22275A7000395");
  gtk_widget_activate_action (panel, "equipment.swap", NULL);
  dialog = OPS_SWAP_DIALOG (ops_test_find_toplevel (OPS_TYPE_SWAP_DIALOG));
  screenshot (GTK_WINDOW (dialog), "swap-dialog-empty");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ops_test_find_named (GTK_WIDGET (dialog), "outcome-diagnostic")), TRUE);
  g_signal_emit_by_name (ops_test_find_named (GTK_WIDGET (dialog), "search"), "activate");
  gtk_editable_set_text (GTK_EDITABLE (ops_test_find_named (GTK_WIDGET (dialog), "note")), "Coupures le soir depuis lundi");
  screenshot (GTK_WINDOW (dialog), "swap-dialog");
  gtk_check_button_set_active (GTK_CHECK_BUTTON (ops_test_find_named (GTK_WIDGET (dialog), "outcome-return")), TRUE);
  screenshot (GTK_WINDOW (dialog), "swap-dialog-return");
  gtk_window_destroy (GTK_WINDOW (dialog));

  window = GTK_WINDOW (ops_device_window_new (fixture->window, fixture->services));
  gtk_window_present (window);
  screenshot (window, "device-window-empty");
  ops_device_window_look_up (OPS_DEVICE_WINDOW (window), "NOPE0000");
  ops_test_iterate_until (window_settled, window);
  screenshot (window, "device-window-not-found");
}

int
main (int   argc,
      char *argv[])
{
  /* Screenshots need icons, and icons the MIME database isolated
   * directories hide: they run in the caller's (XDG_DATA_HOME), in the
   * caller's language (translations from OPS_LOCALEDIR, as the binary). */
  if (g_getenv ("OPS_SCREENSHOT_DIR") != NULL)
    {
      const char *localedir = g_getenv ("OPS_LOCALEDIR");

      setlocale (LC_ALL, "");
      bindtextdomain (GETTEXT_PACKAGE, localedir && *localedir ? localedir : LOCALEDIR);
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
      g_test_init (&argc, &argv, NULL);
    }
  else
    g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  gtk_init ();
  adw_init ();
  /* Registers the resources the templates come from. */
  g_type_class_unref (g_type_class_ref (OPS_TYPE_APPLICATION));
  {
    /* The application's style, as the application loads it. */
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, RESOURCE_BASE "/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  if (g_getenv ("OPS_SCREENSHOT_DIR") != NULL)
    {
      g_test_add ("/equipment-ui/screenshots", Fixture, NULL, fixture_set_up_demo, test_screenshots, fixture_tear_down);
      return g_test_run ();
    }

  g_test_add_func ("/equipment-ui/words", test_words);
  g_test_add ("/equipment-ui/healthy", Fixture, NULL, fixture_set_up_demo, test_healthy, fixture_tear_down);
  g_test_add ("/equipment-ui/weak-signal", Fixture, NULL, fixture_set_up_demo, test_weak_signal, fixture_tear_down);
  g_test_add ("/equipment-ui/far-satellite", Fixture, NULL, fixture_set_up_demo, test_far_satellite, fixture_tear_down);
  g_test_add ("/equipment-ui/actions", Fixture, NULL, fixture_set_up_demo, test_actions, fixture_tear_down);
  g_test_add ("/equipment-ui/reboot", Fixture, NULL, fixture_set_up_demo, test_reboot, fixture_tear_down);
  g_test_add ("/equipment-ui/queued", Fixture, NULL, fixture_set_up_demo, test_queued, fixture_tear_down);
  g_test_add ("/equipment-ui/device-window", Fixture, NULL, fixture_set_up_demo, test_device_window, fixture_tear_down);
  g_test_add ("/equipment-ui/swap-demo", Fixture, NULL, fixture_set_up_demo, test_swap_demo, fixture_tear_down);
  g_test_add ("/equipment-ui/swap-live", Fixture, NULL, fixture_set_up_live, test_swap_live, fixture_tear_down);

  return g_test_run ();
}
