/*
 * test_eval.c - SPEC section 7 against hand-computed cases (progress.c), and
 * the title rules against their closed word lists (rules.c).
 */
#include "harness.h"
#include "objreg.h"

#include <stdlib.h>

static Date D(const char *s)
{
  Date d;
  if (!date_parse(s, &d))
    abort();
  return d;
}

/* A pack of one active objective with one measure, built in memory. */
typedef struct {
  Pack pack;
  Objective *o;
} One;

static void one_init(One *t, Direction dir, const char *base, const char *base_date, double target, const char *due,
                     Frequency freq)
{
  Pack *p = &t->pack;
  pack_init(p);
  Objective *o = t->o = arena_alloc(&p->arena, sizeof *o);
  o->id.s = "OBJ-T";
  o->status.v = ST_ACTIVE;
  o->measurable = true;
  o->due = (DateVal){D(due), true, true, {0}};
  o->n_measures = 1;
  o->measures = arena_alloc(&p->arena, sizeof *o->measures);
  Measure *m = &o->measures[0];
  m->id.s = "M1";
  m->direction.v = dir;
  m->frequency.v = freq;
  m->target = (Num){target, true, true, {0}, -1};
  if (base)
    m->baseline = (Num){atof(base), true, true, {0}, -1};
  if (base_date)
    m->baseline_date = (DateVal){D(base_date), true, true, {0}};
  m->due_eff = D(due);
  p->objectives = xmalloc(sizeof *p->objectives);
  p->objectives[0] = o;
  p->n_objectives = 1;
}

static void row(One *t, const char *date, double v, int line)
{
  Pack *p = &t->pack;
  p->mrows = xrealloc(p->mrows, (size_t)(p->n_mrows + 1) * sizeof *p->mrows);
  p->mrows[p->n_mrows++] = (MeasRow){{"progress/m.csv", line, 1}, 0, 0, D(date), v, NULL, NULL, .evidence_file = -1};
}

static const MeasureEval *eval(One *t, Eval *ev, const char *as_of)
{
  eval_pack(&t->pack, D(as_of), ev);
  return &ev->obj[0].m[0];
}

static void done(One *t, Eval *ev)
{
  eval_release(ev);
  pack_free(&t->pack);
}

/* The forecast cases' three rows: 1 January, 31 January and 2 March 2026. */
static void forecast_rows(One *t, double a, double b, double c)
{
  row(t, "2026-01-01", a, 2);
  row(t, "2026-01-31", b, 3);
  row(t, "2026-03-02", c, 4);
}

