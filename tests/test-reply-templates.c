/* test-reply-templates.c
 *
 * Copyright 2026 Gigafibre
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Canned replies: rendering with missing values, the placeholders a
 * template uses, and the templates table with dense positions.
 */

#define G_LOG_DOMAIN "test-reply-templates"

#include "config.h"

#include "ops-reply-templates.h"

static GHashTable *
values_new (void)
{
  GHashTable *values = g_hash_table_new (g_str_hash, g_str_equal);

  g_hash_table_insert (values, OPS_TEMPLATE_FIRST_NAME, "Élise");
  g_hash_table_insert (values, OPS_TEMPLATE_TECHNICIAN, "Marc");
  g_hash_table_insert (values, OPS_TEMPLATE_ARRIVAL, "14 h 30");
  g_hash_table_insert (values, OPS_TEMPLATE_PAYMENT_LINK, "https://pay.example/x");
  return values;
}

static void
assert_strv (GStrv              got,
             const char *const *expected)
{
  g_assert_nonnull (got);
  g_assert_cmpuint (g_strv_length (got), ==, g_strv_length ((GStrv)expected));
  for (guint i = 0; expected[i] != NULL; i++)
    g_assert_cmpstr (got[i], ==, expected[i]);
}

static void
test_render_all (void)
{
  g_autoptr(GHashTable) values = values_new ();
  g_auto(GStrv) missing = NULL;
  g_autofree char *text = NULL;

  text = ops_template_render ("Bonjour {prenom}, {technicien} arrivera vers {heure_arrivee}. {prenom} !",
                              values, &missing);
  g_assert_cmpstr (text, ==, "Bonjour Élise, Marc arrivera vers 14 h 30. Élise !");
  assert_strv (missing, (const char *[]) { NULL });
}

static void
test_render_missing (void)
{
  g_autoptr(GHashTable) values = values_new ();
  g_auto(GStrv) missing = NULL;
  g_auto(GStrv) again = NULL;
  g_autofree char *text = NULL;
  g_autofree char *second = NULL;
  g_autofree char *unchecked = NULL;

  /* Absent, empty and unknown placeholders stay as written, each listed
   * once in the order met. */
  g_hash_table_remove (values, OPS_TEMPLATE_TECHNICIAN);
  g_hash_table_insert (values, OPS_TEMPLATE_ARRIVAL, "");
  text = ops_template_render ("{prenom}: {technicien} vers {heure_arrivee}, {technicien}, {code_promo}.",
                              values, &missing);
  g_assert_cmpstr (text, ==, "Élise: {technicien} vers {heure_arrivee}, {technicien}, {code_promo}.");
  assert_strv (missing, (const char *[]) { "technicien", "heure_arrivee", "code_promo", NULL });

  /* No values at all. */
  second = ops_template_render ("Bonjour {prenom}", NULL, &again);
  g_assert_cmpstr (second, ==, "Bonjour {prenom}");
  assert_strv (again, (const char *[]) { "prenom", NULL });

  /* missing may be NULL. */
  unchecked = ops_template_render ("{lien_paiement}", values, NULL);
  g_assert_cmpstr (unchecked, ==, "https://pay.example/x");
}

static void
test_render_braces (void)
{
  g_autoptr(GHashTable) values = values_new ();
  g_auto(GStrv) missing = NULL;
  g_autofree char *literal = NULL;
  g_autofree char *unclosed = NULL;
  g_autofree char *odd = NULL;

  /* "{{" and "}}" are braces; "{{prenom}}" is the literal "{prenom}". */
  literal = ops_template_render ("{{prenom}} = {prenom}, {{}} ok", values, &missing);
  g_assert_cmpstr (literal, ==, "{prenom} = Élise, {} ok");
  assert_strv (missing, (const char *[]) { NULL });
  g_clear_pointer (&missing, g_strfreev);

  /* An unclosed brace is text. */
  unclosed = ops_template_render ("Merci {prenom, à bientôt {", values, &missing);
  g_assert_cmpstr (unclosed, ==, "Merci {prenom, à bientôt {");
  assert_strv (missing, (const char *[]) { NULL });
  g_clear_pointer (&missing, g_strfreev);

  /* Braces around something that is not a name are text too. */
  odd = ops_template_render ("{ prenom } {} {prénom} } {prenom}", values, &missing);
  g_assert_cmpstr (odd, ==, "{ prenom } {} {prénom} } Élise");
  assert_strv (missing, (const char *[]) { NULL });
}

static void
test_placeholders (void)
{
  g_auto(GStrv) names = ops_template_placeholders ("{technicien} pour {prenom}, {{lien}} {technicien} "
                                                   "{heure_arrivee} {prenom");
  g_auto(GStrv) none = ops_template_placeholders ("Aucun champ ici.");

  assert_strv (names, (const char *[]) { "technicien", "prenom", "heure_arrivee", NULL });
  assert_strv (none, (const char *[]) { NULL });
}

static OpsStore *
open_store (void)
{
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "templates.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  OpsStore *store = ops_store_open (path, &error);

  g_assert_no_error (error);
  return store;
}

