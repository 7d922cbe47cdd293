/* ops-on-my-way.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Customers are written to in French whatever language the console shows,
 * like the templates: the arrival window's formats are translatable but
 * French by default.
 */

#define G_LOG_DOMAIN "ops-on-my-way"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "ops-conversation.h"
#include "ops-model.h"
#include "ops-on-my-way.h"
#include "ops-reply-templates.h"
#include "ops-search-query.h"
#include "ops-store-messages.h"

#define DEFAULT_TEMPLATE_TITLE "Technicien en route"
#define TECHNICIAN_PLACEHOLDER "{" OPS_TEMPLATE_TECHNICIAN "}"
#define WINDOW_MINUTES 30

G_DEFINE_QUARK (ops-on-my-way-error-quark, ops_on_my_way_error)

/*
 * Auxiliary methods
 */

/* The "Technicien en route" template, else the first with {technicien}. */
static char *
pick_template (OpsStore *store)
{
  g_autoptr(GPtrArray) templates = NULL;
  g_autoptr(GError) error = NULL;
  const char *first = NULL;

  templates = ops_store_list_templates (store, &error);
  if (templates == NULL)
    g_debug ("Cannot read the reply templates: %s", error->message);

  for (guint i = 0; templates != NULL && i < templates->len; i++)
    {
      const OpsReplyTemplate *tpl = templates->pdata[i];

      if (tpl->body == NULL || strstr (tpl->body, TECHNICIAN_PLACEHOLDER) == NULL)
        continue;
      if (g_strcmp0 (tpl->title, DEFAULT_TEMPLATE_TITLE) == 0)
        return g_strdup (tpl->body);
      if (first == NULL)
        first = tpl->body;
    }
  if (first != NULL)
    return g_strdup (first);
  /* Translators: the text sent to a customer when no template says the
   * technician is on the way; customers are written to in French.  Keep
   * {prenom}, {technicien} and {heure_arrivee} as they are. */
  return g_strdup (C_("sms", "Bonjour {prenom}, {technicien} de Gigafibre est en route et arrivera {heure_arrivee}."));
}

static const OpsContact *
primary_contact (const OpsCustomerDetail *detail)
{
  for (guint i = 0; detail->contacts != NULL && i < detail->contacts->len; i++)
    if (((OpsContact *)detail->contacts->pdata[i])->is_primary)
      return detail->contacts->pdata[i];
  return detail->contacts != NULL && detail->contacts->len > 0 ? detail->contacts->pdata[0] : NULL;
}

/* As the payment link does: the primary contact's mobile, else their phone. */
static const char *
find_number (const OpsCustomerDetail *detail)
{
  const OpsContact *primary = primary_contact (detail);

  if (primary != NULL && primary->mobile != NULL && *primary->mobile)
    return primary->mobile;
  if (primary != NULL && primary->phone != NULL && *primary->phone)
    return primary->phone;
  return NULL;
}

/*
 * Public API
 */

gboolean
ops_on_my_way_applies (const OpsDispatchJob *job)
{
  return job != NULL &&
         (job->status == OPS_JOB_SCHEDULED || job->status == OPS_JOB_EN_ROUTE) &&
         job->customer != NULL && *job->customer != '\0';
}

char *
ops_on_my_way_arrival_window (gint64 start)
{
  g_autoptr(GDateTime) from = g_date_time_new_from_unix_local (start);
  g_autoptr(GDateTime) to = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  g_return_val_if_fail (from != NULL, NULL);

  to = g_date_time_add_minutes (from, WINDOW_MINUTES);
  /* Translators: a time in the text sent to a customer (French style,
   * "10 h 00"); a g_date_time_format() format. */
  from_text = g_date_time_format (from, C_("sms", "%-H h %M"));
  to_text = g_date_time_format (to, C_("sms", "%-H h %M"));
  /* Translators: the arrival window in the text sent to a customer
   * ("entre 10 h 00 et 10 h 30"). */
  return g_strdup_printf (C_("sms", "entre %s et %s"), from_text, to_text);
}

char *
ops_on_my_way_queue (OpsStore             *store,
                     const OpsDispatchJob *job,
                     const char           *technician,
                     const char           *sender,
                     char                **number,
                     GError              **error)
{
  g_autoptr(OpsCustomerDetail) detail = NULL;
  g_autoptr(GHashTable) values = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = NULL;
  g_autofree char *to = NULL;
  g_autofree char *ticket = NULL;
  g_autofree char *window = NULL;
  const OpsContact *primary;
  const char *phone;

  g_return_val_if_fail (OPS_IS_STORE (store), NULL);
  g_return_val_if_fail (job != NULL, NULL);

  if (job->customer == NULL || *job->customer == '\0')
    {
      g_set_error (error, OPS_ON_MY_WAY_ERROR, OPS_ON_MY_WAY_ERROR_NO_CUSTOMER,
                   _("Job %s has no customer to text. Link it to a customer first."), job->name);
      return NULL;
    }
  if (!(detail = ops_store_get_customer_detail (store, job->customer, error)))
    return NULL;

  phone = find_number (detail);
  if (phone == NULL || (to = ops_phone_to_e164 (phone)) == NULL)
    {
      g_set_error_literal (error, OPS_ON_MY_WAY_ERROR, OPS_ON_MY_WAY_ERROR_NO_MOBILE,
                           _("Add a mobile number to the customer's contact first"));
      return NULL;
    }

  values = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  primary = primary_contact (detail);
  if (primary != NULL && primary->first_name != NULL)
    g_hash_table_insert (values, (gpointer)OPS_TEMPLATE_FIRST_NAME, g_strdup (primary->first_name));
  if (technician != NULL)
    g_hash_table_insert (values, (gpointer)OPS_TEMPLATE_TECHNICIAN, g_strdup (technician));
  if (job->start > 0)
    {
      window = ops_on_my_way_arrival_window (job->start);
      g_hash_table_insert (values, (gpointer)OPS_TEMPLATE_ARRIVAL, g_strdup (window));
    }

  body = pick_template (store);
  text = ops_template_render (body, values, NULL);

  ticket = ops_store_find_open_ticket (store, job->customer, &local_error);
  if (local_error != NULL)
    g_debug ("No open ticket for %s: %s", job->customer, local_error->message);

  if (number != NULL)
    *number = g_strdup (phone);
  return ops_store_queue_sms (store, job->customer, ticket, to, text, sender, error);
}
