/*
 * objective.c - an objective file: front matter -> Objective, body -> cmark.
 *
 * The reader checks what a value must be (a date is a real date, a number a
 * plain decimal, an enumeration one of its names, an id well formed) and
 * reports the rest to the rules: a missing field is not an error here, since
 * which fields a status needs is the business of rules.c.  A field with an
 * invalid value counts as present (SPEC section 3), but its value is not used.
 * Keys nobody knows are W-KEY warnings, at the key.
 */
#include "objreg.h"

#include <cmark.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

// Enumerations, with the synonyms the SPEC allows.
const char *const status_names[] = {"draft", "active", "achieved", "closed", "withdrawn", NULL};
const int status_vals[] = {ST_DRAFT, ST_ACTIVE, ST_ACHIEVED, ST_CLOSED, ST_WITHDRAWN};
const char *const level_names[] = {"organisation", "function", "process", "system", "location", "organization", NULL};
const int level_vals[] = {LV_ORGANISATION, LV_FUNCTION, LV_PROCESS, LV_SYSTEM, LV_LOCATION, LV_ORGANISATION};
const char *const dir_names[] = {"decrease", "increase", "decreasing", "increasing", NULL};
const int dir_vals[] = {DIR_DECREASE, DIR_INCREASE, DIR_DECREASE, DIR_INCREASE};
// The synonyms are English words with one meaning; "biannual" and "biweekly" have two and are not.
const char *const freq_names[] = {"weekly", "monthly", "quarterly", "semiannual", "annual", "semi-annual",
                                  "half-yearly", "yearly", "annually", NULL};
const int freq_vals[] = {FREQ_WEEKLY, FREQ_MONTHLY, FREQ_QUARTERLY, FREQ_SEMIANNUAL, FREQ_ANNUAL, FREQ_SEMIANNUAL,
                         FREQ_SEMIANNUAL, FREQ_ANNUAL, FREQ_ANNUAL};
const char *const risk_names[] = {"low", "medium", "high", "very high", "critical", NULL};
const int risk_vals[] = {RISK_LOW, RISK_MEDIUM, RISK_HIGH, RISK_VERY_HIGH, RISK_CRITICAL};
const char *const treat_names[] = {"modify", "retain", "avoid", "share", "mitigate", "treat", "reduce",
                                   "accept", "transfer", NULL};
const int treat_vals[] = {TR_MODIFY, TR_RETAIN, TR_AVOID, TR_SHARE, TR_MODIFY, TR_MODIFY, TR_MODIFY,
                          TR_RETAIN, TR_SHARE};
const char *const astatus_names[] = {"planned", "in-progress", "done", "blocked", "cancelled", NULL};
const int astatus_vals[] = {AS_PLANNED, AS_IN_PROGRESS, AS_DONE, AS_BLOCKED, AS_CANCELLED};

int enum_lookup(const char *const *names, const int *vals, const char *s)
{
  for (int i = 0; names[i]; i++)
    if (str_ieq(names[i], s))
      return vals[i];
  return 0;
}

/* "a, b or c" for messages. */
static const char *enum_list(Pack *pack, const char *const *names)
{
  Buf b;
  buf_init(&b);
  int n = 0;
  while (names[n])
    n++;
  for (int i = 0; i < n; i++) {
    if (i)
      buf_puts(&b, i == n - 1 ? " or " : ", ");
    buf_puts(&b, names[i]);
  }
  const char *s = arena_strdup(&pack->arena, b.s);
  buf_release(&b);
  return s;
}

//
// Reading values from YAML nodes
//

/* A plain scalar that YAML reads as null: empty, ~ or null. */
static bool is_null(const YNode *v)
{
  return v->kind == YN_SCALAR && v->plain &&
         (!*v->str || strcmp(v->str, "~") == 0 || str_ieq(v->str, "null"));
}

/* Words written where a value is still to come.  Read as a value, "TBD"
 * would be an owner and satisfy 6.2j; read as what it means, it is none. */
bool is_placeholder(const char *s)
{
  static const char *const words[] = {
    "tbd", "tba", "tbc", "t.b.d.", "t.b.a.", "t.b.c.", "tbd.", "n/a", "n.a.", "-", "--", "---", "\u2013", "\u2014",
    "?", "??", "???", "...", "\u2026", "xxx", "todo", "to do", "to be defined", "to be determined", "to be confirmed",
    "to be agreed", "unknown", "nobody", "k.a.", "k. a.", "n.n.", "nn", "unbekannt", "noch offen", "niemand",
    "\u00e0 d\u00e9finir", "a definir", "\u00e0 d\u00e9terminer", "\u00e0 confirmer", "n/d", "inconnu", NULL};
  char w[32];
  size_t n = strlen(s);
  while (n && isspace((unsigned char)s[n - 1]))
    n--;
  while (n && isspace((unsigned char)*s))
    s++, n--;
  if (n == 0 || n >= sizeof w)
    return false;
  for (size_t i = 0; i < n; i++)
    w[i] = (char)tolower((unsigned char)s[i]);
  w[n] = '\0';
  if (strncmp(w, "\xC3\x80", 2) == 0)  // \u00c0 d\u00e9finir: the capital A grave in lower case
    w[0] = '\xC3', w[1] = '\xA0';
  for (int i = 0; words[i]; i++)
    if (strcmp(w, words[i]) == 0)
      return true;
  return false;
}

