/*
 * progress_csv.c - progress/ CSV files (any depth): measurement records and action updates
 * (SPEC section 6).
 *
 * The header decides the kind of file.  A row that cannot be used is
 * reported with its line and not kept (P-REF for an unknown objective,
 * measure or action; P-VALUE for a bad date, number or status); every other
 * row is kept in path then line order.  Which rows count (duplicates, rows
 * after as_of) is decided by the evaluation, not here.
 */
#include "objreg.h"

#include <string.h>
#include <strings.h>

typedef struct {
  Pack *pack;
  const SrcFile *file;
  int header_nf;
  bool sheet;       // the CSV text of a workbook's sheet: quoted fields are its text cells
  XlsxKind (*kind_of)(const void *ctx, int line, int field);  // a sheet's cell's kind (see progress_read_sheet)
  const void *kind_ctx;
  bool is_measure, is_decision;
  int c_obj, c_item, c_date, c_value, c_status, c_percent, c_note, c_evidence, c_measured_by, c_verified_by;
  Objective *last;  // rows come grouped by objective: the last one found
} ProgCtx;

/* Where field col of row r is: in a workbook's sheet its cell, an empty one
 * included (column -(col + 1), which progress_xlsx.c turns into the cell's
 * column; 0, the row, for a column the header lacks); else csv_pos. */
static Pos field_pos(const ProgCtx *c, const CsvRow *r, int col)
{
  if (c->sheet)
    return (Pos){c->file->path, r->line, col >= 0 ? -(col + 1) : 0};
  return csv_pos(r, col);
}

/* Where the row at line is: column 1; in a workbook's sheet column 0 (the row, not its first cell). */
static Pos row_pos(const ProgCtx *c, int line)
{
  return (Pos){c->file->path, line, c->sheet ? 0 : 1};
}

/* What an unquoted field of a sheet's text is: its cell's kind (a number, percent,
 * date, time or boolean cell, as xlsx_read.c writes them). */
static const char *cell_kind(const char *s)
{
  size_t n = strlen(s);
  if (strcmp(s, "TRUE") == 0 || strcmp(s, "FALSE") == 0)
    return "a boolean";
  if (n && s[n - 1] == '%')
    return "a percentage (the cell has a percent format)";
  if (n >= 10 && s[4] == '-' && s[7] == '-')
    return strchr(s, ':') ? "a date with a time of day" : "a date";
  if (strchr(s, ':'))
    return "a time";
  return "a number";
}

/* Why field col of row r, a number (or a date when date), cannot be read: in a
 * workbook's sheet said of its cell, with what to enter there; else why. */
static const char *cell_why(ProgCtx *c, const CsvRow *r, int col, const char *why, bool date)
{
  if (!c->sheet)
    return why;
  Arena *a = &c->pack->arena;
  const char *s = csv_field(r->f, r->nf, col);
  if (!*s)
    return date ? "the cell is empty: enter the date" : "the cell is empty: enter the value";
  XlsxKind k = c->kind_of ? c->kind_of(c->kind_ctx, r->line, col) : XV_TEXT;
  if (k == XV_ERROR)
    return arena_printf(a, "the cell holds the error %s: correct the formula or enter the %s", s,
                        date ? "date" : "value");
  if (k == XV_FORMULA)
    return "the cell holds a formula whose result was never saved: open and save the file in Excel or LibreOffice "
           "(which compute it), or enter the value";
  if (date && (strcmp(s, "1900-02-29") == 0 || strcmp(s, "1900-01-00") == 0))  // a date cell: Excel's own days
    return arena_printf(a, "the cell holds %s, a day that does not exist (%s): enter the date", s,
                        s[6] == '2' ? "Excel's 1900 leap-year error" : "Excel's day 0, before 1900-01-01");
  if (col < r->nf && r->quoted[col])  // a text cell: read as typed, under the csv: keys
    return arena_printf(a, "%s; the cell holds text%s", why,
                        date ? " (a date stored as text): enter the date as a date, in a cell formatted as Date"
                             : ": enter the value as a number, in a cell formatted as Number");
  const char *kind = cell_kind(s);
  if (!date && strcmp(kind, "a number") == 0)
    return arena_printf(a, "the cell holds a number objreg cannot read exactly (%s)", why);
  if (!date && strncmp(kind, "a percentage", 12) == 0)
    return "the cell has a percent format, but the measure's unit is not %: format the cell as Number and enter "
           "the value in the measure's unit";
  return arena_printf(a, "the cell holds %s, not %s: enter %s", kind, date ? "a date" : "a number",
                      date ? "the date, in a cell formatted as Date"
                           : "the value as a number, in a cell formatted as Number");
}

