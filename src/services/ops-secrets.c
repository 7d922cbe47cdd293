/* ops-secrets.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every operation first makes sure the session bus can be reached, so that
 * "there is no keyring" is told apart from "the keyring said no".  Values
 * are never logged, only the service and key they belong to.
 */

#define G_LOG_DOMAIN "ops-secrets"

#include "config.h"

#include <libsecret/secret.h>
#include <string.h>

#include "ops-secrets.h"

#define UNAVAILABLE_MESSAGE \
  "No keyring is running, so secrets cannot be stored or read. Start GNOME Keyring " \
  "(or another Secret Service), or put the secrets in the configuration file with mode 600."

static const SecretSchema ops_schema = {
  "ca.gigafibre.Ops", SECRET_SCHEMA_NONE,
  {
    { "service", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "key", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

/* The secrets of each configured system; ops_config_key_is_secret () has the
 * last word, so a key that stops being secret there is skipped here. */
static const struct { const char *group; const char *key; } secret_keys[] = {
  { "erpnext", "api_key" },
  { "erpnext", "api_secret" },
  { "genieacs", "password" },
  { "oktopus", "password" },
  { "twilio", "auth_token" },
  { "stripe", "secret_key" },
  { "stripe", "webhook_secret" },
  { "gemini", "api_key" },
  { "hub", "token" },
};

static const struct { const char *service; const char *name; } service_names[] = {
  { "erpnext", "ERPNext" },
  { "genieacs", "GenieACS" },
  { "oktopus", "Oktopus" },
  { "twilio", "Twilio" },
  { "stripe", "Stripe" },
  { "gemini", "Gemini" },
  { "hub", "Hub" },
};

typedef enum
{
  OP_STORE,
  OP_CLEAR,
  OP_LOOKUP,
} OpKind;

typedef struct
{
  OpKind      kind;
  char       *service;
  char       *key;
  char       *value;   /* wiped before it is freed */
  GHashTable *attributes;
} Op;

G_DEFINE_QUARK (ops-secrets-error-quark, ops_secrets_error)

/*
 * Auxiliary methods
 */

static void
wipe_string (char *value)
{
  if (value == NULL)
    return;
  explicit_bzero (value, strlen (value));
  g_free (value);
}

static void
op_free (Op *op)
{
  g_free (op->service);
  g_free (op->key);
  wipe_string (op->value);
  g_clear_pointer (&op->attributes, g_hash_table_unref);
  g_free (op);
}

static GHashTable *
make_attributes (const char *service,
                 const char *key)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (attributes, (gpointer)"service", (gpointer)service);
  g_hash_table_insert (attributes, (gpointer)"key", (gpointer)key);
  return attributes;
}

static char *
make_label (const char *service,
            const char *key)
{
  const char *name = service;

  for (guint i = 0; i < G_N_ELEMENTS (service_names); i++)
    if (g_str_equal (service_names[i].service, service))
      name = service_names[i].name;
  return g_strdup_printf ("Gigafibre Ops: %s %s", name, key);
}

/* Errors that mean nothing answers for org.freedesktop.secrets, as opposed
 * to a keyring that answered with a refusal. */
static gboolean
error_is_unavailable (const GError *error)
{
  if (error->domain == G_DBUS_ERROR)
    {
      switch (error->code)
        {
        case G_DBUS_ERROR_SERVICE_UNKNOWN:
        case G_DBUS_ERROR_NAME_HAS_NO_OWNER:
        case G_DBUS_ERROR_NO_SERVER:
        case G_DBUS_ERROR_DISCONNECTED:
        case G_DBUS_ERROR_FILE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_EXEC_FAILED:
        case G_DBUS_ERROR_SPAWN_FORK_FAILED:
        case G_DBUS_ERROR_SPAWN_CHILD_EXITED:
        case G_DBUS_ERROR_SPAWN_CHILD_SIGNALED:
        case G_DBUS_ERROR_SPAWN_FAILED:
        case G_DBUS_ERROR_SPAWN_SETUP_FAILED:
        case G_DBUS_ERROR_SPAWN_SERVICE_INVALID:
        case G_DBUS_ERROR_SPAWN_SERVICE_NOT_FOUND:
        case G_DBUS_ERROR_SPAWN_FILE_INVALID:
        case G_DBUS_ERROR_UNKNOWN_METHOD:
        case G_DBUS_ERROR_UNKNOWN_OBJECT:
        case G_DBUS_ERROR_UNKNOWN_INTERFACE:
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_NOT_FOUND:
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_CLOSED:
        case G_IO_ERROR_BROKEN_PIPE:
          return TRUE;
        default:
          return FALSE;
        }
    }

  return FALSE;
}

static GError *
translate_error (const GError *error,
                 const char   *doing,
                 const char   *service,
                 const char   *key)
{
  if (error_is_unavailable (error))
    {
      g_debug ("Secret Service unavailable while %s %s/%s: %s", doing, service, key, error->message);
      return g_error_new_literal (OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE, UNAVAILABLE_MESSAGE);
    }

  g_debug ("Secret Service failed while %s %s/%s: %s", doing, service, key, error->message);
  return g_error_new (OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_FAILED,
                      "The keyring failed while %s the %s secret “%s”: %s. Unlock the keyring and try again.",
                      doing, service, key, error->message);
}

static const char *
op_doing (const Op *op)
{
  switch (op->kind)
    {
    case OP_STORE:
      return "storing";
    case OP_CLEAR:
      return "clearing";
    case OP_LOOKUP:
    default:
      return "reading";
    }
}

static void
return_error (GTask        *task,
              const GError *error)
{
  Op *op = g_task_get_task_data (task);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_error (task, translate_error (error, op_doing (op), op->service, op->key));
}

static gboolean
check_bus_sync (GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) local_error = NULL;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, cancellable, &local_error);
  if (bus != NULL)
    return TRUE;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_debug ("No session bus: %s", local_error->message);
  g_set_error_literal (error, OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE, UNAVAILABLE_MESSAGE);
  return FALSE;
}

