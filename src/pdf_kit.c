/*
 * pdf_kit.c - the document kit: what the register (pdf_register.c) and the
 * review (pdf_review.c) are both made of, over the layout (pdf_layout.c)
 * and its tables (pdf_table.c).  Headings, paragraphs and notes from plain
 * strings; the cells every table has (text or "not given", dates, RAG
 * swatches, progress bars); values as the documents print them; the width
 * of an ID column; the document information, and opening, laying out and
 * saving a document with one error message.  Each document file holds only
 * its own sections.
 *
 * The words the documents print for missing and unrated values, RAG and
 * measure statuses are the msgids in pdf_words, printed through tr() in the
 * document's language (i18n.c), as is every other fixed text here.
 */
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const PdfWords words_en = {
  .not_given = N_("not given"),
  .not_rated = N_("not rated"),
  .none = N_("None."),
  .rag = {N_("not rated"), N_("Green"), N_("Amber"), N_("Red")},
  .mstatus = {"", N_("achieved"), N_("overdue"), N_("no data"), N_("on track"), N_("at risk"), N_("off track"), N_("no plan")},
};
const PdfWords *const pdf_words = &words_en;

const char *pdf_rag_word(Language lang, Rag r)
{
  return tr(lang, pdf_words->rag[r]);
}

const char *pdf_mstatus_word(Language lang, MeasureStatus s)
{
  return *pdf_words->mstatus[s] ? tr(lang, pdf_words->mstatus[s]) : "";
}

const char *pdf_register_title(const Pack *p)
{
  return p->doc_title.s ? p->doc_title.s : tr(p->language, "Information Security Objectives Register");
}

//
// Headings, paragraphs, notes
//

int kit_heading(PdfDoc *d, int level, const char *s, float keep)
{
  PdfStyle st = pdf_heading_style(level);
  pdf_text_reset(&d->kit);
  pdf_text_puts(d, &d->kit, &st, s);
  pdf_need(d, pdf_flow_height(d, &d->kit) + 32.0f + keep);  // more than pdf_heading needs
  int a = pdf_anchor(d);
  pdf_heading(d, level, &d->kit, keep);
  return a;
}

void kit_para(PdfDoc *d, const PdfStyle *st, const char *s)
{
  pdf_text_reset(&d->kit);
  pdf_text_puts(d, &d->kit, st, s);
  pdf_flow(d, &d->kit, AL_LEFT);
  pdf_space(d, 5.0f);
}

void kit_note(PdfDoc *d, const char *s)
{
  PdfStyle st = pdf_style(PF_OBLIQUE, PDF_BODY, PDF_MUTED);
  kit_para(d, &st, s);
}

void kit_findings_count(Buf *b, Language lang, const char *as_of, const DiagList *dl)
{
  buf_printf(b,
             trn(lang, "The check of the pack as of %s gave %d check finding: ",
                 "The check of the pack as of %s gave %d check findings: ", dl->len),
             as_of, dl->len);
  buf_printf(b, trn(lang, "%d error", "%d errors", dl->n_error), dl->n_error);
  buf_printf(b, trn(lang, " and %d warning.", " and %d warnings.", dl->n_warning), dl->n_warning);
}

const char *kit_status_count(Language lang, ObjStatus s, int n, char out[96])
{
  switch (s) {
  case ST_ACTIVE: snprintf(out, 96, trn(lang, "%d active", "%d active", n), n); break;
  case ST_DRAFT: snprintf(out, 96, trn(lang, "%d draft", "%d draft", n), n); break;
  case ST_ACHIEVED: snprintf(out, 96, trn(lang, "%d achieved", "%d achieved", n), n); break;
  case ST_CLOSED: snprintf(out, 96, trn(lang, "%d closed", "%d closed", n), n); break;
  case ST_WITHDRAWN: snprintf(out, 96, trn(lang, "%d withdrawn", "%d withdrawn", n), n); break;
  default: snprintf(out, 96, "%d", n); break;
  }
  return out;
}

