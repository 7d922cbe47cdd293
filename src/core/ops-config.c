/* ops-config.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "OpsConfig"

#include "config.h"

#include <math.h>

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "ops-config.h"

typedef enum
{
  KEY_STRING,
  KEY_URL,
  KEY_PORT,
  KEY_SECONDS,
  KEY_ADDRESS,
  KEY_TOKENS,
  KEY_PROXIES,
  KEY_PATH,
  KEY_PHONE,
  KEY_NUMBER,
} KeyType;

typedef struct
{
  const char *group;
  const char *key;
  KeyType     type;
  gboolean    secret;
  const char *fallback;
} KeySpec;

/* Every key the console understands. Later features give them meaning; the
 * table is the single place that says which exist, their type and which are
 * secrets (readable from the environment, refused in world-readable files). */
static const KeySpec keys[] = {
  { "server", "listen", KEY_ADDRESS, FALSE, "127.0.0.1" },
  { "server", "port", KEY_PORT, FALSE, "8470" },
  { "server", "public_url", KEY_URL, FALSE, NULL },
  { "server", "tokens", KEY_TOKENS, FALSE, NULL },
  { "server", "trusted_proxies", KEY_PROXIES, FALSE, NULL },
  { "server", "max_body", KEY_NUMBER, FALSE, "1048576" },
  { "server", "webhook_rate", KEY_NUMBER, FALSE, "50" },
  { "server", "webhook_burst", KEY_NUMBER, FALSE, "200" },
  { "server", "shutdown_seconds", KEY_SECONDS, FALSE, "10" },
  { "server", "sse_keepalive_seconds", KEY_SECONDS, FALSE, "25" },
  { "server", "sse_queue_events", KEY_NUMBER, FALSE, "256" },
  { "server", "sse_queue_bytes", KEY_NUMBER, FALSE, "1048576" },
  { "server", "sse_replay_events", KEY_NUMBER, FALSE, "100" },
  { "store", "path", KEY_PATH, FALSE, NULL },
  { "erpnext", "url", KEY_URL, FALSE, NULL },
  { "erpnext", "api_key", KEY_STRING, TRUE, NULL },
  { "erpnext", "api_secret", KEY_STRING, TRUE, NULL },
  { "erpnext", "sync_interval", KEY_SECONDS, FALSE, "300" },
  { "erpnext", "ca_file", KEY_PATH, FALSE, NULL },
  { "genieacs", "url", KEY_URL, FALSE, NULL },
  { "genieacs", "username", KEY_STRING, FALSE, NULL },
  { "genieacs", "password", KEY_STRING, TRUE, NULL },
  { "genieacs", "ca_file", KEY_PATH, FALSE, NULL },
  { "genieacs", "speedtest_url", KEY_URL, FALSE, NULL },
  { "oktopus", "url", KEY_URL, FALSE, NULL },
  { "oktopus", "username", KEY_STRING, FALSE, NULL },
  { "oktopus", "password", KEY_STRING, TRUE, NULL },
  { "oktopus", "ca_file", KEY_PATH, FALSE, NULL },
  { "diagnostics", "rx_low_dbm", KEY_NUMBER, FALSE, "-25" },
  { "diagnostics", "rx_high_dbm", KEY_NUMBER, FALSE, "-8" },
  { "diagnostics", "drift_db", KEY_NUMBER, FALSE, "3" },
  { "diagnostics", "noise_high_dbm", KEY_NUMBER, FALSE, "-75" },
  { "diagnostics", "backhaul_high_percent", KEY_NUMBER, FALSE, "70" },
  { "diagnostics", "slow_client_ratio", KEY_NUMBER, FALSE, "0.5" },
  { "diagnostics", "online_seconds", KEY_SECONDS, FALSE, "300" },
  { "diagnostics", "stale_seconds", KEY_SECONDS, FALSE, "3600" },
  { "twilio", "url", KEY_URL, FALSE, "https://api.twilio.com" },
  { "twilio", "account_sid", KEY_STRING, FALSE, NULL },
  { "twilio", "auth_token", KEY_STRING, TRUE, NULL },
  { "twilio", "from", KEY_PHONE, FALSE, NULL },
  { "stripe", "url", KEY_URL, FALSE, "https://api.stripe.com" },
  { "stripe", "secret_key", KEY_STRING, TRUE, NULL },
  { "stripe", "webhook_secret", KEY_STRING, TRUE, NULL },
  { "stripe", "mode_of_payment", KEY_STRING, FALSE, "Stripe" },
  { "stripe", "paid_to_account", KEY_STRING, FALSE, NULL },
  { "stripe", "success_url", KEY_URL, FALSE, "https://gigafibre.ca/paiement/merci" },
  { "stripe", "cancel_url", KEY_URL, FALSE, "https://gigafibre.ca/paiement/annule" },
  { "gemini", "url", KEY_URL, FALSE, "https://generativelanguage.googleapis.com" },
  { "gemini", "model", KEY_STRING, FALSE, "gemini-2.5-flash" },
  { "gemini", "api_key", KEY_STRING, TRUE, NULL },
  { "gemini", "timeout", KEY_SECONDS, FALSE, "8" },
  { "vision", "max_image_bytes", KEY_NUMBER, FALSE, "10485760" },
  { "purchasing", "tps_account", KEY_STRING, FALSE, NULL },
  { "purchasing", "tvq_account", KEY_STRING, FALSE, NULL },
  { "dispatch", "travel_speed_kmh", KEY_NUMBER, FALSE, "40" },
  { "map", "tile_url", KEY_URL, FALSE, "https://tile.openstreetmap.org/{z}/{x}/{y}.png" },
  { "map", "tile_license", KEY_STRING, FALSE, "© OpenStreetMap contributors" },
  { "map", "max_zoom", KEY_NUMBER, FALSE, "19" },
  { "hub", "url", KEY_URL, FALSE, NULL },
  { "hub", "token", KEY_STRING, TRUE, NULL },
};

