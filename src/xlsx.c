/*
 * xlsx.c - the tracking workbook, <doc-id>-tracking.xlsx (SPEC section 10).
 *
 * One pass over the model and its Eval writes the sheets in their order:
 * Summary, Objectives, Measures, Measurements, Actions, Decisions, Traceability,
 * Findings and Document control, then Charts (a line chart per measure)
 * with the hidden ChartData sheet its charts draw from.  The workbook is
 * written in libxlsxwriter's constant_memory mode, so each sheet is written
 * strictly top to bottom, row by row; what applies to a range (autofilter,
 * conditional formats, the status list, charts) is added once a table is
 * complete.  A table longer than Excel's 1,048,576 rows goes on in a
 * continuation sheet ("Measurements (2)") with the same header.
 *
 * Invariants: text from the inputs is only ever written with
 * worksheet_write_string, never as a formula, so "=HYPERLINK(...)" stays
 * text; it is cut at Excel's 32,767-character cell limit on a UTF-8
 * character boundary (the rules stage reports W-TRUNC).  Dates are Excel
 * dates, numbers numbers, progress a fraction with a percent format.  Every
 * figure comes from the Eval; nothing here recomputes SPEC section 7.  The
 * clock is never read: document dates come from BuildInfo.created, so two
 * builds of one pack are byte-identical.
 */
#include "objreg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

/* libxlsxwriter 1.1.6 made lxw_data_validation.value_list a const char **
 * (Debian 12 ships 1.1.4, Debian 13 1.2.1). */
#if defined(LXW_VERSION_ID) && LXW_VERSION_ID >= 116
typedef const char *ListItem;
#else
typedef char *ListItem;
#endif

#define CELL_MAX 32767       // characters in an Excel cell
#define PROP_MAX 255         // characters in a custom document property
#define SHEET_BUFFER (256 * 1024)  // stdio buffer of a sheet's temporary file
#define MAX_CHARTS 1000      // measure charts; the rest are in Measurements
#define CHART_ROWS 16        // rows of the Charts sheet per chart
#define BAR_MAX 60           // objectives in the Summary progress chart
#define SHEET_ROWS LXW_ROW_MAX  // rows in a worksheet
#define DRAFT_TEXT N_("DRAFT \xE2\x80\x94 NOT A CONTROLLED COPY")

enum { K_TEXT, K_DATE, K_PCT, K_PCT0, K_NUM, K_DEC,
       N_KINDS,  // cell formats made at the start
       K_VAL = 100,   // a value as written: General where Excel shows it whole, else its decimals
       K_PCTX = 200,  // a percent written with any decimals: "0%", "0.0%", ...
       K_DECN = 300 };  // K_DECN + d: a number with d decimals (0-15)
#define MAX_DEC 15   // decimals of the formats made as needed

static const lxw_color_t rag_fill[4] = {0, 0xC6EFCE, 0xFFEB9C, 0xFFC7CE};
static const lxw_color_t rag_font[4] = {0, 0x006100, 0x9C5700, 0x9C0006};
static const lxw_color_t rag_chart[4] = {0, 0x00B050, 0xFFC000, 0xE03030};
#define HL_FILL 0xFFC7CE     // overdue actions, uncovered risks

// The workbook being written: what it is made from, its formats, scratch space.
typedef struct {
  lxw_workbook *wb;
  const Pack *pack;
  const Eval *ev;
  const BuildInfo *bi;
  lxw_error err;                    // the first library error, if any
  lxw_format *cell[2][N_KINDS];     // [highlighted][kind]
  lxw_format *dec[2][MAX_DEC + 1];  // d decimals, made when first needed
  lxw_format *pct[2][MAX_DEC + 1];  // a percent with d decimals, made when first needed
  lxw_format *head, *banner, *title, *bold, *rag[4], *rag_dxf[4], *flag_dxf;
  const char *header, *footer;      // page header and footer of every sheet
  char *clip;                       // a text cut at the cell limit
  Buf tmp;                          // scratch text: joined ids, file:line
  Arena arena;                      // strings that live until the workbook closes
  int (*counts)[2];                 // errors and warnings per objective
} Xlsx;

// A sheet being written: the row and whether that row is highlighted.
typedef struct {
  Xlsx *x;
  lxw_worksheet *ws;
  const char *name;
  lxw_row_t row;
  bool hl;
} Sheet;

// A table column: header text and width (in characters).
typedef struct {
  const char *name;
  double width;
} Col;

// A table: its sheet name, columns, and what applies to its range.
typedef struct {
  const char *sheet;
  const Col *cols;
  int ncols;
  int freeze_cols;   // columns kept in view besides the header row
  int rag_col;       // RAG text coloured by value, or -1
  int status_col;    // the objective status list, or -1
  int flag_cols[2];  // "Yes" flags shown in amber, or -1
  int pack_cols;     // columns from here on are named by the pack (not translated); 0: none
} TableSpec;

// A data table: header row, rows, and continuation sheets past the row limit.
typedef struct {
  Sheet s;
  const TableSpec *spec;
  int part;          // 1, then 2, ... for continuation sheets
  lxw_row_t head;    // the header row
} Table;

//
// Cells
//

/* The language of the workbook's fixed texts (tr). */
static Language lang(const Xlsx *x)
{
  return x->pack->language;
}

/* Keep the first library error. */
static void ok(Xlsx *x, lxw_error e)
{
  if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
    x->err = e;
}

/* s, or its first max characters on a UTF-8 character boundary when longer
 * (then in x->clip, valid until the next call). */
static const char *clip(Xlsx *x, const char *s, long max)
{
  size_t n = strlen(s);
  if (n <= (size_t)max)
    return s;
  size_t i = 0;
  long chars = 0;
  for (; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80 && chars++ == max)
      break;
  if (i == n)
    return s;
  memcpy(x->clip, s, i);
  x->clip[i] = '\0';
  return x->clip;
}

/* The format of a cell of this kind in the current row. */
/* The format of d decimals (a percent when pct), made on its first use. */
static lxw_format *dec_fmt(const Sheet *s, int d, bool pct)
{
  lxw_format **f = pct ? &s->x->pct[s->hl][d] : &s->x->dec[s->hl][d];
  if (!*f) {
    char code[24] = "0";
    if (d)
      snprintf(code + 1, sizeof code - 1, ".%.*s", d, "000000000000000");
    if (pct)
      strcat(code, "%");
    *f = workbook_add_format(s->x->wb);
    format_set_num_format(*f, code);
    if (s->hl)
      format_set_bg_color(*f, HL_FILL);
  }
  return *f;
}

static lxw_format *kind_fmt(const Sheet *s, int kind)
{
  if (kind >= K_DECN)
    return dec_fmt(s, kind - K_DECN, false);
  if (kind < 0 || kind >= N_KINDS)
    BUG("no cell format of this kind");
  return s->x->cell[s->hl][kind];
}

/* The decimals of v as written (up to 15 significant digits), and whether
 * Excel's General format shows it whole: at most 10 significant digits and
 * below 10^11 (it shows 123456789012345 as 1.23457E+14, and 3.14159265358979
 * as 3.141592654). */
static int written_decimals(double v, bool *general)
{
  char t[48];
  num_text(v, t);
  const char *point = strchr(t, '.');
  int d = point ? (int)strlen(point + 1) : 0, sig = 0;
  bool lead = true;
  for (const char *p = t; *p; p++)
    if (*p >= '0' && *p <= '9' && !(lead && *p == '0'))
      sig++, lead = false;
  *general = sig <= 10 && fabs(v) < 1e11 && !strchr(t, 'e');
  return d > MAX_DEC ? MAX_DEC : d;
}

/* An empty cell: nothing, or a blank with the row's highlight. */
static void put_none(Sheet *s, int col)
{
  if (s->hl)
    ok(s->x, worksheet_write_blank(s->ws, s->row, (lxw_col_t)col, kind_fmt(s, K_TEXT)));
}

/* Text, always as a string (never a formula); NULL or empty is an empty cell. */
static void put_text_f(Sheet *s, int col, const char *t, lxw_format *f)
{
  if (!t || !*t) {
    put_none(s, col);
    return;
  }
  ok(s->x, worksheet_write_string(s->ws, s->row, (lxw_col_t)col, clip(s->x, t, CELL_MAX), f));
}

/* Text in the row's format. */
static void put_text(Sheet *s, int col, const char *t)
{
  put_text_f(s, col, t, kind_fmt(s, K_TEXT));
}

