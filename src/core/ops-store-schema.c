/* ops-store-schema.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store's schema as a list of migrations. A migration is never edited
 * once released: a change is a new migration at the end of the list.
 */

#define G_LOG_DOMAIN "OpsStoreSchema"

#include "config.h"

#include "ops-store-private.h"

static const char migration_1[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE customers ("
  "  name TEXT PRIMARY KEY, customer_name TEXT, customer_type TEXT, status TEXT,"
  "  flags TEXT, notes TEXT, language TEXT, since TEXT, modified TEXT);"
  "CREATE TABLE contacts ("
  "  name TEXT PRIMARY KEY, customer TEXT, first_name TEXT, last_name TEXT, phone TEXT,"
  "  mobile TEXT, email TEXT, is_primary INTEGER, modified TEXT);"
  "CREATE INDEX contacts_customer ON contacts (customer);"
  "CREATE TABLE locations ("
  "  name TEXT PRIMARY KEY, customer TEXT, address_line TEXT, city TEXT, province TEXT,"
  "  postal_code TEXT, latitude REAL, longitude REAL, connection_type TEXT, olt_port TEXT,"
  "  vlan INTEGER, status TEXT, modified TEXT);"
  "CREATE INDEX locations_customer ON locations (customer);"
  "CREATE TABLE equipment ("
  "  name TEXT PRIMARY KEY, customer TEXT, location TEXT, equipment_type TEXT, brand TEXT,"
  "  model TEXT, serial TEXT, mac TEXT, status TEXT, device_id TEXT, modified TEXT);"
  "CREATE INDEX equipment_customer ON equipment (customer);"
  "CREATE INDEX equipment_serial ON equipment (serial);"
  "CREATE TABLE subscriptions ("
  "  name TEXT PRIMARY KEY, customer TEXT, location TEXT, plan TEXT, price REAL, status TEXT,"
  "  start_date TEXT, modified TEXT);"
  "CREATE INDEX subscriptions_customer ON subscriptions (customer);"
  "CREATE TABLE invoices ("
  "  name TEXT PRIMARY KEY, customer TEXT, posting_date TEXT, due_date TEXT, grand_total REAL,"
  "  outstanding_amount REAL, status TEXT, modified TEXT);"
  "CREATE INDEX invoices_customer ON invoices (customer);"
  "CREATE TABLE tickets ("
  "  name TEXT PRIMARY KEY, customer TEXT, subject TEXT, status TEXT, priority TEXT,"
  "  opening_date TEXT, opening_time TEXT, raised_by TEXT, assigned_to TEXT, description TEXT,"
  "  modified TEXT);"
  "CREATE INDEX tickets_customer ON tickets (customer);"
  "CREATE TABLE messages ("
  "  name TEXT PRIMARY KEY, ticket TEXT, customer TEXT, medium TEXT, direction TEXT, sender TEXT,"
  "  content TEXT, sent_at TEXT, delivery_status TEXT, error_code INTEGER, modified TEXT);"
  "CREATE INDEX messages_ticket ON messages (ticket);"
  "CREATE INDEX messages_customer ON messages (customer);"
  "CREATE TABLE technicians ("
  "  name TEXT PRIMARY KEY, full_name TEXT, phone TEXT, email TEXT, skills TEXT,"
  "  home_latitude REAL, home_longitude REAL, color TEXT, work_start TEXT, work_end TEXT,"
  "  modified TEXT);"
  "CREATE TABLE jobs ("
  "  name TEXT PRIMARY KEY, customer TEXT, location TEXT, subject TEXT, job_type TEXT,"
  "  priority TEXT, status TEXT, technician TEXT, assistants TEXT, required_techs INTEGER,"
  "  tags TEXT, scheduled_date TEXT, start_time TEXT, duration_min INTEGER, notes TEXT,"
  "  equipment TEXT, modified TEXT);"
  "CREATE INDEX jobs_date ON jobs (scheduled_date);"
  "CREATE TABLE tags (name TEXT PRIMARY KEY, color TEXT, modified TEXT);";

/* The customer search index. Rows share the customers table's rowid. */
static const char migration_2[] =
  "CREATE VIRTUAL TABLE customer_search USING fts5 ("
  "  title, account, people, phones, address, equipment,"
  "  tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4');";

static const char migration_3[] =
  "CREATE TABLE outbox ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, doctype TEXT NOT NULL, docname TEXT NOT NULL,"
  "  operation TEXT NOT NULL, payload TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE,"
  "  state TEXT NOT NULL DEFAULT 'pending', attempts INTEGER NOT NULL DEFAULT 0,"
  "  last_error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL);"
  "CREATE INDEX outbox_state ON outbox (state, id);";

/* Outbox rows say what a person did and how an insert is found again;
 * sync keeps a keyset cursor per doctype so an interrupted sync resumes. */
static const char migration_4[] =
  "ALTER TABLE outbox ADD COLUMN dedupe_field TEXT;"
  "ALTER TABLE outbox ADD COLUMN summary TEXT;"
  "CREATE INDEX outbox_document ON outbox (doctype, docname, id);"
  "CREATE TABLE sync_state ("
  "  doctype TEXT PRIMARY KEY, modified TEXT, last_name TEXT, complete INTEGER NOT NULL DEFAULT 0,"
  "  rows INTEGER NOT NULL DEFAULT 0, started_at TEXT, finished_at TEXT);";

/* The optical power read from each device, kept to show its drift against
 * the first reading.  taken_at is ISO 8601 UTC with milliseconds, so text
 * order is time order. */
static const char migration_5[] =
  "CREATE TABLE optical_readings ("
  "  device_id TEXT NOT NULL, taken_at TEXT NOT NULL, rx_dbm REAL, tx_dbm REAL,"
  "  PRIMARY KEY (device_id, taken_at));";

/* Provider events (webhooks) processed once each, and the provider's id of
 * a message (Twilio's MessageSid) with its most final status. */
static const char migration_6[] =
  "CREATE TABLE processed_events ("
  "  provider TEXT NOT NULL, event_key TEXT NOT NULL, processed_at TEXT NOT NULL,"
  "  PRIMARY KEY (provider, event_key));"
  "ALTER TABLE messages ADD COLUMN provider_id TEXT;"
  "CREATE INDEX messages_provider_id ON messages (provider_id);";

/* Photos waiting to be read (kept while offline so nothing is lost), and
 * the dispatch board's per-technician day lookups. */
static const char migration_7[] =
  "CREATE TABLE vision_queue ("
  "  id INTEGER PRIMARY KEY, task TEXT NOT NULL, mime TEXT NOT NULL, image BLOB NOT NULL,"
  "  created_at TEXT NOT NULL, state TEXT NOT NULL DEFAULT 'pending',"
  "  attempts INTEGER NOT NULL DEFAULT 0, result TEXT, error TEXT, job TEXT,"
  "  updated_at TEXT NOT NULL);"
  "CREATE INDEX vision_queue_state ON vision_queue (state, id);"
  "CREATE INDEX jobs_technician ON jobs (technician, scheduled_date);";

/* Conversations: canned replies (seeded in French, edited in
 * Preferences), when each ticket was last read, and the payment links
 * sent for an invoice (one Checkout Session per attempt). */
static const char migration_8[] =
  "CREATE TABLE reply_templates ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, body TEXT NOT NULL,"
  "  position INTEGER NOT NULL);"
  "INSERT INTO reply_templates (title, body, position) VALUES"
  "  ('Technicien en route', 'Bonjour {prenom}, {technicien} de Gigafibre est en route et "
  "arrivera vers {heure_arrivee}.', 1),"
  "  ('Lien de paiement', 'Bonjour {prenom}, voici le lien pour régler votre facture "
  "Gigafibre : {lien_paiement}', 2),"
  "  ('Rendez-vous confirmé', 'Bonjour {prenom}, votre rendez-vous est confirmé : {technicien} "
  "arrivera vers {heure_arrivee}.', 3),"
  "  ('Redémarrer le modem', 'Bonjour {prenom}, pouvez-vous débrancher votre modem 30 secondes "
  "puis le rebrancher ? Dites-nous si la connexion revient.', 4),"
  "  ('Suivi après intervention', 'Bonjour {prenom}, votre service fonctionne-t-il normalement "
  "depuis notre passage ? Répondez à ce message au besoin.', 5);"
  "CREATE TABLE ticket_reads (ticket TEXT PRIMARY KEY, read_at TEXT NOT NULL);"
  "CREATE TABLE payment_links ("
  "  invoice TEXT NOT NULL, attempt INTEGER NOT NULL, session_id TEXT, url TEXT, amount REAL,"
  "  currency TEXT, created_at TEXT NOT NULL, expires_at TEXT, message TEXT,"
  "  PRIMARY KEY (invoice, attempt));";

static const char * const migrations[OPS_STORE_SCHEMA_VERSION] = {
  migration_1,
  migration_2,
  migration_3,
  migration_4,
  migration_5,
  migration_6,
  migration_7,
  migration_8,
};

static guint
read_version (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  guint version = 0;

  if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return version;
}

gboolean
_ops_store_migrate (OpsStore  *self,
                    guint      target,
                    GError   **error)
{
  guint version = read_version (self->db);

  g_assert (target <= OPS_STORE_SCHEMA_VERSION);

  if (version > OPS_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_SCHEMA_TOO_NEW,
                   "The store %s was written by a newer Gigafibre Ops (schema %u; this version knows %u). "
                   "Update the application, or open another store with --store.",
                   self->path, version, OPS_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  while (version < target)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %u", version + 1);
      char *message = NULL;
      int rc;

      g_debug ("Migrating %s from schema %u to %u", self->path, version, version + 1);

      rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, migrations[version], NULL, NULL, &message);
      if (rc == SQLITE_OK && version + 1 == 2)
        {
          /* The index is new: fill it from the rows already there. */
          g_autoptr(GError) local_error = NULL;

          if (!ops_store_reindex_customers (self, &local_error))
            {
              message = sqlite3_mprintf ("%s", local_error->message);
              rc = SQLITE_ERROR;
            }
        }
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, bump, NULL, NULL, &message);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, &message);

      if (rc != SQLITE_OK)
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          g_set_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_MIGRATION,
                       "Could not upgrade the store %s to schema %u: %s. The store was left as it was.",
                       self->path, version + 1, message ? message : sqlite3_errmsg (self->db));
          sqlite3_free (message);
          return FALSE;
        }

      version++;
    }

  return TRUE;
}
