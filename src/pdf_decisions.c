/*
 * pdf_decisions.c - the management review's decisions in the documents
 * (SPEC section 18): in the review, "Actions from previous management
 * reviews" (clause 9.3.2 a) and, when a meeting is dated on as_of, "Decisions
 * of this review", its minutes and a sign-off block (clause 9.3.3); in the
 * register, the decisions that name an objective.
 *
 * Statuses, overdue flags and days overdue are the evaluation's (Eval.meet,
 * progress.c); this file only prints them.  Every fixed text of these
 * sections is in decision_words below, one place, so that translating them
 * is one step.
 */
#include "pdf.h"

#include <cmark.h>

// The fixed texts of the decision sections: msgids, printed through tr().
static const struct {
  const char *prev_title, *this_title, *minutes_title, *signoff_title;
  const char *prev_none, *this_none;
  const char *h_meeting, *h_decision, *h_objectives, *h_owner, *h_due, *h_status, *h_days;
  const char *state[4];  // by DecisionState
  const char *updated;   // "updated" before the date of the latest update
  const char *chair, *date, *attendees, *approved_by, *approved_on;
  const char *sign_chair, *sign_approver, *sign_date;
  const char *reg_title;
} decision_words = {
  N_("Actions from previous management reviews"), N_("Decisions of this review"), N_("Minutes"), N_("Sign-off"),
  N_("No decisions of earlier management reviews are recorded under reviews/."),
  N_("This review recorded no decisions."),
  N_("Meeting"), N_("Decision"), N_("Objectives"), N_("Owner"), N_("Due"), N_("Status"), N_("Days overdue"),
  {N_("Open"), N_("Done"), N_("Overdue"), N_("Cancelled")},
  N_("updated"),
  N_("Chair"), N_("Date of the meeting"), N_("Attendees"), N_("Minutes approved by"), N_("Minutes approved on"),
  N_("Chair of the management review"), N_("Approval of the minutes"), N_("Date and signature"),
  N_("Management review decisions"),
};

/* The ink of a decision's state: overdue red, open amber, done green, cancelled muted. */
static PdfStyle state_style(DecisionState s)
{
  PdfStyle st = pdf_st_bold();
  st.color = s == DV_OVERDUE ? PDF_RED : s == DV_OPEN ? PDF_AMBER_TEXT : s == DV_DONE ? PDF_GREEN : PDF_MUTED;
  return st;
}

/* The objectives a decision names, comma-separated, or a dash. */
static void cell_objectives(PdfDoc *d, PdfTable *t, int col, const Decision *dc)
{
  PdfStyle c = pdf_st_cell(), m = pdf_st_muted();
  if (!dc->objectives.n) {
    pdf_table_puts(d, t, col, &m, "\xE2\x80\x94");
    return;
  }
  for (int k = 0; k < dc->objectives.n; k++) {
    if (k)
      pdf_table_puts(d, t, col, &c, ", ");
    pdf_table_puts(d, t, col, &c, dc->objectives.v[k].s);
  }
}

/* The decision's id in bold and its text. */
static void cell_decision(PdfDoc *d, PdfTable *t, int col, const Decision *dc)
{
  PdfStyle b = pdf_st_bold(), c = pdf_st_cell();
  pdf_table_puts(d, t, col, &b, dc->id.s);
  pdf_table_puts(d, t, col, &c, " ");
  kit_cell(d, t, col, NULL, dc->decision.s);
}

/* The state in its ink, and the date of the latest update under it. */
static void cell_state(PdfDoc *d, PdfTable *t, int col, const DecisionEval *de)
{
  PdfStyle st = state_style(de->state), sm = pdf_style(PF_REGULAR, PDF_TINY, PDF_MUTED);
  pdf_table_puts(d, t, col, &st, tr(d->set.lang, decision_words.state[de->state]));
  if (de->latest) {
    char s[11];
    pdf_text_printf(d, pdf_table_cell(t, col), &sm, "\n%s %s", tr(d->set.lang, decision_words.updated), pdf_fmt_date(de->latest->date, s));
  }
}

