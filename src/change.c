/*
 * change.c - the state of a pack and the change record (SPEC section 13).
 *
 * A PackState is what evaluation.csv records of an evaluated pack: one row
 * per objective (status, RAG, progress and its definition: title, owner,
 * due, level, links), followed by one row per measure (status, latest value,
 * target, baseline, direction, unit) and one per action (owner, due).  The
 * state of this build comes from the model (state_from_pack); an earlier one
 * from an evidence pack's evaluation.csv (previous_read) or from the pack at
 * a Git revision, read and evaluated like this one (git.c).
 *
 * change_compute() compares the two once, and the review, the register and
 * the workbook print the record it makes: they never compare anything.  Every
 * definition is compared as the text evaluation.csv holds, so the same
 * values give no change whatever their source.  The changes are ordered by
 * objective in this pack's order, then the objectives removed in the earlier
 * pack's order; within an objective: added, evaluation (status, RAG,
 * progress), definition (title, owner, due, level, links), then each measure
 * (added, latest value, target, baseline, direction, unit, achieved_when),
 * measures removed,
 * each action (added, due, owner), actions removed.
 */
#include "objreg.h"

#include <stdlib.h>
#include <string.h>

//
// The state of a pack
//

/* A number as evaluation.csv writes it ("" when not given). */
static const char *state_num(Arena *a, Num n)
{
  char t[48];
  return n.present && n.valid ? arena_strdup(a, num_text(n.v, t)) : "";
}

/* A measure's achievement rule as evaluation.csv writes it: "latest", "consecutive: 3", "average_of: 3". */
static const char *state_achieve(Arena *a, const AchievedWhen *aw)
{
  if (aw->kind == AW_CONSECUTIVE)
    return arena_printf(a, "consecutive: %d", aw->n);
  if (aw->kind == AW_AVERAGE)
    return arena_printf(a, "average_of: %d", aw->n);
  return "latest";
}

/* A date as YYYY-MM-DD ("" when not given). */
static const char *state_date(Arena *a, DateVal d)
{
  char s[11];
  if (!d.valid)
    return "";
  date_format(d.v, s);
  return arena_strdup(a, s);
}

/* The links of an objective, "policy:P-1 risk:R-2 requirement:Q-3" in the order listed. */
static const char *state_links(Arena *a, const Objective *o)
{
  Buf b;
  buf_init(&b);
  buf_add(&b, "", 0);
  const StrList *l[] = {&o->policy, &o->risks, &o->requirements};
  static const char *const kind[] = {"policy", "risk", "requirement"};
  for (int k = 0; k < 3; k++)
    for (int i = 0; i < l[k]->n; i++)
      if (l[k]->v[i].s)
        buf_printf(&b, "%s%s:%s", b.len ? " " : "", kind[k], l[k]->v[i].s);
  const char *s = arena_strdup(a, b.s);
  buf_release(&b);
  return s;
}

/* A new row: its kind, objective, item and title; every other field empty. */
static StateRow *state_push(PackState *st, int *cap, StateKind kind, const char *objective, const char *item,
                            const char *title)
{
  if (st->n == *cap) {
    *cap = *cap ? 2 * *cap : 64;
    StateRow *v = arena_alloc(&st->arena, (size_t)*cap * sizeof *v);
    if (st->n)
      memcpy(v, st->rows, (size_t)st->n * sizeof *v);
    st->rows = v;
  }
  StateRow *r = &st->rows[st->n++];
  memset(r, 0, sizeof *r);
  r->title = r->status = r->rag = r->owner = r->due = r->level = "";
  r->target = r->baseline = r->direction = r->unit = r->links = r->achieved_when = "";
  r->latest_date = DATE_NONE;
  r->kind = kind;
  r->objective = objective;
  r->item = item;
  r->title = title;
  return r;
}

/* A copy of a model string in the state's arena ("" for NULL): the state outlives its pack. */
static const char *cp(Arena *a, const char *s)
{
  return s && *s ? arena_strdup(a, s) : "";
}