/*
 * Callbacks
 */

static void
on_store_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_clear_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  /* FALSE without an error: there was nothing to clear. */
  if (!secret_password_clear_finish (result, &error) && error != NULL)
    {
      return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
on_lookup_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *secret;

  secret = secret_password_lookup_finish (result, &error);
  if (error != NULL)
    {
      return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_strdup (secret), (GDestroyNotify)wipe_string);
  secret_password_free (secret);
}

static void
on_bus_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  bus = g_bus_get_finish (result, &error);
  if (bus == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("No session bus: %s", error->message);
      g_task_return_new_error (task, OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE, UNAVAILABLE_MESSAGE);
      return;
    }

  switch (op->kind)
    {
    case OP_STORE:
      {
        g_autofree char *label = make_label (op->service, op->key);

        g_debug ("Storing the %s secret %s", op->service, op->key);
        secret_password_storev (&ops_schema, op->attributes, SECRET_COLLECTION_DEFAULT, label, op->value,
                                cancellable, on_store_done_cb, g_steal_pointer (&task));
      }
      break;

    case OP_CLEAR:
      g_debug ("Clearing the %s secret %s", op->service, op->key);
      secret_password_clearv (&ops_schema, op->attributes, cancellable, on_clear_done_cb, g_steal_pointer (&task));
      break;

    case OP_LOOKUP:
    default:
      g_debug ("Looking up the %s secret %s", op->service, op->key);
      secret_password_lookupv (&ops_schema, op->attributes, cancellable, on_lookup_done_cb, g_steal_pointer (&task));
      break;
    }
}

static void
start_op (OpKind               kind,
          const char          *service,
          const char          *key,
          const char          *value,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  GTask *task;
  Op *op;

  op = g_new0 (Op, 1);
  op->kind = kind;
  op->service = g_strdup (service);
  op->key = g_strdup (key);
  op->value = g_strdup (value);
  op->attributes = make_attributes (op->service, op->key);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify)op_free);

  g_bus_get (G_BUS_TYPE_SESSION, cancellable, on_bus_ready_cb, task);
}