/* A number, formatted by kind (a percent for K_PCT, a date for K_DATE). */
static void put_num(Sheet *s, int col, double v, int kind)
{
  lxw_format *f = NULL;
  bool general, chosen = false;  // f is the format (NULL: General, unless highlighted)
  if (kind == K_PCT) {
    // A share short of the whole is never shown as 100.0%, nor one above
    // nothing as 0.0% (SPEC 20): more decimals where one would round there,
    // as many as it takes (0.99999993 is 99.999993%).
    for (int d = 1; !f && v > 0 && v < 1 && d <= MAX_DEC; d++) {
      double k = pow(10, d + 2), r = round(v * k);  // v in percent with d decimals
      bool half = fabs(v * k - floor(v * k) - 0.5) < 1e-6;  // Excel rounds the decimal text: 99.95 up
      if ((r > 0 && r < k && !(half && r + 1 >= k)) || d == MAX_DEC)
        f = d == 1 ? kind_fmt(s, K_PCT) : dec_fmt(s, d, true), chosen = true;
    }
  } else if (kind == K_PCTX) {  // a percentage as written: all its decimals
    int d = written_decimals(v * 100, &general);
    f = dec_fmt(s, d, true), chosen = true;
  } else if (kind == K_VAL) {
    int d = written_decimals(v, &general);
    f = general ? kind_fmt(s, K_NUM) : dec_fmt(s, d, false), chosen = true;
  }
  if (!chosen)
    f = kind_fmt(s, kind);
  ok(s->x, worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v, f));
}

/* A date as an Excel date; before 1900 (which Excel cannot hold) as YYYY-MM-DD text. */
static void put_date(Sheet *s, int col, Date d)
{
  if (d == DATE_NONE) {
    put_none(s, col);
  } else if (d < -25567) {
    char t[11];
    date_format(d, t);
    put_text(s, col, t);
  } else {
    lxw_datetime dt = {0};
    date_civil(d, &dt.year, &dt.month, &dt.day);
    ok(s->x, worksheet_write_datetime(s->ws, s->row, (lxw_col_t)col, &dt, kind_fmt(s, K_DATE)));
  }
}

/* A RAG as the workbook writes it: green, amber, red (lower case, in the pack's language). */
static const char *rag_word(const Xlsx *x, Rag r)
{
  static const char *const words[] = {"", NC_("RAG value", "green"), NC_("RAG value", "amber"),
                                      NC_("RAG value", "red")};
  return r > RAG_NONE && r <= RAG_RED ? trc(lang(x), "RAG value", words[r]) : "";
}

/* A flag as Yes or No: filters well and reads well. */
static void put_yes(Sheet *s, int col, bool yes)
{
  put_text(s, col, yes ? tr(lang(s->x), "Yes") : tr(lang(s->x), "No"));
}

/* A RAG, left empty for what gets none (draft, closed, withdrawn objectives). */
static void put_rag(Sheet *s, int col, bool rated, Rag r)
{
  put_text(s, col, rated && r != RAG_NONE ? rag_word(s->x, r) : NULL);
}

/* A list of ids joined with ", ". */
static void put_ids(Sheet *s, int col, const StrList *l)
{
  Buf *b = &s->x->tmp;
  buf_reset(b);
  for (int i = 0; i < l->n; i++) {
    if (!l->v[i].s)
      continue;
    if (b->len)
      buf_add(b, ", ", 2);
    buf_puts(b, l->v[i].s);
  }
  buf_putc(b, '\0');
  put_text(s, col, b->s);
}

//
// Sheets and tables
//

/* Text in a page header, cut at max characters; "&" starts a code there, so it is doubled. */
static void header_text(Xlsx *x, Buf *b, const char *s, long max)
{
  for (const char *p = clip(x, s, max); *p; p++) {
    if (*p == '&')
      buf_putc(b, '&');
    buf_putc(b, *p);
  }
}

/* The page header and footer every sheet prints with. */
static void page_texts(Xlsx *x)
{
  const Pack *p = x->pack;
  Buf b;
  buf_init(&b);
  buf_puts(&b, "&L");
  header_text(x, &b, pack_doc_id(p).s, 64);
  if (p->doc_version.s) {
    buf_puts(&b, tr(lang(x), " version "));
    header_text(x, &b, p->doc_version.s, 20);
  }
  buf_puts(&b, "&C");
  if (x->bi->draft)
    buf_printf(&b, "&\"-,Bold\"%s", tr(lang(x), DRAFT_TEXT));
  else if (p->doc_classification.s)
    header_text(x, &b, p->doc_classification.s, 60);
  buf_puts(&b, "&R&A");
  x->header = arena_strndup(&x->arena, b.s, b.len);
  buf_reset(&b);
  buf_puts(&b, "&L");
  header_text(x, &b, x->bi->issue ? x->bi->issue : "", 100);  // which build the printed page is of
  buf_puts(&b, tr(lang(x), "&CPage &P of &N&RUncontrolled when printed"));
  x->footer = arena_strndup(&x->arena, b.s, b.len);
  buf_release(&b);
}

/* A new sheet with print setup and, for a draft, the banner row; s->row is its first free row. */
static void sheet_new(Xlsx *x, Sheet *s, const char *name, int width)
{
  *s = (Sheet){x, workbook_add_worksheet(x->wb, name), name, 0, false};
  if (!s->ws)
    die("cannot add the sheet '%s' to the workbook: out of memory", name);
  // constant_memory keeps the sheet's rows in a temporary file, written
  // through stdio's default 4 KB buffer: a write(2) every 4 KB, 42,000 at
  // the bench's m pack.  A larger buffer, set before the first row as
  // setvbuf requires (glibc ignores the size without a buffer of ours, which
  // lives in x->arena until after workbook_close); a file in memory (fileno
  // -1) is left as it is.
  if (s->ws->optimize_tmpfile && fileno(s->ws->optimize_tmpfile) >= 0)
    setvbuf(s->ws->optimize_tmpfile, arena_alloc(&x->arena, SHEET_BUFFER), _IOFBF, SHEET_BUFFER);
  worksheet_set_landscape(s->ws);
  worksheet_set_paper(s->ws, 9);  // A4
  worksheet_fit_to_pages(s->ws, 1, 0);
  ok(x, worksheet_set_header(s->ws, x->header));
  ok(x, worksheet_set_footer(s->ws, x->footer));
  if (!x->bi->draft) {  // a controlled copy: protected without a password, lifting it is a deliberate act
    lxw_protection pr = {.autofilter = 1, .sort = 1, .format_columns = 1};
    worksheet_protect(s->ws, NULL, &pr);
    return;
  }
  ok(x, worksheet_set_row(s->ws, 0, 24, NULL));
  if (width > 1)
    ok(x, worksheet_merge_range(s->ws, 0, 0, 0, (lxw_col_t)(width - 1), tr(lang(x), DRAFT_TEXT), x->banner));
  else
    ok(x, worksheet_write_string(s->ws, 0, 0, tr(lang(x), DRAFT_TEXT), x->banner));
  s->row = 1;
}

/* One part of a table: its sheet, widths, header row, frozen panes. */
static void table_part(Table *t)
{
  Xlsx *x = t->s.x;
  const TableSpec *sp = t->spec;
  const char *sheet = tr(lang(x), sp->sheet);
  const char *name = t->part == 1 ? sheet : arena_printf(&x->arena, "%s (%d)", sheet, t->part);
  sheet_new(x, &t->s, name, sp->ncols < 8 ? 8 : sp->ncols);
  t->head = t->s.row;
  for (int c = 0; c < sp->ncols; c++) {
    ok(x, worksheet_set_column(t->s.ws, (lxw_col_t)c, (lxw_col_t)c, sp->cols[c].width, NULL));
    const char *head = sp->pack_cols && c >= sp->pack_cols ? sp->cols[c].name : tr(lang(x), sp->cols[c].name);
    ok(x, worksheet_write_string(t->s.ws, t->head, (lxw_col_t)c, head, x->head));
  }
  worksheet_freeze_panes(t->s.ws, t->head + 1, (lxw_col_t)sp->freeze_cols);
  ok(x, worksheet_repeat_rows(t->s.ws, 0, t->head));
}

/* Start a table: its first sheet and header row. */
static void table_open(Xlsx *x, Table *t, const TableSpec *spec)
{
  *t = (Table){.s = {.x = x}, .spec = spec, .part = 1};
  table_part(t);
}

/* A text rule over one column: cells equal to value get format f. */
static void equal_rule(Table *t, int col, const char *value, lxw_format *f)
{
  char crit[32];
  snprintf(crit, sizeof crit, "\"%s\"", value);
  lxw_conditional_format cf = {.type = LXW_CONDITIONAL_TYPE_CELL, .criteria = LXW_CONDITIONAL_CRITERIA_EQUAL_TO,
                               .value_string = crit, .format = f};
  ok(t->s.x, worksheet_conditional_format_range(t->s.ws, t->head + 1, (lxw_col_t)col, t->s.row, (lxw_col_t)col, &cf));
}

