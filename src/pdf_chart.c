/*
 * pdf_chart.c - the chart of a measure, as the register draws one under each
 * measure's table: its values over time (a polyline with point markers),
 * the target, the planned trajectory from baseline to target at the due date,
 * and the evaluation date, on a dated axis of whole months with value
 * gridlines at nice steps, and a legend under it.
 *
 * Everything drawn goes through the layout's primitives (pdf_layout.c), so
 * its graphics state cache knows the page's line style and joins; nothing is
 * drawn in a dry run.  The axes cover every date and value shown, so no
 * point falls outside the frame.
 */
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CHART_H 118.0f  // the plot area

typedef struct {
  float x0, y0, x1, y1;   // the plot area
  Date d0, d1;            // the dated x axis: whole months
  int first_y, first_m, months;  // its first month and its length in months
  double v0, v1, step;    // the value axis and its tick step
} Plot;

/* The x of a date. */
static float plot_x(const Plot *p, Date d)
{
  return p->x0 + (p->x1 - p->x0) * (float)(d - p->d0) / (float)(p->d1 - p->d0);
}

/* Values keep clear of the frame by a few points, so a target on a bound stays visible. */
static float plot_y(const Plot *p, double v)
{
  const float pad = 5.0f;
  return p->y0 + pad + (p->y1 - p->y0 - 2 * pad) * (float)((v - p->v0) / (p->v1 - p->v0));
}

/* Year and month of a date. */
static void year_month(Date d, int *y, int *m)
{
  char s[11];
  date_format(d, s);
  *y = atoi(s);
  *m = atoi(s + 5);
}

/* The first day of month m (1-based, may overflow into later years) of year y. */
static Date month_start(int y, int m)
{
  char s[32];
  y += (m - 1) / 12;
  m = (m - 1) % 12 + 1;
  Date d = 0;
  if (y > 9999) {  // only the end of an axis ending in 9999-12: past the calendar
    date_parse("9999-12-31", &d);
    return d + 1 + (y - 10000) * 366 + (m - 1) * 31;
  }
  snprintf(s, sizeof s, "%04d-%02d-01", y, m);
  date_parse(s, &d);
  return d;
}