/*
 * Public API
 */

/**
 * ops_secrets_store_async:
 *
 * Stores @value under (@service, @key) in the default collection, replacing
 * what was there; a %NULL or empty @value removes the secret instead.
 */
void
ops_secrets_store_async (const char          *service,
                         const char          *key,
                         const char          *value,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_return_if_fail (service != NULL && key != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  if (value == NULL || value[0] == '\0')
    start_op (OP_CLEAR, service, key, NULL, ops_secrets_store_async, cancellable, callback, user_data);
  else
    start_op (OP_STORE, service, key, value, ops_secrets_store_async, cancellable, callback, user_data);
}

gboolean
ops_secrets_store_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ops_secrets_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
ops_secrets_lookup_async (const char          *service,
                          const char          *key,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_return_if_fail (service != NULL && key != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  start_op (OP_LOOKUP, service, key, NULL, ops_secrets_lookup_async, cancellable, callback, user_data);
}

/**
 * ops_secrets_lookup_finish:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL with no error
 * when none is stored
 */
char *
ops_secrets_lookup_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == ops_secrets_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * ops_secrets_lookup_sync:
 *
 * Returns: (transfer full) (nullable): the secret, or %NULL (error unset)
 * when none is stored
 */
char *
ops_secrets_lookup_sync (const char    *service,
                         const char    *key,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(GError) local_error = NULL;
  char *secret;
  char *copy;

  g_return_val_if_fail (service != NULL && key != NULL, NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);

  if (!check_bus_sync (cancellable, error))
    return NULL;

  g_debug ("Looking up the %s secret %s", service, key);
  attributes = make_attributes (service, key);
  secret = secret_password_lookupv_sync (&ops_schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_propagate_error (error, translate_error (local_error, "reading", service, key));
      return NULL;
    }

  copy = g_strdup (secret);
  secret_password_free (secret);
  return copy;
}

/**
 * ops_secrets_fill_config:
 *
 * Looks up every secret key of @config that is still empty.  A secret the
 * keyring fails to give (locked and not unlocked, say) is left empty with a
 * warning.  Only an unreachable Secret Service (or @cancellable) fails the
 * call, and then @config is left as it was.
 */
gboolean
ops_secrets_fill_config (OpsConfig     *config,
                         GCancellable  *cancellable,
                         GError       **error)
{
  char *found[G_N_ELEMENTS (secret_keys)] = { NULL, };
  gboolean checked_bus = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (OPS_IS_CONFIG (config), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);

  for (guint i = 0; ok && i < G_N_ELEMENTS (secret_keys); i++)
    {
      const char *group = secret_keys[i].group;
      const char *key = secret_keys[i].key;
      g_autoptr(GError) local_error = NULL;

      if (!ops_config_key_is_known (group, key) || !ops_config_key_is_secret (group, key))
        continue;
      if (ops_config_get_string (config, group, key) != NULL)
        continue;

      if (!checked_bus)
        {
          if (!check_bus_sync (cancellable, error))
            return FALSE;
          checked_bus = TRUE;
        }

      found[i] = ops_secrets_lookup_sync (group, key, cancellable, &local_error);
      if (local_error == NULL)
        continue;

      if (g_error_matches (local_error, OPS_SECRETS_ERROR, OPS_SECRETS_ERROR_UNAVAILABLE) ||
          g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          ok = FALSE;
        }
      else
        g_warning ("%s", local_error->message);
    }

  for (guint i = 0; i < G_N_ELEMENTS (secret_keys); i++)
    {
      if (found[i] == NULL)
        continue;
      if (ok)
        {
          g_debug ("Filled the %s secret %s from the keyring", secret_keys[i].group, secret_keys[i].key);
          ops_config_set_string (config, secret_keys[i].group, secret_keys[i].key, found[i]);
        }
      wipe_string (found[i]);
    }

  return ok;
}