/* A table of decisions: meetings [from, to) of the pack, those with flag set in Eval. */
static void decision_table(PdfDoc *d, const Pack *p, const Eval *ev, bool previous)
{
  const float wp[] = {-58, 1, -50, -64, -58, -56, -48};
  const float wc[] = {1, -62, -80, -58, -56};
  static const PdfAlign ap[] = {AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_RIGHT};
  const char *const hp[] = {tr(d->set.lang, decision_words.h_meeting), tr(d->set.lang, decision_words.h_decision), tr(d->set.lang, decision_words.h_objectives),
                            tr(d->set.lang, decision_words.h_owner), tr(d->set.lang, decision_words.h_due), tr(d->set.lang, decision_words.h_status),
                            tr(d->set.lang, decision_words.h_days)};
  PdfTable t;
  pdf_table_init(d, &t, previous ? 7 : 5, previous ? wp : wc, ap);
  t.caption = previous ? tr(d->set.lang, decision_words.prev_title) : tr(d->set.lang, decision_words.this_title);
  pdf_table_heads(d, &t, previous ? hp : hp + 1);
  PdfStyle c = pdf_st_cell(), red = pdf_st_bold();
  red.color = PDF_RED;
  for (int i = 0; i < p->n_meetings; i++) {
    const Meeting *mt = p->meetings[i];
    if (previous ? !ev->meet[i].previous : !ev->meet[i].current)
      continue;
    for (int j = 0; j < mt->n_decisions; j++) {
      const Decision *dc = &mt->decisions[j];
      const DecisionEval *de = &ev->meet[i].d[j];
      int col = 0;
      char s[16];
      if (previous)
        kit_cell_date(d, &t, col++, mt->date.v);
      cell_decision(d, &t, col++, dc);
      cell_objectives(d, &t, col++, dc);
      kit_cell(d, &t, col++, NULL, dc->owner.s);
      kit_cell_date(d, &t, col++, dv(dc->due));
      cell_state(d, &t, col++, de);
      if (previous) {
        snprintf(s, sizeof s, "%d", de->days_overdue);
        pdf_table_puts(d, &t, col, de->overdue ? &red : &c, de->overdue ? s : "");
      }
      t.tint = de->overdue;
      t.tint_color = PDF_RED_TINT;
      pdf_table_row(d, &t);
    }
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}

void review_previous_decisions(PdfDoc *d, const Pack *p, const Eval *ev)
{
  int a = kit_heading(d, 1, tr(d->set.lang, decision_words.prev_title), 60.0f);
  pdf_outline(d, NULL, tr(d->set.lang, decision_words.prev_title), a, true);
  if (ev->n_previous_decisions == 0) {
    kit_note(d, tr(d->set.lang, decision_words.prev_none));
    return;
  }
  int n_meet = 0;
  for (int i = 0; i < p->n_meetings; i++)
    n_meet += ev->meet[i].previous && p->meetings[i]->n_decisions > 0;
  char s[11];
  Buf b;
  buf_init(&b);
  Language l = d->set.lang;
  buf_printf(&b,
             trn(l, "The status on %s of the %d decision of earlier management reviews (ISO/IEC 27001:2022 clause "
                    "9.3.2 a) \xE2\x80\x94 done: %d, open: %d, overdue: %d, cancelled: %d.",
                 "The status on %s of the %d decisions of earlier management reviews (ISO/IEC 27001:2022 clause "
                 "9.3.2 a) \xE2\x80\x94 done: %d, open: %d, overdue: %d, cancelled: %d.",
                 ev->n_previous_decisions),
             pdf_fmt_date(ev->as_of, s), ev->n_previous_decisions, ev->by_state[DV_DONE], ev->by_state[DV_OPEN],
             ev->by_state[DV_OVERDUE], ev->by_state[DV_CANCELLED]);
  buf_putc(&b, ' ');
  buf_printf(&b, trn(l, "They were taken in %d meeting.", "They were taken in %d meetings.", n_meet), n_meet);
  buf_printf(&b, " %s", tr(l, "An open decision is overdue once its due date has passed; days overdue count from the due date."));
  PdfStyle body = pdf_st_body();
  kit_para(d, &body, b.s);
  buf_release(&b);
  decision_table(d, p, ev, true);
}

/* One labelled line of the sign-off block. */
static void signoff_row(PdfDoc *d, PdfTable *t, const char *label, const char *value)
{
  PdfStyle l = pdf_st_muted();
  pdf_table_puts(d, t, 0, &l, label);
  kit_cell(d, t, 1, NULL, value);
  pdf_table_row(d, t);
}

/* An empty line to sign on at x, width w, with name and role under it. */
static void signature(PdfDoc *d, float x, float w, float line_y, const char *name, const char *role)
{
  PdfStyle b = pdf_st_bold(), m = pdf_style(PF_REGULAR, PDF_TINY, PDF_MUTED);
  char buf[512];
  pdf_stroke_line(d, x, line_y, x + w, line_y, 0.6f, PDF_INK, 0);
  pdf_label(d, &m, x, line_y - 9.0f, AL_LEFT, tr(d->set.lang, decision_words.sign_date));
  snprintf(buf, sizeof buf, tr(d->set.lang, "Name: %s"), name ? name : "");
  pdf_label(d, &b, x, line_y - 20.0f, AL_LEFT, buf);
  snprintf(buf, sizeof buf, tr(d->set.lang, "Role: %s"), role);
  pdf_label(d, &m, x, line_y - 30.0f, AL_LEFT, buf);
}

static void review_signoff(PdfDoc *d, const Meeting *mt)
{
  int a = kit_heading(d, 1, tr(d->set.lang, decision_words.signoff_title), 200.0f);
  pdf_outline(d, NULL, tr(d->set.lang, decision_words.signoff_title), a, true);
  const float w[] = {-110, 1};
  static const PdfAlign al[] = {AL_LEFT, AL_LEFT};
  PdfTable t;
  pdf_table_init(d, &t, 2, w, al);
  t.label_col = true;
  t.caption = tr(d->set.lang, decision_words.signoff_title);
  char date[11], appr[11];
  Buf att;
  buf_init(&att);
  for (int i = 0; i < mt->attendees.n; i++)
    buf_printf(&att, "%s%s", i ? list_sep(d->set.lang) : "", mt->attendees.v[i].s);
  signoff_row(d, &t, tr(d->set.lang, decision_words.chair), mt->chair.s);
  signoff_row(d, &t, tr(d->set.lang, decision_words.date), pdf_fmt_date(mt->date.v, date));
  signoff_row(d, &t, tr(d->set.lang, decision_words.attendees), att.len ? att.s : NULL);
  signoff_row(d, &t, tr(d->set.lang, decision_words.approved_by), mt->approved_by.s);
  signoff_row(d, &t, tr(d->set.lang, decision_words.approved_on), pdf_fmt_date(dv(mt->approved_on), appr));
  pdf_table_end(d, &t);
  pdf_table_release(&t);
  buf_release(&att);
  // Two signature lines side by side, room to sign above them.
  pdf_need(d, 80.0f);
  float col = d->x1 - d->x0, half = (col - 30.0f) / 2.0f, line_y = d->y - 40.0f;
  signature(d, d->x0, half, line_y, mt->chair.s, tr(d->set.lang, decision_words.sign_chair));
  signature(d, d->x0 + half + 30.0f, half, line_y, mt->approved_by.s, tr(d->set.lang, decision_words.sign_approver));
  d->y = line_y - 36.0f;
}

void review_this_review(PdfDoc *d, const Pack *p, const Eval *ev)
{
  if (ev->current_meeting < 0)
    return;
  const Meeting *mt = p->meetings[ev->current_meeting];
  int a = kit_heading(d, 1, tr(d->set.lang, decision_words.this_title), 60.0f);
  pdf_outline(d, NULL, tr(d->set.lang, decision_words.this_title), a, true);
  if (mt->n_decisions == 0)
    kit_note(d, tr(d->set.lang, decision_words.this_none));
  else
    decision_table(d, p, ev, false);
  a = kit_heading(d, 1, tr(d->set.lang, decision_words.minutes_title), 40.0f);
  pdf_outline(d, NULL, tr(d->set.lang, decision_words.minutes_title), a, true);
  if (mt->body && cmark_node_first_child(mt->body))
    md_render(d, mt->body, 2);
  else
    kit_note(d, pdf_words->none);
  review_signoff(d, mt);
}

void register_decisions(PdfDoc *d, const Pack *p, const Eval *ev, const ObjEval *oe)
{
  if (oe->n_decisions == 0)
    return;
  kit_heading(d, 3, tr(d->set.lang, decision_words.reg_title), 40.0f);
  const float w[] = {-58, 1, -70, -58, -56};
  static const PdfAlign al[] = {AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT, AL_LEFT};
  const char *const heads[] = {tr(d->set.lang, decision_words.h_meeting), tr(d->set.lang, decision_words.h_decision), tr(d->set.lang, decision_words.h_owner),
                               tr(d->set.lang, decision_words.h_due), tr(d->set.lang, decision_words.h_status)};
  PdfTable t;
  pdf_table_init(d, &t, 5, w, al);
  t.caption = tr(d->set.lang, decision_words.reg_title);
  pdf_table_heads(d, &t, heads);
  for (int k = 0; k < oe->n_decisions; k++) {
    const Meeting *mt = p->meetings[oe->decisions[k].meeting];
    const Decision *dc = &mt->decisions[oe->decisions[k].decision];
    const DecisionEval *de = &ev->meet[mt->index].d[oe->decisions[k].decision];
    kit_cell_date(d, &t, 0, mt->date.v);
    cell_decision(d, &t, 1, dc);
    kit_cell(d, &t, 2, NULL, dc->owner.s);
    kit_cell_date(d, &t, 3, dv(dc->due));
    cell_state(d, &t, 4, de);
    t.tint = de->overdue;
    t.tint_color = PDF_RED_TINT;
    pdf_table_row(d, &t);
  }
  pdf_table_end(d, &t);
  pdf_table_release(&t);
}
