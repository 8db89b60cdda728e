/*
 * pdf_review.c - the management review input, <doc-id>-review.pdf.
 *
 * ISO/IEC 27001:2022 clause 9.3 asks top management to consider the
 * "fulfilment of information security objectives".  This document answers
 * that in a few pages a steering committee can read in five minutes: a
 * cover block with document control; the introduction (templates/review.md,
 * or record.md for a meeting's record, expanded by the build); the objectives
 * by RAG with a bar chart and the key figures; then one short section per
 * kind of trouble: objectives that are red or amber with every reason (which
 * measure, how far behind plan, the latest value against the target), forecast misses, overdue actions, stale
 * measures, risks that no objective addresses, and the findings by rule.
 * With `build --since`, a section of what changed since the earlier pack.
 *
 * Every list is ordered by severity, red first, then in pack order, so the
 * same inputs give the same document.  An empty section says "None." in one
 * line.  Figures come from the model and its evaluation (Eval); this file
 * only does arithmetic of presentation: days between two dates, points
 * between two printed percentages and counts of findings by rule.  What
 * changed since an earlier pack is the change record (change.c, bi->changes).
 *
 * The layout is the register's (pdf_layout.c): running header, footers,
 * DRAFT watermark with --draft, a bookmark per section.
 */
#include "pdf.h"

#include <cmark.h>
#include <stdlib.h>
#include <string.h>

#define REVIEW_TITLE N_("Management Review Input: Information Security Objectives")
#define RECORD_TITLE N_("Management Review Record: Information Security Objectives")
#define REVIEW_CHART_W 205.0f   // the RAG chart, left of the key figures
#define REVIEW_CHART_H 150.0f
#define REVIEW_BULLET 13.0f     // indent of a reason under its objective

typedef struct {
  PdfDoc d;
  const Pack *pack;
  const Eval *ev;
  const BuildInfo *bi;
  char as_of[11];
  int *order;          // objective indexes, red first, then amber, green, not rated
  float id_w;          // the ID columns: as wide as the widest objective id
  PdfText t;           // a paragraph being built
  const Meeting *meeting;  // the meeting dated on as_of: the review is its record (SPEC 18); else NULL
} ReviewDoc;

//
// Values as text
//



/* The document's title: the record of the meeting dated on as_of, else the input to the next one. */
static const char *review_title(const Pack *p, const Meeting *meeting)
{
  return meeting ? tr(p->language, RECORD_TITLE) : tr(p->language, REVIEW_TITLE);
}

/* The language of the review's fixed texts (tr). */
static Language lang(const ReviewDoc *r)
{
  return r->pack->language;
}

/* A projected value with 2 decimals, as the workbook prints it, and its percent sign. */
static const char *review_projection(ReviewDoc *r, double v, const Measure *m, char out[48])
{
  char c[48];
  // Two decimals, or more where two would put it on the other side of the
  // target: a forecast of 99.988 against 99.99 is not "99.99".
  int dec = m->target.valid ? value_decimals(v, m->target.v, m->direction.v, 2) : 2;
  snprintf(c, sizeof c, "%.*f", dec, v);
  if (c[0] == '-' && strspn(c + 1, "0.") == strlen(c + 1))
    memmove(c, c + 1, strlen(c));  // no "-0.00"
  num_localise(lang(r), c, out, 48);
  if (unit_is_percent(m->unit.s))
    strcat(out, percent_sign(lang(r)));
  return out;
}

/* A signed difference in points: "+6 pts", "+1 pt", "−3 pts", "0 pts". */
static const char *review_points(ReviewDoc *r, int pts, char out[32])
{
  if (pts > 0)
    snprintf(out, 32, trn(lang(r), "+%d pt", "+%d pts", pts), pts);  // "+1 pt": counts agree with their nouns
  else if (pts < 0)
    snprintf(out, 32, trn(lang(r), "\xE2\x88\x92%d pt", "\xE2\x88\x92%d pts", -pts), -pts);
  else
    snprintf(out, 32, "%s", tr(lang(r), "0 pts"));
  return out;
}


/* The colour of RAG text (amber darkened to read on white). */
static PdfRgb review_rag_ink(Rag r)
{
  return r == RAG_AMBER ? PDF_AMBER_TEXT : pdf_rag_rgb(r);
}

/* The RAG a measure status stands for (its colour in the text). */
static Rag review_mstatus_rag(MeasureStatus s)
{
  return s == MS_OFF_TRACK || s == MS_OVERDUE ? RAG_RED : s == MS_AT_RISK || s == MS_NO_DATA || s == MS_NO_PLAN ? RAG_AMBER
                                                                                        : RAG_GREEN;
}

/* Days from a to b, for "days overdue" and "days since". */
static int review_days(Date from, Date to)
{
  return (int)(to - from);
}

//
// Styles, paragraphs, headings
//

/* Small grey text under a cell's value. */
static PdfStyle review_st_small(void)
{
  return pdf_style(PF_REGULAR, PDF_TINY, PDF_MUTED);
}

/* A paragraph of r->t, then a small gap. */
static void review_flow(ReviewDoc *r, float gap)
{
  pdf_flow(&r->d, &r->t, AL_LEFT);
  pdf_space(&r->d, gap);
}

/* A paragraph from a plain string in style st. */
static void review_para(ReviewDoc *r, const PdfStyle *st, const char *s)
{
  kit_para(&r->d, st, s);
}

/* The one line of an empty section. */
static void review_none(ReviewDoc *r)
{
  kit_note(&r->d, tr(lang(r), pdf_words->none));
}

/* A heading kept with `keep` points of what follows; returns its anchor. */
static int review_heading(ReviewDoc *r, int level, const char *s, float keep)
{
  return kit_heading(&r->d, level, s, keep);
}

/* A section: a level-1 heading with its bookmark. */
static void review_section(ReviewDoc *r, const char *title, float keep)
{
  int a = review_heading(r, 1, title, keep);
  pdf_outline(&r->d, NULL, title, a, true);
}

/* A section's lead sentence, in the body style. */
static void review_lead(ReviewDoc *r, const char *s)
{
  PdfStyle st = pdf_st_body();
  review_para(r, &st, s);
}

/* A cell's text, or a muted "not given". */
static void review_cell(ReviewDoc *r, PdfTable *t, int col, const char *s)
{
  kit_cell(&r->d, t, col, NULL, s);
}

/* A date cell, or "not given". */
static void review_cell_date(ReviewDoc *r, PdfTable *t, int col, Date d)
{
  kit_cell_date(&r->d, t, col, d);
}

/* A progress cell: a small bar and the percentage, or a dash. */
static void review_cell_progress(ReviewDoc *r, PdfTable *t, int col, const ObjEval *oe)
{
  if (!oe->rated || !oe->has_progress) {
    PdfStyle m = pdf_st_muted();
    pdf_table_puts(&r->d, t, col, &m, "\xE2\x80\x94");
    return;
  }
  kit_cell_bar(&r->d, t, col, oe->progress, PDF_ACCENT);
}

/* An objective's id in bold (the first column of the tables of measures and actions). */
static void review_cell_objective(ReviewDoc *r, PdfTable *t, int col, const Objective *o)
{
  PdfStyle b = pdf_st_bold();
  pdf_table_puts(&r->d, t, col, &b, o->id.s);
}

/* A measure's id in bold and its name (with a unit other than percent). */
static void review_cell_measure(ReviewDoc *r, PdfTable *t, int col, const Measure *m)
{
  PdfStyle b = pdf_st_bold(), c = pdf_st_cell(), s = review_st_small();
  pdf_table_puts(&r->d, t, col, &b, m->id.s ? m->id.s : "?");
  pdf_table_puts(&r->d, t, col, &c, " ");
  pdf_table_puts(&r->d, t, col, &c, m->name.s ? m->name.s : tr(lang(r), "(no name)"));
  if (m->unit.s && !unit_is_percent(m->unit.s))
    pdf_text_printf(&r->d, pdf_table_cell(t, col), &s, " (%s)", m->unit.s);
}

/* Column headers from a list. */
static void review_heads(ReviewDoc *r, PdfTable *t, const char *const *heads)
{
  pdf_table_heads(&r->d, t, heads);
}

//
// Order of severity
//

/* An objective's rank: red 0, amber 1, green 2, not rated 3. */
static int review_rank(const ReviewDoc *r, int i)
{
  const ObjEval *oe = &r->ev->obj[i];
  if (!oe->rated)
    return 3;
  return oe->rag == RAG_RED ? 0 : oe->rag == RAG_AMBER ? 1 : 2;
}

/* The objectives by rank, then in pack order (insertion sort keeps it stable). */
static void review_sort_objectives(ReviewDoc *r)
{
  int n = r->pack->n_objectives;
  r->order = xmalloc((size_t)(n ? n : 1) * sizeof *r->order);
  for (int i = 0; i < n; i++) {
    int j = i;
    while (j > 0 && review_rank(r, r->order[j - 1]) > review_rank(r, i)) {
      r->order[j] = r->order[j - 1];
      j--;
    }
    r->order[j] = i;
  }
}

/* An item of a list sorted by a key, then by position (for qsort). */
typedef struct {
  long key;   // larger first
  int obj;    // position in r->order
  int item;   // measure, action or risk index
} ReviewItem;

/* Larger key first, then red first and pack order, then the item's own order. */
static int review_item_cmp(const void *pa, const void *pb)
{
  const ReviewItem *a = pa, *b = pb;
  if (a->key != b->key)
    return a->key > b->key ? -1 : 1;
  if (a->obj != b->obj)
    return a->obj < b->obj ? -1 : 1;
  return a->item < b->item ? -1 : a->item > b->item;
}

