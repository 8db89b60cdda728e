/*
 * test_i18n.c - the catalogue (i18n.c): lookups in the embedded .mo files,
 * plurals, contexts, the English fallback, numbers per language, and the
 * bounded .mo reader on damaged input.
 */
#include "harness.h"

#include "objreg.h"

void test_i18n(void)
{
  STR_EQ(tr(LANG_EN, "Page %d of %d"), "Page %d of %d", "en is the msgid");
  STR_EQ(tr(LANG_DE, "Page %d of %d"), "Seite %d von %d", "de");
  STR_EQ(tr(LANG_FR, "Page %d of %d"), "Page %d sur %d", "fr");
  STR_EQ(tr(LANG_DE, "no such message"), "no such message", "missing: the msgid");
  STR_EQ(trn(LANG_DE, "The pack has %d error", "The pack has %d errors", 1), "Das Paket enthält %d Fehler", "de 1");
  STR_EQ(trn(LANG_FR, "The pack has %d error", "The pack has %d errors", 0), "Le dossier contient %d erreur",
         "fr 0 is singular");
  STR_EQ(trn(LANG_FR, "The pack has %d error", "The pack has %d errors", 2), "Le dossier contient %d erreurs", "fr 2");
  STR_EQ(trn(LANG_EN, "The pack has %d error", "The pack has %d errors", 0), "The pack has %d errors", "en 0");
  STR_EQ(enum_label(LANG_DE, VF_STATUS, ST_WITHDRAWN), "zurückgezogen", "context: objective status");
  STR_EQ(enum_label(LANG_FR, VF_REG_STATUS, REG_CLOSED), "clos", "context: register status");
  STR_EQ(enum_label(LANG_EN, VF_ACTION_STATUS, AS_IN_PROGRESS), "in-progress", "en enum");
  STR_EQ(mstatus_label(LANG_DE, MS_OFF_TRACK), "nicht im Plan", "measure status");

  char out[48];
  STR_EQ(num_localise(LANG_EN, "-1234.5", out, sizeof out), "-1,234.5", "en number");
  STR_EQ(num_localise(LANG_DE, "1234567.25", out, sizeof out), "1.234.567,25", "de number");
  STR_EQ(num_localise(LANG_FR, "1234.5", out, sizeof out), "1\xE2\x80\xAF" "234,5", "fr number");
  STR_EQ(num_localise(LANG_DE, "999", out, sizeof out), "999", "no group");
  STR_EQ(num_localise(LANG_DE, "1e+20", out, sizeof out), "1e+20", "exponent copied");

  // The reader: the real catalogue, then damaged copies of it.
  size_t len;
  OK(mo_find(objreg_mo_de, objreg_mo_de_len, "None.", &len) != NULL, "de.mo: a message");
  unsigned char bad[64];
  memcpy(bad, objreg_mo_de, sizeof bad);
  bad[12] = 0xFF;  // the originals table far outside
  OK(mo_find(bad, sizeof bad, "None.", &len) == NULL, "a table outside the buffer");
  OK(mo_find(objreg_mo_de, 27, "None.", &len) == NULL, "a short header");
  OK(mo_find(objreg_mo_de + 1, objreg_mo_de_len - 1, "None.", &len) == NULL, "no magic");
}

/* Hyphenation points (hyphen.c) with Debian's dictionaries. */
void test_hyphen(void)
{
  static const char word[] = "Informationssicherheitsbeauftragter";
  Hyphenator *h = hyph_open(LANG_DE);
  OK(h != NULL, "hyph_de_DE.dic loads (hyphen-de)");
  size_t pts[64];
  int n = hyph_points(h, word, sizeof word - 1, pts, 64);
  bool at12 = false, at23 = false;
  for (int i = 0; i < n; i++)
    at12 |= pts[i] == 12, at23 |= pts[i] == 23;
  OK(at12 && at23, "Informations-sicherheits-beauftragter: %d points", n);
  n = hyph_points(h, "Überprüfungshäufigkeit", strlen("Überprüfungshäufigkeit"), pts, 64);
  OK(n > 0 && pts[0] >= 2, "a word with umlauts (UTF-8 into Latin-1): %d points", n);
  for (int i = 0; i < n; i++)
    OK(("Überprüfungshäufigkeit"[pts[i]] & 0xC0) != 0x80, "a point inside a character");
  hyph_close(h);
  h = hyph_open(LANG_FR);
  n = hyph_points(h, "développement", strlen("développement"), pts, 64);
  OK(h && n > 0, "fr: développement has points");
  hyph_close(h);
  OK(hyph_points(NULL, word, sizeof word - 1, pts, 64) == 0, "no dictionary: no points");
}

/* Q-ACTIVITY and Q-VAGUE with the German and French lists (rules.c). */
void test_title_lists(void)
{
  static const char *const de_hits[] = {"Einführung eines Patch-Managements", "Umsetzung der Richtlinie",
                                        "implementieren von MFA", "Durchführung jährlicher Übungen"};
  for (size_t i = 0; i < sizeof de_hits / sizeof *de_hits; i++)
    OK(title_activity_in(LANG_DE, de_hits[i]) != NULL, "de Q-ACTIVITY flags '%s'", de_hits[i]);
  OK(title_activity_in(LANG_DE, "Einführungsquote neuer Systeme über 95 %") == NULL, "de: a longer word is no activity");
  OK(title_activity_in(LANG_EN, "Einführung eines Patch-Managements") == NULL, "en: German words not checked");
  OK(title_activity_in(LANG_FR, "Mise en place d'un SOC") != NULL, "fr: Mise en place d'un");
  OK(title_activity_in(LANG_FR, "Déployer l'authentification forte") != NULL, "fr: Déployer");
  OK(title_activity_in(LANG_FR, "Mise à jour") == NULL, "fr: Mise à jour is no listed phrase");
  OK(title_activity_in(LANG_DE, "Implement MFA") != NULL, "de: English lists apply too");
  OK(title_vague_in(LANG_DE, "Informationssicherheit verbessern"), "de vague");
  OK(title_vague_in(LANG_DE, "  sicherheit   ERHÖHEN. "), "de vague, case and spaces");
  OK(!title_vague_in(LANG_DE, "Sicherheitsvorfälle um 20 % senken"), "de specific");
  OK(title_vague_in(LANG_FR, "Améliorer la sécurité de l\xE2\x80\x99information"), "fr vague, U+2019");
  OK(title_vague_in(LANG_FR, "Renforcer la sécurité"), "fr vague");
  OK(!title_vague_in(LANG_EN, "Renforcer la sécurité"), "en: French list not applied");
}
