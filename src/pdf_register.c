/*
 * pdf_register.c - the controlled objective register, <doc-id>-register.pdf.
 *
 * One pass over the model lays the document out on the PDF layout
 * (pdf_layout.c): the cover with the document control table and the
 * revision history; the contents; a summary table of every objective; one
 * section per objective (its fields, the policy statements, risks and
 * requirements it answers, resolved through the pack's maps, its measures
 * with a chart each, the action plan, communication, review record, the
 * Markdown body and its own findings); and an annex of the findings that
 * concern no single objective.
 *
 * The contents needs the page of every section before those pages exist, so
 * it is laid out twice: first as a dry run, to learn how many pages it
 * takes, which are then reserved; and once everything else is drawn, onto
 * those reserved pages with the page numbers known.  Internal links are
 * resolved in pdf_finish(), with the footers.
 *
 * Everything printed comes from the model and its evaluation (Eval): figures
 * are never recomputed here.  Draft, closed and withdrawn objectives are not
 * rated, so they show no RAG and no progress.
 */
#include "pdf.h"

#include <cmark.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


#define DRAFTS_TITLE N_("Draft objectives \xE2\x80\x94 not approved")

/* A draft objective: not approved, so it goes to the annex (SPEC 19), not among the approved ones. */
static bool is_draft(const Objective *o)
{
  return o->status.v == ST_DRAFT;
}

typedef struct {
  PdfDoc d;
  const Pack *pack;
  const Eval *ev;
  const BuildInfo *bi;
  char as_of[11];
  int *diag_start;     // findings by objective: diag_idx[diag_start[i] .. diag_start[i+1]);
  int *diag_idx;       // index n_objectives holds those of no objective
  int *obj_anchor;     // the section of each objective
  int a_control, a_history, a_contents, a_intro, a_summary, a_findings, a_changes;
  HPDF_Outline ol_objectives, ol_drafts;
  int a_drafts;        // the annex of draft objectives (SPEC 19), -1 without drafts
  int n_drafts;
  cmark_node *intro;   // the introduction (templates/register.md), or NULL
  float id_w;          // the ID columns: as wide as the widest objective id
  PdfText t;           // a paragraph being built
} Reg;

//
// Values as text
//





//
// Styles and cells
//

/* The language of the register's fixed texts (tr). */
static Language lang(const Reg *r)
{
  return r->pack->language;
}

/* The label column of key-value tables. */
static PdfStyle st_label(void)
{
  return pdf_style(PF_BOLD, PDF_SMALL, PDF_MUTED);
}

/* A plain cell, or "not given". */
static void cell_text(Reg *r, PdfTable *t, int col, const char *s)
{
  kit_cell(&r->d, t, col, NULL, s);
}

/* A date cell (YYYY-MM-DD), or "not given". */
static void cell_date(Reg *r, PdfTable *t, int col, Date d)
{
  kit_cell_date(&r->d, t, col, d);
}

/* A key-value row of a two-column table. */
static void kv_row(Reg *r, PdfTable *t, const char *key, const char *value)
{
  PdfStyle k = st_label();
  pdf_table_puts(&r->d, t, 0, &k, key);
  cell_text(r, t, 1, value);
  pdf_table_row(&r->d, t);
}

/* A two-column key-value table with a shaded label column. */
static void kv_table(Reg *r, PdfTable *t, float key_weight)
{
  float w[2] = {key_weight, 100 - key_weight};
  pdf_table_init(&r->d, t, 2, w, NULL);
  t->label_col = true;
}

/* A heading from a plain string, with an anchor before it (returned). */
static int heading(Reg *r, int level, const char *s, float keep)
{
  return kit_heading(&r->d, level, s, keep);
}

/* A paragraph from a plain string in style st. */
static void para(Reg *r, const PdfStyle *st, const char *s)
{
  kit_para(&r->d, st, s);
}

/* A remark in place of an empty section ("No findings."). */
static void note(Reg *r, const char *s)
{
  kit_note(&r->d, s);
}

//
// Findings by objective
//

/* Bucket the findings by objective (counting sort keeps their order). */
static void index_findings(Reg *r)
{
  const Pack *p = r->pack;
  int n = p->n_objectives, nd = p->diags.len;
  int *key = xmalloc((size_t)(nd ? nd : 1) * sizeof *key);
  r->diag_start = xcalloc((size_t)n + 2, sizeof *r->diag_start);
  r->diag_idx = xmalloc((size_t)(nd ? nd : 1) * sizeof *r->diag_idx);
  for (int i = 0; i < nd; i++) {
    key[i] = p->diags.v[i].obj >= 0 ? p->diags.v[i].obj : n;
    r->diag_start[key[i] + 1]++;
  }
  for (int k = 0; k <= n; k++)
    r->diag_start[k + 1] += r->diag_start[k];
  int *fill = xcalloc((size_t)n + 1, sizeof *fill);
  for (int i = 0; i < nd; i++)
    r->diag_idx[r->diag_start[key[i]] + fill[key[i]]++] = i;
  free(fill);
  free(key);
}

/* The findings table for bucket k (an objective, or n for the rest). */
// The findings of one rule and severity an objective's table lists; the
// rest are counted in one row (every one is in the workbook and the files).
#define FINDINGS_LISTED 10

static PdfStyle sev_style(Severity s)
{
  return pdf_style(PF_BOLD, PDF_SMALL, s == SEV_ERROR ? PDF_RED : (PdfRgb){0.70f, 0.42f, 0.0f});
}

static void findings_table(Reg *r, int k)
{
  static const float w[] = {28, -50, -66, 55};
  int from = r->diag_start[k], to = r->diag_start[k + 1];
  if (from == to) {
    note(r, tr(lang(r), "No check findings."));
    return;
  }
  PdfTable t;
  pdf_table_init(&r->d, &t, 4, w, NULL);
  t.caption = tr(lang(r), "Check findings");
  static const char *const heads[] = {N_("Position"), N_("Severity"), N_("Rule"), N_("Message")};
  pdf_table_heads(&r->d, &t, heads);
  PdfStyle mono = pdf_style(PF_MONO, 7.2f, PDF_INK), cell = pdf_st_cell();
  int shown[N_RULES][2] = {{0}};  // by rule, warning/error: rows listed or counted
  for (int i = from; i < to; i++) {
    const Diag *g = &r->pack->diags.v[r->diag_idx[i]];
    if (++shown[g->rule][g->sev == SEV_ERROR] > FINDINGS_LISTED)
      continue;
    PdfText *pos = pdf_table_cell(&t, 0);
    if (g->pos.line)
      pdf_text_printf(&r->d, pos, &mono, "%s:%d:%d", g->pos.file, g->pos.line, g->pos.col);
    else
      pdf_text_puts(&r->d, pos, &mono, g->pos.file);
    PdfStyle sev = sev_style(g->sev);
    pdf_table_puts(&r->d, &t, 1, &sev, sev_label(lang(r), g->sev));
    pdf_table_puts(&r->d, &t, 2, &mono, rules[g->rule].id);
    pdf_table_puts(&r->d, &t, 3, &cell, g->msg);
    pdf_table_row(&r->d, &t);
  }
  // The rest, rule by rule in the order of their first finding.
  for (int i = from; i < to; i++) {
    const Diag *g = &r->pack->diags.v[r->diag_idx[i]];
    int *n = &shown[g->rule][g->sev == SEV_ERROR];
    if (*n <= FINDINGS_LISTED)
      continue;
    int more = *n - FINDINGS_LISTED;
    *n = 0;  // one row per rule and severity
    PdfStyle sev = sev_style(g->sev);
    pdf_table_puts(&r->d, &t, 1, &sev, sev_label(lang(r), g->sev));
    pdf_table_puts(&r->d, &t, 2, &mono, rules[g->rule].id);
    pdf_text_printf(&r->d, pdf_table_cell(&t, 3), &cell,
                    trn(lang(r), "%d more of this rule is not listed here; the workbook's Check findings sheet "
                                 "and findings.json list every check finding.",
                        "%d more of this rule are not listed here; the workbook's Check findings sheet "
                        "and findings.json list every check finding.", more),
                    more);
    pdf_table_row(&r->d, &t);
  }
  pdf_table_end(&r->d, &t);
  pdf_table_release(&t);
  pdf_space(&r->d, 6.0f);
}