//
// Cover and document control
//

/* The title block: organisation, title, clause line, id, version, classification, date. */
static void review_cover(ReviewDoc *r)
{
  static const KitCover c = {14.0f, 11.0f, 3.0f, 21.0f, 4.0f, 10.5f, {3.0f, 0.0f}, 6.0f, 9.5f, 8.0f};
  char s[11], sub[512];
  if (r->meeting)
    snprintf(sub, sizeof sub,
             tr(lang(r), "Record of the meeting of %s: objectives, decisions, minutes and sign-off \xE2\x80\x94 "
                         "ISO/IEC 27001:2022 clauses 9.3.2 and 9.3.3"),
             pdf_fmt_date(r->meeting->date.v, s));
  kit_cover(&r->d, r->pack, r->bi, r->as_of, &c,
            r->meeting ? tr(lang(r), "Management Review Record") : tr(lang(r), "Management Review Input"),
            r->meeting ? sub
                       : tr(lang(r), "Fulfilment of the information security objectives \xE2\x80\x94 ISO/IEC 27001:2022 clause 9.3"));
  if (r->bi->draft)
    pdf_draft_box(&r->d, r->meeting ? N_("This review record was built as a draft and is not for issue.")
                                    : N_("This review input was built as a draft and is not for issue."),
                  r->pack->diags.n_error, r->pack->diags.n_warning, r->as_of, 8.0f);
}

/* One label-value pair of the document control table. */
static void review_control_pair(ReviewDoc *r, PdfTable *t, int col, const char *label, const char *value)
{
  PdfStyle k = pdf_style(PF_BOLD, PDF_SMALL, PDF_MUTED);
  pdf_table_puts(&r->d, t, col, &k, label);
  review_cell(r, t, col + 1, value);
}