/* The row of measure j of objective id; oe NULL: its definition only. */
static void state_measure(PackState *st, int *cap, const char *id, const Measure *m, const ObjEval *oe, int j)
{
  Arena *a = &st->arena;
  StateRow *r = state_push(st, cap, SR_MEASURE, id, cp(a, m->id.s), cp(a, m->name.s));
  r->target = state_num(a, m->target);
  r->baseline = state_num(a, m->baseline);
  r->direction = dir_name(m->direction.v);
  r->unit = cp(a, m->unit.s);
  r->achieved_when = state_achieve(a, &m->achieved_when);
  if (oe) {
    const MeasureEval *me = &oe->m[j];
    r->status = mstatus_name(me->status);
    r->rag = oe->rated ? rag_name(me->rag) : "";
    r->has_progress = true;
    r->progress = me->progress;
    r->has_latest = me->has_latest;
    r->latest = me->latest;
    r->latest_date = me->has_latest ? me->latest_date : DATE_NONE;
  }
}

/* The row of action j of objective id; oe NULL: its definition only. */
static void state_action(PackState *st, int *cap, const char *id, const Action *x, const ObjEval *oe, int j)
{
  Arena *a = &st->arena;
  StateRow *r = state_push(st, cap, SR_ACTION, id, cp(a, x->id.s), cp(a, x->action.s));
  r->owner = cp(a, x->owner.s);
  r->due = state_date(a, x->due);
  if (oe && oe->a[j].latest)
    r->status = astatus_name(oe->a[j].latest->status);
}

/* The rows of one objective; oe NULL: definitions only (no evaluation). */
static void state_objective(PackState *st, int *cap, const Objective *o, const ObjEval *oe)
{
  Arena *a = &st->arena;
  const char *id = cp(a, o->id.s);
  StateRow *r = state_push(st, cap, SR_OBJECTIVE, id, NULL, cp(a, o->title.s));
  r->status = status_name(o->status.v);
  r->owner = cp(a, o->owner.s);
  r->due = state_date(a, o->due);
  r->level = level_name(o->level.v);
  r->links = state_links(a, o);
  if (oe) {
    r->rag = oe->rated ? rag_name(oe->rag) : "";
    r->has_progress = oe->rated && oe->has_progress;
    r->progress = oe->progress;
  }
  for (int j = 0; j < o->n_measures; j++)
    state_measure(st, cap, id, &o->measures[j], oe, j);
  for (int j = 0; j < o->n_actions; j++)
    state_action(st, cap, id, &o->actions[j], oe, j);
}

void state_from_pack(const Pack *pack, const Eval *ev, PackState *st)
{
  memset(st, 0, sizeof *st);
  arena_init(&st->arena);
  st->as_of = ev ? ev->as_of : pack->as_of;
  st->defs = true;
  int cap = 0;
  for (int i = 0; i < pack->n_objectives; i++)
    state_objective(st, &cap, pack->objectives[i], ev ? &ev->obj[i] : NULL);
}

void state_release(PackState *st)
{
  if (st->indexed)
    map_release(&st->index);
  st->indexed = false;
  arena_release(&st->arena);
  st->rows = NULL;
  st->n = 0;
}

//
// Comparing two states
//

typedef struct {
  ChangeRecord *cr;
  const PackState *before;
  Map rows;          // "kind\x1Fobjective\x1Fitem" -> before's row
  Arena keys;
  int cap;
  Buf key;
} Cmp;

static const char *row_key(Buf *b, StateKind k, const char *obj, const char *item)
{
  b->len = 0;
  buf_printf(b, "%d\x1F%s\x1F%s", (int)k, obj, item ? item : "");
  return b->s;
}

static const StateRow *cmp_find(Cmp *c, StateKind k, const char *obj, const char *item)
{
  return map_get(&c->rows, row_key(&c->key, k, obj, item));
}

/* Append a change; before/after are copied (NULL stays NULL). */
static Change *cmp_add(Cmp *c, ChangeField f, const char *obj, const char *item, const char *before,
                       const char *after, int oi)
{
  ChangeRecord *cr = c->cr;
  if (cr->n == c->cap) {
    c->cap = c->cap ? 2 * c->cap : 64;
    cr->v = xrealloc(cr->v, (size_t)c->cap * sizeof *cr->v);
  }
  Arena *a = &cr->arena;
  Change *x = &cr->v[cr->n++];
  *x = (Change){f, arena_strdup(a, obj), item ? arena_strdup(a, item) : NULL,
                before ? arena_strdup(a, before) : NULL, after ? arena_strdup(a, after) : NULL, oi, -1, false, NULL, false, NULL, NULL};
  if (change_is_definition(f))
    cr->n_defs++;
  return x;
}

