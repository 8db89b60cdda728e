/*
 * rules.c - the rules of SPEC section 8: one table, one check per rule.
 *
 * The table is the single source of rule ids, clause wording and default
 * severities: diag.c reads it for severities, the JSON and SARIF writers for
 * metadata, the README's table is written from it.  rules_run() applies the
 * checks that the objective's status calls for (SPEC section 7):
 *
 *     active     every rule
 *     achieved   every rule but 6.2d and 6.2f
 *     draft      every rule but 6.2d and 6.2e, as warnings at most (diag.c)
 *     closed, withdrawn   only E-, W- and 6.2g
 *
 * Positions follow SPEC section 3: a missing field at 1:1 of its file (or the
 * list item that lacks it), a present value at its node.
 */
#include "objreg.h"

#include <cmark.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const Rule rules[] = {
  {"6.2", "establish information security objectives", "the pack establishes at least one objective", SEV_ERROR},
  {"6.2a", "be consistent with the information security policy", "references at least one policy statement, each of which exists", SEV_ERROR},
  {"6.2b", "be measurable (if practicable)", "at least one measure with a numeric target, direction and frequency, or measurable: false with evidence", SEV_ERROR},
  {"6.2c", "take into account applicable information security requirements, and results from risk assessment and risk treatment", "references at least one risk or requirement, each of which exists", SEV_ERROR},
  {"6.2c-coverage", "take into account results from risk assessment and risk treatment", "an open risk at or above the coverage threshold, treated by modification, is addressed by an active or achieved objective", SEV_WARNING},
  {"6.2d", "be monitored", "an active objective's measures have progress data, none of it stale", SEV_WARNING},
  {"6.2e", "be communicated", "the objective records at least one communication with audience and date", SEV_ERROR},
  {"6.2f", "be updated as appropriate", "the review has a frequency, a last date within frequency and grace of as_of, and a next date not past", SEV_WARNING},
  {"6.2g", "be available as documented information", "version, approved_by and approved_on are present", SEV_ERROR},
  {"6.2h", "what will be done", "the plan has at least one action", SEV_ERROR},
  {"6.2i", "what resources will be required", "resources on the objective, or on every action", SEV_ERROR},
  {"6.2j", "who will be responsible", "an owner, and an owner for every action (inherited from the objective)", SEV_ERROR},
  {"6.2k", "when it will be completed", "a due date, and a due date for every action not later than the objective's", SEV_ERROR},
  {"6.2l", "how the results will be evaluated", "an evaluation method", SEV_ERROR},
  {"Q-ACTIVITY", "objectives state results, not activities", "the title does not start with an activity verb", SEV_WARNING},
  {"Q-VAGUE", "objectives are specific", "the title is not a known vague phrase", SEV_WARNING},
  {"P-REF", "progress data refers to what exists", "a progress row names a known objective, measure or action", SEV_ERROR},
  {"P-VALUE", "progress data is well formed", "a progress row has a valid date, number and status", SEV_ERROR},
  {"P-DUP", "progress data is unambiguous", "no second row for the same item and date (the later one wins)", SEV_WARNING},
  {"P-FUTURE", "progress data is not dated after the evaluation date", "a row dated after as_of is not used", SEV_WARNING},
  {"E-IO", "input is readable", "an unreadable or non-regular file", SEV_ERROR},
  {"E-UTF8", "input is UTF-8 text", "invalid UTF-8 or a control character", SEV_ERROR},
  {"E-YAML", "front matter is valid YAML", "YAML syntax or structure, anchors and aliases, unterminated front matter", SEV_ERROR},
  {"E-CSV", "CSV files are well formed", "CSV syntax or a missing column", SEV_ERROR},
  {"E-FIELD", "values are valid", "an invalid value: date, number, enumeration or id", SEV_ERROR},
  {"E-DUP", "ids are unique", "an id defined twice", SEV_ERROR},
  {"E-PATH", "input stays inside the pack", "a link leading outside the pack", SEV_ERROR},
  {"E-LIMIT", "input stays within limits", "a size, depth or count limit", SEV_ERROR},
  {"W-KEY", "keys are known", "an unknown key (a typo must not pass silently)", SEV_WARNING},
  {"W-GLYPH", "text prints as written", "a character the fonts cannot print", SEV_WARNING},
  {"W-TRUNC", "text fits a spreadsheet cell", "text cut at Excel's 32,767-character cell limit", SEV_WARNING},
};
const int n_rules = sizeof rules / sizeof *rules;