/* A tick step of about span/n: 1, 2, 2.5 or 5 times a power of ten. */
static double nice_step(double span, int n)
{
  double raw = span / n, mag = pow(10, floor(log10(raw))), f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

/* The axes' ranges: every date and value the chart shows; false when there is nothing to show. */
static bool plot_ranges(Date as_of, const Measure *m, const MeasureEval *me, Plot *p)
{
  Date lo = as_of, hi = as_of;
  double vlo = INFINITY, vhi = -INFINITY;
#define TAKE_D(x) (lo = (x) < lo ? (x) : lo, hi = (x) > hi ? (x) : hi)
#define TAKE_V(x) (vlo = (x) < vlo ? (x) : vlo, vhi = (x) > vhi ? (x) : vhi)
  if (m->baseline_date.valid)
    TAKE_D(m->baseline_date.v);
  if (m->due_eff != DATE_NONE)
    TAKE_D(m->due_eff);
  if (me->n_rows) {
    TAKE_D(me->rows[0]->date);
    TAKE_D(me->rows[me->n_rows - 1]->date);
  }
  for (int i = 0; i < me->n_rows; i++)
    TAKE_V(me->rows[i]->value);
  if (m->baseline.valid)
    TAKE_V(m->baseline.v);
  if (m->target.valid)
    TAKE_V(m->target.v);
#undef TAKE_D
#undef TAKE_V
  if (vlo > vhi || !isfinite(vhi - vlo))
    return false;
  int y, mo;
  year_month(lo, &p->first_y, &p->first_m);
  p->d0 = month_start(p->first_y, p->first_m);
  year_month(hi, &y, &mo);
  p->months = (y - p->first_y) * 12 + (mo + 1 - p->first_m);
  p->d1 = month_start(p->first_y, p->first_m + p->months);
  if (vhi - vlo < 1e-9) {
    double pad = fabs(vlo) > 1 ? fabs(vlo) * 0.1 : 1;
    vlo -= pad, vhi += pad;
  }
  p->step = nice_step(vhi - vlo, 5);
  p->v0 = floor(vlo / p->step) * p->step;
  p->v1 = ceil(vhi / p->step) * p->step;
  if (p->v1 - p->v0 < p->step / 2)
    p->v1 = p->v0 + p->step;
  return true;
}

/* Value gridlines and labels at nice steps. */
static void value_axis(PdfDoc *d, const Plot *p)
{
  PdfStyle lab = pdf_style(PF_REGULAR, 6.5f, PDF_MUTED);
  double step = p->step;
  int decimals = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
  if (fabs(step * pow(10, decimals) - floor(step * pow(10, decimals) + 0.5)) > 1e-6)
    decimals++;
  // Millions and more in short: 2.5M, 40G (labels stay inside the margin).
  double top = fmax(fabs(p->v0), fabs(p->v1)), big = 1;
  const char *suffix = "";
  // 10^6, 10^9, 10^12, 10^15, as the language abbreviates them: German reads
  // "T" as Tausend, so 125T would be 125 thousand there, not 125 * 10^12.
  static const char *const sfx[] = {NC_("axis scale", "M"), NC_("axis scale", "G"), NC_("axis scale", "T"),
                                    NC_("axis scale", "P")};
  for (int i = 0; i < 4; i++)
    if (top >= pow(10, 6 + 3 * i)) {
      big = pow(10, 6 + 3 * i);
      suffix = trc(d->set.lang, "axis scale", sfx[i]);
    }
  int n = 0;  // gridlines, then their labels
  pdf_path_begin(d, 0.3f, (PdfRgb){0.88f, 0.89f, 0.91f});
  for (; n < 100 && p->v0 + n * step <= p->v1 + step / 1000; n++) {
    float y = plot_y(p, p->v0 + n * step);
    pdf_path_line(d, p->x0, y, p->x1, y);
  }
  pdf_path_stroke(d);
  for (int k = 0; k < n; k++) {
    double v = p->v0 + k * step;
    float y = plot_y(p, v);
    char s[48], c[48];
    if (big > 1)
      snprintf(c, sizeof c, "%g", fabs(v) < step / 1000 ? 0.0 : v / big);
    else
      snprintf(c, sizeof c, "%.*f", decimals, fabs(v) < step / 1000 ? 0.0 : v);
    num_localise(d->set.lang, c, s, sizeof s - 8);  // 1,000 / 1.000 / 1 000; 2,5 Mio. in de
    if (strcmp(c, "0") != 0)  // 0, not 0M
      strcat(s, suffix);
    pdf_label(d, &lab, p->x0 - 4.0f, y - 2.2f, AL_RIGHT, s);
  }
}

/* The label of a major tick at x: YYYY-MM, or YYYY when ticks are years apart. */
static void date_label(PdfDoc *d, const PdfStyle *lab, const Plot *p, float x, int yy, int mm, int step)
{
  char s[16];
  if (step >= 12)
    snprintf(s, sizeof s, "%04d", yy);
  else
    snprintf(s, sizeof s, "%04d-%02d", yy, mm);
  float half = pdf_width(d, lab, s) / 2;
  if (x - half >= p->x0 - 12.0f && x + half <= p->x1 + 12.0f)
    pdf_label(d, lab, x, p->y0 - 10.0f, AL_CENTER, s);
}

/* Month ticks: every 1, 2, 3, 6 or 12 months, labelled YYYY-MM (or YYYY). */
static void date_axis(PdfDoc *d, const Plot *p)
{
  PdfStyle lab = pdf_style(PF_REGULAR, 6.5f, PDF_MUTED);
  int y0 = p->first_y, m0 = p->first_m, months = p->months;
  static const int steps[] = {1, 2, 3, 6, 12, 24, 60, 120};
  float room = p->x1 - p->x0;
  int step = 0;
  for (size_t i = 0; i < sizeof steps / sizeof *steps && !step; i++)
    if ((float)months / (float)steps[i] <= room / (steps[i] >= 12 ? 26.0f : 36.0f))
      step = steps[i];
  if (!step)  // centuries: a nice number of years
    step = 12 * (int)ceil(nice_step(months / 12.0, (int)(room / 26.0f)));
  bool minor = months <= 240;  // a tick a month, unless the span is decades
  // Three passes over the months: the gridlines at major ticks, the ticks, the labels.
  for (int pass = 0; pass < 3; pass++) {
    if (pass == 0)
      pdf_path_begin(d, 0.3f, (PdfRgb){0.93f, 0.94f, 0.95f});
    else if (pass == 1)
      pdf_path_begin(d, 0.4f, PDF_MUTED);
    for (int k = 0; k <= months; k++) {
      int yy = y0 + (m0 - 1 + k) / 12, mm = (m0 - 1 + k) % 12 + 1;
      bool major = step >= 12 ? mm == 1 && (yy % (step / 12)) == 0 : ((yy * 12 + mm - 1) % step) == 0;
      if (!major && (pass != 1 || !minor))
        continue;
      float x = plot_x(p, month_start(y0, m0 + k));
      if (pass == 0)
        pdf_path_line(d, x, p->y0, x, p->y1);
      else if (pass == 1)
        pdf_path_line(d, x, p->y0, x, p->y0 - (major ? 3.0f : 1.5f));
      else
        date_label(d, &lab, p, x, yy, mm, step);
    }
    if (pass < 2)
      pdf_path_stroke(d);
  }
}

/* The series: a polyline through the used rows, with point markers. */
static void plot_values(PdfDoc *d, const Plot *p, const MeasureEval *me)
{
  if (!d->page || me->n_rows == 0)
    return;
  float *xy = xmalloc((size_t)me->n_rows * 2 * sizeof *xy);
  for (int i = 0; i < me->n_rows; i++) {
    xy[2 * i] = plot_x(p, me->rows[i]->date);
    xy[2 * i + 1] = plot_y(p, me->rows[i]->value);
  }
  pdf_polyline(d, xy, me->n_rows, 1.3f, PDF_ACCENT);
  if (me->n_rows <= 60)  // more markers would only blur the line
    pdf_markers(d, xy, me->n_rows, me->n_rows > 24, me->n_rows > 24 ? 1.5f : 1.9f, (PdfRgb){1, 1, 1}, 1.0f,
                PDF_ACCENT);
  free(xy);
}

/* The legend under the plot: up to four entries, each a line sample and its label,
 * set on as many lines as the plot's width needs (a long target or a translation
 * wraps at an entry, never past the margin). */
#define LEGEND_MAX 4
#define LEGEND_LINE 10.0f
typedef struct {
  int n;
  struct {
    PdfRgb c;
    int dash;  // 0 solid, 1 dashed, 2 dotted
    char label[96];
  } e[LEGEND_MAX];
} Legend;

static PdfStyle legend_style(void) { return pdf_style(PF_REGULAR, 6.5f, PDF_MUTED); }

static float legend_width(PdfDoc *d, const char *label)
{
  PdfStyle lab = legend_style();
  return 20.0f + pdf_width(d, &lab, label);
}

/* Lays the legend out from x0 to x1 and, when draw is set, draws it with its first
 * line at y; returns the number of lines. */
static int legend_set(PdfDoc *d, const Legend *g, float x0, float x1, float y, bool draw)
{
  PdfStyle lab = legend_style();
  float x = x0;
  int lines = 1;
  for (int i = 0; i < g->n; i++) {
    float w = legend_width(d, g->e[i].label);
    if (x > x0 && x + w > x1) {
      x = x0;
      y -= LEGEND_LINE;
      lines++;
    }
    if (draw) {
      pdf_stroke_line(d, x, y + 2.2f, x + 16.0f, y + 2.2f, g->e[i].dash == 2 ? 0.8f : 1.2f, g->e[i].c,
                      g->e[i].dash);
      pdf_label(d, &lab, x + 20.0f, y, AL_LEFT, g->e[i].label);
    }
    x += w + 14.0f;
  }
  return lines;
}

/* Whether the chart draws the planned trajectory: baseline, its date, target and due;
 * not for a level to hold, whose plan is the target all along (its line). */
static bool has_plan(const Measure *m, const MeasureEval *me)
{
  return m->baseline.valid && m->baseline_date.valid && m->target.valid && m->due_eff != DATE_NONE && !me->hold;
}

static void legend_add(Legend *g, PdfRgb c, int dash, const char *label)
{
  if (g->n >= LEGEND_MAX)
    BUG("a chart legend of more than four entries");
  g->e[g->n].c = c;
  g->e[g->n].dash = dash;
  snprintf(g->e[g->n].label, sizeof g->e[g->n].label, "%s", label);
  g->n++;
}

static const PdfRgb PLANNED = {0.45f, 0.50f, 0.58f};

/* The legend's entries: the values, the target, the plan, the evaluation date. */
static void legend_of(PdfDoc *d, const Measure *m, const MeasureEval *me, Date as_of, Legend *g)
{
  char v[48], line[96], s[11];
  Language l = d->set.lang;
  g->n = 0;
  legend_add(g, PDF_ACCENT, 0, me->n_rows ? tr(l, "measured value") : tr(l, "measured value: none recorded yet"));
  if (m->target.valid) {
    snprintf(line, sizeof line, tr(l, "target %s"), pdf_fmt_value(d, m->target.v, m, v));
    legend_add(g, PDF_GREEN, 0, line);
  }
  if (has_plan(m, me))
    legend_add(g, PLANNED, 1, tr(l, "planned: baseline to target at due"));
  date_format(as_of, s);
  snprintf(line, sizeof line, tr(l, "as of %s"), s);
  legend_add(g, PDF_RED, 2, line);
}

/* The target, the planned trajectory and the evaluation date over the plot, then the
 * values, then the legend under the axis. */
static void plot_lines(PdfDoc *d, const Plot *p, const Measure *m, const MeasureEval *me, Date as_of,
                       const Legend *g)
{
  if (m->target.valid) {
    float y = plot_y(p, m->target.v);
    pdf_stroke_line(d, p->x0, y, p->x1, y, 1.0f, PDF_GREEN, 0);
  }
  if (has_plan(m, me))
    pdf_stroke_line(d, plot_x(p, m->baseline_date.v), plot_y(p, m->baseline.v), plot_x(p, m->due_eff),
                    plot_y(p, m->target.v), 0.9f, PLANNED, 1);
  float xa = plot_x(p, as_of);
  pdf_stroke_line(d, xa, p->y0, xa, p->y1, 0.8f, PDF_RED, 2);
  plot_values(d, p, me);
  float ly = p->y0 - 24.0f;
  int lines = legend_set(d, g, p->x0, d->x1, ly, true);
  d->y = ly - (float)(lines - 1) * LEGEND_LINE - 10.0f;
}

bool pdf_measure_chart(PdfDoc *d, PdfText *t, const Measure *m, const MeasureEval *me, Date as_of)
{
  PdfStyle cap = pdf_style(PF_BOLD, 8.5f, PDF_INK), capm = pdf_style(PF_REGULAR, 8.5f, PDF_MUTED);
  pdf_text_reset(t);
  pdf_text_printf(d, t, &cap, "%s  ", m->id.s ? m->id.s : "?");
  pdf_text_puts(d, t, &cap, m->name.s ? m->name.s : tr(d->set.lang, "(no name)"));
  if (m->unit.s)
    pdf_text_printf(d, t, &capm, " (%s)", unit_label(d->set.lang, m->unit.s));
  Plot p = {0};
  bool has = plot_ranges(as_of, m, me, &p);
  Legend g;
  legend_of(d, m, me, as_of, &g);
  int lines = has ? legend_set(d, &g, d->x0 + 40.0f, d->x1, 0.0f, false) : 1;
  float total = pdf_flow_height(d, t) + 4.0f + (has ? CHART_H + 34.0f + (float)(lines - 1) * LEGEND_LINE : 14.0f);
  pdf_need(d, total);
  pdf_flow(d, t, AL_LEFT);
  pdf_space(d, 4.0f);
  if (!has)
    return false;
  p.x0 = d->x0 + 40.0f;
  p.x1 = d->x1 - 8.0f;
  p.y1 = d->y - 4.0f;
  p.y0 = p.y1 - CHART_H;
  value_axis(d, &p);
  date_axis(d, &p);
  pdf_path_begin(d, 0.6f, PDF_MUTED);  // the axes
  pdf_path_line(d, p.x0, p.y0, p.x1, p.y0);
  pdf_path_line(d, p.x0, p.y0, p.x0, p.y1);
  pdf_path_stroke(d);
  plot_lines(d, &p, m, me, as_of, &g);
  return true;
}