/* A number field of row r.  In a workbook's sheet a number cell (unquoted)
 * is exact, with '.' as its decimal mark, and a text cell (quoted) holds what
 * its author typed: it is read as in a ';'-delimited file under the pack's
 * csv: keys (either decimal mark; `1.420` ambiguous unless csv: settles it). */
static const char *row_number(ProgCtx *c, const CsvRow *r, int col, const char *s, bool pct, double *v)
{
  if (!c->sheet)
    return csv_number(c->pack, r->delim, s, pct, v);
  if (col < r->nf && r->quoted[col])
    return csv_number(c->pack, ';', s, pct, v);
  CsvConfig dialect = c->pack->csv;
  c->pack->csv.decimal = '.', c->pack->csv.thousands = 0;
  const char *why = csv_number(c->pack, ',', s, pct, v);
  c->pack->csv = dialect;
  return why;
}

/* The columns the reader reads (PROGRESS_COLUMNS of them). */
static const char *const progress_names[PROGRESS_COLUMNS + 1] = {
    "objective", "measure", "action", "date", "value", "note", "evidence", "status", "percent", "review",
    "decision", "measured_by", "verified_by", NULL};

/* Whether a header names a column the reader reads. */
bool progress_column(const char *name)
{
  for (int i = 0; i < PROGRESS_COLUMNS; i++)
    if (csv_name_is(name, progress_names[i]))
      return true;
  return false;
}

/* The header row: which kind of progress file, and where its columns are. */
static bool read_header(void *ctx, const CsvRow *h)
{
  ProgCtx *c = ctx;
  Pack *pack = c->pack;
  char **f = h->f;
  int nf = h->nf, line = h->line;
  c->header_nf = nf;
  // A column read twice: which one the author keeps up to date is anyone's guess.
  const char *twice;
  int j = csv_col_twice(f, nf, progress_names, &twice);
  if (j > 0) {
    diag_add(pack, field_pos(c, h, j), RULE_E_CSV, NULL, CSV_TWICE, twice);
    return false;
  }
  c->c_obj = csv_col(f, nf, "objective");
  c->c_date = csv_col(f, nf, "date");
  c->c_note = csv_col(f, nf, "note");
  c->c_evidence = csv_col(f, nf, "evidence");
  c->c_measured_by = csv_col(f, nf, "measured_by");
  c->c_verified_by = csv_col(f, nf, "verified_by");
  int measure = csv_col(f, nf, "measure"), action = csv_col(f, nf, "action");
  Pos pos = row_pos(c, line);
  if (csv_col(f, nf, "review") >= 0 && csv_col(f, nf, "decision") >= 0 && c->c_obj < 0) {
    c->is_decision = true;  // decision updates (SPEC section 18): review, decision, date, status
    c->c_obj = csv_col(f, nf, "review");
    c->c_item = csv_col(f, nf, "decision");
    c->c_status = csv_col(f, nf, "status");
    if (c->c_date < 0 || c->c_status < 0) {
      diag_add(pack, pos, RULE_E_CSV, NULL, "missing column '%s' in a decision-updates file",
               c->c_date < 0 ? "date" : "status");
      return false;
    }
    return true;
  }
  if (measure >= 0 || (action < 0 && csv_col(f, nf, "value") >= 0)) {
    c->is_measure = true;
    c->c_item = measure;
    c->c_value = csv_col(f, nf, "value");
  } else if (action >= 0) {
    c->c_item = action;
    c->c_status = csv_col(f, nf, "status");
    c->c_percent = csv_col(f, nf, "percent");
  } else {
    diag_add(pack, pos, RULE_E_CSV, NULL,
             "cannot tell the kind of progress file: the header names neither 'measure' nor 'action'");
    return false;
  }
  static const char *const meas_req[] = {"objective", "measure", "date", "value", NULL};
  static const char *const act_req[] = {"objective", "action", "date", "status", NULL};
  bool ok = true;
  for (const char *const *r = c->is_measure ? meas_req : act_req; *r; r++) {
    if (csv_col(f, nf, *r) < 0) {
      diag_add(pack, pos, RULE_E_CSV, NULL, "missing column '%s' in %s file%s", *r,
               c->is_measure ? "a measurements" : "an action-updates",
               nf && strncmp(f[0], "\xEF\xBB\xBF", 3) == 0
                   ? " (the header begins with an invisible U+FEFF, a second byte-order mark: save the file "
                     "again as UTF-8)"
                   : "");
      ok = false;
    }
  }
  return ok;
}