/* What applies to the table's range: autofilter, RAG colours, flags, the status list. */
static void table_close(Table *t)
{
  Xlsx *x = t->s.x;
  const TableSpec *sp = t->spec;
  ok(x, worksheet_autofilter(t->s.ws, t->head, 0, t->s.row, (lxw_col_t)(sp->ncols - 1)));
  if (t->s.row == t->head)
    return;
  if (sp->rag_col >= 0)
    for (Rag r = RAG_GREEN; r <= RAG_RED; r++)
      equal_rule(t, sp->rag_col, rag_word(x, r), x->rag_dxf[r]);
  for (int i = 0; i < 2; i++)
    if (sp->flag_cols[i] >= 0)
      equal_rule(t, sp->flag_cols[i], tr(lang(x), "Yes"), x->flag_dxf);
  if (sp->status_col >= 0) {
    Language l = lang(x);
    ListItem list[] = {(ListItem)enum_label(l, VF_STATUS, ST_DRAFT), (ListItem)enum_label(l, VF_STATUS, ST_ACTIVE),
                       (ListItem)enum_label(l, VF_STATUS, ST_ACHIEVED), (ListItem)enum_label(l, VF_STATUS, ST_CLOSED),
                       (ListItem)enum_label(l, VF_STATUS, ST_WITHDRAWN), NULL};
    lxw_data_validation dv = {.validate = LXW_VALIDATION_TYPE_LIST, .value_list = list,
                              .error_title = (char *)tr(l, "Objective status"),
                              .error_message = (char *)tr(l, "draft, active, achieved, closed or withdrawn")};
    ok(x, worksheet_data_validation_range(t->s.ws, t->head + 1, (lxw_col_t)sp->status_col, t->s.row,
                                          (lxw_col_t)sp->status_col, &dv));
  }
}

/* Start the next row, in a continuation sheet once this one is full. */
static void table_row(Table *t, bool hl)
{
  if (t->s.row + 1 >= SHEET_ROWS) {
    table_close(t);
    t->part++;
    table_part(t);
  }
  t->s.row++;
  t->s.hl = hl;
}

//
// Summary
//

/* A new chart; libxlsxwriter fails only when out of memory. */
static lxw_chart *new_chart(Xlsx *x, uint8_t type)
{
  lxw_chart *c = workbook_add_chart(x->wb, type);
  if (!c)
    die("cannot add a chart to the workbook: out of memory");
  return c;
}

/* A new series of chart c, named. */
static lxw_chart_series *new_series(lxw_chart *c, const char *name)
{
  lxw_chart_series *se = chart_add_series(c, NULL, NULL);
  if (!se)
    die("cannot add a chart series to the workbook: out of memory");
  chart_series_set_name(se, name);
  return se;
}

/* A label and a number on the next row. */
static void kv_num(Sheet *s, const char *label, double v, int kind)
{
  s->row++;
  put_text(s, 0, label);
  put_num(s, 1, v, kind);
}

/* A label and a text on the next row. */
static void kv_text(Sheet *s, const char *label, const char *v)
{
  s->row++;
  put_text(s, 0, label);
  put_text(s, 1, v);
}

/* A label and a date on the next row. */
static void kv_date(Sheet *s, const char *label, Date d)
{
  s->row++;
  put_text(s, 0, label);
  put_date(s, 1, d);
}

/* A two-column heading row of the Summary, after an empty row. */
static void kv_head(Sheet *s, const char *a, const char *b)
{
  s->row += 2;
  put_text_f(s, 0, a, s->x->head);
  put_text_f(s, 1, b, s->x->head);
}

/* A chart of Summary!B first..last against the labels in column A. */
static lxw_chart *summary_chart(Sheet *s, uint8_t type, const char *title, lxw_row_t first, lxw_row_t last)
{
  lxw_chart *c = new_chart(s->x, type);
  lxw_chart_series *se = new_series(c, tr(lang(s->x), "Objectives"));
  chart_series_set_categories(se, s->name, first, 0, last, 0);
  chart_series_set_values(se, s->name, first, 1, last, 1);
  chart_title_set_name(c, title);
  chart_legend_set_position(c, type == LXW_CHART_PIE ? LXW_CHART_LEGEND_RIGHT : LXW_CHART_LEGEND_NONE);
  if (type == LXW_CHART_PIE) {
    lxw_chart_fill fill[3] = {{.color = rag_chart[1]}, {.color = rag_chart[2]}, {.color = rag_chart[3]}};
    lxw_chart_point p[3] = {{.fill = &fill[0]}, {.fill = &fill[1]}, {.fill = &fill[2]}};
    lxw_chart_point *pts[4] = {&p[0], &p[1], &p[2], NULL};
    ok(s->x, chart_series_set_points(se, pts));
    chart_series_set_labels(se);
  }
  return c;
}

/* Progress of each objective, from the Objectives sheet; only for a short list. */
static void progress_chart(Sheet *s, lxw_row_t at, lxw_row_t obj_head)
{
  int n = s->x->pack->n_objectives;
  if (n == 0 || n > BAR_MAX)
    return;
  lxw_chart *c = new_chart(s->x, LXW_CHART_BAR);
  const char *sheet = tr(lang(s->x), "Objectives");  // obj_spec's sheet
  lxw_chart_series *se = new_series(c, tr(lang(s->x), "Progress"));
  chart_series_set_categories(se, sheet, obj_head + 1, 0, obj_head + (lxw_row_t)n, 0);
  chart_series_set_values(se, sheet, obj_head + 1, 7, obj_head + (lxw_row_t)n, 7);
  chart_title_set_name(c, tr(lang(s->x), "Progress per objective"));
  chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
  // In a bar chart libxlsxwriter's y axis is the (vertical) category axis.
  chart_axis_set_reverse(c->y_axis);  // the first objective on top
  chart_axis_set_min(c->x_axis, 0);
  chart_axis_set_max(c->x_axis, 1);
  chart_axis_set_num_format(c->x_axis, "0%");
  chart_show_blanks_as(c, LXW_CHART_BLANKS_AS_GAP);
  lxw_chart_options o = {.y_scale = n > 12 ? n / 12.0 : 1, .x_scale = 1.2};
  ok(s->x, worksheet_insert_chart_opt(s->ws, at, 11, c, &o));
}

/* The document the workbook belongs to, at the top of the Summary. */
static void summary_head(Sheet *s)
{
  const Pack *p = s->x->pack;
  Language l = lang(s->x);
  put_text_f(s, 0, p->doc_title.s ? p->doc_title.s : tr(l, "Information security objectives"), s->x->title);
  kv_text(s, tr(l, "Organisation"), p->organisation);
  kv_text(s, tr(l, "Document"), pack_doc_id(p).s);
  kv_text(s, tr(l, "Version"), p->doc_version.s);
  kv_text(s, tr(l, "Classification"), p->doc_classification.s);
  kv_date(s, tr(l, "As of"), s->x->ev->as_of);
}

/* Objectives by status then by RAG; the rows of each block, for the charts. */
static void summary_counts(Sheet *s, lxw_row_t st[2], lxw_row_t rag[2])
{
  static const ObjStatus order[] = {ST_DRAFT, ST_ACTIVE, ST_ACHIEVED, ST_CLOSED, ST_WITHDRAWN};
  const Eval *ev = s->x->ev;
  Language l = lang(s->x);
  kv_head(s, tr(l, "Objectives by status"), tr(l, "Objectives"));
  st[0] = s->row + 1;
  for (int i = 0; i < 5; i++)
    kv_num(s, enum_label(l, VF_STATUS, order[i]), ev->by_status[order[i]], K_NUM);
  st[1] = s->row;
  kv_num(s, tr(l, "all"), s->x->pack->n_objectives, K_NUM);
  kv_head(s, tr(l, "RAG of active and achieved objectives"), tr(l, "Objectives"));
  put_text_f(s, 2, tr(l, "Share"), s->x->head);
  rag[0] = s->row + 1;
  for (Rag r = RAG_GREEN; r <= RAG_RED; r++) {
    s->row++;
    put_text_f(s, 0, rag_word(s->x, r), s->x->rag[r]);
    put_num(s, 1, ev->by_rag[r], K_NUM);
    put_num(s, 2, ev->rag_share[r] / 100.0, K_PCT0);  // by largest remainder: the three add up to 100%
  }
  rag[1] = s->row;
}

