/*
 * dump.c - the model and its evaluation as plain text (`objreg dump`), so
 * that tests can golden-test a stage on its own rather than through a PDF.
 */
#include "objreg.h"

static void dump_date(FILE *out, const char *key, Date d)
{
  char s[11];
  date_format(d, s);
  fprintf(out, " %s=%s", key, d == DATE_NONE ? "-" : s);
}

/* The pack's totals. */
static void dump_totals(FILE *out, const Pack *pack, const Eval *ev)
{
  char d[11];
  date_format(ev->as_of, d);
  fprintf(out, "as_of %s\n", d);
  fprintf(out, "pack objectives=%d policy=%d risks=%d requirements=%d mrows=%ld arows=%ld\n", pack->n_objectives,
          pack->n_policy, pack->n_risks, pack->n_reqs, pack->n_mrows, pack->n_arows);
  fprintf(out, "rag green=%d amber=%d red=%d", ev->by_rag[RAG_GREEN], ev->by_rag[RAG_AMBER], ev->by_rag[RAG_RED]);
  if (ev->has_progress)
    fprintf(out, " progress=%.4f", ev->progress);
  fprintf(out, " overdue_actions=%d stale=%d no_data=%d forecast_misses=%d\n", ev->overdue_actions,
          ev->stale_measures, ev->nodata_measures, ev->forecast_misses);
  fprintf(out, "shares green=%d amber=%d red=%d\n", ev->rag_share[RAG_GREEN], ev->rag_share[RAG_AMBER],
          ev->rag_share[RAG_RED]);
}

/* One measure's evaluation. */
static void dump_measure(FILE *out, const Measure *m, const MeasureEval *me)
{
  char t[48];
  fprintf(out, "  measure %s rows=%d", m->id.s ? m->id.s : "?", me->n_rows);
  if (me->n_before)
    fprintf(out, " before_baseline=%d", me->n_before);
  if (me->has_latest) {
    fprintf(out, " latest=%s", num_text(me->latest, t));
    dump_date(out, "on", me->latest_date);
  }
  fprintf(out, " p=%.4f", me->progress);
  if (me->has_planned)
    fprintf(out, " e=%.4f", me->planned);
  if (me->has_planned_now)
    fprintf(out, " e_now=%.4f", me->planned_now);
  if (me->has_plan_value)
    fprintf(out, " plan=%s", num_text(me->plan_value, t));
  if (me->has_plan_value_now)
    fprintf(out, " plan_now=%s", num_text(me->plan_value_now, t));
  const AchievedWhen *aw = &m->achieved_when;
  if (aw->kind != AW_LATEST)
    fprintf(out, " rule=%s:%d", aw->kind == AW_CONSECUTIVE ? "consecutive" : "average_of", aw->n);
  fprintf(out, " met_run=%d", me->met_run);
  if (me->has_mean)
    fprintf(out, " mean=%.4f", me->mean);
  fprintf(out, " status=%s stale=%d rag=%s", mstatus_name(me->status), me->stale, rag_name(me->rag));
  if (me->has_forecast) {
    fprintf(out, " forecast=%.4f miss=%d", me->forecast, me->forecast_miss);
    if (me->forecast_clamped)
      fprintf(out, " clamped_from=%.4f", me->forecast_line);
  }
  fputc('\n', out);
}

/* An objective's evaluation, then its measures' and actions'. */
static void dump_objective(FILE *out, const Objective *o, const ObjEval *oe)
{
  fprintf(out, "objective %s status=%s achieved=%d", o->id.s, status_name(o->status.v), oe->achieved);
  if (oe->rated)
    fprintf(out, " rag=%s", rag_name(oe->rag));
  if (oe->has_progress)
    fprintf(out, " progress=%.4f", oe->progress);
  fprintf(out, " overdue_actions=%d\n", oe->n_overdue_actions);
  for (int j = 0; j < o->n_measures; j++)
    dump_measure(out, &o->measures[j], &oe->m[j]);
  for (int j = 0; j < o->n_actions; j++) {
    const ActionEval *ae = &oe->a[j];
    fprintf(out, "  action %s", o->actions[j].id.s ? o->actions[j].id.s : "?");
    if (ae->latest) {
      fprintf(out, " latest=%s", astatus_name(ae->latest->status));
      dump_date(out, "on", ae->latest->date);
    }
    fprintf(out, " done=%d overdue=%d\n", ae->done, ae->overdue);
  }
}