/* A definition field compared as text: one change when it differs. */
static void cmp_field(Cmp *c, ChangeField f, const StateRow *now, const char *b, const char *n, int oi)
{
  if (strcmp(b, n) != 0)
    cmp_add(c, f, now->objective, now->item, *b ? b : NULL, *n ? n : NULL, oi);
}

/* Whether the space-separated list s holds the word w. */
static bool has_word(const char *s, const char *w)
{
  size_t n = strlen(w);
  for (const char *p = s; (p = strstr(p, w)); p += n)
    if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
      return true;
  return false;
}

/* Links in list a missing from list b: each one a change (added when forward, else removed). */
static void cmp_links_one_way(Cmp *c, const char *obj, const char *a, const char *b, bool added, int oi)
{
  static const char *const kinds[] = {"policy", "risk", "requirement"};
  static const ChangeField fields[] = {CF_POLICY, CF_RISK, CF_REQUIREMENT};
  char *copy = xmalloc(strlen(a) + 1);
  strcpy(copy, a);
  for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
    if (has_word(b, w))
      continue;
    char *colon = strchr(w, ':');
    if (!colon)
      continue;
    *colon = '\0';
    for (int k = 0; k < 3; k++)
      if (strcmp(w, kinds[k]) == 0)
        cmp_add(c, fields[k], obj, NULL, added ? NULL : colon + 1, added ? colon + 1 : NULL, oi);
  }
  free(copy);
}

/* A latest value as printed: "6 on 2026-10-01", or "no data". */
static const char *latest_text(Arena *a, const StateRow *r)
{
  char d[11], t[48];
  if (!r->has_latest)
    return "no data";
  date_format(r->latest_date, d);
  return arena_printf(a, "%s on %s", num_text(r->latest, t), d);
}

/* The whole percentage a fraction prints as. */
static int pct_int(double f)
{
  char s[16];
  return atoi(percent_format(f, s));
}

/* Status, RAG and progress of an objective in both states. */
static void cmp_eval(Cmp *c, const StateRow *b, const StateRow *n, int oi)
{
  ChangeRecord *cr = c->cr;
  int pts = n->has_progress && b->has_progress ? pct_int(n->progress) - pct_int(b->progress) : 0;
  bool status = strcmp(b->status, n->status) != 0, rag = strcmp(b->rag, n->rag) != 0;
  bool progress = pts != 0 || n->has_progress != b->has_progress;
  if (!status && !rag && !progress) {
    cr->n_same++;
    return;
  }
  cr->od = xrealloc(cr->od, (size_t)(cr->n_od + 1) * sizeof *cr->od);
  cr->od[cr->n_od++] = (ObjDelta){oi, arena_strdup(&cr->arena, b->status), arena_strdup(&cr->arena, b->rag),
                                  b->has_progress, b->progress, pts};
  char pb[16], pn[16];
  if (status)
    cmp_add(c, CF_STATUS, n->objective, NULL, b->status, n->status, oi);
  if (rag)
    cmp_add(c, CF_RAG, n->objective, NULL, *b->rag ? b->rag : "not rated", *n->rag ? n->rag : "not rated", oi);
  if (progress)
    cmp_add(c, CF_PROGRESS, n->objective, NULL, b->has_progress ? percent_format(b->progress, pb) : NULL,
            n->has_progress ? percent_format(n->progress, pn) : NULL, oi);
}

