/*
 * vocab.c - the enumerated words of a pack: English, the pack's language
 * (SPEC section 12's table, German and French), and pack.yml `vocabulary:`.
 *
 * These tables are the one place that knows the German and French words of
 * each enumerated field; the readers ask vocab_lookup, and the documents'
 * translations may read the same tables.  Matching ignores case, for ASCII
 * and for the Latin letters of U+00C0..U+00FE (É and é, Ü and ü).
 */
#include "objreg.h"

#include <string.h>

const char *const language_names[] = {"en", "de", "fr", NULL};

typedef struct {
  const char *word;
  int value;
} Word;

#define END {NULL, 0}

// German (de)
static const Word de_status[] = {{"Entwurf", ST_DRAFT}, {"aktiv", ST_ACTIVE}, {"erreicht", ST_ACHIEVED},
                                 {"abgeschlossen", ST_CLOSED}, {"zurückgezogen", ST_WITHDRAWN}, END};
static const Word de_level[] = {{"Organisation", LV_ORGANISATION}, {"Funktion", LV_FUNCTION}, {"Prozess", LV_PROCESS},
                                {"System", LV_SYSTEM}, {"Standort", LV_LOCATION}, END};
static const Word de_direction[] = {{"steigend", DIR_INCREASE}, {"fallend", DIR_DECREASE}, {"erhöhen", DIR_INCREASE},
                                    {"senken", DIR_DECREASE}, END};
static const Word de_frequency[] = {{"wöchentlich", FREQ_WEEKLY}, {"monatlich", FREQ_MONTHLY},
                                    {"vierteljährlich", FREQ_QUARTERLY}, {"quartalsweise", FREQ_QUARTERLY},
                                    {"halbjährlich", FREQ_SEMIANNUAL}, {"jährlich", FREQ_ANNUAL}, END};
static const Word de_risk[] = {{"niedrig", RISK_LOW}, {"gering", RISK_LOW}, {"mittel", RISK_MEDIUM}, {"hoch", RISK_HIGH},
                               {"sehr hoch", RISK_VERY_HIGH}, {"kritisch", RISK_CRITICAL}, END};
static const Word de_treatment[] = {{"mindern", TR_MODIFY}, {"reduzieren", TR_MODIFY}, {"behandeln", TR_MODIFY},
                                    {"akzeptieren", TR_RETAIN}, {"tragen", TR_RETAIN}, {"vermeiden", TR_AVOID},
                                    {"übertragen", TR_SHARE}, {"teilen", TR_SHARE}, END};
static const Word de_reg_status[] = {{"offen", REG_OPEN}, {"geschlossen", REG_CLOSED}, END};
static const Word de_action[] = {{"geplant", AS_PLANNED}, {"in Arbeit", AS_IN_PROGRESS}, {"erledigt", AS_DONE},
                                 {"blockiert", AS_BLOCKED}, {"abgebrochen", AS_CANCELLED}, END};

// French (fr), feminine forms included where the table says so
static const Word fr_status[] = {{"brouillon", ST_DRAFT}, {"actif", ST_ACTIVE}, {"atteint", ST_ACHIEVED},
                                 {"clos", ST_CLOSED}, {"retiré", ST_WITHDRAWN}, END};
static const Word fr_level[] = {{"organisation", LV_ORGANISATION}, {"fonction", LV_FUNCTION},
                                {"processus", LV_PROCESS}, {"système", LV_SYSTEM}, {"site", LV_LOCATION}, END};
static const Word fr_direction[] = {{"hausse", DIR_INCREASE}, {"baisse", DIR_DECREASE}, {"augmenter", DIR_INCREASE},
                                    {"diminuer", DIR_DECREASE}, END};
static const Word fr_frequency[] = {{"hebdomadaire", FREQ_WEEKLY}, {"mensuel", FREQ_MONTHLY},
                                    {"mensuelle", FREQ_MONTHLY}, {"trimestriel", FREQ_QUARTERLY},
                                    {"trimestrielle", FREQ_QUARTERLY}, {"semestriel", FREQ_SEMIANNUAL},
                                    {"semestrielle", FREQ_SEMIANNUAL}, {"annuel", FREQ_ANNUAL},
                                    {"annuelle", FREQ_ANNUAL}, END};
