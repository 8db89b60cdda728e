/*
 * progress.c - SPEC section 7: where each objective stands as of a date.
 *
 * eval_pack() is a pure function of the model and the evaluation date: it
 * reads the Pack and fills an Eval, never the other way round.  First the
 * progress rows are grouped by measure (or action) and sorted by date, rows
 * dated after as_of are flagged and left out, and of two rows for the same
 * date the later one (path order, then line order) wins.  The remaining
 * "used" rows give each measure its latest value, progress p, planned
 * progress e, status, staleness, RAG and forecast; objectives then take the
 * worst of their measures, raised by overdue actions and a passed due date.
 */
#include "objreg.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EPS 1e-9  // comparisons of p and e tolerate rounding, not judgement

static double clamp01(double x)
{
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

int freq_days(Frequency f)
{
  static const int days[] = {0, 7, 31, 92, 183, 366};
  return days[f];
}

/* Status, first that applies: achieved, overdue, no-data, on-track, at-risk,
 * off-track. Without planned progress e (no baseline_date) there is nothing to
 * be on track with: a measure at its target is on-track, any other no-plan. */
MeasureStatus eval_measure_status(bool achieved, double p, bool has_e, double e, Date as_of, Date due,
                                  bool has_data, double tolerance)
{
  if (achieved)
    return MS_ACHIEVED;
  if (due != DATE_NONE && as_of > due)
    return MS_OVERDUE;
  if (!has_data)
    return MS_NO_DATA;
  if (!has_e)
    return p + EPS >= 1 ? MS_ON_TRACK : MS_NO_PLAN;
  if (p + EPS >= e)
    return MS_ON_TRACK;
  if (p + EPS >= e - tolerance)
    return MS_AT_RISK;
  return MS_OFF_TRACK;
}

bool eval_stale(Date as_of, Date latest, Frequency f, int grace)
{
  return f != FREQ_NONE && latest != DATE_NONE && as_of - latest > freq_days(f) + grace;
}

static Rag status_rag(MeasureStatus s)
{
  switch (s) {
  case MS_ACHIEVED:
  case MS_ON_TRACK: return RAG_GREEN;
  case MS_AT_RISK:
  case MS_NO_DATA:
  case MS_NO_PLAN: return RAG_AMBER;
  case MS_OFF_TRACK:
  case MS_OVERDUE: return RAG_RED;
  default: return RAG_NONE;
  }
}

static bool meets(Direction d, double v, double target)
{
  return d == DIR_DECREASE ? v <= target : d == DIR_INCREASE ? v >= target : false;
}

/* v rounded to d decimals. */
static double round_to(double v, int d)
{
  double k = pow(10, d);
  double r = round(v * k) / k;
  return r == 0 ? 0 : r;  // no -0
}

/* The decimals a number is written with (0 to 6): as read, else as far as
 * its double tells (to a few units of its last binary place). */
static int decimals_of(const Num *n)
{
  int d = 0;
  if (n->dec >= 0)
    return n->dec < 6 ? n->dec : 6;
  while (d < 6 && fabs(n->v - round_to(n->v, d)) > 8 * DBL_EPSILON * fmax(1, fabs(n->v)))
    d++;
  return d;
}

/* Whether v lies on a half at d decimals (10.0055 at 3), where a reader that
 * rounds the decimal text (Excel) and one that rounds the binary value (printf)
 * part ways. */
static bool on_half(double v, int d)
{
  double x = fabs(v) * pow(10, d);
  return fabs(x - floor(x) - 0.5) < 1e-6;
}

int value_decimals(double v, double target, Direction dir, int min)
{
  int d = min;
  while (d < 15 && (meets(dir, round_to(v, d), target) != meets(dir, v, target) ||
                   (on_half(v, d) && meets(dir, round_to(v, d) + copysign(pow(10, -d), v), target) !=
                                         meets(dir, v, target))))
    d++;
  return d;
}

/* Least-squares line through (date, value) of the used rows on or after from, at x = at. */
static bool forecast(const MeasRow **rows, int n, Date from, Date at, double *out)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  int k = 0;
  for (int i = 0; i < n; i++) {
    if (from != DATE_NONE && rows[i]->date < from)
      continue;
    double x = rows[i]->date - (double)at, y = rows[i]->value;  // centred on `at` for precision
    sx += x, sy += y, sxx += x * x, sxy += x * y, k++;
  }
  if (k < 3)
    return false;
  double den = k * sxx - sx * sx;
  if (fabs(den) < EPS)
    return false;
  double slope = (k * sxy - sx * sy) / den;
  *out = (sy - slope * sx) / k;  // the intercept is the value at x = 0, i.e. at `at`
  return true;
}