/* Progress, overdue actions, stale measures, forecast misses, uncovered risks, findings. */
static void summary_figures(Sheet *s)
{
  Xlsx *x = s->x;
  const Pack *p = x->pack;
  const Eval *ev = x->ev;
  Language l = lang(x);
  const char *progress = tr(l, "Overall progress (mean of the objectives' progress)");
  kv_head(s, tr(l, "Progress and follow-up (active and achieved objectives)"), tr(l, "Value"));
  if (ev->has_progress)
    kv_num(s, progress, ev->progress, K_PCT);
  else
    kv_text(s, progress, NULL);
  kv_num(s, tr(l, "Overdue actions"), ev->overdue_actions, K_NUM);
  kv_num(s, tr(l, "Measures without data"), ev->nodata_measures, K_NUM);
  kv_num(s, tr(l, "Stale measures"), ev->stale_measures, K_NUM);
  kv_num(s, tr(l, "Forecast misses"), ev->forecast_misses, K_NUM);
  const char *lvl = enum_label(l, VF_RISK_LEVEL, p->risk_coverage.v);
  kv_num(s, arena_printf(&x->arena, tr(l, "Open risks at or above '%s' (treatment modify) without an objective"), lvl),
         x->ev->uncovered_risks, K_NUM);
  kv_head(s, tr(l, "Check findings by severity"), tr(l, "Check findings"));
  kv_num(s, sev_label(l, SEV_ERROR), p->diags.n_error, K_NUM);
  kv_num(s, sev_label(l, SEV_WARNING), p->diags.n_warning, K_NUM);
  s->row += 2;
  put_text(s, 0, tr(l, "RAG, progress and the follow-up figures count active and achieved objectives only; "
                       "draft, closed and withdrawn objectives are listed without them."));
}

/* The Summary: figures on the left, charts on the right. */
static void write_summary(Xlsx *x, lxw_row_t obj_head)
{
  Sheet s;
  sheet_new(x, &s, tr(lang(x), "Summary"), 10);
  ok(x, worksheet_set_column(s.ws, 0, 0, 58, NULL));
  ok(x, worksheet_set_column(s.ws, 1, 1, 16, NULL));
  ok(x, worksheet_set_column(s.ws, 2, 2, 9, NULL));
  lxw_row_t top = s.row, st[2], rag[2];
  summary_head(&s);
  summary_counts(&s, st, rag);
  summary_figures(&s);
  lxw_chart_options o = {.x_scale = 1, .y_scale = 1};
  ok(x, worksheet_insert_chart_opt(s.ws, top, 3, summary_chart(&s, LXW_CHART_PIE, tr(lang(x), "RAG"), rag[0], rag[1]), &o));
  ok(x, worksheet_insert_chart_opt(s.ws, top + 16, 3,
                                   summary_chart(&s, LXW_CHART_COLUMN, tr(lang(x), "Objectives by status"), st[0], st[1]), &o));
  progress_chart(&s, top, obj_head);
}

//
// Objectives, Measures, Measurements, Actions
//

static const Col obj_cols[] = {
  {N_("ID"), 12}, {N_("Title"), 60}, {N_("Level"), 13}, {N_("Function"), 22}, {N_("Owner"), 26}, {N_("Status"), 11},
  {N_("RAG"), 8}, {N_("Progress"), 10}, {N_("Due"), 11}, {N_("Last review"), 12}, {N_("Next review"), 12}, {N_("Policy"), 16},
  {N_("Risks"), 18}, {N_("Requirements"), 28}, {N_("Errors"), 8}, {N_("Warnings"), 10}, {N_("Overdue actions"), 10},
  {N_("Stale measures"), 10}, {N_("File"), 36}, {N_("Achieved"), 10},
};
static const TableSpec obj_spec = {N_("Objectives"), obj_cols, 20, 1, 6, 5, {-1, -1}, 0};

/* One row per objective; returns the header row (for the Summary's progress chart). */
static lxw_row_t write_objectives(Xlsx *x)
{
  const Pack *p = x->pack;
  Table t;
  table_open(x, &t, &obj_spec);
  lxw_row_t head = t.head;
  for (int i = 0; i < p->n_objectives; i++) {
    const Objective *o = p->objectives[i];
    const ObjEval *oe = &x->ev->obj[i];
    Sheet *s = &t.s;
    table_row(&t, false);
    put_text(s, 0, o->id.s);
    put_text(s, 1, o->title.s);
    put_text(s, 2, o->level.v ? enum_label(lang(s->x), VF_LEVEL, o->level.v) : NULL);
    put_text(s, 3, o->function.s);
    put_text(s, 4, o->owner.s);
    put_text(s, 5, enum_label(lang(s->x), VF_STATUS, o->status.v));
    put_rag(s, 6, oe->rated, oe->rag);
    if (oe->rated && oe->has_progress)
      put_num(s, 7, oe->progress, K_PCT);
    put_date(s, 8, dv(o->due));
    put_date(s, 9, dv(o->review.last));
    put_date(s, 10, dv(o->review.next));
    put_ids(s, 11, &o->policy);
    put_ids(s, 12, &o->risks);
    put_ids(s, 13, &o->requirements);
    put_num(s, 14, x->counts[i][0], K_NUM);
    put_num(s, 15, x->counts[i][1], K_NUM);
    put_num(s, 16, oe->n_overdue_actions, K_NUM);
    put_num(s, 17, oe->n_stale, K_NUM);
    put_text(s, 18, o->file);
    if (oe->rated)  // achieved: by its status, or every measure by its own rule (Progress 100% may still not be)
      put_yes(s, 19, oe->achieved);
  }
  table_close(&t);
  return head;
}

static const Col meas_cols[] = {
  {N_("Objective"), 12}, {N_("Measure"), 9}, {N_("Name"), 50}, {N_("Unit"), 12}, {N_("Direction"), 10}, {N_("Baseline"), 10},
  {N_("Baseline date"), 12}, {N_("Target"), 9}, {N_("Due"), 11}, {N_("Frequency"), 11}, {N_("Source"), 30}, {N_("Latest"), 9},
  {N_("Latest date"), 12}, {N_("Progress"), 10}, {N_("Planned at latest date"), 12}, {N_("Plan value at latest date"), 12},
  {N_("Planned at as of"), 12}, {N_("Plan value at as of"), 12}, {N_("Status"), 11}, {N_("Achieved when"), 24}, {N_("RAG"), 8},
  {N_("Stale"), 7}, {N_("Forecast at due"), 11}, {N_("Forecast clamped"), 10}, {N_("Forecast miss"), 10}, {N_("Rows"), 7},
};
static const TableSpec meas_spec = {N_("Measures"), meas_cols, 26, 2, 20, -1, {21, 24}, 0};

/* One measure: its definition, then where it stands (Eval). */
static void measure_row(Table *t, const Objective *o, const Measure *m, const MeasureEval *me, bool rated)
{
  Sheet *s = &t->s;
  char rule[128];
  table_row(t, false);
  put_text(s, 0, o->id.s);
  put_text(s, 1, m->id.s);
  put_text(s, 2, m->name.s);
  put_text(s, 3, unit_label(lang(s->x), m->unit.s));
  put_text(s, 4, enum_label(lang(s->x), VF_DIRECTION, m->direction.v));
  if (m->baseline.valid)
    put_num(s, 5, m->baseline.v, K_VAL);
  put_date(s, 6, dv(m->baseline_date));
  if (m->target.valid)
    put_num(s, 7, m->target.v, K_VAL);
  put_date(s, 8, m->due_eff);
  put_text(s, 9, enum_label(lang(s->x), VF_FREQUENCY, m->frequency.v));
  put_text(s, 10, m->source.s);
  if (me->has_latest) {
    put_num(s, 11, me->latest, K_VAL);
    put_date(s, 12, me->latest_date);
  }
  put_num(s, 13, me->progress, K_PCT);
  if (me->has_planned)
    put_num(s, 14, me->planned, K_PCT);
  if (me->has_plan_value)
    put_num(s, 15, me->plan_value, K_VAL);
  if (me->has_planned_now)
    put_num(s, 16, me->planned_now, K_PCT);
  if (me->has_plan_value_now)
    put_num(s, 17, me->plan_value_now, K_VAL);
  put_text(s, 18, mstatus_label(lang(s->x), me->status));
  put_text(s, 19, achieve_rule_label(lang(s->x), &m->achieved_when, rule));  // the rule beside the status
  put_rag(s, 20, rated, me->rag);
  put_yes(s, 21, me->stale);
  if (me->has_forecast) {
    // Two decimals, or more where two would show it on the other side of the target.
    int dec = m->target.valid ? value_decimals(me->forecast, m->target.v, m->direction.v, 2) : 2;
    put_num(s, 22, me->forecast, K_DECN + dec);
    put_yes(s, 23, me->forecast_clamped);
    put_yes(s, 24, me->forecast_miss);
  }
  put_num(s, 25, me->n_rows, K_NUM);
}

/* One row per measure, objectives in pack order. */
static void write_measures(Xlsx *x)
{
  Table t;
  table_open(x, &t, &meas_spec);
  for (int i = 0; i < x->pack->n_objectives; i++) {
    const Objective *o = x->pack->objectives[i];
    const ObjEval *oe = &x->ev->obj[i];
    for (int j = 0; j < o->n_measures; j++)
      measure_row(&t, o, &o->measures[j], &oe->m[j], oe->rated);
  }
  table_close(&t);
}

/* "file:line" of a source row. */
static const char *pos_str(Xlsx *x, Pos pos)
{
  buf_reset(&x->tmp);
  buf_printf(&x->tmp, "%s:%d", pos.file, pos.line);
  return x->tmp.s;
}