/* Document control, two pairs to a row so that it shares the first page. */
static void review_control(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  int a = review_heading(r, 2, tr(lang(r), "Document control"), 80.0f);
  pdf_outline(d, NULL, tr(lang(r), "Document control"), a, true);
  Buf reg, since;
  buf_init(&reg);
  buf_init(&since);
  buf_puts(&reg, pdf_register_title(p));
  if (p->doc_version.s)
    buf_printf(&reg, tr(lang(r), ", version %s"), p->doc_version.s);
  if (r->bi->changes) {
    char s[11];
    if (r->bi->changes->git)
      buf_printf(&since, tr(lang(r), "%s (%s), as of %s"), r->bi->changes->since, r->bi->changes->commit,
                 pdf_fmt_date(r->bi->changes->as_of, s));
    else
      buf_printf(&since, tr(lang(r), "the evaluation as of %s"), pdf_fmt_date(r->bi->changes->as_of, s));
  }
  char when[24];
  static const float w[] = {-88, 50, -98, 50};
  PdfTable t;
  pdf_table_init(d, &t, 4, w, NULL);
  Buf tool;
  buf_init(&tool);
  buf_printf(&tool, tr(lang(r), "objreg %s, rule set %s"), OBJREG_VERSION, OBJREG_RULESET);
  const char *rows[][4] = {
      {N_("Document ID"), pack_doc_id(p).s, N_("Evaluation date"), r->as_of},
      {N_("Title"), review_title(r->pack, r->meeting), N_("Compared with"),
       r->bi->changes ? since.s : tr(lang(r), "no earlier pack (no --since)")},
      {N_("Register"), reg.s, N_("Source revision"), r->bi->revision},
      {N_("Version"), p->doc_version.s, N_("Document owner"), p->doc_owner.s},
      {N_("Classification"), p->doc_classification.s, N_("Tool version"), tool.s},
      {N_("Issue"), r->bi->issue, N_("Generated"), time_utc(r->bi->created, when)},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    review_control_pair(r, &t, 0, tr(lang(r), rows[i][0]), rows[i][1]);
    review_control_pair(r, &t, 2, tr(lang(r), rows[i][2]), rows[i][3]);
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  buf_release(&reg);
  buf_release(&since);
  buf_release(&tool);
}

/* The introduction (templates/review.md or record.md, expanded by the build); none when empty. */
static void review_intro(ReviewDoc *r)
{
  cmark_node *doc = r->bi->intro_review;
  if (!doc || !cmark_node_first_child(doc))
    return;
  review_section(r, tr(lang(r), "Introduction"), 40.0f);
  md_render(&r->d, doc, 3);
}

//
// Objectives by RAG: the chart, the key figures, the table
//

/* The lead sentence: objectives by status, the rated ones by RAG, mean progress. */
static void review_rag_sentence(ReviewDoc *r)
{
  const Eval *ev = r->ev;
  int rated = ev->by_rag[RAG_GREEN] + ev->by_rag[RAG_AMBER] + ev->by_rag[RAG_RED];
  int not_rated = r->pack->n_objectives - rated;
  PdfStyle st = pdf_st_body(), b = pdf_style(PF_BOLD, PDF_BODY, PDF_INK);
  PdfDoc *d = &r->d;
  char pct[24];
  pdf_text_reset(&r->t);
  if (rated) {
    pdf_text_printf(d, &r->t, &st,
                    trn(lang(r), "Of the %d rated objective (active or achieved), ",
                        "Of the %d rated objectives (active or achieved), ", rated),
                    rated);
    PdfStyle g = b, a = b, red = b;
    g.color = review_rag_ink(RAG_GREEN), a.color = review_rag_ink(RAG_AMBER), red.color = review_rag_ink(RAG_RED);
    pdf_text_printf(d, &r->t, &g, trn(lang(r), "%d is green", "%d are green", ev->by_rag[RAG_GREEN]),
                    ev->by_rag[RAG_GREEN]);
    pdf_text_puts(d, &r->t, &st, ", ");
    pdf_text_printf(d, &r->t, &a, tr(lang(r), "%d amber"), ev->by_rag[RAG_AMBER]);
    pdf_text_puts(d, &r->t, &st, tr(lang(r), " and "));
    pdf_text_printf(d, &r->t, &red, tr(lang(r), "%d red"), ev->by_rag[RAG_RED]);
    if (ev->has_progress)
      pdf_text_printf(d, &r->t, &st, trn(lang(r), "; its mean progress is %s", "; their mean progress is %s", rated),
                      pdf_fmt_percent(d, ev->progress, pct));
    pdf_text_puts(d, &r->t, &st, ". ");
  } else {
    pdf_text_puts(d, &r->t, &st, tr(lang(r), "No objective is rated (active or achieved). "));
  }
  if (not_rated) {
    static const ObjStatus st_not[] = {ST_DRAFT, ST_CLOSED, ST_WITHDRAWN};
    pdf_text_printf(d, &r->t, &st, trn(lang(r), "%d objective is not rated (", "%d objectives are not rated (", not_rated),
                    not_rated);
    const char *sep = "";
    for (int i = 0; i < 3; i++)
      if (ev->by_status[st_not[i]]) {
        char w[96];
        pdf_text_printf(d, &r->t, &st, "%s%s", sep, kit_status_count(lang(r), st_not[i], ev->by_status[st_not[i]], w));
        sep = ", ";
      }
    pdf_text_puts(d, &r->t, &st, ").");
  }
  review_flow(r, 6.0f);
}

/* The bar chart of rated objectives by RAG, drawn in a band from top down. */
static void review_rag_chart(ReviewDoc *r, float top)
{
  PdfDoc *d = &r->d;
  const Eval *ev = r->ev;
  float x0 = d->x0, w = REVIEW_CHART_W - 15.0f;
  float base = top - REVIEW_CHART_H + 44.0f, full = REVIEW_CHART_H - 44.0f - 38.0f;
  PdfStyle cap = pdf_style(PF_BOLD, PDF_SMALL, PDF_INK), count = pdf_style(PF_BOLD, 11.0f, PDF_INK);
  PdfStyle lab = pdf_style(PF_REGULAR, PDF_SMALL, PDF_INK), small = pdf_style(PF_REGULAR, PDF_TINY, PDF_MUTED);
  pdf_label(d, &cap, x0, top - 9.0f, AL_LEFT, tr(lang(r), "Rated objectives by RAG"));
  int rated = ev->by_rag[RAG_GREEN] + ev->by_rag[RAG_AMBER] + ev->by_rag[RAG_RED], most = 1;
  for (int k = RAG_GREEN; k <= RAG_RED; k++)
    most = ev->by_rag[k] > most ? ev->by_rag[k] : most;
  float slot = w / 3, bw = 38.0f;
  for (int k = RAG_GREEN; k <= RAG_RED; k++) {
    float cx = x0 + slot * (float)(k - RAG_GREEN) + slot / 2;
    float h = full * (float)ev->by_rag[k] / (float)most;
    pdf_fill_rect(d, cx - bw / 2, base, bw, h > 0 ? h : 0.8f, pdf_rag_rgb((Rag)k));
    char s[32];
    snprintf(s, sizeof s, "%d", ev->by_rag[k]);
    pdf_label(d, &count, cx, base + h + 4.0f, AL_CENTER, s);
    pdf_label(d, &lab, cx, base - 11.0f, AL_CENTER, pdf_rag_word(d->set.lang, (Rag)k));
    if (rated) {
      snprintf(s, sizeof s, tr(lang(r), "%d%s of rated"), ev->rag_share[k], percent_sign(lang(r)));
      pdf_label(d, &small, cx, base - 20.0f, AL_CENTER, s);
    }
  }
  pdf_stroke_line(d, x0, base, x0 + w, base, 0.7f, PDF_MUTED, 0);
  char s[64];
  snprintf(s, sizeof s, tr(lang(r), "Not rated (draft, closed, withdrawn): %d"), r->pack->n_objectives - rated);
  PdfStyle note = pdf_style(PF_OBLIQUE, PDF_TINY, PDF_MUTED);
  pdf_label(d, &note, x0, base - 33.0f, AL_LEFT, s);
}

/* One key figure: a label and a count, bold in colour when it calls for action. */
static void review_figure(ReviewDoc *r, PdfTable *t, const char *label, const char *value, Rag alarm)
{
  PdfStyle k = pdf_style(PF_BOLD, PDF_SMALL, PDF_MUTED), v = pdf_st_cell();
  if (alarm != RAG_NONE) {
    v.face = PF_BOLD;
    v.color = review_rag_ink(alarm);
  }
  pdf_table_puts(&r->d, t, 0, &k, label);
  pdf_table_puts(&r->d, t, 1, &v, value);
  pdf_table_row(&r->d, t);
}

/* The key figures of the pack, right of the chart. */
static void review_figures(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  const Eval *ev = r->ev;
  const Pack *p = r->pack;
  static const float w[] = {46, 54};
  PdfTable t;
  pdf_table_init(d, &t, 2, w, NULL);
  t.label_col = true;
  char s[64], pct[24];
  Buf b;
  buf_init(&b);
  buf_printf(&b, "%d", p->n_objectives);
  static const ObjStatus order[] = {ST_ACTIVE, ST_ACHIEVED, ST_DRAFT, ST_CLOSED, ST_WITHDRAWN};
  const char *sep = " (";
  for (int i = 0; i < 5; i++)
    if (ev->by_status[order[i]]) {
      char w[96];
      buf_printf(&b, "%s%s", sep, kit_status_count(lang(r), order[i], ev->by_status[order[i]], w));
      sep = ", ";
    }
  if (sep[0] == ',')
    buf_putc(&b, ')');
  review_figure(r, &t, tr(lang(r), "Objectives"), b.s, RAG_NONE);
  review_figure(r, &t, tr(lang(r), "Mean progress (rated)"), ev->has_progress ? pdf_fmt_percent(d, ev->progress, pct) : "\xE2\x80\x94",
                RAG_NONE);
  snprintf(s, sizeof s, "%d", ev->by_rag[RAG_RED] + ev->by_rag[RAG_AMBER]);
  review_figure(r, &t, tr(lang(r), "Objectives red or amber"), s,
                ev->by_rag[RAG_RED] ? RAG_RED : ev->by_rag[RAG_AMBER] ? RAG_AMBER : RAG_NONE);
  snprintf(s, sizeof s, "%d", ev->overdue_actions);
  review_figure(r, &t, tr(lang(r), "Overdue actions"), s, ev->overdue_actions ? RAG_RED : RAG_NONE);
  snprintf(s, sizeof s, "%d", ev->nodata_measures);
  review_figure(r, &t, tr(lang(r), "Measures without data"), s, ev->nodata_measures ? RAG_AMBER : RAG_NONE);
  snprintf(s, sizeof s, "%d", ev->stale_measures);
  review_figure(r, &t, tr(lang(r), "Stale measures"), s, ev->stale_measures ? RAG_AMBER : RAG_NONE);
  snprintf(s, sizeof s, "%d", ev->forecast_misses);
  review_figure(r, &t, tr(lang(r), "Forecast misses"), s, ev->forecast_misses ? RAG_AMBER : RAG_NONE);
  snprintf(s, sizeof s, "%d", ev->uncovered_risks);
  review_figure(r, &t, tr(lang(r), "Risks without an objective"), s, ev->uncovered_risks ? RAG_AMBER : RAG_NONE);
  char s2[64];
  snprintf(s2, sizeof s2, trn(lang(r), "%d error", "%d errors", p->diags.n_error), p->diags.n_error);
  snprintf(s, sizeof s, trn(lang(r), "%s, %d warning", "%s, %d warnings", p->diags.n_warning), s2, p->diags.n_warning);
  review_figure(r, &t, tr(lang(r), "Check findings"), s, p->diags.n_error ? RAG_RED : RAG_NONE);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  buf_release(&b);
}

/* The chart at the left and the key figures at the right, side by side. */
static void review_dashboard(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  pdf_need(d, REVIEW_CHART_H + 6.0f);
  float top = d->y;
  review_rag_chart(r, top);
  PdfBlock saved = d->blk;
  d->blk.left += REVIEW_CHART_W + 12.0f;
  d->y = top - 4.0f;
  review_figures(r);
  d->blk = saved;
  float chart_bottom = top - REVIEW_CHART_H;
  d->y = d->y < chart_bottom ? d->y : chart_bottom;
  pdf_space(d, 8.0f);
}

/* Every objective, red first: id, title, owner, due, status, RAG, progress. */
static void review_rag_table(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  const float w[] = {-r->id_w, 62, 34, -56, -50, -58, -60};
  static const char *const heads[] = {N_("ID"), N_("Objective"), N_("Owner"), N_("Due"), N_("Status"), N_("RAG"), N_("Progress")};
  PdfTable t;
  pdf_table_init(d, &t, 7, w, NULL);
  t.caption = tr(lang(r), "Objectives by RAG");
  review_heads(r, &t, heads);
  PdfStyle b = pdf_st_bold();
  for (int k = 0; k < p->n_objectives; k++) {
    int i = r->order[k];
    const Objective *o = p->objectives[i];
    const ObjEval *oe = &r->ev->obj[i];
    pdf_table_puts(d, &t, 0, &b, o->id.s);
    review_cell(r, &t, 1, o->title.s);
    review_cell(r, &t, 2, o->owner.s);
    review_cell_date(r, &t, 3, dv(o->due));
    review_cell(r, &t, 4, enum_label(lang(r), VF_STATUS, o->status.v));
    if (oe->rated && oe->achieved && o->status.v != ST_ACHIEVED) {  // a 100% that is achieved, told from one that is not yet
      PdfStyle mute = pdf_st_muted();
      pdf_table_puts(d, &t, 4, &mute, tr(lang(r), " (every measure achieved)"));
    }
    kit_cell_rag(d, &t, 5, oe->rated, oe->rag);
    review_cell_progress(r, &t, 6, oe);
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

/* Section: objectives by RAG. */
static void review_by_rag(ReviewDoc *r)
{
  review_section(r, tr(lang(r), "Objectives by RAG"), REVIEW_CHART_H + 30.0f);
  if (r->pack->n_objectives == 0) {
    review_lead(r, tr(lang(r), "The pack establishes no objective."));
    return;
  }
  review_rag_sentence(r);
  review_dashboard(r);
  review_heading(r, 3, tr(lang(r), "Every objective, red first"), 60.0f);
  review_rag_table(r);
  PdfStyle m = pdf_style(PF_OBLIQUE, PDF_TINY, PDF_MUTED);
  pdf_space(&r->d, 3.0f);
  review_para(r, &m,
              tr(lang(r), "RAG: green = achieved or on track; amber = at risk, no data, stale data or an overdue "
                          "action; red = off track or past due. Progress is the mean progress of the objective's "
                          "measures (the share of actions done where measurement is not practicable)."));
}

//
// Objectives needing attention
//

/* The plan and the target of a measure in its unit, appended to r->t after
 * sep: "plan 90.2% at that date, 94.4% at 2026-11-27; target 100% by 2026-12-31". */
static void review_plan_target(ReviewDoc *r, const Measure *m, const MeasureEval *me, const PdfStyle *st,
                               const char *sep)
{
  PdfDoc *d = &r->d;
  char v[48], s[11];
  bool then = me->has_plan_value && me->status != MS_OVERDUE;
  bool now = me->has_plan_value_now && me->status != MS_OVERDUE && (!then || me->latest_date != r->ev->as_of);
  if (then)
    pdf_text_printf(d, &r->t, st, tr(lang(r), "%splan %s at that date"), sep, pdf_fmt_value(d, me->plan_value, m, v));
  if (now && then)
    pdf_text_printf(d, &r->t, st, tr(lang(r), ", %s at %s"), pdf_fmt_value(d, me->plan_value_now, m, v),
                    pdf_fmt_date(r->ev->as_of, s));
  else if (now)
    pdf_text_printf(d, &r->t, st, tr(lang(r), "%splan %s at %s"), sep, pdf_fmt_value(d, me->plan_value_now, m, v),
                    pdf_fmt_date(r->ev->as_of, s));
  if (then || now)
    sep = list_sep(lang(r));
  if (m->target.valid) {
    pdf_text_printf(d, &r->t, st, tr(lang(r), "%starget %s"), sep, pdf_fmt_value(d, m->target.v, m, v));
    if (m->due_eff != DATE_NONE && me->status != MS_OVERDUE)
      pdf_text_printf(d, &r->t, st, trc(lang(r), "a target by a date", " by %s"), pdf_fmt_date(m->due_eff, s));
  }
}

/* The figures of a measure in words, appended to r->t, all in the measure's
 * unit: "latest 65% (2026-11-02); plan 90.2% at that date, 94.4% at
 * 2026-11-27; target 100% by 2026-12-31". */
static void review_measure_figures(ReviewDoc *r, const Measure *m, const MeasureEval *me, const PdfStyle *st)
{
  PdfDoc *d = &r->d;
  char v[48], s[11];
  const char *sep = " \xE2\x80\x94 ";
  if (me->status == MS_OVERDUE) {
    int ago = review_days(m->due_eff, r->ev->as_of);
    pdf_text_printf(d, &r->t, st,
                    trn(lang(r), "%sdue %s passed, %d day ago, target not met",
                        "%sdue %s passed, %d days ago, target not met", ago),
                    sep, pdf_fmt_date(m->due_eff, s), ago);
    sep = list_sep(lang(r));
  } else if (me->status == MS_NO_DATA && me->n_before) {
    pdf_text_printf(d, &r->t, st, tr(lang(r), "%sno value since the baseline date %s"), sep,
                    pdf_fmt_date(dv(m->baseline_date), s));
    sep = list_sep(lang(r));
  } else if (me->status == MS_NO_DATA) {
    pdf_text_printf(d, &r->t, st, tr(lang(r), "%sno value recorded yet"), sep);
    sep = list_sep(lang(r));
  } else if (me->status == MS_NO_PLAN) {
    pdf_text_printf(d, &r->t, st, tr(lang(r), "%sno baseline date, so no plan to compare the progress with"), sep);
    sep = list_sep(lang(r));
  }
  if (me->has_latest) {
    pdf_text_printf(d, &r->t, st, tr(lang(r), "%slatest %s (%s)"), sep, pdf_fmt_value(d, me->latest, m, v),
                    pdf_fmt_date(me->latest_date, s));
    sep = list_sep(lang(r));
  }
  review_plan_target(r, m, me, st, sep);
}

/* A reason line, flowed as a bullet under its objective. */
static void review_bullet(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  PdfBlock saved = d->blk;
  d->blk.left += REVIEW_BULLET;
  snprintf(d->marker, sizeof d->marker, "\xE2\x80\xA2");
  d->marker_style = pdf_style(PF_REGULAR, PDF_BODY, PDF_MUTED);
  pdf_flow(d, &r->t, AL_LEFT);
  d->marker[0] = '\0';
  d->blk = saved;
  pdf_space(d, 1.5f);
}

/* Start a reason: the measure's id and name, then its status in colour. */
static void review_reason_measure(ReviewDoc *r, const Measure *m, const char *what, Rag tone)
{
  PdfDoc *d = &r->d;
  PdfStyle b = pdf_style(PF_BOLD, PDF_SMALL + 0.5f, PDF_INK), c = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_INK);
  PdfStyle m2 = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_MUTED), s = b;
  s.color = review_rag_ink(tone);
  pdf_text_reset(&r->t);
  pdf_text_printf(d, &r->t, &b, "%s ", m->id.s ? m->id.s : "?");
  pdf_text_puts(d, &r->t, &c, m->name.s ? m->name.s : tr(lang(r), "(no name)"));
  if (m->unit.s && !unit_is_percent(m->unit.s))
    pdf_text_printf(d, &r->t, &m2, " (%s)", m->unit.s);
  pdf_text_puts(d, &r->t, &c, trc(lang(r), "before what follows", ": "));  // French: a no-break space before ':'
  pdf_text_puts(d, &r->t, &s, what);
}

/* The measure's own achievement rule, beside its status: " (achieved when the
 * last 2 values all meet the target; 1 so far)".  Nothing for the default rule. */
static void review_rule(ReviewDoc *r, const Measure *m, const MeasureEval *me)
{
  const AchievedWhen *aw = &m->achieved_when;
  if (aw->kind == AW_LATEST)
    return;
  PdfStyle mu = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_MUTED);
  char rule[128], v[48];
  pdf_text_printf(&r->d, &r->t, &mu, tr(lang(r), " (achieved when the %s"), achieve_rule_label(lang(r), aw, rule));
  if (aw->kind == AW_CONSECUTIVE)
    pdf_text_printf(&r->d, &r->t, &mu, tr(lang(r), "; %d so far)"), me->met_run);
  else if (me->has_mean && me->n_mean < aw->n)  // a mean of fewer values than the rule's is not its mean yet
    pdf_text_printf(&r->d, &r->t, &mu,
                    trn(lang(r), "; only %d of %d values so far, their mean %s)",
                        "; only %d of %d values so far, their mean %s)", me->n_mean),
                    me->n_mean, aw->n, review_projection(r, me->mean, m, v));
  else if (me->has_mean)
    pdf_text_printf(&r->d, &r->t, &mu, tr(lang(r), "; mean now %s)"), review_projection(r, me->mean, m, v));
  else
    pdf_text_puts(&r->d, &r->t, &mu, ")");
}