/* The decimals of v as its 15 significant digits write it (0.1 has 1, 1e-07
 * has 7): every value objreg reads has at most 15, so this is its text. */
static int text_decimals(double v)
{
  char s[32];
  snprintf(s, sizeof s, "%.14e", v);  // d.dddddddddddddde+XX
  char *e = strchr(s, 'e');
  if (!e)
    return -1;  // not finite
  int exp10 = atoi(e + 1), sig = 15;
  while (sig > 1 && e[-1] == '0')
    e--, sig--;
  return sig - 1 - exp10 > 0 ? sig - 1 - exp10 : 0;
}

/* How the mean of the k values at rows compares with T, exactly as their
 * decimals do (-1 below, 0 equal, 1 above): each value scaled to a whole
 * number, summed in 64 bits. Binary arithmetic cannot tell (0.1 + 0.2) / 2
 * from 0.15, nor 100.0000000000005 from 100. *ok is false where the values
 * are too large for their decimals to be whole numbers below 2^52. */
static int mean_cmp_exact(const MeasRow **rows, int k, double T, bool *ok)
{
  int d = text_decimals(T);
  for (int i = 0; i < k; i++) {
    int di = text_decimals(rows[i]->value);
    d = di > d ? di : d;
  }
  *ok = d >= 0 && d <= 22;
  double scale = *ok ? pow(10, d) : 1, lim = 4503599627370496.0;  // 2^52: llround is exact below it
  *ok = *ok && fabs(T) * scale < lim;
  long long t = *ok ? llround(T * scale) : 0, sum = 0;
  for (int i = 0; i < k && *ok; i++) {
    *ok = fabs(rows[i]->value) * scale < lim;  // k <= 1000: the sum stays below 2^62
    sum += *ok ? llround(rows[i]->value * scale) : 0;
  }
  if (!*ok)
    return 0;
  long long kt = t * k;
  return sum < kt ? -1 : sum > kt;
}

/* Whether the measure's achievement rule is met by its used rows (SPEC 20);
 * also counts the latest values in a row that meet the target, and the mean
 * of the last n values for average_of. */
static bool eval_achieved(const Measure *m, const MeasRow **rows, int n, MeasureEval *me)
{
  if (!m->target.valid || n == 0)
    return false;
  Direction dir = m->direction.v;
  double T = m->target.v;
  while (me->met_run < n && meets(dir, rows[n - 1 - me->met_run]->value, T))
    me->met_run++;
  const AchievedWhen *aw = &m->achieved_when;
  switch (aw->kind) {
  case AW_CONSECUTIVE: return me->met_run >= aw->n;
  case AW_AVERAGE: {
    int k = n < aw->n ? n : aw->n;
    double sum = 0;
    for (int i = n - k; i < n; i++)
      sum += rows[i]->value;
    me->has_mean = true;
    me->n_mean = k;
    me->mean = sum / k;
    // The binary sum of values that are each read exactly is not always
    // exact: (0.1 + 0.2) / 2 is 0.15000000000000002. The mean is compared
    // with T as the decimals compare; where they cannot be made whole (far
    // beyond any real measure), within a part in 10^15 of T is T.
    bool exact;
    int c = mean_cmp_exact(rows + n - k, k, T, &exact);
    if (!exact)
      c = fabs(me->mean - T) <= 1e-15 * fmax(fabs(me->mean), fabs(T)) ? 0 : me->mean < T ? -1 : 1;
    if (c == 0)
      me->mean = T;
    else if ((c < 0) != (me->mean < T))  // the decimals and the binary mean disagree about the side
      me->mean = nextafter(T, c < 0 ? -INFINITY : INFINITY);
    return k == aw->n && (dir == DIR_DECREASE ? c <= 0 : dir == DIR_INCREASE ? c >= 0 : false);
  }
  default: return me->met_run >= 1;
  }
}