static int find_measure(const Objective *o, const char *id)
{
  for (int i = 0; i < o->n_measures; i++)
    if (o->measures[i].id.s && strcmp(o->measures[i].id.s, id) == 0)
      return i;
  return -1;
}

static int find_action(const Objective *o, const char *id)
{
  for (int i = 0; i < o->n_actions; i++)
    if (o->actions[i].id.s && strcmp(o->actions[i].id.s, id) == 0)
      return i;
  return -1;
}

static const char *keep(Pack *pack, const char *s)
{
  return *s ? arena_strdup(&pack->arena, s) : NULL;
}

/* A required field the row is too short to have: P-VALUE at the row.  In a
 * workbook's sheet it is an empty cell, which the field's own check reports. */
static bool missing(ProgCtx *c, const CsvRow *r, int col, const char *name, const Objective *o)
{
  if (col < r->nf || c->sheet)
    return false;
  diag_add(c->pack, (Pos){c->file->path, r->line, 1}, RULE_P_VALUE, o,
           "row has no '%s' field (%d fields, the header %d); row not used", name, r->nf, c->header_nf);
  return true;
}

/* Whether row r has no field right of the header's last one; else P-VALUE at it. */
static bool row_fits(ProgCtx *c, const CsvRow *r, const Objective *o)
{
  if (!c->sheet)
    return csv_row_fits(c->pack, r, c->header_nf, o);
  for (int i = c->header_nf; i < r->nf; i++) {
    if (*r->f[i]) {
      diag_add(c->pack, field_pos(c, r, i), RULE_P_VALUE, o,
               "the cell is right of the header's last column: clear it, or give its column a header; row not used");
      return false;
    }
  }
  return true;
}

/* A note on a character in id s that is not what it looks like (a no-break
 * or zero-width space, a byte-order mark, a Unicode dash, a Cyrillic letter),
 * which makes it another id than the one it looks like; or "". */
static const char *invisible(Pack *pack, const char *s)
{
  char odd[96];
  return utf8_oddity(s, odd, sizeof odd) ? arena_printf(&pack->arena, " (it holds %s: retype it)", odd) : "";
}