/* What makes a system "configured": these keys must all be set. */
static const struct { const char *group; const char *required[3]; } services[] = {
  { "erpnext", { "url", "api_key", "api_secret" } },
  { "genieacs", { "url" } },
  { "oktopus", { "url" } },
  { "twilio", { "account_sid", "auth_token", "from" } },
  { "stripe", { "secret_key" } },
  { "gemini", { "api_key" } },
  { "hub", { "url", "token" } },
};

struct _OpsConfig
{
  GObject     parent_instance;
  GHashTable *values;   /* "group.key" -> value */
  GHashTable *origins;  /* "group.key" -> "file:line" or "OPS_X_Y" */
};

G_DEFINE_FINAL_TYPE (OpsConfig, ops_config, G_TYPE_OBJECT)

G_DEFINE_QUARK (ops-config-error-quark, ops_config_error)

/*
 * Auxiliary methods
 */

static const KeySpec *
find_key (const char *group,
          const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].group, group) && g_str_equal (keys[i].key, key))
      return &keys[i];
  return NULL;
}

static gboolean
group_is_known (const char *group)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].group, group))
      return TRUE;
  return FALSE;
}

static gboolean
is_hex_digest (const char *s,
               gsize       len)
{
  if (strlen (s) != len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (s[i]))
      return FALSE;
  return TRUE;
}