/* A planned value in the measure's unit: rounded to one decimal, or to as
 * many as the baseline or the target is written with (up to 6), and never
 * past either of them (99.977 against a target of 99.99 is 99.98, not 100). */
static double plan_value(const Num *b, const Num *t, double e)
{
  double B = b->v, T = t->v;
  int d = decimals_of(b) > decimals_of(t) ? decimals_of(b) : decimals_of(t);
  double v = round_to(B + e * (T - B), d > 1 ? d : 1);
  double lo = fmin(B, T), hi = fmax(B, T);
  return v < lo ? lo : v > hi ? hi : v;
}

/* Clamp a forecast to what the measure can take (SPEC 20): not below 0 when the
 * baseline (if any) and the target are at least 0, not above 100 for a percent unit. */
static double forecast_clamp(const Measure *m, double v)
{
  bool nonneg = m->target.valid && m->target.v >= 0 && (!m->baseline.valid || m->baseline.v >= 0);
  if (nonneg && v < 0)
    v = 0;
  if (unit_is_percent(m->unit.s) && v > 100)
    v = 100;
  return v;
}

static void eval_measure(const Pack *pack, const Measure *m, const MeasRow **rows, int n, Date as_of, MeasureEval *me)
{
  me->rows = rows;
  me->n_rows = n;
  bool has_t = m->target.valid, has_b = m->baseline.valid;
  Direction dir = m->direction.v;
  Date db = dv(m->baseline_date), due = m->due_eff;
  double T = m->target.v, B = m->baseline.v;
  // Rows dated before the baseline date are history: shown, not counted.
  // The baseline is the later measurement, so a value before it is neither
  // the latest value nor part of a run or a mean that the baseline breaks.
  while (db != DATE_NONE && me->n_before < n && rows[me->n_before]->date < db)
    me->n_before++;
  rows += me->n_before;
  n -= me->n_before;

  if (n > 0) {
    me->has_latest = true;
    me->latest = rows[n - 1]->value;
    me->latest_date = rows[n - 1]->date;
  } else {
    me->latest_date = DATE_NONE;
  }
  me->achieved = eval_achieved(m, rows, n, me);
  bool latest_meets = me->met_run >= 1;
  // A baseline that already meets the target (a level to hold, such as
  // availability >= 99.9 % from 99.95 %) has no way to go: progress is
  // whether the latest value still meets it, as without a baseline.
  bool hold = me->hold = has_b && has_t && (B == T || meets(dir, B, T));
  if (!me->has_latest)
    me->progress = 0;
  else if (has_b && has_t && !hold)
    me->progress = clamp01((me->latest - B) / (T - B));
  else
    me->progress = latest_meets ? 1 : 0;

  if (db != DATE_NONE && due != DATE_NONE) {
    me->has_planned_now = true;
    me->planned_now = due > db ? clamp01((double)(as_of - db) / (double)(due - db)) : 1;
    if (me->has_latest) {
      me->has_planned = true;
      me->planned = due > db ? clamp01((double)(me->latest_date - db) / (double)(due - db)) : 1;
    }
  }
  if (hold) {  // the target holds from the start: planned in full at any date, with or without dB
    me->has_planned = me->has_latest;
    me->planned = 1;
    me->has_planned_now = true;
    me->planned_now = 1;
  }
  if (has_b && has_t) {  // a level to hold is planned at the target all along
    me->has_plan_value = me->has_planned;
    me->plan_value = hold ? T : plan_value(&m->baseline, &m->target, me->planned);
    me->has_plan_value_now = me->has_planned_now;
    me->plan_value_now = hold ? T : plan_value(&m->baseline, &m->target, me->planned_now);
  }
  me->status = eval_measure_status(me->achieved, me->progress, me->has_planned, me->planned, as_of, due,
                                   me->has_latest, pack->at_risk_tolerance);
  me->stale = eval_stale(as_of, me->latest_date, m->frequency.v, pack->stale_grace_days);
  me->rag = status_rag(me->status);
  if (me->stale && me->rag == RAG_GREEN)
    me->rag = RAG_AMBER;

  if (due != DATE_NONE && forecast(rows, n, db, due, &me->forecast_line)) {
    me->has_forecast = true;
    me->forecast = forecast_clamp(m, me->forecast_line);
    me->forecast_clamped = me->forecast != me->forecast_line;
    me->forecast_miss = has_t && dir && !me->achieved && me->status != MS_OFF_TRACK &&
                        me->status != MS_OVERDUE && !meets(dir, me->forecast, T);
  }
}