void kit_cover_line(PdfDoc *d, const Pack *p, const BuildInfo *bi, const char *as_of, float size, float gap)
{
  PdfStyle meta = pdf_style(PF_REGULAR, size, PDF_INK), metab = pdf_style(PF_BOLD, size, PDF_INK);
  PdfText *t = &d->kit;
  pdf_text_reset(t);
  pdf_text_puts(d, t, &metab, pack_doc_id(p).s);
  if (p->doc_version.s)
    pdf_text_printf(d, t, &meta, tr(d->set.lang, "   \xC2\xB7   Version %s"), p->doc_version.s);
  if (p->doc_classification.s) {
    pdf_text_puts(d, t, &meta, "   \xC2\xB7   ");
    pdf_text_puts(d, t, &metab, p->doc_classification.s);
  }
  pdf_text_printf(d, t, &meta, tr(d->set.lang, "   \xC2\xB7   As of %s"), as_of);
  pdf_flow(d, t, AL_LEFT);
  if (bi && bi->issue)
    kit_cover_issue(d, bi, size - 1.0f);
  pdf_space(d, gap);
}

void kit_cover(PdfDoc *d, const Pack *p, const BuildInfo *bi, const char *as_of, const KitCover *c,
               const char *title, const char *subtitle)
{
  PdfText *t = &d->kit;
  pdf_space(d, c->top);
  if (p->organisation) {
    PdfStyle org = pdf_style(PF_REGULAR, c->org, PDF_MUTED);
    pdf_text_reset(t);
    pdf_text_puts(d, t, &org, p->organisation);
    pdf_flow(d, t, AL_LEFT);
    pdf_space(d, c->org_gap);
  }
  PdfStyle big = pdf_style(PF_BOLD, c->title, PDF_ACCENT), sub = pdf_style(PF_REGULAR, c->sub, PDF_INK);
  pdf_text_reset(t);
  pdf_text_puts(d, t, &big, title);
  pdf_flow(d, t, AL_LEFT);
  pdf_space(d, c->title_gap);
  pdf_text_reset(t);
  pdf_text_puts(d, t, &sub, subtitle);
  pdf_flow(d, t, AL_LEFT);
  for (int k = 0; k < 2; k++)
    if (c->sub_gap[k] > 0.0f)
      pdf_space(d, c->sub_gap[k]);
  pdf_rule(d, 1.5f, PDF_ACCENT);
  pdf_space(d, c->rule_gap);
  kit_cover_line(d, p, bi, as_of, c->line, c->line_gap);
}

/* Which build this is: the issue identifier, and when and from what it was generated. */
void kit_cover_issue(PdfDoc *d, const BuildInfo *bi, float size)
{
  PdfStyle meta = pdf_style(PF_REGULAR, size, PDF_MUTED), metab = pdf_style(PF_BOLD, size, PDF_INK);
  PdfText *t = &d->kit;
  char when[24];
  pdf_space(d, 3.0f);
  pdf_text_reset(t);
  pdf_text_puts(d, t, &meta, tr(d->set.lang, "Issue"));
  pdf_text_puts(d, t, &meta, " ");
  pdf_text_puts(d, t, &metab, bi->issue);
  pdf_text_puts(d, t, &meta, "\n");
  if (bi->revision)
    pdf_text_printf(d, t, &meta, tr(d->set.lang, "Generated %s from %s"), time_utc(bi->created, when), bi->revision);
  else
    pdf_text_printf(d, t, &meta, tr(d->set.lang, "Generated %s; source revision not given"), time_utc(bi->created, when));
  pdf_flow(d, t, AL_LEFT);
}

//
// Cells
//

void kit_cell(PdfDoc *d, PdfTable *t, int col, const PdfStyle *st, const char *s)
{
  PdfStyle c = pdf_st_cell(), m = pdf_st_muted();
  pdf_table_puts(d, t, col, s && *s ? (st ? st : &c) : &m, s && *s ? s : tr(d->set.lang, pdf_words->not_given));
}

void kit_cell_date(PdfDoc *d, PdfTable *t, int col, Date date)
{
  char s[11];
  kit_cell(d, t, col, NULL, pdf_fmt_date(date, s));
}