//
// Cover, revision history
//

/* The objectives by status, e.g. " (7 active, 1 achieved, 1 draft)"; nothing when there are none. */
static void objective_statuses(Reg *r, Buf *b)
{
  static const ObjStatus order[] = {ST_ACTIVE, ST_ACHIEVED, ST_DRAFT, ST_CLOSED, ST_WITHDRAWN};
  const char *sep = " (";
  for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
    int n = r->ev->by_status[order[i]];
    if (n) {
      char w[96];
      buf_printf(b, "%s%s", sep, kit_status_count(lang(r), order[i], n, w));
      sep = ", ";
    }
  }
  if (strcmp(sep, ", ") == 0)
    buf_putc(b, ')');
}

/* Objectives by status, e.g. "9 (7 active, 1 achieved, 1 draft)". */
static void objective_counts(Reg *r, Buf *b)
{
  buf_printf(b, "%d", r->pack->n_objectives);
  objective_statuses(r, b);
}

/* The title block of the cover: organisation, title, id, version, classification. */
static void cover_title(Reg *r)
{
  static const KitCover c = {36.0f, 12.0f, 5.0f, 24.0f, 6.0f, 11.0f, {5.0f, 2.0f}, 8.0f, 10.0f, 10.0f};
  kit_cover(&r->d, r->pack, r->bi, r->as_of, &c, pdf_register_title(r->pack),
            tr(lang(r), "Information security objectives and planning to achieve them \xE2\x80\x94 ISO/IEC 27001:2022 clause 6.2"));
}

/* The document control table of the cover. */
static void document_control(Reg *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  char s[11];
  Buf b;
  buf_init(&b);
  char when[24];
  r->a_control = heading(r, 2, tr(lang(r), "Document control"), 120.0f);
  PdfTable t;
  kv_table(r, &t, 30);
  kv_row(r, &t, tr(lang(r), "Document ID"), pack_doc_id(p).s);
  kv_row(r, &t, tr(lang(r), "Title"), pdf_register_title(p));
  kv_row(r, &t, tr(lang(r), "Version"), p->doc_version.s);
  kv_row(r, &t, tr(lang(r), "Classification"), p->doc_classification.s);
  kv_row(r, &t, tr(lang(r), "Document owner"), p->doc_owner.s);
  kv_row(r, &t, tr(lang(r), "Approved by"), p->doc_approved_by.s);
  kv_row(r, &t, tr(lang(r), "Approved on"), pdf_fmt_date(dv(p->doc_approved_on), s));
  kv_row(r, &t, tr(lang(r), "Organisation"), p->organisation);
  kv_row(r, &t, tr(lang(r), "Evaluation date (as of)"), r->as_of);
  if (p->has_policy) {
    buf_puts(&b, p->policy_id.s ? p->policy_id.s : "policy.md");
    if (p->policy_version.s)
      buf_printf(&b, tr(lang(r), ", version %s"), p->policy_version.s);
    if (p->policy_approved_by.s)
      buf_printf(&b, tr(lang(r), ", approved by %s"), p->policy_approved_by.s);
    if (p->policy_approved_on.valid)
      buf_printf(&b, tr(lang(r), " on %s"), pdf_fmt_date(p->policy_approved_on.v, s));
    kv_row(r, &t, tr(lang(r), "Information security policy"), b.s);
  }
  buf_reset(&b);
  objective_counts(r, &b);
  kv_row(r, &t, tr(lang(r), "Objectives"), b.s);
  buf_reset(&b);
  for (int i = 0; i < p->doc_distribution.n; i++)
    buf_printf(&b, "%s%s", i ? list_sep(lang(r)) : "", p->doc_distribution.v[i].s);
  kv_row(r, &t, tr(lang(r), "Distribution"), b.s);
  kv_row(r, &t, tr(lang(r), "Controlled master"), p->doc_master.s);
  kv_row(r, &t, tr(lang(r), "Retention"), p->doc_retention.s);
  kv_row(r, &t, tr(lang(r), "Source revision"), r->bi->revision);
  kv_row(r, &t, tr(lang(r), "Issue"), r->bi->issue);
  kv_row(r, &t, tr(lang(r), "Generated"), time_utc(r->bi->created, when));
  kv_row(r, &t, tr(lang(r), "Tool version"), "objreg " OBJREG_VERSION);
  kv_row(r, &t, tr(lang(r), "Rule set"), OBJREG_RULESET);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  buf_release(&b);
}