/* Rows of one kind grouped by item and sorted by date, then file order. */
typedef struct {
  long row;     // index in the pack's array
  Date date;
} RowRef;

static int rowref_cmp(const void *pa, const void *pb)
{
  const RowRef *a = pa, *b = pb;
  if (a->date != b->date)
    return a->date < b->date ? -1 : 1;
  return a->row < b->row ? -1 : a->row > b->row;
}

/* Sort one item's rows; they usually come in date order already. */
static void sort_refs(RowRef *refs, int n)
{
  for (int i = 1; i < n; i++) {
    if (rowref_cmp(&refs[i - 1], &refs[i]) > 0) {
      qsort(refs, (size_t)n, sizeof *refs, rowref_cmp);
      return;
    }
  }
}

/* Flag rows after as_of and superseded duplicates within one item's sorted rows;
 * returns how many rows remain used, compacted to the front of refs. */
static int settle_rows(RowRef *refs, int n, Date as_of, uint8_t *flags, long *dup_of)
{
  int used = 0;
  for (int i = 0; i < n; i++) {
    long r = refs[i].row;
    if (i + 1 < n && refs[i + 1].date == refs[i].date) {
      flags[r] |= ROW_SUPERSEDED;
      dup_of[refs[i + 1].row] = r;
    }
    if (refs[i].date > as_of)
      flags[r] |= ROW_FUTURE;
    if (!flags[r])
      refs[used++] = refs[i];
  }
  return used;
}

/* Risks that need an objective and have none (6.2c-coverage): open, at or above
 * the threshold, treated by modification, listed by no active or achieved objective. */
static void eval_coverage(const Pack *pack, Eval *ev)
{
  Map covered;
  map_init(&covered);
  for (int i = 0; i < pack->n_objectives; i++) {
    const Objective *o = pack->objectives[i];
    if (o->status.v == ST_ACTIVE || o->status.v == ST_ACHIEVED)
      for (int j = 0; j < o->risks.n; j++)
        map_put(&covered, o->risks.v[j].s, (void *)o);
  }
  ev->risk_uncovered = arena_alloc(&ev->arena, (size_t)(pack->n_risks + 1) * sizeof *ev->risk_uncovered);
  for (int i = 0; i < pack->n_risks; i++) {
    const Risk *r = &pack->risks[i];
    ev->risk_uncovered[i] = r->open && r->treatment == TR_MODIFY && r->level >= (RiskLevel)pack->risk_coverage.v &&
                            !map_get(&covered, r->id);
    ev->uncovered_risks += ev->risk_uncovered[i];
  }
  map_release(&covered);
}

/* Each decision's status as of as_of: its used update rows (by date; on one
 * date the later row wins, P-DUP; rows after as_of are not used, P-FUTURE),
 * the latest of them, else the meeting file's; overdue when still open past
 * its due.  And per objective, the decisions that name it. */
