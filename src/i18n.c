/*
 * i18n.c - the documents' fixed texts in the pack's language (SPEC section 12).
 *
 * Every fixed text of the PDFs and the workbook is an English msgid written
 * at the call, tr(lang, "Page %d of %d"), or marked N_("...") in a table and
 * passed through tr() where it is printed.  The translations are GNU gettext
 * PO files, po/de.po and po/fr.po.  The build compiles each with
 * `msgfmt --check` into a .mo file and embeds its bytes in the program
 * (build/catalog.c, from po/mo2c.sh), so a translation never depends on the
 * machine's locales, on setlocale() or on an installed file: the same
 * program prints the same words everywhere.
 *
 * mo_find() is the reader of the embedded .mo bytes: every offset and length
 * is checked against the buffer (and the string's NUL) before it is used, so
 * a damaged catalogue gives "not found" (the English msgid), never a read
 * outside it.  Lookup is a binary search over the originals table, which
 * msgfmt writes sorted by strcmp; it keeps no state, so threads may call it.
 * English is the msgids themselves: tr(LANG_EN, s) is s.
 */
#include "objreg.h"

#include <string.h>

typedef struct {
  const unsigned char *data;
  const size_t *len;
} Catalogue;

static const Catalogue catalogues[] = {
  [LANG_EN] = {NULL, NULL},
  [LANG_DE] = {objreg_mo_de, &objreg_mo_de_len},
  [LANG_FR] = {objreg_mo_fr, &objreg_mo_fr_len},
};

/* The 32-bit word at off of a .mo in its byte order (big: swapped magic). */
static uint32_t mo_word(const uint8_t *mo, size_t off, bool big)
{
  const uint8_t *p = mo + off;
  if (big)
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
  return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

/* String i of the table at table_off: its bytes (len, then a NUL inside the
 * buffer), or NULL when the entry points outside the buffer. */
static const char *mo_string(const uint8_t *mo, size_t n, bool big, uint32_t table_off, uint32_t i, uint32_t *len)
{
  uint64_t e = (uint64_t)table_off + (uint64_t)i * 8;
  if (e + 8 > n)
    return NULL;
  uint32_t l = mo_word(mo, (size_t)e, big), o = mo_word(mo, (size_t)e + 4, big);
  if ((uint64_t)o + l >= n || mo[o + l] != '\0')
    return NULL;
  *len = l;
  return (const char *)mo + o;
}

const char *mo_find(const uint8_t *mo, size_t n, const char *key, size_t *len)
{
  if (!mo || n < 28)
    return NULL;
  bool big;
  if (mo_word(mo, 0, false) == 0x950412deu)
    big = false;
  else if (mo_word(mo, 0, true) == 0x950412deu)
    big = true;
  else
    return NULL;
  if (mo_word(mo, 4, big) >> 16 > 1)  // major revision 0 or 1
    return NULL;
  uint32_t count = mo_word(mo, 8, big), orig = mo_word(mo, 12, big), trans = mo_word(mo, 16, big);
  if (count > n / 8)
    return NULL;
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    uint32_t ol;
    const char *o = mo_string(mo, n, big, orig, (uint32_t)mid, &ol);
    if (!o)
      return NULL;
    int c = strcmp(key, o);  // o ends at its first NUL: a plural entry's singular
    if (c == 0) {
      uint32_t tl;
      const char *t = mo_string(mo, n, big, trans, (uint32_t)mid, &tl);
      if (!t || (tl == 0 && mid != 0))
        return NULL;
      *len = tl;
      return t;
    }
    if (c < 0)
      hi = mid;
    else
      lo = mid + 1;
  }
  return NULL;
}

/* The translation of key in lang, or NULL. */
static const char *lookup(Language lang, const char *key, size_t *len)
{
  if (lang <= LANG_EN || lang > LANG_FR || !*key)
    return NULL;
  const Catalogue *c = &catalogues[lang];
  return mo_find(c->data, *c->len, key, len);
}

const char *tr(Language lang, const char *msgid)
{
  size_t len;
  const char *t = lookup(lang, msgid, &len);
  return t ? t : msgid;
}