static const Col row_cols[] = {
  {N_("Objective"), 12}, {N_("Measure"), 9}, {N_("Date"), 11}, {N_("Value"), 10}, {N_("Measured by"), 22},
  {N_("Verified by"), 22}, {N_("Note"), 40}, {N_("Evidence"), 40}, {N_("Evidence SHA-256"), 30}, {N_("Source"), 40},
};
static const TableSpec row_spec = {N_("Measurements"), row_cols, 10, 0, -1, -1, {-1, -1}, 0};

/* A row's evidence (SPEC 19): a URL as a link, a file as its path in the
 * repository with its SHA-256 in the next column, a reference as text. */
static void put_evidence(Sheet *s, int col, const char *ev, int file)
{
  const Pack *p = s->x->pack;
  if (file >= 0) {
    char hex[65];
    for (int i = 0; i < 32; i++)
      snprintf(hex + 2 * i, 3, "%02x", p->inputs[file].sha256[i]);
    put_text(s, col, p->inputs[file].path);
    put_text(s, col + 1, hex);
    return;
  }
  put_none(s, col + 1);
  if (evidence_kind(ev) == EVK_URL && strlen(ev) < 2000 && !strpbrk(ev, " \t\"<>") &&
      worksheet_write_url(s->ws, s->row, (lxw_col_t)col, ev, NULL) == LXW_NO_ERROR)
    return;
  put_text(s, col, ev);
}

/* Every used row, by objective, measure and date. */
static void write_measurements(Xlsx *x)
{
  Table t;
  table_open(x, &t, &row_spec);
  for (int i = 0; i < x->pack->n_objectives; i++) {
    const Objective *o = x->pack->objectives[i];
    for (int j = 0; j < o->n_measures; j++) {
      const MeasureEval *me = &x->ev->obj[i].m[j];
      for (int k = 0; k < me->n_rows; k++) {
        const MeasRow *r = me->rows[k];
        table_row(&t, false);
        put_text(&t.s, 0, o->id.s);
        put_text(&t.s, 1, o->measures[j].id.s);
        put_date(&t.s, 2, r->date);
        put_num(&t.s, 3, r->value, K_VAL);
        put_text(&t.s, 4, r->measured_by);
        put_text(&t.s, 5, r->verified_by);
        put_text(&t.s, 6, r->note);
        put_evidence(&t.s, 7, r->evidence, r->evidence_file);
        put_text(&t.s, 9, pos_str(x, r->pos));
      }
    }
  }
  table_close(&t);
}

static const Col act_cols[] = {
  {N_("Objective"), 12}, {N_("Action"), 8}, {N_("Description"), 55}, {N_("Owner"), 26}, {N_("Due"), 11}, {N_("Resources"), 30},
  {N_("Status"), 12}, {N_("Percent"), 9}, {N_("Updated"), 11}, {N_("Note"), 40}, {N_("Evidence"), 30},
  {N_("Evidence SHA-256"), 30}, {N_("Overdue"), 9},
};
static const TableSpec act_spec = {N_("Actions"), act_cols, 13, 2, -1, -1, {-1, -1}, 0};

/* The plans: one row per action with its latest update; overdue rows highlighted. */
static void write_actions(Xlsx *x)
{
  Table t;
  table_open(x, &t, &act_spec);
  for (int i = 0; i < x->pack->n_objectives; i++) {
    const Objective *o = x->pack->objectives[i];
    for (int j = 0; j < o->n_actions; j++) {
      const Action *a = &o->actions[j];
      const ActionEval *ae = &x->ev->obj[i].a[j];
      const ActRow *u = ae->latest;
      Sheet *s = &t.s;
      table_row(&t, ae->overdue);
      put_text(s, 0, o->id.s);
      put_text(s, 1, a->id.s);
      put_text(s, 2, a->action.s);
      put_text(s, 3, a->owner_eff);
      put_date(s, 4, dv(a->due));
      put_text(s, 5, a->resources.s);
      put_text(s, 6, u ? enum_label(lang(s->x), VF_ACTION_STATUS, u->status) : NULL);
      if (u && u->has_percent)
        put_num(s, 7, u->percent / 100, K_PCTX);
      else
        put_none(s, 7);
      put_date(s, 8, u ? u->date : DATE_NONE);
      put_text(s, 9, u ? u->note : NULL);
      put_evidence(s, 10, u ? u->evidence : NULL, u ? u->evidence_file : -1);
      put_yes(s, 12, ae->overdue);
    }
  }
  table_close(&t);
}

// The Decisions sheet's fixed texts, in one place (SPEC section 18).
static const Col dec_cols[] = {
  {N_("Meeting"), 11}, {N_("Decision"), 9}, {N_("Description"), 55}, {N_("Objectives"), 20}, {N_("Owner"), 26},
  {N_("Due"), 11}, {N_("Status"), 11}, {N_("Overdue"), 9}, {N_("Days overdue"), 12}, {N_("Updated"), 11},
  {N_("Note"), 40}, {N_("Source"), 36},
};
static const TableSpec dec_spec = {N_("Decisions"), dec_cols, 12, 2, -1, -1, {7, -1}, 0};
static const char *const dec_states[] = {NC_("decision state", "open"), NC_("decision state", "done"),
                                         NC_("decision state", "overdue"), NC_("decision state", "cancelled")};  // by DecisionState

/* Every management review decision: status as of as_of, overdue ones highlighted. */
static void write_decisions(Xlsx *x)
{
  Table t;
  table_open(x, &t, &dec_spec);
  for (int i = 0; i < x->pack->n_meetings; i++) {
    const Meeting *mt = x->pack->meetings[i];
    for (int j = 0; j < mt->n_decisions; j++) {
      const Decision *d = &mt->decisions[j];
      const DecisionEval *de = &x->ev->meet[i].d[j];
      Sheet *s = &t.s;
      table_row(&t, de->overdue);
      put_date(s, 0, mt->date.v);
      put_text(s, 1, d->id.s);
      put_text(s, 2, d->decision.s);
      put_ids(s, 3, &d->objectives);
      put_text(s, 4, d->owner.s);
      put_date(s, 5, dv(d->due));
      put_text(s, 6, trc(lang(x), "decision state", dec_states[de->state]));
      put_yes(s, 7, de->overdue);
      if (de->overdue)
        put_num(s, 8, de->days_overdue, K_NUM);
      else
        put_none(s, 8);
      put_date(s, 9, de->latest ? de->latest->date : DATE_NONE);
      put_text(s, 10, de->latest ? de->latest->note : NULL);
      put_text(s, 11, arena_printf(&x->arena, "%s:%d", mt->file, d->pos.line));
    }
  }
  table_close(&t);
}

//
// Traceability
//

enum { TR_OBJ, TR_OSTATUS, TR_KIND, TR_ID, TR_TITLE, TR_LEVEL, TR_TREAT, TR_OWNER, TR_RSTATUS, TR_SOURCE, TR_TYPE, TR_FIXED };

static const Col trace_fixed[TR_FIXED] = {
  {N_("Objective"), 12}, {N_("Objective status"), 11}, {N_("Kind"), 16}, {N_("ID"), 16}, {N_("Title"), 60}, {N_("Risk level"), 10},
  {N_("Treatment"), 10}, {N_("Risk owner"), 24}, {N_("Risk status"), 9}, {N_("Source"), 30}, {N_("Type"), 12},
};

// The Traceability columns: fixed ones, then the registers' extra columns by name.
typedef struct {
  TableSpec spec;
  int *risk_col, *req_col;  // sheet column of each extra column
  int score_col;            // the risk score's, when a risk has one (else -1)
} Trace;

/* Column of an extra column named name, added when no column has that name yet. */
static int extra_col(Col *cols, int *n, const char *name)
{
  for (int c = TR_FIXED; c < *n; c++)
    if (str_ieq(cols[c].name, name))
      return c;
  cols[*n] = (Col){name, 16};
  return (*n)++;
}

/* The columns of the Traceability sheet for this pack's registers. */
static void trace_spec(Xlsx *x, Trace *tc)
{
  const ExtraCols *re = &x->pack->risk_extra, *qe = &x->pack->req_extra;
  Col *cols = arena_alloc(&x->arena, (size_t)(TR_FIXED + 1 + re->n + qe->n) * sizeof *cols);
  memcpy(cols, trace_fixed, sizeof trace_fixed);
  int n = TR_FIXED;
  tc->risk_col = arena_alloc(&x->arena, (size_t)(re->n + 1) * sizeof(int));
  tc->req_col = arena_alloc(&x->arena, (size_t)(qe->n + 1) * sizeof(int));
  tc->score_col = x->pack->has_risk_scores ? extra_col(cols, &n, tr(lang(x), "Risk score")) : -1;
  for (int i = 0; i < re->n && n < LXW_COL_MAX; i++)
    tc->risk_col[i] = extra_col(cols, &n, re->names[i] ? re->names[i] : "");
  for (int i = 0; i < qe->n && n < LXW_COL_MAX; i++)
    tc->req_col[i] = extra_col(cols, &n, qe->names[i] ? qe->names[i] : "");
  // The registers' own column names (and the translated risk score) are written as they are.
  tc->spec = (TableSpec){N_("Traceability"), cols, n, 1, -1, -1, {-1, -1}, TR_FIXED};
}