int rule_index(const char *id)
{
  for (int i = 0; i < n_rules; i++)
    if (strcmp(rules[i].id, id) == 0)
      return i;
  return -1;
}

/* Whether an objective's status calls for a rule (SPEC section 7). */
static bool applies(const Objective *o, const char *rule)
{
  switch (o->status.v) {
  case ST_ACHIEVED: return strcmp(rule, "6.2d") != 0 && strcmp(rule, "6.2f") != 0;
  case ST_DRAFT: return strcmp(rule, "6.2d") != 0 && strcmp(rule, "6.2e") != 0;
  case ST_CLOSED:
  case ST_WITHDRAWN: return rule[0] == 'E' || rule[0] == 'W' || strcmp(rule, "6.2g") == 0;
  default: return true;
  }
}

static void date_str(Date d, char *out)
{
  date_format(d, out);
}

/* "a, b and c" from the non-NULL names. */
static void join_names(Buf *b, const char *const *names, int n)
{
  for (int i = 0; i < n; i++) {
    if (i)
      buf_puts(b, i == n - 1 ? " and " : ", ");
    buf_puts(b, names[i]);
  }
}

//
// The checks, one per rule
//

static void check_refs(Pack *pack, const Objective *o, const StrList *l, const Map *ids, const char *rule, const char *what)
{
  for (int i = 0; i < l->n; i++)
    if (!map_get(ids, l->v[i].s))
      diag_add(pack, l->v[i].pos, rule, o, "objective '%s' references unknown %s '%s'", o->id.s, what, l->v[i].s);
}

/* An objective must be stated: a title (reported under 6.2, establish objectives). */
static void check_stated(Pack *pack, const Objective *o)
{
  if (!o->title.s)
    diag_add(pack, o->pos, "6.2", o, "objective '%s' has no title: state the result it achieves", o->id.s);
}

static void check_62a(Pack *pack, const Objective *o)
{
  if (!o->policy.n && !o->policy.invalid)
    diag_add(pack, o->pos, "6.2a", o, "objective '%s' references no policy statement", o->id.s);
  check_refs(pack, o, &o->policy, &pack->policy_by_id, "6.2a", "policy statement");
}

static void check_62b(Pack *pack, const Objective *o)
{
  if (!o->measurable) {
    if (!o->evidence.s)
      diag_add(pack, o->measurable_pos, "6.2b", o, "objective '%s' is not measurable but gives no 'evidence'", o->id.s);
  } else if (!o->n_measures && !o->measures_invalid) {
    diag_add(pack, o->pos, "6.2b", o, "objective '%s' has no measures and is not marked 'measurable: false'", o->id.s);
  }
  for (int i = 0; i < o->n_measures; i++) {
    const Measure *m = &o->measures[i];
    const char *missing[3];
    int n = 0;
    if (!m->target.present) missing[n++] = "target";
    if (!m->direction.present) missing[n++] = "direction";
    if (!m->frequency.present) missing[n++] = "frequency";
    if (n) {
      Buf b;
      buf_init(&b);
      join_names(&b, missing, n);
      diag_add(pack, m->pos, "6.2b", o, "measure '%s' of objective '%s' has no %s", m->id.s ? m->id.s : "?", o->id.s, b.s);
      buf_release(&b);
    }
  }
}