/* The values as read from the CSV files (SPEC section 11: the same model from every dialect). */
static void dump_rows(FILE *out, const Pack *pack)
{
  for (int i = 0; i < pack->n_risks; i++) {
    const Risk *r = &pack->risks[i];
    fprintf(out, "risk %s level=%s treatment=%s open=%d", r->id, r->level ? risk_level_name(r->level) : "-",
            r->treatment ? treatment_name(r->treatment) : "-", r->open);
    if (r->has_score)
      fprintf(out, " score=%g", r->score);
    fprintf(out, " title=%s owner=%s\n", r->title ? r->title : "-", r->owner ? r->owner : "-");
  }
  for (int i = 0; i < pack->n_reqs; i++)
    fprintf(out, "requirement %s title=%s\n", pack->reqs[i].id, pack->reqs[i].title ? pack->reqs[i].title : "-");
  for (long i = 0; i < pack->n_mrows; i++) {
    const MeasRow *m = &pack->mrows[i];
    const Objective *o = pack->objectives[m->obj];
    fprintf(out, "mrow %s %s", o->id.s, o->measures[m->measure].id.s ? o->measures[m->measure].id.s : "?");
    dump_date(out, "date", m->date);
    fprintf(out, " value=%.17g note=%s\n", m->value, m->note ? m->note : "-");
  }
  for (long i = 0; i < pack->n_arows; i++) {
    const ActRow *a = &pack->arows[i];
    const Objective *o = pack->objectives[a->obj];
    fprintf(out, "arow %s %s", o->id.s, o->actions[a->action].id.s ? o->actions[a->action].id.s : "?");
    dump_date(out, "date", a->date);
    fprintf(out, " status=%s", astatus_name(a->status));
    if (a->has_percent)
      fprintf(out, " percent=%.17g", a->percent);
    fprintf(out, " note=%s\n", a->note ? a->note : "-");
  }
}

/* Management review meetings (SPEC section 18): each decision as read and as evaluated. */
static void dump_meetings(FILE *out, const Pack *pack, const Eval *ev)
{
  for (int i = 0; i < pack->n_meetings; i++) {
    const Meeting *mt = pack->meetings[i];
    fprintf(out, "meeting %s", mt->file);
    dump_date(out, "date", mt->date.v);
    fprintf(out, " chair=%s attendees=%d previous=%d current=%d\n", mt->chair.s ? mt->chair.s : "-", mt->attendees.n,
            ev->meet[i].previous, ev->meet[i].current);
    for (int j = 0; j < mt->n_decisions; j++) {
      const Decision *d = &mt->decisions[j];
      const DecisionEval *de = &ev->meet[i].d[j];
      fprintf(out, "  decision %s %d:%d owner=%s", d->id.s, d->pos.line, d->pos.col, d->owner.s ? d->owner.s : "-");
      dump_date(out, "due", dv(d->due));
      fprintf(out, " status=%s state=%s days_overdue=%d objectives=%d\n", dstatus_name(de->status),
              dstate_name(de->state), de->days_overdue, d->objectives.n);
    }
  }
  for (long i = 0; i < pack->n_drows; i++) {
    const DecRow *r = &pack->drows[i];
    fprintf(out, "drow %s:%d %s", r->pos.file, r->pos.line, pack->meetings[r->meeting]->decisions[r->decision].id.s);
    dump_date(out, "date", r->date);
    fprintf(out, " status=%s\n", dstatus_name(r->status));
  }
}

void dump_pack(FILE *out, const Pack *pack, const Eval *ev)
{
  dump_totals(out, pack, ev);
  for (int i = 0; i < pack->n_objectives; i++)
    dump_objective(out, pack->objectives[i], &ev->obj[i]);
  dump_rows(out, pack);
  dump_meetings(out, pack, ev);
}
