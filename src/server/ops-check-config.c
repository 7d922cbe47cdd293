/* ops-check-config.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a configuration sets up, for the person about to start the server
 * with it.  Secrets are only ever said to be set or not.
 */

#define G_LOG_DOMAIN "ops-check-config"

#include "config.h"

#include <glib/gi18n.h>

#include "ops-check-config.h"
#include "ops-server-limits.h"
#include "ops-workspace.h"

/* Systems that need all their keys or stay off. */
static const struct
{
  const char *group;
  const char *name;
  const char *keys[3];
} systems[] = {
  { "erpnext", "ERPNext", { "url", "api_key", "api_secret" } },
  { "twilio", "Twilio", { "account_sid", "auth_token", "from" } },
  { "hub", "hub", { "url", "token" } },
};

typedef struct
{
  GPtrArray *warnings;
  GPtrArray *errors;
} Report;

/* A URL as it can be shown: without user or password. */
static char *
url_text (const char *value)
{
  g_autoptr(GUri) uri = value ? g_uri_parse (value, G_URI_FLAGS_NONE, NULL) : NULL;

  if (uri == NULL)
    return g_strdup (value);
  return g_uri_to_string_partial (uri, G_URI_HIDE_USERINFO | G_URI_HIDE_QUERY | G_URI_HIDE_FRAGMENT);
}

static gboolean
is_set (OpsConfig  *config,
        const char *group,
        const char *key)
{
  return ops_config_get_string (config, group, key) != NULL;
}

static void
check_partial (OpsConfig *config,
               Report    *report)
{
  for (guint i = 0; i < G_N_ELEMENTS (systems); i++)
    {
      g_autoptr(GString) missing = g_string_new (NULL);
      guint set = 0, n = 0;

      for (guint k = 0; k < G_N_ELEMENTS (systems[i].keys) && systems[i].keys[k]; k++, n++)
        {
          if (is_set (config, systems[i].group, systems[i].keys[k]))
            set++;
          else
            g_string_append_printf (missing, "%s%s", missing->len ? ", " : "", systems[i].keys[k]);
        }
      if (set > 0 && set < n)
        {
          g_autofree char *prefix = g_ascii_strup (systems[i].group, -1);

          g_ptr_array_add (report->errors,
                           g_strdup_printf (_("[%s] is incomplete (missing: %s), so %s stays off. Set the missing "
                                              "keys in the file or as OPS_%s_* environment variables."),
                                            systems[i].group, missing->str, systems[i].name, prefix));
        }
    }
}

static void
print_service (OpsConfig  *config,
               const char *label,
               const char *group)
{
  g_autofree char *url = url_text (ops_config_get_string (config, group, "url"));

  if (ops_config_has_service (config, group))
    g_print ("%s: %s\n", label, url);
  else
    g_print (_("%s: not configured\n"), label);
}

static void
print_server (OpsConfig *config,
              gboolean   demo,
              Report    *report)
{
  g_auto(GStrv) tokens = ops_config_get_list (config, "server", "tokens");
  g_auto(GStrv) proxies = ops_config_get_list (config, "server", "trusted_proxies");
  g_autofree char *proxy_list = g_strjoinv (", ", proxies);
  g_autofree char *public_url = url_text (ops_config_get_string (config, "server", "public_url"));
  guint n_tokens = g_strv_length (tokens);
  double rate = ops_config_get_double (config, "server", "webhook_rate");

  g_print (_("Listening on: %s port %s\n"), ops_config_get_string (config, "server", "listen"),
           ops_config_get_string (config, "server", "port"));
  g_print (_("Public URL: %s\n"), public_url ? public_url : _("not set"));

  if (n_tokens == 0 && proxies[0] == NULL)
    {
      if (demo)
        g_print (_("Staff routes: open (demo workspace, no token or proxy configured)\n"));
      else
        {
          g_print (_("Staff routes: closed\n"));
          g_ptr_array_add (report->warnings,
                           g_strdup (_("The staff routes (/sse, /broadcast, /send/sms, /devices, /vision) refuse "
                                       "everyone: add [server] tokens (sha256 digests) or [server] trusted_proxies.")));
        }
    }
  else
    {
      g_autoptr(GString) access = g_string_new (NULL);

      if (n_tokens > 0)
        g_string_append_printf (access, g_dngettext (GETTEXT_PACKAGE, "%u bearer token", "%u bearer tokens", n_tokens),
                                n_tokens);
      if (proxies[0] != NULL)
        {
          if (access->len > 0)
            g_string_append (access, "; ");
          g_string_append_printf (access, _("reverse proxy identity from %s"), proxy_list);
        }
      g_print (_("Staff routes: %s\n"), access->str);
    }

  g_print (_("Request bodies: up to %s bytes\n"), ops_config_get_string (config, "server", "max_body"));
  if (rate > 0)
    g_print (_("Webhooks: %s per second per client, bursts of %s\n"),
             ops_config_get_string (config, "server", "webhook_rate"),
             ops_config_get_string (config, "server", "webhook_burst"));
  else
    g_print (_("Webhooks: no rate limit\n"));
}