static GStrv
split_list (const char *value)
{
  g_auto(GStrv) parts = g_strsplit (value, ",", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    {
      g_strstrip (parts[i]);
      if (parts[i][0] != '\0')
        g_strv_builder_add (builder, parts[i]);
    }
  return g_strv_builder_end (builder);
}

/* Returns NULL when @value is acceptable for @spec, or a sentence saying what
 * is wrong and what a valid value looks like. */
static char *
check_value (const KeySpec *spec,
             const char    *value)
{
  switch (spec->type)
    {
    case KEY_STRING:
    case KEY_PATH:
      return NULL;

    case KEY_URL:
      {
        g_autoptr(GUri) uri = g_uri_parse (value, G_URI_FLAGS_NONE, NULL);
        const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;

        if (uri == NULL || scheme == NULL ||
            !(g_ascii_strcasecmp (scheme, "http") == 0 || g_ascii_strcasecmp (scheme, "https") == 0) ||
            g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
          return g_strdup_printf ("“%s” is not an http:// or https:// URL", value);
        return NULL;
      }

    case KEY_PORT:
    case KEY_SECONDS:
      {
        guint64 n = 0;
        guint64 max = spec->type == KEY_PORT ? 65535 : 86400 * 7;

        if (!g_ascii_string_to_unsigned (value, 10, spec->type == KEY_PORT ? 0 : 1, max, &n, NULL))
          return g_strdup_printf ("“%s” is not a number between %u and %" G_GUINT64_FORMAT,
                                  value, spec->type == KEY_PORT ? 0 : 1, max);
        return NULL;
      }

    case KEY_NUMBER:
      {
        char *end = NULL;
        double n = g_ascii_strtod (value, &end);

        if (end == value || *end != '\0' || !isfinite (n))
          return g_strdup_printf ("“%s” is not a number (write it like -25 or 2.5)", value);
        return NULL;
      }

    case KEY_ADDRESS:
      {
        g_autoptr(GInetAddress) addr = g_inet_address_new_from_string (value);

        if (addr == NULL)
          return g_strdup_printf ("“%s” is not an IP address (use 127.0.0.1, 0.0.0.0 or ::)", value);
        return NULL;
      }

    case KEY_TOKENS:
      {
        g_auto(GStrv) items = split_list (value);

        for (guint i = 0; items[i]; i++)
          if (!g_str_has_prefix (items[i], "sha256:") || !is_hex_digest (items[i] + 7, 64))
            return g_strdup ("tokens are listed as sha256:<64 hex digits> digests, never as the tokens themselves "
                             "(printf %s TOKEN | sha256sum)");
        return NULL;
      }

    case KEY_PROXIES:
      {
        g_auto(GStrv) items = split_list (value);

        for (guint i = 0; items[i]; i++)
          {
            g_autoptr(GInetAddressMask) mask = g_inet_address_mask_new_from_string (items[i], NULL);

            if (mask == NULL)
              return g_strdup_printf ("“%s” is not an IP address or CIDR range", items[i]);
          }
        return NULL;
      }

    case KEY_PHONE:
      {
        if (value[0] != '+' || strlen (value) < 8 || strlen (value) > 16)
          return g_strdup_printf ("“%s” is not a phone number in E.164 form (e.g. +14505550100)", value);
        for (const char *p = value + 1; *p; p++)
          if (!g_ascii_isdigit (*p))
            return g_strdup_printf ("“%s” is not a phone number in E.164 form (e.g. +14505550100)", value);
        return NULL;
      }

    default:
      g_assert_not_reached ();
    }
}

static void
append_problem (GString    *problems,
                const char *origin,
                guint       line,
                const char *message)
{
  if (problems->len > 0)
    g_string_append_c (problems, '\n');
  if (line > 0)
    g_string_append_printf (problems, "%s:%u: %s", origin, line, message);
  else
    g_string_append_printf (problems, "%s: %s", origin, message);
}

static char *
strip_quotes (char *value)
{
  gsize len = strlen (value);

  if (len >= 2 && ((value[0] == '"' && value[len - 1] == '"') ||
                   (value[0] == '\'' && value[len - 1] == '\'')))
    {
      value[len - 1] = '\0';
      return value + 1;
    }
  return value;
}

/*
 * GObject overrides
 */

static void
ops_config_finalize (GObject *object)
{
  OpsConfig *self = (OpsConfig *)object;

  g_clear_pointer (&self->values, g_hash_table_unref);
  g_clear_pointer (&self->origins, g_hash_table_unref);

  G_OBJECT_CLASS (ops_config_parent_class)->finalize (object);
}

static void
ops_config_class_init (OpsConfigClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ops_config_finalize;
}

static void
ops_config_init (OpsConfig *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->origins = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

/*
 * Public API
 */

OpsConfig *
ops_config_new (void)
{
  return g_object_new (OPS_TYPE_CONFIG, NULL);
}

gboolean
ops_config_key_is_known (const char *group,
                         const char *key)
{
  return find_key (group, key) != NULL;
}

gboolean
ops_config_key_is_secret (const char *group,
                          const char *key)
{
  const KeySpec *spec = find_key (group, key);

  return spec != NULL && spec->secret;
}

/**
 * ops_config_load_data:
 * @origin: what to call the source in messages (usually the file name)
 *
 * Parses INI text. Every problem is reported, each with its origin and line,
 * in one error; nothing is kept from text that has a problem.
 */
gboolean
ops_config_load_data (OpsConfig   *self,
                      const char  *data,
                      gssize       length,
                      const char  *origin,
                      GError     **error)
{
  g_autoptr(GString) problems = g_string_new (NULL);
  g_autoptr(GHashTable) parsed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) lines_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *group = NULL;
  OpsConfigError code = OPS_CONFIG_ERROR_SYNTAX;
  gboolean have_code = FALSE;
  GHashTableIter iter;
  gpointer k, v;

  g_return_val_if_fail (OPS_IS_CONFIG (self), FALSE);

  if (length < 0)
    length = strlen (data);

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_SYNTAX,
                   "%s: the file is not valid UTF-8 text", origin);
      return FALSE;
    }

  text = g_strndup (data, length);
  lines = g_strsplit (text, "\n", -1);

#define PROBLEM(c, ...) G_STMT_START {                               \
    g_autofree char *msg_ = g_strdup_printf (__VA_ARGS__);           \
    append_problem (problems, origin, i + 1, msg_);                  \
    if (!have_code) { code = (c); have_code = TRUE; }                \
  } G_STMT_END

  for (guint i = 0; lines[i]; i++)
    {
      char *line = g_strstrip (lines[i]);
      char *eq;
      char *key;
      char *value;
      const KeySpec *spec;
      g_autofree char *problem = NULL;

      if (line[0] == '\0' || line[0] == '#' || line[0] == ';')
        continue;

      if (line[0] == '[')
        {
          char *end = strchr (line, ']');

          if (end == NULL || end[1] != '\0')
            {
              PROBLEM (OPS_CONFIG_ERROR_SYNTAX, "a group header must look like [name]");
              g_clear_pointer (&group, g_free);
              continue;
            }
          *end = '\0';
          g_free (group);
          group = g_strdup (g_strstrip (line + 1));
          if (!group_is_known (group))
            PROBLEM (OPS_CONFIG_ERROR_UNKNOWN_KEY,
                     "unknown group [%s] (known: server, store, erpnext, genieacs, oktopus, twilio, stripe, gemini, hub)",
                     group);
          continue;
        }

      eq = strchr (line, '=');
      if (eq == NULL)
        {
          PROBLEM (OPS_CONFIG_ERROR_SYNTAX, "expected “key = value”");
          continue;
        }
      *eq = '\0';
      key = g_strstrip (line);
      value = strip_quotes (g_strstrip (eq + 1));

      if (group == NULL)
        {
          PROBLEM (OPS_CONFIG_ERROR_SYNTAX, "key “%s” comes before any [group]", key);
          continue;
        }
      if (!group_is_known (group))
        continue; /* already reported on the header line */

      spec = find_key (group, key);
      if (spec == NULL)
        {
          PROBLEM (OPS_CONFIG_ERROR_UNKNOWN_KEY, "unknown key “%s” in [%s]", key, group);
          continue;
        }

      if (value[0] != '\0' && (problem = check_value (spec, value)))
        {
          PROBLEM (OPS_CONFIG_ERROR_INVALID_VALUE, "[%s] %s: %s", group, key, problem);
          continue;
        }

      g_hash_table_replace (parsed, g_strdup_printf ("%s.%s", group, key), g_strdup (value));
      g_hash_table_replace (lines_of, g_strdup_printf ("%s.%s", group, key), GUINT_TO_POINTER (i + 1));
    }