static void eval_decisions(const Pack *pack, Date as_of, Eval *ev)
{
  Arena *A = &ev->arena;
  int nm = pack->n_meetings;
  ev->current_meeting = -1;
  ev->meet = arena_alloc(A, (size_t)(nm ? nm : 1) * sizeof *ev->meet);
  ev->drow_flags = arena_alloc(A, (size_t)(pack->n_drows + 1));
  ev->drow_dup_of = arena_alloc(A, (size_t)(pack->n_drows + 1) * sizeof(long));
  RowRef *refs = xmalloc((size_t)(pack->n_drows ? pack->n_drows : 1) * sizeof *refs);
  int *n_per_obj = arena_alloc(A, (size_t)(pack->n_objectives + 1) * sizeof *n_per_obj);
  for (long i = 0; i < pack->n_drows; i++)
    ev->drow_dup_of[i] = -1;
  for (int i = 0; i < nm; i++) {
    const Meeting *mt = pack->meetings[i];
    MeetingEval *me = &ev->meet[i];
    me->previous = mt->date.v < as_of;
    me->current = mt->date.v == as_of;
    if (me->current)
      ev->current_meeting = i;
    me->d = arena_alloc(A, (size_t)(mt->n_decisions ? mt->n_decisions : 1) * sizeof *me->d);
    for (int j = 0; j < mt->n_decisions; j++) {
      const Decision *d = &mt->decisions[j];
      DecisionEval *de = &me->d[j];
      int n = 0;
      for (long r = 0; r < pack->n_drows; r++)  // few decisions and updates: a scan each
        if (pack->drows[r].meeting == i && pack->drows[r].decision == j)
          refs[n++] = (RowRef){r, pack->drows[r].date};
      sort_refs(refs, n);
      n = settle_rows(refs, n, as_of, ev->drow_flags, ev->drow_dup_of);
      de->latest = n ? &pack->drows[refs[n - 1].row] : NULL;
      de->status = de->latest ? de->latest->status : (DecisionStatus)d->status.v;
      de->overdue = de->status == DS_OPEN && d->due.valid && as_of > d->due.v;
      de->days_overdue = de->overdue ? as_of - d->due.v : 0;
      de->state = de->status == DS_DONE ? DV_DONE : de->status == DS_CANCELLED ? DV_CANCELLED
                  : de->overdue ? DV_OVERDUE : DV_OPEN;
      if (me->previous) {
        ev->n_previous_decisions++;
        ev->by_state[de->state]++;
      }
      for (int k = 0; k < d->objectives.n; k++)
        if (d->obj[k] >= 0)
          n_per_obj[d->obj[k]]++;
    }
  }
  free(refs);
  for (int i = 0; i < pack->n_objectives; i++)
    ev->obj[i].decisions = arena_alloc(A, (size_t)(n_per_obj[i] ? n_per_obj[i] : 1) * sizeof(DecisionRef));
  for (int i = 0; i < nm; i++) {
    const Meeting *mt = pack->meetings[i];
    for (int j = 0; j < mt->n_decisions; j++)
      for (int k = 0; k < mt->decisions[j].objectives.n; k++) {
        int o = mt->decisions[j].obj[k];
        bool again = false;  // an objective named twice by one decision lists it once
        for (int q = 0; o >= 0 && q < k; q++)
          again |= mt->decisions[j].obj[q] == o;
        if (o >= 0 && !again)
          ev->obj[o].decisions[ev->obj[o].n_decisions++] = (DecisionRef){i, j};
      }
  }
}

/* The progress rows of every measure and action, in one flat numbering of
 * the items (objective by objective): each item's rows, in file order. */
typedef struct {
  int *m_first, *a_first;  // per objective: its first measure, action in the numbering
  long *m_start, *a_start; // per item: where its rows start in mref, aref
  RowRef *mref, *aref;     // malloc-owned
  int nm, na;
} Buckets;