/* A decision update row: review (the meeting's date), decision, date, status. */
static void on_decision_row(ProgCtx *c, const CsvRow *r)
{
  Pack *pack = c->pack;
  char **f = r->f;
  int nf = r->nf;
  if (!row_fits(c, r, NULL) || missing(c, r, c->c_obj, "review", NULL))
    return;
  const char *rs = csv_field(f, nf, c->c_obj), *id = csv_field(f, nf, c->c_item), *ds, *ss, *why;
  Date rd, date;
  if ((why = csv_date(pack, rs, &rd))) {
    diag_add(pack, field_pos(c, r, c->c_obj), RULE_P_VALUE, NULL, "invalid review date '%s': %s", rs,
             cell_why(c, r, c->c_obj, why, true));
    return;
  }
  int m = meeting_find(pack, rd);
  if (m < 0) {
    diag_add(pack, field_pos(c, r, c->c_obj), RULE_P_REF, NULL,
             "decision update for unknown review meeting '%s' (no meeting file read under reviews/ has this date; "
             "a file refused with an error is not read)", rs);
    return;
  }
  if (missing(c, r, c->c_item, "decision", NULL))
    return;
  int d = decision_find(pack->meetings[m], id);
  if (d < 0) {
    diag_add(pack, field_pos(c, r, c->c_item), RULE_P_REF, NULL, "review meeting %s has no decision '%s'%s", rs, id,
             invisible(pack, id));
    return;
  }
  if (missing(c, r, c->c_date, "date", NULL) || missing(c, r, c->c_status, "status", NULL))
    return;
  ds = csv_field(f, nf, c->c_date);
  if ((why = csv_date(pack, ds, &date))) {
    diag_add(pack, field_pos(c, r, c->c_date), RULE_P_VALUE, NULL, "invalid date '%s': %s", ds,
             cell_why(c, r, c->c_date, why, true));
    return;
  }
  if (date < rd) {  // no decision is updated before its meeting made it: a mistyped date
    char md[11];
    date_format(rd, md);
    diag_add(pack, field_pos(c, r, c->c_date), RULE_P_VALUE, NULL,
             "update of decision '%s %s' is dated %s, before the review meeting that made the decision: correct "
             "the date (or the review date); row not used", md, id, ds);
    return;
  }
  ss = csv_field(f, nf, c->c_status);
  DecisionStatus st = enum_lookup(dstatus_names, dstatus_vals, ss);
  if (!st) {
    diag_add(pack, field_pos(c, r, c->c_status), RULE_P_VALUE, NULL,
             "invalid decision status '%s' (expected open, done or cancelled)", ss);
    return;
  }
  if (pack->n_drows == pack->cap_drows) {
    pack->cap_drows = pack->cap_drows ? pack->cap_drows * 2 : 64;
    pack->drows = xrealloc(pack->drows, (size_t)pack->cap_drows * sizeof *pack->drows);
  }
  pack->drows[pack->n_drows++] = (DecRow){row_pos(c, r->line), m, d, date, st, keep(pack, csv_field(f, nf, c->c_note))};
}

/* The objective a row names (the last row's when the same): NULL, reported,
 * when the row cannot be used. */
static Objective *row_objective(ProgCtx *c, const CsvRow *r)
{
  Pack *pack = c->pack;
  const char *oid = csv_field(r->f, r->nf, c->c_obj);
  Objective *o = c->last && strcmp(c->last->id.s, oid) == 0 ? c->last : *oid ? map_get(&pack->obj_by_id, oid) : NULL;
  c->last = o ? o : c->last;
  if (!row_fits(c, r, o) || missing(c, r, c->c_obj, "objective", o))
    return NULL;
  if (!o) {
    if (*oid)
      diag_add(pack, field_pos(c, r, c->c_obj), RULE_P_REF, NULL, "progress row for unknown objective '%s'%s", oid,
               !c->sheet && strpbrk(oid, ";\t,") ? ": is the row delimited otherwise than the header?"
                                                  : invisible(pack, oid));
    else
      diag_add(pack, field_pos(c, r, c->c_obj), RULE_P_REF, NULL, "progress row names no objective");
  }
  return o;
}

/* The index in o of the measure or action a row names: -1, reported, when none. */
static int row_item(ProgCtx *c, const CsvRow *r, Objective *o)
{
  const char *item = csv_field(r->f, r->nf, c->c_item), *kind = c->is_measure ? "measure" : "action";
  if (missing(c, r, c->c_item, kind, o))
    return -1;
  int idx = c->is_measure ? find_measure(o, item) : find_action(o, item);
  if (idx < 0) {
    if (*item)
      diag_add(c->pack, field_pos(c, r, c->c_item), RULE_P_REF, o, "objective '%s' has no %s '%s'%s", o->id.s, kind,
               item, invisible(c->pack, item));
    else
      diag_add(c->pack, field_pos(c, r, c->c_item), RULE_P_REF, o, "progress row for objective '%s' names no %s", o->id.s,
               kind);
  }
  return idx;
}

/* The date of a row: false, reported, when it has none or an invalid one. */
static bool row_date(ProgCtx *c, const CsvRow *r, Objective *o, Date *date)
{
  if (missing(c, r, c->c_date, "date", o))
    return false;
  const char *ds = csv_field(r->f, r->nf, c->c_date), *why = csv_date(c->pack, ds, date);
  if (why)
    diag_add(c->pack, field_pos(c, r, c->c_date), RULE_P_VALUE, o, "invalid date '%s': %s", ds,
             cell_why(c, r, c->c_date, why, true));
  return !why;
}