#undef PROBLEM

  if (problems->len > 0)
    {
      g_set_error_literal (error, OPS_CONFIG_ERROR, code, problems->str);
      return FALSE;
    }

  g_hash_table_iter_init (&iter, parsed);
  while (g_hash_table_iter_next (&iter, &k, &v))
    {
      guint line = GPOINTER_TO_UINT (g_hash_table_lookup (lines_of, k));

      g_hash_table_replace (self->values, g_strdup (k), g_strdup (v));
      g_hash_table_replace (self->origins, g_strdup (k), g_strdup_printf ("%s:%u", origin, line));
    }

  return TRUE;
}

/**
 * ops_config_load_file:
 *
 * Loads an INI file. A file that holds a secret and that other users can read
 * is refused: the secret would already be exposed.
 */
gboolean
ops_config_load_file (OpsConfig   *self,
                      const char  *path,
                      GError     **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(OpsConfig) probe = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  GStatBuf st;

  g_return_val_if_fail (OPS_IS_CONFIG (self), FALSE);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_IO,
                   "Cannot read the configuration file: %s", local_error->message);
      return FALSE;
    }

  /* Parse into a scratch object first so a refused file changes nothing. */
  probe = ops_config_new ();
  if (!ops_config_load_data (probe, contents, length, path, error))
    return FALSE;

  if (g_stat (path, &st) == 0 && (st.st_mode & 0077) != 0)
    {
      g_autoptr(GString) secrets = g_string_new (NULL);
      GHashTableIter iter;
      gpointer k, v;

      g_hash_table_iter_init (&iter, probe->values);
      while (g_hash_table_iter_next (&iter, &k, &v))
        {
          g_auto(GStrv) parts = g_strsplit (k, ".", 2);

          if (ops_config_key_is_secret (parts[0], parts[1]) && *(const char *)v != '\0')
            g_string_append_printf (secrets, "%s[%s] %s", secrets->len ? ", " : "", parts[0], parts[1]);
        }

      if (secrets->len > 0)
        {
          g_set_error (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_INSECURE_FILE,
                       "%s holds secrets (%s) but other users can read it. "
                       "Run “chmod 600 %s”, or move the secrets to environment variables such as OPS_ERPNEXT_API_SECRET.",
                       path, secrets->str, path);
          return FALSE;
        }
    }

  {
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, probe->values);
    while (g_hash_table_iter_next (&iter, &k, &v))
      {
        g_hash_table_replace (self->values, g_strdup (k), g_strdup (v));
        g_hash_table_replace (self->origins, g_strdup (k), g_strdup (g_hash_table_lookup (probe->origins, k)));
      }
  }

  return TRUE;
}