/* Bucket the rows by item (counting sort keeps file order). */
static void bucket_rows(const Pack *pack, Arena *A, Buckets *b)
{
  int no = pack->n_objectives;
  b->m_first = arena_alloc(A, (size_t)(no + 1) * sizeof *b->m_first);
  b->a_first = arena_alloc(A, (size_t)(no + 1) * sizeof *b->a_first);
  for (int i = 0; i < no; i++) {
    b->m_first[i + 1] = b->m_first[i] + pack->objectives[i]->n_measures;
    b->a_first[i + 1] = b->a_first[i] + pack->objectives[i]->n_actions;
  }
  int nm = b->nm = b->m_first[no], na = b->na = b->a_first[no];
  b->m_start = arena_alloc(A, (size_t)(nm + 1) * sizeof *b->m_start);
  b->a_start = arena_alloc(A, (size_t)(na + 1) * sizeof *b->a_start);
  b->mref = xmalloc((size_t)(pack->n_mrows ? pack->n_mrows : 1) * sizeof *b->mref);
  b->aref = xmalloc((size_t)(pack->n_arows ? pack->n_arows : 1) * sizeof *b->aref);
  for (long i = 0; i < pack->n_mrows; i++)
    b->m_start[b->m_first[pack->mrows[i].obj] + pack->mrows[i].measure + 1]++;
  for (long i = 0; i < pack->n_arows; i++)
    b->a_start[b->a_first[pack->arows[i].obj] + pack->arows[i].action + 1]++;
  for (int k = 0; k < nm; k++)
    b->m_start[k + 1] += b->m_start[k];
  for (int k = 0; k < na; k++)
    b->a_start[k + 1] += b->a_start[k];
  long *fill = xcalloc((size_t)(nm + na + 1), sizeof *fill);
  for (long i = 0; i < pack->n_mrows; i++) {
    int k = b->m_first[pack->mrows[i].obj] + pack->mrows[i].measure;
    b->mref[b->m_start[k] + fill[k]++] = (RowRef){i, pack->mrows[i].date};
  }
  for (long i = 0; i < pack->n_arows; i++) {
    int k = b->a_first[pack->arows[i].obj] + pack->arows[i].action;
    b->aref[b->a_start[k] + fill[nm + k]++] = (RowRef){i, pack->arows[i].date};
  }
  free(fill);
}

/* The flags and duplicate links of every row, none set yet. */
static void init_row_flags(const Pack *pack, Eval *ev)
{
  Arena *A = &ev->arena;
  ev->mrow_flags = arena_alloc(A, (size_t)(pack->n_mrows + 1));
  ev->arow_flags = arena_alloc(A, (size_t)(pack->n_arows + 1));
  ev->mrow_dup_of = arena_alloc(A, (size_t)(pack->n_mrows + 1) * sizeof(long));
  ev->arow_dup_of = arena_alloc(A, (size_t)(pack->n_arows + 1) * sizeof(long));
  for (long i = 0; i < pack->n_mrows; i++)
    ev->mrow_dup_of[i] = -1;
  for (long i = 0; i < pack->n_arows; i++)
    ev->arow_dup_of[i] = -1;
}

/* Objective i's measures and actions, each from its rows sorted by date. */
static void eval_items(const Pack *pack, Eval *ev, const Buckets *b, int i, Date as_of)
{
  Arena *A = &ev->arena;
  const Objective *o = pack->objectives[i];
  ObjEval *oe = &ev->obj[i];
  oe->m = arena_alloc(A, (size_t)(o->n_measures ? o->n_measures : 1) * sizeof *oe->m);
  oe->a = arena_alloc(A, (size_t)(o->n_actions ? o->n_actions : 1) * sizeof *oe->a);
  for (int j = 0; j < o->n_measures; j++) {
    int k = b->m_first[i] + j;
    RowRef *refs = b->mref + b->m_start[k];
    int n = (int)(b->m_start[k + 1] - b->m_start[k]);
    sort_refs(refs, n);
    n = settle_rows(refs, n, as_of, ev->mrow_flags, ev->mrow_dup_of);
    const MeasRow **rows = arena_alloc(A, (size_t)(n ? n : 1) * sizeof *rows);
    for (int r = 0; r < n; r++)
      rows[r] = &pack->mrows[refs[r].row];
    eval_measure(pack, &o->measures[j], rows, n, as_of, &oe->m[j]);
  }
  for (int j = 0; j < o->n_actions; j++) {
    int k = b->a_first[i] + j;
    RowRef *refs = b->aref + b->a_start[k];
    int n = (int)(b->a_start[k + 1] - b->a_start[k]);
    sort_refs(refs, n);
    n = settle_rows(refs, n, as_of, ev->arow_flags, ev->arow_dup_of);
    ActionEval *ae = &oe->a[j];
    ae->latest = n ? &pack->arows[refs[n - 1].row] : NULL;
    ae->done = ae->latest && ae->latest->status == AS_DONE;
    bool cancelled = ae->latest && ae->latest->status == AS_CANCELLED;
    Date due = dv(o->actions[j].due);
    ae->overdue = due != DATE_NONE && as_of > due && !ae->done && !cancelled;
  }
}

