/* ops-status-text.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsStatusText"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-status-text.h"

typedef struct
{
  const char *doctype;
  const char *label;
} DoctypeLabel;

/* The n ngettext picks a plural form with. */
static gulong
plural_n (gint64 n)
{
  return (gulong)CLAMP (n, 0, G_MAXINT);
}

char *
ops_format_count (gint64 count)
{
  /* The ' flag groups digits as LC_NUMERIC says (none in the C locale). */
  return g_strdup_printf ("%'" G_GINT64_FORMAT, count);
}

char *
ops_format_age (GDateTime *then,
                GDateTime *now)
{
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *date = NULL;
  GTimeSpan seconds;

  g_return_val_if_fail (then != NULL && now != NULL, NULL);

  seconds = g_date_time_difference (now, then) / G_TIME_SPAN_SECOND;
  if (seconds < 60)
    return g_strdup (_("just now"));
  if (seconds < 60 * 60)
    return g_strdup_printf (_("%d min ago"), (int)(seconds / 60));
  if (seconds < 24 * 60 * 60)
    return g_strdup_printf (_("%d h ago"), (int)(seconds / (60 * 60)));
  if (seconds < 7 * 24 * 60 * 60)
    {
      int days = seconds / (24 * 60 * 60);

      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day ago", "%d days ago", days), days);
    }

  local = g_date_time_to_local (then);
  date = g_date_time_format (local, "%Y-%m-%d");
  /* TRANSLATORS: an age older than a week, with the date: "on 2026-03-01" */
  return g_strdup_printf (_("on %s"), date);
}

char *
ops_format_iso_age (const char *iso,
                    GDateTime  *now)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  if (iso == NULL || *iso == '\0')
    return NULL;
  if (!(then = g_date_time_new_from_iso8601 (iso, utc)))
    return NULL;
  return ops_format_age (then, now);
}

const char *
ops_doctype_plural_label (const char *doctype)
{
  static const DoctypeLabel labels[] = {
    { "Customer", NC_("doctype", "Customers") },
    { "Contact", NC_("doctype", "Contacts") },
    { "Address", NC_("doctype", "Addresses") },
    { "Service Location", NC_("doctype", "Service locations") },
    { "Service Equipment", NC_("doctype", "Equipment") },
    { "Service Subscription", NC_("doctype", "Subscriptions") },
    { "Sales Invoice", NC_("doctype", "Invoices") },
    { "Payment Entry", NC_("doctype", "Payments") },
    { "Issue", NC_("doctype", "Tickets") },
    { "HD Ticket", NC_("doctype", "Tickets") },
    { "Communication", NC_("doctype", "Messages") },
    { "Technician", NC_("doctype", "Technicians") },
    { "Dispatch Job", NC_("doctype", "Jobs") },
    { "Task", NC_("doctype", "Tasks") },
    { "Tag", NC_("doctype", "Tags") },
  };

  if (doctype == NULL)
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].doctype, doctype))
      return g_dpgettext2 (GETTEXT_PACKAGE, "doctype", labels[i].label);
  return doctype;
}

static const char *
doctype_singular_label (const char *doctype)
{
  static const DoctypeLabel labels[] = {
    { "Customer", NC_("doctype", "Customer") },
    { "Contact", NC_("doctype", "Contact") },
    { "Address", NC_("doctype", "Address") },
    { "Service Location", NC_("doctype", "Service location") },
    { "Service Equipment", NC_("doctype", "Equipment") },
    { "Service Subscription", NC_("doctype", "Subscription") },
    { "Issue", NC_("doctype", "Ticket") },
    { "Communication", NC_("doctype", "Message") },
    { "Dispatch Job", NC_("doctype", "Job") },
    { "Task", NC_("doctype", "Task") },
  };

  if (doctype == NULL)
    return "";
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (labels[i].doctype, doctype))
      return g_dpgettext2 (GETTEXT_PACKAGE, "doctype", labels[i].label);
  return doctype;
}

static char *
waiting_text (gint64 pending)
{
  g_autofree char *count = ops_format_count (pending);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change waiting", "%s changes waiting",
                                       plural_n (pending)),
                          count);
}

static char *
with_waiting (const char *label,
              gint64      pending)
{
  g_autofree char *waiting = NULL;

  if (pending <= 0)
    return g_strdup (label);
  waiting = waiting_text (pending);
  /* TRANSLATORS: the connection state, then "3 changes waiting" */
  return g_strdup_printf (_("%s · %s"), label, waiting);
}