/* A measure in both states: its latest value, then (with definitions) what re-targets it. */
static void cmp_measure(Cmp *c, const StateRow *b, const StateRow *n, int oi, int mj)
{
  ChangeRecord *cr = c->cr;
  char x[48] = "", y[48] = "";
  if (b->has_latest)
    num_text(b->latest, x);
  if (n->has_latest)
    num_text(n->latest, y);
  if (strcmp(x, y) != 0 || b->latest_date != n->latest_date) {
    Change *ch = cmp_add(c, CF_LATEST, n->objective, n->item, latest_text(&cr->arena, b),
                         latest_text(&cr->arena, n), oi);
    ch->measure = mj;
    ch->was = arena_alloc(&cr->arena, sizeof *ch->was);
    *ch->was = *b;
    ch->was->status = arena_strdup(&cr->arena, b->status);
  }
  if (!cr->defs)
    return;
  int n0 = cr->n;
  cmp_field(c, CF_TARGET, n, b->target, n->target, oi);
  cmp_field(c, CF_BASELINE, n, b->baseline, n->baseline, oi);
  cmp_field(c, CF_DIRECTION, n, b->direction, n->direction, oi);
  cmp_field(c, CF_UNIT, n, b->unit, n->unit, oi);
  if (*b->achieved_when)  // an evaluation.csv before 1.1 does not record it
    cmp_field(c, CF_ACHIEVED_WHEN, n, b->achieved_when, n->achieved_when, oi);
  for (int i = n0; i < cr->n; i++) {
    cr->v[i].retargeted = true;
    cr->v[i].measure = mj;
  }
  if (cr->n > n0)
    cr->n_retargeted++;
}

/* The measures and actions of the earlier objective that this one no longer has. */
static void cmp_removed_items(Cmp *c, const char *obj, const Map *now_items, int oi)
{
  const PackState *bs = c->before;
  for (int i = 0; i < bs->n; i++) {
    const StateRow *r = &bs->rows[i];
    if (r->kind == SR_OBJECTIVE || strcmp(r->objective, obj) != 0)
      continue;
    if (!map_get(now_items, row_key(&c->key, r->kind, obj, r->item)))
      cmp_add(c, r->kind == SR_MEASURE ? CF_MEASURE : CF_ACTION, obj, r->item, r->title, NULL, oi);
  }
}

/* One objective of this pack (rows[0] is its objective row, then its measures and actions). */
static void cmp_objective(Cmp *c, const Objective *o, const StateRow *rows, int n)
{
  ChangeRecord *cr = c->cr;
  int oi = o->index;
  const StateRow *b = cmp_find(c, SR_OBJECTIVE, rows[0].objective, NULL);
  if (!b) {
    cmp_add(c, CF_OBJECTIVE, rows[0].objective, NULL, NULL, rows[0].title, oi);
    cr->n_added++;
    return;
  }
  cmp_eval(c, b, &rows[0], oi);
  if (cr->defs) {
    cmp_field(c, CF_TITLE, &rows[0], b->title, rows[0].title, oi);
    cmp_field(c, CF_OWNER, &rows[0], b->owner, rows[0].owner, oi);
    cmp_field(c, CF_DUE, &rows[0], b->due, rows[0].due, oi);
    cmp_field(c, CF_LEVEL, &rows[0], b->level, rows[0].level, oi);
    cmp_links_one_way(c, rows[0].objective, rows[0].links, b->links, true, oi);
    cmp_links_one_way(c, rows[0].objective, b->links, rows[0].links, false, oi);
  }
  Map items;
  map_init(&items);
  Arena keys;
  arena_init(&keys);
  int mj = 0;
  for (int i = 1; i < n; i++) {
    const StateRow *r = &rows[i];
    map_put(&items, arena_strdup(&keys, row_key(&c->key, r->kind, r->objective, r->item)), (void *)r);
    const StateRow *was = cmp_find(c, r->kind, r->objective, r->item);
    if (r->kind == SR_MEASURE) {
      if (was)
        cmp_measure(c, was, r, oi, mj);
      else if (cr->defs)
        cmp_add(c, CF_MEASURE, r->objective, r->item, NULL, r->title, oi)->measure = mj;
      mj++;
    } else if (cr->defs) {
      if (!was) {
        cmp_add(c, CF_ACTION, r->objective, r->item, NULL, r->title, oi);
      } else {
        cmp_field(c, CF_ACTION_DUE, r, was->due, r->due, oi);
        cmp_field(c, CF_ACTION_OWNER, r, was->owner, r->owner, oi);
      }
    }
  }
  if (cr->defs)
    cmp_removed_items(c, rows[0].objective, &items, oi);
  map_release(&items);
  arena_release(&keys);
}