/* The register columns of a risk. */
static void risk_cells(Sheet *s, const Trace *tc, const Pack *p, const Risk *r)
{
  put_text(s, TR_TITLE, r->title);
  put_text(s, TR_LEVEL, enum_label(lang(s->x), VF_RISK_LEVEL, r->level));
  put_text(s, TR_TREAT, enum_label(lang(s->x), VF_TREATMENT, r->treatment));
  put_text(s, TR_OWNER, r->owner);
  put_text(s, TR_RSTATUS, enum_label(lang(s->x), VF_REG_STATUS, r->open ? REG_OPEN : REG_CLOSED));
  if (tc->score_col >= 0 && r->has_score)
    put_num(s, tc->score_col, r->score, K_DEC);
  for (int k = 0; k < p->risk_extra.n; k++)
    put_text(s, tc->risk_col[k], r->extra ? r->extra[k] : NULL);
}

/* The register columns of a requirement. */
static void req_cells(Sheet *s, const Trace *tc, const Pack *p, const Requirement *q)
{
  put_text(s, TR_TITLE, q->title);
  put_text(s, TR_SOURCE, q->source);
  put_text(s, TR_TYPE, req_type_label(lang(s->x), q->type));
  for (int k = 0; k < p->req_extra.n; k++)
    put_text(s, tc->req_col[k], q->extra ? q->extra[k] : NULL);
}

typedef enum { LINK_POLICY, LINK_RISK, LINK_REQ } LinkKind;

/* One row per reference of one kind in an objective, with what the id resolves to. */
static void trace_links(Table *t, const Trace *tc, const Objective *o, const StrList *l, LinkKind kind)
{
  static const char *const kinds[] = {N_("policy"), N_("risk"), N_("requirement")};
  const Pack *p = t->s.x->pack;
  for (int j = 0; j < l->n; j++) {
    const char *id = l->v[j].s;
    if (!id)
      continue;
    Sheet *s = &t->s;
    table_row(t, false);
    put_text(s, TR_OBJ, o->id.s);
    put_text(s, TR_OSTATUS, enum_label(lang(s->x), VF_STATUS, o->status.v));
    put_text(s, TR_KIND, tr(lang(s->x), kinds[kind]));
    put_text(s, TR_ID, id);
    const PolicyStatement *ps = kind == LINK_POLICY ? map_get(&p->policy_by_id, id) : NULL;
    const Risk *r = kind == LINK_RISK ? map_get(&p->risk_by_id, id) : NULL;
    const Requirement *q = kind == LINK_REQ ? map_get(&p->req_by_id, id) : NULL;
    if (ps)
      put_text(s, TR_TITLE, ps->title);
    else if (r)
      risk_cells(s, tc, p, r);
    else if (q)
      req_cells(s, tc, p, q);
    else
      put_text(s, TR_TITLE, tr(lang(s->x), "(unknown)"));
  }
}

/* Which risks need an objective (SPEC 6.2c-coverage) and have none. */
/* Every link of every objective, then the uncovered risks, highlighted. */
static void write_trace(Xlsx *x)
{
  const Pack *p = x->pack;
  Trace tc;
  trace_spec(x, &tc);
  Table t;
  table_open(x, &t, &tc.spec);
  for (int i = 0; i < p->n_objectives; i++) {
    const Objective *o = p->objectives[i];
    trace_links(&t, &tc, o, &o->policy, LINK_POLICY);
    trace_links(&t, &tc, o, &o->risks, LINK_RISK);
    trace_links(&t, &tc, o, &o->requirements, LINK_REQ);
  }
  for (int i = 0; i < p->n_risks; i++) {
    if (!x->ev->risk_uncovered[i])
      continue;
    table_row(&t, true);
    for (int c = 0; c < tc.spec.ncols; c++)
      put_none(&t.s, c);  // highlight the whole row; the cells written below replace blanks
    put_text(&t.s, TR_KIND, tr(lang(x), "risk (uncovered)"));
    put_text(&t.s, TR_ID, p->risks[i].id);
    risk_cells(&t.s, &tc, p, &p->risks[i]);
  }
  table_close(&t);
}

//
// Findings, Document control
//

static const Col find_cols[] = {
  {N_("File"), 36}, {N_("Line"), 7}, {N_("Column"), 8}, {N_("Severity"), 9}, {N_("Rule"), 13}, {N_("Objective"), 12}, {N_("Message"), 90},
  {N_("Rule checks"), 60},
};
static const TableSpec find_spec = {N_("Check findings"), find_cols, 8, 0, -1, -1, {-1, -1}, 0};

/* Every finding, in the order of the findings files. */
static void write_findings(Xlsx *x)
{
  const DiagList *dl = &x->pack->diags;
  Table t;
  table_open(x, &t, &find_spec);
  for (int i = 0; i < dl->len; i++) {
    const Diag *d = &dl->v[i];
    table_row(&t, false);
    put_text(&t.s, 0, d->pos.file);
    put_num(&t.s, 1, d->pos.line, K_NUM);
    put_num(&t.s, 2, d->pos.col, K_NUM);
    put_text(&t.s, 3, sev_label(lang(x), d->sev));
    put_text(&t.s, 4, rules[d->rule].id);
    put_text(&t.s, 5, d->objective);
    put_text(&t.s, 6, d->msg);
    put_text(&t.s, 7, tr(lang(x), rules[d->rule].summary));
  }
  table_close(&t);
}

// Changes (--since): the change record, one row per change.
static const Col change_cols[] = {
  {N_("Objective"), 12}, {N_("Measure/action"), 15}, {N_("Field"), 14}, {N_("Before"), 40}, {N_("After"), 40}, {N_("Re-targeted"), 11},
  {N_("Commit"), 10}, {N_("Author"), 22}, {N_("Date"), 12},
};
static const TableSpec change_spec = {N_("Changes"), change_cols, 9, 1, -1, -1, {5, -1}, 0};

/* The change record of --since, as change.c made it; no sheet without --since. */
static void write_changes(Xlsx *x)
{
  const ChangeRecord *cr = x->bi->changes;
  if (!cr)
    return;
  Table t;
  Buf field;
  buf_init(&field);
  table_open(x, &t, &change_spec);
  for (int i = 0; i < cr->n; i++) {
    const Change *c = &cr->v[i];
    table_row(&t, false);
    put_text(&t.s, 0, c->objective);
    put_text(&t.s, 1, c->item);
    if (c->sub) {  // what an objective rests on: "risk level"
      buf_reset(&field);
      buf_printf(&field, "%s %s", change_field_label(lang(x), c->field), change_sub_label(lang(x), c->sub));
    }
    put_text(&t.s, 2, c->sub ? field.s : change_field_label(lang(x), c->field));
    char vb[128], va[128];
    put_text(&t.s, 3, change_value_label(lang(x), c->field, c->sub, c->before, vb));
    put_text(&t.s, 4, c->sub && !c->after ? tr(lang(x), "reworded") : change_value_label(lang(x), c->field, c->sub, c->after, va));
    put_yes(&t.s, 5, c->retargeted);
    if (c->commit) {
      put_text(&t.s, 6, c->commit->id);
      put_text(&t.s, 7, c->commit->author);
      put_date(&t.s, 8, c->commit->date);
    } else if (c->ref_side) {
      put_text(&t.s, 6, tr(lang(x), "not in HEAD's history"));
    }
  }
  if (!cr->defs) {
    table_row(&t, false);
    put_text(&t.s, 2, tr(lang(x), "definitions"));
    put_text(&t.s, 3, tr(lang(x), "not available: the earlier evaluation.csv holds none (objreg 1.0)"));
  }
  buf_release(&field);
  table_close(&t);
}

/* A revision's date: an Excel date when it is one, else the text as given. */
static void put_date_str(Sheet *s, int col, const char *t)
{
  Date d;
  if (t && date_parse(t, &d))
    put_date(s, col, d);
  else
    put_text(s, col, t);
}

