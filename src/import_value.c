/*
 * import_value.c - the values of a spreadsheet register, as people write them
 * (SPEC section 14): `5.8% (2025-12)`, `<=5% by 2026-12-31`, `100% by
 * 2026-06-30`, `at least 95% by 2026-12-31`, `2h 45min`, `yes`.
 *
 * A value is read only when the whole text fits one of the forms below;
 * anything else, or anything that could mean two things, is not read at all
 * (the import then keeps the text as written):
 *
 *     value    = [cmp] number [unit] [when] | [cmp] duration [when] | yes/no [when]
 *     cmp      = "<=" | "≤" | ">=" | "≥" | "at most" | "at least" |
 *                "max." | "min." | "höchstens" | "mindestens"
 *                (a strict "<" or ">" is not read: a target is met at its
 *                value, "<5" is not met by 5)
 *     number   = ["-"] digits ["." digits] | ["-"] digits "," digits
 *                (a point or comma followed by exactly three digits, after one
 *                to three digits not starting with 0, could be a thousands
 *                separator: 1.420 and 1,420 are not read, 0.500 and 1234,500
 *                are; no other grouping is read)
 *     unit     = "%" | "percent" | "per cent" | "Prozent" | "pour cent" | "pourcentage" | one word of letters
 *     duration = one or more of: number ("d" | "h" | "min" and their words)
 *     when     = ("by" | "until" | "due" | "bis" | "bis zum") due      a due date
 *              | "(" period ")" | "as of" period | "Stand" period  a measurement date
 *     date     = YYYY-MM-DD | DD.MM.YYYY
 *     due      = date | YYYY-MM (its last day); a year alone is not read (its start or its end?)
 *     period   = date | YYYY-MM (its last day) | YYYY (its last day)
 *
 * Durations are read in minutes; the import chooses the unit of a measure.
 *
 * A workbook's number cell is not typed text: its text is the number the cell
 * holds ("1.425", "12.5%" for a percent format), its point a decimal point, so
 * import_number_cell_parse reads it without the doubt about thousands.
 */
#include "objreg.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_ws(const char *s)
{
  while (*s == ' ' || *s == '\t' || (unsigned char)*s == 0xC2 /* NBSP */) {
    if ((unsigned char)*s == 0xC2) {
      if ((unsigned char)s[1] != 0xA0)
        break;
      s++;
    }
    s++;
  }
  return s;
}

/* A word (case-insensitive) at s, followed by a non-letter; returns the end or NULL. */
static const char *word(const char *s, const char *w)
{
  size_t n = strlen(w);
  for (size_t i = 0; i < n; i++)
    if (tolower((unsigned char)s[i]) != (unsigned char)w[i])
      return NULL;
  if (isalpha((unsigned char)s[n]) || (unsigned char)s[n] >= 0x80)
    return NULL;
  return s + n;
}

static const char *any_word(const char *s, const char *const *words)
{
  for (; *words; words++) {
    const char *e = word(s, *words);
    if (e)
      return e;
  }
  return NULL;
}

/* A number at s: its value and canonical text ("5.8"); NULL when none or
 * ambiguous.  cell: s is a number cell's text (a decimal point, never a
 * thousands separator), so 1.425 is 1.425. */
static const char *number_at(const char *s, double *v, char *text, size_t cap, bool cell)
{
  const char *p = s;
  size_t o = 0;
  if (*p == '+')  // "+10%": most likely a change from the baseline, not a level
    return NULL;
  if (*p == '-')
    text[o++] = *p++;
  const char *d0 = p;
  while (isdigit((unsigned char)*p) && o < cap - 2)
    text[o++] = *p++;
  if (p == d0 || p - d0 > 15)
    return NULL;
  if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1])) {
    p++;
    const char *f0 = p;
    text[o++] = '.';
    while (isdigit((unsigned char)*p) && o < cap - 1)
      text[o++] = *p++;
    if (p - f0 > 15)
      return NULL;
    if (!cell && p - f0 == 3 && f0 - 1 - d0 <= 3 && *d0 != '0')
      return NULL;  // 1,420 or 1.420: a thousands separator, or a decimal mark
    if (*p == '.' || *p == ',')
      return NULL;  // 1.420.000 or 1,420.5: grouping, not read
  } else if ((*p == '.' || *p == ',') && isdigit((unsigned char)p[1])) {
    return NULL;
  }
  if (isdigit((unsigned char)*p))
    return NULL;
  text[o] = '\0';
  if (strcmp(text, "-0") == 0)
    strcpy(text, "0");
  *v = strtod(text, NULL);
  return p;
}

static const char *number(const char *s, double *v, char *text, size_t cap)
{
  return number_at(s, v, text, cap, false);
}