static void check_62c(Pack *pack, const Objective *o)
{
  if (!o->risks.n && !o->requirements.n && !o->risks.invalid && !o->requirements.invalid)
    diag_add(pack, o->pos, "6.2c", o, "objective '%s' references no risk or requirement", o->id.s);
  check_refs(pack, o, &o->risks, &pack->risk_by_id, "6.2c", "risk");
  check_refs(pack, o, &o->requirements, &pack->req_by_id, "6.2c", "requirement");
}

static void check_62d(Pack *pack, const Objective *o, const ObjEval *oe)
{
  for (int i = 0; i < o->n_measures; i++) {
    const Measure *m = &o->measures[i];
    const MeasureEval *me = &oe->m[i];
    char d1[11], d2[11];
    if (!me->has_latest) {
      diag_add(pack, m->pos, "6.2d", o, "measure '%s' of objective '%s' has no progress data", m->id.s ? m->id.s : "?", o->id.s);
    } else if (me->stale) {
      date_str(me->latest_date, d1);
      date_str(pack->as_of, d2);
      diag_add(pack, m->pos, "6.2d", o, "measure '%s' of objective '%s' is stale: latest value %s, %d days before %s (%s allows %d)",
               m->id.s ? m->id.s : "?", o->id.s, d1, pack->as_of - me->latest_date, d2,
               freq_name(m->frequency.v), freq_days(m->frequency.v) + pack->stale_grace_days);
    }
  }
}

static void check_62e(Pack *pack, const Objective *o)
{
  if (o->comms_invalid)
    return;
  for (int i = 0; i < o->n_comms; i++)
    if (o->comms[i].audience.s && o->comms[i].date.present)
      return;
  diag_add(pack, o->pos, "6.2e", o, "objective '%s' records no communication with audience and date", o->id.s);
}

static void check_62f(Pack *pack, const Objective *o)
{
  const Review *r = &o->review;
  char d1[11], d2[11];
  date_str(pack->as_of, d2);
  if (r->invalid)
    return;
  if (!r->present) {
    diag_add(pack, r->pos, "6.2f", o, "objective '%s' has no review (frequency and last date)", o->id.s);
    return;
  }
  const char *missing[2];
  int n = 0;
  if (!r->frequency.present) missing[n++] = "frequency";
  if (!r->last.present) missing[n++] = "last date";
  if (n) {
    Buf b;
    buf_init(&b);
    join_names(&b, missing, n);
    diag_add(pack, r->pos, "6.2f", o, "objective '%s' has no review %s", o->id.s, b.s);
    buf_release(&b);
  }
  if (r->last.valid && r->frequency.v) {
    int allowed = freq_days(r->frequency.v) + pack->stale_grace_days;
    if (pack->as_of - r->last.v > allowed) {
      date_str(r->last.v, d1);
      diag_add(pack, r->last.pos, "6.2f", o, "objective '%s' was last reviewed on %s, more than %d days before %s", o->id.s, d1, allowed, d2);
    }
  }
  if (r->next.valid && r->next.v < pack->as_of) {
    date_str(r->next.v, d1);
    diag_add(pack, r->next.pos, "6.2f", o, "next review of objective '%s' was due on %s", o->id.s, d1);
  }
}

static void check_62g(Pack *pack, const Objective *o)
{
  const char *missing[3];
  int n = 0;
  if (!o->version.s) missing[n++] = "version";
  if (!o->approved_by.s) missing[n++] = "approved_by";
  if (!o->approved_on.present) missing[n++] = "approved_on";
  if (!n)
    return;
  Buf b;
  buf_init(&b);
  join_names(&b, missing, n);
  diag_add(pack, o->pos, "6.2g", o, "objective '%s' has no %s", o->id.s, b.s);
  buf_release(&b);
}

static const char *action_name(const Action *a)
{
  return a->id.s ? a->id.s : "?";
}

static void check_62h(Pack *pack, const Objective *o)
{
  if (!o->n_actions && !o->plan_invalid)
    diag_add(pack, o->pos, "6.2h", o, "objective '%s' has no plan: no action says what will be done", o->id.s);
  for (int i = 0; i < o->n_actions; i++)
    if (!o->actions[i].action.s)
      diag_add(pack, o->actions[i].pos, "6.2h", o, "action '%s' of objective '%s' does not say what will be done",
               action_name(&o->actions[i]), o->id.s);
}