static void
print_messaging (OpsConfig *config,
                 Report    *report)
{
  if (ops_config_has_service (config, "twilio"))
    {
      g_print (_("Twilio: sending from %s\n"), ops_config_get_string (config, "twilio", "from"));
      if (!is_set (config, "server", "public_url"))
        g_ptr_array_add (report->warnings,
                         g_strdup (_("[server] public_url is not set: Twilio's signatures cannot be checked, so "
                                     "its webhooks are refused. Set the URL Twilio calls (https://…).")));
    }
  else
    g_print (_("Twilio: not configured\n"));

  if (ops_config_has_service (config, "stripe"))
    {
      if (is_set (config, "stripe", "webhook_secret"))
        g_print (_("Stripe: configured, webhook secret set\n"));
      else
        {
          g_print (_("Stripe: configured, no webhook secret\n"));
          g_ptr_array_add (report->warnings,
                           g_strdup (_("[stripe] webhook_secret is not set: /webhook/stripe refuses every event.")));
        }
    }
  else
    g_print (_("Stripe: not configured\n"));

  if (ops_config_has_service (config, "gemini"))
    g_print (_("Gemini: model %s\n"), ops_config_get_string (config, "gemini", "model"));
  else
    g_print (_("Gemini: not configured\n"));
}

int
ops_check_config_run (OpsConfig    *config,
                      const char   *path,
                      const GError *load_error)
{
  Report report = { 0 };
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) limits_error = NULL;
  g_autofree char *erpnext = NULL;
  g_autofree char *store = NULL;
  gboolean demo;

  g_return_val_if_fail (OPS_IS_CONFIG (config), 2);

  if (load_error != NULL)
    {
      g_printerr (_("The configuration has errors:\n%s\n"), load_error->message);
      return 2;
    }

  report.warnings = warnings;
  report.errors = errors;
  demo = ops_workspace_is_demo (config, FALSE);

  if (path != NULL)
    g_print (_("Configuration: %s, then OPS_* environment variables\n"), path);
  else
    g_print (_("Configuration: no file, defaults and OPS_* environment variables\n"));

  erpnext = url_text (ops_config_get_string (config, "erpnext", "url"));
  if (demo)
    g_print (_("Workspace: demo (no ERPNext configured)\n"));
  else
    g_print (_("Workspace: live, ERPNext %s\n"), erpnext);
  if (!demo && is_set (config, "store", "path"))
    store = g_strdup (ops_config_get_string (config, "store", "path"));
  else if (!demo)
    store = ops_workspace_live_store_path (ops_config_get_string (config, "erpnext", "url"));
  else
    store = ops_workspace_default_store_path (TRUE);
  g_print (_("Store: %s\n"), store);

  print_server (config, demo, &report);
  print_service (config, "GenieACS", "genieacs");
  print_service (config, "Oktopus", "oktopus");
  print_messaging (config, &report);
  print_service (config, _("Hub"), "hub");

  check_partial (config, &report);
  if (!ops_server_limits_check_config (config, &limits_error))
    g_ptr_array_add (errors, g_strdup (limits_error->message));

  for (guint i = 0; i < warnings->len; i++)
    g_print (_("Warning: %s\n"), (const char *)g_ptr_array_index (warnings, i));
  for (guint i = 0; i < errors->len; i++)
    g_printerr (_("Error: %s\n"), (const char *)g_ptr_array_index (errors, i));

  if (errors->len > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "The configuration has %u error.\n",
                               "The configuration has %u errors.\n", errors->len), errors->len);
      return 2;
    }
  g_print (_("The configuration is valid.\n"));
  return 0;
}