/* The objective as a whole, from its measures and actions: achieved, review
 * dates, and for a rated one (active or achieved) its RAG and progress. */
static void eval_objective(const Pack *pack, const Objective *o, ObjEval *oe, Date as_of)
{
  ObjStatus st = o->status.v;
  oe->rated = st == ST_ACTIVE || st == ST_ACHIEVED;
  bool all = o->n_measures > 0;
  Rag worst = RAG_GREEN;
  double psum = 0;
  for (int j = 0; j < o->n_measures; j++) {
    all &= oe->m[j].achieved;
    worst = oe->m[j].rag > worst ? oe->m[j].rag : worst;
    psum += oe->m[j].progress;
    oe->n_stale += oe->m[j].stale;
  }
  int done = 0, counted = 0;
  for (int j = 0; j < o->n_actions; j++) {
    oe->n_overdue_actions += oe->a[j].overdue;
    bool cancelled = oe->a[j].latest && oe->a[j].latest->status == AS_CANCELLED;
    done += oe->a[j].done;
    counted += !cancelled;
  }
  oe->achieved = st == ST_ACHIEVED || all;
  const Review *rv = &o->review;
  if (st == ST_ACTIVE && !rv->invalid) {
    oe->review_late = rv->last.valid && rv->frequency.v &&
                      as_of - rv->last.v > freq_days(rv->frequency.v) + pack->stale_grace_days;
    oe->review_next_passed = rv->next.valid && rv->next.v < as_of;
  }
  if (!oe->rated)
    return;
  if (oe->achieved) {
    oe->rag = RAG_GREEN;
  } else {
    oe->rag = worst;
    if (oe->n_overdue_actions && oe->rag < RAG_AMBER)
      oe->rag = RAG_AMBER;
    if (o->due.valid && as_of > o->due.v)
      oe->rag = RAG_RED;
  }
  if (!o->measurable) {
    oe->has_progress = counted > 0;
    oe->progress = counted ? (double)done / counted : 0;
  } else if (o->n_measures) {
    oe->has_progress = true;
    oe->progress = psum / o->n_measures;
  }
}

/* A rated objective's share of the pack's totals. */
static void count_objective(Eval *ev, const Objective *o, const ObjEval *oe, double *progress_sum, int *progress_n)
{
  ev->by_rag[oe->rag]++;
  ev->overdue_actions += oe->n_overdue_actions;
  ev->stale_measures += oe->n_stale;
  for (int j = 0; j < o->n_measures; j++) {
    ev->forecast_misses += oe->m[j].forecast_miss;
    ev->nodata_measures += !oe->m[j].has_latest;
  }
  if (oe->has_progress)
    *progress_sum += oe->progress, ++*progress_n;
}

void eval_pack(const Pack *pack, Date as_of, Eval *ev)
{
  memset(ev, 0, sizeof *ev);
  arena_init(&ev->arena);
  ev->as_of = as_of;
  int no = pack->n_objectives;
  ev->obj = arena_alloc(&ev->arena, (size_t)(no ? no : 1) * sizeof *ev->obj);
  Buckets b;
  bucket_rows(pack, &ev->arena, &b);
  init_row_flags(pack, ev);
  double progress_sum = 0;
  int progress_n = 0;
  for (int i = 0; i < no; i++) {
    const Objective *o = pack->objectives[i];
    eval_items(pack, ev, &b, i, as_of);
    ev->by_status[o->status.v]++;
    eval_objective(pack, o, &ev->obj[i], as_of);
    if (ev->obj[i].rated)
      count_objective(ev, o, &ev->obj[i], &progress_sum, &progress_n);
  }
  shares_largest_remainder(ev->by_rag + RAG_GREEN, 3, ev->rag_share + RAG_GREEN);
  ev->has_progress = progress_n > 0;
  ev->progress = progress_n ? progress_sum / progress_n : 0;
  eval_coverage(pack, ev);
  eval_decisions(pack, as_of, ev);
  free(b.mref);
  free(b.aref);
}