static void check_62i(Pack *pack, const Objective *o)
{
  if (o->resources.s)
    return;
  if (!o->n_actions) {
    diag_add(pack, o->pos, "6.2i", o, "objective '%s' states no resources", o->id.s);
    return;
  }
  const char **names = xmalloc((size_t)o->n_actions * sizeof *names);
  int n = 0;
  for (int i = 0; i < o->n_actions; i++)
    if (!o->actions[i].resources.s)
      names[n++] = arena_printf(&pack->arena, "'%s'", action_name(&o->actions[i]));
  if (n) {
    Buf b;
    buf_init(&b);
    join_names(&b, names, n);
    diag_add(pack, o->pos, "6.2i", o, "objective '%s' states no resources, nor %s %s", o->id.s,
             n == 1 ? "does its action" : "do its actions", b.s);
    buf_release(&b);
  }
  free(names);
}

static void check_62j(Pack *pack, const Objective *o)
{
  if (o->owner.s)
    return;  // every action inherits it
  diag_add(pack, o->pos, "6.2j", o, "objective '%s' has no owner", o->id.s);
  for (int i = 0; i < o->n_actions; i++)
    if (!o->actions[i].owner.s)
      diag_add(pack, o->actions[i].pos, "6.2j", o, "action '%s' of objective '%s' has no owner", action_name(&o->actions[i]), o->id.s);
}

static void check_62k(Pack *pack, const Objective *o)
{
  char d1[11], d2[11];
  if (!o->due.present)
    diag_add(pack, o->pos, "6.2k", o, "objective '%s' has no due date", o->id.s);
  for (int i = 0; i < o->n_actions; i++) {
    const Action *a = &o->actions[i];
    if (!a->due.present) {
      diag_add(pack, a->pos, "6.2k", o, "action '%s' of objective '%s' has no due date", action_name(a), o->id.s);
    } else if (a->due.valid && o->due.valid && a->due.v > o->due.v) {
      date_str(a->due.v, d1);
      date_str(o->due.v, d2);
      diag_add(pack, a->due.pos, "6.2k", o, "action '%s' of objective '%s' is due on %s, after the objective (%s)",
               action_name(a), o->id.s, d1, d2);
    }
  }
}

static void check_62l(Pack *pack, const Objective *o)
{
  if (!o->evaluation.s)
    diag_add(pack, o->pos, "6.2l", o, "objective '%s' does not say how its results will be evaluated", o->id.s);
}

//
// Title quality: closed word lists (SPEC section 8)
//

static const char *const activity_words[] = {
  "run", "conduct", "deliver", "perform", "hold", "implement", "deploy", "install", "train", "organise",
  "organize", "write", "carry", "execute", "launch", "roll", "introduce", "create", "develop", "publish",
  "purchase", "buy", "configure", "migrate", "upgrade", "draft", "prepare", "schedule", "send", "attend",
  "arrange", NULL};

static const char *const vague_titles[] = {
  "improve information security", "improve security", "improve cyber security", "improve cybersecurity",
  "improve the security posture", "improve security posture", "enhance security", "enhance information security",
  "strengthen security", "strengthen information security", "increase security", "ensure security",
  "ensure information security", "maintain security", "better security", "be secure", "be compliant",
  "achieve compliance", "ensure compliance", "be iso 27001 compliant", "comply with iso 27001", NULL};

/* The title's first word, split at white space and hyphens, if it is an activity. */
const char *title_activity(const char *title)
{
  while (isspace((unsigned char)*title))
    title++;
  size_t n = 0;
  while (title[n] && !isspace((unsigned char)title[n]) && title[n] != '-')
    n++;
  for (int i = 0; activity_words[i]; i++)
    if (strlen(activity_words[i]) == n && strncasecmp(title, activity_words[i], n) == 0)
      return activity_words[i];
  return NULL;
}