const char *placeholder_note(Pack *pack, const Str *s)
{
  if (s->s || !s->placeholder)
    return "";
  return arena_printf(&pack->arena, " ('%s' at line %d is a placeholder, not a value)", s->placeholder, s->pos.line);
}

/* A text value; empty counts as absent. A list or mapping is E-FIELD (present, unusable). */
bool yscalar_str(Pack *pack, const YNode *v, const char *key, const char *what, Str *out)
{
  out->pos = v->pos;
  out->placeholder = NULL;
  if (v->kind != YN_SCALAR) {
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'%s' must be %s, not %s", key, what ? what : "a text",
             ynode_kind_name(v));
    out->s = "";
    return false;
  }
  // Blank counts as absent: white space, and the no-break or zero-width
  // spaces that show as nothing in a document.
  out->s = is_null(v) || utf8_blank(v->str) ? NULL : arena_strdup(&pack->arena, v->str);  // the tree is scratch

  return true;
}

/* A text that a rule asks for (an owner, resources, an evaluation...): a
 * placeholder written in its place ("TBD") counts as absent, and the rule
 * names it.  Dates, numbers and enumerations are not read this way: their
 * placeholders stay invalid values (E-FIELD), so that no default stands in
 * for them unseen. */
bool ytext(Pack *pack, const YNode *v, const char *key, Str *out)
{
  if (!yscalar_str(pack, v, key, NULL, out))
    return false;
  if (out->s && is_placeholder(out->s)) {  // "TBD" is no owner: absent, and the rules say why
    out->placeholder = out->s;
    out->s = NULL;
  }
  return true;
}

/* How to write a date people write otherwise, when what they meant is
 * certain: 2026-1-5 and 05.01.2026 are 2026-01-05; a time after the date
 * (2026-01-05T10:00:00+14:00) is dropped, the date kept as written. */
static const char *date_hint(Pack *pack, const char *s)
{
  int y, m, d, n = 0;
  char rest = 0;
  Date dt;
  char iso[11];
  if ((sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n >= 8 && (s[n] == 'T' || s[n] == ' ')) ||
      (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &rest) == 3 && strlen(s) < 10) ||
      (sscanf(s, "%2d.%2d.%4d%c", &d, &m, &y, &rest) == 3 && strlen(s) >= 8 && s[strlen(s) - 5] == '.')) {
    snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
    if (y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= 31 && date_parse(iso, &dt))
      return arena_printf(&pack->arena, ": write %s", iso);
  }
  return "";
}

bool ydate(Pack *pack, const YNode *v, const char *key, DateVal *out)
{
  Str s;
  out->v = DATE_NONE;
  out->pos = v->pos;
  out->present = false;
  if (!yscalar_str(pack, v, key, "a date", &s)) {
    out->present = true;
    return false;
  }
  if (!s.s)
    return true;
  out->present = true;
  if (!date_parse(s.s, &out->v)) {
    char odd[96];
    bool oddity = utf8_oddity(s.s, odd, sizeof odd);
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid date '%s' for '%s' (a real date, YYYY-MM-DD%s%s)%s", s.s, key,
             oddity ? "; it holds " : "", oddity ? odd : "", date_hint(pack, s.s));
    return false;
  }
  out->valid = true;
  return true;
}

/* Whether s reads as a number with its thousands grouped by '.' (1.420,
 * -12.500): one to three digits, not starting with 0, then '.' and three. */
static bool thousands_shape(const char *s)
{
  s += *s == '-';
  size_t lead = strspn(s, "0123456789");
  return lead >= 1 && lead <= 3 && s[0] != '0' && s[lead] == '.' && strspn(s + lead + 1, "0123456789") == 3 &&
         s[lead + 4] == '\0';
}

