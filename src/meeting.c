/*
 * meeting.c - reviews/ (any depth, *.md): one management review meeting per
 * file, front matter -> Meeting, the minutes -> cmark (SPEC section 18).
 *
 * The file goes through the readers of an objective file: fm_split and
 * yaml_load (yaml.c) for the front matter, the YAML value readers of
 * objective.c for each field, cmark for the body.  The meeting is named by its
 * date: a file without a valid date, or with the date of a meeting already
 * read (path order), is not used.  A decision is named by its meeting's date
 * and its id ("2026-06-12 D3"); one without an id, or with an id its file
 * gave before, is not used.  Whether an open decision has what it needs, and
 * whether the objectives it names exist, is the business of rules.c
 * (9.3-decision); the reader only resolves those ids.
 */
#include "objreg.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

const char *const dstatus_names[] = {"open", "done", "cancelled", NULL};
const int dstatus_vals[] = {DS_OPEN, DS_DONE, DS_CANCELLED};

const char *dstatus_name(DecisionStatus s)
{
  static const char *const n[] = {"", "open", "done", "cancelled"};
  return n[s];
}


/* attendees: a list of names (a single name is a list of one). */
static void read_names(Pack *pack, const YNode *v, StrList *out)
{
  out->present = true;
  out->pos = v->pos;
  if (v->kind == YN_MAP) {
    diag_add(pack, v->pos, RULE_E_FIELD, NULL, "'attendees' must be a list of names, not a mapping");
    out->invalid = true;
    return;
  }
  int n = v->kind == YN_SEQ ? v->n : 1;
  out->v = arena_alloc(&pack->arena, (size_t)(n ? n : 1) * sizeof *out->v);
  for (int i = 0; i < n; i++) {
    Str s;
    if (!yscalar_str(pack, v->kind == YN_SEQ ? v->kids[i] : v, "attendees", "a list of names", &s))
      out->invalid = true;
    else if (s.s)
      out->v[out->n++] = s;
  }
}

/* One item of 'decisions'; false when it has no usable id. */
static bool read_decision(Pack *pack, const YNode *m, Decision *d)
{
  d->pos = m->pos;
  for (int i = 0; i < m->n / 2; i++) {
    const char *key = ykey_str(pack, KEY(m, i));
    const YNode *v = VAL(m, i);
    if (!key)
      continue;
    if (IS("id")) yscalar_str(pack, v, key, NULL, &d->id);
    else if (IS("decision")) ytext(pack, v, key, &d->decision);
    else if (IS("owner")) ytext(pack, v, key, &d->owner);
    else if (IS("due")) ydate(pack, v, key, &d->due);
    else if (IS("objectives")) ystrlist(pack, v, key, &d->objectives);
    else if (IS("status")) yenum(pack, v, key, dstatus_names, dstatus_vals, &d->status);
    else ykey_unknown(pack, KEY(m, i), "a decision", "id decision owner due objectives status");
  }
  if (!d->status.v)
    d->status.v = DS_OPEN;
  if (!d->id.s) {
    diag_add(pack, m->pos, RULE_E_FIELD, NULL, "decision has no 'id'; decision not used");
    return false;
  }
  if ((int)utf8_len(d->id.s) > pack->limits.id_length) {
    diag_add(pack, d->id.pos, RULE_E_LIMIT, NULL, "id is longer than %d characters; decision not used",
             pack->limits.id_length);
    return false;
  }
  if (!d->decision.s)
    diag_add(pack, m->pos, RULE_E_FIELD, NULL, "decision '%s' has no 'decision' text", d->id.s);
  d->obj = arena_alloc(&pack->arena, (size_t)(d->objectives.n ? d->objectives.n : 1) * sizeof *d->obj);
  for (int j = 0; j < d->objectives.n; j++) {
    const Objective *o = map_get(&pack->obj_by_id, d->objectives.v[j].s);
    d->obj[j] = o ? o->index : -1;
  }
  return true;
}

/* decisions: a list of mappings; ids unique within the file. */
static void read_decisions(Pack *pack, Meeting *mt, const YNode *v)
{
  const YNode **items;
  int n = ymaplist(pack, v, "decisions", &items, &mt->decisions_invalid);
  mt->decisions = arena_alloc(&pack->arena, (size_t)(n ? n : 1) * sizeof *mt->decisions);
  for (int i = 0; i < n; i++) {
    Decision *d = &mt->decisions[mt->n_decisions];
    memset(d, 0, sizeof *d);
    if (!read_decision(pack, items[i], d))
      continue;
    const Decision *dup = NULL;
    for (int j = 0; j < mt->n_decisions && !dup; j++)
      if (strcmp(mt->decisions[j].id.s, d->id.s) == 0)
        dup = &mt->decisions[j];
    if (dup) {
      diag_add(pack, d->id.pos, RULE_E_DUP, NULL, "decision id '%s' already defined at line %d; decision not used",
               d->id.s, dup->id.pos.line);
      continue;
    }
    mt->n_decisions++;
  }
}