void kit_cell_rag(PdfDoc *d, PdfTable *t, int col, bool rated, Rag rag)
{
  if (!rated) {
    PdfStyle m = pdf_st_muted();
    pdf_table_puts(d, t, col, &m, tr(d->set.lang, pdf_words->not_rated));
    return;
  }
  t->cell[col].kind = CELL_SWATCH;
  t->cell[col].mark = pdf_rag_rgb(rag);
  PdfStyle st = pdf_st_cell();
  pdf_table_puts(d, t, col, &st, pdf_rag_word(d->set.lang, rag));
}

void kit_cell_bar(PdfDoc *d, PdfTable *t, int col, double frac, PdfRgb c)
{
  char s[24];
  t->cell[col].kind = CELL_BAR;
  t->cell[col].frac = frac;
  t->cell[col].mark = c;
  PdfStyle st = pdf_st_cell();
  pdf_table_puts(d, t, col, &st, pdf_fmt_percent(d, frac, s));
}

void kit_cell_owner(PdfDoc *d, PdfTable *t, int col, const Action *a)
{
  PdfStyle small = pdf_style(PF_REGULAR, PDF_TINY, PDF_MUTED);
  kit_cell(d, t, col, NULL, a->owner_eff);
  if (a->owner_eff && !a->owner.s)
    pdf_text_printf(d, pdf_table_cell(t, col), &small, "\n%s", tr(d->set.lang, "(objective owner)"));
}

void kit_cell_update(PdfDoc *d, PdfTable *t, int col, const ActionEval *ae)
{
  PdfStyle c = pdf_st_cell(), small = pdf_style(PF_REGULAR, PDF_TINY, PDF_MUTED), mute = pdf_st_muted();
  char s[11];
  if (ae->latest) {
    pdf_table_puts(d, t, col, &c, enum_label(d->set.lang, VF_ACTION_STATUS, ae->latest->status));
    pdf_text_printf(d, pdf_table_cell(t, col), &small, "\n%s", pdf_fmt_date(ae->latest->date, s));
  } else {
    pdf_table_puts(d, t, col, &mute, tr(d->set.lang, "no update"));
  }
}

float kit_id_width(PdfDoc *d, const Pack *p, float size)
{
  PdfStyle b = pdf_style(PF_BOLD, size, PDF_INK);
  float w = 0;
  for (int i = 0; i < p->n_objectives; i++) {
    const char *id = p->objectives[i]->id.s;
    float x = id ? pdf_width(d, &b, id) : 0;
    w = x > w ? x : w;
  }
  w += 10.0f;
  return w < 40.0f ? 40.0f : w > 120.0f ? 120.0f : w;
}

/* With --draft: a red box that says the document is a draft (what: a sentence,
 * a msgid), with the pack's counts. */
void pdf_draft_box(PdfDoc *d, const char *what, int n_error, int n_warning, const char *as_of, float after)
{
  PdfTable t;
  float w[] = {100};
  pdf_table_init(d, &t, 1, w, NULL);
  t.tint = true;
  t.tint_color = PDF_RED_TINT;
  t.pad = 6.0f;
  PdfStyle red = pdf_style(PF_BOLD, 11.0f, PDF_RED), body = pdf_st_cell();
  PdfText *c = pdf_table_cell(&t, 0);
  Language l = d->set.lang;
  pdf_text_printf(d, c, &red, "%s\n", tr(l, "DRAFT \xE2\x80\x94 NOT A CONTROLLED COPY"));
  pdf_text_printf(d, c, &body, "%s ", tr(l, what));
  // "The pack has 1 error and 2 warnings as of DATE."
  pdf_text_printf(d, c, &body, trn(l, "The pack has %d error", "The pack has %d errors", n_error), n_error);
  pdf_text_printf(d, c, &body, trn(l, " and %d warning as of %s.", " and %d warnings as of %s.", n_warning),
                  n_warning, as_of);
  pdf_table_row(d, &t);
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  pdf_space(d, after);
}