void change_compute(const Pack *pack, const Eval *ev, const PackState *before, ChangeRecord *cr)
{
  memset(cr, 0, sizeof *cr);
  arena_init(&cr->arena);
  cr->as_of = before->as_of;
  cr->defs = before->defs;
  Cmp c = {.cr = cr, .before = before};
  map_init(&c.rows);
  arena_init(&c.keys);
  buf_init(&c.key);
  for (int i = 0; i < before->n; i++) {
    const StateRow *r = &before->rows[i];
    map_put(&c.rows, arena_strdup(&c.keys, row_key(&c.key, r->kind, r->objective, r->item)), (void *)r);
  }
  PackState now;
  state_from_pack(pack, ev, &now);
  for (int i = 0, k = 0; i < now.n; k++) {
    int j = i + 1;
    while (j < now.n && now.rows[j].kind != SR_OBJECTIVE)
      j++;
    cmp_objective(&c, pack->objectives[k], &now.rows[i], j - i);
    i = j;
  }
  for (int i = 0; i < before->n; i++) {
    const StateRow *r = &before->rows[i];
    if (r->kind == SR_OBJECTIVE && !map_get(&pack->obj_by_id, r->objective)) {
      Change *x = cmp_add(&c, CF_OBJECTIVE, r->objective, NULL, r->title, NULL, -1);
      x->was = arena_alloc(&cr->arena, sizeof *x->was);
      *x->was = *r;
      x->was->status = arena_strdup(&cr->arena, r->status);
      cr->n_removed++;
    }
  }
  state_release(&now);
  map_release(&c.rows);
  arena_release(&c.keys);
  buf_release(&c.key);
}

void change_release(ChangeRecord *cr)
{
  free(cr->v);
  free(cr->od);
  arena_release(&cr->arena);
  memset(cr, 0, sizeof *cr);
}

// The field names, English: msgids (context "change field") for the documents.
static const char *const field_names[] = {
  NC_("change field", "objective"), NC_("change field", "status"), NC_("change field", "RAG"),
  NC_("change field", "progress"), NC_("change field", "latest value"), NC_("change field", "title"),
  NC_("change field", "owner"), NC_("change field", "due"), NC_("change field", "level"),
  NC_("change field", "measure"), NC_("change field", "target"), NC_("change field", "baseline"),
  NC_("change field", "direction"), NC_("change field", "unit"), NC_("change field", "achieved_when"),
  NC_("change field", "action"), NC_("change field", "due"), NC_("change field", "owner"),
  NC_("change field", "policy"), NC_("change field", "risk"), NC_("change field", "requirement"),
  NC_("change field", "policy statement"), NC_("change field", "risk"), NC_("change field", "requirement")};

// The fields of a policy statement's or register row's definition (git.c, Change.sub).
static const char *const sub_names[] = {
  NC_("change field", "heading"), NC_("change field", "text"), NC_("change field", "title"), NC_("change field", "level"),
  NC_("change field", "score"), NC_("change field", "treatment"), NC_("change field", "status"),
  NC_("change field", "source"), NC_("change field", "type"), NULL};

const char *change_field_label(Language lang, ChangeField f)
{
  return trc(lang, "change field", field_names[f]);
}

const char *change_sub_label(Language lang, const char *sub)
{
  for (int i = 0; sub_names[i]; i++)
    if (strcmp(sub, sub_names[i]) == 0)
      return trc(lang, "change field", sub_names[i]);
  return sub;
}

bool change_is_definition(ChangeField f)
{
  return f >= CF_TITLE;
}

void state_index(PackState *st)
{
  if (st->indexed)
    return;
  map_init(&st->index);
  Buf key;
  buf_init(&key);
  for (int i = 0; i < st->n; i++) {
    const StateRow *r = &st->rows[i];
    map_put(&st->index, arena_strdup(&st->arena, row_key(&key, r->kind, r->objective, r->item)), (void *)r);
  }
  buf_release(&key);
  st->indexed = true;
}

/* The row of kind k for the change's objective and item in st, or NULL. */
static const StateRow *state_find(const PackState *st, StateKind k, const Change *c)
{
  if (st->indexed) {
    Buf key;
    buf_init(&key);
    const StateRow *r = map_get(&st->index, row_key(&key, k, c->objective, k == SR_OBJECTIVE ? NULL : c->item ? c->item : ""));
    buf_release(&key);
    return r;
  }
  for (int i = 0; i < st->n; i++) {
    const StateRow *r = &st->rows[i];
    if (r->kind == k && strcmp(r->objective, c->objective) == 0 &&
        (k == SR_OBJECTIVE || strcmp(r->item, c->item ? c->item : "") == 0))
      return r;
  }
  return NULL;
}

