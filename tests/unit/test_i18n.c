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