/* YYYY-MM-DD or DD.MM.YYYY at s (both exact); returns the end. */
static const char *full_date(const char *s, Date *d)
{
  char iso[11];
  if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
      isdigit((unsigned char)s[3]) && s[4] == '-' && isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6]) &&
      s[7] == '-' && isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9]) && !isdigit((unsigned char)s[10])) {
    memcpy(iso, s, 10);
    iso[10] = '\0';
    return date_parse(iso, d) ? s + 10 : NULL;
  }
  if (isdigit((unsigned char)s[0]) && isdigit((unsigned char)s[1]) && s[2] == '.' && isdigit((unsigned char)s[3]) &&
      isdigit((unsigned char)s[4]) && s[5] == '.' && isdigit((unsigned char)s[6]) && isdigit((unsigned char)s[7]) &&
      isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9]) && !isdigit((unsigned char)s[10])) {
    snprintf(iso, sizeof iso, "%.4s-%.2s-%.2s", s + 6, s + 3, s);
    return date_parse(iso, d) ? s + 10 : NULL;
  }
  return NULL;
}

/* A date, a month YYYY-MM or a year YYYY (their last day) at s; returns the end. */
static const char *period(const char *s, Date *d)
{
  const char *e = full_date(s, d);
  if (e)
    return e;
  for (int i = 0; i < 4; i++)
    if (!isdigit((unsigned char)s[i]))
      return NULL;
  int y = atoi(s), m = 12;
  e = s + 4;
  if (*e == '-' && isdigit((unsigned char)e[1]) && isdigit((unsigned char)e[2]) && !isdigit((unsigned char)e[3])) {
    m = (e[1] - '0') * 10 + (e[2] - '0');
    e += 3;
  } else if (isdigit((unsigned char)*e) || *e == '-') {
    return NULL;
  }
  if (y < 1900 || m < 1 || m > 12)
    return NULL;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
  char iso[32]; /* room for any int, though y has four digits here */
  snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, last);
  return date_parse(iso, d) ? e : NULL;
}

/* A due date: a day, or a month (its last day: "by 2026-06" is by the end of
 * June); not a year alone, which "by 2027" or "bis 2027" leaves open (its
 * start, or its end?). */
static const char *due_date(const char *s, Date *d)
{
  const char *e = period(s, d);
  return e && e - s > 4 ? e : NULL;
}

/* The "when" part: a due date (by ...) or a measurement date ((...), as of ...). */
static const char *when(const char *s, ImportValue *out)
{
  static const char *const by[] = {"by", "until", "due", NULL};
  const char *e;
  Date d;
  if ((e = word(s, "bis"))) {
    e = skip_ws(e);
    const char *z = word(e, "zum");
    if (z)
      e = skip_ws(z);
    if ((e = due_date(e, &d)))
      out->due = d, out->has_due = true;
    return e;
  }
  if ((e = any_word(s, by))) {
    if ((e = due_date(skip_ws(e), &d)))
      out->due = d, out->has_due = true;
    return e;
  }
  if (*s == '(') {
    e = skip_ws(s + 1);
    const char *z = word(e, "as of") ? word(e, "as of") : word(e, "stand");
    if (z)
      e = skip_ws(z);
    if (!(e = period(e, &d)))
      return NULL;
    e = skip_ws(e);
    if (*e != ')')
      return NULL;
    out->date = d, out->has_date = true;
    return e + 1;
  }
  if ((e = word(s, "as of")) || (e = word(s, "stand"))) {
    if ((e = period(skip_ws(e), &d)))
      out->date = d, out->has_date = true;
    return e;
  }
  return NULL;
}

/* Durations: minutes per unit word. */
static const struct { const char *w; double minutes; } dur_units[] = {
  {"minutes", 1}, {"minute", 1}, {"minuten", 1}, {"mins", 1}, {"min", 1},
  {"hours", 60}, {"hour", 60}, {"hrs", 60}, {"hr", 60}, {"stunden", 60}, {"stunde", 60}, {"std", 60}, {"h", 60},
  {"days", 1440}, {"day", 1440}, {"tage", 1440}, {"tagen", 1440}, {"tag", 1440}, {"d", 1440},
};

static const char *dur_unit(const char *s, double *minutes)
{
  for (size_t i = 0; i < sizeof dur_units / sizeof *dur_units; i++) {
    const char *e = word(s, dur_units[i].w);
    if (e) {
      *minutes = dur_units[i].minutes;
      return e;
    }
  }
  return NULL;
}

/* The rest of a value after its number or answer: an optional "when", then nothing. */
static bool rest_is_when(const char *p, ImportValue *out)
{
  if (*p && !(p = when(p, out)))
    return false;
  return *skip_ws(p) == '\0';
}

/* A yes or no answer, and the end of its word; NULL when p is neither. */
static const char *yes_no(const char *p, ImportValue *out)
{
  static const char *const yes[] = {"yes", "ja", "oui", "true", "wahr", "vrai", NULL};
  static const char *const no[] = {"no", "nein", "non", "false", "falsch", "faux", NULL};
  const char *e;
  if (!(e = any_word(p, yes)) && !(e = any_word(p, no)))
    return NULL;
  bool is_yes = any_word(p, yes) != NULL;
  out->kind = IV_YESNO;
  out->v = is_yes;
  strcpy(out->text, is_yes ? "1" : "0");
  return e;
}