/* Whether the whole title, trimmed, white space folded, a leading "to " and a
 * final "." ignored, is one of the vague phrases. */
bool title_vague(const char *title)
{
  Buf b;
  buf_init(&b);
  for (const char *p = title; *p; p++) {
    if (isspace((unsigned char)*p)) {
      if (b.len && b.s[b.len - 1] != ' ')
        buf_putc(&b, ' ');
    } else {
      buf_putc(&b, (char)tolower((unsigned char)*p));
    }
  }
  const char *s = b.s ? b.s : "";
  size_t n = b.len;
  if (n && s[n - 1] == ' ')
    n--;
  if (n && s[n - 1] == '.')
    n--;
  if (n && s[n - 1] == ' ')
    n--;
  if (n >= 3 && strncmp(s, "to ", 3) == 0)
    s += 3, n -= 3;
  bool vague = false;
  for (int i = 0; vague_titles[i] && !vague; i++)
    vague = strlen(vague_titles[i]) == n && strncmp(s, vague_titles[i], n) == 0;
  buf_release(&b);
  return vague;
}

static void check_title(Pack *pack, const Objective *o)
{
  if (!o->title.s)
    return;
  const char *verb = title_activity(o->title.s);
  if (verb && applies(o, "Q-ACTIVITY"))
    diag_add(pack, o->title.pos, "Q-ACTIVITY", o,
             "title of objective '%s' starts with '%s': it names an activity, not the result to achieve", o->id.s, verb);
  if (title_vague(o->title.s) && applies(o, "Q-VAGUE"))
    diag_add(pack, o->title.pos, "Q-VAGUE", o, "title of objective '%s' is too vague to be measured: '%s'", o->id.s, o->title.s);
}

//
// Text that the documents print (W-GLYPH) and that the workbook holds (W-TRUNC)
//

#define EXCEL_CELL_MAX 32767

/* One finding per text at most for each of the two rules. */
static void check_text(Pack *pack, Pos pos, const char *s, const Objective *o, const char *what)
{
  if (!s)
    return;
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    if ((unsigned char)s[i] < 0x80) {  // the fonts have every printable ASCII character
      i++;
      continue;
    }
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (k <= 0)
      break;  // cannot happen: every input was validated
    if (!glyph_has(cp)) {
      diag_add(pack, pos, "W-GLYPH", o, "%s holds U+%04X, a character the PDF fonts cannot print; it is shown as a replacement mark",
               what, (unsigned)cp);
      break;
    }
    i += (size_t)k;
  }
  if (n > EXCEL_CELL_MAX && utf8_len(s) > EXCEL_CELL_MAX)
    diag_add(pack, pos, "W-TRUNC", o, "%s is longer than %d characters; the workbook cell holds only the first %d",
             what, EXCEL_CELL_MAX, EXCEL_CELL_MAX);
}

static void check_str(Pack *pack, const Str *s, const Objective *o, const char *what)
{
  check_text(pack, s->pos, s->s, o, what);
}

/* Text nodes of a Markdown body, at the line of their block. */
static void check_body(Pack *pack, const Objective *o)
{
  if (!o->body)
    return;
  cmark_iter *it = cmark_iter_new(o->body);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node *n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER)
      continue;
    const char *lit = cmark_node_get_literal(n);
    if (!lit)
      continue;
    cmark_node *b = n;
    while (b && cmark_node_get_start_line(b) == 0)
      b = cmark_node_parent(b);
    Pos pos = {o->file, (b ? cmark_node_get_start_line(b) : 1) + o->body_line - 1, b ? cmark_node_get_start_column(b) : 1};
    check_text(pack, pos, lit, o, "the body text");
  }
  cmark_iter_free(it);
}