static void read_fields(Pack *pack, Meeting *mt, const YNode *fm)
{
  for (int i = 0; i < fm->n / 2; i++) {
    const char *key = ykey_str(pack, KEY(fm, i));
    const YNode *v = VAL(fm, i);
    if (!key || IS("date"))
      continue;
    if (IS("chair")) ytext(pack, v, key, &mt->chair);
    else if (IS("attendees")) read_names(pack, v, &mt->attendees);
    else if (IS("approved_by")) ytext(pack, v, key, &mt->approved_by);
    else if (IS("approved_on")) ydate(pack, v, key, &mt->approved_on);
    else if (IS("decisions")) read_decisions(pack, mt, v);
    else ykey_unknown(pack, KEY(fm, i), "review meeting front matter", "date chair attendees approved_by approved_on decisions");
  }
}

/* The meeting's date: required and valid, else the file is not used. */
static bool read_date(Pack *pack, Meeting *mt, const YNode *fm)
{
  for (int i = 0; i < fm->n / 2; i++) {
    const YNode *k = KEY(fm, i);
    if (k->kind == YN_SCALAR && strcmp(k->str, "date") == 0) {
      if (!ydate(pack, VAL(fm, i), "date", &mt->date))
        return false;
      break;
    }
  }
  if (!mt->date.valid) {
    if (!mt->date.present)
      diag_add(pack, mt->pos, RULE_E_FIELD, NULL, "review meeting has no 'date'; file not used");
    return false;
  }
  for (int i = 0; i < pack->n_meetings; i++) {
    if (pack->meetings[i]->date.v == mt->date.v) {
      char d[11];
      date_format(mt->date.v, d);
      diag_add(pack, mt->date.pos, RULE_E_DUP, NULL, "a review meeting on %s is already recorded in '%s'; file not used",
               d, pack->meetings[i]->file);
      return false;
    }
  }
  return true;
}

/* Dates that cannot be meant: minutes approved, or a decision due, before
 * the meeting took place (2026-01-05 for 2026-02-05).  Reported, not used. */
static void check_dates(Pack *pack, Meeting *mt)
{
  char md[11], d[11];
  date_format(mt->date.v, md);
  if (mt->approved_on.valid && mt->approved_on.v < mt->date.v) {
    date_format(mt->approved_on.v, d);
    diag_add(pack, mt->approved_on.pos, RULE_E_FIELD, NULL,
             "minutes approved on %s, before the meeting on %s: correct the date", d, md);
    mt->approved_on.valid = false;
  }
  for (int i = 0; i < mt->n_decisions; i++) {
    Decision *dc = &mt->decisions[i];
    if (dc->due.valid && dc->due.v < mt->date.v) {
      date_format(dc->due.v, d);
      diag_add(pack, dc->due.pos, RULE_E_FIELD, NULL,
               "decision '%s %s' is due on %s, before the meeting on %s that made it: correct the date", md, dc->id.s,
               d, md);
      dc->due.valid = false;
    }
  }
}

void meeting_read(Pack *pack, const SrcFile *f)
{
  size_t body_off;
  int body_line;
  Pos at1 = {f->path, 1, 1};
  const YNode *fm = fm_mapping(pack, f, "review meeting", &body_off, &body_line);
  if (!fm)
    return;
  Meeting *mt = arena_alloc(&pack->arena, sizeof *mt);
  mt->pos = at1;
  mt->file = f->path;
  if (!read_date(pack, mt, fm))
    return;
  read_fields(pack, mt, fm);
  check_dates(pack, mt);
  if (!mt->chair.s) {
    char d[11];
    date_format(mt->date.v, d);
    diag_add(pack, mt->pos, RULE_E_FIELD, NULL, "review meeting on %s has no 'chair'", d);
  }
  mt->body = cmark_parse_document(f->data + body_off, f->len - body_off, CMARK_OPT_DEFAULT);
  mt->body_line = body_line;
  pack->meetings = xrealloc(pack->meetings, (size_t)(pack->n_meetings + 1) * sizeof *pack->meetings);
  pack->meetings[pack->n_meetings++] = mt;
}

static int meeting_cmp(const void *a, const void *b)
{
  Date x = (*(Meeting *const *)a)->date.v, y = (*(Meeting *const *)b)->date.v;
  return (x > y) - (x < y);
}

void meetings_settle(Pack *pack)
{
  if (pack->n_meetings > 1)
    qsort(pack->meetings, (size_t)pack->n_meetings, sizeof *pack->meetings, meeting_cmp);
  for (int i = 0; i < pack->n_meetings; i++) {
    Meeting *mt = pack->meetings[i];
    mt->index = i;
    for (int j = 0; j < mt->n_decisions; j++)
      mt->decisions[j].meeting = i;
  }
}

int meeting_find(const Pack *pack, Date date)
{
  for (int i = 0; i < pack->n_meetings; i++)
    if (pack->meetings[i]->date.v == date)
      return i;
  return -1;
}

int decision_find(const Meeting *mt, const char *id)
{
  for (int i = 0; i < mt->n_decisions; i++)
    if (strcmp(mt->decisions[i].id.s, id) == 0)
      return i;
  return -1;
}