/* Whether f, the field after a whole number, looks like the rest of a
 * decimal split at its comma: digits, then nothing, %, the unit, or a unit of
 * time ("2", "9 h", "5%", "5 hours"); not a note such as "3 open", "6 of 6"
 * or "1.pdf". */
static bool split_rest(const char *f, const char *unit)
{
  static const char *const units[] = {"h", "hr", "hrs", "hour", "hours", "min", "mins", "minute", "minutes",
                                       "s", "sec", "secs", "ms", "d", "day", "days", "wk", "week", "weeks",
                                       "month", "months", "y", "yr", "yrs", "year", "years", "pct", NULL};
  size_t d = strspn(f, "0123456789");
  if (d == 0)
    return false;
  const char *w = f + d;
  w += strspn(w, " ");
  if (!*w || (unit && strcasecmp(w, unit) == 0) || unit_is_percent(w))
    return true;
  for (const char *const *u = units; *u; u++)
    if (strcasecmp(w, *u) == 0)
      return true;
  return false;
}

/* "11,2" or "8,9 h" unquoted in a ','-delimited file splits into 11 and a
 * next field "2" (or "9 h"): as many fields as the header, so only this
 * shape shows it.  True, reported, when the whole number in column col (a
 * value in unit, or a percent: what) is followed by an unquoted field that
 * looks like the rest of it (split_rest). */
static bool split_decimal_comma(ProgCtx *c, const CsvRow *r, Objective *o, int col, const char *what,
                                const char *unit)
{
  char **f = r->f;
  const char *vs = csv_field(f, r->nf, col);
  int nx = col + 1;
  if (col >= 0 && r->delim == ',' && !c->sheet && nx < r->nf && !r->quoted[col] && !r->quoted[nx] &&
      split_rest(f[nx], unit) && vs[vs[0] == '-'] && strspn(vs + (vs[0] == '-'), "0123456789") == strlen(vs + (vs[0] == '-'))) {
    diag_add(c->pack, field_pos(c, r, nx), RULE_P_VALUE, o,
             "%s '%s' is followed by a field '%s': an unquoted decimal comma (\"%s,%s\")? Quote the %s, "
             "or the field after it if it is not one; row not used", what, vs, f[nx], vs, f[nx], what);
    return true;
  }
  return false;
}

/* A measurement row of measure idx of o: its value read and the row kept. */
static void on_measure_row(ProgCtx *c, const CsvRow *r, Objective *o, int idx, Date date)
{
  Pack *pack = c->pack;
  char **f = r->f;
  int nf = r->nf;
  const Measure *m = &o->measures[idx];
  if (missing(c, r, c->c_value, "value", o) || split_decimal_comma(c, r, o, c->c_value, "value", m->unit.s))
    return;
  const char *vs = csv_field(f, nf, c->c_value), *item = csv_field(f, nf, c->c_item), *why;
  double v;
  if ((why = row_number(c, r, c->c_value, vs, unit_is_percent(m->unit.s), &v))) {
    diag_add(pack, field_pos(c, r, c->c_value), RULE_P_VALUE, o, "invalid value '%s' for measure '%s'%s%s%s: %s", vs, item,
             m->unit.s ? " (unit '" : "", m->unit.s ? m->unit.s : "", m->unit.s ? "')" : "",
             cell_why(c, r, c->c_value, why, false));
    return;
  }
  if (v > 100 && unit_is_percent(m->unit.s)) {  // a share cannot pass 100 (nor can its forecast)
    diag_add(pack, field_pos(c, r, c->c_value), RULE_P_VALUE, o,
             "invalid value '%s' for measure '%s' (unit '%s'): above 100, which a share cannot be; correct the "
             "value, or, if the measure can pass 100, give it a unit that says of what ('%% of budget')", vs, item,
             m->unit.s);
    return;
  }
  if (pack->n_mrows == pack->cap_mrows) {
    pack->cap_mrows = pack->cap_mrows ? pack->cap_mrows * 2 : 1024;
    pack->mrows = xrealloc(pack->mrows, (size_t)pack->cap_mrows * sizeof *pack->mrows);
  }
  pack->mrows[pack->n_mrows++] = (MeasRow){row_pos(c, r->line), o->index, idx, date, v,
                                           keep(pack, csv_field(f, nf, c->c_note)),
                                           keep(pack, csv_field(f, nf, c->c_evidence)),
                                           .evidence_pos = field_pos(c, r, c->c_evidence), .evidence_file = -1,
                                           .measured_by = keep(pack, csv_field(f, nf, c->c_measured_by)),
                                           .verified_by = keep(pack, csv_field(f, nf, c->c_verified_by))};
}

