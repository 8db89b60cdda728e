/*
 * test_change.c - the change record (change.c) between two packs read from
 * memory through a PackSource: definitions compared as text, re-targeted
 * measures flagged, links and actions added and removed, the words of a
 * change, a change's value in a state (indexed or not), and an
 * evaluation.csv of objreg 1.0 without definitions.
 */
#include "harness.h"
#include "objreg.h"

#include <errno.h>
#include <stdlib.h>

typedef struct {
  const char *const *files;  // path, text, path, text, ..., NULL
} MemSource;

static int mem_list(void *ctx, void (*fn)(void *, const char *), void *arg)
{
  const MemSource *m = ctx;
  for (int i = 0; m->files[i]; i += 2)
    fn(arg, m->files[i]);
  return 0;
}

static char *mem_read(void *ctx, const char *path, size_t *n)
{
  const MemSource *m = ctx;
  for (int i = 0; m->files[i]; i += 2)
    if (strcmp(m->files[i], path) == 0) {
      *n = strlen(m->files[i + 1]);
      char *s = xmalloc(*n + 1);
      memcpy(s, m->files[i + 1], *n + 1);
      return s;
    }
  errno = ENOENT;
  return NULL;
}

static const char objective_a[] =
    "---\nid: OBJ-001\ntitle: No privileged account lacks a justification\nowner: CISO\n"
    "due: 2026-12-31\nlevel: function\npolicy: [POL-1]\nrisks: [R-1]\n"
    "measures:\n  - id: M1\n    name: Accounts without justification\n    unit: accounts\n"
    "    direction: decrease\n    baseline: 38\n    target: 0\n    frequency: monthly\n"
    "plan:\n  - {id: A1, action: Review the accounts, owner: IAM Lead, due: 2026-03-31}\n---\nBody.\n";
static const char objective_b[] =
    "---\nid: OBJ-001\ntitle: No privileged account lacks a justification\nowner: Head of IT\n"
    "due: 2026-12-31\nlevel: function\npolicy: [POL-1]\nrisks: [R-1, R-2]\n"
    "measures:\n  - id: M1\n    name: Accounts without justification\n    unit: accounts\n"
    "    direction: decrease\n    baseline: 38\n    target: 2\n    frequency: monthly\n"
    "plan:\n  - {id: A2, action: Automate the review, owner: IAM Lead, due: 2026-06-30}\n---\nBody.\n";

/* Read a pack of one objective from memory and evaluate it. */
static void load(Pack *p, Eval *ev, const char *objective)
{
  const char *files[] = {"pack.yml", "as_of: 2026-06-30\n", "objectives/obj-001.md", objective, NULL};
  MemSource m = {files};
  PackSource src = {&m, mem_list, mem_read};
  INT_EQ(pack_load_source(p, "mem", &src, DATE_NONE, 1), 0, "pack_load_source");
  INT_EQ(p->n_objectives, 1, "one objective read from the source");
  eval_pack(p, p->as_of, ev);
}

static const Change *find(const ChangeRecord *cr, ChangeField f, const char *item)
{
  for (int i = 0; i < cr->n; i++)
    if (cr->v[i].field == f && (!item || (cr->v[i].item && strcmp(cr->v[i].item, item) == 0)))
      return &cr->v[i];
  return NULL;
}

void test_change(void)
{
  Pack a, b;
  Eval ea, eb;
  load(&a, &ea, objective_a);
  load(&b, &eb, objective_b);
  PackState before;
  state_from_pack(&a, &ea, &before);
  ChangeRecord cr;
  change_compute(&b, &eb, &before, &cr);
  Buf t;
  buf_init(&t);

  const Change *c = find(&cr, CF_TARGET, "M1");
  OK(c && c->retargeted, "M1's target change is flagged re-targeted");
  if (c) {
    STR_EQ(c->before, "0", "target before");
    STR_EQ(c->after, "2", "target after");
    STR_EQ(change_text(LANG_EN, c, &t), "target 0 \xE2\x86\x92 2", "the words of a re-targeted measure");
    STR_EQ(change_value(&before, c), "0", "the change's value in the earlier state");
    PackState now;
    state_from_pack(&b, NULL, &now);
    STR_EQ(change_value(&now, c), "2", "the change's value in this state (definitions only)");
    state_index(&now);
    STR_EQ(change_value(&now, c), "2", "the same, looked up by key");
    state_release(&now);
  }
  INT_EQ(cr.n_retargeted, 1, "one re-targeted measure");
  c = find(&cr, CF_OWNER, NULL);
  OK(c && strcmp(c->before, "CISO") == 0 && strcmp(c->after, "Head of IT") == 0, "owner CISO -> Head of IT");
  c = find(&cr, CF_ACTION, "A2");
  OK(c && !c->before && c->after, "action A2 added");
  if (c)
    STR_EQ(change_text(LANG_EN, c, &t), "action added: Automate the review", "the words of an added action");
  c = find(&cr, CF_ACTION, "A1");
  OK(c && c->before && !c->after, "action A1 removed");
  c = find(&cr, CF_RISK, NULL);
  OK(c && !c->before && c->after && strcmp(c->after, "R-2") == 0, "risk R-2 linked");
  if (c)
    STR_EQ(change_text(LANG_EN, c, &t), "risk R-2 added", "the words of a link added");
  OK(!find(&cr, CF_POLICY, NULL) && !find(&cr, CF_TITLE, NULL) && !find(&cr, CF_DUE, NULL),
     "what did not change is not in the record");
  INT_EQ(cr.n_defs, 5, "five definition changes (target, owner, risk, two actions)");
  change_release(&cr);

  // The same state without definitions (an evaluation.csv of objreg 1.0).
  before.defs = false;
  change_compute(&b, &eb, &before, &cr);
  OK(!cr.defs && cr.n_defs == 0, "no definition changes without definitions");
  change_release(&cr);

  // A pack compared with itself: no change at all.
  PackState same;
  state_from_pack(&b, &eb, &same);
  change_compute(&b, &eb, &same, &cr);
  INT_EQ(cr.n, 0, "a pack compared with its own state has no change");
  INT_EQ(cr.n_same, 1, "its objective shows no change of status, RAG or progress");
  change_release(&cr);
  state_release(&same);

  buf_release(&t);
  state_release(&before);
  eval_release(&ea);
  eval_release(&eb);
  pack_free(&a);
  pack_free(&b);
}