/* A comparison before the number (<=, at least, höchstens ...) into *cmp; what
 * follows it.  NULL for a strict "<" or ">": a target is met at its value
 * (at most 5 is met by 5), which "<5" is not, so "<5" is no target objreg can
 * write (and "<5" as "at most 4" would be a guess: 4.5 is below 5 too). */
static const char *comparison(const char *p, int *cmp)
{
  static const struct { const char *s; int cmp; bool is_word; } cmps[] = {
    {"<=", -1, false}, {"\xE2\x89\xA4", -1, false}, {">=", 1, false}, {"\xE2\x89\xA5", 1, false},
    {"at most", -1, true}, {"at least", 1, true}, {"max.", -1, false}, {"min.", 1, false},
    {"höchstens", -1, true}, {"mindestens", 1, true},
  };
  for (size_t i = 0; i < sizeof cmps / sizeof *cmps; i++) {
    size_t n = strlen(cmps[i].s);
    if (cmps[i].is_word ? word(p, cmps[i].s) != NULL : strncmp(p, cmps[i].s, n) == 0) {
      *cmp = cmps[i].cmp;
      return skip_ws(p + n);
    }
  }
  return *p == '<' || *p == '>' ? NULL : p;  // "<5", "> 95", "< =5": strict, not read
}

/* A duration (2h 45min, 4 h 10 min, 14 days) in minutes: the first amount,
 * whose unit of per minutes ends at u, then smaller units; then the rest of the value. */
static bool duration(const char *u, double minutes, double per, ImportValue *out)
{
  double v, last = per;
  const char *p = skip_ws(u), *e;
  char text[48];
  while ((e = number(p, &v, text, sizeof text)) && v >= 0) {
    const char *q = skip_ws(e);
    if (!(u = dur_unit(q, &per)) || per >= last)
      return false;  // 2h 3 (no unit) or 45min 2h (not largest first)
    minutes += v * per;
    last = per;
    p = skip_ws(u);
  }
  out->kind = IV_DURATION;
  out->v = minutes;
  if (!rest_is_when(p, out))
    return false;
  snprintf(out->text, sizeof out->text, "%.15g", minutes);
  out->v = strtod(out->text, NULL);  // the value is what is written
  return !strchr(out->text, 'e') && !strchr(out->text, 'n') && !strchr(out->text, 'i');
}

/* The unit after a number: '%', a word for per cent, or a word of letters
 * (not a "when"); what follows it, or NULL when it is no unit. */
static const char *unit(const char *p, ImportValue *out)
{
  const char *const *pct = percent_words;
  const char *e;
  if (*p == '%') {
    strcpy(out->unit, "%");
    return skip_ws(p + 1);
  }
  if ((e = any_word(p, pct))) {
    strcpy(out->unit, "%");
    return skip_ws(e);
  }
  if (isalpha((unsigned char)*p) && !word(p, "by") && !word(p, "until") && !word(p, "due") && !word(p, "bis") &&
      !word(p, "as of") && !word(p, "stand")) {
    size_t n = 0;
    while (isalpha((unsigned char)p[n]) || p[n] == '-' || (unsigned char)p[n] >= 0x80)
      n++;
    if (n >= sizeof out->unit || (p[n] && p[n] != ' ' && p[n] != '('))
      return NULL;
    memcpy(out->unit, p, n);
    out->unit[n] = '\0';
    return skip_ws(p + n);
  }
  return p;
}

bool import_value_parse(const char *s, ImportValue *out)
{
  memset(out, 0, sizeof *out);
  const char *p = skip_ws(s), *e;
  if (!*p)
    return false;
  if ((e = yes_no(p, out)))
    return rest_is_when(skip_ws(e), out);
  if (!(p = comparison(p, &out->cmp)))
    return false;
  double v, per;
  char text[48];
  if (!(e = number(p, &v, text, sizeof text)))
    return false;
  p = skip_ws(e);
  const char *u;
  if ((u = dur_unit(p, &per)) && strcmp(text, "0") != 0 && v > 0)
    return duration(u, v * per, per, out);
  out->kind = IV_NUMBER;
  out->v = v;
  snprintf(out->text, sizeof out->text, "%s", text);
  return (p = unit(p, out)) && rest_is_when(p, out);
}

bool import_number_cell_parse(const char *s, ImportValue *out)
{
  memset(out, 0, sizeof *out);
  char text[48];
  double v;
  const char *e = strchr(s, ',') ? NULL : number_at(s, &v, text, sizeof text, true);  // a point, never a comma
  if (!e || (*e == '%' && *++e) || *e)
    return false;
  out->kind = IV_NUMBER;
  out->v = v;
  snprintf(out->text, sizeof out->text, "%s", text);
  if (e > s && e[-1] == '%')
    strcpy(out->unit, "%");
  return true;
}

bool import_date_parse(const char *s, Date *d)
{
  const char *p = skip_ws(s), *e = full_date(p, d);
  return e && *skip_ws(e) == '\0';
}