/* How to write a number people write otherwise: 90,5 and 90 % are common. */
static const char *number_hint(Pack *pack, const char *s)
{
  size_t n = strlen(s), lead = strspn(s + (*s == '-'), "0123456789") + (*s == '-');
  if (lead > (size_t)(*s == '-') && s[lead] == ',' && lead + 1 < n && strspn(s + lead + 1, "0123456789") == n - lead - 1) {
    const char *frac = s + lead + 1;
    if (strlen(frac) != 3)
      return arena_printf(&pack->arena, ": front matter writes the decimal mark as '.', %.*s.%s", (int)lead, s, frac);
    // 1,500: 1500 or 1.5? The decimal as no pack reads it as grouped: 1.5, 1.25, 1.1250.
    int k = 3;
    while (k && frac[k - 1] == '0')
      k--;
    return arena_printf(&pack->arena, ": front matter has no thousands separator and writes the decimal mark as '.': "
                        "%.*s%s for the whole number, %.*s%s%.*s%s for the decimal", (int)lead, s, frac, (int)lead, s,
                        k ? "." : "", k, frac, k == 3 ? "0" : "");
  }
  // 1 000, 1\u00a0000, 1\u202f000 (French): digits grouped by a space
  char whole[32];
  size_t w = 0, group = 0;
  bool grouped = false, ok = true;
  for (const char *p = s + (*s == '-'); *p && ok && w + 1 < sizeof whole;) {
    size_t k = strncmp(p, "\u00a0", 2) == 0 ? 2 : strncmp(p, "\u202f", 3) == 0 ? 3 : *p == ' ' ? 1 : 0;
    if (k) {
      ok = group >= 1 && group <= 3 && (grouped ? group == 3 : true);
      grouped = true, group = 0, p += k;
    } else if (isdigit((unsigned char)*p)) {
      whole[w++] = *p++, group++;
    } else {
      ok = false;
    }
  }
  if (ok && grouped && group == 3) {
    whole[w] = '\0';
    return arena_printf(&pack->arena, ": front matter has no thousands separator, write %s%s", *s == '-' ? "-" : "",
                        whole);
  }
  const char *pct = strchr(s, '%');
  if (pct && pct[1] == '\0' && pct > s) {
    size_t k = (size_t)(pct - s);
    while (k && s[k - 1] == ' ')
      k--;
    double v;
    if (num_parse_n(s, k, false, &v))
      return arena_printf(&pack->arena, ": write the number alone, %.*s, and the unit in 'unit'", (int)k, s);
  }
  return "";
}

bool ynum(Pack *pack, const YNode *v, const char *key, Num *out)
{
  Str s;
  memset(out, 0, sizeof *out);
  out->pos = v->pos;
  if (!yscalar_str(pack, v, key, "a number", &s)) {
    out->present = true;
    return false;
  }
  if (!s.s)
    return true;
  out->present = true;
  if (!num_parse(s.s, false, &out->v)) {
    char odd[96];
    bool oddity = utf8_oddity(s.s, odd, sizeof odd);
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid number '%s' for '%s' (a plain decimal, no exponent%s%s)%s", s.s,
             key, oddity ? "; it holds " : "", oddity ? odd : "", number_hint(pack, s.s));
    return false;
  }
  if (pack->language != LANG_EN && thousands_shape(s.s)) {
    char whole[16];
    size_t n = 0;
    for (const char *p = s.s; *p; p++)
      if (*p != '.')
        whole[n++] = *p;
    whole[n] = '\0';
    diag_add(pack, v->pos, RULE_E_FIELD, NULL,
             "ambiguous number '%s' for '%s': in front matter '.' is the decimal mark, but in a pack in %s it "
             "also groups thousands; write %s for the whole number, or %s0 for the decimal",
             s.s, key, pack->language == LANG_DE ? "German" : "French", whole, s.s);
    return false;
  }
  if (fabs(out->v) >= NUM_LIMIT) {
    diag_add(pack, v->pos, RULE_E_FIELD, NULL,
             "number '%s' for '%s' has more than 15 digits before the decimal mark: numbers are read exactly "
             "only below 10^15", s.s, key);
    return false;
  }
  const char *point = strchr(s.s, '.');
  out->dec = point ? (int)strlen(point + 1) : 0;
  out->valid = true;
  return true;
}

bool yenum(Pack *pack, const YNode *v, const char *key, const char *const *names, const int *vals, Enum *out)
{
  Str s;
  memset(out, 0, sizeof *out);
  out->pos = v->pos;
  if (!yscalar_str(pack, v, key, NULL, &s)) {
    out->present = true;
    return false;
  }
  if (!s.s)
    return true;
  out->present = true;
  int f = vocab_field_of(names);  // the pack's language and vocabulary: as well (SPEC section 11)
  out->v = f >= 0 ? vocab_lookup(pack, (VocabField)f, s.s) : enum_lookup(names, vals, s.s);
  if (!out->v) {
    char odd[96];
    bool oddity = utf8_oddity(s.s, odd, sizeof odd);
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid %s '%s' (expected %s%s%s)", key, s.s, enum_list(pack, names),
             oddity ? "; it holds " : "", oddity ? odd : "");
    return false;
  }
  return true;
}