/* A clamped forecast says so, with the straight line's own value. */
static void review_clamped(ReviewDoc *r, const Measure *m, const MeasureEval *me)
{
  if (!me->forecast_clamped)
    return;
  PdfStyle c = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_INK);
  char v[48];
  pdf_text_printf(&r->d, &r->t, &c, tr(lang(r), " (clamped: the straight line gives %s)"),
                  review_projection(r, me->forecast_line, m, v));
}

/* The reasons of one measure: its status, staleness and forecast. */
static void review_measure_reasons(ReviewDoc *r, const Measure *m, const MeasureEval *me)
{
  PdfDoc *d = &r->d;
  PdfStyle c = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_INK);
  char v[48], v2[48], s[11];
  bool trouble = me->status == MS_OFF_TRACK || me->status == MS_OVERDUE || me->status == MS_AT_RISK ||
                 me->status == MS_NO_DATA || me->status == MS_NO_PLAN;
  if (trouble) {
    review_reason_measure(r, m, pdf_mstatus_word(lang(r), me->status), review_mstatus_rag(me->status));
    review_rule(r, m, me);
    review_measure_figures(r, m, me, &c);
    if (me->forecast_miss) {
      pdf_text_printf(d, &r->t, &c, tr(lang(r), "; the trend projects %s at due"),
                      review_projection(r, me->forecast, m, v));
      review_clamped(r, m, me);
    }
    pdf_text_puts(d, &r->t, &c, ".");
    review_bullet(r);
  }
  if (me->stale) {
    int days = review_days(me->latest_date, r->ev->as_of);
    int allowed = freq_days(m->frequency.v) + r->pack->stale_grace_days;
    review_reason_measure(r, m, tr(lang(r), "stale"), RAG_AMBER);
    pdf_text_printf(d, &r->t, &c,
                    trn(lang(r), " \xE2\x80\x94 latest %s (%s), %d day ago (%s data allows %d)",
                        " \xE2\x80\x94 latest %s (%s), %d days ago (%s data allows %d)", days),
                    pdf_fmt_value(d, me->latest, m, v), pdf_fmt_date(me->latest_date, s), days,
                    enum_label(lang(r), VF_FREQUENCY, m->frequency.v), allowed);
    if (!trouble)  // else the status line gave the plan
      review_plan_target(r, m, me, &c, list_sep(lang(r)));
    pdf_text_puts(d, &r->t, &c, ".");
    review_bullet(r);
  }
  if (me->forecast_miss && !trouble) {
    review_reason_measure(r, m, tr(lang(r), "forecast miss"), RAG_AMBER);
    review_rule(r, m, me);
    pdf_text_printf(d, &r->t, &c, tr(lang(r), " \xE2\x80\x94 the trend projects %s at due %s"),
                    review_projection(r, me->forecast, m, v),
                    pdf_fmt_date(m->due_eff, s));
    review_clamped(r, m, me);
    pdf_text_printf(d, &r->t, &c, tr(lang(r), " against a target of %s."), pdf_fmt_value(d, m->target.v, m, v2));
    review_bullet(r);
  }
}

/* The reason an overdue action gives. */
static void review_action_reason(ReviewDoc *r, const Action *a, const ActionEval *ae)
{
  PdfDoc *d = &r->d;
  PdfStyle b = pdf_style(PF_BOLD, PDF_SMALL + 0.5f, PDF_INK), c = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_INK);
  PdfStyle red = b;
  red.color = review_rag_ink(RAG_RED);
  char s[11];
  pdf_text_reset(&r->t);
  pdf_text_printf(d, &r->t, &b, tr(lang(r), "Action %s "), a->id.s ? a->id.s : "?");
  pdf_text_puts(d, &r->t, &c, a->action.s ? a->action.s : tr(lang(r), "(not described)"));
  pdf_text_puts(d, &r->t, &c, trc(lang(r), "before what follows", ": "));
  pdf_text_puts(d, &r->t, &red, tr(lang(r), "overdue"));
  int ago = review_days(dv(a->due), r->ev->as_of);
  pdf_text_printf(d, &r->t, &c, trn(lang(r), " \xE2\x80\x94 due %s, %d day ago", " \xE2\x80\x94 due %s, %d days ago", ago),
                  pdf_fmt_date(dv(a->due), s), ago);
  if (ae->latest)
    pdf_text_printf(d, &r->t, &c, tr(lang(r), "; latest status %s on %s"),
                    enum_label(lang(r), VF_ACTION_STATUS, ae->latest->status),
                    pdf_fmt_date(ae->latest->date, s));
  else
    pdf_text_puts(d, &r->t, &c, tr(lang(r), "; no update recorded"));
  if (a->owner_eff)
    pdf_text_printf(d, &r->t, &c, tr(lang(r), "; owner %s"), a->owner_eff);
  pdf_text_puts(d, &r->t, &c, ".");
  review_bullet(r);
}

