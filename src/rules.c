/*
 * rules.c - the rules of SPEC section 8: one table, one check per rule.
 *
 * The table expands from the RULES list in objreg.h, the single source of
 * rule ids, clause wording and default severities, which also gives the
 * RuleId enum that findings carry: diag.c reads the table for severities, the
 * JSON and SARIF writers for metadata, the README's table is written from it.
 * rules_run() applies the
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

const Rule rules[N_RULES] = {
#define X(name, id, clause, summary, sev) [name] = {id, clause, summary, sev},
  RULES(X)
#undef X
};

int rule_index(const char *id)
{
  for (int i = 0; i < N_RULES; i++)
    if (strcmp(rules[i].id, id) == 0)
      return i;
  return -1;
}

int rule_index_looks(const char *id)
{
  char want[96], have[96];
  size_t n = utf8_skeleton(id, want, sizeof want);
  while (n && want[n - 1] == ' ')
    want[--n] = '\0';
  const char *w = want + strspn(want, " ");
  for (char *p = want; *p; p++)
    *p = *p == '_' ? '-' : *p;
  for (int i = 0; i < N_RULES; i++) {
    utf8_skeleton(rules[i].id, have, sizeof have);
    if (strcmp(have, w) == 0)
      return i;
  }
  return -1;
}

/* Whether a rule's id starts with prefix: its family ("6.2", "Q-", "P-", "E-", "W-"). */
bool rule_family(RuleId rule, const char *prefix)
{
  return strncmp(rules[rule].id, prefix, strlen(prefix)) == 0;
}