void test_progress(void)
{
  One t;
  Eval ev;
  const MeasureEval *m;

  // Decrease, on track: p = (4-42)/(0-42), e = 291/350 days.
  one_init(&t, DIR_DECREASE, "42", "2026-01-15", 0, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-10-01", 9, 2);
  row(&t, "2026-11-02", 4, 3);
  m = eval(&t, &ev, "2026-11-27");
  DBL_EQ(m->latest, 4, "latest value");
  INT_EQ(m->latest_date, D("2026-11-02"), "latest date");
  DBL_EQ(m->progress, 38.0 / 42.0, "decrease progress");
  DBL_EQ(m->planned, 291.0 / 350.0, "planned at the latest value's date");
  INT_EQ(m->status, MS_ON_TRACK, "on track");
  INT_EQ(m->rag, RAG_GREEN, "green");
  INT_EQ(ev.obj[0].rag, RAG_GREEN, "objective green");
  DBL_EQ(ev.obj[0].progress, 38.0 / 42.0, "objective progress is the mean p");
  done(&t, &ev);

  // Increase: at risk, then off track (p = 0.4 and 0.25 against e = 181/364).
  one_init(&t, DIR_INCREASE, "50", "2026-01-01", 90, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-07-01", 66, 2);
  m = eval(&t, &ev, "2026-07-10");
  DBL_EQ(m->progress, 0.4, "increase progress");
  DBL_EQ(m->planned, 181.0 / 364.0, "planned");
  INT_EQ(m->status, MS_AT_RISK, "within the tolerance: at risk");
  INT_EQ(m->rag, RAG_AMBER, "at risk is amber");
  done(&t, &ev);
  one_init(&t, DIR_INCREASE, "50", "2026-01-01", 90, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-07-01", 60, 2);
  m = eval(&t, &ev, "2026-07-10");
  INT_EQ(m->status, MS_OFF_TRACK, "beyond the tolerance: off track");
  INT_EQ(ev.obj[0].rag, RAG_RED, "objective red");
  done(&t, &ev);

  // No baseline: p is 0 or 1; without dB there is no plan to be on track with.
  one_init(&t, DIR_INCREASE, NULL, NULL, 100, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-11-01", 80, 2);
  m = eval(&t, &ev, "2026-11-27");
  DBL_EQ(m->progress, 0, "no baseline, not achieved: p = 0");
  OK(!m->has_planned, "no planned value without a baseline date");
  INT_EQ(m->status, MS_NO_PLAN, "no dB, short of the target: no plan");
  INT_EQ(m->rag, RAG_AMBER, "no plan is amber");
  done(&t, &ev);
  one_init(&t, DIR_INCREASE, NULL, NULL, 100, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-11-01", 100, 2);
  m = eval(&t, &ev, "2026-11-27");
  DBL_EQ(m->progress, 1, "no baseline, achieved: p = 1");
  INT_EQ(m->status, MS_ACHIEVED, "achieved (L >= T)");
  INT_EQ(ev.obj[0].achieved, 1, "every measure achieved: the objective is achieved");
  done(&t, &ev);

  // B = T: p is 0 unless achieved.
  one_init(&t, DIR_DECREASE, "5", "2026-01-01", 5, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-11-01", 6, 2);
  m = eval(&t, &ev, "2026-11-27");
  DBL_EQ(m->progress, 0, "B = T, not achieved: p = 0");
  INT_EQ(m->status, MS_OFF_TRACK, "and so off track late in the year");
  done(&t, &ev);

  // Due passed: overdue comes before no-data and the track statuses.
  one_init(&t, DIR_DECREASE, "10", "2026-01-01", 0, "2026-06-30", FREQ_MONTHLY);
  row(&t, "2026-06-01", 1, 2);
  m = eval(&t, &ev, "2026-07-01");
  INT_EQ(m->status, MS_OVERDUE, "due passed, not achieved: overdue");
  INT_EQ(m->rag, RAG_RED, "overdue is red");
  INT_EQ(ev.obj[0].rag, RAG_RED, "objective past its due: red");
  done(&t, &ev);

  // No data.
  one_init(&t, DIR_DECREASE, "10", "2026-01-01", 0, "2026-12-31", FREQ_MONTHLY);
  m = eval(&t, &ev, "2026-07-01");
  INT_EQ(m->status, MS_NO_DATA, "no rows: no data");
  INT_EQ(m->rag, RAG_AMBER, "no data is amber");
  OK(!m->stale, "no data is not stale");
  done(&t, &ev);

  // Rows after as_of are not used; of two rows on one date the later wins.
  one_init(&t, DIR_DECREASE, "10", "2026-01-01", 0, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-05-01", 8, 2);
  row(&t, "2026-06-01", 7, 3);
  row(&t, "2026-06-01", 6, 4);
  row(&t, "2026-08-01", 1, 5);
  m = eval(&t, &ev, "2026-07-01");
  INT_EQ(m->n_rows, 2, "two used rows");
  DBL_EQ(m->latest, 6, "the later duplicate wins");
  INT_EQ(ev.mrow_flags[1], ROW_SUPERSEDED, "the earlier duplicate is superseded");
  INT_EQ(ev.mrow_dup_of[2], 1, "the later one names the row it replaces");
  INT_EQ(ev.mrow_flags[3], ROW_FUTURE, "the row after as_of is flagged");
  done(&t, &ev);

  // Stale: monthly allows 31 + 14 days.
  one_init(&t, DIR_DECREASE, "10", "2026-01-01", 0, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-06-01", 5, 2);
  m = eval(&t, &ev, "2026-07-16");
  OK(!m->stale, "45 days: not stale");
  eval_release(&ev);
  m = eval(&t, &ev, "2026-07-17");
  OK(m->stale, "46 days: stale");
  INT_EQ(m->status, MS_ON_TRACK, "staleness does not change the status");
  INT_EQ(m->rag, RAG_AMBER, "but raises green to amber");
  done(&t, &ev);

  // Forecast: a straight line through three rows, evaluated at due.
  one_init(&t, DIR_INCREASE, "0", "2026-01-01", 100, "2026-04-01", FREQ_MONTHLY);
  forecast_rows(&t, 0, 30, 60);
  m = eval(&t, &ev, "2026-03-05");
  OK(m->has_forecast, "three rows give a forecast");
  DBL_EQ(m->forecast, 90, "1 a day for 90 days");
  INT_EQ(m->status, MS_AT_RISK, "at risk now: p 0.6 against e 60/90");
  OK(m->forecast_miss, "but 90 misses the target of 100");
  done(&t, &ev);

  // Objectives: an overdue action raises to amber; a draft gets no RAG.
  one_init(&t, DIR_DECREASE, "10", "2026-01-01", 0, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-06-01", 4, 2);
  t.o->n_actions = 1;
  t.o->actions = arena_alloc(&t.pack.arena, sizeof *t.o->actions);
  t.o->actions[0].id.s = "A1";
  t.o->actions[0].due = (DateVal){D("2026-06-15"), true, true, {0}};
  eval(&t, &ev, "2026-07-01");
  INT_EQ(ev.obj[0].a[0].overdue, 1, "an action past its due with no update is overdue");
  INT_EQ(ev.obj[0].rag, RAG_AMBER, "an overdue action raises green to amber");
  eval_release(&ev);
  t.o->status.v = ST_DRAFT;
  eval(&t, &ev, "2026-07-01");
  INT_EQ(ev.obj[0].rag, RAG_NONE, "a draft gets no RAG");
  OK(!ev.obj[0].has_progress, "nor progress");
  INT_EQ(ev.obj[0].m[0].status, MS_ON_TRACK, "but its measures keep their status");
  done(&t, &ev);

  // measurable: false: progress is the share of done actions, cancelled ones left out.
  one_init(&t, DIR_DECREASE, "10", "2026-01-01", 0, "2026-12-31", FREQ_MONTHLY);
  t.o->measurable = false;
  t.o->n_measures = 0;
  t.o->n_actions = 3;
  t.o->actions = arena_alloc(&t.pack.arena, 3 * sizeof *t.o->actions);
  t.pack.arows = xmalloc(2 * sizeof *t.pack.arows);
  t.pack.arows[0] = (ActRow){{"a.csv", 2, 1}, 0, 0, D("2026-03-01"), AS_DONE, 0, false, NULL, NULL, .evidence_file = -1};
  t.pack.arows[1] = (ActRow){{"a.csv", 3, 1}, 0, 1, D("2026-03-01"), AS_CANCELLED, 0, false, NULL, NULL, .evidence_file = -1};
  t.pack.n_arows = 2;
  eval(&t, &ev, "2026-07-01");
  DBL_EQ(ev.obj[0].progress, 0.5, "1 done of 2 counted");
  INT_EQ(ev.obj[0].rag, RAG_GREEN, "no measures: green");
  done(&t, &ev);

  INT_EQ(eval_measure_status(false, 0.5, true, 0.6, 0, DATE_NONE, true, 0.10), MS_AT_RISK, "p = e - tolerance is at risk");
  INT_EQ(eval_measure_status(false, 0.5, false, 0, 0, DATE_NONE, true, 0.10), MS_NO_PLAN, "no e, short of the target: no plan");
  INT_EQ(eval_measure_status(false, 1, false, 0, 0, DATE_NONE, true, 0.10), MS_ON_TRACK, "no e, at the target: on track");
}

/* SPEC section 20: achievement rules, the plan at as_of, clamped forecasts, shares. */
void test_figures(void)
{
  One t;
  Eval ev;
  const MeasureEval *m;

  // consecutive: 2 - one value at the target is not yet achieved, two are.
  one_init(&t, DIR_INCREASE, "50", "2025-12-31", 100, "2026-12-31", FREQ_QUARTERLY);
  t.o->measures[0].achieved_when = (AchievedWhen){AW_CONSECUTIVE, 2, true, {0}};
  row(&t, "2026-06-30", 83.3, 2);
  row(&t, "2026-09-30", 100, 3);
  m = eval(&t, &ev, "2026-11-27");
  OK(!m->achieved, "consecutive 2, one value meets: not achieved");
  INT_EQ(m->met_run, 1, "one value in a row meets the target");
  INT_EQ(m->status, MS_ON_TRACK, "then the track statuses apply");
  DBL_EQ(m->progress, 1, "progress still follows the latest value");
  OK(!ev.obj[0].achieved, "nor is the objective");
  eval_release(&ev);
  row(&t, "2026-10-31", 100, 4);
  m = eval(&t, &ev, "2026-11-27");
  OK(m->achieved, "two in a row: achieved");
  INT_EQ(m->status, MS_ACHIEVED, "status achieved");
  OK(ev.obj[0].achieved, "the objective too");
  done(&t, &ev);

  // average_of: 3 - the mean of the last three values, and not before there are three.
  one_init(&t, DIR_INCREASE, "18", "2025-12-01", 60, "2026-12-31", FREQ_MONTHLY);
  t.o->measures[0].achieved_when = (AchievedWhen){AW_AVERAGE, 3, true, {0}};
  row(&t, "2026-09-01", 70, 2);
  row(&t, "2026-10-01", 61, 3);
  m = eval(&t, &ev, "2026-10-15");
  OK(!m->achieved, "two values of three: not achieved");
  DBL_EQ(m->mean, 65.5, "the mean of what there is");
  eval_release(&ev);
  row(&t, "2026-11-02", 45, 4);
  m = eval(&t, &ev, "2026-11-27");
  DBL_EQ(m->mean, 176.0 / 3, "mean of 70, 61, 45");
  OK(!m->achieved, "58.67 < 60: not achieved");
  eval_release(&ev);
  row(&t, "2026-12-01", 80, 5);
  m = eval(&t, &ev, "2026-12-02");
  DBL_EQ(m->mean, 62, "mean of 61, 45, 80");
  OK(m->achieved, "62 >= 60: achieved although the latest but one missed");
  done(&t, &ev);

  // A mean is compared with the target as the decimals compare, not as their binary sum does.
  one_init(&t, DIR_DECREASE, "1", "2026-01-01", 0.15, "2026-12-31", FREQ_MONTHLY);
  t.o->measures[0].achieved_when = (AchievedWhen){AW_AVERAGE, 2, true, {0}};
  row(&t, "2026-10-01", 0.1, 2);
  row(&t, "2026-11-01", 0.2, 3);
  m = eval(&t, &ev, "2026-11-27");
  OK(m->achieved && m->mean == 0.15, "(0.1 + 0.2) / 2 is 0.15: at the target, met");
  done(&t, &ev);
  one_init(&t, DIR_DECREASE, "1", "2026-01-01", 0, "2026-12-31", FREQ_MONTHLY);
  t.o->measures[0].achieved_when = (AchievedWhen){AW_AVERAGE, 2, true, {0}};
  row(&t, "2026-10-01", 0.0000000000001, 2);
  row(&t, "2026-11-01", 0, 3);
  m = eval(&t, &ev, "2026-11-27");
  OK(!m->achieved && m->mean > 0, "a mean of 0.00000000000005 is above a target of 0: not met");
  done(&t, &ev);
  one_init(&t, DIR_DECREASE, "200", "2026-01-01", 100, "2026-12-31", FREQ_MONTHLY);
  t.o->measures[0].achieved_when = (AchievedWhen){AW_AVERAGE, 2, true, {0}};
  row(&t, "2026-10-01", 100.000000000001, 2);
  row(&t, "2026-11-01", 100, 3);
  m = eval(&t, &ev, "2026-11-27");
  OK(!m->achieved && m->mean > 100, "a mean of 100.0000000000005 is above at most 100: not met");
  done(&t, &ev);
  one_init(&t, DIR_INCREASE, "0", "2026-01-01", 0.3, "2026-12-31", FREQ_MONTHLY);
  t.o->measures[0].achieved_when = (AchievedWhen){AW_AVERAGE, 3, true, {0}};
  row(&t, "2026-09-01", 0.1, 2);
  row(&t, "2026-10-01", 0.4, 3);
  row(&t, "2026-11-01", 0.4, 4);
  m = eval(&t, &ev, "2026-11-27");
  OK(m->achieved && m->mean == 0.3, "(0.1 + 0.4 + 0.4) / 3 is 0.3: met");
  done(&t, &ev);
  one_init(&t, DIR_INCREASE, "0", "2026-01-01", 0.3, "2026-12-31", FREQ_MONTHLY);
  t.o->measures[0].achieved_when = (AchievedWhen){AW_AVERAGE, 3, true, {0}};
  row(&t, "2026-09-01", 0.1, 2);
  row(&t, "2026-10-01", 0.4, 3);
  row(&t, "2026-11-01", 0.399999999999999, 4);
  m = eval(&t, &ev, "2026-11-27");
  OK(!m->achieved && m->mean < 0.3, "(0.1 + 0.4 + 0.399999999999999) / 3 is just below 0.3: not met");
  done(&t, &ev);

  // Plan at the latest value's date and at as_of, in the unit and as progress.
  one_init(&t, DIR_INCREASE, "40", "2026-01-01", 100, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-07-02", 55, 2);
  m = eval(&t, &ev, "2026-10-01");
  DBL_EQ(m->planned, 182.0 / 364.0, "e at the latest date (status compares with it)");
  DBL_EQ(m->planned_now, 273.0 / 364.0, "e at as_of");
  DBL_EQ(m->plan_value, 70, "40 + 0.5 x 60");
  DBL_EQ(m->plan_value_now, 85, "40 + 0.75 x 60");
  done(&t, &ev);
  one_init(&t, DIR_INCREASE, "40", "2026-01-01", 100, "2026-12-31", FREQ_MONTHLY);
  m = eval(&t, &ev, "2026-10-01");
  OK(!m->has_planned && m->has_planned_now, "no data: a plan at as_of only");
  done(&t, &ev);

  // Forecasts clamped: a count never below 0, a percentage never above 100.
  one_init(&t, DIR_DECREASE, "30", "2026-01-01", 0, "2026-04-01", FREQ_MONTHLY);
  forecast_rows(&t, 30, 20, 10);
  m = eval(&t, &ev, "2026-03-05");
  DBL_EQ(m->forecast_line, 0, "the line reaches 0 at due");
  OK(!m->forecast_clamped, "0 needs no clamp");
  done(&t, &ev);
  one_init(&t, DIR_DECREASE, "30", "2026-01-01", 0, "2026-05-01", FREQ_MONTHLY);
  forecast_rows(&t, 30, 20, 10);
  m = eval(&t, &ev, "2026-03-05");
  DBL_EQ(m->forecast_line, -10, "the line goes below 0");
  DBL_EQ(m->forecast, 0, "clamped to 0");
  OK(m->forecast_clamped, "and marked");
  done(&t, &ev);
  one_init(&t, DIR_INCREASE, "50", "2026-01-01", 100, "2026-05-01", FREQ_MONTHLY);
  t.o->measures[0].unit.s = "Percent";
  forecast_rows(&t, 60, 75, 90);
  m = eval(&t, &ev, "2026-03-05");
  DBL_EQ(m->forecast, 100, "a percentage clamped to 100");
  OK(m->forecast_clamped, "and marked");
  done(&t, &ev);
  one_init(&t, DIR_DECREASE, "-5", "2026-01-01", 0, "2026-05-01", FREQ_MONTHLY);
  forecast_rows(&t, 30, 20, 10);
  m = eval(&t, &ev, "2026-03-05");
  DBL_EQ(m->forecast, -10, "a negative baseline: no floor at 0");
  OK(!m->forecast_clamped, "nothing clamped");
  done(&t, &ev);

  // Shares by largest remainder.
  int out[3];
  shares_largest_remainder((const int[]){4, 3, 1}, 3, out);
  OK(out[0] == 50 && out[1] == 38 && out[2] == 12, "4/3/1 -> 50/38/12, got %d/%d/%d", out[0], out[1], out[2]);
  shares_largest_remainder((const int[]){1, 1, 1}, 3, out);
  OK(out[0] == 34 && out[1] == 33 && out[2] == 33, "1/1/1 -> 34/33/33, got %d/%d/%d", out[0], out[1], out[2]);
  shares_largest_remainder((const int[]){2, 1, 4}, 3, out);
  OK(out[0] + out[1] + out[2] == 100 && out[0] == 29 && out[1] == 14 && out[2] == 57, "2/1/4 -> 29/14/57, got %d/%d/%d",
     out[0], out[1], out[2]);
  shares_largest_remainder((const int[]){0, 0, 0}, 3, out);
  OK(out[0] == 0 && out[1] == 0 && out[2] == 0, "no items: all 0");
  char s[64];
  STR_EQ(achieve_rule_text(&(AchievedWhen){AW_CONSECUTIVE, 3, true, {0}}, s), "last 3 values all meet the target",
         "consecutive in words");
  OK(unit_is_percent("%") && unit_is_percent("Per Cent") && !unit_is_percent("accounts") && !unit_is_percent(NULL),
     "percent units");
  OK(unit_is_percent("Prozent") && unit_is_percent("pourcentage") && !unit_is_percent("Prozentpunkte"),
     "percent in German and French");

  // Figures as shown (SPEC 20): never past what they are.
  INT_EQ(percent_round(0.997), 99, "99.7 % is 99, not 100");
  INT_EQ(percent_round(0.99999), 99, "99.999 % is 99");
  INT_EQ(percent_round(1), 100, "the whole is 100");
  INT_EQ(percent_round(0.845), 85, "half up");
  INT_EQ(percent_round(0.004), 0, "0.4 % is 0");
  INT_EQ(value_decimals(99.988, 99.99, DIR_INCREASE, 2), 3, "99.988 against 99.99: three decimals");
  INT_EQ(value_decimals(99.98, 99.99, DIR_INCREASE, 2), 2, "99.98: two are enough");
  INT_EQ(value_decimals(0.1549, 0.15, DIR_DECREASE, 2), 3, "0.1549 against at most 0.15: not '0.15'");
  INT_EQ(value_decimals(1.0 / 3, 0.5, DIR_INCREASE, 2), 2, "far from the target: two");
  INT_EQ(value_decimals(10.0055, 10.006, DIR_INCREASE, 2), 4, "10.0055 against 10.006: on a half at three, so four");
  STR_EQ(num_text(12345678901, s), "12345678901", "eleven digits, no exponent");
  STR_EQ(num_text(0.00001, s), "0.00001", "a small value, no exponent");
  STR_EQ(num_text(-0.0, s), "0", "no -0");
  STR_EQ(num_text(66.4, s), "66.4", "no binary tail");
  STR_EQ(num_text(123456789012345.67, s), "123456789012346", "15 significant digits at most");

  // A level to hold, a plan next to a target of two decimals, a mean that is the target.
  one_init(&t, DIR_DECREASE, "10", "2026-01-01", 50, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-03-01", 60, 2);
  m = eval(&t, &ev, "2026-03-05");
  DBL_EQ(m->progress, 0, "a ceiling the baseline meets, breached: 0, not 1");
  OK(m->status == MS_OFF_TRACK, "and off track, got %d", m->status);
  DBL_EQ(m->plan_value, 50, "a level to hold is planned at the target");
  done(&t, &ev);
  // A level to hold holds from the start: a breach in the first weeks is off track, not on track or at risk.
  one_init(&t, DIR_INCREASE, "99.95", "2026-01-15", 99.9, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-01-15", 97, 2);
  m = eval(&t, &ev, "2026-01-20");
  INT_EQ(m->status, MS_OFF_TRACK, "a level to hold breached on the baseline date: off-track");
  DBL_EQ(m->planned, 1, "planned in full from the start");
  eval_release(&ev);
  row(&t, "2026-02-10", 99.92, 3);
  m = eval(&t, &ev, "2026-02-12");
  INT_EQ(m->status, MS_ACHIEVED, "held again: achieved");
  done(&t, &ev);
  one_init(&t, DIR_INCREASE, "99.95", NULL, 99.9, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-02-10", 97, 2);
  m = eval(&t, &ev, "2026-02-12");
  INT_EQ(m->status, MS_OFF_TRACK, "a level to hold breached, no baseline date: off-track, not no-plan");
  done(&t, &ev);
  one_init(&t, DIR_INCREASE, "99.9", "2026-01-01", 99.99, "2026-12-31", FREQ_MONTHLY);
  row(&t, "2026-12-01", 99.95, 2);
  m = eval(&t, &ev, "2026-12-05");
  DBL_EQ(m->plan_value, 99.98, "the plan in the target's decimals, not 100");
  done(&t, &ev);
}

void test_rules(void)
{
  static const char *const hits[] = {"Run awareness training", "Roll-out of EDR to all laptops", "conduct a review",
                                     "IMPLEMENT MFA", NULL};
  static const char *const misses[] = {"Implemented MFA covers 100% of remote access",
                                       "Complete quarterly access reviews for all critical applications",
                                       "Improve information security awareness among relevant personnel, demonstrated "
                                       "through completion and evaluation criteria",
                                       "Runbooks exist for every critical service", "To run the SOC", NULL};
  for (int i = 0; hits[i]; i++)
    OK(title_activity(hits[i]) != NULL, "Q-ACTIVITY flags '%s'", hits[i]);
  for (int i = 0; misses[i]; i++)
    OK(title_activity(misses[i]) == NULL, "Q-ACTIVITY leaves '%s'", misses[i]);
  static const char *const vague[] = {"Improve information security", "To improve security.", "  Be  ISO 27001 compliant ",
                                      "ENSURE COMPLIANCE", NULL};
  static const char *const specific[] = {"Improve information security awareness among relevant personnel",
                                         "Improve security of the payroll system", "Security improves", "To", "", NULL};
  for (int i = 0; vague[i]; i++)
    OK(title_vague(vague[i]), "Q-VAGUE flags '%s'", vague[i]);
  for (int i = 0; specific[i]; i++)
    OK(!title_vague(specific[i]), "Q-VAGUE leaves '%s'", specific[i]);
  INT_EQ(rule_index("6.2a"), 1, "the table starts with 6.2 and 6.2a");
  INT_EQ(rule_index("X-NONE"), -1, "unknown rule");
}