/* The objective's overdue actions, most overdue first: a few by name, then how many more. */
static void review_overdue_reasons(ReviewDoc *r, const Objective *o, const ObjEval *oe)
{
  enum { SHOWN = 3 };
  if (oe->n_overdue_actions == 0)
    return;
  ReviewItem *items = xmalloc((size_t)oe->n_overdue_actions * sizeof *items);
  int n = 0;
  for (int j = 0; j < o->n_actions && n < oe->n_overdue_actions; j++)
    if (oe->a[j].overdue)
      items[n++] = (ReviewItem){review_days(dv(o->actions[j].due), r->ev->as_of), 0, j};
  qsort(items, (size_t)n, sizeof *items, review_item_cmp);
  for (int k = 0; k < n && k < SHOWN; k++)
    review_action_reason(r, &o->actions[items[k].item], &oe->a[items[k].item]);
  if (n > SHOWN) {
    PdfStyle c = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_INK);
    pdf_text_reset(&r->t);
    pdf_text_printf(&r->d, &r->t, &c,
                    trn(lang(r), "and %d more overdue action: see Overdue actions.",
                        "and %d more overdue actions: see Overdue actions.", n - SHOWN),
                    n - SHOWN);
    review_bullet(r);
  }
  free(items);
}

/* The objective's own review, when it is overdue (as rule 6.2f reports it). */
static void review_review_reason(ReviewDoc *r, const Objective *o, const ObjEval *oe)
{
  if (!oe->review_late && !oe->review_next_passed)
    return;
  PdfDoc *d = &r->d;
  PdfStyle b = pdf_style(PF_BOLD, PDF_SMALL + 0.5f, PDF_INK), c = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_INK);
  PdfStyle am = b;
  am.color = review_rag_ink(RAG_AMBER);
  char s[11];
  const Review *rv = &o->review;
  pdf_text_reset(&r->t);
  pdf_text_puts(d, &r->t, &b, tr(lang(r), "Review of the objective "));
  pdf_text_puts(d, &r->t, &am, tr(lang(r), "overdue"));
  const char *sep = " \xE2\x80\x94 ";
  if (oe->review_next_passed) {
    int ago = review_days(rv->next.v, r->ev->as_of);
    pdf_text_printf(d, &r->t, &c,
                    trn(lang(r), "%snext review was due on %s, %d day ago", "%snext review was due on %s, %d days ago", ago),
                    sep, pdf_fmt_date(rv->next.v, s), ago);
    sep = list_sep(lang(r));
  }
  if (rv->last.valid) {
    int ago = review_days(rv->last.v, r->ev->as_of);
    pdf_text_printf(d, &r->t, &c,
                    trn(lang(r), "%slast reviewed on %s, %d day ago", "%slast reviewed on %s, %d days ago", ago), sep,
                    pdf_fmt_date(rv->last.v, s), ago);
  }
  if (oe->review_late)
    pdf_text_printf(d, &r->t, &c, tr(lang(r), ", where a %s review allows %d days"),
                    enum_label(lang(r), VF_FREQUENCY, rv->frequency.v),
                    freq_days(rv->frequency.v) + r->pack->stale_grace_days);
  pdf_text_puts(d, &r->t, &c, ".");
  review_bullet(r);
}

/* The line that opens an objective's block: RAG, id, title; owner, due, progress. */
static void review_objective_line(ReviewDoc *r, const Objective *o, const ObjEval *oe)
{
  PdfDoc *d = &r->d;
  PdfStyle rag = pdf_style(PF_BOLD, PDF_BODY + 0.5f, review_rag_ink(oe->rag));
  PdfStyle id = pdf_style(PF_BOLD, PDF_BODY + 0.5f, PDF_ACCENT), title = pdf_style(PF_BOLD, PDF_BODY + 0.5f, PDF_INK);
  PdfStyle meta = pdf_style(PF_REGULAR, PDF_SMALL, PDF_MUTED);
  pdf_text_reset(&r->t);
  pdf_text_printf(d, &r->t, &rag, "\xE2\x96\xA0 %s   ", pdf_rag_word(d->set.lang, oe->rag));
  pdf_text_printf(d, &r->t, &id, "%s  ", o->id.s);
  pdf_text_puts(d, &r->t, &title, o->title.s ? o->title.s : tr(lang(r), "(no title)"));
  pdf_text_printf(d, &r->t, &meta, tr(lang(r), "\nOwner %s"), o->owner.s ? o->owner.s : tr(lang(r), "not given"));
  char s[11], p[24];
  if (o->due.valid)
    pdf_text_printf(d, &r->t, &meta, tr(lang(r), "   \xC2\xB7   due %s"), pdf_fmt_date(o->due.v, s));
  if (oe->has_progress)
    pdf_text_printf(d, &r->t, &meta, tr(lang(r), "   \xC2\xB7   progress %s"), pdf_fmt_percent(d, oe->progress, p));
  float h = pdf_flow_height(d, &r->t);
  pdf_need(d, h + 30.0f);  // with its first reason
  review_flow(r, 2.5f);
}

/* One objective that is red or amber, with every reason. */
static void review_attention_one(ReviewDoc *r, int i)
{
  PdfDoc *d = &r->d;
  const Objective *o = r->pack->objectives[i];
  const ObjEval *oe = &r->ev->obj[i];
  review_objective_line(r, o, oe);
  if (o->due.valid && r->ev->as_of > o->due.v) {
    PdfStyle red = pdf_style(PF_BOLD, PDF_SMALL + 0.5f, review_rag_ink(RAG_RED)),
             c = pdf_style(PF_REGULAR, PDF_SMALL + 0.5f, PDF_INK);
    char s[11];
    pdf_text_reset(&r->t);
    pdf_text_puts(d, &r->t, &red, tr(lang(r), "Past due"));
    int ago = review_days(o->due.v, r->ev->as_of);
    pdf_text_printf(d, &r->t, &c,
                    trn(lang(r), " \xE2\x80\x94 the objective was due on %s, %d day ago, and is not achieved.",
                        " \xE2\x80\x94 the objective was due on %s, %d days ago, and is not achieved.", ago),
                    pdf_fmt_date(o->due.v, s), ago);
    review_bullet(r);
  }
  for (int j = 0; j < o->n_measures; j++)
    review_measure_reasons(r, &o->measures[j], &oe->m[j]);
  review_overdue_reasons(r, o, oe);
  review_review_reason(r, o, oe);
  pdf_space(d, 6.0f);
}

/* Section: rated objectives that are red or amber, red first. */
static void review_attention(ReviewDoc *r)
{
  review_section(r, tr(lang(r), "Objectives off track, at risk or overdue"), 90.0f);
  const Eval *ev = r->ev;
  int n = ev->by_rag[RAG_RED] + ev->by_rag[RAG_AMBER];
  if (n == 0) {
    review_none(r);
    return;
  }
  Buf b;
  buf_init(&b);
  buf_printf(&b,
             trn(lang(r), "%d rated objective is red or amber, red first, each with what makes it so: which measure, "
                          "its latest value against the plan and the target, overdue actions and reviews.",
                 "%d rated objectives are red or amber, red first, each with what makes it so: which measure, its "
                 "latest value against the plan and the target, overdue actions and reviews.", n),
             n);
  review_lead(r, b.s);
  buf_release(&b);
  for (int k = 0; k < r->pack->n_objectives && pdf_ok(&r->d); k++)
    if (review_rank(r, r->order[k]) < 2)
      review_attention_one(r, r->order[k]);
}

//
// Forecast misses, overdue actions, stale measures
//