const char *trn(Language lang, const char *msgid, const char *plural, long n)
{
  // The plural rules of the PO headers: en and de nplurals=2, plural=(n != 1);
  // fr nplurals=2, plural=(n > 1) (tests/i18n.sh checks the headers say so).
  int form = lang == LANG_FR ? n > 1 : n != 1;
  size_t len;
  const char *t = lookup(lang, msgid, &len);
  if (!t)
    return form ? plural : msgid;
  if (form) {
    size_t first = strlen(t);
    if (first < len)
      return t + first + 1;  // the second form, NUL-terminated within the entry
  }
  return t;
}

const char *trc(Language lang, const char *ctx, const char *msgid)
{
  char key[256];
  size_t len;
  if ((size_t)snprintf(key, sizeof key, "%s\x04%s", ctx, msgid) >= sizeof key)
    return msgid;
  const char *t = lookup(lang, key, &len);
  return t ? t : msgid;
}

// The enumerated words as the documents print them: the English names
// (status_name...) are the msgids, each field its own context.
static const char *const contexts[VF_COUNT] = {
  [VF_STATUS] = "objective status", [VF_LEVEL] = "level", [VF_DIRECTION] = "direction",
  [VF_FREQUENCY] = "frequency", [VF_RISK_LEVEL] = "risk level", [VF_TREATMENT] = "treatment",
  [VF_REG_STATUS] = "register status", [VF_ACTION_STATUS] = "action status",
};
static const char *const labels[VF_COUNT][6] = {
  [VF_STATUS] = {[ST_DRAFT] = NC_("objective status", "draft"), [ST_ACTIVE] = NC_("objective status", "active"),
                 [ST_ACHIEVED] = NC_("objective status", "achieved"), [ST_CLOSED] = NC_("objective status", "closed"),
                 [ST_WITHDRAWN] = NC_("objective status", "withdrawn")},
  [VF_LEVEL] = {[LV_ORGANISATION] = NC_("level", "organisation"), [LV_FUNCTION] = NC_("level", "function"),
                [LV_PROCESS] = NC_("level", "process"), [LV_SYSTEM] = NC_("level", "system"),
                [LV_LOCATION] = NC_("level", "location")},
  [VF_DIRECTION] = {[DIR_DECREASE] = NC_("direction", "decrease"), [DIR_INCREASE] = NC_("direction", "increase")},
  [VF_FREQUENCY] = {[FREQ_WEEKLY] = NC_("frequency", "weekly"), [FREQ_MONTHLY] = NC_("frequency", "monthly"),
                    [FREQ_QUARTERLY] = NC_("frequency", "quarterly"),
                    [FREQ_SEMIANNUAL] = NC_("frequency", "semiannual"), [FREQ_ANNUAL] = NC_("frequency", "annual")},
  [VF_RISK_LEVEL] = {[RISK_LOW] = NC_("risk level", "low"), [RISK_MEDIUM] = NC_("risk level", "medium"),
                     [RISK_HIGH] = NC_("risk level", "high"), [RISK_VERY_HIGH] = NC_("risk level", "very high"),
                     [RISK_CRITICAL] = NC_("risk level", "critical")},
  [VF_TREATMENT] = {[TR_MODIFY] = NC_("treatment", "modify"), [TR_RETAIN] = NC_("treatment", "retain"),
                    [TR_AVOID] = NC_("treatment", "avoid"), [TR_SHARE] = NC_("treatment", "share")},
  [VF_REG_STATUS] = {[REG_OPEN] = NC_("register status", "open"), [REG_CLOSED] = NC_("register status", "closed")},
  [VF_ACTION_STATUS] = {[AS_PLANNED] = NC_("action status", "planned"),
                        [AS_IN_PROGRESS] = NC_("action status", "in-progress"),
                        [AS_DONE] = NC_("action status", "done"), [AS_BLOCKED] = NC_("action status", "blocked"),
                        [AS_CANCELLED] = NC_("action status", "cancelled")},
};