/* A list of texts; a single text is a list of one. */
void ystrlist(Pack *pack, const YNode *v, const char *key, StrList *out)
{
  out->present = true;
  out->pos = v->pos;
  if (v->kind == YN_MAP) {
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'%s' must be a list of ids, not a mapping", key);
    out->invalid = true;
    return;
  }
  if (v->kind == YN_SCALAR) {
    Str s;
    yscalar_str(pack, v, key, NULL, &s);
    if (!s.s)
      return;
    out->v = arena_alloc(&pack->arena, sizeof *out->v);
    out->v[out->n++] = s;
    return;
  }
  out->v = arena_alloc(&pack->arena, (size_t)(v->n ? v->n : 1) * sizeof *out->v);
  for (int i = 0; i < v->n; i++) {
    Str s;
    if (!yscalar_str(pack, v->kids[i], key, "a list of ids", &s))
      out->invalid = true;
    else if (s.s)
      out->v[out->n++] = s;
  }
}

static bool ybool(Pack *pack, const YNode *v, const char *key, bool *out)
{
  Str s;
  if (!yscalar_str(pack, v, key, "true or false", &s) || !s.s)
    return false;
  if (str_ieq(s.s, "true") || str_ieq(s.s, "yes"))
    *out = true;
  else if (str_ieq(s.s, "false") || str_ieq(s.s, "no"))
    *out = false;
  else {
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'%s' must be true or false, not '%s'", key, s.s);
    return false;
  }
  return true;
}

void ykey_unknown(Pack *pack, const YNode *key, const char *where, const char *known)
{
  if (strcmp(key->str, "<<") == 0) {  // YAML 1.1's merge key: read as a key, its keys would be lost
    diag_add(pack, key->pos, RULE_E_FIELD, NULL,
             "'<<' (a YAML merge key) in %s is not read: write the keys it would merge as keys of their own", where);
    return;
  }
  // The key as it would be written: as it looks (no invisible characters,
  // ASCII letters and dashes for their look-alikes), lower case, '_' for '-'
  // and ' ', without spaces around it.
  char look[96], norm[96];
  size_t end = utf8_skeleton(key->str, look, sizeof look);
  while (end && (look[end - 1] == ' ' || look[end - 1] == '\t' || look[end - 1] == ':'))  // "owner:: x"
    end--;
  size_t start = strspn(look, " \t"), n = 0;
  for (size_t i = start; i < end; i++)
    norm[n++] = look[i] == '-' || look[i] == ' ' ? '_' : look[i];
  norm[n] = '\0';
  for (const char *k = known; *k;) {
    size_t len = strcspn(k, " ");
    if (len == n && memcmp(k, norm, n) == 0) {
      char odd[96];
      bool oddity = utf8_oddity(key->str, odd, sizeof odd);
      if (oddity || strcspn(key->str, " \t:") != strlen(key->str))
        diag_add(pack, key->pos, RULE_E_FIELD, NULL,
                 "'%s' in %s must be written '%.*s' (it holds %s): as written it is not read, and its default would "
                 "be used instead", key->str, where, (int)len, k,
                 oddity ? odd : strchr(key->str, ':') ? "a ':'" : "a space");
      else
        diag_add(pack, key->pos, RULE_E_FIELD, NULL,
                 "'%s' in %s must be written '%.*s': as written it is not read, and its default would be used instead",
                 key->str, where, (int)len, k);
      return;
    }
    k += len + (k[len] == ' ');
  }
  diag_add(pack, key->pos, RULE_W_KEY, NULL, "unknown key '%s' in %s", key->str, where);
}

/* A list of mappings (measures, plan, communicated): the items that are
 * mappings.  *invalid is set when the value or an item is of another kind. */
int ymaplist(Pack *pack, const YNode *v, const char *key, const YNode ***items, bool *invalid)
{
  if (v->kind != YN_SEQ) {
    if (!is_null(v)) {
      diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'%s' must be a list, not %s%s", key, ynode_kind_name(v),
               v->kind == YN_MAP ? ": for a list of one, put the mapping in [ ] or after '- '" : "");
      *invalid = true;
    }
    *items = NULL;
    return 0;
  }
  const YNode **out = arena_alloc(&pack->arena, (size_t)(v->n ? v->n : 1) * sizeof *out);
  int n = 0;
  for (int i = 0; i < v->n; i++) {
    if (v->kids[i]->kind != YN_MAP) {
      diag_add(pack, v->kids[i]->pos, RULE_E_FIELD, NULL, "each item of '%s' must be a mapping, not %s", key,
               ynode_kind_name(v->kids[i]));
      *invalid = true;
    } else
      out[n++] = v->kids[i];
  }
  *items = out;
  return n;
}