/**
 * ops_config_apply_environment:
 * @envp: (nullable): an environment, or %NULL for the process's
 *
 * Every key can be given as OPS_<GROUP>_<KEY> (OPS_TWILIO_AUTH_TOKEN); a value
 * from the environment wins over the file.
 */
gboolean
ops_config_apply_environment (OpsConfig          *self,
                              const char * const *envp,
                              GError            **error)
{
  g_auto(GStrv) own_env = NULL;
  g_autoptr(GString) problems = g_string_new (NULL);

  g_return_val_if_fail (OPS_IS_CONFIG (self), FALSE);

  if (envp == NULL)
    envp = (const char * const *)(own_env = g_get_environ ());

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *name = g_ascii_strup (keys[i].group, -1);
      g_autofree char *key = g_ascii_strup (keys[i].key, -1);
      g_autofree char *var = g_strdup_printf ("OPS_%s_%s", name, key);
      const char *value = g_environ_getenv ((char **)envp, var);
      g_autofree char *problem = NULL;

      if (value == NULL)
        continue;

      if (value[0] != '\0' && (problem = check_value (&keys[i], value)))
        {
          append_problem (problems, var, 0, problem);
          continue;
        }

      g_hash_table_replace (self->values, g_strdup_printf ("%s.%s", keys[i].group, keys[i].key), g_strdup (value));
      g_hash_table_replace (self->origins, g_strdup_printf ("%s.%s", keys[i].group, keys[i].key), g_strdup (var));
    }

  if (problems->len > 0)
    {
      g_set_error_literal (error, OPS_CONFIG_ERROR, OPS_CONFIG_ERROR_INVALID_VALUE, problems->str);
      return FALSE;
    }

  return TRUE;
}