char *
ops_connection_label (const OpsConnectionInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  switch (info->state)
    {
    case OPS_CONNECTION_DEMO:
      return g_strdup (_("Demo workspace"));
    case OPS_CONNECTION_CONNECTING:
      return with_waiting (_("Connecting…"), info->pending);
    case OPS_CONNECTION_ONLINE:
      return with_waiting (_("Online"), info->pending);
    case OPS_CONNECTION_SYNCING:
      {
        const char *what = ops_doctype_plural_label (info->sync_doctype);
        g_autofree char *done = ops_format_count (info->sync_done);
        g_autofree char *total = ops_format_count (info->sync_total);

        if (what == NULL)
          return g_strdup (_("Syncing…"));
        if (info->sync_total == 0)
          /* TRANSLATORS: "Syncing Customers 3,200": what is synced, rows done */
          return g_strdup_printf (_("Syncing %s %s"), what, done);
        /* TRANSLATORS: "Syncing Customers 3,200 / 100,000" */
        return g_strdup_printf (_("Syncing %s %s / %s"), what, done, total);
      }
    case OPS_CONNECTION_OFFLINE:
      return with_waiting (_("Offline"), info->pending);
    case OPS_CONNECTION_AUTH_FAILED:
      return g_strdup (_("Check API key"));
    default:
      return g_strdup ("");
    }
}

char *
ops_connection_sentence (const OpsConnectionInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  switch (info->state)
    {
    case OPS_CONNECTION_DEMO:
      return g_strdup (_("This is the demo workspace: changes stay on this computer and nothing is sent to ERPNext."));
    case OPS_CONNECTION_CONNECTING:
      return g_strdup (_("Reaching ERPNext for the first time. What you change now is kept and sent once it answers."));
    case OPS_CONNECTION_ONLINE:
      return g_strdup (_("Connected to ERPNext. Your changes are sent as you make them."));
    case OPS_CONNECTION_SYNCING:
      {
        const char *what = ops_doctype_plural_label (info->sync_doctype);
        g_autofree char *done = ops_format_count (info->sync_done);
        g_autofree char *total = ops_format_count (info->sync_total);

        if (what == NULL)
          return g_strdup (_("Bringing the local copy up to date from ERPNext."));
        if (info->sync_total == 0)
          /* TRANSLATORS: "Bringing Customers up to date from ERPNext: 3,200 so far." */
          return g_strdup_printf (_("Bringing %s up to date from ERPNext: %s so far."), what, done);
        /* TRANSLATORS: "Bringing Customers up to date from ERPNext: 3,200 of 100,000." */
        return g_strdup_printf (_("Bringing %s up to date from ERPNext: %s of %s."), what, done, total);
      }
    case OPS_CONNECTION_OFFLINE:
      return g_strdup (_("ERPNext cannot be reached. Your changes are kept on this computer and sent when it answers again."));
    case OPS_CONNECTION_AUTH_FAILED:
      return g_strdup (_("ERPNext refused the API key. Check the API key and secret in Preferences; your changes are kept until then."));
    default:
      return g_strdup ("");
    }
}

char *
ops_connection_last_sync (const OpsConnectionInfo *info,
                          GDateTime               *now)
{
  g_autoptr(GDateTime) then = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autofree char *age = NULL;
  g_autofree char *time = NULL;

  g_return_val_if_fail (info != NULL && now != NULL, NULL);

  if (info->last_sync <= 0)
    return g_strdup (_("Not synced completely yet"));

  then = g_date_time_new_from_unix_utc (info->last_sync);
  local = g_date_time_to_local (then);
  age = ops_format_age (then, now);
  time = g_date_time_format (local, "%H:%M");
  /* TRANSLATORS: "Last complete sync 3 min ago, at 14:02" */
  return g_strdup_printf (_("Last complete sync %s, at %s"), age, time);
}

char *
ops_connection_tooltip (const OpsConnectionInfo *info,
                        GDateTime               *now)
{
  g_autofree char *sentence = NULL;
  g_autofree char *age = NULL;
  g_autoptr(GDateTime) then = NULL;

  g_return_val_if_fail (info != NULL && now != NULL, NULL);

  if (info->last_sync > 0)
    {
      then = g_date_time_new_from_unix_utc (info->last_sync);
      age = ops_format_age (then, now);
    }

  if (info->state == OPS_CONNECTION_ONLINE)
    {
      if (age == NULL)
        return g_strdup (_("Online · not synced completely yet"));
      /* TRANSLATORS: "Online · synced 3 min ago" */
      return g_strdup_printf (_("Online · synced %s"), age);
    }

  sentence = ops_connection_sentence (info);
  if (age == NULL || info->state == OPS_CONNECTION_DEMO)
    return g_steal_pointer (&sentence);
  /* TRANSLATORS: a sentence about the connection, then "synced 3 min ago" */
  return g_strdup_printf (_("%s\nLast synced %s."), sentence, age);
}