/* Non-scalar keys are refused once, as YAML structure. */
const char *ykey_str(Pack *pack, const YNode *k)
{
  if (k->kind != YN_SCALAR) {
    diag_add(pack, k->pos, RULE_E_FIELD, NULL, "a key must be a text, not %s", ynode_kind_name(k));
    return NULL;
  }
  return k->str;
}

//
// Measures, actions, communications, review
//

/* achieved_when: {consecutive: N} or {average_of: N}, N a whole number 1..1000 (SPEC 20). */
static void read_achieved_when(Pack *pack, const YNode *v, AchievedWhen *aw)
{
  aw->kind = AW_LATEST;
  aw->n = 1;
  aw->pos = v->pos;
  aw->present = !is_null(v);
  if (!aw->present)
    return;
  if (v->kind != YN_MAP || v->n != 2) {
    const char *what = v->kind == YN_SCALAR ? arena_printf(&pack->scratch, "'%s'", v->str)
                       : v->kind == YN_SEQ  ? "a list"
                       : v->n               ? arena_printf(&pack->scratch, "%d rules", v->n / 2)
                                            : "an empty mapping";
    diag_add(pack, v->pos, RULE_E_FIELD, NULL,
             "'achieved_when' must be one rule, {consecutive: N} or {average_of: N}, not %s", what);
    return;
  }
  const YNode *k = KEY(v, 0), *nv = VAL(v, 0);
  const char *key = ykey_str(pack, k);
  if (!key)
    return;
  AchieveKind kind = IS("consecutive") ? AW_CONSECUTIVE : IS("average_of") ? AW_AVERAGE : AW_LATEST;
  if (kind == AW_LATEST) {
    diag_add(pack, k->pos, RULE_E_FIELD, NULL, "unknown rule '%s' in 'achieved_when' (expected consecutive or average_of)",
             key);
    return;
  }
  const char *s = nv->kind == YN_SCALAR ? nv->str : "";
  size_t len = strspn(s, "0123456789");
  long n = len && len <= 4 && !s[len] ? strtol(s, NULL, 10) : 0;
  if (n < 1 || n > 1000) {
    diag_add(pack, nv->pos, RULE_E_FIELD, NULL, "invalid count '%s' for '%s' (a whole number from 1 to 1000)",
             nv->kind == YN_SCALAR ? s : ynode_kind_name(nv), key);
    return;
  }
  aw->kind = kind;
  aw->n = (int)n;
}

static void read_measure(Pack *pack, const YNode *m, Measure *ms)
{
  ms->achieved_when.n = 1;
  ms->pos = m->pos;
  for (int i = 0; i < m->n / 2; i++) {
    const char *key = ykey_str(pack, KEY(m, i));
    const YNode *v = VAL(m, i);
    if (!key)
      continue;
    if (IS("id")) yscalar_str(pack, v, key, NULL, &ms->id);
    else if (IS("name")) yscalar_str(pack, v, key, NULL, &ms->name);
    else if (IS("unit")) yscalar_str(pack, v, key, NULL, &ms->unit);
    else if (IS("source")) yscalar_str(pack, v, key, NULL, &ms->source);
    else if (IS("direction")) yenum(pack, v, key, dir_names, dir_vals, &ms->direction);
    else if (IS("frequency")) yenum(pack, v, key, freq_names, freq_vals, &ms->frequency);
    else if (IS("baseline")) ynum(pack, v, key, &ms->baseline);
    else if (IS("target")) ynum(pack, v, key, &ms->target);
    else if (IS("baseline_date")) ydate(pack, v, key, &ms->baseline_date);
    else if (IS("due")) ydate(pack, v, key, &ms->due);
    else if (IS("achieved_when")) read_achieved_when(pack, v, &ms->achieved_when);
    else ykey_unknown(pack, KEY(m, i), "a measure", "id name unit source direction frequency baseline target baseline_date due achieved_when");
  }
  if (!ms->id.s)
    diag_add(pack, m->pos, RULE_E_FIELD, NULL, "measure has no 'id'");
  // A share in per cent cannot pass 100 (its forecast is capped there too):
  // 120 is a typing error, or a unit that is not a share.
  Num *share[2] = {&ms->baseline, &ms->target};
  static const char *const share_key[2] = {"baseline", "target"};
  for (int i = 0; i < 2 && unit_is_percent(ms->unit.s); i++)
    if (share[i]->valid && share[i]->v > 100) {
      char t[48];
      diag_add(pack, share[i]->pos, RULE_E_FIELD, NULL,
               "%s %s is above 100 for a measure in '%s', which a share cannot be; correct it, or, if the "
               "measure can pass 100 (budget used, a ratio), give it a unit that says of what ('%% of budget')",
               share_key[i], num_text(share[i]->v, t), ms->unit.s);
      share[i]->valid = false;
    }
  // A fraction where a percentage is meant (target: 0.9 for 90%): beside a
  // baseline of 50 it would be met from the start, and shown green.
  if (ms->target.valid && ms->baseline.valid && ms->direction.v == DIR_INCREASE && unit_is_percent(ms->unit.s) &&
      ms->target.v > 0 && ms->target.v <= 1 && ms->baseline.v > 1) {
    char t[48], b[48], pct[48];
    diag_add(pack, ms->target.pos, RULE_E_FIELD, NULL,
             "target %s of measure '%s' (unit %s, direction increase) is below its baseline %s: a fraction where "
             "a percentage is meant? As written the measure is met from its start; write the target in percent (%s)",
             num_text(ms->target.v, t), ms->id.s ? ms->id.s : "?", ms->unit.s, num_text(ms->baseline.v, b),
             num_text(ms->target.v * 100, pct));
    ms->target.valid = false;
  }
}