/* The revision history table (pack.yml document.history). */
static void revision_history(Reg *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  r->a_history = heading(r, 2, tr(lang(r), "Revision history"), 40.0f);
  if (p->n_history == 0) {
    note(r, tr(lang(r), "No revision history is given in pack.yml."));
    return;
  }
  static const float w[] = {-46, -58, 28, 72};
  PdfTable t;
  pdf_table_init(d, &t, 4, w, NULL);
  t.caption = tr(lang(r), "Revision history");
  static const char *const heads[] = {N_("Version"), N_("Date"), N_("Author"), N_("Change")};
  pdf_table_heads(d, &t, heads);
  for (int i = 0; i < p->n_history; i++) {
    const Revision *v = &p->history[i];
    cell_text(r, &t, 0, v->version.s);
    cell_text(r, &t, 1, v->date.s);
    cell_text(r, &t, 2, v->author.s);
    cell_text(r, &t, 3, v->change.s);
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

//
// Contents
//

/* One contents entry: an indented label, its title with leaders, the page. */
static void contents_row(Reg *r, PdfTable *t, const char *label, const char *title, int anchor, bool section)
{
  PdfDoc *d = &r->d;
  PdfStyle st = section ? pdf_style(PF_BOLD, PDF_BODY, PDF_INK) : pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_INK);
  t->link = anchor >= 0 ? anchor + 1 : 0;  // the whole entry: one annotation, not one per piece
  PdfStyle id = st;
  id.face = PF_BOLD;
  id.color = PDF_ACCENT;
  if (label)
    pdf_table_puts(d, t, 0, &id, label);
  pdf_table_puts(d, t, 1, &st, title);
  t->cell[1].leader = true;
  char n[16];
  snprintf(n, sizeof n, "%d", pdf_anchor_page(d, anchor));
  pdf_table_puts(d, t, 2, &st, n);
  pdf_table_row(d, t);
}

static const char *changes_title(Reg *r, char out[96]);

/* The contents (a dry run measures it; the fill draws it with the pages known). */
static void contents(Reg *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  PdfStyle st = pdf_heading_style(1);
  pdf_text_reset(&r->t);
  pdf_text_puts(d, &r->t, &st, tr(lang(r), "Contents"));
  pdf_heading(d, 1, &r->t, 40.0f);
  const float w[] = {-kit_id_width(d, r->pack, PDF_SMALL + 0.5f), 1, -48};
  static const PdfAlign al[] = {AL_LEFT, AL_LEFT, AL_RIGHT};
  PdfTable t;
  pdf_table_init(d, &t, 3, w, al);
  t.rules = false;
  t.pad = 2.2f;
  t.bottom[2] = true;  // the page number follows the leaders on the last line
  contents_row(r, &t, NULL, tr(lang(r), "Document control"), r->a_control, true);
  contents_row(r, &t, NULL, tr(lang(r), "Revision history"), r->a_history, true);
  if (r->intro)
    contents_row(r, &t, NULL, tr(lang(r), "Introduction"), r->a_intro, true);
  contents_row(r, &t, NULL, tr(lang(r), "Summary of objectives"), r->a_summary, true);
  if (r->bi->changes) {
    char title[96];
    contents_row(r, &t, NULL, changes_title(r, title), r->a_changes, true);
  }
  for (int annex = 0; annex < 2; annex++) {  // the approved objectives, then the annex of drafts
    int first = -1;
    for (int i = 0; i < p->n_objectives && first < 0; i++)
      if (is_draft(p->objectives[i]) == annex)
        first = i;
    if (annex && first < 0)
      break;
    if (annex)
      contents_row(r, &t, NULL, tr(lang(r), DRAFTS_TITLE), r->a_drafts, true);
    else
      contents_row(r, &t, NULL, tr(lang(r), "Objectives"), first >= 0 ? r->obj_anchor[first] : r->a_summary, true);
    for (int i = 0; i < p->n_objectives; i++) {
      const Objective *o = p->objectives[i];
      if (is_draft(o) == annex)
        contents_row(r, &t, o->id.s, o->title.s ? o->title.s : tr(lang(r), "(no title)"), r->obj_anchor[i], false);
    }
  }
  contents_row(r, &t, NULL, tr(lang(r), "Check findings not tied to an objective"), r->a_findings, true);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

//
// Introduction (templates/register.md)
//

/* The introduction (templates/register.md, prepared by the build), or NULL
 * when it is empty.  Prepared before the contents, which list it. */
static void intro_prepare(Reg *r)
{
  cmark_node *doc = r->bi->intro_register;
  r->intro = doc && cmark_node_first_child(doc) ? doc : NULL;
}

/* The introduction, above the summary, with its bookmark. */
static void introduction(Reg *r)
{
  if (!r->intro)
    return;
  r->a_intro = heading(r, 1, tr(lang(r), "Introduction"), 40.0f);
  pdf_outline(&r->d, NULL, tr(lang(r), "Introduction"), r->a_intro, true);
  md_render(&r->d, r->intro, 2);
}

//
// Summary
//

/* The sentence of counts above the summary table, and the RAG legend. */
static void summary_figures(Reg *r)
{
  PdfDoc *d = &r->d;
  const Eval *ev = r->ev;
  PdfStyle st = pdf_st_body(), b = pdf_style(PF_BOLD, PDF_BODY, PDF_INK);
  Buf s;
  buf_init(&s);
  objective_statuses(r, &s);
  int rated = ev->by_rag[RAG_GREEN] + ev->by_rag[RAG_AMBER] + ev->by_rag[RAG_RED];
  pdf_text_reset(&r->t);
  Language l = lang(r);
  int n = r->pack->n_objectives;
  // "... holds 9 objectives (7 active, 1 achieved, 1 draft). ": the count, then by status
  pdf_text_printf(d, &r->t, &st, tr(l, "As of %s the register holds "), r->as_of);
  pdf_text_printf(d, &r->t, &b, trn(l, "%d objective", "%d objectives", n), n);
  pdf_text_printf(d, &r->t, &st, "%s. ", s.s);
  if (rated) {
    char pct[24];
    int g = ev->by_rag[RAG_GREEN];
    pdf_text_printf(d, &r->t, &st,
                    trn(l, "Of the %d rated (active or achieved), %d is green, %d amber and %d red",
                        "Of the %d rated (active or achieved), %d are green, %d amber and %d red", g),
                    rated, g, ev->by_rag[RAG_AMBER], ev->by_rag[RAG_RED]);
    if (ev->has_progress)
      pdf_text_printf(d, &r->t, &st, tr(l, "; their mean progress is %s"), pdf_fmt_percent(d, ev->progress, pct));
    pdf_text_puts(d, &r->t, &st, ". ");
  }
  pdf_text_printf(d, &r->t, &st, trn(l, "%d action is overdue", "%d actions are overdue", ev->overdue_actions),
                  ev->overdue_actions);
  pdf_text_printf(d, &r->t, &st, trn(l, ", %d measure has no data", ", %d measures have no data", ev->nodata_measures),
                  ev->nodata_measures);
  pdf_text_printf(d, &r->t, &st, trn(l, " and %d measure is stale.", " and %d measures are stale.", ev->stale_measures),
                  ev->stale_measures);
  pdf_flow(d, &r->t, AL_LEFT);
  pdf_space(d, 4.0f);
  PdfStyle m = pdf_style(PF_OBLIQUE, PDF_SMALL, PDF_MUTED);
  para(r, &m,
       tr(l, "RAG: green = achieved or on track; amber = at risk, no data, stale data or an overdue action; red = off "
             "track or past due. Draft, closed and withdrawn objectives are listed without RAG or progress."));
  buf_release(&s);
}

static void summary_table(Reg *r, bool drafts);

/* The summary: one row per objective, its id linked to its section; drafts apart. */
static void summary(Reg *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  r->a_summary = heading(r, 1, tr(lang(r), "Summary of objectives"), 60.0f);
  pdf_outline(d, NULL, tr(lang(r), "Summary of objectives"), r->a_summary, true);
  summary_figures(r);
  if (p->n_objectives == 0) {
    note(r, tr(lang(r), "The pack establishes no objective."));
    return;
  }
  if (p->n_objectives > r->n_drafts)
    summary_table(r, false);
  else
    note(r, tr(lang(r), "No objective is approved yet: every objective is a draft."));
  if (r->n_drafts) {
    heading(r, 3, tr(lang(r), "Draft objectives \xE2\x80\x94 not approved (annex)"), 40.0f);
    summary_table(r, true);
  }
}

/* The summary table of the approved objectives, or of the drafts (annex). */
static void summary_table(Reg *r, bool drafts)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  const float w[] = {-r->id_w, 62, 38, -58, -54, -50, -60};
  PdfTable t;
  pdf_table_init(d, &t, 7, w, NULL);
  t.caption = drafts ? tr(lang(r), DRAFTS_TITLE) : tr(lang(r), "Summary of objectives");
  static const char *const heads[] = {N_("ID"), N_("Objective"), N_("Owner"), N_("Due"), N_("Status"), N_("RAG"), N_("Progress")};
  pdf_table_heads(d, &t, heads);
  PdfStyle mute = pdf_st_muted();
  for (int i = 0; i < p->n_objectives; i++) {
    const Objective *o = p->objectives[i];
    const ObjEval *oe = &r->ev->obj[i];
    if (is_draft(o) != drafts)
      continue;
    PdfStyle id = pdf_style(PF_BOLD, PDF_SMALL, PDF_LINK);
    id.link = r->obj_anchor[i] + 1;
    pdf_table_puts(d, &t, 0, &id, o->id.s);
    cell_text(r, &t, 1, o->title.s);
    cell_text(r, &t, 2, o->owner.s);
    cell_date(r, &t, 3, dv(o->due));
    cell_text(r, &t, 4, enum_label(lang(r), VF_STATUS, o->status.v));
    if (oe->achieved && o->status.v != ST_ACHIEVED)  // a 100% that is achieved, told from one that is not yet
      pdf_table_puts(d, &t, 4, &mute, tr(lang(r), " (every measure achieved)"));
    if (oe->rated)
      kit_cell_rag(d, &t, 5, true, oe->rag);
    else
      pdf_table_puts(d, &t, 5, &mute, tr(lang(r), "not rated"));
    if (oe->rated && oe->has_progress)
      kit_cell_bar(d, &t, 6, oe->progress, PDF_ACCENT);
    else
      pdf_table_puts(d, &t, 6, &mute, oe->rated ? tr(lang(r), "no measure") : "\xE2\x80\x94");
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

//
// Changes since an earlier pack (--since): the change record, as change.c made it
//

/* The section's title: "Changes since v1", or since the earlier pack's date. */
static const char *changes_title(Reg *r, char out[96])
{
  const ChangeRecord *cr = r->bi->changes;
  char s[11];
  if (cr->git)
    snprintf(out, 96, tr(lang(r), "Changes since %s"), cr->since);
  else
    snprintf(out, 96, tr(lang(r), "Changes since %s"), pdf_fmt_date(cr->as_of, s));
  return out;
}

/* One row per change: objective, measure or action, the change, and its commit. */
static void changes(Reg *r)
{
  const ChangeRecord *cr = r->bi->changes;
  if (!cr)
    return;
  PdfDoc *d = &r->d;
  char title[96], s[11];
  r->a_changes = heading(r, 1, changes_title(r, title), 60.0f);
  pdf_outline(d, NULL, title, r->a_changes, true);
  Buf b;
  buf_init(&b);
  if (cr->git)
    buf_printf(&b,
               tr(lang(r), "Compared with the pack at %s (commit %s), evaluated as of %s. Each definition change "
                           "names the last commit that made it."),
               cr->since, cr->commit, pdf_fmt_date(cr->as_of, s));
  else
    buf_printf(&b, tr(lang(r), "Compared with the earlier evidence pack as of %s (its evaluation.csv)."),
               pdf_fmt_date(cr->as_of, s));
  if (!cr->defs)
    buf_puts(&b, tr(lang(r), " Definition changes are not available: that evaluation.csv holds no definitions (objreg 1.0)."));
  PdfStyle body = pdf_st_body();
  para(r, &body, b.s);
  if (cr->n == 0) {
    note(r, tr(lang(r), "No change."));
    buf_release(&b);
    return;
  }
  int nc = cr->git ? 4 : 3;
  const float w[] = {-r->id_w, -56, 1, -150};
  PdfTable t;
  pdf_table_init(d, &t, nc, w, NULL);
  t.caption = title;
  static const char *const heads[] = {N_("ID"), N_("Item"), N_("Change"), N_("Commit")};
  for (int i = 0; i < nc; i++)
    pdf_table_head(d, &t, i, tr(lang(r), heads[i]));
  PdfStyle id = pdf_st_bold(), c = pdf_st_cell(), mute = pdf_st_muted(), flag = pdf_st_bold(),
           sm = pdf_style(PF_REGULAR, PDF_SMALL - 0.5f, PDF_MUTED);
  flag.color = PDF_RED;
  for (int i = 0; i < cr->n; i++) {
    const Change *x = &cr->v[i];
    pdf_table_puts(d, &t, 0, &id, x->objective);
    pdf_table_puts(d, &t, 1, x->item ? &c : &mute, x->item ? x->item : "\xE2\x80\x94");
    pdf_table_puts(d, &t, 2, &c, change_text(lang(r), x, &b));
    if (x->retargeted)
      pdf_table_puts(d, &t, 2, &flag, tr(lang(r), " re-targeted"));
    if (cr->git && x->commit) {
      pdf_table_puts(d, &t, 3, &id, x->commit->id);
      pdf_text_printf(d, pdf_table_cell(&t, 3), &sm, " %s, %s", x->commit->author, pdf_fmt_date(x->commit->date, s));
    } else if (cr->git) {
      pdf_table_puts(d, &t, 3, &mute, x->ref_side ? tr(lang(r), "not in HEAD's history")
                                      : change_is_definition(x->field) || x->field == CF_OBJECTIVE ? tr(lang(r), "not committed")
                                                                                                  : "\xE2\x80\x94");
    }
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  buf_release(&b);
}

//
// One objective: key figures and fields
//

/* Status, RAG, progress and due of an objective, as a one-row table. */
static void key_figures(Reg *r, const Objective *o, const ObjEval *oe)
{
  PdfDoc *d = &r->d;
  static const float w[] = {22, 26, 30, 22};
  PdfTable t;
  pdf_table_init(d, &t, 4, w, NULL);
  static const char *const heads[] = {N_("Status"), N_("RAG"), N_("Progress"), N_("Due")};
  pdf_table_heads(d, &t, heads);
  PdfStyle b = pdf_st_bold(), mute = pdf_st_muted();
  pdf_table_puts(d, &t, 0, &b, enum_label(lang(r), VF_STATUS, o->status.v));
  if (oe->achieved && o->status.v != ST_ACHIEVED)  // never "achieved (achieved)"
    pdf_table_puts(d, &t, 0, &mute, tr(lang(r), " (every measure achieved)"));
  if (oe->rated) {
    kit_cell_rag(d, &t, 1, true, oe->rag);
  } else {
    Buf s;
    buf_init(&s);
    buf_printf(&s, tr(lang(r), "not rated (%s)"), enum_label(lang(r), VF_STATUS, o->status.v));
    pdf_table_puts(d, &t, 1, &mute, s.s);
    buf_release(&s);
  }
  if (oe->rated && oe->has_progress) {
    kit_cell_bar(d, &t, 2, oe->progress, PDF_ACCENT);
    if (!o->measurable)
      pdf_table_puts(d, &t, 2, &mute, tr(lang(r), " of actions done"));
  } else {
    pdf_table_puts(d, &t, 2, &mute, oe->rated ? tr(lang(r), "no measure or action") : tr(lang(r), "not rated"));
  }
  cell_date(r, &t, 3, dv(o->due));
  pdf_table_row(d, &t);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  pdf_space(d, 8.0f);
}

/* The fields of an objective as a key-value table. */
static void objective_fields(Reg *r, const Objective *o)
{
  PdfDoc *d = &r->d;
  char s1[11];
  Buf b;
  buf_init(&b);
  PdfTable t;
  kv_table(r, &t, 22);
  kv_row(r, &t, tr(lang(r), "Owner"), o->owner.s);
  buf_puts(&b, enum_label(lang(r), VF_LEVEL, o->level.v));
  if (o->function.s && b.len)
    buf_printf(&b, trc(lang(r), "level and function", ": %s"), o->function.s);  // French: a no-break space before ':'
  else if (o->function.s)
    buf_puts(&b, o->function.s);
  kv_row(r, &t, tr(lang(r), "Level"), b.s);  // "function: IT Operations"
  kv_row(r, &t, tr(lang(r), "Resources"), o->resources.s);
  kv_row(r, &t, tr(lang(r), "Evaluation"), o->evaluation.s);
  if (!o->measurable) {
    PdfStyle k = st_label(), m = pdf_st_muted(), c = pdf_st_cell();
    pdf_table_puts(d, &t, 0, &k, tr(lang(r), "Evidence of achievement"));
    pdf_table_puts(d, &t, 1, &m, tr(lang(r), "Measurement is not practicable (measurable: false). "));
    if (o->evidence.s)
      pdf_table_puts(d, &t, 1, &c, o->evidence.s);
    else
      pdf_table_puts(d, &t, 1, &m, tr(lang(r), "No evidence is described."));
    pdf_table_row(d, &t);
  }
  buf_reset(&b);
  buf_puts(&b, o->version.s ? o->version.s : tr(lang(r), "not given"));
  if (o->approved_by.s || o->approved_on.valid) {
    buf_puts(&b, tr(lang(r), ", approved"));
    if (o->approved_by.s)
      buf_printf(&b, tr(lang(r), " by %s"), o->approved_by.s);
    if (o->approved_on.valid)
      buf_printf(&b, tr(lang(r), " on %s"), pdf_fmt_date(o->approved_on.v, s1));
  } else {
    buf_puts(&b, tr(lang(r), ", not approved"));
  }
  kv_row(r, &t, tr(lang(r), "Version and approval"), b.s);
  buf_reset(&b);
  for (int i = 0; i < o->tags.n; i++)
    buf_printf(&b, "%s%s", i ? ", " : "", o->tags.v[i].s ? o->tags.v[i].s : "");
  kv_row(r, &t, tr(lang(r), "Tags"), b.len ? b.s : NULL);
  kv_row(r, &t, tr(lang(r), "Source"), o->file);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  buf_release(&b);
}

/* One reference: kind, id, the title it resolves to, details. */
static void trace_row(Reg *r, PdfTable *t, const char *kind, const char *id, const char *title, const char *detail)
{
  PdfStyle k = st_label(), b = pdf_st_bold(), unk = pdf_style(PF_OBLIQUE, PDF_SMALL, PDF_RED);
  pdf_table_puts(&r->d, t, 0, &k, kind);
  pdf_table_puts(&r->d, t, 1, &b, id ? id : "");
  if (title)
    cell_text(r, t, 2, title);
  else
    pdf_table_puts(&r->d, t, 2, &unk, tr(lang(r), "(unknown)"));
  PdfStyle c = pdf_st_cell();
  pdf_table_puts(&r->d, t, 3, &c, detail ? detail : "");
  pdf_table_row(&r->d, t);
}

/* The policy statements, risks and requirements an objective references, resolved. */
static void traceability(Reg *r, const Objective *o)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  heading(r, 2, tr(lang(r), "Policy, risks and requirements"), 40.0f);
  if (o->policy.n + o->risks.n + o->requirements.n == 0) {
    note(r, tr(lang(r), "No policy statement, risk or requirement is referenced."));
    return;
  }
  static const float w[] = {-72, 18, 52, 30};
  PdfTable t;
  pdf_table_init(d, &t, 4, w, NULL);
  t.caption = tr(lang(r), "Policy, risks and requirements");
  static const char *const heads[] = {N_("Kind"), N_("ID"), N_("Title"), N_("Details")};
  pdf_table_heads(d, &t, heads);
  Buf b;
  char sc[48];
  buf_init(&b);
  for (int i = 0; i < o->policy.n; i++) {
    const PolicyStatement *ps = o->policy.v[i].s ? map_get(&p->policy_by_id, o->policy.v[i].s) : NULL;
    trace_row(r, &t, tr(lang(r), "Policy"), o->policy.v[i].s, ps ? ps->title : NULL, NULL);
  }
  for (int i = 0; i < o->risks.n; i++) {
    const Risk *k = o->risks.v[i].s ? map_get(&p->risk_by_id, o->risks.v[i].s) : NULL;
    buf_reset(&b);
    if (k) {
      buf_puts(&b, k->level ? enum_label(lang(r), VF_RISK_LEVEL, k->level) : tr(lang(r), "no level"));
      if (k->has_score)
        buf_printf(&b, tr(lang(r), " (score %s)"), pdf_fmt_num(&r->d, k->score, sc));
      buf_printf(&b, "%s%s%s%s", list_sep(lang(r)),
                 k->treatment ? enum_label(lang(r), VF_TREATMENT, k->treatment) : tr(lang(r), "no treatment"),
                 list_sep(lang(r)), enum_label(lang(r), VF_REG_STATUS, k->open ? REG_OPEN : REG_CLOSED));
    }
    trace_row(r, &t, tr(lang(r), "Risk"), o->risks.v[i].s, k ? k->title : NULL, k ? b.s : NULL);
  }
  for (int i = 0; i < o->requirements.n; i++) {
    const Requirement *q = o->requirements.v[i].s ? map_get(&p->req_by_id, o->requirements.v[i].s) : NULL;
    buf_reset(&b);
    if (q && q->type)
      buf_puts(&b, req_type_label(lang(r), q->type));
    if (q && q->source)
      buf_printf(&b, "%s%s", b.len ? list_sep(lang(r)) : "", q->source);
    trace_row(r, &t, tr(lang(r), "Requirement"), o->requirements.v[i].s, q ? q->title : NULL, q ? b.s : NULL);
  }
  buf_release(&b);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

//
// Measures
//

/* What each measure is: name, unit, source, direction, baseline, target, due, frequency. */
static void measure_definitions(Reg *r, const Objective *o)
{
  PdfDoc *d = &r->d;
  PdfStyle b = pdf_st_bold(), c = pdf_st_cell(), m = pdf_style(PF_REGULAR, PDF_TINY, PDF_MUTED);
  char v[48], s[11];
  static const float w[] = {-28, 1, -50, -58, -46, -58, -58};
  PdfTable t;
  pdf_table_init(d, &t, 7, w, NULL);
  t.caption = tr(lang(r), "Measures");
  static const char *const heads[] = {N_("ID"), N_("Measure"), N_("Direction"), N_("Baseline"), N_("Target"), N_("Due"), N_("Frequency")};
  pdf_table_heads(d, &t, heads);
  // Baseline and target as wide as their widest value: a number is never
  // broken across lines ("1.234.56" over "7,25" reads as two numbers).
  for (int j = 0; j < o->n_measures; j++) {
    const Measure *me = &o->measures[j];
    if (me->baseline.valid)
      pdf_table_fit(d, &t, 3, &c, pdf_fmt_value(d, me->baseline.v, me, v));
    if (me->target.valid)
      pdf_table_fit(d, &t, 4, &c, pdf_fmt_value(d, me->target.v, me, v));
  }
  for (int j = 0; j < o->n_measures; j++) {
    const Measure *me = &o->measures[j];
    pdf_table_puts(d, &t, 0, &b, me->id.s ? me->id.s : "?");
    cell_text(r, &t, 1, me->name.s);
    pdf_text_printf(d, pdf_table_cell(&t, 1), &m, tr(lang(r), "\nUnit: %s"), me->unit.s ? unit_label(lang(r), me->unit.s) : tr(lang(r), "not given"));
    if (me->source.s)
      pdf_text_printf(d, pdf_table_cell(&t, 1), &m, tr(lang(r), "\nSource: %s"), me->source.s);
    cell_text(r, &t, 2, me->direction.v ? enum_label(lang(r), VF_DIRECTION, me->direction.v) : NULL);
    if (me->baseline.valid) {
      pdf_table_puts(d, &t, 3, &c, pdf_fmt_value(d, me->baseline.v, me, v));
      if (me->baseline_date.valid)
        pdf_text_printf(d, pdf_table_cell(&t, 3), &m, "\n%s", pdf_fmt_date(me->baseline_date.v, s));
    } else {
      cell_text(r, &t, 3, NULL);
    }
    cell_text(r, &t, 4, me->target.valid ? pdf_fmt_value(d, me->target.v, me, v) : NULL);
    cell_date(r, &t, 5, me->due_eff);
    cell_text(r, &t, 6, me->frequency.v ? enum_label(lang(r), VF_FREQUENCY, me->frequency.v) : NULL);
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  pdf_space(d, 8.0f);
}

/* Who measured and who verified each measure's latest value (measured_by,
 * verified_by of its row), under the status table; nothing when no row says. */
static void measured_by(Reg *r, const Objective *o, const ObjEval *oe)
{
  PdfStyle st = pdf_style(PF_REGULAR, PDF_SMALL, PDF_MUTED);
  for (int j = 0; j < o->n_measures; j++) {
    const MeasureEval *me = &oe->m[j];
    const MeasRow *lr = me->has_latest ? me->rows[me->n_rows - 1] : NULL;  // not a row older than the baseline
    if (!lr || (!lr->measured_by && !lr->verified_by))
      continue;
    Buf b;
    buf_init(&b);
    const char *id = o->measures[j].id.s ? o->measures[j].id.s : "?";
    if (lr->measured_by && lr->verified_by)
      buf_printf(&b, tr(lang(r), "%s: the latest value was measured by %s and verified by %s."), id,
                 lr->measured_by, lr->verified_by);
    else if (lr->measured_by)
      buf_printf(&b, tr(lang(r), "%s: the latest value was measured by %s."), id, lr->measured_by);
    else
      buf_printf(&b, tr(lang(r), "%s: the latest value was verified by %s."), id, lr->verified_by);
    para(r, &st, b.s);
    buf_release(&b);
  }
}

/* The planned progress of a measure: at its latest value's date, and at
 * as_of when that is another day; a dash when there is no plan. */
static void cell_planned(Reg *r, PdfTable *t, int k, const MeasureEval *me)
{
  PdfDoc *d = &r->d;
  if (!me->has_planned && !me->has_planned_now) {
    PdfStyle mute = pdf_st_muted();
    pdf_table_puts(d, t, k, &mute, "\xE2\x80\x94");
    return;
  }
  char s[24], dt[11];
  Buf pl;
  buf_init(&pl);
  if (me->has_planned)
    buf_printf(&pl, tr(lang(r), "%s at %s"), pdf_fmt_percent(d, me->planned, s), pdf_fmt_date(me->latest_date, dt));
  if (me->has_planned_now && (!me->has_planned || me->latest_date != r->ev->as_of)) {
    if (pl.len)
      buf_putc(&pl, '\n');
    buf_printf(&pl, tr(lang(r), "%s at %s"), pdf_fmt_percent(d, me->planned_now, s), r->as_of);
  }
  PdfStyle c = pdf_st_cell();
  pdf_table_puts(d, t, k, &c, pl.s);
  buf_release(&pl);
}

/* A mean as shown: two decimals, or more where two would put it on the
 * other side of the target. */
static double mean_shown(double mean, const Measure *m)
{
  double k = pow(10, m->target.valid ? value_decimals(mean, m->target.v, m->direction.v, 2) : 2);
  return round(mean * k) / k;
}

/* A measure's status, coloured, and under it its own achievement rule with how far it has got. */
static void cell_status(Reg *r, PdfTable *t, int k, const Measure *m, const MeasureEval *me)
{
  PdfDoc *d = &r->d;
  PdfStyle ss = pdf_st_cell(), mute = pdf_st_muted();
  if (me->status == MS_OFF_TRACK || me->status == MS_OVERDUE)
    ss.color = PDF_RED;
  else if (me->status == MS_AT_RISK || me->status == MS_NO_DATA || me->status == MS_NO_PLAN)
    ss.color = (PdfRgb){0.70f, 0.42f, 0.0f};
  pdf_table_puts(d, t, k, &ss, mstatus_label(lang(r), me->status));
  if (m->achieved_when.kind == AW_LATEST)
    return;
  char rule[128], v[48];
  Buf rb;
  buf_init(&rb);
  buf_printf(&rb, tr(lang(r), "\nachieved when the %s"), achieve_rule_label(lang(r), &m->achieved_when, rule));
  if (m->achieved_when.kind == AW_CONSECUTIVE && !me->achieved)
    buf_printf(&rb, tr(lang(r), " (%d so far)"), me->met_run);
  else if (m->achieved_when.kind == AW_AVERAGE && me->has_mean && me->n_mean < m->achieved_when.n)
    buf_printf(&rb, trn(lang(r), " (only %d of %d values so far; their mean %s)",
                        " (only %d of %d values so far; their mean %s)", me->n_mean),
               me->n_mean, m->achieved_when.n, pdf_fmt_value(d, mean_shown(me->mean, m), m, v));
  else if (m->achieved_when.kind == AW_AVERAGE && me->has_mean && !me->achieved)
    buf_printf(&rb, tr(lang(r), " (mean now %s)"), pdf_fmt_value(d, mean_shown(me->mean, m), m, v));
  pdf_table_puts(d, t, k, &mute, rb.s);
  buf_release(&rb);
}

/* One row of the status table: a measure where it stands. */
static void measure_status_row(Reg *r, PdfTable *t, const Measure *m, const MeasureEval *me, bool rated)
{
  PdfDoc *d = &r->d;
  PdfStyle b = pdf_st_bold(), c = pdf_st_cell(), mute = pdf_st_muted();
  char v[48];
  int k = 0;
  pdf_table_puts(d, t, k++, &b, m->id.s ? m->id.s : "?");
  if (me->has_latest) {
    pdf_table_puts(d, t, k++, &c, pdf_fmt_value(d, me->latest, m, v));
    cell_date(r, t, k++, me->latest_date);
  } else {
    pdf_table_puts(d, t, k++, &mute, tr(lang(r), "no data"));
    pdf_table_puts(d, t, k++, &mute, "\xE2\x80\x94");
  }
  kit_cell_bar(d, t, k++, me->progress, PDF_ACCENT);
  cell_planned(r, t, k++, me);
  cell_status(r, t, k++, m, me);
  if (rated)
    kit_cell_rag(d, t, k++, true, me->rag);
  PdfStyle stale = me->stale ? pdf_style(PF_BOLD, PDF_SMALL, (PdfRgb){0.70f, 0.42f, 0.0f}) : pdf_st_cell();
  pdf_table_puts(d, t, k++, &stale, me->stale ? tr(lang(r), "yes") : tr(lang(r), "no"));
  pdf_table_row(d, t);
}

/* Where each measure stands; no RAG column for objectives that are not rated.
 * Planned progress is dated twice: at the latest value's date (status compares
 * with it) and at as_of; a measure with its own achievement rule states it
 * under its status. */
static void measure_status(Reg *r, const Objective *o, const ObjEval *oe)
{
  PdfDoc *d = &r->d;
  static const float w_rated[] = {-28, 1, -58, -60, -92, 1.4f, -50, -30},
                     w_draft[] = {-28, 1, -58, -60, -92, 1.4f, -30};
  int n = oe->rated ? 8 : 7;
  PdfTable t;
  pdf_table_init(d, &t, n, oe->rated ? w_rated : w_draft, NULL);
  Buf cap;
  buf_init(&cap);
  buf_printf(&cap, tr(lang(r), "Where the measures stand as of %s"), r->as_of);
  t.caption = cap.s;
  static const char *const heads[] = {N_("ID"),     N_("Latest value"), N_("Date"), N_("Progress"),
                                      N_("Planned progress"), N_("Status"), N_("RAG"), N_("Stale")};
  for (int i = 0, k = 0; i < 8; i++)
    if (oe->rated || i != 6)
      pdf_table_head(d, &t, k++, tr(lang(r), heads[i]));
  PdfStyle c = pdf_st_cell();
  char v[48];
  for (int j = 0; j < o->n_measures; j++)  // numbers are never broken across lines
    if (oe->m[j].has_latest)
      pdf_table_fit(d, &t, 1, &c, pdf_fmt_value(d, oe->m[j].latest, &o->measures[j], v));
  for (int j = 0; j < o->n_measures; j++)
    measure_status_row(r, &t, &o->measures[j], &oe->m[j], oe->rated);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  measured_by(r, o, oe);
  buf_release(&cap);
  pdf_space(d, 8.0f);
}

//
// Measure charts
//

/* The caption and chart of one measure (pdf_chart.c), or a note that there is nothing to chart. */
static void measure_chart(Reg *r, const Objective *o, int j)
{
  if (!pdf_measure_chart(&r->d, &r->t, &o->measures[j], &r->ev->obj[o->index].m[j], r->ev->as_of))
    note(r, tr(lang(r), "Nothing to chart: no values, baseline or target."));
}

//
// Actions, communication, review
//

/* One action's row: id, action, owner, due, resources, latest status, percent; tinted when overdue. */
/* An action's latest percent as the plan prints it ("99,5 %") in v. */
static const char *percent_text(Reg *r, const ActionEval *ae, char v[48])
{
  pdf_fmt_num(&r->d, ae->latest->percent, v);
  strcat(v, percent_sign(lang(r)));
  return v;
}

static void action_row(Reg *r, PdfTable *t, const Action *a, const ActionEval *ae)
{
  PdfDoc *d = &r->d;
  PdfStyle b = pdf_st_bold(), c = pdf_st_cell(), mute = pdf_st_muted(), red = pdf_style(PF_BOLD, PDF_SMALL, PDF_RED);
  char v[48];
  pdf_table_puts(d, t, 0, &b, a->id.s ? a->id.s : "?");
  cell_text(r, t, 1, a->action.s);
  kit_cell_owner(d, t, 2, a);
  cell_date(r, t, 3, dv(a->due));
  pdf_table_puts(d, t, 4, a->resources.s ? &c : &mute, a->resources.s ? a->resources.s : "\xE2\x80\x94");
  kit_cell_update(d, t, 5, ae);
  if (ae->overdue) {
    pdf_text_printf(d, pdf_table_cell(t, 5), &red, "\n%s", tr(lang(r), "OVERDUE"));
    t->tint = true;
    t->tint_color = PDF_RED_TINT;
  }
  if (ae->latest && ae->latest->has_percent) {
    pdf_table_puts(d, t, 6, &c, percent_text(r, ae, v));
  } else {
    pdf_table_puts(d, t, 6, &mute, "\xE2\x80\x94");
  }
  pdf_table_row(d, t);
}

/* The plan with each action's latest update; overdue rows tinted red. */
static void action_plan(Reg *r, const Objective *o, const ObjEval *oe)
{
  PdfDoc *d = &r->d;
  heading(r, 2, tr(lang(r), "Action plan"), 40.0f);
  if (o->n_actions == 0) {
    note(r, tr(lang(r), "No action is planned."));
    return;
  }
  static const float w[] = {-28, 40, 17, -58, 20, -62, -34};
  static const PdfAlign al[] = {AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_RIGHT};
  PdfTable t;
  pdf_table_init(d, &t, 7, w, al);
  t.caption = tr(lang(r), "Action plan");
  static const char *const heads[] = {N_("ID"), N_("Action"), N_("Owner"), N_("Due"), N_("Resources"), N_("Latest status"), "%"};
  pdf_table_heads(d, &t, heads);
  // The percent column as wide as its widest value: "99,5 %" is never broken.
  PdfStyle c = pdf_st_cell();
  char v[48];
  for (int j = 0; j < o->n_actions; j++)
    if (oe->a[j].latest && oe->a[j].latest->has_percent)
      pdf_table_fit(d, &t, 6, &c, percent_text(r, &oe->a[j], v));
  for (int j = 0; j < o->n_actions; j++)
    action_row(r, &t, &o->actions[j], &oe->a[j]);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  if (oe->n_overdue_actions) {
    pdf_space(d, 3.0f);
    PdfStyle n = pdf_style(PF_OBLIQUE, PDF_SMALL, PDF_RED);
    Buf m;
    buf_init(&m);
    buf_printf(&m,
               trn(lang(r), "%d action is overdue: past due as of %s and neither done nor cancelled.",
                   "%d actions are overdue: past due as of %s and neither done nor cancelled.", oe->n_overdue_actions),
               oe->n_overdue_actions, r->as_of);
    para(r, &n, m.s);
    buf_release(&m);
  }
}

/* To whom the objective was communicated, how and when. */
static void communication(Reg *r, const Objective *o)
{
  PdfDoc *d = &r->d;
  heading(r, 2, tr(lang(r), "Communication"), 30.0f);
  if (o->n_comms == 0) {
    note(r, tr(lang(r), "No communication is recorded."));
    return;
  }
  static const float w[] = {50, 40, -58};
  PdfTable t;
  pdf_table_init(d, &t, 3, w, NULL);
  t.caption = tr(lang(r), "Communication");
  static const char *const heads[] = {N_("Audience"), N_("Channel"), N_("Date")};
  pdf_table_heads(d, &t, heads);
  for (int j = 0; j < o->n_comms; j++) {
    cell_text(r, &t, 0, o->comms[j].audience.s);
    cell_text(r, &t, 1, o->comms[j].channel.s);
    cell_date(r, &t, 2, dv(o->comms[j].date));
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

/* The review record: frequency, last and next review. */
static void review_record(Reg *r, const Objective *o)
{
  PdfDoc *d = &r->d;
  heading(r, 2, tr(lang(r), "Review"), 30.0f);
  if (!o->review.present) {
    note(r, tr(lang(r), "No review record is given."));
    return;
  }
  static const float w[] = {34, 33, 33};
  PdfTable t;
  pdf_table_init(d, &t, 3, w, NULL);
  static const char *const heads[] = {N_("Frequency"), N_("Last review"), N_("Next review")};
  pdf_table_heads(d, &t, heads);
  cell_text(r, &t, 0, o->review.frequency.v ? enum_label(lang(r), VF_FREQUENCY, o->review.frequency.v) : NULL);
  cell_date(r, &t, 1, dv(o->review.last));
  cell_date(r, &t, 2, dv(o->review.next));
  if (o->review.next.valid && o->review.next.v < r->ev->as_of) {
    PdfStyle red = pdf_style(PF_BOLD, PDF_SMALL, PDF_RED);
    pdf_text_printf(d, pdf_table_cell(&t, 2), &red, "  %s", tr(lang(r), "past"));
  }
  pdf_table_row(d, &t);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

//
// One objective
//

/* The id, level and function, then the title as a level-1 heading. */
static void objective_heading(Reg *r, const Objective *o)
{
  PdfDoc *d = &r->d;
  PdfStyle id = pdf_style(PF_BOLD, 10.0f, PDF_ACCENT), mute = pdf_style(PF_REGULAR, 9.0f, PDF_MUTED);
  pdf_text_reset(&r->t);
  pdf_text_puts(d, &r->t, &id, o->id.s);
  if (o->level.v) {
    pdf_text_printf(d, &r->t, &mute, "   \xC2\xB7   %s", enum_label(lang(r), VF_LEVEL, o->level.v));
    if (o->function.s)
      pdf_text_printf(d, &r->t, &mute, trc(lang(r), "level and function", ": %s"), o->function.s);
  }
  pdf_flow(d, &r->t, AL_LEFT);
  pdf_space(d, 2.0f);
  PdfStyle h = pdf_heading_style(1);
  pdf_text_reset(&r->t);
  pdf_text_puts(d, &r->t, &h, o->title.s ? o->title.s : tr(lang(r), "(no title)"));
  pdf_heading(d, 1, &r->t, 60.0f);
}

/* The section of objective i, from a new page, with its bookmark. */
static void objective(Reg *r, int i, bool new_page)
{
  PdfDoc *d = &r->d;
  const Objective *o = r->pack->objectives[i];
  const ObjEval *oe = &r->ev->obj[i];
  if (new_page)
    pdf_new_page(d);
  r->obj_anchor[i] = pdf_anchor(d);
  if (!r->ol_objectives && !is_draft(o))
    r->ol_objectives = pdf_outline(d, NULL, tr(lang(r), "Objectives"), r->obj_anchor[i], r->pack->n_objectives <= 60);
  Buf b;
  buf_init(&b);
  buf_printf(&b, "%s  %s", o->id.s, o->title.s ? o->title.s : "");
  pdf_outline(d, is_draft(o) ? r->ol_drafts : r->ol_objectives, b.s, r->obj_anchor[i], false);
  buf_release(&b);

  objective_heading(r, o);
  key_figures(r, o, oe);
  objective_fields(r, o);
  traceability(r, o);
  heading(r, 2, tr(lang(r), "Measures"), 60.0f);
  if (o->n_measures) {
    measure_definitions(r, o);
    Buf b;
    buf_init(&b);
    buf_printf(&b, tr(lang(r), "Status as of %s"), r->as_of);
    heading(r, 3, b.s, 40.0f);
    buf_release(&b);
    measure_status(r, o, oe);
    heading(r, 3, trn(lang(r), "Chart", "Charts", o->n_measures), 150.0f);
    for (int j = 0; j < o->n_measures; j++)
      measure_chart(r, o, j);
  } else {
    note(r, o->measurable ? tr(lang(r), "No measure is defined.")
                          : tr(lang(r), "Measurement is not practicable for this objective (measurable: false); "
                                        "achievement is shown by the evidence described above, and progress is the "
                                        "share of its actions done."));
  }
  action_plan(r, o, oe);
  communication(r, o);
  review_record(r, o);
  register_decisions(d, r->pack, r->ev, oe);
  if (o->body && cmark_node_first_child(o->body)) {
    heading(r, 2, tr(lang(r), "Description"), 40.0f);
    md_render(d, o->body, 3);
  }
  // The register is the body's last reader (build's rules read it before):
  // freed once drawn, so that libharu's objects grow into it (the bodies'
  // trees take about 45 MB at 10,000 objectives).  No other job reads it.
  if (o->body) {
    cmark_node_free(o->body);
    r->pack->objectives[i]->body = NULL;
  }
  heading(r, 2, tr(lang(r), "Check findings"), 30.0f);
  findings_table(r, o->index);
}

/* The annex of the draft objectives: after the approved ones, every page
 * marked DRAFT in its header, each objective as in the register. */
static void drafts_annex(Reg *r)
{
  PdfDoc *d = &r->d;
  if (!r->n_drafts)
    return;
  d->page_mark = tr(lang(r), "DRAFT \xE2\x80\x94 NOT APPROVED");
  pdf_new_page(d);
  r->a_drafts = heading(r, 1, tr(lang(r), DRAFTS_TITLE), 200.0f);
  r->ol_drafts = pdf_outline(d, NULL, tr(lang(r), DRAFTS_TITLE), r->a_drafts, r->n_drafts <= 60);
  note(r, trn(lang(r),
              "This objective is a draft: it is not approved and not part of the approved register "
              "above. It is shown so that its preparation can be followed; it gets no RAG and no "
              "progress.",
              "These objectives are drafts: they are not approved and not part of the approved "
              "register above. They are shown so that their preparation can be followed; they get "
              "no RAG and no progress.",
              r->n_drafts));
  bool first = true;
  for (int i = 0; i < r->pack->n_objectives && pdf_ok(d); i++)
    if (is_draft(r->pack->objectives[i])) {
      objective(r, i, !first);
      first = false;
    }
  d->page_mark = NULL;
}

/* The annex of the findings that concern no single objective. */
static void findings_annex(Reg *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  pdf_new_page(d);
  r->a_findings = heading(r, 1, tr(lang(r), "Check findings not tied to an objective"), 40.0f);
  pdf_outline(d, NULL, tr(lang(r), "Check findings not tied to an objective"), r->a_findings, true);
  Buf b;
  buf_init(&b);
  kit_findings_count(&b, lang(r), r->as_of, &p->diags);
  buf_puts(&b, tr(lang(r), " Those about one objective are listed in its section; the others are listed here."));
  PdfStyle st = pdf_st_body();
  para(r, &st, b.s);
  buf_release(&b);
  findings_table(r, p->n_objectives);
}

//
// The document
//

/* What the layout looks up: findings by objective, anchors, the ID column; and the info dictionary. */
static void start(Reg *r)
{
  const Pack *p = r->pack;
  index_findings(r);
  r->obj_anchor = xmalloc((size_t)(p->n_objectives ? p->n_objectives : 1) * sizeof *r->obj_anchor);
  for (int i = 0; i < p->n_objectives; i++)
    r->obj_anchor[i] = -1;
  r->a_control = r->a_history = r->a_contents = r->a_intro = r->a_summary = r->a_findings = r->a_changes = -1;
  r->a_drafts = -1;
  for (int i = 0; i < p->n_objectives; i++)
    r->n_drafts += is_draft(p->objectives[i]);
  kit_info(&r->d, p, pdf_register_title(p), tr(lang(r), "Information security objectives (ISO/IEC 27001:2022 clause 6.2)"),
           tr(lang(r), "clause 6.2; information security objectives; objective register"), r->as_of, r->bi->created);
  r->id_w = kit_id_width(&r->d, p, PDF_SMALL);
}

/* The whole document; false when libharu failed on the way. */
static bool layout(void *ctx)
{
  Reg *r = ctx;
  PdfDoc *d = &r->d;
  start(r);
  intro_prepare(r);
  pdf_new_page(d);
  cover_title(r);
  if (r->bi->draft)
    pdf_draft_box(&r->d, N_("This register was built as a draft and is not for issue."), r->pack->diags.n_error,
                  r->pack->diags.n_warning, r->as_of, 10.0f);
  document_control(r);
  pdf_outline(d, NULL, tr(lang(r), "Document control"), r->a_control, true);
  revision_history(r);
  pdf_outline(d, NULL, tr(lang(r), "Revision history"), r->a_history, true);

  pdf_dry_begin(d);
  contents(r);
  int n_contents = pdf_dry_end(d);
  pdf_new_page(d);
  int first = d->n_pages - 1;
  r->a_contents = pdf_anchor(d);
  pdf_reserve(d, n_contents - 1);
  pdf_outline(d, NULL, tr(lang(r), "Contents"), r->a_contents, true);

  pdf_new_page(d);
  introduction(r);
  summary(r);
  changes(r);
  for (int i = 0; i < r->pack->n_objectives && pdf_ok(d); i++)
    if (!is_draft(r->pack->objectives[i]))
      objective(r, i, true);
  drafts_annex(r);
  if (!pdf_ok(d))
    return false;
  findings_annex(r);
  pdf_fill_begin(d, first, n_contents);
  contents(r);
  pdf_fill_end(d);
  return pdf_ok(d);
}

/* Write the register to path; 0, or -1 after "objreg: error: cannot write 'NAME': REASON". */
int pdf_register_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path)
{
  Reg r = {.pack = pack, .ev = ev, .bi = bi};
  date_format(bi->as_of, r.as_of);
  pdf_text_init(&r.t);
  PdfSettings set = kit_settings(pack, bi, pdf_register_title(pack), r.as_of, path);
  int rc = kit_write(&r.d, &set, layout, &r);
  pdf_text_release(&r.t);
  free(r.diag_start);
  free(r.diag_idx);
  free(r.obj_anchor);
  return rc;
}