/* Section: measures whose trend does not reach the target by the due date. */
static void review_forecasts(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  review_section(r, tr(lang(r), "Forecast misses"), 100.0f);
  if (r->ev->forecast_misses == 0) {
    review_none(r);
    return;
  }
  review_lead(r, tr(lang(r), "Measures not yet off track or overdue whose trend (the least-squares line through "
                             "their values since the baseline) does not meet the target by the due date."));
  const float w[] = {-r->id_w, 1, -56, -62, -56, -50, -56};
  static const char *const heads[] = {N_("Objective"), N_("Measure"), N_("Status"), N_("Latest"), N_("Projected"), N_("Target"), N_("Due")};
  PdfTable t;
  pdf_table_init(d, &t, 7, w, NULL);
  t.caption = tr(lang(r), "Forecast misses");
  review_heads(r, &t, heads);
  PdfStyle c = pdf_st_cell(), sm = review_st_small(), b = pdf_st_bold();
  char v[48], s[11];
  for (int i = 0; i < p->n_objectives; i++)  // numbers are never broken across lines
    for (int j = 0; j < p->objectives[i]->n_measures && r->ev->obj[i].rated; j++) {
      const Measure *m = &p->objectives[i]->measures[j];
      const MeasureEval *me = &r->ev->obj[i].m[j];
      if (!me->forecast_miss)
        continue;
      if (me->has_latest)
        pdf_table_fit(d, &t, 3, &c, pdf_fmt_value(d, me->latest, m, v));
      pdf_table_fit(d, &t, 4, &b, review_projection(r, me->forecast, m, v));
      if (m->target.valid)
        pdf_table_fit(d, &t, 5, &c, pdf_fmt_value(d, m->target.v, m, v));
    }
  for (int k = 0; k < p->n_objectives; k++) {
    int i = r->order[k];
    const Objective *o = p->objectives[i];
    const ObjEval *oe = &r->ev->obj[i];
    for (int j = 0; j < o->n_measures && oe->rated; j++) {
      const Measure *m = &o->measures[j];
      const MeasureEval *me = &oe->m[j];
      if (!me->forecast_miss)
        continue;
      review_cell_objective(r, &t, 0, o);
      review_cell_measure(r, &t, 1, m);
      PdfStyle st = c;
      st.color = review_rag_ink(review_mstatus_rag(me->status));
      pdf_table_puts(d, &t, 2, &st, pdf_mstatus_word(lang(r), me->status));
      pdf_table_puts(d, &t, 3, &c, me->has_latest ? pdf_fmt_value(d, me->latest, m, v) : "\xE2\x80\x94");
      if (me->has_latest)
        pdf_text_printf(d, pdf_table_cell(&t, 3), &sm, "\n%s", pdf_fmt_date(me->latest_date, s));
      pdf_table_puts(d, &t, 4, &b, review_projection(r, me->forecast, m, v));
      if (me->forecast_clamped)
        pdf_text_printf(d, pdf_table_cell(&t, 4), &sm, "\n%s", tr(lang(r), "clamped"));
      review_cell(r, &t, 5, m->target.valid ? pdf_fmt_value(d, m->target.v, m, v) : NULL);
      review_cell_date(r, &t, 6, m->due_eff);
      pdf_table_row(d, &t);
    }
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

/* Section: actions past their due, neither done nor cancelled, most overdue first. */
static void review_overdue_actions(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  review_section(r, tr(lang(r), "Overdue actions"), 60.0f);
  if (r->ev->overdue_actions == 0) {
    review_none(r);
    return;
  }
  ReviewItem *items = xmalloc((size_t)r->ev->overdue_actions * sizeof *items);
  int n = 0;
  for (int k = 0; k < p->n_objectives; k++) {
    const Objective *o = p->objectives[r->order[k]];
    const ObjEval *oe = &r->ev->obj[r->order[k]];
    for (int j = 0; j < o->n_actions && oe->rated && n < r->ev->overdue_actions; j++)
      if (oe->a[j].overdue)
        items[n++] = (ReviewItem){review_days(dv(o->actions[j].due), r->ev->as_of), k, j};
  }
  qsort(items, (size_t)n, sizeof *items, review_item_cmp);
  const float w[] = {-r->id_w, 62, 34, -56, -46, -70};
  static const PdfAlign al[] = {AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_RIGHT, AL_LEFT};
  static const char *const heads[] = {N_("Objective"), N_("Action"), N_("Owner"), N_("Due"), N_("Days overdue"), N_("Latest status")};
  PdfTable t;
  pdf_table_init(d, &t, 6, w, al);
  t.caption = tr(lang(r), "Overdue actions");
  review_heads(r, &t, heads);
  PdfStyle b = pdf_st_bold(), c = pdf_st_cell(), red = b;
  red.color = PDF_RED;
  for (int k = 0; k < n; k++) {
    const Objective *o = p->objectives[r->order[items[k].obj]];
    const Action *a = &o->actions[items[k].item];
    const ActionEval *ae = &r->ev->obj[o->index].a[items[k].item];
    char days[16];
    review_cell_objective(r, &t, 0, o);
    pdf_table_puts(d, &t, 1, &b, a->id.s ? a->id.s : "?");
    pdf_table_puts(d, &t, 1, &c, " ");
    pdf_table_puts(d, &t, 1, &c, a->action.s ? a->action.s : tr(lang(r), "(not described)"));
    kit_cell_owner(d, &t, 2, a);
    review_cell_date(r, &t, 3, dv(a->due));
    snprintf(days, sizeof days, "%ld", items[k].key);
    pdf_table_puts(d, &t, 4, &red, days);
    kit_cell_update(d, &t, 5, ae);
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  free(items);
  PdfStyle note = pdf_style(PF_OBLIQUE, PDF_TINY, PDF_MUTED);
  pdf_space(d, 3.0f);
  char s[11];
  Buf m;
  buf_init(&m);
  buf_printf(&m, tr(lang(r), "Days overdue: from the action's due date to the evaluation date, %s."), pdf_fmt_date(r->ev->as_of, s));
  review_para(r, &note, m.s);
  buf_release(&m);
}

/* Section: measures whose latest value is older than their frequency allows. */
static void review_stale(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  review_section(r, tr(lang(r), "Stale measures"), 60.0f);
  if (r->ev->stale_measures == 0) {
    review_none(r);
    return;
  }
  ReviewItem *items = xmalloc((size_t)r->ev->stale_measures * sizeof *items);
  int n = 0;
  for (int k = 0; k < p->n_objectives; k++) {
    const Objective *o = p->objectives[r->order[k]];
    const ObjEval *oe = &r->ev->obj[r->order[k]];
    for (int j = 0; j < o->n_measures && oe->rated && n < r->ev->stale_measures; j++) {
      if (!oe->m[j].stale)
        continue;
      int over = review_days(oe->m[j].latest_date, r->ev->as_of) - freq_days(o->measures[j].frequency.v) -
                 p->stale_grace_days;
      items[n++] = (ReviewItem){over, k, j};
    }
  }
  qsort(items, (size_t)n, sizeof *items, review_item_cmp);
  const float w[] = {-r->id_w, 1, -56, -56, -48, -92};
  static const PdfAlign al[] = {AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_RIGHT, AL_LEFT};
  static const char *const heads[] = {N_("Objective"), N_("Measure"), N_("Latest value"), N_("Latest date"),
                                      N_("Days since"), N_("Allowed days")};
  PdfTable t;
  pdf_table_init(d, &t, 6, w, al);
  t.caption = tr(lang(r), "Stale measures");
  review_heads(r, &t, heads);
  PdfStyle c = pdf_st_cell(), sm = review_st_small(), amber = pdf_st_bold();
  for (int k = 0; k < n; k++) {  // numbers are never broken across lines
    const Objective *o = p->objectives[r->order[items[k].obj]];
    char v[48];
    pdf_table_fit(d, &t, 2, &c, pdf_fmt_value(d, r->ev->obj[o->index].m[items[k].item].latest,
                                               &o->measures[items[k].item], v));
  }
  amber.color = PDF_AMBER_TEXT;
  for (int k = 0; k < n; k++) {
    const Objective *o = p->objectives[r->order[items[k].obj]];
    const Measure *m = &o->measures[items[k].item];
    const MeasureEval *me = &r->ev->obj[o->index].m[items[k].item];
    char v[48], s[16];
    review_cell_objective(r, &t, 0, o);
    review_cell_measure(r, &t, 1, m);
    pdf_table_puts(d, &t, 2, &c, pdf_fmt_value(d, me->latest, m, v));
    review_cell_date(r, &t, 3, me->latest_date);
    snprintf(s, sizeof s, "%d", review_days(me->latest_date, r->ev->as_of));
    pdf_table_puts(d, &t, 4, &amber, s);
    int freq = freq_days(m->frequency.v);
    pdf_text_printf(d, pdf_table_cell(&t, 5), &c, "%d", freq + p->stale_grace_days);
    pdf_text_printf(d, pdf_table_cell(&t, 5), &sm, tr(lang(r), "\n%s %d + grace %d"),
                    enum_label(lang(r), VF_FREQUENCY, m->frequency.v), freq,
                    p->stale_grace_days);
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  free(items);
}

//
// Risks without an objective
//

/* Section: open risks at or above the threshold, treated by modification, with no objective. */
static void review_risks(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  review_section(r, tr(lang(r), "Risks without an objective"), 100.0f);
  if (r->ev->uncovered_risks == 0) {
    review_none(r);
    return;
  }
  Buf b;
  buf_init(&b);
  buf_printf(&b,
             tr(lang(r), "A cross-check of risk treatment (ISO/IEC 27001 6.1.3) with the objectives (6.2 c), not a "
                         "clause 6.2 requirement of its own: open risks rated %s or above, to be treated by "
                         "modification, that no active or achieved objective addresses (rule 6.2c-coverage), highest "
                         "level first."),
             enum_label(lang(r), VF_RISK_LEVEL, p->risk_coverage.v));
  review_lead(r, b.s);
  buf_release(&b);
  ReviewItem *items = xmalloc((size_t)r->ev->uncovered_risks * sizeof *items);
  int n = 0;
  for (int i = 0; i < p->n_risks && n < r->ev->uncovered_risks; i++)
    if (r->ev->risk_uncovered[i])
      items[n++] = (ReviewItem){p->risks[i].level, 0, i};
  qsort(items, (size_t)n, sizeof *items, review_item_cmp);
  const float w[] = {-56, 66, -56, 34};
  static const char *const heads[] = {N_("Risk"), N_("Title"), N_("Risk level"), N_("Owner")};
  PdfTable t;
  pdf_table_init(d, &t, 4, w, NULL);
  t.caption = tr(lang(r), "Risks without an objective");
  review_heads(r, &t, heads);
  PdfStyle bold = pdf_st_bold(), lvl = pdf_st_bold();
  lvl.color = PDF_RED;
  for (int k = 0; k < n; k++) {
    const Risk *k_risk = &p->risks[items[k].item];
    pdf_table_puts(d, &t, 0, &bold, k_risk->id);
    review_cell(r, &t, 1, k_risk->title);
    pdf_table_puts(d, &t, 2, &lvl, enum_label(lang(r), VF_RISK_LEVEL, k_risk->level));
    review_cell(r, &t, 3, k_risk->owner);
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  free(items);
}

//
// Changes since the earlier pack (--since): the change record, as change.c made it
//

/* An objective status name of the earlier pack in the document's language. */
static const char *review_status_label(ReviewDoc *r, const char *name)
{
  int v = enum_lookup(status_names, status_vals, name);
  return v ? enum_label(lang(r), VF_STATUS, v) : name;
}

/* One row of the added and removed objectives. */
static void review_added_row(ReviewDoc *r, PdfTable *t, bool added, const char *id, const char *title,
                             const char *status)
{
  PdfStyle b = pdf_st_bold(), c = pdf_st_cell(), ch = pdf_st_bold();
  ch.color = added ? PDF_GREEN : PDF_RED;
  pdf_table_puts(&r->d, t, 0, &ch, added ? tr(lang(r), "added") : tr(lang(r), "removed"));
  pdf_table_puts(&r->d, t, 1, &b, id);
  review_cell(r, t, 2, title);
  pdf_table_puts(&r->d, t, 3, &c, status);
  pdf_table_row(&r->d, t);
}

/* The objectives this pack has and the earlier one had not, then those it no longer has. */
static void review_added_removed(ReviewDoc *r, const ChangeRecord *cr)
{
  PdfDoc *d = &r->d;
  review_heading(r, 2, tr(lang(r), "Objectives added and removed"), 30.0f);
  const float w[] = {-50, -r->id_w, 1, -56};
  static const char *const heads[] = {N_("Change"), N_("ID"), N_("Objective"), N_("Status")};
  PdfTable t;
  pdf_table_init(d, &t, 4, w, NULL);
  t.caption = tr(lang(r), "Objectives added and removed");
  review_heads(r, &t, heads);
  for (int i = 0; i < cr->n; i++) {
    const Change *c = &cr->v[i];
    if (c->field != CF_OBJECTIVE)
      continue;
    if (c->obj >= 0)
      review_added_row(r, &t, true, c->objective, c->after,
                       enum_label(lang(r), VF_STATUS, r->pack->objectives[c->obj]->status.v));
    else
      review_added_row(r, &t, false, c->objective, c->before, c->was ? review_status_label(r, c->was->status) : "");
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  if (cr->n_added + cr->n_removed == 0)
    review_none(r);
}

/* A change "before → now" into a cell, bold when the two differ. */
static void review_cell_change(ReviewDoc *r, PdfTable *t, int col, const char *before, const char *now, PdfRgb ink)
{
  PdfStyle c = pdf_st_cell(), b = pdf_st_bold();
  b.color = ink;
  if (strcmp(before, now) == 0) {
    pdf_table_puts(&r->d, t, col, &c, now);
    return;
  }
  PdfStyle m = pdf_st_muted();
  pdf_table_puts(&r->d, t, col, &m, before);
  pdf_table_puts(&r->d, t, col, &c, " \xE2\x86\x92 ");
  pdf_table_puts(&r->d, t, col, &b, now);
}

/* The RAG as the table prints it: the word, or "not rated". */
static const char *review_rag_label(ReviewDoc *r, const char *name)
{
  Rag k = strcmp(name, "green") == 0 ? RAG_GREEN : strcmp(name, "amber") == 0 ? RAG_AMBER
          : strcmp(name, "red") == 0 ? RAG_RED : RAG_NONE;
  return pdf_rag_word(lang(r), k);
}

/* Status, RAG and progress of the objectives in both packs that changed, red first. */
static void review_changed_objectives(ReviewDoc *r, const ChangeRecord *cr)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  review_heading(r, 2, tr(lang(r), "Status, RAG and progress"), 30.0f);
  const float w[] = {-r->id_w, 1, -94, -100, -72, -46};
  static const char *const heads[] = {N_("ID"), N_("Objective"), N_("Status"), N_("RAG"), N_("Progress"), N_("Change")};
  static const PdfAlign al[] = {AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_RIGHT};
  PdfTable t;
  pdf_table_init(d, &t, 6, w, al);
  t.caption = tr(lang(r), "Status, RAG and progress");
  review_heads(r, &t, heads);
  const ObjDelta **by_obj = xcalloc((size_t)(p->n_objectives ? p->n_objectives : 1), sizeof *by_obj);
  for (int i = 0; i < cr->n_od; i++)
    by_obj[cr->od[i].obj] = &cr->od[i];
  for (int k = 0; k < p->n_objectives; k++) {
    int i = r->order[k];
    const ObjDelta *x = by_obj[i];
    if (!x)
      continue;
    const Objective *o = p->objectives[i];
    const ObjEval *oe = &r->ev->obj[i];
    bool has_now = oe->rated && oe->has_progress;
    char before[24] = "\xE2\x80\x94", now[24] = "\xE2\x80\x94", pt[32];
    if (x->has_before)
      pdf_fmt_percent(d, x->before, before);
    if (has_now)
      pdf_fmt_percent(d, oe->progress, now);
    PdfStyle b = pdf_st_bold();
    pdf_table_puts(d, &t, 0, &b, o->id.s);
    review_cell(r, &t, 1, o->title.s);
    review_cell_change(r, &t, 2, review_status_label(r, x->status_before), enum_label(lang(r), VF_STATUS, o->status.v),
                       PDF_INK);
    review_cell_change(r, &t, 3, review_rag_label(r, x->rag_before), review_rag_label(r, oe->rated ? rag_name(oe->rag) : ""),
                       review_rag_ink(oe->rated ? oe->rag : RAG_NONE));
    review_cell_change(r, &t, 4, before, now, PDF_INK);
    PdfStyle ch = pdf_st_bold();
    ch.color = x->points > 0 ? PDF_GREEN : x->points < 0 ? PDF_RED : PDF_MUTED;
    pdf_table_puts(d, &t, 5, &ch, has_now && x->has_before ? review_points(r, x->points, pt) : "\xE2\x80\x94");
    pdf_table_row(d, &t);
  }
  free(by_obj);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  if (cr->n_od == 0)
    review_none(r);
}

/* The commit that made a change: "a1b2c3d Alice Example, 2026-11-20". */
static void review_cell_commit(ReviewDoc *r, PdfTable *t, int col, const ChangeCommit *k, bool ref_side)
{
  PdfStyle b = pdf_st_bold(), sm = review_st_small();
  char s[11];
  if (!k) {  // in the work tree only, or made in REF's own history
    PdfStyle m = pdf_st_muted();
    pdf_table_puts(&r->d, t, col, &m, ref_side ? tr(lang(r), "not in HEAD's history") : tr(lang(r), "not committed"));
    return;
  }
  pdf_table_puts(&r->d, t, col, &b, k->id);
  pdf_text_printf(&r->d, pdf_table_cell(t, col), &sm, " %s, %s", k->author, pdf_fmt_date(k->date, s));
}

/* The definitions that changed: titles, owners, due dates, measures, targets, actions, links. */
static void review_definitions(ReviewDoc *r, const ChangeRecord *cr)
{
  PdfDoc *d = &r->d;
  review_heading(r, 2, tr(lang(r), "Definitions changed"), 30.0f);
  if (!cr->defs) {
    PdfStyle m = pdf_style(PF_OBLIQUE, PDF_BODY, PDF_MUTED);
    review_para(r, &m, tr(lang(r), "Not available: the earlier pack's evaluation.csv holds no definitions (written "
                                   "by objreg 1.0)."));
    return;
  }
  int nc = cr->git ? 4 : 3;
  const float w[] = {-r->id_w, -54, 1, -150};
  static const char *const heads[] = {N_("ID"), N_("Item"), N_("Change"), N_("Commit")};
  PdfTable t;
  pdf_table_init(d, &t, nc, w, NULL);
  t.caption = tr(lang(r), "Definitions changed");
  review_heads(r, &t, heads);
  Buf text;
  buf_init(&text);
  PdfStyle b = pdf_st_bold(), c = pdf_st_cell(), flag = pdf_st_bold();
  flag.color = PDF_RED;
  for (int i = 0; i < cr->n; i++) {
    const Change *x = &cr->v[i];
    if (!change_is_definition(x->field))
      continue;
    PdfStyle mute = pdf_st_muted();
    pdf_table_puts(d, &t, 0, &b, x->objective);
    pdf_table_puts(d, &t, 1, x->item ? &c : &mute, x->item ? x->item : "\xE2\x80\x94");
    pdf_table_puts(d, &t, 2, &c, change_text(lang(r), x, &text));
    if (x->retargeted)
      pdf_table_puts(d, &t, 2, &flag, tr(lang(r), " re-targeted"));
    if (cr->git)
      review_cell_commit(r, &t, 3, x->commit, x->ref_side);
    pdf_table_row(d, &t);
  }
  buf_release(&text);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  if (cr->n_defs == 0)
    review_none(r);
}

/* A latest value and its date into a cell, or "no data". */
static void review_cell_latest(ReviewDoc *r, PdfTable *t, int col, const Measure *m, bool has, double v, Date on)
{
  char s[48], dt[11];
  if (!has) {
    PdfStyle mute = pdf_st_muted();
    pdf_table_puts(&r->d, t, col, &mute, tr(lang(r), "no data"));
    return;
  }
  PdfStyle c = pdf_st_cell(), sm = review_st_small();
  pdf_table_puts(&r->d, t, col, &c, pdf_fmt_value(&r->d, v, m, s));
  pdf_text_printf(&r->d, pdf_table_cell(t, col), &sm, tr(lang(r), " on %s"), pdf_fmt_date(on, dt));
}

/* A measure status name as words ("off-track" -> "off track", in the
 * document's language when it is one objreg writes), cut to 63 bytes. */
static void review_status_words(ReviewDoc *r, const char *name, char out[64])
{
  for (int s = MS_ACHIEVED; s <= MS_NO_PLAN; s++)
    if (strcmp(name, mstatus_name((MeasureStatus)s)) == 0) {
      snprintf(out, 64, "%s", pdf_mstatus_word(lang(r), (MeasureStatus)s));
      return;
    }
  snprintf(out, 64, "%s", name);
  for (char *c = out; *c; c++)
    if (*c == '-')
      *c = ' ';
}

/* Measures in both packs whose latest value or its date moved, red first. */
static void review_moved_measures(ReviewDoc *r, const ChangeRecord *cr)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  review_heading(r, 2, tr(lang(r), "Measures whose latest value moved"), 30.0f);
  const float w[] = {-r->id_w, 1, -100, -100, -96};
  static const char *const heads[] = {N_("Objective"), N_("Measure"), N_("Before"), N_("Now"), N_("Status")};
  PdfTable t;
  pdf_table_init(d, &t, 5, w, NULL);
  t.caption = tr(lang(r), "Measures whose latest value moved");
  review_heads(r, &t, heads);
  int *first = xmalloc((size_t)(p->n_objectives ? p->n_objectives : 1) * sizeof *first);
  for (int i = 0; i < p->n_objectives; i++)
    first[i] = -1;
  for (int i = cr->n - 1; i >= 0; i--)
    if (cr->v[i].field == CF_LATEST)
      first[cr->v[i].obj] = i;
  int shown = 0;
  for (int k = 0; k < p->n_objectives; k++) {
    int oi = r->order[k];
    const Objective *o = p->objectives[oi];
    for (int i = first[oi]; i >= 0 && i < cr->n && cr->v[i].obj == oi; i++) {
      const Change *x = &cr->v[i];
      if (x->field != CF_LATEST)
        continue;
      const Measure *m = &o->measures[x->measure];
      const MeasureEval *me = &r->ev->obj[oi].m[x->measure];
      char was[64], now[64];
      review_cell_objective(r, &t, 0, o);
      review_cell_measure(r, &t, 1, m);
      review_cell_latest(r, &t, 2, m, x->was->has_latest, x->was->latest, x->was->latest_date);
      review_cell_latest(r, &t, 3, m, me->has_latest, me->latest, me->latest_date);
      review_status_words(r, x->was->status, was);
      review_status_words(r, mstatus_name(me->status), now);
      review_cell_change(r, &t, 4, was, now, review_rag_ink(review_mstatus_rag(me->status)));
      pdf_table_row(d, &t);
      shown++;
    }
  }
  free(first);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  if (shown == 0)
    review_none(r);
}

/* Section: what changed since the earlier pack given with --since. */
static void review_changes(ReviewDoc *r)
{
  const ChangeRecord *cr = r->bi->changes;
  if (!cr)
    return;
  char s[11];
  Buf title;
  buf_init(&title);
  pdf_fmt_date(cr->as_of, s);
  if (cr->git)
    buf_printf(&title, tr(lang(r), "Changes since %s"), cr->since);
  else
    buf_printf(&title, tr(lang(r), "Changes since %s"), s);
  review_section(r, title.s, 90.0f);
  Buf lead;
  buf_init(&lead);
  if (cr->git)
    buf_printf(&lead, tr(lang(r), "Compared with the pack at %s (commit %s) of the pack's Git repository, evaluated as of %s: "),
               cr->since, cr->commit, s);
  else
    buf_printf(&lead, tr(lang(r), "Compared with the evaluation of the earlier evidence pack as of %s (its evaluation.csv): "), s);
  buf_printf(&lead,
             tr(lang(r), "objectives added and removed, changes of status, RAG and progress (in percentage points), "
                         "definitions changed (a measure whose target, baseline, direction or unit moved is "
                         "re-targeted)%s, and measures with a new latest value."),
             cr->git ? tr(lang(r), ", each with the last commit that made it") : "");
  review_lead(r, lead.s);
  buf_release(&lead);
  review_added_removed(r, cr);
  review_changed_objectives(r, cr);
  if (cr->n_same) {
    PdfStyle m = pdf_style(PF_OBLIQUE, PDF_SMALL, PDF_MUTED);
    Buf b;
    buf_init(&b);
    buf_printf(&b,
               trn(lang(r), "%d objective shows no change of status, RAG or progress.",
                   "%d objectives show no change of status, RAG or progress.", cr->n_same),
               cr->n_same);
    pdf_space(&r->d, 2.0f);
    review_para(r, &m, b.s);
    buf_release(&b);
  }
  review_definitions(r, cr);
  review_moved_measures(r, cr);
  buf_release(&title);
}

//
// Findings by rule
//

/* Section: the findings counted by rule and severity, with the rule's clause wording. */
static void review_findings(ReviewDoc *r)
{
  PdfDoc *d = &r->d;
  const Pack *p = r->pack;
  review_section(r, tr(lang(r), "Check findings by rule"), 100.0f);
  if (p->diags.len == 0) {
    review_none(r);
    return;
  }

  Buf b;
  buf_init(&b);
  kit_findings_count(&b, lang(r), r->as_of, &p->diags);
  buf_puts(&b, tr(lang(r), " The register lists each check finding with its position; findings.json and "
                           "findings.sarif hold them for tools."));
  review_lead(r, b.s);
  buf_release(&b);
  ReviewItem *items = xcalloc(N_RULES, sizeof *items);
  int *errors = xcalloc(N_RULES, sizeof *errors), *warnings = xcalloc(N_RULES, sizeof *warnings);
  for (int i = 0; i < p->diags.len; i++) {
    RuleId k = p->diags.v[i].rule;
    errors[k] += p->diags.v[i].sev == SEV_ERROR;
    warnings[k] += p->diags.v[i].sev == SEV_WARNING;
  }
  int n = 0;
  for (int k = 0; k < N_RULES; k++)
    if (errors[k] + warnings[k])
      items[n++] = (ReviewItem){(long)errors[k] * 1000000L + warnings[k], k, k};
  qsort(items, (size_t)n, sizeof *items, review_item_cmp);
  const float w[] = {-74, 1, -46, -52};
  static const PdfAlign al[] = {AL_LEFT, AL_LEFT, AL_RIGHT, AL_RIGHT};
  static const char *const heads[] = {N_("Rule"), N_("Requirement on the objective"), N_("Errors"), N_("Warnings")};
  PdfTable t;
  pdf_table_init(d, &t, 4, w, al);
  t.caption = tr(lang(r), "Check findings by rule");
  review_heads(r, &t, heads);
  PdfStyle id = pdf_st_bold(), c = pdf_st_cell(), m = pdf_st_muted();
  PdfStyle er = pdf_st_bold(), wa = pdf_st_bold();
  er.color = PDF_RED;
  wa.color = PDF_AMBER_TEXT;
  for (int i = 0; i < n; i++) {
    int k = items[i].item;
    char s[16];
    pdf_table_puts(d, &t, 0, &id, rules[k].id);
    const RuleHelp *h = rule_help_for(k);  // worded as a requirement on the objective, as in the SARIF
    pdf_table_puts(d, &t, 1, &c, h ? tr(lang(r), h->requirement) : rules[k].clause);
    snprintf(s, sizeof s, "%d", errors[k]);
    pdf_table_puts(d, &t, 2, errors[k] ? &er : &m, s);
    snprintf(s, sizeof s, "%d", warnings[k]);
    pdf_table_puts(d, &t, 3, warnings[k] ? &wa : &m, s);
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  free(items);
  free(errors);
  free(warnings);
}

//
// The document
//

/* The whole document; false when libharu failed on the way. */
static bool review_layout(void *ctx)
{
  ReviewDoc *r = ctx;
  PdfDoc *d = &r->d;
  review_sort_objectives(r);
  kit_info(d, r->pack, review_title(r->pack, r->meeting),
           r->meeting ? tr(lang(r), "Record of the management review (ISO/IEC 27001:2022 clause 9.3) with decisions and "
                                    "sign-off: fulfilment of the information security objectives")
                      : tr(lang(r), "Input to the management review (ISO/IEC 27001:2022 clause 9.3): fulfilment of the "
                                    "information security objectives"),
           tr(lang(r), "clause 9.3; management review; information security objectives"), r->as_of, r->bi->created);
  r->id_w = kit_id_width(d, r->pack, PDF_SMALL);
  pdf_new_page(d);
  review_cover(r);
  review_control(r);
  review_intro(r);
  review_by_rag(r);
  review_previous_decisions(d, r->pack, r->ev);
  review_attention(r);
  review_forecasts(r);
  review_overdue_actions(r);
  review_stale(r);
  review_risks(r);
  review_changes(r);
  review_findings(r);
  review_this_review(d, r->pack, r->ev);
  return pdf_ok(d);
}

/* Write the review to path; 0, or -1 after "objreg: error: cannot write 'NAME': REASON". */
int pdf_review_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path)
{
  ReviewDoc r = {.pack = pack, .ev = ev, .bi = bi};
  r.meeting = ev->current_meeting >= 0 ? pack->meetings[ev->current_meeting] : NULL;
  date_format(bi->as_of, r.as_of);
  pdf_text_init(&r.t);
  PdfSettings set = kit_settings(pack, bi, review_title(pack, r.meeting), r.as_of, path);
  int rc = kit_write(&r.d, &set, review_layout, &r);
  pdf_text_release(&r.t);
  free(r.order);
  return rc;
}