/* The document's fields and how this copy was made. */
static void control_fields(Sheet *s)
{
  Language l = lang(s->x);
  const Pack *p = s->x->pack;
  const BuildInfo *bi = s->x->bi;
  kv_text(s, tr(l, "Document ID"), pack_doc_id(p).s);
  kv_text(s, tr(l, "Title"), p->doc_title.s);
  kv_text(s, tr(l, "Version"), p->doc_version.s);
  kv_text(s, tr(l, "Classification"), p->doc_classification.s);
  kv_text(s, tr(l, "Organisation"), p->organisation);
  kv_text(s, tr(l, "Owner"), p->doc_owner.s);
  kv_text(s, tr(l, "Approved by"), p->doc_approved_by.s);
  kv_date(s, tr(l, "Approved on"), dv(p->doc_approved_on));
  kv_text(s, tr(l, "Policy"), p->policy_id.s);
  kv_text(s, tr(l, "Policy version"), p->policy_version.s);
  kv_text(s, tr(l, "Policy approved by"), p->policy_approved_by.s);
  kv_date(s, tr(l, "Policy approved on"), dv(p->policy_approved_on));
  kv_date(s, tr(l, "As of"), bi->as_of);
  kv_text(s, tr(l, "Risk coverage threshold"), enum_label(l, VF_RISK_LEVEL, p->risk_coverage.v));
  kv_num(s, tr(l, "Stale grace (days)"), p->stale_grace_days, K_NUM);
  kv_num(s, tr(l, "At-risk tolerance"), p->at_risk_tolerance, K_PCT);
  kv_text(s, tr(l, "Tool"), "objreg " OBJREG_VERSION);
  kv_text(s, tr(l, "Rule set"), OBJREG_RULESET);
  Buf dist;
  buf_init(&dist);
  for (int i = 0; i < p->doc_distribution.n; i++)
    buf_printf(&dist, "%s%s", i ? "; " : "", p->doc_distribution.v[i].s);
  kv_text(s, tr(l, "Distribution"), p->doc_distribution.n ? dist.s : NULL);
  buf_release(&dist);
  kv_text(s, tr(l, "Controlled master"), p->doc_master.s);
  kv_text(s, tr(l, "Retention"), p->doc_retention.s);
  kv_text(s, tr(l, "Source revision"), bi->revision);
  kv_text(s, tr(l, "Issue"), bi->issue);
  char when[24];
  kv_text(s, tr(l, "Generated"), time_utc(bi->created, when));
  kv_text(s, tr(l, "Copy"),
          bi->draft ? tr(l, "DRAFT \xE2\x80\x94 NOT A CONTROLLED COPY (sheets not protected)")
                    : tr(l, "Controlled copy: every sheet is protected without a password (filters and sorting "
                            "still work); unprotecting a sheet is a deliberate act that makes this copy "
                            "uncontrolled"));
}

/* Document control: the fields, then the revision history of pack.yml. */
static void write_control(Xlsx *x)
{
  const Pack *p = x->pack;
  static const double widths[] = {26, 14, 26, 80};
  static const char *const hist[] = {N_("Version"), N_("Date"), N_("Author"), N_("Change")};
  Sheet s;
  sheet_new(x, &s, tr(lang(x), "Document control"), 8);
  for (int c = 0; c < 4; c++)
    ok(x, worksheet_set_column(s.ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL));
  put_text_f(&s, 0, tr(lang(x), "Document control"), x->title);
  s.row++;
  control_fields(&s);
  s.row += 2;
  put_text_f(&s, 0, tr(lang(x), "Revision history"), x->bold);
  s.row++;
  for (int c = 0; c < 4; c++)
    put_text_f(&s, c, tr(lang(x), hist[c]), x->head);
  for (int i = 0; i < p->n_history; i++) {
    const Revision *r = &p->history[i];
    s.row++;
    put_text(&s, 0, r->version.s);
    put_date_str(&s, 1, r->date.s);
    put_text(&s, 2, r->author.s);
    put_text(&s, 3, r->change.s);
  }
}

//
// Charts: a line chart per measure, drawn from the hidden ChartData sheet
//

// ChartData: a block of rows per charted measure, named on its first row.
#define CHART_DATA N_("ChartData")  // the hidden sheet the charts read
static const Col cdata_cols[] = {{N_("Measure"), 18}, {N_("Date"), 11}, {N_("Value"), 10}, {N_("Target"), 10}};
enum { CD_MEASURE, CD_DATE, CD_VALUE, CD_TARGET, CD_COLS };

/* One measure's line chart: its used values and, when it has one, the target. */
static lxw_chart *measure_chart(Xlsx *x, const Objective *o, const Measure *m, lxw_row_t first, lxw_row_t last)
{
  lxw_chart *c = new_chart(x, LXW_CHART_LINE);
  const char *data = tr(lang(x), CHART_DATA);
  lxw_chart_series *v = new_series(c, tr(lang(x), "Value"));
  chart_series_set_categories(v, data, first, CD_DATE, last, CD_DATE);
  chart_series_set_values(v, data, first, CD_VALUE, last, CD_VALUE);
  chart_series_set_marker_type(v, LXW_CHART_MARKER_CIRCLE);
  if (m->target.valid) {
    lxw_chart_series *tg = new_series(c, tr(lang(x), "Target"));
    chart_series_set_categories(tg, data, first, CD_DATE, last, CD_DATE);
    chart_series_set_values(tg, data, first, CD_TARGET, last, CD_TARGET);
    chart_series_set_marker_type(tg, LXW_CHART_MARKER_NONE);
    lxw_chart_line line = {.color = 0xC00000, .width = 1.5, .dash_type = LXW_CHART_LINE_DASH_DASH};
    chart_series_set_line(tg, &line);
  }
  // The title is plain text: it never starts with '=', which would make it a reference.
  const char *name = m->name.s ? arena_strdup(&x->arena, clip(x, m->name.s, 200)) : NULL;
  const char *unit = m->unit.s ? arena_strdup(&x->arena, clip(x, unit_label(lang(x), m->unit.s), 40)) : NULL;
  const char *title = arena_printf(&x->arena, "%s %s%s%s%s%s%s", o->id.s ? o->id.s : "?", m->id.s ? m->id.s : "?",
                                   name ? trc(lang(x), "before what follows", ": ") : "", name ? name : "", unit ? " (" : "", unit ? unit : "",
                                   unit ? ")" : "");
  chart_title_set_name(c, title[0] == '=' ? arena_printf(&x->arena, tr(lang(x), "Measure %s"), title) : title);
  lxw_chart_font font = {.size = 10, .bold = 1};
  chart_title_set_name_font(c, &font);
  chart_axis_set_num_format(c->x_axis, "yyyy-mm-dd");
  chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
  return c;
}

/* Whether a measure gets a chart, given the ChartData rows taken so far. */
static bool chartable(const MeasureEval *me, lxw_row_t used, int charted)
{
  return me->n_rows > 0 && charted < MAX_CHARTS && used + (lxw_row_t)me->n_rows < SHEET_ROWS;
}

/* How many measures have data, and how many of them get a chart. */
static void chart_plan(Xlsx *x, lxw_row_t used, int *with_data, int *charted)
{
  *with_data = *charted = 0;
  for (int i = 0; i < x->pack->n_objectives; i++)
    for (int j = 0; j < x->pack->objectives[i]->n_measures; j++) {
      const MeasureEval *me = &x->ev->obj[i].m[j];
      *with_data += me->n_rows > 0;
      if (chartable(me, used, *charted))
        used += (lxw_row_t)me->n_rows, ++*charted;
    }
}

/* A measure's rows in ChartData, below the rows already there. */
static void chart_rows(Sheet *cd, const Objective *o, const Measure *m, const MeasureEval *me)
{
  for (int k = 0; k < me->n_rows; k++) {
    cd->row++;
    if (k == 0)
      put_text(cd, CD_MEASURE, arena_printf(&cd->x->arena, "%s %s", o->id.s ? o->id.s : "?", m->id.s ? m->id.s : "?"));
    put_date(cd, CD_DATE, me->rows[k]->date);
    put_num(cd, CD_VALUE, me->rows[k]->value, K_NUM);
    if (m->target.valid)
      put_num(cd, CD_TARGET, m->target.v, K_NUM);
  }
}