static const Word fr_risk[] = {{"faible", RISK_LOW}, {"moyen", RISK_MEDIUM}, {"élevé", RISK_HIGH},
                               {"très élevé", RISK_VERY_HIGH}, {"critique", RISK_CRITICAL}, END};
static const Word fr_treatment[] = {{"réduire", TR_MODIFY}, {"atténuer", TR_MODIFY}, {"accepter", TR_RETAIN},
                                    {"conserver", TR_RETAIN}, {"éviter", TR_AVOID}, {"partager", TR_SHARE},
                                    {"transférer", TR_SHARE}, END};
static const Word fr_reg_status[] = {{"ouvert", REG_OPEN}, {"clos", REG_CLOSED}, {"fermé", REG_CLOSED}, END};
static const Word fr_action[] = {{"planifié", AS_PLANNED}, {"planifiée", AS_PLANNED}, {"en cours", AS_IN_PROGRESS},
                                 {"terminé", AS_DONE}, {"terminée", AS_DONE}, {"bloqué", AS_BLOCKED},
                                 {"bloquée", AS_BLOCKED}, {"annulé", AS_CANCELLED}, {"annulée", AS_CANCELLED}, END};

static const Word *const words[3][VF_COUNT] = {
  [LANG_DE] = {de_status, de_level, de_direction, de_frequency, de_risk, de_treatment, de_reg_status, de_action},
  [LANG_FR] = {fr_status, fr_level, fr_direction, fr_frequency, fr_risk, fr_treatment, fr_reg_status, fr_action},
};

// English: the names the readers always accept (objective.c), and the register status.
static const char *const reg_status_names[] = {"open", "closed", NULL};
static const int reg_status_vals[] = {REG_OPEN, REG_CLOSED};

static const char *const *const en_names[VF_COUNT] = {status_names, level_names, dir_names, freq_names,
                                                      risk_names, treat_names, reg_status_names, astatus_names};
static const int *const en_vals[VF_COUNT] = {status_vals, level_vals, dir_vals, freq_vals,
                                             risk_vals, treat_vals, reg_status_vals, astatus_vals};

/* The code point at *s, lower-cased for ASCII and U+00C0..U+00DE; advances *s. */
/* The Latin-1 letter an ASCII letter and a combining mark compose to, as in
 * Unicode's NFC (e + U+0301 is U+00E9 é), or 0. */
static uint32_t compose_latin1(uint32_t base, uint32_t mark)
{
  static const uint32_t marks[] = {0x300, 0x301, 0x302, 0x303, 0x308, 0x30A, 0x327};  // ` ´ ^ ~ ¨ ° ¸
  static const char *const bases[] = {"AEIOU", "AEIOUY", "AEIOU", "ANO", "AEIOU", "A", "C"};
  static const unsigned char to[][6] = {{0xC0, 0xC8, 0xCC, 0xD2, 0xD9}, {0xC1, 0xC9, 0xCD, 0xD3, 0xDA, 0xDD},
                                        {0xC2, 0xCA, 0xCE, 0xD4, 0xDB}, {0xC3, 0xD1, 0xD5},
                                        {0xC4, 0xCB, 0xCF, 0xD6, 0xDC}, {0xC5}, {0xC7}};
  bool lower = base >= 'a' && base <= 'z';
  if (base == 'y' && mark == 0x308)
    return 0xFF;
  char up = (char)(lower ? base - 32 : base);
  if (up < 'A' || up > 'Z')
    return 0;
  for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
    const char *p = marks[m] == mark ? strchr(bases[m], up) : NULL;
    if (p)
      return to[m][p - bases[m]] + (lower ? 32u : 0u);
  }
  return 0;
}

/* The next character of *s, case folded, a letter and a combining accent
 * after it taken as the one accented letter (so a word typed or exported
 * decomposed, NFD, reads as the same word composed). */
