/* ops-swap.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "ops-swap"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-outbox.h"
#include "ops-store-inventory.h"
#include "ops-store-private.h"
#include "ops-swap.h"

#define TASK_DAYS 7

typedef struct
{
  OpsEquipment *unit;
  char         *customer;
} Unit;

static void
unit_clear (Unit *unit)
{
  g_clear_pointer (&unit->unit, ops_equipment_free);
  g_clear_pointer (&unit->customer, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Unit, unit_clear)

const char *
ops_swap_installed_from_status (OpsSwapOutcome outcome)
{
  return outcome == OPS_SWAP_RETURN ? OPS_EQUIPMENT_IN_DIAGNOSIS : OPS_EQUIPMENT_IN_STOCK;
}

const char *
ops_swap_removed_to_status (OpsSwapOutcome outcome,
                            OpsSwapFlags   flags)
{
  switch (outcome)
    {
    case OPS_SWAP_REPLACE:
      return OPS_EQUIPMENT_DEFECTIVE;
    case OPS_SWAP_DIAGNOSTIC:
      return OPS_EQUIPMENT_IN_DIAGNOSIS;
    case OPS_SWAP_RETURN:
      return (flags & OPS_SWAP_TESTED_OK) ? OPS_EQUIPMENT_IN_STOCK : OPS_EQUIPMENT_RETURNED;
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
ops_swap_installed_to_status (OpsSwapOutcome outcome)
{
  return OPS_EQUIPMENT_ACTIVE;
}

/* The names are Gigafibre's, in French, as ERPNext's records hold them. */
const char *
ops_swap_outcome_name (OpsSwapOutcome outcome)
{
  switch (outcome)
    {
    case OPS_SWAP_REPLACE:
      return "Remplacement définitif";
    case OPS_SWAP_DIAGNOSTIC:
      return "Swap diagnostic";
    case OPS_SWAP_RETURN:
      return "Retour de diagnostic";
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
refuse (GError     **error,
        const char  *format,
        ...) G_GNUC_PRINTF (2, 3);

static gboolean
refuse (GError     **error,
        const char  *format,
        ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD, message);
  g_free (message);
  return FALSE;
}

static gboolean
load_unit (OpsStore    *store,
           const char  *name,
           Unit        *unit,
           GError     **error)
{
  GError *local_error = NULL;

  unit->unit = ops_store_get_equipment (store, name, &unit->customer, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  if (unit->unit == NULL)
    return refuse (error, _("Unit “%s” is not in the local store any more; it may have been deleted in ERPNext. "
                            "Close this window and try again after the next sync."), name);
  return TRUE;
}

static const char *
serial_of (const Unit *unit)
{
  return unit->unit->serial && *unit->unit->serial ? unit->unit->serial : unit->unit->name;
}

static gboolean
check_units (const Unit      *removed,
             const Unit      *installed,
             OpsSwapOutcome   outcome,
             GError         **error)
{
  const char *wanted = ops_swap_installed_from_status (outcome);

  if (g_str_equal (removed->unit->name, installed->unit->name))
    return refuse (error, _("A unit cannot replace itself: choose another unit."));

  if (g_strcmp0 (removed->unit->status, OPS_EQUIPMENT_ACTIVE) != 0 || removed->customer == NULL)
    return refuse (error, _("Unit %s is not in service at a customer’s (its status is “%s”): "
                            "only an active unit can be swapped out."),
                   serial_of (removed), removed->unit->status ? removed->unit->status : "");

  if (g_strcmp0 (installed->unit->status, wanted) != 0)
    {
      if (outcome == OPS_SWAP_RETURN)
        return refuse (error, _("Unit %s is not in diagnosis (its status is “%s”): "
                                "choose the unit that comes back from the warehouse."),
                       serial_of (installed), installed->unit->status ? installed->unit->status : "");
      return refuse (error, _("Unit %s is not in stock (its status is “%s”): choose a unit that is."),
                     serial_of (installed), installed->unit->status ? installed->unit->status : "");
    }

  if (g_strcmp0 (removed->unit->equipment_type, installed->unit->equipment_type) != 0)
    return refuse (error, _("Unit %s is of type “%s” and unit %s of type “%s”: "
                            "choose a unit of the same type."),
                   serial_of (removed), removed->unit->equipment_type ? removed->unit->equipment_type : "",
                   serial_of (installed), installed->unit->equipment_type ? installed->unit->equipment_type : "");

  /* A unit in diagnosis goes back to the customer it came from. */
  if (outcome == OPS_SWAP_RETURN && installed->customer != NULL &&
      !g_str_equal (installed->customer, removed->customer))
    return refuse (error, _("Unit %s was taken from customer %s, not %s: "
                            "return it to that customer, or choose this customer’s unit."),
                   serial_of (installed), installed->customer, removed->customer);

  return TRUE;
}

static gboolean
update_unit (OpsStore    *store,
             const char  *name,
             const char  *status,
             const char  *customer,
             const char  *location,
             GError     **error)
{
  sqlite3_stmt *stmt = _ops_store_prepare (store,
                                           "UPDATE equipment SET status = ?, customer = ?, location = ? WHERE name = ?",
                                           error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, status, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, customer, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, location, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _ops_store_set_error (store->db, rc, error);
  return TRUE;
}

/* The name an inserted document has until ERPNext gives it one. */
static char *
local_name (const char *prefix)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat (prefix, uuid, NULL);
}

static void
set_string_or_null (JsonObject *object,
                    const char *member,
                    const char *value)
{
  if (value != NULL)
    json_object_set_string_member (object, member, value);
  else
    json_object_set_null_member (object, member);
}

static gboolean
queue_unit (OpsStore    *store,
            const Unit  *unit,
            const char  *status,
            const char  *customer,
            const char  *location,
            const char  *log_customer,
            const char  *log_location,
            const char  *moved_on,
            const char  *note,
            GError     **error)
{
  g_autoptr(JsonObject) changes = json_object_new ();
  g_autoptr(JsonObject) move = json_object_new ();
  g_autofree char *move_name = local_name ("new-equipment-move-");
  g_autofree char *summary = NULL;
  g_autofree char *move_summary = NULL;

  json_object_set_string_member (changes, "status", status);
  set_string_or_null (changes, "customer", customer);
  set_string_or_null (changes, "location", location);
  /* TRANSLATORS: in the outbox: "Unit 22275A7000395 to “Défectueux”"; the status is ERPNext's */
  summary = g_strdup_printf (_("Unit %s to “%s”"), serial_of (unit), status);
  if (ops_outbox_enqueue (store, "Service Equipment", unit->unit->name, OPS_OUTBOX_UPDATE,
                          changes, NULL, summary, error) == 0)
    return FALSE;

  json_object_set_string_member (move, "equipment", unit->unit->name);
  set_string_or_null (move, "from_status", unit->unit->status);
  json_object_set_string_member (move, "to_status", status);
  set_string_or_null (move, "customer", log_customer);
  set_string_or_null (move, "location", log_location);
  json_object_set_string_member (move, "moved_on", moved_on);
  json_object_set_string_member (move, "note", note);
  move_summary = g_strdup_printf (_("Move log of unit %s"), serial_of (unit));
  return ops_outbox_enqueue (store, "Equipment Move", move_name, OPS_OUTBOX_INSERT,
                             move, "ops_key", move_summary, error) != 0;
}

static gboolean
queue_task (OpsStore    *store,
            const Unit  *removed,
            const Unit  *installed,
            GDateTime   *now,
            const char  *note,
            GError     **error)
{
  g_autoptr(JsonObject) task = json_object_new ();
  g_autoptr(GDateTime) due = g_date_time_add_days (now, TASK_DAYS);
  g_autofree char *due_text = g_date_time_format (due, "%Y-%m-%d");
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *subject = g_strdup_printf ("Tester l'unité %s", serial_of (removed));
  g_autofree char *task_name = local_name ("new-task-");
  g_autofree char *summary = NULL;
  GString *description = g_string_new (NULL);

  /* ERPNext's documents are written in French, like its statuses. */
  g_string_append_printf (description,
                          "Unité %s (%s %s) retirée chez le client %s le %s lors d'un swap diagnostic, "
                          "remplacée par %s. La tester d'ici le %s : Défectueux si elle est en panne, "
                          "sinon Retour de diagnostic.",
                          serial_of (removed),
                          removed->unit->brand ? removed->unit->brand : "",
                          removed->unit->model ? removed->unit->model : "",
                          removed->customer, today, serial_of (installed), due_text);
  if (note != NULL && *note != '\0')
    g_string_append_printf (description, "\n\n%s", note);

  json_object_set_string_member (task, "subject", subject);
  json_object_set_string_member (task, "description", description->str);
  json_object_set_string_member (task, "exp_end_date", due_text);
  json_object_set_string_member (task, "status", "Open");
  g_string_free (description, TRUE);

  summary = g_strdup_printf (_("Task to test unit %s"), serial_of (removed));
  return ops_outbox_enqueue (store, "Task", task_name, OPS_OUTBOX_INSERT, task, "custom_ops_key",
                             summary, error) != 0;
}

static gboolean
reindex (OpsStore    *store,
         const char  *customer,
         GError     **error)
{
  return customer == NULL || ops_store_reindex_customer (store, customer, error);
}

gboolean
ops_edit_swap_equipment (OpsStore       *store,
                         const char     *removed_name,
                         const char     *installed_name,
                         OpsSwapOutcome  outcome,
                         OpsSwapFlags    flags,
                         const char     *note,
                         GDateTime      *now,
                         gboolean        queue,
                         GError        **error)
{
  g_auto(Unit) removed = { NULL, NULL };
  g_auto(Unit) installed = { NULL, NULL };
  g_autoptr(GDateTime) local_now = NULL;
  g_autofree char *moved_on = NULL;
  g_autofree char *log_note = NULL;
  const char *removed_status;
  const char *installed_status;
  const char *removed_customer;
  const char *customer;
  const char *location;

  g_return_val_if_fail (OPS_IS_STORE (store), FALSE);
  g_return_val_if_fail (removed_name != NULL && installed_name != NULL, FALSE);
  g_return_val_if_fail (outcome <= OPS_SWAP_RETURN, FALSE);

  if (!load_unit (store, removed_name, &removed, error) ||
      !load_unit (store, installed_name, &installed, error) ||
      !check_units (&removed, &installed, outcome, error))
    return FALSE;

  local_now = now ? g_date_time_to_local (now) : g_date_time_new_now_local ();
  moved_on = g_date_time_format (local_now, "%Y-%m-%d %H:%M:%S");
  removed_status = ops_swap_removed_to_status (outcome, flags);
  installed_status = ops_swap_installed_to_status (outcome);
  customer = removed.customer;
  location = removed.unit->location;
  /* A unit in diagnosis stays the customer's, so its return finds it. */
  removed_customer = outcome == OPS_SWAP_DIAGNOSTIC ? customer : NULL;

  if (note != NULL && *note != '\0')
    log_note = g_strdup_printf ("%s : %s → %s. %s", ops_swap_outcome_name (outcome),
                                serial_of (&removed), serial_of (&installed), note);
  else
    log_note = g_strdup_printf ("%s : %s → %s.", ops_swap_outcome_name (outcome),
                                serial_of (&removed), serial_of (&installed));

  g_debug ("%s at %s: %s -> %s, %s -> %s", ops_swap_outcome_name (outcome), customer,
           removed.unit->name, removed_status, installed.unit->name, installed_status);

  if (!ops_store_begin (store, error))
    return FALSE;

  if (!update_unit (store, removed.unit->name, removed_status, removed_customer, NULL, error) ||
      !update_unit (store, installed.unit->name, installed_status, customer, location, error))
    goto fail;

  /* Serials are searchable: the customers on both sides change. */
  if (!reindex (store, customer, error) ||
      (g_strcmp0 (installed.customer, customer) != 0 && !reindex (store, installed.customer, error)))
    goto fail;

  if (queue)
    {
      if (!queue_unit (store, &removed, removed_status, removed_customer, NULL,
                       customer, location, moved_on, log_note, error) ||
          !queue_unit (store, &installed, installed_status, customer, location,
                       customer, location, moved_on, log_note, error))
        goto fail;
      if (outcome == OPS_SWAP_DIAGNOSTIC &&
          !queue_task (store, &removed, &installed, local_now, note, error))
        goto fail;
    }

  return ops_store_commit (store, error);

fail:
  ops_store_rollback (store);
  return FALSE;
}