const char *
ops_connection_style (const OpsConnectionInfo *info)
{
  g_return_val_if_fail (info != NULL, NULL);

  switch (info->state)
    {
    case OPS_CONNECTION_OFFLINE:
      return "warning";
    case OPS_CONNECTION_AUTH_FAILED:
      return "error";
    case OPS_CONNECTION_DEMO:
    case OPS_CONNECTION_CONNECTING:
    case OPS_CONNECTION_ONLINE:
    case OPS_CONNECTION_SYNCING:
    default:
      return NULL;
    }
}

const char *
ops_connection_icon_name (OpsConnectionState state)
{
  switch (state)
    {
    case OPS_CONNECTION_CONNECTING:
      return "network-idle-symbolic";
    case OPS_CONNECTION_ONLINE:
      return "network-transmit-receive-symbolic";
    case OPS_CONNECTION_SYNCING:
      return "emblem-synchronizing-symbolic";
    case OPS_CONNECTION_OFFLINE:
      return "network-offline-symbolic";
    case OPS_CONNECTION_AUTH_FAILED:
      return "dialog-password-symbolic";
    case OPS_CONNECTION_DEMO:
    default:
      return "network-offline-symbolic";
    }
}

char *
ops_connection_failed_label (gint64 failed)
{
  g_autofree char *count = NULL;

  if (failed <= 0)
    return NULL;
  count = ops_format_count (failed);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change refused", "%s changes refused",
                                       plural_n (failed)),
                          count);
}

char *
ops_connection_writes_summary (gint64 pending,
                               gint64 failed)
{
  g_autofree char *pending_text = NULL;
  g_autofree char *failed_text = NULL;

  if (pending > 0)
    {
      g_autofree char *count = ops_format_count (pending);

      pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s change waiting to be sent",
                                                   "%s changes waiting to be sent",
                                                   plural_n (pending)),
                                      count);
    }
  if (failed > 0)
    {
      g_autofree char *count = ops_format_count (failed);

      failed_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s refused by ERPNext",
                                                  "%s refused by ERPNext",
                                                  plural_n (failed)),
                                     count);
    }

  if (pending_text != NULL && failed_text != NULL)
    return g_strdup_printf (_("%s · %s"), pending_text, failed_text);
  if (pending_text != NULL)
    return g_steal_pointer (&pending_text);
  return g_steal_pointer (&failed_text);
}

OpsLabel
ops_label_outbox_state (OpsOutboxState state)
{
  OpsLabel label = { "", NULL };

  switch (state)
    {
    case OPS_OUTBOX_PENDING:
      label.label = C_("outbox", "Waiting");
      break;
    case OPS_OUTBOX_SENDING:
      label.label = C_("outbox", "Being sent");
      label.style = "accent";
      break;
    case OPS_OUTBOX_FAILED:
      label.label = C_("outbox", "Refused by ERPNext");
      label.style = "error";
      break;
    case OPS_OUTBOX_DONE:
      label.label = C_("outbox", "Sent");
      label.style = "success";
      break;
    default:
      break;
    }
  return label;
}

char *
ops_outbox_entry_details (const OpsOutboxEntry *entry,
                          GDateTime            *now)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *age = NULL;

  g_return_val_if_fail (entry != NULL && now != NULL, NULL);

  g_string_append_printf (text, "%s %s", doctype_singular_label (entry->doctype),
                          entry->docname ? entry->docname : "");
  if (entry->attempts > 0)
    {
      g_string_append (text, " · ");
      g_string_append_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u attempt", "%u attempts", entry->attempts),
                              entry->attempts);
    }
  if ((age = ops_format_iso_age (entry->created_at, now)))
    {
      g_string_append (text, " · ");
      /* TRANSLATORS: "made 5 min ago": when the person made the change */
      g_string_append_printf (text, _("made %s"), age);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

const char *
ops_outbox_field_label (const char *doctype,
                        const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  if (g_str_equal (field, "customer_details"))
    return _("Notes");
  if (g_str_equal (field, "custom_flags"))
    return _("Flags, separated by commas");
  if (g_str_equal (field, "phone"))
    return _("Phone");
  if (g_str_equal (field, "mobile"))
    return _("Mobile");
  if (g_str_equal (field, "email") || g_str_equal (field, "email_id"))
    return _("E-mail");
  return field;
}