bool state_has_objective(const PackState *st, const char *id)
{
  return state_find(st, SR_OBJECTIVE, &(Change){.objective = id}) != NULL;
}

const char *change_value(const PackState *st, const Change *c)
{
  const StateRow *o = state_find(st, SR_OBJECTIVE, c);
  const StateRow *m = c->item ? state_find(st, SR_MEASURE, c) : NULL;
  const StateRow *a = c->item ? state_find(st, SR_ACTION, c) : NULL;
  const char *link = c->before ? c->before : c->after;
  switch (c->field) {
  case CF_OBJECTIVE: return o ? o->title : NULL;
  case CF_TITLE: return o ? o->title : NULL;
  case CF_OWNER: return o ? o->owner : NULL;
  case CF_DUE: return o ? o->due : NULL;
  case CF_LEVEL: return o ? o->level : NULL;
  case CF_MEASURE: return m ? m->title : NULL;
  case CF_TARGET: return m ? m->target : NULL;
  case CF_BASELINE: return m ? m->baseline : NULL;
  case CF_DIRECTION: return m ? m->direction : NULL;
  case CF_UNIT: return m ? m->unit : NULL;
  case CF_ACHIEVED_WHEN: return m ? m->achieved_when : NULL;
  case CF_ACTION: return a ? a->title : NULL;
  case CF_ACTION_DUE: return a ? a->due : NULL;
  case CF_ACTION_OWNER: return a ? a->owner : NULL;
  case CF_POLICY: case CF_RISK: case CF_REQUIREMENT: {
    static const char *const kinds[] = {"policy", "risk", "requirement"};
    if (!o || !link)
      return NULL;
    char w[512];
    snprintf(w, sizeof w, "%s:%s", kinds[c->field - CF_POLICY], link);
    return has_word(o->links, w) ? link : NULL;
  }
  default: return NULL;
  }
}

/* A number of the change record as the language writes it (SPEC 12):
 * "1234.5" -> "1.234,5" (de), "1 234,5" (fr); "86%" -> "86 %". */
static const char *value_number(Language lang, const char *v, char out[128])
{
  char c[64];
  size_t n = strlen(v);
  bool pct = n && v[n - 1] == '%';
  if (pct)
    n--;
  if (n >= sizeof c)
    return v;
  memcpy(c, v, n);
  c[n] = '\0';
  num_localise(lang, c, out, 96);
  if (pct)
    strcat(out, percent_sign(lang));
  return out;
}

/* A value of what an objective rests on (sub: its field, ref_fields in
 * git.c): a risk's level, treatment and status by their labels, its score in
 * the language's format, a requirement's type by its label; text as recorded. */
static const char *ref_value_label(Language lang, ChangeField f, const char *sub, const char *v, char out[128])
{
  int k;
  if (f == CF_REF_RISK && strcmp(sub, "level") == 0)
    return (k = enum_lookup(risk_names, risk_vals, v)) ? enum_label(lang, VF_RISK_LEVEL, k) : v;
  if (f == CF_REF_RISK && strcmp(sub, "treatment") == 0)
    return (k = enum_lookup(treat_names, treat_vals, v)) ? enum_label(lang, VF_TREATMENT, k) : v;
  if (f == CF_REF_RISK && strcmp(sub, "status") == 0)
    return strcmp(v, "open") == 0     ? enum_label(lang, VF_REG_STATUS, REG_OPEN)
           : strcmp(v, "closed") == 0 ? enum_label(lang, VF_REG_STATUS, REG_CLOSED)
                                      : v;
  if (f == CF_REF_RISK && strcmp(sub, "score") == 0)
    return value_number(lang, v, out);
  if (f == CF_REF_REQUIREMENT && strcmp(sub, "type") == 0)
    return req_type_label(lang, v);
  return v;
}

/* A value of the change record as the document's language prints it: a
 * status, RAG, level, direction or achievement rule by its label, a number
 * (progress, target, baseline, a latest value) in the language's format, a
 * referenced risk's or requirement's field (sub) as ref_value_label says;
 * any other value, and every value in English, as recorded. */