static uint32_t fold_next(const char **s)
{
  uint32_t c = (unsigned char)**s, m, lc;
  int k = 1;
  if (c >= 0x80 && (k = utf8_decode(*s, 4, &c)) <= 0)  // 4: a NUL ends a character early, never read past
    c = (unsigned char)**s, k = 1;
  *s += k;
  // A combining accent (U+0300..U+036F: CC 80 .. CD AF) after an ASCII letter.
  if (c < 0x80 && ((unsigned char)**s == 0xCC || (unsigned char)**s == 0xCD) && (k = utf8_decode(*s, 2, &m)) > 0 &&
      (lc = compose_latin1(c, m)) != 0)
    c = lc, *s += k;
  if (c >= 'A' && c <= 'Z')
    return c + 32;
  if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
    return c + 32;
  return c;
}

bool text_ieq(const char *a, const char *b)
{
  while (*a && *b)
    if (fold_next(&a) != fold_next(&b))
      return false;
  return *a == *b;
}

int vocab_field_of(const char *const *names)
{
  for (int f = 0; f < VF_COUNT; f++)
    if (en_names[f] == names)
      return f;
  return -1;
}

static int lookup_en(VocabField f, const char *s)
{
  for (int i = 0; en_names[f][i]; i++)
    if (text_ieq(en_names[f][i], s))
      return en_vals[f][i];
  return 0;
}

int vocab_lookup(const Pack *pack, VocabField f, const char *s)
{
  int v = lookup_en(f, s);
  if (v)
    return v;
  if (pack->language != LANG_EN)
    for (const Word *w = words[pack->language][f]; w->word; w++)
      if (text_ieq(w->word, s))
        return w->value;
  for (int i = 0; i < pack->n_vocab; i++)
    if (pack->vocab[i].field == f && text_ieq(pack->vocab[i].term, s))
      return pack->vocab[i].value;
  return 0;
}

// pack.yml `vocabulary:`: a key is a field as the files name it; `status` and
// `level` cover every field of that name.
static const struct {
  const char *key;
  VocabField fields[3];
  int n;
} vocab_keys[] = {
  {"status", {VF_STATUS, VF_ACTION_STATUS, VF_REG_STATUS}, 3},
  {"level", {VF_LEVEL, VF_RISK_LEVEL}, 2},
  {"direction", {VF_DIRECTION}, 1},
  {"frequency", {VF_FREQUENCY}, 1},
  {"treatment", {VF_TREATMENT}, 1},
};

/* Add term -> value for the fields key names; false when key is no field or
 * value is a value of none of its fields. */
bool vocab_add(Pack *pack, const char *key, const char *term, const char *value, bool *known_key, bool *clash)
{
  *clash = false;
  size_t k = 0;
  while (k < sizeof vocab_keys / sizeof *vocab_keys && strcmp(vocab_keys[k].key, key) != 0)
    k++;
  *known_key = k < sizeof vocab_keys / sizeof *vocab_keys;
  if (!*known_key)
    return false;
  bool any = false;
  for (int i = 0; i < vocab_keys[k].n; i++) {
    VocabField f = vocab_keys[k].fields[i];
    int v = lookup_en(f, value);
    if (!v)
      continue;
    any = true;
    int had = vocab_lookup(pack, f, term);  // a word objreg knows, or one given before
    if (had && had != v) {
      *clash = true;
      continue;
    }
    pack->vocab = xrealloc(pack->vocab, (size_t)(pack->n_vocab + 1) * sizeof *pack->vocab);
    pack->vocab[pack->n_vocab++] = (VocabTerm){f, term, v};
  }
  return any;
}

/* The English values of the fields key names, for a message ("a, b or c"). */
const char *vocab_values(Arena *a, const char *key)
{
  Buf b;
  buf_init(&b);
  for (size_t k = 0; k < sizeof vocab_keys / sizeof *vocab_keys; k++) {
    if (strcmp(vocab_keys[k].key, key) != 0)
      continue;
    for (int i = 0; i < vocab_keys[k].n; i++)
      for (const char *const *n = en_names[vocab_keys[k].fields[i]]; *n; n++)
        buf_printf(&b, "%s%s", b.len ? ", " : "", *n);
  }
  const char *s = arena_strdup(a, b.s ? b.s : "");
  buf_release(&b);
  return s;
}