void eval_release(Eval *ev)
{
  arena_release(&ev->arena);
}

const char *mstatus_name(MeasureStatus s)
{
  static const char *const names[] = {"", "achieved", "overdue", "no-data", "on-track", "at-risk", "off-track", "no-plan"};
  return names[s];
}

const char *dstate_name(DecisionState s)
{
  static const char *const names[] = {"open", "done", "overdue", "cancelled"};
  return names[s];
}

const char *rag_name(Rag r)
{
  static const char *const names[] = {"", "green", "amber", "red"};
  return names[r];
}

int percent_round(double fraction)
{
  int pc = (int)floor(fraction * 100.0 + 0.5);
  return pc >= 100 && fraction < 1 ? 99 : pc;  // 99.7 % is not yet the whole
}

const char *percent_format(double fraction, char out[16])
{
  snprintf(out, 16, "%d%%", percent_round(fraction));
  return out;
}

char *decimal_tidy(char *out)
{
  char *dot = strchr(out, '.');
  if (dot) {
    char *e = out + strlen(out) - 1;
    while (e > dot && *e == '0')
      *e-- = '\0';
    if (e == dot)
      *e = '\0';
  }
  if (strcmp(out, "-0") == 0)
    strcpy(out, "0");
  return out;
}

const char *num_text(double v, char out[48])
{
  double av = fabs(v);
  if (v == 0 || !isfinite(v) || av >= 1e21 || av < 1e-15) {  // beyond what "%f" writes in 48 bytes
    snprintf(out, 48, v == 0 ? "0" : "%.15g", v);
    return out;
  }
  int decimals = 15 - ((int)floor(log10(av)) + 1);
  snprintf(out, 48, "%.*f", decimals < 0 ? 0 : decimals, v);
  return decimal_tidy(out);
}

const char *const percent_words[] = {"percent", "per cent", "prozent", "pour cent", "pourcentage", NULL};

bool unit_is_percent(const char *unit)
{
  if (!unit)
    return false;
  if (strcmp(unit, "%") == 0)
    return true;
  for (const char *const *w = percent_words; *w; w++)
    if (str_ieq(unit, *w))
      return true;
  return false;
}

const char *achieve_rule_text(const AchievedWhen *aw, char out[64])
{
  if (aw->kind == AW_CONSECUTIVE)
    snprintf(out, 64, "last %d values all meet the target", aw->n);
  else if (aw->kind == AW_AVERAGE)
    snprintf(out, 64, "mean of the last %d values meets the target", aw->n);
  else
    snprintf(out, 64, "latest value meets the target");
  return out;
}

void shares_largest_remainder(const int *counts, int n, int *out)
{
  long total = 0, given = 0;
  for (int i = 0; i < n; i++)
    total += counts[i];
  for (int i = 0; i < n; i++) {
    out[i] = total > 0 ? (int)(100L * counts[i] / total) : 0;
    given += out[i];
  }
  // Fewer than n points are left: one each to the largest remainders, the
  // earlier item first on a tie, never twice to one item.
  for (long left = total > 0 ? 100 - given : 0; left > 0; left--) {
    int best = -1;
    long best_rem = 0;
    for (int i = 0; i < n; i++) {
      long rem = 100L * counts[i] - (long)out[i] * total;  // what flooring dropped, times total; <= 0 once raised
      if (rem > best_rem) {
        best = i;
        best_rem = rem;
      }
    }
    if (best < 0)
      break;
    out[best]++;
  }
}