const char *change_value_label(Language lang, ChangeField f, const char *sub, const char *v, char out[128])
{
  static const char *const rags[] = {NC_("rag", "green"), NC_("rag", "amber"), NC_("rag", "red"), NULL};
  int k;
  if (!v || !*v || lang == LANG_EN)
    return v;
  if (sub)
    return ref_value_label(lang, f, sub, v, out);
  switch (f) {
  case CF_PROGRESS: case CF_TARGET: case CF_BASELINE: return value_number(lang, v, out);
  case CF_LATEST: {  // latest_text: "6 on 2026-10-01" or "no data"
    char num[48], date[11], c[128];
    if (strcmp(v, "no data") == 0)
      return tr(lang, "no data");
    if (sscanf(v, "%47s on %10s", num, date) != 2)
      return v;
    value_number(lang, num, c);
    snprintf(out, 128, "%s", c);
    snprintf(out + strlen(out), 128 - strlen(out), tr(lang, " on %s"), date);
    return out;
  }
  case CF_STATUS: k = enum_lookup(status_names, status_vals, v); return k ? enum_label(lang, VF_STATUS, k) : v;
  case CF_LEVEL: k = enum_lookup(level_names, level_vals, v); return k ? enum_label(lang, VF_LEVEL, k) : v;
  case CF_DIRECTION: k = enum_lookup(dir_names, dir_vals, v); return k ? enum_label(lang, VF_DIRECTION, k) : v;
  case CF_RAG:
    for (int i = 0; rags[i]; i++)
      if (strcmp(v, rags[i]) == 0)
        return trc(lang, "rag", rags[i]);
    return strcmp(v, "not rated") == 0 ? tr(lang, "not rated") : v;
  case CF_ACHIEVED_WHEN: {
    AchievedWhen aw = {.kind = AW_LATEST, .n = 1};
    if (sscanf(v, "consecutive: %d", &aw.n) == 1)
      aw.kind = AW_CONSECUTIVE;
    else if (sscanf(v, "average_of: %d", &aw.n) == 1)
      aw.kind = AW_AVERAGE;
    else if (strcmp(v, "latest") != 0)
      return v;
    return achieve_rule_label(lang, &aw, out);
  }
  default: return v;
  }
}

const char *change_text(Language lang, const Change *c, Buf *b)
{
  static const char dash[] = "\xE2\x80\x94", arrow[] = " \xE2\x86\x92 ";
  const char *f = change_field_label(lang, c->field), *untitled = tr(lang, "(no title)");
  b->len = 0;
  buf_add(b, "", 0);
  bool listed = c->field == CF_OBJECTIVE || c->field == CF_MEASURE || c->field == CF_ACTION;
  bool link = c->field >= CF_POLICY && c->field <= CF_REQUIREMENT;
  if (c->field >= CF_REF_POLICY && !c->before)
    buf_printf(b, tr(lang, "%s %s %s reworded"), f, c->item, change_sub_label(lang, c->sub));
  else if (c->field >= CF_REF_POLICY) {
    char vb[128], va[128];
    buf_printf(b, "%s %s %s %s%s%s", f, c->item, change_sub_label(lang, c->sub),
               *c->before ? change_value_label(lang, c->field, c->sub, c->before, vb) : dash, arrow,
               *c->after ? change_value_label(lang, c->field, c->sub, c->after, va) : dash);
  }
  else if (link)
    buf_printf(b, c->before ? tr(lang, "%s %s removed") : tr(lang, "%s %s added"), f, c->before ? c->before : c->after);
  else if (listed && !c->before)
    buf_printf(b, tr(lang, "%s added: %s"), f, c->after && *c->after ? c->after : untitled);
  else if (listed && !c->after)
    buf_printf(b, tr(lang, "%s removed: %s"), f, c->before && *c->before ? c->before : untitled);
  else {
    char vb[128], va[128];
    const char *before = change_value_label(lang, c->field, NULL, c->before, vb),
               *after = change_value_label(lang, c->field, NULL, c->after, va);
    buf_printf(b, "%s %s%s%s", f, before ? before : dash, arrow, after ? after : dash);
  }
  return b->s;
}