static void read_action(Pack *pack, const YNode *m, Action *a)
{
  a->pos = m->pos;
  for (int i = 0; i < m->n / 2; i++) {
    const char *key = ykey_str(pack, KEY(m, i));
    const YNode *v = VAL(m, i);
    if (!key)
      continue;
    if (IS("id")) yscalar_str(pack, v, key, NULL, &a->id);
    else if (IS("action")) ytext(pack, v, key, &a->action);
    else if (IS("owner")) ytext(pack, v, key, &a->owner);
    else if (IS("resources")) ytext(pack, v, key, &a->resources);
    else if (IS("due")) ydate(pack, v, key, &a->due);
    else ykey_unknown(pack, KEY(m, i), "a plan action", "id action owner resources due");
  }
  if (!a->id.s)
    diag_add(pack, m->pos, RULE_E_FIELD, NULL, "plan action has no 'id'");
}

static void read_comm(Pack *pack, const YNode *m, Communication *c)
{
  c->pos = m->pos;
  for (int i = 0; i < m->n / 2; i++) {
    const char *key = ykey_str(pack, KEY(m, i));
    const YNode *v = VAL(m, i);
    if (!key)
      continue;
    if (IS("audience")) ytext(pack, v, key, &c->audience);
    else if (IS("channel")) yscalar_str(pack, v, key, NULL, &c->channel);
    else if (IS("date")) ydate(pack, v, key, &c->date);
    else ykey_unknown(pack, KEY(m, i), "a communication", "audience channel date");
  }
}

static void read_review(Pack *pack, const YNode *m, Review *r)
{
  r->present = true;
  r->pos = m->pos;
  if (m->kind != YN_MAP) {
    if (!is_null(m)) {
      diag_add(pack, m->pos, RULE_E_FIELD, NULL, "'review' must be a mapping, not %s", ynode_kind_name(m));
      r->invalid = true;
    } else {
      r->present = false;
    }
    return;
  }
  for (int i = 0; i < m->n / 2; i++) {
    const char *key = ykey_str(pack, KEY(m, i));
    const YNode *v = VAL(m, i);
    if (!key)
      continue;
    if (IS("frequency")) yenum(pack, v, key, freq_names, freq_vals, &r->frequency);
    else if (IS("last")) ydate(pack, v, key, &r->last);
    else if (IS("next")) ydate(pack, v, key, &r->next);
    else ykey_unknown(pack, KEY(m, i), "'review'", "frequency last next");
  }
}

/* Ids unique within their objective: later duplicates are E-DUP. */
static void check_unique(Pack *pack, const Str *ids, size_t stride, int n, const char *what)
{
  for (int i = 0; i < n; i++) {
    const Str *a = (const Str *)((const char *)ids + (size_t)i * stride);
    for (int j = 0; a->s && j < i; j++) {
      const Str *b = (const Str *)((const char *)ids + (size_t)j * stride);
      if (b->s && strcmp(a->s, b->s) == 0) {
        diag_add(pack, a->pos, RULE_E_DUP, NULL, "%s id '%s' already defined at line %d", what, a->s, b->pos.line);
        break;
      }
    }
  }
}

//
// The objective
//

/* The objective id grammar (OBJECTIVE_ID_RULE); its length is the pack's limit. */
bool objective_id_valid(const char *s)
{
  if (!isalpha((unsigned char)*s))
    return false;
  for (s++; *s; s++)
    if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.' && *s != '-')
      return false;
  return true;
}