static void
assert_titles (OpsStore          *store,
               const char *const *titles)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = ops_store_list_templates (store, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, g_strv_length ((GStrv)titles));
  for (guint i = 0; i < list->len; i++)
    {
      OpsReplyTemplate *tpl = list->pdata[i];

      g_assert_cmpstr (tpl->title, ==, titles[i]);
      g_assert_cmpuint (tpl->position, ==, i + 1);
      g_assert_cmpint (tpl->id, >, 0);
    }
}

static gint64
id_of (OpsStore   *store,
       const char *title)
{
  g_autoptr(GPtrArray) list = ops_store_list_templates (store, NULL);

  for (guint i = 0; i < list->len; i++)
    if (g_str_equal (((OpsReplyTemplate *)list->pdata[i])->title, title))
      return ((OpsReplyTemplate *)list->pdata[i])->id;
  g_assert_not_reached ();
  return 0;
}

static void
test_seeded (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(GPtrArray) list = ops_store_list_templates (store, NULL);
  g_auto(GStrv) first = NULL;

  assert_titles (store, (const char *[]) { "Technicien en route", "Lien de paiement", "Rendez-vous confirmé",
                                           "Redémarrer le modem", "Suivi après intervention", NULL });
  first = ops_template_placeholders (((OpsReplyTemplate *)list->pdata[0])->body);
  assert_strv (first, (const char *[]) { "prenom", "technicien", "heure_arrivee", NULL });
}

static void
test_store_edits (void)
{
  g_autoptr(OpsStore) store = open_store ();
  g_autoptr(OpsReplyTemplate) tpl = ops_reply_template_new ("Panne secteur", "Bonjour {prenom}, une panne touche votre secteur.");
  g_autoptr(OpsReplyTemplate) ghost = ops_reply_template_new ("Fantôme", "x");
  g_autoptr(OpsReplyTemplate) blank = ops_reply_template_new ("  ", "texte");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  /* A new one goes last. */
  g_assert_true (ops_store_save_template (store, tpl, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tpl->id, >, 0);
  g_assert_cmpuint (tpl->position, ==, 6);

  /* An update keeps the place. */
  g_free (tpl->title);
  tpl->title = g_strdup ("Panne dans le secteur");
  g_assert_true (ops_store_save_template (store, tpl, &error));
  g_assert_no_error (error);
  list = ops_store_list_templates (store, NULL);
  g_assert_cmpstr (((OpsReplyTemplate *)list->pdata[5])->title, ==, "Panne dans le secteur");
  g_assert_cmpstr (((OpsReplyTemplate *)list->pdata[5])->body, ==, "Bonjour {prenom}, une panne touche votre secteur.");
  g_assert_cmpuint (list->len, ==, 6);

  /* Refusals. */
  g_assert_false (ops_store_save_template (store, blank, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_INVALID_RECORD);
  g_clear_error (&error);
  ghost->id = 9999;
  g_assert_false (ops_store_save_template (store, ghost, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ops_store_delete_template (store, 9999, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (ops_store_move_template (store, 9999, 1, &error));
  g_assert_error (error, OPS_STORE_ERROR, OPS_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Moves: to the top, down, past the end. */
  g_assert_true (ops_store_move_template (store, tpl->id, 1, &error));
  g_assert_no_error (error);
  assert_titles (store, (const char *[]) { "Panne dans le secteur", "Technicien en route", "Lien de paiement",
                                           "Rendez-vous confirmé", "Redémarrer le modem",
                                           "Suivi après intervention", NULL });
  g_assert_true (ops_store_move_template (store, id_of (store, "Technicien en route"), 4, &error));
  g_assert_no_error (error);
  assert_titles (store, (const char *[]) { "Panne dans le secteur", "Lien de paiement", "Rendez-vous confirmé",
                                           "Technicien en route", "Redémarrer le modem",
                                           "Suivi après intervention", NULL });
  g_assert_true (ops_store_move_template (store, id_of (store, "Lien de paiement"), 99, &error));
  g_assert_no_error (error);
  assert_titles (store, (const char *[]) { "Panne dans le secteur", "Rendez-vous confirmé", "Technicien en route",
                                           "Redémarrer le modem", "Suivi après intervention",
                                           "Lien de paiement", NULL });

  /* A delete closes the gap. */
  g_assert_true (ops_store_delete_template (store, id_of (store, "Technicien en route"), &error));
  g_assert_no_error (error);
  assert_titles (store, (const char *[]) { "Panne dans le secteur", "Rendez-vous confirmé", "Redémarrer le modem",
                                           "Suivi après intervention", "Lien de paiement", NULL });

  /* A template saved after that goes right after the last. */
  g_clear_pointer (&ghost, ops_reply_template_free);
  ghost = ops_reply_template_new ("Nouveau", "Bonjour");
  g_assert_true (ops_store_save_template (store, ghost, &error));
  g_assert_cmpuint (ghost->position, ==, 6);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/templates/render-all", test_render_all);
  g_test_add_func ("/templates/render-missing", test_render_missing);
  g_test_add_func ("/templates/render-braces", test_render_braces);
  g_test_add_func ("/templates/placeholders", test_placeholders);
  g_test_add_func ("/templates/seeded", test_seeded);
  g_test_add_func ("/templates/store-edits", test_store_edits);

  return g_test_run ();
}