/* The Charts sheet: a block of rows per chart, the ids in column A, the chart beside them. */
static void write_charts(Xlsx *x)
{
  const Pack *p = x->pack;
  Sheet ch, cd;
  sheet_new(x, &ch, tr(lang(x), "Charts"), 10);
  sheet_new(x, &cd, tr(lang(x), CHART_DATA), CD_COLS);
  worksheet_hide(cd.ws);
  ok(x, worksheet_set_column(ch.ws, 0, 0, 16, NULL));
  for (int c = 0; c < CD_COLS; c++) {
    ok(x, worksheet_set_column(cd.ws, (lxw_col_t)c, (lxw_col_t)c, cdata_cols[c].width, NULL));
    put_text_f(&cd, c, tr(lang(x), cdata_cols[c].name), x->head);
  }
  int with_data, planned, charted = 0;
  chart_plan(x, cd.row, &with_data, &planned);
  put_text_f(&ch, 0, tr(lang(x), "Each measure's used values over time against its target (dashed); "
                                 "the values are those of the Measurements sheet."), x->bold);
  if (planned < with_data) {
    ch.row++;
    put_text(&ch, 0, arena_printf(&x->arena, tr(lang(x), "Charts for %d of the %d measures with data, in objective order."),
                                  planned, with_data));
  }
  lxw_row_t at = ch.row + 2;
  for (int i = 0; i < p->n_objectives; i++) {
    const Objective *o = p->objectives[i];
    for (int j = 0; j < o->n_measures; j++) {
      const MeasureEval *me = &x->ev->obj[i].m[j];
      if (!chartable(me, cd.row, charted))
        continue;
      lxw_row_t first = cd.row + 1;
      chart_rows(&cd, o, &o->measures[j], me);
      ch.row = at;
      put_text(&ch, 0, o->id.s);
      ch.row++;
      put_text(&ch, 0, o->measures[j].id.s);
      lxw_chart_options opt = {.x_scale = 1.6, .y_scale = 1};
      ok(x, worksheet_insert_chart_opt(ch.ws, at, 1, measure_chart(x, o, &o->measures[j], first, cd.row), &opt));
      at += CHART_ROWS;
      charted++;
    }
  }
}

//
// The workbook
//

/* Formats: cells by kind, plain and highlighted; header, banner, RAG colours. */
static void make_formats(Xlsx *x)
{
  static const char *const numfmt[N_KINDS] = {NULL, "yyyy-mm-dd", "0.0%", "0%", NULL, "0.00"};
  for (int h = 0; h < 2; h++)
    for (int k = 0; k < N_KINDS; k++) {
      lxw_format *f = NULL;
      if (h || numfmt[k]) {
        f = workbook_add_format(x->wb);
        if (numfmt[k])
          format_set_num_format(f, numfmt[k]);
        if (h)
          format_set_bg_color(f, HL_FILL);
      }
      x->cell[h][k] = f;
    }
  x->head = workbook_add_format(x->wb);
  format_set_bold(x->head);
  format_set_font_color(x->head, LXW_COLOR_WHITE);
  format_set_bg_color(x->head, 0x1F3864);
  format_set_text_wrap(x->head);
  format_set_align(x->head, LXW_ALIGN_VERTICAL_TOP);
  x->banner = workbook_add_format(x->wb);
  format_set_bold(x->banner);
  format_set_font_size(x->banner, 14);
  format_set_font_color(x->banner, 0xC00000);
  format_set_bg_color(x->banner, 0xFFF2CC);
  format_set_align(x->banner, LXW_ALIGN_CENTER);
  x->title = workbook_add_format(x->wb);
  format_set_bold(x->title);
  format_set_font_size(x->title, 14);
  x->bold = workbook_add_format(x->wb);
  format_set_bold(x->bold);
  for (Rag r = RAG_GREEN; r <= RAG_RED; r++) {
    x->rag[r] = workbook_add_format(x->wb);
    format_set_bg_color(x->rag[r], rag_fill[r]);
    format_set_font_color(x->rag[r], rag_font[r]);
    x->rag_dxf[r] = workbook_add_format(x->wb);
    format_set_bg_color(x->rag_dxf[r], rag_fill[r]);
    format_set_font_color(x->rag_dxf[r], rag_font[r]);
  }
  x->flag_dxf = workbook_add_format(x->wb);
  format_set_bg_color(x->flag_dxf, rag_fill[RAG_AMBER]);
  format_set_font_color(x->flag_dxf, rag_font[RAG_AMBER]);
}

/* A custom document property, left out when absent. */
static void custom_prop(Xlsx *x, const char *name, const char *value)
{
  if (value && *value)
    ok(x, workbook_set_custom_property_string(x->wb, name, arena_strdup(&x->arena, clip(x, value, PROP_MAX))));
}

/* Document properties; created fixes every date in the file. */
static void set_properties(Xlsx *x)
{
  const Pack *p = x->pack;
  const BuildInfo *bi = x->bi;
  Arena *A = &x->arena;
  char d[11];
  date_format(bi->as_of, d);
  const char *id = pack_doc_id(p).s;
  lxw_doc_properties pr = {
    .title = arena_strdup(A, p->doc_title.s ? p->doc_title.s : tr(lang(x), "Information security objectives")),
    .subject = (char *)tr(lang(x), "Information security objectives: tracking workbook (ISO/IEC 27001:2022 clause 6.2)"),
    .author = p->doc_owner.s ? arena_strdup(A, p->doc_owner.s) : NULL,
    .manager = p->doc_approved_by.s ? arena_strdup(A, p->doc_approved_by.s) : NULL,
    .company = p->organisation ? arena_strdup(A, p->organisation) : NULL,
    .category = p->doc_classification.s ? arena_strdup(A, p->doc_classification.s) : NULL,
    .keywords = arena_printf(A, tr(lang(x), "ISO/IEC 27001, clause 6.2, information security objectives, %s"), id),
    .comments = arena_printf(A, tr(lang(x), "As of %s. objreg %s, rule set %s%s%s.%s"), d, OBJREG_VERSION, OBJREG_RULESET,
                             bi->revision ? tr(lang(x), ", source revision ") : "", bi->revision ? bi->revision : "",
                             bi->draft ? arena_printf(A, " %s.", tr(lang(x), DRAFT_TEXT)) : ""),
    .status = (char *)(bi->draft ? tr(lang(x), "Draft") : tr(lang(x), "Issued")),
    .created = (time_t)bi->created,
  };
  ok(x, workbook_set_properties(x->wb, &pr));
  custom_prop(x, tr(lang(x), "Document ID"), id);
  custom_prop(x, tr(lang(x), "Version"), p->doc_version.s);
  custom_prop(x, tr(lang(x), "Classification"), p->doc_classification.s);
  custom_prop(x, tr(lang(x), "As of"), d);
  custom_prop(x, tr(lang(x), "Source revision"), bi->revision);
  custom_prop(x, tr(lang(x), "Issue"), bi->issue);
}

/* Errors and warnings per objective, from the findings. */
static void count_findings(Xlsx *x)
{
  const Pack *p = x->pack;
  x->counts = xcalloc((size_t)(p->n_objectives + 1), sizeof *x->counts);
  for (int i = 0; i < p->diags.len; i++) {
    const Diag *d = &p->diags.v[i];
    if (d->obj >= 0 && d->sev != SEV_OFF)
      x->counts[d->obj][d->sev == SEV_ERROR ? 0 : 1]++;
  }
}

/* The folder of path, for libxlsxwriter's temporary files (NULL: the current one). */
static char *dir_of(Arena *a, const char *path)
{
  const char *slash = strrchr(path, '/');
  if (!slash)
    return NULL;
  return arena_strndup(a, path, slash == path ? 1 : (size_t)(slash - path));
}

/* The sheets, in their order in the workbook. */
static void write_sheets(Xlsx *x)
{
  // The Summary charts one column of Objectives: its header row is known in advance.
  write_summary(x, x->bi->draft ? 1 : 0);
  write_objectives(x);
  write_measures(x);
  write_measurements(x);
  write_actions(x);
  write_decisions(x);
  write_trace(x);
  write_changes(x);
  write_findings(x);
  write_control(x);
  write_charts(x);
}

/* Whether path can be created: checked first, so that libxlsxwriter, which would
 * print the full path, never has to report it. */
static bool can_create(const char *path)
{
  FILE *f = fopen(path, "wb");
  if (!f)
    return false;
  fclose(f);
  return true;
}

int xlsx_write(const Pack *pack, const Eval *ev, const BuildInfo *bi, const char *path)
{
  const char *name = path_base(path);
  if (!can_create(path)) {
    fprintf(stderr, "objreg: error: cannot write '%s': %s\n", name, lxw_strerror(LXW_ERROR_CREATING_XLSX_FILE));
    return -1;
  }
  Xlsx x = {.pack = pack, .ev = ev, .bi = bi};
  arena_init(&x.arena);
  buf_init(&x.tmp);
  x.clip = xmalloc(4 * CELL_MAX + 1);
  lxw_workbook_options opt = {.constant_memory = 1, .tmpdir = dir_of(&x.arena, path)};
  x.wb = workbook_new_opt(path, &opt);
  lxw_error err = LXW_ERROR_MEMORY_MALLOC_FAILED;
  if (x.wb) {
    page_texts(&x);
    make_formats(&x);
    set_properties(&x);
    count_findings(&x);
    write_sheets(&x);
    err = workbook_close(x.wb);
    if (err == LXW_NO_ERROR)
      err = x.err;
  }
  free(x.counts);
  free(x.clip);
  buf_release(&x.tmp);
  arena_release(&x.arena);
  if (err == LXW_NO_ERROR)
    return 0;
  remove(path);
  fprintf(stderr, "objreg: error: cannot write '%s': %s\n", name, lxw_strerror(err));
  return -1;
}