/* id and title first: they decide whether the file is used at all. */
static bool read_identity(Pack *pack, Objective *o, const YNode *fm)
{
  for (int i = 0; i < fm->n / 2; i++) {
    const YNode *k = KEY(fm, i), *v = VAL(fm, i);
    if (k->kind != YN_SCALAR)
      continue;
    if (strcmp(k->str, "id") == 0) {
      if (!yscalar_str(pack, v, "id", NULL, &o->id))
        return false;
      if (o->id.s && (int)utf8_len(o->id.s) > pack->limits.id_length) {
        diag_add(pack, v->pos, RULE_E_LIMIT, NULL, "id is longer than %d characters; file not used", pack->limits.id_length);
        return false;
      }
      if (o->id.s && !objective_id_valid(o->id.s)) {
        char odd[96];
        if (utf8_oddity(o->id.s, odd, sizeof odd))
          diag_add(pack, v->pos, RULE_E_FIELD, NULL,
                   "invalid objective id '%s': it holds %s (" OBJECTIVE_ID_RULE ", in ASCII); file not used", o->id.s,
                   odd);
        else
          diag_add(pack, v->pos, RULE_E_FIELD, NULL, "invalid objective id '%s' (" OBJECTIVE_ID_RULE "); file not used",
                   o->id.s);
        return false;
      }
    } else if (strcmp(k->str, "title") == 0) {
      ytext(pack, v, "title", &o->title);
      if (o->title.s && (int)utf8_len(o->title.s) > pack->limits.title_length) {
        diag_add(pack, v->pos, RULE_E_LIMIT, NULL, "title is longer than %d characters; file not used", pack->limits.title_length);
        return false;
      }
    } else if (strcmp(k->str, "status") == 0) {
      yenum(pack, v, "status", status_names, status_vals, &o->status);
    }
  }
  if (!o->id.s) {
    diag_add(pack, o->pos, RULE_E_FIELD, NULL, "objective has no 'id'; file not used");
    return false;
  }
  if (!o->status.v)
    o->status.v = ST_ACTIVE;
  return true;
}

static void read_fields(Pack *pack, Objective *o, const YNode *fm)
{
  Arena *A = &pack->arena;
  for (int i = 0; i < fm->n / 2; i++) {
    const char *key = ykey_str(pack, KEY(fm, i));
    const YNode *v = VAL(fm, i);
    if (!key || IS("id") || IS("title") || IS("status"))
      continue;
    if (IS("level")) yenum(pack, v, key, level_names, level_vals, &o->level);
    else if (IS("function")) ytext(pack, v, key, &o->function);
    else if (IS("owner")) ytext(pack, v, key, &o->owner);
    else if (IS("resources")) ytext(pack, v, key, &o->resources);
    else if (IS("evaluation")) ytext(pack, v, key, &o->evaluation);
    else if (IS("evidence")) ytext(pack, v, key, &o->evidence);
    else if (IS("version")) ytext(pack, v, key, &o->version);
    else if (IS("approved_by")) ytext(pack, v, key, &o->approved_by);
    else if (IS("approved_on")) ydate(pack, v, key, &o->approved_on);
    else if (IS("due")) ydate(pack, v, key, &o->due);
    else if (IS("policy")) ystrlist(pack, v, key, &o->policy), o->policy.key_pos = KEY(fm, i)->pos;
    else if (IS("requirements")) ystrlist(pack, v, key, &o->requirements), o->requirements.key_pos = KEY(fm, i)->pos;
    else if (IS("risks")) ystrlist(pack, v, key, &o->risks), o->risks.key_pos = KEY(fm, i)->pos;
    else if (IS("tags")) ystrlist(pack, v, key, &o->tags);
    else if (IS("review")) read_review(pack, v, &o->review);
    else if (IS("measurable")) {
      o->has_measurable = true;
      o->measurable_pos = KEY(fm, i)->pos;
      bool b = true;
      ybool(pack, v, key, &b);
      o->measurable = b;
    } else if (IS("measures")) {
      const YNode **items;
      o->measures_present = true;
      o->n_measures = ymaplist(pack, v, key, &items, &o->measures_invalid);
      o->measures = arena_alloc(A, (size_t)(o->n_measures ? o->n_measures : 1) * sizeof *o->measures);
      for (int j = 0; j < o->n_measures; j++)
        read_measure(pack, items[j], &o->measures[j]);
    } else if (IS("plan")) {
      const YNode **items;
      o->plan_present = true;
      o->n_actions = ymaplist(pack, v, key, &items, &o->plan_invalid);
      o->actions = arena_alloc(A, (size_t)(o->n_actions ? o->n_actions : 1) * sizeof *o->actions);
      for (int j = 0; j < o->n_actions; j++)
        read_action(pack, items[j], &o->actions[j]);
    } else if (IS("communicated")) {
      const YNode **items;
      o->comms_present = true;
      o->n_comms = ymaplist(pack, v, key, &items, &o->comms_invalid);
      o->comms = arena_alloc(A, (size_t)(o->n_comms ? o->n_comms : 1) * sizeof *o->comms);
      for (int j = 0; j < o->n_comms; j++)
        read_comm(pack, items[j], &o->comms[j]);
    } else {
      ykey_unknown(pack, KEY(fm, i), "objective front matter", "id title status level function owner resources evaluation evidence version approved_by approved_on due policy requirements risks tags review measurable measures plan communicated");
    }
  }
}