//
// The document: information, settings, writing
//

void kit_info(PdfDoc *d, const Pack *p, const char *title, const char *subject, const char *keywords,
              const char *as_of, int64_t created)
{
  Buf b;
  buf_init(&b);
  pdf_info(d, HPDF_INFO_TITLE, title);
  pdf_info(d, HPDF_INFO_AUTHOR, p->doc_owner.s ? p->doc_owner.s : p->organisation);
  if (p->organisation)
    buf_printf(&b, tr(p->language, "%s of %s, as of %s"), subject, p->organisation, as_of);
  else
    buf_printf(&b, tr(p->language, "%s, as of %s"), subject, as_of);
  pdf_info(d, HPDF_INFO_SUBJECT, b.s);
  buf_reset(&b);
  buf_printf(&b, tr(p->language, "%s; ISO/IEC 27001; %s"), pack_doc_id(p).s, keywords);  // the language's list
  pdf_info(d, HPDF_INFO_KEYWORDS, b.s);
  pdf_info(d, HPDF_INFO_CREATOR, "objreg " OBJREG_VERSION);
  pdf_info_date(d, created);
  buf_release(&b);
}

PdfSettings kit_settings(const Pack *p, const BuildInfo *bi, const char *title, const char *as_of, const char *path)
{
  return (PdfSettings){PAPER_A4, pack_doc_id(p).s, title, p->doc_version.s, p->doc_classification.s, as_of,
                       bi->issue, bi->draft, bi->datadir, bi->threads, path, p->language};
}

int kit_write(PdfDoc *d, const PdfSettings *set, bool (*layout)(void *ctx), void *ctx)
{
  int rc = -1;
  if (pdf_open(d, set) == 0 && layout(ctx)) {
    pdf_finish(d);  // footers and links, once every page exists
    if (pdf_ok(d) && pdf_save(d, set->path) == 0)
      rc = 0;
  }
  if (rc != 0)
    fprintf(stderr, "objreg: error: cannot write '%s': %s\n", path_base(set->path), pdf_error(d));
  pdf_close(d);
  return rc;
}

//
// Values as text
//

/* A number as a plain decimal: up to 15 significant digits (every input is
 * shown as written: 0.0000004 is not 0), no exponent, no trailing zeros, no "-0". */
static const char *fmt_plain(double v, char out[48])
{
  if (!isfinite(v) || fabs(v) >= 1e15) {  // inputs stay below 10^15; a forecast may not
    snprintf(out, 48, isfinite(v) && fabs(v) < 1e40 ? "%.0f" : "%.6g", v);
    return out;
  }
  return num_text(v, out);
}

/* A number as the document's language prints it (1,234.5; 1.234,5; 1 234,5). */
const char *pdf_fmt_num(const PdfDoc *d, double v, char out[48])
{
  char c[48];
  return num_localise(d->set.lang, fmt_plain(v, c), out, 48);
}

/* A measure's value as pdf_fmt_num, with the percent sign of a percentage. */
const char *pdf_fmt_value(const PdfDoc *d, double v, const Measure *m, char out[48])
{
  pdf_fmt_num(d, v, out);
  if (unit_is_percent(m->unit.s))  // as the evaluation reads it
    strcat(out, percent_sign(d->set.lang));
  return out;
}

/* A fraction as a whole percentage: 81%, 81 % (de, fr). */
const char *pdf_fmt_percent(const PdfDoc *d, double fraction, char out[24])
{
  snprintf(out, 24, "%d%s", percent_round(fraction), percent_sign(d->set.lang));
  return out;
}

/* A date as YYYY-MM-DD, or NULL when there is none. */
const char *pdf_fmt_date(Date d, char out[11])
{
  if (d == DATE_NONE)
    return NULL;
  date_format(d, out);
  return out;
}

/* The colour of a RAG swatch. */
PdfRgb pdf_rag_rgb(Rag r)
{
  return r == RAG_GREEN ? PDF_GREEN : r == RAG_AMBER ? PDF_AMBER : r == RAG_RED ? PDF_RED : PDF_MUTED;
}