static void check_objective_text(Pack *pack, const Objective *o)
{
  check_str(pack, &o->title, o, "the title");
  check_str(pack, &o->function, o, "'function'");
  check_str(pack, &o->owner, o, "'owner'");
  check_str(pack, &o->resources, o, "'resources'");
  check_str(pack, &o->evaluation, o, "'evaluation'");
  check_str(pack, &o->evidence, o, "'evidence'");
  check_str(pack, &o->version, o, "'version'");
  check_str(pack, &o->approved_by, o, "'approved_by'");
  for (int i = 0; i < o->tags.n; i++)
    check_str(pack, &o->tags.v[i], o, "a tag");
  for (int i = 0; i < o->n_measures; i++) {
    const Measure *m = &o->measures[i];
    check_str(pack, &m->name, o, "a measure's name");
    check_str(pack, &m->unit, o, "a measure's unit");
    check_str(pack, &m->source, o, "a measure's source");
    check_str(pack, &m->id, o, "a measure's id");
  }
  for (int i = 0; i < o->n_actions; i++) {
    const Action *a = &o->actions[i];
    check_str(pack, &a->action, o, "an action");
    check_str(pack, &a->owner, o, "an action's owner");
    check_str(pack, &a->resources, o, "an action's resources");
    check_str(pack, &a->id, o, "an action's id");
  }
  for (int i = 0; i < o->n_comms; i++) {
    check_str(pack, &o->comms[i].audience, o, "a communication's audience");
    check_str(pack, &o->comms[i].channel, o, "a communication's channel");
  }
  check_body(pack, o);
}

static void check_pack_text(Pack *pack)
{
  check_text(pack, pack->organisation_pos, pack->organisation, NULL, "'organisation'");
  const Str *doc[] = {&pack->doc_title, &pack->doc_owner, &pack->doc_classification, &pack->doc_version,
                      &pack->doc_approved_by, &pack->policy_id, &pack->policy_version, &pack->policy_approved_by};
  for (size_t i = 0; i < sizeof doc / sizeof *doc; i++)
    check_str(pack, doc[i], NULL, "a document-control field");
  for (int i = 0; i < pack->n_history; i++) {
    const Revision *r = &pack->history[i];
    check_str(pack, &r->version, NULL, "a revision's version");
    check_str(pack, &r->author, NULL, "a revision's author");
    check_str(pack, &r->change, NULL, "a revision's change");
  }
  for (int i = 0; i < pack->n_policy; i++)
    check_text(pack, pack->policy[i].pos, pack->policy[i].title, NULL, "the policy statement's title");
  for (int i = 0; i < pack->n_risks; i++) {
    check_text(pack, pack->risks[i].pos, pack->risks[i].title, NULL, "the risk's title");
    check_text(pack, pack->risks[i].pos, pack->risks[i].owner, NULL, "the risk's owner");
    for (int j = 0; j < pack->risk_extra.n; j++)
      check_text(pack, pack->risks[i].pos, pack->risks[i].extra[j], NULL, "a risk register column");
  }
  for (int i = 0; i < pack->n_reqs; i++) {
    check_text(pack, pack->reqs[i].pos, pack->reqs[i].title, NULL, "the requirement's title");
    check_text(pack, pack->reqs[i].pos, pack->reqs[i].source, NULL, "the requirement's source");
    for (int j = 0; j < pack->req_extra.n; j++)
      check_text(pack, pack->reqs[i].pos, pack->reqs[i].extra[j], NULL, "a requirements register column");
  }
  for (long i = 0; i < pack->n_mrows; i++) {
    const MeasRow *r = &pack->mrows[i];
    const Objective *o = pack->objectives[r->obj];
    check_text(pack, r->pos, r->note, o, "the note");
    check_text(pack, r->pos, r->evidence, o, "the evidence");
  }
  for (long i = 0; i < pack->n_arows; i++) {
    const ActRow *r = &pack->arows[i];
    const Objective *o = pack->objectives[r->obj];
    check_text(pack, r->pos, r->note, o, "the note");
    check_text(pack, r->pos, r->evidence, o, "the evidence");
  }
}

//
// Across the pack
//