/**
 * ops_config_get_string:
 *
 * Returns: (nullable): the value, its default, or %NULL when unset and empty
 */
const char *
ops_config_get_string (OpsConfig  *self,
                       const char *group,
                       const char *key)
{
  g_autofree char *full = NULL;
  const KeySpec *spec;
  const char *value;

  g_return_val_if_fail (OPS_IS_CONFIG (self), NULL);

  spec = find_key (group, key);
  g_return_val_if_fail (spec != NULL, NULL);

  full = g_strdup_printf ("%s.%s", group, key);
  value = g_hash_table_lookup (self->values, full);
  if (value != NULL && value[0] != '\0')
    return value;
  return spec->fallback;
}

/**
 * ops_config_get_origin:
 *
 * Returns: (nullable): "file:line" or the environment variable that set a
 * non-empty @group.@key, or %NULL when neither the file nor the environment
 * did
 */
const char *
ops_config_get_origin (OpsConfig  *self,
                       const char *group,
                       const char *key)
{
  g_autofree char *full = NULL;
  const char *value;

  g_return_val_if_fail (OPS_IS_CONFIG (self), NULL);
  g_return_val_if_fail (find_key (group, key) != NULL, NULL);

  full = g_strdup_printf ("%s.%s", group, key);
  value = g_hash_table_lookup (self->values, full);
  if (value == NULL || value[0] == '\0')
    return NULL;
  return g_hash_table_lookup (self->origins, full);
}

gint64
ops_config_get_int (OpsConfig  *self,
                    const char *group,
                    const char *key)
{
  const char *value = ops_config_get_string (self, group, key);

  return value ? g_ascii_strtoll (value, NULL, 10) : 0;
}

double
ops_config_get_double (OpsConfig  *self,
                       const char *group,
                       const char *key)
{
  const char *value = ops_config_get_string (self, group, key);

  return value ? g_ascii_strtod (value, NULL) : 0.0;
}

GStrv
ops_config_get_list (OpsConfig  *self,
                     const char *group,
                     const char *key)
{
  const char *value = ops_config_get_string (self, group, key);

  return split_list (value ? value : "");
}

void
ops_config_set_string (OpsConfig  *self,
                       const char *group,
                       const char *key,
                       const char *value)
{
  g_return_if_fail (OPS_IS_CONFIG (self));
  g_return_if_fail (find_key (group, key) != NULL);

  g_hash_table_replace (self->values, g_strdup_printf ("%s.%s", group, key), g_strdup (value ? value : ""));
}

/**
 * ops_config_copy:
 *
 * Returns: (transfer full): a new configuration with the same values, so a
 * caller can add values from elsewhere (settings, keyring) without
 * touching what the file and environment said.
 */
OpsConfig *
ops_config_copy (OpsConfig *self)
{
  OpsConfig *copy;
  GHashTableIter iter;
  gpointer key, value;

  g_return_val_if_fail (OPS_IS_CONFIG (self), NULL);

  copy = ops_config_new ();
  g_hash_table_iter_init (&iter, self->values);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (copy->values, g_strdup (key), g_strdup (value));
  g_hash_table_iter_init (&iter, self->origins);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_replace (copy->origins, g_strdup (key), g_strdup (value));
  return copy;
}

/**
 * ops_config_has_service:
 *
 * Returns: %TRUE when every key the system needs to be used is set
 */
gboolean
ops_config_has_service (OpsConfig  *self,
                        const char *group)
{
  g_return_val_if_fail (OPS_IS_CONFIG (self), FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (services); i++)
    {
      if (!g_str_equal (services[i].group, group))
        continue;
      for (guint j = 0; j < G_N_ELEMENTS (services[i].required) && services[i].required[j]; j++)
        if (ops_config_get_string (self, group, services[i].required[j]) == NULL)
          return FALSE;
      return TRUE;
    }
  return FALSE;
}