const char *enum_label(Language lang, VocabField f, int value)
{
  if ((unsigned)f >= VF_COUNT || value <= 0 || value >= 6 || !labels[f][value])
    return "";
  return trc(lang, contexts[f], labels[f][value]);
}

const char *mstatus_label(Language lang, MeasureStatus s)
{
  static const char *const names[] = {
    "", NC_("measure status", "achieved"), NC_("measure status", "overdue"), NC_("measure status", "no-data"),
    NC_("measure status", "on-track"), NC_("measure status", "at-risk"), NC_("measure status", "off-track"),
    NC_("measure status", "no-plan")};
  return (unsigned)s < sizeof names / sizeof *names && *names[s] ? trc(lang, "measure status", names[s]) : "";
}

// Numbers as each language prints them (SPEC section 12): the thousands
// separator, the decimal mark, and what stands before a percent sign.
static const struct {
  const char *group, *decimal, *percent;
} numfmt[] = {
  [LANG_EN] = {",", ".", "%"},
  [LANG_DE] = {".", ",", "\xC2\xA0%"},                    // 1.234,5 and 8,1 % (no-break space)
  [LANG_FR] = {"\xE2\x80\xAF", ",", "\xE2\x80\xAF%"},     // 1 234,5 and 8,1 % (narrow no-break spaces)
};

const char *num_localise(Language lang, const char *c, char *out, size_t n)
{
  if ((unsigned)lang > LANG_FR)
    lang = LANG_EN;
  const char *s = c;
  if (*s == '-')
    s++;
  size_t int_len = strspn(s, "0123456789");
  const char *rest = s + int_len;
  // Only a plain decimal is rewritten ("1e+20", "inf" stay as they are).
  if (int_len == 0 || (*rest && (*rest != '.' || strspn(rest + 1, "0123456789") != strlen(rest + 1)))) {
    snprintf(out, n, "%s", c);
    return out;
  }
  Buf b;
  buf_init(&b);
  if (s != c)
    buf_puts(&b, "-");
  for (size_t i = 0; i < int_len; i++) {
    if (i && (int_len - i) % 3 == 0)
      buf_puts(&b, numfmt[lang].group);
    buf_add(&b, s + i, 1);
  }
  if (*rest)
    buf_printf(&b, "%s%s", numfmt[lang].decimal, rest + 1);
  snprintf(out, n, "%s", b.s);
  buf_release(&b);
  return out;
}

const char *list_sep(Language lang)
{
  return trc(lang, "list separator", "; ");  // French: a narrow no-break space before ';'
}

const char *unit_label(Language lang, const char *unit)
{
  return unit && strcmp(unit, "percent") == 0 ? trc(lang, "unit", "percent") : unit;
}

const char *percent_sign(Language lang)
{
  return (unsigned)lang <= LANG_FR ? numfmt[lang].percent : "%";
}

const char *achieve_rule_label(Language lang, const AchievedWhen *aw, char out[128])
{
  if (aw->kind == AW_CONSECUTIVE)
    snprintf(out, 128, tr(lang, "last %d values all meet the target"), aw->n);
  else if (aw->kind == AW_AVERAGE)
    snprintf(out, 128, tr(lang, "mean of the last %d values meets the target"), aw->n);
  else
    snprintf(out, 128, "%s", tr(lang, "latest value meets the target"));
  return out;
}

const char *sev_label(Language lang, Severity s)
{
  return s == SEV_ERROR     ? trc(lang, "severity", "error")
         : s == SEV_WARNING ? trc(lang, "severity", "warning")
                            : trc(lang, "severity", "off");
}

const char *req_type_label(Language lang, const char *type)
{
  static const char *const types[] = {NC_("requirement type", "legal"), NC_("requirement type", "regulatory"),
                                      NC_("requirement type", "contractual"), NC_("requirement type", "standard"),
                                      NC_("requirement type", "internal")};
  if (!type || lang == LANG_EN)
    return type;  // English: as the register writes it
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (text_ieq(type, types[i]))
      return trc(lang, "requirement type", types[i]);
  return type;
}