/* Defaults that depend on other fields, and checks across fields. */
static void settle(Pack *pack, Objective *o)
{
  if (!o->has_measurable)
    o->measurable = true;
  for (int j = 0; j < o->n_measures; j++) {
    Measure *m = &o->measures[j];
    m->due_eff = m->due.valid ? m->due.v : dv(o->due);
  }
  for (int j = 0; j < o->n_actions; j++) {
    Action *a = &o->actions[j];
    a->owner_eff = a->owner.s ? a->owner.s : o->owner.s;
  }
  if (o->n_measures)
    check_unique(pack, &o->measures[0].id, sizeof(Measure), o->n_measures, "measure");
  if (o->n_actions)
    check_unique(pack, &o->actions[0].id, sizeof(Action), o->n_actions, "action");
  if (o->level.v && o->level.v != LV_ORGANISATION && !o->function.s)
    diag_add(pack, o->pos, RULE_E_FIELD, o, "objective '%s' has level '%s' but no 'function'", o->id.s,
             level_names[o->level.v - LV_ORGANISATION]);
}

/* Measure and action ids within the id length limit; else E-LIMIT, file not used. */
static bool ids_within_limit(Pack *pack, const Objective *o)
{
  const Str *id;
  for (int i = 0; i < o->n_measures + o->n_actions; i++) {
    id = i < o->n_measures ? &o->measures[i].id : &o->actions[i - o->n_measures].id;
    if (id->s && (int)utf8_len(id->s) > pack->limits.id_length) {
      diag_add(pack, id->pos, RULE_E_LIMIT, NULL, "id is longer than %d characters; file not used", pack->limits.id_length);
      return false;
    }
  }
  return true;
}

/* The findings about this file since the first-th carry its objective's id,
 * now that it is known (those about the front matter came before it). */
static void own_findings(Pack *pack, int first, const Objective *o)
{
  for (int i = first; i < pack->diags.len; i++) {
    Diag *d = &pack->diags.v[i];
    if (!d->objective && strcmp(d->pos.file, o->file) == 0)
      d->objective = o->id.s;
  }
}

Objective *objective_read(Pack *pack, const SrcFile *f)
{
  int first = pack->diags.len;
  size_t body_off;
  int body_line;
  Pos at1 = {f->path, 1, 1};
  const YNode *fm = fm_mapping(pack, f, "objective", &body_off, &body_line);
  if (!fm)
    return NULL;

  Objective *o = arena_alloc(&pack->arena, sizeof *o);
  o->pos = at1;
  o->file = f->path;
  o->index = -1;  // until pack_add_objective gives it its place
  o->review.pos = at1;
  if (!read_identity(pack, o, fm))
    return NULL;
  read_fields(pack, o, fm);
  bool usable = ids_within_limit(pack, o);
  own_findings(pack, first, o);
  if (!usable)
    return NULL;
  settle(pack, o);

  o->body = cmark_parse_document(f->data + body_off, f->len - body_off, CMARK_OPT_DEFAULT);
  o->body_line = body_line;
  arena_reset(&pack->scratch);
  return o;
}

//
// Names of enumerated values, for messages and renderers
//

const char *status_name(ObjStatus s)
{
  static const char *const n[] = {"", "active", "draft", "achieved", "closed", "withdrawn"};
  return n[s];
}

const char *level_name(Level l)
{
  static const char *const n[] = {"", "organisation", "function", "process", "system", "location"};
  return n[l];
}

const char *dir_name(Direction d)
{
  static const char *const n[] = {"", "decrease", "increase"};
  return n[d];
}

const char *freq_name(Frequency f)
{
  static const char *const n[] = {"", "weekly", "monthly", "quarterly", "semiannual", "annual"};
  return n[f];
}

const char *risk_level_name(RiskLevel l)
{
  static const char *const n[] = {"", "low", "medium", "high", "very high", "critical"};
  return n[l];
}

const char *treatment_name(Treatment t)
{
  static const char *const n[] = {"", "modify", "retain", "avoid", "share"};
  return n[t];
}

const char *astatus_name(ActionStatus s)
{
  static const char *const n[] = {"", "planned", "in-progress", "done", "blocked", "cancelled"};
  return n[s];
}