/* Whether an objective's status calls for a rule (SPEC section 7). */
static bool applies(const Objective *o, RuleId rule)
{
  if (rule == RULE_6_2F_RELEVANCE)
    return o->status.v == ST_ACTIVE;  // SPEC section 17: active objectives only
  switch (o->status.v) {
  case ST_ACHIEVED: return rule != RULE_6_2D && rule != RULE_6_2F;
  case ST_DRAFT: return rule != RULE_6_2D && rule != RULE_6_2E;
  case ST_CLOSED:
  case ST_WITHDRAWN: return rule_family(rule, "E-") || rule_family(rule, "W-") || rule == RULE_6_2G;
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

/* Why an unknown id may be one that ids has after all: a character that is
 * not what it looks like (a Cyrillic O, an en dash, a no-break space), or
 * another case; "" when neither. */
static const char *lookalike(Pack *pack, const char *id, const Map *ids, const char *file)
{
  const LookalikeHeading *h = ids == &pack->policy_by_id ? map_get(&pack->policy_lookalike, id) : NULL;
  if (h)  // the statement's heading holds the odd character
    return arena_printf(&pack->arena, " (the heading at %s line %d would be '%s', but its id holds %s: retype it)",
                        file, h->pos.line, id, h->odd);
  char odd[96];
  if (utf8_oddity(id, odd, sizeof odd)) {
    char want[160], have[160];
    const char *twin = NULL;
    utf8_skeleton(id, want, sizeof want);
    for (size_t i = 0; i < ids->cap && !twin; i++)  // rare: only ids with such a character
      if (ids->keys[i] && utf8_skeleton(ids->keys[i], have, sizeof have) && strcmp(have, want) == 0)
        twin = ids->keys[i];
    return twin ? arena_printf(&pack->arena, " (it holds %s; %s has '%s')", odd, file, twin)
                : arena_printf(&pack->arena, " (it holds %s)", odd);
  }
  if (strpbrk(id, ",;")) {  // policy: POL-4, POL-5 is one text, a list of one
    Buf b;
    buf_init(&b);
    for (const char *p = id; *p;) {
      p += strspn(p, " ");
      size_t n = strcspn(p, ",;");
      while (n && p[n - 1] == ' ')
        n--;
      if (b.len)
        buf_puts(&b, ", ");
      buf_add(&b, p, n);
      p += strcspn(p, ",;");
      p += *p != '\0';
    }
    const char *hint = arena_printf(&pack->arena, " (one text with '%c' in it: write a list, [%s])",
                                    strchr(id, ',') ? ',' : ';', b.s);
    buf_release(&b);
    return hint;
  }
  char upper[160];
  size_t n = strlen(id);
  if (n >= sizeof upper)
    return "";
  for (size_t i = 0; i <= n; i++)
    upper[i] = (char)toupper((unsigned char)id[i]);
  if (strcmp(upper, id) != 0 && map_get(ids, upper))
    return arena_printf(&pack->arena, " (ids are case-sensitive: %s has '%s')", file, upper);
  return "";
}

/* Each id of l unknown in ids; file names the register, which may be absent or not used. */
static void check_refs(Pack *pack, const Objective *o, const StrList *l, const Map *ids, RuleId rule, const char *what,
                       const char *file, bool found, bool used)
{
  for (int i = 0; i < l->n; i++)
    if (!map_get(ids, l->v[i].s))
      diag_add(pack, l->v[i].pos, rule, o, "objective '%s' references unknown %s '%s'%s%s%s", o->id.s, what, l->v[i].s,
               used ? lookalike(pack, l->v[i].s, ids, file) : found ? ": " : ": the pack has no ", used ? "" : file,
               used || !found ? "" : " was not used (see its error)");
}

/* An objective must be stated: a title (reported under 6.2, establish objectives). */
static void check_stated(Pack *pack, const Objective *o)
{
  if (!o->title.s)
    diag_add(pack, o->pos, RULE_6_2, o, "objective '%s' has no title: state the result it achieves", o->id.s);
}

static void check_62a(Pack *pack, const Objective *o)
{
  if (!o->policy.n && !o->policy.invalid)
    diag_add(pack, o->pos, RULE_6_2A, o, "objective '%s' references no policy statement", o->id.s);
  check_refs(pack, o, &o->policy, &pack->policy_by_id, RULE_6_2A, "policy statement", "policy.md", pack->found_policy,
             pack->has_policy);
}

static void check_62b(Pack *pack, const Objective *o)
{
  if (!o->measurable) {
    if (!o->evidence.s)
      diag_add(pack, o->measurable_pos, RULE_6_2B, o, "objective '%s' is not measurable but gives no 'evidence'", o->id.s);
  } else if (!o->n_measures && !o->measures_invalid) {
    diag_add(pack, o->pos, RULE_6_2B, o, "objective '%s' has no measures and is not marked 'measurable: false'", o->id.s);
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
      diag_add(pack, m->pos, RULE_6_2B, o, "measure '%s' of objective '%s' has no %s", m->id.s ? m->id.s : "?", o->id.s, b.s);
      buf_release(&b);
    }
  }
}

static void check_62c(Pack *pack, const Objective *o)
{
  if (!o->risks.n && !o->requirements.n && !o->risks.invalid && !o->requirements.invalid)
    diag_add(pack, o->pos, RULE_6_2C, o, "objective '%s' references no risk or requirement", o->id.s);
  check_refs(pack, o, &o->risks, &pack->risk_by_id, RULE_6_2C, "risk", "risks.csv", pack->found_risks, pack->has_risks);
  check_refs(pack, o, &o->requirements, &pack->req_by_id, RULE_6_2C, "requirement", "requirements.csv", pack->found_reqs,
             pack->has_reqs);
}

static void check_62d(Pack *pack, const Objective *o, const ObjEval *oe)
{
  for (int i = 0; i < o->n_measures; i++) {
    const Measure *m = &o->measures[i];
    const MeasureEval *me = &oe->m[i];
    char d1[11], d2[11];
    if (!me->has_latest && me->n_before && dv(m->baseline_date) > pack->as_of) {
      date_str(dv(m->baseline_date), d1);
      date_str(pack->as_of, d2);
      diag_add(pack, m->pos, RULE_6_2D, o,
               "measure '%s' of objective '%s' has no progress data since its baseline: its baseline date %s is "
               "after the evaluation date %s, so every row is older than the baseline and is not counted; "
               "correct baseline_date (a year too late?)", m->id.s ? m->id.s : "?", o->id.s, d1, d2);
    } else if (!me->has_latest && me->n_before) {
      date_str(dv(m->baseline_date), d1);
      date_str(me->rows[me->n_rows - 1]->date, d2);
      diag_add(pack, m->pos, RULE_6_2D, o,
               "measure '%s' of objective '%s' has no progress data on or after its baseline date %s: its latest "
               "row, dated %s, is older than the baseline and is not counted; add the values measured since, or "
               "correct baseline_date",
               m->id.s ? m->id.s : "?", o->id.s, d1, d2);
    } else if (!me->has_latest) {
      int u = pack->progress_unused;  // its data may be in a file that was not used (SPEC section 11)
      char why[96] = "";
      if (u)
        snprintf(why, sizeof why, " (%d progress file%s of the pack %s not used: see %s)", u, u == 1 ? "" : "s",
                 u == 1 ? "was" : "were", u == 1 ? "its error" : "their errors");
      diag_add(pack, m->pos, RULE_6_2D, o, "measure '%s' of objective '%s' has no progress data%s", m->id.s ? m->id.s : "?",
               o->id.s, why);
    } else if (me->stale) {
      date_str(me->latest_date, d1);
      date_str(pack->as_of, d2);
      diag_add(pack, m->pos, RULE_6_2D, o, "measure '%s' of objective '%s' is stale: latest value %s, %d days before %s (%s allows %d)",
               m->id.s ? m->id.s : "?", o->id.s, d1, pack->as_of - me->latest_date, d2,
               freq_name(m->frequency.v), freq_days(m->frequency.v) + pack->stale_grace_days);
    }
  }
}

static void check_62e(Pack *pack, const Objective *o)
{
  if (o->comms_invalid)
    return;
  const Communication *later = NULL;  // one dated after as_of: still to come, not made
  for (int i = 0; i < o->n_comms; i++) {
    const Communication *c = &o->comms[i];
    if (c->audience.s && c->date.present && !(c->date.valid && c->date.v > pack->as_of))
      return;
    if (c->audience.s && c->date.valid && !later)
      later = c;
  }
  if (later) {
    char d1[11], d2[11];
    date_str(later->date.v, d1);
    date_str(pack->as_of, d2);
    diag_add(pack, later->date.pos, RULE_6_2E, o,
             "objective '%s' records no communication made by %s: the one dated %s is after the evaluation date",
             o->id.s, d2, d1);
    return;
  }
  diag_add(pack, o->pos, RULE_6_2E, o, "objective '%s' records no communication with audience and date", o->id.s);
}

static void check_62f(Pack *pack, const Objective *o)
{
  const Review *r = &o->review;
  char d1[11], d2[11];
  date_str(pack->as_of, d2);
  if (r->invalid)
    return;
  if (!r->present) {
    diag_add(pack, r->pos, RULE_6_2F, o, "objective '%s' has no review (frequency and last date)", o->id.s);
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
    diag_add(pack, r->pos, RULE_6_2F, o, "objective '%s' has no review %s", o->id.s, b.s);
    buf_release(&b);
  }
  if (r->last.valid && r->last.v > pack->as_of) {  // a review still to come is not one made
    date_str(r->last.v, d1);
    diag_add(pack, r->last.pos, RULE_6_2F, o, "objective '%s' was last reviewed on %s, after the evaluation date %s",
             o->id.s, d1, d2);
  } else if (r->last.valid && r->frequency.v) {
    int allowed = freq_days(r->frequency.v) + pack->stale_grace_days;
    if (pack->as_of - r->last.v > allowed) {
      date_str(r->last.v, d1);
      diag_add(pack, r->last.pos, RULE_6_2F, o, "objective '%s' was last reviewed on %s, %d days before %s (at most %d allowed)", o->id.s, d1, (int)(pack->as_of - r->last.v), d2, allowed);
    }
  }
  if (r->next.valid && r->next.v < pack->as_of) {
    date_str(r->next.v, d1);
    diag_add(pack, r->next.pos, RULE_6_2F, o, "next review of objective '%s' was due on %s", o->id.s, d1);
  }
}

/* 6.2f-relevance (SPEC section 17): (1) every risk the objective rests on is
 * closed, and no requirement - at the `risks` key; (2) in a Git repository, a
 * referenced risk, requirement or policy statement whose most recent change
 * (git.c) is dated after the objective's last review - at the reference. */
static void check_62f_relevance(Pack *pack, const Objective *o)
{
  int closed = 0;
  for (int j = 0; j < o->risks.n; j++) {
    const Risk *r = map_get(&pack->risk_by_id, o->risks.v[j].s);
    closed += r && !r->open;
  }
  if (o->risks.n > 0 && closed == o->risks.n && o->requirements.n == 0 && !o->requirements.invalid)
    diag_add(pack, o->risks.key_pos, RULE_6_2F_RELEVANCE, o,
             "every risk %s addresses is closed; review whether it is still needed", o->id.s);
  Date reviewed = o->review.last.valid ? o->review.last.v : dv(o->approved_on);
  if (!pack->ref_history || reviewed == DATE_NONE)
    return;
  const StrList *l[3] = {[RK_POLICY] = &o->policy, [RK_RISK] = &o->risks, [RK_REQUIREMENT] = &o->requirements};
  static const char *const kinds[3] = {"policy statement", "risk", "requirement"};
  char d1[11], d2[11];
  date_str(reviewed, d2);
  Buf b;
  buf_init(&b);
  for (int k = 0; k < 3; k++)
    for (int j = 0; j < l[k]->n; j++) {
      const Str *ref = &l[k]->v[j];
      const RefChange *c = ref_change(pack, (RefKind)k, ref->s);
      if (!c || c->commit.date == DATE_NONE || c->commit.date <= reviewed)
        continue;
      date_str(c->commit.date, d1);
      diag_add(pack, ref->pos, RULE_6_2F_RELEVANCE, o, "%s %s changed on %s (%s, %s), after %s was last reviewed on %s",
               kinds[k], ref->s, d1, ref_change_text(c, &b), c->commit.id, o->id.s, d2);
    }
  buf_release(&b);
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
  diag_add(pack, o->pos, RULE_6_2G, o, "objective '%s' has no %s%s%s", o->id.s, b.s, placeholder_note(pack, &o->version),
           placeholder_note(pack, &o->approved_by));
  buf_release(&b);
}

static const char *action_name(const Action *a)
{
  return a->id.s ? a->id.s : "?";
}

static void check_62h(Pack *pack, const Objective *o)
{
  if (!o->n_actions && !o->plan_invalid)
    diag_add(pack, o->pos, RULE_6_2H, o, "objective '%s' has no plan: no action says what will be done", o->id.s);
  for (int i = 0; i < o->n_actions; i++)
    if (!o->actions[i].action.s)
      diag_add(pack, o->actions[i].pos, RULE_6_2H, o, "action '%s' of objective '%s' does not say what will be done",
               action_name(&o->actions[i]), o->id.s);
}

static void check_62i(Pack *pack, const Objective *o)
{
  if (o->resources.s)
    return;
  if (!o->n_actions) {
    diag_add(pack, o->pos, RULE_6_2I, o, "objective '%s' states no resources%s", o->id.s,
             placeholder_note(pack, &o->resources));
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
    diag_add(pack, o->pos, RULE_6_2I, o, "objective '%s' states no resources%s, nor %s %s", o->id.s,
             placeholder_note(pack, &o->resources), n == 1 ? "does its action" : "do its actions", b.s);
    buf_release(&b);
  }
  free(names);
}

static void check_62j(Pack *pack, const Objective *o)
{
  if (o->owner.s)
    return;  // every action inherits it
  diag_add(pack, o->pos, RULE_6_2J, o, "objective '%s' has no owner%s", o->id.s, placeholder_note(pack, &o->owner));
  for (int i = 0; i < o->n_actions; i++)
    if (!o->actions[i].owner.s)
      diag_add(pack, o->actions[i].pos, RULE_6_2J, o, "action '%s' of objective '%s' has no owner%s",
               action_name(&o->actions[i]), o->id.s, placeholder_note(pack, &o->actions[i].owner));
}

static void check_62k(Pack *pack, const Objective *o)
{
  char d1[11], d2[11];
  if (!o->due.present)
    diag_add(pack, o->pos, RULE_6_2K, o, "objective '%s' has no due date", o->id.s);
  for (int i = 0; i < o->n_actions; i++) {
    const Action *a = &o->actions[i];
    if (!a->due.present) {
      diag_add(pack, a->pos, RULE_6_2K, o, "action '%s' of objective '%s' has no due date", action_name(a), o->id.s);
    } else if (a->due.valid && o->due.valid && a->due.v > o->due.v) {
      date_str(a->due.v, d1);
      date_str(o->due.v, d2);
      diag_add(pack, a->due.pos, RULE_6_2K, o, "action '%s' of objective '%s' is due on %s, after the objective (%s)",
               action_name(a), o->id.s, d1, d2);
    }
  }
}

static void check_62l(Pack *pack, const Objective *o)
{
  if (!o->evaluation.s)
    diag_add(pack, o->pos, RULE_6_2L, o, "objective '%s' does not say how its results will be evaluated%s", o->id.s,
             placeholder_note(pack, &o->evaluation));
}

/* 6.2l-achieved: an objective whose status says achieved while the data of
 * a measure, evaluated by its own achieved_when rule, says it is not - at the
 * status value.  Its RAG stays green (SPEC 7: the status decides), so the
 * documents would otherwise show green beside a red measure without a word.
 * A measure without data is left alone: an achieved objective is no longer
 * monitored (no 6.2d), and its rows may be archived. */
static void check_62l_achieved(Pack *pack, const Objective *o, const ObjEval *oe)
{
  if (o->status.v != ST_ACHIEVED || !o->measurable)
    return;
  Buf b;
  buf_init(&b);
  int n = 0, last = -1;
  for (int j = 0; j < o->n_measures; j++)
    n += oe->m[j].has_latest && !oe->m[j].achieved;
  for (int j = 0, k = 0; j < o->n_measures; j++) {
    const Measure *m = &o->measures[j];
    const MeasureEval *me = &oe->m[j];
    if (me->achieved || !me->has_latest)
      continue;
    char v[48], t[48];
    if (k++)
      buf_puts(&b, k == n ? " and " : ", ");
    buf_printf(&b, "%s (%s, latest %s", m->id.s ? m->id.s : "?", mstatus_name(me->status), num_text(me->latest, v));
    if (m->target.valid)
      buf_printf(&b, ", target %s", num_text(m->target.v, t));
    buf_puts(&b, ")");
    last = j;
  }
  if (last >= 0)
    diag_add(pack, o->status.pos, RULE_6_2L_ACHIEVED, o,
             "objective '%s' is recorded as achieved, but %s %s %s not achieved by %s own rule: set status: active "
             "until %s, or record in the objective why it counts as achieved", o->id.s,
             n == 1 ? "its measure" : "its measures", b.s, n == 1 ? "is" : "are", n == 1 ? "its" : "their",
             n == 1 ? "it is" : "they are");
  buf_release(&b);
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

// German and French (SPEC section 12): activity nouns and verbs a title may
// start with (a phrase: its words in order), and vague whole titles.  Matched
// ignoring case (ASCII and the Latin letters); docs/format.md lists them.
static const char *const activity_de[] = {
  "Einführung", "Einführen", "Implementierung", "Implementieren", "Umsetzung", "Umsetzen", "Durchführung",
  "Durchführen", "Erstellung", "Erstellen", "Aufbau", "Aufbauen", "Etablierung", "Etablieren", "Bereitstellung",
  "Bereitstellen", "Installation", "Installieren", "Schulung", "Schulen", "Beschaffung", "Beschaffen",
  "Migration", "Migrieren", "Erarbeitung", "Erarbeiten", "Entwicklung", "Entwickeln", "Konfiguration",
  "Konfigurieren", "Veröffentlichung", "Veröffentlichen", "Ausrollen", "Rollout", "Planung", "Planen",
  "Organisieren", "Vorbereitung", "Vorbereiten", "Anschaffung", "Anschaffen", "Ausbau", "Ausbauen", NULL};
static const char *const activity_fr[] = {
  "Mise en place", "Mettre en place", "Déploiement", "Déployer", "Implémentation", "Implémenter", "Réalisation",
  "Réaliser", "Installation", "Installer", "Formation", "Former", "Organisation de", "Organiser", "Rédaction",
  "Rédiger", "Lancement", "Lancer", "Migration", "Migrer", "Achat", "Acheter", "Acquisition", "Acquérir",
  "Configuration", "Configurer", "Création", "Créer", "Développement", "Développer", "Publication", "Publier",
  "Conduire", "Effectuer", "Introduction de", "Introduire", "Préparation", "Préparer", "Planification",
  "Planifier", "Élaboration", "Élaborer", NULL};
static const char *const vague_de[] = {
  "Informationssicherheit verbessern", "Sicherheit verbessern", "Sicherheitsniveau verbessern",
  "Informationssicherheit erhöhen", "Sicherheit erhöhen", "Sicherheitsniveau erhöhen",
  "Informationssicherheit stärken", "Sicherheit stärken", "Informationssicherheit gewährleisten",
  "Sicherheit gewährleisten", "Informationssicherheit sicherstellen", "Sicherheit sicherstellen",
  "Verbesserung der Informationssicherheit", "Verbesserung der Sicherheit", "Erhöhung der Informationssicherheit",
  "Erhöhung der Sicherheit", "Stärkung der Informationssicherheit", "Compliance sicherstellen",
  "Compliance erreichen", "Konformität sicherstellen", "ISO 27001 konform sein", "Sicher sein", NULL};
static const char *const vague_fr[] = {
  "Améliorer la sécurité", "Améliorer la sécurité de l'information", "Renforcer la sécurité",
  "Renforcer la sécurité de l'information", "Augmenter la sécurité", "Accroître la sécurité",
  "Assurer la sécurité", "Assurer la sécurité de l'information", "Garantir la sécurité",
  "Garantir la sécurité de l'information", "Amélioration de la sécurité", "Renforcement de la sécurité",
  "Être conforme", "Être conforme à l'ISO 27001", "Atteindre la conformité", "Assurer la conformité",
  "Être sécurisé", NULL};

/* The language's own lists (NULL for English, whose lists are above). */
static const char *const *activity_list(Language l)
{
  return l == LANG_DE ? activity_de : l == LANG_FR ? activity_fr : NULL;
}
static const char *const *vague_list(Language l)
{
  return l == LANG_DE ? vague_de : l == LANG_FR ? vague_fr : NULL;
}

/* Whether s starts with phrase (ignoring case) followed by the end, white
 * space, a hyphen or an apostrophe. */
static bool starts_with_phrase(const char *s, const char *phrase)
{
  size_t n = strlen(phrase);
  char *head = strndup(s, n + 8);
  size_t k = 0;  // bytes of s that hold as many characters as phrase has
  for (const char *p = phrase; *p; p++)
    if (((unsigned char)*p & 0xC0) != 0x80)
      k++;
  size_t i = 0;
  for (size_t c = 0; head[i] && c < k; c++) {
    i++;
    while (((unsigned char)head[i] & 0xC0) == 0x80)
      i++;
  }
  char next = head[i];
  head[i] = '\0';
  bool ok = text_ieq(head, phrase) && (next == '\0' || isspace((unsigned char)next) || next == '-' ||
                                       next == '\'' || (unsigned char)next == 0xE2);  // U+2019
  free(head);
  return ok;
}

const char *title_activity_in(Language lang, const char *title)
{
  const char *en = title_activity(title);
  const char *const *list = activity_list(lang);
  if (en || !list)
    return en;
  while (isspace((unsigned char)*title))
    title++;
  for (int i = 0; list[i]; i++)
    if (starts_with_phrase(title, list[i]))
      return list[i];
  return NULL;
}

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
  const char *s = b.s;
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

bool title_vague_in(Language lang, const char *title)
{
  const char *const *list = vague_list(lang);
  if (title_vague(title) || !list)
    return title_vague(title);
  Buf b;  // white space folded, U+2019 as an apostrophe, no final "."
  buf_init(&b);
  for (const char *p = title; *p; p++) {
    if (isspace((unsigned char)*p)) {
      if (b.len && b.s[b.len - 1] != ' ')
        buf_putc(&b, ' ');
    } else if (strncmp(p, "\xE2\x80\x99", 3) == 0) {
      buf_putc(&b, '\'');
      p += 2;
    } else {
      buf_putc(&b, *p);
    }
  }
  buf_putc(&b, '\0');
  size_t n = strlen(b.s);
  while (n && (b.s[n - 1] == ' ' || b.s[n - 1] == '.'))
    b.s[--n] = '\0';
  bool vague = false;
  for (int i = 0; list[i] && !vague; i++)
    vague = text_ieq(b.s, list[i]);
  buf_release(&b);
  return vague;
}

static void check_title(Pack *pack, const Objective *o)
{
  if (!o->title.s)
    return;
  const char *verb = title_activity_in(pack->language, o->title.s);
  if (verb && applies(o, RULE_Q_ACTIVITY))
    diag_add(pack, o->title.pos, RULE_Q_ACTIVITY, o,
             "title of objective '%s' starts with '%s': it names an activity, not the result to achieve", o->id.s, verb);
  if (title_vague_in(pack->language, o->title.s) && applies(o, RULE_Q_VAGUE))
    diag_add(pack, o->title.pos, RULE_Q_VAGUE, o, "title of objective '%s' is too vague to be measured: '%s'", o->id.s, o->title.s);
}

//
// Text that the documents print (W-GLYPH) and that the workbook holds (W-TRUNC)
//

#define EXCEL_CELL_MAX 32767

/* W-GLYPH, once per text at most, for text the documents print but no
 * workbook cell holds (the Markdown body, an objective's evaluation, ...). */
static void check_print(Pack *pack, Pos pos, const char *s, const Objective *o, const char *what)
{
  if (!s)
    return;
  size_t n = strlen(s);
  for (size_t i = 0; i < n;) {
    uint64_t w;  // the fonts have every printable ASCII character: eight at a time
    if (i + 8 <= n && (memcpy(&w, s + i, 8), !(w & 0x8080808080808080ull))) {
      i += 8;
      continue;
    }
    if ((unsigned char)s[i] < 0x80) {
      i++;
      continue;
    }
    uint32_t cp;
    int k = utf8_decode(s + i, n - i, &cp);
    if (k <= 0)
      break;  // cannot happen: every input was validated
    if (!glyph_has(cp)) {
      diag_add(pack, pos, RULE_W_GLYPH, o, "%s holds U+%04X, a character the PDF fonts cannot print; it is shown as a replacement mark",
               what, (unsigned)cp);
      break;
    }
    i += (size_t)k;
  }
}

/* W-GLYPH and W-TRUNC, once per text at most each: text a workbook cell holds too. */
static void check_text(Pack *pack, Pos pos, const char *s, const Objective *o, const char *what)
{
  check_print(pack, pos, s, o, what);
  if (s && strlen(s) > EXCEL_CELL_MAX && utf8_len(s) > EXCEL_CELL_MAX)
    diag_add(pack, pos, RULE_W_TRUNC, o, "%s is longer than %d characters; the workbook cell holds only the first %d",
             what, EXCEL_CELL_MAX, EXCEL_CELL_MAX);
}

static void check_str(Pack *pack, const Str *s, const Objective *o, const char *what)
{
  check_text(pack, s->pos, s->s, o, what);
}

static void print_str(Pack *pack, const Str *s, const Objective *o, const char *what)
{
  check_print(pack, s->pos, s->s, o, what);
}

/* Text nodes of a Markdown body (an objective's, or a meeting's minutes), at
 * the line and column of their block; body_line is the file's line of the
 * body's first line. */
static void check_markdown(Pack *pack, cmark_node *body, const char *file, int body_line, const Objective *o)
{
  if (!body)
    return;
  cmark_iter *it = cmark_iter_new(body);
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
    Pos pos = {file, (b ? cmark_node_get_start_line(b) : 1) + body_line - 1, b ? cmark_node_get_start_column(b) : 1};
    check_print(pack, pos, lit, o, "the body text");
  }
  cmark_iter_free(it);
}

static void check_body(Pack *pack, const Objective *o)
{
  check_markdown(pack, o->body, o->file, o->body_line, o);
}

static void check_objective_text(Pack *pack, const Objective *o)
{
  check_str(pack, &o->title, o, "the title");
  check_str(pack, &o->function, o, "'function'");
  check_str(pack, &o->owner, o, "'owner'");
  print_str(pack, &o->resources, o, "'resources'");
  print_str(pack, &o->evaluation, o, "'evaluation'");
  print_str(pack, &o->evidence, o, "'evidence'");
  print_str(pack, &o->version, o, "'version'");
  print_str(pack, &o->approved_by, o, "'approved_by'");
  for (int i = 0; i < o->tags.n; i++)
    print_str(pack, &o->tags.v[i], o, "a tag");
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
    print_str(pack, &o->comms[i].audience, o, "a communication's audience");
    print_str(pack, &o->comms[i].channel, o, "a communication's channel");
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

/* A review meeting's texts (SPEC section 18): the sign-off block and the
 * minutes are printed; a decision's id, text, owner and objectives are
 * workbook cells too (the Decisions sheet), as is a decision update's note. */
static void check_meeting_text(Pack *pack, const Meeting *mt)
{
  print_str(pack, &mt->chair, NULL, "'chair'");
  print_str(pack, &mt->approved_by, NULL, "'approved_by'");
  for (int i = 0; i < mt->attendees.n; i++)
    print_str(pack, &mt->attendees.v[i], NULL, "an attendee");
  for (int i = 0; i < mt->n_decisions; i++) {
    const Decision *d = &mt->decisions[i];
    check_str(pack, &d->id, NULL, "a decision's id");
    check_str(pack, &d->decision, NULL, "a decision");
    check_str(pack, &d->owner, NULL, "a decision's owner");
    for (int j = 0; j < d->objectives.n; j++)
      check_str(pack, &d->objectives.v[j], NULL, "an objective a decision names");
  }
  check_markdown(pack, mt->body, mt->file, mt->body_line, NULL);
}

static void check_meetings_text(Pack *pack)
{
  for (int i = 0; i < pack->n_meetings; i++)
    check_meeting_text(pack, pack->meetings[i]);
  for (long i = 0; i < pack->n_drows; i++)
    check_text(pack, pack->drows[i].pos, pack->drows[i].note, NULL, "the note");
}

//
// Across the pack
//

static void check_62(Pack *pack)
{
  if (!pack->n_objectives)
    diag_add(pack, (Pos){"objectives", 0, 0}, RULE_6_2, NULL, "the pack establishes no information security objectives");
}

static void check_coverage(Pack *pack, const Eval *ev)
{
  for (int i = 0; i < pack->n_risks; i++) {
    const Risk *r = &pack->risks[i];
    if (ev->risk_uncovered[i])
      diag_add(pack, r->pos, RULE_6_2C_COVERAGE, NULL,
               "risk '%s' (%s, open, treatment modify) is addressed by no active or achieved objective (a "
               "cross-check of risk treatment, 6.1.3, with 6.2 c)", r->id, risk_level_name(r->level));
  }
}

/* 6.2c-feedback: a risk still open for treatment by modification after the
 * objectives that treat it are achieved - at its reference in each achieved
 * one.  A risk that an active objective not yet achieved also treats is left
 * alone: its treatment is still under way. */
static void check_feedback(Pack *pack, const Eval *ev)
{
  Map busy;
  map_init(&busy);
  for (int i = 0; i < pack->n_objectives; i++) {
    const Objective *o = pack->objectives[i];
    if (ev->obj[i].rated && !ev->obj[i].achieved)
      for (int j = 0; j < o->risks.n; j++)
        map_put(&busy, o->risks.v[j].s, (void *)o);
  }
  for (int i = 0; i < pack->n_objectives; i++) {
    const Objective *o = pack->objectives[i];
    if (!ev->obj[i].rated || !ev->obj[i].achieved || !applies(o, RULE_6_2C_FEEDBACK))
      continue;
    for (int j = 0; j < o->risks.n; j++) {
      const Str *ref = &o->risks.v[j];
      const Risk *r = map_get(&pack->risk_by_id, ref->s);
      if (r && r->open && r->treatment == TR_MODIFY && !map_get(&busy, ref->s))
        diag_add(pack, ref->pos, RULE_6_2C_FEEDBACK, o, "%s is still open and rated %s after %s was achieved: reassess it (6.1.2)",
                 r->id, risk_level_name(r->level), o->id.s);
    }
  }
  map_release(&busy);
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
    if (ev->mrow_dup_of[i] >= 0 && applies(o, RULE_P_DUP))
      diag_add(pack, r->pos, RULE_P_DUP, o, "second row for measure '%s' of objective '%s' on %s; it replaces %s:%d",
               mid, o->id.s, d1, pack->mrows[ev->mrow_dup_of[i]].pos.file, pack->mrows[ev->mrow_dup_of[i]].pos.line);
    if ((ev->mrow_flags[i] & ROW_FUTURE) && applies(o, RULE_P_FUTURE))
      diag_add(pack, r->pos, RULE_P_FUTURE, o, "row dated %s is after the evaluation date %s; not used", d1, d2);
  }
  for (long i = 0; i < pack->n_arows; i++) {
    if (ev->arow_dup_of[i] < 0 && !(ev->arow_flags[i] & ROW_FUTURE))
      continue;
    const ActRow *r = &pack->arows[i];
    const Objective *o = pack->objectives[r->obj];
    const char *aid = o->actions[r->action].id.s;
    date_str(r->date, d1);
    if (ev->arow_dup_of[i] >= 0 && applies(o, RULE_P_DUP))
      diag_add(pack, r->pos, RULE_P_DUP, o, "second update for action '%s' of objective '%s' on %s; it replaces %s:%d",
               aid, o->id.s, d1, pack->arows[ev->arow_dup_of[i]].pos.file, pack->arows[ev->arow_dup_of[i]].pos.line);
    if ((ev->arow_flags[i] & ROW_FUTURE) && applies(o, RULE_P_FUTURE))
      diag_add(pack, r->pos, RULE_P_FUTURE, o, "row dated %s is after the evaluation date %s; not used", d1, d2);
  }
}

/* A decision's name in messages: "2026-06-12 D3". */
static const char *decision_name(const Pack *pack, const Decision *d, char out[96])
{
  char date[11];
  date_str(pack->meetings[d->meeting]->date.v, date);
  snprintf(out, 96, "%s %.64s", date, d->id.s);
  return out;
}

/* 9.3-decision and 9.3-followup over every decision (SPEC section 18). */
static void check_decisions(Pack *pack, const Eval *ev)
{
  char name[96], d1[11], d2[11];
  date_str(pack->as_of, d2);
  for (int i = 0; i < pack->n_meetings; i++) {
    const Meeting *mt = pack->meetings[i];
    for (int j = 0; j < mt->n_decisions; j++) {
      const Decision *d = &mt->decisions[j];
      const DecisionEval *de = &ev->meet[i].d[j];
      decision_name(pack, d, name);
      if (de->status == DS_OPEN && !d->owner.s)
        diag_add(pack, d->pos, RULE_9_3_DECISION, NULL, "open decision '%s' has no owner%s", name,
                 placeholder_note(pack, &d->owner));
      if (de->status == DS_OPEN && !d->due.present)
        diag_add(pack, d->pos, RULE_9_3_DECISION, NULL, "open decision '%s' has no due date", name);
      for (int k = 0; k < d->objectives.n; k++)
        if (d->obj[k] < 0)
          diag_add(pack, d->objectives.v[k].pos, RULE_9_3_DECISION, NULL, "decision '%s' names unknown objective '%s'%s",
                   name, d->objectives.v[k].s, lookalike(pack, d->objectives.v[k].s, &pack->obj_by_id, "the pack"));
      if (de->overdue) {
        date_str(d->due.v, d1);
        diag_add(pack, d->due.pos, RULE_9_3_FOLLOWUP, NULL,
                 "decision '%s' (owner %s) was due on %s and is still open, %d days later on %s", name,
                 d->owner.s ? d->owner.s : "none", d1, de->days_overdue, d2);
      }
    }
  }
  for (long i = 0; i < pack->n_drows; i++) {
    const DecRow *r = &pack->drows[i];
    decision_name(pack, &pack->meetings[r->meeting]->decisions[r->decision], name);
    date_str(r->date, d1);
    if (ev->drow_dup_of[i] >= 0)
      diag_add(pack, r->pos, RULE_P_DUP, NULL, "second update for decision '%s' on %s; it replaces %s:%d", name, d1,
               pack->drows[ev->drow_dup_of[i]].pos.file, pack->drows[ev->drow_dup_of[i]].pos.line);
    if (ev->drow_flags[i] & ROW_FUTURE)
      diag_add(pack, r->pos, RULE_P_FUTURE, NULL, "row dated %s is after the evaluation date %s; not used", d1, d2);
  }
}

/* 7.5-approval, an approval dated after the evaluation date (the objective's,
 * or the document's for o NULL): the documents would show an approval that had
 * not been given on that date, and 7.5-approval's history would take every
 * change before it as approved. */
static void check_approval_date(Pack *pack, const Objective *o)
{
  const DateVal *on = o ? &o->approved_on : &pack->doc_approved_on;
  if (!on->valid || on->v <= pack->as_of)
    return;
  char d1[11], d2[11];
  date_str(on->v, d1);
  date_str(pack->as_of, d2);
  if (o)
    diag_add(pack, on->pos, RULE_7_5_APPROVAL, o,
             "objective '%s' is approved on %s, after the evaluation date %s: on %s it was not yet approved", o->id.s,
             d1, d2, d2);
  else
    diag_add(pack, on->pos, RULE_7_5_APPROVAL, NULL,
             "the document is approved on %s, after the evaluation date %s: on %s it was not yet approved", d1, d2, d2);
}

void rules_run(Pack *pack, const Eval *ev)
{
  check_62(pack);
  check_approval_date(pack, NULL);
  for (int i = 0; i < pack->n_objectives; i++) {
    const Objective *o = pack->objectives[i];
    if (applies(o, RULE_6_2)) check_stated(pack, o);
    if (applies(o, RULE_6_2A)) check_62a(pack, o);
    if (applies(o, RULE_6_2B)) check_62b(pack, o);
    if (applies(o, RULE_6_2C)) check_62c(pack, o);
    if (applies(o, RULE_6_2D)) check_62d(pack, o, &ev->obj[i]);
    if (applies(o, RULE_6_2E)) check_62e(pack, o);
    if (applies(o, RULE_6_2F)) check_62f(pack, o);
    if (applies(o, RULE_6_2F_RELEVANCE)) check_62f_relevance(pack, o);
    if (applies(o, RULE_6_2G)) check_62g(pack, o);
    check_approval_date(pack, o);
    if (applies(o, RULE_6_2H)) check_62h(pack, o);
    if (applies(o, RULE_6_2I)) check_62i(pack, o);
    if (applies(o, RULE_6_2J)) check_62j(pack, o);
    if (applies(o, RULE_6_2K)) check_62k(pack, o);
    if (applies(o, RULE_6_2L)) check_62l(pack, o);
    if (applies(o, RULE_6_2L_ACHIEVED)) check_62l_achieved(pack, o, &ev->obj[i]);
    check_title(pack, o);
    check_objective_text(pack, o);
  }
  check_pack_text(pack);
  check_meetings_text(pack);
  check_coverage(pack, ev);
  check_feedback(pack, ev);
  check_rows(pack, ev);
  check_decisions(pack, ev);
}