static void check_62(Pack *pack)
{
  if (!pack->n_objectives)
    diag_add(pack, (Pos){"objectives", 0, 0}, "6.2", NULL, "the pack establishes no information security objectives");
}

static void check_coverage(Pack *pack, const Eval *ev)
{
  for (int i = 0; i < pack->n_risks; i++) {
    const Risk *r = &pack->risks[i];
    if (ev->risk_uncovered[i])
      diag_add(pack, r->pos, "6.2c-coverage", NULL,
               "risk '%s' (%s, treated by modification) is addressed by no active or achieved objective", r->id,
               risk_level_name(r->level));
  }
}

static void check_rows(Pack *pack, const Eval *ev)
{
  char d1[11], d2[11];
  date_str(pack->as_of, d2);
  for (long i = 0; i < pack->n_mrows; i++) {
    if (ev->mrow_dup_of[i] < 0 && !(ev->mrow_flags[i] & ROW_FUTURE))
      continue;
    const MeasRow *r = &pack->mrows[i];
    const Objective *o = pack->objectives[r->obj];
    const char *mid = o->measures[r->measure].id.s;
    date_str(r->date, d1);
    if (ev->mrow_dup_of[i] >= 0 && applies(o, "P-DUP"))
      diag_add(pack, r->pos, "P-DUP", o, "second row for measure '%s' of objective '%s' on %s; it replaces %s:%d",
               mid, o->id.s, d1, pack->mrows[ev->mrow_dup_of[i]].pos.file, pack->mrows[ev->mrow_dup_of[i]].pos.line);
    if ((ev->mrow_flags[i] & ROW_FUTURE) && applies(o, "P-FUTURE"))
      diag_add(pack, r->pos, "P-FUTURE", o, "row dated %s is after the evaluation date %s; not used", d1, d2);
  }
  for (long i = 0; i < pack->n_arows; i++) {
    if (ev->arow_dup_of[i] < 0 && !(ev->arow_flags[i] & ROW_FUTURE))
      continue;
    const ActRow *r = &pack->arows[i];
    const Objective *o = pack->objectives[r->obj];
    const char *aid = o->actions[r->action].id.s;
    date_str(r->date, d1);
    if (ev->arow_dup_of[i] >= 0 && applies(o, "P-DUP"))
      diag_add(pack, r->pos, "P-DUP", o, "second update for action '%s' of objective '%s' on %s; it replaces %s:%d",
               aid, o->id.s, d1, pack->arows[ev->arow_dup_of[i]].pos.file, pack->arows[ev->arow_dup_of[i]].pos.line);
    if ((ev->arow_flags[i] & ROW_FUTURE) && applies(o, "P-FUTURE"))
      diag_add(pack, r->pos, "P-FUTURE", o, "row dated %s is after the evaluation date %s; not used", d1, d2);
  }
}

void rules_run(Pack *pack, const Eval *ev)
{
  check_62(pack);
  for (int i = 0; i < pack->n_objectives; i++) {
    const Objective *o = pack->objectives[i];
    if (applies(o, "6.2")) check_stated(pack, o);
    if (applies(o, "6.2a")) check_62a(pack, o);
    if (applies(o, "6.2b")) check_62b(pack, o);
    if (applies(o, "6.2c")) check_62c(pack, o);
    if (applies(o, "6.2d")) check_62d(pack, o, &ev->obj[i]);
    if (applies(o, "6.2e")) check_62e(pack, o);
    if (applies(o, "6.2f")) check_62f(pack, o);
    if (applies(o, "6.2g")) check_62g(pack, o);
    if (applies(o, "6.2h")) check_62h(pack, o);
    if (applies(o, "6.2i")) check_62i(pack, o);
    if (applies(o, "6.2j")) check_62j(pack, o);
    if (applies(o, "6.2k")) check_62k(pack, o);
    if (applies(o, "6.2l")) check_62l(pack, o);
    check_title(pack, o);
    check_objective_text(pack, o);
  }
  check_pack_text(pack);
  check_coverage(pack, ev);
  check_rows(pack, ev);
}