/* An action-update row of action idx of o: its status and percent read and the row kept. */
static void on_action_row(ProgCtx *c, const CsvRow *r, Objective *o, int idx, Date date)
{
  Pack *pack = c->pack;
  char **f = r->f;
  int nf = r->nf;
  if (missing(c, r, c->c_status, "status", o))
    return;
  const char *ss = csv_field(f, nf, c->c_status), *ps = csv_field(f, nf, c->c_percent), *why;
  ActionStatus st = vocab_lookup(pack, VF_ACTION_STATUS, ss);
  if (!st) {
    diag_add(pack, field_pos(c, r, c->c_status), RULE_P_VALUE, o,
             "invalid action status '%s' (expected planned, in-progress, done, blocked or cancelled, or a word "
             "vocabulary: in pack.yml maps)", ss);
    return;
  }
  double pct = 0;
  bool has_pct = *ps != '\0';
  if (has_pct && split_decimal_comma(c, r, o, c->c_percent, "percent", "%"))
    return;
  if (has_pct && ((why = row_number(c, r, c->c_percent, ps, true, &pct)) || pct < 0 || pct > 100)) {
    diag_add(pack, field_pos(c, r, c->c_percent), RULE_P_VALUE, o, "invalid percent '%s': %s", ps,
             why ? cell_why(c, r, c->c_percent, why, false) : "a number from 0 to 100");
    return;
  }
  if (pack->n_arows == pack->cap_arows) {
    pack->cap_arows = pack->cap_arows ? pack->cap_arows * 2 : 1024;
    pack->arows = xrealloc(pack->arows, (size_t)pack->cap_arows * sizeof *pack->arows);
  }
  pack->arows[pack->n_arows++] = (ActRow){row_pos(c, r->line), o->index, idx, date, st, pct, has_pct,
                                          keep(pack, csv_field(f, nf, c->c_note)),
                                          keep(pack, csv_field(f, nf, c->c_evidence)),
                                          .evidence_pos = field_pos(c, r, c->c_evidence), .evidence_file = -1};
}

/* One row of a progress file after its header: a decision update, a measurement or an action update. */
static void on_row(void *ctx, const CsvRow *r)
{
  ProgCtx *c = ctx;
  if (c->is_decision) {
    on_decision_row(c, r);
    return;
  }
  Objective *o = row_objective(c, r);
  int idx = o ? row_item(c, r, o) : -1;
  Date date;
  if (idx < 0 || !row_date(c, r, o, &date))
    return;
  if (c->is_measure)
    on_measure_row(c, r, o, idx, date);
  else
    on_action_row(c, r, o, idx, date);
}

/* progress_read and progress_read_sheet. */
static void read_progress(Pack *pack, const SrcFile *f, bool sheet,
                          XlsxKind (*kind_of)(const void *ctx, int line, int field), const void *kind_ctx)
{
  long n_m = pack->n_mrows, n_a = pack->n_arows, n_d = pack->n_drows;
  ProgCtx c = {.pack = pack, .file = f, .sheet = sheet, .kind_of = kind_of, .kind_ctx = kind_ctx};
  const char *empty = sheet ? "the sheet has no header row: it is empty" : NULL;
  if (!csv_read_table(pack, f, read_header, on_row, &c, empty)) {
    pack->progress_unused++;
    pack->n_mrows = n_m;
    pack->n_arows = n_a;
    pack->n_drows = n_d;
  }
}

void progress_read(Pack *pack, const SrcFile *f)
{
  read_progress(pack, f, false, NULL, NULL);
}

void progress_read_sheet(Pack *pack, const SrcFile *f, XlsxKind (*kind_of)(const void *ctx, int line, int field),
                         const void *ctx)
{
  read_progress(pack, f, true, kind_of, ctx);
}
